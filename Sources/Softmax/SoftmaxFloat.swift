// The `[Float]` API: the same functions as for `[Double]`, with the same edge cases. Softmax has
// its own kernel (see FloatKernels.swift); the other functions share the Double kernels, rounded
// to Float once. All compute in Double lanes.
// The Float overloads are disfavoured, so untyped literals (`softmax([1, 2])`) mean Double.

/// The softmax of `x` in `Float`. Same definition and edge cases as ``softmax(_:)-([Double])``;
/// computed in two passes (each exp computed once in Double, relative to its block's maximum,
/// rounded to Float and scaled in the second pass), each element within 1.52 ulp of the exact
/// value (see the README's accuracy table).
@_disfavoredOverload
public func softmax(_ x: [Float]) -> [Float] {
    withOutput(x) { Kernels.softmax($0, $1, $2, threads: Kernels.threads(for: $2)) }
}

/// The softmax of `x / temperature` in `Float`.
///
/// - Throws: ``SoftmaxError/invalidTemperature(_:)`` when `temperature` is zero, negative or NaN.
@_disfavoredOverload
public func softmax(_ x: [Float], temperature: Float) throws -> [Float] {
    guard temperature > 0 else { throw SoftmaxError.invalidTemperature(Double(temperature)) }
    if temperature == 1 { return softmax(x) }
    return softmax(x.map { $0 / temperature })
}

/// The log-softmax of `x` in `Float`; edge cases as ``logSoftmax(_:)-([Double])``.
@_disfavoredOverload
public func logSoftmax(_ x: [Float]) -> [Float] {
    withOutput(x) { Kernels.logSoftmax($0, $1, $2, threads: Kernels.threads(for: $2)) }
}

/// `log Σ exp(x_i)` of `Float` values, rounded to `Float`; edge cases as
/// ``logSumExp(_:)-([Double])``.
@_disfavoredOverload
public func logSumExp(_ x: [Float]) -> Float {
    x.withUnsafeBufferPointer { xs in
        Float(
            xs.baseAddress.map { Kernels.logSumExp($0, xs.count, threads: Kernels.threads(for: xs.count)) }
                ?? -.infinity)
    }
}

/// `x_i / Σ x` in `Float` (the sum is compensated, in Double); all NaN when `Σ x == 0`.
@_disfavoredOverload
public func normalize(_ x: [Float]) -> [Float] {
    let s = sumOf(x)
    return x.map { s == 0 ? .nan : Float(Double($0) / s) }
}

/// The softmax Jacobian `y_i (δ_ij − y_j)` in `Float`.
@_disfavoredOverload
public func softmaxJacobian(_ x: [Float]) -> [[Float]] {
    softmaxJacobian(x.map(Double.init)).map { $0.map(Float.init) }
}

/// The Jacobian of ``normalize(_:)-([Float])``: `(δ_ij − x_i / S) / S`; all NaN when `S == 0`.
@_disfavoredOverload
public func normalizeJacobian(_ x: [Float]) -> [[Float]] {
    normalizeJacobian(x.map(Double.init)).map { $0.map(Float.init) }
}

/// The softmax vector–Jacobian product `y ⊙ (g − ⟨g, y⟩)` in `Float`.
///
/// - Throws: ``SoftmaxError/lengthMismatch(what:expected:actual:)`` when `g.count != x.count`.
@_disfavoredOverload
public func softmaxVJP(_ x: [Float], upstream g: [Float]) throws -> [Float] {
    try softmaxVJP(x.map(Double.init), upstream: g.map(Double.init)).map(Float.init)
}

/// The log-softmax vector–Jacobian product `g − softmax(x) Σ g` in `Float`.
///
/// - Throws: ``SoftmaxError/lengthMismatch(what:expected:actual:)`` when `g.count != x.count`.
@_disfavoredOverload
public func logSoftmaxVJP(_ x: [Float], upstream g: [Float]) throws -> [Float] {
    try logSoftmaxVJP(x.map(Double.init), upstream: g.map(Double.init)).map(Float.init)
}

/// Cross-entropy `−log softmax(logits)[target]` in `Float`.
///
/// - Throws: ``SoftmaxError/emptyInput(function:)`` for empty logits;
///   ``SoftmaxError/targetOutOfRange(target:count:)`` when `target` is out of range.
@_disfavoredOverload
public func crossEntropy(logits: [Float], target: Int) throws -> Float {
    Float(try crossEntropy(logits: logits.map(Double.init), target: target))
}

/// The cross-entropy gradient `softmax(logits) − onehot(target)` in `Float`.
///
/// - Throws: ``SoftmaxError/emptyInput(function:)`` for empty logits;
///   ``SoftmaxError/targetOutOfRange(target:count:)`` when `target` is out of range.
@_disfavoredOverload
public func crossEntropyGradient(logits: [Float], target: Int) throws -> [Float] {
    guard !logits.isEmpty else { throw SoftmaxError.emptyInput(function: "crossEntropyGradient") }
    guard logits.indices.contains(target) else {
        throw SoftmaxError.targetOutOfRange(target: target, count: logits.count)
    }
    var y = softmax(logits)
    y[target] -= 1
    return y
}
