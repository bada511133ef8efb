/*
 * veto.h: the public API of libveto, the only header a user includes.
 *
 * libveto turns a collective decision rule into numbers: who can block it,
 * how power is shared (Banzhaf, Shapley-Shubik, Holler, Deegan-Packel,
 * Johnston, Coleman) and how likely the body is to act under stated beliefs.
 *
 * Conventions (see shared STYLE): outputs first, inputs const; every function
 * that can fail returns a veto_status and fills the caller's veto_error_t;
 * the library never prints, exits or aborts; there is no global state.
 */
#ifndef VETO_H
#define VETO_H

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(VETO_BUILDING) && defined(__GNUC__)
#define VETO_EXPORT __attribute__((visibility("default")))
#else
#define VETO_EXPORT
#endif

#define VETO_VERSION "0.1.0"

/* Error codes. Numbers are fixed; a retired code is commented out, never
 * reused. */
typedef enum veto_status {
    VETO_OK = 0,
    VETO_ENOMEM = 1,      /* an allocation failed */
    VETO_EPARSE = 2,      /* the input text is not a model */
    VETO_EINVAL = 3,      /* the model parses but is invalid */
    VETO_EOVERFLOW = 4,   /* a number is too large to represent */
    VETO_ELIMIT = 5,      /* a resource limit (memory budget, size cap) */
    VETO_EMISUSE = 6,     /* the caller asked for something impossible */
    VETO_EIO = 7,         /* a file could not be read */
    VETO_ECANCELLED = 8,  /* the progress callback asked to stop */
    VETO_ETIMEOUT = 9,    /* the time budget ran out */
    VETO_EUNSUPPORTED = 10 /* this engine cannot take this rule or index */
} veto_status;

/* Advice attached to an error, as data: which advice (the code) and its
 * parameters (veto_error_t.hint_arg). Numbers are fixed like the status
 * codes. veto_hint_text() words each one without naming command-line
 * options; the veto command words them with its options. */
typedef enum veto_hint_code {
    VETO_HINT_NONE = 0,         /* no advice, or only free text in hint */
    VETO_HINT_NO_NEGATION = 1,  /* `not`: rules are monotone */
    VETO_HINT_COMPARISON = 2,   /* arg 0: the operator written (`<=`);
                                   a threshold is `>=` or `>` */
    VETO_HINT_OPERATOR = 3,     /* arg 0: written (`&&`, `AND`), arg 1: the
                                   operator meant (`and`) */
    VETO_HINT_NAME_LIST = 4,    /* `players { A, B }`: names are separated
                                   by spaces */
    VETO_HINT_KEYWORD = 5,      /* arg 0: written, arg 1: the keyword (or
                                   name) meant */
    VETO_HINT_SCENARIOS = 6,    /* arg 0: the scenarios, ", "-separated
                                   (empty: the model has none) */
    VETO_HINT_INDEX_METHOD = 7, /* arg 0: the index key asked for, arg 1:
                                   the method; arg 2: an index key that
                                   method computes instead, or empty */
    VETO_HINT_RAISE_LIMIT = 8,  /* arg 0: the veto_limits_t field */
    VETO_HINT_OTHER_METHOD = 9, /* arg 0: method asked, arg 1: the methods
                                   that can take the rule, ", "-separated */
    VETO_HINT_MEMORY = 10,      /* arg 0: the method over the memory budget,
                                   arg 1: methods that need less,
                                   ", "-separated */
    VETO_HINT_FEWER_THREADS = 11, /* Monte Carlo over the memory budget */
    VETO_HINT_MC_PRECISION = 12, /* Monte Carlo would need too many samples */
    VETO_HINT_INCLUDE_OUTSIDE = 13, /* an include outside the model's
                                      directory (allow_include_outside) */
    VETO_HINT_TIMEOUT = 14      /* no engine finishes within the time limit:
                                   arg 0 the fastest exact engine, arg 1 its
                                   estimated time ("3.2 min"), arg 2
                                   "exact" when the answer may not be
                                   sampled (explain) */
} veto_hint_code;

#define VETO_HINT_NARGS 3

/* The error record the caller passes in. file/line/col are 0/empty when
 * there is no source position. `context` is the offending source line
 * (for a caret under column `col`). Fields are only ever appended, so
 * code reading the older ones keeps working. */
typedef struct veto_error {
    veto_status code;
    char file[256];
    unsigned line; /* 1-based; 0 = no position */
    unsigned col;  /* 1-based, in bytes */
    char message[512];
    char context[256];
    char hint[256]; /* advice in words, as veto_hint_text() gives it, or
                       free text when hint_code is VETO_HINT_NONE; may be
                       empty */
    veto_hint_code hint_code;                 /* the advice as data */
    char hint_arg[VETO_HINT_NARGS][128];      /* its parameters */
} veto_error_t;

/* A static English description of a status code. */
VETO_EXPORT const char *veto_strerror(veto_status code);
/* Free a string or buffer the library returned (veto_model_describe). */
VETO_EXPORT void veto_free(void *p);
/* Clear an error record to VETO_OK. NULL is harmless. */
VETO_EXPORT void veto_error_clear(veto_error_t *err);
/* The advice of err (its hint_code and hint_arg) in English words that name
 * no command-line option, for bindings; the free text of err->hint when
 * the code is VETO_HINT_NONE; "" when err is NULL or has no advice. Writes
 * at most size bytes including the NUL into buf (truncating) and returns
 * the length the whole text needs, like snprintf. Time: O(size). */
VETO_EXPORT size_t veto_hint_text(char *buf, size_t size,
                                  const veto_error_t *err);

/* Misuse. Every function below that returns a veto_status checks its
 * arguments first: a NULL pointer where an object is needed, an index or
 * enum value out of range, an option outside its documented range give
 * VETO_EMISUSE with a message naming the function and the argument, and
 * nothing else happens (*out, when out is not NULL, is set to NULL). err
 * itself may be NULL (no message is then kept). Functions that return a
 * count or a string take a NULL model as empty (0 or NULL); the _free and
 * _clear functions take NULL as nothing to do. */

