/*
 * output.h - writing predictions as text, TSV or JSON lines.  Private.
 */
#ifndef TASNIF_OUTPUT_H
#define TASNIF_OUTPUT_H

#include <stdio.h>
#include "../models/model.h"

typedef enum out_kind { OUT_TEXT, OUT_TSV, OUT_JSON } out_kind;

/* @return the kind named s, or -1. */
out_kind out_kind_parse(const char *s);

/* Write s as a JSON string (quoted, escaped; invalid UTF-8 never occurs
 * here because every string was validated). */
void out_json_string(FILE *fp, const char *s);

/* Write v with the given decimals (< 0: all 17 significant digits), or
 * null when it is NaN or infinite (JSON has neither). */
void out_json_number(FILE *fp, double v, int decimals);

/* One document's prediction: its name, the k best scores. */
void out_prediction(FILE *fp, out_kind kind, const char *name, const tasnif_model *m,
                    const tasnif_score *scores, int k);

#endif
