/*
 * main.c: the veto command. Parses arguments, reads models, runs the
 * analysis through the public API, writes reports, and maps every failure
 * to a documented exit code:
 *   0 ok, 1 bad input, 2 bad usage, 3 resource limit or --timeout,
 *   4 output could not be written, 130 interrupted.
 * Only this room prints or exits.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}



double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Seconds after which a run not said to be long up front says so. */
#define LONG_RUN_SECS 60.0

int cli_progress(void *user, double fraction, const char *stage)
{
    cli_t *c = user;
    if (interrupted) {
        return 1;
    }
    double spent = cli_now() - c->started;
    if (!c->long_said && !c->quiet && !c->mpi_silent && spent > LONG_RUN_SECS) {
        /* what has no estimate (a three-valued diagram, an estimate
         * that was wrong) says so once it has run a minute */
        c->long_said = true;
        cli_clear_progress(c);
        fprintf(stderr,
                "note: still working after a minute (%s); --timeout S "
                "gives the answer that finishes in time, --method mc an "
                "estimate; Ctrl-C stops\n",
                stage);
    }
    if (c->tty && spent > 0.5) {
        int width = 30;
        int filled = (int)(fraction * width + 0.5);
        if (filled < 0) {
            filled = 0;
        }
        if (filled > width) {
            filled = width;
        }
        char eta[32] = "";
        if (fraction > 0.01 && fraction < 1) {
            snprintf(eta, sizeof eta, "  %.0f s left",
                     spent * (1 - fraction) / fraction);
        }
        fprintf(stderr, "\r%-24.24s [%.*s%*s] %3d%%%-16s", stage, filled,
                "##############################", width - filled, "",
                (int)(fraction * 100 + 0.5), eta);
        fflush(stderr);
        c->progress_shown = true;
    }
    return 0;
}

void cli_clear_progress(cli_t *c)
{
    if (c->progress_shown) {
        fprintf(stderr, "\r%*s\r", 80, "");
        c->progress_shown = false;
    }
}

int cli_exit_code(veto_status s)
{
    switch (s) {
    case VETO_OK: return EXIT_OK;
    case VETO_EPARSE:
    case VETO_EINVAL:
    case VETO_EOVERFLOW:
    case VETO_EIO: return EXIT_INPUT;
    case VETO_EMISUSE:
    case VETO_EUNSUPPORTED: return EXIT_USAGE;
    case VETO_ELIMIT:
    case VETO_ENOMEM:
    case VETO_ETIMEOUT: return EXIT_LIMIT;
    case VETO_ECANCELLED: return EXIT_INTERRUPTED;
    }
    return EXIT_INPUT;
}

/* file:line:col: error: message, the line, a caret, and advice. */
void cli_print_error(const veto_error_t *e, const char *file)
{
    const char *f = e->file[0] != '\0' ? e->file : file;
    if (f != NULL && e->line > 0) {
        fprintf(stderr, "%s:%u:%u: error: %s\n", f, e->line, e->col,
                e->message);
    } else if (f != NULL) {
        fprintf(stderr, "%s: error: %s\n", f, e->message);
    } else {
        fprintf(stderr, "veto: error: %s\n", e->message);
    }
    if (e->context[0] != '\0') {
        fprintf(stderr, "  %s\n  ", e->context);
        size_t len = strlen(e->context);
        for (unsigned i = 0; e->col > 0 && i + 1 < e->col && i < len; i++) {
            unsigned char ch = (unsigned char)e->context[i];
            if (ch == '\t') {
                fputc('\t', stderr);
            } else if ((ch & 0xC0) != 0x80) {
                fputc(' ', stderr);
            }
        }
        fputs("^\n", stderr);
    }
    cli_print_hint(e);
}

int cli_usage_error(const char *fmt, const char *arg)
{
    fputs("veto: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'veto --help'.\n", stderr);
    return EXIT_USAGE;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (*s == '-' || *s == '\0') {
        return false;
    }
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0') {
        return false;
    }
    *out = v;
    return true;
}

