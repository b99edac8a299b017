/*
 * params.c - the feature parameters, described once.
 *
 * Every field of feat_config has one entry: the key it is stored under in
 * a model, its range, and the command-line flag that sets it with that
 * flag's help.  The stored configuration (write, set, check), the options
 * of `tasnif train` and their --help, the messages about a bad value and
 * the flags `tasnif info` shows all come from this table.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "features.h"

static const char *const mode_names[] = {"sparse", "dense", "both", NULL};
static const char *const lead_names[] = {"unigrams", "same", NULL};

#define PA(flag, kind, key, field, def, absent, lo, hi, arg, zero, help) \
    {flag, kind, key, offsetof(feat_config, field), sizeof(((feat_config *)0)->field) == 8, def, absent, lo, hi, arg, \
     zero, help, NULL}
#define P(flag, kind, key, field, def, lo, hi, arg, zero, help) PA(flag, kind, key, field, def, def, lo, hi, arg, zero, help)
static const feat_param params[] = {
    /* the orders' defaults by cross-validation (bench/results/defaults.md);
     * above FEAT_LARGE_TEXT_MB of training text, word unigrams alone
     * (feat_config_defaults_large); a model always stores its orders */
    PA("word-ngrams", FP_ORDERS_MIN, "word_min", word_min, 1, 1, 1, FEAT_WORD_ORDER_MAX, "N|MIN-MAX", "none",
       "word n-gram orders, e.g. 1 for words alone; 1 when the training text is over " FEAT_STR(FEAT_LARGE_TEXT_MB)
       " MB and no orders are set"),
    PA("word-ngrams", FP_ORDERS_MAX, "word_max", word_max, 2, 1, 0, FEAT_WORD_ORDER_MAX, NULL, NULL, NULL),
    PA("char-ngrams", FP_ORDERS_MIN, "char_min", char_min, 3, 2, 1, FEAT_CHAR_ORDER_MAX, "N|MIN-MAX", "none",
       "character n-gram orders inside word boundaries; none when the training text is over "
       FEAT_STR(FEAT_LARGE_TEXT_MB) " MB and no orders are set"),
    PA("char-ngrams", FP_ORDERS_MAX, "char_max", char_max, 5, 0, 0, FEAT_CHAR_ORDER_MAX, NULL, NULL, NULL),
    P("no-fold-tashkeel", FP_OFF, "fold_tashkeel", fold_tashkeel, 1, 0, 1, NULL, NULL, "keep Arabic diacritics"),
    P("no-fold-tatweel", FP_OFF, "fold_tatweel", fold_tatweel, 1, 0, 1, NULL, NULL, "keep tatweel (U+0640)"),
    P("no-fold-alef", FP_OFF, "fold_alef", fold_alef, 1, 0, 1, NULL, NULL, "keep hamza/madda alef forms distinct"),
    P("no-fold-maqsura", FP_OFF, "fold_maqsura", fold_maqsura, 1, 0, 1, NULL, NULL, "keep alef maqsura distinct from ya"),
    P("no-fold-ta-marbuta", FP_OFF, "fold_ta_marbuta", fold_ta_marbuta, 1, 0, 1, NULL, NULL,
      "keep ta marbuta distinct from ha"),
    P("no-fold-digits", FP_OFF, "fold_digits", fold_digits, 1, 0, 1, NULL, NULL, "keep Arabic-Indic digits"),
    P("stem", FP_ON, "stem", stem, 0, 0, 1, NULL, NULL, "light Arabic prefix/suffix stemming"),
    P("lenient", FP_ON, "lenient", lenient, 0, 0, 1, NULL, NULL, "replace invalid UTF-8 with U+FFFD instead of failing"),
    P("tf-raw", FP_OFF, "sublinear_tf", sublinear_tf, 1, 0, 1, NULL, NULL, "raw term frequency instead of 1 + log(tf)"),
    P("no-idf", FP_OFF, "use_idf", use_idf, 1, 0, 1, NULL, NULL, "no inverse document frequency weighting"),
    P("no-l2", FP_OFF, "l2", l2, 1, 0, 1, NULL, NULL, "no L2 normalisation"),
    P("hash-bits", FP_NUMBER, "hash_bits", hash_bits, 0, 0, FEAT_HASH_BITS_MAX, "B", "vocabulary",
      "hash n-grams into 2^B buckets instead of a vocabulary"),
    P("min-df", FP_NUMBER, "min_df", min_df, 2, 1, FEAT_COUNT_MAX, "N", NULL, "keep n-grams found in at least N documents"),
    P("max-features", FP_NUMBER, "max_features", max_features, 0, 0, FEAT_COUNT_MAX, "N", "all",
      "keep the N most frequent n-grams"),
    P("max-doc-bytes", FP_NUMBER, "max_doc_bytes", max_doc_bytes, (int64_t)16 << 20, 0, FEAT_DOC_BYTES_MAX, "N", "no limit",
      "refuse longer documents"),
    P("max-vocab", FP_NUMBER, "max_vocab", max_vocab, 100000000, 1, FEAT_VOCAB_MAX, "N", NULL,
      "refuse corpora with more distinct n-grams (before --min-df)"),
    P("lsa", FP_NUMBER, "lsa_k", lsa_k, 0, 0, LSA_MAX, "K", "none",
      "add a K-dimensional LSA embedding (truncated SVD of the tf-idf matrix)"),
    {"features", FP_CHOICE, "features", offsetof(feat_config, feature_mode), 0, FEAT_SPARSE, FEAT_SPARSE, 0, 2, "MODE", NULL,
     "train on n-grams (sparse), the LSA embedding (dense) or both; default sparse, or both with --lsa", mode_names},
    /* later additions: absent from older models, whose defaults (off) apply */
    P("char-ngrams-across", FP_ORDERS_MIN, "across_min", across_min, 2, 1, FEAT_CHAR_ORDER_MAX, "N|MIN-MAX", "none",
      "character n-gram orders across word boundaries, over the words joined by single spaces (scikit-learn's "
      "analyzer=\"char\")"),
    P("char-ngrams-across", FP_ORDERS_MAX, "across_max", across_max, 0, 0, FEAT_CHAR_ORDER_MAX, NULL, NULL, NULL),
    P("clitics", FP_ON, "clitics", clitics, 0, 0, 1, NULL, NULL,
      "split Arabic clitics into tokens of their own: و ف, ب ك ل with the article, ال, pronoun endings "
      "(وبالمدينة -> و ب ال مدينة)"),
    /* the default by cross-validation (bench/results/defaults.md); a model
     * stored without the key was trained without it */
    PA("lead-words", FP_NUMBER, "lead_words", lead_words, 100, 0, 0, FEAT_COUNT_MAX, "N", "none",
       "the first N words again, as features of their own (a news article's lead)"),
    /* later still: a model without them has the lead's words at half the
     * weight; label sets default to the lead's n-grams
     * (feat_config_defaults_labelsets) */
    {"lead-ngrams", FP_CHOICE, "lead_ngrams", offsetof(feat_config, lead_ngrams), 0, FEAT_LEAD_UNIGRAMS,
     FEAT_LEAD_UNIGRAMS, 0, 1, "KIND", NULL,
     "the lead's features: unigrams (its words) or same (its word and in-word character n-grams, of the orders of "
     "the rest); default unigrams, same with --multi-label",
     lead_names},
    PA("lead-joint", FP_OFF, "lead_apart", lead_apart, 1, 0, 0, 1, NULL, NULL,
       "normalise the lead's features together with the rest of the document instead of apart (with --hash-bits "
       "they always are: buckets have no family)"),
    P("lead-share", FP_NUMBER, "lead_share", lead_share, 50, 1, 99, "PERCENT", NULL,
      "with the lead normalised apart: its percent of the vector's squared length, the rest having the remainder"),
};
#undef P
#undef PA

