/*
 * ctx.h - the per-thread extraction context shared by normalize.c,
 * tokenize.c and ngram.c.  Private to features/.
 */
#ifndef TASNIF_FEATURES_CTX_H
#define TASNIF_FEATURES_CTX_H

#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include "features.h"

#define FOLD_FIRST 0x0622
#define FOLD_LAST 0x06F9

struct feat_ctx {
    feat_config cfg;
    const UNormalizer2 *nfkc_cf;  /* owned by ICU, never freed */
    UBreakIterator *brk;
    int icu_only;                 /* normalise and word-break with ICU alone (TASNIF_ICU_ONLY=1) */
    uint16_t fast[0x800];         /* NFKC_Casefold + folding of U+0000-U+07FF, FOLD_DROP or NF_SLOW */
    uint16_t fast2[32 * 256];     /* the same by a two-byte sequence's bytes: (lead - 0xC0) << 8 | next */
    UChar fold[FOLD_LAST - FOLD_FIRST + 1]; /* Arabic folding of U+0622-U+06F9 (FOLD_DROP: removed) */
    UChar *u16;                   /* input as UTF-16 */
    int32_t u16_cap;
    UChar *norm;                  /* normalised UTF-16 */
    int32_t norm_cap, norm_len;
    char *tok;                    /* tokens, UTF-8, one space between */
    size_t tok_cap, tok_len;
    uint32_t *tok_at;             /* token i is tok[tok_at[2i] .. tok_at[2i+1]) */
    size_t tok_at_cap, ntok;
    char *chr;                    /* "<tok1><tok2>..." for character n-grams */
    UChar *seg;                   /* clitics: one token's pieces, folded */
    int32_t seg_cap;
    size_t chr_cap, chr_len;
    feat_term *terms;             /* distinct terms of the document */
    size_t nterms, terms_cap;
    uint32_t *bag;                /* open addressing over terms: index+1, 0 empty */
    size_t bag_slots, bag_cap;    /* slots in use (a power of two), allocated */
};

/* One part of a token split by arabic_clitics: s[0..n), pointing into the
 * token or at a static string (the article of لل). */
typedef struct clitic_piece {
    const UChar *s;
    int32_t n;
} clitic_piece;
#define CLITIC_PIECES_MAX 5

/*
 * Split the token t[0..n) (normalised, before alef, alef maqsura and ta
 * marbuta folding) into conjunction, preposition, article, stem and
 * pronoun enclitic (clitics.c).  A token holding anything but Arabic
 * letters comes back whole.  @return the number of pieces (1 to
 * CLITIC_PIECES_MAX); *stem receives the stem's index.
 */
int arabic_clitics(const UChar *t, int32_t n, clitic_piece out[CLITIC_PIECES_MAX], int *stem);

/* Word-break the normalised text into ctx->tok / tok_at (tokenize.c). */
int feat_tokenize(feat_ctx *ctx, tasnif_err *err);

#endif
