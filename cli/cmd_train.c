/*
 * cmd_train.c - `tasnif train`: read a labelled corpus, fit features,
 * train libsvm C-SVC, write the model bundle; or cross-validate.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include <cblas.h>
#include "../predict/report.h"
#include "../predict/mlreport.h"
#include <linear.h>

typedef struct train_cli {
    const char *output;
    const char *input_format;
    const char *fail_under;
    int no_model_on_fail, progress, colour, ci;
    int skip_bad, quiet, cv, grid, multi;
    const char *wenc;       /* --weights */
    const char *label_sep;
    long long max_line;
    int max_labels;
    const char *class_weight;
    const char *weights[64];
    double weight_val[64];
    int nweights;
    const char *unlabelled[64];
    int nunlabelled;
    const char *report;
    const char *solver, *scheme, *loss, *auto_metric;
    int auto_search, auto_repeats;
    double auto_time;
    double max_memory_mb;
    double eps;
    int seed;
    int orders_given;   /* --word-ngrams or --char-ngrams: no default by size */
} train_cli;

static train_cli tc;
static feat_config cfg;
static train_params tp;

/* --unlabelled FILE, repeatable */
static int add_unlabelled(const opt_def *o, const char *arg, char *why, size_t whylen)
{
    if (strcmp(arg, "-") == 0) {
        snprintf(why, whylen, "--%s reads a file, not standard input", o->name);
        return -1;
    }
    if (tc.nunlabelled >= 64) {
        snprintf(why, whylen, "--%s: at most 64 files", o->name);
        return -1;
    }
    tc.unlabelled[tc.nunlabelled++] = arg;
    return 0;
}

/* LABEL=W, W checked at once; the label once the corpus is read */
static int add_weight(const opt_def *o, const char *arg, char *why, size_t whylen)
{
    const char *eq = strrchr(arg, '=');
    if (!eq || eq == arg) {
        snprintf(why, whylen, "--%s must be LABEL=W, not '%s'", o->name, arg);
        return -1;
    }
    if (tc.nweights >= 64) {
        snprintf(why, whylen, "--%s: at most 64 weights", o->name);
        return -1;
    }
    if (opts_number(o, eq + 1, arg, &tc.weight_val[tc.nweights], why, whylen) < 0) {
        char range[96];
        opts_range_text(o, 1, range, sizeof range);
        snprintf(why, whylen, "--%s must be LABEL=W with W %s, not '%s'", o->name, range, arg);
        return -1;
    }
    tc.weights[tc.nweights++] = arg;
    return 0;
}

static const opt_def train_head[] = {
    {"output", 'o', OPT_STR, &tc.output, 0, NULL, "FILE", "INPUT.model", "where to write the model (- = standard output, not a terminal)", OPT_NORANGE},
    {"input-format", 'f', OPT_STR, &tc.input_format, 0, NULL, "FMT", "auto", "corpus format: auto, tsv, fasttext, jsonl, csv, dir (gzip and zstd files are read as they are)", 0, 0, OPT_DEFAULT},
    {"format", 0, OPT_STR, &tc.input_format, 0, NULL, "FMT", NULL, "--input-format's old name", 0, 0, OPT_HIDDEN},
    CLI_OPTS_CORPUS,
    {"skip-bad", 0, OPT_SET, &tc.skip_bad, 1, NULL, NULL, NULL, "skip bad documents (reported, counted) instead of stopping", OPT_NORANGE},
    {"multi-label", 0, OPT_SET, &tc.multi, 1, NULL, NULL, NULL, "documents carry label sets (TSV 'a,b<TAB>text', fastText '__label__a __label__b text', JSONL \"labels\": [...]): one classifier per label with thresholds chosen by cross-validation", OPT_NORANGE},
    {"weights", 0, OPT_STR, &tc.wenc, 0, NULL, "ENC", "f64", "how the model stores its weights: f64, f32 (half the size; the same predictions on every shared test split) or int8 (an eighth, a scale per decision function; see tasnif quantize)", OPT_NORANGE},
    {"allow-empty", 0, OPT_SET, &tp.allow_empty, 1, NULL, NULL, NULL, "with --multi-label: the model lets a document get no label when none reaches its threshold (stored in the model; without it the best label is always given)", OPT_NORANGE},
    {"label-sep", 0, OPT_STR, &tc.label_sep, 0, NULL, "C", ",", "with --multi-label: the separator of a TSV or CSV label set (one character)", OPT_NORANGE},
    {"unlabelled", 0, OPT_CALL, NULL, 0, add_unlabelled, "FILE", NULL, "texts without labels (any corpus format, labels ignored; repeatable): the features are fitted on them too (vocabulary, --min-df, idf, the --lsa basis; inside each fold with --cv), the classifier is trained on the labelled documents alone", OPT_NORANGE},
    {0},
};