static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (*s == '-' || *s == '\0') {
        return false;
    }
    double v = strtod(s, &end);
    if (errno != 0 || end == s || v < 0) {
        return false;
    }
    double mul = 1;
    switch (*end) {
    case 'k': case 'K': mul = 1024.0; end++; break;
    case 'm': case 'M': mul = 1048576.0; end++; break;
    case 'g': case 'G': mul = 1073741824.0; end++; break;
    case 't': case 'T': mul = 1099511627776.0; end++; break;
    default: break;
    }
    if (*end == 'B' || *end == 'b') {
        end++;
    }
    if (*end != '\0' || v * mul >= 1.8e19) {
        return false;
    }
    *out = (uint64_t)(v * mul);
    return true;
}

static bool parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !(v == v)) {
        return false;
    }
    *out = v;
    return true;
}

/* The Beta semivalue of --index beta:A:B (issue 11), kept for the options
 * (which point into it). */
static char semivalue_spec[128];

static bool parse_indices(const char *s, unsigned *out, const char **semi)
{
    unsigned bits = 0;
    bool semivalue = false;
    char buf[256];
    if (strlen(s) >= sizeof buf) {
        return false;
    }
    strcpy(buf, s);
    for (char *tok = strtok(buf, ","); tok != NULL; tok = strtok(NULL, ",")) {
        if (strcmp(tok, "bz") == 0) {
            bits |= VETO_INDEX_BIT(VETO_IDX_BANZHAF_RAW) |
                    VETO_INDEX_BIT(VETO_IDX_BANZHAF);
        } else if (strcmp(tok, "abz") == 0) {
            bits |= VETO_INDEX_BIT(VETO_IDX_BANZHAF_ABSOLUTE);
        } else if (strcmp(tok, "ssi") == 0) {
            bits |= VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK);
        } else if (strcmp(tok, "pgi") == 0) {
            bits |= VETO_INDEX_BIT(VETO_IDX_HOLLER_RAW) |
                    VETO_INDEX_BIT(VETO_IDX_HOLLER);
        } else if (strcmp(tok, "dpi") == 0) {
            bits |= VETO_INDEX_BIT(VETO_IDX_DEEGAN_PACKEL);
        } else if (strcmp(tok, "jo") == 0) {
            bits |= VETO_INDEX_BIT(VETO_IDX_JOHNSTON);
        } else if (strcmp(tok, "cp") == 0) {
            bits |= VETO_INDEX_BIT(VETO_IDX_COLEMAN_PREVENT);
        } else if (strcmp(tok, "ci") == 0) {
            bits |= VETO_INDEX_BIT(VETO_IDX_COLEMAN_INITIATE);
        } else if (strcmp(tok, "all") == 0) {
            bits |= VETO_INDEX_ALL;
        } else if (strncmp(tok, "beta:", 5) == 0 &&
                   strlen(tok + 5) < sizeof semivalue_spec) {
            /* checked by the library (veto_i_semivalue_parse) and below */
            const char *ab = tok + 5;
            const char *colon = strchr(ab, ':');
            if (semivalue || colon == NULL || colon == ab || colon[1] == '\0' ||
                strspn(ab, "0123456789.:") != strlen(ab) ||
                strchr(colon + 1, ':') != NULL) {
                return false;
            }
            snprintf(semivalue_spec, sizeof semivalue_spec, "%s", ab);
            *semi = semivalue_spec;
            semivalue = true;
        } else {
            return false;
        }
    }
    *out = bits;
    return bits != 0 || semivalue;
}

/* veto power --index: every name is a classic one (parse_indices) or an
 * entry of the catalogue (short name, key or EPIC abbreviation, any case);
 * *out gets the classic ones' bits, Banzhaf's when there are none (the
 * power table's first columns). */
static bool power_catalogue(const char *s, unsigned *out, const char **semi)
{
    unsigned bits = 0, one;
    char buf[256];
    if (strlen(s) >= sizeof buf) {
        return false;
    }
    strcpy(buf, s);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok != NULL;
         tok = strtok_r(NULL, ",", &save)) {
        if (parse_indices(tok, &one, semi)) {
            bits |= one;
        } else if (veto_index_lookup(tok) < 0) {
            return false;
        }
    }
    *out = bits != 0 ? bits
                     : VETO_INDEX_BIT(VETO_IDX_BANZHAF_RAW) |
                           VETO_INDEX_BIT(VETO_IDX_BANZHAF);
    return true;
}

