import Diagnostics
import Foundation
import TestSupport
import Testing

@testable import Site

/// Navigation, site.yml, tables, publishing (sitemap, 404, links that resolve) and template errors, on
/// the `site-features` fixture and on the real Content/.
@Suite struct SiteFeatureTests {
    static let root = TemporarySite.root
    static let fixture = root.appendingPathComponent("Tests/SiteTests/Fixtures/site-features/Content")

    /// Builds `content` with the real templates (unless `templates` are given) into `site`'s `output`.
    static func build(
        _ content: URL, in site: TemporarySite, templates: URL? = nil, baseURL: String? = nil, output: String = "_site"
    ) -> BuildReport {
        site.build(
            output: output, content: content, templates: templates ?? TemporarySite.repositoryTemplates,
            baseURL: baseURL)
    }

    static func read(_ file: String, in output: URL) throws -> String {
        try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8)
    }

    // MARK: site.yml

    @Test func siteConfigurationReadsEveryKey() {
        let (configuration, diagnostics) = SiteConfiguration.parse(
            "title: Docs\ndescription: 'All: of it'\nbase-url: https://example.org/a/b\nlanguage: fr-CA\n",
            file: "site.yml")
        #expect(diagnostics.isEmpty)
        #expect(
            configuration
                == SiteConfiguration(
                    title: "Docs", description: "All: of it", baseURL: "https://example.org/a/b/", language: "fr-CA"))
        #expect(SiteConfiguration.parse("", file: "site.yml").0 == SiteConfiguration())
        #expect(SiteConfiguration.parse("# only a comment\n", file: "site.yml").1.isEmpty)
    }

    @Test func siteConfigurationErrorsAreAtTheirLineAndColumn() {
        let yml = MarkedText(
            "title: Docs\nbase-url: 1️⃣/relative\n  # indented comment\n2️⃣langauge: en\nlanguage: 3️⃣'not a tag'\n",
            file: "Content/site.yml")
        let (_, diagnostics) = SiteConfiguration.parse(yml.text, file: "Content/site.yml")
        #expect(
            diagnostics.map(\.description) == [
                "\(yml.location(1)): error: site.yml 'base-url' must be an absolute http or https URL, not '/relative'",
                "\(yml.location(2)): error: unknown site.yml key 'langauge'; did you mean 'language'? "
                    + "(known: title, description, base-url, language)",
                "\(yml.location(3)): error: site.yml 'language' must be a language tag such as 'en' or 'de-CH', "
                    + "not 'not a tag'",
            ])
        let (_, structural) = SiteConfiguration.parse("- a\n- b\n", file: "s.yml")
        #expect(structural.map(\.description) == ["s.yml:1:1: error: site.yml must be a mapping of 'key: value' lines"])
        let (_, nested) = SiteConfiguration.parse("title:\n  nested: map\n", file: "s.yml")
        #expect(nested.map(\.description) == ["s.yml:2:3: error: site.yml 'title' must be text"])
        let (_, broken) = SiteConfiguration.parse("title: [unclosed\n", file: "s.yml")
        #expect(broken.first?.location?.file == "s.yml")
        #expect(broken.first?.message.hasPrefix("site.yml is not valid YAML") == true)
    }

    @Test func badSiteConfigurationFailsTheBuild() throws {
        let site = try TemporarySite()
        defer { site.remove() }
        try site.write("Content/index.md", "# Home\n")
        try site.write("Content/site.yml", "titel: Oops\n")
        let report = Self.build(site.content, in: site)
        #expect(!report.succeeded)
        #expect(
            report.diagnostics.first?.location
                == SourceLocation(file: site.content.path + "/site.yml", line: 1, column: 1))
        #expect(report.diagnostics.first?.message.contains("did you mean 'title'?") == true)
        let badFlag = Self.build(Self.fixture, in: site, baseURL: "docs.example.org", output: "flagged")
        #expect(
            badFlag.diagnostics.map(\.message) == [
                "--base-url must be an absolute http or https URL, not 'docs.example.org'"
            ])
    }

    // MARK: Navigation and pages

    @Test func pagesHaveNavigationContentsAndLanguage() throws {
        let site = try TemporarySite()
        defer { site.remove() }
        let report = Self.build(Self.fixture, in: site)
        let output = site.output()
        try #require(report.succeeded, "\(report.diagnostics)")
        let index = try Self.read("index.html", in: output)
        #expect(index.contains("<html lang=\"de-CH\">"))
        #expect(index.contains("<a class=\"skip-link\" href=\"#content\">"))
        #expect(index.contains("<main id=\"content\""))
        #expect(index.contains("<a class=\"site-title\" href=\"index.html\">Fixture Docs</a>"))
        #expect(index.contains("<p class=\"site-description\">A small site that uses every navigation"))
        // One h1: the page's own leading heading moves into the page header.
        #expect(index.components(separatedBy: "<h1").count == 2)
        #expect(index.contains("<h1>Welcome</h1>"))
        // Sidebar in navigation order, the current page marked.
        let nav = try #require(index.range(of: "<nav class=\"site-nav\"").map { index[$0.lowerBound...] })
        let order = ["index.html", "guide.html", "tables.html"].map { nav.range(of: "href=\"\($0)\"")!.lowerBound }
        #expect(order == order.sorted())
        #expect(index.contains("<li><a href=\"index.html\" aria-current=\"page\">Welcome</a></li>"))
        #expect(index.contains("<li><a href=\"guide.html\">Guide</a></li>"))
        // Contents: h2s with h3s nested.
        #expect(
            index.contains(
                "<li><a href=\"#overview\">Overview</a>\n<ul>\n<li><a href=\"#details\">Details</a></li>\n</ul>\n</li>")
        )
        #expect(index.contains("<li><a href=\"#elsewhere\">Elsewhere</a></li>"))
        // Previous and next.
        #expect(!index.contains("rel=\"prev\""))
        #expect(index.contains("<a class=\"pager-next\" rel=\"next\" href=\"guide.html\">"))
        let guide = try Self.read("guide.html", in: output)
        #expect(guide.contains("rel=\"prev\" href=\"index.html\""))
        #expect(guide.contains("rel=\"next\" href=\"tables.html\""))
        #expect(guide.contains("<title>Guide · Fixture Docs</title>"))
        #expect(guide.contains("<h1>Guide</h1>"))
        // A heading's link is dropped in the contents (no link inside a link), its code kept.
        #expect(guide.contains(">Inline <code>code</code> and a link in a heading</a></li>"))
        let tables = try Self.read("tables.html", in: output)
        #expect(!tables.contains("rel=\"next\""))
    }

    // MARK: Tables

    @Test func tablesHaveCaptionsAnchorsAndAlignedNumbers() throws {
        let site = try TemporarySite()
        defer { site.remove() }
        let report = Self.build(Self.fixture, in: site)
        let output = site.output()
        try #require(report.succeeded, "\(report.diagnostics)")
        let html = try Self.read("tables.html", in: output)
        // One table: the caption is the table's, with a link to the label's anchor.
        #expect(html.contains("<figure class=\"cell\" id=\"first-table\">\n<pre"))
        #expect(
            html.contains(
                "<table class=\"numbers columns\">\n<caption>Softmax of three logits "
                    + "<a class=\"anchor\" href=\"#first-table\" aria-label=\"Link to this result\">#</a></caption>"))
        // Two tables: the caption is the figure's.
        #expect(html.contains("<figure class=\"cell\" id=\"two-results\">\n<figcaption>Two tables, so the caption"))
        #expect(html.components(separatedBy: "<caption>").count == 2)
        #expect(html.contains("<figure class=\"cell\" id=\"jacobian\">"))
        #expect(html.contains("<thead><tr><th scope=\"col\">i</th><th scope=\"col\">logit</th>"))
        // Digits 6: 0.0900306 has 7 decimals, 0.244728 six, 0.665241 six: padded to 7 after the point.
        #expect(html.contains("<td>0.0900306</td>"))
        #expect(html.contains("<td>0.244728<span class=\"pad\" aria-hidden=\"true\">0</span></td>"))
        // 1.0 stacks over 4.59906e-10: eight hidden characters pad it to ".59906e-10".
        #expect(html.contains("<td>1.0<span class=\"pad\" aria-hidden=\"true\">00000000</span></td>"))
        // The scraper the tutorial test uses still reads every number.
        #expect(ResultScraper.numbers(after: "softmaxJacobian(z)", in: html)?.count == 9)
    }

    @Test func numbersAlignOnTheirDecimalPoint() {
        let cells = ResultHTML.alignedNumbers(["1.5", "-0.125", "nan", "3e-08", "12.25"])
        let pad = { (n: String) in "<span class=\"pad\" aria-hidden=\"true\">\(n)</span>" }
        #expect(cells == ["1.5" + pad("00"), "-0.125", "nan" + pad(".000"), "3e-08" + pad(".000"), "12.25" + pad("0")])
        // Visible width after the point is the same for every cell.
        let visible = cells.map { $0.replacingOccurrences(of: "<span class=\"pad\" aria-hidden=\"true\">", with: "") }
            .map { $0.replacingOccurrences(of: "</span>", with: "") }
        let fractions = visible.map { text in
            text.count - (text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? text.count)
        }
        #expect(Set(fractions).count == 1)
    }

    // MARK: Publishing

    @Test func sitemapAndNotFoundPageUseTheBaseURL() throws {
        let site = try TemporarySite()
        defer { site.remove() }
        let report = Self.build(Self.fixture, in: site)
        let output = site.output()
        try #require(report.succeeded, "\(report.diagnostics)")
        #expect(report.writtenFiles.contains("sitemap.xml"))
        #expect(
            try Self.read("sitemap.xml", in: output) == """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                <url><loc>https://docs.example.org/fixture/</loc></url>
                <url><loc>https://docs.example.org/fixture/guide.html</loc></url>
                <url><loc>https://docs.example.org/fixture/tables.html</loc></url>
                </urlset>

                """)
        let notFound = try Self.read("404.html", in: output)
        #expect(notFound.contains("<h1>Page not found</h1>"))
        #expect(notFound.contains("href=\"https://docs.example.org/fixture/assets/style.css\""))
        #expect(notFound.contains("href=\"https://docs.example.org/fixture/guide.html\""))
        let guide = try Self.read("guide.html", in: output)
        #expect(guide.contains("<link rel=\"canonical\" href=\"https://docs.example.org/fixture/guide.html\">"))
    }

    @Test func withoutABaseURLThereIsNoSitemapAndEveryLinkIsRelative() throws {
        let site = try TemporarySite()
        defer { site.remove() }
        try FileManager.default.createDirectory(at: site.content, withIntermediateDirectories: true)
        for name in ["index.md", "guide.md", "tables.md"] {
            try FileManager.default.copyItem(
                at: Self.fixture.appendingPathComponent(name), to: site.content.appendingPathComponent(name))
        }
        let report = Self.build(site.content, in: site)
        let output = site.output()
        try #require(report.succeeded, "\(report.diagnostics)")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("sitemap.xml").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("404.html").path))
        #expect(try LinkChecker.brokenLinks(in: output) == [])
        for file in try LinkChecker.allFiles(under: output) where file.hasSuffix(".html") {
            let html = try String(contentsOfFile: file, encoding: .utf8)
            #expect(!html.contains("href=\"/") && !html.contains("src=\"/") && !html.contains("http"), "\(file)")
            #expect(html.contains("<html lang=\"en\">"))
        }
        // --base-url turns the sitemap on.
        let withFlag = Self.build(site.content, in: site, baseURL: "http://localhost:8000", output: "flagged")
        let flagged = site.output("flagged")
        #expect(withFlag.writtenFiles.contains("sitemap.xml"))
        #expect(try Self.read("sitemap.xml", in: flagged).contains("<loc>http://localhost:8000/guide.html</loc>"))
    }

    @Test func everyLinkOfTheFixtureSiteResolves() throws {
        let site = try TemporarySite()
        defer { site.remove() }
        let report = Self.build(Self.fixture, in: site)
        let output = site.output()
        try #require(report.succeeded, "\(report.diagnostics)")
        #expect(try LinkChecker.brokenLinks(in: output, baseURL: "https://docs.example.org/fixture/") == [])
    }

    @Test func everyLinkOfTheTutorialSiteResolves() throws {
        let site = try TemporarySite()
        defer { site.remove() }
        let report = Self.build(Self.root.appendingPathComponent("Content"), in: site, baseURL: "https://example.org/")
        let output = site.output()
        try #require(report.succeeded, "\(report.diagnostics)")
        let pages = try LinkChecker.allFiles(under: output).filter { $0.hasSuffix(".html") }
        #expect(pages.count >= 3)
        #expect(try LinkChecker.brokenLinks(in: output, baseURL: "https://example.org/") == [])
    }

    @Test func theLinkCheckerFindsBrokenLinks() throws {
        let fixture = try TemporarySite()
        defer { fixture.remove() }
        let site = fixture.folder
        try fixture.write("assets/s.css", "body { background: url(missing.png); }")
        try fixture.write("b.html", "<h2 id=\"here\">x</h2>")
        let page = """
            <a href="b.html#here">ok</a><a href="b.html#gone">frag</a><a href="#self">self</a><img src="nope.png">
            <a href="/b.html">root</a><a href="https://elsewhere.org/">external</a><a href="../up.html">up</a>
            <a id="self" href="b.html?x=1&amp;y=2#here">query</a>
            """
        try fixture.write("a.html", page)
        let problems = try LinkChecker.brokenLinks(in: site)
        #expect(
            problems == [
                "a.html: b.html#gone (no id 'gone' in the target)",
                "a.html: nope.png (no such file)",
                "a.html: /b.html (root-relative; breaks under a sub-path)",
                "a.html: ../up.html (outside the site)",
                "a.html: b.html?x=1&amp;y=2#here (no such file)",
                "assets/s.css: missing.png (no such file)",
            ])
    }

    // MARK: Templates

    @Test func unknownPartialIsAnErrorAtItsTag() throws {
        let site = try Self.site(layout: "<html>\n<body>\n  {{> header}}{{{page.content}}}\n</body>\n")
        defer { site.remove() }
        let templates = site.templates
        try site.write("Templates/heder.mustache", "<header>{{site.title}}</header>\n")
        let report = Self.build(Self.fixture, in: site, templates: templates)
        #expect(
            report.diagnostics.map(\.description) == [
                "\(templates.path)/layout.mustache:3:3: error: unknown partial 'header'; did you mean 'heder'?: "
                    + "no 'header.mustache' in the templates folder"
            ])
    }

    @Test func templateSyntaxErrorNamesTheFileAndLine() throws {
        let site = try Self.site(layout: "<html>\n{{#page}}\n{{page.title}}\n</html>\n")
        defer { site.remove() }
        let templates = site.templates
        let report = Self.build(Self.fixture, in: site, templates: templates)
        let diagnostic = try #require(report.diagnostics.first)
        #expect(diagnostic.location?.file == "\(templates.path)/layout.mustache")
        #expect(diagnostic.location.map { $0.line >= 2 } == true)
        #expect(diagnostic.message.hasPrefix("template syntax error"))
    }

    /// Fuzz/Findings/FuzzTemplates/index-past-end-set-delimiter-longer-than-rest: the scanner stepped past
    /// a set-delimiter tag by the length of the new closing delimiter instead of the old one, and ran
    /// off the end of the text when the new one was longer than what was left.
    @Test func aSetDelimiterTagLongerThanTheRestIsScannedToTheEnd() {
        let finding = "{{=<{{=% %>" + String(repeating: "\u{FFFD}", count: 18) + "=}}<p%e}\0a\u{5}\n({=(>"
        #expect(TemplateTag.scan(finding).map(\.sigil) == ["="])
        let template = MarkedText("{{=<% %>=}}1️⃣<%> part %><%=[ ]=%>2️⃣[#a]3️⃣[/a]")
        let all = TemplateTag.scan(template.text)
        #expect(all.filter { $0.sigil == "=" }.map(\.name) == ["<%", "["])
        let tags = all.filter { $0.sigil != "=" }
        #expect(tags.map(\.name) == ["part", "a", "a"])
        #expect(tags.map(\.column) == [1, 2, 3].map { template.location($0).column })
    }

    /// Fuzz/Findings/FuzzTemplates/stack-overflow-delimiter-before-line-break: swift-mustache drops a
    /// `{{` that ends a line and reads the next line's tags, where the scanner took `{{` to the next
    /// `}}` as one tag; the partial on the next line was missed, and a partial including itself through
    /// it overflowed the stack.
    @Test func anOpeningDelimiterBeforeALineBreakIsNotATag() throws {
        let template = MarkedText("a{{\n1️⃣{{> a}}{{\r\n2️⃣{{#s}}{{/s}}")
        let tags = TemplateTag.scan(template.text)
        #expect(tags.map(\.name) == ["a", "s", "s"])
        #expect(
            tags.first.map { SourceLocation(file: "page.md", line: $0.line, column: $0.column) } == template.location(1)
        )
        #expect(tags.dropFirst().first.map { $0.line } == template.location(2).line)
        let site = try Self.site(layout: "{{> a}}\n{{{page.content}}}")
        defer { site.remove() }
        try site.write("Templates/a.mustache", "x{{\n<body>{{> a}}")
        do {
            _ = try SiteTemplates.load(from: site.templates.path)
            Issue.record("a partial that includes itself was loaded")
        } catch {
            #expect(
                error.diagnostics.map(\.message) == [Diagnostic.Message.partialRecursion("a", cycle: ["a", "a"]).text])
        }
    }

    /// The scan takes swift-mustache's steps: Characters (a combining mark makes `{` another character),
    /// any whitespace between set delimiters, and names read with the library's name characters, so a
    /// closing delimiter made of name characters ends no name early.
    @Test func tagsAreReadAsTheLibraryReadsThem() {
        #expect(SiteTemplates.partialReferences(in: "{{\u{301}{{> a}}").map(\.name) == ["a"])
        #expect(SiteTemplates.partialReferences(in: "{{=<%\t%>=}}<%> b %>").map(\.name) == ["b"])
        #expect(SiteTemplates.partialReferences(in: "{{=<% x=}}<%> axb x").map(\.name) == ["axb"])
        #expect(TemplateTag.scan("{{{page.content}}} {{! a {{> b}} }}{{&x}}").map(\.sigil) == ["{", "!", "&"])
        // A tag the library refuses ends the scan: the template fails to load, and nothing is rendered.
        #expect(TemplateTag.scan("{{#a b}}{{> c}}").isEmpty)
    }

    /// swift-mustache traps on an empty section closed with a one-character delimiter (its parser steps
    /// back two characters from the closing tag); such delimiters are an error at their tag, before it.
    @Test func oneCharacterDelimitersAreErrorsNotCrashes() throws {
        let site = try Self.site(layout: "{{{page.content}}}")
        defer { site.remove() }
        let layout = MarkedText(
            "x\n1️⃣{{=[ ]=}}[#s][/s]{{{page.content}}}", file: site.templates.path + "/layout.mustache")
        try site.write("Templates/layout.mustache", layout.text)
        do {
            _ = try SiteTemplates.load(from: site.templates.path)
            Issue.record("a template the library cannot parse was loaded")
        } catch {
            #expect(error.diagnostics.map(\.location) == [layout.location(1)])
            #expect(error.diagnostics.first?.says(.oneCharacterDelimiter("[")) == true)
        }
        #expect(SiteTemplates.delimiterProblems(in: "{{=<% %>=}}<%#s%><%/s%>", path: "t").isEmpty)
    }

    @Test func partialReferencesArePositioned() {
        let template = MarkedText("a\n  1️⃣{{> one}} 2️⃣{{>two}}\n3️⃣{{< parent}}{{=<% %>=}}{{>no}} 4️⃣<%> three %>")
        let references = SiteTemplates.partialReferences(in: template.text)
        #expect(references.map(\.name) == ["one", "two", "parent", "three"])
        #expect(references.map(\.line) == [1, 2, 3, 4].map { template.location($0).line })
        #expect(references.map(\.column) == [1, 2, 3, 4].map { template.location($0).column })
    }

    @Test func partialsThatIncludeThemselvesAreErrorsAtTheClosingTag() throws {
        let site = try Self.site(layout: "{{> a}}\n{{{page.content}}}")
        defer { site.remove() }
        let folder = site.templates
        try site.write("Templates/a.mustache", "x\n{{> b}}")
        let b = MarkedText("{{=<% %>=}}1️⃣<%> a %>", file: "b.mustache")
        try site.write("Templates/b.mustache", b.text)
        try site.write("Templates/self.mustache", "{{> self}}")
        #expect(throws: DiagnosticList.self) { try SiteTemplates.load(from: folder.path) }
        do {
            _ = try SiteTemplates.load(from: folder.path)
        } catch {
            let messages = error.diagnostics.map(\.description)
            #expect(messages.contains { $0.contains("\(b.location(1)):") && $0.contains("(a → b → a)") })
            #expect(messages.contains { $0.contains("self.mustache:1:1:") && $0.contains("(self → self)") })
        }
    }

    /// Fuzz/Findings/FuzzTemplates/stack-overflow-2000-nested-sections: swift-mustache parses a section
    /// by recursion, and 600 levels crashed the build with SIGSEGV. Too-deep templates are refused at
    /// the tag that goes too deep, before the parser sees them.
    @Test func sectionsNestedTooDeepAreErrorsNotCrashes() throws {
        let finding = String(repeating: "{{#a}}", count: 2000) + "x" + String(repeating: "{{/a}}", count: 2000)
        let site = try Self.site(layout: finding + "\n{{{page.content}}}")
        defer { site.remove() }
        let folder = site.templates
        // 64 levels are fine; a partial's levels add to those of the tag that includes it.
        let sixtyFour = String(repeating: "{{^b}}", count: 64) + String(repeating: "{{/b}}", count: 64)
        try site.write("Templates/deep.mustache", sixtyFour)
        let outer = MarkedText("{{#x}}\n  1️⃣{{> deep}}\n{{/x}}", file: "outer.mustache")
        try site.write("Templates/outer.mustache", outer.text)
        try site.write("Templates/plain.mustache", "{{> deep}}")
        do {
            _ = try SiteTemplates.load(from: folder.path)
            Issue.record("expected errors")
        } catch {
            let messages = error.diagnostics.map(\.description)
            #expect(messages.count == 2, "\(messages)")
            // The 65th `{{#a}}` starts at column 64 × 6 + 1.
            #expect(messages.contains { $0.contains("layout.mustache:1:385:") && $0.contains("65 levels") })
            #expect(messages.contains { $0.contains("\(outer.location(1)):") && $0.contains("'deep'") })
        }
    }

    @Test func theNavigationListIsRenderedOncePerBuildOnlyWhenThatChangesNothing() throws {
        let real = try SiteTemplates.load(from: TemporarySite.repositoryTemplates.path)
        #expect(real.navigationIsMemoizable)
        // A section that reads the page, or a partial, gets the plain list.
        #expect(!NavigationList.sectionsAreMemoizable(in: "{{#navigation}}{{title}} of {{page.title}}{{/navigation}}"))
        #expect(!NavigationList.sectionsAreMemoizable(in: "{{#navigation}}{{> item}}{{/navigation}}"))
        #expect(!NavigationList.sectionsAreMemoizable(in: "{{=<% %>=}}<%#navigation%><%page.name%><%/navigation%>"))
        #expect(NavigationList.sectionsAreMemoizable(in: "{{#navigation}}{{{site.title}}}{{! x }}{{/navigation}}"))
        // A partial included with indentation renders alike both ways in swift-mustache (the section's
        // output is one token either way).
        let site = try Self.site(layout: "<ul>\n  {{> nav}}\n</ul>\n{{{page.content}}}")
        defer { site.remove() }
        try site.write("Templates/nav.mustache", "{{#navigation}}\n<li>{{title}}</li>\n{{/navigation}}\n")
        #expect(try SiteTemplates.load(from: site.templates.path).navigationIsMemoizable)
        // Either way the pages carry the same list: every page in order, the current one marked.
        for layout in [
            "<ul>\n{{#navigation}}\n<li{{#current}} class=\"here\"{{/current}}>{{title}}</li>\n{{/navigation}}\n</ul>\n",
            "<ul>\n{{#navigation}}\n<li{{#current}} class=\"here\"{{/current}}>{{title}} ({{page.name}})</li>\n"
                + "{{/navigation}}\n</ul>\n",
        ] {
            let site = try Self.site(layout: layout)
            defer { site.remove() }
            let report = Self.build(Self.fixture, in: site, templates: site.templates)
            let output = site.output()
            try #require(report.succeeded, "\(report.diagnostics)")
            let guide = try Self.read("guide.html", in: output)
            let suffix = layout.contains("page.name") ? " (guide)" : ""
            #expect(
                guide
                    == "<ul>\n<li>Welcome\(suffix)</li>\n<li class=\"here\">Guide\(suffix)</li>\n"
                    + "<li>Tables\(suffix)</li>\n</ul>\n")
        }
    }

    /// A temporary site whose Templates/ holds only `layout` as layout.mustache.
    static func site(layout: String) throws -> TemporarySite {
        let site = try TemporarySite()
        try site.write("Templates/layout.mustache", layout)
        return site
    }
}

/// The same combining-mark case in the Site's own HTML reading (the page header's `<h1>`, heading links).
@Suite struct CombiningMarkLayoutTests {
    @Test func aLeadingHeadingStartingWithACombiningMarkGoesToTheHeader() {
        let (heading, rest) = SiteRenderer.leadingHeading(of: "<h1 id=\"a\">\u{0301}y</h1>\n<p>x</p>\n")
        #expect(heading == "\u{0301}y")
        #expect(rest == "<p>x</p>\n")
        let linked = PageRenderer.headingAnchors("<h2 id=\"b\">\u{0307}x</h2>\n")
        #expect(
            linked
                == "<h2 id=\"b\">\u{0307}x<a class=\"heading-anchor\" href=\"#b\" aria-label=\"Link to this section\"></a></h2>\n"
        )
    }
}
