import Evaluator
import Markdown
import Markup
import MathML

/// A page's body as stage 4 leaves it: the HTML, and its table of contents from the page's headings.
struct PageBody: Sendable, Equatable {
    var html = ""
    /// The `##` and `###` headings, for the layout's table of contents.
    var contents: [TableOfContents.Entry] = []
}

/// Turns an evaluated page into its body HTML: cmark's HTML for prose, ours for results and math.
enum PageRenderer {
    static func body(of evaluated: EvaluatedPage) -> String {
        render(evaluated).html
    }

    static func render(_ evaluated: EvaluatedPage) -> PageBody {
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
                if span.display {
                    return "<span class=\"math-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Equation\">"
                        + rendered.mathml + "</span>"
                }
                return referenceLink(rendered.mathml) ?? rendered.mathml
            },
            codeBlock: { block in
                if CheckedEquation.isMath(block) { return mathBlock(evaluated.mathBlocks[block.location], block) }
                return highlightedCodeBlock(block)
            }
        )
        let (body, headings) = evaluated.page.document.render(fill)
        let contents = headings.filter { $0.level == 2 || $0.level == 3 }.map {
            TableOfContents.Entry(level: $0.level, anchor: $0.anchor, html: TableOfContents.contentsMarkup($0.html))
        }
        return PageBody(
            html: headingAnchors(uniqueRegionNames(scrollingTables(focusableCode(namedTaskBoxes(body))))),
            contents: contents)
    }

    /// Each `<h2>` and `<h3>` with an `id` ends with a link to itself (a "#" drawn by the stylesheet), so
    /// a reader can copy a section's address.
    static func headingAnchors(_ html: String) -> String {
        var out = ""
        var rest = html[...]
        while let open = rest.firstRange(ofASCII: "<h") {
            guard let level = rest[open.upperBound...].first, level == "2" || level == "3" else {
                out += rest[..<open.upperBound]
                rest = rest[open.upperBound...]
                continue
            }
            let afterLevel = rest.index(after: open.upperBound)
            guard rest[afterLevel...].hasPrefix(" id=\""),
                let tagEnd = rest[afterLevel...].firstRange(ofASCII: ">")?.lowerBound,
                let close = rest[tagEnd...].firstRange(ofASCII: "</h\(level)>")
            else {
                out += rest[..<afterLevel]
                rest = rest[afterLevel...]
                continue
            }
            let idStart = rest.index(afterLevel, offsetBy: 5)
            let id = rest[idStart..<(rest[idStart...].firstIndex(of: "\"") ?? idStart)]
            out += rest[..<close.lowerBound]
            out += "<a class=\"heading-anchor\" href=\"#\(id)\" aria-label=\"Link to this section\"></a>"
            rest = rest[close.lowerBound...]
        }
        return out + rest
    }

    /// Regions need names unique on the page (axe's landmark-unique): a name that several of the page's
    /// scroll regions share gets "(2 of 5)" after it, in document order.
    static func uniqueRegionNames(_ html: String) -> String {
        let marker = "role=\"region\" aria-label=\""
        var counts: [Substring: Int] = [:]
        var rest = html[...]
        while let range = rest.firstRange(ofASCII: marker), let end = rest[range.upperBound...].firstIndex(of: "\"") {
            counts[rest[range.upperBound..<end], default: 0] += 1
            rest = rest[end...]
        }
        guard counts.values.contains(where: { $0 > 1 }) else { return html }
        var seen: [Substring: Int] = [:]
        var out = ""
        rest = html[...]
        while let range = rest.firstRange(ofASCII: marker), let end = rest[range.upperBound...].firstIndex(of: "\"") {
            let name = rest[range.upperBound..<end]
            out += rest[..<end]
            if let total = counts[name], total > 1 {
                seen[name, default: 0] += 1
                out += " (\(seen[name]!) of \(total))"
            }
            rest = rest[end...]
        }
        return out + rest
    }

    /// `$\eqref{x}$` alone is a link, not math: a link inside `<math>` is an interactive control inside
    /// one that may not have any (axe's nested-interactive), and the reader sees the same "(1)".
    static func referenceLink(_ mathml: String) -> String? {
        let open = "<math><mtext class=\"eqref\"><a "
        let close = "</a></mtext></math>"
        guard mathml.hasPrefix(open), mathml.hasSuffix(close) else { return nil }
        let link = mathml.dropFirst(open.count).dropLast(close.count)
        guard !link.contains("<") else { return nil }
        return "<a class=\"eqref\" " + link + "</a>"
    }

    /// Every `<pre>` (code, printed output, an author's own) scrolls sideways on a narrow screen: each is
    /// made focusable and named, so a keyboard can scroll it. Code text is escaped, so `<pre` is a tag.
    static func focusableCode(_ html: String) -> String {
        var out = ""
        var rest = html[...]
        while let range = rest.firstRange(ofASCII: "<pre") {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            guard let next = rest.first, next == ">" || next == " " else { continue }
            let isOutput = rest.hasPrefix(" class=\"cell-stdout\"")
            out += " tabindex=\"0\" role=\"region\" aria-label=\"\(isOutput ? "Printed output" : "Code")\""
        }
        return out + rest
    }

    /// A task list's check boxes are shown, not used (cmark-gfm makes them `disabled`), yet a form
    /// control needs a name (axe's label rule): "done" or "to do", read before the item's text.
    static func namedTaskBoxes(_ html: String) -> String {
        guard html.contains("<input type=\"checkbox\"") else { return html }
        return
            html
            .replacingOccurrences(
                of: "<input type=\"checkbox\" checked=\"\" disabled=\"\" />",
                with: "<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"done\" />"
            )
            .replacingOccurrences(
                of: "<input type=\"checkbox\" disabled=\"\" />",
                with: "<input type=\"checkbox\" disabled=\"\" aria-label=\"to do\" />")
    }

    /// A Markdown table (cmark-gfm writes `<table>\n<thead>`) scrolls sideways inside a focusable, named
    /// box, as computed tables do, instead of widening the page on a phone.
    static func scrollingTables(_ html: String) -> String {
        let start = "<table>\n<thead>"
        guard html.contains(start) else { return html }
        var out = ""
        var rest = html[...]
        while let range = rest.firstRange(ofASCII: start) {
            out += rest[..<range.lowerBound]
            // The matching `</table>`: raw HTML may hold tables of its own.
            var depth = 0
            var cursor = range.lowerBound
            var end: String.Index?
            while end == nil, let tag = rest[cursor...].firstRange(of: /<\/?table[\s>]/) {
                depth += rest[tag].hasPrefix("</") ? -1 : 1
                cursor = tag.upperBound
                if depth == 0, let close = rest[tag.lowerBound...].firstIndex(of: ">") {
                    end = rest.index(after: close)
                }
            }
            guard let end else {
                out += rest
                return out
            }
            out += "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">"
            out += rest[range.lowerBound..<end]
            out += "</div>"
            rest = rest[end...]
        }
        return out + rest
    }

    /// A ```` ```math ```` block: display math as `$$…$$` shows it, then the note of what it was checked at.
    static func mathBlock(_ math: MathBlock?, _ block: CodeBlock) -> String {
        guard let rendered = math?.rendered else {
            return "<p><code class=\"math-error\">\(HTML.escape(block.code))</code></p>\n"
        }
        var html =
            "<span class=\"math-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Equation\">"
            + rendered.mathml + "</span>\n"
        if let note = math?.note {
            let kind = math?.expectDisagree == true ? "math-check math-check-disagree" : "math-check"
            html += "<p class=\"\(kind)\"><small>\(HTML.escape(note))</small></p>\n"
        }
        return html
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
