import Diagnostics
import TestSupport
import Testing

@testable import Site

@Suite struct BlockOptionsTests {
    let origin = SourceLocation(file: "Content/p.md", line: 10, column: 1)

    @Test func readsEveryOptionAndStripsTheOptionLines() {
        let code = """
            //| echo: false
            //| output: true
            //| eval: true
            //| caption: "Softmax of five logits"
            //| label: tbl-five
            //| digits: 4
            let x = 1
            x
            """
        let ((options, body), diagnostics) = BlockOptions.parse(code, at: origin)
        #expect(diagnostics.isEmpty)
        #expect(options.echo == false)
        #expect(options.output == true)
        #expect(options.eval == true)
        #expect(options.caption == "Softmax of five logits")
        #expect(options.label == "tbl-five")
        #expect(options.digits == 4)
        #expect(body == "let x = 1\nx")
    }

    @Test func unknownOptionIsAnErrorAtItsKey() {
        let code = MarkedText("//| echo: true\n//| 1️⃣captoin: hello\nx", at: origin)
        let ((_, body), diagnostics) = BlockOptions.parse(code.text, at: origin)
        #expect(body == "x")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.location == code.location(1))
        #expect(diagnostics.first?.message.hasPrefix("unknown block option 'captoin'; did you mean 'caption'?") == true)
    }

    @Test func badValuesAreErrorsAtTheValue() {
        let code = MarkedText("//| echo: 1️⃣maybe\n//|   digits: 2️⃣40", at: origin)
        let (_, diagnostics) = BlockOptions.parse(code.text, at: origin)
        #expect(diagnostics.map(\.location) == [1, 2].map(code.location))
        #expect(diagnostics[0].says(.optionNotBoolean("echo", "maybe")))
        #expect(diagnostics[1].says(.optionBadDigits("40")))
        #expect(diagnostics[1].message.hasSuffix("must be an integer from 1 to 17, not '40'"))
    }

    @Test func optionsOnlyCountAtTheTop() {
        let ((options, body), diagnostics) = BlockOptions.parse("let x = 1\n//| echo: false", at: origin)
        #expect(options.echo)
        #expect(body == "let x = 1\n//| echo: false")
        #expect(diagnostics.isEmpty)
    }

    @Test func optionWithoutColonIsAnError() {
        let (_, diagnostics) = BlockOptions.parse("//| echo", at: origin)
        #expect(diagnostics.first?.description == "Content/p.md:10:5: error: block option must be written 'key: value'")
    }
}
