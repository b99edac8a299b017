/*
 * audit.c - finding labels that look wrong with confident learning
 * (Northcutt, Jiang & Chuang, "Confident Learning: Estimating Uncertainty
 * in Dataset Labels", JAIR 70, 2021).
 *
 * 1. Out-of-fold probabilities: stratified K-fold cross-validation with
 *    the features fitted inside each fold (cv_run), so no document is
 *    judged by a model that saw it.  Fold models trained with -b 1 give
 *    their own probabilities (Platt inside each fold's training).  Without
 *    -b 1 (the default, K times cheaper) each label's out-of-fold decision
 *    values are turned into probabilities by one Platt sigmoid fitted on
 *    all of them against "given label j" (train_platt), and a document's
 *    probabilities are normalised to sum 1, as one-vs-rest models do
 *    (models/score.c).  A monotone map per label fitted on n documents
 *    with two parameters: the document being judged weighs 1/n in it.
 * 2. Thresholds: t_j = the mean out-of-fold probability of label j over
 *    the documents given j (the paper's per-class expected
 *    self-confidence), so a label the model is always unsure of is not
 *    held to the standard of an easy one.
 * 3. Confident joint: a document given label i counts towards label
 *    j* = argmax { p_j : p_j >= t_j } (none if no label reaches its
 *    threshold): C[i][j*] += 1.  Row i of C, scaled to sum to the number
 *    n_i of documents given i, estimates how many of them truly belong
 *    to each label (the paper's calibrated confident joint); its
 *    off-diagonal sum e_i is the estimated number of wrong labels i.
 * 4. Findings (the paper's "prune by class", cleanlab's default ranking):
 *    of the documents given i, the e_i with the lowest p_i.  Each gets
 *    as its suggestion its j* when that is another label, else the
 *    likeliest other label.  Order: by p_i / t_i, smallest first: how far
 *    the given label falls short of the confidence it usually gets.  On
 *    the shared corpora with 10% of the labels flipped this orders the
 *    flipped documents first better than listing the C[i][j] documents
 *    themselves by margin p_j* - p_i (bench/results/labelling.md).
 *
 * Label sets: each label is a binary question, "is j" or "is not j",
 * audited on its own with the same rules: p_j from a sigmoid fitted on
 * label j's out-of-fold decision values (the fold models are label-set
 * models, thresholds chosen inside each fold); t_j = the mean p_j over the
 * documents holding j, t'_j = the mean 1 - p_j over those without it.
 * The calibrated 2 x 2 confident joint of label j gives how many
 * documents without j are missing it (the lowest 1 - p_j among them) and
 * how many with j have it extra (the lowest p_j); both are ordered with
 * the others by (1 - p_j) / t'_j or p_j / t_j.
 *
 * Evidence: a model trained on every document (the settings of the
 * folds) explains the suggested label's score of each finding
 * (models/explain.c, by word): the words that weigh most for it, or,
 * for an extra label, most against it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"

typedef struct collect {
    const train_set *ts;
    audit_result *r;
    double *raw;          /* n x k out-of-fold scores as the fold models give them */
    int has_prob;
} collect;

static int on_doc(void *user, const cv_doc *d)
{
    collect *c = user;
    size_t k = (size_t)c->r->k;
    double *row = c->raw + d->row * k;
    c->has_prob = d->m->has_prob;
    if (d->chosen) {
        memcpy(row, d->dec, k * sizeof *row);
        memcpy(c->r->pred_set + d->row * k, d->chosen, k);
        return 0;
    }
    for (size_t i = 0; i < k; i++)
        row[d->scores[i].index] = d->scores[i].score;
    c->r->pred[d->row] = d->scores[0].index;
    return 0;
}

/* Does row r carry label j? */
static int given(const train_set *ts, size_t r, int j)
{
    if (!ts->multi)
        return ts->y[r] == j;
    for (size_t t = ts->set_ptr[r]; t < ts->set_ptr[r + 1]; t++)
        if (ts->set_idx[t] == j)
            return 1;
    return 0;
}

