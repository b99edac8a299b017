/*
 * index.c - building and searching the related-article index.
 *
 * Exact search: every query is compared with every indexed document by a
 * dot product of unit vectors (cosine similarity) in the LSA space.  The
 * products of a block of documents with a batch of queries are one
 * cblas_sgemm; a small min-heap per query keeps the best top_k.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include "index.h"

void index_builder_init(index_builder *b, int k)
{
    memset(b, 0, sizeof *b);
    b->k = k;
}

void index_builder_finish(index_builder *b)
{
    free(b->emb);
    free(b->refs);
    memset(b, 0, sizeof *b);
}

int index_builder_add(index_builder *b, const double *e, const char *where, const char *words, size_t words_len)
{
    if (GROW(b->emb, b->cap, (b->n + 1) * (size_t)b->k) < 0)
        return TASNIF_ENOMEM;
    for (int j = 0; j < b->k; j++)
        b->emb[b->n * (size_t)b->k + (size_t)j] = (float)e[j];
    size_t wl = strlen(where);
    uint32_t len = (uint32_t)(wl + 1 + words_len);
    if (GROW(b->refs, b->refs_cap, b->refs_len + 4 + len) < 0)
        return TASNIF_ENOMEM;
    memcpy(b->refs + b->refs_len, &len, 4);
    memcpy(b->refs + b->refs_len + 4, where, wl);
    b->refs[b->refs_len + 4 + wl] = '\t';
    memcpy(b->refs + b->refs_len + 4 + wl + 1, words, words_len);
    b->refs_len += 4 + len;
    b->n++;
    return 0;
}

int index_builder_payload(const index_builder *b, void **out, size_t *len)
{
    size_t emb = b->n * (size_t)b->k * sizeof(float);
    size_t total = 16 + emb + b->refs_len;
    char *p = malloc(total ? total : 1);
    if (!p)
        return TASNIF_ENOMEM;
    uint64_t n = b->n;
    uint32_t k = (uint32_t)b->k, zero = 0;
    memcpy(p, &n, 8);
    memcpy(p + 8, &k, 4);
    memcpy(p + 12, &zero, 4);
    memcpy(p + 16, b->emb, emb);
    memcpy(p + 16 + emb, b->refs, b->refs_len);
    *out = p;
    *len = total;
    return 0;
}

int index_open(const tasnif_model *m, const char *path, doc_index *ix, tasnif_err *err)
{
    memset(ix, 0, sizeof *ix);
    if (!m->docs)
        return err_set(err, TASNIF_EINPUT, path, 0, 0, "not an index (a model without documents): build one with tasnif index");
    const char *p = m->docs;
    size_t len = m->docs_len;
    uint64_t n;
    uint32_t k;
    if (len < 16)
        return err_set(err, TASNIF_EMODEL, path, 0, 0, "corrupt index: document section too short");
    memcpy(&n, p, 8);
    memcpy(&k, p + 8, 4);
    uint32_t reserved;
    memcpy(&reserved, p + 12, 4);
    if ((int)k != m->fs.cfg.lsa_k || k == 0 || reserved || n > (len - 16) / 4 / k || ((uintptr_t)(p + 16) & 3))
        return err_set(err, TASNIF_EMODEL, path, 0, 0, "corrupt index: bad document count or dimensions");
    ix->n = (size_t)n;
    ix->k = (int)k;
    ix->emb = (const float *)(const void *)(p + 16);
    ix->ref = malloc((ix->n ? ix->n : 1) * sizeof *ix->ref);
    ix->ref_len = malloc((ix->n ? ix->n : 1) * sizeof *ix->ref_len);
    if (!ix->ref || !ix->ref_len) {
        index_close(ix);
        return err_set(err, TASNIF_ENOMEM, path, 0, 0, "out of memory");
    }
    /* every embedding a unit (or zero) row of finite numbers, so every
     * cosine is finite */
    for (size_t i = 0; i < ix->n; i++) {
        const float *e = ix->emb + i * k;
        double sq = 0;
        for (uint32_t j = 0; j < k; j++) {
            if (!(fabsf(e[j]) <= 1.001f)) {
                index_close(ix);
                return err_set(err, TASNIF_EMODEL, path, 0, 0, "corrupt index: embedding %zu is not a unit vector", i + 1);
            }
            sq += (double)e[j] * e[j];
        }
        if (sq > 1.01) {
            index_close(ix);
            return err_set(err, TASNIF_EMODEL, path, 0, 0, "corrupt index: embedding %zu is not a unit vector", i + 1);
        }
    }
    /* n references, "where<TAB>first words" in UTF-8, filling the rest exactly */
    size_t at = 16 + ix->n * k * sizeof(float);
    for (size_t i = 0; i < ix->n; i++) {
        uint32_t l;
        size_t bad;
        if (len - at < 4 || (memcpy(&l, p + at, 4), l > len - at - 4)) {
            index_close(ix);
            return err_set(err, TASNIF_EMODEL, path, 0, 0, "corrupt index: truncated references");
        }
        if (utf8_check(p + at + 4, l, &bad) < 0 || memchr(p + at + 4, '\0', l)) {
            index_close(ix);
            return err_set(err, TASNIF_EMODEL, path, 0, 0, "corrupt index: reference %zu is not UTF-8 text", i + 1);
        }
        ix->ref[i] = p + at + 4;
        ix->ref_len[i] = l;
        at += 4 + (size_t)l;
    }
    if (at != len) {
        index_close(ix);
        return err_set(err, TASNIF_EMODEL, path, 0, 0, "corrupt index: bytes after the last reference");
    }
    return 0;
}

