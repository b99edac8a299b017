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
    OPT_CALL     /* call fn(o, arg, why, whylen) */
} opt_type;

/* opt_def.flags */
enum {
    OPT_ABOVE_MIN = 1, /* the value must be above min, not min itself */
    OPT_WHOLE = 2,     /* OPT_CALL: the numbers in the value are whole */
    OPT_DEFAULT = 4,   /* def is the default value itself: opts_parse stores
                          it (as if given) before reading the command line,
                          so the table is the one place it is written */
    OPT_HIDDEN = 8     /* an old spelling, still read, not shown in --help */
};

/* The range fields of an option that takes no number. */
#define OPT_NORANGE 0, 0, 0

typedef struct opt_def opt_def;
/* Parse arg into o->dest.  @return 0, or -1 with why holding the message
 * (naming --o->name), or left empty for a generic one. */
typedef int (*opt_fn)(const opt_def *o, const char *arg, char *why, size_t whylen);

struct opt_def {
    const char *name;   /* long name without "--" */
    int key;            /* short letter, or 0 */
    opt_type type;
    void *dest;
    int value;          /* for OPT_SET */
    opt_fn fn;          /* for OPT_CALL */
    const char *arg;    /* argument name in --help, e.g. "N" */
    const char *def;    /* default shown in --help, or NULL; the value set
                           before parsing with OPT_DEFAULT */
    const char *help;
    /* Numbers (OPT_INT, OPT_LONG, OPT_DOUBLE, and those an OPT_CALL parses
     * with opts_number): the accepted range, min <= v <= max (min < v with
     * OPT_ABOVE_MIN); max may be INFINITY.  Parsing, messages and --help
     * all take the range from here.  Every numeric option must set one. */
    double min, max;
    int flags;
};

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

/*
 * The one number parser of options: text must be a finite number (whole
 * for OPT_INT, OPT_LONG and OPT_WHOLE) within o's range.  @return 0 with
 * *out set, or -1 with why = "--NAME must be RANGE, not 'shown'" (shown is
 * text when NULL).
 */
int opts_number(const opt_def *o, const char *text, const char *shown, double *out, char *why, size_t whylen);

/* o's range in words: long ("a whole number from 1 to 64") for messages,
 * short ("1 to 64") for --help. */
void opts_range_text(const opt_def *o, int lng, char *buf, size_t n);

/* Was option --name given on the command line of cmd's last opts_parse? */
int opts_given(const cmd_spec *cmd, const char *name);

/* The one of names[0..n) closest to s by edit distance (at most 2, and
 * less than half of s), or NULL: "did you mean" for a mistyped option or
 * command. */
const char *opts_closest(const char *s, const char *const *names, int n);

/* Print the full help of cmd on standard output; @return the exit status
 * (cli_flush_stdout). */
int opts_help(const cmd_spec *cmd);

/* Print the short usage line and a pointer to --help on stderr; @return EXIT_USAGE. */
int opts_usage_error(const cmd_spec *cmd, const char *fmt, ...);

/* Flush standard output; @return EXIT_OK, or EXIT_FAIL after printing why
 * it could not be written (a full disk, a closed pipe).  Every command
 * ends its output with it, --help and --version too. */
int cli_flush_stdout(void);

/* Is stderr a terminal (progress lines allowed)? */
int opts_stderr_tty(void);

#endif
