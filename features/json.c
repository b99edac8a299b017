/*
 * json.c - recursive-descent JSON parser with a depth limit.
 */
#include <stdlib.h>
#include <string.h>
#include "features.h"
#include "json.h"

typedef struct parser {
    const char *s;
    size_t n, i;
    int depth;
    const char *why;    /* the first error found, or NULL */
} parser;

const char json_out_of_memory[] = "out of memory";

/* Record why parsing failed (the innermost reason wins). */
static void fail(parser *p, const char *why)
{
    if (!p->why)
        p->why = why;
}

static void ws(parser *p)
{
    while (p->i < p->n && strchr(" \t\r\n", p->s[p->i]) && p->s[p->i])
        p->i++;
}

static json *value(parser *p);

void json_free(json *j)
{
    if (!j)
        return;
    free(j->str);
    for (size_t i = 0; i < j->n; i++) {
        if (j->keys)
            free(j->keys[i]);
        json_free(j->items[i]);
    }
    free(j->keys);
    free(j->items);
    free(j);
}

static int hex4(parser *p, unsigned *u)
{
    *u = 0;
    for (int k = 0; k < 4; k++) {
        if (p->i >= p->n)
            return -1;
        char h = p->s[p->i++];
        *u <<= 4;
        if (h >= '0' && h <= '9') *u |= (unsigned)(h - '0');
        else if (h >= 'a' && h <= 'f') *u |= (unsigned)(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F') *u |= (unsigned)(h - 'A' + 10);
        else return -1;
    }
    return 0;
}

/* Room for the string that starts at p: the decoded string is never longer
 * than its text, so it is sized by the closing quote, not by the rest of
 * the input. */
static char *string_room(parser *p)
{
    size_t end = p->i;
    while (end < p->n && p->s[end] != '"')
        end += p->s[end] == '\\' ? 2 : 1;
    char *o = malloc((end < p->n ? end : p->n) - p->i + 1);
    if (!o)
        fail(p, json_out_of_memory);
    return o;
}

static char *string(parser *p)
{
    if (p->i >= p->n || p->s[p->i] != '"')
        return NULL;
    p->i++;
    char *o = string_room(p);
    size_t k = 0, esc = 0;
    if (!o)
        return NULL;
    while (p->i < p->n && p->s[p->i] != '"') {
        unsigned char c = (unsigned char)p->s[p->i++];
        if (c < 0x20) {
            fail(p, "control character in a string (escape it)");
            goto bad;
        }
        if (c != '\\') {
            o[k++] = (char)c;
            continue;
        }
        if (p->i >= p->n)
            goto bad;
        c = (unsigned char)p->s[p->i++];
        unsigned u;
        switch (c) {
        case '"': case '\\': case '/': o[k++] = (char)c; break;
        case 'b': o[k++] = '\b'; break;
        case 'f': o[k++] = '\f'; break;
        case 'n': o[k++] = '\n'; break;
        case 'r': o[k++] = '\r'; break;
        case 't': o[k++] = '\t'; break;
        case 'u':
            esc = p->i - 2; /* errors point at the backslash */
            if (hex4(p, &u) < 0) {
                fail(p, "invalid \\u escape: four hex digits expected");
                goto bad_escape;
            }
            if (u >= 0xD800 && u <= 0xDBFF) {
                unsigned lo;
                if (p->i + 2 > p->n || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u') {
                    fail(p, "invalid \\u escape: lone surrogate");
                    goto bad_escape;
                }
                p->i += 2;
                if (hex4(p, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF) {
                    fail(p, "invalid \\u escape: lone surrogate");
                    goto bad_escape;
                }
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            } else if (u >= 0xDC00 && u <= 0xDFFF) {
                fail(p, "invalid \\u escape: lone surrogate");
                goto bad_escape;
            }
            if (u == 0) { /* strings are NUL-terminated */
                fail(p, "\\u0000 is not allowed in a string");
                goto bad_escape;
            }
            k += utf8_encode(u, o + k);
            break;
        default:
            fail(p, "invalid escape in a string");
            goto bad;
        }
    }
    if (p->i >= p->n) {
        fail(p, "unterminated string");
        goto bad;
    }
    p->i++;
    o[k] = '\0';
    return o;
bad_escape:
    p->i = esc;
bad:
    free(o);
    return NULL;
}

/* Append item (and its key, for an object); the arrays grow by doubling. */
static int push(json *j, char *key, json *item)
{
    if (j->n == j->cap) {
        size_t cap = j->cap ? 2 * j->cap : 4;
        json **items = realloc(j->items, cap * sizeof *items);
        if (!items)
            return -1;
        j->items = items;
        if (j->type == JSON_OBJ) {
            char **keys = realloc(j->keys, cap * sizeof *keys);
            if (!keys)
                return -1;
            j->keys = keys;
        }
        j->cap = cap;
    }
    if (j->type == JSON_OBJ)
        j->keys[j->n] = key;
    j->items[j->n++] = item;
    return 0;
}

static int digits(parser *p)
{
    size_t b = p->i;
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
        p->i++;
    return p->i > b;
}

/* A number as RFC 8259 writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int number(parser *p, double *v)
{
    size_t b = p->i;
    if (p->i < p->n && p->s[p->i] == '-')
        p->i++;
    if (p->i < p->n && p->s[p->i] == '0')
        p->i++;
    else if (!(p->i < p->n && p->s[p->i] > '0' && p->s[p->i] <= '9' && digits(p))) {
        fail(p, p->i > b ? "invalid number: a digit must follow '-'" : "not a JSON value");
        return -1;
    }
    if (p->i < p->n && p->s[p->i] == '.') {
        p->i++;
        if (!digits(p)) {
            fail(p, "invalid number: a digit must follow the decimal point");
            return -1;
        }
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
            p->i++;
        if (!digits(p)) {
            fail(p, "invalid number: a digit must follow the exponent");
            return -1;
        }
    }
    char buf[64], *t = buf;
    size_t len = p->i - b;
    if (len >= sizeof buf && !(t = malloc(len + 1))) {
        fail(p, json_out_of_memory);
        return -1;
    }
    memcpy(t, p->s + b, len);
    t[len] = '\0';
    *v = strtod(t, NULL); /* past the range of a double: +-HUGE_VAL or 0 */
    if (t != buf)
        free(t);
    return 0;
}

/* The members of an object or the elements of an array j, p just past its opening bracket, up to and past close;
 * @return 0 or -1 (p->why says why). */
static int items(parser *p, json *j, char close)
{
    ws(p);
    if (p->i < p->n && p->s[p->i] == close) {
        p->i++;
        return 0;
    }
    for (;;) {
        char *key = NULL;
        ws(p);
        if (j->type == JSON_OBJ) {
            if (!(key = string(p))) {
                fail(p, "expected a \"key\"");
                return -1;
            }
            ws(p);
            if (p->i >= p->n || p->s[p->i] != ':') {
                fail(p, "expected ':' after a key");
                free(key);
                return -1;
            }
            p->i++;
        }
        json *item = value(p);
        if (!item || push(j, key, item) < 0) {
            if (item)
                fail(p, json_out_of_memory);
            free(key);
            json_free(item);
            return -1;
        }
        ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == close) {
            p->i++;
            return 0;
        }
        fail(p, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
        return -1;
    }
}

static int cmp_key(const void *a, const void *b, void *keys)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(((char **)keys)[x], ((char **)keys)[y]);
    return c ? c : (x > y) - (x < y);
}

