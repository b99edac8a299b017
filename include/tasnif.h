/*
 * tasnif.h - the public interface of libtasnif.
 *
 * tasnif turns article text into n-gram vectors and classifies them with
 * models trained by libsvm.  This header is all another C program needs to
 * load a model bundle and classify text:
 *
 *     tasnif_err err = {0};
 *     tasnif_model *m = NULL;
 *     if (tasnif_model_load("news.tsnf", &m, &err) < 0) {
 *         fprintf(stderr, "%s\n", err.msg);
 *         ...
 *     }
 *     tasnif_score top[3];
 *     int n = tasnif_classify(m, text, len, top, 3, &err);
 *     ... top[0].label is the predicted label ...
 *     tasnif_model_free(m);
 *
 * Conventions
 *   - Every call that can fail returns an int: 0 (or a non-negative count) on
 *     success, a negative TASNIF_E* code on failure.  tasnif_strerror() names
 *     the code.  Where a tasnif_err pointer is taken it may be NULL; when it is
 *     not, it receives the file, line, byte offset and a full message.
 *   - The library never prints and never exits.
 *   - Objects returned through T **out are owned by the caller and are set
 *     only on success.  tasnif_*_free(NULL) does nothing.
 *   - A loaded model is read-only: tasnif_classify() may be called on one
 *     model from several threads at once.
 */
#ifndef TASNIF_H
#define TASNIF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TASNIF_VERSION "0.1.0"

/* Error codes.  Every failing call returns one of these (all negative). */
enum {
    TASNIF_OK = 0,
    TASNIF_ENOMEM = -1,   /* out of memory */
    TASNIF_EIO = -2,      /* a read, write, fsync or rename failed */
    TASNIF_EUTF8 = -3,    /* input is not valid UTF-8 */
    TASNIF_EINPUT = -4,   /* malformed input line or document */
    TASNIF_EMODEL = -5,   /* model file truncated, corrupt or not a model */
    TASNIF_EVERSION = -6, /* model file written by a newer format version */
    TASNIF_EARG = -7,     /* invalid argument or option value */
    TASNIF_EICU = -8,     /* ICU reported an error */
    TASNIF_ESVM = -9,     /* libsvm rejected the problem or parameters */
    TASNIF_ELIMIT = -10,  /* a configured size limit was exceeded */
    TASNIF_ECORPUS = -11  /* the corpus cannot make a model (too few labels, no documents) */
};

/*
 * Error context.  Filled by failing calls that take a tasnif_err *.
 * file is empty and line/byte are 0 when they do not apply.
 */
typedef struct tasnif_err {
    int code;          /* the TASNIF_E* code */
    char file[512];    /* the input file concerned, or "" */
    long line;         /* 1-based line (or document) number, or 0 */
    long byte;         /* 1-based byte offset within the line, or 0 */
    char msg[1024];    /* full message, e.g. "corpus.tsv:812: invalid UTF-8 at byte 37" */
} tasnif_err;

/*
 * @return a static English description of code (never NULL).
 */
const char *tasnif_strerror(int code);

/* A trained model bundle, loaded for classification.  Opaque. */
typedef struct tasnif_model tasnif_model;

/*
 * Load a model bundle written by `tasnif train`.  The whole file is read,
 * its checksum verified and every section bounds-checked before use.
 *
 * @param path  file name
 * @param out   receives the model on success; untouched on failure
 * @param err   optional error context
 * @return 0, or TASNIF_EIO (cannot read), TASNIF_EMODEL (truncated, corrupt,
 *         not a model), TASNIF_EVERSION (newer format), TASNIF_ENOMEM.
 * Ownership: free the model with tasnif_model_free().
 */
int tasnif_model_load(const char *path, tasnif_model **out, tasnif_err *err);

/* Free a model.  NULL is allowed. */
void tasnif_model_free(tasnif_model *m);

/* @return the number of labels the model predicts (>= 2). */
int tasnif_model_nlabels(const tasnif_model *m);

/*
 * @return label i (0 <= i < nlabels) as a NUL-terminated UTF-8 string, or
 *         NULL when i is out of range.  Owned by the model, valid until
 *         tasnif_model_free().
 */
const char *tasnif_model_label(const tasnif_model *m, int i);

/* @return 1 if the model gives calibrated probabilities, else 0. */
int tasnif_model_has_probability(const tasnif_model *m);

/* One scored label. */
typedef struct tasnif_score {
    const char *label; /* owned by the model */
    int index;         /* label index, 0 <= index < nlabels */
    double score;      /* probability when the model has them, else the
                          number of one-vs-one votes plus a tie-breaking
                          fraction from the decision values */
} tasnif_score;

/*
 * Classify one document.
 *
 * @param text  UTF-8 text (need not be NUL-terminated); invalid UTF-8 is an
 *              error unless the model was trained with --lenient
 * @param len   its length in bytes
 * @param out   receives up to k scored labels, best first
 * @param k     capacity of out (>= 1)
 * @return the number of entries written (min(k, nlabels)), or a negative code.
 */
int tasnif_classify(const tasnif_model *m, const char *text, size_t len,
                    tasnif_score *out, int k, tasnif_err *err);

#ifdef __cplusplus
}
#endif
#endif /* TASNIF_H */
