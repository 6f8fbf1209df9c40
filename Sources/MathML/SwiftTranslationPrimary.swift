import Diagnostics

extension TranslationParser {
    /// Commands that name a symbol from a letter argument: `\mathrm{softmax}`.
    static let fontCommands: Set<String> = ["mathrm", "operatorname", "mathbf", "boldsymbol", "mathit"]

    /// A number, a symbol, a group, or a command with its arguments.
    mutating func parsePrimary() throws(TranslationError) -> Value {
        try enter()
        defer { depth -= 1 }
        guard let token = current else { throw failure(.expectedExpression) }
        switch token.kind {
        case .number:
            pos += 1
            if let constant = Int(token.text) {
                return .integer((nil, constant), offset: token.start, name: token.text)
            }
            return Value(code: token.text, kind: .real, atomic: true, offset: token.start, name: token.text)
        case .letter:
            pos += 1
            return try parseSymbol(token.text, at: token.start)
        case .symbol:
            switch token.text {
            case "(": return try parseGroup(closing: ")")
            case "[": return try parseGroup(closing: "]")
            case "{": return try parseBraced()
            case "|":
                pos += 1
                absoluteDepth += 1
                let inner = try real(parseExpression())
                absoluteDepth -= 1
                try expectSymbol("|", closing: token)
                return Value(code: "abs(\(inner.code))", kind: .real, atomic: true, offset: token.start, name: "|")
            default: throw unexpected()
            }
        case .command:
            return try parseCommand(token)
        case .begin:
            throw failure(.cannotEvaluateEnvironment(token.text), at: token.start)
        case .end, .rowEnd:
            throw unexpected()
        }
    }

    /// `( expression )` and the like; the opening token is current.
    mutating func parseGroup(closing: String) throws(TranslationError) -> Value {
        let open = current!
        pos += 1
        var value = try parseExpression()
        try expectSymbol(closing, closing: open)
        if !value.atomic {
            value.code = "(\(value.code))"
            value.atomic = true
            value.product = false
        }
        return value
    }

