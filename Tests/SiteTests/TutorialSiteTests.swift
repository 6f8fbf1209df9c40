import Foundation
import Markdown
import Markup
import Testing

@testable import Site

/// Builds the real tutorial and compares its numbers with NumPy's (Reference/essay_numbers.py).
@Suite(.serialized) struct TutorialSiteTests {
    /// Builds the real Content/ with the real Templates/ into a temporary site's `_site`; the caller
    /// removes the site.
    static func buildTutorial() throws -> (BuildReport, TemporarySite) {
        let site = try TemporarySite()
        let report = site.build(
            content: TemporarySite.root.appendingPathComponent("Content"), templates: TemporarySite.repositoryTemplates)
        return (report, site)
    }

    @Test func tutorialBuildsWithoutDiagnostics() throws {
        let (report, site) = try Self.buildTutorial()
        defer { site.remove() }
        let output = site.output()
        #expect(report.diagnostics.map(\.description) == [])
        #expect(report.pages == 3)
        #expect(report.counters.derivativeChecks == 1)
        #expect(report.counters.statedValuesChecked == 10)
        for file in ["index.html", "why-softmax.html", "authoring.html", "assets/style.css"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), "\(file)")
        }
        // The guide's GFM tables are tables, each in a named scroll box, and a cell holds a computed value.
        let guide = try String(contentsOf: output.appendingPathComponent("authoring.html"), encoding: .utf8)
        #expect(!guide.contains("<p>| key | effect |"))
        #expect(guide.contains("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table (1 of"))
        #expect(guide.contains("<th>key</th>\n<th>effect</th>"))
        #expect(guide.contains("<td align=\"right\"><span class=\"inline-value\""))
    }

    @Test func essayNumbersMatchNumPy() throws {
        let (report, site) = try Self.buildTutorial()
        defer { site.remove() }
        let output = site.output()
        try #require(report.succeeded, "\(report.diagnostics)")
        let html = try String(contentsOf: output.appendingPathComponent("why-softmax.html"), encoding: .utf8)
        let referenceURL = TemporarySite.root.appendingPathComponent("Tests/SiteTests/Reference/essay-numbers.json")
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: referenceURL)) as! [String: Any]
        #expect(reference.count == 7)
        for (expression, expected) in reference {
            let shown = try #require(ResultScraper.numbers(after: expression, in: html), "no result for \(expression)")
            let flat = ResultScraper.flatten(expected)
            #expect(shown.count == flat.count, "\(expression)")
            for (got, want) in zip(shown, flat) {
                // Eight significant digits are shown, so the printed value is within 5e-8 relative.
                #expect(abs(got - want) <= 6e-8 * abs(want) + 1e-300, "\(expression): shown \(got), NumPy \(want)")
            }
        }
    }

    @Test func failedBuildLeavesThePreviousSiteUntouched() throws {
        let fileManager = FileManager.default
        let site = try TemporarySite()
        defer { site.remove() }
        let output = site.output()
        try site.write("_site/index.html", "old site")
        try OutputFolder.mark(output.path)  // an earlier build's site
        try site.write("Content/index.md", "# Broken\n\n```{swift}\nsoftmax([1.0, 2.0])\n// → [0.5, 0.5]\n```\n")
        let report = site.build(templates: TemporarySite.repositoryTemplates)
        #expect(!report.succeeded)
        #expect(report.diagnostics.first?.location?.line == 5)
        let kept = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(kept == "old site")
        let leftovers = try fileManager.contentsOfDirectory(atPath: site.folder.path).sorted()
        #expect(leftovers == ["Content", "_site"])
        #expect(try fileManager.contentsOfDirectory(atPath: output.path).sorted() == [".literate-site", "index.html"])
    }
}

/// Reads the numbers the page shows for one expression: the table or number after its label.
enum ResultScraper {
    static func numbers(after expression: String, in html: String) -> [Double]? {
        let label = "<code class=\"result-expr\">\(HTML.escape(expression))</code>"
        guard let start = html.range(of: label) else { return nil }
        let rest = html[start.upperBound...]
        let end = rest.range(of: "</div>\n")?.lowerBound ?? rest.endIndex
        let chunk = String(rest[..<end])
        var values: [Double] = []
        var scanner = chunk[...]
        for opener in ["<td>", "<output class=\"scalar\">"] {
            scanner = chunk[...]
            while let open = scanner.range(of: opener) {
                let after = scanner[open.upperBound...]
                guard let close = after.firstIndex(of: "<") else { break }
                if let value = Double(after[..<close].replacingOccurrences(of: "&minus;", with: "-")) {
                    values.append(value)
                }
                scanner = after[close...]
            }
            if !values.isEmpty { break }
        }
        return values
    }

    static func flatten(_ value: Any) -> [Double] {
        if let number = value as? Double { return [number] }
        if let number = value as? NSNumber { return [number.doubleValue] }
        if let array = value as? [Any] { return array.flatMap(flatten) }
        return []
    }
}
