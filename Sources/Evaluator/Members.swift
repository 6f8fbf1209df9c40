import Diagnostics

/// Properties and methods of values: Swift's real Array API (`count`, `map`, `reduce`, `max()`, …),
/// a few of Double's, tuple elements and the fields of a derivative check.
enum Members {
    static let arrayProperties = ["count", "isEmpty", "first", "last", "indices"]
    static let arrayMethods = [
        "map", "filter", "reduce", "max", "min", "sorted", "reversed", "enumerated", "contains", "firstIndex",
        "allSatisfy", "prefix", "suffix", "dropFirst", "dropLast", "joined", "append", "compactMap", "flatMap",
    ]
    static let doubleProperties = ["isNaN", "isFinite", "isInfinite", "magnitude", "ulp"]
    static let doubleMethods = ["squareRoot", "rounded", "truncatingRemainder"]
    static let checkProperties = ["passed", "maxError", "tolerance", "point", "stated", "numerical", "i", "j"]

    /// The elements of an array or range, nil for other values.
    static func elements(_ value: Value, at: Int, _ machine: Machine) throws -> [Value]? {
        switch value {
        case .array(let elements): return elements
        case .range(let lower, let upper, let closed):
            let end = closed ? upper : upper - 1
            guard end >= lower else { return [] }
            try machine.checkSize(end - lower + 1, at)
            return (lower...end).map { .int($0) }
        default: return nil
        }
    }

    static func property(_ base: Value, _ name: String, at: Int, _ machine: Machine) throws -> Value? {
        switch (base, name) {
        case (.array(let elements), "count"): return .int(elements.count)
        case (.array(let elements), "isEmpty"): return .bool(elements.isEmpty)
        case (.array(let elements), "first"): return elements.first ?? Value.none
        case (.array(let elements), "last"): return elements.last ?? Value.none
        case (.array(let elements), "indices"): return .range(lower: 0, upper: elements.count, closed: false)
        case (.range(let lower, let upper, let closed), "count"): return .int((closed ? upper + 1 : upper) - lower)
        case (.range(let lower, let upper, let closed), "isEmpty"): return .bool(!closed && lower == upper)
        case (.range(let lower, _, _), "lowerBound"): return .int(lower)
        case (.range(_, let upper, _), "upperBound"): return .int(upper)
        case (.string(let s), "count"): return .int(s.count)
        case (.string(let s), "isEmpty"): return .bool(s.isEmpty)
        case (.double(let x), "isNaN"): return .bool(x.isNaN)
        case (.double(let x), "isFinite"): return .bool(x.isFinite)
        case (.double(let x), "isInfinite"): return .bool(x.isInfinite)
        case (.double(let x), "magnitude"): return .double(x.magnitude)
        case (.double(let x), "ulp"): return .double(x.ulp)
        case (.int(let n), "magnitude"): return .int(Int(exactly: n.magnitude) ?? Int.max)
        case (.derivativeCheck(let c), _):
            switch name {
            case "passed": return .bool(c.passed)
            case "maxError": return .double(c.maxError)
            case "tolerance": return .double(c.tolerance)
            case "point": return Builtins.vectorValue(c.point)
            case "stated": return .double(c.stated)
            case "numerical": return .double(c.numerical)
            case "i": return .int(c.worstOutput)
            case "j": return .int(c.worstInput)
            default: return nil
            }
        case (.tuple(let elements), _):
            if let index = Int(name), elements.indices.contains(index) { return elements[index].value }
            return elements.first { $0.label == name }?.value
        default: return nil
        }
    }

    static func memberNames(of value: Value) -> [String] {
        switch value {
        case .array, .range: return arrayProperties + arrayMethods
        case .double: return doubleProperties + doubleMethods
        case .derivativeCheck: return checkProperties
        case .string: return ["count", "isEmpty"]
        case .tuple(let elements): return elements.compactMap(\.label)
        default: return []
        }
    }

    static func isMethod(_ value: Value, _ name: String) -> Bool {
        switch value {
        case .array, .range: return arrayMethods.contains(name)
        case .double: return doubleMethods.contains(name)
        default: return false
        }
    }

    static func noMember(_ base: Value, _ name: String, at: Int, _ machine: Machine) -> EvalError {
        var message = "value of type '\(base.typeName)' has no member '\(name)'"
        if let suggestion = Suggestion.closest(to: name, in: memberNames(of: base)) {
            message += "; did you mean '\(suggestion)'?"
        }
        return machine.error(at, message)
    }

