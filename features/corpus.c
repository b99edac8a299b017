/*
 * corpus.c - corpus readers: TSV (label<TAB>text, or id<TAB>label<TAB>text),
 * fastText lines (__label__x text), JSON Lines ({"label": ..., "text":
 * ...}, any fields by name or dotted path), CSV with a header row (RFC
 * 4180, csv.c), a folder per label (DIR/<label>/<file>, the SANAD layout),
 * and unlabelled lines; each read through source.c, so gzip and zstd
 * files are read as they are.
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
#include "corpus.h"
#include "csv.h"
#include "dist.h"
#include "files.h"
#include "json.h"
#include "source.h"

/* Longest id kept; past it an id is an error. */
enum { ID_MAX_BYTES = 1024 };

struct corpus {
    corpus_format fmt;
    int labels;
    int multi;             /* label sets (corpus_set_multi) */
    char sep;              /* TSV label separator in multi mode */
    char *set;             /* the current label set, joined by CORPUS_LABEL_SEP */
    size_t set_cap, set_len;
    int set_done;          /* the label is a set, already checked */
    int64_t max_line;
    src *in;               /* the bytes, decompressed */
    char *name;            /* for messages */
    long line;
    char *buf;             /* current line or file */
    size_t cap;
    char *rd;              /* read buffer over in (RD_CAP bytes) */
    size_t rd_pos, rd_len;
    int rd_eof;
    int live;              /* in is a pipe, terminal or socket: read(2) what has
                              arrived, so a line is answered once it is whole */
    int pending;           /* buf already holds the next line (format detection) */
    ssize_t pending_len;
    int too_long;          /* the line in buf was cut at max_line */
    char *lab, *txt;       /* a JSON or CSV document's label and joined text */
    size_t lab_cap, txt_cap, lab_len, txt_len;
    char *id;              /* its id, NUL-terminated */
    size_t id_cap;
    int has_id;
    const corpus_spec *spec;
    corpus_spec defaults;
    char **fields;         /* the text fields, title first when given */
    size_t nfields;
    int has_title;
    char why[400];         /* a message naming a field */
    int first_done;        /* the first line (header row detection) is past */
    /* CSV */
    csv_rec rec;
    size_t ncols;          /* columns of the header */
    size_t *col_text;      /* nfields column indices */
    size_t col_label, col_id; /* SIZE_MAX: none */
    int bad_header;        /* the header row failed: nothing more is read */
    /* folder layout: files to read, sorted */
    char **files;
    char **file_labels;
    size_t nfiles, at;
};

enum { RD_CAP = 1 << 16 };

static const char *format_names[] = {"auto", "tsv", "fasttext", "jsonl", "dir", "lines", "csv"};
#define NFORMATS (sizeof format_names / sizeof format_names[0])

int corpus_format_parse(const char *s)
{
    for (size_t i = 0; i < NFORMATS; i++)
        if (strcmp(s, format_names[i]) == 0)
            return (int)i;
    return -1;
}

const char *corpus_format_name(corpus_format f)
{
    return (unsigned)f < NFORMATS ? format_names[f] : "?";
}

const char *corpus_compression(const corpus *c)
{
    return src_kind_name(c->in ? src_get_kind(c->in) : SRC_PLAIN);
}

char *corpus_name(const char *id, const char *file, long line, char *buf, size_t cap)
{
    if (id)
        snprintf(buf, cap, "%s", id);
    else
        snprintf(buf, cap, line > 0 ? "%s:%ld" : "%s", file ? file : "", line);
    return buf;
}

char *corpus_doc_name(const corpus_doc *d, char *buf, size_t cap)
{
    return corpus_name(d->id, d->file, d->line, buf, cap);
}

corpus_format corpus_get_format(const corpus *c)
{
    return c->fmt;
}

