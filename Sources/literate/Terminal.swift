import Diagnostics
import Foundation

/// Everything the command prints: diagnostics and summaries on standard error, results on standard output.
enum Terminal {
    /// Whether diagnostics on standard error get ANSI colour: only when standard error is a terminal,
    /// `NO_COLOR` is unset or empty (https://no-color.org), and `TERM` is not `dumb`.
    static let colorsDiagnostics: Bool = {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(STDERR_FILENO) != 0
    }()

    /// Prints each diagnostic as a compiler does: `path:line:col: error: message`, the source line and a
    /// caret under the column (when the file can be read), coloured when ``colorsDiagnostics``.
    /// `sources` gives the text of inputs that are not files (such as `<expression>`).
    static func printDiagnostics(_ diagnostics: [Diagnostic], sources: [String: String] = [:]) {
        let renderer = DiagnosticRenderer(color: colorsDiagnostics)
        var files = sources.mapValues(SourceLines.init)
        var text = ""
        for diagnostic in diagnostics {
            var lines: SourceLines?
            if let file = diagnostic.location?.file {
                if files[file] == nil, let data = FileInput.contents(atPath: file) {
                    files[file] = SourceLines(String(decoding: data, as: UTF8.self))
                }
                lines = files[file]
            }
            text += renderer.render(diagnostic, lines: lines)
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func info(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// "1 page", "3 pages": a count with its noun, plural unless one.
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }

    static func seconds(_ seconds: Double) -> String {
        seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(format: "%.2f s", seconds)
    }
}
