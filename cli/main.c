/*
 * main.c - `tasnif <command>`: dispatch only.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "common.h"
#include "tasnif.h"
#include "../features/dist.h"

int cmd_train(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_features(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_similar(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_suggest(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_quantize(int argc, char **argv);

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} commands[] = {
    {"train", cmd_train, "train a model on a labelled corpus"},
    {"predict", cmd_predict, "label articles or lines with a model"},
    {"eval", cmd_eval, "accuracy, F1 and confusion matrix on a labelled test set"},
    {"features", cmd_features, "write a corpus as libsvm-format vectors"},
    {"info", cmd_info, "describe a model file"},
    {"index", cmd_index, "embed a corpus in a model's LSA space for similar"},
    {"similar", cmd_similar, "find the indexed articles nearest to a text"},
    {"serve", cmd_serve, "keep a model loaded and label documents over HTTP/JSON"},
    {"suggest", cmd_suggest, "which unlabelled documents to label next"},
    {"audit", cmd_audit, "labels of a corpus that look wrong; a corrected copy"},
    {"quantize", cmd_quantize, "store a linear model's weights as f32 or int8: smaller, faster to load"},
};

static void usage(FILE *fp)
{
    fprintf(fp, "Usage: tasnif <command> [options] [arguments]\n\n"
                "tasnif classifies text (news articles in Arabic, English or any language\n"
                "ICU segments) with n-gram features and libsvm models.\n\nCommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(fp, "\nRun 'tasnif help <command>' (or 'tasnif <command> --help') for a command's\n"
                "options.  A letter means the same in every command (-m model, -o output,\n"
                "-f input format, -j threads, -k top-k, -l lines, -x explain, -q quiet,\n"
                "-v folds); train keeps libsvm's letters (-c -t -g -d -r -e -b -h -w, and\n"
                "-m the kernel cache).\n"
                "Exit status: 0 success, 1 data, model or I/O error, 2 usage error,\n"
                "3 a gate failed.\n");
}

/* "tasnif: unknown command 'x'", with the closest command, then the usage; @return EXIT_USAGE. */
static int unknown_command(const char *name)
{
    enum { N = sizeof commands / sizeof commands[0] };
    const char *names[N];
    for (size_t i = 0; i < N; i++)
        names[i] = commands[i].name;
    const char *near = opts_closest(name, names, N);
    fprintf(stderr, "tasnif: unknown command '%s'", name);
    if (near)
        fprintf(stderr, " (did you mean '%s'?)", near);
    fputs("\n\n", stderr);
    usage(stderr);
    return EXIT_USAGE;
}

/* tasnif help CMD: CMD's --help.  @return the exit status. */
static int help_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0) {
            char *argv[] = {(char *)commands[i].name, "--help", NULL};
            return commands[i].fn(2, argv);
        }
    return unknown_command(name);
}

/* The last line a process wrote to its captured standard error, without
 * "tasnif: ", into e->msg. */
static void last_message(FILE *cap, tasnif_err *e)
{
    char line[sizeof e->msg];
    fflush(stderr);
    rewind(cap);
    while (fgets(line, sizeof line, cap))
        if (line[0] != '\n')
            snprintf(e->msg, sizeof e->msg, "%s", strncmp(line, "tasnif: ", 8) == 0 ? line + 8 : line);
    e->msg[strcspn(e->msg, "\n")] = '\0';
}

/* Run a command in every process of the job (one without mpirun).  Rank 0
 * prints; the others' standard output is dropped and their standard error
 * kept aside: a failure's message goes to rank 0, which prints it, as the
 * processes agree on failure before they end. */
static int run_command(int (*fn)(int, char **), int argc, char **argv)
{
    if (dist_init(&argc, &argv) < 0) {
        fprintf(stderr, "tasnif: MPI cannot start\n");
        return EXIT_FAIL;
    }
    FILE *cap = NULL;
    if (dist_rank() != 0 && (!freopen("/dev/null", "w", stdout) || !(cap = tmpfile()) || dup2(fileno(cap), 2) < 0)) {
        fprintf(stderr, "tasnif: cannot set aside the output of rank %d\n", dist_rank());
        dist_abort(EXIT_FAIL);
    }
    int rc = fn(argc, argv);
    tasnif_err err = {0};
    int seen = dist_failed();
    if (cap && rc != EXIT_OK && !seen)
        last_message(cap, &err);
    if (dist_status(rc != EXIT_OK ? TASNIF_EIO : 0, &err) < 0 && rc == EXIT_OK) {
        rc = EXIT_FAIL;
        if (!seen && dist_rank() == 0)
            fprintf(stderr, "tasnif: %s\n", err.msg);
    }
    dist_finish();
    if (cap)
        fclose(cap);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "help") == 0 && argc > 2)
        return help_command(argv[2]);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return cli_flush_stdout();
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("tasnif %s\n", TASNIF_VERSION);
        return cli_flush_stdout();
    }
    /* no command leaves a temporary file behind when it is stopped */
    cli_cleanup_on_signals();
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return run_command(commands[i].fn, argc - 1, argv + 1);
    return unknown_command(argv[1]);
}
