/// The interpreter's own syntax tree: what `Lowering` makes of swift-syntax's tree, so the
/// interpreter never walks swift-syntax nodes while it runs. `at` fields are UTF-8 offsets
/// into the block's source, turned into Markdown positions only when a diagnostic is made.

/// A type written in the source (annotations, parameters, return types) or inferred.
indirect enum TypeRef: Equatable, Sendable, CustomStringConvertible {
    case int, double, bool, string, void
    case array(TypeRef)
    case function([TypeRef], TypeRef)
    case derivativeCheck
    case chart
    case range
    case tuple([TypeRef])
    /// The element type of an empty array literal, which matches any array.
    case unknown

    var description: String {
        switch self {
        case .int: return "Int"
        case .double: return "Double"
        case .bool: return "Bool"
        case .string: return "String"
        case .void: return "Void"
        case .array(let element): return "[\(element)]"
        case .function(let parameters, let result):
            return "(" + parameters.map(\.description).joined(separator: ", ") + ") -> \(result)"
        case .derivativeCheck: return "DerivativeCheck"
        case .chart: return "Chart"
        case .range: return "Range<Int>"
        case .tuple(let elements): return "(" + elements.map(\.description).joined(separator: ", ") + ")"
        case .unknown: return "Any"
        }
    }

    /// Whether a value of type `self` can be used where `expected` is needed.
    func conforms(to expected: TypeRef) -> Bool {
        switch (self, expected) {
        case (.unknown, _), (_, .unknown): return true
        case (.array(let a), .array(let b)): return a.conforms(to: b)
        case (.function(let pa, _), .function(let pb, _)): return pa.count == pb.count
        case (.tuple(let a), .tuple(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.conforms(to: $1) }
        default: return self == expected
        }
    }

    var elementType: TypeRef? {
        if case .array(let element) = self { return element }
        return nil
    }
}

/// A binary operator after folding, with its source spelling.
enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
    case and = "&&", or = "||"
    case halfOpenRange = "..<", closedRange = "..."
}

/// One argument at a call site.
struct Argument {
    var label: String?
    var value: Expr
    /// Offset of the label (or of the value when unlabeled).
    var at: Int
}

/// A parameter of a `func` or of a closure with a written signature.
struct Parameter {
    /// The argument label callers write; nil for `_`.
    var label: String?
    var name: String
    var type: TypeRef?
    var at: Int
}

/// A function or closure body with its parameters, shared by the function values made from it.
final class FunctionDecl {
    let name: String
    let parameters: [Parameter]
    let returnType: TypeRef?
    let body: [Stmt]
    /// For shorthand closures (`$0`): how many implicit parameters the body uses.
    let shorthandCount: Int
    let isClosure: Bool
    let at: Int
    /// The block the function was written in, for positioning errors raised while it runs.
    let map: SourceMap

    init(
        name: String, parameters: [Parameter], returnType: TypeRef?, body: [Stmt], shorthandCount: Int,
        isClosure: Bool, at: Int, map: SourceMap
    ) {
        self.map = map
        self.name = name
        self.parameters = parameters
        self.returnType = returnType
        self.body = body
        self.shorthandCount = shorthandCount
        self.isClosure = isClosure
        self.at = at
    }
}

/// Expressions. Each case carries the offset a diagnostic about it points to.
indirect enum Expr {
    case intLiteral(Int, at: Int)
    case floatLiteral(Double, at: Int)
    case boolLiteral(Bool, at: Int)
    case stringLiteral([StringPart], at: Int)
    case arrayLiteral([Expr], at: Int)
    case identifier(String, at: Int)
    /// `+` written as a function value, as in `reduce(0, +)`.
    case operatorReference(String, at: Int)
    case unary(String, Expr, at: Int)
    /// `literals` caches which operands are polymorphic literals (bit 0: left, bit 1: right); see `binary(_:_:_:at:)`.
    case binary(BinaryOperator, Expr, Expr, at: Int, literals: UInt8)
    case ternary(Expr, Expr, Expr, at: Int)
    case call(Expr, [Argument], at: Int)
    case subscriptAccess(Expr, [Argument], at: Int)
    case member(Expr, String, at: Int)
    /// `.pi` with no base, resolved against the contextual type.
    case implicitMember(String, at: Int)
    case closure(FunctionDecl)
    case tuple([(label: String?, value: Expr)], at: Int)
    case ifExpression(condition: Expr, then: [Stmt], else: [Stmt]?, at: Int)
    /// An expression that could not be lowered; evaluating it reports `message` at `at`.
    case unsupported(String, at: Int)

    var at: Int {
        switch self {
        case .intLiteral(_, let at), .floatLiteral(_, let at), .boolLiteral(_, let at), .stringLiteral(_, let at),
            .arrayLiteral(_, let at), .identifier(_, let at), .operatorReference(_, let at), .unary(_, _, let at),
            .binary(_, _, _, let at, _), .ternary(_, _, _, let at), .call(_, _, let at), .subscriptAccess(_, _, let at),
            .member(_, _, let at), .implicitMember(_, let at), .tuple(_, let at), .ifExpression(_, _, _, let at),
            .unsupported(_, let at):
            return at
        case .closure(let decl):
            return decl.at
        }
    }

    /// A binary operation, with its operands' literal flags computed once.
    static func binary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, at: Int) -> Expr {
        let literals: UInt8 = (lhs.isPolymorphicLiteral ? 1 : 0) | (rhs.isPolymorphicLiteral ? 2 : 0)
        return .binary(op, lhs, rhs, at: at, literals: literals)
    }

    /// Whether the expression is made only of integer literals (and arrays, negations and arithmetic of
    /// them), so that, as in Swift, its literals take the type the context asks for (`Double` or `[Double]`).
    var isPolymorphicLiteral: Bool {
        switch self {
        case .intLiteral: return true
        case .unary("-", let operand, _): return operand.isPolymorphicLiteral
        case .binary(let op, let lhs, let rhs, _, _):
            switch op {
            case .add, .subtract, .multiply, .divide, .remainder:
                return lhs.isPolymorphicLiteral && rhs.isPolymorphicLiteral
            default: return false
            }
        case .arrayLiteral(let elements, _): return !elements.isEmpty && elements.allSatisfy(\.isPolymorphicLiteral)
        default: return false
        }
    }
}

