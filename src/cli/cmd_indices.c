/*
 * cmd_indices.c: veto indices [FILE] [--index LIST] [--precoalitions SPEC]
 * [--format text|json|csv|md]: without FILE the catalogue of every index;
 * --precoalitions replaces the model's own `unions { ... }`;
 * with FILE every index (or those of --index, our short names, keys or
 * EPIC's abbreviations, case-insensitively) for the model.
 */
#include "cmd.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Split s at `sep` outside double quotes; the pieces are written to
 * out[] (malloc'd, quotes kept). Returns the count or -1 on ENOMEM. */
static long split(char ***out, const char *s, char sep)
{
    size_t cap = 8, n = 0;
    char **v = malloc(cap * sizeof *v);
    if (v == NULL) {
        return -1;
    }
    const char *start = s;
    bool quoted = false;
    for (const char *p = s;; p++) {
        if (*p == '"') {
            quoted = !quoted;
        }
        if (*p == '\0' || (*p == sep && !quoted)) {
            if (n == cap) {
                cap *= 2;
                char **nv = realloc(v, cap * sizeof *v);
                if (nv == NULL) {
                    goto oom;
                }
                v = nv;
            }
            size_t len = (size_t)(p - start);
            v[n] = malloc(len + 1);
            if (v[n] == NULL) {
                goto oom;
            }
            memcpy(v[n], start, len);
            v[n++][len] = '\0';
            if (*p == '\0') {
                break;
            }
            start = p + 1;
        }
    }
    *out = v;
    return (long)n;
oom:
    for (size_t k = 0; k < n; k++) {
        free(v[k]);
    }
    free(v);
    return -1;
}

static void free_split(char **v, long n)
{
    for (long k = 0; k < n; k++) {
        free(v[k]);
    }
    free(v);
}

/* One member of --precoalitions: a 1-based position, a name, or a quoted
 * name. Returns the player or -1 after printing an error. */
static long member(const veto_model_t *m, const char *tok)
{
    size_t n = veto_model_nplayers(m);
    size_t len = strlen(tok);
    if (len >= 2 && tok[0] == '"' && tok[len - 1] == '"') {
        char *name = strndup(tok + 1, len - 2);
        if (name == NULL) {
            return -1;
        }
        long p = cmd_player(m, name);
        free(name);
        return p;
    }
    bool digits = len > 0;
    for (size_t k = 0; k < len; k++) {
        digits = digits && isdigit((unsigned char)tok[k]);
    }
    if (digits) {
        unsigned long v = strtoul(tok, NULL, 10);
        if (v == 0 || v > n) {
            fprintf(stderr,
                    "veto: error: --precoalitions: player %s is out of range "
                    "(1 to %zu)\n",
                    tok, n);
            return -1;
        }
        return (long)v - 1;
    }
    return cmd_player(m, tok);
}

/* Parse --precoalitions "1+3,2+4,5" or by names into union_of[n]: the
 * listed unions first, then every player not listed alone. Returns false
 * after printing an error. */
static bool parse_unions(size_t *union_of, const veto_model_t *m,
                         const char *spec)
{
    size_t n = veto_model_nplayers(m);
    for (size_t i = 0; i < n; i++) {
        union_of[i] = SIZE_MAX;
    }
    char **groups = NULL;
    long ng = split(&groups, spec, ',');
    if (ng < 0) {
        return false;
    }
    bool ok = true;
    size_t u = 0;
    for (long g = 0; g < ng && ok; g++) {
        char **items = NULL;
        long ni = split(&items, groups[g], '+');
        if (ni < 0) {
            ok = false;
            break;
        }
        bool empty = ni == 0;
        for (long k = 0; k < ni && ok; k++) {
            if (items[k][0] == '\0') {
                empty = true;
                break;
            }
            long p = member(m, items[k]);
            if (p < 0) {
                ok = false;
                break;
            }
            if (union_of[p] != SIZE_MAX) {
                fprintf(stderr,
                        "veto: error: --precoalitions: %s is in two unions "
                        "(%zu and %ld)\n",
                        veto_model_player(m, (size_t)p), union_of[p] + 1,
                        g + 1);
                ok = false;
                break;
            }
            union_of[p] = u;
        }
        if (ok && empty) {
            fprintf(stderr,
                    "veto: error: --precoalitions: union %ld is empty or has "
                    "an empty member in '%s'\n",
                    g + 1, spec);
            ok = false;
        }
        free_split(items, ni);
        u++;
    }
    free_split(groups, ng);
    for (size_t i = 0; ok && i < n; i++) {
        if (union_of[i] == SIZE_MAX) {
            union_of[i] = u++;
        }
    }
    return ok;
}

/* --index LIST into want[]; false after printing an error. */
static bool parse_want(bool *want, const char *list)
{
    size_t nk = veto_index_catalogue_size();
    char **v = NULL;
    long nv = split(&v, list, ',');
    if (nv < 0) {
        return false;
    }
    bool ok = true;
    for (long k = 0; k < nv; k++) {
        if (strcmp(v[k], "all") == 0) {
            for (size_t j = 0; j < nk; j++) {
                want[j] = true;
            }
            continue;
        }
        long j = veto_index_lookup(v[k]);
        if (j < 0) {
            fprintf(stderr,
                    "veto: error: unknown index '%s' (see 'veto indices' for "
                    "the names)\n",
                    v[k]);
            ok = false;
            break;
        }
        want[j] = true;
    }
    free_split(v, nv);
    return ok;
}

int cmd_indices(cli_t *c)
{
    veto_model_t *m = NULL;
    veto_indices_t *x = NULL;
    size_t *union_of = NULL;
    bool *want = NULL;
    char *text = NULL;
    veto_error_t err;
    int status = EXIT_OK;
    veto_report_options_t ro = cli_report_options(c);
    const char *fmt = cmd_option(c, "--format");
    if (fmt != NULL) {
        if (strcmp(fmt, "text") == 0) {
            ro.format = VETO_REPORT_TEXT;
        } else if (strcmp(fmt, "json") == 0) {
            ro.format = VETO_REPORT_JSON;
        } else if (strcmp(fmt, "csv") == 0) {
            ro.format = VETO_REPORT_CSV;
        } else if (strcmp(fmt, "md") == 0) {
            ro.format = VETO_REPORT_MD;
        } else {
            return cli_usage_error("'indices' writes text, json, csv or md, "
                                   "not '%s'",
                                   fmt);
        }
    }
    veto_error_clear(&err);
    if (c->nfiles == 0) {
        veto_status s = veto_report_indices(&text, NULL, NULL, NULL, &ro, &err);
        if (s != VETO_OK) {
            cli_print_error(&err, "veto");
            return cli_exit_code(s);
        }
        return cli_write_report(c, text);
    }
    status = cmd_load(c, &m);
    if (status >= 0) {
        return status;
    }
    status = EXIT_OK;
    size_t n = veto_model_nplayers(m);
    size_t nk = veto_index_catalogue_size();
    want = calloc(nk, sizeof *want);
    union_of = calloc(n + 1, sizeof *union_of);
    if (want == NULL || union_of == NULL) {
        status = EXIT_LIMIT;
        goto done;
    }
    const char *list = cmd_option(c, "--index");
    if (list != NULL && !parse_want(want, list)) {
        status = EXIT_USAGE;
        goto done;
    }
    const char *spec = cmd_option(c, "--precoalitions");
    if (spec != NULL && !parse_unions(union_of, m, spec)) {
        status = EXIT_USAGE;
        goto done;
    }
    const size_t *model_unions = NULL;
    veto_model_unions(m, &model_unions);
    const size_t *use = spec != NULL ? union_of : model_unions;
    c->started = cli_now();
    veto_status s = veto_indices_compute(&x, m, use, &c->opts, &err);
    cli_clear_progress(c);
    if (s != VETO_OK) {
        status = cmd_fail(c, s, &err, m);
        goto done;
    }
    veto_error_clear(&err);
    s = veto_report_indices(&text, m, x, list != NULL ? want : NULL, &ro, &err);
    status = s != VETO_OK ? cmd_fail(c, s, &err, m) : cli_write_report(c, text);
done:
    free(want);
    free(union_of);
    veto_indices_free(x);
    veto_model_free(m);
    return status;
}
