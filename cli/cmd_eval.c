/*
 * cmd_eval.c - `tasnif eval`: score a model on a labelled test corpus and
 * report, with optional gates for CI.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "common.h"
#include "../predict/mlreport.h"
#include "../predict/report.h"
#include "../predict/stream.h"

static const char *model_path, *input_format, *report_path, *format, *junit_path, *baseline_path,
    *fail_under, *max_drop, *label_sep;
static int skip_bad, bootstrap, seed, threads;
static long long max_line;

static const opt_def eval_opts[] = {
    {"model", 'm', OPT_STR, &model_path, 0, NULL, "MODEL", NULL, "model file from tasnif train (required)", OPT_NORANGE},
    {"input-format", 'f', OPT_STR, &input_format, 0, NULL, "FMT", "auto", "test corpus format: auto, tsv, fasttext, jsonl, csv, dir", 0, 0, OPT_DEFAULT},
    CLI_OPTS_CORPUS,
    {"report", 'o', OPT_STR, &report_path, 0, NULL, "FILE", "stdout", "write the report to FILE (format from its extension)", OPT_NORANGE},
    {"format", 0, OPT_STR, &format, 0, NULL, "FMT", "text", "report format: text, json, md, html", OPT_NORANGE},
    {"junit", 0, OPT_STR, &junit_path, 0, NULL, "FILE", NULL, "also write JUnit XML: one test case per label and per gate (- = standard output, with -o FILE)", OPT_NORANGE},
    {"baseline", 0, OPT_STR, &baseline_path, 0, NULL, "OLD.json", NULL, "show every figure's change against an earlier JSON report", OPT_NORANGE},
    {"fail-under", 0, OPT_STR, &fail_under, 0, NULL, "M=V,...", NULL, "gates: exit 3 when a metric is below V (accuracy, macro_f1, weighted_f1, f1:LABEL, ...)", OPT_NORANGE},
    {"max-drop", 0, OPT_STR, &max_drop, 0, NULL, "M=P,...", NULL, "gates: exit 3 when a metric fell more than P points below --baseline", OPT_NORANGE},
    {"bootstrap", 0, OPT_INT, &bootstrap, 0, NULL, "N", FEAT_STR(REPORT_DEF_BOOTSTRAP), "bootstrap resamples for 95% intervals (0 = none)", 0, 1000000, OPT_DEFAULT},
    CLI_OPT_SEED(&seed, "bootstrap seed"),
    {"label-sep", 0, OPT_STR, &label_sep, 0, NULL, "C", ",", "multi-label models: the separator of a TSV or CSV label set", OPT_NORANGE},
    {"skip-bad", 0, OPT_SET, &skip_bad, 1, NULL, NULL, NULL, "skip bad documents (reported, counted) instead of stopping", OPT_NORANGE},
    CLI_OPT_THREADS(&threads, "2", OPT_DEFAULT, "feature extraction threads"),
    CLI_OPT_MAX_LINE_BYTES(&max_line),
    {0},
};

/* ---- label sets: every test document's set (TSV "a,b<TAB>text", fastText
 * __label__ prefixes, JSON Lines "labels") against the set the model chooses ---- */

typedef struct eval_ml_opts {
    const char *model_path;
    const char *const *paths;
    int npaths;
    corpus_format format;
    char label_sep;
    long long max_line;
    int threads, skip_bad, bootstrap;
    unsigned seed;
    const char *report_path, *junit_path, *fail_under, *max_drop, *baseline;
    int report_format;
} eval_ml_opts;

typedef struct ml_run {
    const tasnif_model *m;
    ml_report *r;
    uint8_t *truth, *pred;
    int skip_bad;
    size_t skipped;
    int failed;
} ml_run;

