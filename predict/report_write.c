/*
 * report_write.c - the evaluation report as terminal text, JSON (schema in
 * predict/REPORT.md), Markdown, one self-contained HTML page with inline
 * SVG, and JUnit XML.  Every label and document excerpt is escaped for
 * the format it goes into.  report_save writes a file of it atomically.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../features/files.h"
#include "report.h"

/* ---- shared pieces ---- */

/* Confusions (t != p) sorted by count, most first; returns how many. */
typedef struct conf_pair {
    int t, p;
    uint64_t count;
} conf_pair;

static int cmp_conf(const void *a, const void *b)
{
    const conf_pair *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    if (x->t != y->t)
        return x->t - y->t;
    return x->p - y->p;
}

static int alloc_failed; /* report_write could not allocate: the report is incomplete */

static conf_pair *top_confusions(const report *r, int *n, int max)
{
    int k = r->k, m = 0;
    conf_pair *c = malloc((size_t)k * (size_t)k * sizeof *c + 1);
    if (!c) {
        *n = 0;
        alloc_failed = 1;
        return NULL;
    }
    for (int t = 0; t < k; t++)
        for (int p = 0; p < k; p++) {
            uint64_t v = r->st.conf[(size_t)t * (size_t)k + (size_t)p];
            if (t != p && v)
                c[m++] = (conf_pair){t, p, v};
        }
    qsort(c, (size_t)m, sizeof *c, cmp_conf);
    *n = m < max ? m : max;
    return c;
}

static const double cov_thresholds[] = {0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99};
#define NCOV (int)(sizeof cov_thresholds / sizeof cov_thresholds[0])

static void coverage_at(const report *r, double t, double *cov, double *acc)
{
    size_t kept = 0, right = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->conf[i] >= t) {
            kept++;
            right += r->truth[i] == r->pred[i];
        }
    *cov = r->n ? (double)kept / (double)r->n : 0;
    *acc = kept ? (double)right / (double)kept : 0;
}

/* Labels ordered for display: worse F1 delta against the baseline first,
 * otherwise label order. */
static int *label_order(const report *r)
{
    int *o = malloc((size_t)r->k * sizeof *o);
    if (!o) {
        alloc_failed = 1;
        return NULL;
    }
    for (int i = 0; i < r->k; i++)
        o[i] = i;
    if (!r->has_baseline)
        return o;
    for (int i = 1; i < r->k; i++) {
        int x = o[i], j = i;
        double dx = isnan(r->base_f1[x]) ? 0 : r->st.f1[x] - r->base_f1[x];
        while (j > 0) {
            int y = o[j - 1];
            double dy = isnan(r->base_f1[y]) ? 0 : r->st.f1[y] - r->base_f1[y];
            if (dy <= dx)
                break;
            o[j] = y;
            j--;
        }
        o[j] = x;
    }
    return o;
}

static void delta_text(FILE *fp, double now, double base)
{
    if (isnan(base))
        return;
    fprintf(fp, " (%+.2f)", (now - base) * 100);
}

/* ---- abstention: how many documents got a label, in each format ---- */

static size_t all_docs(const report *r)
{
    return r->n + r->abstained;
}

static void abstain_text(const report *r, FILE *fp)
{
    fprintf(fp, "abstained   %zu of %zu below confidence %g (figures: the %zu labelled)\ncoverage    %.4f\n",
            r->abstained, all_docs(r), r->min_confidence, r->n, report_coverage(r));
}

static void abstain_md(const report *r, FILE *fp)
{
    const char *pad = r->bootstrap && r->has_baseline ? " | |" : r->bootstrap || r->has_baseline ? " |" : "";
    fprintf(fp, "| coverage | %.4f |%s\n| abstained | %zu of %zu below confidence %g |%s\n", report_coverage(r),
            pad, r->abstained, all_docs(r), r->min_confidence, pad);
}

static void abstain_html(const report *r, FILE *fp)
{
    const char *pad = r->bootstrap && r->has_baseline ? "<td></td><td></td>"
                      : r->bootstrap || r->has_baseline ? "<td></td>" : "";
    fprintf(fp, "<tr><td>coverage</td><td>%.4f</td>%s</tr>\n<tr><td>abstained</td><td>%zu of %zu below confidence "
            "%g</td>%s</tr>\n", report_coverage(r), pad, r->abstained, all_docs(r), r->min_confidence, pad);
}

