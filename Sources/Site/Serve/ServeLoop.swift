import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The preview's HTTP/1.1 server, small enough to hold every bound `ServeLimits` promises.
///
/// One thread waits in poll(2) on the listening socket, every connection and a wake-up pipe, and moves
/// each connection through its phases: reading a head (with a deadline and the size limits), waiting
/// for its handler, writing, streaming events, and lingering after a refusal. No connection can hold
/// the thread: each is served one bounded read or write at a time, and each phase has a deadline.
/// `stop()` is seen at once, whatever clients do.
///
/// Handlers run on two threads of the server's own, which hand responses back through the pipe: not as
/// tasks, since a build holds the task pool's few threads while it compiles and runs pages, and the
/// preview must answer during a rebuild.
///
/// It replaced FlyingFox, whose request decoder (internal, with no limits to configure) scans the whole
/// line so far for each byte it reads (quadratic: 16 KB took 11 s), has no deadline for reading a
/// request, and could not be told to stop while such a read was under way.
final class ServeLoop: @unchecked Sendable {
    typealias Handler = @Sendable (ServeRequest) -> ServeResponse
    static let workerCount = 2

    private let listener: ServeListener
    private let limits: ServeLimits
    private let handler: Handler

    // Shared with tasks and `stop()`, under `lock`.
    private let lock = NSLock()
    private var inbox: [Message] = []
    private var stopRequested = false
    private var isFinished = false
    private var finishWaiters: [CheckedContinuation<Void, Never>] = []
    private let wakeReader: Int32
    private let wakeWriter: Int32

    // Shared with the handler threads, under `work`.
    private let work = NSCondition()
    private var jobs: [(id: Int, request: ServeRequest)] = []
    private var workersStop = false

    // The loop thread's own.
    private var connections: [Int: Connection] = [:]
    private var nextID = 0
    private var acceptPausedUntil = 0.0
    private var scratch = [UInt8](repeating: 0, count: 16 * 1024)

    private enum Message {
        case response(Int, ServeResponse)
        case event(Int, [UInt8])
        case eventsEnded(Int)
    }

    /// Starts serving at once, on threads of its own (so not even the start waits for the task pool);
    /// it serves until `stop()`, or until a task waiting in `run()` is cancelled.
    init(listener: ServeListener, limits: ServeLimits = ServeLimits(), handler: @escaping Handler) {
        self.listener = listener
        self.limits = limits
        self.handler = handler
        (wakeReader, wakeWriter) = makePipe()
        let thread = Thread { [self] in serve() }
        thread.name = "literate serve"
        thread.start()
        for number in 1...Self.workerCount {
            let worker = Thread { [self] in handleRequests() }
            worker.name = "literate serve handler \(number)"
            worker.start()
        }
    }

