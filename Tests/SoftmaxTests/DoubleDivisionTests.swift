import TestSupport
import Testing

@testable import Softmax

/// Double softmax's last pass on the AVX2 path divides by a reciprocal and a Newton step when the
/// quotients are normal; it must give the quotient a division gives, bit for bit.
@Suite("AVX2 division pass")
struct DoubleDivisionTests {
    /// A double in [2^e, 2^(e+1)) whose significand is random or one of the patterns where a
    /// reciprocal's rounding is hardest (all ones, nearly all ones, nearly none).
    func edgy(_ g: inout SplitMix64, exponent: Int) -> Double {
        let all: UInt64 = (1 << 52) - 1
        let significand: UInt64
        switch g.next() % 6 {
        case 0: significand = 0
        case 1: significand = all
        case 2: significand = g.next() % 16
        case 3: significand = all - g.next() % 16
        default: significand = g.next() & all
        }
        return Double(sign: .plus, exponentBitPattern: UInt(exponent + 1023), significandBitPattern: significand)
    }

    @Test("quotients of exps down to 2^-950 by sums up to 2^53 equal the division's")
    func reciprocalStepEqualsDivision() throws {
        try #require(FloatKernelsAVX2.isSupported, "this processor has no AVX2 and FMA")
        var g = SplitMix64(seed: 0xD1_1510)
        var y = [Double](repeating: 0, count: 1024)
        var mismatches = 0
        for _ in 0..<2000 {
            let sum = edgy(&g, exponent: Int(g.next() % 54))
            let exps = (0..<y.count).map { _ in Swift.min(1, edgy(&g, exponent: -Int(g.next() % 951))) }
            y = exps
            y.withUnsafeMutableBufferPointer {
                DoubleKernelsAVX2.divide($0.baseAddress!, 0, $0.count, by: sum, correction: 0, normalQuotients: true)
            }
            for (e, q) in zip(exps, y) where q != e / sum { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
