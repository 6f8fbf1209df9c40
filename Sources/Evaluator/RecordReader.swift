import LiteratePage

/// What a page program sent on its results channel (the writer is `_Literate` in LiteratePage).
struct ProgramRecords {
    /// Statement markers in the order they ran: statement id and the standard-output offset then.
    var steps: [(id: Int, outputOffset: Int)] = []
    /// Values by expression id (an expression in a loop-free top level runs once; a later record wins).
    var values: [Int: RecordedValue] = [:]
    /// Whether the program reached its end.
    var finished = false

    /// Reads every complete record of `bytes`; a record cut short (the program was killed while writing
    /// it) ends the reading.
    init(_ bytes: [UInt8]) {
        var reader = ByteReader(bytes: bytes)
        while let length = reader.int(), length >= 0, let payload = reader.take(length) {
            var record = ByteReader(bytes: payload)
            switch record.byte().map({ Character(Unicode.Scalar($0)) }) {
            case "S":
                if let id = record.int(), let offset = record.int() { steps.append((id, offset)) }
            case "V":
                if let id = record.int(), let type = record.string(), let value = record.recorded() {
                    values[id] = RecordedValue(type: type, value: value)
                }
            case "E": finished = true
            default: continue
            }
        }
    }
}

/// One recorded value: its static Swift type, and the value, or how many numbers and bytes of text it had
/// when it was too large to send.
struct RecordedValue {
    var type: String
    var value: Result<Value, TooLarge>

    struct TooLarge: Error {
        var scalars: Int
        var textBytes: Int
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var index = 0

    mutating func take(_ count: Int) -> [UInt8]? {
        guard count >= 0, count <= bytes.count - index else { return nil }
        defer { index += count }
        return Array(bytes[index..<index + count])
    }

    mutating func byte() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func int() -> Int? {
        guard let raw = take(8) else { return nil }
        var value: UInt64 = 0
        for (shift, byte) in raw.enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        return Int(Int64(bitPattern: value))
    }

    mutating func string() -> String? {
        guard let count = int(), let raw = take(count) else { return nil }
        return String(decoding: raw, as: UTF8.self)
    }

    mutating func bool() -> Bool? { byte().map { $0 != 0 } }

    mutating func optionalString() -> String?? {
        guard let present = bool() else { return nil }
        return present ? string().map { $0 } : .some(nil)
    }

    mutating func recorded() -> Result<Value, RecordedValue.TooLarge>? {
        if index < bytes.count, bytes[index] == UInt8(ascii: "L") {
            index += 1
            guard let scalars = int(), let textBytes = int() else { return nil }
            return .failure(RecordedValue.TooLarge(scalars: scalars, textBytes: textBytes))
        }
        return value(depth: 0).map { .success($0) }
    }

    /// One tagged value; nil when the bytes are not a value (or nest deeper than the writer allows).
    mutating func value(depth: Int) -> Value? {
        guard depth <= 80, let tag = byte() else { return nil }
        switch Character(Unicode.Scalar(tag)) {
        case "d": return int().map { .double(Double(bitPattern: UInt64(bitPattern: Int64($0)))) }
        case "f": return int().map { .float(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) }
        case "i": return int().map { .int($0) }
        case "u": return int().map { .unsigned(UInt64(bitPattern: Int64($0))) }
        case "b": return bool().map { .bool($0) }
        case "s": return string().map { .string($0) }
        case "n": return Value.none
        case "v": return .void
        case "o": return value(depth: depth + 1).map { .some($0) }
        case "x":
            guard let type = string(), let description = string(), let hasReflection = bool() else { return nil }
            let reflection = hasReflection ? string() : description
            return reflection.map { .other(type: type, description: description, debugDescription: $0) }
        case "a":
            guard let count = int(), count >= 0, count <= bytes.count - index else { return nil }
            var elements: [Value] = []
            elements.reserveCapacity(count)
            for _ in 0..<count {
                guard let element = value(depth: depth + 1) else { return nil }
                elements.append(element)
            }
            return .array(elements)
        case "t":
            guard let count = int(), count >= 0, count <= bytes.count - index else { return nil }
            var elements: [Value.TupleElement] = []
            for _ in 0..<count {
                guard let label = optionalString(), let element = value(depth: depth + 1) else { return nil }
                elements.append(Value.TupleElement(label: label, value: element))
            }
            return .tuple(elements)
        case "c": return chart().map { .chart($0) }
        case "k": return derivativeCheck().map { .derivativeCheck($0) }
        default: return nil
        }
    }

    private mutating func doubles() -> [Double]? {
        guard case .array(let elements)? = value(depth: 0) else { return nil }
        return elements.compactMap(\.asDouble)
    }

    private mutating func chart() -> Chart? {
        guard let kindName = string(), let kind = Chart.Kind(rawValue: kindName), let title = string(),
            let labelCount = int(), labelCount >= 0, labelCount <= bytes.count - index
        else { return nil }
        var labels: [String] = []
        for _ in 0..<labelCount {
            guard let label = string() else { return nil }
            labels.append(label)
        }
        guard let x = doubles(), let seriesCount = int(), seriesCount >= 0, seriesCount <= bytes.count - index else {
            return nil
        }
        var series: [Chart.Series] = []
        for _ in 0..<seriesCount {
            guard let name = string(), let values = doubles() else { return nil }
            series.append(Chart.Series(name: name, values: values))
        }
        guard let xLabel = optionalString(), let yLabel = optionalString() else { return nil }
        return Chart(kind: kind, title: title, labels: labels, x: x, series: series, xLabel: xLabel, yLabel: yLabel)
    }

    private mutating func derivativeCheck() -> DerivativeCheckResult? {
        guard let point = doubles(), let passed = bool(), let i = int(), let j = int(),
            case .double(let stated)? = value(depth: 0), case .double(let numerical)? = value(depth: 0),
            case .double(let error)? = value(depth: 0), case .double(let tolerance)? = value(depth: 0)
        else { return nil }
        return DerivativeCheckResult(
            point: point, passed: passed, maxError: error, tolerance: tolerance, worstOutput: i, worstInput: j,
            stated: stated, numerical: numerical)
    }
}
