/*
 * xindex.c: every index of the catalogue (catalogue.c) for one model.
 *
 * Up to VETO_INDICES_ENUM_MAX_N players: one table of the winning
 * coalitions (2^n bytes) and one pass over it that counts, by coalition
 * size, the winning coalitions with and without each player, the swings,
 * the critical players and the minimal winning coalitions; every index is
 * then a sum of these counts with exact coefficients. The null-player-free
 * coalitions need, for each player, the subsets in which it has a swing
 * (a subset-OR transform, n <= 20). The precoalition indices enumerate
 * unions of whole other unions with subsets of the player's own union.
 *
 * Beyond, veto_analyse's engines (dp for weighted rules, bdd for composed
 * ones) give the counts the indices that follow from swings, winning and
 * minimal winning coalitions need; the others are not computed, with why.
 */
#include "xindex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void why(veto_indices_t *x, size_t k, const char *s)
{
    snprintf(x->why_not[k], sizeof x->why_not[k], "%.*s",
             (int)sizeof x->why_not[k] - 1, s);
}

/* value[k] := vals[0..len) and mark computed. */
static veto_status put(veto_indices_t *x, size_t k, mpq_t *vals, size_t len,
                       veto_error_t *err)
{
    if (x->value[k] == NULL) {
        x->value[k] = veto_i_mallocarray(len, sizeof(mpq_t));
        if (x->value[k] == NULL) {
            return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < len; i++) {
            mpq_init(x->value[k][i]);
        }
    }
    for (size_t i = 0; i < len; i++) {
        mpq_set(x->value[k][i], vals[i]);
    }
    x->computed[k] = true;
    x->why_not[k][0] = '\0';
    return VETO_OK;
}

static veto_status put_undefined(veto_indices_t *x, size_t k, size_t len,
                                 veto_error_t *err)
{
    mpq_t *z = veto_i_mallocarray(len, sizeof(mpq_t));
    if (z == NULL) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < len; i++) {
        mpq_init(z[i]);
    }
    veto_status rc = put(x, k, z, len, err);
    for (size_t i = 0; i < len; i++) {
        mpq_clear(z[i]);
    }
    veto_i_free(z);
    x->undefined[k] = true;
    return rc;
}

/* value[k] := v[i] / sum_j v[j], undefined when the sum is 0. */
static veto_status put_share(veto_indices_t *x, size_t k, mpq_t *v, size_t n,
                             veto_error_t *err)
{
    mpq_t sum;
    mpq_init(sum);
    for (size_t i = 0; i < n; i++) {
        mpq_add(sum, sum, v[i]);
    }
    veto_status rc;
    if (mpq_sgn(sum) == 0) {
        rc = put_undefined(x, k, n, err);
    } else {
        mpq_t *q = veto_i_mallocarray(n, sizeof(mpq_t));
        if (q == NULL) {
            mpq_clear(sum);
            return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < n; i++) {
            mpq_init(q[i]);
            mpq_div(q[i], v[i], sum);
        }
        rc = put(x, k, q, n, err);
        for (size_t i = 0; i < n; i++) {
            mpq_clear(q[i]);
        }
        veto_i_free(q);
    }
    mpq_clear(sum);
    return rc;
}

/* value[k] := v[i] / den, undefined when den is 0. */
static veto_status put_over(veto_indices_t *x, size_t k, mpq_t *v, size_t n,
                            const mpq_t den, veto_error_t *err)
{
    if (mpq_sgn(den) == 0) {
        return put_undefined(x, k, n, err);
    }
    mpq_t *q = veto_i_mallocarray(n, sizeof(mpq_t));
    if (q == NULL) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        mpq_init(q[i]);
        mpq_div(q[i], v[i], den);
    }
    veto_status rc = put(x, k, q, n, err);
    for (size_t i = 0; i < n; i++) {
        mpq_clear(q[i]);
    }
    veto_i_free(q);
    return rc;
}

/* The families of one vector of values put three ways: as it is (raw),
 * as shares of its sum, and over a denominator (absolute); SIZE_MAX where
 * the family has no such member. */
enum { FAM_BZ, FAM_PG, FAM_DP, FAM_PIF, FAM_PIG, FAM_PHT, FAM_FT, FAM_J };
static const struct family {
    size_t raw, share, over;
} family[] = {
    [FAM_BZ] = {VETO_X_BZ_RAW, VETO_X_BZ, VETO_X_BZ_ABS},
    [FAM_PG] = {VETO_X_PG_RAW, VETO_X_PG, VETO_X_PG_ABS},
    [FAM_DP] = {VETO_X_DP_RAW, SIZE_MAX, VETO_X_DP},
    [FAM_PIF] = {VETO_X_PIF_RAW, SIZE_MAX, VETO_X_PIF},
    [FAM_PIG] = {VETO_X_PIG_RAW, VETO_X_PIG, VETO_X_PIG_ABS},
    [FAM_PHT] = {VETO_X_PHT_RAW, VETO_X_PHT, SIZE_MAX},
    [FAM_FT] = {VETO_X_FT_RAW, VETO_X_FT, SIZE_MAX},
    [FAM_J] = {VETO_X_J_RAW, VETO_X_J, SIZE_MAX},
};

/* Family f's members from v[0..n): raw, shares, and over den (NULL when
 * the family has no absolute member). */
static veto_status put_family(veto_indices_t *x, int f, mpq_t *v, size_t n,
                              mpq_srcptr den, veto_error_t *err)
{
    veto_status rc = put(x, family[f].raw, v, n, err);
    if (rc == VETO_OK && family[f].share != SIZE_MAX) {
        rc = put_share(x, family[f].share, v, n, err);
    }
    if (rc == VETO_OK && family[f].over != SIZE_MAX && den != NULL) {
        rc = put_over(x, family[f].over, v, n, den, err);
    }
    return rc;
}

static void q_u64(mpq_t q, uint64_t v)
{
    mpz_set_ui(mpq_numref(q), (unsigned long)(v >> 32));
    mpz_mul_2exp(mpq_numref(q), mpq_numref(q), 32);
    mpz_add_ui(mpq_numref(q), mpq_numref(q), (unsigned long)(v & 0xffffffffu));
    mpz_set_ui(mpq_denref(q), 1);
}

/* q += c * num / den (small integers). */
static void q_addmul(mpq_t q, uint64_t c, const mpq_t coef)
{
    if (c == 0) {
        return;
    }
    mpq_t t;
    mpq_init(t);
    q_u64(t, c);
    mpq_mul(t, t, coef);
    mpq_add(q, q, t);
    mpq_clear(t);
}

/* Normalised public good index of a game given by its win table over k
 * players (k <= 30): pg[i] := |M_i| / sum_j |M_j|; raw[i] (may be NULL)
 * := |M_i|. false when no player is in a minimal winning coalition. */
static bool pgi_table(mpq_t *pg, uint64_t *raw, const unsigned char *win,
                      size_t k)
{
    uint64_t tot = 0;
    uint64_t *m = raw;
    uint64_t local[32];
    if (m == NULL) {
        m = local;
    }
    memset(m, 0, k * sizeof *m);
    uint64_t ns = (uint64_t)1 << k;
    for (uint64_t s = 0; s < ns; s++) {
        if (!win[s]) {
            continue;
        }
        bool minimal = true;
        for (uint64_t b = s; b != 0; b &= b - 1) {
            if (win[s & ~(b & -b)]) {
                minimal = false;
                break;
            }
        }
        if (minimal) {
            for (size_t i = 0; i < k; i++) {
                if (s >> i & 1u) {
                    m[i]++;
                    tot++;
                }
            }
        }
    }
    for (size_t i = 0; i < k; i++) {
        if (tot == 0) {
            mpq_set_ui(pg[i], 0, 1);
        } else {
            mpq_t t;
            mpq_init(t);
            q_u64(pg[i], m[i]);
            q_u64(t, tot);
            mpq_div(pg[i], pg[i], t);
            mpq_clear(t);
        }
    }
    return tot != 0;
}

/* The win table of the game whose players are the blocks (masks of
 * players of the whole game): out[R] = win[union of blocks in R]. */
static void block_table(unsigned char *out, const unsigned char *win,
                        const uint32_t *block, size_t nb)
{
    uint64_t ns = (uint64_t)1 << nb;
    for (uint64_t r = 0; r < ns; r++) {
        uint32_t s = 0;
        for (size_t b = 0; b < nb; b++) {
            if (r >> b & 1u) {
                s |= block[b];
            }
        }
        out[r] = win[s];
    }
}

static int popc(uint64_t v)
{
    return __builtin_popcountll(v);
}

/* a!b!/c! as a rational. */
static void fact_coef(mpq_t q, unsigned long a, unsigned long b,
                      unsigned long c)
{
    mpz_t t;
    mpz_init(t);
    mpz_fac_ui(mpq_numref(q), a);
    mpz_fac_ui(t, b);
    mpz_mul(mpq_numref(q), mpq_numref(q), t);
    mpz_fac_ui(mpq_denref(q), c);
    mpq_canonicalize(q);
    mpz_clear(t);
}

static mpz_t *zvec(size_t len)
{
    mpz_t *v = veto_i_mallocarray(len == 0 ? 1 : len, sizeof *v);
    if (v != NULL) {
        for (size_t i = 0; i < len; i++) {
            mpz_init(v[i]);
        }
    }
    return v;
}

static void zvec_free(mpz_t *v, size_t len)
{
    if (v != NULL) {
        for (size_t i = 0; i < len; i++) {
            mpz_clear(v[i]);
        }
        veto_i_free(v);
    }
}

static mpq_t *qvec(size_t len)
{
    mpq_t *v = veto_i_mallocarray(len == 0 ? 1 : len, sizeof *v);
    if (v != NULL) {
        for (size_t i = 0; i < len; i++) {
            mpq_init(v[i]);
        }
    }
    return v;
}

static void qvec_free(mpq_t *v, size_t len)
{
    if (v != NULL) {
        for (size_t i = 0; i < len; i++) {
            mpq_clear(v[i]);
        }
        veto_i_free(v);
    }
}

/* ---- the precoalition indices ----------------------------------------- */

/* Every precoalition index reads the rule only on coalitions made of whole
 * blocks: whole other unions plus some members of one union (Owen,
 * Banzhaf-Owen, symmetric coalitional Banzhaf, OPGI, TPGI2, TPGI3), or
 * whole unions (the quotient game, UPGI, SPGI). TPGI1 needs besides the
 * public good index of the whole game (pgw). The block games come from the
 * table of every coalition (enumeration, n <= 24) or from the rule itself,
 * evaluated on those coalitions only, which is what makes the indices
 * computable for composed rules of any number of players when the unions
 * are few and small (UNION_MAX_BITS). */
typedef struct bsrc {
    const unsigned char *win;  /* the table of every coalition, or NULL */
    const veto_i_rule_t *rule; /* else the rule */
    size_t n;
} bsrc_t;

/* m - 1 + p (p the largest union's size) at most this: the table of one
 * union's block game has 2^(m - 1 + p) entries; and the rule is evaluated
 * on at most UNION_MAX_EVALS coalitions in all. */
#define UNION_MAX_BITS 26
#define UNION_MAX_EVALS ((uint64_t)1 << 27)

/* The rule's terms in depth-first order, for block_fill. */
static size_t rule_terms(const veto_i_rule_t *r, const veto_i_rule_t **out,
                         size_t at)
{
    if (r->kind == VETO_I_R_TERM) {
        if (out != NULL) {
            out[at] = r;
        }
        return at + 1;
    }
    if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            at = rule_terms(r->child[c], out, at);
        }
    }
    return at;
}

/* The rule with its terms' outcomes given in depth-first order (*at the
 * next term's); every child is visited, to keep the order. */
static bool rule_from_terms(const veto_i_rule_t *r, const unsigned char *res,
                            size_t *at)
{
    switch (r->kind) {
    case VETO_I_R_TRUE:
        return true;
    case VETO_I_R_FALSE:
        return false;
    case VETO_I_R_TERM:
        return res[(*at)++] != 0;
    case VETO_I_R_KOF: {
        size_t yes = 0;
        for (size_t c = 0; c < r->nchild; c++) {
            yes += rule_from_terms(r->child[c], res, at);
        }
        return yes >= r->k;
    }
    }
    return false;
}

/* out[r] := 1 when the players of the blocks in r (bit b for block b) win
 * together, r < 2^nb (nb <= 30); block_of[i] is player i's block or
 * SIZE_MAX (a player in no block votes no). From the table: O(2^nb nb).
 * From the rule: a Gray code, so that one block changes from one
 * coalition to the next, and each term's sum follows by the block's
 * weight in it (terms with machine-word weights; otherwise the rule is
 * evaluated afresh): O(2^nb rule nodes), after O(n terms + nb terms). */
static veto_status block_fill(const bsrc_t *src, unsigned char *out,
                              const size_t *block_of, size_t nb,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = src->n;
    uint64_t ns = (uint64_t)1 << nb;
    unsigned char *in = NULL, *res = NULL;
    size_t *start = NULL, *mem = NULL;
    const veto_i_rule_t **term = NULL;
    int64_t *bw = NULL, *sum = NULL;
    if (src->win != NULL) {
        uint32_t mask[32] = {0};
        for (size_t i = 0; i < n; i++) {
            if (block_of[i] != SIZE_MAX) {
                mask[block_of[i]] |= (uint32_t)1 << i;
            }
        }
        block_table(out, src->win, mask, nb);
        return VETO_OK;
    }
    size_t nt = rule_terms(src->rule, NULL, 0);
    bool words = true;
    VETO_ALLOC(term, veto_i_calloc(nt + 1, sizeof *term));
    rule_terms(src->rule, term, 0);
    for (size_t t = 0; t < nt; t++) {
        words = words && term[t]->small;
    }
    if (words) {
        /* bw[t][b]: block b's weight in term t, <= the term's total <
         * 2^62, and so is every sum */
        VETO_ALLOC(bw, veto_i_calloc(nt * nb + 1, sizeof *bw));
        VETO_ALLOC(sum, veto_i_calloc(nt + 1, sizeof *sum));
        VETO_ALLOC(res, veto_i_calloc(nt + 1, 1));
        for (size_t t = 0; t < nt; t++) {
            for (size_t j = 0; j < term[t]->nterm; j++) {
                size_t b = block_of[term[t]->player[j]];
                if (b != SIZE_MAX) {
                    bw[t * nb + b] += term[t]->w64[j];
                }
            }
            res[t] = 0 >= term[t]->q64;
        }
    } else {
        VETO_ALLOC(in, veto_i_calloc(n + 1, 1));
        VETO_ALLOC(start, veto_i_calloc(nb + 2, sizeof *start));
        VETO_ALLOC(mem, veto_i_calloc(n + 1, sizeof *mem));
        size_t c = 0;
        for (size_t b = 0; b < nb; b++) {
            start[b] = c;
            for (size_t i = 0; i < n; i++) {
                if (block_of[i] == b) {
                    mem[c++] = i;
                }
            }
        }
        start[nb] = c;
    }
    uint64_t s = 0;
    size_t at = 0;
    out[0] = words ? rule_from_terms(src->rule, res, &at)
                   : veto_i_rule_eval(src->rule, in);
    for (uint64_t k = 1; k < ns; k++) {
        size_t b = (size_t)__builtin_ctzll(k);
        s ^= (uint64_t)1 << b;
        if (words) {
            bool on = (s >> b & 1u) != 0;
            for (size_t t = 0; t < nt; t++) {
                sum[t] += on ? bw[t * nb + b] : -bw[t * nb + b];
                res[t] = sum[t] >= term[t]->q64;
            }
            at = 0;
            out[s] = rule_from_terms(src->rule, res, &at);
        } else {
            for (size_t j = start[b]; j < start[b + 1]; j++) {
                in[mem[j]] ^= 1;
            }
            out[s] = veto_i_rule_eval(src->rule, in);
        }
        if ((k & 0xfffffu) == 0) {
            VETO_TRY(veto_i_poll(ctx, (double)k / (double)ns,
                                 "precoalition games", err));
        }
    }
cleanup:
    veto_i_free(in);
    veto_i_free(res);
    veto_i_free(start);
    veto_i_free(mem);
    veto_i_free(term);
    veto_i_free(bw);
    veto_i_free(sum);
    return rc;
}

/* Can the precoalition indices be computed from block games (m unions of
 * sizes size[])? NULL if so, else why not. *evals: the coalitions the
 * rule is evaluated on (the quotient and each union's game; TPGI3's and
 * OPGI's games are read from the latter). */
static const char *union_limits(const size_t *size, size_t m, uint64_t *evals)
{
    size_t pmax = 0;
    for (size_t k = 0; k < m; k++) {
        pmax = size[k] > pmax ? size[k] : pmax;
    }
    if (m + 1 > UNION_MAX_BITS || m - 1 + pmax > UNION_MAX_BITS) {
        return "needs the rule on every coalition of whole unions and one "
               "union's members: 2^(unions - 1 + largest union) of them, "
               "at most 2^26 here";
    }
    uint64_t e = (uint64_t)1 << m;
    for (size_t k = 0; k < m; k++) {
        e += (uint64_t)1 << (m - 1 + size[k]);
    }
    *evals = e;
    return NULL;
}

/* Every precoalition index from the block games of src. union_of[i] in 0
 * .. m-1 without gaps (checked). pgw: the normalised public good index of
 * the whole game (sums to 1), or NULL when the Holler index is not known
 * (then TPGI1 is left, with pgw_why); pgw_undefined when the game has no
 * minimal winning coalition. Memory O(2^(m - 1 + p) + 2^(m + 1)) bytes;
 * time O(sum over unions k of 2^(m - 1 + p_k) (p_k + evaluation)) plus the
 * minimality tests, O(2^b b) for a table of 2^b. */
