/*
 * explain_html.c - an article as one self-contained HTML page, each word
 * shaded by its share of a label's score (as --explain lists it): green for
 * evidence for the label, red against, stronger for more.  Word n-grams
 * that span several words and the bias are listed in the table below the
 * text, with every listed n-gram's tf-idf value, weight and contribution.
 * No scripts, no fetches; every string is escaped.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "output.h"



void out_html_begin(FILE *fp, const char *title)
{
    fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>", fp);
    render_html(fp, title);
    fputs("</title>\n<style>\n"
          "body{font-family:'Noto Naskh Arabic','DejaVu Sans',sans-serif;max-width:60em;margin:2em auto;"
          "padding:0 1em;color:#222;line-height:1.9}\n"
          "article{border:1px solid #ccc;border-radius:6px;padding:1em 1.5em;margin:1.5em 0}\n"
          ".text{font-size:1.15em;unicode-bidi:plaintext}\n"
          ".w{border-radius:3px;padding:0 1px}\n"
          "table{border-collapse:collapse;margin-top:1em;font-size:.95em}\n"
          "td,th{border-bottom:1px solid #ddd;padding:2px 10px;text-align:left}\n"
          "td.n{text-align:right;font-variant-numeric:tabular-nums;font-family:monospace}\n"
          ".legend span{padding:0 6px;margin-right:6px;border-radius:3px}\n"
          "</style></head>\n<body>\n<h1>", fp);
    render_html(fp, title);
    fputs("</h1>\n<p class=\"legend\"><span style=\"background:rgba(0,140,60,.55)\">for the label</span>"
          "<span style=\"background:rgba(200,30,30,.55)\">against it</span> shading ∝ the word's share "
          "of the label's score: its own n-grams, its share of those it is part of</p>\n",
          fp);
}

void out_html_end(FILE *fp)
{
    fputs("</body></html>\n", fp);
}

typedef struct fc {
    int32_t f;
    double c;
} fc;

static int cmp_fc(const void *a, const void *b)
{
    int32_t x = ((const fc *)a)->f, y = ((const fc *)b)->f;
    return (x > y) - (x < y);
}

/* a word of the document and its share of the score per occurrence */
typedef struct word_share {
    const char *w;
    size_t len;
    double per;
} word_share;

