import Evaluator

/// HTML for computed values: scalars as numbers, vectors and matrices as tables, with the page's digits.
enum ResultHTML {
    /// One top-level expression's value, below its block, labelled with the expression that produced it.
    static func result(_ result: ExpressionResult, digits: Int) -> String {
        let label = "<code class=\"result-expr\">\(HTML.escape(result.source))</code>"
        return "<div class=\"result\">\(label)\(value(result.value, digits: digits))</div>\n"
    }

    /// A value on its own: a table for vectors and matrices, a number otherwise.
    static func value(_ value: Value, digits: Int) -> String {
        if let columns = labelledColumns(value) {
            return columnsTable(columns, digits: digits)
        }
        if let matrix = value.asMatrix, !matrix.isEmpty {
            return matrixTable(matrix, digits: digits)
        }
        if let vector = value.asVector, !vector.isEmpty {
            return vectorTable(vector, digits: digits)
        }
        return "<output class=\"scalar\">\(HTML.escape(NumberFormat.format(value: value, digits: digits)))</output>"
    }

    /// A value inside a sentence: always text, vectors as `[a, b, c]`.
    static func inline(_ value: Value, digits: Int) -> String {
        "<span class=\"inline-value\">\(HTML.escape(NumberFormat.format(value: value, digits: digits)))</span>"
    }

    private static func number(_ x: Double, digits: Int) -> String {
        HTML.escape(NumberFormat.format(x, significantDigits: digits))
    }

    /// A vector reads left to right, with its indices as column headers.
    static func vectorTable(_ vector: [Double], digits: Int) -> String {
        var html = "<div class=\"table-scroll\"><table class=\"numbers vector\">\n<thead><tr>"
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
    static func columnsTable(_ columns: [(label: String, values: [Double])], digits: Int) -> String {
        var html = "<div class=\"table-scroll\"><table class=\"numbers columns\">\n<thead><tr><th scope=\"col\">i</th>"
        for column in columns { html += "<th scope=\"col\">\(HTML.escape(column.label))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for i in columns[0].values.indices {
            html += "<tr><th scope=\"row\">\(i)</th>"
            for column in columns { html += "<td>\(number(column.values[i], digits: digits))</td>" }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>"
        return html
    }

    /// A matrix with row indices i and column indices j, as in ∂y_i/∂z_j.
    static func matrixTable(_ matrix: [[Double]], digits: Int) -> String {
        let columns = matrix.map(\.count).max() ?? 0
        var html = "<div class=\"table-scroll\"><table class=\"numbers matrix\">\n<thead><tr><th></th>"
        for j in 0..<columns { html += "<th scope=\"col\">\(j)</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for (i, row) in matrix.enumerated() {
            html += "<tr><th scope=\"row\">\(i)</th>"
            for x in row { html += "<td>\(number(x, digits: digits))</td>" }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>"
        return html
    }
}
