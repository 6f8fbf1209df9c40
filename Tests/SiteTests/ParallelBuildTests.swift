import Foundation
import Testing

@testable import Site

/// Issue 7: a parallel build writes exactly what a serial one does.
@Suite struct ParallelBuildTests {
    @Test func parallelBuildIsByteIdenticalToSerialBuild() async throws {
        let fixture = try TemporarySite(pages: 24)
        defer { fixture.remove() }
        // The real tutorial too, for its tables, MathML and stated values.
        for name in ["why-softmax.md"] {
            try FileManager.default.copyItem(
                at: TemporarySite.root.appendingPathComponent("Content/\(name)"),
                to: fixture.content.appendingPathComponent(name))
        }

        let serial = Self.serialBuild(fixture.options(output: "serial", cached: false, jobs: 1))
        let parallel = await SiteBuilder.build(fixture.options(output: "parallel", cached: false, jobs: 4))
        #expect(serial.diagnostics.map(\.description) == [])
        #expect(parallel.diagnostics.map(\.description) == [])
        #expect(serial.pages == 26)
        #expect(parallel.pages == 26)
        #expect(parallel.pagesEvaluated == 26)
        #expect(parallel.counters.blocksEvaluated == serial.counters.blocksEvaluated)
        #expect(parallel.counters.statedValuesChecked == serial.counters.statedValuesChecked)
        #expect(parallel.writtenFiles == serial.writtenFiles)

        let serialFiles = try TemporarySite.files(under: fixture.output("serial"))
        let parallelFiles = try TemporarySite.files(under: fixture.output("parallel"))
        // and the marker, the search index and the theme's assets
        let assets = try TemporarySite.files(under: fixture.templates.appendingPathComponent("assets")).count
        #expect(serialFiles.count == serial.writtenFiles.count + 2 + assets)
        #expect(serial.writtenFiles.count >= 26)
        #expect(serialFiles.keys.sorted() == parallelFiles.keys.sorted())
        for (name, bytes) in serialFiles {
            #expect(parallelFiles[name] == bytes, "\(name) differs")
        }
    }

    /// The synchronous, one-page-at-a-time driver.
    static func serialBuild(_ options: BuildOptions) -> BuildReport {
        SiteBuilder.build(options)
    }

    @Test func parallelBuildReportsErrorsOfEveryPageInOrderAndWritesNothing() async throws {
        let fixture = try TemporarySite(pages: 6)
        defer { fixture.remove() }
        try fixture.write("Content/page-002.md", "# Bad\n\n```{swift}\nsoftmax([1.0, 2.0])\n// → [0.5, 0.5]\n```\n")
        try fixture.write("Content/page-005.md", "# Bad too\n\n```{swift}\nsoftmaks([1.0])\n```\n")
        let report = await SiteBuilder.build(fixture.options(output: "out", jobs: 3))
        #expect(!report.succeeded)
        let files = report.diagnostics.compactMap { $0.location.map { ($0.file as NSString).lastPathComponent } }
        #expect(Set(files) == ["page-002.md", "page-005.md"])
        #expect(files == files.sorted())
        #expect(!FileManager.default.fileExists(atPath: fixture.output("out").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path).sorted()
        #expect(!leftovers.contains { $0.hasPrefix(".out") })
    }

    @Test func progressCountsEveryPage() async throws {
        let fixture = try TemporarySite(pages: 5)
        defer { fixture.remove() }
        let seen = ProgressRecorder()
        let report = await SiteBuilder.build(fixture.options(output: "out", cached: false, jobs: 2)) {
            seen.record($0)
        }
        #expect(report.succeeded)
        let events = seen.events
        #expect(events.filter { $0.stage == .evaluating }.map(\.done) == Array(1...6))
        let rendering = events.filter { $0.stage == .rendering }
        #expect(rendering.map(\.done) == Array(1...report.writtenFiles.count))
        #expect(rendering.allSatisfy { $0.total == report.writtenFiles.count })
        #expect(events.filter { $0.stage == .evaluating }.allSatisfy { $0.total == 6 })
    }

    @Test func digestMatchesTheStandardVectors() {
        #expect(Digest.hex(of: Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Digest.hex(of: long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var pieces = Digest()
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        for chunk in stride(from: 0, to: million.count, by: 999) {
            pieces.update(million[chunk..<min(chunk + 999, million.count)])
        }
        #expect(pieces.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

/// Collects progress events from the build's task.
final class ProgressRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [BuildProgress] = []

    func record(_ progress: BuildProgress) { lock.withLock { stored.append(progress) } }
    var events: [BuildProgress] { lock.withLock { stored } }
}
