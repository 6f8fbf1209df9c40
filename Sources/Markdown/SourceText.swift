import Diagnostics

/// The UTF-8 bytes of one Markdown file with its line table, so that byte offsets (what cmark
/// reports) can be turned into the line and column an author sees.
struct SourceText {
    let file: String
    /// The bytes and their lines, ending as CommonMark's do: LF, CRLF or a lone CR.
    let lines: LineTable

    init(_ text: String, file: String) {
        self.init(bytes: Array(text.utf8), file: file)
    }

    init(bytes: [UInt8], file: String) {
        self.init(file: file, lines: LineTable(bytes, endings: .commonMark))
    }

    private init(file: String, lines: LineTable) {
        self.file = file
        self.lines = lines
    }

    var bytes: [UInt8] { lines.bytes }
    /// Byte offset where each line starts; line `n` (1-based) starts at `lineStarts[n - 1]`.
    var lineStarts: [Int] { lines.starts }
    var lineCount: Int { lines.count }

    /// The same file with some bytes changed but every line ending where it was.
    func withBytes(_ bytes: [UInt8]) -> SourceText {
        SourceText(file: file, lines: lines.withBytes(bytes))
    }

    /// Whether `byte` occurs in `range` (a plain loop over the array, which the optimizer makes fast).
    func contains(_ byte: UInt8, in range: Range<Int>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            for i in range where buffer[i] == byte { return true }
            return false
        }
    }

    /// Byte offset just past the last character of `line` (before its line ending).
    func lineEnd(_ line: Int) -> Int { lines.end(ofLine: line) }

    /// Byte offset of cmark's (line, byte column), both 1-based, clamped to the line.
    func offset(line: Int, byteColumn: Int) -> Int {
        let line = max(1, min(line, lineCount))
        return min(lineStarts[line - 1] + max(byteColumn, 1) - 1, lineEnd(line))
    }

    /// The location of byte `offset`; the column counts Unicode scalars, 1-based.
    func location(ofByte offset: Int) -> SourceLocation {
        location(lines.position(ofByte: offset))
    }

    /// The location of byte `offset`, counting on from `cursor` (see ``LineTable/position(ofByte:from:)``).
    func location(ofByte offset: Int, from cursor: inout LineTable.Cursor) -> SourceLocation {
        location(lines.position(ofByte: offset, from: &cursor))
    }

    func location(line: Int, byteColumn: Int) -> SourceLocation {
        location(ofByte: offset(line: line, byteColumn: byteColumn))
    }

    private func location(_ position: LineTable.Position) -> SourceLocation {
        SourceLocation(file: file, line: position.line, column: position.column)
    }

    func string(_ range: Range<Int>) -> String { lines.string(range) }
}

extension UInt8 {
    var isSpaceOrTab: Bool { self == 0x20 || self == 0x09 }
    var isWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isASCIIPunctuation: Bool {
        (self >= 0x21 && self <= 0x2F) || (self >= 0x3A && self <= 0x40) || (self >= 0x5B && self <= 0x60)
            || (self >= 0x7B && self <= 0x7E)
    }
    var isASCIILetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
}
