/*
 * cmd_train.c - `tasnif train`: read a labelled corpus, fit features,
 * train libsvm C-SVC, write the model bundle; or cross-validate.
 */
#include <stdlib.h>
#include <string.h>
#include "../cli/common.h"
#include <cblas.h>
#include "../predict/report.h"
#include <linear.h>

typedef struct train_cli {
    const char *output;
    const char *format;
    int skip_bad, quiet, cv, grid;
    long long max_line;
    int max_labels;
    const char *class_weight;
    const char *weights[64];
    int nweights;
    int tf_raw, no_idf, no_l2;
    const char *report;
    const char *solver, *scheme, *loss;
    double eps;
    long long max_features, max_doc_bytes, max_vocab;
    int seed;
} train_cli;

static train_cli tc;
static feat_config cfg;
static train_params tp;

static int add_weight(const char *arg, void *dest)
{
    (void)dest;
    if (tc.nweights >= 64 || !strchr(arg, '='))
        return -1;
    tc.weights[tc.nweights++] = arg;
    return 0;
}

static int parse_bool01(const char *arg, void *dest)
{
    if (strcmp(arg, "0") && strcmp(arg, "1"))
        return -1;
    *(int *)dest = arg[0] == '1';
    return 0;
}

static int features_given;
static int parse_features(const char *arg, void *dest)
{
    static const char *names[] = {"sparse", "dense", "both"};
    for (int i = 0; i < 3; i++)
        if (strcmp(arg, names[i]) == 0) {
            *(int *)dest = i;
            features_given = 1;
            return 0;
        }
    return -1;
}

