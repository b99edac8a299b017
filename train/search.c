/*
 * search.c - choosing training settings by cross-validation on the
 * training data.
 *
 * `--grid`: every C of a fixed list (and every gamma of one for kernels),
 * each by k-fold cross-validation on the same folds; the best mean wins.
 *
 * `--auto`: the feature and solver settings by repeated stratified k-fold
 * cross-validation, within a time budget.  The candidates come in a fixed order: the feature setting plain training
 * would use first, then the others simplest first (word unigrams; word
 * 1-2-grams; unigrams with in-word character 3-5-grams; unigrams with
 * 2-4-grams; 1-2-grams with 3-5-grams; the last with the lead's own word and
 * character n-grams, when there is a lead), and for each of them six solver
 * settings (C 1, 0.3, 3 with the default class weights, then with the
 * others).  A feature setting is read and fitted once per fold and shared
 * by its solver settings (cv_score_params).  The cross-validation is
 * repeated with other fold seeds (o->repeats times), every candidate on
 * the same folds.  The budget is checked before each feature setting of
 * the first repetition, using the time the previous one took, and before
 * each further repetition, using the time the first took, so the search
 * stops before it would overrun and every candidate kept has the same
 * folds.
 *
 * The winner is the simplest candidate whose score is within one standard
 * error of the best's (Breiman et al.'s one-standard-error rule), the
 * defaults counting as simplest.  The error is that of the difference
 * between the two, fold by fold on the same folds, so that a fold every
 * setting finds hard does not count as noise; and it is corrected for the
 * folds' overlapping training sets (Nadeau and Bengio 2003, "Inference for
 * the generalization error": variance factor 1/J + 1/(k-1) over J folds of
 * k-fold cross-validation, in place of 1/J, which would call a difference
 * real that a new sample of documents would not repeat).  The candidates
 * evaluated and the choice do not depend on the thread count.
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
    int lead_ngrams, lead_share; /* with a lead (--lead-words) */
} feat_cand;

