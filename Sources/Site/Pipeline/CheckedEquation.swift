import Diagnostics
import Evaluator
import Foundation
import LiteratePage
import Markdown
import MathML

/// A fenced ```` ```math ```` block: display math, and, with a `%| check:` option, an equation whose every step
/// the page program evaluates and literate judges.
///
/// Options are `%|` lines at the top (TeX comments, so the block stays valid TeX):
///
///     %| check: z = scores, y = softmax(z)     symbols and the Swift values they stand for; several
///                                               check lines check the equation at each set of values
///     %| over: i, j                             the free indices (default: those the sides use), each 1…n
///     %| where: i != j                          only these index values (or i == j)
///     %| base: 0                                the first math index (default 1)
///     %| tolerance: 1e-6                        relative tolerance (default 1e-9)
///     %| expect: disagree                       wrong on purpose: must disagree at each set of values
///
/// The program evaluates every side at every index value (``code``, one expression placed at the check line);
/// ``judge(_:digits:)`` then compares each side with the last side before it that agreed, so a wrong step is one
/// error at its own line and column.
///
/// Each binding is `name = swift` or `name: kind = swift` (kind: scalar, vector, matrix or function; otherwise
/// judged from how the equation uses the name). A binding whose Swift uses an earlier bound name (`y = softmax(z)`)
/// is substituted where the symbol appears, so derivatives differentiate through it; any other is evaluated once
/// into a Swift constant of the symbol's name.
struct CheckedEquation: Sendable {
    static let defaultTolerance = 1e-9
    /// When every value of an equation is smaller than this (an identity such as a row of the Jacobian summing
    /// to 0), the tolerance is absolute.
    static let zeroScale = 1e-12
    /// The most the derivatives' error estimates may widen the tolerance, relative to the equation's scale.
    static let maximumDerivativeSlack = 1e-6

    struct Binding: Sendable {
        var name: String
        var swift: String
        var kind: EquationBindings.Kind?
        var location: SourceLocation
        /// Where `swift` starts.
        var swiftLocation: SourceLocation
    }

    /// The block as written, for positions and rendering.
    var block: CodeBlock
    var bindings: [Binding] = []
    var over: [String]?
    var base = 1
    var tolerance = defaultTolerance
    var expectDisagree = false
    /// `where: i != j` (or `i == j`): only the index values where the two indices differ (or agree) are judged.
    var condition: (first: String, second: String, equal: Bool)?
    /// Where the `%| check:` value starts: the program's code for this equation is placed there.
    var checkLocation: SourceLocation?

    /// Filled by ``prepare()``.
    var sides: [SwiftTranslation.Side] = []
    var indices: [String] = []
    /// The program's expression, one line.
    var code = ""
    /// The bindings whose values the note shows (constants of scalar or vector kind), in order: the symbol as
    /// written, its Swift constant, and whether it is a scalar.
    var shown: [(name: String, local: String, scalar: Bool, unused: Bool)] = []

    /// The options had problems (reported by ``parse(_:)``): the equation is shown but not checked.
    var optionsFailed = false

    /// The second and later `%| check:` lines: the equation is checked at each set of values.
    var otherChecks: [(location: SourceLocation, bindings: [Binding])] = []

    var isChecked: Bool { checkLocation != nil }

    /// One equation per `%| check:` line, each checked at its own values.
    var points: [CheckedEquation] {
        guard isChecked else { return [self] }
        var first = self
        first.otherChecks = []
        return [first]
            + otherChecks.map { check in
                var point = first
                point.checkLocation = check.location
                point.bindings = check.bindings
                return point
            }
    }

    /// Whether `block` is a math block (info string `math`).
    static func isMath(_ block: CodeBlock) -> Bool {
        block.info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first == "math"
    }

    // MARK: Options

