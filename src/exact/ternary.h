/*
 * ternary.h: exact analysis of three-valued rules (issue 10): every vote
 * no < abstain < yes, the rule monotone in that order. Phase 1 has one
 * engine, `enum`, over all 3^n profiles (n <= VETO_I_TERNARY_ENUM_MAX).
 * Phase 2 adds bdd (three branches per level), dp and mc, each filling
 * the same veto_i_ternary_t.
 */
#ifndef VETO_TERNARY_H
#define VETO_TERNARY_H

#include "../rule/rule.h"

#define VETO_I_TERNARY_ENUM_MAX 19

/* One belief: per player P(yes) and P(abstain) (P(no) is the rest). */
typedef struct veto_i_tbelief {
    const mpq_t *yes;     /* [n] */
    const mpq_t *abstain; /* [n] */
} veto_i_tbelief_t;

/* What is computed under one belief, exactly. */
typedef struct veto_i_tbelief_result {
    mpq_t p_act;
    mpq_t *p_dec_na; /* [n] P(decisive) for no -> abstain */
    mpq_t *p_dec_ay; /* [n] abstain -> yes */
    mpq_t *p_dec_ny; /* [n] no -> yes (the sum of the two) */
} veto_i_tbelief_result_t;

typedef struct veto_i_ternary {
    size_t n;
    /* count[3 * i + v]: winning profiles in which player i votes v
     * (VETO_I_NO, VETO_I_ABSTAIN, VETO_I_YES). winning: all of them. */
    mpz_t *count;
    mpz_t winning;
    /* Felsenthal & Machover's ternary Banzhaf index: raw_i = #{x of the
     * others : v(x, i yes) > v(x, i no)} = count[3i+YES] - count[3i+NO]
     * (monotonicity); absolute = raw / 3^(n-1); normalised = absolute /
     * sum (undefined, and left 0, when every raw is 0). */
    mpz_t *raw;
    mpq_t *absolute;
    mpq_t *normalised;
    bool banzhaf_undefined;
    /* Their roll-call Shapley-Shubik index (the proof of the formula is in
     * ternary.c); undefined (left 0) when the outcome is the same for
     * every profile, so that no roll call has a pivot. */
    mpq_t *roll_call;
    bool roll_call_undefined;
    /* Set by an engine that did not compute the roll-call index (values
     * left 0), with the reason in roll_call_why. */
    bool roll_call_missing;
    char roll_call_why[160];
    /* Properties: veto_no (voting no blocks: count[3i+NO] == 0),
     * veto_unless_yes (only yes does not block), dummy (raw == 0),
     * abstention_matters (abstaining differs from voting no somewhere:
     * count[3i+ABSTAIN] > count[3i+NO]). */
    bool *veto_no;
    bool *veto_unless_yes;
    bool *dummy;
    bool *abstention_matters;
    size_t nbel;
    veto_i_tbelief_result_t *bel; /* [nbel], in the order given */
} veto_i_ternary_t;

/* Enumerate every profile of the three-valued rule r over n players and
 * fill out (initialised here; veto_i_ternary_clear frees it) with counts,
 * indices, properties, and, for each of the nbel beliefs, P(act) and the
 * three decisiveness probabilities of every player.
 * Errors: VETO_ELIMIT when n > VETO_I_TERNARY_ENUM_MAX or the beliefs'
 * common denominators exceed 126 bits; VETO_ENOMEM; the context's timeout
 * or cancellation. Time: O(3^n * (rule size + n * (nbel + 1))); memory
 * O(n^3 + n * nbel). */
veto_status veto_i_ternary_enum(veto_i_ternary_t *out, const veto_i_rule_t *r,
                                size_t n, const veto_i_tbelief_t *bel,
                                size_t nbel, const veto_i_ctx_t *ctx,
                                veto_error_t *err);

/* The same for a model: its rule lowered, beliefs = the defaults and then
 * every scenario in order. EINVAL for a yes/no model. */
veto_status veto_i_ternary_model(veto_i_ternary_t *out, const veto_model_t *m,
                                 const veto_i_ctx_t *ctx, veto_error_t *err);

void veto_i_ternary_clear(veto_i_ternary_t *t);

/* ---- for the engines (ternary.c) -------------------------------------- */

/* Allocate every array of t for n players and nbel beliefs, all zero;
 * false on ENOMEM (then veto_i_ternary_clear frees what was made). */
bool veto_i_ternary_alloc(veto_i_ternary_t *t, size_t n, size_t nbel);

/* From t->count and t->winning: raw, absolute and normalised Banzhaf,
 * the properties, banzhaf_undefined and roll_call_undefined. */
void veto_i_ternary_finish_counts(veto_i_ternary_t *t);

/* Belief b from cond[3i + v] = P(act | player i votes v): the three
 * decisiveness steps of every player and P(act). */
void veto_i_ternary_finish_belief(veto_i_ternary_t *t, size_t b,
                                  const mpq_t *cond,
                                  const veto_i_tbelief_t *bel);

