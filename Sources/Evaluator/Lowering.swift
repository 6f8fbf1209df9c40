import SwiftSyntax

/// A problem found before running: a construct outside the subset, or a bad literal.
struct StaticError {
    var at: Int
    var message: String
}

/// Turns swift-syntax's tree into the interpreter's `Expr`/`Stmt` tree, folding operator sequences with
/// Swift's standard precedence, and collecting constructs outside the subset as errors.
struct Lowering {
    private(set) var errors: [StaticError] = []
    /// For each enclosing closure being lowered, the highest `$n` used plus one.
    private var shorthandStack: [Int] = []
    private let map: SourceMap

    init(map: SourceMap) {
        self.map = map
    }

    // MARK: Statements

    mutating func lower(_ items: CodeBlockItemListSyntax) -> [Stmt] {
        items.flatMap { lower($0.item) }
    }

    mutating func lower(_ item: CodeBlockItemSyntax.Item) -> [Stmt] {
        switch item {
        case .decl(let decl): return lowerDecl(decl)
        case .stmt(let stmt): return [lowerStmt(stmt)]
        case .expr(let expr): return [lowerStatementExpression(expr)]
        }
    }

    private mutating func lowerDecl(_ decl: DeclSyntax) -> [Stmt] {
        if let variable = decl.as(VariableDeclSyntax.self) {
            let isVar = variable.bindingSpecifier.tokenKind == .keyword(.var)
            return variable.bindings.map { binding in
                let pattern = lowerPattern(binding.pattern)
                let type = binding.typeAnnotation.map { lowerType($0.type) }
                if binding.accessorBlock != nil {
                    return fail(binding, "computed properties are not supported in pages; use a 'func'")
                }
                let value = binding.initializer.map { lowerExpr($0.value) }
                if value == nil && type == nil {
                    return fail(binding, "type annotation missing in pattern")
                }
                return .binding(pattern, isVar: isVar, type: type, value: value, at: offset(binding))
            }
        }
        if let function = decl.as(FunctionDeclSyntax.self) {
            guard case .identifier(let name) = function.name.tokenKind else {
                return [fail(function.name, "only named functions can be declared in pages")]
            }
            if function.genericParameterClause != nil {
                return [fail(function, "generic functions are not supported in pages")]
            }
            let parameters = function.signature.parameterClause.parameters.map { parameter -> Parameter in
                let first = parameter.firstName.text
                let second = parameter.secondName?.text
                if parameter.defaultValue != nil {
                    errors.append(
                        StaticError(at: offset(parameter), message: "default arguments are not supported in pages"))
                }
                return Parameter(
                    label: first == "_" ? nil : first, name: second ?? first, type: lowerType(parameter.type),
                    at: offset(parameter))
            }
            let returnType = function.signature.returnClause.map { lowerType($0.type) }
            guard let body = function.body else {
                return [fail(function, "function '\(name)' needs a body")]
            }
            let statements = implicitReturn(lower(body.statements))
            return [
                .function(
                    FunctionDecl(
                        name: name, parameters: parameters, returnType: returnType, body: statements,
                        shorthandCount: 0, isClosure: false, at: offset(function.name), map: map))
            ]
        }
        if decl.is(ImportDeclSyntax.self) {
            return [
                fail(
                    decl,
                    "pages cannot import modules: the Softmax library and Foundation's math functions are "
                        + "already available")
            ]
        }
        let keyword = decl.firstToken(viewMode: .sourceAccurate)?.text ?? "this"
        return [fail(decl, "'\(keyword)' declarations are not supported in pages")]
    }

