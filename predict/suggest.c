/*
 * suggest.c - uncertainty sampling with a diversity penalty: which
 * documents of an unlabelled pool to label next.
 *
 * Usefulness (Settles, "Active Learning Literature Survey", 2009, 3.1):
 * each document of the pool is scored by the model and gets a value v,
 * smaller meaning more useful:
 *   margin   the best score minus the second best (Scheffer et al. 2001:
 *            margin sampling), on probabilities with -b 1 models, else on
 *            decision values; label-set models: min_q |f_q(x) - t_q|, the
 *            distance of the label nearest to its threshold t_q, since a
 *            label set changes first where a label crosses its threshold;
 *   entropy  1 - H(p) / log k, H the entropy of the label probabilities
 *            (models trained with -b 1);
 *   random   a uniform draw from a generator seeded with --seed, in the
 *            pool's order.
 *
 * Diversity: uncertain documents come in clumps (the same story from
 * several agencies, the same boilerplate), and labelling two
 * near-duplicates teaches the model once.  The C = min(pool, candidates)
 * documents with the smallest v (ties: pool order) are kept with their
 * tf-idf vectors (the model's own, before any LSA projection), and each
 * gets rank r_i = (its place by v, 0-based) / C in [0, 1).  The batch S is
 * then chosen greedily (as in Brinker 2003, diversity-aware batch
 * selection): n times, take the candidate not in S minimising
 *     cost_i = r_i + lambda * max_{s in S} cos(x_i, x_s)
 * (ties: smaller r_i), with lambda = --diversity.  cos is the cosine of the
 * two tf-idf vectors, 1 for an exact duplicate, so with lambda = 1 a
 * duplicate of a chosen document ranks behind every candidate that shares
 * nothing with the batch.  Ranks rather than raw values make lambda mean
 * the same for every strategy and every model's score scale.
 *
 * Exclusion (--exclude): a pool document is left out when its id (FILE:LINE
 * as printed here, or FILE for a document per file) is a line of the file,
 * or that line's first TAB-separated field (so suggest's own TSV output
 * serves), or when its normalised text — the model's tokens, space-separated:
 * NFKC, case folding, Arabic folding, word break — equals that of a
 * document of the file read as a corpus.  Ids and texts are kept as 64-bit
 * hashes.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report_common.h"
#include "stream.h"
#include "suggest.h"

int suggest_strategy_parse(const char *s)
{
    static const char *names[] = {"margin", "entropy", "random"};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

const char *suggest_strategy_name(int strategy)
{
    return strategy == SUGGEST_ENTROPY ? "entropy" : strategy == SUGGEST_RANDOM ? "random" : "margin";
}

/* ---- the exclusion set ---- */

struct suggest_exclude {
    uint64_t *ids, *texts; /* sorted hashes */
    size_t nids, ntexts;
};

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int has_hash(const uint64_t *v, size_t n, uint64_t h)
{
    return n && bsearch(&h, v, n, sizeof *v, cmp_u64) != NULL;
}

/* Sort and drop repeats; @return the distinct count. */
static size_t sort_unique(uint64_t *v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_u64);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[k - 1])
            v[k++] = v[i];
    return k;
}

static uint64_t id_hash(const char *s, size_t n)
{
    return hash_bytes(s, n, 'i');
}

static uint64_t text_hash(feat_ctx *ctx, const char *text, size_t len, int *ok)
{
    const feat_term *terms;
    size_t nterms, tl;
    *ok = feat_doc_terms(ctx, text, len, NULL, 0, &terms, &nterms, NULL) == 0;
    const char *tok = feat_ctx_tokens(ctx, &tl);
    return hash_bytes(tok, tl, 't');
}

/* The ids of path: each line and its first TAB-separated field. */
static int read_ids(suggest_exclude *x, const char *path, size_t *cap, tasnif_err *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    char *line = NULL;
    size_t lcap = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &lcap, fp)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        if (n == 0)
            continue;
        const char *tab = memchr(line, '\t', (size_t)n);
        if (GROW(x->ids, *cap, x->nids + 2) < 0) {
            rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        x->ids[x->nids++] = id_hash(line, (size_t)n);
        if (tab)
            x->ids[x->nids++] = id_hash(line, (size_t)(tab - line));
    }
    if (rc == 0 && ferror(fp))
        rc = err_set(err, TASNIF_EIO, path, 0, 0, "read error: %s", strerror(errno));
    free(line);
    fclose(fp);
    return rc;
}

