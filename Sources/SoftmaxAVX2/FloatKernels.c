// The Float softmax steps of FloatKernels.swift in AVX2 and FMA: four Double lanes per register,
// the table read by four scalar loads per register (vpgatherqq was 5-10% slower on Zen 3 for the
// rows and 1e7 cases). Same reductions, table and rounding steps as the
// baseline; the one fused multiply-add (the quadratic) rounds once where the baseline rounds twice.
#include "SoftmaxAVX2.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

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

/// exp of four lanes in steps (see `expForFloat` in FloatKernels.swift).
AVX2 static inline __m256d exp4(__m256d p, const struct softmax_avx2_exp_constants *k, const int64_t *table) {
    const __m256d offset = _mm256_set1_pd(k->offset);
    // t rounds p − B to the integer m = 256 k + j; f = p − round(p) exactly.
    __m256d t = _mm256_add_pd(p, offset);
    __m256d f = _mm256_sub_pd(p, _mm256_sub_pd(t, offset));
    __m256i bits = _mm256_castpd_si256(t);
    __m256i j = _mm256_and_si256(bits, _mm256_set1_epi64x(255));
    int64_t idx[4];
    _mm256_storeu_si256((__m256i *)idx, j);
    __m256i power = _mm256_set_epi64x(table[idx[3]], table[idx[2]], table[idx[1]], table[idx[0]]);
    __m256d scale = _mm256_castsi256_pd(_mm256_add_epi64(power, _mm256_slli_epi64(bits, 44)));
    __m256d s = _mm256_add_pd(f, _mm256_set1_pd(k->steps_per_unit));
    return _mm256_mul_pd(scale, _mm256_fmadd_pd(s, s, _mm256_set1_pd(k->steps_per_unit_2)));
}

AVX2 static inline __m256d steps4(__m128 v, const struct softmax_avx2_exp_constants *k, int clamp) {
    __m256d d = _mm256_cvtps_pd(v);
    const __m256d perUnit = _mm256_set1_pd(k->steps_per_unit);
    if (!clamp) return _mm256_mul_pd(d, perUnit);
    // maxpd returns its second operand for a NaN, so a NaN stays NaN through the clamp.
    __m256d p = _mm256_mul_pd(_mm256_sub_pd(d, _mm256_set1_pd(k->origin)), perUnit);
    return _mm256_max_pd(_mm256_set1_pd(k->floor), p);
}

AVX2 static inline double block_exp(
    const float *x, float *y, ptrdiff_t lo, ptrdiff_t hi, const struct softmax_avx2_exp_constants *k, float pad,
    const int64_t *table, int clamp) {
    __m256d sum = _mm256_setzero_pd();
    ptrdiff_t i = lo;
    for (; i + 8 <= hi; i += 8) {
        __m256d e0 = exp4(steps4(_mm_loadu_ps(x + i), k, clamp), k, table);
        __m256d e1 = exp4(steps4(_mm_loadu_ps(x + i + 4), k, clamp), k, table);
        _mm_storeu_ps(y + i, _mm256_cvtpd_ps(e0));
        _mm_storeu_ps(y + i + 4, _mm256_cvtpd_ps(e1));
        sum = _mm256_add_pd(sum, _mm256_add_pd(e0, e1));
    }
    if (i < hi) {
        // Padding with the maximum gives finite values in the unused lanes, dropped below.
        ptrdiff_t count = hi - i;
        float v[8];
        double e[8];
        for (int q = 0; q < 8; q++) v[q] = q < count ? x[i + q] : pad;
        _mm256_storeu_pd(e, exp4(steps4(_mm_loadu_ps(v), k, clamp), k, table));
        _mm256_storeu_pd(e + 4, exp4(steps4(_mm_loadu_ps(v + 4), k, clamp), k, table));
        for (int q = 0; q < 8; q++) {
            if (q < count) {
                y[i + q] = (float)e[q];
            } else {
                e[q] = 0;
            }
        }
        sum = _mm256_add_pd(sum, _mm256_add_pd(_mm256_loadu_pd(e), _mm256_loadu_pd(e + 4)));
    }
    double s[4];
    _mm256_storeu_pd(s, sum);
    return (s[0] + s[1]) + (s[2] + s[3]);
}

AVX2 double softmax_avx2_float_block_exp(
    const float *x, float *y, ptrdiff_t lo, ptrdiff_t hi, const struct softmax_avx2_exp_constants *k, float pad,
    const int64_t *table, int clamp) {
    // Two copies, so that the clamp test leaves the loop.
    return clamp ? block_exp(x, y, lo, hi, k, pad, table, 1) : block_exp(x, y, lo, hi, k, pad, table, 0);
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
    const int64_t *table, int clamp) {
    (void)x, (void)y, (void)lo, (void)hi, (void)k, (void)pad, (void)table, (void)clamp;
    return 0;
}

void softmax_avx2_float_scale(float *y, ptrdiff_t lo, ptrdiff_t hi, double c) { (void)y, (void)lo, (void)hi, (void)c; }

#endif
