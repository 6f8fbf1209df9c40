import Evaluator
import Foundation

/// Rewrites a stale stated value with the computed numbers while keeping how the author wrote it:
/// the brackets, commas, spacing and line layout stay byte for byte; each number keeps its style
/// (the same count of decimals, or of significant digits in scientific notation).
public enum StatedValueRewriter {
    /// `stated` is the value text as written (`[0.25, 0.625, 0.125]`), `computed` the numbers in the
    /// same reading order. Returns nil when the shapes differ (the caller then writes a fresh value).
    public static func rewrite(_ stated: String, with computed: [Double]) -> String? {
        let tokens = numberTokens(in: stated)
        guard tokens.count == computed.count, !tokens.isEmpty else { return nil }
        var result = ""
        var cursor = stated.startIndex
        for (token, value) in zip(tokens, computed) {
            result += stated[cursor..<token.range.lowerBound]
            result += restyle(value, like: String(stated[token.range]))
            cursor = token.range.upperBound
        }
        result += stated[cursor...]
        return result
    }

    struct Token {
        var range: Range<String.Index>
    }

    /// The numbers in a stated value, in reading order: `-1.5e-05`, `0.25`, `3`, `nan`, `inf`, `-inf`.
    static func numberTokens(in text: String) -> [Token] {
        var tokens: [Token] = []
        var index = text.startIndex
        while index < text.endIndex {
            if let end = numberEnd(in: text, from: index) {
                tokens.append(Token(range: index..<end))
                index = end
            } else {
                index = text.index(after: index)
            }
        }
        return tokens
    }

    private static func numberEnd(in text: String, from start: String.Index) -> String.Index? {
        var index = start
        if text[index] == "-" || text[index] == "+" { index = text.index(after: index) }
        for word in ["nan", "inf"] where text[index...].hasPrefix(word) {
            let end = text.index(index, offsetBy: word.count)
            if end == text.endIndex || !text[end].isLetter { return end }
        }
        let digitsStart = index
        while index < text.endIndex, text[index].isASCII, text[index].isNumber { index = text.index(after: index) }
        if index < text.endIndex, text[index] == "." {
            index = text.index(after: index)
            while index < text.endIndex, text[index].isASCII, text[index].isNumber { index = text.index(after: index) }
        }
        let mantissa = text[digitsStart..<index]
        guard mantissa.contains(where: \.isNumber) else { return nil }
        if index < text.endIndex, text[index] == "e" || text[index] == "E" {
            var exponent = text.index(after: index)
            if exponent < text.endIndex, text[exponent] == "-" || text[exponent] == "+" {
                exponent = text.index(after: exponent)
            }
            let exponentDigits = exponent
            while exponent < text.endIndex, text[exponent].isASCII, text[exponent].isNumber {
                exponent = text.index(after: exponent)
            }
            if exponent > exponentDigits { index = exponent }
        }
        return index
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
