/*
 * mlreport.c - figures of the multi-label evaluation report.
 *
 * Definitions are scikit-learn's with zero_division=0: per label,
 * precision tp/(tp+fp), recall tp/(tp+fn), F1 2tp/(2tp+fp+fn); micro
 * averages pool tp, fp and fn over the labels; macro averages are the
 * unweighted mean over the labels; "samples" averages are the mean over
 * documents of |T∩P|/|P|, |T∩P|/|T| and 2|T∩P|/(|T|+|P|).  Exact match is
 * the share of documents with T = P; the Hamming loss is the share of
 * (document, label) pairs that differ.  Intervals are percentile
 * bootstrap intervals over documents, seeded, as in report.c.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "../features/base.h"
#include "mlreport.h"

const char *const ml_report_summary[ML_REPORT_NSUMMARY] = {
    "micro_precision", "micro_recall", "micro_f1", "macro_precision", "macro_recall", "macro_f1",
    "samples_precision", "samples_recall", "samples_f1", "exact_match", "hamming_loss",
    "label_cardinality_true", "label_cardinality_pred",
};

static const size_t summary_off[ML_REPORT_NSUMMARY] = {
    offsetof(ml_report, micro_p), offsetof(ml_report, micro_r), offsetof(ml_report, micro_f1),
    offsetof(ml_report, macro_p), offsetof(ml_report, macro_r), offsetof(ml_report, macro_f1),
    offsetof(ml_report, samples_p), offsetof(ml_report, samples_r), offsetof(ml_report, samples_f1),
    offsetof(ml_report, exact_match), offsetof(ml_report, hamming_loss),
    offsetof(ml_report, card_true), offsetof(ml_report, card_pred),
};

const char *const ml_report_interval_names[5] = {"micro_f1", "macro_f1", "samples_f1", "exact_match", "hamming_loss"};

int ml_report_interval(const char *name)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(name, ml_report_interval_names[i]) == 0)
            return i;
    return -1;
}

int ml_report_at_most(const char *metric)
{
    return strcmp(metric, "hamming_loss") == 0;
}

/* The per-label arrays of r in two blocks: prec, rec, f1 and support,
 * npred (at least one of each, so that k = 0 allocates). */
static int labels_alloc(ml_report *r)
{
    size_t k = r->k ? (size_t)r->k : 1;
    r->prec = calloc(3 * k, sizeof *r->prec);
    r->support = calloc(2 * k, sizeof *r->support);
    if (!r->prec || !r->support) {
        free(r->prec);
        free(r->support);
        r->prec = NULL;
        r->support = NULL;
        return TASNIF_ENOMEM;
    }
    r->rec = r->prec + k;
    r->f1 = r->prec + 2 * k;
    r->npred = r->support + k;
    return 0;
}

int ml_report_init(ml_report *r, int k, char **labels)
{
    memset(r, 0, sizeof *r);
    if (k < 0)
        return TASNIF_EARG;
    r->k = k;
    r->labels = labels;
    report_defaults(r->created, sizeof r->created, &r->bootstrap, &r->seed);
    return labels_alloc(r);
}

void ml_report_finish(ml_report *r)
{
    for (size_t i = 0; r->where && i < r->n; i++)
        free(r->where[i]);
    free(r->where);
    free(r->truth);
    free(r->pred);
    free(r->prec);
    free(r->support);
    free(r->gates);
    report_files_free(r->files, r->nfiles);
    memset(r, 0, sizeof *r);
}

int ml_report_begin_file(ml_report *r, const char *name)
{
    return report_files_add(&r->files, &r->nfiles, name, r->n);
}

int ml_report_add(ml_report *r, const uint8_t *truth, const uint8_t *pred, const char *where)
{
    size_t k = (size_t)r->k;
    if (r->n + 1 > r->cap) {
        size_t c = r->cap ? r->cap * 2 : 64;
        if (k && c > SIZE_MAX / k)
            return TASNIF_ENOMEM;
        uint8_t *t = realloc(r->truth, c * k + 1);
        if (t)
            r->truth = t;
        uint8_t *p = realloc(r->pred, c * k + 1);
        if (p)
            r->pred = p;
        char **w = realloc(r->where, c * sizeof *w);
        if (w)
            r->where = w;
        if (!t || !p || !w)
            return TASNIF_ENOMEM;
        r->cap = c;
    }
    char *wc = strdup(where ? where : "");
    if (!wc)
        return TASNIF_ENOMEM;
    for (size_t l = 0; l < k; l++) {
        r->truth[r->n * k + l] = truth[l] != 0;
        r->pred[r->n * k + l] = pred[l] != 0;
    }
    r->where[r->n++] = wc;
    return 0;
}