    private mutating func lowerStmt(_ stmt: StmtSyntax) -> Stmt {
        let at = offset(stmt)
        if let expression = stmt.as(ExpressionStmtSyntax.self) {
            return lowerStatementExpression(expression.expression)
        }
        if let forStmt = stmt.as(ForStmtSyntax.self) {
            if forStmt.caseKeyword != nil || forStmt.awaitKeyword != nil || forStmt.tryKeyword != nil {
                return fail(forStmt, "only plain 'for x in sequence' loops are supported in pages")
            }
            return .forIn(
                lowerPattern(forStmt.pattern), sequence: lowerExpr(forStmt.sequence),
                where: forStmt.whereClause.map { lowerExpr($0.condition) }, body: lower(forStmt.body.statements),
                at: at)
        }
        if let whileStmt = stmt.as(WhileStmtSyntax.self) {
            return .whileLoop(
                condition: lowerConditions(whileStmt.conditions), body: lower(whileStmt.body.statements), at: at)
        }
        if let repeatStmt = stmt.as(RepeatStmtSyntax.self) {
            return .repeatWhile(
                body: lower(repeatStmt.body.statements), condition: lowerExpr(repeatStmt.condition), at: at)
        }
        if let guardStmt = stmt.as(GuardStmtSyntax.self) {
            return .guardStatement(
                condition: lowerConditions(guardStmt.conditions), else: lower(guardStmt.body.statements), at: at)
        }
        if let returnStmt = stmt.as(ReturnStmtSyntax.self) {
            return .returnStatement(returnStmt.expression.map { lowerExpr($0) }, at: at)
        }
        if stmt.is(BreakStmtSyntax.self) { return .breakStatement(at: at) }
        if stmt.is(ContinueStmtSyntax.self) { return .continueStatement(at: at) }
        let keyword = stmt.firstToken(viewMode: .sourceAccurate)?.text ?? "this"
        return fail(stmt, "'\(keyword)' statements are not supported in pages")
    }

    /// An expression in statement position: assignments and `if` become statements.
    private mutating func lowerStatementExpression(_ expr: ExprSyntax) -> Stmt {
        if let ifExpr = expr.as(IfExprSyntax.self) {
            let lowered = lowerIf(ifExpr)
            if case .ifExpression(let condition, let then, let otherwise, let at) = lowered {
                return .ifStatement(condition: condition, then: then, else: otherwise, at: at)
            }
            return .expression(lowered)
        }
        if let sequence = expr.as(SequenceExprSyntax.self) {
            switch fold(sequence) {
            case .expr(let e): return .expression(e)
            case .assign(let target, let op, let value, let at):
                return .assign(target: target, op: op, value: value, at: at)
            }
        }
        return .expression(lowerExpr(expr))
    }

    private mutating func lowerIf(_ ifExpr: IfExprSyntax) -> Expr {
        let condition = lowerConditions(ifExpr.conditions)
        let then = lower(ifExpr.body.statements)
        var otherwise: [Stmt]?
        switch ifExpr.elseBody {
        case .ifExpr(let nested)?: otherwise = [lowerStatementExpression(ExprSyntax(nested))]
        case .codeBlock(let block)?: otherwise = lower(block.statements)
        case nil: otherwise = nil
        }
        return .ifExpression(condition: condition, then: then, else: otherwise, at: offset(ifExpr))
    }

    private mutating func lowerConditions(_ conditions: ConditionElementListSyntax) -> Expr {
        var result: Expr?
        for element in conditions {
            guard case .expression(let expr) = element.condition else {
                errors.append(
                    StaticError(
                        at: offset(element),
                        message: "only Boolean conditions are supported in pages (no 'let' or 'case')"))
                return .boolLiteral(false, at: offset(element))
            }
            let lowered = lowerExpr(expr)
            result = result.map { .binary(.and, $0, lowered, at: lowered.at) } ?? lowered
        }
        return result ?? .boolLiteral(true, at: offset(conditions))
    }

    /// A body that is a single expression returns it, as Swift's single-expression closures and functions do.
    private func implicitReturn(_ body: [Stmt]) -> [Stmt] {
        if body.count == 1, case .expression(let e) = body[0] {
            return [.returnStatement(e, at: e.at)]
        }
        if body.count == 1, case .ifStatement(let c, let t, let e?, let at) = body[0] {
            return [.ifStatement(condition: c, then: implicitReturn(t), else: implicitReturn(e), at: at)]
        }
        return body
    }

    // MARK: Patterns and types

    private mutating func lowerPattern(_ pattern: PatternSyntax) -> Pattern {
        if let identifier = pattern.as(IdentifierPatternSyntax.self) {
            return .name(identifier.identifier.text, at: offset(identifier))
        }
        if pattern.is(WildcardPatternSyntax.self) { return .wildcard }
        if let tuple = pattern.as(TuplePatternSyntax.self) {
            return .tuple(tuple.elements.map { lowerPattern($0.pattern) })
        }
        errors.append(StaticError(at: offset(pattern), message: "this pattern is not supported in pages"))
        return .wildcard
    }

