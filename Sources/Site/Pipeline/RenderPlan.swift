import Diagnostics
import Evaluator
import Foundation

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
        case page(index: Int, body: PageBody)
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
