/*
 * index.h - related-article search: documents embedded in a model's LSA
 * space, stored beside the model in one index file, searched exactly by
 * cosine with OpenBLAS sgemm over blocks.  Private.
 */
#ifndef TASNIF_INDEX_H
#define TASNIF_INDEX_H

#include "../models/model.h"

/* Collects embeddings and document references while an index is built. */
typedef struct index_builder {
    int k;
    size_t n, cap;
    float *emb;            /* n x k */
    char *refs;            /* per document: u32 length + "where\tfirst words" */
    size_t refs_len, refs_cap;
} index_builder;

void index_builder_init(index_builder *b, int k);
void index_builder_finish(index_builder *b);
/* Add a document: its unit embedding e (k values) and reference text. */
int index_builder_add(index_builder *b, const double *e, const char *where, const char *words, size_t words_len);
/* The DOCS section payload (malloc'd; the caller frees it). */
int index_builder_payload(const index_builder *b, void **out, size_t *len);
/* Write the index (m with b's documents) to path atomically, once it has
 * been loaded back and opened as index_open opens it: an index that would
 * not open is never written.  @return 0 or a negative code with err set. */
int index_save(const tasnif_model *m, const index_builder *b, const char *path, tasnif_err *err);

/* An opened index: views into the loaded model's blob. */
typedef struct doc_index {
    size_t n;
    int k;
    const float *emb;      /* n x k, unit rows */
    const char **ref;      /* n references (not NUL-terminated) */
    uint32_t *ref_len;
} doc_index;

/* Parse m->docs; @return 0, or TASNIF_EMODEL / TASNIF_EARG with err set. */
int index_open(const tasnif_model *m, const char *path, doc_index *ix, tasnif_err *err);
void index_close(doc_index *ix);

typedef struct index_hit {
    size_t doc;
    float score;           /* cosine similarity */
} index_hit;

/*
 * For each of nq queries (q: nq x k unit rows) the top_k documents, best
 * first, in hits[qi * top_k ...]; *found receives how many per query
 * (min(top_k, n); 0 for a query with no features, a zero row).  Cost: n x k x nq multiply-adds, done by cblas_sgemm in
 * blocks of documents.
 */
int index_search(const doc_index *ix, const float *q, int nq, int top_k, index_hit *hits, int *found);

#endif