/* ---- figures ---- */

/* Per document, the labels in truth or prediction as label*4 + 2*t + p,
 * and the document's own figures. */
typedef struct ml_docs {
    size_t *off;            /* n + 1 */
    uint32_t *lab;
    double *f;              /* 3 per document: samples precision, recall, F1 */
    uint32_t *c;            /* 3 per document: labels that differ, |T|, |P| */
} ml_docs;

/* Counts over a (weighted) sample of the documents. */
typedef struct ml_counts {
    uint64_t *tp, *sup, *npred; /* per label */
    double n, sp, sr, sf, exact, wrong, nt, np;
} ml_counts;

static void docs_free(ml_docs *d)
{
    free(d->off);
    free(d->lab);
    free(d->f);
    free(d->c);
}

static int docs_build(const ml_report *r, ml_docs *d)
{
    size_t n = r->n, k = (size_t)r->k, m = 0;
    for (size_t i = 0; i < n * k; i++)
        m += r->truth[i] | r->pred[i];
    d->off = malloc((n + 1) * sizeof *d->off);
    d->lab = malloc((m + 1) * sizeof *d->lab);
    d->f = malloc((3 * n + 1) * sizeof *d->f);
    d->c = malloc((3 * n + 1) * sizeof *d->c);
    if (!d->off || !d->lab || !d->f || !d->c)
        return TASNIF_ENOMEM;
    m = 0;
    for (size_t i = 0; i < n; i++) {
        d->off[i] = m;
        uint32_t t = 0, p = 0, both = 0;
        for (size_t l = 0; l < k; l++) {
            int tl = r->truth[i * k + l], pl = r->pred[i * k + l];
            if (tl | pl)
                d->lab[m++] = (uint32_t)(l * 4 + (size_t)(tl * 2 + pl));
            t += (uint32_t)tl;
            p += (uint32_t)pl;
            both += (uint32_t)(tl & pl);
        }
        d->f[3 * i] = p ? (double)both / p : 0;
        d->f[3 * i + 1] = t ? (double)both / t : 0;
        d->f[3 * i + 2] = t + p ? 2.0 * both / (t + p) : 0;
        d->c[3 * i] = t + p - 2 * both;
        d->c[3 * i + 1] = t;
        d->c[3 * i + 2] = p;
    }
    d->off[n] = m;
    return 0;
}

/* Sum the documents, document i w[i] times (w NULL: once each). */
static void count(const ml_report *r, const ml_docs *d, const uint32_t *w, ml_counts *c)
{
    size_t k = (size_t)r->k;
    memset(c->tp, 0, k * sizeof *c->tp);
    memset(c->sup, 0, k * sizeof *c->sup);
    memset(c->npred, 0, k * sizeof *c->npred);
    c->n = c->sp = c->sr = c->sf = c->exact = c->wrong = c->nt = c->np = 0;
    for (size_t i = 0; i < r->n; i++) {
        uint32_t wi = w ? w[i] : 1;
        if (!wi)
            continue;
        for (size_t j = d->off[i]; j < d->off[i + 1]; j++) {
            uint32_t l = d->lab[j] >> 2, tl = (d->lab[j] >> 1) & 1, pl = d->lab[j] & 1;
            c->tp[l] += wi * (tl & pl);
            c->sup[l] += wi * tl;
            c->npred[l] += wi * pl;
        }
        const double *f = d->f + 3 * i;
        const uint32_t *dc = d->c + 3 * i;
        c->n += wi;
        c->sp += wi * f[0];
        c->sr += wi * f[1];
        c->sf += wi * f[2];
        c->exact += dc[0] ? 0 : wi;
        c->wrong += (double)wi * dc[0];
        c->nt += (double)wi * dc[1];
        c->np += (double)wi * dc[2];
    }
}

static double ratio(double a, double b)
{
    return b > 0 ? a / b : 0;
}

