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

#endif /* VETO_TERNARY_H */
