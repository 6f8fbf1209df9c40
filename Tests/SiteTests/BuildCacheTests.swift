import Evaluator
import Foundation
import Testing

@testable import Site

/// Issue 7: the incremental build re-evaluates and re-renders only what changed, and never trusts a
/// damaged cache.
@Suite struct BuildCacheTests {
    /// A build without any cache, for the bytes every cached build must reproduce.
    static func fresh(_ fixture: TemporarySite, into name: String) async throws -> [String: Data] {
        let report = await SiteBuilder.build(fixture.options(output: name, cached: false))
        try #require(report.succeeded, "\(report.diagnostics)")
        return try TemporarySite.files(under: fixture.output(name))
    }

    @Test func unchangedSiteIsNeitherEvaluatedNorRendered() async throws {
        let fixture = try TemporarySite(pages: 8)
        defer { fixture.remove() }
        let first = await SiteBuilder.build(fixture.options(output: "out"))
        #expect(first.pagesEvaluated == 9)
        let outputs = first.writtenFiles.count  // the pages, plus files such as 404.html
        #expect(first.pagesRendered == outputs)
        let before = try TemporarySite.files(under: fixture.output("out"))

        let second = await SiteBuilder.build(fixture.options(output: "out"))
        #expect(second.diagnostics.map(\.description) == [])
        #expect(second.pages == 9)
        #expect(second.pagesEvaluated == 0)
        #expect(second.pagesFromCache == 9)
        #expect(second.counters.blocksEvaluated == 0)
        #expect(second.pagesRendered == 0)
        #expect(second.pagesReused == outputs)
        #expect(second.counters.statedValuesChecked == first.counters.statedValuesChecked)
        #expect(try TemporarySite.files(under: fixture.output("out")) == before)
        #expect(before == (try await Self.fresh(fixture, into: "reference")))
    }

