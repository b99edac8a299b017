/*
 * test_mlreport.c - the multi-label report on hand-checked cases: perfect
 * prediction, no predictions, a label never predicted, a small mixed case
 * worked out on paper; gates (pass, fail, unknown name, malformed,
 * hamming_loss "at most"); the bootstrap is seeded; the JSON report parses
 * back with features/json.h and a label like </b>"& is escaped in every
 * format.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../../predict/mlreport.h"
#include "../../features/json.h"
#include "check.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-12)

static char *labels3[] = {"x", "y", "z"};

/* Add documents given as strings of 0/1: "110:100" is T={x,y}, P={x}. */
static void add_docs(ml_report *r, const char *const *docs, int n)
{
    for (int i = 0; i < n; i++) {
        uint8_t t[16], p[16];
        char where[32];
        for (int l = 0; l < r->k; l++) {
            t[l] = docs[i][l] == '1';
            p[l] = docs[i][r->k + 1 + l] == '1';
        }
        snprintf(where, sizeof where, "docs:%d", i + 1);
        check(ml_report_add(r, t, p, where) == 0, "add %s", docs[i]);
    }
}

static void test_perfect(void)
{
    static const char *const docs[] = {"100:100", "011:011", "111:111", "001:001"};
    ml_report r;
    check(ml_report_init(&r, 3, labels3) == 0, "init");
    r.bootstrap = 200;
    add_docs(&r, docs, 4);
    check(ml_report_compute(&r) == 0, "compute");
    const char *ones[] = {"micro_precision", "micro_recall", "micro_f1", "macro_precision", "macro_recall",
                          "macro_f1", "samples_precision", "samples_recall", "samples_f1", "exact_match"};
    for (size_t i = 0; i < sizeof ones / sizeof ones[0]; i++) {
        double v = -1;
        check(ml_report_metric(&r, ones[i], &v) == 0 && v == 1, "perfect: %s = %g", ones[i], v);
    }
    check(r.hamming_loss == 0, "perfect: hamming %g", r.hamming_loss);
    check(NEAR(r.card_true, 7.0 / 4) && NEAR(r.card_pred, 7.0 / 4), "cardinality %g %g", r.card_true, r.card_pred);
    for (int l = 0; l < 3; l++)
        check(r.prec[l] == 1 && r.rec[l] == 1 && r.f1[l] == 1 && r.support[l] == r.npred[l], "label %d", l);
    check(r.support[2] == 3, "support z %llu", (unsigned long long)r.support[2]);
    /* a resample without a label scores 0 for it: only macro-F1 varies */
    for (int m = 0; m < 5; m++) {
        double want = m == 4 ? 0 : 1;
        check((m == 1 || r.lo[m] == want) && r.hi[m] == want, "perfect interval %d [%g, %g]", m, r.lo[m], r.hi[m]);
    }
    check(r.lo[1] < 1, "macro-F1 interval: resamples without a label");
    size_t idx[5];
    check(ml_report_worst(&r, idx, 5) == 0, "no wrong documents");
    ml_report_finish(&r);
}

static void test_no_predictions(void)
{
    static const char *const docs[] = {"110:000", "000:000", "001:000", "011:000"};
    ml_report r;
    ml_report_init(&r, 3, labels3);
    r.bootstrap = 0;
    add_docs(&r, docs, 4);
    check(ml_report_compute(&r) == 0, "compute");
    for (int i = 0; i < ML_REPORT_NSUMMARY; i++) {
        double v = -1;
        ml_report_metric(&r, ml_report_summary[i], &v);
        double want = strcmp(ml_report_summary[i], "exact_match") == 0     ? 0.25
                      : strcmp(ml_report_summary[i], "hamming_loss") == 0 ? 5.0 / 12
                      : strcmp(ml_report_summary[i], "label_cardinality_true") == 0 ? 5.0 / 4
                                                                                    : 0;
        check(NEAR(v, want), "no predictions: %s = %g, want %g", ml_report_summary[i], v, want);
    }
    for (int l = 0; l < 3; l++)
        check(r.npred[l] == 0 && r.prec[l] == 0 && r.f1[l] == 0, "label %d", l);
    check(r.lo[0] == 0 && r.hi[0] == 0, "no bootstrap: no interval");
    ml_report_finish(&r);
}