static const opt_def train_tail[] = {
    {"solver", 0, OPT_STR, &tc.solver, 0, NULL, "S", "liblinear for -t linear, else libsvm", "liblinear (linear models in time linear in the corpus) or libsvm (kernels; exact libsvm C-SVC one-vs-one)", OPT_NORANGE},
    {"scheme", 0, OPT_STR, &tc.scheme, 0, NULL, "S", "ovr", "liblinear: ovr (one classifier per label) or ovo (one per pair of labels, as libsvm)", OPT_NORANGE},
    {"loss", 0, OPT_STR, &tc.loss, 0, NULL, "L", "hinge", "liblinear: hinge (L1-loss, libsvm's C-SVC loss) or squared-hinge (L2-loss)", OPT_NORANGE},
    {"kernel", 't', OPT_CALL, &tp.kernel, 0, cli_parse_kernel, "K", "linear", "kernel: linear|0, poly|1, rbf|2, sigmoid|3", OPT_NORANGE},
    {"cost", 'c', OPT_DOUBLE, &tp.C, 0, NULL, "C", FEAT_STR(SOLVER_DEF_C), "C-SVC cost", 0, MODEL_VALUE_MAX, OPT_ABOVE_MIN},
    {"gamma", 'g', OPT_DOUBLE, &tp.gamma, 0, NULL, "G", FEAT_STR(SOLVER_DEF_GAMMA), "gamma of rbf/poly/sigmoid kernels", 0, MODEL_VALUE_MAX, OPT_ABOVE_MIN},
    {"degree", 'd', OPT_INT, &tp.degree, 0, NULL, "D", FEAT_STR(SOLVER_DEF_DEGREE), "degree of the poly kernel", 1, MODEL_DEGREE_MAX, 0},
    {"coef0", 'r', OPT_DOUBLE, &tp.coef0, 0, NULL, "R", FEAT_STR(SOLVER_DEF_COEF0), "coef0 of poly/sigmoid kernels", -MODEL_VALUE_MAX, MODEL_VALUE_MAX, 0},
    {"epsilon", 'e', OPT_DOUBLE, &tc.eps, 0, NULL, "E", FEAT_STR(SOLVER_DEF_EPS_LINEAR) " liblinear, " FEAT_STR(SOLVER_DEF_EPS_SVM) " libsvm", "stopping tolerance", 0, INFINITY, OPT_ABOVE_MIN},
    {"cache", 'm', OPT_DOUBLE, &tp.cache_mb, 0, NULL, "MB", FEAT_STR(SOLVER_DEF_CACHE_MB), "libsvm kernel cache per pair problem", 0, INFINITY, OPT_ABOVE_MIN},
    {"shrinking", 'h', OPT_CALL, &tp.shrinking, 0, cli_parse_bool01, "0|1", "1", "libsvm shrinking heuristics", OPT_NORANGE},
    {"probability", 'b', OPT_CALL, &tp.probability, 0, cli_parse_bool01, "0|1", "0", "fit Platt probabilities (slower training)", OPT_NORANGE},
    {"class-weight", 0, OPT_STR, &tc.class_weight, 0, NULL, "W", "balanced; none with --multi-label", "balanced (weight label c's C by n / (k * n_c); for label sets n / (2 n_pos) per label) or none", OPT_NORANGE},
    {"weight", 'w', OPT_CALL, NULL, 0, add_weight, "LABEL=W", NULL, "multiply C of LABEL by W (repeatable)", 0, MODEL_VALUE_MAX, OPT_ABOVE_MIN},
    {"cv", 'v', OPT_INT, &tc.cv, 0, NULL, "K", NULL, "stratified K-fold cross-validation instead of writing a model", 2, 1000000, 0},
    {"grid", 0, OPT_SET, &tc.grid, 1, NULL, NULL, NULL, "choose C (and gamma) by cross-validation, then train", OPT_NORANGE},
    {"auto", 0, OPT_SET, &tc.auto_search, 1, NULL, NULL, NULL, "choose n-grams (and the lead's), C and class weights by cross-validation on the training data (--cv K folds, default 5), then train", OPT_NORANGE},
    {"auto-time", 0, OPT_DOUBLE, &tc.auto_time, 0, NULL, "SECONDS", FEAT_STR(AUTO_SECONDS), "with --auto: the time budget; the search stops before a setting that would overrun it", 0, INFINITY, OPT_ABOVE_MIN},
    {"auto-repeats", 0, OPT_INT, &tc.auto_repeats, 0, NULL, "N", FEAT_STR(AUTO_REPEATS), "with --auto: repeat the cross-validation N times with other folds (seeds SEED, SEED+1, ...)", 1, 100, 0},
    {"auto-metric", 0, OPT_STR, &tc.auto_metric, 0, NULL, "M", "macro_f1 (micro_f1 with --multi-label)", "with --auto: macro_f1, micro_f1 or accuracy (exact match for label sets)", OPT_NORANGE},
    {"report", 0, OPT_STR, &tc.report, 0, NULL, "FILE", NULL, "with --cv or --auto: write the evaluation report of the out-of-fold predictions (format by extension)", OPT_NORANGE},
    {"fail-under", 0, OPT_STR, &tc.fail_under, 0, NULL, "M=V,...", NULL, "with --cv, --auto or --grid: exit 3 when an out-of-fold metric (of the chosen setting) is below V (macro_f1, accuracy, f1:LABEL, ...); the model is still written", OPT_NORANGE},
    {"no-model-on-fail", 0, OPT_SET, &tc.no_model_on_fail, 1, NULL, NULL, NULL, "with --fail-under: write no model when a gate fails", OPT_NORANGE},
    CLI_OPT_SEED(&tc.seed, "random seed (folds, probability fitting)"),
    CLI_OPT_THREADS(&tp.threads, "2", OPT_DEFAULT, "threads for feature extraction, kernel matrix and sub-problems"),
    {"gram-mb", 0, OPT_DOUBLE, &tp.gram_mb, 0, NULL, "MB", FEAT_STR(SOLVER_DEF_GRAM_MB), "libsvm: largest kernel matrix to precompute; larger problems are refused; 0 = never precompute (slow)", 0, INFINITY, 0},
    CLI_OPT_MAX_LINE_BYTES(&tc.max_line),
    {"max-memory", 0, OPT_DOUBLE, &tc.max_memory_mb, 0, NULL, "MB", "the memory available", "refuse, early, a corpus whose training is projected to need more memory (0 = no check)", 0, INFINITY, 0},
    {"max-labels", 0, OPT_INT, &tc.max_labels, 0, NULL, "N", "10000", "refuse corpora with more labels", 2, 2147483647, OPT_DEFAULT},
    {"reproducible", 0, OPT_SET, &tp.reproducible, 1, NULL, NULL, NULL, "leave the creation time and timings out of the model: the same corpus and settings give the same bytes", OPT_NORANGE},
    CLI_OPT_PROGRESS(&tc.progress),
    CLI_OPT_COLOR(&tc.colour),
    CLI_OPT_CI(&tc.ci),
    {"quiet", 'q', OPT_SET, &tc.quiet, 1, NULL, NULL, NULL, "no progress output, nor the warning naming labels of fewer than 3 documents", OPT_NORANGE},
    {0},
};

