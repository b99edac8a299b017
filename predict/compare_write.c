/*
 * compare_write.c - a paired comparison (compare.h) in every format of
 * the evaluation reports: changes in percentage points, new minus old,
 * with their paired intervals and McNemar's test.
 */
#include <math.h>
#include <string.h>
#include "compare.h"

/* The change of m in points and its interval. */
static void points(const compare_metric *m, double *d, double *lo, double *hi)
{
    *d = 100 * m->diff;
    *lo = 100 * m->lo;
    *hi = 100 * m->hi;
}

/* Is m's change told from no change (its interval excludes 0)? */
static int significant(const compare_result *c, const compare_metric *m)
{
    return c->bootstrap > 0 && (m->lo > 0 || m->hi < 0);
}

/* Is m's change for the worse? */
static int worse(const compare_metric *m)
{
    return m->at_most ? m->diff > 0 : m->diff < 0;
}

static const char *right_word(const compare_result *c)
{
    return c->sets ? "exact match" : "accuracy";
}

static double level_pct(const compare_result *c)
{
    return 100 * c->level;
}

void compare_write_text(FILE *fp, const compare_result *c, int colour)
{
    const char *red = colour ? "\033[31m" : "", *off = colour ? "\033[0m" : "";
    fputs("\ncomparison with ", fp);
    render_text(fp, c->old_model, 0);
    fprintf(fp, " on the same %llu documents (new - old, points", (unsigned long long)c->n);
    if (c->bootstrap)
        fprintf(fp, "; paired bootstrap, %d resamples, seed %u, %g%% intervals", c->bootstrap, c->seed,
                level_pct(c));
    fprintf(fp, ")\n  %-16s %8s %8s %8s%s\n", "metric", "new", "old", "change", c->bootstrap ? "  interval" : "");
    for (int i = 0; i < c->nmetrics; i++) {
        const compare_metric *m = &c->m[i];
        double d, lo, hi;
        points(m, &d, &lo, &hi);
        int bad = worse(m) && significant(c, m);
        fprintf(fp, "  %-16s %8.4f %8.4f %s%+8.2f%s", m->name, m->now, m->old, bad ? red : "", d, bad ? off : "");
        if (c->bootstrap)
            fprintf(fp, "  [%+.2f, %+.2f]%s", lo, hi, significant(c, m) ? " *" : "");
        fputc('\n', fp);
    }
    if (c->bootstrap)
        fputs("  (* the interval excludes 0)\n", fp);
    fprintf(fp, "McNemar's exact test on %s: %llu documents right with the new model only, %llu with the old "
                "only; p = %.4g\n", right_word(c), (unsigned long long)c->new_only, (unsigned long long)c->old_only,
            c->mcnemar_p);
}

void compare_write_md(FILE *fp, const compare_result *c)
{
    fputs("\n### Comparison with `", fp);
    render_md(fp, c->old_model);
    fprintf(fp, "` on the same %llu documents\n\n| metric | new | old | change (points) |%s\n| --- | ---: | ---: | ---: |%s\n",
            (unsigned long long)c->n, c->bootstrap ? " paired interval |" : "", c->bootstrap ? " --- |" : "");
    for (int i = 0; i < c->nmetrics; i++) {
        const compare_metric *m = &c->m[i];
        double d, lo, hi;
        points(m, &d, &lo, &hi);
        int strong = significant(c, m);
        fprintf(fp, "| %s | %.4f | %.4f | %s%+.2f%s |", m->name, m->now, m->old, strong ? "**" : "", d,
                strong ? "**" : "");
        if (c->bootstrap)
            fprintf(fp, " %+.2f – %+.2f |", lo, hi);
        fputc('\n', fp);
    }
    if (c->bootstrap)
        fprintf(fp, "\nPaired bootstrap, %d resamples, seed %u, %g%% intervals; **bold**: the interval excludes "
                    "0.", c->bootstrap, c->seed, level_pct(c));
    fprintf(fp, "%sMcNemar's exact test on %s: %llu right with the new model only, %llu with the old only, "
                "p = %.4g.\n", c->bootstrap ? " " : "\n", right_word(c), (unsigned long long)c->new_only,
            (unsigned long long)c->old_only, c->mcnemar_p);
}

