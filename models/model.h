/*
 * model.h - the trained model: feature space, labels and the libsvm
 * one-vs-one classifiers; bundle save/load and scoring.  Private to
 * libtasnif (the public face is tasnif_model in tasnif.h).
 */
#ifndef TASNIF_MODEL_H
#define TASNIF_MODEL_H

#include <libsvm/svm.h>
#include "../features/features.h"

#define BUNDLE_VERSION 3     /* the newest version read; files are written as 2
                                unless their weights are f32 or int8 (3) */

/* How the labels' decision functions are organised. */
enum {
    SCHEME_OVO = 0, /* one per pair of labels, libsvm's order; votes decide */
    SCHEME_OVR = 1  /* one per label (one-vs-rest); the largest value decides */
};
/* The loader's ranges (check.c), which training options share: the
 * largest magnitude of a weight, bias, Platt parameter, support vector
 * coefficient or value, and of C, gamma and coef0 (far beyond any trained
 * model, and small enough that a decision value, a sum of at most 2^31
 * products with inputs of at most 2^40, stays finite for the linear
 * kernel); the highest polynomial kernel degree. */
#define MODEL_VALUE_MAX 1e100
#define MODEL_DEGREE_MAX 100

/* Which library trained the decision functions. */
enum { SOLVER_LIBSVM = 0, SOLVER_LIBLINEAR = 1 };

/* The solver's defaults, written once: train_params_defaults
 * (train/problem.c), `tasnif train --help` and the flags `tasnif info`
 * shows for a model (describe.c leaves out a value equal to its default)
 * all read these. */
#define SOLVER_DEF_C 1
#define SOLVER_DEF_GAMMA 1
#define SOLVER_DEF_DEGREE 3
#define SOLVER_DEF_COEF0 0
#define SOLVER_DEF_EPS_LINEAR 0.1   /* liblinear's stopping tolerance */
#define SOLVER_DEF_EPS_SVM 0.001    /* libsvm's */
#define SOLVER_DEF_CACHE_MB 200
#define SOLVER_DEF_GRAM_MB 4096
#define SOLVER_DEF_SEED 1

struct tasnif_model {
    feat_space fs;          /* features: configuration, vocabulary, idf */
    int nlabels;            /* k >= 2 */
    char **labels;          /* k NUL-terminated UTF-8 labels, sorted bytewise */
    uint64_t *label_docs;   /* training documents per label */
    /* The decision functions f_q(x) = <w_q, x> - rho_q (or the kernel sum).
     * SCHEME_OVO: one per pair in libsvm's order (0,1), (0,2), ...,
     * (0,k-1), (1,2), ...; f_q > 0 votes for the pair's first label.
     * SCHEME_OVR: f_q for label q against the rest. */
    int scheme;             /* SCHEME_OVO or SCHEME_OVR */
    int solver;             /* SOLVER_LIBSVM or SOLVER_LIBLINEAR */
    int ll_solver;          /* liblinear's solver_type, for SOLVER_LIBLINEAR */
    struct svm_parameter param; /* kernel_type LINEAR or RBF/POLY/SIGMOID; C */
    int ndec;               /* decision functions: k(k-1)/2 (ovo) or k (ovr) */
    double *rho;            /* ndec */
    int has_prob;           /* Platt parameters present */
    double *probA, *probB;  /* ndec each, or NULL */
    /* linear kernel: weights (for libsvm collapsed from the support
     * vectors), feature-major: w[f * ndec + q] is feature f's weight in q */
    double *w;              /* NULL when the weights are f32 or int8: */
    int wenc;               /* MODEL_W_F64, MODEL_W_F32 or MODEL_W_I8 */
    float *w32;             /* f32: the weights as w, rounded to binary32 */
    int8_t *w8;             /* int8: w[f * ndec + q] ~ w8[f * ndec + q] * wscale[q] */
    double *wscale;         /* int8: ndec scales, each max_f |w| / 127 */
    /* other kernels: the support vectors as a libsvm model (param, rho and
     * probA/probB point at the fields above) */
    struct svm_model *svm;
    int multi;              /* multi-label (one-vs-rest): every label whose f_q
                               reaches thresh[q]; else the best label only */
    double *thresh;         /* multi: nlabels decision thresholds */
    int allow_empty;        /* multi: a document may get no label (META
                               allow_empty=1; older models: never empty) */
    char *meta;             /* "key=value\n" training summary */
    double *sv_dense;       /* kernel models on the dense embedding: l x k support
                               vectors for batched scoring, or NULL */
    double *sv_sq;          /* their squared norms */
    const void *docs;       /* an index's document section (in the blob), or NULL */
    size_t docs_len;
    void *blob;             /* the loaded file: mapped read-only (blob_mapped)
                               or read into memory (malloc'd); arrays may
                               point into it */
    size_t blob_len;
    int blob_mapped;        /* blob is an mmap of the file: munmap, not free */
};

