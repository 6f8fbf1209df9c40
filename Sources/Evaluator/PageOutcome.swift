import Diagnostics
import Foundation
import LiteratePage
import SwiftSyntax

/// The value of one top-level expression, or of one inline value.
public struct ExpressionResult: Sendable {
    /// The computed value.
    public var value: Value
    /// The expression's static Swift type, as Swift names it (`Array<Double>`).
    public var type: String
    /// The Markdown position of the expression's first character.
    public var location: Diagnostics.SourceLocation
    /// The expression's source text.
    public var source: String
    /// The value the author stated after it (`// → …`), if any.
    public var stated: StatedValue?
}

/// What one `{swift}` block showed.
public struct BlockOutcome: Sendable {
    /// Values of the top-level expressions (those of type `()` left out), in order.
    public var results: [ExpressionResult] = []
    /// What the block printed.
    public var printed = ""
    /// Stated values compared with a computed value (matching or not) and derivative checks shown.
    public var counters = Counters()
    /// The block as swift-syntax parsed it, so that the page can highlight the code without parsing it again.
    public var syntax: SourceFileSyntax?

    public init(syntax: SourceFileSyntax? = nil) {
        self.syntax = syntax
    }
}

/// What evaluation counts, for a block, a page and a whole build: added up with `+=`.
public struct Counters: Sendable, Equatable {
    /// `{swift}` blocks run.
    public var blocksEvaluated = 0
    /// Stated values compared with a computed value (matching or not).
    public var statedValuesChecked = 0
    /// Derivative checks whose result was shown.
    public var derivativeChecks = 0

    public init(blocksEvaluated: Int = 0, statedValuesChecked: Int = 0, derivativeChecks: Int = 0) {
        self.blocksEvaluated = blocksEvaluated
        self.statedValuesChecked = statedValuesChecked
        self.derivativeChecks = derivativeChecks
    }

    public static func += (total: inout Counters, more: Counters) {
        total.blocksEvaluated += more.blocksEvaluated
        total.statedValuesChecked += more.statedValuesChecked
        total.derivativeChecks += more.derivativeChecks
    }
}

/// What one inline value (`` `{swift} expr` ``, `\swift{expr}`) computed.
public struct InlineOutcome: Sendable {
    /// The computed value; nil when the page did not compile or stopped before it.
    public var value: Value?
    /// The stated value after the arrow, if any.
    public var stated: StatedValue?

    public init(value: Value? = nil, stated: StatedValue? = nil) {
        self.value = value
        self.stated = stated
    }
}

/// A page program's results, piece by piece, with every diagnostic positioned in the Markdown file.
public struct PageOutcome: Sendable {
    /// One entry per piece given to ``PageProgram``: its block outcome or its inline outcome.
    public var blocks: [Int: BlockOutcome] = [:]
    public var inline: [Int: InlineOutcome] = [:]
    /// The compiler's errors and warnings, run-time failures, stated values that disagree and derivative
    /// checks that fail, in source order.
    public var diagnostics: [Diagnostic] = []

    /// The stated values checked and derivative checks of every block and inline value (which blocks
    /// count as evaluated is the page's to say).
    public var counters: Counters {
        var total = Counters(statedValuesChecked: inlineStatedChecked)
        for block in blocks.values { total += block.counters }
        return total
    }
    private var inlineStatedChecked = 0

    /// Reads `run` back into values, positions and checks, by way of `program`.
    public init(_ program: PageProgram, _ run: PageRun, limits: RunLimits = .page) {
        for (index, piece) in program.pieces.enumerated() {
            switch piece.kind {
            case .block: blocks[index] = BlockOutcome(syntax: program.scans[index]?.tree)
            case .inline: inline[index] = InlineOutcome(stated: program.inlineStated[index])
            }
        }
        diagnostics = program.diagnostics.flatMap { $0 }
        guard !program.isEmpty else { return }
        let pageStart = program.firstLocation
        for (index, excluded) in program.excludedPieces.enumerated() {
            let output = index < run.excludedOutputs.count ? run.excludedOutputs[index] : ""
            let parsed = CompilerOutput.diagnostics(output, program: excluded, fileSuffix: ".swift")
            diagnostics += parsed.hasErrors ? parsed : program.excludedFallback[index]
        }
        if let failure = run.setupFailure {
            diagnostics.append(.error(at: pageStart, failure))
            return
        }
        diagnostics += CompilerOutput.diagnostics(run.compilerOutput, program: program)
        guard run.compiled else {
            if !diagnostics.hasErrors {
                let timedOut = run.compilerOutput.hasSuffix("<timeout>")
                diagnostics.append(.error(at: pageStart, timedOut ? .compilerRanOutOfTime : .compilerFailed))
            }
            sortDiagnostics()
            return
        }
        let records = ProgramRecords(Array(run.records))
        splitOutput(run.standardOutput, records, program)
        for (id, expression) in program.expressions.enumerated() {
            guard let recorded = records.values[id] else { continue }
            switch recorded.value {
            case .failure(let tooLarge) where tooLarge.scalars > _Literate.maximumScalars:
                diagnostics.append(
                    .error(at: expression.location, .tooManyNumbers(tooLarge.scalars, type: recorded.type)))
            case .failure(let tooLarge):
                diagnostics.append(
                    .error(at: expression.location, .tooMuchText(tooLarge.textBytes, type: recorded.type)))
            case .success(let value):
                accept(value, type: recorded.type, of: expression)
            }
        }
        if !records.finished {
            diagnostics.append(stopDiagnostic(run, records, program, limits))
        }
        sortDiagnostics()
    }

