/*
 * mc_i.h: what the files of the Monte Carlo engine share (src/sample/mc.h
 * is the module's interface; this header is not included outside
 * src/sample). The engine's files:
 * - mc.c: the run (blocks, checkpoints, threads, ranks, the estimates);
 * - mc_flat.c: the flattened rule tree: building, evaluating, sampling;
 * - mc_fast.c: the weighted fast path: building and sampling;
 * - mc_blocs.c: belief thresholds and blocs (p ~ Beta(a, b) per sample);
 * - mc_work.c: the per-thread workspaces;
 * - mc_interval.c: the Chernoff intervals and the sample count;
 * - mc_size.c: the layout of the counts and the memory plan.
 *
 * Two representations of the rule, both read-only while sampling:
 * - wfast: a weighted game with 64-bit weights, players of positive weight
 *   sorted by decreasing weight, so that the players who swing on a sampled
 *   coalition are a prefix of that order (a member swings iff its weight
 *   exceeds sum - quota; a non-member iff its weight reaches quota - sum);
 * - flat: a rule tree flattened in post-order (children before parents)
 *   with term sums and k-of counters, so that flipping one player's vote
 *   re-evaluates only the paths from its terms to the root.
 * Each thread owns a workspace. Counts are kept by slot (a player's place in
 * the weighted order, or among the players the rule mentions): with several
 * threads the first `hot` slots of each kind are counted in the thread's
 * own array (in a weighted game the heavy players, who swing most, come
 * first) and the rest with atomic adds on the shared counts, so that the
 * memory per thread stays bounded. Integer addition commutes: the result is
 * the same either way.
 */
#ifndef VETO_SAMPLE_MC_I_H
#define VETO_SAMPLE_MC_I_H

#include "mc.h"

#include "rng.h"

#include <stdbool.h>
#include <stdint.h>

#define NONE SIZE_MAX

/* Stream ids: each kind of estimate has its own stream per block, so that
 * an estimate does not change when another kind is asked for too. */
enum { STREAM_BZ = 0, STREAM_SSI = 1, STREAM_BELIEF = 2 };

/* Private counts per thread, at most (beyond: atomic adds). */
#define HOT_BYTES (UINT64_C(1) << 20)

/* Weighted Shapley-Shubik with more players than this draws orderings by
 * arrival buckets (see mc_wsample_ssi_buckets), not by Fisher-Yates; below, the
 * permutation array stays in cache and Fisher-Yates is faster. */
#define BUCKET_MIN_M (UINT64_C(1) << 18)
#define NBUCKET ((size_t)1 << 16) /* 16-bit arrival buckets */

/* Kinds of per-player counts. */
enum { SEC_BZ = 0, SEC_SSI = 1, SEC_DEC = 2, NSEC = 3 };

/* ---- the flattened rule tree ------------------------------------------ */

enum { F_FALSE, F_TRUE, F_TERM, F_KOF };

typedef struct flat {
    size_t n;
    size_t nnodes; /* >= 1; the root is nnodes - 1 (post-order) */
    unsigned char *kind;
    size_t *parent; /* NONE at the root */
    size_t *k;      /* KOF threshold */
    size_t *cstart; /* [nnodes + 1]: children of v are child[cstart[v]..) */
    size_t *child;
    size_t *tstart; /* [nnodes + 1]: term v is tplayer/tw[tstart[v]..) */
    size_t *tplayer;
    size_t nocc;
    bool wide;      /* some term total does not fit: GMP sums */
    uint64_t *tw;   /* [nocc] word weights */
    uint64_t *tq;   /* [nnodes] word quotas, clamped to total + 1 */
    mpz_t *twz;     /* [nocc] when wide */
    mpz_t *tqz;     /* [nnodes] when wide */
    size_t zbits;   /* bits enough for any term total (wide) */
    size_t *ostart; /* [n + 1]: occurrences of player i: onode/oidx[..) */
    size_t *onode;
    size_t *oidx;
    size_t nment; /* players the rule mentions, increasing */
    size_t *ment;
} flat_t;

/* ---- the weighted fast path ------------------------------------------- */

typedef struct wentry {
    uint64_t w; /* > 0 */
    size_t i;   /* the player */
} wentry_t;

typedef struct wfast {
    size_t m;    /* players of positive weight */
    wentry_t *e; /* [m] by decreasing weight, then increasing player */
    /* [m] e[j].w alone, which the per-sample sum streams through: in 32
     * bits when every weight fits (half the memory traffic), else 64 */
    uint32_t *w32;
    uint64_t *w;
    uint64_t q;     /* quota (> total: never; 0: always) */
    uint64_t total; /* <= UINT64_MAX - 1 */
} wfast_t;