/* The truth flags of a joined label set; @return 0 or -1 (unknown label). */
static int truth_of(const tasnif_model *m, const char *set, size_t len, uint8_t *truth, const char **bad,
                    size_t *badlen)
{
    memset(truth, 0, (size_t)m->nlabels);
    for (const char *p = set, *end = set + len; p <= end;) {
        const char *e = memchr(p, CORPUS_LABEL_SEP, (size_t)(end - p));
        const char *stop = e ? e : end;
        int li = model_label_index(m, p, (size_t)(stop - p));
        if (li < 0) {
            *bad = p;
            *badlen = (size_t)(stop - p);
            return -1;
        }
        truth[li] = 1;
        p = stop + 1;
    }
    return 0;
}

static int on_set_doc(void *user, const stream_doc *d)
{
    ml_run *run = user;
    tasnif_err e = {0};
    int rc = d->rc;
    if (rc == 0) {
        const char *bad;
        size_t badlen;
        if (truth_of(run->m, d->label, d->label_len, run->truth, &bad, &badlen) < 0)
            rc = err_set(&e, TASNIF_EINPUT, d->file, d->line, 0, "label '%.*s' is not one of the model's labels",
                         (int)badlen, bad);
    } else
        e = *d->err;
    if (rc < 0) {
        if (run->skip_bad && err_skippable(rc)) {
            fprintf(stderr, "tasnif: skipped %s\n", e.msg);
            run->skipped++;
            return 0;
        }
        run->failed = cli_fail(&e);
        return rc;
    }
    unsigned char *chosen = run->pred;
    model_label_set(run->m, d->sc->dec, NULL, chosen);
    char where[1200];
    corpus_name(d->id, d->file, d->line, where, sizeof where);
    if (ml_report_add(run->r, run->truth, run->pred, where) < 0) {
        fprintf(stderr, "tasnif: out of memory\n");
        run->failed = EXIT_FAIL;
        return TASNIF_ENOMEM;
    }
    return 0;
}

/* Write the report to path ("-" = stdout); @return 0 or -1 (reported). */
static int write_ml(const ml_report *r, const char *path, int fmt, int junit)
{
    if (strcmp(path, "-") == 0 && !junit) { /* JUnit XML to standard output: through ml_report_save */
        ml_report_write(r, (report_format)fmt, stdout);
        return cli_flush_stdout() == EXIT_OK ? 0 : -1;
    }
    tasnif_err err = {0};
    if (ml_report_save(r, (report_format)fmt, junit, path, &err) < 0) {
        cli_fail(&err);
        return -1;
    }
    return 0;
}