/* RFC 8259 leaves an object with a repeated name to each reader, and they
 * differ (the first wins here, the last in Python and jq): refuse it.
 * @return 0, or -1 with p->why naming the key and p->i at its value. */
static int unique_keys(parser *p, const json *j)
{
    size_t dup = SIZE_MAX;
    if (j->n <= 16) {
        for (size_t b = 1; b < j->n && dup == SIZE_MAX; b++)
            for (size_t a = 0; a < b; a++)
                if (strcmp(j->keys[a], j->keys[b]) == 0) {
                    dup = b;
                    break;
                }
    } else {
        size_t *ix = malloc(j->n * sizeof *ix);
        if (!ix) {
            fail(p, "out of memory");
            return -1;
        }
        for (size_t i = 0; i < j->n; i++)
            ix[i] = i;
        qsort_r(ix, j->n, sizeof *ix, cmp_key, j->keys);
        for (size_t i = 1; i < j->n; i++)
            if (strcmp(j->keys[ix[i - 1]], j->keys[ix[i]]) == 0 && ix[i] < dup)
                dup = ix[i];
        free(ix);
    }
    if (dup == SIZE_MAX)
        return 0;
    static _Thread_local char msg[200];
    char key[120];
    text_printable(j->keys[dup], key, sizeof key);
    snprintf(msg, sizeof msg, "duplicate key \"%s\" in an object", key);
    fail(p, msg);
    p->i = j->items[dup]->at;
    return -1;
}

