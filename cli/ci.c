/*
 * ci.c - what the commands tell a CI system: under --ci github (the
 * default when GITHUB_ACTIONS=true) a bad corpus line, a skipped document
 * and a failed gate go to standard error as GitHub Actions workflow
 * commands (::error file=F,line=L,title=T::message, escaped by GitHub's
 * rules), which the runner shows in the log and as annotations, in place
 * of the plain "tasnif: ..." line; the plain lines of every other run
 * match the problem matcher in docs/ci/tasnif-matcher.json.
 */
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "../predict/render.h"

static int github;

int cli_parse_ci(const opt_def *o, const char *arg, char *why, size_t whylen)
{
    static const char *const names[] = {"auto", "github", "none"};
    for (int i = 0; i < 3; i++)
        if (strcmp(arg, names[i]) == 0) {
            *(int *)o->dest = i;
            return 0;
        }
    snprintf(why, whylen, "--%s must be auto, github or none, not '%s'", o->name, arg);
    return -1;
}

void cli_ci_setup(int ci)
{
    const char *gh = getenv("GITHUB_ACTIONS");
    github = ci == CLI_CI_GITHUB || (ci == CLI_CI_AUTO && gh && strcmp(gh, "true") == 0);
}

int cli_ci_github(void)
{
    return github;
}

void cli_annotate(const char *level, const char *file, long line, const char *title, const char *msg)
{
    char f[2048], t[512], m[4096];
    render_gh_property(title, t, sizeof t);
    render_gh_data(msg, m, sizeof m);
    cli_progress_done();
    fprintf(stderr, "::%s ", level);
    if (file && file[0]) {
        render_gh_property(file, f, sizeof f);
        fprintf(stderr, "file=%s,", f);
        if (line > 0)
            fprintf(stderr, "line=%ld,", line);
    }
    fprintf(stderr, "title=%s::%s\n", t, m);
}

/* err's message without its "file:line: " (or "file: ") prefix. */
static const char *bare_message(const tasnif_err *err)
{
    size_t fl = strlen(err->file);
    const char *m = err->msg;
    if (fl && strncmp(m, err->file, fl) == 0 && m[fl] == ':') {
        m += fl + 1;
        while (*m >= '0' && *m <= '9')
            m++;
        if (*m == ':')
            m++;
        while (*m == ' ')
            m++;
    }
    return m;
}

int cli_ci_error(const tasnif_err *err)
{
    if (!github || !err->file[0])
        return 0;
    cli_annotate("error", err->file, err->line, "tasnif", bare_message(err));
    return 1;
}

int cli_fail(const tasnif_err *err)
{
    cli_progress_done();
    if (!cli_ci_error(err))
        fprintf(stderr, "tasnif: %s\n", err->msg[0] ? err->msg : tasnif_strerror(err->code));
    return err->code == TASNIF_EARG ? EXIT_USAGE : EXIT_FAIL;
}

void cli_skipped(const tasnif_err *e)
{
    cli_progress_done();
    if (github && e->file[0])
        cli_annotate("warning", e->file, e->line, "tasnif: skipped a bad document", bare_message(e));
    else
        fprintf(stderr, "tasnif: skipped %s\n", e->msg);
}

void cli_gate_failed(const char *what, const report_gate *g)
{
    char msg[600];
    report_gate_message(g, msg, sizeof msg);
    cli_progress_done();
    if (github) {
        char title[128];
        snprintf(title, sizeof title, "%s: gate failed", what);
        cli_annotate("error", NULL, 0, title, msg);
    } else
        fprintf(stderr, "tasnif: gate failed: %s\n", msg);
}

int cli_append_summary(const char *path, const char *buf, size_t len)
{
    tasnif_err err = {0};
    if (file_append(path, buf, len, "summary", &err) < 0) {
        cli_fail(&err);
        return -1;
    }
    return 0;
}
