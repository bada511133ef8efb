/*
 * blocs.c: beliefs under shared and bloc beliefs (issue 11).
 *
 * A bloc's members share one yes-probability p ~ Beta(a, b) and vote
 * independently given p. P(act) given the blocs' p is a polynomial of
 * degree m_k in each bloc's p (m_k its members): each member's vote
 * enters with degree one. Two exact ways follow, both used:
 *
 * - enum and bdd count the coalitions by the number of yes votes inside
 *   each bloc and weight each count by the Beta moment B(a + k, b + m -
 *   k) / B(a, b) (veto_i_enum_bloc_beliefs; veto_i_bdd_bloc_beliefs, one
 *   diagram whose nodes carry those counts), and so does dp in doubles
 *   with one more dimension per bloc (veto_i_dp_bloc_beliefs);
 * - for dp otherwise, which takes independent beliefs, the expectation of a
 *   polynomial of degree m is a weighted sum of its values at any m + 1
 *   distinct points (an interpolatory quadrature, exact for that degree):
 *   the engine runs once per point of the grid of every bloc's points,
 *   with the bloc's members at that point, and the results are summed
 *   with the products of the weights. The weights are computed exactly in
 *   rationals. Under --exact the points are k/m; in doubles they are
 *   Chebyshev points (rounded to dyadic rationals), whose weights stay
 *   small, so that the sum of doubles loses nothing to cancellation.
 *
 * A player's probability of being decisive leaves its own vote out: the
 * others keep the joint law (for a bloc member, the bloc's other members
 * still share p ~ Beta(a, b)). The engines' P(decisive) does not depend on
 * the player's own belief, so it is the same polynomial, of degree
 * m_k - 1 in its own bloc's p, and the same grid integrates it exactly.
 *
 * Cost of the grid: prod_k (m_k + 1) points, one engine run each; past
 * VETO_I_BLOC_MAX_RUNS it is refused (VETO_ELIMIT). Memory is that of one
 * run plus O(n + sum_k m_k^2) rationals. bdd's counts cost one diagram
 * and prod_k (m_k + 1) values per node, refused past the memory budget.
 */
#include "analysis.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define VETO_I_BLOC_MAX_RUNS 1000000u

void veto_i_bloc_grid_clear(veto_i_bloc_grid_t *q)
{
    if (q == NULL || q->node == NULL) {
        return;
    }
    for (size_t j = 0; j <= q->m; j++) {
        mpq_clear(q->node[j]);
        mpq_clear(q->weight[j]);
    }
    veto_i_free(q->node);
    veto_i_free(q->weight);
    veto_i_free(q->weight_d);
    memset(q, 0, sizeof *q);
}

