import Diagnostics

/// The raw-HTML policy: a page's raw HTML may lay out and format (tables, `<details>`, `<kbd>`, images,
/// styles), but never run script. `<script>` elements, event-handler attributes (`onclick=`), `srcdoc`,
/// and `javascript:`, `vbscript:` and `data:text/html` addresses, in raw HTML or in Markdown links and
/// images, are errors at their position. Script a site needs belongs in its templates, which the
/// site's owner writes once, not in page prose.
extension MarkdownDocument {
    /// Everything in the page that would run script, as errors; `source` is the page's text.
    public func scriptingProblems(source: String, file: String) -> [Diagnostic] {
        let tree = CmarkTree(renderSource)
        var columns = ForwardColumns(source)
        var problems: [Diagnostic] = []
        func report(_ line: Int, _ column: Int, _ message: Diagnostic.Message) {
            problems.append(.error(at: SourceLocation(file: file, line: line, column: column), message))
        }
        tree.walk { node, entering in
            guard entering else { return }
            switch node.kind {
            case .htmlBlock, .htmlInline:
                let literal = node.literal
                let found = ScriptScanner.problems(in: literal)
                guard !found.isEmpty else { return }
                let firstLine = literal.utf8.prefix { $0 != 0x0A }
                let start = columns.column(of: firstLine, line: node.startLine, byteColumn: node.startColumn)
                for problem in found {
                    let before = literal.utf8.prefix(problem.offset)
                    let newlines = before.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                    let lineStart = before.lastIndex(of: 0x0A).map { before.index(after: $0) } ?? before.startIndex
                    let scalars = String(decoding: before[lineStart...], as: UTF8.self).unicodeScalars.count
                    report(node.startLine + newlines, (newlines == 0 ? start : 1) + scalars, problem.message)
                }
            case .link, .image:
                if let scheme = ScriptScanner.scriptingScheme(node.url) {
                    report(
                        node.startLine, columns.column(of: nil, line: node.startLine, byteColumn: node.startColumn),
                        .scriptingAddress(node.kind == .link ? "link" : "image", scheme: scheme))
                }
            default: break
            }
        }
        return problems
    }
}

/// Columns (in Unicode scalars) of the author's text for positions cmark reports in document order. cmark
/// counts bytes of the text it parsed, in which math is replaced, so a node is looked for in the author's
/// line from where the last one was found: every line is read once, however many nodes it holds.
private struct ForwardColumns {
    let lines: [[UInt8]]
    var line = 0
    var offset = 0
    var scalars = 0

    init(_ source: String) {
        lines = source.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    }

    /// Where `text` starts on `line` at or after the last position found there (searched within 4 KB), or
    /// else cmark's `byteColumn`.
    mutating func column(of text: Substring.UTF8View?, line number: Int, byteColumn: Int) -> Int {
        guard number >= 1, number <= lines.count else { return max(byteColumn, 1) }
        if number != line { (line, offset, scalars) = (number, 0, 0) }
        let bytes = lines[number - 1]
        var target = min(max(byteColumn - 1, offset), bytes.count)
        if let text, !text.isEmpty {
            let needle = Array(text.prefix(64))  // enough to tell tags apart, and a bounded comparison
            let limit = min(bytes.count - needle.count, offset + 4096)
            if limit >= offset,
                let found = (offset...limit).first(where: { bytes[$0..<($0 + needle.count)].elementsEqual(needle) })
            {
                target = found
            }
        }
        // Scalars are counted by their leading bytes (UTF-8 continuation bytes are 10xxxxxx).
        for byte in bytes[offset..<target] where byte & 0xC0 != 0x80 { scalars += 1 }
        offset = target
        return scalars + 1
    }
}

/// Finds what would run script in a piece of raw HTML: a small tag and attribute scanner that reads
/// tags as browsers do (names case-insensitive, values quoted or not, entities decoded in values).
enum ScriptScanner {
    struct Problem: Equatable {
        /// UTF-8 offset in the HTML.
        var offset: Int
        var message: Diagnostic.Message
    }

