/*
 * serve.c - the application behind `tasnif serve`: the model held for the
 * requests, reloads, and the request handler (a method, a path and a body
 * in, a status and a JSON body out).
 *
 * The model being served sits in a holder with a reference count: a
 * request takes a reference to the current holder when it starts and
 * gives it back when it ends, and the application keeps one of its own.
 * A reload loads the new model outside any lock, then swaps the current
 * holder under a mutex and drops the application's reference to the old
 * one, which is freed by whoever gives back its last reference.  So a
 * request never waits for a load, and always finishes on the model it
 * started with.  Each holder keeps the scoring states made for its model
 * (an extraction context and buffers), taken by a request and given back,
 * so a request costs no allocation once the server is warm.
 *
 * Each document's answer is written by out_prediction, the writer of
 * `tasnif predict --format json`, and the model's description by
 * out_model_json, the writer of `tasnif info --format json`.
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../features/json.h"
#include "../features/corpus.h"
#include "output.h"
#include "serve.h"

#define TOP_K_MAX 100000   /* predict's --top-k and --explain ranges */
#define EXPLAIN_MAX 100000
#define STR_(x) #x
#define STR(x) STR_(x)

/* What one request needs to score documents with one model. */
typedef struct worker {
    feat_ctx *ctx;
    model_scratch sc;
    unsigned char *chosen;  /* nlabels */
    model_expl *ex;         /* nlabels */
    double *thresh;         /* nlabels: the thresholds of a request */
    struct worker *next;    /* in the holder's idle list */
} worker;

/* A loaded model and what serving it needs. */
typedef struct holder {
    tasnif_model *m;
    char *info;             /* GET /v1/model */
    size_t info_len;
    unsigned long generation;
    int refs;               /* under app->lock */
    worker *idle;           /* under app->lock */
} holder;

struct serve_app {
    char *path;
    int workers, allow_reload;
    serve_log_fn log;
    void *user;
    pthread_mutex_t lock;   /* cur, the holders' refs and idle lists, failed */
    pthread_mutex_t reload; /* one load at a time */
    holder *cur;
    unsigned long failed;   /* reloads refused */
};

void serve_vlog(serve_log_fn log, void *user, serve_event_kind kind, const char *prefix, const char *fmt, va_list ap)
{
    if (!log)
        return;
    char msg[1200];
    int n = snprintf(msg, sizeof msg, "%s", prefix);
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    msg[strcspn(msg, "\r\n")] = '\0';
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    serve_event ev = {.kind = kind, .time = (double)ts.tv_sec + ts.tv_nsec / 1e9, .msg = msg};
    log(user, &ev);
}