/* Roll-call Shapley-Shubik from the winning profiles counted by player i,
 * its vote v and the number k of the others voting yes (cy) or no (cn):
 * cy[(3i + v) n + k]; the formula of ternary.c. Call after
 * veto_i_ternary_finish_counts. false on ENOMEM. */
bool veto_i_ternary_finish_roll_call(veto_i_ternary_t *t, const mpz_t *cy,
                                     const mpz_t *cn);

/* The bdd engine for three-valued rules (ternary_bdd.c): the same
 * results as veto_i_ternary_enum for any number of players, from a
 * quasi-reduced ordered decision diagram with three branches per level.
 * The roll-call index is skipped (roll_call_missing) when its packed
 * polynomials would exceed the memory budget. Errors: VETO_ENOMEM,
 * VETO_ELIMIT (memory budget; a term whose weights times the share's
 * denominator pass 2^60), timeout, cancellation. */
veto_status veto_i_ternary_bdd(veto_i_ternary_t *out, const veto_i_rule_t *r,
                               size_t n, const veto_i_tbelief_t *bel,
                               size_t nbel, const veto_i_ctx_t *ctx,
                               veto_error_t *err);

/* An exact engine chosen by cost, for the tools that analyse many rules
 * (explain, sweep, design): enum up to 10 players (or when 3^n times the
 * rule's size is small), bdd otherwise, so every figure, the roll-call
 * index included, for any number of players. Errors as those engines. */
veto_status veto_i_ternary_exact(veto_i_ternary_t *out, const veto_i_rule_t *r,
                                 size_t n, const veto_i_tbelief_t *bel,
                                 size_t nbel, const veto_i_ctx_t *ctx,
                                 veto_error_t *err);

/* veto_i_rule_eval3 in machine words where the terms allow (yes and
 * at least abstain terms with small weights). */
bool veto_i_ternary_eval(const veto_i_rule_t *r, const unsigned char *x);

/* Monte Carlo for three-valued rules (src/sample/ternary_mc.c): each
 * figure a binomial proportion with the Chernoff interval of mc.h,
 * simultaneous over all m figures reported (Bonferroni), N samples per
 * kind (ctx->samples, or Hoeffding's count for ctx->epsilon). With
 * ctx->nranks > 1 and ctx->reduce, the blocks are shared among the ranks
 * (block b to rank b mod nranks) and every rank must call it: each gets
 * the estimates of all the ranks' samples. */
typedef struct veto_i_tmc {
    size_t n, nbel;
    uint64_t samples;
    double confidence;
    bool have_bz, have_ss;
    double *bz, *bz_hw;       /* [n] absolute ternary Banzhaf */
    double p_win, p_win_hw;   /* share of the 3^n profiles that win */
    double *ss, *ss_hw;       /* [n] roll-call Shapley-Shubik */
    double *p_act, *p_act_hw; /* [nbel] */
    double *na, *na_hw, *ay, *ay_hw, *ny, *ny_hw; /* [nbel * n] */
    bool stopped_early; /* the deadline stopped it at a checkpoint */
    uint64_t planned;   /* samples planned; == samples unless stopped_early */
    uint64_t block;     /* samples per block (from the model alone) */
} veto_i_tmc_t;

veto_status veto_i_ternary_mc(veto_i_tmc_t *out, const veto_i_rule_t *r,
                              size_t n, bool bz, bool ss,
                              const veto_i_tbelief_t *bel, size_t nbel,
                              const veto_i_ctx_t *ctx, veto_error_t *err);
/* With stop_at_deadline, the deadline (ctx) stops the run at the last
 * checkpoint reached (after 1, 2, 4, ... blocks and the last; a block is
 * 4,096 samples, fewer on large models: ternary_mc.c) with the samples so
 * far, instead of VETO_ETIMEOUT; the intervals
 * are valid at whichever checkpoint it stops (Bonferroni over the K
 * checkpoints too, so they are slightly wider even when it completes). */
veto_status veto_i_ternary_mc_opts(veto_i_tmc_t *out, const veto_i_rule_t *r,
                                   size_t n, bool bz, bool ss,
                                   const veto_i_tbelief_t *bel, size_t nbel,
                                   bool stop_at_deadline,
                                   const veto_i_ctx_t *ctx, veto_error_t *err);
void veto_i_tmc_clear(veto_i_tmc_t *t);

/* The dp engine (ternary_dp.c): a rule that is one threshold term
 * (counting yes, at least abstain, or F of voting) by generating functions
 * over the term's signed sum, every player taken out by exact division.
 * Everything but the roll-call index (roll_call_missing). Errors:
 * VETO_EUNSUPPORTED for any other rule (bdd takes it), VETO_ELIMIT (weights
 * past 2^60, memory budget), VETO_ENOMEM, timeout, cancellation. */
veto_status veto_i_ternary_dp(veto_i_ternary_t *out, const veto_i_rule_t *r,
                              size_t n, const veto_i_tbelief_t *bel,
                              size_t nbel, const veto_i_ctx_t *ctx,
                              veto_error_t *err);

#endif /* VETO_TERNARY_H */
