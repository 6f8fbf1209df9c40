import Diagnostics
import Evaluator
import TestSupport

/// What one block showed, with every diagnostic of its page.
struct BlockRun {
    var results: [ExpressionResult]
    var printed: String
    var counters: Counters
    var diagnostics: [Diagnostic]
}

/// What one inline value computed, with every diagnostic of its page.
struct InlineRun {
    var value: Value?
    var stated: StatedValue?
    var diagnostics: [Diagnostic]
}

/// A page's pieces, compiled and run as one program each time a piece is added (so a piece sees the
/// earlier ones); block bodies start at line 10, column 1 of "page.md" unless told.
struct Page {
    private var pieces: [CodePiece] = []

    mutating func run(_ code: String, line: Int = 10, column: Int = 1) -> BlockRun {
        pieces.append(
            CodePiece(kind: .block, code: code, origin: SourceLocation(file: "page.md", line: line, column: column)))
        let outcome = evaluate(pieces)
        let block = outcome.blocks[pieces.count - 1] ?? BlockOutcome()
        return BlockRun(
            results: block.results, printed: block.printed, counters: block.counters,
            diagnostics: outcome.diagnostics)
    }

    mutating func inline(_ code: String, line: Int = 3, column: Int = 7) -> InlineRun {
        pieces.append(
            CodePiece(kind: .inline, code: code, origin: SourceLocation(file: "page.md", line: line, column: column)))
        let outcome = evaluate(pieces)
        let inline = outcome.inline[pieces.count - 1]
        return InlineRun(value: inline?.value, stated: inline?.stated, diagnostics: outcome.diagnostics)
    }
}

/// Compiles and runs `pieces` as the program of `file`.
func evaluate(_ pieces: [CodePiece], file: String = "page.md", limits: RunLimits = .page) -> PageOutcome {
    let program = PageProgram(file: file, pieces: pieces)
    return PageOutcome(program, PageRun.execute(program, limits: limits), limits: limits)
}

/// Runs one block in a fresh page.
func run(_ code: String, line: Int = 10, column: Int = 1, limits: RunLimits = .page) -> BlockRun {
    let pieces = [
        CodePiece(kind: .block, code: code, origin: SourceLocation(file: "page.md", line: line, column: column))
    ]
    let outcome = evaluate(pieces, limits: limits)
    let block = outcome.blocks[0] ?? BlockOutcome()
    return BlockRun(
        results: block.results, printed: block.printed, counters: block.counters,
        diagnostics: outcome.diagnostics)
}

/// `line:col: message` of each error and warning, for compact assertions.
/// A block's code with positions marked as 1️⃣ … 9️⃣, starting at `line`, column 1 of "page.md" as
/// ``run(_:line:column:limits:)`` places it.
func marked(_ code: String, line: Int = 10) -> MarkedText {
    MarkedText(code, at: SourceLocation(file: "page.md", line: line, column: 1))
}

extension MarkedText {
    /// Where marker `number` stood, as ``messages(_:)`` writes it: "line:column".
    func position(_ number: Int) -> String { "\(location(number).line):\(location(number).column)" }
}

func messages(_ outcome: BlockRun) -> [String] {
    outcome.diagnostics.filter { $0.severity != .note }.map {
        "\($0.location!.line):\($0.location!.column): \($0.message)"
    }
}

func messages(_ outcome: InlineRun) -> [String] {
    outcome.diagnostics.filter { $0.severity != .note }.map {
        "\($0.location!.line):\($0.location!.column): \($0.message)"
    }
}

/// The results' values in the page's number format.
func shown(_ outcome: BlockRun) -> [String] {
    outcome.results.map { NumberFormat.format(value: $0.value) }
}
