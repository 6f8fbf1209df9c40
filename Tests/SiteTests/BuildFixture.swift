import Foundation

@testable import Site

/// A throwaway site in a temporary folder: Content/ with synthetic tutorial pages, a copy of the real
/// Templates/, and places for outputs and a cache.
struct BuildFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let folder: URL
    var content: URL { folder.appendingPathComponent("Content") }
    var templates: URL { folder.appendingPathComponent("Templates") }
    var cache: URL { folder.appendingPathComponent("cache") }

    /// `pages` synthetic pages plus an index, each with front matter, prose, math, `{swift}` blocks and a
    /// stated value.
    init(pages: Int) throws {
        let fileManager = FileManager.default
        folder = fileManager.temporaryDirectory.appendingPathComponent("literate-build-\(UUID().uuidString)")
        try fileManager.createDirectory(at: content, withIntermediateDirectories: true)
        try fileManager.copyItem(at: Self.root.appendingPathComponent("Templates"), to: templates)
        try write("index.md", "---\ntitle: Synthetic site\n---\n\n# Welcome\n\nThe pages below are generated.\n")
        for number in 1...pages {
            try write(String(format: "page-%03d.md", number), Self.page(number))
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

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: content.appendingPathComponent(name))
    }

    func options(output: String, cached: Bool = true, jobs: Int = 0) -> BuildOptions {
        BuildOptions(
            contentDirectory: content.path, templatesDirectory: templates.path,
            outputDirectory: folder.appendingPathComponent(output).path,
            cacheDirectory: cached ? cache.path : nil, jobs: jobs)
    }

    func output(_ name: String) -> URL { folder.appendingPathComponent(name) }

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

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}
