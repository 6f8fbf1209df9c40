// Row-wise cross-entropy, its gradient and the softmax backward passes over a batch (a row-major
// rows × classes matrix), writing into caller-provided storage: a training loop's forms of
// crossEntropy, crossEntropyGradient, softmaxVJP and logSoftmaxVJP. Every argument is checked
// before anything is written, so a thrown error leaves the output as it was.

/// Checks that `count` elements of logits and `targets` make a batch of `columns` classes with
/// one valid class per row; returns the row count.
@inlinable
func checkedTargets(count: Int, columns: Int, targets: UnsafeBufferPointer<Int>) throws -> Int {
    let rows = try matrixRows(count: count, columns: columns)
    guard targets.count == rows else {
        throw SoftmaxError.lengthMismatch(what: "targets", expected: rows, actual: targets.count)
    }
    for target in targets where !(0..<columns).contains(target) {
        throw SoftmaxError.targetOutOfRange(target: target, count: columns)
    }
    return rows
}

@inlinable
func checkedLength(_ what: String, _ count: Int, expected: Int) throws {
    guard count == expected else { throw SoftmaxError.lengthMismatch(what: what, expected: expected, actual: count) }
}

@inlinable
func crossEntropyRows<T: KernelElement>(
    _ logits: UnsafeBufferPointer<T>, columns: Int, targets: UnsafeBufferPointer<Int>,
    _ losses: UnsafeMutableBufferPointer<T>
) throws {
    let rows = try checkedTargets(count: logits.count, columns: columns, targets: targets)
    try checkedLength("output storage", losses.count, expected: rows)
    guard rows > 0 else { return }
    let x = logits.baseAddress!
    let out = SharedPointer(losses.baseAddress!)
    let t = targets.baseAddress!
    forEachRow(rows: rows, columns: columns) { r, threads in
        out.base[r] = T(-Kernels.logSoftmax(x + r * columns, columns, at: t[r], threads: threads))
    }
}

@inlinable
func crossEntropyGradientRows<T: KernelElement>(
    _ logits: UnsafeBufferPointer<T>, columns: Int, targets: UnsafeBufferPointer<Int>,
    _ gradient: UnsafeMutableBufferPointer<T>
) throws {
    let rows = try checkedTargets(count: logits.count, columns: columns, targets: targets)
    try checkedLength("output storage", gradient.count, expected: logits.count)
    guard rows > 0 else { return }
    let x = logits.baseAddress!
    let out = SharedPointer(gradient.baseAddress!)
    let t = targets.baseAddress!
    forEachRow(rows: rows, columns: columns) { r, threads in
        let row = out.base + r * columns
        Kernels.softmax(x + r * columns, row, columns, threads: threads)
        row[t[r]] -= 1
    }
}

/// The two backward passes: softmax's y ⊙ (g − ⟨g, y⟩) and log-softmax's g − y · Σg.
@usableFromInline
enum BackwardPass { case softmax, logSoftmax }

@inlinable
func vjpRows<T: KernelElement>(
    _ pass: BackwardPass, _ x: UnsafeBufferPointer<T>, upstream g: UnsafeBufferPointer<T>, columns: Int,
    _ result: UnsafeMutableBufferPointer<T>
) throws {
    let rows = try matrixRows(count: x.count, columns: columns)
    try checkedLength("upstream gradient", g.count, expected: x.count)
    try checkedLength("output storage", result.count, expected: x.count)
    guard rows > 0 else { return }
    let xb = x.baseAddress!
    let gb = g.baseAddress!
    let out = SharedPointer(result.baseAddress!)
    forEachRow(rows: rows, columns: columns) { r, threads in
        let gRow = gb + r * columns
        let y = out.base + r * columns
        let total = pass == .logSoftmax ? Kernels.sum(gRow, columns) : 0
        Kernels.softmax(xb + r * columns, y, columns, threads: threads)
        switch pass {
        case .softmax:
            let dot = Kernels.dot(gRow, UnsafePointer(y), columns)
            for i in 0..<columns { y[i] = T(y[i].asDouble * (gRow[i].asDouble - dot)) }
        case .logSoftmax:
            for i in 0..<columns { y[i] = T(gRow[i].asDouble - y[i].asDouble * total) }
        }
    }
}