bool veto_i_bloc_grid(veto_i_bloc_grid_t *q, const mpq_t a, const mpq_t b,
                      size_t m, bool exact)
{
    bool ok = false;
    mpz_t *t = NULL, *P = NULL, *Q = NULL;
    mpq_t *nu = NULL;
    mpz_t D, den;
    mpq_t num, term;
    mpz_init(D);
    mpz_init(den);
    mpq_init(num);
    mpq_init(term);
    memset(q, 0, sizeof *q);
    q->m = m;
    q->node = veto_i_mallocarray(m + 1, sizeof *q->node);
    q->weight = veto_i_mallocarray(m + 1, sizeof *q->weight);
    q->weight_d = veto_i_mallocarray(m + 1, sizeof *q->weight_d);
    t = veto_i_mallocarray(m + 1, sizeof *t);
    P = veto_i_mallocarray(m + 2, sizeof *P);
    Q = veto_i_mallocarray(m + 1, sizeof *Q);
    nu = veto_i_mallocarray(m + 1, sizeof *nu);
    if (q->node == NULL || q->weight == NULL || q->weight_d == NULL ||
        t == NULL || P == NULL || Q == NULL || nu == NULL) {
        veto_i_free(q->node);
        veto_i_free(q->weight);
        veto_i_free(q->weight_d);
        memset(q, 0, sizeof *q);
        veto_i_free(t);
        veto_i_free(P);
        veto_i_free(Q);
        veto_i_free(nu);
        goto done;
    }
    for (size_t j = 0; j <= m; j++) {
        mpq_init(q->node[j]);
        mpq_init(q->weight[j]);
        mpz_init(t[j]);
        mpz_init(Q[j]);
        mpq_init(nu[j]);
    }
    for (size_t j = 0; j <= m + 1; j++) {
        mpz_init(P[j]);
    }
    /* Points t_j / D. */
    if (exact || m == 0) {
        mpz_set_ui(D, m == 0 ? 2 : (unsigned long)m);
        for (size_t j = 0; j <= m; j++) {
            mpz_set_ui(t[j], m == 0 ? 1 : (unsigned long)j);
        }
    } else {
        /* Chebyshev points of the first kind on (0, 1), on a dyadic grid
         * fine enough to keep them apart (their gaps are about
         * 1/(m + 1)^2 at the ends). */
        unsigned e = 20;
        while ((double)(1ull << e) < 64.0 * (double)(m + 1) * (double)(m + 1) &&
               e < 52) {
            e++;
        }
        for (;;) {
            double scale = ldexp(1.0, (int)e);
            bool distinct = true;
            for (size_t j = 0; j <= m; j++) {
                double x = (1.0 - cos((double)(2 * j + 1) * M_PI /
                                      (double)(2 * (m + 1)))) /
                           2.0;
                mpz_set_d(t[j], nearbyint(x * scale));
                if (j > 0 && mpz_cmp(t[j], t[j - 1]) <= 0) {
                    distinct = false;
                }
            }
            if (distinct || e >= 52) {
                break;
            }
            e += 4;
        }
        mpz_set_ui(D, 1);
        mpz_mul_2exp(D, D, e);
    }
    for (size_t j = 0; j <= m; j++) {
        mpq_set_num(q->node[j], t[j]);
        mpq_set_den(q->node[j], D);
        mpq_canonicalize(q->node[j]);
    }
    /* P(u) = prod_k (u - t_k), coefficients P[0..m+1]. */
    mpz_set_ui(P[0], 1);
    for (size_t k = 0; k <= m; k++) {
        /* multiply by (u - t_k): P[r] = P[r-1] - t_k P[r] */
        for (size_t r = k + 1; r > 0; r--) {
            mpz_mul(den, P[r], t[k]);
            mpz_sub(P[r], P[r - 1], den);
        }
        mpz_mul(P[0], P[0], t[k]);
        mpz_neg(P[0], P[0]);
    }
    /* nu_r = D^r E[p^r], E[p^r] = prod_{s<r} (a + s) / (a + b + s). */
    mpq_set_ui(nu[0], 1, 1);
    for (size_t r = 1; r <= m; r++) {
        mpq_set_ui(term, (unsigned long)(r - 1), 1);
        mpq_add(num, term, a);
        mpq_mul(nu[r], nu[r - 1], num);
        mpq_add(term, term, a);
        mpq_add(term, term, b);
        mpq_div(nu[r], nu[r], term);
        mpz_mul(mpq_numref(nu[r]), mpq_numref(nu[r]), D);
        mpq_canonicalize(nu[r]);
    }
    /* w_j = E[l_j(p)], l_j the Lagrange basis polynomial of point j:
     * Q_j(u) = P(u) / (u - t_j), w_j = sum_r Q_j[r] nu_r / Q_j(t_j). */
    for (size_t j = 0; j <= m; j++) {
        mpz_set(Q[m], P[m + 1]);
        for (size_t r = m; r > 0; r--) {
            mpz_mul(den, t[j], Q[r]);
            mpz_add(Q[r - 1], P[r], den);
        }
        mpz_set(den, Q[m]);
        for (size_t r = m; r > 0; r--) {
            mpz_mul(den, den, t[j]);
            mpz_add(den, den, Q[r - 1]);
        }
        mpq_set_ui(num, 0, 1);
        for (size_t r = 0; r <= m; r++) {
            mpq_set_z(term, Q[r]);
            mpq_mul(term, term, nu[r]);
            mpq_add(num, num, term);
        }
        mpq_set_z(term, den);
        mpq_div(q->weight[j], num, term);
        q->weight_d[j] = veto_i_q_to_double(q->weight[j]);
    }
    for (size_t j = 0; j <= m; j++) {
        mpz_clear(t[j]);
        mpz_clear(Q[j]);
        mpq_clear(nu[j]);
    }
    for (size_t j = 0; j <= m + 1; j++) {
        mpz_clear(P[j]);
    }
    veto_i_free(t);
    veto_i_free(P);
    veto_i_free(Q);
    veto_i_free(nu);
    ok = true;
done:
    mpz_clear(D);
    mpz_clear(den);
    mpq_clear(num);
    mpq_clear(term);
    return ok;
}

