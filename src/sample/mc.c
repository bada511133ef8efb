/*
 * mc.c: the Monte Carlo engine's run (see mc.h for the contract and the
 * bound, mc_i.h for the representations and the files): blocks of samples
 * spread over threads and ranks, checkpoints for stopping at the deadline,
 * and the estimates with their intervals.
 */
#include "mc_i.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

/* ---- one block of samples ---------------------------------------------- */

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
                mc_wsample_swings(P, w, false);
            } else {
                mc_gsample_swings(P, w, false);
            }
        }
    }
    if (P->ssi && P->ssi_defined) {
        veto_i_rng_init(&w->rng, P->seed, b, STREAM_SSI);
        if (P->weighted && mc_use_buckets(P->wf->m)) {
            for (uint64_t s = 0; s < count; s++) {
                mc_wsample_ssi_buckets(P, w);
            }
        } else if (P->weighted) {
            for (size_t j = 0; j < P->wf->m; j++) {
                w->perm[j] = j;
            }
            for (uint64_t s = 0; s < count; s++) {
                mc_wsample_ssi(P, w);
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
                mc_gsample_ssi(P, w);
            }
        }
    }
    if (P->bel) {
        veto_i_rng_init(&w->rng, P->seed, b, STREAM_BELIEF);
        for (uint64_t s = 0; s < count; s++) {
            if (P->nbloc > 0) {
                mc_draw_blocs(P, w);
            }
            if (P->weighted) {
                mc_wsample_swings(P, w, true);
            } else {
                mc_gsample_swings(P, w, true);
            }
        }
    }
}

/* ---- the estimates record ----------------------------------------------- */

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

/* ---- the run ------------------------------------------------------------ */

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
    VETO_TRY(mc_plan_size(&z, r, a->g, P, threads, err));
    VETO_TRY(veto_i_budget_check(
        a->ctx, z.bytes, "Monte Carlo sampling",
        (&(const veto_i_advice_t){VETO_HINT_FEWER_THREADS, NULL, NULL}), err));
    P->weighted = z.weighted;
    if (!z.weighted && r == NULL) {
        have_tmp = true;
        VETO_TRY(mc_rule_from_wgame(&tmp_rule, a->g, err));
        r = &tmp_rule;
    }
    size_t m;
    /* the shape of g's single term, when r is that copy, is as planned */
    shape_t s = z.shape;
    if (P->weighted) {
        VETO_TRY(mc_wfast_build(&wf, a->g, err));
        P->wf = &wf;
        m = wf.m;
        P->ssi_defined = wf.q >= 1 && wf.q <= wf.total;
    } else {
        VETO_TRY(mc_flat_build(&fl, r, n, &s, err));
        P->fl = &fl;
        m = fl.nment;
    }
    if (P->bel) {
        VETO_ALLOC(bthr, veto_i_mallocarray(m + 1, sizeof(uint64_t)));
        for (size_t j = 0; j < m; j++) {
            size_t i = P->weighted ? wf.e[j].i : fl.ment[j];
            bthr[j] = mc_belief_threshold(a->belief[i]);
        }
        P->bthr = bthr;
        if (a->bloc_of != NULL && a->nbloc > 0) {
            VETO_ALLOC(bslot, veto_i_mallocarray(m + 1, sizeof(size_t)));
            for (size_t j = 0; j < m; j++) {
                size_t i = P->weighted ? wf.e[j].i : fl.ment[j];
                bslot[j] =
                    a->bloc_of[i] >= 0 ? (size_t)a->bloc_of[i] : SIZE_MAX;
            }
            P->bslot = bslot;
            P->nbloc = a->nbloc;
            P->bloc_a = a->bloc_a;
            P->bloc_b = a->bloc_b;
        }
    }

    VETO_ALLOC(works, veto_i_calloc(threads, sizeof *works));
    for (; nworks < threads; nworks++) {
        VETO_TRY(mc_work_init(&works[nworks], P, err));
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
        bool empty_wins = mc_eval_full(&fl, w);
        for (size_t j = 0; j < fl.nment; j++) {
            w->in[fl.ment[j]] = 1;
        }
        bool full_wins = mc_eval_full(&fl, w);
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
        mc_work_clear(&works[t]);
    }
    veto_i_free(works);
    veto_i_free(bthr);
    veto_i_free(bslot);
    P->bslot = NULL;
    P->nbloc = 0;
    veto_i_free(snap);
    mc_flat_clear(&fl);
    mc_wfast_clear(&wf);
    if (have_tmp) {
        mc_rule_from_wgame_clear(&tmp_rule);
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
    mc_estimate_layout(&P, n);
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
