/*
 * mc.c: the Monte Carlo engine (see mc.h for the contract and the bound).
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
#include "mc.h"

#include "rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#define NONE SIZE_MAX

/* Stream ids: each kind of estimate has its own stream per block, so that
 * an estimate does not change when another kind is asked for too. */
enum { STREAM_BZ = 0, STREAM_SSI = 1, STREAM_BELIEF = 2 };

/* Private counts per thread, at most (beyond: atomic adds). */
#define HOT_BYTES (UINT64_C(1) << 20)

/* Weighted Shapley-Shubik with more players than this draws orderings by
 * arrival buckets (see wsample_ssi_buckets), not by Fisher-Yates; below, the
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
    uint64_t *thr; /* [m] this sample's belief thresholds (blocs) */
    double *bp;    /* [nbloc] this sample's bloc probabilities */
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

/* ---- building the flat rule ------------------------------------------- */

/* Does 0 <= z < 2^64 hold? */
static bool z_fits_u64(const mpz_t z)
{
    return mpz_sgn(z) >= 0 && mpz_sizeinbase(z, 2) <= 64;
}

/* z as uint64_t, for 0 <= z < 2^64 (also where long has 32 bits). */
static uint64_t z_u64(const mpz_t z)
{
    uint64_t v = 0;
    size_t words = 0;
    mpz_export(&v, &words, -1, sizeof v, 0, 0, z);
    return words == 0 ? 0 : v;
}

typedef struct shape {
    size_t nodes, children, occ, depth;
} shape_t;

/* Count the tree and check it: player indices < n and strictly increasing
 * in a term, weights and quotas >= 0. Recursion depth = rule depth (the
 * model caps nesting). */
static veto_status rule_shape(shape_t *s, const veto_i_rule_t *r, size_t n,
                              size_t depth, veto_error_t *err)
{
    if (r == NULL) {
        return veto_i_errorf(err, VETO_EMISUSE, "Monte Carlo: empty rule node");
    }
    s->nodes++;
    if (depth > s->depth) {
        s->depth = depth;
    }
    switch (r->kind) {
    case VETO_I_R_FALSE:
    case VETO_I_R_TRUE:
        return VETO_OK;
    case VETO_I_R_TERM:
        if (mpz_sgn(r->quota) < 0) {
            return veto_i_errorf(err, VETO_EINVAL,
                                 "Monte Carlo: negative quota in a term");
        }
        for (size_t j = 0; j < r->nterm; j++) {
            if (r->player[j] >= n ||
                (j > 0 && r->player[j] <= r->player[j - 1])) {
                return veto_i_errorf(err, VETO_EMISUSE,
                                     "Monte Carlo: a term's players are out of "
                                     "range or not strictly increasing");
            }
            if (mpz_sgn(r->w[j]) < 0) {
                return veto_i_errorf(err, VETO_EINVAL,
                                     "Monte Carlo: negative weight in a term");
            }
        }
        s->occ += r->nterm;
        return VETO_OK;
    case VETO_I_R_KOF:
        s->children += r->nchild;
        for (size_t c = 0; c < r->nchild; c++) {
            veto_status rc = rule_shape(s, r->child[c], n, depth + 1, err);
            if (rc != VETO_OK) {
                return rc;
            }
        }
        return VETO_OK;
    }
    return veto_i_errorf(err, VETO_EMISUSE, "Monte Carlo: unknown rule node");
}

typedef struct filler {
    flat_t *f;
    size_t nodes, children, occ;
    size_t *stack; /* ids of finished children awaiting their parent */
    size_t sp;
} filler_t;

static void flat_term_quota(flat_t *f, size_t v, const mpz_t quota,
                            const mpz_t total)
{
    if (f->wide) {
        mpz_init2(f->tqz[v], f->zbits);
        mpz_set(f->tqz[v], quota);
    } else if (mpz_cmp(quota, total) > 0) {
        /* never reached; total + 1 fits, as total < UINT64_MAX */
        f->tq[v] = z_u64(total) + 1;
    } else {
        f->tq[v] = z_u64(quota);
    }
}

/* Post-order: a node's id is given when it is finished, after its
 * children, and its child list and term entries are appended then, so that
 * cstart and tstart increase with the id. */
static size_t flat_fill(filler_t *fl, const veto_i_rule_t *r, mpz_t total)
{
    flat_t *f = fl->f;
    size_t nkids = 0;
    if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            fl->stack[fl->sp++] = flat_fill(fl, r->child[c], total);
        }
        nkids = r->nchild;
    }
    size_t v = fl->nodes++;
    f->parent[v] = NONE;
    f->k[v] = 0;
    f->cstart[v] = fl->children;
    f->tstart[v] = fl->occ;
    switch (r->kind) {
    case VETO_I_R_FALSE:
        f->kind[v] = F_FALSE;
        break;
    case VETO_I_R_TRUE:
        f->kind[v] = F_TRUE;
        break;
    case VETO_I_R_TERM:
        f->kind[v] = F_TERM;
        mpz_set_ui(total, 0);
        for (size_t j = 0; j < r->nterm; j++) {
            size_t o = fl->occ++;
            f->tplayer[o] = r->player[j];
            mpz_add(total, total, r->w[j]);
            if (f->wide) {
                mpz_init_set(f->twz[o], r->w[j]);
            } else {
                f->tw[o] = z_u64(r->w[j]);
            }
        }
        flat_term_quota(f, v, r->quota, total);
        break;
    case VETO_I_R_KOF:
        f->kind[v] = F_KOF;
        f->k[v] = r->k;
        fl->sp -= nkids;
        for (size_t c = 0; c < nkids; c++) {
            size_t ch = fl->stack[fl->sp + c];
            f->child[fl->children++] = ch;
            f->parent[ch] = v;
        }
        break;
    }
    return v;
}

/* Does every term's total fit below UINT64_MAX? Also the largest total's
 * size in bits. */
static bool rule_fits(const veto_i_rule_t *r, size_t *maxbits, mpz_t total)
{
    bool fits = true;
    if (r->kind == VETO_I_R_TERM) {
        mpz_set_ui(total, 0);
        for (size_t j = 0; j < r->nterm; j++) {
            mpz_add(total, total, r->w[j]);
        }
        size_t bits = mpz_sizeinbase(total, 2);
        if (bits > *maxbits) {
            *maxbits = bits;
        }
        /* total <= UINT64_MAX - 1, so that total + 1 fits */
        fits = bits <= 63 || (bits == 64 && mpz_popcount(total) < 64);
    } else if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            if (!rule_fits(r->child[c], maxbits, total)) {
                fits = false;
            }
        }
    }
    return fits;
}

static void flat_clear(flat_t *f)
{
    if (f->twz != NULL) {
        for (size_t o = 0; o < f->nocc; o++) {
            mpz_clear(f->twz[o]);
        }
    }
    if (f->tqz != NULL) {
        for (size_t v = 0; v < f->nnodes; v++) {
            if (f->kind != NULL && f->kind[v] == F_TERM) {
                mpz_clear(f->tqz[v]);
            }
        }
    }
    veto_i_free(f->kind);
    veto_i_free(f->parent);
    veto_i_free(f->k);
    veto_i_free(f->cstart);
    veto_i_free(f->child);
    veto_i_free(f->tstart);
    veto_i_free(f->tplayer);
    veto_i_free(f->tw);
    veto_i_free(f->tq);
    veto_i_free(f->twz);
    veto_i_free(f->tqz);
    veto_i_free(f->ostart);
    veto_i_free(f->onode);
    veto_i_free(f->oidx);
    veto_i_free(f->ment);
    memset(f, 0, sizeof *f);
}

