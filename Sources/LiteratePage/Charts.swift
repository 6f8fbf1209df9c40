/// A chart a page computed with ``barChart(series:labels:title:yLabel:file:line:)`` or
/// ``lineChart(x:series:title:xLabel:yLabel:file:line:)``: the data to draw, checked. literate draws it as
/// inline SVG; in a program of your own it is plain data.
public struct Chart: Sendable, Equatable {
    /// Bars grouped by category, or lines over numeric x values.
    public enum Kind: String, Sendable {
        case bar, line
    }

    /// One named row of values.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Double]

        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    public var kind: Kind
    public var title: String
    /// Bar charts: one label per category. Empty for line charts.
    public var labels: [String]
    /// Line charts: the x value of each point. Empty for bar charts.
    public var x: [Double]
    public var series: [Series]
    public var xLabel: String?
    public var yLabel: String?

    public init(
        kind: Kind, title: String, labels: [String] = [], x: [Double] = [], series: [Series],
        xLabel: String? = nil, yLabel: String? = nil
    ) {
        self.kind = kind
        self.title = title
        self.labels = labels
        self.x = x
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// How many points each series has.
    public var count: Int { series.first?.values.count ?? 0 }
}

/// A bar chart: one group of bars per category.
///
/// `series` is one `[Double]` (or `[Float]`, `[Int]`), or a tuple of named ones such as
/// `(softmax: a, normalized: b)`; `labels` names the categories (default: `0`, `1`, …). Series of
/// different lengths, labels that do not match, no data or a value that is not finite stop the program
/// with a message at the call, as a failed precondition does.
public func barChart<Series>(
    series: Series, labels: [String]? = nil, title: String, yLabel: String? = nil,
    file: StaticString = #file, line: UInt = #line
) -> Chart {
    let name = "barChart"
    let rows = readSeries(series, name: name, rowsArePoints: false, file: file, line: line)
    let count = rows[0].values.count
    let names = labels ?? (0..<count).map(String.init)
    if names.count != count {
        fatalError(
            "\(name): \(names.count) labels for \(values(count)); give one label per value", file: file, line: line)
    }
    return Chart(kind: .bar, title: title, labels: names, series: rows, yLabel: yLabel)
}

/// A line chart over the numeric `x` values.
///
/// `series` is one `[Double]`, a tuple of named ones, or a `[[Double]]` with one row per x value (as
/// `x.map { softmax(z, temperature: $0) }` gives), whose columns become the lines `i = 0`, `i = 1`, ….
public func lineChart<Series>(
    x: [Double], series: Series, title: String, xLabel: String? = nil, yLabel: String? = nil,
    file: StaticString = #file, line: UInt = #line
) -> Chart {
    let name = "lineChart"
    if x.isEmpty { fatalError("\(name): x is empty; a chart needs at least one point", file: file, line: line) }
    if let bad = x.firstIndex(where: { !$0.isFinite }) {
        fatalError("\(name): x[\(bad)] is \(x[bad]); charts need finite values", file: file, line: line)
    }
    let rows = readSeries(series, name: name, rowsArePoints: true, file: file, line: line)
    let count = rows[0].values.count
    if count != x.count {
        let what = rows.count == 1 ? "the series has" : "each series has"
        fatalError(
            "\(name): x has \(values(x.count)) but \(what) \(count); give one value per x", file: file, line: line)
    }
    return Chart(kind: .line, title: title, x: x, series: rows, xLabel: xLabel, yLabel: yLabel)
}

/// "1 value", "3 values".
private func values(_ count: Int) -> String { count == 1 ? "1 value" : "\(count) values" }

/// The numbers of a `[Double]`, `[Float]` or integer array; nil for anything else.
private func numbers(_ value: Any) -> [Double]? {
    switch value {
    case let doubles as [Double]: return doubles
    case let floats as [Float]: return floats.map(Double.init)
    case let integers as [Int]: return integers.map(Double.init)
    default: return nil
    }
}

/// A vector, a tuple of named vectors or (line charts) a matrix with one row per point, as series of equal,
/// nonzero length with finite values.
private func readSeries(
    _ value: Any, name: String, rowsArePoints: Bool, file: StaticString, line: UInt
) -> [Chart.Series] {
    func fail(_ message: String) -> Never { fatalError("\(name): \(message)", file: file, line: line) }
    let expected =
        "a [Double], a tuple of named [Double] such as (softmax: a, normalized: b)"
        + (rowsArePoints ? " or a [[Double]] with one row per x value" : "")
    var series: [Chart.Series] = []
    let mirror = Mirror(reflecting: value)
    if mirror.displayStyle == .tuple {
        for (index, child) in mirror.children.enumerated() {
            let label = child.label.flatMap { $0.hasPrefix(".") ? nil : $0 }
            guard let values = numbers(child.value) else {
                fail("series \(label ?? String(index)) must be [Double], got '\(type(of: child.value))'")
            }
            guard let label, !label.isEmpty else {
                fail("series \(index) has no name; name every series, as in (softmax: a, normalized: b)")
            }
            series.append(Chart.Series(name: label, values: values))
        }
    } else if let values = numbers(value) {
        // First: an empty [Double] would also cast to [[Double]].
        series.append(Chart.Series(name: "", values: values))
    } else if let matrix = value as? [[Double]] {
        guard rowsArePoints else { fail("series must be \(expected), got '\(type(of: value))'") }
        let columns = matrix.first?.count ?? 0
        guard matrix.allSatisfy({ $0.count == columns }) else {
            fail("series as a matrix needs rows of equal length, one row per x value")
        }
        for j in 0..<columns { series.append(Chart.Series(name: "i = \(j)", values: matrix.map { $0[j] })) }
    } else {
        fail("series must be \(expected), got '\(type(of: value))'")
    }
    guard let first = series.first, !first.values.isEmpty else {
        fail("no data; a chart needs at least one series with at least one value")
    }
    for other in series.dropFirst() where other.values.count != first.values.count {
        fail(
            "series '\(first.name)' has \(values(first.values.count)) but '\(other.name)' has "
                + "\(other.values.count); every series needs one value per point")
    }
    for item in series {
        if let bad = item.values.firstIndex(where: { !$0.isFinite }) {
            let which = item.name.isEmpty ? "series" : "series '\(item.name)'"
            fail("\(which)[\(bad)] is \(item.values[bad]); charts need finite values")
        }
    }
    return series
}
