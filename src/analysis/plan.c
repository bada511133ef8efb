/*
 * plan.c: the engine table and the one planner.
 *
 * Every engine is a record (veto_i_engine_t): its name, its limits (how
 * many players, which rules, three-valued votes, blocs), the indices it
 * gives and the counts it fills, its estimates (bytes and word
 * operations) and the functions that run it. The planner reads the table
 * instead of knowing each engine: it checks a named --method against the
 * record's limits, chooses by memory when auto, and, with a deadline,
 * times every candidate by its work estimate at the speed one short probe
 * measures now.
 */
#include "../sample/mc.h"
#include "analysis.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- words ---------------------------------------------------------------
 */

/* "12.5 MiB", "3.0 KiB": sizes in the reasons the report prints. */
static void human_bytes(char *buf, size_t cap, uint64_t b)
{
    if (b >= (1ull << 30)) {
        snprintf(buf, cap, "%.1f GiB", (double)b / (double)(1ull << 30));
    } else if (b >= (1ull << 20)) {
        snprintf(buf, cap, "%.1f MiB", (double)b / (double)(1ull << 20));
    } else {
        snprintf(buf, cap, "%.1f KiB", (double)b / 1024.0);
    }
}

/* "0.4 s", "3.2 min", "2.5 h": times in the reasons. */
void veto_i_human_secs(char *buf, size_t cap, double s)
{
    if (!(s < 1e9)) {
        snprintf(buf, cap, "more than 30 years");
    } else if (s >= 7200) {
        snprintf(buf, cap, "%.1f h", s / 3600);
    } else if (s >= 120) {
        snprintf(buf, cap, "%.1f min", s / 60);
    } else {
        snprintf(buf, cap, s < 10 ? "%.2g s" : "%.0f s", s);
    }
}

/* ---- cost models ---------------------------------------------------------
 *
 * Each estimate is in the word operations of dp's probe (a modular
 * multiply-add over a row of words), so that one probe prices them all.
 * The constants below were fitted on this project's examples and bench
 * instances (bench/README.md) with a release build; an estimate is
 * meant to be right within a small factor, which is what choosing between
 * engines and a time limit needs.
 */

/* Enumeration evaluates the rule once per coalition: about this many of
 * the probe's word operations per node of the rule (measured on the
 * examples of 20 to 24 players). */
#define ENUM_WORDS_PER_NODE 8.0

/* Rough cost of enumeration: 2^n coalitions times the rule's size. */
static double enum_cost(size_t n, size_t rule_size)
{
    return (double)(1ull << (n < 63 ? n : 63)) * (double)(rule_size + 2);
}

/* One player's swings by enumeration (explain): 2^(n-1) coalitions of the
 * others, two evaluations of the rule each. */
static double enum_player_cost(size_t n, size_t rule_size)
{
    return n == 0 ? 0 : enum_cost(n - 1, rule_size) * 2.0;
}

/* bdd: the quasi-reduced diagram has one level per type of
 * interchangeable players. A threshold term has at most min(Q + 1, P,
 * S + 1) nodes at a level, where Q is its quota, P the number of distinct
 * count vectors of its types above the level (each a possible partial
 * sum) and S those at and below it (the subfunction below is fixed by the
 * partial sum's class among the S sums still possible). For a k-of node
 * the bound is the product of its children's widths, which on composed
 * rules is 100 to 10^8 times the diagram actually built (the EU Council's
 * rules: 1.4 x 10^6 nodes bounded, 11,000 made); the estimate takes the
 * sum of the children's widths instead (never more than the count
 * vectors above the level), which is within a factor 3 of the nodes made
 * on the examples and most random rules, and 5 to 13 times under on
 * random rules whose terms weigh the players independently (the pairs of
 * partial sums that stay apart). Types are found by hashing each player's
 * (term, weight) list, so players the diagram would merge are merged here
 * too (up to hash collisions, which can only lower the estimate).
 *
 * Work, in the probe's word operations, from these predicted widths
 * (fitted by least squares on log CPU time, bench/README.md: 64 runs of
 * 27 to 537 players from 0.02 to 8 s):
 *  - the build: BDD_BUILD_WORDS per predicted node edge of every
 *    sub-diagram (the applies, their unique and computed tables);
 *  - proper / strong: the mirror and two applies with it, about
 *    BDD_PROPER_WORDS per build unit;
 *  - winning and swings: a count below 2^n per edge (1 + n/64 words);
 *  - each pass by size (Shapley-Shubik, one player's swings by size):
 *    counts packed by size, 1 + (n + 1)(n + 2)/128 words on average; the
 *    prefix walk (minimal winning and Johnston in desirability order)
 *    about 4 such passes for each;
 *  - minimal winning without that order: the MIN(f) diagram, about T
 *    times the passes; Johnston without it: T diagrams CRIT_s and
 *    passes over the critical-count diagram, about T^2 times (a floor:
 *    every such run measured took more than 15 s).
 * The order is assumed when the types form a chain of weights
 * (types_chain), which the EU's double majorities and the US electoral
 * college do. */
#define BDD_BUILD_WORDS 12000.0
#define BDD_PROPER_WORDS 2000.0
#define BDD_PLAIN_WORDS 100.0
#define BDD_PACKED_WORDS 120.0
#define BDD_MIN_WORDS 8000.0
#define BDD_CRIT_WORDS 3000.0
/* The estimate is central, not a bound (0.16 to 6 times the CPU time on
 * the spread measured, more under on a few random rules), so no slack:
 * keeping bdd on an estimate above the time left would turn a Monte
 * Carlo answer into a run stopped by the limit. */
#define BDD_SLACK 1.0
#define BDD_MAX_CELLS 20000000.0 /* levels x terms beyond: not estimated */

typedef struct bdd_est {
    size_t T;        /* levels */
    double *arity;   /* [T]: m + 1 */
    double *pre;     /* [T]: count vectors of all levels above */
    size_t *type_of; /* [n] level of each player, by first appearance */
} bdd_est_t;

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

static void sign_terms(const veto_i_rule_t *r, uint64_t *h, uint64_t *next)
{
    if (r->kind == VETO_I_R_TERM) {
        uint64_t id = ++*next;
        for (size_t j = 0; j < r->nterm; j++) {
            uint64_t w = (uint64_t)mpz_get_ui(r->w[j]) ^
                         ((uint64_t)mpz_size(r->w[j]) << 56);
            h[r->player[j]] = mix64(h[r->player[j]] ^ mix64(id * 31 + w));
        }
    } else if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            sign_terms(r->child[c], h, next);
        }
    }
}

static int cmp_u64_idx(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;
    if (x[0] != y[0]) {
        return x[0] < y[0] ? -1 : 1;
    }
    return (x[1] > y[1]) - (x[1] < y[1]);
}

