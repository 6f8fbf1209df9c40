import Diagnostics

/// TeX's math styles, as far as layout needs them.
enum Style: Sendable {
    case display, text, script

    /// The style of a fraction's numerator and denominator.
    var fraction: Style { self == .display ? .text : .script }
}

/// Thrown after a diagnostic when the input's structure is too broken to go on.
struct Abort: Error {}

/// Where `Parser.location` last stopped, shared by the parser's copies (see ``LineTable/Cursor``).
final class PositionCursor {
    var cursor = LineTable.Cursor()
}

/// Why `parseList` stopped.
enum Stop: UInt8, Sendable {
    case eof, closeBrace, closeBracket, ampersand, rowEnd, end, right, dollar
}

/// Where `parseList` may stop: a set of ``Stop``s without the allocation of a `Set`.
struct Stops: OptionSet, Sendable {
    let rawValue: UInt8

    init(rawValue: UInt8) { self.rawValue = rawValue }

    static let eof = Stops(.eof)
    static let closeBrace = Stops(.closeBrace)
    static let closeBracket = Stops(.closeBracket)
    static let ampersand = Stops(.ampersand)
    static let rowEnd = Stops(.rowEnd)
    static let end = Stops(.end)
    static let right = Stops(.right)
    static let dollar = Stops(.dollar)

    private init(_ stop: Stop) { rawValue = 1 << stop.rawValue }
}

/// The numbering state of one line of an equation (the whole equation, or one row of `align`).
struct LineState {
    var tag: (nodes: [MNode], text: String, offset: Int)?
    var label: (name: String, offset: Int)?
}

/// The parsed equation, ready to be written.
struct EquationResult {
    var nodes: [MNode]
    var tags: [String?]
    var anchors: [String]
    var labels: [EquationLabel]
    /// Whether a tag is positioned against the `<math>` element, which must then be `position:relative`.
    var tagged = false
}

/// A recursive-descent parser from the LaTeX math subset to a tree of MathML elements.
///
/// It reads the UTF-8 bytes of the equation; every diagnostic is placed at the byte offset where the problem is,
/// translated to the line and column in the Markdown file. Recoverable problems (an unknown command) are recorded
/// and parsing goes on, so one run reports them all; structural ones (a brace never closed) stop it.
struct Parser {
    let bytes: [UInt8]
    var pos = 0
    let origin: SourceLocation
    let display: Bool
    let context: MathContext
    let collectingLabels: Bool
    var diagnostics: [Diagnostic] = []
    /// The diagnostics about tags and labels, which `equationLabels` reports.
    var labelDiagnostics: [Diagnostic] = []
    var labelsSoFar: [EquationLabel] = []
    var line = LineState()
    /// Depth of matrices and other places where `\tag` and `\label` make no sense.
    var noNumbering = 0
    /// How deeply groups and commands are nested (one level per atom and per group, so 100 is about 50 nested
    /// braces or fractions); bounded, so that no input can exhaust a thread's stack.
    var depth = 0
    static let maximumDepth = 100
    /// Names of all labels in this equation, for duplicates.
    var labelOffsets: [String: Int] = [:]
    /// Errors reported one by one in an equation; then one more says there are more, and parsing stops.
    static let maximumErrors = 20
    /// Where the last location was found, so that locations asked in increasing order cost the distance
    /// between them, not the distance from the start of the equation.
    private let positions = PositionCursor()

    /// The equation's lines, ending at `\n`.
    private let lines: LineTable

    init(_ tex: String, display: Bool, at origin: SourceLocation, context: MathContext, collectingLabels: Bool) {
        self.lines = LineTable(tex)
        self.bytes = lines.bytes
        self.origin = origin
        self.display = display
        self.context = context
        self.collectingLabels = collectingLabels
    }

    // MARK: Positions and diagnostics

