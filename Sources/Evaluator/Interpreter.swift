import Diagnostics
import SwiftParser
import SwiftSyntax

/// The value of one top-level expression statement of a block.
public struct ExpressionResult: Sendable {
    /// The computed value.
    public var value: Value
    /// The Markdown position of the expression's first character.
    public var location: Diagnostics.SourceLocation
    /// The expression's source text.
    public var source: String
    /// The value the author stated after it (`// → …`), if any.
    public var stated: StatedValue?
}

/// What running a `{swift}` block produced.
public struct BlockOutcome: Sendable {
    /// Values of the top-level expression statements, in order.
    public var results: [ExpressionResult] = []
    /// Errors found (syntax, evaluation, stated values, derivative checks), in source order.
    public var diagnostics: [Diagnostic] = []
    /// Stated values compared with a computed value (matching or not).
    public var statedValuesChecked = 0
    /// `checkDerivative` calls made by the block.
    public var derivativeChecks = 0
    /// The block as swift-syntax parsed it (nil when it was refused before parsing), so that the page can
    /// highlight the code without parsing it again.
    public var syntax: SourceFileSyntax?
}

/// What evaluating inline prose code (`` `{swift} expr` `` or `` `{swift} expr → stated` ``) produced.
public struct InlineOutcome: Sendable {
    /// The computed value, nil when evaluation failed.
    public var value: Value?
    /// The stated value after the arrow, if any.
    public var stated: StatedValue?
    public var diagnostics: [Diagnostic] = []
}

/// Runs the Swift code of one page: all of its blocks, in order, in one environment.
///
/// Blocks are parsed by swift-syntax, lowered to the interpreter's own tree and interpreted. Nothing in
/// the language reaches files, the network or processes. Errors are diagnostics positioned in the
/// Markdown file, never crashes; a block that runs too long is stopped (see `Limits`).
///
/// Copies of an `Interpreter` share one environment.
public struct Interpreter {
    private let machine: Machine
    private let file: String

    /// An interpreter for the page at `file` (the path diagnostics name).
    public init(file: String, limits: Limits = .default) {
        self.file = file
        self.machine = Machine(file: file, limits: limits)
    }

