// The Float softmax steps of FloatKernels.swift in AVX2 and FMA, four Double lanes per register.
// Same blocks, references, clamp, reductions and rounding steps as the baseline, except the exp:
// where the baseline reads 2^(j/256) from a table, this one evaluates a degree-7 polynomial over
// the whole step (ExpPolynomial.h, within 2^-34 relative against the table's 2^-31). In Double
// lanes the table costs four scalar loads and the moves around them per register (vpgatherqq was
// slower still on Zen 3); the polynomial's six extra multiply-adds cost less.
#include "SoftmaxAVX2.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#include "ExpPolynomial.h"

#define AVX2 __attribute__((target("avx2,fma")))

AVX2 void softmax_avx2_float_max_min(const float *x, ptrdiff_t lo, ptrdiff_t hi, float *max, float *min) {
    // maxps returns its second operand when either is NaN, so NaN never enters the accumulators.
    __m256 m0 = _mm256_set1_ps(-__builtin_inff()), m1 = m0;
    __m256 l0 = _mm256_set1_ps(__builtin_inff()), l1 = l0;
    ptrdiff_t i = lo;
    for (; i + 16 <= hi; i += 16) {
        __m256 a = _mm256_loadu_ps(x + i), b = _mm256_loadu_ps(x + i + 8);
        m0 = _mm256_max_ps(a, m0);
        m1 = _mm256_max_ps(b, m1);
        l0 = _mm256_min_ps(a, l0);
        l1 = _mm256_min_ps(b, l1);
    }
    m0 = _mm256_max_ps(m0, m1);
    l0 = _mm256_min_ps(l0, l1);
    float ms[8], ls[8];
    _mm256_storeu_ps(ms, m0);
    _mm256_storeu_ps(ls, l0);
    float m = ms[0], l = ls[0];
    for (int k = 1; k < 8; k++) {
        m = ms[k] > m ? ms[k] : m;
        l = ls[k] < l ? ls[k] : l;
    }
    for (; i < hi; i++) {
        m = x[i] > m ? x[i] : m;
        l = x[i] < l ? x[i] : l;
    }
    *max = m;
    *min = l;
}

enum { LANES = 4, GROUP = 4 * LANES };  // Double lanes per register; floats per loop step

/// 2^(q/256) in steps q (|q| < 2^30), within 2^-34 relative (ExpPolynomial.h): q = 256 k + w,
/// |w| ≤ 128, and 2^k · P(w) with k added to P's exponent field as an integer. For a NaN from
/// a Float (whose low 29 bits are 0, and so are the integer's) the result stays NaN.
AVX2 static inline __m256d exp_steps(__m256d q) {
    const __m256d magic = _mm256_set1_pd(6755399441055744.0);  // 1.5 · 2^52: t's low bits are k
    __m256d t = _mm256_fmadd_pd(q, _mm256_set1_pd(1.0 / 256), magic);
    __m256d w = _mm256_fnmadd_pd(_mm256_sub_pd(t, magic), _mm256_set1_pd(256), q);  // exact
    const double *c = softmax_exp_polynomial;
    __m256d p = _mm256_fmadd_pd(_mm256_set1_pd(c[7]), w, _mm256_set1_pd(c[6]));
    for (int d = 5; d >= 0; d--) p = _mm256_fmadd_pd(p, w, _mm256_set1_pd(c[d]));
    __m256i k = _mm256_slli_epi64(_mm256_castpd_si256(t), 52);
    return _mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(p), k));
}

/// x_i − r in steps for four floats: x · 256/ln 2 − B in one rounding (origin 0) or, on the
/// clamped range, (x − origin) · 256/ln 2 − B raised to the floor (maxpd returns its second
/// operand for a NaN, so a NaN stays NaN).
AVX2 static inline __m256d steps4(__m128 v, const struct softmax_avx2_exp_constants *k, int clamp) {
    __m256d d = _mm256_cvtps_pd(v);
    const __m256d perUnit = _mm256_set1_pd(k->steps_per_unit), minusB = _mm256_set1_pd(-k->steps);
    if (!clamp) return _mm256_fmadd_pd(d, perUnit, minusB);
    __m256d q = _mm256_fmadd_pd(_mm256_sub_pd(d, _mm256_set1_pd(k->origin)), perUnit, minusB);
    return _mm256_max_pd(_mm256_set1_pd(k->floor), q);
}

