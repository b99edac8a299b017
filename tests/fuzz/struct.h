/*
 * struct.h - structure-aware mutation of model files for the fuzz targets
 * fuzz_model_struct.c and fuzz_index_struct.c.
 *
 * An input is a model file followed by a small program: the file is the
 * first `size` bytes (the header's total size field), the rest is a
 * sequence of 8-byte operations (a trailer libFuzzer grows by appending).
 * The file is split into its sections (when its framing allows; else it
 * is used whole), the operations edit fields, counts, special numbers,
 * the section order and repetitions, and the file is put together again
 * with its size, CRC-32C and trailer recomputed, so the loader's checks
 * past the checksum are what gets tested.  The seeds are real models,
 * some with operations appended; libFuzzer's own byte mutations of the
 * file part survive too, since the checksum is recomputed.
 */
#ifndef TASNIF_FUZZ_STRUCT_H
#define TASNIF_FUZZ_STRUCT_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../models/model.h"

enum { MAXSEC = 24 };

typedef struct fsec {
    uint32_t tag, reserved;
    char *p;
    size_t n;
} fsec;

typedef struct fmodel {
    uint32_t version;
    int nsec;
    fsec sec[MAXSEC];
} fmodel;

static inline void fm_free(fmodel *f)
{
    for (int i = 0; i < f->nsec; i++)
        free(f->sec[i].p);
    f->nsec = 0;
}

/* Split a file into sections; @return 0, or -1 if its framing is broken. */
static inline int fm_split(const uint8_t *d, size_t n, fmodel *f)
{
    memset(f, 0, sizeof *f);
    if (n < 32)
        return -1;
    memcpy(&f->version, d + 8, 4);
    size_t at = 24;
    while (at + 16 <= n - 8) {
        uint64_t len;
        fsec s;
        memcpy(&s.tag, d + at, 4);
        memcpy(&s.reserved, d + at + 4, 4);
        memcpy(&len, d + at + 8, 8);
        at += 16;
        if (len > n - 8 - at || f->nsec == MAXSEC) {
            fm_free(f);
            return -1;
        }
        s.n = (size_t)len;
        s.p = malloc(s.n ? s.n : 1);
        memcpy(s.p, d + at, s.n);
        f->sec[f->nsec++] = s;
        at += s.n;
        at += (8 - at % 8) % 8;
    }
    return 0;
}

static inline void put_bytes(char **b, size_t *n, const void *p, size_t len)
{
    *b = realloc(*b, *n + len + 8);
    memcpy(*b + *n, p, len);
    *n += len;
}

/* Frame, sections, CRC and trailer; the caller frees the result. */
static inline char *fm_join(const fmodel *f, size_t *outlen)
{
    char *b = NULL;
    size_t n = 0;
    uint32_t mark = 0x01020304u;
    uint64_t size = 0;
    put_bytes(&b, &n, "TASNIF\r\n", 8);
    put_bytes(&b, &n, &f->version, 4);
    put_bytes(&b, &n, &mark, 4);
    put_bytes(&b, &n, &size, 8);
    for (int i = 0; i < f->nsec; i++) {
        uint64_t len = f->sec[i].n;
        put_bytes(&b, &n, &f->sec[i].tag, 4);
        put_bytes(&b, &n, &f->sec[i].reserved, 4);
        put_bytes(&b, &n, &len, 8);
        put_bytes(&b, &n, f->sec[i].p, f->sec[i].n);
        static const char zero[8];
        put_bytes(&b, &n, zero, (8 - n % 8) % 8);
    }
    size = n + 8;
    memcpy(b + 16, &size, 8);
    uint32_t crc = crc32c(0, b, n);
    put_bytes(&b, &n, &crc, 4);
    put_bytes(&b, &n, "TEND", 4);
    *outlen = n;
    return b;
}

/* A whole file whose framing is broken: fix its size and CRC only. */
static inline char *fix_frame(const uint8_t *d, size_t n, size_t *outlen)
{
    if (n < 32)
        return NULL;
    char *b = malloc(n);
    memcpy(b, d, n);
    uint64_t size = n;
    memcpy(b + 16, &size, 8);
    uint32_t crc = crc32c(0, b, n - 8);
    memcpy(b + n - 8, &crc, 4);
    memcpy(b + n - 4, "TEND", 4);
    *outlen = n;
    return b;
}


