/*
 * mlreport_tool.c - a test driver for the multi-label report: reads lines
 * "truth<TAB>prediction", each a comma-separated set of labels (empty for
 * none), and writes the report.
 *
 *   mlreport_tool [-f json|text|md|html] [-l LABEL,LABEL...] [-b RESAMPLES]
 *                 [-s SEED] [-g GATES] [-j JUNIT.xml] INPUT
 *
 * -l fixes the labels and their order; labels seen only in INPUT follow
 * in order of first appearance.  Exit status 0; 3 when a gate failed; 2
 * for a usage error or a bad gate; 1 when reading or computing fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../../predict/mlreport.h"

static char **labels;
static int nlabels;

static int label_index(const char *s, size_t len)
{
    for (int i = 0; i < nlabels; i++)
        if (strlen(labels[i]) == len && memcmp(labels[i], s, len) == 0)
            return i;
    char **l = realloc(labels, (size_t)(nlabels + 1) * sizeof *l);
    if (!l || !(l[nlabels] = strndup(s, len)))
        exit(1);
    labels = l;
    return nlabels++;
}

/* Call fn on every item of the comma-separated set s[0..len). */
static void each_label(const char *s, size_t len, void (*fn)(int, void *), void *arg)
{
    while (len) {
        const char *c = memchr(s, ',', len);
        size_t n = c ? (size_t)(c - s) : len;
        if (n)
            fn(label_index(s, n), arg);
        s += n;
        len -= n;
        if (len) {
            s++;
            len--;
        }
    }
}

/* Both sets of a line "truth<TAB>prediction": fn with t, then with p. */
static void each_set(const char *line, size_t len, void (*fn)(int, void *), void *t, void *p)
{
    const char *tab = memchr(line, '\t', len);
    each_label(line, tab ? (size_t)(tab - line) : len, fn, t);
    if (tab)
        each_label(tab + 1, len - (size_t)(tab + 1 - line), fn, p);
}

static void no_op(int l, void *arg)
{
    (void)l;
    (void)arg;
}

static void set_bit(int l, void *arg)
{
    ((uint8_t *)arg)[l] = 1;
}

/* A line without its end of line, its length, or -1 at the end. */
static ssize_t read_line(FILE *in, char **line, size_t *cap)
{
    ssize_t len = getline(line, cap, in);
    while (len > 0 && ((*line)[len - 1] == '\n' || (*line)[len - 1] == '\r'))
        (*line)[--len] = '\0';
    return len;
}

int main(int argc, char **argv)
{
    const char *fmt = "json", *gates = NULL, *junit = NULL;
    int opt, bootstrap = 1000;
    unsigned seed = 1;
    while ((opt = getopt(argc, argv, "f:l:b:s:g:j:")) != -1)
        switch (opt) {
        case 'f': fmt = optarg; break;
        case 'l': each_label(optarg, strlen(optarg), no_op, NULL); break;
        case 'b': bootstrap = atoi(optarg); break;
        case 's': seed = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'g': gates = optarg; break;
        case 'j': junit = optarg; break;
        default: return 2;
        }
    int f = report_format_parse(fmt);
    if (optind + 1 != argc || f < 0) {
        fprintf(stderr, "usage: mlreport_tool [-f json|text|md|html] [-l LABELS] [-b N] [-s SEED] [-g GATES] [-j FILE] INPUT\n");
        return 2;
    }
    FILE *in = fopen(argv[optind], "r");
    if (!in) {
        perror(argv[optind]);
        return 1;
    }
    /* first pass: the labels; second pass: the documents */
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = read_line(in, &line, &cap)) >= 0)
        each_set(line, (size_t)len, no_op, NULL, NULL);
    ml_report r;
    const char *bad;
    int rc = ml_report_init(&r, nlabels, labels) < 0;
    r.bootstrap = bootstrap;
    r.seed = seed;
    r.model_path = "(predictions)";
    r.test_path = argv[optind];
    if (!rc && gates && ml_report_add_gates(&r, gates, 0, &bad) < 0) {
        fprintf(stderr, "mlreport_tool: bad gate '%s'\n", bad);
        rc = 2;
    }
    uint8_t *t = malloc((size_t)nlabels + 1), *p = malloc((size_t)nlabels + 1);
    rewind(in);
    long lineno = 0;
    rc = rc ? rc : !t || !p;
    while (!rc && (len = read_line(in, &line, &cap)) >= 0) {
        lineno++;
        char where[512];
        memset(t, 0, (size_t)nlabels + 1);
        memset(p, 0, (size_t)nlabels + 1);
        each_set(line, (size_t)len, set_bit, t, p);
        snprintf(where, sizeof where, "%s:%ld", argv[optind], lineno);
        rc = ml_report_add(&r, t, p, where) < 0;
    }
    fclose(in);
    free(line);
    if (!rc)
        rc = ml_report_compute(&r) < 0;
    if (!rc) {
        ml_report_write(&r, (report_format)f, stdout, 0);
        FILE *jf = junit ? fopen(junit, "w") : NULL;
        if (jf) {
            ml_report_write(&r, REP_JUNIT, jf, 0);
            fclose(jf);
        }
        rc = junit && !jf ? 1 : ml_report_failed_gates(&r) ? 3 : 0;
    }
    ml_report_finish(&r);
    for (int i = 0; i < nlabels; i++)
        free(labels[i]);
    free(labels);
    free(t);
    free(p);
    return rc;
}
