/*
 * base.c - error context, arena, growable arrays, hashing, CRC-32C.
 */
#include <pthread.h>
#include "base.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *tasnif_strerror(int code)
{
    switch (code) {
    case TASNIF_OK: return "success";
    case TASNIF_ENOMEM: return "out of memory";
    case TASNIF_EIO: return "input/output error";
    case TASNIF_EUTF8: return "invalid UTF-8";
    case TASNIF_EINPUT: return "malformed input";
    case TASNIF_EMODEL: return "not a valid tasnif model (truncated or corrupt)";
    case TASNIF_EVERSION: return "model written by a newer version of tasnif";
    case TASNIF_EARG: return "invalid argument";
    case TASNIF_EICU: return "ICU error";
    case TASNIF_ESVM: return "libsvm error";
    case TASNIF_ELIMIT: return "size limit exceeded";
    case TASNIF_ECORPUS: return "corpus cannot make a model";
    default: return "unknown error";
    }
}

/* ---- text that can go anywhere ---- */

size_t utf8_seq_len(const unsigned char *s, size_t n, size_t *skip)
{
    unsigned c = s[0];
    *skip = 1;
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    for (size_t i = 1; i < need; i++) {
        if (i >= n)
            return 0;
        unsigned b = s[i];
        if (b < lo || b > hi)
            return 0;
        lo = 0x80;
        hi = 0xBF;
        *skip = i + 1;
    }
    return need;
}

char *text_printable(const char *s, char *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), o = 0;
    if (!cap)
        return out;
    for (size_t i = 0; i < n;) {
        size_t skip, k = utf8_seq_len(p + i, n - i, &skip);
        /* control characters: C0, DEL, and C1 (U+0080-U+009F, C2 80-9F) */
        int control = k == 0 || (k == 1 && (p[i] < 0x20 || p[i] == 0x7f)) || (k == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0);
        size_t len = control ? (k ? k : 1) : k, need = control ? 4 * len : len;
        if (o + need >= cap)
            break;
        for (size_t j = 0; j < len; j++) {
            if (control)
                o += (size_t)snprintf(out + o, cap - o, "\\x%02x", p[i + j]);
            else
                out[o++] = (char)p[i + j];
        }
        i += len;
    }
    out[o] = '\0';
    return out;
}

char *text_printable_dup(const char *s)
{
    size_t cap = 4 * strlen(s) + 1;
    char *out = malloc(cap);
    return out ? text_printable(s, out, cap) : NULL;
}

int err_set(tasnif_err *err, int code, const char *file, long line, long byte,
            const char *fmt, ...)
{
    if (!err)
        return code;
    char text[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    err->code = code;
    /* a file name may hold any bytes but NUL and '/': named as text */
    char name[sizeof err->file];
    if (file)
        file = text_printable(file, name, sizeof name);
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->byte = byte;
    if (file && line > 0)
        snprintf(err->msg, sizeof err->msg, "%s:%ld: %s", file, line, text);
    else if (file)
        snprintf(err->msg, sizeof err->msg, "%s: %s", file, text);
    else
        snprintf(err->msg, sizeof err->msg, "%s", text);
    return code;
}

struct arena_block {
    arena_block *next;
    size_t cap;
    max_align_t data[];
};

void arena_init(arena *a)
{
    memset(a, 0, sizeof *a);
}

void arena_finish(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *n = b->next;
        free(b);
        b = n;
    }
    memset(a, 0, sizeof *a);
}

void arena_reset(arena *a)
{
    /* keep the largest block: the head is always the largest */
    if (!a->head)
        return;
    arena_block *b = a->head->next;
    while (b) {
        arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head->next = NULL;
    a->used = 0;
    a->total = 0;
}

void *arena_alloc(arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (!a->head || a->cap - a->used < n) {
        size_t cap = a->cap ? a->cap * 2 : 64 * 1024;
        while (cap < n)
            cap *= 2;
        arena_block *b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        b->next = a->head;
        a->head = b;
        a->cap = cap;
        a->used = 0;
    }
    void *p = (char *)a->head->data + a->used;
    a->used += n;
    a->total += n;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

int grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2 / elem)
            return TASNIF_ENOMEM;
        c *= 2;
    }
    void *p = realloc(*buf, c * elem);
    if (!p)
        return TASNIF_ENOMEM;
    *buf = p;
    *cap = c;
    return 0;
}

static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    return x;
}

