/*
 * cmd_eval.c - `tasnif eval`: score a model on labelled test corpora and
 * report, each test file on its own and all together, with gates for CI
 * and a paired comparison with another model (--compare).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "common.h"
#include "../predict/compare.h"
#include "../predict/mlreport.h"
#include "../predict/report.h"
#include "../predict/stream.h"

static const char *model_path, *input_format, *report_path, *format, *junit_path, *baseline_path, *compare_path,
    *summary_path, *fail_under, *max_drop, *label_sep;
static int skip_bad, bootstrap, seed, threads, colour_when, ci_mode, allow_empty;
static double significance, min_confidence;
static long long max_line;

static const opt_def eval_opts[] = {
    {"model", 'm', OPT_STR, &model_path, 0, NULL, "MODEL", NULL, "model file from tasnif train (required)", OPT_NORANGE},
    {"input-format", 'f', OPT_STR, &input_format, 0, NULL, "FMT", "auto", "test corpus format: auto, tsv, fasttext, jsonl, dir", 0, 0, OPT_DEFAULT},
    {"report", 'o', OPT_STR, &report_path, 0, NULL, "FILE", "stdout", "write the report to FILE (format from its extension: .txt, .json, .md, .html, .xml for JUnit)", OPT_NORANGE},
    {"format", 0, OPT_STR, &format, 0, NULL, "FMT", "text", "report format: text, json, md, html, junit", OPT_NORANGE},
    {"junit", 0, OPT_STR, &junit_path, 0, NULL, "FILE", NULL, "also write JUnit XML (- for standard output, instead of the report unless -o names a file): a suite per test file with a case per label, a suite of the gates, one of the comparison", OPT_NORANGE},
    {"summary", 0, OPT_STR, &summary_path, 0, NULL, "FILE", NULL, "append the Markdown report to FILE (never replaced: --summary \"$GITHUB_STEP_SUMMARY\")", OPT_NORANGE},
    {"baseline", 0, OPT_STR, &baseline_path, 0, NULL, "OLD.json", NULL, "show every figure's change against an earlier JSON report", OPT_NORANGE},
    {"compare", 0, OPT_STR, &compare_path, 0, NULL, "OLD", NULL, "score model OLD on the same documents too: each metric's difference with a paired bootstrap interval, McNemar's exact test on accuracy", OPT_NORANGE},
    {"fail-under", 0, OPT_STR, &fail_under, 0, NULL, "M=V,...", NULL, "gates: exit 3 when a metric is below V (accuracy, macro_f1, weighted_f1, f1:LABEL, ...)", OPT_NORANGE},
    {"max-drop", 0, OPT_STR, &max_drop, 0, NULL, "M=P,...", NULL, "gates: exit 3 when a metric fell more than P points below --baseline, or below --compare's model on the same documents", OPT_NORANGE},
    {"significance", 0, OPT_DOUBLE, &significance, 0, NULL, "ALPHA", NULL, "with --compare: intervals at level 1 - ALPHA, and a --max-drop gate fails only when its interval excludes 0 too", 0, 0.5, OPT_ABOVE_MIN},
    {"bootstrap", 0, OPT_INT, &bootstrap, 0, NULL, "N", FEAT_STR(REPORT_DEF_BOOTSTRAP), "bootstrap resamples for 95% intervals (0 = none)", 0, 1000000, OPT_DEFAULT},
    CLI_OPT_SEED(&seed, "bootstrap seed"),
    {"label-sep", 0, OPT_STR, &label_sep, 0, NULL, "C", ",", "multi-label models: the separator of a TSV label set", OPT_NORANGE},
    {"min-confidence", 0, OPT_DOUBLE, &min_confidence, 0, NULL, "P", "none (always a label)", "single-label models: a document whose best score is below P gets no label; the report gives coverage and every figure on the labelled documents (gate: coverage=V)", -MODEL_VALUE_MAX, MODEL_VALUE_MAX, 0},
    {"allow-empty", 0, OPT_SET, &allow_empty, 1, NULL, NULL, NULL, "multi-label models: a document whose labels all fall below their thresholds gets none (default: the model's)", OPT_NORANGE},
    {"skip-bad", 0, OPT_SET, &skip_bad, 1, NULL, NULL, NULL, "skip bad documents (reported, counted) instead of stopping", OPT_NORANGE},
    CLI_OPT_THREADS(&threads, "2", OPT_DEFAULT, "feature extraction threads"),
    CLI_OPT_MAX_LINE_BYTES(&max_line),
    CLI_OPT_COLOR(&colour_when),
    CLI_OPT_CI(&ci_mode),
    {0},
};

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
    "Several test files are scored together and each on its own.\n"
    "The JSON formats are documented in predict/REPORT.md.",
    eval_opts,
    "A test document whose label the model does not know is an error (its\n"
    "file:line is named).  Gates judge all the test files together.  Exit\n"
    "status: 0 success, 1 data, model or I/O error, 2 usage error, 3 a gate\n"
    "failed (each failed gate is named on stderr).\n",
};

/* One model's scoring of the test files into a report of the new model's labels. */
typedef struct eval_report {
    int multi;
    report r;
    ml_report m;
} eval_report;

