/*
 * cv.c - stratified k-fold cross-validation with the features fitted
 * inside each fold.
 *
 * Each fold refits the whole feature space on its training documents
 * only — vocabulary (min_df, max_features), document frequencies, idf and
 * the LSA basis — from the raw counts kept when the corpus was read
 * (feat_raw), weights its held-out documents with that space (n-grams it
 * lacks are dropped, as at prediction time), trains every parameter set
 * on it and scores the held-out documents.  Out-of-fold figures are then
 * honest estimates of a model trained on all the data; fitting the space
 * on all documents first would leak the held-out documents' vocabulary
 * and idf into every fold.
 *
 * Distributed (features/dist.h): the fold x parameter-set tasks are split
 * among the processes in contiguous blocks; each records its held-out
 * documents' results, every process receives all of them and replays them
 * to the callback in the single-process order, so the figures are the
 * same to the last bit.
 */
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "../models/metrics.h"
#include "../features/dist.h"
#include "train.h"

/* Rows [from, from + count) taken out of x. */
static void drop_rows(csr *x, size_t from, size_t count)
{
    size_t a = x->rowptr[from], b = x->rowptr[from + count];
    memmove(x->col + a, x->col + b, (x->nnz - b) * sizeof *x->col);
    memmove(x->val + a, x->val + b, (x->nnz - b) * sizeof *x->val);
    for (size_t r = from; r + count <= x->rows; r++)
        x->rowptr[r] = x->rowptr[r + count] - (b - a);
    x->rows -= count;
    x->nnz -= b - a;
}

/* The fold's matrix: train rows first (ntr), then the held-out rows.  The
 * space is fitted on the train rows and the unlabelled texts
 * (ts->unlabelled rows after the labelled ones in the raw counts), never
 * on the held-out rows. */
static int fold_matrix(const train_set *ts, const size_t *ord, size_t ntr, size_t n, unsigned seed, feat_space *fs,
                       csr *x, tasnif_err *err)
{
    size_t nu = ts->unlabelled, *rows = NULL;
    if (nu) { /* fitted on: train rows, unlabelled; weighted: the same, then the held-out rows */
        if (!(rows = malloc((n + nu) * sizeof *rows)))
            return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        memcpy(rows, ord, ntr * sizeof *rows);
        for (size_t i = 0; i < nu; i++)
            rows[ntr + i] = ts->n + i;
        memcpy(rows + ntr + nu, ord + ntr, (n - ntr) * sizeof *rows);
    }
    int rc = nu ? feat_raw_fit(&ts->raw, rows, ntr + nu, rows, n + nu, fs, x, err)
                : feat_raw_fit(&ts->raw, ord, ntr, ord, n, fs, x, err);
    free(rows);
    if (rc == 0 && nu && !fs->cfg.lsa_k)
        drop_rows(x, ntr, nu);
    if (rc < 0 || !fs->cfg.lsa_k)
        return rc;
    csr view = *x; /* the training rows (and the unlabelled) only */
    view.rows = ntr + nu;
    view.nnz = x->rowptr[ntr + nu];
    if ((rc = lsa_fit(&view, fs->dim, fs->cfg.lsa_k, 10, 2, seed, &fs->lsa_proj, &fs->lsa_sv, err)) < 0)
        return rc;
    if (nu)
        drop_rows(x, ntr, nu);
    if ((rc = feat_finalize_rows(fs, x)) < 0)
        return err_set(err, rc, NULL, 0, 0, "out of memory transforming the corpus");
    return 0;
}

/* The results of held-out documents recorded for another process: per
 * document row, fold, param, has_prob, ndec, then ndec decision values,
 * k votes, k scores and (multi-label) k chosen flags. */
static int tape_record(void *user, const cv_doc *d)
{
    dist_buf *t = user;
    size_t k = (size_t)d->m->nlabels;
    int h[4] = {d->fold, d->param, d->m->has_prob, d->m->ndec};
    if (dist_put(t, &d->row, sizeof d->row) < 0 || dist_put(t, h, sizeof h) < 0 ||
        dist_put(t, d->dec, (size_t)h[3] * sizeof *d->dec) < 0 || dist_put(t, d->votes, k * sizeof *d->votes) < 0 ||
        dist_put(t, d->scores, k * sizeof *d->scores) < 0 || (d->chosen && dist_put(t, d->chosen, k) < 0))
        return TASNIF_ENOMEM;
    return 0;
}

