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
 * models yet (phase 2 of issue 10); what names it ("veto explain"). */
veto_status veto_i_ternary_refuse(veto_error_t *err, const char *what);

/* A three-valued model (issue 10): the enum engine over every profile,
 * its results in res (indices, properties, beliefs of the defaults and
 * every scenario, recused players). Other methods are EUNSUPPORTED for now
 * (phase 2), more than VETO_I_TERNARY_ENUM_MAX players ELIMIT. With yes
 * not NULL, yes[] and abstain[] replace the defaults and scenarios by one
 * belief named bname (sweep). With lenient, a --method that cannot take
 * the model gives way to enum (explain, sweep, design: exact answers). */
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

#endif /* VETO_ANALYSIS_H */