/* How a linear model's weights are stored (WGHT, WF32, WI8 in FORMAT.md). */
enum { MODEL_W_F64 = 0, MODEL_W_F32 = 1, MODEL_W_I8 = 2 };

/* Feature f's weight in decision function q, whatever the encoding. */
static inline double model_weight(const tasnif_model *m, size_t f, int q)
{
    size_t i = f * (size_t)m->ndec + (size_t)q;
    return m->wenc == MODEL_W_F32 ? (double)m->w32[i] : m->wenc == MODEL_W_I8 ? m->w8[i] * m->wscale[q] : m->w[i];
}

/* "f64", "f32" or "int8"; the encoding named s, or -1. */
const char *model_weights_name(int wenc);
int model_weights_parse(const char *s);

/*
 * Store a linear model's weights as wenc: f32 rounds each to binary32,
 * int8 to round(w / s_q) with s_q = max_f |w[f, q]| / 127 per decision
 * function q.  Weights in another encoding go through f64 first (f32 and
 * int8 are exact in f64).  The model's own f64 array (trained, not
 * loaded) is freed.  @return 0, TASNIF_EARG (a kernel model) or
 * TASNIF_ENOMEM.
 */
int model_set_weights(tasnif_model *m, int wenc);

/* The f64 weights of a linear model whatever its encoding, into a new
 * array (dim x ndec, freed by the caller), or NULL when out of memory. */
double *model_weights_f64(const tasnif_model *m);

/* dec[q] = sum_i val[i] * weight(col[i], q) for a linear model, in the
 * model's encoding (rho not subtracted). */
void model_dot(const tasnif_model *m, const int32_t *col, const double *val, size_t nnz, double *dec);

/* The number of decision functions for k labels: k (one-vs-rest) or
 * k(k-1)/2 (one-vs-one), in 64 bits; with k <= LABELS_MAX it fits int. */
static inline int64_t model_ndec(int scheme, int64_t k)
{
    return scheme == SCHEME_OVR ? k : k * (k - 1) / 2;
}

/* An empty model (all NULL). */
tasnif_model *model_new(void);
/* Free m but not the arrays that lie inside [blob, blob + len) nor the blob. */
void model_free_parts(tasnif_model *m, const void *blob, size_t len);
/* Free a libsvm model built by tasnif (support vectors, coefficients,
 * rho/probA/probB and its index arrays), except arrays that lie inside
 * [blob, blob + len).  NULL is allowed. */
void model_free_svm(struct svm_model *sm, const void *blob, size_t len);
/* Free the trained decision functions of a model that owns them (rho,
 * probA/probB, w, svm) and set them to NULL; the rest stays. */
void model_clear_classifiers(tasnif_model *m);

/*
 * Write m to path atomically: a temporary file in the same directory,
 * fsync, rename, fsync of the directory.  The bytes are first loaded back
 * as the loader would load them (model_parse, every check of the format):
 * a model that would not load is TASNIF_EMODEL ("... would not load: ...")
 * and nothing is written.  On failure the temporary file is removed and
 * any existing file at path is untouched.
 */
int model_save(const tasnif_model *m, const char *path, tasnif_err *err);
/* Checks a saved file's loaded form must also pass (an index's
 * documents); @return 0 or a negative code with err set. */
typedef int (*model_check_fn)(const tasnif_model *loaded, void *user, tasnif_err *err);
/* model_save with an extra DOCS section (an index's documents), written
 * verbatim and covered by the checksum; check, when not NULL, is run on
 * the model loaded back before anything is written. */
int model_save_with(const tasnif_model *m, const void *docs, size_t docs_len, model_check_fn check, void *user,
                    const char *path, tasnif_err *err);

/*
 * Parse a bundle held in memory (malloc'd; 8-byte alignment lets the
 * arrays point into it).  On success the model takes buf over and frees
 * it at tasnif_model_free; on failure buf stays the caller's.
 */
int model_parse(void *buf, size_t len, const char *path, tasnif_model **out, tasnif_err *err);

/*
 * Check every number and string of a parsed model, and their consistency
 * (FORMAT.md, "Invariants"): finite and in range, counts and dimensions
 * that agree, labels under label_check, META as UTF-8 text.
 * @return 0, or TASNIF_EMODEL with *why naming the first fault.
 */
int model_check(const tasnif_model *m, const char **why);

