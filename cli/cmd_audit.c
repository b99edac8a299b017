/*
 * cmd_audit.c - `tasnif audit`: the labels of a corpus that look wrong
 * (train/audit.c finds them; this prints them), and --fix, which writes a
 * corrected copy after the user's confirmation (predict/relabel.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include "common.h"
#include "worklist.h"
#include "../train/audit.h"
#include "../predict/relabel.h"
#include "../predict/render.h"

typedef struct audit_cli {
    const char *input_format, *format, *label_sep, *class_weight, *fix, *confirmed;
    int multi, folds, seed, explain_n, all, skip_bad, quiet, orders_given, progress;
    long long max_line;
} audit_cli;

static audit_cli ac;
static feat_config cfg;
static train_params tp;

static const opt_def audit_head[] = {
    {"input-format", 'f', OPT_STR, &ac.input_format, 0, NULL, "FMT", "auto", "corpus format: auto, tsv, fasttext, jsonl, csv, dir", 0, 0, OPT_DEFAULT},
    CLI_OPTS_CORPUS,
    {"multi-label", 0, OPT_SET, &ac.multi, 1, NULL, NULL, NULL, "documents carry label sets: each label is audited on its own (missing and extra labels)", OPT_NORANGE},
    {"label-sep", 0, OPT_STR, &ac.label_sep, 0, NULL, "C", ",", "with --multi-label: the separator of a TSV label set (one character)", OPT_NORANGE},
    {"format", 0, OPT_STR, &ac.format, 0, NULL, "FMT", "text", "output: text, tsv (the confirmation file of --fix), json or html (a page to work through)", 0, 0, OPT_DEFAULT},
    {"explain", 'x', OPT_INT, &ac.explain_n, 0, NULL, "N", "6", "the N words of each document that weigh most for the label suggested (against it, for an extra label); 0 = none", 0, 1000, OPT_DEFAULT},
    {"all", 0, OPT_SET, &ac.all, 1, NULL, NULL, NULL, "with --format json: also every document's out-of-fold prediction and probabilities (\"documents_out_of_fold\")", OPT_NORANGE},
    {"fix", 0, OPT_STR, &ac.fix, 0, NULL, "OUT", NULL, "write a corrected copy of CORPUS to OUT (- = standard output), applying the findings --confirmed marks y; no cross-validation", OPT_NORANGE},
    {"confirmed", 0, OPT_STR, &ac.confirmed, 0, NULL, "FILE", NULL, "with --fix: the --format tsv output of an audit with its first column set to y (apply) or n", OPT_NORANGE},
    {0},
};

static const opt_def audit_tail[] = {
    {"cv", 'v', OPT_INT, &ac.folds, 0, NULL, "K", "5", "the folds of the cross-validation", 2, 1000000, OPT_DEFAULT},
    {"cost", 'c', OPT_DOUBLE, &tp.C, 0, NULL, "C", FEAT_STR(SOLVER_DEF_C), "the fold models' C-SVC cost", 0, INFINITY, OPT_ABOVE_MIN},
    {"class-weight", 0, OPT_STR, &ac.class_weight, 0, NULL, "W", "balanced; none with --multi-label", "balanced or none, as tasnif train", OPT_NORANGE},
    {"probability", 'b', OPT_CALL, &tp.probability, 0, cli_parse_bool01, "0|1", "0", "1: the fold models fit their own Platt probabilities (K times slower); 0: one sigmoid per label fitted on the out-of-fold decision values", OPT_NORANGE},
    CLI_OPT_SEED(&ac.seed, "random seed (the folds)"),
    {"skip-bad", 0, OPT_SET, &ac.skip_bad, 1, NULL, NULL, NULL, "skip bad documents (reported, counted) instead of stopping", OPT_NORANGE},
    CLI_OPT_THREADS(&tp.threads, "2", OPT_DEFAULT, "threads for feature extraction and sub-problems"),
    CLI_OPT_MAX_LINE_BYTES(&ac.max_line),
    CLI_OPT_PROGRESS(&ac.progress),
    {"quiet", 'q', OPT_SET, &ac.quiet, 1, NULL, NULL, NULL, "no progress output", OPT_NORANGE},
    {0},
};

static opt_def audit_opts_all[sizeof audit_head / sizeof audit_head[0] + sizeof audit_tail / sizeof audit_tail[0] + 40];

static cmd_spec audit_cmd = {
    "audit", "[options] CORPUS...",
    "Find the labels of a labelled corpus that look wrong.  Every document is\n"
    "judged by models that never saw it (K-fold cross-validation, the features\n"
    "fitted inside each fold, trained as tasnif train would with the same\n"
    "options), and confident learning picks the suspects: a label's threshold\n"
    "is the mean out-of-fold probability it gets from the documents that carry\n"
    "it; a document counts towards the likeliest label whose probability\n"
    "reaches its threshold (the confident joint), which estimates how many\n"
    "labels of each kind are wrong; that many documents of each label, those\n"
    "with the lowest probability of it, are the findings.",
    audit_opts_all,
    "Findings, most suspect first (by the given label's probability over its\n"
    "threshold): FILE:LINE, the label given, the label suggested (the likeliest\n"
    "other one, preferring one that reaches its threshold), their probabilities,\n"
    "and the words that weigh most for the suggestion.  With --multi-label each\n"
    "label is a question of its own: a missing label (likely, not given) and an\n"
    "extra label (given, unlikely) are listed separately.\n"
    "Probabilities: one Platt sigmoid per label fitted on the out-of-fold\n"
    "decision values (normalised to sum 1 for one label per document), or the\n"
    "fold models' own with -b 1.\n"
    "Fixing: save `--format tsv` output, set its first column to y for each\n"
    "finding to apply (n, or leave ?, to keep the label; the suggested column\n"
    "may be edited to another label), then `tasnif audit --fix OUT --confirmed\n"
    "FILE CORPUS` writes CORPUS to OUT with those labels changed and every other\n"
    "byte as it was.  The input is never changed; OUT must be another file.\n"
    "Exit status: 0 success, 1 data or I/O error, 2 usage error.\n",
};

static int parse_orders(const opt_def *o, const char *arg, char *why, size_t whylen)
{
    ac.orders_given = 1;
    return cli_parse_range(o, arg, why, whylen);
}

static void audit_options(void)
{
    cli_training_opts(audit_opts_all, sizeof audit_opts_all / sizeof audit_opts_all[0], audit_head, &cfg, parse_orders,
                      audit_tail);
}

static const char *kind_name(int kind)
{
    return kind == AUDIT_MISSING ? "missing" : kind == AUDIT_EXTRA ? "extra" : "wrong";
}

/* The labels a row was given, joined by sep. */
static void given_text(const train_set *ts, size_t r, char sep, char *buf, size_t cap)
{
    if (!ts->multi) {
        snprintf(buf, cap, "%s", ts->labels[ts->y[r]]);
        return;
    }
    size_t o = 0;
    buf[0] = '\0';
    for (size_t t = ts->set_ptr[r]; t < ts->set_ptr[r + 1] && o < cap; t++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", t > ts->set_ptr[r] ? (char[]){sep, 0} : "",
                              ts->labels[ts->set_idx[t]]);
}

