/*
 * batch.c - term extraction for many documents on several threads.
 *
 * Document i of a batch goes to worker i mod T; each worker has its own
 * ICU context and copies its results into its own arena.  The caller reads
 * results back in document order, so everything downstream (vocabulary ids,
 * error reports) is the same for any thread count.  A shared batch
 * extracts only this process's block of the documents (dist.h), and with
 * FEAT_SHARE_ALL receives the other blocks' results: per document its
 * code, then its error or its terms (hash, length, count, family, key).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "dist.h"
#include "features.h"

typedef struct bdoc {
    size_t text, len;         /* offset and length in the text buffer */
    size_t label, label_len;  /* likewise */
    size_t file;              /* offset of a NUL-terminated file name */
    size_t id;                /* offset of the NUL-terminated id, or SIZE_MAX */
    long line;
    int rc;
    tasnif_err err;           /* when rc < 0 */
    feat_term *terms;         /* in the worker's arena */
    size_t nterms;
} bdoc;

typedef struct worker {
    feat_batch *b;
    int id;
    feat_ctx *ctx;
    arena mem;
} worker;

struct feat_batch {
    int nthreads;
    int share;                /* FEAT_SHARE_* */
    size_t lo, hi;            /* the block feat_batch_run extracts */
    dist_buf x;               /* FEAT_SHARE_ALL: this block's results, encoded */
    int cut;                  /* the reader's error after the batch, or 0 */
    tasnif_err cut_err;
    worker *w;
    bdoc *docs;
    size_t n, cap;
    char *buf;                /* texts, labels and file names */
    size_t used, bufcap;
};

