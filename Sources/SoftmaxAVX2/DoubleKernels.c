// The Double softmax steps of Kernels.swift and VectorMath.swift in AVX2 and FMA, for blocks whose
// differences from the maximum are all at least −707 (the others take the portable kernels): the
// same reduction by ln 2 / 128, double-double table, polynomial and per-lane Fast2Sum; fused
// multiply-adds where they drop a rounding or an instruction (the reduction, the polynomial, the
// table product, the division and its correction).
#include "SoftmaxAVX2.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma")))

AVX2 void softmax_avx2_double_max_min(const double *x, ptrdiff_t lo, ptrdiff_t hi, double *max, double *min, int *nan) {
    __m256d m0 = _mm256_set1_pd(-__builtin_inf()), l0 = _mm256_set1_pd(__builtin_inf());
    __m256d unordered = _mm256_setzero_pd();
    ptrdiff_t i = lo;
    for (; i + 8 <= hi; i += 8) {
        __m256d a = _mm256_loadu_pd(x + i), b = _mm256_loadu_pd(x + i + 4);
        m0 = _mm256_max_pd(_mm256_max_pd(a, b), m0);
        l0 = _mm256_min_pd(_mm256_min_pd(a, b), l0);
        unordered = _mm256_or_pd(unordered, _mm256_cmp_pd(a, b, _CMP_UNORD_Q));
    }
    double ms[4], ls[4];
    _mm256_storeu_pd(ms, m0);
    _mm256_storeu_pd(ls, l0);
    double m = ms[0], l = ls[0];
    for (int k = 1; k < 4; k++) {
        m = ms[k] > m ? ms[k] : m;
        l = ls[k] < l ? ls[k] : l;
    }
    int n = _mm256_movemask_pd(unordered) != 0;
    for (; i < hi; i++) {
        m = x[i] > m ? x[i] : m;
        l = x[i] < l ? x[i] : l;
        n |= x[i] != x[i];
    }
    *max = m;
    *min = l;
    *nan = n;
}

/// exp(d + dl) for −707 ≤ d ≤ 0 (see `vexp` in VectorMath.swift, its `normal` case).
AVX2 static inline __m256d exp4(__m256d d, __m256d dl, const double *table) {
    const __m256d magic = _mm256_set1_pd(6755399441055744.0);  // 1.5 · 2^52
    // m = round(d · 128/ln 2), with one rounding where the baseline has two: any integer near it
    // reduces as well.
    __m256d t = _mm256_fmadd_pd(d, _mm256_set1_pd(128 * 1.4426950408889634), magic);
    __m256d mD = _mm256_sub_pd(t, magic);
    __m256i m = _mm256_sub_epi64(_mm256_castpd_si256(t), _mm256_castpd_si256(magic));
    // m · hi is exact, and so is d − m · hi: fused, the same value in one instruction.
    __m256d rh = _mm256_fnmadd_pd(mD, _mm256_set1_pd(0.005415212347998022), d);
    __m256d r = _mm256_sub_pd(rh, _mm256_fmsub_pd(mD, _mm256_set1_pd(1.2655086083325438e-13), dl));
    int64_t j[4];
    _mm256_storeu_si256((__m256i *)j, _mm256_and_si256(m, _mm256_set1_epi64x(127)));
    // Each entry's (hi, lo) in one 16-byte load: lanes 0 and 2 in one register, 1 and 3 in the
    // other, then split into the his and the los.
    __m256d even = _mm256_insertf128_pd(
        _mm256_castpd128_pd256(_mm_loadu_pd(table + 2 * j[0])), _mm_loadu_pd(table + 2 * j[2]), 1);
    __m256d odd = _mm256_insertf128_pd(
        _mm256_castpd128_pd256(_mm_loadu_pd(table + 2 * j[1])), _mm_loadu_pd(table + 2 * j[3]), 1);
    __m256d th = _mm256_unpacklo_pd(even, odd), tl = _mm256_unpackhi_pd(even, odd);
    __m256d r2 = _mm256_mul_pd(r, r);
    __m256d p = _mm256_fmadd_pd(
        r2, _mm256_fmadd_pd(r, _mm256_set1_pd(1.0 / 120), _mm256_set1_pd(1.0 / 24)),
        _mm256_fmadd_pd(r, _mm256_set1_pd(1.0 / 6), _mm256_set1_pd(0.5)));
    __m256d q = _mm256_fmadd_pd(r2, p, r);
    __m256d e = _mm256_add_pd(th, _mm256_fmadd_pd(th, q, tl));
    // 2^k by the exponent field: (m − j) · 2^45 = k · 2^52.
    __m256i k = _mm256_slli_epi64(_mm256_andnot_si256(_mm256_set1_epi64x(127), m), 45);
    return _mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(e), k));
}

/// x − m as an exact hi + lo: Fast2Sum when `dominated` (|x| ≤ |m|), else two-sum.
AVX2 static inline __m256d diff_lo(__m256d v, __m256d d, __m256d mv, int dominated) {
    if (dominated) return _mm256_sub_pd(v, _mm256_add_pd(d, mv));
    __m256d bb = _mm256_sub_pd(d, v);
    __m256d minus_m_minus_bb = _mm256_sub_pd(_mm256_setzero_pd(), _mm256_add_pd(mv, bb));
    return _mm256_add_pd(_mm256_sub_pd(v, _mm256_sub_pd(d, bb)), minus_m_minus_bb);
}