/* veto power --index with catalogue names: the wanted entries (classic
 * names stay in the power table as they were) through
 * veto_indices_compute_some, with the model's unions. */
static veto_status power_more(char **text, cli_t *c, const veto_model_t *m,
                              const veto_result_t *r,
                              const veto_report_options_t *ro,
                              veto_error_t *err)
{
    size_t nk = veto_index_catalogue_size();
    bool *want = calloc(nk, sizeof *want);
    char buf[256];
    unsigned one;
    const char *semi = NULL; /* beta:A:B was taken by power_catalogue */
    veto_indices_t *x = NULL;
    if (want == NULL) {
        return VETO_ENOMEM;
    }
    snprintf(buf, sizeof buf, "%s", c->more_index);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok != NULL;
         tok = strtok_r(NULL, ",", &save)) {
        if (!parse_indices(tok, &one, &semi)) {
            want[veto_index_lookup(tok)] = true;
        }
    }
    const size_t *unions = NULL;
    veto_model_unions(m, &unions);
    c->started = cli_now();
    veto_status s = veto_indices_compute_some(&x, m, unions, want, &c->opts,
                                              err);
    cli_clear_progress(c);
    if (s == VETO_OK) {
        s = veto_report_power_more(text, m, r, x, want, ro, err);
    }
    veto_indices_free(x);
    free(want);
    return s;
}

/* Options that take a value: returns the value, advancing *i. */
static const char *opt_value(int argc, char **argv, int *i, const char *name,
                             const char *inline_val)
{
    if (inline_val != NULL) {
        return inline_val;
    }
    if (*i + 1 >= argc) {
        return NULL;
    }
    (void)name;
    return argv[++*i];
}