/*
 * Decision values and votes of one vectorised document.
 * @param dec    receives ndec decision values
 * @param votes  receives nlabels vote counts
 * @return the libsvm prediction: the label index with most votes, ties to
 *         the lower index (as svm_predict does).
 */
int model_decide(const tasnif_model *m, const int32_t *col, const double *val, size_t nnz,
                 double *dec, int *votes);

/* Votes from decision values; @return the prediction: for one-vs-one the
 * label with most votes, ties to the lower index (as svm_predict); for
 * one-vs-rest the largest decision value (one vote), ties to the lower
 * index. */
int model_votes(const tasnif_model *m, const double *dec, int *votes);

/*
 * Kernel models on the dense LSA embedding only: prepare the support
 * vectors as a dense matrix (at load or after training), then score a
 * batch of B documents (x: B x k row-major) with one dgemm:
 * dec receives B x ndec decision values.
 */
int model_prepare_dense(tasnif_model *m);
int model_decide_dense(const tasnif_model *m, const double *x, int b, double *dec);

/*
 * Scores for all labels from decision values and votes.  One-vs-one:
 * probabilities (pairwise coupling of Platt estimates, Wu, Lin & Weng
 * 2004) when the model has them, else each label's mean one-vs-one
 * decision value; sorted by probability, or by votes then mean decision
 * value.  One-vs-rest: each label's Platt probability normalised to sum 1
 * when the model has them, else its decision value; sorted by score.
 */
void model_rank(const tasnif_model *m, const double *dec, const int *votes, tasnif_score *out);

/* Platt's sigmoid P(+1 | dec) = 1 / (1 + exp(A dec + B)), computed without
 * overflow. */
double model_sigmoid(double dec, double A, double B);

/* Per-thread buffers for scoring documents with one model. */
typedef struct model_scratch {
    int32_t *col;          /* the document's vector, as the model sees it */
    double *val;
    size_t cap, nnz;
    int32_t *xcol;         /* its tf-idf n-grams before feat_finalize */
    double *xval;          /*   (== col/val for models without LSA) */
    size_t xnnz, xcap;
    int x_alias;           /* xcol/xval point into col/val */
    double *dec;           /* ndec decision values */
    int *votes;            /* nlabels votes */
    tasnif_score *scores;  /* nlabels scores, best first */
} model_scratch;

int model_scratch_init(model_scratch *sc, const tasnif_model *m);
/* Keep the vectorised n-grams in sc->xcol/xval before feat_finalize. */
int model_keep_ngrams(const tasnif_model *m, model_scratch *sc);
void model_scratch_finish(model_scratch *sc);

/* The document's vector from its terms (sc->col/val, and the n-grams in
 * sc->xcol/xval).  @return 0 or a negative code. */
int model_vectorize(const tasnif_model *m, model_scratch *sc, const feat_term *terms, size_t nterms);
/* The unit LSA embedding (lsa_k values into e) of a document's terms, for
 * models with --lsa (index and similar).  @return 0 or a negative code. */
int model_embed_terms(const tasnif_model *m, model_scratch *sc, const feat_term *terms, size_t nterms, double *e);
/* Vectorise and score extracted terms (as model_score_text does). */
int model_score_terms(const tasnif_model *m, model_scratch *sc, const feat_term *terms, size_t nterms,
                      const char *file, long line, tasnif_err *err);

/*
 * Vectorise and score one document's text with ctx (made for m's feature
 * configuration).  Fills sc->col/val/nnz, dec, votes and scores.
 * @return the index of the best label (sc->scores[0].index), or a negative
 *         code (invalid UTF-8, limits) with err naming file:line.
 */
int model_score_text(const tasnif_model *m, feat_ctx *ctx, model_scratch *sc,
                     const char *text, size_t len, const char *file, long line,
                     tasnif_err *err);

/* What a scored document may be given (choose.c). */
typedef struct model_choice {
    double min_confidence;  /* single labels: no label when the best score is
                               below this (-INFINITY: always a label) */
    const double *thresh;   /* label sets: nlabels thresholds (NULL: the model's) */
    int allow_empty;        /* label sets: a document may get no label */
    int max_labels;         /* label sets: at most this many, best first (0: any) */
} model_choice;

/* The model's own rule: always a label, the stored thresholds, empty
 * sets as the model was trained (train --allow-empty). */
void model_choice_init(model_choice *c, const tasnif_model *m);

