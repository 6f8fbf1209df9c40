// Float softmax in Float lanes (SIMD4<Float>: one SSE register at the x86-64 baseline). Internal.
//
// Two passes, each exp computed once. The input is cut into blocks of 2048 elements (8 KB, so a
// block read twice comes from L1). Pass 1, per block: its maximum b and minimum (of the numbers;
// a NaN shows up as a NaN block sum, or, in the rare blocks whose exp clamps, in a search), then
// e_i = exp(x_i − b) rounded to Float and stored into y, and the block sum of the unrounded
// values (Σ e_i in Double plus the rounding errors). Between the passes the block maxima and
// sums give the maximum M and S = Σ_blocks sum_b · exp(b − M). Pass 2 scales every block in
// place: y_i = Float(Double(e_i) · c_b) with c_b = exp(b − M) / S in Double, so only e_i and
// that last conversion round: within 0.5 + 0.5·(significand of c_b) < 1.5 ulp, and pass 2 costs
// a multiply per element instead of a second exp (the accuracy tests measure the maximum; see
// the README). Summing the rounded e_i instead would let S be off by up to 2^-24 when many
// equal elements round the same way, up to one more ulp in every result.
//
// exp(d) for d = x − b ≤ 0 is 2^k · (1 + rh + rlo + r²·P(r)): the difference is taken exactly
// as a float pair dh + dl (two-sum), reduced by Cody–Waite to rh = dh − k·ln2hi (exact: ln2 is
// split so that k·ln2hi has few bits), the small rest rlo = dl − k·ln2lo is carried separately,
// r = rh + rlo, and P is a degree-4 minimax polynomial for (e^r − 1 − r)/r² on |r| ≤ 0.36
// (relative error 5e-9 with its coefficients rounded to Float, under 0.1 ulp). 1 + rh is split
// exactly (Fast2Sum) so that the result is rounded once; the small terms are added before r²·P,
// which keeps them off the longest chain of dependent instructions (the loop is bound by it).
//
// The code is written for what the x86-64 baseline (SSE2, no FMA) compiles well: maxima as
// element-wise `a > b ? a : b` (one maxps; `replacing(with:where:)` and `pointwiseMax` compile to
// three or more instructions per register), the exponent field added as an integer, and the
// exponent shift taken straight from the rounding constant's bits.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

@usableFromInline typealias F4 = SIMD4<Float>
@usableFromInline typealias I4x32 = SIMD4<Int32>
/// The exp works on eight lanes (two SSE registers): each instruction then comes in pairs of
/// independent ones, which the processor overlaps better than two separate four-lane chains.
@usableFromInline typealias F8 = SIMD8<Float>
@usableFromInline typealias I8 = SIMD8<Int32>

@usableFromInline let log2eF: Float = 1.44269502
@usableFromInline let ln2hiF: Float = 0.693145751953125  // 16 significant bits: k·ln2hiF is exact
@usableFromInline let ln2loF: Float = 1.42860677e-06
@usableFromInline let roundMagicF: Float = 12_582_912  // 1.5 · 2^23: adding it rounds to an integer
/// Below this difference from the block maximum exp is under half the smallest subnormal.
@usableFromInline let expFloorF: Float = -110
/// At or above this difference, k ≥ −125 and exp is a normal float.
@usableFromInline let expNormalF: Float = -86.5
/// Elements per block: a block is read twice in pass 1, from L1 the second time.
@usableFromInline let floatBlock = 2048

/// `a > b ? a : b` in each lane: one maxps (b where either is NaN).
@inlinable @inline(__always)
func vmax(_ a: F4, _ b: F4) -> F4 {
    F4(a[0] > b[0] ? a[0] : b[0], a[1] > b[1] ? a[1] : b[1], a[2] > b[2] ? a[2] : b[2], a[3] > b[3] ? a[3] : b[3])
}

/// `a > b ? a : b` in each lane: two maxps.
@inlinable @inline(__always)
func vmax(_ a: F8, _ b: F8) -> F8 {
    var r = b
    for i in 0..<8 { r[i] = a[i] > b[i] ? a[i] : b[i] }
    return r
}

/// `a < b ? a : b` in each lane: one minps.
@inlinable @inline(__always)
func vmin(_ a: F4, _ b: F4) -> F4 {
    F4(a[0] < b[0] ? a[0] : b[0], a[1] < b[1] ? a[1] : b[1], a[2] < b[2] ? a[2] : b[2], a[3] < b[3] ? a[3] : b[3])
}

