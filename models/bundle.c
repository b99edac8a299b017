/*
 * bundle.c - the model file: one versioned, checksummed bundle holding the
 * feature configuration, vocabulary and idf, labels and the libsvm
 * classifiers.  The layout is documented in models/FORMAT.md.
 *
 * Saving is atomic (write a temporary file beside the target, fsync,
 * rename, fsync the directory), so an interrupted or failed save leaves any
 * earlier model untouched.  Loading reads the whole file, checks size,
 * magic, version and CRC-32C before it parses anything, and bounds-checks
 * every section and count.
 */
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "model.h"

static const char MAGIC[8] = {'T', 'A', 'S', 'N', 'I', 'F', '\r', '\n'};
static const uint32_t ENDIAN_MARK = 0x01020304u;
#define TAG(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)
enum {
    SEC_CONF = TAG('C', 'O', 'N', 'F'),
    SEC_META = TAG('M', 'E', 'T', 'A'),
    SEC_LABL = TAG('L', 'A', 'B', 'L'),
    SEC_VOCB = TAG('V', 'O', 'C', 'B'),
    SEC_IDF = TAG('I', 'D', 'F', ' '),
    SEC_SVMP = TAG('S', 'V', 'M', 'P'),
    SEC_WGHT = TAG('W', 'G', 'H', 'T'),
    SEC_SVS = TAG('S', 'V', 'S', ' '),
    SEC_LSA = TAG('L', 'S', 'A', ' '),
    SEC_DOCS = TAG('D', 'O', 'C', 'S'),
    SEC_SOLV = TAG('S', 'O', 'L', 'V'),
};

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

static int encode(const tasnif_model *m, wbuf *b, const void *docs, size_t docs_len)
{
    put(b, MAGIC, 8);
    put_u32(b, BUNDLE_VERSION);
    put_u32(b, ENDIAN_MARK);
    put_u64(b, 0); /* file size, patched */

    char *conf = NULL;
    size_t conflen = 0;
    FILE *fp = open_memstream(&conf, &conflen);
    if (!fp)
        return TASNIF_ENOMEM;
    feat_config_write(&m->fs.cfg, fp);
    fprintf(fp, "dim=%zu\nndocs=%llu\n", m->fs.dim, (unsigned long long)m->fs.ndocs);
    if (fclose(fp) != 0 || !conf)
        return TASNIF_ENOMEM;
    put_text_section(b, SEC_CONF, conf);
    free(conf);
    put_text_section(b, SEC_META, m->meta ? m->meta : "");

    size_t s = begin_section(b, SEC_LABL);
    put_u32(b, (uint32_t)m->nlabels);
    for (int i = 0; i < m->nlabels; i++) {
        put_u32(b, (uint32_t)strlen(m->labels[i]));
        put(b, m->labels[i], strlen(m->labels[i]));
    }
    for (int i = 0; i < m->nlabels; i++)
        put_u64(b, m->label_docs ? m->label_docs[i] : 0);
    end_section(b, s);

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

    s = begin_section(b, SEC_SOLV);
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

    if (m->param.kernel_type == LINEAR) {
        s = begin_section(b, SEC_WGHT);
        put_u64(b, feat_in_dim(&m->fs));
        put_u64(b, (uint64_t)m->ndec);
        put(b, m->w, feat_in_dim(&m->fs) * (size_t)m->ndec * sizeof(double));
        end_section(b, s);
    } else {
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

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int model_save(const tasnif_model *m, const char *path, tasnif_err *err)
{
    return model_save_with(m, NULL, 0, path, err);
}

int model_save_with(const tasnif_model *m, const void *docs, size_t docs_len, const char *path, tasnif_err *err)
{
    wbuf b = {0};
    int rc = encode(m, &b, docs, docs_len);
    if (rc < 0) {
        free(b.p);
        return err_set(err, rc, path, 0, 0, "cannot encode model: %s", tasnif_strerror(rc));
    }
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 32), *dircopy = strdup(path);
    if (!tmp || !dircopy) {
        free(b.p);
        free(tmp);
        free(dircopy);
        return err_set(err, TASNIF_ENOMEM, path, 0, 0, "out of memory");
    }
    snprintf(tmp, plen + 32, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        rc = err_set(err, TASNIF_EIO, path, 0, 0, "cannot create a temporary file beside the model: %s", strerror(errno));
        goto out;
    }
    if (fchmod(fd, 0644) < 0 || write_all(fd, b.p, b.n) < 0 || fsync(fd) < 0) {
        rc = err_set(err, TASNIF_EIO, path, 0, 0, "cannot write the model: %s", strerror(errno));
        close(fd);
        unlink(tmp);
        goto out;
    }
    if (close(fd) < 0) {
        rc = err_set(err, TASNIF_EIO, path, 0, 0, "cannot write the model: %s", strerror(errno));
        unlink(tmp);
        goto out;
    }
    if (rename(tmp, path) < 0) {
        rc = err_set(err, TASNIF_EIO, path, 0, 0, "cannot rename the new model into place: %s", strerror(errno));
        unlink(tmp);
        goto out;
    }
    int dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd); /* best effort: some file systems refuse directory fsync */
        close(dfd);
    }
    rc = 0;
