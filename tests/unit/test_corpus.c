/*
 * test_corpus.c - every corpus reader on good and bad input.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../../train/train.h"
#include "check.h"

static char dir[] = "/tmp/tasnif-corpus-XXXXXX";

static const char *write_file(const char *name, const char *content, size_t len)
{
    static char path[4][512];
    static int slot;
    char *p = path[slot++ % 4];
    snprintf(p, 512, "%s/%s", dir, name);
    FILE *fp = fopen(p, "wb");
    fwrite(content, 1, len, fp);
    fclose(fp);
    return p;
}
#define WRITE(name, lit) write_file(name, lit, sizeof lit - 1)

/* Read everything; record "label|text" per doc and the errors. */
typedef struct result {
    char docs[16][128];
    int ndocs;
    char errs[16][1100];
    int nerrs;
    int codes[16];
    int fmt;
} result;

static const corpus_spec *spec; /* NULL: the defaults */
static char notes[512];         /* the last note, "line: message" */

static void note(void *user, const char *file, long line, const char *msg)
{
    (void)user;
    snprintf(notes, sizeof notes, "%s:%ld: %s", file, line, msg);
}

static result read_all(const char *path, corpus_format fmt, int labels)
{
    result r = {0};
    notes[0] = '\0';
    corpus *c = NULL;
    tasnif_err err = {0};
    if (corpus_open(path, fmt, labels, 1 << 20, &c, &err) < 0) {
        snprintf(r.errs[r.nerrs], sizeof r.errs[0], "%s", err.msg);
        r.codes[r.nerrs++] = err.code;
        return r;
    }
    r.fmt = corpus_get_format(c);
    corpus_set_spec(c, spec);
    for (;;) {
        corpus_doc d;
        int rc = corpus_next(c, &d, &err);
        if (rc == 0)
            break;
        if (rc < 0) {
            if (r.nerrs < 16) {
                snprintf(r.errs[r.nerrs], sizeof r.errs[0], "%s", err.msg);
                r.codes[r.nerrs++] = rc;
            }
            if (rc == TASNIF_EIO)
                break;
            continue;
        }
        if (r.ndocs < 16)
            snprintf(r.docs[r.ndocs++], 128, "%s%s%.*s|%.*s", d.id ? d.id : "", d.id ? "|" : "", (int)d.label_len,
                     d.label ? d.label : "", (int)d.len, d.text);
    }
    corpus_close(c);
    return r;
}

static void test_tsv(void)
{
    const char *p = WRITE("a.tsv", "ceasefire\ttruce holds in Idlib\r\n\nescalation\tshelling\twith a tab\n"
                                   "nolabel line\n\tempty label\nhumanitarian\t   \nok\tlast line without newline");
    result r = read_all(p, CORPUS_AUTO, 1);
    check(r.fmt == CORPUS_TSV, "detected tsv");
    check(r.ndocs == 3, "3 good documents, got %d", r.ndocs);
    check(strcmp(r.docs[0], "ceasefire|truce holds in Idlib") == 0, "CRLF stripped: %s", r.docs[0]);
    check(strcmp(r.docs[1], "escalation|shelling\twith a tab") == 0, "text keeps later tabs: %s", r.docs[1]);
    check(strcmp(r.docs[2], "ok|last line without newline") == 0, "last line: %s", r.docs[2]);
    check(r.nerrs == 4, "4 bad lines, got %d", r.nerrs);
    check(strstr(r.errs[0], "a.tsv:2:") && strstr(r.errs[0], "blank line"), "blank line: %s", r.errs[0]);
    check(strstr(r.errs[1], "a.tsv:4:") && strstr(r.errs[1], "TAB"), "no tab: %s", r.errs[1]);
    check(strstr(r.errs[2], "a.tsv:5:") && strstr(r.errs[2], "empty label"), "empty label: %s", r.errs[2]);
    check(strstr(r.errs[3], "a.tsv:6:") && strstr(r.errs[3], "empty text"), "empty text: %s", r.errs[3]);
    /* unlabelled reading: a line without a tab is a document */
    r = read_all(p, CORPUS_TSV, 0);
    check(r.ndocs == 5 && strcmp(r.docs[2], "|nolabel line") == 0, "unlabelled tsv: %d docs, %s", r.ndocs, r.docs[2]);
    /* NUL byte */
    p = write_file("nul.tsv", "a\tgood\nb\tbad\0byte\n", 18);
    r = read_all(p, CORPUS_TSV, 1);
    check(r.ndocs == 1 && r.nerrs == 1 && strstr(r.errs[0], "nul.tsv:2:") && strstr(r.errs[0], "NUL"),
          "NUL byte: %s", r.errs[0]);
    /* invalid UTF-8 in a label */
    p = WRITE("badlabel.tsv", "ca\xffse\ttext\n");
    r = read_all(p, CORPUS_TSV, 1);
    check(r.nerrs == 1 && r.codes[0] == TASNIF_EUTF8 && strstr(r.errs[0], ":1:"), "bad label UTF-8: %s", r.errs[0]);
    /* missing file */
    r = read_all("/nonexistent/x.tsv", CORPUS_AUTO, 1);
    check(r.nerrs == 1 && r.codes[0] == TASNIF_EIO && strstr(r.errs[0], "/nonexistent/x.tsv"), "missing: %s", r.errs[0]);
}

