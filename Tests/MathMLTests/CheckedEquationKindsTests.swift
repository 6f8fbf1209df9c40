import Diagnostics
import MathML
import Testing

/// What checked equations ask of the translation: symbols' kinds judged from their use, and subscripts that
/// cannot trap.
@Suite struct CheckedEquationKindsTests {
    @Test func kindsFollowTheStrongestUse() {
        let tex = #"\frac{\partial p_i}{\partial z_j} = \sigma(z)_i + J_{ij} + \mathrm{lse}(z) + T^2 + p_{i+1}"#
        let kinds = SwiftTranslation.inferredKinds(
            in: tex, names: ["p", "z", "\\sigma", "J", "\\operatorname{lse}", "T", "w"])
        #expect(kinds["p"] == .vector)
        #expect(kinds["z"] == .vector)  // from \partial z_j; its uses as a whole argument say nothing
        #expect(kinds["\\sigma"] == .function)
        #expect(kinds["J"] == .matrix)
        #expect(kinds["\\operatorname{lse}"] == .function)  // written \mathrm{lse}
        #expect(kinds["T"] == .scalar)
        #expect(kinds["w"] == nil)  // not used
    }

    @Test func aSymbolOnlyPassedToAFunctionHasNoKind() {
        let kinds = SwiftTranslation.inferredKinds(in: #"L = \mathrm{ce}(z, y)"#, names: ["z", "y", "L"])
        #expect(kinds["z"] == nil)
        #expect(kinds["y"] == nil)
        #expect(kinds["L"] == .scalar)
    }

    @Test func aLetterInsideAnUprightNameIsNotTheSymbol() {
        let kinds = SwiftTranslation.inferredKinds(in: #"\mathrm{y}_i = 1"#, names: ["y"])
        #expect(kinds["y"] == nil)
    }

    @Test func safeSubscriptsGiveNaNPastTheEndInsteadOfTrapping() throws {
        var bindings = EquationBindings()
        bindings.bind("z", to: "z", as: .vector)
        bindings.bind("J", to: "J", as: .matrix)
        bindings.bind("\\sigma", to: "softmax", as: .function)
        bindings.safeSubscripts = true
        let here = SourceLocation(file: "page.md", line: 3, column: 1)
        let sides = try SwiftTranslation.translate(#"z_{i+1} + J_{ij} = \sigma(z)_j"#, at: here, bindings: bindings)
        #expect(
            sides.map(\.swift) == [
                "z._literateAt(i) + J._literateAt(i - 1)._literateAt(j - 1)", "softmax(z)._literateAt(j - 1)",
            ])
        bindings.safeSubscripts = false
        let plain = try SwiftTranslation.translate(#"z_{i+1} = z_i"#, at: here, bindings: bindings)
        #expect(plain.map(\.swift) == ["z[i]", "z[i - 1]"])
    }
}