/* ---- what every thread reads ------------------------------------------ */

typedef struct plan {
    size_t n;
    bool bz, ssi, bel;
    bool weighted; /* wf, else fl */
    const wfast_t *wf;
    const flat_t *fl;
    uint64_t *bthr;   /* belief thresholds: [wf->m] sorted, or [fl->nment] */
    bool ssi_defined; /* the empty coalition loses and the full one wins */
    uint64_t seed, samples, block;
    size_t off_bz, off_win, off_ssi, off_act, off_dec, off_fail, len;
    size_t off_sec[NSEC]; /* off_bz, off_ssi, off_dec */
    size_t hot;           /* slots counted privately per thread and kind */
    bool anytime;         /* checkpoints: may stop at the deadline */
    /* blocs (issue 11): the bloc of each sampled slot (SIZE_MAX: none) */
    size_t nbloc;
    const double *bloc_a, *bloc_b;
    size_t *bslot; /* [m] */
} plan_t;

typedef struct arrival {
    uint64_t key;
    size_t slot;
} arrival_t;

typedef struct logent {
    size_t node;
    size_t cnt;
    unsigned char val;
} logent_t;

typedef struct work {
    veto_i_rng_t rng;
    uint64_t *thr;     /* [m] this sample's belief thresholds (blocs) */
    double *bp;        /* [nbloc] this sample's bloc probabilities */
    unsigned char *in; /* [n] votes (general path) */
    size_t *perm;      /* [m] */
    uint64_t *bits;    /* [ceil(m/64)] (weighted path) */
    uint64_t *bsum;    /* [NBUCKET] weight per arrival bucket */
    uint32_t *bcnt;    /* [NBUCKET] players per arrival bucket */
    arrival_t *coll;   /* [cap] the players of the pivotal bucket */
    size_t cap;
    uint64_t *sum; /* [nnodes] */
    mpz_t *sumz;   /* [nz] when wide */
    size_t nz;     /* GMP numbers initialised in sumz */
    mpz_t tmp;
    bool zinit;
    unsigned char *val; /* [nnodes] */
    size_t *cnt;        /* [nnodes] */
    uint64_t *stamp;    /* [nnodes]: node logged in flip number stamp */
    uint64_t flips;
    logent_t *log;     /* [nnodes] */
    uint64_t *hot;     /* [NSEC * plan.hot] private counts by slot */
    uint64_t win, act; /* private counts of winning draws */
    uint64_t *shared;  /* the shared counts, by player */
    bool atomic;       /* other threads add to shared too */
} work_t;

/* Count one event of kind sec for the player in slot `slot`. */
static inline void tally(const plan_t *P, work_t *w, int sec, size_t slot,
                         size_t player)
{
    if (slot < P->hot) {
        w->hot[(size_t)sec * P->hot + slot]++;
    } else if (w->atomic) {
        __atomic_fetch_add(&w->shared[P->off_sec[sec] + player], 1,
                           __ATOMIC_RELAXED);
    } else {
        w->shared[P->off_sec[sec] + player]++;
    }
}

/* Yes with probability thr / 2^64; thr = UINT64_MAX stands for 1. */
static inline unsigned char bernoulli(veto_i_rng_t *rng, uint64_t thr)
{
    return veto_i_rng_u64(rng) < thr || thr == UINT64_MAX;
}

/* ---- building the flat rule (mc_flat.c) -------------------------------- */

typedef struct shape {
    size_t nodes, children, occ, depth;
} shape_t;

/* Does 0 <= z < 2^64 hold? */
bool mc_z_fits_u64(const mpz_t z);
/* z as uint64_t, for 0 <= z < 2^64 (also where long has 32 bits). */
uint64_t mc_z_u64(const mpz_t z);
/* Count the tree and check it: player indices < n and strictly increasing
 * in a term, weights and quotas >= 0. Recursion depth = rule depth (the
 * model caps nesting). */
veto_status mc_rule_shape(shape_t *s, const veto_i_rule_t *r, size_t n,
                          size_t depth, veto_error_t *err);
/* Does every term's total fit below UINT64_MAX? Also the largest total's
 * size in bits. */
bool mc_rule_fits(const veto_i_rule_t *r, size_t *maxbits, mpz_t total);
void mc_flat_clear(flat_t *f);
/* Flatten r (already checked by mc_rule_shape into s). O(size + n). */
veto_status mc_flat_build(flat_t *f, const veto_i_rule_t *r, size_t n,
                          const shape_t *s, veto_error_t *err);
