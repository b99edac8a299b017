/*
 * api.c - the public face: every tasnif_* entry point of tasnif.h but
 * tasnif_model_load (load.c) and tasnif_strerror (features/base.c).  Text
 * goes through the document path of classify.c with per-thread scratch
 * state, so one model serves any number of threads.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "../features/corpus.h"
#include "model.h"

void tasnif_model_free(tasnif_model *m)
{
    if (!m)
        return;
    void *blob = m->blob;
    size_t len = m->blob_len;
    int mapped = m->blob_mapped;
    model_free_parts(m, blob, len);
    if (mapped)
        munmap(blob, len);
    else
        free(blob);
}

int tasnif_model_nlabels(const tasnif_model *m)
{
    return m ? m->nlabels : 0;
}

const char *tasnif_model_label(const tasnif_model *m, int i)
{
    return m && i >= 0 && i < m->nlabels ? m->labels[i] : NULL;
}

int tasnif_model_has_probability(const tasnif_model *m)
{
    return m && m->has_prob;
}

/*
 * The public entry points keep one extraction context and scratch per
 * thread (a pthread key whose destructor frees them when the thread
 * ends), remade when the thread switches to a model with another
 * configuration or shape.
 */
typedef struct tl_state {
    feat_ctx *ctx;
    feat_config cfg;
    model_scratch sc;
    int k, nd;
} tl_state;

static pthread_key_t tl_key;
static pthread_once_t tl_once = PTHREAD_ONCE_INIT;
static int tl_key_ok;

static void tl_free(void *p)
{
    tl_state *t = p;
    if (!t)
        return;
    feat_ctx_free(t->ctx);
    model_scratch_finish(&t->sc);
    free(t);
}

static void tl_make_key(void)
{
    tl_key_ok = pthread_key_create(&tl_key, tl_free) == 0;
}

/* This thread's state, ready for m. */
static tl_state *tl_for(const tasnif_model *m, int *rc, tasnif_err *err)
{
    pthread_once(&tl_once, tl_make_key);
    *rc = TASNIF_ENOMEM;
    if (!tl_key_ok) {
        err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "cannot create per-thread state");
        return NULL;
    }
    tl_state *t = pthread_getspecific(tl_key);
    if (!t) {
        if (!(t = calloc(1, sizeof *t)) || pthread_setspecific(tl_key, t) != 0) {
            free(t);
            err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
            return NULL;
        }
    }
    if (!t->ctx || memcmp(&t->cfg, &m->fs.cfg, sizeof t->cfg) != 0) {
        feat_ctx_free(t->ctx);
        t->ctx = NULL;
        if ((*rc = feat_ctx_new(&m->fs.cfg, &t->ctx, err)) < 0)
            return NULL;
        t->cfg = m->fs.cfg;
    }
    if (t->k != m->nlabels || t->nd != m->ndec) {
        model_scratch_finish(&t->sc);
        t->k = t->nd = 0;
        if (model_scratch_init(&t->sc, m) < 0) {
            err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
            return NULL;
        }
        t->k = m->nlabels;
        t->nd = m->ndec;
    }
    return t;
}

/* Score text with this thread's state into *out.  @return 0 or a code. */
static int score(const tasnif_model *m, const char *text, size_t len, tl_state **out, tasnif_err *err)
{
    int rc;
    tl_state *t = tl_for(m, &rc, err);
    if (!t)
        return rc;
    /* the text a command would refuse is refused here too */
    if ((rc = corpus_check_text(text ? text : "", len, NULL, err)) < 0 ||
        (rc = model_score_text(m, t->ctx, &t->sc, text ? text : "", len, NULL, 0, err)) < 0)
        return rc;
    *out = t;
    return 0;
}

int tasnif_classify(const tasnif_model *m, const char *text, size_t len,
                    tasnif_score *out, int k, tasnif_err *err)
{
    if (!m || (!text && len) || !out || k < 1)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "tasnif_classify: invalid argument");
    tl_state *t;
    int rc = score(m, text, len, &t, err);
    if (rc < 0)
        return rc;
    int n = k < m->nlabels ? k : m->nlabels;
    memcpy(out, t->sc.scores, (size_t)n * sizeof *out);
    return n;
}

int tasnif_classify_batch(const tasnif_model *m, const char *const *texts, const size_t *lens, size_t n,
                          tasnif_score *out, int k, int *counts, tasnif_err *err)
{
    if (!m || (n && (!texts || !lens || !out || !counts)) || k < 1)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "tasnif_classify_batch: invalid argument");
    for (size_t i = 0; i < n; i++) {
        tasnif_err e = {0};
        int rc = tasnif_classify(m, texts[i], lens[i], out + i * (size_t)k, k, &e);
        counts[i] = rc;
        if (rc == TASNIF_ENOMEM) {
            if (err)
                *err = e;
            return rc;
        }
    }
    return 0;
}

int tasnif_model_is_multilabel(const tasnif_model *m)
{
    return m && m->multi;
}

