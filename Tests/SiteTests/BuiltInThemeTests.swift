import Diagnostics
import Foundation
import Testing

@testable import Site

/// A site needs only `Content/`: the theme is inside the binary, and a `Templates/` folder overrides it
/// file by file. `literate init` starts such a site.
struct BuiltInThemeTests {
    static let repositoryTemplates = BuildFixture.root.appendingPathComponent("Templates")

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "literate-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func options(_ folder: URL) -> BuildOptions {
        BuildOptions(
            contentDirectory: folder.appendingPathComponent("Content").path,
            templatesDirectory: folder.appendingPathComponent("Templates").path,
            outputDirectory: folder.appendingPathComponent("_site").path, cacheDirectory: nil)
    }

    @Test func theEmbeddedThemeIsTheRepositorysTemplatesFolder() throws {
        let files = try BuildFixture.files(under: Self.repositoryTemplates)
        #expect(Set(files.keys) == Set(BuiltInTheme.files.keys), "run python3 Scripts/embed-theme.py")
        for (name, bytes) in files {
            #expect(BuiltInTheme.data(name) == bytes, "\(name) differs: run python3 Scripts/embed-theme.py")
        }
    }

    @Test func aFolderWithOnlyContentBuildsWithTheBuiltInTheme() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try SiteScaffold.write(into: folder.path)
        let report = SiteBuilder.build(Self.options(folder))
        #expect(report.diagnostics.map(\.description) == [])
        let site = try BuildFixture.files(under: folder.appendingPathComponent("_site"))
        #expect(site["assets/style.css"] == BuiltInTheme.data("assets/style.css"))
        let index = String(decoding: try #require(site["index.html"]), as: UTF8.self)
        #expect(index.contains("<link rel=\"stylesheet\" href=\"assets/style.css\">"))
        #expect(try LinkChecker.brokenLinks(in: folder.appendingPathComponent("_site")) == [])
    }

    @Test func templatesOverrideTheThemeFileByFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try SiteScaffold.write(into: folder.path)
        let templates = folder.appendingPathComponent("Templates")
        try FileManager.default.createDirectory(
            at: templates.appendingPathComponent("assets"), withIntermediateDirectories: true)
        // Only the stylesheet, plus an asset of its own: the layout stays the built-in one.
        try Data("body { color: teal; }\n".utf8).write(to: templates.appendingPathComponent("assets/style.css"))
        try Data("x\n".utf8).write(to: templates.appendingPathComponent("assets/extra.txt"))
        #expect(SiteBuilder.build(Self.options(folder)).succeeded)
        var site = try BuildFixture.files(under: folder.appendingPathComponent("_site"))
        #expect(site["assets/style.css"] == Data("body { color: teal; }\n".utf8))
        #expect(site["assets/extra.txt"] != nil)
        #expect(String(decoding: site["index.html"]!, as: UTF8.self).contains("class=\"site-nav\""))

        // Then a layout of its own, with a partial of its own.
        try Data("<main>{{> footer}}{{{page.content}}}</main>\n".utf8).write(
            to: templates.appendingPathComponent("layout.mustache"))
        try Data("<p>my footer</p>".utf8).write(to: templates.appendingPathComponent("footer.mustache"))
        let report = SiteBuilder.build(Self.options(folder))
        #expect(report.diagnostics.map(\.description) == [])
        site = try BuildFixture.files(under: folder.appendingPathComponent("_site"))
        let index = String(decoding: site["index.html"]!, as: UTF8.self)
        #expect(index.hasPrefix("<main><p>my footer</p>"))
        #expect(!index.contains("class=\"site-nav\""))
    }

    @Test func initWritesASiteThatBuildsAndChecksAndOverwritesNothing() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try SiteScaffold.write(into: folder.appendingPathComponent("new").path)
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["site.yml", "index.md"])
        let content = folder.appendingPathComponent("new/Content")
        let check = SiteChecker.check(contentDirectory: content.path)
        #expect(check.summary.diagnostics.map(\.description) == [])
        #expect(check.summary.counters.statedValuesChecked == 1)
        let before = try BuildFixture.files(under: content)
        try Data("# Changed\n".utf8).write(to: content.appendingPathComponent("index.md"))
        #expect(throws: DiagnosticList.self) { try SiteScaffold.write(into: folder.appendingPathComponent("new").path) }
        #expect(try BuildFixture.files(under: content)["index.md"] == Data("# Changed\n".utf8))
        #expect(try BuildFixture.files(under: content).count == before.count)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("new").path) == [
                "Content"
            ])
    }
}
