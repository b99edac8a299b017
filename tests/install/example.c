/*
 * example.c - a program built on the installed library alone: tasnif.h and
 * `pkg-config tasnif`.  tests/integration/install.sh builds it against
 * libtasnif.a and libtasnif.so.
 *
 *   example MODEL FILE         print the best label of the article in FILE
 *   example --why MODEL FILE   and its three weightiest words, with their
 *                              part of its score
 *   example --version          print tasnif_version()
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tasnif.h>

static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    if (buf && ferror(fp)) {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("%s\n", tasnif_version());
        return strcmp(tasnif_version(), TASNIF_VERSION) == 0 ? 0 : 1;
    }
    int why = argc == 4 && strcmp(argv[1], "--why") == 0;
    argv += why;
    argc -= why;
    if (argc != 3) {
        fprintf(stderr, "usage: example [--why] MODEL FILE | example --version\n");
        return 2;
    }
    tasnif_err err = {0};
    tasnif_model *m = NULL;
    if (tasnif_model_load(argv[1], &m, &err) < 0) {
        fprintf(stderr, "example: %s\n", err.msg);
        return 1;
    }
    size_t len;
    char *text = read_file(argv[2], &len);
    if (!text) {
        fprintf(stderr, "example: cannot read %s\n", argv[2]);
        tasnif_model_free(m);
        return 1;
    }
    tasnif_score best;
    int n = tasnif_classify(m, text, len, &best, 1, &err);
    if (n < 0)
        fprintf(stderr, "example: %s: %s\n", tasnif_strerror(n), err.msg);
    else
        printf("%s\n", best.label);
    tasnif_word_explanation *x = NULL;
    if (n > 0 && why && (n = tasnif_explain_words(m, text, len, best.index, 3, &x, &err)) < 0)
        fprintf(stderr, "example: %s: %s\n", tasnif_strerror(n), err.msg);
    for (int i = 0; x && i < x->nwords; i++)
        printf("%s\t%+.4f\n", x->words[i].word, x->words[i].contribution);
    tasnif_word_explanation_free(x);
    free(text);
    tasnif_model_free(m);
    return n < 0 ? 1 : 0;
}
