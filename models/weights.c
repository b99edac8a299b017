/*
 * weights.c - a linear model's weights in three encodings: f64 (as
 * trained), f32 (each weight rounded to binary32: half the bytes) and
 * int8 with one scale per decision function (an eighth).
 *
 * int8 is symmetric linear quantisation per output, as fastText's
 * `quantize` and Jacob et al. (2018) do per channel: s_q = max_f |w_fq| /
 * 127 and w_fq ~ s_q round(w_fq / s_q), so a decision value is
 * s_q * sum_i x_i round(w_iq / s_q), each weight off by at most s_q / 2.
 * We keep no codebook and no pruning: the vocabulary is not touched.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"

static const char *const names[] = {"f64", "f32", "int8"};

const char *model_weights_name(int wenc)
{
    return wenc >= 0 && wenc <= MODEL_W_I8 ? names[wenc] : "?";
}

int model_weights_parse(const char *s)
{
    for (int i = 0; i <= MODEL_W_I8; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

double *model_weights_f64(const tasnif_model *m)
{
    size_t n = feat_in_dim(&m->fs) * (size_t)m->ndec;
    double *w = malloc((n ? n : 1) * sizeof *w);
    if (!w)
        return NULL;
    for (size_t f = 0, dim = feat_in_dim(&m->fs); f < dim; f++)
        for (int q = 0; q < m->ndec; q++)
            w[f * (size_t)m->ndec + (size_t)q] = model_weight(m, f, q);
    return w;
}

/* int8 codes and per-function scales of w (dim x nd). */
static int quantize_i8(const double *w, size_t dim, int nd, int8_t **codes, double **scales)
{
    int8_t *c = malloc(dim * (size_t)nd + 1);
    double *s = calloc((size_t)nd + 1, sizeof *s);
    if (!c || !s) {
        free(c);
        free(s);
        return TASNIF_ENOMEM;
    }
    for (size_t f = 0; f < dim; f++)
        for (int q = 0; q < nd; q++)
            if (fabs(w[f * (size_t)nd + (size_t)q]) > s[q])
                s[q] = fabs(w[f * (size_t)nd + (size_t)q]);
    for (int q = 0; q < nd; q++)
        s[q] /= 127;
    for (size_t f = 0; f < dim; f++)
        for (int q = 0; q < nd; q++) {
            double v = s[q] > 0 ? nearbyint(w[f * (size_t)nd + (size_t)q] / s[q]) : 0;
            c[f * (size_t)nd + (size_t)q] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
        }
    *codes = c;
    *scales = s;
    return 0;
}

/* Free an array of m unless it lies in the loaded file's bytes. */
static void drop(const tasnif_model *m, void *p)
{
    const char *c = p, *b = m->blob;
    if (!b || c < b || c >= b + m->blob_len)
        free(p);
}

int model_set_weights(tasnif_model *m, int wenc)
{
    if (m->param.kernel_type != LINEAR || wenc < 0 || wenc > MODEL_W_I8)
        return TASNIF_EARG;
    if (m->wenc != MODEL_W_F64) { /* back to f64 first: the loaded arrays stay in the file's bytes */
        double *w = model_weights_f64(m);
        if (!w)
            return TASNIF_ENOMEM;
        drop(m, m->w32);
        drop(m, m->w8);
        drop(m, m->wscale);
        m->w32 = NULL;
        m->w8 = NULL;
        m->wscale = NULL;
        m->w = w;
        m->wenc = MODEL_W_F64;
    }
    if (wenc == MODEL_W_F64)
        return 0;
    size_t dim = feat_in_dim(&m->fs), n = dim * (size_t)m->ndec;
    if (wenc == MODEL_W_F32) {
        if (!(m->w32 = malloc((n ? n : 1) * sizeof *m->w32)))
            return TASNIF_ENOMEM;
        for (size_t i = 0; i < n; i++)
            m->w32[i] = (float)m->w[i];
    } else if (quantize_i8(m->w, dim, m->ndec, &m->w8, &m->wscale) < 0)
        return TASNIF_ENOMEM;
    drop(m, m->w);
    m->w = NULL;
    m->wenc = wenc;
    return 0;
}

void model_dot(const tasnif_model *m, const int32_t *col, const double *val, size_t nnz, double *dec)
{
    int np = m->ndec;
    for (int p = 0; p < np; p++)
        dec[p] = 0;
    if (m->wenc == MODEL_W_F32) {
        for (size_t i = 0; i < nnz; i++) {
            const float *w = m->w32 + (size_t)col[i] * (size_t)np;
            double v = val[i];
            for (int p = 0; p < np; p++)
                dec[p] += v * (double)w[p];
        }
    } else if (m->wenc == MODEL_W_I8) {
        for (size_t i = 0; i < nnz; i++) {
            const int8_t *w = m->w8 + (size_t)col[i] * (size_t)np;
            double v = val[i];
            for (int p = 0; p < np; p++)
                dec[p] += v * (double)w[p];
        }
        for (int p = 0; p < np; p++)
            dec[p] *= m->wscale[p];
    } else
        for (size_t i = 0; i < nnz; i++) {
            const double *w = m->w + (size_t)col[i] * (size_t)np;
            double v = val[i];
            for (int p = 0; p < np; p++)
                dec[p] += v * w[p];
        }
}
