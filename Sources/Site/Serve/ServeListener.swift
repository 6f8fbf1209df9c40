import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the preview cannot listen.
public enum ServeError: Error, CustomStringConvertible, Equatable {
    case portInUse(UInt16)
    case cannotListen(UInt16, String)

    public var description: String {
        switch self {
        case .portInUse(let port):
            return "port \(port) on 127.0.0.1 is in use; choose another with --port (0 picks a free one)"
        case .cannotListen(let port, let reason):
            return "cannot listen on 127.0.0.1:\(port): \(reason)"
        }
    }
}

#if canImport(Glibc)
    private let streamSocket =
        Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        | Int32(SOCK_NONBLOCK.rawValue)
    let sendFlags = Int32(MSG_NOSIGNAL)
#else
    private let streamSocket = SOCK_STREAM
    let sendFlags: Int32 = 0
#endif

/// Makes a socket non-blocking and closed on exec (page programs must not inherit the server's
/// sockets), and keeps writes to a closed peer from raising SIGPIPE, where the call that made it could
/// not say so (elsewhere than Linux).
func prepareDescriptor(_ descriptor: Int32) {
    #if !canImport(Glibc)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
    #endif
}

#if canImport(Glibc)
    /// `accept4` and `pipe2` make descriptors close-on-exec atomically: a rebuild spawns compilers and page
    /// programs while connections are accepted, and any of them would otherwise inherit a socket made
    /// just before. Glibc's Swift module leaves these GNU extensions out, so they are looked up by name.
    private typealias Accept4 =
        @convention(c) (
            Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32
        ) -> Int32
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private let accept4Function = dlsym(nil, "accept4").map { unsafeBitCast($0, to: Accept4.self) }
    private let pipe2Function = dlsym(nil, "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
#endif

/// Accepts a connection, non-blocking and closed on exec.
func acceptConnection(_ listener: Int32) -> Int32 {
    #if canImport(Glibc)
        if let accept4Function {
            return accept4Function(listener, nil, nil, Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue))
        }
    #endif
    let descriptor = accept(listener, nil, nil)
    if descriptor >= 0 {
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        prepareDescriptor(descriptor)
    }
    return descriptor
}

/// A pipe whose ends are non-blocking and closed on exec.
func makePipe() -> (Int32, Int32) {
    var ends: [Int32] = [-1, -1]
    #if canImport(Glibc)
        if let pipe2Function, pipe2Function(&ends, Int32(O_CLOEXEC | O_NONBLOCK)) == 0 { return (ends[0], ends[1]) }
    #endif
    _ = pipe(&ends)
    for end in ends {
        _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
    }
    return (ends[0], ends[1])
}

func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

func closeDescriptor(_ descriptor: Int32) {
    #if canImport(Glibc)
        _ = Glibc.close(descriptor)
    #else
        _ = Darwin.close(descriptor)
    #endif
}

/// A listening TCP socket on 127.0.0.1, so the preview is never reachable from another machine.
///
/// It is made before the first build, so that a busy port is reported at once.
final class ServeListener: @unchecked Sendable {
    let descriptor: Int32
    /// The port listened on (the one the system chose, when asked for 0).
    let port: UInt16
    private let lock = NSLock()
    private var isClosed = false

    init(port requested: UInt16) throws(ServeError) {
        let descriptor = socket(AF_INET, streamSocket, 0)
        guard descriptor >= 0 else { throw .cannotListen(requested, errorText(errno)) }
        prepareDescriptor(descriptor)
        // A port still in TIME_WAIT from a previous run can be reused; one that is listening cannot.
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = requested.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if bound != 0 || listen(descriptor, 128) != 0 {
            let code = errno
            closeDescriptor(descriptor)
            throw code == EADDRINUSE ? .portInUse(requested) : .cannotListen(requested, errorText(code))
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        self.port = UInt16(bigEndian: address.sin_port)
    }

    /// Closes the socket once, whoever asks first.
    func close() {
        let first = lock.withLock {
            defer { isClosed = true }
            return !isClosed
        }
        if first { closeDescriptor(descriptor) }
    }
}
