/*
 * test_features.c - UTF-8 checks, normalisation (Arabic and English), word
 * break, n-grams, vocabulary, idf and weighting.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../../features/features.h"
#include "check.h"
#include "tokens.h"


static void test_utf8(void)
{
    size_t bad = 99;
    check(utf8_check("abc", 3, &bad) == 0, "ascii is valid");
    check(utf8_check("\xd8\xa7\xd9\x84", 4, &bad) == 0, "arabic is valid");
    check(utf8_check("\xf0\x9f\x98\x80", 4, &bad) == 0, "4-byte emoji is valid");
    static const struct { const char *s; size_t n, at; } badcases[] = {
        {"ab\xff", 3, 2},            /* invalid byte */
        {"\xc0\xaf", 2, 0},          /* overlong '/' */
        {"\xe0\x80\xaf", 3, 0},      /* overlong 3-byte */
        {"\xed\xa0\x80", 3, 0},      /* surrogate */
        {"\xf4\x90\x80\x80", 4, 0},  /* past U+10FFFF */
        {"x\xd8", 2, 1},             /* truncated */
        {"abcdefgh\x80", 9, 8},      /* lone continuation after the fast path */
    };
    for (size_t i = 0; i < sizeof badcases / sizeof badcases[0]; i++) {
        bad = 99;
        check(utf8_check(badcases[i].s, badcases[i].n, &bad) == TASNIF_EUTF8 && bad == badcases[i].at,
              "bad case %zu: offset %zu, want %zu", i, bad, badcases[i].at);
    }
    char *out = NULL;
    size_t cap = 0, len = 0;
    check(utf8_repair("a\xffz\xe2\x82", 5, &out, &cap, &len) == 0, "repair runs");
    check(len == 8 && memcmp(out, "a\xef\xbf\xbdz\xef\xbf\xbd", 8) == 0, "repair: maximal subparts become U+FFFD");
    free(out);
}

static void test_normalise(void)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.lead_words = 0; /* the word and character families alone */
    /* English: case folding, full folding of sharp s, NFKC of ligatures and
     * full-width forms; punctuation dropped */
    TOK(&cfg, "The Ceasefire HELD, didn't it?", "the ceasefire held didn't it");
    TOK(&cfg, "Straße", "strasse");
    TOK(&cfg, "ﬁnal ＡＢＣ １２３", "final abc 123");
    TOK(&cfg, "  ...  ", "");
    /* Arabic: tashkeel, tatweel, alef forms, maqsura, ta marbuta, digits */
    TOK(&cfg, "مُؤْتَمَرُ", "مؤتمر");
    TOK(&cfg, "الـــهدنة", "الهدنه");
    TOK(&cfg, "أستانة إيران آمال ٱلله", "استانه ايران امال الله");
    TOK(&cfg, "مستشفى", "مستشفي");
    TOK(&cfg, "قتل ١٢ مدنيا و۳ جنود", "قتل 12 مدنيا و3 جنود");
    TOK(&cfg, "وقف إطلاق النار، في حلب.", "وقف اطلاق النار في حلب");
    /* Persian letters stay as they are */
    TOK(&cfg, "کتاب یک", "کتاب یک");
    /* presentation forms are unified by NFKC */
    TOK(&cfg, "\xef\xbb\xbb\xef\xbb\xb4", "لاي"); /* lam-alef ligature + medial ya */
    /* switches */
    feat_config keep = cfg;
    keep.fold_ta_marbuta = 0;
    keep.fold_alef = 0;
    keep.fold_digits = 0;
    keep.fold_tashkeel = 0;
    TOK(&keep, "أستانة ١٢", "أستانة ١٢");
    TOK(&keep, "مُؤتمر", "مُؤتمر");
    /* light stemming */
    feat_config st = cfg;
    st.stem = 1;
    TOK(&st, "والمفاوضات بالهدنة للمدنيين وقصف", "مفاوض هدن مدن قصف");
    TOK(&st, "the talks", "the talks");
}

static void test_wordbreak(void)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.lead_words = 0; /* the word and character families alone */
    TOK(&cfg, "U.S. talks in Geneva, 2017-01-23: $4.5bn", "u.s talks in geneva 2017 01 23 4.5bn");
    TOK(&cfg, "e-mail user@example.com", "e mail user@example.com");
    TOK(&cfg, "日本語のテキスト", "日本語 の テキスト");
    TOK(&cfg, "Грузия и Россия", "грузия и россия");
}

