/*
 * svm.c - one-vs-one C-SVC training with libsvm.
 *
 * libsvm's multi-class C-SVC (Chang & Lin 2011, section 7) trains one
 * binary problem per pair of classes.  We do the same decomposition here,
 * calling svm_train once per pair, because then
 *   - every pair can use a precomputed kernel cut from one Gram matrix
 *     computed once for the whole corpus (gram.c): libsvm's time otherwise
 *     goes to recomputing sparse dot products;
 *   - pairs can train in parallel threads;
 *   - the linear kernel's support vectors can be collapsed into one weight
 *     vector per pair.
 * The result is the model libsvm's own multi-class training would give
 * (same solver, same binary problems, same class order and signs); when
 * the Gram matrix would not fit in --gram-mb, libsvm computes the kernel
 * itself on the sparse vectors.  In a distributed run each process
 * trains a contiguous block of the pairs and every process receives every
 * pair's support vectors (features/dist.h).
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <linear.h>
#include "../features/dist.h"
#include "train.h"

static void print_nothing(const char *s)
{
    (void)s;
}

/* The result of one binary problem, in global row numbers. */
typedef struct pair_result {
    size_t nsv;
    size_t *row;     /* support vectors (rows of x) */
    double *coef;    /* y_i alpha_i, signed so that > 0 votes for the pair's first class */
    double rho;
    double probA, probB;
    int failed;      /* a TASNIF_E* code, or 0 */
} pair_result;

typedef struct pair_job {
    const train_params *p;
    const csr *x;
    const int *y;
    size_t n;              /* documents in the training subset */
    const size_t *rows;    /* subset rows, or NULL */
    const double *G;       /* n x n Gram matrix over the subset, or NULL */
    struct svm_node **xs;  /* sparse libsvm vectors per subset row, when !G */
    const double *class_w; /* per label weight */
    int k;
    int *pi, *pj;          /* pair index -> classes */
    pair_result *res;
    int next;              /* next pair to take (atomic) */
    int end;               /* the end of this process's pairs */
    size_t done;           /* pairs finished (atomic) */
    pthread_mutex_t lock;  /* serialises progress reports */
} pair_job;

static double kernel_from_gram(const train_params *p, const double *G, size_t n, size_t a, size_t b)
{
    double dot = G[a * n + b];
    switch (p->kernel) {
    case RBF:
        return exp(-p->gamma * (G[a * n + a] + G[b * n + b] - 2 * dot));
    case POLY:
        return pow(p->gamma * dot + p->coef0, p->degree);
    case SIGMOID:
        return tanh(p->gamma * dot + p->coef0);
    default:
        return dot;
    }
}

/* A worker's reusable buffer for precomputed-kernel rows. */
typedef struct node_pool {
    struct svm_node *nodes;
    size_t cap;
} node_pool;

/* The precomputed-kernel rows of a pair's m documents (subset rows loc), in the worker's pool; @return 0 or -1. */
static int gram_rows(const pair_job *job, const size_t *loc, size_t m, node_pool *np, struct svm_node **xx)
{
    if (m + 2 > SIZE_MAX / sizeof *np->nodes / m)
        return -1;
    /* reused across this worker's pairs: fresh pages cost more than
     * filling them */
    if (GROW(np->nodes, np->cap, m * (m + 2)) < 0)
        return -1;
    struct svm_node *pool = np->nodes;
    for (size_t a = 0; a < m; a++) {
        struct svm_node *row = pool + a * (m + 2);
        row[0].index = 0;
        row[0].value = (double)(a + 1);
        for (size_t b = 0; b < m; b++) {
            row[b + 1].index = (int)(b + 1);
            row[b + 1].value = kernel_from_gram(job->p, job->G, job->n, loc[a], loc[b]);
        }
        row[m + 1].index = -1;
        xx[a] = row;
    }
    return 0;
}

/* libsvm's C-SVC parameters for a pair (labels wl = +1, -1), C multiplied by the two classes' weights wv. */
static struct svm_parameter pair_param(const train_params *p, int precomputed, int *wl, double *wv)
{
    struct svm_parameter sp = {
        .svm_type = C_SVC,
        .kernel_type = precomputed ? PRECOMPUTED : p->kernel,
        .degree = p->degree,
        .gamma = p->gamma,
        .coef0 = p->coef0,
        .cache_size = p->cache_mb,
        .eps = p->eps,
        .C = p->C,
        .nr_weight = 2,
        .weight_label = wl,
        .weight = wv,
        .shrinking = p->shrinking,
        .probability = p->probability,
    };
    return sp;
}

