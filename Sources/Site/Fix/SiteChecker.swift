import Diagnostics
import Evaluator
import Foundation

/// What `literate check` found, and with `--fix` what it rewrote.
public struct CheckReport: Sendable {
    /// Pages, counts and every diagnostic (after fixing, in fix mode).
    public var summary = BuildReport()
    /// The stale stated values found (before fixing, in fix mode).
    public var staleValues: [StatedValueFix] = []
    /// The stated values rewritten in place (fix mode only).
    public var applied: [StatedValueFix] = []
}

/// `literate check [--fix]`: evaluate every page and verify every stated value and derivative check,
/// writing nothing, or rewriting stale stated values in the author's own style.
public enum SiteChecker {
    /// `cacheDirectory`: where compiled page runs are kept (the build's cache), nil to compile every page.
    public static func check(contentDirectory: String, cacheDirectory: String? = nil, limits: RunLimits = .page)
        -> CheckReport
    {
        let start = ContinuousClock.now
        var report = CheckReport()
        // site.yml is content too: a bad key fails the check as it would fail the build.
        report.summary.diagnostics += SiteConfiguration.load(contentDirectory: contentDirectory).diagnostics
        do {
            let pages = try SiteBuilder.evaluateAll(
                contentDirectory, limits: limits, cache: cacheDirectory.map(BuildCache.init(directory:)),
                into: &report.summary)
            report.staleValues = pages.flatMap(\.statedValueFixes)
        } catch {
            report.summary.diagnostics += error.diagnostics
        }
        report.summary.seconds = start.duration(to: .now).seconds
        return report
    }

    /// Rewrites every stale stated value, then checks again so the report says what is left to fix by hand.
    public static func fix(contentDirectory: String, cacheDirectory: String? = nil, limits: RunLimits = .page)
        -> CheckReport
    {
        let start = ContinuousClock.now
        var before = BuildReport()
        var applied: [StatedValueFix] = []
        var writeDiagnostics: [Diagnostic] = []
        do {
            let pages = try SiteBuilder.evaluateAll(
                contentDirectory, limits: limits, cache: cacheDirectory.map(BuildCache.init(directory:)),
                into: &before)
            for page in pages {
                let fixes = page.statedValueFixes
                guard !fixes.isEmpty else { continue }
                let edits = fixes.map { SourceEditor.Edit(location: $0.location, old: $0.old, new: $0.new) }
                do {
                    try SourceEditor.apply(edits, to: page.page.path, expecting: page.page.source)
                    applied += fixes
                } catch {
                    writeDiagnostics += error.diagnostics
                }
            }
        } catch {
            writeDiagnostics += error.diagnostics
        }
        var after = check(contentDirectory: contentDirectory, cacheDirectory: cacheDirectory, limits: limits)
        after.summary.diagnostics += writeDiagnostics
        after.applied = applied
        after.summary.seconds = start.duration(to: .now).seconds
        return after
    }
}
