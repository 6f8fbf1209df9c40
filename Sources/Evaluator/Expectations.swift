import Diagnostics

/// A value an author stated after an arrow (`// → 0.936`, `// => [0.1, 0.9]`, or inline `expr → 0.936`).
///
/// `text` and `location` point at the value exactly as written in the Markdown file (its first character,
/// through the last non-blank one), so `--fix` can rewrite it in place; `arrow` is `→` or `=>`.
public struct StatedValue: Sendable, Equatable {
    /// The value text as written, without the arrow and surrounding blanks.
    public var text: String
    /// The Markdown position of the value text's first character.
    public var location: SourceLocation
    /// The arrow the author used: `→` or `=>`.
    public var arrow: String
    /// The parsed value, or nil when `text` could not be read (a diagnostic says why).
    public var literal: StatedLiteral?

    /// The tolerance of a scalar stated value: half a unit in its last written place (nil for non-numbers).
    public var tolerance: Double? {
        if case .number(let number)? = literal { return number.tolerance }
        return nil
    }

    /// Reads `text`, written at `location`, with `arrow`.
    public init(text: String, location: SourceLocation, arrow: String) {
        self.text = text
        self.location = location
        self.arrow = arrow
        self.literal = try? StatedLiteral.parse(Self.joiningContinuationLines(text))
    }

    /// The value of a stated value written over several comment lines, without the line breaks and the
    /// `//` that start the continuation lines; `text` keeps them, so `--fix` can keep the layout.
    public static func joiningContinuationLines(_ text: String) -> String {
        guard text.contains("\n") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            guard index > 0 else { return String(line) }
            let content = line.drop { $0 == " " || $0 == "\t" }
            return " " + String(content.hasPrefix("//") ? content.dropFirst(2) : content)
        }.joined()
    }
}

/// A number as an author wrote it, with the precision the writing implies.
public struct StatedNumber: Sendable, Equatable {
    /// The number's text, such as `0.936`, `-1.5e-5`, `3`, `nan` or `-inf`.
    public var text: String
    public var value: Double
    /// Half a unit in the last written place: `0.936` → 0.0005, `1.5e-5` → 0.05e-5, `3` → 0.5. Zero for
    /// `nan` and `inf`, which match only themselves.
    public var tolerance: Double
    /// Written without a decimal point or exponent (`3`): matches an Int exactly.
    public var isInteger: Bool
    /// Digits after the decimal point in the mantissa, for rewriting in the same style.
    public var decimals: Int
    /// Whether it was written with an exponent (`1.5e-5`).
    public var isScientific: Bool
    /// Where the number's text starts within the stated value's text, in Unicode scalars.
    public var offset: Int
}

/// The parsed form of a stated value.
public indirect enum StatedLiteral: Sendable, Equatable {
    case number(StatedNumber)
    case bool(Bool)
    case string(String)
    /// A vector or matrix: `[a, b]`, `[[a, b], [c, d]]`.
    case array([StatedLiteral])

    /// The numbers in reading order; nil when the value holds anything else (a string, a Boolean).
    public var numbers: [StatedNumber]? {
        switch self {
        case .number(let number): return [number]
        case .bool, .string: return nil
        case .array(let elements):
            var numbers: [StatedNumber] = []
            for element in elements {
                guard let inner = element.numbers else { return nil }
                numbers += inner
            }
            return numbers
        }
    }

    /// Why a stated value's text could not be read; `offset` counts Unicode scalars into the text.
    public struct ParseError: Error, Sendable, Equatable {
        public var offset: Int
        public var message: Diagnostic.Message
    }

    /// How deeply stated vectors may nest; deeper is an error at the bracket, so that no value can
    /// exhaust the stack of the parser or of the code that compares and prints values.
    public static let maximumDepth = 64

    /// Parses a whole stated value; anything after the value is an error.
    public static func parse(_ text: String) throws(ParseError) -> StatedLiteral {
        var parser = StatedParser(Array(text.unicodeScalars))
        let literal = try parser.value()
        parser.skipBlanks()
        if parser.index < parser.scalars.count {
            var rest = String(String.UnicodeScalarView(parser.scalars[parser.index...].prefix(40)))
            if parser.scalars.count - parser.index > 40 { rest += "…" }
            throw ParseError(offset: parser.index, message: .unexpectedAfterStatedValue(rest))
        }
        return literal
    }

    /// A short description of the shape, for messages: "a number", "a vector of 3 elements", "a 2 × 3 matrix".
    var shape: String {
        switch self {
        case .number: return "a number"
        case .bool: return "a Boolean"
        case .string: return "a string"
        case .array(let elements):
            if case .array(let row)? = elements.first { return "a \(elements.count) × \(row.count) matrix" }
            return "a vector of \(elements.count) element\(elements.count == 1 ? "" : "s")"
        }
    }
}

