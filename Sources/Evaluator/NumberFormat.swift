/// The one number-formatting policy of the site: prose, tables, matrices, expectations, `--fix` and
/// `literate eval` all print numbers through it.
///
/// Rules for a Double, given `n` significant digits (default 8):
/// - the exact binary value is rounded correctly to `n` significant digits (ties to even), so the text does
///   not depend on the platform's `printf` or locale;
/// - trailing zeros are trimmed, but a Double keeps its decimal point: `2.0`, `0.3488906`;
/// - `-0.0`, `nan`, `inf`, `-inf`;
/// - when the rounded value is below `1e-4` or at least `1e16` in magnitude it is written in scientific
///   notation with a signed exponent of at least two digits: `1.2345678e-05`, `1e+16`;
/// - Ints are written in full; Bools as `true`/`false`; arrays as `[a, b]`, matrices as `[[a, b], [c, d]]`.
public enum NumberFormat {
    /// The default number of significant digits.
    public static let defaultDigits = 8
    /// The significant digits a page, a block or `literate eval` may ask for: 17 is all a `Double` has.
    public static let digitsRange = 1...17
    /// What a digits setting must be, as messages say it.
    public static let digitsRequirement = "an integer from \(digitsRange.lowerBound) to \(digitsRange.upperBound)"

