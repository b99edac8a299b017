/*
 * source.c - an input's bytes, decompressed when its first bytes say gzip
 * (RFC 1952, through zlib; concatenated members as gzip(1) writes them
 * with `cat a.gz b.gz`) or zstd (through libzstd; concatenated and
 * skippable frames).  Memory stays bounded whatever the stream claims:
 * zlib's window is 32 KB, libzstd refuses frames whose window is above its
 * default limit (128 MB); how much content a stream may produce is for the
 * readers' limits (--max-line-bytes, --max-memory) to say.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include "source.h"

enum { IN_SIZE = 1 << 16 };

struct src {
    int fd, own_fd;
    src_kind kind;
    unsigned char *in;     /* raw bytes read, [in_pos, in_len) not yet used */
    size_t in_pos, in_len;
    int eof;               /* read(2) said end of file */
    int ended;             /* the last gzip member or zstd frame is complete */
    int started;           /* some compressed input was consumed */
    int full;              /* the decoder filled the output: it may hold more */
    int live;              /* a pipe, terminal or socket, not a regular file */
    const char *failed;    /* the stream's error, given again on every read */
    char why[200];
    z_stream z;
    int z_init;
    ZSTD_DCtx *zd;
};

const char *src_kind_name(src_kind k)
{
    return k == SRC_GZIP ? "gzip" : k == SRC_ZSTD ? "zstd" : "plain";
}

src_kind src_get_kind(const src *s)
{
    return s->kind;
}

int src_live(const src *s)
{
    return s->live;
}

void src_close(src *s)
{
    if (!s)
        return;
    if (s->own_fd && s->fd >= 0)
        close(s->fd);
    if (s->z_init)
        inflateEnd(&s->z);
    ZSTD_freeDCtx(s->zd);
    free(s->in);
    free(s);
}

/* More raw bytes after [in_pos, in_len) (moved to the front); @return 0,
 * or -1 on a read error (errno). */