static void abstain_json(const report *r, FILE *fp)
{
    fputs("  \"abstention\": {\"min_confidence\": ", fp);
    render_json_number(fp, r->min_confidence, -1);
    fprintf(fp, ", \"documents\": %zu, \"labelled\": %zu, \"abstained\": %zu, \"coverage\": ", all_docs(r), r->n,
            r->abstained);
    render_json_number(fp, report_coverage(r), -1);
    fputs("},\n", fp);
}

/* The abstention as a JUnit suite of one test case (into a new string,
 * freed by the caller), or NULL. */
static char *abstain_junit(const report *r)
{
    char *xml = NULL, ts[32];
    size_t len = 0;
    FILE *fp = open_memstream(&xml, &len);
    if (!fp)
        return NULL;
    report_junit_time(r->created, ts);
    fprintf(fp, "<testsuite name=\"tasnif eval: abstention\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\" "
            "time=\"0\" timestamp=\"%s\">\n<testcase classname=\"tasnif.abstention\" name=\"coverage\" time=\"0\">"
            "<system-out>coverage %.4f: %zu of %zu labelled, %zu abstained below confidence %g; accuracy %.4f "
            "macro-F1 %.4f on the labelled</system-out></testcase>\n</testsuite>\n", ts, report_coverage(r), r->n,
            all_docs(r), r->abstained, r->min_confidence, r->st.accuracy, r->st.macro_f1);
    if (fclose(fp) != 0) {
        free(xml);
        return NULL;
    }
    return xml;
}

/* ---- text ---- */

/* The headline figures: accuracy and macro-F1 with their intervals and changes, weighted-F1, log-loss. */
static void text_summary(const report *r, FILE *fp)
{
    const eval_stats *s = &r->st;
    fprintf(fp, "model       %s\ntest        %s\ndocuments   %llu\n", r->model_path, r->test_path,
            (unsigned long long)s->n);
    if (r->abstaining)
        abstain_text(r, fp);
    fprintf(fp, "accuracy    %.4f", s->accuracy);
    if (r->bootstrap)
        fprintf(fp, "  [%.4f, %.4f]", r->acc_lo, r->acc_hi);
    if (r->has_baseline)
        delta_text(fp, s->accuracy, r->base_acc);
    fprintf(fp, "\nmacro-F1    %.4f", s->macro_f1);
    if (r->bootstrap)
        fprintf(fp, "  [%.4f, %.4f]", r->f1_lo, r->f1_hi);
    if (r->has_baseline)
        delta_text(fp, s->macro_f1, r->base_macro_f1);
    fprintf(fp, "\nweighted-F1 %.4f\n", s->weighted_f1);
    if (r->bootstrap)
        fprintf(fp, "(95%% bootstrap intervals, %d resamples, seed %u)\n", r->bootstrap, r->seed);
    if (r->has_prob)
        fprintf(fp, "log-loss    %.4f\n", r->logloss);
    if (r->has_baseline)
        fprintf(fp, "baseline    %s (changes in points)\n", r->baseline_path);
    fputc('\n', fp);
}

/* The width of the label column: the longest label, from 12 to 40 characters. */
static int label_width(const report *r)
{
    int w = 12;
    for (int i = 0; i < r->k; i++)
        if ((int)strlen(r->labels[i]) > w)
            w = (int)strlen(r->labels[i]);
    if (w > 40)
        w = 40;
    return w;
}

