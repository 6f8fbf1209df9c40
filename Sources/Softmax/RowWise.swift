// Row-wise forms over a contiguous row-major matrix (batch × classes) that write into
// caller-provided storage: nothing is allocated per call beyond a few scalars, so a hot loop
// that reuses its output buffer allocates nothing.

@usableFromInline
enum RowOperation {
    case softmax, logSoftmax, logSumExp
}

/// The row count of a row-major matrix of `count` elements with `columns` columns (0 for an
/// empty matrix with any `columns` ≥ 0).
///
/// - Throws: ``SoftmaxError/shapeMismatch(rows:columns:count:)`` when `columns` is negative, is
///   0 for a non-empty matrix, or does not divide `count`.
@inlinable
func matrixRows(count: Int, columns: Int) throws(SoftmaxError) -> Int {
    guard columns >= 0 else { throw .shapeMismatch(rows: 0, columns: columns, count: count) }
    if count == 0 { return 0 }
    guard columns > 0 else { throw .shapeMismatch(rows: 0, columns: columns, count: count) }
    guard count % columns == 0 else { throw .shapeMismatch(rows: count / columns + 1, columns: columns, count: count) }
    return count / columns
}

/// Runs `body(row, threadsPerRow)` for every row of a `rows × columns` matrix: rows are handed out
/// one at a time to whichever thread is free when the matrix is large, and a single long row
/// gets the threads itself.
@inlinable
func forEachRow(rows: Int, columns: Int, _ body: (Int, Int) -> Void) {
    let threadsPerRow = rows == 1 ? Kernels.threads(for: columns) : 1
    if rows > 1 && Kernels.threads(for: rows * columns) > 1 {
        Kernels.forEachPart(rows, parts: rows) { r, _, _ in body(r, threadsPerRow) }
    } else {
        for r in 0..<rows { body(r, threadsPerRow) }
    }
}

@inlinable
func rowWise<T: KernelElement>(
    _ op: RowOperation, _ x: UnsafeBufferPointer<T>, columns: Int, _ y: UnsafeMutableBufferPointer<T>
) throws {
    let rows = try matrixRows(count: x.count, columns: columns)
    if rows == 0 {
        guard y.isEmpty else { throw SoftmaxError.shapeMismatch(rows: 0, columns: columns, count: y.count) }
        return
    }
    let expected = op == .logSumExp ? rows : x.count
    guard y.count == expected else {
        throw SoftmaxError.lengthMismatch(what: "output storage", expected: expected, actual: y.count)
    }
    let xb = x.baseAddress!
    let yb = SharedPointer(y.baseAddress!)
    forEachRow(rows: rows, columns: columns) { r, threads in
        let row = xb + r * columns
        switch op {
        case .softmax: Kernels.softmax(row, yb.base + r * columns, columns, threads: threads)
        case .logSoftmax: Kernels.logSoftmax(row, yb.base + r * columns, columns, threads: threads)
        case .logSumExp: yb.base[r] = T(Kernels.logSumExp(row, columns, threads: threads))
        }
    }
}

/// Row-wise softmax of a row-major `rows × columns` matrix of `Double`, written into `y`
/// (`y` may be the same storage as `x`). Each row gets the result of ``softmax(_:)-([Double])``,
/// including its edge cases; rows are spread across cores when the matrix is large.
///
/// An empty `x` (zero rows) with an empty `y` does nothing.
///
/// - Throws: ``SoftmaxError/shapeMismatch(rows:columns:count:)`` when `columns` is not positive
///   or does not divide `x.count`; ``SoftmaxError/lengthMismatch(what:expected:actual:)`` when
///   `y.count != x.count`.
public func softmaxRows(
    _ x: UnsafeBufferPointer<Double>, columns: Int, into y: UnsafeMutableBufferPointer<Double>
) throws {
    try rowWise(.softmax, x, columns: columns, y)
}

/// Row-wise softmax of `Float` rows; see ``softmaxRows(_:columns:into:)-(UnsafeBufferPointer<Double>,_,_)``.
public func softmaxRows(
    _ x: UnsafeBufferPointer<Float>, columns: Int, into y: UnsafeMutableBufferPointer<Float>
) throws {
    try rowWise(.softmax, x, columns: columns, y)
}

/// Row-wise log-softmax of `Double` rows into `y` (same count as `x`; may be the same storage).
///
/// - Throws: as ``softmaxRows(_:columns:into:)-(UnsafeBufferPointer<Double>,_,_)``.
public func logSoftmaxRows(
    _ x: UnsafeBufferPointer<Double>, columns: Int, into y: UnsafeMutableBufferPointer<Double>
) throws {
    try rowWise(.logSoftmax, x, columns: columns, y)
}

