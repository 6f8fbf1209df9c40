/// Calls: argument labels and types checked against the callee, page functions and closures invoked
/// with their own scope, builtins dispatched to `Builtins`, methods to `Members`.
extension Machine {
    func evaluateCall(_ callee: Expr, _ arguments: [Argument], at: Int, _ scope: Scope, hint: TypeRef?) throws -> Value
    {
        switch callee {
        case .member(let baseExpr, let name, let nameAt):
            if case .identifier(let typeName, _) = baseExpr, scope.owner(of: typeName) == nil,
                ["Double", "Int", "Array", "String", "Bool"].contains(typeName)
            {
                throw error(nameAt, "type '\(typeName)' has no member '\(name)' that pages can call")
            }
            return try callMethod(baseExpr, name, arguments, at: nameAt, scope)
        case .identifier(let name, let nameAt):
            if let owner = scope.owner(of: name), let slot = owner.slots[name] {
                let value = try lookup(name, at: nameAt, scope)
                return try callValue(value, arguments, at: nameAt, scope, declaredType: slot.type, hint: hint)
            }
            if Builtins.isFunction(name) {
                return try callBuiltin(name, arguments, at: nameAt, scope)
            }
            throw unknownName(name, at: nameAt, scope)
        default:
            let value = try evaluate(callee, scope)
            return try callValue(value, arguments, at: callee.at, scope, declaredType: nil, hint: hint)
        }
    }

    /// Calls a value with argument expressions (labels checked for page functions).
    private func callValue(
        _ value: Value, _ arguments: [Argument], at: Int, _ scope: Scope, declaredType: TypeRef?, hint: TypeRef?
    ) throws -> Value {
        guard case .function(let function) = value else {
            throw error(at, "cannot call value of non-function type '\(value.typeName)'")
        }
        switch function.kind {
        case .user(let decl, let captured):
            if !decl.isClosure {
                try checkLabels(
                    have: arguments.map(\.label), expected: decl.parameters.map(\.label),
                    names: decl.parameters.map(\.name), arguments: arguments, at: at)
            } else if let label = arguments.first(where: { $0.label != nil }) {
                throw error(label.at, "extraneous argument label '\(label.label!):' in call; closures take no labels")
            }
            // A closure stored in a variable of function type takes its parameter types from the annotation.
            var declaredParameters: [TypeRef] = []
            var resultHint = hint
            if case .function(let parameters, let result)? = declaredType {
                declaredParameters = parameters
                if result != .unknown { resultHint = result }
            }
            var values: [Value] = []
            for (index, argument) in arguments.enumerated() {
                var type = index < decl.parameters.count ? decl.parameters[index].type : nil
                if type == nil, index < declaredParameters.count, declaredParameters[index] != .unknown {
                    type = declaredParameters[index]
                }
                let value = try evaluate(argument.value, scope, hint: type)
                if let type, !value.type.conforms(to: type) {
                    throw error(
                        argument.value.at,
                        "cannot convert value of type '\(value.typeName)' to expected argument type '\(type)'")
                }
                values.append(value)
            }
            return try invoke(
                decl, captured, values, argumentOffsets: arguments.map(\.value.at), at: at, resultHint: resultHint)
        case .builtin(let builtinName):
            return try callBuiltin(builtinName, arguments, at: at, scope)
        case .method(let base, let methodName):
            let values = try arguments.map { try evaluate($0.value, scope) }
            return try Members.call(base, methodName, values, labels: arguments.map(\.label), at: at, self)
        case .operatorFunction:
            let values = try arguments.map { try evaluate($0.value, scope) }
            return try callFunction(function, values, at: at)
        }
    }

    /// Swift's label diagnostics: wrong labels, missing and extra arguments.
    func checkLabels(have: [String?], expected: [String?], names: [String], arguments: [Argument], at: Int) throws {
        if sameLabels(have, expected) { return }
        if have.count == expected.count {
            let index = have.indices.first { have[$0] != expected[$0] } ?? 0
            let differences = have.indices.filter { have[$0] != expected[$0] }.count
            if differences == 1, have[index] == nil, let label = expected[index] {
                throw error(arguments[index].at, "missing argument label '\(label):' in call")
            }
            if differences == 1, let label = have[index], expected[index] == nil {
                throw error(arguments[index].at, "extraneous argument label '\(label):' in call")
            }
            throw error(
                arguments[index].at,
                "incorrect argument label in call (have '\(labelText(have))', expected '\(labelText(expected))')")
        }
        if have.count < expected.count {
            // The first parameter whose label is not where it should be is the missing one.
            var index = 0
            while index < have.count && have[index] == expected[index] { index += 1 }
            let label = expected[index].map { "\($0)" } ?? names[index]
            throw error(at, "missing argument for parameter '\(label)' in call (expected '\(labelText(expected))')")
        }
        let index = expected.count
        throw error(arguments[index].at, "extra argument in call (expected '\(labelText(expected))')")
    }

