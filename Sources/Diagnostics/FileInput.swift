import Foundation

#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
#endif

/// Reading a whole file, for every target that reads the author's files or its own.
///
/// Foundation's readers on Linux (`FileManager.contents(atPath:)`, `Data(contentsOf:)` and
/// `String(contentsOfFile:)`, Swift 6.3.1) leak a 4 KB buffer each time the file is empty. `serve`
/// reads every page and template again on each rebuild, so a site with one empty file would grow for
/// as long as it runs; the template fuzzer found it (Fuzz/Findings/README.md). `FileHandle` does not
/// leak but takes about twice as long per file (9 µs against 5 µs for 20 KB), which a no-change build
/// of a thousand pages felt; this is one `fstat` and reads until end of file, as fast as Foundation.
public enum FileInput {
    /// The file's bytes; nil when it cannot be opened or read (missing, a folder, no permission).
    public static func contents(atPath path: String) -> Data? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        // One byte more than the size, so that a file that grew, or one that reports no size (`/proc`),
        // is read on to its end.
        var data = Data(count: max(Int(info.st_size), 0) + 1)
        var count = 0
        while true {
            if count == data.count { data.count += max(4096, count) }
            let read = data.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if read == 0 { break }
            if read < 0 {
                if errno == EINTR { continue }
                return nil  // EISDIR for a folder, EIO: the callers' own message names the file
            }
            count += read
        }
        data.count = count
        return data
    }

    /// The file's text; nil when it cannot be read or is not UTF-8.
    public static func text(atPath path: String) -> String? {
        contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
    }
}