out:
    free(b.p);
    free(tmp);
    free(dircopy);
    return rc;
}

/* ---- reading ---- */

typedef struct rbuf {
    const char *p;
    size_t n, at;
    int bad;
} rbuf;

static const void *take(rbuf *r, size_t n)
{
    if (r->bad || n > r->n - r->at) {
        r->bad = 1;
        return NULL;
    }
    const void *p = r->p + r->at;
    r->at += n;
    return p;
}

static uint32_t get_u32(rbuf *r)
{
    uint32_t v = 0;
    const void *p = take(r, 4);
    if (p)
        memcpy(&v, p, 4);
    return v;
}

static uint64_t get_u64(rbuf *r)
{
    uint64_t v = 0;
    const void *p = take(r, 8);
    if (p)
        memcpy(&v, p, 8);
    return v;
}

static int32_t get_i32(rbuf *r) { return (int32_t)get_u32(r); }

static double get_f64(rbuf *r)
{
    double v = 0;
    const void *p = take(r, 8);
    if (p)
        memcpy(&v, p, 8);
    return v;
}

/* n doubles of r: a view into the file buffer (sections start 8-aligned
 * in an aligned buffer), or a copy when the buffer is not aligned. */
static double *get_f64s(rbuf *r, size_t n)
{
    if (n > (r->n - r->at) / 8) {
        r->bad = 1;
        return NULL;
    }
    const void *p = take(r, n * 8);
    if (((uintptr_t)p & 7) == 0)
        return (double *)(uintptr_t)p;
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (!d) {
        r->bad = 1;
        return NULL;
    }
    memcpy(d, p, n * 8);
    return d;
}

static int parse_conf(tasnif_model *m, const char *p, size_t n)
{
    feat_config_defaults(&m->fs.cfg);
    size_t dim = 0;
    unsigned long long ndocs = 0;
    char line[256];
    while (n) {
        const char *nl = memchr(p, '\n', n);
        size_t len = nl ? (size_t)(nl - p) : n;
        if (len >= sizeof line)
            return TASNIF_EMODEL;
        memcpy(line, p, len);
        line[len] = '\0';
        p += len + (nl ? 1 : 0);
        n -= len + (nl ? 1 : 0);
        char *eq = strchr(line, '=');
        if (!eq)
            return TASNIF_EMODEL;
        *eq = '\0';
        if (strcmp(line, "dim") == 0)
            dim = strtoull(eq + 1, NULL, 10);
        else if (strcmp(line, "ndocs") == 0)
            ndocs = strtoull(eq + 1, NULL, 10);
        else if (feat_config_set(&m->fs.cfg, line, eq + 1) < 0)
            return TASNIF_EMODEL;
    }
    if (feat_config_check(&m->fs.cfg, NULL) < 0 || dim == 0 || dim > INT32_MAX)
        return TASNIF_EMODEL;
    if (m->fs.cfg.hash_bits && dim != (size_t)1 << m->fs.cfg.hash_bits)
        return TASNIF_EMODEL;
    m->fs.dim = dim;
    m->fs.ndocs = ndocs;
    return 0;
}

