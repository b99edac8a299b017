/*
 * test_models.c - training through precomputed kernels agrees with libsvm;
 * collapsed linear weights agree with svm_predict_values; bundles
 * round-trip; truncated, corrupt and future-version bundles are rejected.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linear.h>
#include "../../train/train.h"
#include "check.h"

/* A synthetic corpus: each class favours its own words, all share noise. */
static char *make_doc(unsigned *seed, int cls, int nclass)
{
    static const char *common[] = {"the", "report", "said", "today", "city", "officials", "group", "region",
                                   "week", "people", "forces", "local", "new", "after", "talks", "area"};
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    int len = 20 + (int)(rand_r(seed) % 30);
    for (int i = 0; i < len; i++) {
        char w[32];
        if (rand_r(seed) % 3 == 0)
            snprintf(w, sizeof w, "k%dw%u", cls, rand_r(seed) % 25);
        else if (rand_r(seed) % 5 == 0)
            snprintf(w, sizeof w, "k%dw%u", (cls + 1) % nclass, rand_r(seed) % 25);
        else
            snprintf(w, sizeof w, "%s", common[rand_r(seed) % 16]);
        n += (size_t)snprintf(s + n, cap - n, "%s%s", i ? " " : "", w);
    }
    return s;
}

typedef struct dataset {
    feat_space fs;
    train_set ts;    /* training rows */
    csr test;        /* test rows, same space */
    int *ytest;
} dataset;

static void build(dataset *d, int nclass, int per_class, feat_config *cfg)
{
    unsigned seed = 7;
    feat_ctx *ctx;
    feat_builder *b;
    tasnif_err err = {0};
    feat_ctx_new(cfg, &ctx, &err);
    feat_builder_new(cfg, &b, &err);
    memset(d, 0, sizeof *d);
    d->ts.nlabels = nclass;
    d->ts.labels = calloc((size_t)nclass, sizeof(char *));
    d->ts.label_docs = calloc((size_t)nclass, sizeof(uint64_t));
    for (int c = 0; c < nclass; c++) {
        char name[32];
        snprintf(name, sizeof name, "class%d", c);
        d->ts.labels[c] = strdup(name);
    }
    int n = nclass * per_class;
    d->ts.y = malloc((size_t)n * sizeof(int));
    for (int i = 0; i < n; i++) {
        int c = i % nclass;
        char *text = make_doc(&seed, c, nclass);
        const feat_term *t;
        size_t nt;
        feat_doc_terms(ctx, text, strlen(text), "synthetic", i + 1, &t, &nt, &err);
        feat_builder_add(b, t, nt);
        d->ts.y[i] = c;
        d->ts.label_docs[c]++;
        free(text);
    }
    d->ts.n = (size_t)n;
    feat_builder_finish(b, &d->fs, &d->ts.x, &err);
    feat_builder_free(b);
    csr_init(&d->test);
    d->ytest = malloc((size_t)n * sizeof(int));
    int32_t *col = NULL;
    double *val = NULL;
    size_t cap = 0, nnz;
    for (int i = 0; i < n; i++) {
        int c = (i * 7) % nclass;
        char *text = make_doc(&seed, c, nclass);
        const feat_term *t;
        size_t nt;
        feat_doc_terms(ctx, text, strlen(text), "synthetic", i + 1, &t, &nt, &err);
        feat_vectorize(&d->fs, t, nt, &col, &val, &cap, &nnz);
        csr_append(&d->test, col, val, nnz);
        d->ytest[i] = c;
        free(text);
    }
    free(col);
    free(val);
    feat_ctx_free(ctx);
}

static void dataset_finish(dataset *d)
{
    train_set_finish(&d->ts);
    feat_space_finish(&d->fs);
    csr_finish(&d->test);
    free(d->ytest);
}

static struct svm_node *nodes(const csr *x, size_t r)
{
    size_t s = x->rowptr[r], e = x->rowptr[r + 1];
    struct svm_node *v = malloc((e - s + 1) * sizeof *v);
    for (size_t t = s; t < e; t++)
        v[t - s] = (struct svm_node){x->col[t] + 1, x->val[t]};
    v[e - s].index = -1;
    return v;
}

