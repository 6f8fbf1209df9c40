// Float softmax, the exp in Double lanes (SIMD8<Double>: four SSE registers at the x86-64
// baseline). Internal.
//
// Two passes, each exp computed once. The input is cut into blocks of 2048 elements (8 KB, so a
// block read twice comes from L1). Pass 1, per block: its maximum b and minimum (of the numbers),
// then E_i = exp(x_i − r) in Double for a reference r within ln 2 / 512 of b (see `blockExp`),
// stored into y rounded to Float (e_i), and the block sum of the E_i in Double; a NaN element
// makes that sum NaN. Between the passes the block references and sums give the largest
// reference M and S = Σ_blocks sum_b · exp(r − M). Pass 2 scales every block in place:
// y_i = Float(Double(e_i) · c_b) with c_b = exp(r − M) / S in Double, so only e_i and
// that last conversion round: within 0.5 + 0.5·(significand of c_b) < 1.5 ulp plus the exp's
// 2^-31 relative, and pass 2 costs a multiplication per element instead of a second exp (the
// accuracy tests measure the maximum; see the README). The sum is of the unrounded E_i: summing
// the e_i would let S be off by up to 2^-24 when many equal elements round the same way, up to
// one more ulp in every result.
//
// Float's 24 bits leave an exp in Double lanes little to do: x · 256/ln 2 is exact enough in
// Double without a two-product, a 256-entry table and a quadratic reach 2^-31, results near and
// below the
// smallest normal float come out of one Float rounding, and exp(−200) (the clamp, which also
// takes −infinity) is 0 in Float. The conversions to and from Double cost less than the
// compensated Float arithmetic that the same accuracy needs in Float lanes.
//
// The code is written for what the x86-64 baseline (SSE2, no FMA) compiles well: maxima as
// element-wise `a > b ? a : b` (one maxps or maxpd per register; `replacing(with:where:)` and
// `pointwiseMax` compile to three or more instructions), Float lanes widened straight from
// memory (cvtps2pd), the exponent field added as an integer, and the table indices moved out of
// the vector registers four at a time.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

@usableFromInline typealias F4 = SIMD4<Float>
@usableFromInline typealias I4x32 = SIMD4<Int32>
@usableFromInline typealias F8 = SIMD8<Float>

/// ln 2 / 256 rounded to Double.
@usableFromInline let ln2By256 = 0.0027076061740622863
/// 256 / ln 2 (the exp's argument in steps of ln 2 / 256) and its square, rounded to Double.
@usableFromInline let stepsPerUnit = 369.3299304675746
@usableFromInline let stepsPerUnitSquared = 136404.5975391835
/// Differences from the block maximum are clamped here: exp of it is far below half the
/// smallest subnormal float.
@usableFromInline let expFloorForFloat = -200.0
/// Elements per block: a block is read twice in pass 1, from L1 the second time.
@usableFromInline let floatBlock = 2048

@inlinable @inline(__always)
func loadF4(_ p: UnsafePointer<Float>, _ i: Int) -> F4 {
    UnsafeRawPointer(p + i).loadUnaligned(as: F4.self)
}

@inlinable @inline(__always)
func loadPartialF4(_ p: UnsafePointer<Float>, _ i: Int, _ count: Int, pad: Float) -> F4 {
    var v = F4(repeating: pad)
    for k in 0..<count { v[k] = p[i + k] }
    return v
}

