/*
 * serve.h - `tasnif serve`: a model kept loaded behind HTTP/JSON.  Private.
 *
 * Two parts.  serve_app (serve.c) is the application: the model held for
 * the requests (reloaded on demand, each request finishing on the model it
 * started with) and the request handler, a method, a path and a body in, a
 * status and a JSON body out; it knows nothing of sockets.  serve_http
 * (serve_http.c) is the HTTP/1.1 server on libmicrohttpd that feeds it:
 * the listening socket, a pool of threads, body limits, timeouts, the
 * access log and the graceful stop.
 *
 * The library never prints: whatever the server has to say (an access-log
 * line per request, a reload, a failure) goes to a callback with the
 * owner's pointer, from whichever thread it happens in.
 */
#ifndef TASNIF_SERVE_H
#define TASNIF_SERVE_H

#include <stdarg.h>
#include <stddef.h>
#include "../models/model.h"

/* ---- events ---- */

typedef enum serve_event_kind {
    SERVE_ACCESS, /* a request was answered (or its connection ended first) */
    SERVE_INFO,   /* something the operator may want to know: a reload */
    SERVE_ERROR   /* something that went wrong without stopping the server */
} serve_event_kind;

typedef struct serve_event {
    serve_event_kind kind;
    double time;            /* seconds since the epoch: when the request's
                               headers arrived, or when the event happened */
    /* SERVE_ACCESS */
    const char *method;     /* as the client sent it, unchecked */
    const char *path;       /* as the client sent it (no query), unchecked */
    int status;             /* the HTTP status, or 0 when the connection
                               ended before an answer (timeout, client gone) */
    long documents;         /* documents classified */
    long long usec;         /* microseconds from the headers to the answer sent */
    /* SERVE_INFO, SERVE_ERROR */
    const char *msg;
} serve_event;

/* Called from any thread of the server, one event at a time per thread;
 * the event's strings live until it returns. */
typedef void (*serve_log_fn)(void *user, const serve_event *ev);

/* Send log a SERVE_INFO or SERVE_ERROR event: prefix then fmt's message,
 * cut at its first newline (nothing when log is NULL). */
void serve_vlog(serve_log_fn log, void *user, serve_event_kind kind, const char *prefix, const char *fmt, va_list ap);

/* ---- the application ---- */

typedef struct serve_app serve_app;

/*
 * Load the model at path (tasnif_model_load) and make ready `workers`
 * scoring states for it (an extraction context and buffers each: one per
 * thread that will call serve_app_handle; more are made when needed).
 * allow_reload lets POST /v1/reload reload the model.  log (may be NULL)
 * gets the reload events.  @return 0, or the load's error code with err
 * set; *out is set only on success.  Free with serve_app_free.
 */
int serve_app_new(const char *path, int workers, int allow_reload, serve_log_fn log, void *user, serve_app **out,
                  tasnif_err *err);

/*
 * Load the model file again and serve it to every request that starts
 * from now on; requests in flight finish on the model they started with,
 * which is freed when the last of them ends.  A model that fails to load
 * is refused and the one before keeps serving.  Reloads are serialised.
 * Thread-safe.  @return 0, or the load's error code with err set (both
 * also reported through the log as SERVE_INFO or SERVE_ERROR).
 */
int serve_app_reload(serve_app *app, tasnif_err *err);

/* The generation of the model being served: 1 for the model loaded by
 * serve_app_new, one more for each successful reload. */
unsigned long serve_app_generation(serve_app *app);

/* Does a request with this method and path take a body (to be read before
 * serve_app_handle)?  Any other request is answered without one. */
int serve_app_wants_body(const char *method, const char *path);

/* An answer. */
typedef struct serve_reply {
    int status;             /* HTTP status */
    char *body;             /* JSON text ending with a newline (malloc'd) */
    size_t len;
    const char *allow;      /* 405: the Allow header, else NULL */
    long documents;         /* documents classified */
} serve_reply;

/*
 * Answer one request (body[0..len) as received, not NUL-terminated;
 * NULL with len 0 for none).  Routes:
 *   POST /v1/classify  {"text": ..., "id": ...} -> the object `tasnif
 *                      predict --format json` writes for the text, with
 *                      the id (null without one); {"documents": [{"id":
 *                      ..., "text": ...}, ...]} -> {"results": [...]} in
 *                      the same order.  Optional: "top_k" (1 to 100000),
 *                      "explain" (0 to 100000 words or n-grams),
 *                      "explain_by" ("words" or "ngrams"), "threshold"
 *                      (label sets: a number, or {"LABEL": number, ...};
 *                      with "top_k": at most top_k labels, each reaching
 *                      it), "min_confidence" (single labels: "label": null
 *                      below it), "allow_empty" (label sets: true lets a
 *                      set be empty), each as predict's option.
 *   GET /v1/model      what `tasnif info --format json` prints
 *   GET /healthz       {"status":"ok","generation":N,"failed_reloads":N}
 *   POST /v1/reload    serve_app_reload, when allowed (else 403)
 * (HEAD as GET.)  A bad request gets {"error": "..."} and 400 (malformed
 * JSON, invalid UTF-8, a field of the wrong type or out of range, an
 * unknown or repeated field, an empty text), 404 (unknown path), 405
 * (another method; reply->allow set) or 413 (a document longer than the
 * model's limit); 500 when memory runs out.  Thread-safe.  Free the reply
 * with serve_reply_finish.
 */
void serve_app_handle(serve_app *app, const char *method, const char *path, const char *body, size_t len,
                      serve_reply *reply);
void serve_reply_finish(serve_reply *reply);

/* An answer {"error": msg} with status (for the HTTP layer's own
 * refusals: 413 for a body over the limit, 503 while stopping). */
void serve_reply_error(serve_reply *reply, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Free the application; every request must have ended.  NULL is allowed. */
void serve_app_free(serve_app *app);

/* ---- the HTTP server ---- */

typedef struct serve_opts {
    const char *host;         /* numeric address or name to listen on */
    int port;                 /* 0: a free port the system picks */
    int threads;              /* threads answering requests */
    long long max_body;       /* bytes of a request body, at most */
    unsigned timeout;         /* seconds a connection may stay idle */
    unsigned max_connections; /* connections at once, at most */
    serve_log_fn log;         /* may be NULL */
    void *user;
} serve_opts;

typedef struct serve_http serve_http;

/*
 * Listen on o->host:o->port and answer requests with app from o->threads
 * threads until serve_http_stop.  The threads inherit the caller's signal
 * mask.  @return 0, or TASNIF_EIO (the address cannot be resolved or
 * bound: err names it) or TASNIF_ENOMEM; *out is set only on success.
 */
int serve_http_start(serve_app *app, const serve_opts *o, serve_http **out, tasnif_err *err);

/* The port listened on (the one chosen when o->port was 0). */
int serve_http_port(const serve_http *h);

/*
 * Stop: accept no more connections, let the requests in flight finish
 * (each answered with "Connection: close"; those still running after
 * grace seconds are cut), then close every connection and end the
 * threads.  Frees h.  NULL is allowed.
 */
void serve_http_stop(serve_http *h, unsigned grace);

#endif
