import Diagnostics
import SwiftSyntax

/// A `// → value` or `// => value` comment found in a block's trivia.
struct ArrowComment {
    /// UTF-8 offset of the `//`.
    var commentOffset: Int
    /// UTF-8 offset of the value text.
    var valueOffset: Int
    /// Whether only blanks precede the comment on its line.
    var startsLine: Bool
    var stated: StatedValue
    var parseError: StatedLiteral.ParseError?

    func valueLocation(offset: Int, _ map: SourceMap) -> Diagnostics.SourceLocation {
        map.location(valueOffset).advanced(columns: offset)
    }

    /// The arrow comments of `tree`, in order. A comment line that continues an earlier stated value (its
    /// brackets still open) belongs to that value and is not read again as a value of its own: otherwise
    /// each of a thousand lines `// → [` would read all the lines after it.
    static func scan(_ tree: SourceFileSyntax, _ map: SourceMap) -> [ArrowComment] {
        var result: [ArrowComment] = []
        var continuedUntil = 0
        func add(_ piece: TriviaPiece, at offset: Int) {
            guard offset >= continuedUntil, let arrow = make(piece, at: offset, map) else { return }
            result.append(arrow)
            continuedUntil = arrow.valueOffset + arrow.stated.text.utf8.count
        }
        for token in tree.tokens(viewMode: .sourceAccurate) {
            var offset = token.position.utf8Offset
            for piece in token.leadingTrivia {
                add(piece, at: offset)
                offset += piece.sourceLength.utf8Length
            }
            offset = token.endPositionBeforeTrailingTrivia.utf8Offset
            for piece in token.trailingTrivia {
                add(piece, at: offset)
                offset += piece.sourceLength.utf8Length
            }
        }
        return result
    }

    private static func make(_ piece: TriviaPiece, at offset: Int, _ map: SourceMap) -> ArrowComment? {
        guard case .lineComment(let text) = piece else { return nil }
        let bytes = Array(text.utf8)
        var index = 2
        while index < bytes.count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        var arrow: String
        if index + 2 < bytes.count + 0 && bytes[index] == 0xE2 && bytes[index + 1] == 0x86 && bytes[index + 2] == 0x92 {
            arrow = "→"
            index += 3
        } else if index + 1 < bytes.count && bytes[index] == UInt8(ascii: "=") && bytes[index + 1] == UInt8(ascii: ">")
        {
            arrow = "=>"
            index += 2
        } else {
            return nil
        }
        while index < bytes.count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        var end = bytes.count
        while end > index && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D) { end -= 1 }
        let valueOffset = offset + index
        let valueEnd = continuedValueEnd(from: offset + end, depth: bracketDepth(bytes[index..<end]), map)
        let valueText = String(decoding: map.utf8[valueOffset..<valueEnd], as: UTF8.self)
        var startsLine = true
        var back = offset - 1
        while back >= 0 && map.utf8[back] != UInt8(ascii: "\n") {
            if map.utf8[back] != 0x20 && map.utf8[back] != 0x09 {
                startsLine = false
                break
            }
            back -= 1
        }
        let stated = StatedValue(text: valueText, location: map.location(valueOffset), arrow: arrow)
        var parseError: StatedLiteral.ParseError?
        if stated.literal == nil {
            do {
                _ = try StatedLiteral.parse(StatedValue.joiningContinuationLines(valueText))
            } catch {
                parseError = error
            }
        }
        return ArrowComment(
            commentOffset: offset, valueOffset: valueOffset, startsLine: startsLine, stated: stated,
            parseError: parseError)
    }

    /// `[` minus `]`: a stated matrix whose brackets are still open continues on the next comment line.
    private static func bracketDepth(_ bytes: some Sequence<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "[") ? 1 : $1 == UInt8(ascii: "]") ? -1 : 0) }
    }

    /// Where a stated value ends when it spans comment lines, as a matrix laid out row by row does:
    ///
    ///     // → [[0.20, -0.20],
    ///     //    [-0.20, 0.20]]
    ///
    /// Each following line that is only a `//` comment continues the value while its brackets are open.
    private static func continuedValueEnd(from start: Int, depth: Int, _ map: SourceMap) -> Int {
        var end = start
        var depth = depth
        let bytes = map.utf8
        while depth > 0 {
            var cursor = end
            while cursor < bytes.count && bytes[cursor] != UInt8(ascii: "\n") { cursor += 1 }
            guard cursor < bytes.count else { break }
            cursor += 1
            while cursor < bytes.count && (bytes[cursor] == 0x20 || bytes[cursor] == 0x09) { cursor += 1 }
            guard cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "/"), bytes[cursor + 1] == UInt8(ascii: "/")
            else { break }
            var lineEnd = cursor
            while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            var contentEnd = lineEnd
            while contentEnd > cursor && [0x20, 0x09, 0x0D].contains(bytes[contentEnd - 1]) { contentEnd -= 1 }
            depth += bracketDepth(bytes[(cursor + 2)..<contentEnd])
            end = contentEnd
        }
        return end
    }
}