    /// Runs a method on a receiver with argument values.
    static func call(_ base: Value, _ name: String, _ values: [Value], labels: [String?], at: Int, _ machine: Machine)
        throws -> Value
    {
        let key = name + "(" + labels.map { ($0 ?? "_") + ":" }.joined() + ")"
        if case .double(let x) = base {
            switch (key, values.first) {
            case ("squareRoot()", _): return .double(x.squareRoot())
            case ("rounded()", _): return .double(x.rounded())
            case ("truncatingRemainder(dividingBy:)", .double(let y)?):
                return .double(x.truncatingRemainder(dividingBy: y))
            default: throw noMethod(base, key, at: at, machine)
            }
        }
        guard let elements = try elements(base, at: at, machine) else { throw noMethod(base, key, at: at, machine) }
        func function(_ index: Int) throws -> FunctionValue {
            guard index < values.count, case .function(let f) = values[index] else {
                throw machine.error(at, "'\(key)' expects a function argument")
            }
            return f
        }
        func bool(_ value: Value) throws -> Bool {
            guard case .bool(let b) = value else {
                throw machine.error(at, "the closure passed to '\(key)' must return Bool, not '\(value.typeName)'")
            }
            return b
        }
        func less(_ a: Value, _ b: Value) throws -> Bool {
            try bool(Operators.apply("<", a, b, at: at, machine))
        }
        switch key {
        case "map(_:)":
            let f = try function(0)
            return .array(try elements.map { try machine.callFunction(f, [$0], at: at) })
        case "compactMap(_:)":
            let f = try function(0)
            return .array(
                try elements.compactMap { element -> Value? in
                    let value = try machine.callFunction(f, [element], at: at)
                    if case .none = value { return nil }
                    return value
                })
        case "flatMap(_:)":
            let f = try function(0)
            var result: [Value] = []
            for element in elements {
                let value = try machine.callFunction(f, [element], at: at)
                guard let inner = try Members.elements(value, at: at, machine) else {
                    throw machine.error(at, "the closure passed to 'flatMap' must return an array")
                }
                result += inner
                try machine.checkSize(result.count, at)
            }
            return .array(result)
        case "filter(_:)":
            let f = try function(0)
            return .array(try elements.filter { try bool(machine.callFunction(f, [$0], at: at)) })
        case "allSatisfy(_:)":
            let f = try function(0)
            return .bool(try elements.allSatisfy { try bool(machine.callFunction(f, [$0], at: at)) })
        case "contains(where:)":
            let f = try function(0)
            return .bool(try elements.contains { try bool(machine.callFunction(f, [$0], at: at)) })
        case "reduce(_:_:)":
            let f = try function(1)
            var accumulator = values[0]
            for element in elements {
                accumulator = try machine.callFunction(f, [accumulator, element], at: at)
            }
            return accumulator
        case "max()", "min()":
            guard var best = elements.first else { return .none }
            for element in elements.dropFirst() {
                if key == "max()" ? try less(best, element) : try less(element, best) { best = element }
            }
            return best
        case "max(by:)", "min(by:)":
            let f = try function(0)
            guard var best = elements.first else { return .none }
            for element in elements.dropFirst() {
                let ordered = key == "max(by:)" ? [best, element] : [element, best]
                if try bool(machine.callFunction(f, ordered, at: at)) { best = element }
            }
            return best
        case "sorted()":
            return .array(try elements.sorted(by: less))
        case "sorted(by:)":
            let f = try function(0)
            return .array(try elements.sorted { try bool(machine.callFunction(f, [$0, $1], at: at)) })
        case "reversed()":
            return .array(elements.reversed())
        case "enumerated()":
            return .array(
                elements.enumerated().map {
                    .tuple([.init(label: "offset", value: .int($0.offset)), .init(label: "element", value: $0.element)])
                })
        case "contains(_:)":
            return .bool(elements.contains { Operators.equal($0, values[0]) })
        case "firstIndex(of:)":
            return elements.firstIndex { Operators.equal($0, values[0]) }.map { .int($0) } ?? .none
        case "prefix(_:)", "suffix(_:)", "dropFirst(_:)", "dropLast(_:)", "dropFirst()", "dropLast()":
            var n = 1
            if let first = values.first {
                guard case .int(let count) = first, count >= 0 else {
                    throw machine.error(at, "'\(key)' needs a non-negative Int")
                }
                n = count
            }
            switch name {
            case "prefix": return .array(Array(elements.prefix(n)))
            case "suffix": return .array(Array(elements.suffix(n)))
            case "dropFirst": return .array(Array(elements.dropFirst(n)))
            default: return .array(Array(elements.dropLast(n)))
            }
        case "joined(separator:)", "joined()":
            var separator = ""
            if let first = values.first {
                guard case .string(let s) = first else { throw machine.error(at, "the separator must be a String") }
                separator = s
            }
            let strings = try elements.map { element -> String in
                guard case .string(let s) = element else {
                    throw machine.error(at, "'joined' needs an array of String, not '\(base.typeName)'")
                }
                return s
            }
            return .string(strings.joined(separator: separator))
        default:
            throw noMethod(base, key, at: at, machine)
        }
    }