/* the pairs of orders are two adjacent ints, min first */
_Static_assert(offsetof(feat_config, word_max) == offsetof(feat_config, word_min) + sizeof(int), "word orders");
_Static_assert(offsetof(feat_config, char_max) == offsetof(feat_config, char_min) + sizeof(int), "char orders");
_Static_assert(offsetof(feat_config, across_max) == offsetof(feat_config, across_min) + sizeof(int), "across orders");

const feat_param *feat_params(size_t *n)
{
    *n = sizeof params / sizeof params[0];
    return params;
}

void feat_config_defaults(feat_config *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++)
        feat_param_put(c, &params[i], params[i].def);
}

void feat_config_defaults_large(feat_config *c)
{
    c->word_min = c->word_max = 1;
    c->char_max = 0;
}

void feat_config_defaults_labelsets(feat_config *c)
{
    c->lead_ngrams = FEAT_LEAD_SAME;
}

void feat_config_stored(feat_config *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++)
        feat_param_put(c, &params[i], params[i].absent);
}

int64_t feat_param_get(const feat_config *c, const feat_param *p)
{
    const char *at = (const char *)c + p->off;
    if (p->is64)
        return *(const int64_t *)(const void *)at;
    return *(const int *)(const void *)at;
}

void feat_param_put(feat_config *c, const feat_param *p, int64_t v)
{
    char *at = (char *)c + p->off;
    if (p->is64)
        *(int64_t *)(void *)at = v;
    else
        *(int *)(void *)at = (int)v;
}

