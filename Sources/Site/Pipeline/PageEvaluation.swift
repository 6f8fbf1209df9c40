import Diagnostics
import Evaluator
import Foundation
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

/// A page whose blocks and inline code have run, in document order, as one program.
public struct EvaluatedPage: Sendable {
    public var page: Page
    public var blocks: [EvaluatedBlock]
    public var inline: [InlineOutcome]
    /// One entry per math span; nil where the equation had errors (they are in `diagnostics`).
    public var math: [RenderedMath?]
    /// Each ```` ```math ```` block (by the location of its body): its MathML and, when checked, its note.
    var mathBlocks: [SourceLocation: MathBlock] = [:]
    public var diagnostics: [Diagnostic]
    /// Blocks run (those with an outcome), stated values checked and derivative checks shown.
    public var counters: Counters
    /// The key its program's run is kept under in the build cache (nil without a cache or without code).
    var runKey: String?
}

/// Where compiled page runs are kept between builds, by the program they ran: a page whose prose changed
/// but whose code did not is not compiled again.
protocol PageRunStore: Sendable {
    func run(forKey key: String) -> PageRun?
    func store(_ run: PageRun, forKey key: String)
}

/// Runs a page's code as one Swift program and converts its math. Each page is its own program, so
/// pages are isolated and can run in parallel.
public enum PageEvaluator {
    public static func evaluate(_ page: Page) -> EvaluatedPage {
        evaluate(page, limits: .page, runs: nil)
    }

    static func evaluate(_ page: Page, limits: RunLimits, runs: (any PageRunStore)?) -> EvaluatedPage {
        var limits = limits
        if let seconds = page.metadata.timeout { limits.seconds = seconds }
        let document = page.document
        var diagnostics: [Diagnostic] = []

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
        // ```math blocks: display math, some of them checked (see CheckedEquation).
        var equations: [CheckedEquation] = []
        for block in document.codeBlocks where CheckedEquation.isMath(block) {
            let (equation, problems) = CheckedEquation.parse(block)
            diagnostics += problems
            let display = equation.displayTeX
            do {
                labels += try converter.equationLabels(in: display.tex, at: display.location)
                equations += equation.points
            } catch {
                diagnostics += error.diagnostics
            }
        }
        var context = MathContext()
        do {
            context = try MathContext(collecting: labels)
        } catch {
            diagnostics += error.diagnostics
        }

        // The program: blocks, inline code and \swift{} in equations, in the order a reader meets them.
        var pieces: [(location: SourceLocation, piece: CodePiece, owner: Owner)] = []
        var blockOptions: [(BlockOptions, String)] = []
        for block in document.swiftBlocks {
            let ((options, displayCode), optionDiagnostics) = BlockOptions.parse(block.code, at: block.location)
            diagnostics += optionDiagnostics
            blockOptions.append((options, displayCode))
            if options.eval {
                pieces.append(
                    (
                        block.location, CodePiece(kind: .block, code: block.code, origin: block.location),
                        .block(block.index)
                    ))
            }
        }
        for code in document.inlineSwift {
            pieces.append(
                (code.location, CodePiece(kind: .inline, code: code.code, origin: code.location), .inline(code.index)))
        }
        var prepared: Set<String> = []
        for index in equations.indices {
            // Problems of the TeX itself would repeat for each set of values.
            for problem in equations[index].prepare() where prepared.insert(problem.description).inserted {
                diagnostics.append(problem)
            }
            guard let location = equations[index].checkLocation, !equations[index].code.isEmpty else { continue }
            pieces.append(
                (location, CodePiece(kind: .inline, code: equations[index].code, origin: location), .checked(index)))
        }
        var seenBlocks: Set<SourceLocation> = []
        let mathBlockTeX = equations.filter { seenBlocks.insert($0.block.location).inserted }.map(\.displayTeX)
        for (expression, location) in swiftInMath(
            document, blocks: mathBlockTeX, converter: converter, labels: context)
        {
            pieces.append(
                (location, CodePiece(kind: .inline, code: expression, origin: location), .math(location)))
        }
        pieces.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }

        let program = PageProgram(file: page.path, pieces: pieces.map(\.piece))
        let key = runs == nil || program.isEmpty ? nil : runKey(program, limits)
        let outcome =
            program.isEmpty ? PageOutcome(program, .empty) : PageOutcome(program, run(program, limits, runs, key: key))
        diagnostics += CheckedEquation.relocate(outcome.diagnostics, in: equations)

        var blocks: [BlockOutcome?] = Array(repeating: nil, count: document.swiftBlocks.count)
        var inline: [InlineOutcome?] = Array(repeating: nil, count: document.inlineSwift.count)
        var mathValues: [SourceLocation: Value] = [:]
        var checkedValues: [Int: Value] = [:]
        for (index, entry) in pieces.enumerated() {
            switch entry.owner {
            case .block(let block): blocks[block] = outcome.blocks[index]
            case .inline(let code): inline[code] = outcome.inline[index]
            case .math(let location): mathValues[location] = outcome.inline[index]?.value
            case .checked(let equation): checkedValues[equation] = outcome.inline[index]?.value
            }
        }

