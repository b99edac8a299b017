/*
 * corpus.c - corpus readers: TSV (label<TAB>text), fastText lines
 * (__label__x text), JSON Lines ({"label": ..., "text": ...}), a folder
 * per label (DIR/<label>/<file>, the SANAD layout), and unlabelled lines.
 *
 * Every document is either returned or reported: a line without a label,
 * with empty text, with a NUL byte or an unreadable JSON object is an error
 * naming file:line, after which reading can continue (--skip-bad).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "train.h"

struct corpus {
    corpus_format fmt;
    int labels;
    int64_t max_line;
    FILE *fp;
    int own_fp;
    char *name;            /* for messages */
    long line;
    char *buf;             /* current line or file */
    size_t cap;
    char *peek;            /* first line read during detection */
    ssize_t peek_len;
    char *lab, *txt;       /* decoded JSON strings */
    size_t lab_cap, txt_cap, lab_len, txt_len;
    /* folder layout: files to read, sorted */
    char **files;
    char **file_labels;
    size_t nfiles, at;
};

static const char *format_names[] = {"auto", "tsv", "fasttext", "jsonl", "dir", "lines"};

int corpus_format_parse(const char *s)
{
    for (int i = 0; i < 6; i++)
        if (strcmp(s, format_names[i]) == 0)
            return i;
    return -1;
}

const char *corpus_format_name(corpus_format f)
{
    return (unsigned)f < 6 ? format_names[f] : "?";
}

corpus_format corpus_get_format(const corpus *c)
{
    return c->fmt;
}

void corpus_close(corpus *c)
{
    if (!c)
        return;
    if (c->own_fp && c->fp)
        fclose(c->fp);
    for (size_t i = 0; i < c->nfiles; i++) {
        free(c->files[i]);
        free(c->file_labels[i]);
    }
    free(c->files);
    free(c->file_labels);
    free(c->name);
    free(c->buf);
    free(c->peek);
    free(c->lab);
    free(c->txt);
    free(c);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dir(corpus *c, const char *root, tasnif_err *err)
{
    DIR *d = opendir(root);
    if (!d)
        return err_set(err, TASNIF_EIO, root, 0, 0, "cannot open folder: %s", strerror(errno));
    char **labels = NULL;
    size_t nl = 0, capl = 0, capf = 0, capfl = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (GROW(labels, capl, nl + 1) < 0 || !(labels[nl] = strdup(e->d_name))) {
            rc = TASNIF_ENOMEM;
            break;
        }
        nl++;
    }
    closedir(d);
    if (labels)
        qsort(labels, nl, sizeof *labels, cmp_str);
    for (size_t i = 0; i < nl && rc == 0; i++) {
        size_t pl = strlen(root) + strlen(labels[i]) + 2;
        char *sub = malloc(pl);
        if (!sub) {
            rc = TASNIF_ENOMEM;
            break;
        }
        snprintf(sub, pl, "%s/%s", root, labels[i]);
        struct stat st;
        if (stat(sub, &st) < 0 || !S_ISDIR(st.st_mode)) {
            rc = err_set(err, TASNIF_EINPUT, sub, 0, 0,
                         "expected a folder per label (DIR/<label>/<file>), found a file");
            free(sub);
            break;
        }
        DIR *sd = opendir(sub);
        if (!sd) {
            rc = err_set(err, TASNIF_EIO, sub, 0, 0, "cannot open folder: %s", strerror(errno));
            free(sub);
            break;
        }
        size_t first = c->nfiles;
        while ((e = readdir(sd))) {
            if (e->d_name[0] == '.')
                continue;
            size_t fl = pl + strlen(e->d_name) + 1;
            char *f = malloc(fl);
            if (!f || GROW(c->files, capf, c->nfiles + 1) < 0 ||
                GROW(c->file_labels, capfl, c->nfiles + 1) < 0) {
                free(f);
                rc = TASNIF_ENOMEM;
                break;
            }
            snprintf(f, fl, "%s/%s", sub, e->d_name);
            c->files[c->nfiles] = f;
            c->file_labels[c->nfiles] = strdup(labels[i]);
            if (!c->file_labels[c->nfiles]) {
                free(f);
                rc = TASNIF_ENOMEM;
                break;
            }
            c->nfiles++;
        }
        closedir(sd);
        qsort(c->files + first, c->nfiles - first, sizeof *c->files, cmp_str);
        free(sub);
    }
    for (size_t i = 0; i < nl; i++)
        free(labels[i]);
    free(labels);
    if (rc == TASNIF_ENOMEM)
        return err_set(err, rc, root, 0, 0, "out of memory");
    return rc;
}

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

