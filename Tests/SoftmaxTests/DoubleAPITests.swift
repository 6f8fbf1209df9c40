import Foundation
import Softmax
import Testing

/// Relative closeness for references given with ~16 significant digits.
func close(_ a: Double, _ b: Double, rtol: Double = 1e-13, atol: Double = 0) -> Bool {
    if a == b { return true }
    return abs(a - b) <= atol + rtol * abs(b)
}

func close(_ a: [Double], _ b: [Double], rtol: Double = 1e-13, atol: Double = 0) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { close($0, $1, rtol: rtol, atol: atol) }
}

@Suite("Double API", .everyKernelPath)
struct DoubleAPITests {
    @Test("the essay's example vector (values stated in the essay, 8 digits)")
    func essayExample() {
        let y = softmax([0.3, 0.7, 1.2, -0.2, 0.7])
        let stated = [0.14184833, 0.21161285, 0.3488906, 0.08603536, 0.21161285]
        #expect(close(y, stated, rtol: 0, atol: 5e-9))
    }

    @Test("large logits are stable: softmax([1000, 1001])")
    func largeLogits() {
        // Reference: 1 / (1 + e) and e / (1 + e), as SciPy observes (peer case O).
        let y = softmax([1000, 1001])
        #expect(close(y, [0.2689414213699951, 0.7310585786300049], rtol: 2e-16))
        #expect(y.allSatisfy { $0.isFinite })
    }

    @Test("temperature divides the logits and rejects non-positive values")
    func temperature() throws {
        let x = [0.3, 0.7, 1.2, -0.2, 0.7]
        #expect(try softmax(x, temperature: 1) == softmax(x))
        #expect(close(try softmax(x, temperature: 2), softmax(x.map { $0 / 2 }), rtol: 0))
        #expect(try softmax([1, 2, 3], temperature: .infinity) == [1.0 / 3, 1.0 / 3, 1.0 / 3])
        #expect(throws: SoftmaxError.invalidTemperature(-1)) { try softmax(x, temperature: -1) }
        #expect(throws: SoftmaxError.invalidTemperature(0)) { try softmax(x, temperature: 0) }
        #expect(throws: SoftmaxError.self) { try softmax(x, temperature: .nan) }
        #expect(SoftmaxError.invalidTemperature(-1).description == "temperature must be positive, got -1.0")
    }

    @Test("logSumExp keeps the tiny normalizer of [0, -40] (SciPy gh-18295)")
    func logSumExpPrecision() {
        #expect(close(logSumExp([0, -40]), 4.248354255291589e-18, rtol: 1e-15))
        #expect(close(logSoftmax([0, -40])[0], -4.248354255291589e-18, rtol: 1e-15))
    }

    @Test("normalize divides by the sum; a zero sum gives NaN everywhere")
    func normalizeCases() {
        #expect(normalize([1, 3]) == [0.25, 0.75])
        #expect(normalize([]) == [])
        #expect(normalize([0, 0]).allSatisfy { $0.isNaN })
        #expect(normalize([1, -1]).allSatisfy { $0.isNaN })
    }

    @Test("edge cases: empty, NaN, +infinity, all -infinity")
    func edges() {
        #expect(softmax([]) == [])
        #expect(logSoftmax([]) == [])
        #expect(logSumExp([]) == -.infinity)
        #expect(softmax([.infinity, 0]) == [1, 0])
        #expect(softmax([.infinity, .infinity, 1]) == [0.5, 0.5, 0])
        #expect(logSoftmax([.infinity, 0]) == [0, -.infinity])
        #expect(logSumExp([.infinity, 0]) == .infinity)
        #expect(softmax([-.infinity, 0]) == [0, 1])
        #expect(logSoftmax([-.infinity, 0]) == [-.infinity, 0])
        #expect(softmax([-.infinity, -.infinity]).allSatisfy { $0.isNaN })
        #expect(logSoftmax([-.infinity, -.infinity]).allSatisfy { $0.isNaN })
        #expect(logSumExp([-.infinity, -.infinity]) == -.infinity)
        #expect(softmax([.nan, 1]).allSatisfy { $0.isNaN })
        #expect(logSoftmax([.nan, 1]).allSatisfy { $0.isNaN })
        #expect(logSumExp([.nan, 1]).isNaN)
        #expect(logSumExp([.infinity, .nan]).isNaN)
    }

    @Test("Jacobians match the closed forms on a hand-computable point")
    func jacobians() {
        // softmax([0, 0]) = [0.5, 0.5] → J = [[0.25, -0.25], [-0.25, 0.25]].
        #expect(softmaxJacobian([0, 0]) == [[0.25, -0.25], [-0.25, 0.25]])
        // normalize at [1, 3]: S = 4 → J = [[(1 − 0.25)/4, −0.25/4], [−0.75/4, (1 − 0.75)/4]].
        #expect(normalizeJacobian([1, 3]) == [[0.1875, -0.0625], [-0.1875, 0.0625]])
        #expect(normalizeJacobian([1, -1]).joined().allSatisfy { $0.isNaN })
    }