static veto_status union_indices(veto_indices_t *x, const bsrc_t *src,
                                 const size_t *union_of, mpq_t *pgw,
                                 bool pgw_undefined, const char *pgw_why,
                                 const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = src->n, m = 0;
    size_t *size = NULL, *block_of = NULL, *member = NULL, *other = NULL;
    mpq_t *owen = NULL, *bo = NULL, *scb = NULL, *ext = NULL, *sub = NULL;
    mpq_t *t2 = NULL, *t3 = NULL, *op = NULL, *tmp = NULL;
    unsigned char *qt = NULL, *st = NULL, *tab = NULL;
    uint64_t *cnt = NULL, *extraw = NULL;
    size_t nv = 0, sublen = 0;
    mpq_t c1, c2, acc;
    mpq_init(c1);
    mpq_init(c2);
    mpq_init(acc);

    for (size_t i = 0; i < n; i++) {
        if (union_of[i] + 1 > m) {
            m = union_of[i] + 1;
        }
    }
    VETO_ALLOC(size, veto_i_calloc(m + 1, sizeof *size));
    for (size_t i = 0; i < n; i++) {
        size[union_of[i]]++;
    }
    for (size_t k = 0; k < m; k++) {
        if (size[k] == 0) {
            rc = veto_i_errorf(err, VETO_EINVAL,
                               "union %zu has no players (unions are "
                               "numbered 0 to m-1 without gaps)",
                               k + 1);
            goto cleanup;
        }
    }
    uint64_t evals = 0;
    const char *lim = union_limits(size, m, &evals);
    if (lim == NULL && src->win == NULL && evals > UNION_MAX_EVALS) {
        lim = "needs the rule on every coalition of whole unions and one "
              "union's members: more than 2^27 of them here";
    }
    if (lim != NULL) {
        for (size_t k = VETO_X_OWEN; k <= VETO_X_TPGI3; k++) {
            why(x, k, lim);
        }
        goto cleanup;
    }
    size_t pmax = 0;
    for (size_t k = 0; k < m; k++) {
        pmax = size[k] > pmax ? size[k] : pmax;
    }
    size_t stbits = m - 1 + pmax;
    size_t tabbits = (m + 1 > pmax ? m + 1 : pmax);
    VETO_TRY(veto_i_budget_check(
        ctx,
        veto_i_sat_add(((uint64_t)1 << stbits) + ((uint64_t)1 << tabbits) +
                           ((uint64_t)1 << m),
                       (uint64_t)(m + 1) * (n + 1) * 8),
        "the precoalition games",
        &(const veto_i_advice_t){VETO_HINT_RAISE_LIMIT, "max_memory", NULL},
        err));
    nv = n > m + 1 ? n : m + 1;
    VETO_ALLOC(owen, qvec(nv));
    VETO_ALLOC(bo, qvec(nv));
    VETO_ALLOC(scb, qvec(nv));
    VETO_ALLOC(ext, qvec(nv));
    sublen = stbits + 2 > nv ? stbits + 2 : nv;
    VETO_ALLOC(sub, qvec(sublen));
    VETO_ALLOC(t2, qvec(nv));
    VETO_ALLOC(t3, qvec(nv));
    VETO_ALLOC(op, qvec(nv));
    VETO_ALLOC(tmp, qvec(nv));
    VETO_ALLOC(block_of, veto_i_calloc(n + 1, sizeof *block_of));
    VETO_ALLOC(member, veto_i_calloc(pmax + 1, sizeof *member));
    VETO_ALLOC(other, veto_i_calloc(m + 1, sizeof *other));
    VETO_ALLOC(cnt, veto_i_calloc((m + 1) * (pmax + 1), sizeof *cnt));
    VETO_ALLOC(extraw, veto_i_calloc(m + 1, sizeof *extraw));
    VETO_ALLOC(qt, veto_i_malloc((size_t)1 << m));
    VETO_ALLOC(st, veto_i_malloc((size_t)1 << stbits));
    VETO_ALLOC(tab, veto_i_malloc((size_t)1 << tabbits));

    /* The quotient game: unions as players. */
    VETO_TRY(block_fill(src, qt, union_of, m, ctx, err));
    bool ext_ok = pgi_table(ext, extraw, qt, m);

    for (size_t k = 0; k < m; k++) {
        VETO_TRY(veto_i_poll(ctx, (double)k / (double)m, "precoalitions", err));
        /* union k's game: its members (bits 0 .. p-1), then the other
         * unions as blocks (bits p .. p+m-2) */
        size_t p = 0, no = 0;
        for (size_t i = 0; i < n; i++) {
            if (union_of[i] == k) {
                member[p] = i;
                block_of[i] = p++;
            }
        }
        for (size_t l = 0; l < m; l++) {
            if (l != k) {
                other[l] = no++;
            }
        }
        for (size_t i = 0; i < n; i++) {
            if (union_of[i] != k) {
                block_of[i] = p + other[union_of[i]];
            }
        }
        size_t nb = p + no;
        VETO_TRY(block_fill(src, st, block_of, nb, ctx, err));
        uint64_t pall = ((uint64_t)1 << p) - 1;

        /* Owen, Banzhaf-Owen, symmetric coalitional Banzhaf: swings of a
         * member a through R (whole other unions) + T (within its own
         * union), counted by |R| and |T|. */
        for (size_t a = 0; a < p; a++) {
            uint64_t abit = (uint64_t)1 << a, inside = pall & ~abit;
            memset(cnt, 0, (m + 1) * (pmax + 1) * sizeof *cnt);
            for (uint64_t r = 0; r < ((uint64_t)1 << no); r++) {
                uint64_t base = r << p;
                size_t rr = (size_t)popc(r);
                uint64_t t = 0;
                do {
                    if (!st[base | t] && st[base | t | abit]) {
                        cnt[rr * (pmax + 1) + (size_t)popc(t)]++;
                    }
                    t = (t - inside) & inside;
                } while (t != 0);
            }
            size_t i = member[a];
            for (size_t rr = 0; rr < m; rr++) {
                for (size_t tt = 0; tt < p; tt++) {
                    uint64_t c = cnt[rr * (pmax + 1) + tt];
                    if (c == 0) {
                        continue;
                    }
                    /* Owen: r!(m-1-r)!/m! * t!(p-1-t)!/p! */
                    fact_coef(c1, rr, m - 1 - rr, m);
                    fact_coef(c2, tt, p - 1 - tt, p);
                    mpq_mul(acc, c1, c2);
                    q_addmul(owen[i], c, acc);
                    /* SCB: 1/2^(m-1) * t!(p-1-t)!/p! */
                    mpq_set_ui(c1, 1, 1);
                    mpq_div_2exp(c1, c1, (mp_bitcnt_t)(m - 1));
                    mpq_mul(acc, c1, c2);
                    q_addmul(scb[i], c, acc);
                    /* BO: 1/2^(m-1) * 1/2^(p-1) */
                    mpq_div_2exp(acc, c1, (mp_bitcnt_t)(p - 1));
                    q_addmul(bo[i], c, acc);
                }
            }
        }
        if (!ext_ok) {
            continue;
        }
        /* TPGI2: k's members and the other unions as blocks, the members'
         * shares of their normalised PGI there. */
        pgi_table(sub, NULL, st, nb);
        mpq_set_ui(acc, 0, 1);
        for (size_t a = 0; a < p; a++) {
            mpq_add(acc, acc, sub[a]);
        }
        for (size_t a = 0; a < p; a++) {
            if (mpq_sgn(acc) != 0) {
                mpq_div(t2[member[a]], sub[a], acc);
                mpq_mul(t2[member[a]], t2[member[a]], ext[k]);
            }
        }
        /* TPGI3: per member a, the game of a, the rest of its union and
         * the other unions (bits 0, 1, 2 ..); shares within the union
         * (equal when all are 0). */
        mpq_set_ui(acc, 0, 1);
        for (size_t a = 0; a < p; a++) {
            uint64_t abit = (uint64_t)1 << a, rest = pall & ~abit;
            for (uint64_t r = 0; r < ((uint64_t)1 << (no + 2)); r++) {
                uint64_t t = ((r & 1u) ? abit : 0) | ((r & 2u) ? rest : 0);
                tab[r] = st[t | (r >> 2) << p];
            }
            pgi_table(sub, NULL, tab, no + 2);
            mpq_set(t3[member[a]], sub[0]);
            mpq_add(acc, acc, sub[0]);
        }
        for (size_t a = 0; a < p; a++) {
            size_t i = member[a];
            if (mpq_sgn(acc) == 0) {
                mpq_set_ui(t3[i], 1, (unsigned long)p);
            } else {
                mpq_div(t3[i], t3[i], acc);
            }
            mpq_mul(t3[i], t3[i], ext[k]);
        }
        /* OPGI: for each minimal winning coalition R of the quotient game
         * containing k, the PGI of the game inside k given the other
         * unions of R; averaged over those R and scaled by k's external
         * PGI. */
        if (extraw[k] == 0) {
            continue;
        }
        for (uint64_t r = 0; r < ((uint64_t)1 << m); r++) {
            if (!(r >> k & 1u) || !qt[r]) {
                continue;
            }
            bool minimal = true;
            for (uint64_t b = r; b != 0; b &= b - 1) {
                if (qt[r & ~(b & -b)]) {
                    minimal = false;
                    break;
                }
            }
            if (!minimal) {
                continue;
            }
            uint64_t base = 0; /* R - k in the bits of union k's game */
            for (size_t l = 0; l < m; l++) {
                if (l != k && (r >> l & 1u)) {
                    base |= (uint64_t)1 << (p + other[l]);
                }
            }
            for (uint64_t t = 0; t <= pall; t++) {
                tab[t] = st[base | t];
            }
            pgi_table(sub, NULL, tab, p);
            for (size_t a = 0; a < p; a++) {
                mpq_add(op[member[a]], op[member[a]], sub[a]);
            }
        }
        for (size_t a = 0; a < p; a++) {
            size_t i = member[a];
            q_u64(c1, extraw[k]);
            mpq_div(op[i], op[i], c1);
            mpq_mul(op[i], op[i], ext[k]);
        }
    }
    VETO_TRY(put(x, VETO_X_OWEN, owen, n, err));
    VETO_TRY(put(x, VETO_X_BO, bo, n, err));
    VETO_TRY(put(x, VETO_X_SCB, scb, n, err));
    if (!ext_ok) {
        for (size_t k = VETO_X_OPGI; k <= VETO_X_TPGI3; k++) {
            VETO_TRY(put_undefined(x, k, n, err));
        }
        goto cleanup;
    }
    VETO_TRY(put(x, VETO_X_OPGI, op, n, err));
    VETO_TRY(put(x, VETO_X_TPGI2, t2, n, err));
    VETO_TRY(put(x, VETO_X_TPGI3, t3, n, err));
    /* UPGI and SPGI */
    mpq_set_ui(acc, 0, 1);
    for (size_t k = 0; k < m; k++) {
        mpq_set_ui(c1, (unsigned long)size[k], 1);
        mpq_mul(c1, c1, ext[k]);
        mpq_add(acc, acc, c1);
    }
    for (size_t i = 0; i < n; i++) {
        mpq_set(tmp[i], ext[union_of[i]]);
    }
    VETO_TRY(put_over(x, VETO_X_UPGI, tmp, n, acc, err));
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(c1, (unsigned long)size[union_of[i]], 1);
        mpq_div(tmp[i], ext[union_of[i]], c1);
    }
    VETO_TRY(put(x, VETO_X_SPGI, tmp, n, err));
    /* TPGI1: the union's external PGI split by the players' PGI in the
     * whole game. */
    if (pgw == NULL && !pgw_undefined) {
        why(x, VETO_X_TPGI1,
            pgw_why != NULL && pgw_why[0] != '\0'
                ? pgw_why
                : "needs the Holler index of the whole game");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        size_t k = union_of[i];
        mpq_set_ui(acc, 0, 1);
        if (!pgw_undefined) {
            for (size_t j = 0; j < n; j++) {
                if (union_of[j] == k) {
                    mpq_add(acc, acc, pgw[j]);
                }
            }
        }
        if (mpq_sgn(acc) == 0) {
            mpq_set_ui(tmp[i], 0, 1);
        } else {
            mpq_div(tmp[i], pgw[i], acc);
            mpq_mul(tmp[i], tmp[i], ext[k]);
        }
    }
    VETO_TRY(put(x, VETO_X_TPGI1, tmp, n, err));

cleanup:
    qvec_free(owen, nv);
    qvec_free(bo, nv);
    qvec_free(scb, nv);
    qvec_free(ext, nv);
    qvec_free(sub, sublen);
    qvec_free(t2, nv);
    qvec_free(t3, nv);
    qvec_free(op, nv);
    qvec_free(tmp, nv);
    veto_i_free(size);
    veto_i_free(block_of);
    veto_i_free(member);
    veto_i_free(other);
    veto_i_free(cnt);
    veto_i_free(extraw);
    veto_i_free(qt);
    veto_i_free(st);
    veto_i_free(tab);
    mpq_clear(c1);
    mpq_clear(c2);
    mpq_clear(acc);
    return rc;
}

/* ---- everything else, from one pass over the winning coalitions -------- */

#define CM_MAX_WEIGHT 65536u

/* Colomer-Martinez as powerindexR's pi.colomermartinez defines it weighs
 * each minimal winning coalition by w_i / w(S): it needs weights. */
#define CM_NOT_WEIGHTED                                                        \
    "defined through the players' weights (w_i / w(S), as powerindexR's "      \
    "pi.colomermartinez takes a weighted game): this rule is not one "         \
    "weighted game"

typedef struct tallies {
    size_t n, n1;    /* n1 = n + 1: row length of the by-size tables */
    uint64_t w;      /* winning coalitions */
    uint64_t *wsize; /* [n1] winning by size */
    uint64_t *wi;    /* [n] winning containing i */
    uint64_t *wi_s;  /* [n][n1] winning containing i by size */
    uint64_t *eta_t; /* [n][n1] swings of i by size of S without i */
    uint64_t *jc;    /* [n][n1] winning S, i critical, by critical count */
    uint64_t m;      /* minimal winning */
    uint64_t *ms;    /* [n1] minimal winning by size */
    uint64_t *mi_s;  /* [n][n1] minimal winning containing i by size */
    uint64_t q;      /* winning coalitions with a critical player */
    uint64_t wtot;   /* total weight, when weights are used */
    uint64_t *cm;    /* [n][wtot+1] minimal S containing i by w(S) */
    uint64_t *jcm;   /* [n][wtot+1] i critical in S by weight of crit. */
} tallies_t;

static void tallies_free(tallies_t *t)
{
    veto_i_free(t->wsize);
    veto_i_free(t->wi);
    veto_i_free(t->wi_s);
    veto_i_free(t->eta_t);
    veto_i_free(t->jc);
    veto_i_free(t->ms);
    veto_i_free(t->mi_s);
    veto_i_free(t->cm);
    veto_i_free(t->jcm);
}

static veto_status tally(tallies_t *t, const unsigned char *win, size_t n,
                         const uint64_t *weight, const veto_i_ctx_t *ctx,
                         veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n1 = n + 1;
    t->n = n;
    t->n1 = n1;
    VETO_ALLOC(t->wsize, veto_i_calloc(n1, sizeof(uint64_t)));
    VETO_ALLOC(t->wi, veto_i_calloc(n1, sizeof(uint64_t)));
    VETO_ALLOC(t->wi_s, veto_i_calloc(n * n1 + 1, sizeof(uint64_t)));
    VETO_ALLOC(t->eta_t, veto_i_calloc(n * n1 + 1, sizeof(uint64_t)));
    VETO_ALLOC(t->jc, veto_i_calloc(n * n1 + 1, sizeof(uint64_t)));
    VETO_ALLOC(t->ms, veto_i_calloc(n1, sizeof(uint64_t)));
    VETO_ALLOC(t->mi_s, veto_i_calloc(n * n1 + 1, sizeof(uint64_t)));
    if (weight != NULL) {
        uint64_t tot = 0;
        for (size_t i = 0; i < n; i++) {
            tot += weight[i]; /* each <= CM_MAX_WEIGHT, n <= 24 */
        }
        t->wtot = tot;
        if (tot <= CM_MAX_WEIGHT) {
            VETO_ALLOC(t->cm,
                       veto_i_calloc(n * (tot + 1) + 1, sizeof(uint64_t)));
            VETO_ALLOC(t->jcm,
                       veto_i_calloc(n * (tot + 1) + 1, sizeof(uint64_t)));
        }
    }
    uint64_t ns = (uint64_t)1 << n;
    for (uint64_t s = 0; s < ns; s++) {
        if ((s & 0xfffffu) == 0 && s != 0) {
            VETO_TRY(
                veto_i_poll(ctx, (double)s / (double)ns, "coalitions", err));
        }
        if (!win[s]) {
            continue;
        }
        size_t sz = (size_t)popc(s);
        t->w++;
        t->wsize[sz]++;
        uint64_t crit = 0;
        uint64_t ws = 0, wc = 0;
        for (uint64_t b = s; b != 0; b &= b - 1) {
            size_t i = (size_t)__builtin_ctzll(b);
            t->wi[i]++;
            t->wi_s[i * n1 + sz]++;
            if (!win[s & ~((uint64_t)1 << i)]) {
                crit |= (uint64_t)1 << i;
            }
        }
        size_t c = (size_t)popc(crit);
        if (t->cm != NULL) {
            for (uint64_t b = s; b != 0; b &= b - 1) {
                size_t i = (size_t)__builtin_ctzll(b);
                ws += weight[i];
                if (crit >> i & 1u) {
                    wc += weight[i];
                }
            }
        }
        for (uint64_t b = crit; b != 0; b &= b - 1) {
            size_t i = (size_t)__builtin_ctzll(b);
            t->eta_t[i * n1 + sz - 1]++;
            t->jc[i * n1 + c]++;
            if (t->jcm != NULL) {
                t->jcm[i * (t->wtot + 1) + wc]++;
            }
        }
        if (c > 0) {
            t->q++;
        }
        if (c == sz) {
            t->m++;
            t->ms[sz]++;
            for (uint64_t b = s; b != 0; b &= b - 1) {
                size_t i = (size_t)__builtin_ctzll(b);
                t->mi_s[i * n1 + sz]++;
                if (t->cm != NULL) {
                    t->cm[i * (t->wtot + 1) + ws]++;
                }
            }
        }
    }
cleanup:
    return rc;
}