static int eval_label_sets(cli_model *cm, const eval_ml_opts *o)
{
    const tasnif_model *m = cm->m;
    ml_report r;
    tasnif_err err = {0};
    if (o->baseline || o->max_drop) {
        fprintf(stderr, "tasnif: --baseline and --max-drop are not available for multi-label models yet\n");
        return EXIT_USAGE;
    }
    if (ml_report_init(&r, m->nlabels, m->labels) < 0) {
        fprintf(stderr, "tasnif: out of memory\n");
        return EXIT_FAIL;
    }
    char *model_name = cli_names(&o->model_path, 1), *test_names = cli_names(o->paths, o->npaths);
    if (!model_name || !test_names) {
        ml_report_finish(&r);
        free(model_name);
        free(test_names);
        fprintf(stderr, "tasnif: out of memory\n");
        return EXIT_FAIL;
    }
    r.model_path = model_name;
    r.test_path = test_names;
    r.bootstrap = o->bootstrap;
    r.seed = o->seed;
    const char *bad;
    if (o->fail_under && ml_report_add_gates(&r, o->fail_under, &bad) < 0) {
        ml_report_finish(&r);
        free(model_name);
        free(test_names);
        fprintf(stderr, "tasnif eval: --fail-under '%s': expected METRIC=NUMBER (0 to 1) with a metric the report "
                        "shows (micro_f1, macro_f1, samples_f1, exact_match, hamming_loss, f1:LABEL, ...)\n", bad);
        return EXIT_USAGE;
    }
    ml_run run = {m, &r, malloc((size_t)m->nlabels), malloc((size_t)m->nlabels), o->skip_bad, 0, 0};
    int status = run.truth && run.pred ? EXIT_OK : EXIT_FAIL;
    for (int i = 0; i < o->npaths && status == EXIT_OK; i++) {
        corpus *c = NULL;
        if (corpus_open(o->paths[i], o->format, 1, o->max_line, &c, &err) < 0) {
            status = cli_fail(&err);
            break;
        }
        corpus_set_multi(c, o->label_sep);
        corpus_set_spec(c, &cli_spec);
        if (stream_corpus(m, c, o->threads, 1, on_set_doc, &run, &err) < 0)
            status = run.failed ? run.failed : cli_fail(&err);
        corpus_close(c);
    }
    if (status == EXIT_OK && r.n == 0) {
        fprintf(stderr, "tasnif: no test documents\n");
        status = EXIT_FAIL;
    }
    if (status == EXIT_OK && ml_report_compute(&r) < 0) {
        fprintf(stderr, "tasnif: out of memory\n");
        status = EXIT_FAIL;
    }
    if (status == EXIT_OK) {
        if (run.skipped)
            fprintf(stderr, "tasnif: skipped %zu bad documents\n", run.skipped);
        if (write_ml(&r, o->report_path ? o->report_path : "-", o->report_format, 0) < 0 ||
            (o->junit_path && write_ml(&r, o->junit_path, 0, 1) < 0))
            status = EXIT_FAIL;
    }
    if (status == EXIT_OK && ml_report_failed_gates(&r)) {
        for (int g = 0; g < r.ngates; g++)
            if (!r.gates[g].pass)
                fprintf(stderr, "tasnif: gate failed: %s = %.4f is %s %.4f\n", r.gates[g].metric, r.gates[g].value,
                        ml_report_at_most(r.gates[g].metric) ? "above" : "below", r.gates[g].limit);
        status = EXIT_GATE;
    }
    free(run.truth);
    free(run.pred);
    ml_report_finish(&r);
    free(model_name);
    free(test_names);
    return status;
}

/* ---- single labels ---- */

typedef struct eval_run {
    const tasnif_model *m;
    report *r;
    size_t skipped;
    int failed;         /* exit status when the run stopped on an error */
} eval_run;

static int on_doc(void *user, const stream_doc *d)
{
    eval_run *run = user;
    tasnif_err e = {0};
    int rc = d->rc, truth = -1;
    if (rc == 0) {
        truth = model_label_index(run->m, d->label, d->label_len);
        if (truth < 0)
            rc = err_set(&e, TASNIF_EINPUT, d->file, d->line, 0, "label '%.*s' is not one of the model's labels",
                         (int)d->label_len, d->label);
    } else
        e = *d->err;
    if (rc < 0) {
        if (skip_bad && err_skippable(rc)) {
            fprintf(stderr, "tasnif: skipped %s\n", e.msg);
            run->skipped++;
            return 0;
        }
        run->failed = cli_fail(&e);
        return rc;
    }
    /* the worst errors name a document by its id where it has one */
    if (report_add(run->r, truth, d->scores[0].index, d->scores, run->m->has_prob, d->id ? d->id : d->file,
                   d->id ? 0 : d->line, d->text, d->len) < 0) {
        fprintf(stderr, "tasnif: out of memory\n");
        run->failed = EXIT_FAIL;
        return TASNIF_ENOMEM;
    }
    return 0;
}

static const cmd_spec eval_cmd = {
    "eval", "-m MODEL [options] TEST...",
    "Evaluate a model on labelled test documents: accuracy; macro-, micro- and\n"
    "weighted precision, recall and F1 with 95% bootstrap intervals; per-label\n"
    "figures; the confusion matrix and the most frequent confusions with\n"
    "examples; log-loss, calibration and coverage when the model has\n"
    "probabilities.  Multi-label models are evaluated on label sets (TSV\n"
    "'a,b<TAB>text', fastText, JSON Lines \"labels\"): micro-, macro- and\n"
    "per-document (samples) precision, recall and F1, exact match, Hamming\n"
    "loss, label cardinality, per-label figures; gates on any of them.\n"
    "The JSON formats are documented in predict/REPORT.md.",
    eval_opts,
    "A test document whose label the model does not know is an error (its\n"
    "file:line is named).  Exit status: 0 success, 1 data, model or I/O error,\n"
    "2 usage error, 3 a gate failed (each failed gate is named on stderr).\n",
};

