/*
 * gram.c - the linear kernel (Gram) matrix G = X X^T of a set of documents,
 * computed once so that libsvm can train every one-vs-one pair on a
 * precomputed kernel instead of evaluating sparse dot products again and
 * again inside its solver.
 *
 * A feature present in d of the n documents costs d^2 multiply-adds.  The
 * few very frequent features therefore dominate; they are gathered into a
 * dense n x K block whose product D D^T OpenBLAS computes at full speed
 * (dsyrk).  The long tail goes through an inverted index: for each document
 * i and each of its sparse features f, G[i][j] += x_if x_jf for the
 * documents j <= i that contain f.  Rows are shared out among threads; each
 * entry is summed in the same order whatever the thread count.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include "train.h"

/* A column goes dense when it appears in more than n / DENSE_DIV documents. */
#define DENSE_DIV 8
#define DENSE_MAX 4096

typedef struct sparse_job {
    const csr *x;
    const size_t *rows;
    size_t n;
    const int32_t *dense_of;  /* column -> dense slot or -1 */
    const size_t *cptr;       /* CSC of the sparse columns over local rows */
    const uint32_t *crow;
    const double *cval;
    const int32_t *cmap;      /* column -> CSC column or -1 */
    double *G;
    int tid, nthreads;
} sparse_job;

static void *sparse_part(void *arg)
{
    sparse_job *j = arg;
    size_t n = j->n;
    for (size_t i = (size_t)j->tid; i < n; i += (size_t)j->nthreads) {
        size_t r = j->rows ? j->rows[i] : i;
        double *gi = j->G + i * n;
        for (size_t t = j->x->rowptr[r]; t < j->x->rowptr[r + 1]; t++) {
            int32_t c = j->cmap[j->x->col[t]];
            if (c < 0)
                continue;
            double v = j->x->val[t];
            for (size_t e = j->cptr[c]; e < j->cptr[c + 1]; e++) {
                uint32_t k = j->crow[e];
                if (k > i)
                    break;
                gi[k] += v * j->cval[e];
            }
        }
    }
    return NULL;
}

/* Each column's place: dense slot (dense_of, the most frequent, above n / DENSE_DIV) or CSC column (cmap), -1
 * where not; *K dense columns, *nsp sparse ones holding *nnz_sp entries. */
static void place_columns(const uint32_t *df, size_t ncol, size_t n, int32_t *dense_of, int32_t *cmap, size_t *K,
                          size_t *nsp, size_t *nnz_sp)
{
    for (size_t c = 0; c < ncol; c++) {
        dense_of[c] = -1;
        cmap[c] = -1;
        if (df[c] == 0)
            continue;
        if ((size_t)df[c] * DENSE_DIV > n && *K < DENSE_MAX && n >= 64)
            dense_of[c] = (int32_t)(*K)++;
        else {
            cmap[c] = (int32_t)(*nsp)++;
            *nnz_sp += df[c];
        }
    }
}

/* G's lower triangle set to D D^T, D the n x K block of the dense columns; @return 0 or -1 (out of memory). */
static int dense_part(const csr *x, const size_t *rows, size_t n, const int32_t *dense_of, size_t K, double *G)
{
    double *D = calloc(n * K, sizeof *D);
    if (!D)
        return -1;
    for (size_t i = 0; i < n; i++) {
        size_t r = rows ? rows[i] : i;
        for (size_t t = x->rowptr[r]; t < x->rowptr[r + 1]; t++)
            if (dense_of[x->col[t]] >= 0)
                D[i * K + (size_t)dense_of[x->col[t]]] = x->val[t];
    }
    cblas_dsyrk(CblasRowMajor, CblasLower, CblasNoTrans, (blasint)n, (blasint)K,
                1.0, D, (blasint)K, 0.0, G, (blasint)n);
    free(D);
    return 0;
}

/* The CSC (cptr, crow, cval) of the sparse columns over the local rows, rows ascending; @return 0 or -1. */
static int sparse_csc(const csr *x, const size_t *rows, size_t n, size_t ncol, const uint32_t *df,
                      const int32_t *cmap, size_t nsp, size_t *cptr, uint32_t *crow, double *cval)
{
    for (size_t c = 0; c < ncol; c++)
        if (cmap[c] >= 0)
            cptr[cmap[c] + 1] = df[c];
    for (size_t c = 0; c < nsp; c++)
        cptr[c + 1] += cptr[c];
    size_t *fill = malloc((nsp ? nsp : 1) * sizeof *fill);
    if (!fill)
        return -1;
    memcpy(fill, cptr, nsp * sizeof *fill);
    for (size_t i = 0; i < n; i++) {
        size_t r = rows ? rows[i] : i;
        for (size_t t = x->rowptr[r]; t < x->rowptr[r + 1]; t++) {
            int32_t c = cmap[x->col[t]];
            if (c < 0)
                continue;
            crow[fill[c]] = (uint32_t)i;
            cval[fill[c]] = x->val[t];
            fill[c]++;
        }
    }
    free(fill);
    return 0;
}

/* The upper triangle of the n x n G copied from the lower, in cache-sized blocks. */
static void mirror_lower(double *G, size_t n)
{
    for (size_t bi = 0; bi < n; bi += 64)
        for (size_t bj = bi; bj < n; bj += 64)
            for (size_t i = bi; i < bi + 64 && i < n; i++)
                for (size_t j = (bj > i + 1 ? bj : i + 1); j < bj + 64 && j < n; j++)
                    G[i * n + j] = G[j * n + i];
}

int gram_compute(const csr *x, const size_t *rows, size_t n, int threads, double *G)
{
    size_t ncol = x->cols;
    uint32_t *df = calloc(ncol ? ncol : 1, sizeof *df);
    int32_t *cmap = malloc((ncol ? ncol : 1) * sizeof *cmap);
    int32_t *dense_of = malloc((ncol ? ncol : 1) * sizeof *dense_of);
    int rc = TASNIF_ENOMEM;
    size_t *cptr = NULL;
    uint32_t *crow = NULL;
    double *cval = NULL;
    if (!df || !cmap || !dense_of)
        goto out;
    for (size_t i = 0; i < n; i++) {
        size_t r = rows ? rows[i] : i;
        for (size_t t = x->rowptr[r]; t < x->rowptr[r + 1]; t++)
            df[x->col[t]]++;
    }
    size_t K = 0, nsp = 0, nnz_sp = 0;
    place_columns(df, ncol, n, dense_of, cmap, &K, &nsp, &nnz_sp);
    memset(G, 0, n * n * sizeof *G);
    if (K && dense_part(x, rows, n, dense_of, K, G) < 0)
        goto out;
    cptr = calloc(nsp + 1, sizeof *cptr);
    crow = malloc((nnz_sp ? nnz_sp : 1) * sizeof *crow);
    cval = malloc((nnz_sp ? nnz_sp : 1) * sizeof *cval);
    if (!cptr || !crow || !cval || sparse_csc(x, rows, n, ncol, df, cmap, nsp, cptr, crow, cval) < 0)
        goto out;
    if (threads < 1)
        threads = 1;
    if (threads > 64)
        threads = 64;
    sparse_job jobs[64];
    for (int t = 0; t < threads; t++)
        jobs[t] = (sparse_job){x, rows, n, dense_of, cptr, crow, cval, cmap, G, t, threads};
    par_run(threads, sparse_part, jobs, sizeof jobs[0]);
    mirror_lower(G, n);
    rc = 0;
out:
    free(df);
    free(cmap);
    free(dense_of);
    free(cptr);
    free(crow);
    free(cval);
    return rc;
}
