import Foundation
import Testing

@testable import Site

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 16: `literate serve` bounds what a client may send before parsing it (414, 431), answers
/// in time linear in it, lets no slow or hostile client starve the others, stops at once when asked,
/// and says plainly when its port is taken. Timings are asserted only as generous upper bounds; the
/// measured figures come from Benchmarks/serve/bench.py.
@Suite struct ServeHeadReaderTests {
    static func read(_ text: String, limits: ServeLimits = ServeLimits()) -> RequestHeadReader.Outcome {
        var reader = RequestHeadReader(limits: limits)
        return reader.append(Array(text.utf8))
    }

    static func request(_ outcome: RequestHeadReader.Outcome) -> ServeRequest? {
        if case .request(let request) = outcome { return request }
        return nil
    }

    @Test func aHeadSplitAnywhereReadsTheSame() throws {
        let text = "\r\nGET /a%20b?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Twice: 1\r\nx-twice:  2 \r\nAccept: */*\r\n\r\n"
        let whole = try #require(Self.request(Self.read(text)))
        #expect(whole.method == "GET")
        #expect(whole.target == "/a%20b?x=1")
        #expect(whole.path == "/a%20b")
        #expect(whole.headers["x-twice"] == "1, 2")
        #expect(whole.headers["host"] == "127.0.0.1")
        #expect(whole.keepsAlive)
        // Byte by byte: nothing until the blank line, then the same request.
        var reader = RequestHeadReader(limits: ServeLimits())
        let bytes = Array(text.utf8)
        for byte in bytes.dropLast() { #expect(reader.append([byte]) == .needMore) }
        #expect(reader.append([bytes.last!]) == .request(whole))
        // Bare line feeds are accepted too.
        #expect(Self.request(Self.read(text.replacingOccurrences(of: "\r\n", with: "\n"))) == whole)
    }

    @Test func pipelinedRequestsComeOneAtATime() {
        var reader = RequestHeadReader(limits: ServeLimits())
        let first = reader.append(Array("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\nConnection: close\r\n\r\nGET".utf8))
        #expect(Self.request(first)?.target == "/1")
        let second = reader.scan()
        #expect(Self.request(second)?.target == "/2")
        #expect(Self.request(second)?.keepsAlive == false)
        #expect(reader.scan() == .needMore)
        #expect(reader.hasPartialRequest)
    }

    @Test func theRequestLineIsBoundedBeforeItEnds() {
        var limits = ServeLimits()
        limits.requestLineBytes = 100
        let fits = "GET /" + String(repeating: "a", count: 100 - 14) + " HTTP/1.1"
        #expect(fits.utf8.count == 100)
        #expect(Self.request(Self.read(fits + "\r\n\r\n", limits: limits)) != nil)
        #expect(Self.read("GET /a" + fits.dropFirst(5) + "\r\n\r\n", limits: limits) == .refuse(.uriTooLong))
        // Refused as soon as 102 bytes hold no line end, without waiting for the rest of the line.
        var reader = RequestHeadReader(limits: limits)
        #expect(reader.append(Array(fits.utf8) + [0x0D]) == .needMore)
        #expect(reader.append([0x61]) == .refuse(.uriTooLong))
    }

    @Test func headerFieldsAreBoundedBeforeTheyEnd() {
        var limits = ServeLimits()
        limits.headerBytes = 100
        let field = "X: " + String(repeating: "b", count: 95) + "\r\n"  // 100 bytes
        #expect(Self.request(Self.read("GET / HTTP/1.1\r\n" + field + "\r\n", limits: limits)) != nil)
        #expect(
            Self.read("GET / HTTP/1.1\r\n" + field + "Y: 1\r\n\r\n", limits: limits) == .refuse(.headerFieldsTooLarge))
        var reader = RequestHeadReader(limits: limits)
        #expect(reader.append(Array(("GET / HTTP/1.1\r\n" + field + "\r").utf8)) == .needMore)
        #expect(reader.append(Array("YY".utf8)) == .refuse(.headerFieldsTooLarge))
    }

