// The Swift side of the AVX2 and FMA softmax steps (Sources/SoftmaxAVX2): not inlinable, so
// that the C module stays an implementation detail of Softmax (no type of it appears in a
// declaration of Softmax). Callers check the path first. Clients still load the module (Softmax is
// not built for library evolution): SwiftPM passes its map to targets that import Softmax, and the
// evaluator to page programs (Toolchain.moduleMaps).

internal import SoftmaxAVX2

@usableFromInline
enum FloatKernelsAVX2 {
    /// Whether this processor (and its operating system) supports AVX2 and FMA.
    static let isSupported = softmax_avx2_supported() != 0

    /// As `FloatKernels.rangeMaxMin`.
    @usableFromInline
    static func rangeMaxMin(_ x: UnsafePointer<Float>, _ lo: Int, _ hi: Int) -> (max: Float, min: Float) {
        var m: Float = 0
        var l: Float = 0
        softmax_avx2_float_max_min(x, lo, hi, &m, &l)
        return (m, l)
    }

    /// As the generic `FloatKernels.blockExp`, with the same reference (B = `steps`) and clamp.
    @usableFromInline
    static func blockExp(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ lo: Int, _ hi: Int, origin: Double,
        steps: Double, pad: Float, clamp: Bool
    ) -> Double {
        var k = softmax_avx2_exp_constants(
            origin: origin, steps: steps, floor: expFloorForFloat * stepsPerUnit, steps_per_unit: stepsPerUnit)
        return softmax_avx2_float_block_exp(x, y, lo, hi, &k, pad, clamp ? 1 : 0)
    }

    /// As `FloatKernels.scale`.
    @usableFromInline
    static func scale(_ y: UnsafeMutablePointer<Float>, _ lo: Int, _ hi: Int, by c: Double) {
        softmax_avx2_float_scale(y, lo, hi, c)
    }
}

@usableFromInline
enum DoubleKernelsAVX2 {
    /// As `Kernels.rangeMax` for Double.
    @usableFromInline
    static func rangeMax(_ x: UnsafePointer<Double>, _ lo: Int, _ hi: Int) -> (Double, Double, Bool) {
        var m = 0.0
        var l = 0.0
        var nan: Int32 = 0
        softmax_avx2_double_max_min(x, lo, hi, &m, &l, &nan)
        return (m, l, nan != 0)
    }

    /// As `Kernels.rangeSum` for Double on the normal and dominated ranges.
    @usableFromInline
    static func rangeSum(
        _ x: UnsafePointer<Double>, _ lo: Int, _ hi: Int, max m: Double, store: UnsafeMutablePointer<Double>?,
        dominated: Bool
    ) -> (Double, Double) {
        var h = 0.0
        var l = 0.0
        expTable.withUnsafeBufferPointer { table in
            softmax_avx2_double_range_sum(x, store, lo, hi, m, table.baseAddress!, dominated ? 1 : 0, &h, &l)
        }
        return (h, l)
    }

    /// Double softmax's division pass over `lo..<hi`. `normalQuotients` when every y_i is at least
    /// 2^-950 (and the sum below 2^60): the quotients and their residuals are then normal doubles,
    /// as the reciprocal and Newton step need.
    @usableFromInline
    static func divide(
        _ y: UnsafeMutablePointer<Double>, _ lo: Int, _ hi: Int, by sumHi: Double, correction: Double,
        normalQuotients: Bool
    ) {
        softmax_avx2_double_divide(y, lo, hi, sumHi, correction, normalQuotients ? 1 : 0)
    }
}
