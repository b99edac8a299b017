/*
 * clitics.c - Arabic clitic segmentation: a token written as one word but
 * made of a conjunction, a preposition, the article, a stem and a pronoun
 * (وبالمدينة "and in the city", كتابهم "their book") becomes one token per
 * part, so that المدينة, بالمدينة and مدينة share their stem.
 *
 * The rules are those of light segmenters such as Larkey et al.'s light10
 * and the clitic layer of Darwish's Farasa, without a lexicon, and lean
 * towards leaving a word whole:
 *
 *   [و|ف] [ب|ك|ل] [ال] STEM [pronoun]
 *
 * - the article ال is split when at least 2 letters stay (3 after the
 *   prepositions: بال, كال, and لل, which is ل + ال with its alef elided);
 *   a handful of words that begin with ال without carrying it (الله, الذي,
 *   التي, الى ...) stay whole;
 * - the prepositions ب ك ل only together with the article: alone they
 *   begin too many stems (بريطانيا, كانت, لبنان);
 * - the conjunction و before any of these, or alone when 3 letters stay
 *   and the word is not one of the common words that begin with و
 *   (وزير, وكالة, واشنطن ...); ف only before the article;
 * - one pronoun enclitic (هما كما ها هم هن كم كن نا ه ي ك) when the word has
 *   no article (a definite noun takes no pronoun) and 3 letters stay; none
 *   after ا (اتجاه, تفاهم, اماكن), نا not after و (كورونا), ه after ي only
 *   when exactly 3 letters stay (عليه but not توجيه), and the one-letter
 *   pronouns ي and ك only after ت (حكومتي, not عسكري or مشترك).
 *
 * The letters are seen before alef, alef maqsura and ta marbuta are folded
 * (tokenize.c folds each piece afterwards), so أ and إ never start the
 * article (ألمانيا, إلى) and ة is never the pronoun ه (مدينة).
 */
#include <string.h>
#include "ctx.h"

enum {
    ALEF = 0x0627, BA = 0x0628, TA = 0x062A, FA = 0x0641, KAF = 0x0643, LAM = 0x0644,
    NUN = 0x0646, HA = 0x0647, WAW = 0x0648, YA = 0x064A, MIM = 0x0645,
};

/* Does t[0..n) spell the UTF-8 Arabic word w (two bytes a letter)? With
 * prefix, does t begin with it? */
static int spells(const UChar *t, int32_t n, const char *w, int prefix)
{
    size_t len = strlen(w) / 2;
    if (prefix ? (size_t)n < len : (size_t)n != len)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned u = ((unsigned)(unsigned char)w[2 * i] & 0x1F) << 6 | ((unsigned char)w[2 * i + 1] & 0x3F);
        if (t[i] != u)
            return 0;
    }
    return 1;
}

static int in_list(const UChar *t, int32_t n, const char *const *list, int prefix)
{
    for (; *list; list++)
        if (spells(t, n, *list, prefix))
            return 1;
    return 0;
}

/* Words that begin with ال (or لل) and carry no article. */
static const char *const not_article[] = {
    "الله", "اللهم", "لله", "الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللاتي",
    "اللواتي", "اللائي", "الا", "الان", "الى", "الي", "اليه", "اليها", "اليهم", "اليهما", "اليهن", "اليك",
    "اليكم", "الينا", "الاف", NULL,
};

/* Beginnings of common words whose first letter و is no conjunction, and
 * whole words (their beginnings also begin words with و + ال, as in
 * والدولة). */
static const char *const waw_stems[] = {
    "وزير", "وزار", "وزراء", "وكال", "واشنطن", "ولاي", "وحد", "وسائل", "وسيل", "وطن", "وفاة", "وفاه", "وصول",
    "وجود", "ورق", "وضع", "وقف", "وقت", "وسط", "وقع", "وفد", "وصف", "ورد", "وعد", "وجه", "واجه", "واقع", "واضح",
    "واسع", "وثيق", "وثائق", "وظيف", "وراء", "وكيل", "وكلاء", NULL,
};
static const char *const waw_words[] = {
    "والد", "والده", "والدة", "والدته", "والدها", "والدهم", "والدي", "والدا", "والي", "واليا", "ولد", "ولدت",
    "ولي", "وليا", NULL,
};

static int is_letter(UChar u)
{
    return (u >= 0x0621 && u <= 0x063A) || (u >= 0x0641 && u <= 0x064A);
}

static void piece(clitic_piece *out, int *k, const UChar *s, int32_t n)
{
    out[*k].s = s;
    out[*k].n = n;
    (*k)++;
}

/* The pronoun enclitic at the end of stem s[0..n), or 0 letters. */
static int32_t enclitic(const UChar *s, int32_t n)
{
    static const char *const pron[] = {"هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ه", "ي", "ك", NULL};
    for (const char *const *p = pron; *p; p++) {
        int32_t len = (int32_t)(strlen(*p) / 2), rest = n - len;
        if (rest < 3 || !spells(s + rest, len, *p, 0))
            continue;
        UChar before = s[rest - 1];
        if (before == ALEF || (before == WAW && len == 2 && s[rest] == NUN))
            return 0;
        if (len == 1 && s[rest] == HA && before == YA && rest != 3)
            return 0;
        if (len == 1 && s[rest] != HA && before != TA)
            return 0;
        return len;
    }
    return 0;
}

int arabic_clitics(const UChar *t, int32_t n, clitic_piece out[CLITIC_PIECES_MAX], int *stem)
{
    static const UChar al[2] = {ALEF, LAM};
    int k = 0;
    *stem = 0;
    for (int32_t i = 0; i < n; i++)
        if (!is_letter(t[i])) {
            piece(out, &k, t, n);
            return k;
        }
    int32_t i = 0;
    int conj = (t[0] == WAW || t[0] == FA) && n > 1 && !(t[0] == WAW && (in_list(t, n, waw_stems, 1) || in_list(t, n, waw_words, 0)));
    int32_t c = conj ? 1 : 0;
    const UChar *r = t + c;
    int32_t m = n - c;
    /* after a conjunction the rest may itself be a word listed whole */
    if (in_list(r, m, not_article, 0)) {
        if (conj && t[0] == WAW)
            piece(out, &k, t, 1);
        *stem = k;
        piece(out, &k, conj && t[0] == WAW ? r : t, conj && t[0] == WAW ? m : n);
        return k;
    }
    int prep = 0, art = 0;
    if (m - 3 >= 3 && (r[0] == BA || r[0] == KAF) && r[1] == ALEF && r[2] == LAM)
        prep = art = 1; /* بال كال */
    else if (m - 2 >= 3 && r[0] == LAM && r[1] == LAM)
        prep = art = 2; /* لل: ل + ال */
    else if (m - 2 >= 2 && r[0] == ALEF && r[1] == LAM)
        art = 1;
    if (art) {
        if (conj)
            piece(out, &k, t, 1);
        if (prep)
            piece(out, &k, r, 1);
        piece(out, &k, al, 2);
        int32_t skip = prep == 1 ? 3 : 2;
        *stem = k;
        piece(out, &k, r + skip, m - skip);
        return k;
    }
    /* no article: a conjunction alone is و with 3 letters left */
    if (conj && (t[0] != WAW || m < 3))
        conj = 0;
    if (conj) {
        piece(out, &k, t, 1);
        i = 1;
    }
    int32_t e = enclitic(t + i, n - i);
    *stem = k;
    piece(out, &k, t + i, n - i - e);
    if (e)
        piece(out, &k, t + n - e, e);
    return k;
}
