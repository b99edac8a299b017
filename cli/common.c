/*
 * common.c - error reporting and option parsers shared by the commands
 * (progress: progress.c; CI systems: ci.c).
 */
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"

/* A note about the input, as the readers report one. */
static void corpus_note(void *user, const char *file, long line, const char *msg)
{
    (void)user;
    cli_progress_done();
    fprintf(stderr, "tasnif: %s:%ld: note: %s\n", file, line, msg);
}

corpus_spec cli_spec = {.note = corpus_note};

int cli_corpus_spec_check(const cmd_spec *cmd, int fmt)
{
    static const char *const fields[] = {"text-field", "title-field", "label-field", "id-field"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (opts_given(cmd, fields[i]) && fmt != CORPUS_AUTO && fmt != CORPUS_JSONL && fmt != CORPUS_CSV)
            return opts_usage_error(cmd, "--%s names a JSON Lines key or a CSV column: it does not go with %s", fields[i],
                                    fmt < 0 ? "whole files as documents" : corpus_format_name((corpus_format)fmt));
    if (cli_spec.tsv_id && fmt != CORPUS_AUTO && fmt != CORPUS_TSV)
        return opts_usage_error(cmd, "--id-column is for TSV lines (id<TAB>label<TAB>text), not %s",
                                fmt < 0 ? "whole files as documents" : corpus_format_name((corpus_format)fmt));
    return -1;
}

int cli_output_stdout(const cmd_spec *cmd, const char *opt, const char *path, const char *what, int binary,
                      const char *busy)
{
    if (!path || strcmp(path, "-") != 0)
        return -1;
    if (busy)
        return opts_usage_error(cmd, "%s -: standard output carries %s; write the %s to a file", opt, busy, what);
    if (binary && isatty(STDOUT_FILENO))
        return opts_usage_error(cmd, "%s -: standard output is a terminal; redirect it (%s - > FILE) or name the %s "
                                "file", opt, opt, what);
    return -1;
}

const char *cli_output_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "standard output" : path;
}

int cli_model_open(cli_model *cm, const char *path)
{
    tasnif_err err = {0};
    memset(cm, 0, sizeof *cm);
    if (tasnif_model_load(path, &cm->m, &err) < 0)
        return cli_fail(&err);
    if (feat_ctx_new(&cm->m->fs.cfg, &cm->ctx, &err) < 0) {
        cli_model_close(cm);
        return cli_fail(&err);
    }
    if (model_scratch_init(&cm->sc, cm->m) < 0) {
        cli_model_close(cm);
        fprintf(stderr, "tasnif: out of memory\n");
        return EXIT_FAIL;
    }
    return -1;
}

void cli_model_close(cli_model *cm)
{
    model_scratch_finish(&cm->sc);
    feat_ctx_free(cm->ctx);
    tasnif_model_free(cm->m);
    memset(cm, 0, sizeof *cm);
}

static void on_signal(int sig)
{
    /* async-signal-safe only: unlink, signal, raise */
    file_tmp_cleanup();
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_cleanup_on_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old, sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
}

int cli_model_corpus_args(const cmd_spec *cmd, const char *model_path, int first, int argc, const char *what,
                          const char *input_format, int *fmt)
{
    if (!model_path)
        return opts_usage_error(cmd, "no model: give -m MODEL");
    if (first >= argc)
        return opts_usage_error(cmd, "no %s given", what);
    *fmt = corpus_format_parse(input_format);
    if (*fmt < 0 || *fmt == CORPUS_LINES)
        return opts_usage_error(cmd, "unknown --input-format '%s'", input_format);
    return -1;
}

int cli_check_output(const char *path, const char *other, const char *in1, const char *in2, char *const *files,
                     int nfiles)
{
    const char **in = malloc(((size_t)nfiles + 2) * sizeof *in);
    if (!in) {
        fprintf(stderr, "tasnif: out of memory\n");
        return EXIT_FAIL;
    }
    int n = 0;
    if (in1)
        in[n++] = in1;
    if (in2)
        in[n++] = in2;
    for (int i = 0; i < nfiles; i++)
        in[n++] = files[i];
    tasnif_err err = {0};
    int rc = file_check_output(path, in, n, other, &err);
    free(in);
    return rc < 0 ? cli_fail(&err) : -1;
}

