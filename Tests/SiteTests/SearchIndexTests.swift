import Foundation
import Markdown
import Markup
import Testing

@testable import Site

/// Issue 17: the search index (`search-index.js`) holds every visible page's title, link and sections,
/// with plain text a reader searches; it is rebuilt exactly when a page's body or title changes; the
/// theme's search script and partial stay small and work without the network.
@Suite struct SearchIndexTests {
    /// The index a build wrote, decoded: one `(title, href, [(anchor, heading, text)])` per page.
    typealias Entry = (title: String, href: String, sections: [(anchor: String, heading: String, text: String)])

    static func entries(in output: URL) throws -> [Entry] {
        let script = try String(contentsOf: output.appendingPathComponent(SearchIndex.file), encoding: .utf8)
        let prefix = "window.literateSearch = "
        let start = try #require(script.range(of: prefix)).upperBound
        let end = try #require(script.range(of: ";\n", options: .backwards)).lowerBound
        let object = try JSONSerialization.jsonObject(with: Data(script[start..<end].utf8)) as? [String: Any]
        let pages = try #require(object?["pages"] as? [[String: Any]])
        return try pages.map { page in
            let sections = try #require(page["sections"] as? [[String]])
            return (
                try #require(page["title"] as? String), try #require(page["href"] as? String),
                sections.map { ($0[0], $0[1], $0[2]) }
            )
        }
    }

    /// A page with everything the index must read through: sections, entities, math, code, computed
    /// tables, raw HTML.
    static let richPage = """
        ---
        title: Gradients & more
        order: 0
        ---

        # Gradients & more

        Intro with an entity: caf&eacute; &lt;tag&gt; and *emphasis* in soft<em>max</em>.

        ## First section

        Inline math $z_i = 3$ reads as text; the sum $$\\sum_{j=1}^n e^{z_j} \\tag{7}$$ too.

        ```{swift}
        let secretCodeWord = [1.0, 2.0]
        softmax(secretCodeWord)
        ```

        ### A subsection with `code`

        Text after the code.<span aria-hidden="true">invisible</span> <!-- a comment -->

        <div hidden>hiddentext</div>

        #### A fourth-level heading stays in its section

        Last words.

        """

    @Test func theIndexHoldsEveryVisiblePageWithSectionsWhoseAnchorsResolve() throws {
        let fixture = try TemporarySite(pages: 2)
        defer { fixture.remove() }
        try fixture.write("Content/gradients.md", Self.richPage)
        try fixture.write("Content/a page#1.md", "---\ntitle: Odd name\n---\n\nBody of the odd page.\n")
        try fixture.write("Content/draft.md", "---\ntitle: Draft\ndraft: true\n---\n\nNot published.\n")
        let report = fixture.build(output: "out")
        try #require(report.succeeded, "\(report.diagnostics)")
        let output = fixture.output("out")
        let entries = try Self.entries(in: output)

        // Navigation order; the draft is left out; links are percent-encoded page files.
        #expect(entries.map(\.title) == ["Synthetic site", "Gradients & more", "Lesson 1", "Lesson 2", "Odd name"])
        #expect(
            entries.map(\.href) == [
                "index.html", "gradients.html", "page-001.html", "page-002.html", "a%20page%231.html",
            ])
        #expect(!report.writtenFiles.contains(SearchIndex.file))  // counted as assets are: not among the pages

        let page = entries[1]
        #expect(page.sections.map(\.anchor) == ["", "first-section", "a-subsection-with-code"])
        #expect(page.sections.map(\.heading) == ["", "First section", "A subsection with code"])
        let intro = page.sections[0].text
        #expect(intro == "Intro with an entity: café <tag> and emphasis in softmax.")
        let first = page.sections[1].text
        #expect(first.hasPrefix("Inline math zi = 3 reads as text; the sum ∑ j = 1nezj too."))
        #expect(!first.contains("secretCodeWord"))  // code and its computed table are left out
        #expect(!first.contains("(7)"))  // and the equation's number
        let last = page.sections[2].text
        #expect(last == "Text after the code. A fourth-level heading stays in its section Last words.")

