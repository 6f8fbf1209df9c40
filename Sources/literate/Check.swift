import ArgumentParser
import Site

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate every page and verify its stated values and derivative checks, writing nothing."
    )

    @Option(help: "Folder of Markdown pages.") var content = "Content"

    func run() throws {
        let report = SiteBuilder.check(contentDirectory: content)
        Terminal.printDiagnostics(report.diagnostics)
        let failures = report.diagnostics.count { $0.severity == .error }
        Terminal.info(
            "Checked \(report.pages) pages: \(report.statedValuesChecked) stated values, "
                + "\(report.derivativeChecks) derivative checks, \(failures) failures (\(Terminal.seconds(report.seconds)))"
        )
        if failures > 0 { throw ExitCode(1) }
    }
}