/* Null-player-free winning coalitions (Alvarez-Mozos et al. 2015, as EPIC
 * computes them): S wins and contains no null player of the game (a player
 * without a swing). npf_s[i][size] counts those containing i; tot[size]
 * all. eta[i] the swings of i. */
static veto_status null_free(uint64_t *npf_s, uint64_t *tot,
                             const unsigned char *win, size_t n,
                             const uint64_t *eta, const veto_i_ctx_t *ctx,
                             veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n1 = n + 1;
    uint64_t ns = (uint64_t)1 << n, null = 0;
    for (size_t i = 0; i < n; i++) {
        if (eta[i] == 0) {
            null |= (uint64_t)1 << i;
        }
    }
    for (uint64_t s = 0; s < ns; s++) {
        if ((s & 0xfffffu) == 0 && s != 0) {
            VETO_TRY(veto_i_poll(ctx, (double)s / (double)ns,
                                 "null-player-free", err));
        }
        if (!win[s] || (s & null) != 0) {
            continue;
        }
        size_t sz = (size_t)popc(s);
        tot[sz]++;
        for (uint64_t b = s; b != 0; b &= b - 1) {
            npf_s[(size_t)__builtin_ctzll(b) * n1 + sz]++;
        }
    }
cleanup:
    return rc;
}

veto_status veto_i_xindex_enum(veto_indices_t *x, const unsigned char *win,
                               size_t n, const uint64_t *weight,
                               const size_t *union_of, const veto_i_ctx_t *ctx,
                               veto_error_t *err)
{
    veto_status rc = VETO_OK;
    tallies_t t;
    memset(&t, 0, sizeof t);
    size_t n1 = n + 1;
    mpq_t *v = NULL, *v2 = NULL, *pgw = NULL;
    uint64_t *npf_s = NULL, *npf_tot = NULL;
    mpq_t a, b, two_n, two_n1, one;
    mpq_init(a);
    mpq_init(b);
    mpq_init(two_n);
    mpq_init(two_n1);
    mpq_init(one);
    mpq_t W;
    mpq_init(W);
    bool vinit = false;
    bool weights_ok = weight != NULL;
    if (weights_ok) {
        for (size_t i = 0; i < n; i++) {
            if (weight[i] > CM_MAX_WEIGHT) {
                weights_ok = false;
            }
        }
    }
    VETO_TRY(tally(&t, win, n, weights_ok ? weight : NULL, ctx, err));
    size_t nv = n > 0 ? n : 1;
    VETO_ALLOC(v, veto_i_mallocarray(nv, sizeof(mpq_t)));
    VETO_ALLOC(v2, veto_i_mallocarray(nv, sizeof(mpq_t)));
    for (size_t i = 0; i < nv; i++) {
        mpq_init(v[i]);
        mpq_init(v2[i]);
    }
    vinit = true;
    mpq_set_ui(one, 1, 1);
    mpq_set_ui(two_n, 1, 1);
    mpq_mul_2exp(two_n, two_n, (mp_bitcnt_t)n);
    mpq_set_ui(two_n1, 1, 1);
    if (n > 0) {
        mpq_mul_2exp(two_n1, two_n1, (mp_bitcnt_t)(n - 1));
    }
    q_u64(W, t.w);

    /* swings */
    for (size_t i = 0; i < n; i++) {
        uint64_t e = 0;
        for (size_t s = 0; s < n; s++) {
            e += t.eta_t[i * n1 + s];
        }
        q_u64(v[i], e);
    }
    VETO_TRY(put_family(x, FAM_BZ, v, n, two_n1, err));
    VETO_TRY(put_over(x, VETO_X_CP, v, n, W, err));
    mpq_sub(a, two_n, W);
    VETO_TRY(put_over(x, VETO_X_CI, v, n, a, err));
    /* Rae = 1/2 + eta/2^n */
    for (size_t i = 0; i < n; i++) {
        mpq_div(v2[i], v[i], two_n);
        mpq_set_ui(a, 1, 2);
        mpq_add(v2[i], v2[i], a);
    }
    VETO_TRY(put(x, VETO_X_RAE, v2, n, err));
    /* BCS = eta_i / |W_i| */
    if (t.w == 0) {
        VETO_TRY(put_undefined(x, VETO_X_BCS, n, err));
    } else {
        for (size_t i = 0; i < n; i++) {
            q_u64(a, t.wi[i]);
            mpq_div(v2[i], v[i], a); /* |W_i| > 0: the grand coalition */
        }
        VETO_TRY(put(x, VETO_X_BCS, v2, n, err));
    }
    /* Shapley-Shubik, raw and normalised; Coleman-Shapley */
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(v[i], 0, 1);
        mpq_set_ui(v2[i], 0, 1);
        for (size_t s = 0; s < n; s++) {
            uint64_t c = t.eta_t[i * n1 + s];
            if (c == 0) {
                continue;
            }
            fact_coef(a, s, n - 1 - s, 0);
            q_addmul(v[i], c, a);
        }
    }
    VETO_TRY(put(x, VETO_X_SSI_RAW, v, n, err));
    mpq_set_ui(a, 1, 1);
    mpz_fac_ui(mpq_numref(a), n);
    VETO_TRY(put_over(x, VETO_X_SSI, v, n, a, err));
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(v[i], 0, 1);
        for (size_t s = 0; s < n; s++) {
            uint64_t c = t.eta_t[i * n1 + s];
            if (c == 0) {
                continue;
            }
            /* sum over sizes z of the restricted game (z > s) of
             * C(n-s-1, z-s-1) s!(z-s-1)!/z! */
            mpq_set_ui(b, 0, 1);
            for (size_t z = s + 1; z <= n; z++) {
                fact_coef(a, s, z - s - 1, z);
                mpz_t bin;
                mpz_init(bin);
                mpz_bin_uiui(bin, n - s - 1, z - s - 1);
                mpz_mul(mpq_numref(a), mpq_numref(a), bin);
                mpq_canonicalize(a);
                mpz_clear(bin);
                mpq_add(b, b, a);
            }
            q_addmul(v[i], c, b);
        }
    }
    VETO_TRY(put_over(x, VETO_X_CSI, v, n, two_n, err));
    /* Coleman collective: the same for every player. */
    for (size_t i = 0; i < n; i++) {
        mpq_div(v[i], W, two_n);
    }
    VETO_TRY(put(x, VETO_X_CC, v, n, err));
    /* winning containing i: KB, Nevison, PHT */
    for (size_t i = 0; i < n; i++) {
        q_u64(v[i], t.wi[i]);
    }
    VETO_TRY(put_over(x, VETO_X_KB, v, n, W, err));
    VETO_TRY(put_over(x, VETO_X_NEV, v, n, two_n1, err));
    VETO_TRY(put_family(x, FAM_PHT, v, n, NULL, err));
    /* PHX */
    mpq_set_ui(b, 0, 1);
    for (size_t s = 1; s <= n; s++) {
        mpq_set_ui(a, 1, (unsigned long)s);
        q_addmul(b, t.wsize[s], a);
    }
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(v[i], 0, 1);
        for (size_t s = 1; s <= n; s++) {
            mpq_set_ui(a, 1, (unsigned long)(s * s));
            q_addmul(v[i], t.wi_s[i * n1 + s], a);
        }
    }
    VETO_TRY(put_over(x, VETO_X_PHX, v, n, b, err));
    /* Tijs and Harsanyi-Nash: veto players */
    size_t nveto = 0;
    for (size_t i = 0; i < n; i++) {
        if (t.w > 0 && t.wi[i] == t.w) {
            nveto++;
        }
    }
    if (nveto == 0) {
        VETO_TRY(put_undefined(x, VETO_X_TIJS, n, err));
    } else {
        for (size_t i = 0; i < n; i++) {
            mpq_set_ui(v[i], t.w > 0 && t.wi[i] == t.w ? 1 : 0,
                       (unsigned long)nveto);
            mpq_canonicalize(v[i]);
        }
        VETO_TRY(put(x, VETO_X_TIJS, v, n, err));
    }
    for (size_t i = 0; i < n; i++) {
        if (nveto == 1) {
            mpq_set_ui(v[i], t.w > 0 && t.wi[i] == t.w ? 1 : 0, 1);
        } else {
            mpq_set_ui(v[i], 1, (unsigned long)n);
        }
    }
    VETO_TRY(put(x, VETO_X_HN, v, n, err));
    /* minimal winning: Holler, Deegan-Packel, Felsenthal */
    mpq_t M;
    mpq_init(M);
    q_u64(M, t.m);
    for (size_t i = 0; i < n; i++) {
        uint64_t c = 0;
        mpq_set_ui(v2[i], 0, 1);
        for (size_t s = 1; s <= n; s++) {
            c += t.mi_s[i * n1 + s];
            mpq_set_ui(a, 1, (unsigned long)s);
            q_addmul(v2[i], t.mi_s[i * n1 + s], a);
        }
        q_u64(v[i], c);
    }
    rc = put_family(x, FAM_PG, v, n, M, err);
    if (rc == VETO_OK) {
        rc = put_family(x, FAM_DP, v2, n, M, err);
    }
    mpq_clear(M);
    if (rc != VETO_OK) {
        goto cleanup;
    }
    size_t smin = 0;
    while (smin <= n && t.ms[smin] == 0) {
        smin++;
    }
    for (size_t i = 0; i < n; i++) {
        q_u64(v[i], smin <= n ? t.mi_s[i * n1 + smin] : 0);
    }
    VETO_TRY(put_family(x, FAM_FT, v, n, NULL, err));
    /* counts */
    q_u64(a, t.w);
    VETO_TRY(put(x, VETO_X_W, &a, 1, err));
    q_u64(a, t.m);
    VETO_TRY(put(x, VETO_X_WM, &a, 1, err));
    q_u64(a, smin <= n ? t.ms[smin] : 0);
    VETO_TRY(put(x, VETO_X_WS, &a, 1, err));
    /* Johnston */
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(v[i], 0, 1);
        for (size_t c = 1; c <= n; c++) {
            mpq_set_ui(a, 1, (unsigned long)c);
            q_addmul(v[i], t.jc[i * n1 + c], a);
        }
    }
    VETO_TRY(put_family(x, FAM_J, v, n, NULL, err));
    /* Colomer-Martinez and Johnston-Colomer-Martinez */
    if (weight == NULL) {
        why(x, VETO_X_CM, CM_NOT_WEIGHTED);
        why(x, VETO_X_JCM, CM_NOT_WEIGHTED);
    } else if (t.cm == NULL) {
        why(x, VETO_X_CM, "total weight above 65536");
        why(x, VETO_X_JCM, "total weight above 65536");
    } else {
        size_t wl = (size_t)t.wtot + 1;
        for (size_t i = 0; i < n; i++) {
            mpq_set_ui(v[i], 0, 1);
            mpq_set_ui(v2[i], 0, 1);
            for (size_t d = 1; d < wl; d++) {
                mpq_set_ui(a, (unsigned long)weight[i], (unsigned long)d);
                mpq_canonicalize(a);
                q_addmul(v[i], t.cm[i * wl + d], a);
                q_addmul(v2[i], t.jcm[i * wl + d], a);
            }
        }
        q_u64(a, t.m);
        VETO_TRY(put_over(x, VETO_X_CM, v, n, a, err));
        q_u64(a, t.q);
        VETO_TRY(put_over(x, VETO_X_JCM, v2, n, a, err));
    }
    /* null-player-free */
    {
        VETO_ALLOC(npf_s, veto_i_calloc(n * n1 + 1, sizeof(uint64_t)));
        VETO_ALLOC(npf_tot, veto_i_calloc(n1, sizeof(uint64_t)));
        uint64_t eta[VETO_INDICES_ENUM_MAX_N + 1];
        for (size_t i = 0; i < n; i++) {
            eta[i] = 0;
            for (size_t z = 0; z < n; z++) {
                eta[i] += t.eta_t[i * n1 + z];
            }
        }
        VETO_TRY(null_free(npf_s, npf_tot, win, n, eta, ctx, err));
        uint64_t all = 0;
        for (size_t s = 0; s <= n; s++) {
            all += npf_tot[s];
        }
        for (size_t i = 0; i < n; i++) {
            uint64_t c = 0;
            mpq_set_ui(v2[i], 0, 1);
            for (size_t s = 1; s <= n; s++) {
                c += npf_s[i * n1 + s];
                mpq_set_ui(a, 1, (unsigned long)s);
                q_addmul(v2[i], npf_s[i * n1 + s], a);
            }
            q_u64(v[i], c);
        }
        q_u64(a, all);
        VETO_TRY(put_family(x, FAM_PIF, v2, n, a, err));
        VETO_TRY(put_family(x, FAM_PIG, v, n, a, err));
    }
    /* precoalitions */
    if (union_of == NULL) {
        for (size_t k = VETO_X_OWEN; k <= VETO_X_TPGI3; k++) {
            why(x, k, "needs unions (--precoalitions or unions { ... })");
        }
    } else {
        VETO_ALLOC(pgw, qvec(nv));
        bool whole_ok = pgi_table(pgw, NULL, win, n);
        bsrc_t src = {win, NULL, n};
        VETO_TRY(
            union_indices(x, &src, union_of, pgw, !whole_ok, NULL, ctx, err));
    }

cleanup:
    if (vinit) {
        for (size_t i = 0; i < nv; i++) {
            mpq_clear(v[i]);
            mpq_clear(v2[i]);
        }
    }
    veto_i_free(v);
    veto_i_free(v2);
    veto_i_free(npf_s);
    veto_i_free(npf_tot);
    qvec_free(pgw, nv);
    tallies_free(&t);
    mpq_clear(a);
    mpq_clear(b);
    mpq_clear(two_n);
    mpq_clear(two_n1);
    mpq_clear(one);
    mpq_clear(W);
    return rc;
}

/* ---- beyond enumeration, weighted rules: the dp engines ---------------- */

static bool wants(const bool *want, size_t k)
{
    return want == NULL || want[k];
}

/* An engine's ELIMIT (memory budget, quota too large) leaves the index not
 * computed, with the engine's message; other errors stop. */
static bool limit_to_why(veto_indices_t *x, size_t k0, size_t k1,
                         veto_status *rc, veto_error_t *err)
{
    if (*rc != VETO_ELIMIT) {
        return false;
    }
    for (size_t k = k0; k <= k1; k++) {
        why(x, k, err->message);
    }
    *rc = VETO_OK;
    return true;
}

/* ---- players of one type --------------------------------------------- */

/* Every formula below gives a player a value from its own row of counts by
 * size and from sums over all rows; players whose rows are equal get equal
 * values, and in a weighted game every type (players of equal weight, who
 * are interchangeable) has one row. So each value is worked out once per
 * distinct row and copied to the others: with d types, d rows of big-number
 * work instead of n. The rows are compared here, whatever engine filled
 * them (dp's types, bdd's levels, or none). */
typedef struct rowkey {
    uint64_t h;
    size_t i;
} rowkey_t;

static int rowkey_cmp(const void *pa, const void *pb)
{
    const rowkey_t *a = pa, *b = pb;
    if (a->h != b->h) {
        return a->h < b->h ? -1 : 1;
    }
    return a->i < b->i ? -1 : a->i > b->i ? 1 : 0;
}

static uint64_t hmix(uint64_t h, uint64_t x)
{
    h ^= x + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
    return h * 0xbf58476d1ce4e5b9u;
}

/* rep[i] := the first player whose row of swings by size equals player
 * i's (so rep[i] <= i, and rep[i] == i for the first of each class);
 * mult[i] := the players represented by i (0 when rep[i] != i). Starts
 * from the engine's row classes (c->row_of: players of one class have
 * equal rows) and merges the classes whose rows are equal (bdd's levels
 * of a composed rule can be, and dp's weight classes of null players).
 * Time O(nrows n) to hash the class rows (two words of each entry),
 * sorting, one comparison of rows per class and earlier representative
 * of equal hash, then O(n) for the players. */
static veto_status row_classes(size_t *rep, size_t *mult,
                               const veto_i_counts_t *c, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = c->n, nr = c->nrows, len = n;
    const mpz_t *rows = (const mpz_t *)c->swings_k;
    rowkey_t *key = NULL;
    size_t *crep = NULL, *first = NULL;
    VETO_ALLOC(key, veto_i_mallocarray(nr == 0 ? 1 : nr, sizeof *key));
    VETO_ALLOC(crep, veto_i_mallocarray(nr == 0 ? 1 : nr, sizeof *crep));
    VETO_ALLOC(first, veto_i_mallocarray(nr == 0 ? 1 : nr, sizeof *first));
    for (size_t r = 0; r < nr; r++) {
        uint64_t h = 0;
        for (size_t t = 0; t < len; t++) {
            mpz_srcptr x = rows[r * len + t];
            h = hmix(h, (uint64_t)mpz_size(x) * 2 + (mpz_sgn(x) < 0));
            if (mpz_sgn(x) != 0) {
                h = hmix(h, (uint64_t)mpz_getlimbn(x, 0));
            }
        }
        key[r].h = h;
        key[r].i = r;
    }
    qsort(key, nr, sizeof *key, rowkey_cmp);
    for (size_t a = 0; a < nr;) {
        size_t b = a;
        while (b < nr && key[b].h == key[a].h) {
            b++;
        }
        /* [a, b): equal hashes, by class; each joins the first earlier
         * representative whose row is equal */
        for (size_t x = a; x < b; x++) {
            size_t r = key[x].i;
            crep[r] = r;
            for (size_t y = a; y < x && crep[r] == r; y++) {
                size_t s = key[y].i;
                if (crep[s] != s) {
                    continue;
                }
                bool eq = true;
                for (size_t t = 0; t < len && eq; t++) {
                    eq = mpz_cmp(rows[r * len + t], rows[s * len + t]) == 0;
                }
                if (eq) {
                    crep[r] = s;
                }
            }
        }
        a = b;
    }
    /* a player's representative: the first player of its merged class */
    for (size_t r = 0; r < nr; r++) {
        first[r] = SIZE_MAX;
    }
    for (size_t i = 0; i < n; i++) {
        size_t r = crep[c->row_of[i]];
        if (first[r] == SIZE_MAX) {
            first[r] = i;
        }
        rep[i] = first[r];
        mult[i] = 0;
    }
    for (size_t i = 0; i < n; i++) {
        mult[rep[i]]++;
    }
cleanup:
    veto_i_free(key);
    veto_i_free(crep);
    veto_i_free(first);
    return rc;
}

