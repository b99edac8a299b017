/*
 * lsa.c - latent semantic analysis: a truncated SVD of the training tf-idf
 * matrix by randomized range finding with power iterations (Halko,
 * Martinsson & Tropp 2011, "Finding structure with randomness", algorithms
 * 4.3/4.4 and 5.1).
 *
 * For X (n documents x d features) and l = k + oversampling:
 *   Y = X G  (G: d x l Gaussian, seeded)           sparse times dense
 *   q times: Q = qr(Y); Z = qr(X^T Q); Y = X Z      power iterations
 *   Q = qr(Y); B^T = X^T Q (d x l)
 *   B^T = U S W^T (LAPACK dgesdd, thin)             the small SVD
 * The top k columns of U are the right singular vectors of X; a document
 * x becomes e = U_k^T x, scaled to unit length.  The sparse products are
 * ours; QR (dgeqrf/dorgqr) and the SVD (dgesdd) are the LAPACK routines
 * OpenBLAS ships, called through their Fortran interface.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "features.h"

/* LAPACK (Fortran interface, column-major, as shipped by OpenBLAS). */
extern void dgeqrf_(const int *m, const int *n, double *a, const int *lda, double *tau, double *work,
                    const int *lwork, int *info);
extern void dorgqr_(const int *m, const int *n, const int *k, double *a, const int *lda, const double *tau,
                    double *work, const int *lwork, int *info);
extern void dgesdd_(const char *jobz, const int *m, const int *n, double *a, const int *lda, double *s, double *u,
                    const int *ldu, double *vt, const int *ldvt, double *work, const int *lwork, int *iwork,
                    int *info);

/* Orthonormalise the columns of the column-major m x n matrix a in place. */
static int orthonormalise(double *a, int m, int n)
{
    int info = 0, lwork = -1;
    double q, *tau = malloc((size_t)n * sizeof *tau), *work;
    if (!tau)
        return TASNIF_ENOMEM;
    dgeqrf_(&m, &n, a, &m, tau, &q, &lwork, &info);
    lwork = (int)q + 1;
    if (!(work = malloc((size_t)lwork * sizeof *work))) {
        free(tau);
        return TASNIF_ENOMEM;
    }
    dgeqrf_(&m, &n, a, &m, tau, work, &lwork, &info);
    if (info == 0)
        dorgqr_(&m, &n, &n, a, &m, tau, work, &lwork, &info);
    free(work);
    free(tau);
    return info == 0 ? 0 : TASNIF_EARG;
}

/* Y (n x l, row-major) = X Z where Z is d x l row-major: the inner loops
 * run over contiguous rows of l values. */
static void x_times(const csr *x, const double *z, int l, double *y)
{
    size_t n = x->rows;
    memset(y, 0, n * (size_t)l * sizeof *y);
    for (size_t i = 0; i < n; i++) {
        double *yi = y + i * (size_t)l;
        for (size_t t = x->rowptr[i]; t < x->rowptr[i + 1]; t++) {
            const double *zf = z + (size_t)x->col[t] * (size_t)l;
            double v = x->val[t];
            for (int j = 0; j < l; j++)
                yi[j] += v * zf[j];
        }
    }
}

/* Z (d x l, row-major) = X^T Y where Y is n x l row-major. */
static void xt_times(const csr *x, const double *y, size_t d, int l, double *z)
{
    size_t n = x->rows;
    memset(z, 0, d * (size_t)l * sizeof *z);
    for (size_t i = 0; i < n; i++) {
        const double *yi = y + i * (size_t)l;
        for (size_t t = x->rowptr[i]; t < x->rowptr[i + 1]; t++) {
            double *zf = z + (size_t)x->col[t] * (size_t)l;
            double v = x->val[t];
            for (int j = 0; j < l; j++)
                zf[j] += v * yi[j];
        }
    }
}

/* Transpose the rows x cols row-major a into column-major b (or back). */
static void transpose(const double *a, size_t rows, size_t cols, double *b)
{
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            b[j * rows + i] = a[i * cols + j];
}

/* Orthonormalise the columns of the row-major m x n matrix a in place,
 * using tmp (m x n) for LAPACK's column-major layout. */
static int orthonormalise_rows(double *a, int m, int n, double *tmp)
{
    transpose(a, (size_t)m, (size_t)n, tmp);
    int rc = orthonormalise(tmp, m, n);
    for (size_t i = 0; i < (size_t)m; i++)
        for (size_t j = 0; j < (size_t)n; j++)
            a[i * (size_t)n + j] = tmp[j * (size_t)m + i];
    return rc;
}

static double gaussian(uint64_t *s)
{
    /* Box-Muller on two xorshift64* uniforms in (0, 1] */
    double u[2];
    for (int k = 0; k < 2; k++) {
        *s ^= *s >> 12;
        *s ^= *s << 25;
        *s ^= *s >> 27;
        u[k] = ((double)((*s * 0x2545F4914F6CDD1DULL) >> 11) + 1.0) / 9007199254740993.0;
    }
    return sqrt(-2.0 * log(u[0])) * cos(6.283185307179586 * u[1]);
}