void corpus_close(corpus *c)
{
    if (!c)
        return;
    src_close(c->in);
    for (size_t i = 0; i < c->nfields; i++)
        free(c->fields[i]);
    free(c->fields);
    free(c->col_text);
    free(c->id);
    csv_rec_finish(&c->rec);
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

int corpus_paths_bytes(const char *const *paths, int n, uint64_t limit, uint64_t *bytes)
{
    int known = 1;
    *bytes = 0;
    for (int i = 0; i < n; i++) {
        uint64_t b, left = limit > *bytes ? limit - *bytes : 0;
        int k = src_content_bytes(paths[i], left, &b);
        *bytes += b;
        if (!k && b >= left)
            return 1; /* counted up to limit: the total reaches it, which is all a caller asks */
        known &= k;
    }
    return known;
}

/* path without a compression suffix (.gz, .gzip, .zst, .zstd), for the
 * format by extension; into buf. */
static const char *strip_compression(const char *path, char *buf, size_t cap)
{
    static const char *const sufs[] = {".gz", ".gzip", ".zst", ".zstd"};
    snprintf(buf, cap, "%s", path);
    for (size_t i = 0; i < sizeof sufs / sizeof sufs[0]; i++)
        if (has_suffix(buf, sufs[i])) {
            buf[strlen(buf) - strlen(sufs[i])] = '\0';
            break;
        }
    return buf;
}

int corpus_open(const char *path, corpus_format fmt, int labels, int64_t max_line,
                corpus **out, tasnif_err *err)
{
    corpus *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    c->labels = labels;
    c->max_line = max_line > 0 ? max_line : INT64_MAX;
    c->col_label = c->col_id = SIZE_MAX;
    c->spec = &c->defaults;
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
    int rc = src_open(path, &c->in, err);
    if (rc < 0) {
        corpus_close(c);
        return rc;
    }
    c->live = src_live(c->in);
    if (fmt == CORPUS_AUTO) {
        char plain[4096];
        strip_compression(path, plain, sizeof plain);
        if (has_suffix(plain, ".jsonl") || has_suffix(plain, ".json") || has_suffix(plain, ".ndjson"))
            fmt = CORPUS_JSONL;
        else if (has_suffix(plain, ".tsv"))
            fmt = CORPUS_TSV;
        else if (has_suffix(plain, ".csv"))
            fmt = CORPUS_CSV;
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

int corpus_ready(corpus *c)
{
    if (!c->live || c->pending || c->rd_eof || !c->rd ||
        memchr(c->rd + c->rd_pos, '\n', c->rd_len - c->rd_pos))
        return 1;
    memmove(c->rd, c->rd + c->rd_pos, c->rd_len - c->rd_pos);
    c->rd_len -= c->rd_pos;
    c->rd_pos = 0;
    if (c->rd_len == RD_CAP)
        return 0; /* a long partial line: reading would wait */
    const char *why;
    ssize_t r = src_read_nowait(c->in, c->rd + c->rd_len, RD_CAP - c->rd_len, &why);
    if (r == SRC_WAIT)
        return 0; /* nothing yet */
    if (r <= 0)
        return 1; /* an error or the end: the next read says so at once */
    c->rd_len += (size_t)r;
    return memchr(c->rd + c->rd_len - r, '\n', (size_t)r) != NULL;
}

/* Split spec->text_fields (and the title) into c->fields; @return 0 or
 * TASNIF_ENOMEM. */
static int split_fields(corpus *c)
{
    const corpus_spec *sp = c->spec;
    /* without a header row, CSV columns are numbers: label<,>text */
    const char *list = sp->text_fields ? sp->text_fields : c->fmt == CORPUS_CSV && sp->no_header ? "2" : "text";
    size_t n = 1 + (sp->title_field != NULL);
    for (const char *p = list; *p; p++)
        n += *p == ',';
    if (!(c->fields = calloc(n, sizeof *c->fields)))
        return TASNIF_ENOMEM;
    if (sp->title_field && !(c->fields[c->nfields++] = strdup(sp->title_field)))
        return TASNIF_ENOMEM;
    c->has_title = sp->title_field != NULL;
    for (const char *p = list;;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len && !(c->fields[c->nfields++] = strndup(p, len)))
            return TASNIF_ENOMEM;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

void corpus_set_spec(corpus *c, const corpus_spec *spec)
{
    c->spec = spec ? spec : &c->defaults;
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
            c->rd_pos = 0;
            const char *why;
            ssize_t r = src_read(c->in, c->rd, RD_CAP, &why);
            if (r < 0)
                return err_set(err, TASNIF_EIO, c->name, c->line + 1, 0, "%s", why), -2;
            c->rd_len = (size_t)r;
            if (r == 0) {
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

/* Set c->why to a message and @return TASNIF_EINPUT. */
static int why(corpus *c, const char *fmt, const char *name)
{
    char shown[200];
    text_printable(name, shown, sizeof shown);
    snprintf(c->why, sizeof c->why, fmt, shown);
    return TASNIF_EINPUT;
}

/* Append s[0..n) to the document's text, after a line break when it
 * already holds some; @return 0 or TASNIF_ENOMEM. */
static int text_append(corpus *c, const char *s, size_t n)
{
    size_t sep = c->txt_len > 0;
    if (GROW(c->txt, c->txt_cap, c->txt_len + sep + n + 1) < 0)
        return TASNIF_ENOMEM;
    if (sep)
        c->txt[c->txt_len++] = '\n';
    memcpy(c->txt + c->txt_len, s, n);
    c->txt_len += n;
    c->txt[c->txt_len] = '\0';
    return 0;
}

/* An id under the reader's rules: valid UTF-8, no control character, at
 * most ID_MAX_BYTES; kept in c->id.  A blank id is none (the document is
 * then named by file:line).  @return 0 or an error. */
static int take_id(corpus *c, const char *s, size_t n, tasnif_err *err)
{
    size_t bad;
    c->has_id = 0;
    if (corpus_is_blank(s, n))
        return 0;
    if (utf8_check(s, n, &bad) < 0)
        return err_set(err, TASNIF_EUTF8, c->name, c->line, (long)bad + 1, "id is not valid UTF-8 at byte %zu", bad + 1);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "id contains a control character");
    if (n > ID_MAX_BYTES)
        return err_set(err, TASNIF_ELIMIT, c->name, c->line, 0, "id longer than %d bytes", ID_MAX_BYTES);
    if (GROW(c->id, c->id_cap, n + 1) < 0)
        return err_set(err, TASNIF_ENOMEM, c->name, c->line, 0, "out of memory");
    memcpy(c->id, s, n);
    c->id[n] = '\0';
    c->has_id = 1;
    return 0;
}

/* One label, or with labels sets one label of the set, from its text;
 * @return 0 or an error (err set). */
static int label_part(corpus *c, size_t *at, const char *l, size_t n, tasnif_err *err)
{
    if (c->multi)
        return set_add(c, at, l, n, c->name, c->line, err);
    if (GROW(c->lab, c->lab_cap, n + 1) < 0)
        return err_set(err, TASNIF_ENOMEM, c->name, c->line, 0, "out of memory");
    memcpy(c->lab, l, n);
    c->lab[n] = '\0';
    c->lab_len = n;
    return 0;
}

/* A JSON string as it is, or a number as written (in line s); @return 0,
 * or -1 for another type. */
static int json_text(const json *v, const char *s, const char **out, size_t *n)
{
    if (v->type == JSON_STR) {
        *out = v->str;
        *n = strlen(v->str);
        return 0;
    }
    if (v->type == JSON_NUM) {
        *out = s + v->at;
        *n = v->end - v->at;
        return 0;
    }
    return -1;
}

/* The document's label (or set) from JSON value v named name; @return 0,
 * TASNIF_EINPUT with c->why, or another error with err set. */
static int json_label(corpus *c, const json *v, const char *name, const char *s, tasnif_err *err)
{
    const char *l;
    size_t n, at = 0;
    int rc;
    if (json_text(v, s, &l, &n) == 0)
        rc = label_part(c, &at, l, n, err);
    else if (v->type != JSON_ARR)
        return why(c, "\"%s\" must be a string, a number or an array of strings", name);
    else if (v->n == 0)
        return why(c, "\"%s\" must be an array of one or more strings", name);
    else if (!c->multi && v->n > 1) {
        char shown[200];
        text_printable(name, shown, sizeof shown);
        snprintf(c->why, sizeof c->why, "\"%s\" holds %zu labels: train with --multi-label for label sets", shown, v->n);
        return TASNIF_EINPUT;
    } else {
        rc = 0;
        for (size_t i = 0; i < v->n && rc == 0; i++) {
            if (json_text(v->items[i], s, &l, &n) < 0)
                return why(c, "\"%s\" must be an array of strings", name);
            rc = label_part(c, &at, l, n, err);
        }
    }
    if (rc < 0) {
        c->why[0] = '\0'; /* err says what */
        return rc;
    }
    if (c->multi) {
        if (GROW(c->lab, c->lab_cap, at + 1) < 0)
            return err_set(err, TASNIF_ENOMEM, c->name, c->line, 0, "out of memory");
        memcpy(c->lab, c->set, at + 1);
        c->lab_len = at;
        c->set_done = 1;
    }
    return 0;
}

/* The label, text (the fields joined, the title first) and id of one JSON
 * object.  @return 0; TASNIF_EINPUT with c->why saying why (empty when
 * err already does) and *byte the 1-based offset of a syntax error (0 for
 * other errors); or another error with err set. */
static int parse_json(corpus *c, const char *s, size_t n, size_t *byte, tasnif_err *err)
{
    size_t at;
    const char *jwhy;
    json *j = json_parse(s, n, &at, &jwhy);
    *byte = j ? 0 : at + 1;
    c->why[0] = '\0';
    if (!j && jwhy == json_out_of_memory)
        return err_set(err, TASNIF_ENOMEM, c->name, c->line, 0, "out of memory");
    if (!j) {
        snprintf(c->why, sizeof c->why, "%s", jwhy);
        return TASNIF_EINPUT;
    }
    int rc = TASNIF_EINPUT;
    if (j->type != JSON_OBJ) {
        snprintf(c->why, sizeof c->why, "not a JSON object");
        goto out;
    }
    c->txt_len = 0;
    if (c->txt_cap)
        c->txt[0] = '\0';
    int present = 0;
    for (size_t f = 0; f < c->nfields; f++) {
        const json *v = json_path(j, c->fields[f]);
        if (!v || v->type == JSON_NULL)
            continue; /* a document may lack one of several fields */
        if (v->type != JSON_STR) {
            rc = why(c, "\"%s\" must be a string", c->fields[f]);
            goto out;
        }
        present += !(c->has_title && f == 0);
        if (!corpus_is_blank(v->str, strlen(v->str)) && text_append(c, v->str, strlen(v->str)) < 0) {
            rc = err_set(err, TASNIF_ENOMEM, c->name, c->line, 0, "out of memory");
            goto out;
        }
    }
    if (!present) {
        const char *list = c->spec->text_fields ? c->spec->text_fields : "text";
        rc = why(c, strchr(list, ',') ? "none of the text fields \"%s\"" : "no \"%s\" field", list);
        goto out;
    }
    if (c->labels) {
        const char *name = c->spec->label_field;
        if (!name)
            name = c->multi && json_get(j, "labels") ? "labels" : "label";
        const json *v = json_path(j, name);
        if (!v) {
            rc = c->spec->label_field || !c->multi ? why(c, "no \"%s\" field", name)
                                                   : why(c, "no \"labels\" or \"label\" field%s", "");
            goto out;
        }
        if ((rc = json_label(c, v, name, s, err)) < 0)
            goto out;
    }
    c->has_id = 0;
    const char *idname = c->spec->id_field ? c->spec->id_field : "id";
    const json *v = json_path(j, idname);
    const char *id;
    size_t idlen;
    if (v && v->type != JSON_NULL) {
        if (json_text(v, s, &id, &idlen) < 0) {
            rc = why(c, "\"%s\" (the id) must be a string or a number", idname);
            goto out;
        }
        if ((rc = take_id(c, id, idlen, err)) < 0) {
            c->why[0] = '\0';
            goto out;
        }
    }
    rc = 0;
out:
    json_free(j);
    return rc;
}

/* Is s[0..n) a label of is_label's, or a comma-separated set of them? */
static int known_labels(const char *s, size_t n, corpus_label_fn is_label, void *user)
{
    if (n == 0)
        return 0;
    if (is_label(user, s, n))
        return 1;
    for (const char *p = s, *end = s + n; p < end;) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        if (stop == p || !is_label(user, p, (size_t)(stop - p)))
            return 0;
        p = stop + 1;
    }
    return memchr(s, ',', n) != NULL;
}

int corpus_labelled_lines(const char *s, size_t len, int max, corpus_label_fn is_label, void *user, int *lines)
{
    int found = 0;
    *lines = 0;
    for (const char *p = s, *end = s + len; p < end && *lines < max;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        if (!corpus_is_blank(p, (size_t)(stop - p))) {
            const char *tab = memchr(p, '\t', (size_t)(stop - p));
            ++*lines;
            found += ((size_t)(stop - p) > 9 && memcmp(p, "__label__", 9) == 0) ||
                     (tab && known_labels(p, (size_t)(tab - p), is_label, user));
        }
        p = stop + 1;
    }
    return found;
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
    if (!c->multi || (c->fmt != CORPUS_TSV && c->fmt != CORPUS_CSV))
        return check_one_label(d->label, d->label_len, d->file, d->line, err);
    /* TSV and CSV label sets: split on the separator */
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
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    src *in = NULL;
    int rc = src_open(path, &in, err);
    if (rc < 0)
        return rc;
    size_t n = 0;
    for (;;) {
        if (GROW(*buf, *cap, n + 65536 + 1) < 0) {
            rc = err_set(err, TASNIF_ENOMEM, name, 0, 0, "out of memory");
            break;
        }
        const char *why;
        ssize_t r = src_read(in, *buf + n, 65536, &why);
        if (r < 0) {
            rc = err_set(err, TASNIF_EIO, name, 0, 0, "%s", why);
            break;
        }
        n += (size_t)r;
        if ((int64_t)n > max) { /* read no further: a compressed bomb stops here */
            rc = err_set(err, TASNIF_ELIMIT, name, 0, 0, "document longer than the limit of %lld bytes",
                         (long long)max);
            break;
        }
        if (r == 0)
            break;
    }
    src_close(in);
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
    *d = (corpus_doc){.label = label, .label_len = strlen(label), .text = c->buf, .len = n, .file = c->name};
    rc = check_label(c, d, err);
    return rc < 0 ? rc : 1;
}

/* A TSV line's id (with --id-column), label and text (label<TAB>text; without a TAB, unlabelled input is all
 * text); @return 0 or an error. */
static int tsv_fields(corpus *c, corpus_doc *d, char *s, size_t n, tasnif_err *err)
{
    if (c->spec->tsv_id) {
        char *tab = memchr(s, '\t', n);
        if (!tab)
            return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "no TAB: expected id<TAB>%s (--id-column)",
                           c->labels ? "label<TAB>text" : "text");
        int rc = take_id(c, s, (size_t)(tab - s), err);
        if (rc < 0)
            return rc;
        n -= (size_t)(tab + 1 - s);
        s = tab + 1;
        d->text = s;
        d->len = n;
    }
    char *tab = memchr(s, '\t', n);
    if (!tab) {
        if (c->labels)
            return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "no TAB: expected %slabel<TAB>text",
                           c->spec->tsv_id ? "id<TAB>" : "");
        return 0; /* unlabelled: the whole line is the text */
    }
    d->label = s;
    d->label_len = (size_t)(tab - s);
    d->text = tab + 1;
    d->len = (size_t)(s + n - (tab + 1));
    return 0;
}

/* The names a header row gives its label column. */
static int header_word(const char *s, size_t n)
{
    static const char *const words[] = {"label", "labels", "category", "class"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
            return 1;
    return 0;
}

/* Is the TSV line s[0..n) a header row: a label column named as
 * header_word names it and a text of one word?  Then tell the caller's
 * note function. */
static int tsv_header(corpus *c, const char *s, size_t n)
{
    if (c->spec->tsv_id) {
        const char *tab = memchr(s, '\t', n);
        if (!tab)
            return 0;
        n -= (size_t)(tab + 1 - s);
        s = tab + 1;
    }
    const char *tab = memchr(s, '\t', n);
    if (!tab || !header_word(s, (size_t)(tab - s)))
        return 0;
    const char *t = tab + 1, *e = s + n;
    while (t < e && (*t == ' ' || *t == '\t'))
        t++;
    while (e > t && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    if (t == e || memchr(t, ' ', (size_t)(e - t)) || memchr(t, '\t', (size_t)(e - t)))
        return 0;
    if (c->spec->note) {
        char msg[300], l[100], w[100];
        snprintf(l, sizeof l, "%.*s", (int)(tab - s) < 60 ? (int)(tab - s) : 60, s);
        snprintf(w, sizeof w, "%.*s", (int)(e - t) < 60 ? (int)(e - t) : 60, t);
        snprintf(msg, sizeof msg, "taken as a header row ('%s', '%s'), not a document (--no-header keeps it)", l, w);
        c->spec->note(c->spec->note_user, c->name, c->line, msg);
    }
    return 1;
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

/* A JSON Lines line's label (or label set), text and id; @return 0 or an error. */
static int jsonl_fields(corpus *c, corpus_doc *d, char *s, size_t n, tasnif_err *err)
{
    size_t byte;
    int jrc = parse_json(c, s, n, &byte, err);
    if (jrc < 0 && !c->why[0])
        return jrc;
    if (jrc < 0) {
        if (byte)
            return err_set(err, TASNIF_EINPUT, c->name, c->line, (long)byte, "bad JSON line: %s (byte %zu)", c->why, byte);
        return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "bad JSON line: %s", c->why);
    }
    d->label = c->labels ? c->lab : NULL;
    d->label_len = c->labels ? c->lab_len : 0;
    d->text = c->txt;
    d->len = c->txt_len;
    return 0;
}

/* ---- CSV ---- */

/* The column named name in the header (exactly, else the one that matches
 * it ignoring ASCII case); with --no-header a column number from 1.
 * @return its index, or SIZE_MAX. */
static size_t csv_column(const corpus *c, const char *name)
{
    if (c->spec->no_header) {
        char *end;
        unsigned long v = strtoul(name, &end, 10);
        return *name && !*end && v >= 1 && v <= c->ncols ? (size_t)v - 1 : SIZE_MAX;
    }
    size_t len, found = SIZE_MAX, nfound = 0;
    for (size_t i = 0; i < c->ncols; i++)
        if (strcmp(csv_field(&c->rec, i, &len), name) == 0)
            return i;
    for (size_t i = 0; i < c->ncols; i++)
        if (strcasecmp(csv_field(&c->rec, i, &len), name) == 0) {
            found = i;
            nfound++;
        }
    return nfound == 1 ? found : SIZE_MAX;
}

/* A header column that is missing: what the header holds and how to name
 * another. */
static int csv_missing(corpus *c, long line, const char *what, const char *name, const char *flag, tasnif_err *err)
{
    char cols[300] = "", shown[100];
    size_t len, at = 0;
    for (size_t i = 0; i < c->ncols && at < sizeof cols - 110; i++) {
        text_printable(csv_field(&c->rec, i, &len), shown, sizeof shown);
        at += (size_t)snprintf(cols + at, sizeof cols - at, "%s'%s'", i ? ", " : "", shown);
    }
    text_printable(name, shown, sizeof shown);
    if (c->spec->no_header)
        return err_set(err, TASNIF_ECORPUS, c->name, line, 0, "no column %s for the %s: with --no-header name "
                       "columns by number, 1 to %zu (%s)", shown, what, c->ncols, flag);
    return err_set(err, TASNIF_ECORPUS, c->name, line, 0, "no column '%s' for the %s in the header row (its columns: "
                   "%s): name it with %s", shown, what, cols, flag);
}

/* The header row (c->rec): the columns of the text fields, label and id.
 * @return 0, or TASNIF_ECORPUS (not skippable: every record would be
 * misread). */
static int csv_header(corpus *c, long line, tasnif_err *err)
{
    c->ncols = c->rec.n;
    if (!(c->col_text = calloc(c->nfields, sizeof *c->col_text)))
        return err_set(err, TASNIF_ENOMEM, c->name, line, 0, "out of memory");
    for (size_t f = 0; f < c->nfields; f++)
        if ((c->col_text[f] = csv_column(c, c->fields[f])) == SIZE_MAX)
            return csv_missing(c, line, c->has_title && f == 0 ? "title" : "text", c->fields[f],
                               c->has_title && f == 0 ? "--title-field" : "--text-field", err);
    c->col_label = SIZE_MAX;
    if (c->spec->label_field) {
        if ((c->col_label = csv_column(c, c->spec->label_field)) == SIZE_MAX && c->labels)
            return csv_missing(c, line, "label", c->spec->label_field, "--label-field", err);
    } else {
        static const char *const names[] = {"label", "labels", "category", "class"};
        for (size_t i = 0; i < 4 && c->col_label == SIZE_MAX; i++)
            c->col_label = c->spec->no_header ? (i ? SIZE_MAX : csv_column(c, "1")) : csv_column(c, names[i]);
        if (c->col_label == SIZE_MAX && c->labels)
            return csv_missing(c, line, "label", c->spec->no_header ? "1" : "label", "--label-field", err);
    }
    c->col_id = SIZE_MAX;
    if (c->spec->id_field && (c->col_id = csv_column(c, c->spec->id_field)) == SIZE_MAX)
        return csv_missing(c, line, "id", c->spec->id_field, "--id-field", err);
    if (!c->spec->id_field && !c->spec->no_header)
        c->col_id = csv_column(c, "id");
    return 0;
}

/* One CSV record (physical lines from its first, *first) into c->rec.
 * @return 1, 0 at the end, or an error naming the record's first line. */
static int csv_record(corpus *c, long *first, tasnif_err *err)
{
    csv_rec_reset(&c->rec);
    *first = 0;
    for (;;) {
        ssize_t n = read_line(c, err);
        if (n == -1) {
            if (!*first)
                return 0;
            return err_set(err, TASNIF_EINPUT, c->name, *first, 0,
                           "the file ends inside a quoted field that the record starting here opens");
        }
        if (n < -1)
            return TASNIF_EIO;
        if (!*first)
            *first = c->line;
        char *s = c->buf;
        if (c->too_long || (int64_t)(c->rec.bytes + (size_t)n) > c->max_line)
            return err_set(err, TASNIF_ELIMIT, c->name, *first, 0,
                           "record longer than the limit of %lld bytes (--max-line-bytes)", (long long)c->max_line);
        char *nul = memchr(s, '\0', (size_t)n);
        if (nul)
            return err_set(err, TASNIF_EINPUT, c->name, *first, 0, "NUL byte at byte %ld of line %ld",
                           (long)(nul - s) + 1, c->line);
        if (!csv_rec_open(&c->rec) && corpus_is_blank(s, (size_t)n))
            return err_set(err, TASNIF_EINPUT, c->name, *first, 0, "blank line");
        const char *why;
        size_t byte;
        int rc = csv_rec_feed(&c->rec, s, (size_t)n, &why, &byte);
        if (rc == -2)
            return err_set(err, TASNIF_ENOMEM, c->name, *first, 0, "out of memory");
        if (rc == -1) {
            if (c->line != *first)
                return err_set(err, TASNIF_EINPUT, c->name, *first, 0, "bad CSV record: %s (line %ld, byte %zu)",
                               why, c->line, byte);
            return err_set(err, TASNIF_EINPUT, c->name, *first, (long)byte, "bad CSV record: %s (byte %zu)", why, byte);
        }
        if (rc == 1)
            return 1;
    }
}

/* A CSV record's label, text (its text columns joined, the title first)
 * and id.  @return 0 or an error. */
static int csv_fields(corpus *c, corpus_doc *d, tasnif_err *err)
{
    if (c->rec.n != c->ncols)
        return err_set(err, TASNIF_EINPUT, c->name, d->line, 0, "%zu fields, but the %s has %zu",
                       c->rec.n, c->spec->no_header ? "first record" : "header row", c->ncols);
    size_t len;
    c->txt_len = 0;
    for (size_t f = 0; f < c->nfields; f++) {
        const char *t = csv_field(&c->rec, c->col_text[f], &len);
        if (!corpus_is_blank(t, len) && text_append(c, t, len) < 0)
            return err_set(err, TASNIF_ENOMEM, c->name, d->line, 0, "out of memory");
    }
    d->text = c->txt ? c->txt : "";
    d->len = c->txt_len;
    if (c->col_label != SIZE_MAX) {
        d->label = csv_field(&c->rec, c->col_label, &len);
        d->label_len = len;
    }
    c->has_id = 0;
    if (c->col_id != SIZE_MAX) {
        const char *id = csv_field(&c->rec, c->col_id, &len);
        long keep = c->line;
        c->line = d->line; /* errors name the record's first line */
        int rc = take_id(c, id, len, err);
        c->line = keep;
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The next CSV document; @return 1, 0 at the end, or an error. */
static int csv_next(corpus *c, corpus_doc *d, tasnif_err *err)
{
    long first;
    int rc;
    if (c->bad_header)
        return 0; /* every record would be misread: the error said so once */
    for (;;) {
        if ((rc = csv_record(c, &first, err)) <= 0)
            return rc;
        if (c->ncols) /* the header is read */
            break;
        if ((rc = csv_header(c, first, err)) < 0) {
            c->bad_header = 1;
            return rc;
        }
        if (!c->spec->no_header)
            continue;
        break; /* with --no-header the first record is a document too */
    }
    *d = (corpus_doc){.text = "", .file = c->name, .line = first};
    return (rc = csv_fields(c, d, err)) < 0 ? rc : 1;
}

int corpus_next(corpus *c, corpus_doc *d, tasnif_err *err)
{
    if (c->fmt == CORPUS_DIR)
        return next_file(c, d, err);
    if (!c->fields && split_fields(c) < 0)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    c->set_done = 0;
    c->has_id = 0;
    int rc = 0;
    if (c->fmt == CORPUS_CSV) {
        if ((rc = csv_next(c, d, err)) <= 0)
            return rc;
    } else {
        ssize_t n;
        for (;;) {
            n = read_line(c, err);
            if (n == -1)
                return 0;
            if (n < -1)
                return TASNIF_EIO;
            if (c->first_done || c->too_long)
                break;
            c->first_done = 1;
            if (c->fmt != CORPUS_TSV || c->spec->no_header || !tsv_header(c, c->buf, (size_t)n))
                break;
        }
        c->first_done = 1;
        char *s = c->buf;
        *d = (corpus_doc){.text = s, .len = (size_t)n, .file = c->name, .line = c->line};
        if (c->too_long)
            return err_set(err, TASNIF_ELIMIT, c->name, c->line, 0, "line longer than the limit of %lld bytes (--max-line-bytes)",
                           (long long)c->max_line);
        /* a blank line is no document: say so rather than pass over it */
        if (corpus_is_blank(s, (size_t)n))
            return err_set(err, TASNIF_EINPUT, c->name, c->line, 0, "blank line");
        char *nul = memchr(s, '\0', (size_t)n);
        if (nul)
            return err_set(err, TASNIF_EINPUT, c->name, c->line, (long)(nul - s) + 1, "NUL byte at byte %ld", (long)(nul - s) + 1);
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
    }
    if (c->has_id)
        d->id = c->id;
    if (corpus_is_blank(d->text, d->len))
        return err_set(err, TASNIF_EINPUT, c->name, d->line, 0, "empty text");
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
            if (feat_batch_add(b, d.text, d.len, d.label, d.label_len, d.file, d.line, d.id) < 0) {
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
