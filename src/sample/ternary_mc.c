/*
 * ternary_mc.c: Monte Carlo for three-valued rules (issue 10), with the
 * interval guarantees of mc.h: every figure is a proportion c/N of N
 * independent samples, its interval the Chernoff (binomial KL) bound
 * inverted at level ln(2m/delta), m the number of figures reported, so
 * that all hold together with probability at least the confidence.
 *
 *  - Ternary Banzhaf (absolute): a uniform profile x of all players; for
 *    each i, [v(x, i yes) > v(x, i no)]: the others' votes are uniform over
 *    the 3^(n-1) profiles, so the mean estimates raw_i / 3^(n-1). The same
 *    profile gives the share of winning profiles.
 *  - Roll-call Shapley-Shubik: a uniform order and uniform votes; the pivot
 *    is the first voter after whom v(votes so far, the rest yes) = v(votes
 *    so far, the rest no) (monotone, so found by bisection).
 *  - Beliefs: x drawn from the belief; P(act) is the mean of v(x), and for
 *    each i the three steps [v(x, i a) > v(x, i n)], [v(x, i y) > v(x, i a)],
 *    [v(x, i y) > v(x, i n)] (the others drawn from their beliefs).
 *
 * Reproducible: block b of B samples of kind k draws from the
 * counter-based generator keyed by (seed, b, k), never by thread. B comes
 * from the cost of one sample alone (tmc_block_size: the players, the
 * kinds asked and the work of one rule evaluation), never from threads or
 * ranks: 4,096 where 4,096 samples cost at most BLOCK_STEPS (about 2^24
 * player-reads of the rule, a few ms to a few tens of ms), fewer, down to
 * one, above that. The Security Council (15 players, every kind and a
 * belief: 2,226 player-reads a sample) keeps 4,096, and so its results
 * for a seed; larger models draw other samples for the same seed than
 * before 2026-12-01 (CHANGELOG): EU-27 with constructive abstention
 * (`veto power`: 6,194 a sample) blocks of 2,708, assembly-300 (1.4
 * million with its belief) blocks of 29 for `veto power`, 12 with the
 * belief. Blocks are spread over ctx->threads threads as in the yes/no
 * sampler (mc.c), and over ranks (veto-mpi: block b to rank b mod
 * nranks, the counts summed by ctx->reduce at the end):
 * OpenMP rounds of blocks, each thread adding into its own counts, which
 * are summed in uint64 when every thread is idle (at a checkpoint or at
 * the end); integer addition commutes, so the counts, hence the output,
 * are the same for any number of threads. Every kind is drawn in each
 * block, so that with stop_at_deadline the run can stop at a checkpoint
 * (after 1, 2, 4, ... blocks) with the same samples of every kind,
 * through the machinery of the yes/no sampler (mc_stop.h); the intervals
 * are then valid at every checkpoint at once. The deadline and
 * cancellation are polled between rounds, and inside a block every
 * POLL_STEPS of estimated work by OpenMP thread 0 (the caller's thread,
 * so the progress callback runs where it always did), which raises a flag
 * the other threads read after every sample. A block cut short leaves its
 * round unfinished: its counts are never summed (the threads' counts are
 * dropped), so the run stops at the checkpoint before it (or fails with
 * VETO_ETIMEOUT / VETO_ECANCELLED without checkpoints), exactly as if the
 * poll after the round had seen the deadline; with several ranks this is
 * the vote of a rank that stopped short of the checkpoint, and every
 * rank stops at the checkpoint before the cut.
 * Cost per sample: 2n rule evaluations (Banzhaf), O(log n) (roll call),
 * 3n + 1 (each belief).
 */
#include "../exact/ternary.h"
#include "mc.h"
#include "mc_stop.h"
#include "rng.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

