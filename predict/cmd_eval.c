/*
 * cmd_eval.c - `tasnif eval`: score a model on a labelled test corpus.
 */
#include <stdlib.h>
#include <string.h>
#include "../cli/common.h"
#include "metrics.h"

static const char *model_path, *input_format = "auto";
static int skip_bad;
static long long max_line = 64LL << 20;

static const opt_def eval_opts[] = {
    {"model", 'm', OPT_STR, &model_path, 0, NULL, "MODEL", NULL, "model file from tasnif train (required)"},
    {"input-format", 'f', OPT_STR, &input_format, 0, NULL, "FMT", "auto", "test corpus format: auto, tsv, fasttext, jsonl, dir"},
    {"skip-bad", 0, OPT_SET, &skip_bad, 1, NULL, NULL, NULL, "skip bad documents (reported, counted) instead of stopping"},
    {"max-line-bytes", 0, OPT_LONG, &max_line, 0, NULL, "N", "67108864", "refuse longer lines or files"},
    {0},
};

static const cmd_spec eval_cmd = {
    "eval", "-m MODEL [options] TEST...",
    "Evaluate a model on labelled test documents: accuracy, macro- and\n"
    "weighted-F1, per-label precision, recall, F1 and support, and the\n"
    "confusion matrix.",
    eval_opts,
    "A test document whose label the model does not know is an error (its\n"
    "file:line is named).  Exit status: 0 success, 1 data, model or I/O error,\n"
    "2 usage error.\n",
};

int cmd_eval(int argc, char **argv)
{
    int first, rc = opts_parse(&eval_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (!model_path)
        return opts_usage_error(&eval_cmd, "no model: give -m MODEL");
    if (first >= argc)
        return opts_usage_error(&eval_cmd, "no test corpus given");
    int fmt = corpus_format_parse(input_format);
    if (fmt < 0 || fmt == CORPUS_LINES)
        return opts_usage_error(&eval_cmd, "unknown --input-format '%s'", input_format);
    tasnif_err err = {0};
    tasnif_model *m = NULL;
    if (tasnif_model_load(model_path, &m, &err) < 0)
        return cli_fail(&err);
    feat_ctx *ctx = NULL;
    model_scratch sc;
    eval_stats st;
    int status = EXIT_OK;
    if (feat_ctx_new(&m->fs.cfg, &ctx, &err) < 0) {
        tasnif_model_free(m);
        return cli_fail(&err);
    }
    if (model_scratch_init(&sc, m) < 0 || eval_init(&st, m->nlabels) < 0) {
        fprintf(stderr, "tasnif: out of memory\n");
        feat_ctx_free(ctx);
        tasnif_model_free(m);
        return EXIT_FAIL;
    }
    size_t skipped = 0;
    double t0 = now_seconds();
    for (int i = first; i < argc && status == EXIT_OK; i++) {
        corpus *c = NULL;
        if (corpus_open(argv[i], (corpus_format)fmt, 1, max_line, &c, &err) < 0) {
            status = cli_fail(&err);
            break;
        }
        for (;;) {
            corpus_doc d;
            tasnif_err e = {0};
            rc = corpus_next(c, &d, &e);
            if (rc == 0)
                break;
            int truth = -1;
            if (rc > 0) {
                truth = model_label_index(m, d.label, d.label_len);
                if (truth < 0)
                    rc = err_set(&e, TASNIF_EINPUT, d.file, d.line, 0, "label '%.*s' is not one of the model's labels",
                                 (int)d.label_len, d.label);
            }
            if (rc > 0)
                rc = model_score_text(m, ctx, &sc, d.text, d.len, d.file, d.line, &e);
            if (rc < 0) {
                if (skip_bad && (rc == TASNIF_EINPUT || rc == TASNIF_EUTF8 || rc == TASNIF_ELIMIT)) {
                    fprintf(stderr, "tasnif: skipped %s\n", e.msg);
                    skipped++;
                    continue;
                }
                status = cli_fail(&e);
                break;
            }
            eval_add(&st, truth, rc);
        }
        corpus_close(c);
    }
    double secs = now_seconds() - t0;
    if (status == EXIT_OK && st.n == 0) {
        fprintf(stderr, "tasnif: no test documents\n");
        status = EXIT_FAIL;
    }
    if (status == EXIT_OK) {
        eval_compute(&st);
        printf("model       %s\n", model_path);
        printf("test        %s", argv[first]);
        for (int i = first + 1; i < argc; i++)
            printf(" %s", argv[i]);
        printf("\n");
        if (skipped)
            printf("skipped     %zu bad documents\n", skipped);
        eval_print_text(stdout, &st, m->labels);
        printf("\n%.3f s, %.0f documents/s\n", secs, secs > 0 ? (double)st.n / secs : 0.0);
    }
    eval_finish(&st);
    model_scratch_finish(&sc);
    feat_ctx_free(ctx);
    tasnif_model_free(m);
    return status;
}