static const feat_cand feats[] = {
    {"word 1-grams", 1, 1, 0, 0, FEAT_LEAD_UNIGRAMS, 50},
    {"word 1-2-grams", 1, 2, 0, 0, FEAT_LEAD_UNIGRAMS, 50},
    {"word 1-grams + char 3-5-grams", 1, 1, 3, 5, FEAT_LEAD_UNIGRAMS, 50},
    {"word 1-grams + char 2-4-grams", 1, 1, 2, 4, FEAT_LEAD_UNIGRAMS, 50},
    {"word 1-2-grams + char 3-5-grams", 1, 2, 3, 5, FEAT_LEAD_UNIGRAMS, 50},
    {"word 1-2-grams + char 3-5-grams, the lead's n-grams", 1, 2, 3, 5, FEAT_LEAD_SAME, 50},
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

/* Is feature setting f what cfg says?  Without a lead, the lead's settings
 * do not matter. */
static int same_setting(const feat_config *cfg, int f)
{
    return feats[f].word_min == cfg->word_min && feats[f].word_max == cfg->word_max &&
           feats[f].char_max == cfg->char_max && (!cfg->char_max || feats[f].char_min == cfg->char_min) &&
           !cfg->across_max &&
           (!cfg->lead_words || (feats[f].lead_ngrams == cfg->lead_ngrams && feats[f].lead_share == cfg->lead_share));
}

/* The order the feature settings are tried in: the one plain training
 * would use (cfg) first, then the others simplest first; without a lead,
 * the settings that differ by the lead alone are left out.  @return
 * their number. */
static int feat_order(const feat_config *cfg, int *order, int nf)
{
    int n = 0, first = -1;
    for (int f = 0; f < nf; f++)
        if (same_setting(cfg, f) && first < 0)
            first = f;
    if (first >= 0)
        order[n++] = first;
    for (int f = 0; f < nf; f++)
        if (f != first && (cfg->lead_words || feats[f].lead_ngrams == FEAT_LEAD_UNIGRAMS))
            order[n++] = f;
    return n;
}

void auto_describe(const auto_cand *c, char *buf, size_t cap)
{
    const feat_cand *f = &feats[c->feat];
    snprintf(buf, cap, "%s; C %g, class weights %s", f->name, c->p.C, c->p.balanced ? "balanced" : "none");
}

void auto_flags(const auto_cand *c, char *buf, size_t cap)
{
    char feat[1024], num[32];
    feat_config_flags(&c->cfg, 0, feat, sizeof feat); /* every flag from the single-label defaults */
    snprintf(buf, cap, "%s%s-c %s --class-weight %s", feat, feat[0] ? " " : "", num_text(c->p.C, num, sizeof num),
             c->p.balanced ? "balanced" : "none");
}

/* Mean and sample variance of a[j] - b[j] over j < n (of a[j] when b is NULL). */
static void mean_var(const double *a, const double *b, int n, double *mean, double *var)
{
    double sum = 0, sq = 0;
    for (int j = 0; j < n; j++)
        sum += a[j] - (b ? b[j] : 0);
    *mean = n ? sum / n : 0;
    for (int j = 0; j < n; j++) {
        double d = a[j] - (b ? b[j] : 0) - *mean;
        sq += d * d;
    }
    *var = n > 1 ? sq / (n - 1) : 0;
}

void auto_choose(auto_cand *c, int n, const double *scores, int m, int k, int *best, int *chosen)
{
    double factor = 1.0 / m + (k > 1 ? 1.0 / (k - 1) : 0), var;
    *best = 0;
    *chosen = 0;
    for (int i = 0; i < n; i++) {
        mean_var(scores + (size_t)i * m, NULL, m, &c[i].mean, &var);
        c[i].se = sqrt(factor * var);
        if (c[i].mean > c[*best].mean + 1e-12)
            *best = i;
    }
    for (int i = 0; i < n; i++) {
        mean_var(scores + (size_t)*best * m, scores + (size_t)i * m, m, &c[i].gap, &var);
        c[i].gap_se = sqrt(factor * var);
    }
    for (int i = 0; i < n; i++) /* candidates come defaults first, then simplest first */
        if (c[i].gap <= c[i].gap_se + 1e-12) {
            *chosen = i;
            break;
        }
}

/* Cross-validate the NSOLVER candidates of feature setting f on the folds
 * of seed: on the first repetition (r == 0) fill in the candidates from
 * res->ncands, on a later one add their fold scores. */
static int eval_feature_setting(const fit_opts *fo, const train_params *base, const auto_opts *o, int f, int first,
                                int r, auto_result *res, tasnif_err *err)
{
    fit_opts fof = *fo;
    fof.cfg.word_min = feats[f].word_min;
    fof.cfg.word_max = feats[f].word_max;
    fof.cfg.char_min = feats[f].char_min ? feats[f].char_min : 2;
    fof.cfg.char_max = feats[f].char_max;
    fof.cfg.lead_ngrams = feats[f].lead_ngrams;
    fof.cfg.lead_share = feats[f].lead_share;
    fof.keep_raw = 1;
    feat_space fs;
    train_set ts;
    int rc = fit_corpus(&fof, &fs, &ts, err);
    if (rc < 0)
        return rc;
    feat_space_finish(&fs); /* the folds refit their own */
    train_params ps[NSOLVER];
    cv_score sc[NSOLVER];
    double *fold = malloc((size_t)NSOLVER * (size_t)o->folds * sizeof *fold);
    for (int s = 0; s < NSOLVER; s++)
        solver_cand(base, s, &ps[s]);
    rc = fold ? cv_score_params(ps, NSOLVER, &ts, o->folds, o->seed + (unsigned)r, o->metric, sc, fold, err)
              : err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    train_set_finish(&ts);
    if (rc < 0) {
        free(fold);
        return rc;
    }
    size_t stride = (size_t)o->repeats * (size_t)o->folds;
    for (int s = 0; s < NSOLVER; s++) {
        auto_cand *c = &res->cands[first + s];
        if (r == 0) {
            c->feat = f;
            c->cfg = fof.cfg;
            c->cfg.lsa_k = fo->cfg.lsa_k;
            c->p = ps[s];
        }
        memcpy(res->fold_scores + (size_t)(first + s) * stride + (size_t)r * (size_t)o->folds,
               fold + (size_t)s * (size_t)o->folds, (size_t)o->folds * sizeof *fold);
    }
    free(fold);
    return 0;
}

/* The "setting" context of feature setting f, the k-th (0-based) of n in repetition r of R, with the best
 * candidate so far by its first repetition's folds. */
static void setting_progress(const fit_opts *fo, const auto_opts *o, const auto_result *res, int f, int r, int R,
                             int k, int n)
{
    if (!fo->progress)
        return;
    char note[512];
    int len = snprintf(note, sizeof note, "%s", feats[f].name);
    if (R > 1)
        len += snprintf(note + len, sizeof note - (size_t)len, ", repetition %d/%d", r + 1, R);
    int best = -1;
    double best_mean = 0;
    size_t stride = (size_t)R * (size_t)o->folds;
    for (int i = 0; i < res->ncands; i++) {
        double m = 0;
        for (int j = 0; j < o->folds; j++)
            m += res->fold_scores[(size_t)i * stride + (size_t)j] / o->folds;
        if (best < 0 || m > best_mean + 1e-12) {
            best = i;
            best_mean = m;
        }
    }
    if (best >= 0 && len > 0 && (size_t)len < sizeof note) {
        char what[256];
        auto_describe(&res->cands[best], what, sizeof what);
        snprintf(note + len, sizeof note - (size_t)len, "; best so far %s %.4f (%s)", cv_metric_name(o->metric),
                 best_mean, what);
    }
    progress_event e = {"setting", "settings", (uint64_t)k + 1, (uint64_t)n, 0, 1, note};
    fo->progress(fo->progress_user, &e);
}

int auto_search(const fit_opts *fo, const train_params *base, const auto_opts *o, auto_result *res, tasnif_err *err)
{
    memset(res, 0, sizeof *res);
    enum { NF = sizeof feats / sizeof feats[0] };
    int order[NF], nf = feat_order(&fo->cfg, order, NF), rc = 0, R = o->repeats > 0 ? o->repeats : 1, nfeat = 0;
    auto_opts oo = *o;
    oo.repeats = R;
    double t0 = now_seconds(), last = 0, first_rep = 0;
    res->cands = calloc((size_t)nf * NSOLVER, sizeof *res->cands);
    res->fold_scores = calloc((size_t)nf * NSOLVER * (size_t)R * (size_t)o->folds, sizeof *res->fold_scores);
    res->folds = o->folds;
    if (!res->cands || !res->fold_scores) {
        auto_result_finish(res);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (int r = 0; r < R && rc == 0; r++) {
        double tr0 = now_seconds();
        if (r > 0 && tr0 - t0 + first_rep > o->seconds) {
            res->stopped = 1; /* another repetition would overrun the budget */
            break;
        }
        int n = r == 0 ? nf : nfeat;
        for (int k = 0; k < n && rc == 0; k++) {
            double ts0 = now_seconds();
            if (r == 0 && k > 0 && ts0 - t0 + last > o->seconds) {
                res->stopped = 1; /* the next setting would overrun the budget */
                break;
            }
            setting_progress(fo, &oo, res, order[k], r, R, k, n);
            if ((rc = eval_feature_setting(fo, base, &oo, order[k], k * NSOLVER, r, res, err)) < 0)
                break;
            if (r == 0)
                res->ncands = ++nfeat * NSOLVER;
            last = now_seconds() - ts0;
        }
        if (rc == 0)
            res->repeats = r + 1;
        if (r == 0)
            first_rep = now_seconds() - tr0;
    }
    if (rc == 0 && res->ncands == 0)
        rc = err_set(err, TASNIF_ELIMIT, NULL, 0, 0, "--auto: no setting could be evaluated within the budget");
    if (rc < 0) {
        auto_result_finish(res);
        return rc;
    }
    /* keep the repetitions every candidate has, one block per candidate */
    int m = res->repeats * o->folds;
    for (int i = 0; i < res->ncands; i++)
        memmove(res->fold_scores + (size_t)i * m, res->fold_scores + (size_t)i * R * o->folds, (size_t)m * sizeof(double));
    auto_choose(res->cands, res->ncands, res->fold_scores, m, o->folds, &res->best, &res->chosen);
    res->seconds = now_seconds() - t0;
    return 0;
}

void auto_result_finish(auto_result *r)
{
    free(r->cands);
    free(r->fold_scores);
    memset(r, 0, sizeof *r);
}

int grid_search(const train_params *base, const train_set *ts, int folds, grid_result *r, tasnif_err *err)
{
    static const double Cs[] = {0.1, 0.3, 1, 3, 10, 100};
    static const double gammas[] = {0.25, 0.5, 1, 2};
    int ng = base->kernel == LINEAR ? 1 : 4;
    memset(r, 0, sizeof *r);
    for (size_t ci = 0; ci < sizeof Cs / sizeof Cs[0]; ci++)
        for (int gi = 0; gi < ng; gi++) {
            train_params *p = &r->ps[r->n++];
            *p = *base;
            p->C = Cs[ci];
            if (base->kernel != LINEAR)
                p->gamma = gammas[gi];
        }
    r->folds = folds;
    r->metric = ts->multi ? CV_MICRO_F1 : CV_MACRO_F1;
    int rc = cv_score_params(r->ps, r->n, ts, folds, base->seed, r->metric, r->sc, NULL, err);
    if (rc < 0)
        return rc;
    for (int q = 1; q < r->n; q++)
        if (r->sc[q].metric > r->sc[r->best].metric + 1e-12)
            r->best = q;
    return 0;
}

void auto_summary(const auto_result *r, const auto_opts *o, int reproducible, char *extra, size_t cap)
{
    const auto_cand *c = &r->cands[r->chosen];
    char what[256], flags[1280];
    auto_describe(c, what, sizeof what);
    auto_flags(c, flags, sizeof flags);
    double lo = c->mean - 1.96 * c->se, hi = c->mean + 1.96 * c->se;
    size_t n = strlen(extra);
    snprintf(extra + n, cap - n,
             "auto_choice=%s\nauto_flags=%s\nauto_metric=%s\nauto_folds=%d\nauto_repeats=%d\nauto_cv_score=%.6f\n"
             "auto_cv_interval=%.6f,%.6f\nauto_candidates=%d\nauto_budget_stopped=%d\n",
             what, flags, cv_metric_name(o->metric), o->folds, r->repeats, c->mean, lo, hi, r->ncands, r->stopped);
    n = strlen(extra);
    if (!reproducible)
        snprintf(extra + n, cap - n, "auto_seconds=%.1f\n", r->seconds);
}
