/*
 * commands.c: the table of subcommands beyond report, power, compare and
 * check, each in a file of its own (cmd_NAME.c), and what they share.
 */
#include "cmd.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const explain_opts[] = {"--scenario", NULL};
static const char *const sweep_opts[] = {"--belief", "--quota", "--bloc",
                                         "--scenario", NULL};
static const char *const design_opts[] = {"--remove-veto", "--top", NULL};
static const char *const indices_opts[] = {"--index", "--precoalitions",
                                           "--format", "--epic-weights",
                                           "--epic-quota", NULL};

const cli_command_t cli_commands[] = {
    {"explain", explain_opts, 2, 2, cmd_explain},
    {"sweep", sweep_opts, 1, 1, cmd_sweep},
    {"design", design_opts, 1, 1, cmd_design},
    {"indices", indices_opts, 0, 1, cmd_indices},
    {NULL, NULL, 0, 0, NULL},
};

int cmd_load(cli_t *c, veto_model_t **m)
{
    veto_error_t err;
    veto_error_clear(&err);
    const char *file = c->files[0];
    veto_status s =
        veto_model_read_file(m, file, c->informat, &c->limits, &err);
    if (s != VETO_OK) {
        cli_print_error(&err, strcmp(file, "-") == 0 ? "<stdin>" : file);
        return cli_exit_code(s);
    }
    cli_print_warnings(c, *m);
    return -1;
}

long cmd_player(const veto_model_t *m, const char *name)
{
    size_t n = veto_model_nplayers(m);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(veto_model_player(m, i), name) == 0) {
            return (long)i;
        }
    }
    fprintf(stderr, "%s: error: unknown player '%s'; the players are:",
            veto_model_filename(m), name);
    for (size_t i = 0; i < n && i < 60; i++) {
        fprintf(stderr, " %s", veto_model_player(m, i));
    }
    fputs(n > 60 ? " ...\n" : "\n", stderr);
    return -1;
}

const char *cmd_option(const cli_t *c, const char *name)
{
    const char *v = NULL;
    for (size_t k = 0; k < c->nextra; k++) {
        if (strcmp(c->extra_name[k], name) == 0) {
            v = c->extra_val[k];
        }
    }
    return v;
}

int cmd_fail(cli_t *c, veto_status s, const veto_error_t *err,
             const veto_model_t *m)
{
    cli_clear_progress(c);
    if (s == VETO_ECANCELLED && interrupted) {
        fprintf(stderr, "veto: interrupted; nothing was written\n");
    } else {
        cli_print_error(err, veto_model_filename(m));
    }
    return cli_exit_code(s);
}

bool cmd_parse_q(mpq_t out, const char *s)
{
    /* digits[.digits] | digits/digits, optionally followed by '%'. */
    size_t len = strlen(s);
    if (len == 0 || len > 60) {
        return false;
    }
    char buf[64];
    memcpy(buf, s, len + 1);
    bool pct = buf[len - 1] == '%';
    if (pct) {
        buf[--len] = '\0';
    }
    char *slash = strchr(buf, '/');
    char *dot = strchr(buf, '.');
    for (size_t k = 0; k < len; k++) {
        if (!isdigit((unsigned char)buf[k]) && buf + k != slash &&
            buf + k != dot) {
            return false;
        }
    }
    if (len == 0 || (slash != NULL && dot != NULL)) {
        return false;
    }
    if (slash != NULL) {
        *slash = '\0';
        if (buf[0] == '\0' || slash[1] == '\0' ||
            mpz_set_str(mpq_numref(out), buf, 10) != 0 ||
            mpz_set_str(mpq_denref(out), slash + 1, 10) != 0 ||
            mpz_sgn(mpq_denref(out)) == 0) {
            mpq_set_ui(out, 0, 1);
            return false;
        }
        mpq_canonicalize(out);
    } else {
        size_t dec = 0;
        if (dot != NULL) {
            dec = strlen(dot + 1);
            memmove(dot, dot + 1, dec + 1);
        }
        if (buf[0] == '\0' || mpz_set_str(mpq_numref(out), buf, 10) != 0) {
            return false;
        }
        mpz_ui_pow_ui(mpq_denref(out), 10, dec);
        mpq_canonicalize(out);
    }
    if (pct) {
        mpq_t h;
        mpq_init(h);
        mpq_set_ui(h, 1, 100);
        mpq_mul(out, out, h);
        mpq_clear(h);
    }
    return true;
}