/// The largest float ≤ `a + b`, for a finite `a` and −256 ≤ `b` < 0 (−infinity when there is
/// none).
@inlinable
func floatBelow(_ a: Float, plus b: Double) -> Float {
    // From 2^40 on, ulp(a) ≥ 2^17 > |b|, so the answer is the next float below a; below 2^40,
    // a + b is exact in Double.
    if abs(a) >= 0x1p40 { return a.nextDown }
    let exact = Double(a) + b
    let f = Float(exact)
    return Double(f) > exact ? f.nextDown : f
}

@inlinable @inline(__always)
func loadF4(_ p: UnsafePointer<Float>, _ i: Int) -> F4 {
    UnsafeRawPointer(p + i).loadUnaligned(as: F4.self)
}

@inlinable @inline(__always)
func storeF4(_ v: F4, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
    UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: F4.self)
}

@inlinable @inline(__always)
func loadPartialF4(_ p: UnsafePointer<Float>, _ i: Int, _ count: Int, pad: Float) -> F4 {
    var v = F4(repeating: pad)
    for k in 0..<count { v[k] = p[i + k] }
    return v
}

/// 2^k as Float lanes for k in −126 ... 127.
@inlinable @inline(__always)
func powerOfTwoF(_ k: I8) -> F8 {
    unsafeBitCast((k &+ 127) &<< 23, to: F8.self)
}

/// exp(x − b) for x ≤ b, rounded once (see `ExpRange` for the range of x), and the error of
/// that rounding (0 for results below 2^-100).
@inlinable @inline(__always)
func expBelowMax(_ x: F8, _ b: F8, floor: F8, range: ExpRange) -> (F8, F8) {
    let xc = range.isNormal ? x : vmax(x, floor)  // also turns −infinity into a finite value
    var dh = xc - b
    // dh + dl is exactly xc − b: Fast2Sum when |b| ≥ |xc|, else two-sum.
    let dl: F8
    if range == .dominated {
        dl = xc - (dh + b)
    } else {
        let bb = dh - xc
        dl = (xc - (dh - bb)) - (b + bb)
    }
    let inRange = dh .>= expFloorF
    if range == .wide { dh = vmax(dh, F8(repeating: expFloorF)) }
    let t = dh * log2eF + roundMagicF
    let kf = t - roundMagicF
    let rh = dh - kf * ln2hiF  // exact
    let rlo = dl - kf * ln2loF
    let r = rh + rlo
    // P by Estrin's scheme: the same additions as Horner's, half the latency.
    let r2 = r * r
    let p01 = r * 1.66664973e-1 + 4.99999911e-1
    let p23 = r * 8.37149285e-3 + 4.16686684e-2
    let p = (p01 + r2 * p23) + (r2 * r2) * 1.38087722e-3
    let u = 1 + rh
    // The small terms are added before r²·P (off the critical path): the rounding error of
    // 1 + rh (exact) plus rlo.
    let v = ((rh - (u - 1)) + rlo) + r2 * p
    let e = u + v  // 1 + rh + rlo + r²·P, rounded once
    // t's bits are those of 1.5 · 2^23 plus k, and 1.5 · 2^23's bits shifted by 23 are 0 in
    // 32 bits: shifting t's bits gives k << 23, the exponent-field increment.
    let k = unsafeBitCast(t, to: I8.self)
    let kk = k &- unsafeBitCast(F8(repeating: roundMagicF), to: I8.self)
    var y: F8
    var error = F8(repeating: 0)
    if range.isNormal || !any(dh .< expNormalF) {
        y = unsafeBitCast(unsafeBitCast(e, to: I8.self) &+ (k &<< 23), to: F8.self)
        // The rounding error of e (exact: Fast2Sum, |u| ≥ |v|), scaled like e.
        error = (v - (e - u)) * powerOfTwoF(kk)
    } else {
        // Results near or below the smallest normal: scale in two exact steps so that only
        // the last one rounds. (Their rounding errors, below 2^-100, are left out.)
        let k1 = kk &>> 1
        y = (e * powerOfTwoF(k1)) * powerOfTwoF(kk &- k1)
    }
    if range == .wide {
        y = unsafeBitCast(unsafeBitCast(y, to: I8.self) & unsafeBitCast(inRange, to: I8.self), to: F8.self)
    }
    return (y, error)
}

