/*
 * bdd_count.c: veto_i_bdd_counts, every count the bdd engine gives:
 * winning, swings, Shapley-Shubik by size, minimal winning coalitions,
 * Deegan-Packel, Johnston, proper / strong. See bdd_i.h.
 */
#include "bdd_i.h"

/* NEED_SIZES: the minimal winning coalitions of size k containing each
 * player of level t are c (mwc_k, allocated with DPI; level t is row
 * class t). */
void bdd_set_mwc_k(veto_i_counts_t *out, const bdd_mgr_t *g, size_t t, size_t k,
                   const mpz_t c)
{
    if (out->mwc_k == NULL) {
        return;
    }
    mpz_set(veto_i_counts_mwc_row(out, g->order[g->first[t]])[k], c);
}

/* NEED_SIZES: every minimal winning coalition of size s counted once from
 * the levels' counts (s players each, a level's count once per member),
 * mwc_k[s] for s = 1 .. n; the empty coalition is minimal winning when it
 * wins. */
static void mwc_k_totals(veto_i_counts_t *out, const bdd_mgr_t *g)
{
    size_t n = g->n;
    for (size_t s = 1; s <= n; s++) {
        mpz_set_ui(out->mwc_k[s], 0);
        for (size_t t = 0; t < g->T; t++) {
            mpz_addmul_ui(out->mwc_k[s],
                          veto_i_counts_mwc_row(out, g->order[g->first[t]])[s],
                          (unsigned long)(g->first[t + 1] - g->first[t]));
        }
        mpz_divexact_ui(out->mwc_k[s], out->mwc_k[s], (unsigned long)s);
    }
    mpz_set(out->mwc_k[0], out->mwc_total);
    for (size_t s = 1; s <= n; s++) {
        mpz_sub(out->mwc_k[0], out->mwc_k[0], out->mwc_k[s]);
    }
}

/* NEED_SIZES: one row class per level (its players are interchangeable). */
static veto_status set_rows(veto_i_counts_t *out, const bdd_mgr_t *g)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t n = g->n;
    size_t *row_of = NULL;
    VETO_TRY(veto_i_budget_check(
        g->ctx, veto_i_sat_add(g->bytes, veto_i_counts_rows_bytes(out, g->T)),
        "the counts by coalition size", BDD_ADVICE, err));
    VETO_ALLOC(row_of, veto_i_calloc(n == 0 ? 1 : n, sizeof *row_of));
    for (size_t t = 0; t < g->T; t++) {
        for (size_t j = g->first[t]; j < g->first[t + 1]; j++) {
            row_of[g->order[j]] = t;
        }
    }
    rc = veto_i_counts_rows(out, g->T, row_of, err);
cleanup:
    veto_i_free(row_of);
    return rc;
}

/* Winning, swings and (packed) Shapley-Shubik numerators of the diagram f. */
static veto_status count_swings(veto_i_counts_t *out, bdd_mgr_t *g, uint32_t f,
                                unsigned need)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t n = g->n;
    bdd_pass_t p = {0};
    mpz_t Q, L;
    mpz_t *byk = NULL;
    mpz_init(Q);
    mpz_init(L);
    VETO_TRY(bdd_pass_reach(&p, g, f, NULL));
    VETO_TRY(veto_i_budget_check(
        g->ctx, veto_i_sat_add(g->bytes, bdd_pass_bytes(&p, g, 0, 0)),
        "counting coalitions", BDD_ADVICE, err));
    VETO_TRY(bdd_pass_down(&p, g, 0, 0, BDD_LEAF_VALUE, L));
    mpz_set(out->winning, p.D[0][0]);
    if (need & VETO_I_NEED_SWINGS) {
        VETO_TRY(bdd_pass_up(&p, g, 0, SIZE_MAX));
        for (size_t t = 0; t < g->T; t++) {
            bdd_pass_level(&p, g, t, 0, BDD_E_SWING, Q);
            for (size_t k = g->first[t]; k < g->first[t + 1]; k++) {
                mpz_set(out->swings[g->order[k]], Q);
            }
        }
    }
    bdd_pass_free(&p);
    if (need & VETO_I_NEED_SSI) {
        size_t slot = n + 2;
        VETO_TRY(bdd_pass_reach(&p, g, f, NULL));
        VETO_TRY(veto_i_budget_check(
            g->ctx, veto_i_sat_add(g->bytes, bdd_pass_bytes(&p, g, slot, 0)),
            "Shapley-Shubik counts by coalition size", BDD_ADVICE, err));
        VETO_TRY(bdd_pass_down(&p, g, slot, SIZE_MAX, BDD_LEAF_VALUE, L));
        VETO_TRY(bdd_pass_up(&p, g, slot, SIZE_MAX));
        VETO_ALLOC(byk, veto_i_mallocarray(n + 1, sizeof *byk));
        for (size_t k = 0; k <= n; k++) {
            mpz_init(byk[k]);
        }
        for (size_t t = 0; t < g->T; t++) {
            bdd_pass_level(&p, g, t, slot, BDD_E_SWING, Q);
            for (size_t k = 0; k < n; k++) {
                bdd_unpack(byk[k], Q, k, slot);
            }
            size_t rep = g->order[g->first[t]];
            mpz_set_ui(out->ssi_num[rep], 0);
            veto_i_counts_add_ssi(out, rep, (const mpz_t *)byk);
            if (out->swings_k != NULL) {
                mpz_t *row = veto_i_counts_swings_row(out, rep);
                for (size_t k = 0; k < n; k++) {
                    mpz_set(row[k], byk[k]);
                }
            }
            for (size_t k = g->first[t] + 1; k < g->first[t + 1]; k++) {
                mpz_set(out->ssi_num[g->order[k]], out->ssi_num[rep]);
            }
        }
    }
