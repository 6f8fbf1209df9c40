import Diagnostics

/// Test text with positions marked in it, as swift-format's tests do: write 1️⃣ … 9️⃣ where a diagnostic
/// or an element is expected, and compare with ``location(_:)`` instead of counting columns by hand.
/// The markers are removed from ``text``; positions follow the project's convention (lines from 1,
/// columns from 1 in Unicode scalars).
public struct MarkedText {
    /// The text without its markers.
    public let text: String
    private let positions: [Int: (line: Int, column: Int)]
    private let file: String

    public init(_ marked: String, file: String = "page.md") {
        self.init(marked, at: SourceLocation(file: file, line: 1, column: 1))
    }

    /// Text that starts at `origin` in its file, as a math span or a code block inside a page: positions
    /// on the first line count from `origin`'s column, later lines from column 1.
    public init(_ marked: String, at origin: SourceLocation) {
        var text = String.UnicodeScalarView()
        var positions: [Int: (line: Int, column: Int)] = [:]
        var line = origin.line
        var column = origin.column
        let scalars = Array(marked.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            // A keycap: a digit, U+FE0F, U+20E3.
            if ("1"..."9").contains(scalar), index + 2 < scalars.count, scalars[index + 1] == "\u{FE0F}",
                scalars[index + 2] == "\u{20E3}"
            {
                let number = Int(scalar.value - 0x30)
                precondition(positions[number] == nil, "marker \(number) appears twice")
                positions[number] = (line, column)
                index += 3
                continue
            }
            text.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
        self.text = String(text)
        self.positions = positions
        self.file = origin.file
    }

    /// Where marker `number` stood.
    public func location(_ number: Int) -> SourceLocation {
        guard let position = positions[number] else { preconditionFailure("no marker \(number)") }
        return SourceLocation(file: file, line: position.line, column: position.column)
    }
}
