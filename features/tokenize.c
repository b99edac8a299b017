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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
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

/* Append the token src[b..e) to ctx->tok / tok_at.  bmp: no unit is a
 * surrogate (the fast path's tokens, all below U+2070), so each is
 * encoded here without checks. */
static inline __attribute__((always_inline)) int put_token(feat_ctx *c, const UChar *src, int32_t b, int32_t e,
                                                           int bmp, tasnif_err *err)
{
    if (2 * c->ntok + 2 > c->tok_at_cap && GROW(c->tok_at, c->tok_at_cap, 2 * c->ntok + 2) < 0)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    size_t need = c->tok_len + (size_t)(e - b) * 3 + 2;
    if (need > c->tok_cap && GROW(c->tok, c->tok_cap, need) < 0)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    if (c->ntok)
        c->tok[c->tok_len++] = ' ';
    size_t start = c->tok_len;
    if (bmp) {
        unsigned char *o = (unsigned char *)c->tok + c->tok_len;
        for (const UChar *u = src + b, *end = src + e; u < end; u++) {
            unsigned x = *u;
            if (x - 0x80 < 0x800 - 0x80) {
                o[0] = (unsigned char)(0xC0 | (x >> 6));
                o[1] = (unsigned char)(0x80 | (x & 0x3F));
                o += 2;
            } else if (x < 0x80)
                *o++ = (unsigned char)x;
            else {
                o[0] = (unsigned char)(0xE0 | (x >> 12));
                o[1] = (unsigned char)(0x80 | ((x >> 6) & 0x3F));
                o[2] = (unsigned char)(0x80 | (x & 0x3F));
                o += 3;
            }
        }
        c->tok_len = (size_t)((char *)o - c->tok);
    } else if (put_utf8(c, src, b, e) < 0)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    if (c->tok_len > UINT32_MAX)
        return err_set(err, TASNIF_ELIMIT, NULL, 0, 0, "document too long");
    c->tok_at[2 * c->ntok] = (uint32_t)start;
    c->tok_at[2 * c->ntok + 1] = (uint32_t)c->tok_len;
    c->ntok++;
    return 0;
}

/* The folds that clitic segmentation defers (normalize.c leaves them out
 * of its tables when cfg.clitics is set), as normalize.c's fold_one. */
static inline UChar late_fold(const feat_config *cfg, UChar u)
{
    if (cfg->fold_alef && (u == 0x0622 || u == 0x0623 || u == 0x0625 || u == 0x0671))
        return 0x0627;
    if (cfg->fold_maqsura && u == 0x0649)
        return 0x064A;
    if (cfg->fold_ta_marbuta && u == 0x0629)
        return 0x0647;
    return u;
}

/* The token norm[b..e) split into its clitics, each piece folded (and the
 * stem stemmed when asked) and appended as a token of its own. */
