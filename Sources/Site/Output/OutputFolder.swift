import Diagnostics
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The rule that keeps a build from destroying what literate did not write.
///
/// A build replaces its output folder whole, so the output must never be, hold or sit inside the
/// author's sources, the working directory or a git work tree, and an existing non-empty folder is
/// replaced only when it carries the marker that every build leaves (as Sphinx leaves `.buildinfo`).
public enum OutputFolder {
    /// The file every build writes at the top of its output folder.
    public static let markerName = ".literate-site"
    static let markerContents = Data(
        "This folder is written by `literate build`, which may replace it whole. Do not keep files here.\n".utf8)

    /// Why `options.outputDirectory` must not be written, or nil when it may. Paths are compared after
    /// resolving `..` and symbolic links, so `--output ..` or a link to the project is caught too.
    public static func refusal(
        for options: BuildOptions,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> Diagnostic.Message? {
        let given = options.outputDirectory
        let output = canonicalPath(given, relativeTo: workingDirectory)
        let protected = [
            ("the content folder", options.contentDirectory),
            ("the templates folder", options.templatesDirectory),
            ("the working directory", workingDirectory),
        ]
        for (role, path) in protected {
            let folder = canonicalPath(path, relativeTo: workingDirectory)
            if folder == output || isInside(folder, output) {
                return .outputReplaces(given, role, path)
            }
            if role != "the working directory", isInside(output, folder) {
                return .outputInside(given, role, path)
            }
        }
        let fileManager = FileManager.default
        var isFolder: ObjCBool = false
        guard fileManager.fileExists(atPath: output, isDirectory: &isFolder) else { return nil }
        guard isFolder.boolValue else {
            return .outputIsFile(given)
        }
        if fileManager.fileExists(atPath: output + "/.git") {
            return .outputIsGitWorkTree(given)
        }
        let entries = (try? fileManager.contentsOfDirectory(atPath: output)) ?? []
        if !entries.isEmpty, !entries.contains(markerName) {
            return .outputNotOurs(given)
        }
        return nil
    }

    /// Writes the marker into `folder`.
    static func mark(_ folder: String) throws(FileOutput.Failure) {
        try FileOutput.write(markerContents, toPath: folder + "/" + markerName)
    }

    /// Whether `path` lies strictly below `folder` (both canonical).
    static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" ? path != "/" : path.hasPrefix(folder + "/")
    }

    /// `path` made absolute, with `.`, `..` and symbolic links resolved as the kernel would: `realpath`
    /// on the longest part that exists, then the rest (which holds no links) applied by name.
    static func canonicalPath(_ path: String, relativeTo base: String) -> String {
        let absolute = path.hasPrefix("/") ? path : base + "/" + path
        let parts = absolute.split(separator: "/").map(String.init)
        var existing = parts.count
        var head: [String] = []
        while existing >= 0 {
            if let resolved = realpath("/" + parts[..<existing].joined(separator: "/"), nil) {
                head = String(cString: resolved).split(separator: "/").map(String.init)
                free(resolved)
                break
            }
            existing -= 1
        }
        for part in parts[max(existing, 0)...] where part != "." {
            if part == ".." { _ = head.popLast() } else { head.append(part) }
        }
        return "/" + head.joined(separator: "/")
    }
}

extension Diagnostic.Message {
    static func outputReplaces(_ output: String, _ role: String, _ path: String) -> Self {
        "refusing to write the site to '\(output)': it would replace \(role) '\(path)'"
    }
    static func outputInside(_ output: String, _ role: String, _ path: String) -> Self {
        "refusing to write the site to '\(output)': it is inside \(role) '\(path)'"
    }
    static func outputIsFile(_ output: String) -> Self {
        "refusing to write the site to '\(output)': it is an existing file, not a folder"
    }
    static func outputIsGitWorkTree(_ output: String) -> Self {
        "refusing to write the site to '\(output)': it is a git work tree"
    }
    static func outputNotOurs(_ output: String) -> Self {
        Self(
            "refusing to write the site to '\(output)': the folder is not empty and was not written by literate "
                + "(it has no \(OutputFolder.markerName) file); remove it or choose another --output")
    }
}
