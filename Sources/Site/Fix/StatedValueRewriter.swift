import Evaluator
import Foundation

/// Rewrites a stale stated value with the computed numbers while keeping how the author wrote it:
/// the brackets, commas, spacing and line layout stay byte for byte; each number keeps its style
/// (the same count of decimals, or of significant digits in scientific notation).
public enum StatedValueRewriter {
    /// `stated` is the value text as written (`[0.25, 0.625, 0.125]`), `computed` the numbers in the
    /// same reading order. Returns nil when the text is not a value of numbers of that count (the caller
    /// then writes a fresh value).
    public static func rewrite(_ stated: String, with computed: [Double]) -> String? {
        guard let literal = try? StatedLiteral.parse(StatedValue.joiningContinuationLines(stated)),
            let numbers = literal.numbers
        else { return nil }
        return rewrite(stated, numbers: numbers, with: computed)
    }

    /// ``rewrite(_:with:)`` with the numbers the stated value's parse found, so that there is one
    /// grammar of stated numbers, the parser's.
    static func rewrite(_ stated: String, numbers: [StatedNumber], with computed: [Double]) -> String? {
        guard numbers.count == computed.count, !numbers.isEmpty else { return nil }
        var result = ""
        var cursor = stated.startIndex
        for (number, value) in zip(numbers, computed) {
            // The parsed text lacks only the line breaks and `//` of continuation lines, so each number's
            // text is the next occurrence after the previous one.
            guard let range = stated.range(of: number.text, range: cursor..<stated.endIndex) else { return nil }
            result += stated[cursor..<range.lowerBound]
            result += restyle(value, like: number.text)
            cursor = range.upperBound
        }
        result += stated[cursor...]
        return result
    }

    /// `value` written the way `original` is written.
    static func restyle(_ value: Double, like original: String) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let lower = original.lowercased()
        let plus = original.hasPrefix("+") && value >= 0 ? "+" : ""
        if let e = lower.firstIndex(of: "e") {
            let mantissa = lower[..<e].filter(\.isNumber)
            let significant = max(1, mantissa.drop { $0 == "0" }.count)
            let exponentPart = lower[lower.index(after: e)...]
            let exponentDigits = exponentPart.filter(\.isNumber).count
            let exponentSign = exponentPart.hasPrefix("+")
            return plus
                + scientific(
                    value, significant: significant, exponentDigits: exponentDigits,
                    explicitPlus: exponentSign, upper: original.contains("E"))
        }
        let decimals = lower.firstIndex(of: ".").map { lower.distance(from: $0, to: lower.endIndex) - 1 } ?? 0
        let written = fixed(value, decimals: decimals)
        // Keep at least as many significant digits as the author wrote, so a much smaller value
        // never collapses to zeros.
        let significantWritten = lower.filter(\.isNumber).drop { $0 == "0" }.count
        if significantDigits(of: written) < min(significantWritten, NumberFormat.digitsRange.upperBound), value != 0 {
            let needed = significantWritten - Int(floor(log10(abs(value)))) - 1
            return plus + fixed(value, decimals: max(decimals, needed))
        }
        return plus + written
    }

    static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        // "-0.00" for a tiny negative reads as a sign error; write it as the author would.
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }

    static func scientific(_ value: Double, significant: Int, exponentDigits: Int, explicitPlus: Bool, upper: Bool)
        -> String
    {
        let text = String(format: "%.\(significant - 1)e", value)
        guard let e = text.firstIndex(of: "e") else { return text }
        let mantissa = text[..<e]
        var exponent = Int(text[text.index(after: e)...]) ?? 0
        let sign = exponent < 0 ? "-" : (explicitPlus ? "+" : "")
        exponent = abs(exponent)
        var digits = String(exponent)
        while digits.count < exponentDigits { digits = "0" + digits }
        return "\(mantissa)\(upper ? "E" : "e")\(sign)\(digits)"
    }

    private static func significantDigits(of text: String) -> Int {
        text.filter(\.isNumber).drop { $0 == "0" }.count
    }
}