/// 2^((p − B)/256) for an integer B given as `offset` = 1.5 · 2^52 − B, |B| < 2^30, and
/// −200 · 256/ln 2 ≤ p − B ≤ 1/2 (or NaN, which stays NaN): exp(x − r) for p = x · 256/ln 2 and
/// r = B · ln 2/256. Within 4.2e-10 (2^-31.2) relative: its Float rounding is the correct one
/// but within 0.01 ulp of a tie.
@inlinable @inline(__always)
func expForFloat(steps p: D8, offset: D8, table: UnsafePointer<Int64>) -> D8 {
    // t rounds p − B to the integer m = 256 k + j (the offset is an integer of t's binade, whose
    // ulp is 1), and f = p − (t − offset) = p − round(p) exactly: 2^((p − B)/256) =
    // 2^k · 2^(j/256) · e^r with r = a·f, a = ln 2 / 256, |f| ≤ 1/2.
    let t = p + offset
    let f = p - (t - offset)
    let bits = unsafeBitCast(t, to: SIMD8<Int64>.self)
    // t's low 20 bits are those of m (1.5 · 2^52 has none), so m · 2^44 is k in the exponent
    // field plus j · 2^44, which the table entry j has taken off (see `expTableForFloat`).
    var power = SIMD8<Int64>()
    for half in 0..<2 {
        // j for four lanes: the low halves of their words, masked, read as two 64-bit words
        // (fewer moves out of the vector registers than one per lane).
        let quad = SIMD4<Int32>(truncatingIfNeeded: half == 0 ? bits.lowHalf : bits.highHalf) & 255
        let words = unsafeBitCast(quad, to: SIMD2<Int64>.self)
        for w in 0..<2 {
            power[4 * half + 2 * w] = table[Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: words[w]))]
            power[4 * half + 2 * w + 1] = table[Int(truncatingIfNeeded: words[w] &>> 32)]
        }
    }
    // 2^k · 2^(j/256) · a² / 2, normal for k ≥ −1000.
    let scale = unsafeBitCast(power &+ (bits &<< 44), to: D8.self)
    // 2 e^r = (1 + r)² + 1 to within r³/3, and (1 + a·f)² + 1 = a² · ((f + 1/a)² + 1/a²): the
    // table's factor a²/2 leaves an addition, a multiplication and an addition.
    let s = f + stepsPerUnit
    return scale * (s * s + stepsPerUnitSquared)
}

/// The bits of 2^(j/256) · (ln 2/256)² / 2 minus j · 2^44, for j = 0 ... 255 (from
/// `expTable256`): adding m · 2^44 for m = 256 k + j gives the bits of 2^k times the entry.
@usableFromInline let expTableForFloat: [Int64] = expTable256.enumerated().map { j, power in
    Int64(bitPattern: (power * (ln2By256 * ln2By256) / 2).bitPattern) &- (Int64(j) << 44)
}

@inlinable @inline(__always)
func widen(_ f: F8) -> D8 {
    var d = D8()
    for i in 0..<8 { d[i] = Double(f[i]) }
    return d
}

@inlinable @inline(__always)
func narrow(_ d: D8) -> F8 {
    var f = F8()
    for i in 0..<8 { f[i] = Float(d[i]) }
    return f
}