typedef struct eval_run {
    const tasnif_model *m;
    eval_report *er;
    const int *map;         /* this model's label index -> the report's, or NULL */
    model_choice choice;    /* which labels a document gets (--min-confidence, --allow-empty) */
    uint8_t *truth, *pred, *tmp; /* label sets: k flags each */
    size_t skipped;
    int failed;             /* exit status when the run stopped on an error */
} eval_run;

static int er_init(eval_report *er, const tasnif_model *m)
{
    memset(er, 0, sizeof *er);
    er->multi = m->multi;
    int rc = er->multi ? ml_report_init(&er->m, m->nlabels, m->labels) : report_init(&er->r, m->nlabels, m->labels);
    if (rc < 0)
        fprintf(stderr, "tasnif: out of memory\n");
    return rc;
}

static void er_finish(eval_report *er)
{
    if (er->multi)
        ml_report_finish(&er->m);
    else
        report_finish(&er->r);
}

static size_t er_n(const eval_report *er)
{
    return er->multi ? er->m.n : er->r.n;
}

static report_file *er_files(eval_report *er, int *n)
{
    *n = er->multi ? er->m.nfiles : er->r.nfiles;
    return er->multi ? er->m.files : er->r.files;
}

static report_gate *er_gates(eval_report *er, int *n)
{
    *n = er->multi ? er->m.ngates : er->r.ngates;
    return er->multi ? er->m.gates : er->r.gates;
}

/* A document's error: skipped (--skip-bad) or the end of the run. */
static int doc_error(eval_run *run, int rc, const tasnif_err *e)
{
    if (skip_bad && err_skippable(rc)) {
        cli_skipped(e);
        run->skipped++;
        return 0;
    }
    run->failed = cli_fail(e);
    return rc;
}

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

/* Flags of this model's labels in the report's order. */
static const uint8_t *mapped(const eval_run *run, const uint8_t *flags)
{
    if (!run->map)
        return flags;
    for (int l = 0; l < run->m->nlabels; l++)
        run->tmp[run->map[l]] = flags[l];
    return run->tmp;
}

static int on_doc(void *user, const stream_doc *d)
{
    eval_run *run = user;
    tasnif_err e = {0};
    const char *bad = d->label;
    size_t badlen = d->label_len;
    int rc = d->rc, truth = -1;
    if (rc == 0 && run->er->multi && truth_of(run->m, d->label, d->label_len, run->truth, &bad, &badlen) < 0)
        rc = TASNIF_EINPUT;
    else if (rc == 0 && !run->er->multi && (truth = model_label_index(run->m, d->label, d->label_len)) < 0)
        rc = TASNIF_EINPUT;
    if (rc == TASNIF_EINPUT && d->rc == 0)
        err_set(&e, rc, d->file, d->line, 0, "label '%.*s' is not one of the model's labels", (int)badlen, bad);
    else if (rc < 0)
        e = *d->err;
    if (rc < 0)
        return doc_error(run, rc, &e);
    if (run->er->multi) {
        model_choose(run->m, &run->choice, d->sc->dec, d->scores, run->pred);
        char where[600];
        snprintf(where, sizeof where, "%s:%ld", d->file, d->line);
        memcpy(run->pred + run->m->nlabels, mapped(run, run->pred), (size_t)run->m->nlabels);
        rc = ml_report_add(&run->er->m, mapped(run, run->truth), run->pred + run->m->nlabels, where);
    } else if (model_choose(run->m, &run->choice, d->sc->dec, d->scores, run->pred) == 0) {
        report_abstain(&run->er->r); /* no label: counted, in no figure */
        return 0;
    } else {
        int pred = d->scores[0].index;
        if (run->map) {
            truth = run->map[truth];
            pred = run->map[pred];
        }
        rc = report_add(&run->er->r, truth, pred, d->scores, run->m->has_prob, d->file, d->line, d->text, d->len);
    }
    if (rc < 0) {
        fprintf(stderr, "tasnif: out of memory\n");
        run->failed = EXIT_FAIL;
        return TASNIF_ENOMEM;
    }
    return 0;
}

