import Evaluator
import Markdown
import MathML

/// Turns an evaluated page into its body HTML: cmark's HTML for prose, ours for results and math.
enum PageRenderer {
    static func body(of evaluated: EvaluatedPage) -> String {
        let digits = evaluated.page.metadata.digits
        let fill = HTMLFill(
            swiftBlock: { block in
                cell(evaluated.blocks[block.index], pageDigits: digits)
            },
            inlineSwift: { code in
                let outcome = evaluated.inline[code.index]
                guard let value = outcome.value else {
                    return "<code>\(HTML.escape(code.code))</code>"
                }
                return ResultHTML.inline(value, digits: digits)
            },
            math: { span in
                guard let rendered = evaluated.math[span.index] else {
                    return "<code class=\"math-error\">\(HTML.escape(span.tex))</code>"
                }
                return rendered.mathml
            }
        )
        return evaluated.page.document.html(fill)
    }

    /// A computation cell: caption, the code (unless `echo: false`), then each result (unless `output: false`).
    static func cell(_ block: EvaluatedBlock, pageDigits: Int) -> String {
        let options = block.options
        let digits = options.digits ?? pageDigits
        var html = "<figure class=\"cell\""
        if let label = options.label { html += " id=\"\(HTML.escape(label))\"" }
        html += ">\n"
        if let caption = options.caption {
            html += "<figcaption>\(HTML.escape(caption))</figcaption>\n"
        }
        if options.echo {
            let code = block.displayCode.hasSuffix("\n") ? block.displayCode : block.displayCode + "\n"
            html += "<pre class=\"cell-code\"><code class=\"language-swift\">\(HTML.escape(code))</code></pre>\n"
        }
        if options.output, let outcome = block.outcome, !outcome.results.isEmpty {
            html += "<div class=\"cell-output\">\n"
            for result in outcome.results {
                html += ResultHTML.result(result, digits: digits)
            }
            html += "</div>\n"
        }
        html += "</figure>\n"
        return html
    }
}
