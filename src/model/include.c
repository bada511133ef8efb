/*
 * include.c: `include "file.veto"`, a shared list of players (and beliefs)
 * read into the model. The checks here are what keeps a model file from
 * reading whatever it likes: a path is resolved with realpath and must lie
 * inside the model's directory unless the caller allows otherwise, cycles
 * and deep nesting are refused, and the size cap covers the model and all
 * it includes together.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "model_i.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OOM() veto_i_errorf(b->err, VETO_ENOMEM, "out of memory")

/* The directory part of a realpath (always absolute): "/a/b/c" -> "/a/b",
 * "/c" -> "/". NULL on ENOMEM. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash == NULL || slash == path ? 1 : (size_t)(slash - path);
    return veto_i_strndup(slash == NULL ? "/" : path, n);
}

/* Is path inside dir (or dir itself)? Both are realpaths. */
static bool inside(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    if (strcmp(dir, "/") == 0) {
        return true;
    }
    return strncmp(dir, path, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static veto_status push(veto_i_build_t *b, char *real)
{
    if (b->nstack == b->cstack) {
        size_t ncap = b->cstack == 0 ? 4 : b->cstack * 2;
        char **ns = veto_i_reallocarray(b->stack, ncap, sizeof *ns);
        if (ns == NULL) {
            return OOM(); /* real stays the caller's */
        }
        b->stack = ns;
        b->cstack = ncap;
    }
    b->stack[b->nstack++] = real;
    return VETO_OK;
}

void veto_i_include_pop(veto_i_build_t *b)
{
    if (b->nstack > 1) {
        veto_i_free(b->stack[--b->nstack]);
    }
}

/* Read the whole file at real (already resolved), refusing it when the
 * running total would pass max_file_bytes. */
static veto_status slurp(veto_i_build_t *b, const char *real,
                         const char *shown, veto_i_pos_t pos, char **text,
                         size_t *len)
{
    veto_status rc = VETO_OK;
    size_t budget = b->lim.max_file_bytes > b->total_bytes
                        ? b->lim.max_file_bytes - b->total_bytes
                        : 0;
    FILE *f = fopen(real, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    if (f == NULL) {
        int e = errno;
        return veto_i_build_error(b, VETO_EIO, pos, "cannot include '%s': %s",
                                  shown, strerror(e));
    }
    for (;;) {
        if (n == cap) {
            size_t ncap = cap == 0 ? 4096 : cap * 2;
            char *nb = veto_i_realloc(buf, ncap);
            if (nb == NULL) {
                rc = OOM();
                goto done;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n > budget) {
            rc = veto_i_build_error(b, VETO_ELIMIT, pos,
                                    "the model and the files it includes are "
                                    "larger than the limit of %zu bytes "
                                    "(max_file_bytes)",
                                    b->lim.max_file_bytes);
            veto_i_error_hint_code(b->err, VETO_HINT_RAISE_LIMIT,
                                   "max_file_bytes", NULL, NULL);
            goto done;
        }
        if (got == 0) {
            if (ferror(f)) {
                int e = errno;
                rc = veto_i_build_error(b, VETO_EIO, pos,
                                        "cannot read '%s': %s", shown,
                                        strerror(e));
                goto done;
            }
            break;
        }
    }
    b->total_bytes += n;
    *text = buf;
    *len = n;
    buf = NULL;
done:
    veto_i_free(buf);
    fclose(f);
    return rc;
}

veto_status veto_i_include_open(veto_i_build_t *b, const char *path,
                                size_t len, veto_i_pos_t pos,
                                const veto_i_src_t **out)
{
    veto_status rc = VETO_OK;
    char *written = NULL, *joined = NULL, *real = NULL, *dir = NULL;
    char *text = NULL, *name = NULL;
    char buf[PATH_MAX];

    *out = NULL;
    if (b->path == NULL) {
        rc = veto_i_build_error(b, VETO_EINVAL, pos,
                                "include needs a model read from a file, "
                                "not from standard input or memory");
        veto_i_error_hint(b->err, "give the model as a file name, or copy "
                                  "the included players into it");
        return rc;
    }
    written = veto_i_strndup(path, len);
    if (written == NULL) {
        return OOM();
    }
    if (len == 0 || memchr(path, '\0', len) != NULL) {
        rc = veto_i_build_error(b, VETO_EINVAL, pos,
                                "include needs a file name");
        goto cleanup;
    }
    if (b->nstack == 0) {
        if (realpath(b->path, buf) == NULL) {
            int e = errno;
            rc = veto_i_build_error(b, VETO_EIO, pos,
                                    "cannot resolve the model's path '%s': "
                                    "%s",
                                    b->path, strerror(e));
            goto cleanup;
        }
        char *top = veto_i_strdup(buf);
        if (top == NULL) {
            rc = OOM();
            goto cleanup;
        }
        if ((rc = push(b, top)) != VETO_OK) {
            veto_i_free(top);
            goto cleanup;
        }
    }
    if (b->nstack > VETO_I_MAX_INCLUDE_DEPTH) {
        rc = veto_i_build_error(b, VETO_ELIMIT, pos,
                                "includes nested more than %d deep",
                                VETO_I_MAX_INCLUDE_DEPTH);
        goto cleanup;
    }
    /* relative to the file that includes, as in C */
    if (written[0] == '/') {
        joined = veto_i_strdup(written);
    } else {
        dir = dir_of(b->stack[b->nstack - 1]);
        if (dir == NULL) {
            rc = OOM();
            goto cleanup;
        }
        size_t n = strlen(dir) + 1 + len + 1;
        joined = veto_i_malloc(n);
        if (joined != NULL) {
            snprintf(joined, n, "%s/%s", dir, written);
        }
    }
    if (joined == NULL) {
        rc = OOM();
        goto cleanup;
    }
    if (realpath(joined, buf) == NULL) {
        int e = errno;
        rc = veto_i_build_error(b, VETO_EIO, pos, "cannot include '%s': %s",
                                written, strerror(e));
        goto cleanup;
    }
    real = veto_i_strdup(buf);
    if (real == NULL) {
        rc = OOM();
        goto cleanup;
    }
    veto_i_free(dir);
    dir = dir_of(b->stack[0]);
    if (dir == NULL) {
        rc = OOM();
        goto cleanup;
    }
    if (!b->lim.allow_include_outside && !inside(dir, real)) {
        rc = veto_i_build_error(b, VETO_EINVAL, pos,
                                "include of '%s', outside the model's "
                                "directory %s",
                                written, dir);
        veto_i_error_hint_code(b->err, VETO_HINT_INCLUDE_OUTSIDE, NULL, NULL,
                               NULL);
        goto cleanup;
    }
    for (size_t i = 0; i < b->nstack; i++) {
        if (strcmp(b->stack[i], real) == 0) {
            rc = veto_i_build_error(b, VETO_EINVAL, pos,
                                    "include cycle: '%s' is already being "
                                    "read",
                                    written);
            goto cleanup;
        }
    }
    size_t tlen = 0;
    VETO_TRY(slurp(b, real, written, pos, &text, &tlen));
    if (memchr(text, '\0', tlen) != NULL) {
        veto_i_src_t tmp = {written, text, tlen};
        rc = veto_i_src_error(&tmp, b->err, VETO_EPARSE,
                              veto_i_src_pos(&tmp, (size_t)(
                                  (const char *)memchr(text, '\0', tlen) -
                                  text)),
                              "NUL byte in input");
        goto cleanup;
    }
    /* Diagnostics name the file as the including file's directory plus the
     * written path, so that they read like the model's own name. */
    {
        const char *pname = b->src->name;
        const char *slash = strrchr(pname, '/');
        size_t plen = slash == NULL || written[0] == '/'
                          ? 0
                          : (size_t)(slash - pname) + 1;
        name = veto_i_malloc(plen + len + 1);
        if (name == NULL) {
            rc = OOM();
            goto cleanup;
        }
        memcpy(name, pname, plen);
        memcpy(name + plen, written, len);
        name[plen + len] = '\0';
    }
    if (b->nincl == b->cincl) {
        size_t ncap = b->cincl == 0 ? 4 : b->cincl * 2;
        veto_i_src_t *ni = veto_i_reallocarray(b->incl, ncap, sizeof *ni);
        if (ni == NULL) {
            rc = OOM();
            goto cleanup;
        }
        b->incl = ni;
        b->cincl = ncap;
    }
    {
        /* A byte-order mark is skipped as in the model; the buffer keeps
         * its start for freeing, so the BOM is blanked, not cut. */
        if (tlen >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
            memcpy(text, "   ", 3);
        }
        veto_i_src_t *s = &b->incl[b->nincl++];
        s->name = name;
        s->text = text;
        s->len = tlen;
        name = NULL;
        text = NULL;
        VETO_TRY(push(b, real));
        real = NULL;
        *out = s;
    }
cleanup:
    veto_i_free(written);
    veto_i_free(joined);
    veto_i_free(real);
    veto_i_free(dir);
    veto_i_free(text);
    veto_i_free(name);
    return rc;
}
