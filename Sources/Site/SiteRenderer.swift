import Foundation

/// Lays evaluated pages into the site's templates: one HTML file per page, plus `index.html`.
struct SiteRenderer {
    let templates: SiteTemplates
    let pages: [EvaluatedPage]

    /// Output file name → contents.
    func render() -> [String: Data] {
        var files: [String: Data] = [:]
        let siteTitle = pages.first { $0.page.name == "index" }?.page.title ?? "Documentation"
        for evaluated in pages {
            let page = evaluated.page
            let navigation: [[String: Any]] = pages.map { other in
                [
                    "title": other.page.title,
                    "href": other.page.outputFile,
                    "current": other.page.name == page.name,
                ]
            }
            var pageContext: [String: Any] = [
                "title": page.title,
                "name": page.name,
                "content": PageRenderer.body(of: evaluated),
            ]
            if let author = page.metadata.author { pageContext["author"] = author }
            if let date = page.metadata.date { pageContext["date"] = date }
            if let description = page.metadata.description { pageContext["description"] = description }
            let context: [String: Any] = [
                "site": ["title": siteTitle],
                "page": pageContext,
                "navigation": navigation,
                "assets": "assets",
            ]
            files[page.outputFile] = Data(templates.renderLayout(context).utf8)
        }
        if files["index.html"] == nil {
            files["index.html"] = Data(generatedIndex(siteTitle: siteTitle).utf8)
        }
        return files
    }

    /// When the content has no `index.md`, the index lists the pages.
    private func generatedIndex(siteTitle: String) -> String {
        let list = pages.map {
            "<li><a href=\"\(HTML.escape($0.page.outputFile))\">\(HTML.escape($0.page.title))</a></li>"
        }
        let context: [String: Any] = [
            "site": ["title": siteTitle],
            "page": ["title": siteTitle, "name": "index", "content": "<ul>\n\(list.joined(separator: "\n"))\n</ul>\n"],
            "navigation": pages.map { ["title": $0.page.title, "href": $0.page.outputFile, "current": false] },
            "assets": "assets",
        ]
        return templates.renderLayout(context)
    }
}
