// The library's AVX2 kernels alone, without the Swift around them: the same passes as
// `softmaxRows` takes on this machine (Float: per block of 2048 the maximum and the exp, then the
// scaling; Double: maximum, exp-and-sum, division), on the same threads and inputs, with nothing
// else (no checks for edge cases, no allocation, no Swift; the threads are woken once per call and
// hand over between passes by spinning). Its times are
// what the library would take if everything but its kernels were free, so that `run.py --floor`
// can say how much of a gap to a peer the kernels leave, and which pass it is in.
//
// Built and run by run.py --floor (clang from the Swift toolchain): floor DIR REPEATS THREADS.
// Prints, like softmax-bench, `case seconds elements cpu-seconds` per case (medians), then
// `case/pass seconds elements 0` for each pass (medians of the slowest thread's time in it), and
// `exp-in-L1/<precision> seconds-per-element 1 0`: one thread's exp pass over a block already in
// L1, the arithmetic alone.
#define _GNU_SOURCE
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "SoftmaxAVX2.h"

enum { BLOCK = 2048, MAX_THREADS = 64 };
static double stepsPerUnit, doubleTable[256];

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static double cpuNow(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compareDoubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, n, sizeof *v, compareDoubles);
    return v[n / 2];
}

// The Double table as ExpTable.swift has it (long double is close enough for timing).
static void makeTables(void) {
    stepsPerUnit = 256 / log(2.0);
    for (int j = 0; j < 128; j++) {
        long double v = exp2l(j / 128.0L);
        doubleTable[2 * j] = (double)v;
        doubleTable[2 * j + 1] = (double)(v - (long double)doubleTable[2 * j]);
    }
}

// A barrier that spins: the cheapest hand-over between passes.
static atomic_int arrived, generation;
static int threadCount;

static void barrier(void) {
    int g = atomic_load(&generation);
    if (atomic_fetch_add(&arrived, 1) == threadCount - 1) {
        atomic_store(&arrived, 0);
        atomic_fetch_add(&generation, 1);
    } else {
        while (atomic_load(&generation) == g) __builtin_ia32_pause();
    }
}

// The job every thread runs, set by the main thread before it starts them.
typedef struct {
    const void *x;
    void *y;
    ptrdiff_t n, rows, columns;
    double *references, *sums;   // Float: per block
    double partMax[MAX_THREADS], partMin[MAX_THREADS], partHi[MAX_THREADS], partLo[MAX_THREADS];
    double passTime[MAX_THREADS][3];
    int isDouble;
} Job;
static Job job;
static atomic_int nextRow;

static void floatPass1(const float *x, float *y, ptrdiff_t n, ptrdiff_t b0, ptrdiff_t b1, double *refs, double *sums) {
    for (ptrdiff_t b = b0; b < b1; b++) {
        ptrdiff_t lo = b * BLOCK, hi = lo + BLOCK < n ? lo + BLOCK : n;
        float mx, mn;
        softmax_avx2_float_max_min(x, lo, hi, &mx, &mn);
        double steps = nearbyint((double)mx * stepsPerUnit);
        struct softmax_avx2_exp_constants k = {0, steps, -200 * stepsPerUnit, stepsPerUnit};
        sums[b] = softmax_avx2_float_block_exp(x, y, lo, hi, &k, mx, 0);
        refs[b] = steps / stepsPerUnit;
    }
}

static void floatCombine(double *refs, double *sums, ptrdiff_t blocks) {
    double m = -INFINITY, s = 0;
    for (ptrdiff_t b = 0; b < blocks; b++) m = refs[b] > m ? refs[b] : m;
    for (ptrdiff_t b = 0; b < blocks; b++) {
        double w = exp(refs[b] - m);
        s += sums[b] * w;
        sums[b] = w;
    }
    for (ptrdiff_t b = 0; b < blocks; b++) sums[b] /= s;
}

static void floatPass2(float *y, ptrdiff_t n, ptrdiff_t b0, ptrdiff_t b1, const double *c) {
    for (ptrdiff_t b = b0; b < b1; b++) {
        ptrdiff_t lo = b * BLOCK, hi = lo + BLOCK < n ? lo + BLOCK : n;
        softmax_avx2_float_scale(y, lo, hi, c[b]);
    }
}

