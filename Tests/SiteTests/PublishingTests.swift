import Diagnostics
import Foundation
import Testing

@testable import Site

/// What a build publishes comes from inside the author's folders, links to each page whatever its name,
/// and never collides silently with a file the site generates.
struct PublishingTests {
    static func failure(_ fixture: TemporarySite, output: String = "out") -> [String] {
        let report = fixture.build(output: output)
        #expect(!report.succeeded)
        #expect(!FileManager.default.fileExists(atPath: fixture.output(output).path))
        return report.diagnostics.map(\.description)
    }

    /// A file outside the fixture's folders, holding a secret.
    static func secret(_ fixture: TemporarySite) throws -> URL {
        let secret = fixture.folder.appendingPathComponent("secret.txt")
        try Data("the author's private key\n".utf8).write(to: secret)
        return secret
    }

    @Test func aPageLinkedFromOutsideTheContentFolderIsRefused() throws {
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        let secret = try Self.secret(fixture)
        try FileManager.default.createSymbolicLink(
            atPath: fixture.content.appendingPathComponent("leak.md").path, withDestinationPath: secret.path)
        let messages = Self.failure(fixture)
        #expect(messages.contains { $0.contains("leak.md' is a symbolic link to '") && $0.contains("outside") })
    }

    @Test func aLinkInsideTheContentFolderIsAPage() throws {
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        try FileManager.default.createSymbolicLink(
            atPath: fixture.content.appendingPathComponent("alias.md").path, withDestinationPath: "page-001.md")
        let report = fixture.build(output: "out")
        #expect(report.diagnostics.map(\.description) == [])
        #expect(FileManager.default.fileExists(atPath: fixture.output("out/alias.html").path))
    }

    @Test func templateFilesAndAssetsLinkedFromOutsideAreRefused() throws {
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        let secret = try Self.secret(fixture)
        let assets = fixture.templates.appendingPathComponent("assets")
        // A file, then a whole folder, then a partial.
        try FileManager.default.createSymbolicLink(
            atPath: assets.appendingPathComponent("key.css").path, withDestinationPath: secret.path)
        #expect(Self.failure(fixture).contains { $0.contains("key.css' is a symbolic link") })
        try FileManager.default.removeItem(at: assets.appendingPathComponent("key.css"))

        let outside = fixture.folder.appendingPathComponent("outside-assets")
        try FileManager.default.moveItem(at: assets, to: outside)
        try FileManager.default.createSymbolicLink(atPath: assets.path, withDestinationPath: outside.path)
        #expect(Self.failure(fixture).contains { $0.contains("assets' is a symbolic link") })
        try FileManager.default.removeItem(at: assets)
        try FileManager.default.moveItem(at: outside, to: assets)

        try FileManager.default.createSymbolicLink(
            atPath: fixture.templates.appendingPathComponent("leak.mustache").path, withDestinationPath: secret.path)
        #expect(Self.failure(fixture).contains { $0.contains("leak.mustache' is a symbolic link") })
    }

    @Test func assetsLinkedWithinTheTemplatesFolderAreCopiedAsFiles() throws {
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        let assets = fixture.templates.appendingPathComponent("assets")
        try FileManager.default.createSymbolicLink(
            atPath: assets.appendingPathComponent("copy.css").path, withDestinationPath: "style.css")
        let report = fixture.build(output: "out")
        #expect(report.diagnostics.map(\.description) == [])
        let copy = fixture.output("out/assets/copy.css").path
        let attributes = try FileManager.default.attributesOfItem(atPath: copy)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(
            FileManager.default.contents(atPath: copy)
                == FileManager.default.contents(atPath: assets.path + "/style.css"))
    }

    @Test func aPageNamedLikeAGeneratedFileIsAnErrorAtThePage() throws {
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        try fixture.write("Content/404.md", "# My own not-found page\n")
        let messages = Self.failure(fixture)
        #expect(
            messages.contains {
                $0.hasPrefix(fixture.content.path + "/404.md:1:1: error:") && $0.contains("'404.html'")
            })
    }

    @Test func everyPageNameLinksToItsPage() throws {
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        let names = ["a#b", "what?", "100%", "two words", "javascript:alert(1)", "é", "line\nbreak"]
        for name in names { try fixture.write("Content/\(name).md", "# Page \(name)\n\nText.\n") }
        let report = fixture.build(output: "out")
        #expect(report.diagnostics.map(\.description) == [])
        #expect(try LinkChecker.brokenLinks(in: fixture.output("out")) == [])
        let index = try String(contentsOf: fixture.output("out/index.html"), encoding: .utf8)
        #expect(index.contains("href=\"a%23b.html\""))
        #expect(index.contains("href=\"javascript%3Aalert%281%29.html\""))
        #expect(!index.contains("href=\"javascript:"))
    }

    @Test func headingMarkupIsNotCopiedIntoTheContents() throws {
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        try fixture.write(
            "Content/page-001.md",
            "# Title\n\n## A *marked* <img src=x alt=\"y\" width=9> [link](other.html) and $x^2$\n\nText.\n")
        let report = fixture.build(output: "out")
        #expect(report.diagnostics.map(\.description) == [])
        let page = try String(contentsOf: fixture.output("out/page-001.html"), encoding: .utf8)
        let contents = try #require(page.firstRange(of: "<nav class=\"toc\"")).upperBound
        let toc = page[contents...].prefix { _ in true }.components(separatedBy: "</nav>")[0]
        #expect(toc.contains("A <em>marked</em>  link and <math"))
        #expect(!toc.contains("<img"))
        #expect(!toc.contains("width"))
        #expect(!toc.contains("other.html"))
    }
}
