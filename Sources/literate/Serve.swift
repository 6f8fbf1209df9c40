import ArgumentParser
import Dispatch
import Evaluator
import Foundation
import Site

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site, serve it on 127.0.0.1, and rebuild and reload pages as you edit.",
        discussion: """
            Only the loopback address is used, so the preview is never reachable from another machine.
            Content/ and Templates/ are watched (inotify on Linux); an edit rebuilds only what it changed
            and reloads the open page. A failed build is shown in the page and here, while the last good
            site stays served. Ctrl-C stops the server.
            """
    )

    @Option(help: "Folder of Markdown pages.") var content = "Content"
    @Option(help: "Folder of Mustache templates and assets/.") var templates = "Templates"
    @Option(help: "Folder the site is written to and served from.") var output = "_site"
    @Option(help: "Folder of the incremental-build cache.") var cache = BuildDefaults.cacheDirectory
    @Option(help: "Port on 127.0.0.1 (0 picks a free one).") var port: UInt16 = 4000
    @OptionGroup var pageLimits: PageLimitOptions

    func validate() throws {
        let options = BuildOptions(contentDirectory: content, templatesDirectory: templates, outputDirectory: output)
        if let refusal = OutputFolder.refusal(for: options) { throw ValidationError(refusal.text) }
    }

    func run() throws {
        let options = BuildOptions(
            contentDirectory: content, templatesDirectory: templates, outputDirectory: output,
            cacheDirectory: cache, limits: pageLimits.limits)
        let server = PreviewServer(options: options, port: port) { Terminal.info($0) }
        let output = output
        let task = Task.detached {
            try await server.run { port in
                Terminal.info("Serving \(output)/ at http://127.0.0.1:\(port)/ (Ctrl-C to stop)")
            }
        }
        // Ctrl-C (and a polite kill) cancel the server task: the server closes every connection at once
        // and returns, after a build under way has finished; a second Ctrl-C does not wait for it.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let interrupts = InterruptCount()
        let signals = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: .global()) }
        for source in signals {
            source.setEventHandler {
                guard interrupts.increment() == 1 else {
                    Terminal.info("Stopped before the build under way finished.")
                    Foundation.exit(130)
                }
                task.cancel()
                DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) {
                    if !interrupts.isDone {
                        Terminal.info("Stopped serving; finishing the build under way (Ctrl-C again to quit now).")
                    }
                }
            }
            source.resume()
        }
        // The sources must outlive the wait: an optimized build may otherwise release them right away.
        let result = withExtendedLifetime(signals) { runBlocking { await task.result } }
        interrupts.finish()
        switch result {
        case .failure(let error as ServeError):
            Terminal.info("error: \(error)")
            throw ExitCode(1)
        case .failure(let error):
            Terminal.info("error: cannot serve: \(error)")
            throw ExitCode(1)
        case .success:
            Terminal.info("Stopped.")
        }
    }
}

/// How many stop signals came, and whether the server has returned; shared with the signal handlers.
private final class InterruptCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var done = false

    func increment() -> Int {
        lock.withLock {
            count += 1; return count
        }
    }
    var isDone: Bool { lock.withLock { done } }
    func finish() { lock.withLock { done = true } }
}
