import Diagnostics
import Evaluator

/// A stale stated value and the text that would make it true again.
public struct StatedValueFix: Sendable, Equatable {
    public var location: SourceLocation
    /// The value text as the author wrote it.
    public var old: String
    /// The computed value, written in the author's style.
    public var new: String
    /// The computed value with the page's digits, for reports.
    public var computed: String
}

extension EvaluatedPage {
    /// Every stated value on the page that disagrees with what its code computed. Values that could
    /// not be read, and derivative formulas, are not fixable: they stay diagnostics for the author.
    var statedValueFixes: [StatedValueFix] {
        let digits = page.metadata.digits
        var fixes: [StatedValueFix] = []
        func consider(_ stated: StatedValue?, _ value: Value?, digits: Int) {
            guard let stated, let value, let literal = stated.literal, literal.mismatch(with: value) != nil else {
                return
            }
            if case .derivativeCheck = value { return }
            let new =
                literal.numbers.flatMap { written in
                    value.flattenedNumbers.flatMap {
                        StatedValueRewriter.rewrite(stated.text, numbers: written, with: $0)
                    }
                } ?? NumberFormat.format(value: value, digits: digits)
            let computed = NumberFormat.format(value: value, digits: digits)
            fixes.append(StatedValueFix(location: stated.location, old: stated.text, new: new, computed: computed))
        }
        for block in blocks {
            for result in block.outcome?.results ?? [] {
                consider(result.stated, result.value, digits: block.options.digits ?? digits)
            }
        }
        for outcome in inline {
            consider(outcome.stated, outcome.value, digits: digits)
        }
        return fixes.sorted { $0.location < $1.location }
    }
}

extension Value {
    /// The numbers of a scalar, vector or matrix in reading order.
    var flattenedNumbers: [Double]? {
        if let x = asDouble { return [x] }
        if let vector = asVector { return vector }
        if let matrix = asMatrix { return matrix.flatMap { $0 } }
        return nil
    }
}
