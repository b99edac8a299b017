/*
 * serve_http.c - the HTTP/1.1 server of `tasnif serve`, on libmicrohttpd:
 * one listening socket (ours, so that binding fails with its reason and
 * port 0 can be read back), a pool of threads each poll()ing its own
 * connections (MHD_USE_POLL_INTERNAL_THREAD with
 * MHD_OPTION_THREAD_POOL_SIZE; a request is answered in the thread that
 * read it), an idle timeout and a connection limit (libmicrohttpd's), a
 * body limit (ours: refused from Content-Length before the body is read,
 * or as soon as the body read so far passes it), the access log, and a
 * graceful stop (quiesce, let the requests in flight finish, stop).
 *
 * Requests go to serve_app_handle (serve.c) once their body is whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "serve.h"

/* Bytes of an oversized body without Content-Length read and dropped
 * before the connection is cut. */
#define DROP_MAX (1u << 20)

struct serve_http {
    serve_app *app;
    struct MHD_Daemon *d;
    int fd;                 /* the listening socket */
    int port;
    long long max_body;
    serve_log_fn log;
    void *user;
    pthread_mutex_t lock;   /* active, stopping */
    pthread_cond_t idle;    /* signalled when active drops to 0 */
    int active;             /* requests begun and not yet completed */
    int stopping;
};

/* One request, from its headers to its completion. */
typedef struct request_state {
    double time;            /* when the headers arrived (epoch seconds) */
    struct timespec t0;     /* the same, monotonic */
    char method[16], path[256]; /* for the log, cut */
    char *body;
    size_t len, cap;
    int no_body;            /* the request takes no body */
    int too_large;          /* the body passed max_body */
    size_t dropped;         /* bytes of an oversized body read and dropped */
    int status;             /* the status answered, 0 before */
    long documents;
} request_state;

/* A SERVE_ERROR event. */
static void say(const serve_http *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const serve_http *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    serve_vlog(h->log, h->user, SERVE_ERROR, "", fmt, ap);
    va_end(ap);
}

/* libmicrohttpd's own messages, as SERVE_ERROR events "http: ...". */
static void on_mhd_message(void *cls, const char *fmt, va_list ap)
{
    serve_http *h = cls;
    serve_vlog(h->log, h->user, SERVE_ERROR, "http: ", fmt, ap);
}

/* Queue reply (its body handed to libmicrohttpd) and note its status. */
static enum MHD_Result answer(serve_http *h, struct MHD_Connection *c, request_state *rq, serve_reply *r)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        serve_reply_finish(r);
        return MHD_NO;
    }
    r->body = NULL; /* libmicrohttpd frees it */
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    if (r->allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
    pthread_mutex_lock(&h->lock);
    int stopping = h->stopping;
    pthread_mutex_unlock(&h->lock);
    /* a body left unread, or a server going away: no next request here */
    if (stopping || rq->too_large)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    if (ret == MHD_YES) {
        rq->status = r->status;
        rq->documents = r->documents;
    }
    serve_reply_finish(r);
    return ret;
}

static enum MHD_Result too_large(serve_http *h, struct MHD_Connection *c, request_state *rq)
{
    serve_reply r;
    memset(&r, 0, sizeof r);
    serve_reply_error(&r, 413, "the body is larger than %lld bytes (--max-body)", h->max_body);
    return answer(h, c, rq, &r);
}

