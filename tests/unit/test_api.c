/*
 * test_api.c - the public interface (include/tasnif.h) as another program
 * uses it: load from a file and from memory, classify one document and
 * batches, label sets and explanations, and one model shared by several
 * threads (same answers as one thread; per-thread state freed when the
 * threads end, which the sanitizer build's leak check verifies).  The
 * models are trained with the library's internals first.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../../train/train.h"
#include "check.h"
#include "demo_model.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    *len = fread(b, 1, (size_t)n, fp);
    fclose(fp);
    return b;
}

/* The test documents: the demo test split's texts. */
static char **docs;
static size_t ndocs;

static void read_docs(void)
{
    size_t len;
    char *all = slurp("datasets/demo/test.tsv", &len);
    check(all != NULL, "datasets/demo/test.tsv readable");
    if (!all)
        return;
    all[len] = '\0';
    docs = calloc(200, sizeof *docs);
    for (char *line = strtok(all, "\n"); line && ndocs < 200; line = strtok(NULL, "\n")) {
        char *tab = strchr(line, '\t');
        docs[ndocs++] = strdup(tab ? tab + 1 : line);
    }
    free(all);
}

typedef struct job {
    const tasnif_model *m;
    int *best;   /* ndocs */
    int rounds;
} job;

static void *classify_all(void *arg)
{
    job *j = arg;
    for (int r = 0; r < j->rounds; r++)
        for (size_t i = 0; i < ndocs; i++) {
            tasnif_score s[1];
            j->best[i] = tasnif_classify(j->m, docs[i], strlen(docs[i]), s, 1, NULL) == 1 ? s[0].index : -1;
        }
    return NULL;
}

