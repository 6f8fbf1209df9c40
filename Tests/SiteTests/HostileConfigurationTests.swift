import Diagnostics
import Markdown
import Testing

@testable import Site

/// `site.yml` and front matter built to make reading them explode: each gives a short, positioned
/// report. Timings at growing sizes are in `Benchmarks/inputs/bench.py`, not asserted here.
@Suite struct HostileConfigurationTests {
    func messages(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-"): \($0.message)" }
    }

    @Test func siteYAMLAliasBombsAndMergeKeysAreRefused() {
        var bomb = "title: t\nx:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1..<12 {
            bomb += "  a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        #expect(
            messages(SiteConfiguration.parse(bomb, file: "site.yml").1) == [
                "3:7: site.yml may not use YAML anchors ('&name'): write each value out"
            ])
        #expect(
            messages(SiteConfiguration.parse("title: t\n<<: {description: d}\n", file: "site.yml").1) == [
                "2:1: site.yml may not use YAML merge keys ('<<'): write each key out"
            ])
        #expect(
            messages(
                SiteConfiguration.parse("x: " + String(repeating: "{a: ", count: 1_000) + "\n", file: "site.yml").1
            )
            .first?.hasSuffix("site.yml nests lists and mappings more than 64 levels deep") == true)
    }

    /// 20,000 unknown keys: ten reported one by one, the eleventh counts the rest.
    @Test func thousandsOfUnknownSiteKeysGiveAShortReport() {
        let text = "title: t\n" + (0..<20_000).map { "key\($0): x\n" }.joined()
        let found = messages(SiteConfiguration.parse(text, file: "site.yml").1)
        #expect(found.count == 11)
        #expect(found.first?.hasPrefix("2:1: unknown site.yml key 'key0'") == true)
        #expect(found.last?.hasPrefix("12:1: unknown site.yml key 'key10'") == true)
        #expect(found.last?.hasSuffix("; 19989 more unknown keys after it are not listed") == true)
    }

    @Test func thousandsOfUnknownFrontMatterKeysGiveAShortReport() {
        let yaml = "title: t\n" + (0..<20_000).map { "key\($0): \($0)\n" }.joined() + "digits: 40\n"
        let (document, _) = MarkdownDocument.parse("---\n" + yaml + "---\nText\n", file: "page.md")
        let (metadata, diagnostics) = PageMetadata.read(document.frontMatter)
        let found = messages(diagnostics)
        #expect(metadata.title == "t")
        // Ill-typed known keys are still reported, after the unknown ones.
        #expect(found.count == 12)
        #expect(found[10].hasPrefix("13:1: unknown front matter key 'key10'"))
        #expect(found[10].hasSuffix("; 19989 more unknown keys after it are not listed"))
        #expect(found[11] == "20003:1: front matter 'digits' must be an integer from 1 to 17")
    }

    /// A typo is still suggested; a key far longer than any known one is not compared with them.
    @Test func suggestionsOnlyForPlausibleTypos() {
        let (typo, _) = MarkdownDocument.parse("---\ntitel: t\n---\n", file: "page.md")
        #expect(messages(PageMetadata.read(typo.frontMatter).1).first?.contains("did you mean 'title'?") == true)
        let long = String(repeating: "title", count: 200)  // YAML allows implicit keys up to 1,024 characters
        let (document, _) = MarkdownDocument.parse("---\n\(long): t\n---\n", file: "page.md")
        let found = messages(PageMetadata.read(document.frontMatter).1)
        #expect(found.count == 1)
        #expect(found.first?.contains("unknown front matter key") == true)
        #expect(found.first?.contains("did you mean") == false)
    }
}
