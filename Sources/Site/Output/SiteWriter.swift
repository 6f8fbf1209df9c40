import Diagnostics
import Foundation

/// Puts a build's files into the output folder so that, whatever happens, the output is either the whole
/// old site or the whole new one.
///
/// Every build writes a fresh folder beside the output (`.NAME.new-PID-ID`): new and changed files are
/// written, unchanged ones hard-linked from the current output (no bytes copied). The commit then swaps
/// the two folders in one atomic step (Linux `renameat2(RENAME_EXCHANGE)`, macOS `renamex_np(RENAME_SWAP)`)
/// and removes the old site, now under the fresh folder's name. A build killed at any moment (SIGKILL,
/// a full disk, a power cut before the swap) leaves the output as it was and, at worst, a hidden folder
/// beside it, which the next build of the same output removes.
///
/// Files may be written from several tasks at once (each writes its own name).
struct SiteWriter: Sendable {
    let output: URL
    private let outputPath: String
    /// The fresh folder that becomes the output at the commit.
    private let staging: String

    /// Prepares a build of `output`: removes what interrupted builds left beside it and makes the fresh
    /// folder.
    init(output: String) throws(DiagnosticList) {
        outputPath = output
        self.output = URL(fileURLWithPath: output).standardizedFileURL
        let parent = self.output.deletingLastPathComponent().path
        let name = self.output.lastPathComponent
        Self.removeLeftovers(in: parent, of: name)
        let suffix = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        staging = parent + "/" + Self.stagingPrefix(name) + suffix
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            guard mkdir(staging, 0o755) == 0 else { throw FileOutput.Failure(path: staging, code: errno) }
            try OutputFolder.mark(staging)
        } catch {
            throw Self.failure(output, error)
        }
    }

    /// The start of the name of a build's fresh folder for the output named `name`.
    static func stagingPrefix(_ name: String) -> String { ".\(name).new-" }

    /// Removes the fresh folders of earlier builds of `name` whose process is gone (killed before it
    /// could clean up); those of a build still running are left alone. The names `.NAME.old-*` are those
    /// of earlier versions, which could leave them too.
    static func removeLeftovers(in parent: String, of name: String) {
        let prefixes = [stagingPrefix(name), ".\(name).old-"]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for entry in entries {
            guard let prefix = prefixes.first(where: entry.hasPrefix) else { continue }
            let pid = entry.dropFirst(prefix.count).prefix { $0 != "-" }
            if let pid = pid_t(pid), pid != getpid(), kill(pid, 0) == 0 || errno == EPERM { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
        }
    }

    /// Writes one file of the new site (`name` is relative to the output folder); returns its stamp.
    func write(_ data: Data, named name: String) throws(DiagnosticList) -> FileStamp? {
        let path = staging + "/" + name
        do {
            try FileOutput.write(data, toPath: path)
        } catch {
            throw Self.failure(outputPath, error)
        }
        return FileStamp(path: path)
    }

    /// Keeps the current output's `name` unchanged: a hard link (no bytes copied) or, where links are not
    /// possible, a copy into the fresh folder. Its stamp, or nil when the current file is gone.
    func reuse(_ name: String) -> FileStamp? {
        let current = output.path + "/" + name
        let to = staging + "/" + name
        guard link(current, to) == 0 || (try? FileManager.default.copyItem(atPath: current, toPath: to)) != nil
        else { return nil }
        return FileStamp(path: to)
    }

    /// Copies the templates' asset files (``TemplateAssets``) into `assets/`; a file whose bytes the
    /// current output already has is linked from there instead.
    func copyAssets(_ assets: TemplateAssets) throws(DiagnosticList) {
        guard !assets.files.isEmpty || !assets.folders.isEmpty else { return }
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(atPath: staging + "/assets", withIntermediateDirectories: false)
            for folder in assets.folders {
                try fileManager.createDirectory(
                    atPath: staging + "/assets/" + folder, withIntermediateDirectories: true)
            }
            for (name, source) in assets.files {
                let data: Data
                switch source {
                case .file(let path):
                    // Foundation's reader only when ours fails, for its error message.
                    data = try FileInput.contents(atPath: path) ?? Data(contentsOf: URL(fileURLWithPath: path))
                case .builtIn(let bytes): data = bytes
                }
                let current = output.path + "/assets/" + name
                let to = staging + "/assets/" + name
                if FileInput.contents(atPath: current) == data, link(current, to) == 0 { continue }
                try FileOutput.write(data, toPath: to)
            }
        } catch {
            throw Self.failure(outputPath, error)
        }
    }

    /// Makes the new site the output in one atomic step and removes the old one. On failure the old output
    /// stays as it was and the fresh folder is removed.
    func commit() throws(DiagnosticList) {
        let fileManager = FileManager.default
        let hadOutput = fileManager.fileExists(atPath: output.path)
        do {
            if hadOutput {
                try AtomicRename.exchange(staging, output.path)
                // The old site is now under the fresh folder's name.
                try? fileManager.removeItem(atPath: staging)
            } else {
                guard rename(staging, output.path) == 0 else {
                    throw FileOutput.Failure(path: output.path, code: errno)
                }
            }
        } catch {
            discard()
            throw Self.failure(outputPath, error)
        }
    }

    /// Removes what this build wrote (after a failure); the output stays as it was.
    func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }

    private static func failure(_ output: String, _ error: any Error) -> DiagnosticList {
        let reason = (error as? FileOutput.Failure)?.description ?? error.localizedDescription
        return DiagnosticList([.error(at: nil, .cannotWrite(output, reason))])
    }
}
