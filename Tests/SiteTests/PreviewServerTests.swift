import Foundation
import Testing

@testable import Site

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 7: `literate serve` stays inside the site, injects its script only into what it serves, and
/// tells open pages to reload after an edit. Every request goes to 127.0.0.1 and every wait is bounded.
@Suite struct PreviewServerTests {
    @Test(arguments: [
        "/../etc/passwd", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/secret",
        "/assets/..%2f..%2fsecret", "/..%5c..%5csecret", "/a/./b", "/%00", "/assets/%2e%2e/%2e%2e/secret",
        "relative.html",
    ])
    func pathsLeavingTheSiteAreRefused(path: String) throws {
        let fixture = try ServedFolder()
        defer { fixture.remove() }
        #expect(PreviewServer.resolve(path, in: fixture.site.path) == .forbidden)
    }

    @Test func pathsInsideTheSiteResolve() throws {
        let fixture = try ServedFolder()
        defer { fixture.remove() }
        let site = fixture.site.resolvingSymlinksInPath().path
        #expect(PreviewServer.resolve("/", in: fixture.site.path) == .file(site + "/index.html"))
        #expect(PreviewServer.resolve("/index.html?x=1", in: fixture.site.path) == .file(site + "/index.html"))
        #expect(PreviewServer.resolve("/assets/", in: fixture.site.path) == .notFound)
        #expect(
            PreviewServer.resolve("/assets/style%2Ecss", in: fixture.site.path) == .file(site + "/assets/style.css"))
        #expect(PreviewServer.resolve("/missing.html", in: fixture.site.path) == .notFound)
    }

    @Test func symbolicLinkOutOfTheSiteIsRefused() throws {
        let fixture = try ServedFolder()
        defer { fixture.remove() }
        try FileManager.default.createSymbolicLink(
            atPath: fixture.site.appendingPathComponent("escape").path, withDestinationPath: fixture.folder.path)
        #expect(PreviewServer.resolve("/escape/secret", in: fixture.site.path) == .forbidden)
    }

    @Test func injectionGoesBeforeTheBodyEnd() {
        let page = Data("<html><body><p>x</p></body></html>".utf8)
        let served = String(decoding: PreviewServer.inject(into: page, generation: 3, error: "a < b"), as: UTF8.self)
        #expect(served.hasPrefix("<html><body><p>x</p>"))
        #expect(served.hasSuffix("</script>\n</body></html>"))
        #expect(served.contains("var served = 3;"))
        #expect(served.contains("a &lt; b"))
    }

    @Test func servesTheSiteRefusesTraversalAndReloadsAfterAnEdit() async throws {
        let fixture = try TemporarySite(pages: 3)
        defer { fixture.remove() }
        try fixture.write("secret", "top secret")
        let server = PreviewServer(options: fixture.options(output: "site"), port: 0) { _ in }
        let ports = AsyncStream<UInt16>.makeStream()
        let running = Task { try await server.run { ports.continuation.yield($0) } }
        defer { running.cancel() }
        let port = try #require(await ports.stream.first { _ in true })

        // A page as served has the reload script; the file on disk does not.
        let page = try await offPool { try LoopbackClient.get("/page-001.html", port: port) }
        #expect(page.status == 200)
        #expect(page.body.contains("Lesson 1"))
        #expect(page.body.contains("EventSource"))
        let onDisk = try String(
            contentsOf: fixture.output("site").appendingPathComponent("page-001.html"), encoding: .utf8)
        #expect(!onDisk.contains("EventSource"))
        let stylesheet = try await offPool { try LoopbackClient.get("/assets/style.css", port: port) }
        #expect(stylesheet.status == 200)
        #expect(!stylesheet.body.contains("EventSource"))

        for path in ["/../secret", "/%2e%2e/secret", "/assets/..%2F..%2Fsecret", "/../../../../etc/passwd"] {
            let refused = try await offPool { try LoopbackClient.get(path, port: port) }
            #expect(refused.status == 403, "\(path)")
            #expect(!refused.body.contains("top secret"), "\(path)")
            #expect(!refused.body.contains("root:"), "\(path)")
        }

        // An open event stream gets `reload` after an edit, and the page on disk is rebuilt by then.
        let events = try LoopbackClient(port: port)
        defer { events.close() }
        try events.send("GET \(PreviewServer.eventsPath) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(try await offPool { try events.read(until: "event: hello", seconds: 10) })
        try fixture.write("Content/page-002.md", TemporarySite.page(2) + "\nA freshly edited sentence.\n")
        #expect(try await offPool { try events.read(until: "event: reload", seconds: 20) })
        let rebuilt = try String(
            contentsOf: fixture.output("site").appendingPathComponent("page-002.html"), encoding: .utf8)
        #expect(rebuilt.contains("A freshly edited sentence."))

        // A broken edit: the error shows in the served page, the last good page stays.
        try fixture.write("Content/page-002.md", "# Broken\n\n```{swift}\nsoftmax([1.0, 2.0])\n// → [0.5, 0.5]\n```\n")
        #expect(try await offPool { try events.read(until: "event: reload", seconds: 20) })
        let failed = try await offPool { try LoopbackClient.get("/page-002.html", port: port) }
        #expect(failed.body.contains("literate-build-error"))
        #expect(failed.body.contains("page-002.md:5"))
        #expect(failed.body.contains("A freshly edited sentence."))
    }
}