static const opt_def train_opts[] = {
    {"output", 'o', OPT_STR, &tc.output, 0, NULL, "FILE", "INPUT.model", "where to write the model"},
    {"format", 'f', OPT_STR, &tc.format, 0, NULL, "FMT", "auto", "corpus format: auto, tsv, fasttext, jsonl, dir"},
    {"skip-bad", 0, OPT_SET, &tc.skip_bad, 1, NULL, NULL, NULL, "skip bad documents (reported, counted) instead of stopping"},
    {"word-ngrams", 0, OPT_CALL, &cfg.word_min, 0, cli_parse_range, "N|MIN-MAX", "1", "word n-gram orders, e.g. 1-2 for unigrams and bigrams; 0 = none"},
    {"char-ngrams", 0, OPT_CALL, &cfg.char_min, 0, cli_parse_range, "N|MIN-MAX", "0 (none)", "character n-gram orders inside word boundaries"},
    {"stem", 0, OPT_SET, &cfg.stem, 1, NULL, NULL, "off", "light Arabic prefix/suffix stemming"},
    {"no-fold-tashkeel", 0, OPT_SET, &cfg.fold_tashkeel, 0, NULL, NULL, NULL, "keep Arabic diacritics"},
    {"no-fold-tatweel", 0, OPT_SET, &cfg.fold_tatweel, 0, NULL, NULL, NULL, "keep tatweel (U+0640)"},
    {"no-fold-alef", 0, OPT_SET, &cfg.fold_alef, 0, NULL, NULL, NULL, "keep hamza/madda alef forms distinct"},
    {"no-fold-maqsura", 0, OPT_SET, &cfg.fold_maqsura, 0, NULL, NULL, NULL, "keep alef maqsura distinct from ya"},
    {"no-fold-ta-marbuta", 0, OPT_SET, &cfg.fold_ta_marbuta, 0, NULL, NULL, NULL, "keep ta marbuta distinct from ha"},
    {"no-fold-digits", 0, OPT_SET, &cfg.fold_digits, 0, NULL, NULL, NULL, "keep Arabic-Indic digits"},
    {"lenient", 0, OPT_SET, &cfg.lenient, 1, NULL, NULL, NULL, "replace invalid UTF-8 with U+FFFD instead of failing"},
    {"min-df", 0, OPT_INT, &cfg.min_df, 0, NULL, "N", "2", "keep n-grams found in at least N documents"},
    {"max-features", 0, OPT_LONG, &tc.max_features, 0, NULL, "N", "0 (all)", "keep the N most frequent n-grams"},
    {"hash-bits", 0, OPT_INT, &cfg.hash_bits, 0, NULL, "B", "0 (vocabulary)", "hash n-grams into 2^B buckets instead of a vocabulary"},
    {"lsa", 0, OPT_INT, &cfg.lsa_k, 0, NULL, "K", "0 (none)", "add a K-dimensional LSA embedding (truncated SVD of the tf-idf matrix)"},
    {"features", 0, OPT_CALL, &cfg.feature_mode, 0, parse_features, "MODE", "sparse, or both with --lsa", "train on n-grams (sparse), the LSA embedding (dense) or both"},
    {"tf-raw", 0, OPT_SET, &tc.tf_raw, 1, NULL, NULL, NULL, "raw term frequency instead of 1 + log(tf)"},
    {"no-idf", 0, OPT_SET, &tc.no_idf, 1, NULL, NULL, NULL, "no inverse document frequency weighting"},
    {"no-l2", 0, OPT_SET, &tc.no_l2, 1, NULL, NULL, NULL, "no L2 normalisation"},
    {"solver", 0, OPT_STR, &tc.solver, 0, NULL, "S", "liblinear for -t linear, else libsvm", "liblinear (linear models in time linear in the corpus) or libsvm (kernels; exact libsvm C-SVC one-vs-one)"},
    {"scheme", 0, OPT_STR, &tc.scheme, 0, NULL, "S", "ovr", "liblinear: ovr (one classifier per label) or ovo (one per pair of labels, as libsvm)"},
    {"loss", 0, OPT_STR, &tc.loss, 0, NULL, "L", "hinge", "liblinear: hinge (L1-loss, libsvm's C-SVC loss) or squared-hinge (L2-loss)"},
    {"kernel", 't', OPT_CALL, &tp.kernel, 0, cli_parse_kernel, "K", "linear", "kernel: linear|0, poly|1, rbf|2, sigmoid|3"},
    {"cost", 'c', OPT_DOUBLE, &tp.C, 0, NULL, "C", "1", "C-SVC cost"},
    {"gamma", 'g', OPT_DOUBLE, &tp.gamma, 0, NULL, "G", "1", "gamma of rbf/poly/sigmoid kernels"},
    {"degree", 'd', OPT_INT, &tp.degree, 0, NULL, "D", "3", "degree of the poly kernel"},
    {"coef0", 'r', OPT_DOUBLE, &tp.coef0, 0, NULL, "R", "0", "coef0 of poly/sigmoid kernels"},
    {"epsilon", 'e', OPT_DOUBLE, &tc.eps, 0, NULL, "E", "0.1 liblinear, 0.001 libsvm", "stopping tolerance"},
    {"cache", 'm', OPT_DOUBLE, &tp.cache_mb, 0, NULL, "MB", "200", "libsvm kernel cache per pair problem"},
    {"shrinking", 'h', OPT_CALL, &tp.shrinking, 0, parse_bool01, "0|1", "1", "libsvm shrinking heuristics"},
    {"probability", 'b', OPT_CALL, &tp.probability, 0, parse_bool01, "0|1", "0", "fit Platt probabilities (slower training)"},
    {"class-weight", 0, OPT_STR, &tc.class_weight, 0, NULL, "balanced", "none", "weight classes by n / (k * n_class)"},
    {"weight", 'w', OPT_CALL, NULL, 0, add_weight, "LABEL=W", NULL, "multiply C of LABEL by W (repeatable)"},
    {"cv", 'v', OPT_INT, &tc.cv, 0, NULL, "K", NULL, "stratified K-fold cross-validation instead of writing a model"},
    {"grid", 0, OPT_SET, &tc.grid, 1, NULL, NULL, NULL, "choose C (and gamma) by cross-validation, then train"},
    {"report", 0, OPT_STR, &tc.report, 0, NULL, "FILE", NULL, "with --cv: write the evaluation report of the out-of-fold predictions (format by extension)"},
    {"seed", 0, OPT_INT, &tc.seed, 0, NULL, "N", "1", "random seed (folds, probability fitting)"},
    {"threads", 'j', OPT_INT, &tp.threads, 0, NULL, "N", "2", "threads for feature extraction, kernel matrix and sub-problems"},
    {"gram-mb", 0, OPT_DOUBLE, &tp.gram_mb, 0, NULL, "MB", "4096", "libsvm: largest kernel matrix to precompute; larger problems are refused; 0 = never precompute (slow)"},
    {"max-doc-bytes", 0, OPT_LONG, &tc.max_doc_bytes, 0, NULL, "N", "16777216", "refuse longer documents"},
    {"max-line-bytes", 0, OPT_LONG, &tc.max_line, 0, NULL, "N", "67108864", "refuse longer lines or files"},
    {"max-labels", 0, OPT_INT, &tc.max_labels, 0, NULL, "N", "10000", "refuse corpora with more labels"},
    {"max-vocab", 0, OPT_LONG, &tc.max_vocab, 0, NULL, "N", "100000000", "refuse corpora with more distinct n-grams (before --min-df)"},
    {"quiet", 'q', OPT_SET, &tc.quiet, 1, NULL, NULL, NULL, "no progress output"},
    {0},
};

