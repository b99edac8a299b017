/*
 * train.h - training: solvers, multi-label thresholds, cross-validation,
 * parameter search.  Private to libtasnif.
 */
#ifndef TASNIF_TRAIN_H
#define TASNIF_TRAIN_H

#include <stdio.h>
#include "../features/corpus.h"
#include "../features/features.h"
#include "../models/model.h"

/* ---- training (solver.c, problem.c, linear.c, svm.c, multilabel.c, gram.c) ---- */

typedef struct train_params {
    int solver;            /* SOLVER_LIBLINEAR (linear kernel only) or SOLVER_LIBSVM */
    int scheme;            /* SCHEME_OVR or SCHEME_OVO (libsvm: always OVO) */
    int ll_solver;         /* liblinear solver_type: L2R_L2LOSS_SVC_DUAL, L2R_L1LOSS_SVC_DUAL, ... */
    double ll_eps;         /* liblinear stopping tolerance */
    int kernel;            /* LINEAR, RBF, POLY or SIGMOID (libsvm's codes) */
    double C;              /* cost */
    double gamma;          /* rbf/poly/sigmoid; 0 = 1 */
    int degree;            /* poly */
    double coef0;          /* poly/sigmoid */
    double eps;            /* libsvm stopping tolerance */
    double cache_mb;       /* libsvm kernel cache per pair problem, MB */
    int shrinking;
    int probability;       /* fit Platt sigmoids (5-fold inside libsvm) */
    int balanced;          /* class weights n / (k * n_c) */
    double *label_weight;  /* per label multiplier of C, or NULL */
    unsigned seed;
    int weights;           /* the model's weight encoding: MODEL_W_F64 (as
                              trained), MODEL_W_F32 or MODEL_W_I8 */
    int allow_empty;       /* label sets: the model lets a document get no
                              label (stored as META allow_empty=1) */
    int threads;           /* pair problems trained at once, >= 1 */
    double gram_mb;        /* largest Gram matrix to precompute, MB; a larger
                              problem is refused (TASNIF_ELIMIT) before
                              training; 0: never precompute, libsvm
                              computes kernels itself (slow) */
    int reproducible;      /* the model's summary leaves out the creation time
                              and the seconds taken (fit_model) */
    int dist;              /* split the sub-problems among the processes of
                              a distributed run (features/dist.h) */
    double max_memory;     /* bytes training may use, projected before it
                              starts (train_check_memory); 0 = no check */
    progress_fn progress;  /* kernel matrix, training (classifiers), folds of cv_run */
    void *progress_user;
} train_params;

void train_params_defaults(train_params *p);

/* Label sets per row of x: row r holds idx[ptr[r] .. ptr[r + 1]). */
typedef struct label_sets {
    const size_t *ptr;
    const int *idx;
} label_sets;

/* Does row r's set hold label q? */
int label_sets_has(const label_sets *s, size_t r, int q);

/*
 * The one entry to training (solver.c): train m's decision functions on the
 * rows of x listed in rows (NULL = all rows) with labels y[row] in
 * [0, m->nlabels): label sets when sets is not NULL (train_multilabel, y
 * the main labels), else with the solver p names (train_linear or
 * train_svm).  Every label needs a training document.  m's previous
 * decision functions are freed.
 */
int train_model(const train_params *p, const csr *x, const int *y, const label_sets *sets, const size_t *rows,
                size_t n, tasnif_model *m, tasnif_err *err);

/* ---- what every sub-problem shares (problem.c) ---- */

/* TASNIF_ELIMIT unless m holds 2 to LABELS_MAX labels (the loader's rule). */
int train_check_nlabels(const tasnif_model *m, tasnif_err *err);
/*
 * Before training m's decision functions on n rows of x: the memory it
 * will take — the rows and the solver's copy of them, the weights (input
 * dimensions x decision functions x 8 bytes: one per label, or per pair of
 * labels for one-vs-one) twice (the model file is made in memory before
 * it is written), each thread's working columns, and for label
 * sets one fold's classifiers beside the final ones — must fit in
 * p->max_memory.  TASNIF_ELIMIT with the estimate and what to change
 * when it does not (nothing is trained).
 */
