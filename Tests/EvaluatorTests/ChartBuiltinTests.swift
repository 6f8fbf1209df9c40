import Evaluator
import LiteratePage
import Testing

/// `barChart` and `lineChart` (LiteratePage): the charts they build, and the run-time errors, at the call, for
/// data that cannot be drawn.
@Suite struct ChartBuiltinTests {
    static func chart(_ outcome: BlockRun) -> Chart? {
        guard case .chart(let chart)? = outcome.results.last?.value else { return nil }
        return chart
    }

    @Test func barChartOfNamedSeries() throws {
        let outcome = run(
            """
            let z = [1.0, 2.0, 3.0]
            barChart(series: (softmax: softmax(z), normalized: normalize(z)), labels: ["a", "b", "c"], title: "Two")
            """)
        #expect(outcome.diagnostics.isEmpty)
        let chart = try #require(Self.chart(outcome))
        #expect(chart.kind == .bar)
        #expect(chart.title == "Two")
        #expect(chart.labels == ["a", "b", "c"])
        #expect(chart.series.map(\.name) == ["softmax", "normalized"])
        let normalized: [Double] = [1.0 / 6, 2.0 / 6, 3.0 / 6]
        #expect(chart.series[1].values == normalized)
        #expect(chart.yLabel == nil)
        #expect(shown(outcome) == ["bar chart \"Two\" (2 series of 3 values)"])
    }

    @Test func barChartOfOneVectorLabelsItsIndices() throws {
        let outcome = run("barChart(series: [0.5, 0.25, 0.25], title: \"One\", yLabel: \"p\")")
        let chart = try #require(Self.chart(outcome))
        #expect(chart.labels == ["0", "1", "2"])
        let series = [Chart.Series(name: "", values: [0.5, 0.25, 0.25])]
        #expect(chart.series == series)
        #expect(chart.yLabel == "p")
    }

    @Test func lineChartOfAMatrixHasOneLinePerColumn() throws {
        let outcome = run(
            """
            let temperatures = [0.5, 1, 2]
            lineChart(
                x: temperatures, series: try temperatures.map { try softmax([1.0, 2.0], temperature: $0) },
                title: "T", xLabel: "temperature", yLabel: "probability")
            """)
        #expect(outcome.diagnostics.isEmpty)
        let chart = try #require(Self.chart(outcome))
        #expect(chart.kind == .line)
        let x: [Double] = [0.5, 1, 2]
        #expect(chart.x == x)
        #expect(chart.series.map(\.name) == ["i = 0", "i = 1"])
        let expected: Double = 0.7310585786300049
        #expect(abs(chart.series[1].values[1] - expected) < 1e-12)
        #expect(chart.xLabel == "temperature")
        #expect(chart.yLabel == "probability")
    }

    @Test func lineChartTakesIntsAndNamedSeries() throws {
        let chart = try #require(
            Self.chart(run("lineChart(x: [1, 2, 3], series: (up: [1, 2, 3], down: [3.0, 2, 1]), title: \"t\")")))
        let x: [Double] = [1, 2, 3]
        #expect(chart.x == x)
        let values: [[Double]] = [[1, 2, 3], [3, 2, 1]]
        #expect(chart.series.map(\.values) == values)
    }

    @Test func mismatchedSeriesLengthsAreAnErrorAtTheCall() {
        #expect(
            messages(run("let a = [1.0, 2.0]\n  barChart(series: (a: a, b: [1.0]), title: \"x\")"))
                == [
                    "11:3: Fatal error: barChart: series 'a' has 2 values but 'b' has 1; every series needs one value per point"
                ])
        #expect(
            messages(run("lineChart(x: [1.0, 2.0, 3.0], series: [1.0, 2.0], title: \"x\")"))
                == ["10:1: Fatal error: lineChart: x has 3 values but the series has 2; give one value per x"])
        #expect(
            messages(run("barChart(series: [1.0], labels: [\"a\", \"b\"], title: \"x\")"))
                == ["10:1: Fatal error: barChart: 2 labels for 1 value; give one label per value"])
        let ragged: String =
            "10:1: Fatal error: lineChart: series as a matrix needs rows of equal length, one row per x value"
        #expect(messages(run("lineChart(x: [1.0, 2.0], series: [[1.0, 2.0], [1.0]], title: \"x\")")) == [ragged])
    }

    @Test func emptyAndNonFiniteDataAreErrors() {
        #expect(
            messages(run("let e: [Double] = []\nbarChart(series: e, title: \"x\")"))
                == ["11:1: Fatal error: barChart: no data; a chart needs at least one series with at least one value"])
        #expect(
            messages(run("lineChart(x: [1.0, 2.0], series: (p: [1.0, .nan], q: [1.0, 2.0]), title: \"x\")"))
                == ["10:1: Fatal error: lineChart: series 'p'[1] is nan; charts need finite values"])
        #expect(
            messages(run("lineChart(x: [1.0, .infinity], series: [1.0, 2.0], title: \"x\")"))
                == ["10:1: Fatal error: lineChart: x[1] is inf; charts need finite values"])
    }

    @Test func severalSeriesNeedNames() {
        #expect(
            messages(run("barChart(series: ([1.0], [2.0]), title: \"x\")"))
                == [
                    "10:1: Fatal error: barChart: series 0 has no name; name every series, as in (softmax: a, normalized: b)"
                ])
        let matrix: String =
            "10:1: Fatal error: barChart: series must be a [Double], a tuple of named [Double] such as (softmax: a, normalized: b), "
            + "got 'Array<Array<Double>>'"
        #expect(messages(run("barChart(series: [[1.0], [2.0]], title: \"x\")")) == [matrix])
    }
}
