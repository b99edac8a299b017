/*
 * opts.h - one table per command drives option parsing and --help.
 */
#ifndef TASNIF_OPTS_H
#define TASNIF_OPTS_H

#include <stdio.h>

typedef enum opt_type {
    OPT_SET,     /* no argument: *(int *)dest = value */
    OPT_INT,     /* int */
    OPT_LONG,    /* long long */
    OPT_DOUBLE,  /* double */
    OPT_STR,     /* const char * */
    OPT_CALL     /* call fn(arg, dest); fn returns 0 or prints nothing and returns -1 */
} opt_type;

typedef struct opt_def {
    const char *name;   /* long name without "--" */
    int key;            /* short letter, or 0 */
    opt_type type;
    void *dest;
    int value;          /* for OPT_SET */
    int (*fn)(const char *arg, void *dest);
    const char *arg;    /* argument name in --help, e.g. "N" */
    const char *def;    /* default shown in --help, or NULL */
    const char *help;
} opt_def;

/* Exit codes shared by every command. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_GATE = 3 };

typedef struct cmd_spec {
    const char *name;     /* "train" */
    const char *usage;    /* "[options] CORPUS" */
    const char *summary;  /* one paragraph */
    const opt_def *opts;  /* terminated by a zeroed entry */
    const char *epilog;   /* text after the options, or NULL */
} cmd_spec;

/*
 * Parse argv (argv[0] is the command name).  --help prints the full help
 * to stdout; --version prints the version.  On success *first is the index
 * of the first operand.  @return -1 to go on, or an exit code to return
 * (EXIT_OK after --help/--version, EXIT_USAGE after a usage error, which
 * is reported on stderr with a short usage).
 */
int opts_parse(const cmd_spec *cmd, int argc, char **argv, int *first);

/* Print the short usage line and a pointer to --help on stderr; @return EXIT_USAGE. */
int opts_usage_error(const cmd_spec *cmd, const char *fmt, ...);

/* Is stderr a terminal (progress lines allowed)? */
int opts_stderr_tty(void);

#endif