int train_check_memory(const train_params *p, const csr *x, size_t n, const tasnif_model *m, int sets,
                       tasnif_err *err);

/*
 * Multi-label: one liblinear classifier per label against the documents
 * without it (binary relevance), then per-label decision thresholds chosen
 * by `folds`-fold cross-validation on the same rows (out-of-fold decision
 * values; the threshold that maximises the label's F1, shrunk towards 0
 * for labels with few documents).  y holds each row's main label (for
 * stratified folds).  Fills m->thresh and sets m->multi.
 */
#define ML_THRESHOLD_FOLDS 5 /* folds that choose multi-label thresholds */
int train_multilabel(const train_params *p, const csr *x, const int *y, const label_sets *sets, const size_t *rows,
                     size_t n, int folds, tasnif_model *m, tasnif_err *err);

/*
 * Each label's multiplier of C (n / (k n_c) when balanced, times its
 * --weight) into cw (k entries).  TASNIF_ECORPUS when a label has no
 * document among the rows.
 */
int train_class_weights(const train_params *p, const int *y, const size_t *rows, size_t n, const tasnif_model *m,
                        double *cw, tasnif_err *err);

/*
 * liblinear (linear.c): one-vs-rest or one-vs-one linear SVMs with C
 * multipliers cw per label.  With sets (multi-label, one-vs-rest only)
 * label q's positives are the rows whose set holds q; cw then scales its
 * positives' C, and balanced weights are per binary problem
 * (n / (2 n_pos) and n / (2 n_neg)).  Fills m->w, m->rho (minus the bias weights),
 * m->probA/probB (Platt on out-of-fold values) and the solver fields.
 */
int train_linear(const train_params *p, const csr *x, const int *y, const label_sets *sets, const size_t *rows,
                 size_t n, const double *cw, tasnif_model *m, tasnif_err *err);

/* The rand() seed of sub-problem q (fold 0: the model itself; fold f > 0:
 * the f-th probability fold), from the user's seed. */
unsigned train_seed(unsigned seed, int q, int fold);

/* Platt's sigmoid P(+1 | f) = 1 / (1 + exp(A f + B)) fitted to decision
 * values f with labels t (+1 / -1). */
void train_platt(const double *f, const double *t, size_t n, double *A, double *B);

/*
 * libsvm (svm.c): train the one-vs-one classifiers of m on the rows of x listed in rows
 * (NULL = all rows) with labels y[row] in [0, m->nlabels).  Fills m->param,
 * m->rho, m->probA/probB, and m->w (linear) or m->svm (other kernels).
 * When libsvm_out is not NULL it also receives the equivalent libsvm model
 * with its support vectors (free it with train_free_libsvm_model) — used
 * to check collapsed weights against svm_predict_values.
 */
int train_svm(const train_params *p, const csr *x, const int *y, const size_t *rows, size_t n,
              tasnif_model *m, struct svm_model **libsvm_out, tasnif_err *err);
void train_free_libsvm_model(struct svm_model *sm);

/*
 * The Gram matrix G = X_r X_r^T of the listed rows (n x n, row-major, full),
 * the dense part through OpenBLAS dsyrk, the sparse part through an
 * inverted index.  G must hold n*n doubles.
 */
int gram_compute(const csr *x, const size_t *rows, size_t n, int threads, double *G);

/* Stratified fold assignment: fold[i] in [0, k) for each of n docs. */
void train_folds(const int *y, size_t n, int nlabels, int k, unsigned seed, int *fold);


/* ---- from corpus to training set (fit.c) ---- */

/* A labelled, vectorised corpus held in memory. */
typedef struct train_set {
    csr x;                /* one L2-normalised row per document */
    int *y;               /* label index per row (multi-label: the main label) */
    int multi;            /* label sets below */
    size_t *set_ptr;      /* multi-label: row r's labels are */
    int *set_idx;         /*   set_idx[set_ptr[r] .. set_ptr[r + 1]), main first */
    size_t n;             /* rows */
    int nlabels;
    char **labels;        /* sorted bytewise */
    uint64_t *label_docs; /* rows per label (multi-label: rows holding it) */
    size_t skipped;       /* bad documents skipped (--skip-bad) */
    char *source;         /* the corpus path(s) */
    double lsa_seconds;   /* time spent fitting the LSA basis */
    char **where;         /* per row: "file:line" (in notes), for reports */
    char **words;         /* per row: the document's first words */
    char **text;          /* per row: its whole text (fit_opts.keep_text), else NULL */
    arena notes;
    int has_raw;          /* raw counts kept (fit_opts.keep_raw) */
    feat_raw raw;         /*   for refitting features inside CV folds; the
                           *   unlabelled texts' rows follow the n labelled */
    size_t unlabelled;    /* texts of fit_opts.unlabelled the space was fitted on too */
} train_set;