static const cmd_spec train_cmd = {
    "train", "[options] CORPUS...",
    "Train a classifier on labelled documents and write one model file.\n"
    "CORPUS is a TSV file (label<TAB>text), fastText lines (__label__x text),\n"
    "JSON Lines ({\"label\": ..., \"text\": ...}), a folder DIR/<label>/<file>,\n"
    "or - for standard input.",
    train_opts,
    "Bad documents (no label, empty text, NUL bytes, invalid UTF-8) stop training\n"
    "with file:line unless --skip-bad is given.  A failed run never replaces an\n"
    "existing model.  Exit status: 0 success, 1 data or I/O error, 2 usage error.\n",
};

static void on_skip(void *user, const tasnif_err *e)
{
    (void)user;
    cli_progress_done();
    fprintf(stderr, "tasnif: skipped %s\n", e->msg);
}

/* Cross-validate with the current tp; fills stats (pooled out-of-fold)
 * and per-fold figures when print is set. */
static int cross_validate(const train_set *ts, const feat_space *fs, int folds, int print,
                          eval_stats *pooled, report *rep, tasnif_err *err)
{
    int *fold = malloc(ts->n * sizeof *fold);
    size_t *rows = malloc(ts->n * sizeof *rows);
    int rc = 0;
    if (!fold || !rows || eval_init(pooled, ts->nlabels) < 0) {
        free(fold);
        free(rows);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    train_folds(ts->y, ts->n, ts->nlabels, folds, tp.seed, fold);
    double sum_acc = 0, sum_f1 = 0;
    for (int f = 0; f < folds && rc == 0; f++) {
        size_t n = 0;
        for (size_t i = 0; i < ts->n; i++)
            if (fold[i] != f)
                rows[n++] = i;
        tasnif_model m = {0};
        m.fs.dim = fs->dim;
        m.fs.cfg = fs->cfg;
        m.nlabels = ts->nlabels;
        m.labels = ts->labels;
        rc = train_model(&tp, &ts->x, ts->y, rows, n, &m, err);
        if (rc == 0) {
            eval_stats st;
            double *dec = malloc((size_t)m.ndec * sizeof *dec);
            int *votes = malloc((size_t)m.nlabels * sizeof *votes);
            tasnif_score *sc = malloc((size_t)m.nlabels * sizeof *sc);
            if (!dec || !votes || !sc || eval_init(&st, ts->nlabels) < 0)
                rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
            for (size_t i = 0; rc == 0 && i < ts->n; i++) {
                if (fold[i] != f)
                    continue;
                size_t s = ts->x.rowptr[i];
                model_decide(&m, ts->x.col + s, ts->x.val + s, ts->x.rowptr[i + 1] - s, dec, votes);
                model_rank(&m, dec, votes, sc);
                eval_add(&st, ts->y[i], sc[0].index);
                eval_add(pooled, ts->y[i], sc[0].index);
                if (rep && report_add(rep, ts->y[i], sc[0].index, sc, m.has_prob, ts->where[i], 0, ts->words[i],
                                      strlen(ts->words[i])) < 0)
                    rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
            }
            if (rc == 0) {
                eval_compute(&st);
                sum_acc += st.accuracy;
                sum_f1 += st.macro_f1;
                if (print)
                    printf("fold %d: accuracy %.4f macro-F1 %.4f (%llu documents)\n", f + 1, st.accuracy,
                           st.macro_f1, (unsigned long long)st.n);
                eval_finish(&st);
            }
            free(dec);
            free(votes);
            free(sc);
        }
        model_clear_classifiers(&m);
    }
    if (rc == 0) {
        eval_compute(pooled);
        if (print)
            printf("mean: accuracy %.4f macro-F1 %.4f over %d folds\n", sum_acc / folds, sum_f1 / folds, folds);
    } else
        eval_finish(pooled);
    free(fold);
    free(rows);
    return rc;
}

int cmd_train(int argc, char **argv)
{
    memset(&tc, 0, sizeof tc);
    features_given = 0;
    feat_config_defaults(&cfg);
    train_params_defaults(&tp);
    tc.format = "auto";
    tc.max_line = 64LL << 20;
    tc.max_labels = 10000;
    tc.max_doc_bytes = cfg.max_doc_bytes;
    tc.max_vocab = cfg.max_vocab;
    tc.seed = 1;
    int first, rc = opts_parse(&train_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (first >= argc)
        return opts_usage_error(&train_cmd, "no corpus given");
    int fmt = corpus_format_parse(tc.format);
    if (fmt < 0 || fmt == CORPUS_LINES)
        return opts_usage_error(&train_cmd, "unknown --format '%s'", tc.format);
    if (cfg.lsa_k && !features_given)
        cfg.feature_mode = FEAT_BOTH;
    cfg.sublinear_tf = !tc.tf_raw;
    cfg.use_idf = !tc.no_idf;
    cfg.l2 = !tc.no_l2;
    cfg.max_features = tc.max_features;
    cfg.max_doc_bytes = tc.max_doc_bytes;
    cfg.max_vocab = tc.max_vocab;
    tp.seed = (unsigned)tc.seed;
    if (tc.class_weight) {
        if (strcmp(tc.class_weight, "balanced") == 0)
            tp.balanced = 1;
        else if (strcmp(tc.class_weight, "none") != 0)
            return opts_usage_error(&train_cmd, "--class-weight takes 'balanced' or 'none'");
    }
    if (tp.C <= 0)
        return opts_usage_error(&train_cmd, "--cost must be positive");
    if (tp.gamma < 0)
        return opts_usage_error(&train_cmd, "--gamma must be positive");
    if (tp.threads < 1 || tp.threads > 64)
        return opts_usage_error(&train_cmd, "--threads must be 1 to 64");
    if (tc.cv == 1 || tc.cv < 0)
        return opts_usage_error(&train_cmd, "--cv needs at least 2 folds");
    if (tc.report && !tc.cv)
        return opts_usage_error(&train_cmd, "--report goes with --cv");
    if (tc.report && report_format_for(tc.report) < 0)
        return opts_usage_error(&train_cmd, "--report: cannot tell the format of '%s' (use .json, .md, .html or .txt)", tc.report);
    if (tc.eps < 0 || tp.cache_mb <= 0)
        return opts_usage_error(&train_cmd, "--epsilon and --cache must be positive");
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
    tasnif_err err = {0};
    if (feat_config_check(&cfg, &err) < 0)
        return opts_usage_error(&train_cmd, "%s", err.msg);

    /* default output: basename of the first corpus + ".model", as svm-train */
    char defout[4096];
    const char *out = tc.output;
    if (!out && !tc.cv) {
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
    /* OpenBLAS works in phases of its own (kernel matrix, LSA), never at
     * the same time as our threads: give it the same number */
    openblas_set_num_threads(tp.threads);
    int show = !tc.quiet && opts_stderr_tty();
    fit_opts fo = {
        .paths = (const char *const *)(argv + first), .npaths = argc - first,
        .format = (corpus_format)fmt, .cfg = cfg, .skip_bad = tc.skip_bad,
        .max_line = tc.max_line, .max_labels = tc.max_labels, .threads = tp.threads, .seed = (unsigned)tc.seed,
        .on_skip = on_skip, .progress = show ? cli_progress : NULL,
    };
    if (show)
        tp.progress = cli_progress;
    feat_space fs;
    train_set ts;
    double t0 = now_seconds();
    if ((rc = fit_corpus(&fo, &fs, &ts, &err)) < 0)
        return cli_fail(&err);
    double t_feat = now_seconds() - t0;
    if (tc.nweights) {
        tp.label_weight = malloc((size_t)ts.nlabels * sizeof *tp.label_weight);
        for (int i = 0; tp.label_weight && i < ts.nlabels; i++)
            tp.label_weight[i] = 1.0;
        for (int i = 0; tp.label_weight && i < tc.nweights; i++) {
            const char *eq = strrchr(tc.weights[i], '=');
            char *end;
            double w = strtod(eq + 1, &end);
            int li = -1;
            for (int j = 0; j < ts.nlabels; j++)
                if (strlen(ts.labels[j]) == (size_t)(eq - tc.weights[i]) &&
                    memcmp(ts.labels[j], tc.weights[i], (size_t)(eq - tc.weights[i])) == 0)
                    li = j;
            if (li < 0 || end == eq + 1 || *end || w <= 0) {
                train_set_finish(&ts);
                feat_space_finish(&fs);
                free(tp.label_weight);
                return opts_usage_error(&train_cmd, "--weight '%s': %s", tc.weights[i],
                                        li < 0 ? "no such label in the corpus" : "weight must be a positive number");
            }
            tp.label_weight[li] = w;
        }
    }
    if (!tc.quiet && ts.skipped)
        fprintf(stderr, "tasnif: skipped %zu bad documents\n", ts.skipped);
    char extra[512] = "";
    if (tc.grid) {
        int folds = tc.cv ? tc.cv : 5;
        static const double Cs[] = {0.1, 0.3, 1, 3, 10, 100};
        static const double gammas[] = {0.25, 0.5, 1, 2};
        int ng = tp.kernel == LINEAR ? 1 : 4;
        double bestC = tp.C, bestg = tp.gamma, bestf = -1;
        for (size_t ci = 0; ci < sizeof Cs / sizeof Cs[0]; ci++)
            for (int gi = 0; gi < ng; gi++) {
                tp.C = Cs[ci];
                if (tp.kernel != LINEAR)
                    tp.gamma = gammas[gi];
                eval_stats st;
                if ((rc = cross_validate(&ts, &fs, folds, 0, &st, NULL, &err)) < 0)
                    goto fail;
                if (!tc.quiet) {
                    cli_progress_done();
                    fprintf(stderr, "tasnif: grid C=%g%s%.4g: %d-fold macro-F1 %.4f accuracy %.4f\n", tp.C,
                            tp.kernel == LINEAR ? "" : " gamma=", tp.kernel == LINEAR ? 0.0 : tp.gamma, folds,
                            st.macro_f1, st.accuracy);
                }
                if (st.macro_f1 > bestf + 1e-12) {
                    bestf = st.macro_f1;
                    bestC = tp.C;
                    bestg = tp.gamma;
                }
                eval_finish(&st);
            }
        tp.C = bestC;
        tp.gamma = bestg;
        printf("grid: best C=%g", bestC);
        if (tp.kernel != LINEAR)
            printf(" gamma=%g", bestg);
        printf(" (%d-fold macro-F1 %.4f)\n", folds, bestf);
        snprintf(extra, sizeof extra, "grid_cv_macro_f1=%.6f\n", bestf);
    } else if (tc.cv) {
        eval_stats st;
        report rep;
        int rfmt = tc.report ? report_format_for(tc.report) : REP_TEXT;
        if (rfmt < 0)
            rfmt = REP_TEXT;
        if (report_init(&rep, ts.nlabels, ts.labels) < 0) {
            rc = err_set(&err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
            goto fail;
        }
        char title[600];
        snprintf(title, sizeof title, "%d-fold cross-validation of %s", tc.cv, ts.source);
        rep.model_path = "(out-of-fold models)";
        rep.test_path = title;
        rep.seed = tp.seed;
        if ((rc = cross_validate(&ts, &fs, tc.cv, 1, &st, &rep, &err)) < 0 || (rc = report_compute(&rep)) < 0) {
            report_finish(&rep);
            goto fail;
        }
        cli_progress_done();
        printf("\nout-of-fold predictions over all %zu documents:\n", ts.n);
        eval_print_text(stdout, &st, ts.labels);
        eval_finish(&st);
        if (tc.report) {
            FILE *fp = fopen(tc.report, "w");
            if (fp)
                report_write(&rep, (report_format)rfmt, fp, 0);
            if (!fp || (ferror(fp) | fclose(fp)) != 0) {
                fprintf(stderr, "tasnif: %s: cannot write the report\n", tc.report);
                report_finish(&rep);
                train_set_finish(&ts);
                feat_space_finish(&fs);
                free(tp.label_weight);
                return EXIT_FAIL;
            }
        }
        report_finish(&rep);
        train_set_finish(&ts);
        feat_space_finish(&fs);
        free(tp.label_weight);
        return EXIT_OK;
    }
    size_t n = ts.n, dim = fs.dim;
    tasnif_model *m = NULL;
    double t1 = now_seconds();
    snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "feature_seconds=%.3f\n", t_feat);
    if ((rc = fit_model(&tp, &fs, &ts, extra, &m, &err)) < 0)
        goto fail;
    double t_svm = now_seconds() - t1;
    if ((rc = model_save(m, out, &err)) < 0) {
        tasnif_model_free(m);
        goto fail;
    }
    cli_progress_done();
    if (!tc.quiet)
        fprintf(stderr, "tasnif: %zu documents, %d labels, %zu features; features %.2f s, svm %.2f s; wrote %s\n",
                n, m->nlabels, dim, t_feat, t_svm, out);
    tasnif_model_free(m);
    train_set_finish(&ts);
    free(tp.label_weight);
    return EXIT_OK;
fail:
    train_set_finish(&ts);
    feat_space_finish(&fs);
    free(tp.label_weight);
    return cli_fail(&err);
}
