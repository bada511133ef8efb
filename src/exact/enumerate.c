/*
 * enumerate.c: the enumeration engine, every coalition of n <= 30 players.
 *
 * One bit per coalition (bit b of word w is the coalition whose players
 * 0..5 are the bits of b and players 6.. the bits of w). The bitset is
 * built 64 coalitions at a time: the high players' part of each term's sum
 * is kept incrementally along a Gray code of the word index, and the 64
 * low patterns come from a table sorted by their partial sums, so a term's
 * 64 outcomes are one binary search. Everything else is word operations on
 * the bitset: swings compare words (or bits) that differ in one player,
 * coalition sizes are popcount(w) + popcount(b).
 */
#include "counts.h"

#include <string.h>

#define WORD_BITS 64
#define POLL_WORDS (1u << 14) /* 2^20 coalitions between polls */

/* Bits b of a word in which player i < 6 is absent. */
static const uint64_t absent_mask[6] = {
    0x5555555555555555ull, 0x3333333333333333ull, 0x0F0F0F0F0F0F0F0Full,
    0x00FF00FF00FF00FFull, 0x0000FFFF0000FFFFull, 0x00000000FFFFFFFFull};

static const veto_i_advice_t enum_hint[1] = {
    {VETO_HINT_MEMORY, "enum", "dp, bdd"}};

typedef struct bits {
    size_t n;
    unsigned nlow;   /* players in the low bits: min(n, 6) */
    unsigned npat;   /* 2^nlow coalitions per word */
    uint64_t valid;  /* the npat bits in use */
    uint64_t nwords; /* 2^(n - nlow) */
    uint64_t *win;
} bits_t;

typedef struct eterm {
    const veto_i_rule_t *r;
    bool small;
    long pos[VETO_I_ENUM_MAX_N]; /* index in r->player, or -1 */
    int64_t h;                   /* high players' part of the sum */
    int64_t low[WORD_BITS];      /* low parts, sorted decreasing */
    bool big_init;               /* the GMP fields below are initialised */
    mpz_t hz, need;              /* the same in GMP when not small */
    mpz_t lowz[WORD_BITS];
    uint64_t cum[WORD_BITS + 1]; /* bits of the j largest low parts */
    uint64_t mask;               /* the term's outcome on this word */
} eterm_t;

static size_t count_terms(const veto_i_rule_t *r)
{
    if (r->kind == VETO_I_R_TERM) {
        return 1;
    }
    size_t s = 0;
    if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            s += count_terms(r->child[c]);
        }
    }
    return s;
}

static void collect_terms(const veto_i_rule_t *r, eterm_t *t, size_t *at)
{
    if (r->kind == VETO_I_R_TERM) {
        t[(*at)++].r = r;
    } else if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            collect_terms(r->child[c], t, at);
        }
    }
}

/* Scratch words a k-of needs along its deepest path. */
static size_t scratch_need(const veto_i_rule_t *r)
{
    if (r->kind != VETO_I_R_KOF) {
        return 0;
    }
    size_t m = 0;
    for (size_t c = 0; c < r->nchild; c++) {
        size_t s = scratch_need(r->child[c]);
        m = s > m ? s : m;
    }
    return r->k + 1 + m;
}

/* Outcome of the rule on the 64 coalitions of a word, from the terms'
 * outcomes (visited in the same order as collect_terms). at[j] holds the
 * coalitions in which at least j children seen so far pass. */
static uint64_t eval_mask(const veto_i_rule_t *r, const eterm_t *t, size_t *ti,
                          uint64_t *scratch, uint64_t valid)
{
    switch (r->kind) {
    case VETO_I_R_TRUE:
        return valid;
    case VETO_I_R_FALSE:
        return 0;
    case VETO_I_R_TERM:
        return t[(*ti)++].mask;
    case VETO_I_R_KOF:
        break;
    }
    uint64_t *at = scratch;
    uint64_t *below = scratch + r->k + 1;
    size_t k = r->k;
    at[0] = valid;
    for (size_t j = 1; j <= k; j++) {
        at[j] = 0;
    }
    for (size_t c = 0; c < r->nchild; c++) {
        uint64_t m = eval_mask(r->child[c], t, ti, below, valid);
        size_t top = c + 1 < k ? c + 1 : k;
        for (size_t j = top; j >= 1; j--) {
            at[j] |= at[j - 1] & m;
        }
    }
    return at[k];
}

static void terms_clear(eterm_t *t, size_t nt)
{
    if (t == NULL) {
        return;
    }
    for (size_t i = 0; i < nt; i++) {
        if (t[i].big_init) {
            mpz_clear(t[i].hz);
            mpz_clear(t[i].need);
            for (unsigned b = 0; b < WORD_BITS; b++) {
                mpz_clear(t[i].lowz[b]);
            }
        }
    }
    veto_i_free(t);
}