static int parse_args(cli_t *c, int argc, char **argv)
{
    int rc;
    int first = 1;
    c->cmd = "report";
    if (argc > 1 && strcmp(argv[1], "help") == 0) {
        /* veto help [COMMAND] */
        exit(cli_help(stdout, argc > 2 ? argv[2] : NULL));
    }
    if (argc > 1 && argv[1][0] != '-' && !cli_is_command(argv[1]) &&
        access(argv[1], F_OK) != 0 && strpbrk(argv[1], "./") == NULL &&
        cli_closest_command(argv[1]) != NULL) {
        /* `veto pwoer f`: a misspelled command, not a missing file */
        fprintf(stderr,
                "veto: '%s' is not a command, nor a file; did you mean "
                "'%s'?\nTry 'veto --help'.\n",
                argv[1], cli_closest_command(argv[1]));
        return EXIT_USAGE;
    }
    if (argc > 1) {
        const char *a = argv[1];
        if (strcmp(a, "power") == 0 || strcmp(a, "check") == 0 ||
            strcmp(a, "compare") == 0) {
            c->cmd = a;
            first = 2;
        } else {
            for (const cli_command_t *k = cli_commands; k->name != NULL; k++) {
                if (strcmp(a, k->name) == 0) {
                    c->cmd = k->name;
                    c->command = k;
                    first = 2;
                }
            }
        }
    }
    c->files = calloc((size_t)argc + 1, sizeof *c->files);
    if (c->files == NULL) {
        return EXIT_LIMIT;
    }
    bool only_files = false;
    for (int i = first; i < argc; i++) {
        char *a = argv[i];
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            c->files[c->nfiles++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_files = true;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            /* veto --help: the overview; veto CMD --help: CMD's own */
            exit(cli_help(stdout, first == 1 ? NULL : c->cmd));
        }
        if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            printf("veto %s\n", VETO_VERSION);
            exit(EXIT_OK);
        }
        if ((strcmp(a, "--exact") == 0 || strcmp(a, "-q") == 0 ||
             strcmp(a, "--quiet") == 0) &&
            (rc = cli_check_option(c->cmd, a)) >= 0) {
            return rc;
        }
        if (strcmp(a, "--exact") == 0) {
            c->ropts.exact = true;
            c->opts.exact = true;
            continue;
        }
        if (strcmp(a, "--allow-include-outside") == 0) {
            c->limits.allow_include_outside = true;
            continue;
        }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            c->quiet = true;
            continue;
        }
        /* options with a value: --name=value, --name value, -o value */
        char name[64];
        const char *inl = NULL;
        const char *eq = strchr(a, '=');
        size_t nl = eq != NULL ? (size_t)(eq - a) : strlen(a);
        if (nl >= sizeof name) {
            return cli_usage_error("unknown option '%s'", a);
        }
        memcpy(name, a, nl);
        name[nl] = '\0';
        if (eq != NULL) {
            inl = eq + 1;
        }
        const char *v = NULL;
        static const char *const valued[] = {
            "-o", "--output", "--format", "--index", "--method",
            "--input-format", "--max-memory", "--timeout", "--threads",
            "--seed", "--samples", "--epsilon", "--confidence",
            "--max-file-size", "--max-players", "--max-name", "--max-depth",
            "--max-digits", NULL};
        bool known = false;
        const char *extra = NULL;
        /* A subcommand's own options come first: it may give a global
         * option (--index, --format) a meaning of its own. */
        for (size_t k = 0; c->command != NULL &&
                           c->command->options != NULL &&
                           c->command->options[k] != NULL;
             k++) {
            if (strcmp(name, c->command->options[k]) == 0) {
                extra = c->command->options[k];
            }
        }
        for (size_t k = 0; extra == NULL && valued[k] != NULL; k++) {
            if (strcmp(name, valued[k]) == 0) {
                known = true;
            }
        }
        if (extra == NULL && (rc = cli_check_option(c->cmd, name)) >= 0) {
            return rc; /* an option this command would ignore */
        }
        if (!known && extra == NULL) {
            return cli_usage_error("unknown option '%s'", a);
        }
        v = opt_value(argc, argv, &i, name, inl);
        if (v == NULL) {
            return cli_usage_error("option '%s' needs a value", name);
        }
        if (extra != NULL) {
            if (c->nextra == sizeof c->extra_name / sizeof c->extra_name[0]) {
                return cli_usage_error("too many '%s' options", name);
            }
            c->extra_name[c->nextra] = extra;
            c->extra_val[c->nextra++] = v;
            continue;
        }
        uint64_t u;
        double d;
        if (strcmp(name, "-o") == 0 || strcmp(name, "--output") == 0) {
            c->output = v;
        } else if (strcmp(name, "--format") == 0) {
            if (strcmp(v, "text") == 0) {
                c->ropts.format = REPORT_TEXT;
            } else if (strcmp(v, "json") == 0) {
                c->ropts.format = REPORT_JSON;
            } else if (strcmp(v, "csv") == 0) {
                c->ropts.format = REPORT_CSV;
            } else if (strcmp(v, "md") == 0) {
                c->ropts.format = REPORT_MD;
            } else if (strcmp(v, "svg") == 0) {
                c->ropts.format = REPORT_SVG;
            } else if (strcmp(v, "html") == 0) {
                c->ropts.format = REPORT_HTML;
            } else if (strcmp(v, "veto") == 0) {
                c->ropts.format = REPORT_VETO;
            } else {
                return cli_usage_error("unknown format '%s' (text, json, csv, "
                                   "md, svg, html; veto for check)",
                                   v);
            }
            if ((rc = cli_check_format(c->cmd, v)) >= 0) {
                return rc;
            }
        } else if (strcmp(name, "--index") == 0) {
            if (strcmp(c->cmd, "power") == 0 &&
                !parse_indices(v, &c->opts.indices, &c->opts.semivalue) &&
                power_catalogue(v, &c->opts.indices, &c->opts.semivalue)) {
                c->more_index = v;
            } else if (!parse_indices(v, &c->opts.indices,
                                      &c->opts.semivalue)) {
                return cli_usage_error("bad --index '%s' (bz, abz, ssi, pgi, dpi, "
                                   "jo, cp, ci, all, beta:A:B; power also "
                                   "takes every name 'veto indices' lists)",
                                   v);
            }
        } else if (strcmp(name, "--method") == 0) {
            if (strcmp(v, "auto") == 0) {
                c->opts.method = VETO_METHOD_AUTO;
            } else if (strcmp(v, "dp") == 0) {
                c->opts.method = VETO_METHOD_DP;
            } else if (strcmp(v, "bdd") == 0) {
                c->opts.method = VETO_METHOD_BDD;
            } else if (strcmp(v, "enum") == 0) {
                c->opts.method = VETO_METHOD_ENUM;
            } else if (strcmp(v, "mc") == 0) {
                c->opts.method = VETO_METHOD_MC;
            } else {
                return cli_usage_error("unknown method '%s' (auto, dp, bdd, enum, "
                                   "mc)",
                                   v);
            }
        } else if (strcmp(name, "--input-format") == 0) {
            if (strcmp(v, "auto") == 0) {
                c->informat = VETO_FORMAT_AUTO;
            } else if (strcmp(v, "veto") == 0) {
                c->informat = VETO_FORMAT_VETO;
            } else if (strcmp(v, "json") == 0) {
                c->informat = VETO_FORMAT_JSON;
            } else if (strcmp(v, "bare") == 0) {
                c->informat = VETO_FORMAT_BARE;
            } else {
                return cli_usage_error("unknown input format '%s' (auto, veto, "
                                   "json, bare)",
                                   v);
            }
        } else if (strcmp(name, "--max-memory") == 0) {
            if (!parse_size(v, &c->opts.max_memory) || c->opts.max_memory == 0) {
                return cli_usage_error("bad --max-memory '%s' (e.g. 2G, 512M)", v);
            }
        } else if (strcmp(name, "--timeout") == 0) {
            if (!parse_double(v, &d) || d <= 0 || d > 1e12) {
                return cli_usage_error(
                    "bad --timeout '%s' (seconds > 0, at most 1e12)", v);
            }
            c->opts.timeout = d;
        } else if (strcmp(name, "--threads") == 0) {
            if (!parse_u64(v, &u) || u == 0 || u > 4096) {
                return cli_usage_error("bad --threads '%s' (1 to 4096)", v);
            }
            c->opts.threads = (unsigned)u;
        } else if (strcmp(name, "--seed") == 0) {
            if (!parse_u64(v, &u)) {
                return cli_usage_error("bad --seed '%s'", v);
            }
            c->opts.seed = u;
        } else if (strcmp(name, "--samples") == 0) {
            if (!parse_u64(v, &u) || u == 0) {
                return cli_usage_error("bad --samples '%s'", v);
            }
            c->opts.samples = u;
        } else if (strcmp(name, "--epsilon") == 0) {
            if (!parse_double(v, &d) || d <= 0 || d >= 1) {
                return cli_usage_error("bad --epsilon '%s' (between 0 and 1)", v);
            }
            c->opts.epsilon = d;
        } else if (strcmp(name, "--confidence") == 0) {
            if (!parse_double(v, &d) || d <= 0 || d >= 1) {
                return cli_usage_error("bad --confidence '%s' (between 0 and 1)",
                                   v);
            }
            c->opts.confidence = d;
        } else {
            if (!parse_u64(v, &u) || u == 0 || u > SIZE_MAX / 2) {
                return cli_usage_error("bad value '%s' for a limit", v);
            }
            if (strcmp(name, "--max-file-size") == 0) {
                c->limits.max_file_bytes = (size_t)u;
            } else if (strcmp(name, "--max-players") == 0) {
                c->limits.max_players = (size_t)u;
            } else if (strcmp(name, "--max-name") == 0) {
                c->limits.max_name_bytes = (size_t)u;
            } else if (strcmp(name, "--max-depth") == 0) {
                if (u > VETO_MAX_DEPTH_CEILING) {
                    fprintf(stderr,
                            "veto: --max-depth can be at most %d: deeper "
                            "rules would overflow the stack of the passes "
                            "that walk them\n",
                            VETO_MAX_DEPTH_CEILING);
                    return EXIT_USAGE;
                }
                c->limits.max_depth = (size_t)u;
            } else {
                c->limits.max_number_digits = (size_t)u;
            }
        }
    }
    if (c->nfiles == 0 &&
        (c->command == NULL || c->command->min_args > 0)) {
        cli_help(stderr, first == 1 ? NULL : c->cmd);
        return EXIT_USAGE;
    }
    if (strcmp(c->cmd, "power") == 0 || strcmp(c->cmd, "check") == 0) {
        if (c->nfiles != 1) {
            return cli_usage_error("'%s' takes exactly one FILE", c->cmd);
        }
    }
    if (c->command != NULL &&
        (c->nfiles < c->command->min_args || c->nfiles > c->command->max_args)) {
        return cli_usage_error("wrong number of arguments for '%s'", c->cmd);
    }
    if (strcmp(c->cmd, "compare") == 0 && c->nfiles < 2) {
        return cli_usage_error("'%s' takes two or more FILEs", c->cmd);
    }
    size_t nstdin = 0;
    for (size_t k = 0; k < c->nfiles; k++) {
        nstdin += strcmp(c->files[k], "-") == 0;
    }
    if (nstdin > 1) {
        return cli_usage_error("%s", "standard input ('-') can be read only once");
    }
    return -1;
}