static void test_never_predicted(void)
{
    static char *ab[] = {"a", "b"};
    static const char *const docs[] = {"11:10", "01:10"};
    ml_report r;
    ml_report_init(&r, 2, ab);
    add_docs(&r, docs, 2);
    check(ml_report_compute(&r) == 0, "compute");
    check(r.prec[1] == 0 && r.rec[1] == 0 && r.f1[1] == 0 && r.npred[1] == 0 && r.support[1] == 2,
          "b never predicted: %g %g %g", r.prec[1], r.rec[1], r.f1[1]);
    check(NEAR(r.prec[0], 0.5) && r.rec[0] == 1 && NEAR(r.f1[0], 2.0 / 3), "a: %g %g %g", r.prec[0], r.rec[0], r.f1[0]);
    check(NEAR(r.macro_p, 0.25) && NEAR(r.macro_r, 0.5) && NEAR(r.macro_f1, 1.0 / 3), "macro");
    check(NEAR(r.micro_p, 0.5) && NEAR(r.micro_r, 1.0 / 3) && NEAR(r.micro_f1, 0.4), "micro %g %g %g", r.micro_p,
          r.micro_r, r.micro_f1);
    double v;
    check(ml_report_metric(&r, "precision:b", &v) == 0 && v == 0, "precision:b");
    check(ml_report_metric(&r, "recall:a", &v) == 0 && v == 1, "recall:a");
    check(ml_report_metric(&r, "f1:c", &v) < 0 && ml_report_metric(&r, "support:a", &v) < 0, "unknown metrics");
    ml_report_finish(&r);
}

/* Worked on paper: x: tp 2/2/2; y: tp 1, support 2, predicted 1; z: tp 1,
 * support 2, predicted 2. */
static const char *const mixed[] = {"110:100", "010:011", "101:101", "001:000"};

static void test_mixed(void)
{
    ml_report r;
    ml_report_init(&r, 3, labels3);
    r.bootstrap = 300;
    add_docs(&r, mixed, 4);
    check(ml_report_compute(&r) == 0, "compute");
    check(NEAR(r.micro_p, 0.8) && NEAR(r.micro_r, 4.0 / 6) && NEAR(r.micro_f1, 8.0 / 11), "micro");
    check(NEAR(r.macro_p, 5.0 / 6) && NEAR(r.macro_r, 2.0 / 3) && NEAR(r.macro_f1, 13.0 / 18), "macro %g",
          r.macro_f1);
    check(NEAR(r.samples_p, 0.625) && NEAR(r.samples_r, 0.625) && NEAR(r.samples_f1, 7.0 / 12), "samples %g %g %g",
          r.samples_p, r.samples_r, r.samples_f1);
    check(r.exact_match == 0.25 && r.hamming_loss == 0.25, "exact %g hamming %g", r.exact_match, r.hamming_loss);
    check(r.card_true == 1.5 && r.card_pred == 1.25, "cardinality");
    check(NEAR(r.f1[1], 2.0 / 3) && r.f1[2] == 0.5 && r.support[1] == 2 && r.npred[2] == 2, "per label");
    for (int m = 0; m < 5; m++)
        check(r.lo[m] <= r.hi[m] && r.lo[m] >= 0 && r.hi[m] <= 1, "interval %d [%g, %g]", m, r.lo[m], r.hi[m]);
    double lo[5], hi[5];
    memcpy(lo, r.lo, sizeof lo);
    memcpy(hi, r.hi, sizeof hi);
    check(ml_report_compute(&r) == 0 && memcmp(lo, r.lo, sizeof lo) == 0 && memcmp(hi, r.hi, sizeof hi) == 0,
          "the bootstrap is seeded");
    r.seed = 7;
    ml_report_compute(&r);
    check(memcmp(lo, r.lo, sizeof lo) != 0 || memcmp(hi, r.hi, sizeof hi) != 0, "another seed, other intervals");
    size_t idx[5];
    int nw = ml_report_worst(&r, idx, 5);
    check(nw == 3 && idx[0] == 0 && idx[1] == 1 && idx[2] == 3, "worst documents: %d", nw);
    check(ml_report_worst(&r, idx, 0) == 0, "worst, none wanted");
    ml_report_finish(&r);
}

