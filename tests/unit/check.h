/*
 * check.h - the unit tests' assertion helper.  check(cond, fmt, ...)
 * counts a pass, or prints "FAILED file:line: message" and counts a
 * failure; check_done() prints "N passed, N failed" and gives the exit
 * status.
 */
#ifndef TASNIF_CHECK_H
#define TASNIF_CHECK_H

#include <stdio.h>

static int check_passed, check_failed;

#define check(cond, ...)                                                   \
    do {                                                                   \
        if (cond)                                                          \
            check_passed++;                                                \
        else {                                                             \
            check_failed++;                                                \
            fprintf(stderr, "FAILED %s:%d: ", __FILE__, __LINE__);         \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
        }                                                                  \
    } while (0)

static inline int check_done(void)
{
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