static int parse_labels(tasnif_model *m, rbuf *r)
{
    uint32_t k = get_u32(r);
    if (r->bad || k < 2 || k > 1000000 || k > (r->n - r->at) / 12)
        return TASNIF_EMODEL;
    m->nlabels = (int)k;
    m->labels = calloc(k, sizeof *m->labels);
    m->label_docs = calloc(k, sizeof *m->label_docs);
    if (!m->labels || !m->label_docs)
        return TASNIF_ENOMEM;
    for (uint32_t i = 0; i < k; i++) {
        uint32_t len = get_u32(r);
        const char *s = take(r, len);
        if (!s || len == 0 || memchr(s, '\0', len) || utf8_check(s, len, NULL) < 0)
            return TASNIF_EMODEL;
        m->labels[i] = strndup(s, len);
        if (!m->labels[i])
            return TASNIF_ENOMEM;
        if (i > 0 && strcmp(m->labels[i - 1], m->labels[i]) >= 0)
            return TASNIF_EMODEL; /* sorted and distinct */
    }
    for (uint32_t i = 0; i < k; i++)
        m->label_docs[i] = get_u64(r);
    return r->bad ? TASNIF_EMODEL : 0;
}

static int parse_vocab(tasnif_model *m, rbuf *r)
{
    vocab *v = &m->fs.voc;
    uint64_t n = get_u64(r), nbytes = get_u64(r);
    if (r->bad || n != m->fs.dim || n > (r->n - r->at) / 9 || nbytes > r->n - r->at)
        return TASNIF_EMODEL;
    const char *lens = take(r, n * 4), *dfs = take(r, n * 4), *bytes = take(r, nbytes);
    if (!lens || !dfs || !bytes || ((uintptr_t)lens & 3))
        return TASNIF_EMODEL;
    /* lengths, frequencies and keys stay in the file buffer */
    v->len = (uint32_t *)(uintptr_t)lens;
    v->df = (uint32_t *)(uintptr_t)dfs;
    v->bytes = (char *)(uintptr_t)bytes;
    v->off = malloc(n * sizeof *v->off);
    if (!v->off)
        return TASNIF_ENOMEM;
    uint64_t off = 0;
    for (uint64_t i = 0; i < n; i++) {
        if (v->len[i] < 2 || v->len[i] > nbytes - off)
            return TASNIF_EMODEL;
        char fam = v->bytes[off];
        if (fam != FEAT_WORD && fam != FEAT_CHAR)
            return TASNIF_EMODEL;
        v->off[i] = off;
        off += v->len[i];
    }
    if (off != nbytes)
        return TASNIF_EMODEL;
    v->n = v->cap_keys = n;
    v->nbytes = v->cap_bytes = nbytes;
    return vocab_rehash(v) < 0 ? TASNIF_ENOMEM : 0;
}