/* Apply one 8-byte operation. */
static inline void fm_apply(fmodel *f, const uint8_t *op)
{
    static const double specials[] = {NAN, INFINITY, -INFINITY, 0.0, -1.0, 1e308, DBL_MIN, 1e101};
    static const uint64_t counts[] = {0, 1, 2, 3, 0xffffffffu, 0x80000000u, 46342, 10001, UINT64_MAX, 1u << 30};
    static const char *conf_keys[] = {"hash_bits", "lsa_k", "features", "use_idf", "dim", "ndocs", "word_max",
                                      "char_max", "min_df", "max_doc_bytes", "l2", "sublinear_tf"};
    uint8_t kind = op[0], a = op[1];
    uint16_t off;
    uint32_t val;
    memcpy(&off, op + 2, 2);
    memcpy(&val, op + 4, 4);
    if (kind % 12 == 11) {
        f->version = val % 4;
        return;
    }
    if (f->nsec == 0)
        return;
    fsec *s = &f->sec[a % f->nsec];
    switch (kind % 12) {
    case 0: /* repeat a section somewhere */
        if (f->nsec < MAXSEC) {
            int at = (int)(off % (unsigned)(f->nsec + 1));
            fsec c = *s;
            c.p = malloc(c.n ? c.n : 1);
            memcpy(c.p, s->p, c.n);
            memmove(&f->sec[at + 1], &f->sec[at], (size_t)(f->nsec - at) * sizeof *s);
            f->sec[at] = c;
            f->nsec++;
        }
        break;
    case 1: { /* drop a section */
        int i = (int)(s - f->sec);
        free(s->p);
        memmove(&f->sec[i], &f->sec[i + 1], (size_t)(f->nsec - i - 1) * sizeof *s);
        f->nsec--;
        break;
    }
    case 2: { /* swap two sections */
        fsec t = *s;
        *s = f->sec[off % f->nsec];
        f->sec[off % f->nsec] = t;
        break;
    }
    case 3: /* a 32-bit field */
        if (s->n >= 4) {
            size_t at = ((size_t)off * 4) % (s->n - 3);
            memcpy(s->p + at, &val, 4);
        }
        break;
    case 4: /* a special double at an 8-aligned offset */
        if (s->n >= 8) {
            size_t at = ((size_t)off * 8) % (s->n - 7);
            memcpy(s->p + at, &specials[val % 8], 8);
        }
        break;
    case 5: /* a count */
        if (s->n >= 8) {
            size_t at = ((size_t)off * 4) % (s->n - 7);
            uint64_t c = counts[val % 10];
            memcpy(s->p + at, &c, (val >> 8) & 1 ? 4 : 8);
        }
        break;
    case 6: /* truncate */
        s->n = s->n ? off % s->n : 0;
        break;
    case 7: /* one byte (UTF-8, control characters, NUL) */
        if (s->n)
            s->p[off % s->n] = (char)val;
        break;
    case 8: { /* append key=value to a text section */
        char line[64];
        static const char *vals[] = {"0", "1", "30", "4096", "-1", "99999999999999999999", "", "2"};
        int len = snprintf(line, sizeof line, "%s=%s\n", conf_keys[val % 12], vals[(val >> 8) % 8]);
        s->p = realloc(s->p, s->n + (size_t)len + 1);
        memcpy(s->p + s->n, line, (size_t)len);
        s->n += (size_t)len;
        break;
    }
    case 9: /* the reserved field */
        s->reserved = val;
        break;
    case 10: /* the tag: an unknown one, or another known one */
        s->tag = (val & 1) ? val : f->sec[off % f->nsec].tag;
        break;
    }
}

/* Build the file an input describes; the caller frees it. */
static inline char *fm_build(const uint8_t *data, size_t size, size_t *len)
{
    if (size < 32)
        return NULL;
    uint64_t flen;
    memcpy(&flen, data + 16, 8);
    if (flen < 32 || flen > size)
        flen = size; /* no operations */
    fmodel f;
    if (fm_split(data, (size_t)flen, &f) < 0)
        return fix_frame(data, (size_t)flen, len);
    for (size_t at = (size_t)flen; at + 8 <= size; at += 8)
        fm_apply(&f, data + at);
    char *b = fm_join(&f, len);
    fm_free(&f);
    return b;
}

/* The fuzz input built and parsed: the model, or NULL when the loader
 * refuses it (the buffer freed either way or owned by the model). */
static inline tasnif_model *fm_load(const uint8_t *data, size_t size)
{
    size_t len;
    char *buf = fm_build(data, size, &len);
    if (!buf)
        return NULL;
    tasnif_model *m = NULL;
    tasnif_err err;
    if (model_parse(buf, len, "fuzz", &m, &err) < 0) {
        free(buf);
        return NULL;
    }
    return m;
}

#endif
