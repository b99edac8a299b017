/*
 * explain.c - why a label got its score: the score as a bias plus one
 * contribution per n-gram of the document.
 *
 * Linear models (liblinear one-vs-rest, libsvm's collapsed one-vs-one
 * weights, and models on the LSA embedding) are exact.  The model's input
 * is the tf-idf vector x (scaled by s = 1/sqrt(2) when it is joined with
 * the embedding) and the embedding e = c P^T x with c = 1 / ||P^T x||,
 * a constant for the document.  A decision function
 *     f_q(x) = sum_i x_i s (w_iq + c sum_j P_ij w_(dim+j)q) - rho_q
 * is therefore a sum over the document's n-grams plus the bias -rho_q.
 * A label's score is f_q itself (one-vs-rest) or the mean of its pairs'
 * signed decisions (one-vs-one, as model_rank scores labels), a linear
 * combination of the f_q, so the same holds for it.  For models with
 * probabilities the decision value is explained (the probability is a
 * monotone function of it for one-vs-rest).
 *
 * Kernel models are approximate: occlusion (Zeiler & Fergus 2014) — an
 * n-gram's contribution is the score lost when it alone is removed from
 * the document; the bias is what the contributions leave unexplained.
 * Occluding every n-gram re-scores the document once per n-gram (work
 * quadratic in its length), so only the MODEL_OCCLUDE_MAX n-grams with
 * the largest first-order effect are occluded; every other n-gram's
 * contribution is its first-order effect x_i df/dx_i, the derivative of
 * the label's score taken through each support vector's kernel:
 *     rbf      2 gamma K (x_s,i - x_i)
 *     poly     d gamma (gamma <x_s, x> + r)^(d-1) x_s,i
 *     sigmoid  gamma (1 - K^2) x_s,i
 * (one pass over the support vectors, the cost of one scoring).  On the
 * LSA embedding the n-grams are ranked by their tf-idf value instead.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"

void model_expl_finish(model_expl *e)
{
    free(e->terms);
    free(e->words);
    memset(e, 0, sizeof *e);
}

/* The decision-based score of label c from decision values. */
static double label_score(const tasnif_model *m, const double *dec, int c)
{
    if (m->scheme == SCHEME_OVR)
        return dec[c];
    int k = m->nlabels, q = 0;
    double s = 0;
    for (int i = 0; i < k; i++)
        for (int j = i + 1; j < k; j++, q++) {
            if (i == c)
                s += dec[q];
            else if (j == c)
                s -= dec[q];
        }
    return s / (k - 1);
}

/* Coefficient of decision function q in label c's score. */
static double pair_coef(const tasnif_model *m, int q, int c, int k)
{
    if (m->scheme == SCHEME_OVR)
        return q == c;
    int i = 0, t = q;
    while (t >= k - 1 - i) {
        t -= k - 1 - i;
        i++;
    }
    int j = i + 1 + t;
    return i == c ? 1.0 / (k - 1) : j == c ? -1.0 / (k - 1) : 0.0;
}

static int cmp_abs(const void *a, const void *b)
{
    double x = fabs(((const model_term *)a)->contribution), y = fabs(((const model_term *)b)->contribution);
    if (x != y)
        return (x < y) - (x > y);
    int32_t fa = ((const model_term *)a)->feature, fb = ((const model_term *)b)->feature;
    return (fa > fb) - (fa < fb);
}

/* Each support vector's coefficient in label c's score (a combination of
 * the one-vs-one decisions, libsvm's layout), into beta (sm->l values). */
static void sv_coefs(const tasnif_model *m, int c, double *beta)
{
    const struct svm_model *sm = m->svm;
    int k = m->nlabels, q = 0;
    int *start = malloc((size_t)k * sizeof *start);
    memset(beta, 0, (size_t)sm->l * sizeof *beta);
    if (!start)
        return;
    start[0] = 0;
    for (int i = 1; i < k; i++)
        start[i] = start[i - 1] + sm->nSV[i - 1];
    for (int i = 0; i < k; i++)
        for (int j = i + 1; j < k; j++, q++) {
            double pc = pair_coef(m, q, c, k);
            if (pc == 0)
                continue;
            for (int s = start[i]; s < start[i] + sm->nSV[i]; s++)
                beta[s] += pc * sm->sv_coef[j - 1][s];
            for (int s = start[j]; s < start[j] + sm->nSV[j]; s++)
                beta[s] += pc * sm->sv_coef[i][s];
        }
    free(start);
}