void compare_write_html(FILE *fp, const compare_result *c)
{
    fputs("<h2>Comparison with <code>", fp);
    render_html(fp, c->old_model);
    fprintf(fp, "</code></h2>\n<p>The same %llu documents; changes are new minus old, in points.", (unsigned long long)c->n);
    if (c->bootstrap)
        fprintf(fp, " Paired bootstrap, %d resamples, seed %u, %g%% intervals.", c->bootstrap, c->seed, level_pct(c));
    fprintf(fp, "</p>\n<table>\n<tr><th>metric</th><th>new</th><th>old</th><th>change</th>%s</tr>\n",
            c->bootstrap ? "<th>paired interval</th>" : "");
    for (int i = 0; i < c->nmetrics; i++) {
        const compare_metric *m = &c->m[i];
        double d, lo, hi;
        points(m, &d, &lo, &hi);
        const char *cls = !significant(c, m) ? "" : worse(m) ? " class=\"neg\"" : " class=\"pos\"";
        fprintf(fp, "<tr><td>%s</td><td>%.4f</td><td>%.4f</td><td%s>%+.2f</td>", m->name, m->now, m->old, cls, d);
        if (c->bootstrap)
            fprintf(fp, "<td>%+.2f – %+.2f</td>", lo, hi);
        fputs("</tr>\n", fp);
    }
    fprintf(fp, "</table>\n<p>McNemar's exact test on %s: %llu right with the new model only, %llu with the old "
                "only, p = %.4g.</p>\n", right_word(c), (unsigned long long)c->new_only,
            (unsigned long long)c->old_only, c->mcnemar_p);
}

void compare_write_json(FILE *fp, const compare_result *c)
{
    fputs(",\n  \"comparison\": {\"model\": ", fp);
    render_json_string(fp, c->old_model);
    fprintf(fp, ", \"documents\": %llu, \"method\": \"paired bootstrap\", \"level\": ", (unsigned long long)c->n);
    render_json_number(fp, c->level, -1);
    fprintf(fp, ", \"resamples\": %d, \"seed\": %u, \"significance\": ", c->bootstrap, c->seed);
    if (c->significance > 0)
        render_json_number(fp, c->significance, -1);
    else
        fputs("null", fp);
    fputs(", \"metrics\": {", fp);
    for (int i = 0; i < c->nmetrics; i++) {
        const compare_metric *m = &c->m[i];
        double d, lo, hi;
        points(m, &d, &lo, &hi);
        fprintf(fp, "%s\n    \"%s\": {\"new\": ", i ? "," : "", m->name);
        render_json_number(fp, m->now, -1);
        fputs(", \"old\": ", fp);
        render_json_number(fp, m->old, -1);
        fputs(", \"difference_points\": ", fp);
        render_json_number(fp, d, -1);
        if (c->bootstrap) {
            fputs(", \"interval_points\": [", fp);
            render_json_number(fp, lo, -1);
            fputs(", ", fp);
            render_json_number(fp, hi, -1);
            fputc(']', fp);
        }
        fprintf(fp, ", \"significant\": %s}", significant(c, m) ? "true" : "false");
    }
    fprintf(fp, "\n  }, \"mcnemar\": {\"metric\": \"%s\", \"both_right\": %llu, \"new_only\": %llu, \"old_only\": %llu, "
                "\"both_wrong\": %llu, \"p_value\": ", c->sets ? "exact_match" : "accuracy",
            (unsigned long long)c->both_right, (unsigned long long)c->new_only, (unsigned long long)c->old_only,
            (unsigned long long)c->both_wrong);
    render_json_number(fp, c->mcnemar_p, -1);
    fputs("}}", fp);
}

void compare_write_junit(FILE *fp, const compare_result *c, const char *timestamp)
{
    fputs("<testsuite name=\"tasnif eval: comparison with ", fp);
    render_html(fp, c->old_model);
    fprintf(fp, "\" tests=\"%d\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\" timestamp=\"%s\">\n",
            c->nmetrics, timestamp);
    for (int i = 0; i < c->nmetrics; i++) {
        const compare_metric *m = &c->m[i];
        double d, lo, hi;
        points(m, &d, &lo, &hi);
        fprintf(fp, "<testcase classname=\"tasnif.compare\" name=\"%s\" time=\"0\"><system-out>new %.4f old %.4f "
                    "change %+.2f points", m->name, m->now, m->old, d);
        if (c->bootstrap)
            fprintf(fp, " [%+.2f, %+.2f]%s", lo, hi, significant(c, m) ? " significant" : "");
        fputs("</system-out></testcase>\n", fp);
    }
    fputs("</testsuite>\n", fp);
}
