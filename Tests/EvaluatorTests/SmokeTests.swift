import Diagnostics
import Evaluator
import Softmax
import Testing

@Suite struct SmokeTests {
    @Test func softmaxOfLiteralLogits() {
        let outcome = run(
            """
            //| caption: Softmax of five logits
            let logits = [0.3, 0.7, 1.2, -0.2, 0.7]
            softmax(logits)
            """)
        #expect(messages(outcome) == [])
        #expect(outcome.results.count == 1)
        #expect(outcome.results[0].value.asVector == softmax([0.3, 0.7, 1.2, -0.2, 0.7]))
        #expect(outcome.results[0].location == SourceLocation(file: "page.md", line: 12, column: 1))
        #expect(outcome.results[0].source == "softmax(logits)")
    }
}