@usableFromInline
enum FloatKernels {
    /// The maximum and minimum of the numbers in `x[lo..<hi]` (NaN elements are passed over:
    /// −infinity and +infinity when there are no numbers).
    @inlinable
    static func rangeMaxMin(_ x: UnsafePointer<Float>, _ lo: Int, _ hi: Int) -> (max: Float, min: Float) {
        var m0 = F4(repeating: -.infinity)
        var m1 = F4(repeating: -.infinity)
        var l0 = F4(repeating: .infinity)
        var l1 = F4(repeating: .infinity)
        var i = lo
        while i + 8 <= hi {
            let a = loadF4(x, i)
            let b = loadF4(x, i + 4)
            m0 = vmax(a, m0)
            m1 = vmax(b, m1)
            l0 = vmin(a, l0)
            l1 = vmin(b, l1)
            i += 8
        }
        while i < hi {
            let count = min(4, hi - i)
            m0 = vmax(loadPartialF4(x, i, count, pad: -.infinity), m0)
            l0 = vmin(loadPartialF4(x, i, count, pad: .infinity), l0)
            i += 4
        }
        m0 = vmax(m0, m1)
        l0 = vmin(l0, l1)
        return (
            Swift.max(Swift.max(m0[0], m0[1]), Swift.max(m0[2], m0[3])),
            Swift.min(Swift.min(l0[0], l0[1]), Swift.min(l0[2], l0[3]))
        )
    }

    /// Whether any element of `x[lo..<hi]` is NaN.
    @inlinable
    static func containsNaN(_ x: UnsafePointer<Float>, _ lo: Int, _ hi: Int) -> Bool {
        // On the bits, with integer instructions: the bits of |x| above those of infinity make
        // a negative difference.
        var nan = I4x32(repeating: 0)
        var i = lo
        while i + 4 <= hi {
            nan |= I4x32(repeating: 0x7F80_0000) &- (unsafeBitCast(loadF4(x, i), to: I4x32.self) & 0x7FFF_FFFF)
            i += 4
        }
        while i < hi {
            if x[i].isNaN { return true }
            i += 1
        }
        return any(nan .< 0)
    }

    /// Stores e_i = exp(x_i − b) into `y` over `lo..<hi`, for the finite maximum `b` and the
    /// minimum `low` of that range, and returns Σ e_i in Double.
    @inlinable
    static func blockExp(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ lo: Int, _ hi: Int, max b: Float,
        min low: Float
    ) -> Double {
        // Usually every element is within 86.5 of the block maximum (exact in Double, and
        // false for −infinity). Else, while |b| < 2^16 the floor is within 2^-8 of b − 110, so
        // every difference is in −110.01 ... 0; beyond, it can be far below (or −infinity).
        if Double(low) - Double(b) >= Double(expNormalF) {
            return abs(low) <= abs(b)
                ? blockExp(x, y, lo, hi, max: b, DominatedRange.self) : blockExp(x, y, lo, hi, max: b, NormalRange.self)
        }
        return abs(b) < 65536
            ? blockExp(x, y, lo, hi, max: b, ClampedRange.self) : blockExp(x, y, lo, hi, max: b, WideRange.self)
    }

    @inlinable
    static func blockExp<R: ExpRangeType>(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ lo: Int, _ hi: Int, max b: Float,
        _: R.Type
    ) -> Double {
        let range = R.range
        let bv = F8(repeating: b)
        let floor = F8(repeating: floatBelow(b, plus: Double(expFloorF)))
        // Σ e in Double, plus the rounding errors of the e (a few ulp of the sum at most, so
        // Float is enough): the sum of the exact exps, which the stored e then divide.
        var sum = D4(repeating: 0)
        var errors = F8(repeating: 0)
        var i = lo
        while i + 8 <= hi {
            let (e, error) = expBelowMax(
                UnsafeRawPointer(x + i).loadUnaligned(as: F8.self), bv, floor: floor, range: range)
            UnsafeMutableRawPointer(y + i).storeBytes(of: e, as: F8.self)
            sum += D4(e.lowHalf) + D4(e.highHalf)
            errors += error
            i += 8
        }
        if i < hi {
            let count = hi - i
            // Padding with the maximum gives finite values in the unused lanes, dropped below.
            var v = F8(repeating: b)
            for k in 0..<count { v[k] = x[i + k] }
            var (e, error) = expBelowMax(v, bv, floor: floor, range: range)
            for k in 0..<count { y[i + k] = e[k] }
            for k in count..<8 {
                e[k] = 0
                error[k] = 0
            }
            sum += D4(e.lowHalf) + D4(e.highHalf)
            errors += error
        }
        return sum.sum() + Double(errors.sum())
    }

