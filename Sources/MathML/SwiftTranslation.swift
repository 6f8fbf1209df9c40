import Diagnostics

/// What the symbols of a checked equation stand for in the page's Swift program.
///
/// Names are written as in the LaTeX: `z`, `y`, `\sigma`, `\mathrm{softmax}` (which also answers to
/// `\operatorname{softmax}`, and the other way round). Each is bound to a Swift expression text and a kind:
///
/// - ``Kind/scalar``: a `Double` (`x` → `x0`);
/// - ``Kind/vector``: a `[Double]`, used with one index (`z_i` → `scores[i - 1]`);
/// - ``Kind/matrix``: a `[[Double]]`, used with two (`J_{ij}` → `J[i - 1][j - 1]`);
/// - ``Kind/function``: a Swift function applied with parentheses (`\sigma(z)` → `softmax(scores)`), whose result
///   is a `Double`, or a `[Double]` when the application is subscripted (`\mathrm{softmax}(z)_i`).
///
/// Letters in ``indices`` are index variables: in the generated Swift they are `Int` variables of the same name
/// holding math indices (from ``indexBase``). `n`, when not bound, is the length of the vectors: ``length``, or
/// else the `count` of the first vector bound.
public struct EquationBindings: Sendable, Hashable {
    /// What a bound symbol is.
    public enum Kind: Sendable, Hashable {
        case scalar, vector, matrix, function
    }

    /// One bound symbol.
    public struct Binding: Sendable, Hashable {
        /// The symbol as written in LaTeX, e.g. `z` or `\mathrm{softmax}`.
        public var name: String
        /// The Swift expression it stands for, e.g. `scores` or `softmax`.
        public var swift: String
        public var kind: Kind

        public init(name: String, swift: String, kind: Kind) {
            self.name = name
            self.swift = swift
            self.kind = kind
        }
    }

    /// The bound symbols, in the order they were bound.
    public private(set) var symbols: [Binding] = []
    /// The index variables (single letters); `i`, `j` and `k` by default.
    public var indices: [String]
    /// The first math index: 1 (the default: `z_1` is `z[0]`) or 0.
    public var indexBase: Int
    /// The Swift `Int` expression `n` stands for when `n` is not bound; `nil`: the first vector's `count`.
    public var length: String?
    /// Whether subscripts become `._literateAt(i - 1)` (the page library's: NaN past the end) instead of `[i - 1]`,
    /// so a checked equation whose index runs off the end disagrees at its step instead of crashing the page.
    public var safeSubscripts = false

    public init(indices: [String] = ["i", "j", "k"], indexBase: Int = 1, length: String? = nil) {
        self.indices = indices
        self.indexBase = indexBase
        self.length = length
    }

    /// Binds `name` (as written in LaTeX) to the Swift expression `swift`; binding a name again replaces it.
    public mutating func bind(_ name: String, to swift: String, as kind: Kind) {
        symbols.removeAll { $0.name == name }
        symbols.append(Binding(name: name, swift: swift, kind: kind))
    }

    /// The binding of `name`, also under the other spelling of `\mathrm{…}` / `\operatorname{…}`.
    public func binding(for name: String) -> Binding? {
        if let found = symbols.first(where: { $0.name == name }) { return found }
        for (a, b) in [("\\mathrm{", "\\operatorname{"), ("\\operatorname{", "\\mathrm{")] where name.hasPrefix(a) {
            let other = b + name.dropFirst(a.count)
            return symbols.first { $0.name == other }
        }
        return nil
    }

    /// The Swift `Int` expression of `n`, the length of the vectors, if there is one.
    public var lengthCode: String? {
        if let length { return length }
        guard let vector = symbols.first(where: { $0.kind == .vector }) else { return nil }
        return SwiftTranslation.postfixable(vector.swift) + ".count"
    }
}

