import Diagnostics
import Evaluator
import Foundation

/// Where a build reads and writes, where it caches, and how many pages it works on at once.
public struct BuildOptions: Sendable {
    public var contentDirectory: String
    public var templatesDirectory: String
    public var outputDirectory: String
    /// The incremental-build cache (the command line uses `.build/literate-cache`); nil evaluates and
    /// renders every page and keeps nothing.
    public var cacheDirectory: String?
    /// Pages loaded, evaluated and rendered at once by ``SiteBuilder/build(_:session:progress:)``;
    /// 0 means one per processor core.
    public var jobs: Int
    /// Where the site is published (overrides `site.yml`'s `base-url`); enables `sitemap.xml`.
    public var baseURL: String?
    /// Time, memory and output limits of each page's program.
    public var limits: RunLimits

    public init(
        contentDirectory: String = "Content", templatesDirectory: String = "Templates",
        outputDirectory: String = "_site", cacheDirectory: String? = nil, jobs: Int = 0,
        baseURL: String? = nil, limits: RunLimits = .page
    ) {
        self.contentDirectory = contentDirectory
        self.templatesDirectory = templatesDirectory
        self.outputDirectory = outputDirectory
        self.cacheDirectory = cacheDirectory
        self.jobs = jobs
        self.baseURL = baseURL
        self.limits = limits
    }