/* The per-label table (worst F1 change first against a baseline, falls in red) and the averages. */
static void text_labels(const report *r, FILE *fp, int w, int colour)
{
    const eval_stats *s = &r->st;
    const char *red = colour ? "\033[31m" : "", *off = colour ? "\033[0m" : "";
    fprintf(fp, "%-*s %9s %9s %9s %9s%s\n", w, "label", "precision", "recall", "f1", "support",
            r->has_baseline ? "  f1 change" : "");
    int *order = label_order(r);
    for (int oi = 0; order && oi < r->k; oi++) {
        int i = order[oi];
        fprintf(fp, "%-*.*s %9.4f %9.4f %9.4f %9llu", w, w, r->labels[i], s->prec[i], s->rec[i], s->f1[i],
                (unsigned long long)s->support[i]);
        if (r->has_baseline && !isnan(r->base_f1[i])) {
            double d = (s->f1[i] - r->base_f1[i]) * 100;
            fprintf(fp, "  %s%+.2f%s", d < 0 ? red : "", d, d < 0 ? off : "");
        }
        fputc('\n', fp);
    }
    free(order);
    fprintf(fp, "%-*s %9.4f %9.4f %9.4f %9llu\n", w, "macro avg", s->macro_p, s->macro_r, s->macro_f1,
            (unsigned long long)s->n);
    fprintf(fp, "%-*s %9.4f %9.4f %9.4f %9llu\n", w, "weighted avg", s->weighted_p, s->weighted_r, s->weighted_f1,
            (unsigned long long)s->n);
}

/* The confusion matrix, then the most frequent confusions with their examples. */
static void text_confusions(const report *r, FILE *fp, int w)
{
    const eval_stats *s = &r->st;
    fprintf(fp, "\nconfusion matrix (rows: true label, columns: predicted, in label order)\n%-*s", w, "");
    for (int p = 0; p < r->k; p++)
        fprintf(fp, " %6d", p + 1);
    fputc('\n', fp);
    for (int t = 0; t < r->k; t++) {
        fprintf(fp, "%-*.*s", w, w, r->labels[t]);
        for (int p = 0; p < r->k; p++)
            fprintf(fp, " %6llu", (unsigned long long)s->conf[(size_t)t * (size_t)r->k + (size_t)p]);
        fprintf(fp, "   (%d)\n", t + 1);
    }
    int nc;
    conf_pair *c = top_confusions(r, &nc, 5);
    if (nc)
        fprintf(fp, "\nmost frequent confusions\n");
    for (int i = 0; i < nc; i++) {
        fprintf(fp, "  %llu  %s -> %s\n", (unsigned long long)c[i].count, r->labels[c[i].t], r->labels[c[i].p]);
        for (size_t e = 0; e < r->nex; e++)
            if (r->ex[e].truth == c[i].t && r->ex[e].pred == c[i].p)
                fprintf(fp, "      %s  %s\n", r->ex[e].where, r->ex[e].words);
    }
    free(c);
}

/* Calibration by confidence bucket and accuracy when abstaining below each threshold. */
static void text_probabilities(const report *r, FILE *fp)
{
    fprintf(fp, "\ncalibration (confidence of the predicted label)\n  %-11s %8s %10s %9s\n", "bucket", "count",
            "mean conf", "accuracy");
    for (int b = 0; b < REPORT_BINS; b++)
        if (r->bin_n[b])
            fprintf(fp, "  %.1f - %.1f   %8zu %10.4f %9.4f\n", (double)b / REPORT_BINS, (double)(b + 1) / REPORT_BINS,
                    r->bin_n[b], r->bin_conf[b], r->bin_acc[b]);
    fprintf(fp, "\nabstaining below a confidence threshold\n  %-9s %9s %9s\n", "threshold", "coverage", "accuracy");
    for (int i = 0; i < NCOV; i++) {
        double cov, acc;
        coverage_at(r, cov_thresholds[i], &cov, &acc);
        fprintf(fp, "  %-9.2f %9.4f %9.4f\n", cov_thresholds[i], cov, acc);
    }
}

static void write_text(const report *r, FILE *fp, int colour)
{
    text_summary(r, fp);
    int w = label_width(r);
    text_labels(r, fp, w, colour);
    text_confusions(r, fp, w);
    if (r->has_prob)
        text_probabilities(r, fp);
    report_files_text(fp, r->files, r->nfiles, report_file_figs);
    if (r->cmp)
        compare_write_text(fp, r->cmp, colour);
    report_gates_text(fp, r->gates, r->ngates, colour);
}

/* ---- JSON ---- */

