/*
 * linear.c - linear models with liblinear (Fan, Chang, Hsieh, Wang & Lin
 * 2008): L2-regularised SVMs by dual coordinate descent (Hsieh et al.
 * 2008), O(nnz) per pass, never a kernel matrix.
 *
 * One-vs-rest (the default): one binary problem per label, that label
 * against all others, as liblinear's own multi-class training does; the
 * label's C is multiplied by its class weight for its positive documents
 * (liblinear's -w), the rest keep C.  One-vs-one: one binary problem per
 * pair of labels in libsvm's order, the two labels' C multiplied by their
 * weights, as libsvm's C-SVC does.
 *
 * Reproducibility: liblinear's dual solvers shuffle with the C library's
 * global rand().  Each sub-problem seeds it (srand) right before its
 * train() call, and calls of solvers that draw from rand() are serialised
 * by one lock, so every sub-problem sees its own stream whatever the
 * thread count; the primal solvers draw nothing and run in parallel.
 * A host program that calls rand() on another thread while a model trains
 * makes the dual solvers' result depend on timing.
 *
 * Distributed (features/dist.h): each process trains a contiguous block of
 * the sub-problems, with the same seeds, and every process receives every
 * column, so the model is the one a single process trains.
 *
 * Probabilities (-b 1): one sigmoid per decision function, fitted on
 * out-of-fold decision values (5 folds) by Platt's method in the
 * numerically careful form of Lin, Lin & Weng (2007).
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <linear.h>
#include "../features/dist.h"
#include "train.h"

static pthread_mutex_t rand_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;

static void print_nothing(const char *s)
{
    (void)s;
}

static void make_quiet(void)
{
    set_print_string_function(print_nothing);
}

/* Does liblinear's solver draw from rand()? */
static int draws_rand(int solver)
{
    return solver != L2R_LR && solver != L2R_L2LOSS_SVC && solver != L1R_LR && solver != L1R_L2LOSS_SVC;
}

/* The feature_node rows of the listed rows of x, each ending with the
 * bias node {dim + 1, 1} and the terminator: nnz + 2n nodes in one array. */
typedef struct ll_rows {
    struct feature_node *nodes;
    struct feature_node **row; /* n row starts */
    size_t n;
} ll_rows;

static int ll_rows_make(const csr *x, const size_t *rows, size_t n, size_t dim, ll_rows *out)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        size_t r = rows ? rows[i] : i;
        total += x->rowptr[r + 1] - x->rowptr[r] + 2;
    }
    out->nodes = malloc((total ? total : 1) * sizeof *out->nodes);
    out->row = malloc((n ? n : 1) * sizeof *out->row);
    out->n = n;
    if (!out->nodes || !out->row) {
        free(out->nodes);
        free(out->row);
        return TASNIF_ENOMEM;
    }
    struct feature_node *f = out->nodes;
    for (size_t i = 0; i < n; i++) {
        size_t r = rows ? rows[i] : i;
        out->row[i] = f;
        for (size_t t = x->rowptr[r]; t < x->rowptr[r + 1]; t++)
            *f++ = (struct feature_node){x->col[t] + 1, x->val[t]};
        *f++ = (struct feature_node){(int)dim + 1, 1.0};
        *f++ = (struct feature_node){-1, 0};
    }
    return 0;
}

static void ll_rows_free(ll_rows *r)
{
    free(r->nodes);
    free(r->row);
}

/*
 * Train one binary problem: rows sel[0..m) of lr with targets yy (+1/-1),
 * C multipliers cp (positives) and cn (negatives).  Writes dim weights to
 * w (stride ws) and the bias weight to *b, signed so that > 0 means +1.
 */
