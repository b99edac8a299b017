/*
 * fuzz_corpus.c - every corpus reader (TSV, fastText, JSON Lines, CSV,
 * auto detection, unlabelled lines) on arbitrary bytes, with the field
 * options (text, title, label and id fields by name, dotted path or CSV
 * column; TSV ids; no header row; label sets) chosen by the first byte.
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

/* The field options the first byte picks (the byte stays part of the input). */
static corpus_spec pick_spec(const uint8_t *data, size_t size, int *multi)
{
    static const char *const texts[] = {NULL, "body", "a.b,text", "2", "body,headline"};
    static const char *const labels[] = {NULL, "section", "m.l", "1"};
    unsigned b = size ? data[0] : 0;
    corpus_spec sp = {0};
    sp.text_fields = texts[b % 5];
    sp.title_field = b & 8 ? "headline" : NULL;
    sp.label_field = labels[(b >> 4) % 4];
    sp.id_field = b & 64 ? "m.id" : NULL;
    sp.tsv_id = (b & 3) == 3;
    sp.no_header = (b & 0x81) == 0x81;
    *multi = (b & 0x84) == 0x84;
    return sp;
}

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
    static const corpus_format fmts[] = {CORPUS_AUTO, CORPUS_TSV, CORPUS_FASTTEXT, CORPUS_JSONL, CORPUS_LINES, CORPUS_CSV};
    int multi;
    corpus_spec sp = pick_spec(data, size, &multi);
    for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++)
        for (int labels = 0; labels < 2; labels++) {
            corpus *c = NULL;
            tasnif_err err;
            if (corpus_open(path, fmts[f], labels, 4096, &c, &err) < 0)
                continue;
            corpus_set_spec(c, &sp);
            if (multi && labels)
                corpus_set_multi(c, ',');
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
                    if (d.id && (!d.id[0] || utf8_check(d.id, strlen(d.id), NULL) != 0))
                        abort(); /* ids are valid UTF-8, never empty */
                    for (const char *p = d.id; p && *p; p++)
                        if ((unsigned char)*p < 0x20)
                            abort(); /* nor hold a control character */
                } else if (rc == TASNIF_EIO || rc == TASNIF_ENOMEM)
                    break;
                docs++;
            }
            corpus_close(c);
        }
    close(fd);
    return 0;
}