/*
 * The labels c gives a document with decision values dec and scores
 * (all nlabels, best first, as model_rank sorts them; label sets may pass
 * NULL when c->max_labels is 0).  chosen receives nlabels 0/1 flags.
 * Single labels: the best one, or none when its score is below
 * c->min_confidence (or is NaN).  Label sets: every label whose value
 * reaches its threshold, the c->max_labels best of them, and when none
 * does the best one unless c->allow_empty.
 * @return how many were chosen (0: the document abstains).
 */
int model_choose(const tasnif_model *m, const model_choice *c, const double *dec, const tasnif_score *scores,
                 unsigned char *chosen);

/* A multi-label model's label set under its own rule (model_choose with
 * model_choice_init, thresh in place of the model's when not NULL).
 * @return how many were chosen (>= 1 unless the model allows empty sets). */
int model_label_set(const tasnif_model *m, const double *dec, const double *thresh, unsigned char *chosen);

/* One n-gram's part in a label's score. */
typedef struct model_term {
    int32_t feature;        /* feature id (vocabulary index or hash bucket) */
    double value;           /* its tf-idf value in the document */
    double weight;          /* its effective weight for the label */
    double contribution;    /* value x weight (kernel models: occlusion) */
} model_term;

/* One word of a document and what its n-grams give a label's score. */
typedef struct model_word {
    const char *word;       /* into the tokens given; len bytes, not NUL-terminated */
    size_t len;
    double contribution;    /* the sum of its shares of its n-grams' contributions */
    int nterms;             /* the n-grams it has a share of */
    int count;              /* its occurrences in the document */
} model_word;

/* A label's score as bias + the sum of its n-grams' contributions. */
typedef struct model_expl {
    int label;
    double score;           /* the decision-based score explained: f_q
                               (one-vs-rest) or the mean signed pair
                               decision (one-vs-one) */
    double bias;
    model_term *terms;      /* every n-gram of the document, largest
                               |contribution| first */
    size_t nterms;
    int approximate;        /* kernel models: occlusion estimates (the
                               MODEL_OCCLUDE_MAX n-grams of largest
                               first-order effect), first-order effects
                               for the rest */
    model_word *words;      /* by word (model_explain_words), or NULL */
    size_t nwords;
    double words_rest;      /* what no word took */
} model_expl;

/* Kernel models: how many n-grams of a document explanation occludes (the
 * largest first-order effects); the work is about this many scorings of
 * the document. */
#define MODEL_OCCLUDE_MAX 32

/*
 * Explain label's score for the document whose tf-idf vector (before
 * feat_finalize) is col/val/nnz.  Linear models: bias + sum of
 * contributions == score exactly (to rounding).  Kernel models: the
 * approximation described in explain.c.  @return 0 or TASNIF_ENOMEM.
 * Free out with model_expl_finish.
 */
int model_explain(const tasnif_model *m, const int32_t *col, const double *val, size_t nnz, int label,
                  model_expl *out);
void model_expl_finish(model_expl *e);

/*
 * e's contributions gathered by word, as a reader weighs evidence: a word
 * n-gram's contribution goes to its words in equal parts, the lead's copy
 * of a word to that word, a character n-gram inside words to the words of
 * the document that contain it, in proportion to how often each does (its
 * occurrences in the document times the n-gram's in it).  tokens: the
 * document's normalised tokens, space-separated (feat_ctx_tokens).  What
 * no word takes (hashed features, character n-grams across words, the LSA
 * embedding) is e->words_rest, so the words' contributions plus it are the
 * n-grams' sum.  e->words (freed with e) is sorted by |contribution|,
 * largest first.  @return 0 or TASNIF_ENOMEM.
 */
int model_explain_words(const tasnif_model *m, model_expl *e, const char *tokens, size_t len);

/* A label's heaviest n-grams: the n largest positive weights into pos and
 * the n most negative into neg (each model_term's weight; value 0).
 * @return 0, or TASNIF_EARG for models without n-gram weights (kernels,
 * dense-only LSA models). */
int model_top_terms(const tasnif_model *m, int label, size_t n, model_term *pos, size_t *npos, model_term *neg,
                    size_t *nneg);

/* The readable n-gram of a feature into buf (words joined by spaces;
 * character n-grams with < > at word edges; "#id" for hashed models).
 * @return 1 for a character n-gram, else 0. */
int model_term_text(const tasnif_model *m, int32_t feature, char *buf, size_t cap);

/* The flags of `tasnif train` that train a model like m (features from
 * its configuration, solver settings from its decision functions and
 * training summary; those at their defaults are left out), "" when all are
 * defaults.  @return the length needed (snprintf-like). */
size_t model_flags(const tasnif_model *m, char *buf, size_t cap);

/* The bytewise label index, or -1. */
int model_label_index(const tasnif_model *m, const char *label, size_t len);

#endif