private struct StatedParser {
    let scalars: [Unicode.Scalar]
    var index = 0
    /// How many vectors enclose the value being read.
    var depth = 0

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    mutating func skipBlanks() {
        while index < scalars.count && (scalars[index] == " " || scalars[index] == "\t") { index += 1 }
    }

    func fail(_ message: Diagnostic.Message) -> StatedLiteral.ParseError {
        StatedLiteral.ParseError(offset: index, message: message)
    }

    mutating func value() throws(StatedLiteral.ParseError) -> StatedLiteral {
        skipBlanks()
        guard index < scalars.count else { throw fail(.expectedStatedValue) }
        let c = scalars[index]
        if c == "[" {
            let start = index
            guard depth < StatedLiteral.maximumDepth else {
                throw fail(.statedVectorsNestTooDeep)
            }
            depth += 1
            defer { depth -= 1 }
            index += 1
            var elements: [StatedLiteral] = []
            skipBlanks()
            if index < scalars.count && scalars[index] == "]" {
                index += 1
                return .array(elements)
            }
            while true {
                elements.append(try value())
                skipBlanks()
                guard index < scalars.count else {
                    throw fail(.unclosedStatedVector)
                }
                if scalars[index] == "," {
                    index += 1
                    continue
                }
                if scalars[index] == "]" {
                    index += 1
                    break
                }
                throw fail(.expectedCommaInStatedVector)
            }
            if var shapeError = checkShape(elements) {
                shapeError.offset = start
                throw shapeError
            }
            return .array(elements)
        }
        if c == "\"" {
            index += 1
            var result = ""
            while index < scalars.count && scalars[index] != "\"" {
                if scalars[index] == "\\" && index + 1 < scalars.count {
                    index += 1
                    let escaped = scalars[index]
                    result.unicodeScalars.append(escaped == "n" ? "\n" : escaped == "t" ? "\t" : escaped)
                } else {
                    result.unicodeScalars.append(scalars[index])
                }
                index += 1
            }
            guard index < scalars.count else { throw fail(.unclosedStatedString) }
            index += 1
            return .string(result)
        }
        let start = index
        while index < scalars.count, !" \t,]".unicodeScalars.contains(scalars[index]) { index += 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<index]))
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        guard let number = Self.number(word, offset: start) else {
            index = start
            throw fail(.unreadableStatedValue(word.count > 40 ? word.prefix(40) + "…" : word))
        }
        return .number(number)
    }

    /// Rows of a matrix must be all vectors of one length, or all scalars.
    func checkShape(_ elements: [StatedLiteral]) -> StatedLiteral.ParseError? {
        guard let first = elements.first else { return nil }
        for element in elements.dropFirst() {
            switch (first, element) {
            case (.array(let a), .array(let b)) where a.count != b.count:
                return fail(.raggedStatedMatrix(a.count, b.count))
            case (.array, .array), (.number, .number), (.bool, .bool), (.string, .string):
                continue
            default:
                return fail(.mixedStatedVector(first.shape, element.shape))
            }
        }
        return nil
    }

    static func number(_ word: String, offset: Int) -> StatedNumber? {
        switch word {
        case "nan", "NaN", "-nan":
            return StatedNumber(
                text: word, value: .nan, tolerance: 0, isInteger: false, decimals: 0, isScientific: false,
                offset: offset)
        case "inf", "+inf", "infinity", "∞":
            return StatedNumber(
                text: word, value: .infinity, tolerance: 0, isInteger: false, decimals: 0, isScientific: false,
                offset: offset)
        case "-inf", "-infinity", "-∞":
            return StatedNumber(
                text: word, value: -.infinity, tolerance: 0, isInteger: false, decimals: 0, isScientific: false,
                offset: offset)
        default: break
        }
        // [+-]digits[.digits][e[+-]digits], checked by hand so that "0x1p3" or "1_000" are not accepted.
        let chars = Array(word)
        var i = 0
        if i < chars.count && (chars[i] == "-" || chars[i] == "+") { i += 1 }
        let integerStart = i
        while i < chars.count && chars[i].isASCII && chars[i].isNumber { i += 1 }
        var integerDigits = i - integerStart
        var decimals = 0
        var hasPoint = false
        if i < chars.count && chars[i] == "." {
            hasPoint = true
            i += 1
            let fractionStart = i
            while i < chars.count && chars[i].isASCII && chars[i].isNumber { i += 1 }
            decimals = i - fractionStart
        }
        integerDigits += decimals
        guard integerDigits > 0 else { return nil }
        var exponent = 0
        var isScientific = false
        if i < chars.count && (chars[i] == "e" || chars[i] == "E") {
            isScientific = true
            i += 1
            var sign = 1
            if i < chars.count && (chars[i] == "-" || chars[i] == "+") {
                sign = chars[i] == "-" ? -1 : 1
                i += 1
            }
            let exponentStart = i
            while i < chars.count && chars[i].isASCII && chars[i].isNumber { i += 1 }
            guard i > exponentStart, let magnitude = Int(String(chars[exponentStart..<i])), magnitude < 400 else {
                return nil
            }
            exponent = sign * magnitude
        }
        guard i == chars.count, let value = Double(word) else { return nil }
        let tolerance = 0.5 * pow10(exponent - decimals)
        return StatedNumber(
            text: word, value: value, tolerance: tolerance, isInteger: !hasPoint && !isScientific, decimals: decimals,
            isScientific: isScientific, offset: offset)
    }

    /// 10^n without Foundation; exact for the small powers that matter.
    static func pow10(_ n: Int) -> Double {
        var result = 1.0
        if n >= 0 {
            for _ in 0..<n { result *= 10 }
            return result
        }
        for _ in 0..<(-n) { result *= 10 }
        return 1 / result
    }
}

