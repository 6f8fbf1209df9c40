import Diagnostics
import Foundation

/// Writes the site into a fresh folder beside the output, then swaps it in whole, so a reader or a
/// failed build never sees a half-written site.
enum SiteWriter {
    static func write(_ files: [String: Data], copying assets: String, to output: String) throws(DiagnosticList) {
        let fileManager = FileManager.default
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL
        let parent = outputURL.deletingLastPathComponent()
        let suffix = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        let staging = parent.appendingPathComponent(".\(outputURL.lastPathComponent).new-\(suffix)")
        let retired = parent.appendingPathComponent(".\(outputURL.lastPathComponent).old-\(suffix)")
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            for (name, data) in files.sorted(by: { $0.key < $1.key }) {
                try data.write(to: staging.appendingPathComponent(name))
            }
            if fileManager.fileExists(atPath: assets) {
                try fileManager.copyItem(atPath: assets, toPath: staging.appendingPathComponent("assets").path)
            }
            let hadOutput = fileManager.fileExists(atPath: outputURL.path)
            if hadOutput { try fileManager.moveItem(at: outputURL, to: retired) }
            do {
                try fileManager.moveItem(at: staging, to: outputURL)
            } catch {
                if hadOutput { try? fileManager.moveItem(at: retired, to: outputURL) }
                throw error
            }
            if hadOutput { try? fileManager.removeItem(at: retired) }
        } catch let error as DiagnosticList {
            try? fileManager.removeItem(at: staging)
            throw error
        } catch {
            try? fileManager.removeItem(at: staging)
            throw DiagnosticList([.error(at: nil, "cannot write '\(output)': \(error.localizedDescription)")])
        }
    }
}
