/*
 * mlreport.h - the evaluation report of a multi-label model: every
 * document has a set of true labels and a set of predicted labels.
 * Figures follow scikit-learn's definitions (precision_recall_fscore_support
 * with average="micro" / "macro" / "samples", accuracy_score on label sets
 * = exact match, hamming_loss), with 0 where a ratio is undefined.
 * Percentile bootstrap intervals resample documents.  Written as text,
 * JSON, Markdown, HTML or JUnit XML.  Private.
 */
#ifndef TASNIF_MLREPORT_H
#define TASNIF_MLREPORT_H

#include <stdint.h>
#include <stdio.h>
#include "report_common.h"
#include "tasnif.h"

#define ML_REPORT_SCHEMA 1  /* "schema_version" of the JSON report */
#define ML_REPORT_NSUMMARY 13
#define ML_REPORT_WORST 5    /* documents listed with the most wrong labels */

typedef struct ml_report {
    int k;                  /* labels */
    char **labels;          /* borrowed from the model */
    const char *model_path, *test_path; /* borrowed */
    char created[32];
    /* per document: k bytes of truth and of prediction (0/1) */
    size_t n, cap;
    uint8_t *truth, *pred;  /* n x k */
    char **where;           /* "file:line" per document */
    /* results */
    double micro_p, micro_r, micro_f1;
    double macro_p, macro_r, macro_f1;
    double samples_p, samples_r, samples_f1;
    double exact_match;     /* subset accuracy */
    double hamming_loss;
    double card_true, card_pred; /* mean labels per document */
    double *prec, *rec, *f1;     /* per label */
    uint64_t *support, *npred;   /* documents per true / predicted label */
    int bootstrap;          /* resamples (0 = none), default 1000 */
    unsigned seed;          /* default 1 */
    /* 95% percentile intervals: micro_f1, macro_f1, samples_f1, exact_match, hamming_loss */
    double lo[5], hi[5];
    report_gate *gates;
    int ngates;
    /* test files: each scored on its own too (ml_report_begin_file) */
    report_file *files;
    int nfiles;
    /* a paired comparison (compare.h; borrowed): the reports show it,
     * and its drop gates are judged by compare_judge_gates */
    const struct compare_result *cmp;
} ml_report;

/* The figures of each test file (report_file.fig): the five with
 * intervals, in ml_report_interval_names' order. */
#define ml_report_file_figs ml_report_interval_names

/* The documents added from now on come from the test file named name
 * (copied).  @return 0 or TASNIF_ENOMEM. */
int ml_report_begin_file(ml_report *r, const char *name);

/* Figures of a report's documents counted with weights (a resample, a
 * file): one implementation for the report, its bootstrap, its files and
 * a paired comparison. */
typedef struct ml_resampler ml_resampler;
/* Over r's documents (r must outlive it).  @return 0 or TASNIF_ENOMEM. */
int ml_resampler_new(const ml_report *r, ml_resampler **out);
/* The five figures of ml_report_interval_names with document i counted
 * w[i] times (w NULL: once each) into out[5]; per label figures into
 * ml_resampler_last's arrays. */
void ml_resampler_figures(ml_resampler *s, const uint32_t *w, double *out);
/* Every figure of the last ml_resampler_figures, as a report (borrowed;
 * valid until the next call). */
const ml_report *ml_resampler_last(const ml_resampler *s);
void ml_resampler_free(ml_resampler *s);

/* @return 0, TASNIF_EARG (k < 0) or TASNIF_ENOMEM; r can be finished
 * either way.  Defaults: 1000 resamples, seed 1. */
int ml_report_init(ml_report *r, int k, char **labels);
void ml_report_finish(ml_report *r);
/* Record one document: truth and pred are k bytes (0/1); where is
 * "file:line" (copied). */
int ml_report_add(ml_report *r, const uint8_t *truth, const uint8_t *pred, const char *where);
/* Compute every figure, the intervals and the gates. */
int ml_report_compute(ml_report *r);
/* A figure by the name the report prints (micro_f1, macro_f1,
 * samples_f1, micro_precision, ..., exact_match, hamming_loss,
 * label_cardinality_true, label_cardinality_pred, f1:LABEL,
 * precision:LABEL, recall:LABEL).  @return 0, or -1 when there is no such
 * metric. */
int ml_report_metric(const ml_report *r, const char *name, double *value);
/* "--fail-under micro_f1=0.8,f1:x=0.7" (is_drop 0) into r->gates
 * (hamming_loss is a gate on "at most"), or "--max-drop micro_f1=1"
 * (is_drop 1, points, of a comparison's metrics: judged by
 * compare_judge_gates).  @return 0, or -1 with *bad
 * naming the bad item (a malformed "name=value", or the name of an
 * unknown metric); then no gate of spec is kept. */
int ml_report_add_gates(ml_report *r, const char *spec, int is_drop, const char **bad);
int ml_report_failed_gates(const ml_report *r);

/* The summary figures' names in the order the report prints them
 * (micro_precision ... label_cardinality_pred), and the names of the five
 * figures with intervals in the order of lo[] and hi[]. */
extern const char *const ml_report_summary[ML_REPORT_NSUMMARY];
extern const char *const ml_report_interval_names[5];
/* The index of name into lo[]/hi[], or -1 when it has no interval. */
int ml_report_interval(const char *name);
/* 1 when a gate on metric passes at or below its limit (hamming_loss),
 * 0 when at or above. */
int ml_report_at_most(const char *metric);
/* Up to max documents with the most wrong labels (truth and prediction
 * differ), most first, then in input order, into idx.  @return how many. */
int ml_report_worst(const ml_report *r, size_t *idx, int max);

/* Write the report in format f (REP_JUNIT: JUnit XML), colour for the
 * terminal's text. */
void ml_report_write(const ml_report *r, report_format f, FILE *fp, int colour);
/* In memory, as report_render.  @return 0 or TASNIF_ENOMEM. */
int ml_report_render(const ml_report *r, report_format f, char **buf, size_t *len);
/* Write the report to path atomically, as report_save does.  @return 0 or
 * a negative code with err set. */
int ml_report_save(const ml_report *r, report_format f, const char *path, tasnif_err *err);

#endif
