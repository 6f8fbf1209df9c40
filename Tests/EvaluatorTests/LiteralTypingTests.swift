import Evaluator
import Softmax
import Testing

/// Literals are typed as Swift types them, from the context.
@Suite struct LiteralTypingTests {
    @Test func integerArrayLiteralIsDoubleWhereDoubleIsExpected() {
        let outcome = run("softmax([2, 5, 1])")
        #expect(messages(outcome) == [])
        #expect(outcome.results.first?.value.asVector == softmax([2, 5, 1]))
    }

    @Test func integerArrayLiteralIsIntOnItsOwn() {
        let outcome = run("let x = [2, 5, 1]\nx")
        guard case .array(let elements)? = outcome.results.first?.value, case .int(2)? = elements.first else {
            Issue.record("expected [Int], got \(shown(outcome))")
            return
        }
        #expect(outcome.results[0].value.typeName == "[Int]")
    }

    @Test func intVariablePassedAsDoubleArrayIsATypeMismatch() {
        let outcome = run("let x = [2, 5, 1]\nsoftmax(x)")
        #expect(
            messages(outcome) == [
                "11:9: cannot convert value of type '[Int]' to expected argument type '[Double]'; write the literal "
                    + "where it is used, or declare it as '[Double]'"
            ])
    }

    @Test func annotationTypesTheLiteral() {
        let outcome = run("let x: [Double] = [2, 5, 1]\nsoftmax(x)\nlet t: Double = 2\nt")
        #expect(messages(outcome) == [])
        #expect(outcome.results[0].value.asVector == softmax([2, 5, 1]))
        #expect(shown(outcome)[1] == "2.0")
    }

    @Test func mixedLiteralsBecomeDouble() {
        let outcome = run("[1, 2.5]\n[[1, 2], [0.5, 1]]\n2 * 0.5\n7 / 2 * 0.5\n1 + 2")
        #expect(shown(outcome) == ["[1.0, 2.5]", "[[1.0, 2.0], [0.5, 1.0]]", "1.0", "1.75", "3"])
    }

    @Test func literalTakesTheTypeOfTheOtherOperand() {
        let outcome = run("let z = [1.0, 2.0]\nz.map { $0 * 2 }\nz.reduce(0, +)\nvar s = 0.0\ns += 1\ns\nz[0] > 0")
        #expect(messages(outcome) == [])
        #expect(shown(outcome) == ["[2.0, 4.0]", "3.0", "1.0", "true"])
    }

    @Test func intVariableWithDoubleIsAMismatch() {
        let outcome = run("let a = 2\nlet b = a * 0.5")
        #expect(
            messages(outcome) == [
                "11:11: binary operator '*' cannot be applied to operands of type 'Int' and 'Double'; convert with Double(…)"
            ])
    }

    @Test func annotationMismatch() {
        let outcome = run("let n = 3\nlet x: Double = n")
        #expect(messages(outcome) == ["11:17: cannot convert value of type 'Int' to specified type 'Double'"])
    }

    @Test func emptyArrayNeedsAType() {
        let outcome = run("let e = []\nvar f: [Double] = []\nf.append(1)\nf")
        #expect(
            messages(outcome) == [
                "10:9: empty collection literal requires an explicit type, as in 'let z: [Double] = []'"
            ])
        #expect(shown(outcome) == ["[1.0]"])
    }

    @Test func heterogeneousArray() {
        let outcome = run("let a = 1\nlet b = 2.0\n[a, b]")
        #expect(
            messages(outcome) == [
                "12:5: heterogeneous collection literal: element of type 'Double' among elements of type 'Int'"
            ])
    }

    @Test func functionParametersAndReturnTypesTypeLiterals() {
        let outcome = run(
            """
            func scaled(_ z: [Double], by k: Double) -> [Double] { z.map { $0 * k } }
            scaled([1, 2], by: 3)
            func one() -> Double { 1 }
            one()
            """)
        #expect(messages(outcome) == [])
        #expect(shown(outcome) == ["[3.0, 6.0]", "1.0"])
    }
}
