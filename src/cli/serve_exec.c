/*
 * serve_exec.c: `veto serve [options]` runs veto-serve, a separate program
 * (libmicrohttpd stays out of veto): the one beside this executable, else
 * the first on PATH. Returns only when it cannot be run.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_exec_serve(int argc, char **argv)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    argv[1] = "veto-serve";
    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (slash != NULL && (size_t)(slash - self) + sizeof "/veto-serve" <=
                                 sizeof self) {
            strcpy(slash + 1, "veto-serve");
            if (access(self, X_OK) == 0) {
                execv(self, argv + 1);
            }
        }
    }
    execvp("veto-serve", argv + 1);
    (void)argc;
    fprintf(stderr, "veto: 'serve' needs veto-serve, which is not installed "
                    "here (%s); build it with libmicrohttpd-dev installed "
                    "(meson -Dserve=enabled)\n",
            strerror(errno));
    return EXIT_USAGE;
}
