import Foundation

/// What `literate serve` accepts from a client, and how long it waits for it.
///
/// Every bound is checked as bytes arrive, before anything is parsed, so a hostile client costs time
/// linear in what it sends and memory bounded by these numbers, and cannot hold the server.
public struct ServeLimits: Sendable {
    /// The longest request line (method, target and version, without its line end): beyond it, 414.
    public var requestLineBytes = 8 * 1024
    /// The most bytes of header fields after the request line (their line ends included): beyond, 431.
    public var headerBytes = 16 * 1024
    /// How long a connection may take to send a whole request head, counted from when it opened or
    /// its previous response was sent (not from its last byte, so trickling bytes does not extend it).
    public var headSeconds = 10.0
    /// How long pending output may wait for the client to read any of it.
    public var writeSeconds = 10.0
    /// After a refusal, how long unread input is drained before closing, so the answer is not lost to
    /// a reset.
    public var lingerSeconds = 1.0
    /// Open connections at once; beyond, the connection idle the longest while sending its head is closed.
    public var connections = 256

    public init() {}
}

/// A request as the preview server sees it: only the head, since GET and HEAD carry no body.
struct ServeRequest: Sendable, Equatable {
    var method: String
    /// As sent, still percent-encoded, query included.
    var target: String
    /// `HTTP/1.0` or `HTTP/1.1`.
    var version: String
    /// Field names lower-cased; repeated fields joined with `, `.
    var headers: [String: String]

    /// The target without its query.
    var path: Substring { target.prefix { $0 != "?" } }

    /// Whether the connection may carry another request after this one's response: HTTP/1.1 without
    /// `Connection: close`, and no body (a body is never read, so what follows it cannot be trusted).
    var keepsAlive: Bool {
        guard version == "HTTP/1.1", !hasBody else { return false }
        let tokens = (headers["connection"] ?? "").lowercased().split(separator: ",")
        return !tokens.contains { $0.trimmingCharacters(in: .whitespaces) == "close" }
    }

    var hasBody: Bool {
        if headers["transfer-encoding"] != nil { return true }
        if let length = headers["content-length"] { return length != "0" }
        return false
    }
}

struct ServeStatus: Sendable, Equatable {
    var code: Int
    var reason: String

    static let ok = ServeStatus(code: 200, reason: "OK")
    static let badRequest = ServeStatus(code: 400, reason: "Bad Request")
    static let forbidden = ServeStatus(code: 403, reason: "Forbidden")
    static let notFound = ServeStatus(code: 404, reason: "Not Found")
    static let methodNotAllowed = ServeStatus(code: 405, reason: "Method Not Allowed")
    static let requestTimeout = ServeStatus(code: 408, reason: "Request Timeout")
    static let uriTooLong = ServeStatus(code: 414, reason: "URI Too Long")
    static let headerFieldsTooLarge = ServeStatus(code: 431, reason: "Request Header Fields Too Large")
    static let serviceUnavailable = ServeStatus(code: 503, reason: "Service Unavailable")
    static let versionNotSupported = ServeStatus(code: 505, reason: "HTTP Version Not Supported")
}

/// A stream of Server-Sent Events, fed from any thread without the task pool (which a build can hold
/// for as long as it compiles and runs pages).
struct ServeEvents: Sendable {
    /// A function the server gives the stream: it sends an event's bytes, or with `nil` ends the stream.
    typealias Send = @Sendable ([UInt8]?) -> Void

    /// Starts the stream with the connection's `Send`; returns what stops it when the client leaves.
    let start: @Sendable (@escaping Send) -> @Sendable () -> Void
}

struct ServeResponse: Sendable {
    enum Body: Sendable {
        case bytes(Data)
        /// Server-Sent Events: sent as they come, until the stream ends or the client leaves; the end
        /// of the body is the end of the connection.
        case events(ServeEvents)
    }

    var status: ServeStatus
    var headers: [(name: String, value: String)]
    var body: Body

    init(_ status: ServeStatus, headers: [(name: String, value: String)] = [], body: Body) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A short plain-text answer.
    static func plain(_ status: ServeStatus, _ text: String, headers: [(name: String, value: String)] = [])
        -> ServeResponse
    {
        ServeResponse(
            status, headers: [("Content-Type", "text/plain; charset=utf-8")] + headers, body: .bytes(Data(text.utf8)))
    }

    /// The status line and headers, with `Content-Length` for a byte body, and `Connection: close`
    /// when the connection ends after this response (always after an event stream).
    func head(keepAlive: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(status.code) \(status.reason)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        switch body {
        case .bytes(let data): text += "Content-Length: \(data.count)\r\n"
        case .events: break
        }
        if case .bytes = body, keepAlive {
        } else {
            text += "Connection: close\r\n"
        }
        return Array((text + "\r\n").utf8)
    }
}

/// Collects a request head from bytes as they arrive, enforcing `ServeLimits` before any parsing.
///
/// Each byte is looked at once (the scan resumes where the last one stopped), so a head costs time
/// linear in its length however it is split into reads, and the buffer never holds more than the
/// limits allow plus one read.
struct RequestHeadReader {
    enum Outcome: Equatable {
        case needMore
        case request(ServeRequest)
        /// Refused: answer with this status and close.
        case refuse(ServeStatus)
    }

