/*
 * tokens.h - the feature unit tests' helpers: a context for a
 * configuration (exits on failure), a text's normalised tokens, and
 * TOK(cfg, in, want) checking them.  Include after check.h.
 */
#ifndef TASNIF_TEST_TOKENS_H
#define TASNIF_TEST_TOKENS_H

#include <stdlib.h>
#include <string.h>
#include "../../features/features.h"

static feat_ctx *ctx_with(const feat_config *cfg)
{
    feat_ctx *c = NULL;
    tasnif_err err = {0};
    if (feat_ctx_new(cfg, &c, &err) < 0) {
        fprintf(stderr, "feat_ctx_new: %s\n", err.msg);
        exit(1);
    }
    return c;
}

/* The space-joined tokens of text under cfg. */
static char *tokens(const feat_config *cfg, const char *text)
{
    feat_ctx *c = ctx_with(cfg);
    const feat_term *t;
    size_t n, len;
    tasnif_err err = {0};
    char *out;
    if (feat_doc_terms(c, text, strlen(text), "t", 1, &t, &n, &err) < 0)
        out = strdup(err.msg);
    else {
        const char *s = feat_ctx_tokens(c, &len);
        out = strndup(s, len);
    }
    feat_ctx_free(c);
    return out;
}

static void check_tokens(const feat_config *cfg, const char *in, const char *want, int line)
{
    char *got = tokens(cfg, in);
    check(strcmp(got, want) == 0, "line %d: tokens of '%s': got '%s', want '%s'", line, in, got, want);
    free(got);
}
#define TOK(cfg, in, want) check_tokens(cfg, in, want, __LINE__)

#endif
