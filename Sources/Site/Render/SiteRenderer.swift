import Foundation
import Markdown
import Markup

/// Lays pages into the site's templates: one HTML file per page, plus `index.html`, `404.html`, the search
/// index (``SearchIndex``) and, when the site's base URL is known, `sitemap.xml`.
///
/// It works from each page's ``PageSummary`` and body HTML, not from the evaluated page, so the build
/// cache can lay out a page again (after a template or navigation change) without evaluating it again.
/// Unchecked `Sendable`: the `Any` values it holds are immutable strings and booleans.
///
/// Every link it writes is relative (`why-softmax.html`, `assets/style.css`), since all pages sit in the
/// site's root: the site works from `file://` and from any sub-path. The one exception is `404.html`,
/// which a server shows at any depth: when the base URL is known its links are absolute.
struct SiteRenderer: @unchecked Sendable {
    let templates: SiteTemplates
    let pages: [PageSummary]
    let configuration: SiteConfiguration
    /// `site.yml`'s title, else the index page's title, else "Documentation".
    let siteTitle: String
    /// Title and href of every page, in navigation order.
    private let navigationEntries: [[String: Any]]
    /// The pages' navigation rendered once for the whole build, when the templates allow it.
    private(set) var navigationList: NavigationList?

    static let notFoundFile = "404.html"
    static let sitemapFile = "sitemap.xml"

    /// Content file name → date of its last commit (``LastCommitDates``), for each page's "last updated".
    let lastCommitDates: [String: String]

    init(
        templates: SiteTemplates, pages: [PageSummary], configuration: SiteConfiguration = SiteConfiguration(),
        lastCommitDates: [String: String] = [:]
    ) {
        self.templates = templates
        self.pages = pages
        self.configuration = configuration
        self.lastCommitDates = lastCommitDates
        self.siteTitle = configuration.title ?? pages.first { $0.name == "index" }?.title ?? "Documentation"
        let entries: [[String: Any]] = pages.map { ["title": $0.title, "href": $0.href] }
        self.navigationEntries = entries
        self.navigationList =
            templates.navigationIsMemoizable
            ? NavigationList(entries: entries, shared: Self.sharedContext(siteTitle, configuration, root: "")) : nil
    }

    /// Takes the navigation another build rendered for the same templates, site and page list (`literate
    /// serve` keeps it between builds, so an edit re-renders one page, not every navigation entry).
    mutating func reuseNavigation(_ list: NavigationList) {
        if navigationList != nil { navigationList = list }
    }

    /// The `navigation` value of a page's context, with the entry at `current` marked current.
    private func navigation(current: Int?, root: String) -> Any {
        if let navigationList, root.isEmpty { return navigationList.lambda(current: current) }
        return NavigationList.plain(navigationEntries, current: current)
    }

    /// Everything besides the pages that shapes every output file: the site configuration.
    var layoutKey: String {
        [siteTitle, configuration.description ?? "", configuration.baseURL ?? "", configuration.language]
            .joined(separator: "\u{0}")
    }

    /// The layout around one page's body; `index` is the page's position in `pages`.
    func page(at index: Int, body: String, contents: [TableOfContents.Entry]) -> Data {
        let page = pages[index]
        let (heading, content) = Self.leadingHeading(of: body)
        var pageContext: [String: Any] = [
            "title": page.title,
            "heading": heading ?? HTML.escape(page.title),
            "documentTitle": page.name == "index" || page.title == siteTitle
                ? siteTitle : "\(page.title) · \(siteTitle)",
            "name": page.name,
            "content": content,
        ]
        let toc = TableOfContents(entries: contents)
        if !toc.entries.isEmpty {
            pageContext["toc"] = toc.context
            pageContext["hasTOC"] = true
        }
        if let author = page.metadata.author { pageContext["author"] = author }
        if let date = page.metadata.date { pageContext["date"] = date }
        // "Last updated": the file's last commit, else the front matter's date when no byline shows it.
        if let committed = lastCommitDates[page.name + ".md"] {
            pageContext["updated"] = ["text": committed, "datetime": committed]
        } else if let date = page.metadata.date, page.metadata.author == nil {
            pageContext["updated"] = ["text": date]
        }
        if let description = page.metadata.description ?? configuration.description {
            pageContext["description"] = description
        }
        if let base = configuration.baseURL { pageContext["canonical"] = Self.url(of: page.href, base: base) }
        var context = self.context(page: pageContext, navigation: navigation(current: index, root: ""), root: "")
        if index > 0 {
            context["previous"] = ["title": pages[index - 1].title, "href": pages[index - 1].href]
        }
        if index + 1 < pages.count {
            context["next"] = ["title": pages[index + 1].title, "href": pages[index + 1].href]
        }
        context["pager"] = pages.count > 1
        return Data(templates.renderLayout(context).utf8)
    }

