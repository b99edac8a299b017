/*
 * test_bundle.c - the loader against crafted files: real models split into
 * sections, edited, put together with a fresh checksum (tests/fuzz/struct.h),
 * written out and loaded in a child process, so a crash counts as a
 * failure.  Each must be refused cleanly as corrupt.  Also: a model file
 * rewritten in place under a loaded model, the label limits, JSON output
 * of non-finite scores, index files.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../../train/train.h"
#include "../../predict/index.h"
#include "../../predict/output.h"
#include "../fuzz/struct.h"
#include "check.h"

static const char *SEEDS = "tests/fuzz/corpus/model_struct/";
static char tmpdir[] = "/tmp/tasnif-test-bundle-XXXXXX";

/* A seed model split into sections. */
static void seed(const char *name, fmodel *f)
{
    char path[512];
    snprintf(path, sizeof path, "%s%s", name[0] == '/' || name[0] == 't' ? "" : SEEDS, name);
    FILE *fp = fopen(path, "rb");
    static uint8_t buf[1 << 16];
    size_t n = fp ? fread(buf, 1, sizeof buf, fp) : 0;
    if (fp)
        fclose(fp);
    check(n > 32 && fm_split(buf, n, f) == 0, "seed %s splits into sections", name);
}

static int find(const fmodel *f, const char *tag)
{
    for (int i = 0; i < f->nsec; i++)
        if (memcmp(&f->sec[i].tag, tag, 4) == 0)
            return i;
    return -1;
}

/* Insert a copy of section src (edited by the caller afterwards) at at. */
static fsec *repeat(fmodel *f, int src, int at)
{
    fsec c = f->sec[src];
    c.p = malloc(c.n + 1);
    memcpy(c.p, f->sec[src].p, c.n);
    memmove(&f->sec[at + 1], &f->sec[at], (size_t)(f->nsec - at) * sizeof c);
    f->sec[at] = c;
    f->nsec++;
    return &f->sec[at];
}

/* Replace "key=..." in a text section by "key=value". */
static void set_conf(fsec *s, const char *key, const char *value)
{
    char *text = malloc(s->n + 64), *out = malloc(s->n + 64);
    memcpy(text, s->p, s->n);
    text[s->n] = '\0';
    size_t kl = strlen(key), o = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
        if (strncmp(line, key, kl) == 0 && line[kl] == '=')
            o += (size_t)sprintf(out + o, "%s=%s\n", key, value);
        else
            o += (size_t)sprintf(out + o, "%s\n", line);
    free(s->p);
    free(text);
    s->p = out;
    s->n = o;
}

/* Append a "key=value\n" line to a text section. */
static void append_conf(fsec *s, const char *line)
{
    size_t l = strlen(line);
    s->p = realloc(s->p, s->n + l);
    memcpy(s->p + s->n, line, l);
    s->n += l;
}

static void write_model(const fmodel *f, const char *path)
{
    size_t len;
    char *b = fm_join(f, &len);
    FILE *fp = fopen(path, "wb");
    fwrite(b, 1, len, fp);
    fclose(fp);
    free(b);
}

/* Load path in a child and use the model; @return 0 refused as corrupt,
 * 1 loaded and used, 2 another error, 3 the child crashed. */
static int load_in_child(const char *path, char *msg, size_t msglen)
{
    int pfd[2];
    if (pipe(pfd) < 0)
        return 3;
    pid_t pid = fork();
    if (pid == 0) {
        close(pfd[0]);
        tasnif_model *m = NULL;
        tasnif_err err = {0};
        int rc = tasnif_model_load(path, &m, &err);
        if (rc < 0) {
            ssize_t w = write(pfd[1], err.msg, strlen(err.msg));
            (void)w;
            _exit(rc == TASNIF_EMODEL ? 10 : 12);
        }
        tasnif_score s[8];
        tasnif_classify(m, "truce talks aid convoy", 22, s, 8, &err);
        tasnif_classify(m, "\xd9\x87\xd8\xaf\xd9\x86\xd8\xa9", 8, s, 8, &err);
        tasnif_model_free(m);
        _exit(11);
    }
    close(pfd[1]);
    ssize_t r = read(pfd[0], msg, msglen - 1);
    msg[r > 0 ? r : 0] = '\0';
    close(pfd[0]);
    int st;
    waitpid(pid, &st, 0);
    if (!WIFEXITED(st))
        return snprintf(msg, msglen, "crashed with signal %d", WIFSIGNALED(st) ? WTERMSIG(st) : 0), 3;
    return WEXITSTATUS(st) == 10 ? 0 : WEXITSTATUS(st) == 11 ? 1 : 2;
}