static opt_def train_opts[sizeof train_head / sizeof train_head[0] + sizeof train_tail / sizeof train_tail[0] + 40];

static cmd_spec train_cmd = {
    "train", "[options] CORPUS...",
    "Train a classifier on labelled documents and write one model file.\n"
    "CORPUS is a TSV file (label<TAB>text), fastText lines (__label__x text),\n"
    "JSON Lines ({\"label\": ..., \"text\": ...}), a folder DIR/<label>/<file>,\n"
    "or - for standard input.",
    train_opts,
    "Bad documents (no label, empty text, NUL bytes, invalid UTF-8) stop training\n"
    "with file:line unless --skip-bad is given.  A failed run never replaces an\n"
    "existing model.  -h alone prints this help; -h 0|1 is libsvm's shrinking.\n"
    "Exit status: 0 success, 1 data or I/O error, 2 usage error, 3 a\n"
    "--fail-under gate failed (the model is written all the same, unless\n"
    "--no-model-on-fail).\n",
};

/* --word-ngrams, --char-ngrams: the orders asked for, kept whatever the
 * corpus's size */
static int parse_orders(const opt_def *o, const char *arg, char *why, size_t whylen)
{
    tc.orders_given = 1;
    return cli_parse_range(o, arg, why, whylen);
}

/* train_opts: train_head, the feature parameters, train_tail */
static void train_options(void)
{
    cli_training_opts(train_opts, sizeof train_opts / sizeof train_opts[0], train_head, &cfg, parse_orders, train_tail);
    train_cmd.opts = train_opts;
}

static void on_skip(void *user, const tasnif_err *e)
{
    (void)user;
    cli_skipped(e);
}

/* --cv: every out-of-fold prediction goes to the report and to its fold's
 * figures. */
typedef struct cv_print {
    const train_set *ts;
    eval_stats *fold;       /* per fold */
    eval_stats pooled;
    report *rep;            /* single-label */
    ml_report *mrep;        /* multi-label */
    unsigned char *truth;
    int folds, made;        /* folds, and fold stats initialised */
} cv_print;

static int cv_print_doc(void *user, const cv_doc *d)
{
    cv_print *c = user;
    const train_set *ts = c->ts;
    size_t i = d->row;
    if (!d->chosen) {
        eval_add(&c->fold[d->fold], ts->y[i], d->scores[0].index);
        eval_add(&c->pooled, ts->y[i], d->scores[0].index);
        if (report_add(c->rep, ts->y[i], d->scores[0].index, d->scores, d->m->has_prob, ts->where[i], 0, ts->words[i],
                       strlen(ts->words[i])) < 0)
            return TASNIF_ENOMEM;
        return 0;
    }
    memset(c->truth, 0, (size_t)ts->nlabels);
    for (size_t t = ts->set_ptr[i]; t < ts->set_ptr[i + 1]; t++)
        c->truth[ts->set_idx[t]] = 1;
    if (eval_add_set(&c->fold[d->fold], c->truth, d->chosen) < 0 || eval_add_set(&c->pooled, c->truth, d->chosen) < 0 ||
        ml_report_add(c->mrep, c->truth, d->chosen, ts->where[i]) < 0)
        return TASNIF_ENOMEM;
    return 0;
}

/* The report of the out-of-fold predictions, titled, with the --fail-under gates; the folds' figures.
 * @return 0, TASNIF_ENOMEM, or 1 after a usage error (a gate naming no metric of the report). */
static int cv_begin(cv_print *c, report *rep, ml_report *mrep, char *title, size_t cap)
{
    const train_set *ts = c->ts;
    int k = ts->nlabels;
    snprintf(title, cap, "%d-fold cross-validation of %s", c->folds, ts->source);
    if (!c->fold || !c->truth || eval_init(&c->pooled, k) < 0)
        return TASNIF_ENOMEM;
    for (; c->made < c->folds; c->made++)
        if (eval_init(&c->fold[c->made], k) < 0)
            return TASNIF_ENOMEM;
    char why[512];
    const char *bad;
    if (ts->multi) {
        c->mrep = mrep;
        mrep->model_path = "(out-of-fold models)";
        mrep->test_path = title;
        mrep->seed = tp.seed;
        if (tc.fail_under && ml_report_add_gates(mrep, tc.fail_under, 0, &bad) < 0) {
            opts_usage_error(&train_cmd, "--fail-under '%s': no such metric of a label-set report (micro_f1, "
                             "macro_f1, samples_f1, exact_match, hamming_loss, f1:LABEL, ...)", bad);
            return 1;
        }
        return 0;
    }
    c->rep = rep;
    rep->model_path = "(out-of-fold models)";
    rep->test_path = title;
    rep->seed = tp.seed;
    if (tc.fail_under && report_add_gates(rep, tc.fail_under, 0, why, sizeof why) < 0) {
        opts_usage_error(&train_cmd, "--fail-under %s", why);
        return 1;
    }
    return 0;
}

/* The folds' figures and the pooled out-of-fold report on standard output. */
static void cv_show(cv_print *c, const ml_report *mrep)
{
    const train_set *ts = c->ts;
    double sum_a = 0, sum_f = 0;
    cli_progress_done();
    for (int f = 0; f < c->folds; f++) {
        eval_compute(&c->fold[f]);
        sum_a += c->fold[f].accuracy;
        sum_f += c->fold[f].macro_f1;
        printf("fold %d: %s %.4f macro-F1 %.4f (%llu documents)\n", f + 1, ts->multi ? "exact match" : "accuracy",
               c->fold[f].accuracy, c->fold[f].macro_f1, (unsigned long long)c->fold[f].n);
    }
    printf("mean: %s %.4f macro-F1 %.4f over %d folds (features fitted inside each fold)\n",
           ts->multi ? "exact match" : "accuracy", sum_a / c->folds, sum_f / c->folds, c->folds);
    printf("\nout-of-fold predictions over all %zu documents:\n", ts->n);
    if (ts->multi)
        ml_report_write(mrep, REP_TEXT, stdout, 0);
    else {
        eval_compute(&c->pooled);
        eval_print_text(stdout, &c->pooled, ts->labels);
    }
}

