// Vectorized exp for the kernels, on Swift SIMD types. Internal.
//
// exp(d) for d ≤ 0 is computed as 2^k · 2^(j/128) · exp(r) with m = round(d · 128 / ln 2) =
// 128 k + j and r = d − m · ln 2 / 128 (Cody–Waite: ln 2 / 128 split so that m·ln2By128Hi is
// exact), |r| ≤ ln 2 / 256. 2^(j/128) comes from `expTable` as a double-double (generated with
// mpmath by Scripts/exp-table.py), exp(r) = 1 + r + r²·P(r) with P four Taylor terms, and
// the product is rounded once: about 0.51 ulp. A table of 128 needs a quarter of the polynomial
// that the table-free reduction to |r| ≤ ln 2 / 2 needed (degree 3 instead of 10); the lookup
// runs on the load and integer units, beside the floating-point adders that bound the loop.
// The scale 2^k is applied in two halves so subnormal results come out right. Inputs below
// −1080 (including −infinity) are clamped there and give 0; inputs are never positive in the
// kernels (they are x − max).
//
// Generic over the lane count (SIMD4<Double>, SIMD8<Double>): wider vectors give the processor
// more independent instructions side by side; `V.MaskStorage` is the matching Int64 vector.

@usableFromInline let log2e = 1.4426950408889634
/// ln 2 to 42 bits, so that n·ln2hi is exact for |n| < 2^11, and the rest (the exp for results
/// rounded to Float).
@usableFromInline let ln2hi = 0.6931471805598903
@usableFromInline let ln2lo = 5.497923018708371e-14
@usableFromInline let roundMagic = 6755399441055744.0  // 1.5 · 2^52: adding it rounds to an integer
@usableFromInline let roundMagicBits = Int64(bitPattern: roundMagic.bitPattern)

@usableFromInline typealias D4 = SIMD4<Double>
@usableFromInline typealias I4 = SIMD4<Int64>
@usableFromInline typealias D8 = SIMD8<Double>

/// What the exp kernels may assume about the differences x − b from the maximum b (Double:
/// whether they are all at least −707; Float: at least −200).
@usableFromInline
enum ExpRange {
    /// As `normal`, and |x| ≤ |b| for every element: x − b is exact as a Fast2Sum.
    case dominated
    /// No difference is below the threshold: nothing to clamp, and the results are normal.
    case normal
    /// Differences may be below the threshold, and x may be −infinity.
    case clamped

    @inlinable var isNormal: Bool { self == .normal || self == .dominated }
}

/// An `ExpRange` as a type, so that a loop is compiled once per range, with the
/// range's tests decided at compile time.
@usableFromInline
protocol ExpRangeType { static var range: ExpRange { get } }

@usableFromInline
enum DominatedRange: ExpRangeType { @inlinable static var range: ExpRange { .dominated } }

@usableFromInline
enum NormalRange: ExpRangeType { @inlinable static var range: ExpRange { .normal } }

@usableFromInline
enum ClampedRange: ExpRangeType { @inlinable static var range: ExpRange { .clamped } }

/// 2^k1 · 2^k2 applied to `v`, with k1 = n >> 1 and k2 = n − k1, for n in −1560 ... 0.
@inlinable @inline(__always)
func scaleByPowerOfTwo<V: SIMD>(_ v: V, _ n: V.MaskStorage) -> V where V.Scalar == Double {
    let k1 = n &>> 1
    let k2 = n &- k1
    let s1 = unsafeBitCast((k1 &+ 1023) &<< 52, to: V.self)
    let s2 = unsafeBitCast((k2 &+ 1023) &<< 52, to: V.self)
    return v * s1 * s2
}

/// `a > b ? a : b` in each lane: maxpd or maxps (b where either is NaN).
@inlinable @inline(__always)
func vmax<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar: FloatingPoint {
    var r = b
    for i in r.indices { r[i] = a[i] > b[i] ? a[i] : b[i] }
    return r
}

/// `a < b ? a : b` in each lane: minpd or minps (b where either is NaN).
@inlinable @inline(__always)
func vmin<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar: FloatingPoint {
    var r = b
    for i in r.indices { r[i] = a[i] < b[i] ? a[i] : b[i] }
    return r
}

