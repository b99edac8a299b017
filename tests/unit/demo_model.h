/*
 * demo_model.h - the unit tests' trained models: train_to(corpus, multi,
 * path) trains a model with the defaults on a demo corpus (label sets when
 * multi) through the library's internals and saves it at path, checking
 * each step.  Include after check.h.
 */
#ifndef TASNIF_TEST_DEMO_MODEL_H
#define TASNIF_TEST_DEMO_MODEL_H

#include "../../train/train.h"

/* @return 0, or the error code (a failed check printed). */
static int train_to(const char *corpus, int multi, const char *path)
{
    const char *paths[1] = {corpus};
    fit_opts fo = {.paths = paths, .npaths = 1, .multi = multi, .label_sep = ',', .threads = 1, .seed = 1};
    feat_config_defaults(&fo.cfg);
    train_params p;
    train_params_defaults(&p);
    feat_space fs;
    train_set ts;
    tasnif_err err = {0};
    tasnif_model *m = NULL;
    int rc = fit_corpus(&fo, &fs, &ts, &err);
    if (rc == 0)
        rc = fit_model(&p, &fs, &ts, "", &m, &err);
    if (rc == 0)
        rc = model_save(m, path, &err);
    check(rc == 0, "training %s: %s", corpus, err.msg);
    tasnif_model_free(m);
    train_set_finish(&ts);
    return rc;
}

#endif