/* The evidence words, space-separated. */
static void evidence_text(const audit_finding *f, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int w = 0; w < f->nwords && o < cap; w++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", w ? " " : "", f->words[w].word);
}

/* What the finding says, in words. */
static void finding_text(const train_set *ts, const audit_finding *f, char *buf, size_t cap)
{
    const char *l = ts->labels[f->label];
    if (f->kind == AUDIT_WRONG)
        snprintf(buf, cap, "given %s (%.3f, %.2f of its threshold), likely %s (%.3f, threshold %.3f)",
                 ts->labels[f->given], f->against, f->self, l, f->confidence, f->threshold);
    else if (f->kind == AUDIT_MISSING)
        snprintf(buf, cap, "%s missing (%.3f, threshold %.3f; not %s %.2f of its threshold)", l, f->confidence,
                 f->threshold, l, f->self);
    else
        snprintf(buf, cap, "%s extra (not %s %.3f, threshold %.3f; %s %.2f of its threshold)", l, l, f->confidence,
                 f->threshold, l, f->self);
}

static void write_text(const train_set *ts, const audit_result *r)
{
    printf("%zu findings in %zu documents (%d-fold cross-validation, %s)\n", r->nfound, r->n, ac.folds,
           r->calibrated ? "sigmoids fitted on the out-of-fold decision values" : "the fold models' probabilities");
    for (size_t i = 0; i < r->nfound; i++) {
        const audit_finding *f = &r->found[i];
        char what[2048], ev[2048];
        finding_text(ts, f, what, sizeof what);
        evidence_text(f, ev, sizeof ev);
        printf("%zu\t", i + 1);
        render_text(stdout, ts->where[f->row], 0);
        fputc('\t', stdout);
        render_text(stdout, what, 0);
        fputc('\n', stdout);
        if (f->nwords) {
            fputs("\tevidence: ", stdout);
            render_text(stdout, ev, 0);
            fputc('\n', stdout);
        }
        fputc('\t', stdout);
        render_text(stdout, ts->words[f->row], 0);
        fputc('\n', stdout);
    }
}