void index_close(doc_index *ix)
{
    free(ix->ref);
    free(ix->ref_len);
    memset(ix, 0, sizeof *ix);
}

/* model_save_with's check: the index opens. */
static int opens(const tasnif_model *loaded, void *user, tasnif_err *err)
{
    doc_index ix;
    tasnif_err why = {0};
    int rc = index_open(loaded, NULL, &ix, &why);
    index_close(&ix);
    if (rc < 0)
        return err_set(err, rc == TASNIF_ENOMEM ? rc : TASNIF_EMODEL, (const char *)user, 0, 0,
                       "the index would not open (%s): nothing written", why.msg);
    return 0;
}

int index_save(const tasnif_model *m, const index_builder *b, const char *path, tasnif_err *err)
{
    void *payload;
    size_t len;
    if (index_builder_payload(b, &payload, &len) < 0)
        return err_set(err, TASNIF_ENOMEM, path, 0, 0, "out of memory");
    int rc = model_save_with(m, payload, len, opens, (void *)path, path, err);
    free(payload);
    return rc;
}

/* Min-heap on score of size cnt in h. */
static void heap_push(index_hit *h, int *cnt, int cap, index_hit x)
{
    if (*cnt < cap) {
        int i = (*cnt)++;
        while (i > 0 && h[(i - 1) / 2].score > x.score) {
            h[i] = h[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        h[i] = x;
        return;
    }
    if (x.score <= h[0].score)
        return;
    int i = 0;
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        float ms = x.score;
        if (l < cap && h[l].score < ms) {
            m = l;
            ms = h[l].score;
        }
        if (r < cap && h[r].score < ms)
            m = r;
        if (m == i)
            break;
        h[i] = h[m];
        i = m;
    }
    h[i] = x;
}

static int cmp_hit(const void *a, const void *b)
{
    const index_hit *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

int index_search(const doc_index *ix, const float *q, int nq, int top_k, index_hit *hits, int *found)
{
    enum { BLOCK = 4096 };
    float *s = malloc((size_t)BLOCK * (size_t)nq * sizeof *s);
    if (!s)
        return TASNIF_ENOMEM;
    for (int qi = 0; qi < nq; qi++)
        found[qi] = 0;
    for (size_t b = 0; b < ix->n; b += BLOCK) {
        int rows = (int)(ix->n - b < BLOCK ? ix->n - b : BLOCK);
        /* s (rows x nq) = E_block (rows x k) * Q^T (k x nq) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, nq, ix->k, 1.0f,
                    ix->emb + b * (size_t)ix->k, ix->k, q, ix->k, 0.0f, s, nq);
        for (int qi = 0; qi < nq; qi++)
            for (int r = 0; r < rows; r++)
                heap_push(hits + (size_t)qi * (size_t)top_k, &found[qi], top_k,
                          (index_hit){b + (size_t)r, s[(size_t)r * (size_t)nq + (size_t)qi]});
    }
    for (int qi = 0; qi < nq; qi++) {
        /* a query with no features (a zero vector) is near to nothing */
        int zero = 1;
        for (int j = 0; zero && j < ix->k; j++)
            zero = q[(size_t)qi * (size_t)ix->k + (size_t)j] == 0.0f;
        if (zero)
            found[qi] = 0;
        qsort(hits + (size_t)qi * (size_t)top_k, (size_t)found[qi], sizeof *hits, cmp_hit);
    }
    free(s);
    return 0;
}
