/*
 * features.h - text to sparse vector.  Private to libtasnif.
 *
 * The pipeline, driven by one feat_config that is stored in every model so
 * that prediction uses exactly the features training used:
 *
 *   bytes -> UTF-8 check -> ICU NFKC + case fold -> Arabic folding
 *         -> ICU word break (letters and numbers kept) -> optional Arabic clitic
 *            segmentation and stemming
 *         -> word n-grams + character n-grams (inside words and/or across
 *            them) -> vocabulary or hashing
 *         -> tf (raw | sublinear) x idf (smooth) -> L2 normalisation
 */
#ifndef TASNIF_FEATURES_H
#define TASNIF_FEATURES_H

#include <stdint.h>
#include <stdio.h>
#include <unicode/utypes.h>
#include "base.h"

/* Limits of the feature configuration, shared by its checks and by the
 * command-line options that set it. */
#define FEAT_WORD_ORDER_MAX 9     /* longest word n-gram */
#define FEAT_CHAR_ORDER_MAX 20    /* longest character n-gram */
#define FEAT_HASH_BITS_MAX 30     /* 2^30 hash buckets */
#define FEAT_DOC_BYTES_MAX ((int64_t)1 << 29)
#define FEAT_COUNT_MAX INT32_MAX  /* min_df, max_features */
#define FEAT_VOCAB_MAX (INT32_MAX - 1)

/* Feature configuration.  Fields are stored in the model as key=value. */
typedef struct feat_config {
    int word_min, word_max;   /* word n-gram orders; word_max 0 = none */
    int char_min, char_max;   /* character n-gram orders; char_max 0 = none */
    int fold_tashkeel;        /* strip U+064B-U+065F, U+0670 */
    int fold_tatweel;         /* strip U+0640 */
    int fold_alef;            /* U+0622/0623/0625/0671 -> U+0627 */
    int fold_maqsura;         /* U+0649 -> U+064A */
    int fold_ta_marbuta;      /* U+0629 -> U+0647 */
    int fold_digits;          /* Arabic-Indic digits -> 0-9 */
    int stem;                 /* light Arabic prefix/suffix stripping */
    int lenient;              /* replace invalid UTF-8 by U+FFFD instead of failing */
    int sublinear_tf;         /* 1 + log(tf) instead of tf */
    int use_idf;              /* multiply by smooth idf */
    int l2;                   /* L2-normalise each vector */
    int hash_bits;            /* 0: fitted vocabulary; else 2^hash_bits buckets */
    int min_df;               /* vocabulary: keep features in >= min_df documents */
    int64_t max_features;     /* vocabulary: keep the most frequent; 0 = all */
    int64_t max_doc_bytes;    /* reject longer documents */
    int64_t max_vocab;        /* fitting: refuse more distinct n-grams than this */
    int lsa_k;                /* LSA dimensions (0 = none) */
    int feature_mode;         /* FEAT_SPARSE, FEAT_DENSE (the LSA embedding) or FEAT_BOTH */
    int across_min, across_max; /* character n-grams across words (over the tokens joined by
                                 * single spaces); across_max 0 = none */
    int clitics;              /* split Arabic proclitics and pronoun enclitics into tokens */
    int lead_words;           /* the first lead_words words again, as features of families of
                               * their own (a news article's lead); 0 = none */
    int lead_ngrams;          /* the lead's n-grams: FEAT_LEAD_UNIGRAMS (its words) or
                               * FEAT_LEAD_SAME (the word and in-word character n-gram orders
                               * of the rest) */
    int lead_apart;           /* with a vocabulary: the lead's features L2-normalised on their own
                               * and the rest on its own, then the whole vector (the lead
                               * lead_share percent of its squared norm); else one norm over all */
    int lead_share;           /* with lead_apart: the lead's percent of the squared norm */
} feat_config;

/*
 * The feature parameters (features/params.c): one entry per field of
 * feat_config, the single description from which the stored configuration,
 * its checks, the command-line options of `tasnif train` with their --help
 * and messages, and the flags `tasnif info` shows are all derived.
 */
typedef enum feat_param_kind {
    FP_ORDERS_MIN, /* --flag N|MIN-MAX: this int and the next entry's (0 = none) */
    FP_ORDERS_MAX, /* the second int of the pair before it */
    FP_ON,         /* --flag sets the int to 1 */
    FP_OFF,        /* --flag sets the int to 0 */
    FP_NUMBER,     /* --flag N, an int or int64_t within [min, max] */
    FP_CHOICE      /* --flag NAME, the index of NAME in names */
} feat_param_kind;

