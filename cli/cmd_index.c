/*
 * cmd_index.c - `tasnif index`: embed a corpus in a model's LSA space and
 * write an index for `tasnif similar`.
 */
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "../predict/index.h"

static const char *model_path, *output, *input_format;
static int threads, skip_bad;
static long long max_line;

static const opt_def index_opts[] = {
    {"model", 'm', OPT_STR, &model_path, 0, NULL, "MODEL", NULL, "a model trained with --lsa K (required)", OPT_NORANGE},
    {"output", 'o', OPT_STR, &output, 0, NULL, "INDEX", NULL, "where to write the index (required; - = standard output, not a terminal)", OPT_NORANGE},
    {"input-format", 'f', OPT_STR, &input_format, 0, NULL, "FMT", "auto", "corpus format: auto, tsv, fasttext, jsonl, csv, dir, lines", 0, 0, OPT_DEFAULT},
    CLI_OPTS_CORPUS,
    CLI_OPT_THREADS(&threads, "2", OPT_DEFAULT, "feature extraction threads"),
    {"skip-bad", 0, OPT_SET, &skip_bad, 1, NULL, NULL, NULL, "skip bad documents (reported, counted) instead of stopping", OPT_NORANGE},
    CLI_OPT_MAX_LINE_BYTES(&max_line),
    {0},
};

static const cmd_spec index_cmd = {
    "index", "-m MODEL -o INDEX [options] CORPUS...",
    "Embed every document of CORPUS in the model's LSA space and write an\n"
    "index that `tasnif similar` searches.  Labels in the corpus are ignored;\n"
    "each document is remembered by its id (JSON Lines \"id\", an id column;\n"
    "else file:line) and its first words.  The index\n"
    "holds a copy of the model's feature space, so it is searched on its own.",
    index_opts,
    "Exit status: 0 success, 1 data, model or I/O error, 2 usage error.\n",
};

typedef struct index_run {
    const tasnif_model *m;
    index_builder *ib;
    model_scratch *sc;
    double *e;
    size_t skipped;
    int failed;
} index_run;

/* Embed one document and add it to the index, or report it. */
static int index_doc(void *user, const feat_batch *b, size_t i, int rc, const tasnif_err *err)
{
    index_run *r = user;
    if (rc < 0) {
        if (skip_bad && rc != TASNIF_EIO && rc != TASNIF_ENOMEM) {
            fprintf(stderr, "tasnif: skipped %s\n", err->msg);
            r->skipped++;
            return 0;
        }
        r->failed = cli_fail(err);
        return rc;
    }
    const feat_term *terms;
    const tasnif_err *unused;
    size_t nterms, len, llen;
    const char *text, *label, *file;
    long line;
    feat_batch_doc(b, i, &text, &len, &label, &llen, &file, &line);
    const char *id = feat_batch_id(b, i);
    feat_batch_result(b, i, &terms, &nterms, &unused);
    if (model_embed_terms(r->m, r->sc, terms, nterms, r->e) < 0) {
        fprintf(stderr, "tasnif: out of memory\n");
        r->failed = EXIT_FAIL;
        return TASNIF_ENOMEM;
    }
    char where[1200], words[128];
    corpus_name(id, file, line, where, sizeof where);
    size_t wl = len < 120 ? len : 120, o = 0;
    while (wl < len && wl > 0 && ((unsigned char)text[wl] & 0xC0) == 0x80)
        wl--; /* whole UTF-8 characters */
    for (size_t t = 0; t < wl && o < sizeof words - 1; t++)
        words[o++] = (text[t] == '\t' || text[t] == '\n' || text[t] == '\r') ? ' ' : text[t];
    if (index_builder_add(r->ib, r->e, where, words, o) < 0) {
        fprintf(stderr, "tasnif: out of memory\n");
        r->failed = EXIT_FAIL;
        return TASNIF_ENOMEM;
    }
    return 0;
}

int cmd_index(int argc, char **argv)
{
    model_path = output = NULL;
    skip_bad = 0;
    int first, rc = opts_parse(&index_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (!model_path || !output)
        return opts_usage_error(&index_cmd, "give -m MODEL and -o INDEX");
    if (first >= argc)
        return opts_usage_error(&index_cmd, "no corpus given");
    int fmt = corpus_format_parse(input_format);
    if (fmt < 0)
        return opts_usage_error(&index_cmd, "unknown --input-format '%s'", input_format);
    if ((rc = cli_corpus_spec_check(&index_cmd, fmt)) >= 0)
        return rc;
    if ((rc = cli_output_stdout(&index_cmd, "-o", output, "index", 1, NULL)) >= 0 ||
        (rc = cli_check_output(output, NULL, model_path, NULL, argv + first, argc - first)) >= 0)
        return rc;
    tasnif_err err = {0};
    tasnif_model *m = NULL;
    if (tasnif_model_load(model_path, &m, &err) < 0)
        return cli_fail(&err);
    if (!m->fs.cfg.lsa_k) {
        tasnif_model_free(m);
        fprintf(stderr, "tasnif: %s: the model has no LSA embedding: train it with --lsa K\n", model_path);
        return EXIT_FAIL;
    }
    int k = m->fs.cfg.lsa_k, status = EXIT_OK;
    index_builder ib;
    index_builder_init(&ib, k);
    feat_batch *batch = NULL;
    model_scratch sc = {0};
    double *e = malloc((size_t)k * sizeof *e);
    size_t skipped = 0;
    if (!e || feat_batch_new(&m->fs.cfg, threads, &batch, &err) < 0) {
        status = err.msg[0] ? cli_fail(&err) : EXIT_FAIL;
        goto out;
    }
    index_run run = {m, &ib, &sc, e, 0, 0};
    for (int i = first; i < argc && status == EXIT_OK; i++) {
        corpus *c = NULL;
        if (corpus_open(argv[i], (corpus_format)fmt, 0, max_line, &c, &err) < 0) {
            status = cli_fail(&err);
            break;
        }
        corpus_set_spec(c, &cli_spec);
        if (corpus_stream(c, batch, 1024, 16u << 20, index_doc, NULL, &run, &err) < 0)
            status = run.failed ? run.failed : cli_fail(&err);
        corpus_close(c);
    }
    skipped = run.skipped;
    if (status == EXIT_OK && ib.n == 0) {
        fprintf(stderr, "tasnif: no documents to index\n");
        status = EXIT_FAIL;
    }
    if (status == EXIT_OK && index_save(m, &ib, output, &err) < 0)
        status = cli_fail(&err);
    if (status == EXIT_OK)
        fprintf(stderr, "tasnif: indexed %zu documents in %d dimensions%s; wrote %s\n", ib.n, k,
                skipped ? " (some skipped)" : "", cli_output_name(output));
out:
    free(sc.col);
    free(sc.val);
    free(e);
    feat_batch_free(batch);
    index_builder_finish(&ib);
    tasnif_model_free(m);
    return status;
}