/* A block: at most MAX_BLOCK samples, and fewer when MAX_BLOCK of them
 * would cost more than BLOCK_STEPS (the estimate of tmc_sample_cost);
 * inside a block, thread 0 polls after every POLL_STEPS of that
 * estimate. The estimate counts every player read by a rule evaluation
 * (a term reads all its players, no short cut taken), so it is high by a
 * small factor on rules whose k-of nodes stop early: BLOCK_STEPS is about
 * 5 to 30 ms of one core (bench/README.md). */
#define MAX_BLOCK 4096u
#define BLOCK_STEPS 16777216.0 /* 2^24 */
#define POLL_STEPS 4194304.0   /* 2^22 */

void veto_i_tmc_clear(veto_i_tmc_t *t)
{
    veto_i_free(t->bz);
    veto_i_free(t->bz_hw);
    veto_i_free(t->ss);
    veto_i_free(t->ss_hw);
    veto_i_free(t->p_act);
    veto_i_free(t->p_act_hw);
    veto_i_free(t->na);
    veto_i_free(t->na_hw);
    veto_i_free(t->ay);
    veto_i_free(t->ay_hw);
    veto_i_free(t->ny);
    veto_i_free(t->ny_hw);
    memset(t, 0, sizeof *t);
}

static double *dalloc(size_t k)
{
    return veto_i_calloc(k == 0 ? 1 : k, sizeof(double));
}

/* v(x) with x[i] = the vote; x restored. */
static bool ev_with(const veto_i_rule_t *r, unsigned char *x, size_t i,
                    unsigned char v)
{
    unsigned char s = x[i];
    x[i] = v;
    bool w = veto_i_ternary_eval(r, x);
    x[i] = s;
    return w;
}

/* Players read and nodes visited by one evaluation of r at most (every
 * term reads all its players). O(size of r). */
static double tmc_eval_cost(const veto_i_rule_t *r)
{
    double s = 1;
    if (r->kind == VETO_I_R_TERM) {
        s += (double)r->nterm;
    } else if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            s += tmc_eval_cost(r->child[c]);
        }
    }
    return s;
}

/* The estimated cost of one sample of each kind, in player-reads (as
 * tmc_block draws them): Banzhaf n draws and 2n + 1 evaluations; roll
 * call 3n (order and votes) and 2 + 2 ceil(log2 n) evaluations with n
 * writes each; a belief n draws and 3n + 1 evaluations. */
typedef struct tmc_cost {
    double bz, ss, bel;
} tmc_cost_t;

static tmc_cost_t tmc_sample_cost(const veto_i_rule_t *r, size_t n)
{
    double e = tmc_eval_cost(r), dn = (double)n, lg = 0;
    for (size_t k = 1; k < n; k *= 2) {
        lg++;
    }
    tmc_cost_t c = {.bz = dn + (2 * dn + 1) * e,
                    .ss = 3 * dn + (2 + 2 * lg) * (e + dn),
                    .bel = dn + (3 * dn + 1) * e};
    return c;
}

/* Samples per block, from the model alone (never threads or ranks, so
 * that a seed gives the same samples everywhere): MAX_BLOCK if that many
 * cost at most BLOCK_STEPS, else as many as fit, at least 1. */
static uint64_t tmc_block_size(const tmc_cost_t *k, bool bz, bool ss,
                               size_t nbel)
{
    double per = (bz ? k->bz : 0) + (ss ? k->ss : 0) + (double)nbel * k->bel;
    if (per * MAX_BLOCK <= BLOCK_STEPS) {
        return MAX_BLOCK;
    }
    double b = floor(BLOCK_STEPS / per);
    return b >= 1 ? (uint64_t)b : 1;
}

/* What every block reads. */
typedef struct tmc_plan {
    const veto_i_rule_t *r;
    size_t n, nbel;
    bool bz, ss;
    uint64_t seed, N;
    uint64_t block;         /* samples per block (tmc_block_size) */
    tmc_cost_t cost;        /* of one sample of each kind */
    size_t off_ss, off_bel; /* counts: bz [n + 1], ss [n], belief [3n + 1] */
    const double *py, *pa;  /* [nbel * n] P(yes), P(yes or abstain) */
} tmc_plan_t;