/* Every process's tape to all, then each document to fn in task order. */
static int tape_replay(const dist_buf *t, const train_set *ts, int rc, cv_doc_fn fn, void *user, tasnif_err *err)
{
    unsigned char *all = NULL;
    size_t *lens = malloc((size_t)dist_size() * sizeof *lens), total = 0, k = (size_t)ts->nlabels;
    if (rc == 0 && !lens)
        rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    if ((rc = dist_status(rc, err)) == 0)
        rc = dist_allgather(t->p, t->len, &all, lens, err);
    for (int r = 0; rc == 0 && r < dist_size(); r++)
        total += lens[r];
    double *dec = NULL;
    size_t cap = 0;
    for (size_t at = 0; rc == 0 && at < total;) {
        cv_doc d;
        int h[4];
        memcpy(&d.row, all + at, sizeof d.row);
        memcpy(h, all + at + sizeof d.row, sizeof h);
        at += sizeof d.row + sizeof h;
        tasnif_model m = {0};
        m.nlabels = ts->nlabels;
        m.labels = ts->labels;
        m.has_prob = h[2];
        m.ndec = h[3];
        m.multi = ts->multi;
        if (GROW(dec, cap, (size_t)h[3] + k * (sizeof(int) + sizeof(tasnif_score)) / sizeof *dec + k + 1) < 0) {
            rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        /* copied out of the byte stream for alignment */
        int *votes = (int *)(dec + h[3]);
        tasnif_score *scores = (tasnif_score *)(dec + h[3] + (k * sizeof(int) + sizeof *dec - 1) / sizeof *dec);
        unsigned char *chosen = (unsigned char *)(scores + k);
        memcpy(dec, all + at, (size_t)h[3] * sizeof *dec);
        at += (size_t)h[3] * sizeof *dec;
        memcpy(votes, all + at, k * sizeof *votes);
        at += k * sizeof *votes;
        memcpy(scores, all + at, k * sizeof *scores);
        at += k * sizeof *scores;
        for (size_t c = 0; c < k; c++)
            scores[c].label = ts->labels[scores[c].index];
        if (ts->multi) {
            memcpy(chosen, all + at, k);
            at += k;
        }
        d = (cv_doc){d.row, h[0], h[1], &m, dec, votes, scores, ts->multi ? chosen : NULL};
        rc = fn(user, &d);
    }
    free(dec);
    free(all);
    free(lens);
    return rc;
}

/* Fold f's rows in ord: its training rows first, in order, then its held-out rows, in order;
 * @return how many train. */
static size_t fold_order(const int *fold, size_t n, int f, size_t *ord)
{
    size_t ntr = 0, at = n;
    for (size_t i = n; i-- > 0;) /* held-out rows at the end, in order */
        if (fold[i] == f)
            ord[--at] = i;
    for (size_t i = 0; i < n; i++)
        if (fold[i] != f)
            ord[ntr++] = i;
    return ntr;
}

/* The label sets of the rows in the order ord (sptr[i] .. sptr[i + 1] in sidx is row ord[i]'s). */
static void fold_sets(const train_set *ts, const size_t *ord, size_t n, size_t *sptr, int *sidx)
{
    size_t t = 0;
    for (size_t i = 0; i < n; i++) {
        sptr[i] = t;
        for (size_t j = ts->set_ptr[ord[i]]; j < ts->set_ptr[ord[i] + 1]; j++)
            sidx[t++] = ts->set_idx[j];
    }
    sptr[n] = t;
}

/* A fold as its tasks see it: its rows in the order ord (the ntr training rows first), their labels and label
 * sets (NULL unless multi-label), and the space and matrix fitted on the training rows. */
typedef struct cv_fold {
    int f;
    const size_t *ord;
    size_t ntr, n;
    const feat_space *fs;
    const csr *x;
    const int *y;
    const label_sets *sets;
} cv_fold;

/* Scratch for scoring a held-out document. */
typedef struct cv_scratch {
    double *dec;            /* grown to each model's decision values */
    int *votes;
    tasnif_score *scores;
    unsigned char *chosen;  /* multi-label: the chosen set */
} cv_scratch;

/* Parameter set q trained on the fold's training rows, each held-out document's scores passed to emit;
 * @return 0, an error code, or emit's negative return. */
static int run_task(const train_params *pq, int q, const train_set *ts, const cv_fold *fd, cv_scratch *sc,
                    cv_doc_fn emit, void *eu, tasnif_err *err)
{
    const csr *x = fd->x;
    tasnif_model m = {0};
    m.fs = *fd->fs;
    m.nlabels = ts->nlabels;
    m.labels = ts->labels;
    int rc = train_model(pq, x, fd->y, fd->sets, NULL, fd->ntr, &m, err);
    if (rc == 0 && !(sc->dec = realloc(sc->dec, (size_t)m.ndec * sizeof *sc->dec)))
        rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = fd->ntr; rc == 0 && i < fd->n; i++) {
        size_t s = x->rowptr[i];
        if ((rc = model_decide(&m, x->col + s, x->val + s, x->rowptr[i + 1] - s, sc->dec, sc->votes)) < 0) {
            err_set(err, rc, NULL, 0, 0, "out of memory");
            break;
        }
        model_rank(&m, sc->dec, sc->votes, sc->scores);
        if (m.multi)
            model_label_set(&m, sc->dec, NULL, sc->chosen);
        cv_doc d = {fd->ord[i], fd->f, q, &m, sc->dec, sc->votes, sc->scores, m.multi ? sc->chosen : NULL};
        rc = emit(eu, &d);
    }
    model_clear_classifiers(&m);
    return rc;
}