/* The --fail-under gates of the out-of-fold report: their section on standard output (unless the label-set
 * report printed it), each failure on stderr.  @return how many failed. */
static int cv_gates(const report_gate *g, int n, int printed)
{
    if (!printed)
        report_gates_text(stdout, g, n, cli_colour(1, tc.colour));
    for (int i = 0; i < n; i++)
        if (!g[i].pass)
            cli_gate_failed("tasnif train", &g[i]);
    return report_gates_failed(g, n);
}

/* Cross-validate with tp, print the folds and the pooled figures (print), judge --fail-under, write --report.
 * @return the exit status: EXIT_OK, EXIT_GATE when a gate failed, or the error's. */
static int run_cv(const train_set *ts, int folds, int print, tasnif_err *err)
{
    int k = ts->nlabels, rfmt = tc.report ? report_format_for(tc.report) : REP_TEXT;
    cv_print c = {ts, calloc((size_t)folds, sizeof(eval_stats)), {0}, NULL, NULL, malloc((size_t)k), folds, 0};
    report rep;
    ml_report mrep;
    int have_rep = ts->multi ? ml_report_init(&mrep, k, ts->labels) == 0 : report_init(&rep, k, ts->labels) == 0;
    char title[600];
    int rc = have_rep ? cv_begin(&c, &rep, &mrep, title, sizeof title) : TASNIF_ENOMEM, status = EXIT_OK;
    if (rc == 1)
        status = EXIT_USAGE;
    else if (rc < 0)
        err_set(err, rc, NULL, 0, 0, "out of memory");
    else if ((rc = cv_run(&tp, 1, ts, folds, tp.seed, cv_print_doc, &c, err)) == 0)
        rc = ts->multi ? ml_report_compute(&mrep) : report_compute(&rep);
    if (rc == 0 && print)
        cv_show(&c, &mrep);
    if (rc == 0 && tc.fail_under) {
        cli_progress_done();
        if (ts->multi ? cv_gates(mrep.gates, mrep.ngates, print) : cv_gates(rep.gates, rep.ngates, 0))
            status = EXIT_GATE;
    }
    if (rc == 0 && tc.report && (ts->multi ? ml_report_save(&mrep, (report_format)rfmt, tc.report, err)
                                           : report_save(&rep, (report_format)rfmt, tc.report, err)) < 0)
        rc = err->code;
    for (int f = 0; f < c.made; f++)
        eval_finish(&c.fold[f]);
    eval_finish(&c.pooled);
    free(c.fold);
    free(c.truth);
    if (have_rep && ts->multi)
        ml_report_finish(&mrep);
    else if (have_rep)
        report_finish(&rep);
    if (rc < 0)
        return cli_fail(err);
    int out = cli_flush_stdout();
    return out != EXIT_OK ? out : status;
}

/* --grid: every C (and gamma for kernels) by cross-validation; sets tp to
 * the best and describes it in extra.  @return 0 or a negative code. */
static int run_grid(const train_set *ts, int folds, char *extra, size_t cap, tasnif_err *err)
{
    grid_result g;
    int rc = grid_search(&tp, ts, folds, &g, err);
    if (rc < 0)
        return rc;
    const char *mn = cv_metric_name(g.metric);
    for (int q = 0; q < g.n && !tc.quiet; q++) {
        cli_progress_done();
        char gamma[48] = "";
        if (tp.kernel != LINEAR)
            snprintf(gamma, sizeof gamma, " gamma=%.4g", g.ps[q].gamma);
        fprintf(stderr, "tasnif: grid C=%g%s: %d-fold %s %.4f\n", g.ps[q].C, gamma, folds, mn, g.sc[q].metric);
    }
    tp.C = g.ps[g.best].C;
    tp.gamma = g.ps[g.best].gamma;
    printf("grid: best C=%g", tp.C);
    if (tp.kernel != LINEAR)
        printf(" gamma=%g", tp.gamma);
    printf(" (%d-fold %s %.4f)\n", folds, mn, g.sc[g.best].metric);
    snprintf(extra, cap, "grid_cv_%s=%.6f\n", mn, g.sc[g.best].metric);
    return 0;
}

/* Folds are dealt label by label (train_folds): each of K folds holds a
 * document of every label only when the smallest label has K or more.
 * @return -1 when it does, else the exit code (reported). */
static int check_folds(const train_set *ts, int folds)
{
    char flag[32];
    snprintf(flag, sizeof flag, tc.auto_search ? "--auto (%d folds)" : tc.cv ? "--cv %d" : "--grid (%d folds)", folds);
    if ((size_t)folds > ts->n)
        return opts_usage_error(&train_cmd, "%s: the corpus has only %zu documents; every fold needs some", flag, ts->n);
    int small = 0;
    for (int i = 1; i < ts->nlabels; i++)
        if (ts->label_docs[i] < ts->label_docs[small])
            small = i;
    if (ts->label_docs[small] < 2)
        return opts_usage_error(&train_cmd, "%s: label '%s' has only one document; cross-validation needs two or more "
                                "per label", flag, ts->labels[small]);
    if (ts->label_docs[small] < (uint64_t)folds)
        return opts_usage_error(&train_cmd, "%s: label '%s' has only %llu documents, too few to put one in every fold "
                                "(use --cv %llu or fewer)", flag, ts->labels[small],
                                (unsigned long long)ts->label_docs[small], (unsigned long long)ts->label_docs[small]);
    return -1;
}

/* --weight LABEL=W into tp.label_weight, by the corpus's label order.
 * @return -1 to go on, or the exit code (reported). */