    @Test(arguments: [
        ("GET  / HTTP/1.1\r\n\r\n", 400), ("GET / HTTP/1.1 x\r\n\r\n", 400), ("GET /\r\n\r\n", 400),
        ("GET / FTP/1.1\r\n\r\n", 400), ("GET / HTTP/2.0\r\n\r\n", 505), ("G(T / HTTP/1.1\r\n\r\n", 400),
        ("GET /\u{1}a HTTP/1.1\r\n\r\n", 400), ("GET / HTTP/1.1\r\nNo colon\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nBad name: x\r\n\r\n", 400), ("GET / HTTP/1.1\r\n: x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nA: 1\r\n folded\r\n\r\n", 400), ("GET / HTTP/1.1\r\nA: 1\r2\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
    ])
    func malformedHeadsAreRefused(text: String, status: Int) {
        guard case .refuse(let refusal) = Self.read(text) else {
            Issue.record("accepted: \(text.debugDescription)")
            return
        }
        #expect(refusal.code == status, "\(text.debugDescription)")
    }

    @Test func connectionsCloseAfterHTTP10ACloseOrABody() throws {
        #expect(try #require(Self.request(Self.read("GET / HTTP/1.0\r\n\r\n"))).keepsAlive == false)
        #expect(
            try #require(Self.request(Self.read("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n"))).keepsAlive == false)
        #expect(
            try #require(Self.request(Self.read("GET / HTTP/1.1\r\nContent-Length: 3\r\n\r\n"))).keepsAlive == false)
        #expect(
            try #require(Self.request(Self.read("GET / HTTP/1.1\r\nTransfer-Encoding: x\r\n\r\n"))).keepsAlive == false)
        #expect(try #require(Self.request(Self.read("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"))).keepsAlive)
    }
}

@Suite struct ServeLoopTests {
    /// A loop on a free port answering every request with its target, and `/events` with a stream that
    /// never ends, `/big` with 64 MiB.
    struct Running {
        let loop: ServeLoop
        let task: Task<Void, Never>
        let port: UInt16

        init(limits: ServeLimits = ServeLimits()) throws {
            let listener = try ServeListener(port: 0)
            port = listener.port
            let loop = ServeLoop(listener: listener, limits: limits) { request in
                switch request.path {
                case "/events":
                    let events = ServeEvents { send in
                        send(Array("event: hello\ndata: 0\n\n".utf8))
                        return {}
                    }
                    return ServeResponse(.ok, headers: [("Content-Type", "text/event-stream")], body: .events(events))
                case "/big":
                    return ServeResponse(.ok, body: .bytes(Data(count: 64 << 20)))
                default:
                    return .plain(.ok, "target \(request.target)\n")
                }
            }
            self.loop = loop
            task = Task { await loop.run() }
        }
    }

    /// Sends `bytes` whole (unless the server closes), then reads until it closes; the answer's text.
    static func exchange(_ bytes: [UInt8], port: UInt16, seconds: Double = 10) throws -> String {
        let client = try LoopbackClient(port: port)
        defer { client.close() }
        client.sendAll(bytes)
        return client.readAll(seconds: seconds)
    }

    static func status(_ text: String) -> Int {
        let parts = text.prefix { $0 != "\r" }.split(separator: " ")
        return parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    }

    @Test func aLongRequestLineIs414AtOnce() async throws {
        let server = try Running()
        defer { server.task.cancel() }
        let (answers, seconds) = try await onThread {
            let start = ContinuousClock.now
            let long = Array(("GET /" + String(repeating: "a", count: 64 * 1024) + " HTTP/1.1\r\n\r\n").utf8)
            let whole = try Self.exchange(long, port: server.port)
            // 9 KB of request line, and no more: answered without waiting for the line to end.
            let client = try LoopbackClient(port: server.port)
            defer { client.close() }
            client.sendAll(Array(("GET /" + String(repeating: "a", count: 9 * 1024)).utf8))
            return ([whole, client.readAll(seconds: 10)], (ContinuousClock.now - start).seconds)
        }
        #expect(answers.map(Self.status) == [414, 414])
        #expect(answers[0].contains("Connection: close"))
        #expect(seconds < 5)
    }