/// Translates the evaluable subset of LaTeX into Swift expressions, so that each side of an equation can be
/// evaluated by the page's program at its bound values.
///
/// The generated code uses `exp`, `log`, `sqrt`, `pow` and `abs` (Foundation's), `max`/`min`, `stride` and
/// `reduce`. Sums, products, and `\max`/`\min` over an index become
/// `stride(from: lower, through: upper, by: 1).reduce(…)` with a closure whose `Int` parameter is the
/// index; an index `j` of a vector is `z[j - 1]` when indices start at 1. Derivatives call a helper that the page
/// library declares:
///
/// ```swift
/// /// The derivative at `x` of `f` (a `Double` function of one `Double`).
/// func _literateDerivative(_ f: (Double) -> Double, at x: Double) -> Double
/// /// The partial derivative of `f` with respect to `x[index]` (0-based), at `x`.
/// func _literateDerivative(_ f: ([Double]) -> Double, at x: [Double], index: Int) -> Double
/// ```
///
/// `\frac{\partial y_i}{\partial z_j}`, with `z` bound to the Swift variable `scores`, becomes
/// `_literateDerivative({ (scores: [Double]) -> Double in y[i - 1] }, at: scores, index: j - 1)` where `y`
/// is the Swift text bound to `y`: the closure's parameter shadows `scores`, so a `y` bound to
/// `softmax(scores)` is differentiated through. The variable differentiated against must therefore be bound to
/// a plain Swift identifier, and what is differentiated must use it: a derivative of something whose Swift does not
/// mention the variable (a `y` bound to a precomputed `probs`) is an error, since it would be 0 everywhere.
public enum SwiftTranslation {
    /// One side of an `=`, translated.
    public struct Side: Sendable, Hashable {
        /// The LaTeX of this side, as written (without surrounding spaces and `&`).
        public var tex: String
        /// Where `tex` starts in the Markdown file.
        public var location: SourceLocation
        /// A `Double`-valued Swift expression.
        public var swift: String
        /// The index variables the expression uses that no sum binds, sorted: the checker gives them values.
        public var freeIndices: [String]
        /// Which equation (chain of `=`) the side belongs to, from 0: consecutive sides of the same equation
        /// must agree. An `aligned` row starting with `=` continues the previous row's equation.
        public var equation: Int

        public init(tex: String, location: SourceLocation, swift: String, freeIndices: [String], equation: Int) {
            self.tex = tex
            self.location = location
            self.swift = swift
            self.freeIndices = freeIndices
            self.equation = equation
        }
    }

    /// The largest nesting of groups, fractions and operators that is translated.
    public static let maximumDepth = 100

