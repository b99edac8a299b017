/*
 * cmd_predict.c - `tasnif predict`: label articles (one per file) or lines.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "common.h"
#include "../features/dist.h"
#include "../predict/output.h"
#include "../predict/stream.h"

static const char *model_path, *input_format, *out_format, *threshold, *explain_label, *abstain_label;
static int top_k, lines, skip_bad, threads, explain_n, allow_empty;
static double min_confidence;
static int flush_each; /* standard output is no regular file: each answer is flushed */
static const char *explain_by; /* words (NULL) or ngrams */
static long long max_line;

static const opt_def predict_opts[] = {
    {"model", 'm', OPT_STR, &model_path, 0, NULL, "MODEL", NULL, "model file from tasnif train (required)", OPT_NORANGE},
    {"lines", 'l', OPT_SET, &lines, 1, NULL, NULL, NULL, "one document per line (TSV, fastText or JSONL; labels ignored)", OPT_NORANGE},
    {"input-format", 'f', OPT_STR, &input_format, 0, NULL, "FMT", "auto", "with --lines: auto, tsv, fasttext, jsonl, csv, lines", 0, 0, OPT_DEFAULT},
    CLI_OPTS_CORPUS,
    {"top-k", 'k', OPT_INT, &top_k, 0, NULL, "K", "1", "print the K best labels with scores", 1, 100000, OPT_DEFAULT},
    {"format", 0, OPT_STR, &out_format, 0, NULL, "FMT", "text", "output: text, tsv, json (one object per line) or html (one page, with --explain)", 0, 0, OPT_DEFAULT},
    {"explain", 'x', OPT_INT, &explain_n, 0, NULL, "N", "0 (none)", "explain each label shown: its score as bias + the N words (or n-grams) that contribute most + the rest", 0, 100000, 0},
    {"explain-by", 0, OPT_STR, &explain_by, 0, NULL, "UNIT", "words", "words (each word with its share of the n-grams it is part of: its own, its character n-grams, the lead's copies of them) or ngrams (each n-gram)", OPT_NORANGE},
    {"explain-label", 0, OPT_STR, &explain_label, 0, NULL, "LABEL", "the best label", "with --format html: the label whose evidence shades the text", OPT_NORANGE},
    {"threshold", 0, OPT_STR, &threshold, 0, NULL, "T|LABEL=T,...", "the model's", "multi-label models: choose the labels whose score reaches T (one number for all labels, or per label)", OPT_NORANGE},
    {"min-confidence", 0, OPT_DOUBLE, &min_confidence, 0, NULL, "P", "none (always a label)", "single-label models: no label when the best score (probability with -b 1, else decision value) is below P", -MODEL_VALUE_MAX, MODEL_VALUE_MAX, 0},
    {"abstain-label", 0, OPT_STR, &abstain_label, 0, NULL, "X", "'' (empty)", "text and TSV: what a document without a label gets", OPT_NORANGE},
    {"allow-empty", 0, OPT_SET, &allow_empty, 1, NULL, NULL, NULL, "multi-label models: a document whose labels all fall below their thresholds gets none (default: the model's; else the best label)", OPT_NORANGE},
    {"skip-bad", 0, OPT_SET, &skip_bad, 1, NULL, NULL, NULL, "report bad documents and go on (exit status 1 at the end)", OPT_NORANGE},
    CLI_OPT_THREADS(&threads, "2 for files, 1 for stdin", 0, "with --lines: feature extraction threads (more than 1 batches the lines that have arrived)"),
    CLI_OPT_MAX_LINE_BYTES(&max_line),
    {0},
};