    /// Reads the `%|` option lines of `block`.
    static func parse(_ block: CodeBlock) -> Diagnosed<CheckedEquation> {
        var equation = CheckedEquation(block: block)
        var problems: [Diagnostic] = []
        var checks: [(location: SourceLocation, bindings: [Binding])] = []
        let lines = block.code.split(separator: "\n", omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("%|") else { break }
            let lineStart = SourceLocation(
                file: block.location.file, line: block.location.line + number, column: block.location.column)
            let afterBar = trimmed.dropFirst(2)
            let keyStart = afterBar.drop { $0 == " " }
            let column = { (part: Substring) -> SourceLocation in
                lineStart.advanced(columns: line.unicodeScalars.count - part.unicodeScalars.count)
            }
            guard let colon = keyStart.firstIndex(of: ":") else {
                problems.append(.error(at: column(keyStart), .mathOptionNotKeyValue))
                continue
            }
            let key = keyStart[..<colon].trimmingCharacters(in: .whitespaces)
            let rawValue = keyStart[keyStart.index(after: colon)...]
            let valueText = rawValue.drop { $0 == " " }
            let value = valueText.trimmingCharacters(in: .whitespaces)
            let at = column(valueText)
            switch key {
            case "check":
                var point = CheckedEquation(block: block)
                problems += point.readBindings(valueText, at: at)
                checks.append((at, point.bindings))
            case "over":
                let names = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                if let bad = names.first(where: { $0.count != 1 || !($0.first!.isLetter && $0.first!.isASCII) }) {
                    problems.append(.error(at: at, .overNotIndexLetters(bad)))
                } else {
                    equation.over = names
                }
            case "base":
                if value == "0" || value == "1" {
                    equation.base = Int(value)!
                } else {
                    problems.append(.error(at: at, .baseNotZeroOrOne(value)))
                }
            case "tolerance":
                if let number = Double(value), number.isFinite, number > 0, number < 1 {
                    equation.tolerance = number
                } else {
                    problems.append(.error(at: at, .toleranceOutOfRange(value)))
                }
            case "where":
                let equal = value.contains("==")
                let parts = value.components(separatedBy: equal ? "==" : "!=").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                if parts.count == 2, parts.allSatisfy({ $0.count == 1 && $0.first!.isLetter }) {
                    equation.condition = (parts[0], parts[1], equal)
                } else {
                    problems.append(.error(at: at, .whereNotComparison(value)))
                }
            case "expect":
                if value == "disagree" {
                    equation.expectDisagree = true
                } else if value == "agree" {
                    equation.expectDisagree = false
                } else {
                    problems.append(.error(at: at, .expectNotDisagree(value)))
                }
            default:
                problems.append(.error(at: column(keyStart), .unknownMathOption(key)))
            }
        }
        equation.checkLocation = checks.first?.location
        equation.bindings = checks.first?.bindings ?? []
        equation.otherChecks = Array(checks.dropFirst())
        if equation.checkLocation == nil {
            for option in ["over", "where", "base", "tolerance", "expect"]
            where lines.contains(where: { $0.drop { $0 == " " }.hasPrefix("%| \(option):") }) {
                problems.append(.error(at: block.location, .optionNeedsCheck(option)))
                break
            }
        }
        // Translating with options in doubt would only repeat the problem in other words.
        equation.optionsFailed = !problems.isEmpty
        return (equation, problems)
    }

