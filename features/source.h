/*
 * source.h - the bytes of an input: a file or standard input, inflated on
 * the way when it is gzip or zstd (told by its first bytes, never by its
 * name), so every reader of corpora, folder documents and --lines input
 * takes compressed files as they are.  Private to libtasnif.
 */
#ifndef TASNIF_SOURCE_H
#define TASNIF_SOURCE_H

#include <stdint.h>
#include <sys/types.h>
#include "base.h"

typedef enum src_kind { SRC_PLAIN = 0, SRC_GZIP, SRC_ZSTD } src_kind;

typedef struct src src;

/*
 * Open path ("-" = standard input, which is then read but not closed) and
 * look at its first bytes: gzip (1f 8b) or zstd (28 b5 2f fd) streams are
 * decompressed by src_read, anything else is passed through.  Reading
 * standard input returns what has arrived (read(2)), so a line is answered
 * as soon as it is complete.  @return 0 with *out set, or TASNIF_EIO /
 * TASNIF_ENOMEM with err naming path.
 */
int src_open(const char *path, src **out, tasnif_err *err);
/*
 * Up to n bytes of the (decompressed) content into buf.  @return how many
 * (0 at the end), or -1 with *why saying what is wrong with the stream
 * ("truncated gzip stream", "corrupt zstd stream: ...", "read error: ...")
 * for the caller to name the file and line; a broken compressed stream
 * gives the same error on every later read.
 */
ssize_t src_read(src *s, void *buf, size_t n, const char **why);
/*
 * As src_read, but never waits for input: SRC_WAIT when nothing can be
 * had without waiting for the writer of a pipe, terminal or socket (a
 * regular file never waits).
 */
enum { SRC_WAIT = -2 };
ssize_t src_read_nowait(src *s, void *buf, size_t n, const char **why);
/* Is s a pipe, terminal or socket (not a regular file)? */
int src_live(const src *s);
/* What the stream is (SRC_PLAIN until src_open has looked). */
src_kind src_get_kind(const src *s);
/* "gzip", "zstd" or "plain". */
const char *src_kind_name(src_kind k);
/* Close the file (not standard input) and free s; NULL does nothing. */
void src_close(src *s);

/*
 * The bytes of content in the regular file path: its size, or for a
 * compressed file its decompressed size, counted by decompressing it up to
 * limit bytes (a gzip bomb costs at most that much work).  @return 1 with
 * *bytes exact, 0 when the size is not known (not a regular file, a read
 * or format error, or more than limit: *bytes is then limit or what was
 * counted).
 */
int src_content_bytes(const char *path, uint64_t limit, uint64_t *bytes);

#endif
