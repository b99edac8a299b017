/*
 * weight.c - the feature configuration, fitting the feature space on a
 * training corpus (document frequencies, min_df / max_features pruning, or
 * feature hashing), and tf-idf weighting.
 *
 * Weighting follows the usual vector-space model as scikit-learn's
 * TfidfVectorizer defines it: tf raw or sublinear (1 + ln tf); smooth idf
 * ln((1 + N) / (1 + df)) + 1; each vector scaled to unit L2 norm.  With
 * hashing (Weinberger et al. 2009) n-grams fall into 2^b buckets by their
 * 64-bit hash, with no sign trick; idf is kept per bucket.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "features.h"

/* ---- weighting one row ---- */

typedef struct entry {
    int32_t col;
    int32_t lead; /* weight_row: a feature of the lead (lead_apart) */
    double val;
} entry;

static int cmp_entry(const void *a, const void *b)
{
    int32_t x = ((const entry *)a)->col, y = ((const entry *)b)->col;
    return (x > y) - (x < y);
}

/*
 * Sort e[0..n) by column: an LSD radix sort on bytes (columns are
 * non-negative), skipping bytes that are the same in every entry; small
 * rows use qsort.  tmp holds n entries.
 */
static void sort_entries(entry *e, size_t n, entry *tmp)
{
    if (n < 64 || !tmp) {
        qsort(e, n, sizeof *e, cmp_entry);
        return;
    }
    uint32_t all_or = 0, all_and = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        all_or |= (uint32_t)e[i].col;
        all_and &= (uint32_t)e[i].col;
    }
    entry *src = e, *dst = tmp;
    for (int shift = 0; shift < 32; shift += 8) {
        if ((((all_or ^ all_and) >> shift) & 0xff) == 0)
            continue; /* this byte is the same everywhere */
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[(((uint32_t)src[i].col >> shift) & 0xff) + 1]++;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            dst[count[((uint32_t)src[i].col >> shift) & 0xff]++] = src[i];
        entry *t = src;
        src = dst;
        dst = t;
    }
    if (src != e)
        memcpy(e, src, n * sizeof *e);
}

/* Is column col of fs a feature of the lead (FEAT_LEAD, FEAT_LEAD_CHAR)?
 * Only a vocabulary knows: a hashed column holds any family. */
static int is_lead(const feat_space *fs, int32_t col)
{
    uint32_t len;
    char f = vocab_key(&fs->voc, (size_t)col, &len)[0];
    return f == FEAT_LEAD || f == FEAT_LEAD_CHAR;
}

/*
 * Sort e[0..n) by column, merge equal columns (summing counts), apply tf,
 * idf and L2 (with cfg.lead_apart and a vocabulary, the lead's features to
 * norm sqrt(lead_share / 100) and the rest to the remainder; a part alone
 * to norm 1).  tmp (n entries, or
 * NULL) is scratch for sorting.  @return the new length.
 */
static size_t weight_row(const feat_space *fs, entry *e, size_t n, entry *tmp)
{
    const feat_config *cfg = &fs->cfg;
    sort_entries(e, n, tmp);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && e[m - 1].col == e[i].col)
            e[m - 1].val += e[i].val;
        else
            e[m++] = e[i];
    }
    int apart = cfg->lead_apart && cfg->lead_words && !cfg->hash_bits;
    double norm[2] = {0, 0}; /* the rest, the lead */
    for (size_t i = 0; i < m; i++) {
        double v = e[i].val;
        if (cfg->sublinear_tf && v != 1.0) /* 1 + ln 1 is 1 exactly */
            v = 1.0 + log(v);
        if (fs->idf)
            v *= fs->idf[e[i].col];
        e[i].val = v;
        e[i].lead = apart && is_lead(fs, e[i].col);
        norm[e[i].lead] += v * v;
    }
    if (!cfg->l2 || norm[0] + norm[1] <= 0)
        return m;
    if (!apart) {
        double scale = 1.0 / sqrt(norm[0]);
        for (size_t i = 0; i < m; i++)
            e[i].val *= scale;
        return m;
    }
    double part[2] = {1, 1}; /* the squared norm of each part when both are present */
    if (norm[0] > 0 && norm[1] > 0) {
        part[1] = cfg->lead_share / 100.0;
        part[0] = 1 - part[1];
    }
    double scale[2] = {0, 0};
    for (int k = 0; k < 2; k++)
        if (norm[k] > 0) /* 50: 1 / sqrt(2), to the bit as before lead_share */
            scale[k] = (cfg->lead_share == 50 && part[k] < 1 ? 1.0 / sqrt(2.0) : sqrt(part[k])) / sqrt(norm[k]);
    for (size_t i = 0; i < m; i++)
        e[i].val *= scale[e[i].lead];
    return m;
}