static int train_binary(const train_params *p, const ll_rows *lr, const size_t *sel, size_t m, double *yy,
                        double cp, double cn, unsigned seed, size_t dim, double *w, size_t ws, double *b)
{
    struct feature_node **xx = malloc((m ? m : 1) * sizeof *xx);
    if (!xx)
        return TASNIF_ENOMEM;
    for (size_t i = 0; i < m; i++)
        xx[i] = lr->row[sel ? sel[i] : i];
    struct problem prob = {(int)m, (int)dim + 1, yy, xx, 1.0};
    int wl[2] = {+1, -1};
    double wv[2] = {cp, cn};
    struct parameter par = {.solver_type = p->ll_solver, .eps = p->ll_eps, .C = p->C,
                            .nr_weight = 2, .weight_label = wl, .weight = wv};
    if (check_parameter(&prob, &par)) {
        free(xx);
        return TASNIF_ESVM;
    }
    int locked = draws_rand(p->ll_solver);
    if (locked) {
        pthread_mutex_lock(&rand_lock);
        srand(seed);
    }
    struct model *mod = train(&prob, &par);
    if (locked)
        pthread_mutex_unlock(&rand_lock);
    free(xx);
    if (!mod)
        return TASNIF_ENOMEM;
    /* one column for two classes, positive = label[0] (first seen) */
    double sign = mod->label[0] == +1 ? 1.0 : -1.0;
    for (size_t f = 0; f < dim; f++)
        w[f * ws] = sign * mod->w[f];
    *b = sign * mod->w[dim];
    free_and_destroy_model(&mod);
    return 0;
}

/* Fit P(y = +1 | f) = 1 / (1 + exp(A f + B)) to decision values f and
 * labels t (+1/-1) by Newton's method with backtracking (Lin, Lin & Weng
 * 2007, with Platt's regularised targets). */
void train_platt(const double *f, const double *t, size_t n, double *A, double *B)
{
    double prior1 = 0, prior0 = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] > 0)
            prior1 += 1;
        else
            prior0 += 1;
    }
    double hi = (prior1 + 1) / (prior1 + 2), lo = 1 / (prior0 + 2);
    double a = 0, b = log((prior0 + 1) / (prior1 + 1)), fval = 0;
    const double sigma = 1e-12, eps = 1e-5, minstep = 1e-10;
    for (size_t i = 0; i < n; i++) {
        double tt = t[i] > 0 ? hi : lo, z = f[i] * a + b;
        fval += z >= 0 ? tt * z + log1p(exp(-z)) : (tt - 1) * z + log1p(exp(z));
    }
    for (int iter = 0; iter < 100; iter++) {
        double h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
        for (size_t i = 0; i < n; i++) {
            double tt = t[i] > 0 ? hi : lo, z = f[i] * a + b, pp, qq;
            if (z >= 0) {
                pp = exp(-z) / (1 + exp(-z));
                qq = 1 / (1 + exp(-z));
            } else {
                pp = 1 / (1 + exp(z));
                qq = exp(z) / (1 + exp(z));
            }
            double d2 = pp * qq, d1 = tt - pp;
            h11 += f[i] * f[i] * d2;
            h22 += d2;
            h21 += f[i] * d2;
            g1 += f[i] * d1;
            g2 += d1;
        }
        if (fabs(g1) < eps && fabs(g2) < eps)
            break;
        double det = h11 * h22 - h21 * h21;
        double da = -(h22 * g1 - h21 * g2) / det, db = -(-h21 * g1 + h11 * g2) / det;
        double gd = g1 * da + g2 * db, step = 1;
        while (step >= minstep) {
            double na = a + step * da, nb = b + step * db, nf = 0;
            for (size_t i = 0; i < n; i++) {
                double tt = t[i] > 0 ? hi : lo, z = f[i] * na + nb;
                nf += z >= 0 ? tt * z + log1p(exp(-z)) : (tt - 1) * z + log1p(exp(z));
            }
            if (nf < fval + 1e-4 * step * gd) {
                a = na;
                b = nb;
                fval = nf;
                break;
            }
            step /= 2;
        }
        if (step < minstep)
            break;
    }
    *A = a;
    *B = b;
}