    @Test func megabyteHeadersAre431AndTheAnswerArrives() async throws {
        let server = try Running()
        defer { server.task.cancel() }
        let (statuses, seconds) = try await onThread {
            let start = ContinuousClock.now
            let field = "X-Filler: " + String(repeating: "b", count: 1000) + "\r\n"
            let many = Array(("GET / HTTP/1.1\r\n" + String(repeating: field, count: 1024) + "\r\n").utf8)
            let one = Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "c", count: 1 << 20) + "\r\n\r\n").utf8)
            let statuses = try [many, one].map { Self.status(try Self.exchange($0, port: server.port)) }
            return (statuses, (ContinuousClock.now - start).seconds)
        }
        #expect(statuses == [431, 431])
        #expect(seconds < 5)
    }

    @Test func requestsOnOneConnectionKeepItOpenAndHeadHasNoBody() async throws {
        let server = try Running()
        defer { server.task.cancel() }
        let text = try await onThread {
            let client = try LoopbackClient(port: server.port)
            defer { client.close() }
            client.sendAll(Array("GET /one HTTP/1.1\r\n\r\n".utf8))
            guard try client.read(until: "target /one\n", seconds: 10) else { return "no first answer" }
            // Two more at once; the last closes.
            client.sendAll(Array("HEAD /two HTTP/1.1\r\n\r\nGET /three HTTP/1.1\r\nConnection: close\r\n\r\n".utf8))
            return client.readAll(seconds: 10)
        }
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(!text.contains("target /two"))
        #expect(text.contains("Content-Length: 12\r\n"))
        #expect(text.hasSuffix("target /three\n"))
    }

    @Test func aSlowClientDoesNotBlockOthersAndIsCutOff() async throws {
        var limits = ServeLimits()
        limits.headSeconds = 2
        let server = try Running(limits: limits)
        defer { server.task.cancel() }
        let start = ContinuousClock.now
        // Slowloris: a byte every 50 ms, for as long as it is let; the deadline counts from the
        // connection's start, not from its last byte.
        let slow = try LoopbackClient(port: server.port)
        defer { slow.close() }
        slow.setReceiveTimeout(0.05)
        let cutOff = Background { () -> (String, Double) in
            slow.sendAll(Array("GET / HTTP/1.1\r\nX: ".utf8))
            while ContinuousClock.now - start < .seconds(20) {
                slow.sendAll([0x61])
                let answer = slow.readAll(seconds: 0.05)
                if answer.contains("\r\n\r\n") { return (answer, (ContinuousClock.now - start).seconds) }
            }
            return ("", 20)
        }
        // Two more trickle long request lines, as fast as the server reads them.
        let tricklers = try (0..<2).map { _ in try LoopbackClient(port: server.port) }
        defer { tricklers.forEach { $0.close() } }
        for client in tricklers { client.sendAll(Array("GET /".utf8)) }
        let trickling = Background {
            for _ in 0..<60 {
                for client in tricklers { client.sendAll(Array(repeating: 0x61, count: 100)) }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        // Meanwhile, others are answered, each at once.
        let (statuses, longest, answeredBy) = try await onThread { () -> ([Int], Double, Double) in
            var statuses: [Int] = []
            var longest = 0.0
            for _ in 0..<5 {
                let before = ContinuousClock.now
                let request = Array("GET /quick HTTP/1.1\r\nConnection: close\r\n\r\n".utf8)
                statuses.append(Self.status(try Self.exchange(request, port: server.port)))
                longest = max(longest, (ContinuousClock.now - before).seconds)
            }
            return (statuses, longest, (ContinuousClock.now - start).seconds)
        }
        #expect(statuses == [200, 200, 200, 200, 200])
        #expect(longest < 1)
        let (answer, cutOffAt) = try await cutOff.value
        #expect(Self.status(answer) == 408)
        #expect(answeredBy < cutOffAt)
        #expect(cutOffAt >= 1.9 && cutOffAt < 10)
        try await trickling.value
    }

    @Test func manyIdleConnectionsDoNotLockOthersOut() async throws {
        var limits = ServeLimits()
        limits.connections = 16
        let server = try Running(limits: limits)
        defer { server.task.cancel() }
        let answer = try await onThread {
            let idle = try (0..<40).map { _ in try LoopbackClient(port: server.port) }
            defer { idle.forEach { $0.close() } }
            for client in idle.prefix(20) { client.sendAll(Array("GET /".utf8)) }
            return try Self.exchange(Array("GET /x HTTP/1.1\r\nConnection: close\r\n\r\n".utf8), port: server.port)
        }
        #expect(Self.status(answer) == 200)
    }

    @Test func aBusyPortIsSaidAtOnce() async throws {
        let taken = try ServeListener(port: 0)
        defer { taken.close() }
        #expect(throws: ServeError.portInUse(taken.port)) { try ServeListener(port: taken.port) }
        #expect(
            ServeError.portInUse(4000).description.hasPrefix(
                "port 4000 on 127.0.0.1 is in use; choose another with --port"))
        // The preview server says so before building anything.
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("literate-none-\(UUID())").path
        let options = BuildOptions(
            contentDirectory: missing + "/Content", templatesDirectory: missing + "/Templates",
            outputDirectory: missing + "/site")
        await #expect(throws: ServeError.portInUse(taken.port)) {
            try await PreviewServer(options: options, port: taken.port) { _ in }.run()
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func cancellationStopsTheLoopWithinASecondWhateverClientsDo() async throws {
        let server = try Running()
        // A head trickling in, a line too long half sent, an open event stream, and a client reading
        // none of its 64 MiB answer.
        let hostile = try (0..<4).map { _ in try LoopbackClient(port: server.port) }
        defer { hostile.forEach { $0.close() } }
        hostile[0].sendAll(Array("GET / HTTP/1.1\r\nX: a".utf8))
        hostile[1].sendAll(Array(("GET /" + String(repeating: "a", count: 6000)).utf8))
        hostile[2].sendAll(Array("GET /events HTTP/1.1\r\n\r\n".utf8))
        hostile[3].sendAll(Array("GET /big HTTP/1.1\r\n\r\n".utf8))
        #expect(try await onThread { try hostile[2].read(until: "event: hello", seconds: 10) })
        #expect(try await onThread { try hostile[3].read(until: "Content-Length: 67108864", seconds: 10) })
        // Cancelling stops the loop at once (its own thread closes everything, whatever the task pool
        // is doing): the clients see their connections end and the port is free again.
        let seconds = try await onThread {
            let start = ContinuousClock.now
            server.task.cancel()
            for client in hostile.prefix(3) { _ = client.readAll(seconds: 5) }
            while ContinuousClock.now - start < .seconds(5) {
                guard let again = try? ServeListener(port: server.port) else {
                    Thread.sleep(forTimeInterval: 0.01)
                    continue
                }
                again.close()
                break
            }
            return (ContinuousClock.now - start).seconds
        }
        #expect(seconds < 1)
        await server.task.value
    }

    @Test func cancellingThePreviewStopsItWithinASecondWithHostileClients() async throws {
        let fixture = try TemporarySite(pages: 1)
        defer { fixture.remove() }
        try FileManager.default.removeItem(at: fixture.content.appendingPathComponent("page-001.md"))
        let server = PreviewServer(options: fixture.options(output: "site"), port: 0) { _ in }
        let ports = AsyncStream<UInt16>.makeStream()
        let running = Task { try await server.run { ports.continuation.yield($0) } }
        let port = try #require(await ports.stream.first { _ in true })
        let slow = try LoopbackClient(port: port)
        defer { slow.close() }
        slow.sendAll(Array(("GET /" + String(repeating: "a", count: 8000)).utf8))
        let events = try LoopbackClient(port: port)
        defer { events.close() }
        events.sendAll(Array("GET \(PreviewServer.eventsPath) HTTP/1.1\r\n\r\n".utf8))
        #expect(try await onThread { try events.read(until: "event: hello", seconds: 10) })
        let seconds = try await onThread {
            let start = ContinuousClock.now
            running.cancel()
            _ = slow.readAll(seconds: 5)
            _ = events.readAll(seconds: 5)
            return (ContinuousClock.now - start).seconds
        }
        #expect(seconds < 1)
        try await running.value
    }
}

/// Runs blocking socket work on a thread of its own: neither the task pool nor Dispatch's global queue
/// (each about as many threads as cores, and shared on Linux) is free while other tests build pages, and
/// a client waiting in line behind them would look like a slow server.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await Background(work).value
}

/// Work started on a thread of its own at once (not when the task pool gets round to it), whose result
/// is awaited later.
final class Background<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?
    private var waiter: CheckedContinuation<T, any Error>?

    init(_ work: @escaping @Sendable () throws -> T) {
        Thread { [self] in
            let result = Result { try work() }
            let waiter = lock.withLock {
                self.result = result
                return self.waiter
            }
            waiter?.resume(with: result)
        }.start()
    }

    var value: T {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let result = lock.withLock {
                    if self.result == nil { waiter = continuation }
                    return self.result
                }
                if let result { continuation.resume(with: result) }
            }
        }
    }
}

extension LoopbackClient {
    func setReceiveTimeout(_ seconds: Double) {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1e6))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends every byte, or as many as the server takes before it closes; never raises SIGPIPE.
    func sendAll(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            sent += count
        }
    }
}