    mutating func lowerType(_ type: TypeSyntax) -> TypeRef {
        if let identifier = type.as(IdentifierTypeSyntax.self) {
            let arguments = identifier.genericArgumentClause?.arguments.compactMap { argument -> TypeRef? in
                if case .type(let t) = argument.argument { return lowerType(t) }
                return nil
            }
            switch (identifier.name.text, arguments) {
            case ("Int", nil): return .int
            case ("Double", nil): return .double
            case ("Bool", nil): return .bool
            case ("String", nil): return .string
            case ("Void", nil): return .void
            case ("DerivativeCheck", nil): return .derivativeCheck
            case ("Array", let args?) where args.count == 1: return .array(args[0])
            default: break
            }
        }
        if let array = type.as(ArrayTypeSyntax.self) {
            return .array(lowerType(array.element))
        }
        if let attributed = type.as(AttributedTypeSyntax.self) {
            return lowerType(attributed.baseType)
        }
        if let function = type.as(FunctionTypeSyntax.self) {
            return .function(function.parameters.map { lowerType($0.type) }, lowerType(function.returnClause.type))
        }
        if let tuple = type.as(TupleTypeSyntax.self) {
            if tuple.elements.isEmpty { return .void }
            if tuple.elements.count == 1, let only = tuple.elements.first { return lowerType(only.type) }
            return .tuple(tuple.elements.map { lowerType($0.type) })
        }
        errors.append(
            StaticError(
                at: offset(type),
                message: "type '\(type.trimmedDescription)' is not supported in pages (use Int, Double, Bool, "
                    + "String, arrays and functions of them)"))
        return .unknown
    }

    // MARK: Expressions