    /// The location in the Markdown file of byte `offset` of the equation. Columns count Unicode scalars, as the
    /// Markdown layer's do (an `é` or a `∑` is one column); lines are counted at each `\n`.
    func location(_ offset: Int) -> SourceLocation {
        let position = lines.position(ofByte: offset, from: &positions.cursor)
        if position.line == 1 { return origin.advanced(columns: position.column - 1) }
        return SourceLocation(file: origin.file, line: origin.line + position.line - 1, column: position.column)
    }

    mutating func error(_ offset: Int, _ message: Diagnostic.Message, aboutLabels: Bool = false) {
        guard diagnostics.count <= Self.maximumErrors else { return }
        if diagnostics.count == Self.maximumErrors {
            // `parseList` stops at its next step: an equation of errors gives a short report, and quickly.
            diagnostics.append(.error(at: location(offset), .lastReported(message)))
            return
        }
        let diagnostic = Diagnostic.error(at: location(offset), message)
        diagnostics.append(diagnostic)
        if aboutLabels { labelDiagnostics.append(diagnostic) }
    }

    func describe(_ offset: Int) -> String {
        let l = location(offset)
        return "\(l.line):\(l.column)"
    }

    // MARK: Reading bytes

    var atEnd: Bool { pos >= bytes.count }

    func peek(_ ahead: Int = 0) -> UInt8? {
        pos + ahead < bytes.count ? bytes[pos + ahead] : nil
    }

    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

    /// Skips white space and `%` comments.
    mutating func skipSpace() {
        while pos < bytes.count {
            let b = bytes[pos]
            if Self.isSpace(b) {
                pos += 1
            } else if b == UInt8(ascii: "%") {
                while pos < bytes.count && bytes[pos] != 0x0A { pos += 1 }
            } else {
                return
            }
        }
    }

    /// The name of the command whose backslash is at `offset`, and the offset after it.
    func commandName(at offset: Int) -> (name: String, end: Int) {
        var i = offset + 1
        guard i < bytes.count else { return ("", i) }
        if Self.isLetter(bytes[i]) {
            while i < bytes.count && Self.isLetter(bytes[i]) { i += 1 }
        } else {
            i += Self.scalarLength(bytes[i])
        }
        return (String(decoding: bytes[(offset + 1)..<min(i, bytes.count)], as: UTF8.self), min(i, bytes.count))
    }

    static func scalarLength(_ lead: UInt8) -> Int {
        if lead < 0x80 { return 1 }
        if lead >= 0xF0 { return 4 }
        if lead >= 0xE0 { return 3 }
        return 2
    }

