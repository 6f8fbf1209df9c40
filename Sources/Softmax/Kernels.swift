import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// The work-horse routines behind the public functions: SIMD (four or eight Double lanes),
/// reading from and writing into caller-provided storage, allocating nothing. Internal.
///
/// Double: three passes (maximum and minimum; exp of the exact difference x − m stored and
/// summed with Fast2Sum compensation in every lane; division by the double-double sum). The
/// minimum decides whether the exp needs its clamp, NaN mask and subnormal scaling (only when
/// some element is more than 707 below the maximum) and whether x − m is a Fast2Sum. Float
/// softmax is in `FloatKernels` (its own exp in Double lanes, each exp computed once per block of
/// 2048 and scaled in a second pass). Float logSoftmax and logSumExp use these Double lanes.
@usableFromInline
enum Kernels {
    /// Inputs at least this long are split across cores.
    @usableFromInline static let parallelThreshold = 1 << 16
    @usableFromInline static let blockSize = 2048

    /// How many threads to use for `n` elements: one per 64 Ki elements, at most one per core.
    @inlinable
    static func threads(for n: Int) -> Int {
        guard n >= parallelThreshold else { return 1 }
        return max(1, min(coreCount, n / parallelThreshold))
    }

    /// How many pieces to cut `n` elements into for `threads` threads: one when single-threaded,
    /// else up to eight per thread of at least 32 Ki elements each, so that a thread that gets
    /// less CPU time (other processes on a busy machine) takes fewer pieces instead of holding
    /// up the others. `fine` (Double softmax, the most work per element): up to 32 per thread of
    /// at least 16 Ki elements, which balanced better (2-3% faster at 1e6 on two cores).
    @inlinable
    static func pieces(for n: Int, threads: Int, fine: Bool = false) -> Int {
        if threads <= 1 { return 1 }
        return fine ? min(32 * threads, max(threads, n >> 14)) : min(8 * threads, max(threads, n >> 15))
    }

    @usableFromInline static let coreCount: Int = {
        #if canImport(Glibc) || canImport(Musl)
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
            return max(1, Int(sysconf(_SC_NPROCESSORS_ONLN)))
        #endif
    }()