static void test_fasttext(void)
{
    const char *p = WRITE("a.txt", "__label__ceasefire truce holds\n__label__a __label__b two labels\n"
                                   "no label here\n__label__escalation\n  __label__x  spaced  text\n");
    result r = read_all(p, CORPUS_AUTO, 1);
    check(r.fmt == CORPUS_FASTTEXT, "detected fastText");
    check(r.ndocs == 2 && strcmp(r.docs[0], "ceasefire|truce holds") == 0 && strcmp(r.docs[1], "x|spaced  text") == 0,
          "fastText docs: %d %s %s", r.ndocs, r.docs[0], r.docs[1]);
    check(r.nerrs == 3 && strstr(r.errs[0], ":2:") && strstr(r.errs[0], "multi-label"), "multi-label: %s", r.errs[0]);
    check(strstr(r.errs[1], ":3:") && strstr(r.errs[1], "__label__"), "no label: %s", r.errs[1]);
    check(strstr(r.errs[2], ":4:") && strstr(r.errs[2], "empty text"), "empty: %s", r.errs[2]);
}

static void test_jsonl(void)
{
    const char *p = WRITE("a.jsonl",
        "{\"label\": \"ceasefire\", \"text\": \"truce \\\"holds\\\"\\n\\u0647\\u062f\\u0646\\u0629\"}\n"
        "{\"id\": 7, \"meta\": {\"a\": [1, 2, {\"b\": \"}\"}]}, \"text\": \"x\", \"label\": \"esc\\u00e9\"}\n"
        "{\"label\": \"a\"}\n"
        "{\"label\": \"a\", \"text\": \"x\"} trailing\n"
        "not json\n"
        "{\"label\": 3, \"text\": \"x\"}\n"
        "{\"label\": \"a\", \"text\": \"bad \\ud800 surrogate\"}\n"
        "{\"label\": \"a\", \"text\": \"nul \\u0000 char\"}\n"
        "{\"label\": \"a\", \"text\": \"\\ud83d\\ude00 emoji\"}\n");
    result r = read_all(p, CORPUS_AUTO, 1);
    check(r.fmt == CORPUS_JSONL, "detected jsonl");
    check(r.ndocs == 4, "4 good JSON docs, got %d", r.ndocs);
    check(strcmp(r.docs[0], "ceasefire|truce \"holds\"\nهدنة") == 0, "escapes decoded: %s", r.docs[0]);
    check(strcmp(r.docs[1], "7|escé|x") == 0, "nested values skipped, the id taken: %s", r.docs[1]);
    check(strcmp(r.docs[2], "3|x") == 0, "a number is a label as written: %s", r.docs[2]);
    check(strcmp(r.docs[3], "a|\xf0\x9f\x98\x80 emoji") == 0, "surrogate pair: %s", r.docs[3]);
    check(r.nerrs == 5, "5 bad JSON lines, got %d", r.nerrs);
    check(strstr(r.errs[0], "a.jsonl:3:") && strstr(r.errs[0], "text"), "no text: %s", r.errs[0]);
    check(strstr(r.errs[1], "a.jsonl:4:"), "trailing garbage: %s", r.errs[1]);
    check(strstr(r.errs[2], "a.jsonl:5:"), "not json: %s", r.errs[2]);
    check(strstr(r.errs[3], "a.jsonl:7:"), "lone surrogate: %s", r.errs[3]);
    check(strstr(r.errs[4], "a.jsonl:8:"), "NUL escape: %s", r.errs[4]);
}

