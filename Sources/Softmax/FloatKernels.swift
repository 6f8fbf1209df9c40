// Float softmax in Float lanes (SIMD8<Float>: two SSE registers at the x86-64 baseline). Internal.
//
// exp(x − m − mLo) for x ≤ m is 2^k · (1 + rh + s): the difference x − m is taken exactly as a
// float pair dh + dl (two-sum), reduced by Cody–Waite to rh = dh − k·ln2hi (exact: ln2 is split
// so that k·ln2hi has few bits), the small rest rlo = dl − k·ln2lo − mLo is carried separately,
// and s = rlo + r²·P(r) with r = rh + rlo and P a degree-4 minimax polynomial for
// (e^r − 1 − r)/r² on |r| ≤ 0.36 (relative error 5e-9 with its coefficients rounded to Float,
// under 0.1 ulp). 1 + rh is split exactly (Fast2Sum) so that the result is rounded once.
//
// Softmax uses two passes. The first (online normalizer) reads the data once and gives the
// maximum m and S = Σ exp(x_i − m), summed in Double. The second writes y = exp(x − (m + log S)),
// with m + log S held as a float pair mHi + mLo, so each result is one exp rounded once (within
// 1 ulp; the accuracy tests measure at most 0.88). That pair is accurate only while ulp(m) is
// small; for |m| ≥ 2^16 the second pass subtracts m and then log S (as a float pair) with two
// exact two-sums instead.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

@usableFromInline typealias F8 = SIMD8<Float>
@usableFromInline typealias I8 = SIMD8<Int32>

@usableFromInline let log2eF: Float = 1.44269502
@usableFromInline let ln2hiF: Float = 0.693145751953125  // 16 significant bits: k·ln2hiF is exact
@usableFromInline let ln2loF: Float = 1.42860677e-06
@usableFromInline let roundMagicF: Float = 12_582_912  // 1.5 · 2^23: adding it rounds to an integer
@usableFromInline let roundMagicBitsF = Int32(bitPattern: Float(12_582_912).bitPattern)
/// Below this difference from the maximum a softmax value is under half the smallest subnormal.
@usableFromInline let softmaxFloorF: Float = -104
/// Terms below e^-86 are negligible in a sum that is at least 1; above it exp is a normal float.
@usableFromInline let sumFloorF: Float = -86

/// exp(x − m − mLo) ≈ 2^k · (1 + rh + s) for x ≤ m with x − m ≥ −130 and |mLo| ≤ 2^-8.
@inlinable @inline(__always)
func fexpParts(_ x: F8, _ m: F8, _ mLo: F8) -> (rh: F8, s: F8, k: I8) {
    let dh = x - m
    // Two-sum of x and −m: dh + dl is exactly x − m.
    let bb = dh - x
    let dl = (x - (dh - bb)) - (m + bb)
    let t = dh * log2eF + roundMagicF
    let kf = t - roundMagicF
    let k = unsafeBitCast(t, to: I8.self) &- roundMagicBitsF
    let rh = dh - kf * ln2hiF  // exact
    let rlo = dl - (kf * ln2loF + mLo)
    let r = rh + rlo
    var p = F8(repeating: 1.38087722e-3)
    p = p * r + 8.37149285e-3
    p = p * r + 4.16686684e-2
    p = p * r + 1.66664973e-1
    p = p * r + 4.99999911e-1
    return (rh, rlo + r * r * p, k)
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

/// 2^k as Float lanes for k in −126 ... 127.
@inlinable @inline(__always)
func powerOfTwoF(_ k: I8) -> F8 {
    unsafeBitCast((k &+ 127) &<< 23, to: F8.self)
}

@inlinable @inline(__always)
func loadF8(_ p: UnsafePointer<Float>, _ i: Int) -> F8 {
    UnsafeRawPointer(p + i).loadUnaligned(as: F8.self)
}

@inlinable @inline(__always)
func storeF8(_ v: F8, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
    UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: F8.self)
}

@inlinable @inline(__always)
func loadPartialF8(_ p: UnsafePointer<Float>, _ i: Int, _ count: Int, pad: Float) -> F8 {
    var v = F8(repeating: pad)
    for k in 0..<count { v[k] = p[i + k] }
    return v
}

/// Adds the eight lanes of `v` to the Double accumulators.
@inlinable @inline(__always)
func accumulate(_ v: F8, _ a: inout D4, _ b: inout D4) {
    a += D4(v.lowHalf)
    b += D4(v.highHalf)
}

