/*
 * bdd_i.h: the exact engine for composed rules (and / or / k-of trees of
 * threshold terms over any number of players), shared by its files:
 *   bdd_manager.c  nodes, unique tables, the computed table, the budget;
 *   bdd_order.c    players grouped into types, the variable order, levels;
 *   bdd_ops.c      apply, the unary operations, implication (leq);
 *   bdd_build.c    threshold terms (interval construction) and the rule;
 *   bdd_pass.c     reachable nodes, down / up passes, per-level sums;
 *   bdd_walk.c     the desirability-order check and the prefix walk;
 *   bdd_count.c    veto_i_bdd_counts: every count from the passes;
 *   bdd_player.c   one player's swings by size and a smallest swing;
 *   bdd_beliefs.c  veto_i_bdd_beliefs: P(act), P(decisive);
 *   bdd_blocs.c    veto_i_bdd_bloc_beliefs: the same under bloc beliefs;
 *   bdd_probe.c    veto_i_bdd_probe: the diagram built and measured within
 *                  a time limit, for the planner's estimate.
 *
 * The diagram. Players that the rule cannot tell apart (same weight in
 * every term; same belief when beliefs are asked) form a TYPE; a type of m
 * players is one level of a quasi-reduced ordered multi-valued decision
 * diagram whose nodes have m + 1 children: child j is the rest of the rule
 * once exactly j of the type's players vote yes. Quasi-reduced: every edge
 * goes to the next level, so no level is ever skipped and every count below
 * is a plain level-by-level sum; the price is at most two constant nodes
 * per level. The 435 representatives of the US House are one level with
 * 436 children, not 435 levels; a weighted game with 200 distinct weights is
 * an ordinary BDD of 200 levels. Nodes live in per-level arrays with a
 * per-level unique table and one lossy computed table; the manager is a
 * value on the stack of each call (no global state).
 *
 * Variable order: see type_cmp in bdd_order.c (first appearance in the rule,
 * larger weights first), players the rule never names last. A threshold term is
 * built directly, top-down: a node at level t is an interval of the remaining
 * quota (Behle's interval construction), so no formula is ever expanded. and /
 * or / k-of are a memoised apply; k-of by the counting construction A_j <- A_j
 * or (A_{j-1} and child), O(k * nchild) applies.
 *
 * Counts, all in GMP, with C(m, j) weights on the edges of a type of m:
 *  - winning: down counts D(v) = sum_j C(m,j) D(child_j);
 *  - swings of a player of type t: sum over nodes v of level t of
 *    U(v) * sum_j C(m-1, j) (D(child_{j+1}) - D(child_j)), U the number of
 *    assignments of the levels above leading to v;
 *  - by coalition size (Shapley-Shubik, Deegan-Packel): the same sums on
 *    polynomials in x (x marks a yes vote), each polynomial packed into one
 *    big integer with slots of n + 2 bits (Kronecker substitution: every
 *    coefficient counts distinct coalitions, so is at most 2^n and never
 *    carries into the next slot). The products U(v) * E(v) are then single
 *    GMP multiplications (sub-quadratic) instead of n^2 small ones;
 *  - minimal winning coalitions: in desirability order, S is minimal iff
 *    it wins and loses without one player of its last level, counted in
 *    the same walk as Johnston below (bdd_prefix_walk); otherwise Bolus's rule
 *    carried to types: the diagram MIN(f) of the minimal count vectors has
 *    children MIN(f_0), MIN(f_j) and not f_{j-1} (j >= 1) (removing one of
 *    the type's j players must lose, and the rest must be minimal);
 *  - Johnston: when the levels are in desirability order (checked:
 *    always so for a weighted game in our order, and for the EU double
 *    majority) the critical players of S are all its players down to the
 *    last critical level L, and L is found by looking at S - e_L and at
 *    S - e_r, r the next level where S votes yes; so one walk of f, sizes
 *    packed on the levels down to L and plain totals below it, counts
 *    every S once (bdd_prefix_walk). Otherwise per type s the diagram
 *    CRIT_s = f and not f(c - e_s) of the count vectors in which the
 *    type's players are critical, the integer-valued diagram (leaves
 *    0..n) of the number of critical players cnt = sum_s c_s CRIT_s, and
 *    for each type t the sum over CRIT_t of C(m-1, c_t-1) * lcm(1..n)/cnt
 *    (johnston_add), which can be much larger than f;
 *  - proper / strong: f and f(complement) (children mirrored) is FALSE /
 *    f or f(complement) is TRUE.
 * Beliefs: the same down / up passes with the binomial probabilities of j
 * yes votes among m, in doubles or in mpq.
 *
 * Cost, N = nodes of the diagram of the rule, n players, T types:
 *   build: O(N_terms * m) per term plus O(|f| * |g| * m) per apply;
 *   winning, swings: O(N * m) big-integer additions;
 *   Shapley-Shubik, Deegan-Packel: O(N * m) shifts/additions of n^2-bit
 *   numbers and N multiplications of them; memory O(N * n^2) bits;
 *   minimal winning, unordered levels: O(|MIN(f)| * m) after building
 *   MIN(f), which can be larger than f;
 *   Johnston and minimal winning, ordered levels: together about one
 *   Shapley-Shubik count (O(N * m) packed operations, N multiplications)
 *   plus O(N * m) plain additions, after the order check (memoised
 *   implications between sub-diagrams of f); Johnston, unordered levels:
 *   T diagrams CRIT_s and O(T * |cnt| * m), cnt the critical-count
 *   diagram.
 * Every table is allocated through veto_i_malloc, checked against the
 * memory budget (VETO_ELIMIT with advice beyond it); veto_i_poll is called
 * every 65,536 new nodes and at every level of every pass.
 */
