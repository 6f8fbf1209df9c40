import Diagnostics

/// The UTF-8 bytes of one Markdown file with its line table, so that byte offsets (what cmark
/// reports) can be turned into the line and column an author sees.
struct SourceText {
    let file: String
    let bytes: [UInt8]
    /// Byte offset where each line starts; line `n` (1-based) starts at `lineStarts[n - 1]`.
    let lineStarts: [Int]

    init(_ text: String, file: String) {
        self.init(bytes: Array(text.utf8), file: file)
    }

    init(bytes: [UInt8], file: String) {
        self.file = file
        self.bytes = bytes
        var starts = [0]
        bytes.withUnsafeBufferPointer { bytes in
            var i = 0
            // Line endings as CommonMark knows them: LF, CRLF or a lone CR.
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x0A {
                    starts.append(i + 1)
                } else if b == 0x0D {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                    starts.append(i + 1)
                }
                i += 1
            }
        }
        lineStarts = starts
    }

    /// The same file with some bytes changed but every line ending where it was.
    func withBytes(_ bytes: [UInt8]) -> SourceText {
        SourceText(file: file, bytes: bytes, lineStarts: lineStarts)
    }

    private init(file: String, bytes: [UInt8], lineStarts: [Int]) {
        self.file = file
        self.bytes = bytes
        self.lineStarts = lineStarts
    }

    /// Whether `byte` occurs in `range` (a plain loop over the array, which the optimizer makes fast).
    func contains(_ byte: UInt8, in range: Range<Int>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            for i in range where buffer[i] == byte { return true }
            return false
        }
    }

    var lineCount: Int { lineStarts.count }

    /// Byte offset just past the last character of `line` (before its line ending).
    func lineEnd(_ line: Int) -> Int {
        guard line < lineStarts.count else { return bytes.count }
        var end = lineStarts[line]
        if end > 0, bytes[end - 1] == 0x0A { end -= 1 }
        if end > lineStarts[line - 1], bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// Byte offset of cmark's (line, byte column), both 1-based, clamped to the line.
    func offset(line: Int, byteColumn: Int) -> Int {
        let line = max(1, min(line, lineCount))
        return min(lineStarts[line - 1] + max(byteColumn, 1) - 1, lineEnd(line))
    }

    /// The 1-based line holding byte `offset`.
    func line(ofByte offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The location of byte `offset`; the column counts Unicode scalars, 1-based.
    func location(ofByte offset: Int) -> SourceLocation {
        let line = line(ofByte: offset)
        var column = 1
        var i = lineStarts[line - 1]
        while i < offset, i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// The location of byte `offset`, counting the column on from where `cursor` stands when the offset
    /// is further on its line: many offsets in increasing order (the math of one long paragraph line)
    /// then cost the length of the line once, not once per offset.
    func location(ofByte offset: Int, from cursor: inout LocationCursor) -> SourceLocation {
        let offset = min(max(offset, 0), bytes.count)
        if offset < cursor.offset || cursor.line > lineCount
            || (cursor.line < lineCount && offset >= lineStarts[cursor.line])
        {
            cursor.line = line(ofByte: offset)
            cursor.offset = lineStarts[cursor.line - 1]
            cursor.column = 1
        }
        bytes.withUnsafeBufferPointer { buffer in
            var i = cursor.offset
            var column = cursor.column
            while i < offset {
                if buffer[i] & 0xC0 != 0x80 { column += 1 }
                i += 1
            }
            cursor.offset = offset
            cursor.column = column
        }
        return SourceLocation(file: file, line: cursor.line, column: cursor.column)
    }

    func location(line: Int, byteColumn: Int) -> SourceLocation {
        location(ofByte: offset(line: line, byteColumn: byteColumn))
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}

/// Where ``SourceText/location(ofByte:from:)`` last stopped: a byte offset with its line and column.
struct LocationCursor {
    var offset = 0
    var line = 1
    var column = 1
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