    mutating func lowerExpr(_ expr: ExprSyntax) -> Expr {
        let at = offset(expr)
        if let literal = expr.as(IntegerLiteralExprSyntax.self) {
            return lowerInteger(literal.literal.text, at: at)
        }
        if let literal = expr.as(FloatLiteralExprSyntax.self) {
            let text = literal.literal.text.replacingUnderscores()
            guard let value = Double(text) else {
                errors.append(StaticError(at: at, message: "'\(literal.literal.text)' is not a valid number"))
                return .floatLiteral(0, at: at)
            }
            return .floatLiteral(value, at: at)
        }
        if let literal = expr.as(BooleanLiteralExprSyntax.self) {
            return .boolLiteral(literal.literal.tokenKind == .keyword(.true), at: at)
        }
        if let string = expr.as(StringLiteralExprSyntax.self) {
            return lowerString(string)
        }
        if let array = expr.as(ArrayExprSyntax.self) {
            return .arrayLiteral(array.elements.map { lowerExpr($0.expression) }, at: at)
        }
        if let reference = expr.as(DeclReferenceExprSyntax.self) {
            return lowerReference(reference)
        }
        if let sequence = expr.as(SequenceExprSyntax.self) {
            switch fold(sequence) {
            case .expr(let e): return e
            case .assign(_, _, _, let at):
                return fail(at, "an assignment has no value; write it as a statement of its own")
            }
        }
        if let prefix = expr.as(PrefixOperatorExprSyntax.self) {
            let op = prefix.operator.text
            guard op == "-" || op == "!" || op == "+" else {
                return fail(prefix.operator, "the prefix operator '\(op)' is not supported in pages")
            }
            let operand = lowerExpr(prefix.expression)
            if op == "-", case .intLiteral(let n, _) = operand { return .intLiteral(-n, at: at) }
            if op == "-", case .floatLiteral(let x, _) = operand { return .floatLiteral(-x, at: at) }
            return op == "+" ? operand : .unary(op, operand, at: at)
        }
        if let tuple = expr.as(TupleExprSyntax.self) {
            if tuple.elements.count == 1, let only = tuple.elements.first, only.label == nil {
                return lowerExpr(only.expression)
            }
            return .tuple(tuple.elements.map { (label: $0.label?.text, value: lowerExpr($0.expression)) }, at: at)
        }
        if let call = expr.as(FunctionCallExprSyntax.self) {
            var arguments = lowerArguments(call.arguments)
            if let closure = call.trailingClosure {
                arguments.append(Argument(label: nil, value: lowerExpr(ExprSyntax(closure)), at: offset(closure)))
            }
            for extra in call.additionalTrailingClosures {
                arguments.append(
                    Argument(label: extra.label.text, value: lowerExpr(ExprSyntax(extra.closure)), at: offset(extra)))
            }
            return .call(lowerCallee(call.calledExpression), arguments, at: at)
        }
        if let subscriptCall = expr.as(SubscriptCallExprSyntax.self) {
            return .subscriptAccess(
                lowerExpr(subscriptCall.calledExpression), lowerArguments(subscriptCall.arguments),
                at: offset(subscriptCall.leftSquare))
        }
        if let member = expr.as(MemberAccessExprSyntax.self) {
            let name = member.declName.baseName.text
            let nameAt = offset(member.declName)
            guard let base = member.base else { return .implicitMember(name, at: nameAt) }
            return .member(lowerExpr(base), name, at: nameAt)
        }
        if let closure = expr.as(ClosureExprSyntax.self) {
            return lowerClosure(closure)
        }
        if let ifExpr = expr.as(IfExprSyntax.self) {
            return lowerIf(ifExpr)
        }
        if let unwrap = expr.as(ForceUnwrapExprSyntax.self) {
            return .unary("unwrap", lowerExpr(unwrap.expression), at: offset(unwrap.exclamationMark))
        }
        if let ternary = expr.as(TernaryExprSyntax.self) {
            return .ternary(
                lowerExpr(ternary.condition), lowerExpr(ternary.thenExpression), lowerExpr(ternary.elseExpression),
                at: offset(ternary.questionMark))
        }
        if let infix = expr.as(InfixOperatorExprSyntax.self) {
            return combine(
                operatorText(infix.operator) ?? "?", lowerExpr(infix.leftOperand), lowerExpr(infix.rightOperand),
                at: offset(infix.operator))
        }
        if expr.is(MissingExprSyntax.self) {
            return .unsupported("expected expression", at: at)
        }
        if let tryExpr = expr.as(TryExprSyntax.self) {
            // Plain `try` is what Swift requires before a throwing call such as `softmax(z, temperature: t)`,
            // so pages may write it; errors are reported at the call either way. `try?` and `try!` would
            // change the value's type, which pages do not model.
            guard tryExpr.questionOrExclamationMark == nil else {
                return fail(expr, "'try?' and 'try!' are not supported in pages; write 'try' or nothing")
            }
            return lowerExpr(tryExpr.expression)
        }
        return fail(expr, "this expression is not supported in pages: '\(expr.trimmedDescription)'")
    }

    private mutating func lowerInteger(_ text: String, at: Int) -> Expr {
        let digits = text.replacingUnderscores()
        let value: Int?
        if digits.hasPrefix("0x") {
            value = Int(digits.dropFirst(2), radix: 16)
        } else if digits.hasPrefix("0b") {
            value = Int(digits.dropFirst(2), radix: 2)
        } else if digits.hasPrefix("0o") {
            value = Int(digits.dropFirst(2), radix: 8)
        } else {
            value = Int(digits)
        }
        guard let value else {
            errors.append(StaticError(at: at, message: "integer literal '\(text)' overflows when stored into 'Int'"))
            return .intLiteral(0, at: at)
        }
        return .intLiteral(value, at: at)
    }

    private mutating func lowerString(_ string: StringLiteralExprSyntax) -> Expr {
        var parts: [StringPart] = []
        for segment in string.segments {
            switch segment {
            case .stringSegment(let text):
                parts.append(.text(unescape(text.content.text)))
            case .expressionSegment(let interpolation):
                if interpolation.expressions.count == 1, let only = interpolation.expressions.first {
                    parts.append(.interpolation(lowerExpr(only.expression)))
                } else {
                    errors.append(
                        StaticError(at: offset(interpolation), message: "an interpolation takes exactly one value"))
                }
            }
        }
        return .stringLiteral(parts, at: offset(string))
    }

