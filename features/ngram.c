/*
 * ngram.c - the distinct word and character n-grams of one document.
 *
 * Word n-grams are runs of 1..N consecutive tokens joined by one space.
 * Character n-grams follow fastText's subwords (Bojanowski et al. 2017):
 * each token is wrapped in boundary markers '<' and '>' and every run of
 * min..max code points inside the wrapped token is a feature; a lone marker
 * is never one.  Character n-grams across words are scikit-learn's
 * analyzer="char" over the normalised text: every run of min..max code
 * points of the tokens joined by single spaces, crossing word boundaries
 * (no markers, no padding at the ends).  The three families live in
 * separate key spaces (each key starts with a family byte), so the word
 * "ab", the character gram "ab" and the gram "ab" across words stay
 * distinct.  A document's lead (its first lead_words tokens) adds its
 * words again, or its word and in-word character n-grams of the same
 * orders, as families of their own (FEAT_LEAD, FEAT_LEAD_CHAR).
 */
#include <stdlib.h>
#include <string.h>
#include "ctx.h"

const char *feat_family_name(int family)
{
    switch (family) {
    case FEAT_WORD: return "word";
    case FEAT_CHAR: return "char";
    case FEAT_ACROSS: return "across";
    case FEAT_LEAD: return "lead";
    case FEAT_LEAD_CHAR: return "lead-char";
    default: return "?";
    }
}

static int bag_reset(feat_ctx *c, size_t expect)
{
    c->nterms = 0;
    size_t want = 64;
    while (want < expect * 2)
        want *= 2;
    /* a table sized for this document: clearing the largest one any
     * earlier document needed would cost more than the counting */
    if (want > c->bag_cap) {
        uint32_t *p = realloc(c->bag, want * sizeof *p);
        if (!p)
            return TASNIF_ENOMEM;
        c->bag = p;
        c->bag_cap = want;
    }
    c->bag_slots = want;
    memset(c->bag, 0, c->bag_slots * sizeof *c->bag);
    return 0;
}

static int bag_grow(feat_ctx *c)
{
    size_t n = c->bag_slots * 2;
    uint32_t *p = c->bag;
    if (n > c->bag_cap) {
        p = realloc(c->bag, n * sizeof *p);
        if (!p)
            return TASNIF_ENOMEM;
        c->bag = p;
        c->bag_cap = n;
    }
    memset(p, 0, n * sizeof *p);
    c->bag_slots = n;
    for (size_t i = 0; i < c->nterms; i++) {
        size_t s = (size_t)c->terms[i].hash & (n - 1);
        while (p[s])
            s = (s + 1) & (n - 1);
        p[s] = (uint32_t)(i + 1);
    }
    return 0;
}

/* Count one occurrence of the key family + s[0..n). */
static int bag_add(feat_ctx *c, int family, const char *s, size_t n)
{
    uint64_t h = hash_bytes(s, n, (uint64_t)family);
    size_t mask = c->bag_slots - 1, i = (size_t)h & mask;
    for (uint32_t t; (t = c->bag[i]); i = (i + 1) & mask) {
        feat_term *ft = &c->terms[t - 1];
        if (ft->hash == h && ft->len == n && ft->family == family && bytes_eq(ft->key, s, n)) {
            ft->count++;
            return 0;
        }
    }
    if (c->nterms >= UINT32_MAX - 1)
        return TASNIF_ELIMIT;
    if (GROW(c->terms, c->terms_cap, c->nterms + 1) < 0)
        return TASNIF_ENOMEM;
    c->terms[c->nterms] = (feat_term){.hash = h, .key = s, .len = (uint32_t)n, .count = 1, .family = family};
    c->bag[i] = (uint32_t)++c->nterms;
    if (c->nterms * 2 > c->bag_slots)
        return bag_grow(c);
    return 0;
}

/* Word lo..hi-grams of the first ntok tokens as family. */
static int word_ngrams(feat_ctx *c, size_t ntok, int family, int lo, int hi)
{
    for (size_t i = 0; i < ntok; i++)
        for (int n = lo; n <= hi && i + (size_t)n <= ntok; n++) {
            uint32_t b = c->tok_at[2 * i], e = c->tok_at[2 * (i + (size_t)n - 1) + 1];
            int rc = bag_add(c, family, c->tok + b, e - b);
            if (rc < 0)
                return rc;
        }
    return 0;
}

static size_t lead_len(const feat_ctx *c)
{
    return c->ntok < (size_t)c->cfg.lead_words ? c->ntok : (size_t)c->cfg.lead_words;
}

