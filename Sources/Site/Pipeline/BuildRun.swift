import Diagnostics
import Evaluator
import Foundation

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
            let bytes = FileInput.contents(atPath: (directory as NSString).appendingPathComponent(name))
            digest.update(count: bytes?.count ?? -1)
            if let bytes { digest.update(bytes) }
        }
        return digest.hex()
    }

    // MARK: Stages 1-4, one page on any thread: load, parse, evaluate, render its body

    /// One page ready for layout: taken from the session or the cache when its source is unchanged,
    /// else read (``PageSource``), parsed (``Page/parse(_:path:)``), evaluated (``PageEvaluator``) and its
    /// body rendered (``PageRenderer/body(of:)``). `check` runs the same first three stages
    /// (``SiteBuilder/evaluateAll(_:limits:cache:into:)``).
    func preparePage(at index: Int) -> PageResult {
        let path = sources[index]
        let stamp = FileStamp(path: path)
        if let session, let stamp, let known = session.page(forPath: path, stamp: stamp) {
            return PageResult(page: known, diagnostics: known.diagnostics, fromCache: true)
        }
        let file: PageSource
        do {
            file = try PageSource.read(path)
        } catch {
            return PageResult(page: nil, diagnostics: error.diagnostics, fromCache: false)
        }
        let key = BuildCache.evaluationKey(path: path, source: file.data)
        if let known = session?.page(forKey: key) ?? cache?.load(key: key, path: path) {
            session?.remember(known, stamp: stamp)
            return PageResult(page: known, diagnostics: known.diagnostics, fromCache: true)
        }
        let source: String
        do {
            source = try file.text()
        } catch {
            return PageResult(page: nil, diagnostics: error.diagnostics, fromCache: false)
        }
        let (page, parseDiagnostics) = Page.parse(source, path: path)
        let evaluated = PageEvaluator.evaluate(page, limits: options.limits, runs: cache)
        let diagnostics = parseDiagnostics + evaluated.diagnostics
        let failed = diagnostics.hasErrors
        let result = CachedPage(
            key: key, path: path, summary: PageSummary(page),
            body: failed ? PageBody() : PageRenderer.render(evaluated),
            counters: evaluated.counters, diagnostics: diagnostics, runKey: evaluated.runKey)
        if !failed {
            cache?.store(result)
            session?.remember(result, stamp: stamp)
        }
        return PageResult(page: result, diagnostics: diagnostics, fromCache: false)
    }

    // MARK: Stage 5a: plan the layout (once, after every page is ready)

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
                .pageCollidesWithGeneratedFile(page.summary.outputFile))
        }
    }

    /// Navigation order, the rule of ``ContentLoader/precedes(_:_:_:_:_:_:)``.
    static func sortedForNavigation(_ pages: [CachedPage]) -> [CachedPage] {
        pages.sorted { first, second in
            let (a, b) = (first.summary, second.summary)
            return ContentLoader.precedes(a.name, a.metadata.order, a.title, b.name, b.metadata.order, b.title)
        }
    }

    // MARK: Stages 5b and 6, one output file on any thread: lay out and write

    /// One output file after stage 6: its stamp, and whether it was written (or kept unchanged).
    struct RenderedOutput: Sendable {
        var stamp: FileStamp?
        var written: Bool
    }

    /// Lays out one output file for the writer (or keeps the unchanged one); the diagnostics of a failed
    /// write.
    func layOutAndWrite(_ plan: RenderPlan, at index: Int) -> Result<RenderedOutput, DiagnosticList> {
        let output = plan.jobs[index]
        if output.reuse, let stamp = plan.writer.reuse(output.file) {
            return .success(RenderedOutput(stamp: stamp, written: false))
        }
        let data: Data
        switch output.job {
        case .page(let page, let body): data = plan.renderer.page(at: page, body: body.html, contents: body.contents)
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
            if case .page(_, let body) = output.job { return body.html }
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

extension Diagnostic.Message {
    static func pageCollidesWithGeneratedFile(_ file: String) -> Self {
        "this page would be written to '\(file)', which the site generates itself; rename the page"
    }
}