void cli_print_warnings(const cli_t *c, const veto_model_t *m)
{
    if (c->quiet) {
        return;
    }
    for (size_t w = 0; w < veto_model_nwarnings(m); w++) {
        const char *s = veto_model_warning(m, w);
        /* "file:line:col: text" becomes "file:line:col: warning: text" */
        const char *p = s;
        int colons = 0;
        while (*p != '\0' && colons < 3) {
            if (*p == ':' && p[1] == ' ') {
                break;
            }
            if (*p == ':') {
                colons++;
            }
            p++;
        }
        if (*p == ':' && p[1] == ' ') {
            fprintf(stderr, "%.*s: warning: %s\n", (int)(p - s), s, p + 2);
        } else {
            fprintf(stderr, "warning: %s\n", s);
        }
    }
}

void cli_result_warnings(const cli_t *c, const veto_model_t *m,
                            const veto_result_t *r)
{
    if (c->quiet) {
        return;
    }
    /* A body that can never act is a warning of the model itself (the
     * reader says which term cannot be met), printed with the others. */
    if (r->always_acts) {
        fprintf(stderr,
                "%s: warning: the body always acts: the empty coalition "
                "already satisfies the rule\n",
                veto_model_filename(m));
    }
}

veto_report_options_t cli_report_options(const cli_t *c)
{
    veto_report_options_t o;
    veto_report_options_init(&o);
    o.format = c->ropts.format;
    o.exact = c->ropts.exact;
    return o;
}