/* The "metrics" object and the bootstrap "intervals". */
static void json_metrics(const report *r, FILE *fp)
{
    const eval_stats *s = &r->st;
    fputs(",\n  \"metrics\": {", fp);
    const struct { const char *k; double v; } m[] = {
        {"accuracy", s->accuracy}, {"macro_precision", s->macro_p}, {"macro_recall", s->macro_r},
        {"macro_f1", s->macro_f1}, {"micro_precision", s->accuracy}, {"micro_recall", s->accuracy},
        {"micro_f1", s->micro_f1}, {"weighted_precision", s->weighted_p}, {"weighted_recall", s->weighted_r},
        {"weighted_f1", s->weighted_f1},
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        fprintf(fp, "%s\n    \"%s\": ", i ? "," : "", m[i].k);
        render_json_number(fp, m[i].v, -1);
    }
    if (r->has_prob) {
        fputs(",\n    \"log_loss\": ", fp);
        render_json_number(fp, r->logloss, -1);
    }
    if (r->abstaining) {
        fputs(",\n    \"coverage\": ", fp);
        render_json_number(fp, report_coverage(r), -1);
    }
    fputs("\n  },\n", fp);
    if (r->abstaining)
        abstain_json(r, fp);
    if (r->bootstrap) {
        fprintf(fp, "  \"intervals\": {\"method\": \"percentile bootstrap\", \"level\": 0.95, \"resamples\": %d, "
                    "\"seed\": %u, \"accuracy\": [",
                r->bootstrap, r->seed);
        render_json_number(fp, r->acc_lo, -1);
        fputs(", ", fp);
        render_json_number(fp, r->acc_hi, -1);
        fputs("], \"macro_f1\": [", fp);
        render_json_number(fp, r->f1_lo, -1);
        fputs(", ", fp);
        render_json_number(fp, r->f1_hi, -1);
        fputs("]},\n", fp);
    }
}

/* The confusion matrix and the most frequent confusions with their examples. */
static void json_confusions(const report *r, FILE *fp)
{
    const eval_stats *s = &r->st;
    fputs(",\n  \"confusion\": [", fp);
    for (int t = 0; t < r->k; t++) {
        fputs(t ? ",\n    [" : "\n    [", fp);
        for (int p = 0; p < r->k; p++)
            fprintf(fp, "%s%llu", p ? ", " : "", (unsigned long long)s->conf[(size_t)t * (size_t)r->k + (size_t)p]);
        fputc(']', fp);
    }
    fputs("\n  ],\n  \"top_confusions\": [", fp);
    int nc;
    conf_pair *c = top_confusions(r, &nc, 10);
    for (int i = 0; i < nc; i++) {
        fputs(i ? ",\n    {\"true\": " : "\n    {\"true\": ", fp);
        render_json_string(fp, r->labels[c[i].t]);
        fputs(", \"predicted\": ", fp);
        render_json_string(fp, r->labels[c[i].p]);
        fprintf(fp, ", \"count\": %llu, \"examples\": [", (unsigned long long)c[i].count);
        int first = 1;
        for (size_t e = 0; e < r->nex; e++)
            if (r->ex[e].truth == c[i].t && r->ex[e].pred == c[i].p) {
                fputs(first ? "{\"where\": " : ", {\"where\": ", fp);
                render_json_string(fp, r->ex[e].where);
                fputs(", \"text\": ", fp);
                render_json_string(fp, r->ex[e].words);
                fputc('}', fp);
                first = 0;
            }
        fputs("]}", fp);
    }
    free(c);
    fputs(nc ? "\n  ]" : "]", fp);
}