    /// Runs a `{swift}` block.
    ///
    /// `code` is the block body exactly as in the Markdown (`//| key: value` option lines are comments);
    /// `origin` is the position of its first character, so body line L, column C is Markdown line
    /// `origin.line + L - 1`, column `origin.column + C - 1` (columns count Unicode scalars).
    public mutating func run(_ code: String, at origin: Diagnostics.SourceLocation) -> BlockOutcome {
        let map = SourceMap(code: code, origin: origin)
        machine.block += 1
        machine.steps = 0
        machine.derivativeCheckCount = 0
        machine.map = map
        var outcome = BlockOutcome()
        if let tooDeep = Self.bracketNestingError(map) {
            outcome.diagnostics = [tooDeep]
            return outcome
        }
        let tree = Parser.parse(source: code)
        outcome.syntax = tree

        let syntaxErrors = SyntaxErrorFinder.errors(in: tree)
        if !syntaxErrors.isEmpty {
            outcome.diagnostics = syntaxErrors.map { .error(at: map.location($0.at), $0.message) }
            poisonDeclarations(tree)
            return outcome
        }
        var lowering = Lowering(map: map)
        let items = tree.statements.map { TopLevelItem(syntax: $0, statements: lowering.lower($0.item)) }
        if !lowering.errors.isEmpty {
            outcome.diagnostics = lowering.errors.map { .error(at: map.location($0.at), $0.message) }
            poisonDeclarations(tree)
            return outcome
        }

        let arrows = ArrowComment.scan(tree, map)
        var stated = [StatedValue?](repeating: nil, count: items.count)
        for arrow in arrows {
            switch associate(arrow, items, map) {
            case .success(let index):
                if let earlier = stated[index] {
                    outcome.diagnostics.append(
                        .error(
                            at: arrow.stated.location,
                            "this expression already has a stated value at line \(earlier.location.line)"))
                } else {
                    stated[index] = arrow.stated
                }
            case .failure(let message):
                outcome.diagnostics.append(.error(at: arrow.stated.location, message))
            }
            if let error = arrow.parseError {
                outcome.diagnostics.append(.error(at: arrow.valueLocation(offset: error.offset, map), error.message))
            }
        }

        // Functions are visible throughout the block, as in a Swift file.
        for item in items {
            for case .function(let decl) in item.statements {
                do {
                    try machine.declareFunction(decl, machine.globals)
                } catch let failure as EvalError {
                    outcome.diagnostics.append(.error(at: failure.location, failure.message))
                } catch {}
            }
        }

        itemLoop: for (index, item) in items.enumerated() {
            machine.failedDerivativeChecks = []
            machine.map = map
            machine.depth = 0
            machine.returnTypes = []
            machine.loops = []
            var value: Value?
            do {
                if item.isExpression, case .expression(let expr) = item.statements[0] {
                    try machine.tick(expr.at)
                    value = try machine.evaluate(expr, machine.globals)
                } else {
                    for statement in item.statements {
                        switch try machine.execute(statement, machine.globals) {
                        case .normal: continue
                        case .breakLoop, .continueLoop:
                            throw machine.error(item.start, "'break' and 'continue' are only allowed inside a loop")
                        case .returned:
                            throw machine.error(item.start, "'return' is only allowed inside a function")
                        }
                    }
                }
            } catch let failure as EvalError {
                if !failure.silent {
                    outcome.diagnostics.append(.error(at: failure.location, failure.message))
                }
                if failure.fatal { break itemLoop }
                continue
            } catch {
                outcome.diagnostics.append(.error(at: map.location(item.start), "\(error)"))
                continue
            }
            var expectFailure = false
            if let value, let statedValue = stated[index] {
                if case .derivativeCheck = value, case .bool(false)? = statedValue.literal { expectFailure = true }
                if let literal = statedValue.literal {
                    outcome.statedValuesChecked += 1
                    if let message = literal.mismatch(with: value) {
                        outcome.diagnostics.append(.error(at: statedValue.location, message))
                    }
                }
            }
            if !expectFailure {
                outcome.diagnostics += machine.failedDerivativeChecks.map(Self.derivativeDiagnostic)
            }
            if let value {
                if case .void = value { continue }
                outcome.results.append(
                    ExpressionResult(
                        value: value, location: map.location(item.start),
                        source: map.text(item.start, item.end), stated: stated[index]))
            }
        }
        outcome.derivativeChecks = machine.derivativeCheckCount
        outcome.diagnostics.sort {
            ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
        }
        return outcome
    }

    /// Evaluates inline prose code: one expression, optionally followed by `→ stated` or `=> stated`.
    ///
    /// `origin` is the position of `code`'s first character.
    public mutating func evaluateInline(_ code: String, at origin: Diagnostics.SourceLocation) -> InlineOutcome {
        let map = SourceMap(code: code, origin: origin)
        var outcome = InlineOutcome()
        let (expressionText, arrow) = Self.splitInline(code)
        if let arrow {
            let stated = StatedValue(
                text: arrow.text, location: map.location(arrow.valueOffset), arrow: arrow.arrow)
            outcome.stated = stated
            if stated.literal == nil, let error = Self.parseError(arrow.text) {
                outcome.diagnostics.append(
                    .error(at: map.location(arrow.valueOffset).advanced(columns: error.offset), error.message))
            }
        }
        machine.block += 1
        machine.steps = 0
        machine.map = map
        machine.failedDerivativeChecks = []
        machine.depth = 0
        machine.returnTypes = []
        machine.loops = []
        if let tooDeep = Self.bracketNestingError(map) {
            outcome.diagnostics.append(tooDeep)
            return outcome
        }
        let tree = Parser.parse(source: expressionText)
        let syntaxErrors = SyntaxErrorFinder.errors(in: tree)
        if !syntaxErrors.isEmpty {
            outcome.diagnostics += syntaxErrors.map { .error(at: map.location($0.at), $0.message) }
            return outcome
        }
        guard tree.statements.count == 1, let item = tree.statements.first, case .expr(let exprSyntax) = item.item
        else {
            outcome.diagnostics.append(
                .error(at: origin, "inline code must be one expression, such as 'softmax(z)[0]'"))
            return outcome
        }
        var lowering = Lowering(map: map)
        let expr = lowering.lowerExpr(exprSyntax)
        if !lowering.errors.isEmpty {
            outcome.diagnostics += lowering.errors.map { .error(at: map.location($0.at), $0.message) }
            return outcome
        }
        do {
            let value = try machine.evaluate(expr, machine.globals)
            outcome.value = value
            if let stated = outcome.stated, let literal = stated.literal, let message = literal.mismatch(with: value) {
                outcome.diagnostics.append(.error(at: stated.location, message))
            }
            outcome.diagnostics += machine.failedDerivativeChecks.map(Self.derivativeDiagnostic)
        } catch let failure as EvalError {
            if !failure.silent { outcome.diagnostics.append(.error(at: failure.location, failure.message)) }
        } catch {
            outcome.diagnostics.append(.error(at: origin, "\(error)"))
        }
        return outcome
    }