/* What one thread writes: its votes and ordering, its counts ([len]). */
typedef struct tmc_work {
    unsigned char *x, *y;
    size_t *ord;
    uint64_t *c;
} tmc_work_t;

static void tmc_work_clear(tmc_work_t *w)
{
    veto_i_free(w->x);
    veto_i_free(w->y);
    veto_i_free(w->ord);
    veto_i_free(w->c);
    memset(w, 0, sizeof *w);
}

static veto_status tmc_work_init(tmc_work_t *w, size_t n, size_t len,
                                 veto_error_t *err)
{
    veto_status rc = VETO_OK;
    VETO_ALLOC(w->x, veto_i_calloc(n, 1));
    VETO_ALLOC(w->y, veto_i_calloc(n, 1));
    VETO_ALLOC(w->ord, veto_i_calloc(n, sizeof *w->ord));
    VETO_ALLOC(w->c, veto_i_calloc(len + 1, sizeof *w->c));
cleanup:
    if (rc != VETO_OK) {
        tmc_work_clear(w); /* the caller clears only the complete ones */
    }
    return rc;
}

/* dst = the sum of the threads' counts (all threads idle). */
static void tmc_sum(uint64_t *dst, const tmc_work_t *works, unsigned threads,
                    size_t len)
{
    memset(dst, 0, len * sizeof *dst);
    for (unsigned t = 0; t < threads; t++) {
        for (size_t k = 0; k < len; k++) {
            dst[k] += works[t].c[k];
        }
    }
}

/* The polls inside the blocks of one round, shared by its threads. */
typedef struct tmc_poll {
    const veto_i_ctx_t *ctx;
    veto_error_t *err; /* written by thread 0 alone */
    veto_status rc;    /* thread 0's verdict when it raised stop */
    int stop;          /* raised (atomically) by thread 0, read by all */
    uint64_t nblocks;
} tmc_poll_t;

/* After a sample of estimated cost `cost` in block b: false when the
 * block must be cut short. Every thread reads the flag; thread 0 (poller)
 * also polls the deadline and cancellation once *left, the work until its
 * next poll, is spent. */
static bool tmc_go_on(tmc_poll_t *Q, bool poller, double *left, double cost,
                      uint64_t b)
{
    if (__atomic_load_n(&Q->stop, __ATOMIC_RELAXED)) {
        return false;
    }
    if (!poller || (*left -= cost) > 0) {
        return true;
    }
    *left = POLL_STEPS;
    veto_status prc = veto_i_poll(Q->ctx, (double)b / (double)Q->nblocks,
                                  "three-valued mc", Q->err);
    if (prc == VETO_OK) {
        return true;
    }
    Q->rc = prc;
    __atomic_store_n(&Q->stop, 1, __ATOMIC_RELAXED);
    return false;
}

/* Samples [b B, min(N, (b + 1) B)) of every kind asked, B = P->block,
 * kind k from the stream keyed by (seed, b, k), its counts added into c.
 * Returns false when the polls cut it short (Q): c then holds part of
 * the block and must not be used. */