/* The indices that need counts by coalition size (SSI_RAW, CSI, PHX from
 * the swings by size; FT_RAW, FT, WS from the minimal winning coalitions
 * by size) and raw Johnston, from one dp call. */
static veto_status sized_from_counts(veto_indices_t *x,
                                     const veto_i_counts_t *c, size_t n,
                                     bool empty_wins, bool want_sw,
                                     bool want_mw, bool want_jo,
                                     veto_error_t *err);

static veto_status pif_from_swings(veto_indices_t *x, const veto_i_counts_t *c,
                                   size_t n, bool empty_wins,
                                   veto_error_t *err);

/* f_done: F (PIF_RAW, PIF) was computed here, from the same swings by
 * size, because the game has no null player (then the game without them
 * is the game itself and weighted_null_free need not count it again). */
static veto_status weighted_sized(veto_indices_t *x, const veto_i_wgame_t *g,
                                  const bool *want, bool *f_done,
                                  const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = g->n;
    *f_done = false;
    /* raw Shapley-Shubik comes with Shapley-Shubik (from_analysis) */
    bool want_sw = wants(want, VETO_X_CSI) || wants(want, VETO_X_PHX);
    bool want_f = wants(want, VETO_X_PIF_RAW) || wants(want, VETO_X_PIF);
    bool want_mw = wants(want, VETO_X_FT_RAW) || wants(want, VETO_X_FT) ||
                   wants(want, VETO_X_WS);
    bool want_jo = wants(want, VETO_X_J_RAW) || wants(want, VETO_X_J);
    unsigned need = (want_sw || want_f ? VETO_I_NEED_SSI : 0) |
                    (want_mw ? VETO_I_NEED_DPI : 0) |
                    (want_jo ? VETO_I_NEED_JOHNSTON : 0);
    if (need == 0 || n == 0) {
        return VETO_OK;
    }
    need |= VETO_I_NEED_SIZES | (want_f ? VETO_I_NEED_WINNING : 0);
    veto_i_counts_t c;
    if (!veto_i_counts_init(&c, n, need)) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    rc = veto_i_dp_counts(&c, g, need, ctx, err);
    if (limit_to_why(x, VETO_X_SSI_RAW, VETO_X_SSI_RAW, &rc, err)) {
        why(x, VETO_X_CSI, err->message);
        why(x, VETO_X_PHX, err->message);
        why(x, VETO_X_FT_RAW, err->message);
        why(x, VETO_X_FT, err->message);
        why(x, VETO_X_WS, err->message);
        why(x, VETO_X_J_RAW, err->message);
        why(x, VETO_X_J, err->message);
        goto cleanup;
    }
    if (rc != VETO_OK) {
        goto cleanup;
    }
    rc = sized_from_counts(x, &c, n, mpz_sgn(g->quota) <= 0, want_sw, want_mw,
                           want_jo, err);
    if (rc == VETO_OK && want_f) {
        /* a null player has no swing, so no Shapley-Shubik numerator */
        bool null = false;
        for (size_t i = 0; i < n && !null; i++) {
            null = mpz_sgn(c.ssi_num[i]) == 0;
        }
        if (!null) {
            rc = pif_from_swings(x, &c, n, mpz_sgn(g->quota) <= 0, err);
            *f_done = rc == VETO_OK;
        }
    }
cleanup:
    veto_i_counts_clear(&c);
    return rc;
}

/* The indices from the counts by size c (swings_k and ssi_num when
 * want_sw, mwc_k when want_mw, jo_sum when want_jo) of a game of n
 * players; empty_wins: the empty coalition wins (then every one does). */
static veto_status sized_from_counts(veto_indices_t *x,
                                     const veto_i_counts_t *cc, size_t n,
                                     bool empty_wins, bool want_sw,
                                     bool want_mw, bool want_jo,
                                     veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n1 = n + 1;
    const veto_i_counts_t *c = cc;
    mpq_t *v = NULL;
    mpz_t *Wk = NULL, *Wi = NULL;
    size_t *rep = NULL, *mult = NULL;
    mpq_t a, b;
    mpz_t t1;
    mpq_init(a);
    mpq_init(b);
    mpz_init(t1);
    VETO_ALLOC(v, veto_i_mallocarray(n, sizeof(mpq_t)));
    for (size_t i = 0; i < n; i++) {
        mpq_init(v[i]);
    }
    if (want_sw) {
        VETO_ALLOC(rep, veto_i_mallocarray(n, sizeof *rep));
        VETO_ALLOC(mult, veto_i_mallocarray(n, sizeof *mult));
        VETO_TRY(row_classes(rep, mult, c, err));
        /* raw Shapley-Shubik: the orderings in which i is pivotal */
        for (size_t i = 0; i < n; i++) {
            mpq_set_z(v[i], c->ssi_num[i]);
        }
        VETO_TRY(put(x, VETO_X_SSI_RAW, v, n, err));
        /* Coleman-Shapley: 2^-n sum_t eta_i(t) c(t), c(t) = (sum_{s > t}
         * C(n, s)) / (n C(n-1, t)) (the restricted games' Shapley weights
         * summed over the supersets of S + i) */
        mpq_t *ct = veto_i_mallocarray(n, sizeof(mpq_t));
        if (ct == NULL) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        mpz_set_ui(t1, 0); /* sum_{s > t} C(n, s), from t = n - 1 down */
        for (size_t t = n; t-- > 0;) {
            mpz_t bin;
            mpz_init(bin);
            mpz_bin_uiui(bin, n, t + 1);
            mpz_add(t1, t1, bin);
            mpq_init(ct[t]);
            mpz_set(mpq_numref(ct[t]), t1);
            mpz_bin_uiui(bin, n - 1, t);
            mpz_mul_ui(bin, bin, (unsigned long)n);
            mpz_set(mpq_denref(ct[t]), bin);
            mpq_canonicalize(ct[t]);
            mpz_clear(bin);
        }
        for (size_t i = 0; i < n; i++) {
            if (rep[i] != i) {
                mpq_set(v[i], v[rep[i]]); /* computed: rep[i] < i */
                continue;
            }
            mpq_set_ui(v[i], 0, 1);
            mpz_t *eta = veto_i_counts_swings_row(c, i);
            for (size_t t = 0; t < n; t++) {
                if (mpz_sgn(eta[t]) != 0) {
                    mpq_set_z(a, eta[t]);
                    mpq_mul(a, a, ct[t]);
                    mpq_add(v[i], v[i], a);
                }
            }
            mpq_div_2exp(v[i], v[i], (mp_bitcnt_t)n);
        }
        for (size_t t = 0; t < n; t++) {
            mpq_clear(ct[t]);
        }
        veto_i_free(ct);
        VETO_TRY(put(x, VETO_X_CSI, v, n, err));
        /* PHX from the winning coalitions by size: W(0) = [q <= 0],
         * (t+1) W(t+1) = sum_i eta_i(t) + (n - t) W(t), and per player
         * W_i(t+1) = eta_i(t) + W(t) - W_i(t), W_i(0) = 0. */
        VETO_ALLOC(Wk, zvec(n1));
        VETO_ALLOC(Wi, zvec(n1));
        mpz_set_ui(Wk[0], empty_wins ? 1 : 0);
        for (size_t t = 0; t < n; t++) {
            mpz_mul_ui(Wk[t + 1], Wk[t], (unsigned long)(n - t));
            for (size_t i = 0; i < n; i++) {
                if (mult[i] != 0) {
                    mpz_addmul_ui(Wk[t + 1], veto_i_counts_swings_row(c, i)[t],
                                  (unsigned long)mult[i]);
                }
            }
            mpz_divexact_ui(Wk[t + 1], Wk[t + 1], (unsigned long)(t + 1));
        }
        mpq_set_ui(b, 0, 1);
        for (size_t s = 1; s <= n; s++) {
            mpq_set_z(a, Wk[s]);
            mpz_mul_ui(mpq_denref(a), mpq_denref(a), (unsigned long)s);
            mpq_canonicalize(a);
            mpq_add(b, b, a);
        }
        for (size_t i = 0; i < n; i++) {
            if (rep[i] != i) {
                mpq_set(v[i], v[rep[i]]);
                continue;
            }
            mpz_set_ui(Wi[0], 0);
            mpq_set_ui(v[i], 0, 1);
            mpz_t *eta = veto_i_counts_swings_row(c, i);
            for (size_t t = 0; t < n; t++) {
                mpz_add(Wi[t + 1], eta[t], Wk[t]);
                mpz_sub(Wi[t + 1], Wi[t + 1], Wi[t]);
                if (mpz_sgn(Wi[t + 1]) != 0) {
                    mpq_set_z(a, Wi[t + 1]);
                    mpz_mul_ui(mpq_denref(a), mpq_denref(a),
                               (unsigned long)((t + 1) * (t + 1)));
                    mpq_canonicalize(a);
                    mpq_add(v[i], v[i], a);
                }
            }
        }
        VETO_TRY(put_over(x, VETO_X_PHX, v, n, b, err));
    }
    if (want_mw) {
        size_t smin = 0;
        while (smin <= n && mpz_sgn(c->mwc_k[smin]) == 0) {
            smin++;
        }
        for (size_t i = 0; i < n; i++) {
            if (smin <= n) {
                mpq_set_z(v[i], veto_i_counts_mwc_row(c, i)[smin]);
            } else {
                mpq_set_ui(v[i], 0, 1);
            }
        }
        VETO_TRY(put_family(x, FAM_FT, v, n, NULL, err));
        mpq_set_ui(a, 0, 1);
        if (smin <= n) {
            mpq_set_z(a, c->mwc_k[smin]);
        }
        VETO_TRY(put(x, VETO_X_WS, &a, 1, err));
    }
    if (want_jo) {
        VETO_TRY(put_family(x, FAM_J, c->jo_sum, n, NULL, err));
    }
cleanup:
    if (v != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(v[i]);
        }
        veto_i_free(v);
    }
    zvec_free(Wk, n1);
    zvec_free(Wi, n1);
    veto_i_free(rep);
    veto_i_free(mult);
    mpq_clear(a);
    mpq_clear(b);
    mpz_clear(t1);
    return rc;
}

/* The null-player-free index F from the swings by size of a game of n
 * players (c->swings_k). Without its z null players (no swing) the game
 * g' of the m = n - z others has swings by size eta'_j with eta_j(t) =
 * sum_l C(z, l) eta'_j(t - l), the null players joining S freely: solved
 * for eta' from t = 0 up. Then W'(t) and W'_j(t) as for PHX, and F_j =
 * sum_t W'_j(t) / t over |W'| = |W| / 2^z. O(n^2 z) integer operations. */