static int has_term(const feat_term *t, size_t n, int fam, const char *key, uint32_t count)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].family == fam && t[i].len == strlen(key) && memcmp(t[i].key, key, t[i].len) == 0)
            return t[i].count == count;
    return 0;
}

static void test_ngrams(void)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.lead_words = 0; /* the word and character families alone */
    cfg.word_max = 2;
    cfg.char_min = 2;
    cfg.char_max = 3;
    feat_ctx *c = ctx_with(&cfg);
    const feat_term *t;
    size_t n;
    tasnif_err err = {0};
    check(feat_doc_terms(c, "ab ab cd", 8, "t", 1, &t, &n, &err) == 0, "terms: %s", err.msg);
    check(has_term(t, n, FEAT_WORD, "ab", 2), "word unigram ab x2");
    check(has_term(t, n, FEAT_WORD, "cd", 1), "word unigram cd");
    check(has_term(t, n, FEAT_WORD, "ab ab", 1), "word bigram 'ab ab'");
    check(has_term(t, n, FEAT_WORD, "ab cd", 1), "word bigram 'ab cd'");
    check(!has_term(t, n, FEAT_WORD, "ab ab cd", 1), "no trigram at word_max 2");
    check(has_term(t, n, FEAT_CHAR, "<a", 2), "char <a x2");
    check(has_term(t, n, FEAT_CHAR, "ab>", 2), "char ab> x2");
    check(has_term(t, n, FEAT_CHAR, "ab", 2), "char ab x2 (distinct from the word ab)");
    check(!has_term(t, n, FEAT_CHAR, "<", 1) && !has_term(t, n, FEAT_CHAR, "b", 2), "no 1-grams at char_min 2");
    /* 2 words x1 + 2 bigrams + char grams: <a ab b> <ab ab> <c cd d> <cd cd> */
    check(n == 3 + 2 + 10 - 1, "distinct terms %zu", n);
    /* character n-grams count code points, not bytes */
    check(feat_doc_terms(c, "حلب", strlen("حلب"), "t", 1, &t, &n, &err) == 0, "arabic terms");
    check(has_term(t, n, FEAT_CHAR, "<حل", 1) && has_term(t, n, FEAT_CHAR, "لب>", 1) && has_term(t, n, FEAT_CHAR, "حلب", 1),
          "arabic char trigrams by code point");
    /* errors name file, line and byte */
    check(feat_doc_terms(c, "ok \xff", 4, "corpus.tsv", 7, &t, &n, &err) == TASNIF_EUTF8 &&
          strstr(err.msg, "corpus.tsv:7:") && err.byte == 4,
          "invalid UTF-8 error: %s (byte %ld)", err.msg, err.byte);
    feat_ctx_free(c);
    /* lenient mode replaces and goes on */
    cfg.lenient = 1;
    c = ctx_with(&cfg);
    check(feat_doc_terms(c, "ok \xff yes", 8, "t", 1, &t, &n, &err) == 0 && has_term(t, n, FEAT_WORD, "yes", 1),
          "lenient: %s", err.msg);
    feat_ctx_free(c);
    /* document size limit */
    cfg.max_doc_bytes = 4;
    c = ctx_with(&cfg);
    check(feat_doc_terms(c, "too long", 8, "f", 2, &t, &n, &err) == TASNIF_ELIMIT, "max_doc_bytes enforced");
    feat_ctx_free(c);
}

