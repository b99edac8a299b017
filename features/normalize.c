/*
 * normalize.c - Unicode normalisation with ICU, then Arabic orthographic
 * folding.
 *
 * ICU's NFKC_Casefold normaliser performs NFKC, full Unicode case folding
 * and removal of default-ignorable code points in one pass (UTS #15 and the
 * Unicode NFKC_Casefold property).  The Arabic folding that follows is the
 * usual orthographic normalisation of Arabic retrieval (e.g. Larkey,
 * Ballesteros & Connell 2002): diacritics and tatweel removed, hamza-carrying
 * alef forms unified, alef maqsura and ta marbuta merged with ya and ha,
 * Arabic-Indic digits mapped to ASCII.  Each step is switchable.  Letters
 * specific to Persian and Urdu (e.g. U+06A9 keheh, U+06CC Farsi yeh) are
 * left intact.
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include "ctx.h"

int feat_ctx_new(const feat_config *cfg, feat_ctx **out, tasnif_err *err)
{
    feat_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    c->cfg = *cfg;
    UErrorCode st = U_ZERO_ERROR;
    c->nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
    if (U_FAILURE(st)) {
        free(c);
        return err_set(err, TASNIF_EICU, NULL, 0, 0, "ICU normaliser: %s", u_errorName(st));
    }
    st = U_ZERO_ERROR;
    c->brk = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
    if (U_FAILURE(st)) {
        free(c);
        return err_set(err, TASNIF_EICU, NULL, 0, 0, "ICU word break: %s", u_errorName(st));
    }
    /* for the tests that hold the fast word break against ICU's */
    const char *wb = getenv("TASNIF_WORDBREAK");
    c->icu_only = wb && strcmp(wb, "icu") == 0;
    *out = c;
    return 0;
}

void feat_ctx_free(feat_ctx *c)
{
    if (!c)
        return;
    if (c->brk)
        ubrk_close(c->brk);
    free(c->u16);
    free(c->norm);
    free(c->tok);
    free(c->tok_at);
    free(c->chr);
    free(c->terms);
    free(c->bag);
    free(c);
}

static int grow_u16(UChar **buf, int32_t *cap, int64_t need)
{
    if (need > INT32_MAX)
        return TASNIF_ELIMIT;
    if (need <= *cap)
        return 0;
    int64_t c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    if (c > INT32_MAX)
        c = INT32_MAX;
    UChar *p = realloc(*buf, (size_t)c * sizeof *p);
    if (!p)
        return TASNIF_ENOMEM;
    *buf = p;
    *cap = (int32_t)c;
    return 0;
}

/* Apply the Arabic folding switches in place; @return the new length. */
static int32_t fold_arabic(const feat_config *cfg, UChar *s, int32_t n)
{
    int32_t j = 0;
    for (int32_t i = 0; i < n; i++) {
        UChar c = s[i];
        if (c >= 0x0622 && c <= 0x06F9) {
            if (cfg->fold_tashkeel && ((c >= 0x064B && c <= 0x065F) || c == 0x0670))
                continue;
            if (cfg->fold_tatweel && c == 0x0640)
                continue;
            if (cfg->fold_alef && (c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671))
                c = 0x0627;
            else if (cfg->fold_maqsura && c == 0x0649)
                c = 0x064A;
            else if (cfg->fold_ta_marbuta && c == 0x0629)
                c = 0x0647;
            else if (cfg->fold_digits && c >= 0x0660 && c <= 0x0669)
                c = (UChar)('0' + (c - 0x0660));
            else if (cfg->fold_digits && c >= 0x06F0 && c <= 0x06F9)
                c = (UChar)('0' + (c - 0x06F0));
        }
        s[j++] = c;
    }
    return j;
}

int feat_normalize(feat_ctx *c, const char *text, size_t len,
                   const char *file, long line, tasnif_err *err)
{
    if (c->cfg.max_doc_bytes > 0 && (int64_t)len > c->cfg.max_doc_bytes)
        return err_set(err, TASNIF_ELIMIT, file, line, 0,
                       "document of %zu bytes is longer than the limit of %lld bytes (--max-doc-bytes)",
                       len, (long long)c->cfg.max_doc_bytes);
    if (len > (size_t)INT32_MAX / 4)
        return err_set(err, TASNIF_ELIMIT, file, line, 0, "document of %zu bytes is too long", len);
    /* ICU validates while converting: strict mode asks it to stop at the
     * first ill-formed sequence (and then finds its offset), lenient mode
     * to substitute U+FFFD for each maximal subpart */
    int rc = grow_u16(&c->u16, &c->u16_cap, (int64_t)len + 1);
    if (rc < 0)
        return err_set(err, rc, file, line, 0, "%s", tasnif_strerror(rc));
    UErrorCode st = U_ZERO_ERROR;
    int32_t n16 = 0, subs = 0;
    u_strFromUTF8WithSub(c->u16, c->u16_cap, &n16, text, (int32_t)len, c->cfg.lenient ? 0xFFFD : U_SENTINEL,
                         &subs, &st);
    if (st == U_INVALID_CHAR_FOUND) {
        size_t bad = 0;
        utf8_check(text, len, &bad);
        return err_set(err, TASNIF_EUTF8, file, line, (long)bad + 1,
                       "invalid UTF-8 at byte %zu (use --lenient to replace invalid bytes with U+FFFD)", bad + 1);
    }
    if (U_FAILURE(st))
        return err_set(err, TASNIF_EICU, file, line, 0, "UTF-8 to UTF-16: %s", u_errorName(st));
    for (;;) {
        st = U_ZERO_ERROR;
        c->norm_len = unorm2_normalize(c->nfkc_cf, c->u16, n16, c->norm, c->norm_cap, &st);
        if (st == U_BUFFER_OVERFLOW_ERROR || (c->norm_cap == 0 && c->norm_len >= 0 && st == U_ZERO_ERROR && c->norm == NULL)) {
            rc = grow_u16(&c->norm, &c->norm_cap, (int64_t)c->norm_len + 1);
            if (rc < 0)
                return err_set(err, rc, file, line, 0, "%s", tasnif_strerror(rc));
            continue;
        }
        break;
    }
    if (U_FAILURE(st) && st != U_STRING_NOT_TERMINATED_WARNING)
        return err_set(err, TASNIF_EICU, file, line, 0, "ICU normalisation: %s", u_errorName(st));
    c->norm_len = fold_arabic(&c->cfg, c->norm, c->norm_len);
    return 0;
}
