/*
 * analysis.h: the analysis room: choose an engine, run it, and turn counts
 * into indices and properties in one place.
 */
#ifndef VETO_ANALYSIS_H
#define VETO_ANALYSIS_H

#include "../exact/counts.h"
#include "../exact/ternary.h"

/* The counts each index needs (VETO_I_NEED_* bits). */
unsigned veto_i_index_needs(unsigned indices);

/* Fill result->value/approx/computed/undefined for `indices` from counts.
 * Time O(n) big-number operations (plus one n! and one 2^n).
 * Errors: VETO_ENOMEM. */
veto_status veto_i_indices_from_counts(veto_result_t *res,
                                       const veto_i_counts_t *c,
                                       unsigned indices, veto_error_t *err);

/* Allocate a result for n players (all arrays empty/zero). NULL on ENOMEM. */
veto_result_t *veto_i_result_new(size_t n);

/* The run context of an analysis from its options (NULL = defaults): the
 * memory budget (default half of physical memory), the deadline, progress,
 * Monte Carlo settings. O(1). */
void veto_i_ctx_from_options(veto_i_ctx_t *ctx, const veto_options_t *opt);

/* The engine for an analysis, and why (the engine line's reason). */
typedef struct veto_i_plan {
    veto_method method;
    char reason[256];
    /* bdd's diagram, when its probe under a deadline built it (NULL
     * otherwise): the run counts on it instead of building it again.
     * Owned: veto_i_plan_clear. */
    veto_i_bdd_built_t *bdd;
} veto_i_plan_t;

/* Free what a plan holds (its probe's diagram); a cleared plan may be
 * cleared again. */
void veto_i_plan_clear(veto_i_plan_t *p);

/* ---- the engine table (plan.c) ------------------------------------------ */

/* What an engine runs on: the rule over n players, g its weighted form
 * (NULL when it is not one), the counts asked for (VETO_I_NEED_* bits) and
 * the indices asked for (never 0: all). */
typedef struct veto_i_job {
    const veto_i_rule_t *rule;
    const veto_i_wgame_t *g;
    size_t n;
    size_t rsize; /* veto_i_rule_size(rule) */
    unsigned need;
    unsigned indices;
    const veto_options_t *opt;
    veto_i_bdd_built_t *bdd; /* a plan's diagram of this rule, or NULL */
} veto_i_job_t;

/* One engine: what it takes, what it gives, what it costs, how to run it.
 * The planner knows the engines only through these records. */
typedef struct veto_i_engine {
    veto_method method;
    const char *name;  /* as --method spells it */
    const char *doing; /* in a reason; may hold one %zu, the players */
    /* limits: players for --method, for auto, and three-valued */
    size_t max_players, auto_max_players, ternary_max_players;
    bool weighted_only; /* yes/no rules: one threshold term only */
    bool blocs;         /* takes blocs itself (else the grid of runs) */
    bool exact;
    unsigned indices; /* VETO_INDEX_BIT set it gives */
    unsigned fills;   /* VETO_I_NEED_* bits it fills */
    /* estimates: bytes (NULL: known only as it runs) and word operations
     * of the probe on one thread, *par the threads that can share them
     * (for Monte Carlo: per sample); INFINITY when it cannot */
    uint64_t (*bytes)(const veto_i_job_t *j);
    double (*work)(const veto_i_job_t *j, size_t *par);
    /* how far the work estimate may be above the real time (an upper
     * bound): the engine chosen by memory is kept under a time limit
     * while work / slack fits */
    double slack;
    /* Under a time limit, when the estimate fits (NULL: never): run a
     * short probe of this job within `left` seconds and replace *secs by
     * the estimate it gives (INFINITY: it will not finish), with what it
     * found in note (a clause naming the engine; "" when nothing to
     * say); what the probe made that the run can use goes into keep
     * (bdd: its diagram). Errors: VETO_ENOMEM. */
    veto_status (*calibrate)(const veto_i_job_t *j, double spw, double left,
                             double *secs, char *note, size_t cap,
                             struct veto_i_plan *keep, const veto_i_ctx_t *ctx,
                             veto_error_t *err);
    /* NEED_PLAYER (explain): whether it takes it for this job, and its
     * preference among those that do (lower first; 0: never) */
    bool (*takes_player)(const veto_i_job_t *j);
    unsigned player_order;
    veto_status (*counts)(veto_i_counts_t *c, const veto_i_job_t *j,
                          uint64_t *nodes, const veto_i_ctx_t *ctx,
                          veto_error_t *err);
    veto_status (*beliefs)(veto_i_beliefs_t *b, const veto_i_job_t *j,
                           const mpq_t *belief, bool exact,
                           const veto_i_ctx_t *ctx, veto_error_t *err);
    veto_status (*ternary)(veto_i_ternary_t *t, const veto_i_rule_t *rule,
                           size_t n, const veto_i_tbelief_t *bel, size_t nb,
                           const veto_i_ctx_t *ctx, veto_error_t *err);
    const char *ternary_doing; /* after "asked for with --method X: " */
} veto_i_engine_t;

