/*
 * report_util.c - pieces shared by the single-label and the multi-label
 * evaluation reports (see report_util.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report_util.h"

/* ---- escaping ---- */

void report_html_escape(FILE *fp, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        case '\'': fputs("&#39;", fp); break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
                fprintf(fp, "&#xFFFD;");
            else
                fputc(*s, fp);
        }
}

/* Markdown table cell: escape the characters that end or format a cell
 * or start an entity. */
void report_md_escape(FILE *fp, const char *s)
{
    for (; *s; s++) {
        if (strchr("|\\`*_[]<>#&", *s))
            fputc('\\', fp);
        if (*s == '\n' || *s == '\r' || *s == '\t')
            fputc(' ', fp);
        else
            fputc(*s, fp);
    }
}

void report_text_label(FILE *fp, const char *s, int width)
{
    int cols = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        /* whole UTF-8 characters, one column each */
        int clen = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1, have = 1;
        while (have < clen && p[have])
            have++;
        if (width && cols + 1 > width)
            break;
        for (int i = 0; i < have; i++)
            fputc(p[i] < 0x20 || p[i] == 0x7f ? '?' : p[i], fp);
        cols++;
        p += have;
    }
    for (; cols < width; cols++)
        fputc(' ', fp);
}

void report_json_num(FILE *fp, double v)
{
    if (isnan(v) || isinf(v))
        fputs("null", fp);
    else
        fprintf(fp, "%.17g", v);
}

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
        const char *eq = memchr(p, '=', len);
        snprintf(badbuf, sizeof badbuf, "%.*s", (int)len, p);
        *bad = badbuf;
        if (!eq || eq == p || (size_t)(eq - p) >= sizeof (*gates)[0].metric)
            return -1;
        char num[64];
        size_t nl = len - (size_t)(eq + 1 - p);
        if (nl == 0 || nl >= sizeof num)
            return -1;
        memcpy(num, eq + 1, nl);
        num[nl] = '\0';
        char *e;
        double v = strtod(num, &e);
        if (*e || isnan(v))
            return -1;
        report_gate *g = realloc(*gates, (size_t)(*ngates + 1) * sizeof *g);
        if (!g)
            return -1;
        *gates = g;
        g = &g[(*ngates)++];
        memset(g, 0, sizeof *g);
        memcpy(g->metric, p, (size_t)(eq - p));
        g->metric[eq - p] = '\0';
        g->is_drop = is_drop;
        g->limit = v;
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

/* ---- HTML ---- */

void report_html_begin(FILE *fp, const char *heading, const char *model, const char *test, uint64_t n,
                       const char *created)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>", fp);
    report_html_escape(fp, heading);
    fputs(": ", fp);
    report_html_escape(fp, test);
    fputs("</title>\n<style>\nbody{font-family:sans-serif;margin:2em;color:#222;max-width:70em}\n"
          "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}\n"
          "td:first-child,th:first-child{text-align:left}.fail{color:#b00;font-weight:bold}.pass{color:#070}\n"
          ".neg{color:#b00}.pos{color:#070}.ex{color:#555;font-size:90%}\n</style>\n</head>\n<body>\n<h1>", fp);
    report_html_escape(fp, heading);
    fputs("</h1>\n<p>model <code>", fp);
    report_html_escape(fp, model);
    fputs("</code>, test <code>", fp);
    report_html_escape(fp, test);
    fprintf(fp, "</code>, %llu documents, %s.</p>\n", (unsigned long long)n, created);
}

void report_html_end(FILE *fp, int schema, int bootstrap, unsigned seed)
{
    fprintf(fp, "<p class=\"ex\">tasnif %s, report schema %d.", TASNIF_VERSION, schema);
    if (bootstrap)
        fprintf(fp, " Intervals: percentile bootstrap over documents, %d resamples, seed %u.", bootstrap, seed);
    fputs("</p>\n</body>\n</html>\n", fp);
}

void report_svg_bars(FILE *fp, int k, char *const *labels, const double *v, const char *aria)
{
    int bar = 18, left = 150, width = 300, hgt = k * (bar + 6) + 30;
    fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
                "aria-label=\"",
            left + width + 60, hgt);
    report_html_escape(fp, aria);
    fputs("\" font-family=\"sans-serif\" font-size=\"11\">\n", fp);
    for (int i = 0; i < k; i++) {
        int y = 10 + i * (bar + 6);
        fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 6, y + 13);
        report_html_escape(fp, labels[i]);
        fprintf(fp, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#4a7fc1\"/>"
                    "<text x=\"%.1f\" y=\"%d\">%.3f</text>\n",
                left, y, v[i] * width, bar, left + v[i] * width + 4, y + 13, v[i]);
    }
    int y = 10 + k * (bar + 6);
    fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", left, y, left + width, y);
    fprintf(fp, "<text x=\"%d\" y=\"%d\">0</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">1</text>\n</svg>\n", left,
            y + 14, left + width, y + 14);
}
