/*
 * common.h - helpers the command front ends share.
 */
#ifndef TASNIF_CLI_COMMON_H
#define TASNIF_CLI_COMMON_H

#include "opts.h"
#include "../train/train.h"

/* Print "tasnif: <message>" on stderr and @return EXIT_FAIL (or EXIT_USAGE
 * for TASNIF_EARG). */
int cli_fail(const tasnif_err *err);

/* Progress on a terminal: "\rtasnif: stage done/total" on stderr. */
void cli_progress(void *user, const char *stage, size_t done, size_t total);
/* End a progress line (newline if one was printed). */
void cli_progress_done(void);

/* A model opened for scoring: the model, an extraction context for its
 * feature configuration, and scoring buffers. */
typedef struct cli_model {
    tasnif_model *m;
    feat_ctx *ctx;
    model_scratch sc;
} cli_model;

/* Open path; @return -1 on success, else the exit code (error printed). */
int cli_model_open(cli_model *cm, const char *path);
void cli_model_close(cli_model *cm);

/* Parsers for OPT_CALL options. */
int cli_parse_kernel(const char *arg, void *dest);
int cli_parse_range(const char *arg, void *dest); /* "N" or "MIN-MAX" or "0" into int[2] */

/* `tasnif eval` of a multi-label model (predict/cmd_eval_ml.c). */
typedef struct eval_ml_opts {
    const char *model_path;
    const char *const *paths;
    int npaths;
    corpus_format format;
    char label_sep;
    long long max_line;
    int threads, skip_bad, bootstrap;
    unsigned seed;
    const char *report_path, *junit_path, *fail_under, *max_drop, *baseline;
    int report_format;
} eval_ml_opts;
int cmd_eval_ml(cli_model *cm, const eval_ml_opts *o);

#endif