static void *run(void *arg) {
    int t = (int)(intptr_t)arg;
    double *times = job.passTime[t];
    if (job.rows > 1) {
        // Rows handed out one at a time, each row on one thread.
        double start = now();
        for (ptrdiff_t r; (r = atomic_fetch_add(&nextRow, 1)) < job.rows;) {
            const float *x = (const float *)job.x + r * job.columns;
            float *y = (float *)job.y + r * job.columns;
            ptrdiff_t blocks = (job.columns + BLOCK - 1) / BLOCK;
            double refs[blocks], sums[blocks];
            floatPass1(x, y, job.columns, 0, blocks, refs, sums);
            floatCombine(refs, sums, blocks);
            floatPass2(y, job.columns, 0, blocks, sums);
        }
        times[0] = now() - start;
        times[1] = times[2] = 0;
        return 0;
    }
    if (!job.isDouble) {
        ptrdiff_t blocks = (job.n + BLOCK - 1) / BLOCK;
        ptrdiff_t b0 = t * blocks / threadCount, b1 = (t + 1) * blocks / threadCount;
        double t0 = now();
        floatPass1(job.x, job.y, job.n, b0, b1, job.references, job.sums);
        double t1 = now();
        barrier();
        if (t == 0) floatCombine(job.references, job.sums, blocks);
        barrier();
        double t2 = now();
        floatPass2(job.y, job.n, b0, b1, job.sums);
        double t3 = now();
        times[0] = t1 - t0;
        times[1] = t3 - t2;
        times[2] = 0;
        return 0;
    }
    const double *x = job.x;
    double *y = job.y;
    ptrdiff_t lo = t * job.n / threadCount, hi = (t + 1) * job.n / threadCount;
    double t0 = now();
    int nan;
    softmax_avx2_double_max_min(x, lo, hi, &job.partMax[t], &job.partMin[t], &nan);
    double t1 = now();
    barrier();
    double m = -INFINITY, low = INFINITY;
    for (int p = 0; p < threadCount; p++) {
        m = job.partMax[p] > m ? job.partMax[p] : m;
        low = job.partMin[p] < low ? job.partMin[p] : low;
    }
    double t2 = now();
    softmax_avx2_double_range_sum(x, y, lo, hi, m, doubleTable, fabs(low) <= fabs(m), &job.partHi[t], &job.partLo[t]);
    double t3 = now();
    barrier();
    double h = 0, l = 0;
    for (int p = 0; p < threadCount; p++) {  // two-sum of the parts, as addDoubleDoubles
        double a = h + job.partHi[p], bb = a - h;
        l += (h - (a - bb)) + (job.partHi[p] - bb) + job.partLo[p];
        h = a;
    }
    double sHi = h + l, sLo = l - (sHi - h);
    double t4 = now();
    softmax_avx2_double_divide(y, lo, hi, sHi, sLo / sHi, low - m >= -660);
    double t5 = now();
    times[0] = t1 - t0;
    times[1] = t3 - t2;
    times[2] = t5 - t4;
    return 0;
}

// Worker threads made once and woken for each call, as concurrentPerform's are (a new thread per
// call can wait milliseconds for a core the spinning caller holds).
static pthread_barrier_t start, finish;

static void *worker(void *arg) {
    for (;;) {
        pthread_barrier_wait(&start);
        run(arg);
        pthread_barrier_wait(&finish);
    }
    return 0;
}

static void startWorkers(void) {
    pthread_barrier_init(&start, 0, threadCount);
    pthread_barrier_init(&finish, 0, threadCount);
    for (int t = 1; t < threadCount; t++) {
        pthread_t thread;
        pthread_create(&thread, 0, worker, (void *)(intptr_t)t);
    }
}

// One call on all the threads; returns its wall seconds.
static double call(void) {
    atomic_store(&nextRow, 0);
    double begin = now();
    pthread_barrier_wait(&start);
    run(0);
    pthread_barrier_wait(&finish);
    return now() - begin;
}

static void *readFile(const char *dir, const char *name, size_t *bytes) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.bin", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    *bytes = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *p = malloc(*bytes);
    if (fread(p, 1, *bytes, f) != *bytes) exit(1);
    fclose(f);
    return p;
}

