/*
 * tasnif.h - the public interface of libtasnif.
 *
 * tasnif turns article text into n-gram vectors and classifies them with
 * linear models trained by liblinear (or kernel models trained by libsvm).  This header is all another C program needs to
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
 * Build with `pkg-config --cflags --libs tasnif` (libtasnif.so; add --static
 * for libtasnif.a).  Only the functions marked TASNIF_API below are
 * exported; every other name in libtasnif.a starts with tasnif__ and is
 * private.
 *
 * Conventions
 *   - Every call that can fail returns an int: 0 (or a non-negative count) on
 *     success, a negative TASNIF_E* code on failure.  tasnif_strerror() names
 *     the code.  Where a tasnif_err pointer is taken it may be NULL; when it is
 *     not, it receives the file, line, byte offset and a full message.
 *   - The library never prints and never exits.
 *   - Objects returned through T **out are owned by the caller and are set
 *     only on success.  tasnif_*_free(NULL) does nothing.
 *   - Every getter of a model (tasnif_model_nlabels, tasnif_model_label,
 *     tasnif_model_has_probability, tasnif_model_is_multilabel) takes NULL
 *     and answers 0 (or NULL); every other call given NULL where a model or
 *     an output is needed returns TASNIF_EARG.
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

/* Marks the functions libtasnif.so exports: the shared library is built
 * with -fvisibility=hidden, so everything else in it stays private. */
#if defined(__GNUC__) && __GNUC__ >= 4
#define TASNIF_API __attribute__((visibility("default")))
#else
#define TASNIF_API
#endif

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
TASNIF_API const char *tasnif_strerror(int code);

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
TASNIF_API int tasnif_model_load(const char *path, tasnif_model **out, tasnif_err *err);

/*
 * Load a model bundle held in memory (for example embedded in a program
 * or read from a database): the same checks as tasnif_model_load.  The
 * bytes are copied; data may be freed or changed after the call.
 * @return 0, or TASNIF_EMODEL, TASNIF_EVERSION, TASNIF_ENOMEM, TASNIF_EARG.
 */
TASNIF_API int tasnif_model_load_mem(const void *data, size_t len, tasnif_model **out, tasnif_err *err);

/* Free a model.  NULL is allowed. */
TASNIF_API void tasnif_model_free(tasnif_model *m);

/* @return the number of labels the model predicts (>= 2; 0 for NULL). */
TASNIF_API int tasnif_model_nlabels(const tasnif_model *m);

/*
 * @return label i (0 <= i < nlabels) as a NUL-terminated UTF-8 string, or
 *         NULL when i is out of range or m is NULL.  Owned by the model, valid until
 *         tasnif_model_free().
 */
TASNIF_API const char *tasnif_model_label(const tasnif_model *m, int i);

/* @return 1 if the model gives calibrated probabilities, else 0 (also for NULL). */
TASNIF_API int tasnif_model_has_probability(const tasnif_model *m);

/* One scored label. */
typedef struct tasnif_score {
    const char *label; /* owned by the model */
    int index;         /* label index, 0 <= index < nlabels */
    double score;      /* when tasnif_model_has_probability(): the label's
                          probability in [0, 1] (the labels' sum to 1);
                          else its decision value, unbounded, > 0 leaning
                          to the label: one-vs-rest models (the default)
                          give the label's own SVM decision value, one-vs-one
                          models the mean of its pairs' signed decision
                          values.  Labels are ranked by it (one-vs-one
                          without probabilities: by votes first). */
} tasnif_score;

/*
 * Classify one document.
 *
 * @param text  UTF-8 text (need not be NUL-terminated); invalid UTF-8 is an
 *              error unless the model was trained with --lenient; a NUL
 *              byte, or nothing but white space, is TASNIF_EINPUT (as the
 *              command refuses them)
 * @param len   its length in bytes
 * @param out   receives up to k scored labels, best first
 * @param k     capacity of out (>= 1)
 * @return the number of entries written (min(k, nlabels)), or a negative code.
 */
TASNIF_API int tasnif_classify(const tasnif_model *m, const char *text, size_t len,
                               tasnif_score *out, int k, tasnif_err *err);

/*
 * Classify n documents: out[i * k .. i * k + k) receives document i's best
 * labels, counts[i] how many (as tasnif_classify returns: > 0, or a
 * negative code for that document alone, e.g. TASNIF_EUTF8).
 * @return 0 when every document was tried, TASNIF_ENOMEM (with err) when
 *         the batch stopped, TASNIF_EARG for bad arguments.
 */
TASNIF_API int tasnif_classify_batch(const tasnif_model *m, const char *const *texts, const size_t *lens, size_t n,
                                     tasnif_score *out, int k, int *counts, tasnif_err *err);

/* @return the library's version, e.g. "0.2.0" (TASNIF_VERSION of the
 * library that is running, which may differ from the header's). */
TASNIF_API const char *tasnif_version(void);