/// Cross-entropy of every row of a row-major `rows × columns` matrix of `Double` logits against
/// its class in `targets`, written into `losses` (one per row): row r gets
/// ``crossEntropy(logits:target:)-([Double],_)`` of that row and `targets[r]`, with its edge
/// cases. The batch loss is their sum or mean, as the caller prefers.
///
/// An empty matrix with no targets and no losses does nothing. Arguments are checked before
/// anything is written.
///
/// - Throws: ``SoftmaxError/shapeMismatch(rows:columns:count:)`` for a bad shape;
///   ``SoftmaxError/lengthMismatch(what:expected:actual:)`` when `targets` or `losses` does not
///   have one element per row; ``SoftmaxError/targetOutOfRange(target:count:)`` when a target is
///   not in `0..<columns`.
public func crossEntropyRows(
    logits: UnsafeBufferPointer<Double>, columns: Int, targets: UnsafeBufferPointer<Int>,
    into losses: UnsafeMutableBufferPointer<Double>
) throws {
    try crossEntropyRows(logits, columns: columns, targets: targets, losses)
}

/// Cross-entropy of every row of `Float` logits; see
/// ``crossEntropyRows(logits:columns:targets:into:)-(UnsafeBufferPointer<Double>,_,_,_)``.
public func crossEntropyRows(
    logits: UnsafeBufferPointer<Float>, columns: Int, targets: UnsafeBufferPointer<Int>,
    into losses: UnsafeMutableBufferPointer<Float>
) throws {
    try crossEntropyRows(logits, columns: columns, targets: targets, losses)
}

/// The gradient of every row's cross-entropy with respect to its logits, `softmax − onehot`,
/// written into `gradient` (same count as `logits`; may be the same storage): row r gets
/// ``crossEntropyGradient(logits:target:)-([Double],_)`` of that row and `targets[r]`.
///
/// - Throws: as ``crossEntropyRows(logits:columns:targets:into:)-(UnsafeBufferPointer<Double>,_,_,_)``,
///   with `gradient.count` checked against `logits.count`.
public func crossEntropyGradientRows(
    logits: UnsafeBufferPointer<Double>, columns: Int, targets: UnsafeBufferPointer<Int>,
    into gradient: UnsafeMutableBufferPointer<Double>
) throws {
    try crossEntropyGradientRows(logits, columns: columns, targets: targets, gradient)
}

/// The cross-entropy gradient of every row of `Float` logits; see
/// ``crossEntropyGradientRows(logits:columns:targets:into:)-(UnsafeBufferPointer<Double>,_,_,_)``.
public func crossEntropyGradientRows(
    logits: UnsafeBufferPointer<Float>, columns: Int, targets: UnsafeBufferPointer<Int>,
    into gradient: UnsafeMutableBufferPointer<Float>
) throws {
    try crossEntropyGradientRows(logits, columns: columns, targets: targets, gradient)
}

/// The softmax backward pass for every row: row r of `result` gets
/// ``softmaxVJP(_:upstream:)-([Double],_)`` of row r of `x` and of `g`. `result` may be the
/// storage of `x`, not that of `g`.
///
/// - Throws: ``SoftmaxError/shapeMismatch(rows:columns:count:)`` for a bad shape;
///   ``SoftmaxError/lengthMismatch(what:expected:actual:)`` when `g` or `result` does not have
///   `x.count` elements.
public func softmaxVJPRows(
    _ x: UnsafeBufferPointer<Double>, upstream g: UnsafeBufferPointer<Double>, columns: Int,
    into result: UnsafeMutableBufferPointer<Double>
) throws {
    try vjpRows(.softmax, x, upstream: g, columns: columns, result)
}

/// The softmax backward pass for every row of a `Float` matrix; see
/// ``softmaxVJPRows(_:upstream:columns:into:)-(UnsafeBufferPointer<Double>,_,_,_)``.
public func softmaxVJPRows(
    _ x: UnsafeBufferPointer<Float>, upstream g: UnsafeBufferPointer<Float>, columns: Int,
    into result: UnsafeMutableBufferPointer<Float>
) throws {
    try vjpRows(.softmax, x, upstream: g, columns: columns, result)
}

/// The log-softmax backward pass for every row: row r of `result` gets
/// ``logSoftmaxVJP(_:upstream:)-([Double],_)`` of row r of `x` and of `g`. `result` may be the
/// storage of `x`, not that of `g`.
///
/// - Throws: as ``softmaxVJPRows(_:upstream:columns:into:)-(UnsafeBufferPointer<Double>,_,_,_)``.
public func logSoftmaxVJPRows(
    _ x: UnsafeBufferPointer<Double>, upstream g: UnsafeBufferPointer<Double>, columns: Int,
    into result: UnsafeMutableBufferPointer<Double>
) throws {
    try vjpRows(.logSoftmax, x, upstream: g, columns: columns, result)
}

/// The log-softmax backward pass for every row of a `Float` matrix; see
/// ``logSoftmaxVJPRows(_:upstream:columns:into:)-(UnsafeBufferPointer<Double>,_,_,_)``.
public func logSoftmaxVJPRows(
    _ x: UnsafeBufferPointer<Float>, upstream g: UnsafeBufferPointer<Float>, columns: Int,
    into result: UnsafeMutableBufferPointer<Float>
) throws {
    try vjpRows(.logSoftmax, x, upstream: g, columns: columns, result)
}