/* ---- fitting ---- */

struct feat_builder {
    feat_config cfg;
    vocab voc;          /* every n-gram seen, with df (vocabulary mode) */
    uint32_t *bucket_df; /* hashing mode: df per bucket */
    csr rows;           /* term ids (or buckets) with raw counts */
    int32_t *col;
    double *val;
    size_t cap;
    size_t labelled;    /* rows from this one on are unlabelled (SIZE_MAX: none) */
};

int feat_builder_new(const feat_config *cfg, feat_builder **out, tasnif_err *err)
{
    int rc = feat_config_check(cfg, err);
    if (rc < 0)
        return rc;
    feat_builder *b = calloc(1, sizeof *b);
    if (!b)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    b->cfg = *cfg;
    b->labelled = SIZE_MAX;
    vocab_init(&b->voc);
    csr_init(&b->rows);
    if (cfg->hash_bits) {
        b->bucket_df = calloc((size_t)1 << cfg->hash_bits, sizeof *b->bucket_df);
        if (!b->bucket_df) {
            free(b);
            return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory for 2^%d hash buckets", cfg->hash_bits);
        }
    }
    *out = b;
    return 0;
}

void feat_builder_free(feat_builder *b)
{
    if (!b)
        return;
    vocab_finish(&b->voc);
    free(b->bucket_df);
    csr_finish(&b->rows);
    free(b->col);
    free(b->val);
    free(b);
}

size_t feat_builder_nnz(const feat_builder *b)
{
    return b->rows.nnz;
}

size_t feat_builder_bytes(const feat_builder *b)
{
    const vocab *v = &b->voc;
    return b->rows.cap_nnz * (sizeof(int32_t) + sizeof(double)) + b->rows.cap_rows * sizeof(size_t) +
           v->cap_bytes + v->cap_keys * (sizeof(uint64_t) + 2 * sizeof(uint32_t)) + v->nslots * 16;
}

size_t feat_builder_nterms(const feat_builder *b)
{
    return b->voc.n;
}

void feat_builder_unlabelled_from_here(feat_builder *b)
{
    b->labelled = b->rows.rows;
}

int feat_builder_add(feat_builder *b, const feat_term *t, size_t n)
{
    size_t c1 = b->cap;
    if (GROW(b->col, c1, n) < 0 || GROW(b->val, b->cap, n) < 0)
        return TASNIF_ENOMEM;
    if (b->cfg.hash_bits) {
        uint64_t mask = ((uint64_t)1 << b->cfg.hash_bits) - 1;
        entry *e = malloc((n ? n : 1) * sizeof *e);
        if (!e)
            return TASNIF_ENOMEM;
        for (size_t i = 0; i < n; i++)
            e[i] = (entry){.col = (int32_t)(t[i].hash & mask), .val = (double)t[i].count};
        qsort(e, n, sizeof *e, cmp_entry);
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (m && b->col[m - 1] == e[i].col) {
                b->val[m - 1] += e[i].val;
                continue;
            }
            b->col[m] = e[i].col;
            b->val[m] = e[i].val;
            b->bucket_df[e[i].col]++;
            m++;
        }
        free(e);
        return csr_append(&b->rows, b->col, b->val, m);
    }
    for (size_t i = 0; i < n; i++) {
        int64_t id = vocab_add(&b->voc, &t[i]);
        if (id < 0)
            return (int)id;
        if (id > INT32_MAX - 1 || (int64_t)b->voc.n > b->cfg.max_vocab)
            return TASNIF_ELIMIT;
        b->voc.df[id]++;
        b->col[i] = (int32_t)id;
        b->val[i] = t[i].count;
    }
    return csr_append(&b->rows, b->col, b->val, n);
}

/* Order by df descending, then id ascending (deterministic top-k). */
static const uint32_t *sort_df;
static int cmp_df(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    if (sort_df[x] != sort_df[y])
        return sort_df[x] < sort_df[y] ? 1 : -1;
    return (x > y) - (x < y);
}

void feat_space_finish(feat_space *fs)
{
    vocab_finish(&fs->voc);
    free(fs->idf);
    free(fs->lsa_proj);
    free(fs->lsa_sv);
    memset(fs, 0, sizeof *fs);
}

