import Evaluator
import Softmax
import Testing

/// The Swift subset pages can use.
@Suite struct LanguageTests {
    @Test func precedenceFollowsSwift() {
        let outcome = run(
            """
            1 + 2 * 3
            (1 + 2) * 3
            10 - 4 - 3
            2 * 3 % 4
            1 + 2 < 4 && 3 > 2 || false
            -2 * 3
            !(1 > 2)
            true ? 1 : 2
            1 > 2 ? 1.5 : 2
            7 / 2
            -7 % 3
            """)
        #expect(messages(outcome) == [])
        #expect(shown(outcome) == ["7", "9", "3", "2", "true", "-6", "true", "1", "2.0", "3", "-1"])
    }

    @Test func variablesAndCompoundAssignment() {
        let outcome = run(
            """
            var x = 1.5
            x += 2
            x *= 2
            x -= 1
            x /= 2
            x
            var n = 7
            n %= 4
            n
            """)
        #expect(messages(outcome) == [])
        #expect(shown(outcome) == ["3.0", "3"])
    }

    @Test func loopsOverRangesAndArrays() {
        let outcome = run(
            """
            var total = 0
            for i in 1...4 { total += i }
            for i in 0..<3 where i != 1 { total += 10 * i }
            total
            var product = 1.0
            for x in [1.5, 2.0] { product *= x }
            product
            var count = 0
            while count < 5 { count += 1 }
            count
            var pairs = 0
            for (i, x) in [3.0, 4.0].enumerated() { if x > 3 { pairs += i } }
            pairs
            var firstBig = -1
            for i in 0..<10 {
                if i * i > 20 {
                    firstBig = i
                    break
                }
                if i % 2 == 0 { continue }
            }
            firstBig
            """)
        #expect(messages(outcome) == [])
        #expect(shown(outcome) == ["30", "3.0", "5", "1", "5"])
    }

    @Test func functionsWithLabelsRecursionAndIfElse() {
        let outcome = run(
            """
            func factorial(_ n: Int) -> Int {
                if n <= 1 {
                    return 1
                } else {
                    return n * factorial(n - 1)
                }
            }
            factorial(10)
            func scale(_ z: [Double], by factor: Double) -> [Double] {
                var result: [Double] = []
                for x in z { result.append(x * factor) }
                return result
            }
            scale([1, 2], by: 0.5)
            func sign(of x: Double) -> Int {
                guard x != 0 else { return 0 }
                return x > 0 ? 1 : -1
            }
            sign(of: -3)
            """)
        #expect(messages(outcome) == [])
        let factorial10 = (1...10).reduce(1, *)
        #expect(shown(outcome) == [String(factorial10), "[0.5, 1.0]", "-1"])
    }

    @Test func functionsCanBeCalledBeforeTheirDeclarationInTheBlock() {
        let outcome = run("twice(2)\nfunc twice(_ x: Int) -> Int { 2 * x }")
        #expect(shown(outcome) == ["4"])
    }