/* Flatten r (already checked by rule_shape into s). O(size + n). */
static veto_status flat_build(flat_t *f, const veto_i_rule_t *r, size_t n,
                              const shape_t *s, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t *stack = NULL;
    mpz_t total;
    mpz_init(total);
    memset(f, 0, sizeof *f);
    f->n = n;
    size_t maxbits = 1;
    f->wide = !rule_fits(r, &maxbits, total);
    f->zbits = maxbits + 2;

    VETO_ALLOC(f->kind, veto_i_calloc(s->nodes, 1));
    VETO_ALLOC(f->parent, veto_i_mallocarray(s->nodes, sizeof(size_t)));
    VETO_ALLOC(f->k, veto_i_mallocarray(s->nodes, sizeof(size_t)));
    VETO_ALLOC(f->cstart, veto_i_mallocarray(s->nodes + 1, sizeof(size_t)));
    VETO_ALLOC(f->child, veto_i_mallocarray(s->children, sizeof(size_t)));
    VETO_ALLOC(f->tstart, veto_i_mallocarray(s->nodes + 1, sizeof(size_t)));
    VETO_ALLOC(f->tplayer, veto_i_mallocarray(s->occ, sizeof(size_t)));
    VETO_ALLOC(stack, veto_i_mallocarray(s->nodes, sizeof(size_t)));
    if (f->wide) {
        VETO_ALLOC(f->twz, veto_i_mallocarray(s->occ, sizeof(mpz_t)));
        VETO_ALLOC(f->tqz, veto_i_mallocarray(s->nodes, sizeof(mpz_t)));
    } else {
        VETO_ALLOC(f->tw, veto_i_mallocarray(s->occ, sizeof(uint64_t)));
        VETO_ALLOC(f->tq, veto_i_mallocarray(s->nodes, sizeof(uint64_t)));
    }
    VETO_ALLOC(f->ostart, veto_i_calloc(n + 1, sizeof(size_t)));
    VETO_ALLOC(f->onode, veto_i_mallocarray(s->occ, sizeof(size_t)));
    VETO_ALLOC(f->oidx, veto_i_mallocarray(s->occ, sizeof(size_t)));

    filler_t fl = {.f = f, .stack = stack};
    /* nnodes and nocc stay 0 until the fill, which cannot fail, so that
     * flat_clear frees exactly the GMP numbers initialised. */
    f->nnodes = s->nodes;
    f->nocc = s->occ;
    flat_fill(&fl, r, total);
    f->cstart[f->nnodes] = fl.children;
    f->tstart[f->nnodes] = fl.occ;

    /* Player-major occurrences (counting sort by player). */
    for (size_t o = 0; o < f->nocc; o++) {
        f->ostart[f->tplayer[o] + 1]++;
    }
    for (size_t i = 0; i < n; i++) {
        if (f->ostart[i + 1] > 0) {
            f->nment++;
        }
        f->ostart[i + 1] += f->ostart[i];
    }
    VETO_ALLOC(f->ment, veto_i_mallocarray(f->nment, sizeof(size_t)));
    for (size_t i = 0, m = 0; i < n; i++) {
        if (f->ostart[i + 1] > f->ostart[i]) {
            f->ment[m++] = i;
        }
    }
    /* stack doubles as the fill cursor per player */
    veto_i_free(stack);
    VETO_ALLOC(stack, veto_i_mallocarray(n, sizeof(size_t)));
    memcpy(stack, f->ostart, n * sizeof(size_t));
    for (size_t v = 0; v < f->nnodes; v++) {
        for (size_t o = f->tstart[v]; o < f->tstart[v + 1]; o++) {
            size_t p = f->tplayer[o];
            f->onode[stack[p]] = v;
            f->oidx[stack[p]] = o;
            stack[p]++;
        }
    }

cleanup:
    veto_i_free(stack);
    mpz_clear(total);
    if (rc != VETO_OK) {
        flat_clear(f);
    }
    return rc;
}

/* A rule tree for the weighted game g (the players of positive weight in
 * one term), for when g's total does not fit in 64 bits and no tree was
 * given. Deep copies of the weights: only in that rare case. */
static veto_status rule_from_wgame(veto_i_rule_t *t, const veto_i_wgame_t *g,
                                   veto_error_t *err)
{
    veto_status rc = VETO_OK;
    memset(t, 0, sizeof *t);
    t->kind = VETO_I_R_TERM;
    mpz_init_set(t->quota, g->quota);
    size_t m = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (mpz_sgn(g->w[i]) != 0) {
            m++;
        }
    }
    VETO_ALLOC(t->player, veto_i_mallocarray(m, sizeof(size_t)));
    VETO_ALLOC(t->w, veto_i_mallocarray(m, sizeof(mpz_t)));
    for (size_t i = 0; i < g->n; i++) {
        if (mpz_sgn(g->w[i]) != 0) {
            t->player[t->nterm] = i;
            mpz_init_set(t->w[t->nterm], g->w[i]);
            t->nterm++;
        }
    }
cleanup:
    return rc;
}

static void rule_from_wgame_clear(veto_i_rule_t *t)
{
    for (size_t j = 0; j < t->nterm; j++) {
        mpz_clear(t->w[j]);
    }
    veto_i_free(t->w);
    veto_i_free(t->player);
    mpz_clear(t->quota);
    memset(t, 0, sizeof *t);
}

/* ---- building the weighted fast path ---------------------------------- */

/* Decreasing weight, then increasing index: a total order, so the layout
 * (and with it which random bit goes to which player) is the same on every
 * platform and every rank. */
static int wentry_cmp(const void *a, const void *b)
{
    const wentry_t *x = a, *y = b;
    if (x->w != y->w) {
        return x->w > y->w ? -1 : 1;
    }
    return x->i < y->i ? -1 : (x->i > y->i ? 1 : 0);
}

/* Check g; true when its total weight is at most UINT64_MAX - 1. */
static veto_status wgame_check(bool *fits, const veto_i_wgame_t *g, size_t n,
                               veto_error_t *err)
{
    if (g->n != n) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "Monte Carlo: the weighted game has %zu players, "
                             "not %zu",
                             g->n, n);
    }
    if (mpz_sgn(g->quota) < 0) {
        return veto_i_errorf(err, VETO_EINVAL, "Monte Carlo: negative quota");
    }
    *fits = true;
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (mpz_sgn(g->w[i]) < 0) {
            return veto_i_errorf(err, VETO_EINVAL,
                                 "Monte Carlo: negative weight (player %zu)",
                                 i);
        }
        if (!z_fits_u64(g->w[i]) ||
            __builtin_add_overflow(total, z_u64(g->w[i]), &total) ||
            total == UINT64_MAX) {
            *fits = false;
        }
    }
    return VETO_OK;
}

static void wfast_clear(wfast_t *wf)
{
    veto_i_free(wf->e);
    veto_i_free(wf->w);
    veto_i_free(wf->w32);
    memset(wf, 0, sizeof *wf);
}

/* O(n log n) time, 24 bytes a player of positive weight. g checked by
 * wgame_check and fits. */
static veto_status wfast_build(wfast_t *wf, const veto_i_wgame_t *g,
                               veto_error_t *err)
{
    veto_status rc = VETO_OK;
    memset(wf, 0, sizeof *wf);
    size_t m = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (mpz_sgn(g->w[i]) != 0) {
            m++;
        }
    }
    VETO_ALLOC(wf->e, veto_i_mallocarray(m, sizeof *wf->e));
    for (size_t i = 0, j = 0; i < g->n; i++) {
        if (mpz_sgn(g->w[i]) != 0) {
            wf->e[j].w = z_u64(g->w[i]);
            wf->e[j].i = i;
            wf->total += wf->e[j].w; /* fits: checked by wgame_check */
            j++;
        }
    }
    qsort(wf->e, m, sizeof *wf->e, wentry_cmp);
    /* the first weight is the largest */
    if (m == 0 || wf->e[0].w <= UINT32_MAX) {
        VETO_ALLOC(wf->w32, veto_i_mallocarray(m, sizeof(uint32_t)));
        for (size_t j = 0; j < m; j++) {
            wf->w32[j] = (uint32_t)wf->e[j].w;
        }
    } else {
        VETO_ALLOC(wf->w, veto_i_mallocarray(m, sizeof(uint64_t)));
        for (size_t j = 0; j < m; j++) {
            wf->w[j] = wf->e[j].w;
        }
    }
    wf->m = m;
    if (z_fits_u64(g->quota) && z_u64(g->quota) <= wf->total) {
        wf->q = z_u64(g->quota);
    } else {
        wf->q = wf->total + 1; /* never reached */
    }
cleanup:
    if (rc != VETO_OK) {
        wfast_clear(wf);
    }
    return rc;
}

/* Weight of the player in slot j. */
static inline uint64_t wt(const wfast_t *wf, size_t j)
{
    return wf->w32 != NULL ? wf->w32[j] : wf->w[j];
}

/* ---- workspaces -------------------------------------------------------- */

