/*
 * auto.c - `tasnif train --auto`: choose the feature and solver settings
 * by stratified k-fold cross-validation on the training data, within a
 * time budget.
 *
 * The candidates come in a fixed order: the feature setting plain training
 * would use first, then the others simplest first (word unigrams; word
 * 1-2-grams; unigrams with in-word character 3-5-grams; unigrams with
 * 2-4-grams), and for each of them six solver settings (C 1, 0.3, 3 with
 * the default class weights, then with the others).  A feature
 * setting is read and fitted once per fold and shared by its solver
 * settings (cv_score_params); the budget is checked before each feature
 * setting, using the time the previous one took, so the search stops
 * before it would overrun.  The winner is the simplest candidate whose
 * cross-validated score is within one standard error (over folds) of the
 * best score (Breiman et al.'s one-standard-error rule), the defaults
 * counting as simplest: differences smaller than the folds' own spread are
 * noise, and then the defaults, chosen on every shared corpus, or the
 * simpler setting generalise at least as well.  The candidates evaluated and the choice
 * do not depend on the thread count.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "train.h"

enum { NSOLVER = 6 };

typedef struct feat_cand {
    const char *name;
    int word_min, word_max, char_min, char_max;
} feat_cand;

static const feat_cand feats[] = {
    {"word 1-grams", 1, 1, 0, 0},
    {"word 1-2-grams", 1, 2, 0, 0},
    {"word 1-grams + char 3-5-grams", 1, 1, 3, 5},
    {"word 1-grams + char 2-4-grams", 1, 1, 2, 4},
};

/* Solver setting i: C 1, 0.3, 3 with the class weights of base (the
 * default for the corpus, or what was asked for), then with the others. */
static void solver_cand(const train_params *base, int i, train_params *p)
{
    static const double Cs[] = {1, 0.3, 3};
    *p = *base;
    p->balanced = i >= 3 ? !base->balanced : base->balanced;
    p->C = Cs[i % 3];
}

/* The order the feature settings are tried in: the one plain training
 * would use (cfg) first, then the others simplest first. */
static void feat_order(const feat_config *cfg, int *order, int nf)
{
    int n = 0, first = -1;
    for (int f = 0; f < nf; f++)
        if (feats[f].word_min == cfg->word_min && feats[f].word_max == cfg->word_max &&
            feats[f].char_max == cfg->char_max && (!cfg->char_max || feats[f].char_min == cfg->char_min) &&
            !cfg->across_max)
            first = f;
    if (first >= 0)
        order[n++] = first;
    for (int f = 0; f < nf; f++)
        if (f != first)
            order[n++] = f;
}

int auto_ncandidates(void)
{
    return (int)(sizeof feats / sizeof feats[0]) * NSOLVER;
}

void auto_describe(const auto_cand *c, char *buf, size_t cap)
{
    const feat_cand *f = &feats[c->feat];
    snprintf(buf, cap, "%s; C %g, class weights %s", f->name, c->p.C, c->p.balanced ? "balanced" : "none");
}

void auto_flags(const auto_cand *c, char *buf, size_t cap)
{
    char feat[1024], num[32];
    feat_config_flags(&c->cfg, feat, sizeof feat);
    snprintf(buf, cap, "%s%s-c %s --class-weight %s", feat, feat[0] ? " " : "", num_text(c->p.C, num, sizeof num),
             c->p.balanced ? "balanced" : "none");
}

int auto_search(const fit_opts *fo, const train_params *base, const auto_opts *o, auto_result *res, tasnif_err *err)
{
    memset(res, 0, sizeof *res);
    enum { NF = sizeof feats / sizeof feats[0] };
    int nf = NF, rc = 0, order[NF];
    feat_order(&fo->cfg, order, nf);
    double t0 = now_seconds(), last = 0;
    res->cands = calloc((size_t)nf * NSOLVER, sizeof *res->cands);
    if (!res->cands)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    for (int k = 0; k < nf && rc == 0; k++) {
        int f = order[k];
        double spent = now_seconds() - t0;
        if (k > 0 && spent + last > o->seconds) {
            res->stopped = 1; /* the next setting would overrun the budget */
            break;
        }
        double ts0 = now_seconds();
        fit_opts fof = *fo;
        fof.cfg.word_min = feats[f].word_min;
        fof.cfg.word_max = feats[f].word_max;
        fof.cfg.char_min = feats[f].char_min ? feats[f].char_min : 2;
        fof.cfg.char_max = feats[f].char_max;
        fof.keep_raw = 1;
        fof.progress = NULL;
        feat_space fs;
        train_set ts;
        if ((rc = fit_corpus(&fof, &fs, &ts, err)) < 0)
            break;
        feat_space_finish(&fs); /* the folds refit their own */
        train_params ps[NSOLVER];
        cv_score sc[NSOLVER];
        for (int s = 0; s < NSOLVER; s++)
            solver_cand(base, s, &ps[s]);
        rc = cv_score_params(ps, NSOLVER, &ts, o->folds, o->seed, o->metric, sc, err);
        train_set_finish(&ts);
        if (rc < 0)
            break;
        for (int s = 0; s < NSOLVER; s++) {
            auto_cand *c = &res->cands[res->ncands++];
            c->feat = f;
            c->cfg = fof.cfg;
            c->cfg.lsa_k = fo->cfg.lsa_k;
            c->p = ps[s];
            c->score = sc[s];
        }
        last = now_seconds() - ts0;
        if (o->progress)
            o->progress(o->progress_user, res, k, nf);
    }
    if (rc < 0) {
        auto_result_finish(res);
        return rc;
    }
    if (res->ncands == 0) {
        auto_result_finish(res);
        return err_set(err, TASNIF_ELIMIT, NULL, 0, 0, "--auto: no setting could be evaluated within the budget");
    }
    int best = 0;
    for (int i = 1; i < res->ncands; i++)
        if (res->cands[i].score.fold_mean > res->cands[best].score.fold_mean + 1e-12)
            best = i;
    double bar = res->cands[best].score.fold_mean - res->cands[best].score.fold_se;
    res->best = best;
    for (int i = 0; i < res->ncands; i++) /* candidates come defaults first, then simplest first */
        if (res->cands[i].score.fold_mean >= bar - 1e-12) {
            res->chosen = i;
            break;
        }
    res->seconds = now_seconds() - t0;
    return 0;
}

void auto_result_finish(auto_result *r)
{
    free(r->cands);
    memset(r, 0, sizeof *r);
}
