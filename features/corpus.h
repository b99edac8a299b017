/*
 * corpus.h - corpus readers: TSV, fastText, JSON Lines, CSV, a folder per
 * label, one document per line, any of them gzip- or zstd-compressed; ids,
 * label sets; a corpus read in batches whose terms are extracted on
 * several threads.  Private to libtasnif.
 */
#ifndef TASNIF_CORPUS_H
#define TASNIF_CORPUS_H

#include <stdio.h>
#include "features.h"

typedef enum corpus_format {
    CORPUS_AUTO = 0,  /* by directory, extension, then first line */
    CORPUS_TSV,       /* label<TAB>text */
    CORPUS_FASTTEXT,  /* __label__x text */
    CORPUS_JSONL,     /* {"label": ..., "text": ...} */
    CORPUS_DIR,       /* DIR/<label>/<file>: one document per file */
    CORPUS_LINES,     /* unlabelled: one document per line (prediction) */
    CORPUS_CSV        /* RFC 4180 with a header row naming the columns */
} corpus_format;

/* @return the format named s ("auto", "tsv", "fasttext", "jsonl", "dir",
 * "lines", "csv"), or -1. */
int corpus_format_parse(const char *s);
const char *corpus_format_name(corpus_format f);

/* One document.  All pointers are owned by the reader and valid until the
 * next corpus_next call. */
typedef struct corpus_doc {
    const char *label;   /* NULL for unlabelled formats and --lines */
    size_t label_len;
    const char *text;
    size_t len;
    const char *file;    /* file name for messages ("<stdin>" for -) */
    long line;           /* 1-based line (a CSV record's first), 0 for one-file documents */
    const char *id;      /* the corpus's own name for it (JSON "id", a CSV or TSV id
                            column), NUL-terminated; NULL when it has none */
} corpus_doc;

/* A document's name in outputs: its id, else FILE:LINE (FILE for a
 * one-file document), into buf (cap bytes); @return buf. */
char *corpus_doc_name(const corpus_doc *d, char *buf, size_t cap);
/* The same from its parts (id may be NULL). */
char *corpus_name(const char *id, const char *file, long line, char *buf, size_t cap);

typedef struct corpus corpus;

/* A note about the input that is no error (a header row taken as such):
 * file, line and the message, for the caller to show. */
typedef void (*corpus_note_fn)(void *user, const char *file, long line, const char *msg);

/*
 * Where a document's parts are.  Zeroed (or corpus_spec_defaults) means
 * the defaults; the strings are borrowed for as long as a corpus uses it.
 */
typedef struct corpus_spec {
    const char *text_fields;  /* JSON Lines keys (dotted paths: meta.body) or
                                 CSV columns holding the text, comma-separated,
                                 joined by a line break in that order; NULL: "text" */
    const char *title_field;  /* a field put first, before the text (so the
                                 lead's features see it), or NULL */
    const char *label_field;  /* NULL: "label" (label sets: "labels", else "label");
                                 CSV: the first of label, labels, category, class */
    const char *id_field;     /* NULL: "id" where present */
    int tsv_id;               /* TSV lines are id<TAB>label<TAB>text */
    int no_header;            /* never take a first line or record as a header row
                                 (CSV: columns are then numbered from 1) */
    corpus_note_fn note;      /* notes, or NULL for none */
    void *note_user;
} corpus_spec;

/* Use spec (borrowed; NULL: the defaults) for the fields of c's documents.
 * Call before the first corpus_next. */
void corpus_set_spec(corpus *c, const corpus_spec *spec);

/*
 * Open path ("-" = standard input) in format fmt.  With labels == 0 the
 * label of labelled formats is parsed and ignored, and lines without a
 * label are documents too (prediction).  max_line caps one line or file.
 */
int corpus_open(const char *path, corpus_format fmt, int labels, int64_t max_line,
                corpus **out, tasnif_err *err);
/* The bytes of text of the regular files among paths into *bytes (a
 * compressed file's decompressed size, counted up to limit bytes in all);
 * @return 1 when every size is known or the total reaches limit (*bytes is
 * then at least limit), 0 when some size is unknown (standard input, a
 * pipe, a device, a folder). */
