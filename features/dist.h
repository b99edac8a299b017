/*
 * dist.h - the processes of a distributed run.  Built with MPI=1 they are
 * MPI ranks (MPI_COMM_WORLD); otherwise, and in a program MPI did not
 * start, there is one process, rank 0, and every call below is trivial.
 * Private to libtasnif.
 *
 * Collectives must be called by every process in the same order.  A
 * failure is agreed before any exchange of results: dist_status.  The
 * library never initialises MPI, never prints and never exits: the
 * command calls dist_init, dist_finish and dist_abort.
 */
#ifndef TASNIF_DIST_H
#define TASNIF_DIST_H

#include <stddef.h>
#include <stdint.h>
#include "tasnif.h"

/* Start MPI when built with it (a program not run by mpirun is one
 * process).  @return 0, or TASNIF_EIO when MPI cannot start. */
int dist_init(int *argc, char ***argv);
/* End MPI (after the last collective). */
void dist_finish(void);
/* Stop every process of the job with status code: the last resort. */
void dist_abort(int code);

int dist_rank(void);
int dist_size(void);
void dist_barrier(void);

/* Every process's rc (0 or a TASNIF_E* code) agreed: 0 when all are 0,
 * else the code of the lowest failing rank, whose err is copied into err
 * (its message prefixed "rank R: " when R is not 0).  Once a failure is
 * agreed later calls return it at once, without communicating, so
 * processes that met it at different calls stay in step. */
int dist_status(int rc, tasnif_err *err);
/* Has a failure been agreed? */
int dist_failed(void);

/* Root's len bytes at buf to every process.  @return 0 or TASNIF_EIO. */
int dist_bcast(void *buf, size_t len, int root);
/* Every process's bytes mine[0..len) to every process: *all (malloc'ed)
 * holds them in rank order, lens[r] (dist_size() entries) their lengths.
 * @return 0, or the agreed failure (dist_status: no memory for them on
 * some process, TASNIF_EIO) with err set. */
int dist_allgather(const void *mine, size_t len, unsigned char **all, size_t *lens, tasnif_err *err);

/* A growable byte buffer: what a process sends to the others. */
typedef struct dist_buf {
    unsigned char *p;
    size_t len, cap;
} dist_buf;
/* Append p[0..n) to b.  @return 0 or TASNIF_ENOMEM (b unchanged). */
int dist_put(dist_buf *b, const void *p, size_t n);

enum { DIST_SUM, DIST_MIN, DIST_MAX };
/* v[0..n) reduced over the processes with op, in place, on every one. */
int dist_allreduce(long long *v, size_t n, int op);

/* Do every process's values v[0..n) agree?  @return 1 when they do, 0
 * when they differ, or a negative code when the processes cannot
 * communicate.  Every process calls it. */
int dist_same(const uint64_t *v, size_t n);

/* The tasks of process rank when ntasks are split among size processes
 * in contiguous blocks, the earlier blocks no larger: [*lo, *hi). */
void dist_block(size_t ntasks, int rank, int size, size_t *lo, size_t *hi);
/* The process whose block holds task t. */
int dist_owner(size_t t, size_t ntasks, int size);

#endif