static void work_clear(work_t *w)
{
    veto_i_free(w->thr);
    veto_i_free(w->bp);
    for (size_t v = 0; v < w->nz; v++) {
        mpz_clear(w->sumz[v]);
    }
    if (w->zinit) {
        mpz_clear(w->tmp);
    }
    veto_i_free(w->sumz);
    veto_i_free(w->in);
    veto_i_free(w->perm);
    veto_i_free(w->bsum);
    veto_i_free(w->bcnt);
    veto_i_free(w->coll);
    veto_i_free(w->bits);
    veto_i_free(w->sum);
    veto_i_free(w->val);
    veto_i_free(w->cnt);
    veto_i_free(w->stamp);
    veto_i_free(w->log);
    veto_i_free(w->hot);
    memset(w, 0, sizeof *w);
}

/* Capacity for the players of one arrival bucket: 64 + 4 (mean + 1). A
 * sample with a fuller bucket is redrawn; by the Chernoff bound that
 * happens with probability below 2^-200 for every m > BUCKET_MIN_M. */
static size_t bucket_cap(size_t m)
{
    return 64 + 4 * (m / NBUCKET + 1);
}

static bool use_buckets(size_t m)
{
    /* bcnt is uint32_t: m < 2^32 */
    return m > BUCKET_MIN_M && m < (UINT64_C(1) << 32);
}

/* Bytes of one workspace (saturating); the same sizes as work_init. */
static uint64_t work_bytes(bool weighted, size_t n, size_t m, size_t nnodes,
                           bool wide, size_t zbits)
{
    uint64_t b;
    if (weighted) {
        if (use_buckets(m)) {
            b = NBUCKET * (8 + 4) + bucket_cap(m) * sizeof(arrival_t);
        } else {
            b = veto_i_sat_mul(m, sizeof(size_t)); /* perm */
        }
        return veto_i_sat_add(b, veto_i_sat_mul(m / 64 + 1, 8));
    }
    b = veto_i_sat_mul(m, sizeof(size_t)); /* perm */
    b = veto_i_sat_add(b, n);              /* in */
    uint64_t per = 1 + sizeof(size_t) + 8 + sizeof(logent_t);
    per += wide ? sizeof(mpz_t) + zbits / 8 + 16 : 8;
    return veto_i_sat_add(b, veto_i_sat_mul(nnodes, per));
}

static veto_status work_init(work_t *w, const plan_t *P, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    memset(w, 0, sizeof *w);
    if (P->bel && P->nbloc > 0) {
        size_t mm = P->weighted ? P->wf->m : P->fl->nment;
        VETO_ALLOC(w->thr, veto_i_mallocarray(mm + 1, sizeof(uint64_t)));
        VETO_ALLOC(w->bp, veto_i_mallocarray(P->nbloc, sizeof(double)));
        memcpy(w->thr, P->bthr, mm * sizeof(uint64_t));
    }
    if (P->weighted) {
        size_t m = P->wf->m;
        if (use_buckets(m)) {
            w->cap = bucket_cap(m);
            VETO_ALLOC(w->bsum, veto_i_mallocarray(NBUCKET, sizeof(uint64_t)));
            VETO_ALLOC(w->bcnt, veto_i_mallocarray(NBUCKET, sizeof(uint32_t)));
            VETO_ALLOC(w->coll, veto_i_mallocarray(w->cap, sizeof(arrival_t)));
        } else {
            VETO_ALLOC(w->perm, veto_i_mallocarray(m, sizeof(size_t)));
        }
        VETO_ALLOC(w->bits, veto_i_calloc(m / 64 + 1, sizeof(uint64_t)));
        return VETO_OK;
    }
    const flat_t *f = P->fl;
    VETO_ALLOC(w->perm, veto_i_mallocarray(f->nment, sizeof(size_t)));
    VETO_ALLOC(w->in, veto_i_calloc(P->n, 1));
    VETO_ALLOC(w->val, veto_i_calloc(f->nnodes, 1));
    VETO_ALLOC(w->cnt, veto_i_calloc(f->nnodes, sizeof(size_t)));
    VETO_ALLOC(w->stamp, veto_i_calloc(f->nnodes, sizeof(uint64_t)));
    VETO_ALLOC(w->log, veto_i_mallocarray(f->nnodes, sizeof(logent_t)));
    if (f->wide) {
        VETO_ALLOC(w->sumz, veto_i_mallocarray(f->nnodes, sizeof(mpz_t)));
        /* Sized once from the largest total, so that GMP never reallocates
         * (or aborts) while sampling. */
        for (; w->nz < f->nnodes; w->nz++) {
            mpz_init2(w->sumz[w->nz], f->zbits);
        }
        mpz_init2(w->tmp, f->zbits);
        w->zinit = true;
    } else {
        VETO_ALLOC(w->sum, veto_i_calloc(f->nnodes, sizeof(uint64_t)));
    }
cleanup:
    if (rc != VETO_OK) {
        work_clear(w);
    }
    return rc;
}

/* ---- evaluating the flat rule ----------------------------------------- */

/* Value of every node on the votes w->in (0/1). O(size). */
static bool eval_full(const flat_t *f, work_t *w)
{
    const unsigned char *in = w->in;
    for (size_t v = 0; v < f->nnodes; v++) {
        unsigned char val = 0;
        switch (f->kind[v]) {
        case F_FALSE:
            break;
        case F_TRUE:
            val = 1;
            break;
        case F_TERM:
            if (f->wide) {
                mpz_set_ui(w->sumz[v], 0);
                for (size_t o = f->tstart[v]; o < f->tstart[v + 1]; o++) {
                    if (in[f->tplayer[o]]) {
                        mpz_add(w->sumz[v], w->sumz[v], f->twz[o]);
                    }
                }
                val = mpz_cmp(w->sumz[v], f->tqz[v]) >= 0;
            } else {
                /* no overflow: the sum is at most the term's total, which
                 * is below UINT64_MAX (rule_fits) */
                uint64_t s = 0;
                for (size_t o = f->tstart[v]; o < f->tstart[v + 1]; o++) {
                    s += f->tw[o] & (0 - (uint64_t)in[f->tplayer[o]]);
                }
                w->sum[v] = s;
                val = s >= f->tq[v];
            }
            break;
        case F_KOF: {
            size_t c = 0;
            for (size_t e = f->cstart[v]; e < f->cstart[v + 1]; e++) {
                c += w->val[f->child[e]];
            }
            w->cnt[v] = c;
            val = c >= f->k[v];
            break;
        }
        }
        w->val[v] = val;
    }
    return w->val[f->nnodes - 1];
}

static inline void log_node(work_t *w, size_t *nlog, size_t v)
{
    if (w->stamp[v] != w->flips) {
        w->stamp[v] = w->flips;
        w->log[*nlog].node = v;
        w->log[*nlog].cnt = w->cnt[v];
        w->log[*nlog].val = w->val[v];
        (*nlog)++;
    }
}

/* The rule's value with player i's vote flipped, the other votes as in the
 * last eval_full (whose state is restored on return). Each term of i is
 * re-tested and changes are propagated up through the k-of counters, each
 * stopping where a node's value does not change. O(occurrences of i x
 * depth); the undo log holds each node at most once (stamps), so it needs
 * no more than nnodes entries. */
static bool eval_flip(const flat_t *f, work_t *w, size_t i)
{
    size_t nlog = 0;
    bool add = w->in[i] == 0;
    w->flips++;
    for (size_t e = f->ostart[i]; e < f->ostart[i + 1]; e++) {
        size_t v = f->onode[e], o = f->oidx[e];
        unsigned char nv;
        if (f->wide) {
            if (add) {
                mpz_add(w->tmp, w->sumz[v], f->twz[o]);
            } else {
                mpz_sub(w->tmp, w->sumz[v], f->twz[o]);
            }
            nv = mpz_cmp(w->tmp, f->tqz[v]) >= 0;
        } else {
            uint64_t s = add ? w->sum[v] + f->tw[o] : w->sum[v] - f->tw[o];
            nv = s >= f->tq[v];
        }
        if (nv == w->val[v]) {
            continue;
        }
        log_node(w, &nlog, v);
        w->val[v] = nv;
        for (size_t c = v, u = f->parent[v]; u != NONE;
             c = u, u = f->parent[u]) {
            log_node(w, &nlog, u);
            if (w->val[c]) {
                w->cnt[u]++;
            } else {
                w->cnt[u]--;
            }
            unsigned char nu = w->cnt[u] >= f->k[u];
            if (nu == w->val[u]) {
                break;
            }
            w->val[u] = nu;
        }
    }
    bool res = w->val[f->nnodes - 1];
    while (nlog > 0) {
        nlog--;
        w->val[w->log[nlog].node] = w->log[nlog].val;
        w->cnt[w->log[nlog].node] = w->log[nlog].cnt;
    }
    return res;
}

