/*
 * utf8.c - strict UTF-8 validation (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF) and repair with U+FFFD, replacing each
 * maximal subpart of an ill-formed sequence as Unicode 15 section 3.9
 * ("U+FFFD substitution of maximal subparts") recommends.
 */
#include <string.h>
#include "features.h"

int utf8_check(const char *str, size_t n, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        /* fast path over ASCII, 8 bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        if (s[i] >= 0xC2 && s[i] <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
            i += 2; /* two bytes (Arabic, most of Latin, Greek, Cyrillic): inline */
            continue;
        }
        size_t skip, k = utf8_seq_len(s + i, n - i, &skip);
        if (!k) {
            if (bad)
                *bad = i;
            return TASNIF_EUTF8;
        }
        i += k;
    }
    return 0;
}

int utf8_repair(const char *str, size_t n, char **out, size_t *cap, size_t *out_len)
{
    const unsigned char *s = (const unsigned char *)str;
    /* worst case: every byte becomes 3 bytes */
    if (n > SIZE_MAX / 3 - 1)
        return TASNIF_ENOMEM;
    if (GROW(*out, *cap, n * 3 + 1) < 0)
        return TASNIF_ENOMEM;
    char *o = *out;
    size_t j = 0, i = 0;
    while (i < n) {
        size_t skip, k = utf8_seq_len(s + i, n - i, &skip);
        if (k) {
            memcpy(o + j, s + i, k);
            j += k;
            i += k;
        } else {
            memcpy(o + j, "\xEF\xBF\xBD", 3);
            j += 3;
            i += skip;
        }
    }
    o[j] = '\0';
    *out_len = j;
    return 0;
}

size_t utf8_encode(uint32_t u, char *o)
{
    if (u < 0x80) {
        o[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        o[0] = (char)(0xC0 | (u >> 6));
        o[1] = (char)(0x80 | (u & 0x3F));
        return 2;
    }
    if (u < 0x10000) {
        o[0] = (char)(0xE0 | (u >> 12));
        o[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        o[2] = (char)(0x80 | (u & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (u >> 18));
    o[1] = (char)(0x80 | ((u >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((u >> 6) & 0x3F));
    o[3] = (char)(0x80 | (u & 0x3F));
    return 4;
}

int label_check(const char *s, size_t n, const char **why, size_t *bad)
{
    *bad = 0;
    if (n == 0) {
        *why = "empty label";
        return TASNIF_EINPUT;
    }
    if (utf8_check(s, n, bad) < 0) {
        *why = "label is not valid UTF-8";
        return TASNIF_EUTF8;
    }
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
            *bad = i;
            *why = "label contains a control character";
            return TASNIF_EINPUT;
        }
    if (n > LABEL_MAX_BYTES) {
        *why = "label longer than 256 bytes";
        return TASNIF_ELIMIT;
    }
    return 0;
}