static void write_tsv(const train_set *ts, const audit_result *r, char sep)
{
    fputs("confirm\tid\tgiven\tsuggested\tkind\tconfidence\tthreshold\tagainst\tgiven_ratio\tmargin\tevidence\twords\n", stdout);
    for (size_t i = 0; i < r->nfound; i++) {
        const audit_finding *f = &r->found[i];
        char g[4096], ev[2048];
        given_text(ts, f->row, sep, g, sizeof g);
        evidence_text(f, ev, sizeof ev);
        fputs("?\t", stdout);
        render_tsv(stdout, ts->where[f->row]);
        fputc('\t', stdout);
        render_tsv(stdout, g);
        fputc('\t', stdout);
        render_tsv(stdout, ts->labels[f->label]);
        printf("\t%s\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\t", kind_name(f->kind), f->confidence, f->threshold, f->against,
               f->self, f->margin);
        render_tsv(stdout, ev);
        fputc('\t', stdout);
        render_tsv(stdout, ts->words[f->row]);
        fputc('\n', stdout);
    }
}

static void json_labels(const train_set *ts, size_t r)
{
    fputc('[', stdout);
    for (size_t t = ts->set_ptr[r]; t < ts->set_ptr[r + 1]; t++) {
        if (t > ts->set_ptr[r])
            fputc(',', stdout);
        render_json_string(stdout, ts->labels[ts->set_idx[t]]);
    }
    fputc(']', stdout);
}

static void json_num(const char *key, double v)
{
    printf(",\"%s\":", key);
    render_json_number(stdout, v, -1);
}

/* The report's opening: the corpora, the folds, each label's thresholds. */
static void json_head(const train_set *ts, const audit_result *r, char *const *corpora, int ncorpora)
{
    fputs("{\"corpus\":[", stdout);
    for (int i = 0; i < ncorpora; i++) {
        char name[4 * 4096 + 1];
        if (i)
            fputc(',', stdout);
        render_json_string(stdout, text_printable(corpora[i], name, sizeof name));
    }
    printf("],\"folds\":%d,\"seed\":%d,\"multi_label\":%s,\"probabilities\":\"%s\",\"documents\":%zu,"
           "\"skipped\":%zu,\"labels\":[", ac.folds, ac.seed, ts->multi ? "true" : "false",
           r->calibrated ? "sigmoid on out-of-fold decision values" : "fold models", r->n, ts->skipped);
    for (int j = 0; j < r->k; j++) {
        fputs(j ? ",{\"label\":" : "{\"label\":", stdout);
        render_json_string(stdout, ts->labels[j]);
        printf(",\"documents\":%llu", (unsigned long long)ts->label_docs[j]);
        json_num("threshold", r->thresh[j]);
        if (ts->multi)
            json_num("threshold_not", r->thresh_not[j]);
        fputc('}', stdout);
    }
    fputc(']', stdout);
}

