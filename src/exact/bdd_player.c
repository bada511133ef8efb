/*
 * bdd_player.c: one player's swings by coalition size and a smallest
 * swing (NEED_PLAYER, what `veto explain` shows), from the diagram of a
 * rule of any size. See bdd_i.h.
 *
 * Counts. With the down values D packed by size (x marks a yes vote,
 * every level counted) and the up values U packed on the levels above the
 * player's level t, the swing polynomial of one player of type t is
 * sum over the nodes v of level t of U(v) * E(v), E(v) = sum_j C(m-1, j)
 * x^j (D(child_{j+1}) - D(child_j)) (bdd_pass_level): coefficient k is
 * the number of coalitions of k others that lose without the player and
 * win with it. That is the Shapley-Shubik pass restricted to one level:
 * one packed down pass and an up pass that stops at level t.
 *
 * Example. Every term of these sums is a product of coefficients >= 0
 * (the rule is monotone, so D(child_{j+1}) - D(child_j) >= 0 coefficient
 * by coefficient), so a positive coefficient k of the total has a
 * positive term, and each positive term has a path that realises it:
 *  - at level t, a node v, j yes votes among the m - 1 others of the
 *    type, and a split k = a + j + b with coefficient a of U(v) and
 *    coefficient b of D(child_{j+1}) - D(child_j) both positive;
 *  - above t, walk up from v: since U(v) = sum over edges (u, j') into v
 *    of C x^j' U(u), some parent u has coefficient a - j' of U(u)
 *    positive; take it and go on up to the root (U(root) = 1);
 *  - below t, walk down the pair hi = child_{j+1}, lo = child_j: the
 *    difference D(hi) - D(lo) is the sum over j' of C x^j' (D(hi_j') -
 *    D(lo_j')), each term >= 0, so some j' keeps coefficient b - j'
 *    positive; at the leaves hi is TRUE and lo FALSE.
 * The path gives a count of yes votes per level; the coalition takes the
 * first that many players of each type (the type's players are
 * interchangeable), leaving the player itself out of its own type. Its
 * size is k, it loses, and it wins with the player.
 *
 * A coefficient is tested for zero with mpz_scan1 from its slot's first
 * bit, without unpacking it. Cost: the passes as one Shapley-Shubik count
 * (O(N * m) packed operations on numbers of n (n + 2) bits); the walk
 * O(N * m) such tests and subtractions at worst.
 */
#include "bdd_i.h"

/* Is coefficient a of the packed polynomial x (>= 0) nonzero? */
static bool coef_nz(const mpz_t x, size_t a, size_t slot)
{
    if (mpz_sgn(x) == 0) {
        return false;
    }
    mp_bitcnt_t b = mpz_scan1(x, (mp_bitcnt_t)(a * slot));
    return b != (mp_bitcnt_t)-1 && b < (mp_bitcnt_t)((a + 1) * slot);
}

static mpz_srcptr dval(const bdd_pass_t *p, const bdd_mgr_t *g, size_t t,
                       uint32_t v, size_t j)
{
    return p->D[t + 1][p->pos[t + 1][bdd_kid(g, t, v, j)]];
}

/* A smallest swing of out->player (level t), k others, into a new 0/1
 * vector out->example (left NULL if the walk failed, which the argument
 * above rules out). VETO_OK or VETO_ENOMEM. */