// MARK: Checking

extension StatedLiteral {
    /// Compares with a computed value; nil when they agree, else the message of the mismatch
    /// ("stated 0.25, computed -0.25", "element [2]: stated …, computed … (off by …)").
    public func mismatch(with computed: Value) -> Diagnostic.Message? {
        var mismatches: [(path: String, message: Diagnostic.Message)] = []
        compare(computed, path: "", into: &mismatches)
        guard let first = mismatches.first else { return nil }
        let message = first.path.isEmpty ? first.message : .inElement(first.path, first.message)
        return mismatches.count > 1 ? .moreElementsDiffer(message, others: mismatches.count - 1) : message
    }

    private func compare(
        _ computed: Value, path: String, into mismatches: inout [(path: String, message: Diagnostic.Message)]
    ) {
        let inVector = !path.isEmpty
        if case .some(let wrapped) = computed {
            compare(wrapped, path: path, into: &mismatches)
            return
        }
        switch (self, computed) {
        case (.number(let stated), .int(let n)):
            let matches = stated.isInteger ? stated.value == Double(n) : Self.within(Double(n), stated)
            if !matches {
                mismatches.append((path, .statedDiffers(stated.text, computed: "\(n)")))
            }
        case (.number(let stated), .unsigned(let n)):
            if !Self.within(Double(n), stated) {
                mismatches.append((path, .statedDiffers(stated.text, computed: "\(n)")))
            }
        case (.number(let stated), .double), (.number(let stated), .float):
            let x = computed.asDouble!
            if !Self.within(x, stated) {
                let digits = max(NumberFormat.defaultDigits, Self.significantDigits(stated.text) + 1)
                let shown = NumberFormat.format(value: computed, digits: digits)
                let offBy = inVector && x.isFinite && stated.value.isFinite ? abs(x - stated.value) : nil
                mismatches.append((path, .statedDiffers(stated.text, computed: shown, offBy: offBy)))
            }
        case (.bool(let stated), .bool(let b)):
            if stated != b { mismatches.append((path, .statedDiffers("\(stated)", computed: "\(b)"))) }
        case (.bool(let stated), .derivativeCheck(let check)):
            if stated != check.passed {
                mismatches.append((path, .statedDerivativeCheck(stated, passed: check.passed)))
            }
        case (.string(let stated), .string(let s)):
            if stated != s {
                mismatches.append((path, .statedDiffers(NumberFormat.quoted(stated), computed: NumberFormat.quoted(s))))
            }
        case (.array(let stated), .array(let elements)):
            guard stated.count == elements.count else {
                mismatches.append((path, .statedDiffers(shape, computed: Self.shape(of: computed))))
                return
            }
            for (index, (statedElement, element)) in zip(stated, elements).enumerated() {
                statedElement.compare(element, path: path + "[\(index)]", into: &mismatches)
            }
        default:
            mismatches.append((path, .statedDiffers(shape, computed: Self.shape(of: computed))))
        }
    }

