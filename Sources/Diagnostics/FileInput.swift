import Foundation

/// Reading a whole file, for every target that reads the author's files or its own.
///
/// Foundation's readers on Linux (`FileManager.contents(atPath:)`, `Data(contentsOf:)` and
/// `String(contentsOfFile:)`, Swift 6.3.1) leak a 4 KB buffer each time the file is empty. `serve`
/// reads every page and template again on each rebuild, so a site with one empty file would grow for
/// as long as it runs; the template fuzzer found it (Fuzz/Findings/README.md). `FileHandle` reads the
/// same bytes without the leak.
public enum FileInput {
    /// The file's bytes; nil when it cannot be opened or read (missing, a folder, no permission).
    public static func contents(atPath path: String) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            return nil  // The callers' own message names the file; the errno adds nothing they act on.
        }
    }

    /// The file's text; nil when it cannot be read or is not UTF-8.
    public static func text(atPath path: String) -> String? {
        contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
    }
}
