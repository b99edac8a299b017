/*
 * test_json.c - the JSON reader: values, RFC 8259's number grammar,
 * strings and their escapes, errors with their byte offsets, and inputs
 * large enough that the reader's allocations matter (JSON Lines corpora,
 * requests to tasnif serve).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../../features/json.h"
#include "check.h"

static json *parse(const char *s, size_t *at, const char **why)
{
    size_t a = 0;
    const char *w = NULL;
    json *j = json_parse(s, strlen(s), &a, &w);
    if (at)
        *at = a;
    if (why)
        *why = w;
    return j;
}

static void test_values(void)
{
    json *j = parse(" {\"a\": [1, -2.5e1, true, false, null, \"x\"], \"b\": {}} ", NULL, NULL);
    check(j && j->type == JSON_OBJ && j->n == 2, "an object of two members");
    const json *a = json_get(j, "a");
    check(a && a->type == JSON_ARR && a->n == 6, "an array of six");
    if (a && a->n == 6) {
        check(a->items[0]->type == JSON_NUM && a->items[0]->num == 1, "1");
        check(a->items[1]->type == JSON_NUM && a->items[1]->num == -25, "-2.5e1");
        check(a->items[2]->type == JSON_BOOL && a->items[2]->num == 1, "true");
        check(a->items[3]->type == JSON_BOOL && a->items[3]->num == 0, "false");
        check(a->items[4]->type == JSON_NULL, "null");
        check(a->items[5]->type == JSON_STR && strcmp(a->items[5]->str, "x") == 0, "\"x\"");
    }
    const json *b = json_get(j, "b");
    check(b && b->type == JSON_OBJ && b->n == 0, "an empty object");
    check(json_get(j, "c") == NULL && json_get(a, "a") == NULL, "json_get: absent key, not an object");
    check(json_num(j, "a", 7) == 7, "json_num of a non-number gives the default");
    json_free(j);
}

static void test_numbers(void)
{
    static const struct {
        const char *text;
        double v;
    } good[] = {
        {"0", 0}, {"-0", 0}, {"7", 7}, {"-12", -12}, {"0.5", 0.5}, {"1e3", 1000}, {"1E+2", 100}, {"25e-1", 2.5},
        {"-0.0e0", 0}, {"123456789012345678901234567890123456789012345678901234567890123456789", 1.2345678901234568e68},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        json *j = parse(good[i].text, NULL, NULL);
        check(j && j->type == JSON_NUM && fabs(j->num - good[i].v) <= 1e-9 * fabs(good[i].v),
              "'%s' is the number %g", good[i].text, good[i].v);
        json_free(j);
    }
    /* what strtod would take but JSON does not */
    static const char *const bad[] = {"+1", ".5", "1.", "01", "-", "1e", "1e+", "0x10", "inf", "NaN", "- 1", "1.e3",
                                      "--1", "[1,]", "[01]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json *j = parse(bad[i], NULL, NULL);
        check(j == NULL, "'%s' is refused", bad[i]);
        json_free(j);
    }
    const char *why;
    size_t at;
    json *j = parse("[1.x]", &at, &why);
    check(!j && at == 3 && why && strstr(why, "decimal point"), "1.x: at 3, a digit must follow the point (%zu, %s)",
          at, why ? why : "");
    json_free(j);
    j = parse("{\"k\": -}", &at, &why);
    check(!j && at == 7 && why && strstr(why, "'-'"), "a lone minus: at 7 (%zu, %s)", at, why ? why : "");
    json_free(j);
}

static void test_strings(void)
{
    json *j = parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\u0645\\ud83d\\ude00\"", NULL, NULL);
    check(j && j->type == JSON_STR && strcmp(j->str, "a\"b\\c/d\n\t\xc3\xa9\xd9\x85\xf0\x9f\x98\x80") == 0,
          "escapes decode to UTF-8");
    json_free(j);
    static const struct {
        const char *text, *why;
    } bad[] = {
        {"\"abc", "unterminated"},
        {"\"a\\", NULL},
        {"\"\\ud800\"", "lone surrogate"},
        {"\"\\udc00x\"", "lone surrogate"},
        {"\"\\u12g4\"", "four hex digits"},
        {"\"\\u0000\"", "\\u0000"},
        {"\"\\q\"", "invalid escape"},
        {"\"a\tb\"", "control character"},
        {"{\"a\" 1}", "':'"},
        {"{1: 2}", "key"},
        {"[1 2]", "',' or ']'"},
        {"{\"a\": 1 \"b\": 2}", "',' or '}'"},
        {"[1] x", "text after"},
        {"", "missing"},
        {"@", "not a JSON value"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *why;
        size_t at;
        j = parse(bad[i].text, &at, &why);
        check(!j && at <= strlen(bad[i].text) && why && (!bad[i].why || strstr(why, bad[i].why)),
              "'%s' refused with '%s' (got '%s')", bad[i].text, bad[i].why ? bad[i].why : "", why ? why : "");
        json_free(j);
    }
}

static void test_depth(void)
{
    char deep[200];
    for (int d = 64; d <= 65; d++) {
        memset(deep, '[', (size_t)d);
        memset(deep + d, ']', (size_t)d);
        deep[2 * d] = '\0';
        const char *why = NULL;
        json *j = parse(deep, NULL, &why);
        if (d == 64)
            check(j != NULL, "64 levels parse");
        else
            check(!j && why && strstr(why, "64 levels"), "65 levels are refused");
        json_free(j);
    }
}

/* A request of many documents, each with a long text: every string is
 * decoded whole, the arrays hold every item in order. */
static void test_large(void)
{
    size_t ndocs = 20000, tlen = 300, cap = ndocs * (tlen + 64) + 64, o = 0;
    char *s = malloc(cap);
    if (!s) {
        check(0, "out of memory");
        return;
    }
    o += (size_t)snprintf(s + o, cap - o, "{\"documents\":[");
    for (size_t i = 0; i < ndocs; i++) {
        o += (size_t)snprintf(s + o, cap - o, "%s{\"id\":\"d%zu\",\"text\":\"", i ? "," : "", i);
        for (size_t k = 0; k < tlen; k++)
            s[o++] = (char)('a' + (i + k) % 26);
        o += (size_t)snprintf(s + o, cap - o, "\\n\"}");
    }
    o += (size_t)snprintf(s + o, cap - o, "]}");
    size_t at;
    json *j = json_parse(s, o, &at, NULL);
    const json *d = json_get(j, "documents");
    check(d && d->type == JSON_ARR && d->n == ndocs, "%zu documents", ndocs);
    int same = d && d->n == ndocs;
    for (size_t i = 0; same && i < ndocs; i++) {
        const json *id = json_get(d->items[i], "id"), *t = json_get(d->items[i], "text");
        char want[32];
        snprintf(want, sizeof want, "d%zu", i);
        same = id && t && strcmp(id->str, want) == 0 && strlen(t->str) == tlen + 1 &&
               t->str[0] == (char)('a' + i % 26) && t->str[tlen] == '\n';
    }
    check(same, "every document's id and text in order");
    json_free(j);
    free(s);
}

int main(void)
{
    test_values();
    test_numbers();
    test_strings();
    test_depth();
    test_large();
    return check_done();
}
