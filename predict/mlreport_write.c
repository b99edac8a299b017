/*
 * mlreport_write.c - the multi-label evaluation report as terminal text,
 * JSON (schema "tasnif-multilabel-report", keys in predict/REPORT.md),
 * Markdown, one self-contained HTML page with an inline SVG chart, and
 * JUnit XML.  Every label and path is escaped for the format it goes
 * into; figures are named as ml_report_metric and the gates name them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../features/files.h"
#include "compare.h"
#include "mlreport.h"

typedef void (*escape_fn)(FILE *fp, const char *s);

static const char *nz(const char *s)
{
    return s ? s : "";
}

static void text_plain(FILE *fp, const char *s)
{
    render_text(fp, s, 0);
}

/* The labels whose bit is set in bits[0..k), each escaped, comma-separated. */
static void label_set(FILE *fp, const ml_report *r, const uint8_t *bits, escape_fn esc)
{
    int first = 1;
    for (int l = 0; l < r->k; l++)
        if (bits[l]) {
            if (!first)
                fputs(", ", fp);
            esc(fp, r->labels[l]);
            first = 0;
        }
}

static const uint8_t *truth_of(const ml_report *r, size_t i)
{
    return r->truth + i * (size_t)r->k;
}

static const uint8_t *pred_of(const ml_report *r, size_t i)
{
    return r->pred + i * (size_t)r->k;
}

static unsigned wrong_labels(const ml_report *r, size_t i)
{
    unsigned e = 0;
    for (int l = 0; l < r->k; l++)
        e += truth_of(r, i)[l] != pred_of(r, i)[l];
    return e;
}

static double summary(const ml_report *r, int i)
{
    double v = NAN;
    ml_report_metric(r, ml_report_summary[i], &v);
    return v;
}

/* ---- text ---- */

static int label_width(const ml_report *r)
{
    int w = 22; /* "label_cardinality_true" */
    for (int i = 0; i < r->k; i++) {
        int c = 0;
        for (const unsigned char *p = (const unsigned char *)r->labels[i]; *p; p++)
            c += (*p & 0xC0) != 0x80;
        w = c > w ? c : w;
    }
    return w > 40 ? 40 : w;
}

/* The documents with the most wrong labels, as text. */
static void text_worst(const ml_report *r, FILE *fp)
{
    size_t idx[ML_REPORT_WORST];
    int nw = ml_report_worst(r, idx, ML_REPORT_WORST);
    if (nw)
        fputs("\ndocuments with the most wrong labels\n", fp);
    for (int i = 0; i < nw; i++) {
        fprintf(fp, "  %u wrong  ", wrong_labels(r, idx[i]));
        text_plain(fp, r->where[idx[i]]);
        fputs("\n      true: ", fp);
        label_set(fp, r, truth_of(r, idx[i]), text_plain);
        fputs("\n      predicted: ", fp);
        label_set(fp, r, pred_of(r, idx[i]), text_plain);
        fputc('\n', fp);
    }
}

static void write_text(const ml_report *r, FILE *fp, int colour)
{
    int w = label_width(r);
    fputs("model       ", fp);
    text_plain(fp, nz(r->model_path));
    fputs("\ntest        ", fp);
    text_plain(fp, nz(r->test_path));
    fprintf(fp, "\ndocuments   %zu\nlabels      %d\n\n%-*s %9s%s\n", r->n, r->k, w, "metric", "value",
            r->bootstrap ? "  95% interval" : "");
    for (int i = 0; i < ML_REPORT_NSUMMARY; i++) {
        int b = ml_report_interval(ml_report_summary[i]);
        fprintf(fp, "%-*s %9.4f", w, ml_report_summary[i], summary(r, i));
        if (r->bootstrap && b >= 0)
            fprintf(fp, "  [%.4f, %.4f]", r->lo[b], r->hi[b]);
        fputs(ml_report_at_most(ml_report_summary[i]) ? "  (lower is better)\n" : "\n", fp);
    }
    if (r->bootstrap)
        fprintf(fp, "(95%% bootstrap intervals over documents, %d resamples, seed %u)\n", r->bootstrap, r->seed);
    fprintf(fp, "\n%-*s %9s %9s %9s %9s %9s\n", w, "label", "precision", "recall", "f1", "support", "predicted");
    for (int i = 0; i < r->k; i++) {
        render_text(fp, r->labels[i], w);
        fprintf(fp, " %9.4f %9.4f %9.4f %9llu %9llu\n", r->prec[i], r->rec[i], r->f1[i],
                (unsigned long long)r->support[i], (unsigned long long)r->npred[i]);
    }
    fprintf(fp, "%-*s %9.4f %9.4f %9.4f\n", w, "micro avg", r->micro_p, r->micro_r, r->micro_f1);
    fprintf(fp, "%-*s %9.4f %9.4f %9.4f\n", w, "macro avg", r->macro_p, r->macro_r, r->macro_f1);
    fprintf(fp, "%-*s %9.4f %9.4f %9.4f\n", w, "samples avg", r->samples_p, r->samples_r, r->samples_f1);
    text_worst(r, fp);
    report_files_text(fp, r->files, r->nfiles, ml_report_file_figs);
    if (r->cmp)
        compare_write_text(fp, r->cmp, colour);
    report_gates_text(fp, r->gates, r->ngates, colour);
}