static double cap(double x)
{
    return x < 1e300 ? x : 1e300;
}

/* Widths of node r at every level into w[T]; adds the apply work of r and
 * its sub-diagrams to *build. false on ENOMEM. */
static bool bdd_widths(const veto_i_rule_t *r, const bdd_est_t *E, double *w,
                       double *build)
{
    size_t T = E->T;
    if (r->kind == VETO_I_R_TERM) {
        /* per level: (m + 1) if the term holds the type, else 1 */
        double *in = veto_i_calloc(T + 1, sizeof *in);
        if (in == NULL) {
            return false;
        }
        for (size_t t = 0; t < T; t++) {
            in[t] = 1;
        }
        for (size_t j = 0; j < r->nterm; j++) {
            in[E->type_of[r->player[j]]] = E->arity[E->type_of[r->player[j]]];
        }
        double q = mpz_get_d(r->quota) + 1;
        double suf = 1;
        for (size_t t = T; t-- > 0;) {
            suf = cap(suf * in[t]);
            w[t] = suf + 1; /* the suffix bound, from the level down */
        }
        double pre = 1;
        for (size_t t = 0; t < T; t++) {
            double x = w[t] < pre ? w[t] : pre;
            w[t] = x < q ? x : q;
            pre = cap(pre * in[t]);
            *build = cap(*build + w[t] * E->arity[t]);
        }
        veto_i_free(in);
        return true;
    }
    for (size_t t = 0; t < T; t++) {
        w[t] = 1;
    }
    if (r->kind != VETO_I_R_KOF) {
        return true;
    }
    double *cw = veto_i_mallocarray(T + 1, sizeof *cw);
    if (cw == NULL) {
        return false;
    }
    for (size_t t = 0; t < T; t++) {
        w[t] = 0;
    }
    for (size_t c = 0; c < r->nchild; c++) {
        if (!bdd_widths(r->child[c], E, cw, build)) {
            veto_i_free(cw);
            return false;
        }
        for (size_t t = 0; t < T; t++) {
            w[t] = cap(w[t] + cw[t]);
        }
    }
    for (size_t t = 0; t < T; t++) {
        w[t] = w[t] < E->pre[t] ? w[t] : E->pre[t];
        *build = cap(*build + w[t] * E->arity[t]);
    }
    veto_i_free(cw);
    return true;
}

static size_t count_leaves(const veto_i_rule_t *r)
{
    if (r->kind != VETO_I_R_KOF) {
        return 1;
    }
    size_t k = 0;
    for (size_t c = 0; c < r->nchild; c++) {
        k += count_leaves(r->child[c]);
    }
    return k;
}

/* Weight of each level's type in each term: W[t * K + k] (0 when the
 * type is not in term k). */
static void term_weights(const veto_i_rule_t *r, const bdd_est_t *E, double *W,
                         size_t K, size_t *k)
{
    if (r->kind == VETO_I_R_TERM) {
        for (size_t j = 0; j < r->nterm; j++) {
            W[E->type_of[r->player[j]] * K + *k] = mpz_get_d(r->w[j]);
        }
        ++*k;
    } else if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            term_weights(r->child[c], E, W, K, k);
        }
    }
}

static int cmp_desc_first(const void *a, const void *b)
{
    const double *x = a, *y = b;
    return (x[0] < y[0]) - (x[0] > y[0]);
}

/* Do the types form a chain: for any two, one weighs at least as much as
 * the other in every term? Then, the rule being a positive combination of
 * thresholds, the levels are in desirability order (bdd's order puts
 * heavier types first, term by term), and bdd counts minimal winning
 * coalitions and Johnston in one walk of the diagram; otherwise it builds
 * diagrams of their own (bdd_count.c), far costlier. Sufficient, not
 * necessary: false may overestimate. Sorted by total weight, a chain is
 * one whose neighbours dominate. false on ENOMEM or when too large. */
static bool types_chain(const veto_i_rule_t *r, const bdd_est_t *E, size_t K)
{
    size_t T = E->T;
    if (T < 2) {
        return true;
    }
    if ((double)T * (double)(K + 1) > 4e6) {
        return false;
    }
    double *W = veto_i_calloc(T * K + 1, sizeof *W);
    double *key = veto_i_mallocarray(T + 1, 2 * sizeof *key);
    bool chain = W != NULL && key != NULL;
    if (chain) {
        size_t k = 0;
        term_weights(r, E, W, K, &k);
        for (size_t t = 0; t < T; t++) {
            key[2 * t] = 0;
            for (size_t j = 0; j < K; j++) {
                key[2 * t] += W[t * K + j];
            }
            key[2 * t + 1] = (double)t;
        }
        qsort(key, T, 2 * sizeof *key, cmp_desc_first);
        for (size_t x = 0; x + 1 < T && chain; x++) {
            const double *a = W + (size_t)key[2 * x + 1] * K;
            const double *b = W + (size_t)key[2 * x + 3] * K;
            for (size_t j = 0; j < K && chain; j++) {
                chain = a[j] >= b[j];
            }
        }
    }
    veto_i_free(W);
    veto_i_free(key);
    return chain;
}

