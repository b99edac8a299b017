/*
 * fuzz_corpus.c - every corpus reader (TSV, fastText, JSON Lines, auto
 * detection, unlabelled lines) on arbitrary bytes.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "../../train/train.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    static const corpus_format fmts[] = {CORPUS_AUTO, CORPUS_TSV, CORPUS_FASTTEXT, CORPUS_JSONL, CORPUS_LINES};
    for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++)
        for (int labels = 0; labels < 2; labels++) {
            corpus *c = NULL;
            tasnif_err err;
            if (corpus_open(path, fmts[f], labels, 4096, &c, &err) < 0)
                continue;
            corpus_doc d;
            int rc, docs = 0;
            while ((rc = corpus_next(c, &d, &err)) != 0 && docs < 100000) {
                if (rc > 0) {
                    if (!d.text || (labels && !d.label))
                        abort();
                    if (memchr(d.text, '\0', d.len))
                        abort(); /* no NUL ever reaches a document */
                    if (d.label && utf8_check(d.label, d.label_len, NULL) != 0)
                        abort(); /* labels are valid UTF-8 */
                } else if (rc == TASNIF_EIO || rc == TASNIF_ENOMEM)
                    break;
                docs++;
            }
            corpus_close(c);
        }
    close(fd);
    return 0;
}
