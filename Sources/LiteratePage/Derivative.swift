// Numerical derivatives for checked equations (the generator translates `\frac{\partial y_i}{\partial z_j}`
// into a call of these). Ridders' method: central differences at shrinking steps, extrapolated to step 0
// (Richardson), keeping the estimate whose error estimate is smallest. For smooth functions the result is
// good to about 1e-12 relative, far tighter than a single central difference (about 1e-8 at best).

/// The derivative of `f` at `x`.
///
/// The outermost derivative of a nested one adds its error estimate to ``_LiterateDerivativeError/accumulated``,
/// which checked equations read to widen their tolerance.
public func _literateDerivative(_ f: (Double) -> Double, at x: Double) -> Double {
    _LiterateDerivativeError.depth += 1
    let estimate = _literateDerivativeEstimate(f, at: x)
    _LiterateDerivativeError.depth -= 1
    if _LiterateDerivativeError.depth == 0 { _LiterateDerivativeError.accumulated += estimate.error }
    return estimate.value
}

/// The error estimates of the derivatives taken since a checked equation's side started (page programs run on
/// one thread).
public enum _LiterateDerivativeError {
    /// The sum of the error estimates of the outermost derivatives taken.
    public static var accumulated = 0.0
    /// How many derivatives are being taken, one inside another.
    static var depth = 0
}

/// The partial derivative of `f` with respect to `x[index]` (0-based), at `x`; NaN when `index` is outside `x` (an
/// index off by one in a checked equation is then a disagreement at its step, not a crash).
public func _literateDerivative(_ f: ([Double]) -> Double, at x: [Double], index: Int) -> Double {
    guard x.indices.contains(index) else { return .nan }
    var point = x
    return _literateDerivative(
        { t in
            point[index] = t
            return f(point)
        }, at: x[index])
}

/// The derivative of `f` at `x` and an estimate of its absolute error.
public func _literateDerivativeEstimate(_ f: (Double) -> Double, at x: Double) -> (value: Double, error: Double) {
    let shrink = 1.4
    let shrink2 = shrink * shrink
    let size = 10
    // The first step is large (the extrapolation removes its error), scaled to x.
    var step = 0.1 * max(1, abs(x))
    var table = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
    table[0][0] = (f(x + step) - f(x - step)) / (2 * step)
    var best = (value: table[0][0], error: Double.infinity)
    for i in 1..<size {
        step /= shrink
        table[0][i] = (f(x + step) - f(x - step)) / (2 * step)
        var factor = shrink2
        for j in 1...i {
            // Eliminates the next even power of the step from the estimates of two step sizes.
            table[j][i] = (table[j - 1][i] * factor - table[j - 1][i - 1]) / (factor - 1)
            factor *= shrink2
            let error = max(abs(table[j][i] - table[j - 1][i]), abs(table[j][i] - table[j - 1][i - 1]))
            if error <= best.error { best = (table[j][i], error) }
        }
        // Higher orders got worse by a wide margin: rounding now dominates, stop.
        if abs(table[i][i] - table[i - 1][i - 1]) >= 2 * best.error { break }
    }
    return best
}