/* ---- one sample of each kind ------------------------------------------ */

/* Yes with probability thr / 2^64; thr = UINT64_MAX stands for 1. */
static inline unsigned char bernoulli(veto_i_rng_t *rng, uint64_t thr)
{
    return veto_i_rng_u64(rng) < thr || thr == UINT64_MAX;
}

/* ---- blocs (issue 11): p ~ Beta(a, b) per bloc and sample -------------- */

static uint64_t belief_threshold(double p);

/* Uniform on (0, 1), never 0 or 1. */
static double unit_open(veto_i_rng_t *rng)
{
    return ((double)(veto_i_rng_u64(rng) >> 11) + 0.5) * 0x1p-53;
}

/* log of a Gamma(a, 1) variate: Marsaglia and Tsang's squeeze for a >= 1
 * (normals by Box-Muller), and G(a) = G(a + 1) U^(1/a) below 1, kept in
 * logs so that a small a cannot underflow to 0. */
static double log_gamma_draw(veto_i_rng_t *rng, double a)
{
    double boost = 0;
    if (a < 1) {
        boost = log(unit_open(rng)) / a;
        a += 1;
    }
    double d = a - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            double u1 = unit_open(rng), u2 = unit_open(rng);
            x = sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
            v = 1.0 + c * x;
        } while (v <= 0);
        v = v * v * v;
        double u = unit_open(rng);
        if (u < 1.0 - 0.0331 * x * x * x * x ||
            log(u) < 0.5 * x * x + d * (1.0 - v + log(v))) {
            return log(d * v) + boost;
        }
    }
}

/* Every bloc's p for this sample, then its members' thresholds. */
static void draw_blocs(const plan_t *P, work_t *w)
{
    for (size_t k = 0; k < P->nbloc; k++) {
        double lx = log_gamma_draw(&w->rng, P->bloc_a[k]);
        double ly = log_gamma_draw(&w->rng, P->bloc_b[k]);
        /* X / (X + Y) = 1 / (1 + e^(ly - lx)) */
        w->bp[k] = 1.0 / (1.0 + exp(ly - lx));
    }
    size_t m = P->weighted ? P->wf->m : P->fl->nment;
    for (size_t j = 0; j < m; j++) {
        if (P->bslot[j] != SIZE_MAX) {
            w->thr[j] = belief_threshold(w->bp[P->bslot[j]]);
        }
    }
}

/* Weighted game: draw a coalition (uniform, or by beliefs), count a win
 * and every player's swing. O(m). */
static void wsample_swings(const plan_t *P, work_t *w, bool beliefs)
{
    const wfast_t *wf = P->wf;
    size_t m = wf->m;
    uint64_t *bits = w->bits;
    const uint64_t *thr = w->thr != NULL ? w->thr : P->bthr;
    if (beliefs) {
        memset(bits, 0, (m / 64 + 1) * sizeof(uint64_t));
        for (size_t j = 0; j < m; j++) {
            bits[j >> 6] |= (uint64_t)bernoulli(&w->rng, thr[j])
                            << (j & 63);
        }
    } else {
        for (size_t j = 0; j < m; j += 64) {
            bits[j >> 6] = veto_i_rng_u64(&w->rng);
        }
    }
    /* sum <= total < UINT64_MAX: no overflow */
    uint64_t sum = 0;
    if (wf->w32 != NULL) {
        const uint32_t *ww = wf->w32;
        for (size_t j = 0; j < m; j++) {
            uint64_t b = (bits[j >> 6] >> (j & 63)) & 1;
            sum += (uint64_t)ww[j] & (0 - b);
        }
    } else {
        const uint64_t *ww = wf->w;
        for (size_t j = 0; j < m; j++) {
            uint64_t b = (bits[j >> 6] >> (j & 63)) & 1;
            sum += ww[j] & (0 - b);
        }
    }
    int sec = beliefs ? SEC_DEC : SEC_BZ;
    if (sum >= wf->q) {
        if (beliefs) {
            w->act++;
        } else {
            w->win++;
        }
        /* members heavier than the surplus swing; weights decrease */
        uint64_t surplus = sum - wf->q;
        for (size_t j = 0; j < m && wt(wf, j) > surplus; j++) {
            if ((bits[j >> 6] >> (j & 63)) & 1) {
                tally(P, w, sec, j, wf->e[j].i);
            }
        }
    } else {
        /* non-members at least as heavy as the shortfall swing */
        uint64_t need = wf->q - sum;
        for (size_t j = 0; j < m && wt(wf, j) >= need; j++) {
            if (!((bits[j >> 6] >> (j & 63)) & 1)) {
                tally(P, w, sec, j, wf->e[j].i);
            }
        }
    }
}

/* Weighted game: a random ordering drawn only up to its pivot (partial
 * Fisher-Yates on the block's running arrangement: from any arrangement
 * the picks are a uniform random sequence), the pivot found by the prefix
 * sum. Needs 0 < q <= total. O(position of the pivot). */
static void wsample_ssi(const plan_t *P, work_t *w)
{
    const wfast_t *wf = P->wf;
    size_t m = wf->m;
    size_t *perm = w->perm;
    uint64_t sum = 0;
    for (size_t j = 0; j < m; j++) {
        size_t r = j + (size_t)veto_i_rng_below(&w->rng, m - j);
        size_t t = perm[j];
        perm[j] = perm[r];
        perm[r] = t;
        sum += wt(wf, perm[j]);
        if (sum >= wf->q) {
            tally(P, w, SEC_SSI, perm[j], wf->e[perm[j]].i);
            return;
        }
    }
}

static inline bool arrival_less(const arrival_t *x, const arrival_t *y)
{
    return x->key < y->key || (x->key == y->key && x->slot < y->slot);
}

/* In-place heap sort by (key, slot): O(c log c), no allocation. */
static void arrival_sort(arrival_t *a, size_t c)
{
    for (size_t end = c, start = c / 2; end > 1;) {
        size_t root;
        if (start > 0) {
            root = --start;
        } else {
            arrival_t t = a[0];
            a[0] = a[--end];
            a[end] = t;
            root = 0;
        }
        for (;;) {
            size_t child = 2 * root + 1;
            if (child >= end) {
                break;
            }
            if (child + 1 < end && arrival_less(&a[child], &a[child + 1])) {
                child++;
            }
            if (!arrival_less(&a[root], &a[child])) {
                break;
            }
            arrival_t t = a[root];
            a[root] = a[child];
            a[child] = t;
            root = child;
        }
    }
}

/* Weighted game with many players: a uniform random ordering is the order
 * of i.i.d. arrival times. Each player's time is a 16-bit bucket (four to a
 * random word), then, only for the players of the bucket where the
 * cumulative weight reaches the quota, a 64-bit key within it. Pass 1 sums
 * the weight per bucket; pass 2 replays the same words (the stream is
 * counter-based: a copy of its state rewinds it) to collect that bucket's
 * players; the pivot is found among them by key. Memory and cache footprint
 * are O(NBUCKET) instead of a random-access permutation of all m players.
 * A sample in which any bucket holds more than cap players is redrawn: that
 * event does not depend on which player is where, so the ordering stays
 * uniform. Two players of the pivotal bucket with equal 64-bit keys are
 * ordered by slot (probability about c^2 2^-65 per sample).
 * Needs 0 < q <= total. O(m) time, sequential. */
