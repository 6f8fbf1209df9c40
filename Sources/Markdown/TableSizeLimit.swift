import Diagnostics

/// Bounds the work a GFM table can cause. cmark-gfm pads every row to the header's width, so a header
/// of n columns over n one-character lines makes n² cells from 4n bytes (4,000 columns: 16 million
/// cells, past 4 GiB), and its row parser is quadratic in the number of columns (8,000 take 0.7 s).
/// Measured in Benchmarks/markdown/README.md ("Adversarial inputs"). A table larger than either limit
/// is an error at its delimiter row, which is then hidden from cmark-gfm so that parsing stays fast.
enum TableSizeLimit {
    static let maximumColumns = 1_000
    /// About half a second of cmark-gfm's time (3 to 4 µs a cell) and 1 MB of HTML.
    static let maximumCells = 131_072

    /// The errors, and the page with each refused delimiter row's first `-` changed to a space, which
    /// makes it an ordinary line. Rows are counted as every line up to the next blank one: an upper bound.
    static func check(_ text: SourceText) -> (diagnostics: [Diagnostic], bytes: [UInt8]) {
        let bytes = text.bytes
        // Cheap exit: a delimiter row needs `|` and `-`.
        guard bytes.contains(UInt8(ascii: "|")), bytes.contains(UInt8(ascii: "-")) else { return ([], bytes) }
        let lineCount = text.lineCount
        var blank = [Bool](repeating: false, count: lineCount + 1)
        for line in 1...lineCount {
            blank[line] = isBlank(bytes[text.lineStarts[line - 1]..<text.lineEnd(line)])
        }
        // The first blank line at or after each line (lineCount + 1 when none).
        var nextBlank = [Int](repeating: lineCount + 1, count: lineCount + 2)
        if lineCount >= 1 {
            for line in stride(from: lineCount, through: 1, by: -1) {
                nextBlank[line] = blank[line] ? line : nextBlank[line + 1]
            }
        }
        var diagnostics: [Diagnostic] = []
        var result = bytes
        for line in 1...lineCount {
            let range = text.lineStarts[line - 1]..<text.lineEnd(line)
            guard let columns = delimiterColumns(bytes[range]) else { continue }
            // The header line above, and the lines below up to the next blank one.
            let rows = 1 + (nextBlank[line + 1] - line - 1)
            let cells = columns * rows
            guard columns > maximumColumns || cells > maximumCells else { continue }
            let problem: Diagnostic.Message =
                columns > maximumColumns
                ? .tooManyTableColumns(columns) : .tooManyTableCells(columns: columns, rows: rows)
            diagnostics.append(.error(at: text.location(ofByte: range.lowerBound), problem))
            if let dash = range.first(where: { bytes[$0] == UInt8(ascii: "-") }) { result[dash] = 0x20 }
        }
        return (diagnostics, result)
    }

    private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// The number of columns if `line` can be a delimiter row (`| :-- | --: |`), after any block-quote
    /// markers and indentation; nil otherwise.
    static func delimiterColumns(_ line: ArraySlice<UInt8>) -> Int? {
        var columns = 0
        var pipes = 0
        var inCell = false
        var index = line.startIndex
        // Leading indentation and `>` markers of block quotes.
        while index < line.endIndex, line[index] == 0x20 || line[index] == 0x09 || line[index] == UInt8(ascii: ">") {
            index += 1
        }
        while index < line.endIndex {
            switch line[index] {
            case UInt8(ascii: "-"):
                if !inCell { columns += 1 }
                inCell = true
            case UInt8(ascii: "|"):
                pipes += 1
                inCell = false
            case UInt8(ascii: ":"), 0x20, 0x09, 0x0D:
                inCell = false
            default:
                return nil
            }
            index += 1
        }
        return pipes > 0 && columns > 0 ? columns : nil
    }
}

extension Diagnostic.Message {
    static func tooManyTableColumns(_ columns: Int) -> Self {
        "a table may have at most \(TableSizeLimit.maximumColumns) columns; this one has \(columns)"
    }

    /// `rows`: the upper bound counted, every line up to the next blank one.
    static func tooManyTableCells(columns: Int, rows: Int) -> Self {
        Self(
            "a table may have at most \(TableSizeLimit.maximumCells) cells; this one has \(columns) columns and "
                + "up to \(rows) rows")
    }
}
