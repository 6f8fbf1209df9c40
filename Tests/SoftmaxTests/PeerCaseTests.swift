import Foundation
import Softmax
import Testing

/// The cases of Fixtures/peer-cases.txt (SciPy and JAX tests, and observed SciPy 1.17.1
/// behaviour), each with the expected value stated there. Cases that use features this library
/// does not have (weights `b`, `return_sign`, `where` masks, n-d axes) are mapped to the
/// equivalent call (a mask is a `-infinity` logit; axis=1 is `softmaxRows`) or listed in
/// `notApplicable` with the reason.
@Suite("peer cases (SciPy, JAX)", .everyKernelPath)
struct PeerCaseTests {
    let inf = Double.infinity
    let e = exp(1.0)

    @Test("every line of peer-cases.txt is covered")
    func coverage() throws {
        let text = try fixture("peer-cases.txt")
        let cases = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(cases.count == 44)
    }

    @Test("softmax lines (S: TestSoftmax)")
    func softmaxCases() throws {
        #expect(close(softmax([1000, 0, 0, 0]), [1, 0, 0, 0], rtol: 1e-13))
        #expect(close(softmax([1, 1]), [0.5, 0.5], rtol: 1e-13))
        #expect(close(softmax([0, 1]), [1 / (1 + e), e / (1 + e)], rtol: 1e-13))
        let ref = [0.03205860328008499, 0.08714431874203256, 0.23688281808991013, 0.6439142598879722]
        #expect(close(softmax([0, 1, 2, 3]), ref, rtol: 1e-13))
        #expect(close(softmax([100, 101, 102, 103]), ref, rtol: 1e-13))
        // [[0,1],[2,3]] axis=None: the whole array, i.e. the 1-D vector.
        #expect(close(softmax([0, 1, 2, 3]), ref, rtol: 1e-13))
        // [[1000,0],[1000,0]] axis=1 → rows; axis=0 → rows of the transpose [[1000,1000],[0,0]].
        var y = [Double](repeating: 0, count: 4)
        try softmaxRows([1000, 0, 1000, 0], columns: 2, into: &y)
        #expect(close(y, [1, 0, 1, 0], rtol: 1e-13))
        try softmaxRows([1000, 1000, 0, 0], columns: 2, into: &y)
        #expect(close(y, [0.5, 0.5, 0.5, 0.5], rtol: 1e-13))
        var z = [Double](repeating: 0, count: 8)
        try softmaxRows([-25, 0, 25, 50, 1, 325, 749, 750], columns: 4, into: &z)
        let expected = [
            2.678636961770877e-33, 1.9287498479371314e-22, 1.3887943864771144e-11, 0.999999999986112,
            0.0, 1.9444526359919372e-185, 0.2689414213699951, 0.7310585786300048,
        ]
        #expect(close(z, expected, rtol: 1e-13))
        #expect(softmax([1000]) == [1.0])  // scalar
        // O lines: observed SciPy behaviour.
        #expect(close(softmax([1000, 1001]), [0.2689414213699951, 0.7310585786300049], rtol: 1e-15))
        #expect(softmax([-inf, 0]) == [0, 1])
        #expect(softmax([-745, 0]) == [5e-324, 1.0])  // subnormal result
        #expect(softmax([1e308, 1e308]) == [0.5, 0.5])
    }

    @Test("log_softmax lines (S: TestLogSoftmax)")
    func logSoftmaxCases() throws {
        #expect(close(logSoftmax([1000, 1]), [0, -999], rtol: 1e-13))
        let ref = [-3.4401896985611953, -2.4401896985611953, -1.4401896985611953, -0.44018969856119533]
        #expect(close(logSoftmax([0, 1, 2, 3]), ref, rtol: 1e-13))
        #expect(close(logSoftmax([100, 101, 102, 103]), ref, rtol: 1e-13))
        var y = [Double](repeating: 0, count: 4)
        try logSoftmaxRows([1000, 1000, 1, 1], columns: 2, into: &y)  // axis=0, transposed
        #expect(close(y, [log(0.5), log(0.5), log(0.5), log(0.5)], rtol: 1e-13))
        try logSoftmaxRows([1000, 1, 1000, 1], columns: 2, into: &y)  // axis=1
        #expect(close(y, [0, -999, 0, -999], rtol: 1e-13))
        #expect(logSoftmax([1.0]) == [0.0])
        #expect(logSoftmax([-inf, 0]) == [-inf, 0])
    }

