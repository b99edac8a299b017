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
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "corpus.h"
#include "dist.h"
#include "files.h"
#include "json.h"

struct corpus {
    corpus_format fmt;
    int labels;
    int multi;             /* label sets (corpus_set_multi) */
    char sep;              /* TSV label separator in multi mode */
    char *set;             /* the current label set, joined by CORPUS_LABEL_SEP */
    size_t set_cap, set_len;
    int set_done;          /* the label is a set, already checked */
    int64_t max_line;
    FILE *fp;
    int own_fp;
    char *name;            /* for messages */
    long line;
    char *buf;             /* current line or file */
    size_t cap;
    char *rd;              /* read buffer over fp (RD_CAP bytes) */
    size_t rd_pos, rd_len;
    int rd_eof;
    int live;              /* fp is a pipe, terminal or socket: read(2) what has
                              arrived, so a line is answered once it is whole */
    int pending;           /* buf already holds the next line (format detection) */
    ssize_t pending_len;
    int too_long;          /* the line in buf was cut at max_line */
    char *lab, *txt;       /* decoded JSON strings */
    size_t lab_cap, txt_cap, lab_len, txt_len;
    /* folder layout: files to read, sorted */
    char **files;
    char **file_labels;
    size_t nfiles, at;
};

enum { RD_CAP = 1 << 16 };

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
    free(c->rd);
    free(c->lab);
    free(c->txt);
    free(c->set);
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

static ssize_t raw_line(corpus *c, tasnif_err *err);

/* Drop a UTF-8 byte-order mark (as editors write at the start of a file)
 * from the start of buf[0..n); @return the new length. */
static size_t skip_bom(char *buf, size_t n)
{
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        memmove(buf, buf + 3, n - 3);
        return n - 3;
    }
    return n;
}

int corpus_paths_bytes(const char *const *paths, int n, uint64_t *bytes)
{
    int known = 1;
    *bytes = 0;
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 && S_ISREG(st.st_mode))
            *bytes += (uint64_t)st.st_size;
        else
            known = 0;
    }
    return known;
}

int corpus_open(const char *path, corpus_format fmt, int labels, int64_t max_line,
                corpus **out, tasnif_err *err)
{
    corpus *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    c->labels = labels;
    c->max_line = max_line > 0 ? max_line : INT64_MAX;
    int is_stdin = strcmp(path, "-") == 0;
    c->name = text_printable_dup(is_stdin ? "<stdin>" : path);
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
    c->live = fstat(fileno(c->fp), &st) == 0 && !S_ISREG(st.st_mode);
    if (fmt == CORPUS_AUTO) {
        if (has_suffix(path, ".jsonl") || has_suffix(path, ".json") || has_suffix(path, ".ndjson"))
            fmt = CORPUS_JSONL;
        else if (has_suffix(path, ".tsv"))
            fmt = CORPUS_TSV;
        else {
            ssize_t n = raw_line(c, err);
            if (n == -2) {
                corpus_close(c);
                return TASNIF_EIO;
            }
            c->pending = 1;
            c->pending_len = n;
            fmt = n < 0 ? CORPUS_TSV : detect_line(c->buf, n);
        }
    }
    c->fmt = fmt;
    *out = c;
    return 0;
}

/* Read into the free end of c->rd: from a pipe or terminal what has
 * arrived (one read(2), which returns as soon as anything has), from a
 * file a whole buffer.  @return 0 (c->rd_len grew; not at all at the end)
 * or -1 on a read error (errno set). */
static int fill(corpus *c)
{
    if (!c->live) {
        c->rd_len += fread(c->rd + c->rd_len, 1, RD_CAP - c->rd_len, c->fp);
        return ferror(c->fp) ? -1 : 0;
    }
    for (;;) {
        ssize_t r = read(fileno(c->fp), c->rd + c->rd_len, RD_CAP - c->rd_len);
        if (r >= 0) {
            c->rd_len += (size_t)r;
            return 0;
        }
        if (errno != EINTR)
            return -1;
    }
}