/* Fit on a tiny corpus and check df, idf and weights by hand. */
static void test_vocab_idf(void)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.lead_words = 0; /* word unigrams alone */
    cfg.word_max = 1;
    cfg.char_max = 0;
    cfg.min_df = 1;
    const char *docs[] = {"a b", "a c", "a b b"};
    feat_builder *b;
    tasnif_err err = {0};
    check(feat_builder_new(&cfg, &b, &err) == 0, "builder");
    feat_ctx *c = ctx_with(&cfg);
    for (int i = 0; i < 3; i++) {
        const feat_term *t;
        size_t n;
        feat_doc_terms(c, docs[i], strlen(docs[i]), "t", i + 1, &t, &n, &err);
        check(feat_builder_add(b, t, n) == 0, "add %d", i);
    }
    feat_space fs;
    csr x;
    check(feat_builder_finish(b, &fs, &x, &err) == 0, "finish: %s", err.msg);
    feat_builder_free(b);
    check(fs.dim == 3 && x.rows == 3, "dim %zu rows %zu", fs.dim, x.rows);
    /* ids in first-seen order: a=0 b=1 c=2 */
    check(fs.voc.df[0] == 3 && fs.voc.df[1] == 2 && fs.voc.df[2] == 1, "df");
    double idf_a = log(4.0 / 4.0) + 1, idf_b = log(4.0 / 3.0) + 1;
    check(fabs(fs.idf[0] - idf_a) < 1e-12 && fabs(fs.idf[1] - idf_b) < 1e-12, "smooth idf");
    /* doc 3: a tf 1, b tf 2 -> sublinear 1 and 1+ln2, times idf, L2 */
    double va = idf_a, vb = (1 + log(2.0)) * idf_b, norm = sqrt(va * va + vb * vb);
    size_t s = x.rowptr[2];
    check(x.rowptr[3] - s == 2 && x.col[s] == 0 && x.col[s + 1] == 1, "row 3 columns ascending");
    check(fabs(x.val[s] - va / norm) < 1e-12 && fabs(x.val[s + 1] - vb / norm) < 1e-12, "row 3 weights");
    /* vectorising with the fitted space gives the same row; unknown terms vanish */
    const feat_term *t;
    size_t n, nnz, cap = 0;
    int32_t *col = NULL;
    double *val = NULL;
    feat_doc_terms(c, "a b b zzz", 9, "t", 1, &t, &n, &err);
    check(feat_vectorize(&fs, t, n, &col, &val, &cap, &nnz) == 0 && nnz == 2, "vectorize nnz %zu", nnz);
    check(nnz == 2 && fabs(val[1] - vb / norm) < 1e-12, "vectorize equals the fitted row");
    free(col);
    free(val);
    csr_finish(&x);
    feat_space_finish(&fs);

    /* min_df and max_features */
    cfg.min_df = 2;
    feat_builder_new(&cfg, &b, &err);
    for (int i = 0; i < 3; i++) {
        feat_doc_terms(c, docs[i], strlen(docs[i]), "t", i + 1, &t, &n, &err);
        feat_builder_add(b, t, n);
    }
    feat_builder_finish(b, &fs, &x, &err);
    feat_builder_free(b);
    check(fs.dim == 2, "min_df 2 keeps a and b (dim %zu)", fs.dim);
    csr_finish(&x);
    feat_space_finish(&fs);
    cfg.min_df = 1;
    cfg.max_features = 1;
    feat_builder_new(&cfg, &b, &err);
    for (int i = 0; i < 3; i++) {
        feat_doc_terms(c, docs[i], strlen(docs[i]), "t", i + 1, &t, &n, &err);
        feat_builder_add(b, t, n);
    }
    feat_builder_finish(b, &fs, &x, &err);
    feat_builder_free(b);
    uint32_t len;
    const char *k = fs.dim == 1 ? vocab_key(&fs.voc, 0, &len) : "";
    check(fs.dim == 1 && len == 2 && k[1] == 'a', "max_features 1 keeps the most frequent");
    csr_finish(&x);
    feat_space_finish(&fs);

    /* hashing: dimension 2^bits, rows still normalised */
    cfg.max_features = 0;
    cfg.hash_bits = 4;
    feat_builder_new(&cfg, &b, &err);
    for (int i = 0; i < 3; i++) {
        feat_doc_terms(c, docs[i], strlen(docs[i]), "t", i + 1, &t, &n, &err);
        feat_builder_add(b, t, n);
    }
    check(feat_builder_finish(b, &fs, &x, &err) == 0 && fs.dim == 16, "hashing dim");
    double sq = 0;
    for (size_t j = x.rowptr[0]; j < x.rowptr[1]; j++)
        sq += x.val[j] * x.val[j];
    check(fabs(sq - 1) < 1e-12, "hashed row has unit norm");
    feat_builder_free(b);
    csr_finish(&x);
    feat_space_finish(&fs);
    feat_ctx_free(c);
}

/* Long documents take the radix-sort path: columns come out ascending,
 * distinct, and (with hashing) merged. */
