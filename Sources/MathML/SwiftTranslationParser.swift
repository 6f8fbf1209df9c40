import Diagnostics

/// A problem at a scalar offset of the equation.
struct TranslationError: Error {
    var offset: Int
    var message: Diagnostic.Message
}

/// A lexical unit of the evaluable LaTeX; offsets count Unicode scalars of the equation.
struct Token {
    enum Kind { case number, letter, command, symbol, begin, end, rowEnd }
    var kind: Kind
    var text: String
    var start: Int
    var end: Int

    /// How an error names it.
    var described: String {
        switch kind {
        case .command: "\\" + text
        case .begin: "\\begin{\(text)}"
        case .end: "\\end{\(text)}"
        case .rowEnd: "\\\\"
        default: "'\(text)'"
        }
    }
}

extension SwiftTranslation {
    /// Environments that only lay rows out: their `\begin`/`\end` are dropped.
    static let layoutEnvironments: Set<String> = ["aligned", "align", "align*", "split", "gathered", "equation"]

    /// The tokens of `s`: spaces, comments, `&`, `~`, spacing commands, `\tag{…}`, `\label{…}` and the
    /// `\begin`/`\end` of layout environments are dropped.
    static func tokenize(_ s: [Unicode.Scalar]) throws(TranslationError) -> [Token] {
        func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        var tokens: [Token] = []
        var i = 0
        func skipGroup() throws(TranslationError) {
            while i < s.count && (s[i] == " " || s[i] == "\n" || s[i] == "*") { i += 1 }
            guard i < s.count, s[i] == "{" else { return }
            let open = i
            var depth = 0
            while i < s.count {
                if s[i] == "{" { depth += 1 }
                if s[i] == "}" {
                    depth -= 1
                    if depth == 0 {
                        i += 1
                        return
                    }
                }
                i += 1
            }
            throw TranslationError(offset: open, message: .neverClosed("{"))
        }
        while i < s.count {
            let c = s[i]
            if c == " " || c == "\n" || c == "\t" || c == "\r" || c == "&" || c == "~" {
                i += 1
            } else if c == "%" {
                while i < s.count && s[i] != "\n" { i += 1 }
            } else if isDigit(c) || (c == "." && i + 1 < s.count && isDigit(s[i + 1])) {
                let start = i
                while i < s.count && isDigit(s[i]) { i += 1 }
                if i + 1 < s.count && s[i] == "." && isDigit(s[i + 1]) {
                    i += 1
                    while i < s.count && isDigit(s[i]) { i += 1 }
                }
                tokens.append(
                    Token(kind: .number, text: String(String.UnicodeScalarView(s[start..<i])), start: start, end: i))
            } else if isLetter(c) {
                tokens.append(Token(kind: .letter, text: String(c), start: i, end: i + 1))
                i += 1
            } else if c == "\\" {
                let start = i
                guard i + 1 < s.count else { throw TranslationError(offset: i, message: .trailingBackslash) }
                if s[i + 1] == "\\" {
                    i += 2
                    tokens.append(Token(kind: .rowEnd, text: "\\\\", start: start, end: i))
                    continue
                }
                i += 1
                if isLetter(s[i]) {
                    while i < s.count && isLetter(s[i]) { i += 1 }
                } else {
                    i += 1
                }
                let name = String(String.UnicodeScalarView(s[(start + 1)..<i]))
                switch name {
                case ",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "textstyle", "nonumber", "notag",
                    "limits", "nolimits":
                    continue
                case "tag", "label":
                    try skipGroup()
                case "begin", "end":
                    while i < s.count && s[i] == " " { i += 1 }
                    guard i < s.count, s[i] == "{" else {
                        throw TranslationError(offset: start, message: .expectsEnvironmentName(name))
                    }
                    let open = i
                    while i < s.count && s[i] != "}" { i += 1 }
                    guard i < s.count else { throw TranslationError(offset: open, message: .neverClosed("{")) }
                    let environment = String(String.UnicodeScalarView(s[(open + 1)..<i]))
                    i += 1
                    if layoutEnvironments.contains(environment) { continue }
                    tokens.append(Token(kind: name == "begin" ? .begin : .end, text: environment, start: start, end: i))
                default:
                    tokens.append(Token(kind: .command, text: name, start: start, end: i))
                }
            } else {
                tokens.append(Token(kind: .symbol, text: String(c), start: i, end: i + 1))
                i += 1
            }
        }
        return tokens
    }
}