/* f must be refused as corrupt, with a message holding want. */
static void refused(fmodel *f, const char *what, const char *want)
{
    char path[600], msg[1024];
    snprintf(path, sizeof path, "%s/crafted.tsnf", tmpdir);
    write_model(f, path);
    int rc = load_in_child(path, msg, sizeof msg);
    check(rc == 0 && (!want || strstr(msg, want)), "%s: refused as corrupt (got %s: %s)", what,
          rc == 0 ? "refused" : rc == 1 ? "loaded" : rc == 2 ? "another error" : "crash", msg);
    fm_free(f);
}

static void loads(fmodel *f, const char *what)
{
    char path[600], msg[1024];
    snprintf(path, sizeof path, "%s/crafted.tsnf", tmpdir);
    write_model(f, path);
    int rc = load_in_child(path, msg, sizeof msg);
    check(rc == 1, "%s: loads (got %d: %s)", what, rc, msg);
    fm_free(f);
}

static void put_f64(fmodel *f, const char *tag, size_t off, double v)
{
    int s = find(f, tag);
    check(s >= 0 && off + 8 <= f->sec[s].n, "section %.4s has offset %zu", tag, off);
    if (s >= 0 && off + 8 <= f->sec[s].n)
        memcpy(f->sec[s].p + off, &v, 8);
}

static void put_i32(fmodel *f, const char *tag, size_t off, int32_t v)
{
    int s = find(f, tag);
    if (s >= 0 && off + 4 <= f->sec[s].n)
        memcpy(f->sec[s].p + off, &v, 4);
}

/* Each known section at most once, in order; unknown ones skipped. */
static void test_sections(void)
{
    fmodel f;
    seed("ovr", &f);
    loads(&f, "the seed itself");

    /* each repeat goes last, after everything it could contradict */
    seed("ovr", &f);
    fsec *c = repeat(&f, find(&f, "CONF"), f.nsec);
    set_conf(c, "hash_bits", "30");
    set_conf(c, "dim", "1073741824");
    refused(&f, "a second CONF with hash_bits=30", "CONF appears twice");

    seed("ovr", &f);
    c = repeat(&f, find(&f, "CONF"), f.nsec);
    set_conf(c, "lsa_k", "1");
    set_conf(c, "features", "2");
    {
        /* and an LSA section for it: k = 1, dim rows */
        char dimtext[32];
        const char *d = strstr(c->p, "dim=");
        snprintf(dimtext, sizeof dimtext, "%.*s", (int)strcspn(d + 4, "\n"), d + 4);
        uint64_t dim = strtoull(dimtext, NULL, 10);
        fsec *lsa = repeat(&f, find(&f, "META"), f.nsec);
        memcpy(&lsa->tag, "LSA ", 4);
        free(lsa->p);
        lsa->n = 24 + 4 * dim;
        lsa->p = calloc(1, lsa->n);
        uint32_t one = 1;
        double sv = 1.0;
        memcpy(lsa->p, &one, 4);
        memcpy(lsa->p + 8, &dim, 8);
        memcpy(lsa->p + 16, &sv, 8);
    }
    refused(&f, "a second CONF enabling LSA after WGHT", "CONF appears twice");

    seed("ovo-ll", &f);
    fsec *p = repeat(&f, find(&f, "SVMP"), f.nsec);
    int32_t rbf = RBF;
    memcpy(p->p, &rbf, 4);
    refused(&f, "a second SVMP switching to rbf", "SVMP appears twice");

    seed("ovr", &f);
    int l = find(&f, "LABL");
    fsec *lab = repeat(&f, l, f.nsec);
    /* one more label: k + 1, "zzz" appended, one more document count */
    uint32_t k;
    memcpy(&k, lab->p, 4);
    size_t names = 4;
    for (uint32_t i = 0; i < k; i++) {
        uint32_t n;
        memcpy(&n, lab->p + names, 4);
        names += 4 + n;
    }
    char *nl = malloc(lab->n + 64);
    uint32_t k1 = k + 1, three = 3;
    uint64_t one = 1;
    memcpy(nl, &k1, 4);
    memcpy(nl + 4, lab->p + 4, names - 4);
    memcpy(nl + names, &three, 4);
    memcpy(nl + names + 4, "zzz", 3);
    memcpy(nl + names + 7, lab->p + names, lab->n - names);
    memcpy(nl + lab->n + 7, &one, 8);
    free(lab->p);
    lab->p = nl;
    lab->n += 15;
    refused(&f, "a second LABL with more labels", "LABL appears twice");

    seed("ovr", &f);
    fsec t = f.sec[0];
    f.sec[0] = f.sec[2];
    f.sec[2] = t;
    refused(&f, "LABL before CONF", "out of order");

    seed("ovr", &f);
    fsec *u = repeat(&f, find(&f, "META"), find(&f, "SVMP"));
    memcpy(&u->tag, "XTRA", 4);
    loads(&f, "an unknown section between known ones");

    seed("ovr", &f);
    f.sec[find(&f, "SOLV")].tag = 0;
    refused(&f, "a version 2 file without SOLV", "SOLV is missing");

    seed("v1-tiny", &f);
    loads(&f, "a version 1 file");
}