typedef struct feat_param {
    const char *flag;          /* the command-line flag, without "--" */
    feat_param_kind kind;
    const char *key;           /* the key in the stored configuration */
    size_t off;                /* the field in feat_config */
    int is64;                  /* int64_t, else int */
    int64_t def;               /* the default */
    int64_t absent;            /* the value of a stored configuration without
                                * the key (one written before it existed) */
    int64_t min, max;          /* the accepted values */
    const char *arg;           /* the flag's argument in --help */
    const char *zero;          /* what 0 means, in --help ("none"), or NULL */
    const char *help;
    const char *const *names;  /* FP_CHOICE: the names, NULL-terminated */
} feat_param;

/* The table, in the stored order; *n receives its length. */
const feat_param *feat_params(size_t *n);
int64_t feat_param_get(const feat_config *cfg, const feat_param *p);
void feat_param_put(feat_config *cfg, const feat_param *p, int64_t v);
/* The value of p's flag as a user writes it ("1-2", "2", "sparse"); ""
 * for a flag that takes none. */
void feat_param_text(const feat_config *cfg, const feat_param *p, char *buf, size_t cap);
/* The flags that give cfg from the defaults ("--word-ngrams 1-2 --min-df 1"),
 * those of label sets when labelsets (with --multi-label), "" when there
 * are none; @return the length it needed (snprintf-like). */
size_t feat_config_flags(const feat_config *cfg, int labelsets, char *buf, size_t cap);

/* Fill cfg with the defaults (the documented ones in `tasnif train --help`). */
void feat_config_defaults(feat_config *cfg);
/* Above FEAT_LARGE_TEXT_MB megabytes of training text the default orders
 * are word unigrams alone: word bigrams and character n-grams gain least
 * there and cost most (several times the memory, bench/results/defaults.md).
 * Set cfg's orders so. */
#define FEAT_LARGE_TEXT_MB 32
#define FEAT_STR_(x) #x
#define FEAT_STR(x) FEAT_STR_(x)
void feat_config_defaults_large(feat_config *cfg);
/* For label sets (multi-label training) the lead's word and character
 * n-grams win by cross-validation (bench/results/lead.md); single labels
 * keep the lead's words.  Set cfg's lead so. */
void feat_config_defaults_labelsets(feat_config *cfg);
/* Fill cfg as a stored configuration starts before its keys are read: a
 * key a model lacks was written before the key existed, and its feature
 * was off. */
void feat_config_stored(feat_config *cfg);
/* Check ranges; @return 0 or TASNIF_EARG with err->msg naming the flag and
 * the stored key. */
int feat_config_check(const feat_config *cfg, tasnif_err *err);
/* Write cfg as "key=value\n" lines (C locale). */
int feat_config_write(const feat_config *cfg, FILE *fp);
/* Set one key from its text value; @return 0, or TASNIF_EARG for an unknown
 * key or bad value. */
int feat_config_set(feat_config *cfg, const char *key, const char *value);

/* ---- UTF-8 ---- */

/*
 * Validate UTF-8 strictly (no overlongs, surrogates or code points past
 * U+10FFFF).  @return 0, or TASNIF_EUTF8 with *bad set to the 0-based offset
 * of the first bad byte.
 */
int utf8_check(const char *s, size_t n, size_t *bad);

/*
 * Copy s into *out replacing each maximal invalid subsequence by U+FFFD.
 * *out is grown with GROW (capacity in *cap); *out_len receives the length.
 */
int utf8_repair(const char *s, size_t n, char **out, size_t *cap, size_t *out_len);

/* Write code point u (<= U+10FFFF) as UTF-8 at o; @return its length (1-4). */
size_t utf8_encode(uint32_t u, char *o);

/* ---- labels ---- */

#define LABEL_MAX_BYTES 256 /* longest label, in bytes */
#define LABELS_MAX 10000    /* most distinct labels a corpus or model may have;
                               keeps k * k (one-vs-one pairs) well inside int */

/*
 * The one rule for a label, applied by the corpus readers and the model
 * loader: 1 to LABEL_MAX_BYTES bytes of valid UTF-8 without control
 * characters (below U+0020, or U+007F).
 * @return 0; TASNIF_EINPUT (empty or a control character), TASNIF_EUTF8
 *         (*bad set to the offset of the first bad byte) or TASNIF_ELIMIT
 *         (too long), with *why naming the fault.
 */
int label_check(const char *s, size_t n, const char **why, size_t *bad);

/* ---- one document's terms ---- */

/* Feature families, the first byte of every vocabulary key: word n-grams,
 * character n-grams inside words (with < > marking the edges) and
 * character n-grams across words (over the tokens joined by spaces), and
 * the word and the in-word character n-grams of the document's lead. */
