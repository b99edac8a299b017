/*
 * files.c - the files tasnif writes: checking an output before any work,
 * and replacing a file atomically.
 *
 * Every file the project writes (models, indexes, reports) goes through
 * file_write_atomic: a temporary file beside the target, written, fsynced,
 * renamed over the target, then the folder fsynced.  A failed or
 * interrupted write leaves the earlier file byte-identical.  An output that
 * is a symbolic link is followed: the file it points to is replaced (in
 * its own folder) and the link stays.  A new file gets mode 0666 less the
 * umask; a replaced file keeps its mode (and, where allowed, its owner).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "dist.h"
#include "files.h"

/* The temporary file being written, for file_tmp_cleanup (a signal
 * handler may call it at any moment). */
static char pending[PATH_MAX + 32];
static volatile sig_atomic_t pending_on;

void file_tmp_cleanup(void)
{
    if (pending_on)
        unlink(pending);
}

int file_append(const char *path, const void *data, size_t len, const char *what, tasnif_err *err)
{
    int rc = dist_status(0, err);
    if (rc < 0 || dist_rank() != 0)
        return rc;
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0)
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot write the %s: %s", what, strerror(errno));
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : ENOSPC;
            close(fd);
            return err_set(err, TASNIF_EIO, path, 0, 0, "cannot write the %s: %s", what, strerror(e));
        }
        p += w;
        len -= (size_t)w;
    }
    if (close(fd) < 0)
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot write the %s: %s", what, strerror(errno));
    return 0;
}

const char *file_kind_name(mode_t m)
{
    return S_ISDIR(m) ? "a folder" : S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket"
         : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device" : "not a regular file";
}

/*
 * The file path names, resolved: symbolic links followed, the folder made
 * absolute.  @return 1 (exists, *st filled), 0 (does not exist yet; its
 * folder does), or a negative code with err set.
 */