/* The first-order effect x_i d(score_c)/dx_i of every n-gram of a sparse
 * kernel model's document x (sorted by col), into eff (nnz values). */
static int first_order(const tasnif_model *m, int c, const int32_t *col, const double *val, size_t nnz, double *eff)
{
    const struct svm_model *sm = m->svm;
    const struct svm_parameter *p = &m->param;
    double *beta = malloc((size_t)sm->l * sizeof *beta), xx = 0;
    if (!beta)
        return TASNIF_ENOMEM;
    sv_coefs(m, c, beta);
    for (size_t t = 0; t < nnz; t++) {
        eff[t] = 0;
        xx += val[t] * val[t];
    }
    for (int s = 0; s < sm->l; s++) {
        if (beta[s] == 0)
            continue;
        /* <x_s, x> and ||x_s||^2 by a merge of the two sorted vectors */
        double dot = 0, ss = 0;
        size_t t = 0;
        for (const struct svm_node *v = sm->SV[s]; v->index != -1; v++) {
            ss += v->value * v->value;
            while (t < nnz && col[t] + 1 < v->index)
                t++;
            if (t < nnz && col[t] + 1 == v->index)
                dot += v->value * val[t];
        }
        double a, b = 0; /* df/dx_i = a x_s,i + b x_i */
        if (p->kernel_type == RBF) {
            double kv = exp(-p->gamma * (ss - 2 * dot + xx));
            a = beta[s] * 2 * p->gamma * kv;
            b = -a;
        } else if (p->kernel_type == POLY)
            a = beta[s] * p->degree * p->gamma * pow(p->gamma * dot + p->coef0, p->degree - 1);
        else {
            double kv = tanh(p->gamma * dot + p->coef0);
            a = beta[s] * p->gamma * (1 - kv * kv);
        }
        t = 0;
        for (const struct svm_node *v = sm->SV[s]; v->index != -1; v++) {
            while (t < nnz && col[t] + 1 < v->index)
                t++;
            if (t < nnz && col[t] + 1 == v->index)
                eff[t] += val[t] * a * v->value;
        }
        if (b != 0)
            for (t = 0; t < nnz; t++)
                eff[t] += val[t] * b * val[t];
    }
    free(beta);
    return 0;
}

/* Order n-grams by how much to occlude them first: largest |eff| first. */
typedef struct ranked {
    double key;
    size_t t;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    double x = ((const ranked *)a)->key, y = ((const ranked *)b)->key;
    if (x != y)
        return (x < y) - (x > y);
    size_t s = ((const ranked *)a)->t, u = ((const ranked *)b)->t;
    return (s > u) - (s < u);
}

/* Decisions of the finalized copy of x (without feature skip, or all). */
static int decide_without(const tasnif_model *m, const int32_t *col, const double *val, size_t nnz, size_t skip,
                          double *dec, int *votes, int32_t **c2, double **v2, size_t *cap)
{
    size_t n = 0;
    size_t c1 = *cap;
    if (GROW(*c2, c1, nnz + (size_t)m->fs.cfg.lsa_k + 1) < 0 ||
        GROW(*v2, *cap, nnz + (size_t)m->fs.cfg.lsa_k + 1) < 0)
        return TASNIF_ENOMEM;
    for (size_t t = 0; t < nnz; t++)
        if (t != skip) {
            (*c2)[n] = col[t];
            (*v2)[n++] = val[t];
        }
    int rc = feat_finalize(&m->fs, c2, v2, cap, &n);
    if (rc == 0)
        rc = model_decide(m, *c2, *v2, n, dec, votes);
    return rc < 0 ? rc : 0;
}

/* A kernel model's approximate explanation (see the top of this file):
 * out->terms (nnz of them) and out->bias from out->score.  @return 0 or a
 * negative code. */