static int fill(src *s)
{
    if (s->in_pos > 0) {
        memmove(s->in, s->in + s->in_pos, s->in_len - s->in_pos);
        s->in_len -= s->in_pos;
        s->in_pos = 0;
    }
    while (s->in_len < IN_SIZE) {
        ssize_t r = read(s->fd, s->in + s->in_len, IN_SIZE - s->in_len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            s->eof = 1;
        s->in_len += (size_t)r;
        return 0;
    }
    return 0;
}

/* Could the bytes so far begin magic m[0..n)? */
static int could_be(const src *s, const unsigned char *m, size_t n)
{
    size_t k = s->in_len < n ? s->in_len : n;
    return memcmp(s->in, m, k) == 0;
}

static const unsigned char GZ_MAGIC[2] = {0x1f, 0x8b}, ZSTD_MAGIC[4] = {0x28, 0xb5, 0x2f, 0xfd};

int src_open(const char *path, src **out, tasnif_err *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    src *s = calloc(1, sizeof *s);
    if (s)
        s->in = malloc(IN_SIZE);
    if (!s || !s->in) {
        src_close(s);
        return err_set(err, TASNIF_ENOMEM, name, 0, 0, "out of memory");
    }
    s->fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    s->own_fd = !is_stdin;
    if (s->fd < 0) {
        int e = errno;
        src_close(s);
        return err_set(err, TASNIF_EIO, name, 0, 0, "cannot open: %s", strerror(e));
    }
    struct stat st;
    s->live = fstat(s->fd, &st) == 0 && !S_ISREG(st.st_mode);
    /* the first bytes, enough to tell a magic number (a pipe may give
     * them one at a time) */
    while (!s->eof && s->in_len < 4 && (could_be(s, GZ_MAGIC, 2) || could_be(s, ZSTD_MAGIC, 4)))
        if (fill(s) < 0) {
            int e = errno;
            src_close(s);
            return err_set(err, TASNIF_EIO, name, 0, 0, "read error: %s", strerror(e));
        }
    if (s->in_len >= 2 && memcmp(s->in, GZ_MAGIC, 2) == 0) {
        s->kind = SRC_GZIP;
        if (inflateInit2(&s->z, 15 + 16) != Z_OK) { /* gzip wrapper only */
            src_close(s);
            return err_set(err, TASNIF_ENOMEM, name, 0, 0, "out of memory");
        }
        s->z_init = 1;
    } else if (s->in_len >= 4 && memcmp(s->in, ZSTD_MAGIC, 4) == 0) {
        s->kind = SRC_ZSTD;
        if (!(s->zd = ZSTD_createDCtx())) {
            src_close(s);
            return err_set(err, TASNIF_ENOMEM, name, 0, 0, "out of memory");
        }
    }
    *out = s;
    return 0;
}

/* One step of the decoder over the raw bytes at hand into out[*got..n);
 * @return 0, or -1 with *why. */
static int decode(src *s, unsigned char *out, size_t n, size_t *got, const char **why)
{
    if (s->kind == SRC_GZIP) {
        if (s->ended) { /* another member follows */
            inflateReset(&s->z);
            s->ended = 0;
        }
        s->z.next_in = s->in + s->in_pos;
        s->z.avail_in = (uInt)(s->in_len - s->in_pos);
        s->z.next_out = out + *got;
        s->z.avail_out = (uInt)(n - *got);
        int rc = inflate(&s->z, Z_NO_FLUSH);
        s->in_pos = s->in_len - s->z.avail_in;
        *got = n - s->z.avail_out;
        s->started = 1;
        s->full = *got == n && rc != Z_STREAM_END;
        if (rc == Z_STREAM_END)
            s->ended = 1;
        else if (rc == Z_MEM_ERROR)
            return *why = "out of memory", -1;
        else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_STREAM_ERROR) {
            static _Thread_local char msg[160];
            snprintf(msg, sizeof msg, "corrupt gzip stream: %s", s->z.msg ? s->z.msg : "bad data");
            return *why = msg, -1;
        }
        return 0;
    }
    ZSTD_inBuffer in = {s->in + s->in_pos, s->in_len - s->in_pos, 0};
    ZSTD_outBuffer o = {out, n, *got};
    size_t rc = ZSTD_decompressStream(s->zd, &o, &in);
    s->in_pos += in.pos;
    *got = o.pos;
    s->started = 1;
    s->full = 0;
    if (ZSTD_isError(rc)) {
        static _Thread_local char msg[160];
        snprintf(msg, sizeof msg, "corrupt zstd stream: %s", ZSTD_getErrorName(rc));
        return *why = msg, -1;
    }
    s->ended = rc == 0;
    s->full = *got == n && !s->ended;
    return 0;
}

/* errno as src_read's message; @return -1. */
static ssize_t read_error(src *s, const char **why)
{
    snprintf(s->why, sizeof s->why, "read error: %s", strerror(errno));
    *why = s->why;
    return -1;
}

/* Would reading s->fd wait?  (Never for a regular file.) */
static int would_wait(const src *s)
{
    struct pollfd pf = {.fd = s->fd, .events = POLLIN};
    return s->live && poll(&pf, 1, 0) == 0;
}

/* Plain bytes: what is buffered, else one read(2).  @return as src_read,
 * or SRC_WAIT. */
static ssize_t read_plain(src *s, void *buf, size_t n, int wait, const char **why)
{
    if (s->in_pos == s->in_len) {
        if (s->eof)
            return 0;
        if (!wait && would_wait(s))
            return SRC_WAIT;
        s->in_pos = s->in_len = 0;
        if (n >= IN_SIZE) { /* straight into the caller's buffer */
            for (;;) {
                ssize_t r = read(s->fd, buf, n);
                if (r < 0 && errno == EINTR)
                    continue;
                if (r < 0)
                    return read_error(s, why);
                s->eof = r == 0;
                return r;
            }
        }
        if (fill(s) < 0)
            return read_error(s, why);
    }
    size_t k = s->in_len - s->in_pos < n ? s->in_len - s->in_pos : n;
    memcpy(buf, s->in + s->in_pos, k);
    s->in_pos += k;
    return (ssize_t)k;
}