/* ---------------------------------------------------------------------- */
/* Limits on input. Every cap has a default and can be raised.             */

typedef struct veto_limits {
    size_t max_file_bytes;   /* default 64 MiB */
    size_t max_players;      /* default 10,000,000 */
    size_t max_name_bytes;   /* default 1024 */
    size_t max_depth;        /* nesting of expressions / JSON, default 1000,
                                at most VETO_MAX_DEPTH_CEILING */
    size_t max_number_digits;/* digits in one number literal, default 10000 */
    bool allow_include_outside; /* `include` may name a file outside the
                                   model's directory; default false */
} veto_limits_t;

/* The deepest nesting veto accepts whatever max_depth says: the rule's
 * passes recurse once per level, and the JSON parser stops at 2048. A
 * larger max_depth is taken as this. */
#define VETO_MAX_DEPTH_CEILING 2000

/* The defaults above. Every field must stay at least 1: a limit of 0 is
 * VETO_EMISUSE when the model is read. */
VETO_EXPORT void veto_limits_init(veto_limits_t *limits);

/* ---------------------------------------------------------------------- */
/* Models                                                                  */

typedef struct veto_model veto_model_t; /* opaque */

typedef enum veto_format {
    VETO_FORMAT_AUTO = 0, /* by content: JSON if it starts with '{', bare
                             weighted if it starts with a number, else .veto */
    VETO_FORMAT_VETO,
    VETO_FORMAT_JSON,
    VETO_FORMAT_BARE
} veto_format;

/* Read a model from memory. `name` is used in diagnostics (a file name or
 * "<stdin>"; NULL: "<input>"). text may be NULL when len is 0 (an empty
 * input). `limits` may be NULL for the defaults. On success *out owns a
 * new model (free with veto_model_free); on failure *out is NULL and err
 * names file, line and column.
 * Errors: VETO_EPARSE, VETO_EINVAL, VETO_EOVERFLOW, VETO_ELIMIT, VETO_ENOMEM;
 * VETO_EMISUSE (out NULL, text NULL with len > 0, format out of range, a
 * limit of 0).
 * Time: linear in the input size (plus the rule's size). */
VETO_EXPORT veto_status veto_model_read(veto_model_t **out, const char *name,
                                        const char *text, size_t len,
                                        veto_format format,
                                        const veto_limits_t *limits,
                                        veto_error_t *err);

/* Read a model from a file; path "-" reads standard input.
 * Errors: as veto_model_read, plus VETO_EIO. */
VETO_EXPORT veto_status veto_model_read_file(veto_model_t **out,
                                             const char *path,
                                             veto_format format,
                                             const veto_limits_t *limits,
                                             veto_error_t *err);

VETO_EXPORT void veto_model_free(veto_model_t *model);

/* Accessors: O(1). An index out of range, or a NULL model, gives NULL
 * (or 0 for the counts). */
VETO_EXPORT size_t veto_model_nplayers(const veto_model_t *model);
VETO_EXPORT const char *veto_model_player(const veto_model_t *model, size_t i);
/* The index of the player called `name` (exact, case-sensitive match) in
 * *index. Errors: VETO_EMISUSE (model, name or index NULL), VETO_EINVAL (no
 * player has that name; err->message names it and err->hint the closest
 * name, if one is close). Time: O(total bytes of the names); a caller that
 * looks up many names should build its own table. */
VETO_EXPORT veto_status veto_model_player_index(size_t *index,
                                                const veto_model_t *model,
                                                const char *name,
                                                veto_error_t *err);
VETO_EXPORT const char *veto_model_title(const veto_model_t *model);
VETO_EXPORT const char *veto_model_filename(const veto_model_t *model);
VETO_EXPORT size_t veto_model_nsources(const veto_model_t *model);
VETO_EXPORT const char *veto_model_source(const veto_model_t *model, size_t i);
VETO_EXPORT size_t veto_model_nnotes(const veto_model_t *model);
VETO_EXPORT const char *veto_model_note(const veto_model_t *model, size_t i);
/* Scenarios, not counting the defaults. */
VETO_EXPORT size_t veto_model_nscenarios(const veto_model_t *model);
VETO_EXPORT const char *veto_model_scenario(const veto_model_t *model,
                                            size_t s);
/* The weight of scenario s (0-based) into out when the model's scenarios
 * are weighted (issue 11): returns true then, false (out untouched) when
 * they are not or s is out of range. O(1). */
VETO_EXPORT bool veto_model_scenario_weight(mpq_t out, const veto_model_t *model,
                                            size_t s);
/* Warnings found while reading (names differing only in case, a rule that
 * can never pass, ...): NUL-terminated strings, each "file:line:col: text"
 * or "file: text". */
VETO_EXPORT size_t veto_model_nwarnings(const veto_model_t *model);
VETO_EXPORT const char *veto_model_warning(const veto_model_t *model,
                                           size_t i);

/* ---------------------------------------------------------------------- */
/* Analysis                                                                */

/* The indices, as bits of veto_options.indices. */
typedef enum veto_index {
    VETO_IDX_BANZHAF_RAW = 0,   /* swing counts */
    VETO_IDX_BANZHAF,           /* normalised Banzhaf */
    VETO_IDX_BANZHAF_ABSOLUTE,  /* Penrose: swings / 2^(n-1) */
    VETO_IDX_SHAPLEY_SHUBIK,
    VETO_IDX_HOLLER_RAW,        /* minimal winning coalitions containing i */
    VETO_IDX_HOLLER,            /* public good index, normalised */
    VETO_IDX_DEEGAN_PACKEL,
    VETO_IDX_JOHNSTON,
    VETO_IDX_COLEMAN_PREVENT,   /* swings / winning */
    VETO_IDX_COLEMAN_INITIATE,  /* swings / losing */
    VETO_NINDEX
} veto_index;

#define VETO_INDEX_BIT(x) (1u << (x))
#define VETO_INDEX_ALL ((1u << VETO_NINDEX) - 1u)