    static func within(_ x: Double, _ stated: StatedNumber) -> Bool {
        if stated.value.isNaN { return x.isNaN }
        if stated.value.isInfinite || x.isInfinite || x.isNaN { return x == stated.value }
        // A hair of slack so that a value exactly half a unit away, as written, is accepted.
        let slack = 4 * max(abs(x), abs(stated.value)).ulp
        return abs(x - stated.value) <= stated.tolerance + slack
    }

    static func significantDigits(_ text: String) -> Int {
        let mantissa = text.prefix { $0 != "e" && $0 != "E" }
        let digits = mantissa.filter(\.isNumber).drop { $0 == "0" }
        return digits.count
    }

    static func shape(of value: Value) -> String {
        switch value {
        case .int(let n): return "the Int \(n)"
        case .double(let x): return "the number \(NumberFormat.format(x))"
        case .bool(let b): return "\(b)"
        case .string(let s): return "the string \(NumberFormat.quoted(s))"
        case .array(let elements):
            if let matrix = value.asMatrix, case .array? = elements.first {
                return "a \(matrix.count) × \(matrix.first?.count ?? 0) matrix"
            }
            return "a vector of \(elements.count) element\(elements.count == 1 ? "" : "s")"
        default: return "a value of type '\(value.typeName)'"
        }
    }
}

extension Diagnostic.Message {
    static func unexpectedAfterStatedValue(_ rest: String) -> Self { "unexpected '\(rest)' after the stated value" }
    static let expectedStatedValue: Self = "expected a value after the arrow"
    static let statedVectorsNestTooDeep: Self =
        "a stated value may nest vectors at most \(StatedLiteral.maximumDepth) deep"
    static let unclosedStatedVector: Self =
        "expected ']' to close the stated vector (a stated value must fit on one line)"
    static let expectedCommaInStatedVector: Self = "expected ',' or ']' in the stated vector"
    static let unclosedStatedString: Self = "expected '\"' to close the stated string"

    static func unreadableStatedValue(_ word: String) -> Self {
        Self(
            "cannot read '\(word)' as a value: expected a number (0.936, -1.5e-5, nan, inf), true, false, "
                + "a \"string\" or a [vector]")
    }

    static func raggedStatedMatrix(_ first: Int, _ other: Int) -> Self {
        "the rows of a stated matrix must have the same length (\(first) and \(other))"
    }

    static func mixedStatedVector(_ first: String, _ other: String) -> Self {
        "a stated vector mixes \(first) and \(other)"
    }

    /// A stated value that disagrees with the computed one, both as shown ("0.25", "a vector of 2
    /// elements"); `offBy`, for an element of a vector, how far apart they are.
    static func statedDiffers(_ stated: String, computed: String, offBy: Double? = nil) -> Self {
        let distance = offBy.map { " (off by \(NumberFormat.format($0, significantDigits: 2)))" } ?? ""
        return "stated \(stated), computed \(computed)\(distance)"
    }

    static func statedDerivativeCheck(_ stated: Bool, passed: Bool) -> Self {
        "stated \(stated), but the derivative check \(passed ? "passed" : "failed")"
    }

    /// `message` about the element at `path` (`[1][0]`) of a stated vector or matrix.
    static func inElement(_ path: String, _ message: Self) -> Self { "element \(path): \(message)" }

    static func moreElementsDiffer(_ message: Self, others: Int) -> Self {
        "\(message); \(others) more element\(others == 1 ? " differs" : "s differ")"
    }
}