    mutating func parseCommand(_ token: Token) throws(TranslationError) -> Value {
        let name = token.text
        if Self.fontCommands.contains(name) {
            return try parseSymbol(parseName(), at: token.start)
        }
        if bindings.binding(for: "\\" + name) != nil {
            pos += 1
            return try parseSymbol("\\" + name, at: token.start)
        }
        switch name {
        case "frac", "dfrac", "tfrac":
            return try parseFraction(token)
        case "sqrt":
            pos += 1
            var root: Value?
            if isSymbol("[") {
                let open = current!
                pos += 1
                root = try real(parseExpression())
                try expectSymbol("]", closing: open)
            }
            let radicand = try real(parseBraced())
            if let root {
                return Value(
                    code: "pow(\(radicand.code), 1.0 / \(operand(root)))", kind: .real, atomic: true,
                    offset: token.start, name: "\\sqrt")
            }
            return Value(code: "sqrt(\(radicand.code))", kind: .real, atomic: true, offset: token.start, name: "\\sqrt")
        case "exp", "ln", "log":
            pos += 1
            var base: Value?
            if name == "log" && isSymbol("_") {
                pos += 1
                base = try real(parseScript())
            }
            if isSymbol("^") { throw failure(.powerOfFunction(name)) }
            let argument = try real(parseApplied())
            let inner = SwiftTranslation.unwrapped(argument.code)
            let code = name == "exp" ? "exp(\(inner))" : "log(\(inner))"
            if let base {
                return Value(
                    code: "\(code) / log(\(base.code))", kind: .real, atomic: false, product: true,
                    offset: token.start, name: "\\log")
            }
            return Value(code: code, kind: .real, atomic: true, offset: token.start, name: "\\" + name)
        case "sum", "prod":
            return try parseReduction(token)
        case "max", "min":
            pos += 1
            if isSymbol("_") || isSymbol("^") {
                pos -= 1
                return try parseReduction(token)
            }
            let arguments = try parseArguments()
            if arguments.count == 1 && arguments[0].kind == .vector {
                return Value(
                    code: "(\(SwiftTranslation.postfixable(arguments[0].code)).\(name)() ?? .nan)", kind: .real,
                    atomic: true, offset: token.start, name: "\\" + name)
            }
            var codes: [String] = []
            for argument in arguments { codes.append(try real(argument).code) }
            if codes.count == 1 { return try real(arguments[0]) }
            return Value(
                code: "\(name)(\(codes.joined(separator: ", ")))", kind: .real, atomic: true, offset: token.start,
                name: "\\" + name)
        case "delta":
            pos += 1
            guard isSymbol("_") else {
                throw failure(.deltaWithoutIndices, at: token.start)
            }
            pos += 1
            let indices = try parseIndices(split: true)
            guard indices.count == 2 else {
                throw failure(.deltaIndexCount, at: token.start)
            }
            for index in indices where index.kind != .integer {
                throw failure(.nonIntegerIndex, at: index.offset)
            }
            return Value(
                code: "(\(indices[0].code) == \(indices[1].code) ? 1.0 : 0.0)", kind: .real, atomic: true,
                offset: token.start, name: "\\delta")
        case "left":
            pos += 1
            guard let open = current else { throw failure(.leftWithoutDelimiter, at: token.start) }
            pos += 1
            let absolute = ["|", "lvert", "vert"].contains(open.text)
            guard absolute || ["(", "[", "{"].contains(open.text) else {
                throw failure(.cannotEvaluateLeft(open.kind == .command ? "\\" + open.text : open.text), at: open.start)
            }
            let inner = try parseExpression()
            guard isCommand("right") else {
                throw current == nil ? failure(.leftNeverClosed, at: token.start) : unexpected()
            }
            pos += 1
            guard current != nil else { throw failure(.rightWithoutDelimiter) }
            pos += 1
            if absolute {
                return Value(
                    code: "abs(\(try real(inner).code))", kind: .real, atomic: true, offset: token.start, name: "|")
            }
            if inner.atomic { return inner }
            return Value(
                code: "(\(inner.code))", kind: inner.kind, atomic: true, linear: inner.linear, offset: inner.offset,
                name: inner.name)
        case "lvert", "vert":
            pos += 1
            let inner = try real(parseExpression())
            guard isCommand("rvert") || isCommand("vert") else {
                throw current == nil ? failure(.commandNeverClosed(name), at: token.start) : unexpected()
            }
            pos += 1
            return Value(code: "abs(\(inner.code))", kind: .real, atomic: true, offset: token.start, name: "|")
        case "{":
            pos += 1
            let inner = try parseExpression()
            guard isCommand("}") else {
                throw current == nil ? failure(.commandNeverClosed("{"), at: token.start) : unexpected()
            }
            pos += 1
            if inner.atomic { return inner }
            return Value(
                code: "(\(inner.code))", kind: inner.kind, atomic: true, linear: inner.linear, offset: inner.offset,
                name: inner.name)
        case "partial":
            throw failure(.partialOutsideDerivative, at: token.start)
        default:
            throw failure(
                Self.greek.contains(name) ? notBound("\\" + name) : .cannotEvaluate("\\" + name), at: token.start)
        }
    }

    static let greek: Set<String> = [
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega",
    ]

    /// The error for `shown`, a symbol that is not bound: it lists the bound symbols and the index variables.
    func notBound(_ shown: String) -> Diagnostic.Message {
        .notBound(shown, bound: bindings.symbols.map(\.name), indices: bindings.indices)
    }

    /// A name: a letter, `\alpha`, or `\mathrm{softmax}`; the name's first token is current.
    mutating func parseName() throws(TranslationError) -> String {
        guard let token = current else { throw failure(.expectedSymbol) }
        if token.kind == .letter {
            pos += 1
            return token.text
        }
        guard token.kind == .command else { throw unexpected() }
        pos += 1
        guard Self.fontCommands.contains(token.text) else { return "\\" + token.text }
        guard let open = current, isSymbol("{") else {
            throw failure(.expectsLettersInBraces(token.text), at: token.start)
        }
        pos += 1
        var letters = ""
        while let letter = current, letter.kind == .letter {
            letters += letter.text
            pos += 1
        }
        try expectSymbol("}", closing: open)
        return "\\\(token.text){\(letters)}"
    }