/* JSON / report key of an index ("banzhaf_raw", "shapley_shubik", ...). */
VETO_EXPORT const char *veto_index_key(veto_index idx);
/* Human name ("Banzhaf (normalised)", ...). */
VETO_EXPORT const char *veto_index_name(veto_index idx);

typedef enum veto_method {
    VETO_METHOD_AUTO = 0,
    VETO_METHOD_DP,
    VETO_METHOD_BDD,
    VETO_METHOD_ENUM,
    VETO_METHOD_MC
} veto_method;

VETO_EXPORT const char *veto_method_name(veto_method m);

/* Progress: called now and then with done/total in [0, 1]; return non-zero
 * to cancel (the analysis then returns VETO_ECANCELLED). */
typedef int (*veto_progress_fn)(void *user, double fraction,
                                const char *stage);

typedef struct veto_options {
    unsigned indices;      /* VETO_INDEX_BIT set; 0 = all the engine affords */
    veto_method method;    /* default AUTO */
    bool exact;            /* exact rationals for beliefs too */
    bool beliefs;          /* compute beliefs (p_act, p_decisive) */
    bool properties;       /* veto players, dummies, proper/strong ... */
    uint64_t max_memory;   /* bytes; 0 = default (a share of physical RAM) */
    double timeout;        /* seconds; 0 = none */
    unsigned threads;      /* 0 = all cores */
    uint64_t seed;         /* Monte Carlo */
    uint64_t samples;      /* Monte Carlo; 0 = from epsilon/confidence */
    double epsilon;        /* Monte Carlo half-width target */
    double confidence;     /* Monte Carlo simultaneous confidence */
    veto_progress_fn progress;
    void *progress_user;
    /* Monte Carlo over several processes (veto-mpi): this process's rank
     * of nranks (0 of 1 by default), and a callback that replaces sums[]
     * by its element-wise total over all processes (an MPI allreduce).
     * The same seed gives the same result for any nranks. */
    uint64_t rank;
    uint64_t nranks;
    veto_status (*reduce)(void *user, uint64_t *sums, size_t len);
    void *reduce_user;
    /* The Beta semivalue (issue 11): "A:B" with A, B positive integers or
     * decimals gives each player's probability of being decisive when all
     * share one yes-probability p ~ Beta(A, B) (Shapley-Shubik is "1:1"),
     * exact, in veto_result_t.semivalue; NULL = not asked. */
    const char *semivalue;
} veto_options_t;

VETO_EXPORT void veto_options_init(veto_options_t *opt);

typedef enum veto_tristate {
    VETO_UNKNOWN = -1,
    VETO_NO = 0,
    VETO_YES = 1
} veto_tristate;

/* Beliefs under one scenario (index 0 = the model's defaults). */
typedef struct veto_belief_result {
    const char *name;   /* "default" or the scenario's name */
    double p_act;
    double *p_decisive; /* [n] */
    bool exact;         /* the mpq fields below are set */
    mpq_t p_act_q;
    mpq_t *p_decisive_q; /* [n] when exact */
    /* Monte Carlo: half-widths of the intervals, 0 for exact engines */
    double p_act_hw;
    double *p_decisive_hw;
    /* Blocs (issue 11), exact engines: P(act) with every bloc replaced by
     * independent players at its mean a/(a+b) (NaN when this belief set
     * has no bloc or it was not computed; the fraction in
     * *p_act_independent_q under exact, else that pointer is NULL), and
     * with each bloc alone so replaced: nblocs of them, bloc_name[k]
     * ("shared" for `belief shared`) pointing into the model. */
    double p_act_independent;
    mpq_t *p_act_independent_q;
    size_t nblocs;
    const char **bloc_name;
    double *p_act_bloc_independent;
    /* Three-valued models (issue 10): p_decisive is no -> yes, the sum of
     * the two steps below; the players forced to abstain (recused). NULL
     * and 0 in a yes/no model. */
    double *p_decisive_na;   /* [n] no -> abstain */
    double *p_decisive_ay;   /* [n] abstain -> yes */
    mpq_t *p_decisive_na_q;  /* [n] when exact */
    mpq_t *p_decisive_ay_q;
    double *p_decisive_na_hw; /* [n] Monte Carlo half-widths, or NULL */
    double *p_decisive_ay_hw;
    size_t nrecused;
    size_t *recused;         /* [nrecused] increasing player indices */
} veto_belief_result_t;

/* The result of an analysis. A public struct: read its fields directly. */
/* Bits of veto_result_t.dp_power_series. */
#define VETO_DP_PS_BANZHAF 1u
#define VETO_DP_PS_SHAPLEY 2u

