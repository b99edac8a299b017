/*
 * fuzz_compressed.c - the gzip and zstd readers (features/source.c) under
 * the corpus reader.  The input itself is read as a corpus (a crafted
 * stream when it starts with gzip's or zstd's magic bytes); then the rest
 * of the input after its first byte is compressed with gzip (first byte
 * odd) or zstd (even): the whole stream must give exactly the documents of
 * the plain bytes, and every cut of it (the first byte picks where) either
 * the same documents or fewer, ending with an error, never a crash, a hang
 * or more memory than one line.
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
#include <zlib.h>
#include <zstd.h>
#include "../../train/train.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct outcome {
    uint64_t hash;  /* of every document's line and text, in order */
    long docs;
    int last;       /* the last code corpus_next returned (0: the end) */
} outcome;

/* Read bytes [0, n) as unlabelled lines. */
static outcome read_lines(const void *bytes, size_t n)
{
    outcome o = {1469598103934665603ULL, 0, 0};
    int fd = memfd_create("fuzz", 0);
    if (fd < 0 || write(fd, bytes, n) != (ssize_t)n) {
        if (fd >= 0)
            close(fd);
        o.last = -1000;
        return o;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    corpus *c = NULL;
    tasnif_err err;
    if (corpus_open(path, CORPUS_LINES, 0, 4096, &c, &err) < 0) {
        close(fd);
        o.last = err.code;
        return o;
    }
    corpus_doc d;
    int rc;
    while ((rc = corpus_next(c, &d, &err)) != 0 && o.docs < 100000) {
        o.last = rc;
        if (rc == TASNIF_EIO || rc == TASNIF_ENOMEM)
            break;
        if (rc > 0) {
            for (size_t i = 0; i < d.len; i++)
                o.hash = (o.hash ^ (unsigned char)d.text[i]) * 1099511628211ULL;
            o.hash = (o.hash ^ (uint64_t)d.line) * 1099511628211ULL;
        }
        o.docs++;
    }
    if (rc == 0)
        o.last = 0;
    corpus_close(c);
    close(fd);
    return o;
}

/* s[0..n) as a gzip (gz) or zstd stream into *out; @return its length or 0. */
static size_t pack(const uint8_t *s, size_t n, int gz, uint8_t **out)
{
    size_t cap = gz ? n + n / 1000 + 64 : ZSTD_compressBound(n);
    if (!(*out = malloc(cap)))
        return 0;
    if (!gz) {
        size_t r = ZSTD_compress(*out, cap, s, n, 1);
        return ZSTD_isError(r) ? 0 : r;
    }
    z_stream z = {0};
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return 0;
    z.next_in = (Bytef *)s;
    z.avail_in = (uInt)n;
    z.next_out = *out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    size_t len = cap - z.avail_out;
    deflateEnd(&z);
    return rc == Z_STREAM_END ? len : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_lines(data, size); /* crafted streams: anything but a crash */
    if (size < 1 || size > (1 << 20))
        return 0;
    const uint8_t *plain = data + 1;
    size_t n = size - 1;
    /* plain text that itself starts with a magic number would be inflated */
    if (n >= 2 && ((plain[0] == 0x1f && plain[1] == 0x8b) || (n >= 4 && memcmp(plain, "\x28\xb5\x2f\xfd", 4) == 0)))
        return 0;
    uint8_t *z = NULL;
    size_t zlen = pack(plain, n, data[0] & 1, &z);
    if (zlen) {
        outcome want = read_lines(plain, n), got = read_lines(z, zlen);
        if (got.docs != want.docs || got.hash != want.hash || got.last != want.last)
            abort(); /* the compressed stream reads as the plain bytes */
        size_t cut = zlen * data[0] / 256;
        outcome part = read_lines(z, cut);
        /* (a cut inside the magic bytes is plain text, and read as such) */
        if (cut >= 4 && part.docs > want.docs)
            abort(); /* a cut stream never invents documents */
        if (cut >= 4 && part.last == 0)
            abort(); /* and never ends quietly: its last read is an error */
    }
    free(z);
    return 0;
}