int suggest_exclude_load(const tasnif_model *m, const char *path, int64_t max_line, suggest_exclude **out,
                         tasnif_err *err)
{
    if (strcmp(path, "-") == 0)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "--exclude reads a file, not standard input");
    suggest_exclude *x = calloc(1, sizeof *x);
    feat_ctx *ctx = NULL;
    corpus *c = NULL;
    size_t icap = 0, tcap = 0;
    int rc = x ? 0 : err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc == 0)
        rc = feat_ctx_new(&m->fs.cfg, &ctx, err);
    if (rc == 0)
        rc = corpus_open(path, CORPUS_AUTO, 0, max_line, &c, err);
    if (rc == 0 && corpus_get_format(c) != CORPUS_DIR)
        rc = read_ids(x, path, &icap, err);
    while (rc == 0) {
        corpus_doc d;
        tasnif_err e = {0};
        int r = corpus_next(c, &d, &e);
        if (r == 0)
            break;
        if (r < 0) {
            if (!err_skippable(r)) {
                if (err)
                    *err = e;
                rc = r;
            }
            continue; /* no document: nothing to compare */
        }
        int ok;
        uint64_t h = text_hash(ctx, d.text, d.len, &ok);
        if (!ok)
            continue;
        if (GROW(x->texts, tcap, x->ntexts + 1) < 0)
            rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        else
            x->texts[x->ntexts++] = h;
    }
    corpus_close(c);
    feat_ctx_free(ctx);
    if (rc < 0) {
        suggest_exclude_free(x);
        return rc;
    }
    x->nids = sort_unique(x->ids, x->nids);
    x->ntexts = sort_unique(x->texts, x->ntexts);
    *out = x;
    return 0;
}

void suggest_exclude_free(suggest_exclude *x)
{
    if (!x)
        return;
    free(x->ids);
    free(x->texts);
    free(x);
}

void suggest_exclude_counts(const suggest_exclude *x, size_t *ids, size_t *texts)
{
    *ids = x ? x->nids : 0;
    *texts = x ? x->ntexts : 0;
}

/* ---- scoring the pool ---- */

/* A document kept as a candidate. */
typedef struct cand {
    double v;              /* usefulness value, smaller first */
    size_t order;
    suggest_item it;
    int32_t *col;          /* its unit tf-idf vector */
    double *val;
    size_t nnz;
} cand;

typedef struct run {
    const tasnif_model *m;
    const suggest_opts *o;
    suggest_result *res;
    feat_ctx *ctx;         /* normalised texts, for --exclude */
    uint64_t rng;
    cand *heap;            /* the best candidates so far, worst at the top */
    size_t nheap, cap;
    unsigned char *chosen; /* nlabels scratch */
    tasnif_err *err;
} run;

static void cand_free(cand *c)
{
    free(c->it.id);
    free(c->it.words);
    free(c->it.text);
    free(c->it.chosen);
    free(c->col);
    free(c->val);
}

/* Does a come before b (more useful)? */
static int before(const cand *a, const cand *b)
{
    return a->v != b->v ? a->v < b->v : a->order < b->order;
}

static void sift_down(cand *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        if (l < n && before(&h[w], &h[l]))
            w = l;
        if (r < n && before(&h[w], &h[r]))
            w = r;
        if (w == i)
            return;
        cand t = h[i];
        h[i] = h[w];
        h[w] = t;
        i = w;
    }
}