// The same on arrays: reuse the output array across calls and nothing is allocated.

/// `body` on the buffers of two input arrays and an output array.
@inlinable
func withBuffers<T, U>(
    _ a: [T], _ b: [U], _ out: inout [T],
    _ body: (UnsafeBufferPointer<T>, UnsafeBufferPointer<U>, UnsafeMutableBufferPointer<T>) throws -> Void
) throws {
    try a.withUnsafeBufferPointer { a in
        try b.withUnsafeBufferPointer { b in try out.withUnsafeMutableBufferPointer { try body(a, b, $0) } }
    }
}

/// Cross-entropy of every row of `Double` logits into an existing array with one element per
/// row.
///
/// - Throws: as ``crossEntropyRows(logits:columns:targets:into:)-(UnsafeBufferPointer<Double>,_,_,_)``.
public func crossEntropyRows(logits: [Double], columns: Int, targets: [Int], into losses: inout [Double]) throws {
    try withBuffers(logits, targets, &losses) { try crossEntropyRows($0, columns: columns, targets: $1, $2) }
}

/// Cross-entropy of every row of `Float` logits into an existing array with one element per row.
///
/// - Throws: as ``crossEntropyRows(logits:columns:targets:into:)-(UnsafeBufferPointer<Double>,_,_,_)``.
public func crossEntropyRows(logits: [Float], columns: Int, targets: [Int], into losses: inout [Float]) throws {
    try withBuffers(logits, targets, &losses) { try crossEntropyRows($0, columns: columns, targets: $1, $2) }
}

/// The cross-entropy gradient of every row of `Double` logits into an existing array of the
/// same count.
///
/// - Throws: as ``crossEntropyGradientRows(logits:columns:targets:into:)-(UnsafeBufferPointer<Double>,_,_,_)``.
public func crossEntropyGradientRows(
    logits: [Double], columns: Int, targets: [Int], into gradient: inout [Double]
) throws {
    try withBuffers(logits, targets, &gradient) { try crossEntropyGradientRows($0, columns: columns, targets: $1, $2) }
}

/// The cross-entropy gradient of every row of `Float` logits into an existing array of the same
/// count.
///
/// - Throws: as ``crossEntropyGradientRows(logits:columns:targets:into:)-(UnsafeBufferPointer<Double>,_,_,_)``.
public func crossEntropyGradientRows(
    logits: [Float], columns: Int, targets: [Int], into gradient: inout [Float]
) throws {
    try withBuffers(logits, targets, &gradient) { try crossEntropyGradientRows($0, columns: columns, targets: $1, $2) }
}

/// The softmax backward pass for every `Double` row into an existing array of the same count.
///
/// - Throws: as ``softmaxVJPRows(_:upstream:columns:into:)-(UnsafeBufferPointer<Double>,_,_,_)``.
public func softmaxVJPRows(_ x: [Double], upstream g: [Double], columns: Int, into result: inout [Double]) throws {
    try withBuffers(x, g, &result) { try vjpRows(.softmax, $0, upstream: $1, columns: columns, $2) }
}

/// The softmax backward pass for every `Float` row into an existing array of the same count.
///
/// - Throws: as ``softmaxVJPRows(_:upstream:columns:into:)-(UnsafeBufferPointer<Double>,_,_,_)``.
public func softmaxVJPRows(_ x: [Float], upstream g: [Float], columns: Int, into result: inout [Float]) throws {
    try withBuffers(x, g, &result) { try vjpRows(.softmax, $0, upstream: $1, columns: columns, $2) }
}

/// The log-softmax backward pass for every `Double` row into an existing array of the same count.
///
/// - Throws: as ``softmaxVJPRows(_:upstream:columns:into:)-(UnsafeBufferPointer<Double>,_,_,_)``.
public func logSoftmaxVJPRows(_ x: [Double], upstream g: [Double], columns: Int, into result: inout [Double]) throws {
    try withBuffers(x, g, &result) { try vjpRows(.logSoftmax, $0, upstream: $1, columns: columns, $2) }
}

/// The log-softmax backward pass for every `Float` row into an existing array of the same count.
///
/// - Throws: as ``softmaxVJPRows(_:upstream:columns:into:)-(UnsafeBufferPointer<Double>,_,_,_)``.
public func logSoftmaxVJPRows(_ x: [Float], upstream g: [Float], columns: Int, into result: inout [Float]) throws {
    try withBuffers(x, g, &result) { try vjpRows(.logSoftmax, $0, upstream: $1, columns: columns, $2) }
}
