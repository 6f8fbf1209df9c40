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
        for (name, bytes) in BuiltInTheme.files where name.hasSuffix(".mustache") && !name.contains("/") {
            texts[name] = (BuiltInTheme.displayPath(name), String(decoding: bytes, as: UTF8.self))
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder) {
            guard isFolder.boolValue,
                let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
            else {
                throw DiagnosticList([.error(at: nil, .cannotReadTemplatesFolder(directory))])
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
            guard let text = texts[file]!.text ?? FileInput.text(atPath: path) else {
                diagnostics.append(.error(at: nil, .cannotReadTemplate(path)))
                continue
            }
            let name = String(file.dropLast(".mustache".count))
            sources[name] = (path, text)
            // Parsing recurses once per section level: a template nested too deep is reported below
            // and never given to the parser.
            let unparseable = delimiterProblems(in: text, path: path)
            diagnostics += unparseable
            guard unparseable.isEmpty, nestingProblems(in: [name: (path, text)], followingPartials: false).isEmpty
            else { continue }
            do {
                try library.register(MustacheTemplate(string: text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                let location = SourceLocation(
                    file: path, line: error.context.lineNumber, column: error.context.columnNumber)
                diagnostics.append(.error(at: location, .templateSyntax("\(error.error)")))
            } catch {
                diagnostics.append(.error(at: SourceLocation(file: path, line: 1, column: 1), "\(error)"))
            }
        }
        for (name, (path, text)) in sources.sorted(by: { $0.key < $1.key })
        where library.getTemplate(named: name) != nil {
            for reference in partialReferences(in: text) where sources[reference.name] == nil {
                let known = sources.keys.filter { $0 != name }.sorted()
                diagnostics.append(
                    .error(
                        at: SourceLocation(file: path, line: reference.line, column: reference.column),
                        .unknownPartial(reference.name, known: known)))
            }
        }
        let cycles = cycles(in: sources)
        diagnostics += cycles + nestingProblems(in: sources, followingPartials: cycles.isEmpty)
        guard diagnostics.isEmpty else { throw DiagnosticList(diagnostics) }
        guard library.getTemplate(named: layoutName) != nil else {
            let path = (directory as NSString).appendingPathComponent("\(layoutName).mustache")
            throw DiagnosticList([.error(at: nil, .missingTemplate(path))])
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
    /// checks these names itself.
    static func partialReferences(in text: String) -> [(name: String, line: Int, column: Int)] {
        TemplateTag.scan(text).filter { ($0.sigil == ">" || $0.sigil == "<") && !$0.name.isEmpty }
            .map { ($0.name, $0.line, $0.column) }
    }

    /// A set-delimiter tag whose new opening delimiter is one character, as an error at the tag.
    /// swift-mustache finds a section's text by stepping back two characters from its closing tag, and
    /// traps (a range running backwards) when a one-character delimiter closes an empty section.
    static func delimiterProblems(in text: String, path: String) -> [Diagnostic] {
        TemplateTag.scan(text).filter { $0.sigil == "=" && $0.name.count < 2 }.map {
            .error(at: SourceLocation(file: path, line: $0.line, column: $0.column), .oneCharacterDelimiter($0.name))
        }
    }

    /// Each template in which sections nest deeper than ``TemplateTag/maximumDepth``, as an error at the
    /// first tag that goes too deep. With `followingPartials`, a partial's own nesting adds to the depth of
    /// the tag that includes it, as it does when rendered (the partials must then be free of cycles); a
    /// partial too deep on its own is reported once, in its own file.
    static func nestingProblems(
        in sources: [String: (path: String, text: String)], followingPartials: Bool
    ) -> [Diagnostic] {
        let limit = TemplateTag.maximumDepth
        var deepestOf: [String: Int] = [:]
        var problems: [Diagnostic] = []
        func deepest(_ name: String) -> Int {
            if let known = deepestOf[name] { return known }
            deepestOf[name] = 0
            var depth = 0
            var most = 0
            var reported = false
            for tag in TemplateTag.scan(sources[name]!.text) {
                if tag.opensSection {
                    depth += 1
                } else if tag.sigil == "/" {
                    depth = max(depth - 1, 0)
                }
                var reached = depth
                var through = ""
                if followingPartials, tag.sigil == ">" || tag.sigil == "<", sources[tag.name] != nil {
                    let inner = deepest(tag.name)
                    if inner <= limit {
                        reached += inner
                        through = " (with the sections of '\(tag.name)')"
                    }
                }
                most = max(most, reached)
                if reached > limit, !reported {
                    reported = true
                    problems.append(
                        .error(
                            at: SourceLocation(file: sources[name]!.path, line: tag.line, column: tag.column),
                            .sectionsTooDeep(reached, through: through, limit: limit)))
                }
            }
            deepestOf[name] = most
            return most
        }
        for name in sources.keys.sorted() { _ = deepest(name) }
        return problems
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
                            .partialRecursion(reference.name, cycle: Array(names))))
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

extension Diagnostic.Message {
    static func cannotReadTemplatesFolder(_ folder: String) -> Self { "cannot read templates folder '\(folder)'" }
    static func cannotReadTemplate(_ path: String) -> Self { "cannot read template '\(path)'" }
    static func templateSyntax(_ problem: String) -> Self { "template syntax error: \(problem)" }
    static func unknownPartial(_ name: String, known: [String]) -> Self {
        "unknown partial '\(name)'\(Suggestion.hint(for: name, in: known)): no '\(name).mustache' in the templates folder"
    }
    static func missingTemplate(_ path: String) -> Self { "missing template '\(path)'" }
    static func oneCharacterDelimiter(_ delimiter: String) -> Self {
        "the opening delimiter '\(delimiter)' is one character; templates need delimiters of two or more (as <% %>)"
    }
    /// `through` names the partial whose sections count too (" (with the sections of 'x')"), or is empty.
    static func sectionsTooDeep(_ depth: Int, through: String, limit: Int) -> Self {
        "sections nest \(depth) levels deep here\(through); templates may nest at most \(limit)"
    }
    static func partialRecursion(_ name: String, cycle: [String]) -> Self {
        "partial '\(name)' includes itself (\(cycle.joined(separator: " → "))); templates cannot recurse"
    }
}