/// Row-wise log-softmax of `Float` rows into `y`.
///
/// - Throws: as ``softmaxRows(_:columns:into:)-(UnsafeBufferPointer<Double>,_,_)``.
public func logSoftmaxRows(
    _ x: UnsafeBufferPointer<Float>, columns: Int, into y: UnsafeMutableBufferPointer<Float>
) throws {
    try rowWise(.logSoftmax, x, columns: columns, y)
}

/// `logSumExp` of every row of a `Double` matrix into `y`, which must hold one value per row.
///
/// - Throws: ``SoftmaxError/shapeMismatch(rows:columns:count:)`` for a bad shape;
///   ``SoftmaxError/lengthMismatch(what:expected:actual:)`` when `y.count` is not the row count.
public func logSumExpRows(
    _ x: UnsafeBufferPointer<Double>, columns: Int, into y: UnsafeMutableBufferPointer<Double>
) throws {
    try rowWise(.logSumExp, x, columns: columns, y)
}

/// `logSumExp` of every row of a `Float` matrix into `y` (one value per row).
///
/// - Throws: as ``logSumExpRows(_:columns:into:)-(UnsafeBufferPointer<Double>,_,_)``.
public func logSumExpRows(
    _ x: UnsafeBufferPointer<Float>, columns: Int, into y: UnsafeMutableBufferPointer<Float>
) throws {
    try rowWise(.logSumExp, x, columns: columns, y)
}

/// Row-wise softmax of `Double` rows into an existing array (its count must equal `x.count`;
/// reuse it across calls and nothing is allocated).
///
/// - Throws: as ``softmaxRows(_:columns:into:)-(UnsafeBufferPointer<Double>,_,_)``.
public func softmaxRows(_ x: [Double], columns: Int, into y: inout [Double]) throws {
    try x.withUnsafeBufferPointer { xs in
        try y.withUnsafeMutableBufferPointer { try rowWise(.softmax, xs, columns: columns, $0) }
    }
}

/// Row-wise softmax of `Float` rows into an existing array of the same count.
///
/// - Throws: as ``softmaxRows(_:columns:into:)-(UnsafeBufferPointer<Double>,_,_)``.
public func softmaxRows(_ x: [Float], columns: Int, into y: inout [Float]) throws {
    try x.withUnsafeBufferPointer { xs in
        try y.withUnsafeMutableBufferPointer { try rowWise(.softmax, xs, columns: columns, $0) }
    }
}

/// Row-wise log-softmax of `Double` rows into an existing array of the same count.
///
/// - Throws: as ``softmaxRows(_:columns:into:)-(UnsafeBufferPointer<Double>,_,_)``.
public func logSoftmaxRows(_ x: [Double], columns: Int, into y: inout [Double]) throws {
    try x.withUnsafeBufferPointer { xs in
        try y.withUnsafeMutableBufferPointer { try rowWise(.logSoftmax, xs, columns: columns, $0) }
    }
}

/// Row-wise log-softmax of `Float` rows into an existing array of the same count.
///
/// - Throws: as ``softmaxRows(_:columns:into:)-(UnsafeBufferPointer<Double>,_,_)``.
public func logSoftmaxRows(_ x: [Float], columns: Int, into y: inout [Float]) throws {
    try x.withUnsafeBufferPointer { xs in
        try y.withUnsafeMutableBufferPointer { try rowWise(.logSoftmax, xs, columns: columns, $0) }
    }
}

/// `logSumExp` of every `Double` row into an existing array with one element per row.
///
/// - Throws: as ``logSumExpRows(_:columns:into:)-(UnsafeBufferPointer<Double>,_,_)``.
public func logSumExpRows(_ x: [Double], columns: Int, into y: inout [Double]) throws {
    try x.withUnsafeBufferPointer { xs in
        try y.withUnsafeMutableBufferPointer { try rowWise(.logSumExp, xs, columns: columns, $0) }
    }
}

/// `logSumExp` of every `Float` row into an existing array with one element per row.
///
/// - Throws: as ``logSumExpRows(_:columns:into:)-(UnsafeBufferPointer<Double>,_,_)``.
public func logSumExpRows(_ x: [Float], columns: Int, into y: inout [Float]) throws {
    try x.withUnsafeBufferPointer { xs in
        try y.withUnsafeMutableBufferPointer { try rowWise(.logSumExp, xs, columns: columns, $0) }
    }
}