/* Prepare a term: position map, low parts sorted, prefix masks. */
static void term_setup(eterm_t *e, size_t n, unsigned nlow, unsigned npat)
{
    const veto_i_rule_t *r = e->r;
    e->small = r->small;
    for (size_t p = 0; p < n; p++) {
        e->pos[p] = -1;
    }
    for (size_t j = 0; j < r->nterm; j++) {
        e->pos[r->player[j]] = (long)j;
    }
    unsigned ord[WORD_BITS];
    if (e->small) {
        int64_t v[WORD_BITS];
        e->h = 0;
        for (unsigned b = 0; b < npat; b++) {
            v[b] = 0;
            for (unsigned p = 0; p < nlow; p++) {
                if ((b >> p) & 1u && e->pos[p] >= 0) {
                    v[b] += r->w64[e->pos[p]];
                }
            }
            /* insertion into decreasing order */
            unsigned at = b;
            while (at > 0 && v[ord[at - 1]] < v[b]) {
                ord[at] = ord[at - 1];
                at--;
            }
            ord[at] = b;
        }
        for (unsigned j = 0; j < npat; j++) {
            e->low[j] = v[ord[j]];
        }
    } else {
        mpz_t v[WORD_BITS];
        e->big_init = true;
        mpz_init(e->hz);
        mpz_init(e->need);
        for (unsigned b = 0; b < WORD_BITS; b++) {
            mpz_init(e->lowz[b]);
            mpz_init(v[b]);
        }
        for (unsigned b = 0; b < npat; b++) {
            for (unsigned p = 0; p < nlow; p++) {
                if ((b >> p) & 1u && e->pos[p] >= 0) {
                    mpz_add(v[b], v[b], r->w[e->pos[p]]);
                }
            }
            unsigned at = b;
            while (at > 0 && mpz_cmp(v[ord[at - 1]], v[b]) < 0) {
                ord[at] = ord[at - 1];
                at--;
            }
            ord[at] = b;
        }
        for (unsigned j = 0; j < npat; j++) {
            mpz_set(e->lowz[j], v[ord[j]]);
        }
        for (unsigned b = 0; b < WORD_BITS; b++) {
            mpz_clear(v[b]);
        }
    }
    e->cum[0] = 0;
    for (unsigned j = 0; j < npat; j++) {
        e->cum[j + 1] = e->cum[j] | (1ull << ord[j]);
    }
}

/* Outcome of a term on the current word: the low patterns whose part
 * reaches quota - high part, a prefix of the sorted order. */
