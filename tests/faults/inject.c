/*
 * inject.c - an LD_PRELOAD shim that makes the k-th call of one function
 * fail, to prove that tasnif fails cleanly: a clear error, a non-zero exit
 * status, no half-written model.
 *
 *   FAULT_FN=malloc|calloc|realloc|write|fsync|rename|fopen|open
 *   FAULT_AT=k      fail the k-th call (1-based); 0 = only count
 *   FAULT_COUNT=F   at exit, write the number of calls seen to file F
 *   FAULT_SIGNAL=S  instead of failing the k-th call, raise signal S (a
 *                   number) just before it, then make the call
 *
 * Allocations are counted only when tasnif's own code (the main program)
 * calls them: ICU and libsvm do not check every allocation, and a fault
 * inside them says nothing about tasnif.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static char fn_name[32];
static long fault_at = -1, calls;
static int fault_signal;
static char count_path[4096];
static const char *count_file;
static uintptr_t main_lo, main_hi;
static int ready;

static int find_main(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    /* the first object is the main program */
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
            main_lo = info->dlpi_addr + ph->p_vaddr;
            main_hi = main_lo + ph->p_memsz;
        }
    }
    return 1;
}

__attribute__((constructor)) static void init(void)
{
    const char *f = getenv("FAULT_FN"), *at = getenv("FAULT_AT");
    if (f)
        snprintf(fn_name, sizeof fn_name, "%s", f);
    fault_at = at ? atol(at) : -1;
    fault_signal = getenv("FAULT_SIGNAL") ? atoi(getenv("FAULT_SIGNAL")) : 0;
    /* the count is the started program's alone: a process it starts (the
     * MPI singleton's daemon) inherits the shim but must not write it */
    if (getenv("FAULT_COUNT")) {
        snprintf(count_path, sizeof count_path, "%s", getenv("FAULT_COUNT"));
        count_file = count_path;
        unsetenv("FAULT_COUNT");
    }
    dl_iterate_phdr(find_main, NULL);
    ready = 1;
}

__attribute__((destructor)) static void done(void)
{
    if (count_file) {
        FILE *fp = fopen(count_file, "w");
        if (fp) {
            fprintf(fp, "%ld\n", calls);
            fclose(fp);
        }
    }
}

/* Should this call of function name fail? */
static int fault(const char *name, void *caller, int own_only)
{
    if (!ready || strcmp(name, fn_name) != 0)
        return 0;
    if (own_only && !((uintptr_t)caller >= main_lo && (uintptr_t)caller < main_hi))
        return 0;
    calls++;
    if (fault_at > 0 && calls == fault_at && fault_signal) {
        raise(fault_signal);
        return 0;
    }
    return fault_at > 0 && calls == fault_at;
}

void *malloc(size_t n)
{
    if (fault("malloc", __builtin_return_address(0), 1)) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
    if (fault("calloc", __builtin_return_address(0), 1)) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
    if (fault("realloc", __builtin_return_address(0), 1)) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_realloc(p, n);
}

#define REAL(type, name, args) \
    static type(*real_##name) args; \
    if (!real_##name) \
        real_##name = (type(*) args)dlsym(RTLD_NEXT, #name);

ssize_t write(int fd, const void *buf, size_t n)
{
    REAL(ssize_t, write, (int, const void *, size_t))
    if (fault("write", __builtin_return_address(0), 0)) {
        errno = EIO;
        return -1;
    }
    return real_write(fd, buf, n);
}

int fsync(int fd)
{
    REAL(int, fsync, (int))
    if (fault("fsync", __builtin_return_address(0), 0)) {
        errno = EIO;
        return -1;
    }
    return real_fsync(fd);
}

int rename(const char *a, const char *b)
{
    REAL(int, rename, (const char *, const char *))
    if (fault("rename", __builtin_return_address(0), 0)) {
        errno = EACCES;
        return -1;
    }
    return real_rename(a, b);
}

FILE *fopen(const char *path, const char *mode)
{
    REAL(FILE *, fopen, (const char *, const char *))
    if (fault("fopen", __builtin_return_address(0), 1)) {
        errno = EACCES;
        return NULL;
    }
    return real_fopen(path, mode);
}

int open(const char *path, int flags, ...)
{
    REAL(int, open, (const char *, int, ...))
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    if (fault("open", __builtin_return_address(0), 1)) {
        errno = EACCES;
        return -1;
    }
    return real_open(path, flags, mode);
}