/* The record of method m; NULL for auto. O(1). */
const veto_i_engine_t *veto_i_engine(veto_method m);
/* The indices engine m gives (VETO_INDEX_BIT set). */
unsigned veto_i_engine_indices(veto_method m);

/* Run engine m's counts for job j (NEED_PLAYER: the caller set
 * c->player). Errors: as the engine; VETO_EUNSUPPORTED for an engine that
 * does not count (mc). */
veto_status veto_i_engine_counts(veto_i_counts_t *c, veto_method m,
                                 const veto_i_job_t *j, uint64_t *nodes,
                                 const veto_i_ctx_t *ctx, veto_error_t *err);

/* Estimated word operations of bdd for `need` on the rule over n players
 * (a bound on its levels' widths, see plan.c); INFINITY when the rule is
 * too large to estimate. O(n log n + levels x terms). */
double veto_i_bdd_work(const veto_i_rule_t *r, size_t n, unsigned need);
/* The diagram bdd's estimate predicts: levels, nodes and edges (summed
 * over the levels' predicted widths), the apply work of its build, and
 * whether its levels are surely in desirability order (the types form a
 * chain of weights). false when the rule is too large to estimate (or
 * out of memory). */
typedef struct veto_i_bdd_shape {
    size_t levels;
    double nodes, edges, build;
    bool ordered;
} veto_i_bdd_shape_t;
bool veto_i_bdd_shape(const veto_i_rule_t *r, size_t n,
                      veto_i_bdd_shape_t *out);

/* A planning request. lenient: a --method that cannot take the rule gives
 * way to the choice by cost, and Monte Carlo is never chosen (explain,
 * sweep, design); timed: plan by time under a deadline even when lenient
 * (explain: a too-slow exact run is refused up front). */
typedef struct veto_i_plan_req {
    const veto_options_t *opt;
    size_t n;
    const veto_i_rule_t *rule;
    bool weighted;
    const veto_i_wgame_t *g;
    unsigned need;
    bool lenient, timed;
} veto_i_plan_req_t;

/* Choose the engine for q: opt->method when given (checked against its
 * record's limits), else by memory (dp within ctx->max_memory, enum, bdd,
 * Monte Carlo) and, with a deadline in ctx (and q->timed or not lenient),
 * by time: each engine's work at the speed a probe measures with ctx's
 * clock against the time left, in the table's order, then Monte Carlo
 * (when not lenient and it can give what is asked) with the interval it
 * can reach in the time left, else VETO_ETIMEOUT before anything runs
 * (hint VETO_HINT_TIMEOUT). Without a deadline no probe runs and the
 * choice is deterministic. Errors: VETO_EUNSUPPORTED, VETO_ETIMEOUT.
 * Time: O(n log n + rule size) plus the probe (about a millisecond). */
veto_status veto_i_plan(veto_i_plan_t *p, const veto_i_plan_req_t *q,
                        const veto_i_ctx_t *ctx, veto_error_t *err);

/* veto_i_plan of the request these arguments make (timed = false). */
veto_status veto_i_plan_engine(veto_i_plan_t *p, const veto_options_t *opt,
                               size_t n, const veto_i_rule_t *rule,
                               bool weighted, const veto_i_wgame_t *g,
                               unsigned need, bool lenient,
                               const veto_i_ctx_t *ctx, veto_error_t *err);

/* The engine for one player's swings by size (NEED_PLAYER) on q's rule:
 * the engine of lowest player_order that takes it, or p->method =
 * VETO_METHOD_AUTO when none does (then nothing is counted). With a
 * deadline, VETO_ETIMEOUT up front when its estimate does not fit. */
veto_status veto_i_plan_player(veto_i_plan_t *p, const veto_i_plan_req_t *q,
                               const veto_i_ctx_t *ctx, veto_error_t *err);

