/*
 * counts.h: what every exact engine fills, and the engines' entry points.
 * Every index is computed from these counts in one place
 * (src/analysis/indices.c). Engines fill only what `need` asks for and set
 * the matching bits of `have`.
 */
#ifndef VETO_COUNTS_H
#define VETO_COUNTS_H

#include "../rule/rule.h"

enum {
    VETO_I_NEED_WINNING = 1u << 0,  /* winning */
    VETO_I_NEED_SWINGS = 1u << 1,   /* swings[] */
    VETO_I_NEED_SSI = 1u << 2,      /* ssi_num[] */
    VETO_I_NEED_MWC = 1u << 3,      /* mwc_total, mwc[] */
    VETO_I_NEED_DPI = 1u << 4,      /* dpi_sum[] (implies MWC) */
    VETO_I_NEED_JOHNSTON = 1u << 5, /* jo_sum[] */
    VETO_I_NEED_PROPER = 1u << 6,   /* proper, strong */
    /* with SSI: swings_k[]; with DPI: mwc_k[] (dp, typed or not, and
     * bdd; bdd sets this bit in `have` when it filled them) */
    VETO_I_NEED_SIZES = 1u << 7,
    /* mwc_total alone, without mwc[] (dp engine only; NEED_MWC gives it
     * too) */
    VETO_I_NEED_MWC_TOTAL = 1u << 8,
    /* one player's swings by coalition size and a smallest swing
     * (explain): player_k[], example; the caller sets `player` after
     * veto_i_counts_init */
    VETO_I_NEED_PLAYER = 1u << 9
};

typedef struct veto_i_counts {
    size_t n;
    unsigned have; /* VETO_I_NEED_* bits that are filled */

    mpz_t winning; /* number of winning coalitions, of 2^n */
    mpz_t *swings; /* [n]: losing S not containing i with S+i winning */
    /* [n]: sum over k of swings of i with |S| = k, times k! (n-1-k)!;
     * the Shapley-Shubik value is ssi_num[i] / n!. */
    mpz_t *ssi_num;
    mpz_t mwc_total; /* number of minimal winning coalitions */
    mpz_t *mwc;      /* [n]: minimal winning coalitions containing i */
    mpq_t *dpi_sum;  /* [n]: sum over minimal winning S containing i of 1/|S| */
    /* [n]: sum over winning S in which i is critical of 1/c(S), c(S) the
     * number of players critical in S */
    mpq_t *jo_sum;
    /* NEED_SIZES: the counts by coalition size, kept once per row class.
     * Players of one class have equal rows (interchangeable players: dp's
     * weight classes, bdd's levels; an engine that knows no classes makes
     * one per player). row_of[i] is player i's class, 0 .. nrows - 1. The
     * engine sets nrows and row_of (veto_i_counts_rows) once it knows the
     * classes, and that allocates the rows; until then nrows is 0 and
     * row_of, swings_k and mwc_k are NULL. Read them through
     * veto_i_counts_swings_row / veto_i_counts_mwc_row. */
    size_t nrows;
    size_t *row_of; /* [n] */
    /* what init was asked for by size: VETO_I_NEED_SSI (swings_k) and
     * VETO_I_NEED_DPI (mwc_k) bits */
    unsigned sizes;
    /* with SSI: [nrows * n] swings of a player of class r through
     * coalitions of size k (not containing it) at r * n + k */
    mpz_t *swings_k;
    /* with DPI: [(nrows + 1) * (n + 1)] minimal winning coalitions of size
     * s at s (all of them), and of those containing a player of class r at
     * (1 + r) * (n + 1) + s */
    mpz_t *mwc_k;
    veto_tristate proper; /* VETO_UNKNOWN unless NEED_PROPER was filled */
    veto_tristate strong;
    /* What the engine worked with, for the engine line: dp the types
     * (distinct weights after reduction) of the game it counted, bdd the
     * levels of its diagram (each a type of interchangeable players); 0
     * when not set. */
    size_t types;
    size_t levels;
    /* dp: the counts (VETO_I_NEED_SWINGS, VETO_I_NEED_SSI) that came from
     * the power-series route instead of the recursion */
    unsigned pseries;
    /* NEED_PLAYER: the player asked about; player_k[k] its swings through
     * coalitions of size k of the others (k = 0..n-1); example, when not
     * NULL, a smallest such coalition as a 0/1 vector [n] (an engine may
     * give the counts without an example). */
    size_t player;
    mpz_t *player_k;
    unsigned char *example;
} veto_i_counts_t;