    private mutating func sortDiagnostics() {
        diagnostics.sort {
            ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
        }
    }

    /// Records a computed value in its piece, and checks its stated value and derivative check.
    private mutating func accept(_ value: Value, type: String, of expression: PageProgram.Expression) {
        var expectFailure = false
        var checked = false
        if let stated = expression.stated, let literal = stated.literal {
            checked = true
            if case .derivativeCheck = value, case .bool(false) = literal { expectFailure = true }
            if let message = literal.mismatch(with: value) {
                diagnostics.append(.error(at: stated.location, message))
            }
        }
        var isCheck = false
        if case .derivativeCheck(let check) = value {
            isCheck = true
            if !check.passed && !expectFailure {
                diagnostics.append(.error(at: expression.location, .derivativeCheckFailed(check)))
            }
        }
        let result = ExpressionResult(
            value: value, type: type, location: expression.location, source: expression.source,
            stated: expression.stated)
        if var block = blocks[expression.piece] {
            if value.isShown { block.results.append(result) }
            if checked { block.counters.statedValuesChecked += 1 }
            if isCheck { block.counters.derivativeChecks += 1 }
            blocks[expression.piece] = block
        } else {
            inline[expression.piece]?.value = value
            if checked { inlineStatedChecked += 1 }
        }
    }

    /// What a block printed: the output between the first statement marker of each piece and the next
    /// piece's, in the order they ran.
    private mutating func splitOutput(_ output: String, _ records: ProgramRecords, _ program: PageProgram) {
        let bytes = Array(output.utf8)
        var current: (piece: Int, offset: Int)?
        func close(at end: Int) {
            guard let (piece, offset) = current, offset < end, offset >= 0, end <= bytes.count else { return }
            blocks[piece]?.printed += String(decoding: bytes[offset..<end], as: UTF8.self)
        }
        for step in records.steps where step.id >= 0 && step.id < program.statements.count {
            let piece = program.statements[step.id].piece
            if current?.piece == piece { continue }
            close(at: min(max(step.outputOffset, 0), bytes.count))
            current = (piece, min(max(step.outputOffset, 0), bytes.count))
        }
        close(at: bytes.count)
    }

    /// Why the program did not reach its end, at the statement that was running.
    private func stopDiagnostic(
        _ run: PageRun, _ records: ProgramRecords, _ program: PageProgram, _ limits: RunLimits
    ) -> Diagnostic {
        var location = records.steps.last.flatMap { step in
            step.id >= 0 && step.id < program.statements.count ? program.statements[step.id].location : nil
        }
        location = location ?? program.firstLocation
        if run.timedOut {
            return .error(at: location, .ranOutOfTime(limits.seconds))
        }
        let trap = RuntimeTrap(run.standardError, program: program)
        if let trap {
            return .error(at: trap.location ?? location, trap.message)
        }
        if let status = run.status {
            if status == 0 {
                return .error(at: location, .calledExit)
            }
            return .error(at: location, .exited(status: status))
        }
        if run.signal == SIGXFSZ {
            return .error(at: location, .wroteTooMuch(mebibytes: limits.outputBytes >> 20))
        }
        let signal = run.signal.map { String(cString: strsignal($0)) } ?? "a signal"
        let mayBeMemory = run.signal == SIGKILL || run.signal == SIGSEGV || run.signal == SIGABRT
        return .error(at: location, .stopped(by: signal, memoryGibibytes: mayBeMemory ? limits.memoryBytes >> 30 : nil))
    }
}

/// A Swift run-time trap as the runtime printed it on standard error: `Fatal error: Index out of range`,
/// with the page position when the trap names a line of the page program (`fatalError`, `precondition`).
struct RuntimeTrap {
    var message: String
    var location: Diagnostics.SourceLocation?

    init?(_ standardError: String, program: PageProgram) {
        let kinds = ["Fatal error", "Precondition failed", "Assertion failed", "Unexpectedly found nil"]
        for line in standardError.split(separator: "\n") {
            guard let kind = kinds.first(where: { line.contains($0) }), let range = line.range(of: kind) else {
                continue
            }
            let detail = line[range.upperBound...].drop { $0 == ":" || $0 == " " }
            message = detail.isEmpty ? String(line[range.lowerBound...]) : "\(kind): \(detail)"
            // `main.swift:12: Fatal error: …` names a line of the page program.
            let prefix = line[..<range.lowerBound]
            let parts = prefix.split(separator: ":")
            if let file = parts.first, file.hasSuffix("main.swift"), parts.count >= 2, let number = Int(parts[1]) {
                location = program.location(line: number, utf8Column: program.firstCodeColumn(line: number))
            }
            return
        }
        return nil
    }
}