static void wsample_ssi_buckets(const plan_t *P, work_t *w)
{
    const wfast_t *wf = P->wf;
    size_t m = wf->m;
    for (;;) {
        memset(w->bsum, 0, NBUCKET * sizeof(uint64_t));
        memset(w->bcnt, 0, NBUCKET * sizeof(uint32_t));
        veto_i_rng_t start = w->rng;
        uint64_t x = 0;
        for (size_t j = 0; j < m; j++) {
            if ((j & 3) == 0) {
                x = veto_i_rng_u64(&w->rng);
            }
            size_t b = (size_t)(x >> (16 * (j & 3))) & (NBUCKET - 1);
            w->bsum[b] += wt(wf, j); /* <= total: no overflow */
            w->bcnt[b]++;
        }
        bool full = false;
        for (size_t b = 0; b < NBUCKET; b++) {
            full |= w->bcnt[b] > w->cap;
        }
        if (full) {
            continue;
        }
        uint64_t before = 0;
        size_t pb = 0;
        while (before + w->bsum[pb] < wf->q) {
            before += w->bsum[pb];
            pb++; /* ends: the buckets sum to total >= q */
        }
        /* pass 2 replays the same words and leaves the stream where pass 1
         * did; the keys come after */
        w->rng = start;
        size_t c = 0;
        for (size_t j = 0; j < m; j++) {
            if ((j & 3) == 0) {
                x = veto_i_rng_u64(&w->rng);
            }
            if (((size_t)(x >> (16 * (j & 3))) & (NBUCKET - 1)) == pb) {
                w->coll[c++].slot = j;
            }
        }
        for (size_t k = 0; k < c; k++) {
            w->coll[k].key = veto_i_rng_u64(&w->rng);
        }
        arrival_sort(w->coll, c);
        uint64_t sum = before;
        for (size_t k = 0; k < c; k++) {
            size_t j = w->coll[k].slot;
            sum += wt(wf, j);
            if (sum >= wf->q) {
                tally(P, w, SEC_SSI, j, wf->e[j].i);
                return;
            }
        }
        return; /* not reached: the bucket's weight reaches q */
    }
}

/* Rule tree: draw the votes of the mentioned players (uniform, or by
 * beliefs), count a win and every mentioned player's swing. */
static void gsample_swings(const plan_t *P, work_t *w, bool beliefs)
{
    const flat_t *f = P->fl;
    size_t m = f->nment;
    const uint64_t *thr = w->thr != NULL ? w->thr : P->bthr;
    if (beliefs) {
        for (size_t j = 0; j < m; j++) {
            w->in[f->ment[j]] = bernoulli(&w->rng, thr[j]);
        }
    } else {
        uint64_t x = 0;
        for (size_t j = 0; j < m; j++) {
            if ((j & 63) == 0) {
                x = veto_i_rng_u64(&w->rng);
            }
            w->in[f->ment[j]] = (unsigned char)((x >> (j & 63)) & 1);
        }
    }
    bool win = eval_full(f, w);
    if (win && beliefs) {
        w->act++;
    } else if (win) {
        w->win++;
    }
    int sec = beliefs ? SEC_DEC : SEC_BZ;
    for (size_t j = 0; j < m; j++) {
        if (eval_flip(f, w, f->ment[j]) != win) {
            tally(P, w, sec, j, f->ment[j]);
        }
    }
}

/* Set the votes to the first k players of the ordering, from the first
 * *cur: O(|k - *cur|). */
static void set_prefix(const flat_t *f, work_t *w, size_t *cur, size_t k)
{
    for (; *cur < k; (*cur)++) {
        w->in[f->ment[w->perm[*cur]]] = 1;
    }
    for (; *cur > k; (*cur)--) {
        w->in[f->ment[w->perm[*cur - 1]]] = 0;
    }
}

/* Rule tree: a random ordering of the mentioned players (the others never
 * pivot and do not change who does); the pivot by binary search for the
 * shortest winning prefix (monotone rule; the empty prefix loses and the
 * full one wins). Votes are all 0 on entry and on return.
 * O(m + size log m): moving between the prefixes the search visits costs
 * O(m) in all. */
static void gsample_ssi(const plan_t *P, work_t *w)
{
    const flat_t *f = P->fl;
    size_t m = f->nment;
    size_t *perm = w->perm;
    for (size_t j = 0; j + 1 < m; j++) {
        size_t r = j + (size_t)veto_i_rng_below(&w->rng, m - j);
        size_t t = perm[j];
        perm[j] = perm[r];
        perm[r] = t;
    }
    size_t lo = 0, hi = m, cur = 0;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        set_prefix(f, w, &cur, mid);
        if (eval_full(f, w)) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    tally(P, w, SEC_SSI, perm[hi - 1], f->ment[perm[hi - 1]]);
    set_prefix(f, w, &cur, 0);
}

/* One block: samples [b B, min(N, (b+1) B)) of every kind asked, each kind
 * from its own stream keyed by (seed, b). */
static void run_block(const plan_t *P, work_t *w, uint64_t b)
{
    uint64_t first = b * P->block;
    uint64_t count =
        P->samples - first < P->block ? P->samples - first : P->block;
    if (P->bz) {
        veto_i_rng_init(&w->rng, P->seed, b, STREAM_BZ);
        for (uint64_t s = 0; s < count; s++) {
            if (P->weighted) {
                wsample_swings(P, w, false);
            } else {
                gsample_swings(P, w, false);
            }
        }
    }
    if (P->ssi && P->ssi_defined) {
        veto_i_rng_init(&w->rng, P->seed, b, STREAM_SSI);
        if (P->weighted && use_buckets(P->wf->m)) {
            for (uint64_t s = 0; s < count; s++) {
                wsample_ssi_buckets(P, w);
            }
        } else if (P->weighted) {
            for (size_t j = 0; j < P->wf->m; j++) {
                w->perm[j] = j;
            }
            for (uint64_t s = 0; s < count; s++) {
                wsample_ssi(P, w);
            }
        } else {
            const flat_t *f = P->fl;
            for (size_t j = 0; j < f->nment; j++) {
                w->perm[j] = j;
            }
            for (size_t j = 0; j < f->nment; j++) {
                w->in[f->ment[j]] = 0;
            }
            for (uint64_t s = 0; s < count; s++) {
                gsample_ssi(P, w);
            }
        }
    }
    if (P->bel) {
        veto_i_rng_init(&w->rng, P->seed, b, STREAM_BELIEF);
        for (uint64_t s = 0; s < count; s++) {
            if (P->nbloc > 0) {
                draw_blocs(P, w);
            }
            if (P->weighted) {
                wsample_swings(P, w, true);
            } else {
                gsample_swings(P, w, true);
            }
        }
    }
}

/* ---- intervals ---------------------------------------------------------- */

/* Binary relative entropy kl(p, q), 0 < q < 1, with 0 log 0 = 0. */
static double kl(double p, double q)
{
    double d = 0;
    if (p > 0) {
        d += p * log(p / q);
    }
    if (p < 1) {
        d += (1 - p) * log((1 - p) / (1 - q));
    }
    return d;
}