static tasnif_model *make_svm_model(dataset *d, train_params *p, struct svm_model **sm)
{
    tasnif_model *m = model_new();
    m->fs = d->fs;
    memset(&d->fs, 0, sizeof d->fs);
    m->nlabels = d->ts.nlabels;
    m->labels = calloc((size_t)m->nlabels, sizeof(char *));
    m->label_docs = calloc((size_t)m->nlabels, sizeof(uint64_t));
    for (int i = 0; i < m->nlabels; i++) {
        m->labels[i] = strdup(d->ts.labels[i]);
        m->label_docs[i] = d->ts.label_docs[i];
    }
    tasnif_err err = {0};
    int rc = sm ? train_svm(p, &d->ts.x, d->ts.y, NULL, d->ts.n, m, sm, &err)
                : train_model(p, &d->ts.x, d->ts.y, NULL, NULL, d->ts.n, m, &err);
    check(rc == 0, "training: %s", err.msg);
    return m;
}

static void noprint(const char *s)
{
    (void)s;
}

/* Plain libsvm multi-class training on the same rows (its own kernels). */
static struct svm_model *plain_libsvm(const dataset *d, const train_params *p, struct svm_node ***xs_out)
{
    size_t n = d->ts.n;
    struct svm_node **xs = malloc(n * sizeof *xs);
    double *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++) {
        xs[i] = nodes(&d->ts.x, i);
        y[i] = d->ts.y[i];
    }
    /* libsvm orders classes by first appearance: rows start 0, 1, 2, ... */
    struct svm_problem prob = {(int)n, y, xs};
    struct svm_parameter sp = {.svm_type = C_SVC, .kernel_type = p->kernel, .gamma = p->gamma ? p->gamma : 1,
                               .degree = 3, .cache_size = 100, .eps = p->eps, .C = p->C, .shrinking = 1};
    svm_set_print_string_function(noprint);
    struct svm_model *m = svm_train(&prob, &sp);
    *xs_out = xs;
    /* the model points into prob.x: keep xs; y may go */
    free(y);
    return m;
}

/* Replace train and test rows by their unit LSA embeddings (dense). */
static void to_dense(dataset *d, int k)
{
    float *proj;
    double *sv;
    tasnif_err err = {0};
    check(lsa_fit(&d->ts.x, d->fs.dim, k, 10, 2, 1, &proj, &sv, &err) == 0, "lsa_fit: %s", err.msg);
    d->fs.cfg.lsa_k = k;
    d->fs.cfg.feature_mode = FEAT_DENSE;
    d->fs.lsa_proj = proj;
    d->fs.lsa_sv = sv;
    csr *xs[2] = {&d->ts.x, &d->test};
    for (int w = 0; w < 2; w++) {
        csr out;
        csr_init(&out);
        double e[64];
        int32_t col[64];
        for (int j = 0; j < k; j++)
            col[j] = j;
        for (size_t i = 0; i < xs[w]->rows; i++) {
            size_t s = xs[w]->rowptr[i];
            lsa_embed(proj, k, xs[w]->col + s, xs[w]->val + s, xs[w]->rowptr[i + 1] - s, e);
            csr_append(&out, col, e, (size_t)k);
        }
        out.cols = (size_t)k;
        csr_finish(xs[w]);
        *xs[w] = out;
    }
}