bool veto_i_bdd_shape(const veto_i_rule_t *r, size_t n, veto_i_bdd_shape_t *out)
{
    bool ok = false;
    memset(out, 0, sizeof *out);
    uint64_t *h = NULL, *pair = NULL;
    bdd_est_t E;
    double *w = NULL;
    memset(&E, 0, sizeof E);
    if (n == 0 || r->kind == VETO_I_R_TRUE || r->kind == VETO_I_R_FALSE) {
        return true;
    }
    h = veto_i_calloc(n, sizeof *h);
    pair = veto_i_mallocarray(n, 2 * sizeof *pair);
    E.type_of = veto_i_mallocarray(n, sizeof *E.type_of);
    if (h == NULL || pair == NULL || E.type_of == NULL) {
        goto done;
    }
    uint64_t next = 0;
    sign_terms(r, h, &next);
    for (size_t i = 0; i < n; i++) {
        pair[2 * i] = h[i];
        pair[2 * i + 1] = i;
    }
    qsort(pair, n, 2 * sizeof *pair, cmp_u64_idx);
    /* levels by the first player of each type; players in no term
     * (hash 0) are no level */
    size_t T = 0;
    for (size_t i = 0; i < n; i++) {
        E.type_of[i] = SIZE_MAX;
    }
    for (size_t a = 0; a < n;) {
        size_t b = a;
        while (b < n && pair[2 * b] == pair[2 * a]) {
            b++;
        }
        if (pair[2 * a] != 0) {
            for (size_t x = a; x < b; x++) {
                /* the run is sorted by player: its first is pair[2a+1] */
                E.type_of[pair[2 * x + 1]] = pair[2 * a + 1];
            }
            T++;
        }
        a = b;
    }
    if ((double)T * (double)count_leaves(r) > BDD_MAX_CELLS) {
        goto done;
    }
    /* number the levels in the order of their first players */
    size_t *level = veto_i_mallocarray(n, sizeof *level);
    E.arity = veto_i_calloc(T + 1, sizeof *E.arity);
    E.pre = veto_i_calloc(T + 1, sizeof *E.pre);
    w = veto_i_calloc(T + 1, sizeof *w);
    if (level == NULL || E.arity == NULL || E.pre == NULL || w == NULL) {
        veto_i_free(level);
        goto done;
    }
    size_t t = 0;
    for (size_t i = 0; i < n; i++) {
        if (E.type_of[i] == i) {
            level[i] = t++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (E.type_of[i] != SIZE_MAX) {
            E.type_of[i] = level[E.type_of[i]];
            E.arity[E.type_of[i]] += 1;
        }
    }
    veto_i_free(level);
    E.T = T;
    double pre = 1;
    for (size_t l = 0; l < T; l++) {
        E.arity[l] += 1;
        E.pre[l] = pre;
        pre = cap(pre * E.arity[l]);
    }
    double build = 0;
    if (!bdd_widths(r, &E, w, &build)) {
        goto done;
    }
    double nodes = 0, edges = 0;
    for (size_t l = 0; l < T; l++) {
        nodes = cap(nodes + w[l]);
        edges = cap(edges + w[l] * E.arity[l]);
    }
    out->levels = T;
    out->nodes = nodes;
    out->edges = edges;
    out->build = build;
    out->ordered = types_chain(r, &E, count_leaves(r));
    ok = true;
done:
    veto_i_free(h);
    veto_i_free(pair);
    veto_i_free(E.type_of);
    veto_i_free(E.arity);
    veto_i_free(E.pre);
    veto_i_free(w);
    return ok;
}

double veto_i_bdd_work(const veto_i_rule_t *r, size_t n, unsigned need)
{
    veto_i_bdd_shape_t sh;
    if (!veto_i_bdd_shape(r, n, &sh)) {
        return INFINITY;
    }
    double T = (double)sh.levels, edges = sh.edges;
    /* words of a count (below 2^n) and of a count packed by size (n + 1
     * slots of n + 2 bits, half of them filled on average) */
    double plain = 1 + (double)n / 64;
    double packed = 1 + ((double)n + 1) * ((double)n + 2) / 128;
    double work = BDD_BUILD_WORDS * sh.build;
    if (need & VETO_I_NEED_PROPER) {
        work += BDD_PROPER_WORDS * sh.build;
    }
    if (need & (VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS | VETO_I_NEED_SSI)) {
        work += BDD_PLAIN_WORDS * edges * plain;
    }
    double passes = 0; /* packed passes */
    if (need & VETO_I_NEED_SSI) {
        passes += 1;
    }
    if (need & VETO_I_NEED_PLAYER) {
        passes += 1;
    }
    unsigned walk =
        need & (VETO_I_NEED_MWC | VETO_I_NEED_DPI | VETO_I_NEED_JOHNSTON);
    if (walk != 0 && sh.ordered) {
        /* the prefix walk: its packed Z and W values, the pairs' scalars
         * and the order check, about 4 packed passes for the minimal
         * winning counts and 4 more for Johnston (measured on the
         * composed fixture of test_plan.c: 8.3 and 7.9 s against 1.1 s
         * for one pass) */
        if (walk & (VETO_I_NEED_MWC | VETO_I_NEED_DPI)) {
            passes += 4;
        }
        if (walk & VETO_I_NEED_JOHNSTON) {
            passes += 4;
        }
    } else if (walk != 0) {
        if (walk & (VETO_I_NEED_MWC | VETO_I_NEED_DPI)) {
            work += BDD_MIN_WORDS * edges * T * plain; /* MIN(f), passes */
        }
        if (walk & VETO_I_NEED_JOHNSTON) {
            work += BDD_CRIT_WORDS * edges * T * T * plain; /* T CRIT_s */
        }
    }
    work += BDD_PACKED_WORDS * passes * edges * packed;
    return cap(work);
}

/* Monte Carlo's word operations per sample: every player's swing on one
 * coalition of a weighted game (O(n)); the ordering drawn as far as the
 * pivot for Shapley-Shubik; the rule tree's size and each occurrence's
 * path for a composed rule. Fitted on weighted games of 120 and 2,000
 * players (0.04 s and 0.76 s for Banzhaf and Shapley-Shubik at the
 * default precision) and the US federal system (537 players, 1.0 s). */
#define MC_WORDS_PER_STEP 50.0
#define MC_TREE_FACTOR 2.5

static double mc_per_sample(size_t n, size_t rsize, bool weighted, bool bz,
                            bool ssi, bool beliefs)
{
    double steps = 0;
    double per = weighted ? (double)n : (double)rsize + 2.0 * (double)n;
    if (bz) {
        steps += per;
    }
    if (ssi) {
        steps += weighted ? (double)n / 2 + 16
                          : (double)n + (double)rsize * log2((double)n + 2);
    }
    if (beliefs) {
        steps += per;
    }
    steps *= weighted ? 1.0 : MC_TREE_FACTOR;
    return MC_WORDS_PER_STEP * (steps > 0 ? steps : 1);
}

/* ---- the engine records --------------------------------------------------
 */

static uint64_t dp_bytes(const veto_i_job_t *j)
{
    return veto_i_dp_estimate(j->g, j->need & ~VETO_I_NEED_PLAYER);
}

static double dp_work(const veto_i_job_t *j, size_t *par)
{
    double w = 0;
    *par = 1;
    if ((j->need & ~VETO_I_NEED_PLAYER) != 0) {
        w = veto_i_dp_work(j->g, j->need & ~VETO_I_NEED_PLAYER, par);
    }
    if (j->need & VETO_I_NEED_PLAYER) {
        w += veto_i_dp_player_work(j->g);
    }
    return w;
}

static bool dp_takes_player(const veto_i_job_t *j)
{
    return j->g != NULL && veto_i_dp_player_fits(j->g);
}

static veto_status dp_counts(veto_i_counts_t *c, const veto_i_job_t *j,
                             uint64_t *nodes, const veto_i_ctx_t *ctx,
                             veto_error_t *err)
{
    (void)nodes;
    unsigned need = j->need & ~VETO_I_NEED_PLAYER;
    if (need != 0) {
        veto_status rc = veto_i_dp_counts(c, j->g, need, ctx, err);
        if (rc != VETO_OK) {
            return rc;
        }
    }
    if (j->need & VETO_I_NEED_PLAYER) {
        return veto_i_dp_player(c, j->g, ctx, err);
    }
    return VETO_OK;
}

static veto_status dp_beliefs(veto_i_beliefs_t *b, const veto_i_job_t *j,
                              const mpq_t *belief, bool exact,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    return veto_i_dp_beliefs(b, j->g, belief, exact, ctx, err);
}

static uint64_t enum_bytes(const veto_i_job_t *j)
{
    return j->n >= 61 ? UINT64_MAX : ((uint64_t)1 << j->n) / 8 + 4096;
}

static double enum_work(const veto_i_job_t *j, size_t *par)
{
    *par = 1;
    double w = 0;
    if ((j->need & ~VETO_I_NEED_PLAYER) != 0) {
        w = enum_cost(j->n, j->rsize) * ENUM_WORDS_PER_NODE;
    }
    if (j->need & VETO_I_NEED_PLAYER) {
        w += enum_player_cost(j->n, j->rsize) * ENUM_WORDS_PER_NODE;
    }
    return w;
}

static bool enum_takes_player(const veto_i_job_t *j)
{
    return j->n <= VETO_I_ENUM_PLAYER_MAX;
}

static veto_status enum_counts(veto_i_counts_t *c, const veto_i_job_t *j,
                               uint64_t *nodes, const veto_i_ctx_t *ctx,
                               veto_error_t *err)
{
    (void)nodes;
    unsigned need = j->need & ~VETO_I_NEED_PLAYER;
    if (need != 0) {
        veto_status rc = veto_i_enum_counts(c, j->rule, j->n, need, ctx, err);
        if (rc != VETO_OK) {
            return rc;
        }
    }
    if (j->need & VETO_I_NEED_PLAYER) {
        return veto_i_enum_player(c, j->rule, j->n, ctx, err);
    }
    return VETO_OK;
}

static veto_status enum_beliefs(veto_i_beliefs_t *b, const veto_i_job_t *j,
                                const mpq_t *belief, bool exact,
                                const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc =
        veto_i_enum_beliefs(b, j->rule, j->n, belief, exact, ctx, err);
    if (rc == VETO_ELIMIT || rc == VETO_EUNSUPPORTED) {
        /* Exact beliefs with many distinct values: the diagram takes any
         * number of them in one pass. */
        veto_i_beliefs_clear(b);
        veto_i_beliefs_init(b, j->n, exact);
        veto_error_clear(err);
        rc = veto_i_bdd_beliefs(b, j->rule, j->n, belief, exact, ctx, err);
    }
    return rc;
}

static double bdd_work(const veto_i_job_t *j, size_t *par)
{
    *par = 1;
    return veto_i_bdd_work(j->rule, j->n, j->need);
}

/* bdd's probe. What the estimate gets wrong is the size of the diagram
 * (random rules whose terms weigh the players independently 5 to 24
 * times under, the EU's rules 3 times over: bench/README.md), so the
 * probe builds the diagram itself, within BDD_PROBE_SHARE of the time
 * left, and prices the rest of the work (proper / strong, the passes)
 * by the edges it has instead of those predicted. The build is then
 * done: the plan keeps the diagram (keep->bdd) and the run counts on it.
 * A diagram still being built when the probe's time is up is given up:
 * its build alone takes more than that share of the time left, beyond
 * an estimate that put all of the work within it. Past the memory
 * budget, likewise. */
#define BDD_PROBE_SHARE 0.25

static veto_status bdd_calibrate(const veto_i_job_t *j, double spw, double left,
                                 double *secs, char *note, size_t cap,
                                 veto_i_plan_t *keep, const veto_i_ctx_t *ctx,
                                 veto_error_t *err)
{
    note[0] = '\0';
    veto_i_bdd_shape_t sh;
    if (!veto_i_bdd_shape(j->rule, j->n, &sh) || !(sh.edges > 0)) {
        return VETO_OK;
    }
    veto_i_bdd_probe_t pr;
    veto_i_plan_clear(keep);
    veto_status rc = veto_i_bdd_probe(
        &pr, j->rule, j->n, left * BDD_PROBE_SHARE, ctx, &keep->bdd, err);
    if (rc != VETO_OK) {
        return rc;
    }
    char took[32];
    veto_i_human_secs(took, sizeof took, pr.secs);
    if (!pr.done) {
        *secs = INFINITY;
        snprintf(note, cap,
                 "bdd's diagram was %s after a %s probe (%llu nodes, "
                 "%.0f predicted)",
                 pr.stopped == VETO_ELIMIT ? "over the memory budget"
                                           : "still growing",
                 took, (unsigned long long)pr.made, sh.nodes);
        return VETO_OK;
    }
    /* the build is done: what is left is the rest, by the edges made */
    double build = BDD_BUILD_WORDS * sh.build * spw;
    double rest = *secs > build ? *secs - build : 0;
    *secs = rest * (pr.edges / sh.edges);
    char est[32];
    veto_i_human_secs(est, sizeof est, *secs);
    snprintf(note, cap,
             "bdd would take an estimated %s (a probe built its %llu nodes "
             "in %s)",
             est, (unsigned long long)pr.nodes, took);
    return VETO_OK;
}

/* One player's swings by size: composed rules (after enum in the
 * table's order, so past its 24 players). Not a weighted game past dp's
 * table: its diagram is as large as that table (a level per distinct
 * weight, a node per partial sum), and explain would stall where it now
 * gives the swings without sizes. */
static bool bdd_takes_player(const veto_i_job_t *j)
{
    return j->rule != NULL && j->g == NULL;
}

static veto_status bdd_counts(veto_i_counts_t *c, const veto_i_job_t *j,
                              uint64_t *nodes, const veto_i_ctx_t *ctx,
                              veto_error_t *err)
{
    return veto_i_bdd_counts_built(c, j->bdd, j->rule, j->n, j->need, nodes,
                                   ctx, err);
}

static veto_status bdd_beliefs(veto_i_beliefs_t *b, const veto_i_job_t *j,
                               const mpq_t *belief, bool exact,
                               const veto_i_ctx_t *ctx, veto_error_t *err)
{
    return veto_i_bdd_beliefs(b, j->rule, j->n, belief, exact, ctx, err);
}

static double mc_work(const veto_i_job_t *j, size_t *par)
{
    /* per sample; the planner multiplies by the samples it plans */
    *par = SIZE_MAX;
    unsigned asked = j->indices;
    bool bz = (asked & (VETO_INDEX_BIT(VETO_IDX_BANZHAF) |
                        VETO_INDEX_BIT(VETO_IDX_BANZHAF_ABSOLUTE))) != 0;
    bool ssi = (asked & VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK)) != 0;
    return mc_per_sample(j->n, j->rsize, j->g != NULL, bz, ssi, false);
}