/* Finding i: the document, its given and suggested label, the figures and
 * the evidence. */
static void json_finding(const train_set *ts, const audit_result *r, size_t i)
{
    const audit_finding *f = &r->found[i];
    printf("%s{\"rank\":%zu,\"id\":", i ? "," : "", i + 1);
    render_json_string(stdout, ts->where[f->row]);
    printf(",\"row\":%zu,\"kind\":\"%s\",\"given\":", f->row, kind_name(f->kind));
    if (ts->multi)
        json_labels(ts, f->row);
    else
        render_json_string(stdout, ts->labels[f->given]);
    fputs(",\"label\":", stdout);
    render_json_string(stdout, ts->labels[f->label]);
    json_num("confidence", f->confidence);
    json_num("threshold", f->threshold);
    json_num("against", f->against);
    json_num("given_ratio", f->self);
    json_num("margin", f->margin);
    fputs(",\"evidence\":[", stdout);
    for (int w = 0; w < f->nwords; w++) {
        fputs(w ? ",{\"word\":" : "{\"word\":", stdout);
        render_json_string(stdout, f->words[w].word);
        json_num("contribution", f->words[w].contribution);
        fputc('}', stdout);
    }
    fputs("],\"words\":", stdout);
    render_json_string(stdout, ts->words[f->row]);
    fputc('}', stdout);
}

/* Document i's out-of-fold prediction and probabilities (--all). */
static void json_document(const train_set *ts, const audit_result *r, size_t i)
{
    fputs(i ? ",{\"id\":" : "{\"id\":", stdout);
    render_json_string(stdout, ts->where[i]);
    fputs(",\"given\":", stdout);
    if (ts->multi)
        json_labels(ts, i);
    else
        render_json_string(stdout, ts->labels[ts->y[i]]);
    fputs(",\"predicted\":", stdout);
    if (ts->multi) {
        fputc('[', stdout);
        for (int j = 0, first = 1; j < r->k; j++)
            if (r->pred_set[i * (size_t)r->k + (size_t)j]) {
                if (!first)
                    fputc(',', stdout);
                render_json_string(stdout, ts->labels[j]);
                first = 0;
            }
        fputc(']', stdout);
    } else
        render_json_string(stdout, ts->labels[r->pred[i]]);
    fputs(",\"probabilities\":[", stdout);
    for (int j = 0; j < r->k; j++) {
        if (j)
            fputc(',', stdout);
        render_json_number(stdout, r->prob[i * (size_t)r->k + (size_t)j], -1);
    }
    fputs("]}", stdout);
}

static void write_json(const train_set *ts, const audit_result *r, char *const *corpora, int ncorpora)
{
    json_head(ts, r, corpora, ncorpora);
    fputs(",\"findings\":[", stdout);
    for (size_t i = 0; i < r->nfound; i++)
        json_finding(ts, r, i);
    fputc(']', stdout);
    if (ac.all) {
        fputs(",\"documents_out_of_fold\":[", stdout);
        for (size_t i = 0; i < r->n; i++)
            json_document(ts, r, i);
        fputc(']', stdout);
    }
    fputs("}\n", stdout);
}