    /// Label lists compared without going through `Optional`'s generic `==` (slow in debug builds).
    func sameLabels(_ a: [String?], _ b: [String?]) -> Bool {
        guard a.count == b.count else { return false }
        for index in a.indices {
            switch (a[index], b[index]) {
            case (nil, nil): continue
            case (let x?, let y?) where x == y: continue
            default: return false
            }
        }
        return true
    }

    func labelText(_ labels: [String?]) -> String {
        labels.map { ($0 ?? "_") + ":" }.joined()
    }

    /// Calls a function value with values already computed (by a builtin such as `map` or `jacobian`).
    func callFunction(_ function: FunctionValue, _ values: [Value], at: Int, resultHint: TypeRef? = nil) throws -> Value
    {
        switch function.kind {
        case .user(let decl, let captured):
            return try invoke(decl, captured, values, argumentOffsets: nil, at: at, resultHint: resultHint)
        case .builtin(let name):
            let overloads = Builtins.overloads(name).filter { $0.parameters.count == values.count }
            guard let signature = overloads.first(where: { $0.labels.allSatisfy { $0 == nil } }) ?? overloads.first
            else {
                throw error(
                    at, "'\(name)' cannot be called with \(values.count) argument\(values.count == 1 ? "" : "s")")
            }
            for (value, parameter) in zip(values, signature.parameters) where !value.type.conforms(to: parameter.type) {
                throw error(
                    at,
                    "cannot convert value of type '\(value.typeName)' to expected argument type '\(parameter.type)' of '\(name)'"
                )
            }
            return try Builtins.invoke(signature, values, at: at, self)
        case .method(let base, let name):
            return try Members.call(base, name, values, labels: values.map { _ in nil }, at: at, self)
        case .operatorFunction(let op):
            if values.count == 1, op == "-" || op == "!" {
                switch (op, values[0]) {
                case ("-", .int(let n)): return .int(-n)
                case ("-", .double(let x)): return .double(-x)
                case ("!", .bool(let b)): return .bool(!b)
                default: break
                }
            }
            guard values.count == 2 else {
                throw error(at, "operator '\(op)' takes two arguments, got \(values.count)")
            }
            return try Operators.apply(op, values[0], values[1], at: at, self)
        }
    }