static const cmd_spec predict_cmd = {
    "predict", "-m MODEL [options] [FILE...]",
    "Label documents.  Each FILE is one article; with no FILE, or -, standard\n"
    "input is one article.  With --lines every line is a document; from a\n"
    "pipe or terminal each line is answered as soon as it is whole, and to\n"
    "anything but a regular file each answer is written at once (a coprocess).",
    predict_opts,
    "Output, one line per document in input order: the label (multi-label\n"
    "models: every label whose score reaches its threshold, comma-separated,\n"
    "best first; the best one when none does, unless --allow-empty or the\n"
    "model was trained with it; --top-k K with --threshold: at most K labels,\n"
    "each reaching the threshold, possibly none, as fastText's predict k t);\n"
    "--min-confidence P: no label (--abstain-label, or an empty line; TSV an\n"
    "empty label; JSON \"label\": null) when the best score is below P;\n"
    "with --top-k K the K best labels and their\n"
    "scores: probabilities when the model was trained with -b 1, else decision\n"
    "values (one-vs-rest: the label's own; one-vs-one: the mean of its pairs').\n"
    "With --format tsv each line starts with the document's name (its id, else\n"
    "FILE or FILE:LINE).  --explain N writes, for each label shown, its score as bias +\n"
    "the contributions of the document's n-grams (exact for linear models;\n"
    "approximate, by occlusion, for kernel models), gathered by word: each\n"
    "word with its share of its n-grams (its own, its character n-grams, the\n"
    "lead's copies of them, half of a bigram), the N largest listed\n"
    "(--explain-by ngrams: the N largest n-grams; JSON gives both).\n"
    "An empty document, a blank line or invalid UTF-8 is an error naming\n"
    "FILE:LINE.  With --skip-bad such a document keeps its line, so output\n"
    "lines stay aligned with the input: an empty line (text), the name and an\n"
    "empty label (tsv), or {\"id\":...,\"label\":null,\"error\":...} (json).\n"
    "Exit status: 0 success, 1 data, model or I/O error, 2 usage error.\n",
};

typedef struct predict_run {
    const tasnif_model *m;
    feat_ctx *ctx;
    out_kind kind;
    int html;
    int k;
    model_choice choice;    /* which labels a document gets */
    int explain_label;      /* html: label index, or -1 for the best */
    unsigned char *chosen;  /* nlabels */
    model_expl *ex;         /* nlabels */
    size_t bad;
    int failed;
} predict_run;

/* Print one scored document (its scratch holds decisions and vector). */
static int emit(predict_run *run, const char *name, const model_scratch *sc, const char *text, size_t len)
{
    const tasnif_model *m = run->m;
    out_pred p = {.name = name, .k = run->k, .explain_n = explain_n,
                  .by_ngrams = explain_by && strcmp(explain_by, "ngrams") == 0};
    int only = !run->html ? -1 : run->explain_label >= 0 ? run->explain_label : sc->scores[0].index;
    p.abstain_label = abstain_label;
    if (out_pred_explain(&p, m, run->ctx, sc, text, len, &run->choice, only, run->chosen, run->ex) < 0) {
        fprintf(stderr, "tasnif: out of memory\n");
        return TASNIF_ENOMEM;
    }
    int rc = 0;
    if (run->html) {
        char verdict[4096];
        size_t o = (size_t)snprintf(verdict, sizeof verdict, "Labels: ");
        for (int i = 0; i < m->nlabels && o < sizeof verdict - 300; i++)
            if (run->chosen[sc->scores[i].index])
                o += (size_t)snprintf(verdict + o, sizeof verdict - o, "%s%s (%.3f)", o > 8 ? ", " : "",
                                      sc->scores[i].label, sc->scores[i].score);
        rc = out_html_doc(stdout, m, run->ctx, name, text, len, &run->ex[0], verdict, explain_n ? explain_n : 20);
    } else
        out_prediction(stdout, run->kind, m, &p);
    out_pred_finish(&p);
    return rc;
}

/* Report a bad document; under --skip-bad keep its line in the output.
 * @return 0 to go on, or -1 to stop. */
static int skip_doc(out_kind kind, const tasnif_err *e, int rc)
{
    cli_fail(e);
    if (!skip_bad || !err_skippable(rc))
        return -1;
    char name[600];
    snprintf(name, sizeof name, e->line > 0 ? "%s:%ld" : "%s", e->file, e->line);
    out_skipped(stdout, kind, name, e->msg);
    return 0;
}

