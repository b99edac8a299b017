/*
 * report.c - evaluation report figures.
 *
 * Confidence intervals are percentile bootstrap intervals (Efron &
 * Tibshirani 1993, ch. 13): documents are resampled with replacement,
 * seeded, and the 2.5th and 97.5th percentiles of accuracy and macro-F1
 * over the resamples are reported.  Calibration is the reliability table
 * of the predicted label's probability in ten equal-width buckets.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "../features/base.h"
#include "../features/json.h"
#include "report.h"

int report_init(report *r, int k, char **labels)
{
    memset(r, 0, sizeof *r);
    r->k = k;
    r->labels = labels;
    report_defaults(r->created, sizeof r->created, &r->bootstrap, &r->seed);
    return eval_init(&r->st, k);
}

void report_finish(report *r)
{
    eval_finish(&r->st);
    free(r->truth);
    free(r->pred);
    free(r->conf);
    free(r->ptrue);
    free(r->ex);
    free(r->gates);
    free(r->base_f1);
    free(r->base_prec);
    free(r->base_rec);
    report_files_free(r->files, r->nfiles);
    memset(r, 0, sizeof *r);
}

const char *const report_file_figs[3] = {"accuracy", "macro_f1", "weighted_f1"};

int report_begin_file(report *r, const char *name)
{
    return report_files_add(&r->files, &r->nfiles, name, r->n);
}

/* Each test file's figures on its documents alone. */
static int files_compute(report *r)
{
    if (report_files_close(r->files, r->nfiles, r->n, r->k) < 0)
        return TASNIF_ENOMEM;
    eval_stats st;
    if (r->nfiles && eval_init(&st, r->k) < 0)
        return TASNIF_ENOMEM;
    for (int i = 0; i < r->nfiles; i++) {
        report_file *f = &r->files[i];
        memset(st.conf, 0, (size_t)r->k * (size_t)r->k * sizeof *st.conf);
        st.n = 0;
        for (size_t d = f->first; d < f->first + f->n; d++)
            eval_add(&st, r->truth[d], r->pred[d]);
        eval_compute(&st);
        f->nfig = 3;
        f->fig[0] = st.accuracy;
        f->fig[1] = st.macro_f1;
        f->fig[2] = st.weighted_f1;
        memcpy(f->prec, st.prec, (size_t)r->k * sizeof *f->prec);
        memcpy(f->rec, st.rec, (size_t)r->k * sizeof *f->rec);
        memcpy(f->f1, st.f1, (size_t)r->k * sizeof *f->f1);
        memcpy(f->support, st.support, (size_t)r->k * sizeof *f->support);
    }
    if (r->nfiles)
        eval_finish(&st);
    return 0;
}

/* Copy the first words of text (at most ~150 bytes, whole UTF-8
 * characters, white space folded). */
static void first_words(char *out, size_t cap, const char *text, size_t len)
{
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < len && o + 5 < cap; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = o > 0;
            continue;
        }
        size_t clen = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (o + clen + (size_t)space + 4 >= cap || i + clen > len)
            break;
        if (space)
            out[o++] = ' ';
        space = 0;
        memcpy(out + o, text + i, clen);
        o += clen;
        i += clen - 1;
    }
    out[o] = '\0';
}

int report_add(report *r, int truth, int pred, const tasnif_score *scores, int has_prob,
               const char *file, long line, const char *text, size_t len)
{
    if (r->n + 1 > r->cap) {
        size_t c1 = r->cap, c2 = r->cap, c3 = r->cap;
        if (GROW(r->truth, c1, r->n + 1) < 0 || GROW(r->pred, c2, r->n + 1) < 0 ||
            GROW(r->conf, c3, r->n + 1) < 0 || GROW(r->ptrue, r->cap, r->n + 1) < 0)
            return TASNIF_ENOMEM;
    }
    r->truth[r->n] = truth;
    r->pred[r->n] = pred;
    r->has_prob = has_prob;
    r->conf[r->n] = scores[0].score;
    r->ptrue[r->n] = 0;
    for (int i = 0; i < r->k; i++)
        if (scores[i].index == truth)
            r->ptrue[r->n] = scores[i].score;
    r->n++;
    eval_add(&r->st, truth, pred);
    if (truth != pred) {
        size_t have = 0;
        for (size_t i = 0; i < r->nex; i++)
            have += r->ex[i].truth == truth && r->ex[i].pred == pred;
        if (have < REPORT_EXAMPLES) {
            if (GROW(r->ex, r->capex, r->nex + 1) < 0)
                return TASNIF_ENOMEM;
            report_example *e = &r->ex[r->nex++];
            e->truth = truth;
            e->pred = pred;
            if (line > 0)
                snprintf(e->where, sizeof e->where, "%s:%ld", file, line);
            else
                snprintf(e->where, sizeof e->where, "%s", file);
            first_words(e->words, sizeof e->words, text, len);
        }
    }
    return 0;
}