/* The raw ids kept, in order: those in at least min_df documents (and, with dfl, in a labelled one), and of those
 * the max_features most frequent, in first-seen order; map (nold) is scratch; @return how many. */
static size_t kept_ngrams(const feat_config *cfg, const uint32_t *df, const uint32_t *dfl, size_t nold, uint32_t *order,
                          int32_t *map)
{
    size_t k = 0;
    for (size_t i = 0; i < nold; i++)
        if (df[i] >= (uint32_t)cfg->min_df && (!dfl || dfl[i]))
            order[k++] = (uint32_t)i;
    if (cfg->max_features && k > (size_t)cfg->max_features) {
        /* keep the most frequent; ids stay in first-seen order */
        sort_df = df;
        qsort(order, k, sizeof *order, cmp_df);
        k = (size_t)cfg->max_features;
        for (size_t i = 0; i < nold; i++)
            map[i] = -1;
        for (size_t i = 0; i < k; i++)
            map[order[i]] = 0;
        k = 0;
        for (size_t i = 0; i < nold; i++)
            if (map[i] == 0)
                order[k++] = (uint32_t)i;
    }
    return k;
}

/* The vocabulary of the k kept raw ids (order) with their document frequencies, in to; map (nold) gets raw id ->
 * feature id, -1 when pruned; @return 0 or -1 (out of memory). */
static int new_vocab(vocab *to, const vocab *voc, const uint32_t *df, const uint32_t *order, size_t k, size_t nold,
                     int32_t *map)
{
    for (size_t i = 0; i < nold; i++)
        map[i] = -1;
    for (size_t i = 0; i < k; i++) {
        uint32_t len;
        const char *key = vocab_key(voc, order[i], &len);
        if (vocab_push(to, key, len, df[order[i]]) < 0)
            return -1;
        map[order[i]] = (int32_t)i;
    }
    return vocab_rehash(to) < 0 ? -1 : 0;
}

/*
 * Fit a space on the listed rows of the raw counts (NULL = all): document
 * frequencies over those rows, min_df / max_features, idf.  Rows from
 * labelled on are unlabelled texts (feat_builder_unlabelled_from_here).
 * *map receives raw id -> feature id (-1 when pruned) for vocabularies,
 * NULL for hashing.
 */
static int fit_space(const feat_config *cfg, const vocab *voc, const csr *counts, const size_t *rows, size_t n,
                     size_t labelled, feat_space *fs, int32_t **map_out, tasnif_err *err)
{
    memset(fs, 0, sizeof *fs);
    fs->cfg = *cfg;
    vocab_init(&fs->voc);
    int32_t *map = NULL;
    uint32_t *order = NULL, *df = NULL, *dfl = NULL; /* dfl: over the labelled rows, when some are not */
    size_t nold = cfg->hash_bits ? (size_t)1 << cfg->hash_bits : voc->n, nl = 0;
    for (size_t i = 0; i < n; i++)
        nl += (rows ? rows[i] : i) < labelled;
    fs->ndocs = nl;
    fs->unlabelled = n - nl;
    df = calloc(nold ? nold : 1, sizeof *df);
    if (!df || (nl < n && !cfg->hash_bits && !(dfl = calloc(nold ? nold : 1, sizeof *dfl))))
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        size_t r = rows ? rows[i] : i;
        for (size_t j = counts->rowptr[r]; j < counts->rowptr[r + 1]; j++) {
            df[counts->col[j]]++;
            if (dfl && r < labelled)
                dfl[counts->col[j]]++;
        }
    }
    if (cfg->hash_bits) {
        fs->dim = nold;
    } else {
        map = malloc((nold ? nold : 1) * sizeof *map);
        order = malloc((nold ? nold : 1) * sizeof *order);
        if (!map || !order)
            goto nomem;
        size_t k = kept_ngrams(cfg, df, dfl, nold, order, map);
        if (new_vocab(&fs->voc, voc, dfl ? dfl : df, order, k, nold, map) < 0)
            goto nomem;
        fs->dim = k;
        if (k == 0) {
            free(map);
            free(order);
            free(df);
            free(dfl);
            feat_space_finish(fs);
            return err_set(err, TASNIF_ECORPUS, NULL, 0, 0,
                           "no feature occurs in at least %d documents (lower --min-df)", cfg->min_df);
        }
    }
    if (cfg->use_idf) {
        fs->idf = malloc(fs->dim * sizeof *fs->idf);
        if (!fs->idf)
            goto nomem;
        for (size_t i = 0; i < fs->dim; i++) { /* over every document fitted on, unlabelled too */
            double d = cfg->hash_bits ? df[i] : df[order[i]];
            fs->idf[i] = log((1.0 + (double)n) / (1.0 + d)) + 1.0;
        }
    }
    free(order);
    free(df);
    free(dfl);
    *map_out = map;
    return 0;
