import Diagnostics

/// Resource limits of one page's evaluation.
public struct Limits: Sendable, Equatable {
    /// Statements, loop iterations and calls one block may perform before it is stopped as a runaway.
    public var steps: Int
    /// Nested calls of page functions and closures before recursion is reported as too deep.
    public var callDepth: Int
    /// The largest array a page may build.
    public var arraySize: Int

    public init(steps: Int = 2_000_000, callDepth: Int = 200, arraySize: Int = 1_000_000) {
        self.steps = steps
        self.callDepth = callDepth
        self.arraySize = arraySize
    }

    /// 2,000,000 steps, 200 nested calls, arrays of up to 1,000,000 elements.
    public static let `default` = Limits()
}

/// An error while evaluating, already positioned in the Markdown file.
struct EvalError: Error {
    var location: SourceLocation
    var message: String
    /// Caused by an earlier reported error (a poisoned name): stop without a new diagnostic.
    var silent = false
    /// The step limit: stop the whole block.
    var fatal = false
}

/// How a statement finished.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
}

/// The interpreter's state for one page: the global scope, the limits and the counters of the block
/// being run. A class because closures handed to the Softmax library call back into it.
final class Machine {
    let limits: Limits
    let globals = Scope(parent: nil)
    /// The map of the code being executed (a function keeps the map of the block that declared it).
    var map: SourceMap
    var steps = 0
    var depth = 0
    var block = 0
    /// Expected result types of the functions being executed, innermost last.
    var returnTypes: [TypeRef?] = []
    /// Failed derivative checks of the current top-level statement: (call offset, map, result).
    var failedDerivativeChecks: [(location: SourceLocation, check: DerivativeCheckResult)] = []
    var derivativeCheckCount = 0
    /// Offsets of the loops being run, innermost last: a runaway is reported at its loop.
    var loops: [SourceLocation] = []

    init(file: String, limits: Limits) {
        self.limits = limits
        self.map = SourceMap(code: "", origin: SourceLocation(file: file, line: 1, column: 1))
    }

    // MARK: Errors and limits

    func error(_ at: Int, _ message: String) -> EvalError {
        EvalError(location: map.location(at), message: message)
    }

    @inline(__always)
    func tick(_ at: Int) throws {
        steps += 1
        if steps > limits.steps {
            var e = EvalError(
                location: loops.last ?? map.location(at),
                message:
                    "stopped after \(limits.steps) steps: the code runs too long (does a loop or a recursion never end?)"
            )
            e.fatal = true
            throw e
        }
    }

    func checkSize(_ count: Int, _ at: Int) throws {
        if count > limits.arraySize {
            throw error(at, "array of \(count) elements is larger than the limit of \(limits.arraySize)")
        }
    }

    // MARK: Statements