    @Test("logsumexp lines (S: test_logsumexp, gh-18295; JL)")
    func logSumExpCases() throws {
        #expect(logSumExp([]) == -inf)
        let a = (0..<200).map(Double.init)
        // log(sum(exp(a))) = 199 + log(sum_{k=0}^{199} e^-k) = 199 + log(1 / (1 − e^-1)) to double precision.
        #expect(close(logSumExp(a), 199 - log1p(-exp(-1.0)), rtol: 1e-15))
        #expect(close(logSumExp([1000, 1000]), 1000 + log(2.0), rtol: 1e-15))
        #expect(close(logSumExp([Double](repeating: 10000, count: 1000)), 10000 + log(1000.0), rtol: 1e-15))
        #expect(logSumExp([inf]) == inf)
        #expect(logSumExp([-inf]) == -inf)
        #expect(logSumExp([.nan]).isNaN)
        #expect(logSumExp([-inf, -inf]) == -inf)
        var rows = [Double](repeating: 0, count: 2)
        try logSumExpRows([1e10, 1e-10, -1e10, -inf], columns: 2, into: &rows)
        #expect(rows == [1e10, -1e10])
        #expect(logSumExp([1e10, 1e-10, -1e10, -inf]) == 1e10)
        #expect(close(logSumExp([0, -40]), 4.248354255291589e-18, rtol: 1e-15))
        #expect(logSumExp([1.0, inf]) == inf)  // JL testLogSumExpInfs (value part)
    }

    @Test("JAX lines: empty arrays, masks as -infinity, gradients")
    func jaxCases() throws {
        #expect(softmax([]) == [])
        #expect(logSoftmax([]) == [])
        // where=[T,F,T,T]: the masked logit is -inf; kept entries equal softmax of the rest.
        let masked = softmax([5.5, -inf, -4.2, 0.9])
        let kept = softmax([5.5, -4.2, 0.9])
        #expect(masked[1] == 0)
        #expect(close([masked[0], masked[2], masked[3]], kept, rtol: 1e-15))
        #expect(close(masked.reduce(0, +), 1, rtol: 1e-15))
        // Gradient of softmax(x, where=x<1000)[0] at [36, 10000]: row 0 of the Jacobian at
        // [36, -inf] is [0, 0], with no NaN.
        #expect(softmaxJacobian([36, -inf])[0] == [0, 0])
        // Analytic Jacobian == finite differences at [5.5, 1.3, -4.2, 0.9] (atol 5e-3 in JAX).
        let x = [5.5, 1.3, -4.2, 0.9]
        let y = softmax(x)
        let check = try checkDerivative(of: softmax, at: x) { i, j in i == j ? y[i] * (1 - y[i]) : -y[i] * y[j] }
        #expect(check.passed && check.maxError < 5e-3)
        // Gradient of logsumexp with where=arange(5)<4 at [0,0,0,0,100]: masked entry is -inf.
        #expect(close(try logSoftmaxVJP([0, 0, 0, 0, -inf], upstream: [0, 0, 0, 0, 0]), [0, 0, 0, 0, 0], rtol: 0))
        #expect(close(softmax([0, 0, 0, 0, -inf]), [0.25, 0.25, 0.25, 0.25, 0], rtol: 1e-15))
    }

    @Test("O lines where this library deliberately differs from SciPy (documented on the functions)")
    func documentedDifferences() {
        // [-inf, -inf]: SciPy [nan, nan] / [nan, nan] / -inf — the same here.
        #expect(softmax([-inf, -inf]).allSatisfy { $0.isNaN })
        #expect(logSoftmax([-inf, -inf]).allSatisfy { $0.isNaN })
        #expect(logSumExp([-inf, -inf]) == -inf)
        // [inf, 0]: SciPy [nan, nan] / [nan, -inf] / inf; here the limit [1, 0] / [0, -inf] / inf.
        #expect(softmax([inf, 0]) == [1, 0])
        #expect(logSoftmax([inf, 0]) == [0, -inf])
        #expect(logSumExp([inf, 0]) == inf)
        // [nan, 1]: NaN everywhere, as SciPy.
        #expect(softmax([.nan, 1]).allSatisfy { $0.isNaN })
        #expect(logSoftmax([.nan, 1]).allSatisfy { $0.isNaN })
        #expect(logSumExp([.nan, 1]).isNaN)
        // []: SciPy raises ValueError; here [] (as JAX).
        #expect(softmax([]).isEmpty)
        // JAX's all-masked row gives zeros; here all -infinity gives NaN (no mass to share).
        #expect(softmax([-inf, -inf, -inf, -inf]).allSatisfy { $0.isNaN })
    }

    /// Lines that need features this library does not have, with the reason.
    static let notApplicable = [
        "logsumexp+b a=[1000,1000] b=[1.2,1.2]": "no weights b",
        "logsumexp+b a=[1,10000] b=[1,0]": "no weights b",
        "logsumexp+sign (three lines)": "no return_sign / signed weights",
        "logsumexp+b gh-22903": "no weights b",
        "logsumexp+b a=[-1000,-2] b=[1,0]": "no weights b",
    ]
}
