/*
 * test_wordbreak.c - the fast paths of normalisation (features/normalize.c)
 * and word break (features/tokenize.c) against ICU's NFKC_Casefold and
 * UBRK_WORD alone (TASNIF_ICU_ONLY=1), comparing both the normalised text
 * and the tokens: hand-made cases with the
 * tokens spelled out, every code point of the fast path's table in
 * contexts that exercise rules WB5-WB13, random strings over the
 * characters where UAX #29 is subtle, and every document of every corpus
 * in ../shared/datasets (skipped with a message when it is absent).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../features/ctx.h"
#include "check.h"

/* two contexts per configuration: the fast path and ICU alone */
typedef struct pair {
    feat_ctx *fast, *icu;
} pair;

static feat_ctx *ctx_new(const feat_config *cfg, int icu)
{
    feat_ctx *c = NULL;
    tasnif_err err = {0};
    if (icu)
        setenv("TASNIF_ICU_ONLY", "1", 1);
    int rc = feat_ctx_new(cfg, &c, &err);
    unsetenv("TASNIF_ICU_ONLY");
    if (rc < 0) {
        fprintf(stderr, "feat_ctx_new: %s\n", err.msg);
        exit(1);
    }
    return c;
}

static pair pair_new(const feat_config *cfg)
{
    return (pair){ctx_new(cfg, 0), ctx_new(cfg, 1)};
}

static void pair_free(pair *p)
{
    feat_ctx_free(p->fast);
    feat_ctx_free(p->icu);
}

/* The space-joined tokens of text in c, copied to out (NUL-terminated);
 * @return the length, or -1 when extraction fails. */
static tasnif_err last_err;

static long tokens_of(feat_ctx *c, const char *text, size_t len, char **out, size_t *cap)
{
    const feat_term *t;
    size_t n, tl;
    memset(&last_err, 0, sizeof last_err);
    if (feat_doc_terms(c, text, len, "t", 1, &t, &n, &last_err) < 0)
        return -1;
    const char *s = feat_ctx_tokens(c, &tl);
    if (GROW(*out, *cap, tl + 1) < 0)
        return -1;
    memcpy(*out, s, tl);
    (*out)[tl] = '\0';
    return (long)tl;
}

static char *fbuf, *ibuf;
static size_t fcap, icap;
static long mismatches;

/* Does the fast path give ICU's tokens for text?  Reports the first few
 * differences. */
static int same(pair *p, const char *text, size_t len, const char *where)
{
    long a = tokens_of(p->fast, text, len, &fbuf, &fcap);
    tasnif_err ea = last_err;
    long b = tokens_of(p->icu, text, len, &ibuf, &icap);
    if (a < 0 && b < 0 && strcmp(ea.msg, last_err.msg) != 0) {
        if (mismatches++ < 20)
            fprintf(stderr, "%s: errors differ: '%s' and '%s'\n", where, ea.msg, last_err.msg);
        return 0;
    }
    int norm_same = a < 0 || (p->fast->norm_len == p->icu->norm_len &&
                              memcmp(p->fast->norm, p->icu->norm, (size_t)p->icu->norm_len * sizeof(UChar)) == 0);
    if (a == b && (a < 0 || memcmp(fbuf, ibuf, (size_t)a) == 0) && norm_same)
        return 1;
    if (!norm_same && mismatches < 20)
        fprintf(stderr, "%s: normalised text differs (%d and %d code units)\n", where, (int)p->fast->norm_len,
                (int)p->icu->norm_len);
    if (mismatches++ < 20)
        fprintf(stderr, "%s: '%.*s'\n   fast: '%s'\n   icu:  '%s'\n", where, (int)(len > 300 ? 300 : len), text,
                a < 0 ? "(error)" : fbuf, b < 0 ? "(error)" : ibuf);
    return 0;
}

static void check_case(pair *p, const char *in, const char *want, int line)
{
    char where[32];
    snprintf(where, sizeof where, "line %d", line);
    check(same(p, in, strlen(in), where), "line %d: fast and ICU differ on '%s'", line, in);
    long n = tokens_of(p->fast, in, strlen(in), &fbuf, &fcap);
    check(n >= 0 && strcmp(fbuf, want) == 0, "line %d: tokens of '%s': got '%s', want '%s'", line, in,
          n >= 0 ? fbuf : "(error)", want);
}
#define CASE(p, in, want) check_case(p, in, want, __LINE__)

