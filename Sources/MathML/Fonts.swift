/// A math alphabet chosen by `\mathbf`, `\mathbb`, …
///
/// Browsers implementing MathML Core (Chromium) honour only `mathvariant="normal"`, so styled letters are
/// written as the Unicode Mathematical Alphanumeric Symbols (𝐱, ℝ, 𝒜) that every browser shows.
enum Font: Sendable {
    case roman, bold, italic, boldItalic, script, doubleStruck, fraktur, sansSerif, monospace

    /// First code points of the capital Latin, small Latin, digit and capital Greek ranges (0 when absent).
    private var bases: (upper: UInt32, lower: UInt32, digit: UInt32, greek: UInt32) {
        switch self {
        case .roman: return (0, 0, 0, 0)
        case .bold: return (0x1D400, 0x1D41A, 0x1D7CE, 0x1D6A8)
        case .italic: return (0x1D434, 0x1D44E, 0, 0x1D6E2)
        case .boldItalic: return (0x1D468, 0x1D482, 0x1D7CE, 0x1D71C)
        case .script: return (0x1D49C, 0x1D4B6, 0, 0)
        case .doubleStruck: return (0x1D538, 0x1D552, 0x1D7D8, 0)
        case .fraktur: return (0x1D504, 0x1D51E, 0, 0)
        case .sansSerif: return (0x1D5A0, 0x1D5BA, 0x1D7E2, 0)
        case .monospace: return (0x1D670, 0x1D68A, 0x1D7F6, 0)
        }
    }

    /// Letters that Unicode placed in the Letterlike Symbols block instead of the math alphabets.
    private var holes: [Unicode.Scalar: Unicode.Scalar] {
        switch self {
        case .italic: return ["h": "ℎ"]
        case .script:
            return [
                "B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ", "e": "ℯ",
                "g": "ℊ", "o": "ℴ",
            ]
        case .doubleStruck: return ["C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"]
        case .fraktur: return ["C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"]
        default: return [:]
        }
    }

    /// `scalar` in this alphabet, or itself when the alphabet has no such letter.
    func map(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let b = bases
        if b.upper == 0 { return scalar }
        if let hole = holes[scalar] { return hole }
        let v = scalar.value
        var mapped: UInt32?
        switch v {
        case 0x41...0x5A: mapped = b.upper + (v - 0x41)
        case 0x61...0x7A: mapped = b.lower + (v - 0x61)
        case 0x30...0x39 where b.digit != 0: mapped = b.digit + (v - 0x30)
        // Α…Ω (U+03A2 is unassigned, and the math block puts ϴ there), then ∇, then α…ω.
        case 0x391...0x3A9 where b.greek != 0: mapped = b.greek + (v - 0x391)
        case 0x2207 where b.greek != 0: mapped = b.greek + 25
        case 0x3B1...0x3C9 where b.greek != 0: mapped = b.greek + 26 + (v - 0x3B1)
        case 0x2202 where b.greek != 0: mapped = b.greek + 51
        case 0x3F5 where b.greek != 0: mapped = b.greek + 52
        case 0x3D1 where b.greek != 0: mapped = b.greek + 53
        case 0x3F0 where b.greek != 0: mapped = b.greek + 54
        case 0x3D5 where b.greek != 0: mapped = b.greek + 55
        case 0x3F1 where b.greek != 0: mapped = b.greek + 56
        case 0x3D6 where b.greek != 0: mapped = b.greek + 57
        default: mapped = nil
        }
        if let mapped, let result = Unicode.Scalar(mapped) { return result }
        return scalar
    }

    func map(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(map(scalar)) }
        return String(out)
    }
}