/* Multi-label thresholds: a label-set model loads; its thresholds are
 * checked like every other number, and the section appears once. */
static void test_thresholds(void)
{
    fmodel f;
    seed("multi", &f);
    loads(&f, "a multi-label model (label counts adding up to more than ndocs)");
    seed("multi", &f);
    put_f64(&f, "THRS", 8, NAN);
    refused(&f, "a NaN threshold", "threshold");
    seed("multi", &f);
    put_f64(&f, "THRS", 16, INFINITY);
    refused(&f, "an infinite threshold", "threshold");
    seed("multi", &f);
    int t = find(&f, "THRS");
    repeat(&f, t, t + 1);
    refused(&f, "a second THRS", NULL);
    seed("ovr-prob", &f);
    t = find(&f, "WGHT");
    uint32_t nl;
    memcpy(&nl, f.sec[find(&f, "LABL")].p, 4); /* k thresholds, well formed */
    fsec *c = repeat(&f, find(&f, "SVMP"), t + 1);
    memcpy(&c->tag, "THRS", 4);
    free(c->p);
    c->n = 8 + 8 * (size_t)nl;
    c->p = calloc(1, c->n);
    uint64_t k = nl;
    memcpy(c->p, &k, 8);
    refused(&f, "thresholds on a model with probabilities", "probabilities");
    /* META allow_empty: 0 or 1, 1 only for label sets */
    seed("multi", &f);
    append_conf(&f.sec[find(&f, "META")], "allow_empty=1\n");
    loads(&f, "a label-set model with allow_empty=1");
    seed("multi", &f);
    append_conf(&f.sec[find(&f, "META")], "allow_empty=2\n");
    refused(&f, "allow_empty=2", "allow_empty");
    seed("multi", &f);
    append_conf(&f.sec[find(&f, "META")], "allow_empty=\n");
    refused(&f, "allow_empty without a value", "allow_empty");
    seed("ovr", &f);
    append_conf(&f.sec[find(&f, "META")], "allow_empty=1\n");
    refused(&f, "allow_empty=1 on a single-label model", "allow_empty");
}

/* f32 and int8 weights (WF32, WI8; format version 3), crafted. */
static void test_weight_encodings(void)
{
    fmodel f;
    seed("ovr-f32", &f);
    loads(&f, "f32 weights");
    seed("ovr-int8", &f);
    loads(&f, "int8 weights with a scale per decision function");
    seed("lsa-both-int8", &f);
    loads(&f, "int8 weights of an n-gram and LSA model");
    float fnan = NAN, finf = -INFINITY;
    seed("ovr-f32", &f);
    memcpy(f.sec[find(&f, "WF32")].p + 16 + 4 * 5, &fnan, 4);
    refused(&f, "a NaN f32 weight", "f32 weight not finite");
    seed("ovr-f32", &f);
    memcpy(f.sec[find(&f, "WF32")].p + 16, &finf, 4);
    refused(&f, "an infinite f32 weight", "f32 weight not finite");
    seed("ovr-int8", &f);
    put_f64(&f, "WI8 ", 16 + 8, NAN);
    refused(&f, "a NaN int8 scale", "scale");
    seed("ovr-int8", &f);
    put_f64(&f, "WI8 ", 16, INFINITY);
    refused(&f, "an infinite int8 scale", "scale");
    seed("ovr-int8", &f);
    put_f64(&f, "WI8 ", 16 + 24, -1e-3);
    refused(&f, "a negative int8 scale", "scale");
    seed("ovr-int8", &f);
    put_f64(&f, "WI8 ", 16, 1e99);
    refused(&f, "an int8 scale whose weights leave the range", "scale");
    seed("ovr-int8", &f);
    f.sec[find(&f, "WI8 ")].p[16 + 32 + 7] = (char)0x80;
    refused(&f, "an int8 code of -128", "-128");
    seed("ovr-f32", &f);
    f.sec[find(&f, "WF32")].n -= 4;
    refused(&f, "an f32 section one weight short", "WF32");
    seed("ovr-int8", &f);
    append_conf(&f.sec[find(&f, "WI8 ")], "\x01"); /* one byte more */
    refused(&f, "an int8 section a byte long", "WI8");
    seed("ovr-int8", &f);
    put_f64(&f, "WI8 ", 8, 0); /* p: written as u64, read as a count */
    refused(&f, "an int8 section with the wrong number of decision functions", "WI8");
    seed("ovr-f32", &f);
    f.version = 2;
    refused(&f, "f32 weights in a version 2 file", "version 3");
    seed("ovr", &f);
    f.version = 3;
    refused(&f, "f64 weights in a version 3 file", "version 3");
    seed("ovr-f32", &f);
    int w = find(&f, "WF32");
    fsec *c = repeat(&f, w, w + 1);
    memcpy(&c->tag, "WI8 ", 4);
    refused(&f, "f32 and int8 weights both", "WI8");
    seed("ovr-f32", &f);
    f.version = 4;
    {
        char path[600], msg[1024];
        snprintf(path, sizeof path, "%s/crafted.tsnf", tmpdir);
        write_model(&f, path);
        check(load_in_child(path, msg, sizeof msg) == 2 && strstr(msg, "newer"), "version 4: newer, not corrupt (%s)",
              msg);
        fm_free(&f);
    }
}

