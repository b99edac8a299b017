/*
 * test_clitics.c - Arabic clitic segmentation (--clitics), character
 * n-grams across words (--char-ngrams-across), and the configuration keys
 * that store them in models.
 */
#include <stdlib.h>
#include <string.h>
#include "../../features/features.h"
#include "../../train/train.h"
#include "check.h"
#include "tokens.h"


/* Words and their segmentation with the default folds (ta marbuta to ha,
 * alef forms to bare alef, alef maqsura to ya), each piece folded after
 * the split. */
static const struct {
    const char *word, *want;
} table[] = {
    /* conjunction, preposition, article */
    {"وبالمدينة", "و ب ال مدينه"},
    {"والسلام", "و ال سلام"},
    {"بالمدينة", "ب ال مدينه"},
    {"كالبحر", "ك ال بحر"},
    {"للمدينة", "ل ال مدينه"},
    {"وللمدينة", "و ل ال مدينه"},
    {"فالحرب", "ف ال حرب"},
    {"الحرب", "ال حرب"},
    {"الأمن", "ال امن"},
    {"وقال", "و قال"},
    {"وأكد", "و اكد"},
    {"ووزير", "و وزير"},
    /* too short a stem, or no clitic at all: whole */
    {"ولد", "ولد"},
    {"بلد", "بلد"},
    {"كتب", "كتب"},
    {"وفد", "وفد"},
    {"بين", "بين"},
    {"الدم", "ال دم"},
    {"الم", "الم"},
    /* ب ك ل and ف never alone */
    {"بريطانيا", "بريطانيا"},
    {"كانت", "كانت"},
    {"لبنان", "لبنان"},
    {"فلسطين", "فلسطين"},
    {"فقال", "فقال"},
    /* words that begin with ال or و without the clitic */
    {"الله", "الله"},
    {"والله", "و الله"},
    {"لله", "لله"},
    {"الذي", "الذي"},
    {"التي", "التي"},
    {"الذين", "الذين"},
    {"إلى", "الي"},
    {"ألمانيا", "المانيا"},
    {"إليه", "الي ه"},      /* إلى + ه: the hamza tells it from the article */
    {"اليه", "اليه"},
    {"وزير", "وزير"},
    {"وزارة", "وزاره"},
    {"وكالة", "وكاله"},
    {"واشنطن", "واشنطن"},
    {"والده", "والد ه"},
    {"والدولة", "و ال دوله"},
    /* pronoun enclitics */
    {"كتابه", "كتاب ه"},
    {"كتابها", "كتاب ها"},
    {"كتابهم", "كتاب هم"},
    {"كتابهما", "كتاب هما"},
    {"كتابهن", "كتاب هن"},
    {"كتابكم", "كتاب كم"},
    {"كتابكما", "كتاب كما"},
    {"كتابكن", "كتاب كن"},
    {"كتابنا", "كتاب نا"},
    {"حكومتي", "حكومت ي"},
    {"حكومتك", "حكومت ك"},
    {"عليه", "علي ه"},
    {"وحكومتهم", "و حكومت هم"},
    /* not pronouns */
    {"مدينة", "مدينه"},
    {"منها", "منها"},
    {"عسكري", "عسكري"},
    {"مشترك", "مشترك"},
    {"اتجاه", "اتجاه"},
    {"تفاهم", "تفاهم"},
    {"محاكم", "محاكم"},
    {"كورونا", "كورونا"},
    {"يمكن", "يمكن"},
    {"توجيه", "توجيه"},
    {"مستشفى", "مستشفي"},
    /* a definite noun takes no pronoun */
    {"المتهم", "ال متهم"},
    {"المحاكم", "ال محاكم"},
};

