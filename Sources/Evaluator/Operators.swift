/// Arithmetic and comparison on values, with Swift's rules: no implicit Int/Double mixing, trapping
/// integer overflow and division by zero (reported as diagnostics here).
enum Operators {
    static func apply(_ op: String, _ left: Value, _ right: Value, at: Int, _ machine: Machine) throws -> Value {
        switch (left, right) {
        case (.int(let a), .int(let b)):
            return try integer(op, a, b, at: at, machine)
        case (.double(let a), .double(let b)):
            switch op {
            case "+": return .double(a + b)
            case "-": return .double(a - b)
            case "*": return .double(a * b)
            case "/": return .double(a / b)
            case "%":
                throw machine.error(
                    at, "'%' is unavailable for Double: use a.truncatingRemainder(dividingBy: b)")
            default: if let result = comparison(op, a, b) { return result }
            }
        case (.string(let a), .string(let b)):
            switch op {
            case "+": return .string(a + b)
            default: if let result = comparison(op, a, b) { return result }
            }
        case (.bool(let a), .bool(let b)):
            switch op {
            case "==": return .bool(a == b)
            case "!=": return .bool(a != b)
            case "&&": return .bool(a && b)
            case "||": return .bool(a || b)
            default: break
            }
        case (.array(let a), .array(let b)):
            if left.type.conforms(to: right.type) {
                switch op {
                case "+":
                    try machine.checkSize(a.count + b.count, at)
                    return .array(a + b)
                case "==": return .bool(equal(left, right))
                case "!=": return .bool(!equal(left, right))
                default: break
                }
            }
        default:
            break
        }
        if (op == "==" || op == "!="), left.type == right.type, left.isDisplayable {
            return .bool(equal(left, right) == (op == "=="))
        }
        throw machine.error(
            at,
            "binary operator '\(op)' cannot be applied to operands of type '\(left.typeName)' and '\(right.typeName)'"
                + mixingHint(left, right))
    }

    private static func mixingHint(_ left: Value, _ right: Value) -> String {
        switch (left, right) {
        case (.int, .double), (.double, .int): return "; convert with Double(…)"
        default: return ""
        }
    }

    private static func integer(_ op: String, _ a: Int, _ b: Int, at: Int, _ machine: Machine) throws -> Value {
        func overflow(_ result: (partialValue: Int, overflow: Bool)) throws -> Value {
            if result.overflow {
                throw machine.error(at, "arithmetic overflow: \(a) \(op) \(b) does not fit in Int")
            }
            return .int(result.partialValue)
        }
        switch op {
        case "+": return try overflow(a.addingReportingOverflow(b))
        case "-": return try overflow(a.subtractingReportingOverflow(b))
        case "*": return try overflow(a.multipliedReportingOverflow(by: b))
        case "/", "%":
            if b == 0 { throw machine.error(at, "division by zero: \(a) \(op) 0") }
            return try overflow(
                op == "/" ? a.dividedReportingOverflow(by: b) : a.remainderReportingOverflow(dividingBy: b))
        default:
            if let result = comparison(op, a, b) { return result }
            throw machine.error(at, "binary operator '\(op)' cannot be applied to two 'Int' operands")
        }
    }

    /// The six comparison operators, for any two operands of one comparable type; nil for other operators.
    private static func comparison<T: Comparable>(_ op: String, _ a: T, _ b: T) -> Value? {
        switch op {
        case "<": return .bool(a < b)
        case "<=": return .bool(a <= b)
        case ">": return .bool(a > b)
        case ">=": return .bool(a >= b)
        case "==": return .bool(a == b)
        case "!=": return .bool(a != b)
        default: return nil
        }
    }

    /// Structural equality (NaN is not equal to itself, as in Swift).
    static func equal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.tuple(let x), .tuple(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0.value, $1.value) }
        case (.range(let l1, let u1, let c1), .range(let l2, let u2, let c2)): return l1 == l2 && u1 == u2 && c1 == c2
        default: return false
        }
    }
}
