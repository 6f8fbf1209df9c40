/// Renders diagnostics the way compilers print them: the `path:line:col: error: message` line, then the
/// source line it points into and a caret under the column.
///
/// ```
/// Content/why-softmax.md:14:4: error: stated 0.25, computed 0.5
///    14 | // → 0.25
///       |    ^
/// ```
///
/// Colour (ANSI escapes) is the caller's decision: the renderer never looks at the terminal or the
/// environment, so the plain form is a pure function of its inputs and easy to test.
public struct DiagnosticRenderer: Sendable {
    /// Whether to add ANSI colour: bold location, red `error`, magenta `warning`, cyan `note`, green caret.
    public var color: Bool

    public init(color: Bool = false) {
        self.color = color
    }

    /// The diagnostic, and when `source` (the whole text of the diagnostic's file) has its line, that line
    /// with a caret under the column. Ends with a newline.
    public func render(_ diagnostic: Diagnostic, source: String?) -> String {
        render(diagnostic, lines: source.map(SourceLines.init))
    }

    /// The same, with the file's lines found once: printing many diagnostics of one file stays linear.
    public func render(_ diagnostic: Diagnostic, lines: SourceLines?) -> String {
        var out = header(diagnostic) + "\n"
        guard let location = diagnostic.location, let lines, let line = lines.scalars(location.line) else {
            return out
        }
        let number = String(location.line)
        let gutter = String(repeating: " ", count: max(number.count + 1, 5))
        // A long line is shown as a window around the column, so its length is not printed per error.
        let column = max(location.column - 1, 0)
        var window = 0..<line.count
        if line.count > Self.longLine {
            let start = max(0, min(column, line.count) - Self.longLine / 2)
            window = start..<min(line.count, start + Self.longLine)
        }
        let before = window.lowerBound > 0 ? "…" : ""
        let after = window.upperBound < line.count ? "…" : ""
        let shown = before + Self.printable(line[window]) + after
        out += style(String(gutter.dropLast(number.count)) + number + " |", Style.gutter) + " " + shown + "\n"
        let caret =
            String(repeating: " ", count: before.count)
            + Self.caretIndent(line[window], column: column - window.lowerBound + 1) + "^"
        out += style(gutter + " |", Style.gutter) + " " + style(caret, Style.caret) + "\n"
        return out
    }

    /// Lines longer than this many characters are shown as a window of this size around the column.
    static let longLine = 160

    /// `path:line:col: severity: message`, coloured when asked.
    func header(_ diagnostic: Diagnostic) -> String {
        let severity = diagnostic.severity.rawValue + ":"
        let severityStyle: String
        switch diagnostic.severity {
        case .error: severityStyle = Style.error
        case .warning: severityStyle = Style.warning
        case .note: severityStyle = Style.note
        }
        var text = ""
        if let location = diagnostic.location { text += style("\(location):", Style.bold) + " " }
        return text + style(severity, severityStyle) + " " + style(diagnostic.message, Style.bold)
    }

    private func style(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// ANSI select-graphic-rendition codes.
    enum Style {
        static let bold = "1"
        static let error = "1;31"
        static let warning = "1;35"
        static let note = "1;36"
        static let caret = "1;32"
        static let gutter = "34"
    }

    /// The whitespace that puts a caret under `column` (1-based, in Unicode scalars, as locations count):
    /// tabs are kept so the caret lines up whatever the tab width, wide characters take two cells,
    /// combining marks none.
    static func caretIndent(_ line: Substring, column: Int) -> String {
        caretIndent(Array(line.unicodeScalars)[...], column: column)
    }

    static func caretIndent(_ line: ArraySlice<Unicode.Scalar>, column: Int) -> String {
        var indent = ""
        for (offset, scalar) in line.enumerated() where offset < column - 1 {
            if scalar == "\t" {
                indent += "\t"
            } else {
                indent += String(repeating: " ", count: width(of: scalar))
            }
        }
        let scalars = line.count
        if column - 1 > scalars { indent += String(repeating: " ", count: column - 1 - scalars) }
        return indent
    }

    /// The line as it may be printed: control characters other than tab (which could drive the terminal)
    /// become U+FFFD.
    static func printable(_ line: Substring) -> String {
        printable(Array(line.unicodeScalars)[...])
    }

    static func printable(_ line: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        for scalar in line {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            out.append(isControl && scalar != "\t" ? "\u{FFFD}" : scalar)
        }
        return String(out)
    }

    /// Terminal cells a scalar takes: 0 for combining marks, 2 for East Asian wide and emoji, else 1.
    static func width(of scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(scalar.value) } ? 2 : 1
    }
}

/// A file's lines, found in one pass, each line's characters read once when first asked for.
public final class SourceLines {
    private let lines: LineTable
    /// How many lines there are: the empty "line" after a final newline is past the end.
    private let count: Int
    private var cache: [Int: [Unicode.Scalar]] = [:]

    public init(_ source: String) {
        lines = LineTable(source)
        let past = lines.count > 1 && lines.starts[lines.count - 1] == lines.bytes.count
        count = past ? lines.count - 1 : lines.count
    }

    /// Line `number` (1-based) without its line ending (`\n` or `\r\n`), as characters; nil past the end.
    public func scalars(_ number: Int) -> [Unicode.Scalar]? {
        guard number >= 1, number <= count else { return nil }
        if let known = cache[number] { return known }
        let line = Array(lines.string(lines.starts[number - 1]..<lines.end(ofLine: number)).unicodeScalars)
        cache[number] = line
        return line
    }
}