enum { FEAT_WORD = 'w', FEAT_CHAR = 'c', FEAT_ACROSS = 'x', FEAT_LEAD = 'h', FEAT_LEAD_CHAR = 'k' };
enum { FEAT_LEAD_UNIGRAMS = 0, FEAT_LEAD_SAME = 1 };
/* The family's name: "word", "char", "across", "lead" (the lead's word
 * n-grams), "lead-char"; "?" for another byte. */
const char *feat_family_name(int family);
enum { FEAT_SPARSE = 0, FEAT_DENSE = 1, FEAT_BOTH = 2 };
#define LSA_MAX 4096

/* A distinct feature in one document: its family (FEAT_WORD, FEAT_CHAR, FEAT_ACROSS, FEAT_LEAD or FEAT_LEAD_CHAR),
 * the n-gram's bytes and how often it occurs.  key points into the
 * context's buffers and is valid until the next feat_doc_terms call.
 * hash = hash_bytes(key, len, family). */
typedef struct feat_term {
    uint64_t hash;
    const char *key;
    uint32_t len;
    uint32_t count;
    int family;
} feat_term;

/* Per-thread extraction context: ICU objects and scratch buffers. */
typedef struct feat_ctx feat_ctx;

int feat_ctx_new(const feat_config *cfg, feat_ctx **out, tasnif_err *err);
void feat_ctx_free(feat_ctx *ctx);

/*
 * Extract the distinct terms of one document.  file and line only label
 * errors.  On success *terms points at *nterms terms owned by ctx (valid
 * until the next call), in order of first occurrence.
 */
int feat_doc_terms(feat_ctx *ctx, const char *text, size_t len,
                   const char *file, long line,
                   const feat_term **terms, size_t *nterms, tasnif_err *err);

/*
 * The character n-grams of one word as extraction cuts them: orders
 * cfg->char_min..char_max of padded ("<word>", len bytes), a lone < or >
 * left out; fn(user, n-gram, its length) for each, in order.  @return 0,
 * or the first negative code fn returns.
 */
int feat_word_char_ngrams(const feat_config *cfg, const char *padded, size_t len,
                          int (*fn)(void *user, const char *key, size_t n), void *user);

/*
 * The normalised tokens of the last document, space-separated UTF-8
 * (owned by ctx, valid until the next call).  For tests and `features --tokens`.
 */
const char *feat_ctx_tokens(const feat_ctx *ctx, size_t *len);

/* Normalise text (UTF-16, in place): NFKC + case fold + Arabic folding.
 * Exposed for tests.  @return 0 or a negative code. */
int feat_normalize(feat_ctx *ctx, const char *text, size_t len,
                   const char *file, long line, tasnif_err *err);

/* ---- many documents at once ---- */

/*
 * A batch of documents whose terms are extracted by several threads.
 * Documents are queued in order; results are read back in the same order,
 * and are identical whatever the number of threads.
 */
typedef struct feat_batch feat_batch;

int feat_batch_new(const feat_config *cfg, int threads, feat_batch **out, tasnif_err *err);
void feat_batch_free(feat_batch *b);
/* Queue one document; text, label, file and id (the corpus's name for
 * it, or NULL) are copied.  @return 0 or TASNIF_ENOMEM. */
int feat_batch_add(feat_batch *b, const char *text, size_t len, const char *label, size_t label_len,
                   const char *file, long line, const char *id);
/* Documents queued since the last clear. */
size_t feat_batch_count(const feat_batch *b);
/* Bytes of text queued since the last clear. */
size_t feat_batch_bytes(const feat_batch *b);
/* Extract the terms of every queued document (shared: this process's). */
void feat_batch_run(feat_batch *b);
/* In a distributed run (features/dist.h) feat_batch_run extracts only this
 * process's contiguous block of the queued documents; with FEAT_SHARE_BLOCK
 * the others' results are empty, with FEAT_SHARE_ALL every process then
 * receives every block's results (terms or errors), so every result is
 * readable everywhere, the same as one process extracting them all. */
enum { FEAT_SHARE_NONE, FEAT_SHARE_BLOCK, FEAT_SHARE_ALL };
void feat_batch_share(feat_batch *b, int how);
/* The batch ends early, before a bad line (rc, e) of the reader: when the
 * processes of a FEAT_SHARE_ALL batch hold different documents, the job
 * fails with the first such error. */
void feat_batch_cut(feat_batch *b, int rc, const tasnif_err *e);
/* Collective: do the processes hold the same number of documents?  @return
 * 0, or the agreed failure: the first reader error (feat_batch_cut), else
 * the counts (TASNIF_EINPUT). */