/* Every number checked: finite, in range, consistent. */
static void test_numbers(void)
{
    fmodel f;
    seed("ovr", &f);
    put_f64(&f, "IDF ", 8, NAN);
    refused(&f, "a NaN idf", "idf");
    seed("ovr", &f);
    put_f64(&f, "IDF ", 16, -1.0);
    refused(&f, "a negative idf", "idf");
    seed("ovr", &f);
    put_f64(&f, "IDF ", 16, 0.0);
    refused(&f, "a zero idf", "idf");
    seed("ovr", &f);
    put_f64(&f, "WGHT", 16 + 8 * 5, INFINITY);
    refused(&f, "an infinite weight", "weight");
    seed("ovr", &f);
    put_f64(&f, "SVMP", 40, NAN);
    refused(&f, "a NaN rho", "rho");
    seed("ovr-prob", &f);
    put_f64(&f, "SVMP", 40 + 8 * 4 + 8, NAN);
    refused(&f, "a NaN probA", "Platt");
    seed("ovr-prob", &f);
    put_f64(&f, "SVMP", 40 + 8 * 8 + 8, -INFINITY);
    refused(&f, "an infinite probB", "Platt");
    seed("svm-rbf-prob", &f);
    put_f64(&f, "SVMP", 8, 0.0);
    refused(&f, "rbf with gamma 0", "gamma");
    seed("svm-rbf-prob", &f);
    put_f64(&f, "SVMP", 8, NAN);
    refused(&f, "rbf with gamma NaN", "gamma");
    seed("svm-rbf-prob", &f);
    put_f64(&f, "SVMP", 24, 0.0);
    refused(&f, "C = 0", "cost");
    seed("svm-poly", &f);
    put_f64(&f, "SVMP", 16, INFINITY);
    refused(&f, "coef0 infinite", "coef0");
    seed("svm-poly", &f);
    put_i32(&f, "SVMP", 4, -3);
    refused(&f, "poly degree -3", "degree");
    seed("svm-poly", &f);
    put_i32(&f, "SVMP", 4, 1000000);
    refused(&f, "poly degree 10^6", "degree");
    seed("svm-rbf-prob", &f);
    /* SVS: l, k nSV, then (k-1) x l coefficients: an odd k keeps them aligned */
    int32_t kk = 4;
    put_f64(&f, "SVS ", 4 + 4 * (size_t)kk + 8, NAN);
    refused(&f, "a NaN support vector coefficient", "coefficient");
    seed("lsa-dense", &f);
    put_f64(&f, "LSA ", 16, NAN);
    refused(&f, "a NaN LSA singular value", "LSA");
    seed("lsa-dense", &f);
    {
        int ls = find(&f, "LSA ");
        float bad = NAN;
        memcpy(f.sec[ls].p + 16 + 8 * 4 + 4 * 7, &bad, 4);
    }
    refused(&f, "a NaN LSA projection value", "LSA");
    seed("ovr", &f);
    set_conf(&f.sec[find(&f, "CONF")], "ndocs", "17");
    refused(&f, "ndocs differs from the documents per label", "ndocs");
    seed("ovr", &f);
    append_conf(&f.sec[find(&f, "CONF")], "min_df=1\n");
    refused(&f, "a CONF key twice", "twice");
    /* the lead's keys, added after the seeds were written */
    static const char *const bad_lead[] = {"lead_apart=2\n", "lead_apart=-1\n", "lead_words=-1\n",
                                           "lead_words=nan\n", "lead_words=99999999999\n", "lead_apart=\n",
                                           "lead_ngrams=2\n", "lead_ngrams=-1\n", "lead_ngrams=same\n",
                                           "lead_share=0\n", "lead_share=100\n", "lead_share=75.5\n",
                                           /* decimal only, as FORMAT.md says */
                                           "lead_share=+75\n", "lead_share=075\n", "lead_share= 75\n",
                                           "lead_share=0x4b\n", "lead_words=-0\n", "lead_share=75 \n"};
    for (size_t i = 0; i < sizeof bad_lead / sizeof bad_lead[0]; i++) {
        seed("ovr", &f);
        append_conf(&f.sec[find(&f, "CONF")], bad_lead[i]);
        refused(&f, bad_lead[i], NULL);
    }
    seed("ovr", &f);
    append_conf(&f.sec[find(&f, "CONF")], "lead_words=5\nlead_apart=1\nlead_ngrams=1\nlead_share=75\n");
    loads(&f, "a model with the lead's keys");
    seed("ovr", &f);
    set_conf(&f.sec[find(&f, "CONF")], "dim", "12x");
    refused(&f, "dim with trailing garbage", NULL);
}