/// exp(d + dlo) for d ≤ 0 and |dlo| ≤ ulp(d), to about 0.51 ulp; `normal` when every d is at
/// least −707 (no clamp, and the result is a normal double). `table` is ``expTable``.
@inlinable @inline(__always)
func vexp<V: SIMD>(_ d: V, _ dlo: V, table: UnsafePointer<Double>, normal: Bool = false) -> V
where V.Scalar == Double {
    let dc = normal ? d : vmax(d, V(repeating: -1080))
    // m = round(d · 128 / ln 2) = 128 k + j with j in 0 ... 127: exp(d) = 2^k · 2^(j/128) · e^r.
    let t = dc * (128 * log2e) + roundMagic
    let mD = t - roundMagic
    let m = unsafeBitCast(t, to: V.MaskStorage.self) &- V.MaskStorage.Scalar(roundMagicBits)
    // r = d + dlo − m · ln 2 / 128: d − m·ln2By128Hi is exact (|m| < 2^18), the rest is tiny, so
    // r (|r| ≤ 0.0028) is within 2^-62 of the exact difference. A clamped lane's dlo (that of the
    // far larger unclamped difference) is dropped: its result is 0.
    let rh = dc - mD * ln2By128Hi
    let r = rh - (mD * ln2By128Lo - (normal ? dlo : dlo.replacing(with: 0, where: d .< -1080)))
    var th = V()
    var tl = V()
    for lane in th.indices {
        let j = Int(truncatingIfNeeded: m[lane] & 127)
        th[lane] = table[2 &* j]
        tl[lane] = table[2 &* j &+ 1]
    }
    // e^r = 1 + r + r²·P(r), P the Taylor polynomial 1/2 + r/6 + r²/24 + r³/120 (the next term
    // is below 6e-19 relative on |r| ≤ 0.0028).
    let r2 = r * r
    let p = (r * (1.0 / 6) + 0.5) + r2 * (r * (1.0 / 120) + 1.0 / 24)
    let q = r + r2 * p
    // 2^(j/128) · e^r = hi + (hi·q + lo), rounded once at the end (lo·q is below 2^-61).
    let e = th + (th * q + tl)
    return scaleExp(e, m, normal: normal || !any(dc .< -707))
}

/// 2^k · e for e in [0.99, 2) and m = 128 k + j (j in 0 ... 127): with `normal` (every k ≥ −1021,
/// so the result is a normal double) by adding k to the exponent field ((m − j) · 2^45 = k · 2^52),
/// else by ``scaleByPowerOfTwo(_:_:)``.
@inlinable @inline(__always)
func scaleExp<V: SIMD>(_ e: V, _ m: V.MaskStorage, normal: Bool) -> V where V.Scalar == Double {
    if normal {
        return unsafeBitCast(unsafeBitCast(e, to: V.MaskStorage.self) &+ ((m & ~127) &<< 45), to: V.self)
    }
    return scaleByPowerOfTwo(e, m &>> 7)
}

/// exp(d) for d ≤ 0 to about 1e-10 relative: enough for results rounded to Float.
@inlinable @inline(__always)
func vexpForFloat<V: SIMD>(_ d: V) -> V where V.Scalar == Double {
    let dc = vmax(d, V(repeating: -1080))
    let t = dc * log2e + roundMagic
    let nD = t - roundMagic
    let n = unsafeBitCast(t, to: V.MaskStorage.self) &- V.MaskStorage.Scalar(roundMagicBits)
    let r = (dc - nD * ln2hi) - nD * ln2lo
    var p = V(repeating: 1.0 / 40320.0)
    p = p * r + 1.0 / 5040.0
    p = p * r + 1.0 / 720.0
    p = p * r + 1.0 / 120.0
    p = p * r + 1.0 / 24.0
    p = p * r + 1.0 / 6.0
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    return scaleExp(p, n &<< 7, normal: !any(dc .< -707))
}

/// `a − b` as an exact unevaluated sum `hi + lo` (two-sum, or Fast2Sum when the caller knows
/// that b `dominated` a); lanes where the difference is not finite get lo = 0 (unless the
/// caller knows every difference is `finite`).
@inlinable @inline(__always)
func vdiff<V: SIMD>(_ a: V, _ b: V, finite: Bool = false, dominated: Bool = false) -> (hi: V, lo: V)
where V.Scalar == Double {
    let d = a - b
    // Fast2Sum when |b| ≥ |a| in every lane.
    if dominated { return (d, a - (d + b)) }
    let bb = d - a
    let lo = (a - (d - bb)) + (-b - bb)
    if finite { return (d, lo) }
    // lo == lo is false for NaN: keep the bits of lo where it is a number.
    let keep = unsafeBitCast(lo .== lo, to: V.MaskStorage.self)
    return (d, unsafeBitCast(unsafeBitCast(lo, to: V.MaskStorage.self) & keep, to: V.self))
}
