/*
 * metrics.c - accuracy, precision, recall and F1 (per label; macro-,
 * weighted- and micro-averaged) from a confusion matrix, with the same
 * conventions as scikit-learn's classification_report: a ratio whose
 * denominator is zero counts as 0.
 */
#include <stdlib.h>
#include <string.h>
#include "metrics.h"

int eval_init(eval_stats *s, int k)
{
    memset(s, 0, sizeof *s);
    s->k = k;
    s->conf = calloc((size_t)k * (size_t)k, sizeof *s->conf);
    s->prec = calloc((size_t)k, sizeof *s->prec);
    s->rec = calloc((size_t)k, sizeof *s->rec);
    s->f1 = calloc((size_t)k, sizeof *s->f1);
    s->support = calloc((size_t)k, sizeof *s->support);
    s->predicted = calloc((size_t)k, sizeof *s->predicted);
    if (!s->conf || !s->prec || !s->rec || !s->f1 || !s->support || !s->predicted) {
        eval_finish(s);
        return -1;
    }
    return 0;
}

void eval_finish(eval_stats *s)
{
    free(s->conf);
    free(s->prec);
    free(s->rec);
    free(s->f1);
    free(s->support);
    free(s->predicted);
    free(s->tp);
    memset(s, 0, sizeof *s);
}

int eval_add_set(eval_stats *s, const unsigned char *truth, const unsigned char *pred)
{
    if (!s->tp && !(s->tp = calloc((size_t)s->k, sizeof *s->tp)))
        return -1;
    s->sets = 1;
    int same = 1;
    for (int i = 0; i < s->k; i++) {
        s->support[i] += truth[i] != 0;
        s->predicted[i] += pred[i] != 0;
        s->tp[i] += truth[i] && pred[i];
        same &= !truth[i] == !pred[i];
    }
    s->exact += (uint64_t)same;
    s->n++;
    return 0;
}

/* Label-set figures, as scikit-learn's micro and macro averages. */
static void compute_sets(eval_stats *s)
{
    int k = s->k;
    uint64_t tp = 0, np = 0, ns = 0;
    s->macro_p = s->macro_r = s->macro_f1 = 0;
    for (int i = 0; i < k; i++) {
        s->prec[i] = s->predicted[i] ? (double)s->tp[i] / (double)s->predicted[i] : 0;
        s->rec[i] = s->support[i] ? (double)s->tp[i] / (double)s->support[i] : 0;
        s->f1[i] = s->prec[i] + s->rec[i] > 0 ? 2 * s->prec[i] * s->rec[i] / (s->prec[i] + s->rec[i]) : 0;
        s->macro_p += s->prec[i] / k;
        s->macro_r += s->rec[i] / k;
        s->macro_f1 += s->f1[i] / k;
        tp += s->tp[i];
        np += s->predicted[i];
        ns += s->support[i];
    }
    s->micro_f1 = np + ns ? 2.0 * (double)tp / (double)(np + ns) : 0;
    s->exact_match = s->accuracy = s->n ? (double)s->exact / (double)s->n : 0;
}

void eval_add(eval_stats *s, int truth, int predicted)
{
    s->conf[(size_t)truth * (size_t)s->k + (size_t)predicted]++;
    s->n++;
}

void eval_compute(eval_stats *s)
{
    if (s->sets) {
        compute_sets(s);
        return;
    }
    int k = s->k;
    uint64_t correct = 0;
    for (int i = 0; i < k; i++) {
        s->support[i] = s->predicted[i] = 0;
    }
    for (int t = 0; t < k; t++)
        for (int p = 0; p < k; p++) {
            uint64_t c = s->conf[(size_t)t * (size_t)k + (size_t)p];
            s->support[t] += c;
            s->predicted[p] += c;
            if (t == p)
                correct += c;
        }
    s->macro_p = s->macro_r = s->macro_f1 = 0;
    s->weighted_p = s->weighted_r = s->weighted_f1 = 0;
    for (int i = 0; i < k; i++) {
        double tp = (double)s->conf[(size_t)i * (size_t)k + (size_t)i];
        s->prec[i] = s->predicted[i] ? tp / (double)s->predicted[i] : 0;
        s->rec[i] = s->support[i] ? tp / (double)s->support[i] : 0;
        s->f1[i] = s->prec[i] + s->rec[i] > 0 ? 2 * s->prec[i] * s->rec[i] / (s->prec[i] + s->rec[i]) : 0;
        s->macro_p += s->prec[i] / k;
        s->macro_r += s->rec[i] / k;
        s->macro_f1 += s->f1[i] / k;
        if (s->n) {
            double w = (double)s->support[i] / (double)s->n;
            s->weighted_p += w * s->prec[i];
            s->weighted_r += w * s->rec[i];
            s->weighted_f1 += w * s->f1[i];
        }
    }
    s->accuracy = s->n ? (double)correct / (double)s->n : 0;
    s->micro_f1 = s->accuracy;
}

void eval_print_text(FILE *fp, const eval_stats *s, char *const *labels)
{
    int k = s->k, w = 5;
    for (int i = 0; i < k; i++) {
        int l = (int)strlen(labels[i]);
        if (l > w)
            w = l;
    }
    if (w > 40)
        w = 40;
    fprintf(fp, "documents   %llu\n", (unsigned long long)s->n);
    fprintf(fp, "accuracy    %.4f\n", s->accuracy);
    fprintf(fp, "macro-F1    %.4f\n", s->macro_f1);
    fprintf(fp, "weighted-F1 %.4f\n\n", s->weighted_f1);
    fprintf(fp, "%-*s %9s %9s %9s %9s\n", w, "label", "precision", "recall", "f1", "support");
    for (int i = 0; i < k; i++)
        fprintf(fp, "%-*.*s %9.4f %9.4f %9.4f %9llu\n", w, w, labels[i], s->prec[i], s->rec[i], s->f1[i],
                (unsigned long long)s->support[i]);
    fprintf(fp, "%-*s %9.4f %9.4f %9.4f %9llu\n", w, "macro avg", s->macro_p, s->macro_r, s->macro_f1,
            (unsigned long long)s->n);
    fprintf(fp, "%-*s %9.4f %9.4f %9.4f %9llu\n", w, "weighted avg", s->weighted_p, s->weighted_r,
            s->weighted_f1, (unsigned long long)s->n);
    fprintf(fp, "\nconfusion matrix (rows: true label, columns: predicted, in label order)\n");
    fprintf(fp, "%-*s", w, "");
    for (int p = 0; p < k; p++)
        fprintf(fp, " %6d", p + 1);
    fprintf(fp, "\n");
    for (int t = 0; t < k; t++) {
        fprintf(fp, "%-*.*s", w, w, labels[t]);
        for (int p = 0; p < k; p++)
            fprintf(fp, " %6llu", (unsigned long long)s->conf[(size_t)t * (size_t)k + (size_t)p]);
        fprintf(fp, "   (%d)\n", t + 1);
    }
}