cleanup:
    if (byk != NULL) {
        for (size_t k = 0; k <= n; k++) {
            mpz_clear(byk[k]);
        }
        veto_i_free(byk);
    }
    bdd_pass_free(&p);
    mpz_clear(Q);
    mpz_clear(L);
    return rc;
}

/* Minimal winning coalitions: total, per player, and Deegan-Packel sums. */
static veto_status count_minimal(veto_i_counts_t *out, bdd_mgr_t *g, uint32_t f,
                                 unsigned need)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t n = g->n;
    bdd_pass_t p = {0};
    mpz_t Q, L, c;
    mpq_t q;
    mpz_init(Q);
    mpz_init(L);
    mpz_init(c);
    mpq_init(q);
    uint32_t mf = bdd_unary(g, BDD_OP_MIN, 0, f, 0);
    if (mf == BDD_NIL) {
        rc = g->rc;
        goto cleanup;
    }
    VETO_TRY(bdd_pass_reach(&p, g, mf, NULL));
    VETO_TRY(veto_i_budget_check(
        g->ctx, veto_i_sat_add(g->bytes, bdd_pass_bytes(&p, g, 0, 0)),
        "counting minimal coalitions", BDD_ADVICE, err));
    VETO_TRY(bdd_pass_down(&p, g, 0, 0, BDD_LEAF_VALUE, L));
    VETO_TRY(bdd_pass_up(&p, g, 0, SIZE_MAX));
    mpz_set(out->mwc_total, p.D[0][0]);
    for (size_t t = 0; t < g->T; t++) {
        bdd_pass_level(&p, g, t, 0, BDD_E_MEMBER, Q);
        for (size_t k = g->first[t]; k < g->first[t + 1]; k++) {
            mpz_set(out->mwc[g->order[k]], Q);
        }
    }
    bdd_pass_free(&p);
    if (need & VETO_I_NEED_DPI) {
        size_t slot = n + 2;
        VETO_TRY(bdd_pass_reach(&p, g, mf, NULL));
        VETO_TRY(veto_i_budget_check(
            g->ctx, veto_i_sat_add(g->bytes, bdd_pass_bytes(&p, g, slot, 0)),
            "Deegan-Packel counts by coalition size", BDD_ADVICE, err));
        VETO_TRY(bdd_pass_down(&p, g, slot, SIZE_MAX, BDD_LEAF_VALUE, L));
        VETO_TRY(bdd_pass_up(&p, g, slot, SIZE_MAX));
        for (size_t t = 0; t < g->T; t++) {
            bdd_pass_level(&p, g, t, slot, BDD_E_MEMBER, Q);
            size_t rep = g->order[g->first[t]];
            mpq_set_ui(out->dpi_sum[rep], 0, 1);
            for (size_t k = 1; k <= n; k++) {
                bdd_unpack(c, Q, k, slot);
                if (mpz_sgn(c) != 0) {
                    mpq_set_z(q, c);
                    mpz_mul_ui(mpq_denref(q), mpq_denref(q), k);
                    mpq_canonicalize(q);
                    mpq_add(out->dpi_sum[rep], out->dpi_sum[rep], q);
                }
                bdd_set_mwc_k(out, g, t, k, c);
            }
            for (size_t k = g->first[t] + 1; k < g->first[t + 1]; k++) {
                mpq_set(out->dpi_sum[g->order[k]], out->dpi_sum[rep]);
            }
        }
    }
