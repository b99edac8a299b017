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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include "ctx.h"

static void fast_tables(feat_ctx *c);

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
    /* for the tests that hold the fast paths against ICU alone */
    const char *icu = getenv("TASNIF_ICU_ONLY");
    c->icu_only = icu && strcmp(icu, "1") == 0;
    fast_tables(c);
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
    free(c->seg);
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

/* One code unit after Arabic folding: itself, another, or FOLD_DROP. */
#define FOLD_DROP 0xFFFE
static UChar fold_one(const feat_config *cfg, UChar c)
{
    if (c < 0x0622 || c > 0x06F9)
        return c;
    if (cfg->fold_tashkeel && ((c >= 0x064B && c <= 0x065F) || c == 0x0670))
        return FOLD_DROP;
    if (cfg->fold_tatweel && c == 0x0640)
        return FOLD_DROP;
    if (cfg->fold_alef && (c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671))
        return 0x0627;
    if (cfg->fold_maqsura && c == 0x0649)
        return 0x064A;
    if (cfg->fold_ta_marbuta && c == 0x0629)
        return 0x0647;
    if (cfg->fold_digits && c >= 0x0660 && c <= 0x0669)
        return (UChar)('0' + (c - 0x0660));
    if (cfg->fold_digits && c >= 0x06F0 && c <= 0x06F9)
        return (UChar)('0' + (c - 0x06F0));
    return c;
}

/* Apply the Arabic folding in place; @return the new length. */
static int32_t fold_arabic(const feat_ctx *c, UChar *s, int32_t n)
{
    int32_t j = 0;
    for (int32_t i = 0; i < n; i++) {
        UChar u = s[i];
        if (u >= FOLD_FIRST && u <= FOLD_LAST) {
            u = c->fold[u - FOLD_FIRST];
            if (u == FOLD_DROP)
                continue;
        }
        s[j++] = u;
    }
    return j;
}

/*
 * The fast path of normalisation.  A code point below U+0800 (one or two
 * UTF-8 bytes) that always has a normalisation boundary before it
 * (unorm2_hasBoundaryBefore) and whose NFKC_Casefold is at most one code
 * unit is looked up in a table; the text splits into independent pieces at
 * each such boundary, so the table's answers and ICU's output for the
 * stretches between them concatenate to what ICU gives for the whole text.
 * A stretch that needs ICU starts at the character before it (which may
 * combine with what follows) and ends before the next table character.
 */
#define NF_TABLE 0x800
#define NF_SLOW 0xFFFF
static uint16_t nf_table[NF_TABLE]; /* NFKC_Casefold, FOLD_DROP, or NF_SLOW */
static pthread_once_t nf_once = PTHREAD_ONCE_INIT;

static void nf_init(void)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *n2 = unorm2_getNFKCCasefoldInstance(&st);
    for (UChar32 u = 0; u < NF_TABLE; u++) {
        nf_table[u] = NF_SLOW;
        if (U_FAILURE(st) || !unorm2_hasBoundaryBefore(n2, u))
            continue;
        UChar in = (UChar)u, out[8];
        UErrorCode s2 = U_ZERO_ERROR;
        int32_t n = unorm2_normalize(n2, &in, 1, out, 8, &s2);
        if (U_SUCCESS(s2) && n <= 1)
            nf_table[u] = n == 0 ? FOLD_DROP : out[0];
    }
}

static void fast_tables(feat_ctx *c)
{
    /* clitic segmentation needs the letters these folds merge: the
     * tokeniser folds them in each piece instead */
    feat_config f = c->cfg;
    if (f.clitics)
        f.fold_alef = f.fold_maqsura = f.fold_ta_marbuta = 0;
    for (UChar u = FOLD_FIRST; u <= FOLD_LAST; u++)
        c->fold[u - FOLD_FIRST] = fold_one(&f, u);
    pthread_once(&nf_once, nf_init);
    for (int u = 0; u < NF_TABLE; u++) {
        uint16_t t = nf_table[u];
        c->fast[u] = t == NF_SLOW || t == FOLD_DROP ? t : fold_one(&f, t);
    }
    /* by the two bytes of a sequence led by 0xC0-0xDF: NF_SLOW for the
     * overlong leads 0xC0 and 0xC1 and for a second byte that is not a
     * continuation byte */
    for (int b = 0xC0; b <= 0xDF; b++)
        for (int x = 0; x < 256; x++)
            c->fast2[(b - 0xC0) << 8 | x] =
                b >= 0xC2 && (x & 0xC0) == 0x80 ? c->fast[(b & 0x1F) << 6 | (x & 0x3F)] : NF_SLOW;
}