/* The sub-problems and what they share. */
typedef struct lin_job {
    const train_params *p;
    const csr *x;
    const int *y;           /* labels by row of x */
    const label_sets *sets; /* multi-label sets by row of x, or NULL */
    const size_t *rows;     /* subset rows of x, or NULL */
    size_t n, dim;
    int k, ndec;
    int scheme;
    const double *cw;       /* per label multiplier of C */
    ll_rows lr;             /* the subset's rows */
    double *w;              /* dim x ndec, feature-major */
    double *bias;           /* ndec bias weights */
    double *probA, *probB;  /* ndec each, or NULL */
    int next;               /* next sub-problem (atomic) */
    int end;                /* the end of this process's sub-problems */
    size_t done;
    int failed;             /* first TASNIF_E* code, or 0 */
    pthread_mutex_t lock;
} lin_job;

static int label_of(const lin_job *j, size_t i)
{
    return j->y[j->rows ? j->rows[i] : i];
}

/* Sub-problem q: its rows (indices into the subset) and targets. */
static size_t select_rows(const lin_job *j, int q, size_t *sel, double *yy, double *cp, double *cn)
{
    size_t m = 0;
    if (j->scheme == SCHEME_OVR) {
        size_t pos = 0;
        for (size_t i = 0; i < j->n; i++) {
            int in = j->sets ? label_sets_has(j->sets, j->rows ? j->rows[i] : i, q) : label_of(j, i) == q;
            sel[m] = i;
            yy[m++] = in ? +1 : -1;
            pos += in;
        }
        *cp = j->cw[q];
        *cn = 1;
        if (j->sets && j->p->balanced && pos > 0 && pos < m) {
            /* per binary problem, as scikit-learn's balanced weights */
            *cp *= (double)m / (2.0 * (double)pos);
            *cn = (double)m / (2.0 * (double)(m - pos));
        }
        return m;
    }
    int a = 0, b, t = q;
    while (t >= j->k - 1 - a) { /* pair index -> (a, b) in libsvm's order */
        t -= j->k - 1 - a;
        a++;
    }
    b = a + 1 + t;
    for (size_t i = 0; i < j->n; i++) {
        int c = label_of(j, i);
        if (c == a || c == b) {
            sel[m] = i;
            yy[m++] = c == a ? +1 : -1;
        }
    }
    *cp = j->cw[a];
    *cn = j->cw[b];
    return m;
}

/* Out-of-fold decision values of sub-problem q, then its sigmoid. */
static int fit_probability(lin_job *j, int q, const size_t *sel, const double *yy, size_t m, double cp, double cn,
                           double *wtmp)
{
    enum { FOLDS = 5 };
    double *f = malloc((m ? m : 1) * sizeof *f), *ysub = malloc((m ? m : 1) * sizeof *ysub);
    size_t *s2 = malloc((m ? m : 1) * sizeof *s2);
    int *fold = malloc((m ? m : 1) * sizeof *fold), *yi = malloc((m ? m : 1) * sizeof *yi);
    int rc = 0;
    if (!f || !ysub || !s2 || !fold || !yi) {
        rc = TASNIF_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < m; i++)
        yi[i] = yy[i] > 0;
    train_folds(yi, m, 2, FOLDS, j->p->seed + 7919u * (unsigned)q, fold);
    for (int fo = 0; fo < FOLDS && rc == 0; fo++) {
        size_t t = 0;
        for (size_t i = 0; i < m; i++)
            if (fold[i] != fo) {
                s2[t] = sel[i];
                ysub[t++] = yy[i];
            }
        double b;
        rc = train_binary(j->p, &j->lr, s2, t, ysub, cp, cn, train_seed(j->p->seed, q, fo + 1), j->dim, wtmp, 1, &b);
        for (size_t i = 0; rc == 0 && i < m; i++) {
            if (fold[i] != fo)
                continue;
            double d = b;
            for (const struct feature_node *n = j->lr.row[sel[i]]; n->index != -1; n++)
                if ((size_t)n->index <= j->dim)
                    d += wtmp[n->index - 1] * n->value;
            f[i] = d;
        }
    }
    if (rc == 0)
        train_platt(f, yy, m, &j->probA[q], &j->probB[q]);
out:
    free(f);
    free(ysub);
    free(s2);
    free(fold);
    free(yi);
    return rc;
}

