import Evaluator
import Foundation
import LiteratePage
import Markdown
import Markup

/// Draws a ``Chart`` as inline SVG: axes with "nice" ticks, bars or lines, a legend when there are several
/// series, and a `<title>` and `<desc>` (the data in words) for screen readers.
///
/// The SVG scales with the page (a `viewBox`, `width="100%"`, no fixed height). Colours come from classes the
/// stylesheet maps to `--chart-1` … `--chart-6` (light and dark); presentation attributes give the light
/// colours when no stylesheet applies. Output is deterministic: coordinates are written with at most two
/// decimals and tick labels with the decimals their step needs, by ``fixed(_:decimals:)``, never by a
/// locale-dependent formatter.
enum ChartSVG {
    static let width = 640.0
    static let plotHeight = 240.0
    static let left = 64.0
    static let right = 16.0
    /// The light palette, as fallbacks for the classes `chart-s1` … `chart-s6`.
    static let fallbackColours = ["#0a58a8", "#b0341a", "#0b6e4f", "#7a3fb0", "#8a5a00", "#a0237a"]

    /// The chart as an `<svg>` element; `digits` are the significant digits of numbers in the description.
    static func svg(_ chart: Chart, digits: Int) -> String {
        let several = chart.series.count > 1
        var y = 8.0
        var body = ""
        body += text(chart.title, x: width / 2, y: y + 16, className: "chart-title", anchor: "middle")
        y += 28
        if several {
            let (legend, height) = self.legend(chart.series, top: y)
            body += legend
            y += height
        }
        let top = y + 8
        let bottom = top + plotHeight
        let plotLeft = left + (chart.yLabel == nil ? 0 : 16)
        let plotRight = width - right

        // The y axis: bars start at zero; lines span their data.
        let all = chart.series.flatMap(\.values)
        var low = all.min() ?? 0
        var high = all.max() ?? 1
        if chart.kind == .bar {
            low = min(low, 0)
            high = max(high, 0)
        }
        let yTicks = niceTicks(low, high)
        let yMin = yTicks.values.first ?? low
        let yMax = yTicks.values.last ?? high
        func yPosition(_ v: Double) -> Double { bottom - (v - yMin) / (yMax - yMin) * plotHeight }

        var grid = "<g class=\"chart-grid\" stroke=\"#d4d4da\">"
        var yLabels = "<g class=\"chart-tick\" fill=\"currentColor\" text-anchor=\"end\">"
        for tick in yTicks.values {
            let ty = yPosition(tick)
            grid += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(ty))\" x2=\"\(n(plotRight))\" y2=\"\(n(ty))\"/>"
            yLabels +=
                "<text x=\"\(n(plotLeft - 6))\" y=\"\(n(ty + 4))\">\(fixed(tick, decimals: yTicks.decimals))</text>"
        }
        grid += "</g>\n"
        yLabels += "</g>\n"

