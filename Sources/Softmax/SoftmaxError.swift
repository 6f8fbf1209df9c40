/// The errors the Softmax library throws for bad arguments.
///
/// Every throwing function names in its doc comment which of these it throws and when.
/// `description` is a complete sentence that a page diagnostic can show as is, for example
/// `temperature must be positive, got -1.0`.
public enum SoftmaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A temperature that is zero, negative or NaN was passed to `softmax(_:temperature:)`.
    case invalidTemperature(Double)
    /// Two arrays that must have the same length do not.
    ///
    /// `what` names the second argument (for example `"upstream gradient"`), `expected` is the
    /// length of the input vector and `actual` the length of the other argument.
    case lengthMismatch(what: String, expected: Int, actual: Int)
    /// A class index is outside `0..<count`.
    case targetOutOfRange(target: Int, count: Int)
    /// A function that needs at least one element got an empty array. `function` names it.
    case emptyInput(function: String)
    /// The function passed to `checkDerivative` returned a vector of a different length when
    /// evaluated at a perturbed point. `coordinate` is the input coordinate being perturbed.
    case outputLengthChanged(expected: Int, actual: Int, coordinate: Int)
    /// A row-major matrix's storage does not have `rows × columns` elements, or the output
    /// storage does not match the input.
    case shapeMismatch(rows: Int, columns: Int, count: Int)

    /// A one-sentence explanation of the error, suitable for a diagnostic.
    public var description: String {
        switch self {
        case .invalidTemperature(let t):
            return "temperature must be positive, got \(t)"
        case .lengthMismatch(let what, let expected, let actual):
            return "\(what) has \(actual) element\(actual == 1 ? "" : "s"), but the input has \(expected)"
        case .targetOutOfRange(let target, let count):
            if count == 0 {
                return "target \(target) is out of range: there are no classes"
            }
            return "target \(target) is out of range for \(count) class\(count == 1 ? "" : "es") (0..<\(count))"
        case .emptyInput(let function):
            return "\(function) needs at least one element, got an empty array"
        case .outputLengthChanged(let expected, let actual, let coordinate):
            return "the function returned \(actual) values when coordinate \(coordinate) was perturbed, "
                + "but \(expected) at the point itself"
        case .shapeMismatch(let rows, let columns, let count):
            return "a \(rows) × \(columns) matrix needs \(rows * columns) elements, got \(count)"
        }
    }
}
