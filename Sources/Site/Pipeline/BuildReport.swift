import Diagnostics
import Evaluator
import Foundation

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