    // MARK: Helpers

    /// The deepest nesting of square brackets accepted. swift-syntax's parser takes time exponential in
    /// the nesting of `[` (each may start an array type or a literal), so deeper code is refused up front.
    static let maximumBracketNesting = 6

    private static func bracketNestingError(_ map: SourceMap) -> Diagnostic? {
        var depth = 0
        var inString = false
        var index = 0
        let bytes = map.utf8
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 1
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "/") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/") {
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "[") {
                depth += 1
                if depth > maximumBracketNesting {
                    return .error(
                        at: map.location(index),
                        "square brackets nested more than \(maximumBracketNesting) deep are not supported in pages")
                }
            } else if byte == UInt8(ascii: "]") {
                depth = max(0, depth - 1)
            }
            index += 1
        }
        return nil
    }

    private static func derivativeDiagnostic(
        _ failure: (location: Diagnostics.SourceLocation, check: DerivativeCheckResult)
    )
        -> Diagnostic
    {
        let check = failure.check
        let point = NumberFormat.format(value: Builtins.vectorValue(check.point))
        return .error(
            at: failure.location,
            "derivative check failed at z = \(point): ∂f_\(check.worstOutput)/∂z_\(check.worstInput) stated "
                + "\(NumberFormat.format(check.stated)), numerical \(NumberFormat.format(check.numerical)) "
                + "(max error \(NumberFormat.format(check.maxError, significantDigits: 2)), "
                + "tolerance \(NumberFormat.format(check.tolerance, significantDigits: 2)))")
    }

    private static func parseError(_ text: String) -> StatedLiteral.ParseError? {
        do {
            _ = try StatedLiteral.parse(text)
            return nil
        } catch let error as StatedLiteral.ParseError {
            return error
        } catch {
            return nil
        }
    }

    /// Splits inline code at the first `→` or `=>` outside a string literal.
    static func splitInline(_ code: String) -> (String, (arrow: String, text: String, valueOffset: Int)?) {
        let bytes = Array(code.utf8)
        var inString = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") && inString {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\"") { inString.toggle() }
            if !inString {
                var arrowLength = 0
                if byte == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x86 && bytes[index + 2] == 0x92 {
                    arrowLength = 3
                } else if byte == UInt8(ascii: "=") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: ">")
                {
                    arrowLength = 2
                }
                if arrowLength > 0 {
                    let expression = String(decoding: bytes[..<index], as: UTF8.self)
                    var valueStart = index + arrowLength
                    while valueStart < bytes.count && (bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09) {
                        valueStart += 1
                    }
                    var valueEnd = bytes.count
                    while valueEnd > valueStart && (bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09) {
                        valueEnd -= 1
                    }
                    let text = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
                    return (expression, (arrowLength == 3 ? "→" : "=>", text, valueStart))
                }
            }
            index += 1
        }
        return (code, nil)
    }

    /// After a syntax error the block does not run; names it would have declared stop later uses quietly.
    private func poisonDeclarations(_ tree: SourceFileSyntax) {
        for item in tree.statements {
            var names: [String] = []
            if let variable = item.item.as(VariableDeclSyntax.self) {
                for binding in variable.bindings {
                    if let identifier = binding.pattern.as(IdentifierPatternSyntax.self) {
                        names.append(identifier.identifier.text)
                    }
                }
            } else if let function = item.item.as(FunctionDeclSyntax.self) {
                names.append(function.name.text)
            }
            for name in names where !name.isEmpty {
                machine.globals.slots[name] = Slot(state: .poisoned, type: .unknown, isVar: true, block: machine.block)
            }
        }
    }

    private enum Association {
        case success(Int)
        case failure(String)
    }

    /// The top-level expression an arrow comment states the value of: the last item ending before the
    /// comment, when the comment trails it on the same line or starts the next line.
    private func associate(_ arrow: ArrowComment, _ items: [TopLevelItem], _ map: SourceMap) -> Association {
        guard let index = items.lastIndex(where: { $0.end <= arrow.commentOffset }) else {
            return .failure(Self.orphanMessage)
        }
        let item = items[index]
        let itemLine = map.lineIndex(of: item.end)
        let commentLine = map.lineIndex(of: arrow.commentOffset)
        guard commentLine == itemLine || (commentLine == itemLine + 1 && arrow.startsLine) else {
            return .failure(Self.orphanMessage)
        }
        if item.isExpression { return .success(index) }
        return .failure(item.noValueMessage(map))
    }

    private static let orphanMessage =
        "a stated value must follow a top-level expression, at the end of its line or on the line right after it"
}

