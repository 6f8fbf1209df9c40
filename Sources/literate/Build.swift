import ArgumentParser
import Site

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate every page, verify its stated values, and write the static site."
    )

    @Option(help: "Folder of Markdown pages.") var content = "Content"
    @Option(help: "Folder of Mustache templates and assets/.") var templates = "Templates"
    @Option(help: "Folder the site is written to (replaced whole, only when the build succeeds).") var output = "_site"

    func run() throws {
        let options = BuildOptions(contentDirectory: content, templatesDirectory: templates, outputDirectory: output)
        let report = SiteBuilder.build(options)
        Terminal.printDiagnostics(report.diagnostics)
        if report.succeeded {
            Terminal.info(
                "Built \(report.pages) pages (\(report.blocksEvaluated) blocks evaluated, "
                    + "\(report.statedValuesChecked) stated values and \(report.derivativeChecks) derivative checks verified) "
                    + "into \(output)/ in \(Terminal.seconds(report.seconds))"
            )
        } else {
            Terminal.info(
                "Build failed: \(report.diagnostics.count { $0.severity == .error }) errors; \(output)/ was left as it was"
            )
            throw ExitCode(1)
        }
    }
}