    /// When the content has no `index.md`, an index listing the pages; nil when it has one.
    func generatedIndex() -> Data? {
        guard !pages.contains(where: { $0.outputFile == "index.html" }) else { return nil }
        let list = pages.map {
            "<li><a href=\"\(HTML.escape($0.href))\">\(HTML.escape($0.title))</a></li>"
        }
        var pageContext: [String: Any] = [
            "title": siteTitle, "heading": HTML.escape(siteTitle), "documentTitle": siteTitle, "name": "index",
            "content": "<ul>\n\(list.joined(separator: "\n"))\n</ul>\n",
        ]
        if let description = configuration.description { pageContext["description"] = description }
        var context = self.context(page: pageContext, navigation: navigation(current: nil, root: ""), root: "")
        if let first = pages.first {
            context["next"] = ["title": first.title, "href": first.href]
            context["pager"] = true
        }
        return Data(templates.renderLayout(context).utf8)
    }

    /// The files laid out besides the pages: `404.html`, and `sitemap.xml` when the base URL is known.
    var extraFiles: [String] {
        configuration.baseURL == nil ? [Self.notFoundFile] : [Self.notFoundFile, Self.sitemapFile]
    }

    /// Every file the site generates besides the pages, which no page may be written to: ``extraFiles``
    /// and the search index.
    var generatedFiles: [String] {
        extraFiles + [SearchIndex.file]
    }

    /// One of ``extraFiles``.
    func extraFile(named name: String) -> Data {
        switch name {
        case Self.sitemapFile: return Data(sitemap().utf8)
        default: return notFoundPage()
        }
    }

    /// The page a server shows for a missing address, possibly deep below the site, so its links are
    /// absolute when the base URL is known (and relative, for `file://` and a flat server, when not).
    func notFoundPage() -> Data {
        let root = configuration.baseURL ?? ""
        let pageContext: [String: Any] = [
            "title": "Page not found", "heading": "Page not found", "documentTitle": "Page not found · \(siteTitle)",
            "name": "404",
            "content": """
            <p>There is no page at this address. It may have moved, or the link that led here may be \
            mistyped.</p>
            <p><a href="\(HTML.escape(root))index.html">Go to the start page</a>, or choose a page from the \
            list of pages.</p>

            """,
        ]
        return Data(
            templates.renderLayout(
                context(page: pageContext, navigation: navigation(current: nil, root: root), root: root)
            ).utf8)
    }

    /// `sitemap.xml` (sitemaps.org 0.9): every page's absolute URL, in navigation order, without dates, so
    /// the same input gives the same bytes.
    func sitemap() -> String {
        guard let base = configuration.baseURL else { return "" }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        var files = pages.map(\.href)
        if !files.contains("index.html") { files.insert("index.html", at: 0) }
        for file in files {
            xml += "<url><loc>\(HTML.escape(Self.url(of: file, base: base)))</loc></url>\n"
        }
        return xml + "</urlset>\n"
    }

    /// A page's absolute URL: the base itself for the index.
    static func url(of file: String, base: String) -> String {
        file == "index.html" ? base : base + file
    }

