/*
 * output.c: where `-o FILE` writes.
 *
 * A regular file is replaced atomically: the report goes to a temporary
 * file in the same directory as the file's real path (symlinks followed),
 * which is renamed over it only once it is complete, so an interrupted run
 * never leaves a truncated report and a symlink stays a symlink. A new file
 * gets mode 0666 & ~umask, an existing one keeps its mode.
 *
 * Anything else is written directly and never replaced: the standard
 * streams named as files (/dev/stdout, /dev/stderr, /dev/fd/N,
 * /proc/self/fd/N), devices, FIFOs and sockets. Replacing them by rename
 * would, as root, turn /dev/null or the /dev/stdout link into a regular
 * file.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The descriptor that a path names directly (/dev/stdout, /dev/fd/3,
 * /proc/self/fd/3, ...), or -1. */
static int named_descriptor(const char *path)
{
    if (strcmp(path, "/dev/stdout") == 0) {
        return 1;
    }
    if (strcmp(path, "/dev/stderr") == 0) {
        return 2;
    }
    static const char *const prefix[] = {"/dev/fd/", "/proc/self/fd/"};
    for (size_t k = 0; k < sizeof prefix / sizeof prefix[0]; k++) {
        size_t len = strlen(prefix[k]);
        if (strncmp(path, prefix[k], len) != 0) {
            continue;
        }
        const char *d = path + len;
        if (*d < '0' || *d > '9') {
            return -1;
        }
        char *end;
        errno = 0;
        long fd = strtol(d, &end, 10);
        if (errno != 0 || *end != '\0' || fd > INT_MAX) {
            return -1;
        }
        return (int)fd;
    }
    return -1;
}

static FILE *fail_open(const cli_t *c, int errnum)
{
    fprintf(stderr, "veto: cannot write '%s': %s\n", c->output,
            strerror(errnum));
    return NULL;
}

/* Open a file that is written in place (no temporary). */
static FILE *open_direct(const cli_t *c, int fd)
{
    if (fd < 0) {
        return fail_open(c, errno);
    }
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        int e = errno;
        close(fd);
        return fail_open(c, e);
    }
    return f;
}

FILE *cli_open_output(const cli_t *c, char **tmpname)
{
    *tmpname = NULL;
    if (c->output == NULL || strcmp(c->output, "-") == 0 || c->mpi_silent) {
        return stdout;
    }
    int nfd = named_descriptor(c->output);
    if (nfd == 1) {
        return stdout;
    }
    if (nfd >= 0) {
        /* Our own descriptor: write through a copy of it, so that closing
         * the report leaves the descriptor open (stderr keeps working). */
        fflush(stderr);
        return open_direct(c, fcntl(nfd, F_DUPFD_CLOEXEC, 3));
    }
    struct stat st;
    bool exists = stat(c->output, &st) == 0;
    if (!exists && errno != ENOENT) {
        return fail_open(c, errno);
    }
    if (exists && !S_ISREG(st.st_mode)) {
        /* A device, a FIFO, a socket (or a directory, which open refuses):
         * write into it, never replace it. No O_TRUNC: it means nothing to
         * these and is undefined for some devices. */
        return open_direct(c, open(c->output, O_WRONLY | O_CLOEXEC));
    }
    struct stat lst;
    if (!exists && lstat(c->output, &lst) == 0) {
        /* A symlink to nothing yet: create its target through it. */
        return open_direct(
            c, open(c->output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
    }
    /* A regular file, or a new one: the temporary goes beside the real
     * target so that rename(2) stays within one file system and replaces
     * the target, not a symlink to it. */
    char *target = exists ? realpath(c->output, NULL) : strdup(c->output);
    if (target == NULL) {
        return fail_open(c, errno);
    }
    mode_t mode;
    if (exists) {
        mode = st.st_mode & 07777;
    } else {
        mode_t mask = umask(0); /* single-threaded here: read and restore */
        umask(mask);
        mode = 0666 & ~mask;
    }
    /* tmpname carries both names: "TEMP\0TARGET". */
    size_t gl = strlen(target), tl = gl + sizeof ".tmpXXXXXX" - 1;
    char *both = malloc(tl + 1 + gl + 1);
    if (both == NULL) {
        free(target);
        return fail_open(c, ENOMEM);
    }
    memcpy(both, target, gl);
    memcpy(both + gl, ".tmpXXXXXX", sizeof ".tmpXXXXXX");
    memcpy(both + tl + 1, target, gl + 1);
    free(target);
    int fd = mkstemp(both);
    if (fd < 0) {
        int e = errno;
        free(both);
        return fail_open(c, e);
    }
    if (fchmod(fd, mode) != 0) {
        int e = errno;
        close(fd);
        unlink(both);
        free(both);
        return fail_open(c, e);
    }
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        int e = errno;
        close(fd);
        unlink(both);
        free(both);
        return fail_open(c, e);
    }
    *tmpname = both;
    return f;
}

int cli_close_output(const cli_t *c, FILE *f, char *tmpname, bool ok)
{
    int bad = ferror(f);
    if (f == stdout) {
        if (fflush(stdout) != 0 || bad) {
            fprintf(stderr, "veto: cannot write the output: %s\n",
                    strerror(errno));
            return EXIT_OUTPUT;
        }
        return EXIT_OK;
    }
    if (fclose(f) != 0) {
        bad = 1;
    }
    if (tmpname == NULL) {
        /* Written in place: nothing to rename or remove. */
        if (bad) {
            fprintf(stderr, "veto: cannot write '%s'\n", c->output);
            return EXIT_OUTPUT;
        }
        return EXIT_OK;
    }
    const char *target = tmpname + strlen(tmpname) + 1;
    if (!ok || bad) {
        unlink(tmpname);
        free(tmpname);
        if (bad) {
            fprintf(stderr, "veto: cannot write '%s'\n", c->output);
            return EXIT_OUTPUT;
        }
        return EXIT_OK;
    }
    if (rename(tmpname, target) != 0) {
        fprintf(stderr, "veto: cannot write '%s': %s\n", c->output,
                strerror(errno));
        unlink(tmpname);
        free(tmpname);
        return EXIT_OUTPUT;
    }
    free(tmpname);
    return EXIT_OK;
}