void train_set_finish(train_set *ts);

/* Called for each document skipped under skip_bad, with its error. */
typedef void (*skip_fn)(void *user, const tasnif_err *err);

typedef struct fit_opts {
    const char *const *paths; /* corpus files or folders ("-" = stdin) */
    int npaths;
    const char *const *unlabelled; /* texts without labels (any format, labels
                                    * ignored): the feature space (vocabulary,
                                    * min_df, idf, LSA) is fitted on them too,
                                    * the classifier never sees them */
    int nunlabelled;
    corpus_format format;
    int multi;                /* read label sets (corpus_set_multi) */
    char label_sep;           /* their TSV separator */
    const corpus_spec *spec;  /* the documents' fields (NULL: the defaults) */
    feat_config cfg;
    int skip_bad;
    int64_t max_line;
    int max_labels;           /* refuse more labels than this */
    int threads;              /* feature extraction threads (>= 1) */
    int keep_raw;             /* also keep the raw counts (ts->raw), for cv_run */
    int keep_text;            /* also keep each document's whole text (ts->text) */
    double max_memory;        /* bytes training may use (projected while reading); 0 = no check */
    unsigned seed;            /* LSA's random start */
    skip_fn on_skip;
    void *skip_user;
    progress_fn progress;     /* reading (bytes), LSA, weighting; auto_search's settings */
    void *progress_user;
} fit_opts;

/*
 * Read every document, fit the feature space and vectorise: fills *fs and
 * *ts.  Errors name file:line; with skip_bad bad documents are counted in
 * ts->skipped and passed to on_skip instead.  Corpora that cannot make a
 * model (no documents, fewer than two labels) are TASNIF_ECORPUS.
 */
int fit_corpus(const fit_opts *o, feat_space *fs, train_set *ts, tasnif_err *err);

/* Move the labels of ts into a new model with space fs (taken over), train
 * it, and record a training summary.  @return 0 with *out set. */
int fit_model(const train_params *p, feat_space *fs, const train_set *ts, const char *meta_extra,
              tasnif_model **out, tasnif_err *err);

/* ---- cross-validation (cv.c) ---- */

/* One held-out document's result in a fold. */
typedef struct cv_doc {
    size_t row;                   /* its row in the training set */
    int fold;
    int param;                    /* index of the parameter set */
    const tasnif_model *m;        /* the fold's model */
    const double *dec;            /* m->ndec decision values */
    const int *votes;
    const tasnif_score *scores;   /* all labels, best first */
    const unsigned char *chosen;  /* multi-label: the chosen set (flags), else NULL */
} cv_doc;

/* Called for every held-out document of every fold and parameter set;
 * a negative return stops cv_run and is returned. */
typedef int (*cv_doc_fn)(void *user, const cv_doc *d);

/*
 * Stratified `folds`-fold cross-validation (folds by train_folds with
 * seed) of each of the nps parameter sets, the features refitted inside
 * every fold from ts->raw (vocabulary, df, idf, LSA: no held-out document
 * takes part), multi-label models when ts->multi.  Each fold's space is
 * fitted once and shared by the parameter sets.
 */
int cv_run(const train_params *ps, int nps, const train_set *ts, int folds, unsigned seed, cv_doc_fn fn, void *user,
           tasnif_err *err);

/* The metric a search optimises. */
enum { CV_MACRO_F1, CV_MICRO_F1, CV_ACCURACY };
/* "macro_f1", "micro_f1" or "accuracy". */
const char *cv_metric_name(int metric);

/* Out-of-fold figures of one parameter set.  For label sets accuracy is
 * the exact match and the F1s are scikit-learn's micro and macro. */
