import Diagnostics
import SwiftParser
import SwiftParserDiagnostics
import SwiftSyntax

/// A block's top-level statements as swift-syntax sees them, with the values the author stated after its
/// expressions: what the program builder needs to wrap each expression so its value is recorded.
struct BlockScan: Sendable {
    /// One top-level statement.
    struct Item: Sendable {
        enum Kind: Sendable {
            /// An expression statement whose value the page shows.
            case expression
            /// An expression that yields nothing to show and cannot be passed as an argument: an
            /// assignment, `if` or `switch` used as a statement, a closure literal.
            case statementExpression
            /// `import`: stays at the top level, and no statement marker precedes it.
            case importDeclaration
            /// Any other declaration or statement.
            case other
        }

        var kind: Kind
        /// UTF-8 offsets of the first character and just after the last token (before trailing comments).
        var start: Int
        var end: Int
        var stated: StatedValue?
        /// Why a stated value cannot follow this item (it is not an expression).
        var noValueMessage: Diagnostic.Message
    }

    let map: SourceMap
    let tree: SourceFileSyntax
    var items: [Item] = []
    /// Stated values that cannot be read or belong to no expression, and parse refusals.
    var diagnostics: [Diagnostic] = []
    /// The syntax errors swift-syntax found (the compiler's own wording). A block with any is left out of
    /// the page program: an unclosed bracket would otherwise swallow the code after it.
    var syntaxErrors: [Diagnostic] { Self.syntaxErrors(in: tree, map) }

    static func syntaxErrors(in tree: some SyntaxProtocol, _ map: SourceMap) -> [Diagnostic] {
        guard tree.hasError else { return [] }
        return ParseDiagnosticsGenerator.diagnostics(for: tree).map { problem in
            .error(at: map.location(problem.position.utf8Offset), problem.message)
        }
    }

    init(code: String, origin: Diagnostics.SourceLocation) {
        map = SourceMap(code: code, origin: origin)
        tree = Parser.parse(source: code)
        items = tree.statements.map(Self.item)
        for arrow in ArrowComment.scan(tree, map) {
            switch associate(arrow) {
            case .success(let index):
                if let earlier = items[index].stated {
                    diagnostics.append(
                        .error(at: arrow.stated.location, .alreadyStated(line: earlier.location.line)))
                } else {
                    items[index].stated = arrow.stated
                }
            case .failure(let message):
                diagnostics.append(.error(at: arrow.stated.location, message))
            }
            if let error = arrow.parseError {
                diagnostics.append(.error(at: arrow.valueLocation(offset: error.offset, map), error.message))
            }
        }
    }

    /// The text of `item`.
    func text(_ item: Item) -> String { map.text(item.start, item.end) }

    private static func item(_ syntax: CodeBlockItemSyntax) -> Item {
        let start = syntax.positionAfterSkippingLeadingTrivia.utf8Offset
        let end = syntax.endPositionBeforeTrailingTrivia.utf8Offset
        let keyword = syntax.item.firstToken(viewMode: .sourceAccurate)?.text ?? "this"
        switch syntax.item {
        case .expr(let expression):
            if isStatementLike(expression) {
                var message = Diagnostic.Message.statementHasNoValue(keyword)
                if let target = expression.as(SequenceExprSyntax.self)?.elements.first {
                    message = .assignmentHasNoValue(target.trimmedDescription)
                }
                return Item(kind: .statementExpression, start: start, end: end, noValueMessage: message)
            }
            return Item(kind: .expression, start: start, end: end, noValueMessage: "")
        case .decl(let declaration):
            if declaration.is(ImportDeclSyntax.self) {
                return Item(kind: .importDeclaration, start: start, end: end, noValueMessage: .importHasNoValue)
            }
            let message: Diagnostic.Message
            if let variable = declaration.as(VariableDeclSyntax.self) {
                let name = variable.bindings.first?.pattern.trimmedDescription
                message = .declarationHasNoValue(variable.bindingSpecifier.text, name: name)
            } else if let function = declaration.as(FunctionDeclSyntax.self) {
                message = .functionHasNoValue(function.name.text)
            } else {
                message = .declarationHasNoValue(keyword)
            }
            return Item(kind: .other, start: start, end: end, noValueMessage: message)
        default:
            return Item(kind: .other, start: start, end: end, noValueMessage: .statementHasNoValue(keyword))
        }
    }

