import Diagnostics
import Foundation
import Markdown
import Markup

/// `literate serve`: builds the site, serves the output folder on 127.0.0.1 only, rebuilds what changed
/// when Content/ or Templates/ change, and tells open pages to reload through Server-Sent Events.
///
/// The reload script (and, after a failed build, an error panel) is added to HTML as it is served, never
/// to the files on disk. A failed build leaves the last good site in place and served. The HTTP side
/// (`ServeLoop`) bounds what each client may send and how long it may take (`ServeLimits`).
public final class PreviewServer: Sendable {
    /// The path of the event stream; no site file can have it (a page name cannot start with `__`).
    static let eventsPath = "/__literate/events"

    let options: BuildOptions
    let port: UInt16
    let limits: ServeLimits
    let log: @Sendable (String) -> Void
    let state = PreviewState()
    private let session = BuildSession()

    /// `port` 0 picks a free one (see `run(ready:)`); `log` receives build summaries and diagnostics.
    public init(
        options: BuildOptions, port: UInt16, limits: ServeLimits = ServeLimits(),
        log: @escaping @Sendable (String) -> Void
    ) {
        self.options = options
        self.port = port
        self.limits = limits
        self.log = log
    }

    /// Listens (throwing `ServeError` at once when it cannot, before any build), builds, starts serving
    /// and watching, and calls `ready` with the port. Runs until the task is cancelled, then closes the
    /// listening socket, every connection and every event stream at once; it returns when a build
    /// under way has finished too.
    public func run(ready: @escaping @Sendable (UInt16) -> Void = { _ in }) async throws {
        let listener = try ServeListener(port: port)
        await rebuild()
        // Ctrl-C during the first build: stop before serving.
        if Task.isCancelled {
            listener.close()
            return
        }
        let server = ServeLoop(listener: listener, limits: limits) { [self] request in respond(to: request) }
        ready(listener.port)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                let watcher = FileWatcher(directories: watchedDirectories)
                for await _ in watcher.changes() {
                    await rebuild()
                }
            }
            // Serves until cancelled (Ctrl-C), then stops everything.
            await server.run()
            state.stop()
            group.cancelAll()
        }
    }

    var watchedDirectories: [String] {
        [
            options.contentDirectory, options.templatesDirectory,
            (options.templatesDirectory as NSString).appendingPathComponent("assets"),
        ]
    }

    /// Builds what changed, logs the outcome, and tells every open page.
    func rebuild() async {
        let report = await SiteBuilder.build(options, session: session)
        let text = report.diagnostics.map(\.description).joined(separator: "\n")
        if !text.isEmpty { log(text) }
        if report.succeeded {
            log(
                "Rebuilt in \(Int((report.seconds * 1000).rounded())) ms: \(report.pagesEvaluated) pages evaluated, "
                    + "\(report.pagesRendered) rendered, \(report.pagesReused) unchanged")
        } else {
            log("Build failed; still serving the last good site")
        }
        state.finishBuild(error: report.succeeded ? nil : text)
    }

    // MARK: Requests

    /// The answer to a request; synchronous, since it runs on the server's own threads (see `ServeLoop`).
    func respond(to request: ServeRequest) -> ServeResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            return .plain(.methodNotAllowed, "Only GET and HEAD are served.\n", headers: [("Allow", "GET, HEAD")])
        }
        if request.path == Self.eventsPath {
            return Self.eventHeaders(body: request.method == "HEAD" ? .bytes(Data()) : .events(state.events()))
        }
        switch Self.resolve(request.target, in: options.outputDirectory) {
        case .forbidden:
            return .plain(.forbidden, "Forbidden: the path leaves the site.\n")
        case .notFound:
            let missing = URL(fileURLWithPath: options.outputDirectory).appendingPathComponent("404.html")
            // Without a 404 page (no good build yet), a bare page that still shows errors and reloads.
            let data =
                FileInput.contents(atPath: missing.path)
                ?? Data("<!DOCTYPE html>\n<title>Not found</title>\n<p>Not found.</p>\n".utf8)
            return html(data, status: .notFound)
        case .file(let path):
            guard let data = FileInput.contents(atPath: path) else {
                return .plain(.notFound, "Not found.\n")
            }
            if path.hasSuffix(".html") { return html(data, status: .ok) }
            return ServeResponse(
                .ok, headers: [("Content-Type", Self.contentType(of: path)), ("Cache-Control", "no-store")],
                body: .bytes(data))
        }
    }

    /// A page as served: the file's bytes with the reload script, and the error panel after a failed build.
    private func html(_ data: Data, status: ServeStatus) -> ServeResponse {
        let (generation, error) = state.snapshot()
        let injected = Self.inject(into: data, generation: generation, error: error)
        return ServeResponse(
            status, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
            body: .bytes(injected))
    }

    private static func eventHeaders(body: ServeResponse.Body) -> ServeResponse {
        ServeResponse(.ok, headers: [("Content-Type", "text/event-stream"), ("Cache-Control", "no-store")], body: body)
    }

    static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "xml": return "application/xml"
        case "json": return "application/json"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }

    // MARK: Paths

    /// Where a request path leads.
    enum Resolution: Equatable {
        case file(String)
        case notFound
        /// The path tries to leave the site (`..`, an encoded `..` or slash, a backslash, a NUL byte).
        case forbidden
    }

    /// Maps a raw, still percent-encoded request path to a file inside `root`, refusing any path that
    /// could leave it, whether written plainly or percent-encoded. `/` and folder paths mean `index.html`.
    static func resolve(_ rawPath: String, in root: String) -> Resolution {
        guard rawPath.hasPrefix("/") else { return .forbidden }
        let path = rawPath.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        var segments: [String] = []
        for rawSegment in path.split(separator: "/", omittingEmptySubsequences: true) {
            // A segment must decode on its own: an encoded slash would hide a `..` from this check.
            guard let segment = rawSegment.removingPercentEncoding,
                !segment.contains("/"), !segment.contains("\\"), !segment.contains("\0"),
                segment != "..", segment != "."
            else { return .forbidden }
            segments.append(segment)
        }
        let rootURL = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL.resolvingSymlinksInPath()
        var candidate = rootURL
        for segment in segments { candidate.appendPathComponent(segment) }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
            candidate.appendPathComponent("index.html")
        }
        // Symbolic links inside the site must not lead out of it either.
        let resolved = candidate.standardizedFileURL.resolvingSymlinksInPath().path
        guard resolved == rootURL.path || resolved.hasPrefix(rootURL.path + "/") else { return .forbidden }
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue
        else { return .notFound }
        return .file(resolved)
    }

    // MARK: Injection

    /// The reload script: it listens to the event stream and reloads when a build finishes after the page
    /// was served (the `hello` event carries the current build number, so a build that finished while
    /// the page was loading is not missed).
    static func script(generation: Int) -> String {
        """
        <script>
        (function () {
          var served = \(generation);
          var events = new EventSource("\(eventsPath)");
          events.addEventListener("hello", function (e) { if (Number(e.data) !== served) location.reload(); });
          events.addEventListener("reload", function () { location.reload(); });
        })();
        </script>

        """
    }

    /// The panel showing a failed build's diagnostics above the last good page.
    static func errorPanel(_ error: String) -> String {
        """
        <div id="literate-build-error" role="alert" style="position:fixed;left:0;right:0;bottom:0;z-index:9999;\
        max-height:50vh;overflow:auto;margin:0;padding:1em;background:#fff0f0;color:#600;\
        border-top:3px solid #c00;font:14px/1.4 ui-monospace,monospace">
        <strong>Build failed</strong>; this is the last good version of the page.
        <pre style="white-space:pre-wrap;margin:.5em 0 0">\(HTML.escape(error))</pre>
        </div>

        """
    }

    /// `data` with the script (and panel) before `</body>`, or at the end when there is none.
    static func inject(into data: Data, generation: Int, error: String?) -> Data {
        var addition = script(generation: generation)
        if let error { addition = errorPanel(error) + addition }
        let marker = Data("</body>".utf8)
        var out = data
        if let range = data.range(of: marker, options: .backwards) {
            out.insert(contentsOf: Data(addition.utf8), at: range.lowerBound)
        } else {
            out.append(Data(addition.utf8))
        }
        return out
    }
}