typedef struct veto_result {
    size_t n;
    veto_method method;   /* the engine that ran */
    char reason[256];     /* why that engine */
    bool estimated;       /* Monte Carlo: values carry half-widths */
    double confidence;    /* for estimated results */
    uint64_t samples;

    unsigned computed;    /* VETO_INDEX_BIT of indices computed */
    unsigned undefined;   /* computed but undefined (e.g. no swings at all) */
    char why_not[VETO_NINDEX][160]; /* reason for each index not computed */
    mpq_t *value[VETO_NINDEX];      /* [n] exact values (exact engines) */
    double *approx[VETO_NINDEX];    /* [n] decimal values */
    double *halfwidth[VETO_NINDEX]; /* [n] Monte Carlo half-widths, or NULL */

    bool have_winning;
    mpz_t winning;          /* number of winning coalitions */
    bool have_minimal;
    mpz_t minimal_winning;  /* number of minimal winning coalitions */
    bool have_power;
    mpq_t power_to_act;     /* winning / 2^n */
    double power_to_act_d;

    /* Properties (exact engines; VETO_UNKNOWN where not computed). */
    bool have_properties;
    bool *veto_player;      /* [n] */
    bool *passer;           /* [n]: {i} alone wins */
    veto_tristate *dummy;   /* [n] */
    long dictator;          /* index, or -1 */
    veto_tristate proper;   /* no two disjoint winning coalitions */
    veto_tristate strong;   /* of a coalition and its complement one wins */

    /* Folded weighted form, when the rule is one threshold. */
    bool weighted;
    mpz_t quota;
    mpz_t *weight;          /* [n] */

    bool never_acts;        /* even the grand coalition fails */
    bool always_acts;       /* even the empty coalition passes */

    size_t nbeliefs;        /* 1 + number of scenarios, 0 if not asked */
    veto_belief_result_t *belief;
    uint64_t nodes;         /* bdd: diagram size; 0 otherwise */

    /* Monte Carlo (estimated): the seed the samples were drawn with, and
     * whether VETO_METHOD_AUTO chose Monte Carlo because the exact engines
     * would not fit (rather than the caller asking for it). */
    uint64_t seed;
    bool fell_back;
    /* Minimal blocking coalitions (veto_analyse with properties, up to 20
     * players, 2^n rule evaluations): coalitions whose members, by voting no, stop the body
     * whatever the others do, and none of whose members can leave. */
    bool have_blocking;
    uint64_t nblocking;          /* how many */
    uint64_t *blocking_by_size;  /* [n + 1] */
    size_t nblocking_listed;     /* all of them when at most 50, else 0 */
    size_t *blocking_size;       /* [nblocking_listed], smallest first */
    size_t **blocking_member;    /* [nblocking_listed][size] */

    /* Three-valued votes (issue 10): ternary is set, the Banzhaf entries
     * of value[] hold Felsenthal & Machover's ternary Banzhaf index (raw,
     * absolute = raw / 3^(n-1), normalised), shapley_shubik their roll-call
     * index, and veto_player the players who block by voting no. The
     * yes/no notions (Holler, Deegan-Packel, Johnston, Coleman, winning
     * and minimal winning coalitions, proper, strong, blocking) are not
     * computed. */
    bool ternary;
    bool *veto_unless_yes;       /* [n] only a yes does not block */
    bool *abstention_matters;    /* [n] abstaining differs from no */
    /* Weighted scenarios (issue 11): P(act) and P(decisive) expected over
     * the scenarios with their weights (name "expected"); NULL when the
     * scenarios carry no weights or beliefs were not asked. */
    veto_belief_result_t *expected;
    /* Blocs (issue 11): whether belief set s (0 = defaults) has blocs,
     * [nbeliefs]; NULL when none has. */
    bool *belief_blocs;
    /* The Beta semivalue asked with veto_options_t.semivalue (issue 11):
     * its JSON key ("semivalue_beta_A_B"), exact values [n] and doubles
     * [n]; semivalue NULL when not asked or not computed (Monte Carlo,
     * then semivalue_why says why). */
    char semivalue_key[64];
    mpq_t *semivalue;
    double *semivalue_d;
    char semivalue_why[160];
    /* What the exact engine worked with (0 when another engine ran): dp
     * the types of players of equal weight after dividing by the weights'
     * gcd (the distinct weights among the players of positive weight), bdd
     * the levels of its diagram (each a type of interchangeable players). */
    size_t dp_types;
    size_t bdd_levels;
    /* dp: which counts came from the power-series route (log/exp of the
     * generating function, chosen by cost) instead of the recursion:
     * VETO_DP_PS_BANZHAF (winning coalitions and swings: Banzhaf, Coleman,
     * power to act), VETO_DP_PS_SHAPLEY (Shapley-Shubik); 0 otherwise. */
    unsigned dp_power_series;
    /* Monte Carlo stopped by the time limit (veto_options_t.timeout, one
     * process): the estimates are those of the `samples` drawn by the last
     * checkpoint reached, out of samples_planned, with intervals valid at
     * whichever checkpoint the run stops (issue 14). With beliefs, each
     * belief set's run stops on its own (at least one block each). */
    bool stopped_timeout;
    uint64_t samples_planned;
} veto_result_t;

/* Analyse a model: indices, properties and beliefs as asked in opt (NULL =
 * defaults). On success *out owns a new result (veto_result_free).
 * Errors: VETO_ENOMEM, VETO_ELIMIT (with advice in err->hint),
 * VETO_EUNSUPPORTED (the method cannot take this rule), VETO_ECANCELLED,
 * VETO_ETIMEOUT, VETO_EOVERFLOW.
 * Time: that of the engine chosen; see README. */
VETO_EXPORT veto_status veto_analyse(veto_result_t **out,
                                     const veto_model_t *model,
                                     const veto_options_t *opt,
                                     veto_error_t *err);

VETO_EXPORT void veto_result_free(veto_result_t *result);

/* What veto_analyse would run, decided as it decides without a time limit
 * (no probe: the same answer on every run and machine), with dp's or
 * enumeration's time estimated at a nominal speed of VETO_NOMINAL_SPEED
 * word operations per second (a shared 2-core server of 2026; the dp
 * cost model is within a factor 2 of the CPU time there). */
#define VETO_NOMINAL_SPEED 1e10
typedef struct veto_plan_info {
    veto_method method;
    char reason[256];     /* as the engine line's */
    double seconds;       /* estimated seconds; 0 when not estimated (bdd,
                             Monte Carlo) */
    int costliest;        /* the veto_index asked for whose counts take
                             most of that time, or -1 */
    bool mc_can;          /* Monte Carlo can estimate the indices asked */
} veto_plan_info_t;

/* Fill *out for model and opt (NULL = defaults), without analysing.
 * Errors: VETO_EUNSUPPORTED (the method cannot take this rule), VETO_ENOMEM,
 * misuse. Time: O(n log n) plus building the rule. */
VETO_EXPORT veto_status veto_plan(veto_plan_info_t *out,
                                  const veto_model_t *model,
                                  const veto_options_t *opt,
                                  veto_error_t *err);

/* Write the model in normalised form (players, groups, rule, folded
 * weighted form when there is one, beliefs) as text. Returns a malloc'd
 * string in *out. */
VETO_EXPORT veto_status veto_model_describe(char **out,
                                            const veto_model_t *model,
                                            veto_error_t *err);

