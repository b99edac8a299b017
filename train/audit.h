/*
 * audit.h - labels that look wrong: out-of-fold probabilities by
 * cross-validation, then confident learning.  Private.
 */
#ifndef TASNIF_AUDIT_H
#define TASNIF_AUDIT_H

#include "train.h"

typedef struct audit_opts {
    train_params tp;      /* the fold models' settings; tp.probability: their
                             own Platt probabilities (-b 1), else sigmoids
                             fitted on the out-of-fold decision values */
    int folds;            /* K >= 2 */
    unsigned seed;        /* the folds */
    int explain_n;        /* evidence words per finding; 0: none (and no
                             model trained on every document) */
} audit_opts;

/* What a finding says. */
enum {
    AUDIT_WRONG = 0,      /* one label per document: another label is likely */
    AUDIT_MISSING,        /* label sets: the label is likely but not given */
    AUDIT_EXTRA           /* label sets: the label is given but unlikely */
};

/* One word of the evidence and its part in the label's score. */
typedef struct audit_word {
    char *word;
    double contribution;
} audit_word;

typedef struct audit_finding {
    size_t row;           /* the document (train_set row) */
    int kind;             /* AUDIT_WRONG, AUDIT_MISSING or AUDIT_EXTRA */
    int label;            /* wrong: the label suggested; missing, extra: the label concerned */
    int given;            /* wrong: the label given; else -1 */
    double confidence;    /* wrong, missing: the out-of-fold probability of the
                             label; extra: 1 minus it */
    double threshold;     /* what confidence reached: the mean of it over the
                             documents that agree (audit.c) */
    double against;       /* wrong: the probability of the given label;
                             missing: 1 - p; extra: p */
    double margin;        /* confidence - against */
    double self;          /* the given state's probability over its threshold
                             (against / its threshold): the order of the
                             findings, smallest first */
    audit_word *words;    /* the evidence, largest first (nwords <= explain_n) */
    int nwords;
} audit_finding;

typedef struct audit_result {
    size_t n;             /* documents */
    int k;                /* labels */
    int calibrated;       /* probabilities from sigmoids fitted on the
                             out-of-fold decision values (else the fold models') */
    double *prob;         /* n x k out-of-fold probabilities (label sets: each label's own) */
    int *pred;            /* one label per document: the out-of-fold prediction */
    unsigned char *pred_set; /* label sets: n x k, the fold models' chosen sets */
    double *thresh;       /* k: per label, the threshold of "is j" (wrong, missing) */
    double *thresh_not;   /* label sets, k: the threshold of "is not j" (extra) */
    audit_finding *found; /* by self, smallest first (ties: row, label) */
    size_t nfound;
} audit_result;

/*
 * Cross-validate ts (which must hold raw counts, fit_opts.keep_raw) with
 * o->folds folds, turn the out-of-fold values into probabilities, and
 * list the documents whose labels look wrong (audit.c has the rules).
 * With o->explain_n > 0 (ts must hold texts, fit_opts.keep_text) a model
 * is trained on every document with space fs (taken over) and each
 * finding gets the words of its document that weigh most for the label
 * suggested (against it, for an extra label).  @return 0 with *res filled
 * (free with audit_result_finish), or a negative code with err set.
 */
int audit_run(const audit_opts *o, feat_space *fs, const train_set *ts, audit_result *res, tasnif_err *err);
void audit_result_finish(audit_result *res);

#endif
