import Evaluator
import Testing

@Suite struct NumberFormatTests {
    @Test func significantDigitsAndTrimmedZeros() {
        #expect(NumberFormat.format(0.34889060) == "0.3488906")
        #expect(NumberFormat.format(1.0 / 3.0) == "0.33333333")
        #expect(NumberFormat.format(2.0) == "2.0")
        #expect(NumberFormat.format(-2.5) == "-2.5")
        #expect(NumberFormat.format(0.1 + 0.2) == "0.3")
        #expect(NumberFormat.format(0.1 + 0.2, significantDigits: 17) == "0.30000000000000004")
        #expect(NumberFormat.format(123_456_789.0) == "123456790.0")
        #expect(NumberFormat.format(100.0) == "100.0")
        #expect(NumberFormat.format(1.0 / 3.0, significantDigits: 3) == "0.333")
    }

    @Test func specialValues() {
        #expect(NumberFormat.format(0.0) == "0.0")
        #expect(NumberFormat.format(-0.0) == "-0.0")
        #expect(NumberFormat.format(.nan) == "nan")
        #expect(NumberFormat.format(.infinity) == "inf")
        #expect(NumberFormat.format(-.infinity) == "-inf")
    }

    /// Rounding uses the exact binary value: 0.15 is 0.1499999999999999944…, 2.675 is 2.67499999…
    @Test func roundingFollowsTheExactBinaryValue() {
        #expect(NumberFormat.format(0.15, significantDigits: 1) == "0.1")
        #expect(NumberFormat.format(2.675, significantDigits: 3) == "2.67")
        #expect(NumberFormat.format(1.005, significantDigits: 3) == "1.0")
        // 0.35 is 0.34999999999999997779…, 0.45 is 0.4500000000000000111…
        #expect(NumberFormat.format(0.35, significantDigits: 1) == "0.3")
        #expect(NumberFormat.format(0.45, significantDigits: 1) == "0.5")
    }

    /// Exact ties (dyadic values) round to even, as C's printf and Python do.
    @Test func exactTiesRoundToEven() {
        #expect(NumberFormat.format(0.125, significantDigits: 2) == "0.12")
        #expect(NumberFormat.format(0.375, significantDigits: 2) == "0.38")
        #expect(NumberFormat.format(2.5, significantDigits: 1) == "2.0")
        #expect(NumberFormat.format(3.5, significantDigits: 1) == "4.0")
        #expect(NumberFormat.format(12_345_678.5) == "12345678.0")
        #expect(NumberFormat.format(12_345_679.5) == "12345680.0")
    }

    @Test func roundingCarriesIntoANewDigit() {
        #expect(NumberFormat.format(9.9999999) == "9.9999999")
        #expect(NumberFormat.format(9.99999999) == "10.0")
        #expect(NumberFormat.format(-9.99999999) == "-10.0")
        #expect(NumberFormat.format(0.99999999999) == "1.0")
        #expect(NumberFormat.format(999.96, significantDigits: 4) == "1000.0")
    }

    @Test func scientificBelowOneTenThousandth() {
        #expect(NumberFormat.format(0.0001) == "0.0001")
        #expect(NumberFormat.format(0.00012345678) == "0.00012345678")
        #expect(NumberFormat.format(0.000099999) == "9.9999e-05")
        #expect(NumberFormat.format(1.2345678e-5) == "1.2345678e-05")
        #expect(NumberFormat.format(-1.5e-5) == "-1.5e-05")
        // Rounds up to 1e-4, so it is written positionally.
        #expect(NumberFormat.format(0.0000999999999) == "0.0001")
        #expect(NumberFormat.format(1e-300) == "1e-300")
        #expect(NumberFormat.format(Double.leastNonzeroMagnitude) == "4.9406565e-324")
    }

    @Test func scientificFromTenQuadrillion() {
        #expect(NumberFormat.format(1e16) == "1e+16")
        #expect(NumberFormat.format(9_999_999_999_999_998.0) == "1e+16")
        #expect(NumberFormat.format(1_234_567_890_123_456.0) == "1234567900000000.0")
        #expect(NumberFormat.format(6.02214076e23) == "6.0221408e+23")
        #expect(NumberFormat.format(.greatestFiniteMagnitude) == "1.7976931e+308")
    }

    /// With 17 digits every Double's text reads back as the same Double.
    @Test func seventeenDigitsRoundTrip() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let x = Double(bitPattern: generator.next() & ~(0x7FF << 52) | (UInt64.random(in: 900...1150) << 52))
            let text = NumberFormat.format(x, significantDigits: 17)
            #expect(Double(text) == x, "\(x) → \(text)")
        }
    }

    /// With n digits the text is within half a unit of the n-th digit of the value.
    @Test func roundedTextIsWithinHalfAUnit() {
        for _ in 0..<2000 {
            let x = Double.random(in: -1e6...1e6) * pow10(Int.random(in: -3...3))
            let digits = Int.random(in: 1...12)
            let text = NumberFormat.format(x, significantDigits: digits)
            guard let back = Double(text) else {
                Issue.record("unreadable \(text)")
                continue
            }
            let unit = pow10(Int((abs(back).log10Floor)) - digits + 1)
            #expect(abs(back - x) <= unit / 2 * (1 + 1e-9), "\(x) at \(digits) digits → \(text)")
        }
    }

    @Test func values() {
        #expect(NumberFormat.format(value: .int(-3)) == "-3")
        #expect(NumberFormat.format(value: .array([.double(0.25), .double(1)])) == "[0.25, 1.0]")
        #expect(
            NumberFormat.format(value: .array([.array([.double(1), .double(2)]), .array([.double(3), .double(4)])]))
                == "[[1.0, 2.0], [3.0, 4.0]]")
        #expect(NumberFormat.format(value: .array([.double(1.0 / 3.0)]), digits: 3) == "[0.333]")
        #expect(NumberFormat.format(value: .string("a\"b")) == "a\"b")
        #expect(NumberFormat.format(value: .array([.string("a\"b")])) == "[\"a\\\"b\"]")
        #expect(NumberFormat.format(value: .bool(true)) == "true")
    }

    private func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(n) { result *= 10 }
        return n < 0 ? 1 / result : result
    }
}

extension Double {
    /// ⌊log10 |x|⌋ by counting, without Foundation.
    fileprivate var log10Floor: Double {
        var exponent = 0
        var m = abs(self)
        if m == 0 { return 0 }
        while m >= 10 {
            m /= 10
            exponent += 1
        }
        while m < 1 {
            m *= 10
            exponent -= 1
        }
        return Double(exponent)
    }
}
