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