static int set_label_weights(const train_set *ts)
{
    if (!tc.nweights)
        return -1;
    tp.label_weight = malloc((size_t)ts->nlabels * sizeof *tp.label_weight);
    if (!tp.label_weight) {
        fprintf(stderr, "tasnif: out of memory\n");
        return EXIT_FAIL;
    }
    for (int i = 0; i < ts->nlabels; i++)
        tp.label_weight[i] = 1.0;
    for (int i = 0; i < tc.nweights; i++) {
        const char *eq = strrchr(tc.weights[i], '=');
        int li = -1;
        for (int j = 0; j < ts->nlabels; j++)
            if (strlen(ts->labels[j]) == (size_t)(eq - tc.weights[i]) &&
                memcmp(ts->labels[j], tc.weights[i], (size_t)(eq - tc.weights[i])) == 0)
                li = j;
        if (li < 0)
            return opts_usage_error(&train_cmd, "--weight '%s': no such label in the corpus", tc.weights[i]);
        tp.label_weight[li] = tc.weight_val[i];
    }
    return -1;
}

/* --auto with what it searches: liblinear alone, and none of the flags it
 * chooses itself (they would be dropped); @return -1 to go on, or the exit
 * status (usage error reported). */
static int check_auto_flags(void)
{
    if (!tc.auto_search)
        return -1;
    if (tc.grid || tp.solver != SOLVER_LIBLINEAR)
        return opts_usage_error(&train_cmd, "--auto searches liblinear's linear models: it does not go with --grid or kernels");
    static const char *const chosen[] = {"word-ngrams", "char-ngrams", "lead-ngrams", "lead-share", "cost", "class-weight"};
    for (size_t i = 0; i < sizeof chosen / sizeof chosen[0]; i++)
        if (opts_given(&train_cmd, chosen[i]))
            return opts_usage_error(&train_cmd, "--auto chooses --%s itself (with the n-gram orders, the lead's n-grams "
                                    "and share, C and class weights): give one or the other", chosen[i]);
    return -1;
}

/* The flags that go with --multi-label (or not).  @return -1 to go on, or
 * the exit code (usage error reported). */
static int check_multi_flags(void)
{
    if (tc.label_sep && (!tc.multi || strlen(tc.label_sep) != 1 || tc.label_sep[0] == '\t' ||
                         (unsigned char)tc.label_sep[0] < 0x20 || (unsigned char)tc.label_sep[0] >= 0x80))
        return opts_usage_error(&train_cmd, "--label-sep goes with --multi-label and takes one printable ASCII character");
    if (tc.multi && (tp.solver != SOLVER_LIBLINEAR || (tc.scheme && strcmp(tc.scheme, "ovr"))))
        return opts_usage_error(&train_cmd, "--multi-label trains one liblinear classifier per label (linear kernel, --scheme ovr)");
    if (tp.allow_empty && !tc.multi)
        return opts_usage_error(&train_cmd, "--allow-empty goes with --multi-label (single labels abstain at prediction: "
                                "predict --min-confidence P)");
    if (tc.multi && tp.probability)
        return opts_usage_error(&train_cmd, "--multi-label models give decision values with thresholds: -b 1 does not apply");
    if (tc.wenc && (tp.weights = model_weights_parse(tc.wenc)) < 0)
        return opts_usage_error(&train_cmd, "--weights takes f64, f32 or int8, not '%s'", tc.wenc);
    if (tp.weights != MODEL_W_F64 && tp.kernel != LINEAR)
        return opts_usage_error(&train_cmd, "--weights applies to linear models (kernel models keep support vectors)");
    return -1;
}

/* --class-weight and --auto-metric into tp and *metric.  @return -1 to go on, or the exit code (usage error
 * reported). */
static int resolve_weights_metric(int *metric)
{
    /* measured defaults (bench/results/defaults.md): balanced classes win
     * on imbalanced single-label corpora and cost nothing elsewhere; for
     * label sets the per-label thresholds already do that work */
    tp.balanced = !tc.multi;
    if (tc.class_weight) {
        if (strcmp(tc.class_weight, "balanced") == 0)
            tp.balanced = 1;
        else if (strcmp(tc.class_weight, "none") == 0)
            tp.balanced = 0;
        else
            return opts_usage_error(&train_cmd, "--class-weight takes 'balanced' or 'none'");
    }
    *metric = tc.multi ? CV_MICRO_F1 : CV_MACRO_F1;
    if (tc.auto_metric) {
        if (strcmp(tc.auto_metric, "macro_f1") == 0)
            *metric = CV_MACRO_F1;
        else if (strcmp(tc.auto_metric, "micro_f1") == 0)
            *metric = CV_MICRO_F1;
        else if (strcmp(tc.auto_metric, "accuracy") == 0)
            *metric = CV_ACCURACY;
        else
            return opts_usage_error(&train_cmd, "--auto-metric takes macro_f1, micro_f1 or accuracy, not '%s'",
                                    tc.auto_metric);
    }
    return -1;
}