int corpus_paths_bytes(const char *const *paths, int n, uint64_t limit, uint64_t *bytes);
/*
 * The next document.  @return 1 with *doc filled, 0 at the end, or a
 * negative code for a bad document (err names file:line); reading can go
 * on after a TASNIF_EINPUT / TASNIF_EUTF8 / TASNIF_ELIMIT error.
 */
int corpus_next(corpus *c, corpus_doc *doc, tasnif_err *err);
/*
 * Can the next corpus_next answer without waiting for input?  1 for files
 * and folders, at the end, or when a whole line has arrived from a pipe,
 * terminal or socket (what has arrived is taken in without blocking); 0
 * when reading would wait for the writer.  Readers in batches end a batch
 * there, so each line of a coprocess is answered as soon as it is whole.
 */
int corpus_ready(corpus *c);
/*
 * Read a whole file ("-" = standard input; gzip or zstd decompressed) as
 * one document into *buf (grown with GROW, NUL-terminated).  Longer than
 * max bytes is TASNIF_ELIMIT (read no further); a NUL byte or nothing but
 * white space ("empty document")
 * is TASNIF_EINPUT.
 */
int corpus_read_file(const char *path, int64_t max, char **buf, size_t *cap, size_t *len, tasnif_err *err);

/* Is s[0..n) a label the caller knows? */
typedef int (*corpus_label_fn)(void *user, const char *s, size_t n);
/*
 * How many of the first max non-blank lines of s[0..len) (one file read
 * as one document) look like a labelled corpus's: they start with
 * __label__, or with a label is_label knows (or a comma-separated set of
 * them) and a TAB.  *lines gets how many lines were looked at.  For the
 * hint that such a file was meant to be read line by line.
 */
int corpus_labelled_lines(const char *s, size_t len, int max, corpus_label_fn is_label, void *user, int *lines);

/* Is s[0..n) nothing but white space (ASCII space, tab, newlines, form
 * feed, vertical tab)?  The readers' "empty text": no document. */
int corpus_is_blank(const char *s, size_t n);
/* The rule for one document's text (a whole file, or text given to the
 * library): TASNIF_EINPUT for a NUL byte ("NUL byte at byte N") or nothing
 * but white space ("empty document"), named by name (NULL: no name). */
int corpus_check_text(const char *s, size_t n, const char *name, tasnif_err *err);

/*
 * Read c to its end in batches whose terms feat_batch extracts on several
 * threads.  For each document, in input order, doc(user, b, i, rc, err) is
 * called with its index i in the batch and its extraction result (rc 0, or
 * negative with err).  After the documents of a batch, end(user, b) is
 * called when given (the batch is still readable).  A reader error (bad
 * line) stops a batch early and then reaches doc with i = SIZE_MAX, so
 * errors keep their place.  The first negative return of doc or end stops
 * the stream and is returned.
 */
typedef int (*corpus_doc_fn)(void *user, const feat_batch *b, size_t i, int rc, const tasnif_err *err);
typedef int (*corpus_end_fn)(void *user, const feat_batch *b);
int corpus_stream(corpus *c, feat_batch *b, size_t max_docs, size_t max_bytes, corpus_doc_fn doc,
                  corpus_end_fn end, void *user, tasnif_err *err);

/* Label sets: in multi-label mode a document's label is its labels joined
 * by this byte (never part of a label: labels hold no control characters). */
#define CORPUS_LABEL_SEP '\x1f'

/*
 * Read label sets: TSV and CSV labels split on sep (empty or repeated
 * labels are errors naming file:line), every leading __label__ of a
 * fastText line, and JSON Lines' "labels": [...] (or "label", or the
 * --label-field).  corpus_doc.label then holds the set joined by
 * CORPUS_LABEL_SEP, main label first.
 */
void corpus_set_multi(corpus *c, char sep);

/* The compression the input was read through: "gzip", "zstd" or "plain"
 * (a folder: "plain"). */
const char *corpus_compression(const corpus *c);

/* The format in use once detected. */
corpus_format corpus_get_format(const corpus *c);
void corpus_close(corpus *c);

#endif
