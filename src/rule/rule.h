/*
 * rule.h: the rule tree. A model's expression lowered to integer threshold
 * terms under and / or / k-of, normalised, evaluable on a coalition, and
 * folded to a single weighted game where it is one in disguise.
 */
#ifndef VETO_RULE_H
#define VETO_RULE_H

#include "../model/model.h"

typedef enum veto_i_rule_kind {
    VETO_I_R_FALSE, /* no coalition wins */
    VETO_I_R_TRUE,  /* every coalition wins, the empty one too */
    VETO_I_R_TERM,  /* sum_j w[j] * x[player[j]] >= quota */
    VETO_I_R_KOF    /* at least k of the children (AND: k = nchild, OR: 1) */
} veto_i_rule_kind;

typedef struct veto_i_rule veto_i_rule_t;
struct veto_i_rule {
    veto_i_rule_kind kind;

    /* TERM, normalised: nterm >= 1; player[] strictly increasing; every
     * w[j] > 0; 0 < quota <= sum of w (otherwise the term folds to TRUE or
     * FALSE); the gcd of the weights and the quota divided out. */
    size_t nterm;
    size_t *player;
    mpz_t *w;
    mpz_t quota;

    /* KOF: 1 <= k <= nchild, nchild >= 2 (a single child is lifted).
     * Normalised: no child is TRUE or FALSE; nested AND in AND and OR in OR
     * are flattened. */
    size_t k;
    size_t nchild;
    veto_i_rule_t **child;

    /* Added by the rule room; TERM only. Set by the constructors in
     * src/rule/ (veto_i_rule_term_finish, see rule_i.h); engines may read
     * them. small: the sum of w is < 2^62, and then w64[] and q64 hold w[]
     * and quota. A term with small == false is still evaluated right (in
     * GMP), only slower. */
    bool small;
    int64_t *w64;
    int64_t q64;

    /* Three-valued models (issue 10), TERM only. vote says which votes the
     * term counts: VETO_I_V_YES (every yes/no rule; x = 1 for yes),
     * VETO_I_V_ABSTAIN (`at least abstain`: abstain or yes), or
     * VETO_I_V_OF_VOTING (`SUM >= F of voting`): with Y and N the weights
     * of the term's players voting yes and no, the term holds when Y > 0
     * and Y >= share * (Y + N) (> when of_strict). An OF_VOTING term keeps
     * its weights (gcd divided out) and quota 1; it never folds to a
     * constant. Only veto_i_rule_eval3 and the three-valued engines read
     * vote; every yes/no engine sees VETO_I_V_YES alone. */
    unsigned char vote;
    bool of_strict;
    mpq_t share;
};

enum { VETO_I_V_YES = 0, VETO_I_V_ABSTAIN = 1, VETO_I_V_OF_VOTING = 2 };

/* Votes of a three-valued profile: x[i] is one of these. */
enum { VETO_I_NO = 0, VETO_I_ABSTAIN = 1, VETO_I_YES = 2 };

/* Does the rule pass on the three-valued profile x (x[i] = VETO_I_NO,
 * VETO_I_ABSTAIN or VETO_I_YES)? Monotone in no < abstain < yes. GMP
 * arithmetic; O(size of the rule). The engines compile the rule to machine
 * words instead (src/exact/ternary.c); this is the reference. */
bool veto_i_rule_eval3(const veto_i_rule_t *r, const unsigned char *x);

/* Does any term of the rule count abstentions (vote != VETO_I_V_YES)? */
bool veto_i_rule_is_ternary(const veto_i_rule_t *r);

/* A weighted game [quota; w_0, ..., w_{n-1}] over all n players (players the
 * rule never mentions have weight 0). Weights >= 0, quota >= 0 (quota 0:
 * every coalition wins; quota > total: none does). */
typedef struct veto_i_wgame {
    size_t n;
    mpz_t *w;   /* [n] */
    mpz_t quota;
} veto_i_wgame_t;

/* Allocate n zero weights and a zero quota; false on ENOMEM. */
bool veto_i_wgame_alloc(veto_i_wgame_t *g, size_t n);
void veto_i_wgame_clear(veto_i_wgame_t *g);

/* Lower the model's expression to a normalised rule tree.
 * Errors: VETO_ENOMEM; VETO_EINVAL for what only lowering can see (with the
 * expression's position). Time: linear in the size of the expression times
 * the sizes of the groups it names. */
veto_status veto_i_rule_build(veto_i_rule_t **out, const veto_model_t *m,
                              veto_error_t *err);

/* Deep copy; NULL on ENOMEM. */
veto_i_rule_t *veto_i_rule_copy(const veto_i_rule_t *r);
void veto_i_rule_free(veto_i_rule_t *r);

/* Does coalition `in` (in[i] != 0 when player i votes yes) pass? O(size of
 * the rule) with machine arithmetic where the term's total fits. */
bool veto_i_rule_eval(const veto_i_rule_t *r, const unsigned char *in);

/* Substitute fixed votes: fixed[i] = 0 (votes no), 1 (votes yes) or -1
 * (free). Returns a new normalised rule over the same player indices in
 * which fixed players no longer occur, or NULL on ENOMEM. */
veto_i_rule_t *veto_i_rule_substitute(const veto_i_rule_t *r,
                                      const signed char *fixed);

/* If the rule is one threshold in disguise (a single term; all(G); any(G);
 * K of players; all(G) and TERM; a constant), fill g (allocated here, over
 * n players) and return true; return false otherwise. *rc is set to
 * VETO_ENOMEM on allocation failure (then false is returned). */
bool veto_i_rule_weighted(veto_i_wgame_t *g, const veto_i_rule_t *r, size_t n,
                          veto_status *rc);

/* Players the rule mentions: mentioned[i] = 1. */
void veto_i_rule_mentions(const veto_i_rule_t *r, unsigned char *mentioned);

/* Number of nodes and the deepest nesting. */
size_t veto_i_rule_size(const veto_i_rule_t *r);

/* Text of the rule with player names from m, in the .veto language, so
 * that it reads back (with m's players, groups and attributes) to the same
 * tree: "all(permanent) and count >= 9", "2 of (A, B, C)".
 * Returns a malloc'd (veto_i_malloc) string or NULL on ENOMEM. */
char *veto_i_rule_to_string(const veto_i_rule_t *r, const veto_model_t *m);

/* The same, but stops descending once the text is longer than max bytes
 * (it may then end anywhere past max: for listings that cut it). */
char *veto_i_rule_to_string_max(const veto_i_rule_t *r, const veto_model_t *m,
                                size_t max);

#endif /* VETO_RULE_H */
