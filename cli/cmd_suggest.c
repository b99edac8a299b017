/*
 * cmd_suggest.c - `tasnif suggest`: which documents of an unlabelled pool
 * to label next (predict/suggest.c chooses them; this prints them).
 */
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "worklist.h"
#include "../predict/render.h"
#include "../predict/suggest.h"

static const char *model_path, *strategy, *exclude_path, *input_format, *format;
static int count, seed, threads, skip_bad;
static double diversity;
static long long max_line;

#define SUGGEST_DIVERSITY "1"

static const opt_def suggest_opts_def[] = {
    {"model", 'm', OPT_STR, &model_path, 0, NULL, "MODEL", NULL, "model file from tasnif train (required)", OPT_NORANGE},
    {"count", 'n', OPT_INT, &count, 0, NULL, "N", "50", "how many documents to suggest", 1, 1000000, OPT_DEFAULT},
    {"strategy", 0, OPT_STR, &strategy, 0, NULL, "S", "margin", "margin (the two best scores' gap; label-set models: the distance to the nearest threshold), entropy (models trained with -b 1) or random (seeded)", 0, 0, OPT_DEFAULT},
    {"diversity", 0, OPT_DOUBLE, &diversity, 0, NULL, "L", SUGGEST_DIVERSITY, "weight of the penalty for similarity to documents already chosen (0 = none)", 0, 1000, OPT_DEFAULT},
    {"exclude", 0, OPT_STR, &exclude_path, 0, NULL, "FILE", NULL, "leave out documents already labelled: FILE lists their ids (a line, or its first TAB-separated field) or is a corpus of them (the same normalised text)", OPT_NORANGE},
    CLI_OPT_SEED(&seed, "random seed (--strategy random)"),
    {"input-format", 'f', OPT_STR, &input_format, 0, NULL, "FMT", "auto", "pool format: auto, tsv, fasttext, jsonl, csv, dir, lines (labels ignored)", 0, 0, OPT_DEFAULT},
    CLI_OPTS_CORPUS,
    {"format", 0, OPT_STR, &format, 0, NULL, "FMT", "text", "output: text, tsv, json or html (a page to work through)", 0, 0, OPT_DEFAULT},
    {"skip-bad", 0, OPT_SET, &skip_bad, 1, NULL, NULL, NULL, "pass over bad documents of the pool (counted) instead of stopping", OPT_NORANGE},
    CLI_OPT_THREADS(&threads, "2", OPT_DEFAULT, "feature extraction threads"),
    CLI_OPT_MAX_LINE_BYTES(&max_line),
    {0},
};

static const cmd_spec suggest_cmd = {
    "suggest", "-m MODEL [options] POOL...",
    "Rank the unlabelled documents of POOL by how much labelling them should\n"
    "help the model, and print the N best: the documents the model is least\n"
    "sure about, chosen so that one batch holds no near-duplicates.  POOL is a\n"
    "corpus in any format (labels, if present, are ignored) or - for standard\n"
    "input; each document is named FILE:LINE (FILE for a document per file).",
    suggest_opts_def,
    "Usefulness: --strategy margin (default) takes the smallest gap between the\n"
    "two best scores (probabilities with -b 1 models, else decision values);\n"
    "for label-set models the smallest distance of a label's decision value to\n"
    "its threshold.  entropy takes the most even probabilities; random a seeded\n"
    "random order.  The 10 N most useful documents are the candidates, each\n"
    "with rank r (its place among them / their number); N times the candidate\n"
    "with the least r + L * (its largest cosine similarity, on the model's\n"
    "tf-idf vectors, to a document already chosen) is taken, L = --diversity.\n"
    "Output, in the order chosen: the id, the model's prediction and its score,\n"
    "why (the margin, entropy or distance; the runner-up or nearest label; the\n"
    "similarity and the document it is like) and the first words.\n"
    "Exit status: 0 success, 1 data, model or I/O error, 2 usage error.\n",
};

typedef enum { FMT_TEXT, FMT_TSV, FMT_JSON, FMT_HTML } fmt_kind;

/* The model's prediction: its label, or its set comma-separated. */
static void prediction(const tasnif_model *m, const suggest_item *it, char *buf, size_t cap)
{
    if (!it->chosen) {
        snprintf(buf, cap, "%s", m->labels[it->label]);
        return;
    }
    size_t o = 0;
    buf[0] = '\0';
    for (int q = 0; q < m->nlabels && o < cap; q++)
        if (it->chosen[q])
            o += (size_t)snprintf(buf + o, cap - o, "%s%s", o ? "," : "", m->labels[q]);
}

