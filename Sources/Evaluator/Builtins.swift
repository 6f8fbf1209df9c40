import Diagnostics
import Softmax

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(ucrt)
    import ucrt
#endif

/// A parameter of a builtin function.
struct BuiltinParameter: Sendable {
    var label: String?
    var type: TypeRef
}

/// One overload of a builtin, such as `softmax(_:temperature:)`.
struct BuiltinSignature: Sendable {
    let name: String
    let parameters: [BuiltinParameter]
    let result: TypeRef
    /// `abs`, `max`, `min`: any numbers of one type; arguments are typed together like an array literal.
    let isGenericNumeric: Bool
    let labels: [String?]
    /// The full name, such as `softmax(_:temperature:)`.
    let key: String

    init(name: String, parameters: [BuiltinParameter], result: TypeRef, isGenericNumeric: Bool = false) {
        self.name = name
        self.parameters = parameters
        self.result = result
        self.isGenericNumeric = isGenericNumeric
        self.labels = parameters.map(\.label)
        self.key = name + "(" + parameters.map { ($0.label ?? "_") + ":" }.joined() + ")"
    }
}

/// The functions and constants every page sees: the Softmax library's Double API, Foundation's math,
/// conversions and `zip`.
enum Builtins {
    private static let vector = TypeRef.array(.double)
    private static let matrix = TypeRef.array(.array(.double))
    private static let vectorFunction = TypeRef.function([.array(.double)], .array(.double))

    private static func p(_ label: String?, _ type: TypeRef) -> BuiltinParameter {
        BuiltinParameter(label: label, type: type)
    }

    static let list: [BuiltinSignature] = {
        var list: [BuiltinSignature] = [
            BuiltinSignature(name: "softmax", parameters: [p(nil, vector)], result: vector),
            BuiltinSignature(name: "softmax", parameters: [p(nil, vector), p("temperature", .double)], result: vector),
            BuiltinSignature(name: "logSoftmax", parameters: [p(nil, vector)], result: vector),
            BuiltinSignature(name: "logSumExp", parameters: [p(nil, vector)], result: .double),
            BuiltinSignature(name: "normalize", parameters: [p(nil, vector)], result: vector),
            BuiltinSignature(name: "softmaxJacobian", parameters: [p(nil, vector)], result: matrix),
            BuiltinSignature(name: "normalizeJacobian", parameters: [p(nil, vector)], result: matrix),
            BuiltinSignature(name: "softmaxVJP", parameters: [p(nil, vector), p("upstream", vector)], result: vector),
            BuiltinSignature(
                name: "logSoftmaxVJP", parameters: [p(nil, vector), p("upstream", vector)], result: vector),
            BuiltinSignature(name: "jacobian", parameters: [p("of", vectorFunction), p("at", vector)], result: matrix),
            BuiltinSignature(
                name: "checkDerivative",
                parameters: [p("of", vectorFunction), p("at", vector), p(nil, .function([.int, .int], .double))],
                result: .derivativeCheck),
            BuiltinSignature(
                name: "crossEntropy", parameters: [p("logits", vector), p("target", .int)], result: .double),
            BuiltinSignature(
                name: "crossEntropyGradient", parameters: [p("logits", vector), p("target", .int)], result: vector),
            BuiltinSignature(name: "pow", parameters: [p(nil, .double), p(nil, .double)], result: .double),
            BuiltinSignature(name: "atan2", parameters: [p(nil, .double), p(nil, .double)], result: .double),
            BuiltinSignature(
                name: "abs", parameters: [p(nil, .unknown)], result: .unknown, isGenericNumeric: true),
            BuiltinSignature(name: "Double", parameters: [p(nil, .unknown)], result: .double),
            BuiltinSignature(name: "Int", parameters: [p(nil, .unknown)], result: .int),
            BuiltinSignature(name: "String", parameters: [p(nil, .unknown)], result: .string),
            BuiltinSignature(name: "Array", parameters: [p(nil, .unknown)], result: .array(.unknown)),
            BuiltinSignature(
                name: "Array", parameters: [p("repeating", .unknown), p("count", .int)], result: .array(.unknown)),
            BuiltinSignature(
                name: "[Double]", parameters: [p("repeating", .double), p("count", .int)], result: vector),
            BuiltinSignature(
                name: "[Int]", parameters: [p("repeating", .int), p("count", .int)], result: .array(.int)),
            BuiltinSignature(
                name: "[[Double]]", parameters: [p("repeating", vector), p("count", .int)], result: matrix),
            BuiltinSignature(
                name: "zip", parameters: [p(nil, .unknown), p(nil, .unknown)], result: .array(.unknown)),
            BuiltinSignature(
                name: "stride", parameters: [p("from", .unknown), p("to", .unknown), p("by", .unknown)],
                result: .array(.unknown), isGenericNumeric: true),
            BuiltinSignature(
                name: "stride", parameters: [p("from", .unknown), p("through", .unknown), p("by", .unknown)],
                result: .array(.unknown), isGenericNumeric: true),
        ]
        // Charts: `series` is a [Double], a tuple of named [Double] or (lines) a matrix, checked when run.
        let strings = TypeRef.array(.string)
        for labels in [false, true] {
            for yLabel in [false, true] {
                list.append(
                    BuiltinSignature(
                        name: "barChart",
                        parameters: [p("series", .unknown)] + (labels ? [p("labels", strings)] : [])
                            + [p("title", .string)] + (yLabel ? [p("yLabel", .string)] : []),
                        result: .chart))
            }
        }
        list.append(
            BuiltinSignature(
                name: "lineChart", parameters: [p("x", .unknown), p("series", .unknown), p("title", .string)],
                result: .chart))
        list.append(
            BuiltinSignature(
                name: "lineChart",
                parameters: [
                    p("x", .unknown), p("series", .unknown), p("title", .string), p("xLabel", .string),
                    p("yLabel", .string),
                ],
                result: .chart))
        for name in unaryMath {
            list.append(BuiltinSignature(name: name, parameters: [p(nil, .double)], result: .double))
        }
        for name in ["max", "min"] {
            for count in 2...4 {
                list.append(
                    BuiltinSignature(
                        name: name, parameters: Array(repeating: p(nil, .unknown), count: count), result: .unknown,
                        isGenericNumeric: true))
            }
        }
        return list
    }()

