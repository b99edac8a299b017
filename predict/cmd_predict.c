/*
 * cmd_predict.c - `tasnif predict`: label articles (one per file) or lines.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../cli/common.h"
#include "output.h"
#include "stream.h"

static const char *model_path, *input_format = "auto", *out_format = "text";
static int top_k = 1, lines, skip_bad, threads;
static long long max_line = 64LL << 20;

static const opt_def predict_opts[] = {
    {"model", 'm', OPT_STR, &model_path, 0, NULL, "MODEL", NULL, "model file from tasnif train (required)", OPT_NORANGE},
    {"lines", 'l', OPT_SET, &lines, 1, NULL, NULL, NULL, "one document per line (TSV, fastText or JSONL; labels ignored)", OPT_NORANGE},
    {"input-format", 'f', OPT_STR, &input_format, 0, NULL, "FMT", "auto", "with --lines: auto, tsv, fasttext, jsonl, lines", OPT_NORANGE},
    {"top-k", 'k', OPT_INT, &top_k, 0, NULL, "K", "1", "print the K best labels with scores", 1, 100000, 0},
    {"format", 0, OPT_STR, &out_format, 0, NULL, "FMT", "text", "output: text, tsv or json (one object per line)", OPT_NORANGE},
    {"skip-bad", 0, OPT_SET, &skip_bad, 1, NULL, NULL, NULL, "report bad documents and go on (exit status 1 at the end)", OPT_NORANGE},
    CLI_OPT_THREADS(&threads, "2 for files, 1 for stdin", "with --lines: feature extraction threads (more than 1 batches the output)"),
    CLI_OPT_MAX_LINE_BYTES(&max_line),
    {0},
};

static const cmd_spec predict_cmd = {
    "predict", "-m MODEL [options] [FILE...]",
    "Label documents.  Each FILE is one article; with no FILE, or -, standard\n"
    "input is one article.  With --lines every line is a document.",
    predict_opts,
    "Output, one line per document in input order: the label; with --top-k K the\n"
    "K best labels and their scores (probabilities when the model was trained\n"
    "with -b 1, else mean one-vs-one decision values).  With --format tsv each\n"
    "line starts with the document's name (FILE or FILE:LINE).\n"
    "An empty document, a blank line or invalid UTF-8 is an error naming\n"
    "FILE:LINE.  With --skip-bad such a document keeps its line, so output\n"
    "lines stay aligned with the input: an empty line (text), the name and an\n"
    "empty label (tsv), or {\"id\":...,\"label\":null,\"error\":...} (json).\n"
    "Exit status: 0 success, 1 data, model or I/O error, 2 usage error.\n",
};

typedef struct predict_run {
    const tasnif_model *m;
    out_kind kind;
    int k;
    size_t bad;
    int failed;
} predict_run;

/* Report a bad document; under --skip-bad keep its line in the output.
 * @return 0 to go on, or -1 to stop. */
static int skip_doc(out_kind kind, const tasnif_err *e, int rc)
{
    cli_fail(e);
    if (!skip_bad || rc == TASNIF_EIO || rc == TASNIF_ENOMEM)
        return -1;
    char name[600];
    snprintf(name, sizeof name, e->line > 0 ? "%s:%ld" : "%s", e->file, e->line);
    out_skipped(stdout, kind, name, e->msg);
    return 0;
}

static int on_line(void *user, const stream_doc *d)
{
    predict_run *run = user;
    if (d->rc < 0) {
        run->bad++;
        if (skip_doc(run->kind, d->err, d->rc) < 0) {
            run->failed = 1;
            return d->rc;
        }
        return 0;
    }
    char name[600];
    snprintf(name, sizeof name, "%s:%ld", d->file, d->line);
    out_prediction(stdout, run->kind, name, run->m, d->scores, run->k);
    return 0;
}

