import Diagnostics
import Evaluator
import Markdown
import MathML

/// A `{swift}` block after evaluation: its options, the code readers see, and what it computed.
public struct EvaluatedBlock: Sendable {
    public var options: BlockOptions
    /// The code without its `//|` option lines.
    public var displayCode: String
    /// Where `displayCode` starts in the block's code (UTF-8 bytes): after the option lines.
    public var displayOffset: Int
    /// Nil when the block has `eval: false`.
    public var outcome: BlockOutcome?
}

/// A page whose blocks and inline code have run, in document order, in one environment.
public struct EvaluatedPage: Sendable {
    public var page: Page
    public var blocks: [EvaluatedBlock]
    public var inline: [InlineOutcome]
    /// One entry per math span; nil where the equation had errors (they are in `diagnostics`).
    public var math: [RenderedMath?]
    public var diagnostics: [Diagnostic]
    public var statedValuesChecked: Int
    public var derivativeChecks: Int

    public var blocksEvaluated: Int { blocks.count { $0.outcome != nil } }
}

/// Runs a page's code and converts its math. Each page gets its own interpreter, so pages are isolated
/// and can run in parallel.
public enum PageEvaluator {
    public static func evaluate(_ page: Page) -> EvaluatedPage {
        let interpreter = InterpreterBox(Interpreter(file: page.path))
        let document = page.document
        var diagnostics: [Diagnostic] = []
        var blocks: [EvaluatedBlock?] = Array(repeating: nil, count: document.swiftBlocks.count)
        var inline: [InlineOutcome?] = Array(repeating: nil, count: document.inlineSwift.count)
        var math: [RenderedMath?] = Array(repeating: nil, count: document.math.count)
        var stated = 0
        var derivativeChecks = 0

        // Labels first, so `\eqref` may point forward. An equation whose labels failed is reported once,
        // here, and not converted again.
        let converter = MathMLConverter()
        var labels: [EquationLabel] = []
        var labelFailures: Set<Int> = []
        for span in document.math where span.display {
            do {
                labels += try converter.equationLabels(in: span.tex, at: span.location)
            } catch {
                diagnostics += error.diagnostics
                labelFailures.insert(span.index)
            }
        }
        var context = MathContext()
        do {
            context = try MathContext(collecting: labels)
        } catch {
            diagnostics += error.diagnostics
        }
        let digits = page.metadata.digits
        context.computed = { expression, location throws(DiagnosticList) -> MathValue in
            let outcome = interpreter.value.evaluateInline(expression, at: location)
            guard let value = outcome.value, !outcome.diagnostics.hasErrors else {
                throw DiagnosticList(outcome.diagnostics)
            }
            return try MathValue(value, digits: digits, at: location)
        }

        // Blocks, inline code and \swift{} in equations share one environment, so they run in the order
        // a reader meets them.
        enum Step { case block(SwiftBlock), inline(InlineSwift), math(MathSpan) }
        let steps =
            (document.swiftBlocks.map { (location: $0.location, step: Step.block($0)) }
            + document.inlineSwift.map { (location: $0.location, step: Step.inline($0)) }
            + document.math.map { (location: $0.location, step: Step.math($0)) })
            .sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }

        for (_, step) in steps {
            switch step {
            case .block(let block):
                let (options, displayCode, optionDiagnostics) = BlockOptions.parse(block.code, at: block.location)
                diagnostics += optionDiagnostics
                var outcome: BlockOutcome?
                if options.eval {
                    let result = interpreter.value.run(block.code, at: block.location)
                    diagnostics += result.diagnostics
                    stated += result.statedValuesChecked
                    derivativeChecks += result.derivativeChecks
                    outcome = result
                }
                blocks[block.index] = EvaluatedBlock(
                    options: options, displayCode: displayCode,
                    displayOffset: block.code.utf8.count - displayCode.utf8.count, outcome: outcome)
            case .inline(let code):
                let result = interpreter.value.evaluateInline(code.code, at: code.location)
                diagnostics += result.diagnostics
                if result.stated != nil { stated += 1 }
                inline[code.index] = result
            case .math(let span):
                guard !labelFailures.contains(span.index) else { continue }
                do {
                    math[span.index] = try converter.convert(
                        span.tex, display: span.display, at: span.location, context: context)
                } catch {
                    diagnostics += error.diagnostics
                }
            }
        }
        return EvaluatedPage(
            page: page,
            blocks: blocks.map { $0! },
            inline: inline.map { $0! },
            math: math,
            diagnostics: diagnostics,
            statedValuesChecked: stated,
            derivativeChecks: derivativeChecks
        )
    }
}

/// Lets the math converter's `\swift{}` callback use the page's interpreter between blocks.
private final class InterpreterBox {
    var value: Interpreter
    init(_ value: Interpreter) { self.value = value }
}

extension MathValue {
    /// A computed value as the converter wants it: numbers already formatted with the page's digits.
    init(_ value: Value, digits: Int, at location: SourceLocation) throws(DiagnosticList) {
        if let matrix = value.asMatrix {
            self = .matrix(matrix.map { row in row.map { NumberFormat.format($0, significantDigits: digits) } })
        } else if let vector = value.asVector {
            self = .vector(vector.map { NumberFormat.format($0, significantDigits: digits) })
        } else if let number = value.asDouble {
            self = .number(NumberFormat.format(number, significantDigits: digits))
        } else {
            throw DiagnosticList([.error(at: location, "\\swift{} needs a number, vector or matrix")])
        }
    }
}