    static let unaryMath = [
        "exp", "log", "sqrt", "log2", "log10", "log1p", "expm1", "exp2", "sin", "cos", "tan", "tanh", "sinh", "cosh",
        "atan", "asin", "acos", "floor", "ceil", "round", "trunc", "cbrt",
    ]

    private static let unaryMathNames = Set(unaryMath)

    private static let byName: [String: [BuiltinSignature]] = Dictionary(grouping: list, by: \.name)

    /// Overloads of `name`; `name` may carry labels, as in `softmax(_:temperature:)`.
    static func overloads(_ name: String) -> [BuiltinSignature] {
        if let found = byName[name] { return found }
        if let open = name.firstIndex(of: "(") {
            return (byName[String(name[..<open])] ?? []).filter { $0.key == name }
        }
        return []
    }

    static func isFunction(_ name: String) -> Bool { !overloads(name).isEmpty }

    static let allNames: Set<String> = Set(byName.keys.filter { !$0.hasPrefix("[") })

    static let operatorNames: Set<String> = ["+", "-", "*", "/", "%", "<", "<=", ">", ">=", "==", "!=", "&&", "||"]

    static func constant(_ name: String) -> Value? { nil }

    static func doubleConstant(_ name: String) -> Value? {
        switch name {
        case "pi": return .double(Double.pi)
        case "infinity": return .double(Double.infinity)
        case "nan": return .double(Double.nan)
        case "greatestFiniteMagnitude": return .double(Double.greatestFiniteMagnitude)
        case "leastNormalMagnitude": return .double(Double.leastNormalMagnitude)
        case "leastNonzeroMagnitude": return .double(Double.leastNonzeroMagnitude)
        case "ulpOfOne": return .double(Double.ulpOfOne)
        default: return nil
        }
    }

    static func intConstant(_ name: String) -> Value? {
        switch name {
        case "max": return .int(Int.max)
        case "min": return .int(Int.min)
        default: return nil
        }
    }

    // MARK: Running builtins

    /// Runs a builtin with arguments already checked against `signature`'s types.
    static func invoke(_ signature: BuiltinSignature, _ values: [Value], at: Int, _ machine: Machine) throws -> Value {
        do {
            return try run(signature, values, at: at, machine)
        } catch let failure as SoftmaxError {
            throw machine.error(at, "\(signature.key): \(failure.description)")
        }
    }

