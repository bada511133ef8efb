/*
 * dp_ssi.c: the dp pass for Shapley-Shubik: swings by coalition size per
 * weight class, from the table by weight and size.
 */
#include "dp_i.h"

#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

/* ---- Shapley-Shubik: swings by size per class ---------------------------- */

/* Row t of the table: the three numbers the sweep reads for a row side by
 * side (one cache line, where three arrays took three). */
typedef struct ktrow {
    u64 off;  /* row t starts at off (row q: off = all entries) */
    u32 len;  /* entries of row t: kmax(t) + 1 <= m + 1 */
    u32 kmin; /* fewest players of total weight t (the heaviest k reach t):
               * P(t, k) = 0 below, so the dp skips those entries */
} ktrow_t;

typedef struct ktable {
    size_t q;
    ktrow_t *row; /* [q + 1] */
} ktable_t;

static void ktable_clear(ktable_t *kt)
{
    veto_i_free(kt->row);
    memset(kt, 0, sizeof *kt);
}

static bool ktable_init(ktable_t *kt, const rgame_t *rg)
{
    size_t q = (size_t)rg->q;
    if (rg->m >= UINT32_MAX) { /* len, kmin <= m + 1 in 32 bits */
        return false;
    }
    kt->q = q;
    kt->row = veto_i_mallocarray(q + 1, sizeof *kt->row);
    if (kt->row == NULL) {
        return false;
    }
    size_t k = 0;                                         /* kmax(t) */
    u64 next = rg->m > 0 ? rg->w[rg->m - 1] : UINT64_MAX; /* S_{k+1} */
    u64 off = 0;
    for (size_t t = 0; t < q; t++) {
        while (k < rg->m && next <= t) {
            k++;
            next = k < rg->m ? next + rg->w[rg->m - 1 - k] : UINT64_MAX;
        }
        kt->row[t].off = off;
        kt->row[t].len = (u32)(k + 1);
        off += k + 1;
    }
    kt->row[q] = (ktrow_t){off, 0, 0};
    size_t h = 0; /* heaviest h players weigh heavy >= t */
    u64 heavy = 0;
    for (size_t t = 0; t < q; t++) {
        while (heavy < t && h < rg->m) {
            heavy += rg->w[h++];
        }
        kt->row[t].kmin = (u32)h;
    }
    return true;
}

/* Players per sweep of the Shapley-Shubik table (see ssi_prime): on
 * random-300 (bench/README.md) 8 and 16 took about the same CPU, both less
 * than 4; 8 keeps the rows between the group's players in a smaller
 * window of the cache. */
#define SSI_GROUP 8
/* Sweep steps between a player's write of a row and the next player's read
 * of it (see ssi_prime). */
#define SSI_SKEW 3
/* Sweep steps ahead at which the rows that come from memory are
 * prefetched. */
#define SSI_PREFETCH 2
/* Tables of at least twice this many bytes get a block of their own
 * aligned to it, which the kernel may back with huge pages. */
#define SSI_HUGE ((size_t)2 << 20)

/* Bytes per thread of the table of rg (dp_size_table_entries words), with
 * the slack of the alignment. */
u64 dp_ssi_table_bytes(const rgame_t *rg)
{
    u64 b = veto_i_sat_mul(dp_size_table_entries(rg), sizeof(u32));
    return b >= 2 * SSI_HUGE ? veto_i_sat_add(b, SSI_HUGE) : b;
}

/* One thread's table, kept from prime to prime: the table of a random game
 * of 300 players is 47 MB, and a fresh one per prime cost a second of page
 * faults (sys time) in 11 primes. */
typedef struct ssi_tab {
    void *raw; /* what was allocated */
    u32 *a;    /* the table in it */
} ssi_tab_t;

static void tab_free(ssi_tab_t *t)
{
    veto_i_free(t->raw);
    t->raw = NULL;
    t->a = NULL;
}

/* words >= 1 u32, not zeroed. A large table starts at a multiple of
 * SSI_HUGE and asks for huge pages: with 4 KB pages its rows cost a TLB
 * miss each (a page walk under virtualisation). */