/* A string, true, false, null or a number in j, p at its first character c; @return 0 or -1 (p->why says why). */
static int scalar(parser *p, json *j, char c)
{
    if (c == '"') {
        j->type = JSON_STR;
        if (!(j->str = string(p)))
            return -1;
    } else if (p->n - p->i >= 4 && memcmp(p->s + p->i, "true", 4) == 0) {
        j->type = JSON_BOOL;
        j->num = 1;
        p->i += 4;
    } else if (p->n - p->i >= 5 && memcmp(p->s + p->i, "false", 5) == 0) {
        j->type = JSON_BOOL;
        p->i += 5;
    } else if (p->n - p->i >= 4 && memcmp(p->s + p->i, "null", 4) == 0) {
        j->type = JSON_NULL;
        p->i += 4;
    } else {
        j->type = JSON_NUM;
        if (number(p, &j->num) < 0)
            return -1;
    }
    return 0;
}

static json *value(parser *p)
{
    ws(p);
    if (p->i >= p->n) {
        fail(p, "a value is missing");
        return NULL;
    }
    if (++p->depth > 64) {
        fail(p, "nested deeper than 64 levels");
        return NULL;
    }
    json *j = calloc(1, sizeof *j);
    if (!j) {
        fail(p, json_out_of_memory);
        return NULL;
    }
    j->at = p->i;
    char c = p->s[p->i];
    int rc;
    if (c == '{' || c == '[') {
        j->type = c == '{' ? JSON_OBJ : JSON_ARR;
        p->i++;
        rc = items(p, j, c == '{' ? '}' : ']');
        if (rc == 0 && j->type == JSON_OBJ)
            rc = unique_keys(p, j);
    } else
        rc = scalar(p, j, c);
    if (rc < 0) {
        json_free(j);
        return NULL;
    }
    p->depth--;
    j->end = p->i;
    return j;
}

json *json_parse(const char *text, size_t len, size_t *err_at, const char **why)
{
    parser p = {text, len, 0, 0, NULL};
    json *j = value(&p);
    if (j) {
        ws(&p);
        if (p.i != p.n) {
            fail(&p, "text after the JSON value");
            json_free(j);
            j = NULL;
        }
    }
    if (!j && err_at)
        *err_at = p.i;
    if (!j && why)
        *why = p.why ? p.why : "not valid JSON";
    return j;
}

const json *json_get(const json *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJ)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return obj->items[i];
    return NULL;
}

const json *json_path(const json *obj, const char *path)
{
    const json *v = json_get(obj, path);
    if (v || !obj || obj->type != JSON_OBJ)
        return v;
    /* a.b.c: the longest leading key that names an object, then the rest in it */
    for (const char *dot = strrchr(path, '.'); dot; dot = dot > path ? memrchr(path, '.', (size_t)(dot - path)) : NULL) {
        size_t n = (size_t)(dot - path);
        for (size_t i = 0; i < obj->n; i++)
            if (strlen(obj->keys[i]) == n && memcmp(obj->keys[i], path, n) == 0 && obj->items[i]->type == JSON_OBJ &&
                (v = json_path(obj->items[i], dot + 1)))
                return v;
    }
    return NULL;
}

double json_num(const json *obj, const char *key, double def)
{
    const json *v = json_get(obj, key);
    return v && v->type == JSON_NUM ? v->num : def;
}
