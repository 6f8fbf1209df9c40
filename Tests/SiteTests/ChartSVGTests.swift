import Evaluator
import Foundation
import LiteratePage
import Testing

@testable import Site

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Charts as SVG: structure (axes, ticks, legend iff several series, title and desc), well-formed XML,
/// escaping, determinism, nice ticks and the page hook.
@Suite struct ChartSVGTests {
    static let bar = Chart(
        kind: .bar, title: "Softmax <vs> normalize", labels: ["0", "1", "2"],
        series: [
            Chart.Series(name: "softmax", values: [0.09003057, 0.24472847, 0.66524096]),
            Chart.Series(name: "normalized & co", values: [1.0 / 6, 2.0 / 6, 3.0 / 6]),
        ], yLabel: "probability")
    static let line = Chart(
        kind: .line, title: "Temperatures", x: [0.5, 1, 2, 4],
        series: [Chart.Series(name: "", values: [0.01, 0.1, 0.2, 0.3])], xLabel: "temperature")

    static func xml(_ svg: String) throws -> XMLElement {
        // The default namespace is dropped so that plain names find elements and attributes.
        let plain = svg.replacingOccurrences(of: " xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(plain != svg)
        let document = try XMLDocument(xmlString: plain, options: [])
        return try #require(document.rootElement())
    }

    static func elements(_ root: XMLElement, _ name: String) -> [XMLElement] {
        var found: [XMLElement] = []
        func walk(_ element: XMLElement) {
            if element.localName == name { found.append(element) }
            for child in element.children ?? [] { if let child = child as? XMLElement { walk(child) } }
        }
        walk(root)
        return found
    }

    static func withClass(_ root: XMLElement, _ name: String) -> [XMLElement] {
        var found: [XMLElement] = []
        func walk(_ element: XMLElement) {
            let classes = element.attribute(forName: "class")?.stringValue?.split(separator: " ") ?? []
            if classes.contains(Substring(name)) { found.append(element) }
            for child in element.children ?? [] { if let child = child as? XMLElement { walk(child) } }
        }
        walk(root)
        return found
    }

    @Test func barChartStructure() throws {
        let svg = ChartSVG.svg(Self.bar, digits: 3)
        let root = try Self.xml(svg)
        #expect(root.localName == "svg")
        #expect(root.attribute(forName: "role")?.stringValue == "img")
        #expect(root.attribute(forName: "width")?.stringValue == "100%")
        #expect(root.attribute(forName: "viewBox")?.stringValue?.hasPrefix("0 0 640 ") == true)
        // title and desc come first, for screen readers.
        let children = (root.children ?? []).compactMap { $0 as? XMLElement }
        #expect(children.prefix(2).map(\.localName) == ["title", "desc"])
        #expect(children[0].stringValue == "Softmax <vs> normalize")
        let desc = try #require(children[1].stringValue)
        #expect(desc.contains("Bar chart, 2 series over 3 categories (0, 1, 2); y is probability."))
        #expect(desc.contains("softmax: 0 → 0.09, 1 → 0.245, 2 → 0.665."))
        #expect(desc.contains("normalized & co: 0 → 0.167"))
        // 3 bars per series, a legend with both names, two axis lines, y ticks 0 … 0.7.
        #expect(Self.withClass(root, "chart-bar").count == 6)
        let legend = try #require(Self.withClass(root, "chart-legend").first)
        #expect(Self.elements(legend, "text").map(\.stringValue) == ["softmax", "normalized & co"])
        #expect(Self.elements(try #require(Self.withClass(root, "chart-axis").first), "line").count == 2)
        let ticks = Self.withClass(root, "chart-tick").flatMap { Self.elements($0, "text") }.compactMap(\.stringValue)
        #expect(ticks == ["0.0", "0.2", "0.4", "0.6", "0.8", "0", "1", "2"])
        #expect(Self.withClass(root, "chart-axis-label").compactMap(\.stringValue) == ["probability"])
        // Series colours are classes (the stylesheet's light and dark palettes), with light fallbacks.
        #expect(Self.withClass(root, "chart-s1").count == 2)
        #expect(Self.withClass(root, "chart-s2").count == 2)
    }

    @Test func oneSeriesHasNoLegend() throws {
        let root = try Self.xml(ChartSVG.svg(Self.line, digits: 3))
        #expect(Self.withClass(root, "chart-legend").isEmpty)
        #expect(Self.withClass(root, "chart-line").count == 1)
        #expect(Self.withClass(root, "chart-point").count == 4)
        let ticks = Self.withClass(root, "chart-tick").flatMap { Self.elements($0, "text") }.compactMap(\.stringValue)
        #expect(ticks == ["0.0", "0.1", "0.2", "0.3", "0", "1", "2", "3", "4"])
        #expect(Self.withClass(root, "chart-axis-label").compactMap(\.stringValue) == ["temperature"])
        let desc = try #require(Self.elements(root, "desc").first?.stringValue)
        #expect(
            desc.hasPrefix(
                "Line chart, 1 series over 4 values of temperature from 0.5 to 4.0. Values: 0.5 → 0.01, 1.0 → 0.1"))
    }

    @Test func manyPointsAreSummarised() throws {
        let x = (0..<40).map(Double.init)
        let chart = Chart(kind: .line, title: "t", x: x, series: [Chart.Series(name: "s", values: x.map { $0 * $0 })])
        let desc = ChartSVG.description(chart, digits: 3)
        #expect(desc.hasSuffix(" s: from 0.0 at 0.0 to 1520.0 at 39.0."))
        #expect(!desc.contains("→"))
        _ = try Self.xml(ChartSVG.svg(chart, digits: 3))
    }

