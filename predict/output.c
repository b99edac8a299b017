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

void out_skipped(FILE *fp, out_kind kind, const char *name, const char *why)
{
    switch (kind) {
    case OUT_TEXT:
        fputc('\n', fp);
        break;
    case OUT_TSV:
        render_tsv(fp, name);
        fputs("\t\n", fp);
        break;
    case OUT_JSON:
        fputs("{\"id\":", fp);
        render_json_string(fp, name);
        fputs(",\"label\":null,\"error\":", fp);
        render_json_string(fp, why);
        fputs("}\n", fp);
        break;
    }
}

static const model_expl *expl_for(const out_pred *p, int label)
{
    for (int i = 0; p->ex && i < p->nex; i++)
        if (p->ex[i].label == label)
            return &p->ex[i];
    return NULL;
}

/* The listed n-grams' count and the sum of the others. */
static size_t listed(const out_pred *p, const model_expl *e, double *other)
{
    size_t n = (size_t)p->explain_n < e->nterms ? (size_t)p->explain_n : e->nterms;
    *other = 0;
    for (size_t t = n; t < e->nterms; t++)
        *other += e->terms[t].contribution;
    return n;
}

/* The listed words' count and the sum of the others. */
static size_t listed_words(const out_pred *p, const model_expl *e, double *other)
{
    size_t n = (size_t)p->explain_n < e->nwords ? (size_t)p->explain_n : e->nwords;
    *other = 0;
    for (size_t t = n; t < e->nwords; t++)
        *other += e->words[t].contribution;
    return n;
}

/* A word as a C string, cut at a character boundary to fit buf. */
static const char *word_text(const model_word *w, char *buf, size_t cap)
{
    size_t n = w->len;
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)w->word[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(buf, w->word, n);
    buf[n] = '\0';
    return buf;
}

static void text_explanation(FILE *fp, const tasnif_model *m, const out_pred *p, const model_expl *e)
{
    double other, sum = 0;
    size_t n = listed(p, e, &other);
    for (size_t t = 0; t < e->nterms; t++)
        sum += e->terms[t].contribution;
    fprintf(fp, "  %s: %s %.6f = bias %.6f + n-grams %.6f%s\n", m->labels[e->label],
            m->has_prob ? "decision" : "score", e->score, e->bias, sum,
            e->approximate ? " (approximate: kernel model, occlusion)" : "");
    if (e->words && !p->by_ngrams) {
        size_t nw = listed_words(p, e, &other);
        for (size_t t = 0; t < nw; t++) {
            char w[512];
            fprintf(fp, "    %+.6f  %s  (%d n-gram%s)\n", e->words[t].contribution,
                    word_text(&e->words[t], w, sizeof w), e->words[t].nterms, e->words[t].nterms == 1 ? "" : "s");
        }
        if (e->nwords > nw)
            fprintf(fp, "    %+.6f  (%zu other words)\n", other, e->nwords - nw);
        if (e->words_rest != 0)
            fprintf(fp, "    %+.6f  (n-grams of no single word)\n", e->words_rest);
        return;
    }
    for (size_t t = 0; t < n; t++) {
        char term[512];
        model_term_text(m, e->terms[t].feature, term, sizeof term);
        fprintf(fp, "    %+.6f  %s  (tf-idf %.4f x weight %.4f)\n", e->terms[t].contribution, term,
                e->terms[t].value, e->terms[t].weight);
    }
    if (e->nterms > n)
        fprintf(fp, "    %+.6f  (%zu other n-grams)\n", other, e->nterms - n);
}

/* ,"key":v with v through the one writer of JSON numbers (null when not
 * finite: a crafted model can give any value) */
static void member(FILE *fp, const char *key, double v)
{
    fprintf(fp, ",\"%s\":", key);
    render_json_number(fp, v, -1);
}

