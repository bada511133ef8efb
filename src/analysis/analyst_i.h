/*
 * analyst_i.h: what explain.c, sweep.c and design.c share (private to the
 * analysis room): the numbering of the rule's thresholds. The analysis of
 * a changed rule is veto_i_analyse_rule (analysis.h).
 */
#ifndef VETO_ANALYST_I_H
#define VETO_ANALYST_I_H

#include "analysis.h"

/* The thresholds of r in `veto check` order (see veto.h): fills up to cap
 * node pointers in out and returns how many there are. O(rule size). */
size_t veto_i_an_thresholds(veto_i_rule_t *r, veto_i_rule_t **out, size_t cap);

/* Current value and largest meaningful value of a threshold node. */
void veto_i_an_threshold_value(const veto_i_rule_t *t, mpz_t value, mpz_t max);

/* Set a threshold node to v, 1 <= v <= max; keeps the term's machine copy
 * in step. O(1). */
void veto_i_an_threshold_set(veto_i_rule_t *t, const mpz_t v);

/* Coalition from a 0/1 vector; false on ENOMEM. O(n). */
/* Blocking coalitions for explain (blocking.c): e->blocking for the
 * defaults and every scenario. Errors: ENOMEM, ETIMEOUT, ECANCELLED. */
veto_status veto_i_blocking(veto_explanation_t *e, const veto_model_t *m,
                            const veto_i_rule_t *rule, size_t player,
                            const veto_i_ctx_t *ctx, veto_error_t *err);
void veto_i_blocking_free(veto_explanation_t *e);

bool veto_i_an_coalition(veto_coalition_t *c, const unsigned char *in,
                         size_t n);

#endif /* VETO_ANALYST_I_H */
