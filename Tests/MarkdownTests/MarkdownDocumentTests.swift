import Diagnostics
import TestSupport
import Testing

@testable import Markdown

/// A fill that makes every replacement visible in the output.
var markers: HTMLFill {
    HTMLFill(
        swiftBlock: { "<swift-block \($0.index)>" },
        inlineSwift: { "<inline-swift \($0.index)>" },
        math: { "<math \($0.index) \($0.display ? "display" : "inline")>" }
    )
}

func parse(_ source: String) -> MarkdownDocument {
    let (document, diagnostics) = MarkdownDocument.parse(source, file: "page.md")
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    return document
}

func at(_ line: Int, _ column: Int) -> Diagnostics.SourceLocation {
    Diagnostics.SourceLocation(file: "page.md", line: line, column: column)
}

@Suite struct FrontMatterTests {
    @Test func entriesKeepTheirOrderTypesAndPositions() {
        let source = MarkedText(
            "---\ntitle: 2️⃣Why softmax?\n1️⃣order: 2\ndigits: 4.5\ndraft: true\ntags: [a, b]\n---\n3️⃣# Hello\n")
        let document = parse(source.text)
        let fm = document.frontMatter
        #expect(fm.entries.map(\.key) == ["title", "order", "digits", "draft", "tags"])
        #expect(fm.string("title") == "Why softmax?")
        #expect(fm.int("order") == 2)
        #expect(fm.double("digits") == 4.5)
        #expect(fm.bool("draft") == true)
        #expect(fm["tags"] == .other("[a, b]\n") || fm["tags"] == .other("- a\n- b\n"))
        #expect(fm.entry("order")?.location == source.location(1))
        #expect(fm.entry("title")?.valueLocation == source.location(2))
        // The body keeps the file's line numbers.
        #expect(document.headings.map(\.location) == [source.location(3)])
        #expect(document.html() == "<h1 id=\"hello\">Hello</h1>\n")
    }

    @Test func quotedNumbersStayStrings() {
        let fm = parse("---\ntitle: \"42\"\n---\n").frontMatter
        #expect(fm["title"] == .string("42"))
        #expect(fm.int("title") == nil)
    }

    @Test func yamlSyntaxErrorIsADiagnosticAtItsPosition() {
        let source = "---\ntitle: ok\norder: [1, 2\n---\nText\n"
        let (document, diagnostics) = MarkdownDocument.parse(source, file: "page.md")
        #expect(diagnostics.count == 1)
        let diagnostic = diagnostics.first
        #expect(diagnostic?.severity == .error)
        #expect(diagnostic?.location?.line == 4 || diagnostic?.location?.line == 3)
        #expect(diagnostic?.message.hasPrefix("front matter is not valid YAML") == true)
        #expect(document.frontMatter.isEmpty)
        #expect(document.html() == "<p>Text</p>\n")
    }

    @Test func badIndentationIsReportedOnItsLine() {
        let source = MarkedText("---\ntitle: a\n  order1️⃣: 2\n---\n")
        let (_, diagnostics) = MarkdownDocument.parse(source.text, file: "page.md")
        #expect(diagnostics.map(\.location) == [source.location(1)])
    }

    @Test func thematicBreaksAtTheTopAreNotFrontMatter() {
        #expect(parse("---\nFoo\n---\nBar\n").html() == "<hr />\n<h2 id=\"foo\">Foo</h2>\n<p>Bar</p>\n")
        #expect(parse("---\n---\n").html() == "<hr />\n<hr />\n")
        #expect(parse("---\n\ntitle: x\n---\n").frontMatter.isEmpty)
    }
}