/* Score test file path (shown as name) with the run's model into its report.  @return the exit status. */
static int score_file(eval_run *run, const char *path, const char *name, int fmt)
{
    tasnif_err err = {0};
    int rc = run->er->multi ? ml_report_begin_file(&run->er->m, name) : report_begin_file(&run->er->r, name);
    if (rc < 0) {
        fprintf(stderr, "tasnif: out of memory\n");
        return EXIT_FAIL;
    }
    corpus *c = NULL;
    if (corpus_open(path, (corpus_format)fmt, 1, max_line, &c, &err) < 0)
        return cli_fail(&err);
    if (run->er->multi)
        corpus_set_multi(c, label_sep ? label_sep[0] : ',');
    double t0 = now_seconds();
    int status = EXIT_OK;
    if (stream_corpus(run->m, c, threads, 1, on_doc, run, &err) < 0)
        status = run->failed ? run->failed : cli_fail(&err);
    corpus_close(c);
    int nf;
    report_file *f = er_files(run->er, &nf);
    f[nf - 1].seconds = now_seconds() - t0;
    return status;
}

/* Every test file with model m (label map as in eval_run) into er.  @return the exit status. */
static int score_all(const tasnif_model *m, const int *map, eval_report *er, char **tests, int ntests, int fmt)
{
    size_t k = (size_t)m->nlabels;
    eval_run run = {m, er, map, {0, NULL, 0, 0}, malloc(k + 1), malloc(2 * k + 1), malloc(k + 1), 0, 0};
    model_choice_init(&run.choice, m);
    run.choice.allow_empty |= allow_empty;
    if (opts_given(&eval_cmd, "min-confidence"))
        run.choice.min_confidence = min_confidence;
    int status = run.truth && run.pred && run.tmp ? EXIT_OK : EXIT_FAIL;
    if (status != EXIT_OK)
        fprintf(stderr, "tasnif: out of memory\n");
    for (int i = 0; i < ntests && status == EXIT_OK; i++) {
        char *name = cli_names((const char *const *)&tests[i], 1);
        if (!name)
            fprintf(stderr, "tasnif: out of memory\n");
        status = name ? score_file(&run, tests[i], name, fmt) : EXIT_FAIL;
        free(name);
    }
    if (status == EXIT_OK && run.skipped)
        fprintf(stderr, "tasnif: skipped %zu bad documents\n", run.skipped);
    free(run.truth);
    free(run.pred);
    free(run.tmp);
    return status;
}

/* ---- the comparison's model: the same labels, mapped by name ---- */

/* old's label indices in m's order into map (old->nlabels); @return -1, or the exit status (reported). */
static int label_map(const tasnif_model *m, const tasnif_model *old, int *map)
{
    if (old->multi != m->multi)
        return opts_usage_error(&eval_cmd, "--compare: '%s' is a %s model and '%s' a %s one", compare_path,
                                old->multi ? "multi-label" : "single-label", model_path,
                                m->multi ? "multi-label" : "single-label");
    for (int i = 0; i < old->nlabels; i++)
        if ((map[i] = model_label_index(m, old->labels[i], strlen(old->labels[i]))) < 0)
            return opts_usage_error(&eval_cmd, "--compare: label '%s' of '%s' is not one of '%s''s: the models "
                                    "must have the same labels", old->labels[i], compare_path, model_path);
    if (old->nlabels != m->nlabels)
        return opts_usage_error(&eval_cmd, "--compare: '%s' has %d labels, '%s' %d: the models must have the "
                                "same labels", compare_path, old->nlabels, model_path, m->nlabels);
    return -1;
}

/* Did both runs see the same documents with the same truths? */
static int same_documents(const eval_report *a, const eval_report *b)
{
    if (er_n(a) != er_n(b))
        return 0;
    if (a->multi)
        return memcmp(a->m.truth, b->m.truth, a->m.n * (size_t)a->m.k) == 0;
    return memcmp(a->r.truth, b->r.truth, a->r.n * sizeof *a->r.truth) == 0;
}

