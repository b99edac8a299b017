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
    memset(v, 0, sizeof *v);
}

/* Is the key of id (whose stored length is already known to match) the
 * term's family and bytes? */
static inline int key_eq(const vocab *v, uint32_t id, const feat_term *t)
{
    const char *k = v->bytes + v->off[id];
    return (unsigned char)k[0] == (unsigned)t->family && bytes_eq(k + 1, t->key, t->len);
}

int64_t vocab_find(const vocab *v, const feat_term *t)
{
    if (!v->nslots)
        return -1;
    size_t mask = v->nslots - 1;
    for (size_t i = (size_t)t->hash & mask; v->slots[i].id1; i = (i + 1) & mask) {
        const vocab_slot *s = &v->slots[i];
        if (s->hash == t->hash && s->len == t->len + 1 && key_eq(v, s->id1 - 1, t))
            return (int64_t)s->id1 - 1;
    }
    return -1;
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/*
 * A lookup is three dependent loads (slot, key offset, key bytes), each
 * likely a cache miss in a large vocabulary.  The lookups of a document
 * are independent, so they run as a pipeline: the slot of term i + 3D is
 * prefetched while term i + 2D reads its slot, term i + D its key offset,
 * and term i compares its key.  A slot with the right hash and length but
 * another key (a 64-bit collision) sends the term to vocab_find.
 */
void vocab_find_many(const vocab *v, const feat_term *t, size_t n, int64_t *ids)
{
    enum { D = 4, RING = 8 };
    const char *key[RING];
    if (!v->nslots) {
        for (size_t i = 0; i < n; i++)
            ids[i] = -1;
        return;
    }
    size_t mask = v->nslots - 1;
    for (size_t i = 0; i < n + 3 * D; i++) {
        if (i < n)
            PREFETCH(&v->slots[(size_t)t[i].hash & mask]);
        if (i >= D && i - D < n) {
            size_t j = i - D;
            int64_t id = -1;
            for (size_t k = (size_t)t[j].hash & mask; v->slots[k].id1; k = (k + 1) & mask)
                if (v->slots[k].hash == t[j].hash && v->slots[k].len == t[j].len + 1) {
                    id = (int64_t)v->slots[k].id1 - 1;
                    PREFETCH(&v->off[id]);
                    break;
                }
            ids[j] = id;
        }
        if (i >= 2 * D && i - 2 * D < n) {
            size_t j = i - 2 * D;
            if (ids[j] >= 0) {
                key[j % RING] = v->bytes + v->off[ids[j]];
                PREFETCH(key[j % RING]);
            }
        }
        if (i >= 3 * D) {
            size_t j = i - 3 * D;
            if (ids[j] >= 0) {
                const char *k = key[j % RING];
                if ((unsigned char)k[0] != (unsigned)t[j].family || !bytes_eq(k + 1, t[j].key, t[j].len))
                    ids[j] = vocab_find(v, &t[j]);
            }
        }
    }
}

static int resize_slots(vocab *v, size_t nslots)
{
    vocab_slot *s = calloc(nslots, sizeof *s);
    if (!s)
        return TASNIF_ENOMEM;
    size_t mask = nslots - 1;
    for (size_t i = 0; i < v->nslots; i++) {
        if (!v->slots[i].id1)
            continue;
        size_t j = (size_t)v->slots[i].hash & mask;
        while (s[j].id1)
            j = (j + 1) & mask;
        s[j] = v->slots[i];
    }
    free(v->slots);
    v->slots = s;
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
    while (v->slots[i].id1)
        i = (i + 1) & mask;
    v->slots[i] = (vocab_slot){t->hash, (uint32_t)v->n, t->len + 1};
    return (int64_t)v->n - 1;
}

int vocab_rehash(vocab *v)
{
    size_t nslots = 1024;
    while (nslots < v->n * 2 + 2)
        nslots *= 2;
    free(v->slots);
    v->slots = calloc(nslots, sizeof *v->slots);
    v->nslots = v->slots ? nslots : 0;
    if (!v->slots)
        return TASNIF_ENOMEM;
    size_t mask = nslots - 1;
    enum { AHEAD = 16 }; /* keys hashed, their slots prefetched, before they are inserted */
    uint64_t hs[AHEAD];
    for (size_t base = 0; base < v->n; base += AHEAD) {
        size_t m = v->n - base < AHEAD ? v->n - base : AHEAD;
        for (size_t j = 0; j < m; j++) {
            const char *k = v->bytes + v->off[base + j];
            if (v->len[base + j] < 1)
                return TASNIF_EMODEL;
            hs[j] = hash_bytes(k + 1, v->len[base + j] - 1, (uint64_t)(unsigned char)k[0]);
            PREFETCH(&v->slots[(size_t)hs[j] & mask]);
        }
        for (size_t j = 0; j < m; j++) {
            size_t id = base + j, i = (size_t)hs[j] & mask;
            const char *k = v->bytes + v->off[id];
            for (; v->slots[i].id1; i = (i + 1) & mask) {
                size_t o = v->slots[i].id1 - 1;
                if (v->slots[i].hash == hs[j] && v->len[o] == v->len[id] &&
                    memcmp(v->bytes + v->off[o], k, v->len[id]) == 0)
                    return TASNIF_EMODEL; /* a key twice */
            }
            v->slots[i] = (vocab_slot){hs[j], (uint32_t)(id + 1), v->len[id]};
        }
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