/* Why it was chosen, in words. */
static void why(const tasnif_model *m, const suggest_result *r, const suggest_item *it, int strat, char *buf,
                size_t cap)
{
    size_t o;
    if (strat == SUGGEST_RANDOM)
        o = (size_t)snprintf(buf, cap, "random draw %.4f", it->value);
    else if (strat == SUGGEST_ENTROPY)
        o = (size_t)snprintf(buf, cap, "entropy %.4f (1: every label as likely)", 1 - it->value);
    else if (m->multi)
        o = (size_t)snprintf(buf, cap, "%s at %.4f, %.4f from its threshold %.4f", m->labels[it->other],
                             it->other_score, it->value, m->thresh[it->other]);
    else
        o = (size_t)snprintf(buf, cap, "margin %.4f over %s (%.4f)", it->value, m->labels[it->other],
                             it->other_score);
    if (o < cap)
        o += (size_t)snprintf(buf + o, cap - o, "; rank %.3f", it->rank);
    if (o < cap && it->similar_to >= 0)
        snprintf(buf + o, cap - o, "; similarity %.3f to %s", it->similarity, r->items[it->similar_to].id);
}

static void write_text(const tasnif_model *m, const suggest_result *r, int strat)
{
    for (size_t i = 0; i < r->n; i++) {
        const suggest_item *it = &r->items[i];
        char pred[4096], w[4096];
        prediction(m, it, pred, sizeof pred);
        why(m, r, it, strat, w, sizeof w);
        printf("%zu\t", i + 1);
        render_text(stdout, it->id, 0);
        fputc('\t', stdout);
        render_text(stdout, pred, 0);
        printf(" %.4f\t", it->score);
        render_text(stdout, w, 0);
        fputs("\n\t", stdout);
        render_text(stdout, it->words, 0);
        fputc('\n', stdout);
    }
}

static void write_tsv(const tasnif_model *m, const suggest_result *r, int strat)
{
    printf("id\trank\tprediction\tscore\t%s\trunner_up\trunner_up_score\tsimilarity\tsimilar_to\tcost\twords\n",
           strat == SUGGEST_RANDOM ? "draw" : strat == SUGGEST_ENTROPY ? "entropy" : m->multi ? "distance" : "margin");
    for (size_t i = 0; i < r->n; i++) {
        const suggest_item *it = &r->items[i];
        char pred[4096];
        prediction(m, it, pred, sizeof pred);
        render_tsv(stdout, it->id);
        printf("\t%zu\t", i + 1);
        render_tsv(stdout, pred);
        printf("\t%.6f\t%.6f\t", it->score, strat == SUGGEST_ENTROPY ? 1 - it->value : it->value);
        if (it->other >= 0) {
            render_tsv(stdout, m->labels[it->other]);
            printf("\t%.6f", it->other_score);
        } else
            fputc('\t', stdout);
        printf("\t%.6f\t", it->similarity);
        if (it->similar_to >= 0)
            render_tsv(stdout, r->items[it->similar_to].id);
        printf("\t%.6f\t", it->cost);
        render_tsv(stdout, it->words);
        fputc('\n', stdout);
    }
}

static void json_num(const char *key, double v)
{
    printf(",\"%s\":", key);
    render_json_number(stdout, v, -1);
}

static void write_json(const tasnif_model *m, const suggest_result *r, int strat, char *const *pool, int npool)
{
    fputs("{\"model\":", stdout);
    render_json_string(stdout, model_path);
    fputs(",\"pool\":[", stdout);
    for (int i = 0; i < npool; i++) {
        if (i)
            fputc(',', stdout);
        render_json_string(stdout, pool[i]);
    }
    printf("],\"strategy\":\"%s\"", suggest_strategy_name(strat));
    json_num("diversity", diversity);
    printf(",\"seed\":%d,\"documents\":%zu,\"excluded_by_id\":%zu,\"excluded_by_text\":%zu,\"skipped\":%zu,"
           "\"candidates\":%zu,\"score_kind\":\"%s\",\"suggestions\":[",
           seed, r->pool, r->excluded_id, r->excluded_text, r->skipped, r->candidates,
           m->has_prob ? "probability" : "decision");
    for (size_t i = 0; i < r->n; i++) {
        const suggest_item *it = &r->items[i];
        printf("%s{\"rank\":%zu,\"id\":", i ? "," : "", i + 1);
        render_json_string(stdout, it->id);
        fputs(",\"label\":", stdout);
        render_json_string(stdout, m->labels[it->label]);
        if (it->chosen) {
            fputs(",\"labels\":[", stdout);
            for (int q = 0, first = 1; q < m->nlabels; q++)
                if (it->chosen[q]) {
                    if (!first)
                        fputc(',', stdout);
                    render_json_string(stdout, m->labels[q]);
                    first = 0;
                }
            fputc(']', stdout);
        }
        json_num("score", it->score);
        printf(",\"why\":{\"%s\":", strat == SUGGEST_RANDOM ? "draw" : strat == SUGGEST_ENTROPY ? "entropy"
                                    : m->multi ? "distance" : "margin");
        render_json_number(stdout, strat == SUGGEST_ENTROPY ? 1 - it->value : it->value, -1);
        if (it->other >= 0) {
            fputs(m->multi ? ",\"nearest\":" : ",\"runner_up\":", stdout);
            render_json_string(stdout, m->labels[it->other]);
            json_num(m->multi ? "decision" : "runner_up_score", it->other_score);
            if (m->multi)
                json_num("threshold", m->thresh[it->other]);
        }
        json_num("rank", it->rank);
        json_num("similarity", it->similarity);
        fputs(",\"similar_to\":", stdout);
        if (it->similar_to >= 0)
            render_json_string(stdout, r->items[it->similar_to].id);
        else
            fputs("null", stdout);
        json_num("penalty", diversity * it->similarity);
        json_num("cost", it->cost);
        fputs("},\"words\":", stdout);
        render_json_string(stdout, it->words);
        fputc('}', stdout);
    }
    fputs("]}\n", stdout);
}