static void test_long_rows(void)
{
    char text[4096];
    size_t o = 0;
    for (int i = 0; i < 300; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, "w%d ", (i * 7919) % 300);
    for (int hashing = 0; hashing < 2; hashing++) {
        feat_config cfg;
        feat_config_defaults(&cfg);
        cfg.lead_words = 0; /* word unigrams alone */
        cfg.word_max = 1;
        cfg.char_max = 0;
        cfg.min_df = 1;
        cfg.hash_bits = hashing ? 6 : 0;
        feat_builder *b;
        tasnif_err err = {0};
        feat_builder_new(&cfg, &b, &err);
        feat_ctx *c = ctx_with(&cfg);
        const feat_term *t;
        size_t n;
        feat_doc_terms(c, text, o, "t", 1, &t, &n, &err);
        feat_builder_add(b, t, n);
        feat_space fs;
        csr x;
        feat_builder_finish(b, &fs, &x, &err);
        feat_builder_free(b);
        int32_t *col = NULL;
        double *val = NULL;
        size_t cap = 0, nnz;
        feat_doc_terms(c, text, o, "t", 1, &t, &n, &err);
        check(feat_vectorize(&fs, t, n, &col, &val, &cap, &nnz) == 0, "vectorize a long row");
        int ascending = 1;
        double sq = 0;
        for (size_t i = 0; i < nnz; i++) {
            if (i && col[i] <= col[i - 1])
                ascending = 0;
            sq += val[i] * val[i];
        }
        check(ascending && fabs(sq - 1) < 1e-12, "%s: %zu columns strictly ascending, unit norm",
              hashing ? "hashed" : "vocabulary", nnz);
        check(hashing ? nnz <= 64 && nnz > 30 : nnz == 300, "%s: %zu columns", hashing ? "hashed" : "vocabulary", nnz);
        /* the same row as fitting produced */
        int same = x.rowptr[1] == nnz;
        for (size_t i = 0; same && i < nnz; i++)
            same = x.col[i] == col[i] && fabs(x.val[i] - val[i]) < 1e-12;
        check(same, "%s: vectorised row equals the fitted row", hashing ? "hashed" : "vocabulary");
        free(col);
        free(val);
        csr_finish(&x);
        feat_space_finish(&fs);
        feat_ctx_free(c);
    }
}

static void test_config(void)
{
    feat_config a, b;
    feat_config_defaults(&a);
    a.lead_words = 0; /* the word and character families alone */
    a.char_max = 5;
    a.stem = 1;
    a.max_features = 123456789;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    feat_config_write(&a, fp);
    fclose(fp);
    feat_config_defaults(&b);
    b.lead_words = 0; /* the word and character families alone */
    char *save, *line = strtok_r(buf, "\n", &save);
    int ok = 1;
    for (; line; line = strtok_r(NULL, "\n", &save)) {
        char *eq = strchr(line, '=');
        *eq = '\0';
        ok &= feat_config_set(&b, line, eq + 1) == 0;
    }
    free(buf);
    check(ok && memcmp(&a, &b, sizeof a) == 0, "config round-trips through key=value");
    check(feat_config_set(&b, "nonsense", "1") == TASNIF_EARG, "unknown key rejected");
    check(feat_config_set(&b, "word_max", "99") == TASNIF_EARG, "out of range rejected");
    b.word_max = b.char_max = 0;
    check(feat_config_check(&b, NULL) == TASNIF_EARG, "no features rejected");
}

/* The parameter table: every field of feat_config once, keys and flags
 * unique, each pair of orders together; the flags of a configuration name
 * exactly the parameters that differ from the defaults. */