/* Every figure of r from the counts (per-label arrays included). */
static void figures(ml_report *r, const ml_counts *c)
{
    int k = r->k;
    double tp = 0, sup = 0, npred = 0;
    r->macro_p = r->macro_r = r->macro_f1 = 0;
    for (int l = 0; l < k; l++) {
        double t = (double)c->tp[l], s = (double)c->sup[l], p = (double)c->npred[l];
        r->prec[l] = ratio(t, p);
        r->rec[l] = ratio(t, s);
        r->f1[l] = ratio(2 * t, s + p);
        r->support[l] = c->sup[l];
        r->npred[l] = c->npred[l];
        r->macro_p += r->prec[l];
        r->macro_r += r->rec[l];
        r->macro_f1 += r->f1[l];
        tp += t;
        sup += s;
        npred += p;
    }
    if (k) {
        r->macro_p /= k;
        r->macro_r /= k;
        r->macro_f1 /= k;
    }
    r->micro_p = ratio(tp, npred);
    r->micro_r = ratio(tp, sup);
    r->micro_f1 = ratio(2 * tp, sup + npred);
    r->samples_p = ratio(c->sp, c->n);
    r->samples_r = ratio(c->sr, c->n);
    r->samples_f1 = ratio(c->sf, c->n);
    r->exact_match = ratio(c->exact, c->n);
    r->hamming_loss = ratio(c->wrong, c->n * k);
    r->card_true = ratio(c->nt, c->n);
    r->card_pred = ratio(c->np, c->n);
}

static double summary_value(const ml_report *r, int i)
{
    return *(const double *)(const void *)((const char *)r + summary_off[i]);
}

struct ml_resampler {
    const ml_report *r;
    ml_docs d;
    ml_counts c;
    ml_report s;            /* the last figures (its own per-label arrays) */
};

void ml_resampler_free(ml_resampler *x)
{
    if (!x)
        return;
    docs_free(&x->d);
    free(x->c.tp);
    free(x->s.prec);
    free(x->s.support);
    free(x);
}

int ml_resampler_new(const ml_report *r, ml_resampler **out)
{
    size_t k = r->k ? (size_t)r->k : 1;
    ml_resampler *x = calloc(1, sizeof *x);
    if (!x)
        return TASNIF_ENOMEM;
    x->r = r;
    x->s = *r; /* the scalars; the per-label arrays are its own */
    x->s.prec = NULL;
    x->s.support = NULL;
    x->c.tp = calloc(3 * k, sizeof *x->c.tp);
    if (!x->c.tp || docs_build(r, &x->d) < 0 || labels_alloc(&x->s) < 0) {
        ml_resampler_free(x);
        return TASNIF_ENOMEM;
    }
    x->c.sup = x->c.tp + k;
    x->c.npred = x->c.tp + 2 * k;
    *out = x;
    return 0;
}

void ml_resampler_figures(ml_resampler *x, const uint32_t *w, double *out)
{
    count(x->r, &x->d, w, &x->c);
    figures(&x->s, &x->c);
    for (int m = 0; m < 5; m++) {
        out[m] = 0;
        ml_report_metric(&x->s, ml_report_interval_names[m], &out[m]);
    }
}

const ml_report *ml_resampler_last(const ml_resampler *x)
{
    return &x->s;
}

/* The bootstrap: resample the documents, keep the five figures of each
 * resample, take the percentiles. */
static int bootstrap(ml_report *r, ml_resampler *x)
{
    int b = r->bootstrap;
    size_t n = r->n;
    uint32_t *w = malloc(n * sizeof *w);
    double *v = malloc((size_t)b * 5 * sizeof *v);
    if (!w || !v) {
        free(w);
        free(v);
        return TASNIF_ENOMEM;
    }
    uint64_t state = report_rand_init(r->seed);
    for (int t = 0; t < b; t++) {
        memset(w, 0, n * sizeof *w);
        for (size_t i = 0; i < n; i++)
            w[report_rand(&state) % n]++;
        double f[5];
        ml_resampler_figures(x, w, f);
        for (int m = 0; m < 5; m++)
            v[(size_t)m * (size_t)b + (size_t)t] = f[m];
    }
    for (int m = 0; m < 5; m++) {
        r->lo[m] = report_percentile(v + (size_t)m * (size_t)b, b, 0.025);
        r->hi[m] = report_percentile(v + (size_t)m * (size_t)b, b, 0.975);
    }
    free(w);
    free(v);
    return 0;
}