        let digits = page.metadata.digits
        context.computed = { _, location throws(DiagnosticList) -> MathValue in
            // A missing value: the page did not compile or stopped first, which is reported already.
            guard let value = mathValues[location] else { throw DiagnosticList([]) }
            return try MathValue(value, digits: digits, at: location)
        }
        var math: [RenderedMath?] = Array(repeating: nil, count: document.math.count)
        for span in document.math where !labelFailures.contains(span.index) {
            do {
                math[span.index] = try converter.convert(
                    span.tex, display: span.display, at: span.location, context: context)
            } catch {
                diagnostics += error.diagnostics
            }
        }
        var mathBlocks: [SourceLocation: MathBlock] = [:]
        var judgements: [SourceLocation: [CheckedEquation.Judgement]] = [:]
        for (index, equation) in equations.enumerated() {
            judgements[equation.block.location, default: []].append(
                equation.judge(checkedValues[index], digits: digits))
        }
        for (index, equation) in equations.enumerated()
        where index == 0 || equations[index - 1].block.location != equation.block.location {
            let judged = judgements[equation.block.location] ?? []
            // A wrong step is reported once, at the first set of values it disagrees at.
            var reported: Set<SourceLocation> = []
            for diagnostic in judged.flatMap(\.diagnostics)
            where diagnostic.location.map({ reported.insert($0).inserted }) ?? true {
                diagnostics.append(diagnostic)
            }
            let display = equation.displayTeX
            var rendered: RenderedMath?
            do {
                rendered = try converter.convert(display.tex, display: true, at: display.location, context: context)
            } catch {
                diagnostics += error.diagnostics
            }
            mathBlocks[equation.block.location] = MathBlock(
                rendered: rendered, note: CheckedEquation.Judgement.note(of: judged),
                expectDisagree: equation.expectDisagree)
        }
        var counters = outcome.counters
        counters.blocksEvaluated = blocks.count { $0 != nil }
        var evaluated = EvaluatedPage(
            page: page,
            blocks: blockOptions.enumerated().map { index, entry in
                EvaluatedBlock(
                    options: entry.0, displayCode: entry.1,
                    displayOffset: document.swiftBlocks[index].code.utf8.count - entry.1.utf8.count,
                    outcome: blocks[index])
            },
            inline: inline.enumerated().map { index, outcome in
                outcome ?? InlineOutcome(value: nil, stated: nil)
            },
            math: math,
            diagnostics: diagnostics,
            counters: counters,
            runKey: key
        )
        evaluated.mathBlocks = mathBlocks
        return evaluated
    }

    /// Which part of the page a piece of code came from.
    private enum Owner {
        case block(Int)
        case inline(Int)
        case math(SourceLocation)
        /// The program's expression of checked equation number `n`.
        case checked(Int)
    }

    /// Compiles and runs `program`, or takes its run from `runs` (under `key`) when it ran before.
    private static func run(_ program: PageProgram, _ limits: RunLimits, _ runs: (any PageRunStore)?, key: String?)
        -> PageRun
    {
        if let key, let known = runs?.run(forKey: key) { return known }
        let run = PageRun.execute(program, limits: limits)
        if let key, run.isReusable { runs?.store(run, forKey: key) }
        return run
    }

    /// The program, the toolchain it is compiled with and the limits it runs under.
    private static func runKey(_ program: PageProgram, _ limits: RunLimits) -> String? {
        guard let toolchain = try? Toolchain.located() else { return nil }
        var digest = Digest()
        digest.update(field: PageRun.format)
        digest.update(field: program.source)
        digest.update(field: toolchain.identity)
        digest.update(field: "\(limits.seconds) \(limits.memoryBytes) \(limits.outputBytes)")
        return digest.hex()
    }

    /// Every `\swift{expr}` of the page's math, with the position of its expression, found by converting
    /// each equation once with a stand-in value.
    private static func swiftInMath(
        _ document: MarkdownDocument, blocks: [(tex: String, location: SourceLocation)], converter: MathMLConverter,
        labels: MathContext
    ) -> [(String, SourceLocation)] {
        final class Found: @unchecked Sendable {
            var expressions: [(String, SourceLocation)] = []
        }
        let found = Found()
        var context = labels
        context.computed = { expression, location throws(DiagnosticList) -> MathValue in
            found.expressions.append((expression, location))
            return .number("0")
        }
        for span in document.math where span.tex.contains("\\swift") {
            _ = try? converter.convert(span.tex, display: span.display, at: span.location, context: context)
        }
        for block in blocks where block.tex.contains("\\swift") {
            _ = try? converter.convert(block.tex, display: true, at: block.location, context: context)
        }
        return found.expressions
    }
}

extension MathValue {
    /// A computed value as the converter wants it: numbers already formatted with the page's digits.
    init(_ value: Value, digits: Int, at location: SourceLocation) throws(DiagnosticList) {
        if let matrix = value.asMatrix {
            self = .matrix(matrix.map { row in row.map { NumberFormat.format($0, significantDigits: digits) } })
        } else if let vector = value.asVector {
            self = .vector(vector.map { NumberFormat.format($0, significantDigits: digits) })
        } else if value.asDouble != nil {
            self = .number(NumberFormat.format(value: value, digits: digits))
        } else {
            throw DiagnosticList([
                .error(at: location, .swiftFillNotNumeric(value.typeName))
            ])
        }
    }
}

/// A ```` ```math ```` block as the page shows it.
struct MathBlock: Sendable {
    /// Nil when the TeX has errors (reported with the page's diagnostics).
    var rendered: RenderedMath?
    /// "checked at …" for a checked equation that was judged, nil otherwise.
    var note: String?
    var expectDisagree: Bool
}

extension Diagnostic.Message {
    static func swiftFillNotNumeric(_ type: String) -> Self {
        "\\swift{} needs a number, vector or matrix, got '\(type)'"
    }
}