static bool tab_alloc(ssi_tab_t *t, u64 words)
{
    u64 bytes = veto_i_sat_mul(words, sizeof(u32));
    if (bytes < 2 * SSI_HUGE) {
        t->raw = veto_i_mallocarray((size_t)words, sizeof(u32));
        t->a = t->raw;
        return t->raw != NULL;
    }
    if (bytes >= SIZE_MAX - SSI_HUGE) {
        return false;
    }
    t->raw = veto_i_mallocarray((size_t)bytes + SSI_HUGE, 1);
    if (t->raw == NULL) {
        return false;
    }
    uintptr_t at =
        ((uintptr_t)t->raw + SSI_HUGE - 1) & ~(uintptr_t)(SSI_HUGE - 1);
    t->a = (u32 *)at;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    /* whole pages of 4 KB inside the block; advice only, so a refusal
     * changes nothing */
    (void)madvise(t->a, (size_t)bytes & ~(size_t)4095, MADV_HUGEPAGE);
#endif
    return true;
}

typedef struct ssi_job {
    job_t base;
    const ktable_t *kt;
    ssi_tab_t *tabs; /* [ntabs] one per thread, allocated by its thread */
    size_t ntabs;
} ssi_job_t;

/* Prefetch the words [a, b) into the cache, for writing when w. */
static inline void prefetch_words(const u32 *a, const u32 *b, bool w)
{
    for (; a < b; a += 16) { /* 64-byte lines */
        if (w) {
            __builtin_prefetch(a, 1, 3);
        } else {
            __builtin_prefetch(a, 0, 3);
        }
    }
}

/* Residues: item c * m + k = swings of a class-c player through coalitions
 * of size k (k < m). */
