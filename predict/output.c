/*
 * output.c - prediction output formats.
 */
#include <math.h>
#include <string.h>
#include "output.h"

out_kind out_kind_parse(const char *s)
{
    if (strcmp(s, "text") == 0)
        return OUT_TEXT;
    if (strcmp(s, "tsv") == 0)
        return OUT_TSV;
    if (strcmp(s, "json") == 0)
        return OUT_JSON;
    return (out_kind)-1;
}

void out_json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        case '<': fputs("\\u003c", fp); break; /* safe inside HTML <script> */
        case '>': fputs("\\u003e", fp); break;
        case '&': fputs("\\u0026", fp); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(fp, "\\u%04x", *p);
            else
                fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

void out_json_number(FILE *fp, double v, int decimals)
{
    if (isfinite(v) && decimals < 0)
        fprintf(fp, "%.17g", v); /* round-trips */
    else if (isfinite(v))
        fprintf(fp, "%.*f", decimals, v);
    else
        fputs("null", fp); /* JSON has no NaN or infinity */
}

/* TSV fields cannot hold TAB or newline: replace them with spaces. */
static void tsv_field(FILE *fp, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
}

void out_prediction(FILE *fp, out_kind kind, const char *name, const tasnif_model *m,
                    const tasnif_score *scores, int k)
{
    switch (kind) {
    case OUT_TEXT:
        for (int i = 0; i < k; i++) {
            if (i)
                fputc(' ', fp);
            fputs(scores[i].label, fp);
            if (k > 1)
                fprintf(fp, " %.6f", scores[i].score);
        }
        fputc('\n', fp);
        break;
    case OUT_TSV:
        tsv_field(fp, name);
        for (int i = 0; i < k; i++) {
            fputc('\t', fp);
            fputs(scores[i].label, fp);
            fprintf(fp, "\t%.6f", scores[i].score);
        }
        fputc('\n', fp);
        break;
    case OUT_JSON:
        fputs("{\"id\":", fp);
        out_json_string(fp, name);
        fputs(",\"label\":", fp);
        out_json_string(fp, scores[0].label);
        fprintf(fp, ",\"score_kind\":\"%s\",\"scores\":[", m->has_prob ? "probability" : "decision");
        for (int i = 0; i < k; i++) {
            fputs(i ? ",{\"label\":" : "{\"label\":", fp);
            out_json_string(fp, scores[i].label);
            fputs(",\"score\":", fp);
            out_json_number(fp, scores[i].score, 6);
            fputc('}', fp);
        }
        fputs("]}\n", fp);
        break;
    }
}