    /// A symbol whose name has been read: an index variable, a bound symbol with its indices or arguments, `n`,
    /// or `e`.
    mutating func parseSymbol(_ name: String, at offset: Int) throws(TranslationError) -> Value {
        let binding = bindings.binding(for: name)
        if localIndices.contains(name) || (binding == nil && bindings.indices.contains(name)) {
            if !localIndices.contains(name) { freeIndices.insert(name) }
            return .integer((name, 0), offset: offset, name: name)
        }
        if let binding {
            let swift = SwiftTranslation.postfixable(binding.swift)
            switch binding.kind {
            case .scalar:
                if isSymbol("_") { throw failure(.scalarWithIndex(name)) }
                return Value(code: swift, kind: .real, atomic: true, offset: offset, name: name)
            case .vector:
                guard isSymbol("_") else {
                    return Value(code: swift, kind: .vector, atomic: true, offset: offset, name: name)
                }
                return try indexed(swift, name: name, at: offset, count: 1)
            case .matrix:
                guard isSymbol("_") else {
                    return Value(code: swift, kind: .matrix, atomic: true, offset: offset, name: name)
                }
                return try indexed(swift, name: name, at: offset, count: 2)
            case .function:
                guard isSymbol("(") || isCommand("left") else {
                    throw failure(.unappliedFunction(name), at: offset)
                }
                var codes: [String] = []
                for argument in try parseArguments() {
                    let code = argument.kind == .integer ? try real(argument).code : argument.code
                    codes.append(SwiftTranslation.unwrapped(code))
                }
                let call = "\(swift)(\(codes.joined(separator: ", ")))"
                guard isSymbol("_") else {
                    return Value(code: call, kind: .real, atomic: true, offset: offset, name: name)
                }
                let indices = try parseIndicesAfterUnderscore()
                var code = call
                for index in indices { code += subscripted(try subscriptCode(index)) }
                return Value(code: code, kind: .real, atomic: true, offset: offset, name: name)
            }
        }
        if name == "n", let length = bindings.lengthCode {
            return .integer((length, 0), offset: offset, name: name)
        }
        if name == "e" {
            if isSymbol("^") {
                pos += 1
                let exponent = try real(parseScript())
                return Value(code: "exp(\(exponent.code))", kind: .real, atomic: true, offset: offset, name: "e")
            }
            return Value(code: "exp(1.0)", kind: .real, atomic: true, offset: offset, name: "e")
        }
        let shown = name.hasPrefix("\\") ? name : "'\(name)'"
        if name == "n" {
            throw failure(.unboundLength, at: offset)
        }
        throw failure(notBound(shown), at: offset)
    }

    /// `name_{…}` with `count` indices, the `_` current.
    mutating func indexed(_ swift: String, name: String, at offset: Int, count: Int) throws(TranslationError) -> Value {
        let indices = try parseIndicesAfterUnderscore(split: count == 2)
        guard indices.count == count else {
            throw failure(count == 1 ? .vectorIndexCount(name) : .matrixIndexCount(name), at: offset)
        }
        var code = swift
        for index in indices { code += subscripted(try subscriptCode(index)) }
        return Value(code: code, kind: .real, atomic: true, offset: offset, name: name)
    }

    mutating func parseIndicesAfterUnderscore(split: Bool = false) throws(TranslationError) -> [Value] {
        guard isSymbol("_") else { throw failure(.expected("_")) }
        pos += 1
        return try parseIndices(split: split)
    }

