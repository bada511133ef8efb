/*
 * commands.c: the table of subcommands beyond report, power, compare and
 * check. Each lives in a file of its own (cmd_NAME.c).
 */
#include "cli.h"

const cli_command_t cli_commands[] = {
    {NULL, NULL, 0, 0, NULL},
};
