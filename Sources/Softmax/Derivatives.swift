// Numerical differentiation for pages: `jacobian(of:at:)` and `checkDerivative(of:at:_:)`.

/// The finite-difference step for coordinate value `v`: `ε^(1/3) · max(1, |v|)` with
/// `ε = Double.ulpOfOne`, then adjusted so that `v + h` and `v − h` are exactly representable
/// around `v` (the step actually taken is `(v + h) − v`).
@inlinable
func differenceStep<T: KernelElement>(_ v: T) -> T {
    let cubeRootEps = T(T.isSingle ? 4.921566601151848e-03 : 6.055454452393343e-06)  // ε^(1/3)
    let h = cubeRootEps * max(1, abs(v))
    let up = v + h
    return up - v
}

/// The numerical Jacobian of `f` at `x` by central differences: `J[i][j] ≈ (f_i(x + h_j e_j) −
/// f_i(x − h_j e_j)) / (2 h_j)`.
///
/// The step is chosen per coordinate as `h_j = ε^(1/3) · max(1, |x_j|)` (`ε = 2⁻⁵²`, so
/// `h_j ≈ 6.06e-6 · max(1, |x_j|)`), rounded so that `x_j ± h_j` are exact; this balances the
/// truncation error (∝ h²) against rounding (∝ ε/h), for an error near `ε^(2/3) ≈ 4e-11`
/// relative to the function's scale. `f` is called `2n + 1` times.
///
/// - Returns: an `m × n` matrix where `m = f(x).count` and `n = x.count`.
/// - Precondition: `f` returns the same number of values at every point it is called with.
///   (``checkDerivative(of:at:_:)`` throws instead.)
public func jacobian(of f: ([Double]) throws -> [Double], at x: [Double]) rethrows -> [[Double]] {
    try jacobianImpl(of: f, at: x)
}

/// The numerical Jacobian of a `Float` function, as ``jacobian(of:at:)`` for `Double` but with
/// `ε = 2⁻²³` (so `h_j ≈ 4.9e-3 · max(1, |x_j|)`).
///
/// - Precondition: `f` returns the same number of values at every point it is called with.
@_disfavoredOverload
public func jacobian(of f: ([Float]) throws -> [Float], at x: [Float]) rethrows -> [[Float]] {
    try jacobianImpl(of: f, at: x)
}

@inlinable
func jacobianImpl<T: KernelElement>(of f: ([T]) throws -> [T], at x: [T]) rethrows -> [[T]] {
    let m = try f(x).count
    var columns: [[T]] = []
    columns.reserveCapacity(x.count)
    var point = x
    for j in 0..<x.count {
        let h = differenceStep(x[j])
        point[j] = x[j] + h
        let up = try f(point)
        point[j] = x[j] - h
        let down = try f(point)
        point[j] = x[j]
        precondition(
            up.count == m && down.count == m,
            "jacobian(of:at:): the function returned a different number of values at a perturbed point")
        columns.append((0..<m).map { (up[$0] - down[$0]) / (2 * h) })
    }
    return (0..<m).map { i in columns.map { $0[i] } }
}

/// The outcome of ``checkDerivative(of:at:_:)``: the stated and numerical Jacobians, the
/// tolerance of every entry, and the worst entry.
public struct DerivativeCheck: Sendable, Equatable, CustomStringConvertible {
    /// One Jacobian entry as stated and as computed.
    public struct Entry: Sendable, Equatable {
        /// Output index (row): the entry is `∂f_i/∂x_j`.
        public var i: Int
        /// Input index (column).
        public var j: Int
        /// The value of the stated formula.
        public var stated: Double
        /// The central-difference value.
        public var numerical: Double
        /// `|stated − numerical|` (NaN when either is NaN).
        public var error: Double
        /// The tolerance of this entry.
        public var tolerance: Double

        /// Creates an entry.
        public init(i: Int, j: Int, stated: Double, numerical: Double, error: Double, tolerance: Double) {
            self.i = i
            self.j = j
            self.stated = stated
            self.numerical = numerical
            self.error = error
            self.tolerance = tolerance
        }
    }