typedef struct cv_score {
    double macro_f1, micro_f1, accuracy; /* pooled over all out-of-fold predictions */
    double metric;                       /* the one asked for, pooled */
    double fold_mean, fold_se;           /* its mean over folds and standard error */
} cv_score;

/* cv_run each parameter set and score it: out receives nps scores and,
 * unless NULL, fold_out the metric of each fold (nps x folds, by parameter
 * set, then fold). */
int cv_score_params(const train_params *ps, int nps, const train_set *ts, int folds, unsigned seed, int metric,
                    cv_score *out, double *fold_out, tasnif_err *err);

/* ---- choosing settings by cross-validation (search.c) ---- */

/* --grid: the settings tried, their scores, the best. */
typedef struct grid_result {
    train_params ps[24];   /* C 0.1 to 100 (times gamma 0.25 to 2 for kernels) */
    cv_score sc[24];
    int n;                 /* settings tried */
    int best;              /* the highest cross-validated metric */
    int metric;            /* macro-F1, or micro-F1 for label sets */
    int folds;
} grid_result;

/* Score every C of a fixed list (and every gamma, for kernels) with base's
 * other settings by `folds`-fold cross-validation of ts on the same folds. */
int grid_search(const train_params *base, const train_set *ts, int folds, grid_result *r, tasnif_err *err);

typedef struct auto_cand {
    int feat;              /* index of its feature setting */
    feat_config cfg;       /* the features it reads with */
    train_params p;        /* the solver settings */
    double mean, se;       /* the metric's mean over every held-out fold of every
                            * repetition, and its corrected standard error */
    double gap, gap_se;    /* the best candidate's mean minus this one's, and
                            * the corrected standard error of that difference,
                            * paired fold by fold */
} auto_cand;

typedef struct auto_result {
    auto_cand *cands;      /* every candidate evaluated, simplest first */
    int ncands;
    double *fold_scores;   /* the metric of each held-out fold: candidate i's
                            * repeats x folds scores from i * repeats * folds */
    int repeats;           /* repetitions every candidate completed */
    int folds;
    int best;              /* the highest mean cross-validated score */
    int chosen;            /* the simplest within one standard error of it */
    int stopped;           /* the budget ended the search early */
    double seconds;
} auto_result;

/* --auto's defaults: the time budget in seconds, the repetitions */
#define AUTO_SECONDS 600
#define AUTO_REPEATS 3

typedef struct auto_opts {
    double seconds;        /* time budget */
    int metric;            /* CV_MACRO_F1, CV_MICRO_F1 or CV_ACCURACY */
    int folds;
    int repeats;           /* k-fold cross-validation repeated with seeds seed, seed + 1, ... */
    unsigned seed;
} auto_opts;

/*
 * Search the candidate settings (fixed order, simplest first) by repeated
 * stratified cross-validation of the corpus fo names (read again for each
 * feature setting; fo->cfg gives everything the search does not vary),
 * base giving the solver settings it does not vary.  Each feature setting
 * of each repetition is a "setting" context of fo->progress, its note the
 * best candidate so far.  Free res with auto_result_finish.
 */
int auto_search(const fit_opts *fo, const train_params *base, const auto_opts *o, auto_result *res, tasnif_err *err);
void auto_result_finish(auto_result *r);
/* Append the chosen candidate and the search to a model's training summary
 * (auto_choice=, auto_flags=, auto_cv_score=, ...; auto_seconds= unless
 * reproducible). */
void auto_summary(const auto_result *r, const auto_opts *o, int reproducible, char *extra, size_t cap);
/*
 * Score n candidates (simplest first) from scores[i * m + j], the metric
 * of candidate i on held-out fold j of the same m folds (k-fold
 * cross-validation repeated m / k times): fill each one's mean, se, gap
 * and gap_se (standard errors with Nadeau and Bengio's correction for
 * overlapping training sets, factor 1/m + 1/(k-1)), and choose the first
 * whose gap to the best is within one standard error of the gap.
 */
void auto_choose(auto_cand *c, int n, const double *scores, int m, int k, int *best, int *chosen);
/* A candidate in words, and as the train flags that reproduce it. */
void auto_describe(const auto_cand *c, char *buf, size_t cap);
void auto_flags(const auto_cand *c, char *buf, size_t cap);

#endif