    @Test func editedPageIsTheOnlyOneEvaluatedAndRendered() async throws {
        let fixture = try TemporarySite(pages: 8)
        defer { fixture.remove() }
        let outputs = await SiteBuilder.build(fixture.options(output: "out")).writtenFiles.count
        try fixture.write("Content/page-003.md", TemporarySite.page(3) + "\nOne more sentence.\n")
        let report = await SiteBuilder.build(fixture.options(output: "out"))
        #expect(report.pagesEvaluated == 1)
        #expect(report.pagesFromCache == 8)
        #expect(report.counters.blocksEvaluated == 2)
        #expect(report.pagesRendered == 1)
        #expect(report.pagesReused == outputs - 1)
        #expect(
            try TemporarySite.files(under: fixture.output("out")) == (try await Self.fresh(fixture, into: "reference")))
    }

    /// The runs kept in the cache: their names (program keys) and modification times.
    static func runs(_ fixture: TemporarySite) throws -> [String: Date] {
        let folder = fixture.cache.appendingPathComponent("runs").path
        var runs: [String: Date] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/" + name)
            runs[name] = attributes[.modificationDate] as? Date
        }
        return runs
    }

    @Test func aProseEditReusesTheCompiledRunAndACodeEditReplacesIt() async throws {
        let fixture = try TemporarySite(pages: 3)
        defer { fixture.remove() }
        _ = await SiteBuilder.build(fixture.options(output: "out"))
        let first = try Self.runs(fixture)
        #expect(first.count == 3)  // the three lessons; the index has no code

        // Prose only: the page is evaluated again, but its program's run comes from the cache.
        try fixture.write("Content/page-002.md", TemporarySite.page(2) + "\nOne more sentence.\n")
        let prose = await SiteBuilder.build(fixture.options(output: "out"))
        #expect(prose.diagnostics.map(\.description) == [])
        #expect(prose.pagesEvaluated == 1)
        #expect(try Self.runs(fixture) == first)

        // Code: a new run replaces the old one, which no page uses any more.
        try fixture.write(
            "Content/page-002.md", TemporarySite.page(2).replacingOccurrences(of: "let z = [1.0", with: "let z = [1.5"))
        let code = await SiteBuilder.build(fixture.options(output: "out"))
        #expect(code.diagnostics.map(\.description) == [])
        let after = try Self.runs(fixture)
        #expect(after.count == 3)
        #expect(Set(after.keys).subtracting(first.keys).count == 1)
        let html = try String(contentsOf: fixture.output("out/page-002.html"), encoding: .utf8)
        #expect(html.contains("1.5"))
    }

    @Test func incrementalBuildSwapsInANewFolderLinkingWhatIsUnchanged() async throws {
        let fixture = try TemporarySite(pages: 6)
        defer { fixture.remove() }
        _ = await SiteBuilder.build(fixture.options(output: "out"))
        let out = fixture.output("out")
        func inode(_ path: String) throws -> Int? {
            try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        }
        let folderBefore = try inode(out.path)
        try FileManager.default.removeItem(at: fixture.content.appendingPathComponent("page-005.md"))
        try fixture.write("Content/page-002.md", TemporarySite.page(2) + "\nAn added sentence.\n")
        let assets = fixture.templates.appendingPathComponent("assets")
        try Data("body { color: black; }\n".utf8).write(to: assets.appendingPathComponent("extra.css"))
        let report = await SiteBuilder.build(fixture.options(output: "out"))
        try #require(report.succeeded, "\(report.diagnostics)")
        // Same bytes as a build from nothing: the deleted page's file is gone, the new asset is there, and
        // no temporary file is left behind; the folder was swapped for a new one.
        let files = try TemporarySite.files(under: out)
        #expect(files["page-005.html"] == nil)
        #expect(files["assets/extra.css"] != nil)
        #expect(files == (try await Self.fresh(fixture, into: "reference")))
        #expect(try inode(out.path) != folderBefore)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path)
        #expect(!siblings.contains { $0.hasPrefix(".out.") })

        try FileManager.default.removeItem(at: assets.appendingPathComponent("extra.css"))
        _ = await SiteBuilder.build(fixture.options(output: "out"))
        #expect(try TemporarySite.files(under: out)["assets/extra.css"] == nil)

        // A prose edit re-renders its own page; the others are the same files (hard links), not copies.
        let unchangedBefore = try inode(out.path + "/page-001.html")
        try fixture.write("Content/page-003.md", TemporarySite.page(3) + "\nAnother sentence.\n")
        let edit = await SiteBuilder.build(fixture.options(output: "out"))
        #expect(edit.pagesRendered == 1)
        #expect(try inode(out.path + "/page-001.html") == unchangedBefore)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path).filter { $0.hasPrefix(".out.") }
                == [])
    }

    @Test func failedIncrementalBuildChangesNothing() async throws {
        let fixture = try TemporarySite(pages: 4)
        defer { fixture.remove() }
        _ = await SiteBuilder.build(fixture.options(output: "out"))
        let before = try TemporarySite.files(under: fixture.output("out"))
        try fixture.write("Content/page-001.md", TemporarySite.page(1) + "\nA new sentence.\n")
        try fixture.write("Content/page-003.md", TemporarySite.page(3) + "\n```{swift}\nsoftmax(undefinedName)\n```\n")
        let report = await SiteBuilder.build(fixture.options(output: "out"))
        #expect(!report.succeeded)
        #expect(try TemporarySite.files(under: fixture.output("out")) == before)
    }

    @Test func changedTitleRerendersEveryPageButEvaluatesOnlyItsOwn() async throws {
        let fixture = try TemporarySite(pages: 5)
        defer { fixture.remove() }
        _ = await SiteBuilder.build(fixture.options(output: "out"))
        try fixture.write("Content/page-004.md", TemporarySite.page(4, title: "A renamed lesson"))
        let report = await SiteBuilder.build(fixture.options(output: "out"))
        #expect(report.pagesEvaluated == 1)
        #expect(report.pagesRendered == report.writtenFiles.count)  // every navigation shows the new title
        let files = try TemporarySite.files(under: fixture.output("out"))
        let index = String(decoding: try #require(files["index.html"]), as: UTF8.self)
        #expect(index.contains("A renamed lesson"))
        #expect(files == (try await Self.fresh(fixture, into: "reference")))
    }

    @Test func templateChangeRerendersWithoutEvaluating() async throws {
        let fixture = try TemporarySite(pages: 6)
        defer { fixture.remove() }
        _ = await SiteBuilder.build(fixture.options(output: "out"))
        let layout = fixture.templates.appendingPathComponent("layout.mustache")
        let text = try String(contentsOf: layout, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "</body>", with: "<footer>changed</footer>\n</body>").utf8)
            .write(to: layout)

        let report = await SiteBuilder.build(fixture.options(output: "out"))
        #expect(report.diagnostics.map(\.description) == [])
        #expect(report.pagesEvaluated == 0)
        #expect(report.pagesFromCache == 7)
        #expect(report.counters.blocksEvaluated == 0)
        #expect(report.pagesRendered == report.writtenFiles.count)
        #expect(report.pagesReused == 0)
        let files = try TemporarySite.files(under: fixture.output("out"))
        #expect(
            String(decoding: try #require(files["page-001.html"]), as: UTF8.self).contains("<footer>changed</footer>"))
        #expect(files == (try await Self.fresh(fixture, into: "reference")))
    }

    @Test(arguments: ["flip", "truncate", "garbage", "empty"])
    func corruptCacheFileIsIgnored(damage: String) async throws {
        let fixture = try TemporarySite(pages: 4)
        defer { fixture.remove() }
        _ = await SiteBuilder.build(fixture.options(output: "out"))
        let pages = fixture.cache.appendingPathComponent("pages")
        let entries = try FileManager.default.contentsOfDirectory(atPath: pages.path).sorted()
        #expect(entries.count == 5)
        let victim = pages.appendingPathComponent(entries[2])
        var bytes = try [UInt8](Data(contentsOf: victim))
        switch damage {
        case "flip": bytes[bytes.count - 20] ^= 0x01  // a count near the end: only the checksum notices
        case "truncate": bytes.removeLast(bytes.count / 3)
        case "garbage": bytes = Array("not a cache file".utf8)
        default: bytes = []
        }
        try Data(bytes).write(to: victim)
        // The output manifest too, so nothing can be taken from the previous output either.
        for manifest in try FileManager.default.contentsOfDirectory(
            atPath: fixture.cache.appendingPathComponent("outputs").path)
        {
            try Data("damaged".utf8).write(to: fixture.cache.appendingPathComponent("outputs/\(manifest)"))
        }

        let report = await SiteBuilder.build(fixture.options(output: "out"))
        #expect(report.diagnostics.map(\.description) == [])
        #expect(report.pagesEvaluated == 1)
        #expect(report.pagesFromCache == 4)
        #expect(report.pagesRendered == report.writtenFiles.count)
        #expect(
            try TemporarySite.files(under: fixture.output("out")) == (try await Self.fresh(fixture, into: "reference")))
        // The damaged entry was replaced by a good one.
        let again = await SiteBuilder.build(fixture.options(output: "out"))
        #expect(again.pagesEvaluated == 0)
        #expect(again.pagesReused == again.writtenFiles.count)
    }

    @Test func outputFileEditedByHandIsRenderedAgain() async throws {
        let fixture = try TemporarySite(pages: 3)
        defer { fixture.remove() }
        _ = await SiteBuilder.build(fixture.options(output: "out"))
        try Data("edited by hand".utf8).write(to: fixture.output("out").appendingPathComponent("page-002.html"))
        let report = await SiteBuilder.build(fixture.options(output: "out"))
        #expect(report.pagesEvaluated == 0)
        #expect(report.pagesRendered == 1)
        #expect(
            try TemporarySite.files(under: fixture.output("out")) == (try await Self.fresh(fixture, into: "reference")))
    }

    @Test func pageWithErrorsIsNotCachedAndFailsAgain() async throws {
        let fixture = try TemporarySite(pages: 3)
        defer { fixture.remove() }
        try fixture.write("Content/page-002.md", "# Bad\n\n```{swift}\nsoftmax([1.0, 2.0])\n// → [0.5, 0.5]\n```\n")
        let first = await SiteBuilder.build(fixture.options(output: "out"))
        let second = await SiteBuilder.build(fixture.options(output: "out"))
        #expect(!first.succeeded)
        #expect(!second.succeeded)
        #expect(second.diagnostics == first.diagnostics)
        #expect(second.pagesEvaluated == 1)
        #expect(second.pagesFromCache == 3)
    }

    @Test func sessionSkipsUntouchedFilesAndSeesEdits() async throws {
        let fixture = try TemporarySite(pages: 4)
        defer { fixture.remove() }
        let session = BuildSession()
        let first = await SiteBuilder.build(fixture.options(output: "out", cached: false), session: session)
        #expect(first.pagesEvaluated == 5)
        try fixture.write("Content/page-001.md", TemporarySite.page(1) + "\nEdited.\n")
        let second = await SiteBuilder.build(fixture.options(output: "out", cached: false), session: session)
        #expect(second.pagesEvaluated == 1)
        #expect(second.pagesFromCache == 4)
        let html = try String(
            contentsOf: fixture.output("out").appendingPathComponent("page-001.html"), encoding: .utf8)
        #expect(html.contains("Edited."))
    }

    @Test func cacheEntryRoundTripsAndRejectsAnotherKey() throws {
        var metadata = PageMetadata()
        metadata.title = "T"
        metadata.order = -3
        metadata.author = "A"
        let page = CachedPage(
            key: "k", path: "Content/p.md", summary: PageSummary(name: "p", title: "T", metadata: metadata),
            body: PageBody(
                html: "<h2 id=\"a\">A</h2><p>é</p>",
                contents: [
                    .init(level: 2, anchor: "a", html: "A"), .init(level: 3, anchor: "b", html: "<code>b</code>"),
                ]),
            counters: Counters(blocksEvaluated: 2, statedValuesChecked: 1, derivativeChecks: 0),
            diagnostics: [.warning(at: .init(file: "Content/p.md", line: 3, column: 4), "careful")], runKey: "r")
        #expect(CachedPage.decode(page.encode()) == page)
        let fixture = try TemporarySite()
        defer { fixture.remove() }
        let cache = BuildCache(directory: fixture.cache.path)
        cache.store(page)
        #expect(cache.load(key: "k", path: "Content/p.md") == page)
        #expect(cache.load(key: "k", path: "Content/other.md") == nil)
        #expect(cache.load(key: "missing", path: "Content/p.md") == nil)
    }
}