/* Write the whole model as a .veto text (title, sources, notes, players
 * with their attributes and groups, the normalised rule, beliefs and
 * scenarios) that reads back to a model with the same players, rule tree
 * and beliefs. Returns a malloc'd string in *out (free with veto_free).
 * Errors: VETO_ENOMEM; VETO_EINVAL when a name cannot be written in the
 * language (an attribute name that is not an identifier, from JSON).
 * Time: O(size of the model + rule size * (players + attributes)). */
VETO_EXPORT veto_status veto_model_write_veto(char **out,
                                              const veto_model_t *model,
                                              veto_error_t *err);

/* ---------------------------------------------------------------------- */
/* Explanations, sweeps, design */

/* The thresholds of a rule are numbered 1, 2, ... in the order `veto check`
 * lists them: every node of the normalised rule tree that compares a count
 * with a threshold, i.e. every term over two or more players
 * ("all(permanent)", "count >= 9", "weight >= 39", "count(A, B, C) >= 2")
 * and every "K of (..)" node (an "a and b" of sub-rules is K = all of them,
 * "a or b" is K = 1), in pre-order. A lone player's name is not numbered.
 * Each threshold's text is valid .veto input. */

/* A coalition: `size` player indices, increasing. */
typedef struct veto_coalition {
    size_t size;
    size_t *member;
} veto_coalition_t;

/* One threshold of the rule. */
typedef struct veto_threshold {
    size_t number;   /* 1-based, as above */
    bool kof;        /* a "K of (..)" node rather than a term */
    mpz_t value;     /* the quota (term) or K */
    mpz_t max;       /* the largest meaningful value: the term's total
                        weight, or the number of sub-rules */
    char *text;      /* as `veto check` prints this node */
} veto_threshold_t;

/* A term of the rule that a coalition fails. */
typedef struct veto_failed_term {
    size_t threshold;  /* its number (0 for a lone player's name) */
    char *text;        /* as `veto check` prints it */
    mpz_t have;        /* what the coalition brings (count, weight or K) */
    mpz_t need;        /* the threshold */
    veto_coalition_t missing; /* the term's players outside the coalition */
} veto_failed_term_t;

typedef enum veto_pact_reason {
    VETO_PACT_NONE = 0,     /* no scenario asked */
    VETO_PACT_ZERO,         /* players with belief 0 block every coalition */
    VETO_PACT_ONE,          /* players with belief 1 pass on their own */
    VETO_PACT_BETWEEN       /* neither: see the ranking by p_decisive */
} veto_pact_reason;

/* Why a player can or cannot block (veto_explain). */
/* The smallest minimal blocking coalitions containing a player under one
 * scenario (issue 12). A coalition blocks when the players outside it
 * cannot pass the rule (forced votes of the scenario substituted first);
 * it is minimal when no member can leave and it still blocks. */
typedef enum veto_block_status {
    VETO_BLOCK_OK = 0,        /* size, count and example are set */
    VETO_BLOCK_CANNOT_ACT,    /* the empty coalition blocks */
    VETO_BLOCK_NONE,          /* no minimal blocking coalition has it */
    VETO_BLOCK_FIXED,         /* its vote is fixed in this scenario */
    VETO_BLOCK_NOT_COMPUTED   /* more than 24 players */
} veto_block_status;

typedef struct veto_blocking {
    const char *scenario;     /* NULL for the model's defaults */
    veto_block_status status;
    size_t size;              /* members, the player included */
    mpz_t count;              /* how many of that size contain the player */
    veto_coalition_t example; /* one of them */
} veto_blocking_t;

typedef struct veto_explanation {
    size_t n;
    size_t player;
    bool never_acts, always_acts;
    bool veto;        /* in every winning coalition */
    bool dummy;       /* decisive in no coalition */
    bool passer;      /* wins alone */
    /* veto: the coalition of all the others, and each term it fails. */
    veto_coalition_t others;
    size_t nfailed;
    veto_failed_term_t *failed;
    /* not veto: a minimal winning coalition without the player. */
    veto_coalition_t winning_without;
    /* Swings: coalitions S without the player that it turns from losing
     * into winning. swings is always set; by size (|S| = 0..n-1) only when
     * have_by_size (enumeration for n <= 24, or a weighted game of moderate
     * quota); smallest_swing when have_example. */
    mpz_t swings;
    bool have_by_size;
    mpz_t *swings_by_size; /* [n] */
    bool have_example;
    veto_coalition_t smallest_swing;
    bool mentioned;   /* the rule names the player at all */
    /* Under a scenario (when scenario != NULL). */
    const char *scenario; /* points into the model */
    veto_pact_reason reason;
    double p_act;
    mpq_t p_act_q;        /* exact */
    veto_coalition_t blockers; /* ZERO: belief-0 players that block (veto
                                  players among them, else all of them);
                                  ONE: belief-1 passers (else all belief-1
                                  players) */
    bool blockers_veto;   /* ZERO: each blocker is a veto player; ONE: each
                             is a passer */
    double *p_decisive;   /* [n] */
    mpq_t *p_decisive_q;  /* [n] */
    size_t *ranking;      /* [n] players by p_decisive, largest first */
    mpq_t *belief;        /* [n] the scenario's beliefs */
    veto_method method;   /* the engine that counted */
    /* Blocking: [0] the defaults, then each scenario of the model. */
    size_t nblocking;
    veto_blocking_t *blocking;
    /* Three-valued models (issue 10), when ternary is set. veto above
     * means "blocks by voting no" (the others all vote yes), and failed
     * lists the terms that profile fails; veto_unless_yes: its abstention
     * blocks too (failed_abstain: the terms failed with the player
     * abstaining). Not veto: winning_without holds the players voting yes
     * and winning_abstain those abstaining in a minimal winning profile
     * with the player voting no (no one can step down a vote). swings is
     * the ternary Banzhaf raw count: profiles of the others, of 3^(n-1),
     * in which the player's yes wins and its no loses; no counts by size.
     * Blocking coalitions block by voting no, the others voting yes, the
     * forced votes of each scenario (recusal too) in place. Under a
     * scenario: the abstain beliefs, both steps of decisiveness, the
     * recused players; blockers of P(act) = 0 are the players forced to
     * vote no or to abstain. */
    bool ternary;
    bool veto_unless_yes;
    bool abstention_matters;
    size_t nfailed_abstain;
    veto_failed_term_t *failed_abstain;
    veto_coalition_t winning_abstain;
    mpq_t *abstain;           /* [n] the scenario's abstain beliefs */
    double *p_decisive_na;    /* [n] no -> abstain */
    double *p_decisive_ay;    /* [n] abstain -> yes */
    mpq_t *p_decisive_na_q;   /* [n] */
    mpq_t *p_decisive_ay_q;   /* [n] */
    veto_coalition_t recused; /* the scenario's players forced to abstain */
    /* Blocs under the scenario (issue 11): P(act) with each bloc alone
     * replaced by independent players voting yes with its mean a/(a+b);
     * the difference is p_act minus it. bloc_name[k] points into the
     * model ("shared" for `belief shared`). nblocs 0 without blocs. */
    size_t nblocs;
    const char **bloc_name;
    double *p_act_bloc_independent;
} veto_explanation_t;

