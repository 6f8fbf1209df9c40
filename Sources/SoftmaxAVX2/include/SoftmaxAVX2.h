// Softmax kernels for x86-64 processors with AVX2 and FMA, chosen at run time by the Softmax
// target (see KernelPath.swift there). Each function ports one step of FloatKernels.swift or
// Kernels.swift with the same algorithm, so the accuracy bounds are those of the baseline path (the
// Float exp's polynomial, in place of the baseline's table, is more accurate than it). On other
// architectures, or when the processor lacks AVX2 or FMA, `softmax_avx2_supported` returns 0 and
// the other functions must not be called.
#ifndef SOFTMAX_AVX2_H
#define SOFTMAX_AVX2_H

#include <stddef.h>
#include <stdint.h>

/// 1 when the processor and the operating system support AVX2 and FMA, else 0.
int softmax_avx2_supported(void);

/// The maximum and minimum of the numbers in x[lo..<hi] (NaN passed over: −infinity and
/// +infinity when there are none). Port of `FloatKernels.rangeMaxMin`.
void softmax_avx2_float_max_min(const float *x, ptrdiff_t lo, ptrdiff_t hi, float *max, float *min);

/// The constants of one block's exp, computed by the Swift caller as for the baseline path.
struct softmax_avx2_exp_constants {
    double origin;          // subtracted first on the clamped range
    double steps;           // B, the reference in steps of ln 2 / 256 (an integer, |B| < 2^30)
    double floor;           // the clamp, in steps from B
    double steps_per_unit;  // 256 / ln 2
};

/// exp(x_i − r) into y over lo..<hi, rounded to float, for r = B steps; returns the Double sum of
/// the unrounded exps (NaN when an element is NaN). As the generic `FloatKernels.blockExp`, with
/// the table replaced by a polynomial (ExpPolynomial.h); `clamp` selects its clamped range.
double softmax_avx2_float_block_exp(
    const float *x, float *y, ptrdiff_t lo, ptrdiff_t hi, const struct softmax_avx2_exp_constants *k, float pad,
    int clamp);

/// y_i = float(double(y_i) · c) over lo..<hi. Port of `FloatKernels.scale`.
void softmax_avx2_float_scale(float *y, ptrdiff_t lo, ptrdiff_t hi, double c);

/// The maximum, minimum and NaN flag of x[lo..<hi]. Port of `Kernels.rangeMax` for Double.
void softmax_avx2_double_max_min(const double *x, ptrdiff_t lo, ptrdiff_t hi, double *max, double *min, int *nan);

/// Σ exp(x_i − m) over lo..<hi as a double-double, the terms stored into y when not null, for
/// x_i − m ≥ −707 and |m| < 2^43; `dominated` when also |x_i| ≤ |m|. `table` is `expTable`. Port
/// of `Kernels.rangeSum` for Double on those ranges.
void softmax_avx2_double_range_sum(
    const double *x, double *y, ptrdiff_t lo, ptrdiff_t hi, double m, const double *table, int dominated,
    double *sum_hi, double *sum_lo);

/// y_i = q − q · correction for q = y_i / sum_hi over lo..<hi (Double softmax's last pass), q
/// correctly rounded. `normal_quotients` when every y_i / sum_hi is known to be a normal double
/// (or 0): then q comes from the reciprocal and a Newton step instead of a division.
void softmax_avx2_double_divide(
    double *y, ptrdiff_t lo, ptrdiff_t hi, double sum_hi, double correction, int normal_quotients);

#endif