    /// Reads `{raw text}` with balanced braces, returning the text and the offset of its first byte.
    mutating func rawArgument(for command: String, at commandOffset: Int) throws(Abort) -> (String, Int) {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else {
            error(commandOffset, .expectsArgumentInBraces(command))
            throw Abort()
        }
        let open = pos
        pos += 1
        var depth = 1
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\\") {
                pos += 2
                continue
            }
            if b == UInt8(ascii: "{") { depth += 1 }
            if b == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 {
                    let text = String(decoding: bytes[(open + 1)..<pos], as: UTF8.self)
                    pos += 1
                    return (text, open + 1)
                }
            }
            pos += 1
        }
        error(open, .neverClosed("{"))
        throw Abort()
    }

    // MARK: Equations

    mutating func parseEquation() -> EquationResult? {
        do {
            skipSpace()
            if display, let env = peekBegin(), env == "align" || env == "align*" {
                return try parseAlign()
            }
            let (nodes, stop) = try parseList(display ? .display : .text, nil, until: [.eof])
            _ = stop
            return finishSingleLine(nodes)
        } catch {
            // Abort carries nothing: whoever threw it recorded the diagnostic first.
            return nil
        }
    }

    /// The environment name when the input at `pos` is `\begin{name}`.
    func peekBegin() -> String? {
        guard peek() == UInt8(ascii: "\\"), commandName(at: pos).name == "begin" else { return nil }
        var i = commandName(at: pos).end
        while i < bytes.count && Self.isSpace(bytes[i]) { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        let start = i + 1
        while i < bytes.count && bytes[i] != UInt8(ascii: "}") { i += 1 }
        return String(decoding: bytes[start..<min(i, bytes.count)], as: UTF8.self)
    }

    /// The equation's nodes; with a `\tag`, a one-cell table whose cell also holds the tag (see `attachTag`).
    mutating func finishSingleLine(_ nodes: [MNode]) -> EquationResult {
        let numbering = finishLine()
        guard let tag = numbering.tag else {
            return EquationResult(nodes: nodes, tags: [nil], anchors: [], labels: [])
        }
        var cell = MNode("mtd", children: nodes)
        Self.attachTag(tag, to: &cell)
        var row = MNode("mtr", children: [cell])
        if let anchor = numbering.anchor { row.attributes.append(("id", anchor)) }
        let table = MNode("mtable", [("displaystyle", "true"), ("scriptlevel", "0")], children: [row])
        return EquationResult(
            nodes: [table], tags: [numbering.text], anchors: numbering.anchor.map { [$0] } ?? [],
            labels: numbering.label.map { [$0] } ?? [], tagged: true)
    }

    /// Puts the tag at the right edge of the `<math>` element, on the baseline of `cell`'s row.
    ///
    /// Chromium (MathML Core) ignores widths on `mtable` and `mtd`, so a full-width table with a right-aligned
    /// tag column collapses and the tag ends up next to the equation. Instead the tag is an absolutely positioned
    /// `mrow` (`right:0` against the `<math>`, which is `position:relative`), placed inside the line's last cell.
    /// Its static vertical position is the top of that cell's content, so it starts with an invisible copy
    /// (`mphantom`) of the cell: the tag then sits on the same baseline as the equation, whatever its height.
    static func attachTag(_ tag: [MNode], to cell: inout MNode) {
        let phantom = MNode("mphantom", children: cell.children)
        cell.children.append(
            MNode(
                "mrow", [("class", "tag"), ("style", "position:absolute;right:0")],
                children: [phantom, .row(tag)]))
    }

    /// Closes the current line: its tag's nodes and text, anchor and label; resets the line state.
    mutating func finishLine() -> LineResult {
        defer { line = LineState() }
        guard let tag = line.tag else {
            if let label = line.label {
                error(label.offset, .labelWithoutTag(label.name), aboutLabels: true)
            }
            return (nil, nil, nil, nil)
        }
        guard let label = line.label else { return (tag.nodes, tag.text, nil, nil) }
        let equationLabel = EquationLabel(name: label.name, tag: tag.text, location: location(label.offset))
        labelsSoFar.append(equationLabel)
        return (tag.nodes, tag.text, equationLabel.anchor, equationLabel)
    }

    /// `\begin{align}` … `\end{align}` as the whole equation: one table row per line, each with its own tag.
    mutating func parseAlign() throws(Abort) -> EquationResult {
        let beginOffset = pos
        let name = try readBegin()
        let parsed = try parseRows(.display, nil, environment: name, at: beginOffset, numbered: true)
        skipSpace()
        if !atEnd {
            error(pos, .textAfterAlign(name))
            throw Abort()
        }
        let columns = parsed.map(\.cells.count).max() ?? 0
        var trs: [MNode] = []
        var result = EquationResult(nodes: [], tags: [], anchors: [], labels: [])
        for (cells, numbering) in parsed {
            var tds = alignedCells(cells, columns: columns)
            var tr = MNode("mtr", children: [])
            if let numbering, let tag = numbering.tag {
                // The tag goes into the last cell that has content, so it can copy that cell's height.
                let index = tds.lastIndex { !$0.children.isEmpty } ?? tds.count - 1
                Self.attachTag(tag, to: &tds[index])
                result.tagged = true
                if let anchor = numbering.anchor {
                    tr.attributes.append(("id", anchor))
                    result.anchors.append(anchor)
                }
                if let label = numbering.label { result.labels.append(label) }
            }
            tr.children = tds
            result.tags.append(numbering?.text)
            trs.append(tr)
        }
        result.nodes = [MNode("mtable", [("displaystyle", "true"), ("scriptlevel", "0")], children: trs)]
        return result
    }

    /// Cells of `align`/`aligned`: right-aligned then left-aligned, in pairs, with no gap inside a pair.
    func alignedCells(_ cells: [[MNode]], columns: Int) -> [MNode] {
        var tds: [MNode] = []
        for index in 0..<max(columns, 1) {
            var nodes = index < cells.count ? cells[index] : []
            let right = index % 2 == 0
            // A cell that starts with a relation (`&= b`) gets an empty base, so `=` keeps its spacing.
            if !right, let first = nodes.first, first.name == "mo" { nodes.insert(MNode("mrow", children: []), at: 0) }
            let style = right ? "text-align:right;padding-right:0" : "text-align:left;padding-left:0"
            tds.append(MNode("mtd", [("columnalign", right ? "right" : "left"), ("style", style)], children: nodes))
        }
        return tds
    }

    // MARK: Lists

    /// Parses atoms with their scripts until one of `stops` (or the end of input); `&`, `\\`, `}` and the like
    /// that are not in `stops` are errors here.
    mutating func parseList(_ style: Style, _ font: Font?, until stops: Stops) throws(Abort) -> (
        [MNode], Stop
    ) {
        try enter()
        defer { depth -= 1 }
        var nodes: [MNode] = []
        while true {
            if diagnostics.count > Self.maximumErrors { throw Abort() }
            skipSpace()
            guard let b = peek() else { return (nodes, .eof) }
            let start = pos
            switch b {
            case UInt8(ascii: "}"):
                if stops.contains(.closeBrace) {
                    pos += 1
                    return (nodes, .closeBrace)
                }
                error(pos, .unmatchedCloseBrace)
                pos += 1
                continue
            case UInt8(ascii: "]") where stops.contains(.closeBracket):
                pos += 1
                return (nodes, .closeBracket)
            case UInt8(ascii: "&"):
                if stops.contains(.ampersand) {
                    pos += 1
                    return (nodes, .ampersand)
                }
                error(pos, .ampersandOutsideTable)
                pos += 1
                continue
            case UInt8(ascii: "$"):
                if stops.contains(.dollar) {
                    pos += 1
                    return (nodes, .dollar)
                }
                error(pos, .dollarInsideMath)
                pos += 1
                continue
            case UInt8(ascii: "#"):
                error(pos, .hashInMath)
                pos += 1
                continue
            case UInt8(ascii: "\\"):
                let (name, end) = commandName(at: pos)
                switch name {
                case "\\":
                    if stops.contains(.rowEnd) {
                        pos = end
                        skipOptionalBracket()
                        return (nodes, .rowEnd)
                    }
                    error(pos, .newLineOutsideTable)
                    pos = end
                    continue
                case "end":
                    if stops.contains(.end) { return (nodes, .end) }
                    pos = end
                    let (envName, _) = try rawArgument(for: "end", at: start)
                    error(start, .endWithoutBegin(envName))
                    throw Abort()
                case "right":
                    if stops.contains(.right) { return (nodes, .right) }
                    error(pos, .rightWithoutLeft)
                    throw Abort()
                case "middle":
                    pos = end
                    if stops.contains(.right) {
                        let delimiter = try readDelimiter(after: "middle", at: start)
                        nodes.append(.mo(delimiter, [("fence", "true"), ("stretchy", "true"), ("symmetric", "true")]))
                    } else {
                        error(start, .middleOutsideLeftRight)
                        _ = try? readDelimiter(after: "middle", at: start)
                    }
                    continue
                case "displaystyle", "textstyle", "scriptstyle":
                    pos = end
                    let newStyle: Style = name == "displaystyle" ? .display : name == "textstyle" ? .text : .script
                    let (rest, stop) = try parseList(newStyle, font, until: stops)
                    let attributes = [
                        ("displaystyle", newStyle == .display ? "true" : "false"),
                        ("scriptlevel", newStyle == .script ? "1" : "0"),
                    ]
                    nodes.append(MNode("mstyle", attributes, children: rest))
                    return (nodes, stop)
                default:
                    break
                }
            default:
                break
            }
            var base: MNode?
            if b == UInt8(ascii: "^") || b == UInt8(ascii: "_") || b == UInt8(ascii: "'") {
                base = MNode("mrow", children: [])
            } else {
                base = try parseAtom(style, font)
            }
            guard var base else { continue }
            let isFunction = base.isFunctionName
            base = try parseScripts(base, style, font)
            if Self.isUnary(base, after: nodes.last) {
                base.attributes += [("lspace", "0"), ("rspace", "0")]
            }
            nodes.append(base)
            if isFunction { nodes.append(.mo("\u{2061}")) }
        }
    }

    /// Whether `node` is a sign (`-x`, `= -y`) rather than a binary operator: TeX spaces a binary `−` but not
    /// a sign, and browsers would space it as binary when it follows a relation inside a row.
    static func isUnary(_ node: MNode, after previous: MNode?) -> Bool {
        guard node.name == "mo", let text = node.text, ["−", "+", "±", "∓"].contains(text) else { return false }
        guard let previous else { return false }  // first in a row: browsers already treat it as prefix
        guard previous.name == "mo", let before = previous.text else { return false }
        return ![")", "]", "|", "}", "⟩", "‖", "⌋", "⌉", "!", "′"].contains(before)
    }

    /// Counts one more level of nesting, or stops when there are too many.
    mutating func enter() throws(Abort) {
        depth += 1
        if depth > Self.maximumDepth {
            error(pos, .nestedTooDeeply(levels: Self.maximumDepth))
            throw Abort()
        }
    }

    /// Parses `{…}` at `pos` as a group and returns its nodes.
    mutating func parseGroup(_ style: Style, _ font: Font?) throws(Abort) -> [MNode] {
        let open = pos
        pos += 1
        let (nodes, stop) = try parseList(style, font, until: [.closeBrace])
        if stop != .closeBrace {
            error(open, .neverClosed("{"))
            throw Abort()
        }
        return nodes
    }

    /// A command's mandatory argument: a braced group, or a single token.
    mutating func parseArgument(
        _ style: Style, _ font: Font?, for command: String, at commandOffset: Int
    ) throws(Abort) -> [MNode] {
        skipSpace()
        guard let b = peek(), b != UInt8(ascii: "}"), b != UInt8(ascii: "&"), b != UInt8(ascii: "^"),
            b != UInt8(ascii: "_")
        else {
            error(commandOffset, .missingArgument(command))
            throw Abort()
        }
        if b == UInt8(ascii: "{") { return try parseGroup(style, font) }
        if b == UInt8(ascii: "\\") {
            let name = commandName(at: pos).name
            if name == "\\" || name == "end" || name == "right" {
                error(commandOffset, .missingArgument(command))
                throw Abort()
            }
        }
        guard let node = try parseAtom(style, font, singleToken: true) else { return [] }
        return [node]
    }

    /// An optional argument in `[…]`, or nil.
    mutating func parseOptional(_ style: Style, _ font: Font?) throws(Abort) -> [MNode]? {
        skipSpace()
        guard peek() == UInt8(ascii: "[") else { return nil }
        let open = pos
        pos += 1
        let (nodes, stop) = try parseList(style, font, until: [.closeBracket])
        if stop != .closeBracket {
            error(open, .neverClosed("["))
            throw Abort()
        }
        return nodes
    }

    mutating func skipOptionalBracket() {
        var i = pos
        while i < bytes.count && Self.isSpace(bytes[i]) { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return }
        while i < bytes.count && bytes[i] != UInt8(ascii: "]") { i += 1 }
        pos = min(i + 1, bytes.count)
    }

    // MARK: Scripts

    @inline(never)
    mutating func parseScripts(_ base: MNode, _ style: Style, _ font: Font?) throws(Abort) -> MNode {
        var base = base
        var sub: [MNode]?
        var sup: [MNode]?
        var primes = 0
        while true {
            skipSpace()
            guard let b = peek() else { break }
            if b == UInt8(ascii: "^") || b == UInt8(ascii: "_") {
                let isSup = b == UInt8(ascii: "^")
                let at = pos
                pos += 1
                if isSup ? sup != nil : sub != nil {
                    error(at, isSup ? .doubleSuperscript : .doubleSubscript)
                }
                let argument = try parseArgument(.script, font, for: isSup ? "^" : "_", at: at)
                if isSup { sup = argument } else { sub = argument }
            } else if b == UInt8(ascii: "'") {
                if sup != nil { error(pos, .primeAfterSuperscript) }
                while peek() == UInt8(ascii: "'") {
                    primes += 1
                    pos += 1
                }
            } else if b == UInt8(ascii: "\\") {
                let (name, end) = commandName(at: pos)
                if name == "limits" || name == "nolimits" {
                    if base.limits == .beside && base.name != "mo" && !base.isFunctionName {
                        error(pos, .limitsWithoutOperator(name))
                    }
                    base.limits = name == "limits" ? .always : .beside
                    pos = end
                } else {
                    break
                }
            } else {
                break
            }
        }
        if primes > 0 {
            let prime = MNode.mo(["′", "″", "‴", "⁗"][min(primes, 4) - 1])
            sup = [prime] + (sup ?? [])
        }
        if sub == nil && sup == nil { return base }
        let limits = base.limits == .always || (base.limits == .displayOnly && style == .display)
        base.isFunctionName = false
        base.limits = .beside
        switch (sub, sup) {
        case (let sub?, let sup?):
            return MNode(limits ? "munderover" : "msubsup", children: [base, .row(sub), .row(sup)])
        case (let sub?, nil):
            return MNode(limits ? "munder" : "msub", children: [base, .row(sub)])
        case (nil, let sup?):
            return MNode(limits ? "mover" : "msup", children: [base, .row(sup)])
        default:
            return base
        }
    }
}