int cli_write_report(cli_t *c, char *text)
{
    char *tmp;
    FILE *out = cli_open_output(c, &tmp);
    if (out == NULL) {
        veto_free(text);
        return EXIT_OUTPUT;
    }
    fputs(text, out);
    veto_free(text);
    int status = cli_close_output(c, out, tmp, !interrupted);
    if (interrupted && status == EXIT_OK) {
        status = EXIT_INTERRUPTED;
    }
    return status;
}

/* Without --timeout the engine is chosen without a probe; when its
 * estimate at the nominal speed is over a minute, say so on stderr before
 * it starts, with the faster ways. */
static void warn_if_slow(cli_t *c, const veto_model_t *m)
{
    veto_plan_info_t pi;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_plan(&pi, m, &c->opts, &err) != VETO_OK || pi.seconds <= 60) {
        return;
    }
    c->long_said = true;
    char t[32];
    if (pi.seconds >= 7200) {
        snprintf(t, sizeof t, "%.1f hours", pi.seconds / 3600);
    } else {
        snprintf(t, sizeof t, "%.0f minutes", pi.seconds / 60 + 0.5);
    }
    fprintf(stderr, "note: %s: --method %s is estimated to take about %s",
            veto_model_filename(m), veto_method_name(pi.method), t);
    if (pi.costliest >= 0) {
        fprintf(stderr, ", most of it for %s",
                veto_index_key((veto_index)pi.costliest));
    }
    fputs("; faster: ", stderr);
    if (pi.mc_can) {
        fputs("--method mc (Banzhaf and Shapley-Shubik estimated), ", stderr);
    }
    unsigned asked = c->opts.indices != 0 ? c->opts.indices : VETO_INDEX_ALL;
    if (pi.costliest >= 0 && (asked & (asked - 1)) != 0) {
        fprintf(stderr, "--index without %s, ",
                veto_index_key((veto_index)pi.costliest));
    }
    fputs("or --timeout S to take what finishes in time\n", stderr);
}