/* The blocs of one belief set as the engines see them. */
typedef struct spec {
    veto_i_blocspec_t s;
    long *of;
} spec_t;

static bool spec_init(spec_t *sp, const veto_i_bloc_t *bl, size_t nb, size_t n)
{
    memset(sp, 0, sizeof *sp);
    sp->of = veto_i_mallocarray(n + 1, sizeof *sp->of);
    sp->s.a = veto_i_mallocarray(nb + 1, sizeof *sp->s.a);
    sp->s.b = veto_i_mallocarray(nb + 1, sizeof *sp->s.b);
    sp->s.size = veto_i_mallocarray(nb + 1, sizeof *sp->s.size);
    if (sp->of == NULL || sp->s.a == NULL || sp->s.b == NULL ||
        sp->s.size == NULL) {
        veto_i_free(sp->of);
        veto_i_free(sp->s.a);
        veto_i_free(sp->s.b);
        veto_i_free(sp->s.size);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        sp->of[i] = -1;
    }
    for (size_t k = 0; k < nb; k++) {
        mpq_init(sp->s.a[k]);
        mpq_init(sp->s.b[k]);
        mpq_set(sp->s.a[k], bl[k].a);
        mpq_set(sp->s.b[k], bl[k].b);
        sp->s.size[k] = bl[k].m;
        for (size_t j = 0; j < bl[k].m; j++) {
            sp->of[bl[k].member[j]] = (long)k;
        }
    }
    sp->s.nblocs = nb;
    sp->s.bloc_of = sp->of;
    return true;
}

static void spec_clear(spec_t *sp)
{
    for (size_t k = 0; k < sp->s.nblocs; k++) {
        mpq_clear(sp->s.a[k]);
        mpq_clear(sp->s.b[k]);
    }
    veto_i_free(sp->of);
    veto_i_free(sp->s.a);
    veto_i_free(sp->s.b);
    veto_i_free(sp->s.size);
}

uint64_t veto_i_bloc_runs(const veto_i_bloc_t *bl, size_t nb)
{
    uint64_t g = 1;
    for (size_t k = 0; k < nb; k++) {
        g = veto_i_sat_mul(g, (uint64_t)bl[k].m + 1);
    }
    return g;
}

/* The grid of every bloc's points, one engine run each. dp_why: why the
 * dp with a dimension per bloc was not taken (its budget message), or
 * NULL; said with the refusal of too many runs. */