    let limits: ServeLimits
    private(set) var buffer: [UInt8] = []
    /// Bytes before this index have been scanned.
    private var scanned = 0
    /// Where the current line starts.
    private var lineStart = 0
    /// The request line's end (the index of its line feed), once seen.
    private var requestLineEnd: Int?

    init(limits: ServeLimits) { self.limits = limits }

    /// Whether some of a request has arrived (and not been consumed).
    var hasPartialRequest: Bool { !buffer.isEmpty }

    mutating func append(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        buffer.append(contentsOf: bytes)
        return scan()
    }

    mutating func append(_ bytes: [UInt8]) -> Outcome {
        buffer.append(contentsOf: bytes)
        return scan()
    }

    /// Looks at what has arrived and not been scanned (after a request, bytes already sent behind it).
    mutating func scan() -> Outcome {
        let lineFeed: UInt8 = 0x0A
        let carriageReturn: UInt8 = 0x0D
        while scanned < buffer.count {
            let byte = buffer[scanned]
            scanned += 1
            guard byte == lineFeed else { continue }
            let end = scanned - 1
            let contentEnd = end > lineStart && buffer[end - 1] == carriageReturn ? end - 1 : end
            if requestLineEnd == nil {
                if contentEnd == lineStart {
                    // Empty lines before a request line are ignored (RFC 9112 §2.2).
                    buffer.removeSubrange(0..<scanned)
                    scanned = 0
                    lineStart = 0
                    continue
                }
                if contentEnd - lineStart > limits.requestLineBytes { return .refuse(.uriTooLong) }
                requestLineEnd = end
            } else if contentEnd == lineStart {
                return finish(headEnd: scanned)
            }
            lineStart = scanned
        }
        // No line end yet: refuse as soon as what arrived cannot fit, without waiting for the rest.
        if let requestLineEnd {
            // The header fields, their line ends and the final empty line's.
            if buffer.count - (requestLineEnd + 1) > limits.headerBytes + 2 { return .refuse(.headerFieldsTooLarge) }
        } else if buffer.count - lineStart > limits.requestLineBytes + 1 {
            return .refuse(.uriTooLong)
        }
        return .needMore
    }

    /// Parses the head in `buffer[..<headEnd]` and keeps what follows it for the next request.
    private mutating func finish(headEnd: Int) -> Outcome {
        guard let requestLineEnd else { return .refuse(.badRequest) }
        if headEnd - (requestLineEnd + 1) > limits.headerBytes + 2 { return .refuse(.headerFieldsTooLarge) }
        let outcome = Self.parse(buffer[0..<headEnd], requestLineEnd: requestLineEnd)
        buffer.removeSubrange(0..<headEnd)
        scanned = 0
        lineStart = 0
        self.requestLineEnd = nil
        return outcome
    }

    /// The request line and header fields; every line is already known to end in a line feed.
    private static func parse(_ head: ArraySlice<UInt8>, requestLineEnd: Int) -> Outcome {
        var lines = head.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        guard let first = lines.popFirst() else { return .refuse(.badRequest) }
        let requestLine = first.last == 0x0D ? first.dropLast() : first
        // method SP target SP version, single spaces, no control characters.
        guard !requestLine.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return .refuse(.badRequest) }
        let parts = requestLine.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, parts[0].allSatisfy(isTokenByte) else {
            return .refuse(.badRequest)
        }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            let isHTTP = version.hasPrefix("HTTP/") && version.count == 8
            return .refuse(isHTTP ? .versionNotSupported : .badRequest)
        }
        var fields: [String: [String]] = [:]
        for rawLine in lines {
            let line = rawLine.last == 0x0D ? rawLine.dropLast() : rawLine
            if line.isEmpty { break }
            // No folded lines (obs-fold), no space before the colon, no stray carriage return.
            guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex,
                line[line.startIndex..<colon].allSatisfy(isTokenByte),
                !line.contains(0x0D)
            else { return .refuse(.badRequest) }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            // Two lengths that differ make the request's framing ambiguous.
            if name == "content-length", let earlier = fields[name]?.first, earlier != value {
                return .refuse(.badRequest)
            }
            fields[name, default: []].append(value)
        }
        var headers = fields.mapValues { $0.joined(separator: ", ") }
        headers["content-length"] = fields["content-length"]?.first
        if let length = headers["content-length"],
            length.isEmpty || !length.utf8.allSatisfy({ (0x30...0x39).contains($0) })
        {
            return .refuse(.badRequest)
        }
        return .request(
            ServeRequest(
                method: String(decoding: parts[0], as: UTF8.self), target: String(decoding: parts[1], as: UTF8.self),
                version: version, headers: headers))
    }

    /// RFC 9110 `tchar`: the characters of a method or a field name.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "#")...UInt8(ascii: "'"),
            UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"),
            UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