    @Test func outputIsDeterministic() throws {
        let first = ChartSVG.svg(Self.bar, digits: 4) + ChartSVG.svg(Self.line, digits: 4)
        for _ in 0..<3 {
            #expect(ChartSVG.svg(Self.bar, digits: 4) + ChartSVG.svg(Self.line, digits: 4) == first)
        }
        // Coordinates have at most two decimals.
        let geometry = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "width", "height", "points"]
        for chart in [Self.bar, Self.line] {
            let root = try Self.xml(ChartSVG.svg(chart, digits: 4))
            for element in Self.elements(root, "rect") + Self.elements(root, "line") + Self.elements(root, "circle")
                + Self.elements(root, "polyline") + Self.elements(root, "text")
            {
                for name in geometry {
                    guard let value = element.attribute(forName: name)?.stringValue, value != "100%" else { continue }
                    let numbers = value.split(whereSeparator: { $0 == " " || $0 == "," })
                    #expect(
                        numbers.allSatisfy {
                            Double($0) != nil && ($0.split(separator: ".").dropFirst().first?.count ?? 0) <= 2
                        })
                }
            }
        }
    }

    @Test func niceTicksAndFixedNumbers() {
        #expect(ChartSVG.niceTicks(0, 0.66).values == [0, 0.2, 0.4, 0.6000000000000001, 0.8])
        #expect(ChartSVG.niceTicks(0, 0.66).decimals == 1)
        #expect(ChartSVG.niceTicks(-3, 7).values == [-4, -2, 0, 2, 4, 6, 8])
        #expect(ChartSVG.niceTicks(5, 5).values.first! < 5 && ChartSVG.niceTicks(5, 5).values.last! > 5)
        #expect(ChartSVG.niceTicks(0, 0).values.count > 1)
        #expect(ChartSVG.niceStep(0.13) == 0.2)
        #expect(ChartSVG.fixed(0.30000000000000004, decimals: 1) == "0.3")
        #expect(ChartSVG.fixed(-0.05, decimals: 2) == "-0.05")
        #expect(ChartSVG.fixed(0.001, decimals: 3) == "0.001")
        #expect(ChartSVG.fixed(12, decimals: 0) == "12")
        #expect(ChartSVG.n(12.5) == "12.5")
        #expect(ChartSVG.n(3.14159) == "3.14")
        #expect(ChartSVG.n(-0.0001) == "0")
    }

    @Test func negativeBarsHangFromZero() throws {
        let chart = Chart(
            kind: .bar, title: "gradient", labels: ["a", "b"], series: [Chart.Series(name: "", values: [-0.5, 0.5])])
        let root = try Self.xml(ChartSVG.svg(chart, digits: 3))
        let bars = Self.withClass(root, "chart-bar")
        let heights = bars.compactMap { $0.attribute(forName: "height")?.stringValue }
        #expect(heights.count == 2 && heights[0] == heights[1])
    }

    @Test func pagesShowChartsInCellsAndDescribeThemInline() {
        let source = """
            ```{swift}
            //| caption: Two ways to normalise
            let z = [1.0, 2.0, 3.0]
            barChart(series: (softmax: softmax(z), normalized: normalize(z)), labels: ["a", "b", "c"], title: "Compare")
            ```

            In words: `{swift} barChart(series: z, title: "z")`.

            """
        let (page, _) = Page.parse(source, path: "page.md")
        let evaluated = PageEvaluator.evaluate(page)
        #expect(evaluated.diagnostics.isEmpty)
        let body = PageRenderer.body(of: evaluated)
        #expect(body.contains("<figcaption>Two ways to normalise</figcaption>"))
        // The chart scrolls sideways on a phone, in a focusable, named region.
        #expect(
            body.contains(
                "<div class=\"chart-frame\" tabindex=\"0\" role=\"region\" aria-label=\"Chart: Compare\"><svg class=\"chart bar-chart\" role=\"img\""
            ))
        #expect(body.contains("<span class=\"inline-value inline-chart\">z (Bar chart, 1 series over 3 categories"))
    }

    @Test func mismatchedSeriesInAPageIsAPositionedError() {
        let source = "# P\n\n```{swift}\nbarChart(series: (a: [1.0, 2.0], b: [1.0]), title: \"x\")\n```\n"
        let (page, _) = Page.parse(source, path: "page.md")
        let diagnostics = PageEvaluator.evaluate(page).diagnostics
        #expect(
            diagnostics.map(\.description).contains {
                $0.hasPrefix("page.md:4:1: error: Fatal error: barChart: series 'a'")
            })
    }
}

/// What a block prints is shown under its code, before its values, escaped; `output: false` hides it.
@Suite struct PrintedOutputRenderingTests {
    static func body(_ source: String) -> String {
        let (page, _) = Page.parse(source, path: "page.md")
        return PageRenderer.body(of: PageEvaluator.evaluate(page))
    }

    @Test func printedOutputIsShownUnderItsBlock() {
        let body = Self.body("# P\n\n```{swift}\nprint(\"<b> & \\(1 + 1)\")\n2.5\n```\n")
        #expect(
            body.contains(
                "<pre tabindex=\"0\" role=\"region\" aria-label=\"Printed output\" class=\"cell-stdout\"><samp>&lt;b&gt; &amp; 2\n</samp></pre>"
            ))
        let stdout = body.range(of: "cell-stdout")
        let value = body.range(of: "<output class=\"scalar\">2.5</output>")
        #expect(stdout != nil && value != nil && stdout!.lowerBound < value!.lowerBound)
    }

    @Test func outputFalseHidesWhatWasPrinted() {
        let body = Self.body("# P\n\n```{swift}\n//| output: false\nprint(\"hidden\")\n```\n")
        #expect(!body.contains("hidden</samp>"))
    }
}
