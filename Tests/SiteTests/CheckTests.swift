import Diagnostics
import Foundation
import TestSupport
import Testing

@testable import Site

/// `literate check` and `--fix` on fixture documents whose drifts are known.
@Suite struct CheckTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A site with a private copy of a fixture's Content/, so --fix can rewrite it.
    static func copy(_ fixture: String) throws -> TemporarySite {
        let site = try TemporarySite()
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("\(fixture)/Content"), to: site.content)
        return site
    }

    static func findings(_ report: CheckReport, relativeTo content: URL) -> [String] {
        report.summary.diagnostics.map { diagnostic in
            diagnostic.description.replacingOccurrences(of: content.path + "/", with: "")
        }
    }

    @Test func essayFindingsAreExactlyItsWrongClaims() throws {
        let site = try Self.copy("essay-claims")
        defer { site.remove() }
        let content = site.content
        let report = SiteChecker.check(contentDirectory: content.path)
        #expect(
            Self.findings(report, relativeTo: content) == [
                // The essay's softmax of [2, 5, 1]: 0.91 and 0.043 are wrong (0.047 is right).
                "index.md:25:6: error: element [1]: stated 0.91, computed 0.93623955 (off by 0.026); 1 more element differs",
                // The essay's equation (5), 1/Σz − p_i, disagrees with the numerical derivative.
                "index.md:39:1: error: derivative check failed at z = [2.0, 5.0, 1.0]: ∂f_1/∂z_1 stated -0.5, "
                    + "numerical 0.046875 (max error 0.55, tolerance 7.6e-10)",
            ])
        #expect(report.summary.counters.statedValuesChecked == 4)
        #expect(report.summary.counters.derivativeChecks == 3)
        // The essay's stale softmax can be rewritten; its wrong formula cannot.
        #expect(report.staleValues.map(\.new) == ["[0.047, 0.94, 0.017]"])
    }

    @Test func checkReadsSiteConfigurationToo() throws {
        let site = try Self.copy("drift")
        defer { site.remove() }
        let content = site.content
        try site.write("Content/site.yml", "title: Drift\ntitel: typo\n")
        let findings = Self.findings(SiteChecker.check(contentDirectory: content.path), relativeTo: content)
        #expect(findings.contains { $0.hasPrefix("site.yml:2:1: error: ") && $0.contains("titel") })
    }

    @Test func driftFindingsNameEachValue() throws {
        let site = try Self.copy("drift")
        defer { site.remove() }
        let content = site.content
        let report = SiteChecker.check(contentDirectory: content.path)
        #expect(
            Self.findings(report, relativeTo: content) == [
                "index.md:11:6: error: element [1]: stated 0.244738, computed 0.24472847 (off by 9.5e-06)",
                "index.md:12:19: error: stated 3.42, computed 3.407606",
                "index.md:14:7: error: stated 0.6, computed 0.66524096",
                "index.md:17:52: error: stated 0.25, computed 0.24472847",
                "index.md:18:48: error: stated 3.1e-09, computed 2.0611536e-09",
                "index.md:23:6: error: element [0][0]: stated 0.21, computed 0.19661193 (off by 0.013)",
            ])
    }

    @Test func fixRewritesOnlyStatedValuesAndIsIdempotent() throws {
        let site = try Self.copy("drift")
        defer { site.remove() }
        let content = site.content
        let page = content.appendingPathComponent("index.md")
        let before = try String(contentsOf: page, encoding: .utf8)

        let fixed = SiteChecker.fix(contentDirectory: content.path)
        #expect(fixed.summary.diagnostics.map(\.description) == [])
        #expect(
            fixed.applied.map { "\($0.location.line): \($0.old) → \($0.new)" } == [
                "11: [0.090031, 0.244738, 0.665241] → [0.090031, 0.244728, 0.665241]",
                "12: 3.42 → 3.41",
                "14: 0.6 → 0.7",
                "17: 0.25 → 0.24",
                "18: 3.1e-09 → 2.1e-09",
                "23: [[0.21, -0.20],\n//    [-0.20, 0.20]] → [[0.20, -0.20],\n//    [-0.20, 0.20]]",
            ])
        let after = try String(contentsOf: page, encoding: .utf8)
        let changedLines = zip(before.split(separator: "\n"), after.split(separator: "\n")).filter { $0 != $1 }
        #expect(before.split(separator: "\n").count == after.split(separator: "\n").count)
        #expect(changedLines.count == 6)
        #expect(after.contains("softmax(z).max()!\n// => 0.7\n"))
        #expect(after.contains("`{swift} softmax([0.0, 20.0])[0] → 2.1e-09`"))

        #expect(SiteChecker.check(contentDirectory: content.path).summary.diagnostics.isEmpty)
        let again = SiteChecker.fix(contentDirectory: content.path)
        #expect(again.applied.isEmpty)
        #expect(try String(contentsOf: page, encoding: .utf8) == after)
    }

    @Test func fixNeverRewritesDerivativeFormulas() throws {
        let site = try Self.copy("essay-claims")
        defer { site.remove() }
        let content = site.content
        let fixed = SiteChecker.fix(contentDirectory: content.path)
        #expect(fixed.applied.count == 1)
        #expect(fixed.summary.diagnostics.count == 1)
        #expect(fixed.summary.diagnostics.first?.message.hasPrefix("derivative check failed") == true)
    }
}