static void test_agreement_on(int kernel, int dense)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.lead_words = 0; /* word unigrams alone */
    cfg.word_max = 1;
    cfg.char_max = 0;
    cfg.min_df = 1;
    dataset d;
    build(&d, 4, 60, &cfg);
    if (dense)
        to_dense(&d, 24);
    train_params p;
    train_params_defaults(&p);
    p.kernel = kernel;
    p.threads = 2;
    struct svm_model *sm = NULL;
    tasnif_model *m = make_svm_model(&d, &p, &sm);
    check(sm != NULL, "assembled libsvm model");
    struct svm_node **pxs;
    struct svm_model *plain = plain_libsvm(&d, &p, &pxs);
    int k = m->nlabels, np = m->ndec;
    double *dec = malloc((size_t)np * sizeof *dec), *ref = malloc((size_t)np * sizeof *ref),
           *pref = malloc((size_t)np * sizeof *pref);
    int *votes = malloc((size_t)k * sizeof *votes);
    double maxdiff = 0, maxplain = 0;
    int label_diff = 0, plain_label_diff = 0;
    for (size_t i = 0; i < d.test.rows; i++) {
        size_t s = d.test.rowptr[i], nnz = d.test.rowptr[i + 1] - s;
        int ours = model_decide(m, d.test.col + s, d.test.val + s, nnz, dec, votes);
        struct svm_node *x = nodes(&d.test, i);
        int theirs = (int)svm_predict_values(sm, x, ref);
        int plain_label = (int)svm_predict_values(plain, x, pref);
        free(x);
        for (int q = 0; q < np; q++) {
            if (fabs(dec[q] - ref[q]) > maxdiff)
                maxdiff = fabs(dec[q] - ref[q]);
            if (fabs(dec[q] - pref[q]) > maxplain)
                maxplain = fabs(dec[q] - pref[q]);
        }
        label_diff += ours != theirs;
        plain_label_diff += ours != plain_label;
    }
    const char *kn = kernel == LINEAR ? "linear" : dense ? "rbf on LSA embeddings" : "rbf";
    if (dense && kernel != LINEAR) {
        /* batched scoring with one dgemm gives libsvm's decisions too */
        check(model_prepare_dense(m) == 0 && m->sv_dense, "dense support vectors prepared");
        int k = m->fs.cfg.lsa_k, b = (int)d.test.rows;
        double *x = calloc((size_t)b * (size_t)k, sizeof *x), *bd = malloc((size_t)b * (size_t)np * sizeof *bd);
        for (int i = 0; i < b; i++)
            for (size_t t = d.test.rowptr[i]; t < d.test.rowptr[i + 1]; t++)
                x[(size_t)i * (size_t)k + (size_t)d.test.col[t]] = d.test.val[t];
        double bmax = 0;
        if (m->sv_dense && model_decide_dense(m, x, b, bd) == 0)
            for (int i = 0; i < b; i++) {
                struct svm_node *xn = nodes(&d.test, (size_t)i);
                svm_predict_values(sm, xn, ref);
                free(xn);
                for (int q = 0; q < np; q++)
                    if (fabs(bd[(size_t)i * (size_t)np + (size_t)q] - ref[q]) > bmax)
                        bmax = fabs(bd[(size_t)i * (size_t)np + (size_t)q] - ref[q]);
            }
        else
            bmax = 1;
        check(bmax < 1e-9, "%s: batched dgemm decisions vs svm_predict_values: max diff %g", kn, bmax);
        free(x);
        free(bd);
    }
    check(maxdiff < 1e-9, "%s: decision values vs svm_predict_values on the same model: max diff %g", kn, maxdiff);
    check(label_diff == 0, "%s: %d labels differ from svm_predict on the same model", kn, label_diff);
    check(maxplain < 1e-4, "%s: decision values vs plain libsvm training: max diff %g", kn, maxplain);
    check(plain_label_diff == 0, "%s: %d labels differ from plain libsvm training", kn, plain_label_diff);
    check(plain->l == sm->l, "%s: same number of support vectors as plain libsvm (%d vs %d)", kn, sm->l, plain->l);
    svm_free_and_destroy_model(&plain);
    for (size_t i = 0; i < d.ts.n; i++)
        free(pxs[i]);
    free(pxs);
    free(dec);
    free(ref);
    free(pref);
    free(votes);
    train_free_libsvm_model(sm);
    tasnif_model_free(m);
    dataset_finish(&d);
}

static int decisions_equal(const tasnif_model *a, const tasnif_model *b, const csr *x)
{
    double *da = malloc((size_t)a->ndec * sizeof *da), *db = malloc((size_t)b->ndec * sizeof *db);
    int *va = malloc((size_t)a->nlabels * sizeof *va), *vb = malloc((size_t)b->nlabels * sizeof *vb);
    int same = a->ndec == b->ndec;
    for (size_t i = 0; same && i < x->rows; i++) {
        size_t s = x->rowptr[i], n = x->rowptr[i + 1] - s;
        model_decide(a, x->col + s, x->val + s, n, da, va);
        model_decide(b, x->col + s, x->val + s, n, db, vb);
        same = memcmp(da, db, (size_t)a->ndec * sizeof *da) == 0;
    }
    free(da);
    free(db);
    free(va);
    free(vb);
    return same;
}