    /// The indices of a subscript: `i`, `{i+1}`, `{i,j}`; `{ij}` is two indices (letters side by side are never a
    /// product in a subscript), and with `split` so is `{12}` (one index per digit).
    mutating func parseIndices(split: Bool) throws(TranslationError) -> [Value] {
        guard let open = current, isSymbol("{") else {
            if let token = current, token.kind == .number, token.text.count > 1 {
                throw failure(.longSubscript(token.text), at: token.start)
            }
            return [try parsePrimary()]
        }
        pos += 1
        var scan = pos
        var units = 0
        var letters = true
        while scan < limit,
            tokens[scan].kind == .letter || (tokens[scan].kind == .number && Int(tokens[scan].text) != nil)
        {
            units += tokens[scan].text.count
            letters = letters && tokens[scan].kind == .letter
            scan += 1
        }
        if split || letters, units >= 2, scan < limit, tokens[scan].kind == .symbol, tokens[scan].text == "}" {
            var indices: [Value] = []
            while pos < scan {
                let token = tokens[pos]
                guard token.kind == .number else {
                    indices.append(try parsePrimary())
                    continue
                }
                for (offset, digit) in token.text.enumerated() {
                    indices.append(
                        .integer((nil, digit.wholeNumberValue ?? 0), offset: token.start + offset, name: String(digit)))
                }
                pos += 1
            }
            pos += 1
            return indices
        }
        var indices = [try parseExpression()]
        while isSymbol(",") {
            pos += 1
            indices.append(try parseExpression())
        }
        try expectSymbol("}", closing: open)
        return indices
    }

    /// The argument of `\exp`, `\log`, `\ln`: a parenthesized group, or one factor.
    mutating func parseApplied() throws(TranslationError) -> Value {
        if isSymbol("(") || isCommand("left") { return try parsePrimary() }
        guard startsFactor else { throw failure(.expectedArgument) }
        return try parseFactor()
    }

    /// `( a, b, … )` or `\left( a, b \right)`, for functions and `\max`/`\min`.
    mutating func parseArguments() throws(TranslationError) -> [Value] {
        let left = isCommand("left")
        if left { pos += 1 }
        guard let open = current, isSymbol("(") else { throw failure(.expectedArguments) }
        pos += 1
        var arguments = [try parseExpression()]
        while isSymbol(",") {
            pos += 1
            arguments.append(try parseExpression())
        }
        if left {
            guard isCommand("right") else {
                throw current == nil ? failure(.neverClosed("("), at: open.start) : unexpected()
            }
            pos += 1
        }
        try expectSymbol(")", closing: open)
        return arguments
    }

    /// `\sum`, `\prod`, `\max`, `\min` with an index below (`_j`, `_{j=1}`) and an optional upper bound: a reduction
    /// over the range of the following term. Without bounds the index runs over all of `n`.
    mutating func parseReduction(_ token: Token) throws(TranslationError) -> Value {
        pos += 1
        var index: String?
        var lower: Value?
        var upper: Value?
        for _ in 0..<2 {
            if isSymbol("_") && index == nil {
                pos += 1
                if let open = current, isSymbol("{") {
                    pos += 1
                    guard let letter = current, letter.kind == .letter else {
                        throw failure(.reductionIndexNotLetter(token.text))
                    }
                    pos += 1
                    index = letter.text
                    if isSymbol("=") {
                        pos += 1
                        lower = try parseExpression()
                    }
                    try expectSymbol("}", closing: open)
                } else if let letter = current, letter.kind == .letter {
                    pos += 1
                    index = letter.text
                } else {
                    throw failure(.reductionIndexNotLetter(token.text))
                }
            } else if isSymbol("^") && upper == nil {
                pos += 1
                upper = try parseScript()
            }
        }
        guard let index else {
            throw failure(.reductionWithoutIndex(token.text), at: token.start)
        }
        let base = bindings.indexBase
        let lowerCode: String
        if let lower {
            guard lower.kind == .integer else { throw failure(.nonIntegerBound, at: lower.offset) }
            lowerCode = lower.code
        } else {
            lowerCode = "\(base)"
        }
        let upperCode: String
        if let upper {
            guard upper.kind == .integer else { throw failure(.nonIntegerBound, at: upper.offset) }
            upperCode = upper.code
        } else {
            guard let length = bindings.lengthCode else {
                throw failure(.reductionOverUnboundLength(token.text, index: index), at: token.start)
            }
            upperCode = Self.format((length, base - 1))
        }
        localIndices.append(index)
        let body = try real(parseTerm())
        localIndices.removeLast()
        let (start, combine): (String, String) =
            switch token.text {
            case "sum": ("0.0", "_r + \(body.product ? body.code : operand(body))")
            case "prod": ("1.0", "_r * \(operand(body))")
            case "max": ("-Double.infinity", "max(_r, \(body.code))")
            default: ("Double.infinity", "min(_r, \(body.code))")
            }
        return Value(
            code:
                "stride(from: \(lowerCode), through: \(upperCode), by: 1).reduce(\(start), { (_r: Double, \(index): Int) -> Double in \(combine) })",
            kind: .real, atomic: true, offset: token.start, name: "\\" + token.text)
    }
}