static veto_status quadrature(veto_i_beliefs_t *out, veto_method method,
                              const veto_i_rule_t *rule,
                              const veto_i_wgame_t *g, size_t n,
                              const mpq_t *belief, const veto_i_bloc_t *bl,
                              size_t nb, bool exact, const char *dp_why,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_bloc_grid_t *grid = NULL;
    mpq_t *bel = NULL;
    size_t *at = NULL;
    size_t ngrid = 0;
    mpq_t w, term;
    mpq_init(w);
    mpq_init(term);
    uint64_t runs = veto_i_bloc_runs(bl, nb);
    if (runs > VETO_I_BLOC_MAX_RUNS) {
        char sizes[128] = "";
        size_t len = 0;
        for (size_t k = 0; k < nb && len < sizeof sizes - 24; k++) {
            len += (size_t)snprintf(sizes + len, sizeof sizes - len, "%s%zu",
                                    k == 0 ? "" : " x ", bl[k].m + 1);
        }
        rc = veto_i_errorf(err, VETO_ELIMIT,
                           "blocs need %s = %llu runs of the %s engine (one "
                           "per point of the blocs' grid), over the limit of "
                           "%u%s%s",
                           sizes, (unsigned long long)runs,
                           veto_method_name(method), VETO_I_BLOC_MAX_RUNS,
                           dp_why != NULL ? "; and " : "",
                           dp_why != NULL ? dp_why : "");
        veto_i_error_hint(
            err, dp_why != NULL ? "raise --max-memory (the dp with a dimension "
                                  "per bloc), split a large bloc, use fewer "
                                  "blocs, or --method enum on up to 30 players"
                                : "split a large bloc, use fewer blocs, or "
                                  "--method enum on up to 30 players");
        goto cleanup;
    }
    VETO_ALLOC(grid, veto_i_calloc(nb + 1, sizeof *grid));
    for (size_t k = 0; k < nb; k++) {
        if (!veto_i_bloc_grid(&grid[k], bl[k].a, bl[k].b, bl[k].m, exact)) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        ngrid = k + 1;
    }
    VETO_ALLOC(bel, veto_i_mallocarray(n + 1, sizeof *bel));
    for (size_t i = 0; i < n; i++) {
        mpq_init(bel[i]);
        mpq_set(bel[i], belief[i]);
    }
    VETO_ALLOC(at, veto_i_calloc(nb + 1, sizeof *at));
    out->p_act = 0;
    memset(out->p_dec, 0, n * sizeof *out->p_dec);
    if (exact) {
        mpq_set_ui(out->p_act_q, 0, 1);
        for (size_t i = 0; i < n; i++) {
            mpq_set_ui(out->p_dec_q[i], 0, 1);
        }
    }
    for (uint64_t run = 0; run < runs; run++) {
        double wd = 1.0;
        mpq_set_ui(w, 1, 1);
        for (size_t k = 0; k < nb; k++) {
            for (size_t j = 0; j < bl[k].m; j++) {
                mpq_set(bel[bl[k].member[j]], grid[k].node[at[k]]);
            }
            wd *= grid[k].weight_d[at[k]];
            if (exact) {
                mpq_mul(w, w, grid[k].weight[at[k]]);
            }
        }
        veto_i_beliefs_t eb;
        if (!veto_i_beliefs_init(&eb, n, exact)) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        rc = veto_i_run_beliefs(&eb, method, rule, g, n, (const mpq_t *)bel,
                                exact, ctx, err);
        if (rc == VETO_OK) {
            out->p_act += wd * eb.p_act;
            for (size_t i = 0; i < n; i++) {
                out->p_dec[i] += wd * eb.p_dec[i];
            }
            if (exact) {
                mpq_mul(term, w, eb.p_act_q);
                mpq_add(out->p_act_q, out->p_act_q, term);
                for (size_t i = 0; i < n; i++) {
                    mpq_mul(term, w, eb.p_dec_q[i]);
                    mpq_add(out->p_dec_q[i], out->p_dec_q[i], term);
                }
            }
        }
        veto_i_beliefs_clear(&eb);
        if (rc != VETO_OK) {
            goto cleanup;
        }
        VETO_TRY(veto_i_poll(ctx, (double)(run + 1) / (double)runs,
                             "beliefs over the blocs' grid", err));
        for (size_t k = 0; k < nb; k++) { /* next point, mixed radix */
            if (++at[k] <= bl[k].m) {
                break;
            }
            at[k] = 0;
        }
    }
    if (exact) {
        out->p_act = veto_i_q_to_double(out->p_act_q);
        for (size_t i = 0; i < n; i++) {
            out->p_dec[i] = veto_i_q_to_double(out->p_dec_q[i]);
        }
    } else {
        /* The weights sum to 1 but a rounded sum may pass [0, 1] by an
         * ulp. */
        out->p_act = out->p_act < 0 ? 0 : out->p_act > 1 ? 1 : out->p_act;
        for (size_t i = 0; i < n; i++) {
            double v = out->p_dec[i];
            out->p_dec[i] = v < 0 ? 0 : v > 1 ? 1 : v;
        }
    }
cleanup:
    if (bel != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(bel[i]);
        }
        veto_i_free(bel);
    }
    for (size_t k = 0; k < ngrid; k++) {
        veto_i_bloc_grid_clear(&grid[k]);
    }
    veto_i_free(grid);
    veto_i_free(at);
    mpq_clear(w);
    mpq_clear(term);
    return rc;
}