    private static func run(_ signature: BuiltinSignature, _ values: [Value], at: Int, _ machine: Machine) throws
        -> Value
    {
        func vec(_ index: Int) -> [Double] { values[index].asVector ?? [] }
        func double(_ index: Int) -> Double { values[index].asDouble ?? .nan }
        func int(_ index: Int) -> Int {
            if case .int(let n) = values[index] { return n }
            return 0
        }
        func string(_ index: Int) -> String {
            if case .string(let s) = values[index] { return s }
            return ""
        }
        switch signature.key {
        case "softmax(_:)": return vectorValue(softmax(vec(0)))
        case "softmax(_:temperature:)": return vectorValue(try softmax(vec(0), temperature: double(1)))
        case "logSoftmax(_:)": return vectorValue(logSoftmax(vec(0)))
        case "logSumExp(_:)": return .double(logSumExp(vec(0)))
        case "normalize(_:)": return vectorValue(normalize(vec(0)))
        case "softmaxJacobian(_:)": return matrixValue(softmaxJacobian(vec(0)))
        case "normalizeJacobian(_:)": return matrixValue(normalizeJacobian(vec(0)))
        case "softmaxVJP(_:upstream:)": return vectorValue(try softmaxVJP(vec(0), upstream: vec(1)))
        case "logSoftmaxVJP(_:upstream:)": return vectorValue(try logSoftmaxVJP(vec(0), upstream: vec(1)))
        case "crossEntropy(logits:target:)": return .double(try crossEntropy(logits: vec(0), target: int(1)))
        case "crossEntropyGradient(logits:target:)":
            return vectorValue(try crossEntropyGradient(logits: vec(0), target: int(1)))
        case "jacobian(of:at:)":
            let f = try function(values[0], at: at, machine)
            return matrixValue(
                try jacobian(of: { z in try callVector(f, z, "jacobian(of:at:)", at: at, machine) }, at: vec(1)))
        case "checkDerivative(of:at:_:)":
            return try runCheckDerivative(values, at: at, machine)
        case "pow(_:_:)": return .double(pow(double(0), double(1)))
        case "atan2(_:_:)": return .double(atan2(double(0), double(1)))
        case "abs(_:)":
            switch values[0] {
            case .int(let n):
                guard n != Int.min else {
                    throw machine.error(at, "arithmetic overflow: abs(\(n)) does not fit in Int")
                }
                return .int(abs(n))
            case .double(let x): return .double(abs(x))
            default: throw typeError("abs", values[0], at: at, machine)
            }
        case "Double(_:)":
            switch values[0] {
            case .int(let n): return .double(Double(n))
            case .double: return values[0]
            case .string(let s):
                guard let x = Double(s) else { return .none }
                return .double(x)
            default: throw typeError("Double", values[0], at: at, machine)
            }
        case "Int(_:)":
            switch values[0] {
            case .int: return values[0]
            case .double(let x):
                guard x.isFinite, x > -9.3e18, x < 9.3e18, let n = Int(exactly: x.rounded(.towardZero)) else {
                    throw machine.error(at, "Double value \(NumberFormat.format(x)) cannot be converted to Int")
                }
                return .int(n)
            case .bool(let b): return .int(b ? 1 : 0)
            default: throw typeError("Int", values[0], at: at, machine)
            }
        case "String(_:)":
            return .string(NumberFormat.format(value: values[0]))
        case "Array(_:)":
            return try Members.elements(values[0], at: at, machine).map { .array($0) }
                ?? { throw typeError("Array", values[0], at: at, machine) }()
        case "Array(repeating:count:)", "[Double](repeating:count:)", "[Int](repeating:count:)",
            "[[Double]](repeating:count:)":
            let count = int(1)
            guard count >= 0 else { throw machine.error(at, "can't construct an Array with count < 0 (got \(count))") }
            try machine.checkSize(count, at)
            return .array(Array(repeating: values[0], count: count))
        case "zip(_:_:)":
            guard let a = try Members.elements(values[0], at: at, machine),
                let b = try Members.elements(values[1], at: at, machine)
            else { throw machine.error(at, "zip needs two arrays or ranges") }
            return .array(zip(a, b).map { .tuple([.init(label: nil, value: $0), .init(label: nil, value: $1)]) })
        case "barChart(series:title:)", "barChart(series:labels:title:)", "barChart(series:title:yLabel:)",
            "barChart(series:labels:title:yLabel:)":
            let labels = signature.labels.contains("labels") ? values[1] : nil
            let title = string(labels == nil ? 1 : 2)
            let yLabel = signature.labels.contains("yLabel") ? string(values.count - 1) : nil
            do {
                return .chart(try ChartBuilder.bar(series: values[0], labels: labels, title: title, yLabel: yLabel))
            } catch {
                throw machine.error(at, error.message)
            }
        case "lineChart(x:series:title:)", "lineChart(x:series:title:xLabel:yLabel:)":
            let hasAxisLabels = values.count == 5
            do {
                return .chart(
                    try ChartBuilder.line(
                        x: values[0], series: values[1], title: string(2), xLabel: hasAxisLabels ? string(3) : nil,
                        yLabel: hasAxisLabels ? string(4) : nil))
            } catch {
                throw machine.error(at, error.message)
            }
        case "stride(from:to:by:)", "stride(from:through:by:)":
            return try stride(values, through: signature.key.contains("through"), at: at, machine)
        default:
            break
        }
        if signature.name == "max" || signature.name == "min" {
            var best = values[0]
            for value in values.dropFirst() {
                let less = try Operators.apply("<", value, best, at: at, machine)
                let greater = try Operators.apply(">", value, best, at: at, machine)
                if case .bool(true) = (signature.name == "min" ? less : greater) { best = value }
            }
            return best
        }
        if unaryMathNames.contains(signature.name) {
            return .double(unaryMath(signature.name, double(0)))
        }
        throw machine.error(at, "'\(signature.key)' is not available")
    }