static void test_params(void)
{
    size_t n;
    const feat_param *p = feat_params(&n);
    feat_config d, c;
    feat_config_defaults(&d);
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < i; j++) {
            ok &= strcmp(p[i].key, p[j].key) != 0 && p[i].off != p[j].off;
            ok &= strcmp(p[i].flag, p[j].flag) != 0 || (p[i].kind == FP_ORDERS_MAX && j == i - 1);
        }
        ok &= p[i].kind != FP_ORDERS_MIN || (i + 1 < n && p[i + 1].kind == FP_ORDERS_MAX);
        ok &= p[i].help || p[i].kind == FP_ORDERS_MAX;
        int64_t v = feat_param_get(&d, &p[i]);
        ok &= v >= p[i].min && v <= p[i].max;
    }
    check(ok, "keys, fields and flags are unique, orders come in pairs, defaults in range");
    /* walk the fields by offset: each starts where the one before ends
     * (after alignment), and the last ends the struct */
    size_t end = 0, seen = 0;
    while (seen < n) {
        size_t at = SIZE_MAX, w = 0;
        for (size_t i = 0; i < n; i++)
            if (p[i].off >= end && p[i].off < at) {
                at = p[i].off;
                w = p[i].is64 ? sizeof(int64_t) : sizeof(int);
            }
        if (at == SIZE_MAX || at != (end + w - 1) / w * w)
            break;
        end = at + w;
        seen++;
    }
    check(seen == n && (end + 7) / 8 * 8 == sizeof(feat_config), "every field of feat_config has an entry (%zu of %zu bytes)",
          end, sizeof(feat_config));
    char buf[512];
    check(feat_config_flags(&d, 0, buf, sizeof buf) == 0 && buf[0] == '\0', "the defaults need no flag");
    feat_config stored;
    feat_config_stored(&stored);
    check(d.lead_words == 100 && d.lead_apart == 1 && stored.lead_words == 0 && stored.lead_apart == 0 &&
              stored.lead_ngrams == FEAT_LEAD_UNIGRAMS && stored.lead_share == 50 &&
              stored.across_max == 0 && stored.clitics == 0 && stored.min_df == d.min_df,
          "a stored configuration without the later keys has their features off, the rest at the defaults");
    check(d.word_min == 1 && d.word_max == 2 && d.char_min == 3 && d.char_max == 5 && stored.word_max == 1 &&
              stored.char_max == 0, "orders: words 1-2 and characters 3-5 by default, unigrams alone before they were");
    feat_config large = d;
    feat_config_defaults_large(&large);
    feat_config_flags(&large, 0, buf, sizeof buf);
    check(large.word_max == 1 && large.char_max == 0 && strcmp(buf, "--word-ngrams 1 --char-ngrams 0") == 0,
          "a large corpus's orders: word unigrams alone ('%s')", buf);
    feat_config sets = d;
    feat_config_defaults_labelsets(&sets);
    check(sets.lead_ngrams == FEAT_LEAD_SAME && sets.lead_share == 50 && feat_config_flags(&sets, 1, buf, sizeof buf) == 0,
          "label sets: the lead's n-grams need no flag with --multi-label");
    feat_config_flags(&sets, 0, buf, sizeof buf);
    check(strcmp(buf, "--lead-ngrams same") == 0, "label sets' lead from the single-label defaults: '%s'", buf);
    c = d;
    c.char_min = 2;
    c.char_max = 4;
    c.fold_alef = 0;
    c.clitics = 1;
    c.max_features = 7;
    c.lsa_k = 4;
    c.feature_mode = FEAT_DENSE;
    feat_config_flags(&c, 0, buf, sizeof buf);
    check(strcmp(buf, "--char-ngrams 2-4 --no-fold-alef --max-features 7 --lsa 4 --features dense --clitics") == 0,
          "flags: '%s'", buf);
    c.feature_mode = FEAT_BOTH;
    size_t need = feat_config_flags(&c, 0, buf, 8);
    check(need == strlen("--char-ngrams 2-4 --no-fold-alef --max-features 7 --lsa 4 --clitics") && strlen(buf) == 7,
          "flags: the length needed, the text cut to the room given");
    tasnif_err err = {0};
    c = d;
    c.word_min = 3;
    c.word_max = 2;
    check(feat_config_check(&c, &err) == TASNIF_EARG && strstr(err.msg, "--word-ngrams"), "check names the flag: %s",
          err.msg);
}

/* Fit a feature space on n documents with c's configuration cfg. */
static void fit_docs(feat_ctx *c, const feat_config *cfg, const char *const *docs, int n, feat_space *fs, csr *x)
{
    feat_builder *b;
    tasnif_err err = {0};
    check(feat_builder_new(cfg, &b, &err) == 0, "builder: %s", err.msg);
    for (int i = 0; i < n; i++) {
        const feat_term *t;
        size_t nt;
        feat_doc_terms(c, docs[i], strlen(docs[i]), "t", i + 1, &t, &nt, &err);
        feat_builder_add(b, t, nt);
    }
    check(feat_builder_finish(b, fs, x, &err) == 0, "finish: %s", err.msg);
    feat_builder_free(b);
}

static int count_family(const feat_term *t, size_t n, int fam)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += t[i].family == fam;
    return k;
}

/* The lead's n-grams: its words alone, or the word and in-word character
 * n-grams of the rest's orders, of its first lead_words tokens only. */
