import Diagnostics
import Testing

@testable import Markdown

/// Front matter built to make reading it explode, hang or crash: each gives a positioned error or
/// the right result. Their timings, at growing sizes, are in `Benchmarks/inputs/bench.py`; none is
/// asserted here.
@Suite struct HostileFrontMatterTests {
    func frontMatterErrors(_ yaml: String) -> [String] {
        let (_, diagnostics) = MarkdownDocument.parse("---\n" + yaml + "---\nText\n", file: "page.md")
        return diagnostics.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-"): \($0.message)" }
    }

    /// "Billion laughs": nine aliases of nine aliases of … would be 9^12 scalars once expanded.
    @Test func aliasBombsAreRefusedAtTheFirstAnchor() {
        var yaml = "title: t\nlol:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1..<12 {
            yaml += "  a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        #expect(
            frontMatterErrors(yaml) == ["4:7: \(Diagnostic.Message.yamlAnchorRefused("front matter"))"])
    }

    /// An alias used as a mapping key is hashed by Yams while composing: refused before that.
    @Test func aliasKeysAreRefused() {
        #expect(
            frontMatterErrors("a: &x [1, 2]\nb: {? *x : 1}\n") == [
                "2:4: \(Diagnostic.Message.yamlAnchorRefused("front matter"))"
            ])
    }

    @Test func mergeKeysAndAliasesAreRefusedAtTheirPosition() {
        #expect(
            frontMatterErrors("title: t\nbase: {<<: {a: 1}}\n") == [
                "3:8: \(Diagnostic.Message.yamlMergeKeyRefused("front matter"))"
            ])
        // An alias to an anchor that does not exist is still an alias.
        #expect(
            frontMatterErrors("title: *t\n") == [
                "2:8: \(Diagnostic.Message.yamlAliasRefused("front matter"))"
            ])
    }

    @Test func nestingDeeperThanTheLimitIsRefused() {
        let errors = frontMatterErrors("x: " + String(repeating: "[", count: 100_000) + "\n")
        #expect(errors == ["2:67: \(Diagnostic.Message.yamlTooDeep("front matter"))"])
        // 63 flow levels inside the top mapping are fine.
        #expect(
            frontMatterErrors("x: " + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "\n")
                .isEmpty)
    }

    /// Ampersands, asterisks and `<<` inside scalars, quoted or not, are text.
    @Test func indicatorsInsideScalarsAreText() {
        let yaml = "title: Tom & Jerry\nauthor: \"&a *b\"\ndescription: '<<: *c'\ndate: a*b&c\nnote: x <<\n"
        #expect(frontMatterErrors(yaml).isEmpty)
        #expect(SafeYAML.refusal(in: "a: |\n  &x *y <<: z\n") == nil)
        #expect(SafeYAML.refusal(in: "# &x *y\na: 1 # <<\n") == nil)
    }

    @Test func thousandsOfKeysAreRead() {
        let yaml = (0..<20_000).map { "key\($0): \($0)\n" }.joined()
        let (document, diagnostics) = MarkdownDocument.parse("---\n" + yaml + "---\nText\n", file: "page.md")
        #expect(diagnostics.isEmpty)
        #expect(document.frontMatter.entries.count == 20_000)
        #expect(document.frontMatter.entries.last?.location == SourceLocation(file: "page.md", line: 20_001, column: 1))
    }
}