static void json_explanation(FILE *fp, const tasnif_model *m, const out_pred *p, const model_expl *e)
{
    double other;
    size_t n = listed(p, e, &other);
    member(fp, "explained", e->score);
    member(fp, "bias", e->bias);
    fputs(",\"terms\":[", fp);
    for (size_t t = 0; t < n; t++) {
        char term[512];
        int ch = model_term_text(m, e->terms[t].feature, term, sizeof term);
        fputs(t ? ",{\"term\":" : "{\"term\":", fp);
        render_json_string(fp, term);
        fprintf(fp, ",\"kind\":\"%s\"", ch ? "char" : "word");
        member(fp, "value", e->terms[t].value);
        member(fp, "weight", e->terms[t].weight);
        member(fp, "contribution", e->terms[t].contribution);
        fputc('}', fp);
    }
    fputc(']', fp);
    member(fp, "other", other);
    fprintf(fp, ",\"approximate\":%s", e->approximate ? "true" : "false");
    if (!e->words)
        return;
    n = listed_words(p, e, &other);
    fputs(",\"words\":[", fp);
    for (size_t t = 0; t < n; t++) {
        char w[512];
        fputs(t ? ",{\"word\":" : "{\"word\":", fp);
        render_json_string(fp, word_text(&e->words[t], w, sizeof w));
        fprintf(fp, ",\"ngrams\":%d", e->words[t].nterms);
        member(fp, "contribution", e->words[t].contribution);
        fputc('}', fp);
    }
    fputc(']', fp);
    member(fp, "words_other", other);
    member(fp, "words_rest", e->words_rest);
}

/* The labels to list: multi-label: the chosen set, then up to k;
 * else the k best. */
static int nlisted(const tasnif_model *m, const out_pred *p)
{
    int n = 0;
    for (int i = 0; p->chosen && i < m->nlabels; i++)
        n += p->chosen[p->scores[i].index] != 0;
    return n > p->k ? n : p->k;
}

static void label_set(FILE *fp, const tasnif_model *m, const out_pred *p)
{
    int first = 1;
    for (int i = 0; i < m->nlabels; i++)
        if (p->chosen[p->scores[i].index]) {
            if (!first)
                fputc(',', fp);
            fputs(p->scores[i].label, fp);
            first = 0;
        }
}

int out_pred_explain(out_pred *p, const tasnif_model *m, feat_ctx *ctx, const model_scratch *sc, const char *text,
                     size_t len, const model_choice *choice, int only, unsigned char *chosen, model_expl *ex)
{
    model_choice own;
    if (!choice) {
        model_choice_init(&own, m);
        choice = &own;
    }
    p->scores = sc->scores;
    p->ex = ex;
    p->nex = 0;
    p->nchosen = model_choose(m, choice, sc->dec, sc->scores, chosen);
    if (m->multi) {
        p->chosen = chosen;
        p->dec = sc->dec;
        p->thresh = choice->thresh ? choice->thresh : m->thresh;
    }
    int want = only >= 0 ? 1 : p->explain_n > 0 ? (m->multi ? m->nlabels : p->k) : 0;
    /* the document's words, for the evidence by word */
    const char *tokens = NULL;
    size_t ntok = 0;
    const feat_term *terms;
    size_t nterms;
    if (want && feat_doc_terms(ctx, text, len, NULL, 0, &terms, &nterms, NULL) == 0)
        tokens = feat_ctx_tokens(ctx, &ntok);
    for (int i = 0; i < want; i++) {
        int c = only >= 0 ? only : sc->scores[i].index;
        if (m->multi && only < 0 && !chosen[c] && i >= p->k)
            continue;
        if (model_explain(m, sc->xcol, sc->xval, sc->xnnz, c, &ex[p->nex]) < 0 ||
            (tokens && model_explain_words(m, &ex[p->nex], tokens, ntok) < 0)) {
            p->nex++;
            out_pred_finish(p);
            return TASNIF_ENOMEM;
        }
        p->nex++;
    }
    return 0;
}