static void test_bundle(int solver, int kernel, int probability)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.lead_words = 0; /* the word and character families alone */
    cfg.min_df = 1;
    cfg.char_max = 3;
    dataset d;
    build(&d, 3, 20, &cfg);
    train_params p;
    train_params_defaults(&p);
    p.solver = solver;
    p.kernel = kernel;
    p.probability = probability;
    tasnif_model *m = make_svm_model(&d, &p, NULL);
    m->meta = strdup("created=now\n");
    char path[] = "/tmp/tasnif-bundle-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    tasnif_err err = {0};
    check(model_save(m, path, &err) == 0, "save: %s", err.msg);
    tasnif_model *l = NULL;
    check(tasnif_model_load(path, &l, &err) == 0, "load: %s", err.msg);
    if (!l) {
        tasnif_model_free(m);
        dataset_finish(&d);
        return;
    }
    check(l->nlabels == 3 && strcmp(l->labels[2], "class2") == 0, "labels round-trip");
    check(l->fs.dim == m->fs.dim && memcmp(&l->fs.cfg, &m->fs.cfg, sizeof m->fs.cfg) == 0, "feature config round-trips");
    check(l->has_prob == probability, "probability flag");
    check(l->scheme == m->scheme && l->solver == m->solver && l->ll_solver == m->ll_solver, "solver round-trips");
    check(decisions_equal(m, l, &d.test), "loaded model gives identical decisions (kernel %d)", kernel);
    check(strcmp(l->meta, "created=now\n") == 0, "meta round-trips");
    /* the public API classifies with the loaded model */
    tasnif_score top[5];
    int got = tasnif_classify(l, "k1w3 k1w7 k1w9 the report", 25, top, 5, &err);
    check(got == 3 && top[0].label && tasnif_model_label(l, top[0].index) == top[0].label &&
          tasnif_model_nlabels(l) == 3 && tasnif_model_has_probability(l) == probability,
          "tasnif_classify: %d results, best %s", got, got > 0 ? top[0].label : "-");
    check(tasnif_classify(l, "\xff", 1, top, 5, &err) == TASNIF_EUTF8, "tasnif_classify rejects invalid UTF-8");
    check(tasnif_classify(l, "x", 1, top, 0, &err) == TASNIF_EARG, "tasnif_classify checks k");
    tasnif_model_free(l);

    /* read the file back for corruption tests */
    FILE *fp = fopen(path, "rb");
    fseek(fp, 0, SEEK_END);
    size_t len = (size_t)ftell(fp);
    rewind(fp);
    char *orig = malloc(len);
    check(fread(orig, 1, len, fp) == len, "read back");
    fclose(fp);
    int bad_trunc = 0, bad_flip = 0;
    /* every truncation */
    for (size_t cut = 0; cut < len; cut++) {
        char *buf = malloc(cut ? cut : 1);
        memcpy(buf, orig, cut);
        tasnif_model *x = NULL;
        if (model_parse(buf, cut, "t", &x, &err) != TASNIF_EMODEL) {
            bad_trunc++;
            if (x)
                tasnif_model_free(x);
            else
                free(buf);
        } else
            free(buf);
    }
    check(bad_trunc == 0, "%d truncations were not rejected as corrupt", bad_trunc);
    /* a single bit flip in every byte */
    for (size_t at = 0; at < len; at++) {
        char *buf = malloc(len);
        memcpy(buf, orig, len);
        buf[at] ^= (char)(1 << (at % 8));
        tasnif_model *x = NULL;
        int rc = model_parse(buf, len, "t", &x, &err);
        if (rc != TASNIF_EMODEL && rc != TASNIF_EVERSION) {
            bad_flip++;
            if (x)
                tasnif_model_free(x);
            else
                free(buf);
        } else
            free(buf);
    }
    check(bad_flip == 0, "%d bit flips were not rejected", bad_flip);
    /* a newer format version (with a valid checksum) is named as such */
    {
        char *buf = malloc(len);
        memcpy(buf, orig, len);
        uint32_t v = 99;
        memcpy(buf + 8, &v, 4);
        uint32_t crc = crc32c(0, buf, len - 8);
        memcpy(buf + len - 8, &crc, 4);
        tasnif_model *x = NULL;
        int rc = model_parse(buf, len, "m.tsnf", &x, &err);
        check(rc == TASNIF_EVERSION && strstr(err.msg, "newer"), "future version: %s", err.msg);
        free(buf);
    }
    /* a failed save leaves the existing model untouched */
    {
        char bad[600];
        snprintf(bad, sizeof bad, "/nonexistent-dir/model.tsnf");
        check(model_save(m, bad, &err) == TASNIF_EIO, "save into a missing folder fails");
        tasnif_model *x = NULL;
        check(tasnif_model_load(path, &x, &err) == 0, "the earlier model is still loadable");
        tasnif_model_free(x);
    }
    free(orig);
    unlink(path);
    tasnif_model_free(m);
    dataset_finish(&d);
}