static int on_line(void *user, const stream_doc *d)
{
    predict_run *run = user;
    int rc = 0;
    if (d->rc < 0) {
        run->bad++;
        if (skip_doc(run->kind, d->err, d->rc) < 0) {
            run->failed = 1;
            return d->rc;
        }
    } else {
        char name[1200];
        rc = emit(run, corpus_name(d->id, d->file, d->line, name, sizeof name), d->sc, d->text, d->len);
    }
    if (flush_each)
        fflush(stdout);
    return rc;
}

/* --threshold: one number for every label, or LABEL=T pairs (the others
 * keep the model's).  @return 0, or -1 with a message in why. */
static int parse_thresholds(const tasnif_model *m, const char *spec, double *t, char *why, size_t cap)
{
    double v;
    if (num_parse(spec, 0, -INFINITY, INFINITY, 0, &v) == 0) {
        for (int i = 0; i < m->nlabels; i++)
            t[i] = v;
        return 0;
    }
    if (!*spec) {
        snprintf(why, cap, "--threshold must be a decimal number or LABEL=T,..., not ''");
        return -1;
    }
    const char *p = spec;
    for (;;) {
        const char *comma = strchr(p, ','), *stop = comma ? comma : p + strlen(p);
        size_t nlen;
        int rc = name_value(p, (size_t)(stop - p), &nlen, -INFINITY, INFINITY, &v);
        int li = rc == 0 ? model_label_index(m, p, nlen) : -1;
        if (li < 0) {
            snprintf(why, cap, "--threshold '%.*s': %s", (int)(stop - p), p,
                     rc < 0 ? "expected LABEL=T with T a decimal number" : "no such label in the model");
            return -1;
        }
        t[li] = v;
        if (!comma)
            break;
        p = comma + 1;
    }
    return 0;
}

/* --threshold and --explain-label against the model, into run (*thresh
 * the thresholds given, freed by the caller).  @return -1 to go on, or
 * the exit status (reported). */
static int check_model_options(predict_run *run, double **thresh)
{
    const tasnif_model *m = run->m;
    if (threshold) {
        char why[512];
        if (!m->multi)
            return opts_usage_error(&predict_cmd, "--threshold applies to multi-label models (tasnif train --multi-label)");
        if (!(*thresh = malloc((size_t)m->nlabels * sizeof **thresh))) {
            fprintf(stderr, "tasnif: out of memory\n");
            return EXIT_FAIL;
        }
        memcpy(*thresh, m->thresh, (size_t)m->nlabels * sizeof **thresh);
        if (parse_thresholds(m, threshold, *thresh, why, sizeof why) < 0)
            return opts_usage_error(&predict_cmd, "%s", why);
        run->choice.thresh = *thresh;
    }
    if (opts_given(&predict_cmd, "min-confidence") && m->multi)
        return opts_usage_error(&predict_cmd, "--min-confidence applies to single-label models; label sets abstain by "
                                "their thresholds (--threshold, --allow-empty)");
    if (allow_empty && !m->multi)
        return opts_usage_error(&predict_cmd, "--allow-empty applies to multi-label models; a single-label model "
                                "abstains with --min-confidence P");
    if (opts_given(&predict_cmd, "min-confidence"))
        run->choice.min_confidence = min_confidence;
    run->choice.allow_empty |= allow_empty;
    if (m->multi && threshold && opts_given(&predict_cmd, "top-k")) { /* fastText's predict k t */
        run->choice.max_labels = top_k;
        run->choice.allow_empty = 1;
    }
    if (explain_label && (run->explain_label = model_label_index(m, explain_label, strlen(explain_label))) < 0)
        return opts_usage_error(&predict_cmd, "--explain-label '%s' is not one of the model's labels", explain_label);
    return -1;
}

/* One file (or standard input) as one document.  @return EXIT_OK, or
 * EXIT_FAIL when the output failed or a bad document stops the run; *bad
 * counts a document that could not be labelled. */
static int is_model_label(void *user, const char *s, size_t n)
{
    return model_label_index(user, s, n) >= 0;
}

/* A file read whole that looks like a corpus (most of its first lines
 * start with a label of the model and a TAB, or __label__): a hint that
 * --lines labels each line. */