/* ---- JSON ---- */

static void write_json(const ml_report *r, FILE *fp)
{
    report_json_begin(fp, "tasnif-multilabel-report", ML_REPORT_SCHEMA, r->created, nz(r->model_path),
                      nz(r->test_path), r->n, r->k, r->labels);
    fputs(",\n  \"metrics\": {", fp);
    for (int i = 0; i < ML_REPORT_NSUMMARY; i++) {
        fprintf(fp, "%s\"%s\": ", i ? ",\n    " : "\n    ", ml_report_summary[i]);
        render_json_number(fp, summary(r, i), -1);
    }
    fputs("\n  },\n", fp);
    if (r->bootstrap) {
        fprintf(fp, "  \"intervals\": {\"method\": \"percentile bootstrap\", \"level\": 0.95, \"resamples\": %d, "
                    "\"seed\": %u",
                r->bootstrap, r->seed);
        for (int b = 0; b < 5; b++) {
            fprintf(fp, ", \"%s\": [", ml_report_interval_names[b]);
            render_json_number(fp, r->lo[b], -1);
            fputs(", ", fp);
            render_json_number(fp, r->hi[b], -1);
            fputc(']', fp);
        }
        fputs("},\n", fp);
    }
    report_json_labels(fp, "per_label", r->k, r->labels, r->prec, r->rec, r->f1, r->support, r->npred);
    fputs(",\n  \"worst\": [", fp);
    size_t idx[ML_REPORT_WORST];
    int nw = ml_report_worst(r, idx, ML_REPORT_WORST);
    for (int i = 0; i < nw; i++) {
        fputs(i ? ",\n    {\"where\": " : "\n    {\"where\": ", fp);
        render_json_string(fp, r->where[idx[i]]);
        fprintf(fp, ", \"wrong\": %u, \"true\": [", wrong_labels(r, idx[i]));
        label_set(fp, r, truth_of(r, idx[i]), render_json_string);
        fputs("], \"predicted\": [", fp);
        label_set(fp, r, pred_of(r, idx[i]), render_json_string);
        fputs("]}", fp);
    }
    fputs(nw ? "\n  ]" : "]", fp);
    report_files_json(fp, r->files, r->nfiles, ml_report_file_figs);
    if (r->cmp)
        compare_write_json(fp, r->cmp);
    report_gates_json(fp, r->gates, r->ngates);
}

/* ---- Markdown and HTML: the same tables ---- */

typedef struct table_style {
    int html;
    const char *row, *cell, *left, *end; /* before, between, before a left-aligned cell, after the cells */
    escape_fn esc;
} table_style;

static const table_style md_style = {0, "| ", " | ", " | ", " |\n", render_md};
static const table_style html_style = {1, "<tr><td>", "</td><td>", "</td><td style=\"text-align:left\">",
                                       "</td></tr>\n", render_html};

/* A heading (if any) and the head of a table of n columns; align holds
 * 'l' or 'r' per column. */
static void table_begin(FILE *fp, const table_style *t, const char *heading, const char *const *cols, int n,
                        const char *align)
{
    if (heading)
        fprintf(fp, t->html ? "<h2>%s</h2>\n" : "\n### %s\n", heading);
    fputs(t->html ? "<table>\n<tr>" : "\n|", fp);
    for (int i = 0; i < n; i++)
        fprintf(fp, t->html ? "<th%s>%s</th>" : " %.0s%s |", i && align[i] == 'l' ? " style=\"text-align:left\"" : "",
                cols[i]);
    fputs(t->html ? "</tr>\n" : "\n|", fp);
    for (int i = 0; !t->html && i < n; i++)
        fputs(align[i] == 'l' ? " --- |" : " ---: |", fp);
    if (!t->html)
        fputc('\n', fp);
}

static void table_end(FILE *fp, const table_style *t)
{
    if (t->html)
        fputs("</table>\n", fp);
}

