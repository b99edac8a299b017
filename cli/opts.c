/*
 * opts.c - getopt_long driven by an opt_def table, and help text from the
 * same table.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "opts.h"
#include "tasnif.h"
#include "../features/base.h"

/* The options the last opts_parse saw on the command line, by index in
 * its table (a command parses once). */
static const cmd_spec *given_cmd;
static unsigned char given[128];

int opts_given(const cmd_spec *cmd, const char *name)
{
    for (int i = 0; cmd == given_cmd && cmd->opts[i].name && i < 128; i++)
        if (strcmp(cmd->opts[i].name, name) == 0 && given[i])
            return 1;
    return 0;
}

static int is_numeric(const opt_def *o)
{
    return o->type == OPT_INT || o->type == OPT_LONG || o->type == OPT_DOUBLE;
}

static int is_whole(const opt_def *o)
{
    return o->type == OPT_INT || o->type == OPT_LONG || (o->flags & OPT_WHOLE);
}

static int has_range(const opt_def *o)
{
    return o->min != 0 || o->max != 0;
}

/* o's range in words: long ("a whole number from 1 to 64") for messages,
 * short ("1 to 64") for --help. */
void opts_range_text(const opt_def *o, int lng, char *buf, size_t n)
{
    const char *what = !lng ? "" : is_whole(o) ? "a whole number " : "a finite number ";
    const char *gt = o->flags & OPT_ABOVE_MIN ? ">" : ">=";
    if (isinf(o->min) && isinf(o->max))
        snprintf(buf, n, "%s", lng ? "a finite number" : "any number");
    else if (isinf(o->max))
        snprintf(buf, n, "%s%s %.16g", what, gt, o->min);
    else if (o->flags & OPT_ABOVE_MIN)
        snprintf(buf, n, "%s> %.16g and <= %.16g", what, o->min, o->max);
    else
        snprintf(buf, n, "%s%s%.16g to %.16g", what, lng ? "from " : "", o->min, o->max);
}

int opts_number(const opt_def *o, const char *text, const char *shown, double *out, char *why, size_t whylen)
{
    if (num_parse(text, is_whole(o), o->min, o->max, (o->flags & OPT_ABOVE_MIN) != 0, out) == 0)
        return 0;
    char range[96];
    opts_range_text(o, 1, range, sizeof range);
    snprintf(why, whylen, "--%s must be %s, not '%s'", o->name, range, shown ? shown : text);
    return -1;
}

static void print_help(const cmd_spec *cmd)
{
    printf("Usage: tasnif %s %s\n\n%s\n\nOptions:\n", cmd->name, cmd->usage, cmd->summary);
    for (const opt_def *o = cmd->opts; o->name; o++) {
        if (o->flags & OPT_HIDDEN)
            continue;
        char left[96];
        int n = 0;
        if (o->key)
            n = snprintf(left, sizeof left, "  -%c, --%s", o->key, o->name);
        else
            n = snprintf(left, sizeof left, "      --%s", o->name);
        if (o->arg && n > 0 && (size_t)n < sizeof left)
            snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg);
        printf("%-30s %s", left, o->help);
        char range[96] = "";
        if (has_range(o))
            opts_range_text(o, 0, range, sizeof range);
        if (o->def && range[0])
            printf(" (default: %s; %s)", o->def, range);
        else if (o->def)
            printf(" (default: %s)", o->def);
        else if (range[0])
            printf(" (%s)", range);
        printf("\n");
    }
    printf("  -%c, --%-22s %s\n", '?', "help", "show this help and exit");
    printf("      --%-22s %s\n", "version", "show the version and exit");
    if (cmd->epilog)
        printf("\n%s", cmd->epilog);
}

int opts_help(const cmd_spec *cmd)
{
    print_help(cmd);
    return cli_flush_stdout();
}

/* Levenshtein distance of a and b, capped at 9. */
static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 9;
    int row[41];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[lb] < 9 ? row[lb] : 9;
}

const char *opts_closest(const char *s, const char *const *names, int n)
{
    const char *best = NULL;
    int bd = 3;
    for (int i = 0; i < n; i++) {
        int d = distance(s, names[i]);
        if (d < bd && 2 * (size_t)d < strlen(s)) {
            bd = d;
            best = names[i];
        }
    }
    return best;
}

/* " (did you mean '--NAME'?)" for an unknown option arg ("--fail-undr", or "-t": the one option that starts with
 * that letter and has none of its own), or "". */
static void suggestion(const cmd_spec *cmd, const char *arg, char *buf, size_t cap)
{
    const char *names[130], *hit = NULL;
    int n = 0, letters = 0;
    for (const opt_def *o = cmd->opts; o->name && n < 128; o++)
        if (!(o->flags & OPT_HIDDEN)) {
            names[n++] = o->name;
            if (arg[0] == '-' && arg[1] != '-' && o->name[0] == arg[1] && !o->key && letters++ == 0)
                hit = o->name;
        }
    names[n++] = "help";
    names[n++] = "version";
    if (arg[0] == '-' && arg[1] == '-') {
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(arg + 2, "="), arg + 2);
        hit = opts_closest(name, names, n);
    } else if (letters != 1)
        hit = NULL;
    buf[0] = '\0';
    if (hit)
        snprintf(buf, cap, " (did you mean '--%s'?)", hit);
}

int opts_usage_error(const cmd_spec *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "tasnif %s: ", cmd->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nUsage: tasnif %s %s\nTry 'tasnif %s --help' for more information.\n",
            cmd->name, cmd->usage, cmd->name);
    return EXIT_USAGE;
}

int cli_flush_stdout(void)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "tasnif: cannot write the output: %s\n", strerror(errno ? errno : EIO));
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

