/*
 * cmd.h: what the analyst's subcommands (explain, sweep, design) share.
 */
#ifndef VETO_CMD_H
#define VETO_CMD_H

#include "cli.h"

/* Read c->files[0] into *m, printing diagnostics and warnings. Returns -1
 * on success, else the exit code. */
int cmd_load(cli_t *c, veto_model_t **m);
/* The player called name, or -1 after printing an error naming the
 * players. */
long cmd_player(const veto_model_t *m, const char *name);
/* The value of the last --name option given, or NULL. */
const char *cmd_option(const cli_t *c, const char *name);
/* Print a library error and return its exit code. */
int cmd_fail(cli_t *c, veto_status s, const veto_error_t *err,
             const veto_model_t *m);
/* Parse an exact number: "0.25", "1/4", "3", "25%". false if malformed. */
bool cmd_parse_q(mpq_t out, const char *s);

int cmd_explain(cli_t *c);
int cmd_sweep(cli_t *c);
int cmd_design(cli_t *c);
int cmd_indices(cli_t *c);

#endif /* VETO_CMD_H */