/* @return 1 if the model chooses label sets (trained with --multi-label). */
TASNIF_API int tasnif_model_is_multilabel(const tasnif_model *m);

/* A label with its score and, for multi-label models, its threshold. */
typedef struct tasnif_label {
    const char *label; /* owned by the model */
    int index;         /* label index */
    double score;      /* as tasnif_score.score */
    double threshold;  /* multi-label: the label is chosen when score >= threshold; NaN otherwise */
    int chosen;        /* 1 if the label is in the document's label set */
} tasnif_label;

/*
 * Classify one document and choose its labels: for multi-label models
 * every label whose score reaches its threshold, and the best one when
 * none does (unless the model was trained with --allow-empty);
 * for other models the best label.
 * @param out  receives the min(k, nlabels) best labels, best first, each
 *             with its chosen flag (chosen labels may lie beyond k)
 * @return the number of chosen labels (>= 1; 0 only for a label-set model
 *         trained with --allow-empty), or a negative code.
 * Thread safety: as tasnif_classify.
 */
TASNIF_API int tasnif_classify_labels(const tasnif_model *m, const char *text, size_t len, tasnif_label *out, int k,
                                      tasnif_err *err);

/* One n-gram's part in a label's score. */
typedef struct tasnif_term {
    const char *term;    /* readable n-gram: words joined by spaces, or characters
                            with < > at word edges; "#id" for hashed models */
    int is_char;         /* 1 for a character n-gram */
    double value;        /* its tf-idf value in the document */
    double weight;       /* its weight for the label */
    double contribution; /* value x weight */
} tasnif_term;

/* Why a label got its score: score == bias + sum(terms' contributions) + other. */
typedef struct tasnif_explanation {
    const char *label;   /* owned by the model */
    int index;
    double score;        /* the explained score: the decision value (see tasnif_score) */
    double bias;
    double other;        /* summed contribution of the n-grams not listed */
    int approximate;     /* 1 for kernel models: estimated (see tasnif_explain) */
    int nterms;
    char *text_buf;      /* private */
    tasnif_term terms[]; /* largest |contribution| first */
} tasnif_explanation;

/*
 * Explain one label's score for a document.  Exact for linear models
 * (to rounding): score == bias + sum of contributions + other.  Kernel
 * models are approximate (approximate = 1): the 32 n-grams with the
 * largest first-order effect are occluded (each contribution the score
 * lost when that n-gram alone is removed), every other n-gram's
 * contribution is its first-order effect x_i df/dx_i, and the bias is
 * what they leave unexplained; the work is about 34 scorings of the
 * document, whatever its length.
 * @param label  label index, or -1 for the best label
 * @param n      how many n-grams to list (the rest are summed in other)
 * @param out    receives the explanation; free it with tasnif_explanation_free
 * Thread safety: as tasnif_classify.
 */
TASNIF_API int tasnif_explain(const tasnif_model *m, const char *text, size_t len, int label, int n,
                              tasnif_explanation **out, tasnif_err *err);
TASNIF_API void tasnif_explanation_free(tasnif_explanation *x);

/* One word's part in a label's score: its shares of the contributions of
 * the n-grams it is part of (a word n-gram shared equally among its words,
 * the lead's copy of it, a character n-gram among the words that hold it
 * in proportion to their occurrences). */
typedef struct tasnif_word {
    const char *word;    /* the normalised word, NUL-terminated */
    int count;           /* its occurrences in the document */
    int nterms;          /* the n-grams it has a share of */
    double contribution; /* the sum of its shares */
} tasnif_word;

/* Why a label got its score, by word:
 * score == bias + sum(words' contributions) + other + rest. */
typedef struct tasnif_word_explanation {
    const char *label;   /* owned by the model */
    int index;
    double score;        /* the explained score: the decision value (see tasnif_score) */
    double bias;
    double other;        /* summed contribution of the words not listed */
    double rest;         /* what no word holds: character n-grams across words, hashed
                            features, the LSA embedding's dimensions */
    int approximate;     /* 1 for kernel models: estimated (see tasnif_explain) */
    int nwords;
    char *text_buf;      /* private */
    tasnif_word words[]; /* largest |contribution| first */
} tasnif_word_explanation;

/*
 * Explain one label's score for a document by its words (as `tasnif predict
 * --explain`): the same explanation as tasnif_explain, each n-gram's
 * contribution shared among the words it is made of.
 * @param label  label index, or -1 for the best label
 * @param n      how many words to list (the rest are summed in other)
 * @param out    receives the explanation; free it with tasnif_word_explanation_free
 * Thread safety: as tasnif_classify.
 */
TASNIF_API int tasnif_explain_words(const tasnif_model *m, const char *text, size_t len, int label, int n,
                                    tasnif_word_explanation **out, tasnif_err *err);
TASNIF_API void tasnif_word_explanation_free(tasnif_word_explanation *x);

#ifdef __cplusplus
}
#endif
#endif /* TASNIF_H */
