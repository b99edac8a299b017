/*
 * test_files.c - outputs: the checks made before any work, and atomic
 * replacement (modes, symbolic links, no temporary file left).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "../../features/files.h"
#include "check.h"

static char dir[] = "/tmp/tasnif-files.XXXXXX";

static void put_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    fputs(text, fp);
    fclose(fp);
}

static int file_is(const char *path, const char *text)
{
    char buf[256] = {0};
    FILE *fp = fopen(path, "r");
    if (!fp)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    return n == strlen(text) && memcmp(buf, text, n) == 0;
}

static int mode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

/* How many entries of dir contain ".tmp." */
static int temporaries(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        n += strstr(e->d_name, ".tmp.") != NULL;
    closedir(d);
    return n;
}

static void test_check(void)
{
    char in[600], out[600], link[600], fifo[600], sock[600], sub[600], missing[600];
    tasnif_err err = {0};
    snprintf(in, sizeof in, "%s/in.tsv", dir);
    snprintf(out, sizeof out, "%s/out.tsnf", dir);
    snprintf(link, sizeof link, "%s/link.tsv", dir);
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    snprintf(sock, sizeof sock, "%s/sock", dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    snprintf(missing, sizeof missing, "%s/nothere/out.tsnf", dir);
    put_file(in, "a\tb\n");
    const char *inputs[] = {in};
    check(file_check_output(out, inputs, 1, NULL, &err) == 0, "a new file beside the input: %s", err.msg);
    check(file_check_output(in, inputs, 1, NULL, &err) == TASNIF_EARG && strstr(err.msg, "same file as the input"),
          "the input itself is refused: %s", err.msg);
    check(symlink(in, link) == 0, "symlink");
    check(file_check_output(link, inputs, 1, NULL, &err) == TASNIF_EARG, "a link to the input is refused");
    const char *by_link[] = {link};
    check(file_check_output(in, by_link, 1, NULL, &err) == TASNIF_EARG, "the input named through a link is refused");
    check(file_check_output("/dev/null", inputs, 1, NULL, &err) == TASNIF_EARG && strstr(err.msg, "character device"),
          "/dev/null is refused: %s", err.msg);
    check(mkfifo(fifo, 0600) == 0, "mkfifo");
    check(file_check_output(fifo, NULL, 0, NULL, &err) == TASNIF_EARG && strstr(err.msg, "FIFO"), "a FIFO is refused: %s",
          err.msg);
    check(mkdir(sub, 0700) == 0, "mkdir");
    check(file_check_output(sub, NULL, 0, NULL, &err) == TASNIF_EARG && strstr(err.msg, "folder"),
          "a folder is refused: %s", err.msg);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof a.sun_path, "%.100s", sock);
    check(s >= 0 && bind(s, (struct sockaddr *)&a, sizeof a) == 0, "bind");
    check(file_check_output(sock, NULL, 0, NULL, &err) == TASNIF_EARG && strstr(err.msg, "socket"),
          "a socket is refused: %s", err.msg);
    close(s);
    check(file_check_output(missing, NULL, 0, NULL, &err) == TASNIF_EIO, "a missing folder is refused: %s", err.msg);
    /* two outputs that do not exist yet, named differently */
    char other[600];
    snprintf(other, sizeof other, "%s/./out.tsnf", dir);
    check(file_check_output(out, NULL, 0, other, &err) == TASNIF_EARG && strstr(err.msg, "other output"),
          "two outputs naming one new file: %s", err.msg);
    check(file_check_output(out, NULL, 0, in, &err) == 0, "two different outputs");
    unlink(link);
    unlink(fifo);
    unlink(sock);
    rmdir(sub);
    unlink(in);
}

static void test_write(void)
{
    char path[600], link[600], target[600];
    tasnif_err err = {0};
    snprintf(path, sizeof path, "%s/r.json", dir);
    mode_t old = umask(027);
    check(file_write_atomic(path, "one\n", 4, "report", &err) == 0, "write: %s", err.msg);
    check(file_is(path, "one\n"), "content");
    check(mode_of(path) == 0640, "a new file: 0666 less the umask, got %o", mode_of(path));
    chmod(path, 0604);
    check(file_write_atomic(path, "two\n", 4, "report", &err) == 0, "replace: %s", err.msg);
    check(file_is(path, "two\n") && mode_of(path) == 0604, "a replaced file keeps its mode, got %o", mode_of(path));
    umask(old);
    /* a symbolic link is followed: the target is replaced, the link stays */
    snprintf(link, sizeof link, "%s/link.json", dir);
    snprintf(target, sizeof target, "%s/target.json", dir);
    put_file(target, "old\n");
    check(symlink("target.json", link) == 0, "symlink");
    check(file_write_atomic(link, "new\n", 4, "report", &err) == 0, "write through a link: %s", err.msg);
    struct stat st;
    check(lstat(link, &st) == 0 && S_ISLNK(st.st_mode), "the link stays a link");
    check(file_is(target, "new\n"), "the target was replaced");
    /* failures leave the old file and no temporary file */
    check(file_write_atomic("/dev/null", "x", 1, "report", &err) == TASNIF_EIO, "a device is not replaced");
    char missing[600];
    snprintf(missing, sizeof missing, "%s/nothere/r.json", dir);
    check(file_write_atomic(missing, "x", 1, "report", &err) == TASNIF_EIO, "missing folder: %s", err.msg);
    check(temporaries() == 0, "no temporary file left");
    unlink(path);
    unlink(link);
    unlink(target);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_check();
    test_write();
    rmdir(dir);
    return check_done();
}