nomem:
    free(map);
    free(order);
    free(df);
    free(dfl);
    feat_space_finish(fs);
    return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
}

/* Weight the listed rows of src (raw ids, counts) into dst with fs;
 * dst may be src itself (rewritten in place when rows is NULL). */
static int transform_rows(const feat_space *fs, const int32_t *map, csr *src, const size_t *rows, size_t n, csr *dst)
{
    entry *e = NULL;
    size_t ecap = 0, w = 0;
    int in_place = dst == src;
    for (size_t i = 0; i < n; i++) {
        size_t r = rows ? rows[i] : i;
        size_t s = src->rowptr[r], t = src->rowptr[r + 1], m = 0;
        if (GROW(e, ecap, t - s + 1) < 0) {
            free(e);
            return TASNIF_ENOMEM;
        }
        for (size_t j = s; j < t; j++) {
            int32_t c = map ? map[src->col[j]] : src->col[j];
            if (c >= 0)
                e[m++] = (entry){.col = c, .val = src->val[j]};
        }
        m = weight_row(fs, e, m, NULL);
        if (in_place) {
            src->rowptr[i] = w;
            for (size_t j = 0; j < m; j++) {
                src->col[w] = e[j].col;
                src->val[w] = e[j].val;
                w++;
            }
        } else {
            int32_t *cc = malloc((m ? m : 1) * sizeof *cc);
            double *vv = malloc((m ? m : 1) * sizeof *vv);
            int rc = cc && vv ? 0 : TASNIF_ENOMEM;
            for (size_t j = 0; rc == 0 && j < m; j++) {
                cc[j] = e[j].col;
                vv[j] = e[j].val;
            }
            if (rc == 0)
                rc = csr_append(dst, cc, vv, m);
            free(cc);
            free(vv);
            if (rc < 0) {
                free(e);
                return rc;
            }
        }
    }
    free(e);
    if (in_place) {
        if (n)
            src->rowptr[n] = w;
        src->nnz = w;
    }
    dst->cols = fs->dim;
    return 0;
}