static veto_status pif_from_swings(veto_indices_t *x, const veto_i_counts_t *c,
                                   size_t n, bool empty_wins, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t m = 0, z = 0;
    size_t *keep = NULL, *rep = NULL, *mult = NULL;
    bool *isnull = NULL;
    mpz_t *ep = NULL, *bin = NULL, *Wk = NULL, *Wi = NULL;
    mpq_t *vf = NULL;
    mpq_t a, all;
    mpz_t e;
    mpq_init(a);
    mpq_init(all);
    mpz_init(e);
    VETO_ALLOC(keep, veto_i_calloc(n + 1, sizeof *keep));
    VETO_ALLOC(vf, qvec(n));
    VETO_ALLOC(rep, veto_i_mallocarray(n, sizeof *rep));
    VETO_ALLOC(mult, veto_i_mallocarray(n, sizeof *mult));
    VETO_TRY(row_classes(rep, mult, c, err));
    VETO_ALLOC(isnull, veto_i_calloc(n, sizeof *isnull));
    for (size_t i = 0; i < n; i++) {
        /* a row of no swing, decided once per representative (rep[i] <= i) */
        if (rep[i] == i) {
            mpz_t *eta = veto_i_counts_swings_row(c, i);
            isnull[i] = true;
            for (size_t t = 0; t < n && isnull[i]; t++) {
                isnull[i] = mpz_sgn(eta[t]) == 0;
            }
        } else {
            isnull[i] = isnull[rep[i]];
        }
        if (!isnull[i]) {
            keep[m++] = i;
        }
    }
    z = n - m;
    VETO_ALLOC(bin, zvec(z + 1));
    for (size_t l = 0; l <= z; l++) {
        mpz_bin_uiui(bin[l], z, l);
    }
    VETO_ALLOC(ep, zvec(m * m + 1));
    VETO_ALLOC(Wk, zvec(m + 1));
    VETO_ALLOC(Wi, zvec(m + 1));
    /* once per row: a player's eta' is a function of its own eta */
    for (size_t j = 0; j < m; j++) {
        if (rep[keep[j]] != keep[j]) {
            continue;
        }
        for (size_t t = 0; t < m; t++) {
            mpz_set(e, veto_i_counts_swings_row(c, keep[j])[t]);
            for (size_t l = 1; l <= z && l <= t; l++) {
                mpz_submul(e, bin[l], ep[j * m + t - l]);
            }
            mpz_set(ep[j * m + t], e);
        }
    }
    mpz_set_ui(Wk[0], empty_wins ? 1 : 0);
    for (size_t t = 0; t < m; t++) {
        mpz_mul_ui(Wk[t + 1], Wk[t], (unsigned long)(m - t));
        for (size_t j = 0; j < m; j++) {
            if (mult[keep[j]] != 0) {
                mpz_addmul_ui(Wk[t + 1], ep[j * m + t],
                              (unsigned long)mult[keep[j]]);
            }
        }
        mpz_divexact_ui(Wk[t + 1], Wk[t + 1], (unsigned long)(t + 1));
    }
    for (size_t j = 0; j < m; j++) {
        if (rep[keep[j]] != keep[j]) {
            continue;
        }
        mpz_set_ui(Wi[0], 0);
        for (size_t t = 0; t < m; t++) {
            mpz_add(Wi[t + 1], ep[j * m + t], Wk[t]);
            mpz_sub(Wi[t + 1], Wi[t + 1], Wi[t]);
            if (mpz_sgn(Wi[t + 1]) != 0) {
                mpq_set_z(a, Wi[t + 1]);
                mpz_mul_ui(mpq_denref(a), mpq_denref(a),
                           (unsigned long)(t + 1));
                mpq_canonicalize(a);
                mpq_add(vf[keep[j]], vf[keep[j]], a);
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (rep[i] != i) {
            mpq_set(vf[i], vf[rep[i]]); /* null players: both 0 */
        }
    }
    mpq_set_z(all, c->winning);
    mpq_div_2exp(all, all, (mp_bitcnt_t)z);
    VETO_TRY(put_family(x, FAM_PIF, vf, n, all, err));
cleanup:
    veto_i_free(keep);
    veto_i_free(rep);
    veto_i_free(mult);
    veto_i_free(isnull);
    zvec_free(bin, z + 1);
    zvec_free(ep, m * m + 1);
    zvec_free(Wk, m + 1);
    zvec_free(Wi, m + 1);
    qvec_free(vf, n);
    mpq_clear(a);
    mpq_clear(all);
    mpz_clear(e);
    return rc;
}

/* The indices by coalition size for a composed rule (one bdd call): those
 * of weighted_sized, and F. */
static veto_status composed_sized(veto_indices_t *x, const veto_i_rule_t *rule,
                                  size_t n, const bool *want,
                                  const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    static const size_t mine[] = {
        VETO_X_SSI_RAW, VETO_X_CSI,   VETO_X_PHX, VETO_X_FT_RAW,  VETO_X_FT,
        VETO_X_WS,      VETO_X_J_RAW, VETO_X_J,   VETO_X_PIF_RAW, VETO_X_PIF};
    bool want_f = wants(want, VETO_X_PIF_RAW) || wants(want, VETO_X_PIF);
    bool want_sw = want_f || wants(want, VETO_X_CSI) ||
                   wants(want, VETO_X_PHX) || wants(want, VETO_X_SSI_RAW);
    bool want_mw = wants(want, VETO_X_FT_RAW) || wants(want, VETO_X_FT) ||
                   wants(want, VETO_X_WS);
    bool want_jo = wants(want, VETO_X_J_RAW) || wants(want, VETO_X_J);
    unsigned need = (want_sw ? VETO_I_NEED_SSI : 0) |
                    (want_mw ? VETO_I_NEED_DPI : 0) |
                    (want_jo ? VETO_I_NEED_JOHNSTON : 0);
    if (need == 0 || n == 0) {
        return VETO_OK;
    }
    need |= VETO_I_NEED_SIZES | VETO_I_NEED_WINNING;
    veto_i_counts_t c;
    if (!veto_i_counts_init(&c, n, need)) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    rc = veto_i_bdd_counts(&c, rule, n, need, NULL, ctx, err);
    if (rc == VETO_ELIMIT) {
        for (size_t k = 0; k < sizeof mine / sizeof mine[0]; k++) {
            why(x, mine[k], err->message);
        }
        rc = VETO_OK;
        goto cleanup;
    }
    if (rc != VETO_OK) {
        goto cleanup;
    }
    if (!(c.have & VETO_I_NEED_SIZES)) {
        for (size_t k = 0; k < sizeof mine / sizeof mine[0]; k++) {
            why(x, mine[k],
                "the decision diagram gave no counts by "
                "coalition size");
        }
        goto cleanup;
    }
    /* the empty coalition wins when every coalition does */
    bool empty_wins = mpz_scan1(c.winning, 0) == (mp_bitcnt_t)n &&
                      mpz_sizeinbase(c.winning, 2) == n + 1;
    VETO_TRY(sized_from_counts(x, &c, n, empty_wins, want_sw, want_mw, want_jo,
                               err));
    if (want_f) {
        VETO_TRY(pif_from_swings(x, &c, n, empty_wins, err));
    }
cleanup:
    veto_i_counts_clear(&c);
    return rc;
}

/* The null-player-free indices F and G of a weighted game: with the null
 * players (no swing) taken out, the game g' of the others; then W^np_i =
 * the winning coalitions of g' containing i, |W^np_i| = (|W'| + eta'_i) / 2
 * (Dubey & Shapley), and F needs them by size (as PHX, from g''s swings by
 * size). */
static veto_status weighted_null_free(veto_indices_t *x,
                                      const veto_i_wgame_t *g, const bool *want,
                                      bool f_done, const veto_i_ctx_t *ctx,
                                      veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = g->n;
    bool want_f =
        !f_done && (wants(want, VETO_X_PIF_RAW) || wants(want, VETO_X_PIF));
    bool want_g = wants(want, VETO_X_PIG_RAW) || wants(want, VETO_X_PIG) ||
                  wants(want, VETO_X_PIG_ABS);
    if ((!want_f && !want_g) || n == 0) {
        return VETO_OK;
    }
    veto_i_counts_t c, c2;
    bool have_c = false, have_c2 = false, have_g2 = false;
    veto_i_wgame_t g2;
    size_t *keep = NULL, *rep = NULL, *mult = NULL;
    mpq_t *vf = NULL, *vg = NULL;
    mpz_t *Wk = NULL, *Wi = NULL;
    mpq_t a, all, fsum;
    mpq_init(a);
    mpq_init(all);
    mpq_init(fsum);
    size_t m = 0;
    VETO_ALLOC(keep, veto_i_calloc(n + 1, sizeof *keep));
    VETO_ALLOC(vf, qvec(n));
    VETO_ALLOC(vg, qvec(n));
    if (!veto_i_counts_init(&c, n, VETO_I_NEED_SWINGS | VETO_I_NEED_WINNING)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    have_c = true;
    rc = veto_i_dp_counts(&c, g, VETO_I_NEED_SWINGS | VETO_I_NEED_WINNING, ctx,
                          err);
    if (limit_to_why(x, VETO_X_PIF_RAW, VETO_X_PIG_ABS, &rc, err) ||
        rc != VETO_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        if (mpz_sgn(c.swings[i]) > 0) {
            keep[m++] = i;
        }
    }
    if (!veto_i_wgame_alloc(&g2, m)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    have_g2 = true;
    for (size_t j = 0; j < m; j++) {
        mpz_set(g2.w[j], g->w[keep[j]]);
    }
    mpz_set(g2.quota, g->quota);
    /* |W'| = |W| / 2^(n - m): the null players' votes never matter */
    mpq_set_z(all, c.winning);
    mpq_div_2exp(all, all, (mp_bitcnt_t)(n - m));
    for (size_t j = 0; j < m; j++) {
        mpq_set_z(vg[keep[j]], c.swings[keep[j]]);
        mpq_div_2exp(vg[keep[j]], vg[keep[j]], (mp_bitcnt_t)(n - m));
        mpq_add(vg[keep[j]], vg[keep[j]], all);
        mpq_div_2exp(vg[keep[j]], vg[keep[j]], 1);
    }
    if (want_g) {
        VETO_TRY(put_family(x, FAM_PIG, vg, n, all, err));
    }
    if (!want_f) {
        goto cleanup;
    }
    if (m > 0) {
        unsigned need = VETO_I_NEED_SSI | VETO_I_NEED_SIZES;
        if (!veto_i_counts_init(&c2, m, need)) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        have_c2 = true;
        rc = veto_i_dp_counts(&c2, &g2, need, ctx, err);
        if (limit_to_why(x, VETO_X_PIF_RAW, VETO_X_PIF, &rc, err) ||
            rc != VETO_OK) {
            goto cleanup;
        }
        /* W'(s) and W'_i(s) as for PHX, once per row of g''s swings */
        VETO_ALLOC(Wk, zvec(m + 1));
        VETO_ALLOC(Wi, zvec(m + 1));
        VETO_ALLOC(rep, veto_i_mallocarray(m, sizeof *rep));
        VETO_ALLOC(mult, veto_i_mallocarray(m, sizeof *mult));
        VETO_TRY(row_classes(rep, mult, &c2, err));
        mpz_set_ui(Wk[0], mpz_sgn(g->quota) <= 0 ? 1 : 0);
        for (size_t t = 0; t < m; t++) {
            mpz_mul_ui(Wk[t + 1], Wk[t], (unsigned long)(m - t));
            for (size_t j = 0; j < m; j++) {
                if (mult[j] != 0) {
                    mpz_addmul_ui(Wk[t + 1],
                                  veto_i_counts_swings_row(&c2, j)[t],
                                  (unsigned long)mult[j]);
                }
            }
            mpz_divexact_ui(Wk[t + 1], Wk[t + 1], (unsigned long)(t + 1));
        }
        for (size_t j = 0; j < m; j++) {
            if (rep[j] != j) {
                mpq_set(vf[keep[j]], vf[keep[rep[j]]]); /* rep[j] < j */
                continue;
            }
            mpz_set_ui(Wi[0], 0);
            mpq_set_ui(vf[keep[j]], 0, 1);
            for (size_t t = 0; t < m; t++) {
                mpz_add(Wi[t + 1], veto_i_counts_swings_row(&c2, j)[t], Wk[t]);
                mpz_sub(Wi[t + 1], Wi[t + 1], Wi[t]);
                if (mpz_sgn(Wi[t + 1]) != 0) {
                    mpq_set_z(a, Wi[t + 1]);
                    mpz_mul_ui(mpq_denref(a), mpq_denref(a),
                               (unsigned long)(t + 1));
                    mpq_canonicalize(a);
                    mpq_add(vf[keep[j]], vf[keep[j]], a);
                }
            }
        }
    }
    VETO_TRY(put_family(x, FAM_PIF, vf, n, all, err));
cleanup:
    if (have_c) {
        veto_i_counts_clear(&c);
    }
    if (have_c2) {
        veto_i_counts_clear(&c2);
    }
    if (have_g2) {
        veto_i_wgame_clear(&g2);
    }
    veto_i_free(keep);
    veto_i_free(rep);
    veto_i_free(mult);
    qvec_free(vf, n);
    qvec_free(vg, n);
    zvec_free(Wk, m + 1);
    zvec_free(Wi, m + 1);
    mpq_clear(a);
    mpq_clear(all);
    mpq_clear(fsum);
    return rc;
}

/* Tijs and Harsanyi-Nash of a weighted game need only its veto players:
 * i is in every winning coalition when the others together fall short,
 * total - w_i < q (none when no coalition or every one wins). O(n). */
/* WM, the number of minimal winning coalitions, by the dp's total-only
 * pass (the Holler pass would count them for every player too). */
static veto_status weighted_wm(veto_indices_t *x, const veto_i_wgame_t *g,
                               const bool *want, const veto_i_ctx_t *ctx,
                               veto_error_t *err)
{
    if (!wants(want, VETO_X_WM) || x->computed[VETO_X_WM]) {
        return VETO_OK;
    }
    veto_i_counts_t c;
    if (!veto_i_counts_init(&c, g->n, VETO_I_NEED_MWC_TOTAL)) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    veto_status rc = veto_i_dp_counts(&c, g, VETO_I_NEED_MWC_TOTAL, ctx, err);
    if (rc == VETO_OK) {
        mpq_t a;
        mpq_init(a);
        mpq_set_z(a, c.mwc_total);
        rc = put(x, VETO_X_WM, &a, 1, err);
        mpq_clear(a);
    } else {
        limit_to_why(x, VETO_X_WM, VETO_X_WM, &rc, err);
    }
    veto_i_counts_clear(&c);
    return rc;
}

static veto_status weighted_veto(veto_indices_t *x, const veto_i_wgame_t *g,
                                 const bool *want, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = g->n;
    if ((!wants(want, VETO_X_TIJS) && !wants(want, VETO_X_HN)) || n == 0) {
        return VETO_OK;
    }
    mpq_t *v = NULL;
    bool *isv = NULL;
    mpz_t tot, t;
    mpz_init(tot);
    mpz_init(t);
    VETO_ALLOC(v, qvec(n));
    VETO_ALLOC(isv, veto_i_calloc(n, sizeof *isv));
    for (size_t i = 0; i < n; i++) {
        mpz_add(tot, tot, g->w[i]);
    }
    size_t nveto = 0;
    if (mpz_sgn(g->quota) > 0 && mpz_cmp(g->quota, tot) <= 0) {
        for (size_t i = 0; i < n; i++) {
            mpz_sub(t, tot, g->w[i]);
            isv[i] = mpz_cmp(t, g->quota) < 0;
            nveto += isv[i];
        }
    }
    if (wants(want, VETO_X_TIJS)) {
        if (nveto == 0) {
            VETO_TRY(put_undefined(x, VETO_X_TIJS, n, err));
        } else {
            for (size_t i = 0; i < n; i++) {
                mpq_set_ui(v[i], isv[i] ? 1 : 0, (unsigned long)nveto);
                mpq_canonicalize(v[i]);
            }
            VETO_TRY(put(x, VETO_X_TIJS, v, n, err));
        }
    }
    if (wants(want, VETO_X_HN)) {
        for (size_t i = 0; i < n; i++) {
            if (nveto == 1) {
                mpq_set_ui(v[i], isv[i] ? 1 : 0, 1);
            } else {
                mpq_set_ui(v[i], 1, (unsigned long)n);
            }
        }
        VETO_TRY(put(x, VETO_X_HN, v, n, err));
    }
cleanup:
    qvec_free(v, n);
    veto_i_free(isv);
    mpz_clear(tot);
    mpz_clear(t);
    return rc;
}

/* Colomer-Martinez for a weighted game beyond enumeration. A minimal
 * winning S is counted once, by its last member j in the order of weight
 * descending (ties by index): S = R + j, R among the players before j,
 * q - w_j <= w(R) < q. For each player i, a knapsack over the players in
 * that order without i gives the S with i = j and those with i in R (then
 * w(R) = w_i + the rest); the counts are kept by w(S) - q < w_max, then
 * sum_S 1/w(S). Time O(n^2 q) integer additions, memory O(q + w_max)
 * integers; refused beyond CM_DP_MAX (n^2 q). */
#define CM_DP_MAX 400000000.0

typedef struct cm_item {
    uint64_t w;
    size_t i;
} cm_item_t;

static int cmp_cm(const void *pa, const void *pb)
{
    const cm_item_t *a = pa, *b = pb;
    if (a->w != b->w) {
        return a->w > b->w ? -1 : 1;
    }
    return a->i < b->i ? -1 : (a->i > b->i);
}

static veto_status weighted_cm(veto_indices_t *x, const veto_i_wgame_t *g,
                               const bool *want, const veto_i_ctx_t *ctx,
                               veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = g->n;
    if (!wants(want, VETO_X_CM) || n == 0) {
        return VETO_OK;
    }
    cm_item_t *ord = NULL;
    mpz_t *H = NULL, *num = NULL;
    mpq_t *v = NULL;
    mpq_t a, M;
    mpz_t tot;
    mpq_init(a);
    mpq_init(M);
    mpz_init(tot);
    size_t q = 0, wmax = 0;
    for (size_t i = 0; i < n; i++) {
        mpz_add(tot, tot, g->w[i]);
    }
    if (mpz_sizeinbase(tot, 2) > 40) {
        why(x, VETO_X_CM, "total weight above 2^40");
        goto cleanup;
    }
    if (mpz_sgn(g->quota) <= 0 || mpz_cmp(g->quota, tot) > 0) {
        /* only the empty coalition is minimal winning, or none is */
        VETO_ALLOC(v, qvec(n));
        if (mpz_sgn(g->quota) <= 0) {
            VETO_TRY(put(x, VETO_X_CM, v, n, err));
        } else {
            VETO_TRY(put_undefined(x, VETO_X_CM, n, err));
        }
        goto cleanup;
    }
    q = (size_t)mpz_get_ui(g->quota);
    VETO_ALLOC(ord, veto_i_mallocarray(n, sizeof *ord));
    for (size_t i = 0; i < n; i++) {
        ord[i].w = (uint64_t)mpz_get_ui(g->w[i]);
        ord[i].i = i;
        wmax = ord[i].w > wmax ? (size_t)ord[i].w : wmax;
    }
    if ((double)n * (double)n * (double)q > CM_DP_MAX) {
        why(x, VETO_X_CM,
            "beyond 24 players the dp takes n^2 q steps: too "
            "many here (at most 4e8)");
        goto cleanup;
    }
    VETO_TRY(veto_i_budget_check(
        ctx, veto_i_sat_mul(q + wmax + 2, 48), "Colomer-Martinez's tables",
        &(const veto_i_advice_t){VETO_HINT_RAISE_LIMIT, "max_memory", NULL},
        err));
    qsort(ord, n, sizeof *ord, cmp_cm);
    VETO_ALLOC(H, zvec(q));
    VETO_ALLOC(num, zvec(wmax + 1));
    VETO_ALLOC(v, qvec(n));
    /* target n: no one left out, for |M| */
    for (size_t target = 0; target <= n; target++) {
        VETO_TRY(veto_i_poll(ctx, (double)target / (double)(n + 1),
                             "Colomer-Martinez", err));
        size_t ti = target < n ? ord[target].i : SIZE_MAX;
        uint64_t wi = target < n ? ord[target].w : 0;
        for (size_t t = 0; t < q; t++) {
            mpz_set_ui(H[t], t == 0);
        }
        for (size_t x2 = 0; x2 <= wmax; x2++) {
            mpz_set_ui(num[x2], 0);
        }
        for (size_t pos = 0; pos < n; pos++) {
            size_t j = ord[pos].i;
            uint64_t wj = ord[pos].w;
            size_t lo = wj >= q ? 0 : q - (size_t)wj;
            if (target == n || j == ti) {
                /* S = R + j, R among the players before j */
                for (size_t t = lo; t < q; t++) {
                    mpz_add(num[t + wj - q], num[t + wj - q], H[t]);
                }
            } else if (pos > target) {
                /* i in R: the rest of R weighs t - w_i */
                for (size_t t = lo > wi ? lo : (size_t)wi; t < q; t++) {
                    mpz_add(num[t + wj - q], num[t + wj - q], H[t - wi]);
                }
            }
            if (j != ti && wj < q) {
                for (size_t t = q; t-- > wj;) {
                    mpz_add(H[t], H[t], H[t - wj]);
                }
            }
        }
        if (target == n) {
            mpq_set_ui(M, 0, 1);
            for (size_t x2 = 0; x2 < wmax; x2++) {
                mpq_set_z(a, num[x2]);
                mpq_add(M, M, a);
            }
            continue;
        }
        mpq_t *out = &v[ti];
        mpq_set_ui(*out, 0, 1);
        for (size_t x2 = 0; x2 < wmax; x2++) {
            if (mpz_sgn(num[x2]) == 0) {
                continue;
            }
            mpq_set_z(a, num[x2]);
            mpz_set_ui(mpq_denref(a), (unsigned long)(q + x2));
            mpq_canonicalize(a);
            mpq_add(*out, *out, a);
        }
        mpq_set_ui(a, (unsigned long)wi, 1);
        mpq_mul(*out, *out, a);
    }
    VETO_TRY(put_over(x, VETO_X_CM, v, n, M, err));
cleanup:
    veto_i_free(ord);
    zvec_free(H, q);
    zvec_free(num, wmax + 1);
    qvec_free(v, n);
    mpq_clear(a);
    mpq_clear(M);
    mpz_clear(tot);
    return rc;
}

/* Johnston-Colomer-Martinez for a weighted game beyond enumeration:
 * JCM_i = (w_i / |Q|) sum over winning S in which i is critical of
 * 1 / w(C(S)), C(S) the critical members of S and Q the winning
 * coalitions with a critical member. In S of excess e = w(S) - q, j is
 * critical iff w_j > e: C(S) is S's heaviest members. With the players in
 * the order of weight descending (ties by index), let c be the last
 * critical member of S: S = A + c + B, A before c (all critical), B after
 * (none critical). With a = w(A) and r = q - a - w_c, S is such a
 * coalition iff B is empty and r <= 0, or B's first member d has
 * w(B) - w_d >= r (d not critical) and w(B) < r + w_c (c critical). B =
 * d + B', B' after d, gives N_c(a) = [r <= 0] + sum_{d > c}
 * (cum_d(r + w_c - w_d - 1) - cum_d(r - 1)), cum_d the cumulated subset
 * sums of the players after d; with H(y) = sum_{d > c} cum_d(y - w_d - 1)
 * and K(r) = sum_{d > c} cum_d(r - 1), accumulated from the last player
 * back, N_c(a) = [r <= 0] + H(q - a) - K(r). Then, for each target i, a
 * knapsack A over the players before c without i gives the S with i = c
 * or i in A, counted by w(C(S)) = a + w_c; Q likewise without a target.
 * Time O(n^2 q) integer additions and multiplications, memory n q + q +
 * w_max integers; refused beyond CM_DP_MAX as Colomer-Martinez. */
static veto_status weighted_jcm(veto_indices_t *x, const veto_i_wgame_t *g,
                                const bool *want, const veto_i_ctx_t *ctx,
                                veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = g->n;
    if (!wants(want, VETO_X_JCM) || n == 0) {
        return VETO_OK;
    }
    cm_item_t *ord = NULL;
    mpz_t *N = NULL, *P = NULL, *cum = NULL, *H = NULL, *K = NULL;
    mpz_t *pre = NULL, *num = NULL;
    mpq_t *v = NULL;
    mpq_t a, Q;
    mpz_t tot, t;
    mpq_init(a);
    mpq_init(Q);
    mpz_init(tot);
    mpz_init(t);
    size_t q = 0, wmax = 0, nq = 0;
    for (size_t i = 0; i < n; i++) {
        mpz_add(tot, tot, g->w[i]);
    }
    if (mpz_sizeinbase(tot, 2) > 40) {
        why(x, VETO_X_JCM, "total weight above 2^40");
        goto cleanup;
    }
    if (mpz_sgn(g->quota) <= 0 || mpz_cmp(g->quota, tot) > 0) {
        /* every coalition wins and no one is ever critical, or none
         * wins: Q is empty */
        VETO_TRY(put_undefined(x, VETO_X_JCM, n, err));
        goto cleanup;
    }
    q = (size_t)mpz_get_ui(g->quota);
    if ((double)n * (double)n * (double)q > CM_DP_MAX) {
        why(x, VETO_X_JCM,
            "beyond 24 players the dp takes n^2 q steps: too "
            "many here (at most 4e8)");
        goto cleanup;
    }
    VETO_ALLOC(ord, veto_i_mallocarray(n, sizeof *ord));
    for (size_t i = 0; i < n; i++) {
        ord[i].w = (uint64_t)mpz_get_ui(g->w[i]);
        ord[i].i = i;
        wmax = ord[i].w > wmax ? (size_t)ord[i].w : wmax;
    }
    /* N: n q integers of up to n bits */
    nq = n * q;
    VETO_TRY(veto_i_budget_check(
        ctx,
        veto_i_sat_mul(nq + 6 * q + wmax + 8,
                       (uint64_t)(sizeof(mpz_t) + 8 * (n / 64 + 2))),
        "Johnston-Colomer-Martinez's tables",
        &(const veto_i_advice_t){VETO_HINT_RAISE_LIMIT, "max_memory", NULL},
        err));
    qsort(ord, n, sizeof *ord, cmp_cm);
    VETO_ALLOC(N, zvec(nq));
    VETO_ALLOC(P, zvec(q));
    VETO_ALLOC(cum, zvec(q));
    VETO_ALLOC(H, zvec(q + 1));
    VETO_ALLOC(K, zvec(q + 1));
    VETO_ALLOC(pre, zvec(q));
    VETO_ALLOC(num, zvec(q + wmax));
    VETO_ALLOC(v, qvec(n));
    /* N_c(a) from the last player back; P the subset sums (below q) of
     * the players after c */
    mpz_set_ui(P[0], 1);
    for (size_t c = n; c-- > 0;) {
        VETO_TRY(veto_i_poll(ctx, 0.2 * (double)(n - c) / (double)n,
                             "Johnston-Colomer-Martinez", err));
        uint64_t wc = ord[c].w;
        for (size_t aa = 0; aa < q; aa++) {
            mpz_t *o = &N[c * q + aa];
            mpz_set(*o, H[q - aa]);
            if (q - aa > wc) {
                mpz_sub(*o, *o, K[q - aa - wc]);
            } else {
                mpz_add_ui(*o, *o, 1); /* r <= 0: B may be empty */
            }
        }
        /* cum of the players after c, then c's terms into H and K */
        mpz_set(cum[0], P[0]);
        for (size_t y = 1; y < q; y++) {
            mpz_add(cum[y], cum[y - 1], P[y]);
        }
        for (size_t y = (size_t)wc + 1; y <= q; y++) {
            mpz_add(H[y], H[y], cum[y - wc - 1]);
        }
        for (size_t r = 1; r <= q; r++) {
            mpz_add(K[r], K[r], cum[r - 1]);
        }
        if (wc < q) {
            for (size_t y = q; y-- > wc;) {
                mpz_add(P[y], P[y], P[y - wc]);
            }
        }
    }
    /* target n: no one, for |Q|; else the target at position pt */
    for (size_t target = 0; target <= n; target++) {
        VETO_TRY(veto_i_poll(ctx, 0.2 + 0.8 * (double)target / (double)(n + 1),
                             "Johnston-Colomer-Martinez", err));
        size_t pt = target < n ? target : SIZE_MAX;
        uint64_t wi = target < n ? ord[target].w : 0;
        for (size_t y = 0; y < q; y++) {
            mpz_set_ui(pre[y], y == 0);
        }
        for (size_t d = 0; d < q + wmax; d++) {
            mpz_set_ui(num[d], 0);
        }
        for (size_t c = 0; c < n; c++) {
            uint64_t wc = ord[c].w;
            const mpz_t *Nc = (const mpz_t *)&N[c * q];
            if (target == n || c == pt) {
                /* S = A + c: every a */
                for (size_t aa = 0; aa < q; aa++) {
                    if (mpz_sgn(pre[aa]) != 0) {
                        mpz_addmul(num[aa + wc], pre[aa], Nc[aa]);
                    }
                }
            } else if (c > pt && wi < q) {
                /* the target in A: a = w_i + the rest of A */
                for (size_t aa = 0; aa + wi < q; aa++) {
                    if (mpz_sgn(pre[aa]) != 0) {
                        mpz_addmul(num[aa + wi + wc], pre[aa], Nc[aa + wi]);
                    }
                }
            }
            if (c != pt && wc < q) {
                for (size_t y = q; y-- > wc;) {
                    mpz_add(pre[y], pre[y], pre[y - wc]);
                }
            }
        }
        if (target == n) {
            mpz_set_ui(t, 0);
            for (size_t d = 0; d < q + wmax; d++) {
                mpz_add(t, t, num[d]);
            }
            mpq_set_z(Q, t);
            continue;
        }
        mpq_t *out = &v[ord[target].i];
        mpq_set_ui(*out, 0, 1);
        for (size_t d = 1; d < q + wmax; d++) {
            if (mpz_sgn(num[d]) == 0) {
                continue;
            }
            mpq_set_z(a, num[d]);
            mpz_set_ui(mpq_denref(a), (unsigned long)d);
            mpq_canonicalize(a);
            mpq_add(*out, *out, a);
        }
        mpq_set_ui(a, (unsigned long)wi, 1);
        mpq_mul(*out, *out, a);
    }
    VETO_TRY(put_over(x, VETO_X_JCM, v, n, Q, err));
cleanup:
    veto_i_free(ord);
    zvec_free(N, nq);
    zvec_free(P, q);
    zvec_free(cum, q);
    zvec_free(H, q + 1);
    zvec_free(K, q + 1);
    zvec_free(pre, q);
    zvec_free(num, q + wmax);
    qvec_free(v, n);
    mpq_clear(a);
    mpq_clear(Q);
    mpz_clear(tot);
    mpz_clear(t);
    return rc;
}

/* Minimal winning coalitions containing each of the k players of the
 * weighted game [quota; w]: mwc[i]; *sum := sum_i mwc[i]. */
static veto_status mwc_game(mpz_t *mwc, mpz_t sum, const uint64_t *w, size_t k,
                            const mpz_t quota, const veto_i_ctx_t *ctx,
                            veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_wgame_t g;
    veto_i_counts_t c;
    bool have_c = false;
    if (!veto_i_wgame_alloc(&g, k)) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < k; i++) {
        mpz_set_ui(g.w[i], 0);
        mpz_set_ui(g.w[i], (unsigned long)(w[i] >> 32));
        mpz_mul_2exp(g.w[i], g.w[i], 32);
        mpz_add_ui(g.w[i], g.w[i], (unsigned long)(w[i] & 0xffffffffu));
    }
    mpz_set(g.quota, quota);
    if (!veto_i_counts_init(&c, k, VETO_I_NEED_MWC)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    have_c = true;
    VETO_TRY(veto_i_dp_counts(&c, &g, VETO_I_NEED_MWC, ctx, err));
    mpz_set_ui(sum, 0);
    for (size_t i = 0; i < k; i++) {
        mpz_set(mwc[i], c.mwc[i]);
        mpz_add(sum, sum, c.mwc[i]);
    }
cleanup:
    if (have_c) {
        veto_i_counts_clear(&c);
    }
    veto_i_wgame_clear(&g);
    return rc;
}

/* OPGI beyond enumeration. For each union k, cnt[x]: the minimal winning
 * coalitions R of the quotient game containing k with w(R - k) = x. Up to
 * OPGI_MAX_M unions every R is enumerated once; beyond, R is counted by
 * its lightest union l (in the order of weight descending, ties by index):
 * R = R' + l with q - W_l <= w(R') < q, so a knapsack over the unions
 * before l without k gives the R with k = l and those with k in R'
 * (O(m q) per union, O(m^2 q) in all, refused beyond CM_DP_MAX; taken
 * below 24 unions too when it is the cheaper). Then each
 * union's inner games for every quota at once (p <= 20): T is minimal
 * winning for the quotas in (w(T) - min w(T), w(T)], so only the quotas
 * up to the union's weight W_k (capped at q) have any: the table of
 * differences by quota is (W_k + 2) x p_k, cleared for each union over
 * that part alone. */
#define OPGI_MAX_M 24
#define OPGI_MAX_P 20

typedef struct opgi_item {
    uint64_t s; /* sum_j M_j at this quota */
    uint64_t q; /* the quota */
    uint64_t x; /* w(R - k) */
} opgi_item_t;

static int cmp_opgi(const void *pa, const void *pb)
{
    const opgi_item_t *x = pa, *y = pb;
    return x->s < y->s ? -1 : x->s > y->s;
}

/* cz[x] := the minimal winning R of the quotient game [q; W] containing
 * the union at position pk of ord (weight descending), by w(R - k). H: q
 * integers of scratch. */
static void opgi_knapsack(mpz_t *cz, mpz_t *H, const cm_item_t *ord, size_t m,
                          size_t pk, uint64_t q)
{
    uint64_t wk = ord[pk].w;
    for (uint64_t t = 0; t < q; t++) {
        mpz_set_ui(cz[t], 0);
        mpz_set_ui(H[t], t == 0);
    }
    for (size_t j = 0; j < m; j++) {
        uint64_t wj = ord[j].w;
        if (j == pk) {
            /* k the lightest: R' before k, q - W_k <= w(R') < q */
            for (uint64_t t = wk >= q ? 0 : q - wk; t < q; t++) {
                mpz_add(cz[t], cz[t], H[t]);
            }
        } else if (j > pk && wk < q && wj > 0) {
            /* j the lightest, k in R': w(R') = W_k + t */
            uint64_t lo = wj + wk >= q ? 0 : q - wj - wk;
            for (uint64_t t = lo; t + wk < q; t++) {
                mpz_add(cz[t + wj], cz[t + wj], H[t]);
            }
        }
        if (j != pk && wj < q) {
            for (uint64_t t = q; t-- > wj;) {
                mpz_add(H[t], H[t], H[t - wj]);
            }
        }
    }
}

static veto_status opgi_dp(mpq_t *out, const uint64_t *w, const uint64_t *W,
                           const size_t *union_of, size_t n, size_t m,
                           uint64_t q, mpq_t *ext, mpz_t *extraw, bool knapsack,
                           const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    uint64_t *cntall = NULL, *sumw = NULL, *minw = NULL;
    int64_t *D = NULL;
    opgi_item_t *it = NULL;
    cm_item_t *ord = NULL;
    size_t *pos = NULL;
    mpz_t *cz = NULL, *H = NULL;
    size_t mem[OPGI_MAX_P];
    /* the knapsack beyond 24 unions, when it is the cheaper (m q integer
     * additions per union, each about 8 word operations, against 2^m sets
     * of unions), or when asked (veto_i_indices_engines, for tests) */
    bool many =
        knapsack || m > OPGI_MAX_M ||
        8.0 * (double)m * (double)m * (double)q < (double)((uint64_t)1 << m);
    /* the inner tables' extent: rows to the heaviest union's weight (<=
     * q), columns to the largest union's size */
    uint64_t wmax = 0;
    size_t pmax = 0;
    for (size_t k = 0; k < m; k++) {
        wmax = W[k] > wmax ? W[k] : wmax;
    }
    for (size_t k = 0; k < m; k++) {
        size_t p = 0;
        for (size_t i = 0; i < n; i++) {
            p += union_of[i] == k;
        }
        pmax = p > pmax ? p : pmax;
    }
    mpz_t num, c;
    mpq_t tq;
    mpz_init(num);
    mpz_init(c);
    mpq_init(tq);
    VETO_TRY(veto_i_budget_check(
        ctx,
        veto_i_sat_add(veto_i_sat_mul(wmax + 2, 8 * (uint64_t)pmax),
                       veto_i_sat_mul(q + 1, sizeof(opgi_item_t))),
        "OPGI's tables by quota",
        &(const veto_i_advice_t){VETO_HINT_RAISE_LIMIT, "max_memory", NULL},
        err));
    VETO_TRY(veto_i_budget_check(
        ctx,
        many ? veto_i_sat_mul(2 * (q + 1),
                              (uint64_t)(sizeof(mpz_t) + 8 * (m / 64 + 2)))
             : veto_i_sat_add(
                   veto_i_sat_mul(m, 8 * (q + 1)),
                   (((uint64_t)1 << (m / 2)) + ((uint64_t)1 << (m - m / 2))) *
                       16),
        "OPGI's minimal winning coalitions of the "
        "quotient by weight",
        &(const veto_i_advice_t){VETO_HINT_RAISE_LIMIT, "max_memory", NULL},
        err));
    VETO_ALLOC(D, veto_i_calloc((wmax + 2) * pmax + 1, sizeof *D));
    VETO_ALLOC(it, veto_i_calloc(q + 1, sizeof *it));
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(out[i], 0, 1);
    }
    if (many) {
        VETO_ALLOC(ord, veto_i_mallocarray(m, sizeof *ord));
        VETO_ALLOC(pos, veto_i_calloc(m, sizeof *pos));
        VETO_ALLOC(cz, zvec(q + 1));
        VETO_ALLOC(H, zvec(q + 1));
        for (size_t k = 0; k < m; k++) {
            ord[k].w = W[k];
            ord[k].i = k;
        }
        qsort(ord, m, sizeof *ord, cmp_cm);
        for (size_t j = 0; j < m; j++) {
            pos[ord[j].i] = j;
        }
    } else {
        VETO_ALLOC(cntall, veto_i_calloc(m * (q + 1), sizeof *cntall));
        /* every set R of unions once, R = its low lb unions + its high
         * ones: the weight and lightest union of each half from tables of
         * 2^lb and 2^(m - lb) (each entry from the set without its lowest
         * bit), so nothing of 2^m is stored; each minimal winning R
         * counted for each of its unions k at w(R - k) */
        size_t lb = m / 2;
        uint64_t nl = (uint64_t)1 << lb, nh = (uint64_t)1 << (m - lb);
        VETO_ALLOC(sumw, veto_i_calloc(nl + nh, sizeof *sumw));
        VETO_ALLOC(minw, veto_i_calloc(nl + nh, sizeof *minw));
        uint64_t *suml = sumw, *sumh = sumw + nl;
        uint64_t *minl = minw, *minh = minw + nl;
        minl[0] = minh[0] = UINT64_MAX;
        for (uint64_t r = 1; r < nl || r < nh; r++) {
            uint64_t prev = r & (r - 1);
            size_t low = (size_t)__builtin_ctzll(r);
            if (r < nl) {
                suml[r] = suml[prev] + W[low]; /* <= m q */
                minl[r] = minl[prev] < W[low] ? minl[prev] : W[low];
            }
            if (r < nh) {
                sumh[r] = sumh[prev] + W[lb + low];
                minh[r] = minh[prev] < W[lb + low] ? minh[prev] : W[lb + low];
            }
        }
        for (uint64_t rh = 0; rh < nh; rh++) {
            for (uint64_t rl = 0; rl < nl; rl++) {
                uint64_t sw = suml[rl] + sumh[rh];
                uint64_t mw = minl[rl] < minh[rh] ? minl[rl] : minh[rh];
                if (sw < q || sw - mw >= q) {
                    continue; /* (the empty R: sw 0 < q, or mw huge) */
                }
                for (uint64_t b = rh << lb | rl; b != 0; b &= b - 1) {
                    size_t k = (size_t)__builtin_ctzll(b);
                    cntall[k * (q + 1) + sw - W[k]]++;
                }
            }
        }
    }
    for (size_t k = 0; k < m; k++) {
        VETO_TRY(veto_i_poll(ctx, (double)k / (double)m, "OPGI", err));
        if (mpz_sgn(extraw[k]) == 0) {
            continue;
        }
        /* cnt[x] or cz[x]: minimal winning R of the quotient containing
         * k with w(R - k) = x */
        const uint64_t *cnt = many ? NULL : cntall + k * (q + 1);
        if (many) {
            opgi_knapsack(cz, H, ord, m, pos[k], q);
        }
        size_t p = 0;
        for (size_t i = 0; i < n; i++) {
            if (union_of[i] == k) {
                mem[p++] = i;
            }
        }
        /* D[v p + b]: differences, then counts, by quota v <= hk */
        uint64_t hk = W[k];
        memset(D, 0, (hk + 2) * p * sizeof *D);
        for (uint64_t t = 1; t < ((uint64_t)1 << p); t++) {
            uint64_t wt = 0, mn = UINT64_MAX;
            for (size_t b = 0; b < p; b++) {
                if (t >> b & 1u) {
                    wt += w[mem[b]];
                    mn = w[mem[b]] < mn ? w[mem[b]] : mn;
                }
            }
            uint64_t lo = wt - mn + 1, hi = wt < q ? wt : q;
            if (lo > hi) {
                continue;
            }
            for (size_t b = 0; b < p; b++) {
                if (t >> b & 1u) {
                    D[lo * p + b]++;
                    D[(hi + 1) * p + b]--;
                }
            }
        }
        for (uint64_t qq = 1; qq <= hk; qq++) {
            for (size_t b = 0; b < p; b++) {
                D[qq * p + b] += D[(qq - 1) * p + b];
            }
        }
        size_t ni = 0;
        /* inner quotas q - x above hk: no minimal winning T */
        for (uint64_t x = q - hk; x < q; x++) {
            if (many ? mpz_sgn(cz[x]) == 0 : cnt[x] == 0) {
                continue;
            }
            uint64_t qq = q - x, s = 0;
            for (size_t b = 0; b < p; b++) {
                s += (uint64_t)D[qq * p + b];
            }
            if (s == 0) {
                continue; /* every member's PGI 0 in this inner game */
            }
            it[ni].s = s;
            it[ni].q = qq;
            it[ni].x = x;
            ni++;
        }
        qsort(it, ni, sizeof *it, cmp_opgi);
        for (size_t b = 0; b < p; b++) {
            size_t i = mem[b];
            for (size_t a = 0; a < ni;) {
                size_t e = a;
                mpz_set_ui(num, 0);
                while (e < ni && it[e].s == it[a].s) {
                    uint64_t mi = (uint64_t)D[it[e].q * p + b];
                    if (many) {
                        mpz_set(c, cz[it[e].x]);
                    } else {
                        uint64_t cc = cnt[it[e].x];
                        mpz_set_ui(c, (unsigned long)(cc >> 32));
                        mpz_mul_2exp(c, c, 32);
                        mpz_add_ui(c, c, (unsigned long)(cc & 0xffffffffu));
                    }
                    mpz_addmul_ui(num, c, (unsigned long)mi);
                    e++;
                }
                mpz_set(mpq_numref(tq), num);
                mpz_set_ui(mpq_denref(tq), (unsigned long)it[a].s);
                mpq_canonicalize(tq);
                mpq_add(out[i], out[i], tq);
                a = e;
            }
            mpq_set_z(tq, extraw[k]);
            mpq_div(out[i], out[i], tq);
            mpq_mul(out[i], out[i], ext[k]);
        }
    }
cleanup:
    veto_i_free(cntall);
    veto_i_free(sumw);
    veto_i_free(minw);
    veto_i_free(D);
    veto_i_free(it);
    veto_i_free(ord);
    veto_i_free(pos);
    zvec_free(cz, q + 1);
    zvec_free(H, q + 1);
    mpz_clear(num);
    mpz_clear(c);
    mpq_clear(tq);
    return rc;
}

/* The precoalition indices of a weighted game beyond enumeration. */
static veto_status weighted_unions(veto_indices_t *x, const veto_i_wgame_t *g,
                                   const size_t *union_of, size_t m,
                                   const bool *want, bool knapsack,
                                   const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = g->n;
    size_t nv = n > m + 1 ? n : m + 1;
    mpq_t *o = NULL, *bo = NULL, *scb = NULL, *tmp = NULL, *ext = NULL;
    mpz_t *mw = NULL, *extraw = NULL, *whole = NULL;
    uint64_t *w = NULL, *W = NULL, *gw = NULL;
    size_t *psize = NULL;
    mpz_t sum, wsum;
    mpq_t acc, t1;
    mpz_init(sum);
    mpz_init(wsum);
    mpq_init(acc);
    mpq_init(t1);
    VETO_ALLOC(o, qvec(nv));
    VETO_ALLOC(bo, qvec(nv));
    VETO_ALLOC(scb, qvec(nv));
    VETO_ALLOC(tmp, qvec(nv));
    VETO_ALLOC(ext, qvec(nv));
    VETO_ALLOC(mw, zvec(nv + 1));
    VETO_ALLOC(extraw, zvec(nv));
    VETO_ALLOC(whole, zvec(nv));
    bool w_o = wants(want, VETO_X_OWEN), w_b = wants(want, VETO_X_BO),
         w_s = wants(want, VETO_X_SCB);
    if (w_o || w_b || w_s) {
        rc = veto_i_dp_unions(w_o ? o : NULL, w_b ? bo : NULL, w_s ? scb : NULL,
                              g, union_of, ctx, err);
        if (!limit_to_why(x, VETO_X_OWEN, VETO_X_SCB, &rc, err)) {
            if (rc != VETO_OK) {
                goto cleanup;
            }
            if (w_o) {
                VETO_TRY(put(x, VETO_X_OWEN, o, n, err));
            }
            if (w_b) {
                VETO_TRY(put(x, VETO_X_BO, bo, n, err));
            }
            if (w_s) {
                VETO_TRY(put(x, VETO_X_SCB, scb, n, err));
            }
        }
    }
    bool any_pg = false;
    for (size_t k = VETO_X_OPGI; k <= VETO_X_TPGI3; k++) {
        any_pg = any_pg || wants(want, k);
    }
    if (!any_pg) {
        goto cleanup;
    }
    /* weights capped at the quota (every comparison with it unchanged) */
    if (mpz_sizeinbase(g->quota, 2) > 40) {
        for (size_t k = VETO_X_OPGI; k <= VETO_X_TPGI3; k++) {
            why(x, k, "quota above 2^40");
        }
        goto cleanup;
    }
    uint64_t q = mpz_sgn(g->quota) > 0 ? (uint64_t)mpz_get_ui(g->quota) : 0;
    VETO_ALLOC(w, veto_i_calloc(nv, sizeof *w));
    VETO_ALLOC(W, veto_i_calloc(nv, sizeof *W));
    VETO_ALLOC(gw, veto_i_calloc(nv + 1, sizeof *gw));
    VETO_ALLOC(psize, veto_i_calloc(nv, sizeof *psize));
    for (size_t i = 0; i < n; i++) {
        w[i] = mpz_cmp_ui(g->w[i], q) >= 0 ? q : (uint64_t)mpz_get_ui(g->w[i]);
        W[union_of[i]] += w[i];
        psize[union_of[i]]++;
    }
    for (size_t k = 0; k < m; k++) {
        W[k] = W[k] > q ? q : W[k];
    }
    /* the quotient game */
    rc = mwc_game(extraw, sum, W, m, g->quota, ctx, err);
    if (limit_to_why(x, VETO_X_OPGI, VETO_X_TPGI3, &rc, err)) {
        goto cleanup;
    }
    if (rc != VETO_OK) {
        goto cleanup;
    }
    if (mpz_sgn(sum) == 0) {
        for (size_t k = VETO_X_OPGI; k <= VETO_X_TPGI3; k++) {
            VETO_TRY(put_undefined(x, k, n, err));
        }
        goto cleanup;
    }
    for (size_t k = 0; k < m; k++) {
        mpq_set_z(ext[k], extraw[k]);
        mpz_set(mpq_denref(t1), sum);
        mpz_set_ui(mpq_numref(t1), 1);
        mpq_mul(ext[k], ext[k], t1);
    }
    /* UPGI, SPGI */
    mpq_set_ui(acc, 0, 1);
    for (size_t k = 0; k < m; k++) {
        mpq_set_ui(t1, (unsigned long)psize[k], 1);
        mpq_mul(t1, t1, ext[k]);
        mpq_add(acc, acc, t1);
    }
    for (size_t i = 0; i < n; i++) {
        mpq_set(tmp[i], ext[union_of[i]]);
    }
    VETO_TRY(put_over(x, VETO_X_UPGI, tmp, n, acc, err));
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(t1, (unsigned long)psize[union_of[i]], 1);
        mpq_div(tmp[i], ext[union_of[i]], t1);
    }
    VETO_TRY(put(x, VETO_X_SPGI, tmp, n, err));
    /* TPGI1: the union's PGI split by the members' |M_i| in the game */
    if (wants(want, VETO_X_TPGI1)) {
        VETO_TRY(mwc_game(whole, wsum, w, n, g->quota, ctx, err));
        for (size_t k = 0; k < m; k++) {
            mpz_set_ui(sum, 0);
            for (size_t i = 0; i < n; i++) {
                if (union_of[i] == k) {
                    mpz_add(sum, sum, whole[i]);
                }
            }
            for (size_t i = 0; i < n; i++) {
                if (union_of[i] != k) {
                    continue;
                }
                if (mpz_sgn(sum) == 0) {
                    mpq_set_ui(tmp[i], 0, 1);
                } else {
                    mpq_set_z(tmp[i], whole[i]);
                    mpq_set_z(t1, sum);
                    mpq_div(tmp[i], tmp[i], t1);
                    mpq_mul(tmp[i], tmp[i], ext[k]);
                }
            }
        }
        VETO_TRY(put(x, VETO_X_TPGI1, tmp, n, err));
    }
    /* TPGI2: per union, its members and the other unions as blocks */
    if (wants(want, VETO_X_TPGI2)) {
        for (size_t k = 0; k < m; k++) {
            size_t nb = 0;
            for (size_t i = 0; i < n; i++) {
                if (union_of[i] == k) {
                    gw[nb++] = w[i];
                }
            }
            size_t p = nb;
            for (size_t l = 0; l < m; l++) {
                if (l != k) {
                    gw[nb++] = W[l];
                }
            }
            VETO_TRY(mwc_game(mw, sum, gw, nb, g->quota, ctx, err));
            mpz_set_ui(sum, 0);
            for (size_t a = 0; a < p; a++) {
                mpz_add(sum, sum, mw[a]);
            }
            size_t a = 0;
            for (size_t i = 0; i < n; i++) {
                if (union_of[i] != k) {
                    continue;
                }
                if (mpz_sgn(sum) == 0) {
                    mpq_set_ui(tmp[i], 0, 1);
                } else {
                    mpq_set_z(tmp[i], mw[a]);
                    mpq_set_z(t1, sum);
                    mpq_div(tmp[i], tmp[i], t1);
                    mpq_mul(tmp[i], tmp[i], ext[k]);
                }
                a++;
            }
        }
        VETO_TRY(put(x, VETO_X_TPGI2, tmp, n, err));
    }
    /* TPGI3: per player, i, the rest of its union and the other unions;
     * i's normalised PGI there, shared within the union (equally when all
     * are 0) */
    if (wants(want, VETO_X_TPGI3)) {
        for (size_t k = 0; k < m; k++) {
            mpq_set_ui(acc, 0, 1);
            for (size_t i = 0; i < n; i++) {
                if (union_of[i] != k) {
                    continue;
                }
                size_t nb = 0;
                gw[nb++] = w[i];
                uint64_t rest = 0; /* the rest of the union, one block */
                for (size_t j = 0; j < n; j++) {
                    if (union_of[j] == k && j != i) {
                        rest += w[j];
                    }
                }
                gw[nb++] = rest > q ? q : rest;
                for (size_t l = 0; l < m; l++) {
                    if (l != k) {
                        gw[nb++] = W[l];
                    }
                }
                VETO_TRY(mwc_game(mw, sum, gw, nb, g->quota, ctx, err));
                if (mpz_sgn(sum) == 0) {
                    mpq_set_ui(tmp[i], 0, 1);
                } else {
                    mpq_set_z(tmp[i], mw[0]);
                    mpq_set_z(t1, sum);
                    mpq_div(tmp[i], tmp[i], t1);
                }
                mpq_add(acc, acc, tmp[i]);
            }
            for (size_t i = 0; i < n; i++) {
                if (union_of[i] != k) {
                    continue;
                }
                if (mpq_sgn(acc) == 0) {
                    mpq_set_ui(tmp[i], 1, (unsigned long)psize[k]);
                } else {
                    mpq_div(tmp[i], tmp[i], acc);
                }
                mpq_mul(tmp[i], tmp[i], ext[k]);
            }
        }
        VETO_TRY(put(x, VETO_X_TPGI3, tmp, n, err));
    }
    /* OPGI */
    if (wants(want, VETO_X_OPGI)) {
        size_t pmax = 0;
        for (size_t k = 0; k < m; k++) {
            pmax = psize[k] > pmax ? psize[k] : pmax;
        }
        if (pmax > OPGI_MAX_P) {
            why(x, VETO_X_OPGI,
                "beyond 24 players: unions of at most 20 players each");
        } else if (m > OPGI_MAX_M &&
                   (double)m * (double)m * (double)q > CM_DP_MAX) {
            why(x, VETO_X_OPGI,
                "beyond 24 unions the dp takes m^2 q steps: too many here "
                "(at most 4e8)");
        } else {
            rc = opgi_dp(tmp, w, W, union_of, n, m, q, ext, extraw, knapsack,
                         ctx, err);
            if (!limit_to_why(x, VETO_X_OPGI, VETO_X_OPGI, &rc, err)) {
                if (rc != VETO_OK) {
                    goto cleanup;
                }
                VETO_TRY(put(x, VETO_X_OPGI, tmp, n, err));
            }
        }
    }
cleanup:
    qvec_free(o, nv);
    qvec_free(bo, nv);
    qvec_free(scb, nv);
    qvec_free(tmp, nv);
    qvec_free(ext, nv);
    zvec_free(mw, nv + 1);
    zvec_free(extraw, nv);
    zvec_free(whole, nv);
    veto_i_free(w);
    veto_i_free(W);
    veto_i_free(gw);
    veto_i_free(psize);
    mpz_clear(sum);
    mpz_clear(wsum);
    mpq_clear(acc);
    mpq_clear(t1);
    return rc;
}

/* An empty result for n players (every index not computed), or NULL when
 * out of memory. */
static veto_indices_t *indices_new(size_t n)
{
    veto_indices_t *x = veto_i_calloc(1, sizeof *x);
    if (x == NULL) {
        return NULL;
    }
    x->n = n;
    x->nindex = VETO_X_N;
    x->computed = veto_i_calloc(VETO_X_N, sizeof(bool));
    x->undefined = veto_i_calloc(VETO_X_N, sizeof(bool));
    x->why_not = veto_i_calloc(VETO_X_N, sizeof *x->why_not);
    x->value = veto_i_calloc(VETO_X_N, sizeof *x->value);
    if (x->computed == NULL || x->undefined == NULL || x->why_not == NULL ||
        x->value == NULL) {
        veto_indices_free(x);
        return NULL;
    }
    return x;
}

/* The precoalition indices of a weighted rule that the dp engines left
 * (a quota above 2^40, over the memory budget, OPGI's limits on the
 * unions), from the rule on the coalitions of whole unions plus members of
 * one union, the route of composed rules, when that route is within its
 * limits (UNION_MAX_BITS, UNION_MAX_EVALS, the budget). The reason names
 * the indices it gave; those it cannot give keep the dp's why. Cost: that
 * of union_indices, only when an index asked for is missing. */
static veto_status unions_by_rule(veto_indices_t *x, const veto_i_rule_t *rule,
                                  const bool *want, const veto_i_ctx_t *ctx,
                                  veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_indices_t *y = NULL;
    bool missing = false;
    for (size_t k = VETO_X_OWEN; k <= VETO_X_TPGI3; k++) {
        missing = missing || (wants(want, k) && !x->computed[k]);
    }
    if (!missing) {
        return VETO_OK;
    }
    VETO_ALLOC(y, indices_new(x->n));
    bool pg = x->computed[VETO_X_PG];
    bsrc_t src = {NULL, rule, x->n};
    rc = union_indices(
        y, &src, x->union_of,
        pg && !x->undefined[VETO_X_PG] ? x->value[VETO_X_PG] : NULL,
        pg && x->undefined[VETO_X_PG], x->why_not[VETO_X_PG], ctx, err);
    if (limit_to_why(y, VETO_X_OWEN, VETO_X_TPGI3, &rc, err)) {
        goto cleanup; /* over the budget too: the dp's why stays */
    }
    if (rc != VETO_OK) {
        goto cleanup;
    }
    char names[96] = "";
    size_t len = 0;
    for (size_t k = VETO_X_OWEN; k <= VETO_X_TPGI3; k++) {
        if (!wants(want, k) || x->computed[k] || !y->computed[k]) {
            continue;
        }
        mpq_t *v = x->value[k];
        x->value[k] = y->value[k];
        y->value[k] = v;
        x->computed[k] = true;
        x->undefined[k] = y->undefined[k];
        x->why_not[k][0] = '\0';
        if (len < sizeof names) {
            len += (size_t)snprintf(names + len, sizeof names - len, "%s%s",
                                    len == 0 ? "" : ", ",
                                    veto_index_catalogue(k)->short_name);
        }
    }
    size_t at = strlen(x->reason);
    if (len > 0 && at < sizeof x->reason) {
        snprintf(x->reason + at, sizeof x->reason - at,
                 "; %s from the rule on coalitions of whole unions, where "
                 "the dp refused",
                 names);
    }
cleanup:
    veto_indices_free(y);
    return rc;
}

/* ---- the public entry ------------------------------------------------- */

void veto_indices_free(veto_indices_t *x)
{
    if (x == NULL) {
        return;
    }
    if (x->value != NULL) {
        for (size_t k = 0; k < x->nindex; k++) {
            if (x->value[k] != NULL) {
                size_t len = veto_index_catalogue(k)->game ? 1 : x->n;
                for (size_t i = 0; i < len; i++) {
                    mpq_clear(x->value[k][i]);
                }
                veto_i_free(x->value[k]);
            }
        }
    }
    veto_i_free(x->value);
    veto_i_free(x->computed);
    veto_i_free(x->undefined);
    veto_i_free(x->why_not);
    veto_i_free(x->union_of);
    veto_i_free(x);
}

/* Beyond enumeration: the indices that follow from veto_analyse's counts. */
static veto_status from_analysis(veto_indices_t *x, const veto_model_t *model,
                                 const veto_options_t *opt, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_result_t *r = NULL;
    mpq_t *v = NULL;
    size_t n = x->n;
    veto_options_t o;
    if (opt != NULL) {
        o = *opt;
    } else {
        veto_options_init(&o);
    }
    /* only what the caller's indices need (veto indices --index sets it):
     * minimal winning coalitions and Johnston cost far more than swings */
    o.indices =
        opt != NULL && opt->indices != 0 ? opt->indices : VETO_INDEX_ALL;
    o.beliefs = false;
    o.properties = true;
    mpq_t a, two_n, two_n1, W;
    mpq_init(a);
    mpq_init(two_n);
    mpq_init(two_n1);
    mpq_init(W);
    VETO_TRY(veto_analyse(&r, model, &o, err));
    x->method = r->method;
    snprintf(x->reason, sizeof x->reason, "%s", r->reason);
    const char *nc = "needs every coalition enumerated (at most 24 players)";
    for (size_t k = 0; k < VETO_X_N; k++) {
        why(x, k, nc);
    }
    if (r->estimated) {
        for (size_t k = 0; k < VETO_X_N; k++) {
            why(x, k,
                "the engine only estimates (Monte Carlo); exact counts "
                "are needed");
        }
        goto cleanup;
    }
    VETO_ALLOC(v, veto_i_mallocarray(n, sizeof(mpq_t)));
    for (size_t i = 0; i < n; i++) {
        mpq_init(v[i]);
    }
    static const struct {
        int from;
        size_t to;
    } same[] = {
        {VETO_IDX_BANZHAF_RAW, VETO_X_BZ_RAW},
        {VETO_IDX_BANZHAF, VETO_X_BZ},
        {VETO_IDX_BANZHAF_ABSOLUTE, VETO_X_BZ_ABS},
        {VETO_IDX_SHAPLEY_SHUBIK, VETO_X_SSI},
        {VETO_IDX_HOLLER_RAW, VETO_X_PG_RAW},
        {VETO_IDX_HOLLER, VETO_X_PG},
        {VETO_IDX_DEEGAN_PACKEL, VETO_X_DP},
        {VETO_IDX_JOHNSTON, VETO_X_J},
        {VETO_IDX_COLEMAN_PREVENT, VETO_X_CP},
        {VETO_IDX_COLEMAN_INITIATE, VETO_X_CI},
    };
    for (size_t s = 0; s < sizeof same / sizeof same[0]; s++) {
        unsigned bit = VETO_INDEX_BIT(same[s].from);
        if (!(r->computed & bit)) {
            why(x, same[s].to, r->why_not[same[s].from]);
            continue;
        }
        if (r->undefined & bit) {
            VETO_TRY(put_undefined(x, same[s].to, n, err));
        } else {
            VETO_TRY(put(x, same[s].to, r->value[same[s].from], n, err));
        }
    }
    /* raw Shapley-Shubik: n! times the index */
    if ((r->computed & VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK)) &&
        !(r->undefined & VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK))) {
        mpq_set_ui(a, 1, 1);
        mpz_fac_ui(mpq_numref(a), n);
        for (size_t i = 0; i < n; i++) {
            mpq_mul(v[i], r->value[VETO_IDX_SHAPLEY_SHUBIK][i], a);
        }
        VETO_TRY(put(x, VETO_X_SSI_RAW, v, n, err));
    }
    mpq_set_ui(two_n, 1, 1);
    mpq_mul_2exp(two_n, two_n, (mp_bitcnt_t)n);
    mpq_set_ui(two_n1, 1, 1);
    mpq_mul_2exp(two_n1, two_n1, (mp_bitcnt_t)(n - 1));
    if (r->have_winning) {
        mpq_set_z(W, r->winning);
        VETO_TRY(put(x, VETO_X_W, &W, 1, err));
        for (size_t i = 0; i < n; i++) {
            mpq_div(v[i], W, two_n);
        }
        VETO_TRY(put(x, VETO_X_CC, v, n, err));
    }
    if (r->have_minimal) {
        mpq_set_z(a, r->minimal_winning);
        VETO_TRY(put(x, VETO_X_WM, &a, 1, err));
        if (r->computed & VETO_INDEX_BIT(VETO_IDX_HOLLER_RAW)) {
            VETO_TRY(put_over(x, VETO_X_PG_ABS, r->value[VETO_IDX_HOLLER_RAW],
                              n, a, err));
        }
        if (r->computed & VETO_INDEX_BIT(VETO_IDX_DEEGAN_PACKEL)) {
            /* undefined only without minimal winning coalitions: then
             * every raw sum is empty */
            bool und = r->undefined & VETO_INDEX_BIT(VETO_IDX_DEEGAN_PACKEL);
            for (size_t i = 0; i < n; i++) {
                if (und) {
                    mpq_set_ui(v[i], 0, 1);
                } else {
                    mpq_mul(v[i], r->value[VETO_IDX_DEEGAN_PACKEL][i], a);
                }
            }
            VETO_TRY(put(x, VETO_X_DP_RAW, v, n, err));
        }
    }
    if (r->have_winning &&
        (r->computed & VETO_INDEX_BIT(VETO_IDX_BANZHAF_RAW))) {
        mpq_t *eta = r->value[VETO_IDX_BANZHAF_RAW];
        for (size_t i = 0; i < n; i++) {
            mpq_div(v[i], eta[i], two_n);
            mpq_set_ui(a, 1, 2);
            mpq_add(v[i], v[i], a);
        }
        VETO_TRY(put(x, VETO_X_RAE, v, n, err));
        /* |W_i| = (|W| + eta_i) / 2 (Dubey & Shapley 1979) */
        for (size_t i = 0; i < n; i++) {
            mpq_add(v[i], W, eta[i]);
            mpq_div_2exp(v[i], v[i], 1);
        }
        VETO_TRY(put_over(x, VETO_X_KB, v, n, W, err));
        VETO_TRY(put_over(x, VETO_X_NEV, v, n, two_n1, err));
        VETO_TRY(put_family(x, FAM_PHT, v, n, NULL, err));
        /* G: the winning coalitions without null players, |W^np_i| =
         * |W_i| / 2^z for the others (z null players, whose votes never
         * matter), |W^np| = |W| / 2^z */
        {
            size_t z = 0;
            for (size_t i = 0; i < n; i++) {
                z += mpq_sgn(eta[i]) == 0;
            }
            mpq_t *g = veto_i_mallocarray(n, sizeof(mpq_t));
            if (g == NULL) {
                rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
                goto cleanup;
            }
            for (size_t i = 0; i < n; i++) {
                mpq_init(g[i]);
                if (mpq_sgn(eta[i]) != 0) {
                    mpq_div_2exp(g[i], v[i], (mp_bitcnt_t)z);
                }
            }
            mpq_div_2exp(a, W, (mp_bitcnt_t)z);
            rc = put_family(x, FAM_PIG, g, n, a, err);
            for (size_t i = 0; i < n; i++) {
                mpq_clear(g[i]);
            }
            veto_i_free(g);
            if (rc != VETO_OK) {
                goto cleanup;
            }
        }
        size_t nveto = 0;
        for (size_t i = 0; i < n; i++) {
            if (mpq_sgn(W) > 0 && mpq_equal(v[i], W)) {
                nveto++;
            }
        }
        mpq_t *t = veto_i_mallocarray(n, sizeof(mpq_t));
        if (t == NULL) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (size_t i = 0; i < n; i++) {
            mpq_init(t[i]);
            bool isv = mpq_sgn(W) > 0 && mpq_equal(v[i], W);
            if (mpq_sgn(v[i]) > 0) {
                mpq_div(t[i], eta[i], v[i]);
            }
            mpq_set_ui(v[i], isv ? 1 : 0, nveto > 0 ? (unsigned long)nveto : 1);
            mpq_canonicalize(v[i]);
        }
        if (mpq_sgn(W) == 0) {
            rc = put_undefined(x, VETO_X_BCS, n, err);
        } else {
            rc = put(x, VETO_X_BCS, t, n, err);
        }
        if (rc == VETO_OK) {
            rc = nveto == 0 ? put_undefined(x, VETO_X_TIJS, n, err)
                            : put(x, VETO_X_TIJS, v, n, err);
        }
        if (rc == VETO_OK) {
            if (nveto != 1) {
                for (size_t i = 0; i < n; i++) {
                    mpq_set_ui(v[i], 1, (unsigned long)n);
                }
            }
            rc = put(x, VETO_X_HN, v, n, err);
        }
        for (size_t i = 0; i < n; i++) {
            mpq_clear(t[i]);
        }
        veto_i_free(t);
        if (rc != VETO_OK) {
            goto cleanup;
        }
    }
    for (size_t k = VETO_X_OWEN; k <= VETO_X_TPGI3; k++) {
        why(x, k,
            x->union_of == NULL
                ? "needs unions (--precoalitions or unions { ... })"
                : "needs every coalition enumerated (at most 24 "
                  "players)");
    }
cleanup:
    if (v != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(v[i]);
        }
        veto_i_free(v);
    }
    veto_result_free(r);
    mpq_clear(a);
    mpq_clear(two_n);
    mpq_clear(two_n1);
    mpq_clear(W);
    return rc;
}