/* Write the report to path ("-" = stdout); @return 0 or -1 (reported). */
static int write_report_file(const report *r, const char *path, int fmt, int junit)
{
    if (strcmp(path, "-") == 0 && !junit) { /* JUnit XML to standard output: through report_save */
        if (report_write(r, (report_format)fmt, stdout, fmt == REP_TEXT && isatty(1)) < 0) {
            fprintf(stderr, "tasnif: out of memory: the report is incomplete\n");
            return -1;
        }
        return cli_flush_stdout() == EXIT_OK ? 0 : -1;
    }
    tasnif_err err = {0};
    if (report_save(r, (report_format)fmt, junit, path, &err) < 0) {
        cli_fail(&err);
        return -1;
    }
    return 0;
}

/* Name each failed gate on stderr, as the report names its metric. */
static void print_failed_gates(const report *r)
{
    for (int g = 0; g < r->ngates; g++)
        if (!r->gates[g].pass) {
            const report_gate *gt = &r->gates[g];
            if (!gt->known)
                fprintf(stderr, "tasnif: gate failed: %s: no such metric%s\n", gt->metric,
                        gt->is_drop ? " in this report and the baseline" : "");
            else if (gt->is_drop)
                fprintf(stderr, "tasnif: gate failed: %s dropped %.2f points, more than %.2f\n", gt->metric,
                        gt->value, gt->limit);
            else
                fprintf(stderr, "tasnif: gate failed: %s = %.4f is below %.4f\n", gt->metric, gt->value, gt->limit);
        }
}

/* Evaluate a single-label model on the test corpora and write its report; @return the exit status. */
static int eval_single(const tasnif_model *m, char **tests, int ntests, int fmt, int rfmt)
{
    tasnif_err err = {0};
    report r;
    int status = EXIT_OK;
    if (report_init(&r, m->nlabels, m->labels) < 0) {
        fprintf(stderr, "tasnif: out of memory\n");
        return EXIT_FAIL;
    }
    char *model_name = cli_names((const char *const *)&model_path, 1);
    char *test_names = cli_names((const char *const *)tests, ntests);
    if (!model_name || !test_names) {
        report_finish(&r);
        free(model_name);
        free(test_names);
        fprintf(stderr, "tasnif: out of memory\n");
        return EXIT_FAIL;
    }
    r.model_path = model_name;
    r.test_path = test_names;
    r.bootstrap = bootstrap;
    r.seed = (unsigned)seed;
    char why[512];
    const char *bad_flag = NULL;
    if (fail_under && report_add_gates(&r, fail_under, 0, why, sizeof why) < 0)
        bad_flag = "--fail-under";
    else if (max_drop && report_add_gates(&r, max_drop, 1, why, sizeof why) < 0)
        bad_flag = "--max-drop";
    if (bad_flag) {
        report_finish(&r);
        free(model_name);
        free(test_names);
        return opts_usage_error(&eval_cmd, "%s %s", bad_flag, why);
    }
    if (baseline_path && report_load_baseline(&r, baseline_path, &err) < 0) {
        report_finish(&r);
        free(model_name);
        free(test_names);
        return cli_fail(&err);
    }
    eval_run run = {m, &r, 0, 0};
    for (int i = 0; i < ntests && status == EXIT_OK; i++) {
        corpus *c = NULL;
        if (corpus_open(tests[i], (corpus_format)fmt, 1, max_line, &c, &err) < 0) {
            status = cli_fail(&err);
            break;
        }
        corpus_set_spec(c, &cli_spec);
        if (stream_corpus(m, c, threads, 1, on_doc, &run, &err) < 0)
            status = run.failed ? run.failed : cli_fail(&err);
        corpus_close(c);
    }
    size_t skipped = run.skipped;
    if (status == EXIT_OK && r.n == 0) {
        fprintf(stderr, "tasnif: no test documents\n");
        status = EXIT_FAIL;
    }
    if (status == EXIT_OK && report_compute(&r) < 0) {
        fprintf(stderr, "tasnif: out of memory\n");
        status = EXIT_FAIL;
    }
    if (status == EXIT_OK) {
        if (skipped)
            fprintf(stderr, "tasnif: skipped %zu bad documents\n", skipped);
        if (write_report_file(&r, report_path ? report_path : "-", rfmt, 0) < 0 ||
            (junit_path && write_report_file(&r, junit_path, 0, 1) < 0))
            status = EXIT_FAIL;
    }
    if (status == EXIT_OK && report_failed_gates(&r)) {
        print_failed_gates(&r);
        status = EXIT_GATE;
    }
    report_finish(&r);
    free(model_name);
    free(test_names);
    return status;
}