/* Labels under the corpus reader's rules; META UTF-8 text. */
static void test_strings(void)
{
    fmodel f;
    seed("ovr", &f);
    f.sec[find(&f, "LABL")].p[8] = '\x01';
    refused(&f, "a label with a control character", "control");
    seed("ovr", &f);
    f.sec[find(&f, "LABL")].p[8] = '\xff';
    refused(&f, "a label of invalid UTF-8", "UTF-8");
    seed("ovr", &f);
    f.sec[find(&f, "META")].p[3] = '\xc3';
    refused(&f, "META of invalid UTF-8", "META");
    seed("ovr", &f);
    f.sec[find(&f, "META")].p[3] = '\x1b';
    refused(&f, "META with an escape character", "META");
    seed("ovr", &f);
    {
        /* the vocabulary's first key: after n, nbytes, n lengths and n dfs */
        fsec *v = &f.sec[find(&f, "VOCB")];
        uint64_t n;
        memcpy(&n, v->p, 8);
        v->p[16 + 8 * n + 1] = '\xfe';
    }
    refused(&f, "a vocabulary key of invalid UTF-8", "vocabulary");
    seed("ovr", &f);
    {
        fsec *v = &f.sec[find(&f, "VOCB")];
        uint32_t zero = 0;
        uint64_t n;
        memcpy(&n, v->p, 8);
        memcpy(v->p + 16 + 4 * n, &zero, 4);
    }
    refused(&f, "a document frequency of 0", "frequency");
    /* the family byte of the first key: the lead's character n-grams are
     * a family, a byte no family has is refused */
    for (int k = 0; k < 2; k++) {
        seed("ovr", &f);
        fsec *v = &f.sec[find(&f, "VOCB")];
        uint64_t n;
        memcpy(&n, v->p, 8);
        v->p[16 + 8 * n] = k ? 'z' : 'k';
        if (k)
            refused(&f, "a vocabulary key of no family", "vocabulary");
        else
            loads(&f, "a vocabulary key of the lead's character n-grams");
    }
    /* one rule: the reader's function, on the reader's cases */
    const char *why;
    size_t bad;
    check(label_check("sports", 6, &why, &bad) == 0, "a plain label passes");
    check(label_check("a\tb", 3, &why, &bad) == TASNIF_EINPUT, "TAB is a control character");
    check(label_check("\xd8\xb1\xd9\x8a\xd8\xa7\xd8\xb6\xd8\xa9", 10, &why, &bad) == 0, "an Arabic label passes");
    char longl[300];
    memset(longl, 'a', sizeof longl);
    check(label_check(longl, 257, &why, &bad) == TASNIF_ELIMIT && label_check(longl, 256, &why, &bad) == 0,
          "256 bytes at most");
}

/* k(k-1)/2 never overflows: more than LABELS_MAX labels are refused by
 * the loader and by training. */