static int emit_clitics(feat_ctx *c, int32_t b, int32_t e, tasnif_err *err)
{
    clitic_piece p[CLITIC_PIECES_MAX];
    int stem, k = arabic_clitics(c->norm + b, e - b, p, &stem);
    int64_t need = 0;
    for (int i = 0; i < k; i++)
        need += p[i].n;
    if (need > c->seg_cap) {
        int32_t cap = c->seg_cap ? c->seg_cap : 64;
        while (cap < need)
            cap *= 2;
        UChar *q = realloc(c->seg, (size_t)cap * sizeof *q);
        if (!q)
            return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        c->seg = q;
        c->seg_cap = cap;
    }
    int32_t at = 0;
    for (int i = 0; i < k; i++) {
        int32_t pb = at;
        for (int32_t j = 0; j < p[i].n; j++)
            c->seg[at++] = late_fold(&c->cfg, p[i].s[j]);
        int32_t pe = at;
        if (c->cfg.stem && i == stem)
            stem_arabic(c->seg, &pb, &pe);
        int rc = put_token(c, c->seg, pb, pe, 0, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Append the token norm[b..e) (split into clitics, stemmed, when asked). */
static inline __attribute__((always_inline)) int emit(feat_ctx *c, int32_t b, int32_t e, int bmp,
                                                      tasnif_err *err)
{
    if (c->cfg.clitics)
        return emit_clitics(c, b, e, err);
    if (c->cfg.stem)
        stem_arabic(c->norm, &b, &e);
    return put_token(c, c->norm, b, e, bmp, err);
}

/* ICU's word break over norm[from..to), keeping letter, number, kana and
 * ideograph segments. */
static int icu_range(feat_ctx *c, int32_t from, int32_t to, tasnif_err *err)
{
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(c->brk, c->norm + from, to - from, &st);
    if (U_FAILURE(st))
        return err_set(err, TASNIF_EICU, NULL, 0, 0, "ICU word break: %s", u_errorName(st));
    int32_t b = ubrk_first(c->brk);
    for (int32_t e = ubrk_next(c->brk); e != UBRK_DONE; b = e, e = ubrk_next(c->brk)) {
        if (ubrk_getRuleStatus(c->brk) < UBRK_WORD_NONE_LIMIT)
            continue;
        int rc = emit(c, from + b, from + e, 0, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/*
 * The fast path.  Each code unit below WB_TABLE has a class that decides
 * how UAX #29 (as ICU implements it) treats it without looking further
 * than its neighbours:
 *   SEP   Word_Break Other or WSegSpace (and no emoji): a segment of its
 *         own that ICU tags "none", with a break on both sides whatever
 *         the neighbours are, except when Extend/Format/ZWJ follow (those
 *         are OTHER here, see below)
 *   LET   ALetter; DIG Numeric; MNUM MidNum; MNL MidNumLet or Single_Quote
 *   OTHER everything else, and whatever ICU tailors (':' is not MidLetter
 *         in CLDR's root rules; ICU 72 joins '@' to letters): ICU decides.
 * Between two SEP runs, a run made of LET, DIG, MNUM and MNL only follows
 * rules WB5-WB12: letters and digits join; a MidNumLet or Single_Quote
 * joins two letters; a MidNum, MidNumLet or Single_Quote joins two digits;
 * nothing else joins.  A run that holds any OTHER unit goes to ICU together
 * with the SEP runs around it (and any OTHER runs that follow after
 * separators only), so ICU sees every character that could change its
 * decisions, and each piece it gets starts and ends where the whole text
 * has a break anyway (a SEP next to a LET, DIG, MNUM or MNL).
 */
enum { K_OTHER = 0, K_SEP, K_MNUM, K_MNL, K_LET, K_DIG }; /* letters and digits last */
#define WB_TABLE 0x2070
static unsigned char wb_class[0x10000]; /* K_OTHER (0) from WB_TABLE on */
static pthread_once_t wb_once = PTHREAD_ONCE_INIT;

static void wb_init(void)
{
    for (UChar32 u = 0; u < WB_TABLE; u++) {
        int k = K_OTHER;
        /* Latin, Greek, Cyrillic, Armenian, Arabic and general punctuation;
         * not Hebrew (rules WB7a-c), nor scripts with dictionaries */
        int range = u < 0x0590 || (u >= 0x0600 && u < 0x0700) || u >= 0x2000;
        if (!range || u == '@' || u == ':' || u_hasBinaryProperty(u, UCHAR_EMOJI) ||
            u_hasBinaryProperty(u, UCHAR_EXTENDED_PICTOGRAPHIC) || u_hasBinaryProperty(u, UCHAR_IDEOGRAPHIC) ||
            u_getIntPropertyValue(u, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) {
            wb_class[u] = K_OTHER;
            continue;
        }
        switch (u_getIntPropertyValue(u, UCHAR_WORD_BREAK)) {
        case U_WB_OTHER:
        case U_WB_WSEGSPACE: k = K_SEP; break;
        case U_WB_ALETTER: k = u >= 0x2000 ? K_OTHER : K_LET; break;
        case U_WB_NUMERIC: k = u >= 0x2000 ? K_OTHER : K_DIG; break;
        case U_WB_MIDNUM: k = K_MNUM; break;
        case U_WB_MIDNUMLET:
        case U_WB_SINGLE_QUOTE: k = K_MNL; break;
        default: k = K_OTHER; break;
        }
        wb_class[u] = (unsigned char)k;
    }
}

static inline int wb_of(UChar u)
{
    return wb_class[u];
}

/*
 * Tokens of the run that starts at s[i] (not a SEP), up to the next SEP or
 * the end, on the assumption that it holds no OTHER unit.  *j receives
 * where the run stopped; @return 1 when it met an OTHER unit (the tokens
 * emitted are then to be taken back), 0, or a negative code.
 */
static int fast_run(feat_ctx *c, int32_t i, int32_t n, int32_t *j, tasnif_err *err)
{
    const UChar *s = c->norm;
    while (i < n) {
        int k = wb_of(s[i]);
        if (k < K_MNUM) {
            if (k == K_SEP)
                break;
            *j = i;
            return 1;
        }
        if (k < K_LET) {
            i++; /* a MidNum or MidNumLet that joins nothing */
            continue;
        }
        int32_t b = i++;
        for (;;) {
            while (i < n && (k = wb_of(s[i])) >= K_LET)
                i++;
            /* WB6/7: MidNumLet or Single_Quote between letters; WB11/12:
             * MidNum, MidNumLet or Single_Quote between digits */
            if (i + 1 < n && (k == K_MNL || k == K_MNUM)) {
                int prev = wb_of(s[i - 1]), next = wb_of(s[i + 1]);
                if (next == prev && (next == K_DIG || k == K_MNL)) {
                    i += 2;
                    continue;
                }
            }
            break;
        }
        int rc = emit(c, b, i, 1, err);
        if (rc < 0)
            return rc;
    }
    *j = i;
    return 0;
}

/* Does the run at s[i] (up to the next SEP) hold an OTHER unit? *j
 * receives the end of the run. */
static int run_has_other(const UChar *s, int32_t i, int32_t n, int32_t *j)
{
    int other = 0;
    int k;
    for (; i < n && (k = wb_of(s[i])) != K_SEP; i++)
        other |= k == K_OTHER;
    *j = i;
    return other;
}

int feat_tokenize(feat_ctx *c, tasnif_err *err)
{
    c->tok_len = 0;
    c->ntok = 0;
    int rc;
    if (c->icu_only) {
        if ((rc = icu_range(c, 0, c->norm_len, err)) < 0)
            return rc;
    } else {
        pthread_once(&wb_once, wb_init);
        const UChar *s = c->norm;
        int32_t n = c->norm_len, i = 0, j, icu_from = -1;
        while (i < n) {
            int32_t sep = i;
            while (i < n && wb_of(s[i]) == K_SEP)
                i++;
            if (i == n)
                break;
            if (icu_from >= 0) {
                /* after ICU's stretch: flush it before a run the fast path takes */
                if (run_has_other(s, i, n, &j)) {
                    i = j;
                    continue;
                }
                if ((rc = icu_range(c, icu_from, i, err)) < 0)
                    return rc;
                icu_from = -1;
            }
            size_t len0 = c->tok_len, ntok0 = c->ntok;
            if ((rc = fast_run(c, i, n, &j, err)) < 0)
                return rc;
            if (rc == 1) {
                /* not for the fast path: ICU takes it with the separators around it */
                c->tok_len = len0;
                c->ntok = ntok0;
                icu_from = sep;
                run_has_other(s, j, n, &j);
            }
            i = j;
        }
        if (icu_from >= 0 && (rc = icu_range(c, icu_from, n, err)) < 0)
            return rc;
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