/* Does a character of the fast table start at s[p]? */
static inline int fast_at(const feat_ctx *c, const unsigned char *s, size_t p, size_t len)
{
    unsigned b = s[p];
    if (b < 0x80)
        return c->fast[b] != NF_SLOW;
    if (b >= 0xC2 && b <= 0xDF && p + 1 < len && (s[p + 1] & 0xC0) == 0x80)
        return c->fast[((b & 0x1F) << 6) | (s[p + 1] & 0x3F)] != NF_SLOW;
    return 0;
}

/* Convert, normalise and fold text[0..len) with ICU, appending at
 * c->norm + *o; room is left for rest more units. */
static int icu_piece(feat_ctx *c, const char *text, size_t len, int32_t *o, size_t rest, const char *whole,
                     size_t whole_len, const char *file, long line, tasnif_err *err)
{
    int rc = grow_u16(&c->u16, &c->u16_cap, (int64_t)len + 1);
    if (rc < 0)
        return err_set(err, rc, file, line, 0, "%s", tasnif_strerror(rc));
    /* ICU validates while converting: strict mode asks it to stop at the
     * first ill-formed sequence (and then finds its offset in the whole
     * text), lenient mode to substitute U+FFFD for each maximal subpart */
    UErrorCode st = U_ZERO_ERROR;
    int32_t n16 = 0, subs = 0;
    u_strFromUTF8WithSub(c->u16, c->u16_cap, &n16, text, (int32_t)len, c->cfg.lenient ? 0xFFFD : U_SENTINEL,
                         &subs, &st);
    if (st == U_INVALID_CHAR_FOUND) {
        size_t bad = 0;
        utf8_check(whole, whole_len, &bad);
        return err_set(err, TASNIF_EUTF8, file, line, (long)bad + 1,
                       "invalid UTF-8 at byte %zu (use --lenient to replace invalid bytes with U+FFFD)", bad + 1);
    }
    if (U_FAILURE(st))
        return err_set(err, TASNIF_EICU, file, line, 0, "UTF-8 to UTF-16: %s", u_errorName(st));
    int32_t n;
    for (;;) {
        st = U_ZERO_ERROR;
        n = unorm2_normalize(c->nfkc_cf, c->u16, n16, c->norm + *o, c->norm_cap - *o, &st);
        if (st == U_BUFFER_OVERFLOW_ERROR) {
            rc = grow_u16(&c->norm, &c->norm_cap, (int64_t)*o + n + 1);
            if (rc < 0)
                return err_set(err, rc, file, line, 0, "%s", tasnif_strerror(rc));
            continue;
        }
        break;
    }
    if (U_FAILURE(st) && st != U_STRING_NOT_TERMINATED_WARNING)
        return err_set(err, TASNIF_EICU, file, line, 0, "ICU normalisation: %s", u_errorName(st));
    *o += fold_arabic(c, c->norm + *o, n);
    rc = grow_u16(&c->norm, &c->norm_cap, (int64_t)*o + (int64_t)rest + 1);
    if (rc < 0)
        return err_set(err, rc, file, line, 0, "%s", tasnif_strerror(rc));
    return 0;
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
    int rc = grow_u16(&c->norm, &c->norm_cap, (int64_t)len + 1);
    if (rc < 0)
        return err_set(err, rc, file, line, 0, "%s", tasnif_strerror(rc));
    int32_t o = 0;
    c->norm_len = 0;
    if (c->icu_only) {
        if ((rc = icu_piece(c, text, len, &o, 0, text, len, file, line, err)) < 0)
            return rc;
        c->norm_len = o;
        return 0;
    }
    const unsigned char *s = (const unsigned char *)text;
    const uint16_t *fast = c->fast;
    UChar *out = c->norm;
    size_t p = 0, resume = 0; /* resume: where ICU's last stretch ended */
    while (p < len) {
        unsigned b = s[p];
        uint16_t t;
        if (b < 0x80) {
            if ((t = fast[b]) == NF_SLOW)
                goto slow;
            p++;
        } else if (b - 0xC0 <= 0xDF - 0xC0 && p + 1 < len) {
            if ((t = c->fast2[(b - 0xC0) << 8 | s[p + 1]]) == NF_SLOW)
                goto slow;
            p += 2;
        } else
            goto slow;
        out[o] = t;
        o += t != FOLD_DROP;
        continue;
    slow:;
        /* ICU from the character before p (when the table gave it: it
         * may combine with what follows) up to the next table character */
        size_t from = p, q = p + 1;
        if (p > resume) {
            from = s[p - 1] < 0x80 ? p - 1 : p - 2;
            unsigned u = s[from] < 0x80 ? s[from] : ((s[from] & 0x1Fu) << 6) | (s[from + 1] & 0x3Fu);
            o -= fast[u] != FOLD_DROP;
        }
        while (q < len && !fast_at(c, s, q, len))
            q++;
        if ((rc = icu_piece(c, text + from, q - from, &o, len - q, text, len, file, line, err)) < 0)
            return rc;
        out = c->norm;
        p = resume = q;
    }
    c->norm_len = o;
    return 0;
}
