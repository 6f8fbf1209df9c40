import Foundation

@testable import Site

/// A throwaway site in a fresh temporary folder, the one way SiteTests lay out a site on disk: Content/,
/// Templates/, outputs and a cache side by side under ``folder``. Remove it when done:
///
///     let site = try TemporarySite()
///     defer { site.remove() }
///     try site.write("Content/index.md", "# Home\n")
///     let report = site.build()
///
/// ``init(pages:)`` fills it with synthetic tutorial pages and a copy of the real Templates/. Tests that
/// need odd layouts (symbolic links, read-only folders, outputs in refused places) add their own files
/// under ``folder``.
struct TemporarySite {
    /// The repository's root folder.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The repository's Templates/, the built-in theme.
    static let repositoryTemplates = root.appendingPathComponent("Templates")

    let folder: URL
    var content: URL { folder.appendingPathComponent("Content") }
    var templates: URL { folder.appendingPathComponent("Templates") }
    var cache: URL { folder.appendingPathComponent("cache") }

    /// An empty folder; `copyingTemplates` copies the repository's Templates/ into it.
    init(copyingTemplates: Bool = false) throws {
        let fileManager = FileManager.default
        folder = fileManager.temporaryDirectory.appendingPathComponent("literate-site-\(UUID().uuidString)")
        try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        if copyingTemplates {
            try fileManager.copyItem(at: Self.repositoryTemplates, to: templates)
        }
    }

    /// `pages` synthetic pages plus an index, each with front matter, prose, math, `{swift}` blocks and a
    /// stated value, and a copy of the real Templates/.
    init(pages: Int) throws {
        try self.init(copyingTemplates: true)
        try write(
            "Content/index.md", "---\ntitle: Synthetic site\n---\n\n# Welcome\n\nThe pages below are generated.\n")
        for number in 1...pages {
            try write("Content/" + String(format: "page-%03d.md", number), Self.page(number))
        }
    }

    /// A tutorial-like page whose numbers depend on `number`.
    static func page(_ number: Int, title: String? = nil) -> String {
        let shift = Double(number % 7) / 10
        return """
            ---
            title: \(title ?? "Lesson \(number)")
            order: \(number)
            ---

            Softmax turns logits into probabilities; this lesson shifts them by \(shift).

            $$p_i = \\frac{e^{z_i}}{\\sum_{j=1}^n e^{z_j}} \\tag{1}$$

            ```{swift}
            //| caption: Logits of lesson \(number)
            let z = [1.0 + \(shift), 2.0, 0.5]
            softmax(z)
            ```

            The largest probability is `{swift} softmax(z).max()!`, for $n = 3$ classes.

            ```{swift}
            let total = softmax(z).reduce(0, +)
            total
            // → 1.0
            ```

            - item one
            - item two

            """
    }

    /// The URL of `relativePath` inside the folder.
    func url(_ relativePath: String) -> URL { folder.appendingPathComponent(relativePath) }

    /// Writes `text` to `relativePath` inside the folder (such as "Content/index.md"), making the folders
    /// on the way; returns the file's URL.
    @discardableResult
    func write(_ relativePath: String, _ text: String) throws -> URL {
        let file = url(relativePath)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }

    /// Options that build `content` (the site's Content/ unless given) with `templates` (the site's
    /// Templates/ unless given) into `output` inside the folder, cached in the site's cache or not.
    func options(
        output: String = "_site", content: URL? = nil, templates: URL? = nil, cached: Bool = true, jobs: Int = 0,
        baseURL: String? = nil
    ) -> BuildOptions {
        BuildOptions(
            contentDirectory: (content ?? self.content).path, templatesDirectory: (templates ?? self.templates).path,
            outputDirectory: self.output(output).path, cacheDirectory: cached ? cache.path : nil, jobs: jobs,
            baseURL: baseURL)
    }

    /// Builds as ``options(output:content:templates:cached:jobs:baseURL:)`` says, without a cache unless
    /// asked for one.
    func build(
        output: String = "_site", content: URL? = nil, templates: URL? = nil, cached: Bool = false, jobs: Int = 0,
        baseURL: String? = nil
    ) -> BuildReport {
        SiteBuilder.build(
            options(
                output: output, content: content, templates: templates, cached: cached, jobs: jobs, baseURL: baseURL))
    }

    /// The output folder `name` inside the folder.
    func output(_ name: String = "_site") -> URL { folder.appendingPathComponent(name) }

    /// Every file under `directory`, by relative path, with its bytes.
    static func files(under directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = directory.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return files }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = base + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }

    /// Deletes the folder and everything in it.
    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}
