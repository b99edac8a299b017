/*
 * stream.c - batched, multi-threaded scoring of a corpus, in input order.
 *
 * corpus_stream extracts the features of each batch on several threads;
 * here each document is vectorised and scored.  Kernel models on the dense
 * LSA embedding score a whole batch against their support vectors with
 * one dgemm (model_decide_dense) and are delivered once it is done.
 *
 * Shared among processes, each scores its block of a batch and records
 * per document its result code, then its decisions and votes (or its
 * error); at the batch's end every process receives every record and
 * delivers the documents in order, ranking the decisions as
 * model_score_terms does.
 */
#include <stdlib.h>
#include <string.h>
#include "../features/dist.h"
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
    int share;             /* documents shared among processes */
    dist_buf tape;         /* shared: this process's results in the batch */
    int trc;               /* shared: 0, or why the tape is incomplete */
    tasnif_err *err;
} run;

static void describe(const feat_batch *b, size_t i, stream_doc *s)
{
    feat_batch_doc(b, i, &s->text, &s->len, &s->label, &s->label_len, &s->file, &s->line);
    s->id = feat_batch_id(b, i);
}

static void tape_put(run *r, const void *p, size_t n)
{
    if (r->trc == 0 && dist_put(&r->tape, p, n) < 0)
        r->trc = TASNIF_ENOMEM;
}

/* Record document i of this process's block. */
static int record(run *r, const feat_batch *b, size_t i, int rc, const tasnif_err *e)
{
    tasnif_err verr = {0};
    if (rc == 0) {
        const feat_term *terms;
        const tasnif_err *unused;
        size_t nterms;
        stream_doc s = {0};
        feat_batch_result(b, i, &terms, &nterms, &unused);
        describe(b, i, &s);
        if ((rc = model_score_terms(r->m, &r->sc, terms, nterms, s.file, s.line, &verr)) > 0)
            rc = 0;
        e = &verr;
    }
    tape_put(r, &rc, sizeof rc);
    if (rc < 0)
        tape_put(r, e, sizeof *e);
    else {
        tape_put(r, r->sc.dec, (size_t)r->np * sizeof *r->sc.dec);
        tape_put(r, r->sc.votes, (size_t)r->m->nlabels * sizeof *r->sc.votes);
    }
    return 0;
}

/* Every process's records of the batch to all; each document to fn. */
static int replay(run *r, const feat_batch *b, tasnif_err *err)
{
    unsigned char *all = NULL;
    size_t *lens = malloc((size_t)dist_size() * sizeof *lens), nb = feat_batch_count(b);
    int rc = r->trc ? r->trc : lens ? 0 : TASNIF_ENOMEM;
    if (rc < 0)
        err_set(err, rc, NULL, 0, 0, "out of memory");
    if ((rc = dist_status(rc, err)) == 0 && (rc = feat_batch_agree(b, err)) == 0)
        rc = dist_allgather(r->tape.p, r->tape.len, &all, lens, err);
    const unsigned char *at = all;
    for (size_t i = 0; rc >= 0 && i < nb; i++) {
        stream_doc s = {0};
        tasnif_err e;
        describe(b, i, &s);
        memcpy(&s.rc, at, sizeof s.rc);
        at += sizeof s.rc;
        if (s.rc < 0) {
            memcpy(&e, at, sizeof e);
            at += sizeof e;
            s.err = &e;
        } else {
            memcpy(r->sc.dec, at, (size_t)r->np * sizeof *r->sc.dec);
            at += (size_t)r->np * sizeof *r->sc.dec;
            memcpy(r->sc.votes, at, (size_t)r->m->nlabels * sizeof *r->sc.votes);
            at += (size_t)r->m->nlabels * sizeof *r->sc.votes;
            model_rank(r->m, r->sc.dec, r->sc.votes, r->sc.scores);
            r->sc.nnz = 0;
            s.scores = r->sc.scores;
            s.sc = &r->sc;
        }
        rc = r->fn(r->user, &s);
    }
    r->tape.len = 0;
    free(all);
    free(lens);
    return rc;
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
    if (r->share) {
        size_t lo, hi;
        feat_batch_mine(b, &lo, &hi);
        return i >= lo && i < hi ? record(r, b, i, rc, e) : 0;
    }
    describe(b, i, &s);
    if (rc == 0) {
        const feat_term *terms;
        const tasnif_err *unused;
        size_t nterms;
        feat_batch_result(b, i, &terms, &nterms, &unused);
        if (r->dense && (rc = model_vectorize(m, &r->sc, terms, nterms)) < 0)
            err_set(&verr, rc, s.file, s.line, 0, "%s", tasnif_strerror(rc));
        else if (!r->dense)
            rc = model_score_terms(m, &r->sc, terms, nterms, s.file, s.line, &verr);
        if (rc < 0)
            e = &verr;
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
    if (rc < 0) {
        s.rc = rc;
        s.err = e;
    } else {
        s.scores = r->sc.scores;
        s.sc = &r->sc;
    }
    return r->fn(r->user, &s);
}

static int on_batch(void *user, const feat_batch *b)
{
    run *r = user;
    size_t nb = feat_batch_count(b);
    if (r->share) /* empty batches too: every process takes part */
        return replay(r, b, r->err);
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
            memcpy(r->sc.dec, dec, (size_t)r->np * sizeof *dec);
            model_votes(r->m, dec, r->sc.votes);
            model_rank(r->m, dec, r->sc.votes, r->sc.scores);
            s.scores = r->sc.scores;
            s.sc = &r->sc; /* decisions and scores; no vector */
        }
        int rc = r->fn(r->user, &s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int stream_corpus(const tasnif_model *m, corpus *c, int threads, int share, stream_fn fn, void *user,
                  tasnif_err *err)
{
    feat_batch *batch = NULL;
    int rc = feat_batch_new(&m->fs.cfg, threads, &batch, err);
    if (rc < 0)
        return rc;
    run r = {.m = m, .dense = m->sv_dense != NULL, .k = m->fs.cfg.lsa_k, .np = m->ndec, .fn = fn, .user = user,
             .err = err};
    r.share = share && !r.dense && dist_size() > 1;
    feat_batch_share(batch, r.share ? FEAT_SHARE_BLOCK : FEAT_SHARE_NONE);
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
    free(r.tape.p);
    return rc;
}
