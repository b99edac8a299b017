/*
 * choose.c - which labels a scored document gets: the one decision rule
 * that predict, eval, serve and the C API share.
 *
 * Single labels: the best label, or none when its score (the probability
 * of a model trained with -b 1, else the decision value predict shows) is
 * below min_confidence.  Label sets: every label whose decision value
 * reaches its threshold, at most max_labels of them (best first, as
 * fastText's `predict model k t`), and the best label when none does
 * unless empty sets are allowed.
 */
#include <math.h>
#include "model.h"

void model_choice_init(model_choice *c, const tasnif_model *m)
{
    c->min_confidence = -INFINITY;
    c->thresh = NULL;
    c->allow_empty = m->allow_empty;
    c->max_labels = 0;
}

/* The label with the largest decision value, ties to the lower index. */
static int best_of(const double *dec, int k)
{
    int best = 0;
    for (int i = 1; i < k; i++)
        if (dec[i] > dec[best])
            best = i;
    return best;
}

/* A label set: thresholds, then the cap, then the never-empty rule. */
static int choose_set(const tasnif_model *m, const model_choice *c, const double *dec, const tasnif_score *scores,
                      unsigned char *chosen)
{
    const double *t = c->thresh ? c->thresh : m->thresh;
    int k = m->nlabels, n = 0;
    for (int i = 0; i < k; i++) {
        chosen[i] = t && dec[i] >= t[i];
        n += chosen[i];
    }
    if (c->max_labels > 0 && n > c->max_labels && scores) {
        n = 0;
        for (int i = 0; i < k; i++) {
            int q = scores[i].index;
            if (chosen[q] && n < c->max_labels)
                n++;
            else
                chosen[q] = 0;
        }
    }
    if (n == 0 && !c->allow_empty) {
        chosen[best_of(dec, k)] = 1;
        n = 1;
    }
    return n;
}

int model_choose(const tasnif_model *m, const model_choice *c, const double *dec, const tasnif_score *scores,
                 unsigned char *chosen)
{
    if (m->multi)
        return choose_set(m, c, dec, scores, chosen);
    for (int i = 0; i < m->nlabels; i++)
        chosen[i] = 0;
    /* NaN (a crafted model's overflow) is below every threshold */
    if (!(scores[0].score >= c->min_confidence) && c->min_confidence > -INFINITY)
        return 0;
    chosen[scores[0].index] = 1;
    return 1;
}

int model_label_set(const tasnif_model *m, const double *dec, const double *thresh, unsigned char *chosen)
{
    model_choice c;
    model_choice_init(&c, m);
    c.thresh = thresh;
    return choose_set(m, &c, dec, NULL, chosen);
}