/* A pair of orders as a message names it: "--word-ngrams". */
static int orders_check(const feat_config *c, const feat_param *p, tasnif_err *err)
{
    int lo = (int)feat_param_get(c, p), hi = (int)feat_param_get(c, p + 1);
    if (hi && hi < lo)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "--%s: the largest order %d is below the smallest %d (%s, %s)",
                       p->flag, hi, lo, p->key, p[1].key);
    return 0;
}

int feat_config_check(const feat_config *c, tasnif_err *err)
{
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        const feat_param *p = &params[i];
        int64_t v = feat_param_get(c, p);
        if (v < p->min || v > p->max)
            return err_set(err, TASNIF_EARG, NULL, 0, 0, "--%s: %s = %lld is out of range [%lld, %lld]", p->flag,
                           p->key, (long long)v, (long long)p->min, (long long)p->max);
        if (p->kind == FP_ORDERS_MIN && orders_check(c, p, err) < 0)
            return err->code;
    }
    if (c->word_max == 0 && c->char_max == 0 && c->across_max == 0 && c->lead_words == 0)
        return err_set(err, TASNIF_EARG, NULL, 0, 0,
                       "no features: --word-ngrams, --char-ngrams, --char-ngrams-across and --lead-words are all 0 (none)");
    if (c->feature_mode != FEAT_SPARSE && c->lsa_k == 0)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "--features dense or both needs an LSA embedding (--lsa K)");
    return 0;
}

int feat_config_write(const feat_config *c, FILE *fp)
{
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++)
        if (fprintf(fp, "%s=%lld\n", params[i].key, (long long)feat_param_get(c, &params[i])) < 0)
            return TASNIF_EIO;
    return 0;
}

int feat_config_set(feat_config *c, const char *key, const char *value)
{
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        const feat_param *p = &params[i];
        if (strcmp(key, p->key) != 0)
            continue;
        /* decimal digits, '-' for a negative number (FORMAT.md): no '+',
         * no spaces, no leading zeros but 0 itself */
        const char *d = value + (value[0] == '-');
        if (!*d || strspn(d, "0123456789") != strlen(d) || (d[0] == '0' && (d[1] || d != value)))
            return TASNIF_EARG;
        char *end;
        errno = 0;
        long long v = strtoll(value, &end, 10);
        if (errno || v < p->min || v > p->max)
            return TASNIF_EARG;
        feat_param_put(c, p, v);
        return 0;
    }
    return TASNIF_EARG;
}

/* The value of the flag of entry p ("1-2", "3", "0"); "" for a flag without
 * a value. */
void feat_param_text(const feat_config *c, const feat_param *p, char *buf, size_t cap)
{
    int64_t v = feat_param_get(c, p);
    buf[0] = '\0';
    if (p->kind == FP_ORDERS_MIN) {
        int64_t hi = feat_param_get(c, p + 1);
        /* "N" keeps the smallest order unless it is above N: only 1 alone
         * is written so */
        if (hi == 0)
            snprintf(buf, cap, "0");
        else if (hi == 1 && v == 1)
            snprintf(buf, cap, "1");
        else
            snprintf(buf, cap, "%lld-%lld", (long long)v, (long long)hi);
    } else if (p->kind == FP_NUMBER)
        snprintf(buf, cap, "%lld", (long long)v);
    else if (p->kind == FP_CHOICE && v >= 0 && v <= p->max)
        snprintf(buf, cap, "%s", p->names[v]);
}

/* Is the flag of entry p (the first entry of its flag) at its value in d? */
static int same_as(const feat_config *c, const feat_config *d, const feat_param *p)
{
    if (feat_param_get(c, p) != feat_param_get(d, p))
        return 0;
    return p->kind != FP_ORDERS_MIN || feat_param_get(c, p + 1) == feat_param_get(d, p + 1);
}

size_t feat_config_flags(const feat_config *c, int labelsets, char *buf, size_t cap)
{
    feat_config d;
    feat_config_defaults(&d);
    if (labelsets)
        feat_config_defaults_labelsets(&d);
    if (c->lsa_k)
        d.feature_mode = FEAT_BOTH; /* the default with --lsa */
    size_t len = 0;
    if (cap)
        buf[0] = '\0';
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        const feat_param *p = &params[i];
        if (p->kind == FP_ORDERS_MAX || same_as(c, &d, p))
            continue;
        /* a pair of orders that is off keeps its unused minimum */
        if (p->kind == FP_ORDERS_MIN && feat_param_get(c, p + 1) == 0 && feat_param_get(&d, p + 1) == 0)
            continue;
        char val[48];
        feat_param_text(c, p, val, sizeof val);
        int w = snprintf(buf + (len < cap ? len : cap), len < cap ? cap - len : 0, "%s--%s%s%s", len ? " " : "",
                         p->flag, val[0] ? " " : "", val);
        len += w > 0 ? (size_t)w : 0;
    }
    return len;
}