/* --solver, --scheme, --loss, -e into tp.  @return -1 to go on, or the exit code (usage error reported). */
static int resolve_solver(void)
{
    if (!tc.solver)
        tp.solver = tp.kernel == LINEAR ? SOLVER_LIBLINEAR : SOLVER_LIBSVM;
    else if (strcmp(tc.solver, "liblinear") == 0)
        tp.solver = SOLVER_LIBLINEAR;
    else if (strcmp(tc.solver, "libsvm") == 0)
        tp.solver = SOLVER_LIBSVM;
    else
        return opts_usage_error(&train_cmd, "--solver takes 'liblinear' or 'libsvm', not '%s'", tc.solver);
    if (tp.solver == SOLVER_LIBLINEAR && tp.kernel != LINEAR)
        return opts_usage_error(&train_cmd, "--solver liblinear trains linear models only: use --solver libsvm for -t %s",
                                tp.kernel == RBF ? "rbf" : tp.kernel == POLY ? "poly" : "sigmoid");
    if (tc.scheme && strcmp(tc.scheme, "ovr") && strcmp(tc.scheme, "ovo"))
        return opts_usage_error(&train_cmd, "--scheme takes 'ovr' or 'ovo', not '%s'", tc.scheme);
    if (tc.loss && strcmp(tc.loss, "squared-hinge") && strcmp(tc.loss, "hinge"))
        return opts_usage_error(&train_cmd, "--loss takes 'squared-hinge' or 'hinge', not '%s'", tc.loss);
    if (tp.solver == SOLVER_LIBSVM && ((tc.scheme && strcmp(tc.scheme, "ovo")) || tc.loss))
        return opts_usage_error(&train_cmd, "libsvm trains one-vs-one C-SVC (hinge loss): --scheme and --loss are for --solver liblinear");
    tp.scheme = tc.scheme && strcmp(tc.scheme, "ovo") == 0 ? SCHEME_OVO : SCHEME_OVR;
    if (tc.loss)
        tp.ll_solver = strcmp(tc.loss, "hinge") == 0 ? L2R_L1LOSS_SVC_DUAL : L2R_L2LOSS_SVC_DUAL;
    if (tc.eps > 0)
        tp.eps = tp.ll_eps = tc.eps;
    return -1;
}

/* --cv, --auto, --grid, --report and --fail-under together; *auto_folds.  @return -1 to go on, or the exit code
 * (usage error reported). */
static int resolve_cv(int *auto_folds)
{
    if ((tc.auto_metric || tc.auto_time > 0 || tc.auto_repeats) && !tc.auto_search)
        return opts_usage_error(&train_cmd, "--auto-time, --auto-repeats and --auto-metric go with --auto");
    if (tc.output && tc.cv && !tc.grid && !tc.auto_search)
        return opts_usage_error(&train_cmd, "--cv writes no model, only the folds' figures: -o goes with training "
                                "(or with --grid or --auto, which train after cross-validating)");
    if (tc.fail_under && !tc.cv && !tc.auto_search && !tc.grid)
        return opts_usage_error(&train_cmd, "--fail-under judges cross-validated scores: it goes with --cv, --auto "
                                "or --grid");
    if (tc.no_model_on_fail && (!tc.fail_under || (!tc.auto_search && !tc.grid)))
        return opts_usage_error(&train_cmd, "--no-model-on-fail goes with --fail-under and --auto or --grid (--cv "
                                "alone writes no model)");
    report_gate *g = NULL;
    int ng = 0;
    const char *bad;
    int parsed = tc.fail_under ? report_gates_parse(&g, &ng, tc.fail_under, 0, &bad) : 0;
    free(g);
    if (parsed < 0)
        return opts_usage_error(&train_cmd, "--fail-under '%s': expected METRIC=LIMIT with a limit from 0 to 1", bad);
    if ((tc.report || tc.fail_under) && !tc.cv && tc.auto_search)
        tc.cv = 5; /* the report of the chosen setting: the search's folds */
    *auto_folds = tc.cv ? tc.cv : 5;
    if (tc.auto_search)
        tc.cv = 0;
    if (tc.report && ((!tc.cv && !tc.auto_search) || tc.grid))
        return opts_usage_error(&train_cmd, "--report goes with --cv (and not with --grid)");
    int rc = cli_output_stdout(&train_cmd, "--report", tc.report, "report", 0, "the folds' figures");
    if (rc >= 0)
        return rc;
    if (tc.report && report_format_for(tc.report) < 0)
        return opts_usage_error(&train_cmd, "--report: cannot tell the format of '%s' (use .json, .md, .html, .xml or .txt)", tc.report);
    return -1;
}

/* Turn the parsed flags into tp and cfg, checking how they combine.
 * @return -1 to go on, or the exit code (usage error reported). */
static int resolve_flags(int *metric, int *auto_folds)
{
    tp.seed = (unsigned)tc.seed;
    int rc;
    if ((rc = resolve_weights_metric(metric)) >= 0 || (rc = resolve_cv(auto_folds)) >= 0 || (rc = resolve_solver()) >= 0)
        return rc;
    if ((rc = check_auto_flags()) >= 0)
        return rc;
    if ((rc = check_multi_flags()) >= 0)
        return rc;
    tasnif_err err = {0};
    if (feat_config_check(&cfg, &err) < 0)
        return opts_usage_error(&train_cmd, "%s", err.msg);
    return -1;
}

/* `tasnif train --auto`: the search's budget, metric and folds, and what it
 * shows. */
typedef struct cli_auto {
    double seconds;
    int metric;
    int folds, repeats;
    int quiet;
} cli_auto;

static int train_auto(const fit_opts *fo, train_params *tp, const cli_auto *a, feat_config *cfg, char *extra, size_t cap,
                      tasnif_err *err)
{
    auto_opts o = {a->seconds, a->metric, a->folds, a->repeats, tp->seed};
    auto_result r;
    int rc = auto_search(fo, tp, &o, &r, err);
    cli_progress_done();
    if (rc < 0)
        return rc;
    const char *mn = cv_metric_name(a->metric);
    char runs[64];
    if (r.repeats > 1)
        snprintf(runs, sizeof runs, "%d x %d-fold", r.repeats, a->folds);
    else
        snprintf(runs, sizeof runs, "%d-fold", a->folds);
    if (!a->quiet) {
        fprintf(stderr, "tasnif: --auto: %s cross-validated %s of %d settings (%.1f s%s):\n", runs, mn, r.ncands,
                r.seconds, r.stopped ? ", stopped by --auto-time" : "");
        fprintf(stderr, "    mean ± s.e.      below the best\n");
        for (int i = 0; i < r.ncands; i++) {
            char what[256];
            auto_describe(&r.cands[i], what, sizeof what);
            fprintf(stderr, "  %c %.4f ± %.4f  %.4f ± %.4f  %s\n", i == r.chosen ? '*' : i == r.best ? '+' : ' ',
                    r.cands[i].mean, r.cands[i].se, r.cands[i].gap, r.cands[i].gap_se, what);
        }
        fprintf(stderr, "  (* chosen: the first, defaults first, whose distance below the best, +, is within one\n"
                        "   standard error of that distance, fold by fold on the same folds)\n");
    }
    const auto_cand *c = &r.cands[r.chosen];
    char what[256], flags[1280];
    auto_describe(c, what, sizeof what);
    auto_flags(c, flags, sizeof flags);
    printf("auto: %s\nauto: %s %s %.4f [%.4f, %.4f] (mean over folds, 95%% interval); same as: %s\n", what, runs, mn,
           c->mean, c->mean - 1.96 * c->se, c->mean + 1.96 * c->se, flags);
    auto_summary(&r, &o, tp->reproducible, extra, cap);
    *cfg = c->cfg;
    double *lw = tp->label_weight;
    *tp = c->p;
    tp->label_weight = lw;
    auto_result_finish(&r);
    return 0;
}

