/*
 * dist.c - the processes of a distributed run: MPI_COMM_WORLD when built
 * with TASNIF_MPI (make MPI=1), one process otherwise.  Buffers larger
 * than MPI's int counts go in pieces of at most 1 GiB.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base.h"
#include "dist.h"
#ifdef TASNIF_MPI
#include <mpi.h>
#endif

static int agreed;         /* a failure was agreed */
static tasnif_err agreed_err;

int dist_same(const uint64_t *v, size_t n)
{
    /* each value as four 16-bit parts, their minimum and the minimum of
     * their negation (the maximum) over the processes */
    enum { MAXV = 8 };
    long long r[MAXV * 8];
    if (n > MAXV)
        return TASNIF_EARG;
    for (size_t i = 0; i < n; i++)
        for (int h = 0; h < 4; h++) {
            long long part = (long long)((v[i] >> (16 * h)) & 0xffff);
            r[i * 8 + (size_t)h * 2] = part;
            r[i * 8 + (size_t)h * 2 + 1] = -part;
        }
    int rc = dist_allreduce(r, n * 8, DIST_MIN);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n * 4; i++)
        if (r[2 * i] != -r[2 * i + 1])
            return 0;
    return 1;
}

void dist_block(size_t ntasks, int rank, int size, size_t *lo, size_t *hi)
{
    *lo = ntasks * (size_t)rank / (size_t)size;
    *hi = ntasks * ((size_t)rank + 1) / (size_t)size;
}

int dist_owner(size_t t, size_t ntasks, int size)
{
    for (int r = 0; r < size; r++) {
        size_t lo, hi;
        dist_block(ntasks, r, size, &lo, &hi);
        if (t < hi)
            return r;
    }
    return size - 1;
}

int dist_put(dist_buf *b, const void *p, size_t n)
{
    if (GROW(b->p, b->cap, b->len + n + 1) < 0)
        return TASNIF_ENOMEM;
    memcpy(b->p + b->len, p, n);
    b->len += n;
    return 0;
}

int dist_failed(void)
{
    return agreed;
}

#ifdef TASNIF_MPI

enum { PIECE = 1 << 30 };

static int started(void)
{
    int on = 0, off = 0;
    MPI_Initialized(&on);
    if (on)
        MPI_Finalized(&off);
    return on && !off;
}

int dist_init(int *argc, char ***argv)
{
    if (started())
        return 0;
    return MPI_Init(argc, argv) == MPI_SUCCESS ? 0 : TASNIF_EIO;
}

void dist_finish(void)
{
    if (started())
        MPI_Finalize();
}

void dist_abort(int code)
{
    if (started())
        MPI_Abort(MPI_COMM_WORLD, code);
    exit(code);
}

int dist_rank(void)
{
    int r = 0;
    if (started())
        MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int dist_size(void)
{
    int s = 1;
    if (started())
        MPI_Comm_size(MPI_COMM_WORLD, &s);
    return s;
}

void dist_barrier(void)
{
    if (dist_size() > 1)
        MPI_Barrier(MPI_COMM_WORLD);
}

int dist_bcast(void *buf, size_t len, int root)
{
    if (dist_size() == 1)
        return 0;
    for (size_t at = 0; at < len; at += PIECE) {
        int n = len - at < PIECE ? (int)(len - at) : PIECE;
        if (MPI_Bcast((char *)buf + at, n, MPI_BYTE, root, MPI_COMM_WORLD) != MPI_SUCCESS)
            return TASNIF_EIO;
    }
    return 0;
}

int dist_allreduce(long long *v, size_t n, int op)
{
    if (dist_size() == 1)
        return 0;
    MPI_Op o = op == DIST_MIN ? MPI_MIN : op == DIST_MAX ? MPI_MAX : MPI_SUM;
    for (size_t at = 0; at < n; at += PIECE / 8) {
        int c = n - at < PIECE / 8 ? (int)(n - at) : PIECE / 8;
        if (MPI_Allreduce(MPI_IN_PLACE, v + at, c, MPI_LONG_LONG, o, MPI_COMM_WORLD) != MPI_SUCCESS)
            return TASNIF_EIO;
    }
    return 0;
}

#else

int dist_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

void dist_finish(void)
{
}

void dist_abort(int code)
{
    exit(code);
}

int dist_rank(void)
{
    return 0;
}

int dist_size(void)
{
    return 1;
}

void dist_barrier(void)
{
}

int dist_bcast(void *buf, size_t len, int root)
{
    (void)buf;
    (void)len;
    (void)root;
    return 0;
}

int dist_allreduce(long long *v, size_t n, int op)
{
    (void)v;
    (void)n;
    (void)op;
    return 0;
}

#endif

int dist_allgather(const void *mine, size_t len, unsigned char **all, size_t *lens, tasnif_err *err)
{
    int size = dist_size(), me = dist_rank(), rc = 0;
    long long *l = calloc((size_t)size, sizeof *l);
    if (!l)
        rc = err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory");
    if ((rc = dist_status(rc, err)) < 0) {
        free(l);
        return rc;
    }
    l[me] = (long long)len;
    if ((rc = dist_allreduce(l, (size_t)size, DIST_SUM)) < 0) {
        free(l);
        return err_set(err, rc, NULL, 0, 0, "the processes of the job cannot communicate");
    }
    size_t total = 0;
    for (int r = 0; r < size; r++)
        total += (size_t)l[r];
    unsigned char *buf = malloc(total ? total : 1);
    /* every process takes part even without memory, then all fail */
    rc = buf ? 0 : err_set(err, TASNIF_ENOMEM, NULL, 0, 0, "out of memory for %zu bytes from the processes", total);
    rc = dist_status(rc, err);
    for (size_t at = 0, r = 0; rc == 0 && r < (size_t)size; at += (size_t)l[r], r++) {
        lens[r] = (size_t)l[r];
        if ((int)r == me && len)
            memcpy(buf + at, mine, len);
        if ((rc = dist_bcast(buf + at, lens[r], (int)r)) < 0)
            err_set(err, rc, NULL, 0, 0, "the processes of the job cannot communicate");
    }
    free(l);
    if (rc < 0) {
        free(buf);
        return rc;
    }
    *all = buf;
    return 0;
}

int dist_status(int rc, tasnif_err *err)
{
    if (agreed) {
        if (err)
            *err = agreed_err;
        return agreed_err.code;
    }
    int size = dist_size();
    if (size == 1)
        return rc;
    long long first = rc < 0 ? dist_rank() : size;
    if (dist_allreduce(&first, 1, DIST_MIN) < 0)
        return err_set(err, TASNIF_EIO, NULL, 0, 0, "the processes of the job cannot communicate");
    if (first == size)
        return 0;
    tasnif_err e = {0};
    if (dist_rank() == first) {
        if (err)
            e = *err;
        e.code = rc;
    }
    if (dist_bcast(&e, sizeof e, (int)first) < 0)
        return err_set(err, TASNIF_EIO, NULL, 0, 0, "the processes of the job cannot communicate");
    e.msg[sizeof e.msg - 1] = '\0';
    if (!e.msg[0])
        snprintf(e.msg, sizeof e.msg, "%s", tasnif_strerror(e.code));
    if (first != 0) {
        char m[sizeof e.msg + 32];
        snprintf(m, sizeof m, "rank %lld: %s", first, e.msg);
        snprintf(e.msg, sizeof e.msg, "%.*s", (int)sizeof e.msg - 1, m);
    }
    agreed = 1;
    agreed_err = e;
    if (err)
        *err = e;
    return e.code;
}
