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
    public static func parse(_ source: String, path: String) -> (Page, [Diagnostic]) {
        let (document, markdownDiagnostics) = MarkdownDocument.parse(source, file: path)
        let (metadata, metadataDiagnostics) = PageMetadata.read(document.frontMatter)
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let page = Page(path: path, name: name, source: source, document: document, metadata: metadata)
        return (page, markdownDiagnostics + metadataDiagnostics)
    }
}

/// Reads every page of a content folder.
public enum ContentLoader {
    /// The `.md` files directly in `directory`, in name order, parsed; paths are `directory/name.md`.
    public static func load(from directory: String) throws(DiagnosticList) -> ([Page], [Diagnostic]) {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DiagnosticList([.error(at: nil, "content folder '\(directory)' does not exist")])
        }
        let names: [String]
        do {
            names = try fileManager.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".md") }.sorted()
        } catch {
            throw DiagnosticList([
                .error(at: nil, "cannot read content folder '\(directory)': \(error.localizedDescription)")
            ])
        }
        guard !names.isEmpty else {
            throw DiagnosticList([.error(at: nil, "content folder '\(directory)' has no .md pages")])
        }
        var pages: [Page] = []
        var diagnostics: [Diagnostic] = []
        for name in names {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            guard let data = fileManager.contents(atPath: path) else {
                diagnostics.append(.error(at: nil, "cannot read '\(path)'"))
                continue
            }
            guard let source = String(data: data, encoding: .utf8) else {
                diagnostics.append(
                    .error(at: SourceLocation(file: path, line: 1, column: 1), "file is not valid UTF-8"))
                continue
            }
            let (page, pageDiagnostics) = Page.parse(source, path: path)
            pages.append(page)
            diagnostics += pageDiagnostics
        }
        return (sortedForNavigation(pages), diagnostics)
    }

    /// Navigation order: `index` first, then front-matter `order`, then title.
    static func sortedForNavigation(_ pages: [Page]) -> [Page] {
        pages.sorted { a, b in
            if (a.name == "index") != (b.name == "index") { return a.name == "index" }
            switch (a.metadata.order, b.metadata.order) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return (a.title, a.name) < (b.title, b.name)
            }
        }
    }
}