static bool tmc_block(const tmc_plan_t *P, uint64_t b, uint64_t *c,
                      unsigned char *x, unsigned char *y, size_t *ord,
                      tmc_poll_t *Q, bool poller)
{
    const veto_i_rule_t *r = P->r;
    size_t n = P->n;
    uint64_t first = b * P->block;
    uint64_t count = P->N - first < P->block ? P->N - first : P->block;
    double left = POLL_STEPS;
    veto_i_rng_t g;
    if (P->bz) {
        veto_i_rng_init(&g, P->seed, b, 0);
        for (uint64_t s = 0; s < count; s++) {
            for (size_t i = 0; i < n; i++) {
                x[i] = (unsigned char)veto_i_rng_below(&g, 3);
            }
            c[n] += veto_i_ternary_eval(r, x);
            for (size_t i = 0; i < n; i++) {
                c[i] += ev_with(r, x, i, VETO_I_YES) &&
                        !ev_with(r, x, i, VETO_I_NO);
            }
            if (!tmc_go_on(Q, poller, &left, P->cost.bz, b)) {
                return false;
            }
        }
    }
    if (P->ss) {
        uint64_t *cs = c + P->off_ss;
        veto_i_rng_init(&g, P->seed, b, 1);
        for (uint64_t s = 0; s < count; s++) {
            for (size_t i = 0; i < n; i++) {
                ord[i] = i;
            }
            for (size_t i = n; i > 1; i--) {
                size_t j = (size_t)veto_i_rng_below(&g, i);
                size_t t = ord[i - 1];
                ord[i - 1] = ord[j];
                ord[j] = t;
            }
            for (size_t i = 0; i < n; i++) {
                y[i] = (unsigned char)veto_i_rng_below(&g, 3);
            }
            /* fixed(k): after the first k voters, rest yes == rest no */
            size_t lo = 0, hi = n; /* fixed(hi), not fixed(lo) unless 0 */
            for (size_t i = 0; i < n; i++) {
                x[i] = VETO_I_YES;
            }
            bool u0 = veto_i_ternary_eval(r, x);
            memset(x, VETO_I_NO, n);
            bool l0 = veto_i_ternary_eval(r, x);
            if (u0 == l0) {
                /* a constant rule: no pivot */
                if (!tmc_go_on(Q, poller, &left, P->cost.ss, b)) {
                    return false;
                }
                continue;
            }
            while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                for (size_t k = 0; k < n; k++) {
                    x[ord[k]] = k < mid ? y[ord[k]] : VETO_I_YES;
                }
                bool u = veto_i_ternary_eval(r, x);
                for (size_t k = mid; k < n; k++) {
                    x[ord[k]] = VETO_I_NO;
                }
                bool l = veto_i_ternary_eval(r, x);
                if (u == l) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            cs[ord[hi - 1]]++;
            if (!tmc_go_on(Q, poller, &left, P->cost.ss, b)) {
                return false;
            }
        }
    }
    for (size_t bl = 0; bl < P->nbel; bl++) {
        uint64_t *cb = c + P->off_bel + bl * (3 * n + 1);
        const double *py = P->py + bl * n, *pa = P->pa + bl * n;
        veto_i_rng_init(&g, P->seed, b, 2 + (unsigned)bl);
        for (uint64_t s = 0; s < count; s++) {
            for (size_t i = 0; i < n; i++) {
                double u = (double)(veto_i_rng_u64(&g) >> 11) * 0x1.0p-53;
                x[i] = u < py[i]   ? VETO_I_YES
                       : u < pa[i] ? VETO_I_ABSTAIN
                                   : VETO_I_NO;
            }
            cb[3 * n] += veto_i_ternary_eval(r, x);
            for (size_t i = 0; i < n; i++) {
                bool vn = ev_with(r, x, i, VETO_I_NO);
                bool va = ev_with(r, x, i, VETO_I_ABSTAIN);
                bool vy = ev_with(r, x, i, VETO_I_YES);
                cb[3 * i] += va && !vn;
                cb[3 * i + 1] += vy && !va;
                cb[3 * i + 2] += vy && !vn;
            }
            if (!tmc_go_on(Q, poller, &left, P->cost.bel, b)) {
                return false;
            }
        }
    }
    return true;
}

/* This rank's blocks (rank + j nranks, j < its share of nblocks) on
 * ctx->threads threads, its counts into c ([len], zero on entry). With
 * st (stop_at_deadline, initialised for this rank), the ranks vote at
 * each checkpoint, and *stopped is set as veto_i_mc_stop_vote sets it; c
 * then holds this rank's counts at the checkpoint agreed. */