static void term_mask(eterm_t *e, unsigned npat)
{
    unsigned lo = 0, hi = npat;
    if (e->small) {
        int64_t need = e->r->q64 - e->h; /* |values| < 2^62: no overflow */
        while (lo < hi) {
            unsigned mid = (lo + hi) / 2;
            if (e->low[mid] >= need) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
    } else {
        mpz_sub(e->need, e->r->quota, e->hz);
        while (lo < hi) {
            unsigned mid = (lo + hi) / 2;
            if (mpz_cmp(e->lowz[mid], e->need) >= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
    }
    e->mask = e->cum[lo];
}

static void bits_clear(bits_t *bs)
{
    veto_i_free(bs->win);
    bs->win = NULL;
}

/* Fill bs->win with the rule's outcome on every coalition.
 * Errors: VETO_ELIMIT (n > 30 or over budget), VETO_ENOMEM, VETO_ETIMEOUT,
 * VETO_ECANCELLED. Time O(2^(n-6) * (terms * (n + log 64) + rule size)). */
static veto_status build_bits(bits_t *bs, const veto_i_rule_t *r, size_t n,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    eterm_t *t = NULL;
    uint64_t *scratch = NULL;
    size_t nt = 0;

    memset(bs, 0, sizeof *bs);
    if (n > VETO_I_ENUM_MAX_N) {
        rc = veto_i_errorf(err, VETO_ELIMIT,
                           "enumeration takes at most %d players, this rule "
                           "has %zu",
                           VETO_I_ENUM_MAX_N, n);
        veto_i_error_hint_code(err, VETO_HINT_OTHER_METHOD, "enum", "dp, bdd",
                               NULL);
        return rc;
    }
    bs->n = n;
    bs->nlow = n < 6 ? (unsigned)n : 6;
    bs->npat = 1u << bs->nlow;
    bs->valid = bs->npat == WORD_BITS ? ~0ull : (1ull << bs->npat) - 1;
    bs->nwords = 1ull << (n - bs->nlow);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_mul(bs->nwords, 8),
                                 "the table of all coalitions", enum_hint,
                                 err));
    VETO_ALLOC(bs->win, veto_i_mallocarray((size_t)bs->nwords, 8));

    nt = count_terms(r);
    VETO_ALLOC(t, veto_i_calloc(nt == 0 ? 1 : nt, sizeof *t));
    size_t at = 0;
    collect_terms(r, t, &at);
    for (size_t i = 0; i < nt; i++) {
        const veto_i_rule_t *tr = t[i].r;
        if (tr->nterm > 0 && tr->player[tr->nterm - 1] >= n) {
            rc = veto_i_errorf(err, VETO_EMISUSE,
                               "the rule names player %zu of only %zu",
                               tr->player[tr->nterm - 1], n);
            goto cleanup;
        }
    }
    for (size_t i = 0; i < nt; i++) {
        term_setup(&t[i], n, bs->nlow, bs->npat);
    }
    VETO_ALLOC(scratch, veto_i_calloc(scratch_need(r) + 1, sizeof *scratch));

    for (uint64_t w = 0; w < bs->nwords; w++) {
        uint64_t g = w ^ (w >> 1);
        if (w > 0) {
            unsigned bit = (unsigned)__builtin_ctzll(w);
            size_t p = bs->nlow + bit;
            bool on = (g >> bit) & 1u;
            for (size_t i = 0; i < nt; i++) {
                long j = t[i].pos[p];
                if (j < 0) {
                    continue;
                }
                if (t[i].small) {
                    t[i].h += on ? t[i].r->w64[j] : -t[i].r->w64[j];
                } else if (on) {
                    mpz_add(t[i].hz, t[i].hz, t[i].r->w[j]);
                } else {
                    mpz_sub(t[i].hz, t[i].hz, t[i].r->w[j]);
                }
            }
        }
        for (size_t i = 0; i < nt; i++) {
            term_mask(&t[i], bs->npat);
        }
        size_t ti = 0;
        bs->win[g] = eval_mask(r, t, &ti, scratch, bs->valid) & bs->valid;
        if ((w & (POLL_WORDS - 1)) == POLL_WORDS - 1) {
            VETO_TRY(veto_i_poll(ctx, (double)w / (double)bs->nwords,
                                 "enumerating coalitions", err));
        }
    }

cleanup:
    terms_clear(t, nt);
    veto_i_free(scratch);
    if (rc != VETO_OK) {
        bits_clear(bs);
    }
    return rc;
}

/* Swings of player i on word pair w: bit b set when the coalition (w, b)
 * lacks i, loses, and wins with i. Only for words w that lack i. */
static inline uint64_t swing_mask(const bits_t *bs, size_t i, uint64_t w)
{
    if (i < bs->nlow) {
        unsigned s = 1u << i;
        uint64_t x = bs->win[w];
        return (x >> s) & ~x & absent_mask[i] & bs->valid;
    }
    uint64_t d = 1ull << (i - bs->nlow);
    return bs->win[w | d] & ~bs->win[w];
}

/* May word w hold coalitions without player i? */
static inline bool word_lacks(const bits_t *bs, size_t i, uint64_t w)
{
    return i < bs->nlow || ((w >> (i - bs->nlow)) & 1u) == 0;
}

static uint64_t rev64(uint64_t x)
{
    x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
    x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
    x = ((x >> 4) & 0x0F0F0F0F0F0F0F0Full) | ((x & 0x0F0F0F0F0F0F0F0Full) << 4);
    x = ((x >> 8) & 0x00FF00FF00FF00FFull) | ((x & 0x00FF00FF00FF00FFull) << 8);
    x = ((x >> 16) & 0x0000FFFF0000FFFFull) | ((x & 0x0000FFFF0000FFFFull) << 16);
    return (x >> 32) | (x << 32);
}

static void mpz_set_u64(mpz_t z, uint64_t v)
{
    mpz_set_ui(z, (unsigned long)(v >> 32));
    mpz_mul_2exp(z, z, 32);
    mpz_add_ui(z, z, (unsigned long)(v & 0xFFFFFFFFull));
}

/* Swings (and swings by size) of every player. Counts are < 2^30 (at most
 * 2^(n-1) coalitions), so uint64 accumulators cannot overflow. */
static veto_status count_swings(veto_i_counts_t *out, const bits_t *bs,
                                unsigned need, const veto_i_ctx_t *ctx,
                                veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = bs->n;
    bool ssi = (need & VETO_I_NEED_SSI) != 0;
    uint64_t bysize[VETO_I_ENUM_MAX_N + 1];
    uint64_t pc[7];
    mpz_t swk[VETO_I_ENUM_MAX_N + 1];
    for (size_t k = 0; k <= VETO_I_ENUM_MAX_N; k++) {
        mpz_init(swk[k]);
    }
    for (unsigned c = 0; c <= 6; c++) {
        pc[c] = 0;
    }
    for (unsigned b = 0; b < WORD_BITS; b++) {
        pc[__builtin_popcountll(b)] |= 1ull << b;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t total = 0;
        memset(bysize, 0, sizeof bysize);
        for (uint64_t w = 0; w < bs->nwords; w++) {
            if (!word_lacks(bs, i, w)) {
                continue;
            }
            uint64_t m = swing_mask(bs, i, w);
            if (m == 0) {
                continue;
            }
            total += (uint64_t)__builtin_popcountll(m);
            if (ssi) {
                unsigned pw = (unsigned)__builtin_popcountll(w);
                for (unsigned c = 0; c <= bs->nlow; c++) {
                    bysize[pw + c] += (uint64_t)__builtin_popcountll(m & pc[c]);
                }
            }
        }
        if (need & VETO_I_NEED_SWINGS) {
            mpz_set_u64(out->swings[i], total);
        }
        if (ssi) {
            for (size_t k = 0; k < n; k++) {
                mpz_set_u64(swk[k], bysize[k]);
            }
            veto_i_counts_add_ssi(out, i, (const mpz_t *)swk);
        }
        VETO_TRY(veto_i_poll(ctx, (double)(i + 1) / (double)n,
                             "counting swings", err));
    }
cleanup:
    for (size_t k = 0; k <= VETO_I_ENUM_MAX_N; k++) {
        mpz_clear(swk[k]);
    }
    return rc;
}

/* Critical players of every winning coalition: Johnston sums, minimal
 * winning coalitions and Deegan-Packel sums. c(S) <= n <= 30 is kept in 5
 * bit-sliced planes across the 64 coalitions of a word. Per-(player, c)
 * counts are < 2^30. */
static veto_status count_critical(veto_i_counts_t *out, const bits_t *bs,
                                  unsigned need, const veto_i_ctx_t *ctx,
                                  veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = bs->n;
    bool jo = (need & VETO_I_NEED_JOHNSTON) != 0;
    bool mwc = (need & (VETO_I_NEED_MWC | VETO_I_NEED_DPI)) != 0;
    uint64_t crit[VETO_I_ENUM_MAX_N];
    uint64_t pc[7] = {0};
    uint64_t *jo_cnt = NULL, *dpi_cnt = NULL, *mwc_cnt = NULL;
    uint64_t mwc_total = 0;
    mpq_t q;
    mpq_init(q);
    for (unsigned b = 0; b < WORD_BITS; b++) {
        pc[__builtin_popcountll(b)] |= 1ull << b;
    }
    size_t stride = n + 1;
    VETO_ALLOC(jo_cnt, veto_i_calloc(n * stride + 1, sizeof *jo_cnt));
    VETO_ALLOC(dpi_cnt, veto_i_calloc(n * stride + 1, sizeof *dpi_cnt));
    VETO_ALLOC(mwc_cnt, veto_i_calloc(n + 1, sizeof *mwc_cnt));

    for (uint64_t w = 0; w < bs->nwords; w++) {
        uint64_t x = bs->win[w];
        if (x == 0) {
            continue;
        }
        uint64_t plane[5] = {0, 0, 0, 0, 0};
        for (size_t i = 0; i < n; i++) {
            uint64_t m;
            if (i < bs->nlow) {
                unsigned s = 1u << i;
                m = x & ~(x << s) & ~absent_mask[i];
            } else if ((w >> (i - bs->nlow)) & 1u) {
                m = x & ~bs->win[w ^ (1ull << (i - bs->nlow))];
            } else {
                m = 0;
            }
            crit[i] = m;
            for (unsigned p = 0; p < 5 && m != 0; p++) {
                uint64_t carry = plane[p] & m;
                plane[p] ^= m;
                m = carry;
            }
        }
        unsigned pw = (unsigned)__builtin_popcountll(w);
        uint64_t left = x;
        while (left != 0) {
            unsigned b = (unsigned)__builtin_ctzll(left);
            unsigned c = 0;
            uint64_t eq = x;
            for (unsigned p = 0; p < 5; p++) {
                bool on = (plane[p] >> b) & 1u;
                c |= (unsigned)on << p;
                eq &= on ? plane[p] : ~plane[p];
            }
            left &= ~eq;
            if (jo && c > 0) {
                for (size_t i = 0; i < n; i++) {
                    jo_cnt[i * stride + c] +=
                        (uint64_t)__builtin_popcountll(crit[i] & eq);
                }
            }
            /* Minimal: every member critical, c(S) = |S| = pw + popcount(b). */
            if (mwc && c >= pw && c - pw <= 6) {
                uint64_t mw = eq & pc[c - pw];
                if (mw != 0) {
                    mwc_total += (uint64_t)__builtin_popcountll(mw);
                    for (size_t i = 0; i < n; i++) {
                        uint64_t k = (uint64_t)__builtin_popcountll(crit[i] & mw);
                        mwc_cnt[i] += k;
                        dpi_cnt[i * stride + c] += k;
                    }
                }
            }
        }
        if ((w & (POLL_WORDS - 1)) == POLL_WORDS - 1) {
            VETO_TRY(veto_i_poll(ctx, (double)w / (double)bs->nwords,
                                 "counting critical players", err));
        }
    }
    if (mwc) {
        mpz_set_u64(out->mwc_total, mwc_total);
        for (size_t i = 0; i < n; i++) {
            mpz_set_u64(out->mwc[i], mwc_cnt[i]);
        }
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t c = 1; c <= n; c++) {
            uint64_t j = jo_cnt[i * stride + c];
            uint64_t d = dpi_cnt[i * stride + c];
            if (jo && j != 0) {
                mpz_set_u64(mpq_numref(q), j);
                mpz_set_ui(mpq_denref(q), c);
                mpq_canonicalize(q);
                mpq_add(out->jo_sum[i], out->jo_sum[i], q);
            }
            if ((need & VETO_I_NEED_DPI) && d != 0) {
                mpz_set_u64(mpq_numref(q), d);
                mpz_set_ui(mpq_denref(q), c);
                mpq_canonicalize(q);
                mpq_add(out->dpi_sum[i], out->dpi_sum[i], q);
            }
        }
    }

cleanup:
    veto_i_free(jo_cnt);
    veto_i_free(dpi_cnt);
    veto_i_free(mwc_cnt);
    mpq_clear(q);
    return rc;
}

