import Markdown
import Markup
import Testing

@testable import Site

/// Swift highlighting: classes from swift-syntax's classification, escaping, and text that stays the code.
@Suite struct HighlightingTests {
    /// The text a browser shows for `html`: tags removed, the four entities we write decoded.
    static func textContent(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
            } else if character == ">" && inTag {
                inTag = false
            } else if !inTag {
                text.append(character)
            }
        }
        return
            text
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static let samples = [
        "",
        "let z = [1.0, 2.0, 3.0]\nsoftmax(z)\n// → [0.09003057, 0.24472847, 0.66524096]\n",
        "let s = \"a < b && c > \\\"d\\\" &amp;\"\nlet t = \"\"\"\n  <b>multi</b>\n  \"\"\"\n",
        "/* block <comment> & */ let x: [Double] = [] // trailing → 0.5\n",
        "func f(_ x: Double) -> Double { x * 2 }  // 🙂 ünïcödé\n@inline(__always) func g() {}\n",
        "#if DEBUG\nlet a = 1\n#endif\n",
        "let = (  // does not parse\n\"unterminated\n",
        "a < b ? x : y\r\nlet tab\t= 1",
    ]

    @Test(arguments: samples)
    func textContentIsTheCode(_ code: String) {
        let html = SwiftHighlighter.html(code)
        #expect(Self.textContent(html) == code)
        let block = SwiftHighlighter.block(code, preClass: "cell-code")
        #expect(Self.textContent(block) == code + "\n")
    }

    @Test func codeNeverReachesTheHTMLUnescaped() {
        let html = SwiftHighlighter.html("let s = \"<script>&\" // <b>\na < b")
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;&amp;"))
        #expect(html.contains("a &lt; b"))
    }

    @Test func codeTooDeepToParseQuicklyIsShownPlain() {
        let code = "let x = " + String(repeating: "[", count: 18) + "1" + String(repeating: "]", count: 18) + " < 2"
        #expect(SwiftHighlighter.html(code) == HTML.escape(code))
    }

    @Test func tokensGetTheirClasses() {
        let html = SwiftHighlighter.html("let t: Double = 1.5 + 2\nsoftmax(z, temperature: t)\n// → 0.5\n")
        #expect(html.contains("<span class=\"hl-keyword\">let</span>"))
        #expect(html.contains("<span class=\"hl-type\">Double</span>"))
        #expect(html.contains("<span class=\"hl-number\">1.5</span>"))
        #expect(html.contains("<span class=\"hl-number\">2</span>"))
        #expect(html.contains("<span class=\"hl-label\">temperature</span>"))
        #expect(html.contains("<span class=\"hl-comment\">// → 0.5</span>"))
        // Identifiers and punctuation stay bare.
        #expect(html.contains("softmax(z, "))
    }

    @Test func statedValuesLookLikeComments() {
        let html = SwiftHighlighter.html("softmax(z) // → [0.1, 0.9]\nlogSumExp(z) // => 2.5\n")
        #expect(html.contains("<span class=\"hl-comment\">// → [0.1, 0.9]</span>"))
        #expect(html.contains("<span class=\"hl-comment\">// =&gt; 2.5</span>"))
    }

    @Test func stringsAndDirectives() {
        let html = SwiftHighlighter.html("#if os(Linux)\nlet s = \"hi\"\n#endif\n")
        #expect(html.contains("<span class=\"hl-directive\">#if</span>"))
        #expect(html.contains("<span class=\"hl-string\">&quot;hi&quot;</span>"))
        #expect(Self.textContent(html) == "#if os(Linux)\nlet s = \"hi\"\n#endif\n")
    }

    /// `{swift}` cells, plain `swift` blocks and inline `{swift}` code that could not be evaluated are
    /// highlighted; other languages keep cmark's rendering.
    @Test func pagesHighlightEverySwiftCode() {
        let source = """
            # Page

            ```{swift}
            //| caption: Logits
            let z = [1.0, 2.0]
            softmax(z) // → [0.26894142, 0.73105858]
            ```

            ```swift
            let shown = "not run" // & <kept>
            ```

            ```python
            x = "<py>"
            ```

            Inline: `{swift} softmax(z)[0]`.

            """
        let (page, diagnostics) = Page.parse(source, path: "page.md")
        #expect(diagnostics.isEmpty)
        let evaluated = PageEvaluator.evaluate(page)
        #expect(evaluated.diagnostics.isEmpty)
        let body = PageRenderer.body(of: evaluated)
        #expect(
            body.contains(
                "<pre tabindex=\"0\" role=\"region\" aria-label=\"Code (1 of 3)\" class=\"cell-code\"><code class=\"language-swift\"><span class=\"hl-keyword\">let</span> z = ["
            ))
        #expect(!body.contains("//| caption"))
        #expect(body.contains("<span class=\"hl-comment\">// → [0.26894142, 0.73105858]</span>"))
        #expect(
            body.contains(
                "<pre tabindex=\"0\" role=\"region\" aria-label=\"Code (2 of 3)\"><code class=\"language-swift\"><span class=\"hl-keyword\">let</span> shown = "
                    + "<span class=\"hl-string\">"))
        #expect(body.contains("<span class=\"hl-comment\">// &amp; &lt;kept&gt;</span>"))
        #expect(
            body.contains(
                "<pre tabindex=\"0\" role=\"region\" aria-label=\"Code (3 of 3)\"><code class=\"language-python\">x = &quot;&lt;py&gt;&quot;\n</code></pre>"
            ))
        #expect(!body.contains("hl-keyword\">x"))
    }

    /// A cell is highlighted from the tree the evaluator parsed (its option lines included), with the same
    /// result as parsing the shown code alone.
    @Test func cellsReuseTheEvaluatorsTree() throws {
        let code = "//| caption: Ünïcode\n//| digits: 3\nlet s = \"é\" // → \"é\"\nsoftmax([1.0, 2.0])\n"
        let (page, _) = Page.parse("```{swift}\n\(code)```\n", path: "page.md")
        let evaluated = PageEvaluator.evaluate(page)
        let block = try #require(evaluated.blocks.first)
        #expect(block.outcome?.syntax != nil)
        #expect(block.displayOffset == "//| caption: Ünïcode\n//| digits: 3\n".utf8.count)
        let shown = block.displayCode.hasSuffix("\n") ? block.displayCode : block.displayCode + "\n"
        let standalone = SwiftHighlighter.block(shown, preClass: "cell-code")
        #expect(standalone.contains("<span class=\"hl-string\">"))
        #expect(PageRenderer.cell(block, pageDigits: 8).contains(standalone))
    }
}
