/*
 * score.c - applying a model: one-vs-one decision values and votes, as
 * libsvm's svm_predict_values computes them, and probabilities by pairwise
 * coupling of Platt's sigmoid estimates (Platt 1999, with Lin, Lin & Weng's
 * numerically stable form, 2007; coupling by Wu, Lin & Weng 2004, method 2).
 *
 * For the linear kernel, each pair's decision function
 *     f_p(x) = sum_i alpha_i y_i <x_i, x> - rho_p = <w_p, x> - rho_p
 * uses the weights w_p = sum_i alpha_i y_i x_i collapsed at training time,
 * so scoring costs O(nnz(x) * pairs), independent of the support vectors.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include "model.h"

int model_decide(const tasnif_model *m, const int32_t *col, const double *val, size_t nnz,
                 double *dec, int *votes)
{
    int k = m->nlabels, np = m->ndec;
    if (m->param.kernel_type == LINEAR) {
        model_dot(m, col, val, nnz, dec);
        for (int p = 0; p < np; p++)
            dec[p] -= m->rho[p];
    } else {
        struct svm_node stackbuf[256], *x = stackbuf;
        if (nnz + 1 > sizeof stackbuf / sizeof stackbuf[0] &&
            !(x = malloc((nnz + 1) * sizeof *x)))
            return TASNIF_ENOMEM;
        for (size_t i = 0; i < nnz; i++) {
            x[i].index = col[i] + 1;
            x[i].value = val[i];
        }
        x[nnz].index = -1;
        svm_predict_values(m->svm, x, dec);
        if (x != stackbuf)
            free(x);
    }
    (void)k;
    return model_votes(m, dec, votes);
}

int model_votes(const tasnif_model *m, const double *dec, int *votes)
{
    int k = m->nlabels;
    for (int i = 0; i < k; i++)
        votes[i] = 0;
    if (m->scheme == SCHEME_OVR) {
        int best = 0;
        for (int i = 1; i < k; i++)
            if (dec[i] > dec[best])
                best = i;
        votes[best] = 1;
        return best;
    }
    int p = 0;
    for (int i = 0; i < k; i++)
        for (int j = i + 1; j < k; j++, p++)
            votes[dec[p] > 0 ? i : j]++;
    int best = 0;
    for (int i = 1; i < k; i++)
        if (votes[i] > votes[best])
            best = i;
    return best;
}

int model_prepare_dense(tasnif_model *m)
{
    if (!m->svm || m->fs.cfg.feature_mode != FEAT_DENSE || !m->fs.cfg.lsa_k || m->sv_dense)
        return 0;
    int l = m->svm->l, k = m->fs.cfg.lsa_k;
    m->sv_dense = calloc((size_t)l * (size_t)k + 1, sizeof *m->sv_dense);
    m->sv_sq = calloc((size_t)l + 1, sizeof *m->sv_sq);
    if (!m->sv_dense || !m->sv_sq)
        return TASNIF_ENOMEM;
    for (int s = 0; s < l; s++)
        for (const struct svm_node *n = m->svm->SV[s]; n->index != -1; n++)
            if (n->index >= 1 && n->index <= k) {
                m->sv_dense[(size_t)s * (size_t)k + (size_t)(n->index - 1)] = n->value;
                m->sv_sq[s] += n->value * n->value;
            }
    return 0;
}

int model_decide_dense(const tasnif_model *m, const double *x, int b, double *dec)
{
    const struct svm_model *sm = m->svm;
    int l = sm->l, k = m->fs.cfg.lsa_k, nc = m->nlabels, np = m->ndec;
    double *g = malloc((size_t)b * (size_t)l * sizeof *g);
    int *start = malloc((size_t)nc * sizeof *start);
    if (!g || !start) {
        free(g);
        free(start);
        return TASNIF_ENOMEM;
    }
    /* inner products of every document with every support vector */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, b, l, k, 1.0, x, k, m->sv_dense, k, 0.0, g, l);
    const struct svm_parameter *p = &m->param;
    start[0] = 0;
    for (int c = 1; c < nc; c++)
        start[c] = start[c - 1] + sm->nSV[c - 1];
    for (int d = 0; d < b; d++) {
        double *kv = g + (size_t)d * (size_t)l, xx = 0;
        for (int j = 0; j < k; j++)
            xx += x[(size_t)d * (size_t)k + (size_t)j] * x[(size_t)d * (size_t)k + (size_t)j];
        for (int s = 0; s < l; s++) {
            double dot = kv[s];
            switch (p->kernel_type) {
            case RBF: kv[s] = exp(-p->gamma * (xx + m->sv_sq[s] - 2 * dot)); break;
            case POLY: kv[s] = pow(p->gamma * dot + p->coef0, p->degree); break;
            case SIGMOID: kv[s] = tanh(p->gamma * dot + p->coef0); break;
            default: break;
            }
        }
        /* libsvm's pairwise sums: class i's SVs with sv_coef[j-1], class j's with sv_coef[i] */
        int q = 0;
        for (int i = 0; i < nc; i++)
            for (int j = i + 1; j < nc; j++, q++) {
                double sum = 0;
                for (int s = 0; s < sm->nSV[i]; s++)
                    sum += sm->sv_coef[j - 1][start[i] + s] * kv[start[i] + s];
                for (int s = 0; s < sm->nSV[j]; s++)
                    sum += sm->sv_coef[i][start[j] + s] * kv[start[j] + s];
                dec[(size_t)d * (size_t)np + (size_t)q] = sum - m->rho[q];
            }
    }
    free(g);
    free(start);
    return 0;
}

