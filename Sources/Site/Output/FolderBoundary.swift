import Diagnostics
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What is published must come from inside the author's folders: a symbolic link in `Content/` or
/// `Templates/` may point elsewhere inside its folder, never out of it (a link to `~/.ssh/id_ed25519` in
/// `Templates/assets/` would otherwise be put on the web).
enum FolderBoundary {
    /// Why `path` (inside `folder`) may not be read, or nil when it resolves inside `folder`.
    static func escape(of path: String, from folder: String) -> Diagnostic.Message? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return nil }
        let root = OutputFolder.canonicalPath(folder, relativeTo: FileManager.default.currentDirectoryPath)
        guard let resolved = realpath(path, nil) else {
            return .danglingLink(path)
        }
        defer { free(resolved) }
        let target = String(cString: resolved)
        if OutputFolder.isInside(target, root) { return nil }
        return .linkLeavesFolder(path, target, folder)
    }
}

extension Diagnostic.Message {
    static func danglingLink(_ path: String) -> Self {
        "'\(path)' is a symbolic link to nothing (its target does not exist)"
    }
    static func linkLeavesFolder(_ path: String, _ target: String, _ folder: String) -> Self {
        "'\(path)' is a symbolic link to '\(target)', outside '\(folder)'; links may only point inside it"
    }
}