static void run_subproblem(lin_job *j, int q, size_t *sel, double *yy, double *wcol, double *wtmp)
{
    double cp, cn, b;
    size_t m = select_rows(j, q, sel, yy, &cp, &cn), pos = 0;
    for (size_t i = 0; i < m; i++)
        pos += yy[i] > 0;
    if (pos == 0 || pos == m) {
        /* one class only (a label absent from a fold): a constant decision */
        for (size_t f = 0; f < j->dim; f++)
            j->w[f * (size_t)j->ndec + (size_t)q] = 0;
        j->bias[q] = pos ? 1 : -1;
        if (j->probA) {
            j->probA[q] = -1;
            j->probB[q] = 0;
        }
        return;
    }
    int rc = train_binary(j->p, &j->lr, sel, m, yy, cp, cn, train_seed(j->p->seed, q, 0), j->dim, wcol, 1, &b);
    if (rc == 0) {
        for (size_t f = 0; f < j->dim; f++)
            j->w[f * (size_t)j->ndec + (size_t)q] = wcol[f];
        j->bias[q] = b;
        if (j->probA)
            rc = fit_probability(j, q, sel, yy, m, cp, cn, wtmp);
    }
    if (rc < 0)
        __atomic_compare_exchange_n(&j->failed, &(int){0}, rc, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

static void *lin_worker(void *arg)
{
    lin_job *j = arg;
    size_t *sel = malloc((j->n ? j->n : 1) * sizeof *sel);
    double *yy = malloc((j->n ? j->n : 1) * sizeof *yy);
    double *wcol = malloc((j->dim + 1) * sizeof *wcol);
    double *wtmp = j->probA ? malloc((j->dim + 1) * sizeof *wtmp) : NULL;
    if (!sel || !yy || !wcol || (j->probA && !wtmp)) {
        __atomic_compare_exchange_n(&j->failed, &(int){0}, TASNIF_ENOMEM, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
        goto out;
    }
    for (;;) {
        int q = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED);
        if (q >= j->end || __atomic_load_n(&j->failed, __ATOMIC_RELAXED))
            break;
        run_subproblem(j, q, sel, yy, wcol, wtmp);
        size_t d = __atomic_add_fetch(&j->done, 1, __ATOMIC_RELAXED);
        if (j->p->progress) {
            pthread_mutex_lock(&j->lock);
            progress_report(j->p->progress, j->p->progress_user, "training", "classifiers", d, (uint64_t)j->ndec);
            pthread_mutex_unlock(&j->lock);
        }
    }
out:
    free(sel);
    free(yy);
    free(wcol);
    free(wtmp);
    return NULL;
}

/* The columns (weights, bias, sigmoid) of sub-problems [lo, hi) from each
 * process to all, once every process's status (rc, err) is 0. */
static int share_columns(lin_job *j, size_t lo, size_t hi, int rc, tasnif_err *err)
{
    size_t per = j->dim + 3, nd = (size_t)j->ndec, len = (hi - lo) * per * sizeof(double);
    double *mine = malloc(len ? len : 1), *all = NULL;
    size_t *lens = malloc((size_t)dist_size() * sizeof *lens);
    if (rc == 0 && (!mine || !lens))
        rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory for the weights of %zu sub-problems", hi - lo);
    for (size_t q = lo; rc == 0 && q < hi; q++) {
        double *c = mine + (q - lo) * per;
        for (size_t f = 0; f < j->dim; f++)
            c[f] = j->w[f * nd + q];
        c[j->dim] = j->bias[q];
        c[j->dim + 1] = j->probA ? j->probA[q] : 0;
        c[j->dim + 2] = j->probB ? j->probB[q] : 0;
    }
    /* every process takes part, with or without its buffer */
    if ((rc = dist_status(rc, err)) == 0)
        rc = dist_allgather(mine, len, (unsigned char **)&all, lens, err);
    /* every block as long as its sub-problems need: the processes trained
     * the same problem */
    for (int r = 0; rc == 0 && r < dist_size(); r++) {
        size_t rlo, rhi;
        dist_block(nd, r, dist_size(), &rlo, &rhi);
        if (lens[r] != (rhi - rlo) * per * sizeof(double))
            rc = err_set(err, TASNIF_EINPUT, NULL, 0, 0, "the processes of the job trained different problems "
                         "(is the corpus the same file on every machine?)");
    }
    for (size_t q = 0; rc == 0 && q < nd; q++) { /* rank order is sub-problem order */
        const double *c = all + q * per;
        for (size_t f = 0; f < j->dim; f++)
            j->w[f * nd + q] = c[f];
        j->bias[q] = c[j->dim];
        if (j->probA) {
            j->probA[q] = c[j->dim + 1];
            j->probB[q] = c[j->dim + 2];
        }
    }
    free(mine);
    free(all);
    free(lens);
    return rc;
}

int train_linear(const train_params *p, const csr *x, const int *y, const label_sets *sets, const size_t *rows,
                 size_t n, const double *cw, tasnif_model *m, tasnif_err *err)
{
    pthread_once(&quiet_once, make_quiet);
    int k = m->nlabels;
    int scheme = p->scheme == SCHEME_OVO && !sets ? SCHEME_OVO : SCHEME_OVR;
    int ndec = scheme == SCHEME_OVR ? k : k * (k - 1) / 2;
    size_t dim = feat_in_dim(&m->fs);
    if (dim >= INT32_MAX || n > INT32_MAX)
        return err_set(err, TASNIF_ELIMIT, NULL, 0, 0, "%zu features and %zu documents: liblinear takes at most 2^31-1",
                       dim, n);
    lin_job j = {.p = p, .x = x, .y = y, .sets = sets, .rows = rows, .n = n, .dim = dim, .k = k, .ndec = ndec,
                 .scheme = scheme, .cw = cw};
    model_clear_classifiers(m);
    int rc = ll_rows_make(x, rows, n, dim, &j.lr);
    if (rc < 0)
        return err_set(err, rc, NULL, 0, 0, "out of memory for the training vectors");
    m->w = j.w = calloc(dim * (size_t)ndec + 1, sizeof *j.w);
    m->rho = j.bias = calloc((size_t)ndec, sizeof *j.bias);
    if (p->probability) {
        m->probA = j.probA = calloc((size_t)ndec, sizeof *j.probA);
        m->probB = j.probB = calloc((size_t)ndec, sizeof *j.probB);
    }
    if (!j.w || !j.bias || (p->probability && (!j.probA || !j.probB))) {
        ll_rows_free(&j.lr);
        model_clear_classifiers(m);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory for %zu x %d weights", dim, ndec);
    }
    size_t lo = 0, hi = (size_t)ndec;
    int split = p->dist && dist_size() > 1;
    if (split)
        dist_block((size_t)ndec, dist_rank(), dist_size(), &lo, &hi);
    j.next = (int)lo;
    j.end = (int)hi;
    pthread_mutex_init(&j.lock, NULL);
    int nth = p->threads < j.end - j.next ? p->threads : j.end - j.next;
    par_run(nth > 0 ? nth : 1, lin_worker, &j, 0);
    pthread_mutex_destroy(&j.lock);
    ll_rows_free(&j.lr);
    rc = j.failed ? err_set(err, j.failed, NULL, 0, 0, "liblinear training failed: %s", tasnif_strerror(j.failed)) : 0;
    if (split)
        rc = share_columns(&j, lo, hi, rc, err);
    if (rc < 0) {
        model_clear_classifiers(m);
        return rc;
    }
    for (int q = 0; q < ndec; q++)
        m->rho[q] = -j.bias[q]; /* f_q(x) = <w_q, x> - rho_q */
    m->scheme = scheme;
    m->solver = SOLVER_LIBLINEAR;
    m->ll_solver = p->ll_solver;
    m->ndec = ndec;
    m->has_prob = p->probability;
    m->param = (struct svm_parameter){.svm_type = C_SVC, .kernel_type = LINEAR, .C = p->C};
    return 0;
}