static void test_dir(void)
{
    char sub[600];
    snprintf(sub, sizeof sub, "%s/sanad", dir);
    mkdir(sub, 0755);
    snprintf(sub, sizeof sub, "%s/sanad/Sports", dir);
    mkdir(sub, 0755);
    snprintf(sub, sizeof sub, "%s/sanad/Politics", dir);
    mkdir(sub, 0755);
    WRITE("sanad/Sports/2.txt", "match\nreport");
    WRITE("sanad/Sports/1.txt", "goal");
    WRITE("sanad/Politics/1.txt", "  \n");
    snprintf(sub, sizeof sub, "%s/sanad", dir);
    result r = read_all(sub, CORPUS_AUTO, 1);
    check(r.fmt == CORPUS_DIR, "detected folder layout");
    check(r.ndocs == 2 && strcmp(r.docs[0], "Sports|goal") == 0 && strcmp(r.docs[1], "Sports|match\nreport") == 0,
          "files in sorted order, whole file is the text: %d %s", r.ndocs, r.docs[0]);
    check(r.nerrs == 1 && strstr(r.errs[0], "Politics/1.txt") && strstr(r.errs[0], "empty"), "empty file: %s", r.errs[0]);
    r = read_all(sub, CORPUS_TSV, 1);
    check(r.nerrs == 1 && r.codes[0] == TASNIF_EARG, "folder with --format tsv is refused: %s", r.errs[0]);
}

/* CSV: quoted fields with commas, doubled quotes and line breaks, CRLF,
 * columns by header name, a record's first line in errors. */
static void test_csv(void)
{
    const char *p = WRITE("a.csv", "id,category,title,body\r\n"
                                   "d1,ceasefire,Truce,\"holds, \"\"firmly\"\"\r\nin Idlib\"\r\n"
                                   "d2,escalation,,shelling\r\n"
                                   "d3,a,t,\"x\"y\"\r\n"
                                   "d4,a,t\r\n"
                                   "d5,a,t,\"never closed\r\nmore\r\n");
    corpus_spec sp = {.text_fields = "body", .title_field = "title"};
    spec = &sp;
    result r = read_all(p, CORPUS_AUTO, 1);
    check(r.fmt == CORPUS_CSV, "detected csv by name");
    check(r.ndocs == 2, "2 good CSV records, got %d", r.ndocs);
    check(strcmp(r.docs[0], "d1|ceasefire|Truce\nholds, \"firmly\"\nin Idlib") == 0, "quotes, CRLF inside: %s", r.docs[0]);
    check(strcmp(r.docs[1], "d2|escalation|shelling") == 0, "empty title left out: %s", r.docs[1]);
    check(r.nerrs == 3, "3 bad records, got %d", r.nerrs);
    check(strstr(r.errs[0], "a.csv:5:") && strstr(r.errs[0], "closing quote"), "text after quote: %s", r.errs[0]);
    check(strstr(r.errs[1], "a.csv:6:") && strstr(r.errs[1], "3 fields"), "short record: %s", r.errs[1]);
    check(strstr(r.errs[2], "a.csv:7:") && strstr(r.errs[2], "ends inside a quoted field"), "open quote: %s", r.errs[2]);
    /* without a header row: label 1, text 2 */
    corpus_spec nh = {.no_header = 1};
    spec = &nh;
    p = WRITE("b.csv", "label,text\n\"a\",\"one, two\"\n");
    r = read_all(p, CORPUS_CSV, 1);
    check(r.ndocs == 2 && strcmp(r.docs[0], "label|text") == 0 && strcmp(r.docs[1], "a|one, two") == 0,
          "--no-header: %d %s", r.ndocs, r.docs[1]);
    /* a named column that is not there */
    corpus_spec missing = {.text_fields = "content"};
    spec = &missing;
    r = read_all(p, CORPUS_CSV, 1);
    check(r.ndocs == 0 && r.nerrs == 1 && strstr(r.errs[0], "b.csv:1:") && strstr(r.errs[0], "'content'"),
          "missing column, then nothing more read: %s", r.errs[0]);
    spec = NULL;
}

