import Evaluator
import Foundation
import Testing

/// Work that stresses the interpreter: long loops, big arrays, deep recursion, deep nesting. Correctness only;
/// timing lives in benchmarks, never in unit tests.
@Suite struct PerformanceTests {
    @Test func tenThousandIterationsSumCorrectly() {
        let code = """
            var total = 0.0
            for i in 0..<10_000 {
                let x = Double(i) * 0.001
                total += exp(-x) * 0.5
            }
            total
            """
        let outcome = run(code)
        var expected = 0.0
        for i in 0..<10_000 {
            let x = Double(i) * 0.001
            expected += exp(-x) * 0.5
        }
        #expect(outcome.results.first?.value.asDouble == expected)
    }

    @Test func buildingAnArrayIsLinear() {
        let outcome = run("var z: [Double] = []\nfor i in 0..<50_000 { z.append(Double(i)) }\nz.count\nz[49_999]")
        #expect(messages(outcome) == [])
        #expect(shown(outcome) == ["50000", "49999.0"])
    }

    @Test func recursionToTheLimitDoesNotOverflowTheStack() async {
        let code = """
            func depth(_ n: Int) -> Int {
                if n == 0 { return 0 }
                let z = softmax([1, 2, Double(n)])
                return z.count > 0 ? 1 + depth(n - 1) : 0
            }
            depth(199)
            """
        // Run on a cooperative-pool thread, as the site's parallel build does.
        let outcome = await Task.detached { run(code) }.value
        #expect(messages(outcome) == [])
        #expect(shown(outcome) == ["199"])
    }

    /// swift-syntax's parser is exponential in the nesting of `[`; deep nesting is refused before parsing.
    @Test func deeplyNestedBracketsAreRefusedQuickly() {
        let nested = String(repeating: "[", count: 300) + "1" + String(repeating: "]", count: 300)
        let outcome = run("let ok = [[[1.0]]]\n" + nested)
        #expect(messages(outcome) == ["11:7: square brackets nested more than 6 deep are not supported in pages"])
        let sixDeep = run("[[[[[[1]]]]]]")
        #expect(messages(sixDeep) == [])
        #expect(shown(sixDeep) == ["[[[[[[1]]]]]]"])
    }
}