    /// Splits `tex` at its top-level `=` (also in the rows of `\begin{aligned}…\end{aligned}`, split at `\\`,
    /// where `&` is ignored) and translates each side. A row that starts with `=` continues the equation of the row
    /// before it; a row without `=` continues the side before it (a long side broken over lines).
    ///
    /// - Parameters:
    ///   - tex: the equation, byte for byte as in the Markdown file (without `$$`).
    ///   - location: where `tex` starts in the Markdown file. Columns count Unicode scalars.
    ///   - bindings: what the symbols are.
    /// - Throws: anything that cannot be evaluated, each at its own position (one problem per side at most).
    public static func translate(
        _ tex: String, at location: SourceLocation, bindings: EquationBindings
    ) throws(DiagnosticList) -> [Side] {
        let scalars = Array(tex.unicodeScalars)
        let locate = { (offset: Int) -> SourceLocation in
            var line = 0
            var column = 0
            for scalar in scalars[0..<min(max(offset, 0), scalars.count)] {
                if scalar == "\n" {
                    line += 1
                    column = 0
                } else {
                    column += 1
                }
            }
            return line == 0
                ? location.advanced(columns: column)
                : SourceLocation(file: location.file, line: location.line + line, column: column + 1)
        }
        let tokens: [Token]
        do {
            tokens = joiningContinuations(try tokenize(scalars))
        } catch {
            throw DiagnosticList([.error(at: locate(error.offset), error.message)])
        }
        var sides: [Side] = []
        var problems: [Diagnostic] = []
        var equation = -1
        for row in rows(of: tokens) {
            let parts = splitAtEquals(row, tokens: tokens)
            for (number, part) in parts.enumerated() {
                if part.isEmpty {
                    if number == 0 && parts.count > 1 && equation >= 0 { continue }  // `&= …`: continues
                    let at = number == 0 ? tokens[part.upperBound].start : tokens[part.lowerBound - 1].start
                    problems.append(.error(at: locate(at), number == 0 ? .nothingBeforeEquals : .nothingAfterEquals))
                    continue
                }
                if number == 0 { equation += 1 }
                var parser = TranslationParser(tokens: tokens, range: part, bindings: bindings, end: scalars.count)
                do {
                    let swift = try parser.parseSide()
                    let start = tokens[part.lowerBound].start
                    let end = tokens[part.upperBound - 1].end
                    sides.append(
                        Side(
                            tex: String(String.UnicodeScalarView(scalars[start..<end])), location: locate(start),
                            swift: swift, freeIndices: parser.freeIndices.sorted(), equation: max(equation, 0)))
                } catch {
                    problems.append(.error(at: locate(error.offset), error.message))
                }
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        if sides.isEmpty { throw DiagnosticList([.error(at: location, .nothingToEvaluate)]) }
        return sides
    }

    /// Whether `code` can take a postfix (`[i]`, `.count`, a call) as it is; otherwise it is parenthesized.
    static func postfixable(_ code: String) -> String {
        var depth = 0
        for c in code.unicodeScalars {
            switch c {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case " ", "?", "+", "-", "*", "/", "=", "<", ">", "!", "&", "|":
                if depth == 0 { return "(\(code))" }
            default: break
            }
        }
        return code
    }

    /// `code` without one pair of parentheses around all of it, if it has them.
    static func unwrapped(_ code: String) -> String {
        guard code.hasPrefix("("), code.hasSuffix(")") else { return code }
        var depth = 0
        for (offset, c) in code.unicodeScalars.enumerated() {
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if depth == 0 {
                return offset == code.unicodeScalars.count - 1 ? String(code.dropFirst().dropLast()) : code
            }
        }
        return code
    }

    /// `tokens` without the `\\` before a row that has no top-level `=`: such a row continues the side before it
    /// (`a &= b + c \\ &\quad + d` has the sides `a` and `b + c + d`).
    static func joiningContinuations(_ tokens: [Token]) -> [Token] {
        var dropped: Set<Int> = []
        for row in rows(of: tokens) where row.lowerBound > 0 && splitAtEquals(row, tokens: tokens).count == 1 {
            dropped.insert(row.lowerBound - 1)
        }
        if dropped.isEmpty { return tokens }
        return tokens.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
    }

    /// The token ranges of the rows (split at top-level `\\`).
    static func rows(of tokens: [Token]) -> [Range<Int>] {
        var rows: [Range<Int>] = []
        var start = 0
        var depth = 0
        for (index, token) in tokens.enumerated() {
            if token.kind == .symbol && token.text == "{" { depth += 1 }
            if token.kind == .symbol && token.text == "}" { depth -= 1 }
            if token.kind == .rowEnd && depth == 0 {
                rows.append(start..<index)
                start = index + 1
            }
        }
        rows.append(start..<tokens.count)
        return rows.filter { !$0.isEmpty }
    }

    /// The ranges between the top-level `=` of a row.
    static func splitAtEquals(_ row: Range<Int>, tokens: [Token]) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = row.lowerBound
        var depth = 0
        for index in row {
            let token = tokens[index]
            if token.kind == .symbol && token.text == "{" { depth += 1 }
            if token.kind == .symbol && token.text == "}" { depth -= 1 }
            if token.kind == .symbol && token.text == "=" && depth == 0 {
                parts.append(start..<index)
                start = index + 1
            }
        }
        parts.append(start..<row.upperBound)
        return parts
    }
}

extension Diagnostic.Message {
    static let nothingBeforeEquals: Self = "nothing before '=' to evaluate"
    static let nothingAfterEquals: Self = "nothing after '=' to evaluate"
    static let nothingToEvaluate: Self = "the equation has nothing to evaluate"
}