static void test_label_limit(void)
{
    fmodel f;
    seed("ovr", &f);
    const int k = 46342;
    int l = find(&f, "LABL"), sv = find(&f, "SVMP"), wg = find(&f, "WGHT");
    fsec *lab = &f.sec[l];
    free(lab->p);
    lab->n = 4 + (size_t)k * (4 + 6) + (size_t)k * 8;
    lab->p = malloc(lab->n);
    memcpy(lab->p, &k, 4);
    for (int i = 0; i < k; i++) {
        uint32_t six = 6;
        char name[16];
        snprintf(name, sizeof name, "l%05d", i % 100000);
        memcpy(lab->p + 4 + (size_t)i * 10, &six, 4);
        memcpy(lab->p + 8 + (size_t)i * 10, name, 6);
        uint64_t one = 1;
        memcpy(lab->p + 4 + (size_t)k * 10 + (size_t)i * 8, &one, 8);
    }
    char nd[16];
    snprintf(nd, sizeof nd, "%d", k);
    set_conf(&f.sec[find(&f, "CONF")], "ndocs", nd);
    fsec *p = &f.sec[sv];
    p->p = realloc(p->p, 40 + (size_t)k * 8);
    memcpy(p->p + 32, &k, 4);
    memset(p->p + 40, 0, (size_t)k * 8);
    p->n = 40 + (size_t)k * 8;
    fsec *w = &f.sec[wg];
    uint64_t dim, np = (uint64_t)k;
    memcpy(&dim, w->p, 8);
    free(w->p);
    w->n = 16 + dim * np * 8;
    w->p = calloc(1, w->n);
    memcpy(w->p, &dim, 8);
    memcpy(w->p + 8, &np, 8);
    refused(&f, "46342 labels", "label");

    tasnif_model *m = model_new();
    m->nlabels = LABELS_MAX + 1;
    train_params tp;
    train_params_defaults(&tp);
    csr x;
    csr_init(&x);
    tasnif_err err = {0};
    check(train_model(&tp, &x, NULL, NULL, NULL, 0, m, &err) == TASNIF_ELIMIT, "training refuses %d labels: %s",
          LABELS_MAX + 1, err.msg);
    m->nlabels = 0;
    tasnif_model_free(m);

    /* the corpus reader stops at LABELS_MAX whatever --max-labels says */
    char corpus[600];
    snprintf(corpus, sizeof corpus, "%s/labels.tsv", tmpdir);
    FILE *fp = fopen(corpus, "w");
    for (int i = 0; i <= LABELS_MAX; i++)
        fprintf(fp, "l%05d\tword%d text\n", i, i % 7);
    fclose(fp);
    const char *paths[] = {corpus};
    fit_opts o = {.paths = paths, .npaths = 1, .format = CORPUS_TSV, .max_line = 1 << 20,
                  .max_labels = 2 * LABELS_MAX, .threads = 1};
    feat_config_defaults(&o.cfg);
    o.cfg.min_df = 1;
    feat_space fs;
    train_set ts;
    memset(&fs, 0, sizeof fs);
    memset(&ts, 0, sizeof ts);
    int rc = fit_corpus(&o, &fs, &ts, &err);
    check(rc == TASNIF_ELIMIT && strstr(err.msg, "10000"), "a corpus of %d labels is refused: %s", LABELS_MAX + 1,
          err.msg);
    if (rc == 0) {
        feat_space_finish(&fs);
        train_set_finish(&ts);
    }
}

/* predict's JSON never holds a bare nan or inf. */
static void test_json_numbers(void)
{
    fmodel f;
    seed("ovr", &f);
    size_t len;
    char *b = fm_join(&f, &len);
    fm_free(&f);
    tasnif_model *m = NULL;
    tasnif_err err;
    check(model_parse(b, len, "ovr", &m, &err) == 0, "seed parses: %s", err.msg);
    if (!m)
        return;
    tasnif_score s[3] = {{m->labels[0], 0, NAN}, {m->labels[1], 1, INFINITY}, {m->labels[2], 2, -INFINITY}};
    char *out = NULL;
    size_t outlen = 0;
    FILE *fp = open_memstream(&out, &outlen);
    out_pred p = {.name = "doc", .scores = s, .k = 3};
    out_prediction(fp, OUT_JSON, m, &p);
    fclose(fp);
    check(!strstr(out, "nan") && !strstr(out, "inf") && strstr(out, "\"score\":null"), "JSON: %s", out);
    free(out);
    tasnif_model_free(m);
}

/* Two models with the same labels but other decision counts, one thread. */
static void test_classify_two_models(void)
{
    tasnif_model *a = NULL, *b = NULL;
    tasnif_err err;
    fmodel f;
    size_t len;
    char *buf;
    seed("ovr", &f);
    buf = fm_join(&f, &len);
    fm_free(&f);
    check(model_parse(buf, len, "ovr", &a, &err) == 0, "ovr parses");
    seed("ovo-ll", &f);
    buf = fm_join(&f, &len);
    fm_free(&f);
    check(model_parse(buf, len, "ovo", &b, &err) == 0, "ovo parses");
    if (!a || !b)
        return;
    check(a->nlabels == b->nlabels && a->ndec != b->ndec, "same labels, other decision counts");
    tasnif_score s1[4], s2[4];
    int n1 = tasnif_classify(a, "truce talks", 11, s1, 4, &err);
    int n2 = tasnif_classify(b, "truce talks", 11, s2, 4, &err);
    int n3 = tasnif_classify(a, "truce talks", 11, s2, 4, &err);
    check(n1 == 4 && n2 == 4 && n3 == 4 && s1[0].index == s2[0].index && s1[0].score == s2[0].score,
          "alternating models in one thread gives the same answers");
    tasnif_model_free(a);
    tasnif_model_free(b);
}