    /// The point `x` the derivative was checked at.
    public var point: [Double]
    /// The stated Jacobian, `stated[i][j] = formula(i, j)`.
    public var stated: [[Double]]
    /// The numerical Jacobian (central differences with step `h_j`, as ``jacobian(of:at:)``).
    public var numerical: [[Double]]
    /// The tolerance of every entry (see ``checkDerivative(of:at:_:)`` for the rule).
    public var tolerances: [[Double]]
    /// The entry with the largest `error / tolerance` (an entry with a NaN error counts as
    /// the worst); when the check fails, this is the entry to report.
    public var worst: Entry
    /// `|stated − numerical|` at the worst entry.
    public var maxError: Double { worst.error }
    /// The tolerance at the worst entry.
    public var tolerance: Double { worst.tolerance }
    /// Whether every entry is within its tolerance (and nothing is NaN).
    public var passed: Bool

    /// Creates a check result from its parts.
    public init(
        point: [Double], stated: [[Double]], numerical: [[Double]], tolerances: [[Double]], worst: Entry,
        passed: Bool
    ) {
        self.point = point
        self.stated = stated
        self.numerical = numerical
        self.tolerances = tolerances
        self.worst = worst
        self.passed = passed
    }

    /// One line: whether it passed, and the worst entry with both values.
    public var description: String {
        let w = worst
        let verdict = passed ? "passed" : "failed"
        return "derivative check \(verdict) at \(point): ∂f\(w.i)/∂x\(w.j) stated \(w.stated), "
            + "numerical \(w.numerical) (difference \(w.error), tolerance \(w.tolerance))"
    }
}

/// Checks a stated formula for the Jacobian `∂f_i/∂x_j` against central differences at `x`.
///
/// `formula(i, j)` must return the stated value of `∂f_i/∂x_j` at `x`, for every `i` in
/// `0..<f(x).count` and `j` in `0..<x.count`. A wrong formula is not an error: the result has
/// `passed == false` and names the worst entry with both values.
///
/// **How the tolerance follows from the step and the function's scale.** For each coordinate `j`
/// the step is `h = ε^(1/3) · max(1, |x_j|)` (`ε = 2⁻⁵²`), rounded so `x_j ± h` are exact, and `f`
/// is evaluated at `x ± h e_j` and `x ± 2h e_j`. With
/// `D₁ = (f(x + h) − f(x − h)) / 2h` (the numerical value) and `D₂ = (f(x + 2h) − f(x − 2h)) / 4h`:
/// - truncation error estimate `T = |D₁ − D₂| / 3` (the leading error term is ∝ h², so it
///   quadruples from `h` to `2h`: Richardson's estimate);
/// - rounding error estimate `R = ε · F / h`, where `F` is the largest `|f_i|` at the five points
///   (the function's scale: each difference loses about `ε · F`, divided by `h`);
/// - tolerance `τ = 10 · (T + R) + √ε · |D₁|` (a safety factor of 10 on the estimates, plus a
///   relative floor of `√ε ≈ 1.5e-8` for the formula's own rounding).
///
/// An entry passes when `|stated − D₁| ≤ τ`. For softmax at logits of order 1 this gives
/// `τ ≈ 4e-10`, while a wrong formula typically misses by 1e-3 or more.
///
/// - Returns: a ``DerivativeCheck``; `passed` is true when every entry passes.
/// - Throws: ``SoftmaxError/emptyInput(function:)`` when `x` or `f(x)` is empty (there is
///   nothing to check); ``SoftmaxError/outputLengthChanged(expected:actual:coordinate:)`` when
///   `f` returns a different number of values at a perturbed point; and whatever `f` or
///   `formula` throw.
public func checkDerivative(
    of f: ([Double]) throws -> [Double], at x: [Double], _ formula: (Int, Int) throws -> Double
) throws -> DerivativeCheck {
    try checkDerivativeImpl(of: f, at: x, formula)
}

