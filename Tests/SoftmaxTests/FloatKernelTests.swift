import Foundation
import Softmax
import TestSupport
import Testing

/// The Float softmax stores exp(x − r), r within ln 2 / 512 of the block maximum, and scales it
/// in a second pass; its exp (in Double lanes) has a path for blocks within 200 of their maximum
/// (maxima below 2^20 in magnitude) and one that clamps the differences further below (and
/// −infinity) to −200; results near and below the smallest normal float come out of its Float
/// rounding. These tests reach all of them, at offsets small
/// and huge, and compare with the Double softmax of the same Float inputs, which is exact at
/// Float resolution (within 2 ulp of Double).
@Suite("Float kernels", .everyKernelPath)
struct FloatKernelTests {
    /// Float ulp error of `y` against a Double reference (subnormal ulp below the normal range).
    func floatUlps(_ y: Float, _ reference: Double) -> Double {
        let r = Float(reference)
        let ulp = Double(r == 0 ? Float.leastNonzeroMagnitude : max(r.ulp, Float.leastNonzeroMagnitude))
        return abs(Double(y) - reference) / ulp
    }

    @Test(
        "softmax within 2 ulp of the Double softmax of the same inputs, at every offset",
        arguments: [0, 0.75, -3, 1000, 65535, 65536, -70000, 1_048_000, -1_048_575, 3e7, 1e9, -1e12, 1e20, -1e30])
    func offsets(offset: Double) {
        var g = SplitMix64(seed: 0xF10A7 ^ offset.bitPattern)
        var worst = 0.0
        for n in [1, 2, 3, 7, 8, 9, 15, 16, 17, 100, 2047, 2049, 5000] {
            for spread in [0.01, 1, 30, 130] {
                let x = (0..<n).map { _ in Float(offset + spread * (2 * g.uniform() - 1)) }
                let y = softmax(x)
                let reference = softmax(x.map(Double.init))
                for i in 0..<n { worst = max(worst, floatUlps(y[i], reference[i])) }
            }
        }
        print("Float softmax at offset \(offset), \(kernelPathName) path: max \(worst) ulp")
        #expect(worst <= 2, "worst \(worst) ulp at offset \(offset)")
    }

    @Test("many equal elements: the sum is of the exact exps, not of the rounded ones")
    func manyEqualElements() {
        // 3,000 copies of v round their exp the same way; summing the rounded values put the
        // normalizer off by up to 2^-24 (1.61 ulp at v = -3.0915, a = -0.6577).
        var worst = 0.0
        for j in stride(from: 0, to: 4000, by: 5) {
            var x = [Float](repeating: Float(-0.05 - Double(j) * 0.0011), count: 3000)
            x[0] = 0
            x[1] = Float(-0.3 - Double(j % 97) * 0.0073)
            let y = softmax(x)
            let reference = softmax(x.map(Double.init))
            for i in 0..<3 { worst = max(worst, floatUlps(y[i], reference[i])) }
        }
        print("Float softmax with many equal elements: max \(worst) ulp")
        #expect(worst <= 1.5, "worst \(worst) ulp")
    }

    @Test("blocks on either side of 2^20 in one vector: references of both kinds scale alike")
    func referencesAcrossTwoToTheTwenty() {
        // Blocks of 2048 whose maxima alternate just below 2^20 (reference folded into the
        // exp's offset) and just above (maximum subtracted first), some needing the clamp.
        var g = SplitMix64(seed: 0x2_0020)
        var worst = 0.0
        for shift in [0.5, 3, 40, 250] {
            let x = (0..<(5 * 2048 + 17)).map { i -> Float in
                let below = (i / 2048) % 2 == 0
                return Float(1_048_576 + (below ? -shift : shift) - 20 * g.uniform())
            }
            let y = softmax(x)
            let reference = softmax(x.map(Double.init))
            for i in x.indices { worst = max(worst, floatUlps(y[i], reference[i])) }
        }
        print("Float softmax with blocks across 2^20: max \(worst) ulp")
        #expect(worst <= 2, "worst \(worst) ulp")
    }

