/*
 * cmd_design.c: veto design FILE --remove-veto NAME [--top K]: the
 * arguments; the library searches (veto_design_remove_veto) and writes
 * (veto_report_design).
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

int cmd_design(cli_t *c)
{
    veto_model_t *m = NULL;
    veto_design_t *d = NULL;
    veto_error_t err;
    const char *who = cmd_option(c, "--remove-veto");
    const char *top = cmd_option(c, "--top");
    long ntop = 3;
    int status = EXIT_OK;
    if (who == NULL) {
        return cli_usage_error("%s", "'design' needs --remove-veto NAME");
    }
    if (top != NULL) {
        char *end;
        ntop = strtol(top, &end, 10);
        if (*top == '\0' || *end != '\0' || ntop < 1 || ntop > 100) {
            return cli_usage_error("bad --top '%s' (1 to 100)", top);
        }
    }
    if (c->ropts.format == REPORT_CSV || c->ropts.format == REPORT_SVG) {
        return cli_usage_error("%s", "'design' writes text, md, json or html");
    }
    status = cmd_load(c, &m);
    if (status >= 0) {
        return status;
    }
    status = EXIT_OK;
    long p = cmd_player(m, who);
    if (p < 0) {
        status = EXIT_USAGE;
        goto done;
    }
    veto_error_clear(&err);
    c->started = cli_now();
    veto_status s =
        veto_design_remove_veto(&d, m, (size_t)p, (size_t)ntop, &c->opts, &err);
    cli_clear_progress(c);
    if (s != VETO_OK) {
        status = cmd_fail(c, s, &err, m);
        goto done;
    }
    char *text = NULL;
    veto_report_options_t ro = cli_report_options(c);
    veto_error_clear(&err);
    s = veto_report_design(&text, m, d, &ro, &err);
    status = s != VETO_OK ? cmd_fail(c, s, &err, m) : cli_write_report(c, text);
done:
    veto_design_free(d);
    veto_model_free(m);
    return status;
}
