import Diagnostics

/// A Markdown page: CommonMark (parsed by cmark) plus YAML front matter, `{swift}` blocks, inline
/// `{swift}` code and `$` math, each found with its position in the file.
///
/// Positions: lines are those of the file, front matter included; columns are 1-based and count
/// Unicode scalars (characters) of the line, a tab counting as one.
public struct MarkdownDocument: Sendable {
    /// The front matter; empty when the page has none.
    public var frontMatter: FrontMatter
    /// Fenced code blocks whose info string is exactly `{swift}`, in document order.
    public var swiftBlocks: [SwiftBlock]
    /// Inline code spans whose content starts with `{swift}`, in document order.
    public var inlineSwift: [InlineSwift]
    /// `$…$` and `$$…$$` outside code, in document order.
    public var math: [MathSpan]
    /// Headings in document order, with the anchor ids `html` gives them.
    public var headings: [Heading]
    /// The other fenced and indented code blocks, in document order.
    public var codeBlocks: [CodeBlock]

    /// The page text cmark renders: front matter blanked out, math and inline `{swift}` replaced
    /// by placeholders that cmark passes through as plain text.
    let renderSource: [UInt8]
    let placeholders: PlaceholderTable
    /// For each code block in document order, whether it is a `{swift}` block.
    let codeBlockIsSwift: [Bool]

    /// Parses a page. Never throws for Markdown (all text is valid CommonMark); front-matter
    /// problems are returned as diagnostics.
    public static func parse(_ source: String, file: String) -> (document: MarkdownDocument, diagnostics: [Diagnostic])
    {
        let text = SourceText(source, file: file)
        var diagnostics: [Diagnostic] = []
        var frontMatter = FrontMatter()
        var body = text.bytes
        if let block = FrontMatterBlock.find(in: text) {
            frontMatter = block.frontMatter
            diagnostics += block.diagnostics
            // Blank lines keep every later line where it is in the file; cmark skips them.
            for i in 0..<text.lineEnd(block.lastLine) where body[i] != 0x0A && body[i] != 0x0D {
                body[i] = 0x20
            }
        }
        var parser = PageParser(text: SourceText(bytes: body, file: file), source: source)
        parser.run()
        let document = MarkdownDocument(
            frontMatter: frontMatter, swiftBlocks: parser.swiftBlocks, inlineSwift: parser.inlineSwift,
            math: parser.math, headings: parser.headings, codeBlocks: parser.codeBlocks,
            renderSource: parser.renderSource, placeholders: parser.placeholders,
            codeBlockIsSwift: parser.codeBlockIsSwift)
        return (document, diagnostics)
    }
}

/// Placeholders stand for math and inline `{swift}` spans while cmark parses the page a second
/// time: `$`, a private-use character, the index, another private-use character, `$`. cmark treats
/// them as plain text, and the `$` at both ends keeps emphasis flanking as it was around the math.
struct PlaceholderTable: Sendable {
    enum Kind: Sendable {
        case math(Int)
        case inlineSwift(Int)
    }

    var open: Unicode.Scalar
    var close: Unicode.Scalar
    var kinds: [Kind] = []
    /// What the author wrote, put back where a placeholder lands outside text (a URL, raw HTML…).
    var originals: [String] = []

    /// Picks private-use characters the page does not use itself.
    init(avoiding source: String) {
        var used: Set<UInt32> = []
        for scalar in source.unicodeScalars where (0xE000...0xF8FF).contains(scalar.value) {
            used.insert(scalar.value)
        }
        var free = (0xE000...0xF8FF).lazy.filter { !used.contains($0) }.makeIterator()
        open = Unicode.Scalar(free.next()!)!
        close = Unicode.Scalar(free.next()!)!
    }

    mutating func add(_ kind: Kind, original: String) -> [UInt8] {
        kinds.append(kind)
        originals.append(original)
        return Array("$\(Character(open))\(kinds.count - 1)\(Character(close))$".utf8)
    }

    enum Segment: Equatable {
        case text(String)
        case placeholder(Int)
    }