static void write_html(const tasnif_model *m, const suggest_result *r, int strat)
{
    char intro[1024], pred[4096], w[4096], score[64];
    snprintf(intro, sizeof intro, "The %zu documents of %zu (%zu left out as labelled) whose labels should help "
             "model %s most, chosen by %s with diversity %g: label them in this order.",
             r->n, r->pool, r->excluded_id + r->excluded_text, model_path, suggest_strategy_name(strat), diversity);
    worklist_begin(stdout, "Documents to label next", intro);
    for (size_t i = 0; i < r->n; i++) {
        const suggest_item *it = &r->items[i];
        prediction(m, it, pred, sizeof pred);
        why(m, r, it, strat, w, sizeof w);
        snprintf(score, sizeof score, "%.4f", it->score);
        worklist_doc_begin(stdout, i + 1, it->id);
        worklist_fact(stdout, "the model says", pred);
        worklist_fact(stdout, m->has_prob ? "probability" : "score", score);
        worklist_fact(stdout, "why", w);
        worklist_doc_end(stdout, it->words, it->text);
    }
    worklist_end(stdout);
}

int cmd_suggest(int argc, char **argv)
{
    int first, rc = opts_parse(&suggest_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (!model_path)
        return opts_usage_error(&suggest_cmd, "no model: give -m MODEL");
    if (first >= argc)
        return opts_usage_error(&suggest_cmd, "no pool given");
    int strat = suggest_strategy_parse(strategy);
    if (strat < 0)
        return opts_usage_error(&suggest_cmd, "--strategy takes margin, entropy or random, not '%s'", strategy);
    static const char *fmts[] = {"text", "tsv", "json", "html"};
    int kind = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(format, fmts[i]) == 0)
            kind = i;
    if (kind < 0)
        return opts_usage_error(&suggest_cmd, "unknown --format '%s' (text, tsv, json, html)", format);
    int fmt = corpus_format_parse(input_format);
    if (fmt < 0)
        return opts_usage_error(&suggest_cmd, "unknown --input-format '%s'", input_format);
    if ((rc = cli_corpus_spec_check(&suggest_cmd, fmt)) >= 0)
        return rc;
    if ((rc = cli_check_output("-", NULL, model_path, exclude_path, argv + first, argc - first)) >= 0)
        return rc;
    cli_model cm;
    if ((rc = cli_model_open(&cm, model_path)) >= 0)
        return rc;
    tasnif_err err = {0};
    suggest_exclude *ex = NULL;
    suggest_result res;
    suggest_opts o = {strat, (size_t)count, diversity, 0, (unsigned)seed, threads, skip_bad, max_line, NULL, &cli_spec};
    if (exclude_path && suggest_exclude_load(cm.m, exclude_path, max_line, &ex, &err) < 0)
        rc = cli_fail(&err);
    else {
        o.exclude = ex;
        if (suggest_run(cm.m, (const char *const *)(argv + first), argc - first, (corpus_format)fmt, &o, &res, &err) < 0)
            rc = cli_fail(&err);
    }
    if (rc < 0) {
        if (res.skipped)
            fprintf(stderr, "tasnif: skipped %zu bad documents of the pool (the first: %s)\n", res.skipped,
                    res.first_bad.msg);
        if (kind == FMT_TEXT)
            write_text(cm.m, &res, strat);
        else if (kind == FMT_TSV)
            write_tsv(cm.m, &res, strat);
        else if (kind == FMT_JSON)
            write_json(cm.m, &res, strat, argv + first, argc - first);
        else
            write_html(cm.m, &res, strat);
        if (res.n < (size_t)count)
            fprintf(stderr, "tasnif: only %zu documents to suggest (%zu in the pool, %zu left out as labelled)\n",
                    res.n, res.pool, res.excluded_id + res.excluded_text);
        suggest_result_finish(&res);
        rc = cli_flush_stdout();
    }
    suggest_exclude_free(ex);
    cli_model_close(&cm);
    return rc;
}
