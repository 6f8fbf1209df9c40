import ArgumentParser
import Evaluator
import Foundation
import Site

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate Swift as a page would and print each expression's value.",
        discussion: "Pass '-' to read a block from standard input."
    )

    @Argument(help: "Swift code, such as 'softmax([2, 5, 1])', or '-' for standard input.") var code: String
    @Option(help: "Significant digits of printed numbers (\(range.lowerBound)–\(range.upperBound)).")
    var digits = NumberFormat.defaultDigits
    @OptionGroup var pageLimits: PageLimitOptions
    private static let range = NumberFormat.digitsRange

    func validate() throws {
        guard Self.range.contains(digits) else {
            throw ValidationError("--digits must be from \(Self.range.lowerBound) to \(Self.range.upperBound)")
        }
    }

    func run() throws {
        let fromStandardInput = code == "-"
        let source =
            fromStandardInput ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : code
        let file = fromStandardInput ? "<stdin>" : "<expression>"
        let (lines, diagnostics) = Scratchpad.evaluate(source, file: file, digits: digits, limits: pageLimits.limits)
        for line in lines { print(line) }
        Terminal.printDiagnostics(diagnostics, sources: [file: source])
        if diagnostics.hasErrors { throw ExitCode(1) }
    }
}
