import LiteratePage

/// A value a page program computed, as it crossed from the program to the generator.
///
/// Numbers keep their exact bits and their Swift type (a `[Float]` is Float elements); arrays hold
/// values, so a vector is `.array` of `.double` and a matrix `.array` of such arrays; `asVector` and
/// `asMatrix` read them back. Types without a table form (structs, enums, dictionaries, ranges…) arrive
/// as their `String(describing:)`, which is what `print` shows.
public indirect enum Value: Sendable, Equatable, CustomStringConvertible {
    case int(Int)
    /// An unsigned integer above `Int.max`.
    case unsigned(UInt64)
    case double(Double)
    case float(Float)
    case bool(Bool)
    case string(String)
    case array([Value])
    /// A tuple; labels are nil where the tuple has none.
    case tuple([TupleElement])
    /// The result of `checkDerivative`.
    case derivativeCheck(DerivativeCheckResult)
    /// A chart from `barChart(…)` or `lineChart(…)`, drawn by the site as SVG.
    case chart(Chart)
    /// `Optional.some`: shown as Swift prints it, `Optional(3.0)`; stated values look through it.
    case some(Value)
    /// `Optional.none`.
    case none
    /// What an expression of type `()` gives, such as a call to `print`.
    case void
    /// Any other value: its dynamic type, its description (`print`'s text) and its debug description
    /// (how it prints inside an array: `"a"`, `Page.Level.low`).
    case other(type: String, description: String, debugDescription: String)

    /// One element of a tuple.
    public struct TupleElement: Sendable, Equatable {
        public var label: String?
        public var value: Value

        public init(label: String?, value: Value) {
            self.label = label
            self.value = value
        }
    }

    /// The value as a number, if it is one (Int, Double or Float).
    public var asDouble: Double? {
        switch self {
        case .some(let wrapped): return wrapped.asDouble
        case .double(let x): return x
        case .float(let x): return Double(x)
        case .int(let n): return Double(n)
        default: return nil
        }
    }

    /// The value as a vector, if it is an array of Doubles or Floats (`[Int]` is not: its elements print
    /// as integers).
    public var asVector: [Double]? {
        guard case .array(let elements) = self else { return nil }
        var result: [Double] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            switch element {
            case .double(let x): result.append(x)
            case .float(let x): result.append(Double(x))
            default: return nil
            }
        }
        return result
    }

    /// The value as a matrix of Doubles or Floats (an array of equally long numeric arrays), if it is one.
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

    /// Whether the numbers in the value are Floats, whose shortest exact text has at most 9 digits.
    public var isFloat: Bool {
        switch self {
        case .float: return true
        case .array(let elements): return elements.first?.isFloat ?? false
        default: return false
        }
    }

    /// The value's Swift type as messages name it (`[Double]`, `Int`, …).
    public var typeName: String {
        switch self {
        case .int: return "Int"
        case .unsigned: return "UInt64"
        case .double: return "Double"
        case .float: return "Float"
        case .bool: return "Bool"
        case .string: return "String"
        case .array(let elements): return "[\(elements.first?.typeName ?? "Any")]"
        case .tuple(let elements): return "(" + elements.map(\.value.typeName).joined(separator: ", ") + ")"
        case .derivativeCheck: return "DerivativeCheck"
        case .chart: return "Chart"
        case .some(let wrapped): return "Optional<\(wrapped.typeName)>"
        case .none: return "Optional"
        case .void: return "()"
        case .other(let type, _, _): return type
        }
    }

    /// Whether the page shows anything for this value (`()` shows nothing).
    public var isShown: Bool {
        if case .void = self { return false }
        return true
    }

    /// The value in the page's number format with the default number of significant digits.
    public var description: String { NumberFormat.format(value: self) }

    /// The value as Swift's `print` writes it (`String(describing:)`): numbers in full, strings quoted
    /// inside arrays and tuples.
    public var swiftDescription: String { swiftDescription(nested: false) }

    private func swiftDescription(nested: Bool) -> String {
        switch self {
        case .int(let n): return String(n)
        case .unsigned(let n): return String(n)
        case .double(let x): return x.description
        case .float(let x): return x.description
        case .bool(let b): return b.description
        case .string(let s): return nested ? String(reflecting: s) : s
        case .array(let elements):
            return "[" + elements.map { $0.swiftDescription(nested: true) }.joined(separator: ", ") + "]"
        case .tuple(let elements):
            let parts = elements.map { element in
                (element.label.map { "\($0): " } ?? "") + element.value.swiftDescription(nested: true)
            }
            return "(" + parts.joined(separator: ", ") + ")"
        case .some(let wrapped): return "Optional(\(wrapped.swiftDescription(nested: true)))"
        case .none: return "nil"
        case .void: return "()"
        case .derivativeCheck, .chart:
            return NumberFormat.format(value: self, digits: NumberFormat.digitsRange.upperBound)
        case .other(_, let description, let debugDescription): return nested ? debugDescription : description
        }
    }
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
