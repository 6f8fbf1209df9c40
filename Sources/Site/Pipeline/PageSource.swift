import Diagnostics
import Foundation

/// Stage 1 of every page, for `build`, `serve` and `check` alike: a content file read and decoded. The
/// bytes are kept because the build cache keys a page by them before decoding.
struct PageSource: Sendable {
    var path: String
    var data: Data

    /// Reads `path`; an unreadable file is an error naming it.
    static func read(_ path: String) throws(DiagnosticList) -> PageSource {
        guard let data = FileInput.contents(atPath: path) else {
            throw DiagnosticList([.error(at: nil, .cannotRead(path))])
        }
        return PageSource(path: path, data: data)
    }

    /// The text, or an error at the file's start when it is not UTF-8.
    func text() throws(DiagnosticList) -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticList([.error(at: SourceLocation(file: path, line: 1, column: 1), .notUTF8)]
            )
        }
        return text
    }
}

extension Diagnostic.Message {
    static func cannotRead(_ path: String) -> Self { "cannot read '\(path)'" }
}