static void test_gates(void)
{
    ml_report r;
    const char *bad = NULL;
    ml_report_init(&r, 3, labels3);
    r.bootstrap = 0;
    add_docs(&r, mixed, 4);
    check(ml_report_add_gates(&r, "micro_f1=0.7,macro_f1=0.9,hamming_loss=0.25,f1:y=0.6", 0, &bad) == 0, "gates");
    check(ml_report_add_gates(&r, "hamming_loss=0.2,samples_recall=0", 0, &bad) == 0, "more gates");
    check(r.ngates == 6, "six gates");
    check(ml_report_add_gates(&r, "exact_match=0.1,micro_f2=0.5", 0, &bad) == -1 && bad && strcmp(bad, "micro_f2") == 0,
          "unknown metric named: %s", bad ? bad : "(null)");
    check(ml_report_add_gates(&r, "f1:nope=0.5", 0, &bad) == -1 && strcmp(bad, "f1:nope") == 0, "unknown label");
    check(ml_report_add_gates(&r, "micro_f1", 0, &bad) == -1 && strcmp(bad, "micro_f1") == 0, "no value");
    check(ml_report_add_gates(&r, "micro_f1=abc", 0, &bad) == -1, "not a number");
    check(r.ngates == 6, "a bad spec adds no gate: %d", r.ngates);
    check(ml_report_compute(&r) == 0, "compute");
    int want[] = {1, 0, 1, 1, 0, 1};
    for (int g = 0; g < 6; g++)
        check(r.gates[g].known && r.gates[g].pass == want[g], "gate %s pass %d", r.gates[g].metric, r.gates[g].pass);
    check(ml_report_failed_gates(&r) == 2, "two failed");
    check(ml_report_at_most("hamming_loss") && !ml_report_at_most("micro_f1"), "at most");
    check(r.gates[2].value == 0.25 && r.gates[2].limit == 0.25, "hamming at its limit passes");
    ml_report_finish(&r);
}

static char *render(const ml_report *r, int fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ml_report_write(r, fmt < 0 ? REP_JUNIT : (report_format)fmt, fp, 0);
    fclose(fp);
    return buf;
}

