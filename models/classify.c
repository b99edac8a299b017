/*
 * classify.c - text in, ranked labels out: the path shared by the public
 * tasnif_classify(), `tasnif predict` and `tasnif eval`.
 */
#include <math.h>
#include <pthread.h>
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
    if (!sc->x_alias) {
        free(sc->xcol);
        free(sc->xval);
    }
    free(sc->col);
    free(sc->val);
    free(sc->dec);
    free(sc->votes);
    free(sc->scores);
    memset(sc, 0, sizeof *sc);
}

int model_keep_ngrams(const tasnif_model *m, model_scratch *sc)
{
    sc->xnnz = sc->nnz;
    if (!m->fs.cfg.lsa_k || m->fs.cfg.feature_mode == FEAT_SPARSE) {
        if (!sc->x_alias) {
            free(sc->xcol);
            free(sc->xval);
        }
        sc->xcol = sc->col; /* refreshed at every document: col may move */
        sc->xval = sc->val;
        sc->x_alias = 1;
        return 0;
    }
    if (sc->x_alias) {
        sc->xcol = NULL;
        sc->xval = NULL;
        sc->xcap = 0;
        sc->x_alias = 0;
    }
    size_t c1 = sc->xcap;
    if (GROW(sc->xcol, c1, sc->nnz + 1) < 0 || GROW(sc->xval, sc->xcap, sc->nnz + 1) < 0)
        return TASNIF_ENOMEM;
    memcpy(sc->xcol, sc->col, sc->nnz * sizeof *sc->col);
    memcpy(sc->xval, sc->val, sc->nnz * sizeof *sc->val);
    return 0;
}

int model_vectorize(const tasnif_model *m, model_scratch *sc, const feat_term *terms, size_t nterms)
{
    int rc = feat_vectorize(&m->fs, terms, nterms, &sc->col, &sc->val, &sc->cap, &sc->nnz);
    if (rc == 0)
        rc = model_keep_ngrams(m, sc);
    if (rc == 0)
        rc = feat_finalize(&m->fs, &sc->col, &sc->val, &sc->cap, &sc->nnz);
    return rc;
}

int model_embed_terms(const tasnif_model *m, model_scratch *sc, const feat_term *terms, size_t nterms, double *e)
{
    int rc = feat_vectorize(&m->fs, terms, nterms, &sc->col, &sc->val, &sc->cap, &sc->nnz);
    if (rc < 0)
        return rc;
    lsa_embed(m->fs.lsa_proj, m->fs.cfg.lsa_k, sc->col, sc->val, sc->nnz, e);
    return 0;
}

int model_score_terms(const tasnif_model *m, model_scratch *sc, const feat_term *terms, size_t nterms,
                      const char *file, long line, tasnif_err *err)
{
    int rc = model_vectorize(m, sc, terms, nterms);
    if (rc == 0)
        rc = model_decide(m, sc->col, sc->val, sc->nnz, sc->dec, sc->votes);
    if (rc < 0)
        return err_set(err, rc, file, line, 0, "%s", tasnif_strerror(rc));
    model_rank(m, sc->dec, sc->votes, sc->scores);
    return sc->scores[0].index;
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
    return model_score_terms(m, sc, terms, nterms, file, line, err);
}
