/*
 * cmd_similar.c - `tasnif similar`: the indexed articles nearest to each
 * query by cosine similarity in the LSA space.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include "common.h"
#include "../predict/index.h"
#include "../predict/output.h"

static const char *index_path, *format, *input_format;
static int top_k, lines, threads;
static long long max_line;

static const opt_def similar_opts[] = {
    {"index", 'i', OPT_STR, &index_path, 0, NULL, "INDEX", NULL, "an index from tasnif index (required)", OPT_NORANGE},
    {"top-k", 'k', OPT_INT, &top_k, 0, NULL, "K", "10", "how many articles per query", 1, 10000, OPT_DEFAULT},
    {"lines", 'l', OPT_SET, &lines, 1, NULL, NULL, NULL, "one query per line (TSV, fastText or JSONL; labels ignored)", OPT_NORANGE},
    {"input-format", 'f', OPT_STR, &input_format, 0, NULL, "FMT", "auto", "with --lines: auto, tsv, fasttext, jsonl, csv, lines", 0, 0, OPT_DEFAULT},
    CLI_OPTS_CORPUS,
    {"format", 0, OPT_STR, &format, 0, NULL, "FMT", "text", "output: text (query, rank, score, id, first words) or json", 0, 0, OPT_DEFAULT},
    CLI_OPT_THREADS(&threads, "2", OPT_DEFAULT, "OpenBLAS threads for the search"),
    CLI_OPT_MAX_LINE_BYTES(&max_line),
    {0},
};

static const cmd_spec similar_cmd = {
    "similar", "-i INDEX [options] [FILE...|-]",
    "Find the indexed articles most similar to each query (each FILE is one\n"
    "article; - or no FILE reads one from standard input; --lines makes every\n"
    "line a query).  The search is exact: cosine similarity with every indexed\n"
    "document in the model's LSA space, costing documents x K multiply-adds per\n"
    "query (K the LSA dimensions), done by OpenBLAS sgemm in blocks.",
    similar_opts,
    "Exit status: 0 success, 1 data, index or I/O error, 2 usage error.\n",
};

typedef struct query_batch {
    int n, cap, k;
    float *q;
    char **name;
    const doc_index *ix;  /* searched for the batch's queries */
    index_hit *hits;      /* cap x top_k results */
    int *found;           /* results per query */
    int json;
} query_batch;

static void flush(query_batch *qb)
{
    const doc_index *ix = qb->ix;
    index_hit *hits = qb->hits;
    int *found = qb->found, json = qb->json;
    if (!qb->n)
        return;
    index_search(ix, qb->q, qb->n, top_k, hits, found);
    for (int qi = 0; qi < qb->n; qi++) {
        if (json) {
            fputs("{\"query\":", stdout);
            render_json_string(stdout, qb->name[qi]);
            fputs(",\"results\":[", stdout);
        }
        for (int r = 0; r < found[qi]; r++) {
            const index_hit *h = &hits[(size_t)qi * (size_t)top_k + (size_t)r];
            const char *ref = ix->ref[h->doc];
            uint32_t len = ix->ref_len[h->doc];
            const char *tab = memchr(ref, '\t', len);
            size_t idl = tab ? (size_t)(tab - ref) : len;
            char id[600], words[200];
            snprintf(id, sizeof id, "%.*s", (int)idl, ref);
            snprintf(words, sizeof words, "%.*s", tab ? (int)(len - idl - 1) : 0, tab ? tab + 1 : "");
            if (json) {
                fputs(r ? ",{\"id\":" : "{\"id\":", stdout);
                render_json_string(stdout, id);
                fputs(",\"score\":", stdout);
                render_json_number(stdout, h->score, 6);
                fputs(",\"text\":", stdout);
                render_json_string(stdout, words);
                fputc('}', stdout);
            } else
                printf("%s\t%d\t%.6f\t%s\t%s\n", qb->name[qi], r + 1, h->score, id, words);
        }
        if (json)
            fputs("]}\n", stdout);
        free(qb->name[qi]);
    }
    qb->n = 0;
}

