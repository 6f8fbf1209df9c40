#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What literate adds to a page program to see it run: where each top-level statement starts, and the
/// value of each top-level expression, sent as data on their own channel (never mixed with the page's
/// standard output). Not for use in pages; a program of your own never needs it.
///
/// The channel is the file named by `LITERATE_RESULTS`, a sequence of records, each a little-endian
/// UInt64 byte count and that many bytes: `S` statement id and standard-output offset; `V` expression id,
/// static type name and value; `E` the end of the program. ``RecordedValue`` in literate's Evaluator
/// reads them; the two sides change together.
public enum _Literate {
    /// Values with more numbers than this are not sent (a page shows its values; it does not dump data).
    public static let maximumScalars = 1_000_000
    /// Values with more bytes of text than this (strings, and descriptions of other types) are not sent.
    public static let maximumStringBytes = 1 << 20
    static let maximumDepth = 64

    nonisolated(unsafe) private static var channel: Int32 = -1

    /// Opens the channel, makes standard output line-buffered (so output before a crash is kept), marks
    /// on standard error where the program starts (after the compiler's diagnostics), and arms the time
    /// limit: `SIGALRM` after `LITERATE_TIMEOUT` seconds ends the program.
    public static func start() {
        setvbuf(stdout, nil, _IOLBF, 0)
        guard let path = getenv("LITERATE_RESULTS") else { return }
        channel = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        let marker = Array(_LiterateProtocol.startMarker.utf8)
        _ = marker.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        if let limit = getenv("LITERATE_TIMEOUT").flatMap({ Double(String(cString: $0)) }), limit > 0 {
            var timer = itimerval()
            timer.it_value.tv_sec = Int(limit)
            timer.it_value.tv_usec = Int((limit - limit.rounded(.down)) * 1_000_000)
            setitimer(__itimer_which_t(ITIMER_REAL.rawValue), &timer, nil)
        }
    }

    /// Top-level statement `id` starts: literate reports a crash at the last one started, and splits the
    /// page's printed output between blocks at these points.
    public static func step(_ id: Int) {
        fflush(stdout)
        var record = Encoder(tag: "S")
        record.int(Int64(id))
        record.int(Int64(lseek(1, 0, SEEK_CUR)))
        send(record)
    }

    /// Sends the value of top-level expression `id`, with its static type `T`.
    public static func record<T>(_ id: Int, _ value: T) {
        var record = Encoder(tag: "V")
        record.int(Int64(id))
        record.string(String(describing: T.self))
        var body = Encoder(tag: nil)
        if body.value(value, depth: 0) {
            record.bytes += body.bytes
        } else {
            record.byte("L")
            record.int(Int64(body.scalars))
            record.int(Int64(body.textBytes))
        }
        send(record)
    }

    /// The program reached its end (a program that stops early, through `exit`, has no end record).
    public static func finish() {
        fflush(stdout)
        send(Encoder(tag: "E"))
    }