/* A pair's libsvm model in res: support vectors as global rows, coefficients, rho and Platt's B signed so that
 * > 0 votes for the pair's first class; @return 0 or -1 (out of memory). */
static int keep_pair_model(const pair_job *job, const size_t *loc, const struct svm_model *model, pair_result *res)
{
    double sign = model->label[0] == +1 ? 1.0 : -1.0;
    res->nsv = (size_t)model->l;
    res->row = malloc((res->nsv ? res->nsv : 1) * sizeof *res->row);
    res->coef = malloc((res->nsv ? res->nsv : 1) * sizeof *res->coef);
    if (!res->row || !res->coef)
        return -1;
    for (size_t s = 0; s < res->nsv; s++) {
        size_t a = (size_t)model->sv_indices[s] - 1;
        size_t sub = loc[a];
        res->row[s] = job->rows ? job->rows[sub] : sub;
        res->coef[s] = sign * model->sv_coef[0][s];
    }
    res->rho = sign * model->rho[0];
    if (job->p->probability && model->probA && model->probB) {
        /* libsvm's sigmoid is P(label[0] | f) = 1 / (1 + exp(A f + B)).
         * With f' = -f and the complementary event, 1 - P = 1 / (1 +
         * exp(A f' - B)): A stays, B changes sign. */
        res->probA = model->probA[0];
        res->probB = sign * model->probB[0];
    }
    return 0;
}

static void train_one_pair(pair_job *job, int q, node_pool *np)
{
    const train_params *p = job->p;
    int ci = job->pi[q], cj = job->pj[q];
    pair_result *res = &job->res[q];
    size_t m = 0;
    for (size_t i = 0; i < job->n; i++) {
        int c = job->y[job->rows ? job->rows[i] : i];
        m += (c == ci || c == cj);
    }
    size_t *loc = malloc((m ? m : 1) * sizeof *loc); /* pair row -> subset index */
    double *yy = malloc((m ? m : 1) * sizeof *yy);
    struct svm_node **xx = malloc((m ? m : 1) * sizeof *xx);
    struct svm_model *model = NULL;
    if (!loc || !yy || !xx)
        goto nomem;
    size_t t = 0;
    for (size_t i = 0; i < job->n; i++) {
        int c = job->y[job->rows ? job->rows[i] : i];
        if (c == ci || c == cj) {
            loc[t] = i;
            yy[t] = c == ci ? +1 : -1;
            t++;
        }
    }
    if (job->G) {
        if (gram_rows(job, loc, m, np, xx) < 0)
            goto nomem;
    } else {
        for (size_t a = 0; a < m; a++)
            xx[a] = job->xs[loc[a]];
    }
    struct svm_problem prob = {(int)m, yy, xx};
    int wl[2] = {+1, -1};
    double wv[2] = {job->class_w[ci], job->class_w[cj]}; /* multipliers of C */
    struct svm_parameter sp = pair_param(p, job->G != NULL, wl, wv);
    if (svm_check_parameter(&prob, &sp)) {
        res->failed = TASNIF_ESVM;
        goto out;
    }
    if (p->probability)
        srand(p->seed + (unsigned)q); /* libsvm's internal CV shuffles with rand() */
    model = svm_train(&prob, &sp);
    if (!model) {
        res->failed = TASNIF_ESVM;
        goto out;
    }
    if (keep_pair_model(job, loc, model, res) < 0)
        goto nomem;
    goto out;
nomem:
    res->failed = TASNIF_ENOMEM;
out:
    if (model)
        svm_free_and_destroy_model(&model);
    free(loc);
    free(yy);
    free(xx);
}

static void *pair_worker(void *arg)
{
    pair_job *job = arg;
    int ndec = (int)model_ndec(SCHEME_OVO, job->k);
    node_pool pool = {NULL, 0};
    for (;;) {
        int q = __atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED);
        if (q >= job->end)
            break;
        train_one_pair(job, q, &pool);
        size_t d = __atomic_add_fetch(&job->done, 1, __ATOMIC_RELAXED);
        if (job->p->progress) {
            pthread_mutex_lock(&job->lock);
            progress_report(job->p->progress, job->p->progress_user, "training", "classifiers", d, (uint64_t)ndec);
            pthread_mutex_unlock(&job->lock);
        }
    }
    free(pool.nodes);
    return NULL;
}

