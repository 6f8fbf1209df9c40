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
                    return "<code class=\"language-swift\">\(SwiftHighlighter.html(code.code))</code>"
                }
                return ResultHTML.inline(value, digits: digits)
            },
            math: { span in
                guard let rendered = evaluated.math[span.index] else {
                    return "<code class=\"math-error\">\(HTML.escape(span.tex))</code>"
                }
                return rendered.mathml
            },
            codeBlock: highlightedCodeBlock
        )
        return evaluated.page.document.html(fill)
    }

    /// A plain fenced block whose info string's first word is `swift`, highlighted; other blocks keep
    /// cmark's rendering (nil).
    static func highlightedCodeBlock(_ block: CodeBlock) -> String? {
        let language = block.info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first
        guard language == "swift" else { return nil }
        return SwiftHighlighter.block(block.code)
    }

    /// A computation cell: caption, the code (unless `echo: false`), then each result (unless `output: false`).
    ///
    /// The `caption` option captions the cell's table (`<caption>`) when the cell shows exactly one
    /// table, and the whole figure (`<figcaption>`) otherwise. The `label` option is the figure's `id`, so
    /// `page.html#label` links to it; a captioned, labelled cell also links to itself from its caption.
    static func cell(_ block: EvaluatedBlock, pageDigits: Int) -> String {
        let options = block.options
        let digits = options.digits ?? pageDigits
        let results = options.output ? block.outcome?.results ?? [] : []
        let tables = results.indices.filter { ResultHTML.isTable(results[$0].value) }
        var html = "<figure class=\"cell\""
        if let label = options.label { html += " id=\"\(HTML.escape(label))\"" }
        html += ">\n"
        var captionHTML: String?
        if let caption = options.caption {
            captionHTML = HTML.escape(caption)
            if let label = options.label {
                captionHTML! +=
                    " <a class=\"anchor\" href=\"#\(HTML.escape(label))\" aria-label=\"Link to this result\">#</a>"
            }
        }
        let tableCaption = tables.count == 1 ? captionHTML : nil
        if let captionHTML, tableCaption == nil {
            html += "<figcaption>\(captionHTML)</figcaption>\n"
        }
        if options.echo {
            let code = block.displayCode.hasSuffix("\n") ? block.displayCode : block.displayCode + "\n"
            let parsed = block.outcome?.syntax.map { (tree: $0, offset: block.displayOffset) }
            html += SwiftHighlighter.block(code, preClass: "cell-code", parsed: parsed)
        }
        let printed = options.output ? block.outcome?.printed ?? "" : ""
        if !results.isEmpty || !printed.isEmpty {
            html += "<div class=\"cell-output\">\n"
            if !printed.isEmpty {
                // What the block printed, as a notebook shows a cell's standard output.
                html += "<pre class=\"cell-stdout\"><samp>\(HTML.escape(printed))</samp></pre>\n"
            }
            for (index, result) in results.enumerated() {
                let caption = index == tables.first ? tableCaption : nil
                html += ResultHTML.result(result, digits: digits, caption: caption)
            }
            html += "</div>\n"
        }
        html += "</figure>\n"
        return html
    }
}