static int explain_kernel(const tasnif_model *m, const int32_t *col, const double *val, size_t nnz, int label,
                          int *votes, int32_t **c2, double **v2, size_t *cap, model_expl *out)
{
    int rc = 0, nd = m->ndec;
    out->approximate = 1;
    double sum = 0;
    double *d2 = malloc((size_t)nd * sizeof *d2), *eff = malloc((nnz ? nnz : 1) * sizeof *eff);
    ranked *order = malloc((nnz ? nnz : 1) * sizeof *order);
    int sparse = !m->fs.cfg.lsa_k || m->fs.cfg.feature_mode == FEAT_SPARSE;
    if (!d2 || !eff || !order || (sparse && first_order(m, label, col, val, nnz, eff) < 0)) {
        free(d2);
        free(eff);
        free(order);
        return TASNIF_ENOMEM;
    }
    for (size_t t = 0; t < nnz; t++) {
        if (!sparse)
            eff[t] = 0; /* unknown: only the occluded n-grams get a contribution */
        order[t] = (ranked){fabs(sparse ? eff[t] : val[t]), t};
    }
    qsort(order, nnz, sizeof *order, cmp_ranked);
    for (size_t t = 0; t < nnz; t++)
        out->terms[t] = (model_term){col[t], val[t], val[t] != 0 ? eff[t] / val[t] : 0, eff[t]};
    for (size_t r = 0; r < nnz && r < MODEL_OCCLUDE_MAX && rc == 0; r++) {
        size_t t = order[r].t;
        rc = decide_without(m, col, val, nnz, t, d2, votes, c2, v2, cap);
        double contrib = out->score - label_score(m, d2, label);
        out->terms[t] = (model_term){col[t], val[t], val[t] != 0 ? contrib / val[t] : 0, contrib};
    }
    for (size_t t = 0; t < nnz; t++)
        sum += out->terms[t].contribution;
    free(d2);
    free(eff);
    free(order);
    out->bias = out->score - sum;
    return rc;
}

int model_explain(const tasnif_model *m, const int32_t *col, const double *val, size_t nnz, int label,
                  model_expl *out)
{
    memset(out, 0, sizeof *out);
    int k = m->nlabels, nd = m->ndec, rc = 0;
    out->label = label;
    out->terms = malloc((nnz ? nnz : 1) * sizeof *out->terms);
    double *dec = malloc((size_t)nd * sizeof *dec), *wq = malloc((size_t)nd * sizeof *wq);
    int *votes = malloc((size_t)k * sizeof *votes);
    int32_t *c2 = NULL;
    double *v2 = NULL;
    size_t cap = 0;
    if (!out->terms || !dec || !wq || !votes) {
        rc = TASNIF_ENOMEM;
        goto out;
    }
    if ((rc = decide_without(m, col, val, nnz, SIZE_MAX, dec, votes, &c2, &v2, &cap)) < 0)
        goto out;
    out->score = label_score(m, dec, label);
    out->nterms = nnz;
    if (m->param.kernel_type == LINEAR) {
        int lk = m->fs.cfg.lsa_k, mode = lk ? m->fs.cfg.feature_mode : FEAT_SPARSE;
        double s = mode == FEAT_BOTH ? 0.7071067811865476 : 1.0, c = 0;
        size_t off = mode == FEAT_BOTH ? m->fs.dim : 0;
        if (mode != FEAT_SPARSE) { /* c = 1 / ||P^T x|| */
            double e[LSA_MAX] = {0}, norm = 0;
            for (size_t t = 0; t < nnz; t++)
                for (int j = 0; j < lk; j++)
                    e[j] += val[t] * m->fs.lsa_proj[(size_t)col[t] * (size_t)lk + (size_t)j];
            for (int j = 0; j < lk; j++)
                norm += e[j] * e[j];
            c = norm > 0 ? 1.0 / sqrt(norm) : 0;
        }
        double bias = 0;
        for (int q = 0; q < nd; q++)
            bias -= pair_coef(m, q, label, k) * m->rho[q];
        out->bias = bias;
        for (size_t t = 0; t < nnz; t++) {
            size_t f = (size_t)col[t];
            for (int q = 0; q < nd; q++) {
                double w = 0;
                if (mode != FEAT_DENSE)
                    w = model_weight(m, f, q);
                for (int j = 0; mode != FEAT_SPARSE && j < lk; j++)
                    w += c * m->fs.lsa_proj[f * (size_t)lk + (size_t)j] * model_weight(m, off + (size_t)j, q);
                wq[q] = w * s;
            }
            double weight = 0;
            for (int q = 0; q < nd; q++)
                weight += pair_coef(m, q, label, k) * wq[q];
            out->terms[t] = (model_term){col[t], val[t], weight, val[t] * weight};
        }
    } else if ((rc = explain_kernel(m, col, val, nnz, label, votes, &c2, &v2, &cap, out)) < 0)
        goto out;
    qsort(out->terms, out->nterms, sizeof *out->terms, cmp_abs);
out:
    free(dec);
    free(wq);
    free(votes);
    free(c2);
    free(v2);
    if (rc < 0)
        model_expl_finish(out);
    return rc;
}

