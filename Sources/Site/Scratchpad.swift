import Diagnostics
import Evaluator

/// `literate eval`: runs Swift with the pages' evaluator, so an author can try an expression before
/// putting it in a page.
public enum Scratchpad {
    /// Each top-level expression's value, formatted by the site's number policy, and the diagnostics
    /// positioned in `code` (named `file`).
    public static func evaluate(_ code: String, file: String, digits: Int) -> (
        values: [String], diagnostics: [Diagnostic]
    ) {
        var interpreter = Interpreter(file: file)
        let outcome = interpreter.run(code, at: SourceLocation(file: file, line: 1, column: 1))
        let values = outcome.results.map { NumberFormat.format(value: $0.value, digits: digits) }
        return (values, outcome.diagnostics)
    }
}