/// The compiler's diagnostics (`main.swift:12:5: error: message`, `-diagnostic-style llvm`) moved to the
/// Markdown file. Notes are kept with the diagnostic they follow; the compiler's source excerpts are
/// dropped (literate shows its own, from the Markdown file).
enum CompilerOutput {
    /// `fileSuffix`: how the compiled file's name ends (`main.swift` for the page program).
    static func diagnostics(_ output: String, program: PageProgram, fileSuffix: String = "main.swift") -> [Diagnostic] {
        var result: [Diagnostic] = []
        var seen: Set<String> = []
        for line in output.split(separator: "\n") {
            guard let parsed = parse(line) else { continue }
            let severity: Diagnostic.Severity
            switch parsed.severity {
            case "error": severity = .error
            case "warning": severity = .warning
            case "note": severity = .note
            default: continue
            }
            var location: Diagnostics.SourceLocation?
            if parsed.file.hasSuffix(fileSuffix) {
                location = program.location(line: parsed.line, utf8Column: parsed.column)
            }
            // A note about the library or the generated scaffold has no place in the page.
            if severity == .note && location == nil { continue }
            let diagnostic = Diagnostic(severity, at: location ?? program.firstLocation, parsed.message)
            if seen.insert(diagnostic.description).inserted { result.append(diagnostic) }
        }
        return result
    }

    private static func parse(_ line: Substring) -> (
        file: Substring, line: Int, column: Int, severity: Substring, message: String
    )? {
        for severity in ["error", "warning", "note"] {
            guard let range = line.range(of: ": \(severity): ") else { continue }
            let head = line[..<range.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            guard head.count >= 3, let number = Int(head[head.count - 2]), let column = Int(head[head.count - 1]) else {
                continue
            }
            let file = head[..<(head.count - 2)].joined(separator: ":")
            var message = line[range.upperBound...]
            // Swift 6.3 ends a message with its group, ` [#no-usage]`: not the author's concern.
            if message.hasSuffix("]"), let group = message.range(of: " [#", options: .backwards) {
                message = message[..<group.lowerBound]
            }
            return (Substring(file), number, column, Substring(severity), String(message))
        }
        return nil
    }
}

extension Diagnostic.Message {
    static let compilerRanOutOfTime: Self = "the page's code did not compile: the compiler ran out of time"
    static let compilerFailed: Self = "the page's code did not compile: the compiler failed"

    static func tooManyNumbers(_ count: Int, type: String) -> Self {
        Self(
            "this value has \(count) numbers (\(type)); a page shows at most "
                + "\(_Literate.maximumScalars) of them: show a part, such as its first rows")
    }

    static func tooMuchText(_ bytes: Int, type: String) -> Self {
        Self(
            "this value has \(bytes) bytes of text (\(type)); a page shows at most "
                + "\(_Literate.maximumStringBytes) bytes of text per value: show a part, such as its "
                + "prefix(1000)")
    }

    static func ranOutOfTime(_ seconds: Double) -> Self {
        Self(
            "the page's code ran longer than \(NumberFormat.format(seconds, significantDigits: 3)) s "
                + "and was stopped here (raise the limit with 'timeout:' in the front matter or --timeout)")
    }

    static let calledExit: Self = "the page's code called exit() here; a page runs to its end"
    static func exited(status: Int32) -> Self { "the page's code exited with status \(status) here" }

    static func wroteTooMuch(mebibytes: Int) -> Self {
        Self(
            "the page's code was stopped here: it wrote more than \(mebibytes) MiB (printed output, or values to show)")
    }

    /// `memoryGibibytes`: the memory limit, when the signal is one running out of it may cause.
    static func stopped(by signal: String, memoryGibibytes: Int?) -> Self {
        let memory = memoryGibibytes.map { " (it may have run out of its \($0) GiB of memory)" } ?? ""
        return "the page's code was stopped here by \(signal)\(memory)"
    }

    static func derivativeCheckFailed(_ check: DerivativeCheckResult) -> Self {
        let point = NumberFormat.format(value: .array(check.point.map(Value.double)))
        return Self(
            "derivative check failed at z = \(point): ∂f_\(check.worstOutput)/∂z_\(check.worstInput) stated "
                + "\(NumberFormat.format(check.stated)), numerical \(NumberFormat.format(check.numerical)) "
                + "(max error \(NumberFormat.format(check.maxError, significantDigits: 2)), "
                + "tolerance \(NumberFormat.format(check.tolerance, significantDigits: 2)))")
    }
}