    @Test("results near and below the smallest normal float, and those that round to 0")
    func subnormalResults() {
        // exp(-d) for d from 80 to 106: normal, subnormal, then 0.
        let x: [Float] = [0] + (0..<261).map { -80 - Float($0) / 10 }
        let y = softmax(x)
        let reference = softmax(x.map(Double.init))
        var worst = 0.0
        for i in x.indices { worst = max(worst, floatUlps(y[i], reference[i])) }
        #expect(worst <= 1, "worst \(worst) ulp")
        #expect(y.last == 0)
        #expect(y.contains { $0 > 0 && $0 < Float.leastNormalMagnitude })
    }

    @Test("huge maxima, down to the most negative finite one with -infinity elements")
    func mostNegativeMaximum() {
        let lowest = -Float.greatestFiniteMagnitude
        #expect(softmax([lowest, -.infinity]) == [1, 0])
        #expect(softmax([lowest, -.infinity, lowest]) == [0.5, 0, 0.5])
        #expect(softmax([lowest.nextUp, lowest, -.infinity]) == [1, 0, 0])
        // Huge logits: every other float is far below the maximum.
        #expect(softmax([1e19, 0, -.infinity]) == [1, 0, 0])
        #expect(softmax([-1e30, -3e30, -1e30]) == [0.5, 0, 0.5])
        #expect(softmax([Float.greatestFiniteMagnitude, 0]) == [1, 0])
    }

    @Test("inputs long enough to be split across threads give the same results and edge cases")
    func longInputs() {
        var g = SplitMix64(seed: 0x10_0000)
        let n = 300_007
        let x = (0..<n).map { _ in Float(8 * (2 * g.uniform() - 1)) }
        let y = softmax(x)
        let xd = x.map(Double.init)
        let yd = softmax(xd)
        var worst = 0.0
        for i in 0..<n { worst = max(worst, floatUlps(y[i], yd[i])) }
        #expect(worst <= 2, "worst \(worst) ulp")
        // Double softmax against exp(logSoftmax), computed by other kernels.
        let ld = logSoftmax(xd)
        #expect(zip(yd, ld).allSatisfy { close($0, exp($1), rtol: 1e-13) })
        // Edge cases found in any piece decide the whole result.
        var withInf = x
        withInf[n - 3] = .infinity
        #expect(softmax(withInf).enumerated().allSatisfy { $0.element == ($0.offset == n - 3 ? 1 : 0) })
        var withNaN = xd
        withNaN[n / 2 + 1] = .nan
        let yNaN = softmax(withNaN)
        #expect(yNaN.allSatisfy { $0.isNaN })
        var masked = x
        for i in 0..<(n / 2) { masked[i] = -.infinity }
        let ym = softmax(masked)
        #expect(ym[0..<(n / 2)].allSatisfy { $0 == 0 })
        #expect(abs(ym.reduce(0, +) - 1) < 1e-3)
    }
    /// The NaN test of blocks with a finite maximum is the block sum turning NaN (the clamp keeps
    /// NaN); blocks without a finite maximum and blocks after a +infinity are searched instead.
    @Test("a NaN anywhere makes every element NaN, whatever its block's path")
    func nanInEveryBlockPath() {
        let n = 3 * 2048 + 5
        var g = SplitMix64(seed: 0xA7A7)
        let ordinary = (0..<n).map { _ in Float(4 * (2 * g.uniform() - 1)) }
        var farBelow = ordinary
        farBelow[2048 + 9] = 200  // the middle block now reaches more than 200 below its maximum
        var masked = ordinary
        for i in 2048..<4096 { masked[i] = -.infinity }
        var afterInfinity = ordinary
        afterInfinity[3] = .infinity
        var onlyNaN = ordinary
        for i in 2048..<4096 { onlyNaN[i] = .nan }
        for (name, base) in [
            ("ordinary", ordinary), ("clamped", farBelow), ("-infinity block", masked),
            ("after +infinity", afterInfinity),
        ] {
            for position in [2048, 2048 + 1000, 4095, n - 1] {
                var x = base
                x[position] = .nan
                #expect(softmax(x).allSatisfy { $0.isNaN }, "\(name), NaN at \(position)")
            }
        }
        #expect(softmax(onlyNaN).allSatisfy { $0.isNaN })
        // The same inputs long enough to be split across threads.
        var long = (0..<300_007).map { _ in Float(4 * (2 * g.uniform() - 1)) }
        long[150_001] = .nan
        #expect(softmax(long).allSatisfy { $0.isNaN })
    }
}