@Suite struct SwiftBlockTests {
    @Test func blocksAreFoundWithBodyAndFencePositions() {
        let source = MarkedText(
            """
            ---
            title: T
            ---
            Intro.

            2️⃣```{swift}
            1️⃣let z = [1.0, 2.0]
            softmax(z)
            ```

            ```swift
            4️⃣shown only
            ```

            ```{swift}  
            3️⃣1 + 1
            ```
            """)
        let document = parse(source.text)
        #expect(document.swiftBlocks.count == 2)
        #expect(document.swiftBlocks[0].code == "let z = [1.0, 2.0]\nsoftmax(z)\n")
        #expect(document.swiftBlocks[0].location == source.location(1))
        #expect(document.swiftBlocks[0].fenceLocation == source.location(2))
        #expect(document.swiftBlocks[1].code == "1 + 1\n")
        #expect(document.swiftBlocks[1].location == source.location(3))
        #expect(document.codeBlocks.map(\.info) == ["swift"])
        #expect(document.codeBlocks[0].location == source.location(4))
        #expect(
            document.html(markers)
                == "<p>Intro.</p>\n<swift-block 0>\n<pre><code class=\"language-swift\">shown only\n</code></pre>\n"
                + "<swift-block 1>\n")
    }

    @Test func blocksInListsAndQuotesHaveTheirIndentedColumn() {
        let source = "- item\n\n  ```{swift}\n  let a = 1\n  ```\n> ```{swift}\n> let é = 2\n> ```\n"
        let document = parse(source)
        #expect(document.swiftBlocks.map(\.code) == ["let a = 1\n", "let é = 2\n"])
        #expect(document.swiftBlocks.map(\.location) == [at(4, 3), at(7, 3)])
        #expect(document.swiftBlocks.map(\.fenceLocation) == [at(3, 3), at(6, 3)])
    }

    @Test func otherInfoStringsAreNotSwiftBlocks() {
        let document = parse("```{swift} x\na\n```\n\n``` {swift}\nb\n```\n\n    ```{swift}\n")
        #expect(document.swiftBlocks.map(\.code) == ["b\n"])
        #expect(document.codeBlocks.map(\.info) == ["{swift} x", ""])
        #expect(document.codeBlocks[1].code == "```{swift}\n")
        #expect(document.codeBlocks[1].location == at(9, 5))
    }

    @Test func codeBlockFillCanReplaceOrKeep() {
        let document = parse("```python\nx = 1\n```\n\n```\nplain\n```\n")
        let fill = HTMLFill(codeBlock: { $0.info == "python" ? "<pre class=\"py\">\($0.code)</pre>" : nil })
        #expect(document.html(fill) == "<pre class=\"py\">x = 1\n</pre>\n<pre><code>plain\n</code></pre>\n")
    }

    @Test func swiftBlockDefaultFillShowsEscapedCode() {
        #expect(
            parse("```{swift}\na < b\n```\n").html()
                == "<pre><code class=\"language-swift\">a &lt; b\n</code></pre>\n")
    }
}

@Suite struct InlineSwiftTests {
    @Test func spansAreFoundWithTheirCodePosition() {
        let source = MarkedText(
            "---\ntitle: x\n---\nThe value is `{swift} 1️⃣softmax(z)[2]`, and ``{swift} 2️⃣a`b`` too.\n")
        let document = parse(source.text)
        #expect(document.inlineSwift.map(\.code) == ["softmax(z)[2]", "a`b"])
        #expect(document.inlineSwift.map(\.location) == [1, 2].map(source.location))
        #expect(
            document.html(markers)
                == "<p>The value is <inline-swift 0>, and <inline-swift 1> too.</p>\n")
    }

    @Test func aBareMarkerIsPlainCode() {
        let document = parse("Blocks are fenced `{swift}` code; `{swift}  ` too; `{swift}x` as well.\n")
        #expect(document.inlineSwift.isEmpty)
        #expect(
            document.html(markers)
                == "<p>Blocks are fenced <code>{swift}</code> code; <code>{swift}  </code> too; "
                + "<code>{swift}x</code> as well.</p>\n")
    }

    @Test func spansInListsAndAfterDisplayMath() {
        let source = MarkedText("Text $$3️⃣\na_i\n$$ then `{swift} 1️⃣x`.\n\n- é `{swift} 2️⃣y → 0.5`\n")
        let document = parse(source.text)
        #expect(document.inlineSwift.map(\.code) == ["x", "y → 0.5"])
        #expect(document.inlineSwift.map(\.location) == [1, 2].map(source.location))
        #expect(document.math.map(\.location) == [source.location(3)])
        #expect(
            document.html(markers)
                == "<p>Text <math 0 display> then <inline-swift 0>.</p>\n<ul>\n<li>é <inline-swift 1></li>\n</ul>\n")
    }

    @Test func ordinaryCodeSpansAndEscapedBackticksAreLeftAlone() {
        let document = parse("`{swiftx}` and `` `{swift} no` `` and \\`{swift} z`\n")
        #expect(document.inlineSwift.isEmpty)
        #expect(
            document.html(markers)
                == "<p><code>{swiftx}</code> and <code>`{swift} no`</code> and `{swift} z`</p>\n")
    }

    @Test func defaultFillRendersTheCodeSpan() {
        #expect(parse("a `{swift} 1 < 2` b\n").html() == "<p>a <code>{swift} 1 &lt; 2</code> b</p>\n")
    }
}

@Suite struct MathTests {
    @Test func inlineAndDisplayMathAreExtractedByteForByte() {
        let source = MarkedText("Let $1️⃣z_i^* = a*b_c$ and $$2️⃣\\sum_{j} e^{z_j} \\\\ x$$.\n")
        let document = parse(source.text)
        #expect(document.math.map(\.tex) == ["z_i^* = a*b_c", "\\sum_{j} e^{z_j} \\\\ x"])
        #expect(document.math.map(\.display) == [false, true])
        #expect(document.math.map(\.location) == [1, 2].map(source.location))
        #expect(document.html(markers) == "<p>Let <math 0 inline> and <math 1 display>.</p>\n")
    }