/* Explain `player`'s power under the model's rule, and, when scenario is
 * not NULL ("default" for the defaults), the probability of acting under
 * that scenario. On success *out owns a new explanation
 * (veto_explanation_free).
 * Errors: VETO_EMISUSE (player out of range, unknown scenario), VETO_ENOMEM,
 * VETO_ELIMIT, and those of veto_analyse.
 * Time: the engine's, plus O(n * rule size) for the certificates, plus
 * O(2^(n-1) * rule size) for swings by size when n <= 24, or
 * O(n^2 * quota) for a weighted game. */
VETO_EXPORT veto_status veto_explain(veto_explanation_t **out,
                                     const veto_model_t *model, size_t player,
                                     const char *scenario,
                                     const veto_options_t *opt,
                                     veto_error_t *err);
VETO_EXPORT void veto_explanation_free(veto_explanation_t *e);

/* The rule's thresholds, numbered as above. *out is an array of *count
 * entries (free with veto_thresholds_free). Errors: VETO_ENOMEM, those of
 * lowering the rule. Time: linear in the rule's size. */
VETO_EXPORT veto_status veto_thresholds(veto_threshold_t **out, size_t *count,
                                        const veto_model_t *model,
                                        veto_error_t *err);
VETO_EXPORT void veto_thresholds_free(veto_threshold_t *t, size_t count);

/* The belief (probability of voting yes) of player i under scenario s: s = 0
 * the model's defaults, s = 1.. the scenarios (veto_model_scenario(s - 1)).
 * out must be initialised. O(1). */
VETO_EXPORT void veto_model_belief(mpq_t out, const veto_model_t *model,
                                   size_t s, size_t i);

/* The rule in plain words ("the body acts when all 5 guarantors agree"),
 * from the model's expression, with group names. Returns a string to free
 * with veto_free. Errors: VETO_ENOMEM. Time: linear in the rule. */
VETO_EXPORT veto_status veto_rule_words(char **out, const veto_model_t *model,
                                        veto_error_t *err);

typedef enum veto_sweep_kind {
    VETO_SWEEP_BELIEF, /* one player's belief from..to in steps */
    VETO_SWEEP_QUOTA,  /* one threshold's value, every integer from..to */
    VETO_SWEEP_BLOC    /* one bloc's Beta parameter a or b from..to in steps
                          (issue 11) */
} veto_sweep_kind;

/* A vote of a three-valued model (issue 10). */
typedef enum veto_vote {
    VETO_VOTE_YES = 0,
    VETO_VOTE_ABSTAIN = 1,
    VETO_VOTE_NO = 2
} veto_vote;

typedef struct veto_sweep_spec {
    veto_sweep_kind kind;
    size_t player;        /* BELIEF */
    const char *scenario; /* BELIEF, BLOC: the belief set; NULL = defaults */
    size_t threshold;     /* QUOTA: 1-based number */
    mpq_t from, to;       /* BELIEF: in [0, 1]; QUOTA: integers */
    size_t steps;         /* BELIEF: points, >= 2 (QUOTA: ignored) */
    /* BELIEF in a three-valued model: which probability moves. YES moves
     * P(yes) with P(abstain) held; ABSTAIN moves P(abstain) with P(yes)
     * held; no takes the rest either way (a point where yes + abstain > 1
     * is an EMISUSE naming it). A yes/no model takes YES only. */
    veto_vote vote;
    /* BLOC: the bloc's name ("shared" for `belief shared`) and which
     * parameter of its Beta(a, b) moves, 'a' or 'b'. from, to > 0. Without
     * a scenario the defaults' bloc moves, and with it every scenario's
     * inherited copy (not a scenario's own bloc of that name); with one,
     * only that scenario's bloc in force of that name. */
    const char *bloc;
    char param;
} veto_sweep_spec_t;

VETO_EXPORT void veto_sweep_spec_init(veto_sweep_spec_t *s);
VETO_EXPORT void veto_sweep_spec_clear(veto_sweep_spec_t *s);

typedef struct veto_sweep {
    veto_sweep_kind kind;
    size_t player;       /* BELIEF: the player whose belief moves */
    size_t threshold;    /* QUOTA: the threshold's number (1-based) */
    char label[256];     /* "belief of Russia", "threshold 2 (count >= 9 ..)" */
    size_t npoints;
    mpq_t *value;        /* [npoints] the swept value */
    double *value_d;
    /* [npoints]: the analysis at each point. BELIEF: indices and veto
     * players of the rule (the same at every point) and belief[0] the
     * swept beliefs (nbeliefs = 1, named after the scenario or "default");
     * QUOTA: indices, properties and beliefs under every scenario of the
     * changed rule. */
    veto_result_t **result;
    char **rule_text;    /* [npoints] QUOTA: the changed rule; else NULL */
    veto_vote vote;      /* BELIEF: the vote whose probability moves */
    bool ternary;        /* the model is three-valued */
    /* BLOC: the bloc ("shared" for `belief shared`), its parameter 'a' or
     * 'b', its members, and which belief set of each point's result is
     * the swept one (0 the defaults, s the scenario s; the result holds
     * them all). */
    char bloc[128];
    char param;
    size_t belief_set;
    size_t nmembers; /* BLOC: the bloc's members in that belief set */
    size_t *member;  /* [nmembers] increasing player indices */
} veto_sweep_t;

