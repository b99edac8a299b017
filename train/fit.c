/*
 * fit.c - the training driver: corpus files in, labelled sparse matrix and
 * feature space out; then a trained model with its summary.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <linear.h>
#include "train.h"

void train_set_finish(train_set *ts)
{
    csr_finish(&ts->x);
    free(ts->y);
    free(ts->set_ptr);
    free(ts->set_idx);
    for (int i = 0; ts->labels && i < ts->nlabels; i++)
        free(ts->labels[i]);
    free(ts->labels);
    free(ts->label_docs);
    free(ts->source);
    free(ts->where);
    free(ts->words);
    free(ts->text);
    arena_finish(&ts->notes);
    if (ts->has_raw)
        feat_raw_finish(&ts->raw);
    memset(ts, 0, sizeof *ts);
}

static int cmp_label_ptr(const void *a, const void *b)
{
    return strcmp(**(char *const *const *)a, **(char *const *const *)b);
}


/* The id of one label, added when new. */
static int take_label(const fit_opts *o, vocab *labels, size_t *nlab_seen, const char *label, size_t label_len,
                      const char *file, long line, tasnif_err *err)
{
    feat_term lt = {hash_bytes(label, label_len, 'l'), label, (uint32_t)label_len, 1, 'l'};
    int64_t lid = vocab_add(labels, &lt);
    if (lid < 0)
        return err_set(err, (int)lid, NULL, 0, 0, "out of memory");
    if ((size_t)lid >= *nlab_seen) {
        *nlab_seen = (size_t)lid + 1;
        /* --max-labels, never past LABELS_MAX (what a model may hold) */
        int limit = o->max_labels > 0 && o->max_labels < LABELS_MAX ? o->max_labels : LABELS_MAX;
        if (*nlab_seen > (size_t)limit)
            return err_set(err, TASNIF_ELIMIT, file, line, 0, "more than %d distinct labels (%s)", limit,
                           limit == o->max_labels ? "--max-labels" : "the most a model may have");
    }
    return (int)lid;
}

/* The labels of one document: its one label, or its set (appended to
 * ts->set_idx, its end recorded in ts->set_ptr[ts->n + 1]).  @return the
 * (main) label's id. */
static int take_labels(const fit_opts *o, train_set *ts, vocab *labels, size_t *nlab_seen, size_t *cap,
                       const char *label, size_t label_len, const char *file, long line, tasnif_err *err)
{
    if (!o->multi)
        return take_label(o, labels, nlab_seen, label, label_len, file, line, err);
    if (GROW(ts->set_ptr, cap[0], ts->n + 2) < 0)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    if (ts->n == 0)
        ts->set_ptr[0] = 0;
    size_t at = ts->set_ptr[ts->n];
    int first = -1;
    for (const char *p = label, *end = label + label_len; p <= end;) {
        const char *e = memchr(p, CORPUS_LABEL_SEP, (size_t)(end - p));
        const char *stop = e ? e : end;
        int lid = take_label(o, labels, nlab_seen, p, (size_t)(stop - p), file, line, err);
        if (lid < 0)
            return lid;
        if (first < 0)
            first = lid;
        if (GROW(ts->set_idx, cap[1], at + 1) < 0)
            return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        ts->set_idx[at++] = lid;
        p = stop + 1;
    }
    ts->set_ptr[ts->n + 1] = at;
    return first;
}

