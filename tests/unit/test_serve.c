/*
 * test_serve.c - the application behind `tasnif serve` without sockets:
 * routes and their statuses, each class of bad request with its message,
 * answers that are predict's JSON objects, label-set thresholds, the
 * model's description, reloads (a good one, a refused one, POST
 * /v1/reload off and on), and threads classifying while the model is
 * reloaded again and again between two files (every answer one of the
 * two models' own; the sanitizer build checks no holder is used after it
 * is freed).  The models are trained on the demo corpora first.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../../features/json.h"
#include "../../predict/output.h"
#include "../../predict/serve.h"
#include "../../train/train.h"
#include "check.h"
#include "demo_model.h"

static char dir[] = "/tmp/tasnif-serve.XXXXXX";
static char single_path[64], multi_path[64], live_path[64];

static void copy_file(const char *from, const char *to)
{
    char tmp[80];
    snprintf(tmp, sizeof tmp, "%s.tmp", to);
    FILE *in = fopen(from, "rb"), *out = fopen(tmp, "wb");
    char buf[65536];
    size_t n;
    while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    rename(tmp, to); /* as a deployment replaces a model: whole */
}

/* Events the application reported. */
static int infos, errors;
static char last_msg[1200];
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_event(void *user, const serve_event *ev)
{
    (void)user;
    pthread_mutex_lock(&log_lock);
    if (ev->kind == SERVE_INFO)
        infos++;
    else if (ev->kind == SERVE_ERROR)
        errors++;
    snprintf(last_msg, sizeof last_msg, "%s", ev->msg ? ev->msg : "");
    pthread_mutex_unlock(&log_lock);
}

static serve_reply ask(serve_app *app, const char *method, const char *path, const char *body)
{
    serve_reply r;
    serve_app_handle(app, method, path, body, body ? strlen(body) : 0, &r);
    return r;
}

/* The reply's status is want and its body {"error": ...} holding has. */
static void expect_error(serve_app *app, const char *method, const char *path, const char *body, int want,
                         const char *has)
{
    serve_reply r = ask(app, method, path, body);
    json *j = r.body ? json_parse(r.body, r.len, NULL, NULL) : NULL;
    const json *e = json_get(j, "error");
    check(r.status == want && e && e->type == JSON_STR && strstr(e->str, has) && r.len && r.body[r.len - 1] == '\n',
          "%s %s '%.60s': %d with '%s', got %d %s", method, path, body ? body : "", want, has, r.status,
          r.body ? r.body : "(none)");
    json_free(j);
    serve_reply_finish(&r);
}

static void test_routes(serve_app *app)
{
    expect_error(app, "GET", "/", NULL, 404, "no such path");
    expect_error(app, "GET", "/v1/classify/x", NULL, 404, "no such path");
    expect_error(app, "POST", "/v2/classify", "{}", 404, "no such path");
    serve_reply r = ask(app, "GET", "/v1/classify", NULL);
    check(r.status == 405 && r.allow && strcmp(r.allow, "POST") == 0, "GET /v1/classify: 405, Allow: POST");
    serve_reply_finish(&r);
    r = ask(app, "DELETE", "/healthz", NULL);
    check(r.status == 405 && r.allow && strcmp(r.allow, "GET, HEAD") == 0, "DELETE /healthz: 405, Allow: GET, HEAD");
    serve_reply_finish(&r);
    r = ask(app, "POST", "/v1/model", "{}");
    check(r.status == 405 && r.allow && strcmp(r.allow, "GET, HEAD") == 0, "POST /v1/model: 405");
    serve_reply_finish(&r);
    check(serve_app_wants_body("POST", "/v1/classify") && serve_app_wants_body("POST", "/v1/reload") &&
              !serve_app_wants_body("GET", "/v1/classify") && !serve_app_wants_body("POST", "/healthz") &&
              !serve_app_wants_body("POST", "/nowhere"),
          "only POST /v1/classify and /v1/reload read a body");

    r = ask(app, "GET", "/healthz", NULL);
    check(r.status == 200 && r.body && strcmp(r.body, "{\"status\":\"ok\",\"generation\":1,\"failed_reloads\":0}\n") == 0,
          "GET /healthz: %s", r.body ? r.body : "");
    serve_reply_finish(&r);
    r = ask(app, "HEAD", "/healthz", NULL);
    check(r.status == 200, "HEAD /healthz");
    serve_reply_finish(&r);

    /* GET /v1/model is what info --format json writes */
    tasnif_model *m = NULL;
    char *want = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&want, &n);
    check(tasnif_model_load(single_path, &m, NULL) == 0 && out_model_json(fp, m, single_path) == 0, "describe");
    fclose(fp);
    r = ask(app, "GET", "/v1/model", NULL);
    check(r.status == 200 && r.len == n && memcmp(r.body, want, n) == 0, "GET /v1/model is info --format json");
    serve_reply_finish(&r);
    free(want);
    tasnif_model_free(m);
}