/// A translated part of an expression.
struct Value {
    enum Kind { case real, integer, vector, matrix }
    var code: String
    var kind: Kind
    /// Needs no parentheses as an operand.
    var atomic: Bool
    /// A chain of `*` and `/` at its top level (a left operand of `*` or `/` needs no parentheses).
    var product = false
    /// For integers of the form `base + constant` (either may be missing): index arithmetic stays readable.
    var linear: (base: String?, constant: Int)?
    /// Where it starts, and how errors name it.
    var offset: Int
    var name: String

    static func integer(_ linear: (base: String?, constant: Int), offset: Int, name: String) -> Value {
        let code = TranslationParser.format(linear)
        return Value(
            code: code, kind: .integer, atomic: linear.base == nil ? linear.constant >= 0 : linear.constant == 0,
            linear: linear, offset: offset, name: name)
    }
}

/// A recursive-descent parser of one side of an equation, producing Swift text as it goes.
struct TranslationParser {
    let tokens: [Token]
    var pos: Int
    var limit: Int
    let bindings: EquationBindings
    /// The scalar offset of the end of the equation, for errors at the end.
    let end: Int
    var depth = 0
    var absoluteDepth = 0
    var localIndices: [String] = []
    var freeIndices: Set<String> = []

    init(tokens: [Token], range: Range<Int>, bindings: EquationBindings, end: Int) {
        self.tokens = tokens
        self.pos = range.lowerBound
        self.limit = range.upperBound
        self.bindings = bindings
        self.end = end
    }

    // MARK: Tokens

    var current: Token? { pos < limit ? tokens[pos] : nil }

    func isSymbol(_ text: String) -> Bool { current.map { $0.kind == .symbol && $0.text == text } ?? false }
    func isCommand(_ text: String) -> Bool { current.map { $0.kind == .command && $0.text == text } ?? false }

    var here: Int { current?.start ?? (limit < tokens.count ? tokens[limit].start : end) }

    func failure(_ message: Diagnostic.Message, at offset: Int? = nil) -> TranslationError {
        TranslationError(offset: offset ?? here, message: message)
    }

    func unexpected() -> TranslationError {
        guard let token = current else { return failure(.expectedExpression) }
        return failure(.cannotEvaluate(token.described), at: token.start)
    }

    mutating func expectSymbol(_ text: String, closing open: Token? = nil) throws(TranslationError) {
        guard isSymbol(text) else {
            if let open, current == nil { throw failure(.neverClosed(open.text), at: open.start) }
            throw current == nil ? failure(.expected(text)) : unexpected()
        }
        pos += 1
    }

    mutating func enter() throws(TranslationError) {
        depth += 1
        if depth > SwiftTranslation.maximumDepth {
            throw failure(.nestedTooDeeplyToEvaluate(levels: SwiftTranslation.maximumDepth))
        }
    }

    // MARK: Conversions

    static func format(_ linear: (base: String?, constant: Int)) -> String {
        guard let base = linear.base else { return "\(linear.constant)" }
        if linear.constant == 0 { return base }
        return linear.constant > 0 ? "\(base) + \(linear.constant)" : "\(base) - \(-linear.constant)"
    }

    /// `value` as a `Double` expression.
    func real(_ value: Value) throws(TranslationError) -> Value {
        switch value.kind {
        case .real: return value
        case .integer:
            if let linear = value.linear, linear.base == nil {
                return Value(
                    code: "\(linear.constant).0", kind: .real, atomic: linear.constant >= 0, offset: value.offset,
                    name: value.name)
            }
            return Value(
                code: "Double(\(value.code))", kind: .real, atomic: true, offset: value.offset, name: value.name)
        case .vector:
            throw failure(.vectorWithoutIndex(value.name), at: value.offset)
        case .matrix:
            throw failure(.matrixWithoutIndices(value.name), at: value.offset)
        }
    }