    /// Reads `name = swift, …`, split at top-level commas.
    private mutating func readBindings(_ text: Substring, at location: SourceLocation) -> [Diagnostic] {
        var parts: [(Substring, Int)] = []
        var depth = 0
        var start = text.startIndex
        var offset = 0
        var partOffset = 0
        for index in text.indices {
            let c = text[index]
            if "([{".contains(c) { depth += 1 }
            if ")]}".contains(c) { depth -= 1 }
            if c == "," && depth == 0 {
                parts.append((text[start..<index], partOffset))
                start = text.index(after: index)
                partOffset = offset + 1
            }
            offset += c.unicodeScalars.count
        }
        parts.append((text[start...], partOffset))
        var problems: [Diagnostic] = []
        for (part, partOffset) in parts {
            let leading = part.prefix { $0 == " " }.unicodeScalars.count
            let at = location.advanced(columns: partOffset + leading)
            guard let equals = part.firstIndex(of: "=") else {
                problems.append(.error(at: at, .bindingNotSymbolEqualsSwift))
                continue
            }
            var name = part[..<equals].trimmingCharacters(in: .whitespaces)
            let swift = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            var kind: EquationBindings.Kind?
            if let colon = name.lastIndex(of: ":") {
                let word = name[name.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch word {
                case "scalar": kind = .scalar
                case "vector": kind = .vector
                case "matrix": kind = .matrix
                case "function": kind = .function
                default:
                    problems.append(.error(at: at, .unknownBindingKind(word)))
                    continue
                }
                name = name[..<colon].trimmingCharacters(in: .whitespaces)
            }
            guard !name.isEmpty, !swift.isEmpty else {
                problems.append(.error(at: at, .bindingNotSymbolEqualsSwift))
                continue
            }
            let afterEquals = part[part.index(after: equals)...]
            let swiftColumn =
                part[..<equals].unicodeScalars.count + 1 + afterEquals.prefix { $0 == " " }.unicodeScalars.count
            bindings.append(
                Binding(
                    name: name, swift: swift, kind: kind, location: at,
                    swiftLocation: location.advanced(columns: partOffset + swiftColumn)))
        }
        return problems
    }

    // MARK: Translation

    /// The block's TeX as display math: option lines are TeX comments; rows of `&`/`\\` without an environment
    /// are set in `aligned`. The location is where the returned text's first character would be.
    var displayTeX: (tex: String, location: SourceLocation) {
        let code = block.code.hasSuffix("\n") ? String(block.code.dropLast()) : block.code
        if !code.contains("\\begin{"), code.contains("\\\\") || code.contains("&") {
            // The environment's opening stands on a line of its own before the block, so no position moves.
            return (
                "\\begin{aligned}\n" + code + "\n\\end{aligned}",
                SourceLocation(file: block.location.file, line: block.location.line - 1, column: 1)
            )
        }
        return (code, block.location)
    }

    /// Translates the sides and builds the program's expression; problems are positioned in the block.
    mutating func prepare() -> [Diagnostic] {
        guard let checkLocation, !optionsFailed else { return [] }
        var problems: [Diagnostic] = []
        let tex = block.code
        let inferred = SwiftTranslation.inferredKinds(in: tex, names: bindings.map(\.name))
        var translationBindings = EquationBindings(
            indices: Array(Set((over ?? []) + ["i", "j", "k"])).sorted(), indexBase: base)
        translationBindings.safeSubscripts = true
        var declarations: [String] = []
        shown = []
        var seen: [String: SourceLocation] = [:]
        var constants: [String] = []
        for (number, binding) in bindings.enumerated() {
            if let first = seen[binding.name] {
                problems.append(.error(at: binding.location, .boundTwice(binding.name, first: first)))
                continue
            }
            seen[binding.name] = binding.location
            // A symbol the equation does not use (`z` when only `p = softmax(z)` appears) keeps the Swift type of its
            // value; it counts as a vector, whose length `n` is.
            let unused = binding.kind == nil && inferred[binding.name] == nil
            let kind = binding.kind ?? inferred[binding.name] ?? .vector
            let dependent = Self.identifiers(in: binding.swift).contains { constants.contains($0) }
            if kind == .function || dependent {
                translationBindings.bind(binding.name, to: "(\(binding.swift))", as: kind)
                continue
            }
            let local = Self.isPlainName(binding.name) ? binding.name : "_literateSymbol\(number)"
            let type =
                switch kind {
                case .scalar: "Double"
                case .vector: "[Double]"
                case .matrix: "[[Double]]"
                case .function: ""
                }
            if local != binding.swift {
                declarations.append("let \(local)\(unused ? "" : ": " + type) = \(binding.swift)")
            }
            translationBindings.bind(binding.name, to: local, as: kind)
            if Self.isPlainName(binding.name) { constants.append(binding.name) }
            if kind == .scalar || kind == .vector { shown.append((binding.name, local, kind == .scalar, unused)) }
        }
        let display = displayTeX
        do {
            sides = try SwiftTranslation.translate(display.tex, at: display.location, bindings: translationBindings)
        } catch {
            return problems + error.diagnostics
        }
        let used = Set(sides.flatMap(\.freeIndices))
        if let over {
            for side in sides {
                for index in side.freeIndices where !over.contains(index) {
                    problems.append(.error(at: side.location, .freeIndexNotOver(index, over: over)))
                }
            }
            indices = over
        } else {
            indices = used.sorted()
        }
        if let condition, !indices.contains(condition.first) || !indices.contains(condition.second) {
            problems.append(.error(at: checkLocation, .whereNamesOtherIndex(condition, ranged: indices)))
        }
        var length = "0"
        if !indices.isEmpty {
            guard let code = translationBindings.lengthCode else {
                return problems + [.error(at: checkLocation, .indicesNeedLength(indices))]
            }
            length = code
        }
        if !problems.isEmpty { return problems }
        let closures = sides.map { side in
            var body = ""
            for (position, index) in indices.enumerated() where side.freeIndices.contains(index) {
                body += "let \(index) = _literateIndex[\(position)]; "
            }
            let parameter = body.isEmpty ? "_" : "_literateIndex"
            return "{ (\(parameter): [Int]) -> Double in \(body)return \(side.swift) }"
        }
        let call =
            "_literateCheckEquation(count: \(length), base: \(base), indices: \(indices.count), [\(closures.joined(separator: ", "))])"
        let shownRows = shown.map { entry in
            entry.unused ? "_literateValues(\(entry.local))" : entry.scalar ? "[\(entry.local)]" : entry.local
        }
        let rows = "[[Double(\(length))]] + \(call) + [\(shownRows.joined(separator: ", "))]"
        let called = Self.identifiers(in: closures.joined(separator: " "))
        let math = ["exp", "log", "sqrt", "pow"].filter { called.contains($0) }.map {
            "let \($0) = _LiterateMath.\($0)"
        }
        let statements = (math + declarations + ["return \(rows)"]).joined(separator: "; ")
        code = "{ () -> [[Double]] in \(statements) }()"
        return []
    }

    static func isPlainName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else {
            return false
        }
        let keywords: Set<String> = [
            "let", "var", "in", "if", "for", "func", "return", "true", "false", "nil", "self", "Self", "is", "as", "do",
            "try", "case", "else", "while", "switch", "where",
        ]
        return !keywords.contains(name)
            && name.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_"
            }
    }

    /// The Swift identifiers of `code` (words not after a `.`).
    static func identifiers(in code: String) -> Set<String> {
        var found: Set<String> = []
        var word = ""
        var afterDot = false
        for c in code.unicodeScalars {
            if c.properties.isAlphabetic || c == "_" || (!word.isEmpty && ("0"..."9").contains(c)) {
                word.unicodeScalars.append(c)
                continue
            }
            if !word.isEmpty && !afterDot { found.insert(word) }
            afterDot = c == "."
            word = ""
        }
        if !word.isEmpty && !afterDot { found.insert(word) }
        return found
    }

    /// The compiler's diagnostics of `equations`' generated code stand on their check lines at columns of the
    /// generated code: each is moved to the binding whose Swift it names (`cannot find 'nowhere' in scope`), or to
    /// the start of the check line's value, and says it comes from the checked equation.
    static func relocate(_ diagnostics: [Diagnostic], in equations: [CheckedEquation]) -> [Diagnostic] {
        diagnostics.map { diagnostic in
            guard let location = diagnostic.location,
                let equation = equations.first(where: {
                    $0.checkLocation?.file == location.file
                        && $0.checkLocation?.line == location.line
                }),
                let check = equation.checkLocation, location.column >= check.column
            else { return diagnostic }
            var moved = diagnostic
            let quoted = diagnostic.message.split(separator: "'", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 1 }.map { String($0.element) }
            let binding = equation.bindings.first { binding in
                quoted.contains { !$0.isEmpty && Self.identifiers(in: binding.swift).contains($0) }
            }
            moved.location = binding?.swiftLocation ?? check
            if binding == nil { moved.message = Diagnostic.Message.inCheckedSwift(diagnostic.message).text }
            return moved
        }
    }

    // MARK: Judging

    /// What checking found, for the page and for the note under the equation.
    struct Judgement: Sendable {
        var diagnostics: [Diagnostic] = []
        /// The note's text, e.g. "checked at z = [2, 5, 1], all i, j"; nil when it was not checked.
        var note: String?
        /// For a note of agreement: where ("z = [2, 5, 1]") and over what (", all i, j").
        var agreement: (at: String, scope: String)?

        /// The note of an equation checked at several points: "checked at z = [2, 5, 1] and at z = [0.3, …],
        /// all i, j"; nil when any point has none.
        static func note(of judgements: [Judgement]) -> String? {
            let notes = judgements.compactMap(\.note)
            guard notes.count == judgements.count, !notes.isEmpty else { return nil }
            let agreements = judgements.compactMap(\.agreement)
            guard agreements.count == judgements.count, judgements.count > 1 else {
                return notes.joined(separator: "; ")
            }
            return "checked at " + agreements.map(\.at).joined(separator: " and at ") + agreements[0].scope
        }
    }

    /// Judges the program's value for this equation: a row holding n, rows of side values and error estimates,
    /// then the shown bindings' values. `nil`: the program did not get there (the reason is reported already).
    func judge(_ value: Value?, digits: Int) -> Judgement {
        guard isChecked, !sides.isEmpty, let matrix = Self.rows(of: value),
            matrix.count == 1 + sides.count + shown.count,
            let count = matrix[0].first, count.isFinite, abs(count) < 1e6
        else {
            return Judgement()
        }
        let rows = Array(matrix.dropFirst())
        let total = _literateIndexTupleCount(count: Int(count), indices: indices.count)
        guard total <= _literateMaximumIndexTuples else {
            let size = total == Int.max ? "too many" : "\(total)"
            return Judgement(diagnostics: [
                .error(
                    at: checkLocation ?? block.location,
                    .tooManyIndexValues(size, n: Int(count), indices: indices.count))
            ])
        }
        let tuples = Self.tuples(count: Int(count), base: base, indices: indices.count)
        let judged = tuples.indices.filter { included(tuples[$0]) }
        guard rows.prefix(sides.count).allSatisfy({ $0.count == tuples.count * 2 }) else { return Judgement() }
        var judgement = Judgement()
        var worst: (left: Int, right: Int, tuple: Int, difference: Double)?
        var disagreements = 0
        for equation in Set(sides.map(\.equation)).sorted() {
            let members = sides.indices.filter { sides[$0].equation == equation }
            // Relative to the largest value of the equation; absolute when all of them are 0 up to rounding.
            var scale = 0.0
            for member in members {
                for tuple in judged where rows[member][2 * tuple].isFinite {
                    scale = max(scale, abs(rows[member][2 * tuple]))
                }
            }
            if scale < Self.zeroScale { scale = 1 }
            // Each side is compared with the last side before it that agreed with its own predecessor, so one
            // wrong step is one error, not also one at the correct step after it.
            var reference = members[0]
            for right in members.dropFirst() {
                let left = reference
                var failures: [Int] = []
                for tuple in judged {
                    let a = rows[left][2 * tuple]
                    let b = rows[right][2 * tuple]
                    // The derivatives' error estimates widen the tolerance, by at most 1e-6 of the scale: an
                    // estimate larger than that means the derivative is not to be trusted, not that anything goes.
                    let slack = 4 * (rows[left][2 * tuple + 1] + rows[right][2 * tuple + 1])
                    let allowed = tolerance * scale + min(slack, Self.maximumDerivativeSlack * scale)
                    let difference = abs(a - b)
                    guard !(difference <= allowed) else { continue }
                    failures.append(tuple)
                    let size = difference.isNaN ? Double.infinity : difference
                    if worst == nil || size > worst!.difference { worst = (left, right, tuple, size) }
                }
                disagreements += failures.count
                if failures.isEmpty { reference = right }
                guard let first = failures.first, !expectDisagree else { continue }
                let a = rows[left][2 * first]
                let b = rows[right][2 * first]
                let line = sides[left].location.line
                let other = line == sides[right].location.line ? "the side before it" : "the side at line \(line)"
                let finite = a.isFinite && b.isFinite
                let message = Diagnostic.Message.stepDisagrees(
                    with: other, at: describe(tuples[first]), here: format(b, digits), there: format(a, digits),
                    difference: finite ? format(abs(a - b), digits: 3) : nil, tolerance: format(tolerance, digits: 2),
                    more: failures.count - 1)
                judgement.diagnostics.append(.error(at: sides[right].location, message))
            }
        }
        let at = checkedAt(rows.suffix(shown.count), digits: digits)
        if expectDisagree {
            guard let worst else {
                judgement.diagnostics.append(
                    .error(at: checkLocation ?? block.location, .expectedDisagreementAgrees(at: at)))
                return judgement
            }
            let (left, right) = (worst.left, worst.right)
            let a = rows[left][2 * worst.tuple]
            let b = rows[right][2 * worst.tuple]
            judgement.note =
                "disagrees, as expected\(at.isEmpty ? "" : ", at " + at): at \(describe(tuples[worst.tuple], bare: true)) the sides are \(format(a, digits)) and \(format(b, digits)), off by \(format(abs(a - b), digits))"
            if indices.isEmpty {
                judgement.note =
                    "disagrees, as expected\(at.isEmpty ? "" : ", at " + at): the sides are \(format(a, digits)) and \(format(b, digits)), off by \(format(abs(a - b), digits))"
            }
            return judgement
        }
        if disagreements == 0 {
            var all = indices.isEmpty ? "" : ", all \(indices.joined(separator: ", "))"
            if let condition {
                all += " with \(condition.first) \(condition.equal ? "=" : "≠") \(condition.second)"
            }
            judgement.note = "checked" + (at.isEmpty ? "" : " at " + at) + all
            judgement.agreement = (at, all)
        }
        return judgement
    }

    /// `z = [2, 5, 1], T = 2`: the shown bindings at their values.
    private func checkedAt(_ rows: ArraySlice<[Double]>, digits: Int) -> String {
        zip(shown, rows).map { entry, values in
            // Whole numbers as an author writes them: [2, 5, 1], not [2.0, 5.0, 1.0].
            let text = values.map { value in
                let text = format(value, digits)
                return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
            }
            if entry.scalar || entry.unused, text.count == 1 { return "\(entry.name) = \(text[0])" }
            return "\(entry.name) = [\(text.joined(separator: ", "))]"
        }.joined(separator: ", ")
    }

    /// Whether the `where:` condition holds for `tuple`.
    func included(_ tuple: [Int]) -> Bool {
        guard let condition, let a = indices.firstIndex(of: condition.first),
            let b = indices.firstIndex(of: condition.second), a < tuple.count, b < tuple.count
        else { return true }
        return (tuple[a] == tuple[b]) == condition.equal
    }

    /// An array of arrays of numbers, rows of any length.
    static func rows(of value: Value?) -> [[Double]]? {
        guard case .array(let rows)? = value else { return nil }
        var result: [[Double]] = []
        for row in rows {
            guard case .array = row, let vector = row.asVector else { return nil }
            result.append(vector)
        }
        return result
    }

    /// The index values of every tuple, in the program's order (as the page library's `_literateIndexTuples`).
    static func tuples(count: Int, base: Int, indices: Int) -> [[Int]] {
        var tuples: [[Int]] = [[]]
        for _ in 0..<indices {
            tuples = tuples.flatMap { tuple in (0..<max(count, 0)).map { tuple + [base + $0] } }
        }
        return tuples
    }

    private func describe(_ tuple: [Int], bare: Bool = false) -> String {
        guard !tuple.isEmpty else { return "" }
        let text = zip(indices, tuple).map { "\($0) = \($1)" }.joined(separator: ", ")
        return bare ? text : " at " + text
    }

    private func format(_ value: Double, _ digits: Int) -> String {
        format(value, digits: max(digits, 4))
    }

    private func format(_ value: Double, digits: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-∞" : "∞" }
        return NumberFormat.format(value, significantDigits: digits)
    }
}