static void test_probability(void)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.lead_words = 0; /* the word and character families alone */
    cfg.min_df = 1;
    dataset d;
    build(&d, 3, 40, &cfg);
    train_params p;
    train_params_defaults(&p);
    p.probability = 1;
    tasnif_model *m = make_svm_model(&d, &p, NULL);
    double *dec = malloc((size_t)m->ndec * sizeof *dec);
    int *votes = malloc((size_t)m->nlabels * sizeof *votes);
    tasnif_score sc[3];
    int sum_ok = 1, right = 0;
    for (size_t i = 0; i < d.test.rows; i++) {
        size_t s = d.test.rowptr[i];
        model_decide(m, d.test.col + s, d.test.val + s, d.test.rowptr[i + 1] - s, dec, votes);
        model_rank(m, dec, votes, sc);
        double sum = sc[0].score + sc[1].score + sc[2].score;
        sum_ok &= fabs(sum - 1) < 1e-6 && sc[0].score >= sc[1].score && sc[1].score >= sc[2].score;
        right += sc[0].index == d.ytest[i];
    }
    check(sum_ok, "probabilities sum to 1 and are sorted");
    check(right > (int)d.test.rows * 8 / 10, "probability model accuracy %d/%zu", right, d.test.rows);
    free(dec);
    free(votes);
    tasnif_model_free(m);
    dataset_finish(&d);
}

/* Sub-problem q of a liblinear model, trained by liblinear itself on the
 * same rows with the same seed: its predict_values equal our decisions. */
