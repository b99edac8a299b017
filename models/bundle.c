/*
 * bundle.c - the model file: one versioned, checksummed bundle holding the
 * feature configuration, vocabulary and idf, labels and the libsvm
 * classifiers.  The layout is documented in models/FORMAT.md.
 *
 * Saving is atomic (write a temporary file beside the target, fsync,
 * rename, fsync the directory), so an interrupted or failed save leaves any
 * earlier model untouched.  Reading is in load.c, checking in check.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../features/files.h"
#include "format.h"
#include "model.h"


/* ---- writing: everything goes through one buffer, then one write ---- */

typedef struct wbuf {
    char *p;
    size_t n, cap;
    int failed;
} wbuf;

static void put(wbuf *b, const void *p, size_t n)
{
    if (b->failed)
        return;
    if (GROW(b->p, b->cap, b->n + n) < 0) {
        b->failed = 1;
        return;
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

static void put_u32(wbuf *b, uint32_t v) { put(b, &v, 4); }
static void put_u64(wbuf *b, uint64_t v) { put(b, &v, 8); }
static void put_i32(wbuf *b, int32_t v) { put(b, &v, 4); }
static void put_f64(wbuf *b, double v) { put(b, &v, 8); }

static size_t begin_section(wbuf *b, uint32_t tag)
{
    put_u32(b, tag);
    put_u32(b, 0);
    put_u64(b, 0); /* length, patched by end_section */
    return b->n;
}

static void end_section(wbuf *b, size_t start)
{
    if (b->failed)
        return;
    uint64_t len = b->n - start;
    memcpy(b->p + start - 8, &len, 8);
    static const char zero[8] = {0};
    if (b->n % 8)
        put(b, zero, 8 - b->n % 8);
}

static void put_text_section(wbuf *b, uint32_t tag, const char *text)
{
    size_t s = begin_section(b, tag);
    put(b, text, strlen(text));
    end_section(b, s);
}

/* The feature configuration with the space's size, as the CONF section's text. */
static int put_config(const tasnif_model *m, wbuf *b)
{
    char *conf = NULL;
    size_t conflen = 0;
    FILE *fp = open_memstream(&conf, &conflen);
    if (!fp)
        return TASNIF_ENOMEM;
    feat_config_write(&m->fs.cfg, fp);
    fprintf(fp, "dim=%zu\nndocs=%llu\n", m->fs.dim, (unsigned long long)m->fs.ndocs);
    if (m->fs.unlabelled) /* only then: the models of labelled documents alone stay as they were */
        fprintf(fp, "unlabelled=%llu\n", (unsigned long long)m->fs.unlabelled);
    if (fclose(fp) != 0 || !conf)
        return TASNIF_ENOMEM;
    put_text_section(b, SEC_CONF, conf);
    free(conf);
    return 0;
}

/* The LABL section: the labels' names, then each label's training documents. */
static void put_labels(const tasnif_model *m, wbuf *b)
{
    size_t s = begin_section(b, SEC_LABL);
    put_u32(b, (uint32_t)m->nlabels);
    for (int i = 0; i < m->nlabels; i++) {
        put_u32(b, (uint32_t)strlen(m->labels[i]));
        put(b, m->labels[i], strlen(m->labels[i]));
    }
    for (int i = 0; i < m->nlabels; i++)
        put_u64(b, m->label_docs ? m->label_docs[i] : 0);
    end_section(b, s);
}

/* The feature space's sections: the vocabulary (none when hashed), idf, the LSA projection. */
static void put_space(const tasnif_model *m, wbuf *b)
{
    size_t s;
    if (!m->fs.cfg.hash_bits) {
        const vocab *v = &m->fs.voc;
        s = begin_section(b, SEC_VOCB);
        put_u64(b, v->n);
        put_u64(b, v->nbytes);
        for (size_t i = 0; i < v->n; i++)
            put_u32(b, v->len[i]);
        for (size_t i = 0; i < v->n; i++)
            put_u32(b, v->df[i]);
        for (size_t i = 0; i < v->n; i++)
            put(b, v->bytes + v->off[i], v->len[i]);
        end_section(b, s);
    }
    if (m->fs.idf) {
        s = begin_section(b, SEC_IDF);
        put_u64(b, m->fs.dim);
        put(b, m->fs.idf, m->fs.dim * sizeof(double));
        end_section(b, s);
    }

    if (m->fs.cfg.lsa_k) {
        s = begin_section(b, SEC_LSA);
        put_u32(b, (uint32_t)m->fs.cfg.lsa_k);
        put_u32(b, 0);
        put_u64(b, m->fs.dim);
        put(b, m->fs.lsa_sv, (size_t)m->fs.cfg.lsa_k * sizeof(double));
        put(b, m->fs.lsa_proj, m->fs.dim * (size_t)m->fs.cfg.lsa_k * sizeof(float));
        end_section(b, s);
    }
}

/* The SOLV and SVMP sections: which solver, its parameters, the decision functions' biases and Platt pairs. */
static void put_solver(const tasnif_model *m, wbuf *b)
{
    size_t s = begin_section(b, SEC_SOLV);
    put_u32(b, (uint32_t)m->scheme);
    put_u32(b, (uint32_t)m->solver);
    put_i32(b, m->ll_solver);
    put_i32(b, 0);
    end_section(b, s);

    s = begin_section(b, SEC_SVMP);
    put_i32(b, m->param.kernel_type);
    put_i32(b, m->param.degree);
    put_f64(b, m->param.gamma);
    put_f64(b, m->param.coef0);
    put_f64(b, m->param.C);
    put_i32(b, m->ndec);
    put_i32(b, m->has_prob);
    put(b, m->rho, (size_t)m->ndec * sizeof(double));
    if (m->has_prob) {
        put(b, m->probA, (size_t)m->ndec * sizeof(double));
        put(b, m->probB, (size_t)m->ndec * sizeof(double));
    }
    end_section(b, s);
}

/* The classifiers: a weight matrix (WGHT) for linear models, else libsvm's support vectors (SVS). */
static void put_classifiers(const tasnif_model *m, wbuf *b)
{
    size_t s;
    if (m->param.kernel_type == LINEAR) {
        size_t n = feat_in_dim(&m->fs) * (size_t)m->ndec;
        s = begin_section(b, m->wenc == MODEL_W_F32 ? SEC_WF32 : m->wenc == MODEL_W_I8 ? SEC_WI8 : SEC_WGHT);
        put_u64(b, feat_in_dim(&m->fs));
        put_u64(b, (uint64_t)m->ndec);
        if (m->wenc == MODEL_W_F32)
            put(b, m->w32, n * sizeof(float));
        else if (m->wenc == MODEL_W_I8) {
            put(b, m->wscale, (size_t)m->ndec * sizeof(double));
            put(b, m->w8, n);
        } else
            put(b, m->w, n * sizeof(double));
        end_section(b, s);
        return;
    }
    const struct svm_model *sm = m->svm;
    s = begin_section(b, SEC_SVS);
    put_i32(b, sm->l);
    for (int i = 0; i < m->nlabels; i++)
        put_i32(b, sm->nSV[i]);
    for (int i = 0; i < m->nlabels - 1; i++)
        put(b, sm->sv_coef[i], (size_t)sm->l * sizeof(double));
    for (int i = 0; i < sm->l; i++) {
        uint32_t n = 0;
        while (sm->SV[i][n].index != -1)
            n++;
        put_u32(b, n);
        for (uint32_t j = 0; j < n; j++) {
            put_i32(b, sm->SV[i][j].index);
            put_f64(b, sm->SV[i][j].value);
        }
    }
    end_section(b, s);
}

static int encode(const tasnif_model *m, wbuf *b, const void *docs, size_t docs_len)
{
    put(b, BUNDLE_MAGIC, 8);
    put_u32(b, m->wenc == MODEL_W_F64 ? 2 : 3); /* version 2 readers load f64 models */
    put_u32(b, BUNDLE_ENDIAN_MARK);
    put_u64(b, 0); /* file size, patched */

    if (put_config(m, b) < 0)
        return TASNIF_ENOMEM;
    put_text_section(b, SEC_META, m->meta ? m->meta : "");
    put_labels(m, b);
    put_space(m, b);
    put_solver(m, b);
    put_classifiers(m, b);
    size_t s;
    if (m->multi) {
        s = begin_section(b, SEC_THRS);
        put_u64(b, (uint64_t)m->nlabels);
        put(b, m->thresh, (size_t)m->nlabels * sizeof(double));
        end_section(b, s);
    }
    if (docs) {
        s = begin_section(b, SEC_DOCS);
        put(b, docs, docs_len);
        end_section(b, s);
    }
    if (b->failed)
        return TASNIF_ENOMEM;
    uint64_t total = b->n + 8;
    memcpy(b->p + 16, &total, 8);
    uint32_t crc = crc32c(0, b->p, b->n);
    put_u32(b, crc);
    put(b, "TEND", 4);
    return b->failed ? TASNIF_ENOMEM : 0;
}

int model_save(const tasnif_model *m, const char *path, tasnif_err *err)
{
    return model_save_with(m, NULL, 0, NULL, NULL, path, err);
}

int model_save_with(const tasnif_model *m, const void *docs, size_t docs_len, model_check_fn check, void *user,
                    const char *path, tasnif_err *err)
{
    wbuf b = {0};
    int rc = encode(m, &b, docs, docs_len);
    if (rc < 0) {
        free(b.p);
        return err_set(err, rc, path, 0, 0, "cannot encode model: %s", tasnif_strerror(rc));
    }
    /* load the bytes back as the loader would: a model that would not load
     * is never written (the loaded form takes the buffer over) */
    tasnif_model *back = NULL;
    tasnif_err why = {0};
    if ((rc = model_parse(b.p, b.n, NULL, &back, &why)) < 0) {
        free(b.p);
        if (rc == TASNIF_ENOMEM)
            return err_set(err, rc, path, 0, 0, "out of memory");
        return err_set(err, TASNIF_EMODEL, path, 0, 0, "the trained model would not load (%s): nothing written",
                       why.msg);
    }
    if (check && (rc = check(back, user, err)) < 0) {
        tasnif_model_free(back);
        return rc;
    }
    rc = file_write_atomic(path, back->blob, back->blob_len, "model", err);
    tasnif_model_free(back);
    return rc;
}
