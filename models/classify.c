/*
 * classify.c - text in, ranked labels out: the path shared by the public
 * tasnif_classify(), `tasnif predict` and `tasnif eval`.
 */
#include <stdlib.h>
#include <string.h>
#include "model.h"

int model_scratch_init(model_scratch *sc, const tasnif_model *m)
{
    memset(sc, 0, sizeof *sc);
    sc->dec = malloc((size_t)m->ndec * sizeof *sc->dec);
    sc->votes = malloc((size_t)m->nlabels * sizeof *sc->votes);
    sc->scores = malloc((size_t)m->nlabels * sizeof *sc->scores);
    if (!sc->dec || !sc->votes || !sc->scores) {
        model_scratch_finish(sc);
        return TASNIF_ENOMEM;
    }
    return 0;
}

void model_scratch_finish(model_scratch *sc)
{
    free(sc->col);
    free(sc->val);
    free(sc->dec);
    free(sc->votes);
    free(sc->scores);
    memset(sc, 0, sizeof *sc);
}

int model_score_text(const tasnif_model *m, feat_ctx *ctx, model_scratch *sc,
                     const char *text, size_t len, const char *file, long line,
                     tasnif_err *err)
{
    const feat_term *terms;
    size_t nterms;
    int rc = feat_doc_terms(ctx, text, len, file, line, &terms, &nterms, err);
    if (rc < 0)
        return rc;
    rc = feat_vectorize(&m->fs, terms, nterms, &sc->col, &sc->val, &sc->cap, &sc->nnz);
    if (rc == 0)
        rc = feat_finalize(&m->fs, &sc->col, &sc->val, &sc->cap, &sc->nnz);
    if (rc < 0)
        return err_set(err, rc, file, line, 0, "%s", tasnif_strerror(rc));
    rc = model_decide(m, sc->col, sc->val, sc->nnz, sc->dec, sc->votes);
    if (rc < 0)
        return err_set(err, rc, file, line, 0, "%s", tasnif_strerror(rc));
    model_rank(m, sc->dec, sc->votes, sc->scores);
    return sc->scores[0].index;
}

/*
 * The public entry point keeps one extraction context and scratch per
 * thread, remade when the thread switches to a model with another
 * configuration.  They stay allocated until the thread ends.
 */
static _Thread_local feat_ctx *tl_ctx;
static _Thread_local feat_config tl_cfg;
static _Thread_local model_scratch tl_sc;
static _Thread_local int tl_k;

int tasnif_classify(const tasnif_model *m, const char *text, size_t len,
                    tasnif_score *out, int k, tasnif_err *err)
{
    if (!m || (!text && len) || !out || k < 1)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "tasnif_classify: invalid argument");
    int rc;
    if (!tl_ctx || memcmp(&tl_cfg, &m->fs.cfg, sizeof tl_cfg) != 0) {
        feat_ctx_free(tl_ctx);
        tl_ctx = NULL;
        if ((rc = feat_ctx_new(&m->fs.cfg, &tl_ctx, err)) < 0)
            return rc;
        tl_cfg = m->fs.cfg;
    }
    if (tl_k != m->nlabels) {
        model_scratch_finish(&tl_sc);
        tl_k = 0;
        if (model_scratch_init(&tl_sc, m) < 0)
            return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        tl_k = m->nlabels;
    }
    rc = model_score_text(m, tl_ctx, &tl_sc, text ? text : "", len, NULL, 0, err);
    if (rc < 0)
        return rc;
    int n = k < m->nlabels ? k : m->nlabels;
    memcpy(out, tl_sc.scores, (size_t)n * sizeof *out);
    return n;
}