static void test_lead_ngrams(void)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.word_max = 2;
    cfg.char_min = 2;
    cfg.char_max = 3;
    cfg.lead_words = 2;
    const feat_term *t;
    size_t n;
    tasnif_err err = {0};
    cfg.lead_ngrams = FEAT_LEAD_UNIGRAMS;
    feat_ctx *c = ctx_with(&cfg);
    check(feat_doc_terms(c, "ab cd ab ef", strlen("ab cd ab ef"), "t", 1, &t, &n, &err) == 0, "terms: %s", err.msg);
    check(has_term(t, n, FEAT_LEAD, "ab", 1) && has_term(t, n, FEAT_LEAD, "cd", 1) && count_family(t, n, FEAT_LEAD) == 2 &&
              count_family(t, n, FEAT_LEAD_CHAR) == 0,
          "unigrams: the lead's two words, no bigram, no character n-gram");
    feat_ctx_free(c);
    cfg.lead_ngrams = FEAT_LEAD_SAME;
    c = ctx_with(&cfg);
    check(feat_doc_terms(c, "ab cd ab ef", strlen("ab cd ab ef"), "t", 1, &t, &n, &err) == 0, "terms: %s", err.msg);
    check(has_term(t, n, FEAT_LEAD, "ab", 1) && has_term(t, n, FEAT_LEAD, "cd", 1) &&
              has_term(t, n, FEAT_LEAD, "ab cd", 1) && count_family(t, n, FEAT_LEAD) == 3,
          "same: the lead's words and its one bigram, none across its end ('cd ab')");
    /* <a ab b> <ab ab> <c cd d> <cd cd> from the two words of the lead */
    check(has_term(t, n, FEAT_LEAD_CHAR, "<ab", 1) && has_term(t, n, FEAT_LEAD_CHAR, "cd>", 1) &&
              !has_term(t, n, FEAT_LEAD_CHAR, "ef", 1) && count_family(t, n, FEAT_LEAD_CHAR) == 10,
          "same: the character n-grams of the lead's words alone (%d)", count_family(t, n, FEAT_LEAD_CHAR));
    check(has_term(t, n, FEAT_CHAR, "<ab", 2) && has_term(t, n, FEAT_WORD, "ab", 2), "the rest unchanged");
    /* Arabic: the lead's words by code point, the words after it left out */
    const char *ar = "وقف القتال في غزة";
    check(feat_doc_terms(c, ar, strlen(ar), "t", 1, &t, &n, &err) == 0, "arabic terms: %s", err.msg);
    check(has_term(t, n, FEAT_LEAD, "وقف القتال", 1) && has_term(t, n, FEAT_LEAD_CHAR, "<وق", 1) &&
              has_term(t, n, FEAT_LEAD_CHAR, "تال", 1) && !has_term(t, n, FEAT_LEAD_CHAR, "<غز", 1) &&
              has_term(t, n, FEAT_CHAR, "<غز", 1),
          "arabic: the lead's n-grams are its own");
    feat_ctx_free(c);
    /* no word n-grams: the lead keeps its character n-grams */
    cfg.word_max = 0;
    c = ctx_with(&cfg);
    check(feat_doc_terms(c, "ab cd ab ef", strlen("ab cd ab ef"), "t", 1, &t, &n, &err) == 0 &&
              count_family(t, n, FEAT_LEAD) == 0 && count_family(t, n, FEAT_LEAD_CHAR) == 10,
          "same without word n-grams: the lead's character n-grams alone");
    feat_ctx_free(c);
    check(strcmp(feat_family_name(FEAT_LEAD_CHAR), "lead-char") == 0 && strcmp(feat_family_name(FEAT_ACROSS), "across") == 0 &&
              strcmp(feat_family_name('?'), "?") == 0,
          "family names");
}

/* The lead's features: with lead_apart (the default) the lead holds
 * lead_share percent of the squared norm and the rest the remainder;
 * without, one norm over all. */
static void test_lead_norm(void)
{
    const char *docs[] = {"a b c d e f", "a c e g", "b d f g"};
    for (int apart = 0; apart <= 2; apart++) {
        feat_config cfg;
        feat_config_defaults(&cfg);
        cfg.min_df = 1;
        cfg.word_max = 1; /* word unigrams and the lead */
        cfg.char_max = 0;
        cfg.lead_words = 2;
        cfg.lead_apart = apart > 0;
        cfg.lead_share = apart == 2 ? 75 : 50; /* apart 2: three quarters to the lead */
        cfg.lead_ngrams = apart == 2 ? FEAT_LEAD_SAME : FEAT_LEAD_UNIGRAMS;
        feat_space fs;
        csr x;
        feat_ctx *c = ctx_with(&cfg);
        fit_docs(c, &cfg, docs, 3, &fs, &x);
        const feat_term *t;
        size_t n;
        tasnif_err err = {0};
        double lead = 0, rest = 0;
        for (size_t j = x.rowptr[0]; j < x.rowptr[1]; j++) {
            uint32_t len;
            double v2 = x.val[j] * x.val[j];
            char fam = vocab_key(&fs.voc, (size_t)x.col[j], &len)[0];
            if (fam == FEAT_LEAD || fam == FEAT_LEAD_CHAR)
                lead += v2;
            else
                rest += v2;
        }
        check(fabs(lead + rest - 1) < 1e-12, "apart %d: unit norm (%g)", apart, lead + rest);
        if (apart == 1)
            check(fabs(lead - 0.5) < 1e-12 && fabs(rest - 0.5) < 1e-12, "apart: half each (%g, %g)", lead, rest);
        else if (apart == 2)
            check(fabs(lead - 0.75) < 1e-12 && fabs(rest - 0.25) < 1e-12, "apart, lead_share 75: %g, %g", lead, rest);
        else
            check(lead > 0.1 && lead < 0.4, "joint: the lead's share follows its terms (%g)", lead);
        /* a document scored later is weighted the same way */
        int32_t *col = NULL;
        double *val = NULL;
        size_t cap = 0, nnz = 0;
        feat_doc_terms(c, docs[0], strlen(docs[0]), "t", 1, &t, &n, &err);
        check(feat_vectorize(&fs, t, n, &col, &val, &cap, &nnz) == 0 && nnz == x.rowptr[1] &&
                  fabs(val[0] - x.val[0]) < 1e-12, "apart %d: vectorize equals the fitted row", apart);
        free(col);
        free(val);
        feat_ctx_free(c);
        csr_finish(&x);
        feat_space_finish(&fs);
    }
}