/* In y (n x l, orthonormal columns): a basis of the range of X Z, Z a Gaussian d x l matrix drawn from seed,
 * sharpened by power iterations; z is overwritten, u (max(n, d) x l) is scratch; @return 0 or an error. */
static int range_basis(const csr *x, size_t d, int l, int power, unsigned seed, double *z, double *y, double *u,
                       tasnif_err *err)
{
    size_t n = x->rows;
    int rc = 0;
    uint64_t st = 0x9E3779B97F4A7C15ULL ^ seed;
    for (size_t i = 0; i < d * (size_t)l; i++)
        z[i] = gaussian(&st);
    /* u doubles as LAPACK's column-major scratch until the SVD */
    x_times(x, z, l, y);
    for (int q = 0; q < power && rc == 0; q++) {
        if ((rc = orthonormalise_rows(y, (int)n, l, u)) < 0)
            break;
        xt_times(x, y, d, l, z);
        if ((rc = orthonormalise_rows(z, (int)d, l, u)) < 0)
            break;
        x_times(x, z, l, y);
    }
    if (rc == 0)
        rc = orthonormalise_rows(y, (int)n, l, u);
    if (rc < 0)
        return err_set(err, rc, NULL, 0, 0, "LSA: QR factorisation failed");
    return 0;
}

/* The SVD of B^T = X^T Y (d x l, Y the basis in y): its left singular vectors in u (column-major), its singular
 * values in s (descending); z, vt and iwork are scratch; @return 0 or an error. */
static int svd_of_projection(const csr *x, const double *y, size_t d, int l, double *z, double *s, double *u,
                             double *vt, int *iwork, tasnif_err *err)
{
    int info = 0;
    xt_times(x, y, d, l, u); /* B^T, d x l, row-major */
    transpose(u, d, (size_t)l, z); /* column-major for dgesdd */
    int m = (int)d, lwork = -1;
    double wq;
    dgesdd_("S", &m, &l, z, &m, s, u, &m, vt, &l, &wq, &lwork, iwork, &info);
    lwork = (int)wq + 1;
    double *work = malloc((size_t)lwork * sizeof *work);
    if (!work)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    dgesdd_("S", &m, &l, z, &m, s, u, &m, vt, &l, work, &lwork, iwork, &info);
    free(work);
    if (info != 0)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "LSA: the SVD did not converge (LAPACK info %d)", info);
    return 0;
}

int lsa_fit(const csr *x, size_t d, int k, int oversample, int power, unsigned seed, float **proj,
            double **sv, tasnif_err *err)
{
    size_t n = x->rows;
    int l = k + oversample;
    if ((size_t)l > n)
        l = (int)n;
    if ((size_t)l > d)
        l = (int)d;
    if (k < 1 || k > l)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "--lsa %d: needs at most min(documents, features) = %d dimensions",
                       k, (int)(n < d ? n : d));
    if (n > INT32_MAX || d > INT32_MAX)
        return err_set(err, TASNIF_ELIMIT, NULL, 0, 0, "matrix too large for LSA");
    double *z = malloc(d * (size_t)l * sizeof *z), *y = malloc(n * (size_t)l * sizeof *y);
    double *s = malloc((size_t)l * sizeof *s), *vt = malloc((size_t)l * (size_t)l * sizeof *vt);
    int *iwork = malloc(8 * (size_t)l * sizeof *iwork);
    double *u = malloc((n > d ? n : d) * (size_t)l * sizeof *u); /* also QR scratch */
    int rc = 0;
    if (!z || !y || !s || !vt || !iwork || !u) {
        rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory for a %zu x %d LSA basis", d, l);
        goto out;
    }
    if ((rc = range_basis(x, d, l, power, seed, z, y, u, err)) < 0 ||
        (rc = svd_of_projection(x, y, d, l, z, s, u, vt, iwork, err)) < 0)
        goto out;
    /* feature-major projection: proj[f * k + j] = U[f][j] */
    float *p = malloc(d * (size_t)k * sizeof *p);
    double *sk = malloc((size_t)k * sizeof *sk);
    if (!p || !sk) {
        free(p);
        free(sk);
        rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (size_t f = 0; f < d; f++)
        for (int j = 0; j < k; j++)
            p[f * (size_t)k + (size_t)j] = (float)u[(size_t)j * d + f];
    memcpy(sk, s, (size_t)k * sizeof *sk);
    *proj = p;
    *sv = sk;
out:
    free(z);
    free(y);
    free(s);
    free(vt);
    free(iwork);
    free(u);
    return rc;
}

void lsa_embed(const float *proj, int k, const int32_t *col, const double *val, size_t nnz, double *e)
{
    for (int j = 0; j < k; j++)
        e[j] = 0;
    for (size_t t = 0; t < nnz; t++) {
        const float *p = proj + (size_t)col[t] * (size_t)k;
        double v = val[t];
        for (int j = 0; j < k; j++)
            e[j] += v * p[j];
    }
    double norm = 0;
    for (int j = 0; j < k; j++)
        norm += e[j] * e[j];
    if (norm > 0) {
        norm = 1.0 / sqrt(norm);
        for (int j = 0; j < k; j++)
            e[j] *= norm;
    }
}
