/*
 * load.c - reading a model file (layout and rules in models/FORMAT.md).
 *
 * Three steps, each complete before the next: the frame (magic, size,
 * trailer, CRC-32C, version); the sections (each known one at most once,
 * in the one allowed order, unknown ones skipped), parsed with every
 * count and length bounds-checked into views of the buffer; then
 * model_check() over every number and string.  Only a model that passed
 * all three is built (vocabulary hash, dense support vectors) and handed
 * out.  The checksum guards against accidents; the checks against a
 * crafted file.
 *
 * The file is mapped read-only and private (MAP_PRIVATE, PROT_READ) where
 * it can be, else read into memory (one read into an aligned buffer):
 * the weights, vocabulary and idf are used where they lie in the mapping,
 * checked once and never copied, so a process holds one copy of the
 * model, the page cache's, shared with every other process using it.
 * tasnif writes model files only by rename (models/bundle.c, files.c),
 * so a mapped file is never written in place by tasnif: a replaced model
 * is a new inode and the mapping keeps the old one.  A program that
 * truncates or rewrites the file in place under a running process can
 * change the mapped bytes after they were checked (MAP_PRIVATE copies a
 * page only when this process writes it, which it never does), and a
 * read past a truncation raises SIGBUS; TASNIF_NO_MMAP=1 reads the file
 * instead, for such deployments.  See models/FORMAT.md, "Loading".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "format.h"
#include "model.h"

/* The known sections in the one order a file may hold them.  WGHT, WF32,
 * WI8 and SVS share a place: a model has one of them. */
enum { S_CONF, S_META, S_LABL, S_VOCB, S_IDF, S_LSA, S_SOLV, S_SVMP, S_WGHT, S_WF32, S_WI8, S_SVS, S_THRS, S_DOCS,
       NSEC };
static const uint32_t sec_tag[NSEC] = {SEC_CONF, SEC_META, SEC_LABL, SEC_VOCB, SEC_IDF,  SEC_LSA,  SEC_SOLV,
                                       SEC_SVMP, SEC_WGHT, SEC_WF32, SEC_WI8, SEC_SVS, SEC_THRS, SEC_DOCS};
static const int sec_rank[NSEC] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 8, 8, 8, 9, 10};

typedef struct section {
    const char *p;
    size_t n;
    int present;
} section;

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
 * in an aligned buffer), or a copy when they are not aligned. */
static double *get_f64s(rbuf *r, size_t n)
{
    if (r->bad || n > (r->n - r->at) / 8) {
        r->bad = 1;
        return NULL;
    }
    const void *p = take(r, n * 8);
    if (((uintptr_t)p & 7) == 0)
        return (double *)(uintptr_t)p;
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (d)
        memcpy(d, p, n * 8);
    return d;
}

/* A decimal number with nothing around it. */
static int parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return 0;
}

/* key=value lines, each key at most once. */
static int parse_conf(tasnif_model *m, const char *p, size_t n, const char **why)
{
    feat_config_stored(&m->fs.cfg);
    *why = "bad feature configuration";
    if (memchr(p, '\0', n))
        return TASNIF_EMODEL;
    uint64_t dim = 0, ndocs = 0, unlabelled = 0;
    char seen[64][24];
    int nseen = 0;
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
        if (!eq || eq - line >= (ptrdiff_t)sizeof seen[0] || nseen == 64)
            return TASNIF_EMODEL;
        *eq = '\0';
        for (int i = 0; i < nseen; i++)
            if (strcmp(seen[i], line) == 0) {
                *why = "a feature configuration key appears twice";
                return TASNIF_EMODEL;
            }
        strcpy(seen[nseen++], line);
        if (strcmp(line, "dim") == 0) {
            if (parse_u64(eq + 1, &dim) < 0)
                return TASNIF_EMODEL;
        } else if (strcmp(line, "ndocs") == 0) {
            if (parse_u64(eq + 1, &ndocs) < 0)
                return TASNIF_EMODEL;
        } else if (strcmp(line, "unlabelled") == 0) {
            if (parse_u64(eq + 1, &unlabelled) < 0 || unlabelled > UINT32_MAX)
                return TASNIF_EMODEL;
        } else if (feat_config_set(&m->fs.cfg, line, eq + 1) < 0)
            return TASNIF_EMODEL;
    }
    if (dim > INT32_MAX)
        return TASNIF_EMODEL;
    m->fs.dim = (size_t)dim;
    m->fs.ndocs = ndocs;
    m->fs.unlabelled = unlabelled;
    return 0;
}

