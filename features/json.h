/*
 * json.h - a small JSON reader (RFC 8259): JSON Lines corpora, baseline
 * reports, the requests of tasnif serve.  Strings are not checked for
 * UTF-8 here (the corpus reader repairs or refuses text under its own
 * rules); \u escapes decode to UTF-8.  Private.
 */
#ifndef TASNIF_JSON_H
#define TASNIF_JSON_H

#include <stddef.h>

typedef enum json_type { JSON_NULL, JSON_BOOL, JSON_NUM, JSON_STR, JSON_ARR, JSON_OBJ } json_type;

typedef struct json {
    json_type type;
    double num;            /* JSON_NUM, JSON_BOOL (0/1) */
    char *str;             /* JSON_STR (NUL-terminated, UTF-8) */
    size_t n;              /* JSON_ARR, JSON_OBJ: items */
    size_t cap;            /* room in keys and items */
    char **keys;           /* JSON_OBJ */
    struct json **items;
    size_t at, end;        /* its bytes in the text parsed: [at, end) */
} json;

/* Parse text[0..len).  @return the value, or NULL with *err_at set to the
 * byte offset of the error and *why (when not NULL) to its reason, e.g.
 * "invalid \u escape: lone surrogate" (static text, or a per-thread
 * buffer valid until the thread's next json_parse).  An object naming a
 * key twice is an error ("duplicate key \"k\" in an object", at the
 * second one's value): readers disagree on which value wins.  Free with
 * json_free. */
json *json_parse(const char *text, size_t len, size_t *err_at, const char **why);
/* *why after json_parse ran out of memory (compare the pointer). */
extern const char json_out_of_memory[];
void json_free(json *j);
/* The member named key of an object, or NULL. */
const json *json_get(const json *obj, const char *key);
/* The member at path: a key of obj, or a dotted path "meta.id" through
 * nested objects (a key that holds a dot itself is matched whole first).
 * NULL when absent. */
const json *json_path(const json *obj, const char *path);
/* The number at obj.key, or def when absent or not a number. */
double json_num(const json *obj, const char *key, double def);

#endif
