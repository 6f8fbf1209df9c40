import Diagnostics
import Markup

/// The numbering of one finished line: its tag's nodes (with parentheses), tag text, anchor and label.
typealias LineResult = (tag: [MNode]?, text: String?, anchor: String?, label: EquationLabel?)

extension Parser {
    // MARK: Atoms

    /// One atom without its scripts: a symbol, a number, a group, or a command with its arguments.
    /// Returns nil for what produces no output (`\label`, `\notag`, a recorded error).
    mutating func parseAtom(_ style: Style, _ font: Font?, singleToken: Bool = false) throws(Abort) -> MNode? {
        try enter()
        defer { depth -= 1 }
        skipSpace()
        guard let b = peek() else { return nil }
        if b == UInt8(ascii: "{") {
            var node = MNode.row(try parseGroup(style, font))
            node.limits = .beside
            node.isFunctionName = false
            return node
        }
        if b == UInt8(ascii: "\\") { return try parseCommand(style, font) }
        if Self.isDigit(b) || (b == UInt8(ascii: ".") && peek(1).map(Self.isDigit) == true) {
            let start = pos
            pos += 1
            if !singleToken {
                while let c = peek(),
                    Self.isDigit(c) || (c == UInt8(ascii: ".") && peek(1).map(Self.isDigit) == true)
                {
                    pos += 1
                }
            }
            let digits = String(decoding: bytes[start..<pos], as: UTF8.self)
            return .mn(font.map { $0.map(digits) } ?? digits)
        }
        if Self.isLetter(b) {
            let start = pos
            pos += 1
            if font == .roman && !singleToken {
                while let c = peek(), Self.isLetter(c) { pos += 1 }
            }
            return identifier(String(decoding: bytes[start..<pos], as: UTF8.self), font)
        }
        if b >= 0x80 {
            let length = Self.scalarLength(b)
            let text = String(decoding: bytes[pos..<min(pos + length, bytes.count)], as: UTF8.self)
            pos += length
            guard let scalar = text.unicodeScalars.first else { return nil }
            if scalar.properties.isAlphabetic { return identifier(text, font) }
            if scalar.properties.numericType != nil { return .mn(text) }
            return .mo(text)
        }
        pos += 1
        switch b {
        case UInt8(ascii: "-"): return .mo("−")
        case UInt8(ascii: "*"): return .mo("∗")
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "|"):
            return .mo(String(UnicodeScalar(b)), [("stretchy", "false")])
        case UInt8(ascii: "."):
            if peek() == UInt8(ascii: "."), peek(1) == UInt8(ascii: ".") {
                pos += 2
                return .mo("…")
            }
            return .mo(".", [("lspace", "0"), ("rspace", "0")])
        case UInt8(ascii: "~"): return .mtext("\u{00A0}")
        case UInt8(ascii: "'"):
            return .mo("′")
        case UInt8(ascii: "\""):
            error(pos - 1, .quoteInMath)
            return nil
        default:
            return .mo(String(UnicodeScalar(b)))
        }
    }

    /// `<mi>` for `text` in `font`.
    func identifier(_ text: String, _ font: Font?) -> MNode {
        guard let font else { return .mi(text) }
        if font == .roman { return .mi(text, normal: true) }
        return .mi(font.map(text))
    }

    // MARK: Commands

    mutating func parseCommand(_ style: Style, _ font: Font?) throws(Abort) -> MNode? {
        let start = pos
        let (name, end) = commandName(at: pos)
        pos = end
        if name.isEmpty {
            error(start, .loneBackslash)
            throw Abort()
        }
        if let symbol = Symbols.table[name] {
            switch symbol {
            case .identifier(let c): return identifier(c, font)
            case .upright(let c): return font == nil ? .mi(c, normal: true) : identifier(c, font)
            case .op(let c): return .mo(c)
            case .fence(let c): return .mo(c, [("stretchy", "false")])
            case .largeOp(let c, let limits):
                var node = MNode.mo(c)
                node.limits = limits
                return node
            case .function(let text, let limits):
                var node = MNode.mi(text)
                node.isFunctionName = true
                node.limits = limits
                return node
            }
        }
        if let width = Symbols.spaces[name] { return .space(width) }
        return try parseStructural(name, style, font, at: start)
    }

    // Every command that takes arguments has its own small function: they recurse through parseArgument, and
    // one big function holding all their temporaries would need kilobytes of stack per level of nesting.

    @inline(never)
    mutating func parseStructural(_ name: String, _ style: Style, _ font: Font?, at start: Int) throws(Abort)
        -> MNode?
    {
        if let (accent, stretchy) = Symbols.accents[name] {
            return try parseAccent(name, accent, stretchy, style, font, at: start)
        }
        if let (size, form) = Symbols.bigSizes[name] {
            return try parseBig(name, size, form, at: start)
        }
        if let newFont = Symbols.fonts[name] {
            return .row(try parseArgument(style, newFont, for: name, at: start))
        }
        switch name {
        case "frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom":
            return try parseFraction(name, style, font, at: start)
        case "sqrt": return try parseRoot(style, font, at: start)
        case "left": return try parseLeftRight(style, font, at: start)
        case "text", "textrm", "mbox", "textnormal", "textup":
            return .row(try parseText(nil, for: name, at: start))
        case "textbf", "textit", "textsf", "texttt":
            let textFont: Font = ["textbf": .bold, "textit": .italic, "textsf": .sansSerif][name] ?? .monospace
            return .row(try parseText(textFont, for: name, at: start))
        case "operatorname": return try parseOperatorName(style, at: start)
        case "begin": return try parseEnvironment(style, font, at: start)
        case "tag":
            try parseTag(at: start)
            return nil
        case "label":
            try parseLabel(at: start)
            return nil
        case "eqref", "ref": return try parseReference(name, at: start)
        case "notag", "nonumber": return nil
        case "swift": return try parseSwift(at: start)
        case "not": return try parseNot(style, font, at: start)
        case "overset", "stackrel", "underset", "underline", "overbrace", "underbrace", "phantom", "pmod":
            return try parseDecorated(name, style, font, at: start)
        case "substack": return try parseSubstack(font, at: start)
        case "bmod": return .mo("mod")
        case "mod": return MNode("mrow", children: [.space("1em"), .mi("mod"), .space("0.3333em")])
        case "limits", "nolimits":
            error(start, .limitsWithoutOperator(name))
            return nil
        case "displaystyle", "textstyle", "scriptstyle":
            error(start, .styleAsArgument(name))
            return nil
        default:
            // A name much longer than every command is no typo of one (and its edit distances cost).
            if name.utf8.count <= 40, let suggestion = Suggestion.closest(to: name, in: Symbols.allCommands) {
                error(start, .unsupportedCommand(name, suggestion: suggestion))
            } else {
                error(start, .unsupportedCommand(name))
            }
            return nil
        }
    }

    @inline(never)
    mutating func parseAccent(
        _ name: String, _ accent: String, _ stretchy: Bool, _ style: Style, _ font: Font?, at start: Int
    ) throws(Abort) -> MNode {
        let body = try parseArgument(style, font, for: name, at: start)
        return MNode(
            "mover", [("accent", "true")],
            children: [.row(body), .mo(accent, [("stretchy", stretchy ? "true" : "false")])])
    }

    @inline(never)
    mutating func parseBig(_ name: String, _ size: String, _ form: String?, at start: Int) throws(Abort) -> MNode {
        let delimiter = try readDelimiter(after: name, at: start)
        var attributes = [
            ("fence", "true"), ("stretchy", "true"), ("symmetric", "true"), ("minsize", size), ("maxsize", size),
        ]
        if let form { attributes.append(("form", form)) }
        return .mo(delimiter, attributes)
    }

    /// `\frac` and `\binom` with their `d` and `t` forms.
    @inline(never)
    mutating func parseFraction(_ name: String, _ style: Style, _ font: Font?, at start: Int) throws(Abort) -> MNode {
        let inner: Style =
            name == "dfrac" || name == "cfrac" || name == "dbinom"
            ? .text : name.hasPrefix("t") ? .script : style.fraction
        let top = try parseArgument(inner, font, for: name, at: start)
        let bottom = try parseArgument(inner, font, for: name, at: start)
        if name.hasSuffix("binom") {
            let fraction = MNode("mfrac", [("linethickness", "0")], children: [.row(top), .row(bottom)])
            return restyled(MNode("mrow", children: [.mo("("), fraction, .mo(")")]), from: style, for: name)
        }
        return restyled(MNode("mfrac", children: [.row(top), .row(bottom)]), from: style, for: name)
    }

    @inline(never)
    mutating func parseRoot(_ style: Style, _ font: Font?, at start: Int) throws(Abort) -> MNode {
        let index = try parseOptional(.script, font)
        let body = try parseArgument(style, font, for: "sqrt", at: start)
        if let index { return MNode("mroot", children: [.row(body), .row(index)]) }
        return MNode("msqrt", children: body)
    }

    /// `\operatorname{name}` (limits beside) and `\operatorname*{name}` (limits under and over in display).
    @inline(never)
    mutating func parseOperatorName(_ style: Style, at start: Int) throws(Abort) -> MNode {
        var limits = Limits.beside
        if peek() == UInt8(ascii: "*") {
            pos += 1
            limits = .displayOnly
        }
        let body = try parseArgument(style, .roman, for: "operatorname", at: start)
        var node: MNode
        if let text = plainText(body, tokensOnly: true) {
            node = .mi(text, normal: text.unicodeScalars.count == 1)
        } else {
            node = .row(body)
        }
        node.isFunctionName = true
        node.limits = limits
        return node
    }

    /// `\overset`, `\underset`, `\stackrel`, `\underline`, `\overbrace`, `\underbrace`, `\phantom`, `\pmod`.
    @inline(never)
    mutating func parseDecorated(_ name: String, _ style: Style, _ font: Font?, at start: Int) throws(Abort)
        -> MNode
    {
        switch name {
        case "overset", "stackrel", "underset":
            let script = try parseArgument(.script, font, for: name, at: start)
            let body = try parseArgument(style, font, for: name, at: start)
            return MNode(name == "underset" ? "munder" : "mover", children: [.row(body), .row(script)])
        case "underline":
            let body = try parseArgument(style, font, for: name, at: start)
            return MNode(
                "munder", [("accentunder", "true")], children: [.row(body), .mo("‾", [("stretchy", "true")])])
        case "overbrace", "underbrace":
            let body = try parseArgument(style, font, for: name, at: start)
            var node = MNode(
                name == "overbrace" ? "mover" : "munder",
                children: [.row(body), .mo(name == "overbrace" ? "⏞" : "⏟", [("stretchy", "true")])])
            node.limits = .always
            return node
        case "pmod":
            let body = try parseArgument(style, font, for: name, at: start)
            return MNode(
                "mrow",
                children: [.space("1em"), .mo("("), .mi("mod"), .space("0.3333em")] + body + [.mo(")")])
        default:
            return MNode("mphantom", children: try parseArgument(style, font, for: name, at: start))
        }
    }

    /// `node` wrapped in an `mstyle` when a `\dfrac`/`\tfrac` style differs from the surrounding one.
    func restyled(_ node: MNode, from style: Style, for name: String) -> MNode {
        if name.hasPrefix("d") || name == "cfrac", style != .display {
            return MNode("mstyle", [("displaystyle", "true"), ("scriptlevel", "0")], children: [node])
        }
        if name.hasPrefix("t"), style == .display {
            return MNode("mstyle", [("displaystyle", "false"), ("scriptlevel", "0")], children: [node])
        }
        return node
    }

    /// The text of token elements, or nil when `nodes` holds anything else (with `tokensOnly`).
    func plainText(_ nodes: [MNode], tokensOnly: Bool = false) -> String? {
        var text = ""
        for node in nodes {
            if let t = node.text {
                text += t
            } else if node.name == "mspace" {
                text += "\u{2009}"
            } else if tokensOnly {
                return nil
            } else if let inner = plainText(node.children) {
                text += inner
            }
        }
        return text.replacingNBSP()
    }

    /// `\left<delim> … \right<delim>`, with `\middle` inside.
    @inline(never)
    mutating func parseLeftRight(_ style: Style, _ font: Font?, at start: Int) throws(Abort) -> MNode {
        let open = try readDelimiter(after: "left", at: start)
        let (nodes, stop) = try parseList(style, font, until: [.right])
        guard stop == .right else {
            error(start, .leftWithoutRight)
            throw Abort()
        }
        let rightOffset = pos
        pos = commandName(at: pos).end
        let close = try readDelimiter(after: "right", at: rightOffset)
        let fence = [("fence", "true"), ("stretchy", "true"), ("symmetric", "true")]
        return MNode(
            "mrow",
            children: [.mo(open, fence + [("form", "prefix")])] + nodes + [.mo(close, fence + [("form", "postfix")])])
    }

    /// The delimiter after `\left`, `\right`, `\middle` or `\big`; `.` is the empty delimiter.
    mutating func readDelimiter(after command: String, at commandOffset: Int) throws(Abort) -> String {
        skipSpace()
        guard let b = peek() else {
            error(commandOffset, .needsDelimiter(command))
            throw Abort()
        }
        if b == UInt8(ascii: "\\") {
            let (name, end) = commandName(at: pos)
            if let delimiter = Symbols.delimiterCommands[name] {
                pos = end
                return delimiter
            }
            error(pos, .notADelimiter(name, for: command))
            throw Abort()
        }
        if let delimiter = Symbols.delimiterCharacters[b] {
            pos += 1
            return delimiter
        }
        error(pos, .needsDelimiter(command))
        throw Abort()
    }

    /// `\not` before a relation: its negated form.
    @inline(never)
    mutating func parseNot(_ style: Style, _ font: Font?, at start: Int) throws(Abort) -> MNode? {
        guard let next = try parseAtom(style, font, singleToken: true), next.name == "mo", let text = next.text
        else {
            error(start, .notWithoutRelation)
            return nil
        }
        let negated: [String: String] = [
            "=": "≠", "∈": "∉", "<": "≮", ">": "≯", "≤": "≰", "≥": "≱", "⊂": "⊄", "⊃": "⊅", "⊆": "⊈", "⊇": "⊉",
            "∼": "≁", "≡": "≢", "≈": "≉", "∃": "∄", "∋": "∌", "≅": "≇", "∣": "∤", "∥": "∦",
        ]
        return .mo(negated[text] ?? text + "\u{0338}")
    }

    // MARK: Text

    /// `{text}` in text mode: spaces kept, `~` a no-break space, `$…$` math inside.
    @inline(never)
    mutating func parseText(_ font: Font?, for command: String, at start: Int) throws(Abort) -> [MNode] {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else {
            error(start, .expectsTextInBraces(command))
            throw Abort()
        }
        let open = pos
        pos += 1
        var nodes: [MNode] = []
        var buffer: [UInt8] = []
        var depth = 1
        func flush() {
            guard !buffer.isEmpty else { return }
            // Spaces become no-break spaces: browsers drop spaces at the ends of a token element.
            var text = String(decoding: buffer, as: UTF8.self).replacingOccurrencesOfSpace()
            if let font { text = font.map(text) }
            nodes.append(.mtext(text))
            buffer.removeAll()
        }
        while let b = peek() {
            switch b {
            case UInt8(ascii: "{"):
                depth += 1
                pos += 1
            case UInt8(ascii: "}"):
                depth -= 1
                pos += 1
                if depth == 0 {
                    flush()
                    return nodes
                }
            case UInt8(ascii: "~"):
                buffer += Array("\u{00A0}".utf8)
                pos += 1
            case UInt8(ascii: "$"):
                flush()
                let dollar = pos
                pos += 1
                let (math, stop) = try parseList(.text, nil, until: [.dollar])
                if stop != .dollar {
                    error(dollar, .neverClosed("$"))
                    throw Abort()
                }
                nodes.append(contentsOf: math)
            case UInt8(ascii: "\\"):
                let commandStart = pos
                let (name, end) = commandName(at: pos)
                pos = end
                switch name {
                case " ", "{", "}", "$", "%", "&", "_", "#": buffer += Array(name.utf8)
                case ",", "thinspace": buffer += Array("\u{2009}".utf8)
                case "quad": buffer += Array("\u{2003}".utf8)
                case "qquad": buffer += Array("\u{2003}\u{2003}".utf8)
                case "textbackslash": buffer += Array("\\".utf8)
                default: error(commandStart, .unsupportedCommandInText(name))
                }
            case 0x0A, 0x09, 0x0D, 0x20:
                if buffer.last != 0x20 { buffer.append(0x20) }
                pos += 1
            default:
                buffer.append(b)
                pos += 1
            }
        }
        error(open, .neverClosed("{"))
        throw Abort()
    }

    // MARK: Numbering and references

    @inline(never)
    mutating func parseTag(at start: Int) throws(Abort) {
        var starred = false
        if peek() == UInt8(ascii: "*") {
            starred = true
            pos += 1
        }
        let content = try parseText(nil, for: "tag", at: start)
        if !display {
            error(start, .tagOutsideDisplay, aboutLabels: true)
            return
        }
        if noNumbering > 0 {
            error(start, .tagInsideTable, aboutLabels: true)
            return
        }
        if let first = line.tag {
            error(start, .secondTag(firstAt: describe(first.offset)), aboutLabels: true)
            return
        }
        let text = plainText(content) ?? ""
        var nodes = content
        if !starred {
            if nodes.count == 1, nodes[0].name == "mtext", let t = nodes[0].text {
                nodes = [.mtext("(" + t + ")")]
            } else {
                nodes = [.mtext("(")] + nodes + [.mtext(")")]
            }
        }
        if nodes.isEmpty { nodes = [.mtext("")] }
        line.tag = (nodes, text, start)
    }

    @inline(never)
    mutating func parseLabel(at start: Int) throws(Abort) {
        let (raw, _) = try rawArgument(for: "label", at: start)
        let name = raw.trimmingSpaces()
        if name.isEmpty {
            error(start, .labelWithoutName, aboutLabels: true)
            return
        }
        if !display {
            error(start, .labelOutsideDisplay, aboutLabels: true)
            return
        }
        if noNumbering > 0 {
            error(start, .labelInsideTable, aboutLabels: true)
            return
        }
        if let first = labelOffsets[name] {
            error(start, .duplicateLabel(name, firstAt: describe(first)), aboutLabels: true)
            return
        }
        if let first = line.label {
            error(start, .secondLabel(firstAt: describe(first.offset)), aboutLabels: true)
            return
        }
        labelOffsets[name] = start
        line.label = (name, start)
    }

    /// `\eqref{name}` → a link showing `(tag)`; `\ref{name}` → the same without parentheses.
    @inline(never)
    mutating func parseReference(_ command: String, at start: Int) throws(Abort) -> MNode? {
        let (raw, _) = try rawArgument(for: command, at: start)
        let name = raw.trimmingSpaces()
        if collectingLabels { return .mtext("(?)") }
        guard let label = context.labels[name] else {
            // Suggestions cost an edit distance per label: not for a page of thousands of them.
            if name.utf8.count <= 40, context.labels.count <= 500,
                let suggestion = Suggestion.closest(to: name, in: context.labels.keys)
            {
                error(start, .unknownLabel(name, suggestion: suggestion))
            } else if context.labels.isEmpty {
                error(start, .unknownLabelOnPageWithoutLabels(name))
            } else {
                error(start, .unknownLabel(name))
            }
            return nil
        }
        let shown = command == "eqref" ? label.referenceText : label.tag
        var node = MNode("mtext", [("class", "eqref")], text: nil)
        node.html = "<a href=\"#\(HTML.escape(label.anchor))\">\(HTML.escape(shown, quotes: false))</a>"
        return node
    }

    // MARK: Computed values

    /// `\swift{expr}`: the value the page's evaluator computes, as a number, column vector or `pmatrix`.
    @inline(never)
    mutating func parseSwift(at start: Int) throws(Abort) -> MNode? {
        let (expression, offset) = try rawArgument(for: "swift", at: start)
        if collectingLabels { return .mi("?") }
        guard let computed = context.computed else {
            error(start, .swiftNotEvaluated)
            return nil
        }
        if expression.trimmingSpaces().isEmpty {
            error(start, .swiftWithoutExpression)
            return nil
        }
        let value: MathValue
        do {
            value = try computed(expression, location(offset))
        } catch {
            diagnostics.append(contentsOf: error.diagnostics)
            return nil
        }
        return Self.render(value)
    }

    static func render(_ value: MathValue) -> MNode {
        switch value {
        case .number(let text):
            return number(text)
        case .vector(let entries):
            return pmatrix(entries.map { [$0] })
        case .matrix(let rows):
            return pmatrix(rows)
        }
    }

    static func number(_ text: String) -> MNode {
        if text.hasPrefix("-") || text.hasPrefix("−") {
            let magnitude = text.hasPrefix("-") ? String(text.dropFirst()) : String(text.dropFirst())
            return MNode("mrow", children: [.mo("−"), .mn(magnitude)])
        }
        return .mn(text)
    }

    static func pmatrix(_ rows: [[String]]) -> MNode {
        let trs = rows.map { row in
            MNode("mtr", children: row.map { MNode("mtd", children: [number($0)]) })
        }
        return fenced(MNode("mtable", children: trs), "(", ")")
    }

    /// `table` between stretchy fences; an empty fence is an empty `<mo>`, as `\left.` gives.
    static func fenced(_ table: MNode, _ open: String, _ close: String) -> MNode {
        let fence = [("fence", "true"), ("stretchy", "true"), ("symmetric", "true")]
        return MNode(
            "mrow",
            children: [.mo(open, fence + [("form", "prefix")]), table, .mo(close, fence + [("form", "postfix")])])
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    func replacingOccurrencesOfSpace() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == " " ? "\u{00A0}" : $0 }))
    }

    func replacingNBSP() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{00A0}" ? " " : $0 }))
    }
}

