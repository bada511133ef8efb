/*
 * help.c: what each command of veto is for and which options it takes.
 *
 * One table says, for every command, its help text, the common options it
 * takes and the output formats it writes; the parser refuses an option a
 * command would ignore (exit 2), `veto CMD --help` and `veto help CMD`
 * print the command's own text, and a word that is neither a command nor a
 * file gets the closest command suggested.
 */
#include "cli.h"

#include "base/distance.h"

#include <stdio.h>
#include <string.h>

/* The help texts are laid out as they print (one source line per output
 * line), which is clearer than what the formatter would make of them. */
/* clang-format off */

/* The options of the analysis engines (every command that analyses). */
#define ENGINE_OPTS                                                            \
    " --method --max-memory --timeout --threads --seed --samples --epsilon "  \
    "--confidence "
/* Options every command takes. */
#define INPUT_OPTS                                                             \
    " -o --output --format --input-format --max-file-size --max-players "     \
    "--max-name --max-depth --max-digits --allow-include-outside -q --quiet " \
    "-h --help "

typedef struct cmd_help {
    const char *name;    /* as typed; "report" is `veto FILE...` */
    const char *options; /* the common options it takes, space-separated */
    const char *formats; /* the --format values it writes */
    const char *text;    /* its help */
} cmd_help_t;

static const char common_text[] =
    "input and output:\n"
    "  -o FILE                     write to FILE instead of standard output: a\n"
    "                              regular file is replaced atomically (through a\n"
    "                              temporary beside it; symlinks are followed, the\n"
    "                              mode is kept or 0666 minus the umask); devices,\n"
    "                              FIFOs and /dev/fd/N are written directly\n"
    "  --input-format auto|veto|json|bare\n"
    "  --max-file-size BYTES  --max-players N  --max-name BYTES\n"
    "  --max-depth N  --max-digits N      input limits (see README)\n"
    "  --allow-include-outside     let include read files outside the model's\n"
    "                              directory\n"
    "  -q, --quiet                 no warnings on stderr\n"
    "  -h, --help                  this text\n";

static const char engine_text[] =
    "engines:\n"
    "  --method auto|dp|bdd|enum|mc  engine (default auto: by estimated cost;\n"
    "                              falls back to Monte Carlo, and says so, when\n"
    "                              the exact engines would not fit)\n"
    "  --max-memory SIZE           memory budget, e.g. 2G, 512M (default half of RAM)\n"
    "  --timeout SECONDS           stop with exit code 3 after this long; "
    "with\n"
    "                              --method auto, an engine that can finish "
    "in time;\n"
    "                              Monte Carlo stops with the samples so far "
    "(exit 0)\n"
    "  --threads N  --seed S  --samples N  --epsilon E  --confidence C\n"
    "                              Monte Carlo settings\n";

static const char index_text[] =
    "  --index LIST                indices, comma-separated: bz (Banzhaf raw,\n"
    "                              normalised), abz (absolute), ssi (Shapley-Shubik),\n"
    "                              pgi (Holler), dpi (Deegan-Packel), jo (Johnston),\n"
    "                              cp, ci (Coleman prevent, initiate), all;\n"
    "                              default: all that the engine can afford;\n"
    "                              power also takes every name 'veto indices'\n"
    "                              lists (PHT, owen, ...)\n";

