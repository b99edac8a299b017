/*
 * model_json.c - a model described as one JSON object: what `tasnif info
 * --format json` prints and `tasnif serve` answers on GET /v1/model.
 */
#include <stdlib.h>
#include <string.h>
#include "output.h"

const char *out_kernel_name(int k)
{
    static const char *names[] = {"linear", "poly", "rbf", "sigmoid", "precomputed"};
    return k >= 0 && k <= 4 ? names[k] : "?";
}

/* "key=value\n" lines (text[0..len)) as the members of a JSON object:
 * values as numbers (numbers) or strings.  Lines without '=' are left out.
 * @return 0 or TASNIF_ENOMEM. */
static int key_values(FILE *fp, const char *text, size_t len, int numbers)
{
    fputc('{', fp);
    int first = 1;
    for (const char *next = text, *end = text + len; next < end;) {
        const char *p = next, *nl = memchr(p, '\n', (size_t)(end - p)), *stop = nl ? nl : end;
        const char *eq = memchr(p, '=', (size_t)(stop - p));
        next = nl ? nl + 1 : end;
        if (!eq)
            continue;
        /* the key and the value, each NUL-terminated */
        size_t klen = (size_t)(eq - p), vlen = (size_t)(stop - eq - 1);
        char *key = malloc(klen + vlen + 2);
        if (!key)
            return TASNIF_ENOMEM;
        memcpy(key, p, klen);
        key[klen] = '\0';
        memcpy(key + klen + 1, eq + 1, vlen);
        key[klen + 1 + vlen] = '\0';
        fputs(first ? "" : ",", fp);
        first = 0;
        render_json_string(fp, key);
        fputc(':', fp);
        if (numbers)
            fputs(key + klen + 1, fp);
        else
            render_json_string(fp, key + klen + 1);
        free(key);
    }
    fputc('}', fp);
    return 0;
}

int out_model_json(FILE *fp, const tasnif_model *m, const char *path)
{
    fputs("{\"model\":", fp);
    render_json_string(fp, path);
    fputs(",\"labels\":[", fp);
    for (int i = 0; i < m->nlabels; i++) {
        fputs(i ? ",{\"label\":" : "{\"label\":", fp);
        render_json_string(fp, m->labels[i]);
        fprintf(fp, ",\"training_documents\":%llu", (unsigned long long)m->label_docs[i]);
        if (m->multi) {
            fputs(",\"threshold\":", fp);
            render_json_number(fp, m->thresh[i], -1);
        }
        fputc('}', fp);
    }
    fprintf(fp, "],\"multi_label\":%s,\"kernel\":\"%s\"", m->multi ? "true" : "false",
            out_kernel_name(m->param.kernel_type));
    if (m->param.kernel_type != 0) {
        fputs(",\"gamma\":", fp);
        render_json_number(fp, m->param.gamma, -1);
        fprintf(fp, ",\"degree\":%d,\"coef0\":", m->param.degree);
        render_json_number(fp, m->param.coef0, -1);
    }
    fputs(",\"C\":", fp);
    render_json_number(fp, m->param.C, -1);
    fprintf(fp, ",\"solver\":\"%s\",\"scheme\":\"%s\"", m->solver == SOLVER_LIBLINEAR ? "liblinear" : "libsvm",
            m->scheme == SCHEME_OVR ? "one-vs-rest" : "one-vs-one");
    if (m->solver == SOLVER_LIBLINEAR)
        fprintf(fp, ",\"loss\":\"%s\"",
                m->ll_solver == 3 ? "hinge" : m->ll_solver == 1 ? "squared hinge" : "other");
    fprintf(fp, ",\"classifiers\":%d,\"score_kind\":\"%s\"", m->ndec, m->has_prob ? "probability" : "decision");
    if (m->svm)
        fprintf(fp, ",\"support_vectors\":%d", m->svm->l);
    else
        fprintf(fp, ",\"weights\":\"%s\"", model_weights_name(m->wenc));
    fprintf(fp, ",\"features\":%zu,\"feature_space\":\"%s\",\"flags\":", m->fs.dim,
            m->fs.cfg.hash_bits ? "hashed" : "vocabulary");
    char flags[2048];
    model_flags(m, flags, sizeof flags);
    render_json_string(fp, flags);
    fputs(",\"lsa\":", fp);
    if (m->fs.cfg.lsa_k) {
        static const char *modes[] = {"n-grams", "embedding", "both"};
        fprintf(fp, "{\"dimensions\":%d,\"largest_singular_value\":", m->fs.cfg.lsa_k);
        render_json_number(fp, m->fs.lsa_sv[0], -1);
        fprintf(fp, ",\"model_sees\":\"%s\"}", modes[m->fs.cfg.feature_mode]);
    } else
        fputs("null", fp);
    char *cfg = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&cfg, &n);
    int rc = mem ? feat_config_write(&m->fs.cfg, mem) : TASNIF_ENOMEM;
    if (mem && fclose(mem) != 0)
        rc = TASNIF_ENOMEM;
    fputs(",\"config\":", fp);
    if (rc == 0)
        rc = key_values(fp, cfg, n, 1);
    free(cfg);
    fputs(",\"training\":", fp);
    if (rc == 0)
        rc = key_values(fp, m->meta ? m->meta : "", m->meta ? strlen(m->meta) : 0, 0);
    fputs("}\n", fp);
    return rc;
}