int main(int argc, char **argv)
{
    cli_t c;
    memset(&c, 0, sizeof c);
    veto_options_init(&c.opts);
    veto_limits_init(&c.limits);
    c.ropts.format = REPORT_TEXT;
    if (argc > 1 && strcmp(argv[1], "serve") == 0) {
        return cli_exec_serve(argc, argv);
    }
#ifdef VETO_MPI
    cli_mpi_setup(&c, &argc, &argv);
#endif
    int rc = parse_args(&c, argc, argv);
    if (rc >= 0) {
        free(c.files);
        return rc;
    }
    c.tty = isatty(STDERR_FILENO) != 0;
    c.opts.progress = cli_progress;
    c.opts.progress_user = &c;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    if (c.command != NULL) {
        rc = c.command->run(&c);
        free(c.files);
        return rc;
    }
    size_t n = c.nfiles;
    veto_model_t **models = calloc(n, sizeof *models);
    veto_result_t **results = calloc(n, sizeof *results);
    char *described = NULL;
    if (models == NULL || results == NULL) {
        fputs("veto: out of memory\n", stderr);
        return EXIT_LIMIT;
    }
    bool is_check = strcmp(c.cmd, "check") == 0;
    bool is_power = strcmp(c.cmd, "power") == 0;
    if (is_power) {
        c.opts.beliefs = false;
    }
    veto_error_t err;
    int status = EXIT_OK;
    /* --timeout bounds the whole command: each model gets what is left. */
    double budget = c.opts.timeout, begun = cli_now();
    for (size_t k = 0; k < n && status == EXIT_OK; k++) {
        if (budget > 0) {
            double left = budget - (cli_now() - begun);
            c.opts.timeout = left > 1e-6 ? left : 1e-6;
        }
        veto_error_clear(&err);
        veto_status s = veto_model_read_file(&models[k], c.files[k],
                                             c.informat, &c.limits, &err);
        if (s != VETO_OK) {
            cli_print_error(&err, strcmp(c.files[k], "-") == 0 ? "<stdin>"
                                                           : c.files[k]);
            status = cli_exit_code(s);
            break;
        }
        cli_print_warnings(&c, models[k]);
        if (is_check && c.ropts.format == REPORT_VETO) {
            s = veto_model_write_veto(&described, models[k], &err);
        } else if (is_check) {
            s = veto_model_describe(&described, models[k], &err);
        } else {
            c.long_said = false;
            if (budget <= 0) {
                warn_if_slow(&c, models[k]);
            }
            c.started = cli_now();
            s = veto_analyse(&results[k], models[k], &c.opts, &err);
            cli_clear_progress(&c);
        }
        if (s != VETO_OK) {
            if (s == VETO_ECANCELLED && interrupted) {
                fprintf(stderr, "veto: interrupted; nothing was written\n");
            } else {
                cli_print_error(&err, veto_model_filename(models[k]));
            }
            status = cli_exit_code(s);
            break;
        }
        if (!is_check) {
            cli_result_warnings(&c, models[k], results[k]);
        }
    }
    if (status == EXIT_OK) {
        char *text = NULL;
        veto_status s = VETO_OK;
        veto_report_options_t ro = cli_report_options(&c);
        const veto_model_t *const *mv = (const veto_model_t *const *)models;
        const veto_result_t *const *rv = (const veto_result_t *const *)results;
        veto_error_clear(&err);
        if (is_check) {
            text = described;
            described = NULL;
        } else if (is_power && c.more_index != NULL) {
            s = power_more(&text, &c, models[0], results[0], &ro, &err);
        } else if (is_power) {
            s = veto_report_power(&text, models[0], results[0], &ro, &err);
        } else if (strcmp(c.cmd, "compare") == 0) {
            s = veto_report_compare(&text, mv, rv, n, &ro, &err);
        } else {
            s = veto_report_full(&text, mv, rv, n, &ro, &err);
        }
        if (s != VETO_OK) {
            cli_print_error(&err, NULL);
            status = cli_exit_code(s);
        } else {
            status = cli_write_report(&c, text);
        }
    }
    for (size_t k = 0; k < n; k++) {
        veto_result_free(results[k]);
        veto_model_free(models[k]);
    }
    veto_free(described);
    free(models);
    free(results);
    free(c.files);
    return status;
}