/// exp(x_i − r) of `GROUP` floats from v into out, and their sum added to *sum. Each step runs
/// on all four registers before the next, so that the processor has four independent chains of
/// multiply-adds to overlap.
AVX2 static inline __attribute__((always_inline)) void exp_group(
    const float *v, double *out, float *y, __m256d *sum, const struct softmax_avx2_exp_constants *k, int clamp) {
    __m256d e[4];
    for (int u = 0; u < 4; u++) e[u] = exp_steps(steps4(_mm_loadu_ps(v + LANES * u), k, clamp));
    for (int u = 0; u < 4; u++) {
        if (y) _mm_storeu_ps(y + LANES * u, _mm256_cvtpd_ps(e[u]));
        if (out) _mm256_storeu_pd(out + LANES * u, e[u]);
    }
    if (sum) *sum = _mm256_add_pd(*sum, _mm256_add_pd(_mm256_add_pd(e[0], e[1]), _mm256_add_pd(e[2], e[3])));
}

// Always inlined, so that each call below gets a loop without the clamp test; the constants are
// copied, so that the stores into y can't make the compiler reload them every iteration.
AVX2 static inline __attribute__((always_inline)) double block_exp(
    const float *x, float *y, ptrdiff_t lo, ptrdiff_t hi, const struct softmax_avx2_exp_constants *constants,
    float pad, int clamp) {
    const struct softmax_avx2_exp_constants copy = *constants, *k = &copy;
    __m256d sum = _mm256_setzero_pd();
    ptrdiff_t i = lo;
    for (; i + GROUP <= hi; i += GROUP) exp_group(x + i, 0, y + i, &sum, k, clamp);
    if (i < hi) {
        // Padding with the maximum gives finite values in the unused lanes, dropped below.
        ptrdiff_t count = hi - i;
        float v[GROUP];
        double e[GROUP], rest = 0;
        for (int q = 0; q < GROUP; q++) v[q] = q < count ? x[i + q] : pad;
        exp_group(v, e, 0, 0, k, clamp);
        for (int q = 0; q < count; q++) {
            y[i + q] = (float)e[q];
            rest += e[q];
        }
        sum = _mm256_add_pd(sum, _mm256_set_pd(0, 0, 0, rest));
    }
    double s[4];
    _mm256_storeu_pd(s, sum);
    return (s[0] + s[1]) + (s[2] + s[3]);
}

AVX2 double softmax_avx2_float_block_exp(
    const float *x, float *y, ptrdiff_t lo, ptrdiff_t hi, const struct softmax_avx2_exp_constants *k, float pad,
    int clamp) {
    // Two copies, so that the clamp test leaves the loop.
    return clamp ? block_exp(x, y, lo, hi, k, pad, 1) : block_exp(x, y, lo, hi, k, pad, 0);
}

AVX2 void softmax_avx2_float_scale(float *y, ptrdiff_t lo, ptrdiff_t hi, double c) {
    const __m256d cv = _mm256_set1_pd(c);
    ptrdiff_t i = lo;
    for (; i + 8 <= hi; i += 8) {
        __m256d a = _mm256_cvtps_pd(_mm_loadu_ps(y + i));
        __m256d b = _mm256_cvtps_pd(_mm_loadu_ps(y + i + 4));
        _mm_storeu_ps(y + i, _mm256_cvtpd_ps(_mm256_mul_pd(a, cv)));
        _mm_storeu_ps(y + i + 4, _mm256_cvtpd_ps(_mm256_mul_pd(b, cv)));
    }
    for (; i < hi; i++) y[i] = (float)((double)y[i] * c);
}

#else

// Never called: `softmax_avx2_supported` returns 0 here.
void softmax_avx2_float_max_min(const float *x, ptrdiff_t lo, ptrdiff_t hi, float *max, float *min) {
    (void)x, (void)lo, (void)hi, (void)max, (void)min;
}

double softmax_avx2_float_block_exp(
    const float *x, float *y, ptrdiff_t lo, ptrdiff_t hi, const struct softmax_avx2_exp_constants *k, float pad,
    int clamp) {
    (void)x, (void)y, (void)lo, (void)hi, (void)k, (void)pad, (void)clamp;
    return 0;
}

void softmax_avx2_float_scale(float *y, ptrdiff_t lo, ptrdiff_t hi, double c) { (void)y, (void)lo, (void)hi, (void)c; }

#endif