static void hint_lines(const tasnif_model *m, const char *name, const char *buf, size_t len)
{
    int seen, found = corpus_labelled_lines(buf, len, 20, is_model_label, (void *)m, &seen);
    if (seen >= 2 && 2 * found > seen)
        fprintf(stderr, "tasnif: %s: note: %d of its first %d lines start with a label: labelled as one document; "
                "--lines labels each line\n", name, found, seen);
}

static int predict_whole(predict_run *run, cli_model *cm, const char *path, char **buf, size_t *cap, size_t *bad)
{
    char name[4 * 4096 + 1];
    text_printable(strcmp(path, "-") ? path : "<stdin>", name, sizeof name);
    size_t len = 0;
    tasnif_err e = {0};
    int rc = corpus_read_file(path, max_line, buf, cap, &len, &e);
    if (rc == 0)
        hint_lines(run->m, name, *buf, len);
    if (rc == 0)
        rc = model_score_text(run->m, cm->ctx, &cm->sc, *buf, len, name, 0, &e);
    if (rc < 0) {
        if (rc == TASNIF_EIO && !e.file[0]) /* name the file in the output */
            snprintf(e.file, sizeof e.file, "%.*s", (int)sizeof e.file - 1, name);
        (*bad)++;
        return skip_doc(run->kind, &e, rc == TASNIF_EIO ? TASNIF_EINPUT : rc) < 0 ? EXIT_FAIL : EXIT_OK;
    }
    return emit(run, name, &cm->sc, *buf, len) < 0 ? EXIT_FAIL : EXIT_OK;
}

/* One thread: each line is answered as soon as it is read (and, to a
 * pipe or terminal, written at once). */
static int predict_each(predict_run *run, cli_model *cm, corpus *c, size_t *bad)
{
    char name[1200];
    for (;;) {
        corpus_doc d;
        tasnif_err e = {0};
        int rc = corpus_next(c, &d, &e);
        if (rc == 0)
            return EXIT_OK;
        if (rc > 0)
            rc = model_score_text(run->m, cm->ctx, &cm->sc, d.text, d.len, d.file, d.line, &e);
        if (rc < 0) {
            (*bad)++;
            if (skip_doc(run->kind, &e, rc) < 0)
                return EXIT_FAIL;
        } else if (emit(run, corpus_doc_name(&d, name, sizeof name), &cm->sc, d.text, d.len) < 0) {
            return EXIT_FAIL;
        }
        if (flush_each)
            fflush(stdout);
    }
}

/* Every line (or record) of path as a document.  @return the status. */
static int predict_lines(predict_run *run, cli_model *cm, const char *path, int fmt, size_t *bad)
{
    tasnif_err err = {0};
    corpus *c = NULL;
    if (corpus_open(path, (corpus_format)fmt, 0, max_line, &c, &err) < 0) {
        cli_fail(&err);
        return EXIT_FAIL;
    }
    corpus_set_spec(c, &cli_spec);
    int status = EXIT_OK, nth = threads ? threads : strcmp(path, "-") == 0 ? 1 : 2;
    if (explain_n && run->m->sv_dense)
        nth = 1; /* batched dense scoring keeps no vectors to explain */
    if (nth > 1 || (dist_size() > 1 && !explain_n)) { /* processes share the documents */
        run->bad = 0;
        run->failed = 0;
        if (stream_corpus(run->m, c, nth, !explain_n, on_line, run, &err) < 0) {
            if (!run->failed)
                cli_fail(&err);
            status = EXIT_FAIL;
        }
        *bad += run->bad;
    } else
        status = predict_each(run, cm, c, bad);
    corpus_close(c);
    return status;
}

/* --explain and its companions.  @return -1 to go on, or EXIT_USAGE
 * (reported). */
static int check_explain_flags(int html)
{
    if (explain_n < 0)
        return opts_usage_error(&predict_cmd, "--explain must be 0 or more");
    if (html && !explain_n)
        return opts_usage_error(&predict_cmd, "--format html shows explanations: give --explain N");
    if (explain_label && !html)
        return opts_usage_error(&predict_cmd, "--explain-label goes with --format html");
    if (explain_by && strcmp(explain_by, "words") != 0 && strcmp(explain_by, "ngrams") != 0)
        return opts_usage_error(&predict_cmd, "--explain-by takes words or ngrams, not '%s'", explain_by);
    if (explain_by && !explain_n)
        return opts_usage_error(&predict_cmd, "--explain-by goes with --explain N");
    return -1;
}