extension Diagnostic.Message {
    static func cannotEvaluateEnvironment(_ name: String) -> Self { "cannot evaluate the environment \(name)" }
    /// `\log`, `\exp` or kin (`name`) raised to a power.
    static func powerOfFunction(_ name: String) -> Self { "cannot evaluate a power of \\\(name); use parentheses" }
    static let deltaWithoutIndices: Self = "\\delta is evaluable as Kronecker's delta, with two indices: \\delta_{ij}"
    static let deltaIndexCount: Self = "Kronecker's \\delta takes two indices, as \\delta_{ij}"
    static let leftWithoutDelimiter: Self = "\\left expects a delimiter"
    /// `\left` before `delimiter` (as written: `\langle`, `<`), which cannot be evaluated.
    static func cannotEvaluateLeft(_ delimiter: String) -> Self { "cannot evaluate \\left\(delimiter)" }
    static let leftNeverClosed: Self = "\\left is never closed by \\right"
    static let rightWithoutDelimiter: Self = "\\right expects a delimiter"
    /// `\lvert`, `\vert` or `\{` (`name`) without its closing command.
    static func commandNeverClosed(_ name: String) -> Self { "\\\(name) is never closed" }
    static let partialOutsideDerivative: Self = Self(
        "\\partial is evaluable only in a derivative, as \\frac{\\partial y_i}{\\partial z_j}")
    /// `shown` (`'q'`, `\tau`) is not bound: the error lists the `bound` symbols and the index variables.
    static func notBound(_ shown: String, bound: [String], indices: [String]) -> Self {
        let known = bound.isEmpty ? "nothing is bound" : "bound: " + bound.joined(separator: ", ")
        return "cannot evaluate \(shown): it is not bound (\(known); indices: \(indices.joined(separator: ", ")))"
    }
    static let expectedSymbol: Self = "expected a symbol here"
    static func expectsLettersInBraces(_ command: String) -> Self { "\\\(command) expects letters in braces" }
    static func scalarWithIndex(_ name: String) -> Self { "\(name) is a scalar: it takes no index" }
    static func unappliedFunction(_ name: String) -> Self { "\(name) is a function: apply it, as \(name)(z)" }
    static let unboundLength: Self = "cannot evaluate 'n': bind it, or bind a vector whose length it is"
    static func vectorIndexCount(_ name: String) -> Self { "\(name) is a vector: it takes one index" }
    static func matrixIndexCount(_ name: String) -> Self { "\(name) is a matrix: it takes two indices" }
    static func longSubscript(_ digits: String) -> Self {
        "put a subscript of more than one digit in braces: {\(digits)}"
    }
    static let expectedArgument: Self = "expected an argument here"
    static let expectedArguments: Self = "expected '(' and the arguments"
    /// `\sum`, `\prod`, `\max` or `\min` (`command`) whose index is not one letter.
    static func reductionIndexNotLetter(_ command: String) -> Self { "the index of \\\(command) must be one letter" }
    static func reductionWithoutIndex(_ command: String) -> Self {
        "\\\(command) needs its index below it, as \\\(command)_{j=1}^{n}"
    }
    static let nonIntegerBound: Self = "a bound must be an integer"
    static func reductionOverUnboundLength(_ command: String, index: String) -> Self {
        "\\\(command)_\(index) runs over n: bind n, or a vector whose length it is"
    }
}