int main(void)
{
    char dir[] = "/tmp/tasnif-api-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[64], mpath[64];
    snprintf(path, sizeof path, "%s/m.tsnf", dir);
    snprintf(mpath, sizeof mpath, "%s/ml.tsnf", dir);
    read_docs();
    if (train_to("datasets/demo/train.tsv", 0, path) < 0 || train_to("datasets/demo/train.multi.tsv", 1, mpath) < 0)
        return check_done();
    tasnif_err err = {0};
    tasnif_model *m = NULL, *mm = NULL;
    check(tasnif_model_load(path, &m, &err) == 0, "load: %s", err.msg);
    size_t len;
    char *bytes = slurp(path, &len);
    check(tasnif_model_load_mem(bytes, len, &mm, &err) == 0, "load from memory: %s", err.msg);
    memset(bytes, 0, len); /* the model keeps its own copy */
    int same = m && mm;
    for (size_t i = 0; same && i < ndocs; i++) {
        tasnif_score a[4], b[4];
        int na = tasnif_classify(m, docs[i], strlen(docs[i]), a, 4, NULL);
        int nb = tasnif_classify(mm, docs[i], strlen(docs[i]), b, 4, NULL);
        same = na == 4 && nb == 4;
        for (int t = 0; same && t < 4; t++)
            same = a[t].index == b[t].index && a[t].score == b[t].score;
    }
    check(same, "a model loaded from memory classifies as the file does");
    tasnif_model *bad = NULL;
    char junk[64] = "TASNIF\r\n";
    check(tasnif_model_load_mem(junk, sizeof junk, &bad, &err) == TASNIF_EMODEL && !bad, "junk in memory is refused");
    check(tasnif_model_load_mem(NULL, 10, &bad, &err) == TASNIF_EARG, "NULL is refused");
    free(bytes);
    tasnif_model_free(mm);

    /* batches: each document as tasnif_classify gives it; a bad one alone fails */
    const char *texts[3] = {docs[0], "\xff\xfe", docs[1]};
    size_t lens[3] = {strlen(docs[0]), 2, strlen(docs[1])};
    tasnif_score out[3 * 2], one[2];
    int counts[3];
    check(tasnif_classify_batch(m, texts, lens, 3, out, 2, counts, &err) == 0, "batch: %s", err.msg);
    tasnif_classify(m, docs[1], strlen(docs[1]), one, 2, NULL);
    check(counts[0] == 2 && counts[1] == TASNIF_EUTF8 && counts[2] == 2 && out[4].index == one[0].index &&
              out[4].score == one[0].score,
          "batch results per document (%d %d %d)", counts[0], counts[1], counts[2]);

    /* the text the command refuses is refused here too: empty, blank, a NUL */
    {
        static const struct { const char *t; size_t n; } refused[] = {{"", 0}, {" \t\n", 3}, {"truce\0held", 11}};
        for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
            tasnif_score sc[2];
            tasnif_label ls[2];
            tasnif_explanation *x = NULL;
            tasnif_word_explanation *w = NULL;
            check(tasnif_classify(m, refused[i].t, refused[i].n, sc, 2, &err) == TASNIF_EINPUT, "classify refuses text %zu", i);
            check(tasnif_classify_labels(m, refused[i].t, refused[i].n, ls, 2, &err) == TASNIF_EINPUT,
                  "classify_labels refuses text %zu", i);
            check(tasnif_explain(m, refused[i].t, refused[i].n, -1, 3, &x, &err) == TASNIF_EINPUT && !x,
                  "explain refuses text %zu", i);
            check(tasnif_explain_words(m, refused[i].t, refused[i].n, -1, 3, &w, &err) == TASNIF_EINPUT && !w,
                  "explain_words refuses text %zu", i);
        }
        check(strstr(err.msg, "NUL byte at byte 6") != NULL, "the NUL byte is named: %s", err.msg);
    }
    /* getters take NULL, as documented */
    check(tasnif_model_nlabels(NULL) == 0 && tasnif_model_label(NULL, 0) == NULL &&
              tasnif_model_has_probability(NULL) == 0 && tasnif_model_is_multilabel(NULL) == 0,
          "every getter answers 0 or NULL for NULL");

    /* several threads, one model: the answers one thread gives */
    enum { NT = 4 };
    int *ref = calloc(ndocs, sizeof *ref);
    job j0 = {m, ref, 1};
    classify_all(&j0);
    pthread_t th[NT];
    job jobs[NT];
    for (int t = 0; t < NT; t++) {
        jobs[t] = (job){m, calloc(ndocs, sizeof(int)), 3};
        pthread_create(&th[t], NULL, classify_all, &jobs[t]);
    }
    int agree = 1;
    for (int t = 0; t < NT; t++) {
        pthread_join(th[t], NULL);
        agree &= memcmp(jobs[t].best, ref, ndocs * sizeof *ref) == 0;
        free(jobs[t].best);
    }
    check(agree && ndocs > 50, "%d threads sharing one model agree with one thread on %zu documents", NT, ndocs);
    free(ref);

    /* label sets and explanations */
    tasnif_model *ml = NULL;
    check(tasnif_model_load(mpath, &ml, &err) == 0, "load multi-label: %s", err.msg);
    check(ml && tasnif_model_is_multilabel(ml) && !tasnif_model_is_multilabel(m), "multi-label flag");
    size_t slen;
    char *sample = slurp("datasets/demo/sample.ar.txt", &slen);
    tasnif_label labs[4];
    int nchosen = ml ? tasnif_classify_labels(ml, sample, slen, labs, 4, &err) : -1;
    int flagged = 0, ordered = 1;
    for (int i = 0; i < 4 && nchosen > 0; i++) {
        flagged += labs[i].chosen;
        ordered &= i == 0 || labs[i].score <= labs[i - 1].score;
        ordered &= !isnan(labs[i].threshold) && (labs[i].chosen == (labs[i].score >= labs[i].threshold) || i == 0);
    }
    check(nchosen >= 2 && flagged == nchosen && ordered, "label set of the sample: %d chosen", nchosen);
    tasnif_explanation *x = NULL;
    check(ml && tasnif_explain(ml, sample, slen, -1, 5, &x, &err) == 0, "explain: %s", err.msg);
    if (x) {
        double sum = x->bias + x->other;
        for (int i = 0; i < x->nterms; i++)
            sum += x->terms[i].contribution;
        check(x->nterms == 5 && fabs(sum - x->score) < 1e-9 && x->index == labs[0].index && !x->approximate &&
                  fabs(x->score - labs[0].score) < 1e-12,
              "explanation adds up: %g vs %g", sum, x->score);
    }
    /* the same score by word: every word listed, NUL-terminated, largest first */
    tasnif_word_explanation *xw = NULL, *x0 = NULL;
    check(ml && tasnif_explain_words(ml, sample, slen, -1, 8, &xw, &err) == 0, "explain by word: %s", err.msg);
    if (xw && x) {
        double sum = xw->bias + xw->other + xw->rest;
        int sane = xw->nwords == 8;
        for (int i = 0; i < xw->nwords; i++) {
            sum += xw->words[i].contribution;
            sane &= xw->words[i].word[0] != '\0' && !strchr(xw->words[i].word, ' ') && xw->words[i].count >= 1 &&
                    xw->words[i].nterms >= 1 &&
                    (i == 0 || fabs(xw->words[i].contribution) <= fabs(xw->words[i - 1].contribution));
        }
        check(sane && xw->index == x->index && strcmp(xw->label, x->label) == 0 && xw->score == x->score &&
                  xw->bias == x->bias && fabs(sum - xw->score) < 1e-9,
              "by word: eight words, largest first, adding up to the score: %g vs %g", sum, xw->score);
    }
    /* none listed: all of it in other; a label of one's choice */
    check(ml && tasnif_explain_words(ml, sample, slen, 1, 0, &x0, &err) == 0 && x0->nwords == 0 && x0->index == 1 &&
              fabs(x0->bias + x0->other + x0->rest - x0->score) < 1e-9,
          "by word, none listed: bias + other + rest is the score");
    tasnif_word_explanation *none = NULL;
    check(tasnif_explain_words(ml, sample, slen, -1, -1, &none, &err) == TASNIF_EARG && !none &&
              tasnif_explain_words(ml, sample, slen, 99, 3, &none, &err) == TASNIF_EARG && !none &&
              tasnif_explain_words(ml, sample, slen, -1, 3, NULL, &err) == TASNIF_EARG &&
              tasnif_explain_words(NULL, sample, slen, -1, 3, &none, &err) == TASNIF_EARG && !none,
          "by word: bad arguments refused (%s)", err.msg);
    tasnif_word_explanation_free(xw);
    tasnif_word_explanation_free(x0);
    tasnif_word_explanation_free(NULL);
    tasnif_explanation_free(x);
    check(strcmp(tasnif_version(), TASNIF_VERSION) == 0, "runtime version");
    free(sample);
    tasnif_model_free(ml);
    tasnif_model_free(m);
    for (size_t i = 0; i < ndocs; i++)
        free(docs[i]);
    free(docs);
    unlink(path);
    unlink(mpath);
    rmdir(dir);
    return check_done();
}
