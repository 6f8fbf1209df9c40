import Diagnostics
import Foundation
import Testing

@testable import Site

/// A site needs only `Content/`: the theme is inside the binary, and a `Templates/` folder overrides it
/// file by file. `literate init` starts such a site.
struct BuiltInThemeTests {
    @Test func theEmbeddedThemeIsTheRepositorysTemplatesFolder() throws {
        let files = try TemporarySite.files(under: TemporarySite.repositoryTemplates)
        // A file added to Templates/ is listed in Package.swift's Site resources and in BuiltInTheme.files.
        #expect(Set(files.keys) == Set(BuiltInTheme.files.keys))
        for (name, bytes) in files {
            #expect(BuiltInTheme.data(name) == bytes, "\(name)")
        }
    }

    @Test func aFolderWithOnlyContentBuildsWithTheBuiltInTheme() throws {
        let fixture = try TemporarySite()
        defer { fixture.remove() }
        _ = try SiteScaffold.write(into: fixture.folder.path)
        let report = fixture.build()
        #expect(report.diagnostics.map(\.description) == [])
        let site = try TemporarySite.files(under: fixture.output())
        #expect(site["assets/style.css"] == BuiltInTheme.data("assets/style.css"))
        let index = String(decoding: try #require(site["index.html"]), as: UTF8.self)
        #expect(index.contains("<link rel=\"stylesheet\" href=\"assets/style.css\">"))
        #expect(try LinkChecker.brokenLinks(in: fixture.output()) == [])
    }

    @Test func templatesOverrideTheThemeFileByFile() throws {
        let fixture = try TemporarySite()
        defer { fixture.remove() }
        _ = try SiteScaffold.write(into: fixture.folder.path)
        // Only the stylesheet, plus an asset of its own: the layout stays the built-in one.
        try fixture.write("Templates/assets/style.css", "body { color: teal; }\n")
        try fixture.write("Templates/assets/extra.txt", "x\n")
        #expect(fixture.build().succeeded)
        var site = try TemporarySite.files(under: fixture.output())
        #expect(site["assets/style.css"] == Data("body { color: teal; }\n".utf8))
        #expect(site["assets/extra.txt"] != nil)
        #expect(String(decoding: site["index.html"]!, as: UTF8.self).contains("class=\"site-nav\""))

        // Then a layout of its own, with a partial of its own.
        try fixture.write("Templates/layout.mustache", "<main>{{> footer}}{{{page.content}}}</main>\n")
        try fixture.write("Templates/footer.mustache", "<p>my footer</p>")
        let report = fixture.build()
        #expect(report.diagnostics.map(\.description) == [])
        site = try TemporarySite.files(under: fixture.output())
        let index = String(decoding: site["index.html"]!, as: UTF8.self)
        #expect(index.hasPrefix("<main><p>my footer</p>"))
        #expect(!index.contains("class=\"site-nav\""))
    }

    @Test func initWritesASiteThatBuildsAndChecksAndOverwritesNothing() throws {
        let fixture = try TemporarySite()
        defer { fixture.remove() }
        let written = try SiteScaffold.write(into: fixture.url("new").path)
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["site.yml", "index.md"])
        let content = fixture.url("new/Content")
        let check = SiteChecker.check(contentDirectory: content.path)
        #expect(check.summary.diagnostics.map(\.description) == [])
        #expect(check.summary.counters.statedValuesChecked == 1)
        let before = try TemporarySite.files(under: content)
        try Data("# Changed\n".utf8).write(to: content.appendingPathComponent("index.md"))
        #expect(throws: DiagnosticList.self) { try SiteScaffold.write(into: fixture.url("new").path) }
        #expect(try TemporarySite.files(under: content)["index.md"] == Data("# Changed\n".utf8))
        #expect(try TemporarySite.files(under: content).count == before.count)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: fixture.url("new").path) == [
                "Content"
            ])
    }
}