/* The engine for a three-valued rule: as asked (checked against the
 * record's three-valued limits), or by cost (enum, dp for one threshold,
 * bdd). Errors: VETO_EUNSUPPORTED. */
/* "0.4 s", "3.2 min", "2.5 h": a time in a reason or message. */
void veto_i_human_secs(char *buf, size_t cap, double s);

/* Under --timeout, the share of the time left that auto gives a
 * three-valued rule's exact engine before it estimates by Monte Carlo
 * with the rest (veto_i_analyse_ternary). */
#define TERNARY_TRY_SHARE 0.5

veto_status veto_i_plan_ternary(veto_method *method, char *reason, size_t cap,
                                const veto_options_t *opt,
                                const veto_i_rule_t *rule, size_t n,
                                veto_error_t *err);

/* A request beside an analysis (explain): one player's swings by
 * coalition size and a smallest swing, filled when an engine takes it. */
typedef struct veto_i_xreq {
    size_t player;
    bool have;              /* out: filled */
    veto_method method;     /* out: the engine that counted them */
    mpz_t *player_k;        /* out: [n], owned by the request once have */
    unsigned char *example; /* out: [n] or NULL */
} veto_i_xreq_t;

/* veto_analyse of a given rule tree over the model's players (it may
 * differ from the model's own rule: explain, sweep and design change it).
 * `run`, when not NULL, is the run context of the whole command (built once
 * at its public entry, so that one deadline bounds every analysis of a
 * sweep or a design search); NULL builds one from the options.
 * `beliefs`, when not NULL, replaces the defaults and scenarios by one
 * belief vector named `bname`. With `lenient`, a --method that cannot take
 * this rule gives way to the choice by cost, and Monte Carlo is never
 * chosen: the answer stays exact. *out owns a new result.
 * Errors: as veto_analyse. Time: that of the engine chosen. */
/* The EUNSUPPORTED error of a command that does not take three-valued
 * models (veto indices: its catalogue is of yes/no notions); what names
 * it. */
veto_status veto_i_ternary_refuse(veto_error_t *err, const char *what);

/* A three-valued model (issue 10): the engine asked for, or chosen by
 * cost (enum, dp for one threshold, bdd; mc over the memory budget), its
 * results in res (indices, properties, beliefs of the defaults and every
 * scenario, recused players). With yes not NULL, yes[] and abstain[]
 * replace the defaults and scenarios by one belief named bname (sweep).
 * With lenient, --method is ignored and the engine auto would take runs,
 * never Monte Carlo (explain, sweep, design: exact answers). */
veto_status veto_i_analyse_ternary(veto_result_t **out,
                                   const veto_model_t *model,
                                   const veto_i_rule_t *rule,
                                   const veto_options_t *options,
                                   const mpq_t *yes, const mpq_t *abstain,
                                   const char *bname, bool lenient,
                                   const veto_i_ctx_t *ctx, veto_error_t *err);

veto_status veto_i_analyse_rule(veto_result_t **out, const veto_model_t *model,
                                const veto_i_rule_t *rule,
                                const veto_options_t *options,
                                const mpq_t *beliefs, const char *bname,
                                bool lenient, const veto_i_ctx_t *run,
                                veto_error_t *err);

/* veto_i_analyse_rule with a request beside it (x not NULL): x->player's
 * swings by size go to the engine veto_i_plan_player names (in the same
 * run when it is the analysis's engine), and the deadline plans the
 * analysis by time even though it is lenient. Free x->player_k and
 * x->example with veto_i_xreq_clear(x, n). Errors: as veto_analyse. */
veto_status veto_i_analyse_rule_x(
    veto_result_t **out, const veto_model_t *model, const veto_i_rule_t *rule,
    const veto_options_t *options, const mpq_t *beliefs, const char *bname,
    bool lenient, const veto_i_ctx_t *run, veto_i_xreq_t *x, veto_error_t *err);
void veto_i_xreq_clear(veto_i_xreq_t *x, size_t n);

/* The minimal blocking coalitions of the rule into res (blocking.c):
 * counts by size, and the list when there are at most 50. n <= 24. */
veto_status veto_i_min_blocking(veto_result_t *res, const veto_i_rule_t *rule,
                                size_t n, const veto_i_ctx_t *ctx,
                                veto_error_t *err);

/* Beliefs of independent players with engine m (enum falls back to bdd
 * when its table of belief classes would not fit). */
