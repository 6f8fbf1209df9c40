// What a checked equation (a ```math block with `%| check:`) runs in the page program: every side of every
// `=`, at every index tuple, with the error estimate of the numerical derivatives it took. literate judges the
// values afterwards, where it knows each side's position in the Markdown file.

/// The values of a checked equation's sides: one row per side, holding for each index tuple (the first index
/// varying slowest, each from `base` to `base + count - 1`) the side's value and then the summed error estimate
/// of the derivatives it took (0 without derivatives). `indices` is how many index variables there are; each
/// side receives their values, in order. More than ``_literateMaximumIndexTuples`` tuples: empty rows.
public func _literateCheckEquation(
    count: Int, base: Int, indices: Int, _ sides: [([Int]) -> Double]
) -> [[Double]] {
    guard _literateIndexTupleCount(count: count, indices: indices) <= _literateMaximumIndexTuples else {
        return sides.map { _ in [] }
    }
    let tuples = _literateIndexTuples(count: count, base: base, indices: indices)
    return sides.map { side in
        var row: [Double] = []
        row.reserveCapacity(tuples.count * 2)
        for tuple in tuples {
            _LiterateDerivativeError.accumulated = 0
            let value = side(tuple)
            row.append(value)
            row.append(_LiterateDerivativeError.accumulated)
        }
        return row
    }
}

/// The most index tuples a checked equation is evaluated at (a vector of 300 with two indices is 90 000).
public let _literateMaximumIndexTuples = 100_000

/// `count` to the power `indices`, or `Int.max` when that overflows.
public func _literateIndexTupleCount(count: Int, indices: Int) -> Int {
    var total = 1
    for _ in 0..<max(indices, 0) {
        let (product, overflow) = total.multipliedReportingOverflow(by: max(count, 0))
        if overflow { return Int.max }
        total = product
    }
    return total
}

/// Every tuple of `indices` indices, each from `base` to `base + count - 1`, the first varying slowest (one
/// empty tuple when `indices` is 0, none when `count` is not positive).
public func _literateIndexTuples(count: Int, base: Int, indices: Int) -> [[Int]] {
    var tuples: [[Int]] = [[]]
    for _ in 0..<max(indices, 0) {
        tuples = tuples.flatMap { tuple in (0..<max(count, 0)).map { tuple + [base + $0] } }
    }
    return tuples
}

extension Array where Element == Double {
    /// The element at `index`, or NaN outside the array: a checked equation whose index runs past the end (a sum
    /// bound off by one) is a disagreement at its own step, not a crash of the page.
    public func _literateAt(_ index: Int) -> Double {
        indices.contains(index) ? self[index] : .nan
    }
}

extension Array where Element == [Double] {
    /// The row at `index`, or an empty row (whose every element is NaN) outside the matrix.
    public func _literateAt(_ index: Int) -> [Double] {
        indices.contains(index) ? self[index] : []
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C library's functions checked equations use, for page programs that do not import Foundation (the
/// generated code binds `exp`, `log`, `sqrt` and `pow` to these locally).
public enum _LiterateMath {
    public static func exp(_ x: Double) -> Double { cExp(x) }
    public static func log(_ x: Double) -> Double { cLog(x) }
    public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
    public static func pow(_ x: Double, _ y: Double) -> Double { cPow(x, y) }
}

private func cExp(_ x: Double) -> Double { exp(x) }
private func cLog(_ x: Double) -> Double { log(x) }
private func cPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }

/// The numbers of a bound value whose kind the equation does not show (a symbol only other bindings use), for the
/// note of what it was checked at.
public func _literateValues(_ x: Double) -> [Double] { [x] }
public func _literateValues(_ x: Int) -> [Double] { [Double(x)] }
public func _literateValues(_ x: [Double]) -> [Double] { x }
public func _literateValues<T>(_ x: T) -> [Double] { [] }
