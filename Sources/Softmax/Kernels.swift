/// The work-horse routines behind the public functions. They read from and write into
/// caller-provided buffers and allocate nothing. Internal.
@usableFromInline
enum Kernels {
    /// What one scan over a vector finds out: the maximum, where it first occurs, how many
    /// elements are `+infinity`, and whether any element is NaN.
    @usableFromInline
    struct Scan {
        @usableFromInline var max: Double
        @usableFromInline var argmax: Int
        @usableFromInline var positiveInfinities: Int
        @usableFromInline var hasNaN: Bool

        @inlinable
        init(max: Double, argmax: Int, positiveInfinities: Int, hasNaN: Bool) {
            self.max = max
            self.argmax = argmax
            self.positiveInfinities = positiveInfinities
            self.hasNaN = hasNaN
        }
    }

    /// The classification of a vector that decides which formula applies.
    @usableFromInline
    enum Case {
        /// No elements.
        case empty
        /// Some element is NaN: every output is NaN.
        case nan
        /// Some elements are `+infinity`: they share the mass equally (the limit), the rest get 0.
        case positiveInfinity(count: Int)
        /// Every element is `-infinity`: there is no mass to normalize.
        case allNegativeInfinity
        /// The ordinary case: a finite maximum at `argmax`.
        case finite(max: Double, argmax: Int)
    }

    @inlinable
    static func scan(_ x: UnsafeBufferPointer<Double>) -> Scan {
        var m = -Double.infinity
        var k = 0
        var infs = 0
        var nan = false
        for i in 0..<x.count {
            let v = x[i]
            if v > m {
                m = v
                k = i
            }
            if v == .infinity { infs += 1 }
            if v.isNaN { nan = true }
        }
        return Scan(max: m, argmax: k, positiveInfinities: infs, hasNaN: nan)
    }

    @inlinable
    static func classify(_ x: UnsafeBufferPointer<Double>) -> Case {
        if x.isEmpty { return .empty }
        let s = scan(x)
        if s.hasNaN { return .nan }
        if s.positiveInfinities > 0 { return .positiveInfinity(count: s.positiveInfinities) }
        if s.max == -.infinity { return .allNegativeInfinity }
        return .finite(max: s.max, argmax: s.argmax)
    }

    /// `Σ_{i ≠ k} exp(x_i − m)` with compensated summation; when `store` is given, each term is
    /// also written to it (with 1 at `k`).
    @inlinable
    static func tailSum(
        _ x: UnsafeBufferPointer<Double>, max m: Double, argmax k: Int, store: UnsafeMutableBufferPointer<Double>?
    ) -> Double {
        var sum = 0.0
        var comp = 0.0
        for i in 0..<x.count where i != k {
            let e = Scalar.expDiff(x[i], m)
            if let store { store[i] = e }
            // Kahan–Babuška (Neumaier) step.
            let t = sum + e
            if sum >= e {
                comp += (sum - t) + e
            } else {
                comp += (e - t) + sum
            }
            sum = t
        }
        if let store { store[k] = 1 }
        return sum + comp
    }

    /// Softmax of `x` into `y` (same count; may alias).
    @inlinable
    static func softmax(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        switch classify(x) {
        case .empty:
            return
        case .nan, .allNegativeInfinity:
            for i in 0..<x.count { y[i] = .nan }
        case .positiveInfinity(let count):
            let share = 1 / Double(count)
            for i in 0..<x.count { y[i] = x[i] == .infinity ? share : 0 }
        case .finite(let m, let k):
            let t = tailSum(x, max: m, argmax: k, store: y)
            let s = 1 + t
            for i in 0..<x.count { y[i] /= s }
        }
    }

    /// Log-softmax of `x` into `y` (same count; may alias).
    @inlinable
    static func logSoftmax(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        switch classify(x) {
        case .empty:
            return
        case .nan, .allNegativeInfinity:
            for i in 0..<x.count { y[i] = .nan }
        case .positiveInfinity(let count):
            let share = -Scalar.logD(Double(count))
            for i in 0..<x.count { y[i] = x[i] == .infinity ? share : -.infinity }
        case .finite(let m, let k):
            let t = tailSum(x, max: m, argmax: k, store: nil)
            let l = Scalar.log1pD(t)
            for i in 0..<x.count {
                let (hi, lo) = Scalar.diff(x[i], m)
                y[i] = (hi - l) + lo
            }
        }
    }

    /// `log Σ exp(x_i)`.
    @inlinable
    static func logSumExp(_ x: UnsafeBufferPointer<Double>) -> Double {
        switch classify(x) {
        case .empty, .allNegativeInfinity:
            return -.infinity
        case .nan:
            return .nan
        case .positiveInfinity:
            return .infinity
        case .finite(let m, let k):
            let t = tailSum(x, max: m, argmax: k, store: nil)
            return m + Scalar.log1pD(t)
        }
    }

    /// Compensated sum of `x`.
    @inlinable
    static func sum(_ x: UnsafeBufferPointer<Double>) -> Double {
        var sum = 0.0
        var comp = 0.0
        for v in x {
            let t = sum + v
            if abs(sum) >= abs(v) {
                comp += (sum - t) + v
            } else {
                comp += (v - t) + sum
            }
            sum = t
        }
        return sum + comp
    }
}
