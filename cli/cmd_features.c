/*
 * cmd_features.c - `tasnif features`: a corpus as libsvm-format vectors in
 * a model's feature space, or the normalised tokens of each document.
 */
#include <stdlib.h>
#include <string.h>
#include "common.h"

static const char *model_path, *input_format, *label_sep;
static int tokens;
static long long max_line;

static const opt_def features_opts[] = {
    {"model", 'm', OPT_STR, &model_path, 0, NULL, "MODEL", NULL, "model whose feature space to use (required)", OPT_NORANGE},
    {"input-format", 'f', OPT_STR, &input_format, 0, NULL, "FMT", "auto", "corpus format: auto, tsv, fasttext, jsonl, csv, dir", 0, 0, OPT_DEFAULT},
    CLI_OPTS_CORPUS,
    {"label-sep", 0, OPT_STR, &label_sep, 0, NULL, "C", ",", "multi-label models: the separator of a TSV or CSV label set", OPT_NORANGE},
    {"tokens", 0, OPT_SET, &tokens, 1, NULL, NULL, NULL, "print each document's normalised tokens instead", OPT_NORANGE},
    CLI_OPT_MAX_LINE_BYTES(&max_line),
    {0},
};

static const cmd_spec features_cmd = {
    "features", "-m MODEL [options] CORPUS...",
    "Write a labelled corpus as libsvm-format vectors in the model's feature\n"
    "space: one line per document, 'label index:value ...' with indices\n"
    "ascending from 1.  The label is the label's 1-based number in the model\n"
    "(see tasnif info).  svm-train and svm-predict read this unchanged.\n"
    "For a multi-label model each line starts with the document's label set,\n"
    "'l1,l2 index:value ...' (numbers ascending), as the multi-label tools of\n"
    "LIBSVM and liblinear read it.",
    features_opts,
    "Exit status: 0 success, 1 data, model or I/O error, 2 usage error.\n",
};

/* The model's number of d's label, or of each label of its set (marked in
 * in_set for a multi-label model).  @return 1, or a negative code with e
 * naming the label the model lacks. */
static int doc_labels(const tasnif_model *m, const corpus_doc *d, unsigned char *in_set, int *label, tasnif_err *e)
{
    for (const char *p = d->label, *end = d->label + d->label_len; p <= end;) {
        const char *sep = m->multi ? memchr(p, CORPUS_LABEL_SEP, (size_t)(end - p)) : NULL;
        const char *stop = sep ? sep : end;
        *label = model_label_index(m, p, (size_t)(stop - p));
        if (*label < 0)
            return err_set(e, TASNIF_EINPUT, d->file, d->line, 0, "label '%.*s' is not one of the model's labels",
                           (int)(stop - p), p);
        if (in_set)
            in_set[*label] = 1;
        p = stop + 1;
    }
    return 1;
}

/* One libsvm line: the label (a multi-label model: the set in in_set,
 * ascending, which is cleared) and the vector. */
static void write_vector(const tasnif_model *m, const model_scratch *sc, unsigned char *in_set, int label)
{
    if (in_set) {
        for (int l = 0, n = 0; l < m->nlabels; l++)
            if (in_set[l]) {
                printf(n++ ? ",%d" : "%d", l + 1);
                in_set[l] = 0;
            }
    } else
        printf("%d", label + 1);
    for (size_t j = 0; j < sc->nnz; j++)
        printf(" %d:%.17g", sc->col[j] + 1, sc->val[j]);
    putchar('\n');
}

/* Every document of path, as a vector or its tokens.  @return the exit status. */
static int write_corpus(cli_model *cm, const char *path, int fmt, unsigned char *in_set, model_scratch *sc)
{
    tasnif_model *m = cm->m;
    corpus *c = NULL;
    tasnif_err err = {0};
    if (corpus_open(path, (corpus_format)fmt, !tokens, max_line, &c, &err) < 0)
        return cli_fail(&err);
    corpus_set_spec(c, &cli_spec);
    if (m->multi && !tokens)
        corpus_set_multi(c, label_sep ? label_sep[0] : ',');
    int status = EXIT_OK;
    for (;;) {
        corpus_doc d;
        tasnif_err e = {0};
        const feat_term *terms;
        size_t nterms;
        int label = 0, rc = corpus_next(c, &d, &e);
        if (rc == 0)
            break;
        if (rc > 0 && !tokens)
            rc = doc_labels(m, &d, in_set, &label, &e);
        if (rc > 0)
            rc = feat_doc_terms(cm->ctx, d.text, d.len, d.file, d.line, &terms, &nterms, &e);
        if (rc >= 0 && !tokens && (rc = model_vectorize(m, sc, terms, nterms)) < 0)
            err_set(&e, rc, d.file, d.line, 0, "%s", tasnif_strerror(rc));
        if (rc < 0) {
            status = cli_fail(&e);
            break;
        }
        if (tokens) {
            size_t len;
            const char *t = feat_ctx_tokens(cm->ctx, &len);
            fwrite(t, 1, len, stdout);
            putchar('\n');
        } else
            write_vector(m, sc, in_set, label);
    }
    corpus_close(c);
    return status;
}

int cmd_features(int argc, char **argv)
{
    int first, rc = opts_parse(&features_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    int fmt;
    if ((rc = cli_model_corpus_args(&features_cmd, model_path, first, argc, "corpus", input_format, &fmt)) >= 0 ||
        (rc = cli_corpus_spec_check(&features_cmd, fmt)) >= 0)
        return rc;
    if ((rc = cli_check_output("-", NULL, model_path, NULL, argv + first, argc - first)) >= 0)
        return rc;
    cli_model cm;
    if ((rc = cli_model_open(&cm, model_path)) >= 0)
        return rc;
    tasnif_model *m = cm.m;
    if (label_sep && (!m->multi || strlen(label_sep) != 1)) {
        cli_model_close(&cm);
        return opts_usage_error(&features_cmd, "--label-sep takes one character and goes with multi-label models");
    }
    unsigned char *in_set = m->multi ? calloc((size_t)m->nlabels, 1) : NULL;
    if (m->multi && !in_set) {
        cli_model_close(&cm);
        fprintf(stderr, "tasnif: out of memory\n");
        return EXIT_FAIL;
    }
    model_scratch sc = {0}; /* the document's vector (model_vectorize) */
    int status = EXIT_OK;
    for (int i = first; i < argc && status == EXIT_OK; i++)
        status = write_corpus(&cm, argv[i], fmt, in_set, &sc);
    if (cli_flush_stdout() != EXIT_OK)
        status = EXIT_FAIL;
    model_scratch_finish(&sc);
    free(in_set);
    cli_model_close(&cm);
    return status;
}
