import Diagnostics
import Foundation

/// Writes the site into a fresh folder beside the output, then swaps it in whole, so a reader or a
/// failed build never sees a half-written site.
///
/// Files may be written from several tasks at once (each writes its own name); a file unchanged since the
/// last build is hard-linked from the current output instead of written again.
struct SiteWriter: Sendable {
    let output: URL
    let staging: URL
    private let stagingPath: String
    private let retired: URL
    private let outputPath: String

    /// Creates the staging folder beside `output`.
    init(output: String) throws(DiagnosticList) {
        outputPath = output
        self.output = URL(fileURLWithPath: output).standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        let suffix = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        staging = parent.appendingPathComponent(".\(self.output.lastPathComponent).new-\(suffix)")
        stagingPath = staging.path
        retired = parent.appendingPathComponent(".\(self.output.lastPathComponent).old-\(suffix)")
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw Self.failure(output, error)
        }
    }

    /// Writes one file of the new site; `name` is relative to the output folder.
    func write(_ data: Data, named name: String) throws(DiagnosticList) {
        do {
            try FileOutput.write(data, toPath: stagingPath + "/" + name)
        } catch {
            throw Self.failure(outputPath, error)
        }
    }

    /// Puts the current output's `name` into the new site unchanged: a hard link (no bytes copied), or a
    /// copy where links are not possible. False when the current file is gone.
    func reuse(_ name: String) -> Bool {
        let from = output.appendingPathComponent(name).path
        let to = staging.appendingPathComponent(name).path
        if link(from, to) == 0 { return true }
        return (try? FileManager.default.copyItem(atPath: from, toPath: to)) != nil
    }

    /// The stamp of a file written or reused into the new site (kept across the swap, which renames).
    func stamp(of name: String) -> FileStamp? {
        FileStamp(path: staging.appendingPathComponent(name).path)
    }

    /// Copies the templates' `assets/` folder, when there is one, to `assets/`.
    func copyAssets(from assets: String) throws(DiagnosticList) {
        guard FileManager.default.fileExists(atPath: assets) else { return }
        do {
            try FileManager.default.copyItem(atPath: assets, toPath: staging.appendingPathComponent("assets").path)
        } catch {
            throw Self.failure(outputPath, error)
        }
    }

    /// Swaps the new site in for the old one; on failure the old one stays.
    func commit() throws(DiagnosticList) {
        let fileManager = FileManager.default
        do {
            let hadOutput = fileManager.fileExists(atPath: output.path)
            if hadOutput { try fileManager.moveItem(at: output, to: retired) }
            do {
                try fileManager.moveItem(at: staging, to: output)
            } catch {
                if hadOutput { try? fileManager.moveItem(at: retired, to: output) }
                throw error
            }
            if hadOutput { try? fileManager.removeItem(at: retired) }
        } catch {
            discard()
            throw Self.failure(outputPath, error)
        }
    }

    /// Removes the staging folder (after a failure).
    func discard() {
        try? FileManager.default.removeItem(at: staging)
    }

    private static func failure(_ output: String, _ error: any Error) -> DiagnosticList {
        DiagnosticList([.error(at: nil, "cannot write '\(output)': \(error.localizedDescription)")])
    }

    /// Writes `files` and the assets, then swaps them in (the whole-site path, without reuse).
    static func write(_ files: [String: Data], copying assets: String, to output: String) throws(DiagnosticList) {
        let writer = try SiteWriter(output: output)
        do {
            for (name, data) in files.sorted(by: { $0.key < $1.key }) { try writer.write(data, named: name) }
            try writer.copyAssets(from: assets)
            try writer.commit()
        } catch {
            writer.discard()
            throw error
        }
    }
}
