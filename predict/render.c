/*
 * render.c - the escapes and scaffolding every writer uses: JSON strings
 * and numbers, HTML and XML text, Markdown table cells, terminal text, the
 * frame of an HTML report page, JUnit's opening, an SVG bar chart, and the
 * report formats' names.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../features/files.h"
#include "render.h"
#include "tasnif.h"

void render_html_n(FILE *fp, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        switch (s[i]) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        case '\'': fputs("&#39;", fp); break;
        default:
            if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t')
                fprintf(fp, "&#xFFFD;");
            else
                fputc(s[i], fp);
        }
}

void render_html(FILE *fp, const char *s)
{
    render_html_n(fp, s, strlen(s));
}

/* Markdown table cell: escape the characters that end or format a cell
 * or start an entity. */
void render_tsv(FILE *fp, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
}

void render_md(FILE *fp, const char *s)
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

void render_text(FILE *fp, const char *s, int width)
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

void render_json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        case '<': fputs("\\u003c", fp); break; /* safe inside HTML <script> */
        case '>': fputs("\\u003e", fp); break;
        case '&': fputs("\\u0026", fp); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(fp, "\\u%04x", *p);
            else
                fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

void render_json_number(FILE *fp, double v, int decimals)
{
    if (isfinite(v) && decimals < 0)
        fprintf(fp, "%.17g", v); /* round-trips */
    else if (isfinite(v))
        fprintf(fp, "%.*f", decimals, v);
    else
        fputs("null", fp); /* JSON has no NaN or infinity */
}

/* s escaped by GitHub's rules for workflow commands; prop: a property value */
static void gh_escape(const char *s, char *buf, size_t cap, int prop)
{
    size_t o = 0;
    for (; *s && cap; s++) {
        const char *e = *s == '%' ? "%25" : *s == '\r' ? "%0D" : *s == '\n' ? "%0A" : NULL;
        if (prop && !e)
            e = *s == ':' ? "%3A" : *s == ',' ? "%2C" : NULL;
        size_t l = e ? 3 : 1;
        if (o + l >= cap)
            break;
        if (e)
            memcpy(buf + o, e, 3);
        else
            buf[o] = *s;
        o += l;
    }
    if (cap)
        buf[o] = '\0';
}

void render_gh_data(const char *s, char *buf, size_t cap)
{
    gh_escape(s, buf, cap, 0);
}

void render_gh_property(const char *s, char *buf, size_t cap)
{
    gh_escape(s, buf, cap, 1);
}

/* ---- HTML ---- */

void render_html_begin(FILE *fp, const char *heading, const char *model, const char *test, uint64_t n,
                       const char *created)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>", fp);
    render_html(fp, heading);
    fputs(": ", fp);
    render_html(fp, test);
    fputs("</title>\n<style>\nbody{font-family:sans-serif;margin:2em;color:#222;max-width:70em}\n"
          "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}\n"
          "td:first-child,th:first-child{text-align:left}.fail{color:#b00;font-weight:bold}.pass{color:#070}\n"
          ".neg{color:#b00}.pos{color:#070}.ex{color:#555;font-size:90%}\n</style>\n</head>\n<body>\n<h1>", fp);
    render_html(fp, heading);
    fputs("</h1>\n<p>model <code>", fp);
    render_html(fp, model);
    fputs("</code>, test <code>", fp);
    render_html(fp, test);
    fprintf(fp, "</code>, %llu documents, %s.</p>\n", (unsigned long long)n, created);
}

void render_html_end(FILE *fp, int schema, int bootstrap, unsigned seed)
{
    fprintf(fp, "<p class=\"ex\">tasnif %s, report schema %d.", TASNIF_VERSION, schema);
    if (bootstrap)
        fprintf(fp, " Intervals: percentile bootstrap over documents, %d resamples, seed %u.", bootstrap, seed);
    fputs("</p>\n</body>\n</html>\n", fp);
}

void render_svg_bars(FILE *fp, int k, char *const *labels, const double *v, const char *aria)
{
    int bar = 18, left = 150, width = 300, hgt = k * (bar + 6) + 30;
    fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
                "aria-label=\"",
            left + width + 60, hgt);
    render_html(fp, aria);
    fputs("\" font-family=\"sans-serif\" font-size=\"11\">\n", fp);
    for (int i = 0; i < k; i++) {
        int y = 10 + i * (bar + 6);
        fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 6, y + 13);
        render_html(fp, labels[i]);
        fprintf(fp, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#4a7fc1\"/>"
                    "<text x=\"%.1f\" y=\"%d\">%.3f</text>\n",
                left, y, v[i] * width, bar, left + v[i] * width + 4, y + 13, v[i]);
    }
    int y = 10 + k * (bar + 6);
    fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", left, y, left + width, y);
    fprintf(fp, "<text x=\"%d\" y=\"%d\">0</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">1</text>\n</svg>\n", left,
            y + 14, left + width, y + 14);
}

int report_format_parse(const char *s)
{
    if (strcmp(s, "text") == 0)
        return REP_TEXT;
    if (strcmp(s, "json") == 0)
        return REP_JSON;
    if (strcmp(s, "md") == 0 || strcmp(s, "markdown") == 0)
        return REP_MD;
    if (strcmp(s, "html") == 0)
        return REP_HTML;
    if (strcmp(s, "junit") == 0)
        return REP_JUNIT;
    return -1;
}

int report_format_for(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return -1;
    if (strcmp(dot, ".json") == 0)
        return REP_JSON;
    if (strcmp(dot, ".md") == 0 || strcmp(dot, ".markdown") == 0)
        return REP_MD;
    if (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0)
        return REP_HTML;
    if (strcmp(dot, ".txt") == 0)
        return REP_TEXT;
    if (strcmp(dot, ".xml") == 0)
        return REP_JUNIT;
    return -1;
}

int render_memory(render_fn fn, const void *obj, int f, char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    FILE *fp = open_memstream(buf, len);
    if (!fp)
        return TASNIF_ENOMEM;
    int rc = fn(obj, f, fp);
    if ((ferror(fp) | fclose(fp)) != 0 || !*buf || rc < 0) {
        free(*buf);
        *buf = NULL;
        return TASNIF_ENOMEM;
    }
    return 0;
}

int render_save(render_fn fn, const void *obj, int f, const char *path, const char *what, tasnif_err *err)
{
    char *buf;
    size_t len;
    if (render_memory(fn, obj, f, &buf, &len) < 0)
        return err_set(err, TASNIF_ENOMEM, path, 0, 0, "out of memory");
    int rc = file_write_atomic(path, buf, len, what, err);
    free(buf);
    return rc;
}