void out_pred_finish(out_pred *p)
{
    for (int i = 0; i < p->nex; i++)
        model_expl_finish(&p->ex[i]);
    p->nex = 0;
}

/* One JSON object: id, label (null for none), the label set, scores with
 * thresholds and explanations. */
static void json_prediction(FILE *fp, const tasnif_model *m, const out_pred *p, int nl)
{
    fputs("{\"id\":", fp);
    if (p->name)
        render_json_string(fp, p->name);
    else
        fputs("null", fp);
    fputs(",\"label\":", fp);
    int given = 0; /* the best label given */
    while (p->chosen && given < m->nlabels && !p->chosen[p->scores[given].index])
        given++;
    if (p->nchosen)
        render_json_string(fp, p->scores[given].label);
    else
        fputs("null", fp);
    if (p->chosen) {
        fputs(",\"labels\":[", fp);
        for (int i = 0, first = 1; i < m->nlabels; i++)
            if (p->chosen[p->scores[i].index]) {
                if (!first)
                    fputc(',', fp);
                render_json_string(fp, p->scores[i].label);
                first = 0;
            }
        fputc(']', fp);
        nl = m->nlabels; /* every label with its threshold */
    }
    fprintf(fp, ",\"score_kind\":\"%s\",\"scores\":[", m->has_prob ? "probability" : "decision");
    for (int i = 0; i < nl; i++) {
        int c = p->scores[i].index;
        fputs(i ? ",{\"label\":" : "{\"label\":", fp);
        render_json_string(fp, p->scores[i].label);
        fputs(",\"score\":", fp);
        render_json_number(fp, p->scores[i].score, -1);
        if (p->chosen) {
            fputs(",\"threshold\":", fp);
            render_json_number(fp, p->thresh[c], -1);
            fprintf(fp, ",\"chosen\":%s", p->chosen[c] ? "true" : "false");
        }
        const model_expl *e = expl_for(p, c);
        if (e)
            json_explanation(fp, m, p, e);
        fputc('}', fp);
    }
    fputs("]}\n", fp);
}

void out_prediction(FILE *fp, out_kind kind, const tasnif_model *m, const out_pred *p)
{
    int k = p->k, nl = nlisted(m, p);
    switch (kind) {
    case OUT_TEXT:
        if (!p->nchosen && p->abstain_label)
            fputs(p->abstain_label, fp);
        if (p->chosen) {
            label_set(fp, m, p);
            if (k > 1)
                fputs(" |", fp);
        }
        for (int i = 0; i < k && (!p->chosen || k > 1) && (p->chosen || p->nchosen); i++) {
            if (i || p->chosen)
                fputc(' ', fp);
            fputs(p->scores[i].label, fp);
            if (k > 1)
                fprintf(fp, " %.6f", p->scores[i].score);
        }
        fputc('\n', fp);
        for (int i = 0; p->ex && i < nl; i++) {
            const model_expl *e = expl_for(p, p->scores[i].index);
            if (e)
                text_explanation(fp, m, p, e);
        }
        break;
    case OUT_TSV:
        render_tsv(fp, p->name);
        if (p->chosen) {
            fputc('\t', fp);
            label_set(fp, m, p);
        }
        if (p->chosen && !p->nchosen && p->abstain_label)
            fputs(p->abstain_label, fp);
        for (int i = 0; i < k; i++) {
            fputc('\t', fp);
            if (i == 0 && !p->chosen && !p->nchosen) /* abstained: no label, the score kept */
                fputs(p->abstain_label ? p->abstain_label : "", fp);
            else
                fputs(p->scores[i].label, fp);
            fprintf(fp, "\t%.6f", p->scores[i].score);
        }
        fputc('\n', fp);
        break;
    case OUT_JSON:
        json_prediction(fp, m, p, nl);
        break;
    }
}
