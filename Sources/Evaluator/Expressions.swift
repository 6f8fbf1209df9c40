/// Expression evaluation. A contextual type (`hint`) flows down so that literals are typed as Swift
/// types them: `[2, 5, 1]` is `[Double]` where `[Double]` is expected, `[Int]` otherwise.
extension Machine {
    func evaluate(_ expr: Expr, _ scope: Scope, hint: TypeRef? = nil) throws -> Value {
        switch expr {
        case .intLiteral(let n, _):
            if case .double? = hint { return .double(Double(n)) }
            return .int(n)
        case .floatLiteral(let x, _):
            return .double(x)
        case .boolLiteral(let b, _):
            return .bool(b)
        case .stringLiteral(let parts, _):
            return try evaluateString(parts, scope)
        case .arrayLiteral(let elements, let at):
            return try evaluateArray(elements, at: at, scope, hint: hint)
        case .identifier(let name, let at):
            return try lookup(name, at: at, scope)
        case .operatorReference(let op, let at):
            guard Builtins.operatorNames.contains(op) else {
                throw error(at, "the operator '\(op)' cannot be used as a function in pages")
            }
            return .function(FunctionValue(.operatorFunction(op)))
        case .unary(let op, let operand, let at):
            return try evaluateUnary(op, operand, at: at, scope, hint: hint)
        case .binary(let op, let lhs, let rhs, let at, let literals):
            return try evaluateBinary(op, lhs, rhs, at: at, literals: literals, scope, hint: hint)
        case .ternary(let condition, let then, let otherwise, _):
            let branchHint = hint ?? literalHint(then, otherwise)
            return try evaluateCondition(condition, scope)
                ? evaluate(then, scope, hint: branchHint) : evaluate(otherwise, scope, hint: branchHint)
        case .call(let callee, let arguments, let at):
            return try evaluateCall(callee, arguments, at: at, scope, hint: hint)
        case .subscriptAccess(let base, let arguments, let at):
            return try evaluateSubscript(base, arguments, at: at, scope)
        case .member(let base, let name, let at):
            return try evaluateMember(base, name, at: at, scope)
        case .implicitMember(let name, let at):
            return try evaluateImplicitMember(name, at: at, hint: hint)
        case .closure(let decl):
            return .function(FunctionValue(.user(decl, scope)))
        case .tuple(let elements, _):
            return .tuple(
                try elements.map { Value.TupleElement(label: $0.label, value: try evaluate($0.value, scope)) })
        case .ifExpression(let condition, let then, let otherwise, let at):
            return try evaluateIfExpression(condition, then, otherwise, at: at, scope, hint: hint)
        case .unsupported(let message, let at):
            throw error(at, message)
        }
    }

    /// When one branch is a bare integer literal and the other is clearly a Double, the literal is a Double.
    private func literalHint(_ a: Expr, _ b: Expr) -> TypeRef? {
        if a.isPolymorphicLiteral, case .floatLiteral = b { return .double }
        if b.isPolymorphicLiteral, case .floatLiteral = a { return .double }
        return nil
    }

    private func evaluateString(_ parts: [StringPart], _ scope: Scope) throws -> Value {
        var result = ""
        for part in parts {
            switch part {
            case .text(let text): result += text
            case .interpolation(let expr): result += NumberFormat.format(value: try evaluate(expr, scope))
            }
        }
        return .string(result)
    }

    func evaluateArray(_ elements: [Expr], at: Int, _ scope: Scope, hint: TypeRef?) throws -> Value {
        let elementHint = hint?.elementType
        if elements.isEmpty {
            guard hint != nil else {
                throw error(at, "empty collection literal requires an explicit type, as in 'let z: [Double] = []'")
            }
            return .array([])
        }
        var values = [Value?](repeating: nil, count: elements.count)
        var joined: TypeRef? = elementHint
        for (index, element) in elements.enumerated() where !element.isPolymorphicLiteral {
            let value = try evaluate(element, scope, hint: elementHint)
            values[index] = value
            switch joined {
            case nil, .unknown?, .array(.unknown)?: joined = value.type
            default: break
            }
        }
        for (index, element) in elements.enumerated() where values[index] == nil {
            values[index] = try evaluate(element, scope, hint: joined)
        }
        let result = values.map { $0! }
        let first = result[0].type
        for (index, value) in result.enumerated()
        where !value.type.conforms(to: first) || !first.conforms(to: value.type) {
            throw error(
                elements[index].at,
                "heterogeneous collection literal: element of type '\(value.typeName)' among elements of type "
                    + "'\(first)'")
        }
        return .array(result)
    }

