import Foundation

/// The preview's shared state: the build number, the last build's error, and the open event streams.
///
/// A lock rather than an actor: it is read by the server's threads while a build may hold the task pool.
final class PreviewState: @unchecked Sendable {
    private let lock = NSLock()
    private var generation = 0
    private var error: String?
    private var streams: [Int: ServeEvents.Send] = [:]
    private var nextStream = 0
    private var stopped = false

    func snapshot() -> (Int, String?) { lock.withLock { (generation, error) } }

    /// A new event stream, starting with `hello` and the current build number. Events are sent under
    /// the lock, so every stream gets them in order.
    func events() -> ServeEvents {
        ServeEvents { [self] send in
            lock.withLock {
                send(Array("retry: 500\nevent: hello\ndata: \(generation)\n\n".utf8))
                guard !stopped else {
                    send(nil)
                    return {}
                }
                nextStream += 1
                let id = nextStream
                streams[id] = send
                return { [self] in lock.withLock { streams[id] = nil } }
            }
        }
    }

    /// Records a finished build and sends `reload` to every open page.
    func finishBuild(error: String?) {
        lock.withLock {
            generation += 1
            self.error = error
            let event = Array("event: reload\ndata: \(generation)\n\n".utf8)
            for send in streams.values { send(event) }
        }
    }

    /// Ends every event stream, and any opened later.
    func stop() {
        lock.withLock {
            stopped = true
            for send in streams.values { send(nil) }
            streams = [:]
        }
    }
}