int tasnif_classify_labels(const tasnif_model *m, const char *text, size_t len, tasnif_label *out, int k,
                           tasnif_err *err)
{
    if (!m || (!text && len) || !out || k < 1)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "tasnif_classify_labels: invalid argument");
    tl_state *t;
    int rc = score(m, text, len, &t, err);
    if (rc < 0)
        return rc;
    unsigned char chosen[1024], *ch = chosen;
    if (m->nlabels > (int)sizeof chosen && !(ch = malloc((size_t)m->nlabels)))
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    int nchosen = 1;
    if (m->multi)
        nchosen = model_label_set(m, t->sc.dec, NULL, ch);
    else
        for (int i = 0; i < m->nlabels; i++)
            ch[i] = i == t->sc.scores[0].index;
    int n = k < m->nlabels ? k : m->nlabels;
    for (int i = 0; i < n; i++) {
        int c = t->sc.scores[i].index;
        out[i] = (tasnif_label){t->sc.scores[i].label, c, t->sc.scores[i].score,
                                m->multi ? m->thresh[c] : NAN, ch[c]};
    }
    if (ch != chosen)
        free(ch);
    return nchosen;
}

/* Score text and explain label's score (-1: the best label) into *e; the
 * thread's context keeps the document's tokens until its next call. */
static int explain_text(const tasnif_model *m, const char *text, size_t len, int *label, model_expl *e,
                        tl_state **tl, const char *fn, tasnif_err *err)
{
    if (!m || (!text && len) || *label < -1 || *label >= m->nlabels)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "%s: invalid argument", fn);
    int rc = score(m, text, len, tl, err);
    if (rc < 0)
        return rc;
    if (*label < 0)
        *label = (*tl)->sc.scores[0].index;
    if (model_explain(m, (*tl)->sc.xcol, (*tl)->sc.xval, (*tl)->sc.xnnz, *label, e) < 0)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    return 0;
}

/* An explanation of head bytes and a text buffer of text bytes, both or
 * neither: on failure e is finished and err set. */
static int explanation_alloc(size_t head, size_t text, void **x, char **texts, model_expl *e, tasnif_err *err)
{
    *x = calloc(1, head);
    *texts = malloc(text);
    if (*x && *texts)
        return 0;
    free(*x);
    free(*texts);
    model_expl_finish(e);
    return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
}

int tasnif_explain(const tasnif_model *m, const char *text, size_t len, int label, int n,
                   tasnif_explanation **out, tasnif_err *err)
{
    if (!out || n < 0)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "tasnif_explain: invalid argument");
    tl_state *t;
    model_expl e;
    int rc = explain_text(m, text, len, &label, &e, &t, "tasnif_explain", err);
    if (rc < 0)
        return rc;
    size_t shown = (size_t)n < e.nterms ? (size_t)n : e.nterms;
    void *px;
    char *texts;
    if ((rc = explanation_alloc(sizeof(tasnif_explanation) + shown * sizeof(tasnif_term), shown * 512 + 1, &px, &texts,
                                &e, err)) < 0)
        return rc;
    tasnif_explanation *x = px;
    x->label = m->labels[label];
    x->index = label;
    x->score = e.score;
    x->bias = e.bias;
    x->approximate = e.approximate;
    x->nterms = (int)shown;
    x->text_buf = texts;
    for (size_t i = 0; i < e.nterms; i++) {
        if (i < shown) {
            char *tt = texts + i * 512;
            x->terms[i].is_char = model_term_text(m, e.terms[i].feature, tt, 512);
            x->terms[i].term = tt;
            x->terms[i].value = e.terms[i].value;
            x->terms[i].weight = e.terms[i].weight;
            x->terms[i].contribution = e.terms[i].contribution;
        } else
            x->other += e.terms[i].contribution;
    }
    model_expl_finish(&e);
    *out = x;
    return 0;
}

int tasnif_explain_words(const tasnif_model *m, const char *text, size_t len, int label, int n,
                         tasnif_word_explanation **out, tasnif_err *err)
{
    if (!out || n < 0)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "tasnif_explain_words: invalid argument");
    tl_state *t;
    model_expl e;
    int rc = explain_text(m, text, len, &label, &e, &t, "tasnif_explain_words", err);
    if (rc < 0)
        return rc;
    size_t ntok;
    const char *tokens = feat_ctx_tokens(t->ctx, &ntok);
    if (model_explain_words(m, &e, tokens, ntok) < 0) {
        model_expl_finish(&e);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    size_t shown = (size_t)n < e.nwords ? (size_t)n : e.nwords, bytes = 1;
    for (size_t i = 0; i < shown; i++)
        bytes += e.words[i].len + 1;
    void *px;
    char *texts;
    if ((rc = explanation_alloc(sizeof(tasnif_word_explanation) + shown * sizeof(tasnif_word), bytes, &px, &texts, &e,
                                err)) < 0)
        return rc;
    tasnif_word_explanation *x = px;
    x->label = m->labels[label];
    x->index = label;
    x->score = e.score;
    x->bias = e.bias;
    x->rest = e.words_rest;
    x->approximate = e.approximate;
    x->nwords = (int)shown;
    x->text_buf = texts;
    for (size_t i = 0, at = 0; i < e.nwords; i++) {
        if (i < shown) {
            memcpy(texts + at, e.words[i].word, e.words[i].len);
            texts[at + e.words[i].len] = '\0';
            x->words[i] = (tasnif_word){texts + at, e.words[i].count, e.words[i].nterms, e.words[i].contribution};
            at += e.words[i].len + 1;
        } else
            x->other += e.words[i].contribution;
    }
    model_expl_finish(&e);
    *out = x;
    return 0;
}

void tasnif_word_explanation_free(tasnif_word_explanation *x)
{
    if (!x)
        return;
    free(x->text_buf);
    free(x);
}

void tasnif_explanation_free(tasnif_explanation *x)
{
    if (!x)
        return;
    free(x->text_buf);
    free(x);
}

const char *tasnif_version(void)
{
    return TASNIF_VERSION;
}
