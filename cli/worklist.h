/*
 * worklist.h - the HTML page of documents a person works through, one
 * after another (tasnif suggest, tasnif audit): a numbered list, each
 * document with a box to tick when done, its facts and its text.  No
 * scripts, no fetches; every string is escaped.
 */
#ifndef TASNIF_CLI_WORKLIST_H
#define TASNIF_CLI_WORKLIST_H

#include <stdio.h>

/* The page up to the list: title and one paragraph (both escaped). */
void worklist_begin(FILE *fp, const char *title, const char *intro);
/* One document: its number and id; then the caller writes the facts as
 * <dt>/<dd> pairs (worklist_fact), then worklist_doc_end with its first
 * words and whole text. */
void worklist_doc_begin(FILE *fp, size_t number, const char *id);
/* One fact, name and value escaped. */
void worklist_fact(FILE *fp, const char *name, const char *value);
void worklist_doc_end(FILE *fp, const char *words, const char *text);
void worklist_end(FILE *fp);

#endif