cleanup:
    bdd_pass_free(&p);
    mpz_clear(Q);
    mpz_clear(L);
    mpz_clear(c);
    mpq_clear(q);
    return rc;
}
/* Johnston in general: the integer-valued diagram of the number of
 * critical players cnt = sum_s c_s CRIT_s, then for each type t one pass
 * over "CRIT_t ? cnt : 0" with leaves lcm / cnt. O(T * |cnt| * m); |cnt|
 * can be far larger than f (it is for weighted games with many distinct
 * weights), which is why the ordered case above is tried first. */
static veto_status johnston_add(veto_i_counts_t *out, bdd_mgr_t *g,
                                const uint32_t *crit, const mpz_t L)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t T = g->T;
    bdd_pass_t p = {0};
    mpz_t Q;
    mpz_init(Q);
    uint32_t cnt = 0;
    for (size_t s = 0; s < T; s++) {
        uint32_t sc = bdd_unary(g, BDD_OP_SCALE, 0, crit[s], (uint32_t)s);
        cnt = sc == BDD_NIL ? BDD_NIL : bdd_apply(g, BDD_OP_PLUS, 0, cnt, sc);
        if (cnt == BDD_NIL) {
            rc = g->rc;
            goto cleanup;
        }
        VETO_TRY(
            veto_i_poll(g->ctx, 0.5 * (double)s / (double)T, BDD_STAGE, err));
    }
    for (size_t t = 0; t < T; t++) {
        uint32_t x = bdd_apply(g, BDD_OP_SEL, 0, crit[t], cnt);
        if (x == BDD_NIL) {
            rc = g->rc;
            goto cleanup;
        }
        VETO_TRY(bdd_pass_reach(&p, g, x, NULL));
        VETO_TRY(veto_i_budget_check(
            g->ctx,
            veto_i_sat_add(g->bytes,
                           bdd_pass_bytes(&p, g, 0, mpz_sizeinbase(L, 2))),
            "Johnston counts", BDD_ADVICE, err));
        VETO_TRY(bdd_pass_down(&p, g, 0, 0, BDD_LEAF_INV, L));
        VETO_TRY(bdd_pass_up(&p, g, 0, SIZE_MAX));
        bdd_pass_level(&p, g, t, 0, BDD_E_MEMBER, Q);
        bdd_pass_free(&p);
        for (size_t k = g->first[t]; k < g->first[t + 1]; k++) {
            mpq_ptr j = out->jo_sum[g->order[k]];
            mpz_set(mpq_numref(j), Q);
            mpz_set(mpq_denref(j), L);
            mpq_canonicalize(j);
        }
        VETO_TRY(veto_i_poll(g->ctx, 0.5 + 0.5 * (double)t / (double)T,
                             BDD_STAGE, err));
    }
cleanup:
    bdd_pass_free(&p);
    mpz_clear(Q);
    return rc;
}

/* Johnston: sum over winning S with i critical of 1 / (critical players of
 * S), when the levels are not in desirability order (bdd_prefix_walk counts
 * the ordered case): CRIT_s = f and not f(c - e_s) per type and the
 * critical-count diagram. */
static veto_status count_johnston(veto_i_counts_t *out, bdd_mgr_t *g,
                                  uint32_t f)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t T = g->T;
    uint32_t *crit = NULL;
    mpz_t L;
    mpz_init(L);
    VETO_ALLOC(crit, veto_i_mallocarray(T + 1, sizeof *crit));
    /* Every 1/c with c <= n becomes an integer L/c. */
    mpz_set_ui(L, 1);
    for (unsigned long c = 2; c <= g->n; c++) {
        mpz_lcm_ui(L, L, c);
    }
    for (size_t s = 0; s < T; s++) {
        crit[s] = bdd_unary(g, BDD_OP_CRIT, 0, f, (uint32_t)s);
        if (crit[s] == BDD_NIL) {
            rc = g->rc;
            goto cleanup;
        }
    }
    rc = johnston_add(out, g, crit, L);
cleanup:
    veto_i_free(crit);
    mpz_clear(L);
    return rc;
}

/* Every count of `need` from the diagram f of an n-player rule, built in
 * g. */