static int parse_labels(tasnif_model *m, rbuf *r, const char **why)
{
    uint32_t k = get_u32(r);
    if (!r->bad && (k < 2 || k > LABELS_MAX))
        return *why = "label count out of range (2 to 10000)", TASNIF_EMODEL;
    if (r->bad || k > (r->n - r->at) / 12)
        return TASNIF_EMODEL;
    m->nlabels = (int)k;
    m->labels = calloc(k, sizeof *m->labels);
    m->label_docs = calloc(k, sizeof *m->label_docs);
    if (!m->labels || !m->label_docs)
        return TASNIF_ENOMEM;
    for (uint32_t i = 0; i < k; i++) {
        uint32_t len = get_u32(r);
        const char *s = take(r, len);
        /* a NUL would hide the rest from model_check's label rules */
        if (!s || memchr(s, '\0', len))
            return TASNIF_EMODEL;
        if (!(m->labels[i] = strndup(s, len)))
            return TASNIF_ENOMEM;
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
    v->off = malloc((n ? n : 1) * sizeof *v->off);
    if (!v->off)
        return TASNIF_ENOMEM;
    uint64_t off = 0;
    for (uint64_t i = 0; i < n; i++) {
        if (v->len[i] > nbytes - off)
            return TASNIF_EMODEL;
        v->off[i] = off;
        off += v->len[i];
    }
    if (off != nbytes)
        return TASNIF_EMODEL;
    v->n = v->cap_keys = n;
    v->nbytes = v->cap_bytes = nbytes;
    return 0;
}

static int parse_lsa(tasnif_model *m, rbuf *r)
{
    uint32_t k = get_u32(r), reserved = get_u32(r);
    uint64_t d = get_u64(r);
    if (r->bad || reserved || k == 0 || k != (uint32_t)m->fs.cfg.lsa_k || d != m->fs.dim ||
        d > (r->n - r->at) / 4 / k)
        return TASNIF_EMODEL;
    if (!(m->fs.lsa_sv = get_f64s(r, k)))
        return r->bad ? TASNIF_EMODEL : TASNIF_ENOMEM;
    const void *p = take(r, d * k * sizeof(float));
    if (!p || ((uintptr_t)p & 3))
        return TASNIF_EMODEL;
    m->fs.lsa_proj = (float *)(uintptr_t)p;
    return 0;
}

static int parse_svmp(tasnif_model *m, rbuf *r)
{
    m->param.svm_type = C_SVC;
    m->param.kernel_type = get_i32(r);
    m->param.degree = get_i32(r);
    m->param.gamma = get_f64(r);
    m->param.coef0 = get_f64(r);
    m->param.C = get_f64(r);
    m->ndec = get_i32(r);
    m->has_prob = get_i32(r);
    if (r->bad || (int64_t)m->ndec != model_ndec(m->scheme, m->nlabels) || (m->has_prob != 0 && m->has_prob != 1))
        return TASNIF_EMODEL;
    if (!(m->rho = get_f64s(r, (size_t)m->ndec)))
        return r->bad ? TASNIF_EMODEL : TASNIF_ENOMEM;
    if (m->has_prob && (!(m->probA = get_f64s(r, (size_t)m->ndec)) || !(m->probB = get_f64s(r, (size_t)m->ndec))))
        return r->bad ? TASNIF_EMODEL : TASNIF_ENOMEM;
    return 0;
}

static int parse_svs(tasnif_model *m, rbuf *r)
{
    int k = m->nlabels;
    struct svm_model *sm = calloc(1, sizeof *sm);
    if (!sm)
        return TASNIF_ENOMEM;
    m->svm = sm;
    int32_t l = get_i32(r);
    if (r->bad || l < 1 || (size_t)l > (r->n - r->at) / 8)
        return TASNIF_EMODEL;
    sm->nr_class = k;
    sm->nSV = calloc((size_t)k, sizeof *sm->nSV);
    sm->label = calloc((size_t)k, sizeof *sm->label);
    sm->sv_coef = calloc((size_t)k - 1, sizeof *sm->sv_coef);
    sm->SV = calloc((size_t)l, sizeof *sm->SV);
    if (!sm->nSV || !sm->label || !sm->sv_coef || !sm->SV)
        return TASNIF_ENOMEM;
    sm->l = l; /* only once SV is there to be freed */
    int64_t total = 0;
    for (int i = 0; i < k; i++) {
        sm->label[i] = i;
        sm->nSV[i] = get_i32(r);
        if (sm->nSV[i] < 0)
            return TASNIF_EMODEL;
        total += sm->nSV[i];
    }
    if (r->bad || total != l)
        return TASNIF_EMODEL;
    for (int i = 0; i < k - 1; i++)
        if (!(sm->sv_coef[i] = get_f64s(r, (size_t)l)))
            return r->bad ? TASNIF_EMODEL : TASNIF_ENOMEM;
    for (int i = 0; i < l; i++) {
        uint32_t n = get_u32(r);
        if (r->bad || n > (r->n - r->at) / 12)
            return TASNIF_EMODEL;
        struct svm_node *x = malloc((n + 1) * sizeof *x);
        if (!x)
            return TASNIF_ENOMEM;
        sm->SV[i] = x;
        for (uint32_t j = 0; j < n; j++) {
            x[j].index = get_i32(r);
            x[j].value = get_f64(r);
            if (x[j].index == -1)
                return TASNIF_EMODEL; /* libsvm's terminator: would cut the vector short */
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

/* The section table: each known section once, in order; unknown skipped. */
static int scan(const char *p, size_t len, section *sec, char *why, size_t whylen)
{
    rbuf top = {p, len - 8, 24, 0};
    int last = -1;
    while (top.at < top.n) {
        uint32_t tag = get_u32(&top), reserved = get_u32(&top);
        uint64_t slen = get_u64(&top);
        const char *sp = take(&top, slen);
        const char *pad = top.at % 8 ? take(&top, 8 - top.at % 8) : "";
        if (!sp || !pad) {
            snprintf(why, whylen, "a section runs past the end of the file");
            return TASNIF_EMODEL;
        }
        int s = 0;
        while (s < NSEC && sec_tag[s] != tag)
            s++;
        if (s == NSEC)
            continue; /* unknown sections are skipped */
        char name[5];
        memcpy(name, &tag, 4);
        name[4] = '\0';
        if (sec[s].present) {
            snprintf(why, whylen, "section %s appears twice", name);
            return TASNIF_EMODEL;
        }
        if (sec_rank[s] <= last) {
            snprintf(why, whylen, "section %s is out of order", name);
            return TASNIF_EMODEL;
        }
        int nonzero = reserved != 0;
        for (const char *z = sp + slen; z < top.p + top.at; z++)
            nonzero |= *z != 0;
        if (nonzero) {
            snprintf(why, whylen, "section %s has non-zero reserved or padding bytes", name);
            return TASNIF_EMODEL;
        }
        last = sec_rank[s];
        sec[s] = (section){sp, (size_t)slen, 1};
    }
    return 0;
}

/* Which sections a model with this configuration must have (1), must not
 * have (0); META and DOCS are optional. */
static const char *presence(const tasnif_model *m, const section *sec, uint32_t version)
{
    if (!sec[S_CONF].present || !sec[S_LABL].present || !sec[S_SVMP].present)
        return "a required section (CONF, LABL or SVMP) is missing";
    if (sec[S_SOLV].present != (version >= 2))
        return version >= 2 ? "section SOLV is missing" : "a version 1 file has a SOLV section";
    if (sec[S_VOCB].present != !m->fs.cfg.hash_bits)
        return m->fs.cfg.hash_bits ? "a hashing model has a vocabulary" : "section VOCB is missing";
    if (sec[S_IDF].present != !!m->fs.cfg.use_idf)
        return m->fs.cfg.use_idf ? "section IDF is missing" : "a model without idf has an IDF section";
    if (sec[S_LSA].present != !!m->fs.cfg.lsa_k)
        return m->fs.cfg.lsa_k ? "section LSA is missing" : "a model without LSA has an LSA section";
    if ((sec[S_WF32].present || sec[S_WI8].present) != (version >= 3))
        return version >= 3 ? "a version 3 file has f64 weights (version 2)"
                            : "f32 or int8 weights (WF32, WI8) need format version 3";
    return NULL;
}

/* The IDF section: one weight per dimension of the space; @return 0 or an error (*why says which). */
static int parse_idf(tasnif_model *m, rbuf *r, const char **why)
{
    *why = "corrupt section IDF";
    if (get_u64(r) != m->fs.dim)
        return TASNIF_EMODEL;
    if (!(m->fs.idf = get_f64s(r, m->fs.dim)))
        return r->bad ? TASNIF_EMODEL : TASNIF_ENOMEM;
    if (r->at != r->n)
        return TASNIF_EMODEL;
    return 0;
}

/* The SOLV section: the decision scheme, the solver and liblinear's solver type; @return 0 or an error. */
static int parse_solv(tasnif_model *m, rbuf *r, const char **why)
{
    m->scheme = (int)get_u32(r);
    m->solver = (int)get_u32(r);
    m->ll_solver = get_i32(r);
    int32_t reserved = get_i32(r);
    *why = "corrupt section SOLV";
    if (r->bad || r->at != r->n || reserved != 0)
        return TASNIF_EMODEL;
    if (m->scheme != SCHEME_OVO && m->scheme != SCHEME_OVR)
        return *why = "unknown decision scheme", TASNIF_EMODEL;
    return 0;
}

/* The WGHT section: a linear model's weights, one per input dimension and decision function; @return 0 or an
 * error. */
static int parse_wght(tasnif_model *m, rbuf *r, const char **why)
{
    uint64_t dim = get_u64(r), np = get_u64(r);
    *why = "corrupt section WGHT";
    if (r->bad || dim != feat_in_dim(&m->fs) || np != (uint64_t)m->ndec || (np && dim > SIZE_MAX / 8 / np))
        return TASNIF_EMODEL;
    if (!(m->w = get_f64s(r, dim * np)))
        return r->bad ? TASNIF_EMODEL : TASNIF_ENOMEM;
    if (r->at != r->n)
        return TASNIF_EMODEL;
    return 0;
}

/* WF32 (f32 weights, 4-byte aligned in the buffer) or WI8 (ndec f64
 * scales, then one byte a weight), version 3; @return 0 or an error. */
static int parse_wenc(tasnif_model *m, rbuf *r, int wenc, const char **why)
{
    uint64_t dim = get_u64(r), np = get_u64(r);
    *why = wenc == MODEL_W_F32 ? "corrupt section WF32" : "corrupt section WI8";
    if (r->bad || dim != feat_in_dim(&m->fs) || np != (uint64_t)m->ndec || (np && dim > SIZE_MAX / 8 / np))
        return TASNIF_EMODEL;
    size_t n = (size_t)(dim * np);
    if (wenc == MODEL_W_I8 && !(m->wscale = get_f64s(r, (size_t)np)))
        return r->bad ? TASNIF_EMODEL : TASNIF_ENOMEM;
    const void *p = take(r, wenc == MODEL_W_F32 ? n * 4 : n);
    if (!p || r->at != r->n || ((uintptr_t)p & 3))
        return TASNIF_EMODEL; /* sections start 8-aligned: f32 after 16 bytes is aligned */
    if (wenc == MODEL_W_F32)
        m->w32 = (float *)(uintptr_t)p;
    else
        m->w8 = (int8_t *)(uintptr_t)p;
    m->wenc = wenc;
    return 0;
}

/* The THRS section: a multi-label model's threshold per label; @return 0 or an error. */
static int parse_thrs(tasnif_model *m, rbuf *r, const char **why)
{
    *why = "corrupt section THRS";
    if (get_u64(r) != (uint64_t)m->nlabels || r->bad)
        return TASNIF_EMODEL;
    if (!(m->thresh = get_f64s(r, (size_t)m->nlabels)))
        return r->bad ? TASNIF_EMODEL : TASNIF_ENOMEM;
    if (r->at != r->n)
        return TASNIF_EMODEL;
    m->multi = 1;
    return 0;
}

/* META's allow_empty key (label sets that may be empty): absent or "0"
 * is off, "1" on, anything else corrupt; @return 0 or TASNIF_EMODEL. */
static int parse_allow_empty(tasnif_model *m)
{
    static const char key[] = "allow_empty=";
    for (const char *p = m->meta; p && *p;) {
        const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
        if (strncmp(p, key, sizeof key - 1) == 0) {
            const char *v = p + sizeof key - 1;
            if (end - v != 1 || (*v != '0' && *v != '1'))
                return TASNIF_EMODEL;
            m->allow_empty = *v == '1';
        }
        p = nl ? nl + 1 : end;
    }
    return 0;
}

/* Parse the sections after CONF in order into m; @return 0 or a negative
 * code with *why set. */
static int parse_sections(tasnif_model *m, const section *sec, const char **why)
{
    rbuf r;
    int rc;
    *why = "corrupt section META";
    if (sec[S_META].present && memchr(sec[S_META].p, '\0', sec[S_META].n))
        return TASNIF_EMODEL;
    if (sec[S_META].present && !(m->meta = strndup(sec[S_META].p, sec[S_META].n)))
        return TASNIF_ENOMEM;
    r = (rbuf){sec[S_LABL].p, sec[S_LABL].n, 0, 0};
    *why = "corrupt section LABL";
    if ((rc = parse_labels(m, &r, why)) < 0 || r.at != r.n)
        return rc < 0 ? rc : TASNIF_EMODEL;
    if (sec[S_VOCB].present) {
        r = (rbuf){sec[S_VOCB].p, sec[S_VOCB].n, 0, 0};
        if ((rc = parse_vocab(m, &r)) < 0 || r.at != r.n)
            return *why = "corrupt section VOCB", rc < 0 ? rc : TASNIF_EMODEL;
    }
    if (sec[S_IDF].present) {
        r = (rbuf){sec[S_IDF].p, sec[S_IDF].n, 0, 0};
        if ((rc = parse_idf(m, &r, why)) < 0)
            return rc;
    }
    if (sec[S_LSA].present) {
        r = (rbuf){sec[S_LSA].p, sec[S_LSA].n, 0, 0};
        if ((rc = parse_lsa(m, &r)) < 0 || r.at != r.n)
            return *why = "corrupt section LSA", rc < 0 ? rc : TASNIF_EMODEL;
    }
    m->scheme = SCHEME_OVO; /* version 1: libsvm one-vs-one */
    m->solver = SOLVER_LIBSVM;
    if (sec[S_SOLV].present) {
        r = (rbuf){sec[S_SOLV].p, sec[S_SOLV].n, 0, 0};
        if ((rc = parse_solv(m, &r, why)) < 0)
            return rc;
    }
    r = (rbuf){sec[S_SVMP].p, sec[S_SVMP].n, 0, 0};
    if ((rc = parse_svmp(m, &r)) < 0 || r.at != r.n)
        return *why = "corrupt section SVMP", rc < 0 ? rc : TASNIF_EMODEL;
    int linear = m->param.kernel_type == LINEAR;
    int nw = sec[S_WGHT].present + sec[S_WF32].present + sec[S_WI8].present;
    if (nw != linear || sec[S_SVS].present != !linear)
        return *why = linear ? "a linear model needs one of WGHT, WF32, WI8 (and no SVS)"
                             : "a kernel model needs SVS (and no weights)",
               TASNIF_EMODEL;
    if (sec[S_WGHT].present) {
        r = (rbuf){sec[S_WGHT].p, sec[S_WGHT].n, 0, 0};
        if ((rc = parse_wght(m, &r, why)) < 0)
            return rc;
    } else if (linear) {
        int f32 = sec[S_WF32].present;
        r = f32 ? (rbuf){sec[S_WF32].p, sec[S_WF32].n, 0, 0} : (rbuf){sec[S_WI8].p, sec[S_WI8].n, 0, 0};
        if ((rc = parse_wenc(m, &r, f32 ? MODEL_W_F32 : MODEL_W_I8, why)) < 0)
            return rc;
    } else {
        r = (rbuf){sec[S_SVS].p, sec[S_SVS].n, 0, 0};
        if ((rc = parse_svs(m, &r)) < 0 || r.at != r.n)
            return *why = "corrupt section SVS", rc < 0 ? rc : TASNIF_EMODEL;
    }
    if (sec[S_THRS].present) { /* multi-label thresholds */
        r = (rbuf){sec[S_THRS].p, sec[S_THRS].n, 0, 0};
        if ((rc = parse_thrs(m, &r, why)) < 0)
            return rc;
    }
    if (parse_allow_empty(m) < 0 || (m->allow_empty && !m->multi))
        return *why = "META allow_empty must be 0 or 1, and 1 only for label sets", TASNIF_EMODEL;
    if (sec[S_DOCS].present) {
        m->docs = sec[S_DOCS].p;
        m->docs_len = sec[S_DOCS].n;
    }
    return 0;
}

int model_parse(void *buf, size_t len, const char *path, tasnif_model **out, tasnif_err *err)
{
    const char *p = buf;
    if (len < 32 || memcmp(p, BUNDLE_MAGIC, 8) != 0)
        return err_set(err, TASNIF_EMODEL, path, 0, 0, "not a tasnif model (bad magic)");
    uint32_t version, mark;
    uint64_t size;
    memcpy(&version, p + 8, 4);
    memcpy(&mark, p + 12, 4);
    memcpy(&size, p + 16, 8);
    if (mark != BUNDLE_ENDIAN_MARK)
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

    section sec[NSEC] = {{0}};
    char whybuf[96];
    const char *why = whybuf;
    int rc = scan(p, len, sec, whybuf, sizeof whybuf);
    if (rc < 0)
        return err_set(err, rc, path, 0, 0, "corrupt model: %s", why);

    tasnif_model *m = model_new();
    if (!m)
        return err_set(err, TASNIF_ENOMEM, path, 0, 0, "out of memory");
    if (sec[S_CONF].present)
        rc = parse_conf(m, sec[S_CONF].p, sec[S_CONF].n, &why);
    if (rc == 0 && (why = presence(m, sec, version)) != NULL)
        rc = TASNIF_EMODEL;
    if (rc == 0)
        rc = parse_sections(m, sec, &why);
    if (rc == 0)
        rc = model_check(m, &why);
    /* build what the checked model needs for scoring */
    if (rc == 0 && sec[S_VOCB].present && (rc = vocab_rehash(&m->fs.voc)) == TASNIF_EMODEL)
        why = "a vocabulary key appears twice";
    if (rc == 0)
        rc = model_prepare_dense(m);
    if (rc < 0) {
        model_free_parts(m, buf, len);
        if (rc == TASNIF_ENOMEM)
            return err_set(err, rc, path, 0, 0, "out of memory");
        return err_set(err, rc, path, 0, 0, "corrupt model: %s", why);
    }
    m->blob = buf;
    m->blob_len = len;
    *out = m;
    return 0;
}

/* Read all of fd (len bytes by fstat) into a 64-byte-aligned buffer. */
static int read_file(int fd, const char *path, const struct stat *st, void **out, tasnif_err *err)
{
    size_t len = (size_t)st->st_size;
    void *buf = NULL;
    if (posix_memalign(&buf, 64, len) != 0)
        return err_set(err, TASNIF_ENOMEM, path, 0, 0, "out of memory for a %zu-byte model", len);
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(fd, (char *)buf + got, len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    struct stat after;
    if (got != len || fstat(fd, &after) < 0 || after.st_size != st->st_size ||
        after.st_mtim.tv_sec != st->st_mtim.tv_sec || after.st_mtim.tv_nsec != st->st_mtim.tv_nsec) {
        free(buf);
        if (got == len || errno == 0)
            return err_set(err, TASNIF_EIO, path, 0, 0, "the model changed while it was read; try again");
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot read model: %s", strerror(errno));
    }
    *out = buf;
    return 0;
}

/* Map fd read-only (private: tasnif never writes through it).  @return
 * the mapping, or NULL where the file cannot be mapped (then it is read),
 * or when TASNIF_NO_MMAP is set to a non-empty value. */
static void *map_file(int fd, size_t len)
{
    const char *no = getenv("TASNIF_NO_MMAP");
    if (no && *no)
        return NULL;
    void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* Did the file change (size, modification time) since st was taken? */
static int changed(int fd, const struct stat *st)
{
    struct stat after;
    return fstat(fd, &after) < 0 || after.st_size != st->st_size || after.st_mtim.tv_sec != st->st_mtim.tv_sec ||
           after.st_mtim.tv_nsec != st->st_mtim.tv_nsec;
}

int tasnif_model_load(const char *path, tasnif_model **out, tasnif_err *err)
{
    /* O_NONBLOCK: a FIFO must not hang the open; it is refused below */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot open model: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return err_set(err, TASNIF_EIO, path, 0, 0, "not a regular file");
    }
    if (st.st_size < 32) {
        close(fd);
        return err_set(err, TASNIF_EMODEL, path, 0, 0, "not a tasnif model (only %lld bytes)", (long long)st.st_size);
    }
    size_t len = (size_t)st.st_size;
    void *buf = map_file(fd, len);
    int mapped = buf != NULL, rc = 0;
    errno = 0;
    if (!mapped && (rc = read_file(fd, path, &st, &buf, err)) < 0) {
        close(fd);
        return rc;
    }
    rc = model_parse(buf, len, path, out, err);
    /* what was checked must be what is used: a file rewritten in place
     * while it was checked is refused (tasnif itself only renames) */
    if (rc == 0 && mapped && changed(fd, &st)) {
        tasnif_model_free(*out);
        *out = NULL;
        close(fd);
        return err_set(err, TASNIF_EIO, path, 0, 0, "the model changed while it was read; try again");
    }
    close(fd);
    if (rc < 0) {
        if (mapped)
            munmap(buf, len);
        else
            free(buf);
        return rc;
    }
    (*out)->blob_mapped = mapped;
    return 0;
}

int tasnif_model_load_mem(const void *data, size_t len, tasnif_model **out, tasnif_err *err)
{
    if (!data || !out)
        return err_set(err, TASNIF_EARG, NULL, 0, 0, "tasnif_model_load_mem: invalid argument");
    if (len < 32)
        return err_set(err, TASNIF_EMODEL, "<memory>", 0, 0, "not a tasnif model (only %zu bytes)", len);
    /* a private, aligned copy: the caller's bytes may change or go away */
    void *buf = NULL;
    if (posix_memalign(&buf, 64, len) != 0)
        return err_set(err, TASNIF_ENOMEM, "<memory>", 0, 0, "out of memory");
    memcpy(buf, data, len);
    int rc = model_parse(buf, len, "<memory>", out, err);
    if (rc < 0)
        free(buf);
    return rc;
}
