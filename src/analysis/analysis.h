/*
 * analysis.h: the analysis room: choose an engine, run it, and turn counts
 * into indices and properties in one place.
 */
#ifndef VETO_ANALYSIS_H
#define VETO_ANALYSIS_H

#include "../exact/counts.h"

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
} veto_i_plan_t;

/* Choose the engine for `need` (VETO_I_NEED_* bits) over the rule of n
 * players (g its weighted form when `weighted`): opt->method when given,
 * else by memory (dp within ctx->max_memory, enum, bdd, Monte Carlo) and,
 * with a deadline in ctx, by time: dp's work (veto_i_dp_work) at the
 * speed a probe measures with ctx's clock against the time left, then
 * enumeration, then Monte Carlo when it can give opt->indices, else
 * VETO_ETIMEOUT before anything runs (hint VETO_HINT_TIMEOUT). Without a
 * deadline no probe runs and the choice is deterministic. With `lenient`
 * a --method that cannot take the rule gives way and the choice stays
 * exact. Errors: VETO_EUNSUPPORTED, VETO_ETIMEOUT. Time: O(n log n) plus
 * the probe (about a millisecond). */
veto_status veto_i_plan_engine(veto_i_plan_t *p, const veto_options_t *opt,
                               size_t n, const veto_i_rule_t *rule,
                               bool weighted, const veto_i_wgame_t *g,
                               unsigned need, bool lenient,
                               const veto_i_ctx_t *ctx, veto_error_t *err);

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