int cmd_eval(int argc, char **argv)
{
    model_path = report_path = format = junit_path = baseline_path = fail_under = max_drop = NULL;
    skip_bad = 0;
    int first, rc = opts_parse(&eval_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    int fmt;
    if ((rc = cli_model_corpus_args(&eval_cmd, model_path, first, argc, "test corpus", input_format, &fmt)) >= 0 ||
        (rc = cli_corpus_spec_check(&eval_cmd, fmt)) >= 0)
        return rc;
    int rfmt = REP_TEXT;
    if (format && (rfmt = report_format_parse(format)) < 0)
        return opts_usage_error(&eval_cmd, "unknown --format '%s' (text, json, md, html)", format);
    int ext = report_path && strcmp(report_path, "-") != 0 ? report_format_for(report_path) : -1;
    if (format && ext >= 0 && ext != rfmt)
        return opts_usage_error(&eval_cmd, "--format %s, but '%s' names a file of another format by its extension",
                                format, report_path);
    if (!format && report_path && strcmp(report_path, "-") != 0 && (rfmt = report_format_for(report_path)) < 0)
        return opts_usage_error(&eval_cmd, "cannot tell the format of '%s' from its extension: give --format", report_path);
    if (max_drop && !baseline_path)
        return opts_usage_error(&eval_cmd, "--max-drop needs --baseline");
    /* outputs: never an input, never each other, only regular files */
    char **tests = argv + first;
    int ntests = argc - first;
    const char *report_out = report_path ? report_path : "-";
    if ((rc = cli_output_stdout(&eval_cmd, "--junit", junit_path, "JUnit XML", 0,
                                strcmp(report_out, "-") == 0 ? "the report (give it -o FILE)" : NULL)) >= 0 ||
        (rc = cli_check_output(report_out, junit_path, model_path, baseline_path, tests, ntests)) >= 0 ||
        (junit_path && (rc = cli_check_output(junit_path, report_path, model_path, baseline_path, tests, ntests)) >= 0))
        return rc;
    cli_model cm;
    if ((rc = cli_model_open(&cm, model_path)) >= 0)
        return rc;
    tasnif_model *m = cm.m;
    if (label_sep && (!m->multi || strlen(label_sep) != 1)) {
        cli_model_close(&cm);
        return opts_usage_error(&eval_cmd, "--label-sep takes one character and goes with multi-label models");
    }
    if (m->multi) {
        eval_ml_opts mo = {model_path, (const char *const *)(argv + first), argc - first, (corpus_format)fmt,
                           label_sep ? label_sep[0] : ',', max_line, threads, skip_bad, bootstrap, (unsigned)seed,
                           report_path, junit_path, fail_under, max_drop, baseline_path, rfmt};
        rc = eval_label_sets(&cm, &mo);
    } else
        rc = eval_single(m, tests, ntests, fmt, rfmt);
    cli_model_close(&cm);
    return rc;
}
