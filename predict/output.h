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
    const model_expl *ex;          /* explanations (by label index order of ex[i].label), or NULL */
    int nex;
    int explain_n;                 /* n-grams (or words) listed per explanation */
    int by_ngrams;                 /* text: list n-grams, not words */
} out_pred;

/* Write one document's prediction: text (the label, or the label set
 * comma-separated; scores with --top-k; explanations indented below),
 * TSV or one JSON object. */
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

#endif
