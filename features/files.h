/*
 * files.h - the files tasnif writes (models, indexes, reports): outputs
 * checked before any work, replaced atomically, never half-written.
 * Private to libtasnif.
 */
#ifndef TASNIF_FILES_H
#define TASNIF_FILES_H

#include <sys/types.h>
#include "base.h"

/*
 * Check, before any work, that path may be written as an output: if it
 * exists it must be a regular file (a symbolic link is followed to its
 * target), its folder must exist and be writable, and it must not be the
 * same file (device and inode; by resolved name when neither exists yet)
 * as any of inputs[0..ninputs) or other_output (NULL, "-" skipped).  path
 * "-" checks standard output against the inputs only.
 * @return 0, TASNIF_EARG (not a regular file, an input, not a file name)
 *         or TASNIF_EIO (no such folder, no permission), with err set.
 */
int file_check_output(const char *path, const char *const *inputs, int ninputs, const char *other_output,
                      tasnif_err *err);

/*
 * Replace path with data[0..len) atomically: a temporary file
 * "PATH.tmp.XXXXXX" beside the target, write, fsync, rename, fsync of the
 * folder (best effort).  A symbolic link is followed and its target
 * replaced.  A replaced file keeps its mode (and owner where allowed); a
 * new one gets 0666 less the umask.  On failure the old file is untouched
 * and the temporary file removed.  path "-" is standard output, written
 * through (the caller decides whether it may be: a model to a terminal is
 * not).  what ("model", "report") names the file in messages.  In a distributed run (dist.h) every process calls it: the
 * processes first agree that none has failed (dist_status), then rank 0
 * writes and the others return 0.  @return 0 or TASNIF_EIO with err set
 * (or the agreed failure of another process).
 */
int file_write_atomic(const char *path, const void *data, size_t len, const char *what, tasnif_err *err);

/*
 * Append data[0..len) to path (made when missing, 0666 less the umask)
 * in one write with O_APPEND, never replacing what it holds: for files
 * other programs collect from several writers (GitHub's step summary).
 * In a distributed run rank 0 writes.  @return 0 or TASNIF_EIO with err
 * set (what names the file).
 */
int file_append(const char *path, const void *data, size_t len, const char *what, tasnif_err *err);

/* What a file of mode m is, for messages: "a folder", "a FIFO", "a
 * socket", "a character device", "a block device", or "not a regular
 * file". */
const char *file_kind_name(mode_t m);

/* Remove the temporary file of a file_write_atomic in progress, if any.
 * Async-signal-safe: for a signal handler of the program. */
void file_tmp_cleanup(void);

#endif