/* res->prob from the out-of-fold scores: a sigmoid per label fitted on
 * them (normalised per document for one label per document), or the fold
 * models' own probabilities. */
static int calibrate(const collect *c, tasnif_err *err)
{
    audit_result *r = c->r;
    size_t n = r->n, k = (size_t)r->k;
    if (c->has_prob && !c->ts->multi) {
        memcpy(r->prob, c->raw, n * k * sizeof *r->prob);
        return 0;
    }
    r->calibrated = 1;
    double *f = malloc(n * sizeof *f), *t = malloc(n * sizeof *t);
    if (!f || !t) {
        free(f);
        free(t);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t j = 0; j < k; j++) {
        for (size_t i = 0; i < n; i++) {
            f[i] = c->raw[i * k + j];
            t[i] = given(c->ts, i, (int)j) ? 1 : -1;
        }
        double A, B;
        train_platt(f, t, n, &A, &B);
        for (size_t i = 0; i < n; i++)
            r->prob[i * k + j] = model_sigmoid(f[i], A, B);
    }
    for (size_t i = 0; !c->ts->multi && i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < k; j++)
            s += r->prob[i * k + j];
        for (size_t j = 0; s > 0 && j < k; j++)
            r->prob[i * k + j] /= s;
    }
    free(f);
    free(t);
    return 0;
}

static int add(audit_result *r, size_t *cap, audit_finding f)
{
    if (GROW(r->found, *cap, r->nfound + 1) < 0)
        return TASNIF_ENOMEM;
    r->found[r->nfound++] = f;
    return 0;
}

/* A document's standing in one question ("which label", or "is j" for
 * label sets): the state it was given, the state the confident joint
 * counts it towards (-1: none), and the given state's probability. */
typedef struct standing {
    size_t row;
    double p_given;
} standing;

static int cmp_standing(const void *a, const void *b)
{
    const standing *x = a, *y = b;
    if (x->p_given != y->p_given)
        return x->p_given < y->p_given ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

/* How many of the m documents given state i the calibrated confident
 * joint counts as another state: row i of C (q states, counts) scaled to
 * sum m, less its diagonal. */
static size_t wrong_in_row(const size_t *C, int q, int i, size_t m)
{
    size_t sum = 0;
    for (int j = 0; j < q; j++)
        sum += C[i * q + j];
    return sum ? (size_t)llround((double)(sum - C[i * q + i]) * (double)m / (double)sum) : 0;
}

/* The findings of one label per document. */
static int find_single(const train_set *ts, audit_result *r, size_t *cap, standing *st)
{
    size_t n = r->n;
    int k = r->k, rc = 0;
    size_t *C = calloc((size_t)k * (size_t)k, sizeof *C);
    if (!C)
        return TASNIF_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const double *p = r->prob + i * (size_t)k;
        int best = -1;
        for (int j = 0; j < k; j++)
            if (p[j] >= r->thresh[j] && (best < 0 || p[j] > p[best]))
                best = j;
        if (best >= 0)
            C[ts->y[i] * k + best]++;
    }
    for (int g = 0; rc == 0 && g < k; g++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (ts->y[i] == g)
                st[m++] = (standing){i, r->prob[i * (size_t)k + (size_t)g]};
        qsort(st, m, sizeof *st, cmp_standing);
        size_t take = wrong_in_row(C, k, g, m);
        for (size_t t = 0; rc == 0 && t < take && t < m; t++) {
            const double *p = r->prob + st[t].row * (size_t)k;
            int best = -1, sure = -1; /* the likeliest other label; the likeliest above its threshold */
            for (int j = 0; j < k; j++) {
                if (j == g)
                    continue;
                if (best < 0 || p[j] > p[best])
                    best = j;
                if (p[j] >= r->thresh[j] && (sure < 0 || p[j] > p[sure]))
                    sure = j;
            }
            int l = sure >= 0 ? sure : best;
            rc = add(r, cap, (audit_finding){st[t].row, AUDIT_WRONG, l, g, p[l], r->thresh[l], p[g], p[l] - p[g],
                                             p[g] / r->thresh[g], NULL, 0});
        }
    }
    free(C);
    return rc;
}