    private static func noMethod(_ base: Value, _ key: String, at: Int, _ machine: Machine) -> EvalError {
        let name = String(key.prefix { $0 != "(" })
        if memberNames(of: base).contains(name) {
            return machine.error(at, "no method '\(key)' on a value of type '\(base.typeName)'")
        }
        return noMember(base, name, at: at, machine)
    }
}

extension Machine {
    func evaluateMember(_ baseExpr: Expr, _ name: String, at: Int, _ scope: Scope) throws -> Value {
        if case .identifier(let typeName, let typeAt) = baseExpr, scope.owner(of: typeName) == nil {
            switch typeName {
            case "Double":
                if let value = Builtins.doubleConstant(name) { return value }
                throw error(at, "type 'Double' has no member '\(name)' in pages")
            case "Int":
                if let value = Builtins.intConstant(name) { return value }
                throw error(at, "type 'Int' has no member '\(name)' in pages")
            default:
                _ = typeAt
            }
        }
        let base = try evaluate(baseExpr, scope)
        if let value = try Members.property(base, name, at: at, self) { return value }
        if Members.isMethod(base, name) { return .function(FunctionValue(.method(base, name))) }
        throw Members.noMember(base, name, at: at, self)
    }

    /// `base.name(arguments)`: argument types follow the receiver (`reduce`'s initial value takes the element
    /// type, `append` the element type); `append` mutates the variable it is called on.
    func callMethod(_ baseExpr: Expr, _ name: String, _ arguments: [Argument], at: Int, _ scope: Scope) throws -> Value
    {
        if name == "append" {
            return try append(baseExpr, arguments, at: at, scope)
        }
        let base = try evaluate(baseExpr, scope)
        let elementType = base.type.elementType ?? (base.type == .range ? .int : nil)
        if let property = try Members.property(base, name, at: at, self) {
            if case .function = property {
            } else {
                throw error(at, "cannot call value of non-function type '\(property.typeName)'; remove the '()'")
            }
        }
        var values: [Value] = []
        for (index, argument) in arguments.enumerated() {
            var hint: TypeRef?
            if name == "reduce" && index == 0 && argument.value.isPolymorphicLiteral { hint = elementType }
            if name == "contains" || name == "firstIndex" { hint = elementType }
            if name == "truncatingRemainder" { hint = .double }
            values.append(try evaluate(argument.value, scope, hint: hint))
        }
        return try Members.call(base, name, values, labels: arguments.map(\.label), at: at, self)
    }

    private func append(_ baseExpr: Expr, _ arguments: [Argument], at: Int, _ scope: Scope) throws -> Value {
        guard case .identifier(let variable, let variableAt) = baseExpr, let owner = scope.owner(of: variable),
            var slot = owner.slots[variable]
        else {
            _ = try evaluate(baseExpr, scope)
            throw error(at, "'append' works on a variable declared with 'var'")
        }
        var base = try lookup(variable, at: variableAt, scope)
        guard slot.isVar else {
            throw error(variableAt, "cannot use mutating member on immutable value: '\(variable)' is a 'let' constant")
        }
        guard case .array(var elements) = base, arguments.count == 1 else {
            throw error(at, "'append' takes one argument, on an array")
        }
        base = .void
        let elementType = slot.type.elementType ?? .unknown
        let argument = arguments[0]
        var added: [Value]
        switch argument.label {
        case nil:
            let value = try evaluate(argument.value, scope, hint: elementType == .unknown ? nil : elementType)
            if !value.type.conforms(to: elementType) {
                throw error(
                    argument.value.at,
                    "cannot convert value of type '\(value.typeName)' to expected argument type '\(elementType)'")
            }
            added = [value]
        case "contentsOf":
            let value = try evaluate(argument.value, scope, hint: slot.type == .array(.unknown) ? nil : slot.type)
            guard let values = try Members.elements(value, at: argument.value.at, self),
                value.type.conforms(to: slot.type)
            else {
                throw error(
                    argument.value.at,
                    "cannot convert value of type '\(value.typeName)' to expected argument type '\(slot.type)'")
            }
            added = values
        default:
            throw error(argument.at, "incorrect argument label in call (have '\(argument.label!):', expected '_:')")
        }
        try checkSize(elements.count + added.count, at)
        // Drop the other references first so the array grows in place.
        owner.slots[variable]!.state = .uninitialized
        slot.state = .uninitialized
        elements += added
        slot.state = .value(.array(elements))
        if slot.type == .array(.unknown), let first = elements.first { slot.type = .array(first.type) }
        owner.slots[variable] = slot
        return .void
    }
}
