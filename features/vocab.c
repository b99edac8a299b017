/*
 * vocab.c - the n-gram vocabulary (open addressing with linear probing over
 * 64-bit hashes; keys in one byte buffer) and the CSR sparse matrix.
 */
#include <stdlib.h>
#include <string.h>
#include "features.h"

void vocab_init(vocab *v)
{
    memset(v, 0, sizeof *v);
}

void vocab_finish(vocab *v)
{
    free(v->off);
    free(v->len);
    free(v->df);
    free(v->bytes);
    free(v->slots);
    free(v->slot_hash);
    memset(v, 0, sizeof *v);
}

static int key_eq(const vocab *v, size_t id, const feat_term *t)
{
    const char *k = v->bytes + v->off[id];
    return v->len[id] == t->len + 1 && (unsigned char)k[0] == (unsigned)t->family &&
           memcmp(k + 1, t->key, t->len) == 0;
}

int64_t vocab_find(const vocab *v, const feat_term *t)
{
    if (!v->nslots)
        return -1;
    size_t mask = v->nslots - 1;
    for (size_t i = (size_t)t->hash & mask; v->slots[i]; i = (i + 1) & mask)
        if (v->slot_hash[i] == t->hash && key_eq(v, v->slots[i] - 1, t))
            return (int64_t)v->slots[i] - 1;
    return -1;
}

static int resize_slots(vocab *v, size_t nslots)
{
    uint32_t *s = calloc(nslots, sizeof *s);
    uint64_t *h = malloc(nslots * sizeof *h);
    if (!s || !h) {
        free(s);
        free(h);
        return TASNIF_ENOMEM;
    }
    size_t mask = nslots - 1;
    for (size_t i = 0; i < v->nslots; i++) {
        if (!v->slots[i])
            continue;
        size_t j = (size_t)v->slot_hash[i] & mask;
        while (s[j])
            j = (j + 1) & mask;
        s[j] = v->slots[i];
        h[j] = v->slot_hash[i];
    }
    free(v->slots);
    free(v->slot_hash);
    v->slots = s;
    v->slot_hash = h;
    v->nslots = nslots;
    return 0;
}

/* Make room for one more key of len bytes. */
static int reserve_key(vocab *v, uint32_t len)
{
    if (v->n >= UINT32_MAX - 1)
        return TASNIF_ELIMIT;
    if (v->n + 1 > v->cap_keys) {
        size_t cap = v->cap_keys;
        if (GROW(v->off, cap, v->n + 1) < 0)
            return TASNIF_ENOMEM;
        cap = v->cap_keys;
        if (GROW(v->len, cap, v->n + 1) < 0)
            return TASNIF_ENOMEM;
        cap = v->cap_keys;
        if (GROW(v->df, cap, v->n + 1) < 0)
            return TASNIF_ENOMEM;
        v->cap_keys = cap;
    }
    if (GROW(v->bytes, v->cap_bytes, v->nbytes + len) < 0)
        return TASNIF_ENOMEM;
    v->off[v->n] = v->nbytes;
    v->len[v->n] = len;
    v->df[v->n] = 0;
    return 0;
}

int vocab_push(vocab *v, const char *stored, uint32_t len, uint32_t df)
{
    int rc = reserve_key(v, len);
    if (rc < 0)
        return rc;
    memcpy(v->bytes + v->nbytes, stored, len);
    v->df[v->n] = df;
    v->nbytes += len;
    v->n++;
    return 0;
}

int64_t vocab_add(vocab *v, const feat_term *t)
{
    int64_t id = vocab_find(v, t);
    if (id >= 0)
        return id;
    if ((v->n + 1) * 2 > v->nslots && resize_slots(v, v->nslots ? v->nslots * 2 : 1024) < 0)
        return TASNIF_ENOMEM;
    int rc = reserve_key(v, t->len + 1);
    if (rc < 0)
        return rc;
    v->bytes[v->nbytes] = (char)t->family;
    memcpy(v->bytes + v->nbytes + 1, t->key, t->len);
    v->nbytes += t->len + 1;
    v->n++;
    size_t mask = v->nslots - 1, i = (size_t)t->hash & mask;
    while (v->slots[i])
        i = (i + 1) & mask;
    v->slots[i] = (uint32_t)v->n;
    v->slot_hash[i] = t->hash;
    return (int64_t)v->n - 1;
}

int vocab_rehash(vocab *v)
{
    size_t nslots = 1024;
    while (nslots < v->n * 2 + 2)
        nslots *= 2;
    free(v->slots);
    free(v->slot_hash);
    v->slots = calloc(nslots, sizeof *v->slots);
    v->slot_hash = malloc(nslots * sizeof *v->slot_hash);
    v->nslots = nslots;
    if (!v->slots || !v->slot_hash)
        return TASNIF_ENOMEM;
    size_t mask = nslots - 1;
    for (size_t id = 0; id < v->n; id++) {
        const char *k = v->bytes + v->off[id];
        if (v->len[id] < 1)
            return TASNIF_EMODEL;
        uint64_t h = hash_bytes(k + 1, v->len[id] - 1, (uint64_t)(unsigned char)k[0]);
        size_t i = (size_t)h & mask;
        for (; v->slots[i]; i = (i + 1) & mask) {
            size_t o = v->slots[i] - 1;
            if (v->slot_hash[i] == h && v->len[o] == v->len[id] && memcmp(v->bytes + v->off[o], k, v->len[id]) == 0)
                return TASNIF_EMODEL; /* a key twice */
        }
        v->slots[i] = (uint32_t)(id + 1);
        v->slot_hash[i] = h;
    }
    return 0;
}

void csr_init(csr *m)
{
    memset(m, 0, sizeof *m);
}

void csr_finish(csr *m)
{
    free(m->rowptr);
    free(m->col);
    free(m->val);
    memset(m, 0, sizeof *m);
}

int csr_append(csr *m, const int32_t *col, const double *val, size_t n)
{
    if (GROW(m->rowptr, m->cap_rows, m->rows + 2) < 0)
        return TASNIF_ENOMEM;
    if (m->rows == 0)
        m->rowptr[0] = 0;
    if (m->nnz + n > m->cap_nnz) {
        size_t cap = m->cap_nnz;
        if (GROW(m->col, cap, m->nnz + n) < 0)
            return TASNIF_ENOMEM;
        cap = m->cap_nnz;
        if (GROW(m->val, cap, m->nnz + n) < 0)
            return TASNIF_ENOMEM;
        m->cap_nnz = cap;
    }
    memcpy(m->col + m->nnz, col, n * sizeof *col);
    memcpy(m->val + m->nnz, val, n * sizeof *val);
    m->nnz += n;
    m->rows++;
    m->rowptr[m->rows] = m->nnz;
    return 0;
}