static void test_crc(void)
{
    check(crc32c(0, "123456789", 9) == 0xE3069283u, "CRC-32C check value");
    uint32_t part = crc32c(crc32c(0, "1234", 4), "56789", 5);
    check(part == 0xE3069283u, "CRC-32C continues across calls");
}

/* Build a space from docs[idx[0..n)] with a fresh builder. */
static void fit_alone(const feat_config *cfg, feat_ctx *c, const char **docs, const size_t *idx, size_t n,
                      feat_space *fs, csr *x)
{
    feat_builder *b;
    tasnif_err err = {0};
    feat_builder_new(cfg, &b, &err);
    for (size_t i = 0; i < n; i++) {
        const feat_term *t;
        size_t nt;
        feat_doc_terms(c, docs[idx[i]], strlen(docs[idx[i]]), "t", 1, &t, &nt, &err);
        feat_builder_add(b, t, nt);
    }
    check(feat_builder_finish(b, fs, x, &err) == 0, "fit alone: %s", err.msg);
    feat_builder_free(b);
}

/* A fold's space fitted from the raw counts of all documents equals the
 * space a builder fits on the fold's training documents alone: the
 * held-out documents change neither vocabulary, df, idf nor the rows. */
static void test_fold_fit(int hash_bits, int max_features)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.lead_words = 0; /* the word and character families alone */
    cfg.word_max = 2;
    cfg.min_df = 2;
    cfg.hash_bits = hash_bits;
    cfg.max_features = max_features;
    const char *docs[] = {"truce holds in the north", "the truce holds", "talks in geneva resume",
                          "geneva talks stall", "shelling in the north", "the shelling resumed",
                          "aid reaches the north", "aid convoy stopped", "truce talks in geneva"};
    size_t nd = sizeof docs / sizeof docs[0];
    feat_ctx *c = ctx_with(&cfg);
    feat_builder *b;
    tasnif_err err = {0};
    feat_builder_new(&cfg, &b, &err);
    for (size_t i = 0; i < nd; i++) {
        const feat_term *t;
        size_t nt;
        feat_doc_terms(c, docs[i], strlen(docs[i]), "t", 1, &t, &nt, &err);
        feat_builder_add(b, t, nt);
    }
    feat_raw raw;
    check(feat_builder_keep_raw(b, &raw) == 0, "keep raw");
    feat_space all;
    csr xall;
    check(feat_builder_finish(b, &all, &xall, &err) == 0, "finish");
    feat_builder_free(b);
    /* the whole corpus through feat_raw_fit equals feat_builder_finish */
    feat_space f0;
    csr x0;
    check(feat_raw_fit(&raw, NULL, nd, NULL, nd, &f0, &x0, &err) == 0, "raw fit all");
    check(f0.dim == all.dim && x0.nnz == xall.nnz && memcmp(x0.col, xall.col, x0.nnz * sizeof *x0.col) == 0 &&
              memcmp(x0.val, xall.val, x0.nnz * sizeof *x0.val) == 0,
          "raw fit of every document = builder (hash %d, max_features %d)", hash_bits, max_features);
    /* a fold: train on 0,2,4,6,8 (plus 1) and hold out 3,5,7 */
    size_t train[] = {0, 1, 2, 4, 6, 8}, held[] = {3, 5, 7}, ord[9];
    memcpy(ord, train, sizeof train);
    memcpy(ord + 6, held, sizeof held);
    feat_space ff, fa;
    csr xf, xa;
    check(feat_raw_fit(&raw, train, 6, ord, 9, &ff, &xf, &err) == 0, "fold fit");
    fit_alone(&cfg, c, docs, train, 6, &fa, &xa);
    int same = ff.dim == fa.dim && xa.rows == 6 && xf.rows == 9 && xf.rowptr[6] == xa.nnz &&
               memcmp(xf.col, xa.col, xa.nnz * sizeof *xa.col) == 0 &&
               memcmp(xf.val, xa.val, xa.nnz * sizeof *xa.val) == 0 &&
               memcmp(ff.idf, fa.idf, ff.dim * sizeof *ff.idf) == 0;
    for (size_t i = 0; same && !hash_bits && i < ff.dim; i++) {
        uint32_t l1, l2;
        const char *k1 = vocab_key(&ff.voc, i, &l1), *k2 = vocab_key(&fa.voc, i, &l2);
        same = l1 == l2 && memcmp(k1, k2, l1) == 0 && ff.voc.df[i] == fa.voc.df[i];
    }
    check(same, "a fold's space is fitted on its training documents alone (hash %d, max_features %d): dim %zu vs %zu",
          hash_bits, max_features, ff.dim, fa.dim);
    if (!hash_bits && !max_features)
        check(ff.dim < all.dim, "held-out n-grams are not in the fold's vocabulary (%zu < %zu)", ff.dim, all.dim);
    /* held-out rows are what vectorising them in the fold's space gives */
    int32_t *col = NULL;
    double *val = NULL;
    size_t cap = 0, nnz;
    const feat_term *t;
    size_t nt;
    feat_doc_terms(c, docs[5], strlen(docs[5]), "t", 1, &t, &nt, &err);
    feat_vectorize(&fa, t, nt, &col, &val, &cap, &nnz);
    size_t s7 = xf.rowptr[7];
    check(xf.rowptr[8] - s7 == nnz && memcmp(xf.col + s7, col, nnz * sizeof *col) == 0 &&
              memcmp(xf.val + s7, val, nnz * sizeof *val) == 0,
          "a held-out row equals the document vectorised in the fold's space");
    free(col);
    free(val);
    csr_finish(&x0);
    csr_finish(&xf);
    csr_finish(&xa);
    csr_finish(&xall);
    feat_space_finish(&f0);
    feat_space_finish(&ff);
    feat_space_finish(&fa);
    feat_space_finish(&all);
    feat_raw_finish(&raw);
    feat_ctx_free(c);
}

