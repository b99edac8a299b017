/*
 * problem.c - what every training sub-problem shares: the solver defaults,
 * the label count every model may hold, class weights, stratified folds,
 * per-sub-problem seeds and label-set membership.
 */
#include <stdlib.h>
#include <string.h>
#include <linear.h>
#include "train.h"

void train_params_defaults(train_params *p)
{
    memset(p, 0, sizeof *p);
    p->solver = SOLVER_LIBLINEAR;
    p->scheme = SCHEME_OVR;
    p->ll_solver = L2R_L1LOSS_SVC_DUAL;
    p->ll_eps = SOLVER_DEF_EPS_LINEAR;
    p->kernel = LINEAR;
    p->C = SOLVER_DEF_C;
    p->gamma = 0;
    p->degree = SOLVER_DEF_DEGREE;
    p->coef0 = SOLVER_DEF_COEF0;
    p->eps = SOLVER_DEF_EPS_SVM;
    p->cache_mb = SOLVER_DEF_CACHE_MB;
    p->shrinking = 1;
    p->probability = 0;
    p->balanced = 0;
    p->seed = SOLVER_DEF_SEED;
    p->threads = 2;
    p->gram_mb = SOLVER_DEF_GRAM_MB;
    p->dist = 1;
}

/* Every model holds 2 to LABELS_MAX labels (the loader's rule too). */
int train_check_nlabels(const tasnif_model *m, tasnif_err *err)
{
    if (m->nlabels < 2 || m->nlabels > LABELS_MAX)
        return err_set(err, TASNIF_ELIMIT, NULL, 0, 0, "%d labels: a model holds 2 to %d", m->nlabels, LABELS_MAX);
    return 0;
}

int train_check_memory(const train_params *p, const csr *x, size_t n, const tasnif_model *m, int sets,
                       tasnif_err *err)
{
    if (p->max_memory <= 0)
        return 0;
    double in = (double)feat_in_dim(&m->fs), k = m->nlabels, nnz = (double)x->nnz;
    int linear = p->kernel == LINEAR;
    double ndec = (double)model_ndec(sets ? SCHEME_OVR : p->scheme, m->nlabels);
    double rows = nnz * (12.0 + 16.0) + (double)n * 48.0;
    /* the weights, and the model file made of them in memory to be saved */
    double weights = linear ? 2 * in * ndec * 8.0 : 0;
    double columns = linear ? (double)(p->threads > 0 ? p->threads : 1) * in * 24.0 : 0;
    double folds = sets ? in * k * 8.0 : 0;
    double need = rows + weights + columns + folds;
    if (need <= p->max_memory)
        return 0;
    return err_set(err, TASNIF_ELIMIT, NULL, 0, 0,
                   "training %.0f decision functions over %.0f features is projected to need about %.1f MB (%.1f MB "
                   "of weights), more than the %.1f MB allowed (--max-memory; by default the memory available): use "
                   "%s--hash-bits B, --max-features N or a higher --min-df for fewer features%s",
                   ndec, in, need / 1048576.0, (weights + folds) / 1048576.0, p->max_memory / 1048576.0,
                   m->fs.cfg.char_max ? "--char-ngrams 0, " : "",
                   p->scheme == SCHEME_OVO && !sets && k > 2 ? ", or --scheme ovr (one classifier per label, not per pair)" : "");
}

int train_class_weights(const train_params *p, const int *y, const size_t *rows, size_t n, const tasnif_model *m,
                        double *cw, tasnif_err *err)
{
    int k = m->nlabels;
    size_t *count = calloc((size_t)k, sizeof *count);
    if (!count)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++)
        count[y[rows ? rows[i] : i]]++;
    int rc = 0;
    for (int c = 0; c < k && rc == 0; c++) {
        if (count[c] == 0) {
            rc = err_set(err, TASNIF_ECORPUS, NULL, 0, 0, "label '%s' has no training documents", m->labels[c]);
            break;
        }
        cw[c] = p->balanced ? (double)n / ((double)k * (double)count[c]) : 1.0;
        if (p->label_weight)
            cw[c] *= p->label_weight[c];
    }
    free(count);
    return rc;
}

void train_folds(const int *y, size_t n, int nlabels, int k, unsigned seed, int *fold)
{
    /* per class: a seeded shuffle (xorshift64*), then folds dealt in turn,
     * continuing the deal across classes so fold sizes stay even */
    uint64_t s = 0x9E3779B97F4A7C15ULL ^ seed;
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx) {
        for (size_t i = 0; i < n; i++)
            fold[i] = (int)(i % (size_t)k);
        return;
    }
    int deal = 0;
    for (int c = 0; c < nlabels; c++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (y[i] == c)
                idx[m++] = i;
        for (size_t i = m; i > 1; i--) {
            s ^= s >> 12;
            s ^= s << 25;
            s ^= s >> 27;
            size_t j = (size_t)((s * 0x2545F4914F6CDD1DULL) % i);
            size_t t = idx[i - 1];
            idx[i - 1] = idx[j];
            idx[j] = t;
        }
        for (size_t i = 0; i < m; i++) {
            fold[idx[i]] = deal;
            deal = (deal + 1) % k;
        }
    }
    free(idx);
}

unsigned train_seed(unsigned seed, int q, int fold)
{
    /* splitmix-style mixing: distinct, well spread seeds per sub-problem */
    uint64_t z = (uint64_t)seed * 0x9E3779B97F4A7C15ULL + (uint64_t)q * 0xBF58476D1CE4E5B9ULL + (uint64_t)fold;
    z ^= z >> 31;
    z *= 0x94D049BB133111EBULL;
    z ^= z >> 29;
    return (unsigned)z;
}

int label_sets_has(const label_sets *s, size_t r, int q)
{
    for (size_t t = s->ptr[r]; t < s->ptr[r + 1]; t++)
        if (s->idx[t] == q)
            return 1;
    return 0;
}