    private func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "0": result.append("\0")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    private mutating func lowerReference(_ reference: DeclReferenceExprSyntax) -> Expr {
        let at = offset(reference)
        let token = reference.baseName
        switch token.tokenKind {
        case .dollarIdentifier(let name):
            guard let index = Int(name.dropFirst()), !shorthandStack.isEmpty else {
                return fail(reference, "anonymous closure argument '\(name)' is not contained in a closure")
            }
            shorthandStack[shorthandStack.count - 1] = max(shorthandStack[shorthandStack.count - 1], index + 1)
            return .identifier(name, at: at)
        case .binaryOperator(let op), .prefixOperator(let op):
            return .operatorReference(op, at: at)
        default:
            if let arguments = reference.argumentNames {
                // `softmax(_:temperature:)`: a function named with its labels.
                let labels = arguments.arguments.map { $0.name.text }
                return .identifier(token.text + "(" + labels.map { "\($0):" }.joined() + ")", at: at)
            }
            return .identifier(token.text, at: at)
        }
    }

    private mutating func lowerCallee(_ callee: ExprSyntax) -> Expr {
        // `[Double](repeating: 0, count: 3)`: an array type used as an initializer.
        if let array = callee.as(ArrayExprSyntax.self), array.elements.count == 1,
            let element = array.elements.first?.expression.as(DeclReferenceExprSyntax.self)
        {
            return .identifier("[\(element.baseName.text)]", at: offset(callee))
        }
        if let generic = callee.as(GenericSpecializationExprSyntax.self) {
            return .identifier(generic.trimmedDescription, at: offset(callee))
        }
        return lowerExpr(callee)
    }

    private mutating func lowerArguments(_ arguments: LabeledExprListSyntax) -> [Argument] {
        arguments.map { argument in
            Argument(label: argument.label?.text, value: lowerExpr(argument.expression), at: offset(argument))
        }
    }

    private mutating func lowerClosure(_ closure: ClosureExprSyntax) -> Expr {
        var parameters: [Parameter] = []
        var returnType: TypeRef?
        if let signature = closure.signature {
            if signature.capture != nil {
                errors.append(StaticError(at: offset(signature), message: "capture lists are not supported in pages"))
            }
            switch signature.parameterClause {
            case .simpleInput(let names)?:
                parameters = names.map { Parameter(label: nil, name: $0.name.text, type: nil, at: offset($0)) }
            case .parameterClause(let clause)?:
                parameters = clause.parameters.map { parameter in
                    Parameter(
                        label: nil, name: (parameter.secondName ?? parameter.firstName).text,
                        type: parameter.type.map { lowerType($0) }, at: offset(parameter))
                }
            case nil: break
            }
            returnType = signature.returnClause.map { lowerType($0.type) }
        }
        shorthandStack.append(0)
        let body = implicitReturn(lower(closure.statements))
        let shorthand = shorthandStack.removeLast()
        if shorthand > 0 && closure.signature?.parameterClause != nil {
            errors.append(
                StaticError(
                    at: offset(closure),
                    message: "anonymous closure arguments cannot be used inside a closure that has explicit arguments"))
        }
        return .closure(
            FunctionDecl(
                name: "closure", parameters: parameters, returnType: returnType, body: body,
                shorthandCount: shorthand, isClosure: true, at: offset(closure), map: map))
    }

    // MARK: Operator folding

    private enum Folded {
        case expr(Expr)
        case assign(target: Expr, op: BinaryOperator?, value: Expr, at: Int)
    }

    private enum Operator {
        case binary(String, at: Int)
        case ternary(then: Expr, at: Int)
        case cast(String, at: Int)

        var precedence: Int {
            switch self {
            case .binary(let op, _): return Lowering.precedence(of: op)
            case .ternary: return 110
            case .cast: return 160
            }
        }

        var isRightAssociative: Bool {
            switch self {
            case .binary(let op, _): return Lowering.precedence(of: op) == 100
            case .ternary: return true
            case .cast: return false
            }
        }
    }

    /// Swift's standard precedence groups, highest first binding tightest.
    static func precedence(of op: String) -> Int {
        switch op {
        case "<<", ">>": return 200
        case "*", "/", "%", "&*": return 190
        case "+", "-", "&+", "&-": return 180
        case "..<", "...": return 170
        case "??": return 150
        case "==", "!=", "<", "<=", ">", ">=", "===", "!==", "~=": return 140
        case "&&": return 130
        case "||": return 120
        case "=", "+=", "-=", "*=", "/=", "%=": return 100
        default: return 180
        }
    }