/* "calibration" by confidence bucket and "coverage" when abstaining below each threshold. */
static void json_probabilities(const report *r, FILE *fp)
{
    fputs(",\n  \"calibration\": [", fp);
    for (int b = 0; b < REPORT_BINS; b++) {
        fprintf(fp, "%s\n    {\"from\": %.1f, \"to\": %.1f, \"count\": %zu, \"mean_confidence\": ", b ? "," : "",
                (double)b / REPORT_BINS, (double)(b + 1) / REPORT_BINS, r->bin_n[b]);
        render_json_number(fp, r->bin_conf[b], -1);
        fputs(", \"accuracy\": ", fp);
        render_json_number(fp, r->bin_acc[b], -1);
        fputc('}', fp);
    }
    fputs("\n  ],\n  \"coverage\": [", fp);
    for (int i = 0; i < NCOV; i++) {
        double cov, acc;
        coverage_at(r, cov_thresholds[i], &cov, &acc);
        fprintf(fp, "%s\n    {\"threshold\": %.2f, \"coverage\": ", i ? "," : "", cov_thresholds[i]);
        render_json_number(fp, cov, -1);
        fputs(", \"accuracy\": ", fp);
        render_json_number(fp, acc, -1);
        fputc('}', fp);
    }
    fputs("\n  ]", fp);
}

/* The "baseline": its path and the changes in points, overall and per label. */
static void json_baseline(const report *r, FILE *fp)
{
    const eval_stats *s = &r->st;
    fputs(",\n  \"baseline\": {\"path\": ", fp);
    render_json_string(fp, r->baseline_path);
    fputs(", \"delta_points\": {\"accuracy\": ", fp);
    render_json_number(fp, (s->accuracy - r->base_acc) * 100, -1);
    fputs(", \"macro_f1\": ", fp);
    render_json_number(fp, (s->macro_f1 - r->base_macro_f1) * 100, -1);
    fputs(", \"weighted_f1\": ", fp);
    render_json_number(fp, (s->weighted_f1 - r->base_weighted_f1) * 100, -1);
    fputs("}, \"f1_delta_points\": {", fp);
    for (int i = 0; i < r->k; i++) {
        if (i)
            fputs(", ", fp);
        render_json_string(fp, r->labels[i]);
        fputs(": ", fp);
        render_json_number(fp, (s->f1[i] - r->base_f1[i]) * 100, -1);
    }
    fputs("}}", fp);
}

static void write_json(const report *r, FILE *fp)
{
    const eval_stats *s = &r->st;
    report_json_begin(fp, "tasnif-report", REPORT_SCHEMA, r->created, r->model_path, r->test_path, s->n, r->k,
                      r->labels);
    json_metrics(r, fp);
    report_json_labels(fp, "per_class", r->k, r->labels, s->prec, s->rec, s->f1, s->support, s->predicted);
    report_files_json(fp, r->files, r->nfiles, report_file_figs);
    json_confusions(r, fp);
    if (r->has_prob)
        json_probabilities(r, fp);
    if (r->has_baseline)
        json_baseline(r, fp);
    if (r->cmp)
        compare_write_json(fp, r->cmp);
    report_gates_json(fp, r->gates, r->ngates);
}

/* ---- Markdown ---- */