    private static func unaryMath(_ name: String, _ x: Double) -> Double {
        switch name {
        case "exp": return exp(x)
        case "log": return log(x)
        case "sqrt": return x.squareRoot()
        case "log2": return log2(x)
        case "log10": return log10(x)
        case "log1p": return log1p(x)
        case "expm1": return expm1(x)
        case "exp2": return exp2(x)
        case "sin": return sin(x)
        case "cos": return cos(x)
        case "tan": return tan(x)
        case "tanh": return tanh(x)
        case "sinh": return sinh(x)
        case "cosh": return cosh(x)
        case "atan": return atan(x)
        case "asin": return asin(x)
        case "acos": return acos(x)
        case "floor": return x.rounded(.down)
        case "ceil": return x.rounded(.up)
        case "round": return x.rounded(.toNearestOrAwayFromZero)
        case "trunc": return x.rounded(.towardZero)
        case "cbrt": return cbrt(x)
        default: return .nan
        }
    }

    private static func stride(_ values: [Value], through: Bool, at: Int, _ machine: Machine) throws -> Value {
        switch (values[0], values[1], values[2]) {
        case (.int(let from), .int(let to), .int(let by)):
            guard by != 0 else { throw machine.error(at, "stride step must not be zero") }
            let count = max(0, ((to - from) / by) + 1)
            try machine.checkSize(count, at)
            return .array(
                through
                    ? Swift.stride(from: from, through: to, by: by).map { .int($0) }
                    : Swift.stride(from: from, to: to, by: by).map { .int($0) })
        case (.double(let from), .double(let to), .double(let by)):
            guard by != 0, by.isFinite else { throw machine.error(at, "stride step must be finite and not zero") }
            let count = ((to - from) / by).rounded(.up) + 1
            guard count.isFinite else { throw machine.error(at, "stride has no end") }
            try machine.checkSize(Int(max(0, min(count, 1e12))), at)
            return .array(
                through
                    ? Swift.stride(from: from, through: to, by: by).map { .double($0) }
                    : Swift.stride(from: from, to: to, by: by).map { .double($0) })
        default:
            throw machine.error(at, "stride needs three Ints or three Doubles")
        }
    }

    private static func typeError(_ name: String, _ value: Value, at: Int, _ machine: Machine) -> EvalError {
        machine.error(at, "'\(name)' cannot be applied to a value of type '\(value.typeName)'")
    }

    static func vectorValue(_ x: [Double]) -> Value { .array(x.map { .double($0) }) }
    static func matrixValue(_ m: [[Double]]) -> Value { .array(m.map(vectorValue)) }

    private static func function(_ value: Value, at: Int, _ machine: Machine) throws -> FunctionValue {
        guard case .function(let f) = value else {
            throw machine.error(at, "expected a function, got a value of type '\(value.typeName)'")
        }
        return f
    }

    /// Calls a page function as `([Double]) -> [Double]` for the library.
    private static func callVector(_ f: FunctionValue, _ z: [Double], _ what: String, at: Int, _ machine: Machine)
        throws
        -> [Double]
    {
        let result = try machine.callFunction(f, [vectorValue(z)], at: at, resultHint: .array(.double))
        guard case .array = result, let vector = result.asVector else {
            throw machine.error(
                at, "the function passed to \(what) must return [Double], but it returned '\(result.typeName)'")
        }
        return vector
    }

    private static func runCheckDerivative(_ values: [Value], at: Int, _ machine: Machine) throws -> Value {
        let f = try function(values[0], at: at, machine)
        let formula = try function(values[2], at: at, machine)
        let point = values[1].asVector ?? []
        let what = "checkDerivative(of:at:_:)"
        let check = try checkDerivative(
            of: { z in try callVector(f, z, what, at: at, machine) }, at: point,
            { i, j in
                let value = try machine.callFunction(formula, [.int(i), .int(j)], at: at, resultHint: .double)
                guard case .double(let x) = value else {
                    throw machine.error(
                        at, "the formula passed to \(what) must return Double, but it returned '\(value.typeName)'")
                }
                return x
            })
        let result = DerivativeCheckResult(
            point: check.point, passed: check.passed, maxError: check.maxError, tolerance: check.tolerance,
            worstOutput: check.worst.i, worstInput: check.worst.j, stated: check.worst.stated,
            numerical: check.worst.numerical)
        machine.derivativeCheckCount += 1
        if !check.passed {
            machine.failedDerivativeChecks.append((machine.map.location(at), result))
        }
        return .derivativeCheck(result)
    }
}