static void write_html(const train_set *ts, const audit_result *r, char sep)
{
    char intro[1024];
    snprintf(intro, sizeof intro, "%zu labels of %zu documents of %s look wrong to models that never saw them "
             "(%d-fold cross-validation).  Most suspect first.", r->nfound, r->n, ts->source, ac.folds);
    worklist_begin(stdout, "Labels to check", intro);
    for (size_t i = 0; i < r->nfound; i++) {
        const audit_finding *f = &r->found[i];
        char g[4096], what[2048], ev[2048];
        given_text(ts, f->row, sep, g, sizeof g);
        finding_text(ts, f, what, sizeof what);
        evidence_text(f, ev, sizeof ev);
        worklist_doc_begin(stdout, i + 1, ts->where[f->row]);
        worklist_fact(stdout, "given", g);
        worklist_fact(stdout, f->kind == AUDIT_EXTRA ? "unlikely" : "suggested", ts->labels[f->label]);
        worklist_fact(stdout, "why", what);
        if (f->nwords)
            worklist_fact(stdout, f->kind == AUDIT_EXTRA ? "evidence against" : "evidence", ev);
        worklist_doc_end(stdout, ts->words[f->row], ts->text ? ts->text[f->row] : ts->words[f->row]);
    }
    worklist_end(stdout);
}

static void on_skip(void *user, const tasnif_err *e)
{
    (void)user;
    cli_skipped(e);
}

/* --fix: apply the confirmed findings.  @return the exit status. */
static int run_fix(const char *corpus_path, int fmt, char sep)
{
    tasnif_err err = {0};
    relabel_stats st;
    if (relabel_corpus(corpus_path, (corpus_format)fmt, ac.multi, sep, ac.confirmed, ac.fix, &st, &err) < 0)
        return cli_fail(&err);
    if (!ac.quiet)
        fprintf(stderr, "tasnif: %zu of %zu findings confirmed; %zu documents relabelled; wrote %s\n", st.confirmed,
                st.findings, st.changed, cli_output_name(ac.fix));
    return cli_flush_stdout();
}

/* Folds need a document of every label in each. @return -1 or the exit code. */
static int check_folds(const train_set *ts)
{
    if ((size_t)ac.folds > ts->n)
        return opts_usage_error(&audit_cmd, "--cv %d: the corpus has only %zu documents", ac.folds, ts->n);
    for (int i = 0; i < ts->nlabels; i++)
        if (ts->label_docs[i] < (uint64_t)ac.folds)
            return opts_usage_error(&audit_cmd, "--cv %d: label '%s' has only %llu documents, too few to put one in "
                                    "every fold", ac.folds, ts->labels[i], (unsigned long long)ts->label_docs[i]);
    return -1;
}

/* --format as 0 text, 1 tsv, 2 json, 3 html; -1 for an unknown one, -2
 * for a bad --label-sep. */
static int output_kind(void)
{
    static const char *fmts[] = {"text", "tsv", "json", "html"};
    int kind = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(ac.format, fmts[i]) == 0)
            kind = i;
    if (kind >= 0 && ac.label_sep && (!ac.multi || strlen(ac.label_sep) != 1 || ac.label_sep[0] == '\t' ||
                                      (unsigned char)ac.label_sep[0] < 0x20 || (unsigned char)ac.label_sep[0] >= 0x80))
        return -2;
    return kind;
}

/* --class-weight into tp.balanced (balanced by default for single labels);
 * @return -1 to go on, or the exit status of a bad value. */
static int class_weights(void)
{
    tp.balanced = !ac.multi;
    if (!ac.class_weight)
        return -1;
    if (strcmp(ac.class_weight, "balanced") == 0)
        tp.balanced = 1;
    else if (strcmp(ac.class_weight, "none") == 0)
        tp.balanced = 0;
    else
        return opts_usage_error(&audit_cmd, "--class-weight takes 'balanced' or 'none'");
    return -1;
}

/* Audit the fitted corpus and write what was found in format kind;
 * @return the exit status. */
static int audit_and_write(feat_space *fs, train_set *ts, int kind, char sep, char *const *corpora, int ncorpora)
{
    audit_opts o = {tp, ac.folds, (unsigned)ac.seed, ac.explain_n};
    audit_result res;
    tasnif_err err = {0};
    if (audit_run(&o, fs, ts, &res, &err) < 0)
        return cli_fail(&err);
    cli_progress_done();
    if (kind == 0)
        write_text(ts, &res);
    else if (kind == 1)
        write_tsv(ts, &res, sep);
    else if (kind == 2)
        write_json(ts, &res, corpora, ncorpora);
    else
        write_html(ts, &res, sep);
    audit_result_finish(&res);
    return cli_flush_stdout();
}