/* The options against each other; @return -1 to go on, or EXIT_USAGE
 * (reported).  *fmt gets --input-format's corpus format. */
static int check_options(int html, out_kind kind, int *fmt)
{
    if (!model_path)
        return opts_usage_error(&predict_cmd, "no model: give -m MODEL");
    if ((int)kind < 0)
        return opts_usage_error(&predict_cmd, "unknown --format '%s' (text, tsv, json, html)", out_format);
    int rc;
    if ((rc = check_explain_flags(html)) >= 0)
        return rc;
    *fmt = corpus_format_parse(input_format);
    if (*fmt < 0 || *fmt == CORPUS_DIR)
        return opts_usage_error(&predict_cmd, "unknown --input-format '%s'", input_format);
    return cli_corpus_spec_check(&predict_cmd, lines ? *fmt : -1);
}

int cmd_predict(int argc, char **argv)
{
    int first, rc = opts_parse(&predict_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    int html = strcmp(out_format, "html") == 0, fmt = CORPUS_AUTO;
    out_kind kind = html ? OUT_TEXT : out_kind_parse(out_format);
    if ((rc = check_options(html, kind, &fmt)) >= 0)
        return rc;
    /* standard input reaches rank 0 alone: every process of a job must read
     * the same documents */
    int from_stdin = first >= argc;
    for (int i = first; i < argc; i++)
        from_stdin |= strcmp(argv[i], "-") == 0;
    if (from_stdin && dist_size() > 1)
        return opts_usage_error(&predict_cmd, "under mpirun standard input reaches one process alone: give the "
                                "documents as files every process reads");
    char *std_in[] = {"-"};
    if ((rc = cli_check_output("-", NULL, model_path, NULL, first < argc ? argv + first : std_in,
                               first < argc ? argc - first : 1)) >= 0)
        return rc;
    struct stat st;
    flush_each = fstat(STDOUT_FILENO, &st) < 0 || !S_ISREG(st.st_mode);
    cli_model cm;
    if ((rc = cli_model_open(&cm, model_path)) >= 0)
        return rc;
    tasnif_model *m = cm.m;
    int k = top_k < m->nlabels ? top_k : m->nlabels;
    predict_run run = {m, cm.ctx, kind, html, k, {0, NULL, 0, 0}, -1, NULL, NULL, 0, 0};
    model_choice_init(&run.choice, m);
    double *thresh = NULL;
    run.chosen = malloc((size_t)m->nlabels);
    run.ex = calloc((size_t)m->nlabels, sizeof *run.ex);
    if (!run.chosen || !run.ex) {
        fprintf(stderr, "tasnif: out of memory\n");
        rc = EXIT_FAIL;
    } else
        rc = check_model_options(&run, &thresh);
    if (rc < 0) {
        if (html)
            out_html_begin(stdout, "tasnif: the evidence for each label");
        size_t bad = 0, cap = 0;
        char *buf = NULL;
        int status = EXIT_OK, nfiles = argc - first;
        if (nfiles == 0) {
            argv[argc] = "-"; /* argv has room for its NULL terminator */
            nfiles = 1;
        }
        for (int i = 0; i < nfiles && status == EXIT_OK; i++)
            status = lines ? predict_lines(&run, &cm, argv[first + i], fmt, &bad)
                           : predict_whole(&run, &cm, argv[first + i], &buf, &cap, &bad);
        if (html)
            out_html_end(stdout);
        if (cli_flush_stdout() != EXIT_OK)
            status = EXIT_FAIL;
        if (bad && skip_bad) {
            fprintf(stderr, "tasnif: %zu bad documents were not labelled\n", bad);
            status = EXIT_FAIL;
        }
        free(buf);
        rc = status;
    }
    free(run.chosen);
    free(run.ex);
    free(thresh);
    cli_model_close(&cm);
    return rc;
}
