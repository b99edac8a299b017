/*
 * solver.c - the one entry to training for every model kind: label sets
 * (one liblinear classifier per label with thresholds, multilabel.c),
 * linear models through liblinear (linear.c), kernels and one-vs-one
 * C-SVC through libsvm (svm.c).  Fitting a corpus (fit.c) and every fold
 * of cross-validation (cv.c) train through it.
 */
#include <stdlib.h>
#include "train.h"

int train_model(const train_params *p, const csr *x, const int *y, const label_sets *sets, const size_t *rows,
                size_t n, tasnif_model *m, tasnif_err *err)
{
    if (train_check_nlabels(m, err) < 0)
        return TASNIF_ELIMIT;
    int rc = train_check_memory(p, x, n, m, sets != NULL, err);
    if (rc < 0)
        return rc;
    if (sets)
        return train_multilabel(p, x, y, sets, rows, n, ML_THRESHOLD_FOLDS, m, err);
    if (p->solver != SOLVER_LIBLINEAR || p->kernel != LINEAR) {
        model_clear_classifiers(m);
        return train_svm(p, x, y, rows, n, m, NULL, err);
    }
    double *cw = malloc((size_t)m->nlabels * sizeof *cw);
    if (!cw)
        return err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    rc = train_class_weights(p, y, rows, n, m, cw, err);
    if (rc == 0)
        rc = train_linear(p, x, y, NULL, rows, n, cw, m, err);
    free(cw);
    return rc;
}
