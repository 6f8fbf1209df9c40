// cmark-gfm 0.29.0.gfm.6 follows the CommonMark 0.29 spec in two places where 0.30 changed the rules
// (CommonMark spec examples 28 and 171). Pages are read by 0.30's rules; this file holds both fixes.

/// Top-level blocks that CommonMark 0.30 reads as one raw HTML block: `<textarea>` starts an HTML block
/// of type 1, which runs to the first line containing `</textarea>`, blank lines included. cmark-gfm
/// (0.29) ends it at the first blank line and reads the rest as Markdown.
struct RawHTMLRegion: Sendable, Hashable {
    /// Index of the first top-level block of the region among the document's children.
    var firstBlock: Int
    /// How many top-level blocks the region replaces.
    var blockCount: Int
    /// The region's lines, as the HTML block's text (line endings normalized to `\n`).
    var html: String
    /// File lines of the region.
    var lines: ClosedRange<Int>

    /// The regions of a parsed page. Only top-level blocks are looked at (inside a list item or block
    /// quote the container's markers would have to be stripped line by line); a region whose closing
    /// line is not the last line of a block is left as cmark-gfm reads it.
    static func find(in tree: CmarkTree, text: SourceText) -> [RawHTMLRegion] {
        guard text.bytes.count >= 9, containsTextarea(text.bytes[...]) else { return [] }
        var blocks: [CmarkNode] = []
        var next = tree.rootNode.firstChild
        while let block = next {
            blocks.append(block)
            next = block.next
        }
        var regions: [RawHTMLRegion] = []
        // The last closing line found: a later opening before it closes there too (linear overall).
        var knownClosing = 0
        var index = 0
        while index < blocks.count {
            let block = blocks[index]
            defer { index += 1 }
            guard block.kind == .htmlBlock, opensTextarea(block.literal), !closesTextarea(block.literal.utf8) else {
                continue
            }
            // The first later line that contains `</textarea>`, or the end of the document.
            var closing = text.lineCount
            if block.endLine < knownClosing {
                closing = knownClosing
            } else {
                for line in (block.endLine + 1)..<(text.lineCount + 1) {
                    if closesTextarea(text.bytes[text.lineStarts[line - 1]..<text.lineEnd(line)]) {
                        closing = line
                        break
                    }
                }
                knownClosing = closing
            }
            var last = index
            while last + 1 < blocks.count, blocks[last + 1].startLine <= closing { last += 1 }
            guard last > index, blocks[last].endLine == closing || closing == text.lineCount else { continue }
            let lines = block.startLine...closing
            var html = ""
            for line in lines where text.lineStarts[line - 1] < text.bytes.count {
                html += String(decoding: text.bytes[text.lineStarts[line - 1]..<text.lineEnd(line)], as: UTF8.self)
                html += "\n"
            }
            regions.append(
                RawHTMLRegion(firstBlock: index, blockCount: last - index + 1, html: html, lines: lines))
            index = last
        }
        return regions
    }

    private static let open = Array("<textarea".utf8)
    private static let close = Array("</textarea>".utf8)

    /// Up to three spaces, `<textarea`, then a space, a tab, `>` or the end of the line (any case).
    private static func opensTextarea(_ literal: String) -> Bool {
        let bytes = Array(literal.utf8.prefix(16))
        var i = 0
        while i < 3, i < bytes.count, bytes[i] == 0x20 { i += 1 }
        guard bytes.count >= i + open.count,
            zip(bytes[i..<i + open.count], open).allSatisfy({ ($0 | 0x20) == $1 || $0 == $1 })
        else { return false }
        let after = i + open.count
        return after == bytes.count || [0x20, 0x09, 0x3E, 0x0A, 0x0D].contains(bytes[after])
    }

    private static func closesTextarea(_ bytes: some Collection<UInt8>) -> Bool {
        contains(close, in: bytes)
    }

    private static func containsTextarea(_ bytes: ArraySlice<UInt8>) -> Bool {
        contains(open, in: bytes)
    }

    /// Whether `needle` (lowercase ASCII) occurs in `bytes`, ignoring ASCII case.
    private static func contains(_ needle: [UInt8], in bytes: some Collection<UInt8>) -> Bool {
        let haystack = Array(bytes)
        guard haystack.count >= needle.count else { return false }
        outer: for start in 0...(haystack.count - needle.count) {
            for (k, byte) in needle.enumerated() {
                let candidate = haystack[start + k]
                guard candidate == byte || (candidate | 0x20) == byte else { continue outer }
            }
            return true
        }
        return false
    }
}

/// Numeric character references that CommonMark 0.30 does not decode but cmark-gfm does: 8 decimal
/// digits (`&#87654321;`; 0.30 allows 1 to 7) or 7 to 8 hexadecimal ones (`&#x1234567;`; 0.30 allows 1
/// to 6). Nine or more digits are literal text in both.
enum LongNumericReference {
    /// Offsets (into `bytes`) of the `&` of each such reference in `range`, which must be the source of
    /// a text node (no code spans, raw HTML or link destinations). A `&` escaped by a backslash is
    /// already literal.
    static func ampersands(in bytes: [UInt8], _ range: Range<Int>) -> [Int] {
        var found: [Int] = []
        var i = range.lowerBound
        while i + 3 < range.upperBound {
            defer { i += 1 }
            guard bytes[i] == UInt8(ascii: "&"), bytes[i + 1] == UInt8(ascii: "#") else { continue }
            var backslashes = 0
            while i - backslashes - 1 >= range.lowerBound, bytes[i - backslashes - 1] == UInt8(ascii: "\\") {
                backslashes += 1
            }
            guard backslashes % 2 == 0 else { continue }
            var j = i + 2
            let hex = bytes[j] == UInt8(ascii: "x") || bytes[j] == UInt8(ascii: "X")
            if hex { j += 1 }
            let digitsStart = j
            while j < range.upperBound, hex ? bytes[j].isHexDigit : bytes[j].isDigit { j += 1 }
            let digits = j - digitsStart
            guard j < range.upperBound, bytes[j] == UInt8(ascii: ";") else { continue }
            if hex ? (digits == 7 || digits == 8) : digits == 8 { found.append(i) }
        }
        return found
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        isDigit || (self | 0x20 >= UInt8(ascii: "a") && self | 0x20 <= UInt8(ascii: "f"))
    }
}
