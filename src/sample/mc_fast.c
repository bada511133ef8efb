/*
 * mc_fast.c: the Monte Carlo engine's weighted fast path: building it
 * and sampling on it (see mc_i.h).
 */
#include "mc_i.h"

#include <stdlib.h>
#include <string.h>

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
veto_status mc_wgame_check(bool *fits, const veto_i_wgame_t *g, size_t n,
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
        if (!mc_z_fits_u64(g->w[i]) ||
            __builtin_add_overflow(total, mc_z_u64(g->w[i]), &total) ||
            total == UINT64_MAX) {
            *fits = false;
        }
    }
    return VETO_OK;
}

void mc_wfast_clear(wfast_t *wf)
{
    veto_i_free(wf->e);
    veto_i_free(wf->w);
    veto_i_free(wf->w32);
    memset(wf, 0, sizeof *wf);
}

/* O(n log n) time, 24 bytes a player of positive weight. g checked by
 * mc_wgame_check and fits. */
veto_status mc_wfast_build(wfast_t *wf, const veto_i_wgame_t *g,
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
            wf->e[j].w = mc_z_u64(g->w[i]);
            wf->e[j].i = i;
            wf->total += wf->e[j].w; /* fits: checked by mc_wgame_check */
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
    if (mc_z_fits_u64(g->quota) && mc_z_u64(g->quota) <= wf->total) {
        wf->q = mc_z_u64(g->quota);
    } else {
        wf->q = wf->total + 1; /* never reached */
    }
cleanup:
    if (rc != VETO_OK) {
        mc_wfast_clear(wf);
    }
    return rc;
}

/* Weight of the player in slot j. */
static inline uint64_t wt(const wfast_t *wf, size_t j)
{
    return wf->w32 != NULL ? wf->w32[j] : wf->w[j];
}

/* ---- sampling on the weighted fast path -------------------------------- */

/* Weighted game: draw a coalition (uniform, or by beliefs), count a win
 * and every player's swing. O(m). */
void mc_wsample_swings(const plan_t *P, work_t *w, bool beliefs)
{
    const wfast_t *wf = P->wf;
    size_t m = wf->m;
    uint64_t *bits = w->bits;
    const uint64_t *thr = w->thr != NULL ? w->thr : P->bthr;
    if (beliefs) {
        memset(bits, 0, (m / 64 + 1) * sizeof(uint64_t));
        for (size_t j = 0; j < m; j++) {
            bits[j >> 6] |= (uint64_t)bernoulli(&w->rng, thr[j]) << (j & 63);
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
void mc_wsample_ssi(const plan_t *P, work_t *w)
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
void mc_wsample_ssi_buckets(const plan_t *P, work_t *w)
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