int feat_batch_new(const feat_config *cfg, int threads, feat_batch **out, tasnif_err *err)
{
    if (threads < 1)
        threads = 1;
    if (threads > 64)
        threads = 64;
    feat_batch *b = calloc(1, sizeof *b);
    if (!b || !(b->w = calloc((size_t)threads, sizeof *b->w))) {
        free(b);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    b->nthreads = threads;
    for (int t = 0; t < threads; t++) {
        b->w[t].b = b;
        b->w[t].id = t;
        arena_init(&b->w[t].mem);
        int rc = feat_ctx_new(cfg, &b->w[t].ctx, err);
        if (rc < 0) {
            feat_batch_free(b);
            return rc;
        }
    }
    *out = b;
    return 0;
}

void feat_batch_free(feat_batch *b)
{
    if (!b)
        return;
    for (int t = 0; t < b->nthreads; t++) {
        feat_ctx_free(b->w[t].ctx);
        arena_finish(&b->w[t].mem);
    }
    free(b->w);
    free(b->docs);
    free(b->buf);
    free(b->x.p);
    free(b);
}

static int put(feat_batch *b, const char *s, size_t n, size_t *off)
{
    if (GROW(b->buf, b->bufcap, b->used + n + 1) < 0)
        return TASNIF_ENOMEM;
    memcpy(b->buf + b->used, s, n);
    b->buf[b->used + n] = '\0';
    *off = b->used;
    b->used += n + 1;
    return 0;
}

int feat_batch_add(feat_batch *b, const char *text, size_t len, const char *label, size_t label_len,
                   const char *file, long line, const char *id)
{
    if (GROW(b->docs, b->cap, b->n + 1) < 0)
        return TASNIF_ENOMEM;
    bdoc *d = &b->docs[b->n];
    memset(d, 0, sizeof *d);
    if (put(b, text, len, &d->text) < 0 || put(b, label ? label : "", label ? label_len : 0, &d->label) < 0 ||
        put(b, file, strlen(file), &d->file) < 0)
        return TASNIF_ENOMEM;
    d->id = SIZE_MAX;
    if (id && put(b, id, strlen(id), &d->id) < 0)
        return TASNIF_ENOMEM;
    d->len = len;
    d->label_len = label ? label_len : 0;
    d->line = line;
    b->n++;
    return 0;
}

size_t feat_batch_count(const feat_batch *b)
{
    return b->n;
}

size_t feat_batch_bytes(const feat_batch *b)
{
    return b->used;
}

static void *work(void *arg)
{
    worker *w = arg;
    feat_batch *b = w->b;
    for (size_t i = b->lo + (size_t)w->id; i < b->hi; i += (size_t)b->nthreads) {
        bdoc *d = &b->docs[i];
        const feat_term *t;
        size_t n;
        d->rc = feat_doc_terms(w->ctx, b->buf + d->text, d->len, b->buf + d->file, d->line, &t, &n, &d->err);
        if (d->rc < 0)
            continue;
        /* copy the terms and their keys out of the context */
        size_t bytes = 0;
        for (size_t k = 0; k < n; k++)
            bytes += t[k].len;
        feat_term *copy = arena_alloc(&w->mem, n * sizeof *copy + 1);
        char *keys = arena_alloc(&w->mem, bytes + 1);
        if (!copy || !keys) {
            d->rc = err_set(&d->err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            copy[k] = t[k];
            memcpy(keys, t[k].key, t[k].len);
            copy[k].key = keys;
            keys += t[k].len;
        }
        d->terms = copy;
        d->nterms = n;
    }
    return NULL;
}

void feat_batch_share(feat_batch *b, int how)
{
    b->share = how;
}

/* This block's results, encoded into b->x.  A failure that is not the
 * document's (no memory) is this process's: returned with err set. */
static int encode(feat_batch *b, tasnif_err *err)
{
    b->x.len = 0;
    for (size_t i = b->lo; i < b->hi; i++) {
        const bdoc *d = &b->docs[i];
        if (d->rc < 0 && !err_skippable(d->rc)) {
            *err = d->err;
            return d->rc;
        }
        dist_buf *x = &b->x;
        if (dist_put(x, &d->rc, sizeof d->rc) < 0 || (d->rc < 0 && dist_put(x, &d->err, sizeof d->err) < 0) ||
            (d->rc == 0 && dist_put(x, &d->nterms, sizeof d->nterms) < 0))
            return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        for (size_t k = 0; d->rc == 0 && k < d->nterms; k++) {
            const feat_term *t = &d->terms[k];
            if (dist_put(x, &t->hash, 8) < 0 || dist_put(x, &t->len, 4) < 0 || dist_put(x, &t->count, 4) < 0 ||
                dist_put(x, &t->family, sizeof t->family) < 0 || dist_put(x, t->key, t->len) < 0)
                return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    return 0;
}

/* Document i's results from p (into worker 0's arena); @return the bytes read. */
static size_t decode(feat_batch *b, size_t i, const char *p)
{
    bdoc *d = &b->docs[i];
    const char *at = p;
    memcpy(&d->rc, at, sizeof d->rc);
    at += sizeof d->rc;
    if (d->rc < 0) {
        memcpy(&d->err, at, sizeof d->err);
        return (size_t)(at - p) + sizeof d->err;
    }
    memcpy(&d->nterms, at, sizeof d->nterms);
    at += sizeof d->nterms;
    d->terms = arena_alloc(&b->w[0].mem, d->nterms * sizeof *d->terms + 1);
    for (size_t k = 0; k < d->nterms; k++) {
        feat_term t = {0};
        memcpy(&t.hash, at, 8);
        memcpy(&t.len, at + 8, 4);
        memcpy(&t.count, at + 12, 4);
        memcpy(&t.family, at + 16, sizeof t.family);
        at += 16 + sizeof t.family;
        t.key = at; /* into the gathered buffer, copied below */
        at += t.len;
        if (d->terms)
            d->terms[k] = t;
    }
    char *keys = d->terms ? arena_alloc(&b->w[0].mem, (size_t)(at - p) + 1) : NULL;
    if (!keys) {
        d->rc = err_set(&d->err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        d->terms = NULL;
        d->nterms = 0;
        return (size_t)(at - p);
    }
    for (size_t k = 0; k < d->nterms; k++) {
        memcpy(keys, d->terms[k].key, d->terms[k].len);
        d->terms[k].key = keys;
        keys += d->terms[k].len;
    }
    return (size_t)(at - p);
}

void feat_batch_cut(feat_batch *b, int rc, const tasnif_err *e)
{
    b->cut = rc;
    b->cut_err = *e;
}

int feat_batch_agree(const feat_batch *b, tasnif_err *err)
{
    /* the batch's size and a digest of every byte read into it: texts,
     * labels, ids, line numbers */
    uint64_t v[2] = {(uint64_t)b->n, 0x6a09e667f3bcc908ULL};
    for (size_t i = 0; i < b->n; i++) {
        const bdoc *d = &b->docs[i];
        v[1] = hash_bytes(b->buf + d->text, d->len, v[1]);
        v[1] = hash_bytes(b->buf + d->label, d->label_len, v[1] ^ (uint64_t)d->label_len);
        v[1] = hash_bytes(&d->line, sizeof d->line, v[1]);
        if (d->id != SIZE_MAX)
            v[1] = hash_bytes(b->buf + d->id, strlen(b->buf + d->id), v[1] ^ 1);
    }
    int rc = dist_same(v, 2);
    if (rc < 0)
        return err_set(err, rc, NULL, 0, 0, "the processes of the job cannot communicate");
    if (rc == 1)
        return 0;
    *err = b->cut_err;
    if ((rc = dist_status(b->cut, err)) < 0)
        return rc;
    rc = err_set(err, TASNIF_EINPUT, NULL, 0, 0, "the processes of the job read different documents: a batch of %zu "
                 "that differs on another process (is the corpus the same file on every machine?)", b->n);
    return dist_status(rc, err);
}

/* Every block's results to every process. */
static void exchange(feat_batch *b)
{
    tasnif_err err = {0};
    unsigned char *all = NULL;
    size_t *lens = malloc((size_t)dist_size() * sizeof *lens);
    int rc = lens ? encode(b, &err) : err_set(&err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    if ((rc = dist_status(rc, &err)) == 0 && (rc = feat_batch_agree(b, &err)) == 0)
        rc = dist_allgather(b->x.p, b->x.len, &all, lens, &err);
    if (rc < 0 && !err.msg[0])
        err_set(&err, rc, NULL, 0, 0, "out of memory");
    size_t at = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (rc < 0) { /* every document fails as the job did, past --skip-bad */
            b->docs[i].rc = err_skippable(rc) ? TASNIF_EIO : rc;
            b->docs[i].err = err;
        } else /* this process's block too: the same results again */
            at += decode(b, i, (const char *)all + at);
    }
    free(all);
    free(lens);
}

void feat_batch_mine(const feat_batch *b, size_t *lo, size_t *hi)
{
    *lo = 0;
    *hi = b->n;
    if (b->share)
        dist_block(b->n, dist_rank(), dist_size(), lo, hi);
}

void feat_batch_run(feat_batch *b)
{
    feat_batch_mine(b, &b->lo, &b->hi);
    par_run(b->nthreads, work, &b->w[0], sizeof b->w[0]);
    if (b->share == FEAT_SHARE_ALL && dist_size() > 1)
        exchange(b);
}

int feat_batch_result(const feat_batch *b, size_t i, const feat_term **terms, size_t *n,
                      const tasnif_err **err)
{
    const bdoc *d = &b->docs[i];
    *terms = d->terms;
    *n = d->nterms;
    *err = &d->err;
    return d->rc;
}

void feat_batch_doc(const feat_batch *b, size_t i, const char **text, size_t *len, const char **label,
                    size_t *label_len, const char **file, long *line)
{
    const bdoc *d = &b->docs[i];
    *text = b->buf + d->text;
    *len = d->len;
    *label = b->buf + d->label;
    *label_len = d->label_len;
    *file = b->buf + d->file;
    *line = d->line;
}

const char *feat_batch_id(const feat_batch *b, size_t i)
{
    const bdoc *d = &b->docs[i];
    return d->id == SIZE_MAX ? NULL : b->buf + d->id;
}

void feat_batch_clear(feat_batch *b)
{
    b->cut = 0;
    b->n = 0;
    b->used = 0;
    for (int t = 0; t < b->nthreads; t++)
        arena_reset(&b->w[t].mem);
}