        // Every section's link resolves: the page exists and has an element with the section's id.
        for entry in entries {
            let html = try String(
                contentsOf: output.appendingPathComponent(entry.href.removingPercentEncoding!), encoding: .utf8)
            for section in entry.sections where !section.anchor.isEmpty {
                #expect(html.contains("id=\"\(HTML.escape(section.anchor))\""), "\(entry.href)#\(section.anchor)")
            }
        }
        #expect(entries[2].sections.count == 1)
        #expect(entries[2].sections[0].text.contains("Softmax turns logits into probabilities"))
    }

    @Test func textIsPlainAndBoundedWhateverTheMarkup() {
        let long = String(repeating: "word ", count: 5000)
        let body = """
            <h1>Title</h1>
            <p>a &amp; b &#228; &#x1F600; &bogus; &#0; 5 < 6 &</p>
            <h2 id="long">\(String(repeating: "Heading ", count: 100))</h2>
            <p>\(long)</p>
            <h3 class="x" id='q&quot;uote'>Q <a class="anchor" href="#q">#</a><a class="heading-anchor" href="#q">¶</a></h3>
            <pre><code>code</code></pre><svg><text>chart</text></svg><script>x()</script>
            <table class="numbers"><tr><td>1.5</td></tr></table><table><tr><td>kept</td><td>cell</td></tr></table>
            <p>x<br>y<img alt="pic" src="p.png">z</p>
            <h2>No id</h2><p>math <math alttext="a^2"><msup><mi>a</mi><mn>2</mn></msup></math> end</p>
            <div><div aria-hidden="true"><div>hidden</div></div>shown</div>
            <p>unclosed <b>bold
            """
        let sections = SearchIndex.sections(of: body)
        #expect(sections.map(\.anchor) == ["", "long", "q\"uote"])
        #expect(sections[0].heading == "")
        #expect(sections[0].text == "a & b ä 😀 &bogus; \u{FFFD} 5 < 6 &")
        #expect(sections[1].heading.count <= SearchIndex.maxHeading)
        #expect(sections[1].text.count <= SearchIndex.maxText)
        #expect(sections[1].text.count > SearchIndex.maxText - 40)
        #expect(sections[1].text.hasSuffix("word"))
        #expect(sections[2].heading == "Q")
        #expect(sections[2].text == "kept cell x y z No id math a^2 end shown unclosed bold")
    }

    @Test func theScriptIsValidJSONInsideAndCannotEndAScriptElement() throws {
        let index = SearchIndex(pages: [
            .init(
                title: "A \"quoted\" </script> title\u{2028}", href: "a.html",
                sections: [.init(anchor: "", heading: "", text: "back\\slash\ttab\u{1}")])
        ])
        let script = index.javaScript
        #expect(!script.contains("</script"))
        #expect(!script.contains("\u{2028}"))
        let json = script[script.range(of: "= ")!.upperBound..<script.range(of: ";\n", options: .backwards)!.lowerBound]
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let page = try #require((object?["pages"] as? [[String: Any]])?.first)
        #expect(page["title"] as? String == "A \"quoted\" </script> title\u{2028}")
        #expect((page["sections"] as? [[String]])?.first?[2] == "back\\slash\ttab\u{1}")
    }

    /// With a session, as `literate serve` builds: unchanged pages' entries are kept in memory.
    @Test func theIndexFollowsBodiesAndTitlesButNotTheLayout() async throws {
        let fixture = try TemporarySite(pages: 4)
        defer { fixture.remove() }
        let session = BuildSession()
        let out = fixture.output("out")
        func inode() throws -> Int? {
            try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(SearchIndex.file).path)[
                .systemFileNumber] as? Int
        }
        _ = await SiteBuilder.build(fixture.options(output: "out"), session: session)
        let first = try inode()

        // Nothing changed: the index is kept (linked), not written again.
        _ = await SiteBuilder.build(fixture.options(output: "out"), session: session)
        #expect(try inode() == first)

        // A template change re-renders every page but leaves the index.
        let layout = fixture.templates.appendingPathComponent("layout.mustache")
        let text = try String(contentsOf: layout, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "</body>", with: "<footer>changed</footer>\n</body>").utf8)
            .write(to: layout)
        _ = await SiteBuilder.build(fixture.options(output: "out"), session: session)
        #expect(try inode() == first)

        // A prose edit and a new title are in the next index, as in a build from nothing.
        try fixture.write("Content/page-003.md", TemporarySite.page(3) + "\nA sentence about zebras.\n")
        let edited = await SiteBuilder.build(fixture.options(output: "out"), session: session)
        #expect(edited.pagesRendered == 1)
        #expect(try Self.entries(in: out)[3].sections[0].text.hasSuffix("A sentence about zebras."))
        try fixture.write("Content/page-002.md", TemporarySite.page(2, title: "Renamed lesson"))
        _ = await SiteBuilder.build(fixture.options(output: "out"), session: session)
        #expect(try Self.entries(in: out).map(\.title).contains("Renamed lesson"))
        let fresh = await SiteBuilder.build(fixture.options(output: "fresh", cached: false))
        try #require(fresh.succeeded)
        #expect(
            try Data(contentsOf: out.appendingPathComponent(SearchIndex.file))
                == Data(contentsOf: fixture.output("fresh").appendingPathComponent(SearchIndex.file)))
    }

    @Test func theIndexIsAGeneratedFileNoPageCanReplace() {
        let renderer = SiteRenderer(
            templates: try! SiteTemplates.load(from: "/nonexistent"), pages: [], configuration: SiteConfiguration())
        #expect(renderer.generatedFiles.contains(SearchIndex.file))
        #expect(!renderer.extraFiles.contains(SearchIndex.file))  // written with the assets, not laid out
        // Pages are always `.html`, so none can be written to the index's name; the check still covers it.
        #expect(!SearchIndex.file.hasSuffix(".html"))
    }

    @Test func theSearchScriptIsSmallAndThePartialDegradesWithoutScripting() throws {
        let script = try #require(BuiltInTheme.data("assets/search.js"))
        #expect(script.count < 15 * 1024)
        let partial = try #require(BuiltInTheme.data("search.mustache"))
        let text = String(decoding: partial, as: UTF8.self)
        #expect(text.contains("<form class=\"site-search\" role=\"search\" hidden"))
        #expect(text.contains("<label"))
        #expect(text.contains("role=\"status\""))
        #expect(text.contains("<script src=\"{{assets}}/search.js\" defer></script>"))
        // The script and the index it loads are our own: no network addresses, no `fetch` (blocked on file://).
        let source = String(decoding: script, as: UTF8.self)
        #expect(!source.contains("http"))
        #expect(!source.contains("fetch("))
        #expect(!source.contains("innerHTML"))
    }

    @Test func aLayoutWithTheSearchPartialLinksOnlyToFilesTheSiteHas() throws {
        let fixture = try TemporarySite(pages: 2)
        defer { fixture.remove() }
        let layout = fixture.templates.appendingPathComponent("layout.mustache")
        let text = try String(contentsOf: layout, encoding: .utf8)
        if !text.contains("{{> search}}") {
            try Data(text.replacingOccurrences(of: "</header>", with: "{{> search}}\n</header>").utf8).write(to: layout)
        }
        let report = fixture.build(output: "out")
        try #require(report.succeeded, "\(report.diagnostics)")
        let output = fixture.output("out")
        let page = try String(contentsOf: output.appendingPathComponent("page-001.html"), encoding: .utf8)
        #expect(page.contains("data-index=\"search-index.js\""))
        #expect(page.contains("<script src=\"assets/search.js\" defer></script>"))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("assets/search.js").path))
        #expect(try LinkChecker.brokenLinks(in: output) == [])
    }
}
