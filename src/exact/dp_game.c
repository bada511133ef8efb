/*
 * dp_game.c: the dp engine's reduced game (weight-0 players out, the gcd
 * divided out, weights capped at the quota, classes of equal weight), and
 * the threads: polling, the thread count that fits the memory budget, and
 * run_primes, which runs one job per prime (and per process under MPI).
 */
#include "dp_i.h"

#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

/* ---- the reduced game ---------------------------------------------------- */

void dp_rgame_clear(rgame_t *g)
{
    veto_i_free(g->ord);
    veto_i_free(g->w);
    veto_i_free(g->cls);
    veto_i_free(g->cls_of);
    memset(g, 0, sizeof *g);
}

typedef struct sort_item {
    u64 w;
    size_t i;
} sort_item_t;

static int cmp_desc(const void *a, const void *b)
{
    const sort_item_t *x = a, *y = b;
    if (x->w != y->w) {
        return x->w > y->w ? -1 : 1;
    }
    return x->i < y->i ? -1 : (x->i > y->i);
}

/* Reduce g (see the top of dp_i.h). Errors: ENOMEM; ELIMIT when the
 * reduced quota exceeds DP_MAX_QUOTA. O(n log n) plus the gcd. */
veto_status dp_rgame_init(rgame_t *rg, const veto_i_wgame_t *g,
                          veto_error_t *err)
{
    veto_status rc = VETO_OK;
    sort_item_t *items = NULL;
    mpz_t gcd, total, q, t;
    mpz_inits(gcd, total, q, t, NULL);
    memset(rg, 0, sizeof *rg);
    rg->n = g->n;
    for (size_t i = 0; i < g->n; i++) {
        if (mpz_sgn(g->w[i]) > 0) {
            rg->m++;
            mpz_gcd(gcd, gcd, g->w[i]);
            mpz_add(total, total, g->w[i]);
        }
    }
    rg->z = g->n - rg->m;
    if (mpz_sgn(g->quota) <= 0) {
        rg->kind = GAME_ALL;
        goto cleanup;
    }
    if (mpz_cmp(g->quota, total) > 0) {
        rg->kind = GAME_NONE;
        goto cleanup;
    }
    rg->kind = GAME_NORMAL;
    mpz_cdiv_q(q, g->quota, gcd);
    if (mpz_cmp_ui(q, 0) <= 0 || mpz_sizeinbase(q, 2) > 41 ||
        mpz_get_ui(q) > DP_MAX_QUOTA) {
        rc = veto_i_errorf(err, VETO_ELIMIT,
                           "the dp engine cannot take a quota of %zu bits "
                           "(after dividing by the weights' gcd)",
                           mpz_sizeinbase(q, 2));
        veto_i_error_hint_code(err, VETO_HINT_OTHER_METHOD, "dp", "mc", NULL);
        goto cleanup;
    }
    rg->q = (u64)mpz_get_ui(q);
    size_t m = rg->m;
    VETO_ALLOC(items, veto_i_mallocarray(m, sizeof *items));
    VETO_ALLOC(rg->ord, veto_i_mallocarray(m, sizeof *rg->ord));
    VETO_ALLOC(rg->w, veto_i_mallocarray(m, sizeof *rg->w));
    VETO_ALLOC(rg->cls_of, veto_i_mallocarray(m, sizeof *rg->cls_of));
    VETO_ALLOC(rg->cls, veto_i_mallocarray(m + 1, sizeof *rg->cls));
    size_t k = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (mpz_sgn(g->w[i]) > 0) {
            mpz_divexact(t, g->w[i], gcd);
            u64 w = mpz_cmp_ui(t, rg->q) >= 0 ? rg->q : (u64)mpz_get_ui(t);
            items[k].w = w;
            items[k].i = i;
            k++;
        }
    }
    qsort(items, m, sizeof *items, cmp_desc);
    rg->total = 0;
    rg->d = 0;
    for (size_t j = 0; j < m; j++) {
        rg->ord[j] = items[j].i;
        rg->w[j] = items[j].w;
        rg->total = veto_i_sat_add(rg->total, items[j].w); /* <= m q */
        if (j == 0 || items[j].w != items[j - 1].w) {
            rg->cls[rg->d++] = j;
        }
        rg->cls_of[j] = rg->d - 1;
    }
    rg->cls[rg->d] = m;
cleanup:
    veto_i_free(items);
    mpz_clears(gcd, total, q, t, NULL);
    if (rc != VETO_OK) {
        dp_rgame_clear(rg);
    }
    return rc;
}

/* sum over t < q of (kmax(t) + 1), kmax(t) the most players whose weights
 * sum to at most t: the entries of the table by weight and size. */
u64 dp_size_table_entries(const rgame_t *rg)
{
    u64 sum = rg->q; /* k = 0 */
    u64 s = 0;
    for (size_t j = rg->m; j-- > 0;) { /* lightest first */
        s += rg->w[j];
        if (s >= rg->q) {
            break;
        }
        sum += rg->q - s;
    }
    return sum;
}

