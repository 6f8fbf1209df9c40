import Diagnostics
import Foundation

/// Puts a build's files into the output folder so that a failed build changes nothing.
///
/// Two ways, chosen per build:
/// - **Whole folder** (no earlier build of this output is known): every file goes into a fresh folder
///   beside the output, which then replaces the output in one rename; unchanged files are hard-linked from
///   the current output instead of written again.
/// - **In place** (the cache's manifest lists what the last build wrote there): only new and changed files
///   are written, each to a hidden temporary beside its final name, and renamed over it when the whole
///   build has succeeded; files the last build wrote that this one does not are removed. Each file changes
///   at once, and an edit in `literate serve` touches one page instead of linking a thousand.
///
/// Files may be written from several tasks at once (each writes its own name).
struct SiteWriter: Sendable {
    let output: URL
    private let outputPath: String
    /// The fresh folder of a whole-folder build; nil in place.
    private let staging: String?
    private let retired: String
    /// What the last build wrote, in place; removed at commit unless this build writes it again.
    private let previousFiles: Set<String>
    private let suffix: String

    /// Prepares a build of `output`. `previousFiles`: the files the last build wrote there, when known
    /// (the cache's manifest), for an in-place update.
    init(output: String, previousFiles: Set<String>? = nil) throws(DiagnosticList) {
        outputPath = output
        self.output = URL(fileURLWithPath: output).standardizedFileURL
        let parent = self.output.deletingLastPathComponent().path
        let name = self.output.lastPathComponent
        suffix = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        retired = parent + "/.\(name).old-\(suffix)"
        var isFolder: ObjCBool = false
        if let previousFiles, FileManager.default.fileExists(atPath: self.output.path, isDirectory: &isFolder),
            isFolder.boolValue
        {
            staging = nil
            self.previousFiles = previousFiles
            return
        }
        staging = parent + "/.\(name).new-\(suffix)"
        self.previousFiles = []
        do {
            try FileManager.default.createDirectory(atPath: staging!, withIntermediateDirectories: true)
            try OutputFolder.mark(staging!)
        } catch {
            throw Self.failure(output, error)
        }
    }

    var updatesInPlace: Bool { staging == nil }

    /// Where `name` is written until the commit.
    private func pendingPath(_ name: String) -> String {
        if let staging { return staging + "/" + name }
        let slash = name.lastIndex(of: "/").map { name.index(after: $0) } ?? name.startIndex
        return output.path + "/" + name[..<slash] + "." + name[slash...] + ".new-" + suffix
    }

    /// Writes one file of the new site (`name` is relative to the output folder); returns its stamp.
    func write(_ data: Data, named name: String) throws(DiagnosticList) -> FileStamp? {
        let path = pendingPath(name)
        do {
            try FileOutput.write(data, toPath: path)
        } catch {
            throw Self.failure(outputPath, error)
        }
        return FileStamp(path: path)
    }

    /// Keeps the current output's `name` unchanged: in place nothing to do, else a hard link (no bytes
    /// copied) or a copy into the fresh folder. Its stamp, or nil when the current file is gone.
    func reuse(_ name: String) -> FileStamp? {
        let current = output.path + "/" + name
        guard let staging else { return FileStamp(path: current) }
        let to = staging + "/" + name
        guard link(current, to) == 0 || (try? FileManager.default.copyItem(atPath: current, toPath: to)) != nil
        else { return nil }
        return FileStamp(path: to)
    }

    /// Copies the templates' `assets/` folder, when there is one, to `assets/` (in place: the files that
    /// differ, and removes the ones no longer there).
    func copyAssets(from assets: String) throws(DiagnosticList) {
        let fileManager = FileManager.default
        let hasAssets = fileManager.fileExists(atPath: assets)
        do {
            if let staging {
                if hasAssets { try fileManager.copyItem(atPath: assets, toPath: staging + "/assets") }
                return
            }
            let target = output.path + "/assets"
            guard hasAssets else {
                if fileManager.fileExists(atPath: target) { try fileManager.removeItem(atPath: target) }
                return
            }
            let wanted = Set(fileManager.subpaths(atPath: assets) ?? [])
            for stale in Set(fileManager.subpaths(atPath: target) ?? []).subtracting(wanted).sorted().reversed() {
                try fileManager.removeItem(atPath: target + "/" + stale)
            }
            for name in wanted.sorted() {
                var isFolder: ObjCBool = false
                let source = assets + "/" + name
                let destination = target + "/" + name
                guard fileManager.fileExists(atPath: source, isDirectory: &isFolder), !isFolder.boolValue else {
                    try fileManager.createDirectory(atPath: destination, withIntermediateDirectories: true)
                    continue
                }
                let data = try Data(contentsOf: URL(fileURLWithPath: source))
                if fileManager.contents(atPath: destination) == data { continue }
                try fileManager.createDirectory(
                    atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                let temporary = destination + ".new-" + suffix
                try FileOutput.write(data, toPath: temporary)
                guard rename(temporary, destination) == 0 else {
                    throw FileOutput.Failure(path: destination, code: errno)
                }
            }
        } catch {
            throw Self.failure(outputPath, error)
        }
    }

    /// Makes the new site the output: swaps the fresh folder in, or renames the `written` files into place
    /// and removes what the last build wrote that `files` (every file of this build) no longer has. On
    /// failure the old output stays (in place: as far as no file was renamed yet).
    func commit(written: [String], files: Set<String>) throws(DiagnosticList) {
        do {
            if let staging {
                let fileManager = FileManager.default
                let hadOutput = fileManager.fileExists(atPath: output.path)
                if hadOutput { try fileManager.moveItem(atPath: output.path, toPath: retired) }
                do {
                    try fileManager.moveItem(atPath: staging, toPath: output.path)
                } catch {
                    if hadOutput { try? fileManager.moveItem(atPath: retired, toPath: output.path) }
                    throw error
                }
                if hadOutput { try? fileManager.removeItem(atPath: retired) }
                return
            }
            for name in written where rename(pendingPath(name), output.path + "/" + name) != 0 {
                throw FileOutput.Failure(path: output.path + "/" + name, code: errno)
            }
            if !FileManager.default.fileExists(atPath: output.path + "/" + OutputFolder.markerName) {
                try OutputFolder.mark(output.path)
            }
            for stale in previousFiles.subtracting(files) { unlink(output.path + "/" + stale) }
        } catch {
            discard(written: written)
            throw Self.failure(outputPath, error)
        }
    }

    /// Removes what this build wrote (after a failure); the output stays as it was.
    func discard(written: [String]) {
        if let staging {
            try? FileManager.default.removeItem(atPath: staging)
        } else {
            for name in written { unlink(pendingPath(name)) }
        }
    }

    private static func failure(_ output: String, _ error: any Error) -> DiagnosticList {
        let reason = (error as? FileOutput.Failure)?.description ?? error.localizedDescription
        return DiagnosticList([.error(at: nil, "cannot write '\(output)': \(reason)")])
    }
}