int model_top_terms(const tasnif_model *m, int label, size_t n, model_term *pos, size_t *npos, model_term *neg,
                    size_t *nneg)
{
    *npos = *nneg = 0;
    if (m->param.kernel_type != LINEAR || (!m->w && !m->w32 && !m->w8) || (m->fs.cfg.lsa_k && m->fs.cfg.feature_mode == FEAT_DENSE))
        return TASNIF_EARG;
    int k = m->nlabels, nd = m->ndec;
    for (size_t f = 0; f < m->fs.dim; f++) {
        double w = 0;
        for (int q = 0; q < nd; q++)
            w += pair_coef(m, q, label, k) * model_weight(m, f, q);
        model_term t = {(int32_t)f, 0, w, w};
        /* keep the n largest (pos) and n smallest (neg) by insertion */
        model_term *arr = w >= 0 ? pos : neg;
        size_t *cnt = w >= 0 ? npos : nneg;
        size_t at = *cnt;
        while (at > 0 && fabs(arr[at - 1].weight) < fabs(w))
            at--;
        if (at >= n)
            continue;
        size_t last = *cnt < n ? *cnt : n - 1;
        memmove(arr + at + 1, arr + at, (last - at) * sizeof *arr);
        arr[at] = t;
        if (*cnt < n)
            (*cnt)++;
    }
    return 0;
}

/* a word of the document while its n-grams are shared out */
typedef struct wtype {
    model_word w;
    double tf;              /* its occurrences in the document */
    double lead_tf;         /* its occurrences in the document's lead */
    size_t last;            /* the last n-gram it had a share of, + 1 */
} wtype;

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

static int cmp_wtype(const void *a, const void *b)
{
    const wtype *x = a, *y = b;
    return cmp_bytes(x->w.word, x->w.len, y->w.word, y->w.len);
}

static int cmp_word_abs(const void *a, const void *b)
{
    const model_word *x = a, *y = b;
    double u = fabs(x->contribution), v = fabs(y->contribution);
    if (u != v)
        return u < v ? 1 : -1;
    return cmp_bytes(x->word, x->len, y->word, y->len);
}