static void test_cases(void)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    pair d = pair_new(&cfg);
    /* Latin: apostrophes (WB6/7 Single_Quote and U+2019 MidNumLet), full
     * stops between letters, numbers with MidNum and MidNumLet (WB11/12) */
    CASE(&d, "don't stop", "don't stop");
    CASE(&d, "don\xe2\x80\x99t 'quoted' rock'n'roll", "don\xe2\x80\x99t quoted rock'n'roll");
    CASE(&d, "U.S. and u.k.", "u.s and u.k");
    CASE(&d, "a..b a. .b .a. a.1 1.a", "a b a b a a 1 1 a");
    CASE(&d, "3.5 1,000 1,000.25 2;3 1.2.3 4,,5 6.,7", "3.5 1,000 1,000.25 2;3 1.2.3 4 5 6 7");
    CASE(&d, "a,b a;b 1'000 x'1 1'x", "a b a b 1'000 x 1 1 x");
    CASE(&d, "abc123 123abc a1.5 1.5a 2017-01-23", "abc123 123abc a1.5 1.5a 2017 01 23");
    CASE(&d, "a:b 12:30 a_b __ _ a@b", "a b 12 30 a_b __ a@b");
    CASE(&d, "(x) [y] {z} \"q\" <tag> #1 *2 $3 %4 &5", "x y z q tag 1 2 3 4 5");
    CASE(&d, "end.", "end");
    CASE(&d, "'", "");
    CASE(&d, "", "");
    /* Arabic with digits, Arabic-Indic digits (folded), the Arabic comma
     * (MidNum) and decimal separators, punctuation */
    CASE(&d, "عام 2017 و٢٠١٨", "عام 2017 و2018");
    CASE(&d, "قال: «نعم»، ثم؟ لا؛ 1،000 ٣٫٥", "قال نعم ثم لا 1،000 3٫5");
    CASE(&d, "عربي123 123عربي", "عربي123 123عربي");
    CASE(&d, "a.ب ب.ب ب'ب", "a.ب ب.ب ب'ب");
    /* tatweel and tashkeel are folded away; ZWJ and ZWNJ are default
     * ignorable and go with NFKC_Casefold */
    CASE(&d, "الهدنـــة مُحَمَّد", "الهدنه محمد");
    CASE(&d, "می\xe2\x80\x8cخواهم a\xe2\x80\x8d" "b \xe2\x80\x8d" "1", "میخواهم ab 1");
    /* Persian and Urdu letters, Persian digits */
    CASE(&d, "کتاب گفت یک ۱۲۳ پژوهش ے", "کتاب گفت یک 123 پژوهش ے");
    /* emoji, ZWJ sequences, flags, skin tones */
    CASE(&d, "hi 😀 ok 👍🏽 👨‍👩‍👧 🇸🇦 x😀y", "hi ok x y");
    /* mixed scripts and dictionary scripts */
    CASE(&d, "Грузия и عربي mix", "грузия и عربي mix");
    CASE(&d, "日本語のテキスト and ไทยภาษา", "日本語 の テキスト and ไทย ภาษา");
    CASE(&d, "שלום ב\"ה it's", "שלום ב\"ה it's");
    /* combining marks after separators and letters */
    CASE(&d, "x\xcc\x81y a \xcc\x81" "b", "x\xcc\x81y a b");
    /* normalisation next to the fast table: a decomposed letter composes
     * with the character before it, expansions and compatibility forms */
    CASE(&d, "Cafe\xcc\x81 CAF\xc3\x89 \xef\xbc\xa1\xef\xbc\xa2 \xef\xac\x81n stra\xc3\x9f" "e", "caf\xc3\xa9 caf\xc3\xa9 ab fin strasse");
    CASE(&d, "\xd8\xa7\xd9\x93\xd9\x84 \xd9\x88\xd9\x94 \xd9\x8a\xd9\x94 \xef\xbb\xbb", "\xd8\xa7\xd9\x84 \xd8\xa4 \xd8\xa6 \xd9\x84\xd8\xa7");
    pair_free(&d);

    /* nothing folded: tatweel (ALetter), tashkeel (Extend), Arabic-Indic
     * digits (Numeric) reach the word break */
    feat_config_defaults(&cfg);
    cfg.fold_tashkeel = cfg.fold_tatweel = cfg.fold_alef = cfg.fold_maqsura = 0;
    cfg.fold_ta_marbuta = cfg.fold_digits = 0;
    pair k = pair_new(&cfg);
    CASE(&k, "الهدنـــة مُحَمَّد ـ", "الهدنـــة مُحَمَّد ـ");
    CASE(&k, "٣٫٥ ١٬٠٠٠ ٢،٣ ٤.٥ ۱۲", "٣٫٥ ١٬٠٠٠ ٢،٣ ٤.٥ ۱۲");
    CASE(&k, "أَ. ً. .ً", "أَ");
    pair_free(&k);
    feat_config_defaults(&cfg);
    cfg.stem = 1;
    pair st = pair_new(&cfg);
    CASE(&st, "والمفاوضات بالهدنة، للمدنيين: وقصف", "مفاوض هدن مدن قصف");
    pair_free(&st);
}