int cmd_predict(int argc, char **argv)
{
    int first, rc = opts_parse(&predict_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (!model_path)
        return opts_usage_error(&predict_cmd, "no model: give -m MODEL");
    out_kind kind = out_kind_parse(out_format);
    if ((int)kind < 0)
        return opts_usage_error(&predict_cmd, "unknown --format '%s' (text, tsv, json)", out_format);
    int fmt = corpus_format_parse(input_format);
    if (fmt < 0 || fmt == CORPUS_DIR)
        return opts_usage_error(&predict_cmd, "unknown --input-format '%s'", input_format);
    char *std_in[] = {"-"};
    if ((rc = cli_check_output("-", NULL, model_path, NULL, first < argc ? argv + first : std_in,
                               first < argc ? argc - first : 1)) >= 0)
        return rc;
    tasnif_err err = {0};
    cli_model cm;
    if ((rc = cli_model_open(&cm, model_path)) >= 0)
        return rc;
    tasnif_model *m = cm.m;
    int k = top_k < m->nlabels ? top_k : m->nlabels;
    size_t bad = 0;
    int status = EXIT_OK;
    char *buf = NULL;
    size_t cap = 0;
    char name[600];
    int nfiles = argc - first;
    if (nfiles == 0) {
        argv[argc] = "-"; /* argv has room for its NULL terminator */
        nfiles = 1;
    }
    for (int i = 0; i < nfiles && status == EXIT_OK; i++) {
        const char *path = argv[first + i];
        if (!lines) {
            size_t len = 0;
            tasnif_err e = {0};
            rc = corpus_read_file(path, max_line, &buf, &cap, &len, &e);
            if (rc == 0)
                rc = model_score_text(m, cm.ctx, &cm.sc, buf, len, strcmp(path, "-") ? path : "<stdin>", 0, &e);
            if (rc < 0) {
                if (rc == TASNIF_EIO && !e.file[0]) /* name the file in the output */
                    snprintf(e.file, sizeof e.file, "%s", strcmp(path, "-") ? path : "<stdin>");
                if (skip_doc(kind, &e, rc == TASNIF_EIO ? TASNIF_EINPUT : rc) < 0)
                    status = EXIT_FAIL;
                bad++;
                continue;
            }
            out_prediction(stdout, kind, strcmp(path, "-") ? path : "<stdin>", m, cm.sc.scores, k);
            continue;
        }
        corpus *c = NULL;
        if ((rc = corpus_open(path, (corpus_format)fmt, 0, max_line, &c, &err)) < 0) {
            cli_fail(&err);
            status = EXIT_FAIL;
            break;
        }
        int nth = threads ? threads : strcmp(path, "-") == 0 ? 1 : 2;
        if (nth > 1) {
            predict_run run = {m, kind, k, 0, 0};
            if (stream_corpus(m, c, nth, on_line, &run, &err) < 0) {
                if (!run.failed)
                    cli_fail(&err);
                status = EXIT_FAIL;
            }
            bad += run.bad;
            corpus_close(c);
            continue;
        }
        /* one thread: each line is answered as soon as it is read */
        for (;;) {
            corpus_doc d;
            tasnif_err e = {0};
            rc = corpus_next(c, &d, &e);
            if (rc == 0)
                break;
            if (rc > 0)
                rc = model_score_text(m, cm.ctx, &cm.sc, d.text, d.len, d.file, d.line, &e);
            if (rc < 0) {
                bad++;
                if (skip_doc(kind, &e, rc) < 0) {
                    status = EXIT_FAIL;
                    break;
                }
                continue;
            }
            snprintf(name, sizeof name, "%s:%ld", d.file, d.line);
            out_prediction(stdout, kind, name, m, cm.sc.scores, k);
            if (strcmp(path, "-") == 0)
                fflush(stdout);
        }
        corpus_close(c);
    }
    if (cli_flush_stdout() != EXIT_OK)
        status = EXIT_FAIL;
    if (bad && skip_bad) {
        fprintf(stderr, "tasnif: %zu bad documents were not labelled\n", bad);
        status = EXIT_FAIL;
    }
    free(buf);
    cli_model_close(&cm);
    return status;
}