    @Test("VJPs equal gᵀJ and reject mismatched lengths")
    func vjps() throws {
        let x = [0.3, 0.7, 1.2, -0.2, 0.7]
        let g = [1.0, -2.0, 0.5, 0.0, 3.0]
        let jac = softmaxJacobian(x)
        let viaJacobian = (0..<x.count).map { j in (0..<x.count).reduce(0.0) { $0 + g[$1] * jac[$1][j] } }
        #expect(close(try softmaxVJP(x, upstream: g), viaJacobian, rtol: 1e-12, atol: 1e-15))
        let numeric = jacobian(of: logSoftmax, at: x)
        let viaNumeric = (0..<x.count).map { j in (0..<x.count).reduce(0.0) { $0 + g[$1] * numeric[$1][j] } }
        #expect(close(try logSoftmaxVJP(x, upstream: g), viaNumeric, rtol: 0, atol: 1e-8))
        #expect(throws: SoftmaxError.lengthMismatch(what: "upstream gradient", expected: 5, actual: 2)) {
            try softmaxVJP(x, upstream: [1, 2])
        }
        #expect(throws: SoftmaxError.self) { try logSoftmaxVJP(x, upstream: []) }
    }

    @Test("cross-entropy is −log p[target]; its gradient is softmax − onehot")
    func crossEntropyCases() throws {
        // Hand value: logits [0, 0] → p = 0.5 → loss = log 2.
        #expect(close(try crossEntropy(logits: [0, 0], target: 1), log(2.0), rtol: 1e-15))
        #expect(close(try crossEntropy(logits: [1000, 0], target: 1), 1000, rtol: 1e-15))
        #expect(try crossEntropyGradient(logits: [0, 0], target: 0) == [-0.5, 0.5])
        #expect(throws: SoftmaxError.targetOutOfRange(target: 3, count: 2)) {
            try crossEntropy(logits: [0, 0], target: 3)
        }
        #expect(throws: SoftmaxError.targetOutOfRange(target: -1, count: 2)) {
            try crossEntropyGradient(logits: [0, 0], target: -1)
        }
        #expect(throws: SoftmaxError.emptyInput(function: "crossEntropy")) {
            try crossEntropy(logits: [], target: 0)
        }
    }
}

@Suite("numerical derivatives")
struct DerivativeTests {
    @Test("jacobian(of:at:) agrees with the closed-form softmax Jacobian")
    func numericalJacobian() {
        let x = [5.5, 1.3, -4.2, 0.9]  // JAX testSoftmaxGrad's point
        let numeric = jacobian(of: softmax, at: x)
        let exact = softmaxJacobian(x)
        for i in 0..<4 {
            #expect(close(numeric[i], exact[i], rtol: 0, atol: 1e-9))
        }
        // Scale: a large coordinate gets a proportionally large step and stays accurate.
        let big = jacobian(of: { [$0[0] * $0[0]] }, at: [1e6])
        #expect(close(big[0][0], 2e6, rtol: 1e-9))
    }

    @Test("a correct formula passes, a wrong one fails with the worst entry")
    func checks() throws {
        let z = [0.3, 0.7, 1.2, -0.2, 0.7]
        let y = softmax(z)
        let good = try checkDerivative(of: softmax, at: z) { i, j in
            i == j ? y[i] * (1 - y[i]) : -y[i] * y[j]
        }
        #expect(good.passed)
        #expect(good.maxError <= good.tolerance)
        #expect(good.tolerance < 1e-8)
        // A classic mistake: forgetting the off-diagonal terms.
        let bad = try checkDerivative(of: softmax, at: z) { i, j in i == j ? y[i] * (1 - y[i]) : 0 }
        #expect(!bad.passed)
        #expect(bad.worst.i != bad.worst.j)
        #expect(close(bad.worst.numerical, -y[bad.worst.i] * y[bad.worst.j], rtol: 1e-6))
        #expect(bad.worst.stated == 0)
        // Large logits: the step grows with |x_j| and the tolerance follows the truncation error.
        let w = [1000.0, 1001.0, 999.0]
        let yw = softmax(w)
        let large = try checkDerivative(of: softmax, at: w) { i, j in
            i == j ? yw[i] * (1 - yw[i]) : -yw[i] * yw[j]
        }
        #expect(large.passed)
        let largeBad = try checkDerivative(of: softmax, at: w) { i, j in i == j ? yw[i] : -yw[i] * yw[j] }
        #expect(!largeBad.passed)
    }

    @Test("NaN from the formula fails the check instead of throwing")
    func nanFormula() throws {
        let result = try checkDerivative(of: { $0 }, at: [1, 2]) { i, j in i == 1 && j == 1 ? .nan : (i == j ? 1 : 0) }
        #expect(!result.passed)
        #expect(result.worst.i == 1 && result.worst.j == 1)
    }

    @Test("bad arguments throw")
    func badArguments() {
        #expect(throws: SoftmaxError.emptyInput(function: "checkDerivative")) {
            try checkDerivative(of: softmax, at: []) { _, _ in 0 }
        }
        #expect(throws: SoftmaxError.outputLengthChanged(expected: 1, actual: 2, coordinate: 0)) {
            try checkDerivative(of: { $0[0] == 1 ? [1] : [1, 2] }, at: [1]) { _, _ in 0 }
        }
    }
}
