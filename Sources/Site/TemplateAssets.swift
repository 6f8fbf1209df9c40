import Diagnostics
import Foundation

/// The files of `Templates/assets/`, copied to the site's `assets/` by every build. Symbolic links are
/// followed only where they stay inside the templates folder (``FolderBoundary``), so both the site and
/// the build see plain files.
struct TemplateAssets: Sendable {
    /// Path relative to `assets/` → the file to copy.
    var files: [(name: String, source: String)] = []
    /// Folders relative to `assets/`, parents before children.
    var folders: [String] = []

    /// Lists `directory/assets`; no such folder gives no assets.
    static func scan(templates directory: String) throws(DiagnosticList) -> TemplateAssets {
        let root = (directory as NSString).appendingPathComponent("assets")
        var assets = TemplateAssets()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) else { return assets }
        var problems: [Diagnostic] = []
        if let escape = FolderBoundary.escape(of: root, from: directory) {
            throw DiagnosticList([.error(at: nil, escape)])
        }
        guard isFolder.boolValue else {
            throw DiagnosticList([.error(at: nil, "'\(root)' must be a folder")])
        }
        // Breadth first, sorted, with a bound on depth: a link to a parent folder would otherwise loop.
        var pending: [(relative: String, depth: Int)] = [("", 0)]
        while !pending.isEmpty {
            let (relative, depth) = pending.removeFirst()
            let folder = relative.isEmpty ? root : root + "/" + relative
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder).sorted()) ?? []
            for entry in entries {
                let name = relative.isEmpty ? entry : relative + "/" + entry
                let path = root + "/" + name
                if let escape = FolderBoundary.escape(of: path, from: directory) {
                    problems.append(.error(at: nil, escape))
                    continue
                }
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
                if !isFolder.boolValue {
                    assets.files.append((name, path))
                } else if depth >= 32 {
                    problems.append(.error(at: nil, "'\(path)' is more than 32 folders deep (a link loop?)"))
                } else {
                    assets.folders.append(name)
                    pending.append((name, depth + 1))
                }
            }
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        return assets
    }
}