static void sift_up(cand *h, size_t i)
{
    while (i > 0 && before(&h[(i - 1) / 2], &h[i])) {
        cand t = h[i];
        h[i] = h[(i - 1) / 2];
        h[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

/* The usefulness value of a scored document (suggest.c's header). */
static double usefulness(run *r, const stream_doc *d, int *other, double *other_score)
{
    const tasnif_model *m = r->m;
    int k = m->nlabels;
    *other = -1;
    *other_score = 0;
    switch (r->o->strategy) {
    case SUGGEST_RANDOM:
        return (double)(report_rand(&r->rng) >> 11) / 9007199254740992.0;
    case SUGGEST_ENTROPY: {
        double h = 0;
        for (int i = 0; i < k; i++)
            if (d->scores[i].score > 0)
                h -= d->scores[i].score * log(d->scores[i].score);
        return 1 - h / log(k);
    }
    default:
        break;
    }
    if (m->multi) {
        double best = INFINITY;
        for (int q = 0; q < k; q++) {
            double dist = fabs(d->sc->dec[q] - m->thresh[q]);
            if (dist < best) {
                best = dist;
                *other = q;
                *other_score = d->sc->dec[q];
            }
        }
        return best;
    }
    *other = d->scores[1].index;
    *other_score = d->scores[1].score;
    return fabs(d->scores[0].score - d->scores[1].score);
}

static char *dup_text(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Fill c from the scored document d. */
static int take(run *r, cand *c, const stream_doc *d, const char *id, double v, int other, double other_score)
{
    const tasnif_model *m = r->m;
    memset(c, 0, sizeof *c);
    c->v = v;
    c->order = r->res->pool - 1;
    c->it.order = c->order;
    c->it.label = d->scores[0].index;
    c->it.score = d->scores[0].score;
    c->it.value = v;
    c->it.other = other;
    c->it.other_score = other_score;
    c->it.similar_to = -1;
    size_t wl = d->len < 120 ? d->len : 120;
    while (wl < d->len && wl > 0 && ((unsigned char)d->text[wl] & 0xC0) == 0x80)
        wl--; /* whole UTF-8 characters */
    c->it.id = dup_text(id, strlen(id));
    c->it.words = dup_text(d->text, wl);
    c->it.text = dup_text(d->text, d->len);
    int ok = c->it.id && c->it.words && c->it.text;
    if (ok && m->multi && (c->it.chosen = malloc((size_t)m->nlabels)))
        model_label_set(m, d->sc->dec, NULL, c->it.chosen);
    else if (m->multi)
        ok = 0;
    const model_scratch *sc = d->sc;
    size_t nnz = m->sv_dense ? 0 : sc->xnnz; /* dense kernel models keep no vector */
    double norm = 0;
    for (size_t t = 0; t < nnz; t++)
        norm += sc->xval[t] * sc->xval[t];
    if (ok && nnz) {
        c->col = malloc(nnz * sizeof *c->col);
        c->val = malloc(nnz * sizeof *c->val);
        ok = c->col && c->val;
    }
    if (ok && norm > 0) {
        norm = 1 / sqrt(norm);
        for (size_t t = 0; t < nnz; t++) {
            c->col[t] = sc->xcol[t];
            c->val[t] = sc->xval[t] * norm;
        }
        c->nnz = nnz;
    }
    if (!ok) {
        cand_free(c);
        return err_set(r->err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return 0;
}

static int on_doc(void *user, const stream_doc *d)
{
    run *r = user;
    if (d->rc < 0) {
        if (!r->o->skip_bad || !err_skippable(d->rc)) {
            if (r->err)
                *r->err = *d->err;
            return d->rc;
        }
        if (!r->res->skipped++)
            r->res->first_bad = *d->err;
        return 0;
    }
    r->res->pool++;
    char id[1200];
    corpus_name(d->id, d->file, d->line, id, sizeof id);
    const suggest_exclude *x = r->o->exclude;
    if (x && has_hash(x->ids, x->nids, id_hash(id, strlen(id)))) {
        r->res->excluded_id++;
        return 0;
    }
    if (x && x->ntexts) {
        int ok;
        uint64_t h = text_hash(r->ctx, d->text, d->len, &ok);
        if (ok && has_hash(x->texts, x->ntexts, h)) {
            r->res->excluded_text++;
            return 0;
        }
    }
    int other;
    double other_score, v = usefulness(r, d, &other, &other_score);
    cand probe = {.v = v, .order = r->res->pool - 1};
    if (r->nheap == r->cap) {
        if (!before(&probe, &r->heap[0]))
            return 0; /* no better than the worst kept */
        cand_free(&r->heap[0]);
        int rc = take(r, &r->heap[0], d, id, v, other, other_score);
        if (rc < 0) {
            r->heap[0] = r->heap[--r->nheap];
            sift_down(r->heap, r->nheap, 0);
            return rc;
        }
        sift_down(r->heap, r->nheap, 0);
        return 0;
    }
    int rc = take(r, &r->heap[r->nheap], d, id, v, other, other_score);
    if (rc < 0)
        return rc;
    sift_up(r->heap, r->nheap++);
    return 0;
}

/* ---- the greedy batch ---- */

/* The dot product of two sparse vectors sorted by feature. */
static double dot(const cand *a, const cand *b)
{
    double s = 0;
    size_t i = 0, j = 0;
    while (i < a->nnz && j < b->nnz) {
        if (a->col[i] < b->col[j])
            i++;
        else if (a->col[i] > b->col[j])
            j++;
        else
            s += a->val[i++] * b->val[j++];
    }
    return s;
}

static int cmp_cand(const void *a, const void *b)
{
    return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}

static int choose(run *r, tasnif_err *err)
{
    cand *c = r->heap;
    size_t nc = r->nheap, want = r->o->n < nc ? r->o->n : nc;
    suggest_result *res = r->res;
    qsort(c, nc, sizeof *c, cmp_cand);
    double *maxsim = calloc(nc ? nc : 1, sizeof *maxsim);
    long *near = malloc((nc ? nc : 1) * sizeof *near);
    unsigned char *taken = calloc(nc ? nc : 1, 1);
    long *pos = malloc((nc ? nc : 1) * sizeof *pos); /* candidate -> index in the result */
    res->items = calloc(want ? want : 1, sizeof *res->items);
    if (!maxsim || !near || !taken || !pos || !res->items) {
        free(maxsim);
        free(near);
        free(taken);
        free(pos);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < nc; i++) {
        near[i] = -1;
        c[i].it.rank = (double)i / (double)nc;
    }
    double lambda = r->o->diversity;
    for (size_t s = 0; s < want; s++) {
        size_t best = nc;
        double bc = INFINITY;
        for (size_t i = 0; i < nc; i++) {
            if (taken[i])
                continue;
            double cost = c[i].it.rank + lambda * maxsim[i];
            if (cost < bc) { /* ties: the earlier, smaller rank */
                bc = cost;
                best = i;
            }
        }
        taken[best] = 1;
        pos[best] = (long)s;
        cand *b = &c[best];
        b->it.similarity = maxsim[best];
        b->it.similar_to = near[best] >= 0 ? pos[near[best]] : -1;
        b->it.cost = bc;
        res->items[s] = b->it;
        memset(&b->it, 0, sizeof b->it); /* moved into the result */
        for (size_t i = 0; lambda > 0 && i < nc; i++) {
            if (taken[i] || !b->nnz)
                continue;
            double sim = dot(b, &c[i]);
            if (sim > maxsim[i]) {
                maxsim[i] = sim;
                near[i] = (long)best;
            }
        }
    }
    res->n = want;
    res->candidates = nc;
    free(maxsim);
    free(near);
    free(taken);
    free(pos);
    return 0;
}

int suggest_run(const tasnif_model *m, const char *const *paths, int npaths, corpus_format fmt,
                const suggest_opts *o, suggest_result *res, tasnif_err *err)
{
    memset(res, 0, sizeof *res);
    if (o->n < 1 || o->threads < 1 || !(o->diversity >= 0) || npaths < 1)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "suggest: invalid argument");
    if (o->strategy == SUGGEST_ENTROPY && (m->multi || !m->has_prob))
        return err_set(err, TASNIF_EARG, NULL, 0, 0,
                       m->multi ? "--strategy entropy needs probabilities; label-set models have thresholds: use margin"
                                : "--strategy entropy needs a model with probabilities (tasnif train -b 1)");
    size_t cap = o->candidates ? o->candidates : 10 * o->n;
    if (cap < o->n)
        cap = o->n;
    run r = {m, o, res, NULL, report_rand_init(o->seed), calloc(cap, sizeof(cand)), 0, cap, NULL, err};
    int rc = r.heap ? 0 : err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc == 0 && o->exclude && o->exclude->ntexts)
        rc = feat_ctx_new(&m->fs.cfg, &r.ctx, err);
    for (int i = 0; rc == 0 && i < npaths; i++) {
        corpus *c = NULL;
        if ((rc = corpus_open(paths[i], fmt, 0, o->max_line, &c, err)) < 0)
            break;
        corpus_set_spec(c, o->spec);
        rc = stream_corpus(m, c, o->threads, 0, on_doc, &r, err);
        corpus_close(c);
    }
    if (rc == 0)
        rc = choose(&r, err);
    for (size_t i = 0; i < r.nheap; i++)
        cand_free(&r.heap[i]);
    free(r.heap);
    feat_ctx_free(r.ctx);
    if (rc < 0)
        suggest_result_finish(res);
    return rc;
}

void suggest_result_finish(suggest_result *res)
{
    for (size_t i = 0; res->items && i < res->n; i++) {
        free(res->items[i].id);
        free(res->items[i].words);
        free(res->items[i].text);
        free(res->items[i].chosen);
    }
    free(res->items);
    memset(res, 0, sizeof *res);
}