    /// What every page's template sees besides the page itself.
    private func context(page: [String: Any], navigation: Any, root: String) -> [String: Any] {
        Self.sharedContext(siteTitle, configuration, root: root).merging(["page": page, "navigation": navigation]) {
            _, new in new
        }
    }

    /// The values that are the same on every page at `root`: `site`, `root` and `assets`.
    private static func sharedContext(_ siteTitle: String, _ configuration: SiteConfiguration, root: String)
        -> [String: Any]
    {
        var site: [String: Any] = ["title": siteTitle, "language": configuration.language]
        if let description = configuration.description { site["description"] = description }
        return ["site": site, "root": root, "assets": root + "assets"]
    }

    /// A body that opens with an `<h1>` gives that heading (its inner HTML) to the page header, so a page
    /// has one `<h1>`; returns the heading, if any, and the rest of the body.
    static func leadingHeading(of body: String) -> (heading: String?, rest: String) {
        let trimmed = body.drop { $0.isWhitespace }
        // `>` by byte: a combining mark after it would make it part of a larger Character.
        guard trimmed.hasPrefix("<h1"), let open = trimmed.firstRange(ofASCII: ">"),
            let close = trimmed.firstRange(ofASCII: "</h1>"), open.upperBound <= close.lowerBound
        else { return (nil, body) }
        let heading = String(trimmed[open.upperBound..<close.lowerBound])
        return (heading, String(trimmed[close.upperBound...].drop { $0 == "\n" }))
    }
}

/// A page's table of contents: its `<h2>` and `<h3>` headings that have an `id` (the Markdown layer gives
/// them one), read from the body HTML, with `<h3>`s nested under the `<h2>` before them.
/// The `##` and `###` headings of a page, nested for the layout.
struct TableOfContents {
    struct Entry: Sendable, Equatable {
        var level: Int
        var anchor: String
        /// The heading's text and math (``TableOfContents/contentsMarkup(_:)``).
        var html: String
    }

    var entries: [Entry] = []

    /// Mustache context: a list of `h2` entries, each with its `children` (`h3` entries).
    var context: [[String: Any]] {
        var top: [[String: Any]] = []
        for entry in entries {
            let item: [String: Any] = ["anchor": entry.anchor, "html": entry.html]
            if entry.level == 3, !top.isEmpty {
                var children = top[top.count - 1]["children"] as? [[String: Any]] ?? []
                children.append(item)
                top[top.count - 1]["children"] = children
                top[top.count - 1]["hasChildren"] = true
            } else {
                top.append(item)
            }
        }
        return top
    }

    /// The tags of the heading kept in the contents (outside math).
    static let plainTags: Set<String> = Set(
        ["code", "em", "strong", "del"].flatMap { ["<\($0)>", "</\($0)>"] })

    /// The heading for the contents: its text, with only bare `<code>`, `<em>`, `<strong>` and `<del>`
    /// tags and its MathML (without links and `id`s) kept. Everything else is dropped: an author's raw
    /// HTML (an image, a script, attributes), links (invalid inside the contents' own link) and `id`s
    /// (which must be unique on the page).
    static func contentsMarkup(_ html: String) -> String {
        var out = ""
        var rest = html[...]
        var mathDepth = 0
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            guard let end = rest[open...].firstIndex(of: ">") else { return out }
            let tag = rest[open...end]
            if tag.hasPrefix("<math") && (tag.dropFirst(5).first.map { $0 == " " || $0 == ">" } ?? false) {
                mathDepth += 1
            }
            if mathDepth == 0, Self.plainTags.contains(String(tag)) {
                out += tag
            } else if mathDepth > 0, !(tag.hasPrefix("<a ") || tag == "<a>" || tag == "</a>") {
                if let id = tag.firstRange(ofASCII: " id=\""), let idEnd = tag[id.upperBound...].firstIndex(of: "\"") {
                    out += tag[..<id.lowerBound] + tag[tag.index(after: idEnd)...]
                } else {
                    out += tag
                }
            }
            if tag == "</math>" { mathDepth = max(0, mathDepth - 1) }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }
}
