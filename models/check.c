/*
 * check.c - the one validation pass over a parsed model: every number
 * finite and in range, every count and dimension consistent with the
 * others, every string under its rules (labels: label_check, the corpus
 * readers' own; META: UTF-8 text).  The loader runs it before it builds
 * or scores anything; the invariants are listed in models/FORMAT.md.
 */
#include <math.h>
#include <string.h>
#include "model.h"

static int finite_all(const double *v, size_t n, double max)
{
    for (size_t i = 0; i < n; i++)
        if (!(fabs(v[i]) <= max)) /* false for NaN */
            return 0;
    return 1;
}

static int check_labels(const tasnif_model *m, const char **why)
{
    uint64_t sum = 0;
    for (int i = 0; i < m->nlabels; i++) {
        const char *how;
        size_t bad;
        if (label_check(m->labels[i], strlen(m->labels[i]), &how, &bad) < 0)
            return *why = how, TASNIF_EMODEL;
        if (i > 0 && strcmp(m->labels[i - 1], m->labels[i]) >= 0)
            return *why = "labels are not sorted and distinct", TASNIF_EMODEL;
        /* one label per document, or (multi-label) each label in at most
         * every document and every document with at least one label */
        if (m->label_docs[i] == 0 || m->label_docs[i] > (m->multi ? m->fs.ndocs : m->fs.ndocs - sum))
            return *why = "training documents per label do not add up to ndocs", TASNIF_EMODEL;
        sum += m->label_docs[i];
    }
    if (m->multi ? sum < m->fs.ndocs : sum != m->fs.ndocs)
        return *why = "training documents per label do not add up to ndocs", TASNIF_EMODEL;
    return 0;
}

/* META: UTF-8 text, lines of printable characters (TAB allowed). */
static int check_meta(const char *s, const char **why)
{
    size_t n = strlen(s), bad;
    if (utf8_check(s, n, &bad) < 0)
        return *why = "META is not valid UTF-8", TASNIF_EMODEL;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') || s[i] == 0x7f)
            return *why = "META holds a control character", TASNIF_EMODEL;
    return 0;
}

/* A linear model's weights in their encoding: f64 in range, f32 finite,
 * int8 codes in [-127, 127] with scales finite, >= 0 and small enough
 * that 127 times a scale stays in range. */
static int check_weights(const tasnif_model *m, size_t n, const char **why)
{
    if (m->wenc == MODEL_W_F64)
        return finite_all(m->w, n, MODEL_VALUE_MAX) ? 0 : (*why = "weight out of range", TASNIF_EMODEL);
    if (m->wenc == MODEL_W_F32) {
        for (size_t i = 0; i < n; i++)
            if (!isfinite(m->w32[i]))
                return *why = "f32 weight not finite", TASNIF_EMODEL;
        return 0;
    }
    for (int q = 0; q < m->ndec; q++)
        if (!(m->wscale[q] >= 0 && m->wscale[q] <= MODEL_VALUE_MAX / 127))
            return *why = "int8 weight scale out of range", TASNIF_EMODEL;
    for (size_t i = 0; i < n; i++)
        if (m->w8[i] == INT8_MIN)
            return *why = "int8 weight code -128 (codes are -127 to 127)", TASNIF_EMODEL;
    return 0;
}

static int check_features(const tasnif_model *m, const char **why)
{
    const feat_space *fs = &m->fs;
    const feat_config *c = &fs->cfg;
    if (feat_config_check(c, NULL) < 0)
        return *why = "feature configuration out of range", TASNIF_EMODEL;
    /* columns are int32 and libsvm's indices (1-based) int */
    if (fs->dim == 0 || feat_in_dim(fs) >= INT32_MAX || (c->hash_bits && fs->dim != (size_t)1 << c->hash_bits))
        return *why = "bad feature dimension", TASNIF_EMODEL;
    if (fs->ndocs < (uint64_t)m->nlabels)
        return *why = "fewer training documents than labels", TASNIF_EMODEL;
    const vocab *v = &fs->voc;
    if (!c->hash_bits) {
        if (v->n != fs->dim)
            return *why = "vocabulary size differs from dim", TASNIF_EMODEL;
        for (size_t i = 0; i < v->n; i++) {
            const char *k = v->bytes + v->off[i];
            if (v->len[i] < 2 || (k[0] != FEAT_WORD && k[0] != FEAT_CHAR && k[0] != FEAT_ACROSS && k[0] != FEAT_LEAD &&
                                 k[0] != FEAT_LEAD_CHAR))
                return *why = "bad vocabulary key", TASNIF_EMODEL;
            if (v->df[i] == 0 || v->df[i] > fs->ndocs)
                return *why = "document frequency out of range", TASNIF_EMODEL;
        }
        /* the keys back to back in one pass: each starts with an ASCII
         * family byte, so no UTF-8 sequence can run from one key into the
         * next, and the whole is valid exactly when every key is */
        size_t bad;
        if (utf8_check(v->bytes, v->nbytes, &bad) < 0)
            return *why = "bad vocabulary key", TASNIF_EMODEL;
    }
    if (fs->idf) {
        /* smooth idf ln((1 + N) / (1 + df)) + 1 lies in [1, ln(1 + N) + 1]; N counts the unlabelled texts too */
        double top = log1p((double)fs->ndocs + (double)fs->unlabelled) + 1 + 1e-9;
        for (size_t i = 0; i < fs->dim; i++)
            if (!(fs->idf[i] > 0 && fs->idf[i] <= top))
                return *why = "idf weight out of range", TASNIF_EMODEL;
    }
    if (c->lsa_k) {
        for (int j = 0; j < c->lsa_k; j++)
            if (!(fs->lsa_sv[j] >= 0 && fs->lsa_sv[j] <= MODEL_VALUE_MAX))
                return *why = "LSA singular value out of range", TASNIF_EMODEL;
        size_t n = fs->dim * (size_t)c->lsa_k;
        for (size_t i = 0; i < n; i++)
            if (!(fabsf(fs->lsa_proj[i]) <= 1e30f))
                return *why = "LSA projection value out of range", TASNIF_EMODEL;
    }
    return 0;
}