static bool ssi_prime(const job_t *jb, size_t j, u32 *res)
{
    const ssi_job_t *sj = (const ssi_job_t *)jb;
    const rgame_t *rg = jb->rg;
    const ktable_t *kt = sj->kt;
    size_t r = jb->crt->r;
    u32 p = jb->crt->p[j];
    size_t q = (size_t)rg->q, m = rg->m;
    u64 words = kt->row[q].off == 0 ? 1 : kt->row[q].off;
    /* this thread's table, or one for this prime alone if the team is
     * larger than planned */
    int tid = dp_thread_id();
    ssi_tab_t own = {NULL, NULL};
    ssi_tab_t *tt = tid >= 0 && (size_t)tid < sj->ntabs ? &sj->tabs[tid] : &own;
    if (tt->a == NULL && !tab_alloc(tt, words)) {
        return false;
    }
    u32 *tab = tt->a;
    memset(tab, 0, (size_t)words * sizeof *tab);
    u32 *acc = veto_i_calloc(m + 1, sizeof *acc);
    if (acc == NULL) {
        tab_free(&own);
        return false;
    }
    tab[0] = 1;
    /* Players go in groups of SSI_GROUP (lightest first) through one sweep
     * of the rows from the top down. Player g of a group updates row t
     * from row t - w_g as the players before it left that row, and before
     * it has touched it itself; so in the sweep player g works lag_g =
     * w_1 + ... + w_g + g SSI_SKEW rows above the first player of the
     * group (g = 0 at lag 0): at sweep position s it reads the row t - w_g
     * = s + lag_(g-1) + SKEW that player g - 1 wrote SSI_SKEW steps before
     * and writes row t, which player g - 1 finished w_g + SKEW steps
     * before; players after g reach rows t and t - w_g later still. (With
     * no skew player g read the row that g - 1 had written just before, at
     * another alignment, and the loads waited for the stores: the skew
     * took a quarter of the time off.) The rows between the group's first
     * and last player stay in cache, and the table streams from memory
     * once per group instead of once per player; the first player's rows,
     * which come from memory, are prefetched SSI_PREFETCH steps ahead. */
    u64 reach = 0;
    size_t done = 0;
    for (size_t x = m; x > 0;) { /* lightest first: players x - 1, x - 2.. */
        size_t gn = x < SSI_GROUP ? x : SSI_GROUP;
        size_t gw[SSI_GROUP], ghi[SSI_GROUP], gdone[SSI_GROUP];
        size_t glag[SSI_GROUP];
        int64_t top = 0, bot = INT64_MAX; /* sweep positions */
        for (size_t g = 0; g < gn; g++) {
            size_t w = (size_t)rg->w[x - 1 - g];
            reach += w;
            done++;
            gw[g] = w;
            ghi[g] = reach < q ? (size_t)reach + 1 : q;
            gdone[g] = done;
            glag[g] = g == 0 ? 0 : glag[g - 1] + w + SSI_SKEW;
            /* player g works rows [w, hi) at sweep position t - lag */
            int64_t a = (int64_t)ghi[g] - 1 - (int64_t)glag[g];
            int64_t z = (int64_t)w - (int64_t)glag[g];
            top = a > top ? a : top;
            bot = z < bot ? z : bot;
        }
        x -= gn;
        for (int64_t s = top; s >= bot; s--) {
            for (size_t g = 0; g < gn; g++) {
                int64_t ti = s + (int64_t)glag[g];
                size_t w = gw[g];
                int64_t tp = ti - SSI_PREFETCH;
                if (tp >= (int64_t)w && tp < (int64_t)ghi[g]) {
                    size_t u = (size_t)tp;
                    prefetch_words(tab + kt->row[u].off + kt->row[u].kmin,
                                   tab + kt->row[u + 1].off, true);
                    if (g == 0) { /* the others read what g - 1 wrote */
                        prefetch_words(tab + kt->row[u - w].off +
                                           kt->row[u - w].kmin,
                                       tab + kt->row[u - w + 1].off, false);
                    }
                }
                if (ti < (int64_t)w || ti >= (int64_t)ghi[g]) {
                    continue;
                }
                size_t t = (size_t)ti;
                size_t kl = kt->row[t].len - 1;
                size_t ks = kt->row[t - w].len; /* sizes 0..ks-1 -> 1..ks */
                if (kl > ks) {
                    kl = ks;
                }
                if (kl > gdone[g]) {
                    kl = gdone[g];
                }
                size_t k0 = kt->row[t - w].kmin; /* entries below are 0 */
                if (k0 < kl) {
                    dp_k_add(tab + kt->row[t].off + 1 + k0,
                             tab + kt->row[t - w].off + k0, kl - k0, p);
                }
            }
        }
        if (!dp_poll_at(jb->pl, j, 0.9 * (double)done / (double)m)) {
            tab_free(&own);
            veto_i_free(acc);
            return false;
        }
    }
    /* rows become cumulative: row t = sum_{s <= t} P(s, .) */
    for (size_t t = 1; t < q; t++) {
        dp_k_add(tab + kt->row[t].off, tab + kt->row[t - 1].off,
                 kt->row[t - 1].len, p);
    }
    /* Fc(t, k) = row t - 1 (k < len(t - 1)), 0 beyond or for t <= 0 */
    for (size_t c = 0; c < rg->d; c++) {
        int64_t w = (int64_t)rg->w[rg->cls[c]];
        memset(acc, 0, (m + 1) * sizeof *acc);
        size_t l = 0;
        for (int64_t t1 = (int64_t)q; t1 > 0 && l < m; t1 -= w, l++) {
            /* acc[l + kk] += (-1)^l (Fc(t1, kk) - Fc(t1 - w, kk)) */
            size_t room = m - l; /* k = l + kk < m */
            const u32 *row1 = tab + kt->row[t1 - 1].off;
            size_t n1 = kt->row[t1 - 1].len < room ? kt->row[t1 - 1].len : room;
            (l % 2 == 0 ? dp_k_add : dp_k_sub)(acc + l, row1, n1, p);
            int64_t t2 = t1 - w;
            if (t2 > 0) {
                const u32 *row2 = tab + kt->row[t2 - 1].off;
                size_t n2 =
                    kt->row[t2 - 1].len < room ? kt->row[t2 - 1].len : room;
                (l % 2 == 0 ? dp_k_sub : dp_k_add)(acc + l, row2, n2, p);
            }
        }
        for (size_t k = 0; k < m; k++) {
            res[(c * m + k) * r + j] = acc[k];
        }
    }
    tab_free(&own);
    veto_i_free(acc);
    return true;
}

