// The `[Double]` API: the functions pages call.

@inline(__always)
func withOutput<T: KernelElement>(
    _ x: [T], _ body: (UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void
) -> [T] {
    x.withUnsafeBufferPointer { xs in
        [T](unsafeUninitializedCapacity: xs.count) { out, n in
            out.initialize(repeating: 0)
            if let xb = xs.baseAddress, let ob = out.baseAddress { body(xb, ob, xs.count) }
            n = xs.count
        }
    }
}

@inline(__always)
func sumOf<T: KernelElement>(_ x: [T]) -> Double {
    x.withUnsafeBufferPointer { xs in xs.baseAddress.map { Kernels.sum($0, xs.count) } ?? 0 }
}

/// The softmax of `x`: `exp(x_i) / Σ_j exp(x_j)`, a probability vector of the same length.
///
/// Computed stably as `exp(x_i − m) / Σ_j exp(x_j − m)` with `m = max(x)`; the difference
/// `x_i − m` is taken exactly and the sum is compensated, so every element is within 2 ulp of
/// the exact value (see the README's accuracy table), and `softmax([1000, 1001])` is
/// `[0.2689414213699951, 0.7310585786300049]`, not NaN. Elements whose exact value is below
/// the smallest subnormal become 0.
///
/// Edge cases (decided, tested):
/// - `softmax([])` is `[]` (SciPy raises `ValueError`; JAX returns `[]`).
/// - Any NaN element makes every element NaN (as SciPy).
/// - `+infinity` elements share the probability equally and all others get 0:
///   `softmax([inf, 0]) == [1, 0]`, `softmax([inf, inf, 1]) == [0.5, 0.5, 0]`. This is the limit
///   of `softmax(x)` as those elements grow together; SciPy returns NaN here because it computes
///   `inf − inf`.
/// - `-infinity` elements get exactly 0 (`softmax([-inf, 0]) == [0, 1]`), but when every element
///   is `-infinity` there is no mass to share and every element is NaN (as SciPy and PyTorch):
///   `softmax([-inf, -inf])` is `[nan, nan]`.
///
/// - Parameter x: the logits.
/// - Returns: probabilities that sum to 1 (within rounding), same length as `x`.
public func softmax(_ x: [Double]) -> [Double] {
    withOutput(x) { Kernels.softmax($0, $1, $2, threads: Kernels.threads(for: $2)) }
}

/// The softmax of `x / temperature`.
///
/// A temperature above 1 flattens the distribution, below 1 sharpens it; `+infinity` gives the
/// uniform distribution for finite `x`. The division `x_i / temperature` is rounded before the
/// softmax (exactly as `softmax(x.map { $0 / temperature })`); with `temperature == 1` the
/// result equals `softmax(x)`. Edge cases are those of ``softmax(_:)``.
///
/// - Throws: ``SoftmaxError/invalidTemperature(_:)`` when `temperature` is zero, negative or NaN
///   (message: `temperature must be positive, got -1.0`).
public func softmax(_ x: [Double], temperature: Double) throws -> [Double] {
    guard temperature > 0 else { throw SoftmaxError.invalidTemperature(temperature) }
    if temperature == 1 { return softmax(x) }
    return softmax(x.map { $0 / temperature })
}

/// The log-softmax of `x`: `x_i − log Σ_j exp(x_j)`, computed without forming `softmax(x)`.
///
/// Stable and accurate for any magnitude: `logSoftmax([1000, 1]) == [0, -999]`, and
/// `logSoftmax([0, -40])[0]` is `-4.248354255291589e-18`, not 0, because the normalizer is
/// `log1p` of the sum of the non-maximal terms.
///
/// Edge cases: `[]` gives `[]`; any NaN gives all NaN; with `+infinity` elements those get
/// `−log(count of +infinity)` and the others `-infinity` (`logSoftmax([inf, 0]) == [0, -inf]`;
/// SciPy gives `[nan, -inf]`); all `-infinity` gives all NaN (as SciPy).
public func logSoftmax(_ x: [Double]) -> [Double] {
    withOutput(x) { Kernels.logSoftmax($0, $1, $2, threads: Kernels.threads(for: $2)) }
}

/// `log Σ_i exp(x_i)`, computed as `m + log1p(Σ_{i≠k} exp(x_i − m))` with `m = x_k = max(x)`.
///
/// Accuracy: within 2 ulp of the exact value, except where the final addition cancels (the
/// maximum `m` is negative and the result is smaller than `|m|`, e.g. `[-1.24, -0.34]` whose
/// log-sum-exp is 0.0021): there the error is within 2 ulp of `m` (absolute), since `log1p` is
/// rounded to double before the addition. SciPy and NumPy have the same limitation.
///
/// Edge cases (all as SciPy's `logsumexp`): `[]` and all `-infinity` give `-infinity`; any NaN
/// gives NaN; otherwise any `+infinity` gives `+infinity`.
public func logSumExp(_ x: [Double]) -> Double {
    x.withUnsafeBufferPointer { xs in
        xs.baseAddress.map { Kernels.logSumExp($0, xs.count, threads: Kernels.threads(for: xs.count)) } ?? -.infinity
    }
}

/// Simple normalization: `x_i / Σ_j x_j` (the sum is compensated).
///
/// This is the "divide by the total" the essay contrasts with softmax; it is meant for
/// non-negative weights but any values are accepted.
///
/// - When `Σ x == 0` (including all zeros, or values that cancel exactly) there is no
///   normalization and every element of the result is NaN. This is a documented outcome,
///   not an error, so that tables comparing normalizations can show it.
/// - `normalize([])` is `[]`.
/// - NaN or infinite elements follow IEEE arithmetic (`normalize([inf, 1])` is `[nan, 0]`).
public func normalize(_ x: [Double]) -> [Double] {
    let s = sumOf(x)
    return x.map { s == 0 ? .nan : $0 / s }
}

/// The Jacobian of softmax at `x`: `J[i][j] = ∂y_i/∂x_j = y_i (δ_ij − y_j)` with `y = softmax(x)`.
///
/// Returns an `n × n` matrix (row `i` is the gradient of `y_i`); `[]` for empty `x`. Non-finite
/// inputs give the matrix built from ``softmax(_:)``'s documented edge results.
public func softmaxJacobian(_ x: [Double]) -> [[Double]] {
    let y = softmax(x)
    let n = y.count
    var rows = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n {
        for j in 0..<n {
            rows[i][j] = i == j ? y[i] * (1 - y[i]) : -y[i] * y[j]
        }
    }
    return rows
}

/// The Jacobian of ``normalize(_:)`` at `x`: `J[i][j] = (δ_ij − x_i / S) / S` with `S = Σ x`.
///
/// When `S == 0` every entry is NaN (the function is not defined there); `[]` for empty `x`.
public func normalizeJacobian(_ x: [Double]) -> [[Double]] {
    let s = sumOf(x)
    let n = x.count
    var rows = [[Double]](repeating: [Double](repeating: .nan, count: n), count: n)
    guard s != 0 else { return rows }
    for i in 0..<n {
        let yi = x[i] / s
        for j in 0..<n {
            let delta: Double = i == j ? 1 : 0
            rows[i][j] = (delta - yi) / s
        }
    }
    return rows
}

/// The vector–Jacobian product of softmax: `gᵀJ = y ⊙ (g − ⟨g, y⟩)` with `y = softmax(x)`,
/// computed in O(n) without forming the Jacobian (the backward pass of softmax).
///
/// - Parameters:
///   - x: the logits.
///   - g: the upstream gradient `∂L/∂y`, same length as `x`.
/// - Returns: `∂L/∂x`.
/// - Throws: ``SoftmaxError/lengthMismatch(what:expected:actual:)`` when `g.count != x.count`.
public func softmaxVJP(_ x: [Double], upstream g: [Double]) throws -> [Double] {
    var result = [Double](repeating: 0, count: x.count)
    try softmaxVJPRows(x, upstream: g, columns: x.count, into: &result)
    return result
}

/// The vector–Jacobian product of log-softmax: `g − softmax(x) · Σ_i g_i`, in O(n).
///
/// - Throws: ``SoftmaxError/lengthMismatch(what:expected:actual:)`` when `g.count != x.count`.
public func logSoftmaxVJP(_ x: [Double], upstream g: [Double]) throws -> [Double] {
    var result = [Double](repeating: 0, count: x.count)
    try logSoftmaxVJPRows(x, upstream: g, columns: x.count, into: &result)
    return result
}

/// The cross-entropy loss of `logits` against the class `target`: `−log softmax(logits)[target]`,
/// computed as `logSumExp(logits) − logits[target]` without cancellation.
///
/// Edge cases follow ``logSoftmax(_:)``: a NaN logit gives NaN; a `-infinity` target logit with
/// a finite maximum gives `+infinity`.
///
/// - Throws: ``SoftmaxError/emptyInput(function:)`` for empty logits;
///   ``SoftmaxError/targetOutOfRange(target:count:)`` when `target` is not in `0..<logits.count`.
public func crossEntropy(logits: [Double], target: Int) throws -> Double {
    guard !logits.isEmpty else { throw SoftmaxError.emptyInput(function: "crossEntropy") }
    guard logits.indices.contains(target) else {
        throw SoftmaxError.targetOutOfRange(target: target, count: logits.count)
    }
    return logits.withUnsafeBufferPointer { x in
        -Kernels.logSoftmax(x.baseAddress!, x.count, at: target, threads: Kernels.threads(for: x.count))
    }
}

/// The gradient of ``crossEntropy(logits:target:)`` with respect to the logits:
/// `softmax(logits) − onehot(target)`.
///
/// - Throws: ``SoftmaxError/emptyInput(function:)`` for empty logits;
///   ``SoftmaxError/targetOutOfRange(target:count:)`` when `target` is not in `0..<logits.count`.
public func crossEntropyGradient(logits: [Double], target: Int) throws -> [Double] {
    guard !logits.isEmpty else { throw SoftmaxError.emptyInput(function: "crossEntropyGradient") }
    guard logits.indices.contains(target) else {
        throw SoftmaxError.targetOutOfRange(target: target, count: logits.count)
    }
    var y = softmax(logits)
    y[target] -= 1
    return y
}