char *cli_names(const char *const *paths, int n)
{
    size_t cap = 1;
    for (int i = 0; i < n; i++)
        cap += 4 * strlen(strcmp(paths[i], "-") ? paths[i] : "<stdin>") + 2;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    size_t at = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (i)
            at += (size_t)snprintf(out + at, cap - at, ", ");
        text_printable(strcmp(paths[i], "-") ? paths[i] : "<stdin>", out + at, cap - at);
        at += strlen(out + at);
    }
    return out;
}

int cli_parse_kernel(const opt_def *o, const char *arg, char *why, size_t whylen)
{
    static const char *names[] = {"linear", "poly", "rbf", "sigmoid"};
    for (int i = 0; i < 4; i++)
        if (strcmp(arg, names[i]) == 0 || (arg[0] == '0' + i && arg[1] == '\0')) {
            *(int *)o->dest = i;
            return 0;
        }
    snprintf(why, whylen, "--%s: invalid value '%s' (linear, poly, rbf, sigmoid or 0-3)", o->name, arg);
    return -1;
}

int cli_parse_bool01(const opt_def *o, const char *arg, char *why, size_t whylen)
{
    if (strcmp(arg, "0") && strcmp(arg, "1")) {
        snprintf(why, whylen, "--%s must be 0 or 1, not '%s'", o->name, arg);
        return -1;
    }
    *(int *)o->dest = arg[0] == '1';
    return 0;
}

int cli_parse_range(const opt_def *o, const char *arg, char *why, size_t whylen)
{
    int *r = o->dest;
    char a[32], b[32] = "";
    const char *dash = strpbrk(arg, "-:");
    size_t al = dash ? (size_t)(dash - arg) : strlen(arg);
    double lo, hi;
    int ok = al < sizeof a && (!dash || strlen(dash + 1) < sizeof b);
    if (ok) {
        memcpy(a, arg, al);
        a[al] = '\0';
        if (dash)
            strcpy(b, dash + 1);
    }
    if (ok && !dash && strcmp(a, "0") == 0) {
        r[1] = 0; /* none */
        return 0;
    }
    if (ok && opts_number(o, a, arg, &lo, why, whylen) == 0 && (!dash || opts_number(o, b, arg, &hi, why, whylen) == 0)) {
        if (!dash) {
            r[0] = r[0] > 0 && r[0] <= (int)lo ? r[0] : 1;
            r[1] = (int)lo;
            return 0;
        }
        if (lo <= hi) {
            r[0] = (int)lo;
            r[1] = (int)hi;
            return 0;
        }
    }
    snprintf(why, whylen, "--%s must be N or MIN-MAX with orders from %.0f to %.0f, MIN <= MAX (0 = none), not '%s'",
             o->name, o->min, o->max, arg);
    return -1;
}

double cli_available_memory(void)
{
    /* MemAvailable counts the page cache the kernel can give back; read
     * with open/read: failing here is no error, only no estimate */
    char buf[4096];
    double kb = 0;
    int fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        buf[n > 0 ? n : 0] = '\0';
        const char *p = strstr(buf, "MemAvailable:");
        if (p)
            kb = strtod(p + 13, NULL);
    }
    if (kb > 0)
        return kb * 1024.0;
    long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (double)pages * (double)size : 0;
}

/* ---- the feature parameters as options ---- */

void cli_feature_resolve(feat_config *cfg, int multi, int orders_given, char *const *paths, int npaths)
{
    if (cfg->feature_mode < 0)
        cfg->feature_mode = cfg->lsa_k ? FEAT_BOTH : FEAT_SPARSE;
    if (cfg->hash_bits)
        cfg->lead_apart = 0; /* a bucket holds any family: one norm */
    feat_config lead;
    feat_config_defaults(&lead);
    if (multi)
        feat_config_defaults_labelsets(&lead);
    if (cfg->lead_ngrams < 0)
        cfg->lead_ngrams = lead.lead_ngrams;
    uint64_t text_bytes;
    if (!orders_given &&
        corpus_paths_bytes((const char *const *)paths, npaths, ((uint64_t)FEAT_LARGE_TEXT_MB << 20) + 1, &text_bytes) &&
        text_bytes > (uint64_t)FEAT_LARGE_TEXT_MB << 20)
        feat_config_defaults_large(cfg);
}

