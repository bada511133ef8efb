/*
 * cmd_explain.c: veto explain FILE PLAYER [--scenario NAME]: the arguments;
 * the library explains (veto_explain) and writes (veto_report_explain).
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

int cmd_explain(cli_t *c)
{
    veto_model_t *m = NULL;
    veto_explanation_t *e = NULL;
    veto_error_t err;
    int status = cmd_load(c, &m);
    if (status >= 0) {
        return status;
    }
    status = EXIT_OK;
    if (c->ropts.format == REPORT_CSV || c->ropts.format == REPORT_SVG ||
        c->ropts.format == REPORT_HTML) {
        status = cli_usage_error("%s", "'explain' writes text, md or json");
        goto done;
    }
    long p = cmd_player(m, c->files[1]);
    if (p < 0) {
        status = EXIT_USAGE;
        goto done;
    }
    veto_error_clear(&err);
    c->started = cli_now();
    veto_status s = veto_explain(&e, m, (size_t)p, cmd_option(c, "--scenario"),
                                 &c->opts, &err);
    cli_clear_progress(c);
    if (s != VETO_OK) {
        status = cmd_fail(c, s, &err, m);
        goto done;
    }
    char *text = NULL;
    veto_report_options_t ro = cli_report_options(c);
    veto_error_clear(&err);
    s = veto_report_explain(&text, m, e, &ro, &err);
    status = s != VETO_OK ? cmd_fail(c, s, &err, m) : cli_write_report(c, text);
done:
    veto_explanation_free(e);
    veto_model_free(m);
    return status;
}
