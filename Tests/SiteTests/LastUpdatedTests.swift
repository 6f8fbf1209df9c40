import Foundation
import Testing

@testable import Site

/// "Last updated" comes from the page file's last commit when the site is in git, else from front
/// matter `date` (when no byline shows it already).
struct LastUpdatedTests {
    @Test func gitLogIsReadNewestFirst() {
        let log = "\u{0}2026-03-04\n\nb.md\n\u{0}2025-01-02\n\na.md\nb.md\nsub/c.md\n"
        #expect(LastCommitDates.parse(log) == ["a.md": "2025-01-02", "b.md": "2026-03-04"])
    }

    @Test func aCommittedPageShowsItsLastCommitDate() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/git") else { return }
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        try fixture.write("Content/dated.md", "---\ndate: Spring 2024\n---\n# Dated\n\nText.\n")
        func git(_ arguments: String..., date: String = "2021-05-06T10:00:00Z") throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = ["-C", fixture.folder.path] + arguments
            process.environment = [
                "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "a",
                "GIT_COMMITTER_EMAIL": "a@example.org", "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "git \(arguments)")
        }
        // Not in git yet: the front matter's date.
        var report = fixture.build(output: "out")
        #expect(report.succeeded)
        var page = try String(contentsOf: fixture.output("out/dated.html"), encoding: .utf8)
        #expect(page.contains("<p class=\"updated\">Last updated Spring 2024</p>"))

        try git("init", "-q")
        try git("add", "Content")
        try git("commit", "-q", "-m", "first")
        try fixture.write("Content/page-001.md", TemporarySite.page(1) + "\nMore.\n")
        try git("commit", "-q", "-am", "second", date: "2022-07-08T10:00:00Z")
        report = fixture.build(output: "out", cached: true)
        #expect(report.succeeded)
        page = try String(contentsOf: fixture.output("out/dated.html"), encoding: .utf8)
        #expect(page.contains("Last updated <time datetime=\"2021-05-06\">2021-05-06</time>"))
        let edited = try String(contentsOf: fixture.output("out/page-001.html"), encoding: .utf8)
        #expect(edited.contains("Last updated <time datetime=\"2022-07-08\">2022-07-08</time>"))
    }
}
