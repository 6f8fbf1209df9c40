import Diagnostics
import Foundation

/// The site's `assets/`: the built-in theme's, overridden and added to file by file by those of
/// `Templates/assets/`, copied by every build. Symbolic links are followed only where they stay inside
/// the templates folder (``FolderBoundary``), so both the site and the build see plain files.
struct TemplateAssets: Sendable {
    enum Source: Sendable {
        case file(String)
        case builtIn(Data)
    }

    /// Path relative to `assets/` → where its bytes come from, in name order.
    var files: [(name: String, source: Source)] = []
    /// Folders relative to `assets/`, parents before children.
    var folders: [String] = []

    /// The built-in assets, then `directory/assets` over them (when there is such a folder).
    static func scan(templates directory: String) throws(DiagnosticList) -> TemplateAssets {
        var assets = try scanFolder(templates: directory)
        let own = Set(assets.files.map(\.name))
        for name in BuiltInTheme.files.keys.sorted() where name.hasPrefix("assets/") {
            let relative = String(name.dropFirst("assets/".count))
            guard !own.contains(relative), let data = BuiltInTheme.data(name) else { continue }
            assets.files.append((relative, .builtIn(data)))
            var folder = (relative as NSString).deletingLastPathComponent
            var parents: [String] = []
            while !folder.isEmpty, !assets.folders.contains(folder) {
                parents.insert(folder, at: 0)
                folder = (folder as NSString).deletingLastPathComponent
            }
            assets.folders += parents
        }
        assets.files.sort { $0.name < $1.name }
        return assets
    }

    /// The files of `directory/assets`; no such folder gives none.
    private static func scanFolder(templates directory: String) throws(DiagnosticList) -> TemplateAssets {
        let root = (directory as NSString).appendingPathComponent("assets")
        var assets = TemplateAssets()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) else { return assets }
        var problems: [Diagnostic] = []
        if let escape = FolderBoundary.escape(of: root, from: directory) {
            throw DiagnosticList([.error(at: nil, escape)])
        }
        guard isFolder.boolValue else {
            throw DiagnosticList([.error(at: nil, .assetsNotFolder(root))])
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
                    assets.files.append((name, .file(path)))
                } else if depth >= 32 {
                    problems.append(.error(at: nil, .assetsTooDeep(path)))
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

extension Diagnostic.Message {
    static func assetsNotFolder(_ path: String) -> Self { "'\(path)' must be a folder" }
    static func assetsTooDeep(_ path: String) -> Self { "'\(path)' is more than 32 folders deep (a link loop?)" }
}