/* Score the tests with the --compare model and compare it with er's.  @return the exit status. */
static int run_compare(const tasnif_model *m, eval_report *er, char **tests, int ntests, int fmt,
                       compare_result *cmp, const char *old_name)
{
    cli_model old;
    int rc = cli_model_open(&old, compare_path);
    if (rc >= 0)
        return rc;
    int *map = malloc(((size_t)old.m->nlabels + 1) * sizeof *map);
    eval_report eo;
    if (!map)
        fprintf(stderr, "tasnif: out of memory\n");
    rc = !map ? EXIT_FAIL : label_map(m, old.m, map);
    if (rc < 0 && er_init(&eo, m) < 0) {
        er_finish(&eo);
        rc = EXIT_FAIL;
    }
    if (rc < 0) {
        rc = score_all(old.m, map, &eo, tests, ntests, fmt);
        if (rc == EXIT_OK && !same_documents(er, &eo)) {
            fprintf(stderr, "tasnif: --compare: the test documents read differently the second time (a file that "
                            "changed, or --skip-bad skipping for one model only)\n");
            rc = EXIT_FAIL;
        }
        double level = significance > 0 ? 1 - significance : 0.95;
        if (rc == EXIT_OK && (er->multi ? compare_label_sets(&er->m, &eo.m, bootstrap, (unsigned)seed, level, cmp)
                                        : compare_labels(er->r.truth, er->r.pred, eo.r.pred, er->r.n, er->r.k,
                                                         bootstrap, (unsigned)seed, level, cmp)) < 0) {
            fprintf(stderr, "tasnif: out of memory\n");
            rc = EXIT_FAIL;
        }
        cmp->significance = significance;
        cmp->old_model = old_name;
        er_finish(&eo);
    }
    free(map);
    cli_model_close(&old);
    return rc < 0 ? EXIT_OK : rc;
}

/* ---- reports ---- */

/* The report in format fmt to path ("-" = standard output); @return 0 or -1 (reported). */
static int write_report(const eval_report *er, const char *path, int fmt)
{
    if (strcmp(path, "-") == 0) {
        int colour = fmt == REP_TEXT && cli_colour(1, colour_when);
        if (er->multi)
            ml_report_write(&er->m, (report_format)fmt, stdout, colour);
        else if (report_write(&er->r, (report_format)fmt, stdout, colour) < 0) {
            fprintf(stderr, "tasnif: out of memory: the report is incomplete\n");
            return -1;
        }
        return cli_flush_stdout() == EXIT_OK ? 0 : -1;
    }
    tasnif_err err = {0};
    if ((er->multi ? ml_report_save(&er->m, (report_format)fmt, path, &err)
                   : report_save(&er->r, (report_format)fmt, path, &err)) < 0) {
        cli_fail(&err);
        return -1;
    }
    return 0;
}

/* --summary: the Markdown report appended. */
static int append_summary(const eval_report *er)
{
    char *buf;
    size_t len;
    if ((er->multi ? ml_report_render(&er->m, REP_MD, &buf, &len) : report_render(&er->r, REP_MD, &buf, &len)) < 0) {
        fprintf(stderr, "tasnif: out of memory\n");
        return -1;
    }
    int rc = cli_append_summary(summary_path, buf, len);
    free(buf);
    return rc;
}

/* Every output the command line asks for, then the gates.  @return the exit status. */
static int write_outputs(eval_report *er, int rfmt)
{
    int report_to_stdout = !(junit_path && strcmp(junit_path, "-") == 0);
    const char *out = report_path ? report_path : report_to_stdout ? "-" : NULL;
    if ((out && write_report(er, out, rfmt) < 0) || (junit_path && write_report(er, junit_path, REP_JUNIT) < 0) ||
        (summary_path && append_summary(er) < 0))
        return EXIT_FAIL;
    int ng, failed = 0;
    report_gate *g = er_gates(er, &ng);
    for (int i = 0; i < ng; i++)
        if (!g[i].pass) {
            cli_gate_failed("tasnif eval", &g[i]);
            failed = 1;
        }
    return failed ? EXIT_GATE : EXIT_OK;
}

/* ---- the run ---- */