/* The findings of label sets: each label a question of its own. */
static int find_sets(const train_set *ts, audit_result *r, size_t *cap, standing *st)
{
    size_t n = r->n, k = (size_t)r->k;
    int rc = 0;
    for (size_t j = 0; rc == 0 && j < k; j++) {
        size_t C[4] = {0, 0, 0, 0}; /* [given][counted]: 0 "is not j", 1 "is j" */
        for (size_t i = 0; i < n; i++) {
            double yes = r->prob[i * k + j], no = 1 - yes;
            int is = yes >= r->thresh[j], isnt = no >= r->thresh_not[j];
            int to = is && (!isnt || yes > no) ? 1 : isnt ? 0 : -1;
            if (to >= 0)
                C[given(ts, i, (int)j) * 2 + to]++;
        }
        for (int g = 0; rc == 0 && g < 2; g++) {
            size_t m = 0;
            for (size_t i = 0; i < n; i++)
                if (given(ts, i, (int)j) == g)
                    st[m++] = (standing){i, g ? r->prob[i * k + j] : 1 - r->prob[i * k + j]};
            qsort(st, m, sizeof *st, cmp_standing);
            size_t take = wrong_in_row(C, 2, g, m);
            for (size_t t = 0; rc == 0 && t < take && t < m; t++) {
                double against = st[t].p_given, conf = 1 - against;
                double tg = g ? r->thresh[j] : r->thresh_not[j], to = g ? r->thresh_not[j] : r->thresh[j];
                rc = add(r, cap, (audit_finding){st[t].row, g ? AUDIT_EXTRA : AUDIT_MISSING, (int)j, -1, conf, to,
                                                 against, conf - against, against / tg, NULL, 0});
            }
        }
    }
    return rc;
}

/* Thresholds, then the findings (audit.c's header). */
static int find(const train_set *ts, audit_result *r, tasnif_err *err)
{
    size_t n = r->n, k = (size_t)r->k, cap = 0;
    double *sum = calloc(2 * k, sizeof *sum);
    size_t *cnt = calloc(2 * k, sizeof *cnt);
    standing *st = malloc((n ? n : 1) * sizeof *st);
    int rc = sum && cnt && st ? 0 : TASNIF_ENOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++)
        for (size_t j = 0; j < k; j++) {
            double p = r->prob[i * k + j];
            int g = given(ts, i, (int)j);
            if (g || ts->multi) { /* one label: only "is j" has a threshold */
                sum[g ? j : k + j] += g ? p : 1 - p;
                cnt[g ? j : k + j]++;
            }
        }
    for (size_t j = 0; rc == 0 && j < k; j++) {
        r->thresh[j] = cnt[j] ? sum[j] / (double)cnt[j] : 1;
        if (ts->multi)
            r->thresh_not[j] = cnt[k + j] ? sum[k + j] / (double)cnt[k + j] : 1;
    }
    if (rc == 0)
        rc = ts->multi ? find_sets(ts, r, &cap, st) : find_single(ts, r, &cap, st);
    free(sum);
    free(cnt);
    free(st);
    return rc < 0 ? err_set(err, rc, NULL, 0, 0, "out of memory") : 0;
}

static int cmp_finding(const void *a, const void *b)
{
    const audit_finding *x = a, *y = b;
    if (x->self != y->self)
        return x->self < y->self ? -1 : 1;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (x->label > y->label) - (x->label < y->label);
}