int corpus_ready(corpus *c)
{
    if (!c->live || c->pending || c->rd_eof || !c->rd ||
        memchr(c->rd + c->rd_pos, '\n', c->rd_len - c->rd_pos))
        return 1;
    memmove(c->rd, c->rd + c->rd_pos, c->rd_len - c->rd_pos);
    c->rd_len -= c->rd_pos;
    c->rd_pos = 0;
    struct pollfd pf = {.fd = fileno(c->fp), .events = POLLIN};
    if (c->rd_len == RD_CAP || poll(&pf, 1, 0) <= 0)
        return 0; /* a long partial line, or nothing yet: reading would wait */
    size_t had = c->rd_len;
    if (fill(c) < 0 || c->rd_len == had)
        return 1; /* an error or the end: the next read says so at once */
    return memchr(c->rd + had, '\n', c->rd_len - had) != NULL;
}

/*
 * Read one raw line into c->buf (without the newline, NUL-terminated),
 * keeping at most max_line + 1 bytes of it: a longer line is consumed to
 * its end but marked too long, so no line can exhaust memory.
 * @return its stored length, -1 at the end, -2 on a read error (err set).
 */
static ssize_t raw_line(corpus *c, tasnif_err *err)
{
    size_t n = 0, keep = c->max_line < (int64_t)(SIZE_MAX / 2) ? (size_t)c->max_line + 1 : SIZE_MAX / 2;
    int any = 0;
    c->too_long = 0;
    if (!c->rd && !(c->rd = malloc(RD_CAP)))
        return err_set(err, TASNIF_ENOMEM, c->name, c->line + 1, 0, "out of memory"), -2;
    for (;;) {
        if (c->rd_pos == c->rd_len) {
            if (c->rd_eof)
                break;
            c->rd_pos = c->rd_len = 0;
            if (fill(c) < 0)
                return err_set(err, TASNIF_EIO, c->name, c->line + 1, 0, "read error: %s", strerror(errno)), -2;
            if (c->rd_len == 0) {
                c->rd_eof = 1;
                break;
            }
        }
        any = 1;
        char *start = c->rd + c->rd_pos, *nl = memchr(start, '\n', c->rd_len - c->rd_pos);
        size_t chunk = nl ? (size_t)(nl - start) : c->rd_len - c->rd_pos;
        size_t take = n + chunk <= keep ? chunk : keep > n ? keep - n : 0;
        if (take < chunk)
            c->too_long = 1;
        if (GROW(c->buf, c->cap, n + take + 1) < 0)
            return err_set(err, TASNIF_ENOMEM, c->name, c->line + 1, 0, "out of memory"), -2;
        memcpy(c->buf + n, start, take);
        n += take;
        c->rd_pos += chunk + (nl ? 1 : 0);
        if (nl)
            break;
    }
    if (!any)
        return -1;
    if (GROW(c->buf, c->cap, n + 1) < 0)
        return err_set(err, TASNIF_ENOMEM, c->name, c->line + 1, 0, "out of memory"), -2;
    c->line++;
    /* at the start of any line: files joined by cat keep each one's mark */
    n = skip_bom(c->buf, n);
    if (n > 0 && c->buf[n - 1] == '\r') /* CRLF line ends */
        n--;
    c->buf[n] = '\0';
    return (ssize_t)n;
}

/* The next line: the one read for format detection first. */
static ssize_t read_line(corpus *c, tasnif_err *err)
{
    if (c->pending) {
        c->pending = 0;
        return c->pending_len;
    }
    return raw_line(c, err);
}

static int set_add(corpus *c, size_t *at, const char *l, size_t n, const char *file, long line, tasnif_err *err);

/* Take "label" and "text" (or "labels") from one JSON object (other keys
 * ignored).  On error *why says why (NULL when err already does: a bad
 * label set) and *byte is the 1-based offset of a syntax error (0 for
 * other errors). */