static veto_status counts_of(veto_i_counts_t *out, bdd_mgr_t *gp, uint32_t f,
                             size_t n, unsigned need, uint64_t *nodes)
{
#define g (*gp)
    veto_status rc = VETO_OK;
    bool ordered = false;
    unsigned walk = 0;
    if (need & VETO_I_NEED_DPI) {
        need |= VETO_I_NEED_MWC;
    }
    if (need & (VETO_I_NEED_SWINGS | VETO_I_NEED_SSI)) {
        need |= VETO_I_NEED_WINNING;
    }
    out->levels = g.T;
    if (need & VETO_I_NEED_SIZES) {
        VETO_TRY(set_rows(out, &g));
    }
    bdd_pass_t p = {0};
    uint64_t size = 0;
    rc = bdd_pass_reach(&p, &g, f, &size);
    bdd_pass_free(&p);
    if (rc != VETO_OK) {
        goto cleanup;
    }
    if (nodes != NULL) {
        *nodes = size;
    }
    if (need & VETO_I_NEED_WINNING) {
        VETO_TRY(count_swings(out, &g, f, need));
        out->have |=
            need & (VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS | VETO_I_NEED_SSI);
    }
    /* In desirability order, minimal winning and Johnston counts are one
     * walk of f (bdd_prefix_walk), not diagrams of their own. */
    walk = need & (VETO_I_NEED_MWC | VETO_I_NEED_DPI | VETO_I_NEED_JOHNSTON);
    if (walk != 0) {
        rc = bdd_pass_reach(&p, &g, f, NULL);
        ordered = rc == VETO_OK && bdd_ordered_levels(&g, &p);
        bdd_pass_free(&p);
        if (rc != VETO_OK) {
            goto cleanup;
        }
    }
    if (ordered) {
        VETO_TRY(bdd_prefix_walk(out, &g, f, walk));
        out->have |= walk;
    } else {
        if (need & VETO_I_NEED_MWC) {
            VETO_TRY(count_minimal(out, &g, f, need));
            out->have |= need & (VETO_I_NEED_MWC | VETO_I_NEED_DPI);
        }
        if (need & VETO_I_NEED_JOHNSTON) {
            VETO_TRY(count_johnston(out, &g, f));
            out->have |= VETO_I_NEED_JOHNSTON;
        }
    }
    /* counts by size: the Shapley-Shubik and Deegan-Packel passes count
     * by size anyway; they kept them where swings_k and mwc_k are
     * allocated */
    if ((need & VETO_I_NEED_SIZES) &&
        (need & (VETO_I_NEED_SSI | VETO_I_NEED_DPI)) &&
        (!(need & VETO_I_NEED_SSI) || (out->have & VETO_I_NEED_SSI)) &&
        (!(need & VETO_I_NEED_DPI) || (out->have & VETO_I_NEED_DPI))) {
        if (need & VETO_I_NEED_DPI) {
            mwc_k_totals(out, &g);
        }
        out->have |= VETO_I_NEED_SIZES;
    }
    if (need & VETO_I_NEED_PROPER) {
        uint32_t mir = bdd_unary(&g, BDD_OP_MIRROR, 0, f, 0);
        uint32_t both =
            mir == BDD_NIL ? BDD_NIL : bdd_apply(&g, BDD_OP_AND, 0, f, mir);
        uint32_t either =
            both == BDD_NIL ? BDD_NIL : bdd_apply(&g, BDD_OP_OR, 0, f, mir);
        if (either == BDD_NIL) {
            rc = g.rc;
            goto cleanup;
        }
        out->proper = both == 0 ? VETO_YES : VETO_NO;
        out->strong = either == 1 ? VETO_YES : VETO_NO;
        out->have |= VETO_I_NEED_PROPER;
    }
    if (need & VETO_I_NEED_PLAYER) {
        /* explain's extra: past the memory budget it is left out (have
         * without NEED_PLAYER), not the analysis it rides on */
        rc = bdd_player_counts(out, &g, f);
        if (rc == VETO_ELIMIT) {
            veto_error_clear(g.err);
            rc = VETO_OK;
        }
    }
cleanup:
    return rc;
#undef g
}

veto_status veto_i_bdd_counts(veto_i_counts_t *out, const veto_i_rule_t *r,
                              size_t n, unsigned need, uint64_t *nodes,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    bdd_mgr_t g;
    uint32_t f = BDD_NIL;
    VETO_TRY(bdd_mgr_build(&g, &f, r, n, NULL, ctx, err));
    rc = counts_of(out, &g, f, n, need, nodes);
cleanup:
    bdd_mgr_free(&g);
    return rc;
}

veto_status veto_i_bdd_counts_built(veto_i_counts_t *out, veto_i_bdd_built_t *b,
                                    const veto_i_rule_t *r, size_t n,
                                    unsigned need, uint64_t *nodes,
                                    const veto_i_ctx_t *ctx, veto_error_t *err)
{
    if (b == NULL || b->rule != r || b->g.n != n) {
        return veto_i_bdd_counts(out, r, n, need, nodes, ctx, err);
    }
    /* the diagram is the probe's: from now on the run's context */
    b->g.ctx = ctx;
    b->g.err = err;
    b->g.rc = VETO_OK;
    return counts_of(out, &b->g, b->root, n, need, nodes);
}