static void write_tables(const ml_report *r, FILE *fp, const table_style *t)
{
    static const char *const mcols[] = {"metric", "value", "95% interval"};
    static const char *const lcols[] = {"label", "precision", "recall", "F1", "support", "predicted"};
    static const char *const wcols[] = {"document", "wrong", "true", "predicted"};
    table_begin(fp, t, NULL, mcols, r->bootstrap ? 3 : 2, "lrr");
    for (int i = 0; i < ML_REPORT_NSUMMARY; i++) {
        int b = ml_report_interval(ml_report_summary[i]);
        fprintf(fp, "%s%s%s%.4f", t->row, ml_report_summary[i], t->cell, summary(r, i));
        if (r->bootstrap)
            fputs(t->cell, fp);
        if (r->bootstrap && b >= 0)
            fprintf(fp, "%.4f – %.4f", r->lo[b], r->hi[b]);
        fputs(t->end, fp);
    }
    table_end(fp, t);
    if (t->html) {
        if (r->cmp)
            compare_write_html(fp, r->cmp);
        report_gates_html(fp, r->gates, r->ngates);
        report_files_html(fp, r->files, r->nfiles, ml_report_file_figs);
    } else {
        report_files_md(fp, r->files, r->nfiles, ml_report_file_figs);
        if (r->cmp)
            compare_write_md(fp, r->cmp);
        report_gates_md(fp, r->gates, r->ngates);
    }
    table_begin(fp, t, "Per label", lcols, 6, "lrrrrr");
    for (int i = 0; i < r->k; i++) {
        fputs(t->row, fp);
        t->esc(fp, r->labels[i]);
        fprintf(fp, "%s%.4f%s%.4f%s%.4f%s%llu%s%llu%s", t->cell, r->prec[i], t->cell, r->rec[i], t->cell, r->f1[i],
                t->cell, (unsigned long long)r->support[i], t->cell, (unsigned long long)r->npred[i], t->end);
    }
    table_end(fp, t);
    if (t->html)
        render_svg_bars(fp, r->k, r->labels, r->f1, "F1 per label");
    size_t idx[ML_REPORT_WORST];
    int nw = ml_report_worst(r, idx, ML_REPORT_WORST);
    if (nw)
        table_begin(fp, t, "Documents with the most wrong labels", wcols, 4, "lrll");
    for (int i = 0; i < nw; i++) {
        fputs(t->row, fp);
        t->esc(fp, r->where[idx[i]]);
        fprintf(fp, "%s%u%s", t->cell, wrong_labels(r, idx[i]), t->left);
        label_set(fp, r, truth_of(r, idx[i]), t->esc);
        fputs(t->left, fp);
        label_set(fp, r, pred_of(r, idx[i]), t->esc);
        fputs(t->end, fp);
    }
    if (nw)
        table_end(fp, t);
}

static void write_md(const ml_report *r, FILE *fp)
{
    fputs("## tasnif multi-label evaluation: ", fp);
    render_md(fp, nz(r->test_path));
    fprintf(fp, "\n\n%zu documents, %d labels.\n", r->n, r->k);
    write_tables(r, fp, &md_style);
}

static void write_html(const ml_report *r, FILE *fp)
{
    render_html_begin(fp, "tasnif multi-label evaluation", nz(r->model_path), nz(r->test_path), r->n, r->created);
    write_tables(r, fp, &html_style);
    render_html_end(fp, ML_REPORT_SCHEMA, r->bootstrap, r->seed);
}

/* JUnit XML: a suite per test file, the gates, the comparison. */
static void write_junit(const ml_report *r, FILE *fp)
{
    report_junit_doc d = {r->created, r->files, r->nfiles, ml_report_file_figs, r->k, r->labels, r->gates, r->ngates, r->cmp,
                          NULL, 0};
    report_junit_write(fp, &d);
}

void ml_report_write(const ml_report *r, report_format f, FILE *fp, int colour)
{
    switch (f) {
    case REP_TEXT: write_text(r, fp, colour); break;
    case REP_JSON: write_json(r, fp); break;
    case REP_MD: write_md(r, fp); break;
    case REP_HTML: write_html(r, fp); break;
    case REP_JUNIT: write_junit(r, fp); break;
    }
}

/* The report in format f, no colour (a render_fn). */
static int write_any(const void *r, int f, FILE *fp)
{
    ml_report_write(r, (report_format)f, fp, 0);
    return 0;
}

int ml_report_render(const ml_report *r, report_format f, char **buf, size_t *len)
{
    return render_memory(write_any, r, f, buf, len);
}

int ml_report_save(const ml_report *r, report_format f, const char *path, tasnif_err *err)
{
    return render_save(write_any, r, f, path, "report", err);
}
