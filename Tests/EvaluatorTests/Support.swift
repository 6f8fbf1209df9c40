import Diagnostics
import Evaluator

/// Runs blocks in one page environment; block bodies start at line 10, column 1 of "page.md" unless told.
struct Page {
    var interpreter = Interpreter(file: "page.md")

    mutating func run(_ code: String, line: Int = 10, column: Int = 1) -> BlockOutcome {
        interpreter.run(code, at: SourceLocation(file: "page.md", line: line, column: column))
    }

    mutating func inline(_ code: String, line: Int = 3, column: Int = 7) -> InlineOutcome {
        interpreter.evaluateInline(code, at: SourceLocation(file: "page.md", line: line, column: column))
    }
}

/// Runs one block in a fresh page.
func run(_ code: String, line: Int = 10, column: Int = 1, limits: Limits = .default) -> BlockOutcome {
    var interpreter = Interpreter(file: "page.md", limits: limits)
    return interpreter.run(code, at: SourceLocation(file: "page.md", line: line, column: column))
}

/// `line:col: message` of each diagnostic, for compact assertions.
func messages(_ outcome: BlockOutcome) -> [String] {
    outcome.diagnostics.map { "\($0.location!.line):\($0.location!.column): \($0.message)" }
}

func messages(_ outcome: InlineOutcome) -> [String] {
    outcome.diagnostics.map { "\($0.location!.line):\($0.location!.column): \($0.message)" }
}

/// The results' values in the page's number format.
func shown(_ outcome: BlockOutcome) -> [String] {
    outcome.results.map { NumberFormat.format(value: $0.value) }
}