int opts_stderr_tty(void)
{
    return isatty(2);
}

/* Store arg, the value of o, in o->dest.  @return 0, or -1 with why set
 * (or left empty for a generic message). */
static int set_value(const opt_def *o, const char *arg, char *why, size_t whylen)
{
    double v;
    switch (o->type) {
    case OPT_SET:
        *(int *)o->dest = o->value;
        break;
    case OPT_INT:
    case OPT_LONG:
    case OPT_DOUBLE:
        if (opts_number(o, arg, NULL, &v, why, whylen) < 0)
            return -1;
        if (o->type == OPT_INT)
            *(int *)o->dest = (int)v;
        else if (o->type == OPT_LONG)
            *(long long *)o->dest = (long long)v;
        else
            *(double *)o->dest = v;
        break;
    case OPT_STR:
        *(const char **)o->dest = arg;
        break;
    case OPT_CALL:
        return o->fn(o, arg, why, whylen);
    }
    return 0;
}

/* The defaults the table gives as values, through the same parser as the command line's; @return -1, or the exit
 * status of a default that does not parse. */
static int set_defaults(const cmd_spec *cmd)
{
    for (const opt_def *o = cmd->opts; o->name; o++) {
        char why[256] = "";
        if ((o->flags & OPT_DEFAULT) && (!o->def || set_value(o, o->def, why, sizeof why) < 0))
            return opts_usage_error(cmd, "internal: the default of --%s: %s", o->name, why);
    }
    return -1;
}

/* getopt_long's long options (lo, 128 entries) and short ones (shorts, 256 bytes) for the table, --help and
 * --version; a long option without a short one returns 1000 + its index in the table; @return -1, or the exit
 * status of a numeric option without a range. */
static int getopt_tables(const cmd_spec *cmd, struct option *lo, char *shorts)
{
    size_t ns = 0, nl = 0;
    shorts[ns++] = ':';
    for (const opt_def *o = cmd->opts; o->name && nl < 120; o++, nl++) {
        if (is_numeric(o) && (!has_range(o) || o->min > o->max))
            return opts_usage_error(cmd, "internal: option --%s has no range", o->name);
        int has_arg = o->type == OPT_SET ? no_argument : required_argument;
        lo[nl] = (struct option){o->name, has_arg, NULL, o->key ? o->key : 1000 + (int)nl};
        if (o->key) {
            shorts[ns++] = (char)o->key;
            if (has_arg == required_argument)
                shorts[ns++] = ':';
        }
    }
    lo[nl++] = (struct option){"help", no_argument, NULL, '?' + 2000};
    lo[nl++] = (struct option){"version", no_argument, NULL, 'V' + 2000};
    lo[nl] = (struct option){NULL, 0, NULL, 0};
    shorts[ns] = '\0';
    return -1;
}

/* What getopt_long's '?' or ':' (c) meant: -? (help), an unknown option or a missing argument; @return the exit
 * status. */
static int getopt_trouble(const cmd_spec *cmd, int c, char **argv)
{
    /* -h: help, unless the command reads it with an argument (train's libsvm shrinking) and one follows */
    if (optopt == 'h' || optopt == '?' || (c == '?' && optopt == 0 && argv[optind - 1] && strcmp(argv[optind - 1], "-?") == 0))
        return opts_help(cmd);
    if (c == '?') {
        char hint[96], arg[3] = {'-', (char)optopt, 0};
        suggestion(cmd, optopt ? arg : argv[optind - 1], hint, sizeof hint);
        if (optopt)
            return opts_usage_error(cmd, "unknown option '-%c'%s", optopt, hint);
        return opts_usage_error(cmd, "unknown option '%s'%s", argv[optind - 1], hint);
    }
    if (optopt && optopt < 256)
        return opts_usage_error(cmd, "option '-%c' needs an argument", optopt);
    return opts_usage_error(cmd, "option '%s' needs an argument", argv[optind - 1]);
}

/* The table entry of getopt_long's c (its short key, or 1000 + its index), or NULL. */
static const opt_def *option_of(const cmd_spec *cmd, int c)
{
    for (const opt_def *p = cmd->opts; p->name; p++)
        if ((c < 256 && p->key == c) || (c >= 1000 && c < 2000 && p == cmd->opts + (c - 1000)))
            return p;
    return NULL;
}

int opts_parse(const cmd_spec *cmd, int argc, char **argv, int *first)
{
    struct option lo[128];
    char shorts[256];
    int rc;
    given_cmd = cmd;
    memset(given, 0, sizeof given);
    if ((rc = set_defaults(cmd)) >= 0 || (rc = getopt_tables(cmd, lo, shorts)) >= 0)
        return rc;
    if (argc == 2 && strcmp(argv[1], "-h") == 0)
        return opts_help(cmd); /* -h alone: help, in every command */
    optind = 1;
    opterr = 0;
    int c, idx;
    while ((idx = -1, c = getopt_long(argc, argv, shorts, lo, &idx)) != -1) {
        if (c == '?' + 2000)
            return opts_help(cmd);
        if (c == 'V' + 2000) {
            printf("tasnif %s\n", TASNIF_VERSION);
            return cli_flush_stdout();
        }
        if (c == '?' || c == ':')
            return getopt_trouble(cmd, c, argv);
        const opt_def *o = option_of(cmd, c);
        if (!o)
            return opts_usage_error(cmd, "internal: unhandled option");
        char why[256] = "";
        given[o - cmd->opts] = 1;
        if (set_value(o, optarg, why, sizeof why) < 0) {
            if (why[0])
                return opts_usage_error(cmd, "%s", why);
            return opts_usage_error(cmd, "--%s: invalid value '%s'", o->name, optarg);
        }
    }
    *first = optind;
    return -1;
}