static void test_liblinear_agreement(int scheme, int solver)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.lead_words = 0; /* the word and character families alone */
    cfg.min_df = 1;
    dataset d;
    build(&d, 4, 25, &cfg);
    train_params p;
    train_params_defaults(&p);
    p.scheme = scheme;
    p.ll_solver = solver;
    p.seed = 11;
    p.balanced = 1;
    tasnif_model *m = make_svm_model(&d, &p, NULL);
    int k = m->nlabels, nd = m->ndec;
    check(m->ndec == (scheme == SCHEME_OVR ? k : k * (k - 1) / 2), "decision functions: %d", m->ndec);
    size_t dim = m->fs.dim, n = d.ts.n;
    struct feature_node **xs = malloc(n * sizeof *xs);
    for (size_t i = 0; i < n; i++) {
        size_t s = d.ts.x.rowptr[i], e = d.ts.x.rowptr[i + 1], t = 0;
        xs[i] = malloc((e - s + 2) * sizeof **xs);
        for (size_t j = s; j < e; j++)
            xs[i][t++] = (struct feature_node){d.ts.x.col[j] + 1, d.ts.x.val[j]};
        xs[i][t++] = (struct feature_node){(int)dim + 1, 1.0};
        xs[i][t].index = -1;
    }
    double maxdiff = 0;
    int labels_ok = 1;
    set_print_string_function(noprint);
    for (int q = 0, a = 0, b = 1; q < nd; q++) {
        struct feature_node **sx = malloc(n * sizeof *sx);
        double *sy = malloc(n * sizeof *sy);
        int m2 = 0, wl[2] = {+1, -1};
        double wv[2];
        for (size_t i = 0; i < n; i++) {
            int c = d.ts.y[i];
            if (scheme == SCHEME_OVR || c == a || c == b) {
                sx[m2] = xs[i];
                sy[m2++] = (scheme == SCHEME_OVR ? c == q : c == a) ? +1 : -1;
            }
        }
        double cnt[8] = {0};
        for (size_t i = 0; i < n; i++)
            cnt[d.ts.y[i]]++;
        wv[0] = (double)n / (k * cnt[scheme == SCHEME_OVR ? q : a]);
        wv[1] = scheme == SCHEME_OVR ? 1.0 : (double)n / (k * cnt[b]);
        struct problem prob = {m2, (int)dim + 1, sy, sx, 1.0};
        struct parameter par = {.solver_type = solver, .eps = p.ll_eps, .C = p.C, .nr_weight = 2,
                                .weight_label = wl, .weight = wv};
        srand(train_seed(p.seed, q, 0));
        struct model *lm = train(&prob, &par);
        double *dec = malloc((size_t)nd * sizeof *dec);
        int *votes = malloc((size_t)k * sizeof *votes);
        for (size_t i = 0; i < d.test.rows; i++) {
            size_t s = d.test.rowptr[i], e = d.test.rowptr[i + 1], t = 0;
            struct feature_node *x = malloc((e - s + 2) * sizeof *x);
            for (size_t j = s; j < e; j++)
                x[t++] = (struct feature_node){d.test.col[j] + 1, d.test.val[j]};
            x[t++] = (struct feature_node){(int)dim + 1, 1.0};
            x[t].index = -1;
            double ref;
            predict_values(lm, x, &ref);
            if (lm->label[0] != +1)
                ref = -ref;
            model_decide(m, d.test.col + s, d.test.val + s, e - s, dec, votes);
            if (fabs(dec[q] - ref) > maxdiff)
                maxdiff = fabs(dec[q] - ref);
            free(x);
        }
        labels_ok &= lm->nr_class == 2;
        free(dec);
        free(votes);
        free_and_destroy_model(&lm);
        free(sx);
        free(sy);
        if (++b == k) {
            a++;
            b = a + 1;
        }
    }
    check(labels_ok, "liblinear saw two classes per sub-problem");
    check(maxdiff < 1e-9, "decisions equal liblinear's predict_values (scheme %d, solver %d): max diff %g", scheme,
          solver, maxdiff);
    for (size_t i = 0; i < n; i++)
        free(xs[i]);
    free(xs);
    tasnif_model_free(m);
    dataset_finish(&d);
}

/* The same weights, bias and sigmoids for 1, 2 and 3 threads. */
static void test_threads_same_bytes(int probability)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.lead_words = 0; /* the word and character families alone */
    cfg.min_df = 1;
    tasnif_model *ms[3];
    size_t dim = 0;
    for (int t = 0; t < 3; t++) {
        dataset d;
        build(&d, 5, 20, &cfg);
        train_params p;
        train_params_defaults(&p);
        p.threads = t + 1;
        p.probability = probability;
        ms[t] = make_svm_model(&d, &p, NULL);
        dim = ms[t]->fs.dim;
        dataset_finish(&d);
    }
    for (int t = 1; t < 3; t++) {
        size_t nd = (size_t)ms[0]->ndec;
        int same = ms[t]->ndec == ms[0]->ndec && memcmp(ms[t]->w, ms[0]->w, dim * nd * sizeof(double)) == 0 &&
                   memcmp(ms[t]->rho, ms[0]->rho, nd * sizeof(double)) == 0;
        if (probability)
            same = same && memcmp(ms[t]->probA, ms[0]->probA, nd * sizeof(double)) == 0 &&
                   memcmp(ms[t]->probB, ms[0]->probB, nd * sizeof(double)) == 0;
        check(same, "%d threads give the bytes 1 thread gives (probability %d)", t + 1, probability);
    }
    for (int t = 0; t < 3; t++)
        tasnif_model_free(ms[t]);
}

/* One-vs-rest probabilities: positive, sum 1, and mostly rank as the
 * decision values do. */
