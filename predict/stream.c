/*
 * stream.c - batched, multi-threaded scoring of a corpus, in input order.
 *
 * corpus_stream extracts the features of each batch on several threads;
 * here each document is vectorised and scored.  Kernel models on the dense
 * LSA embedding score a whole batch against their support vectors with
 * one dgemm (model_decide_dense) and are delivered once it is done.
 */
#include <stdlib.h>
#include <string.h>
#include "stream.h"

enum { BATCH = 1024 };

typedef struct run {
    const tasnif_model *m;
    model_scratch sc;
    int dense, k, np;
    double *x, *decs;      /* dense: the batch's rows and decisions */
    int *drc;              /* dense: each document's result */
    tasnif_err *derr;
    stream_fn fn;
    void *user;
} run;

static void describe(const feat_batch *b, size_t i, stream_doc *s)
{
    feat_batch_doc(b, i, &s->text, &s->len, &s->label, &s->label_len, &s->file, &s->line);
}

static int on_doc(void *user, const feat_batch *b, size_t i, int rc, const tasnif_err *e)
{
    run *r = user;
    const tasnif_model *m = r->m;
    stream_doc s = {0};
    tasnif_err verr = {0};
    if (i == SIZE_MAX) { /* a bad line from the reader */
        s = (stream_doc){.rc = rc, .err = e, .file = e->file, .line = e->line};
        return r->fn(r->user, &s);
    }
    describe(b, i, &s);
    if (rc == 0) {
        const feat_term *terms;
        const tasnif_err *unused;
        size_t nterms;
        feat_batch_result(b, i, &terms, &nterms, &unused);
        rc = feat_vectorize(&m->fs, terms, nterms, &r->sc.col, &r->sc.val, &r->sc.cap, &r->sc.nnz);
        if (rc == 0)
            rc = feat_finalize(&m->fs, &r->sc.col, &r->sc.val, &r->sc.cap, &r->sc.nnz);
        if (rc < 0)
            e = &verr, err_set(&verr, rc, s.file, s.line, 0, "%s", tasnif_strerror(rc));
    }
    if (r->dense) {
        /* kept for the batch's dgemm; rows of failed documents stay zero */
        double *row = r->x + i * (size_t)r->k;
        memset(row, 0, (size_t)r->k * sizeof *row);
        for (size_t t = 0; rc == 0 && t < r->sc.nnz; t++)
            row[r->sc.col[t]] = r->sc.val[t];
        r->drc[i] = rc;
        if (rc < 0)
            r->derr[i] = *e;
        return 0;
    }
    if (rc == 0) {
        model_decide(m, r->sc.col, r->sc.val, r->sc.nnz, r->sc.dec, r->sc.votes);
        model_rank(m, r->sc.dec, r->sc.votes, r->sc.scores);
        s.scores = r->sc.scores;
    } else {
        s.rc = rc;
        s.err = e;
    }
    return r->fn(r->user, &s);
}

static int on_batch(void *user, const feat_batch *b)
{
    run *r = user;
    size_t nb = feat_batch_count(b);
    if (!r->dense || nb == 0)
        return 0;
    if (model_decide_dense(r->m, r->x, (int)nb, r->decs) < 0)
        return TASNIF_ENOMEM;
    for (size_t i = 0; i < nb; i++) {
        stream_doc s = {0};
        describe(b, i, &s);
        s.rc = r->drc[i];
        if (s.rc < 0)
            s.err = &r->derr[i];
        else {
            const double *dec = r->decs + i * (size_t)r->np;
            model_votes(r->m, dec, r->sc.votes);
            model_rank(r->m, dec, r->sc.votes, r->sc.scores);
            s.scores = r->sc.scores;
        }
        int rc = r->fn(r->user, &s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int stream_corpus(const tasnif_model *m, corpus *c, int threads, stream_fn fn, void *user, tasnif_err *err)
{
    feat_batch *batch = NULL;
    int rc = feat_batch_new(&m->fs.cfg, threads, &batch, err);
    if (rc < 0)
        return rc;
    run r = {.m = m, .dense = m->sv_dense != NULL, .k = m->fs.cfg.lsa_k, .np = m->ndec, .fn = fn, .user = user};
    int ok = model_scratch_init(&r.sc, m) == 0;
    if (ok && r.dense) {
        r.x = malloc((size_t)BATCH * (size_t)r.k * sizeof *r.x);
        r.decs = malloc((size_t)BATCH * (size_t)r.np * sizeof *r.decs);
        r.drc = malloc(BATCH * sizeof *r.drc);
        r.derr = malloc(BATCH * sizeof *r.derr);
        ok = r.x && r.decs && r.drc && r.derr;
    }
    if (!ok)
        rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    else
        rc = corpus_stream(c, batch, BATCH, 16u << 20, on_doc, on_batch, &r, err);
    model_scratch_finish(&r.sc);
    feat_batch_free(batch);
    free(r.x);
    free(r.decs);
    free(r.drc);
    free(r.derr);
    return rc;
}