static int parse_json(corpus *c, const char *s, size_t n, const char **why, size_t *byte, tasnif_err *err)
{
    size_t at;
    json *j = json_parse(s, n, &at, why);
    *byte = j ? 0 : at + 1;
    if (!j && *why == json_out_of_memory) {
        *why = NULL;
        return err_set(err, TASNIF_ENOMEM, c->name, c->line, 0, "out of memory");
    }
    if (!j)
        return TASNIF_EINPUT;
    *why = "not a JSON object";
    if (j->type != JSON_OBJ) {
        json_free(j);
        return TASNIF_EINPUT;
    }
    const json *label = json_get(j, "label"), *text = json_get(j, "text");
    const json *labels = c->multi ? json_get(j, "labels") : NULL;
    int rc = TASNIF_EINPUT;
    if (labels) {
        *why = "\"labels\" must be an array of strings";
        if (labels->type != JSON_ARR)
            goto out;
        size_t at = 0;
        *why = "\"labels\" must be an array of one or more strings";
        if (labels->n == 0)
            goto out;
        for (size_t i = 0; i < labels->n; i++) {
            const json *l = labels->items[i];
            *why = "\"labels\" must be an array of strings";
            if (l->type != JSON_STR)
                goto out;
            if ((rc = set_add(c, &at, l->str, strlen(l->str), c->name, c->line, err)) < 0) {
                *why = NULL; /* err says what */
                goto out;
            }
        }
        rc = TASNIF_EINPUT;
        label = NULL;
        c->set_len = at;
    }
    *why = "no \"text\" field";
    if (!text)
        goto out;
    *why = c->multi ? "no \"labels\" or \"label\" field" : "no \"label\" field";
    if (c->labels && !label && !labels)
        goto out;
    *why = "\"label\" and \"text\" must be strings";
    if (text->type != JSON_STR || (label && label->type != JSON_STR))
        goto out;
    c->txt_len = strlen(text->str);
    c->lab_len = label ? strlen(label->str) : 0;
    if (GROW(c->txt, c->txt_cap, c->txt_len + 1) < 0 || GROW(c->lab, c->lab_cap, c->lab_len + 1) < 0) {
        rc = TASNIF_ENOMEM;
        goto out;
    }
    memcpy(c->txt, text->str, c->txt_len + 1);
    memcpy(c->lab, label ? label->str : "", c->lab_len + 1);
    if (labels) { /* the set, already checked */
        if (GROW(c->lab, c->lab_cap, c->set_len + 1) < 0) {
            rc = TASNIF_ENOMEM;
            goto out;
        }
        memcpy(c->lab, c->set, c->set_len + 1);
        c->lab_len = c->set_len;
        c->set_done = 1;
    }
    rc = 0;
out:
    json_free(j);
    return rc;
}

int corpus_is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n' || s[i] == '\f' || s[i] == '\v'))
            return 0;
    return 1;
}

/* One label under the reader's rules. */
static int check_one_label(const char *l, size_t n, const char *file, long line, tasnif_err *err)
{
    const char *why;
    size_t bad;
    int rc = label_check(l, n, &why, &bad);
    if (rc == TASNIF_EUTF8)
        return err_set(err, rc, file, line, (long)bad + 1, "%s at byte %zu", why, bad + 1);
    if (rc < 0)
        return err_set(err, rc, file, line, 0, "%s", why);
    return 0;
}

void corpus_set_multi(corpus *c, char sep)
{
    c->multi = 1;
    c->sep = sep;
}

/* Append one label of a set to c->set, checked and not repeated. */
static int set_add(corpus *c, size_t *at, const char *l, size_t n, const char *file, long line, tasnif_err *err)
{
    int rc = check_one_label(l, n, file, line, err);
    if (rc < 0)
        return rc;
    /* label sets are printed comma-separated: a comma in a label would
     * make two of one */
    if (memchr(l, ',', n))
        return err_set(err, TASNIF_EINPUT, file, line, 0,
                       "label '%.*s' holds a comma, which separates the labels of a set in tasnif's output", (int)n, l);
    for (size_t s = 0; s < *at;) {
        const char *e = memchr(c->set + s, CORPUS_LABEL_SEP, *at - s);
        size_t len = e ? (size_t)(e - (c->set + s)) : *at - s;
        if (len == n && memcmp(c->set + s, l, n) == 0)
            return err_set(err, TASNIF_EINPUT, file, line, 0, "label '%.*s' repeated in the label set", (int)n, l);
        s += len + 1;
    }
    if (GROW(c->set, c->set_cap, *at + n + 2) < 0)
        return err_set(err, TASNIF_ENOMEM, file, line, 0, "out of memory");
    if (*at)
        c->set[(*at)++] = CORPUS_LABEL_SEP;
    memcpy(c->set + *at, l, n);
    *at += n;
    c->set[*at] = '\0';
    return 0;
}

static int check_label(corpus *c, corpus_doc *d, tasnif_err *err)
{
    if (!c->labels) {
        d->label = NULL;
        d->label_len = 0;
        return 0;
    }
    if (c->set_done)
        return 0;
    if (!c->multi || c->fmt != CORPUS_TSV)
        return check_one_label(d->label, d->label_len, d->file, d->line, err);
    /* TSV label sets: split on the separator */
    size_t at = 0;
    const char *p = d->label, *end = d->label + d->label_len;
    for (;;) {
        const char *e = memchr(p, c->sep, (size_t)(end - p));
        const char *stop = e ? e : end;
        int rc = set_add(c, &at, p, (size_t)(stop - p), d->file, d->line, err);
        if (rc < 0)
            return rc;
        if (!e)
            break;
        p = e + 1;
    }
    d->label = c->set;
    d->label_len = at;
    return 0;
}