    @Test func closuresShorthandTrailingAndOperators() {
        let outcome = run(
            """
            let z = [3.0, 1.0, 2.0]
            z.map { $0 * $0 }
            z.map({ x in x + 1 })
            z.reduce(0, +)
            z.reduce(1) { $0 * $1 }
            z.filter { $0 > 1.5 }
            z.sorted()
            z.sorted(by: >)
            z.max()!
            z.min()!
            z.count
            z.indices
            z.first!
            z.last!
            z.isEmpty
            zip(z, [1.0, 2.0, 3.0]).map { $0 * $1 }
            z.enumerated().map { $0.offset }
            let square: (Double) -> Double = { x in x * x }
            square(3)
            z.map(exp).count
            """)
        #expect(messages(outcome) == [])
        #expect(
            shown(outcome) == [
                "[9.0, 1.0, 4.0]", "[4.0, 2.0, 3.0]", "6.0", "6.0", "[3.0, 2.0]", "[1.0, 2.0, 3.0]", "[3.0, 2.0, 1.0]",
                "3.0", "1.0", "3", "0..<3", "3.0", "2.0", "false", "[3.0, 2.0, 6.0]", "[0, 1, 2]", "9.0", "3",
            ])
    }

    @Test func closuresCaptureVariables() {
        let outcome = run(
            """
            var calls = 0
            func counted(_ z: [Double]) -> [Double] {
                calls += 1
                return softmax(z)
            }
            let j = jacobian(of: counted, at: [1, 2, 3])
            calls > 3
            """)
        #expect(messages(outcome) == [])
        #expect(shown(outcome) == ["true"])
    }

    @Test func foundationMath() {
        let outcome = run(
            "exp(1.0)\nlog(1)\nsqrt(2)\npow(2, 10)\nabs(-3)\nabs(-2.5)\nmax(1, 2.5)\nmin(3, 4)\nDouble.pi")
        #expect(messages(outcome) == [])
        let values = outcome.results.map(\.value)
        #expect(values[0].asDouble == 2.718281828459045)
        #expect(values[1].asDouble == 0)
        #expect(values[2].asDouble == 2.0.squareRoot())
        #expect(values[3].asDouble == 1024)
        #expect(shown(outcome)[4...] == ["3", "2.5", "2.5", "3", "3.1415927"])
    }

    @Test func subscriptsAndNestedAssignment() {
        let outcome = run(
            """
            var m = [[1.0, 2.0], [3.0, 4.0]]
            m[1][0] = 7
            m[0][1] += 1
            m
            m[1]
            [1, 2, 3, 4][1..<3]
            """)
        #expect(messages(outcome) == [])
        #expect(shown(outcome) == ["[[1.0, 3.0], [7.0, 4.0]]", "[7.0, 4.0]", "[2, 3]"])
    }

    @Test func stringsAndConversions() {
        let outcome = run(
            """
            let name = "softmax"
            "\\(name) of 2 is \\(2.0)"
            Double(3) / 2
            Int(2.9)
            name.count
            """)
        #expect(messages(outcome) == [])
        #expect(shown(outcome) == ["softmax of 2 is 2.0", "1.5", "2", "7"])
    }

    @Test func everySoftmaxFunctionWithSwiftsLabels() throws {
        let outcome = run(
            """
            let z = [1.0, 2.0, 3.0]
            softmax(z)
            softmax(z, temperature: 2)
            logSoftmax(z)
            logSumExp(z)
            normalize(z)
            softmaxJacobian(z)
            normalizeJacobian(z)
            softmaxVJP(z, upstream: [1, 0, 0])
            logSoftmaxVJP(z, upstream: [1, 0, 0])
            jacobian(of: softmax, at: z)
            crossEntropy(logits: z, target: 2)
            crossEntropyGradient(logits: z, target: 2)
            """)
        #expect(messages(outcome) == [])
        let z = [1.0, 2.0, 3.0]
        let values = outcome.results.map(\.value)
        #expect(values[0].asVector == softmax(z))
        let tempered = try softmax(z, temperature: 2)
        let vjp = try softmaxVJP(z, upstream: [1, 0, 0])
        let logVJP = try logSoftmaxVJP(z, upstream: [1, 0, 0])
        let loss = try crossEntropy(logits: z, target: 2)
        let gradient = try crossEntropyGradient(logits: z, target: 2)
        #expect(values[1].asVector == tempered)
        #expect(values[2].asVector == logSoftmax(z))
        #expect(values[3].asDouble == logSumExp(z))
        #expect(values[4].asVector == normalize(z))
        #expect(values[5].asMatrix == softmaxJacobian(z))
        #expect(values[6].asMatrix == normalizeJacobian(z))
        #expect(values[7].asVector == vjp)
        #expect(values[8].asVector == logVJP)
        let numerical = jacobian(of: { softmax($0) }, at: z)
        #expect(values[9].asMatrix == numerical)
        #expect(values[10].asDouble == loss)
        #expect(values[11].asVector == gradient)
    }

    @Test func checkDerivativeWithInterpretedClosures() throws {
        let outcome = run(
            """
            let z = [1.0, 2.0, 3.0]
            let s = softmax(z)
            checkDerivative(of: { x in softmax(x) }, at: z) { i, j in
                i == j ? s[i] * (1 - s[i]) : -s[i] * s[j]
            }
            """)
        #expect(messages(outcome) == [])
        #expect(outcome.derivativeChecks == 1)
        guard case .derivativeCheck(let check)? = outcome.results.first?.value else {
            Issue.record("no derivative check result")
            return
        }
        let z = [1.0, 2.0, 3.0]
        let s = softmax(z)
        let expected = try checkDerivative(of: softmax, at: z) { i, j in i == j ? s[i] * (1 - s[i]) : -s[i] * s[j] }
        #expect(check.passed)
        #expect(check.point == z)
        #expect(check.maxError == expected.maxError)
    }

    @Test func resultsOnlyForTopLevelExpressions() {
        let outcome = run("let a = 1\nvar b = 2\nb = 3\nfunc f() -> Int { 4 }\nf()\na + b\nfor i in 0..<2 { i }")
        #expect(shown(outcome) == ["4", "4"])
        #expect(outcome.results.map(\.location.line) == [14, 15])
        #expect(outcome.results.map(\.source) == ["f()", "a + b"])
    }

    @Test func blocksShareTheirPageEnvironment() {
        var page = Page()
        _ = page.run("let z = [1.0, 2.0]\nfunc double(_ x: Double) -> Double { 2 * x }")
        let second = page.run("z.map(double)", line: 20)
        #expect(messages(second) == [])
        #expect(shown(second) == ["[2.0, 4.0]"])
        // A later block may declare a top-level name again, as a notebook cell does.
        let third = page.run("let z = [5.0]\nz", line: 30)
        #expect(messages(third) == [])
        #expect(shown(third) == ["[5.0]"])
    }
}
