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
    /* a drop measured by a paired comparison (compare.h) */
    int paired;             /* lo and hi hold the drop's interval, in points */
    double lo, hi;
    double significance;    /* > 0: fail only when the interval excludes 0 too */
} report_gate;

/* A test file of a report: its documents and its own figures. */
typedef struct report_file {
    char *name;             /* as reports name it (owned) */
    size_t first, n;        /* its documents, from first on in the report's order */
    double seconds;         /* reading and scoring it, set by the caller (0: unknown) */
    double fig[5];          /* its headline figures, named by the report kind */
    int nfig;
    double *prec, *rec, *f1; /* per label on its documents (one block, k each) */
    uint64_t *support;
} report_file;

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
/* A drop gate measured by a paired comparison: the drop and its interval
 * in points; with significance > 0 it fails only when the drop exceeds the
 * limit and the interval lies above 0. */
void report_gate_set_paired(report_gate *g, double drop, double lo, double hi, double significance);
/* A failed gate in words ("macro_f1 = 0.7585 is below 0.8000", ...). */
void report_gate_message(const report_gate *g, char *buf, size_t cap);

/* Files: the documents added after report_files_add (the report holding
 * n_before) belong to the new file named name (copied).  @return 0 or
 * TASNIF_ENOMEM. */
int report_files_add(report_file **files, int *nfiles, const char *name, size_t n_before);
/* Each file's document count (the next one's first, or total), and its
 * per-label arrays for k labels.  @return 0 or TASNIF_ENOMEM. */
int report_files_close(report_file *files, int nfiles, size_t total, int k);
void report_files_free(report_file *files, int nfiles);
/* The files as a text section, Markdown table, HTML table and the JSON
 * member ",\n  \"files\": [...]" (names: the nfig figures' names); text,
 * Markdown and HTML only when there is more than one file. */
void report_files_text(FILE *fp, const report_file *f, int n, const char *const *names);
void report_files_md(FILE *fp, const report_file *f, int n, const char *const *names);
void report_files_html(FILE *fp, const report_file *f, int n, const char *const *names);
void report_files_json(FILE *fp, const report_file *f, int n, const char *const *names);

/* JUnit XML (the schema of Jenkins' JUnit plugin, which GitLab reads
 * too): <testsuites> with tests, failures, errors and time; one
 * <testsuite> per test file, a test case per label (classname
 * tasnif.label) with its figures on that file; a suite of the gates
 * (classname tasnif.gate), each failed one with its reason as the
 * failure's message and text.  Timestamps is ISO 8601 (a trailing Z is
 * dropped, as the schema's pattern has no zone). */
struct compare_result;
typedef struct report_junit_doc {
    const char *created;            /* the report's ISO 8601 time */
    const report_file *files;       /* the test files and their figures */
    int nfiles;
    const char *const *fig_names;   /* the files' figures' names */
    int k;
    char *const *labels;
    const report_gate *gates;
    int ngates;
    const struct compare_result *cmp; /* or NULL */
    const char *extra;              /* another <testsuite> element (XML), or NULL */
    int extra_tests;                /* its test cases */
} report_junit_doc;
void report_junit_write(FILE *fp, const report_junit_doc *d);
void report_junit_time(const char *created, char *buf);
/* @return how many of the n gates failed. */
int report_gates_failed(const report_gate *g, int n);
/* The gates as a text section, Markdown table, HTML section, the JSON
 * "gates" and "passed" members up to the closing brace of the report,
 * and JUnit test cases; nothing for n = 0 except in JSON. */
void report_gates_text(FILE *fp, const report_gate *g, int n, int colour);
void report_gates_md(FILE *fp, const report_gate *g, int n);
void report_gates_html(FILE *fp, const report_gate *g, int n);
void report_gates_json(FILE *fp, const report_gate *g, int n);

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
