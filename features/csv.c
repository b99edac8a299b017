/*
 * csv.c - an incremental RFC 4180 record parser.  States: at a field's
 * start, inside an unquoted field, inside a quoted one, and just after a
 * quote inside a quoted field (the field's end, or the first of a doubled
 * quote).  Each line is scanned once, whatever the number of lines of the
 * record.
 */
#include <stdlib.h>
#include <string.h>
#include "base.h"
#include "csv.h"

enum { AT_START, UNQUOTED, QUOTED, QUOTE_SEEN };

void csv_rec_reset(csv_rec *r)
{
    r->len = r->n = r->bytes = 0;
    r->state = AT_START;
}

void csv_rec_finish(csv_rec *r)
{
    free(r->buf);
    free(r->off);
    memset(r, 0, sizeof *r);
}

int csv_rec_open(const csv_rec *r)
{
    return r->state == QUOTED;
}

/* Start a new field at the end of buf. */
static int begin(csv_rec *r)
{
    if (GROW(r->off, r->ncap, r->n + 1) < 0)
        return -1;
    r->off[r->n++] = r->len;
    return 0;
}

/* End the current field (its NUL). */
static int end(csv_rec *r)
{
    if (GROW(r->buf, r->cap, r->len + 1) < 0)
        return -1;
    r->buf[r->len++] = '\0';
    return 0;
}

int csv_rec_feed(csv_rec *r, const char *s, size_t n, const char **why, size_t *byte)
{
    /* room for the line, a line break and every NUL it may end */
    if (GROW(r->buf, r->cap, r->len + 2 * n + 2) < 0)
        return -2;
    if (r->state == QUOTED) /* the line break belongs to the quoted field */
        r->buf[r->len++] = '\n';
    else if (r->n == 0 && begin(r) < 0)
        return -2;
    r->bytes += n + 1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        switch (r->state) {
        case AT_START:
            if (c == '"') {
                r->state = QUOTED;
                break;
            }
            r->state = UNQUOTED;
            /* fall through */
        case UNQUOTED:
            if (c == ',') {
                if (end(r) < 0 || begin(r) < 0)
                    return -2;
                r->state = AT_START;
            } else
                r->buf[r->len++] = c;
            break;
        case QUOTED:
            if (c == '"')
                r->state = QUOTE_SEEN;
            else
                r->buf[r->len++] = c;
            break;
        case QUOTE_SEEN:
            if (c == '"') { /* a doubled quote */
                r->buf[r->len++] = '"';
                r->state = QUOTED;
            } else if (c == ',') {
                if (end(r) < 0 || begin(r) < 0)
                    return -2;
                r->state = AT_START;
            } else {
                *why = "text after a quoted field's closing quote (a quote inside a quoted field is written \"\")";
                *byte = i + 1;
                return -1;
            }
            break;
        }
    }
    if (r->state == QUOTED)
        return 0;
    if (end(r) < 0)
        return -2;
    r->state = AT_START;
    return 1;
}

const char *csv_field(const csv_rec *r, size_t i, size_t *len)
{
    const char *f = r->buf + r->off[i];
    *len = strlen(f);
    return f;
}