/* UTF-8 of code point u at o; @return its length. */
static size_t put(uint32_t u, char *o)
{
    return utf8_encode(u, o);
}

/* Every code point up to U+206F (the fast path's table and a little) in
 * contexts for WB5-WB13: between letters, digits, Arabic letters, next to
 * itself and next to the separators that join. */
static void test_every_char(void)
{
    static const char *ctx[][2] = {
        {"a", "b"}, {"1", "2"}, {"a", "1"}, {"1", "a"}, {"ب", "ت"}, {"٣", "٤"}, {" ", " "},
        {"", ""}, {"a.", "b"}, {"a", ".b"}, {"1,", "2"}, {"a'", "b"}, {"\xe2\x80\x8d", "a"}, {"a_", "_b"},
        {"a\xcc\x81", "b"}, {"x", "\xcc\x81y"}, {"\xd7\x90", "\xd7\x91"}, {"😀", "a"},
    };
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.fold_tashkeel = cfg.fold_tatweel = cfg.fold_digits = 0;
    pair p = pair_new(&cfg);
    long bad = 0, runs = 0;
    for (uint32_t u = 1; u < 0x2100; u++) {
        char c[8], text[64];
        size_t n = put(u, c);
        c[n] = '\0';
        for (size_t k = 0; k < sizeof ctx / sizeof ctx[0]; k++) {
            /* X, XX and X.X inside the context */
            const char *fmt[] = {"%s%s%s", "%s%s%s%s", "%s%s.%s%s"};
            for (int f = 0; f < 3; f++) {
                int len = f == 0 ? snprintf(text, sizeof text, fmt[0], ctx[k][0], c, ctx[k][1])
                                 : snprintf(text, sizeof text, fmt[f], ctx[k][0], c, c, ctx[k][1]);
                runs++;
                if (!same(&p, text, (size_t)len, "every char"))
                    bad++;
            }
        }
    }
    check(bad == 0, "%ld of %ld single-character contexts differ", bad, runs);
    pair_free(&p);
}

