/*
 * model.c - a model's life cycle: made empty (model_new), its classifiers
 * cleared for training again, its parts freed whether they were allocated
 * one by one (training) or point into the file it was loaded from; and the
 * label lookup every layer above uses.
 */
#include <stdlib.h>
#include <string.h>
#include "model.h"

tasnif_model *model_new(void)
{
    return calloc(1, sizeof(tasnif_model));
}

/* Free p unless it points into the loaded file [blob, blob + len). */
static void free_owned(void *p, const void *blob, size_t len)
{
    const char *c = p, *b = blob;
    if (b && c >= b && c < b + len)
        return;
    free(p);
}

void model_free_svm(struct svm_model *sm, const void *blob, size_t len)
{
    if (!sm)
        return;
    for (int i = 0; sm->SV && i < sm->l; i++)
        free(sm->SV[i]);
    free(sm->SV);
    for (int i = 0; sm->sv_coef && i < sm->nr_class - 1; i++)
        free_owned(sm->sv_coef[i], blob, len);
    free(sm->sv_coef);
    free(sm->rho);
    free(sm->probA);
    free(sm->probB);
    free(sm->nSV);
    free(sm->label);
    free(sm->sv_indices);
    free(sm);
}

void model_free_parts(tasnif_model *m, const void *blob, size_t len)
{
    if (!m)
        return;
    vocab *v = &m->fs.voc;
    free_owned(v->len, blob, len);
    free_owned(v->df, blob, len);
    free_owned(v->bytes, blob, len);
    v->len = NULL;
    v->df = NULL;
    v->bytes = NULL;
    free_owned(m->fs.idf, blob, len);
    free_owned(m->fs.lsa_proj, blob, len);
    free_owned(m->fs.lsa_sv, blob, len);
    m->fs.idf = NULL;
    m->fs.lsa_proj = NULL;
    m->fs.lsa_sv = NULL;
    feat_space_finish(&m->fs);
    for (int i = 0; m->labels && i < m->nlabels; i++)
        free(m->labels[i]);
    free(m->labels);
    free(m->label_docs);
    free_owned(m->rho, blob, len);
    free_owned(m->probA, blob, len);
    free_owned(m->probB, blob, len);
    free_owned(m->w, blob, len);
    free_owned(m->w32, blob, len);
    free_owned(m->w8, blob, len);
    free_owned(m->wscale, blob, len);
    free_owned(m->thresh, blob, len);
    if (m->svm) {
        m->svm->rho = m->svm->probA = m->svm->probB = NULL; /* the model's own, freed above */
        model_free_svm(m->svm, blob, len);
    }
    free(m->meta);
    free(m->sv_dense);
    free(m->sv_sq);
    free(m);
}

void model_clear_classifiers(tasnif_model *m)
{
    if (m->svm) {
        /* the libsvm model's rho/probA/probB are the model's own arrays */
        m->svm->rho = m->svm->probA = m->svm->probB = NULL;
        model_free_svm(m->svm, NULL, 0);
        m->svm = NULL;
    }
    free(m->rho);
    free(m->probA);
    free(m->probB);
    free(m->w);
    free(m->w32);
    free(m->w8);
    free(m->wscale);
    m->w32 = NULL;
    m->w8 = NULL;
    m->wscale = NULL;
    m->wenc = MODEL_W_F64;
    free(m->thresh);
    m->thresh = NULL;
    free(m->sv_dense);
    free(m->sv_sq);
    m->rho = m->probA = m->probB = m->w = m->sv_dense = m->sv_sq = NULL;
}

int model_label_index(const tasnif_model *m, const char *label, size_t len)
{
    int lo = 0, hi = m->nlabels - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        const char *s = m->labels[mid];
        size_t sl = strlen(s);
        int c = memcmp(s, label, sl < len ? sl : len);
        if (c == 0)
            c = (sl > len) - (sl < len);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}
