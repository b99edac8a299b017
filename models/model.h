/*
 * model.h - the trained model: feature space, labels and the libsvm
 * one-vs-one classifiers; bundle save/load and scoring.  Private to
 * libtasnif (the public face is tasnif_model in tasnif.h).
 */
#ifndef TASNIF_MODEL_H
#define TASNIF_MODEL_H

#include <libsvm/svm.h>
#include "../features/features.h"

#define BUNDLE_VERSION 1

struct tasnif_model {
    feat_space fs;          /* features: configuration, vocabulary, idf */
    int nlabels;            /* k >= 2 */
    char **labels;          /* k NUL-terminated UTF-8 labels, sorted bytewise */
    uint64_t *label_docs;   /* training documents per label */
    /* libsvm parameters and one-vs-one classifiers, in libsvm's pair order
     * (0,1), (0,2), ..., (0,k-1), (1,2), ...: decision > 0 votes for the
     * first label of the pair. */
    struct svm_parameter param; /* kernel_type LINEAR or RBF/POLY/SIGMOID */
    int npairs;             /* k(k-1)/2 */
    double *rho;            /* npairs */
    int has_prob;           /* Platt parameters present */
    double *probA, *probB;  /* npairs each, or NULL */
    /* linear kernel: weights collapsed from the support vectors, stored
     * feature-major: w[f * npairs + p] is feature f's weight in pair p */
    double *w;
    /* other kernels: the support vectors as a libsvm model (param, rho and
     * probA/probB point at the fields above) */
    struct svm_model *svm;
    char *meta;             /* "key=value\n" training summary */
    double *sv_dense;       /* kernel models on the dense embedding: l x k support
                               vectors for batched scoring, or NULL */
    double *sv_sq;          /* their squared norms */
    const void *docs;       /* an index's document section (in the blob), or NULL */
    size_t docs_len;
    void *blob;             /* the loaded file; arrays may point into it */
    size_t blob_len;
    int blob_mapped;        /* 1: munmap the blob, 0: free it */
};

/* An empty model (all NULL). */
tasnif_model *model_new(void);
/* Free m but not the arrays that lie inside [blob, blob + len) nor the blob. */
void tasnif_model_free_parts(tasnif_model *m, const void *blob, size_t len);

/*
 * Write m to path atomically: a temporary file in the same directory,
 * fsync, rename, fsync of the directory.  On failure the temporary file is
 * removed and any existing file at path is untouched.
 */
int model_save(const tasnif_model *m, const char *path, tasnif_err *err);
/* The same with an extra DOCS section (an index's documents), written
 * verbatim and covered by the checksum. */
int model_save_with(const tasnif_model *m, const void *docs, size_t docs_len, const char *path, tasnif_err *err);

/*
 * Parse a bundle held in memory.  On success the model takes buf over (its
 * arrays point into it; mapped says whether to munmap or free it at
 * tasnif_model_free); on failure buf stays the caller's.
 */
int model_parse(void *buf, size_t len, int mapped, const char *path, tasnif_model **out, tasnif_err *err);

/*
 * Decision values and votes of one vectorised document.
 * @param dec    receives npairs decision values
 * @param votes  receives nlabels vote counts
 * @return the libsvm prediction: the label index with most votes, ties to
 *         the lower index (as svm_predict does).
 */
int model_decide(const tasnif_model *m, const int32_t *col, const double *val, size_t nnz,
                 double *dec, int *votes);

/* Votes from decision values; @return the libsvm prediction (most votes,
 * ties to the lower index). */
int model_votes(const tasnif_model *m, const double *dec, int *votes);

/*
 * Kernel models on the dense LSA embedding only: prepare the support
 * vectors as a dense matrix (at load or after training), then score a
 * batch of B documents (x: B x k row-major) with one dgemm:
 * dec receives B x npairs decision values.
 */
int model_prepare_dense(tasnif_model *m);
int model_decide_dense(const tasnif_model *m, const double *x, int b, double *dec);

/*
 * Scores for all labels from decision values and votes: probabilities
 * (pairwise coupling of Platt estimates, Wu, Lin & Weng 2004) when the
 * model has them, else each label's mean one-vs-one decision value.
 * out is sorted best first: by probability, or by votes then mean
 * decision value.
 */
void model_rank(const tasnif_model *m, const double *dec, const int *votes, tasnif_score *out);

/* Per-thread buffers for scoring documents with one model. */
typedef struct model_scratch {
    int32_t *col;          /* the document's vector */
    double *val;
    size_t cap, nnz;
    double *dec;           /* npairs decision values */
    int *votes;            /* nlabels votes */
    tasnif_score *scores;  /* nlabels scores, best first */
} model_scratch;

int model_scratch_init(model_scratch *sc, const tasnif_model *m);
void model_scratch_finish(model_scratch *sc);

/*
 * Vectorise and score one document's text with ctx (made for m's feature
 * configuration).  Fills sc->col/val/nnz, dec, votes and scores.
 * @return the index of the best label (sc->scores[0].index), or a negative
 *         code (invalid UTF-8, limits) with err naming file:line.
 */
int model_score_text(const tasnif_model *m, feat_ctx *ctx, model_scratch *sc,
                     const char *text, size_t len, const char *file, long line,
                     tasnif_err *err);

/* The bytewise label index, or -1. */
int model_label_index(const tasnif_model *m, const char *label, size_t len);

#endif
