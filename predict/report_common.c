/*
 * report_common.c - what the single-label and the label-set evaluation
 * reports share (see report_common.h): gates, the bootstrap, the JSON
 * report's opening and per-label figures, defaults.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../features/base.h"
#include "../models/model.h"
#include "report_common.h"
#include "tasnif.h"





/* ---- bootstrap ---- */

uint64_t report_rand_init(unsigned seed)
{
    return 0x9E3779B97F4A7C15ULL ^ seed;
}

uint64_t report_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double report_percentile(double *v, int n, double q)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double pos = q * (n - 1);
    int lo = (int)floor(pos);
    int hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (pos - lo) * (v[hi] - v[lo]);
}

/* ---- gates ---- */

int report_gates_parse(report_gate **gates, int *ngates, const char *spec, int is_drop, const char **bad)
{
    static char badbuf[200];
    const char *p = spec;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        snprintf(badbuf, sizeof badbuf, "%.*s", (int)len, p);
        *bad = badbuf;
        size_t nlen;
        double v;
        if (name_value(p, len, &nlen, 0, is_drop ? 100 : 1, &v) < 0 || nlen >= sizeof (*gates)[0].metric)
            return -1;
        report_gate *g = realloc(*gates, (size_t)(*ngates + 1) * sizeof *g);
        if (!g)
            return -1;
        *gates = g;
        g = &g[(*ngates)++];
        memset(g, 0, sizeof *g);
        memcpy(g->metric, p, nlen);
        g->metric[nlen] = '\0';
        g->is_drop = is_drop;
        g->limit = v;
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

void report_gate_set(report_gate *g, double value)
{
    g->known = !isnan(value);
    g->value = value;
    g->pass = g->known && (g->is_drop || g->at_most ? value <= g->limit + 1e-12 : value >= g->limit - 1e-12);
}

void report_gate_set_paired(report_gate *g, double drop, double lo, double hi, double significance)
{
    report_gate_set(g, drop);
    g->paired = 1;
    g->lo = lo;
    g->hi = hi;
    g->significance = significance;
    if (g->known && !g->pass && significance > 0 && lo <= 0)
        g->pass = 1; /* beyond the limit, but not told from no change */
}

void report_gate_message(const report_gate *g, char *buf, size_t cap)
{
    if (!g->known)
        snprintf(buf, cap, "%s: no such metric%s", g->metric, g->is_drop ? " in this report and the baseline" : "");
    else if (g->is_drop && g->paired)
        snprintf(buf, cap, "%s dropped %.2f points (%g%% interval %.2f to %.2f), more than %.2f%s", g->metric, g->value,
                 g->significance > 0 ? 100 * (1 - g->significance) : 95.0, g->lo, g->hi, g->limit,
                 g->significance > 0 ? ", and its interval excludes 0" : "");
    else if (g->is_drop)
        snprintf(buf, cap, "%s dropped %.2f points, more than %.2f", g->metric, g->value, g->limit);
    else
        snprintf(buf, cap, "%s = %.4f is %s %.4f", g->metric, g->value, g->at_most ? "above" : "below", g->limit);
}

int report_gates_failed(const report_gate *g, int n)
{
    int f = 0;
    for (int i = 0; i < n; i++)
        f += !g[i].pass;
    return f;
}

void report_gates_text(FILE *fp, const report_gate *g, int n, int colour)
{
    const char *red = colour ? "\033[31m" : "", *green = colour ? "\033[32m" : "", *off = colour ? "\033[0m" : "";
    if (n)
        fprintf(fp, "\ngates\n");
    for (int i = 0; i < n; i++) {
        const report_gate *gt = &g[i];
        fprintf(fp, "  %s%s%s  ", gt->pass ? green : red, gt->pass ? "PASS" : "FAIL", off);
        render_text(fp, gt->metric, 0);
        if (!gt->known)
            fprintf(fp, ": %s\n", gt->is_drop ? "no such metric in this report and the baseline" : "no such metric");
        else if (gt->is_drop && gt->paired)
            fprintf(fp, " dropped %.2f points [%.2f, %.2f] (at most %.2f%s)\n", gt->value, gt->lo, gt->hi, gt->limit,
                    gt->significance > 0 ? " unless the interval holds 0" : "");
        else if (gt->is_drop)
            fprintf(fp, " dropped %.2f points (at most %.2f)\n", gt->value, gt->limit);
        else
            fprintf(fp, " = %.4f (%s %.4f)\n", gt->value, gt->at_most ? "at most" : "at least", gt->limit);
    }
}

void report_gates_md(FILE *fp, const report_gate *g, int n)
{
    if (n)
        fputs("\n| gate | value | limit | result |\n| --- | ---: | ---: | --- |\n", fp);
    for (int i = 0; i < n; i++) {
        const report_gate *gt = &g[i];
        fputs("| ", fp);
        render_md(fp, gt->metric);
        if (gt->is_drop && gt->paired)
            fprintf(fp, " drop (points) | %.2f [%.2f, %.2f] | ≤ %.2f%s | %s |\n", gt->value, gt->lo, gt->hi, gt->limit,
                    gt->significance > 0 ? ", significant" : "", gt->pass ? "pass" : "**FAIL**");
        else if (gt->is_drop)
            fprintf(fp, " drop | %.2f | ≤ %.2f | %s |\n", gt->value, gt->limit, gt->pass ? "pass" : "**FAIL**");
        else
            fprintf(fp, " | %.4f | %s %.4f | %s |\n", gt->value, gt->at_most ? "≤" : "≥", gt->limit,
                    gt->pass ? "pass" : "**FAIL**");
    }
}

void report_gates_html(FILE *fp, const report_gate *g, int n)
{
    if (!n)
        return;
    fputs("<h2>Gates</h2>\n<table>\n<tr><th>gate</th><th>value</th><th>limit</th><th>result</th></tr>\n", fp);
    for (int i = 0; i < n; i++) {
        const report_gate *gt = &g[i];
        fputs("<tr><td>", fp);
        render_html(fp, gt->metric);
        fprintf(fp, "%s</td><td>%.4f", gt->is_drop ? " (drop, points)" : "", gt->value);
        if (gt->paired)
            fprintf(fp, " [%.2f, %.2f]", gt->lo, gt->hi);
        fprintf(fp, "</td><td>%s %.4f%s</td><td class=\"%s\">%s</td></tr>\n", gt->is_drop || gt->at_most ? "≤" : "≥",
                gt->limit, gt->paired && gt->significance > 0 ? ", significant" : "", gt->pass ? "pass" : "fail",
                gt->pass ? "pass" : "FAIL");
    }
    fputs("</table>\n", fp);
}

void report_gates_json(FILE *fp, const report_gate *g, int n)
{
    fputs(",\n  \"gates\": [", fp);
    for (int i = 0; i < n; i++) {
        const report_gate *gt = &g[i];
        fputs(i ? ",\n    {\"metric\": " : "\n    {\"metric\": ", fp);
        render_json_string(fp, gt->metric);
        fprintf(fp, ", \"kind\": \"%s\", \"limit\": ", gt->is_drop ? "max_drop_points" : gt->at_most ? "max" : "min");
        render_json_number(fp, gt->limit, -1);
        fputs(", \"value\": ", fp);
        render_json_number(fp, gt->value, -1);
        if (gt->paired) {
            fputs(", \"interval\": [", fp);
            render_json_number(fp, gt->lo, -1);
            fputs(", ", fp);
            render_json_number(fp, gt->hi, -1);
            fputs("], \"significance\": ", fp);
            if (gt->significance > 0)
                render_json_number(fp, gt->significance, -1);
            else
                fputs("null", fp);
        }
        fprintf(fp, ", \"pass\": %s}", gt->pass ? "true" : "false");
    }
    fprintf(fp, "%s],\n  \"passed\": %s\n}\n", n ? "\n  " : "", report_gates_failed(g, n) ? "false" : "true");
}


/* ---- JSON ---- */

void report_json_begin(FILE *fp, const char *schema, int version, const char *created, const char *model,
                       const char *test, uint64_t n, int k, char *const *labels)
{
    fprintf(fp, "{\n  \"schema\": \"%s\",\n  \"schema_version\": %d,\n  \"tasnif_version\": \"%s\",\n", schema, version,
            TASNIF_VERSION);
    fprintf(fp, "  \"created\": \"%s\",\n  \"model\": ", created);
    render_json_string(fp, model);
    fputs(",\n  \"test\": ", fp);
    render_json_string(fp, test);
    fprintf(fp, ",\n  \"documents\": %llu,\n  \"labels\": [", (unsigned long long)n);
    for (int i = 0; i < k; i++) {
        if (i)
            fputs(", ", fp);
        render_json_string(fp, labels[i]);
    }
    fputc(']', fp);
}

void report_json_labels(FILE *fp, const char *key, int k, char *const *labels, const double *prec,
                        const double *rec, const double *f1, const uint64_t *support, const uint64_t *predicted)
{
    fprintf(fp, "  \"%s\": [", key);
    for (int i = 0; i < k; i++) {
        fputs(i ? ",\n    {\"label\": " : "\n    {\"label\": ", fp);
        render_json_string(fp, labels[i]);
        fputs(", \"precision\": ", fp);
        render_json_number(fp, prec[i], -1);
        fputs(", \"recall\": ", fp);
        render_json_number(fp, rec[i], -1);
        fputs(", \"f1\": ", fp);
        render_json_number(fp, f1[i], -1);
        fprintf(fp, ", \"support\": %llu, \"predicted\": %llu}", (unsigned long long)support[i],
                (unsigned long long)predicted[i]);
    }
    fputs("\n  ]", fp);
}

/* ---- figures ---- */

const double *report_label_metric(const char *name, int k, char *const *labels, const double *prec,
                                  const double *rec, const double *f1)
{
    const char *colon = strchr(name, ':');
    if (!colon)
        return NULL;
    size_t plen = (size_t)(colon - name);
    const double *arr = plen == 2 && strncmp(name, "f1", 2) == 0 ? f1
                        : plen == 9 && strncmp(name, "precision", 9) == 0 ? prec
                        : plen == 6 && strncmp(name, "recall", 6) == 0 ? rec : NULL;
    for (int i = 0; arr && i < k; i++)
        if (strcmp(labels[i], colon + 1) == 0)
            return &arr[i];
    return NULL;
}

void report_defaults(char *created, size_t cap, int *bootstrap, unsigned *seed)
{
    *seed = SOLVER_DEF_SEED;
    *bootstrap = REPORT_DEF_BOOTSTRAP;
    time_t now = time(NULL);
    struct tm tmv;
    strftime(created, cap, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tmv));
}