/* Run a sweep. Points are computed exactly; p_act at each point is exact
 * under opt->exact. Errors: VETO_EMISUSE (bad spec: unknown threshold,
 * belief outside [0, 1], from > to for a quota, more than 10000 points,
 * an unknown bloc, a parameter other than 'a'/'b', a bloc parameter not
 * positive, a bloc sweep of a model without blocs),
 * and those of veto_analyse. Time: points * the engine's time. */
VETO_EXPORT veto_status veto_sweep(veto_sweep_t **out,
                                   const veto_model_t *model,
                                   const veto_sweep_spec_t *spec,
                                   const veto_options_t *opt,
                                   veto_error_t *err);
VETO_EXPORT void veto_sweep_free(veto_sweep_t *s);

typedef struct veto_design_change {
    size_t threshold;  /* its number */
    mpz_t from, to;
    char *before;      /* the node's text before and after */
    char *after;
} veto_design_change_t;

/* What a design candidate changes. THRESHOLDS: one or two thresholds
 * moved (change[]). The vote moves of a three-valued model (issue 10),
 * with nchanges 0: ABSTENTION_COUNTS, "X's abstention does not block"
 * (every yes term X is needed in asks X only not to vote no: `X at least
 * abstain`); MUST_ABSTAIN, "X must abstain" (X leaves every term and is a
 * dummy). */
typedef enum veto_design_move {
    VETO_MOVE_THRESHOLDS = 0,
    VETO_MOVE_ABSTENTION_COUNTS = 1,
    VETO_MOVE_MUST_ABSTAIN = 2
} veto_design_move;

typedef struct veto_design_candidate {
    size_t nchanges;   /* 1 or 2 */
    veto_design_change_t change[2];
    double cost;       /* sum over changes of |to - from| / max: the share
                          of each threshold's range it moves */
    char *rule_text;   /* the changed rule, as `veto check` prints it */
    veto_result_t *result; /* indices, properties, beliefs per scenario */
    veto_design_move move;
} veto_design_candidate_t;

typedef struct veto_design {
    size_t player;
    bool already;      /* the player is no veto player: nothing to do */
    char family[512];  /* the family searched, in words */
    uint64_t tried;    /* rules evaluated */
    size_t ncand;
    veto_design_candidate_t *cand; /* best first */
    bool ternary; /* three-valued: a veto is a blocking no, and the
                     vote moves follow the threshold moves */
} veto_design_t;

/* Search rules that leave `player` without a veto: every threshold moved
 * on its own to each value below its current one, then every pair of
 * thresholds (when no single change works), keeping for each threshold (or
 * pair) the smallest move that works. Candidates are ranked by the number
 * of thresholds changed, then by cost; the best max_candidates are
 * analysed in full. Errors: VETO_EMISUSE (player out of range), those of
 * veto_analyse. Time: O(t^2 log W) rule evaluations for t thresholds of
 * range W, plus max_candidates analyses. */
VETO_EXPORT veto_status veto_design_remove_veto(veto_design_t **out,
                                                const veto_model_t *model,
                                                size_t player,
                                                size_t max_candidates,
                                                const veto_options_t *opt,
                                                veto_error_t *err);
VETO_EXPORT void veto_design_free(veto_design_t *d);

/* ---------------------------------------------------------------------- */
/* Reports: every writer of the veto command, as a string                  */

typedef enum veto_report_format {
    VETO_REPORT_TEXT = 0, /* aligned columns for a terminal */
    VETO_REPORT_JSON,     /* the "veto/1" contract: docs/schema */
    VETO_REPORT_CSV,      /* plain numbers, one header row */
    VETO_REPORT_MD,       /* Markdown */
    VETO_REPORT_SVG,      /* charts */
    VETO_REPORT_HTML,     /* one self-contained page */
    VETO_REPORT_VETO      /* the model as a .veto file (veto check only) */
} veto_report_format;

typedef struct veto_report_options {
    veto_report_format format; /* default TEXT */
    bool exact;                /* fractions instead of decimals */
} veto_report_options_t;

VETO_EXPORT void veto_report_options_init(veto_report_options_t *opt);

/* Each writer returns in *out a NUL-terminated string to free with
 * veto_free (on failure *out is NULL). opt may be NULL for the defaults.
 * Decimals are the double nearest to the exact value, written as the
 * shortest string that reads back to it (text output rounds to 6 places
 * for display). Errors: VETO_EMISUSE (a NULL argument, or a format the
 * writer does not have: explain writes text, md and json; design text,
 * md, json and html), VETO_ENOMEM. Time: linear in the output. */

/* The full report (veto FILE...) of `count` models and their results
 * (analysed with opt->beliefs for the probabilities of acting): properties,
 * indices, beliefs per scenario. Beliefs are fractions under `exact` only
 * where the analysis computed them exactly (veto_options.exact). */
VETO_EXPORT veto_status veto_report_full(char **out,
                                         const veto_model_t *const *models,
                                         const veto_result_t *const *results,
                                         size_t count,
                                         const veto_report_options_t *opt,
                                         veto_error_t *err);
/* The power indices of one model (veto power). */
VETO_EXPORT veto_status veto_report_power(char **out,
                                          const veto_model_t *model,
                                          const veto_result_t *result,
                                          const veto_report_options_t *opt,
                                          veto_error_t *err);
typedef struct veto_indices veto_indices_t; /* below */
/* veto_report_power with the entries k of the catalogue with want[k] from
 * more (veto_indices_compute_some) added: JSON under their keys in
 * "indices" (and "undefined", "not_computed"), text, CSV and Markdown as
 * columns. more NULL: veto_report_power. */