@usableFromInline
enum FloatKernels {
    /// The maximum and minimum of the numbers in `x[lo..<hi]` (NaN elements are passed over:
    /// −infinity and +infinity when there are no numbers).
    @inlinable
    static func rangeMaxMin(_ x: UnsafePointer<Float>, _ lo: Int, _ hi: Int) -> (max: Float, min: Float) {
        var m0 = F8(repeating: -.infinity)
        var m1 = F8(repeating: -.infinity)
        var l0 = F8(repeating: .infinity)
        var l1 = F8(repeating: .infinity)
        var i = lo
        while i + 16 <= hi {
            let a = UnsafeRawPointer(x + i).loadUnaligned(as: F8.self)
            let b = UnsafeRawPointer(x + i + 8).loadUnaligned(as: F8.self)
            m0 = vmax(a, m0)
            m1 = vmax(b, m1)
            l0 = vmin(a, l0)
            l1 = vmin(b, l1)
            i += 16
        }
        m0 = vmax(m0, m1)
        l0 = vmin(l0, l1)
        var m = vmax(m0.lowHalf, m0.highHalf)
        var l = vmin(l0.lowHalf, l0.highHalf)
        while i < hi {
            let count = min(4, hi - i)
            m = vmax(loadPartialF4(x, i, count, pad: -.infinity), m)
            l = vmin(loadPartialF4(x, i, count, pad: .infinity), l)
            i += 4
        }
        return (
            Swift.max(Swift.max(m[0], m[1]), Swift.max(m[2], m[3])),
            Swift.min(Swift.min(l[0], l[1]), Swift.min(l[2], l[3]))
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

    /// Stores e_i = exp(x_i − r) into `y` over `lo..<hi`, for the finite maximum `b` and the
    /// minimum `low` of that range, and returns the sum of the unrounded exps in Double (NaN when
    /// an element is NaN) and the reference r, within ln 2 / 512 of b.
    @inlinable
    static func blockExp(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ lo: Int, _ hi: Int, max b: Float,
        min low: Float, avx2: Bool
    ) -> (sum: Double, reference: Double) {
        // Below 2^20, x · 256/ln 2 is within 2^-33 of exact once scaled back, so the reference
        // rides in the exp's rounding offset: r = B · ln 2/256 for the integer B nearest
        // b · 256/ln 2, which saves a subtraction per element. Larger maxima are subtracted first
        // (x − b is exact in Double), on the clamped path.
        let origin = abs(b) < 0x1p20 ? 0 : Double(b)
        let steps = ((Double(b) - origin) * stepsPerUnit).rounded()
        let reference = origin + steps / stepsPerUnit
        // Differences below −200 (and −infinity) are clamped there: exp(−200) rounds to 0 in
        // Float, and the sum can't tell it from 0.
        let normal = origin == 0 && Double(low) - Double(b) >= expFloorForFloat
        if avx2 {
            let sum = FloatKernelsAVX2.blockExp(x, y, lo, hi, origin: origin, steps: steps, pad: b, clamp: !normal)
            return (sum, reference)
        }
        let sum = expTableForFloat.withUnsafeBufferPointer { table in
            normal
                ? blockExp(x, y, lo, hi, origin: 0, steps: steps, pad: b, table: table.baseAddress!, NormalRange.self)
                : blockExp(
                    x, y, lo, hi, origin: origin, steps: steps, pad: b, table: table.baseAddress!, ClampedRange.self)
        }
        return (sum, reference)
    }

    @inlinable
    static func blockExp<R: ExpRangeType>(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ lo: Int, _ hi: Int, origin: Double,
        steps: Double, pad: Float, table: UnsafePointer<Int64>, _: R.Type
    ) -> Double {
        let clamp = R.range == .clamped
        let originV = D8(repeating: origin)
        let perUnit = D8(repeating: stepsPerUnit)
        let offset = D8(repeating: roundMagic - steps)
        let floor = D8(repeating: steps + expFloorForFloat * stepsPerUnit)
        @inline(__always) func exps(_ v: F8) -> D8 {
            // A NaN stays NaN through the clamp (vmax gives its second argument).
            let p = clamp ? vmax(floor, (widen(v) - originV) * perUnit) : widen(v) * perUnit
            return expForFloat(steps: p, offset: offset, table: table)
        }
        // Four lanes of sums (two registers) leave more registers to the exp than eight.
        var sum = D4(repeating: 0)
        var i = lo
        while i + 8 <= hi {
            let e = exps(UnsafeRawPointer(x + i).loadUnaligned(as: F8.self))
            UnsafeMutableRawPointer(y + i).storeBytes(of: narrow(e), as: F8.self)
            sum += e.lowHalf + e.highHalf
            i += 8
        }
        if i < hi {
            let count = hi - i
            // Padding with the maximum gives finite values in the unused lanes, dropped below.
            var v = F8(repeating: pad)
            for k in 0..<count { v[k] = x[i + k] }
            var e = exps(v)
            for k in 0..<count { y[i + k] = Float(e[k]) }
            for k in count..<8 { e[k] = 0 }
            sum += e.lowHalf + e.highHalf
        }
        return sum.sum()
    }

    /// y_i = Float(Double(y_i) · c) over `lo..<hi`: one rounding of a product exact to 2^-53.
    @inlinable
    static func scale(_ y: UnsafeMutablePointer<Float>, _ lo: Int, _ hi: Int, by c: Double) {
        let cv = D8(repeating: c)
        var i = lo
        while i + 8 <= hi {
            let e = widen(UnsafeRawPointer(y + i).loadUnaligned(as: F8.self))
            UnsafeMutableRawPointer(y + i).storeBytes(of: narrow(e * cv), as: F8.self)
            i += 8
        }
        while i < hi {
            y[i] = Float(Double(y[i]) * c)
            i += 1
        }
    }

    /// Pass 1 over blocks `firstBlock..<lastBlock` of `x[0..<n]`: each block's exp reference
    /// (its maximum when that is not finite) into `references` and, when finite, its exps into
    /// `y` and their sum into `sums`. Returns whether a
    /// NaN or +infinity was seen (the result is then an edge case and `y` is rewritten).
    @inlinable
    static func pass1(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, blocks: Range<Int>,
        references: UnsafeMutablePointer<Double>, sums: UnsafeMutablePointer<Double>, avx2: Bool
    ) -> (nan: Bool, infinity: Bool) {
        var infinity = false
        for block in blocks {
            let lo = block * floatBlock
            let hi = Swift.min(n, lo + floatBlock)
            let (b, low) = avx2 ? FloatKernelsAVX2.rangeMaxMin(x, lo, hi) : rangeMaxMin(x, lo, hi)
            references[block] = Double(b)
            sums[block] = 0
            if b == .infinity { infinity = true }
            if b.isFinite && !infinity {
                // A NaN element makes the sum NaN.
                let (sum, reference) = blockExp(x, y, lo, hi, max: b, min: low, avx2: avx2)
                if sum.isNaN { return (true, infinity) }
                references[block] = reference
                sums[block] = sum
            } else if containsNaN(x, lo, hi) {
                return (true, infinity)
            }
        }
        return (false, infinity)
    }

    /// Float softmax of `x[0..<n]` into `y` (may alias `x`), n > 0, in `parts` pieces, with the
    /// AVX2 steps (`FloatKernelsAVX2`) when `avx2` (only when this processor supports them).
    @inlinable
    static func softmax(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, parts: Int, avx2: Bool
    ) {
        let blocks = (n + floatBlock - 1) / floatBlock
        let parts = Swift.max(1, Swift.min(parts, blocks))
        withUnsafeTemporaryAllocation(of: Double.self, capacity: blocks) { references in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: blocks) { sums in
                withUnsafeTemporaryAllocation(of: (Bool, Bool).self, capacity: parts) { flags in
                    let rp = SharedPointer(references.baseAddress!)
                    let sp = SharedPointer(sums.baseAddress!)
                    let fp = SharedPointer(flags.baseAddress!)
                    forEachBlockRange(blocks, parts: parts) { p, range in
                        (fp.base + p).initialize(
                            to: pass1(x, y, n, blocks: range, references: rp.base, sums: sp.base, avx2: avx2))
                    }
                    var nan = false
                    var infinity = false
                    for p in 0..<parts {
                        nan = nan || flags[p].0
                        infinity = infinity || flags[p].1
                    }
                    var m = -Double.infinity
                    if !nan {
                        for b in 0..<blocks { m = Swift.max(m, references[b]) }
                    }
                    if infinity { m = .infinity }
                    if Kernels.writeEdgeCase(x, y, n, max: m, nan: nan, log: false) { return }
                    // c_b = exp(r − M) / S, in place of each block's sum (one exp per block).
                    var s = 0.0
                    for b in 0..<blocks {
                        let w = references[b] > -.infinity ? exp(references[b] - m) : 0
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
                            } else if avx2 {
                                FloatKernelsAVX2.scale(y, lo, hi, by: c)
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
