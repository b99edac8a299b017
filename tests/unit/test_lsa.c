/*
 * test_lsa.c - the randomized truncated SVD against an exact SVD (LAPACK
 * dgesdd on the dense matrix) of small matrices.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../../features/features.h"
#include "check.h"

extern void dgesdd_(const char *jobz, const int *m, const int *n, double *a, const int *lda, double *s, double *u,
                    const int *ldu, double *vt, const int *ldvt, double *work, const int *lwork, int *iwork,
                    int *info);

static double urand(unsigned *s)
{
    return (double)rand_r(s) / RAND_MAX - 0.5;
}

/* The exact singular values of the dense row-major n x d matrix a. */
static void exact_sv(const double *a, int n, int d, double *s)
{
    double *cm = malloc((size_t)n * (size_t)d * sizeof *cm);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < d; j++)
            cm[(size_t)j * (size_t)n + (size_t)i] = a[(size_t)i * (size_t)d + (size_t)j];
    int info, lwork = -1, *iwork = malloc(8 * (size_t)(n < d ? n : d) * sizeof *iwork);
    double q, dummy;
    int one = 1;
    dgesdd_("N", &n, &d, cm, &n, s, &dummy, &one, &dummy, &one, &q, &lwork, iwork, &info);
    lwork = (int)q + 1;
    double *work = malloc((size_t)lwork * sizeof *work);
    dgesdd_("N", &n, &d, cm, &n, s, &dummy, &one, &dummy, &one, work, &lwork, iwork, &info);
    free(work);
    free(iwork);
    free(cm);
}

static void to_csr(const double *a, int n, int d, csr *x)
{
    csr_init(x);
    int32_t *col = malloc((size_t)d * sizeof *col);
    double *val = malloc((size_t)d * sizeof *val);
    for (int i = 0; i < n; i++) {
        size_t m = 0;
        for (int j = 0; j < d; j++)
            if (a[(size_t)i * (size_t)d + (size_t)j] != 0) {
                col[m] = j;
                val[m++] = a[(size_t)i * (size_t)d + (size_t)j];
            }
        csr_append(x, col, val, m);
    }
    x->cols = (size_t)d;
    free(col);
    free(val);
}

static double max_rel_err(const double *got, const double *want, int k)
{
    double e = 0;
    for (int j = 0; j < k; j++) {
        double r = fabs(got[j] - want[j]) / want[j];
        if (r > e)
            e = r;
    }
    return e;
}

int main(void)
{
    unsigned seed = 3;
    /* 1: an exactly rank-6 matrix, 60 x 40, recovered with l = 10 */
    int n = 60, d = 40, r = 6;
    double *a = calloc((size_t)n * (size_t)d, sizeof *a), *u = malloc((size_t)n * (size_t)r * sizeof *u),
           *v = malloc((size_t)r * (size_t)d * sizeof *v), s[80];
    for (int i = 0; i < n * r; i++)
        u[i] = urand(&seed);
    for (int i = 0; i < r * d; i++)
        v[i] = urand(&seed);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < d; j++)
            for (int t = 0; t < r; t++)
                a[(size_t)i * (size_t)d + (size_t)j] += u[(size_t)i * (size_t)r + (size_t)t] * v[(size_t)t * (size_t)d + (size_t)j];
    exact_sv(a, n, d, s);
    csr x;
    to_csr(a, n, d, &x);
    float *proj = NULL;
    double *sv = NULL;
    tasnif_err err = {0};
    check(lsa_fit(&x, (size_t)d, 4, 6, 2, 1, &proj, &sv, &err) == 0, "lsa_fit: %s", err.msg);
    if (sv)
        check(max_rel_err(sv, s, 4) < 1e-6, "rank-6 matrix: singular values within 1e-6 (max relative error %g)",
              max_rel_err(sv, s, 4));
    /* the projection has orthonormal columns */
    double dot01 = 0, dot00 = 0;
    for (int f = 0; proj && f < d; f++) {
        dot00 += (double)proj[f * 4] * proj[f * 4];
        dot01 += (double)proj[f * 4] * proj[f * 4 + 1];
    }
    check(fabs(dot00 - 1) < 1e-5 && fabs(dot01) < 1e-5, "orthonormal basis (%g, %g)", dot00, dot01);
    /* the same seed gives the same basis */
    float *proj2 = NULL;
    double *sv2 = NULL;
    lsa_fit(&x, (size_t)d, 4, 6, 2, 1, &proj2, &sv2, &err);
    check(proj && proj2 && memcmp(proj, proj2, (size_t)d * 4 * sizeof *proj) == 0, "deterministic with a seed");
    /* embeddings have unit length */
    double e[4];
    size_t s0 = x.rowptr[0];
    lsa_embed(proj, 4, x.col + s0, x.val + s0, x.rowptr[1] - s0, e);
    check(fabs(e[0] * e[0] + e[1] * e[1] + e[2] * e[2] + e[3] * e[3] - 1) < 1e-12, "unit-length embedding");
    free(proj);
    free(sv);
    free(proj2);
    free(sv2);
    csr_finish(&x);

    /* 2: a sparse full-rank matrix, 80 x 50, with l covering all of it */
    n = 80;
    d = 50;
    memset(a, 0, (size_t)60 * 40 * sizeof *a);
    free(a);
    a = calloc((size_t)n * (size_t)d, sizeof *a);
    for (int i = 0; i < n * d; i++)
        if (rand_r(&seed) % 4 == 0)
            a[i] = urand(&seed);
    exact_sv(a, n, d, s);
    to_csr(a, n, d, &x);
    check(lsa_fit(&x, (size_t)d, 5, 45, 2, 7, &proj, &sv, &err) == 0, "lsa_fit 2: %s", err.msg);
    if (sv)
        check(max_rel_err(sv, s, 5) < 1e-6, "sparse full-rank matrix: within 1e-6 (max relative error %g)",
              max_rel_err(sv, s, 5));
    /* with few directions and power iterations the top value is still close */
    free(proj);
    free(sv);
    check(lsa_fit(&x, (size_t)d, 2, 8, 3, 7, &proj, &sv, &err) == 0 && fabs(sv[0] - s[0]) / s[0] < 0.05,
          "k=2, l=10: top singular value within 5%% (%g vs %g)", sv ? sv[0] : 0, s[0]);
    check(lsa_fit(&x, (size_t)d, 60, 0, 1, 7, &proj2, &sv2, &err) == TASNIF_EARG, "k above min(n, d) is refused");
    free(proj);
    free(sv);
    csr_finish(&x);
    free(a);
    free(u);
    free(v);
    return check_done();
}