static void test_table(void)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.lead_words = 0; /* the word and character families alone */
    cfg.clitics = 1;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        TOK(&cfg, table[i].word, table[i].want);
    /* a sentence, with diacritics and tatweel folded away first */
    TOK(&cfg, "وَبالمدينةِ قالـــوا: السلامُ عليكم", "و ب ال مدينه قالوا ال سلام علي كم");
    /* the folds still apply to each piece when switched on, and not when off */
    feat_config keep = cfg;
    keep.fold_alef = keep.fold_ta_marbuta = keep.fold_maqsura = 0;
    TOK(&keep, "وبالمدينة", "و ب ال مدينة");
    TOK(&keep, "وأكد إلى مستشفى", "و أكد إلى مستشفى");
    TOK(&keep, "والسلام", "و ال سلام");
    /* without --clitics nothing is split, and the folds are as ever */
    feat_config off;
    feat_config_defaults(&off);
    off.lead_words = 0; /* the word and character families alone */
    TOK(&off, "وبالمدينة كتابهم إلى", "وبالمدينه كتابهم الي");
    /* with stemming the stem is stemmed after the split */
    feat_config st = cfg;
    st.stem = 1;
    TOK(&st, "والمفاوضات بالهدنة", "و ال مفاوض ب ال هدن");
}

/* Other scripts, and Arabic-script words with letters other than
 * Arabic's own (Persian, Urdu), come out exactly as without --clitics. */
static void test_other_scripts(void)
{
    static const char *texts[] = {
        "The ceasefire talks in Geneva, 2017: U.S. envoy's visit",
        "Les pourparlers à Genève l'année dernière",
        "Переговоры в Женеве",
        "کتابخانه‌های ایران و پاکستان",   /* keheh, Farsi yeh, pe */
        "مذاکرات آتش‌بس در ژنو گفتگو",      /* zhe, gaf */
        "پیشنهاد کشورهای همسایه",
        "اردو زبان میں خبریں",              /* Urdu: Farsi yeh, noon ghunna-free */
        "كوفيد19 و covid",
    };
    feat_config on, off;
    feat_config_defaults(&off);
    off.lead_words = 0; /* the word and character families alone */
    on = off;
    on.clitics = 1;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char *a = tokens(&on, texts[i]), *b = tokens(&off, texts[i]);
        check(strcmp(a, b) == 0, "'%s': with clitics '%s', without '%s'", texts[i], a, b);
        free(a);
        free(b);
    }
}

static int has_term(const feat_term *t, size_t n, int fam, const char *key, uint32_t count)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].family == fam && t[i].len == strlen(key) && memcmp(t[i].key, key, t[i].len) == 0)
            return t[i].count == count;
    return 0;
}

static int count_family(const feat_term *t, size_t n, int fam)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += t[i].family == fam;
    return k;
}