    private func evaluateUnary(_ op: String, _ operand: Expr, at: Int, _ scope: Scope, hint: TypeRef?) throws -> Value {
        let value = try evaluate(operand, scope, hint: op == "-" ? hint : nil)
        switch (op, value) {
        case ("-", .int(let n)):
            guard n != Int.min else { throw error(at, "arithmetic overflow: -(\(n)) does not fit in Int") }
            return .int(-n)
        case ("-", .double(let x)):
            return .double(-x)
        case ("!", .bool(let b)):
            return .bool(!b)
        case ("unwrap", .none):
            throw error(at, "unexpectedly found nil while unwrapping an Optional value (the array is empty)")
        case ("unwrap", _):
            return value
        default:
            throw error(at, "unary operator '\(op)' cannot be applied to an operand of type '\(value.typeName)'")
        }
    }

    private func evaluateBinary(
        _ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, at: Int, literals: UInt8, _ scope: Scope, hint: TypeRef?
    ) throws -> Value {
        switch op {
        case .and, .or:
            let left = try evaluate(lhs, scope, hint: .bool)
            guard case .bool(let a) = left else { throw notBool(left, lhs, op) }
            if op == .and && !a { return .bool(false) }
            if op == .or && a { return .bool(true) }
            let right = try evaluate(rhs, scope, hint: .bool)
            guard case .bool(let b) = right else { throw notBool(right, rhs, op) }
            return .bool(b)
        case .halfOpenRange, .closedRange:
            let left = try evaluate(lhs, scope, hint: .int)
            let right = try evaluate(rhs, scope, hint: .int)
            guard case .int(let a) = left, case .int(let b) = right else {
                throw error(
                    at,
                    "ranges in pages are of Int: '\(op.rawValue)' cannot be applied to '\(left.typeName)' and "
                        + "'\(right.typeName)'")
            }
            guard a <= b else {
                throw error(at, "range requires lowerBound <= upperBound, got \(a)\(op.rawValue)\(b)")
            }
            return .range(lower: a, upper: b, closed: op == .closedRange)
        default:
            break
        }
        let isArithmetic: Bool
        switch op {
        case .add, .subtract, .multiply, .divide, .remainder: isArithmetic = true
        default: isArithmetic = false
        }
        let outer = isArithmetic ? hint : nil
        let left: Value
        let right: Value
        if literals == 1 {
            right = try evaluate(rhs, scope, hint: outer)
            left = try evaluate(lhs, scope, hint: right.type)
        } else if literals == 2 {
            left = try evaluate(lhs, scope, hint: outer)
            right = try evaluate(rhs, scope, hint: left.type)
        } else {
            left = try evaluate(lhs, scope, hint: outer)
            right = try evaluate(rhs, scope, hint: outer)
        }
        return try Operators.apply(op.rawValue, left, right, at: at, self)
    }

    private func notBool(_ value: Value, _ expr: Expr, _ op: BinaryOperator) -> EvalError {
        error(
            expr.at,
            "cannot convert value of type '\(value.typeName)' to expected argument type 'Bool' of '\(op.rawValue)'")
    }

    private func evaluateSubscript(_ baseExpr: Expr, _ arguments: [Argument], at: Int, _ scope: Scope) throws -> Value {
        let base = try evaluate(baseExpr, scope)
        guard arguments.count == 1, arguments[0].label == nil else {
            throw error(at, "subscripts in pages take one index, as in 'z[0]'")
        }
        let index = try evaluate(arguments[0].value, scope, hint: .int)
        return try subscriptValue(base, index, at: arguments[0].value.at)
    }

    func subscriptValue(_ base: Value, _ index: Value, at: Int) throws -> Value {
        switch (base, index) {
        case (.array(let elements), .int(let i)):
            guard elements.indices.contains(i) else {
                throw error(
                    at,
                    "index \(i) is out of range for an array of \(elements.count) element\(elements.count == 1 ? "" : "s") (valid: \(rangeText(elements.count)))"
                )
            }
            return elements[i]
        case (.array(let elements), .range(let lower, let upper, let closed)):
            let end = closed ? upper + 1 : upper
            guard lower >= 0, end <= elements.count else {
                throw error(
                    at,
                    "range \(lower)\(closed ? "..." : "..<")\(upper) is out of range for an array of \(elements.count) elements"
                )
            }
            return .array(Array(elements[lower..<end]))
        case (.range(let lower, let upper, let closed), .int(let i)):
            let count = (closed ? upper + 1 : upper) - lower
            guard i >= 0 && i < count else {
                throw error(at, "index \(i) is out of range for a range of \(count) elements")
            }
            return .int(lower + i)
        case (.array, _):
            throw error(at, "cannot subscript an array with a value of type '\(index.typeName)'; use an Int")
        default:
            throw error(at, "value of type '\(base.typeName)' has no subscripts")
        }
    }