/* Allocate the arrays `need` asks for (all zero; example stays NULL until
 * an engine finds one). false on ENOMEM. */
bool veto_i_counts_init(veto_i_counts_t *c, size_t n, unsigned need);
void veto_i_counts_clear(veto_i_counts_t *c);

/* NEED_SIZES: set the row classes (nrows of them, player i in row_of[i];
 * row_of NULL: one class per player, nrows = n) and allocate the rows
 * init was asked for, all zero. Once per counts: only
 * veto_i_counts_clear frees them. Nothing to do (VETO_OK) when init was
 * not asked for sizes. Errors: VETO_EMISUSE (rows already set, a class
 * out of range, nrows 0 with players), VETO_ENOMEM. O(nrows n). */
veto_status veto_i_counts_rows(veto_i_counts_t *c, size_t nrows,
                               const size_t *row_of, veto_error_t *err);

/* Bytes the rows of veto_i_counts_rows would take for nrows classes of
 * c's n players, their values below 2^n (saturating): what an engine
 * charges to the memory budget before setting them. */
uint64_t veto_i_counts_rows_bytes(const veto_i_counts_t *c, size_t nrows);

/* Player i's row of swings by size (n entries) and of minimal winning
 * coalitions by size (n + 1 entries); rows must be set. */
static inline mpz_t *veto_i_counts_swings_row(const veto_i_counts_t *c,
                                              size_t i)
{
    return c->swings_k + c->row_of[i] * c->n;
}
static inline mpz_t *veto_i_counts_mwc_row(const veto_i_counts_t *c, size_t i)
{
    return c->mwc_k + (1 + c->row_of[i]) * (c->n + 1);
}

/* Helper for engines that count swings by coalition size:
 * ssi_num[i] += sum_k swings_k[k] * k! (n-1-k)!, for k = 0..n-1. */
void veto_i_counts_add_ssi(veto_i_counts_t *c, size_t i, const mpz_t *swings_k);

/* Beliefs: probability that the body acts and that each player is decisive
 * (f(S+i) != f(S-i)), players voting independently yes with belief[i]. */
typedef struct veto_i_beliefs {
    size_t n;
    bool exact;
    double p_act;
    double *p_dec;  /* [n] */
    mpq_t p_act_q;  /* when exact */
    mpq_t *p_dec_q; /* [n] when exact */
} veto_i_beliefs_t;

bool veto_i_beliefs_init(veto_i_beliefs_t *b, size_t n, bool exact);
void veto_i_beliefs_clear(veto_i_beliefs_t *b);

/* Blocs (issue 11) as the engines see them: bloc_of[i] is player i's bloc
 * or -1; the members of bloc k share one yes-probability p ~ Beta(a[k],
 * b[k]) and vote independently given p (their belief[] is ignored). */
typedef struct veto_i_blocspec {
    size_t nblocs;
    const long *bloc_of; /* [n] */
    mpq_t *a, *b;        /* [nblocs], positive */
    size_t *size;        /* [nblocs] members */
} veto_i_blocspec_t;

/* out[k] = E[p^k (1 - p)^(m - k)] = B(a + k, b + m - k) / B(a, b) for
 * p ~ Beta(a, b), k = 0..m (out initialised). Time O(m) rational
 * operations. */
void veto_i_beta_moments(mpq_t *out, const mpq_t a, const mpq_t b, size_t m);

