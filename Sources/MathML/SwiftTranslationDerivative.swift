import Diagnostics

extension TranslationParser {
    /// `\frac{a}{b}`, or a derivative: `\frac{\partial y_i}{\partial z_j}`, `\frac{\partial}{\partial z_j} (…)`,
    /// `\frac{dy}{dx}`, `\frac{d}{dx} f(x)`, `\frac{\mathrm{d}}{\mathrm{d}x} f(x)`.
    mutating func parseFraction(_ token: Token) throws(TranslationError) -> Value {
        pos += 1
        guard isSymbol("{") else { throw failure(.expectsTwoArguments(token.text), at: token.start) }
        if isDerivative() { return try parseDerivative(token) }
        let numerator = try real(parseBraced())
        guard isSymbol("{") else { throw failure(.expectsTwoArguments(token.text), at: token.start) }
        let denominator = try real(parseBraced())
        let left = numerator.product ? numerator.code : operand(numerator)
        return Value(
            code: "\(left) / \(operand(denominator))", kind: .real, atomic: false, product: true, offset: token.start,
            name: "\\frac")
    }

    /// Whether the fraction whose `{` is current is a derivative.
    func isDerivative() -> Bool {
        guard pos + 1 < limit else { return false }
        let first = tokens[pos + 1]
        if first.kind == .command && first.text == "partial" { return true }
        guard differential(at: pos + 1) != nil else { return false }
        var depth = 0
        var scan = pos
        while scan < limit {
            if tokens[scan].kind == .symbol && tokens[scan].text == "{" { depth += 1 }
            if tokens[scan].kind == .symbol && tokens[scan].text == "}" {
                depth -= 1
                if depth == 0 { break }
            }
            scan += 1
        }
        guard scan + 1 < limit, tokens[scan + 1].kind == .symbol, tokens[scan + 1].text == "{",
            let length = differential(at: scan + 2), scan + 2 + length < limit
        else { return false }
        let variable = tokens[scan + 2 + length]
        return variable.kind == .letter || variable.kind == .command
    }

    /// The number of tokens of the upright differential at token `index`: `d` (when `d` is not bound) or
    /// `\mathrm{d}`; `nil` when there is none.
    func differential(at index: Int) -> Int? {
        guard index < limit else { return nil }
        let token = tokens[index]
        if token.kind == .letter && token.text == "d" && bindings.binding(for: "d") == nil { return 1 }
        guard token.kind == .command, token.text == "mathrm" || token.text == "operatorname", index + 3 < limit,
            tokens[index + 1].kind == .symbol, tokens[index + 1].text == "{", tokens[index + 2].text == "d",
            tokens[index + 3].kind == .symbol, tokens[index + 3].text == "}"
        else { return nil }
        return 4
    }

    /// Whether `code` uses the identifier `name` (not as part of a longer identifier or after a `.`).
    static func mentions(_ code: String, _ name: String) -> Bool {
        let scalars = Array(code.unicodeScalars)
        let target = Array(name.unicodeScalars)
        func isPart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c) }
        var i = 0
        while i + target.count <= scalars.count {
            if Array(scalars[i..<(i + target.count)]) == target
                && (i == 0 || (!isPart(scalars[i - 1]) && scalars[i - 1] != "."))
                && (i + target.count == scalars.count || !isPart(scalars[i + target.count]))
            {
                return true
            }
            i += 1
        }
        return false
    }

    static func isIdentifier(_ code: String) -> Bool {
        guard let first = code.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return code.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// A derivative; the numerator's `{` is current.
    mutating func parseDerivative(_ token: Token) throws(TranslationError) -> Value {
        let open = current!
        pos += 1
        let partial = isCommand("partial")
        pos += partial ? 1 : differential(at: pos) ?? 1
        if isSymbol("^") { throw failure(.higherDerivative) }
        var body: Value?
        if !isSymbol("}") { body = try real(parseExpression()) }
        try expectSymbol("}", closing: open)
        guard let denominator = current, isSymbol("{") else {
            throw failure(.expectsTwoArguments(token.text), at: token.start)
        }
        pos += 1
        guard let length = partial ? (isCommand("partial") ? 1 : nil) : differential(at: pos) else {
            throw failure(.expectedDifferential(partial ? "\\partial" : "d"))
        }
        pos += length
        let variableOffset = here
        let name = try parseName()
        guard let binding = bindings.binding(for: name), binding.kind == .vector || binding.kind == .scalar else {
            let shown = name.hasPrefix("\\") ? name : "'\(name)'"
            throw failure(.variableNotBound(shown), at: variableOffset)
        }
        guard Self.isIdentifier(binding.swift) else {
            throw failure(.variableNotSwiftName(name, boundTo: binding.swift), at: variableOffset)
        }
        var index: String?
        if binding.kind == .vector {
            guard isSymbol("_") else {
                throw failure(.wholeVectorVariable(name), at: variableOffset)
            }
            let indices = try parseIndicesAfterUnderscore()
            guard indices.count == 1 else {
                throw failure(.vectorIndexCount(name), at: variableOffset)
            }
            index = try subscriptCode(indices[0])
        } else if isSymbol("^") {
            throw failure(.higherDerivative)
        }
        try expectSymbol("}", closing: denominator)
        let bodyOffset = here
        let function: Value
        if let body { function = body } else { function = try real(parseTerm()) }
        let variable = binding.swift
        guard Self.mentions(function.code, variable) else {
            // A symbol bound to a precomputed value (`y = probs`) would make every derivative 0.
            throw failure(
                .independentOfVariable(body == nil ? "the expression" : "the numerator", name, swift: variable),
                at: body.map(\.offset) ?? bodyOffset)
        }
        let code =
            if let index {
                "_literateDerivative({ (\(variable): [Double]) -> Double in \(function.code) }, at: \(variable), index: \(index))"
            } else {
                "_literateDerivative({ (\(variable): Double) -> Double in \(function.code) }, at: \(variable))"
            }
        return Value(code: code, kind: .real, atomic: true, offset: token.start, name: "derivative")
    }
}

extension Diagnostic.Message {
    /// `\frac` or kin (`command`) without its two braced arguments.
    static func expectsTwoArguments(_ command: String) -> Self { "\\\(command) expects two arguments in braces" }
    static let higherDerivative: Self = "only first derivatives can be evaluated"
    /// `differential` is `\partial` or `d`.
    static func expectedDifferential(_ differential: String) -> Self {
        "expected \(differential) and the variable of the derivative"
    }
    static func variableNotBound(_ shown: String) -> Self {
        "cannot differentiate with respect to \(shown): it is not bound to a scalar or a vector"
    }
    static func variableNotSwiftName(_ name: String, boundTo swift: String) -> Self {
        Self(
            "cannot differentiate with respect to \(name): it is bound to '\(swift)', "
                + "not to a Swift variable name")
    }
    static func wholeVectorVariable(_ name: String) -> Self {
        "\(name) is a vector: differentiate with respect to one entry, as \(name)_j"
    }
    /// `function` ("the expression" or "the numerator") whose Swift does not use `swift`, the variable `name`'s.
    static func independentOfVariable(_ function: String, _ name: String, swift: String) -> Self {
        Self(
            "\(function) does not depend on \(name): its Swift does not use '\(swift)'; "
                + "bind its symbols to expressions of '\(swift)', as y = softmax(\(swift))")
    }
}
