/*
 * multilabel.c - every topic of a document: binary relevance (one
 * liblinear classifier per label against the documents without it) with
 * per-label decision thresholds chosen by cross-validation on the
 * training rows.
 *
 * Thresholds: K-fold (stratified by the main label) out-of-fold decision
 * values f_q(x) for every label; label q's threshold is the midpoint
 * between consecutive sorted out-of-fold values that maximises the F1 of
 * q alone (ties: the one nearest 0).  A label with few positive documents
 * has a noisy optimum, so its threshold is shrunk towards the SVM's own
 * boundary 0: t = t_best * n_pos / (n_pos + SHRINK).  Prediction then
 * takes every label with f_q >= t_q and always the best-scoring label,
 * so no document gets an empty set (models/score.c model_label_set).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "train.h"

enum { SHRINK = 10 };

typedef struct scored {
    double f;
    int pos;
} scored;

static int cmp_scored(const void *a, const void *b)
{
    double x = ((const scored *)a)->f, y = ((const scored *)b)->f;
    return (x < y) - (x > y); /* descending */
}

/* The threshold maximising F1 over n (value, positive) pairs. */
static double best_threshold(scored *s, size_t n, size_t npos)
{
    qsort(s, n, sizeof *s, cmp_scored);
    double best_f1 = -1, best_t = 0;
    size_t tp = 0;
    for (size_t i = 0; i < n; i++) {
        tp += (size_t)s[i].pos;
        if (i + 1 < n && s[i + 1].f == s[i].f)
            continue; /* a threshold cannot split equal values */
        double f1 = 2.0 * (double)tp / (double)(i + 1 + npos);
        double t = i + 1 < n ? (s[i].f + s[i + 1].f) / 2 : s[i].f - 1e-6;
        if (f1 > best_f1 + 1e-12 || (fabs(f1 - best_f1) <= 1e-12 && fabs(t) < fabs(best_t))) {
            best_f1 = f1;
            best_t = t;
        }
    }
    return best_t;
}

/* The decision values of fold f's held-out rows under fm's k linear classifiers, in oof (n x k). */
static void held_out_decisions(const tasnif_model *fm, const csr *x, const size_t *rows, size_t n, const int *fold,
                               int f, double *oof)
{
    int k = fm->nlabels;
    for (size_t i = 0; i < n; i++) {
        if (fold[i] != f)
            continue;
        size_t r = rows ? rows[i] : i, s = x->rowptr[r];
        double *d = oof + i * (size_t)k;
        for (int c = 0; c < k; c++)
            d[c] = -fm->rho[c];
        for (size_t e = s; e < x->rowptr[r + 1]; e++) {
            const double *w = fm->w + (size_t)x->col[e] * (size_t)k;
            for (int c = 0; c < k; c++)
                d[c] += x->val[e] * w[c];
        }
    }
}

/* Each label's threshold from the out-of-fold decision values oof (n x k): the best F1's, shrunk towards 0 when
 * the label has few positive rows (npos); sc is scratch for n rows. */
static void choose_thresholds(const double *oof, const label_sets *sets, const size_t *rows, size_t n, int k,
                              const size_t *npos, scored *sc, double *thresh)
{
    for (int c = 0; c < k; c++) {
        for (size_t i = 0; i < n; i++)
            sc[i] = (scored){oof[i * (size_t)k + (size_t)c],
                             label_sets_has(sets, rows ? rows[i] : i, c)};
        double t = best_threshold(sc, n, npos[c]);
        thresh[c] = t * (double)npos[c] / (double)(npos[c] + SHRINK);
    }
}

int train_multilabel(const train_params *p, const csr *x, const int *y, const label_sets *sets, const size_t *rows,
                     size_t n, int folds, tasnif_model *m, tasnif_err *err)
{
    int k = m->nlabels, rc = 0;
    if (p->solver != SOLVER_LIBLINEAR || p->kernel != LINEAR)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "multi-label models are linear (liblinear one-vs-rest)");
    if (p->probability)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "multi-label models give decision values and thresholds, "
                                                     "not probabilities");
    train_params q = *p;
    q.scheme = SCHEME_OVR;
    double *cw = malloc((size_t)k * sizeof *cw);
    double *oof = malloc((n ? n : 1) * (size_t)k * sizeof *oof);
    int *fold = malloc((n ? n : 1) * sizeof *fold), *ysub = malloc((n ? n : 1) * sizeof *ysub);
    size_t *sub = malloc((n ? n : 1) * sizeof *sub), *npos = calloc((size_t)k, sizeof *npos);
    scored *sc = malloc((n ? n : 1) * sizeof *sc);
    double *thresh = calloc((size_t)k, sizeof *thresh);
    tasnif_model fm = {0};
    if (!cw || !oof || !fold || !ysub || !sub || !npos || !sc || !thresh) {
        rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (int c = 0; c < k; c++)
        cw[c] = p->label_weight ? p->label_weight[c] : 1.0;
    for (size_t i = 0; i < n; i++) {
        size_t r = rows ? rows[i] : i;
        ysub[i] = y[r];
        for (size_t t = sets->ptr[r]; t < sets->ptr[r + 1]; t++)
            npos[sets->idx[t]]++;
    }
    /* a label absent from these rows (a cross-validation fold of a small
     * corpus) gets a constant negative decision (train_linear) and
     * threshold 0: it is never chosen unless it scores best */
    /* out-of-fold decision values */
    if (folds > 1 && (size_t)folds <= n) {
        train_folds(ysub, n, k, folds, p->seed, fold);
        fm.fs = m->fs;
        fm.nlabels = k;
        fm.labels = m->labels;
        for (int f = 0; f < folds && rc == 0; f++) {
            size_t t = 0;
            for (size_t i = 0; i < n; i++)
                if (fold[i] != f)
                    sub[t++] = rows ? rows[i] : i;
            if ((rc = train_linear(&q, x, y, sets, sub, t, cw, &fm, err)) < 0)
                break;
            held_out_decisions(&fm, x, rows, n, fold, f, oof);
            model_clear_classifiers(&fm);
        }
        if (rc < 0)
            goto out;
        choose_thresholds(oof, sets, rows, n, k, npos, sc, thresh);
    }
    if ((rc = train_linear(&q, x, y, sets, rows, n, cw, m, err)) < 0)
        goto out;
    m->thresh = thresh;
    thresh = NULL;
    m->multi = 1;
out:
    model_clear_classifiers(&fm);
    free(cw);
    free(oof);
    free(fold);
    free(ysub);
    free(sub);
    free(npos);
    free(sc);
    free(thresh);
    return rc;
}