@usableFromInline
enum FloatKernels {
    /// The maximum of `x[lo..<hi]` and whether any element is NaN.
    @inlinable
    static func rangeMax(_ x: UnsafePointer<Float>, _ lo: Int, _ hi: Int) -> (Float, Bool) {
        var m0 = F8(repeating: -.infinity)
        var m1 = F8(repeating: -.infinity)
        var nan = SIMDMask<I8>(repeating: false)
        var i = lo
        while i + 16 <= hi {
            let a = loadF8(x, i)
            let b = loadF8(x, i + 8)
            m0 = m0.replacing(with: a, where: a .> m0)
            m1 = m1.replacing(with: b, where: b .> m1)
            nan = nan .| (a .!= a) .| (b .!= b)
            i += 16
        }
        while i < hi {
            let v = loadPartialF8(x, i, min(8, hi - i), pad: -.infinity)
            m0 = m0.replacing(with: v, where: v .> m0)
            nan = nan .| (v .!= v)
            i += 8
        }
        m0 = m0.replacing(with: m1, where: m1 .> m0)
        return (m0.max(), any(nan))
    }

    /// Σ exp(x_i − m) over `x[lo..<hi]` for a finite `m` ≥ every element, in Double. Elements
    /// more than 86 below `m` count as at most e^-86 (together less than 2^-100 of the sum).
    @inlinable
    static func rangeSum(_ x: UnsafePointer<Float>, _ lo: Int, _ hi: Int, max m: Float) -> Double {
        // While |m| < 2^16 the clamp below is within 2^-8 of m − 86, so every difference is in
        // −86.01 ... 0; beyond, the clamp can be far below m (or −infinity) and the terms of
        // elements more than 86 below m are set to 0 instead.
        abs(m) < 65536 ? rangeSum(x, lo, hi, max: m, wide: false) : rangeSum(x, lo, hi, max: m, wide: true)
    }

    @inlinable @inline(__always)
    static func rangeSum(_ x: UnsafePointer<Float>, _ lo: Int, _ hi: Int, max m: Float, wide: Bool) -> Double {
        let mv = F8(repeating: m)
        let floor = F8(repeating: floatBelow(m, plus: Double(sumFloorF)))
        let zero = F8(repeating: 0)
        var a0 = D4(repeating: 0)
        var a1 = D4(repeating: 0)
        @inline(__always) func term(_ v: F8) -> F8 {
            let xc = floor.replacing(with: v, where: v .> floor)
            let (rh, s, k) = fexpParts(xc, mv, zero)
            let e = 1 + (rh + s)
            let t = unsafeBitCast(unsafeBitCast(e, to: I8.self) &+ (k &<< 23), to: F8.self)
            return wide ? t.replacing(with: 0, where: .!(xc - mv .>= sumFloorF)) : t
        }
        var i = lo
        while i + 8 <= hi {
            accumulate(term(loadF8(x, i)), &a0, &a1)
            i += 8
        }
        if i < hi {
            let count = hi - i
            var e = term(loadPartialF8(x, i, count, pad: m))
            for k in count..<8 { e[k] = 0 }
            accumulate(e, &a0, &a1)
        }
        return (a0 + a1).sum()
    }

    /// The online normalizer over `x[lo..<hi]`: the maximum `m`, Σ exp(x_i − m) and whether a
    /// NaN was seen, in one read of the data (each block of 2048 is read twice from L1).
    @inlinable
    static func rangeOnline(_ x: UnsafePointer<Float>, _ lo: Int, _ hi: Int) -> (Float, Double, Bool) {
        var runningMax = -Float.infinity
        var runningSum = 0.0
        var sawNaN = false
        var i = lo
        while i < hi {
            let end = min(hi, i + Kernels.blockSize)
            let (bm, nan) = rangeMax(x, i, end)
            if nan { sawNaN = true }
            if bm == .infinity {
                runningMax = .infinity
            } else if bm > -.infinity && runningMax != .infinity {
                let bs = rangeSum(x, i, end, max: bm)
                if bm > runningMax {
                    runningSum = runningSum * exp(Double(runningMax) - Double(bm)) + bs
                    runningMax = bm
                } else {
                    runningSum += bs * exp(Double(bm) - Double(runningMax))
                }
            }
            i = end
        }
        return (runningMax, runningSum, sawNaN)
    }

    /// y = exp(x − (mHi + mLo)) over `x[lo..<hi]`, where mHi + mLo ≥ every element and
    /// |mLo| ≤ 2^-8.
    @inlinable
    static func rangeExp(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ lo: Int, _ hi: Int,
        mHi: Float, mLo: Float
    ) {
        let mv = F8(repeating: mHi)
        let mLoV = F8(repeating: mLo)
        // Below this, exp is under half the smallest subnormal and rounds to 0.
        let floor = F8(repeating: floatBelow(mHi, plus: Double(softmaxFloorF)))
        // At or above this, k ≥ −125 and the result is a normal float.
        let normal = F8(repeating: Float(Double(mHi) - 86.5))
        @inline(__always) func value(_ v: F8) -> F8 {
            let xc = floor.replacing(with: v, where: v .> floor)
            let (rh, s, k) = fexpParts(xc, mv, mLoV)
            return exponential(rh, s, k, normal: !any(xc .< normal))
        }
        var i = lo
        while i + 8 <= hi {
            storeF8(value(loadF8(x, i)), y, i)
            i += 8
        }
        if i < hi {
            let count = hi - i
            let v = value(loadPartialF8(x, i, count, pad: mHi))
            for k in 0..<count { y[i + k] = v[k] }
        }
    }