veto_status veto_indices_compute(veto_indices_t **out,
                                 const veto_model_t *model,
                                 const size_t *union_of,
                                 const veto_options_t *opt, veto_error_t *err)
{
    return veto_indices_compute_some(out, model, union_of, NULL, opt, err);
}

static veto_status compute(veto_indices_t **out, const veto_model_t *model,
                           const size_t *union_of, const bool *want,
                           bool force_engines, const veto_options_t *opt,
                           veto_error_t *err);

veto_status veto_indices_compute_some(veto_indices_t **out,
                                      const veto_model_t *model,
                                      const size_t *union_of, const bool *want,
                                      const veto_options_t *opt,
                                      veto_error_t *err)
{
    return compute(out, model, union_of, want, false, opt, err);
}

veto_status veto_i_indices_engines(veto_indices_t **out,
                                   const veto_model_t *model,
                                   const size_t *union_of, const bool *want,
                                   const veto_options_t *opt, veto_error_t *err)
{
    return compute(out, model, union_of, want, true, opt, err);
}

static veto_status compute(veto_indices_t **out, const veto_model_t *model,
                           const size_t *union_of, const bool *want,
                           bool force_engines, const veto_options_t *opt,
                           veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_indices_t *x = NULL;
    veto_i_rule_t *rule = NULL;
    unsigned char *win = NULL, *in = NULL;
    uint64_t *weight = NULL;
    veto_i_wgame_t g;
    bool have_g = false;
    *out = NULL;
    if (model != NULL && model->ternary) {
        return veto_i_ternary_refuse(err, "the index catalogue");
    }
    size_t n = veto_model_nplayers(model);
    veto_i_ctx_t ctx;
    veto_i_ctx_from_options(&ctx, opt);

    VETO_ALLOC(x, indices_new(n));
    if (union_of != NULL) {
        VETO_ALLOC(x->union_of, veto_i_calloc(n + 1, sizeof(size_t)));
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (union_of[i] >= n) {
                rc = veto_i_errorf(err, VETO_EINVAL,
                                   "union number %zu of player %zu is out of "
                                   "range",
                                   union_of[i], i + 1);
                goto cleanup;
            }
            x->union_of[i] = union_of[i];
            if (union_of[i] + 1 > m) {
                m = union_of[i] + 1;
            }
        }
        x->nunions = m;
    }
    VETO_TRY(veto_i_rule_build(&rule, model, err));
    if (n > VETO_INDICES_ENUM_MAX_N || force_engines) {
        veto_status wrc = VETO_OK;
        have_g = veto_i_rule_weighted(&g, rule, n, &wrc);
        if (wrc != VETO_OK) {
            rc = veto_i_errorf(err, wrc, "out of memory");
            goto cleanup;
        }
        /* veto_analyse's counts, unless every index asked for comes from
         * the dp calls below (one weighted game) */
        static const size_t own[] = {
            VETO_X_FT_RAW, VETO_X_FT,      VETO_X_WS,    VETO_X_PHX,
            VETO_X_CSI,    VETO_X_J_RAW,   VETO_X_J,     VETO_X_PIF_RAW,
            VETO_X_PIF,    VETO_X_PIG_RAW, VETO_X_PIG,   VETO_X_PIG_ABS,
            VETO_X_CM,     VETO_X_JCM,     VETO_X_OWEN,  VETO_X_BO,
            VETO_X_SCB,    VETO_X_OPGI,    VETO_X_UPGI,  VETO_X_SPGI,
            VETO_X_TPGI1,  VETO_X_TPGI2,   VETO_X_TPGI3, VETO_X_TIJS,
            VETO_X_HN,     VETO_X_WM};
        bool analysis = !have_g || want == NULL;
        for (size_t k = 0; !analysis && k < VETO_X_N; k++) {
            bool mine = false;
            for (size_t o = 0; o < sizeof own / sizeof own[0]; o++) {
                mine = mine || own[o] == k;
            }
            analysis = want[k] && !mine;
        }
        if (analysis) {
            /* Johnston comes with its raw sums from weighted_sized: not
             * twice */
            veto_options_t o2;
            if (opt != NULL) {
                o2 = *opt;
            } else {
                veto_options_init(&o2);
            }
            if (have_g &&
                (wants(want, VETO_X_J) || wants(want, VETO_X_J_RAW))) {
                unsigned all = o2.indices != 0 ? o2.indices : VETO_INDEX_ALL;
                unsigned rest = all & ~VETO_INDEX_BIT(VETO_IDX_JOHNSTON);
                /* 0 would mean every index: keep Banzhaf then */
                o2.indices =
                    rest != 0 ? rest : VETO_INDEX_BIT(VETO_IDX_BANZHAF_RAW);
            }
            if (!have_g && x->union_of != NULL && o2.indices != 0 &&
                wants(want, VETO_X_TPGI1)) {
                /* TPGI1 of a composed rule needs the whole game's Holler
                 * index */
                o2.indices |= VETO_INDEX_BIT(VETO_IDX_HOLLER_RAW) |
                              VETO_INDEX_BIT(VETO_IDX_HOLLER);
            }
            VETO_TRY(from_analysis(x, model, &o2, err));
        } else {
            x->method = VETO_METHOD_DP;
            snprintf(x->reason, sizeof x->reason, "%s",
                     "the rule is one weighted game: the dp engines");
            for (size_t k = 0; k < VETO_X_N; k++) {
                why(x, k, "not asked for");
            }
            for (size_t k = VETO_X_OWEN; k <= VETO_X_TPGI3; k++) {
                if (x->union_of == NULL) {
                    why(x, k,
                        "needs unions (--precoalitions or unions "
                        "{ ... })");
                }
            }
            why(x, VETO_X_CM,
                "needs every coalition enumerated (at most 24 "
                "players)");
            why(x, VETO_X_JCM,
                "needs every coalition enumerated (at most "
                "24 players)");
        }
        if (!have_g) {
            /* a composed rule: the bdd's counts by size, and the rule on
             * the coalitions of whole unions */
            why(x, VETO_X_CM, CM_NOT_WEIGHTED);
            why(x, VETO_X_JCM, CM_NOT_WEIGHTED);
            if (x->method != VETO_METHOD_MC && n > 0) {
                /* (an estimating analysis: the bdd would not do better) */
                VETO_TRY(composed_sized(x, rule, n, want, &ctx, err));
            }
            if (x->union_of != NULL) {
                bool pg = x->computed[VETO_X_PG];
                bsrc_t src = {NULL, rule, n};
                VETO_TRY(union_indices(
                    x, &src, x->union_of,
                    pg && !x->undefined[VETO_X_PG] ? x->value[VETO_X_PG] : NULL,
                    pg && x->undefined[VETO_X_PG], x->why_not[VETO_X_PG], &ctx,
                    err));
            }
        }
        /* one weighted game: the dp engines for the rest */
        if (have_g) {
            bool f_done = false;
            VETO_TRY(weighted_sized(x, &g, want, &f_done, &ctx, err));
            VETO_TRY(weighted_null_free(x, &g, want, f_done, &ctx, err));
            VETO_TRY(weighted_cm(x, &g, want, &ctx, err));
            VETO_TRY(weighted_jcm(x, &g, want, &ctx, err));
            VETO_TRY(weighted_veto(x, &g, want, err));
            VETO_TRY(weighted_wm(x, &g, want, &ctx, err));
            if (x->union_of != NULL) {
                VETO_TRY(weighted_unions(x, &g, x->union_of, x->nunions, want,
                                         force_engines, &ctx, err));
                VETO_TRY(unions_by_rule(x, rule, want, &ctx, err));
            }
        }
        goto done;
    }
    VETO_TRY(veto_i_budget_check(
        &ctx, ((uint64_t)1 << n) * 2 + (64u << 20),
        "the table of winning coalitions",
        &(const veto_i_advice_t){VETO_HINT_RAISE_LIMIT, "max_memory", NULL},
        err));
    uint64_t ns = (uint64_t)1 << n;
    VETO_ALLOC(win, veto_i_malloc((size_t)ns));
    VETO_ALLOC(in, veto_i_calloc(n + 1, 1));
    /* Gray code: one player changes between consecutive coalitions. */
    uint64_t s = 0;
    win[0] = veto_i_rule_eval(rule, in);
    for (uint64_t k = 1; k < ns; k++) {
        size_t j = (size_t)__builtin_ctzll(k);
        s ^= (uint64_t)1 << j;
        in[j] ^= 1;
        win[s] = veto_i_rule_eval(rule, in);
        if ((k & 0xfffffu) == 0) {
            VETO_TRY(
                veto_i_poll(&ctx, (double)k / (double)ns, "coalitions", err));
        }
    }
    /* The weights, when the rule is one weighted game with small ones. */
    veto_status wrc = VETO_OK;
    if (veto_i_rule_weighted(&g, rule, n, &wrc)) {
        have_g = true;
        bool small = true;
        for (size_t i = 0; i < n; i++) {
            if (mpz_cmp_ui(g.w[i], CM_MAX_WEIGHT) > 0) {
                small = false;
            }
        }
        VETO_ALLOC(weight, veto_i_calloc(n + 1, sizeof(uint64_t)));
        for (size_t i = 0; i < n; i++) {
            weight[i] =
                small ? (uint64_t)mpz_get_ui(g.w[i]) : CM_MAX_WEIGHT + 1;
        }
    } else if (wrc != VETO_OK) {
        rc = veto_i_errorf(err, wrc, "out of memory");
        goto cleanup;
    }
    x->method = VETO_METHOD_ENUM;
    snprintf(x->reason, sizeof x->reason,
             "every coalition enumerated (%zu players, at most %d)", n,
             VETO_INDICES_ENUM_MAX_N);
    VETO_TRY(veto_i_xindex_enum(x, win, n, weight, x->union_of, &ctx, err));
done:
    *out = x;
    x = NULL;
cleanup:
    if (have_g) {
        veto_i_wgame_clear(&g);
    }
    veto_i_rule_free(rule);
    veto_i_free(win);
    veto_i_free(in);
    veto_i_free(weight);
    veto_indices_free(x);
    return rc;
}
