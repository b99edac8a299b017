/*
 * report_util.h - what the single-label report (report.c, report_fmt.c)
 * and the multi-label report (mlreport.c, mlreport_fmt.c) share: escaping
 * for HTML/XML, Markdown and terminal text, JSON numbers, the seeded
 * bootstrap generator and percentiles, gate parsing, the HTML page frame
 * and the SVG bar chart.  Private.
 */
#ifndef TASNIF_REPORT_UTIL_H
#define TASNIF_REPORT_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include "report.h"

/* s escaped for HTML text and attributes, and for XML 1.0 (control
 * characters, which XML forbids even escaped, become U+FFFD). */
void report_html_escape(FILE *fp, const char *s);
/* s escaped for a Markdown table cell. */
void report_md_escape(FILE *fp, const char *s);
/* s for a terminal, control characters as '?', cut to and padded to
 * width bytes (width 0: as it is). */
void report_text_label(FILE *fp, const char *s, int width);
/* A JSON number, null for NaN and infinities. */
void report_json_num(FILE *fp, double v);

/* The bootstrap's xorshift generator: state from a seed, next value. */
uint64_t report_rand_init(unsigned seed);
uint64_t report_rand(uint64_t *s);
/* The q-th quantile (0..1, linear interpolation) of v[0..n); sorts v. */
double report_percentile(double *v, int n, double q);

/* Append the gates of "name=value,name=value" to *gates (is_drop as
 * given).  @return 0, or -1 with *bad naming the bad item. */
int report_gates_parse(report_gate **gates, int *ngates, const char *spec, int is_drop, const char **bad);

/* Set the measured value of a gate (NaN: no such metric) and judge it. */
void report_gate_set(report_gate *g, double value);
/* @return how many of the n gates failed. */
int report_gates_failed(const report_gate *g, int n);
/* The gates as a text section, Markdown table, HTML section, the JSON
 * "gates" and "passed" members up to the closing brace of the report,
 * and JUnit test cases; nothing for n = 0 except in JSON. */
void report_gates_text(FILE *fp, const report_gate *g, int n, int colour);
void report_gates_md(FILE *fp, const report_gate *g, int n);
void report_gates_html(FILE *fp, const report_gate *g, int n);
void report_gates_json(FILE *fp, const report_gate *g, int n);
void report_gates_junit(FILE *fp, const report_gate *g, int n);
/* <testsuites><testsuite name="name test" tests= failures=> */
void report_junit_begin(FILE *fp, const char *name, const char *test, int tests, int failures);

/* The JSON report from its opening brace to the labels array: schema,
 * schema_version, tasnif_version, created, model, test, documents, labels. */
void report_json_begin(FILE *fp, const char *schema, int version, const char *created, const char *model,
                       const char *test, uint64_t n, int k, char *const *labels);
/* "key": [{label, precision, recall, f1, support, predicted}, ...] */
void report_json_labels(FILE *fp, const char *key, int k, char *const *labels, const double *prec,
                        const double *rec, const double *f1, const uint64_t *support, const uint64_t *predicted);
/* The value of "f1:LABEL", "precision:LABEL" or "recall:LABEL", or NULL. */
const double *report_label_metric(const char *name, int k, char *const *labels, const double *prec,
                                  const double *rec, const double *f1);
/* The creation time stamp (UTC, ISO 8601) and the bootstrap defaults:
 * 1000 resamples, seed 1. */
void report_defaults(char *created, size_t cap, int *bootstrap, unsigned *seed);

/* The page up to the end of the first paragraph: <head> with the shared
 * style, <h1>heading</h1>, model, test, documents and date. */
void report_html_begin(FILE *fp, const char *heading, const char *model, const char *test, uint64_t n,
                       const char *created);
/* The closing note (version, schema, bootstrap) and the end of the page. */
void report_html_end(FILE *fp, int schema, int bootstrap, unsigned seed);
/* A horizontal bar chart of values in 0..1, one bar a label. */
void report_svg_bars(FILE *fp, int k, char *const *labels, const double *v, const char *aria);

#endif