/* ---- engines ---------------------------------------------------------- */

/* enum: every coalition, n <= 30. All counts, proper/strong, beliefs.
 * Time O(2^n * (rule size + n/64)), memory 2^n bits. */
#define VETO_I_ENUM_MAX_N 30
veto_status veto_i_enum_counts(veto_i_counts_t *out, const veto_i_rule_t *r,
                               size_t n, unsigned need, const veto_i_ctx_t *ctx,
                               veto_error_t *err);
veto_status veto_i_enum_beliefs(veto_i_beliefs_t *out, const veto_i_rule_t *r,
                                size_t n, const mpq_t *belief, bool exact,
                                const veto_i_ctx_t *ctx, veto_error_t *err);

/* enum, NEED_PLAYER alone: out->player's swings by coalition size and
 * the first smallest swing in Gray-code order, walking the 2^(n-1)
 * coalitions of the others (n <= VETO_I_ENUM_PLAYER_MAX). Errors:
 * VETO_EMISUSE, VETO_ENOMEM, VETO_ETIMEOUT, VETO_ECANCELLED. Time
 * O(2^(n-1) * rule size), memory O(n). */
#define VETO_I_ENUM_PLAYER_MAX 24
veto_status veto_i_enum_player(veto_i_counts_t *out, const veto_i_rule_t *r,
                               size_t n, const veto_i_ctx_t *ctx,
                               veto_error_t *err);

/* enum under blocs: coalitions counted by the number of yes votes inside
 * each bloc (and in each class of equal beliefs outside them), weighted by
 * the Beta moments. Exact counts; doubles are rounded once at the end.
 * Errors: as veto_i_enum_beliefs (ELIMIT when the table of counts would
 * pass the budget). Time O(n 2^n + table * n), table = product over the
 * classes of (size + 1). */
veto_status veto_i_enum_bloc_beliefs(veto_i_beliefs_t *out,
                                     const veto_i_rule_t *r, size_t n,
                                     const mpq_t *belief,
                                     const veto_i_blocspec_t *blocs, bool exact,
                                     const veto_i_ctx_t *ctx,
                                     veto_error_t *err);

/* bdd under blocs (bdd_blocs.c): one diagram, typed by bloc, whose nodes
 * carry the counts of coalitions by the number of yes votes inside each
 * bloc (and the Beta moments applied on the way up, for P(decisive)).
 * Exact integers under `exact` (and for blocs of more than 900 members in
 * all); doubles otherwise. Errors: as veto_i_bdd_beliefs; VETO_ELIMIT when
 * the nodes times prod_k (m_k + 1) values pass the memory budget. Time
 * O(N * m * prod_k (m_k + 1)), N the diagram's nodes, m its widest level. */
veto_status veto_i_bdd_bloc_beliefs(veto_i_beliefs_t *out,
                                    const veto_i_rule_t *r, size_t n,
                                    const mpq_t *belief,
                                    const veto_i_blocspec_t *blocs, bool exact,
                                    const veto_i_ctx_t *ctx, veto_error_t *err);

/* dp under blocs, in doubles (dp_blocs.c): one more dimension per bloc,
 * the number of its members voting yes, counted exactly. Blocs of at most
 * 50 members and a quota that fits in memory; otherwise
 * VETO_EUNSUPPORTED (err untouched) or VETO_ELIMIT, and the caller takes
 * another way. Time O(n log n q + sum_b m_b^2 q (2 + nblocs)). */
veto_status veto_i_dp_bloc_beliefs(veto_i_beliefs_t *out,
                                   const veto_i_wgame_t *g, const mpq_t *belief,
                                   const veto_i_blocspec_t *blocs,
                                   const veto_i_ctx_t *ctx, veto_error_t *err);