    /// Runs a page function or closure in a new scope under its captured one.
    func invoke(
        _ decl: FunctionDecl, _ captured: Scope, _ values: [Value], argumentOffsets: [Int]?, at: Int,
        resultHint: TypeRef?
    ) throws -> Value {
        try tick(at)
        guard depth < limits.callDepth else {
            throw error(
                at,
                "recursion too deep: more than \(limits.callDepth) nested calls (does the recursion have a base case?)")
        }
        let scope = Scope(parent: captured)
        var values = values
        if decl.isClosure && decl.parameters.isEmpty {
            if decl.shorthandCount > 1 && values.count == 1, case .tuple(let elements) = values[0] {
                values = elements.map(\.value)
            }
            if decl.shorthandCount > values.count {
                throw error(
                    decl.at,
                    "the closure uses $\(decl.shorthandCount - 1) but is called with \(values.count) argument\(values.count == 1 ? "" : "s")"
                )
            }
            if decl.shorthandCount == 0 && !values.isEmpty {
                throw error(
                    decl.at,
                    "the closure is called with \(values.count) argument\(values.count == 1 ? "" : "s") but uses none; write '_ in' to ignore \(values.count == 1 ? "it" : "them")"
                )
            }
            for (index, value) in values.enumerated() {
                scope.slots["$\(index)"] = Slot(state: .value(value), type: value.type, isVar: false, block: block)
            }
        } else {
            if decl.parameters.count > 1 && values.count == 1, case .tuple(let elements) = values[0],
                elements.count == decl.parameters.count
            {
                values = elements.map(\.value)
            }
            guard values.count == decl.parameters.count else {
                let what = decl.isClosure ? "the closure" : "'\(decl.name)'"
                throw error(
                    at,
                    "\(what) takes \(decl.parameters.count) argument\(decl.parameters.count == 1 ? "" : "s") but is called with \(values.count)"
                )
            }
            for (index, (parameter, value)) in zip(decl.parameters, values).enumerated() {
                if let type = parameter.type, !value.type.conforms(to: type) {
                    let position = argumentOffsets?[index] ?? at
                    throw error(
                        position, "cannot convert value of type '\(value.typeName)' to expected argument type '\(type)'"
                    )
                }
                scope.slots[parameter.name] = Slot(
                    state: .value(value), type: parameter.type ?? value.type, isVar: false, block: block)
            }
        }
        let savedMap = map
        map = decl.map
        depth += 1
        returnTypes.append(decl.isClosure ? (decl.returnType ?? resultHint) : (decl.returnType ?? .void))
        defer {
            depth -= 1
            returnTypes.removeLast()
            map = savedMap
        }
        switch try execute(decl.body, scope) {
        case .returned(let value):
            return value
        case .breakLoop, .continueLoop:
            return .void
        case .normal:
            if let type = decl.returnType, type != .void {
                throw error(decl.at, "missing return in '\(decl.name)', which is expected to return '\(type)'")
            }
            return .void
        }
    }

    /// Calls a library or Foundation function with argument expressions: picks the overload by labels,
    /// types each argument with its parameter type, then runs it.
    func callBuiltin(_ name: String, _ arguments: [Argument], at: Int, _ scope: Scope) throws -> Value {
        let overloads = Builtins.overloads(name)
        var chosen: BuiltinSignature?
        for overload in overloads where overload.parameters.count == arguments.count {
            var matches = true
            for index in 0..<arguments.count where overload.parameters[index].label != arguments[index].label {
                matches = false
                break
            }
            if matches {
                chosen = overload
                break
            }
        }
        guard let signature = chosen else {
            throw labelError(name, overloads, arguments, at: at)
        }
        var values: [Value]
        if signature.isGenericNumeric {
            guard case .array(let unified) = try evaluateArray(arguments.map(\.value), at: at, scope, hint: nil) else {
                return .void
            }
            values = unified
        } else {
            values = []
            values.reserveCapacity(arguments.count)
            for index in 0..<arguments.count {
                let argument = arguments[index]
                let parameter = signature.parameters[index]
                let value = try evaluate(argument.value, scope, hint: parameter.type)
                if !value.type.conforms(to: parameter.type) {
                    throw error(
                        argument.value.at,
                        "cannot convert value of type '\(value.typeName)' to expected argument type '\(parameter.type)'"
                            + conversionHint(value.type, parameter.type))
                }
                values.append(value)
            }
        }
        return try Builtins.invoke(signature, values, at: at, self)
    }

    private func conversionHint(_ have: TypeRef, _ expected: TypeRef) -> String {
        switch (have, expected) {
        case (.array(.int), .array(.double)): return "; write the literal where it is used, or declare it as '[Double]'"
        case (.int, .double): return "; convert with Double(…)"
        default: return ""
        }
    }

    private func labelError(_ name: String, _ overloads: [BuiltinSignature], _ arguments: [Argument], at: Int)
        -> EvalError
    {
        let have = arguments.map(\.label)
        if overloads.count == 1 {
            do {
                try checkLabels(
                    have: have, expected: overloads[0].labels,
                    names: overloads[0].parameters.map { $0.label ?? "_" }, arguments: arguments, at: at)
            } catch let failure as EvalError {
                return failure
            } catch {}
        }
        let sameCount = overloads.filter { $0.labels.count == have.count }
        if sameCount.count == 1 {
            let expected = sameCount[0].labels
            let index = have.indices.first { have[$0] != expected[$0] } ?? 0
            return error(
                arguments[index].at,
                "incorrect argument label in call (have '\(labelText(have))', expected '\(labelText(expected))')")
        }
        let available = overloads.map { "\(name)(\(labelText($0.labels)))" }.joined(separator: ", ")
        return error(at, "no '\(name)' takes the arguments '\(labelText(have))'; available: \(available)")
    }
}