/// A top-level statement of a block with its lowered form and its extent.
struct TopLevelItem {
    let syntax: CodeBlockItemSyntax
    let statements: [Stmt]
    let start: Int
    /// UTF-8 offset just after its last token (before trailing comments).
    let end: Int

    init(syntax: CodeBlockItemSyntax, statements: [Stmt]) {
        self.syntax = syntax
        self.statements = statements
        self.start = syntax.positionAfterSkippingLeadingTrivia.utf8Offset
        self.end = syntax.endPositionBeforeTrailingTrivia.utf8Offset
    }

    var isExpression: Bool {
        if statements.count == 1, case .expression = statements[0] { return true }
        return false
    }

    /// Why a stated value cannot follow this statement.
    func noValueMessage(_ map: SourceMap) -> String {
        switch statements.first {
        case .binding(let pattern, _, _, _, _)?:
            let names = pattern.names
            let keyword = syntax.item.as(VariableDeclSyntax.self)?.bindingSpecifier.text ?? "let"
            if let name = names.first {
                return "a '\(keyword)' declaration has no value to state; write '\(name)' on a line of its own "
                    + "and state its value after it"
            }
            return "a '\(keyword)' declaration has no value to state"
        case .assign(let target, _, _, _)?:
            let text = map.text(target.at, end).prefix { $0 != "=" && $0 != "+" && $0 != "-" && $0 != "*" && $0 != "/" }
            let name = text.trimmingCharacters()
            return
                "an assignment has no value to state; write '\(name)' on a line of its own and state its value after it"
        case .function(let decl)?:
            return
                "a function declaration has no value to state; call '\(decl.name)' on a line of its own and state the value of the call"
        default:
            let keyword = syntax.item.firstToken(viewMode: .sourceAccurate)?.text ?? "this"
            return "a '\(keyword)' statement has no value to state; stated values follow top-level expressions"
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

/// A `// → value` or `// => value` comment found in a block's trivia.
struct ArrowComment {
    /// UTF-8 offset of the `//`.
    var commentOffset: Int
    /// UTF-8 offset of the value text.
    var valueOffset: Int
    /// Whether only blanks precede the comment on its line.
    var startsLine: Bool
    var stated: StatedValue
    var parseError: StatedLiteral.ParseError?

    func valueLocation(offset: Int, _ map: SourceMap) -> Diagnostics.SourceLocation {
        map.location(valueOffset).advanced(columns: offset)
    }

    static func scan(_ tree: SourceFileSyntax, _ map: SourceMap) -> [ArrowComment] {
        var result: [ArrowComment] = []
        for token in tree.tokens(viewMode: .sourceAccurate) {
            var offset = token.position.utf8Offset
            for piece in token.leadingTrivia {
                if let arrow = make(piece, at: offset, map) { result.append(arrow) }
                offset += piece.sourceLength.utf8Length
            }
            offset = token.endPositionBeforeTrailingTrivia.utf8Offset
            for piece in token.trailingTrivia {
                if let arrow = make(piece, at: offset, map) { result.append(arrow) }
                offset += piece.sourceLength.utf8Length
            }
        }
        return result
    }

    private static func make(_ piece: TriviaPiece, at offset: Int, _ map: SourceMap) -> ArrowComment? {
        guard case .lineComment(let text) = piece else { return nil }
        let bytes = Array(text.utf8)
        var index = 2
        while index < bytes.count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        var arrow: String
        if index + 2 < bytes.count + 0 && bytes[index] == 0xE2 && bytes[index + 1] == 0x86 && bytes[index + 2] == 0x92 {
            arrow = "→"
            index += 3
        } else if index + 1 < bytes.count && bytes[index] == UInt8(ascii: "=") && bytes[index + 1] == UInt8(ascii: ">")
        {
            arrow = "=>"
            index += 2
        } else {
            return nil
        }
        while index < bytes.count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        var end = bytes.count
        while end > index && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D) { end -= 1 }
        let valueOffset = offset + index
        let valueEnd = continuedValueEnd(from: offset + end, depth: bracketDepth(bytes[index..<end]), map)
        let valueText = String(decoding: map.utf8[valueOffset..<valueEnd], as: UTF8.self)
        var startsLine = true
        var back = offset - 1
        while back >= 0 && map.utf8[back] != UInt8(ascii: "\n") {
            if map.utf8[back] != 0x20 && map.utf8[back] != 0x09 {
                startsLine = false
                break
            }
            back -= 1
        }
        let stated = StatedValue(text: valueText, location: map.location(valueOffset), arrow: arrow)
        var parseError: StatedLiteral.ParseError?
        if stated.literal == nil {
            do { _ = try StatedLiteral.parse(StatedValue.joiningContinuationLines(valueText)) } catch let error
                as StatedLiteral.ParseError
            {
                parseError = error
            } catch {}
        }
        return ArrowComment(
            commentOffset: offset, valueOffset: valueOffset, startsLine: startsLine, stated: stated,
            parseError: parseError)
    }

    /// `[` minus `]`: a stated matrix whose brackets are still open continues on the next comment line.
    private static func bracketDepth(_ bytes: some Sequence<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "[") ? 1 : $1 == UInt8(ascii: "]") ? -1 : 0) }
    }

    /// Where a stated value ends when it spans comment lines, as a matrix laid out row by row does:
    ///
    ///     // → [[0.20, -0.20],
    ///     //    [-0.20, 0.20]]
    ///
    /// Each following line that is only a `//` comment continues the value while its brackets are open.
    private static func continuedValueEnd(from start: Int, depth: Int, _ map: SourceMap) -> Int {
        var end = start
        var depth = depth
        let bytes = map.utf8
        while depth > 0 {
            var cursor = end
            while cursor < bytes.count && bytes[cursor] != UInt8(ascii: "\n") { cursor += 1 }
            guard cursor < bytes.count else { break }
            cursor += 1
            while cursor < bytes.count && (bytes[cursor] == 0x20 || bytes[cursor] == 0x09) { cursor += 1 }
            guard cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "/"), bytes[cursor + 1] == UInt8(ascii: "/")
            else { break }
            var lineEnd = cursor
            while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            var contentEnd = lineEnd
            while contentEnd > cursor && [0x20, 0x09, 0x0D].contains(bytes[contentEnd - 1]) { contentEnd -= 1 }
            depth += bracketDepth(bytes[(cursor + 2)..<contentEnd])
            end = contentEnd
        }
        return end
    }
}