int feat_builder_finish(feat_builder *b, feat_space *fs, csr *x, tasnif_err *err)
{
    int32_t *map = NULL;
    size_t ndocs = b->rows.rows;
    int rc = fit_space(&b->cfg, &b->voc, &b->rows, NULL, ndocs, b->labelled, fs, &map, err);
    if (rc < 0)
        return rc;
    if (transform_rows(fs, map, &b->rows, NULL, ndocs, &b->rows) < 0) {
        free(map);
        feat_space_finish(fs);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    *x = b->rows;
    csr_init(&b->rows);
    free(map);
    vocab_finish(&b->voc);
    return 0;
}

int feat_builder_keep_raw(feat_builder *b, feat_raw *raw)
{
    memset(raw, 0, sizeof *raw);
    raw->cfg = b->cfg;
    raw->labelled = b->labelled;
    vocab_init(&raw->voc);
    csr_init(&raw->counts);
    const csr *r = &b->rows;
    for (size_t i = 0; i < b->voc.n; i++) {
        uint32_t len;
        const char *key = vocab_key(&b->voc, i, &len);
        if (vocab_push(&raw->voc, key, len, b->voc.df[i]) < 0)
            goto nomem;
    }
    if (vocab_rehash(&raw->voc) < 0)
        goto nomem;
    for (size_t i = 0; i < r->rows; i++)
        if (csr_append(&raw->counts, r->col + r->rowptr[i], r->val + r->rowptr[i], r->rowptr[i + 1] - r->rowptr[i]) < 0)
            goto nomem;
    return 0;
nomem:
    feat_raw_finish(raw);
    return TASNIF_ENOMEM;
}

void feat_raw_finish(feat_raw *raw)
{
    vocab_finish(&raw->voc);
    csr_finish(&raw->counts);
    memset(raw, 0, sizeof *raw);
}

int feat_raw_fit(const feat_raw *raw, const size_t *train, size_t ntrain, const size_t *rows, size_t n,
                 feat_space *fs, csr *x, tasnif_err *err)
{
    int32_t *map = NULL;
    int rc = fit_space(&raw->cfg, &raw->voc, &raw->counts, train, ntrain, raw->labelled, fs, &map, err);
    if (rc < 0)
        return rc;
    csr_init(x);
    if (transform_rows(fs, map, (csr *)&raw->counts, rows, n, x) < 0) {
        free(map);
        csr_finish(x);
        feat_space_finish(fs);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    free(map);
    return 0;
}

int feat_vectorize(const feat_space *fs, const feat_term *t, size_t n,
                   int32_t **col, double **val, size_t *cap, size_t *nnz)
{
    entry *e = malloc((n ? 2 * n : 1) * sizeof *e); /* the second half is sort scratch */
    if (!e)
        return TASNIF_ENOMEM;
    size_t m = 0;
    uint64_t mask = fs->cfg.hash_bits ? ((uint64_t)1 << fs->cfg.hash_bits) - 1 : 0;
    int64_t *ids = (int64_t *)(void *)(e + n); /* the scratch half, free until sorting */
    if (!fs->cfg.hash_bits)
        vocab_find_many(&fs->voc, t, n, ids);
    for (size_t i = 0; i < n; i++) {
        int64_t id = fs->cfg.hash_bits ? (int64_t)(t[i].hash & mask) : ids[i];
        if (id >= 0)
            e[m++] = (entry){.col = (int32_t)id, .val = (double)t[i].count};
    }
    m = weight_row(fs, e, m, e + n);
    size_t c1 = *cap;
    if (GROW(*col, c1, m + 1) < 0 || GROW(*val, *cap, m + 1) < 0) {
        free(e);
        return TASNIF_ENOMEM;
    }
    for (size_t i = 0; i < m; i++) {
        (*col)[i] = e[i].col;
        (*val)[i] = e[i].val;
    }
    *nnz = m;
    free(e);
    return 0;
}

size_t feat_in_dim(const feat_space *fs)
{
    if (!fs->cfg.lsa_k || fs->cfg.feature_mode == FEAT_SPARSE)
        return fs->dim;
    if (fs->cfg.feature_mode == FEAT_DENSE)
        return (size_t)fs->cfg.lsa_k;
    return fs->dim + (size_t)fs->cfg.lsa_k;
}

int feat_finalize_rows(const feat_space *fs, csr *x)
{
    if (!fs->cfg.lsa_k || fs->cfg.feature_mode == FEAT_SPARSE)
        return 0;
    csr out;
    csr_init(&out);
    int32_t *col = NULL;
    double *val = NULL;
    size_t cap = 0, nnz;
    int rc = 0;
    for (size_t i = 0; i < x->rows && rc == 0; i++) {
        size_t s = x->rowptr[i];
        nnz = x->rowptr[i + 1] - s;
        size_t c1 = cap;
        if (GROW(col, c1, nnz + 1) < 0 || GROW(val, cap, nnz + 1) < 0) {
            rc = TASNIF_ENOMEM;
            break;
        }
        memcpy(col, x->col + s, nnz * sizeof *col);
        memcpy(val, x->val + s, nnz * sizeof *val);
        if ((rc = feat_finalize(fs, &col, &val, &cap, &nnz)) == 0)
            rc = csr_append(&out, col, val, nnz);
    }
    free(col);
    free(val);
    if (rc < 0) {
        csr_finish(&out);
        return rc;
    }
    out.cols = feat_in_dim(fs);
    csr_finish(x);
    *x = out;
    return 0;
}

int feat_finalize(const feat_space *fs, int32_t **col, double **val, size_t *cap, size_t *nnz)
{
    int k = fs->cfg.lsa_k, mode = fs->cfg.feature_mode;
    if (!k || mode == FEAT_SPARSE)
        return 0;
    double e[LSA_MAX];
    lsa_embed(fs->lsa_proj, k, *col, *val, *nnz, e);
    size_t base = 0, off = 0;
    double scale = 1.0;
    if (mode == FEAT_BOTH) {
        base = *nnz;
        off = fs->dim;
        scale = 0.7071067811865476;
        for (size_t i = 0; i < base; i++)
            (*val)[i] *= scale;
    }
    size_t c1 = *cap;
    if (GROW(*col, c1, base + (size_t)k) < 0 || GROW(*val, *cap, base + (size_t)k) < 0)
        return TASNIF_ENOMEM;
    for (int j = 0; j < k; j++) {
        (*col)[base + (size_t)j] = (int32_t)(off + (size_t)j);
        (*val)[base + (size_t)j] = e[j] * scale;
    }
    *nnz = base + (size_t)k;
    return 0;
}
