/*
 * common.c - error reporting, progress lines and option parsers shared by
 * the commands.
 */
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"

int cli_fail(const tasnif_err *err)
{
    cli_progress_done();
    fprintf(stderr, "tasnif: %s\n", err->msg[0] ? err->msg : tasnif_strerror(err->code));
    return err->code == TASNIF_EARG ? EXIT_USAGE : EXIT_FAIL;
}

static int progress_shown;

void cli_progress(void *user, const char *stage, size_t done, size_t total)
{
    (void)user;
    if (total)
        fprintf(stderr, "\rtasnif: %s %zu/%zu\033[K", stage, done, total);
    else
        fprintf(stderr, "\rtasnif: %s %zu\033[K", stage, done);
    fflush(stderr);
    progress_shown = 1;
}

void cli_progress_done(void)
{
    if (progress_shown) {
        fprintf(stderr, "\r\033[K");
        progress_shown = 0;
    }
}

int cli_model_open(cli_model *cm, const char *path)
{
    tasnif_err err = {0};
    memset(cm, 0, sizeof *cm);
    if (tasnif_model_load(path, &cm->m, &err) < 0)
        return cli_fail(&err);
    if (feat_ctx_new(&cm->m->fs.cfg, &cm->ctx, &err) < 0) {
        cli_model_close(cm);
        return cli_fail(&err);
    }
    if (model_scratch_init(&cm->sc, cm->m) < 0) {
        cli_model_close(cm);
        fprintf(stderr, "tasnif: out of memory\n");
        return EXIT_FAIL;
    }
    return -1;
}

void cli_model_close(cli_model *cm)
{
    model_scratch_finish(&cm->sc);
    feat_ctx_free(cm->ctx);
    tasnif_model_free(cm->m);
    memset(cm, 0, sizeof *cm);
}

static void on_signal(int sig)
{
    /* async-signal-safe only: unlink, signal, raise */
    file_tmp_cleanup();
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_cleanup_on_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old, sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
}

int cli_check_output(const char *path, const char *other, const char *in1, const char *in2, char *const *files,
                     int nfiles)
{
    const char **in = malloc(((size_t)nfiles + 2) * sizeof *in);
    if (!in) {
        fprintf(stderr, "tasnif: out of memory\n");
        return EXIT_FAIL;
    }
    int n = 0;
    if (in1)
        in[n++] = in1;
    if (in2)
        in[n++] = in2;
    for (int i = 0; i < nfiles; i++)
        in[n++] = files[i];
    tasnif_err err = {0};
    int rc = file_check_output(path, in, n, other, &err);
    free(in);
    return rc < 0 ? cli_fail(&err) : -1;
}

int cli_parse_kernel(const opt_def *o, const char *arg, char *why, size_t whylen)
{
    static const char *names[] = {"linear", "poly", "rbf", "sigmoid"};
    for (int i = 0; i < 4; i++)
        if (strcmp(arg, names[i]) == 0 || (arg[0] == '0' + i && arg[1] == '\0')) {
            *(int *)o->dest = i;
            return 0;
        }
    snprintf(why, whylen, "--%s: invalid value '%s' (linear, poly, rbf, sigmoid or 0-3)", o->name, arg);
    return -1;
}

int cli_parse_range(const opt_def *o, const char *arg, char *why, size_t whylen)
{
    int *r = o->dest;
    char a[32], b[32] = "";
    const char *dash = strpbrk(arg, "-:");
    size_t al = dash ? (size_t)(dash - arg) : strlen(arg);
    double lo, hi;
    int ok = al < sizeof a && (!dash || strlen(dash + 1) < sizeof b);
    if (ok) {
        memcpy(a, arg, al);
        a[al] = '\0';
        if (dash)
            strcpy(b, dash + 1);
    }
    if (ok && !dash && strcmp(a, "0") == 0) {
        r[1] = 0; /* none */
        return 0;
    }
    if (ok && opts_number(o, a, arg, &lo, why, whylen) == 0 && (!dash || opts_number(o, b, arg, &hi, why, whylen) == 0)) {
        if (!dash) {
            r[0] = r[0] > 0 && r[0] <= (int)lo ? r[0] : 1;
            r[1] = (int)lo;
            return 0;
        }
        if (lo <= hi) {
            r[0] = (int)lo;
            r[1] = (int)hi;
            return 0;
        }
    }
    snprintf(why, whylen, "--%s must be N or MIN-MAX with orders from %.0f to %.0f, MIN <= MAX (0 = none), not '%s'",
             o->name, o->min, o->max, arg);
    return -1;
}

double cli_available_memory(void)
{
    /* MemAvailable counts the page cache the kernel can give back; read
     * with open/read: failing here is no error, only no estimate */
    char buf[4096];
    double kb = 0;
    int fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        buf[n > 0 ? n : 0] = '\0';
        const char *p = strstr(buf, "MemAvailable:");
        if (p)
            kb = strtod(p + 13, NULL);
    }
    if (kb > 0)
        return kb * 1024.0;
    long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (double)pages * (double)size : 0;
}