static const unsigned all_counts = VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS |
                                   VETO_I_NEED_SSI | VETO_I_NEED_MWC |
                                   VETO_I_NEED_DPI | VETO_I_NEED_JOHNSTON |
                                   VETO_I_NEED_PROPER;

/* In the order auto tries them under a time limit. */
static const veto_i_engine_t engines[] = {
    {.method = VETO_METHOD_DP,
     .name = "dp",
     .doing = "the generating function of the weights",
     .max_players = SIZE_MAX,
     .auto_max_players = SIZE_MAX,
     .ternary_max_players = SIZE_MAX,
     .weighted_only = true,
     .blocs = true,
     .exact = true,
     .indices = VETO_INDEX_ALL,
     .fills = all_counts | VETO_I_NEED_SIZES | VETO_I_NEED_PLAYER,
     .bytes = dp_bytes,
     .work = dp_work,
     .slack = 1,
     .takes_player = dp_takes_player,
     .player_order = 2,
     .counts = dp_counts,
     .beliefs = dp_beliefs,
     .ternary = veto_i_ternary_dp,
     .ternary_doing = "generating function of the term's signed sum"},
    {.method = VETO_METHOD_ENUM,
     .name = "enum",
     .doing = "enumerating all 2^%zu coalitions",
     .max_players = VETO_I_ENUM_MAX_N,
     .auto_max_players = 24,
     .ternary_max_players = VETO_I_TERNARY_ENUM_MAX,
     .blocs = true,
     .exact = true,
     .indices = VETO_INDEX_ALL,
     .fills = all_counts | VETO_I_NEED_PLAYER,
     .bytes = enum_bytes,
     .work = enum_work,
     .slack = 1,
     .takes_player = enum_takes_player,
     .player_order = 1,
     .counts = enum_counts,
     .beliefs = enum_beliefs,
     .ternary = veto_i_ternary_enum,
     .ternary_doing = "every one of the 3^%zu profiles"},
    {.method = VETO_METHOD_BDD,
     .name = "bdd",
     .doing = "a decision diagram over the %zu players",
     .max_players = SIZE_MAX,
     .auto_max_players = SIZE_MAX,
     .ternary_max_players = SIZE_MAX,
     .exact = true,
     .indices = VETO_INDEX_ALL,
     .fills = all_counts | VETO_I_NEED_PLAYER,
     .work = bdd_work,
     .slack = BDD_SLACK,
     .calibrate = bdd_calibrate,
     .takes_player = bdd_takes_player,
     .player_order = 3,
     .counts = bdd_counts,
     .beliefs = bdd_beliefs,
     .ternary = veto_i_ternary_bdd,
     .ternary_doing = "decision diagram with three branches per player"},
    {.method = VETO_METHOD_MC,
     .name = "mc",
     .doing = "sampling",
     .max_players = SIZE_MAX,
     .auto_max_players = SIZE_MAX,
     .ternary_max_players = SIZE_MAX,
     .blocs = true,
     .indices = VETO_INDEX_BIT(VETO_IDX_BANZHAF) |
                VETO_INDEX_BIT(VETO_IDX_BANZHAF_ABSOLUTE) |
                VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK),
     .work = mc_work,
     .slack = 1,
     .ternary_doing = "sampled three-valued profiles and roll calls"},
};

