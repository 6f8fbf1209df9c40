import Diagnostics

/// Maps UTF-8 offsets in a block's code to positions in the Markdown file.
///
/// Body line L, column C is Markdown line `origin.line + L - 1`, column `origin.column + C - 1`.
/// Columns count Unicode scalars (characters as editors show them), not bytes.
struct SourceMap: Sendable {
    let origin: SourceLocation
    /// The code's bytes and lines (ending at `\n`).
    let lines: LineTable

    init(code: String, origin: SourceLocation) {
        self.origin = origin
        self.lines = LineTable(code)
    }

    var utf8: [UInt8] { lines.bytes }

    /// The 0-based line containing `offset`.
    func lineIndex(of offset: Int) -> Int {
        lines.line(ofByte: offset) - 1
    }

    /// The Markdown position of the character at UTF-8 `offset`.
    func location(_ offset: Int) -> SourceLocation {
        let position = lines.position(ofByte: offset)
        return origin.advanced(lines: position.line - 1, columns: position.column - 1)
    }

    /// The text between two UTF-8 offsets.
    func text(_ start: Int, _ end: Int) -> String {
        let lower = min(max(start, 0), utf8.count)
        let upper = min(max(end, lower), utf8.count)
        return lines.string(lower..<upper)
    }
}
