/*
 * cmd_info.c - `tasnif info`: what a model file holds.
 */
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "../predict/output.h"

static int show_vocab, top_terms;
static const char *format;

static const opt_def info_opts[] = {
    {"format", 0, OPT_STR, &format, 0, NULL, "FMT", "text", "text, or json (one object; what GET /v1/model of tasnif serve answers)", 0, 0, OPT_DEFAULT},
    {"vocab", 0, OPT_INT, &show_vocab, 0, NULL, "N", "0", "also list the first N vocabulary entries with df and idf", 0, 2147483647, OPT_DEFAULT},
    {"top-terms", 0, OPT_INT, &top_terms, 0, NULL, "N", "0", "also list each label's N heaviest n-grams, positive and negative (linear models)", 0, 100000, OPT_DEFAULT},
    {0},
};

static const cmd_spec info_cmd = {
    "info", "[options] MODEL",
    "Describe a model: labels with their training documents (a label-set\n"
    "model: and each label's decision threshold), the feature configuration,\n"
    "vocabulary size, kernel and the training summary.  The line\n"
    "'flags' gives the options of tasnif train that train the same model again\n"
    "from the same corpus (those at their defaults left out).",
    info_opts,
    "Exit status: 0 success, 1 unreadable or corrupt model, 2 usage error.\n",
};

/* The model described as text: labels, kernel, classifiers, features, flags, LSA, configuration, training. */
static void print_summary(const tasnif_model *m, const char *path)
{
    printf("model       %s\n", path);
    printf("labels      %d%s\n", m->nlabels, m->multi ? " (label sets: each label whose score reaches its threshold)" : "");
    for (int i = 0; i < m->nlabels; i++) {
        printf("  %3d  %-24s %llu training documents", i + 1, m->labels[i], (unsigned long long)m->label_docs[i]);
        if (m->multi && m->thresh)
            printf(", threshold %.6g", m->thresh[i]);
        putchar('\n');
    }
    printf("kernel      %s", out_kernel_name(m->param.kernel_type));
    if (m->param.kernel_type != 0)
        printf(" (gamma %g, degree %d, coef0 %g)", m->param.gamma, m->param.degree, m->param.coef0);
    printf(", C %g\n", m->param.C);
    if (m->solver == SOLVER_LIBLINEAR)
        printf("classifiers %d %s (liblinear, %s)%s\n", m->ndec,
               m->scheme == SCHEME_OVR ? "one-vs-rest" : "one-vs-one",
               m->ll_solver == 3 ? "hinge loss" : m->ll_solver == 1 ? "squared hinge loss" : "other loss",
               m->has_prob ? ", Platt probabilities" : "");
    else
        printf("classifiers %d one-vs-one (libsvm C-SVC)%s\n", m->ndec, m->has_prob ? ", Platt probabilities" : "");
    if (m->svm)
        printf("support vectors %d\n", m->svm->l);
    else
        printf("weights     %s (%zu x %d)%s\n", model_weights_name(m->wenc), feat_in_dim(&m->fs), m->ndec,
               m->wenc == MODEL_W_I8 ? ", a scale per decision function" : "");
    printf("features    %zu (%s)\n", m->fs.dim, m->fs.cfg.hash_bits ? "hashed" : "vocabulary");
    char flags[2048];
    model_flags(m, flags, sizeof flags);
    printf("flags       %s\n", flags[0] ? flags : "(the defaults)");
    if (m->fs.cfg.lsa_k) {
        static const char *modes[] = {"n-grams only", "the embedding only", "n-grams and the embedding"};
        printf("LSA         %d dimensions (largest singular value %.4g); the model sees %s\n", m->fs.cfg.lsa_k,
               m->fs.lsa_sv[0], modes[m->fs.cfg.feature_mode]);
    }
    printf("\n[features]\n");
    feat_config_write(&m->fs.cfg, stdout);
    printf("\n[training]\n%s", m->meta ? m->meta : "");
}

/* The first n n-grams of the vocabulary: number, family, text, document frequency, idf. */
static void print_vocab(const tasnif_model *m, size_t n)
{
    printf("\n[vocabulary]\n");
    for (size_t i = 0; i < m->fs.dim && i < n; i++) {
        uint32_t len;
        const char *k = vocab_key(&m->fs.voc, i, &len);
        printf("%zu\t%s\t%.*s\t%u\t%.6f\n", i + 1, feat_family_name(k[0]), (int)(len - 1), k + 1,
               m->fs.voc.df[i], m->fs.idf ? m->fs.idf[i] : 1.0);
    }
}

/* Each label's n n-grams of largest positive and negative weight. */
static void print_top_terms(const tasnif_model *m, size_t n)
{
    model_term *pos = malloc(n * sizeof *pos), *neg = malloc(n * sizeof *neg);
    printf("\n[top terms]\n");
    for (int c = 0; pos && neg && c < m->nlabels; c++) {
        size_t np, nn;
        if (model_top_terms(m, c, n, pos, &np, neg, &nn) < 0) {
            printf("(this model has no n-gram weights: kernel or embedding-only model)\n");
            break;
        }
        for (int side = 0; side < 2; side++) {
            const model_term *t = side ? neg : pos;
            size_t cnt = side ? nn : np;
            printf("%s\t%s", m->labels[c], side ? "-" : "+");
            for (size_t i = 0; i < cnt; i++) {
                char term[512];
                model_term_text(m, t[i].feature, term, sizeof term);
                printf("\t%s %+.4f", term, t[i].weight);
            }
            putchar('\n');
        }
    }
    free(pos);
    free(neg);
}

int cmd_info(int argc, char **argv)
{
    int first, rc = opts_parse(&info_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (first != argc - 1)
        return opts_usage_error(&info_cmd, "give exactly one MODEL");
    int json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "text") != 0)
        return opts_usage_error(&info_cmd, "unknown --format '%s' (text, json)", format);
    if (json && (show_vocab || top_terms))
        return opts_usage_error(&info_cmd, "--vocab and --top-terms go with --format text");
    if ((rc = cli_check_output("-", NULL, argv[first], NULL, NULL, 0)) >= 0)
        return rc;
    tasnif_err err = {0};
    tasnif_model *m = NULL;
    if (tasnif_model_load(argv[first], &m, &err) < 0)
        return cli_fail(&err);
    if (json) {
        rc = out_model_json(stdout, m, argv[first]);
        tasnif_model_free(m);
        if (rc < 0) {
            fprintf(stderr, "tasnif: out of memory\n");
            return EXIT_FAIL;
        }
        return cli_flush_stdout();
    }
    print_summary(m, argv[first]);
    if (show_vocab > 0 && !m->fs.cfg.hash_bits)
        print_vocab(m, (size_t)show_vocab);
    if (top_terms > 0)
        print_top_terms(m, (size_t)top_terms);
    tasnif_model_free(m);
    return cli_flush_stdout();
}