    /// Splits `string` into plain text and placeholders.
    func segments(_ string: String) -> [Segment] {
        guard string.unicodeScalars.contains(open) else { return [.text(string)] }
        let scalars = Array(string.unicodeScalars)
        var result: [Segment] = []
        var textStart = 0
        var i = 0
        while i < scalars.count {
            if let (index, end) = placeholder(in: scalars, at: i) {
                if textStart < i { result.append(.text(String(String.UnicodeScalarView(scalars[textStart..<i])))) }
                result.append(.placeholder(index))
                i = end
                textStart = end
            } else {
                i += 1
            }
        }
        if textStart < scalars.count {
            result.append(.text(String(String.UnicodeScalarView(scalars[textStart...]))))
        }
        return result
    }

    private func placeholder(in scalars: [Unicode.Scalar], at i: Int) -> (Int, Int)? {
        guard scalars[i] == "$", i + 1 < scalars.count, scalars[i + 1] == open else { return nil }
        var j = i + 2
        var value = 0
        while j < scalars.count,
            let digit = scalars[j].properties.numericType == .decimal
                ? Int(String(scalars[j])) : nil
        {
            value = value * 10 + digit
            j += 1
        }
        guard j > i + 2, j + 1 < scalars.count, scalars[j] == close, scalars[j + 1] == "$", value < kinds.count
        else { return nil }
        return (value, j + 2)
    }

    /// `string` with every placeholder turned back into what the author wrote.
    func restore(_ string: String) -> String {
        guard string.unicodeScalars.contains(open) else { return string }
        return segments(string).map {
            switch $0 {
            case .text(let text): return text
            case .placeholder(let index): return originals[index]
            }
        }.joined()
    }

    /// `string` with placeholders replaced by `replacement(kind)`.
    func plainText(_ string: String, _ replacement: (Kind) -> String) -> String {
        guard string.unicodeScalars.contains(open) else { return string }
        return segments(string).map {
            switch $0 {
            case .text(let text): return text
            case .placeholder(let index): return replacement(kinds[index])
            }
        }.joined()
    }
}

/// One pass over a page: cmark parses it with source positions, the text of each paragraph and
/// heading is scanned for math and inline `{swift}`, and those are replaced by placeholders.
struct PageParser {
    let text: SourceText
    var swiftBlocks: [SwiftBlock] = []
    var inlineSwift: [InlineSwift] = []
    var math: [MathSpan] = []
    var headings: [Heading] = []
    var codeBlocks: [CodeBlock] = []
    var codeBlockIsSwift: [Bool] = []
    var placeholders: PlaceholderTable
    var renderSource: [UInt8] = []
    /// Source byte ranges to replace, in order, with their placeholder bytes.
    private var replacements: [(range: Range<Int>, with: [UInt8])] = []

    init(text: SourceText, source: String) {
        self.text = text
        self.placeholders = PlaceholderTable(avoiding: source)
    }

    mutating func run() {
        let tree = CmarkTree(text.bytes, sourcePositions: true)
        var headingTexts: [String] = []
        tree.walk { node, entering in
            guard entering else { return }
            switch node.kind {
            case .paragraph:
                scanLeaf(node, heading: false)
            case .heading:
                scanLeaf(node, heading: true)
                headings.append(
                    Heading(
                        level: node.headingLevel, text: "", anchor: "",
                        location: text.location(line: node.startLine, byteColumn: node.startColumn)))
                headingTexts.append(plainText(of: node))
            case .codeBlock:
                addCodeBlock(node)
            default:
                break
            }
        }
        renderSource = applyReplacements()
        if !replacements.isEmpty {
            // Heading text is taken from the page as it will be rendered, so that math inside a
            // heading is not mistaken for emphasis.
            let rendered = CmarkTree(renderSource, sourcePositions: false)
            var texts: [String] = []
            rendered.walk { node, entering in
                if entering, node.kind == .heading { texts.append(plainText(of: node)) }
            }
            if texts.count == headingTexts.count { headingTexts = texts }
        }
        var slugs = SlugSet()
        for i in headings.indices {
            headings[i].text = headingTexts[i]
            headings[i].anchor = slugs.unique(Slug.make(headingTexts[i]))
        }
    }