veto_status veto_i_run_beliefs(veto_i_beliefs_t *b, veto_method m,
                               const veto_i_rule_t *rule,
                               const veto_i_wgame_t *g, size_t n,
                               const mpq_t *belief, bool exact,
                               const veto_i_ctx_t *ctx, veto_error_t *err);

/* res->expected from res->belief[1..] and the scenarios' weights
 * (analyse.c). Errors: VETO_ENOMEM. */
veto_status veto_i_expected_beliefs(veto_result_t *res, const veto_model_t *m,
                                    bool exact, veto_error_t *err);

/* ---- blocs (blocs.c, issue 11) ----------------------------------------- */

/* An interpolatory quadrature for p ~ Beta(a, b): m + 1 distinct points
 * node[j] in [0, 1] and weights with sum_j weight[j] f(node[j]) = E[f(p)]
 * for every polynomial f of degree <= m, exactly. exact: points j/m;
 * otherwise Chebyshev points (rounded to dyadic rationals) whose weights
 * keep a sum of doubles accurate. */
typedef struct veto_i_bloc_grid {
    size_t m;
    mpq_t *node;      /* [m + 1] */
    mpq_t *weight;    /* [m + 1], exact */
    double *weight_d; /* [m + 1], rounded */
} veto_i_bloc_grid_t;

/* Fill q; false on ENOMEM. Time O(m^2) big-number operations. */
bool veto_i_bloc_grid(veto_i_bloc_grid_t *q, const mpq_t a, const mpq_t b,
                      size_t m, bool exact);
void veto_i_bloc_grid_clear(veto_i_bloc_grid_t *q);

/* Engine runs the grid needs for blocs bl[0..nb): prod (m_k + 1),
 * saturating. */
uint64_t veto_i_bloc_runs(const veto_i_bloc_t *bl, size_t nb);

/* P(act) and P(decisive) with the players of bl[0..nb) in their blocs and
 * the others independent with belief[]. enum and bdd count by yes votes
 * inside each bloc (bdd on one diagram); dp in doubles adds a dimension
 * per bloc, otherwise runs once per point of the blocs' grid (past a
 * million runs: VETO_ELIMIT). Errors: as the engine, VETO_ELIMIT (also
 * bdd's counts past the memory budget), VETO_ENOMEM. Time: enum O(n 2^n +
 * table n); bdd O(N m prod (m_k + 1)), N its nodes; dp over the grid:
 * prod (m_k + 1) runs. */
veto_status veto_i_bloc_beliefs(veto_i_beliefs_t *out, veto_method method,
                                const veto_i_rule_t *rule,
                                const veto_i_wgame_t *g, size_t n,
                                const mpq_t *belief, const veto_i_bloc_t *bl,
                                size_t nb, bool exact,
                                const veto_i_ctx_t *ctx, veto_error_t *err);

/* b's P(act) with every bloc replaced by independent players at its mean
 * a/(a+b), and with each bloc alone so replaced (veto_belief_result_t).
 * Errors: as veto_i_bloc_beliefs. Time: one engine run plus, with two
 * blocs or more, one bloc computation per bloc. */
veto_status veto_i_bloc_independent(veto_belief_result_t *b, veto_method m,
                                    const veto_i_rule_t *rule,
                                    const veto_i_wgame_t *g, size_t n,
                                    const mpq_t *belief,
                                    const veto_i_bloc_t *bl, size_t nb,
                                    bool exact, const veto_i_ctx_t *ctx,
                                    veto_error_t *err);

/* Parse a Beta semivalue "A:B" (A, B positive integers or decimals) into
 * a, b and its JSON key "semivalue_beta_A_B" (A and B as written).
 * Errors: VETO_EMISUSE naming what is wrong. O(length). */
veto_status veto_i_semivalue_parse(const char *spec, mpq_t a, mpq_t b,
                                   char *key, size_t keysize,
                                   veto_error_t *err);

/* res->semivalue: every player's probability of being decisive when all
 * share p ~ Beta(a, b), exactly, with engine m. Errors: as
 * veto_i_bloc_beliefs. */
veto_status veto_i_semivalue(veto_result_t *res, veto_method m,
                             const veto_i_rule_t *rule,
                             const veto_i_wgame_t *g, size_t n,
                             const mpq_t a, const mpq_t b,
                             const veto_i_ctx_t *ctx, veto_error_t *err);

#endif /* VETO_ANALYSIS_H */
