import Diagnostics
import Evaluator

/// `literate eval`: runs Swift as a page would (one program, compiled), so an author can try an expression
/// before putting it in a page.
public enum Scratchpad {
    /// What the code printed and each top-level expression's value, formatted by the site's number
    /// policy, in order; and the diagnostics positioned in `code` (named `file`).
    public static func evaluate(_ code: String, file: String, digits: Int, limits: RunLimits = .page) -> (
        lines: [String], diagnostics: [Diagnostic]
    ) {
        let program = PageProgram(
            file: file,
            pieces: [CodePiece(kind: .block, code: code, origin: SourceLocation(file: file, line: 1, column: 1))])
        let outcome = PageOutcome(program, PageRun.execute(program, limits: limits), limits: limits)
        var lines: [String] = []
        if let block = outcome.blocks[0] {
            if !block.printed.isEmpty {
                lines.append(String(block.printed.dropLast(block.printed.hasSuffix("\n") ? 1 : 0)))
            }
            lines += block.results.map { NumberFormat.format(value: $0.value, digits: digits) }
        }
        return (lines, outcome.diagnostics)
    }
}
