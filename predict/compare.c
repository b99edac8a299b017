/*
 * compare.c - a paired comparison of two models on the same documents.
 *
 * Paired bootstrap (Efron & Tibshirani 1993, ch. 13; Koehn 2004 for its
 * use between two systems): each resample draws n documents with
 * replacement, seeded (report_rand, as the reports' own intervals), and
 * scores both models on that same resample; the interval of a metric's
 * difference is the percentile interval of the resamples' differences.
 * Because both models see the same resamples, what the test set's
 * composition does to both cancels, and a small steady difference can
 * be told from noise where two separate intervals overlap.
 *
 * McNemar's exact test (McNemar 1947; the exact form as in Dietterich
 * 1998): of the documents the two models disagree on in correctness, b
 * are right only with the new model and c only with the old; under the
 * hypothesis that both are as good, b is binomial(b + c, 1/2), and the
 * two-sided p-value is min(1, 2 P(X <= min(b, c))).  For label sets a
 * document is right when its whole set is (exact match).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../features/base.h"
#include "../models/metrics.h"
#include "compare.h"

static const char *const single_names[] = {"accuracy", "macro_f1", "weighted_f1", "macro_precision", "macro_recall"};
static const char *const set_names[] = {"micro_f1", "macro_f1", "samples_f1", "exact_match", "hamming_loss"};

int compare_metric_names(int sets, const char *const **names)
{
    *names = sets ? set_names : single_names;
    return COMPARE_MAX_METRICS;
}

int compare_has_metric(int sets, const char *name)
{
    const char *const *names;
    int n = compare_metric_names(sets, &names);
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

static void single_values(const eval_stats *s, double *v)
{
    v[0] = s->accuracy;
    v[1] = s->macro_f1;
    v[2] = s->weighted_f1;
    v[3] = s->macro_p;
    v[4] = s->macro_r;
}

/* Fill names and values; the intervals from d (bootstrap x nmetrics differences), sorted in place. */
static void finish_result(compare_result *c, int sets, const double *now, const double *old, double *d, int b)
{
    const char *const *names;
    c->nmetrics = compare_metric_names(sets, &names);
    c->sets = sets;
    double q = (1 - c->level) / 2;
    for (int i = 0; i < c->nmetrics; i++) {
        compare_metric *m = &c->m[i];
        m->name = names[i];
        m->at_most = sets && strcmp(names[i], "hamming_loss") == 0;
        m->now = now[i];
        m->old = old[i];
        m->diff = now[i] - old[i];
        m->lo = m->hi = 0;
        if (b > 0) {
            m->lo = report_percentile(d + (size_t)i * (size_t)b, b, q);
            m->hi = report_percentile(d + (size_t)i * (size_t)b, b, 1 - q);
        }
    }
    c->mcnemar_p = compare_mcnemar(c->new_only, c->old_only);
}

static void start(compare_result *c, size_t n, int bootstrap, unsigned seed, double level)
{
    memset(c, 0, sizeof *c);
    c->n = n;
    c->bootstrap = n ? bootstrap : 0;
    c->seed = seed;
    c->level = level > 0 && level < 1 ? level : 0.95;
}

static void count_right(compare_result *c, int right_now, int right_old)
{
    c->both_right += right_now && right_old;
    c->new_only += right_now && !right_old;
    c->old_only += !right_now && right_old;
    c->both_wrong += !right_now && !right_old;
}

/* Both models on n documents drawn from the n (s NULL: each document once), their figures into vn and vo. */
static void score_both(eval_stats *a, eval_stats *o, const int *truth, const int *now, const int *old, size_t n,
                       uint64_t *s, double *vn, double *vo)
{
    size_t kk = (size_t)a->k * (size_t)a->k;
    memset(a->conf, 0, kk * sizeof *a->conf);
    memset(o->conf, 0, kk * sizeof *o->conf);
    a->n = o->n = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = s ? (size_t)(report_rand(s) % n) : i;
        eval_add(a, truth[j], now[j]);
        eval_add(o, truth[j], old[j]);
    }
    eval_compute(a);
    eval_compute(o);
    single_values(a, vn);
    single_values(o, vo);
}

