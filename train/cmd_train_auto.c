/*
 * cmd_train_auto.c - the command side of `tasnif train --auto`: run the
 * search, show its progress on a terminal, print what it tried and what
 * it chose, and say so in the model's training summary.
 */
#include <stdlib.h>
#include <string.h>
#include "../cli/common.h"

static void on_progress(void *user, const auto_result *r, int repeat, int done, int total)
{
    const cli_auto *a = user;
    fprintf(stderr, "\rtasnif: --auto: repetition %d/%d: %d/%d feature settings evaluated (%d candidates)\033[K",
            repeat + 1, a->repeats, done + 1, total, r->ncands);
}

int cli_train_auto(const fit_opts *fo, train_params *tp, const cli_auto *a, feat_config *cfg, char *extra,
                   size_t cap, tasnif_err *err)
{
    auto_opts o = {a->seconds, a->metric, a->folds, a->repeats, tp->seed, a->progress ? on_progress : NULL, (void *)a};
    auto_result r;
    int rc = auto_search(fo, tp, &o, &r, err);
    if (a->progress)
        fputs("\r\033[K", stderr);
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
    double lo = c->mean - 1.96 * c->se, hi = c->mean + 1.96 * c->se;
    printf("auto: %s\nauto: %s %s %.4f [%.4f, %.4f] (mean over folds, 95%% interval); same as: %s\n", what, runs, mn,
           c->mean, lo, hi, flags);
    size_t n = strlen(extra);
    snprintf(extra + n, cap - n,
             "auto_choice=%s\nauto_flags=%s\nauto_metric=%s\nauto_folds=%d\nauto_repeats=%d\nauto_cv_score=%.6f\n"
             "auto_cv_interval=%.6f,%.6f\nauto_candidates=%d\nauto_budget_stopped=%d\n",
             what, flags, mn, a->folds, r.repeats, c->mean, lo, hi, r.ncands, r.stopped);
    n = strlen(extra);
    if (!tp->reproducible)
        snprintf(extra + n, cap - n, "auto_seconds=%.1f\n", r.seconds);
    *cfg = c->cfg;
    double *lw = tp->label_weight;
    *tp = c->p;
    tp->label_weight = lw;
    auto_result_finish(&r);
    return 0;
}