/* The first call for a request: its headers are in. */
static enum MHD_Result begin(serve_http *h, struct MHD_Connection *c, const char *url, const char *method,
                             void **con_cls)
{
    request_state *rq = calloc(1, sizeof *rq);
    if (!rq)
        return MHD_NO;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    clock_gettime(CLOCK_MONOTONIC, &rq->t0);
    rq->time = (double)ts.tv_sec + ts.tv_nsec / 1e9;
    snprintf(rq->method, sizeof rq->method, "%s", method);
    snprintf(rq->path, sizeof rq->path, "%s", url);
    *con_cls = rq;
    pthread_mutex_lock(&h->lock);
    h->active++;
    pthread_mutex_unlock(&h->lock);
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!serve_app_wants_body(method, url)) {
        rq->no_body = 1;
        /* a request that comes with a body it should not have is answered
         * now (libmicrohttpd drops the body and closes the connection);
         * one without is answered when libmicrohttpd has all of it, which
         * keeps the connection alive */
        if ((cl && strcmp(cl, "0") != 0) ||
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING)) {
            serve_reply r;
            serve_app_handle(h->app, method, url, NULL, 0, &r);
            return answer(h, c, rq, &r);
        }
        return MHD_YES;
    }
    if (cl) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        if (errno || end == cl || n > (unsigned long long)h->max_body) {
            rq->too_large = 1;
            return too_large(h, c, rq); /* before a byte of the body is read */
        }
        if (n && !(rq->body = malloc((size_t)n))) {
            serve_reply r;
            memset(&r, 0, sizeof r);
            serve_reply_error(&r, 500, "out of memory");
            return answer(h, c, rq, &r);
        }
        rq->cap = (size_t)n;
    }
    return MHD_YES;
}

/* Take a piece of the body.  @return 0, or -1 when memory runs out. */
static int take(serve_http *h, request_state *rq, const char *data, size_t n)
{
    if (rq->too_large || rq->len + n > (size_t)h->max_body) {
        if (!rq->too_large) {
            rq->too_large = 1;
            free(rq->body);
            rq->body = NULL;
            rq->len = rq->cap = 0;
        }
        rq->dropped += n;
        return 0;
    }
    if (rq->len + n > rq->cap) {
        size_t cap = rq->cap ? rq->cap : 4096;
        while (cap < rq->len + n)
            cap *= 2;
        if (cap > (size_t)h->max_body)
            cap = (size_t)h->max_body;
        char *b = realloc(rq->body, cap);
        if (!b)
            return -1;
        rq->body = b;
        rq->cap = cap;
    }
    memcpy(rq->body + rq->len, data, n);
    rq->len += n;
    return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    (void)version;
    serve_http *h = cls;
    request_state *rq = *con_cls;
    if (!rq)
        return begin(h, c, url, method, con_cls);
    if (rq->status) /* answered already; libmicrohttpd drops the rest */
        return MHD_YES;
    if (*upload_size) {
        if (take(h, rq, upload, *upload_size) < 0)
            return MHD_NO;
        *upload_size = 0;
        /* libmicrohttpd takes no answer before the body's end: a body a
         * little over the limit is read and dropped to answer 413, one
         * that goes on far past it is cut off */
        if (rq->dropped <= DROP_MAX)
            return MHD_YES;
        say(h, "%s %s: the body went on past --max-body (%lld bytes) without a Content-Length: connection closed",
            rq->method, rq->path, h->max_body);
        return MHD_NO;
    }
    if (rq->too_large)
        return too_large(h, c, rq);
    serve_reply r;
    serve_app_handle(h->app, method, url, rq->body, rq->len, &r);
    free(rq->body);
    rq->body = NULL;
    return answer(h, c, rq, &r);
}

