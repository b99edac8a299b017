/*
 * render.h - the escapes and scaffolding every writer uses (predictions,
 * explanation pages, evaluation reports, suggestions): one function for
 * each kind of text a writer puts out.  Private.
 */
#ifndef TASNIF_RENDER_H
#define TASNIF_RENDER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* s as a JSON string: quoted; '"', '\\' and control characters escaped,
 * '<', '>' and '&' as \u escapes (safe inside an HTML <script>). */
void render_json_string(FILE *fp, const char *s);
/* v with the given decimals (< 0: all 17 significant digits, which
 * round-trip), or null when it is NaN or infinite (JSON has neither). */
void render_json_number(FILE *fp, double v, int decimals);

/* n bytes of s (render_html: up to its NUL) escaped for HTML text and
 * attributes, and for XML 1.0: control characters but newline and TAB,
 * which XML forbids even escaped, become U+FFFD. */
void render_html_n(FILE *fp, const char *s, size_t n);
void render_html(FILE *fp, const char *s);
/* s as a TSV field: TAB, CR and LF, which a field cannot hold, become
 * spaces. */
void render_tsv(FILE *fp, const char *s);
/* s escaped for a Markdown table cell. */
void render_md(FILE *fp, const char *s);
/* s for a terminal: control characters as '?', cut to and padded to width
 * characters (width 0: as it is). */
void render_text(FILE *fp, const char *s, int width);

/* An HTML report page up to the end of its first paragraph: <head> with
 * the shared style, <h1>heading</h1>, model, test, documents and date. */
void render_html_begin(FILE *fp, const char *heading, const char *model, const char *test, uint64_t n,
                       const char *created);
/* The closing note (version, schema, bootstrap) and the end of the page. */
void render_html_end(FILE *fp, int schema, int bootstrap, unsigned seed);
/* A horizontal bar chart of values in 0..1, one bar a label. */
void render_svg_bars(FILE *fp, int k, char *const *labels, const double *v, const char *aria);
/* <?xml ...?><testsuites><testsuite name="name test" tests= failures=> */
void render_junit_begin(FILE *fp, const char *name, const char *test, int tests, int failures);

/* The formats of a report. */
typedef enum report_format { REP_TEXT, REP_JSON, REP_MD, REP_HTML } report_format;
/* The format named s ("text", "json", "md"/"markdown", "html"), or -1. */
int report_format_parse(const char *s);
/* The format for a file name by extension (.json .md .html .htm .txt), or -1. */
int report_format_for(const char *path);

#endif