    /// Runs statements in `scope`, declaring their functions first so they may call each other.
    func execute(_ body: [Stmt], _ scope: Scope) throws -> Flow {
        for statement in body {
            if case .function(let decl) = statement {
                try declareFunction(decl, scope)
            }
        }
        for statement in body {
            let flow = try execute(statement, scope)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func declareFunction(_ decl: FunctionDecl, _ scope: Scope) throws {
        let value = Value.function(FunctionValue(.user(decl, scope)))
        try declare(decl.name, value, type: value.type, isVar: false, at: decl.at, scope)
    }

    func execute(_ statement: Stmt, _ scope: Scope) throws -> Flow {
        switch statement {
        case .expression(let expr):
            try tick(expr.at)
            _ = try evaluate(expr, scope)
            return .normal
        case .binding(let pattern, let isVar, let type, let value, let at):
            try tick(at)
            try executeBinding(pattern, isVar: isVar, type: type, value: value, at: at, scope)
            return .normal
        case .assign(let target, let op, let value, let at):
            try tick(at)
            try assign(target, op, value, at: at, scope)
            return .normal
        case .function:
            return .normal  // declared before the body ran
        case .forIn(let pattern, let sequence, let condition, let body, let at):
            return try executeFor(pattern, sequence, condition, body, at: at, scope)
        case .whileLoop(let condition, let body, let at):
            loops.append(map.location(at))
            defer { loops.removeLast() }
            while try evaluateCondition(condition, scope) {
                try tick(at)
                switch try execute(body, Scope(parent: scope)) {
                case .breakLoop: return .normal
                case .returned(let value): return .returned(value)
                case .normal, .continueLoop: continue
                }
            }
            return .normal
        case .repeatWhile(let body, let condition, let at):
            loops.append(map.location(at))
            defer { loops.removeLast() }
            repeat {
                try tick(at)
                switch try execute(body, Scope(parent: scope)) {
                case .breakLoop: return .normal
                case .returned(let value): return .returned(value)
                case .normal, .continueLoop: break
                }
            } while try evaluateCondition(condition, scope)
            return .normal
        case .ifStatement(let condition, let then, let otherwise, let at):
            try tick(at)
            if try evaluateCondition(condition, scope) {
                return try execute(then, Scope(parent: scope))
            }
            if let otherwise { return try execute(otherwise, Scope(parent: scope)) }
            return .normal
        case .guardStatement(let condition, let otherwise, let at):
            try tick(at)
            if try evaluateCondition(condition, scope) { return .normal }
            let flow = try execute(otherwise, Scope(parent: scope))
            if case .normal = flow {
                throw error(at, "'guard' body must not fall through; end it with 'return', 'break' or 'continue'")
            }
            return flow
        case .returnStatement(let expr, let at):
            guard !returnTypes.isEmpty else { throw error(at, "'return' is only allowed inside a function") }
            let expected = returnTypes[returnTypes.count - 1]
            guard let expr else { return .returned(.void) }
            let value = try evaluate(expr, scope, hint: expected)
            if let expected, expected != .unknown, !value.type.conforms(to: expected) {
                throw error(
                    expr.at, "cannot convert return expression of type '\(value.typeName)' to return type '\(expected)'"
                )
            }
            return .returned(value)
        case .breakStatement:
            return .breakLoop
        case .continueStatement:
            return .continueLoop
        case .unsupported(let message, let at):
            throw error(at, message)
        }
    }

    private func executeFor(
        _ pattern: Pattern, _ sequenceExpr: Expr, _ condition: Expr?, _ body: [Stmt], at: Int, _ scope: Scope
    ) throws -> Flow {
        let sequence = try evaluate(sequenceExpr, scope)
        loops.append(map.location(at))
        defer { loops.removeLast() }
        // Each iteration has its own scope; when nothing in the body can capture it (no closure or function),
        // one scope is emptied and reused, which saves an allocation per iteration.
        let reusable = !body.contains(where: \.canCapture) && !(condition?.canCapture ?? false)
        var shared = reusable ? Scope(parent: scope) : nil
        func iteration(_ element: Value) throws -> Flow {
            try tick(at)
            let inner: Scope
            if let reused = shared {
                reused.slots.removeAll(keepingCapacity: true)
                inner = reused
            } else {
                inner = Scope(parent: scope)
            }
            if case .name(let name, _) = pattern {
                inner.slots[name] = Slot(state: .value(element), type: element.type, isVar: false, block: block)
            } else {
                try bind(pattern, element, type: element.type, isVar: false, at: at, inner)
            }
            if let condition, !(try evaluateCondition(condition, inner)) { return .continueLoop }
            return try execute(body, inner)
        }
        defer { shared = nil }
        switch sequence {
        case .range(let lower, let upper, let closed):
            guard lower <= upper || (!closed && lower == upper) else { return .normal }
            var i = lower
            while closed ? i <= upper : i < upper {
                switch try iteration(.int(i)) {
                case .breakLoop: return .normal
                case .returned(let value): return .returned(value)
                case .normal, .continueLoop: break
                }
                if i == Int.max { break }
                i += 1
            }
        case .array(let elements):
            for element in elements {
                switch try iteration(element) {
                case .breakLoop: return .normal
                case .returned(let value): return .returned(value)
                case .normal, .continueLoop: break
                }
            }
        default:
            throw error(
                sequenceExpr.at,
                "for-in loop requires a sequence (a range or an array); '\(sequence.typeName)' is not one")
        }
        return .normal
    }

    private func executeBinding(
        _ pattern: Pattern, isVar: Bool, type: TypeRef?, value: Expr?, at: Int, _ scope: Scope
    ) throws {
        guard let value else {
            for name in pattern.names {
                try declare(name, nil, type: type ?? .unknown, isVar: isVar, at: at, scope)
            }
            return
        }
        do {
            let result = try evaluate(value, scope, hint: type)
            if case .void = result, type == nil {
                throw error(
                    value.at,
                    "'\(pattern.names.joined(separator: ", "))' would have type 'Void': the call returns nothing")
            }
            if let type, !result.type.conforms(to: type) {
                throw error(value.at, "cannot convert value of type '\(result.typeName)' to specified type '\(type)'")
            }
            try bind(pattern, result, type: type ?? result.type, isVar: isVar, at: at, scope)
        } catch let failure as EvalError {
            // Later uses of these names stop quietly instead of repeating the error.
            for name in pattern.names where scope.slots[name] == nil || scope === globals {
                scope.slots[name] = Slot(state: .poisoned, type: .unknown, isVar: isVar, block: block)
            }
            throw failure
        }
    }

    func bind(_ pattern: Pattern, _ value: Value, type: TypeRef, isVar: Bool, at: Int, _ scope: Scope) throws {
        switch pattern {
        case .name(let name, let nameAt):
            try declare(name, value, type: type, isVar: isVar, at: nameAt, scope)
        case .wildcard:
            return
        case .tuple(let patterns):
            guard case .tuple(let elements) = value, elements.count == patterns.count else {
                throw error(at, "cannot destructure a value of type '\(value.typeName)' into \(patterns.count) names")
            }
            for (element, inner) in zip(elements, patterns) {
                try bind(inner, element.value, type: element.value.type, isVar: isVar, at: at, scope)
            }
        }
    }

    func declare(_ name: String, _ value: Value?, type: TypeRef, isVar: Bool, at: Int, _ scope: Scope) throws {
        if let existing = scope.slots[name], existing.block == block || scope !== globals {
            if case .poisoned = existing.state {
            } else {
                throw error(at, "invalid redeclaration of '\(name)'")
            }
        }
        scope.slots[name] = Slot(
            state: value.map { .value($0) } ?? .uninitialized, type: type, isVar: isVar, block: block)
    }

    func evaluateCondition(_ condition: Expr, _ scope: Scope) throws -> Bool {
        let value = try evaluate(condition, scope, hint: .bool)
        guard case .bool(let b) = value else {
            throw error(condition.at, "type '\(value.typeName)' cannot be used as a boolean; test for '!= 0' instead")
        }
        return b
    }

    // MARK: Names

    func lookup(_ name: String, at: Int, _ scope: Scope) throws -> Value {
        if let owner = scope.owner(of: name), let slot = owner.slots[name] {
            switch slot.state {
            case .value(let value): return value
            case .uninitialized: throw error(at, "variable '\(name)' used before being initialized")
            case .poisoned:
                var e = error(at, "'\(name)' is not available because its declaration failed")
                e.silent = true
                throw e
            }
        }
        if let value = Builtins.constant(name) { return value }
        if Builtins.isFunction(name) { return .function(FunctionValue(.builtin(name))) }
        throw unknownName(name, at: at, scope)
    }

    func unknownName(_ name: String, at: Int, _ scope: Scope) -> EvalError {
        if name == "print" {
            return error(
                at,
                "'print' is not available in pages: write the expression on a line of its own and its value is shown")
        }
        let candidates = scope.visibleNames.union(Builtins.allNames)
        if let suggestion = Suggestion.closest(to: name, in: candidates.filter { !$0.hasPrefix("$") }) {
            return error(at, "cannot find '\(name)' in scope; did you mean '\(suggestion)'?")
        }
        return error(at, "cannot find '\(name)' in scope")
    }
}
