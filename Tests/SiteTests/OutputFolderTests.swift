import Foundation
import Testing

@testable import Site

/// A build never destroys what literate did not write: output paths that are, hold or sit inside the
/// author's files are refused before anything is written, and every file stays as it was.
@Suite struct OutputFolderTests {
    /// Every file under the fixture, with its bytes: what must survive a refused build.
    static func snapshot(_ fixture: TemporarySite) throws -> [String: Data] {
        try TemporarySite.files(under: fixture.folder)
    }

    /// Builds into `output` (relative to the fixture folder) and expects a refusal that says `reason`,
    /// with every file of the fixture unchanged.
    func expectRefused(
        _ fixture: TemporarySite, output: String, reason: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let before = try Self.snapshot(fixture)
        var options = fixture.options(output: "unused")
        options.outputDirectory = output.hasPrefix("/") ? output : fixture.folder.path + "/" + output
        let report = SiteBuilder.build(options)
        #expect(!report.succeeded, sourceLocation: sourceLocation)
        let messages = report.diagnostics.map(\.message)
        #expect(messages.count == 1, sourceLocation: sourceLocation)
        #expect(messages.first?.contains(reason) == true, "\(messages)", sourceLocation: sourceLocation)
        #expect(messages.first?.hasPrefix("refusing to write the site to") == true, sourceLocation: sourceLocation)
        #expect(try Self.snapshot(fixture) == before, "files changed", sourceLocation: sourceLocation)
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path)
        #expect(!names.contains { $0.hasPrefix(".") }, "staging left: \(names)", sourceLocation: sourceLocation)
    }

    @Test func contentTemplatesAndTheirParentAreRefused() throws {
        let fixture = try TemporarySite(pages: 2)
        defer { fixture.remove() }
        try fixture.write("Content/notes.txt", "the author's notes\n")
        try expectRefused(fixture, output: "Content", reason: "it would replace the content folder")
        try expectRefused(fixture, output: "Templates", reason: "it would replace the templates folder")
        try expectRefused(fixture, output: "Content/../Templates/.", reason: "it would replace the templates folder")
        // The folder holding both: the project.
        try expectRefused(fixture, output: ".", reason: "it would replace the content folder")
        try expectRefused(fixture, output: "Content/..", reason: "it would replace the content folder")
        try expectRefused(fixture, output: "Content/_site", reason: "it is inside the content folder")
        try expectRefused(fixture, output: "Templates/assets", reason: "it is inside the templates folder")
    }

    @Test func aSymbolicLinkToTheProjectIsRefused() throws {
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        let link = fixture.folder.deletingLastPathComponent().appendingPathComponent("link-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: fixture.folder)
        defer { try? FileManager.default.removeItem(at: link) }
        try expectRefused(fixture, output: link.path, reason: "it would replace the content folder")
        try expectRefused(fixture, output: link.path + "/Content", reason: "it would replace the content folder")
    }

    @Test func anExistingFileIsRefused() throws {
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        try Data("keep me\n".utf8).write(to: fixture.output("notes.txt"))
        try expectRefused(fixture, output: "notes.txt", reason: "it is an existing file")
    }

    @Test func aFolderLiterateDidNotWriteIsRefused() throws {
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        try FileManager.default.createDirectory(at: fixture.output("site"), withIntermediateDirectories: true)
        try Data("<p>hand-written</p>\n".utf8).write(to: fixture.output("site/index.html"))
        try expectRefused(fixture, output: "site", reason: "was not written by literate")
    }

    @Test func aGitWorkTreeIsRefusedEvenWithTheMarker() throws {
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        // A gh-pages checkout used as the output: a whole-folder swap would drop its .git.
        let site = fixture.output("site")
        try FileManager.default.createDirectory(
            at: site.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("ref: refs/heads/gh-pages\n".utf8).write(to: site.appendingPathComponent(".git/HEAD"))
        try OutputFolder.mark(site.path)
        try expectRefused(fixture, output: "site", reason: "it is a git work tree")
    }

    @Test func theWorkingDirectoryAndItsParentsAreRefused() throws {
        let options = BuildOptions(
            contentDirectory: "/p/docs/Content", templatesDirectory: "/p/docs/Templates",
            outputDirectory: "/p")
        #expect(
            OutputFolder.refusal(for: options, workingDirectory: "/p/docs")
                == .outputReplaces("/p", "the content folder", "/p/docs/Content"))
        let elsewhere = BuildOptions(
            contentDirectory: "/elsewhere/Content", templatesDirectory: "/elsewhere/T",
            outputDirectory: "/p")
        #expect(
            OutputFolder.refusal(for: elsewhere, workingDirectory: "/p/docs")
                == .outputReplaces("/p", "the working directory", "/p/docs"))
        #expect(
            OutputFolder.refusal(for: elsewhere, workingDirectory: "/p")
                == .outputReplaces("/p", "the working directory", "/p"))
        #expect(OutputFolder.refusal(for: elsewhere, workingDirectory: "/q") == nil)
        #expect(
            OutputFolder.refusal(for: BuildOptions(outputDirectory: "."), workingDirectory: "/q")
                == .outputReplaces(".", "the content folder", "Content"))
        #expect(OutputFolder.refusal(for: BuildOptions(outputDirectory: "/"), workingDirectory: "/q") != nil)
    }

    @Test func anEmptyFolderOrOurOwnSiteIsWrittenAndMarked() throws {
        let fixture = try TemporarySite(pages: 2)
        defer { fixture.remove() }
        try FileManager.default.createDirectory(at: fixture.output("site"), withIntermediateDirectories: true)
        let marker = fixture.output("site/" + OutputFolder.markerName).path

        let first = fixture.build(output: "site")
        #expect(first.diagnostics.map(\.description) == [])
        #expect(FileManager.default.fileExists(atPath: marker))
        // Again, without and with the cache: our own site is replaced.
        let second = fixture.build(output: "site")
        #expect(second.diagnostics.map(\.description) == [])
        let third = fixture.build(output: "site", cached: true)
        #expect(third.diagnostics.map(\.description) == [])
        try FileManager.default.removeItem(atPath: marker)
        // A site whose marker was removed is no longer known to be ours.
        try expectRefused(fixture, output: "site", reason: "has no \(OutputFolder.markerName) file")
    }

    @Test func canonicalPathsResolveDotsAndMissingParts() {
        #expect(OutputFolder.canonicalPath("a/./b/../c", relativeTo: "/nonexistent-root") == "/nonexistent-root/a/c")
        #expect(OutputFolder.canonicalPath("..", relativeTo: "/") == "/")
        #expect(
            OutputFolder.canonicalPath("/tmp/../tmp/x-missing/..", relativeTo: "/")
                == OutputFolder.canonicalPath("/tmp", relativeTo: "/"))
        #expect(OutputFolder.isInside("/a/b", "/a"))
        #expect(!OutputFolder.isInside("/ab", "/a"))
        #expect(OutputFolder.isInside("/a", "/"))
    }
}