static veto_status player_example(veto_i_counts_t *out, const bdd_pass_t *p,
                                  const bdd_mgr_t *g, size_t t, size_t k,
                                  size_t slot)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t T = g->T, n = g->n;
    size_t *yes = NULL; /* [T]: yes votes per level (others, at level t) */
    unsigned char *in = NULL;
    mpz_t d;
    mpz_init(d);
    VETO_ALLOC(yes, veto_i_calloc(T + 1, sizeof *yes));
    VETO_ALLOC(in, veto_i_calloc(n + 1, 1));
    /* level t: node, yes votes of the others, and the split of k */
    size_t m = g->lv[t].m;
    uint32_t v = BDD_NIL;
    size_t a = 0, b = 0;
    for (size_t i = 0; i < p->cnt[t] && v == BDD_NIL; i++) {
        uint32_t u = p->list[t][i];
        for (size_t j = 0; j < m && j <= k && v == BDD_NIL; j++) {
            mpz_sub(d, dval(p, g, t, u, j + 1), dval(p, g, t, u, j));
            for (size_t x = 0; x + j <= k; x++) {
                if (coef_nz(p->U[t][i], x, slot) &&
                    coef_nz(d, k - j - x, slot)) {
                    v = u;
                    yes[t] = j;
                    a = x;
                    b = k - j - x;
                    break;
                }
            }
        }
    }
    if (v == BDD_NIL) {
        goto cleanup; /* not when coefficient k of the total is > 0 */
    }
    /* above t: walk up to the root */
    uint32_t cur = v;
    for (size_t l = t; l-- > 0;) {
        bool found = false;
        for (size_t i = 0; i < p->cnt[l] && !found; i++) {
            uint32_t u = p->list[l][i];
            for (size_t j = 0; j < g->lv[l].arity && j <= a; j++) {
                if (bdd_kid(g, l, u, j) == cur &&
                    coef_nz(p->U[l][i], a - j, slot)) {
                    yes[l] = j;
                    a -= j;
                    cur = u;
                    found = true;
                    break;
                }
            }
        }
        if (!found) {
            goto cleanup; /* cannot happen: U(v) has coefficient a */
        }
    }
    /* below t: walk the pair down to the leaves */
    uint32_t hi = bdd_kid(g, t, v, yes[t] + 1), lo = bdd_kid(g, t, v, yes[t]);
    for (size_t l = t + 1; l < T; l++) {
        bool found = false;
        for (size_t j = 0; j < g->lv[l].arity && j <= b; j++) {
            mpz_sub(d, dval(p, g, l, hi, j), dval(p, g, l, lo, j));
            if (coef_nz(d, b - j, slot)) {
                yes[l] = j;
                b -= j;
                hi = bdd_kid(g, l, hi, j);
                lo = bdd_kid(g, l, lo, j);
                found = true;
                break;
            }
        }
        if (!found) {
            goto cleanup; /* cannot happen: the difference has it */
        }
    }
    for (size_t l = 0; l < T; l++) {
        size_t left = yes[l];
        for (size_t x = g->first[l]; x < g->first[l + 1] && left > 0; x++) {
            if (g->order[x] != out->player) {
                in[g->order[x]] = 1;
                left--;
            }
        }
    }
    out->example = in;
    in = NULL;
cleanup:
    veto_i_free(yes);
    veto_i_free(in);
    mpz_clear(d);
    return rc;
}

/* NEED_PLAYER: out->player's swings by size into out->player_k, and a
 * smallest swing into out->example, from the diagram f. */
veto_status bdd_player_counts(veto_i_counts_t *out, bdd_mgr_t *g, uint32_t f)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t n = g->n, slot = n + 2;
    size_t pl = out->player;
    bdd_pass_t p = {0};
    mpz_t Q;
    mpz_init(Q);
    if (pl >= n || out->player_k == NULL) {
        rc = veto_i_misuse(err, "veto_i_bdd_counts",
                           "NEED_PLAYER with a player below n");
        goto cleanup;
    }
    size_t t = g->level_of[pl];
    VETO_TRY(bdd_pass_reach(&p, g, f, NULL));
    VETO_TRY(veto_i_budget_check(
        g->ctx, veto_i_sat_add(g->bytes, bdd_pass_bytes(&p, g, slot, 0)),
        "one player's swings by coalition size", BDD_ADVICE, err));
    VETO_TRY(bdd_pass_down(&p, g, slot, SIZE_MAX, BDD_LEAF_VALUE, Q));
    VETO_TRY(bdd_pass_up(&p, g, slot, t));
    bdd_pass_level(&p, g, t, slot, BDD_E_SWING, Q);
    size_t smallest = SIZE_MAX;
    for (size_t k = 0; k < n; k++) {
        bdd_unpack(out->player_k[k], Q, k, slot);
        if (smallest == SIZE_MAX && mpz_sgn(out->player_k[k]) != 0) {
            smallest = k;
        }
    }
    if (smallest != SIZE_MAX) {
        VETO_TRY(player_example(out, &p, g, t, smallest, slot));
    }
    out->have |= VETO_I_NEED_PLAYER;
cleanup:
    bdd_pass_free(&p);
    mpz_clear(Q);
    return rc;
}