int feat_batch_agree(const feat_batch *b, tasnif_err *err);
/* The block [*lo, *hi) of the queued documents feat_batch_run extracts. */
void feat_batch_mine(const feat_batch *b, size_t *lo, size_t *hi);
/*
 * Document i's result after feat_batch_run: 0 with *terms / *n set, or a
 * negative code with *err describing it.  text / label point at the queued
 * copies.  Valid until feat_batch_clear.
 */
int feat_batch_result(const feat_batch *b, size_t i, const feat_term **terms, size_t *n,
                      const tasnif_err **err);
void feat_batch_doc(const feat_batch *b, size_t i, const char **text, size_t *len, const char **label,
                    size_t *label_len, const char **file, long *line);
/* Document i's id, or NULL when the corpus gave none. */
const char *feat_batch_id(const feat_batch *b, size_t i);
/* Forget the queued documents and their results. */
void feat_batch_clear(feat_batch *b);

/* ---- vocabulary ---- */

/*
 * A (family, string) -> id table with document frequencies.  Keys live in
 * one contiguous byte buffer, each stored as its family byte followed by the
 * n-gram.  Ids are dense, 0-based, in insertion order.
 */
typedef struct vocab_slot {
    uint64_t hash;       /* hash_bytes(n-gram, len, family) */
    uint32_t id1;        /* id + 1; 0 = empty */
    uint32_t len;        /* stored length (family byte included) */
} vocab_slot;

typedef struct vocab {
    size_t n;            /* number of keys */
    size_t cap_keys;     /* capacity of off/len/df */
    uint64_t *off;       /* key i is bytes[off[i] .. off[i]+len[i]) */
    uint32_t *len;
    uint32_t *df;        /* documents containing key i */
    char *bytes;
    size_t nbytes, cap_bytes;
    vocab_slot *slots;   /* open addressing over the keys' hashes */
    size_t nslots;       /* power of two */
} vocab;

void vocab_init(vocab *v);
void vocab_finish(vocab *v);
/* @return the id of the term, or -1. */
int64_t vocab_find(const vocab *v, const feat_term *t);
/* ids[i] = vocab_find(v, &t[i]) for i < n, with the memory loads of
 * several lookups in flight at once. */
void vocab_find_many(const vocab *v, const feat_term *t, size_t n, int64_t *ids);
/* Insert the term (if new; df starts at 0) and @return its id, or a
 * negative code. */
int64_t vocab_add(vocab *v, const feat_term *t);
/* Append a stored key (family byte + n-gram) without checking for
 * duplicates; call vocab_rehash() after the last one. */
int vocab_push(vocab *v, const char *stored, uint32_t len, uint32_t df);
/* Rebuild the slot table from the keys.  @return 0, TASNIF_ENOMEM, or
 * TASNIF_EMODEL if a key is empty or appears twice. */
int vocab_rehash(vocab *v);
/* Key i as stored: family byte followed by the n-gram; *len includes the
 * family byte. */
static inline const char *vocab_key(const vocab *v, size_t i, uint32_t *len)
{
    *len = v->len[i];
    return v->bytes + v->off[i];
}

/* ---- sparse matrices ---- */

/* Compressed sparse rows, column indices ascending in each row. */
typedef struct csr {
    size_t rows;
    size_t cols;
    size_t nnz, cap_nnz;
    size_t *rowptr;      /* rows + 1 entries */
    size_t cap_rows;
    int32_t *col;
    double *val;
} csr;

void csr_init(csr *m);
void csr_finish(csr *m);
/* Append a row of n (col, val) pairs (cols need not be sorted). */
int csr_append(csr *m, const int32_t *col, const double *val, size_t n);

/* ---- the fitted extractor ---- */

/*
 * A feature space: the configuration plus either a vocabulary with idf
 * weights or hashing parameters with per-bucket idf.
 */
typedef struct feat_space {
    feat_config cfg;
    vocab voc;            /* empty when hashing */
    size_t dim;           /* number of features (vocabulary size or 2^hash_bits) */
    double *idf;          /* dim entries; NULL when !cfg.use_idf */
    float *lsa_proj;      /* dim x lsa_k projection (feature-major), or NULL */
    double *lsa_sv;       /* lsa_k singular values, or NULL */
    uint64_t ndocs;       /* documents it was fitted on */
    uint64_t unlabelled;  /* unlabelled texts its df and idf counted too (train --unlabelled) */
} feat_space;

void feat_space_finish(feat_space *fs);

/* Width of the vectors a model sees: the n-grams, the LSA embedding, or
 * both side by side (n-gram columns first). */