static int resolve_output(const char *path, char *out, struct stat *st, tasnif_err *err)
{
    if (realpath(path, out)) {
        if (stat(out, st) < 0)
            return err_set(err, TASNIF_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
        return 1;
    }
    if (errno != ENOENT)
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
    struct stat ls;
    if (lstat(path, &ls) == 0)
        return err_set(err, TASNIF_EARG, path, 0, 0, "cannot write: a symbolic link to a file that does not exist");
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return err_set(err, TASNIF_EARG, path, 0, 0, "cannot write: not a file name");
    char dir[PATH_MAX];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    char rdir[PATH_MAX];
    if (!realpath(dir, rdir))
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot write: folder '%s': %s", dir, strerror(errno));
    struct stat ds;
    if (stat(rdir, &ds) < 0 || !S_ISDIR(ds.st_mode))
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot write: '%s' is not a folder", dir);
    size_t dl = strcmp(rdir, "/") ? strlen(rdir) : 0, bl = strlen(base);
    if (dl + 1 + bl >= PATH_MAX)
        return err_set(err, TASNIF_EARG, path, 0, 0, "cannot write: name too long");
    memcpy(out, rdir, dl);
    out[dl] = '/';
    memcpy(out + dl + 1, base, bl + 1);
    return 0;
}

/* Is o (an input, or another output of the run) the file that path,
 * resolved to real (existing: st), names? */
static int same_file(const char *o, const char *real, int exists, const struct stat *st)
{
    struct stat os;
    if (stat(o, &os) == 0)
        return exists && os.st_dev == st->st_dev && os.st_ino == st->st_ino;
    /* neither exists yet (two outputs): compare the resolved names */
    char oreal[PATH_MAX];
    tasnif_err unused;
    return !exists && real[0] && resolve_output(o, oreal, &os, &unused) == 0 && strcmp(oreal, real) == 0;
}

/* Is in a folder, and real (a resolved path) inside it? */
static int inside_folder(const char *in, const char *real)
{
    struct stat s;
    char dir[PATH_MAX];
    if (!real[0] || stat(in, &s) < 0 || !S_ISDIR(s.st_mode) || !realpath(in, dir))
        return 0;
    size_t n = strlen(dir);
    return strcmp(dir, "/") == 0 || (strncmp(real, dir, n) == 0 && real[n] == '/');
}

int file_check_output(const char *path, const char *const *inputs, int ninputs, const char *other_output,
                      tasnif_err *err)
{
    char real[PATH_MAX];
    struct stat st;
    int exists, is_stdout = strcmp(path, "-") == 0;
    const char *name = is_stdout ? "standard output" : path;
    if (is_stdout) {
        /* standard output: only the same-file checks apply, by its name
         * where the system tells it */
        if (fstat(1, &st) < 0 || !S_ISREG(st.st_mode))
            return 0;
        exists = 1;
        ssize_t n = readlink("/proc/self/fd/1", real, sizeof real - 1);
        real[n > 0 && real[0] == '/' ? n : 0] = '\0';
    } else {
        if ((exists = resolve_output(path, real, &st, err)) < 0)
            return exists;
        if (exists && !S_ISREG(st.st_mode))
            return err_set(err, TASNIF_EARG, path, 0, 0, "refusing to write over %s: outputs must be regular files",
                           file_kind_name(st.st_mode));
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s", real);
        char *slash = strrchr(dir, '/');
        if (slash)
            *(slash == dir ? slash + 1 : slash) = '\0';
        if (access(dir, W_OK | X_OK) < 0)
            return err_set(err, TASNIF_EIO, path, 0, 0, "cannot write in folder '%s': %s", dir, strerror(errno));
    }
    struct stat in0;
    for (int i = 0; i < ninputs; i++)
        if (inputs[i] && strcmp(inputs[i], "-") == 0) {
            /* standard input is read: the output must not be the file it
             * is open on */
            if (exists && fstat(0, &in0) == 0 && in0.st_dev == st.st_dev && in0.st_ino == st.st_ino)
                return err_set(err, TASNIF_EARG, name, 0, 0, "refusing to write: it is the same file as standard input");
        } else if (inputs[i] && same_file(inputs[i], real, exists, &st))
            return err_set(err, TASNIF_EARG, name, 0, 0, "refusing to write: it is the same file as the input '%s'",
                           inputs[i]);
        else if (inputs[i] && inside_folder(inputs[i], real))
            return err_set(err, TASNIF_EARG, name, 0, 0,
                           "refusing to write inside the folder corpus '%s': it would become one of its documents",
                           inputs[i]);
    if (other_output && strcmp(other_output, "-") != 0 && same_file(other_output, real, exists, &st))
        return err_set(err, TASNIF_EARG, name, 0, 0, "refusing to write: it is the same file as the other output '%s'",
                       other_output);
    return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int file_write_atomic(const char *path, const void *data, size_t len, const char *what, tasnif_err *err)
{
    /* in a distributed run every process has come this far, or none writes */
    int rc = dist_status(0, err);
    if (rc < 0 || dist_rank() != 0)
        return rc; /* one process writes */
    if (strcmp(path, "-") == 0) { /* standard output: written through, nothing to replace */
        if (fflush(stdout) != 0 || write_all(STDOUT_FILENO, data, len) < 0)
            return err_set(err, TASNIF_EIO, "<stdout>", 0, 0, "cannot write the %s: %s", what, strerror(errno));
        return 0;
    }
    char target[PATH_MAX];
    struct stat st, ls;
    int exists = 0;
    if (lstat(path, &ls) == 0 && S_ISLNK(ls.st_mode)) {
        if (!realpath(path, target))
            return err_set(err, TASNIF_EIO, path, 0, 0, "cannot write the %s: cannot follow the link: %s", what,
                           strerror(errno));
    } else if (strlen(path) >= PATH_MAX - 16)
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot write the %s: name too long", what);
    else
        snprintf(target, sizeof target, "%s", path);
    if (stat(target, &st) == 0) {
        if (!S_ISREG(st.st_mode))
            return err_set(err, TASNIF_EIO, path, 0, 0, "cannot write the %s: %s is there", what, file_kind_name(st.st_mode));
        exists = 1;
    }
    int fd = -1;
    unsigned long long r = (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 20) ^ (uintptr_t)&st;
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        static const char digits[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        char suffix[7];
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        for (int i = 0; i < 6; i++)
            suffix[i] = digits[(r >> (16 + 6 * i)) % 62];
        suffix[6] = '\0';
        pending_on = 0;
        snprintf(pending, sizeof pending, "%s.tmp.%s", target, suffix);
        pending_on = 1;
        fd = open(pending, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            pending_on = 0;
            if (errno != EEXIST)
                break;
        }
    }
    if (fd < 0)
        return err_set(err, TASNIF_EIO, path, 0, 0, "cannot create a temporary file beside the %s: %s", what,
                       strerror(errno));
    if (exists) {
        if ((st.st_uid != geteuid() || st.st_gid != getegid()) && fchown(fd, st.st_uid, st.st_gid) < 0) {
            /* best effort: the new file keeps our owner */
        }
    }
    rc = 0;
    if ((exists && fchmod(fd, st.st_mode & 07777) < 0) || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
        rc = err_set(err, TASNIF_EIO, path, 0, 0, "cannot write the %s: %s", what, strerror(errno));
        close(fd);
    } else if (close(fd) < 0)
        rc = err_set(err, TASNIF_EIO, path, 0, 0, "cannot write the %s: %s", what, strerror(errno));
    else if (rename(pending, target) < 0)
        rc = err_set(err, TASNIF_EIO, path, 0, 0, "cannot rename the new %s into place: %s", what, strerror(errno));
    if (rc < 0) {
        unlink(pending);
        pending_on = 0;
        return rc;
    }
    pending_on = 0;
    char *slash = strrchr(target, '/');
    if (slash)
        *(slash == target ? slash + 1 : slash) = '\0';
    int dfd = open(slash ? target : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd); /* best effort: some file systems refuse directory fsync */
        close(dfd);
    }
    return 0;
}