    private func rangeText(_ count: Int) -> String {
        count == 0 ? "none, it is empty" : "0..<\(count)"
    }

    private func evaluateImplicitMember(_ name: String, at: Int, hint: TypeRef?) throws -> Value {
        if hint == .double || hint == nil, let value = Builtins.doubleConstant(name) { return value }
        if hint == .int, let value = Builtins.intConstant(name) { return value }
        throw error(at, "cannot infer the type of '.\(name)'; write 'Double.\(name)'")
    }

    private func evaluateIfExpression(
        _ condition: Expr, _ then: [Stmt], _ otherwise: [Stmt]?, at: Int, _ scope: Scope, hint: TypeRef?
    ) throws -> Value {
        let branch = try evaluateCondition(condition, scope) ? then : otherwise
        guard let branch, branch.count == 1, case .expression(let expr) = branch[0] else {
            throw error(at, "an 'if' used as a value needs an 'else' and one expression in each branch")
        }
        return try evaluate(expr, Scope(parent: scope), hint: hint)
    }

    // MARK: Assignment

    /// `target = value`, `target += value`, where target is a variable or a subscripted variable (`m[i][j]`).
    func assign(_ target: Expr, _ op: BinaryOperator?, _ valueExpr: Expr, at: Int, _ scope: Scope) throws {
        var indices: [(Expr, Int)] = []
        var current = target
        while case .subscriptAccess(let base, let arguments, _) = current {
            guard arguments.count == 1 else { throw error(at, "subscripts in pages take one index") }
            indices.insert((arguments[0].value, arguments[0].value.at), at: 0)
            current = base
        }
        guard case .identifier(let name, let nameAt) = current else {
            throw error(target.at, "cannot assign to this expression; assign to a variable or an array element")
        }
        guard let owner = scope.owner(of: name), var slot = owner.slots[name] else {
            throw unknownName(name, at: nameAt, scope)
        }
        if case .poisoned = slot.state {
            var e = error(nameAt, "'\(name)' is not available")
            e.silent = true
            throw e
        }
        guard slot.isVar else {
            throw error(nameAt, "cannot assign to value: '\(name)' is a 'let' constant")
        }
        let indexValues = try indices.map { (expr, _) -> Value in try evaluate(expr, scope, hint: .int) }
        var targetType = slot.type
        for _ in indices { targetType = targetType.elementType ?? .unknown }
        var value = try evaluate(valueExpr, scope, hint: targetType == .unknown ? nil : targetType)
        if let op {
            let old = try readPath(slot, name: name, indexValues, indices.map(\.1), at: nameAt)
            value = try Operators.apply(op.rawValue, old, value, at: at, self)
        }
        if targetType != .unknown, !value.type.conforms(to: targetType) {
            throw error(valueExpr.at, "cannot assign value of type '\(value.typeName)' to type '\(targetType)'")
        }
        if indices.isEmpty {
            slot.state = .value(value)
            if slot.type == .unknown || slot.type == .array(.unknown) { slot.type = value.type }
            owner.slots[name] = slot
            return
        }
        guard case .value(var root) = slot.state else {
            throw error(nameAt, "variable '\(name)' used before being initialized")
        }
        owner.slots[name]!.state = .uninitialized  // release the reference so the array is mutated in place
        defer { owner.slots[name]!.state = .value(root) }
        try writePath(&root, indexValues[...], indices.map(\.1)[...], value)
    }

    private func readPath(_ slot: Slot, name: String, _ indices: [Value], _ offsets: [Int], at: Int) throws -> Value {
        guard case .value(var value) = slot.state else {
            throw error(at, "variable '\(name)' used before being initialized")
        }
        for (index, offset) in zip(indices, offsets) {
            value = try subscriptValue(value, index, at: offset)
        }
        return value
    }

    private func writePath(
        _ root: inout Value, _ indices: ArraySlice<Value>, _ offsets: ArraySlice<Int>, _ value: Value
    ) throws {
        guard let index = indices.first, let offset = offsets.first else {
            root = value
            return
        }
        guard case .array(var elements) = root else {
            throw error(offset, "value of type '\(root.typeName)' cannot be assigned through a subscript")
        }
        guard case .int(let i) = index else {
            throw error(offset, "cannot subscript an array with a value of type '\(index.typeName)'; use an Int")
        }
        guard elements.indices.contains(i) else {
            throw error(
                offset,
                "index \(i) is out of range for an array of \(elements.count) element\(elements.count == 1 ? "" : "s") (valid: \(rangeText(elements.count)))"
            )
        }
        root = .void
        defer { root = .array(elements) }
        try writePath(&elements[i], indices.dropFirst(), offsets.dropFirst(), value)
    }
}