veto_status veto_i_enum_counts(veto_i_counts_t *out, const veto_i_rule_t *r,
                               size_t n, unsigned need,
                               const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    bits_t bs;
    memset(&bs, 0, sizeof bs);
    if (need & VETO_I_NEED_DPI) {
        need |= VETO_I_NEED_MWC;
    }
    VETO_TRY(build_bits(&bs, r, n, ctx, err));

    uint64_t winning = 0;
    for (uint64_t w = 0; w < bs.nwords; w++) {
        winning += (uint64_t)__builtin_popcountll(bs.win[w]);
    }
    mpz_set_u64(out->winning, winning);
    out->have |= VETO_I_NEED_WINNING;

    if (need & (VETO_I_NEED_SWINGS | VETO_I_NEED_SSI)) {
        VETO_TRY(count_swings(out, &bs, need, ctx, err));
        out->have |= need & (VETO_I_NEED_SWINGS | VETO_I_NEED_SSI);
    }
    if (need & (VETO_I_NEED_MWC | VETO_I_NEED_JOHNSTON)) {
        VETO_TRY(count_critical(out, &bs, need, ctx, err));
        out->have |= need & (VETO_I_NEED_MWC | VETO_I_NEED_DPI |
                             VETO_I_NEED_JOHNSTON);
    }
    if (need & VETO_I_NEED_PROPER) {
        /* The complement of (w, b) is (nwords-1-w, npat-1-b): reversing the
         * word's bits maps b to 63 - b. */
        bool proper = true, strong = true;
        unsigned shift = WORD_BITS - bs.npat;
        for (uint64_t w = 0; w < bs.nwords && (proper || strong); w++) {
            uint64_t x = bs.win[w];
            uint64_t y = rev64(bs.win[bs.nwords - 1 - w]) >> shift;
            if (x & y) {
                proper = false;
            }
            if (~x & ~y & bs.valid) {
                strong = false;
            }
        }
        out->proper = proper ? VETO_YES : VETO_NO;
        out->strong = strong ? VETO_YES : VETO_NO;
        out->have |= VETO_I_NEED_PROPER;
    }

cleanup:
    bits_clear(&bs);
    return rc;
}