    /// Runs `body(part, lo, hi)` for `parts` contiguous pieces of `0..<n` (multiples of 16
    /// elements), concurrently when `parts > 1`: libdispatch hands the pieces to its worker
    /// threads as they become free.
    @inlinable
    static func forEachPart(_ n: Int, parts: Int, _ body: (Int, Int, Int) -> Void) {
        if parts <= 1 {
            body(0, 0, n)
            return
        }
        let chunk = (n + parts - 1) / parts
        let rounded = (chunk + 15) & ~15
        let path = CapturedKernelPath()
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedBox(escapable)
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let lo = min(n, p * rounded)
                let hi = min(n, lo + rounded)
                path.run { box.value(p, lo, hi) }
            }
        }
    }

    // MARK: Reductions over a range

    /// The maximum and minimum over `lo..<hi` and whether any element is NaN.
    @inlinable
    static func rangeMax<T: KernelElement>(_ x: UnsafePointer<T>, _ lo: Int, _ hi: Int) -> (Double, Double, Bool) {
        var m0 = D4(repeating: -.infinity)
        var l0 = D4(repeating: .infinity)
        var nan0 = SIMDMask<I4>(repeating: false)
        var i = lo
        // One accumulator each (maxpd and minpd take a cycle): with two, the NaN flags did not
        // fit in registers and went through memory every iteration.
        while i + 8 <= hi {
            let a = load4(x, i)
            let b = load4(x, i + 4)
            m0 = vmax(vmax(a, b), m0)
            l0 = vmin(vmin(a, b), l0)
            nan0 = nan0 .| (a .!= a) .| (b .!= b)
            i += 8
        }
        while i < hi {
            let k = min(4, hi - i)
            let v = loadPartial(x, i, k, pad: -.infinity)
            m0 = vmax(v, m0)
            l0 = vmin(loadPartial(x, i, k, pad: .infinity), l0)
            nan0 = nan0 .| (v .!= v)
            i += 4
        }
        return (
            Swift.max(Swift.max(m0[0], m0[1]), Swift.max(m0[2], m0[3])),
            Swift.min(Swift.min(l0[0], l0[1]), Swift.min(l0[2], l0[3])), any(nan0)
        )
    }

    /// Σ exp(x_i − m) over `lo..<hi`, compensated per lane, as a double-double `(hi, lo)`; the
    /// terms are also written to `store` when given.
    @inlinable
    static func rangeSum<T: KernelElement>(
        _ x: UnsafePointer<T>, _ lo: Int, _ hi: Int, max m: Double, min low: Double, store: UnsafeMutablePointer<T>?
    ) -> (Double, Double) {
        // When no element is more than 707 below the maximum (exact in Double for |m| < 2^43),
        // no difference needs a clamp, a NaN test or the scaling for subnormal results.
        // Eight lanes (four SSE registers) there: pairs of independent instructions overlap
        // better. The other path stays on four, where the NaN mask of the two-sum compiles to
        // vector instructions.
        if !T.isSingle && low - m >= -707 && abs(m) < 0x1p43 {
            return abs(low) <= abs(m)
                ? rangeSum(x, lo, hi, max: m, store: store, DominatedRange.self, D8.self)
                : rangeSum(x, lo, hi, max: m, store: store, NormalRange.self, D8.self)
        }
        return rangeSum(x, lo, hi, max: m, store: store, ClampedRange.self, D4.self)
    }

    @inlinable
    static func rangeSum<T: KernelElement, R: ExpRangeType, V: SIMD>(
        _ x: UnsafePointer<T>, _ lo: Int, _ hi: Int, max m: Double, store: UnsafeMutablePointer<T>?, _: R.Type,
        _: V.Type
    ) -> (Double, Double) where V.Scalar == Double {
        expTable.withUnsafeBufferPointer { table in
            rangeSum(x, lo, hi, max: m, store: store, table: table.baseAddress!, R.self, V.self)
        }
    }

    @inlinable
    static func rangeSum<T: KernelElement, R: ExpRangeType, V: SIMD>(
        _ x: UnsafePointer<T>, _ lo: Int, _ hi: Int, max m: Double, store: UnsafeMutablePointer<T>?,
        table: UnsafePointer<Double>, _: R.Type, _: V.Type
    ) -> (Double, Double) where V.Scalar == Double {
        let normal = R.range.isNormal
        let w = V.scalarCount
        let mv = V(repeating: m)
        // Every lane starts at 1 (taken off at the end), so the running sum is never smaller than
        // a term (all are in [0, 1]) and Fast2Sum recovers each addition's rounding error exactly.
        var s = V(repeating: 1)
        var c = V(repeating: 0)
        @inline(__always) func term(_ v: V) -> V {
            if T.isSingle { return vexpForFloat(v - mv) }
            let (dh, dl) = vdiff(v, mv, finite: normal, dominated: R.range == .dominated)
            return vexp(dh, dl, table: table, normal: normal)
        }
        @inline(__always) func add(_ e: V) {
            let t = s + e
            c += e - (t - s)
            s = t
        }
        var i = lo
        while i + w <= hi {
            let e = term(loadLanes(x, i, as: V.self))
            if let store { storeLanes(e, store, i) }
            add(e)
            i += w
        }
        if i < hi {
            let k = hi - i
            // Padding with the maximum keeps every lane finite; the padded lanes are dropped.
            var v = V(repeating: m)
            for j in 0..<k { v[j] = x[i + j].asDouble }
            var e = term(v)
            for j in k..<w { e[j] = 0 }
            if let store { for j in 0..<k { store[i + j] = T(e[j]) } }
            add(e)
        }
        // Combine the lanes exactly (two-sum) into a double-double, taking off the 1s.
        var total = -Double(w)
        var err = 0.0
        for k in 0..<w {
            let a = total + s[k]
            let bb = a - total
            err += (total - (a - bb)) + (s[k] - bb) + c[k]
            total = a
        }
        let h = total + err
        return (h, err - (h - total))
    }

    // MARK: Edge cases

    /// Writes the documented edge-case result when `x` contains NaN or its maximum is infinite,
    /// and returns true; returns false for the ordinary case.
    @inlinable
    static func writeEdgeCase<T: KernelElement>(
        _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int, max m: Double, nan: Bool, log: Bool
    ) -> Bool {
        if nan || m == -.infinity {
            for i in 0..<n { y[i] = .nan }
            return true
        }
        if m == .infinity {
            var count = 0
            for i in 0..<n where x[i] == .infinity { count += 1 }
            let share = log ? T(-logOf(Double(count))) : T(1 / Double(count))
            let other: T = log ? -.infinity : 0
            for i in 0..<n { y[i] = x[i] == .infinity ? share : other }
            return true
        }
        return false
    }

    // MARK: Whole-vector kernels

    /// Softmax of `x[0..<n]` into `y` (may alias `x`).
    @inlinable
    static func softmax<T: KernelElement>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int, threads: Int) {
        if n == 0 { return }
        if T.self == Float.self {
            FloatKernels.softmax(
                UnsafeRawPointer(x).assumingMemoryBound(to: Float.self),
                UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self), n,
                parts: pieces(for: n, threads: threads), avx2: currentPathIsAVX2())
            return
        }
        let parts = pieces(for: n, threads: threads, fine: true)
        let avx2 = currentPathIsAVX2()
        let (m, low, nan) = parallelMax(x, n, parts: parts, avx2: avx2)
        if writeEdgeCase(x, y, n, max: m, nan: nan, log: false) { return }
        let (sHi, sLo) = parallelSum(x, n, parts: parts, max: m, min: low, store: y, avx2: avx2)
        // Division by sHi, rounded once, then the correction for sLo (smaller than an ulp of the
        // quotient, so mostly absorbed): a multiplication by 1/S would round twice.
        let correction = sLo / sHi
        let hiV = D4(repeating: sHi)
        let cV = D4(repeating: correction)
        // Every stored exp is then at least e^-660 ≈ 2^-952, and the sum below n ≤ 2^53.
        let normalQuotients = low - m >= -660
        forEachPart(n, parts: parts) { _, lo, hi in
            if avx2 {
                let yd = UnsafeMutableRawPointer(y).assumingMemoryBound(to: Double.self)
                return DoubleKernelsAVX2.divide(
                    yd, lo, hi, by: sHi, correction: correction, normalQuotients: normalQuotients)
            }
            var i = lo
            while i + 4 <= hi {
                let q = load4(UnsafePointer(y), i) / hiV
                store4(q - q * cV, y, i)
                i += 4
            }
            while i < hi {
                let q = y[i].asDouble / sHi
                y[i] = T(q - q * correction)
                i += 1
            }
        }
    }

    /// The maximum, minimum and NaN flag of `x[0..<n]`, each part on its own thread, n > 0.
    @inlinable
    static func parallelMax<T: KernelElement>(
        _ x: UnsafePointer<T>, _ n: Int, parts: Int, avx2: Bool = false
    ) -> (Double, Double, Bool) {
        withUnsafeTemporaryAllocation(of: (Double, Double, Bool).self, capacity: parts) { maxes in
            let mp = SharedPointer(maxes.baseAddress!)
            forEachPart(n, parts: parts) { p, lo, hi in
                (mp.base + p).initialize(
                    to: avx2 && T.self == Double.self
                        ? DoubleKernelsAVX2.rangeMax(UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), lo, hi)
                        : rangeMax(x, lo, hi))
            }
            var m = -Double.infinity
            var low = Double.infinity
            var nan = false
            for p in 0..<parts {
                m = Swift.max(m, maxes[p].0)
                low = Swift.min(low, maxes[p].1)
                nan = nan || maxes[p].2
            }
            return (m, low, nan)
        }
    }

    /// `Σ exp(x_i − max)` of `x[0..<n]` as a double-double, each part on its own thread; the terms are
    /// also stored into `store` when given.
    @inlinable
    static func parallelSum<T: KernelElement>(
        _ x: UnsafePointer<T>, _ n: Int, parts: Int, max m: Double, min low: Double, store: UnsafeMutablePointer<T>?,
        avx2: Bool = false
    ) -> (Double, Double) {
        // The AVX2 kernels cover Double on the ranges without clamps (as in `rangeSum`).
        let avx2 = avx2 && T.self == Double.self && low - m >= -707 && abs(m) < 0x1p43
        return withUnsafeTemporaryAllocation(of: (Double, Double).self, capacity: parts) { sums in
            let sp = SharedPointer(sums.baseAddress!)
            forEachPart(n, parts: parts) { p, lo, hi in
                (sp.base + p).initialize(
                    to: avx2
                        ? DoubleKernelsAVX2.rangeSum(
                            UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), lo, hi, max: m,
                            store: store.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: Double.self) },
                            dominated: abs(low) <= abs(m))
                        : rangeSum(x, lo, hi, max: m, min: low, store: store))
            }
            return addDoubleDoubles(UnsafeBufferPointer(sums))
        }
    }

    /// The maximum, NaN flag and `t = Σ exp(x_i − m) − 1` (the sum without the maximal term,
    /// accurate even when tiny) of `x[0..<n]`, n > 0.
    @inlinable
    static func normalizer<T: KernelElement>(_ x: UnsafePointer<T>, _ n: Int, parts: Int) -> (Double, Bool, Double) {
        let (m, low, nan) = parallelMax(x, n, parts: parts)
        if nan || !m.isFinite { return (m, nan, 0) }
        let (sHi, sLo) = parallelSum(x, n, parts: parts, max: m, min: low, store: nil)
        return (m, false, (sHi - 1) + sLo)
    }

    /// Log-softmax of `x[0..<n]` into `y` (may alias `x`).
    @inlinable
    static func logSoftmax<T: KernelElement>(
        _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int, threads: Int
    ) {
        if n == 0 { return }
        let parts = pieces(for: n, threads: threads)
        let (m, nan, t) = normalizer(x, n, parts: parts)
        if writeEdgeCase(x, y, n, max: m, nan: nan, log: true) { return }
        let l = log1p(t)
        let lv = D4(repeating: l)
        let mv = D4(repeating: m)
        forEachPart(n, parts: parts) { _, lo, hi in
            var i = lo
            while i + 4 <= hi {
                let (dh, dl) = vdiff(load4(x, i), mv)
                store4((dh - lv) + dl, y, i)
                i += 4
            }
            if i < hi {
                let k = hi - i
                let (dh, dl) = vdiff(loadPartial(x, i, k, pad: 0), mv)
                storePartial((dh - lv) + dl, y, i, k)
            }
        }
    }

    /// Element `i` of the log-softmax of `x[0..<n]`, n > 0: the value `logSoftmax` writes there
    /// (before its rounding to `T`), without the rest of the vector.
    @inlinable
    static func logSoftmax<T: KernelElement>(_ x: UnsafePointer<T>, _ n: Int, at i: Int, threads: Int) -> Double {
        let (m, nan, t) = normalizer(x, n, parts: pieces(for: n, threads: threads))
        if nan || m == -.infinity { return .nan }
        if m == .infinity {
            var count = 0
            for k in 0..<n where x[k] == .infinity { count += 1 }
            return x[i] == .infinity ? -logOf(Double(count)) : -.infinity
        }
        let (dh, dl) = vdiff(D4(repeating: x[i].asDouble), D4(repeating: m))
        return ((dh - D4(repeating: log1p(t))) + dl)[0]
    }

    /// log Σ exp(x_i) of `x[0..<n]` (−infinity for n == 0).
    @inlinable
    static func logSumExp<T: KernelElement>(_ x: UnsafePointer<T>, _ n: Int, threads: Int) -> Double {
        if n == 0 { return -.infinity }
        let parts = pieces(for: n, threads: threads)
        let (m, nan, t) = normalizer(x, n, parts: parts)
        if nan { return .nan }
        if !m.isFinite { return m }
        return m + log1p(t)
    }

    /// Compensated sum of `x[0..<n]` (used by normalize and the VJPs).
    @inlinable
    static func sum<T: KernelElement>(_ x: UnsafePointer<T>, _ n: Int) -> Double {
        compensatedSum(n) { x[$0].asDouble }
    }

    /// Compensated ⟨a, b⟩ over `0..<n`: the products in Double, summed as `sum` does.
    @inlinable
    static func dot<T: KernelElement>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ n: Int) -> Double {
        compensatedSum(n) { a[$0].asDouble * b[$0].asDouble }
    }

    /// Σ term(i) for i in 0..<n, scalar Neumaier.
    @inlinable @inline(__always)
    static func compensatedSum(_ n: Int, _ term: (Int) -> Double) -> Double {
        var sum = 0.0
        var comp = 0.0
        for i in 0..<n {
            let v = term(i)
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

    @inlinable
    static func addDoubleDoubles(_ parts: UnsafeBufferPointer<(Double, Double)>) -> (Double, Double) {
        var hi = 0.0
        var lo = 0.0
        for (h, l) in parts {
            let a = hi + h
            let bb = a - hi
            lo += (hi - (a - bb)) + (h - bb) + l
            hi = a
        }
        let s = hi + lo
        return (s, lo - (s - hi))
    }
}

@inlinable
func logOf(_ v: Double) -> Double { log(v) }
