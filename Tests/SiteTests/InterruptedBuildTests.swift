import Foundation
import Testing

@testable import Site

/// A build interrupted at any moment (SIGKILL, a full disk) leaves the output as the whole old site or the
/// whole new one, never a mix, and the next build removes whatever the interrupted one left beside it.
@Suite(.serialized) struct InterruptedBuildTests {
    /// The `literate` binary `swift test` built beside the test bundle.
    static var literate: URL? {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [folder, TemporarySite.root.appendingPathComponent(".build/debug")]
        return candidates.map { $0.appendingPathComponent("literate") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// A prose-only site of `pages` pages (no blocks, so a build is quick and spends its time writing),
    /// every page saying `version`.
    static func writeProse(_ fixture: TemporarySite, pages: Int, version: String, paragraphs: Int = 3) throws {
        for number in 1...pages {
            let text = (1...paragraphs).map { "Paragraph \($0) of page \(number), \(version)." }
            try fixture.write(
                "Content/" + String(format: "page-%03d.md", number),
                "---\ntitle: Page \(number)\n---\n\n\(text.joined(separator: "\n\n"))\n")
        }
    }

    static func start(_ binary: URL, _ fixture: TemporarySite, output: String, cache: Bool) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.currentDirectoryURL = fixture.folder
        process.arguments = ["build", "--output", output] + (cache ? [] : ["--no-cache"])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func killedAtAnyMomentTheOutputIsTheOldSiteOrTheNew() throws {
        let binary = try #require(Self.literate, "the literate binary is built by `swift test`")
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        let versions = ["version A", "version B"]
        var snapshots: [[String: Data]] = []
        var seconds: [Double] = []
        for version in versions {
            try Self.writeProse(fixture, pages: 300, version: version)
            let start = Date()
            let build = try Self.start(binary, fixture, output: "reference-\(snapshots.count)", cache: false)
            build.waitUntilExit()
            seconds.append(Date().timeIntervalSince(start))
            try #require(build.terminationStatus == 0)
            snapshots.append(try TemporarySite.files(under: fixture.output("reference-\(snapshots.count)")))
        }
        #expect(snapshots[0] != snapshots[1])
        try Self.writeProse(fixture, pages: 300, version: versions[0])
        let first = try Self.start(binary, fixture, output: "out", cache: false)
        first.waitUntilExit()

        // Kill each build at a random moment of its run (and some after it ended); after each kill the
        // output must equal one of the two complete sites. The range of delays follows the build's
        // speed (other tests may be running): shorter after a build that finished, longer after a kill.
        var generator = SystemRandomNumberGenerator()
        var scale = seconds.max()! * 1.1
        var outcomes: Set<Int> = []
        for round in 0..<16 {
            try Self.writeProse(fixture, pages: 300, version: versions[(round + 1) % 2])
            let build = try Self.start(binary, fixture, output: "out", cache: round % 2 == 0)
            usleep(UInt32(Double.random(in: 0...scale, using: &generator) * 1_000_000))
            kill(build.processIdentifier, SIGKILL)
            build.waitUntilExit()
            scale *= build.terminationReason == .exit ? 0.8 : 1.25
            let files = try TemporarySite.files(under: fixture.output("out"))
            let match = snapshots.firstIndex(of: files)
            #expect(match != nil, "round \(round): the output is neither the old site nor the new one")
            if let match { outcomes.insert(match) }
        }
        // Both outcomes were seen, so kills landed before and after the swap.
        #expect(outcomes.count == 2)
        // The next build removes what the killed ones left beside the output.
        let last = try Self.start(binary, fixture, output: "out", cache: true)
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path)
        #expect(siblings.filter { $0.hasPrefix(".out.") } == [])
    }

    @Test func aFullDiskLeavesTheOldSiteAndNoTemporaries() async throws {
        guard getuid() == 0 else { return }  // mounting a small tmpfs needs root
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        let disk = fixture.folder.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        guard Self.run("/bin/mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", disk.path) == 0 else { return }
        defer { _ = Self.run("/bin/umount", disk.path) }

        try Self.writeProse(fixture, pages: 10, version: "small")
        var options = fixture.options(output: "disk/out")
        options.cacheDirectory = nil
        let small = await SiteBuilder.build(options)
        try #require(small.succeeded, "\(small.diagnostics)")
        let before = try TemporarySite.files(under: disk.appendingPathComponent("out"))

        // Far more than 512 KiB of pages.
        try Self.writeProse(fixture, pages: 200, version: "large", paragraphs: 200)
        let large = await SiteBuilder.build(options)
        #expect(!large.succeeded)
        #expect(large.diagnostics.contains { $0.message.contains("No space left on device") })
        #expect(try TemporarySite.files(under: disk.appendingPathComponent("out")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path) == ["out"])
    }

    static func run(_ executable: String, _ arguments: String...) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