/* JSON Lines fields by dotted path, several text fields, labels as
 * arrays and numbers, ids, duplicated keys. */
static void test_fields(void)
{
    const char *p = WRITE("f.jsonl",
        "{\"meta\": {\"id\": \"art-17\", \"topic\": \"ceasefire\"}, \"head\": \"Truce\", \"body\": {\"a\": \"one\", \"b\": \"two\"}}\n"
        "{\"meta\": {\"id\": 18, \"topic\": 4}, \"head\": \"T\", \"body\": {\"a\": \"x\"}}\n"
        "{\"meta\": {\"id\": \"d\", \"topic\": \"a\", \"topic\": \"b\"}, \"body\": {\"a\": \"x\"}}\n"
        "{\"meta\": {\"id\": [1], \"topic\": \"a\"}, \"body\": {\"a\": \"x\"}}\n"
        "{\"meta\": {\"topic\": \"a\"}, \"body\": {\"c\": \"x\"}}\n");
    corpus_spec sp = {.text_fields = "body.a,body.b", .title_field = "head", .label_field = "meta.topic",
                      .id_field = "meta.id"};
    spec = &sp;
    result r = read_all(p, CORPUS_AUTO, 1);
    check(r.ndocs == 2, "2 good documents, got %d", r.ndocs);
    check(strcmp(r.docs[0], "art-17|ceasefire|Truce\none\ntwo") == 0, "nested fields joined: %s", r.docs[0]);
    check(strcmp(r.docs[1], "18|4|T\nx") == 0, "numbers as id and label: %s", r.docs[1]);
    check(r.nerrs == 3, "3 bad lines, got %d", r.nerrs);
    check(strstr(r.errs[0], "f.jsonl:3:") && strstr(r.errs[0], "duplicate key \"topic\""), "duplicate: %s", r.errs[0]);
    check(strstr(r.errs[1], "f.jsonl:4:") && strstr(r.errs[1], "meta.id"), "bad id: %s", r.errs[1]);
    check(strstr(r.errs[2], "f.jsonl:5:") && strstr(r.errs[2], "body.a"), "no text field: %s", r.errs[2]);
    /* TSV: id<TAB>label<TAB>text, and a header row taken with a note */
    corpus_spec tid = {.tsv_id = 1, .note = note};
    spec = &tid;
    p = WRITE("i.tsv", "id\tlabel\ttext\nx-1\ta\tone two\n");
    r = read_all(p, CORPUS_TSV, 1);
    check(r.ndocs == 1 && strcmp(r.docs[0], "x-1|a|one two") == 0, "--id-column: %d %s", r.ndocs, r.docs[0]);
    check(strstr(notes, "i.tsv:1:") && strstr(notes, "header row"), "header note: %s", notes);
    corpus_spec hd = {.note = note};
    spec = &hd;
    p = WRITE("h.tsv", "category\ttext\na\tone two\n");
    r = read_all(p, CORPUS_AUTO, 1);
    check(r.ndocs == 1 && strstr(notes, "h.tsv:1:"), "TSV header row: %d, %s", r.ndocs, notes);
    hd.no_header = 1;
    r = read_all(p, CORPUS_AUTO, 1);
    check(r.ndocs == 2 && !notes[0], "--no-header keeps it: %d", r.ndocs);
    spec = NULL;
}