    @Test func mathKeepsHTMLSpecialCharacters() {
        let document = parse("$a<b \\& c&d$ and $\\{x\\}$\n")
        #expect(document.math.map(\.tex) == ["a<b \\& c&d", "\\{x\\}"])
        #expect(document.html() == "<p>$a&lt;b \\&amp; c&amp;d$ and $\\{x\\}$</p>\n")
    }

    @Test func pandocRulesForDollars() {
        let cases: [(String, [String])] = [
            ("$20,000 and $30,000", []),
            ("a $ b$ c", []),
            ("a $b $ c", []),
            ("costs $5$6", []),
            ("\\$x$y$", ["y"]),
            ("$x$, $y$", ["x", "y"]),
            ("$\\$$", ["\\$"]),
            ("$a\\text{ $b$ }c$", ["a\\text{ $b$ }c"]),
            ("$$ a + b $$", [" a + b "]),
            ("$$$$", []),
            ("`$x$` $y$", ["y"]),
            ("$`a`$ `b`", ["`a`"]),
            ("<https://x.org/$a$> $b$", ["b"]),
            ("$x\ny$", ["x\ny"]),
        ]
        for (source, expected) in cases {
            #expect(parse(source).math.map(\.tex) == expected, "\(source)")
        }
    }

    @Test func displayMathSpansLinesButNotParagraphs() {
        let source = "Intro\n\n$$\n\\frac{a}{b}\n  = c\n$$\n\nOpen $$x\n\ny$$ close\n"
        let document = parse(source)
        #expect(document.math.map(\.tex) == ["\n\\frac{a}{b}\n= c\n"])
        #expect(document.math.map(\.isBlock) == [true])
        #expect(document.math[0].location == at(3, 3))
        #expect(
            document.html(markers)
                == "<p>Intro</p>\n<math 0 display>\n<p>Open $$x</p>\n<p>y$$ close</p>\n")
    }

    @Test func displayMathInQuoteLosesTheMarkers() {
        let source = MarkedText("> $$\n> a^2\n> $$\n\nafter `{swift} 1️⃣b`\n")
        let document = parse(source.text)
        #expect(document.math.map(\.tex) == ["\na^2\n"])
        #expect(document.inlineSwift.map(\.location) == [source.location(1)])
        #expect(
            document.html(markers) == "<blockquote>\n<math 0 display>\n</blockquote>\n<p>after <inline-swift 0></p>\n")
    }

    @Test func displayMathInsideTextStaysInline() {
        let document = parse("See $$x$$ here\n")
        #expect(document.math.map(\.isBlock) == [false])
        #expect(document.html(markers) == "<p>See <math 0 display> here</p>\n")
    }

    @Test func codeIsUntouched() {
        let source = "```\n$x$\n```\n\n    $y$\n\n`$z$`\n\n<div>$w$</div>\n"
        let document = parse(source)
        #expect(document.math.isEmpty)
        #expect(
            document.html(markers)
                == "<pre><code>$x$\n</code></pre>\n<pre><code>$y$\n</code></pre>\n<p><code>$z$</code></p>\n<div>$w$</div>\n"
        )
    }

    @Test func emphasisAroundMathStillWorks() {
        let document = parse("*see $a_1$ and $b_2$* **$c$**\n")
        #expect(document.math.map(\.tex) == ["a_1", "b_2", "c"])
        #expect(
            document.html(markers)
                == "<p><em>see <math 0 inline> and <math 1 inline></em> <strong><math 2 inline></strong></p>\n")
    }

    @Test func placeholdersNeverLeakIntoURLsOrHTML() {
        let source = """
            [link $a$](http://x.org/$b$ "t $c$") <span title="$d$">$e$</span> ![alt $f$](i.png)

            [ref]: /u/$g$
            """
        let document = parse(source)
        let html = document.html(markers)
        #expect(
            html
                == "<p><a href=\"http://x.org/$b$\" title=\"t $c$\">link <math 0 inline></a> "
                + "<span title=\"$d$\"><math 4 inline></span> <img src=\"i.png\" alt=\"alt $f$\" /></p>\n")
        #expect(!html.unicodeScalars.contains { (0xE000...0xF8FF).contains($0.value) })
    }

    @Test func mathInHeadingsGivesPlainTextAndAnchor() {
        let document = parse("## Softmax of $z_i*w$ and *$y*$*\n\nSoftmax of z\n============\n")
        #expect(document.headings.map(\.text) == ["Softmax of z_i*w and y*", "Softmax of z"])
        #expect(document.headings.map(\.anchor) == ["softmax-of-z_iw-and-y", "softmax-of-z"])
        #expect(document.headings.map(\.location) == [at(1, 1), at(3, 1)])
        #expect(
            document.html(markers)
                == "<h2 id=\"softmax-of-z_iw-and-y\">Softmax of <math 0 inline> and <em><math 1 inline></em></h2>\n"
                + "<h1 id=\"softmax-of-z\">Softmax of z</h1>\n")
    }

    @Test func mathInImageAltIsItsSource() {
        #expect(parse("![$x$](a.png)\n").html(markers) == "<p><img src=\"a.png\" alt=\"$x$\" /></p>\n")
    }
}