/* A request ended (answered, or its connection gone): the access-log
 * line, and one fewer in flight. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)c;
    (void)toe;
    serve_http *h = cls;
    request_state *rq = *con_cls;
    if (!rq)
        return;
    *con_cls = NULL;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    serve_event ev = {.kind = SERVE_ACCESS,
                      .time = rq->time,
                      .method = rq->method,
                      .path = rq->path,
                      .status = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? rq->status : 0,
                      .documents = rq->documents,
                      .usec = (long long)(t1.tv_sec - rq->t0.tv_sec) * 1000000 + (t1.tv_nsec - rq->t0.tv_nsec) / 1000};
    if (h->log)
        h->log(h->user, &ev);
    free(rq->body);
    free(rq);
    pthread_mutex_lock(&h->lock);
    if (--h->active == 0)
        pthread_cond_broadcast(&h->idle);
    pthread_mutex_unlock(&h->lock);
}

/* Bind and listen on host:port.  @return the socket, or -1 with err set. */
static int listen_on(const char *host, int port, int *bound, int *family, tasnif_err *err)
{
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int rc = getaddrinfo(host, service, &hints, &ai);
    if (rc != 0) {
        err_set(err, TASNIF_EIO, NULL, 0, 0, "cannot listen on %s: %s", host, gai_strerror(rc));
        return -1;
    }
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol), one = 1;
    const char *step = "socket";
    if (fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
        (step = "bind", bind(fd, ai->ai_addr, ai->ai_addrlen) == 0) && (step = "listen", listen(fd, SOMAXCONN) == 0)) {
        struct sockaddr_storage sa;
        socklen_t len = sizeof sa;
        if (getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
            *bound = ntohs(sa.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&sa)->sin6_port
                                                    : ((struct sockaddr_in *)&sa)->sin_port);
        *family = ai->ai_family;
        freeaddrinfo(ai);
        return fd;
    }
    err_set(err, TASNIF_EIO, NULL, 0, 0, "cannot listen on %s port %d: %s: %s", host, port, step, strerror(errno));
    if (fd >= 0)
        close(fd);
    freeaddrinfo(ai);
    return -1;
}

int serve_http_start(serve_app *app, const serve_opts *o, serve_http **out, tasnif_err *err)
{
    serve_http *h = calloc(1, sizeof *h);
    if (!h)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    h->app = app;
    h->max_body = o->max_body;
    h->log = o->log;
    h->user = o->user;
    int family = AF_INET;
    if ((h->fd = listen_on(o->host, o->port, &h->port, &family, err)) < 0) {
        free(h);
        return TASNIF_EIO;
    }
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->idle, NULL);
    /* poll, not epoll: libmicrohttpd 0.9.75's MHD_quiesce_daemon races a
     * worker thread that takes the listening socket out of its epoll set
     * at the same moment, and aborts when it loses */
    unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (family == AF_INET6)
        flags |= MHD_USE_IPv6;
    h->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, h,
                            MHD_OPTION_EXTERNAL_LOGGER, on_mhd_message, h,
                            MHD_OPTION_LISTEN_SOCKET, (MHD_socket)h->fd,
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads > 1 ? o->threads : 0),
                            MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
                            MHD_OPTION_CONNECTION_LIMIT, o->max_connections,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
                            MHD_OPTION_END);
    if (!h->d) {
        close(h->fd);
        pthread_mutex_destroy(&h->lock);
        pthread_cond_destroy(&h->idle);
        free(h);
        return err_set(err, TASNIF_EIO, NULL, 0, 0, "cannot start the HTTP server (libmicrohttpd)");
    }
    *out = h;
    return 0;
}

int serve_http_port(const serve_http *h)
{
    return h->port;
}

void serve_http_stop(serve_http *h, unsigned grace)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->lock);
    h->stopping = 1;
    pthread_mutex_unlock(&h->lock);
    /* no more connections: libmicrohttpd stops accepting, and the socket
     * leaves the listening state so that new clients are refused at once
     * rather than left waiting in the backlog (it is closed only after
     * MHD_stop_daemon, which may still look at it) */
    MHD_quiesce_daemon(h->d);
    shutdown(h->fd, SHUT_RDWR);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += (time_t)grace;
    pthread_mutex_lock(&h->lock);
    while (h->active > 0 && pthread_cond_timedwait(&h->idle, &h->lock, &until) == 0)
        ;
    pthread_mutex_unlock(&h->lock);
    MHD_stop_daemon(h->d);
    close(h->fd);
    pthread_mutex_destroy(&h->lock);
    pthread_cond_destroy(&h->idle);
    free(h);
}