static int parse_svs(tasnif_model *m, rbuf *r)
{
    int k = m->nlabels;
    struct svm_model *sm = calloc(1, sizeof *sm);
    if (!sm)
        return TASNIF_ENOMEM;
    m->svm = sm;
    sm->l = get_i32(r);
    if (r->bad || sm->l < 1 || (size_t)sm->l > (r->n - r->at) / 8)
        return TASNIF_EMODEL;
    sm->nr_class = k;
    sm->nSV = calloc((size_t)k, sizeof *sm->nSV);
    sm->label = calloc((size_t)k, sizeof *sm->label);
    sm->sv_coef = calloc((size_t)k - 1, sizeof *sm->sv_coef);
    sm->SV = calloc((size_t)sm->l, sizeof *sm->SV);
    if (!sm->nSV || !sm->label || !sm->sv_coef || !sm->SV)
        return TASNIF_ENOMEM;
    int64_t total = 0;
    for (int i = 0; i < k; i++) {
        sm->label[i] = i;
        sm->nSV[i] = get_i32(r);
        if (sm->nSV[i] < 0)
            return TASNIF_EMODEL;
        total += sm->nSV[i];
    }
    if (total != sm->l)
        return TASNIF_EMODEL;
    for (int i = 0; i < k - 1; i++)
        if (!(sm->sv_coef[i] = get_f64s(r, (size_t)sm->l)))
            return r->bad ? TASNIF_EMODEL : TASNIF_ENOMEM;
    for (int i = 0; i < sm->l; i++) {
        uint32_t n = get_u32(r);
        if (r->bad || n > (r->n - r->at) / 12)
            return TASNIF_EMODEL;
        struct svm_node *x = malloc((n + 1) * sizeof *x);
        if (!x)
            return TASNIF_ENOMEM;
        sm->SV[i] = x;
        int prev = 0;
        for (uint32_t j = 0; j < n; j++) {
            x[j].index = get_i32(r);
            x[j].value = get_f64(r);
            if (x[j].index <= prev || (size_t)x[j].index > feat_in_dim(&m->fs))
                return TASNIF_EMODEL;
            prev = x[j].index;
        }
        x[n].index = -1;
    }
    sm->param = m->param;
    sm->rho = m->rho;
    sm->probA = m->probA;
    sm->probB = m->probB;
    sm->free_sv = 1;
    return r->bad ? TASNIF_EMODEL : 0;
}