/* The report's names, options and gates.  @return -1 to go on, or the exit status. */
static int setup_report(eval_report *er, const char *model_name, const char *test_names)
{
    report *r = &er->r;
    ml_report *mr = &er->m;
    if (er->multi) {
        mr->model_path = model_name;
        mr->test_path = test_names;
        mr->bootstrap = bootstrap;
        mr->seed = (unsigned)seed;
    } else {
        r->model_path = model_name;
        r->test_path = test_names;
        r->bootstrap = bootstrap;
        r->seed = (unsigned)seed;
    }
    char why[512];
    const char *bad;
    for (int drop = 0; drop < 2; drop++) {
        const char *spec = drop ? max_drop : fail_under, *flag = drop ? "--max-drop" : "--fail-under";
        if (spec && er->multi && ml_report_add_gates(mr, spec, drop, &bad) < 0)
            return opts_usage_error(&eval_cmd, "%s '%s': expected METRIC=NUMBER (%s) with a metric the report shows "
                                    "(micro_f1, macro_f1, samples_f1, exact_match, hamming_loss, f1:LABEL, ...)",
                                    flag, bad, drop ? "points, 0 to 100" : "0 to 1");
        if (spec && !er->multi && report_add_gates(r, spec, drop, why, sizeof why) < 0)
            return opts_usage_error(&eval_cmd, "%s %s", flag, why);
    }
    int ng;
    report_gate *g = er_gates(er, &ng);
    for (int i = 0; compare_path && i < ng; i++)
        if (g[i].is_drop && !compare_has_metric(er->multi, g[i].metric))
            return opts_usage_error(&eval_cmd, "--max-drop %s: with --compare the metrics are %s", g[i].metric,
                                    er->multi ? "micro_f1, macro_f1, samples_f1, exact_match, hamming_loss"
                                              : "accuracy, macro_f1, weighted_f1, macro_precision, macro_recall");
    tasnif_err err = {0};
    if (baseline_path && er->multi)
        return opts_usage_error(&eval_cmd, "--baseline is not available for multi-label models: use --compare");
    if (baseline_path && report_load_baseline(r, baseline_path, &err) < 0)
        return cli_fail(&err);
    return -1;
}

/* Score, compare, compute, write.  @return the exit status. */
static int evaluate(cli_model *cm, char **tests, int ntests, int fmt, int rfmt)
{
    const tasnif_model *m = cm->m;
    eval_report er;
    if (er_init(&er, m) < 0)
        return EXIT_FAIL;
    char *model_name = cli_names((const char *const *)&model_path, 1);
    char *test_names = cli_names((const char *const *)tests, ntests);
    char *old_name = compare_path ? cli_names((const char *const *)&compare_path, 1) : NULL;
    compare_result cmp;
    int rc = -1;
    if (!model_name || !test_names || (compare_path && !old_name)) {
        fprintf(stderr, "tasnif: out of memory\n");
        rc = EXIT_FAIL;
    } else
        rc = setup_report(&er, model_name, test_names);
    if (rc < 0 && !er.multi && opts_given(&eval_cmd, "min-confidence")) {
        er.r.abstaining = 1;
        er.r.min_confidence = min_confidence;
    }
    if (rc < 0)
        rc = score_all(m, NULL, &er, tests, ntests, fmt);
    if (rc == EXIT_OK && er_n(&er) == 0 && !er.multi && er.r.abstained) {
        fprintf(stderr, "tasnif: every test document abstained below --min-confidence %g\n", min_confidence);
        rc = EXIT_FAIL;
    }
    if (rc == EXIT_OK && er_n(&er) == 0) {
        fprintf(stderr, "tasnif: no test documents\n");
        rc = EXIT_FAIL;
    }
    if (rc == EXIT_OK && compare_path && (rc = run_compare(m, &er, tests, ntests, fmt, &cmp, old_name)) == EXIT_OK)
        er.r.cmp = er.m.cmp = &cmp;
    if (rc == EXIT_OK && (er.multi ? ml_report_compute(&er.m) : report_compute(&er.r)) < 0) {
        fprintf(stderr, "tasnif: out of memory\n");
        rc = EXIT_FAIL;
    }
    if (rc == EXIT_OK) {
        int ng;
        report_gate *g = er_gates(&er, &ng);
        if (compare_path)
            compare_judge_gates(&cmp, g, ng);
        rc = write_outputs(&er, rfmt);
    }
    er_finish(&er);
    free(model_name);
    free(test_names);
    free(old_name);
    return rc;
}

