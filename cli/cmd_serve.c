/*
 * cmd_serve.c - `tasnif serve`: a model kept loaded behind HTTP/JSON
 * (predict/serve.h).  Here: the options, the signals (SIGHUP reloads,
 * SIGTERM and SIGINT stop) and the log lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "common.h"
#include "../features/dist.h"
#include "../predict/serve.h"

static const char *model_path, *host;
static int port, threads, quiet, allow_reload;
static long long max_body, timeout, max_connections;

static const opt_def serve_options[] = {
    {"model", 'm', OPT_STR, &model_path, 0, NULL, "MODEL", NULL, "model file from tasnif train (required)", OPT_NORANGE},
    {"host", 0, OPT_STR, &host, 0, NULL, "ADDR", "127.0.0.1", "address to listen on (0.0.0.0 or :: for every interface: only behind a firewall)", 0, 0, OPT_DEFAULT},
    {"port", 0, OPT_INT, &port, 0, NULL, "N", "8080", "port to listen on; 0 picks a free one (printed)", 0, 65535, OPT_DEFAULT},
    CLI_OPT_THREADS(&threads, "the CPUs online", 0, "threads answering requests"),
    {"max-body", 0, OPT_LONG, &max_body, 0, NULL, "BYTES", "10485760", "refuse a request body larger than this (413)", 1, CLI_BYTES_MAX, OPT_DEFAULT},
    {"timeout", 0, OPT_LONG, &timeout, 0, NULL, "SECONDS", "30", "close a connection idle this long; also how long a stop waits for requests in flight", 1, 86400, OPT_DEFAULT},
    {"max-connections", 0, OPT_LONG, &max_connections, 0, NULL, "N", "512", "connections at once, at most (more are closed at once)", 1, 65536, OPT_DEFAULT},
    {"allow-reload", 0, OPT_SET, &allow_reload, 1, NULL, NULL, NULL, "let POST /v1/reload reload the model (SIGHUP always does)", OPT_NORANGE},
    {"quiet", 'q', OPT_SET, &quiet, 1, NULL, NULL, NULL, "no access-log lines", OPT_NORANGE},
    {0},
};

static const cmd_spec serve_cmd = {
    "serve", "-m MODEL [options]",
    "Keep a model loaded and label documents over HTTP/1.1 with JSON.  The\n"
    "first line on standard output is 'listening on http://HOST:PORT'.",
    serve_options,
    "Endpoints:\n"
    "  POST /v1/classify  {\"text\": \"...\", \"id\": \"...\"} -> the object that tasnif\n"
    "                     predict --format json writes for that text, with the\n"
    "                     id; {\"documents\": [{\"id\": ..., \"text\": ...}, ...]} ->\n"
    "                     {\"results\": [...]} in the same order.  Optional fields:\n"
    "                     \"top_k\", \"explain\", \"explain_by\" (as predict's\n"
    "                     options of those names) and, for label sets,\n"
    "                     \"threshold\" (a number, or {\"LABEL\": number, ...}) and\n"
    "                     \"allow_empty\"; for single labels \"min_confidence\"\n"
    "  GET /v1/model      what tasnif info --format json says of the model\n"
    "  GET /healthz       {\"status\":\"ok\",\"generation\":N,\"failed_reloads\":N}\n"
    "  POST /v1/reload    reload the model (with --allow-reload)\n"
    "A bad request gets {\"error\": \"...\"} and 400 (malformed JSON, invalid UTF-8,\n"
    "a wrong field), 404 (unknown path), 405 (another method), 413 (a body\n"
    "over the limit).  SIGHUP reloads the model file: requests in flight finish\n"
    "on the model they started with, and a model that fails to load is refused\n"
    "(logged) while the one before keeps serving.  SIGTERM or SIGINT stops:\n"
    "no new connections, requests in flight answered, exit status 0.\n"
    "Standard error: one line per request (time, method, path, status,\n"
    "documents, microseconds) unless -q, and reloads and errors.\n"
    "Exit status: 0 stopped by a signal, 1 the model or the address failed,\n"
    "2 usage error.\n",
};

static int sig_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    ssize_t n = write(sig_pipe[1], &b, 1); /* async-signal-safe */
    (void)n;
    errno = saved;
}

/* A path or method for the log: bytes outside printable ASCII as %XX. */
static void log_field(char *out, size_t cap, const char *s)
{
    size_t o = 0;
    for (; *s && o + 4 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        o += (size_t)(c > 0x20 && c < 0x7f ? snprintf(out + o, cap - o, "%c", c) : snprintf(out + o, cap - o, "%%%02X", c));
    }
    out[o] = '\0';
}

static void on_event(void *user, const serve_event *ev)
{
    (void)user;
    if (ev->kind != SERVE_ACCESS) {
        fprintf(stderr, "tasnif: %s\n", ev->msg);
        return;
    }
    if (quiet)
        return;
    time_t secs = (time_t)ev->time;
    struct tm tm;
    char when[32], method[64], path[800], status[8];
    gmtime_r(&secs, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    log_field(method, sizeof method, ev->method);
    log_field(path, sizeof path, ev->path);
    snprintf(status, sizeof status, ev->status ? "%d" : "-", ev->status);
    /* one write per line, so threads do not mix their lines */
    char line[1024];
    snprintf(line, sizeof line, "%s.%03dZ %s %s %s %ld %lldus\n", when, (int)((ev->time - (double)secs) * 1000), method,
             path, status, ev->documents, ev->usec);
    fputs(line, stderr);
}

int cmd_serve(int argc, char **argv)
{
    int first, rc = opts_parse(&serve_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (first < argc)
        return opts_usage_error(&serve_cmd, "unexpected argument '%s'", argv[first]);
    if (!model_path)
        return opts_usage_error(&serve_cmd, "no model: give -m MODEL");
    if (dist_size() > 1)
        return opts_usage_error(&serve_cmd, "serve runs as one process, not under mpirun");
    /* A signal may be taken by any thread (the BLAS library starts its own
     * before main), so its handler only writes it down, into a pipe this
     * thread reads: SIGHUP reloads, SIGTERM and SIGINT stop. */
    if (pipe2(sig_pipe, O_CLOEXEC) < 0) {
        perror("tasnif: pipe");
        return EXIT_FAIL;
    }
    static const int sigs[] = {SIGHUP, SIGINT, SIGTERM};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n < 1 ? 1 : n > CLI_THREADS_MAX ? CLI_THREADS_MAX : (int)n;
    }
    tasnif_err err = {0};
    serve_app *app = NULL;
    serve_http *h = NULL;
    if (serve_app_new(model_path, threads, allow_reload, on_event, NULL, &app, &err) < 0)
        return cli_fail(&err);
    serve_opts o = {host, port, threads, max_body, (unsigned)timeout, (unsigned)max_connections, on_event, NULL};
    if (serve_http_start(app, &o, &h, &err) < 0) {
        serve_app_free(app);
        return cli_fail(&err);
    }
    printf(strchr(host, ':') ? "listening on http://[%s]:%d\n" : "listening on http://%s:%d\n", host,
           serve_http_port(h));
    fflush(stdout);
    for (;;) {
        unsigned char sig;
        ssize_t n = read(sig_pipe[0], &sig, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n != 1 || sig != SIGHUP)
            break;
        serve_app_reload(app, NULL); /* reported through on_event */
    }
    serve_http_stop(h, (unsigned)timeout);
    serve_app_free(app);
    return cli_flush_stdout();
}
