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
} ml_report;

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
/* "--fail-under micro_f1=0.8,f1:x=0.7" into r->gates (hamming_loss is a
 * gate on "at most").  @return 0, or -1 with *bad naming the bad item
 * (a malformed "name=value", or the name of an unknown metric); then no
 * gate of spec is kept. */
int ml_report_add_gates(ml_report *r, const char *spec, const char **bad);
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

void ml_report_write(const ml_report *r, report_format f, FILE *fp);
void ml_report_write_junit(const ml_report *r, FILE *fp);
/* Write the report (or its JUnit XML) to path atomically, as report_save
 * does.  @return 0 or a negative code with err set. */
int ml_report_save(const ml_report *r, report_format f, int junit, const char *path, tasnif_err *err);

#endif