    /// `x` rounded to `significantDigits` significant digits (clamped to ``digitsRange``) in the site's notation.
    public static func format(_ x: Double, significantDigits: Int = defaultDigits) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
        let n = min(max(significantDigits, digitsRange.lowerBound), digitsRange.upperBound)
        let decimal = ExactDecimal(abs(x)).rounded(toSignificantDigits: n)
        let sign = x < 0 ? "-" : ""
        return sign + decimal.text()
    }

    /// A value as text: numbers with `digits` significant digits, arrays and matrices in brackets,
    /// strings as they are at the top level and quoted inside arrays and tuples (as Swift's `print` does).
    public static func format(value: Value, digits: Int = defaultDigits) -> String {
        format(value, digits: digits, nested: false)
    }

    private static func format(_ value: Value, digits: Int, nested: Bool) -> String {
        switch value {
        case .int(let n): return String(n)
        case .unsigned(let n): return String(n)
        case .double(let x): return format(x, significantDigits: digits)
        // A Float has at most 9 significant digits of its own; more would show its Double expansion.
        case .float(let x): return format(Double(x), significantDigits: min(digits, 9))
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return nested ? quoted(s) : s
        case .array(let elements):
            return "[" + elements.map { format($0, digits: digits, nested: true) }.joined(separator: ", ") + "]"
        case .tuple(let elements):
            let parts = elements.map { element in
                (element.label.map { "\($0): " } ?? "") + format(element.value, digits: digits, nested: true)
            }
            return "(" + parts.joined(separator: ", ") + ")"
        case .derivativeCheck(let check):
            let errors =
                "max error \(format(check.maxError, significantDigits: 2)), "
                + "tolerance \(format(check.tolerance, significantDigits: 2))"
            if check.passed { return "derivative check passed (\(errors))" }
            return "derivative check failed at ∂f_\(check.worstOutput)/∂z_\(check.worstInput): stated "
                + "\(format(check.stated, significantDigits: digits)), numerical "
                + "\(format(check.numerical, significantDigits: digits)) (\(errors))"
        case .chart(let chart):
            return "\(chart.kind == .bar ? "bar chart" : "line chart") \(quoted(chart.title)) (\(chart.series.count) "
                + "series of \(chart.count) values)"
        case .some(let wrapped): return "Optional(\(format(wrapped, digits: digits, nested: true)))"
        case .none: return "nil"
        case .void: return "()"
        case .other(_, let description, let debugDescription): return nested ? debugDescription : description
        }
    }

    /// A string as a Swift string literal.
    static func quoted(_ s: String) -> String {
        var result = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// A positive finite Double's exact decimal expansion: `0.digits × 10^pointPosition`.
struct ExactDecimal {
    /// Decimal digits, most significant first, without leading zeros.
    var digits: [UInt8]
    /// The value is `0.d₀d₁d₂… × 10^pointPosition`.
    var pointPosition: Int

    init(digits: [UInt8], pointPosition: Int) {
        self.digits = digits
        self.pointPosition = pointPosition
    }

    /// The exact expansion of `x` (positive, finite): `x = m · 2^e` is `m · 5^(−e) / 10^(−e)` when `e < 0`.
    init(_ x: Double) {
        let biased = Int(x.exponentBitPattern)
        var mantissa = x.significandBitPattern
        var exponent: Int
        if biased == 0 {
            exponent = -1074
        } else {
            mantissa |= 1 << 52
            exponent = biased - 1075
        }
        var big = BigDecimalInteger(mantissa)
        var scale = 0
        if exponent >= 0 {
            while exponent > 0 {
                let step = min(exponent, 31)
                big.multiply(by: UInt64(1) << UInt64(step))
                exponent -= step
            }
        } else {
            scale = -exponent
            var remaining = scale
            while remaining > 0 {
                let step = min(remaining, 13)
                var factor: UInt64 = 1
                for _ in 0..<step { factor *= 5 }
                big.multiply(by: factor)
                remaining -= step
            }
        }
        let digits = big.decimalDigits()
        self.digits = digits
        self.pointPosition = digits.count - scale
    }

    /// Rounded to `n` significant digits, ties to even, trailing zeros removed.
    func rounded(toSignificantDigits n: Int) -> ExactDecimal {
        var kept = Array(digits.prefix(n))
        var point = pointPosition
        if digits.count > n {
            let next = digits[n]
            let restNonZero = digits[(n + 1)...].contains { $0 != 0 }
            let roundUp = next > 5 || (next == 5 && (restNonZero || kept[n - 1] % 2 == 1))
            if roundUp {
                var i = n - 1
                while i >= 0 && kept[i] == 9 {
                    kept[i] = 0
                    i -= 1
                }
                if i >= 0 {
                    kept[i] += 1
                } else {
                    kept.insert(1, at: 0)
                    kept.removeLast()
                    point += 1
                }
            }
        }
        while kept.count > 1 && kept.last == 0 { kept.removeLast() }
        return ExactDecimal(digits: kept, pointPosition: point)
    }

    /// Positional text for `1e-4 ≤ x < 1e16`, scientific otherwise.
    func text() -> String {
        let chars = digits.map { Character(String($0)) }
        let exponent = pointPosition - 1
        if exponent < -4 || exponent >= 16 {
            var mantissa = String(chars[0])
            if chars.count > 1 { mantissa += "." + String(chars[1...]) }
            let magnitude = abs(exponent)
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        if pointPosition <= 0 {
            return "0." + String(repeating: "0", count: -pointPosition) + String(chars)
        }
        if pointPosition >= chars.count {
            return String(chars) + String(repeating: "0", count: pointPosition - chars.count) + ".0"
        }
        return String(chars[..<pointPosition]) + "." + String(chars[pointPosition...])
    }
}

/// A non-negative integer in base 10⁹ limbs (least significant first), enough to expand any Double exactly.
struct BigDecimalInteger {
    private static let base: UInt64 = 1_000_000_000
    private var limbs: [UInt64]

    init(_ value: UInt64) {
        limbs = []
        var v = value
        repeat {
            limbs.append(v % Self.base)
            v /= Self.base
        } while v > 0
    }

    /// Multiplies in place by `factor` (< 2³²).
    mutating func multiply(by factor: UInt64) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let product = limbs[i] * factor + carry
            limbs[i] = product % Self.base
            carry = product / Self.base
        }
        while carry > 0 {
            limbs.append(carry % Self.base)
            carry /= Self.base
        }
    }

    func decimalDigits() -> [UInt8] {
        var result: [UInt8] = []
        for (index, limb) in limbs.reversed().enumerated() {
            var chunk: [UInt8] = []
            var v = limb
            for _ in 0..<9 {
                chunk.append(UInt8(v % 10))
                v /= 10
            }
            chunk.reverse()
            if index == 0 {
                while chunk.count > 1 && chunk.first == 0 { chunk.removeFirst() }
            }
            result += chunk
        }
        return result
    }
}