int cv_run(const train_params *ps, int nps, const train_set *ts, int folds, unsigned seed, cv_doc_fn fn, void *user,
           tasnif_err *err)
{
    size_t n = ts->n;
    int k = ts->nlabels, rc = 0;
    if (!ts->has_raw)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "cross-validation needs the corpus's raw counts (fit_opts.keep_raw)");
    if (folds < 2 || (size_t)folds > n)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "%d folds for %zu documents", folds, n);
    int *fold = malloc(n * sizeof *fold), *y = malloc(n * sizeof *y);
    size_t *ord = malloc(n * sizeof *ord), *sptr = ts->multi ? malloc((n + 1) * sizeof *sptr) : NULL;
    int *sidx = ts->multi ? malloc((ts->set_ptr[n] + 1) * sizeof *sidx) : NULL;
    cv_scratch sc = {0};
    sc.chosen = malloc((size_t)k);
    sc.votes = malloc((size_t)k * sizeof *sc.votes);
    sc.scores = malloc((size_t)k * sizeof *sc.scores);
    if (!fold || !y || !ord || (ts->multi && (!sptr || !sidx)) || !sc.chosen || !sc.votes || !sc.scores) {
        rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    train_folds(ts->y, n, k, folds, seed, fold);
    size_t lo = 0, hi = (size_t)folds * (size_t)nps, per = (size_t)nps;
    int split = dist_size() > 1;
    if (split)
        dist_block(hi, dist_rank(), dist_size(), &lo, &hi);
    dist_buf tp = {0};
    cv_doc_fn emit = split ? tape_record : fn;
    void *eu = split ? (void *)&tp : user;
    for (int f = 0; f < folds && rc == 0; f++) {
        if ((size_t)f * per >= hi || ((size_t)f + 1) * per <= lo)
            continue; /* none of this fold's tasks is this process's */
        if (ps[0].progress) {
            progress_event e = {"fold", "folds", (uint64_t)f + 1, (uint64_t)folds, 0, 1, NULL};
            ps[0].progress(ps[0].progress_user, &e);
        }
        size_t ntr = fold_order(fold, n, f, ord);
        feat_space fs;
        csr x;
        if ((rc = fold_matrix(ts, ord, ntr, n, seed, &fs, &x, err)) < 0)
            break;
        for (size_t i = 0; i < n; i++)
            y[i] = ts->y[ord[i]];
        label_sets sets = {sptr, sidx};
        if (ts->multi)
            fold_sets(ts, ord, n, sptr, sidx);
        cv_fold fd = {f, ord, ntr, n, &fs, &x, y, ts->multi ? &sets : NULL};
        for (int q = 0; q < nps && rc == 0; q++) {
            size_t task = (size_t)f * per + (size_t)q;
            if (task < lo || task >= hi)
                continue;
            train_params pq = ps[q];
            pq.dist = pq.dist && !split; /* the tasks are split already */
            rc = run_task(&pq, q, ts, &fd, &sc, emit, eu, err);
        }
        feat_space_finish(&fs);
        csr_finish(&x);
    }
    if (split) {
        if (rc == TASNIF_ENOMEM && err && !err->msg[0])
            err_set(err, rc, NULL, 0, 0, "out of memory");
        rc = tape_replay(&tp, ts, rc, fn, user, err);
        free(tp.p);
    }
out:
    free(fold);
    free(y);
    free(ord);
    free(sptr);
    free(sidx);
    free(sc.chosen);
    free(sc.dec);
    free(sc.votes);
    free(sc.scores);
    return rc;
}

