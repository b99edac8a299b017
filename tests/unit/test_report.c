/*
 * test_report.c - the evaluation report as one structure: figures equal
 * the metrics module's, every format prints the same numbers, gates look
 * up every figure by the name the report prints, and a baseline that
 * lacks a label makes a drop gate on it unknown (failed), not zero.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../../predict/render.h"
#include "../../predict/report.h"
#include "check.h"

static char *labels3[] = {"alpha", "beta", "gamma"};
static char *labels_d[] = {"alpha", "beta", "delta"};

/* 30 documents: truth i % 3, prediction right except every 4th. */
static void fill(report *r, int shift)
{
    for (int i = 0; i < 30; i++) {
        int t = i % 3, p = i % 4 == 0 ? (t + 1 + shift) % 3 : t;
        tasnif_score s[3];
        for (int c = 0; c < 3; c++)
            s[c] = (tasnif_score){r->labels[(p + c) % 3], (p + c) % 3, 1.0 - 0.3 * c};
        report_add(r, t, p, s, 0, "t.tsv", i + 1, "some words", 10);
    }
}

static char *render(const report *r, report_format f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    report_write(r, f, fp, 0);
    fclose(fp);
    return buf;
}

/* GitHub's workflow command escapes: % CR LF in data, also : and , in
 * properties; a cut never splits an escape. */
static void test_github_escapes(void)
{
    char buf[64];
    render_gh_data("50% a,b:c\r\nnext", buf, sizeof buf);
    check(strcmp(buf, "50%25 a,b:c%0D%0Anext") == 0, "data: %s", buf);
    render_gh_property("dir,x/a:b%\n.tsv", buf, sizeof buf);
    check(strcmp(buf, "dir%2Cx/a%3Ab%25%0A.tsv") == 0, "property: %s", buf);
    render_gh_data("ab%", buf, 5);
    check(strcmp(buf, "ab") == 0, "cut whole: %s", buf);
}

/* McNemar's exact test: two-sided binomial(b + c, 1/2) tail. */
static void test_mcnemar(void)
{
    check(compare_mcnemar(0, 0) == 1, "no discordant pairs");
    check(fabs(compare_mcnemar(0, 40) - 2.0 / pow(2, 40)) < 1e-25, "40 to 0: %g", compare_mcnemar(0, 40));
    /* 2 to 8: 2 * (1 + 10 + 45) / 1024 */
    check(fabs(compare_mcnemar(2, 8) - 112.0 / 1024) < 1e-12 && compare_mcnemar(8, 2) == compare_mcnemar(2, 8),
          "2 to 8: %g", compare_mcnemar(2, 8));
    check(compare_mcnemar(5, 5) == 1, "even: p = 1");
}

int main(void)
{
    test_github_escapes();
    test_mcnemar();
    report r;
    check(report_init(&r, 3, labels3) == 0, "init");
    r.bootstrap = 200;
    r.model_path = "m.tsnf";
    r.test_path = "t.tsv";
    fill(&r, 0);
    char why[512];
    check(report_add_gates(&r, "accuracy=0.5,macro_precision=0.5,weighted_recall=0.5,precision:beta=0.5", 0, why,
                           sizeof why) == 0, "gates by the report's names: %s", why);
    check(report_add_gates(&r, "accuracy=0.99", 0, why, sizeof why) == 0, "a gate that will fail");
    check(report_add_gates(&r, "macro_f2=0.5", 0, why, sizeof why) == -1 && strstr(why, "no such metric"),
          "unknown metric: %s", why);
    check(report_add_gates(&r, "f1:omega=0.5", 0, why, sizeof why) == -1 && strstr(why, "no label 'omega'"),
          "unknown label: %s", why);
    check(report_add_gates(&r, "accuracy=1.5", 0, why, sizeof why) == -1, "a limit above 1");
    check(r.ngates == 5, "bad specs add no gate (%d)", r.ngates);
    check(report_compute(&r) == 0, "compute");
    /* the report's figures are the metrics module's */
    eval_stats st;
    eval_init(&st, 3);
    for (size_t i = 0; i < r.n; i++)
        eval_add(&st, r.truth[i], r.pred[i]);
    eval_compute(&st);
    check(fabs(r.st.accuracy - st.accuracy) < 1e-15 && fabs(r.st.macro_f1 - st.macro_f1) < 1e-15 &&
              fabs(r.st.accuracy - 22.0 / 30.0) < 1e-12,
          "accuracy %g macro-F1 %g", r.st.accuracy, r.st.macro_f1);
    eval_finish(&st);
    check(r.acc_lo <= r.st.accuracy && r.st.accuracy <= r.acc_hi, "interval holds the value");
    check(report_failed_gates(&r) == 1 && !r.gates[4].pass && r.gates[0].pass && r.gates[3].pass,
          "one failed gate (accuracy=0.99)");
    /* every format prints the same macro-F1 (to its precision) */
    char want[32];
    snprintf(want, sizeof want, "%.4f", r.st.macro_f1);
    char *t = render(&r, REP_TEXT), *md = render(&r, REP_MD), *html = render(&r, REP_HTML), *js = render(&r, REP_JSON);
    check(t && strstr(t, want) && md && strstr(md, want) && html && strstr(html, want), "macro-F1 %s everywhere", want);
    char full[48];
    snprintf(full, sizeof full, "%.17g", r.st.macro_f1);
    check(js && strstr(js, full), "JSON has the full value %s", full);
    free(t);
    free(md);
    free(html);
    free(js);
    /* a baseline from this report; a new report with a label it lacks */
    char path[] = "/tmp/tasnif-report-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    tasnif_err err = {0};
    check(report_save(&r, REP_JSON, path, &err) == 0, "save baseline: %s", err.msg);
    report r2;
    report_init(&r2, 3, labels_d);
    r2.bootstrap = 0;
    r2.model_path = "m.tsnf";
    r2.test_path = "t.tsv";
    fill(&r2, 1);
    check(report_add_gates(&r2, "accuracy=0,macro_precision=50,precision:beta=100,f1:delta=1", 1, why, sizeof why) == 0,
          "drop gates: %s", why);
    check(report_load_baseline(&r2, path, &err) == 0, "load baseline: %s", err.msg);
    check(report_compute(&r2) == 0, "compute 2");
    check(isnan(r2.base_f1[2]) && !isnan(r2.base_f1[0]), "the baseline lacks delta, has alpha");
    check(r2.gates[0].known && fabs(r2.gates[0].value - (r.st.accuracy - r2.st.accuracy) * 100) < 1e-9,
          "accuracy drop %g points", r2.gates[0].value);
    check(r2.gates[1].known && r2.gates[1].pass, "macro_precision drop within 50 points");
    check(r2.gates[2].known && r2.gates[2].pass, "precision:beta drop within 100 points");
    check(!r2.gates[3].known && !r2.gates[3].pass, "f1:delta has no baseline: unknown, so the gate fails");
    report_finish(&r2);
    report_finish(&r);
    unlink(path);
    return check_done();
}