/* A loaded model is the file's bytes as they were: rewriting the file in
 * place (not by rename) while the model classifies changes nothing. */
/* Classify four documents with m into s (best label and score of each). */
static void classify_four(const tasnif_model *m, tasnif_score s[4][4])
{
    static const char *docs[] = {"truce talks aid", "shelling escalation", "aid convoy reached", "ceasefire"};
    tasnif_err err;
    memset(s, 0, 16 * sizeof s[0][0]);
    for (int d = 0; d < 4; d++)
        tasnif_classify(m, docs[d], strlen(docs[d]), s[d], 4, &err);
}

static int same_four(tasnif_score a[4][4], tasnif_score b[4][4], int k)
{
    int same = 1;
    for (int d = 0; d < 4; d++)
        for (int i = 0; i < k && i < 4; i++)
            same &= a[d][i].index == b[d][i].index && a[d][i].score == b[d][i].score && a[d][i].label &&
                    b[d][i].label && strcmp(a[d][i].label, b[d][i].label) == 0;
    return same;
}

/* Overwrite path with other's bytes: in place (truncate, write) or as
 * tasnif writes models (a new file renamed over it). */
static int replace_file(const char *path, const char *other, int in_place)
{
    char tmp[700];
    snprintf(tmp, sizeof tmp, "%s.new", path);
    FILE *fp = fopen(in_place ? path : tmp, in_place ? "r+b" : "wb");
    if (!fp || ftruncate(fileno(fp), 0) < 0)
        return -1;
    FILE *src = fopen(other, "rb");
    char chunk[4096];
    size_t n;
    while (src && (n = fread(chunk, 1, sizeof chunk, src)) > 0)
        fwrite(chunk, 1, n, fp);
    if (src)
        fclose(src);
    fclose(fp);
    return in_place ? 0 : rename(tmp, path);
}

/* A loaded model keeps answering as it did while its file is replaced:
 * by rename with the file mapped (how tasnif writes), in place (truncated
 * and rewritten) with TASNIF_NO_MMAP=1 (the file read). */
static void test_overwrite(int in_place)
{
    char path[600], other[600];
    snprintf(path, sizeof path, "%s/live.tsnf", tmpdir);
    snprintf(other, sizeof other, "%s/other.tsnf", tmpdir);
    fmodel f;
    seed("ovr", &f);
    write_model(&f, path);
    fm_free(&f);
    seed("svm-poly", &f);
    write_model(&f, other);
    fm_free(&f);
    pid_t pid = fork();
    if (pid == 0) {
        if (in_place)
            setenv("TASNIF_NO_MMAP", "1", 1);
        tasnif_model *m = NULL;
        tasnif_err err;
        if (tasnif_model_load(path, &m, &err) < 0 || m->blob_mapped == in_place)
            _exit(2);
        tasnif_score before[4][4], now[4][4];
        classify_four(m, before);
        int same = 1;
        for (int round = 0; round < 3; round++) {
            if (replace_file(path, other, in_place) < 0)
                _exit(3);
            classify_four(m, now);
            same &= same_four(before, now, m->nlabels);
        }
        tasnif_model_free(m);
        _exit(same ? 0 : 1);
    }
    int st;
    waitpid(pid, &st, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a model file %s: %s",
          in_place ? "rewritten in place (read, TASNIF_NO_MMAP=1)" : "replaced by rename (mapped)",
          !WIFEXITED(st) ? "the process crashed" : WEXITSTATUS(st) == 1 ? "answers changed" : "setup failed");
}

/* The mapped model and the model read into memory: the same weights, the
 * same answers, bit for bit; every encoding. */