#define NENGINES (sizeof engines / sizeof engines[0])

const veto_i_engine_t *veto_i_engine(veto_method m)
{
    for (size_t k = 0; k < NENGINES; k++) {
        if (engines[k].method == m) {
            return &engines[k];
        }
    }
    return NULL;
}

unsigned veto_i_engine_indices(veto_method m)
{
    const veto_i_engine_t *e = veto_i_engine(m);
    return e != NULL ? e->indices : 0;
}

/* Can engine e take this job at all (its limits)? */
static bool takes(const veto_i_engine_t *e, const veto_i_job_t *j, bool by_auto)
{
    if (j->n > (by_auto ? e->auto_max_players : e->max_players)) {
        return false;
    }
    if (e->weighted_only && j->g == NULL) {
        return false;
    }
    if ((j->need & VETO_I_NEED_PLAYER) &&
        (e->takes_player == NULL || !e->takes_player(j))) {
        return false;
    }
    return (j->need & ~e->fills & ~VETO_I_NEED_SIZES) == 0;
}

veto_status veto_i_engine_counts(veto_i_counts_t *c, veto_method m,
                                 const veto_i_job_t *j, uint64_t *nodes,
                                 const veto_i_ctx_t *ctx, veto_error_t *err)
{
    const veto_i_engine_t *e = veto_i_engine(m);
    if (e == NULL || e->counts == NULL) {
        return veto_i_errorf(err, VETO_EUNSUPPORTED,
                             "this method does not count coalitions");
    }
    return e->counts(c, j, nodes, ctx, err);
}

veto_status veto_i_run_beliefs(veto_i_beliefs_t *b, veto_method m,
                               const veto_i_rule_t *rule,
                               const veto_i_wgame_t *g, size_t n,
                               const mpq_t *belief, bool exact,
                               const veto_i_ctx_t *ctx, veto_error_t *err)
{
    const veto_i_engine_t *e = veto_i_engine(m);
    if (e == NULL || e->beliefs == NULL) {
        return veto_i_errorf(err, VETO_EUNSUPPORTED,
                             "this method does not compute beliefs");
    }
    veto_i_job_t j = {.rule = rule, .g = g, .n = n};
    return e->beliefs(b, &j, belief, exact, ctx, err);
}

/* The most players of a weighted game auto gives to bdd when dp is over
 * the budget (see veto_i_plan). */
#define WEIGHTED_BDD_MAX_PLAYERS 40

/* ---- the planner ---------------------------------------------------------
 */

typedef veto_i_plan_t plan_t;

/* Seconds of e on job j at spw seconds per word operation, on the threads
 * that can share its work; INFINITY when it cannot take the job. */
static double engine_secs(const veto_i_engine_t *e, const veto_i_job_t *j,
                          double spw, unsigned threads)
{
    size_t par = 1;
    double w = e->work != NULL ? e->work(j, &par) : INFINITY;
    unsigned th = threads > 0 ? threads : 1;
    if (th > par) {
        th = (unsigned)par;
    }
    return w * spw / th;
}

/* Monte Carlo in the time left: the samples it plans (ctx->samples, else
 * from epsilon and confidence) and, when they do not fit, the half-width
 * the samples that do fit reach (Hoeffding at the level Monte Carlo uses
 * when it may stop at the deadline: Bonferroni over the estimates and the
 * checkpoints). Appends the phrase to the reason. */
