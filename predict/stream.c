/*
 * stream.c - batched, multi-threaded scoring of a corpus, in input order.
 */
#include <stdlib.h>
#include <string.h>
#include "stream.h"

int stream_corpus(const tasnif_model *m, corpus *c, int threads, stream_fn fn, void *user, tasnif_err *err)
{
    feat_batch *batch = NULL;
    model_scratch sc;
    int rc = feat_batch_new(&m->fs.cfg, threads, &batch, err);
    if (rc < 0)
        return rc;
    if (model_scratch_init(&sc, m) < 0) {
        feat_batch_free(batch);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (int done = 0; !done && rc >= 0;) {
        corpus_doc d;
        tasnif_err rerr = {0};
        int rrc = 0;
        while (feat_batch_count(batch) < 1024 && feat_batch_bytes(batch) < (16u << 20)) {
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
        for (size_t i = 0; i < feat_batch_count(batch) && rc >= 0; i++) {
            stream_doc s = {0};
            const feat_term *terms;
            size_t nterms;
            tasnif_err verr = {0};
            feat_batch_doc(batch, i, &s.text, &s.len, &s.label, &s.label_len, &s.file, &s.line);
            s.rc = feat_batch_result(batch, i, &terms, &nterms, &s.err);
            if (s.rc == 0) {
                int v = feat_vectorize(&m->fs, terms, nterms, &sc.col, &sc.val, &sc.cap, &sc.nnz);
                if (v == 0)
                    v = feat_finalize(&m->fs, &sc.col, &sc.val, &sc.cap, &sc.nnz);
                if (v == 0)
                    v = model_decide(m, sc.col, sc.val, sc.nnz, sc.dec, sc.votes);
                if (v < 0) {
                    s.rc = err_set(&verr, v, s.file, s.line, 0, "%s", tasnif_strerror(v));
                    s.err = &verr;
                } else {
                    model_rank(m, sc.dec, sc.votes, sc.scores);
                    s.rc = 0;
                    s.scores = sc.scores;
                }
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
    return rc < 0 ? rc : 0;
}