int compare_labels(const int *truth, const int *now, const int *old, size_t n, int k, int bootstrap, unsigned seed,
                   double level, compare_result *out)
{
    start(out, n, bootstrap, seed, level);
    int b = out->bootstrap;
    eval_stats a, o;
    double *d = malloc(((size_t)b * COMPARE_MAX_METRICS + 1) * sizeof *d);
    if (!d || eval_init(&a, k) < 0) {
        free(d);
        return TASNIF_ENOMEM;
    }
    if (eval_init(&o, k) < 0) {
        eval_finish(&a);
        free(d);
        return TASNIF_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        count_right(out, truth[i] == now[i], truth[i] == old[i]);
    double pn[COMPARE_MAX_METRICS], po[COMPARE_MAX_METRICS], vn[COMPARE_MAX_METRICS], vo[COMPARE_MAX_METRICS];
    score_both(&a, &o, truth, now, old, n, NULL, pn, po);
    uint64_t s = report_rand_init(seed);
    for (int t = 0; t < b; t++) {
        score_both(&a, &o, truth, now, old, n, &s, vn, vo);
        for (int m = 0; m < COMPARE_MAX_METRICS; m++)
            d[(size_t)m * (size_t)b + (size_t)t] = vn[m] - vo[m];
    }
    finish_result(out, 0, pn, po, d, b);
    eval_finish(&a);
    eval_finish(&o);
    free(d);
    return 0;
}

int compare_label_sets(const ml_report *now, const ml_report *old, int bootstrap, unsigned seed, double level,
                       compare_result *out)
{
    size_t n = now->n, k = (size_t)now->k;
    start(out, n, bootstrap, seed, level);
    int b = out->bootstrap;
    ml_resampler *ra = NULL, *ro = NULL;
    uint32_t *w = malloc((n + 1) * sizeof *w);
    double *d = malloc(((size_t)b * COMPARE_MAX_METRICS + 1) * sizeof *d);
    int rc = !w || !d ? TASNIF_ENOMEM : ml_resampler_new(now, &ra);
    if (rc == 0)
        rc = ml_resampler_new(old, &ro);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            count_right(out, memcmp(now->truth + i * k, now->pred + i * k, k) == 0,
                        memcmp(old->truth + i * k, old->pred + i * k, k) == 0);
        double vn[COMPARE_MAX_METRICS], vo[COMPARE_MAX_METRICS], pn[COMPARE_MAX_METRICS], po[COMPARE_MAX_METRICS];
        ml_resampler_figures(ra, NULL, pn);
        ml_resampler_figures(ro, NULL, po);
        uint64_t s = report_rand_init(seed);
        for (int t = 0; t < b; t++) {
            memset(w, 0, n * sizeof *w);
            for (size_t i = 0; i < n; i++)
                w[report_rand(&s) % n]++;
            ml_resampler_figures(ra, w, vn);
            ml_resampler_figures(ro, w, vo);
            for (int m = 0; m < COMPARE_MAX_METRICS; m++)
                d[(size_t)m * (size_t)b + (size_t)t] = vn[m] - vo[m];
        }
        finish_result(out, 1, pn, po, d, b);
    }
    ml_resampler_free(ra);
    ml_resampler_free(ro);
    free(w);
    free(d);
    return rc;
}

const compare_metric *compare_find(const compare_result *c, const char *name)
{
    for (int i = 0; c && i < c->nmetrics; i++)
        if (strcmp(c->m[i].name, name) == 0)
            return &c->m[i];
    return NULL;
}

void compare_drop(const compare_metric *m, double *drop, double *lo, double *hi)
{
    /* a drop is a fall, or for a loss a rise, in points */
    double s = m->at_most ? 100.0 : -100.0;
    *drop = s * m->diff;
    *lo = m->at_most ? s * m->lo : s * m->hi;
    *hi = m->at_most ? s * m->hi : s * m->lo;
}

void compare_judge_gates(const compare_result *c, report_gate *g, int n)
{
    for (int i = 0; i < n; i++) {
        if (!g[i].is_drop)
            continue;
        const compare_metric *m = compare_find(c, g[i].metric);
        double drop = NAN, lo = NAN, hi = NAN;
        if (m)
            compare_drop(m, &drop, &lo, &hi);
        report_gate_set_paired(&g[i], drop, lo, hi, c->significance);
    }
}

double compare_mcnemar(uint64_t b, uint64_t c)
{
    uint64_t n = b + c, lo = b < c ? b : c;
    if (n == 0)
        return 1.0;
    /* P(X <= lo) for X ~ binomial(n, 1/2), summed in log space */
    double lf = lgamma((double)n + 1), sum = 0;
    for (uint64_t i = 0; i <= lo; i++)
        sum += exp(lf - lgamma((double)i + 1) - lgamma((double)(n - i) + 1) - (double)n * log(2.0));
    double p = 2 * sum;
    return p > 1 ? 1 : p;
}
