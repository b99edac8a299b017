/*
 * tokenize.c - word segmentation with ICU's word break iterator (UAX #29
 * plus ICU's dictionaries for scripts written without spaces), keeping the
 * segments ICU tags as letters, numbers, kana or ideographs and dropping
 * spaces and punctuation.
 *
 * Optional light stemming for Arabic tokens follows Larkey, Ballesteros &
 * Connell's "light10" (SIGIR 2002) in spirit: strip a leading conjunction
 * and definite article, then common suffixes, never below two letters.
 * Deviation: prepositions b/k/l are stripped only when fused with the
 * article (bal-, kal-, lil-), because alone they begin too many stems.
 */
#include <string.h>
#include "ctx.h"

static int is_arabic_letter(UChar c)
{
    return c >= 0x0621 && c <= 0x064A;
}

static int has_prefix(const UChar *s, int32_t n, const UChar *p, int32_t k)
{
    return n >= k && memcmp(s, p, (size_t)k * sizeof *s) == 0;
}

static int has_suffix(const UChar *s, int32_t n, const UChar *p, int32_t k)
{
    return n >= k && memcmp(s + n - k, p, (size_t)k * sizeof *s) == 0;
}

/* Stem the token s[*b .. *e) by moving *b and *e. */
static void stem_arabic(const UChar *s, int32_t *b, int32_t *e)
{
    /* fused article forms, longest first; all need two letters left */
    static const UChar prefixes[][3] = {
        {0x0648, 0x0627, 0x0644}, /* wal- */
        {0x0641, 0x0627, 0x0644}, /* fal- */
        {0x0628, 0x0627, 0x0644}, /* bal- */
        {0x0643, 0x0627, 0x0644}, /* kal- */
        {0x0644, 0x0644, 0},      /* lil- */
        {0x0627, 0x0644, 0},      /* al- */
    };
    static const UChar suffixes[][2] = {
        {0x0647, 0x0627}, /* -ha */
        {0x0627, 0x0646}, /* -an */
        {0x0627, 0x062A}, /* -at */
        {0x0648, 0x0646}, /* -wn */
        {0x064A, 0x0646}, /* -yn */
        {0x064A, 0x0647}, /* -yh */
        {0x064A, 0x0629}, /* -y + ta marbuta */
        {0x0647, 0},      /* -h */
        {0x0629, 0},      /* ta marbuta */
        {0x064A, 0},      /* -y */
    };
    const UChar *t = s + *b;
    int32_t n = *e - *b;
    for (int32_t i = 0; i < n; i++)
        if (!is_arabic_letter(t[i]))
            return;
    int stripped = 0;
    for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0] && !stripped; k++) {
        int32_t len = prefixes[k][2] ? 3 : 2;
        if (n - len >= 2 && has_prefix(t, n, prefixes[k], len)) {
            t += len;
            n -= len;
            stripped = 1;
        }
    }
    /* a bare conjunction waw, as light10 does, when three letters remain */
    if (!stripped && n > 3 && t[0] == 0x0648) {
        t++;
        n--;
    }
    for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
        int32_t len = suffixes[k][1] ? 2 : 1;
        if (n - len >= 2 && has_suffix(t, n, suffixes[k], len))
            n -= len;
    }
    *b = (int32_t)(t - s);
    *e = *b + n;
}

/* Append UTF-16 s[b..e) to ctx->tok as UTF-8.  The input comes from
 * validated UTF-8, so surrogates are always paired. */
static int put_utf8(feat_ctx *c, const UChar *s, int32_t b, int32_t e)
{
    if (GROW(c->tok, c->tok_cap, c->tok_len + (size_t)(e - b) * 3 + 2) < 0)
        return TASNIF_ENOMEM;
    char *o = c->tok + c->tok_len;
    for (int32_t i = b; i < e; i++) {
        uint32_t u = s[i];
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < e && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            u = 0x10000 + ((u - 0xD800) << 10) + (uint32_t)(s[i + 1] - 0xDC00);
            i++;
        } else if (u >= 0xD800 && u <= 0xDFFF)
            u = 0xFFFD;
        o += utf8_encode(u, o);
    }
    c->tok_len = (size_t)(o - c->tok);
    return 0;
}

int feat_tokenize(feat_ctx *c, tasnif_err *err)
{
    c->tok_len = 0;
    c->ntok = 0;
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(c->brk, c->norm, c->norm_len, &st);
    if (U_FAILURE(st))
        return err_set(err, TASNIF_EICU, NULL, 0, 0, "ICU word break: %s", u_errorName(st));
    int32_t b = ubrk_first(c->brk);
    for (int32_t e = ubrk_next(c->brk); e != UBRK_DONE; b = e, e = ubrk_next(c->brk)) {
        if (ubrk_getRuleStatus(c->brk) < UBRK_WORD_NONE_LIMIT)
            continue;
        int32_t tb = b, te = e;
        if (c->cfg.stem)
            stem_arabic(c->norm, &tb, &te);
        if (c->ntok && GROW(c->tok, c->tok_cap, c->tok_len + 1) == 0)
            c->tok[c->tok_len++] = ' ';
        if (GROW(c->tok_at, c->tok_at_cap, 2 * c->ntok + 2) < 0)
            return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        size_t start = c->tok_len;
        if (put_utf8(c, c->norm, tb, te) < 0)
            return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        if (c->tok_len > UINT32_MAX)
            return err_set(err, TASNIF_ELIMIT, NULL, 0, 0, "document too long");
        c->tok_at[2 * c->ntok] = (uint32_t)start;
        c->tok_at[2 * c->ntok + 1] = (uint32_t)c->tok_len;
        c->ntok++;
    }
    if (GROW(c->tok, c->tok_cap, c->tok_len + 1) < 0)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    c->tok[c->tok_len] = '\0';
    return 0;
}

const char *feat_ctx_tokens(const feat_ctx *c, size_t *len)
{
    *len = c->tok_len;
    return c->tok ? c->tok : "";
}