int corpus_read_file(const char *path, int64_t max, char **buf, size_t *cap, size_t *len, tasnif_err *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp)
        return err_set(err, TASNIF_EIO, name, 0, 0, "cannot open: %s", strerror(errno));
    size_t n = 0;
    int rc = 0;
    for (;;) {
        if (GROW(*buf, *cap, n + 65536 + 1) < 0) {
            rc = err_set(err, TASNIF_ENOMEM, name, 0, 0, "out of memory");
            break;
        }
        size_t r = fread(*buf + n, 1, 65536, fp);
        n += r;
        if ((int64_t)n > max) {
            rc = err_set(err, TASNIF_ELIMIT, name, 0, 0, "document longer than the limit of %lld bytes",
                         (long long)max);
            break;
        }
        if (r < 65536)
            break;
    }
    if (rc == 0 && ferror(fp))
        rc = err_set(err, TASNIF_EIO, name, 0, 0, "read error: %s", strerror(errno));
    if (!is_stdin)
        fclose(fp);
    if (rc < 0)
        return rc;
    n = skip_bom(*buf, n);
    (*buf)[n] = '\0';
    *len = n;
    return corpus_check_text(*buf, n, name, err);
}

int corpus_check_text(const char *s, size_t n, const char *name, tasnif_err *err)
{
    const char *nul = memchr(s, '\0', n);
    if (nul)
        return err_set(err, TASNIF_EINPUT, name, 0, (long)(nul - s) + 1, "NUL byte at byte %ld", (long)(nul - s) + 1);
    if (corpus_is_blank(s, n))
        return err_set(err, TASNIF_EINPUT, name, 0, 0, "empty document");
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
    c->name = text_printable_dup(path);
    if (!c->name)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    /* only regular files are documents: never block on a FIFO or a device */
    struct stat st;
    if (stat(path, &st) < 0)
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return err_set(err, TASNIF_EINPUT, path, 0, 0, "a folder inside a label folder (expected DIR/<label>/<file>)");
    if (!S_ISREG(st.st_mode))
        return err_set(err, TASNIF_EINPUT, path, 0, 0, "%s, not a document file", file_kind_name(st.st_mode));
    size_t n;
    int rc = corpus_read_file(path, c->max_line, &c->buf, &c->cap, &n, err);
    if (rc < 0)
        return rc;
    *d = (corpus_doc){label, strlen(label), c->buf, n, c->name, 0};
    rc = check_label(c, d, err);
    return rc < 0 ? rc : 1;
}

/* A TSV line's label and text (label<TAB>text; without a TAB, unlabelled input is all text); @return 0 or an error. */
static int tsv_fields(corpus *c, corpus_doc *d, char *s, size_t n, tasnif_err *err)
{
    char *tab = memchr(s, '\t', n);
    if (!tab) {
        if (c->labels)
            return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "no TAB: expected label<TAB>text");
        return 0; /* unlabelled: the whole line is the text */
    }
    d->label = s;
    d->label_len = (size_t)(tab - s);
    d->text = tab + 1;
    d->len = (size_t)(s + n - (tab + 1));
    return 0;
}

/* A fastText line's __label__ (or, multi-label, all its leading __label__s as a set) and text;
 * @return 0 or an error. */
static int fasttext_fields(corpus *c, corpus_doc *d, char *s, size_t n, tasnif_err *err)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (n - i < 9 || memcmp(s + i, "__label__", 9) != 0) {
        if (c->labels)
            return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "no __label__ prefix");
        return 0;
    }
    size_t b = i + 9, e = b, at = 0;
    while (e < n && s[e] != ' ' && s[e] != '\t')
        e++;
    d->label = s + b;
    d->label_len = e - b;
    size_t t = e;
    while (t < n && (s[t] == ' ' || s[t] == '\t'))
        t++;
    if (c->multi && c->labels) {
        int rc = set_add(c, &at, s + b, e - b, c->name, c->line, err);
        while (rc == 0 && n - t >= 9 && memcmp(s + t, "__label__", 9) == 0) {
            b = e = t + 9;
            while (e < n && s[e] != ' ' && s[e] != '\t')
                e++;
            rc = set_add(c, &at, s + b, e - b, c->name, c->line, err);
            for (t = e; t < n && (s[t] == ' ' || s[t] == '\t'); t++)
                ;
        }
        if (rc < 0)
            return rc;
        d->label = c->set;
        d->label_len = at;
        c->set_done = 1;
    } else if (n - t >= 9 && memcmp(s + t, "__label__", 9) == 0 && c->labels)
        return err_set(err, TASNIF_EINPUT, c->name, c->line, 0,
                       "more than one __label__: train with --multi-label for label sets");
    d->text = s + t;
    d->len = n - t;
    return 0;
}