veto_status veto_i_bloc_beliefs(veto_i_beliefs_t *out, veto_method method,
                                const veto_i_rule_t *rule,
                                const veto_i_wgame_t *g, size_t n,
                                const mpq_t *belief, const veto_i_bloc_t *bl,
                                size_t nb, bool exact, const veto_i_ctx_t *ctx,
                                veto_error_t *err)
{
    veto_status rc = VETO_OK;
    if (method == VETO_METHOD_ENUM) {
        spec_t sp;
        if (!spec_init(&sp, bl, nb, n)) {
            return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        }
        rc = veto_i_enum_bloc_beliefs(out, rule, n, belief, &sp.s, exact, ctx,
                                      err);
        spec_clear(&sp);
        if (rc != VETO_ELIMIT && rc != VETO_EUNSUPPORTED) {
            return rc;
        }
        /* Too many classes for enum's table: the diagram. */
        veto_error_clear(err);
        method = VETO_METHOD_BDD;
    }
    if (method == VETO_METHOD_BDD) {
        /* one diagram with a counter of yes votes per bloc */
        spec_t sp;
        if (!spec_init(&sp, bl, nb, n)) {
            return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        }
        rc = veto_i_bdd_bloc_beliefs(out, rule, n, belief, &sp.s, exact, ctx,
                                     err);
        spec_clear(&sp);
        return rc;
    }
    /* the dp's budget message, for the grid's refusal */
    char dp_why[sizeof err->message] = "";
    if (method == VETO_METHOD_DP && !exact && g != NULL) {
        /* doubles: the dp with a dimension per bloc, when it applies */
        spec_t sp;
        if (!spec_init(&sp, bl, nb, n)) {
            return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        }
        rc = veto_i_dp_bloc_beliefs(out, g, belief, &sp.s, ctx, err);
        spec_clear(&sp);
        if (rc != VETO_ELIMIT && rc != VETO_EUNSUPPORTED) {
            return rc;
        }
        if (rc == VETO_ELIMIT && err != NULL) {
            snprintf(dp_why, sizeof dp_why, "%s", err->message);
        }
        veto_error_clear(err);
    }
    return quadrature(out, method, rule, g, n, belief, bl, nb, exact,
                      dp_why[0] != '\0' ? dp_why : NULL, ctx, err);
}

/* A positive integer or decimal: digits, at most one '.', digits. */
static bool parse_pos(const char *s, size_t len, mpq_t out)
{
    char buf[64];
    size_t dot = SIZE_MAX, nd = 0;
    if (len == 0 || len >= sizeof buf) {
        return false;
    }
    for (size_t k = 0; k < len; k++) {
        if (s[k] == '.' && dot == SIZE_MAX && k > 0 && k + 1 < len) {
            dot = k;
        } else if (s[k] >= '0' && s[k] <= '9') {
            buf[nd++] = s[k];
        } else {
            return false;
        }
    }
    buf[nd] = '\0';
    mpz_set_str(mpq_numref(out), buf, 10);
    mpz_ui_pow_ui(mpq_denref(out), 10,
                  dot == SIZE_MAX ? 0 : (unsigned long)(len - 1 - dot));
    mpq_canonicalize(out);
    return mpq_sgn(out) > 0;
}

veto_status veto_i_semivalue_parse(const char *spec, mpq_t a, mpq_t b,
                                   char *key, size_t keysize, veto_error_t *err)
{
    const char *colon = strchr(spec, ':');
    if (colon == NULL || !parse_pos(spec, (size_t)(colon - spec), a) ||
        !parse_pos(colon + 1, strlen(colon + 1), b)) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "semivalue '%.40s': expected A:B with A and B "
                             "positive numbers (beta:1:1 is Shapley-Shubik)",
                             spec);
    }
    snprintf(key, keysize, "semivalue_beta_%.*s_%s", (int)(colon - spec), spec,
             colon + 1);
    return VETO_OK;
}

veto_status veto_i_semivalue(veto_result_t *res, veto_method m,
                             const veto_i_rule_t *rule, const veto_i_wgame_t *g,
                             size_t n, const mpq_t a, const mpq_t b,
                             const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_bloc_t all;
    mpq_t *bel = NULL;
    veto_i_beliefs_t eb;
    bool have_eb = false;
    memset(&all, 0, sizeof all);
    mpq_init(all.a);
    mpq_init(all.b);
    mpq_set(all.a, a);
    mpq_set(all.b, b);
    VETO_ALLOC(all.member, veto_i_mallocarray(n + 1, sizeof *all.member));
    for (size_t i = 0; i < n; i++) {
        all.member[i] = i;
    }
    all.m = n;
    VETO_ALLOC(bel, veto_i_mallocarray(n + 1, sizeof *bel));
    for (size_t i = 0; i < n; i++) {
        mpq_init(bel[i]);
        mpq_set_ui(bel[i], 1, 2);
    }
    if (!veto_i_beliefs_init(&eb, n, true)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    have_eb = true;
    VETO_TRY(veto_i_bloc_beliefs(&eb, m, rule, g, n, (const mpq_t *)bel, &all,
                                 1, true, ctx, err));
    VETO_ALLOC(res->semivalue_d, veto_i_calloc(n + 1, sizeof(double)));
    res->semivalue = eb.p_dec_q;
    eb.p_dec_q = NULL;
    for (size_t i = 0; i < n; i++) {
        res->semivalue_d[i] = veto_i_q_to_double(res->semivalue[i]);
    }
cleanup:
    if (have_eb) {
        veto_i_beliefs_clear(&eb);
    }
    if (bel != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(bel[i]);
        }
        veto_i_free(bel);
    }
    veto_i_free(all.member);
    mpq_clear(all.a);
    mpq_clear(all.b);
    return rc;
}