static void write_md(const report *r, FILE *fp)
{
    const eval_stats *s = &r->st;
    fputs("## tasnif evaluation: ", fp);
    render_md(fp, r->test_path);
    fputs("\n\n| metric | value |", fp);
    if (r->bootstrap)
        fputs(" 95% interval |", fp);
    if (r->has_baseline)
        fputs(" change (points) |", fp);
    fputs("\n| --- | --- |", fp);
    if (r->bootstrap)
        fputs(" --- |", fp);
    if (r->has_baseline)
        fputs(" --- |", fp);
    fputc('\n', fp);
    fprintf(fp, "| accuracy | %.4f |", s->accuracy);
    if (r->bootstrap)
        fprintf(fp, " %.4f – %.4f |", r->acc_lo, r->acc_hi);
    if (r->has_baseline)
        fprintf(fp, " %+.2f |", (s->accuracy - r->base_acc) * 100);
    fprintf(fp, "\n| macro-F1 | %.4f |", s->macro_f1);
    if (r->bootstrap)
        fprintf(fp, " %.4f – %.4f |", r->f1_lo, r->f1_hi);
    if (r->has_baseline)
        fprintf(fp, " %+.2f |", (s->macro_f1 - r->base_macro_f1) * 100);
    fprintf(fp, "\n| weighted-F1 | %.4f |%s%s\n", s->weighted_f1, r->bootstrap ? " |" : "",
            r->has_baseline ? " |" : "");
    fprintf(fp, "| documents | %llu |%s%s\n", (unsigned long long)s->n, r->bootstrap ? " |" : "", r->has_baseline ? " |" : "");
    if (r->abstaining)
        abstain_md(r, fp);
    if (r->has_prob)
        fprintf(fp, "| log-loss | %.4f |%s%s\n", r->logloss, r->bootstrap ? " |" : "", r->has_baseline ? " |" : "");
    fputs("\n| label | precision | recall | F1 | support |", fp);
    fputs(r->has_baseline ? " F1 change |\n| --- | ---: | ---: | ---: | ---: | ---: |\n" : "\n| --- | ---: | ---: | ---: | ---: |\n", fp);
    int *order = label_order(r);
    for (int oi = 0; order && oi < r->k; oi++) {
        int i = order[oi];
        fputs("| ", fp);
        render_md(fp, r->labels[i]);
        fprintf(fp, " | %.4f | %.4f | %.4f | %llu |", s->prec[i], s->rec[i], s->f1[i], (unsigned long long)s->support[i]);
        if (r->has_baseline)
            fprintf(fp, " %+.2f |", (s->f1[i] - r->base_f1[i]) * 100);
        fputc('\n', fp);
    }
    free(order);
    int nc;
    conf_pair *c = top_confusions(r, &nc, 5);
    if (nc) {
        fputs("\n| true | predicted | count |\n| --- | --- | ---: |\n", fp);
        for (int i = 0; i < nc; i++) {
            fputs("| ", fp);
            render_md(fp, r->labels[c[i].t]);
            fputs(" | ", fp);
            render_md(fp, r->labels[c[i].p]);
            fprintf(fp, " | %llu |\n", (unsigned long long)c[i].count);
        }
    }
    free(c);
    report_files_md(fp, r->files, r->nfiles, report_file_figs);
    if (r->cmp)
        compare_write_md(fp, r->cmp);
    report_gates_md(fp, r->gates, r->ngates);
}

/* ---- HTML ---- */

static void svg_heatmap(const report *r, FILE *fp)
{
    int k = r->k, cell = k <= 10 ? 48 : k <= 20 ? 28 : 16, left = 150, top = 40;
    int wdt = left + k * cell + 10, hgt = top + k * cell + 20;
    fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
                "aria-label=\"confusion matrix\" font-family=\"sans-serif\" font-size=\"11\">\n",
            wdt, hgt);
    fprintf(fp, "<text x=\"%d\" y=\"14\">predicted →</text>\n", left);
    for (int p = 0; p < k; p++)
        fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", left + p * cell + cell / 2, top - 8, p + 1);
    for (int t = 0; t < k; t++) {
        fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 6, top + t * cell + cell / 2 + 4);
        render_html(fp, r->labels[t]);
        fprintf(fp, " (%d)</text>\n", t + 1);
        uint64_t row = r->st.support[t];
        for (int p = 0; p < k; p++) {
            uint64_t v = r->st.conf[(size_t)t * (size_t)k + (size_t)p];
            double f = row ? (double)v / (double)row : 0;
            int shade = (int)(255 - f * 200);
            const char *rgb = t == p ? "%d,%d,255" : "255,%d,%d";
            char fill[32];
            snprintf(fill, sizeof fill, rgb, shade, shade);
            fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"rgb(%s)\" stroke=\"#ccc\"/>",
                    left + p * cell, top + t * cell, cell, cell, fill);
            if (cell >= 28)
                fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%llu</text>", left + p * cell + cell / 2,
                        top + t * cell + cell / 2 + 4, (unsigned long long)v);
            fputc('\n', fp);
        }
    }
    fputs("</svg>\n", fp);
}

