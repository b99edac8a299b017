/*
 * relabel.h - a corrected copy of a corpus: the label changes a person
 * confirmed in an audit's findings (tasnif audit --fix).  Private.
 */
#ifndef TASNIF_RELABEL_H
#define TASNIF_RELABEL_H

#include "../features/corpus.h"

typedef struct relabel_stats {
    size_t findings;      /* rows of the confirmation file */
    size_t confirmed;     /* marked y */
    size_t changed;       /* documents whose labels changed */
} relabel_stats;

/*
 * Write corpus_path (a TSV, fastText or JSON Lines file; fmt as given, or
 * CORPUS_AUTO) to out_path with the findings of confirmed_path applied,
 * every other byte as it was.  confirmed_path is `tasnif audit --format
 * tsv` output (a header line, then per finding: confirm, id, given,
 * suggested, kind, ...): a row whose confirm is y or yes applies (n, no, ?
 * or empty: kept as it is); its id must be a line of corpus_path (FILE:LINE,
 * FILE naming the corpus), its given label(s) what that line still holds.
 * kind wrong sets the line's label to suggested; with multi (label sets,
 * TSV sets separated by sep) missing adds suggested, extra removes it.
 * out_path is written atomically (file_write_atomic) and only when every
 * row is good; a bad row is an error naming confirmed_path:LINE.
 * @return 0 with *st filled, or a negative code with err set.
 */
int relabel_corpus(const char *corpus_path, corpus_format fmt, int multi, char sep, const char *confirmed_path,
                   const char *out_path, relabel_stats *st, tasnif_err *err);

#endif