size_t feat_in_dim(const feat_space *fs);

/*
 * Turn a vectorised document (n-gram tf-idf, from feat_vectorize) into the
 * model's input as cfg.feature_mode says: unchanged; replaced by its unit
 * LSA embedding (columns 0..k-1); or both, each half scaled by 1/sqrt(2)
 * so the whole stays unit length, embedding in columns dim..dim+k-1.
 */
int feat_finalize(const feat_space *fs, int32_t **col, double **val, size_t *cap, size_t *nnz);
/* feat_finalize every row of x (tf-idf n-grams) in place.  @return 0 or
 * TASNIF_ENOMEM (x unchanged). */
int feat_finalize_rows(const feat_space *fs, csr *x);

/*
 * Fitting: feed every training document, then finish.  The builder keeps
 * one row of term counts per document, so the corpus text itself need not
 * stay in memory.
 */
typedef struct feat_builder feat_builder;

int feat_builder_new(const feat_config *cfg, feat_builder **out, tasnif_err *err);
void feat_builder_free(feat_builder *b);
/* Add one document's terms (from feat_doc_terms). */
int feat_builder_add(feat_builder *b, const feat_term *terms, size_t n);
/* Number of distinct terms seen so far. */
size_t feat_builder_nterms(const feat_builder *b);
/*
 * The documents added from now on are unlabelled texts: they count for the
 * document frequencies (min_df, max_features, idf: N is every document)
 * and for nothing else.  The vocabulary keeps only n-grams of a labelled
 * document, the space's df and ndocs count the labelled documents, and
 * their rows still come out of feat_builder_finish (after the labelled).
 */
void feat_builder_unlabelled_from_here(feat_builder *b);
/* Bytes the builder holds so far (term table and count rows). */
size_t feat_builder_bytes(const feat_builder *b);
/* Non-zeros (document, term) counted so far. */
size_t feat_builder_nnz(const feat_builder *b);
/*
 * Apply min_df / max_features, compute idf, weight and normalise every row.
 * On success fills *fs and *x (one row per added document, in order) and
 * the builder is spent (free it).
 */
int feat_builder_finish(feat_builder *b, feat_space *fs, csr *x, tasnif_err *err);

/*
 * Refitting on subsets (cross-validation fits the vocabulary, document
 * frequencies and idf inside each fold): every n-gram the corpus has and
 * each document's raw counts over them.
 */
typedef struct feat_raw {
    feat_config cfg;
    vocab voc;           /* every n-gram seen (empty when hashing) */
    csr counts;          /* per document: raw id (or bucket), count */
    size_t labelled;     /* rows from this one on are unlabelled texts
                          * (feat_builder_unlabelled_from_here); SIZE_MAX: none */
} feat_raw;

/* Copy the builder's raw counts (before feat_builder_finish).  @return 0
 * or TASNIF_ENOMEM. */
int feat_builder_keep_raw(feat_builder *b, feat_raw *raw);
void feat_raw_finish(feat_raw *raw);
/*
 * Fit a space on documents train[0..ntrain) only (min_df, max_features
 * and idf over them), then weight documents rows[0..n) with it into *x
 * (n-grams the space lacks are dropped, as at prediction time).  For the
 * whole corpus this is what feat_builder_finish computes.  Unlabelled
 * rows (>= raw->labelled) among train count as they do there.
 */
int feat_raw_fit(const feat_raw *raw, const size_t *train, size_t ntrain, const size_t *rows, size_t n,
                 feat_space *fs, csr *x, tasnif_err *err);

/*
 * Vectorise one document's terms in a fitted space into (col, val) pairs,
 * ascending by col.  *col / *val are grown with GROW (capacities in *cap).
 */
int feat_vectorize(const feat_space *fs, const feat_term *terms, size_t n,
                   int32_t **col, double **val, size_t *cap, size_t *nnz);

/* ---- latent semantic analysis (lsa.c) ---- */

/*
 * Truncated SVD of x (rows x d) by randomized range finding: the top k
 * right singular vectors as a feature-major projection (*proj: d x k
 * floats, proj[f * k + j]) and the k singular values (*sv, descending).
 * oversample extra directions and power iterations sharpen the estimate;
 * seed makes it reproducible.  The caller frees *proj and *sv.
 */
int lsa_fit(const csr *x, size_t d, int k, int oversample, int power, unsigned seed, float **proj,
            double **sv, tasnif_err *err);

/* e (k values) = the unit-length projection of the sparse vector (col, val). */
void lsa_embed(const float *proj, int k, const int32_t *col, const double *val, size_t nnz, double *e);

#endif