static wtype *find_word(wtype *t, size_t n, const char *s, size_t len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_bytes(t[mid].w.word, t[mid].w.len, s, len);
        if (c == 0)
            return &t[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static void give(wtype *t, size_t term, double c)
{
    t->w.contribution += c;
    if (t->last != term + 1) {
        t->last = term + 1;
        t->w.nterms++;
    }
}

/* Share word or lead term i (n-gram k) equally among its words; 0 if a word is missing. */
static int share_words(wtype *t, size_t nt, size_t i, const char *k, size_t klen, double c)
{
    size_t parts = 1;
    for (size_t j = 0; j < klen; j++)
        parts += k[j] == ' ';
    for (int pass = 0; pass < 2; pass++) /* every word found first, then shared */
        for (size_t b = 0, j = 0; j <= klen; j++) {
            if (j < klen && k[j] != ' ')
                continue;
            wtype *w = find_word(t, nt, k + b, j - b);
            if (!w)
                return 0;
            if (pass)
                give(w, i, c / (double)parts);
            b = j + 1;
        }
    return 1;
}

/* a character n-gram of a word that is one of the explained terms, with
 * the word's occurrences (in the document, or in its lead) */
typedef struct held {
    uint32_t term, word;
    double tf;
} held;

static int cmp_held(const void *a, const void *b)
{
    const held *x = a, *y = b;
    if (x->word != y->word)
        return (x->word > y->word) - (x->word < y->word);
    return (x->term > y->term) - (x->term < y->term);
}

/* the explained terms by feature id */
typedef struct by_feature {
    int32_t feature;
    uint32_t term;
} by_feature;

static int cmp_by_feature(const void *a, const void *b)
{
    int32_t x = ((const by_feature *)a)->feature, y = ((const by_feature *)b)->feature;
    return (x > y) - (x < y);
}

typedef struct char_pass {
    const tasnif_model *m;
    const by_feature *index;
    size_t nterms;
    double *total;          /* per term: the occurrences of its n-gram in the words */
    held *held;
    size_t nheld, cap;
    uint32_t word;
    double tf;
    int family;             /* FEAT_CHAR or FEAT_LEAD_CHAR */
} char_pass;

static int on_char(void *user, const char *key, size_t n)
{
    char_pass *p = user;
    feat_term ft = {hash_bytes(key, n, (uint64_t)p->family), key, (uint32_t)n, 1, p->family};
    int64_t id = vocab_find(&p->m->fs.voc, &ft);
    if (id < 0)
        return 0;
    by_feature k = {(int32_t)id, 0}, *hit = bsearch(&k, p->index, p->nterms, sizeof k, cmp_by_feature);
    if (!hit)
        return 0;
    if (p->nheld == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 1024;
        held *h = realloc(p->held, cap * sizeof *h);
        if (!h)
            return TASNIF_ENOMEM;
        p->held = h;
        p->cap = cap;
    }
    p->held[p->nheld++] = (held){hit->term, p->word, p->tf};
    p->total[hit->term] += p->tf;
    return 0;
}

/* Every word's character n-grams of family that are explained terms, into
 * p->held: the words of the lead alone for FEAT_LEAD_CHAR. */
static int char_shares(char_pass *p, const model_expl *e, wtype *t, size_t nt, size_t longest, int family)
{
    by_feature *index = malloc((e->nterms ? e->nterms : 1) * sizeof *index);
    char *pad = malloc(longest + 3);
    int rc = index && pad ? 0 : TASNIF_ENOMEM;
    for (size_t i = 0; rc == 0 && i < e->nterms; i++)
        index[i] = (by_feature){e->terms[i].feature, (uint32_t)i};
    if (rc == 0)
        qsort(index, e->nterms, sizeof *index, cmp_by_feature);
    p->index = index;
    p->nterms = e->nterms;
    p->family = family;
    for (size_t j = 0; rc == 0 && j < nt; j++) {
        p->tf = family == FEAT_LEAD_CHAR ? t[j].lead_tf : t[j].tf;
        if (p->tf == 0)
            continue;
        pad[0] = '<';
        memcpy(pad + 1, t[j].w.word, t[j].w.len);
        pad[t[j].w.len + 1] = '>';
        p->word = (uint32_t)j;
        rc = feat_word_char_ngrams(&p->m->fs.cfg, pad, t[j].w.len + 2, on_char, p);
    }
    free(index);
    free(pad);
    return rc;
}

/* The distinct words of the space-separated tokens in t, sorted, each with its occurrences in the document and in
 * its first lead tokens; *longest is the longest word's length; @return how many. */
static size_t word_types(const char *tokens, size_t len, size_t lead, wtype *t, size_t *longest)
{
    size_t nt = 0;
    for (size_t b = 0, i = 0; i <= len; i++) {
        if (i < len && tokens[i] != ' ')
            continue;
        if (i > b) {
            t[nt].w.word = tokens + b;
            t[nt].w.len = i - b;
            t[nt].lead_tf = nt < lead;
            t[nt++].tf = 1;
            *longest = i - b > *longest ? i - b : *longest;
        }
        b = i + 1;
    }
    qsort(t, nt, sizeof *t, cmp_wtype);
    size_t u = 0;
    for (size_t i = 0; i < nt; i++) {
        if (u && cmp_wtype(&t[u - 1], &t[i]) == 0) {
            t[u - 1].tf++;
            t[u - 1].lead_tf += t[i].lead_tf;
        } else
            t[u++] = t[i];
    }
    return u;
}

/* Each word or lead n-gram's contribution shared among its words; what no word takes (a character n-gram no word
 * holds (total 0), an n-gram of another family or of a word not in the text) goes to e->words_rest. */
static void share_terms(const tasnif_model *m, model_expl *e, wtype *t, size_t nt, const double *total)
{
    int vocab = !m->fs.cfg.hash_bits;
    for (size_t i = 0; i < e->nterms; i++) {
        double c = e->terms[i].contribution;
        int32_t f = e->terms[i].feature;
        uint32_t klen = 0;
        const char *key = !vocab || f < 0 || (size_t)f >= m->fs.voc.n ? NULL : vocab_key(&m->fs.voc, (size_t)f, &klen);
        int fam = key && klen >= 1 ? key[0] : 0;
        int taken = fam == FEAT_CHAR || fam == FEAT_LEAD_CHAR
                        ? total[i] > 0
                        : (fam == FEAT_WORD || fam == FEAT_LEAD) && share_words(t, nt, i, key + 1, klen - 1, c);
        if (!taken)
            e->words_rest += c;
    }
}

int model_explain_words(const tasnif_model *m, model_expl *e, const char *tokens, size_t len)
{
    free(e->words);
    e->words = NULL;
    e->nwords = 0;
    e->words_rest = 0;
    size_t cap = 1, longest = 0;
    for (size_t i = 0; i < len; i++)
        cap += tokens[i] == ' ';
    wtype *t = calloc(cap, sizeof *t);
    double *total = calloc(e->nterms ? e->nterms : 1, sizeof *total);
    char_pass cp = {.m = m, .total = total};
    model_word *w = NULL;
    int rc = t && total ? 0 : TASNIF_ENOMEM;
    size_t nt = 0;
    if (rc == 0)
        nt = word_types(tokens, len, (size_t)m->fs.cfg.lead_words, t, &longest);
    int vocab = !m->fs.cfg.hash_bits;
    if (rc == 0 && vocab && m->fs.cfg.char_max > 0)
        rc = char_shares(&cp, e, t, nt, longest, FEAT_CHAR);
    if (rc == 0 && vocab && m->fs.cfg.char_max > 0 && m->fs.cfg.lead_words > 0 && m->fs.cfg.lead_ngrams == FEAT_LEAD_SAME)
        rc = char_shares(&cp, e, t, nt, longest, FEAT_LEAD_CHAR);
    if (rc == 0 && cp.nheld) /* none: held is NULL */
        qsort(cp.held, cp.nheld, sizeof *cp.held, cmp_held);
    if (rc == 0)
        share_terms(m, e, t, nt, total);
    for (size_t h = 0; rc == 0 && h < cp.nheld; h++) {
        const held *x = &cp.held[h];
        give(&t[x->word], x->term, e->terms[x->term].contribution * x->tf / total[x->term]);
    }
    if (rc == 0 && !(w = malloc((nt ? nt : 1) * sizeof *w)))
        rc = TASNIF_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; rc == 0 && i < nt; i++)
        if (t[i].w.nterms) {
            w[n] = t[i].w;
            w[n++].count = (int)t[i].tf;
        }
    free(t);
    free(total);
    free(cp.held);
    if (rc < 0) {
        free(w);
        e->words_rest = 0;
        return rc;
    }
    qsort(w, n, sizeof *w, cmp_word_abs);
    e->words = w;
    e->nwords = n;
    return 0;
}

int model_term_text(const tasnif_model *m, int32_t feature, char *buf, size_t cap)
{
    if (m->fs.cfg.hash_bits || (size_t)feature >= m->fs.voc.n) {
        snprintf(buf, cap, "#%ld", (long)feature);
        return 0;
    }
    uint32_t len;
    const char *key = vocab_key(&m->fs.voc, (size_t)feature, &len);
    /* the family byte, then the n-gram: words joined by spaces, or
     * characters with < > marking word edges */
    size_t n = len > 0 ? len - 1 : 0;
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)key[1 + n] & 0xC0) == 0x80)
            n--; /* cut at a character boundary */
    }
    memcpy(buf, key + 1, n);
    buf[n] = '\0';
    if ((key[0] == FEAT_LEAD || key[0] == FEAT_LEAD_CHAR) && n + 7 < cap)
        memcpy(buf + n, " (lead)", 8);
    return key[0] == FEAT_CHAR || key[0] == FEAT_ACROSS || key[0] == FEAT_LEAD_CHAR;
}