int model_parse(void *buf, size_t len, int mapped, const char *path, tasnif_model **out, tasnif_err *err)
{
    const char *p = buf;
    if (len < 32 || memcmp(p, MAGIC, 8) != 0)
        return err_set(err, TASNIF_EMODEL, path, 0, 0, "not a tasnif model (bad magic)");
    uint32_t version, mark;
    uint64_t size;
    memcpy(&version, p + 8, 4);
    memcpy(&mark, p + 12, 4);
    memcpy(&size, p + 16, 8);
    if (mark != ENDIAN_MARK)
        return err_set(err, TASNIF_EMODEL, path, 0, 0, "model written on a machine of other byte order, or corrupt");
    if (size != len)
        return err_set(err, TASNIF_EMODEL, path, 0, 0, "model is %zu bytes but its header says %llu: truncated or corrupt",
                       len, (unsigned long long)size);
    uint32_t crc;
    memcpy(&crc, p + len - 8, 4);
    if (memcmp(p + len - 4, "TEND", 4) != 0 || crc32c(0, p, len - 8) != crc)
        return err_set(err, TASNIF_EMODEL, path, 0, 0, "checksum mismatch: the model file is corrupt");
    if (version > BUNDLE_VERSION)
        return err_set(err, TASNIF_EVERSION, path, 0, 0,
                       "model format version %u is newer than this tasnif reads (%d); upgrade tasnif",
                       version, BUNDLE_VERSION);
    if (version < 1)
        return err_set(err, TASNIF_EMODEL, path, 0, 0, "bad model format version %u", version);

    tasnif_model *m = model_new();
    if (!m)
        return err_set(err, TASNIF_ENOMEM, path, 0, 0, "out of memory");
    m->blob = buf;
    m->blob_len = len;
    m->blob_mapped = mapped;
    int rc = 0, seen_conf = 0, seen_labels = 0, seen_svmp = 0, seen_vocab = 0, seen_w = 0;
    int seen_solv = version < 2; /* version 1: libsvm one-vs-one, no SOLV */
    const char *why = "corrupt section";
    rbuf top = {p, len - 8, 24, 0};
    while (top.at < top.n && rc == 0) {
        uint32_t tag = get_u32(&top);
        get_u32(&top);
        uint64_t slen = get_u64(&top);
        const char *sp = take(&top, slen);
        if (!sp) {
            rc = TASNIF_EMODEL;
            why = "section runs past the end of the file";
            break;
        }
        if (top.at % 8)
            take(&top, 8 - top.at % 8);
        rbuf r = {sp, slen, 0, 0};
        switch (tag) {
        case SEC_CONF:
            rc = parse_conf(m, sp, slen);
            seen_conf = 1;
            break;
        case SEC_META:
            if (!(m->meta = strndup(sp, slen)))
                rc = TASNIF_ENOMEM;
            else if (strlen(m->meta) != slen || utf8_check(sp, slen, NULL) < 0)
                rc = TASNIF_EMODEL;
            break;
        case SEC_LABL:
            rc = parse_labels(m, &r);
            seen_labels = 1;
            break;
        case SEC_VOCB:
            if (!seen_conf || m->fs.cfg.hash_bits) {
                rc = TASNIF_EMODEL;
                break;
            }
            rc = parse_vocab(m, &r);
            seen_vocab = 1;
            break;
        case SEC_IDF:
            if (!seen_conf || get_u64(&r) != m->fs.dim) {
                rc = TASNIF_EMODEL;
                break;
            }
            if (!(m->fs.idf = get_f64s(&r, m->fs.dim)))
                rc = r.bad ? TASNIF_EMODEL : TASNIF_ENOMEM;
            break;
        case SEC_SOLV:
            if (seen_solv || seen_svmp) {
                rc = TASNIF_EMODEL;
                break;
            }
            m->scheme = (int)get_u32(&r);
            m->solver = (int)get_u32(&r);
            m->ll_solver = get_i32(&r);
            if ((m->scheme != SCHEME_OVO && m->scheme != SCHEME_OVR) ||
                (m->solver != SOLVER_LIBSVM && m->solver != SOLVER_LIBLINEAR) ||
                (m->solver == SOLVER_LIBSVM && m->scheme != SCHEME_OVO) ||
                m->ll_solver < 0 || m->ll_solver > 13)
                rc = TASNIF_EMODEL;
            seen_solv = 1;
            break;
        case SEC_SVMP: {
            if (!seen_labels || !seen_solv) {
                rc = TASNIF_EMODEL;
                break;
            }
            m->param.svm_type = C_SVC;
            m->param.kernel_type = get_i32(&r);
            m->param.degree = get_i32(&r);
            m->param.gamma = get_f64(&r);
            m->param.coef0 = get_f64(&r);
            m->param.C = get_f64(&r);
            m->ndec = get_i32(&r);
            m->has_prob = get_i32(&r);
            int64_t k = m->nlabels;
            int64_t want = m->scheme == SCHEME_OVR ? k : k * (k - 1) / 2;
            if (r.bad || (int64_t)m->ndec != want ||
                (m->has_prob != 0 && m->has_prob != 1) ||
                (m->scheme == SCHEME_OVR && m->param.kernel_type != LINEAR) ||
                (m->param.kernel_type != LINEAR && m->param.kernel_type != RBF &&
                 m->param.kernel_type != POLY && m->param.kernel_type != SIGMOID)) {
                rc = TASNIF_EMODEL;
                break;
            }
            m->rho = get_f64s(&r, (size_t)m->ndec);
            if (m->has_prob) {
                m->probA = get_f64s(&r, (size_t)m->ndec);
                m->probB = get_f64s(&r, (size_t)m->ndec);
            }
            if (r.bad)
                rc = TASNIF_EMODEL;
            seen_svmp = 1;
            break;
        }
        case SEC_WGHT: {
            if (!seen_svmp || !seen_conf || m->param.kernel_type != LINEAR) {
                rc = TASNIF_EMODEL;
                break;
            }
            uint64_t dim = get_u64(&r), np = get_u64(&r);
            if (dim != feat_in_dim(&m->fs) || np != (uint64_t)m->ndec) {
                rc = TASNIF_EMODEL;
                break;
            }
            if (!(m->w = get_f64s(&r, dim * np)))
                rc = r.bad ? TASNIF_EMODEL : TASNIF_ENOMEM;
            seen_w = 1;
            break;
        }
        case SEC_LSA: {
            uint32_t k = get_u32(&r);
            get_u32(&r);
            uint64_t d = get_u64(&r);
            if (!seen_conf || k != (uint32_t)m->fs.cfg.lsa_k || k == 0 || d != m->fs.dim ||
                d > (r.n - r.at) / 4 / k) {
                rc = TASNIF_EMODEL;
                break;
            }
            if (!(m->fs.lsa_sv = get_f64s(&r, k))) {
                rc = r.bad ? TASNIF_EMODEL : TASNIF_ENOMEM;
                break;
            }
            const void *p = take(&r, d * k * sizeof(float));
            if (!p || ((uintptr_t)p & 3)) {
                rc = TASNIF_EMODEL;
                break;
            }
            m->fs.lsa_proj = (float *)(uintptr_t)p;
            for (uint64_t i = 0; i < d * k; i++)
                if (!isfinite(m->fs.lsa_proj[i])) {
                    rc = TASNIF_EMODEL;
                    break;
                }
            break;
        }
        case SEC_DOCS:
            m->docs = sp;
            m->docs_len = slen;
            break;
        case SEC_SVS:
            if (!seen_svmp || !seen_conf || m->param.kernel_type == LINEAR) {
                rc = TASNIF_EMODEL;
                break;
            }
            rc = parse_svs(m, &r);
            seen_w = 1;
            break;
        default:
            break; /* unknown sections of the same version are skipped */
        }
        if (rc == 0 && r.bad)
            rc = TASNIF_EMODEL;
    }
    if (rc == 0 && top.bad)
        rc = TASNIF_EMODEL;
    if (rc == 0 && (!seen_conf || !seen_labels || !seen_svmp || !seen_w ||
                    (!m->fs.cfg.hash_bits && !seen_vocab) || (m->fs.cfg.use_idf && !m->fs.idf) ||
                    (m->fs.cfg.lsa_k && !m->fs.lsa_proj))) {
        rc = TASNIF_EMODEL;
        why = "a required section is missing";
    }
    if (rc < 0) {
        m->blob = NULL; /* the caller's again */
        tasnif_model_free_parts(m, buf, len);
        if (rc == TASNIF_ENOMEM)
            return err_set(err, rc, path, 0, 0, "out of memory");
        return err_set(err, rc, path, 0, 0, "corrupt model: %s", why);
    }
    if (model_prepare_dense(m) < 0) {
        m->blob = NULL; /* the caller's again */
        tasnif_model_free_parts(m, buf, len);
        return err_set(err, TASNIF_ENOMEM, path, 0, 0, "out of memory");
    }
    *out = m;
    return 0;
}