uint64_t hash_bytes(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = seed ^ (n * 0x9e3779b97f4a7c15ULL);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ mix64(w)) * 0x9e3779b97f4a7c15ULL;
        s += 8;
        n -= 8;
    }
    if (n) {
        uint64_t w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* the tail as memcpy into a zeroed word would give it, from two
         * overlapping loads (the bytes they share are the same) */
        if (n >= 4) {
            uint32_t lo, hi;
            memcpy(&lo, s, 4);
            memcpy(&hi, s + n - 4, 4);
            w = lo | ((uint64_t)hi << (8 * (n - 4)));
        } else if (n >= 2) {
            uint16_t lo, hi;
            memcpy(&lo, s, 2);
            memcpy(&hi, s + n - 2, 2);
            w = lo | ((uint64_t)hi << (8 * (n - 2)));
        } else
            w = s[0];
#else
        memcpy(&w, s, n);
#endif
        h = (h ^ mix64(w ^ ((uint64_t)n << 56))) * 0x9e3779b97f4a7c15ULL;
    }
    return mix64(h);
}

/* CRC-32C, slicing by 8 with tables made on first use. */
static uint32_t crc_table[8][256];
static int crc_ready;

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        crc_table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int t = 1; t < 8; t++)
            crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^ crc_table[0][crc_table[t - 1][i] & 0xff];
    __atomic_store_n(&crc_ready, 1, __ATOMIC_RELEASE);
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("sse4.2")))
static uint32_t crc32c_hw(uint32_t crc, const unsigned char *s, size_t n)
{
    uint64_t c = crc;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        c = __builtin_ia32_crc32di(c, w);
        s += 8;
        n -= 8;
    }
    uint32_t c32 = (uint32_t)c;
    while (n--)
        c32 = __builtin_ia32_crc32qi(c32, *s++);
    return c32;
}
#endif

uint32_t crc32c(uint32_t crc, const void *p, size_t n)
{
    const unsigned char *s = p;
    crc = ~crc;
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("sse4.2"))
        return ~crc32c_hw(crc, s, n);
#endif
    if (!__atomic_load_n(&crc_ready, __ATOMIC_ACQUIRE))
        crc_init();
    while (n >= 8) {
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + 4, 4);
        lo ^= crc;
        crc = crc_table[7][lo & 0xff] ^ crc_table[6][(lo >> 8) & 0xff] ^
              crc_table[5][(lo >> 16) & 0xff] ^ crc_table[4][lo >> 24] ^
              crc_table[3][hi & 0xff] ^ crc_table[2][(hi >> 8) & 0xff] ^
              crc_table[1][(hi >> 16) & 0xff] ^ crc_table[0][hi >> 24];
        s += 8;
        n -= 8;
    }
    while (n--)
        crc = (crc >> 8) ^ crc_table[0][(crc ^ *s++) & 0xff];
    return ~crc;
}

double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_report(progress_fn fn, void *user, const char *phase, const char *unit, uint64_t done, uint64_t total)
{
    if (fn) {
        progress_event e = {phase, unit, done, total, 0, 0, NULL};
        fn(user, &e);
    }
}

void par_run(int nth, void *(*fn)(void *), void *arg, size_t stride)
{
    pthread_t th[64];
    char started[64] = {0};
    if (nth < 1)
        nth = 1;
    if (nth > 64)
        nth = 64;
    for (int t = 1; t < nth; t++)
        started[t] = pthread_create(&th[t], NULL, fn, (char *)arg + (size_t)t * stride) == 0;
    fn(arg);
    for (int t = 1; t < nth; t++) {
        if (started[t])
            pthread_join(th[t], NULL);
        else
            fn((char *)arg + (size_t)t * stride);
    }
}

int num_parse(const char *s, int whole, double min, double max, int above_min, double *out)
{
    if (!s || !*s || isspace((unsigned char)*s))
        return -1;
    /* decimal only: no hexadecimal (which strtod reads), no words */
    const char *d = s + (*s == '-' || *s == '+');
    if (!isdigit((unsigned char)*d) && !(*d == '.' && isdigit((unsigned char)d[1])))
        return -1;
    if (strpbrk(d, "xXpP"))
        return -1;
    char *end;
    double v;
    errno = 0;
    if (whole) {
        long long w = strtoll(s, &end, 10);
        v = (double)w;
    } else
        v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v))
        return -1;
    if (v < min || v > max || (above_min && v <= min))
        return -2;
    *out = v;
    return 0;
}

int name_value(const char *item, size_t len, size_t *name_len, double min, double max, double *v)
{
    const char *eq = NULL;
    for (size_t i = len; i > 0; i--)
        if (item[i - 1] == '=') {
            eq = item + i - 1;
            break;
        }
    if (!eq || eq == item)
        return -1;
    char num[64];
    size_t nl = len - (size_t)(eq + 1 - item);
    if (nl == 0 || nl >= sizeof num)
        return -1;
    memcpy(num, eq + 1, nl);
    num[nl] = '\0';
    int rc = num_parse(num, 0, min, max, 0, v);
    if (rc < 0)
        return rc;
    *name_len = (size_t)(eq - item);
    return 0;
}

int err_skippable(int rc)
{
    return rc == TASNIF_EINPUT || rc == TASNIF_EUTF8 || rc == TASNIF_ELIMIT;
}

char *num_text(double v, char *buf, size_t cap)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}
