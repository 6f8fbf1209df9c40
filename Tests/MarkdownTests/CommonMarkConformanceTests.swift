import Foundation
import Testing

@testable import Markdown

/// One example of the CommonMark spec.
struct SpecExample: CustomStringConvertible {
    var number: Int
    var markdown: String
    var html: String
    var description: String { "example \(number)" }
}

enum Spec {
    /// The spec's examples: 32 backticks + " example", the Markdown, ".", the HTML, 32 backticks;
    /// `→` stands for a tab.
    static let examples: [SpecExample] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/spec-0.30.txt")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        let fence = String(repeating: "`", count: 32)
        var examples: [SpecExample] = []
        var markdown: [Substring] = []
        var html: [Substring] = []
        var state = 0  // 0 outside, 1 in Markdown, 2 in HTML
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            switch state {
            case 0 where line == "\(fence) example":
                state = 1
                markdown = []
                html = []
            case 1 where line == ".":
                state = 2
            case 1:
                markdown.append(line)
            case 2 where line == fence:
                state = 0
                let join = { (lines: [Substring]) in
                    lines.map { $0 + "\n" }.joined().replacingOccurrences(of: "→", with: "\t")
                }
                examples.append(SpecExample(number: examples.count + 1, markdown: join(markdown), html: join(html)))
            case 2:
                html.append(line)
            default:
                break
            }
        }
        return examples
    }()

    /// Examples where `$` math makes our output differ from cmark's, with the reason.
    /// Empty for spec 0.30: its few dollars never form math under pandoc's rules (example 627's
    /// `$a; ?>` has no closing `$`, 650's `$.;'there` neither, 12 escapes its `\$`, 143 has `$`
    /// only in an info string and 169 only in an HTML block).
    static let mathExceptions: [Int: String] = [:]

    /// Examples where GitHub Flavored Markdown, which pages are, differs from CommonMark on purpose: the
    /// autolink extension links bare `www.`, `http(s)://` and e-mail addresses (GFM spec section 6.9).
    static let gfmAutolinkExamples: Set<Int> = [601, 605, 607, 610, 611]

    /// Examples where cmark-gfm follows CommonMark 0.29 and pages get 0.30's reading from our layer
    /// (CommonMark030.swift): 8-digit numeric references stay text, `<textarea>` is an HTML block to
    /// `</textarea>`.
    static let commonMark030Fixes: Set<Int> = [28, 171]
}

@Suite struct CommonMarkConformanceTests {
    @Test func specFileHasAllExamples() {
        #expect(Spec.examples.count == 652)
    }

    /// With math and inline `{swift}` detection on and heading anchors off, our HTML is cmark-gfm's own,
    /// except where our layer applies CommonMark 0.30's rules.
    @Test func everyExampleRendersAsCmarkDoes() {
        var differing: [Int] = []
        for example in Spec.examples {
            let (document, _) = MarkdownDocument.parse(example.markdown, file: "spec.md")
            let ours = document.html(options: HTMLOptions(headingAnchors: false))
            let reference = cmarkHTML(example.markdown)
            if ours != reference {
                differing.append(example.number)
                if Spec.mathExceptions[example.number] == nil && !Spec.commonMark030Fixes.contains(example.number) {
                    Issue.record(
                        "example \(example.number) differs:\n\(example.markdown)\nours:\n\(ours)\ncmark:\n\(reference)")
                }
            }
        }
        #expect(
            differing.sorted() == (Set(Spec.mathExceptions.keys).union(Spec.commonMark030Fixes)).sorted(),
            "listed exceptions must still differ")
    }

    /// Every example renders as the spec expects, except the five where GFM's autolinks are meant to
    /// differ (there the only change is the added links: `gfmAutolinksOnlyAddLinks`).
    @Test func everyExampleMatchesTheSpec() {
        var differing: [Int] = []
        for example in Spec.examples {
            let (document, _) = MarkdownDocument.parse(example.markdown, file: "spec.md")
            if document.html(options: HTMLOptions(headingAnchors: false)) != example.html {
                differing.append(example.number)
            }
        }
        #expect(differing.sorted() == Set(Spec.mathExceptions.keys).union(Spec.gfmAutolinkExamples).sorted())
    }

    /// Our own examples where math changes CommonMark's reading, so the test above would notice if
    /// math detection were switched off.
    @Test func mathChangesWhatCommonMarkWouldDo() {
        let cases: [(markdown: String, cmark: String, ours: String)] = [
            ("$a*b$ and $c*d$\n", "<p>$a<em>b$ and $c</em>d$</p>\n", "<p>$a*b$ and $c*d$</p>\n"),
            ("$x_1$ and $y_2$ *em*\n", "<p>$x_1$ and $y_2$ <em>em</em></p>\n", "<p>$x_1$ and $y_2$ <em>em</em></p>\n"),
            ("$\\\\$\n", "<p>$\\$</p>\n", "<p>$\\\\$</p>\n"),
            ("$a<b>c$\n", "<p>$a<b>c$</p>\n", "<p>$a&lt;b&gt;c$</p>\n"),
        ]
        for (markdown, cmark, ours) in cases {
            #expect(cmarkHTML(markdown) == cmark)
            let (document, _) = MarkdownDocument.parse(markdown, file: "m.md")
            #expect(document.html(options: HTMLOptions(headingAnchors: false)) == ours)
        }
    }

    /// In the five autolink examples, removing the `<a href=…>` the extension added gives the spec's HTML.
    @Test func gfmAutolinksOnlyAddLinks() throws {
        let link = try Regex(#"<a href="[^"]*">([^<]*)</a>"#)
        for number in Spec.gfmAutolinkExamples.sorted() {
            let example = Spec.examples[number - 1]
            let ours = MarkdownDocument.parse(example.markdown, file: "spec.md").value
                .html(options: HTMLOptions(headingAnchors: false))
            let expected = example.html
            #expect(ours != expected)
            // Links the spec itself expects stay; only ours may have more.
            let unlinked = { (html: String) in html.replacing(link) { String($0.output[1].substring ?? "") } }
            #expect(unlinked(ours) == unlinked(expected), "example \(number)")
        }
    }
}
