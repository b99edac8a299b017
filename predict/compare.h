/*
 * compare.h - two models scored on the same documents: each metric's
 * difference with a paired bootstrap interval (the same resamples for
 * both models), and McNemar's exact test on the documents one model gets
 * right and the other wrong.  Private.
 */
#ifndef TASNIF_COMPARE_H
#define TASNIF_COMPARE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "mlreport.h"
#include "report_common.h"

#define COMPARE_MAX_METRICS 5

/* One metric of both models. */
typedef struct compare_metric {
    const char *name;       /* accuracy, macro_f1, ... (static) */
    int at_most;            /* lower is better (hamming_loss) */
    double now, old;        /* the new and the old model's value */
    double diff;            /* now - old */
    double lo, hi;          /* the paired bootstrap interval of diff (0, 0 without resamples) */
} compare_metric;

typedef struct compare_result {
    const char *old_model;  /* the old model, as reports name it (borrowed) */
    uint64_t n;             /* documents both scored */
    int sets;               /* label sets: exact match stands for accuracy */
    int nmetrics;
    compare_metric m[COMPARE_MAX_METRICS];
    int bootstrap;          /* resamples (0 = no intervals) */
    unsigned seed;
    double level;           /* of the intervals, e.g. 0.95 */
    double significance;    /* --significance alpha (level = 1 - alpha), 0 when not asked */
    /* McNemar's exact test on accuracy (exact match for label sets) */
    uint64_t both_right, new_only, old_only, both_wrong;
    double mcnemar_p;       /* two-sided */
} compare_result;

/* The metrics a comparison measures, in its order: accuracy, macro_f1,
 * weighted_f1, macro_precision, macro_recall; for label sets micro_f1,
 * macro_f1, samples_f1, exact_match, hamming_loss. */
int compare_metric_names(int sets, const char *const **names);
/* Is name one of them? */
int compare_has_metric(int sets, const char *name);

/*
 * Single labels: truth[i] and each model's prediction (label indices in
 * [0, k) of the same labels) for n documents.  bootstrap resamples of the
 * documents, seeded (report_rand), each scoring both models; level the
 * intervals' coverage (0.95).  @return 0 or TASNIF_ENOMEM.
 */
int compare_labels(const int *truth, const int *now, const int *old, size_t n, int k, int bootstrap, unsigned seed,
                   double level, compare_result *out);
/* Label sets: two reports of the same documents with the same labels
 * (now->truth and old->truth equal). */
int compare_label_sets(const ml_report *now, const ml_report *old, int bootstrap, unsigned seed, double level,
                       compare_result *out);

/* The metric named name, or NULL. */
const compare_metric *compare_find(const compare_result *c, const char *name);
/* The drop of m in points (positive when the new model is worse) and its
 * interval. */
void compare_drop(const compare_metric *m, double *drop, double *lo, double *hi);
/* Judge the drop gates among g[0..n) (--max-drop) by c: a gate on a
 * metric c lacks fails as unknown. */
void compare_judge_gates(const compare_result *c, report_gate *g, int n);
/* Two-sided exact McNemar p-value: b and c discordant pairs, binomial(b +
 * c, 1/2). */
double compare_mcnemar(uint64_t b, uint64_t c);

/* The comparison as a text section (colour: falls in red), Markdown
 * tables, an HTML section, the JSON member ",\n  \"comparison\": {...}",
 * and a JUnit <testsuite>. */
void compare_write_text(FILE *fp, const compare_result *c, int colour);
void compare_write_md(FILE *fp, const compare_result *c);
void compare_write_html(FILE *fp, const compare_result *c);
void compare_write_json(FILE *fp, const compare_result *c);
void compare_write_junit(FILE *fp, const compare_result *c, const char *timestamp);

#endif