        var marks = ""
        var xLabels = "<g class=\"chart-tick\" fill=\"currentColor\" text-anchor=\"middle\">"
        let plotWidth = plotRight - plotLeft
        switch chart.kind {
        case .bar:
            let band = plotWidth / Double(chart.count)
            let groupWidth = band * 0.8
            let barWidth = groupWidth / Double(chart.series.count)
            let zero = yPosition(0)
            for (s, series) in chart.series.enumerated() {
                marks += "<g class=\"chart-series chart-s\(s % 6 + 1)\" fill=\"\(fallbackColours[s % 6])\">"
                for (i, v) in series.values.enumerated() {
                    let x = plotLeft + Double(i) * band + (band - groupWidth) / 2 + Double(s) * barWidth
                    let top = min(yPosition(v), zero)
                    let height = abs(yPosition(v) - zero)
                    marks += "<rect class=\"chart-bar\" x=\"\(n(x))\" y=\"\(n(top))\" width=\"\(n(barWidth))\" "
                    marks += "height=\"\(n(height))\"><title>"
                    marks += HTML.escape(pointName(series, label: chart.labels[i], value: v, digits: digits))
                    marks += "</title></rect>"
                }
                marks += "</g>\n"
            }
            for (i, label) in chart.labels.enumerated() {
                let x = plotLeft + (Double(i) + 0.5) * band
                xLabels += "<text x=\"\(n(x))\" y=\"\(n(bottom + 18))\">\(HTML.escape(label))</text>"
            }
        case .line:
            let xTicks = niceTicks(chart.x.min() ?? 0, chart.x.max() ?? 1)
            let xMin = xTicks.values.first ?? 0
            let xMax = xTicks.values.last ?? 1
            func xPosition(_ v: Double) -> Double { plotLeft + (v - xMin) / (xMax - xMin) * plotWidth }
            for tick in xTicks.values {
                let tx = xPosition(tick)
                grid += "<line class=\"chart-grid\" stroke=\"#d4d4da\" x1=\"\(n(tx))\" y1=\"\(n(top))\" "
                grid += "x2=\"\(n(tx))\" y2=\"\(n(bottom))\"/>\n"
                xLabels +=
                    "<text x=\"\(n(tx))\" y=\"\(n(bottom + 18))\">\(fixed(tick, decimals: xTicks.decimals))</text>"
            }
            for (s, series) in chart.series.enumerated() {
                let colour = fallbackColours[s % 6]
                marks += "<g class=\"chart-series chart-s\(s % 6 + 1)\" fill=\"\(colour)\" stroke=\"\(colour)\">"
                let points = zip(chart.x, series.values).map { "\(n(xPosition($0))),\(n(yPosition($1)))" }
                marks += "<polyline class=\"chart-line\" fill=\"none\" stroke-width=\"2\" "
                marks += "points=\"\(points.joined(separator: " "))\"/>"
                for (x, v) in zip(chart.x, series.values) {
                    marks +=
                        "<circle class=\"chart-point\" cx=\"\(n(xPosition(x)))\" cy=\"\(n(yPosition(v)))\" r=\"3\">"
                    marks += "<title>"
                    marks += HTML.escape(
                        pointName(
                            series, label: NumberFormat.format(x, significantDigits: digits), value: v,
                            digits: digits))
                    marks += "</title></circle>"
                }
                marks += "</g>\n"
            }
        }
        xLabels += "</g>\n"

