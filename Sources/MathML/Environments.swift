import Diagnostics

extension Parser {
    /// Reads `\begin{name}` at `pos` and returns the name.
    mutating func readBegin() throws(Abort) -> String {
        let start = pos
        pos = commandName(at: pos).end
        return try rawArgument(for: "begin", at: start).0.trimmingSpaces()
    }

    /// The rows of an environment up to its `\end{name}`: cells separated by `&`, rows by `\\`.
    /// A last row left empty by a trailing `\\` is dropped. With `numbered`, each row closes its own line
    /// (its `\tag` and `\label`).
    mutating func parseRows(
        _ style: Style, _ font: Font?, environment name: String, at beginOffset: Int, numbered: Bool
    ) throws(Abort) -> [(cells: [[MNode]], numbering: LineResult?)] {
        var rows: [(cells: [[MNode]], numbering: LineResult?)] = []
        var cells: [[MNode]] = []
        while true {
            let (nodes, stop) = try parseList(style, font, until: [.ampersand, .rowEnd, .end])
            cells.append(nodes)
            switch stop {
            case .ampersand:
                continue
            case .rowEnd:
                rows.append((cells, numbered ? finishLine() : nil))
                cells = []
            case .end:
                let endOffset = pos
                pos = commandName(at: pos).end
                let endName = try rawArgument(for: "end", at: endOffset).0.trimmingSpaces()
                if endName != name {
                    error(endOffset, .endDoesNotMatch(endName, begin: name, at: describe(beginOffset)))
                    throw Abort()
                }
                let emptyLast = cells.count == 1 && cells[0].isEmpty && line.tag == nil && line.label == nil
                if !(emptyLast && !rows.isEmpty) {
                    rows.append((cells, numbered ? finishLine() : nil))
                }
                return rows
            default:
                error(beginOffset, .environmentNeverClosed(name))
                throw Abort()
            }
        }
    }

    /// `\begin{…}` (already read up to the command): matrices, cases, aligned, gathered, array.
    @inline(never)
    mutating func parseEnvironment(_ style: Style, _ font: Font?, at start: Int) throws(Abort) -> MNode {
        let name = try rawArgument(for: "begin", at: start).0.trimmingSpaces()
        if let (open, close) = Symbols.matrixFences[name] {
            noNumbering += 1
            defer { noNumbering -= 1 }
            let rows = try parseRows(
                name == "smallmatrix" ? .script : .text, font, environment: name, at: start, numbered: false)
            var table = Self.table(rows.map(\.cells), alignments: [])
            if name == "smallmatrix" { table.attributes.append(("scriptlevel", "1")) }
            return open.isEmpty ? table : Self.fenced(table, open, close)
        }
        switch name {
        case "cases", "rcases", "dcases":
            noNumbering += 1
            defer { noNumbering -= 1 }
            let rows = try parseRows(
                name == "dcases" ? .display : .text, font, environment: name, at: start, numbered: false)
            let table = Self.table(rows.map(\.cells), alignments: ["left", "left"])
            // The empty fence closes the row as `\right.` would, so the brace stretches over the table alone.
            return name == "rcases" ? Self.fenced(table, "", "}") : Self.fenced(table, "{", "")
        case "aligned", "split", "alignedat":
            if name == "alignedat" { _ = try rawArgument(for: "begin{alignedat}", at: start) }
            let rows = try parseRows(.display, font, environment: name, at: start, numbered: false)
            let columns = rows.map(\.cells.count).max() ?? 0
            let trs = rows.map { MNode("mtr", children: alignedCells($0.cells, columns: columns)) }
            return MNode("mtable", [("displaystyle", "true"), ("scriptlevel", "0")], children: trs)
        case "gathered":
            let rows = try parseRows(.display, font, environment: name, at: start, numbered: false)
            var table = Self.table(rows.map(\.cells), alignments: [])
            table.attributes = [("displaystyle", "true"), ("scriptlevel", "0")]
            return table
        case "array":
            let (spec, specOffset) = try rawArgument(for: "begin{array}", at: start)
            var alignments: [String] = []
            for c in spec {
                switch c {
                case "l": alignments.append("left")
                case "c": alignments.append("center")
                case "r": alignments.append("right")
                case "|", " ": continue
                default:
                    error(specOffset, .unsupportedColumn(c))
                    throw Abort()
                }
            }
            noNumbering += 1
            defer { noNumbering -= 1 }
            let rows = try parseRows(.text, font, environment: name, at: start, numbered: false)
            return Self.table(rows.map(\.cells), alignments: alignments)
        case "align", "align*":
            if display {
                error(start, .alignInsideDisplay(name))
            } else {
                error(start, .alignInline(name))
            }
            throw Abort()
        default:
            let known =
                Array(Symbols.matrixFences.keys) + [
                    "cases", "rcases", "dcases", "aligned", "split", "gathered", "array", "align", "align*",
                ]
            if name.utf8.count <= 40, let suggestion = Suggestion.closest(to: name, in: known) {
                error(start, .unsupportedEnvironment(name, suggestion: suggestion))
            } else {
                error(start, .unsupportedEnvironment(name))
            }
            throw Abort()
        }
    }