AVX2 static inline void range_sum(
    const double *x, double *y, ptrdiff_t lo, ptrdiff_t hi, double m, const double *table, int dominated,
    double *sum_hi, double *sum_lo) {
    const __m256d mv = _mm256_set1_pd(m);
    // Every lane starts at 1 (taken off at the end), so Fast2Sum recovers each addition's error.
    __m256d s0 = _mm256_set1_pd(1), s1 = s0, c0 = _mm256_setzero_pd(), c1 = c0;
    ptrdiff_t i = lo;
    for (; i + 8 <= hi; i += 8) {
        __m256d a = _mm256_loadu_pd(x + i), b = _mm256_loadu_pd(x + i + 4);
        __m256d da = _mm256_sub_pd(a, mv), db = _mm256_sub_pd(b, mv);
        __m256d ea = exp4(da, diff_lo(a, da, mv, dominated), table);
        __m256d eb = exp4(db, diff_lo(b, db, mv, dominated), table);
        if (y) {
            _mm256_storeu_pd(y + i, ea);
            _mm256_storeu_pd(y + i + 4, eb);
        }
        __m256d ta = _mm256_add_pd(s0, ea), tb = _mm256_add_pd(s1, eb);
        c0 = _mm256_add_pd(c0, _mm256_sub_pd(ea, _mm256_sub_pd(ta, s0)));
        c1 = _mm256_add_pd(c1, _mm256_sub_pd(eb, _mm256_sub_pd(tb, s1)));
        s0 = ta;
        s1 = tb;
    }
    double s[8], c[8];
    _mm256_storeu_pd(s, s0);
    _mm256_storeu_pd(s + 4, s1);
    _mm256_storeu_pd(c, c0);
    _mm256_storeu_pd(c + 4, c1);
    if (i < hi) {
        // Padding with the maximum keeps every lane finite; the padded lanes are dropped.
        ptrdiff_t count = hi - i;
        double v[8], e[8];
        for (int q = 0; q < 8; q++) v[q] = q < count ? x[i + q] : m;
        for (int h = 0; h < 8; h += 4) {
            __m256d a = _mm256_loadu_pd(v + h), da = _mm256_sub_pd(a, mv);
            _mm256_storeu_pd(e + h, exp4(da, diff_lo(a, da, mv, dominated), table));
        }
        for (int q = 0; q < 8; q++) {
            double eq = q < count ? e[q] : 0;
            if (y && q < count) y[i + q] = eq;
            double t = s[q] + eq;
            c[q] += eq - (t - s[q]);
            s[q] = t;
        }
    }
    // Combine the lanes exactly (two-sum) into a double-double, taking off the 1s.
    double total = -8, err = 0;
    for (int k = 0; k < 8; k++) {
        double a = total + s[k];
        double bb = a - total;
        err += (total - (a - bb)) + (s[k] - bb) + c[k];
        total = a;
    }
    double h = total + err;
    *sum_hi = h;
    *sum_lo = err - (h - total);
}

AVX2 void softmax_avx2_double_range_sum(
    const double *x, double *y, ptrdiff_t lo, ptrdiff_t hi, double m, const double *table, int dominated,
    double *sum_hi, double *sum_lo) {
    // Two copies, so that the range test leaves the loop.
    if (dominated) {
        range_sum(x, y, lo, hi, m, table, 1, sum_hi, sum_lo);
    } else {
        range_sum(x, y, lo, hi, m, table, 0, sum_hi, sum_lo);
    }
}

AVX2 void softmax_avx2_double_divide(
    double *y, ptrdiff_t lo, ptrdiff_t hi, double sum_hi, double correction, int normal_quotients) {
    const __m256d h = _mm256_set1_pd(sum_hi), c = _mm256_set1_pd(correction);
    ptrdiff_t i = lo;
    if (normal_quotients) {
        // q = y · RN(1/h), then one Newton step on the exact residual y − q·h gives the correctly
        // rounded y / h (Markstein's theorem: RN(1/h) within half an ulp, q within one ulp, no
        // underflow), the quotient vdivpd gives, at about half its cost on Zen 3 (0.19 against 0.36
        // ns per element over data in L1).
        const __m256d r = _mm256_set1_pd(1 / sum_hi);
        for (; i + 4 <= hi; i += 4) {
            __m256d a = _mm256_loadu_pd(y + i);
            __m256d q = _mm256_mul_pd(a, r);
            q = _mm256_fmadd_pd(_mm256_fnmadd_pd(q, h, a), r, q);
            _mm256_storeu_pd(y + i, _mm256_fnmadd_pd(q, c, q));
        }
    }
    for (; i + 4 <= hi; i += 4) {
        __m256d q = _mm256_div_pd(_mm256_loadu_pd(y + i), h);
        _mm256_storeu_pd(y + i, _mm256_fnmadd_pd(q, c, q));
    }
    for (; i < hi; i++) {
        double q = y[i] / sum_hi;
        y[i] = q - q * correction;
    }
}

#else

// Never called: `softmax_avx2_supported` returns 0 here.
void softmax_avx2_double_max_min(const double *x, ptrdiff_t lo, ptrdiff_t hi, double *max, double *min, int *nan) {
    (void)x, (void)lo, (void)hi, (void)max, (void)min, (void)nan;
}

void softmax_avx2_double_range_sum(
    const double *x, double *y, ptrdiff_t lo, ptrdiff_t hi, double m, const double *table, int dominated,
    double *sum_hi, double *sum_lo) {
    (void)x, (void)y, (void)lo, (void)hi, (void)m, (void)table, (void)dominated, (void)sum_hi, (void)sum_lo;
}

void softmax_avx2_double_divide(
    double *y, ptrdiff_t lo, ptrdiff_t hi, double sum_hi, double correction, int normal_quotients) {
    (void)y, (void)lo, (void)hi, (void)sum_hi, (void)correction, (void)normal_quotients;
}

#endif