/* ---- beliefs ------------------------------------------------------------ */

/* Probability tables with player `skip` left out (its factor 1 whether it
 * votes or not), so that no belief is ever divided out. Word w splits
 * into w1 (its low h1 bits) and w2; P(high part) = t1[w1] * t2[w2]. The low
 * 64 patterns are summed by byte: byte[j][x] = sum of P(low pattern 8j+t)
 * over the bits t of x. */
typedef struct ptabs {
    unsigned h1, h2;
    double *t1, *t2;
    double (*byte)[256];
} ptabs_t;

static void ptabs_fill(ptabs_t *pt, const bits_t *bs, const double *p,
                       size_t skip)
{
    double low[WORD_BITS];
    for (unsigned b = 0; b < WORD_BITS; b++) {
        double v = b < bs->npat ? 1.0 : 0.0;
        for (unsigned i = 0; i < bs->nlow && b < bs->npat; i++) {
            if (i != skip) {
                v *= ((b >> i) & 1u) ? p[i] : 1.0 - p[i];
            }
        }
        low[b] = v;
    }
    for (unsigned j = 0; j < 8; j++) {
        pt->byte[j][0] = 0.0;
        for (unsigned x = 1; x < 256; x++) {
            pt->byte[j][x] = pt->byte[j][x & (x - 1)] +
                             low[8 * j + (unsigned)__builtin_ctz(x)];
        }
    }
    for (uint64_t a = 0; a < (1ull << pt->h1); a++) {
        double v = 1.0;
        for (unsigned k = 0; k < pt->h1; k++) {
            size_t i = bs->nlow + k;
            if (i != skip) {
                v *= ((a >> k) & 1u) ? p[i] : 1.0 - p[i];
            }
        }
        pt->t1[a] = v;
    }
    for (uint64_t a = 0; a < (1ull << pt->h2); a++) {
        double v = 1.0;
        for (unsigned k = 0; k < pt->h2; k++) {
            size_t i = bs->nlow + pt->h1 + k;
            if (i != skip) {
                v *= ((a >> k) & 1u) ? p[i] : 1.0 - p[i];
            }
        }
        pt->t2[a] = v;
    }
}

static inline double low_sum(const ptabs_t *pt, uint64_t m)
{
    double s = 0.0;
    for (unsigned j = 0; j < 8 && m != 0; j++, m >>= 8) {
        s += pt->byte[j][m & 255u];
    }
    return s;
}

/* Probability of the coalitions marked by mask(w) (all winning ones when
 * player < 0, else the swings of player). */
static double belief_pass(const bits_t *bs, const ptabs_t *pt, long player)
{
    double total = 0.0;
    uint64_t n1 = 1ull << pt->h1, n2 = 1ull << pt->h2;
    for (uint64_t w2 = 0; w2 < n2; w2++) {
        double part = 0.0;
        for (uint64_t w1 = 0; w1 < n1; w1++) {
            uint64_t w = w1 | (w2 << pt->h1);
            uint64_t m;
            if (player < 0) {
                m = bs->win[w];
            } else if (word_lacks(bs, (size_t)player, w)) {
                m = swing_mask(bs, (size_t)player, w);
            } else {
                continue;
            }
            if (m != 0) {
                part += pt->t1[w1] * low_sum(pt, m);
            }
        }
        total += pt->t2[w2] * part;
    }
    return total;
}