static void test_ovr_probability(void)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.lead_words = 0; /* the word and character families alone */
    cfg.min_df = 1;
    dataset d;
    build(&d, 4, 30, &cfg);
    train_params p;
    train_params_defaults(&p);
    p.probability = 1;
    tasnif_model *m = make_svm_model(&d, &p, NULL);
    model_scratch sc;
    model_scratch_init(&sc, m);
    int sums_ok = 1, agree = 0, correct = 0;
    for (size_t i = 0; i < d.test.rows; i++) {
        size_t s = d.test.rowptr[i], e = d.test.rowptr[i + 1];
        int best = model_decide(m, d.test.col + s, d.test.val + s, e - s, sc.dec, sc.votes);
        model_rank(m, sc.dec, sc.votes, sc.scores);
        double sum = 0;
        for (int c = 0; c < m->nlabels; c++) {
            sum += sc.scores[c].score;
            sums_ok &= sc.scores[c].score > 0 && (c == 0 || sc.scores[c].score <= sc.scores[c - 1].score);
        }
        sums_ok &= fabs(sum - 1) < 1e-9;
        agree += sc.scores[0].index == best;
        correct += sc.scores[0].index == d.ytest[i];
    }
    check(sums_ok, "probabilities positive, sorted, summing to 1");
    check(agree >= (int)d.test.rows * 9 / 10, "probabilities rank as decisions on %d of %zu", agree, d.test.rows);
    check(correct >= (int)d.test.rows * 7 / 10, "probability model accuracy %d of %zu", correct, d.test.rows);
    for (int c = 0; c < m->nlabels; c++)
        check(m->probA[c] < 0, "sigmoid of label %d increases with the decision value (A = %g)", c, m->probA[c]);
    model_scratch_finish(&sc);
    tasnif_model_free(m);
    dataset_finish(&d);
}

/* Models of format version 1 (libsvm one-vs-one, no SOLV section) load. */
static void test_v1_model_loads(void)
{
    tasnif_model *m = NULL;
    tasnif_err err = {0};
    check(tasnif_model_load("tests/fuzz/corpus/model/tiny.tsnf", &m, &err) == 0, "version 1 model loads: %s", err.msg);
    if (m) {
        uint32_t v;
        memcpy(&v, (const char *)m->blob + 8, 4);
        check(v == 1 && m->scheme == SCHEME_OVO && m->solver == SOLVER_LIBSVM &&
                  m->ndec == m->nlabels * (m->nlabels - 1) / 2,
              "a version 1 file is one-vs-one libsvm (version %u)", v);
        tasnif_score top[2];
        check(tasnif_classify(m, "a b c", 5, top, 2, &err) >= 1, "and classifies: %s", err.msg);
    }
    tasnif_model_free(m);
}

/* The label's decision-based score of an unnormalised vector. */
static double kernel_score(const tasnif_model *m, const int32_t *col, const double *val, size_t n, int label)
{
    double *dec = malloc((size_t)m->ndec * sizeof *dec);
    int *votes = malloc((size_t)m->nlabels * sizeof *votes);
    model_decide(m, col, val, n, dec, votes);
    double s = 0;
    int k = m->nlabels, q = 0;
    for (int i = 0; i < k; i++)
        for (int j = i + 1; j < k; j++, q++)
            s += i == label ? dec[q] : j == label ? -dec[q] : 0;
    free(dec);
    free(votes);
    return s / (k - 1);
}

/*
 * Kernel explanations: a document of up to MODEL_OCCLUDE_MAX n-grams is
 * explained by occluding every one (each contribution the score lost
 * when that n-gram alone is removed); a
 * longer one occludes MODEL_OCCLUDE_MAX of them and gives each other
 * n-gram its first-order effect x_i df/dx_i, checked here against a
 * finite difference of the model's own decisions.
 */