/* The evidence of every finding, from a model trained on every document. */
static int explain(const audit_opts *o, feat_space *fs, const train_set *ts, audit_result *r, tasnif_err *err)
{
    if (!ts->text)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "audit: evidence needs the documents' texts (fit_opts.keep_text)");
    train_params p = o->tp;
    p.probability = 0; /* explanations are of decision values */
    tasnif_model *m = NULL;
    feat_ctx *ctx = NULL;
    model_scratch sc = {0};
    int rc = fit_model(&p, fs, ts, NULL, &m, err);
    if (rc == 0)
        rc = feat_ctx_new(&m->fs.cfg, &ctx, err);
    if (rc == 0 && (rc = model_scratch_init(&sc, m)) < 0)
        err_set(err, rc, NULL, 0, 0, "out of memory");
    for (size_t i = 0; rc == 0 && i < r->nfound; i++) {
        audit_finding *f = &r->found[i];
        const char *text = ts->text[f->row];
        if ((rc = model_score_text(m, ctx, &sc, text, strlen(text), NULL, 0, err)) < 0)
            break;
        rc = 0;
        model_expl e;
        size_t tl;
        const char *tokens = feat_ctx_tokens(ctx, &tl);
        if (model_explain(m, sc.xcol, sc.xval, sc.xnnz, f->label, &e) < 0) {
            rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        double sign = f->kind == AUDIT_EXTRA ? -1 : 1;
        if (model_explain_words(m, &e, tokens, tl) < 0 ||
            !(f->words = calloc((size_t)o->explain_n, sizeof *f->words)))
            rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        for (size_t w = 0; rc == 0 && w < e.nwords && f->nwords < o->explain_n; w++) {
            if (sign * e.words[w].contribution <= 0)
                continue;
            audit_word *aw = &f->words[f->nwords];
            if (!(aw->word = strndup(e.words[w].word, e.words[w].len)))
                rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
            aw->contribution = e.words[w].contribution;
            f->nwords += rc == 0;
        }
        model_expl_finish(&e);
    }
    model_scratch_finish(&sc);
    feat_ctx_free(ctx);
    tasnif_model_free(m);
    return rc;
}

int audit_run(const audit_opts *o, feat_space *fs, const train_set *ts, audit_result *res, tasnif_err *err)
{
    memset(res, 0, sizeof *res);
    size_t n = ts->n, k = (size_t)ts->nlabels;
    if (o->explain_n < 0)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "audit: invalid argument");
    res->n = n;
    res->k = ts->nlabels;
    res->prob = malloc(n * k * sizeof *res->prob);
    res->thresh = calloc(k, sizeof *res->thresh);
    if (ts->multi) {
        res->pred_set = calloc(n * k, 1);
        res->thresh_not = calloc(k, sizeof *res->thresh_not);
    } else
        res->pred = calloc(n, sizeof *res->pred);
    collect c = {ts, res, malloc(n * k * sizeof *c.raw), 0};
    int rc = 0;
    if (!res->prob || !res->thresh || !c.raw || (ts->multi ? !res->pred_set || !res->thresh_not : !res->pred))
        rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc == 0)
        rc = cv_run(&o->tp, 1, ts, o->folds, o->seed, on_doc, &c, err);
    if (rc == 0)
        rc = calibrate(&c, err);
    free(c.raw);
    if (rc == 0)
        rc = find(ts, res, err);
    if (rc == 0) {
        if (res->nfound)
            qsort(res->found, res->nfound, sizeof *res->found, cmp_finding);
        if (o->explain_n > 0)
            rc = explain(o, fs, ts, res, err);
    }
    if (rc < 0)
        audit_result_finish(res);
    return rc;
}

void audit_result_finish(audit_result *res)
{
    for (size_t i = 0; res->found && i < res->nfound; i++) {
        for (int w = 0; w < res->found[i].nwords; w++)
            free(res->found[i].words[w].word);
        free(res->found[i].words);
    }
    free(res->found);
    free(res->prob);
    free(res->pred);
    free(res->pred_set);
    free(res->thresh);
    free(res->thresh_not);
    memset(res, 0, sizeof *res);
}
