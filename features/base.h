/*
 * base.h - small pieces every module uses: error context, growable arrays,
 * a bump arena, string hashing and CRC-32C.  Private to libtasnif.
 */
#ifndef TASNIF_BASE_H
#define TASNIF_BASE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <string.h>
#include "tasnif.h"

#if defined(__GNUC__)
#define TASNIF_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TASNIF_PRINTF(a, b)
#endif

/*
 * Fill err (when not NULL) and return code.  file may be NULL; line and
 * byte are 0 when they do not apply.  The message is "file:line: text" or
 * "file: text" or "text".
 */
int err_set(tasnif_err *err, int code, const char *file, long line, long byte,
            const char *fmt, ...) TASNIF_PRINTF(6, 7);

/*
 * The length of the valid UTF-8 sequence (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF) that starts at s[0] (1..4), or 0 when
 * there is none; then *skip receives the length of the maximal subpart of
 * the ill-formed sequence (>= 1, Unicode 15 section 3.9).
 */
size_t utf8_seq_len(const unsigned char *s, size_t n, size_t *skip);

/*
 * s as text any output can hold: every valid UTF-8 character but control
 * characters (C0, DEL, C1) as it is, those and bytes of no valid sequence
 * as "\xHH" (a file name may hold any bytes but NUL and '/').  Written
 * to out (cap bytes, cut at a whole character, NUL-terminated); the one
 * function every writer of names uses (messages, ids, reports, models).
 * @return out.
 */
char *text_printable(const char *s, char *out, size_t cap);
/* The same, whole, malloc'd (NULL when out of memory). */
char *text_printable_dup(const char *s);

/* Bump allocator: many small allocations freed together. */
typedef struct arena_block arena_block;
typedef struct arena {
    arena_block *head;  /* newest block */
    size_t used;        /* bytes used in head */
    size_t cap;         /* capacity of head */
    size_t total;       /* bytes handed out since init/reset */
} arena;

void arena_init(arena *a);
void arena_finish(arena *a);
/* Forget everything allocated but keep the largest block for reuse. */
void arena_reset(arena *a);
/* @return n bytes aligned to 8, or NULL when out of memory. */
void *arena_alloc(arena *a, size_t n);
/* @return a NUL-terminated copy of s[0..n), or NULL. */
char *arena_strndup(arena *a, const char *s, size_t n);

/*
 * Grow *buf (an array of elem-sized items with capacity *cap) to hold at
 * least need items.  @return 0 or TASNIF_ENOMEM (then *buf is unchanged).
 */
int grow(void **buf, size_t *cap, size_t need, size_t elem);
/* (the common case, room enough, is decided inline) */
#define GROW(buf, cap, need) \
    ((size_t)(need) <= (cap) ? 0 : grow((void **)&(buf), &(cap), (need), sizeof *(buf)))

/* Are a[0..n) and b[0..n) equal?  memcmp() == 0 for short keys, inline. */
static inline int bytes_eq(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    while (n >= 8) {
        uint64_t u, v;
        memcpy(&u, x, 8);
        memcpy(&v, y, 8);
        if (u != v)
            return 0;
        x += 8;
        y += 8;
        n -= 8;
    }
    while (n--)
        if (*x++ != *y++)
            return 0;
    return 1;
}

/* 64-bit hash of bytes, seeded (a multiply-xorshift hash, not cryptographic). */
uint64_t hash_bytes(const void *p, size_t n, uint64_t seed);

/* CRC-32C (Castagnoli) of n bytes, continuing from crc (start with 0). */
uint32_t crc32c(uint32_t crc, const void *p, size_t n);

/*
 * Run fn on nth threads (1 to 64): thread t gets (char *)arg + t * stride
 * (stride 0: every thread shares arg).  The calling thread runs t = 0, and
 * the share of a thread that cannot be started; returns when all are done.
 * This is the library's one fork-join: --threads means how many run.
 */
void par_run(int nth, void *(*fn)(void *), void *arg, size_t stride);

/* Is rc a bad document — malformed input, invalid UTF-8, over a size
 * limit — after which reading can go on (--skip-bad)?  Anything else (I/O,
 * memory) stops a run.  The one rule every command applies. */
int err_skippable(int rc);

/* Monotonic clock in seconds. */
double now_seconds(void);

/*
 * A step of a long run, as the library reports it through a progress
 * callback (fit_opts.progress, train_params.progress, ...) with the
 * callback's user pointer; the command decides how to show it.  A
 * context (a fold, a setting of a search) encloses the phases reported
 * after it until the next context of the same phase, or of a phase it
 * encloses: "setting" encloses "fold".
 */
typedef struct progress_event {
    const char *phase;      /* "reading", "weighting", "LSA", "kernel matrix", "training"; contexts "setting", "fold" */
    const char *unit;       /* what done and total count: "bytes", "documents", "classifiers", "folds", "settings" */
    uint64_t done, total;   /* total 0: not known */
    uint64_t docs;          /* reading: documents read so far */
    int context;            /* 1: a context, as above */
    const char *note;       /* a context's words ("best macro_f1 0.8123: word 1-2-grams"), or NULL */
} progress_event;
typedef void (*progress_fn)(void *user, const progress_event *e);
/* Call fn (if not NULL) with a phase's progress. */
void progress_report(progress_fn fn, void *user, const char *phase, const char *unit, uint64_t done, uint64_t total);

/* The shortest "%.*g" text of v that reads back as v (at most 17 digits,
 * C locale); @return buf. */
char *num_text(double v, char *buf, size_t cap);

/*
 * The one parser of numbers that users type (option values, gate limits):
 * s must be all of a decimal number (a whole number when whole is set),
 * finite (no nan, inf or overflow), and within [min, max] — or (min, max]
 * when above_min is set; max may be INFINITY.
 * @return 0 with *out set, -1 when s is not such a number, -2 when it is
 *         out of range.
 */
int num_parse(const char *s, int whole, double min, double max, int above_min, double *out);

/*
 * The one reader of "NAME=VALUE" items (--threshold LABEL=T, gates
 * METRIC=V, --weight LABEL=W): the name is everything before the last '='
 * (a name may hold '='), the value a decimal number within [min, max]
 * (num_parse).  @return 0 with *name_len and *v set, -1 when item[0..len)
 * is no such item (no '=', no name, no number), -2 when the number is out
 * of range.
 */
int name_value(const char *item, size_t len, size_t *name_len, double min, double max, double *v);

#endif