    var effectiveJobs: Int { jobs > 0 ? jobs : max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// What a build or check did; the command line prints it.
public struct BuildReport: Sendable {
    /// Pages found (drafts included), evaluated now or taken from the cache.
    public var pages = 0
    /// Pages whose code ran in this build.
    public var pagesEvaluated = 0
    /// Pages whose evaluation came from the cache (unchanged source, same versions).
    public var pagesFromCache = 0
    /// Output pages laid out through the templates in this build.
    public var pagesRendered = 0
    /// Output pages kept from the previous build unchanged (same page, templates and navigation).
    public var pagesReused = 0
    /// `{swift}` blocks run in this build (cached pages run none); stated values and derivative checks
    /// that hold for the whole site (cached pages' included).
    public var counters = Counters()
    public var diagnostics: [Diagnostic] = []
    public var seconds = 0.0
    /// The page files of the site, relative to the output folder (empty for a check or a failed build).
    public var writtenFiles: [String] = []

    public var succeeded: Bool { !diagnostics.hasErrors }

    public init() {}
}

/// How far a build is, for a progress line.
public struct BuildProgress: Sendable {
    public enum Stage: String, Sendable {
        case evaluating, rendering
    }

    public var stage: Stage
    public var done: Int
    public var total: Int
}

/// What a long-running process (`literate serve`) keeps between builds: evaluated pages in memory, and for
/// each source file its stamp and key, so an untouched file is neither read nor hashed again.
public final class BuildSession: @unchecked Sendable {
    private let lock = NSLock()
    private var pages: [String: CachedPage] = [:]
    private var sources: [String: (stamp: FileStamp, key: String)] = [:]
    private var navigation: (layoutKey: String, list: NavigationList)?
    /// Each page's entry in the search index, by the page's evaluation key (which fixes its body, title
    /// and name).
    private var searchEntries: [String: String] = [:]

    public init() {}

    func searchEntry(forKey key: String) -> String? {
        lock.withLock { searchEntries[key] }
    }

    func remember(searchEntry: String, forKey key: String) {
        lock.withLock { searchEntries[key] = searchEntry }
    }

    /// The navigation rendered by the last build, when its layout key (templates, site, page list) is
    /// `layoutKey`.
    func navigation(forLayout layoutKey: String) -> NavigationList? {
        lock.withLock { navigation?.layoutKey == layoutKey ? navigation?.list : nil }
    }

    func remember(_ list: NavigationList, forLayout layoutKey: String) {
        lock.withLock { navigation = (layoutKey, list) }
    }

    func page(forKey key: String) -> CachedPage? {
        lock.withLock { pages[key] }
    }

    /// The cached page of `path` when the file's stamp is the one it had when it was last read.
    func page(forPath path: String, stamp: FileStamp) -> CachedPage? {
        lock.withLock {
            guard let known = sources[path], known.stamp == stamp else { return nil }
            return pages[known.key]
        }
    }

    func remember(_ page: CachedPage, stamp: FileStamp?) {
        lock.withLock {
            pages[page.key] = page
            if let stamp { sources[page.path] = (stamp, page.key) }
        }
    }

    /// Forgets pages no longer in the content folder.
    func keepOnly(keys: Set<String>) {
        lock.withLock {
            pages = pages.filter { keys.contains($0.key) }
            sources = sources.filter { keys.contains($0.value.key) }
            searchEntries = searchEntries.filter { keys.contains($0.key) }
        }
    }
}

/// The whole pipeline: load → parse → evaluate → render → write.
///
/// ``build(_:session:progress:)`` runs pages concurrently with structured concurrency;
/// ``build(_:)`` runs the same stages one page after another. Both write byte-identical sites.
public enum SiteBuilder {
    /// Builds the site one page at a time. On any error nothing is written and the previous output stays.
    public static func build(_ options: BuildOptions) -> BuildReport {
        let start = ContinuousClock.now
        var run: BuildRun
        do {
            run = try BuildRun(options, session: nil)
        } catch {
            return failedReport(error, since: start)
        }
        let results = run.sources.indices.map { run.evaluate(at: $0) }
        guard let plan = run.plan(results) else { return run.finish(start) }
        let rendered = plan.jobs.indices.map { run.render(plan, at: $0) }
        run.write(plan, rendered)
        return run.finish(start)
    }

    /// Builds the site with up to `options.jobs` pages loaded, evaluated and rendered at once, reusing the
    /// cache and `session` where they apply. On any error nothing is written and the previous output stays.
    public static func build(
        _ options: BuildOptions, session: BuildSession? = nil,
        progress: (@Sendable (BuildProgress) -> Void)? = nil
    ) async -> BuildReport {
        let start = ContinuousClock.now
        var run: BuildRun
        do {
            run = try BuildRun(options, session: session)
        } catch {
            return failedReport(error, since: start)
        }
        let frozen = run
        let jobs = options.effectiveJobs
        let results = await concurrentMap(count: run.sources.count, jobs: jobs) { done in
            progress?(BuildProgress(stage: .evaluating, done: done, total: frozen.sources.count))
        } transform: {
            frozen.evaluate(at: $0)
        }
        guard let plan = run.plan(results) else { return run.finish(start) }
        let rendered = await concurrentMap(count: plan.jobs.count, jobs: jobs) { done in
            progress?(BuildProgress(stage: .rendering, done: done, total: plan.jobs.count))
        } transform: {
            frozen.render(plan, at: $0)
        }
        run.write(plan, rendered)
        return run.finish(start)
    }

    private static func failedReport(_ error: DiagnosticList, since start: ContinuousClock.Instant) -> BuildReport {
        var report = BuildReport()
        report.diagnostics = error.diagnostics
        report.seconds = start.duration(to: .now).seconds
        return report
    }

    /// `transform(i)` for every i in `0..<count`, at most `jobs` at once, in index order.
    static func concurrentMap<T: Sendable>(
        count: Int, jobs: Int, completed: (Int) -> Void, transform: @escaping @Sendable (Int) -> T
    ) async -> [T] {
        await withTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: count)
            var next = 0
            while next < min(max(jobs, 1), count) {
                let index = next
                group.addTask { (index, transform(index)) }
                next += 1
            }
            var done = 0
            for await (index, value) in group {
                results[index] = value
                done += 1
                completed(done)
                if next < count {
                    let index = next
                    group.addTask { (index, transform(index)) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }

    /// Loads and evaluates every page, one per core at a time, keeping the full evaluated pages (for
    /// `check`); compiled runs come from and go to `cache` when given.
    static func evaluateAll(
        _ contentDirectory: String, limits: RunLimits = .page, cache: BuildCache? = nil,
        into report: inout BuildReport
    ) throws(DiagnosticList) -> [EvaluatedPage] {
        let (pages, loadDiagnostics) = try ContentLoader.load(from: contentDirectory)
        report.diagnostics += loadDiagnostics
        let results = ConcurrentResults<EvaluatedPage>(count: pages.count)
        DispatchQueue.concurrentPerform(iterations: pages.count) { index in
            results[index] = PageEvaluator.evaluate(pages[index], limits: limits, runs: cache)
        }
        let evaluated = results.values
        for page in evaluated {
            report.pages += 1
            report.pagesEvaluated += 1
            report.counters += page.counters
            report.diagnostics += page.diagnostics
        }
        report.diagnostics.sort(by: diagnosticOrder)
        return evaluated
    }

    static func diagnosticOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        (a.location ?? .init(file: "", line: 0, column: 0)) < (b.location ?? .init(file: "", line: 0, column: 0))
    }
}

/// Slots that concurrent iterations fill, each its own.
final class ConcurrentResults<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> T? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var values: [T] { lock.withLock { slots.map { $0! } } }
}

/// One page's evaluation as the build needs it.
struct PageResult: Sendable {
    /// Nil when the file could not be read.
    var page: CachedPage?
    var diagnostics: [Diagnostic]
    var fromCache: Bool
}

/// What the render stage does: which pages to lay out, which to keep from the last build.
struct RenderPlan: Sendable {
    enum Job: Sendable {
        case page(index: Int, body: String)
        case generatedIndex
        /// `404.html` or `sitemap.xml` (``SiteRenderer/extraFiles``).
        case extra(String)
    }

    struct Output: Sendable {
        var file: String
        var renderKey: String
        var job: Job
        /// True when the current output file is the one this key produces, so it is linked, not rendered.
        var reuse: Bool
    }

    /// The search index, written with the assets (it is not counted among the pages): its render key,
    /// the evaluation keys of the `.page` jobs' pages, and whether the current file can be kept.
    struct SearchIndexOutput: Sendable {
        var renderKey: String
        var pageKeys: [String]
        var reuse: Bool
    }

    var renderer: SiteRenderer
    var jobs: [Output]
    var searchIndex: SearchIndexOutput
    var writer: SiteWriter
}

/// The stages of one build; the serial and concurrent drivers in ``SiteBuilder`` call them in order.
struct BuildRun: Sendable {
    let options: BuildOptions
    let templates: SiteTemplates
    let templatesKey: String
    /// `Content/site.yml` with `--base-url` applied.
    let configuration: SiteConfiguration
    /// The content files, in name order.
    let sources: [String]
    let cache: BuildCache?
    let session: BuildSession?
    let manifest: OutputManifest?
    let assets: TemplateAssets
    var report = BuildReport()

    init(_ options: BuildOptions, session: BuildSession?) throws(DiagnosticList) {
        self.options = options
        self.session = session
        if let refusal = OutputFolder.refusal(for: options) { throw DiagnosticList([.error(at: nil, refusal)]) }
        templates = try SiteTemplates.load(from: options.templatesDirectory)
        templatesKey = Self.templatesKey(options.templatesDirectory)
        assets = try TemplateAssets.scan(templates: options.templatesDirectory)
        let (configuration, configurationDiagnostics) = SiteConfiguration.load(
            contentDirectory: options.contentDirectory, baseURL: options.baseURL)
        if configurationDiagnostics.hasErrors { throw DiagnosticList(configurationDiagnostics) }
        self.configuration = configuration
        sources = try ContentLoader.pagePaths(in: options.contentDirectory)
        cache = options.cacheDirectory.map(BuildCache.init(directory:))
        let outputPath = URL(fileURLWithPath: options.outputDirectory).standardizedFileURL.path
        manifest = cache?.loadManifest(for: outputPath)
    }

    /// Every `.mustache` file's name and bytes: what a page's layout depends on besides navigation.
    static func templatesKey(_ directory: String) -> String {
        var digest = Digest()
        digest.update(field: SiteVersion.cacheFormat)
        digest.update(field: SiteVersion.toolIdentity)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".mustache") }.sorted()
        for name in names {
            digest.update(field: name)
            let bytes = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name))
            digest.update(count: bytes?.count ?? -1)
            if let bytes { digest.update(bytes) }
        }
        return digest.hex()
    }

    // MARK: Stage 1: load and evaluate (one page, any thread)

    func evaluate(at index: Int) -> PageResult {
        let path = sources[index]
        let stamp = FileStamp(path: path)
        if let session, let stamp, let known = session.page(forPath: path, stamp: stamp) {
            return PageResult(page: known, diagnostics: known.diagnostics, fromCache: true)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return PageResult(page: nil, diagnostics: [.error(at: nil, "cannot read '\(path)'")], fromCache: false)
        }
        let key = BuildCache.evaluationKey(path: path, source: data)
        if let known = session?.page(forKey: key) ?? cache?.load(key: key, path: path) {
            session?.remember(known, stamp: stamp)
            return PageResult(page: known, diagnostics: known.diagnostics, fromCache: true)
        }
        guard let source = String(data: data, encoding: .utf8) else {
            let location = SourceLocation(file: path, line: 1, column: 1)
            return PageResult(
                page: nil, diagnostics: [.error(at: location, "file is not valid UTF-8")], fromCache: false)
        }
        let (page, parseDiagnostics) = Page.parse(source, path: path)
        let evaluated = PageEvaluator.evaluate(page, limits: options.limits, runs: cache)
        let diagnostics = parseDiagnostics + evaluated.diagnostics
        let failed = diagnostics.hasErrors
        let result = CachedPage(
            key: key, path: path, summary: PageSummary(page), body: failed ? "" : PageRenderer.body(of: evaluated),
            counters: evaluated.counters, diagnostics: diagnostics, runKey: evaluated.runKey)
        if !failed {
            cache?.store(result)
            session?.remember(result, stamp: stamp)
        }
        return PageResult(page: result, diagnostics: diagnostics, fromCache: false)
    }

    // MARK: Stage 2: plan the layout (once, after every page is evaluated)

    /// Counts the results; nil when the build failed (diagnostics are in the report).
    mutating func plan(_ results: [PageResult]) -> RenderPlan? {
        var pages: [CachedPage] = []
        for result in results {
            report.diagnostics += result.diagnostics
            guard let page = result.page else { continue }
            pages.append(page)
            report.pages += 1
            var counters = page.counters
            if result.fromCache {
                report.pagesFromCache += 1
                counters.blocksEvaluated = 0
            } else {
                report.pagesEvaluated += 1
            }
            report.counters += counters
        }
        report.diagnostics.sort(by: SiteBuilder.diagnosticOrder)
        let keys = Set(pages.map(\.key))
        session?.keepOnly(keys: keys)
        guard report.succeeded else { return nil }
        cache?.prune(keeping: keys, runs: Set(pages.compactMap(\.runKey)))

        let visible = Self.sortedForNavigation(pages.filter { !$0.summary.metadata.draft })
        let commitDates = LastCommitDates.read(contentDirectory: options.contentDirectory)
        var renderer = SiteRenderer(
            templates: templates, pages: visible.map(\.summary), configuration: configuration,
            lastCommitDates: commitDates)
        report.diagnostics += Self.collisions(of: visible, with: renderer.generatedFiles)
        guard report.succeeded else { return nil }
        var layout = Digest()
        layout.update(field: templatesKey)
        layout.update(field: renderer.layoutKey)
        for page in renderer.pages {
            layout.update(field: page.title)
            layout.update(field: page.outputFile)
        }
        let layoutKey = layout.hex()
        if let session {
            if let list = session.navigation(forLayout: layoutKey) {
                renderer.reuseNavigation(list)
            } else if let list = renderer.navigationList {
                session.remember(list, forLayout: layoutKey)
            }
        }
        var jobs: [RenderPlan.Output] = visible.enumerated().map { index, page in
            var digest = Digest()
            digest.update(field: page.key)
            digest.update(field: layoutKey)
            digest.update(field: commitDates[page.summary.name + ".md"] ?? "")
            return RenderPlan.Output(
                file: page.summary.outputFile, renderKey: digest.hex(), job: .page(index: index, body: page.body),
                reuse: false)
        }
        if !visible.contains(where: { $0.summary.outputFile == "index.html" }) {
            var digest = Digest()
            digest.update(field: "generated-index")
            digest.update(field: layoutKey)
            jobs.append(.init(file: "index.html", renderKey: digest.hex(), job: .generatedIndex, reuse: false))
        }
        for file in renderer.extraFiles {
            var digest = Digest()
            digest.update(field: file)
            digest.update(field: layoutKey)
            jobs.append(.init(file: file, renderKey: digest.hex(), job: .extra(file), reuse: false))
        }
        var searchIndex = RenderPlan.SearchIndexOutput(
            renderKey: Self.searchIndexKey(visible), pageKeys: visible.map(\.key), reuse: false)
        if let manifest {
            func unchanged(_ file: String, _ renderKey: String) -> Bool {
                guard let entry = manifest.entries[file], entry.renderKey == renderKey else { return false }
                return FileStamp(path: options.outputDirectory + "/" + file) == entry.stamp
            }
            for index in jobs.indices {
                jobs[index].reuse = unchanged(jobs[index].file, jobs[index].renderKey)
            }
            searchIndex.reuse = unchanged(SearchIndex.file, searchIndex.renderKey)
        }
        do {
            let writer = try SiteWriter(output: options.outputDirectory)
            return RenderPlan(renderer: renderer, jobs: jobs, searchIndex: searchIndex, writer: writer)
        } catch {
            report.diagnostics += error.diagnostics
            return nil
        }
    }

    /// What the search index depends on: every visible page's evaluation key (its source, hence its
    /// body), title and link, in order, and the index's format and the tool (its code). Not the layout:
    /// a template change leaves the index as it was.
    static func searchIndexKey(_ visible: [CachedPage]) -> String {
        var digest = Digest()
        digest.update(field: SearchIndex.format)
        digest.update(field: SiteVersion.toolIdentity)
        digest.update(count: visible.count)
        for page in visible {
            digest.update(field: page.key)
            digest.update(field: page.summary.title)
            digest.update(field: page.summary.href)
        }
        return digest.hex()
    }

    /// A page whose output file is one the site generates (`404.md` → `404.html`) would be silently
    /// replaced, or replace the generated one: an error at the page.
    static func collisions(of pages: [CachedPage], with generated: [String]) -> [Diagnostic] {
        pages.compactMap { page in
            guard generated.contains(page.summary.outputFile) else { return nil }
            return .error(
                at: SourceLocation(file: page.path, line: 1, column: 1),
                "this page would be written to '\(page.summary.outputFile)', which the site generates itself; "
                    + "rename the page")
        }
    }

    /// Navigation order, the rule of ``ContentLoader/precedes(_:_:_:_:_:_:)``.
    static func sortedForNavigation(_ pages: [CachedPage]) -> [CachedPage] {
        pages.sorted { first, second in
            let (a, b) = (first.summary, second.summary)
            return ContentLoader.precedes(a.name, a.metadata.order, a.title, b.name, b.metadata.order, b.title)
        }
    }

    // MARK: Stage 3: render and write (one output file, any thread)

    /// One output file after stage 3: its stamp, and whether it was written (or kept unchanged).
    struct RenderedOutput: Sendable {
        var stamp: FileStamp?
        var written: Bool
    }

    /// Lays out one output file for the writer (or keeps the unchanged one); the diagnostics of a failed
    /// write.
    func render(_ plan: RenderPlan, at index: Int) -> Result<RenderedOutput, DiagnosticList> {
        let output = plan.jobs[index]
        if output.reuse, let stamp = plan.writer.reuse(output.file) {
            return .success(RenderedOutput(stamp: stamp, written: false))
        }
        let data: Data
        switch output.job {
        case .page(let page, let body): data = plan.renderer.page(at: page, body: body)
        case .generatedIndex: data = plan.renderer.generatedIndex() ?? Data()
        case .extra(let file): data = plan.renderer.extraFile(named: file)
        }
        do {
            return .success(RenderedOutput(stamp: try plan.writer.write(data, named: output.file), written: true))
        } catch {
            return .failure(error)
        }
    }

    /// The search index of the plan's pages, on all cores; `literate serve` keeps each page's entry
    /// between builds, so an edit reads only the edited page again.
    func searchIndex(_ plan: RenderPlan) -> Data {
        let keys = plan.searchIndex.pageKeys
        let bodies = plan.jobs.compactMap { output -> String? in
            if case .page(_, let body) = output.job { return body }
            return nil
        }
        let pages = plan.renderer.pages
        let entries = ConcurrentResults<String>(count: pages.count)
        DispatchQueue.concurrentPerform(iterations: pages.count) { index in
            if let known = session?.searchEntry(forKey: keys[index]) {
                entries[index] = known
                return
            }
            let entry = SearchIndex.entry(for: pages[index], body: bodies[index])
            session?.remember(searchEntry: entry, forKey: keys[index])
            entries[index] = entry
        }
        return Data(SearchIndex.script(entries: entries.values).utf8)
    }

    /// Writes the search index, copies the assets, swaps the new site in and records what was written.
    mutating func write(_ plan: RenderPlan, _ rendered: [Result<RenderedOutput, DiagnosticList>]) {
        var entries: [String: OutputManifest.Entry] = [:]
        for (output, result) in zip(plan.jobs, rendered) {
            switch result {
            case .failure(let error): report.diagnostics += error.diagnostics
            case .success(let rendered):
                if rendered.written {
                    report.pagesRendered += 1
                } else {
                    report.pagesReused += 1
                }
                if let stamp = rendered.stamp {
                    entries[output.file] = .init(renderKey: output.renderKey, stamp: stamp)
                }
            }
        }
        let outputPath = plan.writer.output.path
        do throws(DiagnosticList) {
            guard report.succeeded else { throw DiagnosticList([]) }
            // The search index, kept when no page's body or title changed.
            var stamp = plan.searchIndex.reuse ? plan.writer.reuse(SearchIndex.file) : nil
            if stamp == nil { stamp = try plan.writer.write(searchIndex(plan), named: SearchIndex.file) }
            if let stamp { entries[SearchIndex.file] = .init(renderKey: plan.searchIndex.renderKey, stamp: stamp) }
            try plan.writer.copyAssets(assets)
            cache?.removeManifest(for: outputPath)
            try plan.writer.commit()
            cache?.storeManifest(OutputManifest(output: outputPath, entries: entries))
            report.writtenFiles = plan.jobs.map(\.file).sorted()
        } catch {
            plan.writer.discard()
            report.diagnostics += error.diagnostics
        }
    }

    func finish(_ start: ContinuousClock.Instant) -> BuildReport {
        var report = report
        report.seconds = start.duration(to: .now).seconds
        return report
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
