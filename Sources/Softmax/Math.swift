#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// Scalar helpers shared by the kernels. Internal.
@usableFromInline
enum Scalar {
    /// `exp(a - b)` where the difference is taken exactly (two-sum), so that a large
    /// `|a - b|` does not lose accuracy through the rounding of the subtraction.
    @inlinable @inline(__always)
    static func expDiff(_ a: Double, _ b: Double) -> Double {
        let d = a - b
        let bb = d - a
        let err = (a - (d - bb)) + (-b - bb)
        let e = exp(d)
        // For a = -infinity the correction is NaN (inf - inf); exp(d) is then exactly 0.
        return d.isFinite ? e + e * err : e
    }

    /// `a - b` as an unevaluated sum `hi + lo` (two-sum; exact).
    @inlinable @inline(__always)
    static func diff(_ a: Double, _ b: Double) -> (hi: Double, lo: Double) {
        let d = a - b
        let bb = d - a
        let lo = (a - (d - bb)) + (-b - bb)
        return (d, d.isFinite ? lo : 0)
    }

    @inlinable @inline(__always)
    static func log1pD(_ x: Double) -> Double { log1p(x) }

    @inlinable @inline(__always)
    static func logD(_ x: Double) -> Double { log(x) }

    @inlinable @inline(__always)
    static func expD(_ x: Double) -> Double { exp(x) }
}
