/*
 * describe.c - the command-line flags that train a model like a given one:
 * the feature flags from its stored configuration (features/params.c) and
 * the solver flags from its decision functions and training summary.
 */
#include <stdarg.h>
#include <string.h>
#include "model.h"

typedef struct out {
    char *buf;
    size_t cap, len;
} out;

static void put(out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(o->buf + (o->len < o->cap ? o->len : o->cap), o->len < o->cap ? o->cap - o->len : 0, fmt, ap);
    va_end(ap);
    o->len += w > 0 ? (size_t)w : 0;
}

/* The value of key in the training summary ("key=value" lines), or NULL;
 * *len receives its length. */
static const char *meta_value(const char *meta, const char *key, size_t *len)
{
    size_t kl = strlen(key);
    for (const char *p = meta; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t ll = nl ? (size_t)(nl - p) : strlen(p);
        if (ll > kl && memcmp(p, key, kl) == 0 && p[kl] == '=') {
            *len = ll - kl - 1;
            return p + kl + 1;
        }
        p = nl ? nl + 1 : NULL;
    }
    return NULL;
}

size_t model_flags(const tasnif_model *m, char *buf, size_t cap)
{
    out o = {buf, cap, 0};
    if (cap)
        buf[0] = '\0';
    if (m->multi)
        put(&o, m->allow_empty ? "--multi-label --allow-empty" : "--multi-label");
    char feat[1024];
    if (feat_config_flags(&m->fs.cfg, m->multi, feat, sizeof feat))
        put(&o, "%s%s", o.len ? " " : "", feat);
    static const char *kernels[] = {"linear", "poly", "rbf", "sigmoid"};
    const struct svm_parameter *p = &m->param;
    char num[32];
    if (m->solver == SOLVER_LIBLINEAR) {
        if (m->scheme == SCHEME_OVO)
            put(&o, "%s--scheme ovo", o.len ? " " : "");
        if (m->ll_solver == 1)
            put(&o, "%s--loss squared-hinge", o.len ? " " : "");
    } else if (p->kernel_type == 0)
        put(&o, "%s--solver libsvm", o.len ? " " : "");
    if (p->kernel_type > 0 && p->kernel_type < 4) {
        put(&o, "%s-t %s -g %s", o.len ? " " : "", kernels[p->kernel_type], num_text(p->gamma, num, sizeof num));
        if (p->kernel_type == 1 && p->degree != SOLVER_DEF_DEGREE)
            put(&o, " -d %d", p->degree);
        if ((p->kernel_type == 1 || p->kernel_type == 3) && p->coef0 != SOLVER_DEF_COEF0)
            put(&o, " -r %s", num_text(p->coef0, num, sizeof num));
    }
    if (p->C != SOLVER_DEF_C)
        put(&o, "%s-c %s", o.len ? " " : "", num_text(p->C, num, sizeof num));
    size_t vl;
    const char *cw = meta_value(m->meta, "class_weight", &vl);
    int balanced = cw && vl == 8 && memcmp(cw, "balanced", 8) == 0;
    if (cw && balanced == m->multi) /* the default: balanced for one label a document */
        put(&o, "%s--class-weight %s", o.len ? " " : "", balanced ? "balanced" : "none");
    for (const char *w = m->meta; (w = w ? strstr(w, "\nlabel_weight=") : NULL) != NULL; w++) {
        const char *v = w + strlen("\nlabel_weight="), *nl = strchr(v, '\n');
        put(&o, "%s-w %.*s", o.len ? " " : "", (int)(nl ? (size_t)(nl - v) : strlen(v)), v);
    }
    if (m->has_prob)
        put(&o, "%s-b 1", o.len ? " " : "");
    const char *v = meta_value(m->meta, "epsilon", &vl);
    const char *def = m->solver == SOLVER_LIBLINEAR ? FEAT_STR(SOLVER_DEF_EPS_LINEAR) : FEAT_STR(SOLVER_DEF_EPS_SVM);
    if (v && (vl != strlen(def) || memcmp(v, def, vl) != 0))
        put(&o, "%s-e %.*s", o.len ? " " : "", (int)vl, v);
    if ((v = meta_value(m->meta, "seed", &vl)) && (vl != strlen(FEAT_STR(SOLVER_DEF_SEED)) ||
                                                   memcmp(v, FEAT_STR(SOLVER_DEF_SEED), vl) != 0))
        put(&o, "%s--seed %.*s", o.len ? " " : "", (int)vl, v);
    return o.len;
}
