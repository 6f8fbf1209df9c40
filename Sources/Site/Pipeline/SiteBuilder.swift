import Diagnostics
import Evaluator
import Foundation

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
        let results = run.sources.indices.map { run.preparePage(at: $0) }
        guard let plan = run.plan(results) else { return run.finish(start) }
        let rendered = plan.jobs.indices.map { run.layOutAndWrite(plan, at: $0) }
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
            frozen.preparePage(at: $0)
        }
        guard let plan = run.plan(results) else { return run.finish(start) }
        let rendered = await concurrentMap(count: plan.jobs.count, jobs: jobs) { done in
            progress?(BuildProgress(stage: .rendering, done: done, total: plan.jobs.count))
        } transform: {
            frozen.layOutAndWrite(plan, at: $0)
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

    /// Stages 1 to 3 (load, parse, evaluate) of every page, as a build runs them, one page per core at a
    /// time; `check` stops here and keeps the full evaluated pages, in navigation order. Compiled runs
    /// come from and go to `cache` when given.
    static func evaluateAll(
        _ contentDirectory: String, limits: RunLimits = .page, cache: BuildCache? = nil,
        into report: inout BuildReport
    ) throws(DiagnosticList) -> [EvaluatedPage] {
        let paths = try ContentLoader.pagePaths(in: contentDirectory)
        let results = ConcurrentResults<(page: EvaluatedPage?, diagnostics: [Diagnostic])>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            do throws(DiagnosticList) {
                let text = try PageSource.read(paths[index]).text()
                let (page, parseDiagnostics) = Page.parse(text, path: paths[index])
                results[index] = (PageEvaluator.evaluate(page, limits: limits, runs: cache), parseDiagnostics)
            } catch {
                results[index] = (nil, error.diagnostics)
            }
        }
        var evaluated: [EvaluatedPage] = []
        for result in results.values {
            report.diagnostics += result.diagnostics
            guard let page = result.page else { continue }
            evaluated.append(page)
            report.pages += 1
            report.pagesEvaluated += 1
            report.counters += page.counters
            report.diagnostics += page.diagnostics
        }
        report.diagnostics.sort(by: diagnosticOrder)
        return evaluated.sorted { first, second in
            let (a, b) = (first.page, second.page)
            return ContentLoader.precedes(a.name, a.metadata.order, a.title, b.name, b.metadata.order, b.title)
        }
    }

    static func diagnosticOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        (a.location ?? .init(file: "", line: 0, column: 0)) < (b.location ?? .init(file: "", line: 0, column: 0))
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
