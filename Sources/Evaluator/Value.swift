/// A value computed by a page's code.
///
/// Values are plain data except for functions, which are opaque. Arrays hold values, so a vector is
/// `.array` of `.double` and a matrix `.array` of such arrays; `asVector` and `asMatrix` read them back.
public enum Value: Sendable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case array([Value])
    /// A tuple, such as the `(offset, element)` pairs of `enumerated()`; labels may be nil.
    case tuple([TupleElement])
    /// A range `a..<b` (half-open) or `a...b` (closed), iterated lazily.
    case range(lower: Int, upper: Int, closed: Bool)
    /// The result of `checkDerivative`.
    case derivativeCheck(DerivativeCheckResult)
    /// A chart from `barChart(…)` or `lineChart(…)`, drawn by the site as SVG.
    case chart(Chart)
    /// A function, closure, builtin or operator used as a value.
    case function(FunctionValue)
    /// What statements such as `print`-less calls to functions without a result return.
    case void
    /// What `first`, `last`, `max()` and `min()` give for an empty array.
    case none

    /// One element of a tuple.
    public struct TupleElement: Sendable {
        public var label: String?
        public var value: Value
    }

    /// The value as a vector, if it is an array of Doubles (`[Int]` is not: its elements print as integers).
    public var asVector: [Double]? {
        guard case .array(let elements) = self else { return nil }
        var result: [Double] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard case .double(let x) = element else { return nil }
            result.append(x)
        }
        return result
    }

    /// The value as a matrix of Doubles (an array of equally long numeric arrays), if it is one.
    public var asMatrix: [[Double]]? {
        guard case .array(let rows) = self, !rows.isEmpty else { return nil }
        var result: [[Double]] = []
        for row in rows {
            guard case .array = row, let vector = row.asVector else { return nil }
            if let first = result.first, first.count != vector.count { return nil }
            result.append(vector)
        }
        return result
    }

    /// The value as one number, if it is an Int or a Double.
    public var asDouble: Double? {
        switch self {
        case .double(let x): return x
        case .int(let n): return Double(n)
        default: return nil
        }
    }

    /// Whether the value can be shown on a page (numbers, Booleans, strings, arrays and tuples of them,
    /// ranges, derivative checks, charts); functions and `Void` cannot.
    public var isDisplayable: Bool {
        switch self {
        case .int, .double, .bool, .string, .range, .derivativeCheck, .chart: return true
        case .array(let elements): return elements.allSatisfy(\.isDisplayable)
        case .tuple(let elements): return elements.allSatisfy(\.value.isDisplayable)
        case .function, .void, .none: return false
        }
    }

    /// The value's Swift type, as diagnostics name it (`[Double]`, `Int`, ...).
    public var typeName: String { type.description }

    var type: TypeRef {
        switch self {
        case .int: return .int
        case .double: return .double
        case .bool: return .bool
        case .string: return .string
        case .array(let elements):
            guard let first = elements.first else { return .array(.unknown) }
            let firstType = first.type
            // An array's elements share one type; a nested empty array takes its siblings' type.
            if case .array(.unknown) = firstType, let other = elements.first(where: { $0.asNonEmptyArray }) {
                return .array(other.type)
            }
            return .array(firstType)
        case .tuple(let elements): return .tuple(elements.map(\.value.type))
        case .range: return .range
        case .derivativeCheck: return .derivativeCheck
        case .chart: return .chart
        case .function(let function): return function.type
        case .void: return .void
        case .none: return .unknown
        }
    }

    private var asNonEmptyArray: Bool {
        if case .array(let elements) = self { return !elements.isEmpty }
        return false
    }

    /// The value in the page's number format with the default number of significant digits.
    public var description: String { NumberFormat.format(value: self) }
}

/// The outcome of `checkDerivative(of:at:_:)`: the point, whether the stated formula agreed with the
/// numerical Jacobian, and the entry where they differed most.
public struct DerivativeCheckResult: Sendable, Equatable {
    /// The point `z` the derivative was checked at.
    public var point: [Double]
    /// Whether every entry agreed within the tolerance.
    public var passed: Bool
    /// The largest absolute difference between the formula and the numerical Jacobian.
    public var maxError: Double
    /// The tolerance the entries were compared with.
    public var tolerance: Double
    /// The output index i and input index j of the worst entry.
    public var worstOutput: Int
    public var worstInput: Int
    /// The formula's value and the numerical value at the worst entry.
    public var stated: Double
    public var numerical: Double

    public init(
        point: [Double], passed: Bool, maxError: Double, tolerance: Double, worstOutput: Int, worstInput: Int,
        stated: Double, numerical: Double
    ) {
        self.point = point
        self.passed = passed
        self.maxError = maxError
        self.tolerance = tolerance
        self.worstOutput = worstOutput
        self.worstInput = worstInput
        self.stated = stated
        self.numerical = numerical
    }
}

/// A function value: a page's `func` or closure, a builtin, or an operator such as `+`.
public final class FunctionValue: @unchecked Sendable {
    enum Kind {
        /// A `func` or closure with the scope it captured.
        case user(FunctionDecl, Scope)
        /// A library or Foundation function, by name, with a chosen overload when one was selected.
        case builtin(String)
        /// A method bound to its receiver, such as `z.map`.
        case method(Value, String)
        /// An operator used as a function value.
        case operatorFunction(String)
    }

    let kind: Kind

    init(_ kind: Kind) {
        self.kind = kind
    }

    /// The name shown in diagnostics.
    public var name: String {
        switch kind {
        case .user(let decl, _): return decl.isClosure ? "closure" : decl.name
        case .builtin(let name): return name
        case .method(_, let name): return name
        case .operatorFunction(let op): return op
        }
    }

    var type: TypeRef {
        switch kind {
        case .user(let decl, _):
            if decl.isClosure && decl.parameters.isEmpty {
                return .function(Array(repeating: .unknown, count: decl.shorthandCount), decl.returnType ?? .unknown)
            }
            return .function(decl.parameters.map { $0.type ?? .unknown }, decl.returnType ?? .unknown)
        case .builtin(let name):
            if let signature = Builtins.overloads(name).first {
                return .function(signature.parameters.map(\.type), signature.result)
            }
            return .function([], .unknown)
        case .method: return .function([], .unknown)
        case .operatorFunction: return .function([.unknown, .unknown], .unknown)
        }
    }
}
