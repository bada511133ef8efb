/*
 * cmd_sweep.c: veto sweep FILE --belief NAME=[yes:|abstain:]FROM:TO[:STEPS]
 * [--scenario S]
 * or --quota T=FROM:TO or --bloc NAME=a|b:FROM:TO[:STEPS] [--scenario S]:
 * the arguments; the library sweeps (veto_sweep) and
 * writes (veto_report_sweep).
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

/* "NAME=FROM:TO[:STEPS]" or "T=FROM:TO"; for a belief also
 * "NAME=abstain:FROM:TO[:STEPS]" and "NAME=yes:..." (which vote's
 * probability moves, into *vote). */
static bool parse_spec(const char *arg, char **name, mpq_t from, mpq_t to,
                       long *steps, veto_vote *vote)
{
    const char *eq = strrchr(arg, '=');
    if (eq == NULL || eq == arg) {
        return false;
    }
    *name = strndup(arg, (size_t)(eq - arg));
    const char *after = eq + 1;
    if (vote != NULL && strncmp(after, "abstain:", 8) == 0) {
        *vote = VETO_VOTE_ABSTAIN;
        after += 8;
    } else if (vote != NULL && strncmp(after, "yes:", 4) == 0) {
        *vote = VETO_VOTE_YES;
        after += 4;
    }
    char *rest = strdup(after);
    if (*name == NULL || rest == NULL) {
        free(*name);
        free(rest);
        *name = NULL;
        return false;
    }
    char *a = rest, *b = strchr(a, ':');
    bool ok = b != NULL;
    if (ok) {
        *b++ = '\0';
        char *c = strchr(b, ':');
        if (c != NULL) {
            *c++ = '\0';
            char *end;
            *steps = strtol(c, &end, 10);
            ok = *c != '\0' && *end == '\0';
        }
        ok = ok && cmd_parse_q(from, a) && cmd_parse_q(to, b);
    }
    free(rest);
    if (!ok) {
        free(*name);
        *name = NULL;
    }
    return ok;
}

/* The threshold written T in --quota T=FROM:TO: its number, or its text
 * exactly as `veto check` lists it. 0 (after saying why, with the list of
 * thresholds) when nothing or more than one matches. */
static size_t pick_threshold(const veto_model_t *m, const char *t)
{
    char *end;
    long num = strtol(t, &end, 10);
    if (*t >= '0' && *t <= '9' && *end == '\0') {
        if (num >= 1) {
            return (size_t)num;
        }
        cli_usage_error("bad threshold number '%s' (1, 2, ... as 'veto "
                        "check' lists them)",
                        t);
        return 0;
    }
    veto_threshold_t *th = NULL;
    size_t n = 0, found = 0, count = 0;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_thresholds(&th, &n, m, &err) != VETO_OK) {
        cli_print_error(&err, veto_model_filename(m));
        return 0;
    }
    for (size_t j = 0; j < n; j++) {
        if (strcmp(th[j].text, t) == 0) {
            found = found == 0 ? j + 1 : found;
            count++;
        }
    }
    if (count != 1) {
        fprintf(stderr,
                count == 0 ? "veto: no threshold is written '%s'; give its "
                             "number or its text exactly as 'veto check' "
                             "lists it:\n"
                           : "veto: more than one threshold is written '%s'; "
                             "give its number:\n",
                t);
        for (size_t j = 0; j < n; j++) {
            fprintf(stderr, "  %zu  %s\n", th[j].number, th[j].text);
        }
        if (n == 0) {
            fprintf(stderr, "  (none: this rule has no threshold)\n");
        }
        found = 0;
    }
    veto_thresholds_free(th, n);
    return found;
}

