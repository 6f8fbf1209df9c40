import Diagnostics
import Evaluator
import Foundation
import LiteratePage
import Markdown
import MathML

/// Judging a checked equation: the program's values of every side compared step by step, within the
/// tolerance, and the note shown under the equation.
extension CheckedEquation {
    /// What checking found, for the page and for the note under the equation.
    struct Judgement: Sendable {
        var diagnostics: [Diagnostic] = []
        /// The note's text, e.g. "checked at z = [2, 5, 1], all i, j"; nil when it was not checked.
        var note: String?
        /// For a note of agreement: where ("z = [2, 5, 1]") and over what (", all i, j").
        var agreement: (at: String, scope: String)?

        /// The note of an equation checked at several points: "checked at z = [2, 5, 1] and at z = [0.3, …],
        /// all i, j"; nil when any point has none.
        static func note(of judgements: [Judgement]) -> String? {
            let notes = judgements.compactMap(\.note)
            guard notes.count == judgements.count, !notes.isEmpty else { return nil }
            let agreements = judgements.compactMap(\.agreement)
            guard agreements.count == judgements.count, judgements.count > 1 else {
                return notes.joined(separator: "; ")
            }
            return "checked at " + agreements.map(\.at).joined(separator: " and at ") + agreements[0].scope
        }
    }

    /// Judges the program's value for this equation: a row holding n, rows of side values and error estimates,
    /// then the shown bindings' values. `nil`: the program did not get there (the reason is reported already).
    func judge(_ value: Value?, digits: Int) -> Judgement {
        guard isChecked, !sides.isEmpty, let matrix = Self.rows(of: value),
            matrix.count == 1 + sides.count + shown.count,
            let count = matrix[0].first, count.isFinite, abs(count) < 1e6
        else {
            return Judgement()
        }
        let rows = Array(matrix.dropFirst())
        let total = _literateIndexTupleCount(count: Int(count), indices: indices.count)
        guard total <= _literateMaximumIndexTuples else {
            let size = total == Int.max ? "too many" : "\(total)"
            return Judgement(diagnostics: [
                .error(
                    at: checkLocation ?? block.location,
                    .tooManyIndexValues(size, n: Int(count), indices: indices.count))
            ])
        }
        let tuples = Self.tuples(count: Int(count), base: base, indices: indices.count)
        let judged = tuples.indices.filter { included(tuples[$0]) }
        guard rows.prefix(sides.count).allSatisfy({ $0.count == tuples.count * 2 }) else { return Judgement() }
        var judgement = Judgement()
        var worst: (left: Int, right: Int, tuple: Int, difference: Double)?
        var disagreements = 0
        for equation in Set(sides.map(\.equation)).sorted() {
            let members = sides.indices.filter { sides[$0].equation == equation }
            // Relative to the largest value of the equation; absolute when all of them are 0 up to rounding.
            var scale = 0.0
            for member in members {
                for tuple in judged where rows[member][2 * tuple].isFinite {
                    scale = max(scale, abs(rows[member][2 * tuple]))
                }
            }
            if scale < Self.zeroScale { scale = 1 }
            // Each side is compared with the last side before it that agreed with its own predecessor, so one
            // wrong step is one error, not also one at the correct step after it.
            var reference = members[0]
            for right in members.dropFirst() {
                let left = reference
                var failures: [Int] = []
                for tuple in judged {
                    let a = rows[left][2 * tuple]
                    let b = rows[right][2 * tuple]
                    // The derivatives' error estimates widen the tolerance, by at most 1e-6 of the scale: an
                    // estimate larger than that means the derivative is not to be trusted, not that anything goes.
                    let slack = 4 * (rows[left][2 * tuple + 1] + rows[right][2 * tuple + 1])
                    let allowed = tolerance * scale + min(slack, Self.maximumDerivativeSlack * scale)
                    let difference = abs(a - b)
                    guard !(difference <= allowed) else { continue }
                    failures.append(tuple)
                    let size = difference.isNaN ? Double.infinity : difference
                    if worst == nil || size > worst!.difference { worst = (left, right, tuple, size) }
                }
                disagreements += failures.count
                if failures.isEmpty { reference = right }
                guard let first = failures.first, !expectDisagree else { continue }
                let a = rows[left][2 * first]
                let b = rows[right][2 * first]
                let line = sides[left].location.line
                let other = line == sides[right].location.line ? "the side before it" : "the side at line \(line)"
                let finite = a.isFinite && b.isFinite
                let message = Diagnostic.Message.stepDisagrees(
                    with: other, at: describe(tuples[first]), here: format(b, digits), there: format(a, digits),
                    difference: finite ? format(abs(a - b), digits: 3) : nil, tolerance: format(tolerance, digits: 2),
                    more: failures.count - 1)
                judgement.diagnostics.append(.error(at: sides[right].location, message))
            }
        }
        let at = checkedAt(rows.suffix(shown.count), digits: digits)
        if expectDisagree {
            guard let worst else {
                judgement.diagnostics.append(
                    .error(at: checkLocation ?? block.location, .expectedDisagreementAgrees(at: at)))
                return judgement
            }
            let (left, right) = (worst.left, worst.right)
            let a = rows[left][2 * worst.tuple]
            let b = rows[right][2 * worst.tuple]
            judgement.note =
                "disagrees, as expected\(at.isEmpty ? "" : ", at " + at): at \(describe(tuples[worst.tuple], bare: true)) the sides are \(format(a, digits)) and \(format(b, digits)), off by \(format(abs(a - b), digits))"
            if indices.isEmpty {
                judgement.note =
                    "disagrees, as expected\(at.isEmpty ? "" : ", at " + at): the sides are \(format(a, digits)) and \(format(b, digits)), off by \(format(abs(a - b), digits))"
            }
            return judgement
        }
        if disagreements == 0 {
            var all = indices.isEmpty ? "" : ", all \(indices.joined(separator: ", "))"
            if let condition {
                all += " with \(condition.first) \(condition.equal ? "=" : "≠") \(condition.second)"
            }
            judgement.note = "checked" + (at.isEmpty ? "" : " at " + at) + all
            judgement.agreement = (at, all)
        }
        return judgement
    }

