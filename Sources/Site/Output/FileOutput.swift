import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writing a whole file without flushing it to the disk.
///
/// Foundation's `Data.write(to:)` on Linux calls fsync after every file, which waits for the disk: with a
/// thousand pages and a thousand cache entries that was most of a cold build. A site build does not need
/// durability per file (the output is swapped in whole, and a torn cache entry fails its checksum), so
/// this is plain open, write, close.
#if canImport(Glibc)
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    private let systemWrite = Darwin.write
#endif

enum FileOutput {
    struct Failure: Error, CustomStringConvertible {
        let path: String
        let code: Int32
        var description: String { "\(path): \(String(cString: strerror(code)))" }
    }

    /// Creates or truncates the file at `path` and writes `data` into it.
    static func write(_ data: Data, toPath path: String) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(path: path, code: errno) }
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure != 0 { throw Failure(path: path, code: failure) }
    }
}