static void test_json_and_escaping(void)
{
    static char *evil[] = {"</b>\"&", "plain"};
    static const char *const docs[] = {"10:11", "01:01", "11:10", "00:00"};
    ml_report r;
    const char *bad;
    ml_report_init(&r, 2, evil);
    r.model_path = "m<1>.tsnf";
    r.test_path = "t&\"x\".tsv";
    r.bootstrap = 100;
    add_docs(&r, docs, 4);
    check(ml_report_add_gates(&r, "f1:</b>\"&=0.5,hamming_loss=0.1", 0, &bad) == 0, "gate on the evil label");
    check(ml_report_compute(&r) == 0, "compute");
    char *js = render(&r, REP_JSON);
    size_t at = 0;
    json *j = json_parse(js, strlen(js), &at, NULL);
    check(j != NULL, "JSON parses (error at %zu)", at);
    check(!strstr(js, "</b>") && !strstr(js, "<1>"), "no raw markup in JSON");
    if (j) {
        const json *s = json_get(j, "schema");
        check(s && s->type == JSON_STR && strcmp(s->str, "tasnif-multilabel-report") == 0, "schema");
        check(json_num(j, "schema_version", 0) == ML_REPORT_SCHEMA, "schema_version");
        check(json_num(j, "documents", 0) == 4, "documents");
        const json *m = json_get(j, "metrics");
        for (int i = 0; m && i < ML_REPORT_NSUMMARY; i++) {
            double v;
            ml_report_metric(&r, ml_report_summary[i], &v);
            check(json_num(m, ml_report_summary[i], NAN) == v, "JSON %s", ml_report_summary[i]);
        }
        const json *iv = json_get(j, "intervals"), *mf = iv ? json_get(iv, "micro_f1") : NULL;
        check(mf && mf->type == JSON_ARR && mf->n == 2 && mf->items[0]->num == r.lo[0] && mf->items[1]->num == r.hi[0],
              "micro_f1 interval");
        const json *pl = json_get(j, "per_label");
        check(pl && pl->type == JSON_ARR && pl->n == 2, "per_label");
        const json *l0 = pl && pl->n ? json_get(pl->items[0], "label") : NULL;
        check(l0 && l0->type == JSON_STR && strcmp(l0->str, "</b>\"&") == 0, "label round-trips");
        check(pl && json_num(pl->items[0], "f1", NAN) == r.f1[0] && json_num(pl->items[0], "support", -1) == 2 &&
                  json_num(pl->items[0], "predicted", -1) == 2,
              "per-label figures");
        const json *gt = json_get(j, "gates");
        check(gt && gt->type == JSON_ARR && gt->n == 2, "gates in JSON");
        const json *kind = gt && gt->n == 2 ? json_get(gt->items[1], "kind") : NULL;
        check(kind && kind->type == JSON_STR && strcmp(kind->str, "max") == 0, "hamming gate is 'max'");
        const json *passed = json_get(j, "passed");
        check(passed && passed->type == JSON_BOOL && passed->num == 0, "passed false");
        const json *w = json_get(j, "worst");
        check(w && w->type == JSON_ARR && w->n == 2, "worst documents");
        const json *wt = w && w->n ? json_get(w->items[0], "predicted") : NULL;
        check(wt && wt->type == JSON_ARR && wt->n == 2 && strcmp(wt->items[0]->str, "</b>\"&") == 0, "worst labels");
    }
    json_free(j);
    free(js);
    char *html = render(&r, REP_HTML);
    check(strstr(html, "&lt;/b&gt;&quot;&amp;") && !strstr(html, "</b>") && !strstr(html, "<1>") &&
              !strstr(html, "\"x\"") && !strstr(html, "<script"),
          "HTML escapes every label and path");
    check(strstr(html, "<svg") && strstr(html, "aria-label=\"F1 per label\"") && strstr(html, "</html>"), "HTML chart");
    free(html);
    char *md = render(&r, REP_MD);
    check(strstr(md, "| \\</b\\>\"\\& |") && !strstr(md, "</b>"), "Markdown escapes labels");
    free(md);
    char *xml = render(&r, -1);
    check(strstr(xml, "tests=\"2\" failures=\"1\"") && strstr(xml, "name=\"f1:&lt;/b&gt;&quot;&amp; &gt;= 0.5000\"") &&
              strstr(xml, "classname=\"tasnif.gate\"") && strstr(xml, "is above 0.1000</failure>") &&
              !strstr(xml, "</b>") && strstr(xml, "hamming_loss = 0.2500 is above 0.1000"),
          "JUnit: one testcase per gate, escaped");
    free(xml);
    char *txt = render(&r, REP_TEXT);
    check(strstr(txt, "FAIL  hamming_loss = 0.2500 (at most 0.1000)") && strstr(txt, "</b>\"&"), "text");
    free(txt);
    ml_report_finish(&r);
}

static void test_empty_report(void)
{
    ml_report r;
    check(ml_report_init(&r, 2, labels3) == 0, "init");
    check(ml_report_compute(&r) == 0 && r.micro_f1 == 0 && r.hamming_loss == 0 && r.exact_match == 0, "no documents");
    for (int f = -1; f <= REP_HTML; f++) {
        char *s = render(&r, f);
        check(s && *s, "empty report renders in format %d", f);
        if (f == REP_JSON) {
            size_t at;
            json *j = json_parse(s, strlen(s), &at, NULL);
            check(j != NULL, "empty JSON parses");
            json_free(j);
        }
        free(s);
    }
    ml_report_finish(&r);
    check(ml_report_init(&r, -1, NULL) == TASNIF_EARG, "k < 0");
    ml_report_finish(&r);
}

int main(void)
{
    test_perfect();
    test_no_predictions();
    test_never_predicted();
    test_mixed();
    test_gates();
    test_json_and_escaping();
    test_empty_report();
    return check_done();
}
