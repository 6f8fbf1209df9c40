import ArgumentParser
import Diagnostics
import Evaluator
import Foundation
import Site

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate every page and verify its stated values and derivative checks, writing nothing.",
        discussion: """
            Each finding is printed as path:line:col: error: message. With --fix, stale stated values are
            rewritten in place in the author's own style (decimals, layout, arrow); derivative formulas are
            never rewritten. Exit status 1 when any finding remains, 0 otherwise.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "Folder of Markdown pages.") var content = "Content"
    @Flag(help: "Rewrite stale stated values in place with the computed ones.") var fix = false
    @Option(help: "Folder of the build cache, whose compiled pages check reuses.") var cache = BuildDefaults
        .cacheDirectory
    @OptionGroup var pageLimits: PageLimitOptions
    @Option(help: "How findings are printed: text, or json (one JSON object per line).") var format = Format.text

    func run() throws {
        let report =
            fix
            ? SiteChecker.fix(contentDirectory: content, cacheDirectory: cache, limits: pageLimits.limits)
            : SiteChecker.check(contentDirectory: content, cacheDirectory: cache, limits: pageLimits.limits)
        for change in report.applied {
            Terminal.info("\(change.location.file):\(change.location.line): \(change.old) → \(change.new)")
        }
        let summary = report.summary
        switch format {
        case .text: Terminal.printDiagnostics(summary.diagnostics)
        case .json: printJSON(summary.diagnostics, stale: report.staleValues)
        }
        let failures = summary.diagnostics.count { $0.severity == .error }
        var line =
            "Checked \(Terminal.count(summary.pages, "page")): "
            + "\(Terminal.count(summary.counters.statedValuesChecked, "stated value")), "
            + "\(Terminal.count(summary.counters.derivativeChecks, "derivative check")), \(Terminal.count(failures, "failure"))"
        if fix { line += ", \(report.applied.count) values rewritten" }
        Terminal.info(line + " (\(Terminal.seconds(summary.seconds)))")
        if failures > 0 { throw ExitCode(1) }
    }

    /// One object per finding, on standard output, for CI tools.
    private func printJSON(_ diagnostics: [Diagnostic], stale: [StatedValueFix]) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for diagnostic in diagnostics {
            let fix = stale.first { $0.location == diagnostic.location }
            let finding = Finding(
                file: diagnostic.location?.file,
                line: diagnostic.location?.line,
                column: diagnostic.location?.column,
                severity: diagnostic.severity.rawValue,
                message: diagnostic.message,
                stated: fix?.old,
                computed: fix?.computed
            )
            if let data = try? encoder.encode(finding) {
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }

    struct Finding: Encodable {
        var file: String?
        var line: Int?
        var column: Int?
        var severity: String
        var message: String
        var stated: String?
        var computed: String?
    }
}