    /// y_i = Float(Double(y_i) · c) over `lo..<hi`: one rounding of a product exact to 2^-53.
    @inlinable
    static func scale(_ y: UnsafeMutablePointer<Float>, _ lo: Int, _ hi: Int, by c: Double) {
        let cv = SIMD2<Double>(repeating: c)
        var i = lo
        while i + 4 <= hi {
            let e = loadF4(UnsafePointer(y), i)
            let a = SIMD2<Float>(SIMD2<Double>(e.lowHalf) * cv)
            let b = SIMD2<Float>(SIMD2<Double>(e.highHalf) * cv)
            storeF4(F4(lowHalf: a, highHalf: b), y, i)
            i += 4
        }
        while i < hi {
            y[i] = Float(Double(y[i]) * c)
            i += 1
        }
    }

    /// Pass 1 over blocks `firstBlock..<lastBlock` of `x[0..<n]`: each block's maximum into
    /// `maxima` and, when finite, its exps into `y` and their sum into `sums`. Returns whether a
    /// NaN or +infinity was seen (the result is then an edge case and `y` is rewritten).
    @inlinable
    static func pass1(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, blocks: Range<Int>,
        maxima: UnsafeMutablePointer<Float>, sums: UnsafeMutablePointer<Double>
    ) -> (nan: Bool, infinity: Bool) {
        var infinity = false
        for block in blocks {
            let lo = block * floatBlock
            let hi = Swift.min(n, lo + floatBlock)
            let (b, low) = rangeMaxMin(x, lo, hi)
            maxima[block] = b
            sums[block] = 0
            if b == .infinity { infinity = true }
            if b.isFinite && !infinity {
                // A NaN element makes the sum NaN, except where blockExp clamps.
                let sum = blockExp(x, y, lo, hi, max: b, min: low)
                if sum.isNaN || (Double(low) - Double(b) < Double(expNormalF) && containsNaN(x, lo, hi)) {
                    return (true, infinity)
                }
                sums[block] = sum
            } else if containsNaN(x, lo, hi) {
                return (true, infinity)
            }
        }
        return (false, infinity)
    }

    /// Float softmax of `x[0..<n]` into `y` (may alias `x`), n > 0, in `parts` pieces.
    @inlinable
    static func softmax(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, parts: Int) {
        let blocks = (n + floatBlock - 1) / floatBlock
        let parts = Swift.max(1, Swift.min(parts, blocks))
        withUnsafeTemporaryAllocation(of: Float.self, capacity: blocks) { maxima in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: blocks) { sums in
                withUnsafeTemporaryAllocation(of: (Bool, Bool).self, capacity: parts) { flags in
                    let mp = SharedPointer(maxima.baseAddress!)
                    let sp = SharedPointer(sums.baseAddress!)
                    let fp = SharedPointer(flags.baseAddress!)
                    forEachBlockRange(blocks, parts: parts) { p, range in
                        (fp.base + p).initialize(to: pass1(x, y, n, blocks: range, maxima: mp.base, sums: sp.base))
                    }
                    var nan = false
                    var infinity = false
                    for p in 0..<parts {
                        nan = nan || flags[p].0
                        infinity = infinity || flags[p].1
                    }
                    var m = -Float.infinity
                    if !nan {
                        for b in 0..<blocks { m = Swift.max(m, maxima[b]) }
                    }
                    if infinity { m = .infinity }
                    if Kernels.writeEdgeCase(x, y, n, max: Double(m), nan: nan, log: false) { return }
                    // c_b = exp(b − M) / S, in place of each block's sum (one exp per block).
                    var s = 0.0
                    for b in 0..<blocks {
                        let w = maxima[b] > -.infinity ? exp(Double(maxima[b]) - Double(m)) : 0
                        s += sums[b] * w
                        sums[b] = w
                    }
                    for b in 0..<blocks { sums[b] /= s }
                    forEachBlockRange(blocks, parts: parts) { _, range in
                        for block in range {
                            let lo = block * floatBlock
                            let hi = Swift.min(n, lo + floatBlock)
                            let c = sp.base[block]
                            if c == 0 {
                                // Blocks of −infinity (never written in pass 1) and blocks far
                                // below the maximum.
                                (y + lo).update(repeating: 0, count: hi - lo)
                            } else {
                                scale(y, lo, hi, by: c)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs `body(part, blocks)` for `parts` contiguous ranges of `0..<blocks`, concurrently
    /// when `parts > 1`.
    @inlinable
    static func forEachBlockRange(_ blocks: Int, parts: Int, _ body: (Int, Range<Int>) -> Void) {
        Kernels.forEachPart(parts, parts: parts) { p, _, _ in
            body(p, (p * blocks / parts)..<((p + 1) * blocks / parts))
        }
    }
}