static veto_status tmc_sample(const tmc_plan_t *P, uint64_t *c, size_t len,
                              uint64_t nblocks, uint64_t rank, uint64_t nranks,
                              veto_i_mc_stop_t *st, uint64_t *stopped,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    tmc_work_t *works = NULL;
    unsigned nworks = 0;
    uint64_t nlocal = veto_i_mc_local_blocks(nblocks, rank, nranks);
    /* no more threads than blocks to share */
    unsigned threads = ctx->threads > 0 ? ctx->threads : 1;
#ifndef _OPENMP
    threads = 1;
#endif
    if (threads > nlocal) {
        threads = nlocal > 0 ? (unsigned)nlocal : 1;
    }
    VETO_ALLOC(works, veto_i_calloc(threads, sizeof *works));
    for (; nworks < threads; nworks++) {
        VETO_TRY(tmc_work_init(&works[nworks], P->n, len, err));
    }
    if (st != NULL) {
        VETO_TRY(veto_i_mc_stop_alloc(st, len, err));
    }

    /* Rounds of one block per thread, every kind in each block, so that a
     * checkpoint holds the same samples of every kind; the deadline is
     * polled between rounds, outside the parallel region, and inside the
     * blocks by thread 0 (tmc_go_on); rounds end at the checkpoints (as in
     * mc.c). A round has at most one block per thread, handed out
     * statically: thread 0, which polls inside, always draws its first
     * block. A round cut short inside a block does not advance b: it has
     * not reached its target, and its counts are never summed. */
    tmc_poll_t Q = {.ctx = ctx, .err = err, .nblocks = nblocks};
    /* Before the first checkpoint there is nothing to stop at: the polls
     * inside blocks then heed cancellation only (the deadline is read
     * after the round), so that a run stopped at the deadline always has
     * the first checkpoint, as the yes/no sampler does, at the cost of
     * one block past the limit (a few ms to tens of ms). */
    veto_i_ctx_t first = *ctx;
    first.deadline = 0;
    uint64_t b = 0; /* this rank's blocks drawn */
    for (bool done = false; !done;) {
        uint64_t target = st != NULL ? veto_i_mc_stop_target(st) : nlocal;
        veto_status prc = VETO_OK;
        Q.ctx = st != NULL && st->snap_cp == 0 ? &first : ctx;
        if (b < target) {
            uint64_t end = target - b < threads ? target : b + threads;
            tmc_poll_t *CQ = &Q;
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) schedule(static, 1)
#endif
            for (int64_t j = (int64_t)b; j < (int64_t)end; j++) {
                int t = 0;
#ifdef _OPENMP
                t = omp_get_thread_num();
#endif
                tmc_work_t *w = &works[t];
                (void)tmc_block(P, rank + (uint64_t)j * nranks, w->c, w->x,
                                w->y, w->ord, CQ, t == 0);
            }
            /* thread 0 raises the flag exactly when it cuts its block */
            if (__atomic_load_n(&Q.stop, __ATOMIC_RELAXED)) {
                prc = Q.rc;
            } else {
                b = end;
                prc = veto_i_poll(ctx, (double)b / (double)nlocal,
                                  "three-valued mc", err);
                if (prc == VETO_OK && b < target) {
                    continue;
                }
            }
        }
        if (st == NULL) {
            VETO_TRY(prc);
            done = b == nlocal;
            continue;
        }
        bool reached = b == target;
        if (reached) {
            tmc_sum(veto_i_mc_stop_stage(st), works, threads, len);
        }
        VETO_TRY(veto_i_mc_stop_vote(st, c, reached, prc, &done, stopped, err));
    }
    if (st == NULL) {
        tmc_sum(c, works, threads, len);
    }
cleanup:
    for (unsigned t = 0; t < nworks; t++) {
        tmc_work_clear(&works[t]);
    }
    veto_i_free(works);
    return rc;
}

/* est = count / N and its half-width, for k counts. */
static void tmc_fill(double *est, double *hw, const uint64_t *c, size_t k,
                     size_t stride, uint64_t N, double level)
{
    for (size_t i = 0; i < k; i++) {
        est[i] = (double)c[i * stride] / (double)N;
        hw[i] = veto_i_mc_halfwidth(c[i * stride], N, level);
    }
}

