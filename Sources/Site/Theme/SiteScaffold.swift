import Diagnostics
import Foundation

/// What `literate init` writes: a site that builds and passes `check` at once, with a live block, a
/// stated value, an inline value and an equation, and the built-in theme (no `Templates/`).
public enum SiteScaffold {
    /// Path relative to the site folder → contents.
    static let files: [(path: String, text: String)] = [
        (
            "Content/site.yml",
            """
            title: My tutorial
            description: A tutorial whose numbers are computed when it is built.

            """
        ),
        (
            "Content/index.md",
            #"""
            ---
            title: My tutorial
            ---

            # My tutorial

            Every number on this page is computed by Swift when the site is built. Softmax turns scores
            into probabilities:

            $$p_i = \frac{e^{z_i}}{\sum_{j=1}^{n} e^{z_j}}$$

            ```{swift}
            let scores = [2.0, 1.0, 0.1]
            softmax(scores)
            ```

            The most likely class has probability `{swift} softmax(scores).max()!`.

            A stated value is checked by every build: change the scores above and `literate check` shows
            where the text went stale (`literate check --fix` rewrites it).

            ```{swift}
            softmax(scores).reduce(0, +)
            // → 1.0
            ```

            """#
        ),
    ]

    /// Writes a new site into `folder` (made if missing); returns the paths written. Refuses, writing
    /// nothing, when `folder` already has a `Content/` folder.
    public static func write(into folder: String) throws(DiagnosticList) -> [String] {
        let fileManager = FileManager.default
        let content = (folder as NSString).appendingPathComponent("Content")
        if fileManager.fileExists(atPath: content) {
            throw DiagnosticList([.error(at: nil, .initContentExists(content))])
        }
        // Written beside, then renamed into place: an interrupted init leaves no half site.
        let staging = (folder as NSString).appendingPathComponent(".Content.init-\(getpid())")
        do {
            try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: true)
            for (path, text) in files {
                let name = (path as NSString).lastPathComponent
                try FileOutput.write(Data(text.utf8), toPath: (staging as NSString).appendingPathComponent(name))
            }
            guard rename(staging, content) == 0 else { throw FileOutput.Failure(path: content, code: errno) }
        } catch {
            try? fileManager.removeItem(atPath: staging)
            let reason = (error as? FileOutput.Failure)?.description ?? error.localizedDescription
            throw DiagnosticList([.error(at: nil, .initCannotWrite(reason))])
        }
        return files.map { (folder as NSString).appendingPathComponent($0.path) }
    }
}

extension Diagnostic.Message {
    static func initContentExists(_ content: String) -> Self {
        "'\(content)' already exists: literate init starts a new site and overwrites nothing"
    }
    static func initCannotWrite(_ reason: String) -> Self { "cannot write the new site: \(reason)" }
}