static int cmp_share(const void *a, const void *b)
{
    const word_share *x = a, *y = b;
    int c = memcmp(x->w, y->w, x->len < y->len ? x->len : y->len);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* e's words copied out of the extraction context (which the page reuses),
 * sorted; NULL without words (or memory). */
static word_share *copy_shares(const model_expl *e, char **bytes)
{
    size_t total = 1;
    for (size_t i = 0; i < e->nwords; i++)
        total += e->words[i].len;
    word_share *ws = e->nwords ? malloc(e->nwords * sizeof *ws) : NULL;
    char *b = ws ? malloc(total) : NULL;
    if (!b) {
        free(ws);
        return NULL;
    }
    for (size_t i = 0, o = 0; i < e->nwords; i++) {
        memcpy(b + o, e->words[i].word, e->words[i].len);
        ws[i] = (word_share){b + o, e->words[i].len, e->words[i].contribution / e->words[i].count};
        o += e->words[i].len;
    }
    qsort(ws, e->nwords, sizeof *ws, cmp_share);
    *bytes = b;
    return ws;
}

/* What the tokens of one piece of text get: their words' shares. */
static double piece_share(const word_share *ws, size_t n, const char *tok, size_t len)
{
    double c = 0;
    for (size_t b = 0, i = 0; i <= len; i++) {
        if (i < len && tok[i] != ' ')
            continue;
        word_share key = {tok + b, i - b, 0}, *hit = i > b ? bsearch(&key, ws, n, sizeof key, cmp_share) : NULL;
        if (hit)
            c += hit->per;
        b = i + 1;
    }
    return c;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The text, each word shaded by its share of the score (ws, by word) or, without words, by its own n-grams'
 * contributions (map, sorted by feature); maxc is the share of full shading. */
static void shaded_text(FILE *fp, const tasnif_model *m, feat_ctx *ctx, const char *text, size_t len,
                        const model_expl *e, const fc *map, const word_share *ws, double maxc)
{
    int32_t *col = NULL;
    double *val = NULL;
    size_t cap = 0, nnz;
    for (size_t i = 0; i < len;) {
        if (is_space((unsigned char)text[i])) {
            fputc(text[i] == '\n' ? '\n' : ' ', fp);
            if (text[i] == '\n')
                fputs("<br>", fp);
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && !is_space((unsigned char)text[j]))
            j++;
        /* the word's share of the score, as --explain lists it; without
         * words (hashed models), its own n-grams' contributions */
        double c = 0;
        const feat_term *terms;
        size_t nt, tl;
        if (feat_doc_terms(ctx, text + i, j - i, NULL, 0, &terms, &nt, NULL) == 0) {
            if (ws) {
                const char *tok = feat_ctx_tokens(ctx, &tl);
                c = piece_share(ws, e->nwords, tok, tl);
            } else if (feat_vectorize(&m->fs, terms, nt, &col, &val, &cap, &nnz) == 0)
                for (size_t t = 0; t < nnz; t++) {
                    fc key = {col[t], 0}, *hit = bsearch(&key, map, e->nterms, sizeof *map, cmp_fc);
                    if (hit)
                        c += hit->c;
                }
        }
        double a = fmin(1.0, fabs(c) / maxc) * 0.75;
        if (a > 0.02)
            fprintf(fp, "<span class=\"w\" title=\"%+.4f\" style=\"background:rgba(%s,%.2f)\">", c,
                    c > 0 ? "0,140,60" : "200,30,30", a);
        render_html_n(fp, text + i, j - i);
        if (a > 0.02)
            fputs("</span>", fp);
        i = j;
    }
    free(col);
    free(val);
}

/* The table of the explain_n n-grams that contribute most, the rest's sum and the bias. */
static void ngram_table(FILE *fp, const tasnif_model *m, const model_expl *e, int explain_n)
{
    fputs("<table><tr><th>n-gram</th><th>tf-idf</th><th>weight</th><th>contribution</th></tr>\n", fp);
    size_t n = (size_t)explain_n < e->nterms ? (size_t)explain_n : e->nterms;
    double other = 0;
    for (size_t t = n; t < e->nterms; t++)
        other += e->terms[t].contribution;
    for (size_t t = 0; t < n; t++) {
        char term[512];
        model_term_text(m, e->terms[t].feature, term, sizeof term);
        fputs("<tr><td dir=\"auto\">", fp);
        render_html(fp, term);
        fprintf(fp, "</td><td class=\"n\">%.4f</td><td class=\"n\">%.4f</td><td class=\"n\">%+.4f</td></tr>\n",
                e->terms[t].value, e->terms[t].weight, e->terms[t].contribution);
    }
    fprintf(fp, "<tr><td>(%zu other n-grams)</td><td></td><td></td><td class=\"n\">%+.4f</td></tr>\n",
            e->nterms - n, other);
    fprintf(fp, "<tr><td>bias</td><td></td><td></td><td class=\"n\">%+.4f</td></tr>\n</table></article>\n", e->bias);
}

int out_html_doc(FILE *fp, const tasnif_model *m, feat_ctx *ctx, const char *name, const char *text, size_t len,
                 const model_expl *e, const char *verdict, int explain_n)
{
    fc *map = malloc((e->nterms ? e->nterms : 1) * sizeof *map);
    char *bytes = NULL;
    word_share *ws = copy_shares(e, &bytes); /* by word when the words are known */
    if (!map || (e->nwords && !ws)) {
        free(map);
        free(ws);
        return TASNIF_ENOMEM;
    }
    double maxc = 1e-12;
    for (size_t t = 0; t < e->nterms; t++) {
        map[t] = (fc){e->terms[t].feature, e->terms[t].contribution};
        if (fabs(e->terms[t].contribution) > maxc)
            maxc = fabs(e->terms[t].contribution);
    }
    qsort(map, e->nterms, sizeof *map, cmp_fc);
    if (ws) { /* shading by word: the largest share of one occurrence */
        maxc = 1e-12;
        for (size_t w = 0; w < e->nwords; w++)
            maxc = fmax(maxc, fabs(ws[w].per));
    }
    fputs("<article><h2>", fp);
    render_html(fp, name);
    fputs("</h2>\n<p>", fp);
    render_html(fp, verdict);
    fprintf(fp, "</p>\n<p>Shaded for <b>");
    render_html(fp, m->labels[e->label]);
    fprintf(fp, "</b>: %s %.4f = bias %.4f + n-grams%s</p>\n<div class=\"text\" dir=\"auto\">",
            m->has_prob ? "decision" : "score", e->score, e->bias,
            e->approximate ? " (approximate: kernel model, occlusion)" : "");
    shaded_text(fp, m, ctx, text, len, e, map, ws, maxc);
    fputs("</div>\n", fp);
    ngram_table(fp, m, e, explain_n);
    free(map);
    free(ws);
    free(bytes);
    return 0;
}