/* Plain reference dp for weighted games: the textbook generating-function
 * recursion in GMP, one player left out at a time. WINNING, SWINGS, SSI
 * only. Time O(n^2 q) for Banzhaf, O(n^3 q) for Shapley-Shubik. Kept as the
 * test oracle for the fast dp. */
veto_status veto_i_dpref_counts(veto_i_counts_t *out, const veto_i_wgame_t *g,
                                unsigned need, const veto_i_ctx_t *ctx,
                                veto_error_t *err);
veto_status veto_i_dpref_beliefs(veto_i_beliefs_t *out, const veto_i_wgame_t *g,
                                 const mpq_t *belief, bool exact,
                                 const veto_i_ctx_t *ctx, veto_error_t *err);

/* Fast dp for weighted games (src/exact/dp_*.c, entry points in
 * dp_counts.c): every count. */
veto_status veto_i_dp_counts(veto_i_counts_t *out, const veto_i_wgame_t *g,
                             unsigned need, const veto_i_ctx_t *ctx,
                             veto_error_t *err);
/* The same with the typed recurrence for Shapley-Shubik, Deegan-Packel and
 * Johnston forced on (typed = 1), off (0: the pass per player, and Johnston
 * by the old recursion by classes), off with Johnston by the sweep over
 * the excess classes (2), or chosen by cost (-1, what veto_i_dp_counts
 * does). */
veto_status veto_i_dp_counts_typed(veto_i_counts_t *out,
                                   const veto_i_wgame_t *g, unsigned need,
                                   int typed, const veto_i_ctx_t *ctx,
                                   veto_error_t *err);
/* The same with the path for Banzhaf and Shapley-Shubik chosen: route 1
 * the power series (pseries.c: log/exp of the generating function, when
 * the reduced quota is at most 2^31), 0 the recursion, -1 by cost (what
 * veto_i_dp_counts does). out->pseries says which counts took the power
 * series. */
veto_status veto_i_dp_counts_route(veto_i_counts_t *out,
                                   const veto_i_wgame_t *g, unsigned need,
                                   int typed, int route,
                                   const veto_i_ctx_t *ctx, veto_error_t *err);
veto_status veto_i_dp_beliefs(veto_i_beliefs_t *out, const veto_i_wgame_t *g,
                              const mpq_t *belief, bool exact,
                              const veto_i_ctx_t *ctx, veto_error_t *err);
/* Types of the reduced game (distinct positive weights after dividing by
 * their gcd and capping at the quota; players of one type are
 * interchangeable); 0 for a game every or no coalition wins. For the
 * engine line. O(n log n). */
size_t veto_i_dp_types(const veto_i_wgame_t *g);

/* udp.c: Owen, Banzhaf-Owen and the symmetric coalitional Banzhaf value
 * (each of owen, bo, scb may be NULL; else n values, exact) of the
 * weighted game g with union_of[i] (0 .. m-1, no gaps) the union of player
 * i, by the two-level generating function (see udp.c for the cost).
 * Errors: ENOMEM, ELIMIT (memory budget, quota above 2^40). */
veto_status veto_i_dp_unions(mpq_t *owen, mpq_t *bo, mpq_t *scb,
                             const veto_i_wgame_t *g, const size_t *union_of,
                             const veto_i_ctx_t *ctx, veto_error_t *err);
/* The same with mode 0 (auto: machine words up to 20 unions of up to 20
 * players, GMP beyond), 2 (GMP always): for tests. */
veto_status veto_i_dp_unions_mode(mpq_t *owen, mpq_t *bo, mpq_t *scb,
                                  const veto_i_wgame_t *g,
                                  const size_t *union_of, int mode,
                                  const veto_i_ctx_t *ctx, veto_error_t *err);
/* Estimated word operations of the fast dp for `need` on one thread (the
 * paths its cost models choose), and in *primes the primes it works modulo
 * (the most threads that can share the work); INFINITY when the game is
 * beyond dp. O(n log n). */