static void mc_reach(plan_t *p, const veto_i_job_t *j, double spw,
                     const veto_i_ctx_t *ctx, double left)
{
    const veto_i_engine_t *mc = veto_i_engine(VETO_METHOD_MC);
    size_t par = 1;
    double per = mc->work(j, &par) * spw;
    unsigned th = ctx->threads > 0 ? ctx->threads : 1;
    unsigned asked = j->indices;
    bool bz = (asked & (VETO_INDEX_BIT(VETO_IDX_BANZHAF) |
                        VETO_INDEX_BIT(VETO_IDX_BANZHAF_ABSOLUTE))) != 0;
    bool ssi = (asked & VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK)) != 0;
    size_t nest = (bz ? j->n + 1 : 0) + (ssi ? j->n : 0);
    nest = nest > 0 ? nest : 1;
    double eps = ctx->epsilon > 0 && ctx->epsilon < 1 ? ctx->epsilon : 0.01;
    double conf =
        ctx->confidence > 0 && ctx->confidence < 1 ? ctx->confidence : 0.999;
    double N = ctx->samples > 0
                   ? (double)ctx->samples
                   : (double)veto_i_mc_samples_for(nest, eps, conf);
    double fit = left > 0 && per > 0 ? left / per * th : 0;
    size_t len = strlen(p->reason);
    if (fit >= N) {
        char t[32];
        veto_i_human_secs(t, sizeof t, N * per / th);
        snprintf(p->reason + len, sizeof p->reason - len,
                 " (%.0f samples, about %s)", N, t);
        return;
    }
    if (fit < 1024) {
        snprintf(p->reason + len, sizeof p->reason - len,
                 " (fewer than one block of samples fits)");
        return;
    }
    double K = 2 + log2(N / 1024 > 1 ? N / 1024 : 1);
    double level = log(2.0 * (double)nest * K) - log(1 - conf);
    double hw = sqrt(level / (2 * fit));
    snprintf(p->reason + len, sizeof p->reason - len,
             " (about %.2g of %.2g samples fit: intervals near +/-%.2g)", fit,
             N, hw);
}

/* p->reason from a format; a reason too long for it is cut (it is
 * written for people, and the engine line quotes it whole when it fits). */
static void reason_set(plan_t *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->reason, sizeof p->reason, fmt, ap);
    va_end(ap);
}

/* e's estimate for job j under the deadline: the record's at the probe's
 * speed and, when that fits the time left and e has a probe of its own,
 * the estimate that probe gives (note: what it found, "" if nothing).
 * *left is brought up to date after the probe. */
static veto_status timed_secs(double *secs, double *left, char *note,
                              size_t cap, plan_t *p, const veto_i_engine_t *e,
                              const veto_i_job_t *j, double spw,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    note[0] = '\0';
    *secs = engine_secs(e, j, spw, ctx->threads);
    /* an engine whose estimate is an upper bound (its slack) is given up
     * only when even the bound divided by the slack does not fit */
    if (e->calibrate == NULL || !(*secs <= *left * e->slack)) {
        return VETO_OK;
    }
    veto_status rc = e->calibrate(j, spw, *left, secs, note, cap, p, ctx, err);
    *left = ctx->deadline - veto_i_ctx_now(ctx);
    if (rc != VETO_OK || !(*secs <= *left)) {
        veto_i_plan_clear(p); /* not this engine: nothing to keep */
    }
    return rc;
}

/* With a deadline: keep p's engine (chosen by memory) when its estimate
 * at the speed a probe measures now fits the time left, with the reason
 * it had, so that the output does not depend on the machine's speed then;
 * else the first other exact engine of the table that takes the job, fits
 * the memory budget and the time; else Monte Carlo when it may and can
 * give what is asked (the caller's run stops it at the deadline), with the
 * interval it can reach; else VETO_ETIMEOUT before anything runs, naming
 * the first engine's estimate. An engine with a probe of its own (bdd:
 * its diagram built within a share of the time left) is judged by the
 * estimate its probe gives. */
static veto_status plan_in_time(plan_t *p, const veto_i_job_t *j, bool allow_mc,
                                const veto_i_ctx_t *ctx, veto_error_t *err)
{
    const veto_i_engine_t *first = veto_i_engine(p->method);
    double spw = veto_i_dp_probe(ctx);
    double left = ctx->deadline - veto_i_ctx_now(ctx);
    double secs;
    char claim[160], note[160];
    veto_status rc =
        timed_secs(&secs, &left, note, sizeof note, p, first, j, spw, ctx, err);
    if (rc != VETO_OK) {
        return rc;
    }
    char est[48], have[32];
    veto_i_human_secs(est, sizeof est, secs);
    veto_i_human_secs(have, sizeof have, left > 0 ? left : 0);
    if (note[0] != '\0') {
        snprintf(claim, sizeof claim, "%s", note);
    } else {
        snprintf(claim, sizeof claim, "%s would take an estimated %s",
                 first->name, est);
    }
    bool fits = first->calibrate != NULL && note[0] != '\0'
                    ? secs <= left
                    : secs <= left * first->slack;
    if (fits) {
        return VETO_OK;
    }
    if (!isfinite(secs)) {
        /* for the hint: at least the time that was left */
        snprintf(est, sizeof est, "more than %s", have);
    }
    for (size_t k = 0; k < NENGINES; k++) {
        const veto_i_engine_t *e = &engines[k];
        if (e == first || !e->exact || !takes(e, j, true)) {
            continue;
        }
        uint64_t bytes = e->bytes != NULL ? e->bytes(j) : 0;
        if (ctx->max_memory != 0 && bytes > ctx->max_memory) {
            continue;
        }
        double s;
        char enote[160];
        rc = timed_secs(&s, &left, enote, sizeof enote, p, e, j, spw, ctx, err);
        if (rc != VETO_OK) {
            return rc;
        }
        if (s <= left) {
            char e2[32], doing[96];
            veto_i_human_secs(e2, sizeof e2, s);
            veto_i_human_secs(have, sizeof have, left > 0 ? left : 0);
            snprintf(doing, sizeof doing, e->doing, j->n);
            p->method = e->method;
            reason_set(p, "%s, %s %s, within the %s left of the time limit",
                       claim, doing, e2, have);
            return VETO_OK;
        }
    }
    veto_i_human_secs(have, sizeof have, left > 0 ? left : 0);
    unsigned mc = veto_i_engine_indices(VETO_METHOD_MC);
    const veto_options_t *opt = j->opt;
    if (allow_mc && !(j->need & VETO_I_NEED_PLAYER) &&
        (opt->indices == 0 || (opt->indices & ~mc) == 0)) {
        p->method = VETO_METHOD_MC;
        reason_set(p,
                   isfinite(secs) ? "%s, more than the %s left of the time "
                                    "limit; estimated instead"
                                  : "%s, so it would not finish in the %s "
                                    "left of the time limit; estimated instead",
                   claim, have);
        mc_reach(p, j, spw, ctx, left);
        return VETO_OK;
    }
    veto_i_errorf(err, VETO_ETIMEOUT,
                  "no engine can finish within the time limit: %s (%s "
                  "left), and %s",
                  claim, have,
                  allow_mc ? "Monte Carlo cannot estimate the indices asked "
                             "for"
                           : "the counts asked for must be exact");
    veto_i_error_hint_code(err, VETO_HINT_TIMEOUT, first->name, est,
                           allow_mc ? NULL : "exact");
    return VETO_ETIMEOUT;
}