/* ---- threads and polling ------------------------------------------------- */

/* The calling thread's number in dp_run_primes' team (0 without OpenMP). */
int dp_thread_id(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

/* Called at block boundaries by every thread; only thread 0 talks to the
 * context. Returns false when the run must stop. */
bool dp_poll_at(poller_t *pl, size_t prime, double frac)
{
    if (atomic_load_explicit(&pl->stop, memory_order_relaxed)) {
        return false;
    }
    if (dp_thread_id() == 0) {
        double f = ((double)prime + frac) / (double)pl->nprime;
        veto_status rc =
            veto_i_poll(pl->ctx, f > 1 ? 1 : f, pl->stage, pl->err);
        if (rc != VETO_OK) {
            pl->rc = rc;
            atomic_store(&pl->stop, 1);
            return false;
        }
    }
    return true;
}

/* Threads that fit: per-thread bytes on top of shared bytes. */
unsigned dp_fit_threads(const veto_i_ctx_t *ctx, u64 shared, u64 each,
                        size_t jobs)
{
    unsigned t = (ctx != NULL && ctx->threads > 0) ? ctx->threads : 1;
    if (t > jobs) {
        t = jobs > 0 ? (unsigned)jobs : 1;
    }
    u64 budget = ctx != NULL ? ctx->max_memory : 0;
    while (budget != 0 && t > 1 &&
           veto_i_sat_add(shared, veto_i_sat_mul(each, t)) > budget) {
        t--;
    }
    return t;
}

void dp_poller_init(poller_t *pl, const veto_i_ctx_t *ctx, veto_error_t *err,
                    const char *stage, size_t r)
{
    pl->ctx = ctx;
    pl->err = err;
    pl->stage = stage;
    atomic_init(&pl->stop, 0);
    pl->rc = VETO_OK;
    pl->nprime = r;
}

/* Run fn for every prime, nthreads at a time; res is [items][r], zero on
 * entry. With several processes (ctx->nranks > 1 and a reduce callback)
 * this one takes the primes j = rank (mod nranks), the others stay zero,
 * and the element-wise sum over the processes puts every prime's residues
 * everywhere: the same values whatever the number of processes. */
veto_status dp_run_primes(job_t *jb, u32 *res, unsigned nthreads,
                          veto_error_t *err)
{
    size_t r = jb->crt->r;
    atomic_int failed = 0;
    (void)nthreads;
    const veto_i_ctx_t *ctx = jb->pl->ctx;
    u64 nranks = 1, rank = 0;
    if (ctx != NULL && ctx->nranks > 1 && ctx->reduce != NULL) {
        nranks = ctx->nranks;
        rank = ctx->rank;
    }
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(nthreads)
#endif
    for (size_t j = 0; j < r; j++) {
        if ((u64)j % nranks != rank) {
            continue;
        }
        if (atomic_load(&jb->pl->stop) || atomic_load(&failed)) {
            continue;
        }
        if (!jb->fn(jb, j, res)) {
            if (!atomic_load(&jb->pl->stop)) {
                atomic_store(&failed, 1);
            }
        }
    }
    if (jb->pl->rc != VETO_OK) {
        return jb->pl->rc;
    }
    if (atomic_load(&jb->pl->stop)) {
        return veto_i_errorf(err, VETO_ECANCELLED, "stopped during %s",
                             jb->pl->stage);
    }
    if (atomic_load(&failed)) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory in %s",
                             jb->pl->stage);
    }
    if (nranks > 1) {
        /* Two residues to a 64-bit sum: each residue is below 2^31 on the
         * one process that computed it and 0 on every other, so each half
         * of the sum is that one residue and no carry crosses the halves.
         * Half the bytes through the reduce (6 MB to 3 MB for
         * Shapley-Shubik at 300 players). */
        size_t len = jb->items * r;
        size_t half = len / 2 + len % 2;
        u64 *sums = veto_i_mallocarray(half == 0 ? 1 : half, sizeof *sums);
        if (sums == NULL) {
            return veto_i_errorf(err, VETO_ENOMEM, "out of memory in %s",
                                 jb->pl->stage);
        }
        for (size_t x = 0; x < half; x++) {
            u64 hi = 2 * x + 1 < len ? res[2 * x + 1] : 0;
            sums[x] = (u64)res[2 * x] | hi << 32;
        }
        veto_status rc = ctx->reduce(ctx->reduce_user, sums, half);
        for (size_t x = 0; x < half; x++) {
            res[2 * x] = (u32)sums[x];
            if (2 * x + 1 < len) {
                res[2 * x + 1] = (u32)(sums[x] >> 32);
            }
        }
        veto_i_free(sums);
        if (rc != VETO_OK) {
            return veto_i_errorf(err, rc,
                                 "summing the dp residues over the "
                                 "processes failed");
        }
    }
    return VETO_OK;
}