/* A JSON Lines line's label (or label set) and text; @return 0 or an error. */
static int jsonl_fields(corpus *c, corpus_doc *d, char *s, size_t n, tasnif_err *err)
{
    const char *why;
    size_t byte;
    int jrc = parse_json(c, s, n, &why, &byte, err);
    if (jrc < 0 && !why)
        return jrc;
    if (jrc < 0) {
        if (byte)
            return err_set(err, TASNIF_EINPUT, c->name, c->line, (long)byte, "bad JSON line: %s (byte %zu)", why, byte);
        return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "bad JSON line: %s", why);
    }
    d->label = c->labels ? c->lab : NULL;
    d->label_len = c->lab_len;
    d->text = c->txt;
    d->len = c->txt_len;
    return 0;
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
    c->set_done = 0;
    *d = (corpus_doc){NULL, 0, s, (size_t)n, c->name, c->line};
    if (c->too_long)
        return err_set(err, TASNIF_ELIMIT, c->name, c->line, 0, "line longer than the limit of %lld bytes (--max-line-bytes)",
                       (long long)c->max_line);
    /* a blank line is no document: say so rather than pass over it */
    if (corpus_is_blank(s, (size_t)n))
        return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "blank line");
    char *nul = memchr(s, '\0', (size_t)n);
    if (nul)
        return err_set(err, TASNIF_EINPUT, c->name, c->line, (long)(nul - s) + 1, "NUL byte at byte %ld", (long)(nul - s) + 1);
    int rc = 0;
    switch (c->fmt) {
    case CORPUS_TSV: rc = tsv_fields(c, d, s, (size_t)n, err); break;
    case CORPUS_FASTTEXT: rc = fasttext_fields(c, d, s, (size_t)n, err); break;
    case CORPUS_JSONL: rc = jsonl_fields(c, d, s, (size_t)n, err); break;
    case CORPUS_LINES:
    default:
        break;
    }
    if (rc < 0)
        return rc;
    if (corpus_is_blank(d->text, d->len))
        return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "empty text");
    rc = check_label(c, d, err);
    return rc < 0 ? rc : 1;
}

int corpus_stream(corpus *c, feat_batch *b, size_t max_docs, size_t max_bytes, corpus_doc_fn doc,
                  corpus_end_fn end, void *user, tasnif_err *err)
{
    int rc = 0;
    for (int done = 0; !done && rc >= 0;) {
        corpus_doc d;
        tasnif_err rerr = {0};
        int rrc = 0;
        while (feat_batch_count(b) < max_docs && feat_batch_bytes(b) < max_bytes) {
            /* lines from a pipe: answer those that came before waiting for more */
            if (feat_batch_count(b) && dist_size() == 1 && !corpus_ready(c))
                break;
            if ((rrc = corpus_next(c, &d, &rerr)) <= 0) {
                if (rrc < 0)
                    feat_batch_cut(b, rrc, &rerr);
                break;
            }
            if (feat_batch_add(b, d.text, d.len, d.label, d.label_len, d.file, d.line) < 0) {
                feat_batch_clear(b);
                return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
            }
        }
        feat_batch_run(b);
        for (size_t i = 0; i < feat_batch_count(b) && rc >= 0; i++) {
            const feat_term *terms;
            size_t nterms;
            const tasnif_err *e;
            int drc = feat_batch_result(b, i, &terms, &nterms, &e);
            rc = doc(user, b, i, drc, drc < 0 ? e : NULL);
        }
        if (rc >= 0 && end)
            rc = end(user, b);
        if (rc >= 0 && rrc < 0)
            rc = doc(user, b, SIZE_MAX, rrc, &rerr);
        feat_batch_clear(b);
        done = rrc == 0;
    }
    return rc < 0 ? rc : 0;
}