/* --auto: search with the labels (and --weight) known, then read the
 * corpus again with the chosen features, and write --report.  @return -1
 * to go on, or the exit status. */
static int auto_then_refit(fit_opts *fo, feat_space *fs, train_set *ts, int metric, int folds, int *gate,
                           char *extra, size_t cap, double *t_feat, tasnif_err *err)
{
    train_set_finish(ts);
    feat_space_finish(fs);
    cli_auto a = {tc.auto_time > 0 ? tc.auto_time : AUTO_SECONDS, metric, folds, tc.auto_repeats ? tc.auto_repeats : AUTO_REPEATS,
                  tc.quiet};
    if (train_auto(fo, &tp, &a, &fo->cfg, extra, cap, err) < 0)
        return cli_fail(err);
    fo->keep_raw = tc.report || tc.fail_under;
    double t0 = now_seconds();
    if (fit_corpus(fo, fs, ts, err) < 0)
        return cli_fail(err);
    *t_feat = now_seconds() - t0;
    int rc = fo->keep_raw ? run_cv(ts, folds, 0, err) : EXIT_OK;
    if (rc == EXIT_GATE && !tc.no_model_on_fail) {
        *gate = 1; /* the model is written all the same */
        rc = EXIT_OK;
    }
    if (rc != EXIT_OK) {
        train_set_finish(ts);
        feat_space_finish(fs);
        return rc;
    }
    return -1;
}

/* Train on the fitted corpus and write out.  @return the exit status. */
static int write_model(feat_space *fs, const train_set *ts, const char *out, char *extra, size_t cap, double t_feat)
{
    tasnif_err err = {0};
    tasnif_model *m = NULL;
    size_t n = ts->n, dim = fs->dim, len = strlen(extra);
    double t1 = now_seconds();
    if (!tp.reproducible)
        snprintf(extra + len, cap - len, "feature_seconds=%.3f\n", t_feat);
    if (fit_model(&tp, fs, ts, extra, &m, &err) < 0)
        return cli_fail(&err);
    double t_svm = now_seconds() - t1;
    if (model_save(m, out, &err) < 0) {
        tasnif_model_free(m);
        return cli_fail(&err);
    }
    cli_progress_done();
    if (!tc.quiet)
        fprintf(stderr, "tasnif: %zu documents, %d labels, %zu features; features %.2f s, svm %.2f s; wrote %s\n",
                n, m->nlabels, dim, t_feat, t_svm, cli_output_name(out));
    tasnif_model_free(m);
    return cli_flush_stdout();
}

/* Fewer training documents than this for a label earn a warning: its
 * classifier and figures rest on almost nothing (often a header row or a
 * typo in a label). */
enum { TINY_CLASS = 3 };

/* Name on stderr the labels with fewer than TINY_CLASS documents. */
static void warn_tiny_classes(const train_set *ts)
{
    int n = 0;
    for (int i = 0; i < ts->nlabels; i++)
        n += ts->label_docs[i] < TINY_CLASS;
    if (!n)
        return;
    cli_progress_done();
    fprintf(stderr, "tasnif: warning: %d label%s ha%s fewer than %d training documents:", n, n == 1 ? "" : "s",
            n == 1 ? "s" : "ve", TINY_CLASS);
    for (int i = 0, shown = 0; i < ts->nlabels; i++)
        if (ts->label_docs[i] < TINY_CLASS && shown++ < 20)
            fprintf(stderr, "%s '%s' (%llu)", shown > 1 ? "," : "", ts->labels[i], (unsigned long long)ts->label_docs[i]);
    fprintf(stderr, "%s; a typo in a label or a header row makes such a label, and its figures mean little\n",
            n > 20 ? ", ..." : "");
}

/* Read the corpus, then cross-validate (--cv), search (--auto, --grid) and
 * train, writing out.  @return the exit status. */