static veto_status beliefs_double(veto_i_beliefs_t *out, const bits_t *bs,
                                  const mpq_t *belief, const veto_i_ctx_t *ctx,
                                  veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = bs->n;
    ptabs_t pt = {0};
    double p[VETO_I_ENUM_MAX_N + 1];
    for (size_t i = 0; i < n; i++) {
        p[i] = mpq_get_d(belief[i]);
    }
    unsigned h = (unsigned)(n - bs->nlow);
    pt.h1 = h / 2;
    pt.h2 = h - pt.h1;
    VETO_ALLOC(pt.t1, veto_i_mallocarray((size_t)1 << pt.h1, sizeof(double)));
    VETO_ALLOC(pt.t2, veto_i_mallocarray((size_t)1 << pt.h2, sizeof(double)));
    VETO_ALLOC(pt.byte, veto_i_mallocarray(8, sizeof *pt.byte));

    ptabs_fill(&pt, bs, p, SIZE_MAX);
    out->p_act = belief_pass(bs, &pt, -1);
    for (size_t i = 0; i < n; i++) {
        ptabs_fill(&pt, bs, p, i);
        out->p_dec[i] = belief_pass(bs, &pt, (long)i);
        VETO_TRY(veto_i_poll(ctx, (double)(i + 1) / (double)n,
                             "computing beliefs", err));
    }
cleanup:
    veto_i_free(pt.t1);
    veto_i_free(pt.t2);
    veto_i_free(pt.byte);
    return rc;
}

/* Exact: players with equal beliefs form classes; coalitions are counted
 * by their vector of yes-votes per class (a mixed-radix index), then each
 * count is weighted by prod_c p_c^a_c (1 - p_c)^(m_c - a_c), with m_c one
 * less in the class of the player whose swings are weighted. Counts are
 * < 2^30: uint64. */
typedef struct xtabs {
    size_t ncls;
    size_t cls[VETO_I_ENUM_MAX_N];
    size_t size[VETO_I_ENUM_MAX_N];
    uint64_t stride[VETO_I_ENUM_MAX_N + 1];
    uint64_t idxl[WORD_BITS];
    uint64_t *idx1, *idx2;
    unsigned h1, h2;
    uint64_t *cnt;
    mpq_t *pw; /* [(c * 2 + ex) * (n + 1) + a] */
} xtabs_t;

static void xpass_count(xtabs_t *x, const bits_t *bs, long player)
{
    memset(x->cnt, 0, (size_t)x->stride[x->ncls] * sizeof *x->cnt);
    uint64_t n1 = 1ull << x->h1, n2 = 1ull << x->h2;
    for (uint64_t w2 = 0; w2 < n2; w2++) {
        for (uint64_t w1 = 0; w1 < n1; w1++) {
            uint64_t w = w1 | (w2 << x->h1);
            uint64_t m;
            if (player < 0) {
                m = bs->win[w];
            } else if (word_lacks(bs, (size_t)player, w)) {
                m = swing_mask(bs, (size_t)player, w);
            } else {
                continue;
            }
            uint64_t base = x->idx1[w1] + x->idx2[w2];
            while (m != 0) {
                unsigned b = (unsigned)__builtin_ctzll(m);
                m &= m - 1;
                x->cnt[base + x->idxl[b]]++;
            }
        }
    }
}

static void xpass_sum(mpq_t acc, const xtabs_t *x, size_t n, long player)
{
    mpq_t term;
    mpq_init(term);
    mpq_set_ui(acc, 0, 1);
    size_t ex_cls = player >= 0 ? x->cls[player] : SIZE_MAX;
    for (uint64_t idx = 0; idx < x->stride[x->ncls]; idx++) {
        if (x->cnt[idx] == 0) {
            continue;
        }
        mpz_set_u64(mpq_numref(term), x->cnt[idx]);
        mpz_set_ui(mpq_denref(term), 1);
        for (size_t c = 0; c < x->ncls; c++) {
            size_t a = (size_t)((idx / x->stride[c]) % (x->size[c] + 1));
            size_t ex = c == ex_cls;
            mpq_mul(term, term, x->pw[(c * 2 + ex) * (n + 1) + a]);
        }
        mpq_add(acc, acc, term);
    }
    mpq_clear(term);
}

/* Blocs (issue 11): a bloc's members form one class of their own, and a
 * coalition with a of its m members voting yes is weighted by the Beta
 * moment E[p^a (1 - p)^(m - a)] instead of p^a (1 - p)^(m - a): the
 * members share p ~ Beta and vote independently given it. blocs may be
 * NULL (independent players). */
