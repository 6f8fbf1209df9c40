/// A chart a page computed with `barChart(…)` or `lineChart(…)`: what to draw, checked, not yet drawn.
///
/// The Site target draws it as SVG. Every series has one finite value per category (bar) or x value
/// (line), and there is at least one series with at least one value; the builtins refuse anything else with
/// an error at the call.
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

/// Building charts from builtin arguments, with the checks that make a chart drawable.
enum ChartBuilder {
    /// A failed check, with its message; the caller positions it at the call.
    struct Failure: Error {
        var message: String
    }

    /// `barChart(series:labels:title:yLabel:)`; `labels` nil means the indices `0`, `1`, ….
    static func bar(series: Value, labels: Value?, title: String, yLabel: String?) throws(Failure) -> Chart {
        let name = "barChart"
        let series = try readSeries(series, name: name, matrixRowsArePoints: false)
        let count = series[0].values.count
        var names: [String]
        if let labels {
            guard case .array(let elements) = labels else {
                throw Failure(message: "\(name): labels must be [String], got '\(labels.typeName)'")
            }
            names = []
            for element in elements {
                guard case .string(let text) = element else {
                    throw Failure(message: "\(name): labels must be [String], got '\(labels.typeName)'")
                }
                names.append(text)
            }
            guard names.count == count else {
                throw Failure(
                    message: "\(name): \(names.count) labels for \(values(count)); give one label per value")
            }
        } else {
            names = (0..<count).map(String.init)
        }
        return Chart(kind: .bar, title: title, labels: names, series: series, yLabel: yLabel)
    }

    /// `lineChart(x:series:title:xLabel:yLabel:)`.
    static func line(x: Value, series: Value, title: String, xLabel: String?, yLabel: String?) throws(Failure)
        -> Chart
    {
        let name = "lineChart"
        guard let xs = numbers(x) else {
            throw Failure(message: "\(name): x must be [Double] or [Int], got '\(x.typeName)'")
        }
        guard !xs.isEmpty else { throw Failure(message: "\(name): x is empty; a chart needs at least one point") }
        if let bad = xs.firstIndex(where: { !$0.isFinite }) {
            throw Failure(message: "\(name): x[\(bad)] is \(NumberFormat.format(xs[bad])); charts need finite values")
        }
        let series = try readSeries(series, name: name, matrixRowsArePoints: true)
        let count = series[0].values.count
        guard count == xs.count else {
            let what = series.count == 1 ? "the series has" : "each series has"
            throw Failure(
                message: "\(name): x has \(values(xs.count)) but \(what) \(count); give one value per x")
        }
        return Chart(kind: .line, title: title, x: xs, series: series, xLabel: xLabel, yLabel: yLabel)
    }

    /// A vector, a labelled tuple of vectors or (line charts) a matrix with one row per point, as series
    /// of equal, nonzero length with finite values.
    private static func readSeries(_ value: Value, name: String, matrixRowsArePoints: Bool) throws(Failure)
        -> [Chart.Series]
    {
        var series: [Chart.Series] = []
        let expected =
            "a [Double], a tuple of named [Double] such as (softmax: a, normalized: b)"
            + (matrixRowsArePoints ? " or a [[Double]] with one row per x value" : "")
        switch value {
        case .tuple(let elements):
            for (index, element) in elements.enumerated() {
                guard let values = numbers(element.value) else {
                    throw Failure(
                        message: "\(name): series \(element.label ?? String(index)) must be [Double], "
                            + "got '\(element.value.typeName)'")
                }
                guard let label = element.label, !label.isEmpty else {
                    throw Failure(
                        message: "\(name): series \(index) has no name; name every series, "
                            + "as in (softmax: a, normalized: b)")
                }
                series.append(Chart.Series(name: label, values: values))
            }
        case .array(let rows) where rows.contains(where: { if case .array = $0 { true } else { false } }):
            guard matrixRowsArePoints else {
                throw Failure(message: "\(name): series must be \(expected), got '\(value.typeName)'")
            }
            guard let matrix = value.asMatrix else {
                throw Failure(
                    message: "\(name): series as a matrix needs rows of equal length, one row per x value, "
                        + "got '\(value.typeName)'")
            }
            let columns = matrix.map(\.count).max() ?? 0
            for j in 0..<columns {
                series.append(Chart.Series(name: "i = \(j)", values: matrix.map { $0[j] }))
            }
        default:
            guard let values = numbers(value) else {
                throw Failure(message: "\(name): series must be \(expected), got '\(value.typeName)'")
            }
            series.append(Chart.Series(name: "", values: values))
        }
        guard let first = series.first, !first.values.isEmpty else {
            throw Failure(message: "\(name): no data; a chart needs at least one series with at least one value")
        }
        for other in series.dropFirst() where other.values.count != first.values.count {
            throw Failure(
                message: "\(name): series '\(first.name)' has \(values(first.values.count)) but '\(other.name)' has "
                    + "\(other.values.count); every series needs one value per point")
        }
        for item in series {
            if let bad = item.values.firstIndex(where: { !$0.isFinite }) {
                let which = item.name.isEmpty ? "series" : "series '\(item.name)'"
                throw Failure(
                    message: "\(name): \(which)[\(bad)] is \(NumberFormat.format(item.values[bad])); "
                        + "charts need finite values")
            }
        }
        return series
    }

    /// "1 value", "3 values".
    private static func values(_ count: Int) -> String { count == 1 ? "1 value" : "\(count) values" }

    /// An array of Doubles or Ints as numbers; nil for anything else.
    private static func numbers(_ value: Value) -> [Double]? {
        guard case .array(let elements) = value else { return nil }
        var result: [Double] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            switch element {
            case .double(let x): result.append(x)
            case .int(let n): result.append(Double(n))
            default: return nil
            }
        }
        return result
    }
}
