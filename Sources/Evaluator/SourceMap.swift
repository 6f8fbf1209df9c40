import Diagnostics

/// Maps UTF-8 offsets in a block's code to positions in the Markdown file.
///
/// Body line L, column C is Markdown line `origin.line + L - 1`, column `origin.column + C - 1`.
/// Columns count Unicode scalars (characters as editors show them), not bytes.
struct SourceMap: Sendable {
    let origin: SourceLocation
    let utf8: [UInt8]
    /// UTF-8 offset where each line starts.
    let lineStarts: [Int]

    init(code: String, origin: SourceLocation) {
        self.origin = origin
        self.utf8 = Array(code.utf8)
        var starts = [0]
        for (index, byte) in utf8.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(index + 1)
        }
        self.lineStarts = starts
    }

    /// The 0-based line containing `offset`.
    func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The Markdown position of the character at UTF-8 `offset`.
    func location(_ offset: Int) -> SourceLocation {
        let clamped = min(max(offset, 0), utf8.count)
        let line = lineIndex(of: clamped)
        var column = 0
        var index = lineStarts[line]
        while index < clamped {
            if utf8[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return origin.advanced(lines: line, columns: column)
    }

    /// The text between two UTF-8 offsets.
    func text(_ start: Int, _ end: Int) -> String {
        let lower = min(max(start, 0), utf8.count)
        let upper = min(max(end, lower), utf8.count)
        return String(decoding: utf8[lower..<upper], as: UTF8.self)
    }
}
