import Diagnostics
import Foundation

/// Where a build reads and writes.
public struct BuildOptions: Sendable {
    public var contentDirectory: String
    public var templatesDirectory: String
    public var outputDirectory: String

    public init(
        contentDirectory: String = "Content", templatesDirectory: String = "Templates",
        outputDirectory: String = "_site"
    ) {
        self.contentDirectory = contentDirectory
        self.templatesDirectory = templatesDirectory
        self.outputDirectory = outputDirectory
    }
}

/// What a build or check did; the command line prints it.
public struct BuildReport: Sendable {
    public var pages = 0
    public var blocksEvaluated = 0
    public var statedValuesChecked = 0
    public var derivativeChecks = 0
    public var diagnostics: [Diagnostic] = []
    public var seconds = 0.0
    /// The files written, relative to the output folder (empty for a check or a failed build).
    public var writtenFiles: [String] = []

    public var succeeded: Bool { !diagnostics.hasErrors }
}

/// The whole pipeline: load → parse → evaluate → render → write.
public enum SiteBuilder {
    /// Builds the site. On any error nothing is written and the previous output stays as it was.
    public static func build(_ options: BuildOptions) -> BuildReport {
        let start = ContinuousClock.now
        var report = BuildReport()
        do {
            let templates = try SiteTemplates.load(from: options.templatesDirectory)
            let evaluated = try evaluateAll(options.contentDirectory, into: &report)
            guard report.succeeded else { return report }
            let files = SiteRenderer(templates: templates, pages: evaluated.filter { !$0.page.metadata.draft }).render()
            let assets = (options.templatesDirectory as NSString).appendingPathComponent("assets")
            try SiteWriter.write(files, copying: assets, to: options.outputDirectory)
            report.writtenFiles = files.keys.sorted()
        } catch {
            report.diagnostics += error.diagnostics
        }
        report.seconds = start.duration(to: .now).seconds
        return report
    }

    static func evaluateAll(_ contentDirectory: String, into report: inout BuildReport) throws(DiagnosticList)
        -> [EvaluatedPage]
    {
        let (pages, loadDiagnostics) = try ContentLoader.load(from: contentDirectory)
        report.diagnostics += loadDiagnostics
        let evaluated = pages.map(PageEvaluator.evaluate)
        for page in evaluated {
            report.pages += 1
            report.blocksEvaluated += page.blocksEvaluated
            report.statedValuesChecked += page.statedValuesChecked
            report.derivativeChecks += page.derivativeChecks
            report.diagnostics += page.diagnostics
        }
        report.diagnostics.sort {
            ($0.location ?? .init(file: "", line: 0, column: 0)) < ($1.location ?? .init(file: "", line: 0, column: 0))
        }
        return evaluated
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