/* gzip and zstd by their first bytes, whatever the name; concatenated
 * members; truncated and corrupt streams named with the line. */
static void test_compressed(void)
{
    static const char text[] = "ceasefire\ttruce holds\nescalation\tshelling\n";
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "cd '%s' && printf 'ceasefire\\ttruce holds\\n' | gzip -c > g.tsv && "
             "printf 'escalation\\tshelling\\n' | gzip -c >> g.tsv && printf '%%s' '%s' | zstd -q -c > z.data && "
             "head -c 30 g.tsv > t.gz && printf '\\037\\213\\010\\000garbage-garbage' > c.gz", dir, text);
    check(system(cmd) == 0, "gzip and zstd files made");
    char path[600];
    snprintf(path, sizeof path, "%s/g.tsv", dir);
    result r = read_all(path, CORPUS_AUTO, 1);
    check(r.ndocs == 2 && strcmp(r.docs[0], "ceasefire|truce holds") == 0 && strcmp(r.docs[1], "escalation|shelling") == 0,
          "two gzip members: %d %s", r.ndocs, r.docs[1]);
    snprintf(path, sizeof path, "%s/z.data", dir);
    r = read_all(path, CORPUS_TSV, 1);
    check(r.ndocs == 2 && r.nerrs == 0, "zstd: %d docs", r.ndocs);
    snprintf(path, sizeof path, "%s/t.gz", dir);
    r = read_all(path, CORPUS_TSV, 1);
    check(r.nerrs == 1 && r.codes[0] == TASNIF_EIO && strstr(r.errs[0], "t.gz:1:") && strstr(r.errs[0], "truncated gzip"),
          "truncated: %s", r.errs[0]);
    snprintf(path, sizeof path, "%s/c.gz", dir);
    r = read_all(path, CORPUS_TSV, 1);
    check(r.nerrs == 1 && strstr(r.errs[0], "c.gz:1:") && strstr(r.errs[0], "corrupt gzip"), "corrupt: %s", r.errs[0]);
    /* sizes: a compressed file's decompressed bytes; past the limit the
     * total is known to reach it (a large compressed corpus gets the large
     * corpus's defaults, as the plain one does) */
    uint64_t bytes;
    snprintf(path, sizeof path, "%s/z.data", dir);
    const char *one[] = {path};
    check(corpus_paths_bytes(one, 1, 1 << 20, &bytes) == 1 && bytes == sizeof text - 1, "zstd size: %llu",
          (unsigned long long)bytes);
    check(corpus_paths_bytes(one, 1, 10, &bytes) == 1 && bytes >= 10, "past the limit: %llu", (unsigned long long)bytes);
    const char *two[] = {path, "-"};
    check(corpus_paths_bytes(two, 2, 1 << 20, &bytes) == 0, "standard input: unknown");
    /* a whole compressed file as one document */
    char *buf = NULL;
    size_t cap = 0, len = 0;
    tasnif_err err = {0};
    snprintf(path, sizeof path, "%s/z.data", dir);
    check(corpus_read_file(path, 1 << 20, &buf, &cap, &len, &err) == 0 && len == sizeof text - 1 &&
          memcmp(buf, text, len) == 0, "corpus_read_file inflates: %s", err.msg);
    check(corpus_read_file(path, 10, &buf, &cap, &len, &err) == TASNIF_ELIMIT, "its limit counts inflated bytes");
    free(buf);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_tsv();
    test_fasttext();
    test_jsonl();
    test_dir();
    test_csv();
    test_fields();
    test_compressed();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_done();
}