    /// 2^k · (1 + rh + s), rounded once; `normal` when every k ≥ −125.
    @inlinable @inline(__always)
    static func exponential(_ rh: F8, _ s: F8, _ k: I8, normal: Bool) -> F8 {
        let u = 1 + rh
        let e = u + ((rh - (u - 1)) + s)  // 1 + rh + s, rounded once
        if normal {
            return unsafeBitCast(unsafeBitCast(e, to: I8.self) &+ (k &<< 23), to: F8.self)
        }
        // Results near or below the smallest normal: scale in two exact steps so that only the
        // last one rounds.
        let k1 = k &>> 1
        return (e * powerOfTwoF(k1)) * powerOfTwoF(k &- k1)
    }

    /// y = exp(x − m − (lHi + lLo)) over `x[lo..<hi]` for |m| ≥ 2^16, where m + log S is not a
    /// float pair: x − m and then its difference with lHi are both taken exactly (two-sum).
    @inlinable
    static func rangeExpWide(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ lo: Int, _ hi: Int,
        max m: Float, lHi: Float, lLo: Float
    ) {
        let mv = F8(repeating: m)
        let lv = F8(repeating: lHi)
        let lLoV = F8(repeating: lLo)
        let floor = F8(repeating: floatBelow(m, plus: Double(softmaxFloorF)))
        var i = lo
        while i < hi {
            let count = min(8, hi - i)
            let v = count == 8 ? loadF8(x, i) : loadPartialF8(x, i, count, pad: m)
            let xc = floor.replacing(with: v, where: v .> floor)
            let dh = xc - mv
            let bb = dh - xc
            let dl = (xc - (dh - bb)) - (mv + bb)
            let d = dh - lv
            let cc = d - dh
            let dl2 = (dh - (d - cc)) - (lv + cc)
            // x − m − lHi − lLo = d + (dl + dl2 − lLo) exactly up to the last rounding.
            let (rh, s, k) = fexpParts(d, F8(repeating: 0), lLoV - (dl + dl2))
            let r = exponential(rh, s, k, normal: false).replacing(with: 0, where: d .< softmaxFloorF)
            if count == 8 {
                storeF8(r, y, i)
            } else {
                for k in 0..<count { y[i + k] = r[k] }
            }
            i += 8
        }
    }

    /// Float softmax of `x[0..<n]` into `y` (may alias `x`), n > 0.
    @inlinable
    static func softmax(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, parts: Int) {
        if parts <= 1 {
            let (m, s, nan) = rangeOnline(x, 0, n)
            finish(x, y, n, parts: 1, max: m, sum: s, nan: nan)
            return
        }
        withUnsafeTemporaryAllocation(of: (Float, Double, Bool).self, capacity: parts) { buffer in
            let pp = SharedPointer(buffer.baseAddress!)
            Kernels.forEachPart(n, parts: parts) { p, lo, hi in
                (pp.base + p).initialize(to: rangeOnline(x, lo, hi))
            }
            var m = -Float.infinity
            var nan = false
            for p in 0..<parts {
                m = Swift.max(m, buffer[p].0)
                nan = nan || buffer[p].2
            }
            var s = 0.0
            if m.isFinite {
                for p in 0..<parts where buffer[p].0 > -.infinity {
                    s += buffer[p].1 * exp(Double(buffer[p].0) - Double(m))
                }
            }
            finish(x, y, n, parts: parts, max: m, sum: s, nan: nan)
        }
    }

    @inlinable
    static func finish(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, parts: Int,
        max m: Float, sum s: Double, nan: Bool
    ) {
        if Kernels.writeEdgeCase(x, y, n, max: Double(m), nan: nan, log: false) { return }
        if abs(m) < 65536 {
            // y = exp(x − (m + log S)), the shift held as a float pair.
            let shift = Double(m) + log(s)
            let mHi = Float(shift)
            let mLo = Float(shift - Double(mHi))
            Kernels.forEachPart(n, parts: parts) { _, lo, hi in
                rangeExp(x, y, lo, hi, mHi: mHi, mLo: mLo)
            }
        } else {
            let l = log(s)
            let lHi = Float(l)
            let lLo = Float(l - Double(lHi))
            Kernels.forEachPart(n, parts: parts) { _, lo, hi in
                rangeExpWide(x, y, lo, hi, max: m, lHi: lHi, lLo: lLo)
            }
        }
    }
}