static void test_mapped_equals_read(void)
{
    static const char *seeds[] = {"ovr", "ovr-f32", "ovr-int8", "multi", "svm-poly", "lsa-both-int8"};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s%s", SEEDS, seeds[i]);
        tasnif_model *a = NULL, *b = NULL;
        tasnif_err err;
        int rc = tasnif_model_load(path, &a, &err);
        setenv("TASNIF_NO_MMAP", "1", 1);
        rc |= tasnif_model_load(path, &b, &err);
        unsetenv("TASNIF_NO_MMAP");
        check(rc == 0 && a->blob_mapped && !b->blob_mapped, "%s: loaded mapped and read", seeds[i]);
        if (rc == 0) {
            tasnif_score sa[4][4], sb[4][4];
            classify_four(a, sa);
            classify_four(b, sb);
            int same = same_four(sa, sb, a->nlabels) && a->wenc == b->wenc && a->blob_len == b->blob_len &&
                       memcmp(a->blob, b->blob, a->blob_len) == 0;
            for (size_t f = 0; same && !a->svm && f < feat_in_dim(&a->fs); f++)
                for (int q = 0; q < a->ndec; q++)
                    same &= model_weight(a, f, q) == model_weight(b, f, q);
            check(same, "%s: the mapped model equals the read one (weights, answers)", seeds[i]);
        }
        tasnif_model_free(a);
        tasnif_model_free(b);
    }
}

/* A FIFO or a device in place of a model is refused at once. */
static void test_not_a_file(void)
{
    char fifo[600], msg[1024];
    snprintf(fifo, sizeof fifo, "%s/fifo.tsnf", tmpdir);
    check(mkfifo(fifo, 0600) == 0, "mkfifo");
    const char *paths[] = {fifo, "/dev/zero", tmpdir};
    for (int i = 0; i < 3; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            alarm(10); /* a hang fails the test instead of the suite */
            tasnif_model *m = NULL;
            tasnif_err err;
            _exit(tasnif_model_load(paths[i], &m, &err) == TASNIF_EIO && strstr(err.msg, "regular") ? 0 : 1);
        }
        int st;
        waitpid(pid, &st, 0);
        snprintf(msg, sizeof msg, "%s", !WIFEXITED(st) ? "hung or crashed" : WEXITSTATUS(st) ? "not refused" : "refused");
        check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s as a model: %s", paths[i], msg);
    }
}

/* Index files: finite unit embeddings, UTF-8 references, exact counts. */
static void test_index(void)
{
    const char *ix_seed = "tests/fuzz/corpus/index_struct/index";
    for (int c = 0; c < 4; c++) {
        fmodel f;
        seed(ix_seed, &f);
        fsec *d = &f.sec[find(&f, "DOCS")];
        uint32_t k;
        memcpy(&k, d->p + 8, 4);
        float nanf_ = NAN, two = 2.0f;
        if (c == 1)
            memcpy(d->p + 16 + 4, &nanf_, 4);
        if (c == 2)
            memcpy(d->p + 16 + 4 * (size_t)k, &two, 4);
        if (c == 3) {
            d->p = realloc(d->p, d->n + 4);
            memset(d->p + d->n, 'x', 4);
            d->n += 4;
        }
        size_t len;
        char *buf = fm_join(&f, &len);
        fm_free(&f);
        tasnif_model *m = NULL;
        tasnif_err err;
        check(model_parse(buf, len, "ix", &m, &err) == 0, "index %d parses as a model: %s", c, err.msg);
        if (!m)
            continue;
        doc_index ix;
        int rc = index_open(m, "ix", &ix, &err);
        check(c == 0 ? rc == 0 : rc == TASNIF_EMODEL, "index case %d: %s", c, rc ? err.msg : "opened");
        if (rc == 0)
            index_close(&ix);
        tasnif_model_free(m);
    }
    /* an invalid UTF-8 reference */
    fmodel f;
    seed(ix_seed, &f);
    fsec *d = &f.sec[find(&f, "DOCS")];
    uint64_t n;
    uint32_t k;
    memcpy(&n, d->p, 8);
    memcpy(&k, d->p + 8, 4);
    d->p[16 + n * k * 4 + 4] = '\xff';
    size_t len;
    char *buf = fm_join(&f, &len);
    fm_free(&f);
    tasnif_model *m = NULL;
    tasnif_err err;
    if (model_parse(buf, len, "ix", &m, &err) == 0) {
        doc_index ix;
        check(index_open(m, "ix", &ix, &err) == TASNIF_EMODEL && strstr(err.msg, "UTF-8"), "bad reference: %s",
              err.msg);
        tasnif_model_free(m);
    } else
        free(buf);
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 1;
    test_sections();
    test_numbers();
    test_thresholds();
    test_weight_encodings();
    test_strings();
    test_label_limit();
    test_json_numbers();
    test_classify_two_models();
    test_overwrite(1);
    test_overwrite(0);
    test_mapped_equals_read();
    test_not_a_file();
    test_index();
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        return 1;
    return check_done();
}