extension Diagnostic.Message {
    /// The last error reported for one equation, after which the rest are dropped.
    static func lastReported(_ message: Self) -> Self {
        "\(message.text); further errors in this equation are not reported"
    }
    /// `open` (`{`, `[`, `$`, `(`) without its closing partner.
    static func neverClosed(_ open: String) -> Self { "'\(open)' is never closed" }
    static func expectsArgumentInBraces(_ command: String) -> Self { "\\\(command) expects an argument in braces" }
    static func missingArgument(_ command: String) -> Self { "\\\(command) is missing an argument" }
    static func labelWithoutTag(_ name: String) -> Self {
        "\\label{\(name)} needs a \\tag{…} on the same line: only tagged equations are numbered"
    }
    static func textAfterAlign(_ name: String) -> Self {
        "nothing may follow \\end{\(name)}: align must be the whole display equation"
    }
    static let unmatchedCloseBrace: Self = "unmatched '}'"
    static let ampersandOutsideTable: Self = "'&' outside of a matrix, cases or aligned environment"
    static let dollarInsideMath: Self = "'$' inside math"
    static let hashInMath: Self = "'#' is not allowed in math (write \\# for the sign)"
    static let newLineOutsideTable: Self = "'\\\\' (new line) outside of a matrix, cases or aligned environment"
    static func endWithoutBegin(_ name: String) -> Self { "\\end{\(name)} has no matching \\begin{\(name)}" }
    static let rightWithoutLeft: Self = "\\right without a matching \\left"
    static let middleOutsideLeftRight: Self = "\\middle outside of \\left … \\right"
    static func nestedTooDeeply(levels: Int) -> Self { "the equation is nested more than \(levels) levels deep" }
    static let doubleSuperscript: Self = "double superscript: use braces, as in x^{a^b}"
    static let doubleSubscript: Self = "double subscript"
    static let primeAfterSuperscript: Self = "a prime after a superscript: write the prime first, as in f'^2"
    /// `\limits` or `\nolimits` (`name`) after something that is not a large operator.
    static func limitsWithoutOperator(_ name: String) -> Self {
        "\\\(name) must follow a large operator such as \\sum or \\int"
    }
}
