/*
 * report_files.c - the test files of an evaluation report: which
 * documents each holds, and its own figures in every format.  The
 * reports score every file on its own as well as all of them together;
 * gates and comparisons judge them together.
 */
#include <stdlib.h>
#include <string.h>
#include "../features/base.h"
#include "report_common.h"

int report_files_add(report_file **files, int *nfiles, const char *name, size_t n_before)
{
    report_file *f = realloc(*files, (size_t)(*nfiles + 1) * sizeof *f);
    if (!f)
        return TASNIF_ENOMEM;
    *files = f;
    f = &f[*nfiles];
    memset(f, 0, sizeof *f);
    f->first = n_before;
    if (!(f->name = strdup(name ? name : "")))
        return TASNIF_ENOMEM;
    (*nfiles)++;
    return 0;
}

int report_files_close(report_file *files, int nfiles, size_t total, int k)
{
    size_t kk = k > 0 ? (size_t)k : 1;
    for (int i = 0; i < nfiles; i++) {
        report_file *f = &files[i];
        size_t end = i + 1 < nfiles ? files[i + 1].first : total;
        f->n = end > f->first ? end - f->first : 0;
        if (!f->prec) {
            f->prec = calloc(3 * kk, sizeof *f->prec);
            f->support = calloc(kk, sizeof *f->support);
            if (!f->prec || !f->support)
                return TASNIF_ENOMEM;
            f->rec = f->prec + kk;
            f->f1 = f->prec + 2 * kk;
        }
    }
    return 0;
}

void report_files_free(report_file *files, int nfiles)
{
    for (int i = 0; i < nfiles; i++) {
        free(files[i].name);
        free(files[i].prec);
        free(files[i].support);
    }
    free(files);
}

void report_files_text(FILE *fp, const report_file *f, int n, const char *const *names)
{
    if (n < 2)
        return;
    fputs("\nper test file\n  documents", fp);
    for (int j = 0; j < f[0].nfig; j++)
        fprintf(fp, " %12s", names[j]);
    fputs("  file\n", fp);
    for (int i = 0; i < n; i++) {
        fprintf(fp, "  %9zu", f[i].n);
        for (int j = 0; j < f[i].nfig; j++)
            fprintf(fp, " %12.4f", f[i].fig[j]);
        fputs("  ", fp);
        render_text(fp, f[i].name, 0);
        fputc('\n', fp);
    }
}

void report_files_md(FILE *fp, const report_file *f, int n, const char *const *names)
{
    if (n < 2)
        return;
    fputs("\n| test file | documents |", fp);
    for (int j = 0; j < f[0].nfig; j++)
        fprintf(fp, " %s |", names[j]);
    fputs("\n| --- | ---: |", fp);
    for (int j = 0; j < f[0].nfig; j++)
        fputs(" ---: |", fp);
    fputc('\n', fp);
    for (int i = 0; i < n; i++) {
        fputs("| ", fp);
        render_md(fp, f[i].name);
        fprintf(fp, " | %zu |", f[i].n);
        for (int j = 0; j < f[i].nfig; j++)
            fprintf(fp, " %.4f |", f[i].fig[j]);
        fputc('\n', fp);
    }
}

void report_files_html(FILE *fp, const report_file *f, int n, const char *const *names)
{
    if (n < 2)
        return;
    fputs("<h2>Per test file</h2>\n<table>\n<tr><th>test file</th><th>documents</th>", fp);
    for (int j = 0; j < f[0].nfig; j++)
        fprintf(fp, "<th>%s</th>", names[j]);
    fputs("</tr>\n", fp);
    for (int i = 0; i < n; i++) {
        fputs("<tr><td><code>", fp);
        render_html(fp, f[i].name);
        fprintf(fp, "</code></td><td>%zu</td>", f[i].n);
        for (int j = 0; j < f[i].nfig; j++)
            fprintf(fp, "<td>%.4f</td>", f[i].fig[j]);
        fputs("</tr>\n", fp);
    }
    fputs("</table>\n", fp);
}

void report_files_json(FILE *fp, const report_file *f, int n, const char *const *names)
{
    fputs(",\n  \"files\": [", fp);
    for (int i = 0; i < n; i++) {
        fputs(i ? ",\n    {\"path\": " : "\n    {\"path\": ", fp);
        render_json_string(fp, f[i].name);
        fprintf(fp, ", \"documents\": %zu, \"seconds\": ", f[i].n);
        render_json_number(fp, f[i].seconds, 3);
        for (int j = 0; j < f[i].nfig; j++) {
            fprintf(fp, ", \"%s\": ", names[j]);
            render_json_number(fp, f[i].fig[j], -1);
        }
        fputc('}', fp);
    }
    fputs(n ? "\n  ]" : "]", fp);
}
