/*
 * relabel.c - apply the confirmed findings of an audit to a copy of the
 * corpus (relabel.h).  Lines are copied byte for byte; a changed line
 * keeps everything but its label: the TSV label field, the leading
 * __label__ tokens of a fastText line, or the value of a JSON line's
 * "label" ("labels" for label sets; a set of several labels where the
 * line had only "label" gets a "labels" member in front, "label" keeping
 * the main one).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "../features/json.h"
#include "../features/files.h"
#include "render.h"
#include "relabel.h"

enum { K_WRONG, K_MISSING, K_EXTRA };

typedef struct edit {
    long line;            /* the corpus line */
    int kind;
    char *label;          /* the label suggested (or edited by the user) */
    char *given;          /* the label(s) the audit saw, as it printed them */
    long at;              /* the line of the confirmation file */
} edit;

typedef struct labels {
    char **v;             /* current labels of a line, then the new ones */
    size_t n, cap;
} labels;

static void labels_clear(labels *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    l->n = 0;
}

static int labels_add(labels *l, const char *s, size_t n)
{
    if (GROW(l->v, l->cap, l->n + 1) < 0 || !(l->v[l->n] = strndup(s, n)))
        return TASNIF_ENOMEM;
    l->n++;
    return 0;
}

static int same_file(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return 1;
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int cmp_edit(const void *a, const void *b)
{
    const edit *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

/* One row of the confirmation file into *e; @return 1 to apply, 0 to
 * keep, or a negative code (err names the row). */
static int parse_row(char *s, const char *cpath, const char *corpus, int multi, char sep, long at, edit *e,
                     tasnif_err *err)
{
    char *f[6] = {0};
    int nf = 0;
    for (char *p = s; nf < 6;) {
        f[nf++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    if (nf < 5)
        return err_set(err, TASNIF_EINPUT, cpath, at, 0, "expected confirm, id, given, suggested and kind separated by TABs");
    const char *c = f[0];
    if (!strcasecmp(c, "n") || !strcasecmp(c, "no") || !strcmp(c, "?") || !*c)
        return 0;
    if (strcasecmp(c, "y") && strcasecmp(c, "yes"))
        return err_set(err, TASNIF_EINPUT, cpath, at, 0, "the first column must be y or n (or ?), not '%.40s'", c);
    char *colon = strrchr(f[1], ':'), *end;
    long line = colon ? strtol(colon + 1, &end, 10) : 0;
    if (!colon || line < 1 || *end || colon[1] < '0' || colon[1] > '9')
        return err_set(err, TASNIF_EINPUT, cpath, at, 0, "id '%.200s' is not FILE:LINE", f[1]);
    *colon = '\0';
    if (!same_file(f[1], corpus))
        return err_set(err, TASNIF_EINPUT, cpath, at, 0, "'%.200s' is not the corpus being fixed (%.200s)", f[1], corpus);
    int kind = !strcmp(f[4], "wrong") ? K_WRONG : !strcmp(f[4], "missing") ? K_MISSING : !strcmp(f[4], "extra") ? K_EXTRA : -1;
    if (kind < 0 || (kind == K_WRONG) == multi)
        return err_set(err, TASNIF_EINPUT, cpath, at, 0, "kind '%.40s': expected %s", f[4],
                       multi ? "missing or extra (label sets)" : "wrong (one label per document; --multi-label for sets)");
    const char *why;
    size_t bad;
    if (label_check(f[3], strlen(f[3]), &why, &bad) < 0)
        return err_set(err, TASNIF_EINPUT, cpath, at, 0, "suggested label '%.200s': %s", f[3], why);
    if (multi && strchr(f[3], sep))
        return err_set(err, TASNIF_EINPUT, cpath, at, 0, "suggested label '%.200s' holds the label separator '%c'",
                       f[3], sep);
    *e = (edit){line, kind, strdup(f[3]), strdup(f[2]), at};
    if (!e->label || !e->given) {
        free(e->label);
        free(e->given);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return 1;
}

/* The confirmed edits of cpath, sorted by corpus line. */
static int read_edits(const char *cpath, const char *corpus, int multi, char sep, edit **out, size_t *n,
                      relabel_stats *st, tasnif_err *err)
{
    FILE *fp = fopen(cpath, "rb");
    if (!fp)
        return err_set(err, TASNIF_EIO, cpath, 0, 0, "cannot open: %s", strerror(errno));
    char *s = NULL;
    size_t cap = 0, ecap = 0;
    ssize_t len;
    long at = 0;
    int rc = 0;
    while (rc == 0 && (len = getline(&s, &cap, fp)) >= 0) {
        at++;
        while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
            s[--len] = '\0';
        if (at == 1) {
            if (strncmp(s, "confirm\tid\tgiven\tsuggested\tkind", 31) != 0)
                rc = err_set(err, TASNIF_EINPUT, cpath, 1, 0, "not the --format tsv output of tasnif audit "
                             "(its header starts confirm, id, given, suggested, kind)");
            continue;
        }
        if (len == 0)
            continue;
        st->findings++;
        edit e;
        int r = parse_row(s, cpath, corpus, multi, sep, at, &e, err);
        if (r < 0)
            rc = r;
        else if (r > 0 && GROW(*out, ecap, *n + 1) < 0) {
            free(e.label);
            free(e.given);
            rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        } else if (r > 0) {
            (*out)[(*n)++] = e;
            st->confirmed++;
        }
    }
    if (rc == 0 && ferror(fp))
        rc = err_set(err, TASNIF_EIO, cpath, 0, 0, "read error: %s", strerror(errno));
    if (rc == 0 && at == 0)
        rc = err_set(err, TASNIF_EINPUT, cpath, 0, 0, "empty: not the --format tsv output of tasnif audit");
    free(s);
    fclose(fp);
    if (rc == 0 && *n)
        qsort(*out, *n, sizeof **out, cmp_edit);
    for (size_t i = 0; rc == 0 && i + 1 < *n; i++)
        if ((*out)[i].line == (*out)[i + 1].line && !multi && strcmp((*out)[i].label, (*out)[i + 1].label))
            rc = err_set(err, TASNIF_EINPUT, cpath, (*out)[i + 1].at, 0, "line %ld was confirmed as '%.100s' on line "
                         "%ld and as '%.100s' here", (*out)[i].line, (*out)[i].label, (*out)[i].at, (*out)[i + 1].label);
    return rc;
}

/* One line's labels (cur) and where they stand: TSV and fastText: bytes
 * [lo, hi) of s; JSON: the object (*j). */
static int line_labels(corpus_format fmt, int multi, char sep, const char *s, size_t n, labels *cur, size_t *lo,
                       size_t *hi, json **j, const char **why)
{
    *why = NULL;
    if (fmt == CORPUS_TSV) {
        const char *tab = memchr(s, '\t', n);
        if (!tab) {
            *why = "no TAB: expected label<TAB>text";
            return TASNIF_EINPUT;
        }
        *lo = 0;
        *hi = (size_t)(tab - s);
        for (size_t a = 0; a <= *hi;) {
            const char *e = multi ? memchr(s + a, sep, *hi - a) : NULL;
            size_t b = e ? (size_t)(e - s) : *hi;
            if (labels_add(cur, s + a, b - a) < 0)
                return TASNIF_ENOMEM;
            a = b + 1;
        }
        return 0;
    }
    if (fmt == CORPUS_FASTTEXT) {
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        *lo = *hi = i;
        while (n - i >= 9 && memcmp(s + i, "__label__", 9) == 0 && (multi || cur->n == 0)) {
            size_t e = i + 9;
            while (e < n && s[e] != ' ' && s[e] != '\t')
                e++;
            if (labels_add(cur, s + i + 9, e - i - 9) < 0)
                return TASNIF_ENOMEM;
            *hi = e;
            for (i = e; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
                ;
        }
        if (!cur->n)
            *why = "no __label__ prefix";
        return cur->n ? 0 : TASNIF_EINPUT;
    }
    size_t at;
    if (!(*j = json_parse(s, n, &at, why)) && *why == json_out_of_memory)
        return TASNIF_ENOMEM;
    if (!*j || (*j)->type != JSON_OBJ) {
        *why = *why ? *why : "not a JSON object";
        return TASNIF_EINPUT;
    }
    const json *v = multi ? json_get(*j, "labels") : NULL;
    if (v && v->type == JSON_ARR) {
        for (size_t i = 0; i < v->n; i++)
            if (v->items[i]->type != JSON_STR || labels_add(cur, v->items[i]->str, strlen(v->items[i]->str)) < 0)
                return v->items[i]->type != JSON_STR ? (*why = "\"labels\" must be an array of strings", TASNIF_EINPUT)
                                                     : TASNIF_ENOMEM;
        return 0;
    }
    v = json_get(*j, "label");
    if (!v || v->type != JSON_STR) {
        *why = "no \"label\" string";
        return TASNIF_EINPUT;
    }
    return labels_add(cur, v->str, strlen(v->str));
}

/* The labels joined by sep, as the audit printed them. */
static int joined_is(const labels *l, char sep, const char *s)
{
    for (size_t i = 0; i < l->n; i++) {
        size_t n = strlen(l->v[i]);
        if (strncmp(s, l->v[i], n) != 0)
            return 0;
        s += n;
        if (i + 1 < l->n && *s++ != sep)
            return 0;
    }
    return *s == '\0';
}

static void json_array(FILE *out, const labels *l)
{
    fputc('[', out);
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            fputc(',', out);
        render_json_string(out, l->v[i]);
    }
    fputc(']', out);
}

/* Write line s[0..n) with its labels replaced by nl. */
static void rewrite(FILE *out, corpus_format fmt, int multi, char sep, const char *s, size_t n, size_t lo, size_t hi,
                    const json *j, const labels *nl)
{
    if (fmt == CORPUS_TSV || fmt == CORPUS_FASTTEXT) {
        fwrite(s, 1, lo, out);
        for (size_t i = 0; i < nl->n; i++) {
            if (i)
                fputc(fmt == CORPUS_TSV ? sep : ' ', out);
            fprintf(out, "%s%s", fmt == CORPUS_FASTTEXT ? "__label__" : "", nl->v[i]);
        }
        fwrite(s + hi, 1, n - hi, out);
        return;
    }
    const json *set = multi ? json_get(j, "labels") : NULL, *one = json_get(j, "label");
    if (set && set->type == JSON_ARR) {
        fwrite(s, 1, set->at, out);
        json_array(out, nl);
        fwrite(s + set->end, 1, n - set->end, out);
        return;
    }
    fwrite(s, 1, j->at + 1, out);
    if (nl->n > 1) {
        fputs("\"labels\":", out);
        json_array(out, nl);
        fputc(',', out);
    }
    fwrite(s + j->at + 1, 1, one->at - j->at - 1, out);
    render_json_string(out, nl->v[0]);
    fwrite(s + one->end, 1, n - one->end, out);
}

/* Apply the edits of one line (e[0..ne)) to its labels: *changed when they differ. */
static int apply(const edit *e, size_t ne, const labels *cur, labels *nl, int *changed)
{
    labels_clear(nl);
    for (size_t i = 0; i < cur->n; i++)
        if (labels_add(nl, cur->v[i], strlen(cur->v[i])) < 0)
            return TASNIF_ENOMEM;
    for (size_t i = 0; i < ne; i++) {
        size_t at = nl->n;
        for (size_t t = 0; t < nl->n; t++)
            if (strcmp(nl->v[t], e[i].label) == 0)
                at = t;
        if (e[i].kind == K_WRONG) {
            labels_clear(nl);
            at = nl->n;
        }
        if (e[i].kind != K_EXTRA && at == nl->n && labels_add(nl, e[i].label, strlen(e[i].label)) < 0)
            return TASNIF_ENOMEM;
        if (e[i].kind == K_EXTRA && at < nl->n) {
            free(nl->v[at]);
            memmove(nl->v + at, nl->v + at + 1, (nl->n - at - 1) * sizeof *nl->v);
            nl->n--;
        }
    }
    *changed = nl->n != cur->n;
    for (size_t i = 0; !*changed && i < nl->n; i++)
        *changed = strcmp(nl->v[i], cur->v[i]) != 0;
    return 0;
}

/* Check one edited line and write its new form. */
static int fix_line(FILE *out, corpus_format fmt, int multi, char sep, const char *s, size_t n, const edit *e,
                    size_t ne, const char *corpus, const char *cpath, labels *cur, labels *nl, relabel_stats *st,
                    tasnif_err *err)
{
    size_t lo = 0, hi = 0;
    json *j = NULL;
    const char *why;
    labels_clear(cur);
    int rc = line_labels(fmt, multi, sep, s, n, cur, &lo, &hi, &j, &why), changed = 0;
    if (rc == TASNIF_EINPUT)
        rc = err_set(err, rc, corpus, e->line, 0, "%s", why);
    for (size_t i = 0; rc == 0 && i < ne; i++)
        if (!joined_is(cur, sep, e[i].given))
            rc = err_set(err, TASNIF_EINPUT, cpath, e[i].at, 0, "%s:%ld does not hold '%.200s' as audited: audit it "
                         "again", corpus, e[i].line, e[i].given);
    if (rc == 0)
        rc = apply(e, ne, cur, nl, &changed);
    if (rc == 0 && nl->n == 0)
        rc = err_set(err, TASNIF_EINPUT, cpath, e[ne - 1].at, 0, "%s:%ld would have no label left", corpus, e->line);
    for (size_t i = 0; rc == 0 && fmt == CORPUS_FASTTEXT && i < nl->n; i++)
        if (strpbrk(nl->v[i], " \t"))
            rc = err_set(err, TASNIF_EINPUT, cpath, e->at, 0, "'%.200s' holds a space: no fastText label can", nl->v[i]);
    if (rc == TASNIF_ENOMEM)
        err_set(err, rc, NULL, 0, 0, "out of memory");
    if (rc == 0 && changed) {
        rewrite(out, fmt, multi, sep, s, n, lo, hi, j, nl);
        st->changed++;
    } else if (rc == 0)
        fwrite(s, 1, n, out);
    json_free(j);
    return rc;
}

/* The corpus with the edits applied, into *data. */
static int fix_corpus(const char *corpus, corpus_format fmt, int multi, char sep, const char *cpath, const edit *e,
                      size_t ne, char **data, size_t *len, relabel_stats *st, tasnif_err *err)
{
    FILE *in = fopen(corpus, "rb"), *out = in ? open_memstream(data, len) : NULL;
    if (!in || !out) {
        int en = errno;
        if (in)
            fclose(in);
        return err_set(err, in ? TASNIF_ENOMEM : TASNIF_EIO, corpus, 0, 0, in ? "out of memory" : "cannot open: %s",
                       strerror(en));
    }
    char *s = NULL;
    size_t cap = 0, next = 0;
    ssize_t n;
    long line = 0;
    int rc = 0;
    labels cur = {0}, nl = {0};
    while (rc == 0 && (n = getline(&s, &cap, in)) >= 0) {
        line++;
        size_t first = next;
        while (next < ne && e[next].line == line)
            next++;
        if (first == next) {
            fwrite(s, 1, (size_t)n, out);
            continue;
        }
        /* the line without its end (LF or CRLF) and, on line 1, a byte-order mark */
        size_t body = (size_t)n, head = line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        while (body > head && (s[body - 1] == '\n' || s[body - 1] == '\r'))
            body--;
        fwrite(s, 1, head, out);
        rc = fix_line(out, fmt, multi, sep, s + head, body - head, e + first, next - first, corpus, cpath, &cur, &nl,
                      st, err);
        fwrite(s + body, 1, (size_t)n - body, out);
    }
    if (rc == 0 && ferror(in))
        rc = err_set(err, TASNIF_EIO, corpus, 0, 0, "read error: %s", strerror(errno));
    if (rc == 0 && next < ne)
        rc = err_set(err, TASNIF_EINPUT, cpath, e[next].at, 0, "%s has no line %ld", corpus, e[next].line);
    labels_clear(&cur);
    labels_clear(&nl);
    free(cur.v);
    free(nl.v);
    free(s);
    fclose(in);
    if (fclose(out) != 0 && rc == 0)
        rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    return rc;
}

int relabel_corpus(const char *corpus_path, corpus_format fmt, int multi, char sep, const char *confirmed_path,
                   const char *out_path, relabel_stats *st, tasnif_err *err)
{
    memset(st, 0, sizeof *st);
    corpus *c = NULL;
    int rc = corpus_open(corpus_path, fmt, 1, 0, &c, err);
    if (rc < 0)
        return rc;
    fmt = corpus_get_format(c);
    corpus_close(c);
    if (fmt != CORPUS_TSV && fmt != CORPUS_FASTTEXT && fmt != CORPUS_JSONL)
        return err_set(err, TASNIF_EARG, corpus_path, 0, 0, "--fix rewrites a TSV, fastText or JSON Lines file; for "
                       "a folder per label, move the files the findings name");
    edit *e = NULL;
    size_t ne = 0, len = 0;
    char *data = NULL;
    rc = read_edits(confirmed_path, corpus_path, multi, sep, &e, &ne, st, err);
    if (rc == 0)
        rc = fix_corpus(corpus_path, fmt, multi, sep, confirmed_path, e, ne, &data, &len, st, err);
    if (rc == 0)
        rc = file_write_atomic(out_path, data, len, "corpus", err);
    for (size_t i = 0; i < ne; i++) {
        free(e[i].label);
        free(e[i].given);
    }
    free(e);
    free(data);
    return rc;
}