    private static func send(_ record: Encoder) {
        guard channel >= 0 else { return }
        var framed = [UInt8]()
        framed.reserveCapacity(record.bytes.count + 8)
        withUnsafeBytes(of: UInt64(record.bytes.count).littleEndian) { framed += $0 }
        framed += record.bytes
        framed.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(channel, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

/// What literate and the page program agree on besides the records.
public enum _LiterateProtocol {
    /// Written to standard error when the program starts: what comes before is the compiler's.
    public static let startMarker = "\u{1}literate: the page program starts\n"
}

/// Values as tagged bytes: `d` Double bits, `f` Float bits, `i` Int64, `u` UInt64, `b` Bool, `s` string,
/// `a` array, `t` tuple (labels), `o` an optional's value, `n` nil, `v` Void, `c` chart, `k` derivative check, `x` any other value
/// as its type, its description and (when it differs) its debug description.
private struct Encoder {
    var bytes: [UInt8] = []
    /// Numbers written so far, against ``_Literate/maximumScalars``.
    var scalars = 0
    /// Bytes of text written (or refused) so far, against ``_Literate/maximumStringBytes``.
    var textBytes = 0

    init(tag: Character?) {
        if let tag { byte(tag) }
    }

    mutating func byte(_ tag: Character) { bytes.append(tag.asciiValue!) }
    mutating func int(_ value: Int64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Writes `value`, unless the text written so far would pass the limit (then only counts it, and
    /// ``fits`` turns false).
    mutating func string(_ value: String) {
        textBytes += value.utf8.count
        guard textBytes <= _Literate.maximumStringBytes else { return }
        int(Int64(value.utf8.count))
        bytes += value.utf8
    }

    var fits: Bool { scalars <= _Literate.maximumScalars && textBytes <= _Literate.maximumStringBytes }

    mutating func double(_ value: Double) {
        byte("d")
        int(Int64(bitPattern: value.bitPattern))
    }

    mutating func doubles(_ values: [Double]) -> Bool {
        scalars += values.count
        guard scalars <= _Literate.maximumScalars else { return false }
        byte("a")
        int(Int64(values.count))
        for value in values { double(value) }
        return true
    }

    /// Writes `value`; false when it is too large to send.
    mutating func value(_ value: Any, depth: Int) -> Bool {
        if depth > _Literate.maximumDepth { return other(value) }
        // Before the casts below, which would look through an optional.
        if let optional = value as? OptionalValue {
            guard let wrapped = optional.wrapped else {
                byte("n")
                return true
            }
            byte("o")
            return self.value(wrapped, depth: depth + 1)
        }
        switch value {
        case let x as Double:
            scalars += 1
            double(x)
        case let x as Float:
            scalars += 1
            byte("f")
            int(Int64(x.bitPattern))
        case let b as Bool:
            scalars += 1
            byte("b")
            bool(b)
        case let s as String:
            scalars += 1
            byte("s")
            string(s)
        case let vector as [Double]:
            return doubles(vector)
        case let matrix as [[Double]]:
            byte("a")
            int(Int64(matrix.count))
            for row in matrix where !doubles(row) { return false }
        case is Void:
            byte("v")
        case let chart as Chart:
            byte("c")
            self.chart(chart)
        case let check as DerivativeCheck:
            byte("k")
            derivativeCheck(check)
        case let n as any BinaryInteger:
            scalars += 1
            if let small = Int64(exactly: n) {
                byte("i")
                int(small)
            } else if let large = UInt64(exactly: n) {
                byte("u")
                int(Int64(bitPattern: large))
            } else {
                return other(value)
            }
        default:
            return structured(value, depth: depth)
        }
        return fits
    }

    /// Arrays, tuples and optionals element by element; anything else as its description.
    private mutating func structured(_ value: Any, depth: Int) -> Bool {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        // Arrays only: an ArraySlice or a lazy collection prints as its type, and is sent as text.
        case .collection where value is ArrayValue:
            byte("a")
            int(Int64(mirror.children.count))
            for child in mirror.children where !self.value(child.value, depth: depth + 1) { return false }
            return true
        case .tuple:
            byte("t")
            int(Int64(mirror.children.count))
            for child in mirror.children {
                let label = child.label.flatMap { $0.hasPrefix(".") ? nil : $0 }
                bool(label != nil)
                if let label { string(label) }
                if !self.value(child.value, depth: depth + 1) { return false }
            }
            return true
        default:
            return other(value)
        }
    }

    private mutating func other(_ value: Any) -> Bool {
        scalars += 1
        byte("x")
        string(String(describing: type(of: value)))
        // Inside an array or an optional Swift prints an element's debug form: "a", Page.Level.low.
        let description = String(describing: value)
        let reflection = String(reflecting: value)
        string(description)
        bool(reflection != description)
        if reflection != description { string(reflection) }
        return fits
    }

    private mutating func chart(_ chart: Chart) {
        string(chart.kind.rawValue)
        string(chart.title)
        int(Int64(chart.labels.count))
        for label in chart.labels { string(label) }
        _ = doubles(chart.x)
        int(Int64(chart.series.count))
        for series in chart.series {
            string(series.name)
            _ = doubles(series.values)
        }
        optionalString(chart.xLabel)
        optionalString(chart.yLabel)
    }

    private mutating func optionalString(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    private mutating func derivativeCheck(_ check: DerivativeCheck) {
        _ = doubles(check.point)
        bool(check.passed)
        let worst = check.worst
        int(Int64(worst.i))
        int(Int64(worst.j))
        double(worst.stated)
        double(worst.numerical)
        double(worst.error)
        double(worst.tolerance)
    }
}

/// Lets the encoder tell an Array from other collections, whatever its elements.
private protocol ArrayValue {}

extension Array: ArrayValue {}

/// Lets the encoder see an optional as one, whatever it wraps.
private protocol OptionalValue {
    var wrapped: Any? { get }
}

extension Optional: OptionalValue {
    var wrapped: Any? { self.map { $0 as Any } }
}