double veto_i_mc_halfwidth(uint64_t c, uint64_t N, double level)
{
    double ph = (double)c / (double)N;
    double t = level / (double)N;
    double hoeffding = sqrt(t / 2);
    /* Bisection keeps the end that fails the test, so the interval
     * returned contains the exact one. */
    double up = 1;
    if (ph < 1) {
        double lo = ph, hi = 1; /* kl(ph, lo) <= t < kl(ph, hi) */
        for (int it = 0; it < 100; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (kl(ph, mid) <= t) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        up = hi;
    }
    double down = 0;
    if (ph > 0) {
        double lo = 0, hi = ph; /* kl(ph, lo) > t >= kl(ph, hi) */
        for (int it = 0; it < 100; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (kl(ph, mid) <= t) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        down = lo;
    }
    double hw = fmax(up - ph, ph - down);
    /* Pinsker: the exact interval lies inside Hoeffding's; the minimum only
     * guards against rounding. */
    return fmin(hw, hoeffding);
}

uint64_t veto_i_mc_samples_for(size_t m, double epsilon, double confidence)
{
    double level = log(2.0 * (double)m) - log(1 - confidence);
    double x = ceil(level / (2 * epsilon * epsilon));
    if (!(x < 4611686018427387904.0)) { /* 2^62 */
        return UINT64_MAX;
    }
    return x < 1 ? 1 : (uint64_t)x;
}

void veto_i_estimates_init(veto_i_estimates_t *e)
{
    memset(e, 0, sizeof *e);
}

void veto_i_estimates_clear(veto_i_estimates_t *e)
{
    if (e == NULL) {
        return;
    }
    veto_i_free(e->bz_abs);
    veto_i_free(e->bz_abs_hw);
    veto_i_free(e->ssi);
    veto_i_free(e->ssi_hw);
    veto_i_free(e->p_dec);
    veto_i_free(e->p_dec_hw);
    memset(e, 0, sizeof *e);
}

/* ---- sizes -------------------------------------------------------------- */

static uint64_t flat_bytes(const shape_t *s, size_t n, bool wide, size_t zbits)
{
    uint64_t b = veto_i_sat_mul(s->nodes, 1 + 4 * sizeof(size_t) + 8);
    b = veto_i_sat_add(b, veto_i_sat_mul(s->children, sizeof(size_t)));
    b = veto_i_sat_add(b, veto_i_sat_mul(s->occ, 3 * sizeof(size_t) + 8));
    b = veto_i_sat_add(b, veto_i_sat_mul(n, 3 * sizeof(size_t)));
    if (wide) {
        uint64_t z = sizeof(mpz_t) + zbits / 8 + 16;
        b = veto_i_sat_add(b, veto_i_sat_mul(s->occ + s->nodes, z));
    }
    return b;
}

static void estimate_layout(plan_t *P, size_t n)
{
    size_t len = 0;
    P->off_bz = P->off_win = P->off_ssi = P->off_act = P->off_dec = NONE;
    if (P->bz) {
        P->off_bz = len;
        P->off_win = len + n;
        len += n + 1;
    }
    if (P->ssi) {
        P->off_ssi = len;
        len += n;
    }
    if (P->bel) {
        P->off_act = len;
        P->off_dec = len + 1;
        len += n + 1;
    }
    P->off_fail = len;
    P->len = len + 1;
    P->off_sec[SEC_BZ] = P->off_bz;
    P->off_sec[SEC_SSI] = P->off_ssi;
    P->off_sec[SEC_DEC] = P->off_dec;
}

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
 * time, no allocation. Errors: those of wgame_check and rule_shape. */
static veto_status plan_size(sizing_t *z, const veto_i_rule_t *r,
                             const veto_i_wgame_t *g, const plan_t *P,
                             unsigned threads, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = P->n;
    memset(z, 0, sizeof *z);
    bool fits = false;
    if (g != NULL) {
        rc = wgame_check(&fits, g, n, err);
        if (rc != VETO_OK) {
            return rc;
        }
    }
    z->weighted = fits;
    uint64_t b = 0;
    if (fits || r == NULL) {
        for (size_t i = 0; i < n; i++) {
            z->m += mpz_sgn(g->w[i]) != 0;
        }
    }
    if (fits) {
        b = veto_i_sat_mul(z->m, sizeof(wentry_t) + 8);
    } else {
        mpz_t total;
        mpz_init(total);
        size_t maxbits = 1;
        if (r != NULL) {
            rc = rule_shape(&z->shape, r, n, 0, err);
            z->wide = rc == VETO_OK && !rule_fits(r, &maxbits, total);
            z->m = n < z->shape.occ ? n : z->shape.occ;
        } else {
            /* g does not fit in 64 bits: one GMP term */
            for (size_t i = 0; i < n; i++) {
                mpz_add(total, total, g->w[i]);
            }
            maxbits = mpz_sizeinbase(total, 2);
            z->shape.nodes = 1;
            z->shape.occ = z->m;
            z->wide = true;
            /* the copy of g as a rule tree */
            b = veto_i_sat_mul(z->m, sizeof(size_t) + sizeof(mpz_t) + 16);
        }
        mpz_clear(total);
        if (rc != VETO_OK) {
            return rc;
        }
        z->zbits = maxbits + 2;
        b = veto_i_sat_add(r == NULL ? b : 0,
                           flat_bytes(&z->shape, n, z->wide, z->zbits));
    }
    if (P->bel) {
        b = veto_i_sat_add(b, veto_i_sat_mul(z->m, 8));
    }
    b = veto_i_sat_add(
        b, veto_i_sat_mul(threads, work_bytes(fits, n, z->m, z->shape.nodes,
                                              z->wide, z->zbits)));
    /* One thread adds to the shared counts directly. Several count their
     * first slots privately, within HOT_BYTES each, the rest atomically. */
    b = veto_i_sat_add(b, veto_i_sat_mul(P->len, 8));
    if (threads > 1) {
        z->hot = z->m < HOT_BYTES / (8 * NSEC) ? z->m : HOT_BYTES / (8 * NSEC);
        b = veto_i_sat_add(b, veto_i_sat_mul(threads, z->hot * 8 * NSEC));
    }
    if (P->anytime) {
        b = veto_i_sat_add(b, veto_i_sat_mul(P->len, 8)); /* snapshot */
    }
    size_t kinds = (size_t)P->bz + (size_t)P->ssi + (size_t)P->bel;
    b = veto_i_sat_add(b, veto_i_sat_mul(n, 2 * sizeof(double) * kinds));
    z->bytes = b;
    return VETO_OK;
}

uint64_t veto_i_mc_estimate_bytes(const veto_i_rule_t *r,
                                  const veto_i_wgame_t *g, size_t n, bool bz,
                                  bool ssi, bool beliefs, unsigned threads)
{
    plan_t P;
    memset(&P, 0, sizeof P);
    P.n = n;
    P.bz = bz;
    P.ssi = ssi;
    P.bel = beliefs;
    estimate_layout(&P, n);
    sizing_t z;
    if ((r == NULL && g == NULL) ||
        plan_size(&z, r, g, &P, threads == 0 ? 1 : threads, NULL) != VETO_OK) {
        return 0;
    }
    return z.bytes;
}

/* ---- the run ------------------------------------------------------------ */

static uint64_t belief_threshold(double p)
{
    if (p >= 1) {
        return UINT64_MAX;
    }
    if (p <= 0) {
        return 0;
    }
    /* p < 1 has at most 53 significant bits, so p 2^64 <= 2^64 - 2^11:
     * it fits, and truncation gives P(u < thr) = p within 2^-64. */
    return (uint64_t)ldexp(p, 64);
}

typedef struct run_args {
    uint64_t stopped; /* out: blocks counted when stopped at the deadline */
    const veto_i_rule_t *r;
    const veto_i_wgame_t *g;
    const double *belief;
    uint64_t rank, nranks;
    unsigned threads;
    double level;
    const veto_i_ctx_t *ctx;
    size_t nbloc; /* blocs (issue 11) */
    const long *bloc_of;
    const double *bloc_a, *bloc_b;
} run_args_t;

/* Add the threads' private counts into dst (by player). */
static void merge_counts(const plan_t *P, const work_t *works, unsigned threads,
                         uint64_t *dst)
{
    for (unsigned t = 0; t < threads; t++) {
        const work_t *w = &works[t];
        if (P->bz) {
            dst[P->off_win] += w->win;
        }
        if (P->bel) {
            dst[P->off_act] += w->act;
        }
        for (int sec = 0; sec < NSEC; sec++) {
            if (P->off_sec[sec] == NONE) {
                continue;
            }
            for (size_t slot = 0; slot < P->hot; slot++) {
                size_t i = P->weighted ? P->wf->e[slot].i : P->fl->ment[slot];
                dst[P->off_sec[sec] + i] += w->hot[(size_t)sec * P->hot + slot];
            }
        }
    }
}

/* Number of checkpoints for nblocks blocks: 1, 2, 4, ... below nblocks,
 * and nblocks. */
static uint64_t checkpoints(uint64_t nblocks)
{
    uint64_t k = 1;
    for (uint64_t c = 1; c < nblocks; c *= 2) {
        k++;
    }
    return k;
}

/* Build the representation, sample this rank's blocks on all threads and
 * add the counts into sums (P->len entries, zero on entry). With
 * P->anytime (one rank), a->stopped is set when the deadline stopped the
 * run at a checkpoint; sums then hold the counts of that checkpoint. */
static veto_status sample_local(plan_t *P, uint64_t *sums, run_args_t *a,
                                veto_error_t *err)
{
    veto_status rc = VETO_OK;
    flat_t fl;
    wfast_t wf;
    veto_i_rule_t tmp_rule;
    bool have_tmp = false;
    work_t *works = NULL;
    unsigned nworks = 0;
    uint64_t *bthr = NULL;
    size_t *bslot = NULL;
    uint64_t *snap = NULL;
    uint64_t snap_blocks = 0;
    const veto_i_rule_t *r = a->r;
    size_t n = P->n;
    memset(&fl, 0, sizeof fl);
    memset(&wf, 0, sizeof wf);
    uint64_t nblocks = (P->samples + P->block - 1) / P->block;
    uint64_t nlocal =
        nblocks > a->rank ? (nblocks - 1 - a->rank) / a->nranks + 1 : 0;
    /* no more threads than blocks to share */
    unsigned threads = a->threads;
    if (threads > nlocal) {
        threads = nlocal > 0 ? (unsigned)nlocal : 1;
    }

    /* Plan the memory before allocating anything large. */
    sizing_t z;
    VETO_TRY(plan_size(&z, r, a->g, P, threads, err));
    VETO_TRY(veto_i_budget_check(a->ctx, z.bytes, "Monte Carlo sampling",
                                 (&(const veto_i_advice_t){
                                     VETO_HINT_FEWER_THREADS, NULL, NULL}),
                                 err));
    P->weighted = z.weighted;
    if (!z.weighted && r == NULL) {
        have_tmp = true;
        VETO_TRY(rule_from_wgame(&tmp_rule, a->g, err));
        r = &tmp_rule;
    }
    size_t m;
    /* the shape of g's single term, when r is that copy, is as planned */
    shape_t s = z.shape;
    if (P->weighted) {
        VETO_TRY(wfast_build(&wf, a->g, err));
        P->wf = &wf;
        m = wf.m;
        P->ssi_defined = wf.q >= 1 && wf.q <= wf.total;
    } else {
        VETO_TRY(flat_build(&fl, r, n, &s, err));
        P->fl = &fl;
        m = fl.nment;
    }
    if (P->bel) {
        VETO_ALLOC(bthr, veto_i_mallocarray(m + 1, sizeof(uint64_t)));
        for (size_t j = 0; j < m; j++) {
            size_t i = P->weighted ? wf.e[j].i : fl.ment[j];
            bthr[j] = belief_threshold(a->belief[i]);
        }
        P->bthr = bthr;
        if (a->bloc_of != NULL && a->nbloc > 0) {
            VETO_ALLOC(bslot, veto_i_mallocarray(m + 1, sizeof(size_t)));
            for (size_t j = 0; j < m; j++) {
                size_t i = P->weighted ? wf.e[j].i : fl.ment[j];
                bslot[j] = a->bloc_of[i] >= 0 ? (size_t)a->bloc_of[i]
                                               : SIZE_MAX;
            }
            P->bslot = bslot;
            P->nbloc = a->nbloc;
            P->bloc_a = a->bloc_a;
            P->bloc_b = a->bloc_b;
        }
    }

    VETO_ALLOC(works, veto_i_calloc(threads, sizeof *works));
    for (; nworks < threads; nworks++) {
        VETO_TRY(work_init(&works[nworks], P, err));
    }
    /* the planned hot slots, now that the true m is known */
    P->hot = threads > 1 ? (m < z.hot ? m : z.hot) : 0;
    for (unsigned t = 0; t < threads; t++) {
        VETO_ALLOC(works[t].hot, veto_i_calloc(NSEC * P->hot + 1, 8));
        works[t].shared = sums;
        works[t].atomic = threads > 1;
    }

    if (!P->weighted) {
        /* Shapley-Shubik needs a pivot: the empty coalition must lose and
         * the full one win. The votes are left all 0. */
        work_t *w = &works[0];
        bool empty_wins = eval_full(&fl, w);
        for (size_t j = 0; j < fl.nment; j++) {
            w->in[fl.ment[j]] = 1;
        }
        bool full_wins = eval_full(&fl, w);
        for (size_t j = 0; j < fl.nment; j++) {
            w->in[fl.ment[j]] = 0;
        }
        P->ssi_defined = !empty_wins && full_wins;
    }

    if (P->anytime) {
        VETO_ALLOC(snap, veto_i_mallocarray(P->len, sizeof(uint64_t)));
    }

    /* Rounds of blocks across the threads; cancellation and the deadline
     * are checked between rounds, outside the parallel region. Rounds end
     * at the checkpoints. */
    uint64_t round = (uint64_t)threads * 4;
    uint64_t next_cp = 1;
    for (uint64_t start = 0; start < nlocal;) {
        uint64_t end = nlocal - start < round ? nlocal : start + round;
        if (P->anytime && end > next_cp) {
            end = next_cp;
        }
        const plan_t *CP = P;
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
#endif
        for (int64_t j = (int64_t)start; j < (int64_t)end; j++) {
            int t = 0;
#ifdef _OPENMP
            t = omp_get_thread_num();
#endif
            run_block(CP, &works[t], a->rank + (uint64_t)j * a->nranks);
        }
        /* a preview for the progress bar: Hoeffding's half-width at about
         * the samples drawn so far by all ranks, which bounds every
         * interval's half-width had sampling stopped here */
        double done = fmin((double)P->samples,
                           (double)end * (double)a->nranks * (double)P->block);
        char stage[96];
        snprintf(stage, sizeof stage,
                 "Monte Carlo sampling (half-width <= %.2g)",
                 sqrt(a->level / (2 * done)));
        start = end;
        if (P->anytime && end == next_cp && end < nlocal) {
            /* all threads are idle: the shared counts are settled */
            memcpy(snap, sums, P->len * sizeof(uint64_t));
            merge_counts(P, works, threads, snap);
            snap_blocks = end;
            next_cp = 2 * next_cp < nlocal ? 2 * next_cp : nlocal;
        }
        rc = veto_i_poll(a->ctx, (double)end / (double)nlocal, stage, err);
        if (rc == VETO_ETIMEOUT && P->anytime && end == nlocal) {
            veto_error_clear(err); /* complete all the same */
            rc = VETO_OK;
        } else if (rc == VETO_ETIMEOUT && P->anytime && snap_blocks > 0) {
            memcpy(sums, snap, P->len * sizeof(uint64_t));
            a->stopped = snap_blocks;
            veto_error_clear(err);
            rc = VETO_OK;
            goto cleanup;
        }
        if (rc != VETO_OK) {
            goto cleanup;
        }
    }
    merge_counts(P, works, threads, sums);

cleanup:
    for (unsigned t = 0; t < nworks; t++) {
        work_clear(&works[t]);
    }
    veto_i_free(works);
    veto_i_free(bthr);
    veto_i_free(bslot);
    P->bslot = NULL;
    P->nbloc = 0;
    veto_i_free(snap);
    flat_clear(&fl);
    wfast_clear(&wf);
    if (have_tmp) {
        rule_from_wgame_clear(&tmp_rule);
    }
    P->wf = NULL;
    P->fl = NULL;
    P->bthr = NULL;
    return rc;
}

/* Fill est[i] = sums[off + i] / N and hw[i] for i < count. */
static void fill_estimates(double *est, double *hw, const uint64_t *sums,
                           size_t count, uint64_t N, double level,
                           double *cache, uint64_t cache_len)
{
    for (size_t i = 0; i < count; i++) {
        uint64_t c = sums[i];
        est[i] = (double)c / (double)N;
        if (c < cache_len) {
            if (cache[c] < 0) {
                cache[c] = veto_i_mc_halfwidth(c, N, level);
            }
            hw[i] = cache[c];
        } else {
            hw[i] = veto_i_mc_halfwidth(c, N, level);
        }
    }
}

veto_status veto_i_mc_run(veto_i_estimates_t *out, const veto_i_rule_t *r,
                          const veto_i_wgame_t *g, size_t n, bool bz, bool ssi,
                          const double *belief, uint64_t rank, uint64_t nranks,
                          veto_i_mc_reduce_fn reduce, void *reduce_user,
                          const veto_i_ctx_t *ctx, veto_error_t *err)
{
    return veto_i_mc_run_opts(out, r, g, n, bz, ssi, belief, rank, nranks,
                              reduce, reduce_user, NULL, ctx, err);
}

veto_status veto_i_mc_run_opts(veto_i_estimates_t *out, const veto_i_rule_t *r,
                               const veto_i_wgame_t *g, size_t n, bool bz,
                               bool ssi, const double *belief, uint64_t rank,
                               uint64_t nranks, veto_i_mc_reduce_fn reduce,
                               void *reduce_user, const veto_i_mc_opts_t *opts,
                               const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    uint64_t *sums = NULL;
    double *cache = NULL;
    if (out == NULL) {
        return veto_i_errorf(err, VETO_EMISUSE, "Monte Carlo: no output");
    }
    veto_i_estimates_clear(out);

    /* Checks every rank makes alike: they fail before any collective. */
    if (n == 0) {
        return veto_i_errorf(err, VETO_EMISUSE, "Monte Carlo: no players");
    }
    if (!bz && !ssi && belief == NULL) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "Monte Carlo: nothing to estimate");
    }
    if (nranks == 0 || rank >= nranks) {
        return veto_i_errorf(
            err, VETO_EMISUSE, "Monte Carlo: rank %llu of %llu",
            (unsigned long long)rank, (unsigned long long)nranks);
    }
    if (reduce == NULL && nranks > 1) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "Monte Carlo: several ranks need a reduce");
    }
    if (r == NULL && g == NULL) {
        return veto_i_errorf(err, VETO_EMISUSE, "Monte Carlo: no rule");
    }
    bool anytime = opts != NULL && opts->stop_at_deadline;
    if (anytime && nranks > 1) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "Monte Carlo: stopping at the deadline needs a "
                             "single process");
    }
    double epsilon = ctx != NULL && ctx->epsilon != 0 ? ctx->epsilon : 0.01;
    double confidence =
        ctx != NULL && ctx->confidence != 0 ? ctx->confidence : 0.999;
    if (!(epsilon > 0 && epsilon < 1)) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "Monte Carlo: epsilon %g is not in (0, 1)",
                             epsilon);
    }
    if (!(confidence > 0 && confidence < 1)) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "Monte Carlo: confidence %g is not in (0, 1)",
                             confidence);
    }
    if (belief != NULL) {
        for (size_t i = 0; i < n; i++) {
            if (!(belief[i] >= 0 && belief[i] <= 1)) {
                return veto_i_errorf(err, VETO_EINVAL,
                                     "Monte Carlo: belief %g of player %zu is "
                                     "not a probability",
                                     belief[i], i);
            }
        }
    }
    if (n > SIZE_MAX / 8 / 4) {
        return veto_i_errorf(err, VETO_ELIMIT, "Monte Carlo: too many players");
    }

    plan_t P;
    memset(&P, 0, sizeof P);
    P.n = n;
    P.bz = bz;
    P.ssi = ssi;
    P.bel = belief != NULL;
    estimate_layout(&P, n);
    size_t nest = (bz ? n + 1 : 0) + (ssi ? n : 0) + (P.bel ? n + 1 : 0);
    double level = log(2.0 * (double)nest) - log(1 - confidence);
    uint64_t N = ctx != NULL ? ctx->samples : 0;
    if (N == 0) {
        N = veto_i_mc_samples_for(nest, epsilon, confidence);
    }
    if (N > (UINT64_C(1) << 62)) {
        rc = veto_i_errorf(err, VETO_ELIMIT,
                           "Monte Carlo: %g samples are too many", (double)N);
        veto_i_error_hint_code(err, VETO_HINT_MC_PRECISION, NULL, NULL, NULL);
        return rc;
    }
    /* Block size from n alone (never from threads or ranks): about 2^20
     * player-steps per block, at most 1024 samples. */
    P.block = n <= 1024
                  ? 1024
                  : ((UINT64_C(1) << 20) / n > 0 ? (UINT64_C(1) << 20) / n : 1);
    if ((N - 1) / P.block > VETO_I_RNG_MAX_BLOCK) {
        return veto_i_errorf(err, VETO_ELIMIT,
                             "Monte Carlo: too many sample blocks");
    }
    P.samples = N;
    P.seed = ctx != NULL ? ctx->seed : 0;
    P.anytime = anytime;
    uint64_t ncp = anytime ? checkpoints((N - 1) / P.block + 1) : 1;
    level += log((double)ncp);

    run_args_t a = {.r = r,
                    .g = g,
                    .belief = belief,
                    .rank = rank,
                    .nranks = nranks,
                    .threads =
                        ctx != NULL && ctx->threads > 0 ? ctx->threads : 1,
                    .level = level,
                    .ctx = ctx};
    if (opts != NULL && opts->bloc_of != NULL && opts->nblocs > 0 &&
        belief != NULL) {
        for (size_t k = 0; k < opts->nblocs; k++) {
            if (!(opts->bloc_a[k] > 0 && opts->bloc_b[k] > 0 &&
                  isfinite(opts->bloc_a[k]) && isfinite(opts->bloc_b[k]))) {
                return veto_i_errorf(err, VETO_EINVAL,
                                     "Monte Carlo: bloc %zu has Beta(%g, %g)",
                                     k, opts->bloc_a[k], opts->bloc_b[k]);
            }
        }
        a.nbloc = opts->nblocs;
        a.bloc_of = opts->bloc_of;
        a.bloc_a = opts->bloc_a;
        a.bloc_b = opts->bloc_b;
    }
