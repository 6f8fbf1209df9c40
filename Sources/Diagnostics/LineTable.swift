/// The lines of a UTF-8 text: the byte offset where each line starts, found in one pass, so that the line
/// of any byte offset is a binary search and its column a count over that line alone.
///
/// Every place that turns byte offsets into what an author sees (Markdown's cmark offsets, a block's
/// code, an equation, the source line under a printed diagnostic) reads it through this one table.
public struct LineTable: Sendable {
    /// Which bytes end a line.
    public enum Endings: Sendable {
        /// `\n` only (a `\r` before it stays at the end of its line), as Swift code and diagnostics read.
        case newline
        /// `\n`, `\r\n` or a lone `\r`, as CommonMark reads.
        case commonMark
    }

    /// A line and column, both 1-based; the column counts Unicode scalars (an `é` or a `∑` is one).
    public struct Position: Sendable, Equatable {
        public var line: Int
        public var column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    /// Where ``position(ofByte:from:)`` last stopped: a byte offset with its line and column.
    public struct Cursor: Sendable {
        var offset = 0
        var line = 1
        var column = 1

        public init() {}
    }

    public let bytes: [UInt8]
    /// Byte offset where each line starts; line `n` (1-based) starts at `starts[n - 1]`.
    public let starts: [Int]

    public init(_ text: String, endings: Endings = .newline) {
        self.init(Array(text.utf8), endings: endings)
    }

    public init(_ bytes: [UInt8], endings: Endings = .newline) {
        self.bytes = bytes
        var starts = [0]
        bytes.withUnsafeBufferPointer { bytes in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x0A {
                    starts.append(i + 1)
                } else if b == 0x0D && endings == .commonMark {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                    starts.append(i + 1)
                }
                i += 1
            }
        }
        self.starts = starts
    }

    private init(bytes: [UInt8], starts: [Int]) {
        self.bytes = bytes
        self.starts = starts
    }

    /// The same lines over other bytes, with every line ending where it was.
    public func withBytes(_ bytes: [UInt8]) -> LineTable {
        LineTable(bytes: bytes, starts: starts)
    }

    /// How many lines there are (the empty line after a final line ending counts).
    public var count: Int { starts.count }

    /// Byte offset just past the last character of `line` (1-based), before its line ending.
    public func end(ofLine line: Int) -> Int {
        let start = starts[line - 1]
        var end = line < starts.count ? starts[line] : bytes.count
        if end > start, bytes[end - 1] == 0x0A { end -= 1 }
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// The 1-based line holding byte `offset` (line 1 before the start, the last line past the end).
    public func line(ofByte offset: Int) -> Int {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The line and column of byte `offset`, clamped to the text.
    public func position(ofByte offset: Int) -> Position {
        var cursor = Cursor()
        return position(ofByte: offset, from: &cursor)
    }

    /// The line and column of byte `offset`, counting the column on from where `cursor` stands when the
    /// offset is further on its line: many offsets in increasing order (the math of one long paragraph
    /// line) then cost the length of the line once, not once per offset.
    public func position(ofByte offset: Int, from cursor: inout Cursor) -> Position {
        let offset = min(max(offset, 0), bytes.count)
        if offset < cursor.offset || cursor.line > count || (cursor.line < count && offset >= starts[cursor.line]) {
            cursor.line = line(ofByte: offset)
            cursor.offset = starts[cursor.line - 1]
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
        return Position(line: cursor.line, column: cursor.column)
    }

    /// The text of bytes `range`.
    public func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}