/* A rule tree for the weighted game g (the players of positive weight in
 * one term), for when g's total does not fit in 64 bits and no tree was
 * given. Deep copies of the weights: only in that rare case. */
veto_status mc_rule_from_wgame(veto_i_rule_t *t, const veto_i_wgame_t *g,
                               veto_error_t *err);
void mc_rule_from_wgame_clear(veto_i_rule_t *t);
/* Value of every node on the votes w->in (0/1). O(size). */
bool mc_eval_full(const flat_t *f, work_t *w);
/* Rule tree: draw the votes of the mentioned players (uniform, or by
 * beliefs), count a win and every mentioned player's swing. */
void mc_gsample_swings(const plan_t *P, work_t *w, bool beliefs);
/* Rule tree: a random ordering of the mentioned players (the others never
 * pivot and do not change who does); the pivot by binary search for the
 * shortest winning prefix (monotone rule; the empty prefix loses and the
 * full one wins). Votes are all 0 on entry and on return.
 * O(m + size log m): moving between the prefixes the search visits costs
 * O(m) in all. */
void mc_gsample_ssi(const plan_t *P, work_t *w);

/* ---- the weighted fast path (mc_fast.c) -------------------------------- */

/* Check g; true when its total weight is at most UINT64_MAX - 1. */
veto_status mc_wgame_check(bool *fits, const veto_i_wgame_t *g, size_t n,
                           veto_error_t *err);
void mc_wfast_clear(wfast_t *wf);
/* O(n log n) time, 24 bytes a player of positive weight. g checked by
 * mc_wgame_check and fits. */
veto_status mc_wfast_build(wfast_t *wf, const veto_i_wgame_t *g,
                           veto_error_t *err);
/* Weighted game: draw a coalition (uniform, or by beliefs), count a win
 * and every player's swing. O(m). */
void mc_wsample_swings(const plan_t *P, work_t *w, bool beliefs);
/* Weighted game: a random ordering drawn only up to its pivot (partial
 * Fisher-Yates on the block's running arrangement: from any arrangement
 * the picks are a uniform random sequence), the pivot found by the prefix
 * sum. Needs 0 < q <= total. O(position of the pivot). */
void mc_wsample_ssi(const plan_t *P, work_t *w);
/* Weighted game with many players (mc_use_buckets): orderings by arrival
 * buckets; see mc_fast.c. Needs 0 < q <= total. O(m) time, sequential. */
void mc_wsample_ssi_buckets(const plan_t *P, work_t *w);

/* ---- beliefs and blocs (mc_blocs.c) ------------------------------------ */

/* The threshold t with P(u < t) = p for a uniform 64-bit u (UINT64_MAX
 * stands for 1). */
uint64_t mc_belief_threshold(double p);
/* Every bloc's p for this sample, then its members' thresholds. */
void mc_draw_blocs(const plan_t *P, work_t *w);

/* ---- workspaces (mc_work.c) -------------------------------------------- */

void mc_work_clear(work_t *w);
/* Does Shapley-Shubik on a weighted game of m players draw its orderings by
 * arrival buckets? */
bool mc_use_buckets(size_t m);
/* Bytes of one workspace (saturating); the same sizes as mc_work_init. */
uint64_t mc_work_bytes(bool weighted, size_t n, size_t m, size_t nnodes,
                       bool wide, size_t zbits);
veto_status mc_work_init(work_t *w, const plan_t *P, veto_error_t *err);

/* ---- sizes (mc_size.c) -------------------------------------------------- */

/* The offsets of each kind of count in the sums, and their length. */
void mc_estimate_layout(plan_t *P, size_t n);

typedef struct sizing {
    bool weighted; /* the wfast path */
    bool wide;     /* GMP term sums */
    size_t hot;    /* slots counted privately, per thread and kind */
    shape_t shape;
    size_t m; /* players sampled: positive weight, or mentioned */
    size_t zbits;
    uint64_t bytes; /* everything veto_i_mc_run allocates, saturating */
} sizing_t;

/* Decide the path and size everything before allocating: the
 * representation, belief thresholds, workspaces, counts and outputs. r may
 * be NULL when g is given (g's single term is then used). O(size of r + n)
 * time, no allocation. Errors: those of mc_wgame_check and mc_rule_shape. */
veto_status mc_plan_size(sizing_t *z, const veto_i_rule_t *r,
                         const veto_i_wgame_t *g, const plan_t *P,
                         unsigned threads, veto_error_t *err);

#endif /* VETO_SAMPLE_MC_I_H */