veto_status veto_i_ternary_mc(veto_i_tmc_t *out, const veto_i_rule_t *r,
                              size_t n, bool bz, bool ss,
                              const veto_i_tbelief_t *bel, size_t nbel,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    return veto_i_ternary_mc_opts(out, r, n, bz, ss, bel, nbel, false, ctx,
                                  err);
}

veto_status veto_i_ternary_mc_opts(veto_i_tmc_t *out, const veto_i_rule_t *r,
                                   size_t n, bool bz, bool ss,
                                   const veto_i_tbelief_t *bel, size_t nbel,
                                   bool stop_at_deadline,
                                   const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    uint64_t *c = NULL, stopped = 0;
    double *py = NULL, *pa = NULL;
    veto_i_mc_stop_t st;
    memset(&st, 0, sizeof st);
    memset(out, 0, sizeof *out);
    if (n == 0) {
        return veto_i_errorf(err, VETO_EINVAL, "a rule over no players");
    }
    double conf =
        ctx->confidence > 0 && ctx->confidence < 1 ? ctx->confidence : 0.999;
    double eps = ctx->epsilon > 0 && ctx->epsilon < 1 ? ctx->epsilon : 0.01;
    size_t m = (bz ? n + 1 : 0) + (ss ? n : 0) + nbel * (1 + 3 * n);
    if (m == 0) {
        m = 1;
    }
    uint64_t N =
        ctx->samples != 0 ? ctx->samples : veto_i_mc_samples_for(m, eps, conf);
    if (N == UINT64_MAX || N > (UINT64_C(1) << 40)) {
        return veto_i_errorf(err, VETO_ELIMIT,
                             "Monte Carlo would need %" PRIu64 " samples", N);
    }
    /* n <= the model's player limit, so these sizes do not overflow */
    tmc_plan_t P = {.r = r,
                    .n = n,
                    .nbel = nbel,
                    .bz = bz,
                    .ss = ss,
                    .seed = ctx->seed,
                    .N = N};
    P.off_ss = bz ? n + 1 : 0;
    P.off_bel = P.off_ss + (ss ? n : 0);
    size_t len = P.off_bel + nbel * (3 * n + 1);
    P.cost = tmc_sample_cost(r, n);
    P.block = tmc_block_size(&P.cost, bz, ss, nbel);
    /* N <= 2^40 and block >= 1: at most 2^40 blocks, within the
     * generator's block counter (VETO_I_RNG_MAX_BLOCK, 2^56 - 1) */
    uint64_t nblocks = (N + P.block - 1) / P.block;
    /* Stopping at the deadline: intervals valid at every checkpoint at
     * once (a union bound over them too, as in mc.h). */
    uint64_t ncp = stop_at_deadline ? veto_i_mc_checkpoints(nblocks) : 1;
    double level = log(2.0 * (double)m / (1.0 - conf)) + log((double)ncp);
    out->n = n;
    out->nbel = nbel;
    out->confidence = conf;
    /* Several processes (veto-mpi): block b is rank b mod nranks's, the
     * counts are summed over the ranks at the end, and with
     * stop_at_deadline the ranks vote at each checkpoint (mc_stop.h), so
     * that they stop at the same one. From here on every rank must reach
     * the final sum, failed or not (a failing one says so in the last
     * count). */
    bool multi = ctx->nranks > 1 && ctx->reduce != NULL;
    uint64_t rank = multi ? ctx->rank : 0, nranks = multi ? ctx->nranks : 1;
    if (stop_at_deadline) {
        veto_i_mc_stop_init(&st, nblocks, rank, nranks,
                            multi ? ctx->reduce : NULL,
                            multi ? ctx->reduce_user : NULL);
    }
    c = veto_i_calloc(len + 1, sizeof *c);
    py = dalloc(nbel * n);
    pa = dalloc(nbel * n);
    if (c == NULL || py == NULL || pa == NULL) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    } else {
        for (size_t b = 0; b < nbel; b++) {
            for (size_t i = 0; i < n; i++) {
                py[b * n + i] = mpq_get_d(bel[b].yes[i]);
                pa[b * n + i] = py[b * n + i] + mpq_get_d(bel[b].abstain[i]);
            }
        }
        P.py = py;
        P.pa = pa;
        rc = tmc_sample(&P, c, len, nblocks, rank, nranks,
                        stop_at_deadline ? &st : NULL, &stopped, ctx, err);
    }
    if (stop_at_deadline) {
        veto_i_mc_stop_abandon(&st, rc); /* a rank failing before the votes */
    }
    if (multi) {
        /* c == NULL: this rank cannot take part; the others wait for it
         * (as in mc.c: a few bytes that failed) */
        if (c != NULL) {
            c[len] = rc != VETO_OK;
            veto_status rrc = ctx->reduce(ctx->reduce_user, c, len + 1);
            if (rrc != VETO_OK && rc == VETO_OK) {
                rc = veto_i_errorf(err, rrc,
                                   "Monte Carlo: combining the processes' "
                                   "counts failed (%s)",
                                   veto_strerror(rrc));
            }
            if (rc == VETO_OK && c[len] != 0) {
                rc = veto_i_errorf(err, VETO_ECANCELLED,
                                   "Monte Carlo: sampling failed in %llu "
                                   "other process(es)",
                                   (unsigned long long)c[len]);
            }
        }
    }
    if (rc != VETO_OK) {
        goto cleanup;
    }
    out->planned = N;
    out->block = P.block;
    if (stopped > 0) {
        N = stopped * P.block < N ? stopped * P.block : N;
        out->stopped_early = true;
    }
    out->samples = N;

    if (bz) {
        VETO_ALLOC(out->bz, dalloc(n));
        VETO_ALLOC(out->bz_hw, dalloc(n));
        tmc_fill(out->bz, out->bz_hw, c, n, 1, N, level);
        tmc_fill(&out->p_win, &out->p_win_hw, c + n, 1, 1, N, level);
        out->have_bz = true;
    }
    if (ss) {
        VETO_ALLOC(out->ss, dalloc(n));
        VETO_ALLOC(out->ss_hw, dalloc(n));
        tmc_fill(out->ss, out->ss_hw, c + P.off_ss, n, 1, N, level);
        out->have_ss = true;
    }
    if (nbel > 0) {
        VETO_ALLOC(out->p_act, dalloc(nbel));
        VETO_ALLOC(out->p_act_hw, dalloc(nbel));
        VETO_ALLOC(out->na, dalloc(nbel * n));
        VETO_ALLOC(out->na_hw, dalloc(nbel * n));
        VETO_ALLOC(out->ay, dalloc(nbel * n));
        VETO_ALLOC(out->ay_hw, dalloc(nbel * n));
        VETO_ALLOC(out->ny, dalloc(nbel * n));
        VETO_ALLOC(out->ny_hw, dalloc(nbel * n));
    }
    for (size_t bl = 0; bl < nbel; bl++) {
        const uint64_t *cb = c + P.off_bel + bl * (3 * n + 1);
        size_t k = bl * n;
        tmc_fill(&out->p_act[bl], &out->p_act_hw[bl], cb + 3 * n, 1, 1, N,
                 level);
        tmc_fill(&out->na[k], &out->na_hw[k], cb, n, 3, N, level);
        tmc_fill(&out->ay[k], &out->ay_hw[k], cb + 1, n, 3, N, level);
        tmc_fill(&out->ny[k], &out->ny_hw[k], cb + 2, n, 3, N, level);
    }
cleanup:
    if (rc != VETO_OK) {
        veto_i_tmc_clear(out);
    }
    veto_i_mc_stop_clear(&st);
    veto_i_free(c);
    veto_i_free(py);
    veto_i_free(pa);
    return rc;
}
