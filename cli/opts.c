/*
 * opts.c - getopt_long driven by an opt_def table, and help text from the
 * same table.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "opts.h"
#include "tasnif.h"

static void print_help(const cmd_spec *cmd)
{
    printf("Usage: tasnif %s %s\n\n%s\n\nOptions:\n", cmd->name, cmd->usage, cmd->summary);
    for (const opt_def *o = cmd->opts; o->name; o++) {
        char left[96];
        int n = 0;
        if (o->key)
            n = snprintf(left, sizeof left, "  -%c, --%s", o->key, o->name);
        else
            n = snprintf(left, sizeof left, "      --%s", o->name);
        if (o->arg && n > 0 && (size_t)n < sizeof left)
            snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg);
        printf("%-30s %s", left, o->help);
        if (o->def)
            printf(" (default: %s)", o->def);
        printf("\n");
    }
    printf("  -%c, --%-22s %s\n", '?', "help", "show this help and exit");
    printf("      --%-22s %s\n", "version", "show the version and exit");
    if (cmd->epilog)
        printf("\n%s", cmd->epilog);
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

int opts_stderr_tty(void)
{
    return isatty(2);
}

int opts_parse(const cmd_spec *cmd, int argc, char **argv, int *first)
{
    struct option lo[128];
    char shorts[256];
    size_t ns = 0, nl = 0;
    shorts[ns++] = ':';
    for (const opt_def *o = cmd->opts; o->name && nl < 120; o++, nl++) {
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
    optind = 1;
    opterr = 0;
    int c, idx;
    while ((idx = -1, c = getopt_long(argc, argv, shorts, lo, &idx)) != -1) {
        if (c == '?' + 2000) {
            print_help(cmd);
            return EXIT_OK;
        }
        if (c == 'V' + 2000) {
            printf("tasnif %s\n", TASNIF_VERSION);
            return EXIT_OK;
        }
        if (c == '?') {
            if (optopt == '?' || (optopt == 0 && argv[optind - 1] && strcmp(argv[optind - 1], "-?") == 0)) {
                print_help(cmd);
                return EXIT_OK;
            }
            if (optopt)
                return opts_usage_error(cmd, "unknown option '-%c'", optopt);
            return opts_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        }
        if (c == ':') {
            if (optopt && optopt < 256)
                return opts_usage_error(cmd, "option '-%c' needs an argument", optopt);
            return opts_usage_error(cmd, "option '%s' needs an argument", argv[optind - 1]);
        }
        const opt_def *o = NULL;
        for (const opt_def *p = cmd->opts; p->name; p++)
            if ((c < 256 && p->key == c) || (c >= 1000 && c < 2000 && p == cmd->opts + (c - 1000))) {
                o = p;
                break;
            }
        if (!o)
            return opts_usage_error(cmd, "internal: unhandled option");
        char *end;
        errno = 0;
        switch (o->type) {
        case OPT_SET:
            *(int *)o->dest = o->value;
            break;
        case OPT_INT: {
            long v = strtol(optarg, &end, 10);
            if (end == optarg || *end || errno || v < -2147483647L || v > 2147483647L)
                return opts_usage_error(cmd, "--%s: '%s' is not a whole number", o->name, optarg);
            *(int *)o->dest = (int)v;
            break;
        }
        case OPT_LONG: {
            long long v = strtoll(optarg, &end, 10);
            if (end == optarg || *end || errno)
                return opts_usage_error(cmd, "--%s: '%s' is not a whole number", o->name, optarg);
            *(long long *)o->dest = v;
            break;
        }
        case OPT_DOUBLE: {
            double v = strtod(optarg, &end);
            if (end == optarg || *end || errno)
                return opts_usage_error(cmd, "--%s: '%s' is not a number", o->name, optarg);
            *(double *)o->dest = v;
            break;
        }
        case OPT_STR:
            *(const char **)o->dest = optarg;
            break;
        case OPT_CALL:
            if (o->fn(optarg, o->dest) < 0)
                return opts_usage_error(cmd, "--%s: invalid value '%s'", o->name, optarg);
            break;
        }
    }
    *first = optind;
    return -1;
}