/// Runs blocking socket work on a Dispatch thread. On the cooperative pool it would hold one of its few
/// threads (two on a 2-core machine) while the server under test, which runs on that pool too, waits for
/// one to answer: with other tests running in parallel the request then times out.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

/// A temporary site folder with a built site (a page and a stylesheet) and a secret beside it.
struct ServedFolder {
    let temporary: TemporarySite
    var folder: URL { temporary.folder }
    var site: URL { temporary.output("site") }

    init() throws {
        temporary = try TemporarySite()
        try temporary.write("site/index.html", "<p>home</p>")
        try temporary.write("site/assets/style.css", "body {}")
        try temporary.write("secret", "secret")
    }

    func remove() { temporary.remove() }
}

/// A bare HTTP/1.1 client on 127.0.0.1 that sends paths exactly as written (no normalization), with a
/// receive timeout on every read.
final class LoopbackClient: @unchecked Sendable {
    struct Response {
        var status: Int
        var body: String
    }

    let socket: Int32
    private var received: [UInt8] = []

    init(port: UInt16) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(socket)
            throw ClientError.cannotConnect
        }
    }

    enum ClientError: Error { case cannotConnect, cannotSend }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(socket, bytes, bytes.count, 0) == bytes.count else { throw ClientError.cannotSend }
    }

    /// Reads until `marker` has arrived, the peer closes, or `seconds` pass; true when it arrived.
    func read(until marker: String, seconds: Double) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            if String(decoding: received, as: UTF8.self).contains(marker) {
                if let range = String(decoding: received, as: UTF8.self).range(of: marker) {
                    let consumed = String(decoding: received, as: UTF8.self)[..<range.upperBound].utf8.count
                    received.removeFirst(consumed)
                }
                return true
            }
            let count = recv(socket, &chunk, chunk.count, 0)
            if count == 0 { return false }
            if count > 0 { received += chunk[0..<count] }
        }
        return false
    }

    /// Everything until the peer closes, or `seconds` pass.
    func readAll(seconds: Double) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            let count = recv(socket, &chunk, chunk.count, 0)
            if count == 0 { break }
            if count > 0 { received += chunk[0..<count] }
        }
        return String(decoding: received, as: UTF8.self)
    }

    func close() { Glibc.close(socket) }

    /// One request on its own connection (`Connection: close`).
    static func get(_ path: String, port: UInt16) throws -> Response {
        let client = try LoopbackClient(port: port)
        defer { client.close() }
        try client.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let text = client.readAll(seconds: 10)
        let statusLine = text.prefix { $0 != "\r" }.split(separator: " ")
        let status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return Response(status: status, body: body)
    }
}