void report_abstain(report *r)
{
    r->abstained++;
}

double report_coverage(const report *r)
{
    size_t all = r->n + r->abstained;
    return all ? (double)r->n / (double)all : 1;
}

/* The summary figures by the names the report prints. */
static const struct {
    const char *name;
    size_t off;
} simple[] = {
    {"accuracy", offsetof(eval_stats, accuracy)},
    {"macro_f1", offsetof(eval_stats, macro_f1)},
    {"macro_precision", offsetof(eval_stats, macro_p)},
    {"macro_recall", offsetof(eval_stats, macro_r)},
    {"weighted_f1", offsetof(eval_stats, weighted_f1)},
    {"weighted_precision", offsetof(eval_stats, weighted_p)},
    {"weighted_recall", offsetof(eval_stats, weighted_r)},
    {"micro_f1", offsetof(eval_stats, micro_f1)},
};
enum { NSIMPLE = sizeof simple / sizeof simple[0] };

static double metric_value(const report *r, const char *name)
{
    const eval_stats *s = &r->st;
    for (size_t i = 0; i < NSIMPLE; i++)
        if (strcmp(name, simple[i].name) == 0)
            return *(const double *)(const void *)((const char *)s + simple[i].off);
    if (strcmp(name, "coverage") == 0)
        return report_coverage(r);
    const double *v = report_label_metric(name, r->k, r->labels, s->prec, s->rec, s->f1);
    return v ? *v : NAN;
}

/* The same figure in the baseline report (NaN when it lacks it). */
static double baseline_value(const report *r, const char *name)
{
    if (!r->has_baseline)
        return NAN;
    for (size_t i = 0; i < NSIMPLE; i++)
        if (strcmp(name, simple[i].name) == 0)
            return r->base_metric[i];
    const double *v = report_label_metric(name, r->k, r->labels, r->base_prec, r->base_rec, r->base_f1);
    return v ? *v : NAN;
}

/* The bootstrap intervals of accuracy and macro-F1. */
static int bootstrap(report *r)
{
    int k = r->k;
    size_t n = r->n;
    double *acc = malloc((size_t)r->bootstrap * sizeof *acc);
    double *f1 = malloc((size_t)r->bootstrap * sizeof *f1);
    eval_stats b;
    if (!acc || !f1 || eval_init(&b, k) < 0) {
        free(acc);
        free(f1);
        return TASNIF_ENOMEM;
    }
    uint64_t s = report_rand_init(r->seed);
    for (int t = 0; t < r->bootstrap; t++) {
        memset(b.conf, 0, (size_t)k * (size_t)k * sizeof *b.conf);
        b.n = 0;
        for (size_t i = 0; i < n; i++) {
            size_t j = (size_t)(report_rand(&s) % n);
            eval_add(&b, r->truth[j], r->pred[j]);
        }
        eval_compute(&b);
        acc[t] = b.accuracy;
        f1[t] = b.macro_f1;
    }
    r->acc_lo = report_percentile(acc, r->bootstrap, 0.025);
    r->acc_hi = report_percentile(acc, r->bootstrap, 0.975);
    r->f1_lo = report_percentile(f1, r->bootstrap, 0.025);
    r->f1_hi = report_percentile(f1, r->bootstrap, 0.975);
    eval_finish(&b);
    free(acc);
    free(f1);
    return 0;
}

/* Log-loss and the calibration buckets. */
static void probabilities(report *r)
{
    size_t n = r->n;
    double ll = 0;
    for (size_t i = 0; i < n; i++) {
        double p = r->ptrue[i];
        ll -= log(p > 1e-15 ? p : 1e-15);
    }
    r->logloss = ll / (double)n;
    double csum[REPORT_BINS] = {0};
    size_t right[REPORT_BINS] = {0};
    for (size_t i = 0; i < n; i++) {
        int b = (int)floor(r->conf[i] * REPORT_BINS);
        b = b < 0 ? 0 : b >= REPORT_BINS ? REPORT_BINS - 1 : b;
        r->bin_n[b]++;
        csum[b] += r->conf[i];
        right[b] += r->truth[i] == r->pred[i];
    }
    for (int b = 0; b < REPORT_BINS; b++) {
        r->bin_conf[b] = r->bin_n[b] ? csum[b] / (double)r->bin_n[b] : 0;
        r->bin_acc[b] = r->bin_n[b] ? (double)right[b] / (double)r->bin_n[b] : 0;
    }
}

int report_compute(report *r)
{
    eval_compute(&r->st);
    if (r->bootstrap > 0 && r->n > 0 && bootstrap(r) < 0)
        return TASNIF_ENOMEM;
    if (r->has_prob && r->n > 0)
        probabilities(r);
    if (files_compute(r) < 0)
        return TASNIF_ENOMEM;
    /* gates */
    for (int g = 0; g < r->ngates; g++) {
        report_gate *gt = &r->gates[g];
        double v = metric_value(r, gt->metric);
        if (!gt->is_drop || !r->cmp) /* a comparison's drops: compare_judge_gates */
            report_gate_set(gt, gt->is_drop ? (baseline_value(r, gt->metric) - v) * 100.0 : v);
    }
    return 0;
}