    private func plainText(of node: CmarkNode) -> String {
        var result = ""
        var child = node.firstChild
        while let current = child {
            switch current.kind {
            case .text:
                result += placeholders.plainText(current.literal) { kind in
                    switch kind {
                    case .math(let i): return math[i].tex
                    case .inlineSwift(let i): return inlineSwift[i].code
                    }
                }
            case .code: result += current.literal
            case .softBreak, .lineBreak: result += " "
            case .htmlInline: break
            default: result += plainText(of: current)
            }
            child = current.next
        }
        return result
    }

    private mutating func addCodeBlock(_ node: CmarkNode) {
        let code = node.literal
        let info = node.fenceInfo
        // cmark 0.30 cannot tell fenced from indented blocks. Only fenced ones have an info string;
        // without one, a fenced block starts at a fence that is not its first body line, while an
        // indented block starts at its first body line (which may begin with backticks too).
        let start = text.offset(line: node.startLine, byteColumn: node.startColumn)
        let startLine = text.bytes[start..<text.lineEnd(node.startLine)]
        let fence = startLine.prefix { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "~") }
        let fenced =
            !info.isEmpty || (fence.count >= 3 && !startLine.elementsEqual(code.utf8.prefix { $0 != 0x0A }))
        let location = bodyLocation(of: node, code: code, fenced: fenced)
        if fenced, info == "{swift}" {
            swiftBlocks.append(
                SwiftBlock(
                    index: swiftBlocks.count, code: code, location: location,
                    fenceLocation: text.location(line: node.startLine, byteColumn: node.startColumn)))
            codeBlockIsSwift.append(true)
        } else {
            codeBlocks.append(CodeBlock(info: info, code: code, location: location))
            codeBlockIsSwift.append(false)
        }
    }

    /// Where the body's first character is: cmark only strips indentation and container markers
    /// from the start of a line, so the first body line is a suffix of its source line.
    private func bodyLocation(of node: CmarkNode, code: String, fenced: Bool) -> SourceLocation {
        let line = min(fenced ? node.startLine + 1 : node.startLine, text.lineCount)
        let lineStart = text.lineStarts[line - 1]
        let lineEnd = text.lineEnd(line)
        let firstLine = Array(code.utf8.prefix { $0 != 0x0A })
        var start = lineEnd - firstLine.count
        if start < lineStart || !text.bytes[start..<lineEnd].elementsEqual(firstLine) {
            // A tab split by the indentation: point at the first non-blank character.
            start = lineStart
            while start < lineEnd, text.bytes[start].isSpaceOrTab || text.bytes[start] == UInt8(ascii: ">") {
                start += 1
            }
        }
        return text.location(ofByte: start)
    }

    /// Collects the inline text of a paragraph or heading as cmark's inline parser sees it, with the
    /// file offset of every byte, then scans it.
    private mutating func scanLeaf(_ node: CmarkNode, heading: Bool) {
        var content: [UInt8] = []
        var origin: [Int] = []
        func append(_ range: Range<Int>) {
            content.append(contentsOf: text.bytes[range])
            origin.append(contentsOf: range)
        }
        let firstLine = node.startLine
        let start = text.offset(line: firstLine, byteColumn: node.startColumn)
        if heading && node.endLine == firstLine {
            append(atxContent(from: start, line: firstLine))
        } else {
            // A setext heading's last line is its underline.
            let lastLine = heading ? node.endLine - 1 : node.endLine
            let quotes = node.blockQuoteDepth
            for line in firstLine...max(firstLine, lastLine) {
                if line > firstLine {
                    content.append(0x0A)
                    origin.append(text.lineStarts[line - 1] - 1)
                }
                let lineStart = line == firstLine ? start : continuationStart(line: line, quotes: quotes)
                append(lineStart..<max(lineStart, text.lineEnd(line)))
            }
        }
        guard content.contains(InlineScanner.dollar) || content.contains(InlineScanner.backtick) else { return }
        var trimmed = content.startIndex..<content.endIndex
        while let last = trimmed.last, content[last].isWhitespace { trimmed = trimmed.lowerBound..<last }

        for finding in InlineScanner(text: content).scan() {
            switch finding {
            case .math(let range, let tex, let display):
                let isBlock = display && !heading && range == trimmed
                let span = MathSpan(
                    index: math.count, tex: String(decoding: content[tex], as: UTF8.self), display: display,
                    isBlock: isBlock, location: text.location(ofByte: origin[tex.lowerBound]))
                replace(range, origin: origin, content: content, kind: .math(math.count))
                math.append(span)
            case .inlineSwift(let range, let codeStart, let code, let spanContent):
                let offset = codeStart < origin.count ? origin[codeStart] : origin[range.upperBound - 1]
                let span = InlineSwift(
                    index: inlineSwift.count, code: code, location: text.location(ofByte: offset),
                    spanContent: spanContent)
                replace(range, origin: origin, content: content, kind: .inlineSwift(inlineSwift.count))
                inlineSwift.append(span)
            }
        }
    }

    private mutating func replace(_ range: Range<Int>, origin: [Int], content: [UInt8], kind: PlaceholderTable.Kind) {
        let original = String(decoding: content[range], as: UTF8.self)
        let token = placeholders.add(kind, original: original)
        replacements.append((origin[range.lowerBound]..<(origin[range.upperBound - 1] + 1), token))
    }

    /// Where a paragraph continuation line's text starts: after indentation and the markers of
    /// the enclosing block quotes (a lazy line may lack them).
    private func continuationStart(line: Int, quotes: Int) -> Int {
        var i = text.lineStarts[line - 1]
        let end = text.lineEnd(line)
        var quotes = quotes
        while i < end {
            if text.bytes[i].isSpaceOrTab {
                i += 1
            } else if quotes > 0, text.bytes[i] == UInt8(ascii: ">") {
                quotes -= 1
                i += 1
            } else {
                break
            }
        }
        return i
    }

    /// The text of an ATX heading: without the opening `#`s and an optional closing sequence.
    private func atxContent(from start: Int, line: Int) -> Range<Int> {
        let bytes = text.bytes
        let hash = UInt8(ascii: "#")
        var end = text.lineEnd(line)
        var i = start
        while i < end, bytes[i] == hash { i += 1 }
        while i < end, bytes[i].isSpaceOrTab { i += 1 }
        while end > i, bytes[end - 1].isSpaceOrTab { end -= 1 }
        var closing = end
        while closing > i, bytes[closing - 1] == hash { closing -= 1 }
        if closing == i {
            end = i
        } else if closing < end, bytes[closing - 1].isSpaceOrTab {
            end = closing
            while end > i, bytes[end - 1].isSpaceOrTab { end -= 1 }
        }
        return i..<end
    }

    private func applyReplacements() -> [UInt8] {
        guard !replacements.isEmpty else { return text.bytes }
        var result: [UInt8] = []
        result.reserveCapacity(text.bytes.count)
        var position = 0
        for (range, token) in replacements.sorted(by: { $0.range.lowerBound < $1.range.lowerBound })
        where range.lowerBound >= position {
            result.append(contentsOf: text.bytes[position..<range.lowerBound])
            result.append(contentsOf: token)
            position = range.upperBound
        }
        result.append(contentsOf: text.bytes[position...])
        return result
    }
}

/// Heading anchors: GitHub's rule, lowercase letters, digits, `-` and `_` kept, spaces turned into
/// `-`, everything else dropped.
enum Slug {
    static func make(_ text: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character == " " || character == "\t" || character == "\n" {
                slug.append("-")
            } else if character.isLetter || character.isNumber || character == "-" || character == "_" {
                slug.append(character)
            }
        }
        return slug.isEmpty ? "section" : slug
    }
}

/// Makes repeated slugs unique with `-1`, `-2`, … (skipping any suffix a heading already has).
struct SlugSet {
    private var used: Set<String> = []
    private var counts: [String: Int] = [:]

    mutating func unique(_ slug: String) -> String {
        var candidate = slug
        while used.contains(candidate) {
            let count = (counts[slug] ?? 0) + 1
            counts[slug] = count
            candidate = "\(slug)-\(count)"
        }
        used.insert(candidate)
        return candidate
    }
}
