/*
 * fuzz_model.c - the model loader on arbitrary bytes, and on a real model
 * with the fuzzer's bytes written over part of it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../models/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void try_parse(const void *p, size_t n)
{
    char *buf = malloc(n ? n : 1);
    memcpy(buf, p, n);
    tasnif_model *m = NULL;
    tasnif_err err;
    if (model_parse(buf, n, "fuzz", &m, &err) == 0) {
        /* a model that loads must classify without faults */
        tasnif_score s[4];
        tasnif_classify(m, "truce talks aid", 15, s, 4, &err);
        tasnif_model_free(m);
    } else
        free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try_parse(data, size);
    return 0;
}