int tasnif_model_load(const char *path, tasnif_model **out, tasnif_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot open model: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return err_set(err, TASNIF_EIO, path, 0, 0, "not a regular file");
    }
    size_t len = (size_t)st.st_size;
    if (len < 32) {
        close(fd);
        return err_set(err, TASNIF_EMODEL, path, 0, 0, "not a tasnif model (only %zu bytes)", len);
    }
    /* Map the file: the weights are used where they lie, so loading costs
     * one checksum pass.  Models are replaced by rename, never rewritten in
     * place, so the mapping stays valid while it is used. */
    void *buf = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    int mapped = buf != MAP_FAILED;
    if (!mapped) {
        buf = malloc(len);
        if (!buf) {
            close(fd);
            return err_set(err, TASNIF_ENOMEM, path, 0, 0, "out of memory");
        }
        size_t got = 0;
        while (got < len) {
            ssize_t r = read(fd, (char *)buf + got, len - got);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0) {
                free(buf);
                close(fd);
                return err_set(err, TASNIF_EIO, path, 0, 0, "cannot read model: %s", r < 0 ? strerror(errno) : "short read");
            }
            got += (size_t)r;
        }
    }
    close(fd);
    int rc = model_parse(buf, len, mapped, path, out, err);
    if (rc < 0) {
        if (mapped)
            munmap(buf, len);
        else
            free(buf);
    }
    return rc;
}
