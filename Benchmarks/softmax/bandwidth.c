// Memory traffic patterns of the Float softmax at n = 1e7, without its arithmetic: how long the
// memory side alone takes on this machine, on one and on two threads (each thread half the data).
//
//   cc -O2 -pthread -o /tmp/bandwidth Benchmarks/softmax/bandwidth.c && /tmp/bandwidth
//
// Prints the median of 31 runs of each: a read of 40 MB; a copy with ordinary stores (what pass 1
// does: read x, write y, which first reads y's lines); a copy with non-temporal stores (what
// memcpy does for large sizes, the "bandwidth floor" of run.py); a read and write in place (what
// pass 2 does); and writes alone. x86-64 only (SSE2 intrinsics).
#include <emmintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N 10000000L
#define RUNS 31

static float *x, *y;
static int mode;

static const char *names[] = {"read", "copy", "copy, non-temporal stores", "read and write in place",
                              "write", "write, non-temporal stores"};

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *work(void *arg) {
    long part = (long)arg, lo = part * N / 2, hi = (part + 1) * N / 2;
    __m128 acc = _mm_setzero_ps(), scale = _mm_set1_ps(1.0001f), one = _mm_set1_ps(1);
    switch (mode) {
    case 0: for (long i = lo; i < hi; i += 4) acc = _mm_add_ps(acc, _mm_loadu_ps(x + i)); break;
    case 1: for (long i = lo; i < hi; i += 4) _mm_storeu_ps(y + i, _mm_loadu_ps(x + i)); break;
    case 2: for (long i = lo; i < hi; i += 4) _mm_stream_ps(y + i, _mm_loadu_ps(x + i)); _mm_sfence(); break;
    case 3: for (long i = lo; i < hi; i += 4) _mm_storeu_ps(y + i, _mm_mul_ps(_mm_loadu_ps(y + i), scale)); break;
    case 4: for (long i = lo; i < hi; i += 4) _mm_storeu_ps(y + i, one); break;
    case 5: for (long i = lo; i < hi; i += 4) _mm_stream_ps(y + i, one); _mm_sfence(); break;
    }
    float sink[4];
    _mm_storeu_ps(sink, acc);
    return (void *)(long)(sink[0] > 1e30f);  // keeps the read loop
}

static int compare(const void *a, const void *b) {
    double d = *(const double *)a - *(const double *)b;
    return (d > 0) - (d < 0);
}

int main(void) {
    x = aligned_alloc(64, N * 4);
    y = aligned_alloc(64, N * 4);
    for (long i = 0; i < N; i++) x[i] = y[i] = 1;
    for (int threads = 1; threads <= 2; threads++) {
        for (mode = 0; mode < 6; mode++) {
            double times[RUNS];
            for (int r = 0; r < RUNS; r++) {
                pthread_t a, b;
                double start = now();
                if (threads == 2) {
                    pthread_create(&a, 0, work, (void *)0);
                    pthread_create(&b, 0, work, (void *)1);
                    pthread_join(a, 0);
                    pthread_join(b, 0);
                } else {
                    work((void *)0);
                    work((void *)1);
                }
                times[r] = now() - start;
            }
            qsort(times, RUNS, sizeof times[0], compare);
            printf("%d thread%s  %-27s %6.2f ms\n", threads, threads == 1 ? " " : "s", names[mode],
                   times[RUNS / 2] * 1e3);
        }
    }
    return 0;
}