@Suite struct StatedValueRewriterTests {
    @Test func keepsDecimalsLayoutAndNotation() {
        #expect(StatedValueRewriter.rewrite("0.25", with: [0.2447]) == "0.24")
        #expect(StatedValueRewriter.rewrite("[0.250,  0.75]", with: [0.3, 0.7]) == "[0.300,  0.70]")
        #expect(StatedValueRewriter.rewrite("1.5e-05", with: [2.26e-5]) == "2.3e-05")
        #expect(StatedValueRewriter.rewrite("1.50E+3", with: [1234]) == "1.23E+3")
        #expect(StatedValueRewriter.rewrite("3", with: [4]) == "4")
        #expect(StatedValueRewriter.rewrite("-0.5", with: [0.5]) == "0.5")
        #expect(StatedValueRewriter.rewrite("inf", with: [-.infinity]) == "-inf")
        #expect(StatedValueRewriter.rewrite("0.5", with: [.nan]) == "nan")
    }

    @Test func neverCollapsesASmallValueToZeros() {
        #expect(StatedValueRewriter.rewrite("0.25", with: [0.0012]) == "0.0012")
    }

    @Test func refusesAnotherShape() {
        #expect(StatedValueRewriter.rewrite("[0.1, 0.9]", with: [0.1, 0.2, 0.7]) == nil)
    }
}

/// `check --fix` rewrites in place: columns count Unicode scalars, several edits may share a line, and
/// text that moved since it was read is refused, never overwritten.
@Suite struct SourceEditorTests {
    @Test func editsLandAtScalarColumnsAndRefuseMovedText() throws {
        let site = try TemporarySite()
        defer { site.remove() }
        let marked = MarkedText("é → 1️⃣0.5 and 🙂 → 2️⃣2\nsecond → 3️⃣7\n", file: site.url("editor.md").path)
        let original = marked.text
        let file = try site.write("editor.md", original)
        let edits = [
            SourceEditor.Edit(location: marked.location(1), old: "0.5", new: "0.25"),
            SourceEditor.Edit(location: marked.location(2), old: "2", new: "3"),
            SourceEditor.Edit(location: marked.location(3), old: "7", new: "8"),
        ]
        try SourceEditor.apply(edits, to: file.path, expecting: original)
        let fixed = try String(contentsOf: file, encoding: .utf8)
        #expect(fixed == "é → 0.25 and 🙂 → 3\nsecond → 8\n")
        let moved = [SourceEditor.Edit(location: .init(file: file.path, line: 1, column: 4), old: "0.25", new: "1")]
        #expect(throws: DiagnosticList.self) { try SourceEditor.apply(moved, to: file.path, expecting: fixed) }
        #expect(try String(contentsOf: file, encoding: .utf8) == fixed)
    }
}