static void svg_calibration(const report *r, FILE *fp)
{
    int size = 260, pad = 36;
    fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
                "aria-label=\"calibration\" font-family=\"sans-serif\" font-size=\"11\">\n",
            size + 2 * pad, size + 2 * pad);
    fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>\n", pad, pad, size, size);
    fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"4\"/>\n", pad,
            pad + size, pad + size, pad);
    fputs("<polyline fill=\"none\" stroke=\"#c14a4a\" stroke-width=\"2\" points=\"", fp);
    for (int b = 0; b < REPORT_BINS; b++)
        if (r->bin_n[b])
            fprintf(fp, "%.1f,%.1f ", pad + r->bin_conf[b] * size, pad + size - r->bin_acc[b] * size);
    fputs("\"/>\n", fp);
    for (int b = 0; b < REPORT_BINS; b++)
        if (r->bin_n[b])
            fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#c14a4a\"/>\n", pad + r->bin_conf[b] * size,
                    pad + size - r->bin_acc[b] * size);
    fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">confidence</text>\n", pad + size / 2, size + 2 * pad - 8);
    fprintf(fp, "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">accuracy</text>\n",
            pad + size / 2, pad + size / 2);
    fputs("</svg>\n", fp);
}

/* The table of headline figures, with intervals and changes when there are. */
static void html_metrics(const report *r, FILE *fp)
{
    const eval_stats *s = &r->st;
    fputs("<table>\n<tr><th>metric</th><th>value</th>", fp);
    if (r->bootstrap)
        fputs("<th>95% interval</th>", fp);
    if (r->has_baseline)
        fputs("<th>change (points)</th>", fp);
    fputs("</tr>\n", fp);
    fprintf(fp, "<tr><td>accuracy</td><td>%.4f</td>", s->accuracy);
    if (r->bootstrap)
        fprintf(fp, "<td>%.4f – %.4f</td>", r->acc_lo, r->acc_hi);
    if (r->has_baseline)
        fprintf(fp, "<td>%+.2f</td>", (s->accuracy - r->base_acc) * 100);
    fprintf(fp, "</tr>\n<tr><td>macro-F1</td><td>%.4f</td>", s->macro_f1);
    if (r->bootstrap)
        fprintf(fp, "<td>%.4f – %.4f</td>", r->f1_lo, r->f1_hi);
    if (r->has_baseline)
        fprintf(fp, "<td>%+.2f</td>", (s->macro_f1 - r->base_macro_f1) * 100);
    fprintf(fp, "</tr>\n<tr><td>weighted-F1</td><td>%.4f</td>%s%s</tr>\n", s->weighted_f1,
            r->bootstrap ? "<td></td>" : "", r->has_baseline ? "<td></td>" : "");
    if (r->has_prob)
        fprintf(fp, "<tr><td>log-loss</td><td>%.4f</td>%s%s</tr>\n", r->logloss, r->bootstrap ? "<td></td>" : "",
                r->has_baseline ? "<td></td>" : "");
    if (r->abstaining)
        abstain_html(r, fp);
    fputs("</table>\n", fp);
}

/* The per-label table, worst F1 change first against a baseline. */
static void html_labels(const report *r, FILE *fp)
{
    const eval_stats *s = &r->st;
    fputs("<h2>Per label</h2>\n<table>\n<tr><th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th>", fp);
    fputs(r->has_baseline ? "<th>F1 change</th></tr>\n" : "</tr>\n", fp);
    int *order = label_order(r);
    for (int oi = 0; order && oi < r->k; oi++) {
        int i = order[oi];
        fputs("<tr><td>", fp);
        render_html(fp, r->labels[i]);
        fprintf(fp, "</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%llu</td>", s->prec[i], s->rec[i], s->f1[i],
                (unsigned long long)s->support[i]);
        if (r->has_baseline) {
            double d = (s->f1[i] - r->base_f1[i]) * 100;
            fprintf(fp, "<td class=\"%s\">%+.2f</td>", d < 0 ? "neg" : "pos", d);
        }
        fputs("</tr>\n", fp);
    }
    free(order);
    fputs("</table>\n", fp);
}

