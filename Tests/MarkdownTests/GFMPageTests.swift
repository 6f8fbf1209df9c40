import Diagnostics
import TestSupport
import Testing

@testable import Markdown

/// What pages add to GFM: math and inline `{swift}` inside table cells, and CommonMark 0.30's reading
/// where cmark-gfm still follows 0.29.
@Suite struct GFMPageTests {
    @Test func mathAndInlineSwiftInTableCellsArePositioned() {
        let marked = MarkedText(
            """
            | logit | $1️⃣p_i$ | value |
            |---:|:-:|---|
            | $2️⃣z_1$ | `{swift} 4️⃣p[0]` | `plain` |
            > | a | b |
            > |---|---|
            > | $3️⃣x$ | `{swift} 5️⃣q` |

            """)
        let document = parse(marked.text)
        #expect(document.math.map(\.tex) == ["p_i", "z_1", "x"])
        #expect(document.math.map(\.location) == [1, 2, 3].map(marked.location))
        #expect(document.inlineSwift.map(\.code) == ["p[0]", "q"])
        #expect(document.inlineSwift.map(\.location) == [4, 5].map(marked.location))
        #expect(document.math.allSatisfy { !$0.isBlock })
        let html = document.html(markers, options: HTMLOptions(headingAnchors: false))
        #expect(
            html.hasPrefix(
                "<table>\n<thead>\n<tr>\n<th align=\"right\">logit</th>\n<th align=\"center\"><math 0 inline></th>\n"))
        #expect(html.contains("<td align=\"right\"><math 1 inline></td>\n<td align=\"center\"><inline-swift 0></td>\n"))
        #expect(html.contains("<td><code>plain</code></td>"))
        #expect(html.contains("<blockquote>\n<table>"))
        #expect(html.contains("<td><math 2 inline></td>\n<td><inline-swift 1></td>"))
    }

    /// A `|` inside a cell must be escaped, as GFM requires of code too; math and code then see `|`.
    @Test func escapedPipesInCellsReachMathAndCodeAsPipes() {
        let document = parse("| a | b |\n|---|---|\n| $\\|x\\|$ | `{swift} a \\|\\| b` |\n")
        #expect(document.math.map(\.tex) == ["|x|"])
        #expect(document.inlineSwift.map(\.code) == ["a || b"])
        // Outside tables `\|` stays what TeX makes of it.
        #expect(parse("$\\|x\\|$\n").math.map(\.tex) == ["\\|x\\|"])
    }

    @Test func strikethroughTaskListsAutolinksAndFootnotes() {
        let html = parse("~~old~~ www.example.com [^n]\n\n- [x] done\n- [ ] to do\n\n[^n]: A $note$.\n")
            .html(markers, options: HTMLOptions(headingAnchors: false))
        #expect(html.contains("<del>old</del> <a href=\"http://www.example.com\">www.example.com</a> <sup"))
        #expect(html.contains("<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>"))
        #expect(html.contains("<li><input type=\"checkbox\" disabled=\"\" /> to do</li>"))
        // Math in a footnote is found and rendered in the notes at the end.
        #expect(html.contains("<li id=\"fn-n\">\n<p>A <math 0 inline>."))
    }

    @Test func longNumericReferencesStayTextOutsideCode() {
        let cases: [(String, String)] = [
            ("&#87654321; &#x1234567; &#x12345678;\n", "<p>&amp;#87654321; &amp;#x1234567; &amp;#x12345678;</p>\n"),
            // Seven decimal digits and six hexadecimal ones are references (U+FFFD when out of range).
            ("&#1234567; &#x10FFFF; &#65;\n", "<p>\u{FFFD} \u{10FFFF} A</p>\n"),
            ("\\&#87654321; `&#87654321;`\n", "<p>&amp;#87654321; <code>&amp;#87654321;</code></p>\n"),
            ("# &#00000065; *&#x0000041;*\n", "<h1>&amp;#00000065; <em>&amp;#x0000041;</em></h1>\n"),
            ("    &#87654321;\n", "<pre><code>&amp;#87654321;\n</code></pre>\n"),
        ]
        for (markdown, html) in cases {
            #expect(parse(markdown).html(options: HTMLOptions(headingAnchors: false)) == html, "\(markdown)")
        }
    }

    @Test func textareaIsRawHTMLToItsClosingTag() {
        let source =
            "Before.\n\n<textarea rows=3>\n\n*x* $y$ `{swift} 1`\n\n```{swift}\nlet z = 1\n```\n</textarea>\n\nAfter $a$.\n"
        let document = parse(source)
        // Nothing inside is Markdown: no math, no inline or block `{swift}`.
        #expect(document.math.map(\.tex) == ["a"])
        #expect(document.inlineSwift.isEmpty && document.swiftBlocks.isEmpty)
        let html = document.html(markers)
        #expect(
            html
                == "<p>Before.</p>\n<textarea rows=3>\n\n*x* $y$ `{swift} 1`\n\n```{swift}\nlet z = 1\n```\n</textarea>\n"
                + "<p>After <math 0 inline>.</p>\n")
        // Unclosed, it runs to the end of the page, as in CommonMark 0.30.
        #expect(parse("<TEXTAREA>\n\n_a_\n").html() == "<TEXTAREA>\n\n_a_\n")
        // `<textareas>` is another tag.
        #expect(parse("<textareas>\n\n_a_\n").html() == "<textareas>\n<p><em>a</em></p>\n")
    }

    @Test func manyUnclosedTextareasStayLinear() {
        // Every opening but the first is inside the first one's region.
        let source = String(repeating: "<textarea>\n\nx\n\n", count: 20_000)
        let document = parse(source)
        #expect(document.rawHTMLRegions.count == 1)
        #expect(document.html().hasPrefix("<textarea>\n\nx\n\n<textarea>"))
    }
}