static void say(const serve_app *app, serve_event_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(const serve_app *app, serve_event_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    serve_vlog(app->log, app->user, kind, "", fmt, ap);
    va_end(ap);
}

static void worker_free(worker *w)
{
    if (!w)
        return;
    feat_ctx_free(w->ctx);
    model_scratch_finish(&w->sc);
    free(w->chosen);
    free(w->ex);
    free(w->thresh);
    free(w);
}

static worker *worker_new(const tasnif_model *m)
{
    worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    size_t k = (size_t)m->nlabels;
    if (feat_ctx_new(&m->fs.cfg, &w->ctx, NULL) < 0 || model_scratch_init(&w->sc, m) < 0 ||
        !(w->chosen = malloc(k)) || !(w->ex = calloc(k, sizeof *w->ex)) || !(w->thresh = malloc(k * sizeof *w->thresh))) {
        worker_free(w);
        return NULL;
    }
    return w;
}

static void holder_free(holder *h)
{
    if (!h)
        return;
    while (h->idle) {
        worker *w = h->idle;
        h->idle = w->next;
        worker_free(w);
    }
    free(h->info);
    tasnif_model_free(h->m);
    free(h);
}

/* Load path into a new holder with n scoring states.  @return 0 or the
 * error code (err set). */
static int holder_load(const char *path, int n, unsigned long generation, holder **out, tasnif_err *err)
{
    holder *h = calloc(1, sizeof *h);
    if (!h)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    h->refs = 1;
    h->generation = generation;
    int rc = tasnif_model_load(path, &h->m, err);
    FILE *fp = NULL;
    if (rc == 0 && (!(fp = open_memstream(&h->info, &h->info_len)) || out_model_json(fp, h->m, path) < 0))
        rc = TASNIF_ENOMEM;
    if (fp && fclose(fp) != 0)
        rc = TASNIF_ENOMEM;
    for (int i = 0; rc == 0 && i < n; i++) {
        worker *w = worker_new(h->m);
        if (!w)
            rc = TASNIF_ENOMEM;
        else {
            w->next = h->idle;
            h->idle = w;
        }
    }
    if (rc < 0) {
        if (rc == TASNIF_ENOMEM)
            err_set(err, rc, path, 0, 0, "out of memory");
        holder_free(h);
        return rc;
    }
    *out = h;
    return 0;
}

int serve_app_new(const char *path, int workers, int allow_reload, serve_log_fn log, void *user, serve_app **out,
                  tasnif_err *err)
{
    serve_app *app = calloc(1, sizeof *app);
    if (!app || !(app->path = strdup(path))) {
        free(app);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    app->workers = workers > 0 ? workers : 1;
    app->allow_reload = allow_reload;
    app->log = log;
    app->user = user;
    int rc = holder_load(path, app->workers, 1, &app->cur, err);
    if (rc < 0) {
        free(app->path);
        free(app);
        return rc;
    }
    pthread_mutex_init(&app->lock, NULL);
    pthread_mutex_init(&app->reload, NULL);
    *out = app;
    return 0;
}

/* Give back a reference to h (and w, h's scoring state, when not NULL). */
static void release(serve_app *app, holder *h, worker *w)
{
    pthread_mutex_lock(&app->lock);
    if (w) {
        w->next = h->idle;
        h->idle = w;
    }
    int last = --h->refs == 0;
    pthread_mutex_unlock(&app->lock);
    if (last)
        holder_free(h);
}

/* The current holder, with a reference, and one of its idle scoring
 * states in *w (NULL when w is NULL or memory ran out). */
static holder *acquire(serve_app *app, worker **w)
{
    pthread_mutex_lock(&app->lock);
    holder *h = app->cur;
    h->refs++;
    if (w && (*w = h->idle))
        h->idle = (*w)->next;
    pthread_mutex_unlock(&app->lock);
    if (w && !*w)
        *w = worker_new(h->m);
    return h;
}

int serve_app_reload(serve_app *app, tasnif_err *err)
{
    tasnif_err e = {0};
    pthread_mutex_lock(&app->reload);
    holder *old = acquire(app, NULL), *h = NULL;
    unsigned long gen = old->generation;
    release(app, old, NULL);
    int rc = holder_load(app->path, app->workers, gen + 1, &h, &e);
    if (rc == 0) {
        pthread_mutex_lock(&app->lock);
        old = app->cur;
        app->cur = h;
        pthread_mutex_unlock(&app->lock);
        release(app, old, NULL);
        say(app, SERVE_INFO, "reloaded %s: generation %lu, %d labels%s", app->path, gen + 1, h->m->nlabels,
            h->m->multi ? " (label sets)" : "");
    } else {
        pthread_mutex_lock(&app->lock);
        app->failed++;
        pthread_mutex_unlock(&app->lock);
        say(app, SERVE_ERROR, "reload refused: %s; generation %lu keeps serving",
            e.msg[0] ? e.msg : tasnif_strerror(rc), gen);
    }
    pthread_mutex_unlock(&app->reload);
    if (rc < 0 && err)
        *err = e;
    return rc;
}

unsigned long serve_app_generation(serve_app *app)
{
    pthread_mutex_lock(&app->lock);
    unsigned long g = app->cur->generation;
    pthread_mutex_unlock(&app->lock);
    return g;
}

void serve_app_free(serve_app *app)
{
    if (!app)
        return;
    holder_free(app->cur);
    pthread_mutex_destroy(&app->lock);
    pthread_mutex_destroy(&app->reload);
    free(app->path);
    free(app);
}

/* ---- replies ---- */

void serve_reply_finish(serve_reply *r)
{
    free(r->body);
    memset(r, 0, sizeof *r);
}

/* A reply with body text (copied), or 500 with a fixed body when memory
 * runs out. */
static void reply_set(serve_reply *r, int status, const char *text, size_t len)
{
    static const char oom[] = "{\"error\":\"out of memory\"}\n";
    free(r->body);
    r->status = status;
    if ((r->body = malloc(len + 1))) {
        memcpy(r->body, text, len);
        r->body[len] = '\0';
        r->len = len;
    } else if ((r->body = strdup(oom))) {
        r->status = 500;
        r->len = sizeof oom - 1;
    } else {
        r->status = 500;
        r->len = 0;
    }
}

void serve_reply_error(serve_reply *r, int status, const char *fmt, ...)
{
    char msg[1024], *body = NULL;
    size_t len = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    FILE *fp = open_memstream(&body, &len);
    if (fp) {
        fputs("{\"error\":", fp);
        render_json_string(fp, msg);
        fputs("}\n", fp);
    }
    if (fp && fclose(fp) == 0)
        reply_set(r, status, body, len);
    else
        reply_set(r, 500, "", 0); /* out of memory: the fixed body */
    free(body);
}

/* ---- POST /v1/classify ---- */

/* A request's fields, checked. */
typedef struct request {
    const json *text, *id;  /* a single document, or NULL */
    const json *docs;       /* {"documents": [...]}, or NULL */
    int top_k, explain, by_ngrams;
    const json *threshold;  /* a number, an object, or NULL */
    const json *top_k_given; /* "top_k" as given, or NULL */
    const json *min_conf;   /* "min_confidence": a number, or NULL */
    const json *allow_empty; /* "allow_empty": true or false, or NULL */
} request;

/* The whole number at v within [lo, hi] into *out; @return 0 or -1. */
static int whole(const json *v, int lo, int hi, int *out)
{
    if (v->type != JSON_NUM || v->num != floor(v->num) || v->num < lo || v->num > hi)
        return -1;
    *out = (int)v->num;
    return 0;
}

/* Check a document object's fields into *text and *id.  @return 0, or -1
 * with the reply set. */
static int check_doc(const json *d, size_t i, const json **text, const json **id, serve_reply *r)
{
    *text = *id = NULL;
    if (d->type != JSON_OBJ) {
        serve_reply_error(r, 400, "documents[%zu] must be an object {\"id\": ..., \"text\": ...}", i);
        return -1;
    }
    for (size_t k = 0; k < d->n; k++) {
        const char *key = d->keys[k];
        const json **slot = strcmp(key, "text") == 0 ? text : strcmp(key, "id") == 0 ? id : NULL;
        if (!slot) {
            serve_reply_error(r, 400, "documents[%zu]: unknown field '%.100s' (a document has \"id\" and \"text\")", i,
                              key);
            return -1;
        }
        if (*slot) {
            serve_reply_error(r, 400, "documents[%zu]: field '%s' given twice", i, key);
            return -1;
        }
        *slot = d->items[k];
    }
    if (!*text || (*text)->type != JSON_STR) {
        serve_reply_error(r, 400, "documents[%zu]: \"text\" must be a string%s", i, *text ? "" : " (missing)");
        return -1;
    }
    if (*id && (*id)->type != JSON_STR && (*id)->type != JSON_NULL) {
        serve_reply_error(r, 400, "documents[%zu]: \"id\" must be a string", i);
        return -1;
    }
    return 0;
}

/* The top-level fields of a classify request into q.  @return 0, or -1
 * with the reply set. */
static int check_request(const json *j, request *q, serve_reply *r)
{
    memset(q, 0, sizeof *q);
    q->top_k = 1;
    if (j->type != JSON_OBJ) {
        serve_reply_error(r, 400, "the body must be a JSON object: {\"text\": ...} or {\"documents\": [...]}");
        return -1;
    }
    const json *explain = NULL, *by = NULL;
    for (size_t k = 0; k < j->n; k++) {
        static const char *const names[] = {"text",       "id",        "documents",      "top_k",      "explain",
                                            "explain_by", "threshold", "min_confidence", "allow_empty"};
        const json **slots[] = {&q->text, &q->id,        &q->docs,     &q->top_k_given, &explain,
                                &by,      &q->threshold, &q->min_conf, &q->allow_empty};
        const char *key = j->keys[k];
        size_t f = 0;
        while (f < sizeof names / sizeof names[0] && strcmp(key, names[f]) != 0)
            f++;
        if (f == sizeof names / sizeof names[0]) {
            serve_reply_error(r, 400, "unknown field '%.100s' (text, id, documents, top_k, explain, explain_by, "
                              "threshold, min_confidence, allow_empty)", key);
            return -1;
        }
        if (*slots[f]) {
            serve_reply_error(r, 400, "field '%s' given twice", key);
            return -1;
        }
        *slots[f] = j->items[k];
    }
    const char *why = NULL;
    if (!q->text == !q->docs)
        why = q->text ? "give \"text\" or \"documents\", not both"
                      : "give \"text\" (one document) or \"documents\" (a list)";
    else if (q->text && q->text->type != JSON_STR)
        why = "\"text\" must be a string";
    else if (q->id && q->docs)
        why = "\"id\" goes with \"text\"; give each document its own id";
    else if (q->id && q->id->type != JSON_STR && q->id->type != JSON_NULL)
        why = "\"id\" must be a string";
    else if (q->docs && q->docs->type != JSON_ARR)
        why = "\"documents\" must be a list of {\"id\": ..., \"text\": ...}";
    else if (q->top_k_given && whole(q->top_k_given, 1, TOP_K_MAX, &q->top_k) < 0)
        why = "\"top_k\" must be a whole number from 1 to " STR(TOP_K_MAX);
    else if (explain && whole(explain, 0, EXPLAIN_MAX, &q->explain) < 0)
        why = "\"explain\" must be a whole number from 0 to " STR(EXPLAIN_MAX) " (words or n-grams listed)";
    else if (by && (by->type != JSON_STR || (strcmp(by->str, "words") != 0 && strcmp(by->str, "ngrams") != 0)))
        why = "\"explain_by\" must be \"words\" or \"ngrams\"";
    else if (q->threshold && q->threshold->type != JSON_NUM && q->threshold->type != JSON_OBJ)
        why = "\"threshold\" must be a number or {\"LABEL\": number, ...}";
    else if (q->min_conf && (q->min_conf->type != JSON_NUM || !isfinite(q->min_conf->num)))
        why = "\"min_confidence\" must be a finite number";
    else if (q->allow_empty && q->allow_empty->type != JSON_BOOL)
        why = "\"allow_empty\" must be true or false";
    if (why) {
        serve_reply_error(r, 400, "%s", why);
        return -1;
    }
    q->by_ngrams = by && strcmp(by->str, "ngrams") == 0;
    return 0;
}

/* The thresholds in force for m, into t (the model's, then the request's).
 * @return 0, or -1 with the reply set. */
static int thresholds(const tasnif_model *m, const json *spec, double *t, serve_reply *r)
{
    if (!m->multi) {
        serve_reply_error(r, 400, "\"threshold\" applies to label-set models (tasnif train --multi-label)");
        return -1;
    }
    memcpy(t, m->thresh, (size_t)m->nlabels * sizeof *t);
    if (spec->type == JSON_NUM) {
        if (!isfinite(spec->num)) {
            serve_reply_error(r, 400, "\"threshold\" must be a finite number");
            return -1;
        }
        for (int i = 0; i < m->nlabels; i++)
            t[i] = spec->num;
        return 0;
    }
    for (size_t k = 0; k < spec->n; k++) {
        int li = model_label_index(m, spec->keys[k], strlen(spec->keys[k]));
        if (li < 0) {
            serve_reply_error(r, 400, "\"threshold\": '%.200s' is not one of the model's labels", spec->keys[k]);
            return -1;
        }
        if (spec->items[k]->type != JSON_NUM || !isfinite(spec->items[k]->num)) {
            serve_reply_error(r, 400, "\"threshold\": the value of '%.200s' must be a finite number", spec->keys[k]);
            return -1;
        }
        t[li] = spec->items[k]->num;
    }
    return 0;
}

/* The labels a document of m may get under q's fields, into c (w->thresh
 * holding the request's thresholds).  @return 0, or -1 with the reply set. */
static int choice_for(const tasnif_model *m, const request *q, worker *w, model_choice *c, serve_reply *r)
{
    model_choice_init(c, m);
    if (q->threshold && thresholds(m, q->threshold, w->thresh, r) < 0)
        return -1;
    if (q->min_conf && m->multi) {
        serve_reply_error(r, 400, "\"min_confidence\" applies to single-label models; label sets abstain by their "
                          "thresholds (\"threshold\", \"allow_empty\")");
        return -1;
    }
    if (q->allow_empty && !m->multi) {
        serve_reply_error(r, 400, "\"allow_empty\" applies to label-set models; a single-label model abstains with "
                          "\"min_confidence\"");
        return -1;
    }
    if (q->threshold)
        c->thresh = w->thresh;
    if (q->min_conf)
        c->min_confidence = q->min_conf->num;
    if (q->allow_empty)
        c->allow_empty = q->allow_empty->num != 0;
    if (q->threshold && q->top_k_given) { /* fastText's predict k t, as predict --top-k K --threshold T */
        c->max_labels = q->top_k;
        c->allow_empty = 1;
    }
    return 0;
}

/* Score one document and write its object (without the newline the
 * writer ends it with) to fp.  @return 0, or -1 with the reply set. */
static int classify_one(const tasnif_model *m, worker *w, const request *q, const model_choice *c, const json *text,
                        const json *id, const char *where, FILE *fp, serve_reply *r)
{
    size_t len = strlen(text->str);
    if (corpus_is_blank(text->str, len)) {
        serve_reply_error(r, 400, "%sempty text", where);
        return -1;
    }
    tasnif_err e = {0};
    int rc = model_score_text(m, w->ctx, &w->sc, text->str, len, NULL, 0, &e);
    if (rc < 0) {
        serve_reply_error(r, rc == TASNIF_ENOMEM ? 500 : rc == TASNIF_ELIMIT ? 413 : 400, "%s%s", where,
                          e.msg[0] ? e.msg : tasnif_strerror(rc));
        return -1;
    }
    out_pred p = {.name = id && id->type == JSON_STR ? id->str : NULL,
                  .k = q->top_k < m->nlabels ? q->top_k : m->nlabels,
                  .explain_n = q->explain,
                  .by_ngrams = q->by_ngrams};
    if (out_pred_explain(&p, m, w->ctx, &w->sc, text->str, len, c, -1, w->chosen, w->ex) < 0) {
        serve_reply_error(r, 500, "out of memory");
        return -1;
    }
    long at = ftell(fp);
    out_prediction(fp, OUT_JSON, m, &p);
    out_pred_finish(&p);
    if (ftell(fp) > at) /* the newline */
        fseek(fp, -1, SEEK_CUR);
    return 0;
}

/* Answer a checked request with the current model. */
static void classify_all(serve_app *app, const request *q, serve_reply *r)
{
    worker *w;
    holder *h = acquire(app, &w);
    const tasnif_model *m = h->m;
    const json *text, *id;
    char *out = NULL;
    size_t n = 0;
    FILE *fp = w ? open_memstream(&out, &n) : NULL;
    model_choice c;
    int ok = fp && choice_for(m, q, w, &c, r) == 0;
    if (ok && q->text)
        ok = classify_one(m, w, q, &c, q->text, q->id, "", fp, r) == 0;
    else if (ok) {
        fputs("{\"results\":[", fp);
        for (size_t i = 0; ok && i < q->docs->n; i++) {
            char where[48];
            snprintf(where, sizeof where, "documents[%zu]: ", i);
            check_doc(q->docs->items[i], i, &text, &id, r);
            ok = (!i || fputc(',', fp) != EOF) && classify_one(m, w, q, &c, text, id, where, fp, r) == 0;
        }
        fputs("]}", fp);
    }
    if (ok)
        fputc('\n', fp);
    if (fp && fclose(fp) != 0)
        ok = 0;
    if (ok) {
        reply_set(r, 200, out, n);
        r->documents = q->text ? 1 : (long)q->docs->n;
    } else if (!r->body)
        serve_reply_error(r, 500, "out of memory");
    free(out);
    release(app, h, w);
}

static void classify(serve_app *app, const char *body, size_t len, serve_reply *r)
{
    size_t at = 0;
    if (utf8_check(body, len, &at) < 0) {
        serve_reply_error(r, 400, "invalid UTF-8 at byte %zu of the body", at + 1);
        return;
    }
    const char *why = NULL;
    json *j = json_parse(body, len, &at, &why);
    if (!j && why == json_out_of_memory) {
        serve_reply_error(r, 500, "out of memory");
        return;
    }
    if (!j) {
        serve_reply_error(r, 400, "malformed JSON at byte %zu: %s", at + 1, why);
        return;
    }
    request q;
    const json *text, *id;
    int ok = check_request(j, &q, r) == 0;
    for (size_t i = 0; ok && q.docs && i < q.docs->n; i++)
        ok = check_doc(q.docs->items[i], i, &text, &id, r) == 0;
    if (ok)
        classify_all(app, &q, r);
    json_free(j);
}

/* ---- routes ---- */

static int is_get(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

int serve_app_wants_body(const char *method, const char *path)
{
    return strcmp(method, "POST") == 0 && (strcmp(path, "/v1/classify") == 0 || strcmp(path, "/v1/reload") == 0);
}

void serve_app_handle(serve_app *app, const char *method, const char *path, const char *body, size_t len,
                      serve_reply *r)
{
    memset(r, 0, sizeof *r);
    static const struct {
        const char *path, *allow;
    } routes[] = {{"/v1/classify", "POST"}, {"/v1/model", "GET, HEAD"}, {"/healthz", "GET, HEAD"},
                  {"/v1/reload", "POST"}};
    size_t i = 0;
    while (i < sizeof routes / sizeof routes[0] && strcmp(path, routes[i].path) != 0)
        i++;
    if (i == sizeof routes / sizeof routes[0]) {
        serve_reply_error(r, 404, "no such path: %.200s (POST /v1/classify, GET /v1/model, GET /healthz)", path);
        return;
    }
    if (strcmp(routes[i].allow, "POST") == 0 ? strcmp(method, "POST") != 0 : !is_get(method)) {
        serve_reply_error(r, 405, "%.200s takes %s, not %.40s", path, routes[i].allow, method);
        r->allow = routes[i].allow;
        return;
    }
    if (i == 0) {
        classify(app, body ? body : "", len, r);
    } else if (i == 1) {
        holder *h = acquire(app, NULL);
        reply_set(r, 200, h->info, h->info_len);
        release(app, h, NULL);
    } else if (i == 2) {
        char text[160];
        pthread_mutex_lock(&app->lock);
        int n = snprintf(text, sizeof text, "{\"status\":\"ok\",\"generation\":%lu,\"failed_reloads\":%lu}\n",
                         app->cur->generation, app->failed);
        pthread_mutex_unlock(&app->lock);
        reply_set(r, 200, text, (size_t)n);
    } else if (!app->allow_reload) {
        serve_reply_error(r, 403, "reloading over HTTP is off: start tasnif serve with --allow-reload "
                                  "(or send the server SIGHUP)");
    } else {
        tasnif_err e = {0};
        int rc = serve_app_reload(app, &e);
        if (rc < 0)
            serve_reply_error(r, 500, "reload refused: %s; the model loaded before keeps serving",
                              e.msg[0] ? e.msg : tasnif_strerror(rc));
        else {
            char text[96];
            int n = snprintf(text, sizeof text, "{\"status\":\"reloaded\",\"generation\":%lu}\n",
                             serve_app_generation(app));
            reply_set(r, 200, text, (size_t)n);
        }
    }
}