extension Diagnostic.Message {
    static let mathOptionNotKeyValue: Self = "expected 'key: value' after '%|'"
    static func overNotIndexLetters(_ word: String) -> Self {
        "'over' lists index letters, as 'i, j'; '\(word)' is not one"
    }
    static func baseNotZeroOrOne(_ value: String) -> Self { "'base' is 0 or 1 (the first math index), not '\(value)'" }
    static func toleranceOutOfRange(_ value: String) -> Self {
        "'tolerance' is a relative tolerance between 0 and 1, as 1e-9, not '\(value)'"
    }
    static func whereNotComparison(_ value: String) -> Self {
        "'where' compares two indices, as 'i != j' or 'i == j', not '\(value)'"
    }
    static func expectNotDisagree(_ value: String) -> Self {
        "'expect' is 'disagree' (or 'agree', the default), not '\(value)'"
    }
    static func unknownMathOption(_ key: String) -> Self {
        "unknown math option '\(key)'; known: check, over, where, base, tolerance, expect"
    }
    static func optionNeedsCheck(_ option: String) -> Self { "'\(option)' needs 'check:', which binds the symbols" }
    static let bindingNotSymbolEqualsSwift: Self = "expected 'symbol = swift', as 'z = scores'"
    static func unknownBindingKind(_ word: String) -> Self {
        "'\(word)' is not a kind; write scalar, vector, matrix or function"
    }
    static func boundTwice(_ symbol: String, first: SourceLocation) -> Self {
        "'\(symbol)' is bound twice; first at \(first)"
    }
    static func freeIndexNotOver(_ index: String, over: [String]) -> Self {
        "index '\(index)' is free here but not in 'over: \(over.joined(separator: ", "))'"
    }
    static func whereNamesOtherIndex(
        _ condition: (first: String, second: String, equal: Bool), ranged indices: [String]
    ) -> Self {
        let comparison = "\(condition.first) \(condition.equal ? "==" : "!=") \(condition.second)"
        let ranged = indices.isEmpty ? "none" : indices.joined(separator: ", ")
        return "'where: \(comparison)' names an index the equation does not range over (\(ranged))"
    }
    static func indicesNeedLength(_ indices: [String]) -> Self {
        "the indices \(indices.joined(separator: ", ")) need a length: bind a vector, or 'n'"
    }
    static func tooManyIndexValues(_ size: String, n: Int, indices: Int) -> Self {
        Self(
            "the equation would be evaluated at \(size) index values (n = \(n), \(indices) indices), more than "
                + "\(_literateMaximumIndexTuples): bind shorter vectors")
    }
    /// `difference` is nil when a side is not a finite number.
    static func stepDisagrees(
        with other: String, at place: String, here: String, there: String, difference: String?, tolerance: String,
        more: Int
    ) -> Self {
        var text = "this step disagrees with \(other)\(place): \(here) here, \(there) there"
        if let difference {
            text += " (they differ by \(difference)); tolerance \(tolerance) relative)"
        } else {
            text += " (not a number: an index out of range, or a division by zero)"
        }
        if more > 0 { text += "; it disagrees at \(more) more index values" }
        return Self(text)
    }
    static func expectedDisagreementAgrees(at point: String) -> Self {
        "this equation is expected to disagree ('expect: disagree'), but every step agrees\(point.isEmpty ? "" : " at " + point)"
    }
    static func inCheckedSwift(_ message: String) -> Self { "in the checked equation's Swift: \(message)" }
}