    /// The Swift subscript (0-based) for the math index `value`.
    func subscriptCode(_ value: Value) throws(TranslationError) -> String {
        guard value.kind == .integer else {
            throw failure(.nonIntegerIndex, at: value.offset)
        }
        if let linear = value.linear { return Self.format((linear.base, linear.constant - bindings.indexBase)) }
        return bindings.indexBase == 0 ? value.code : "\(value.code) - \(bindings.indexBase)"
    }

    /// The Swift postfix that takes element `index` (0-based code) of an array.
    func subscripted(_ index: String) -> String {
        bindings.safeSubscripts ? "._literateAt(\(index))" : "[\(index)]"
    }

    func operand(_ value: Value) -> String { value.atomic ? value.code : "(\(value.code))" }

    // MARK: Sides and expressions

    mutating func parseSide() throws(TranslationError) -> String {
        let value = try real(parseExpression())
        while isSymbol(",") || isSymbol(".") || isSymbol(";") { pos += 1 }
        if current != nil { throw unexpected() }
        return value.code
    }

    /// `[+-] term ([+-] term)*`
    mutating func parseExpression() throws(TranslationError) -> Value {
        try enter()
        defer { depth -= 1 }
        var signs: [String] = []
        var terms: [Value] = []
        var sign = "+"
        if isSymbol("+") || isSymbol("-") {
            sign = current!.text
            pos += 1
        }
        while true {
            signs.append(sign)
            terms.append(try parseTerm())
            guard isSymbol("+") || isSymbol("-") else { break }
            sign = current!.text
            pos += 1
        }
        if terms.count == 1 && signs[0] == "+" { return terms[0] }
        if terms.allSatisfy({ $0.kind == .integer }) {
            var linear: (base: String?, constant: Int)? = (nil, 0)
            for (sign, term) in zip(signs, terms) {
                guard let sum = linear, let add = term.linear else {
                    linear = nil
                    break
                }
                if add.base != nil && (sum.base != nil || sign == "-") {
                    linear = nil
                    break
                }
                linear = (sum.base ?? add.base, sign == "+" ? sum.constant + add.constant : sum.constant - add.constant)
            }
            if let linear { return .integer(linear, offset: terms[0].offset, name: terms[0].name) }
            return Value(
                code: chain(signs, zip(signs, terms).enumerated().map { summand($1.1, first: $0 == 0, sign: $1.0) }),
                kind: .integer, atomic: false, offset: terms[0].offset,
                name: terms[0].name)
        }
        var codes: [String] = []
        for (sign, term) in zip(signs, terms) {
            codes.append(summand(try real(term), first: codes.isEmpty, sign: sign))
        }
        return Value(
            code: chain(signs, codes), kind: .real, atomic: false, offset: terms[0].offset, name: terms[0].name)
    }

    /// A term of a sum: a product needs no parentheses, except after a leading minus.
    func summand(_ term: Value, first: Bool, sign: String) -> String {
        term.product && !(first && sign == "-") ? term.code : operand(term)
    }

    func chain(_ signs: [String], _ codes: [String]) -> String {
        var code = signs[0] == "-" ? "-" + codes[0] : codes[0]
        for (sign, next) in zip(signs.dropFirst(), codes.dropFirst()) { code += " \(sign) \(next)" }
        return code
    }

    /// Whether the current token can start a factor of an implicit product.
    var startsFactor: Bool {
        guard let token = current else { return false }
        switch token.kind {
        case .number, .letter: return true
        case .command: return !["cdot", "times", "right", "rvert", "}", "rangle", "middle"].contains(token.text)
        case .symbol: return ["(", "[", "{"].contains(token.text) || (token.text == "|" && absoluteDepth == 0)
        case .begin: return true
        case .end, .rowEnd: return false
        }
    }