static void runCase(const char *dir, const char *name, int isDouble, ptrdiff_t columns, int repeats) {
    size_t bytes;
    void *x = readFile(dir, name, &bytes);
    ptrdiff_t n = bytes / (isDouble ? 8 : 4);
    void *y = calloc(n, isDouble ? 8 : 4);
    ptrdiff_t blocks = (n + BLOCK - 1) / BLOCK;
    job = (Job){.x = x, .y = y, .n = n, .rows = columns ? n / columns : 1, .columns = columns,
                .references = calloc(blocks, 8), .sums = calloc(blocks, 8), .isDouble = isDouble};
    double wall[repeats], cpu[repeats], pass[3][repeats];
    call();  // warm up
    for (int r = 0; r < repeats; r++) {
        double c = cpuNow();
        wall[r] = call();
        cpu[r] = cpuNow() - c;
        for (int k = 0; k < 3; k++) {
            pass[k][r] = 0;
            for (int t = 0; t < threadCount; t++)
                pass[k][r] = job.passTime[t][k] > pass[k][r] ? job.passTime[t][k] : pass[k][r];
        }
    }
    printf("%s %.9g %td %.9g\n", name, median(wall, repeats), n, median(cpu, repeats));
    const char *names[2][3] = {{"max-and-exp", "scale", ""}, {"max", "exp-and-sum", "divide"}};
    for (int k = 0; k < (job.rows > 1 ? 0 : isDouble ? 3 : 2); k++)
        printf("%s/%s %.9g %td 0\n", name, names[isDouble][k], median(pass[k], repeats), n);
    free(x), free(y), free(job.references), free(job.sums);
}

// One thread's exp pass over one block in L1, repeated: the arithmetic alone, per element.
static void expInL1(const char *dir) {
    size_t bytes;
    float *xf = readFile(dir, "f32_1e6", &bytes);
    double *xd = readFile(dir, "f64_1e6", &bytes);
    float yf[BLOCK];
    double yd[BLOCK], tf[9], td[9];
    float mx, mn;
    softmax_avx2_float_max_min(xf, 0, BLOCK, &mx, &mn);
    double steps = nearbyint((double)mx * stepsPerUnit);
    struct softmax_avx2_exp_constants k = {0, steps, -200 * stepsPerUnit, stepsPerUnit};
    double dmax, dmin, hi, lo;
    int nan;
    softmax_avx2_double_max_min(xd, 0, BLOCK, &dmax, &dmin, &nan);
    volatile double sink = 0;
    enum { CALLS = 20000 };
    for (int r = 0; r < 9; r++) {
        double t0 = now();
        for (int c = 0; c < CALLS; c++) sink += softmax_avx2_float_block_exp(xf, yf, 0, BLOCK, &k, mx, 0);
        double t1 = now();
        for (int c = 0; c < CALLS; c++) {
            softmax_avx2_double_range_sum(xd, yd, 0, BLOCK, dmax, doubleTable, fabs(dmin) <= fabs(dmax), &hi, &lo);
            sink += hi;
        }
        double t2 = now();
        tf[r] = (t1 - t0) / CALLS / BLOCK;
        td[r] = (t2 - t1) / CALLS / BLOCK;
    }
    printf("exp-in-L1/float %.9g 1 0\nexp-in-L1/double %.9g 1 0\n", median(tf, 9), median(td, 9));
    free(xf), free(xd);
}

int main(int argc, char **argv) {
    if (argc < 4 || !softmax_avx2_supported()) {
        fprintf(stderr, "usage: floor DIR REPEATS THREADS (on a processor with AVX2 and FMA)\n");
        return 2;
    }
    const char *dir = argv[1];
    int repeats = atoi(argv[2]);
    threadCount = atoi(argv[3]);
    if (threadCount < 1 || threadCount > MAX_THREADS || repeats < 1) return 2;
    makeTables();
    startWorkers();
    runCase(dir, "f32_1e6", 0, 0, repeats);
    runCase(dir, "f64_1e6", 1, 0, repeats);
    runCase(dir, "f32_1e7", 0, 0, repeats);
    runCase(dir, "f32_64x50257", 0, 50257, repeats);
    expInL1(dir);
    return 0;
}