        var axes = "<g class=\"chart-axis\" stroke=\"currentColor\">"
        axes += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(top))\" x2=\"\(n(plotLeft))\" y2=\"\(n(bottom))\"/>"
        let baseline = chart.kind == .bar ? yPosition(0) : bottom
        axes += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(baseline))\" x2=\"\(n(plotRight))\" y2=\"\(n(baseline))\"/>"
        axes += "</g>\n"

        var height = bottom + 28
        var labels = ""
        if let xLabel = chart.xLabel {
            labels += text(
                xLabel, x: plotLeft + plotWidth / 2, y: bottom + 40, className: "chart-axis-label",
                anchor: "middle")
            height = bottom + 50
        }
        if let yLabel = chart.yLabel {
            let cy = (top + bottom) / 2
            labels +=
                "<text class=\"chart-axis-label\" fill=\"currentColor\" text-anchor=\"middle\" "
                + "transform=\"translate(16 \(n(cy))) rotate(-90)\">\(HTML.escape(yLabel))</text>\n"
        }

        var svg = "<svg class=\"chart \(chart.kind.rawValue)-chart\" role=\"img\" width=\"100%\" "
        svg += "viewBox=\"0 0 \(n(width)) \(n(height))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<title>\(HTML.escape(chart.title))</title>\n"
        svg += "<desc>\(HTML.escape(description(chart, digits: digits)))</desc>\n"
        svg += body + grid + marks + axes + yLabels + xLabels + labels
        svg += "</svg>"
        return svg
    }

    /// The data in words, for `<desc>` and for a chart named inside a sentence: the kind, the axes, and each
    /// series' values (all of them up to 12 points, else the range with where it is reached).
    static func description(_ chart: Chart, digits: Int) -> String {
        func number(_ x: Double) -> String { NumberFormat.format(x, significantDigits: digits) }
        let points: [String] = chart.kind == .bar ? chart.labels : chart.x.map(number)
        let seriesWord = chart.series.count == 1 ? "1 series" : "\(chart.series.count) series"
        var text: String
        switch chart.kind {
        case .bar:
            text = "Bar chart, \(seriesWord) over \(chart.count) categories (\(chart.labels.joined(separator: ", ")))"
        case .line:
            let xName = chart.xLabel ?? "x"
            text =
                "Line chart, \(seriesWord) over \(chart.count) values of \(xName) from \(number(chart.x.min() ?? 0)) "
            text += "to \(number(chart.x.max() ?? 0))"
        }
        if let yLabel = chart.yLabel { text += "; y is \(yLabel)" }
        text += "."
        for series in chart.series {
            let name = series.name.isEmpty ? "Values" : series.name
            if series.values.count <= 12 {
                let pairs = zip(points, series.values).map { "\($0) → \(number($1))" }
                text += " \(name): \(pairs.joined(separator: ", "))."
            } else {
                let lowIndex = series.values.indices.min { series.values[$0] < series.values[$1] } ?? 0
                let highIndex = series.values.indices.max { series.values[$0] < series.values[$1] } ?? 0
                text += " \(name): from \(number(series.values[lowIndex])) at \(points[lowIndex]) "
                text += "to \(number(series.values[highIndex])) at \(points[highIndex])."
            }
        }
        return text
    }

    /// The tooltip of one bar or point.
    private static func pointName(_ series: Chart.Series, label: String, value: Double, digits: Int) -> String {
        let number = NumberFormat.format(value, significantDigits: digits)
        return series.name.isEmpty ? "\(label): \(number)" : "\(series.name), \(label): \(number)"
    }

    /// Swatches and names, left to right, wrapping to a new row when one is full.
    private static func legend(_ series: [Chart.Series], top: Double) -> (String, Double) {
        var html = "<g class=\"chart-legend\">"
        var x = left
        var row = 0.0
        for (s, item) in series.enumerated() {
            let estimated = 22 + Double(item.name.unicodeScalars.count) * 7.2 + 16
            if x + estimated > width - right && x > left {
                x = left
                row += 20
            }
            let y = top + row
            html += "<g class=\"chart-s\(s % 6 + 1)\" fill=\"\(fallbackColours[s % 6])\">"
            html += "<rect class=\"chart-swatch\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"14\" height=\"14\" rx=\"2\"/>"
            html += "</g>"
            html += text(item.name, x: x + 20, y: y + 11.5, className: "chart-legend-label", anchor: nil)
            x += estimated
        }
        html += "</g>\n"
        return (html, row + 22)
    }

    private static func text(_ content: String, x: Double, y: Double, className: String, anchor: String?)
        -> String
    {
        let anchorAttribute = anchor.map { " text-anchor=\"\($0)\"" } ?? ""
        return "<text class=\"\(className)\" fill=\"currentColor\" x=\"\(n(x))\" y=\"\(n(y))\"\(anchorAttribute)>"
            + "\(HTML.escape(content))</text>\n"
    }

    // MARK: Numbers

    /// Tick values at a "nice" step (1, 2 or 5 times a power of ten) covering `low...high`, about five of
    /// them, and the decimals their labels need.
    static func niceTicks(_ low: Double, _ high: Double, target: Int = 5) -> (values: [Double], decimals: Int) {
        var low = low
        var high = high
        if high == low {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let step = niceStep((high - low) / Double(target))
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        let exponent = Int((log10(step)).rounded(.down))
        let decimals = max(0, -exponent)
        let values = stride(from: first, through: last, by: 1).map { k -> Double in
            let value = k * step
            return value == 0 ? 0 : value  // no -0
        }
        return (values, decimals)
    }

    /// The smallest of 1, 2, 5 × 10^k that is at least `rough`.
    static func niceStep(_ rough: Double) -> Double {
        let power = pow(10, (log10(rough)).rounded(.down))
        for multiple in [1.0, 2, 5, 10] where multiple * power >= rough * (1 - 1e-9) {
            return multiple * power
        }
        return 10 * power
    }

    /// A coordinate: at most two decimals, trailing zeros dropped.
    static func n(_ x: Double) -> String {
        var text = fixed(x, decimals: 2)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// `x` with exactly `decimals` decimals, by integer arithmetic (no locale, no `printf`); numbers too large
    /// for that fall back to the page's number format.
    static func fixed(_ x: Double, decimals: Int) -> String {
        let scale = pow(10, Double(decimals))
        let scaled = (x * scale).rounded()
        guard decimals <= 15, scaled.magnitude < 9e15 else { return NumberFormat.format(x, significantDigits: 6) }
        let integer = Int(scaled)
        let negative = integer < 0
        var digits = String(integer.magnitude)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (negative ? "-" : "") + digits
    }
}
