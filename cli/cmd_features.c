/*
 * cmd_features.c - `tasnif features`: a corpus as libsvm-format vectors in
 * a model's feature space, or the normalised tokens of each document.
 */
#include <stdlib.h>
#include <string.h>
#include "common.h"

static const char *model_path, *input_format;
static int tokens;
static long long max_line;

static const opt_def features_opts[] = {
    {"model", 'm', OPT_STR, &model_path, 0, NULL, "MODEL", NULL, "model whose feature space to use (required)", OPT_NORANGE},
    {"input-format", 'f', OPT_STR, &input_format, 0, NULL, "FMT", "auto", "corpus format: auto, tsv, fasttext, jsonl, dir", 0, 0, OPT_DEFAULT},
    {"tokens", 0, OPT_SET, &tokens, 1, NULL, NULL, NULL, "print each document's normalised tokens instead", OPT_NORANGE},
    CLI_OPT_MAX_LINE_BYTES(&max_line),
    {0},
};

static const cmd_spec features_cmd = {
    "features", "-m MODEL [options] CORPUS...",
    "Write a labelled corpus as libsvm-format vectors in the model's feature\n"
    "space: one line per document, 'label index:value ...' with indices\n"
    "ascending from 1.  The label is the label's 1-based number in the model\n"
    "(see tasnif info).  svm-train and svm-predict read this unchanged.",
    features_opts,
    "Exit status: 0 success, 1 data, model or I/O error, 2 usage error.\n",
};

int cmd_features(int argc, char **argv)
{
    int first, rc = opts_parse(&features_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    int fmt;
    if ((rc = cli_model_corpus_args(&features_cmd, model_path, first, argc, "corpus", input_format, &fmt)) >= 0)
        return rc;
    if ((rc = cli_check_output("-", NULL, model_path, NULL, argv + first, argc - first)) >= 0)
        return rc;
    tasnif_err err = {0};
    cli_model cm;
    if ((rc = cli_model_open(&cm, model_path)) >= 0)
        return rc;
    tasnif_model *m = cm.m;
    feat_ctx *ctx = cm.ctx;
    model_scratch sc = {0}; /* the document's vector (model_vectorize) */
    int status = EXIT_OK;
    for (int i = first; i < argc && status == EXIT_OK; i++) {
        corpus *c = NULL;
        if (corpus_open(argv[i], (corpus_format)fmt, !tokens, max_line, &c, &err) < 0) {
            status = cli_fail(&err);
            break;
        }
        for (;;) {
            corpus_doc d;
            tasnif_err e = {0};
            const feat_term *terms;
            size_t nterms;
            rc = corpus_next(c, &d, &e);
            if (rc == 0)
                break;
            int label = 0;
            if (rc > 0 && !tokens) {
                label = model_label_index(m, d.label, d.label_len);
                if (label < 0)
                    rc = err_set(&e, TASNIF_EINPUT, d.file, d.line, 0, "label '%.*s' is not one of the model's labels",
                                 (int)d.label_len, d.label);
            }
            if (rc > 0)
                rc = feat_doc_terms(ctx, d.text, d.len, d.file, d.line, &terms, &nterms, &e);
            if (rc >= 0 && !tokens && (rc = model_vectorize(m, &sc, terms, nterms)) < 0)
                err_set(&e, rc, d.file, d.line, 0, "%s", tasnif_strerror(rc));
            if (rc < 0) {
                status = cli_fail(&e);
                break;
            }
            if (tokens) {
                size_t len;
                const char *t = feat_ctx_tokens(ctx, &len);
                fwrite(t, 1, len, stdout);
                putchar('\n');
                continue;
            }
            printf("%d", label + 1);
            for (size_t j = 0; j < sc.nnz; j++)
                printf(" %d:%.17g", sc.col[j] + 1, sc.val[j]);
            putchar('\n');
        }
        corpus_close(c);
    }
    if (cli_flush_stdout() != EXIT_OK)
        status = EXIT_FAIL;
    model_scratch_finish(&sc);
    cli_model_close(&cm);
    return status;
}