void veto_i_plan_clear(veto_i_plan_t *p)
{
    veto_i_bdd_built_free(p->bdd);
    p->bdd = NULL;
}

veto_status veto_i_plan(veto_i_plan_t *p, const veto_i_plan_req_t *q,
                        const veto_i_ctx_t *ctx, veto_error_t *err)
{
    p->bdd = NULL;
    const veto_options_t *opt = q->opt;
    size_t n = q->n;
    bool weighted = q->weighted;
    veto_i_job_t j = {.rule = q->rule,
                      .g = weighted ? q->g : NULL,
                      .n = n,
                      .rsize = veto_i_rule_size(q->rule),
                      .need = q->need,
                      .indices =
                          opt->indices != 0 ? opt->indices : VETO_INDEX_ALL,
                      .opt = opt};
    veto_method method = opt->method;
    const veto_i_engine_t *named = veto_i_engine(method);
    if (q->lenient && named != NULL &&
        (!named->exact || !takes(named, &j, false))) {
        method = VETO_METHOD_AUTO;
        named = NULL;
    }
    if (named != NULL) {
        if (n > named->max_players) {
            veto_i_errorf(err, VETO_EUNSUPPORTED,
                          "--method %s takes at most %zu players; this "
                          "model has %zu",
                          named->name, named->max_players, n);
            veto_i_error_hint_code(err, VETO_HINT_OTHER_METHOD, named->name,
                                   weighted ? "dp, auto" : "bdd, auto", NULL);
            return VETO_EUNSUPPORTED;
        }
        if (named->weighted_only && !weighted) {
            veto_i_errorf(err, VETO_EUNSUPPORTED,
                          "--method %s needs a weighted game (one threshold "
                          "term), and this rule is composed of several",
                          named->name);
            veto_i_error_hint_code(err, VETO_HINT_OTHER_METHOD, named->name,
                                   "bdd, auto", NULL);
            return VETO_EUNSUPPORTED;
        }
        p->method = method;
        snprintf(p->reason, sizeof p->reason, "asked for with --method %s",
                 named->name);
        return VETO_OK;
    }
    bool timed = ctx->deadline > 0 && (!q->lenient || q->timed);
    if (weighted) {
        uint64_t est = dp_bytes(&j);
        char size[32];
        human_bytes(size, sizeof size, est);
        if (ctx->max_memory == 0 || est <= ctx->max_memory) {
            p->method = VETO_METHOD_DP;
            snprintf(p->reason, sizeof p->reason,
                     "the rule is one weighted threshold; dp needs an "
                     "estimated %s",
                     size);
        } else if (n <= 24) {
            p->method = VETO_METHOD_ENUM;
            snprintf(p->reason, sizeof p->reason,
                     "weighted, but dp would need %s, over the budget; "
                     "%zu players can be enumerated",
                     size, n);
        } else if (n <= WEIGHTED_BDD_MAX_PLAYERS || q->lenient) {
            /* A threshold's diagram has at most min(2^i, 2^(n-i)) nodes
             * at level i (a node is a set of the first i players' sums,
             * and a residual game of the last n - i players), so at most
             * 2^(n/2 + 2) in all: about 4 million at 40 players, built in
             * seconds. Past the budget it stops, and auto estimates
             * instead (analyse.c). */
            p->method = VETO_METHOD_BDD;
            snprintf(p->reason, sizeof p->reason,
                     "weighted, but dp would need %s, over the budget; a "
                     "decision diagram over %zu players has at most "
                     "2^%zu nodes",
                     size, n, n / 2 + 2);
        } else {
            p->method = VETO_METHOD_MC;
            snprintf(p->reason, sizeof p->reason,
                     "the exact dp would need %s, over the memory budget",
                     size);
            return VETO_OK;
        }
    } else if (n <= 16 || (n <= 20 && enum_cost(n, j.rsize) < 4e7)) {
        p->method = VETO_METHOD_ENUM;
        snprintf(p->reason, sizeof p->reason,
                 "a composed rule over %zu players: enumerating all 2^%zu "
                 "coalitions is cheapest",
                 n, n);
    } else {
        p->method = VETO_METHOD_BDD;
        snprintf(p->reason, sizeof p->reason,
                 "a composed rule (a tree of %zu and/or/k-of and threshold "
                 "nodes) over %zu players: decision diagram",
                 j.rsize, n);
    }
    if (timed) {
        return plan_in_time(p, &j, !q->lenient, ctx, err);
    }
    return VETO_OK;
}

veto_status veto_i_plan_engine(veto_i_plan_t *p, const veto_options_t *opt,
                               size_t n, const veto_i_rule_t *rule,
                               bool weighted, const veto_i_wgame_t *g,
                               unsigned need, bool lenient,
                               const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_i_plan_req_t q = {.opt = opt,
                           .n = n,
                           .rule = rule,
                           .weighted = weighted,
                           .g = g,
                           .need = need,
                           .lenient = lenient};
    return veto_i_plan(p, &q, ctx, err);
}

veto_status veto_i_plan_player(veto_i_plan_t *p, const veto_i_plan_req_t *q,
                               const veto_i_ctx_t *ctx, veto_error_t *err)
{
    p->bdd = NULL;
    veto_i_job_t j = {.rule = q->rule,
                      .g = q->weighted ? q->g : NULL,
                      .n = q->n,
                      .rsize = veto_i_rule_size(q->rule),
                      .need = VETO_I_NEED_PLAYER,
                      .indices = VETO_INDEX_ALL,
                      .opt = q->opt};
    /* the engine of lowest player_order that takes the request:
     * enumeration first, whose example (the first smallest swing in
     * Gray-code order) is the one explain has always shown */
    const veto_i_engine_t *best = NULL;
    for (size_t k = 0; k < NENGINES; k++) {
        const veto_i_engine_t *e = &engines[k];
        if (e->player_order > 0 && takes(e, &j, false) &&
            (best == NULL || e->player_order < best->player_order)) {
            best = e;
        }
    }
    if (best == NULL) {
        p->method = VETO_METHOD_AUTO; /* no engine: not counted */
        p->reason[0] = '\0';
        return VETO_OK;
    }
    p->method = best->method;
    snprintf(p->reason, sizeof p->reason, "one player's swings by size");
    if (ctx->deadline > 0) {
        const veto_i_engine_t *e = best;
        double spw = veto_i_dp_probe(ctx);
        double left = ctx->deadline - veto_i_ctx_now(ctx);
        double s = engine_secs(e, &j, spw, ctx->threads);
        if (s > left) {
            char est[32], have[32];
            veto_i_human_secs(est, sizeof est, s);
            veto_i_human_secs(have, sizeof have, left > 0 ? left : 0);
            veto_i_errorf(err, VETO_ETIMEOUT,
                          "no engine can finish within the time limit: "
                          "%s would take an estimated %s (%s left) for one "
                          "player's swings by size",
                          e->name, est, have);
            veto_i_error_hint_code(err, VETO_HINT_TIMEOUT, e->name, est,
                                   "exact");
            return VETO_ETIMEOUT;
        }
    }
    return VETO_OK;
}

