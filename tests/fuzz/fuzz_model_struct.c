/*
 * fuzz_model_struct.c - the model loader past its checksum: a real model
 * split into sections, edited by the input's operations (struct.h), put
 * together with a fresh CRC, loaded, and when it loads, used the way the
 * commands use it (classify, rank, describe).
 */
#include "struct.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tasnif_model *m = fm_load(data, size);
    if (!m)
        return 0;
    tasnif_err err;
    static const char *texts[] = {"truce talks aid", "\xd9\x87\xd8\xaf\xd9\x86\xd8\xa9 \xd9\x88\xd9\x82\xd9\x81", "",
                                  "ceasefire escalation humanitarian aid convoy shelling"};
    tasnif_score s[8];
    for (int i = 0; i < 4; i++) {
        int n = tasnif_classify(m, texts[i], strlen(texts[i]), s, 8, &err);
        for (int j = 0; j < n; j++)
            if (!s[j].label || s[j].index < 0 || s[j].index >= m->nlabels)
                abort();
    }
    /* what `tasnif info` reads */
    volatile size_t sink = strlen(m->labels[m->nlabels - 1]) + (size_t)m->label_docs[0] + m->fs.dim;
    if (m->fs.cfg.lsa_k)
        sink += (size_t)(m->fs.lsa_sv[0] > 0);
    (void)sink;
    tasnif_model_free(m);
    return 0;
}
