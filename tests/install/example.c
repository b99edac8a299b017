/*
 * example.c - a program built on the installed library alone: tasnif.h and
 * `pkg-config tasnif`.  tests/integration/install.sh builds it against
 * libtasnif.a and libtasnif.so.
 *
 *   example MODEL FILE   print the best label of the article in FILE
 *   example --version    print tasnif_version()
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
    if (argc != 3) {
        fprintf(stderr, "usage: example MODEL FILE | example --version\n");
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
    free(text);
    tasnif_model_free(m);
    return n < 0 ? 1 : 0;
}