    /// `\substack{a \\ b}`: lines stacked in script style, for the limits of a large operator.
    @inline(never)
    mutating func parseSubstack(_ font: Font?, at start: Int) throws(Abort) -> MNode {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else {
            error(start, .substackWithoutBraces)
            throw Abort()
        }
        let open = pos
        pos += 1
        var rows: [[[MNode]]] = []
        while true {
            let (nodes, stop) = try parseList(.script, font, until: [.rowEnd, .closeBrace])
            if stop == .eof {
                error(open, .neverClosed("{"))
                throw Abort()
            }
            if !(stop == .closeBrace && nodes.isEmpty && !rows.isEmpty) { rows.append([nodes]) }
            if stop == .closeBrace { break }
        }
        var table = Self.table(rows, alignments: [])
        table.attributes.append(("rowspacing", "0"))
        return table
    }

    /// An `mtable` of `rows`, every row padded to the same number of cells, with optional column alignments.
    static func table(_ rows: [[[MNode]]], alignments: [String]) -> MNode {
        let columns = rows.map(\.count).max() ?? 0
        let trs = rows.map { cells in
            var tds: [MNode] = []
            for index in 0..<columns {
                let nodes = index < cells.count ? cells[index] : []
                var attributes: [(String, String)] = []
                if index < alignments.count, alignments[index] != "center" {
                    attributes = [("columnalign", alignments[index]), ("style", "text-align:\(alignments[index])")]
                }
                tds.append(MNode("mtd", attributes, children: nodes))
            }
            return MNode("mtr", children: tds)
        }
        return MNode("mtable", children: trs)
    }
}

extension Diagnostic.Message {
    /// `\end{end}` closing `\begin{begin}`, which is at `line:column` `place`.
    static func endDoesNotMatch(_ end: String, begin: String, at place: String) -> Self {
        "\\end{\(end)} does not match \\begin{\(begin)} at \(place)"
    }
    static func environmentNeverClosed(_ name: String) -> Self { "\\begin{\(name)} is never closed by \\end{\(name)}" }
    /// An `array` column specification letter other than l, c, r.
    static func unsupportedColumn(_ letter: Character) -> Self {
        "array columns are l, c or r; '\(letter)' is not supported"
    }
    static func alignInsideDisplay(_ name: String) -> Self {
        "\\begin{\(name)} must be the whole display equation; inside one, use aligned"
    }
    static func alignInline(_ name: String) -> Self {
        "\\begin{\(name)} works only in display math ($$…$$); inline, use aligned"
    }
    /// An environment the converter does not know, with the known one its name is likely a typo of.
    static func unsupportedEnvironment(_ name: String, suggestion: String? = nil) -> Self {
        "unsupported environment '\(name)'\(suggestion.map { "; did you mean '\($0)'?" } ?? "")"
    }
    static let substackWithoutBraces: Self = "\\substack expects its lines in braces"
}
