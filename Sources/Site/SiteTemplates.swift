import Diagnostics
import Foundation
import Mustache

/// The Mustache templates of `Templates/`: `layout.mustache` wraps every page; other files are partials.
struct SiteTemplates: Sendable {
    static let layoutName = "layout"
    let library: MustacheLibrary
    /// Whether pages may get their navigation list from a ``NavigationList`` (rendered once per build)
    /// instead of iterating it: true when every navigation section reads only what is the same on every
    /// page, and a sample renders to the same bytes both ways.
    let navigationIsMemoizable: Bool

    /// The built-in theme's templates, overridden file by file by the `.mustache` files of `directory`
    /// (which need not exist: a site may have no templates of its own).
    static func load(from directory: String) throws(DiagnosticList) -> SiteTemplates {
        var library = MustacheLibrary()
        var texts: [String: (path: String, text: String?)] = [:]
        for (name, contents) in BuiltInTheme.files where name.hasSuffix(".mustache") && !name.contains("/") {
            if case .text(let text) = contents { texts[name] = (BuiltInTheme.displayPath(name), text) }
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder) {
            guard isFolder.boolValue,
                let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
            else {
                throw DiagnosticList([.error(at: nil, "cannot read templates folder '\(directory)'")])
            }
            for name in names where name.hasSuffix(".mustache") {
                texts[name] = ((directory as NSString).appendingPathComponent(name), nil)
            }
        }
        let files = texts.keys.sorted()
        var diagnostics: [Diagnostic] = []
        var sources: [String: (path: String, text: String)] = [:]
        for file in files {
            let path = texts[file]!.path
            if texts[file]!.text == nil, let escape = FolderBoundary.escape(of: path, from: directory) {
                diagnostics.append(.error(at: nil, escape))
                continue
            }
            guard let text = texts[file]!.text ?? (try? String(contentsOfFile: path, encoding: .utf8)) else {
                diagnostics.append(.error(at: nil, "cannot read template '\(path)'"))
                continue
            }
            sources[String(file.dropLast(".mustache".count))] = (path, text)
            do {
                try library.register(MustacheTemplate(string: text), named: String(file.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                let location = SourceLocation(
                    file: path, line: error.context.lineNumber, column: error.context.columnNumber)
                diagnostics.append(.error(at: location, "template syntax error: \(error.error)"))
            } catch {
                diagnostics.append(.error(at: SourceLocation(file: path, line: 1, column: 1), "\(error)"))
            }
        }
        for (name, (path, text)) in sources.sorted(by: { $0.key < $1.key })
        where library.getTemplate(named: name) != nil {
            for reference in partialReferences(in: text) where library.getTemplate(named: reference.name) == nil {
                let known = sources.keys.filter { $0 != name }.sorted()
                let hint = Suggestion.closest(to: reference.name, in: known).map { "; did you mean '\($0)'?" } ?? ""
                diagnostics.append(
                    .error(
                        at: SourceLocation(file: path, line: reference.line, column: reference.column),
                        "unknown partial '\(reference.name)'\(hint): no '\(reference.name).mustache' in the templates folder"
                    ))
            }
        }
        diagnostics += cycles(in: sources)
        guard diagnostics.isEmpty else { throw DiagnosticList(diagnostics) }
        guard library.getTemplate(named: layoutName) != nil else {
            let path = (directory as NSString).appendingPathComponent("\(layoutName).mustache")
            throw DiagnosticList([.error(at: nil, "missing template '\(path)'")])
        }
        let memoizable = sources.values.allSatisfy { NavigationList.sectionsAreMemoizable(in: $0.text) }
        return SiteTemplates(
            library: library, navigationIsMemoizable: memoizable && rendersAlike(library))
    }

    /// Renders the layout around a sample page with the navigation as a list and as a ``NavigationList``.
    private static func rendersAlike(_ library: MustacheLibrary) -> Bool {
        let entries: [[String: Any]] = (1...3).map { ["title": "Page \($0) <&>", "href": "page-\($0).html"] }
        let site: [String: Any] = ["title": "Site", "language": "en", "description": "About"]
        let shared: [String: Any] = ["site": site, "root": "", "assets": "assets"]
        let page: [String: Any] = ["title": "Page 2", "heading": "Page 2", "content": "<p>Text</p>\n"]
        func render(navigation: Any) -> String? {
            library.render(
                shared.merging(["page": page, "navigation": navigation]) { _, new in new }, withTemplate: layoutName)
        }
        let list = render(navigation: NavigationList.plain(entries, current: 1))
        let memoized = render(navigation: NavigationList(entries: entries, shared: shared).lambda(current: 1))
        return list != nil && list == memoized
    }

    /// The partials (`{{> name}}`) and parents (`{{< name}}`) a template names, with 1-based positions
    /// (columns in Unicode scalars). swift-mustache renders an unknown partial as nothing, so the build
    /// checks these names itself. Set-delimiter tags (`{{=<% %>=}}`) are followed.
    static func partialReferences(in text: String) -> [(name: String, line: Int, column: Int)] {
        var references: [(name: String, line: Int, column: Int)] = []
        let scalars = Array(text.unicodeScalars)
        var open = Array("{{".unicodeScalars)
        var close = Array("}}".unicodeScalars)
        func starts(_ delimiter: [Unicode.Scalar], at index: Int) -> Bool {
            index + delimiter.count <= scalars.count
                && scalars[index..<index + delimiter.count].elementsEqual(delimiter)
        }
        var line = 1
        var column = 1
        var index = 0
        func advance(to end: Int) {
            while index < end {
                if scalars[index] == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                index += 1
            }
        }
        while index < scalars.count {
            guard starts(open, at: index) else {
                advance(to: index + 1)
                continue
            }
            var end = index + open.count
            while end < scalars.count, !starts(close, at: end) { end += 1 }
            guard end < scalars.count else { break }
            let tag = String(String.UnicodeScalarView(scalars[(index + open.count)..<end]))
                .trimmingCharacters(in: .whitespaces)
            if tag.count >= 2, tag.hasPrefix("="), tag.hasSuffix("=") {
                let parts = tag.dropFirst().dropLast().split(separator: " ", omittingEmptySubsequences: true)
                if parts.count == 2 {
                    open = Array(parts[0].unicodeScalars)
                    close = Array(parts[1].unicodeScalars)
                }
            } else if let sigil = tag.first, sigil == ">" || sigil == "<" {
                let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                if !name.isEmpty { references.append((name, line, column)) }
            }
            advance(to: end + close.count)
        }
        return references
    }

    /// A partial that includes itself, directly or through others, would recurse until the stack ends:
    /// each inclusion that closes such a cycle, as an error at its tag.
    static func cycles(in sources: [String: (path: String, text: String)]) -> [Diagnostic] {
        let edges = sources.mapValues { partialReferences(in: $0.text) }
        // Iterative depth-first search, names in order so the reported cycle is stable.
        var state: [String: Int] = [:]  // 1: on the current path, 2: done
        var found: [Diagnostic] = []
        for root in sources.keys.sorted() where state[root] == nil {
            var path: [(name: String, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = path.last {
                let references = edges[top.name] ?? []
                guard top.next < references.count else {
                    state[top.name] = 2
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let reference = references[top.next]
                switch state[reference.name] {
                case 1:
                    let names = path.map(\.name).drop { $0 != reference.name } + [reference.name]
                    let location = SourceLocation(
                        file: sources[top.name]!.path, line: reference.line, column: reference.column)
                    found.append(
                        .error(
                            at: location,
                            "partial '\(reference.name)' includes itself (\(names.joined(separator: " → "))); "
                                + "templates cannot recurse"))
                case nil where edges[reference.name] != nil:
                    state[reference.name] = 1
                    path.append((reference.name, 0))
                default: continue
                }
            }
        }
        return found
    }

    func renderLayout(_ context: [String: Any]) -> String {
        library.render(context, withTemplate: Self.layoutName) ?? ""
    }
}
