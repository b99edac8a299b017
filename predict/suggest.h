/*
 * suggest.h - which unlabelled documents to label next: the documents of
 * a pool ranked by how uncertain a model is about them, chosen greedily
 * so that one batch holds no near-duplicates.  Private.
 */
#ifndef TASNIF_SUGGEST_H
#define TASNIF_SUGGEST_H

#include "../features/corpus.h"
#include "../models/model.h"

/* How a document's usefulness is measured (suggest.c explains each). */
enum {
    SUGGEST_MARGIN = 0, /* the two best scores' gap; label sets: the distance to the nearest threshold */
    SUGGEST_ENTROPY,    /* the entropy of the probabilities (models trained with -b 1) */
    SUGGEST_RANDOM      /* a seeded random order */
};

/* @return the strategy named s ("margin", "entropy", "random"), or -1. */
int suggest_strategy_parse(const char *s);
const char *suggest_strategy_name(int strategy);

/* Documents already labelled (--exclude): the ids and the normalised texts
 * of a file.  Opaque. */
typedef struct suggest_exclude suggest_exclude;

/*
 * Read path (not "-"): every line's whole text and its first TAB-separated
 * field as ids, and every document of it read as a corpus (any format,
 * labels ignored; lines that are no document are passed over) as a
 * normalised text: its tokens under m's normalisation and tokenisation,
 * space-separated.  @return 0 with *out set (free with
 * suggest_exclude_free), or a negative code with err naming the file.
 */
int suggest_exclude_load(const tasnif_model *m, const char *path, int64_t max_line, suggest_exclude **out,
                         tasnif_err *err);
void suggest_exclude_free(suggest_exclude *x);
/* How many distinct ids and texts x holds. */
void suggest_exclude_counts(const suggest_exclude *x, size_t *ids, size_t *texts);

typedef struct suggest_opts {
    int strategy;          /* SUGGEST_MARGIN, SUGGEST_ENTROPY or SUGGEST_RANDOM */
    size_t n;              /* documents to choose, >= 1 */
    double diversity;      /* lambda, the weight of the similarity penalty; 0: none */
    size_t candidates;     /* the most useful documents the batch is chosen
                              from; 0: 10 n */
    unsigned seed;         /* SUGGEST_RANDOM's order */
    int threads;           /* feature extraction threads, >= 1 */
    int skip_bad;          /* pass over bad documents (counted) instead of stopping */
    int64_t max_line;
    const suggest_exclude *exclude; /* or NULL */
    const corpus_spec *spec;        /* the documents' fields, or NULL (defaults) */
} suggest_opts;

/* One chosen document. */
typedef struct suggest_item {
    char *id;              /* the corpus's id, else FILE:LINE, or FILE for a document per file */
    char *words;           /* its first words (up to 120 bytes, whole characters) */
    char *text;            /* its whole text */
    size_t order;          /* its place in the pool, 0-based */
    int label;             /* the model's best label */
    double score;          /* its score (probability with -b 1, else decision value) */
    unsigned char *chosen; /* label sets: the model's set (a flag per label), else NULL */
    double value;          /* margin, entropy or distance to the threshold (random: the draw) */
    int other;             /* margin: the runner-up label; label sets: the label nearest its threshold; else -1 */
    double other_score;    /* that label's score (label sets: its decision value) */
    double rank;           /* place by usefulness among the candidates / their number, in [0, 1) */
    double similarity;     /* the largest cosine to a document chosen before it */
    long similar_to;       /* the index (in the result) of that document, or -1 */
    double cost;           /* rank + diversity * similarity, the quantity minimised */
} suggest_item;

typedef struct suggest_result {
    suggest_item *items;   /* in the order chosen */
    size_t n;
    size_t pool;           /* documents read */
    size_t excluded_id;    /* left out: the id was given */
    size_t excluded_text;  /* left out: the same normalised text was given */
    size_t skipped;        /* bad documents passed over */
    size_t candidates;     /* documents the batch was chosen from */
    tasnif_err first_bad;  /* the first bad document's error, when skipped */
} suggest_result;

/*
 * Read the pool (paths[0..npaths), format fmt, labels ignored), score each
 * document with m, keep the o->candidates most useful and choose o->n of
 * them greedily (suggest.c has the formula).  Bad documents stop the run
 * with err naming FILE:LINE, unless o->skip_bad.  Deterministic: the same
 * pool, model and options give the same result whatever the threads.
 * @return 0 with *res filled (free with suggest_result_finish), or a
 * negative code.
 */
int suggest_run(const tasnif_model *m, const char *const *paths, int npaths, corpus_format fmt,
                const suggest_opts *o, suggest_result *res, tasnif_err *err);
void suggest_result_finish(suggest_result *res);

#endif