veto_status dp_do_ssi(veto_i_counts_t *out, const rgame_t *rg,
                      const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    memset(&crt, 0, sizeof crt);
    ktable_t kt;
    memset(&kt, 0, sizeof kt);
    u32 *res = NULL, *digit = NULL;
    ssi_tab_t *tabs = NULL;
    unsigned nthreads = 0;
    size_t m = rg->m;
    /* Each residue is the number of coalitions of size k that a player of
     * class c swings, among the C(m - 1, k) <= 2^(m - 1) coalitions of k of
     * the other m - 1 players: below 2^m, so m bits (not m + 1) suffice. */
    VETO_TRY(dp_crt_init(&crt, m, err));
    size_t r = crt.r;
    u64 each = veto_i_sat_add(dp_ssi_table_bytes(rg), veto_i_sat_mul(m + 1, 4));
    u64 items64 = veto_i_sat_mul(rg->d, m);
    u64 shared = veto_i_sat_add(veto_i_sat_mul(veto_i_sat_mul(items64, r), 4),
                                veto_i_sat_mul(rg->q + 1, sizeof(ktrow_t)));
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the dp for Shapley-Shubik", ADVICE, err));
    size_t items = (size_t)items64;
    if (!ktable_init(&kt, rg)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    VETO_ALLOC(res, veto_i_calloc(items * r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    poller_t pl;
    dp_poller_init(&pl, ctx, err, "dp", r);
    nthreads = dp_fit_threads(ctx, shared, each, r);
    VETO_ALLOC(tabs, veto_i_calloc(nthreads, sizeof *tabs));
    ssi_job_t sj = {
        {rg, &crt, &pl, ssi_prime, items, false}, &kt, tabs, nthreads};
    VETO_TRY(dp_run_primes(&sj.base, res, nthreads, err));
    dp_ssi_finish(out, rg, &crt, res, digit);
cleanup:
    for (size_t t = 0; tabs != NULL && t < nthreads; t++) {
        tab_free(&tabs[t]);
    }
    veto_i_free(tabs);
    veto_i_free(res);
    veto_i_free(digit);
    ktable_clear(&kt);
    dp_crt_clear(&crt);
    return rc;
}

/* The Shapley-Shubik numerators from the residues of ssi_prime's items. */
void dp_ssi_finish(veto_i_counts_t *out, const rgame_t *rg, const crt_t *crt,
                   const u32 *res, u32 *digit)
{
    size_t m = rg->m, r = crt->r;
    mpz_t v, f, sum, scale, bz;
    mpz_inits(v, f, sum, scale, bz, NULL);
    /* ssi_num = (sum_k swings_k k! (m-1-k)!) * n! / m!: dummies (weight 0)
     * leave every Shapley value unchanged. */
    mpz_set_ui(scale, 1);
    for (size_t k = m + 1; k <= rg->n; k++) {
        mpz_mul_ui(scale, scale, k);
    }
    for (size_t c = 0; c < rg->d; c++) {
        mpz_set_ui(sum, 0);
        mpz_fac_ui(f, m - 1);
        for (size_t k = 0; k < m; k++) {
            dp_crt_value(v, crt, res + (c * m + k) * r, 1, digit);
            if (out->swings_k != NULL && mpz_sgn(v) != 0) {
                /* with j of the z players of weight 0: size k + j; once
                 * for the class (its row class) */
                mpz_t *row = veto_i_counts_swings_row(out, rg->ord[rg->cls[c]]);
                for (size_t jz = 0; jz <= rg->z; jz++) {
                    mpz_bin_uiui(bz, rg->z, jz);
                    mpz_addmul(row[k + jz], v, bz);
                }
            }
            mpz_addmul(sum, v, f);
            if (k + 1 < m) {
                mpz_mul_ui(f, f, k + 1);
                mpz_divexact_ui(f, f, m - 1 - k);
            }
        }
        mpz_mul(sum, sum, scale);
        for (size_t x = rg->cls[c]; x < rg->cls[c + 1]; x++) {
            mpz_set(out->ssi_num[rg->ord[x]], sum);
        }
    }
    out->have |= VETO_I_NEED_SSI;
    mpz_clears(v, f, sum, scale, bz, NULL);
}