static veto_status beliefs_exact(veto_i_beliefs_t *out, const bits_t *bs,
                                 const mpq_t *belief,
                                 const veto_i_blocspec_t *blocs,
                                 const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = bs->n;
    xtabs_t x;
    size_t npw = 0;
    size_t rep[VETO_I_ENUM_MAX_N];
    mpq_t *powp = NULL, *pow1m = NULL;
    mpq_t onem;
    mpq_init(onem);
    memset(&x, 0, sizeof x);

    long cbloc[VETO_I_ENUM_MAX_N]; /* the bloc of class c, or -1 */
    for (size_t i = 0; i < n; i++) {
        long bi = blocs != NULL ? blocs->bloc_of[i] : -1;
        size_t c = 0;
        while (c < x.ncls &&
               (cbloc[c] != bi ||
                (bi < 0 && !mpq_equal(belief[rep[c]], belief[i])))) {
            c++;
        }
        if (c == x.ncls) {
            cbloc[c] = bi;
        }
        if (c == x.ncls) {
            rep[x.ncls++] = i;
        }
        x.cls[i] = c;
        x.size[c]++;
    }
    x.stride[0] = 1;
    for (size_t c = 0; c < x.ncls; c++) {
        x.stride[c + 1] = veto_i_sat_mul(x.stride[c], x.size[c] + 1);
    }
    /* At most 2^30 entries whenever the budget lets them through: the
     * product of (m_c + 1) is at most 2^n. */
    VETO_TRY(veto_i_budget_check(
        ctx, veto_i_sat_mul(x.stride[x.ncls], 8),
        "the table of coalitions by yes-votes per belief class",
        (&(const veto_i_advice_t){VETO_HINT_OTHER_METHOD, "enum", "bdd"}),
        err));
    VETO_ALLOC(x.cnt, veto_i_mallocarray((size_t)x.stride[x.ncls],
                                         sizeof *x.cnt));
    unsigned h = (unsigned)(n - bs->nlow);
    x.h1 = h / 2;
    x.h2 = h - x.h1;
    VETO_ALLOC(x.idx1, veto_i_calloc((size_t)1 << x.h1, sizeof *x.idx1));
    VETO_ALLOC(x.idx2, veto_i_calloc((size_t)1 << x.h2, sizeof *x.idx2));
    for (unsigned b = 0; b < bs->npat; b++) {
        x.idxl[b] = 0;
        for (unsigned i = 0; i < bs->nlow; i++) {
            if ((b >> i) & 1u) {
                x.idxl[b] += x.stride[x.cls[i]];
            }
        }
    }
    for (uint64_t a = 0; a < (1ull << x.h1); a++) {
        for (unsigned k = 0; k < x.h1; k++) {
            if ((a >> k) & 1u) {
                x.idx1[a] += x.stride[x.cls[bs->nlow + k]];
            }
        }
    }
    for (uint64_t a = 0; a < (1ull << x.h2); a++) {
        for (unsigned k = 0; k < x.h2; k++) {
            if ((a >> k) & 1u) {
                x.idx2[a] += x.stride[x.cls[bs->nlow + x.h1 + k]];
            }
        }
    }

    npw = x.ncls * 2 * (n + 1);
    VETO_ALLOC(x.pw, veto_i_mallocarray(npw == 0 ? 1 : npw, sizeof *x.pw));
    for (size_t j = 0; j < npw; j++) {
        mpq_init(x.pw[j]);
    }
    VETO_ALLOC(powp, veto_i_mallocarray(n + 1, sizeof *powp));
    VETO_ALLOC(pow1m, veto_i_mallocarray(n + 1, sizeof *pow1m));
    for (size_t j = 0; j <= n; j++) {
        mpq_init(powp[j]);
        mpq_init(pow1m[j]);
    }
    for (size_t c = 0; c < x.ncls; c++) {
        const mpq_t *p = &belief[rep[c]];
        size_t m = x.size[c];
        if (cbloc[c] >= 0) {
            size_t k = (size_t)cbloc[c];
            veto_i_beta_moments(&x.pw[(c * 2) * (n + 1)], blocs->a[k],
                                blocs->b[k], m);
            if (m > 0) {
                veto_i_beta_moments(&x.pw[(c * 2 + 1) * (n + 1)],
                                    blocs->a[k], blocs->b[k], m - 1);
            }
            continue;
        }
        mpq_set_ui(onem, 1, 1);
        mpq_sub(onem, onem, *p);
        mpq_set_ui(powp[0], 1, 1);
        mpq_set_ui(pow1m[0], 1, 1);
        for (size_t a = 1; a <= m; a++) {
            mpq_mul(powp[a], powp[a - 1], *p);
            mpq_mul(pow1m[a], pow1m[a - 1], onem);
        }
        for (size_t a = 0; a <= m; a++) {
            mpq_mul(x.pw[(c * 2) * (n + 1) + a], powp[a], pow1m[m - a]);
            if (a < m) {
                mpq_mul(x.pw[(c * 2 + 1) * (n + 1) + a], powp[a],
                        pow1m[m - 1 - a]);
            }
        }
    }

    xpass_count(&x, bs, -1);
    xpass_sum(out->p_act_q, &x, n, -1);
    out->p_act = mpq_get_d(out->p_act_q);
    for (size_t i = 0; i < n; i++) {
        xpass_count(&x, bs, (long)i);
        xpass_sum(out->p_dec_q[i], &x, n, (long)i);
        out->p_dec[i] = mpq_get_d(out->p_dec_q[i]);
        VETO_TRY(veto_i_poll(ctx, (double)(i + 1) / (double)n,
                             "computing exact beliefs", err));
    }

cleanup:
    veto_i_free(x.cnt);
    veto_i_free(x.idx1);
    veto_i_free(x.idx2);
    if (x.pw != NULL) {
        for (size_t j = 0; j < npw; j++) {
            mpq_clear(x.pw[j]);
        }
        veto_i_free(x.pw);
    }
    if (powp != NULL && pow1m != NULL) {
        for (size_t j = 0; j <= n; j++) {
            mpq_clear(powp[j]);
            mpq_clear(pow1m[j]);
        }
    }
    veto_i_free(powp);
    veto_i_free(pow1m);
    mpq_clear(onem);
    return rc;
}

