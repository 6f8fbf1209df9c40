import Diagnostics
import Testing

@testable import Markdown

/// Raw HTML may format a page but never run script: each way to run script is an error at its position.
@Suite struct ScriptPolicyTests {
    static func problems(_ source: String) -> [String] {
        let (document, _) = MarkdownDocument.parse(source, file: "page.md")
        return document.scriptingProblems(source: source, file: "page.md").map {
            "\($0.location!.line):\($0.location!.column): \($0.message)"
        }
    }

    @Test func scriptElementsAndHandlersAreErrorsAtThem() {
        let source = """
            # Title

            Text with <img src="x.png" onerror="alert(1)"> inline, $x < y$ and é <b ONCLICK=go()>b</b>.

            <div class="note">
            <script>alert(1)</script>
            </div>
            """
        #expect(
            Self.problems(source) == [
                "3:28: \(Diagnostic.Message.eventHandlerRefused("onerror"))",
                "3:73: \(Diagnostic.Message.eventHandlerRefused("onclick"))",
                "6:1: \(Diagnostic.Message.scriptElementRefused)",
            ])
    }

    @Test func scriptURLsAreRefusedHoweverTheyAreSpelled() {
        let links = [
            "[a](javascript:alert(1))", "[a](JaVaScRiPt:alert(1))", "<javascript:alert(1)>",
            "![i](vbscript:x)", "[a](java%0Ascript:x)",
        ]
        #expect(
            Self.problems(links.joined(separator: "\n\n")).map { String($0.prefix(4)) } == [
                "1:1:", "3:1:", "5:1:", "7:1:",
            ])
        let html = [
            "<a href=\"java&#x09;script:alert(1)\">a</a>", "<a href='javascript&colon;x'>a</a>",
            "<iframe src=\"data:text/html,<script>x</script>\"></iframe>", "<a href=\"  javascript:x\">a</a>",
            "<iframe srcdoc=\"<p>x</p>\"></iframe>",
        ]
        let messages = Self.problems(html.joined(separator: "\n\n"))
        #expect(messages.count == 5)
        #expect(messages.allSatisfy { $0.contains("a page may not run script") })
    }

    @Test func harmlessHTMLAndCodeAboutScriptsPass() {
        let source = """
            <details><summary>More</summary>

            A <kbd>Ctrl</kbd>, an <img src="softmax.png" alt="online">, <a href="https://example.org/on">link</a>
            with title="onerror=x" text, and [javascript](javascript.html).

            </details>

            `<script>alert(1)</script>` is code, and so is this:

            ```html
            <button onclick="go()">Go</button>
            ```

            <!-- <script>commented out</script> -->
            """
        #expect(Self.problems(source) == [])
    }

    @Test func theScannerIsLinearOnHostileInput() {
        // Unterminated tags and quotes, many of them: each byte is looked at a bounded number of times.
        let hostile = String(repeating: "<a href=\"x <b title='", count: 20_000)
        #expect(ScriptScanner.problems(in: hostile).isEmpty)
    }
}
