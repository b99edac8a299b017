/*
 * stream.c - batched, multi-threaded scoring of a corpus, in input order.
 *
 * Features of a batch are extracted on several threads (feat_batch); then
 * each document is vectorised and scored.  Kernel models on the dense LSA
 * embedding score the whole batch against their support vectors with one
 * dgemm (model_decide_dense) instead of one kernel row per document.
 */
#include <stdlib.h>
#include <string.h>
#include "stream.h"

enum { BATCH = 1024 };

int stream_corpus(const tasnif_model *m, corpus *c, int threads, stream_fn fn, void *user, tasnif_err *err)
{
    feat_batch *batch = NULL;
    model_scratch sc;
    int rc = feat_batch_new(&m->fs.cfg, threads, &batch, err);
    if (rc < 0)
        return rc;
    int dense = m->sv_dense != NULL, k = m->fs.cfg.lsa_k, np = m->npairs;
    double *x = dense ? malloc((size_t)BATCH * (size_t)k * sizeof *x) : NULL;
    double *decs = dense ? malloc((size_t)BATCH * (size_t)np * sizeof *decs) : NULL;
    int *drc = malloc(BATCH * sizeof *drc);
    tasnif_err *derr = malloc(BATCH * sizeof *derr);
    if (model_scratch_init(&sc, m) < 0 || !drc || !derr || (dense && (!x || !decs))) {
        feat_batch_free(batch);
        free(x);
        free(decs);
        free(drc);
        free(derr);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (int done = 0; !done && rc >= 0;) {
        corpus_doc d;
        tasnif_err rerr = {0};
        int rrc = 0;
        while (feat_batch_count(batch) < BATCH && feat_batch_bytes(batch) < (16u << 20)) {
            rrc = corpus_next(c, &d, &rerr);
            if (rrc <= 0)
                break;
            if (feat_batch_add(batch, d.text, d.len, d.label, d.label_len, d.file, d.line) < 0) {
                rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
                break;
            }
        }
        if (rc < 0)
            break;
        feat_batch_run(batch);
        size_t nb = feat_batch_count(batch);
        /* vectorise; dense kernel models collect the batch for one dgemm
         * and are delivered after it, others one by one */
        for (size_t i = 0; i < nb && rc >= 0; i++) {
            const feat_term *terms;
            size_t nterms;
            const tasnif_err *e;
            stream_doc s = {0};
            feat_batch_doc(batch, i, &s.text, &s.len, &s.label, &s.label_len, &s.file, &s.line);
            drc[i] = feat_batch_result(batch, i, &terms, &nterms, &e);
            int v = drc[i];
            if (v == 0)
                v = feat_vectorize(&m->fs, terms, nterms, &sc.col, &sc.val, &sc.cap, &sc.nnz);
            if (v == 0)
                v = feat_finalize(&m->fs, &sc.col, &sc.val, &sc.cap, &sc.nnz);
            if (drc[i] < 0)
                derr[i] = *e;
            else if (v < 0)
                drc[i] = err_set(&derr[i], v, s.file, s.line, 0, "%s", tasnif_strerror(v));
            if (dense) {
                double *row = x + i * (size_t)k;
                memset(row, 0, (size_t)k * sizeof *row);
                for (size_t t = 0; drc[i] == 0 && t < sc.nnz; t++)
                    row[sc.col[t]] = sc.val[t];
                continue;
            }
            if (drc[i] == 0) {
                model_decide(m, sc.col, sc.val, sc.nnz, sc.dec, sc.votes);
                model_rank(m, sc.dec, sc.votes, sc.scores);
                s.scores = sc.scores;
            } else {
                s.rc = drc[i];
                s.err = &derr[i];
            }
            rc = fn(user, &s);
        }
        if (rc >= 0 && dense && nb && model_decide_dense(m, x, (int)nb, decs) < 0)
            rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        for (size_t i = 0; dense && i < nb && rc >= 0; i++) {
            stream_doc s = {0};
            feat_batch_doc(batch, i, &s.text, &s.len, &s.label, &s.label_len, &s.file, &s.line);
            s.rc = drc[i];
            if (drc[i] < 0)
                s.err = &derr[i];
            else {
                model_votes(m, decs + i * (size_t)np, sc.votes);
                model_rank(m, decs + i * (size_t)np, sc.votes, sc.scores);
                s.scores = sc.scores;
            }
            rc = fn(user, &s);
        }
        feat_batch_clear(batch);
        if (rc >= 0 && rrc < 0) {
            stream_doc s = {.rc = rrc, .err = &rerr, .file = rerr.file, .line = rerr.line};
            rc = fn(user, &s);
        }
        done = rrc == 0;
    }
    model_scratch_finish(&sc);
    feat_batch_free(batch);
    free(x);
    free(decs);
    free(drc);
    free(derr);
    return rc < 0 ? rc : 0;
}