static void test_across(void)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.lead_words = 0; /* the word and character families alone */
    cfg.word_max = 1;
    cfg.char_min = 2;
    cfg.char_max = 2;
    cfg.across_min = 2;
    cfg.across_max = 3;
    feat_ctx *c = ctx_with(&cfg);
    const feat_term *t;
    size_t n;
    tasnif_err err = {0};
    /* "ab  ab,cd" normalises to the tokens "ab ab cd" */
    check(feat_doc_terms(c, "ab  ab,cd", 9, "t", 1, &t, &n, &err) == 0, "terms: %s", err.msg);
    check(has_term(t, n, FEAT_ACROSS, "ab", 2) && has_term(t, n, FEAT_ACROSS, "b ", 2) &&
              has_term(t, n, FEAT_ACROSS, " a", 1) && has_term(t, n, FEAT_ACROSS, " c", 1) &&
              has_term(t, n, FEAT_ACROSS, "cd", 1),
          "bigrams across words, spaces included");
    check(has_term(t, n, FEAT_ACROSS, "b a", 1) && has_term(t, n, FEAT_ACROSS, "ab ", 2) &&
              has_term(t, n, FEAT_ACROSS, "b c", 1) && has_term(t, n, FEAT_ACROSS, " cd", 1),
          "trigrams across words");
    /* 2-grams: ab "b " " a" " c" cd; 3-grams: "ab " "b a" " ab" "b c" " cd" */
    check(count_family(t, n, FEAT_ACROSS) == 10, "distinct grams across words: %d", count_family(t, n, FEAT_ACROSS));
    check(!has_term(t, n, FEAT_ACROSS, " ", 3) && !has_term(t, n, FEAT_ACROSS, "a", 2), "no 1-grams at min 2");
    check(has_term(t, n, FEAT_CHAR, "ab", 2) && has_term(t, n, FEAT_WORD, "ab", 2),
          "the word ab, the in-word gram ab and the gram ab across words are three features");
    check(count_family(t, n, FEAT_CHAR) == 6, "in-word grams as before: <a ab b> <c cd d>");
    /* code points, not bytes; the folded text; no padding at the ends */
    check(feat_doc_terms(c, "في حلبَ", strlen("في حلبَ"), "t", 1, &t, &n, &err) == 0, "arabic: %s", err.msg);
    check(has_term(t, n, FEAT_ACROSS, "ي ح", 1) && has_term(t, n, FEAT_ACROSS, " حل", 1) &&
              has_term(t, n, FEAT_ACROSS, "حلب", 1) && has_term(t, n, FEAT_ACROSS, "في", 1),
          "arabic grams across words by code point");
    check(!has_term(t, n, FEAT_ACROSS, " في", 1) && !has_term(t, n, FEAT_ACROSS, "حلب ", 1), "no padding");
    feat_ctx_free(c);
    /* across words alone, over the clitic tokens when both are on */
    cfg.word_max = cfg.char_max = 0;
    cfg.clitics = 1;
    cfg.across_min = cfg.across_max = 3;
    tasnif_err e2 = {0};
    check(feat_config_check(&cfg, &e2) == 0, "grams across words alone are features: %s", e2.msg);
    c = ctx_with(&cfg);
    check(feat_doc_terms(c, "والسلام", strlen("والسلام"), "t", 1, &t, &n, &err) == 0, "clitics: %s", err.msg);
    check(n == 7 && has_term(t, n, FEAT_ACROSS, "و ا", 1) && has_term(t, n, FEAT_ACROSS, "ل س", 1) &&
              count_family(t, n, FEAT_WORD) == 0,
          "grams across the pieces of و ال سلام (%zu)", n);
    feat_ctx_free(c);
}

static void test_config(void)
{
    feat_config cfg, back;
    feat_config_defaults(&cfg);
    cfg.lead_words = 0; /* the word and character families alone */
    check(cfg.across_max == 0 && cfg.clitics == 0, "both off by default");
    cfg.across_min = 3;
    cfg.across_max = 5;
    cfg.clitics = 1;
    char buf[2048] = "";
    FILE *fp = fmemopen(buf, sizeof buf, "w");
    check(fp && feat_config_write(&cfg, fp) == 0, "write");
    if (fp)
        fclose(fp);
    check(strstr(buf, "\nacross_min=3\n") && strstr(buf, "\nacross_max=5\n") && strstr(buf, "\nclitics=1\n"),
          "written: %s", buf);
    feat_config_defaults(&back);
    back.lead_words = 0; /* the word and character families alone */
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        char *eq = strchr(line, '=');
        *eq = '\0';
        check(feat_config_set(&back, line, eq + 1) == 0, "set %s", line);
    }
    check(memcmp(&cfg, &back, sizeof cfg) == 0, "read back the same");
    check(feat_config_set(&back, "clitics", "2") < 0 && feat_config_set(&back, "across_max", "21") < 0 &&
              feat_config_set(&back, "across_min", "0") < 0,
          "out of range values refused");
    tasnif_err err = {0};
    back.across_min = 4;
    back.across_max = 3;
    check(feat_config_check(&back, &err) == TASNIF_EARG && strstr(err.msg, "across"), "max below min: %s", err.msg);
    back.word_max = back.char_max = back.across_max = 0;
    check(feat_config_check(&back, &err) == TASNIF_EARG, "no features at all: %s", err.msg);
    /* a model written before these keys loads with both off */
    tasnif_model *m = NULL;
    check(tasnif_model_load("tests/fuzz/corpus/model/tiny.tsnf", &m, &err) == 0, "older model loads: %s", err.msg);
    if (m)
        check(m->fs.cfg.across_max == 0 && m->fs.cfg.clitics == 0, "older model: both off");
    tasnif_model_free(m);
}

int main(void)
{
    test_table();
    test_other_scripts();
    test_across();
    test_config();
    return check_done();
}