int cmd_audit(int argc, char **argv)
{
    memset(&ac, 0, sizeof ac);
    feat_config_defaults(&cfg);
    cfg.feature_mode = -1;
    cfg.lead_ngrams = -1;
    train_params_defaults(&tp);
    audit_options();
    int first, rc = opts_parse(&audit_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (first >= argc)
        return opts_usage_error(&audit_cmd, "no corpus given");
    int fmt = corpus_format_parse(ac.input_format);
    if (fmt < 0 || fmt == CORPUS_LINES)
        return opts_usage_error(&audit_cmd, "unknown --input-format '%s'", ac.input_format);
    if ((rc = cli_corpus_spec_check(&audit_cmd, fmt)) >= 0)
        return rc;
    int kind = output_kind();
    if (kind < 0)
        return kind == -1 ? opts_usage_error(&audit_cmd, "unknown --format '%s' (text, tsv, json, html)", ac.format)
                          : opts_usage_error(&audit_cmd, "--label-sep goes with --multi-label and takes one printable "
                                             "ASCII character");
    char sep = ac.label_sep ? ac.label_sep[0] : ',';
    if (!ac.fix != !ac.confirmed)
        return opts_usage_error(&audit_cmd, "--fix OUT and --confirmed FILE go together");
    if (ac.all && kind != 2)
        return opts_usage_error(&audit_cmd, "--all goes with --format json");
    if (ac.fix) {
        if (argc - first != 1 || strcmp(argv[first], "-") == 0)
            return opts_usage_error(&audit_cmd, "--fix rewrites one corpus file: give exactly one, not standard input");
        if ((rc = cli_output_stdout(&audit_cmd, "--fix", ac.fix, "corrected corpus", 0, NULL)) >= 0 ||
            (rc = cli_check_output(ac.fix, NULL, ac.confirmed, NULL, argv + first, 1)) >= 0)
            return rc;
        return run_fix(argv[first], fmt, sep);
    }
    if ((rc = class_weights()) >= 0)
        return rc;
    if (ac.multi && tp.probability)
        return opts_usage_error(&audit_cmd, "--multi-label models give decision values with thresholds: -b 1 does not apply");
    tp.seed = (unsigned)ac.seed;
    cli_feature_resolve(&cfg, ac.multi, ac.orders_given, argv + first, argc - first);
    tasnif_err err = {0};
    if (feat_config_check(&cfg, &err) < 0)
        return opts_usage_error(&audit_cmd, "%s", err.msg);
    if ((rc = cli_check_output("-", NULL, NULL, NULL, argv + first, argc - first)) >= 0)
        return rc;
    openblas_set_num_threads(tp.threads);
    int show = !ac.quiet && ac.progress != CLI_WHEN_NEVER;
    cli_progress_setup(show ? ac.progress : CLI_WHEN_NEVER);
    fit_opts fo = {
        .paths = (const char *const *)(argv + first), .npaths = argc - first, .format = (corpus_format)fmt,
        .multi = ac.multi, .label_sep = sep, .spec = &cli_spec, .cfg = cfg, .skip_bad = ac.skip_bad, .max_line = ac.max_line,
        .max_labels = 10000, .threads = tp.threads, .seed = (unsigned)ac.seed, .keep_raw = 1,
        .keep_text = ac.explain_n > 0 || kind == 3, .max_memory = cli_available_memory(), .on_skip = on_skip,
        .progress = show ? cli_progress : NULL,
    };
    if (show)
        tp.progress = cli_progress;
    feat_space fs;
    train_set ts;
    if (fit_corpus(&fo, &fs, &ts, &err) < 0)
        return cli_fail(&err);
    if ((rc = check_folds(&ts)) < 0)
        rc = audit_and_write(&fs, &ts, kind, sep, argv + first, argc - first);
    train_set_finish(&ts);
    feat_space_finish(&fs);
    return rc;
}
