/*
 * report.h - the evaluation report: metrics with bootstrap confidence
 * intervals, confusions with examples, calibration, coverage, gates and
 * deltas against a baseline; written as text, JSON, Markdown, HTML or
 * JUnit XML.  Private.
 */
#ifndef TASNIF_REPORT_H
#define TASNIF_REPORT_H

#include <stdio.h>
#include "../models/metrics.h"
#include "compare.h"
#include "report_common.h"
#include "tasnif.h"

#define REPORT_SCHEMA 1
#define REPORT_EXAMPLES 3   /* examples kept per confusion */
#define REPORT_BINS 10      /* calibration buckets */

typedef struct report_example {
    int truth, pred;
    char where[256];        /* file:line */
    char words[160];        /* the first words of the document */
} report_example;

typedef struct report {
    int k;
    char **labels;          /* borrowed from the model */
    const char *model_path, *test_path, *source; /* borrowed */
    char created[32];
    /* per document */
    size_t n, cap;
    int *truth, *pred;
    double *conf;           /* probability of the predicted label (has_prob) */
    double *ptrue;          /* probability of the true label (has_prob) */
    int has_prob;
    /* examples per confusion */
    report_example *ex;
    size_t nex, capex;
    /* results */
    eval_stats st;
    int bootstrap;          /* resamples (0 = none) */
    unsigned seed;
    double acc_lo, acc_hi, f1_lo, f1_hi;
    double logloss;
    size_t bin_n[REPORT_BINS];
    double bin_conf[REPORT_BINS], bin_acc[REPORT_BINS];
    /* abstention (eval --min-confidence): a document whose best score is
     * below min_confidence is counted in abstained and in nothing else, so
     * every figure is of the covered documents */
    int abstaining;
    double min_confidence;
    size_t abstained;
    /* gates and baseline */
    report_gate *gates;
    int ngates;
    int has_baseline;
    double base_acc, base_macro_f1, base_weighted_f1, base_micro_f1;
    double *base_f1;        /* per label, NaN when the baseline lacks it */
    double *base_prec, *base_rec;
    double base_metric[8];  /* every summary figure, in report.c's order */
    const char *baseline_path;
    /* test files: each scored on its own too (report_begin_file) */
    report_file *files;
    int nfiles;
    /* a paired comparison with another model on the same documents
     * (borrowed): the reports show it, and report_compute leaves the
     * drop gates to compare_judge_gates */
    const compare_result *cmp;
} report;

/* The figures of each test file (report_file.fig): accuracy, macro_f1,
 * weighted_f1. */
extern const char *const report_file_figs[3];

int report_init(report *r, int k, char **labels);
void report_finish(report *r);
/* Record one document: truth, prediction, scores (sorted, best first, all
 * k of them), where it came from and its text (for examples). */
int report_add(report *r, int truth, int pred, const tasnif_score *scores, int has_prob,
               const char *file, long line, const char *text, size_t len);
/* Count a document that abstained (no label under --min-confidence). */
void report_abstain(report *r);
/* The share of documents that got a label: n / (n + abstained), 1 without
 * abstention; a gate's "coverage". */
double report_coverage(const report *r);

/* The documents added from now on come from the test file named name
 * (copied).  @return 0 or TASNIF_ENOMEM. */
int report_begin_file(report *r, const char *name);
/* Compute metrics, bootstrap intervals, calibration, each file's figures,
 * gates. */
int report_compute(report *r);

/* Parse "--fail-under a=0.9,f1:x=0.8" (is_drop 0; limits 0 to 1) or
 * "--max-drop a=0.5,..." (1; points, 0 to 100) into r->gates.  Metric
 * names are checked against the report's labels (and, for drops, against
 * what a baseline holds).  @return 0, or -1 with why naming the bad item
 * and the reason. */
int report_add_gates(report *r, const char *spec, int is_drop, char *why, size_t whylen);

/* Read an earlier JSON report as the baseline.  @return 0 or a negative
 * code with err set. */
int report_load_baseline(report *r, const char *path, tasnif_err *err);

/* @return the number of failed gates. */
int report_failed_gates(const report *r);

/* Write the report in format f (REP_JUNIT: JUnit XML).  @return 0, or
 * TASNIF_ENOMEM when the report could not be written whole. */
int report_write(const report *r, report_format f, FILE *fp, int colour);
/* The report in format f in memory: *buf (malloc'd, the caller frees it)
 * of *len bytes.  @return 0 or TASNIF_ENOMEM. */
int report_render(const report *r, report_format f, char **buf, size_t *len);
/* Write the report in format f to path, atomically (file_write_atomic):
 * a failed write leaves an earlier file untouched.  @return 0 or a
 * negative code with err set. */
int report_save(const report *r, report_format f, const char *path, tasnif_err *err);

#endif
