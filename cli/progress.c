/*
 * progress.c - the one renderer of the library's progress events
 * (progress_event, features/base.h), and when to use colour.
 *
 * On a terminal: one line, rewritten in place at most ten times a
 * second, with the contexts (the setting of a search, the fold), the
 * phase, what is done of the total, the rate and the time left.  In a
 * log (standard error not a terminal): the same facts as plain lines,
 * one at each change of phase or context (at most one a second) and one
 * every interval
 * (TASNIF_PROGRESS_INTERVAL seconds, default 10); under --progress auto
 * the first comes only once the run has lasted an interval, so that
 * short runs stay quiet, under always from the start.  TERM=dumb: no
 * escape sequences (the line is cleared with spaces).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "common.h"

static struct {
    int mode;               /* CLI_WHEN_AUTO, _ALWAYS, _NEVER */
    int tty, dumb;
    double interval;        /* seconds between plain lines */
    double start, last;     /* the run's start; the last line's time */
    int shown;              /* a terminal line is up */
    size_t width;           /* its length */
    int plain;              /* plain lines have begun */
    char setting[600], fold[48];
    char phase[32];
    const char *unit;
    double phase_start;
    uint64_t done, total, docs;
} prog = {CLI_WHEN_NEVER, 0, 0, 10, 0, 0, 0, 0, 0, "", "", "", NULL, 0, 0, 0, 0};

static const char *const when_names[] = {"auto", "always", "never"};

int cli_parse_when(const opt_def *o, const char *arg, char *why, size_t whylen)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(arg, when_names[i]) == 0) {
            *(int *)o->dest = i;
            return 0;
        }
    snprintf(why, whylen, "--%s must be auto, always or never, not '%s'", o->name, arg);
    return -1;
}

static int dumb_terminal(void)
{
    const char *t = getenv("TERM");
    return t && strcmp(t, "dumb") == 0;
}

int cli_colour(int fd, int when)
{
    if (when != CLI_WHEN_AUTO)
        return when == CLI_WHEN_ALWAYS;
    const char *no = getenv("NO_COLOR");
    return isatty(fd) && !(no && no[0]) && !dumb_terminal();
}

void cli_progress_setup(int when)
{
    prog.mode = when;
    prog.tty = isatty(2);
    prog.dumb = dumb_terminal();
    prog.start = prog.last = now_seconds();
    prog.shown = prog.plain = 0;
    prog.setting[0] = prog.fold[0] = prog.phase[0] = '\0';
    const char *iv = getenv("TASNIF_PROGRESS_INTERVAL");
    double v;
    prog.interval = iv && num_parse(iv, 0, 0, 86400, 0, &v) == 0 ? v : 10;
}

int cli_progress_on(void)
{
    return prog.mode != CLI_WHEN_NEVER;
}

/* "12.3/45.6 MB", "3/10 classifiers", "13000 documents" */
static int amount(char *buf, size_t cap, const char *unit, uint64_t done, uint64_t total)
{
    int mb = unit && strcmp(unit, "bytes") == 0;
    double d = mb ? (double)done / 1048576.0 : (double)done, t = mb ? (double)total / 1048576.0 : (double)total;
    const char *u = mb ? "MB" : unit ? unit : "";
    if (total)
        return snprintf(buf, cap, mb ? "%.1f/%.1f %s (%.0f%%)" : "%.0f/%.0f %s (%.0f%%)", d < t ? d : t, t, u,
                        100.0 * (d < t ? d : t) / t);
    return snprintf(buf, cap, mb ? "%.1f %s" : "%.0f %s", d, u);
}

/* The line: contexts, phase, amount, documents, rate and time left. */
static void compose(char *line, size_t cap, double now)
{
    size_t n = (size_t)snprintf(line, cap, "tasnif: %s%s%s%s%s", prog.setting,
                                prog.setting[0] && (prog.fold[0] || prog.phase[0]) ? ", " : "", prog.fold,
                                prog.fold[0] && prog.phase[0] ? ", " : "", prog.phase);
    if (n < cap && (prog.done || prog.total)) {
        line[n++] = ' ';
        n += (size_t)amount(line + n, cap - n, prog.unit, prog.done, prog.total);
    }
    if (n < cap && prog.docs && prog.unit && strcmp(prog.unit, "documents") != 0)
        n += (size_t)snprintf(line + n, cap - n, ", %llu documents", (unsigned long long)prog.docs);
    double el = now - prog.phase_start;
    if (n < cap && el >= 1 && prog.done) {
        double rate = (double)prog.done / el;
        char r[64];
        amount(r, sizeof r, prog.unit, (uint64_t)rate, 0);
        n += (size_t)snprintf(line + n, cap - n, ", %s/s", r);
        if (n < cap && prog.total > prog.done)
            n += (size_t)snprintf(line + n, cap - n, ", ETA %.0f s", ceil((double)(prog.total - prog.done) / rate));
    }
}

/* The terminal's line, rewritten (or cleared, line NULL). */
static void terminal_line(const char *line)
{
    size_t len = line ? strlen(line) : 0;
    fputc('\r', stderr);
    if (line)
        fputs(line, stderr);
    if (!prog.dumb)
        fputs("\033[K", stderr);
    else
        for (size_t i = len; i < prog.width; i++)
            fputc(' ', stderr);
    if (prog.dumb && !line)
        fputc('\r', stderr);
    fflush(stderr);
    prog.width = len > prog.width || !line ? len : prog.width;
    prog.shown = line != NULL;
}

/* Take in a context: a setting clears the fold inside it. */
static void take_context(const progress_event *e)
{
    char *dst = strcmp(e->phase, "setting") == 0 ? prog.setting : prog.fold;
    size_t cap = dst == prog.setting ? sizeof prog.setting : sizeof prog.fold;
    snprintf(dst, cap, "%s %llu/%llu%s%s%s", e->phase, (unsigned long long)e->done, (unsigned long long)e->total,
             e->note ? " (" : "", e->note ? e->note : "", e->note ? ")" : "");
    if (dst == prog.setting)
        prog.fold[0] = '\0';
    prog.phase[0] = '\0';
    prog.done = prog.total = prog.docs = 0;
}

void cli_progress(void *user, const progress_event *e)
{
    (void)user;
    if (prog.mode == CLI_WHEN_NEVER)
        return;
    double now = now_seconds();
    int change = e->context || strcmp(prog.phase, e->phase) != 0;
    if (e->context)
        take_context(e);
    else {
        if (change) {
            snprintf(prog.phase, sizeof prog.phase, "%s", e->phase);
            prog.phase_start = now;
        }
        prog.unit = e->unit;
        prog.done = e->done;
        prog.total = e->total;
        prog.docs = e->docs;
    }
    char line[1024];
    if (prog.tty) {
        if (!change && now - prog.last < 0.1)
            return;
        compose(line, sizeof line, now);
        terminal_line(line);
        prog.last = now;
        return;
    }
    if (!prog.plain && prog.mode == CLI_WHEN_AUTO && now - prog.start < prog.interval)
        return; /* a short run says nothing */
    if (prog.plain && now - prog.last < (change ? fmin(1.0, prog.interval) : prog.interval))
        return; /* a change at most once a second, else once an interval */
    compose(line, sizeof line, now);
    fprintf(stderr, "%s\n", line);
    fflush(stderr);
    prog.plain = 1;
    prog.last = now;
}

void cli_progress_done(void)
{
    if (prog.shown)
        terminal_line(NULL);
}
