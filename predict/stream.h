/*
 * stream.h - score every document of a corpus with a model, extracting
 * features on several threads, results delivered in input order.  Private.
 */
#ifndef TASNIF_STREAM_H
#define TASNIF_STREAM_H

#include "../features/corpus.h"
#include "../models/model.h"

typedef struct stream_doc {
    const char *text, *label, *file;
    size_t len, label_len;
    long line;
    const char *id;               /* the corpus's id for it, or NULL (name it FILE:LINE) */
    int rc;                       /* 0, or the document's error code */
    const tasnif_err *err;        /* when rc < 0 */
    const tasnif_score *scores;   /* all labels, best first, when rc == 0 */
    const model_scratch *sc;      /* when rc == 0: decisions (sc->dec), and the
                                     vector except for dense kernel models */
} stream_doc;

/* Called per document in order; a negative return stops the stream and
 * is returned by stream_corpus. */
typedef int (*stream_fn)(void *user, const stream_doc *d);

/*
 * Read c to its end, scoring each document with m.  Reader errors and
 * feature errors reach fn as documents with rc < 0; fn decides whether to
 * go on.  Memory stays bounded: documents go through in batches.
 * With share set, in a distributed run (features/dist.h) each process
 * extracts and scores its block of every batch and every process gets
 * every document's result, in order; fn then sees decisions and scores but
 * no vector (sc->nnz is 0).  Dense kernel models are not shared.
 */
int stream_corpus(const tasnif_model *m, corpus *c, int threads, int share, stream_fn fn, void *user,
                  tasnif_err *err);

#endif
