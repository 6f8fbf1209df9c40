import Foundation
import LiteratePage
import Testing

/// The numerical derivative checked equations will use, against derivatives known in closed form.
struct DerivativeHelperTests {
    static func close(_ a: Double, _ b: Double, relative: Double = 1e-10) -> Bool {
        abs(a - b) <= relative * max(1, abs(b))
    }

    @Test func scalarFunctionsAgreeWithTheirClosedForms() {
        let cases: [(String, (Double) -> Double, Double, Double)] = [
            ("exp", { exp($0) }, 1.3, exp(1.3)),
            ("sin", { sin($0) }, 0.7, cos(0.7)),
            ("log", { log($0) }, 2.5, 0.4),
            ("cube", { $0 * $0 * $0 }, -2, 12),
            ("1/(1+e^-x)", { 1 / (1 + exp(-$0)) }, 0.3, exp(-0.3) / pow(1 + exp(-0.3), 2)),
            ("large x", { $0 * $0 }, 1e6, 2e6),
        ]
        for (name, f, x, expected) in cases {
            let (value, error) = _literateDerivativeEstimate(f, at: x)
            #expect(Self.close(value, expected), "\(name): \(value) vs \(expected)")
            #expect(error < 1e-8 * max(1, abs(expected)), "\(name): error estimate \(error)")
        }
    }

    @Test func softmaxPartialsAgreeWithTheJacobianFormula() throws {
        let z = [2.0, 5.0, 1.0]
        let y = softmax(z)
        for i in 0..<3 {
            for j in 0..<3 {
                let numeric = _literateDerivative({ softmax($0)[i] }, at: z, index: j)
                let analytic = y[i] * ((i == j ? 1 : 0) - y[j])
                #expect(Self.close(numeric, analytic), "∂y\(i)/∂z\(j): \(numeric) vs \(analytic)")
            }
        }
    }
}