static void test_kernel_explanations(int kernel)
{
    feat_config cfg;
    feat_config_defaults(&cfg);
    cfg.word_max = 1;
    cfg.char_max = 0;
    cfg.lead_words = 0;
    cfg.min_df = 1;
    dataset d;
    build(&d, 3, 40, &cfg);
    train_params p;
    train_params_defaults(&p);
    p.solver = SOLVER_LIBSVM;
    p.scheme = SCHEME_OVO;
    p.kernel = kernel;
    p.gamma = 0.5;
    p.degree = 3;
    p.coef0 = 1;
    tasnif_model *m = make_svm_model(&d, &p, NULL);
    const char *kn = kernel == RBF ? "rbf" : kernel == POLY ? "poly" : "sigmoid";
    /* a long document: every test row joined, normalised */
    size_t n = 0;
    int32_t *col = malloc(m->fs.dim * sizeof *col);
    double *val = malloc(m->fs.dim * sizeof *val);
    double *dense = calloc(m->fs.dim, sizeof *dense);
    for (size_t t = 0; t < d.test.nnz; t++)
        dense[d.test.col[t]] += d.test.val[t];
    double norm = 0;
    for (size_t f = 0; f < m->fs.dim; f++)
        norm += dense[f] * dense[f];
    for (size_t f = 0; f < m->fs.dim; f++)
        if (dense[f] != 0) {
            col[n] = (int32_t)f;
            val[n++] = dense[f] / sqrt(norm);
        }
    check(n > 2 * MODEL_OCCLUDE_MAX, "%s: a document longer than the occlusion cap (%zu n-grams)", kn, n);
    model_expl e;
    check(model_explain(m, col, val, n, 0, &e) == 0 && e.approximate, "%s: explained, marked approximate", kn);
    double sum = e.bias;
    for (size_t t = 0; t < e.nterms; t++)
        sum += e.terms[t].contribution;
    check(fabs(sum - e.score) < 1e-9, "%s: bias + contributions = score (%g, %g)", kn, sum, e.score);
    /* the n-grams not occluded: their contribution is x_i df/dx_i */
    int first_order = 0;
    double f0 = kernel_score(m, col, val, n, 0), h = 1e-6;
    for (size_t t = 0; t < e.nterms; t++) {
        size_t at = 0;
        while (col[at] != e.terms[t].feature)
            at++;
        double keep = val[at];
        val[at] = keep * (1 - h);
        double fd = (f0 - kernel_score(m, col, val, n, 0)) / h;
        val[at] = keep;
        first_order += fabs(fd - e.terms[t].contribution) <= 1e-5 * (1 + fabs(fd));
    }
    check(first_order >= (int)(n - MODEL_OCCLUDE_MAX), "%s: %d of %zu contributions are first-order effects, "
          "at least all but the %d occluded", kn, first_order, n, MODEL_OCCLUDE_MAX);
    model_expl_finish(&e);
    /* a short document: every n-gram occluded, each contribution exact */
    size_t ns = MODEL_OCCLUDE_MAX / 2;
    double sn = 0;
    for (size_t t = 0; t < ns; t++)
        sn += val[t] * val[t];
    for (size_t t = 0; t < ns; t++)
        val[t] /= sqrt(sn);
    check(model_explain(m, col, val, ns, 0, &e) == 0, "%s: a short document explained", kn);
    int exact = 0;
    for (size_t t = 0; t < e.nterms; t++) {
        int32_t c2[MODEL_OCCLUDE_MAX];
        double v2[MODEL_OCCLUDE_MAX];
        size_t k2 = 0;
        for (size_t u = 0; u < ns; u++)
            if (col[u] != e.terms[t].feature) {
                c2[k2] = col[u];
                v2[k2++] = val[u];
            }
        double lost = e.score - kernel_score(m, c2, v2, k2, 0);
        exact += fabs(lost - e.terms[t].contribution) < 1e-9;
    }
    check(exact == (int)ns, "%s: all %zu n-grams of a short document occluded (%d exact)", kn, ns, exact);
    model_expl_finish(&e);
    free(dense);
    free(col);
    free(val);
    tasnif_model_free(m);
    dataset_finish(&d);
}

int main(void)
{
    test_kernel_explanations(RBF);
    test_kernel_explanations(POLY);
    test_kernel_explanations(SIGMOID);
    test_agreement_on(LINEAR, 0);
    test_agreement_on(RBF, 0);
    test_agreement_on(RBF, 1);
    test_agreement_on(LINEAR, 1);
    test_bundle(SOLVER_LIBSVM, LINEAR, 0);
    test_bundle(SOLVER_LIBSVM, RBF, 1);
    test_bundle(SOLVER_LIBLINEAR, LINEAR, 0);
    test_bundle(SOLVER_LIBLINEAR, LINEAR, 1);
    test_liblinear_agreement(SCHEME_OVR, L2R_L1LOSS_SVC_DUAL);
    test_liblinear_agreement(SCHEME_OVR, L2R_L2LOSS_SVC_DUAL);
    test_liblinear_agreement(SCHEME_OVO, L2R_L1LOSS_SVC_DUAL);
    test_threads_same_bytes(0);
    test_threads_same_bytes(1);
    test_ovr_probability();
    test_v1_model_loads();
    test_probability();
    return check_done();
}
