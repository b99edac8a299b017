/*
 * report_common.h - what the single-label report (report.c,
 * report_write.c) and the label-set report (mlreport.c, mlreport_write.c)
 * share: gates (parsed, judged, written in every format), the seeded
 * bootstrap generator and percentiles, the JSON report's opening and
 * per-label figures, and the defaults.  Private.
 */
#ifndef TASNIF_REPORT_COMMON_H
#define TASNIF_REPORT_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include "render.h"

/* A gate of --fail-under or --max-drop, judged on the report's figures. */
typedef struct report_gate {
    char metric[160];       /* accuracy, macro_f1, f1:LABEL, ... */
    int is_drop;            /* 0: value >= limit; 1: drop in points <= limit */
    int at_most;            /* with is_drop 0: value <= limit (e.g. a loss) */
    double limit;
    double value;           /* measured value (or drop in points) */
    int known;              /* the metric exists */
    int pass;
} report_gate;

/* The bootstrap's xorshift generator: state from a seed, next value. */
uint64_t report_rand_init(unsigned seed);
uint64_t report_rand(uint64_t *s);
/* The q-th quantile (0..1, linear interpolation) of v[0..n); sorts v. */
double report_percentile(double *v, int n, double q);

/* Append the gates of "name=value,name=value" to *gates (is_drop as
 * given).  @return 0, or -1 with *bad naming the bad item. */
int report_gates_parse(report_gate **gates, int *ngates, const char *spec, int is_drop, const char **bad);

/* Set the measured value of a gate (NaN: no such metric) and judge it. */
void report_gate_set(report_gate *g, double value);
/* @return how many of the n gates failed. */
int report_gates_failed(const report_gate *g, int n);
/* The gates as a text section, Markdown table, HTML section, the JSON
 * "gates" and "passed" members up to the closing brace of the report,
 * and JUnit test cases; nothing for n = 0 except in JSON. */
void report_gates_text(FILE *fp, const report_gate *g, int n, int colour);
void report_gates_md(FILE *fp, const report_gate *g, int n);
void report_gates_html(FILE *fp, const report_gate *g, int n);
void report_gates_json(FILE *fp, const report_gate *g, int n);
void report_gates_junit(FILE *fp, const report_gate *g, int n);

/* The JSON report from its opening brace to the labels array: schema,
 * schema_version, tasnif_version, created, model, test, documents, labels. */
void report_json_begin(FILE *fp, const char *schema, int version, const char *created, const char *model,
                       const char *test, uint64_t n, int k, char *const *labels);
/* "key": [{label, precision, recall, f1, support, predicted}, ...] */
void report_json_labels(FILE *fp, const char *key, int k, char *const *labels, const double *prec,
                        const double *rec, const double *f1, const uint64_t *support, const uint64_t *predicted);
/* The value of "f1:LABEL", "precision:LABEL" or "recall:LABEL", or NULL. */
const double *report_label_metric(const char *name, int k, char *const *labels, const double *prec,
                                  const double *rec, const double *f1);
/* The bootstrap's defaults: resamples (0: none). */
#define REPORT_DEF_BOOTSTRAP 1000

/* The creation time stamp (UTC, ISO 8601) and the bootstrap defaults:
 * REPORT_DEF_BOOTSTRAP resamples, seed SOLVER_DEF_SEED. */
void report_defaults(char *created, size_t cap, int *bootstrap, unsigned *seed);

#endif
