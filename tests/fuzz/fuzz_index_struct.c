/*
 * fuzz_index_struct.c - index files (a model with a DOCS section) past
 * their checksum: edited as struct.h describes, loaded, opened as an
 * index and searched.
 */
#include "struct.h"
#include "../../predict/index.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tasnif_model *m = fm_load(data, size);
    if (!m)
        return 0;
    tasnif_err err;
    doc_index ix;
    if (index_open(m, "fuzz", &ix, &err) == 0) {
        int k = ix.k;
        float *q = calloc((size_t)k, sizeof *q);
        q[0] = 1;
        index_hit hits[4];
        int found;
        if (index_search(&ix, q, 1, 4, hits, &found) == 0)
            for (int i = 0; i < found; i++) {
                if (hits[i].doc >= ix.n || !isfinite(hits[i].score))
                    abort();
                if (utf8_check(ix.ref[hits[i].doc], ix.ref_len[hits[i].doc], NULL) < 0)
                    abort(); /* references were checked at open */
            }
        free(q);
        index_close(&ix);
    }
    tasnif_model_free(m);
    return 0;
}