    /// Expressions Swift accepts as statements but not as an argument, or that never have a value.
    private static func isStatementLike(_ expression: ExprSyntax) -> Bool {
        if expression.is(IfExprSyntax.self) || expression.is(SwitchExprSyntax.self)
            || expression.is(ClosureExprSyntax.self) || expression.is(MacroExpansionExprSyntax.self)
        {
            return true
        }
        // `a = b`, `x += 1`, `_ = f()`: an assignment operator among the sequence's operators.
        if let sequence = expression.as(SequenceExprSyntax.self) {
            return sequence.elements.contains { element in
                if element.is(AssignmentExprSyntax.self) { return true }
                if let op = element.as(BinaryOperatorExprSyntax.self) {
                    let text = op.operator.text
                    return text.hasSuffix("=") && !["==", "!=", "<=", ">=", "===", "!=="].contains(text)
                }
                return false
            }
        }
        return false
    }

    private enum Association {
        case success(Int)
        case failure(Diagnostic.Message)
    }

    /// The top-level expression an arrow comment states the value of: the last item ending before the
    /// comment, when the comment trails it on the same line or starts the next line.
    private func associate(_ arrow: ArrowComment) -> Association {
        // The last item ending before the comment (items are in order; a block may have thousands).
        var low = 0
        var high = items.count
        while low < high {
            let middle = (low + high) / 2
            if items[middle].end <= arrow.commentOffset { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return .failure(.orphanStatedValue) }
        let index = low - 1
        let item = items[index]
        let itemLine = map.lineIndex(of: item.end)
        let commentLine = map.lineIndex(of: arrow.commentOffset)
        guard commentLine == itemLine || (commentLine == itemLine + 1 && arrow.startsLine) else {
            return .failure(.orphanStatedValue)
        }
        if item.kind == .expression { return .success(index) }
        return .failure(item.noValueMessage)
    }
}

/// Inline prose code: `` `{swift} expr` `` or `` `{swift} expr → stated` ``.
struct InlineScan {
    let expression: String
    var stated: StatedValue?
    var diagnostics: [Diagnostic] = []

    init(code: String, origin: Diagnostics.SourceLocation) {
        let map = SourceMap(code: code, origin: origin)
        let (expression, arrow) = Self.split(code)
        self.expression = expression
        if let arrow {
            let stated = StatedValue(text: arrow.text, location: map.location(arrow.valueOffset), arrow: arrow.arrow)
            self.stated = stated
            if stated.literal == nil {
                do {
                    _ = try StatedLiteral.parse(arrow.text)
                } catch {
                    diagnostics.append(
                        .error(at: map.location(arrow.valueOffset).advanced(columns: error.offset), error.message))
                }
            }
        }
    }

    /// Splits inline code at the first `→` or `=>` outside a string literal.
    static func split(_ code: String) -> (String, (arrow: String, text: String, valueOffset: Int)?) {
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
}

extension Diagnostic.Message {
    static func alreadyStated(line: Int) -> Self { "this expression already has a stated value at line \(line)" }
    static let orphanStatedValue: Self =
        "a stated value must follow a top-level expression, at the end of its line or on the line right after it"
    static let importHasNoValue: Self = "an import has no value"

    /// `keyword`: the statement's first word (`for`, `if`).
    static func statementHasNoValue(_ keyword: String) -> Self {
        "a '\(keyword)' statement has no value to state; stated values follow top-level expressions"
    }

    static func assignmentHasNoValue(_ target: String) -> Self {
        "an assignment has no value to state; write '\(target)' on a line of its own and state its value after it"
    }

    /// `keyword`: `let`, `var`, `struct`…; `name`, the variable's, when it has one to write instead.
    static func declarationHasNoValue(_ keyword: String, name: String? = nil) -> Self {
        guard let name else { return "a '\(keyword)' declaration has no value to state" }
        return Self(
            "a '\(keyword)' declaration has no value to state; write '\(name)' on a line of its own "
                + "and state its value after it")
    }

    static func functionHasNoValue(_ name: String) -> Self {
        Self(
            "a function declaration has no value to state; call '\(name)' on a line of its "
                + "own and state the value of the call")
    }
}
