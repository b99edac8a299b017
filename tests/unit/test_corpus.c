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

static result read_all(const char *path, corpus_format fmt, int labels)
{
    result r = {0};
    corpus *c = NULL;
    tasnif_err err = {0};
    if (corpus_open(path, fmt, labels, 1 << 20, &c, &err) < 0) {
        snprintf(r.errs[r.nerrs], sizeof r.errs[0], "%s", err.msg);
        r.codes[r.nerrs++] = err.code;
        return r;
    }
    r.fmt = corpus_get_format(c);
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
            snprintf(r.docs[r.ndocs++], 128, "%.*s|%.*s", (int)d.label_len, d.label ? d.label : "", (int)d.len, d.text);
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
    check(strcmp(r.docs[1], "escé|x") == 0, "nested values skipped: %s", r.docs[1]);
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
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_done();
}