double model_sigmoid(double dec, double A, double B)
{
    double f = dec * A + B;
    if (f >= 0)
        return exp(-f) / (1.0 + exp(-f));
    return 1.0 / (1.0 + exp(f));
}

/* Wu, Lin & Weng (2004), method 2: minimise sum_i sum_{j!=i}
 * (r_ji p_i - r_ij p_j)^2 subject to sum p = 1, by the fixed-point
 * iteration their paper gives.  r is k x k, Q and Qp are scratch. */
static void couple(int k, const double *r, double *p, double *Q, double *Qp)
{
    for (int t = 0; t < k; t++) {
        p[t] = 1.0 / k;
        Q[t * k + t] = 0;
        for (int j = 0; j < k; j++)
            if (j != t) {
                Q[t * k + t] += r[j * k + t] * r[j * k + t];
                Q[t * k + j] = -r[j * k + t] * r[t * k + j];
            }
    }
    int max_iter = k > 100 ? k : 100;
    double eps = 0.005 / k;
    for (int iter = 0; iter < max_iter; iter++) {
        double pQp = 0;
        for (int t = 0; t < k; t++) {
            Qp[t] = 0;
            for (int j = 0; j < k; j++)
                Qp[t] += Q[t * k + j] * p[j];
            pQp += p[t] * Qp[t];
        }
        double max_err = 0;
        for (int t = 0; t < k; t++) {
            double e = fabs(Qp[t] - pQp);
            if (e > max_err)
                max_err = e;
        }
        if (max_err < eps)
            break;
        for (int t = 0; t < k; t++) {
            double diff = (-Qp[t] + pQp) / Q[t * k + t];
            p[t] += diff;
            pQp = (pQp + diff * (diff * Q[t * k + t] + 2 * Qp[t])) / (1 + diff) / (1 + diff);
            for (int j = 0; j < k; j++) {
                Qp[j] = (Qp[j] + diff * Q[t * k + j]) / (1 + diff);
                p[j] /= (1 + diff);
            }
        }
    }
}

/* Does x rank before y? */
static int better(const tasnif_model *m, const int *votes, const tasnif_score *x, const tasnif_score *y)
{
    if (m->scheme == SCHEME_OVO && !m->has_prob && votes[x->index] != votes[y->index])
        return votes[x->index] > votes[y->index];
    if (x->score != y->score)
        return x->score > y->score;
    return x->index < y->index;
}

void model_rank(const tasnif_model *m, const double *dec, const int *votes, tasnif_score *out)
{
    int k = m->nlabels;
    if (m->scheme == SCHEME_OVR) {
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double v = dec[i];
            if (m->has_prob)
                sum += v = model_sigmoid(dec[i], m->probA[i], m->probB[i]);
            out[i] = (tasnif_score){m->labels[i], i, v};
        }
        for (int i = 0; m->has_prob && sum > 0 && i < k; i++)
            out[i].score /= sum;
        goto sort;
    }
    if (m->has_prob) {
        double stack[4 * 32 * 32 + 2 * 32];
        double *r = stack, *heap = NULL;
        size_t need = (size_t)2 * k * k + 2 * (size_t)k;
        if (need > sizeof stack / sizeof stack[0])
            r = heap = malloc(need * sizeof *r);
        if (r) {
            double *Q = r + (size_t)k * k, *p = Q + (size_t)k * k, *Qp = p + k;
            int q = 0;
            for (int i = 0; i < k; i++)
                for (int j = i + 1; j < k; j++, q++) {
                    double v = model_sigmoid(dec[q], m->probA[q], m->probB[q]);
                    if (v < 1e-7)
                        v = 1e-7;
                    if (v > 1 - 1e-7)
                        v = 1 - 1e-7;
                    r[i * k + j] = v;
                    r[j * k + i] = 1 - v;
                }
            couple(k, r, p, Q, Qp);
            for (int i = 0; i < k; i++)
                out[i] = (tasnif_score){m->labels[i], i, p[i]};
            free(heap);
            goto sort;
        }
    }
    for (int i = 0; i < k; i++)
        out[i] = (tasnif_score){m->labels[i], i, 0};
    int q = 0;
    for (int i = 0; i < k; i++)
        for (int j = i + 1; j < k; j++, q++) {
            out[i].score += dec[q];
            out[j].score -= dec[q];
        }
    for (int i = 0; i < k; i++)
        out[i].score /= (k - 1);
sort:
    /* insertion sort: k is small and the order must be stable */
    for (int i = 1; i < k; i++) {
        tasnif_score t = out[i];
        int j = i;
        for (; j > 0 && better(m, votes, &t, &out[j - 1]); j--)
            out[j] = out[j - 1];
        out[j] = t;
    }
}