    /// `factor ((\cdot | \times | * | / | implicit) factor)*`
    mutating func parseTerm() throws(TranslationError) -> Value {
        var value = try parseFactor()
        while true {
            if isCommand("cdot") || isCommand("times") || isSymbol("*") {
                pos += 1
                value = try multiply(value, parseFactor(), "*")
            } else if isSymbol("/") {
                pos += 1
                value = try multiply(value, parseFactor(), "/")
            } else if startsFactor {
                value = try multiply(value, parseFactor(), "*")
            } else {
                return value
            }
        }
    }

    func multiply(_ left: Value, _ right: Value, _ op: String) throws(TranslationError) -> Value {
        if op == "*" && left.kind == .integer && right.kind == .integer {
            return Value(
                code: "\(operand(left)) * \(operand(right))", kind: .integer, atomic: false, product: true,
                offset: left.offset, name: left.name)
        }
        let l = try real(left)
        let r = try real(right)
        let leftCode = l.product ? l.code : operand(l)
        return Value(
            code: "\(leftCode) \(op) \(operand(r))", kind: .real, atomic: false, product: true, offset: l.offset,
            name: l.name)
    }

    /// `[-] primary (^ script)*`
    mutating func parseFactor() throws(TranslationError) -> Value {
        try enter()
        defer { depth -= 1 }
        if isSymbol("-") {
            let offset = here
            pos += 1
            let value = try real(parseFactor())
            return Value(code: "-" + operand(value), kind: .real, atomic: false, offset: offset, name: value.name)
        }
        var value = try parsePrimary()
        while isSymbol("^") {
            pos += 1
            let exponent = try real(parseScript())
            let base = try real(value)
            value = Value(
                code: "pow(\(base.code), \(exponent.code))", kind: .real, atomic: true, offset: base.offset,
                name: base.name)
        }
        if isSymbol("_") { throw failure(.cannotEvaluateSubscript) }
        if isSymbol("'") { throw failure(.cannotEvaluatePrime) }
        return value
    }

    /// The argument of `^` or `_`: a group in braces, or one token.
    mutating func parseScript() throws(TranslationError) -> Value {
        if isSymbol("{") { return try parseBraced() }
        if let token = current, token.kind == .number, token.text.count > 1 {
            throw failure(.longScript(token.text), at: token.start)
        }
        return try parsePrimary()
    }

    /// `{ expression }`
    mutating func parseBraced() throws(TranslationError) -> Value {
        guard let open = current, isSymbol("{") else { throw failure(.expected("{")) }
        pos += 1
        let value = try parseExpression()
        try expectSymbol("}", closing: open)
        return value
    }
}

extension Diagnostic.Message {
    static let trailingBackslash: Self = "a lone '\\' at the end"
    static func expectsEnvironmentName(_ command: String) -> Self {
        "\\\(command) expects an environment name in braces"
    }
    static let expectedExpression: Self = "expected an expression here"
    /// `what`: a token as errors name it (`\int`, `')'`), or a construct.
    static func cannotEvaluate(_ what: String) -> Self { "cannot evaluate \(what)" }
    static func expected(_ symbol: String) -> Self { "expected '\(symbol)'" }
    static func nestedTooDeeplyToEvaluate(levels: Int) -> Self {
        "the equation is nested too deeply to evaluate (more than \(levels) levels)"
    }
    static func vectorWithoutIndex(_ name: String) -> Self { "\(name) is a vector: give it an index, as \(name)_i" }
    static func matrixWithoutIndices(_ name: String) -> Self {
        "\(name) is a matrix: give it two indices, as \(name)_{ij}"
    }
    static let nonIntegerIndex: Self = "an index must be an integer expression of index variables, numbers and n"
    static let cannotEvaluateSubscript: Self = "cannot evaluate a subscript here"
    static let cannotEvaluatePrime: Self = "cannot evaluate a prime"
    static func longScript(_ digits: String) -> Self { "put a script of more than one digit in braces: {\(digits)}" }
}