int cmd_sweep(cli_t *c)
{
    veto_model_t *m = NULL;
    veto_sweep_t *s = NULL;
    veto_sweep_spec_t spec;
    veto_error_t err;
    char *name = NULL;
    long steps = 11;
    const char *bel = cmd_option(c, "--belief");
    const char *quo = cmd_option(c, "--quota");
    const char *blo = cmd_option(c, "--bloc");
    veto_sweep_spec_init(&spec);
    int status = EXIT_OK;
    if ((bel != NULL) + (quo != NULL) + (blo != NULL) != 1) {
        status = cli_usage_error("%s", "'sweep' takes one of --belief "
                                       "NAME=FROM:TO[:STEPS], --quota "
                                       "T=FROM:TO or --bloc "
                                       "NAME=a:FROM:TO[:STEPS]");
        goto done;
    }
    if (blo != NULL) {
        /* NAME=a:FROM:TO[:STEPS] or NAME=b:...: the parameter, then the
         * numbers as for a belief. */
        const char *eq = strrchr(blo, '=');
        char param = eq != NULL ? eq[1] : '\0';
        char *rest = NULL;
        if (eq == NULL || eq == blo || (param != 'a' && param != 'b') ||
            eq[2] != ':') {
            status = cli_usage_error(
                "bad --bloc '%s' (NAME=a:FROM:TO[:STEPS] or "
                "NAME=b:FROM:TO[:STEPS]: the parameter a or b of the bloc's "
                "Beta(a, b), e.g. West=a:1:4; 'shared' is `belief shared`)",
                blo);
            goto done;
        }
        size_t len = strlen(blo) + 1;
        rest = malloc(len);
        if (rest == NULL ||
            snprintf(rest, len, "%.*s=%s", (int)(eq - blo), blo, eq + 3) < 0) {
            free(rest);
            status = cli_usage_error("%s", "out of memory");
            goto done;
        }
        bool ok = parse_spec(rest, &name, spec.from, spec.to, &steps, NULL);
        free(rest);
        if (!ok) {
            status = cli_usage_error("bad --bloc '%s' (NAME=a:FROM:TO[:STEPS], "
                                     "FROM and TO positive numbers, e.g. "
                                     "West=a:1:4:7)",
                                     blo);
            goto done;
        }
        spec.param = param;
    }
    if (blo == NULL &&
        !parse_spec(bel != NULL ? bel : quo, &name, spec.from, spec.to, &steps,
                    bel != NULL ? &spec.vote : NULL)) {
        status =
            cli_usage_error(bel != NULL ? "bad --belief '%s' (NAME=FROM:TO or "
                                          "NAME=FROM:TO:STEPS, e.g. "
                                          "Russia=0:1:11; in a three-valued "
                                          "model NAME=abstain:FROM:TO moves "
                                          "the abstain probability)"
                                        : "bad --quota '%s' (T=FROM:TO, T the "
                                          "threshold's number or text as "
                                          "'veto check' lists them)",
                            bel != NULL ? bel : quo);
        goto done;
    }
    status = cmd_load(c, &m);
    if (status >= 0) {
        goto done;
    }
    status = EXIT_OK;
    if (blo != NULL) {
        spec.kind = VETO_SWEEP_BLOC;
        spec.bloc = name;
        spec.scenario = cmd_option(c, "--scenario");
        if (steps < 2 || steps > 10000) {
            status = cli_usage_error("%s", "STEPS must be between 2 and 10000");
            goto done;
        }
        spec.steps = (size_t)steps;
    } else if (bel != NULL) {
        long p = cmd_player(m, name);
        if (p < 0) {
            status = EXIT_USAGE;
            goto done;
        }
        spec.kind = VETO_SWEEP_BELIEF;
        spec.player = (size_t)p;
        spec.scenario = cmd_option(c, "--scenario");
        if (steps < 2 || steps > 10000) {
            status = cli_usage_error("%s", "STEPS must be between 2 and 10000");
            goto done;
        }
        spec.steps = (size_t)steps;
    } else {
        spec.threshold = pick_threshold(m, name);
        if (spec.threshold == 0) {
            status = EXIT_USAGE;
            goto done;
        }
        spec.kind = VETO_SWEEP_QUOTA;
    }
    veto_error_clear(&err);
    c->started = cli_now();
    veto_status st = veto_sweep(&s, m, &spec, &c->opts, &err);
    cli_clear_progress(c);
    if (st != VETO_OK) {
        status = cmd_fail(c, st, &err, m);
        goto done;
    }
    char *text = NULL;
    veto_report_options_t ro = cli_report_options(c);
    veto_error_clear(&err);
    st = veto_report_sweep(&text, m, s, &ro, &err);
    status = st != VETO_OK ? cmd_fail(c, st, &err, m) : cli_write_report(c, text);
done:
    free(name);
    veto_sweep_free(s);
    veto_sweep_spec_clear(&spec);
    veto_model_free(m);
    return status;
}