/* Fold one extracted document into the training set. */
static int take_doc(const fit_opts *o, train_set *ts, feat_builder *b, vocab *labels, size_t *nlab_seen,
                    size_t *ycap, size_t *wcap, size_t *scap, const feat_term *terms, size_t nterms, const char *label,
                    size_t label_len, const char *text, size_t len, const char *file, long line, tasnif_err *err)
{
    int lid = take_labels(o, ts, labels, nlab_seen, scap, label, label_len, file, line, err);
    if (lid < 0)
        return lid;
    int rc = feat_builder_add(b, terms, nterms);
    if (rc == TASNIF_ELIMIT)
        return err_set(err, rc, file, line, 0, "more than %lld distinct n-grams (--max-vocab)",
                       (long long)o->cfg.max_vocab);
    if (GROW(ts->y, *ycap, ts->n + 1) < 0 || rc < 0)
        return err_set(err, TASNIF_ENOMEM, file, line, 0, "out of memory");
    if (ts->n + 1 > *wcap) {
        size_t c1 = *wcap;
        size_t c2 = *wcap;
        if (GROW(ts->where, c1, ts->n + 1) < 0 || (o->keep_text && GROW(ts->text, c2, ts->n + 1) < 0) ||
            GROW(ts->words, *wcap, ts->n + 1) < 0)
            return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    char where[600];
    if (line > 0)
        snprintf(where, sizeof where, "%s:%ld", file, line);
    else
        snprintf(where, sizeof where, "%s", file);
    size_t wl = len < 120 ? len : 120;
    while (wl < len && wl > 0 && ((unsigned char)text[wl] & 0xC0) == 0x80)
        wl--; /* whole UTF-8 characters */
    ts->where[ts->n] = arena_strndup(&ts->notes, where, strlen(where));
    ts->words[ts->n] = arena_strndup(&ts->notes, text, wl);
    if (o->keep_text && !(ts->text[ts->n] = arena_strndup(&ts->notes, text, len)))
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    if (!ts->where[ts->n] || !ts->words[ts->n])
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    ts->y[ts->n++] = (int)lid;
    return 0;
}

/* A bad document: skip it (and say so) or stop with its error. */
static int bad_doc(const fit_opts *o, train_set *ts, int rc, const tasnif_err *e, tasnif_err *err)
{
    if (o->skip_bad && err_skippable(rc)) {
        ts->skipped++;
        if (o->on_skip)
            o->on_skip(o->skip_user, e);
        return 0;
    }
    if (err)
        *err = *e;
    return rc;
}

typedef struct fit_run {
    const fit_opts *o;
    uint64_t bytes_total;   /* of the regular files among the corpora, 0 if unknown */
    uint64_t bytes_done;
    train_set *ts;
    feat_builder *b;
    vocab *labels;
    size_t *nlab_seen, *ycap, *wcap, *scap;
    tasnif_err *err;
    int unlabelled;         /* reading fit_opts.unlabelled: texts for the space only */
} fit_run;

/*
 * After each batch: the memory training will need, projected from what
 * this much of the corpus took — the builder's tables now, the weighted
 * matrix (12 bytes a non-zero) and the solver's copy (16 bytes a non-zero,
 * 32 a document) later, and the raw counts for cross-validation — must fit
 * in o->max_memory.  A corpus that cannot fit fails here, early, with the
 * estimate, instead of by the kernel's out-of-memory killer hours later.
 */
static int fit_batch_end(void *user, const feat_batch *batch)
{
    fit_run *r = user;
    r->bytes_done += feat_batch_bytes(batch);
    if (r->o->progress) {
        progress_event e = {"reading", "bytes", r->bytes_done, r->bytes_total, r->ts->n, 0, NULL};
        r->o->progress(r->o->progress_user, &e);
    }
    if (r->o->max_memory <= 0 || r->bytes_done == 0)
        return 0;
    double scale = r->bytes_total > r->bytes_done ? (double)r->bytes_total / (double)r->bytes_done : 1.0;
    double nnz = (double)feat_builder_nnz(r->b) * scale, docs = (double)r->ts->n * scale;
    double need = (double)feat_builder_bytes(r->b) * scale + nnz * (12.0 + 16.0 + (r->o->keep_raw ? 12.0 : 0)) +
                  docs * 48.0;
    if (need <= r->o->max_memory)
        return 0;
    return err_set(r->err, TASNIF_ELIMIT, r->ts->source, 0, 0,
                   "after %.1f MB of %.1f MB of text, training is projected to need about %.1f MB, more than the "
                   "%.1f MB allowed (--max-memory; by default the memory available): use %s--hash-bits B, "
                   "--max-features N or a higher --min-df to make the features smaller, or train on fewer documents",
                   (double)r->bytes_done / 1048576.0, (double)(r->bytes_total ? r->bytes_total : r->bytes_done) / 1048576.0,
                   need / 1048576.0, r->o->max_memory / 1048576.0,
                   r->o->cfg.char_max ? "--char-ngrams 0 (no character n-grams), " : "");
}

static int fit_doc(void *user, const feat_batch *batch, size_t i, int rc, const tasnif_err *e)
{
    fit_run *r = user;
    if (rc < 0)
        return bad_doc(r->o, r->ts, rc, e, r->err);
    const feat_term *terms;
    const tasnif_err *unused;
    size_t nterms, len, label_len;
    const char *text, *label, *file;
    long line;
    feat_batch_doc(batch, i, &text, &len, &label, &label_len, &file, &line);
    feat_batch_result(batch, i, &terms, &nterms, &unused);
    if (r->unlabelled) { /* its n-grams count for the space, no label, no row of the training set */
        rc = feat_builder_add(r->b, terms, nterms);
        if (rc == TASNIF_ELIMIT)
            return err_set(r->err, rc, file, line, 0, "more than %lld distinct n-grams (--max-vocab)",
                           (long long)r->o->cfg.max_vocab);
        if (rc < 0)
            return err_set(r->err, TASNIF_ENOMEM, file, line, 0, "out of memory");
        r->ts->unlabelled++;
        return 0;
    }
    return take_doc(r->o, r->ts, r->b, r->labels, r->nlab_seen, r->ycap, r->wcap, r->scap, terms, nterms, label, label_len,
                    text, len, file, line, r->err);
}

/* Number the labels in bytewise order (ts->labels), renumber ts->y and
 * the label sets from labels' order of appearance, and count each
 * label's documents. */
static int sort_labels(train_set *ts, const vocab *labels, tasnif_err *err)
{
    int k = (int)labels->n;
    char **names = calloc((size_t)k, sizeof *names);
    char ***order = calloc((size_t)k, sizeof *order);
    int *remap = calloc((size_t)k, sizeof *remap);
    ts->label_docs = calloc((size_t)k, sizeof *ts->label_docs);
    if (!names || !order || !remap || !ts->label_docs) {
        free(names);
        free(order);
        free(remap);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (int i = 0; i < k; i++) {
        uint32_t len;
        const char *key = vocab_key(labels, (size_t)i, &len);
        names[i] = strndup(key + 1, len - 1);
        order[i] = &names[i];
    }
    qsort(order, (size_t)k, sizeof *order, cmp_label_ptr);
    ts->labels = calloc((size_t)k, sizeof *ts->labels);
    for (int i = 0; i < k; i++) {
        remap[order[i] - names] = i;
        if (ts->labels)
            ts->labels[i] = *order[i];
        else
            free(*order[i]); /* out of memory: reported below */
    }
    free(order);
    free(names);
    ts->nlabels = k;
    for (size_t i = 0; i < ts->n; i++) {
        ts->y[i] = remap[ts->y[i]];
        if (!ts->multi)
            ts->label_docs[ts->y[i]]++;
    }
    for (size_t t = 0; ts->multi && t < ts->set_ptr[ts->n]; t++) {
        ts->set_idx[t] = remap[ts->set_idx[t]];
        ts->label_docs[ts->set_idx[t]]++;
    }
    free(remap);
    for (int i = 0; i < k; i++)
        if (!ts->labels || !ts->labels[i])
            return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    return 0;
}

/* Every corpus of o->paths read into the run's builder, each path added to the training set's source;
 * @return 0 or an error. */
static int read_corpora(const fit_opts *o, feat_batch *batch, fit_run *run, tasnif_err *err)
{
    train_set *ts = run->ts;
    for (int pi = 0; pi < o->npaths; pi++) {
        if (pi)
            strcat(ts->source, " ");
        /* the names as printable text: fit_corpus sized the buffer for it */
        text_printable(o->paths[pi], ts->source + strlen(ts->source), 4 * strlen(o->paths[pi]) + 1);
        corpus *c = NULL;
        int rc = corpus_open(o->paths[pi], o->format, 1, o->max_line, &c, err);
        if (rc < 0)
            return rc;
        if (o->multi)
            corpus_set_multi(c, o->label_sep);
        rc = corpus_stream(c, batch, 2048, 32u << 20, fit_doc, fit_batch_end, run, err);
        corpus_close(c);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The texts of o->unlabelled (any corpus format, labels ignored) read into
 * the run's builder after the labelled documents; @return 0 or an error. */
static int read_unlabelled(const fit_opts *o, feat_batch *batch, fit_run *run, tasnif_err *err)
{
    run->unlabelled = 1;
    feat_builder_unlabelled_from_here(run->b);
    for (int i = 0; i < o->nunlabelled; i++) {
        corpus *c = NULL;
        int rc = corpus_open(o->unlabelled[i], CORPUS_AUTO, 0, o->max_line, &c, err);
        if (rc < 0)
            return rc;
        rc = corpus_stream(c, batch, 2048, 32u << 20, fit_doc, fit_batch_end, run, err);
        corpus_close(c);
        if (rc < 0)
            return rc;
    }
    run->unlabelled = 0;
    return 0;
}

/* The weighted rows of the unlabelled texts (after the labelled) dropped
 * from ts->x once the space is fitted. */
static void drop_unlabelled(train_set *ts)
{
    ts->x.rows = ts->n;
    ts->x.nnz = ts->x.rowptr[ts->n];
}

/* Refuse a corpus with no documents or a single label; @return 0 or TASNIF_ECORPUS. */
static int check_trainable(const train_set *ts, const vocab *labels, tasnif_err *err)
{
    if (ts->n == 0)
        return err_set(err, TASNIF_ECORPUS, ts->source, 0, 0, ts->skipped ?
                       "every document was bad and skipped: nothing to train on" : "no documents: the corpus is empty");
    if (labels->n < 2) {
        uint32_t len;
        const char *k = vocab_key(labels, 0, &len);
        return err_set(err, TASNIF_ECORPUS, ts->source, 0, 0,
                       "only one label ('%.*s'): a classifier needs at least two", (int)(len - 1), k + 1);
    }
    return 0;
}

/* The LSA basis fitted on the weighted corpus (and the unlabelled texts), and the corpus's rows given their embedding; @return 0 or an
 * error. */
static int fit_lsa(const fit_opts *o, feat_space *fs, train_set *ts, tasnif_err *err)
{
    progress_report(o->progress, o->progress_user, "LSA", "dimensions", 0, (uint64_t)o->cfg.lsa_k);
    double t0 = now_seconds();
    int rc;
    rc = lsa_fit(&ts->x, fs->dim, o->cfg.lsa_k, 10, 2, o->seed, &fs->lsa_proj, &fs->lsa_sv, err);
    if (rc == 0) {
        drop_unlabelled(ts); /* the basis is fitted on them too, the classifier never sees them */
        if ((rc = feat_finalize_rows(fs, &ts->x)) < 0)
            rc = err_set(err, rc, NULL, 0, 0, "out of memory transforming the corpus");
    }
    ts->lsa_seconds = now_seconds() - t0;
    return rc;
}

int fit_corpus(const fit_opts *o, feat_space *fs, train_set *ts, tasnif_err *err)
{
    memset(ts, 0, sizeof *ts);
    memset(fs, 0, sizeof *fs);
    feat_batch *batch = NULL;
    feat_builder *b = NULL;
    vocab labels;           /* label -> id in order of appearance */
    vocab_init(&labels);
    arena_init(&ts->notes);
    size_t ycap = 0, nlab_seen = 0, wcap = 0, scap[2] = {0, 0};
    ts->multi = o->multi;
    int rc = feat_batch_new(&o->cfg, o->threads, &batch, err);
    if (rc < 0)
        goto out;
    feat_batch_share(batch, FEAT_SHARE_ALL); /* each process extracts a block of every batch */
    if ((rc = feat_builder_new(&o->cfg, &b, err)) < 0)
        goto out;
    size_t srclen = 1;
    for (int i = 0; i < o->npaths; i++)
        srclen += 4 * strlen(o->paths[i]) + 1; /* as printable text */
    ts->source = calloc(srclen, 1);
    if (!ts->source) {
        rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    fit_run run = {o, 0, 0, ts, b, &labels, &nlab_seen, &ycap, &wcap, scap, err, 0};
    uint64_t unl_bytes = 0;
    corpus_paths_bytes(o->paths, o->npaths, &run.bytes_total);
    corpus_paths_bytes(o->unlabelled, o->nunlabelled, &unl_bytes);
    run.bytes_total += unl_bytes;
    if ((rc = read_corpora(o, batch, &run, err)) < 0 || (rc = check_trainable(ts, &labels, err)) < 0 ||
        (rc = read_unlabelled(o, batch, &run, err)) < 0 || (rc = sort_labels(ts, &labels, err)) < 0)
        goto out;
    progress_report(o->progress, o->progress_user, "weighting", "documents", 0, ts->n);
    if (o->keep_raw) {
        if (feat_builder_keep_raw(b, &ts->raw) < 0) {
            rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory keeping the raw counts");
            goto out;
        }
        ts->has_raw = 1;
    }
    rc = feat_builder_finish(b, fs, &ts->x, err);
    if (rc == 0 && o->cfg.lsa_k > 0)
        rc = fit_lsa(o, fs, ts, err); /* on the unlabelled texts too */
    else if (rc == 0)
        drop_unlabelled(ts);
out:
    feat_builder_free(b);
    feat_batch_free(batch);
    vocab_finish(&labels);
    if (rc < 0) { /* nothing is left to the caller: the space made so far goes too */
        train_set_finish(ts);
        feat_space_finish(fs);
    }
    return rc < 0 ? rc : 0;
}

/* Copy the labels and their document counts into m; @return 0 or -1 (out of memory). */
static int copy_labels(tasnif_model *m, const train_set *ts)
{
    m->nlabels = ts->nlabels;
    m->labels = calloc((size_t)ts->nlabels, sizeof *m->labels);
    m->label_docs = calloc((size_t)ts->nlabels, sizeof *m->label_docs);
    if (!m->labels || !m->label_docs)
        return -1;
    for (int i = 0; i < ts->nlabels; i++) {
        m->labels[i] = strdup(ts->labels[i]);
        m->label_docs[i] = ts->label_docs[i];
        if (!m->labels[i])
            return -1;
    }
    return 0;
}

int fit_model(const train_params *p, feat_space *fs, const train_set *ts, const char *meta_extra,
              tasnif_model **out, tasnif_err *err)
{
    tasnif_model *m = model_new();
    if (!m)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    m->fs = *fs;
    memset(fs, 0, sizeof *fs);
    if (copy_labels(m, ts) < 0) {
        tasnif_model_free(m);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    double t0 = now_seconds();
    label_sets sets = {ts->set_ptr, ts->set_idx};
    int rc = train_model(p, &ts->x, ts->y, ts->multi ? &sets : NULL, NULL, ts->n, m, err);
    if (rc < 0) {
        tasnif_model_free(m);
        return rc;
    }
    double secs = now_seconds() - t0;
    char when[64];
    time_t now = time(NULL);
    struct tm tmv;
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tmv));
    char *meta = NULL;
    size_t mlen = 0;
    FILE *fp = open_memstream(&meta, &mlen);
    if (!fp) {
        tasnif_model_free(m);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (!p->reproducible)
        fprintf(fp, "created=%s\n", when);
    fprintf(fp, "tasnif_version=%s\n", TASNIF_VERSION);
    if (m->solver == SOLVER_LIBLINEAR)
        fprintf(fp, "solver=liblinear\nliblinear_version=%d\nliblinear_solver=%d\nscheme=%s\n", liblinear_version,
                m->ll_solver, m->scheme == SCHEME_OVR ? "one-vs-rest" : "one-vs-one");
    else
        fprintf(fp, "solver=libsvm\nlibsvm_version=%d\nscheme=one-vs-one\n", libsvm_version);
    if (m->multi)
        fprintf(fp, "multi_label=1\nthreshold_folds=%d\n", ML_THRESHOLD_FOLDS);
    if (m->multi && p->allow_empty)
        fputs("allow_empty=1\n", fp);
    m->allow_empty = m->multi && p->allow_empty;
    fprintf(fp, "corpus=%s\ndocuments=%zu\nskipped=%zu\nnnz=%zu\n", ts->source ? ts->source : "", ts->n, ts->skipped,
            ts->x.nnz);
    if (ts->unlabelled)
        fprintf(fp, "unlabelled_documents=%zu\n", ts->unlabelled);
    if (!p->reproducible)
        fprintf(fp, "solver_seconds=%.3f\n", secs);
    fprintf(fp, "seed=%u\nclass_weight=%s\n", p->seed, p->balanced ? "balanced" : "none");
    char num[32];
    fprintf(fp, "epsilon=%s\n", num_text(m->solver == SOLVER_LIBLINEAR ? p->ll_eps : p->eps, num, sizeof num));
    for (int i = 0; p->label_weight && i < ts->nlabels; i++)
        if (p->label_weight[i] != 1)
            fprintf(fp, "label_weight=%s=%s\n", ts->labels[i], num_text(p->label_weight[i], num, sizeof num));
    if (ts->lsa_seconds > 0 && !p->reproducible)
        fprintf(fp, "lsa_seconds=%.3f\n", ts->lsa_seconds);
    if (meta_extra)
        fputs(meta_extra, fp);
    if (fclose(fp) != 0) {
        tasnif_model_free(m);
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    }
    m->meta = meta;
    /* the weights as stored: training and thresholds used f64 */
    if (p->weights != MODEL_W_F64 && (rc = model_set_weights(m, p->weights)) < 0) {
        tasnif_model_free(m);
        return err_set(err, rc, NULL, 0, 0, rc == TASNIF_ENOMEM ? "out of memory" : "--weights applies to linear models");
    }
    *out = m;
    return 0;
}
