/*
 * fuzz_text.c - UTF-8 validation, repair, ICU normalisation, word break,
 * stemming and n-grams on arbitrary bytes, strict and lenient; the fast
 * word break must give ICU's tokens (TASNIF_ICU_ONLY=1) on every input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../features/features.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static feat_ctx *strict, *lenient, *icu;
    if (!strict) {
        feat_config cfg;
        feat_config_defaults(&cfg);
        cfg.word_max = 3;
        cfg.char_min = 1;
        cfg.char_max = 5;
        feat_ctx_new(&cfg, &strict, NULL);
        cfg.lenient = 1;
        cfg.stem = 1;
        feat_ctx_new(&cfg, &lenient, NULL);
        setenv("TASNIF_ICU_ONLY", "1", 1);
        feat_ctx_new(&cfg, &icu, NULL);
        unsetenv("TASNIF_ICU_ONLY");
    }
    const char *text = (const char *)data;
    const feat_term *t;
    size_t n, bad;
    tasnif_err err;
    int valid = utf8_check(text, size, &bad) == 0;
    int rc = feat_doc_terms(strict, text, size, "fuzz", 1, &t, &n, &err);
    if (valid != (rc == 0) && rc != TASNIF_ELIMIT)
        abort(); /* strict mode must fail exactly on invalid UTF-8 */
    if (feat_doc_terms(lenient, text, size, "fuzz", 1, &t, &n, &err) < 0 && size < (1u << 20))
        abort(); /* lenient mode accepts any bytes */
    for (size_t i = 0; i < n; i++)
        if (utf8_check(t[i].key, t[i].len, &bad) != 0)
            abort(); /* every n-gram is valid UTF-8 */
    if (feat_doc_terms(icu, text, size, "fuzz", 1, &t, &n, &err) == 0) {
        size_t la, lb;
        const char *a = feat_ctx_tokens(lenient, &la), *b = feat_ctx_tokens(icu, &lb);
        if (la != lb || memcmp(a, b, la) != 0)
            abort(); /* the fast word break gives ICU's tokens */
    }
    char *out = NULL;
    size_t cap = 0, len;
    if (utf8_repair(text, size, &out, &cap, &len) == 0 && utf8_check(out, len, &bad) != 0)
        abort();
    free(out);
    return 0;
}
