import Diagnostics

/// A Markdown page: CommonMark (parsed by cmark) plus YAML front matter, `{swift}` blocks, inline
/// `{swift}` code and `$` math, each found with its position in the file.
///
/// Positions: lines are those of the file, front matter included; columns are 1-based and count
/// Unicode scalars (characters) of the line, a tab counting as one.
///
/// Math is found only inside paragraphs and headings, so it never crosses a block boundary (a blank
/// line, a list item, a thematic break). Known limit: math inside the label of a reference link
/// (`[$x$]` with `[$x$]: /url`) leaves the reference unresolved; inline links `[$x$](/url)` work.
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
    /// Top-level blocks rendered as one raw HTML block (CommonMark 0.30's `<textarea>` rule).
    let rawHTMLRegions: [RawHTMLRegion]

    /// Parses a page. Never throws for Markdown (all text is valid CommonMark); front-matter
    /// problems are returned as diagnostics.
    public static func parse(_ source: String, file: String) -> Diagnosed<MarkdownDocument> {
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
        let limited = TableSizeLimit.check(text.withBytes(body))
        diagnostics += limited.diagnostics
        var parser = PageParser(text: text.withBytes(limited.bytes))
        parser.run()
        let document = MarkdownDocument(
            frontMatter: frontMatter, swiftBlocks: parser.swiftBlocks, inlineSwift: parser.inlineSwift,
            math: parser.math, headings: parser.headings, codeBlocks: parser.codeBlocks,
            renderSource: parser.renderSource, placeholders: parser.placeholders,
            codeBlockIsSwift: parser.codeBlockIsSwift, rawHTMLRegions: parser.rawHTMLRegions)
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
    let openBytes: [UInt8]
    let closeBytes: [UInt8]
    var kinds: [Kind] = []
    /// What the author wrote, put back where a placeholder lands outside text (a URL, raw HTML…).
    var originals: [String] = []

    /// Picks private-use characters the page does not use itself.
    init(avoiding source: [UInt8]) {
        var used: Set<UInt32> = []
        // Private-use characters U+E000...U+F8FF start with byte 0xEE or 0xEF in UTF-8.
        let mayUse = source.withUnsafeBufferPointer { $0.contains { $0 == 0xEE || $0 == 0xEF } }
        if mayUse {
            for scalar in String(decoding: source, as: UTF8.self).unicodeScalars
            where (0xE000...0xF8FF).contains(scalar.value) {
                used.insert(scalar.value)
            }
        }
        var free = (0xE000...0xF8FF).lazy.filter { !used.contains($0) }.makeIterator()
        open = Unicode.Scalar(free.next()!)!
        close = Unicode.Scalar(free.next()!)!
        openBytes = Array(String(Character(open)).utf8)
        closeBytes = Array(String(Character(close)).utf8)
    }

    mutating func add(_ kind: Kind, original: String) -> [UInt8] {
        kinds.append(kind)
        originals.append(original)
        var token: [UInt8] = [UInt8(ascii: "$")]
        token += openBytes
        token += Array(String(kinds.count - 1).utf8)
        token += closeBytes
        token.append(UInt8(ascii: "$"))
        return token
    }

    enum Segment: Equatable {
        case text(String)
        case placeholder(Int)
    }

    /// Whether `string` may hold a placeholder (a cheap test before splitting).
    func mayContainPlaceholder(_ string: String) -> Bool {
        let lead = openBytes[0]
        return string.utf8.withContiguousStorageIfAvailable { $0.contains(lead) } ?? string.utf8.contains(lead)
    }

    /// Splits `string` into plain text and placeholders (matching on UTF-8 bytes, which is fast).
    func segments(_ string: String) -> [Segment] {
        let bytes = Array(string.utf8)
        var result: [Segment] = []
        var textStart = 0
        var i = 0
        func matches(_ pattern: [UInt8], at position: Int) -> Bool {
            position + pattern.count <= bytes.count
                && bytes[position..<(position + pattern.count)].elementsEqual(pattern)
        }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "$"), matches(openBytes, at: i + 1) else {
                i += 1
                continue
            }
            var j = i + 1 + openBytes.count
            var value = 0
            while j < bytes.count, bytes[j].isDigit, value < kinds.count {
                value = value * 10 + Int(bytes[j] - UInt8(ascii: "0"))
                j += 1
            }
            let end = j + closeBytes.count
            guard j > i + 1 + openBytes.count, value < kinds.count, matches(closeBytes, at: j), end < bytes.count,
                bytes[end] == UInt8(ascii: "$")
            else {
                i += 1
                continue
            }
            if textStart < i { result.append(.text(String(decoding: bytes[textStart..<i], as: UTF8.self))) }
            result.append(.placeholder(value))
            i = end + 1
            textStart = i
        }
        if textStart < bytes.count {
            result.append(.text(String(decoding: bytes[textStart...], as: UTF8.self)))
        }
        return result
    }

    /// `string` with every placeholder turned back into what the author wrote.
    func restore(_ string: String) -> String {
        guard mayContainPlaceholder(string) else { return string }
        return segments(string).map {
            switch $0 {
            case .text(let text): return text
            case .placeholder(let index): return originals[index]
            }
        }.joined()
    }

    /// `string` with placeholders replaced by `replacement(kind)`.
    func plainText(_ string: String, _ replacement: (Kind) -> String) -> String {
        guard mayContainPlaceholder(string) else { return string }
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
    /// Heading index → its text with placeholders, one line.
    private var tokenizedHeadings: [Int: [UInt8]] = [:]
    /// Blocks read as raw HTML by CommonMark 0.30's rules (see `RawHTMLRegion`).
    var rawHTMLRegions: [RawHTMLRegion] = []
    /// Where the last math or inline `{swift}` location was found: they come in document order.
    private var cursor = LineTable.Cursor()

    init(text: SourceText) {
        self.text = text
        self.placeholders = PlaceholderTable(avoiding: text.bytes)
    }

    mutating func run() {
        let tree = CmarkTree(text.bytes)
        rawHTMLRegions = RawHTMLRegion.find(in: tree, text: text)
        let mayHaveLongReferences = text.bytes.indices.dropLast().contains {
            text.bytes[$0] == UInt8(ascii: "&") && text.bytes[$0 + 1] == UInt8(ascii: "#")
        }
        var headingTexts: [String] = []
        // Counted on the way, rather than by walking up from each paragraph.
        var blockQuoteDepth = 0
        tree.walk { node, entering in
            if node.kind == .blockQuote { blockQuoteDepth += entering ? 1 : -1 }
            guard entering else { return }
            // Raw HTML by CommonMark 0.30's rules: nothing inside is Markdown.
            if !rawHTMLRegions.isEmpty, isRawHTML(line: node.startLine) { return }
            switch node.kind {
            case .text where mayHaveLongReferences:
                escapeLongNumericReferences(in: node)
            case .paragraph:
                scanLeaf(node, quotes: blockQuoteDepth)
            case .heading:
                scanLeaf(node, heading: true, quotes: blockQuoteDepth)
                headings.append(
                    Heading(
                        level: node.headingLevel, text: "", anchor: "",
                        location: text.location(line: node.startLine, byteColumn: node.startColumn)))
                headingTexts.append(plainText(of: node))
            case .tableCell:
                scanLeaf(node, cell: true, quotes: blockQuoteDepth)
            case .codeBlock:
                addCodeBlock(node)
            default:
                break
            }
        }
        renderSource = applyReplacements()
        // The text of a heading with math or inline `{swift}` comes from its text with placeholders,
        // parsed alone, so that math is not mistaken for emphasis.
        for (index, tokenized) in tokenizedHeadings {
            let tree = CmarkTree(Array("# ".utf8) + tokenized)
            if let heading = tree.rootNode.firstChild, heading.kind == .heading {
                headingTexts[index] = plainText(of: heading)
            }
        }
        var slugs = SlugSet()
        for i in headings.indices {
            headings[i].text = headingTexts[i]
            headings[i].anchor = slugs.unique(Slug.make(headingTexts[i]))
        }
    }

    /// The text of `node`'s inline content, walked without recursion (emphasis and links may nest as
    /// deep as the input is long).
    private func plainText(of node: CmarkNode) -> String {
        var result = ""
        var next = node.firstChild
        while let current = next {
            var descend = false
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
            default: descend = true
            }
            if descend, let child = current.firstChild {
                next = child
                continue
            }
            // The next sibling, or that of the nearest ancestor (below `node`) that has one.
            next = nil
            var climbing: CmarkNode? = current
            while let up = climbing, up.pointer != node.pointer {
                if let sibling = up.next {
                    next = sibling
                    break
                }
                climbing = up.parent
            }
        }
        return result
    }

    private func isRawHTML(line: Int) -> Bool {
        // Regions are few and in order; the last one starting at or before `line`.
        guard let region = rawHTMLRegions.last(where: { $0.lines.lowerBound <= line }) else { return false }
        return region.lines.contains(line)
    }

    /// Makes cmark-gfm leave `&#87654321;` as text, as CommonMark 0.30 does, by escaping its `&`.
    private mutating func escapeLongNumericReferences(in node: CmarkNode) {
        let line = node.startLine
        guard line >= 1, line <= text.lineCount, node.endLine == line else { return }
        let start = text.offset(line: line, byteColumn: node.startColumn)
        let end = min(text.offset(line: line, byteColumn: node.endColumn) + 1, text.lineEnd(line))
        guard start < end else { return }
        for ampersand in LongNumericReference.ampersands(in: text.bytes, start..<end) {
            replacements.append((ampersand..<ampersand + 1, Array("\\&".utf8)))
        }
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

    /// Collects the inline text of a paragraph, heading or table cell as cmark's inline parser sees
    /// it, with where each line of it is in the file, then scans it.
    private mutating func scanLeaf(_ node: CmarkNode, heading: Bool = false, cell: Bool = false, quotes: Int) {
        let firstLine = node.startLine
        // Cells cmark-gfm adds to pad a short row have no position (and no text).
        guard firstLine >= 1, firstLine <= text.lineCount else { return }
        let start = text.offset(line: firstLine, byteColumn: node.startColumn)
        let atx = heading && node.endLine == firstLine
        // A setext heading's last line is its underline.
        let lastLine = max(firstLine, heading ? node.endLine - 1 : node.endLine)
        // A cell is one line, between its pipes.
        let end =
            cell
            ? min(max(start, text.offset(line: firstLine, byteColumn: node.endColumn) + 1), text.lineEnd(firstLine))
            : text.lineEnd(lastLine)
        guard start < end,
            text.contains(InlineScanner.dollar, in: start..<end)
                || text.contains(InlineScanner.backtick, in: start..<end)
        else { return }

        var content: [UInt8] = []
        // (index in `content`, file offset) where each line's text starts.
        var lines: [(content: Int, file: Int)] = []
        func append(_ range: Range<Int>) {
            lines.append((content.count, range.lowerBound))
            content.append(contentsOf: text.bytes[range])
        }
        if atx {
            append(atxContent(from: start, line: firstLine))
        } else if cell {
            append(start..<end)
        } else {
            for line in firstLine...lastLine {
                if line > firstLine { content.append(0x0A) }
                let lineStart = line == firstLine ? start : continuationStart(line: line, quotes: quotes)
                append(lineStart..<max(lineStart, text.lineEnd(line)))
            }
        }
        func fileOffset(_ index: Int) -> Int {
            // The last line starting at or before `index` (a paragraph may have thousands of lines).
            var low = 0
            var high = lines.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if lines[middle].content <= index { low = middle } else { high = middle - 1 }
            }
            return lines[low].file + index - lines[low].content
        }
        var trimmed = content.startIndex..<content.endIndex
        while let last = trimmed.last, content[last].isWhitespace { trimmed = trimmed.lowerBound..<last }

        var tokenized: [UInt8] = []
        var copied = 0
        for finding in InlineScanner(text: content).scan() {
            let range: Range<Int>
            switch finding {
            case .math(let spanRange, let tex, let display):
                range = spanRange
                let span = MathSpan(
                    index: math.count, tex: Self.cellText(content[tex], cell), display: display,
                    isBlock: display && !heading && !cell && range == trimmed,
                    location: text.location(ofByte: fileOffset(tex.lowerBound), from: &cursor))
                replace(range, content: content, fileOffset: fileOffset, kind: .math(math.count))
                math.append(span)
            case .inlineSwift(let spanRange, let codeStart, let code, let spanContent):
                range = spanRange
                let span = InlineSwift(
                    index: inlineSwift.count, code: Self.cellText(code, cell),
                    location: text.location(ofByte: fileOffset(min(codeStart, range.upperBound - 1)), from: &cursor),
                    spanContent: Self.cellText(spanContent, cell))
                replace(range, content: content, fileOffset: fileOffset, kind: .inlineSwift(inlineSwift.count))
                inlineSwift.append(span)
            }
            if heading {
                tokenized += content[copied..<range.lowerBound]
                tokenized += replacements[replacements.count - 1].with
                copied = range.upperBound
            }
        }
        if heading && copied > 0 {
            tokenized += content[copied...]
            tokenizedHeadings[headings.count] = tokenized.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
        }
    }

    /// In a table cell, GFM reads `\|` as a `|` that does not end the cell, before any other parsing
    /// (code spans included), so math and code there see `|`.
    private static func cellText(_ bytes: ArraySlice<UInt8>, _ cell: Bool) -> String {
        cellText(String(decoding: bytes, as: UTF8.self), cell)
    }

    private static func cellText(_ text: String, _ cell: Bool) -> String {
        cell && text.contains("\\|") ? text.replacingOccurrences(of: "\\|", with: "|") : text
    }

    private mutating func replace(
        _ range: Range<Int>, content: [UInt8], fileOffset: (Int) -> Int, kind: PlaceholderTable.Kind
    ) {
        let original = String(decoding: content[range], as: UTF8.self)
        let token = placeholders.add(kind, original: original)
        replacements.append((fileOffset(range.lowerBound)..<(fileOffset(range.upperBound - 1) + 1), token))
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
        var slug = String.UnicodeScalarView()
        // Scalars rather than Characters: grapheme breaking is slow and a slug needs none of it.
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " || scalar == "\t" || scalar == "\n" {
                slug.append("-")
            } else if scalar.isASCII {
                let byte = UInt8(scalar.value)
                if byte.isASCIILetter || byte.isDigit || byte == 0x2D || byte == 0x5F { slug.append(scalar) }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar.properties.generalCategory == .nonspacingMark
            {
                slug.append(scalar)
            }
        }
        return slug.isEmpty ? "section" : String(slug)
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
