/*
 * cli.h: what the subcommands of the veto command share.
 */
#ifndef VETO_CLI_H
#define VETO_CLI_H

#include "veto.h"

#include <signal.h>
#include <stdio.h>

/* The report options the command line sets; the writers are the
 * library's (veto_report_*). */
typedef veto_report_format report_format;
#define REPORT_TEXT VETO_REPORT_TEXT
#define REPORT_JSON VETO_REPORT_JSON
#define REPORT_CSV VETO_REPORT_CSV
#define REPORT_MD VETO_REPORT_MD
#define REPORT_SVG VETO_REPORT_SVG
#define REPORT_HTML VETO_REPORT_HTML
#define REPORT_VETO VETO_REPORT_VETO

typedef struct report_opts {
    report_format format;
    bool exact;     /* fractions instead of decimals */
    bool verbose;
} report_opts_t;

enum {
    EXIT_OK = 0,
    EXIT_INPUT = 1,
    EXIT_USAGE = 2,
    EXIT_LIMIT = 3,
    EXIT_OUTPUT = 4,
    EXIT_INTERRUPTED = 130
};

struct cli_command;

typedef struct cli {
    const struct cli_command *command; /* an extra subcommand, or NULL */
    const char *cmd; /* "report", "power", "check", "compare" */
    const char **files;
    size_t nfiles;
    report_opts_t ropts;
    veto_options_t opts;
    veto_limits_t limits;
    veto_format informat;
    const char *output;
    bool quiet;
    bool tty;
    double started;
    bool progress_shown;
    /* the run was said to be long: up front (an estimate over a minute)
     * or after a minute of it (cli_progress) */
    bool long_said;
    /* Options only a subcommand knows (see cli_command_t), in order. */
    const char *extra_name[32];
    const char *extra_val[32];
    size_t nextra;
    bool mpi_silent; /* veto-mpi rank > 0: writes nothing */
    /* veto power --index: the catalogue names among the list (veto
     * indices' entries beyond the classic bz, ssi, ...), or NULL */
    const char *more_index;
} cli_t;

/* A subcommand beyond report/power/compare/check: its own options (each
 * takes a value: --name VALUE or --name=VALUE), how many positional
 * arguments it takes (files and, e.g., a player name), and its body, which
 * returns an exit code. */
typedef struct cli_command {
    const char *name;
    const char *const *options; /* NULL-terminated, e.g. "--scenario" */
    size_t min_args, max_args;
    int (*run)(cli_t *c);
} cli_command_t;

/* The table of extra subcommands (commands.c). */
extern const cli_command_t cli_commands[];

extern volatile sig_atomic_t interrupted;

double cli_now(void);
/* Progress callback for veto_options (draws a bar on a terminal, reports
 * Ctrl-C as cancellation). */
int cli_progress(void *user, double fraction, const char *stage);
void cli_clear_progress(cli_t *c);
/* Exit code of a library status. */
int cli_exit_code(veto_status s);
/* file:line:col: error: message, the line, a caret, the hint. */
void cli_print_error(const veto_error_t *e, const char *file);
/* Help and the options each command takes (help.c). */
/* Print the help of topic (a command; NULL: the overview) to f; for an
 * unknown topic, an error naming the closest command. Returns the exit
 * code. */
int cli_help(FILE *f, const char *topic);
/* word is a subcommand (power, check, ..., help). */
bool cli_is_command(const char *word);
/* The command closest to word by edit distance, or NULL if none is close. */
const char *cli_closest_command(const char *word);
/* -1 when command cmd ("report" for veto FILE...) takes option (or writes
 * format), or when no command knows the option; else prints why not and
 * returns EXIT_USAGE. */
int cli_check_option(const char *cmd, const char *option);
int cli_check_format(const char *cmd, const char *format);
/* "hint: ..." under an error, naming the command's options (hint.c). */
void cli_print_hint(const veto_error_t *e);
/* "veto: <fmt with arg>" and a pointer to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, const char *arg);
void cli_print_warnings(const cli_t *c, const veto_model_t *m);
void cli_result_warnings(const cli_t *c, const veto_model_t *m,
                         const veto_result_t *r);
/* The library's report options from the command line's. */
veto_report_options_t cli_report_options(const cli_t *c);
/* Write a report the library made (and free it): to stdout or -o FILE.
 * Returns the exit code. */
int cli_write_report(cli_t *c, char *text);
/* Output: stdout, or -o FILE (output.c): a regular file through a
 * temporary renamed into place, anything else written directly. */
FILE *cli_open_output(const cli_t *c, char **tmpname);
int cli_close_output(const cli_t *c, FILE *f, char *tmpname, bool ok);

#ifdef VETO_MPI
/* veto-mpi: MPI_Init, and the rank, rank count and reduce callback in
 * c->opts (mpi.c). */
void cli_mpi_setup(cli_t *c, int *argc, char ***argv);
#endif

/* veto serve: exec veto-serve (serve_exec.c); returns only on failure. */
int cli_exec_serve(int argc, char **argv);

#endif /* VETO_CLI_H */