    /// Waits until the loop has stopped, stopping it when the calling task is cancelled; returns once
    /// every connection and the listening socket are closed.
    func run() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let done = lock.withLock {
                    if !isFinished { finishWaiters.append(continuation) }
                    return isFinished
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            stop()
        }
    }

    /// Asks the loop to close everything and end; returns at once.
    func stop() {
        lock.withLock { stopRequested = true }
        wake()
    }

    private func post(_ message: Message) {
        let posted = lock.withLock {
            if !isFinished { inbox.append(message) }
            return !isFinished
        }
        if posted { wake() }
    }

    private func wake() {
        lock.withLock {
            guard !isFinished else { return }
            var byte: UInt8 = 1
            // A full pipe already holds a wake-up.
            _ = write(wakeWriter, &byte, 1)
        }
    }

    /// A handler thread: answers requests until the loop ends. A handler still at work then finishes,
    /// and its response is dropped.
    private func handleRequests() {
        while true {
            work.lock()
            while jobs.isEmpty && !workersStop { work.wait() }
            if workersStop {
                work.unlock()
                return
            }
            let job = jobs.removeFirst()
            work.unlock()
            post(.response(job.id, handler(job.request)))
        }
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    // MARK: The loop

    private func serve() {
        var descriptors: [pollfd] = []
        var polled: [Connection] = []
        while true {
            let (messages, stopping) = lock.withLock {
                defer { inbox.removeAll() }
                return (inbox, stopRequested)
            }
            if stopping { break }
            for message in messages { receive(message) }
            let now = Self.now()
            for connection in Array(connections.values) { expire(connection, now: now) }

            descriptors.removeAll(keepingCapacity: true)
            polled.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: wakeReader, events: Int16(POLLIN), revents: 0))
            let accepting = now >= acceptPausedUntil
            descriptors.append(pollfd(fd: listener.descriptor, events: accepting ? Int16(POLLIN) : 0, revents: 0))
            var nextDeadline = accepting ? Double.infinity : acceptPausedUntil
            for connection in connections.values {
                descriptors.append(pollfd(fd: connection.descriptor, events: connection.interest, revents: 0))
                polled.append(connection)
                nextDeadline = min(nextDeadline, connection.deadline(limits))
            }
            let timeout = nextDeadline.isFinite ? Int32(max(0, min((nextDeadline - now) * 1000 + 1, 60_000))) : -1
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if descriptors[0].revents != 0 {
                var sink = [UInt8](repeating: 0, count: 256)
                while read(wakeReader, &sink, sink.count) > 0 {}
            }
            for (index, connection) in polled.enumerated() where descriptors[index + 2].revents != 0 {
                if !connection.isClosed { service(connection, events: descriptors[index + 2].revents) }
            }
            if descriptors[1].revents != 0 { acceptConnections() }
        }
        finish()
    }

    private func finish() {
        work.lock()
        workersStop = true
        jobs = []
        work.broadcast()
        work.unlock()
        for connection in Array(connections.values) { close(connection) }
        listener.close()
        let waiters = lock.withLock {
            isFinished = true
            closeDescriptor(wakeReader)
            closeDescriptor(wakeWriter)
            defer { finishWaiters = [] }
            return finishWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func acceptConnections() {
        for _ in 0..<64 {
            let descriptor = acceptConnection(listener.descriptor)
            guard descriptor >= 0 else {
                switch errno {
                case EINTR, ECONNABORTED: continue
                case EAGAIN, EWOULDBLOCK: return
                default:
                    // Out of descriptors (EMFILE, ENFILE) or memory: make room, and wait a moment.
                    if let idle = idlest() { close(idle) }
                    acceptPausedUntil = Self.now() + 0.1
                    return
                }
            }
            if connections.count >= limits.connections {
                if let idle = idlest() {
                    close(idle)
                } else {
                    let busy = ServeResponse.plain(.serviceUnavailable, "Too many connections.\n")
                    let bytes = busy.head(keepAlive: false) + Array("Too many connections.\n".utf8)
                    _ = send(descriptor, bytes, bytes.count, sendFlags)
                    closeDescriptor(descriptor)
                    continue
                }
            }
            nextID += 1
            let connection = Connection(id: nextID, descriptor: descriptor, limits: limits, now: Self.now())
            connections[connection.id] = connection
        }
    }

    /// The connection that has waited longest for a request head: the one to close when full.
    private func idlest() -> Connection? {
        connections.values.filter { $0.phase == .reading }.min { $0.readingSince < $1.readingSince }
    }

    private func expire(_ connection: Connection, now: Double) {
        guard now >= connection.deadline(limits) else { return }
        if connection.phase == .reading && connection.reader.hasPartialRequest {
            refuse(connection, .requestTimeout, "The request took too long to arrive.\n")
        } else {
            close(connection)
        }
    }

    private func service(_ connection: Connection, events: Int16) {
        if events & Int16(POLLERR | POLLNVAL) != 0 { return close(connection) }
        let readable = events & Int16(POLLIN | POLLHUP) != 0
        switch connection.phase {
        case .reading:
            if readable { readHead(connection) }
        case .handling:
            // The client left while its answer was being made.
            if events & Int16(POLLHUP) != 0 { close(connection) }
        case .writing:
            if events & Int16(POLLOUT) != 0 {
                flush(connection)
            } else if events & Int16(POLLHUP) != 0 {
                close(connection)
            }
        case .streaming, .lingering:
            if readable { discardInput(connection) }
            if !connection.isClosed && events & Int16(POLLOUT) != 0 { flush(connection) }
        }
    }

    private func readHead(_ connection: Connection) {
        let count = scratch.withUnsafeMutableBytes { recv(connection.descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { return }
        guard count > 0 else { return close(connection) }
        let outcome = scratch.withUnsafeBytes {
            connection.reader.append(UnsafeRawBufferPointer(rebasing: $0[0..<count]))
        }
        handle(outcome, on: connection)
    }

    private func handle(_ outcome: RequestHeadReader.Outcome, on connection: Connection) {
        switch outcome {
        case .needMore:
            break
        case .refuse(let status):
            refuse(connection, status, Self.explanation(status))
        case .request(let request):
            connection.phase = .handling
            connection.request = request
            work.lock()
            jobs.append((connection.id, request))
            work.signal()
            work.unlock()
        }
    }

    private static func explanation(_ status: ServeStatus) -> String {
        switch status {
        case .uriTooLong: return "The request line is longer than the server accepts.\n"
        case .headerFieldsTooLarge: return "The request's header fields are larger than the server accepts.\n"
        case .versionNotSupported: return "Only HTTP/1.0 and HTTP/1.1 are served.\n"
        default: return "The request could not be understood.\n"
        }
    }

    /// Answers with `status`, then closes (after lingering).
    private func refuse(_ connection: Connection, _ status: ServeStatus, _ text: String) {
        connection.request = nil
        let response = ServeResponse.plain(status, text)
        connection.keepAlive = false
        connection.queue(response.head(keepAlive: false) + Array(text.utf8), now: Self.now())
        connection.phase = .writing
        flush(connection)
    }

    private func receive(_ message: Message) {
        switch message {
        case .response(let id, let response):
            // A response for a connection since closed is dropped (an event stream ends with it).
            guard let connection = connections[id], connection.phase == .handling,
                let request = connection.request
            else {
                // A stream nobody will read is not started.
                return
            }
            let headOnly = request.method == "HEAD"
            switch response.body {
            case .bytes(let data):
                connection.keepAlive = request.keepsAlive
                connection.queue(
                    response.head(keepAlive: connection.keepAlive) + (headOnly ? [] : Array(data)), now: Self.now())
                connection.phase = .writing
            case .events(let events):
                connection.keepAlive = false
                connection.queue(response.head(keepAlive: false), now: Self.now())
                if headOnly {
                    connection.phase = .writing
                } else {
                    connection.phase = .streaming
                    connection.stopEvents = events.start { [self] bytes in
                        post(bytes.map { .event(id, $0) } ?? .eventsEnded(id))
                    }
                }
            }
            flush(connection)
        case .event(let id, let bytes):
            guard let connection = connections[id], connection.phase == .streaming else { return }
            connection.queue(bytes, now: Self.now())
            // A client that reads none of its events is not worth a megabyte.
            if connection.pendingBytes > 1 << 20 { return close(connection) }
            flush(connection)
        case .eventsEnded(let id):
            guard let connection = connections[id], connection.phase == .streaming else { return }
            connection.streamEnded = true
            flush(connection)
        }
    }

    /// Writes what the client will take now, up to 256 KiB so that a fast reader of a large file does not
    /// keep the others waiting; once all is written, moves the connection on.
    private func flush(_ connection: Connection) {
        var budget = 256 * 1024
        while connection.pendingBytes > 0 {
            guard budget > 0 else { return }
            let sent = connection.output.withUnsafeBytes {
                send(
                    connection.descriptor, $0.baseAddress! + connection.written, $0.count - connection.written,
                    sendFlags)
            }
            if sent > 0 {
                budget -= sent
                connection.written += sent
                connection.lastProgress = Self.now()
            } else if sent < 0 && errno == EINTR {
                continue
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return
            } else {
                return close(connection)
            }
        }
        connection.output = []
        connection.written = 0
        switch connection.phase {
        case .writing:
            if connection.keepAlive {
                connection.phase = .reading
                connection.request = nil
                connection.readingSince = Self.now()
                // Requests sent behind this one are already here.
                handle(connection.reader.scan(), on: connection)
            } else {
                linger(connection)
            }
        case .streaming:
            if connection.streamEnded { linger(connection) }
        case .reading, .handling, .lingering:
            break
        }
    }

    /// Half-closes and drains what the client still sends for a moment, then closes: closing with
    /// unread input would reset the connection and could destroy the answer before it is read.
    private func linger(_ connection: Connection) {
        connection.stopEvents?()
        connection.stopEvents = nil
        connection.phase = .lingering
        connection.lingerUntil = Self.now() + limits.lingerSeconds
        shutdown(connection.descriptor, Int32(SHUT_WR))
    }

    private func discardInput(_ connection: Connection) {
        let count = scratch.withUnsafeMutableBytes { recv(connection.descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { return }
        guard count > 0 else { return close(connection) }
        connection.discarded += count
        if connection.discarded > 4 << 20 { close(connection) }
    }

    private func close(_ connection: Connection) {
        guard !connection.isClosed else { return }
        connection.isClosed = true
        connection.stopEvents?()
        connection.stopEvents = nil
        closeDescriptor(connection.descriptor)
        connections[connection.id] = nil
    }
}

/// One client connection; touched only by the loop's thread.
private final class Connection {
    enum Phase { case reading, handling, writing, streaming, lingering }

    let id: Int
    let descriptor: Int32
    var phase = Phase.reading
    var reader: RequestHeadReader
    var request: ServeRequest?
    var keepAlive = false
    /// Stops the event stream this connection carries.
    var stopEvents: (@Sendable () -> Void)?
    var output: [UInt8] = []
    var written = 0
    var streamEnded = false
    var isClosed = false
    /// When the current head began to be awaited (the connection opened or its last response was sent).
    var readingSince: Double
    var lastProgress: Double
    var lingerUntil = 0.0
    var discarded = 0

    init(id: Int, descriptor: Int32, limits: ServeLimits, now: Double) {
        self.id = id
        self.descriptor = descriptor
        self.reader = RequestHeadReader(limits: limits)
        self.readingSince = now
        self.lastProgress = now
    }

    var pendingBytes: Int { output.count - written }

    func queue(_ bytes: [UInt8], now: Double) {
        if pendingBytes == 0 { lastProgress = now }
        output += bytes
    }

    /// What to wait for: input while a request or a close may come, output while some is pending.
    var interest: Int16 {
        var events: Int16 = 0
        if phase == .reading || phase == .streaming || phase == .lingering { events |= Int16(POLLIN) }
        if pendingBytes > 0 { events |= Int16(POLLOUT) }
        return events
    }

    /// When the connection is given up on, in its present phase.
    func deadline(_ limits: ServeLimits) -> Double {
        switch phase {
        case .reading: return readingSince + limits.headSeconds
        case .handling: return .infinity
        case .writing, .streaming: return pendingBytes > 0 ? lastProgress + limits.writeSeconds : .infinity
        case .lingering: return lingerUntil
        }
    }
}
