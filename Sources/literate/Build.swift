import ArgumentParser
import Dispatch
import Evaluator
import Foundation
import Site

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate every page, verify its stated values, and write the static site.",
        discussion: """
            Pages are loaded, evaluated and rendered in parallel. Unchanged pages come from the cache in
            .build/literate-cache (see --cache): a page is evaluated again when its source, the Softmax
            version or the literate binary changes, and laid out again when the templates or the
            navigation (any page's title) change.
            """
    )

    @Option(help: "Folder of Markdown pages.") var content = "Content"
    @Option(help: "Folder whose files override the built-in theme (layout.mustache, partials, assets/).")
    var templates = "Templates"
    @Option(
        help: """
            Folder the site is written to (replaced whole, only when the build succeeds). Refused: the project,
            Content, Templates, a git work tree, a file, or a non-empty folder literate did not write.
            """
    )
    var output = "_site"
    @Option(help: "Folder of the incremental-build cache.") var cache = BuildDefaults.cacheDirectory
    @Flag(help: "Evaluate and render every page; neither read nor write the cache.") var noCache = false
    @Option(help: "Pages processed at once (0: one per core; 1: serial).") var jobs = 0
    @OptionGroup var pageLimits: PageLimitOptions
    @Option(help: "URL the site is published at (overrides base-url in Content/site.yml); enables sitemap.xml.")
    var baseURL: String?

    func validate() throws {
        guard jobs >= 0 else { throw ValidationError("--jobs must be 0 or more") }
        let options = BuildOptions(contentDirectory: content, templatesDirectory: templates, outputDirectory: output)
        if let refusal = OutputFolder.refusal(for: options) { throw ValidationError(refusal.text) }
    }

    func run() throws {
        let options = BuildOptions(
            contentDirectory: content, templatesDirectory: templates, outputDirectory: output,
            cacheDirectory: noCache ? nil : cache, jobs: jobs, baseURL: baseURL,
            limits: pageLimits.limits)
        let progress = ProgressLine()
        let report = runBlocking { await SiteBuilder.build(options, progress: progress.update) }
        progress.clear()
        Terminal.printDiagnostics(report.diagnostics)
        if report.succeeded {
            Terminal.info(BuildDefaults.summary(report, output: output))
            if !report.writtenFiles.contains("sitemap.xml") {
                Terminal.info("No sitemap.xml: set base-url in \(content)/site.yml or pass --base-url to write one")
            }
        } else {
            let errors = report.diagnostics.count { $0.severity == .error }
            Terminal.info("Build failed: \(errors) error\(errors == 1 ? "" : "s"); \(output)/ was left as it was")
            throw ExitCode(1)
        }
    }
}

/// What `build` and `serve` share.
enum BuildDefaults {
    /// Inside `.build/`, which `.gitignore` names and `make clean` removes.
    static let cacheDirectory = ".build/literate-cache"

    /// The final line of a build: pages built and from cache, blocks evaluated, checks, time.
    static func summary(_ report: BuildReport, output: String) -> String {
        "Built \(Terminal.count(report.pages, "page")) (\(report.pagesEvaluated) evaluated, "
            + "\(report.pagesFromCache) from cache; \(report.pagesRendered) rendered, \(report.pagesReused) unchanged) "
            + "into \(output)/ in \(Terminal.seconds(report.seconds)): "
            + "\(Terminal.count(report.counters.blocksEvaluated, "block")) evaluated, "
            + "\(Terminal.count(report.counters.statedValuesChecked, "stated value")) and "
            + "\(Terminal.count(report.counters.derivativeChecks, "derivative check")) verified"
    }
}

/// Runs async work from a synchronous command on the main thread (not a task thread), waiting for it.
func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        box.value = await work()
        done.signal()
    }
    done.wait()
    return box.value!
}

/// Carries a task's result back to the waiting thread; the semaphore orders the write before the read.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// `[evaluating] 120/1000 pages` on standard error, rewritten in place, only when standard error is a
/// terminal and the build has run for a moment; at most ten updates a second.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let enabled = isatty(STDERR_FILENO) != 0
    private let start = ContinuousClock.now
    private var last: ContinuousClock.Instant?
    private var shown = false

    func update(_ progress: BuildProgress) {
        guard enabled else { return }
        lock.withLock {
            let now = ContinuousClock.now
            guard start.duration(to: now) > .milliseconds(300) || shown else { return }
            if let last, last.duration(to: now) < .milliseconds(100), progress.done != progress.total { return }
            last = now
            shown = true
            let line = "\r\u{1B}[2K[\(progress.stage.rawValue)] \(progress.done)/\(progress.total) pages"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Erases the line, so the summary starts on a clean one.
    func clear() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            shown = false
        }
    }
}

/// `--timeout`: how long a page's program may run, for every command that runs pages.
struct PageLimitOptions: ParsableArguments {
    @Option(help: "Seconds a page's code may run before it is stopped (a page's 'timeout:' overrides it).")
    var timeout: Double = RunLimits.page.seconds

    func validate() throws {
        guard timeout > 0, timeout.isFinite else {
            throw ValidationError("--timeout must be a number of seconds above 0")
        }
    }

    var limits: RunLimits {
        var limits = RunLimits.page
        limits.seconds = timeout
        return limits
    }
}