#ifndef _OPENMP
    a.threads = 1;
#endif

    VETO_ALLOC(sums, veto_i_calloc(P.len, sizeof(uint64_t)));
    rc = sample_local(&P, sums, &a, err);
    sums[P.off_fail] = rc != VETO_OK;
    if (reduce != NULL) {
        veto_status rrc = reduce(reduce_user, sums, P.len);
        if (rrc != VETO_OK && rc == VETO_OK) {
            rc = veto_i_errorf(err, rrc,
                               "Monte Carlo: combining the processes' counts "
                               "failed (%s)",
                               veto_strerror(rrc));
        }
    }
    if (rc != VETO_OK) {
        goto cleanup;
    }
    if (sums[P.off_fail] != 0) {
        rc = veto_i_errorf(err, VETO_ECANCELLED,
                           "Monte Carlo: sampling failed in %llu other "
                           "process(es)",
                           (unsigned long long)sums[P.off_fail]);
        goto cleanup;
    }

    /* Intervals: many players share a count when samples are few, so the
     * half-widths are cached by count when that table is O(n). */
    uint64_t cache_len = N < 4 * (uint64_t)n + 64 ? N + 1 : 0;
    if (cache_len > 0) {
        VETO_ALLOC(cache, veto_i_mallocarray(cache_len, sizeof(double)));
        for (uint64_t c = 0; c < cache_len; c++) {
            cache[c] = -1;
        }
    }
    out->n = n;
    out->planned = N;
    if (a.stopped > 0) {
        N = a.stopped * P.block < N ? a.stopped * P.block : N;
        out->stopped_early = true;
    }
    out->samples = N;
    out->confidence = confidence;
    if (bz) {
        VETO_ALLOC(out->bz_abs, veto_i_mallocarray(n, sizeof(double)));
        VETO_ALLOC(out->bz_abs_hw, veto_i_mallocarray(n, sizeof(double)));
        fill_estimates(out->bz_abs, out->bz_abs_hw, sums + P.off_bz, n, N,
                       level, cache, cache_len);
        fill_estimates(&out->p_win, &out->p_win_hw, sums + P.off_win, 1, N,
                       level, cache, cache_len);
        out->have_bz = true;
    }
    if (ssi) {
        VETO_ALLOC(out->ssi, veto_i_mallocarray(n, sizeof(double)));
        VETO_ALLOC(out->ssi_hw, veto_i_mallocarray(n, sizeof(double)));
        fill_estimates(out->ssi, out->ssi_hw, sums + P.off_ssi, n, N, level,
                       cache, cache_len);
        out->have_ssi = true;
    }
    if (P.bel) {
        VETO_ALLOC(out->p_dec, veto_i_mallocarray(n, sizeof(double)));
        VETO_ALLOC(out->p_dec_hw, veto_i_mallocarray(n, sizeof(double)));
        fill_estimates(out->p_dec, out->p_dec_hw, sums + P.off_dec, n, N, level,
                       cache, cache_len);
        fill_estimates(&out->p_act, &out->p_act_hw, sums + P.off_act, 1, N,
                       level, cache, cache_len);
        out->have_beliefs = true;
    }
    if (anytime) {
        snprintf(out->bound, sizeof out->bound,
                 "Chernoff (binomial KL) intervals, Bonferroni over %zu "
                 "estimates x %llu checkpoints",
                 nest, (unsigned long long)ncp);
    } else {
        snprintf(out->bound, sizeof out->bound,
                 "Chernoff (binomial KL) intervals, Bonferroni over %zu "
                 "estimates",
                 nest);
    }

cleanup:
    veto_i_free(sums);
    veto_i_free(cache);
    if (rc != VETO_OK) {
        veto_i_estimates_clear(out);
    }
    return rc;
}