/* Random strings over the characters where the rules are subtle. */
static void test_random(void)
{
    static const char *alpha[] = {
        "a", "z", "0", "9", "ب", "ا", "ي", "ـ", "٣", "۵", "ک", "ی", " ", " ", "\t", ".", ",", ";", ":", "'",
        "\"", "_", "@", "-", "/", "!", "?", "،", "؛", "؟", "٫", "٬", "«", "»", "\xe2\x80\x99", "\xe2\x80\x98",
        "\xe2\x80\x9c", "\xe2\x80\x93", "\xe2\x80\xa4", "\xe2\x80\x8c", "\xe2\x80\x8d", "\xcc\x81", "\xd9\x8e",
        "\xd9\x91", "\xd7\x90", "\xd7\xb4", "\xe3\x81\x82", "\xe6\x97\xa5", "\xe0\xb8\x81", "😀", "👍", "🏽",
        "🇸", "🇦", "\xc2\xb7", "\xc2\xa0", "\xe3\x80\x80", "\xef\xbc\x8e", "\xef\xb9\x92", "\xd8\x80",
        "\xdb\x9d", "\xc2\xad", "\n", "\r", "A", "É", "ß", "ﻻ", "©", "#", "*", "$", "%", "ª", "µ", "\xcd\xba",
        /* normalisation: compositions with a fast character before them,
         * expansions, compatibility forms, invalid bytes */
        "e", "\xcc\xa3", "\xd9\x93", "\xd9\x94", "\xd9\x95", "\xd9\xb0", "\xd9\x88", "İ", "ς", "\xcd\x85",
        "ﬁ", "\xe2\x84\xab", "\xef\xbc\xa1", "\xe1\x84\x80", "\xe1\x85\xa1", "\xff", "\xc3", "\xe2\x80",
        "\xed\xa0\x80", "\xc0\xaf", "\xf0\x9f",
    };
    const size_t na = sizeof alpha / sizeof alpha[0];
    feat_config cfgs[3];
    feat_config_defaults(&cfgs[0]);
    feat_config_defaults(&cfgs[1]);
    cfgs[1].fold_tashkeel = cfgs[1].fold_tatweel = cfgs[1].fold_digits = 0;
    cfgs[1].stem = 1;
    feat_config_defaults(&cfgs[2]);
    cfgs[2].lenient = 1;
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    for (int k = 0; k < 3; k++) {
        pair p = pair_new(&cfgs[k]);
        long bad = 0, runs = 40000;
        for (long r = 0; r < runs; r++) {
            char text[256];
            size_t len = 0;
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            int n = 1 + (int)((seed >> 33) % 14);
            for (int i = 0; i < n; i++) {
                seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                const char *a = alpha[(seed >> 33) % na];
                size_t l = strlen(a);
                memcpy(text + len, a, l);
                len += l;
            }
            if (!same(&p, text, len, "random"))
                bad++;
        }
        check(bad == 0, "config %d: %ld of %ld random strings differ", k, bad, runs);
        pair_free(&p);
    }
}

/* Every document of every corpus under ../shared/datasets. */
static void test_corpora(void)
{
    const char *env = getenv("TASNIF_SHARED");
    char top[512];
    snprintf(top, sizeof top, "%s/datasets", env ? env : "../shared");
    DIR *dir = opendir(top);
    if (!dir) {
        printf("skip: %s not found (the public corpora sit beside the repository in ../shared); "
               "corpus comparison not run\n", top);
        return;
    }
    feat_config cfgs[2];
    feat_config_defaults(&cfgs[0]);
    cfgs[0].lenient = 1;
    feat_config_defaults(&cfgs[1]);
    cfgs[1].fold_tashkeel = cfgs[1].fold_tatweel = cfgs[1].fold_digits = cfgs[1].fold_alef = 0;
    cfgs[1].stem = cfgs[1].lenient = 1;
    pair p[2] = {pair_new(&cfgs[0]), pair_new(&cfgs[1])};
    long docs = 0, bad = 0, files = 0;
    char *line = NULL;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(dir))) {
        if (de->d_name[0] == '.')
            continue;
        char sub[1024];
        snprintf(sub, sizeof sub, "%s/%s", top, de->d_name);
        DIR *d2 = opendir(sub);
        if (!d2)
            continue;
        struct dirent *fe;
        while ((fe = readdir(d2))) {
            size_t nl = strlen(fe->d_name);
            if (nl < 4 || strcmp(fe->d_name + nl - 4, ".tsv") != 0)
                continue;
            char path[1600];
            snprintf(path, sizeof path, "%s/%s", sub, fe->d_name);
            FILE *fp = fopen(path, "rb");
            if (!fp)
                continue;
            files++;
            ssize_t n;
            long lineno = 0;
            while ((n = getline(&line, &cap, fp)) > 0) {
                lineno++;
                while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
                    n--;
                char *text = memchr(line, '\t', (size_t)n);
                text = text ? text + 1 : line;
                size_t len = (size_t)(line + n - text);
                char where[1700];
                snprintf(where, sizeof where, "%s:%ld", path, lineno);
                docs++;
                for (int k = 0; k < 2; k++)
                    if (!same(&p[k], text, len, where))
                        bad++;
            }
            fclose(fp);
        }
        closedir(d2);
    }
    closedir(dir);
    free(line);
    pair_free(&p[0]);
    pair_free(&p[1]);
    printf("corpora: %ld documents in %ld files, two configurations, %ld differences\n", docs, files, bad);
    check(files > 0 && docs > 0, "no corpus files under %s", top);
    check(bad == 0, "%ld documents tokenised differently by the fast path and ICU", bad);
}

int main(void)
{
    test_cases();
    test_every_char();
    test_random();
    test_corpora();
    free(fbuf);
    free(ibuf);
    return check_done();
}
