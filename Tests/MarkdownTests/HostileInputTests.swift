import Diagnostics
import Testing

@testable import Markdown

/// Inputs built to make the Markdown layer explode, hang or crash: each gives a positioned error or
/// the right result. Their timings, at growing sizes, are in `Benchmarks/inputs/bench.py`; none is
/// asserted here.
@Suite struct HostileInlineTests {
    /// 10,000 inline equations in one paragraph, on one line and one per line: every one found, at its
    /// own column and line.
    @Test func manyEquationsInOneParagraph() {
        let count = 10_000
        let oneLine = parse(Array(repeating: "$x_{i}$", count: count).joined(separator: " ") + "\n")
        #expect(oneLine.math.count == count)
        #expect(oneLine.math.last?.location == at(1, 8 * (count - 1) + 2))
        #expect(oneLine.math.last?.tex == "x_{i}")
        let lines = parse(Array(repeating: "$x_{i}$", count: count).joined(separator: "\n") + "\n")
        #expect(lines.math.count == count)
        #expect(lines.math.last?.location == at(count, 2))
    }

    /// Each `$\text{a$ ` opens a `\text{` that never closes, and each `$` could open inline math.
    @Test func unclosedTextCommandsInMath() {
        let count = 5_000
        let document = parse(String(repeating: "$\\text{a$ ", count: count) + "\n")
        // The first `$` opens math that runs (through the unclosed `\text{`) to the next `$`.
        #expect(document.math.count == count)
        #expect(document.math.first?.tex == "\\text{a")
    }

    /// Backtick runs of every length from 1 to 2,000, none closed: no code spans, and no inline `{swift}`.
    @Test func openBacktickRunsOfManyLengths() {
        let text = (1...2_000).map { String(repeating: "`", count: $0) }.joined(separator: " $x$ ")
        let document = parse(text + "\n")
        #expect(document.inlineSwift.isEmpty)
        #expect(document.math.count == 1_999)
    }

    /// A heading whose math sits inside emphasis nested 25,000 deep: its text is found without recursion.
    @Test func deeplyNestedEmphasisInAHeading() {
        let stars = String(repeating: "*", count: 50_000)
        let document = parse("# " + stars + "a $x$" + stars + "\n")
        #expect(document.headings.count == 1)
        #expect(document.headings.first?.text == "a x")
        #expect(document.math.count == 1)
        #expect(document.html(markers).contains("<math 0 inline>"))
    }

    /// Images nested 5,000 deep with math in each: the math of an image's description is its alt text.
    @Test func deeplyNestedImagesAndLinks() {
        let images = parse(String(repeating: "![a $x$ ", count: 5_000) + String(repeating: "](u)", count: 5_000) + "\n")
        #expect(images.math.count == 5_000)
        let html = images.html(markers)
        #expect(html.contains("alt=\"a $x$ "))
        let links = parse(String(repeating: "[a $x$ ", count: 5_000) + String(repeating: "](u)", count: 5_000) + "\n")
        #expect(links.html(markers).contains("<math 4999 inline>"))
    }

    /// Block quotes and lists nested 10,000 deep, with math at the bottom.
    @Test func deeplyNestedContainers() {
        let quotes = parse(String(repeating: ">", count: 10_000) + " a $x$\n")
        #expect(quotes.math.first?.location == at(1, 10_000 + 5))
        let lists = parse(String(repeating: "- ", count: 10_000) + "a $x$\n")
        #expect(lists.math.first?.location == at(1, 20_000 + 4))
    }
}
