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
/* s as the data (message) of a GitHub Actions workflow command: '%',
 * CR and LF as %25, %0D and %0A; and as a property value (file=, title=):
 * ':' and ',' as %3A and %2C too.  Into buf (cap bytes), cut whole. */
void render_gh_data(const char *s, char *buf, size_t cap);
void render_gh_property(const char *s, char *buf, size_t cap);

/* A writer of obj in format f to fp: @return 0 or a negative code. */
typedef int (*render_fn)(const void *obj, int f, FILE *fp);
/* fn's output in memory: *buf (malloc'd, the caller frees it) of *len
 * bytes.  @return 0 or TASNIF_ENOMEM. */
int render_memory(render_fn fn, const void *obj, int f, char **buf, size_t *len);
struct tasnif_err;
/* fn's output written to path atomically (file_write_atomic, what naming
 * it): a failed write leaves an earlier file untouched.  @return 0 or a
 * negative code with err set. */
int render_save(render_fn fn, const void *obj, int f, const char *path, const char *what, struct tasnif_err *err);

/* The formats of a report. */
typedef enum report_format { REP_TEXT, REP_JSON, REP_MD, REP_HTML, REP_JUNIT } report_format;
/* The format named s ("text", "json", "md"/"markdown", "html", "junit"), or -1. */
int report_format_parse(const char *s);
/* The format for a file name by extension (.json .md .html .htm .txt .xml), or -1. */
int report_format_for(const char *path);

#endif