static void test_bad_requests(serve_app *app)
{
    static const struct {
        const char *body;
        int status;
        const char *has;
    } cases[] = {
        {"", 400, "malformed JSON at byte 1"},
        {"{\"text\": \"abc\"", 400, "malformed JSON at byte 15"},
        {"{\"text\": \"a\"} x", 400, "text after the JSON value"},
        {"{'text': 'a'}", 400, "malformed JSON"},
        {"{\"text\": \"caf\xc3\"}", 400, "invalid UTF-8 at byte 14"},
        {"{\"text\": \"\xed\xa0\x80\"}", 400, "invalid UTF-8 at byte 11"},
        {"[\"text\"]", 400, "must be a JSON object"},
        {"\"hello\"", 400, "must be a JSON object"},
        {"{}", 400, "give \"text\" (one document) or \"documents\""},
        {"{\"text\": 5}", 400, "\"text\" must be a string"},
        {"{\"text\": null}", 400, "\"text\" must be a string"},
        {"{\"text\": \"a\", \"documents\": []}", 400, "not both"},
        {"{\"text\": \"a\", \"id\": 7}", 400, "\"id\" must be a string"},
        {"{\"text\": \"a\", \"text\": \"b\"}", 400, "duplicate key \"text\" in an object"},
        {"{\"text\": \"a\", \"topk\": 2}", 400, "unknown field 'topk'"},
        {"{\"text\": \"a\", \"min_confidence\": \"0.5\"}", 400, "\"min_confidence\" must be a finite number"},
        {"{\"text\": \"a\", \"min_confidence\": 1e999}", 400, "\"min_confidence\" must be a finite number"},
        {"{\"text\": \"a\", \"allow_empty\": 1}", 400, "\"allow_empty\" must be true or false"},
        {"{\"text\": \"a\", \"allow_empty\": true}", 400, "\"allow_empty\" applies to label-set models"},
        {"{\"text\": \"a\", \"top_k\": 0}", 400, "\"top_k\" must be a whole number from 1 to 100000"},
        {"{\"text\": \"a\", \"top_k\": 1.5}", 400, "\"top_k\""},
        {"{\"text\": \"a\", \"top_k\": \"3\"}", 400, "\"top_k\""},
        {"{\"text\": \"a\", \"top_k\": 1e999}", 400, "\"top_k\""},
        {"{\"text\": \"a\", \"explain\": -1}", 400, "\"explain\" must be a whole number from 0"},
        {"{\"text\": \"a\", \"explain\": true}", 400, "\"explain\""},
        {"{\"text\": \"a\", \"explain_by\": \"letters\"}", 400, "\"explain_by\" must be \"words\" or \"ngrams\""},
        {"{\"text\": \"a\", \"threshold\": \"0.5\"}", 400, "\"threshold\" must be a number"},
        {"{\"text\": \"a\", \"threshold\": 0.5}", 400, "applies to label-set models"},
        {"{\"text\": \"   \\n\\t \"}", 400, "empty text"},
        {"{\"text\": \"\"}", 400, "empty text"},
        {"{\"documents\": {}}", 400, "\"documents\" must be a list"},
        {"{\"documents\": [\"a\"]}", 400, "documents[0] must be an object"},
        {"{\"documents\": [{\"text\": \"a\"}, {\"id\": \"b\"}]}", 400, "documents[1]: \"text\" must be a string (missing)"},
        {"{\"documents\": [{\"text\": \"a\", \"id\": 3}]}", 400, "documents[0]: \"id\" must be a string"},
        {"{\"documents\": [{\"text\": \"a\", \"label\": \"x\"}]}", 400, "documents[0]: unknown field 'label'"},
        {"{\"documents\": [{\"text\": \"a\"}, {\"text\": \" \"}]}", 400, "documents[1]: empty text"},
        {"{\"documents\": [{\"text\": \"a\"}], \"id\": \"x\"}", 400, "\"id\" goes with \"text\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_error(app, "POST", "/v1/classify", cases[i].body, cases[i].status, cases[i].has);
    expect_error(app, "POST", "/v1/reload", "", 403, "--allow-reload");
}

static const char *article = "أعلنت الأطراف وقف إطلاق النار في المدينة بعد مفاوضات طويلة";

static void test_classify(serve_app *app)
{
    char body[1024];
    snprintf(body, sizeof body, "{\"text\": \"%s\", \"id\": \"a-1\"}", article);
    serve_reply r = ask(app, "POST", "/v1/classify", body);
    json *j = r.body ? json_parse(r.body, r.len, NULL, NULL) : NULL;
    const json *id = json_get(j, "id"), *label = json_get(j, "label"), *scores = json_get(j, "scores");
    tasnif_model *m = NULL;
    tasnif_score best;
    check(tasnif_model_load(single_path, &m, NULL) == 0 && tasnif_classify(m, article, strlen(article), &best, 1, NULL) == 1,
          "classify with the library");
    check(r.status == 200 && r.documents == 1 && id && strcmp(id->str, "a-1") == 0 && label &&
              strcmp(label->str, best.label) == 0 && scores && scores->n == 1,
          "one document: 200, its id and the library's label (%s)", r.body ? r.body : "");
    check(r.len && r.body[r.len - 1] == '\n' && !memchr(r.body, '\n', r.len - 1), "one line");
    json_free(j);
    serve_reply_finish(&r);

    /* the same document through out_prediction, as predict writes it */
    feat_ctx *ctx = NULL;
    model_scratch sc;
    check(feat_ctx_new(&m->fs.cfg, &ctx, NULL) == 0 && model_scratch_init(&sc, m) == 0, "scoring state");
    check(model_score_text(m, ctx, &sc, article, strlen(article), NULL, 0, NULL) >= 0, "score");
    unsigned char *chosen = malloc((size_t)m->nlabels);
    model_expl *ex = calloc((size_t)m->nlabels, sizeof *ex);
    out_pred p = {.name = NULL, .k = 3, .explain_n = 2};
    check(out_pred_explain(&p, m, ctx, &sc, article, strlen(article), NULL, -1, chosen, ex) == 0, "explain");
    char *want = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&want, &n);
    out_prediction(fp, OUT_JSON, m, &p);
    fclose(fp);
    out_pred_finish(&p);
    snprintf(body, sizeof body, "{\"text\": \"%s\", \"top_k\": 3, \"explain\": 2}", article);
    r = ask(app, "POST", "/v1/classify", body);
    check(r.status == 200 && r.len == n && memcmp(r.body, want, n) == 0 && strncmp(r.body, "{\"id\":null,", 11) == 0,
          "top_k 3, explain 2, no id: predict's object with id null\n  got  %s  want %s", r.body ? r.body : "", want);
    serve_reply_finish(&r);

    /* a list: {"results": [...]}, each predict's object in order */
    snprintf(body, sizeof body,
             "{\"documents\": [{\"id\": \"x\", \"text\": \"%s\"}, {\"text\": \"%s\", \"id\": null}], \"top_k\": 3, "
             "\"explain\": 2}",
             article, article);
    r = ask(app, "POST", "/v1/classify", body);
    char *both = malloc(2 * n + 64);
    snprintf(both, 2 * n + 64, "{\"results\":[{\"id\":\"x\",%.*s,%.*s]}\n", (int)(n - 12), want + 11, (int)(n - 1),
             want);
    check(r.status == 200 && r.documents == 2 && r.body && strcmp(r.body, both) == 0,
          "two documents in order\n  got  %s  want %s", r.body ? r.body : "", both);
    serve_reply_finish(&r);
    r = ask(app, "POST", "/v1/classify", "{\"documents\": []}");
    check(r.status == 200 && r.documents == 0 && r.body && strcmp(r.body, "{\"results\":[]}\n") == 0, "no documents");
    serve_reply_finish(&r);
    /* explain by n-grams */
    snprintf(body, sizeof body, "{\"text\": \"%s\", \"explain\": 3, \"explain_by\": \"ngrams\"}", article);
    r = ask(app, "POST", "/v1/classify", body);
    check(r.status == 200 && r.body && strstr(r.body, "\"terms\":[") && strstr(r.body, "\"words\":["), "explain_by");
    serve_reply_finish(&r);
    free(both);
    free(want);
    free(chosen);
    free(ex);
    model_scratch_finish(&sc);
    feat_ctx_free(ctx);
    tasnif_model_free(m);
}

/* Label sets: thresholds from the request. */
static void test_thresholds(serve_app *app)
{
    char body[1024];
    snprintf(body, sizeof body, "{\"text\": \"%s\", \"threshold\": -1000}", article);
    serve_reply r = ask(app, "POST", "/v1/classify", body);
    json *j = r.body ? json_parse(r.body, r.len, NULL, NULL) : NULL;
    const json *labels = json_get(j, "labels");
    check(r.status == 200 && labels && labels->n == 4, "threshold -1000 chooses all 4 labels: %s", r.body);
    json_free(j);
    serve_reply_finish(&r);
    snprintf(body, sizeof body, "{\"text\": \"%s\", \"threshold\": {\"ceasefire\": -1000, \"escalation\": 1000}}",
             article);
    r = ask(app, "POST", "/v1/classify", body);
    j = r.body ? json_parse(r.body, r.len, NULL, NULL) : NULL;
    labels = json_get(j, "labels");
    int has_cease = 0, has_esc = 0;
    for (size_t i = 0; labels && i < labels->n; i++) {
        has_cease |= strcmp(labels->items[i]->str, "ceasefire") == 0;
        has_esc |= strcmp(labels->items[i]->str, "escalation") == 0;
    }
    const json *scores = json_get(j, "scores");
    double t_cease = 0;
    for (size_t i = 0; scores && i < scores->n; i++)
        if (strcmp(json_get(scores->items[i], "label")->str, "ceasefire") == 0)
            t_cease = json_num(scores->items[i], "threshold", 0);
    check(r.status == 200 && has_cease && t_cease == -1000, "per-label threshold: ceasefire chosen at -1000: %s", r.body);
    check(!has_esc || (json_get(j, "label") && strcmp(json_get(j, "label")->str, "escalation") == 0),
          "escalation only as the best label at 1000");
    json_free(j);
    serve_reply_finish(&r);
    expect_error(app, "POST", "/v1/classify", "{\"text\": \"a\", \"threshold\": {\"peace\": 1}}", 400,
                 "'peace' is not one of the model's labels");
    expect_error(app, "POST", "/v1/classify", "{\"text\": \"a\", \"threshold\": {\"ceasefire\": \"1\"}}", 400,
                 "the value of 'ceasefire' must be a finite number");
    expect_error(app, "POST", "/v1/classify", "{\"text\": \"a\", \"threshold\": -1e999}", 400, "finite");
}

/* The "label" of one classify request's answer ("" for null), into out. */
static int label_of(serve_app *app, const char *body, char *out, size_t cap, size_t *nscores)
{
    serve_reply r = ask(app, "POST", "/v1/classify", body);
    json *j = r.body ? json_parse(r.body, r.len, NULL, NULL) : NULL;
    const json *label = json_get(j, "label"), *scores = json_get(j, "scores");
    int status = r.status;
    snprintf(out, cap, "%s", label && label->type == JSON_STR ? label->str : label ? "" : "(missing)");
    *nscores = scores ? scores->n : 0;
    json_free(j);
    serve_reply_finish(&r);
    return status;
}

/* min_confidence: "label" null below it, the scores kept; the label at or
 * below the best score. */
static void test_abstain(serve_app *app)
{
    char body[1024], label[256], plain[256];
    size_t n;
    snprintf(body, sizeof body, "{\"text\": \"%s\"}", article);
    check(label_of(app, body, plain, sizeof plain, &n) == 200 && plain[0], "a label without min_confidence");
    snprintf(body, sizeof body, "{\"text\": \"%s\", \"min_confidence\": 1000, \"top_k\": 2}", article);
    check(label_of(app, body, label, sizeof label, &n) == 200 && !label[0] && n == 2,
          "min_confidence 1000: label null, 2 scores kept (%s, %zu)", label, n);
    snprintf(body, sizeof body, "{\"text\": \"%s\", \"min_confidence\": -1000}", article);
    check(label_of(app, body, label, sizeof label, &n) == 200 && strcmp(label, plain) == 0,
          "min_confidence -1000: the label (%s)", label);
}

/* allow_empty and top_k with a threshold on a label-set model. */
static void test_label_set_choice(serve_app *app)
{
    char body[1024], label[256];
    size_t n;
    snprintf(body, sizeof body, "{\"text\": \"%s\", \"threshold\": 1000}", article);
    check(label_of(app, body, label, sizeof label, &n) == 200 && label[0], "threshold 1000: still the best label");
    snprintf(body, sizeof body, "{\"text\": \"%s\", \"threshold\": 1000, \"allow_empty\": true}", article);
    check(label_of(app, body, label, sizeof label, &n) == 200 && !label[0], "allow_empty: no label (%s)", label);
    snprintf(body, sizeof body, "{\"text\": \"%s\", \"threshold\": -1000, \"top_k\": 2}", article);
    serve_reply r = ask(app, "POST", "/v1/classify", body);
    json *j = r.body ? json_parse(r.body, r.len, NULL, NULL) : NULL;
    const json *labels = json_get(j, "labels");
    check(r.status == 200 && labels && labels->n == 2, "top_k 2 with threshold -1000: 2 labels of 4: %s", r.body);
    json_free(j);
    serve_reply_finish(&r);
    expect_error(app, "POST", "/v1/classify", "{\"text\": \"a\", \"min_confidence\": 0.5}", 400,
                 "\"min_confidence\" applies to single-label models");
}

/* ---- reloads ---- */

static void test_reload(void)
{
    copy_file(single_path, live_path);
    serve_app *app = NULL;
    tasnif_err err = {0};
    check(serve_app_new(live_path, 2, 1, on_event, NULL, &app, &err) == 0, "serve_app_new: %s", err.msg);
    if (!app)
        return;
    copy_file(multi_path, live_path);
    serve_reply r = ask(app, "POST", "/v1/reload", "");
    check(r.status == 200 && r.body && strcmp(r.body, "{\"status\":\"reloaded\",\"generation\":2}\n") == 0,
          "POST /v1/reload: %s", r.body ? r.body : "");
    serve_reply_finish(&r);
    check(infos == 1 && strstr(last_msg, "generation 2"), "the reload reported: %s", last_msg);
    r = ask(app, "GET", "/v1/model", NULL);
    check(r.status == 200 && strstr(r.body, "\"multi_label\":true"), "the label-set model is served now");
    serve_reply_finish(&r);

    /* a corrupt file is refused; the model before keeps serving.  The file
     * is replaced by rename, as tasnif and deployments replace models: the
     * model being served is mapped, and a file truncated in place under a
     * mapping faults (models/load.c) */
    char tmp[80];
    snprintf(tmp, sizeof tmp, "%s.tmp", live_path);
    FILE *fp = fopen(tmp, "wb");
    fputs("not a model", fp);
    fclose(fp);
    rename(tmp, live_path);
    tasnif_err e = {0};
    check(serve_app_reload(app, &e) < 0 && e.msg[0], "a corrupt model is refused");
    check(errors == 1 && strstr(last_msg, "reload refused") && strstr(last_msg, "generation 2 keeps serving"),
          "the refusal reported: %s", last_msg);
    r = ask(app, "GET", "/healthz", NULL);
    check(r.status == 200 && strcmp(r.body, "{\"status\":\"ok\",\"generation\":2,\"failed_reloads\":1}\n") == 0,
          "generation 2, one failed reload: %s", r.body);
    serve_reply_finish(&r);
    r = ask(app, "POST", "/v1/reload", NULL);
    check(r.status == 500 && strstr(r.body, "keeps serving"), "POST /v1/reload of a corrupt model: 500");
    serve_reply_finish(&r);
    r = ask(app, "POST", "/v1/classify", "{\"text\": \"وقف إطلاق النار\", \"id\": \"z\"}");
    check(r.status == 200 && strstr(r.body, "\"labels\":["), "still classifying with the label-set model");
    serve_reply_finish(&r);
    unlink(live_path);
    check(serve_app_reload(app, NULL) < 0 && serve_app_generation(app) == 2, "a missing file is refused");
    serve_app_free(app);
}

/* Threads classifying while another reloads between two models: every
 * answer is 200 and one of the two models' answers. */
typedef struct client {
    serve_app *app;
    const char *body;
    const char *want[2];
    int rounds, failures;
} client;

static void *client_run(void *arg)
{
    client *c = arg;
    for (int i = 0; i < c->rounds; i++) {
        serve_reply r;
        serve_app_handle(c->app, "POST", "/v1/classify", c->body, strlen(c->body), &r);
        if (r.status != 200 || !r.body || (strcmp(r.body, c->want[0]) != 0 && strcmp(r.body, c->want[1]) != 0))
            c->failures++;
        serve_reply_finish(&r);
    }
    return NULL;
}

static void test_reload_under_load(void)
{
    char body[512];
    snprintf(body, sizeof body, "{\"text\": \"%s\", \"id\": \"q\", \"top_k\": 2, \"explain\": 3}", article);
    serve_reply a, b;
    serve_app *app = NULL;
    copy_file(multi_path, live_path);
    check(serve_app_new(live_path, 1, 0, NULL, NULL, &app, NULL) == 0, "serve the label-set model");
    if (!app)
        return;
    serve_app_handle(app, "POST", "/v1/classify", body, strlen(body), &b);
    copy_file(single_path, live_path);
    check(serve_app_reload(app, NULL) == 0, "reload");
    serve_app_handle(app, "POST", "/v1/classify", body, strlen(body), &a);
    check(a.status == 200 && b.status == 200 && strcmp(a.body, b.body) != 0, "the two models answer differently");
    client c[3];
    pthread_t t[3];
    for (int i = 0; i < 3; i++) {
        c[i] = (client){app, body, {a.body, b.body}, 150, 0};
        pthread_create(&t[i], NULL, client_run, &c[i]);
    }
    int reloads = 0;
    for (int i = 0; i < 30; i++) {
        copy_file(i % 2 ? single_path : multi_path, live_path);
        reloads += serve_app_reload(app, NULL) == 0;
    }
    int failures = 0;
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], NULL);
        failures += c[i].failures;
    }
    check(reloads == 30 && serve_app_generation(app) == 32, "30 reloads under load (%d)", reloads);
    check(failures == 0, "%d of 450 answers failed or came from neither model", failures);
    serve_reply_finish(&a);
    serve_reply_finish(&b);
    serve_app_free(app);
    unlink(live_path);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(single_path, sizeof single_path, "%s/single.tsnf", dir);
    snprintf(multi_path, sizeof multi_path, "%s/multi.tsnf", dir);
    snprintf(live_path, sizeof live_path, "%s/live.tsnf", dir);
    if (train_to("datasets/demo/train.tsv", 0, single_path) == 0 &&
        train_to("datasets/demo/train.multi.tsv", 1, multi_path) == 0) {
        serve_app *app = NULL;
        tasnif_err err = {0};
        check(serve_app_new("/nonexistent/m.tsnf", 1, 0, NULL, NULL, &app, &err) < 0 && !app && err.msg[0],
              "a missing model: no application");
        check(serve_app_new(single_path, 2, 0, NULL, NULL, &app, &err) == 0, "serve_app_new: %s", err.msg);
        if (app) {
            test_routes(app);
            test_bad_requests(app);
            test_classify(app);
            test_abstain(app);
            serve_app_free(app);
        }
        app = NULL;
        check(serve_app_new(multi_path, 1, 0, NULL, NULL, &app, &err) == 0, "serve_app_new (label sets)");
        if (app) {
            test_thresholds(app);
            test_label_set_choice(app);
        }
        serve_app_free(app);
        test_reload();
        test_reload_under_load();
    }
    unlink(single_path);
    unlink(multi_path);
    rmdir(dir);
    return check_done();
}