extension Diagnostic.Message {
    static let quoteInMath: Self = "'\"' is not allowed in math (use \\text{…} for quotations)"
    static let loneBackslash: Self = "a lone backslash at the end of the equation"
    /// `\displaystyle` and its kin (`name`) where a single argument is expected.
    static func styleAsArgument(_ name: String) -> Self {
        "\\\(name) cannot be used as an argument; put it inside braces"
    }
    /// A command the converter does not know, with the known command its name is likely a typo of.
    static func unsupportedCommand(_ name: String, suggestion: String? = nil) -> Self {
        "unsupported command \\\(name)\(suggestion.map { "; did you mean \\\($0)?" } ?? "")"
    }
    static let leftWithoutRight: Self = "\\left has no matching \\right"
    static func needsDelimiter(_ command: String) -> Self { "\\\(command) needs a delimiter such as ( [ \\{ | or ." }
    static func notADelimiter(_ name: String, for command: String) -> Self {
        "\\\(name) is not a delimiter for \\\(command)"
    }
    static let notWithoutRelation: Self = "\\not must be followed by a relation, as in \\not\\in"
    static func expectsTextInBraces(_ command: String) -> Self { "\\\(command) expects its text in braces" }
    static func unsupportedCommandInText(_ name: String) -> Self { "unsupported command \\\(name) in text" }
    static let tagOutsideDisplay: Self = "\\tag works only in display math ($$…$$)"
    static let tagInsideTable: Self = "\\tag inside a matrix or cases; put it at the end of the equation's line"
    /// `first` is where the line's first `\tag` is, as `line:column`.
    static func secondTag(firstAt first: String) -> Self { "a second \\tag on one line; the first is at \(first)" }
    static let labelWithoutName: Self = "\\label needs a name, as in \\label{eq:softmax}"
    static let labelOutsideDisplay: Self = "\\label works only in display math ($$…$$)"
    static let labelInsideTable: Self = "\\label inside a matrix or cases; put it at the end of the equation's line"
    /// `first` is where label `name` was first defined, as `line:column` or `file:line:column`.
    static func duplicateLabel(_ name: String, firstAt first: String) -> Self {
        "duplicate label '\(name)', first defined at \(first)"
    }
    static func secondLabel(firstAt first: String) -> Self { "a second \\label on one line; the first is at \(first)" }
    /// A reference to a label no equation defines, with the defined label it is likely a typo of.
    static func unknownLabel(_ name: String, suggestion: String? = nil) -> Self {
        "unknown equation label '\(name)'\(suggestion.map { "; did you mean '\($0)'?" } ?? "")"
    }
    static func unknownLabelOnPageWithoutLabels(_ name: String) -> Self {
        "unknown equation label '\(name)' (no display equation on this page has a \\label with a \\tag)"
    }
    static let swiftNotEvaluated: Self = "\\swift{…} is available only in pages whose Swift blocks are evaluated"
    static let swiftWithoutExpression: Self = "\\swift{…} needs an expression, as in \\swift{softmaxJacobian(z)}"
}
