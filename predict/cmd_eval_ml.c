/*
 * cmd_eval_ml.c - `tasnif eval` of a multi-label model: every test
 * document's label set (TSV "a,b<TAB>text", fastText __label__ prefixes,
 * JSON Lines "labels") against the set the model chooses.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../cli/common.h"
#include "mlreport.h"
#include "stream.h"

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

static int on_doc(void *user, const stream_doc *d)
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
    char where[600];
    snprintf(where, sizeof where, "%s:%ld", d->file, d->line);
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
    if (strcmp(path, "-") == 0) {
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

int cmd_eval_ml(cli_model *cm, const eval_ml_opts *o)
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
    r.model_path = o->model_path;
    r.test_path = o->paths[0];
    r.bootstrap = o->bootstrap;
    r.seed = o->seed;
    const char *bad;
    if (o->fail_under && ml_report_add_gates(&r, o->fail_under, &bad) < 0) {
        ml_report_finish(&r);
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
        if (stream_corpus(m, c, o->threads, 1, on_doc, &run, &err) < 0)
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
    return status;
}
