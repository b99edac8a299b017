/*
 * report_junit.c - evaluation reports as JUnit XML, as the JUnit plugin
 * of Jenkins defines it (junit-10.xsd) and GitLab's unit test reports
 * read it: <testsuites> holds one <testsuite> per test file, one of the
 * gates and one of a comparison; a suite has name, tests, failures,
 * errors, time and timestamp; a test case has name, classname and time,
 * and a failed one a <failure> whose message and text both give the
 * reason (GitLab shows the text, Jenkins the message).  Class names are
 * tasnif.label, tasnif.gate and tasnif.compare.
 */
#include <stdlib.h>
#include <string.h>
#include "compare.h"
#include "report_common.h"

void report_junit_time(const char *created, char *buf)
{
    snprintf(buf, 32, "%.19s", created);
}

static void junit_begin(FILE *fp, const char *name, int tests, int failures, double seconds)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"", fp);
    render_html(fp, name);
    fprintf(fp, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" time=\"%.3f\">\n", tests, failures,
            seconds > 0 ? seconds : 0);
}

static void junit_end(FILE *fp)
{
    fputs("</testsuites>\n", fp);
}

/* <testsuite name="name: what" tests= failures= errors= time= timestamp=> */
static void suite_begin(FILE *fp, const char *name, const char *what, int tests, int failures, double seconds,
                        const char *timestamp)
{
    fputs("<testsuite name=\"", fp);
    render_html(fp, name);
    fputs(": ", fp);
    render_html(fp, what);
    fprintf(fp, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\" timestamp=\"%s\">\n", tests,
            failures, seconds > 0 ? seconds : 0, timestamp);
}

static void junit_files(FILE *fp, const char *name, const report_file *f, int n, const char *const *names, int k,
                        char *const *labels, const char *timestamp)
{
    for (int i = 0; i < n; i++) {
        suite_begin(fp, name, f[i].name, k, 0, f[i].seconds, timestamp);
        fprintf(fp, "<properties>\n<property name=\"documents\" value=\"%zu\"/>\n", f[i].n);
        for (int j = 0; j < f[i].nfig; j++)
            fprintf(fp, "<property name=\"%s\" value=\"%.4f\"/>\n", names[j], f[i].fig[j]);
        fputs("</properties>\n", fp);
        for (int l = 0; l < k; l++) {
            fputs("<testcase classname=\"tasnif.label\" name=\"", fp);
            render_html(fp, labels[l]);
            fprintf(fp, "\" time=\"0\"><system-out>precision %.4f recall %.4f f1 %.4f support %llu</system-out>"
                        "</testcase>\n", f[i].prec[l], f[i].rec[l], f[i].f1[l], (unsigned long long)f[i].support[l]);
        }
        fputs("</testsuite>\n", fp);
    }
}

/* A gate as a test name: "macro_f1 >= 0.8000", "macro_f1 drop <= 1.00 points". */
static void gate_name(FILE *fp, const report_gate *g)
{
    render_html(fp, g->metric);
    if (g->is_drop)
        fprintf(fp, " drop &lt;= %.2f points%s", g->limit, g->significance > 0 ? " (significant)" : "");
    else
        fprintf(fp, " %s %.4f", g->at_most ? "&lt;=" : "&gt;=", g->limit);
}

static void junit_gates(FILE *fp, const char *name, const report_gate *g, int n, const char *timestamp)
{
    if (!n)
        return;
    suite_begin(fp, name, "gates", n, report_gates_failed(g, n), 0, timestamp);
    for (int i = 0; i < n; i++) {
        fputs("<testcase classname=\"tasnif.gate\" name=\"", fp);
        gate_name(fp, &g[i]);
        fputs("\" time=\"0\">", fp);
        if (!g[i].pass) {
            char msg[600];
            report_gate_message(&g[i], msg, sizeof msg);
            fputs("<failure type=\"tasnif.gate\" message=\"", fp);
            render_html(fp, msg);
            fputs("\">", fp);
            render_html(fp, msg);
            fputs("</failure>", fp);
        } else if (g[i].known) {
            fprintf(fp, "<system-out>%s %.4f</system-out>", g[i].is_drop ? "drop (points)" : "value", g[i].value);
        }
        fputs("</testcase>\n", fp);
    }
    fputs("</testsuite>\n", fp);
}

void report_junit_write(FILE *fp, const report_junit_doc *d)
{
    char ts[32];
    report_junit_time(d->created, ts);
    double seconds = 0;
    for (int i = 0; i < d->nfiles; i++)
        seconds += d->files[i].seconds;
    int tests = d->nfiles * d->k + d->ngates + (d->cmp ? d->cmp->nmetrics : 0) + (d->extra ? d->extra_tests : 0);
    junit_begin(fp, "tasnif eval", tests, report_gates_failed(d->gates, d->ngates), seconds);
    junit_files(fp, "tasnif eval", d->files, d->nfiles, d->fig_names, d->k, d->labels, ts);
    junit_gates(fp, "tasnif eval", d->gates, d->ngates, ts);
    if (d->cmp)
        compare_write_junit(fp, d->cmp, ts);
    if (d->extra)
        fputs(d->extra, fp);
    junit_end(fp);
}