veto_status veto_i_enum_beliefs(veto_i_beliefs_t *out, const veto_i_rule_t *r,
                                size_t n, const mpq_t *belief, bool exact,
                                const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    bits_t bs;
    memset(&bs, 0, sizeof bs);
    if (exact && out->p_dec_q == NULL) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "exact beliefs asked of a record made for doubles");
    }
    VETO_TRY(build_bits(&bs, r, n, ctx, err));
    if (exact) {
        VETO_TRY(beliefs_exact(out, &bs, belief, NULL, ctx, err));
    } else {
        VETO_TRY(beliefs_double(out, &bs, belief, ctx, err));
    }
cleanup:
    bits_clear(&bs);
    return rc;
}

veto_status veto_i_enum_bloc_beliefs(veto_i_beliefs_t *out,
                                     const veto_i_rule_t *r, size_t n,
                                     const mpq_t *belief,
                                     const veto_i_blocspec_t *blocs,
                                     bool exact, const veto_i_ctx_t *ctx,
                                     veto_error_t *err)
{
    veto_status rc = VETO_OK;
    bits_t bs;
    veto_i_beliefs_t q;
    bool have_q = false;
    memset(&bs, 0, sizeof bs);
    if (exact && out->p_dec_q == NULL) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "exact beliefs asked of a record made for doubles");
    }
    VETO_TRY(build_bits(&bs, r, n, ctx, err));
    if (exact) {
        VETO_TRY(beliefs_exact(out, &bs, belief, blocs, ctx, err));
    } else {
        /* The moments are rational: count exactly, then round once. */
        if (!veto_i_beliefs_init(&q, n, true)) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        have_q = true;
        VETO_TRY(beliefs_exact(&q, &bs, belief, blocs, ctx, err));
        out->p_act = q.p_act;
        memcpy(out->p_dec, q.p_dec, n * sizeof *out->p_dec);
    }
cleanup:
    if (have_q) {
        veto_i_beliefs_clear(&q);
    }
    bits_clear(&bs);
    return rc;
}

/* ---- one player's swings (explain) ---------------------------------------
 */

/* Swings of out->player by coalition size, walking every coalition of the
 * others in Gray-code order (one player flips per step, so the size is
 * kept without recounting); the example is the first coalition of the
 * smallest size met in that order. */
veto_status veto_i_enum_player(veto_i_counts_t *out, const veto_i_rule_t *r,
                               size_t n, const veto_i_ctx_t *ctx,
                               veto_error_t *err)
{
    veto_status rc = VETO_OK;
    unsigned char *in = NULL;
    size_t *other = NULL;
    /* Counts fit: at most 2^23 per size (n <= 24). */
    uint64_t *cnt = NULL;
    size_t p = out->player;
    if (n > VETO_I_ENUM_PLAYER_MAX || p >= n || out->player_k == NULL) {
        return veto_i_misuse(err, __func__,
                             "one player of at most 24, with NEED_PLAYER");
    }
    VETO_ALLOC(in, veto_i_calloc(n, 1));
    VETO_ALLOC(other, veto_i_mallocarray(n, sizeof *other));
    VETO_ALLOC(cnt, veto_i_calloc(n, sizeof *cnt));
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (i != p) {
            other[m++] = i;
        }
    }
    uint32_t best_mask = 0;
    size_t best_size = SIZE_MAX;
    uint32_t mask = 0;
    size_t size = 0;
    uint64_t total = (uint64_t)1 << m;
    for (uint64_t step = 0; step < total; step++) {
        if (step > 0) {
            /* Gray code: flip the lowest set bit of step. */
            unsigned bit = (unsigned)__builtin_ctzll(step);
            mask ^= (uint32_t)1 << bit;
            in[other[bit]] ^= 1;
            size = (in[other[bit]] != 0) ? size + 1 : size - 1;
            if ((step & 0xffff) == 0) {
                VETO_TRY(veto_i_poll(ctx, (double)step / (double)total, "enum",
                                     err));
            }
        }
        if (!veto_i_rule_eval(r, in)) {
            in[p] = 1;
            bool win = veto_i_rule_eval(r, in);
            in[p] = 0;
            if (win) {
                cnt[size]++;
                if (size < best_size) {
                    best_size = size;
                    best_mask = mask;
                }
            }
        }
    }
    for (size_t k = 0; k < n; k++) {
        mpz_set_u64(out->player_k[k], cnt[k]);
    }
    if (best_size != SIZE_MAX) {
        memset(in, 0, n);
        for (size_t b = 0; b < m; b++) {
            if (best_mask & ((uint32_t)1 << b)) {
                in[other[b]] = 1;
            }
        }
        out->example = in;
        in = NULL;
    }
    out->have |= VETO_I_NEED_PLAYER;
cleanup:
    veto_i_free(in);
    veto_i_free(other);
    veto_i_free(cnt);
    return rc;
}