@Suite struct HeadingTests {
    @Test func anchorsAreStableSlugsWithDuplicatesNumbered() {
        let source =
            "# Why softmax?\n## Why softmax?\n### Why Softmax!\n#### Why softmax-1\n# `code` & *Ünïcode* 2\n# ???\n"
        let document = parse(source)
        #expect(
            document.headings.map(\.anchor)
                == ["why-softmax", "why-softmax-1", "why-softmax-2", "why-softmax-1-1", "code--ünïcode-2", "section"])
        #expect(document.headings.map(\.level) == [1, 2, 3, 4, 1, 1])
        #expect(document.headings[4].text == "code & Ünïcode 2")
    }

    @Test func anchorsCanBeTurnedOff() {
        let document = parse("# Title #\n")
        #expect(document.html() == "<h1 id=\"title\">Title</h1>\n")
        #expect(document.html(options: HTMLOptions(headingAnchors: false)) == "<h1>Title</h1>\n")
    }
}

@Suite struct PositionTests {
    @Test func blocksAfterMultiLineDisplayMathKeepTheirLines() {
        let source = MarkedText(
            """
            ---
            title: Positions
            ---
            $$1️⃣
            \\sigma(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}
            \\tag{1}
            $$

            3️⃣## After $2️⃣x$

            5️⃣```{swift}
            4️⃣softmax([1, 2])
            ```
            Inline `{swift} 6️⃣1 + 2` here.
            """)
        let document = parse(source.text)
        #expect(document.math.map(\.location) == [1, 2].map(source.location))
        #expect(document.math[0].tex == "\n\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}\n\\tag{1}\n")
        #expect(document.headings.map(\.location) == [source.location(3)])
        #expect(document.headings.map(\.anchor) == ["after-x"])
        #expect(document.swiftBlocks.map(\.location) == [source.location(4)])
        #expect(document.swiftBlocks.map(\.fenceLocation) == [source.location(5)])
        #expect(document.inlineSwift.map(\.location) == [source.location(6)])
        #expect(
            document.html(markers)
                == "<math 0 display>\n<h2 id=\"after-x\">After <math 1 inline></h2>\n<swift-block 0>\n"
                + "<p>Inline <inline-swift 0> here.</p>\n")
    }

    @Test func windowsLineEndingsAndWideCharacters() {
        let source = MarkedText(
            "---\r\ntitle: t\r\n---\r\nπ ≈ $1️⃣\\pi$ and `{swift} 2️⃣é`\r\n\r\n```{swift}\r\n3️⃣let a = 1\r\n```\r\n")
        let document = parse(source.text)
        #expect(document.frontMatter.string("title") == "t")
        #expect(document.math.map(\.location) == [source.location(1)])
        #expect(document.inlineSwift.map(\.location) == [source.location(2)])
        #expect(document.swiftBlocks.map(\.location) == [source.location(3)])
        #expect(document.html(markers) == "<p>π ≈ <math 0 inline> and <inline-swift 0></p>\n<swift-block 0>\n")
    }

    @Test func mathInNestedListsAndLazyQuoteLines() {
        let source = MarkedText("1. one\n   - two $1️⃣a$\n     and $$2️⃣b\n     c$$\n> quote $3️⃣d\ne$ lazy\n")
        let document = parse(source.text)
        #expect(document.math.map(\.tex) == ["a", "b\nc", "d\ne"])
        #expect(document.math.map(\.location) == [1, 2, 3].map(source.location))
    }

    @Test func fillsAreCalledOnceEachInDocumentOrder() {
        var calls: [String] = []
        let document = parse("# $a$\n\n```{swift}\nx\n```\n\n$$b$$\n\n`{swift} c` $d$\n")
        _ = document.html(
            HTMLFill(
                swiftBlock: {
                    calls.append("block \($0.index)"); return ""
                },
                inlineSwift: {
                    calls.append("inline \($0.index)"); return ""
                },
                math: {
                    calls.append("math \($0.tex)"); return ""
                }))
        #expect(calls == ["math a", "block 0", "math b", "inline 0", "math d"])
    }
}