static const cmd_help_t commands[] = {
    {"report",
     INPUT_OPTS ENGINE_OPTS "--index --exact", "text json csv md svg html",
     "usage: veto FILE... [options]\n"
     "\n"
     "The full report of each model: properties (veto players, dummies,\n"
     "passers, proper, strong), every power index and the probability that the\n"
     "body acts under the model's beliefs and each scenario.\n"},
    {"power", INPUT_OPTS ENGINE_OPTS "--index --exact",
     "text json csv md svg html",
     "usage: veto power FILE [options]\n"
     "\n"
     "Power indices of one model, and its properties; no beliefs.\n"},
    {"compare", INPUT_OPTS ENGINE_OPTS "--exact", "text json csv md svg html",
     "usage: veto compare FILE FILE... [options]\n"
     "\n"
     "The models side by side: veto players, power to act, the probability\n"
     "of acting per scenario (matched by name) and the Banzhaf index.\n"},
    {"check", INPUT_OPTS, "text json veto",
     "usage: veto check FILE [options]\n"
     "\n"
     "Parse and validate a model and print it normalised: players, groups,\n"
     "attributes, the rule and its thresholds, the folded weighted form when\n"
     "there is one, beliefs and scenarios. Warns about names that differ only\n"
     "in case and about terms or rules that can never be met. --format veto\n"
     "writes the whole normalised model as a .veto file that reads back.\n"},
    {"explain", INPUT_OPTS ENGINE_OPTS "--exact --scenario", "text md json",
     "usage: veto explain FILE PLAYER [--scenario NAME] [options]\n"
     "\n"
     "Why PLAYER can block (each term the others fail), or a minimal winning\n"
     "coalition without it; how often it is decisive, by coalition size; with\n"
     "--scenario (default: the model's own beliefs) why the body acts with\n"
     "the probability it does.\n"
     "\n"
     "  --scenario NAME             the beliefs to explain P(act) under\n"},
    {"sweep", INPUT_OPTS ENGINE_OPTS "--exact --belief --quota --bloc --scenario",
     "text json csv md svg html",
     "usage: veto sweep FILE --belief NAME=FROM:TO[:STEPS] [--scenario S]\n"
     "       veto sweep FILE --quota T=FROM:TO\n"
    "       veto sweep FILE --bloc NAME=a|b:FROM:TO[:STEPS] [--scenario S]\n"
     "       veto sweep FILE --bloc NAME=a|b:FROM:TO[:STEPS] [--scenario S]\n"
     "\n"
     "P(act), the veto players and the indices as one belief, one threshold\n"
     "or one bloc's Beta parameter moves, every point exact. T is a threshold's number or its text, as\n"
     "'veto check' lists them ('count >= 9'=7:11 splits at the last '=').\n"
     "\n"
     "  --belief NAME=FROM:TO[:STEPS]  NAME's belief from FROM to TO (decimals,\n"
     "                              fractions or percentages; 11 points by default)\n"
     "  --quota T=FROM:TO           threshold T (number or text) at every whole\n"
     "                              value FROM..TO\n"
     "  --bloc NAME=a:FROM:TO[:STEPS]  parameter a (or b, NAME=b:...) of bloc\n"
     "                              NAME's Beta(a, b) from FROM to TO (positive;\n"
     "                              'shared' is `belief shared`; 11 points by\n"
     "                              default)\n"
     "  --scenario S                the other beliefs (default: the model's);\n"
     "                              with --bloc, only S's bloc moves\n"},
    {"design", INPUT_OPTS ENGINE_OPTS "--exact --remove-veto --top",
     "text md json html",
     "usage: veto design FILE --remove-veto NAME [--top K] [options]\n"
     "\n"
     "The smallest threshold changes that leave NAME without a veto: each\n"
     "threshold lowered alone, then pairs; the best K (default 3) analysed.\n"
     "\n"
     "  --remove-veto NAME          the player whose veto should go\n"
     "  --top K                     how many rules to show (1 to 100)\n"},
    {"indices",
     INPUT_OPTS ENGINE_OPTS
     "--exact --index --precoalitions --epic-weights --epic-quota",
     "text json csv md epic-csv",
     "usage: veto indices [FILE] [--index LIST] [--precoalitions SPEC]\n"
     "       veto indices --epic-weights FILE [--epic-quota Q]\n"
     "\n"
     "Without FILE, the catalogue of every index: key, short name, EPIC's\n"
     "abbreviations, definition, reference, engines. With FILE, every index\n"
     "for the model (or those of --index: our short names, the JSON keys or\n"
     "EPIC's abbreviations, case-insensitively). Up to 24 players every\n"
     "coalition is enumerated; beyond, the indices that follow from the\n"
     "engines' counts are given and the others say why not.\n"
     "\n"
     "  --precoalitions SPEC        unions for the precoalition indices:\n"
     "                              1+3,2+4,5 or UK+USA+France,China+Russia\n"
     "  --epic-weights FILE         read EPIC's weights file (the quota on its\n"
     "                              first line unless --epic-quota Q)\n"
     "  --format epic-csv           EPIC's CSV layout (with one --index)\n"},
    {"help", " -h --help ", "",
     "usage: veto help [COMMAND]\n"
     "\n"
     "The help of COMMAND (report, power, compare, check, explain, sweep,\n"
     "design, indices), or the overview.\n"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const char overview_text[] =
    "usage: veto FILE...                   full report: properties, indices, beliefs\n"
    "       veto power FILE [options]      power indices\n"
    "       veto compare FILE FILE...      the models side by side\n"
    "       veto check FILE                parse, validate, print the normalised model\n"
    "       veto explain FILE PLAYER [--scenario NAME]\n"
    "                                      why PLAYER can block, or how it is decisive\n"
    "       veto sweep FILE --belief NAME=FROM:TO[:STEPS] [--scenario S]\n"
    "       veto sweep FILE --quota T=FROM:TO\n"
    "       veto sweep FILE --bloc NAME=a|b:FROM:TO[:STEPS] [--scenario S]\n"
    "                                      P(act), veto players and indices as one\n"
    "                                      belief or threshold T moves\n"
    "       veto design FILE --remove-veto NAME [--top K]\n"
    "                                      the smallest threshold changes that\n"
    "                                      leave NAME without a veto\n"
    "       veto serve [--port N]          the page and JSON API in a browser\n"
    "                                      (veto-serve --help for its options)\n"
    "       veto help COMMAND              the options of COMMAND (also\n"
    "                                      veto COMMAND --help)\n"
    "\n"
    "FILE is a .veto model, a JSON model or a bare weighted game (a quota, then\n"
    "the weights); '-' reads standard input.\n"
    "\n"
    "options (each command takes those that mean something to it; see\n"
    "'veto help COMMAND'):\n"
    "  --format FORMAT             text (default), json, csv, md, svg (charts),\n"
    "                              html (a self-contained page), veto (check)\n"
    "  --exact                     exact fractions instead of decimals\n";

static const char exit_text[] =
    "\n"
    "exit codes: 0 ok, 1 bad input, 2 bad usage (including an option the\n"
    "command does not take, or a --method that cannot take this rule), 3\n"
    "resource limit or --timeout, 4 output could not be written, 130\n"
    "interrupted.\n";

/* clang-format on */

static const cmd_help_t *find(const char *name)
{
    for (size_t k = 0; k < NCOMMANDS; k++) {
        if (strcmp(commands[k].name, name) == 0) {
            return &commands[k];
        }
    }
    return NULL;
}

bool cli_is_command(const char *word)
{
    return strcmp(word, "report") != 0 && find(word) != NULL;
}

const char *cli_closest_command(const char *word)
{
    size_t len = strlen(word), best = SIZE_MAX;
    const char *at = NULL;
    for (size_t k = 0; k < NCOMMANDS; k++) {
        const char *c = commands[k].name;
        if (strcmp(c, "report") == 0) {
            continue; /* a help topic, never typed as a command */
        }
        size_t d = veto_i_edit_distance(word, len, c, strlen(c));
        if (d < best && veto_i_close_enough(d, len, strlen(c))) {
            best = d;
            at = c;
        }
    }
    return at;
}

/* Whether the space-separated list holds word. */
static bool listed(const char *list, const char *word)
{
    size_t len = strlen(word);
    for (const char *p = strstr(list, word); p != NULL;
         p = strstr(p + 1, word)) {
        bool starts = p == list || p[-1] == ' ';
        bool ends = p[len] == '\0' || p[len] == ' ';
        if (starts && ends) {
            return true;
        }
    }
    return false;
}

int cli_check_option(const char *cmd, const char *option)
{
    const cmd_help_t *h = find(cmd);
    if (h == NULL || listed(h->options, option)) {
        return -1;
    }
    bool anywhere = false;
    for (size_t k = 0; k < NCOMMANDS; k++) {
        anywhere = anywhere || listed(commands[k].options, option);
    }
    if (!anywhere) {
        return -1; /* not an option of veto at all: the caller says so */
    }
    const char *shown = strcmp(cmd, "report") == 0 ? "veto FILE..." : cmd;
    fprintf(stderr, "veto: '%s' does not take %s\n", shown, option);
    fprintf(stderr, "Try 'veto help %s'.\n", cmd);
    return EXIT_USAGE;
}

int cli_check_format(const char *cmd, const char *format)
{
    const cmd_help_t *h = find(cmd);
    if (h == NULL || listed(h->formats, format)) {
        return -1;
    }
    const char *shown = strcmp(cmd, "report") == 0 ? "veto FILE..." : cmd;
    fprintf(stderr, "veto: '%s' does not write --format %s (it writes: %s)\n",
            shown, format, h->formats);
    fprintf(stderr, "Try 'veto help %s'.\n", cmd);
    return EXIT_USAGE;
}

int cli_help(FILE *f, const char *topic)
{
    if (topic == NULL) {
        fputs(overview_text, f);
        fputc('\n', f);
        fputs(index_text + 0, f);
        fputc('\n', f);
        fputs(engine_text, f);
        fputc('\n', f);
        fputs(common_text, f);
        fputs("  --version                   the version\n", f);
        fputs(exit_text, f);
        return EXIT_OK;
    }
    const cmd_help_t *h = find(topic);
    if (h == NULL) {
        const char *near = cli_closest_command(topic);
        if (near != NULL) {
            fprintf(stderr, "veto: no command '%s'; did you mean '%s'?\n",
                    topic, near);
        } else {
            fprintf(stderr, "veto: no command '%s'\n", topic);
        }
        fputs("Try 'veto --help'.\n", stderr);
        return EXIT_USAGE;
    }
    fputs(h->text, f);
    if (strcmp(h->name, "help") == 0) {
        return EXIT_OK;
    }
    fputs("\noutput:\n", f);
    char fmts[64];
    snprintf(fmts, sizeof fmts, "--format %s", h->formats);
    for (char *p = fmts + 9; *p != '\0'; p++) {
        *p = *p == ' ' ? '|' : *p;
    }
    fprintf(f, "  %-27s output format (default text)\n", fmts);
    if (listed(h->options, "--exact")) {
        fputs("  --exact                     exact fractions instead of "
              "decimals\n",
              f);
    }
    if (listed(h->options, "--index")) {
        fputs(index_text, f);
    }
    if (listed(h->options, "--method")) {
        fputc('\n', f);
        fputs(engine_text, f);
    }
    fputc('\n', f);
    fputs(common_text, f);
    fputs(exit_text, f);
    return EXIT_OK;
}