static int train_corpus(fit_opts *fo, const char *out, int metric, int auto_folds)
{
    int gate = 0; /* a --fail-under gate failed; the model is written all the same */
    tasnif_err err = {0};
    feat_space fs;
    train_set ts;
    double t0 = now_seconds();
    if (fit_corpus(fo, &fs, &ts, &err) < 0)
        return cli_fail(&err);
    double t_feat = now_seconds() - t0;
    int rc = set_label_weights(&ts);
    if (rc < 0 && !tc.quiet && ts.skipped)
        fprintf(stderr, "tasnif: skipped %zu bad documents\n", ts.skipped);
    char extra[2048] = "";
    if (rc < 0 && (tc.grid || tc.cv || tc.auto_search))
        rc = check_folds(&ts, tc.auto_search ? auto_folds : tc.cv ? tc.cv : 5);
    if (rc < 0 && !tc.quiet)
        warn_tiny_classes(&ts);
    if (rc < 0 && tc.auto_search) {
        if ((rc = auto_then_refit(fo, &fs, &ts, metric, auto_folds, &gate, extra, sizeof extra, &t_feat, &err)) >= 0)
            return rc; /* fs and ts are finished */
        rc = cli_flush_stdout() == EXIT_OK ? -1 : EXIT_FAIL;
    } else if (rc < 0 && tc.grid) {
        if (run_grid(&ts, tc.cv ? tc.cv : 5, extra, sizeof extra, &err) < 0)
            rc = cli_fail(&err);
        else if (tc.fail_under && (rc = run_cv(&ts, tc.cv ? tc.cv : 5, 0, &err)) == EXIT_GATE)
            rc = tc.no_model_on_fail ? EXIT_GATE : (gate = 1, -1);
        else if (rc == EXIT_OK)
            rc = -1;
        if (rc < 0 && cli_flush_stdout() != EXIT_OK) /* before the model is written */
            rc = EXIT_FAIL;
    } else if (rc < 0 && tc.cv)
        rc = run_cv(&ts, tc.cv, 1, &err);
    if (rc < 0)
        rc = write_model(&fs, &ts, out, extra, sizeof extra, t_feat); /* fs moves into the model */
    if (rc == EXIT_OK && gate)
        rc = EXIT_GATE;
    train_set_finish(&ts);
    feat_space_finish(&fs);
    return rc;
}

/* -o -: never a terminal, nor when --grid's or --auto's figures are on
 * standard output.  @return -1 to go on, or EXIT_USAGE (reported). */
static int model_to_stdout(const char *out)
{
    return cli_output_stdout(&train_cmd, "-o", out, "model", 1,
                             tc.grid ? "--grid's figures" : tc.auto_search ? "--auto's figures" : NULL);
}

int cmd_train(int argc, char **argv)
{
    memset(&tc, 0, sizeof tc);
    tc.max_memory_mb = -1; /* the memory available */
    feat_config_defaults(&cfg);
    cfg.feature_mode = -1; /* sparse, or both with --lsa */
    cfg.lead_ngrams = -1; /* by --multi-label */
    train_params_defaults(&tp);
    train_options();
    int first, rc = opts_parse(&train_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (first >= argc)
        return opts_usage_error(&train_cmd, "no corpus given");
    int fmt = corpus_format_parse(tc.input_format);
    if (fmt < 0 || fmt == CORPUS_LINES)
        return opts_usage_error(&train_cmd, "unknown --input-format '%s'", tc.input_format);
    if ((rc = cli_corpus_spec_check(&train_cmd, fmt)) >= 0)
        return rc;
    cli_feature_resolve(&cfg, tc.multi, tc.orders_given, argv + first, argc - first);
    int metric = CV_MACRO_F1, auto_folds = 5;
    if ((rc = resolve_flags(&metric, &auto_folds)) >= 0)
        return rc;

    /* default output: basename of the first corpus + ".model", as svm-train */
    char defout[4096];
    const char *out = tc.output;
    int writes_model = !tc.cv || tc.grid || tc.auto_search;
    if (!out && writes_model) {
        if (strcmp(argv[first], "-") == 0)
            return opts_usage_error(&train_cmd, "reading standard input: name the model with -o FILE");
        const char *base = strrchr(argv[first], '/');
        base = base && base[1] ? base + 1 : argv[first];
        size_t bl = strlen(base);
        while (bl > 1 && base[bl - 1] == '/')
            bl--;
        snprintf(defout, sizeof defout, "%.*s.model", (int)bl, base);
        out = defout;
    }
    if (writes_model && (rc = model_to_stdout(out)) >= 0)
        return rc;
    /* outputs: never a corpus, never each other, only regular files */
    int ncorpora = argc - first + tc.nunlabelled;
    char **corpora = malloc((size_t)ncorpora * sizeof *corpora); /* every input: the corpora, the unlabelled texts */
    if (!corpora) {
        fprintf(stderr, "tasnif: out of memory\n");
        return EXIT_FAIL;
    }
    memcpy(corpora, argv + first, (size_t)(argc - first) * sizeof *corpora);
    memcpy(corpora + argc - first, tc.unlabelled, (size_t)tc.nunlabelled * sizeof *corpora);
    if ((writes_model && (rc = cli_check_output(out, tc.report, NULL, NULL, corpora, ncorpora)) >= 0) ||
        (tc.report && (rc = cli_check_output(tc.report, writes_model ? out : NULL, NULL, NULL, corpora, ncorpora)) >= 0) ||
        (rc = cli_check_output("-", NULL, NULL, NULL, corpora, ncorpora)) >= 0) {
        free(corpora);
        return rc;
    }
    free(corpora);
    /* OpenBLAS works in phases of its own (kernel matrix, LSA), never at
     * the same time as our threads: give it the same number */
    openblas_set_num_threads(tp.threads);
    int show = !tc.quiet && tc.progress != CLI_WHEN_NEVER;
    cli_progress_setup(show ? tc.progress : CLI_WHEN_NEVER);
    cli_ci_setup(tc.ci);
    fit_opts fo = {
        .paths = (const char *const *)(argv + first), .npaths = argc - first,
        .unlabelled = tc.unlabelled, .nunlabelled = tc.nunlabelled,
        .format = (corpus_format)fmt, .multi = tc.multi, .label_sep = tc.label_sep ? tc.label_sep[0] : ',',
        .spec = &cli_spec,
        .cfg = cfg, .skip_bad = tc.skip_bad,
        .max_line = tc.max_line, .max_labels = tc.max_labels, .threads = tp.threads, .seed = (unsigned)tc.seed,
        .keep_raw = tc.cv || tc.grid,
        .max_memory = tc.max_memory_mb >= 0 ? tc.max_memory_mb * 1048576.0 : cli_available_memory(),
        .on_skip = on_skip, .progress = show ? cli_progress : NULL,
    };
    tp.max_memory = fo.max_memory;
    if (show)
        tp.progress = cli_progress;
    rc = train_corpus(&fo, out, metric, auto_folds);
    free(tp.label_weight);
    return rc;
}