    private func operatorText(_ expr: ExprSyntax) -> String? {
        if let binary = expr.as(BinaryOperatorExprSyntax.self) { return binary.operator.text }
        if expr.is(AssignmentExprSyntax.self) { return "=" }
        return nil
    }

    private mutating func fold(_ sequence: SequenceExprSyntax) -> Folded {
        var operands: [Folded] = []
        var operators: [Operator] = []
        var expectOperand = true
        for element in sequence.elements {
            if expectOperand {
                operands.append(.expr(lowerExpr(element)))
                expectOperand = false
                continue
            }
            if let text = operatorText(element) {
                operators.append(.binary(text, at: offset(element)))
            } else if let ternary = element.as(UnresolvedTernaryExprSyntax.self) {
                operators.append(.ternary(then: lowerExpr(ternary.thenExpression), at: offset(element)))
            } else if element.is(UnresolvedAsExprSyntax.self) || element.is(UnresolvedIsExprSyntax.self) {
                operators.append(.cast(element.trimmedDescription, at: offset(element)))
            } else {
                errors.append(StaticError(at: offset(element), message: "expected an operator"))
                return .expr(.unsupported("expected an operator", at: offset(element)))
            }
            expectOperand = true
            continue
        }
        // A cast's type arrives as the operand after it.
        var index = 0
        var operatorIndex = 0
        func parse(_ lhs: Folded, _ minimum: Int) -> Folded {
            var lhs = lhs
            while operatorIndex < operators.count && operators[operatorIndex].precedence >= minimum {
                let op = operators[operatorIndex]
                operatorIndex += 1
                index += 1
                var rhs = operands[index]
                while operatorIndex < operators.count {
                    let next = operators[operatorIndex]
                    if next.precedence > op.precedence
                        || (next.isRightAssociative && next.precedence == op.precedence)
                    {
                        rhs = parse(rhs, op.precedence + (next.precedence > op.precedence ? 1 : 0))
                    } else {
                        break
                    }
                }
                lhs = apply(op, lhs, rhs)
            }
            return lhs
        }
        let result = parse(operands[0], 0)
        return result
    }

    private mutating func apply(_ op: Operator, _ lhs: Folded, _ rhs: Folded) -> Folded {
        guard case .expr(let right) = rhs else {
            if case .assign(_, _, _, let at) = rhs {
                return .expr(fail(at, "an assignment has no value; write it as a statement of its own"))
            }
            return rhs
        }
        guard case .expr(let left) = lhs else {
            if case .assign(_, _, _, let at) = lhs {
                return .expr(fail(at, "an assignment has no value; write it as a statement of its own"))
            }
            return lhs
        }
        switch op {
        case .ternary(let then, let at):
            return .expr(.ternary(left, then, right, at: at))
        case .cast(let text, let at):
            return .expr(fail(at, "'\(text)' casts are not supported in pages; convert with Double(x) or Int(x)"))
        case .binary(let text, let at):
            if text == "=" { return .assign(target: left, op: nil, value: right, at: at) }
            if Lowering.precedence(of: text) == 100, let arithmetic = BinaryOperator(rawValue: String(text.dropLast()))
            {
                return .assign(target: left, op: arithmetic, value: right, at: at)
            }
            return .expr(combine(text, left, right, at: at))
        }
    }

    private mutating func combine(_ text: String, _ left: Expr, _ right: Expr, at: Int) -> Expr {
        guard let op = BinaryOperator(rawValue: text) else {
            return fail(at, "the operator '\(text)' is not supported in pages")
        }
        return .binary(op, left, right, at: at)
    }

    // MARK: Helpers

    private func offset(_ node: some SyntaxProtocol) -> Int {
        node.positionAfterSkippingLeadingTrivia.utf8Offset
    }

    private mutating func fail(_ node: some SyntaxProtocol, _ message: String) -> Stmt {
        errors.append(StaticError(at: offset(node), message: message))
        return .unsupported(message, at: offset(node))
    }

    private mutating func fail(_ node: some SyntaxProtocol, _ message: String) -> Expr {
        errors.append(StaticError(at: offset(node), message: message))
        return .unsupported(message, at: offset(node))
    }

    private mutating func fail(_ at: Int, _ message: String) -> Expr {
        errors.append(StaticError(at: at, message: message))
        return .unsupported(message, at: at)
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(filter { $0 != "_" })
    }
}