/* The results of pairs [lo, hi) from each process to all, once every
 * process's status (rc, err) is 0. */
static int share_pairs(pair_result *res, int np, size_t lo, size_t hi, int rc, tasnif_err *err)
{
    dist_buf mine = {0};
    unsigned char *all = NULL;
    size_t *lens = malloc((size_t)dist_size() * sizeof *lens);
    for (size_t q = lo; rc == 0 && q < hi; q++) {
        pair_result *r = &res[q];
        double v[3] = {r->rho, r->probA, r->probB};
        if (dist_put(&mine, &r->nsv, sizeof r->nsv) < 0 || dist_put(&mine, v, sizeof v) < 0 ||
            dist_put(&mine, r->row, r->nsv * sizeof *r->row) < 0 ||
            dist_put(&mine, r->coef, r->nsv * sizeof *r->coef) < 0)
            rc = TASNIF_ENOMEM;
    }
    if (rc == 0 && !lens)
        rc = TASNIF_ENOMEM;
    if (rc == TASNIF_ENOMEM)
        err_set(err, rc, NULL, 0, 0, "out of memory");
    if ((rc = dist_status(rc, err)) == 0)
        rc = dist_allgather(mine.p, mine.len, &all, lens, err);
    const unsigned char *at = all;
    for (size_t q = 0; rc == 0 && q < (size_t)np; q++) { /* rank order is pair order */
        pair_result *r = &res[q];
        double v[3];
        size_t nsv;
        memcpy(&nsv, at, sizeof nsv);
        memcpy(v, at + sizeof nsv, sizeof v);
        at += sizeof nsv + sizeof v;
        if (q < lo || q >= hi) {
            *r = (pair_result){nsv, malloc((nsv ? nsv : 1) * sizeof *r->row), malloc((nsv ? nsv : 1) * sizeof *r->coef),
                               v[0], v[1], v[2], 0};
            if (!r->row || !r->coef) {
                rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            memcpy(r->row, at, nsv * sizeof *r->row);
            memcpy(r->coef, at + nsv * sizeof *r->row, nsv * sizeof *r->coef);
        }
        at += nsv * (sizeof *r->row + sizeof *r->coef);
    }
    free(mine.p);
    free(all);
    free(lens);
    return rc;
}

void train_free_libsvm_model(struct svm_model *sm)
{
    model_free_svm(sm, NULL, 0);
}

static struct svm_node *sparse_nodes(const csr *x, size_t r)
{
    size_t s = x->rowptr[r], e = x->rowptr[r + 1];
    struct svm_node *v = malloc((e - s + 1) * sizeof *v);
    if (!v)
        return NULL;
    for (size_t t = s; t < e; t++) {
        v[t - s].index = x->col[t] + 1;
        v[t - s].value = x->val[t];
    }
    v[e - s].index = -1;
    return v;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Assemble libsvm's multi-class model from the pair results: support
 * vectors grouped by class (ascending row within a class), coefficients
 * laid out as svm_train lays them out (sv_coef[j-1] holds class i's
 * coefficients for pair (i, j), sv_coef[i] holds class j's). */
/* The distinct rows that are a support vector of any of the np pairs, ascending, in *out (*l of them);
 * @return 0 or -1 (out of memory). */
static int support_rows(const pair_result *res, int np, size_t **out, size_t *l)
{
    size_t total = 0;
    for (int q = 0; q < np; q++)
        total += res[q].nsv;
    size_t *all = malloc((total ? total : 1) * sizeof *all);
    if (!all)
        return -1;
    size_t t = 0;
    for (int q = 0; q < np; q++)
        for (size_t s = 0; s < res[q].nsv; s++)
            all[t++] = res[q].row[s];
    qsort(all, total, sizeof *all, cmp_size);
    size_t n = 0;
    for (size_t i = 0; i < total; i++)
        if (i == 0 || all[i] != all[i - 1])
            all[n++] = all[i];
    *out = all;
    *l = n;
    return 0;
}

/* The arrays of a libsvm model of k classes, np pairs and l support vectors (Platt's pairs with probability);
 * @return 1 when all were allocated, else 0 (train_free_libsvm_model frees what was). */
static int svm_model_arrays(struct svm_model *sm, int k, int np, size_t l, int probability)
{
    sm->nSV = calloc((size_t)k, sizeof *sm->nSV);
    sm->label = malloc((size_t)k * sizeof *sm->label);
    sm->sv_coef = calloc((size_t)k - 1, sizeof *sm->sv_coef);
    sm->rho = malloc((size_t)np * sizeof *sm->rho);
    sm->SV = calloc(l ? l : 1, sizeof *sm->SV);
    sm->sv_indices = malloc((l ? l : 1) * sizeof *sm->sv_indices);
    int ok = sm->nSV && sm->label && sm->sv_coef && sm->rho && sm->SV && sm->sv_indices;
    for (int c = 0; ok && c < k - 1; c++)
        ok = (sm->sv_coef[c] = calloc(l ? l : 1, sizeof(double))) != NULL;
    if (probability && ok) {
        sm->probA = malloc((size_t)np * sizeof(double));
        sm->probB = malloc((size_t)np * sizeof(double));
        ok = sm->probA && sm->probB;
    }
    return ok;
}

/* The support vectors all[0..l) ordered by class, then row, in sv, with class c's first at start[c] (start[k] = l);
 * sets the model's labels and per-class counts. */
static void order_by_class(struct svm_model *sm, const int *y, int k, const size_t *all, size_t l, size_t *sv,
                           size_t *start)
{
    size_t t = 0;
    for (int c = 0; c < k; c++) {
        start[c] = t;
        sm->label[c] = c;
        for (size_t i = 0; i < l; i++)
            if (y[all[i]] == c)
                sv[t++] = all[i];
        sm->nSV[c] = (int)(t - start[c]);
    }
    start[k] = t;
}

/* Each pair's rho, Platt's pair and coefficients, put where libsvm's multi-class model keeps them: the
 * coefficients of pair (i, j) for class i's vectors in row j - 1, for class j's in row i. */
static void place_pairs(struct svm_model *sm, const int *y, const pair_result *res, int np, const int *pi,
                        const int *pj, const size_t *sv, const size_t *start)
{
    for (int q = 0; q < np; q++) {
        int i = pi[q], j = pj[q];
        sm->rho[q] = res[q].rho;
        if (sm->probA) {
            sm->probA[q] = res[q].probA;
            sm->probB[q] = res[q].probB;
        }
        for (size_t s = 0; s < res[q].nsv; s++) {
            size_t r = res[q].row[s];
            int c = y[r];
            size_t *pos = bsearch(&r, sv + start[c], start[c + 1] - start[c], sizeof *sv, cmp_size);
            size_t at = (size_t)(pos - sv);
            if (c == i)
                sm->sv_coef[j - 1][at] = res[q].coef[s];
            else
                sm->sv_coef[i][at] = res[q].coef[s];
        }
    }
}

static struct svm_model *assemble(const train_params *p, const csr *x, const int *y, int k,
                                  const pair_result *res, const int *pi, const int *pj)
{
    int np = (int)model_ndec(SCHEME_OVO, k);
    struct svm_model *sm = calloc(1, sizeof *sm);
    if (!sm)
        return NULL;
    size_t *all, l;
    if (support_rows(res, np, &all, &l) < 0) {
        free(sm);
        return NULL;
    }
    /* order by class, then row */
    size_t *sv = malloc((l ? l : 1) * sizeof *sv);
    int ok = svm_model_arrays(sm, k, np, l, p->probability) && sv;
    sm->l = (int)l;
    sm->nr_class = k;
    if (!ok)
        goto fail;
    size_t *start = calloc((size_t)k + 1, sizeof *start);
    if (!start)
        goto fail;
    order_by_class(sm, y, k, all, l, sv, start);
    for (size_t i = 0; i < l; i++) {
        sm->sv_indices[i] = (int)sv[i] + 1;
        if (!(sm->SV[i] = sparse_nodes(x, sv[i]))) {
            free(start);
            goto fail;
        }
    }
    place_pairs(sm, y, res, np, pi, pj, sv, start);
    free(start);
    free(all);
    free(sv);
    sm->param.svm_type = C_SVC;
    sm->param.kernel_type = p->kernel;
    sm->param.gamma = p->gamma;
    sm->param.degree = p->degree;
    sm->param.coef0 = p->coef0;
    sm->param.C = p->C;
    sm->free_sv = 1;
    return sm;
fail:
    free(all);
    free(sv);
    train_free_libsvm_model(sm);
    return NULL;
}

/* The kernel's inputs: the Gram matrix *G when it fits p->gram_mb, else
 * libsvm nodes *xs for libsvm's own kernel evaluations (--gram-mb 0). */
static int kernel_inputs(const train_params *p, const csr *x, const size_t *rows, size_t n, double **G,
                         struct svm_node ***xs, tasnif_err *err)
{
    double gram_mb = (double)n * (double)n * 8.0 / (1024.0 * 1024.0);
    if (p->gram_mb > 0 && gram_mb > p->gram_mb)
        return err_set(err, TASNIF_ELIMIT, NULL, 0, 0,
                       "the %s kernel on %zu documents needs a %.1f MB kernel matrix, more than --gram-mb %g; "
                       "without it libsvm recomputes kernels, which takes hours on large corpora. Use the linear "
                       "solver (the default for -t linear), --lsa K --features dense for kernels on a small "
                       "embedding, a larger --gram-mb, or --gram-mb 0 to accept libsvm's own kernel evaluations",
                       p->kernel == LINEAR ? "linear" : p->kernel == RBF ? "rbf" : p->kernel == POLY ? "poly" : "sigmoid",
                       n, gram_mb, p->gram_mb);
    if (p->gram_mb > 0) {
        if (!(*G = malloc(n * n * sizeof **G)))
            return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory for a %.0f MB Gram matrix (lower --gram-mb)",
                           gram_mb);
        progress_report(p->progress, p->progress_user, "kernel matrix", "rows", 0, n);
        if (gram_compute(x, rows, n, p->threads, *G) < 0)
            return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory computing the Gram matrix");
        return 0;
    }
    if (!(*xs = calloc(n, sizeof **xs)))
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++)
        if (!((*xs)[i] = sparse_nodes(x, rows ? rows[i] : i)))
            return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    return 0;
}

/* The pairs' results into m: parameters, rho, probabilities and, for the
 * linear kernel, the collapsed weights w[feature * np + pair]. */
static int store_pairs(const train_params *p, const csr *x, const pair_result *res, int np, tasnif_model *m,
                       tasnif_err *err)
{
    m->scheme = SCHEME_OVO;
    m->solver = SOLVER_LIBSVM;
    m->ll_solver = 0;
    m->param = (struct svm_parameter){.svm_type = C_SVC, .kernel_type = p->kernel, .degree = p->degree,
                                      .gamma = p->gamma, .coef0 = p->coef0, .C = p->C};
    m->ndec = np;
    free(m->rho);
    free(m->probA);
    free(m->probB);
    free(m->w);
    m->probA = m->probB = m->w = NULL;
    m->rho = malloc((size_t)np * sizeof *m->rho);
    m->has_prob = p->probability;
    if (p->probability) {
        m->probA = malloc((size_t)np * sizeof *m->probA);
        m->probB = malloc((size_t)np * sizeof *m->probB);
    }
    if (!m->rho || (p->probability && (!m->probA || !m->probB)))
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    for (int q = 0; q < np; q++) {
        m->rho[q] = res[q].rho;
        if (p->probability) {
            m->probA[q] = res[q].probA;
            m->probB[q] = res[q].probB;
        }
    }
    if (p->kernel != LINEAR)
        return 0;
    size_t dim = feat_in_dim(&m->fs);
    if (!(m->w = calloc(dim * (size_t)np + 1, sizeof *m->w)))
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory for %zu x %d weights", dim, np);
    for (int q = 0; q < np; q++)
        for (size_t s = 0; s < res[q].nsv; s++) {
            size_t r = res[q].row[s];
            double c = res[q].coef[s];
            for (size_t t = x->rowptr[r]; t < x->rowptr[r + 1]; t++)
                m->w[(size_t)x->col[t] * (size_t)np + (size_t)q] += c * x->val[t];
        }
    return 0;
}

/* libsvm's multi-class model from the pairs: m->svm for kernels (sharing
 * m's rho and probabilities), and a model of its own in *libsvm_out when
 * asked for. */
static int attach_libsvm(const train_params *p, const csr *x, const int *y, const pair_job *job, tasnif_model *m,
                         struct svm_model **libsvm_out, tasnif_err *err)
{
    struct svm_model *own = NULL, *out = NULL;
    if (p->kernel != LINEAR && !(own = assemble(p, x, y, job->k, job->res, job->pi, job->pj)))
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    if (libsvm_out && !(out = assemble(p, x, y, job->k, job->res, job->pi, job->pj))) {
        train_free_libsvm_model(own);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (own) {
        /* the model keeps SVs and coefficients; parameters are its own */
        train_free_libsvm_model(m->svm);
        free(own->rho);
        free(own->probA);
        free(own->probB);
        own->rho = m->rho;
        own->probA = m->probA;
        own->probB = m->probB;
        m->svm = own;
    }
    if (libsvm_out)
        *libsvm_out = out;
    return 0;
}

int train_svm(const train_params *p0, const csr *x, const int *y, const size_t *rows, size_t n,
              tasnif_model *m, struct svm_model **libsvm_out, tasnif_err *err)
{
    if (train_check_nlabels(m, err) < 0)
        return TASNIF_ELIMIT;
    train_params p = *p0;
    if (p.gamma <= 0)
        p.gamma = 1.0;
    if (p.threads < 1)
        p.threads = 1;
    int k = m->nlabels, np = (int)model_ndec(SCHEME_OVO, k); /* k <= LABELS_MAX */
    int rc = 0;
    svm_set_print_string_function(print_nothing);

    double *cw = malloc((size_t)k * sizeof *cw);
    pair_result *res = calloc((size_t)np, sizeof *res);
    int *pi = malloc((size_t)np * sizeof *pi), *pj = malloc((size_t)np * sizeof *pj);
    double *G = NULL;
    struct svm_node **xs = NULL;
    if (!cw || !res || !pi || !pj) {
        rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    if ((rc = train_class_weights(&p, y, rows, n, m, cw, err)) < 0 ||
        (rc = kernel_inputs(&p, x, rows, n, &G, &xs, err)) < 0)
        goto out;
    for (int i = 0, q = 0; i < k; i++)
        for (int j = i + 1; j < k; j++, q++) {
            pi[q] = i;
            pj[q] = j;
        }
    size_t lo = 0, hi = (size_t)np;
    int split = p.dist && dist_size() > 1;
    if (split)
        dist_block((size_t)np, dist_rank(), dist_size(), &lo, &hi);
    pair_job job = {.p = &p, .x = x, .y = y, .n = n, .rows = rows, .G = G, .xs = xs,
                    .class_w = cw, .k = k, .pi = pi, .pj = pj, .res = res, .next = (int)lo, .end = (int)hi};
    pthread_mutex_init(&job.lock, NULL);
    /* libsvm's probability fitting draws from rand(): keep it on one thread */
    int nth = p.probability ? 1 : (p.threads < (int)(hi - lo) ? p.threads : (int)(hi - lo));
    par_run(nth > 0 ? nth : 1, pair_worker, &job, 0);
    pthread_mutex_destroy(&job.lock);
    for (size_t q = lo; q < hi && rc == 0; q++)
        if (res[q].failed)
            rc = err_set(err, res[q].failed, NULL, 0, 0, "training the pair %s / %s failed: %s",
                         m->labels[pi[q]], m->labels[pj[q]], tasnif_strerror(res[q].failed));
    if (split)
        rc = share_pairs(res, np, lo, hi, rc, err);
    if (rc == 0 && (rc = store_pairs(&p, x, res, np, m, err)) == 0 && (p.kernel != LINEAR || libsvm_out))
        rc = attach_libsvm(&p, x, y, &job, m, libsvm_out, err);
out:
    for (int q = 0; res && q < np; q++) {
        free(res[q].row);
        free(res[q].coef);
    }
    if (xs)
        for (size_t i = 0; i < n; i++)
            free(xs[i]);
    free(xs);
    free(G);
    free(res);
    free(pi);
    free(pj);
    free(cw);
    return rc;
}

