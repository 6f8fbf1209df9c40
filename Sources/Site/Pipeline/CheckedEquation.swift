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
}
