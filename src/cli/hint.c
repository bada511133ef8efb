/*
 * hint.c: the advice under an error, in the command's words.
 *
 * The library gives advice as a code and parameters (veto_error_t
 * hint_code, hint_arg) and words it without naming options; where the
 * advice is to change an option, this says which option of the veto
 * command to use.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

/* The command-line option that sets a field of veto_limits_t. */
static const char *limit_option(const char *field)
{
    static const char *const map[][2] = {
        {"max_file_bytes", "--max-file-size"}, {"max_players", "--max-players"},
        {"max_name_bytes", "--max-name"},      {"max_depth", "--max-depth"},
        {"max_number_digits", "--max-digits"},
    };
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
        if (strcmp(field, map[k][0]) == 0) {
            return map[k][1];
        }
    }
    return NULL;
}

/* The --index name of an index key ("banzhaf_absolute" -> "abz"). */
static const char *index_option(const char *key)
{
    static const char *const map[][2] = {
        {"banzhaf_raw", "bz"},       {"banzhaf", "bz"},
        {"banzhaf_absolute", "abz"}, {"shapley_shubik", "ssi"},
        {"holler_raw", "pgi"},       {"holler", "pgi"},
        {"deegan_packel", "dpi"},    {"johnston", "jo"},
        {"coleman_prevent", "cp"},   {"coleman_initiate", "ci"},
    };
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
        if (strcmp(key, map[k][0]) == 0) {
            return map[k][1];
        }
    }
    return key;
}

/* "bdd, auto" -> " --method bdd or --method auto" */
static void print_methods(const char *list)
{
    const char *p = list;
    bool first = true;
    while (*p != '\0') {
        size_t len = strcspn(p, ",");
        fprintf(stderr, "%s --method %.*s", first ? "" : " or", (int)len, p);
        first = false;
        p += len;
        while (*p == ',' || *p == ' ') {
            p++;
        }
    }
}

void cli_print_hint(const veto_error_t *e)
{
    const char *a0 = e->hint_arg[0], *a1 = e->hint_arg[1], *a2 = e->hint_arg[2];
    switch (e->hint_code) {
    case VETO_HINT_RAISE_LIMIT:
        if (limit_option(a0) != NULL) {
            fprintf(stderr, "hint: raise the limit with %s\n",
                    limit_option(a0));
            return;
        }
        break;
    case VETO_HINT_INDEX_METHOD:
        if (a2[0] != '\0') {
            fprintf(stderr,
                    "hint: --index %s asks for %s; ask for --index %s (%s), "
                    "which --method %s computes, or use an exact method "
                    "(--method dp, bdd or enum)\n",
                    index_option(a0), a0, index_option(a2), a2, a1);
        } else {
            fprintf(stderr,
                    "hint: --index %s asks for %s; use an exact method "
                    "(--method dp, bdd or enum)\n",
                    index_option(a0), a0);
        }
        return;
    case VETO_HINT_OTHER_METHOD:
        fputs("hint: use", stderr);
        print_methods(a1);
        fputc('\n', stderr);
        return;
    case VETO_HINT_MEMORY:
        fputs("hint: raise --max-memory, or use", stderr);
        print_methods(a1);
        fputc('\n', stderr);
        return;
    case VETO_HINT_FEWER_THREADS:
        fputs("hint: use fewer --threads, or raise --max-memory\n", stderr);
        return;
    case VETO_HINT_INCLUDE_OUTSIDE:
        fputs("hint: allow it with --allow-include-outside, or move the file "
              "beside the model\n",
              stderr);
        return;
    case VETO_HINT_TIMEOUT:
        if (strcmp(a2, "exact") == 0) {
            fprintf(stderr,
                    "hint: raise --timeout above %s (the estimate for "
                    "--method %s)\n",
                    a1, a0);
            return;
        }
        fprintf(stderr,
                "hint: raise --timeout above %s (the estimate for --method "
                "%s), or ask only for indices Monte Carlo estimates "
                "(--index abz,ssi)\n",
                a1, a0);
        return;
    case VETO_HINT_MC_PRECISION:
        fputs("hint: raise --epsilon or lower --confidence (or give "
              "--samples)\n",
              stderr);
        return;
    default:
        break;
    }
    if (e->hint[0] != '\0') {
        fprintf(stderr, "hint: %s\n", e->hint);
    }
}