const char *cv_metric_name(int metric)
{
    return metric == CV_MICRO_F1 ? "micro_f1" : metric == CV_ACCURACY ? "accuracy" : "macro_f1";
}

static double metric_of(const eval_stats *s, int metric)
{
    return metric == CV_MICRO_F1 ? s->micro_f1 : metric == CV_ACCURACY ? s->accuracy : s->macro_f1;
}

typedef struct score_run {
    const train_set *ts;
    int folds;
    eval_stats *pooled;   /* nps */
    eval_stats *fold;     /* nps x folds */
    unsigned char *truth;
} score_run;

static int score_doc(void *user, const cv_doc *d)
{
    score_run *r = user;
    eval_stats *p = &r->pooled[d->param], *f = &r->fold[d->param * r->folds + d->fold];
    if (!d->chosen) {
        eval_add(p, r->ts->y[d->row], d->scores[0].index);
        eval_add(f, r->ts->y[d->row], d->scores[0].index);
        return 0;
    }
    memset(r->truth, 0, (size_t)r->ts->nlabels);
    for (size_t t = r->ts->set_ptr[d->row]; t < r->ts->set_ptr[d->row + 1]; t++)
        r->truth[r->ts->set_idx[t]] = 1;
    if (eval_add_set(p, r->truth, d->chosen) < 0 || eval_add_set(f, r->truth, d->chosen) < 0)
        return TASNIF_ENOMEM;
    return 0;
}

int cv_score_params(const train_params *ps, int nps, const train_set *ts, int folds, unsigned seed, int metric,
                    cv_score *out, double *fold_out, tasnif_err *err)
{
    int k = ts->nlabels, rc = 0, made = 0;
    score_run r = {ts, folds, calloc((size_t)nps, sizeof(eval_stats)),
                   calloc((size_t)nps * (size_t)folds, sizeof(eval_stats)), malloc((size_t)k)};
    if (!r.pooled || !r.fold || !r.truth)
        rc = TASNIF_ENOMEM;
    for (int i = 0; rc == 0 && i < nps * (folds + 1); i++, made++)
        if (eval_init(i < nps ? &r.pooled[i] : &r.fold[i - nps], k) < 0)
            rc = TASNIF_ENOMEM;
    if (rc < 0) {
        err_set(err, rc, NULL, 0, 0, "out of memory");
        goto out;
    }
    if ((rc = cv_run(ps, nps, ts, folds, seed, score_doc, &r, err)) < 0)
        goto out;
    for (int q = 0; q < nps; q++) {
        cv_score *o = &out[q];
        eval_compute(&r.pooled[q]);
        o->macro_f1 = r.pooled[q].macro_f1;
        o->micro_f1 = r.pooled[q].micro_f1;
        o->accuracy = r.pooled[q].accuracy;
        o->metric = metric_of(&r.pooled[q], metric);
        double sum = 0, sq = 0;
        for (int f = 0; f < folds; f++) {
            eval_compute(&r.fold[q * folds + f]);
            double v = metric_of(&r.fold[q * folds + f], metric);
            if (fold_out)
                fold_out[q * folds + f] = v;
            sum += v;
            sq += v * v;
        }
        o->fold_mean = sum / folds;
        double var = folds > 1 ? (sq - sum * sum / folds) / (folds - 1) : 0;
        o->fold_se = var > 0 ? sqrt(var / folds) : 0;
    }
out:
    for (int i = 0; i < made; i++)
        eval_finish(i < nps ? &r.pooled[i] : &r.fold[i - nps]);
    free(r.pooled);
    free(r.fold);
    free(r.truth);
    return rc;
}
