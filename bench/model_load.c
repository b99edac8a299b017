/*
 * model_load.c - how long tasnif_model_load takes: loads MODEL N times
 * (default 10) in one process and prints each time and the median, in ms.
 * Build: cc -O2 -Iinclude bench/model_load.c build/libtasnif.a $(LIBS)
 * (the libraries `make` links tasnif with).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "tasnif.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: model_load MODEL [N]\n");
        return 2;
    }
    int n = argc > 2 ? atoi(argv[2]) : 10;
    if (n < 1 || n > 1000)
        n = 10;
    double t[1000];
    for (int i = 0; i < n; i++) {
        struct timespec a, b;
        tasnif_model *m = NULL;
        tasnif_err err;
        clock_gettime(CLOCK_MONOTONIC, &a);
        if (tasnif_model_load(argv[1], &m, &err) < 0) {
            fprintf(stderr, "model_load: %s\n", err.msg);
            return 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &b);
        tasnif_model_free(m);
        t[i] = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
    }
    qsort(t, (size_t)n, sizeof t[0], cmp);
    printf("%s: median %.2f ms, min %.2f, max %.2f over %d loads\n", argv[1], n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2,
           t[0], t[n - 1], n);
    return 0;
}