/* hash_bytes as first written (the tail copied into a zeroed word): the
 * hashes decide hashed features' buckets, so they must never change */
static uint64_t mix_ref(uint64_t x)
{
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    return x ^ (x >> 32);
}

static uint64_t hash_ref(const unsigned char *s, size_t n, uint64_t seed)
{
    uint64_t h = seed ^ (n * 0x9e3779b97f4a7c15ULL), w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ mix_ref(w)) * 0x9e3779b97f4a7c15ULL;
    }
    if (n) {
        w = 0;
        memcpy(&w, s, n);
        h = (h ^ mix_ref(w ^ ((uint64_t)n << 56))) * 0x9e3779b97f4a7c15ULL;
    }
    return mix_ref(h);
}

static void test_hash(void)
{
    unsigned char b[48];
    uint64_t x = 88172645463325252ULL;
    long bad = 0, eq_bad = 0;
    for (int it = 0; it < 200000; it++) {
        size_t n = (size_t)(it % 41);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            b[i] = (unsigned char)x;
        }
        uint64_t seed = x % 256;
        bad += hash_bytes(b, n, seed) != hash_ref(b, n, seed);
        unsigned char c[48];
        memcpy(c, b, n);
        if (n)
            c[x % n] ^= (unsigned char)(1 + (x >> 8) % 255);
        eq_bad += !bytes_eq(b, b, n) || (n && bytes_eq(b, c, n));
    }
    check(bad == 0, "hash_bytes differs from the reference on %ld inputs", bad);
    check(eq_bad == 0, "bytes_eq wrong on %ld inputs", eq_bad);
    check(hash_bytes("", 0, 'w') == hash_ref((const unsigned char *)"", 0, 'w'), "empty key");
}

int main(void)
{
    test_fold_fit(0, 0);
    test_fold_fit(0, 3);
    test_fold_fit(10, 0);
    test_hash();
    test_utf8();
    test_normalise();
    test_wordbreak();
    test_ngrams();
    test_vocab_idf();
    test_long_rows();
    test_config();
    test_params();
    test_lead_ngrams();
    test_lead_norm();
    test_crc();
    return check_done();
}