/* --flag N for an int64_t field */
static int parse_int64(const opt_def *o, const char *arg, char *why, size_t whylen)
{
    double v;
    if (opts_number(o, arg, NULL, &v, why, whylen) < 0)
        return -1;
    *(int64_t *)o->dest = (int64_t)v;
    return 0;
}

/* --flag NAME for an FP_CHOICE parameter (o->value: its index) */
static int parse_choice(const opt_def *o, const char *arg, char *why, size_t whylen)
{
    size_t n;
    const feat_param *p = &feat_params(&n)[o->value];
    char list[128] = "";
    for (int i = 0; p->names[i]; i++) {
        if (strcmp(arg, p->names[i]) == 0) {
            *(int *)o->dest = i;
            return 0;
        }
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", i == 0 ? "" : p->names[i + 1] ? ", " : " or ", p->names[i]);
    }
    snprintf(why, whylen, "--%s must be %s, not '%s'", o->name, list, arg);
    return -1;
}

size_t cli_feature_opts(opt_def *out, size_t cap, feat_config *cfg)
{
    static char texts[64][48];
    feat_config d;
    feat_config_defaults(&d);
    size_t n, k = 0;
    const feat_param *p = feat_params(&n);
    for (size_t i = 0; i < n && k < cap && k < 64; i++) {
        if (p[i].kind == FP_ORDERS_MAX)
            continue;
        opt_def *o = &out[k];
        memset(o, 0, sizeof *o);
        o->name = p[i].flag;
        o->dest = (char *)cfg + p[i].off;
        o->value = (int)i;
        o->arg = p[i].arg;
        o->help = p[i].help;
        o->min = (double)p[i].min;
        o->max = (double)p[i].max;
        if (p[i].kind == FP_ON || p[i].kind == FP_OFF) {
            o->type = OPT_SET;
            o->value = p[i].kind == FP_ON;
            o->min = o->max = 0;
            k++;
            continue;
        }
        char *def = texts[k];
        feat_param_text(&d, &p[i], def, sizeof texts[k]);
        if (p[i].zero && strcmp(def, "0") == 0)
            snprintf(def, sizeof texts[k], "0 (%s)", p[i].zero);
        else if (p[i].zero) {
            size_t l = strlen(def);
            snprintf(def + l, sizeof texts[k] - l, "; 0 = %s", p[i].zero);
        }
        o->def = p[i].kind == FP_CHOICE ? NULL : def;
        if (p[i].kind == FP_ORDERS_MIN) {
            o->type = OPT_CALL;
            o->fn = cli_parse_range;
            o->flags = OPT_WHOLE;
        } else if (p[i].kind == FP_CHOICE) {
            o->type = OPT_CALL;
            o->fn = parse_choice;
            o->min = o->max = 0;
        } else if (p[i].is64) {
            o->type = OPT_CALL;
            o->fn = parse_int64;
            o->flags = OPT_WHOLE;
        } else
            o->type = OPT_INT;
        k++;
    }
    return k;
}

void cli_training_opts(opt_def *out, size_t cap, const opt_def *head, feat_config *cfg, opt_fn orders,
                       const opt_def *tail)
{
    size_t k = 0, ntail = 0;
    while (tail[ntail].name)
        ntail++;
    for (const opt_def *o = head; o->name; o++)
        out[k++] = *o;
    size_t nf = cli_feature_opts(out + k, cap - k - ntail - 1, cfg);
    for (size_t i = k; i < k + nf; i++)
        if (strcmp(out[i].name, "word-ngrams") == 0 || strcmp(out[i].name, "char-ngrams") == 0)
            out[i].fn = orders;
    k += nf;
    for (const opt_def *o = tail; o->name; o++)
        out[k++] = *o;
    memset(&out[k], 0, sizeof out[k]);
}