/* P(act) with the blocs of keep[] kept (the others at their means). */
static veto_status pact_replaced(double *pd, mpq_t pq, veto_method m,
                                 const veto_i_rule_t *rule,
                                 const veto_i_wgame_t *g, size_t n,
                                 const mpq_t *belief, const veto_i_bloc_t *bl,
                                 size_t nb, size_t replace, bool exact,
                                 const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    mpq_t *bel = NULL, mean;
    veto_i_bloc_t *kept = NULL;
    size_t nk = 0;
    veto_i_beliefs_t eb;
    bool have = false;
    mpq_init(mean);
    VETO_ALLOC(bel, veto_i_mallocarray(n + 1, sizeof *bel));
    for (size_t i = 0; i < n; i++) {
        mpq_init(bel[i]);
        mpq_set(bel[i], belief[i]);
    }
    VETO_ALLOC(kept, veto_i_mallocarray(nb + 1, sizeof *kept));
    for (size_t k = 0; k < nb; k++) {
        if (replace != SIZE_MAX && k != replace) {
            kept[nk++] = bl[k]; /* shallow: read only */
            continue;
        }
        mpq_add(mean, bl[k].a, bl[k].b);
        mpq_div(mean, bl[k].a, mean);
        for (size_t j = 0; j < bl[k].m; j++) {
            mpq_set(bel[bl[k].member[j]], mean);
        }
    }
    if (!veto_i_beliefs_init(&eb, n, exact)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    have = true;
    if (nk > 0) {
        VETO_TRY(veto_i_bloc_beliefs(&eb, m, rule, g, n, (const mpq_t *)bel,
                                     kept, nk, exact, ctx, err));
    } else {
        VETO_TRY(veto_i_run_beliefs(&eb, m, rule, g, n, (const mpq_t *)bel,
                                    exact, ctx, err));
    }
    *pd = eb.p_act;
    if (exact) {
        mpq_set(pq, eb.p_act_q);
    }
cleanup:
    if (have) {
        veto_i_beliefs_clear(&eb);
    }
    if (bel != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(bel[i]);
        }
        veto_i_free(bel);
    }
    veto_i_free(kept);
    mpq_clear(mean);
    return rc;
}

veto_status veto_i_bloc_independent(veto_belief_result_t *b, veto_method m,
                                    const veto_i_rule_t *rule,
                                    const veto_i_wgame_t *g, size_t n,
                                    const mpq_t *belief,
                                    const veto_i_bloc_t *bl, size_t nb,
                                    bool exact, const veto_i_ctx_t *ctx,
                                    veto_error_t *err)
{
    veto_status rc = VETO_OK;
    mpq_t q;
    mpq_init(q);
    VETO_TRY(pact_replaced(&b->p_act_independent, q, m, rule, g, n, belief, bl,
                           nb, SIZE_MAX, exact, ctx, err));
    if (exact) {
        VETO_ALLOC(b->p_act_independent_q,
                   veto_i_malloc(sizeof *b->p_act_independent_q));
        mpq_init(*b->p_act_independent_q);
        mpq_set(*b->p_act_independent_q, q);
    }
    VETO_ALLOC(b->bloc_name, veto_i_calloc(nb + 1, sizeof *b->bloc_name));
    VETO_ALLOC(b->p_act_bloc_independent,
               veto_i_calloc(nb + 1, sizeof *b->p_act_bloc_independent));
    for (size_t k = 0; k < nb; k++) {
        b->bloc_name[k] = bl[k].name != NULL ? bl[k].name : "shared";
        if (nb == 1) {
            b->p_act_bloc_independent[k] = b->p_act_independent;
        } else {
            VETO_TRY(pact_replaced(&b->p_act_bloc_independent[k], q, m, rule, g,
                                   n, belief, bl, nb, k, exact, ctx, err));
        }
        b->nblocs = k + 1;
    }
cleanup:
    mpq_clear(q);
    return rc;
}