int report_add_gates(report *r, const char *spec, int is_drop, char *why, size_t whylen)
{
    int had = r->ngates;
    const char *bad;
    if (report_gates_parse(&r->gates, &r->ngates, spec, is_drop, &bad) < 0) {
        r->ngates = had;
        snprintf(why, whylen, "'%s': expected METRIC=LIMIT; the limit must be a number from 0 to %s", bad,
                 is_drop ? "100 (points)" : "1");
        return -1;
    }
    for (int g = had; g < r->ngates; g++) {
        const char *metric = r->gates[g].metric;
        /* the metrics exist from report_init on (zero until computed) */
        const char *colon = strchr(metric, ':');
        size_t pl = colon ? (size_t)(colon - metric) : 0;
        int per_label = colon && ((pl == 2 && strncmp(metric, "f1", 2) == 0) ||
                                  (pl == 9 && strncmp(metric, "precision", 9) == 0) ||
                                  (pl == 6 && strncmp(metric, "recall", 6) == 0));
        int known = !isnan(metric_value(r, metric));
        if (known)
            continue;
        if (per_label)
            snprintf(why, whylen, "'%s=%g': the model has no label '%s'", metric, r->gates[g].limit, colon + 1);
        else
            snprintf(why, whylen, "'%s=%g': no such metric (accuracy, macro_f1, macro_precision, macro_recall, "
                     "weighted_f1, weighted_precision, weighted_recall, micro_f1, f1:LABEL, precision:LABEL, "
                     "recall:LABEL, coverage)", metric, r->gates[g].limit);
        r->ngates = had;
        return -1;
    }
    return 0;
}

int report_failed_gates(const report *r)
{
    return report_gates_failed(r->gates, r->ngates);
}

int report_load_baseline(report *r, const char *path, tasnif_err *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot open baseline: %s", strerror(errno));
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (GROW(buf, cap, n + 65536) < 0) {
            fclose(fp);
            free(buf);
            return err_set(err, TASNIF_ENOMEM, path, 0, 0, "out of memory");
        }
        got = fread(buf + n, 1, 65536, fp);
        n += got;
    } while (got == 65536);
    fclose(fp);
    size_t at = 0;
    const char *why = NULL;
    json *j = json_parse(buf, n, &at, &why);
    free(buf);
    if (!j && why == json_out_of_memory)
        return err_set(err, TASNIF_ENOMEM, path, 0, 0, "out of memory");
    if (!j)
        return err_set(err, TASNIF_EINPUT, path, 0, (long)at + 1, "not valid JSON (at byte %zu)", at + 1);
    const json *schema = json_get(j, "schema");
    const json *m = json_get(j, "metrics");
    if (!schema || schema->type != JSON_STR || strcmp(schema->str, "tasnif-report") != 0 || !m) {
        json_free(j);
        return err_set(err, TASNIF_EINPUT, path, 0, 0, "not a tasnif JSON report");
    }
    for (size_t i = 0; i < NSIMPLE; i++)
        r->base_metric[i] = json_num(m, simple[i].name, NAN);
    r->base_acc = r->base_metric[0];
    r->base_macro_f1 = json_num(m, "macro_f1", NAN);
    r->base_weighted_f1 = json_num(m, "weighted_f1", NAN);
    r->base_micro_f1 = json_num(m, "micro_f1", NAN);
    r->base_f1 = malloc((size_t)r->k * sizeof *r->base_f1);
    r->base_prec = malloc((size_t)r->k * sizeof *r->base_prec);
    r->base_rec = malloc((size_t)r->k * sizeof *r->base_rec);
    if (!r->base_f1 || !r->base_prec || !r->base_rec) {
        json_free(j);
        return err_set(err, TASNIF_ENOMEM, path, 0, 0, "out of memory");
    }
    for (int i = 0; i < r->k; i++)
        r->base_f1[i] = r->base_prec[i] = r->base_rec[i] = NAN;
    const json *pc = json_get(j, "per_class");
    for (size_t i = 0; pc && pc->type == JSON_ARR && i < pc->n; i++) {
        const json *lab = json_get(pc->items[i], "label");
        if (!lab || lab->type != JSON_STR)
            continue;
        for (int c = 0; c < r->k; c++)
            if (strcmp(r->labels[c], lab->str) == 0) {
                r->base_f1[c] = json_num(pc->items[i], "f1", NAN);
                r->base_prec[c] = json_num(pc->items[i], "precision", NAN);
                r->base_rec[c] = json_num(pc->items[i], "recall", NAN);
            }
    }
    json_free(j);
    r->has_baseline = 1;
    r->baseline_path = path;
    return 0;
}