static corpus_format detect_line(const char *s, ssize_t n)
{
    ssize_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
        i++;
    if (n - i >= 9 && memcmp(s + i, "__label__", 9) == 0)
        return CORPUS_FASTTEXT;
    if (i < n && s[i] == '{')
        return CORPUS_JSONL;
    return CORPUS_TSV;
}

int corpus_open(const char *path, corpus_format fmt, int labels, int64_t max_line,
                corpus **out, tasnif_err *err)
{
    corpus *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    c->labels = labels;
    c->max_line = max_line > 0 ? max_line : INT64_MAX;
    c->peek_len = -1;
    int is_stdin = strcmp(path, "-") == 0;
    c->name = strdup(is_stdin ? "<stdin>" : path);
    if (!c->name) {
        corpus_close(c);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    struct stat st;
    if (!is_stdin && stat(path, &st) < 0) {
        int e = errno;
        corpus_close(c);
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot open: %s", strerror(e));
    }
    if (!is_stdin && S_ISDIR(st.st_mode)) {
        if (fmt != CORPUS_AUTO && fmt != CORPUS_DIR) {
            corpus_close(c);
            return err_set(err, TASNIF_EARG, path, 0, 0, "is a folder, but --format %s was given", format_names[fmt]);
        }
        c->fmt = CORPUS_DIR;
        int rc = list_dir(c, path, err);
        if (rc < 0) {
            corpus_close(c);
            return rc;
        }
        *out = c;
        return 0;
    }
    if (fmt == CORPUS_DIR) {
        corpus_close(c);
        return err_set(err, TASNIF_EARG, path, 0, 0, "--format dir needs a folder");
    }
    if (is_stdin)
        c->fp = stdin;
    else if (!(c->fp = fopen(path, "rb"))) {
        int e = errno;
        corpus_close(c);
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot open: %s", strerror(e));
    } else
        c->own_fp = 1;
    if (fmt == CORPUS_AUTO) {
        if (has_suffix(path, ".jsonl") || has_suffix(path, ".json") || has_suffix(path, ".ndjson"))
            fmt = CORPUS_JSONL;
        else if (has_suffix(path, ".tsv"))
            fmt = CORPUS_TSV;
        else {
            size_t cap = 0;
            errno = 0;
            c->peek_len = getline(&c->peek, &cap, c->fp);
            if (c->peek_len < 0 && ferror(c->fp)) {
                int e = errno;
                corpus_close(c);
                return err_set(err, TASNIF_EIO, path, 0, 0, "cannot read: %s", strerror(e));
            }
            fmt = c->peek_len < 0 ? CORPUS_TSV : detect_line(c->peek, c->peek_len);
        }
    }
    c->fmt = fmt;
    *out = c;
    return 0;
}

/* Read one line into c->buf without its line ending.  @return its length,
 * -1 at the end, or -2 on a read error (err set). */
static ssize_t read_line(corpus *c, tasnif_err *err)
{
    ssize_t n;
    if (c->peek_len >= 0 || c->peek) {
        free(c->buf);
        c->buf = c->peek;
        c->cap = c->peek ? (size_t)c->peek_len + 1 : 0;
        n = c->peek_len;
        c->peek = NULL;
        c->peek_len = -1;
        if (n < 0)
            return -1;
    } else {
        errno = 0;
        n = getline(&c->buf, &c->cap, c->fp);
        if (n < 0) {
            if (ferror(c->fp))
            {
                err_set(err, TASNIF_EIO, c->name, c->line + 1, 0, "read error: %s", strerror(errno));
                return -2;
            }
            return -1;
        }
    }
    c->line++;
    if (n > 0 && c->buf[n - 1] == '\n')
        n--;
    if (n > 0 && c->buf[n - 1] == '\r')
        n--;
    c->buf[n] = '\0';
    return n;
}

/* Decode the JSON string starting at s[*i] == '"' into *out. */
static int json_string(const char *s, size_t n, size_t *i, char **out, size_t *cap, size_t *len)
{
    size_t j = *i + 1, o = 0;
    if (GROW(*out, *cap, n - *i + 1) < 0)
        return TASNIF_ENOMEM;
    char *d = *out;
    while (j < n && s[j] != '"') {
        unsigned char ch = (unsigned char)s[j];
        if (ch < 0x20)
            return TASNIF_EINPUT;
        if (ch != '\\') {
            d[o++] = (char)ch;
            j++;
            continue;
        }
        if (++j >= n)
            return TASNIF_EINPUT;
        switch (s[j]) {
        case '"': d[o++] = '"'; break;
        case '\\': d[o++] = '\\'; break;
        case '/': d[o++] = '/'; break;
        case 'b': d[o++] = '\b'; break;
        case 'f': d[o++] = '\f'; break;
        case 'n': d[o++] = '\n'; break;
        case 'r': d[o++] = '\r'; break;
        case 't': d[o++] = '\t'; break;
        case 'u': {
            unsigned u = 0;
            for (int k = 0; k < 4; k++) {
                if (++j >= n)
                    return TASNIF_EINPUT;
                char h = s[j];
                u <<= 4;
                if (h >= '0' && h <= '9') u |= (unsigned)(h - '0');
                else if (h >= 'a' && h <= 'f') u |= (unsigned)(h - 'a' + 10);
                else if (h >= 'A' && h <= 'F') u |= (unsigned)(h - 'A' + 10);
                else return TASNIF_EINPUT;
            }
            if (u >= 0xD800 && u <= 0xDBFF) {
                unsigned lo = 0;
                if (j + 6 >= n || s[j + 1] != '\\' || s[j + 2] != 'u')
                    return TASNIF_EINPUT;
                j += 2;
                for (int k = 0; k < 4; k++) {
                    char h = s[++j];
                    lo <<= 4;
                    if (h >= '0' && h <= '9') lo |= (unsigned)(h - '0');
                    else if (h >= 'a' && h <= 'f') lo |= (unsigned)(h - 'a' + 10);
                    else if (h >= 'A' && h <= 'F') lo |= (unsigned)(h - 'A' + 10);
                    else return TASNIF_EINPUT;
                }
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return TASNIF_EINPUT;
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            } else if (u >= 0xDC00 && u <= 0xDFFF)
                return TASNIF_EINPUT;
            if (u == 0)
                return TASNIF_EINPUT; /* NUL is not allowed in a document */
            if (u < 0x80)
                d[o++] = (char)u;
            else if (u < 0x800) {
                d[o++] = (char)(0xC0 | (u >> 6));
                d[o++] = (char)(0x80 | (u & 0x3F));
            } else if (u < 0x10000) {
                d[o++] = (char)(0xE0 | (u >> 12));
                d[o++] = (char)(0x80 | ((u >> 6) & 0x3F));
                d[o++] = (char)(0x80 | (u & 0x3F));
            } else {
                d[o++] = (char)(0xF0 | (u >> 18));
                d[o++] = (char)(0x80 | ((u >> 12) & 0x3F));
                d[o++] = (char)(0x80 | ((u >> 6) & 0x3F));
                d[o++] = (char)(0x80 | (u & 0x3F));
            }
            break;
        }
        default:
            return TASNIF_EINPUT;
        }
        j++;
    }
    if (j >= n)
        return TASNIF_EINPUT;
    d[o] = '\0';
    *len = o;
    *i = j + 1;
    return 0;
}

static void skip_ws(const char *s, size_t n, size_t *i)
{
    while (*i < n && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\r' || s[*i] == '\n'))
        (*i)++;
}

/* Skip any JSON value (strings with escapes, nesting by depth). */
static int json_skip(const char *s, size_t n, size_t *i)
{
    int depth = 0;
    do {
        skip_ws(s, n, i);
        if (*i >= n)
            return TASNIF_EINPUT;
        char ch = s[*i];
        if (ch == '"') {
            size_t j = *i + 1;
            while (j < n && s[j] != '"')
                j += s[j] == '\\' ? 2 : 1;
            if (j >= n)
                return TASNIF_EINPUT;
            *i = j + 1;
        } else if (ch == '{' || ch == '[') {
            depth++;
            (*i)++;
            continue;
        } else if (ch == '}' || ch == ']') {
            if (--depth < 0)
                return TASNIF_EINPUT;
            (*i)++;
        } else if (ch == ',' || ch == ':') {
            if (depth == 0)
                return TASNIF_EINPUT;
            (*i)++;
            continue;
        } else {
            size_t j = *i;
            while (j < n && strchr(",}] \t\r\n", s[j]) == NULL)
                j++;
            if (j == *i)
                return TASNIF_EINPUT;
            *i = j;
        }
    } while (depth > 0);
    return 0;
}

/* Parse {"label": "...", "text": "..."} (other keys ignored). */
static int parse_json(corpus *c, const char *s, size_t n, const char **why)
{
    size_t i = 0;
    int got_label = 0, got_text = 0;
    char *key = NULL;
    size_t kcap = 0, klen;
    int rc = TASNIF_EINPUT;
    skip_ws(s, n, &i);
    *why = "expected a JSON object";
    if (i >= n || s[i] != '{')
        goto out;
    i++;
    skip_ws(s, n, &i);
    if (i < n && s[i] == '}')
        i++;
    else
        for (;;) {
            skip_ws(s, n, &i);
            *why = "expected a string key";
            if (i >= n || s[i] != '"' || json_string(s, n, &i, &key, &kcap, &klen) < 0)
                goto out;
            skip_ws(s, n, &i);
            *why = "expected ':'";
            if (i >= n || s[i] != ':')
                goto out;
            i++;
            skip_ws(s, n, &i);
            int is_label = strcmp(key, "label") == 0, is_text = strcmp(key, "text") == 0;
            if ((is_label || is_text) && i < n && s[i] == '"') {
                *why = "bad string";
                if (is_label && json_string(s, n, &i, &c->lab, &c->lab_cap, &c->lab_len) < 0)
                    goto out;
                if (is_text && json_string(s, n, &i, &c->txt, &c->txt_cap, &c->txt_len) < 0)
                    goto out;
                got_label |= is_label;
                got_text |= is_text;
            } else {
                *why = is_label || is_text ? "\"label\" and \"text\" must be strings" : "bad value";
                if (is_label || is_text || json_skip(s, n, &i) < 0)
                    goto out;
            }
            skip_ws(s, n, &i);
            if (i < n && s[i] == ',') {
                i++;
                continue;
            }
            *why = "expected ',' or '}'";
            if (i >= n || s[i] != '}')
                goto out;
            i++;
            break;
        }
    skip_ws(s, n, &i);
    *why = "text after the JSON object";
    if (i != n)
        goto out;
    *why = "no \"text\" field";
    if (!got_text)
        goto out;
    *why = "no \"label\" field";
    if (c->labels && !got_label)
        goto out;
    if (!got_label)
        c->lab_len = 0;
    rc = 0;
out:
    free(key);
    return rc;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n' || s[i] == '\f' || s[i] == '\v'))
            return 0;
    return 1;
}

static int check_label(corpus *c, corpus_doc *d, tasnif_err *err)
{
    if (!c->labels) {
        d->label = NULL;
        d->label_len = 0;
        return 0;
    }
    if (d->label_len == 0)
        return err_set(err, TASNIF_EINPUT, d->file, d->line, 0, "empty label");
    size_t bad;
    if (utf8_check(d->label, d->label_len, &bad) < 0)
        return err_set(err, TASNIF_EUTF8, d->file, d->line, (long)bad + 1, "label is not valid UTF-8 at byte %zu", bad + 1);
    for (size_t i = 0; i < d->label_len; i++)
        if ((unsigned char)d->label[i] < 0x20 || d->label[i] == 0x7f)
            return err_set(err, TASNIF_EINPUT, d->file, d->line, 0, "label contains a control character");
    if (d->label_len > 256)
        return err_set(err, TASNIF_ELIMIT, d->file, d->line, 0, "label longer than 256 bytes");
    return 0;
}

static int next_file(corpus *c, corpus_doc *d, tasnif_err *err)
{
    if (c->at >= c->nfiles)
        return 0;
    const char *path = c->files[c->at];
    const char *label = c->file_labels[c->at];
    c->at++;
    free(c->name);
    c->name = strdup(path);
    if (!c->name)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    size_t n = 0;
    for (;;) {
        if (GROW(c->buf, c->cap, n + 65536 + 1) < 0) {
            fclose(fp);
            return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        }
        size_t r = fread(c->buf + n, 1, 65536, fp);
        n += r;
        if ((int64_t)n > c->max_line) {
            fclose(fp);
            return err_set(err, TASNIF_ELIMIT, path, 0, 0, "document longer than the limit of %lld bytes",
                           (long long)c->max_line);
        }
        if (r < 65536)
            break;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad)
        return err_set(err, TASNIF_EIO, path, 0, 0, "read error");
    c->buf[n] = '\0';
    *d = (corpus_doc){label, strlen(label), c->buf, n, c->name, 0};
    if (memchr(c->buf, '\0', n))
        return err_set(err, TASNIF_EINPUT, path, 0, (long)((char *)memchr(c->buf, '\0', n) - c->buf) + 1,
                       "NUL byte in document");
    if (is_blank(c->buf, n))
        return err_set(err, TASNIF_EINPUT, path, 0, 0, "empty document");
    int rc = check_label(c, d, err);
    return rc < 0 ? rc : 1;
}

int corpus_next(corpus *c, corpus_doc *d, tasnif_err *err)
{
    if (c->fmt == CORPUS_DIR)
        return next_file(c, d, err);
    ssize_t n;
    n = read_line(c, err);
    if (n == -1)
        return 0;
    if (n < -1)
        return TASNIF_EIO;
    char *s = c->buf;
    *d = (corpus_doc){NULL, 0, s, (size_t)n, c->name, c->line};
    /* a blank line is no document: say so rather than pass over it */
    if (is_blank(s, (size_t)n))
        return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "blank line");
    if ((int64_t)n > c->max_line)
        return err_set(err, TASNIF_ELIMIT, c->name, c->line, 0, "line of %zd bytes is longer than the limit of %lld bytes",
                       n, (long long)c->max_line);
    char *nul = memchr(s, '\0', (size_t)n);
    if (nul)
        return err_set(err, TASNIF_EINPUT, c->name, c->line, (long)(nul - s) + 1, "NUL byte at byte %ld", (long)(nul - s) + 1);
    switch (c->fmt) {
    case CORPUS_TSV: {
        char *tab = memchr(s, '\t', (size_t)n);
        if (!tab) {
            if (c->labels)
                return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "no TAB: expected label<TAB>text");
            break; /* unlabelled: the whole line is the text */
        }
        d->label = s;
        d->label_len = (size_t)(tab - s);
        d->text = tab + 1;
        d->len = (size_t)(s + n - (tab + 1));
        break;
    }
    case CORPUS_FASTTEXT: {
        size_t i = 0;
        while (i < (size_t)n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if ((size_t)n - i < 9 || memcmp(s + i, "__label__", 9) != 0) {
            if (c->labels)
                return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "no __label__ prefix");
            break;
        }
        size_t b = i + 9, e = b;
        while (e < (size_t)n && s[e] != ' ' && s[e] != '\t')
            e++;
        d->label = s + b;
        d->label_len = e - b;
        size_t t = e;
        while (t < (size_t)n && (s[t] == ' ' || s[t] == '\t'))
            t++;
        if ((size_t)n - t >= 9 && memcmp(s + t, "__label__", 9) == 0 && c->labels)
            return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "more than one __label__: multi-label lines are not supported");
        d->text = s + t;
        d->len = (size_t)n - t;
        break;
    }
    case CORPUS_JSONL: {
        const char *why;
        if (parse_json(c, s, (size_t)n, &why) < 0)
            return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "bad JSON line: %s", why);
        d->label = c->lab;
        d->label_len = c->lab_len;
        d->text = c->txt;
        d->len = c->txt_len;
        if (memchr(d->text, '\0', d->len) || (d->label && memchr(d->label, '\0', d->label_len)))
            return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "NUL character in JSON string");
        break;
    }
    case CORPUS_LINES:
    default:
        break;
    }
    if (is_blank(d->text, d->len))
        return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "empty text");
    int rc = check_label(c, d, err);
    return rc < 0 ? rc : 1;
}