/// Tables cmark-gfm would take seconds or gigabytes over are refused at their delimiter row.
@Suite struct TableSizeLimitTests {
    @Test func tooManyColumnsOrCellsAreErrorsAtTheDelimiterRow() {
        let wide = "|" + String(repeating: "a|", count: 1_001) + "\n|" + String(repeating: "-|", count: 1_001) + "\n"
        let (_, wideErrors) = MarkdownDocument.parse("Intro\n\n" + wide, file: "page.md")
        #expect(
            wideErrors.map(\.description) == [
                "page.md:4:1: error: a table may have at most 1000 columns; this one has 1001"
            ])
        // 4,000 columns over 4,000 one-character lines: 16 million cells without the limit.
        let square =
            "|" + String(repeating: "a|", count: 999) + "\n> |" + String(repeating: ":-:|", count: 999) + "\n"
            + String(repeating: "x\n", count: 4_000)
        let (document, squareErrors) = MarkdownDocument.parse(square, file: "page.md")
        #expect(squareErrors.count == 1)
        #expect(squareErrors.first?.location == at(2, 1))
        #expect(squareErrors.first?.says(.tooManyTableCells(columns: 999, rows: 4001)) == true)
        // The refused row is not parsed as a table.
        #expect(!document.html().contains("<table>"))
    }

    @Test func ordinaryTablesAndLookalikesPass() {
        let table = "| a | b |\n| :-- | --: |\n" + String(repeating: "| 1 | 2 |\n", count: 60_000) + "\n"
        #expect(MarkdownDocument.parse(table, file: "page.md").diagnostics.isEmpty)
        #expect(TableSizeLimit.delimiterColumns(Array("| :-- | --: | :-: |".utf8)[...]) == 3)
        #expect(TableSizeLimit.delimiterColumns(Array("> --- | ---".utf8)[...]) == 2)
        #expect(TableSizeLimit.delimiterColumns(Array("---".utf8)[...]) == nil)
        #expect(TableSizeLimit.delimiterColumns(Array("| a |".utf8)[...]) == nil)
    }
}

@Suite struct MarkedTextTests {
    @Test func markersGiveScalarColumnsAndVanishFromTheText() {
        let marked = MarkedText("é1️⃣x\n\t2️⃣y 🙂3️⃣z")
        #expect(marked.text == "éx\n\ty 🙂z")
        #expect(marked.location(1) == at(1, 2))
        #expect(marked.location(2) == at(2, 2))
        #expect(marked.location(3) == at(2, 5))
    }

    @Test func textInsideAPageCountsItsFirstLineFromItsOrigin() {
        let marked = MarkedText("a 1️⃣b\nc2️⃣d", at: Diagnostics.SourceLocation(file: "p.md", line: 10, column: 5))
        #expect(marked.text == "a b\ncd")
        #expect(marked.location(1) == Diagnostics.SourceLocation(file: "p.md", line: 10, column: 7))
        #expect(marked.location(2) == Diagnostics.SourceLocation(file: "p.md", line: 11, column: 2))
    }
}

/// Fuzz/Findings/FuzzMarkdownPage/combining-mark-after-heading-tag: a heading whose text starts with a
/// combining mark makes `>` + the mark one Character, so a Character search for the tag's `>` skipped
/// to `</h2>` and a range ran backwards (a trap).
@Suite struct CombiningMarkHeadingTests {
    @Test func headingsStartingWithACombiningMarkRenderWithTheirID() {
        let document = parse("## \u{0307}x \u{FFFD}\n\n# \u{0301}y\n")
        let (html, headings) = document.render(markers)
        let anchor = document.headings[0].anchor
        #expect(html.hasPrefix("<h2 id=\"\(anchor)\">\u{0307}x \u{FFFD}</h2>\n"), "\(html)")
        #expect(headings.map(\.html) == ["\u{0307}x \u{FFFD}", "\u{0301}y"])
    }
}
