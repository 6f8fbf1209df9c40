import Diagnostics
import Foundation
import Markdown

/// One Markdown file of the content folder, read and parsed.
public struct Page: Sendable {
    /// The path diagnostics name, as the user gave it (`Content/why-softmax.md`).
    public var path: String
    /// The output name without extension (`why-softmax` → `why-softmax.html`).
    public var name: String
    public var source: String
    public var document: MarkdownDocument
    public var metadata: PageMetadata

    public var outputFile: String { "\(name).html" }

    /// The title shown in navigation: front matter, else the first heading, else the file name.
    public var title: String {
        metadata.title ?? document.headings.first?.text ?? name
    }

    /// Parses `source`; front-matter problems come back as diagnostics, never as a thrown error.
    public static func parse(_ source: String, path: String) -> Diagnosed<Page> {
        let (document, markdownDiagnostics) = MarkdownDocument.parse(source, file: path)
        let (metadata, metadataDiagnostics) = PageMetadata.read(document.frontMatter)
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let page = Page(path: path, name: name, source: source, document: document, metadata: metadata)
        let scripting = document.scriptingProblems(source: source, file: path)
        return (page, markdownDiagnostics + metadataDiagnostics + scripting)
    }
}

/// The pages of a content folder, and the order the navigation lists them in.
public enum ContentLoader {
    /// The paths of the pages of a content folder: its `.md` files, in name order.
    static func pagePaths(in directory: String) throws(DiagnosticList) -> [String] {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DiagnosticList([.error(at: nil, .noContentFolder(directory))])
        }
        let names: [String]
        do {
            names = try fileManager.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".md") }.sorted()
        } catch {
            throw DiagnosticList([
                .error(at: nil, .cannotReadContentFolder(directory, error.localizedDescription))
            ])
        }
        guard !names.isEmpty else {
            throw DiagnosticList([.error(at: nil, .noPages(directory))])
        }
        let paths = names.map { directory.hasSuffix("/") ? directory + $0 : directory + "/" + $0 }
        let escapes = paths.compactMap { FolderBoundary.escape(of: $0, from: directory) }
        guard escapes.isEmpty else { throw DiagnosticList(escapes.map { .error(at: nil, $0) }) }
        return paths
    }

    /// Navigation order: `index` first, then front-matter `order`, then title, then file name.
    static func precedes(
        _ aName: String, _ aOrder: Int?, _ aTitle: String, _ bName: String, _ bOrder: Int?, _ bTitle: String
    )
        -> Bool
    {
        if (aName == "index") != (bName == "index") { return aName == "index" }
        switch (aOrder, bOrder) {
        case let (x?, y?) where x != y: return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return (aTitle, aName) < (bTitle, bName)
        }
    }
}

extension Diagnostic.Message {
    static func noContentFolder(_ folder: String) -> Self { "content folder '\(folder)' does not exist" }
    static func cannotReadContentFolder(_ folder: String, _ reason: String) -> Self {
        "cannot read content folder '\(folder)': \(reason)"
    }
    static func noPages(_ folder: String) -> Self { "content folder '\(folder)' has no .md pages" }
}
