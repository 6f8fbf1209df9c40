import Diagnostics
import Evaluator
import Foundation
import Markdown
import Markup

/// What the layout needs of a page besides its body. The cache keeps it, so a page can be laid out again
/// (after a template or navigation change) without being evaluated again.
public struct PageSummary: Sendable, Equatable {
    public var name: String
    public var title: String
    public var metadata: PageMetadata

    public var outputFile: String { "\(name).html" }
    /// ``outputFile`` as a relative link: every byte but letters, digits and `-._~` percent-encoded, so
    /// a page named `a#b?c%d` or `javascript:x` links to itself and nothing else.
    public var href: String { HTML.percentEncoded(outputFile) }

    init(name: String, title: String, metadata: PageMetadata) {
        self.name = name
        self.title = title
        self.metadata = metadata
    }

    init(_ page: Page) {
        self.init(name: page.name, title: page.title, metadata: page.metadata)
    }
}