#ifndef VETO_BDD_I_H
#define VETO_BDD_I_H

#include "counts.h"

#include <string.h>

#define BDD_NIL UINT32_MAX
#define BDD_STAGE "bdd"
#define BDD_ADVICE (&(const veto_i_advice_t){VETO_HINT_MEMORY, "bdd", "mc"})

enum {
    BDD_OP_AND = 1,
    BDD_OP_OR,
    BDD_OP_ANDNOT,
    BDD_OP_PLUS,
    BDD_OP_SEL,    /* a (0/1) ? b : 0 */
    BDD_OP_MIN,    /* minimal count vectors of a monotone function */
    BDD_OP_MIRROR, /* f(m - c): the complement coalition */
    BDD_OP_LEQ,    /* a <= b as functions: 0 or 1, no node made */
    BDD_OP_CRIT,   /* f(c) and not f(c - e_s): level s is critical */
    BDD_OP_SCALE,  /* leaves multiplied by c_s */
    BDD_OP_MULC    /* leaves multiplied by a constant */
};

/* One level: the nodes of one type. Node ids are local to a level; 0 and 1
 * are the constant FALSE and TRUE functions at every level, and at the
 * terminal level T an id is the leaf's value (0..n). */
typedef struct bdd_lvl {
    size_t m;     /* players of this type */
    size_t arity; /* m + 1 */
    size_t count; /* nodes */
    size_t cap;
    uint32_t *kids;    /* [cap * arity] */
    uint32_t *tab;     /* unique table, node + 1, 0 = empty; [tcap] */
    size_t tcap;       /* power of two */
    uint32_t *scratch; /* [arity]: the one active recursion frame per level */
} bdd_lvl_t;

typedef struct bdd_centry {
    uint32_t op, lev, a, b, r;
} bdd_centry_t;

typedef struct bdd_mgr {
    size_t n;
    size_t T;         /* levels */
    bdd_lvl_t *lv;    /* [T] */
    size_t *order;    /* [n]: players level by level */
    size_t *first;    /* [T + 1]: level t is order[first[t] .. first[t+1]) */
    size_t *level_of; /* [n] */
    mpz_t **binom;    /* [T][m + 1]: C(m, j) */
    mpz_t **binom1;   /* [T][m]: C(m - 1, j) */
    bdd_centry_t *cache;
    size_t ccap;    /* power of two */
    uint64_t bytes; /* planned bytes, checked against the budget */
    uint64_t made;  /* nodes made, for polling and cache growth */
    const veto_i_ctx_t *ctx;
    veto_error_t *err;
    veto_status rc;
} bdd_mgr_t;

/* A diagram the planner's probe built (bdd_probe.c), kept for the run. */
struct veto_i_bdd_built {
    bdd_mgr_t g;
    uint32_t root;
    const veto_i_rule_t *rule;
};

/* The nodes reachable from a root, level by level, with down and up values
 * (big integers, packed polynomials when slot > 0). */
typedef struct bdd_pass {
    size_t T;
    size_t *cnt;     /* [T + 1] */
    uint32_t **list; /* [T + 1][cnt] */
    uint32_t **pos;  /* [T + 1][level's node count]: index in list or BDD_NIL */
    mpz_t **D, **U;  /* [T + 1][cnt] when allocated */
} bdd_pass_t;

enum { BDD_LEAF_VALUE, BDD_LEAF_INV };
enum { BDD_E_SWING, BDD_E_MEMBER };

/* Child j of node v of level t. */
static inline uint32_t bdd_kid(const bdd_mgr_t *g, size_t t, uint32_t v,
                               size_t j)
{
    return g->lv[t].kids[(size_t)v * g->lv[t].arity + j];
}

/* bdd_manager.c */

/* Record rc in g (the first error wins; ENOMEM fills err). BDD_NIL. */
uint32_t bdd_fail(bdd_mgr_t *g, veto_status rc);
/* Plan `more` bytes; false (g->rc set, err filled) beyond the budget. */
bool bdd_reserve(bdd_mgr_t *g, uint64_t more);
/* The node of level t with these children, made if new. BDD_NIL on error. */
uint32_t bdd_mk(bdd_mgr_t *g, size_t t, const uint32_t *kids);
/* The lossy computed table: an entry per (op, level, a, b). */
bool bdd_cache_get(const bdd_mgr_t *g, unsigned op, size_t t, uint32_t a,
                   uint32_t b, uint32_t *r);