    static func problems(in html: String) -> [Problem] {
        let bytes = Array(html.utf8)
        var problems: [Problem] = []
        var i = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<"), i + 1 < bytes.count else {
                i += 1
                continue
            }
            let tagStart = i
            i += 1
            if bytes[i] == UInt8(ascii: "!") {  // a comment or declaration: no attributes
                let end = bytes[i...].starts(with: Array("!--".utf8)) ? "-->" : ">"
                i = find(Array(end.utf8), in: bytes, from: i).map { $0 + end.utf8.count } ?? bytes.count
                continue
            }
            let closing = bytes[i] == UInt8(ascii: "/")
            if closing { i += 1 }
            let nameStart = i
            while i < bytes.count, isNameByte(bytes[i]) { i += 1 }
            guard i > nameStart else { continue }
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self).lowercased()
            if !closing, name == "script" {
                problems.append(Problem(offset: tagStart, message: .scriptElementRefused))
            }
            // Attributes, up to the tag's end.
            while i < bytes.count, bytes[i] != UInt8(ascii: ">") {
                if isSpace(bytes[i]) || bytes[i] == UInt8(ascii: "/") {
                    i += 1
                    continue
                }
                let attributeStart = i
                while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: "="), bytes[i] != UInt8(ascii: ">"),
                    bytes[i] != UInt8(ascii: "/") || i == attributeStart
                {
                    i += 1
                }
                let attribute = String(decoding: bytes[attributeStart..<i], as: UTF8.self).lowercased()
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                var value: [UInt8] = []
                if i < bytes.count, bytes[i] == UInt8(ascii: "=") {
                    i += 1
                    while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                    if i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") {
                        let quote = bytes[i]
                        let end = bytes[(i + 1)...].firstIndex(of: quote) ?? bytes.count
                        value = Array(bytes[min(i + 1, bytes.count)..<end])
                        i = min(end + 1, bytes.count)
                    } else {
                        let start = i
                        while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">") { i += 1 }
                        value = Array(bytes[start..<i])
                    }
                }
                if attribute.count > 2, attribute.hasPrefix("on") {
                    problems.append(Problem(offset: attributeStart, message: .eventHandlerRefused(attribute)))
                } else if attribute == "srcdoc" {
                    problems.append(Problem(offset: attributeStart, message: .srcdocRefused))
                } else if let scheme = scriptingScheme(decodeEntities(value)) {
                    problems.append(
                        Problem(offset: attributeStart, message: .scriptingURLRefused(scheme, attribute: attribute)))
                }
            }
        }
        return problems
    }

    /// The scheme of `url` when following it runs script, as browsers read it: ASCII whitespace and
    /// control characters anywhere are ignored, letters compared without case.
    static func scriptingScheme(_ url: String) -> String? {
        let squeezed = String(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }.map(Character.init))
            .lowercased()
        for scheme in ["javascript:", "vbscript:", "data:text/html", "data:application/xhtml"]
        where squeezed.hasPrefix(scheme) {
            return scheme.hasSuffix(":") ? scheme : "data:"
        }
        return nil
    }

    /// Character references in an attribute value: numeric ones, and the named ones that can hide a
    /// scheme (`&colon;`, `&Tab;`, `&NewLine;`).
    static func decodeEntities(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        let text = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        var i = 0
        while i < text.count {
            guard text[i] == "&" else {
                scalars.append(text[i])
                i += 1
                continue
            }
            var j = i + 1
            while j < text.count, j - i <= 32, text[j] != ";", text[j] != "&",
                text[j].properties.isAlphabetic
                    || ("0"..."9").contains(text[j]) || text[j] == "#"
            {
                j += 1
            }
            let body = String(String.UnicodeScalarView(text[(i + 1)..<j])).lowercased()
            let decoded: Unicode.Scalar?
            if body.hasPrefix("#x") {
                decoded = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
            } else if body.hasPrefix("#") {
                decoded = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init)
            } else {
                decoded = ["colon": ":", "tab": "\t", "newline": "\n"][body]
            }
            if let decoded {
                scalars.append(decoded)
                i = j < text.count && text[j] == ";" ? j + 1 : j
            } else {
                scalars.append(text[i])
                i += 1
            }
        }
        return String(scalars)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

extension Diagnostic.Message {
    /// `what`: "link" or "image"; `scheme`: as ``ScriptScanner/scriptingScheme(_:)`` names it.
    static func scriptingAddress(_ what: String, scheme: String) -> Self {
        Self(
            "this \(what)'s address is a '\(scheme)' URL, which runs script; a page may not run script "
                + "(scripts belong in the templates)")
    }

    static let scriptElementRefused = Self(
        "a page may not run script: <script> elements are refused in raw HTML (scripts belong in the templates)")

    static func eventHandlerRefused(_ attribute: String) -> Self {
        Self(
            "a page may not run script: the event-handler attribute '\(attribute)' is "
                + "refused in raw HTML (scripts belong in the templates)")
    }

    static let srcdocRefused: Self =
        "a page may not run script: 'srcdoc' (a document inside the page) is refused in raw HTML"

    static func scriptingURLRefused(_ scheme: String, attribute: String) -> Self {
        "a page may not run script: a '\(scheme)' URL in '\(attribute)' is refused in raw HTML"
    }
}
