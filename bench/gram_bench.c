/*
 * gram_bench.c - the kernel (Gram) matrix G = X X^T of n dense k-dimensional
 * rows (as LSA embeddings are) computed by OpenBLAS dsyrk and by a plain C
 * triple loop over the same data; prints both times, their ratio and the
 * largest difference.  Usage: gram_bench N K [THREADS]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cblas.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 4000, k = argc > 2 ? atoi(argv[2]) : 256;
    int threads = argc > 3 ? atoi(argv[3]) : 2;
    if (n < 1 || k < 1)
        return 2;
    openblas_set_num_threads(threads);
    double *x = malloc((size_t)n * (size_t)k * sizeof *x), *g1 = calloc((size_t)n * (size_t)n, sizeof *g1),
           *g2 = calloc((size_t)n * (size_t)n, sizeof *g2);
    if (!x || !g1 || !g2)
        return 1;
    unsigned s = 1;
    for (size_t i = 0; i < (size_t)n * (size_t)k; i++)
        x[i] = (double)rand_r(&s) / RAND_MAX - 0.5;
    double t0 = now();
    cblas_dsyrk(CblasRowMajor, CblasLower, CblasNoTrans, n, k, 1.0, x, k, 0.0, g1, n);
    double t1 = now();
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++) {
            double d = 0;
            for (int t = 0; t < k; t++)
                d += x[(size_t)i * (size_t)k + (size_t)t] * x[(size_t)j * (size_t)k + (size_t)t];
            g2[(size_t)i * (size_t)n + (size_t)j] = d;
        }
    double t2 = now(), diff = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++) {
            double e = fabs(g1[(size_t)i * (size_t)n + (size_t)j] - g2[(size_t)i * (size_t)n + (size_t)j]);
            if (e > diff)
                diff = e;
        }
    printf("n %d k %d threads %d: dsyrk %.4f s, triple loop %.4f s, ratio %.1f, max difference %.3g\n", n, k, threads,
           t1 - t0, t2 - t1, (t2 - t1) / (t1 - t0), diff);
    free(x);
    free(g1);
    free(g2);
    return 0;
}
