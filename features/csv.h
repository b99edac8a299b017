/*
 * csv.h - one CSV record (RFC 4180: comma-separated fields, quoted fields
 * holding commas, doubled quotes and line breaks, CRLF line ends), fed a
 * physical line at a time so a record may span lines and memory stays
 * that of one record.  Private to libtasnif.
 */
#ifndef TASNIF_CSV_H
#define TASNIF_CSV_H

#include <stddef.h>

typedef struct csv_rec {
    char *buf;             /* the decoded fields, each NUL-terminated */
    size_t len, cap;
    size_t *off;           /* field i starts at buf + off[i] */
    size_t n, ncap;        /* fields so far */
    size_t bytes;          /* raw bytes fed to this record */
    int state;             /* where the last line ended (inside quotes or not) */
} csv_rec;

/* Forget the record (keeping the memory) before its first line. */
void csv_rec_reset(csv_rec *r);
void csv_rec_finish(csv_rec *r);
/*
 * Feed the next physical line s[0..n) (without its line end) of the
 * record.  @return 1 when the record is complete, 0 when it goes on to
 * the next line (a quoted field is open: the line break is part of it),
 * -1 on a syntax error with *why and *byte (1-based, in this line), or -2
 * when out of memory.  A quote inside an unquoted field is taken as it is
 * (as Python's csv module does).
 */
int csv_rec_feed(csv_rec *r, const char *s, size_t n, const char **why, size_t *byte);
/* Field i of a complete record (NUL-terminated) and its length. */
const char *csv_field(const csv_rec *r, size_t i, size_t *len);
/* Is a quoted field open (the record needs more lines)? */
int csv_rec_open(const csv_rec *r);

#endif