/* The most frequent confusions with their examples. */
static void html_confusions(const report *r, FILE *fp)
{
    int nc;
    conf_pair *c = top_confusions(r, &nc, 10);
    if (nc) {
        fputs("<h2>Most frequent confusions</h2>\n<table>\n<tr><th>true → predicted</th><th>count</th><th style=\"text-align:left\">examples</th></tr>\n", fp);
        for (int i = 0; i < nc; i++) {
            fputs("<tr><td>", fp);
            render_html(fp, r->labels[c[i].t]);
            fputs(" → ", fp);
            render_html(fp, r->labels[c[i].p]);
            fprintf(fp, "</td><td>%llu</td><td class=\"ex\" style=\"text-align:left\">", (unsigned long long)c[i].count);
            for (size_t e = 0; e < r->nex; e++)
                if (r->ex[e].truth == c[i].t && r->ex[e].pred == c[i].p) {
                    fputs("<div><code>", fp);
                    render_html(fp, r->ex[e].where);
                    fputs("</code> <span dir=\"auto\">", fp);
                    render_html(fp, r->ex[e].words);
                    fputs("</span></div>", fp);
                }
            fputs("</td></tr>\n", fp);
        }
        fputs("</table>\n", fp);
    }
    free(c);
}

/* The calibration plot and accuracy when abstaining below each threshold. */
static void html_probabilities(const report *r, FILE *fp)
{
    fputs("<h2>Calibration</h2>\n<p>Accuracy against the confidence of the predicted label; the dashed line is "
          "perfect calibration.</p>\n", fp);
    svg_calibration(r, fp);
    fputs("<h2>Abstaining below a confidence threshold</h2>\n<table>\n<tr><th>threshold</th><th>coverage</th>"
          "<th>accuracy</th></tr>\n", fp);
    for (int i = 0; i < NCOV; i++) {
        double cov, acc;
        coverage_at(r, cov_thresholds[i], &cov, &acc);
        fprintf(fp, "<tr><td>%.2f</td><td>%.4f</td><td>%.4f</td></tr>\n", cov_thresholds[i], cov, acc);
    }
    fputs("</table>\n", fp);
}

static void write_html(const report *r, FILE *fp)
{
    const eval_stats *s = &r->st;
    render_html_begin(fp, "tasnif evaluation", r->model_path, r->test_path, s->n, r->created);
    html_metrics(r, fp);
    if (r->cmp)
        compare_write_html(fp, r->cmp);
    report_gates_html(fp, r->gates, r->ngates);
    report_files_html(fp, r->files, r->nfiles, report_file_figs);
    html_labels(r, fp);
    render_svg_bars(fp, r->k, r->labels, s->f1, "F1 per label");
    fputs("<h2>Confusion matrix</h2>\n<p>Rows: true label; columns: predicted label (numbers as in the rows); "
          "shading by share of the row.</p>\n", fp);
    svg_heatmap(r, fp);
    html_confusions(r, fp);
    if (r->has_prob)
        html_probabilities(r, fp);
    render_html_end(fp, REPORT_SCHEMA, r->bootstrap, r->seed);
}

/* JUnit XML: a suite per test file, the gates, the comparison. */
static void write_junit(const report *r, FILE *fp)
{
    char *extra = r->abstaining ? abstain_junit(r) : NULL;
    if (r->abstaining && !extra)
        alloc_failed = 1;
    report_junit_doc d = {r->created, r->files, r->nfiles, report_file_figs, r->k, r->labels, r->gates, r->ngates, r->cmp,
                          extra, 1};
    report_junit_write(fp, &d);
    free(extra);
}

int report_write(const report *r, report_format f, FILE *fp, int colour)
{
    alloc_failed = 0;
    switch (f) {
    case REP_TEXT: write_text(r, fp, colour); break;
    case REP_JSON: write_json(r, fp); break;
    case REP_MD: write_md(r, fp); break;
    case REP_HTML: write_html(r, fp); break;
    case REP_JUNIT: write_junit(r, fp); break;
    }
    return alloc_failed ? TASNIF_ENOMEM : 0;
}

/* The report in format f, no colour (a render_fn). */
static int write_any(const void *r, int f, FILE *fp)
{
    return report_write(r, (report_format)f, fp, 0);
}

int report_render(const report *r, report_format f, char **buf, size_t *len)
{
    return render_memory(write_any, r, f, buf, len);
}

int report_save(const report *r, report_format f, const char *path, tasnif_err *err)
{
    return render_save(write_any, r, f, path, "report", err);
}
