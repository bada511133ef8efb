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

/* EPIC's weights file (--epic-weights): one non-negative integer weight a
 * line; with the quota on the first line when --epic-quota is not given
 * (EPIC's -q 0); with epic_unions (--precoalitions 0) each line is one
 * union, its members' weights separated by commas. Writes the model as a
 * bare weighted game into *m and, with epic_unions, the unions into
 * *union_of (malloc'd). Returns -1 on success, else the exit code after
 * printing FILE:LINE:COL: error. */
static int read_epic(veto_model_t **m, size_t **union_of, char **quota_out,
                     const char *path, const char *quota, bool epic_unions,
                     cli_t *c)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "%s: error: cannot read the EPIC weights file\n",
                path);
        return EXIT_USAGE;
    }
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    size_t ucap = 64, n = 0, nunion = 0;
    size_t *un = malloc(ucap * sizeof *un);
    char line[4096];
    unsigned lineno = 0;
    int status = -1;
    bool want_quota = quota == NULL;
    if (text == NULL || un == NULL) {
        status = EXIT_LIMIT;
        goto done;
    }
    text[0] = '\0';
    if (quota != NULL) {
        len = (size_t)snprintf(text, cap, "%s\n", quota);
    }
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        size_t l = strlen(line);
        while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == '\r' ||
                         line[l - 1] == ' ' || line[l - 1] == '\t')) {
            line[--l] = '\0';
        }
        if (l == 0) {
            continue;
        }
        /* a line: numbers separated by commas (several only with unions) */
        size_t col = 1;
        char *p = line;
        size_t members = 0;
        for (;;) {
            char *end = p;
            while (*end >= '0' && *end <= '9') {
                end++;
            }
            if (end == p || (*end != ',' && *end != '\0')) {
                fprintf(stderr,
                        "%s:%u:%zu: error: expected a non-negative integer "
                        "weight (EPIC's weights file: one a line%s)\n",
                        path, lineno, col + (size_t)(end - p),
                        epic_unions ? ", a union's members separated by ','"
                                    : "");
                status = EXIT_USAGE;
                goto done;
            }
            if (*end == ',' && (!epic_unions || want_quota)) {
                fprintf(stderr,
                        "%s:%u:%zu: error: several numbers on one line; "
                        "EPIC's union lines are read only with "
                        "--precoalitions 0\n",
                        path, lineno, col + (size_t)(end - p));
                status = EXIT_USAGE;
                goto done;
            }
            size_t wl = (size_t)(end - p);
            while (len + wl + 3 > cap) {
                cap *= 2;
                char *nt = realloc(text, cap);
                if (nt == NULL) {
                    status = EXIT_LIMIT;
                    goto done;
                }
                text = nt;
            }
            memcpy(text + len, p, wl);
            len += wl;
            text[len++] = want_quota ? '\n' : ' ';
            text[len] = '\0';
            if (want_quota) {
                want_quota = false;
                *quota_out = strndup(p, wl);
                break;
            }
            if (n == ucap) {
                ucap *= 2;
                size_t *nu = realloc(un, ucap * sizeof *nu);
                if (nu == NULL) {
                    status = EXIT_LIMIT;
                    goto done;
                }
                un = nu;
            }
            un[n++] = nunion;
            members++;
            if (*end == '\0') {
                break;
            }
            col += wl + 1;
            p = end + 1;
        }
        if (members > 0) {
            nunion++;
        }
    }
    if (want_quota || n == 0) {
        fprintf(stderr, "%s: error: no %s in the EPIC weights file\n", path,
                want_quota ? "quota" : "weights");
        status = EXIT_USAGE;
        goto done;
    }
    {
        veto_error_t err;
        veto_error_clear(&err);
        veto_status s = veto_model_read(m, path, text, len, VETO_FORMAT_BARE,
                                        &c->limits, &err);
        if (s != VETO_OK) {
            cli_print_error(&err, path);
            status = cli_exit_code(s);
            goto done;
        }
    }
    if (epic_unions) {
        *union_of = un;
        un = NULL;
    }