/// ``checkDerivative(of:at:_:)`` for a `Float` function: the same rule with `ε = 2⁻²³` and the
/// function evaluated in `Float`; the result holds the values converted to `Double`.
@_disfavoredOverload
public func checkDerivative(
    of f: ([Float]) throws -> [Float], at x: [Float], _ formula: (Int, Int) throws -> Double
) throws -> DerivativeCheck {
    try checkDerivativeImpl(of: f, at: x, formula)
}

@inlinable
func checkDerivativeImpl<T: KernelElement>(
    of f: ([T]) throws -> [T], at x: [T], _ formula: (Int, Int) throws -> Double
) throws -> DerivativeCheck {
    guard !x.isEmpty else { throw SoftmaxError.emptyInput(function: "checkDerivative") }
    let center = try f(x)
    let m = center.count
    guard m > 0 else { throw SoftmaxError.emptyInput(function: "checkDerivative (the function's value)") }
    let eps = T.isSingle ? Double(Float.ulpOfOne) : Double.ulpOfOne
    var numericalT = [[Double]](repeating: [], count: x.count)  // columns
    var toleranceT = [[Double]](repeating: [], count: x.count)
    var point = x
    for j in 0..<x.count {
        let hT = differenceStep(x[j])
        let h = hT.asDouble
        func at(_ offset: T) throws -> [T] {
            point[j] = x[j] + offset
            defer { point[j] = x[j] }
            let v = try f(point)
            guard v.count == m else {
                throw SoftmaxError.outputLengthChanged(expected: m, actual: v.count, coordinate: j)
            }
            return v
        }
        let p1 = try at(hT).map(\.asDouble)
        let m1 = try at(-hT).map(\.asDouble)
        let p2 = try at(2 * hT).map(\.asDouble)
        let m2 = try at(-2 * hT).map(\.asDouble)
        var column: [Double] = []
        var tolerances: [Double] = []
        column.reserveCapacity(m)
        tolerances.reserveCapacity(m)
        for i in 0..<m {
            let d1 = (p1[i] - m1[i]) / (2 * h)
            let d2 = (p2[i] - m2[i]) / (4 * h)
            let scale = max(abs(center[i].asDouble), abs(p1[i]), abs(m1[i]), abs(p2[i]), abs(m2[i]))
            let truncation = abs(d1 - d2) / 3
            let rounding = eps * scale / h
            column.append(d1)
            tolerances.append(10 * (truncation + rounding) + eps.squareRoot() * abs(d1))
        }
        numericalT[j] = column
        toleranceT[j] = tolerances
    }
    var stated = [[Double]]()
    var numerical = [[Double]]()
    var tolerances = [[Double]]()
    var worst: DerivativeCheck.Entry?
    var worstRatio = -Double.infinity
    var passed = true
    for i in 0..<m {
        var statedRow = [Double]()
        var numericalRow = [Double]()
        var toleranceRow = [Double]()
        for j in 0..<x.count {
            let s = try formula(i, j)
            let n = numericalT[j][i]
            let t = toleranceT[j][i]
            let error = abs(s - n)
            let ok = error <= t
            if !ok { passed = false }
            let ratio: Double = error.isNaN || t.isNaN ? .infinity : (t > 0 ? error / t : (error > 0 ? .infinity : 0))
            if worst == nil || ratio > worstRatio {
                worstRatio = ratio
                worst = DerivativeCheck.Entry(i: i, j: j, stated: s, numerical: n, error: error, tolerance: t)
            }
            statedRow.append(s)
            numericalRow.append(n)
            toleranceRow.append(t)
        }
        stated.append(statedRow)
        numerical.append(numericalRow)
        tolerances.append(toleranceRow)
    }
    return DerivativeCheck(
        point: x.map(\.asDouble), stated: stated, numerical: numerical, tolerances: tolerances, worst: worst!,
        passed: passed)
}