/* How the options combine; the report's format into *rfmt.  @return -1 to go on, or the exit status. */
static int check_flags(int *rfmt)
{
    *rfmt = REP_TEXT;
    if (format && (*rfmt = report_format_parse(format)) < 0)
        return opts_usage_error(&eval_cmd, "unknown --format '%s' (text, json, md, html, junit)", format);
    int ext = report_path && strcmp(report_path, "-") != 0 ? report_format_for(report_path) : -1;
    if (format && ext >= 0 && ext != *rfmt)
        return opts_usage_error(&eval_cmd, "--format %s, but '%s' names a file of another format by its extension",
                                format, report_path);
    if (!format && report_path && strcmp(report_path, "-") != 0 && (*rfmt = ext) < 0)
        return opts_usage_error(&eval_cmd, "cannot tell the format of '%s' from its extension: give --format", report_path);
    if (max_drop && !baseline_path && !compare_path)
        return opts_usage_error(&eval_cmd, "--max-drop needs --baseline or --compare");
    if (baseline_path && compare_path)
        return opts_usage_error(&eval_cmd, "--baseline (an earlier report) and --compare (another model on the same "
                                "documents) do not go together: give one");
    if (significance > 0 && (!compare_path || bootstrap == 0))
        return opts_usage_error(&eval_cmd, "--significance goes with --compare and bootstrap resamples");
    if (compare_path && opts_given(&eval_cmd, "min-confidence"))
        return opts_usage_error(&eval_cmd, "--compare pairs the models on every document: it does not go with "
                                "--min-confidence");
    if (junit_path && strcmp(junit_path, "-") == 0 && report_path && strcmp(report_path, "-") == 0)
        return opts_usage_error(&eval_cmd, "--junit - and -o - both write standard output: give one a file");
    return -1;
}

/* The outputs: never an input, never each other, only regular files.  @return -1 or the exit status. */
static int check_outputs(char **tests, int ntests)
{
    const char *in2 = baseline_path ? baseline_path : compare_path;
    int rc = cli_check_output(report_path ? report_path : "-", junit_path, model_path, in2, tests, ntests);
    if (rc < 0 && junit_path)
        rc = cli_check_output(junit_path, report_path, model_path, in2, tests, ntests);
    if (rc < 0 && summary_path)
        rc = cli_check_output(summary_path, report_path, model_path, in2, tests, ntests);
    if (rc < 0 && summary_path && junit_path)
        rc = cli_check_output(summary_path, junit_path, model_path, in2, tests, ntests);
    return rc;
}

int cmd_eval(int argc, char **argv)
{
    model_path = report_path = format = junit_path = baseline_path = compare_path = summary_path = NULL;
    fail_under = max_drop = label_sep = NULL;
    skip_bad = allow_empty = 0;
    significance = 0;
    int first, rc = opts_parse(&eval_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    int fmt, rfmt;
    if ((rc = cli_model_corpus_args(&eval_cmd, model_path, first, argc, "test corpus", input_format, &fmt)) >= 0 ||
        (rc = check_flags(&rfmt)) >= 0)
        return rc;
    char **tests = argv + first;
    int ntests = argc - first;
    if (compare_path)
        for (int i = 0; i < ntests; i++)
            if (strcmp(tests[i], "-") == 0)
                return opts_usage_error(&eval_cmd, "--compare reads the test documents twice: name files, not "
                                        "standard input");
    if ((rc = check_outputs(tests, ntests)) >= 0)
        return rc;
    cli_ci_setup(ci_mode);
    cli_model cm;
    if ((rc = cli_model_open(&cm, model_path)) >= 0)
        return rc;
    if (label_sep && (!cm.m->multi || strlen(label_sep) != 1)) {
        cli_model_close(&cm);
        return opts_usage_error(&eval_cmd, "--label-sep takes one character and goes with multi-label models");
    }
    const char *misuse = cm.m->multi && opts_given(&eval_cmd, "min-confidence")
                             ? "--min-confidence applies to single-label models; label sets abstain by their "
                               "thresholds (--allow-empty)"
                         : !cm.m->multi && allow_empty ? "--allow-empty applies to multi-label models; a single-label "
                                                         "model abstains with --min-confidence P"
                                                       : NULL;
    if (misuse) {
        cli_model_close(&cm);
        return opts_usage_error(&eval_cmd, "%s", misuse);
    }
    rc = evaluate(&cm, tests, ntests, fmt, rfmt);
    cli_model_close(&cm);
    return rc;
}