done:
    if (f != NULL) {
        fclose(f);
    }
    free(text);
    free(un);
    return status;
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
    bool epic_csv = false;
    size_t *epic_union = NULL;
    char *epic_quota = NULL;
    const char *epic_file = cmd_option(c, "--epic-weights");
    if (fmt != NULL) {
        if (strcmp(fmt, "epic-csv") == 0) {
            epic_csv = true;
        } else if (strcmp(fmt, "text") == 0) {
            ro.format = VETO_REPORT_TEXT;
        } else if (strcmp(fmt, "json") == 0) {
            ro.format = VETO_REPORT_JSON;
        } else if (strcmp(fmt, "csv") == 0) {
            ro.format = VETO_REPORT_CSV;
        } else if (strcmp(fmt, "md") == 0) {
            ro.format = VETO_REPORT_MD;
        } else {
            return cli_usage_error("'indices' writes text, json, csv, md or "
                                   "epic-csv, not '%s'",
                                   fmt);
        }
    }
    veto_error_clear(&err);
    if (epic_file == NULL && cmd_option(c, "--epic-quota") != NULL) {
        return cli_usage_error("%s", "--epic-quota goes with --epic-weights");
    }
    if (epic_file != NULL && c->nfiles > 0) {
        return cli_usage_error("%s", "give either FILE or --epic-weights");
    }
    if (c->nfiles == 0 && epic_file == NULL) {
        veto_status s = veto_report_indices(&text, NULL, NULL, NULL, &ro, &err);
        if (s != VETO_OK) {
            cli_print_error(&err, "veto");
            return cli_exit_code(s);
        }
        return cli_write_report(c, text);
    }
    const char *spec = cmd_option(c, "--precoalitions");
    bool epic_unions = spec != NULL && strcmp(spec, "0") == 0;
    if (epic_unions && epic_file == NULL) {
        return cli_usage_error("%s", "--precoalitions 0 reads the unions from "
                                     "an EPIC weights file (--epic-weights)");
    }
    if (epic_file != NULL) {
        status = read_epic(&m, &epic_union, &epic_quota, epic_file,
                           cmd_option(c, "--epic-quota"), epic_unions, c);
        if (epic_quota == NULL && cmd_option(c, "--epic-quota") != NULL) {
            epic_quota = strdup(cmd_option(c, "--epic-quota"));
        }
    } else {
        status = cmd_load(c, &m);
    }
    if (status >= 0) {
        free(epic_union);
        free(epic_quota);
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
    if (spec != NULL && !epic_unions && !parse_unions(union_of, m, spec)) {
        status = EXIT_USAGE;
        goto done;
    }
    /* Beyond enumeration, ask the engines only for the counts the chosen
     * indices need. */
    if (list != NULL) {
        unsigned bits = 0;
        for (size_t k = 0; k < nk; k++) {
            if (!want[k]) {
                continue;
            }
            const char *key = veto_index_catalogue(k)->key;
            if (strncmp(key, "shapley_shubik", 14) == 0) {
                bits |= VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK);
            } else if (strncmp(key, "holler", 6) == 0 ||
                       strcmp(key, "minimal_winning_coalitions") == 0) {
                bits |= VETO_INDEX_BIT(VETO_IDX_HOLLER_RAW) |
                        VETO_INDEX_BIT(VETO_IDX_HOLLER);
            } else if (strncmp(key, "deegan_packel", 13) == 0) {
                bits |= VETO_INDEX_BIT(VETO_IDX_DEEGAN_PACKEL) |
                        VETO_INDEX_BIT(VETO_IDX_HOLLER_RAW);
            } else if (strcmp(key, "johnston") == 0) {
                bits |= VETO_INDEX_BIT(VETO_IDX_JOHNSTON);
            } else {
                bits |= VETO_INDEX_BIT(VETO_IDX_BANZHAF_RAW) |
                        VETO_INDEX_BIT(VETO_IDX_BANZHAF) |
                        VETO_INDEX_BIT(VETO_IDX_BANZHAF_ABSOLUTE) |
                        VETO_INDEX_BIT(VETO_IDX_COLEMAN_PREVENT) |
                        VETO_INDEX_BIT(VETO_IDX_COLEMAN_INITIATE);
            }
        }
        c->opts.indices = bits;
    }
    const size_t *model_unions = NULL;
    veto_model_unions(m, &model_unions);
    const size_t *use = epic_unions       ? epic_union
                        : spec != NULL    ? union_of
                                          : model_unions;
    long epic_k = -1;
    if (epic_csv) {
        for (size_t k = 0; k < nk; k++) {
            if (want[k]) {
                if (epic_k >= 0) {
                    epic_k = -2;
                    break;
                }
                epic_k = (long)k;
            }
        }
        if (epic_k < 0) {
            status = cli_usage_error("%s", "--format epic-csv writes one "
                                           "index: give one with --index");
            goto done;
        }
    }
    c->started = cli_now();
    veto_status s = veto_indices_compute_some(
        &x, m, use, list != NULL ? want : NULL, &c->opts, &err);
    cli_clear_progress(c);
    if (s != VETO_OK) {
        status = cmd_fail(c, s, &err, m);
        goto done;
    }
    veto_error_clear(&err);
    if (epic_csv) {
        s = veto_report_indices_epic(&text, x, (size_t)epic_k, epic_quota,
                                     epic_file != NULL ? epic_file
                                                       : c->files[0],
                                     ro.exact, &err);
    } else {
        s = veto_report_indices(&text, m, x, list != NULL ? want : NULL, &ro,
                                &err);
    }
    status = s != VETO_OK ? cmd_fail(c, s, &err, m) : cli_write_report(c, text);
done:
    free(want);
    free(union_of);
    free(epic_union);
    free(epic_quota);
    veto_indices_free(x);
    veto_model_free(m);
    return status;
}
