/*
 * rule_i.h: node constructors shared by the files of src/rule/ (private to
 * the room; other rooms use rule.h only).
 */
#ifndef VETO_RULE_I_H
#define VETO_RULE_I_H

#include "rule.h"

/* A node of the given kind with nothing in it (quota initialised to 0).
 * NULL on ENOMEM. O(1). */
veto_i_rule_t *veto_i_rule_node_new(veto_i_rule_kind kind);

/* A TERM node with nterm players (all 0) and zero weights, not yet
 * normalised. NULL on ENOMEM. O(nterm). */
veto_i_rule_t *veto_i_rule_term_new(size_t nterm);

/* Normalise a TERM in place: drop zero weights, turn quota <= 0 into TRUE
 * and quota > total into FALSE, divide out the gcd, set the int64 copy when
 * the total fits. Players must already be strictly increasing. false on
 * ENOMEM (the node is then still a valid term to free). O(nterm) gcds. */
bool veto_i_rule_term_finish(veto_i_rule_t *r);

/* The normalised "at least k of kids": constants folded, a lone child
 * lifted, AND in AND and OR in OR flattened. Takes ownership of kids (an
 * array from veto_i_malloc) and of every child, also on failure. Returns
 * NULL on ENOMEM. O(nkids + grandchildren). */
veto_i_rule_t *veto_i_rule_kof_make(long long k, veto_i_rule_t **kids,
                                    size_t nkids);

#endif /* VETO_RULE_I_H */