double veto_i_dp_work(const veto_i_wgame_t *g, unsigned need, size_t *primes);
/* Seconds per word operation of veto_i_dp_work on this machine now: the
 * fastest of three timings (by the context's clock) of a fixed pass over
 * 16384 words, about a millisecond in all. */
double veto_i_dp_probe(const veto_i_ctx_t *ctx);
/* Estimated bytes the fast dp needs for `need` (saturating). */
uint64_t veto_i_dp_estimate(const veto_i_wgame_t *g, unsigned need);

/* dp, NEED_PLAYER alone (dp_player.c): out->player's swings by size in
 * the weighted game g by a table over (size, weight) of the others, and
 * a smallest swing when n^2 q <= 2e7. Takes q <= VETO_I_DP_PLAYER_MAX and
 * q n <= VETO_I_DP_PLAYER_MAX (veto_i_dp_player_fits); its word
 * operations are veto_i_dp_player_work (INFINITY beyond). Errors:
 * VETO_EMISUSE, VETO_ELIMIT (budget), VETO_ENOMEM, VETO_ETIMEOUT,
 * VETO_ECANCELLED. Time O(n^2 q) big-number additions. */
#define VETO_I_DP_PLAYER_MAX 2000000
bool veto_i_dp_player_fits(const veto_i_wgame_t *g);
double veto_i_dp_player_work(const veto_i_wgame_t *g);
veto_status veto_i_dp_player(veto_i_counts_t *out, const veto_i_wgame_t *g,
                             const veto_i_ctx_t *ctx, veto_error_t *err);

/* bdd: any rule tree (src/exact/bdd_*.c, bdd_i.h). With NEED_PLAYER also
 * out->player's swings by size and a smallest swing (bdd_player.c), left
 * out (have without the bit) when they would pass the memory budget. */
veto_status veto_i_bdd_counts(veto_i_counts_t *out, const veto_i_rule_t *r,
                              size_t n, unsigned need, uint64_t *nodes,
                              const veto_i_ctx_t *ctx, veto_error_t *err);
/* The planner's probe of bdd (bdd_probe.c): build the rule's diagram
 * within `secs` of ctx's clock (and ctx's budget and deadline), then count
 * the nodes and edges reachable from its root. done: built and measured;
 * else stopped is VETO_ETIMEOUT (still building at the limit) or
 * VETO_ELIMIT (past the memory budget), with made the nodes made so far.
 * secs: the probe's time on ctx's clock. With keep not NULL, a diagram
 * built is handed over in *keep (else *keep = NULL), for
 * veto_i_bdd_counts_built; free it with veto_i_bdd_built_free. Errors:
 * VETO_ENOMEM. */
typedef struct veto_i_bdd_probe {
    bool done;
    veto_status stopped;
    uint64_t made, nodes;
    double edges, secs;
} veto_i_bdd_probe_t;
typedef struct veto_i_bdd_built veto_i_bdd_built_t;
veto_status veto_i_bdd_probe(veto_i_bdd_probe_t *out, const veto_i_rule_t *r,
                             size_t n, double secs, const veto_i_ctx_t *ctx,
                             veto_i_bdd_built_t **keep, veto_error_t *err);
void veto_i_bdd_built_free(veto_i_bdd_built_t *b);
/* veto_i_bdd_counts on the diagram a probe built (b, for the same rule r
 * and n; the counts may add nodes to it), or, when b is NULL or of
 * another rule, building it. */
veto_status veto_i_bdd_counts_built(veto_i_counts_t *out, veto_i_bdd_built_t *b,
                                    const veto_i_rule_t *r, size_t n,
                                    unsigned need, uint64_t *nodes,
                                    const veto_i_ctx_t *ctx, veto_error_t *err);
veto_status veto_i_bdd_beliefs(veto_i_beliefs_t *out, const veto_i_rule_t *r,
                               size_t n, const mpq_t *belief, bool exact,
                               const veto_i_ctx_t *ctx, veto_error_t *err);

#endif /* VETO_COUNTS_H */