    /// `z = [2, 5, 1], T = 2`: the shown bindings at their values.
    private func checkedAt(_ rows: ArraySlice<[Double]>, digits: Int) -> String {
        zip(shown, rows).map { entry, values in
            // Whole numbers as an author writes them: [2, 5, 1], not [2.0, 5.0, 1.0].
            let text = values.map { value in
                let text = format(value, digits)
                return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
            }
            if entry.scalar || entry.unused, text.count == 1 { return "\(entry.name) = \(text[0])" }
            return "\(entry.name) = [\(text.joined(separator: ", "))]"
        }.joined(separator: ", ")
    }

    /// Whether the `where:` condition holds for `tuple`.
    func included(_ tuple: [Int]) -> Bool {
        guard let condition, let a = indices.firstIndex(of: condition.first),
            let b = indices.firstIndex(of: condition.second), a < tuple.count, b < tuple.count
        else { return true }
        return (tuple[a] == tuple[b]) == condition.equal
    }

    /// An array of arrays of numbers, rows of any length.
    static func rows(of value: Value?) -> [[Double]]? {
        guard case .array(let rows)? = value else { return nil }
        var result: [[Double]] = []
        for row in rows {
            guard case .array = row, let vector = row.asVector else { return nil }
            result.append(vector)
        }
        return result
    }

    /// The index values of every tuple, in the program's order (as the page library's `_literateIndexTuples`).
    static func tuples(count: Int, base: Int, indices: Int) -> [[Int]] {
        var tuples: [[Int]] = [[]]
        for _ in 0..<indices {
            tuples = tuples.flatMap { tuple in (0..<max(count, 0)).map { tuple + [base + $0] } }
        }
        return tuples
    }

    private func describe(_ tuple: [Int], bare: Bool = false) -> String {
        guard !tuple.isEmpty else { return "" }
        let text = zip(indices, tuple).map { "\($0) = \($1)" }.joined(separator: ", ")
        return bare ? text : " at " + text
    }

    private func format(_ value: Double, _ digits: Int) -> String {
        format(value, digits: max(digits, 4))
    }

    private func format(_ value: Double, digits: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-∞" : "∞" }
        return NumberFormat.format(value, significantDigits: digits)
    }
}

extension Diagnostic.Message {
    static func tooManyIndexValues(_ size: String, n: Int, indices: Int) -> Self {
        Self(
            "the equation would be evaluated at \(size) index values (n = \(n), \(indices) indices), more than "
                + "\(_literateMaximumIndexTuples): bind shorter vectors")
    }
    /// `difference` is nil when a side is not a finite number.
    static func stepDisagrees(
        with other: String, at place: String, here: String, there: String, difference: String?, tolerance: String,
        more: Int
    ) -> Self {
        var text = "this step disagrees with \(other)\(place): \(here) here, \(there) there"
        if let difference {
            text += " (they differ by \(difference)); tolerance \(tolerance) relative)"
        } else {
            text += " (not a number: an index out of range, or a division by zero)"
        }
        if more > 0 { text += "; it disagrees at \(more) more index values" }
        return Self(text)
    }
    static func expectedDisagreementAgrees(at point: String) -> Self {
        "this equation is expected to disagree ('expect: disagree'), but every step agrees\(point.isEmpty ? "" : " at " + point)"
    }
}
