/*
 * output.h - writing predictions as text, TSV or JSON lines.  Private.
 */
#ifndef TASNIF_OUTPUT_H
#define TASNIF_OUTPUT_H

#include <stdio.h>
#include "../models/model.h"
#include "render.h"

typedef enum out_kind { OUT_TEXT, OUT_TSV, OUT_JSON } out_kind;

/* @return the kind named s, or -1. */
out_kind out_kind_parse(const char *s);

/* One document's prediction. */
typedef struct out_pred {
    const char *name;              /* FILE or FILE:LINE */
    const tasnif_score *scores;    /* all labels, best first */
    int k;                         /* how many to list (--top-k) */
    const unsigned char *chosen;   /* multi-label: a flag per label index, else NULL */
    const double *dec;             /* multi-label: decision value per label index */
    const double *thresh;          /* multi-label: thresholds in force */
    int nchosen;                   /* labels given: 0 when the document abstains
                                      (--min-confidence) or its set is empty */
    const char *abstain_label;     /* text and TSV: written for no label (NULL: "") */
    model_expl *ex;                /* explanations (by label index order of ex[i].label), or NULL */
    int nex;
    int explain_n;                 /* n-grams (or words) listed per explanation */
    int by_ngrams;                 /* text: list n-grams, not words */
} out_pred;

/*
 * Complete p for the document scored in sc (text[0..len) its text, ctx an
 * extraction context of m's configuration): its scores; the labels that
 * choice gives it (model_choose; NULL: the model's own rule), into chosen
 * (room for nlabels flags), and p->nchosen; and explanations into ex (room for
 * nlabels): of label `only` when only >= 0, else, when p->explain_n > 0,
 * of each label shown (the p->k best, and every label of a label set).
 * The caller sets p->name, k, explain_n and by_ngrams.  @return 0, or
 * TASNIF_ENOMEM with nothing left to free.  Free the explanations with
 * out_pred_finish; chosen and ex stay the caller's.
 */
int out_pred_explain(out_pred *p, const tasnif_model *m, feat_ctx *ctx, const model_scratch *sc, const char *text,
                     size_t len, const model_choice *choice, int only, unsigned char *chosen, model_expl *ex);
void out_pred_finish(out_pred *p);

/* Write one document's prediction: text (the label, or the label set
 * comma-separated; scores with --top-k; explanations indented below),
 * TSV or one JSON object (its "id" is p->name, or null when NULL) and a
 * newline.  A document without a label: text p->abstain_label (or an
 * empty line), TSV that (or nothing) in the label's field with the scores
 * kept, JSON "label": null (and "labels": [] for a set) with the scores. */
void out_prediction(FILE *fp, out_kind kind, const tasnif_model *m, const out_pred *p);

/* The explanation page (--explain with --format html): begin, one
 * article per document, end. */
void out_html_begin(FILE *fp, const char *title);
int out_html_doc(FILE *fp, const tasnif_model *m, feat_ctx *ctx, const char *name, const char *text, size_t len,
                 const model_expl *e, const char *verdict, int explain_n);
void out_html_end(FILE *fp);

/* A document that was not labelled (--skip-bad), in its place so output
 * lines stay aligned with the input: an empty line (text), the name and
 * an empty label (TSV), or {"id":...,"label":null,"error":why} (JSON). */
void out_skipped(FILE *fp, out_kind kind, const char *name, const char *why);

/* What `tasnif info --format json` prints: m (loaded from path) as one
 * JSON object and a newline: labels (with training documents and, for
 * label sets, thresholds), kernel, solver, features, the flags that train
 * it again, LSA, the feature configuration ("config", numbers) and the
 * training summary ("training", strings).  @return 0 or TASNIF_ENOMEM. */
int out_model_json(FILE *fp, const tasnif_model *m, const char *path);
/* libsvm's name of a kernel_type: "linear", "poly", "rbf", "sigmoid". */
const char *out_kernel_name(int kernel_type);

#endif