/* ---- three-valued rules --------------------------------------------------
 */

/* The engine for a three-valued rule: as asked, or by cost. enum walks
 * 3^n profiles (each costing the rule's size plus n per belief); bdd's
 * cost is the size of its diagram, which for the rules met in practice is
 * far below that from about 11 players on. */
veto_status veto_i_plan_ternary(veto_method *method, char *reason, size_t cap,
                                const veto_options_t *opt,
                                const veto_i_rule_t *rule, size_t n,
                                veto_error_t *err)
{
    const veto_i_engine_t *named = veto_i_engine(opt->method);
    if (named != NULL) {
        if (n > named->ternary_max_players) {
            veto_i_errorf(err, VETO_EUNSUPPORTED,
                          "--method %s takes at most %zu players of a "
                          "three-valued model (3^n profiles); this model "
                          "has %zu",
                          named->name, named->ternary_max_players, n);
            veto_i_error_hint_code(err, VETO_HINT_OTHER_METHOD, named->name,
                                   "bdd, auto", NULL);
            return VETO_EUNSUPPORTED;
        }
        if (named->weighted_only && rule->kind != VETO_I_R_TERM) {
            veto_i_errorf(err, VETO_EUNSUPPORTED,
                          "--method %s takes a three-valued rule that is one "
                          "threshold (count, an attribute sum, at least "
                          "abstain, or F of voting); this rule is %s",
                          named->name,
                          rule->kind == VETO_I_R_KOF ? "composed of several"
                                                     : "a constant");
            veto_i_error_hint_code(err, VETO_HINT_OTHER_METHOD, named->name,
                                   "bdd, auto", NULL);
            return VETO_EUNSUPPORTED;
        }
        *method = named->method;
        snprintf(reason, cap, "asked for with --method %s: ", named->name);
        size_t len = strlen(reason);
        snprintf(reason + len, cap - len, named->ternary_doing, n);
        return VETO_OK;
    }
    unsigned want = opt->indices != 0 ? opt->indices : VETO_INDEX_ALL;
    bool ss = (want & VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK)) != 0;
    double cost = (double)veto_i_rule_size(rule) + 2.0 * (double)n;
    for (size_t i = 0; i < n && cost < 1e30; i++) {
        cost *= 3.0;
    }
    if (n <= 10 || cost < 2e5) {
        *method = VETO_METHOD_ENUM;
        snprintf(reason, cap,
                 "three-valued votes: every one of the 3^%zu profiles", n);
    } else if (rule->kind == VETO_I_R_TERM && (!ss || n > 60)) {
        /* dp's cost is linear in the range of the sum, bdd's in its
         * (possibly much larger) diagram; dp has no roll-call index */
        *method = VETO_METHOD_DP;
        snprintf(reason, cap,
                 "three-valued votes, one threshold over %zu players: "
                 "generating function of its signed sum%s",
                 n, ss ? " (no roll-call index; --method bdd gives it)" : "");
    } else {
        *method = VETO_METHOD_BDD;
        snprintf(reason, cap,
                 "three-valued votes: a decision diagram with three "
                 "branches per player (3^%zu profiles are too many to walk)",
                 n);
    }
    return VETO_OK;
}

/* ---- veto_plan -------------------------------------------------------------
 */

/* Seconds of dp for `need` at the nominal speed, on the threads that can
 * share its primes. */
static double dp_nominal(const veto_i_wgame_t *g, unsigned need,
                         unsigned threads)
{
    veto_i_job_t j = {.g = g, .n = g->n, .need = need};
    return engine_secs(veto_i_engine(VETO_METHOD_DP), &j,
                       1.0 / VETO_NOMINAL_SPEED, threads);
}

veto_status veto_plan(veto_plan_info_t *out, const veto_model_t *model,
                      const veto_options_t *options, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_rule_t *rule = NULL;
    veto_i_wgame_t g;
    memset(&g, 0, sizeof g);
    bool weighted = false;
    veto_options_t defaults;
    VETO_I_ERR_SCRATCH();
    VETO_I_NONNULL(out);
    VETO_I_NONNULL(model);
    memset(out, 0, sizeof *out);
    out->costliest = -1;
    if ((rc = veto_i_check_options(options, __func__, err)) != VETO_OK) {
        return rc;
    }
    if (options == NULL) {
        veto_options_init(&defaults);
        options = &defaults;
    }
    VETO_TRY(veto_i_rule_build(&rule, model, err));
    size_t n = model->n;
    weighted = veto_i_rule_weighted(&g, rule, n, &rc);
    if (rc != VETO_OK) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    veto_i_ctx_t ctx;
    veto_i_ctx_from_options(&ctx, options);
    ctx.deadline = 0; /* no probe */
    unsigned indices =
        options->indices != 0 ? options->indices : VETO_INDEX_ALL;
    unsigned need = veto_i_index_needs(indices) | VETO_I_NEED_PROPER;
    plan_t plan;
    VETO_TRY(veto_i_plan_engine(&plan, options, n, rule, weighted, &g, need,
                                false, &ctx, err));
    veto_i_plan_clear(&plan); /* no deadline, no probe: holds nothing */
    out->method = plan.method;
    snprintf(out->reason, sizeof out->reason, "%s", plan.reason);
    unsigned mc = veto_i_engine_indices(VETO_METHOD_MC);
    out->mc_can = (indices & ~mc) == 0 || options->indices == 0;
    if (plan.method == VETO_METHOD_DP) {
        out->seconds = dp_nominal(&g, need, ctx.threads);
        double most = 0;
        for (int k = 0; k < VETO_NINDEX; k++) {
            if (!(indices & VETO_INDEX_BIT(k))) {
                continue;
            }
            unsigned nk = veto_i_index_needs(VETO_INDEX_BIT(k));
            double s = nk != 0 ? dp_nominal(&g, nk, ctx.threads) : 0;
            if (s > most) {
                most = s;
                out->costliest = k;
            }
        }
    } else if (plan.method == VETO_METHOD_ENUM) {
        out->seconds = enum_cost(n, veto_i_rule_size(rule)) *
                       ENUM_WORDS_PER_NODE / VETO_NOMINAL_SPEED;
    }
cleanup:
    if (weighted) {
        veto_i_wgame_clear(&g);
    }
    veto_i_rule_free(rule);
    return rc;
}
