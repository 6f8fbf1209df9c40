import Evaluator
import Markdown
import Markup

/// HTML for computed values: scalars as numbers, vectors and matrices as tables, with the page's digits.
///
/// Tables have column headers (indices, or a tuple's labels) and row headers, and numbers that stack in a
/// column line up on their decimal point: each is right-aligned and padded after its last digit, with
/// hidden zeros, to the longest fraction of its column (see ``alignedNumbers(_:)``).
enum ResultHTML {
    /// One top-level expression's value, below its block, labelled with the expression that produced it;
    /// `caption` (already HTML) becomes the table's `<caption>` when the value is a table.
    static func result(_ result: ExpressionResult, digits: Int, caption: String? = nil) -> String {
        let label = "<code class=\"result-expr\">\(HTML.escape(result.source))</code>"
        return "<div class=\"result\">\(label)\(value(result.value, digits: digits, caption: caption))</div>\n"
    }

    /// The opening tag of a box that scrolls sideways when its content is wider than the page (a phone):
    /// focusable and named, so that a keyboard can scroll it too (WCAG 2.1.1).
    static func scrollRegion(_ className: String, _ label: String) -> String {
        "<div class=\"\(className)\" tabindex=\"0\" role=\"region\" aria-label=\"\(HTML.escape(label))\">"
    }

    /// Whether ``value(_:digits:caption:)`` renders this value as a table.
    static func isTable(_ value: Value) -> Bool {
        labelledColumns(value) != nil || !(value.asMatrix ?? []).isEmpty || !(value.asVector ?? []).isEmpty
    }

    /// A value on its own: a table for vectors and matrices, a number otherwise.
    static func value(_ value: Value, digits: Int, caption: String? = nil) -> String {
        if case .chart(let chart) = value {
            return scrollRegion("chart-frame", "Chart: \(chart.title)") + ChartSVG.svg(chart, digits: digits) + "</div>"
        }
        let caption = caption.map { "<caption>\($0)</caption>\n" } ?? ""
        if let columns = labelledColumns(value) {
            return columnsTable(columns, digits: digits, caption: caption)
        }
        if let matrix = value.asMatrix, !matrix.isEmpty {
            return matrixTable(matrix, digits: digits, caption: caption)
        }
        if let vector = value.asVector, !vector.isEmpty {
            return vectorTable(vector, digits: digits, caption: caption)
        }
        return "<output class=\"scalar\">\(HTML.escape(NumberFormat.format(value: value, digits: digits)))</output>"
    }

    /// A value inside a sentence: always text, vectors as `[a, b, c]`, a chart as its title and its data in
    /// words (the chart itself belongs in a block).
    static func inline(_ value: Value, digits: Int) -> String {
        if case .chart(let chart) = value {
            let text = "\(chart.title) (\(ChartSVG.description(chart, digits: digits)))"
            return "<span class=\"inline-value inline-chart\">\(HTML.escape(text))</span>"
        }
        return "<span class=\"inline-value\">\(HTML.escape(NumberFormat.format(value: value, digits: digits)))</span>"
    }

    private static func number(_ x: Double, digits: Int) -> String {
        HTML.escape(NumberFormat.format(x, significantDigits: digits))
    }

    /// One column's numbers as cell contents that line up on the decimal point when right-aligned in a
    /// monospaced, tabular-figure font: each number is followed by hidden zeros (`span.pad`, invisible,
    /// unselectable and hidden from screen readers) up to the column's longest fraction. A number without
    /// a point (`nan`, `inf`) is padded for the point as well. The number itself comes first, unbroken.
    static func alignedNumbers(_ numbers: [String]) -> [String] {
        func fractionLength(_ text: String) -> Int {
            guard let point = text.firstIndex(of: ".") else { return 0 }
            return text.distance(from: point, to: text.endIndex)
        }
        let widest = numbers.map(fractionLength).max() ?? 0
        return numbers.map { text in
            let missing = widest - fractionLength(text)
            guard missing > 0 else { return HTML.escape(text) }
            let pad = (fractionLength(text) == 0 ? "." : "") + String(repeating: "0", count: missing)
            return HTML.escape(text) + "<span class=\"pad\" aria-hidden=\"true\">\(pad.prefix(missing))</span>"
        }
    }

    /// A vector reads left to right, with its indices as column headers.
    static func vectorTable(_ vector: [Double], digits: Int, caption: String = "") -> String {
        var html = scrollRegion("table-scroll", "Vector") + "<table class=\"numbers vector\">\n\(caption)<thead><tr>"
        for i in vector.indices { html += "<th scope=\"col\">\(i)</th>" }
        html += "</tr></thead>\n<tbody><tr>"
        for x in vector { html += "<td>\(number(x, digits: digits))</td>" }
        html += "</tr></tbody>\n</table></div>"
        return html
    }

    /// A tuple of equally long vectors, such as `(logit: z, softmax: softmax(z))`, read as table columns
    /// headed by the tuple's labels.
    static func labelledColumns(_ value: Value) -> [(label: String, values: [Double])]? {
        guard case .tuple(let elements) = value, !elements.isEmpty else { return nil }
        var columns: [(label: String, values: [Double])] = []
        for (index, element) in elements.enumerated() {
            guard let vector = element.value.asVector else { return nil }
            if let first = columns.first, first.values.count != vector.count { return nil }
            columns.append((element.label ?? String(index), vector))
        }
        return columns
    }

    /// Columns side by side, one row per index i.
    static func columnsTable(_ columns: [(label: String, values: [Double])], digits: Int, caption: String = "")
        -> String
    {
        var html = scrollRegion("table-scroll", "Table") + "<table class=\"numbers columns\">\n\(caption)"
        html += "<thead><tr><th scope=\"col\">i</th>"
        for column in columns { html += "<th scope=\"col\">\(HTML.escape(column.label))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        let cells = columns.map { column in
            alignedNumbers(column.values.map { NumberFormat.format($0, significantDigits: digits) })
        }
        for i in columns[0].values.indices {
            html += "<tr><th scope=\"row\">\(i)</th>"
            for column in cells { html += "<td>\(column[i])</td>" }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>"
        return html
    }

    /// A matrix with row indices i and column indices j, as in ∂y_i/∂z_j.
    static func matrixTable(_ matrix: [[Double]], digits: Int, caption: String = "") -> String {
        let columns = matrix.map(\.count).max() ?? 0
        var html = scrollRegion("table-scroll", "Matrix") + "<table class=\"numbers matrix\">\n\(caption)"
        html += "<thead><tr><td></td>"
        for j in 0..<columns { html += "<th scope=\"col\">\(j)</th>" }
        html += "</tr></thead>\n<tbody>\n"
        let cells = (0..<columns).map { j in
            alignedNumbers(matrix.map { j < $0.count ? NumberFormat.format($0[j], significantDigits: digits) : "" })
        }
        for (i, row) in matrix.enumerated() {
            html += "<tr><th scope=\"row\">\(i)</th>"
            for j in row.indices { html += "<td>\(cells[j][i])</td>" }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>"
        return html
    }
}