static int check_classifiers(const tasnif_model *m, const char **why)
{
    const struct svm_parameter *p = &m->param;
    if (m->solver != SOLVER_LIBSVM && m->solver != SOLVER_LIBLINEAR)
        return *why = "unknown solver", TASNIF_EMODEL;
    if (m->solver == SOLVER_LIBSVM ? m->scheme != SCHEME_OVO || m->ll_solver != 0
                                   : m->ll_solver < 0 || m->ll_solver > 7 || p->kernel_type != LINEAR)
        return *why = "solver, scheme and loss do not agree", TASNIF_EMODEL;
    if (p->kernel_type != LINEAR && p->kernel_type != POLY && p->kernel_type != RBF && p->kernel_type != SIGMOID)
        return *why = "unknown kernel", TASNIF_EMODEL;
    if (m->scheme == SCHEME_OVR && p->kernel_type != LINEAR)
        return *why = "one-vs-rest models are linear", TASNIF_EMODEL;
    if (p->degree < (p->kernel_type == POLY) || p->degree > MODEL_DEGREE_MAX)
        return *why = "kernel degree out of range", TASNIF_EMODEL;
    if (!(p->gamma >= 0 && p->gamma <= MODEL_VALUE_MAX) || (p->kernel_type != LINEAR && !(p->gamma > 0)))
        return *why = "kernel gamma out of range", TASNIF_EMODEL;
    if (!(fabs(p->coef0) <= MODEL_VALUE_MAX))
        return *why = "kernel coef0 out of range", TASNIF_EMODEL;
    if (!(p->C > 0 && p->C <= MODEL_VALUE_MAX))
        return *why = "cost C out of range", TASNIF_EMODEL;
    if ((int64_t)m->ndec != model_ndec(m->scheme, m->nlabels))
        return *why = "wrong number of decision functions", TASNIF_EMODEL;
    size_t nd = (size_t)m->ndec;
    if (!finite_all(m->rho, nd, MODEL_VALUE_MAX))
        return *why = "bias (rho) out of range", TASNIF_EMODEL;
    if (m->has_prob && (!finite_all(m->probA, nd, MODEL_VALUE_MAX) || !finite_all(m->probB, nd, MODEL_VALUE_MAX)))
        return *why = "Platt parameter out of range", TASNIF_EMODEL;
    if (m->multi && (m->scheme != SCHEME_OVR || m->has_prob))
        return *why = "multi-label thresholds need a one-vs-rest model without probabilities", TASNIF_EMODEL;
    if (m->multi && !finite_all(m->thresh, (size_t)m->nlabels, MODEL_VALUE_MAX))
        return *why = "multi-label threshold out of range", TASNIF_EMODEL;
    size_t in = feat_in_dim(&m->fs);
    if (p->kernel_type == LINEAR)
        return check_weights(m, in * nd, why);
    const struct svm_model *sm = m->svm;
    int64_t total = 0;
    for (int i = 0; i < m->nlabels; i++) {
        if (sm->nSV[i] < 0)
            return *why = "bad support vector counts", TASNIF_EMODEL;
        total += sm->nSV[i];
    }
    if (sm->l < 1 || total != sm->l || sm->nr_class != m->nlabels)
        return *why = "bad support vector counts", TASNIF_EMODEL;
    for (int i = 0; i < m->nlabels - 1; i++)
        if (!finite_all(sm->sv_coef[i], (size_t)sm->l, MODEL_VALUE_MAX))
            return *why = "support vector coefficient out of range", TASNIF_EMODEL;
    for (int i = 0; i < sm->l; i++) {
        int prev = 0;
        for (const struct svm_node *x = sm->SV[i]; x->index != -1; x++) {
            if (x->index <= prev || (size_t)x->index > in)
                return *why = "support vector index out of order or range", TASNIF_EMODEL;
            if (!(fabs(x->value) <= MODEL_VALUE_MAX))
                return *why = "support vector value out of range", TASNIF_EMODEL;
            prev = x->index;
        }
    }
    return 0;
}

int model_check(const tasnif_model *m, const char **why)
{
    if (m->nlabels < 2 || m->nlabels > LABELS_MAX)
        return *why = "label count out of range", TASNIF_EMODEL;
    int rc = check_features(m, why);
    if (rc == 0)
        rc = check_labels(m, why);
    if (rc == 0 && m->meta)
        rc = check_meta(m->meta, why);
    if (rc == 0)
        rc = check_classifiers(m, why);
    return rc;
}
