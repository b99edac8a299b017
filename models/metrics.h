/*
 * metrics.h - classification metrics from a confusion matrix.  Private.
 */
#ifndef TASNIF_METRICS_H
#define TASNIF_METRICS_H

#include <stdint.h>
#include <stdio.h>

typedef struct eval_stats {
    int k;              /* labels */
    uint64_t n;         /* documents counted */
    uint64_t *conf;     /* k x k: conf[truth * k + predicted] */
    double *prec, *rec, *f1;  /* per label, 0 where undefined (as scikit-learn) */
    uint64_t *support;  /* documents per true label */
    uint64_t *predicted;/* documents per predicted label */
    double accuracy;
    double macro_p, macro_r, macro_f1;
    double weighted_p, weighted_r, weighted_f1;
    double micro_f1;    /* equals accuracy for single-label classification */
    /* label sets (eval_add_set): per label true positives, predicted
     * (support/predicted above count documents holding the label) */
    int sets;
    uint64_t *tp;
    uint64_t exact;     /* documents whose whole set is right */
    double exact_match; /* exact / n (accuracy is set to it too) */
} eval_stats;

int eval_init(eval_stats *s, int k);
void eval_finish(eval_stats *s);
void eval_add(eval_stats *s, int truth, int predicted);
/* Count one document's label set (k flags each); a stats object takes
 * either eval_add or eval_add_set.  @return 0 or -1 (out of memory). */
int eval_add_set(eval_stats *s, const unsigned char *truth, const unsigned char *pred);
/* Compute every figure from the confusion matrix (label sets: per-label
 * and micro/macro precision, recall and F1 from the label counts, and
 * accuracy = exact match). */
void eval_compute(eval_stats *s);

/* The plain-text report: summary, per-label table, confusion matrix. */
void eval_print_text(FILE *fp, const eval_stats *s, char *const *labels);

#endif