static inline size_t next_cp(const char *s, size_t i, size_t end)
{
    i++;
    while (i < end && ((unsigned char)s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

int feat_word_char_ngrams(const feat_config *cfg, const char *padded, size_t len,
                          int (*fn)(void *user, const char *key, size_t n), void *user)
{
    for (size_t p = 0; p < len; p = next_cp(padded, p, len)) {
        size_t q = p;
        for (int n = 1; n <= cfg->char_max && q < len; n++) {
            q = next_cp(padded, q, len);
            if (n < cfg->char_min)
                continue;
            if (n == 1 && (padded[p] == '<' || padded[p] == '>'))
                continue;
            int rc = fn(user, padded + p, q - p);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

static int add_char(void *user, const char *key, size_t n)
{
    return bag_add(user, FEAT_CHAR, key, n);
}

static int add_lead_char(void *user, const char *key, size_t n)
{
    return bag_add(user, FEAT_LEAD_CHAR, key, n);
}

/* Every token wrapped in '<' '>', one after the other, into ctx->chr (the
 * character n-grams' keys point into it), and the in-word character
 * n-grams of each. */
static int char_ngrams(feat_ctx *c)
{
    c->chr_len = 0;
    if (GROW(c->chr, c->chr_cap, c->tok_len + 2 * c->ntok + 1) < 0)
        return TASNIF_ENOMEM;
    for (size_t t = 0; t < c->ntok; t++) {
        uint32_t b = c->tok_at[2 * t], e = c->tok_at[2 * t + 1];
        size_t start = c->chr_len;
        c->chr[c->chr_len++] = '<';
        memcpy(c->chr + c->chr_len, c->tok + b, e - b);
        c->chr_len += e - b;
        c->chr[c->chr_len++] = '>';
        int rc = feat_word_char_ngrams(&c->cfg, c->chr + start, c->chr_len - start, add_char, c);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The lead's in-word character n-grams, over the wrapped tokens that
 * char_ngrams left at the start of ctx->chr. */
static int lead_char_ngrams(feat_ctx *c)
{
    size_t n = lead_len(c), start = 0;
    for (size_t t = 0; t < n; t++) {
        size_t plen = c->tok_at[2 * t + 1] - c->tok_at[2 * t] + 2;
        int rc = feat_word_char_ngrams(&c->cfg, c->chr + start, plen, add_lead_char, c);
        if (rc < 0)
            return rc;
        start += plen;
    }
    return 0;
}

/* Every run of across_min..across_max code points of ctx->tok, the tokens
 * joined by single spaces. */
static int across_ngrams(feat_ctx *c)
{
    const feat_config *cfg = &c->cfg;
    const char *s = c->tok;
    size_t end = c->tok_len;
    for (size_t p = 0; p < end; p = next_cp(s, p, end)) {
        size_t q = p;
        for (int n = 1; n <= cfg->across_max && q < end; n++) {
            q = next_cp(s, q, end);
            if (n < cfg->across_min)
                continue;
            int rc = bag_add(c, FEAT_ACROSS, s + p, q - p);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

int feat_doc_terms(feat_ctx *c, const char *text, size_t len,
                   const char *file, long line,
                   const feat_term **terms, size_t *nterms, tasnif_err *err)
{
    int rc = feat_normalize(c, text, len, file, line, err);
    if (rc < 0)
        return rc;
    rc = feat_tokenize(c, err);
    if (rc < 0)
        return rc;
    size_t expect = 0;
    if (c->cfg.word_max > 0)
        expect += c->ntok * (size_t)(c->cfg.word_max - c->cfg.word_min + 1);
    if (c->cfg.char_max > 0)
        expect += c->tok_len * (size_t)(c->cfg.char_max - c->cfg.char_min + 1);
    if (c->cfg.across_max > 0)
        expect += c->tok_len * (size_t)(c->cfg.across_max - c->cfg.across_min + 1);
    expect += lead_len(c);
    if (bag_reset(c, expect / 2 + 16) < 0)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    if (c->cfg.word_max > 0 && (rc = word_ngrams(c, c->ntok, FEAT_WORD, c->cfg.word_min, c->cfg.word_max)) < 0)
        return err_set(err, rc, file, line, 0, "%s", tasnif_strerror(rc));
    if (c->cfg.char_max > 0 && (rc = char_ngrams(c)) < 0)
        return err_set(err, rc, file, line, 0, "%s", tasnif_strerror(rc));
    if (c->cfg.across_max > 0 && (rc = across_ngrams(c)) < 0)
        return err_set(err, rc, file, line, 0, "%s", tasnif_strerror(rc));
    if (c->cfg.lead_words > 0) {
        /* the lead's words, or its word n-grams of the rest's orders */
        if (c->cfg.lead_ngrams == FEAT_LEAD_UNIGRAMS)
            rc = word_ngrams(c, lead_len(c), FEAT_LEAD, 1, 1);
        else if (c->cfg.word_max > 0)
            rc = word_ngrams(c, lead_len(c), FEAT_LEAD, c->cfg.word_min, c->cfg.word_max);
        if (rc == 0 && c->cfg.lead_ngrams == FEAT_LEAD_SAME && c->cfg.char_max > 0)
            rc = lead_char_ngrams(c);
        if (rc < 0)
            return err_set(err, rc, file, line, 0, "%s", tasnif_strerror(rc));
    }
    *terms = c->terms;
    *nterms = c->nterms;
    return 0;
}