/* Embed text as the next query of the batch, and search the batch when it is full. */
static int add_query(query_batch *qb, const tasnif_model *m, feat_ctx *ctx, model_scratch *sc, const char *text,
                     size_t len, const char *name, const char *file, long line, tasnif_err *err)
{
    const feat_term *terms;
    size_t nterms;
    int rc = feat_doc_terms(ctx, text, len, file, line, &terms, &nterms, err);
    if (rc < 0)
        return rc;
    double e[LSA_MAX];
    if ((rc = model_embed_terms(m, sc, terms, nterms, e)) < 0)
        return err_set(err, rc, file, line, 0, "%s", tasnif_strerror(rc));
    for (int j = 0; j < qb->k; j++)
        qb->q[(size_t)qb->n * (size_t)qb->k + (size_t)j] = (float)e[j];
    if (!(qb->name[qb->n] = strdup(name)))
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    qb->n++;
    if (qb->n == qb->cap)
        flush(qb);
    return 0;
}

/* Every line of path (a corpus in format fmt) as a query; @return 0 or -1 (err says why). */
static int query_lines(query_batch *qb, cli_model *cm, const char *path, int fmt, tasnif_err *err)
{
    corpus *c = NULL;
    if (corpus_open(path, (corpus_format)fmt, 0, max_line, &c, err) < 0)
        return -1;
    corpus_set_spec(c, &cli_spec);
    int failed = 0;
    for (;;) {
        corpus_doc d;
        int rc = corpus_next(c, &d, err);
        if (rc == 0)
            break;
        char name[1200];
        if (rc > 0)
            corpus_doc_name(&d, name, sizeof name);
        if (rc < 0 || add_query(qb, cm->m, cm->ctx, &cm->sc, d.text, d.len, name, d.file, d.line, err) < 0) {
            failed = -1;
            break;
        }
    }
    corpus_close(c);
    return failed;
}

int cmd_similar(int argc, char **argv)
{
    index_path = NULL;
    lines = 0;
    int first, rc = opts_parse(&similar_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (!index_path)
        return opts_usage_error(&similar_cmd, "no index: give -i INDEX");
    openblas_set_num_threads(threads);
    int json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "text") != 0)
        return opts_usage_error(&similar_cmd, "unknown --format '%s' (text, json)", format);
    int fmt = corpus_format_parse(input_format);
    if (fmt < 0 || fmt == CORPUS_DIR)
        return opts_usage_error(&similar_cmd, "unknown --input-format '%s'", input_format);
    if ((rc = cli_corpus_spec_check(&similar_cmd, lines ? fmt : -1)) >= 0)
        return rc;
    char *std_in[] = {"-"};
    if ((rc = cli_check_output("-", NULL, index_path, NULL, first < argc ? argv + first : std_in,
                               first < argc ? argc - first : 1)) >= 0)
        return rc;
    cli_model cm;
    if ((rc = cli_model_open(&cm, index_path)) >= 0)
        return rc;
    tasnif_err err = {0};
    doc_index ix;
    if (index_open(cm.m, index_path, &ix, &err) < 0) {
        cli_model_close(&cm);
        return cli_fail(&err);
    }
    enum { BATCH = 64 };
    int found[BATCH];
    query_batch qb = {0, BATCH, ix.k, malloc((size_t)BATCH * (size_t)ix.k * sizeof(float)),
                      calloc(BATCH, sizeof(char *)), &ix, malloc((size_t)BATCH * (size_t)top_k * sizeof(index_hit)),
                      found, json};
    int status = EXIT_OK;
    char *buf = NULL;
    size_t cap = 0;
    if (!qb.q || !qb.name || !qb.hits) {
        fprintf(stderr, "tasnif: out of memory\n");
        status = EXIT_FAIL;
    }
    int nfiles = argc - first;
    for (int i = 0; status == EXIT_OK && i < (nfiles ? nfiles : 1); i++) {
        const char *path = nfiles ? argv[first + i] : "-";
        int failed;
        if (lines)
            failed = query_lines(&qb, &cm, path, fmt, &err) < 0;
        else {
            char shown[4 * 4096 + 1];
            text_printable(strcmp(path, "-") ? path : "<stdin>", shown, sizeof shown);
            size_t len;
            failed = corpus_read_file(path, max_line, &buf, &cap, &len, &err) < 0 ||
                     add_query(&qb, cm.m, cm.ctx, &cm.sc, buf, len, shown, shown, 0, &err) < 0;
        }
        if (failed)
            status = cli_fail(&err);
    }
    if (status == EXIT_OK)
        flush(&qb);
    for (int i = 0; i < qb.n; i++)
        free(qb.name[i]);
    if (cli_flush_stdout() != EXIT_OK)
        status = EXIT_FAIL;
    free(buf);
    free(qb.q);
    free(qb.name);
    free(qb.hits);
    index_close(&ix);
    cli_model_close(&cm);
    return status;
}