/* Decompressed bytes: decode what is at hand, reading more only while
 * nothing is decoded yet (and, unless wait, only when it has arrived).
 * @return as src_read, or SRC_WAIT. */
static ssize_t read_decoded(src *s, unsigned char *buf, size_t n, int wait, const char **why)
{
    size_t got = 0;
    while (got < n) {
        if (s->in_pos == s->in_len && !s->full) {
            if (got > 0 && !s->eof)
                break; /* give what is decoded rather than wait for more */
            if (!s->eof && !wait && would_wait(s))
                return got > 0 ? (ssize_t)got : SRC_WAIT;
            if (!s->eof && fill(s) < 0)
                return read_error(s, why);
            if (s->in_pos == s->in_len && s->eof) {
                if (got > 0)
                    break;
                if (!s->ended && s->started)
                    return *why = s->kind == SRC_GZIP ? "truncated gzip stream (it ends before its last member does)"
                                                      : "truncated zstd stream (it ends inside a frame)", -1;
                return 0;
            }
        }
        size_t before = got, pos = s->in_pos;
        if (decode(s, buf, n, &got, why) < 0)
            return -1;
        if (got == before && s->in_pos == pos && s->in_pos < s->in_len) {
            /* no progress with input at hand: the decoder wants more */
            size_t had = s->in_len - s->in_pos;
            if (!s->eof && !wait && would_wait(s))
                return got > 0 ? (ssize_t)got : SRC_WAIT;
            if (!s->eof && fill(s) < 0)
                return read_error(s, why);
            if (s->in_len - s->in_pos == had)
                return *why = s->kind == SRC_GZIP ? "truncated gzip stream" : "truncated zstd stream", -1;
        }
    }
    return (ssize_t)got;
}

static ssize_t read_any(src *s, void *buf, size_t n, int wait, const char **why)
{
    if (s->failed)
        return *why = s->failed, -1;
    if (n == 0)
        return 0;
    if (n > (size_t)SSIZE_MAX)
        n = (size_t)SSIZE_MAX;
    ssize_t r = s->kind == SRC_PLAIN ? read_plain(s, buf, n, wait, why) : read_decoded(s, buf, n, wait, why);
    if (r == -1 && s->kind != SRC_PLAIN) {
        /* a broken stream stays broken: the same message next time */
        snprintf(s->why, sizeof s->why, "%s", *why);
        *why = s->failed = s->why;
    }
    return r;
}

ssize_t src_read(src *s, void *buf, size_t n, const char **why)
{
    return read_any(s, buf, n, 1, why);
}

ssize_t src_read_nowait(src *s, void *buf, size_t n, const char **why)
{
    return read_any(s, buf, n, 0, why);
}

int src_content_bytes(const char *path, uint64_t limit, uint64_t *bytes)
{
    struct stat st;
    *bytes = 0;
    if (strcmp(path, "-") == 0 || stat(path, &st) < 0 || !S_ISREG(st.st_mode))
        return 0;
    /* a plain file's size is its length: no allocation, nothing to fail */
    unsigned char m[4];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t k = fd < 0 ? -1 : read(fd, m, sizeof m);
    if (fd >= 0)
        close(fd);
    if (k < 0)
        return 0;
    if (!(k >= 2 && memcmp(m, GZ_MAGIC, 2) == 0) && !(k >= 4 && memcmp(m, ZSTD_MAGIC, 4) == 0)) {
        *bytes = (uint64_t)st.st_size;
        return 1;
    }
    src *s = NULL;
    tasnif_err err = {0};
    if (src_open(path, &s, &err) < 0)
        return 0;
    int known = 1;
    if (s->kind == SRC_PLAIN)
        *bytes = (uint64_t)st.st_size;
    else {
        char *buf = malloc(IN_SIZE);
        const char *why;
        ssize_t r = buf ? 1 : -1;
        while (r > 0 && *bytes < limit && (r = src_read(s, buf, IN_SIZE, &why)) > 0)
            *bytes += (uint64_t)r;
        known = r == 0;
        free(buf);
    }
    src_close(s);
    return known;
}