/* Each test file's figures on its documents alone. */
static int files_compute(ml_report *r, ml_resampler *x)
{
    size_t k = (size_t)r->k;
    if (report_files_close(r->files, r->nfiles, r->n, r->k) < 0)
        return TASNIF_ENOMEM;
    uint32_t *w = r->nfiles ? calloc(r->n + 1, sizeof *w) : NULL;
    if (r->nfiles && !w)
        return TASNIF_ENOMEM;
    for (int i = 0; i < r->nfiles; i++) {
        report_file *f = &r->files[i];
        memset(w, 0, r->n * sizeof *w);
        for (size_t d = f->first; d < f->first + f->n; d++)
            w[d] = 1;
        ml_resampler_figures(x, w, f->fig);
        f->nfig = 5;
        const ml_report *s = ml_resampler_last(x);
        memcpy(f->prec, s->prec, k * sizeof *f->prec);
        memcpy(f->rec, s->rec, k * sizeof *f->rec);
        memcpy(f->f1, s->f1, k * sizeof *f->f1);
        memcpy(f->support, s->support, k * sizeof *f->support);
    }
    free(w);
    return 0;
}

int ml_report_compute(ml_report *r)
{
    ml_resampler *x = NULL;
    int rc = ml_resampler_new(r, &x);
    if (rc == 0) {
        count(r, &x->d, NULL, &x->c);
        figures(r, &x->c);
        for (int m = 0; m < 5; m++)
            r->lo[m] = r->hi[m] = 0;
        if (r->bootstrap > 0 && r->n > 0)
            rc = bootstrap(r, x);
        if (rc == 0)
            rc = files_compute(r, x);
    }
    ml_resampler_free(x);
    if (rc < 0)
        return rc;
    for (int g = 0; g < r->ngates; g++) {
        double v = NAN;
        if (r->gates[g].is_drop) /* a comparison's: compare_judge_gates */
            continue;
        ml_report_metric(r, r->gates[g].metric, &v);
        report_gate_set(&r->gates[g], v);
    }
    return 0;
}

/* ---- metrics by name, gates ---- */

int ml_report_metric(const ml_report *r, const char *name, double *value)
{
    for (int i = 0; i < ML_REPORT_NSUMMARY; i++)
        if (strcmp(name, ml_report_summary[i]) == 0) {
            *value = summary_value(r, i);
            return 0;
        }
    const double *v = report_label_metric(name, r->k, r->labels, r->prec, r->rec, r->f1);
    if (!v)
        return -1;
    *value = *v;
    return 0;
}

int ml_report_add_gates(ml_report *r, const char *spec, int is_drop, const char **bad)
{
    static char badbuf[200];
    int had = r->ngates;
    if (report_gates_parse(&r->gates, &r->ngates, spec, is_drop, bad) < 0) {
        r->ngates = had;
        return -1;
    }
    for (int g = had; g < r->ngates; g++) {
        double v;
        if (ml_report_metric(r, r->gates[g].metric, &v) < 0) {
            snprintf(badbuf, sizeof badbuf, "%s", r->gates[g].metric);
            *bad = badbuf;
            r->ngates = had;
            return -1;
        }
        r->gates[g].at_most = ml_report_at_most(r->gates[g].metric);
    }
    return 0;
}

int ml_report_failed_gates(const ml_report *r)
{
    return report_gates_failed(r->gates, r->ngates);
}

int ml_report_worst(const ml_report *r, size_t *idx, int max)
{
    size_t k = (size_t)r->k;
    int m = 0;
    uint32_t *wrong = max > 0 ? malloc((size_t)max * sizeof *wrong) : NULL;
    if (!wrong)
        return 0;
    for (size_t i = 0; i < r->n; i++) {
        uint32_t e = 0;
        for (size_t l = 0; l < k; l++)
            e += r->truth[i * k + l] != r->pred[i * k + l];
        if (!e || (m == max && e <= wrong[m - 1]))
            continue;
        int j = m < max ? m++ : m - 1; /* insert, keeping the earlier of equals first */
        while (j > 0 && wrong[j - 1] < e) {
            wrong[j] = wrong[j - 1];
            idx[j] = idx[j - 1];
            j--;
        }
        wrong[j] = e;
        idx[j] = i;
    }
    free(wrong);
    return m;
}