VETO_EXPORT veto_status veto_report_power_more(char **out,
                                               const veto_model_t *model,
                                               const veto_result_t *result,
                                               const veto_indices_t *more,
                                               const bool *want,
                                               const veto_report_options_t *opt,
                                               veto_error_t *err);
/* Two or more models side by side (veto compare). */
VETO_EXPORT veto_status veto_report_compare(char **out,
                                            const veto_model_t *const *models,
                                            const veto_result_t *const *results,
                                            size_t count,
                                            const veto_report_options_t *opt,
                                            veto_error_t *err);
struct veto_explanation;
struct veto_sweep;
struct veto_design;
/* veto explain, veto sweep, veto design. */
VETO_EXPORT veto_status veto_report_explain(char **out,
                                            const veto_model_t *model,
                                            const struct veto_explanation *e,
                                            const veto_report_options_t *opt,
                                            veto_error_t *err);
VETO_EXPORT veto_status veto_report_sweep(char **out,
                                          const veto_model_t *model,
                                          const struct veto_sweep *s,
                                          const veto_report_options_t *opt,
                                          veto_error_t *err);
VETO_EXPORT veto_status veto_report_design(char **out,
                                           const veto_model_t *model,
                                           const struct veto_design *d,
                                           const veto_report_options_t *opt,
                                           veto_error_t *err);


/* ---------------------------------------------------------------------- */
/* Every index the field uses (veto indices)                               */

/* One entry of the catalogue of indices: what `veto indices` lists. */
typedef struct veto_index_info {
    const char *key;        /* JSON key, snake_case ("public_help_theta") */
    const char *short_name; /* ours, for --index ("pht") */
    const char *aliases;    /* EPIC's abbreviations, space-separated */
    const char *name;       /* "Public Help theta" */
    const char *definition; /* one line */
    const char *reference;  /* where it is defined */
    const char *engines;    /* which engines compute it, at what cost */
    bool unions;            /* needs a partition of the players into unions */
    bool game;              /* one number for the game, not one per player */
} veto_index_info_t;

/* Number of entries of the catalogue, and entry k (NULL past the end). */
VETO_EXPORT size_t veto_index_catalogue_size(void);
VETO_EXPORT const veto_index_info_t *veto_index_catalogue(size_t k);
/* The entry called `name`: its key, short name or an EPIC abbreviation,
 * case-insensitively; -1 if none. */
VETO_EXPORT long veto_index_lookup(const char *name);

/* The model's `unions { ... }` (JSON "unions"): the number of unions and
 * in *union_of (may be NULL) the union of each player; 0 and NULL when the
 * model gives none. */
VETO_EXPORT size_t veto_model_unions(const veto_model_t *model,
                                     const size_t **union_of);

/* Every index of the catalogue for one model. value[k] is NULL unless
 * computed[k]; then it holds n values (1 for a game-wide entry), exact. */
typedef struct veto_indices {
    size_t n;
    size_t nindex;         /* veto_index_catalogue_size() */
    veto_method method;    /* ENUM, or the engine of veto_analyse beyond */
    char reason[256];
    bool *computed;        /* [nindex] */
    bool *undefined;       /* [nindex]: computed, but a denominator is 0 */
    char (*why_not)[160];  /* [nindex] */
    mpq_t **value;         /* [nindex][n or 1] */
    size_t nunions;        /* 0 when no partition was given */
    size_t *union_of;      /* [n] union of each player, or NULL */
} veto_indices_t;

/* Every index of the catalogue for the model's rule (its defaults), with
 * union_of[i] (< n) the union of player i, or union_of NULL for none (the
 * precoalition indices are then not computed). Up to
 * VETO_INDICES_ENUM_MAX_N players every coalition is enumerated (time
 * O(2^n n^2), memory 2^n bytes); beyond, veto_analyse's engines give the
 * indices that follow from their counts and the others say why not; there
 * opt->indices (when not 0) limits the counts asked for.
 * Errors: those of veto_analyse; VETO_EINVAL for a bad union_of. */
#define VETO_INDICES_ENUM_MAX_N 24
VETO_EXPORT veto_status veto_indices_compute(veto_indices_t **out,
                                             const veto_model_t *model,
                                             const size_t *union_of,
                                             const veto_options_t *opt,
                                             veto_error_t *err);
/* The same for the entries k with want[k] (want NULL: every entry; it has
 * veto_index_catalogue_size() entries): beyond enumeration only what they
 * need is computed (the others may be computed too, or say why not). */
VETO_EXPORT veto_status veto_indices_compute_some(veto_indices_t **out,
                                                  const veto_model_t *model,
                                                  const size_t *union_of,
                                                  const bool *want,
                                                  const veto_options_t *opt,
                                                  veto_error_t *err);
VETO_EXPORT void veto_indices_free(veto_indices_t *x);

/* veto indices: the catalogue (model and x NULL) or the values of x for
 * model; want[k] (may be NULL: every computed index) selects entries.
 * Text (a line per index and a column per player up to 16 players, a
 * line per player and a column per index beyond, the numbers of the game
 * below), CSV and Markdown (a line per index) or JSON. */
VETO_EXPORT veto_status veto_report_indices(char **out,
                                            const veto_model_t *model,
                                            const veto_indices_t *x,
                                            const bool *want,
                                            const veto_report_options_t *opt,
                                            veto_error_t *err);
/* EPIC's CSV layout for index k of x: "Player count: n", "Quota: Q",
 * "Weights file: F" (quota and weights_file as given, "-" when NULL), then
 * the values separated by commas: the nearest double's shortest decimal,
 * or exact fractions with exact. */
VETO_EXPORT veto_status veto_report_indices_epic(char **out,
                                                 const veto_indices_t *x,
                                                 size_t k, const char *quota,
                                                 const char *weights_file,
                                                 bool exact,
                                                 veto_error_t *err);

#ifdef __cplusplus
}
#endif

#endif /* VETO_H */