void bdd_cache_put(bdd_mgr_t *g, unsigned op, size_t t, uint32_t a, uint32_t b,
                   uint32_t r);
/* Free everything the manager holds; a freed manager may be freed again. */
void bdd_mgr_free(bdd_mgr_t *g);

/* bdd_order.c */

/* Group the players into types (refined by belief when not NULL), order
 * the types, and set up the levels with their constants 0 and 1. */
veto_status bdd_make_levels(bdd_mgr_t *g, const veto_i_rule_t *const *terms,
                            size_t nterms, const mpq_t *belief);

/* bdd_ops.c */

/* Binary apply (AND, OR, ANDNOT, PLUS, SEL) at level t. BDD_NIL on error. */
uint32_t bdd_apply(bdd_mgr_t *g, unsigned op, size_t t, uint32_t a, uint32_t b);
/* Unary operations (MIN, MIRROR, CRIT, SCALE, MULC) with a parameter p.
 * BDD_NIL on error. */
uint32_t bdd_unary(bdd_mgr_t *g, unsigned op, size_t t, uint32_t v, uint32_t p);
/* Is a <= b (a implies b) for nodes of level t? Makes no node. */
bool bdd_leq(bdd_mgr_t *g, size_t t, uint32_t a, uint32_t b);

/* bdd_build.c */

/* Set up the manager for rule r over n players (types refined by belief
 * when it is not NULL) and build the rule's diagram into *root. */
veto_status bdd_mgr_build(bdd_mgr_t *g, uint32_t *root, const veto_i_rule_t *r,
                          size_t n, const mpq_t *belief,
                          const veto_i_ctx_t *ctx, veto_error_t *err);

/* bdd_pass.c */

void bdd_pass_free(bdd_pass_t *p);
/* The nodes reachable from root, level by level; *nodes their number. */
veto_status bdd_pass_reach(bdd_pass_t *p, bdd_mgr_t *g, uint32_t root,
                           uint64_t *nodes);
/* Bytes for the down and up values of a pass. */
uint64_t bdd_pass_bytes(const bdd_pass_t *p, const bdd_mgr_t *g, size_t slot,
                        size_t extra_bits);
/* Allocate and init value arrays [T + 1][cnt] into *which. */
bool bdd_alloc_vals(bdd_pass_t *p, mpz_t ***which);
/* Free value arrays made by bdd_alloc_vals outside a bdd_pass_t. */
void bdd_vals_free(const bdd_pass_t *p, mpz_t **v);
/* Down values, packed (x = 2^slot) on the levels above `upto`. */
veto_status bdd_pass_down(bdd_pass_t *p, bdd_mgr_t *g, size_t slot, size_t upto,
                          int leaf, const mpz_t L);
/* Up values through the levels above `upto`. */
veto_status bdd_pass_up(bdd_pass_t *p, bdd_mgr_t *g, size_t slot, size_t upto);
/* Sum over the nodes of level t of U(v) * E(v) (BDD_E_SWING, BDD_E_MEMBER)
 * for one player of the level's type. */
void bdd_pass_level(const bdd_pass_t *p, const bdd_mgr_t *g, size_t t,
                    size_t slot, int kind, mpz_t Q);
/* Coefficient k of a packed polynomial. */
void bdd_unpack(mpz_t out, const mpz_t packed, size_t k, size_t slot);

/* bdd_walk.c */

/* Are the levels reachable in p in desirability order? */
bool bdd_ordered_levels(bdd_mgr_t *g, const bdd_pass_t *p);
/* Johnston, minimal winning and Deegan-Packel counts of f in one walk,
 * when bdd_ordered_levels holds. */
veto_status bdd_prefix_walk(veto_i_counts_t *out, bdd_mgr_t *g, uint32_t f,
                            unsigned need);

/* bdd_beliefs.c */

/* P(j yes of m) for a yes-probability p, in doubles (through logarithms,
 * so that C(m, j) never overflows). */
double bdd_binom_pmf(size_t m, size_t j, double p);

/* bdd_count.c: with NEED_SIZES (mwc_k allocated), the minimal winning
 * coalitions of size k containing each player of level t are c. */
void bdd_set_mwc_k(veto_i_counts_t *out, const bdd_mgr_t *g, size_t t, size_t k,
                   const mpz_t c);

/* bdd_player.c: NEED_PLAYER, out->player's swings by size and a
 * smallest swing, from the diagram f (VETO_ELIMIT beyond the budget). */
veto_status bdd_player_counts(veto_i_counts_t *out, bdd_mgr_t *g, uint32_t f);

#endif