/// A piece of a string literal: text, or an interpolated expression.
enum StringPart {
    case text(String)
    case interpolation(Expr)
}

/// A pattern bound by `let`, `var` or `for`.
indirect enum Pattern {
    case name(String, at: Int)
    case wildcard
    case tuple([Pattern])

    var names: [String] {
        switch self {
        case .name(let name, _): return [name]
        case .wildcard: return []
        case .tuple(let elements): return elements.flatMap(\.names)
        }
    }
}

/// Statements.
indirect enum Stmt {
    case expression(Expr)
    case binding(Pattern, isVar: Bool, type: TypeRef?, value: Expr?, at: Int)
    /// `target = value` or a compound assignment (`op` is then the arithmetic operator).
    case assign(target: Expr, op: BinaryOperator?, value: Expr, at: Int)
    case function(FunctionDecl)
    case forIn(Pattern, sequence: Expr, where: Expr?, body: [Stmt], at: Int)
    case whileLoop(condition: Expr, body: [Stmt], at: Int)
    case repeatWhile(body: [Stmt], condition: Expr, at: Int)
    case ifStatement(condition: Expr, then: [Stmt], else: [Stmt]?, at: Int)
    case guardStatement(condition: Expr, else: [Stmt], at: Int)
    case returnStatement(Expr?, at: Int)
    case breakStatement(at: Int)
    case continueStatement(at: Int)
    case unsupported(String, at: Int)
}

// MARK: Capture analysis

extension Expr {
    /// Whether evaluating the expression can create a closure that captures the current scope.
    var canCapture: Bool {
        switch self {
        case .closure: return true
        case .intLiteral, .floatLiteral, .boolLiteral, .identifier, .operatorReference, .implicitMember, .unsupported:
            return false
        case .stringLiteral(let parts, _):
            return parts.contains {
                if case .interpolation(let e) = $0 { return e.canCapture }
                return false
            }
        case .arrayLiteral(let elements, _): return elements.contains(where: \.canCapture)
        case .unary(_, let e, _): return e.canCapture
        case .binary(_, let l, let r, _, _): return l.canCapture || r.canCapture
        case .ternary(let c, let t, let e, _): return c.canCapture || t.canCapture || e.canCapture
        case .call(let f, let arguments, _), .subscriptAccess(let f, let arguments, _):
            return f.canCapture || arguments.contains { $0.value.canCapture }
        case .member(let base, _, _): return base.canCapture
        case .tuple(let elements, _): return elements.contains { $0.value.canCapture }
        case .ifExpression(let c, let t, let e, _):
            return c.canCapture || t.contains(where: \.canCapture) || (e?.contains(where: \.canCapture) ?? false)
        }
    }
}

extension Stmt {
    /// Whether running the statement can create a closure or function that captures the current scope.
    var canCapture: Bool {
        switch self {
        case .function: return true
        case .expression(let e): return e.canCapture
        case .binding(_, _, _, let value, _): return value?.canCapture ?? false
        case .assign(let target, _, let value, _): return target.canCapture || value.canCapture
        case .forIn(_, let sequence, let condition, let body, _):
            return sequence.canCapture || (condition?.canCapture ?? false) || body.contains(where: \.canCapture)
        case .whileLoop(let condition, let body, _), .repeatWhile(let body, let condition, _):
            return condition.canCapture || body.contains(where: \.canCapture)
        case .ifStatement(let condition, let then, let otherwise, _):
            return condition.canCapture || then.contains(where: \.canCapture)
                || (otherwise?.contains(where: \.canCapture) ?? false)
        case .guardStatement(let condition, let otherwise, _):
            return condition.canCapture || otherwise.contains(where: \.canCapture)
        case .returnStatement(let e, _): return e?.canCapture ?? false
        case .breakStatement, .continueStatement, .unsupported: return false
        }
    }
}
