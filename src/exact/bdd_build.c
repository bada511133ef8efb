/*
 * bdd_build.c: the diagram of a rule. A threshold term is built top-down
 * by intervals of the remaining quota (Behle), and / or / k-of by apply. See
 * bdd_i.h.
 */
#include "bdd_i.h"

static size_t count_terms(const veto_i_rule_t *r)
{
    if (r->kind == VETO_I_R_TERM) {
        return 1;
    }
    size_t c = 0;
    if (r->kind == VETO_I_R_KOF) {
        for (size_t i = 0; i < r->nchild; i++) {
            c += count_terms(r->child[i]);
        }
    }
    return c;
}

static void list_terms(const veto_i_rule_t *r, const veto_i_rule_t **out,
                       size_t *k)
{
    if (r->kind == VETO_I_R_TERM) {
        out[(*k)++] = r;
    } else if (r->kind == VETO_I_R_KOF) {
        for (size_t i = 0; i < r->nchild; i++) {
            list_terms(r->child[i], out, k);
        }
    }
}

typedef struct ival {
    mpz_t lo, hi;
    uint32_t node;
} ival_t;

/* Term builder: per level the weight of the level's type in the term, the
 * most the levels from here down can still add, and the quota intervals
 * already built (sorted, disjoint). */
typedef struct tb {
    bdd_mgr_t *g;
    mpz_t *w;       /* [T] */
    mpz_t *maxrest; /* [T + 1] */
    mpz_t big;      /* beyond any remaining quota */
    ival_t **iv;    /* [T] */
    size_t *niv, *civ;
    mpz_t *s_rr, *s_lo, *s_hi, *s_L, *s_H; /* [T + 1] per-level scratch */
} tb_t;

static void tb_free(tb_t *b, size_t T)
{
    mpz_t **arrs[] = {&b->w,    &b->maxrest, &b->s_rr, &b->s_lo,
                      &b->s_hi, &b->s_L,     &b->s_H};
    for (size_t a = 0; a < sizeof arrs / sizeof arrs[0]; a++) {
        if (*arrs[a] != NULL) {
            for (size_t t = 0; t <= T; t++) {
                mpz_clear((*arrs[a])[t]);
            }
            veto_i_free(*arrs[a]);
        }
    }
    if (b->iv != NULL && b->niv != NULL) {
        for (size_t t = 0; t < T; t++) {
            for (size_t k = 0; k < b->niv[t]; k++) {
                mpz_clear(b->iv[t][k].lo);
                mpz_clear(b->iv[t][k].hi);
            }
            veto_i_free(b->iv[t]);
        }
    }
    veto_i_free(b->iv);
    veto_i_free(b->niv);
    veto_i_free(b->civ);
    mpz_clear(b->big);
    memset(b, 0, sizeof *b);
}

static bool tb_init(tb_t *b, bdd_mgr_t *g)
{
    size_t T = g->T;
    memset(b, 0, sizeof *b);
    b->g = g;
    mpz_init(b->big);
    mpz_t **arrs[] = {&b->w,    &b->maxrest, &b->s_rr, &b->s_lo,
                      &b->s_hi, &b->s_L,     &b->s_H};
    for (size_t a = 0; a < sizeof arrs / sizeof arrs[0]; a++) {
        *arrs[a] = veto_i_mallocarray(T + 1, sizeof(mpz_t));
        if (*arrs[a] == NULL) {
            tb_free(b, T);
            return false;
        }
        for (size_t t = 0; t <= T; t++) {
            mpz_init((*arrs[a])[t]);
        }
    }
    b->iv = veto_i_calloc(T + 1, sizeof *b->iv);
    b->niv = veto_i_calloc(T + 1, sizeof *b->niv);
    b->civ = veto_i_calloc(T + 1, sizeof *b->civ);
    if (b->iv == NULL || b->niv == NULL || b->civ == NULL) {
        tb_free(b, T);
        return false;
    }
    return true;
}

/* Node of level t for "the levels from t down add at least r"; sets
 * [lo, hi], the interval of r giving the same node. BDD_NIL on error. */
static uint32_t term_get(tb_t *b, size_t t, const mpz_t r, mpz_t lo, mpz_t hi)
{
    bdd_mgr_t *g = b->g;
    if (mpz_sgn(r) <= 0) {
        mpz_neg(lo, b->big);
        mpz_set_ui(hi, 0);
        return 1;
    }
    if (mpz_cmp(r, b->maxrest[t]) > 0) {
        mpz_add_ui(lo, b->maxrest[t], 1);
        mpz_set(hi, b->big);
        return 0;
    }
    /* t < T here: maxrest[T] = 0. Binary search for the last lo <= r. */
    ival_t *iv = b->iv[t];
    size_t left = 0, right = b->niv[t];
    while (left < right) {
        size_t mid = left + (right - left) / 2;
        if (mpz_cmp(iv[mid].lo, r) <= 0) {
            left = mid + 1;
        } else {
            right = mid;
        }
    }
    if (left > 0 && mpz_cmp(iv[left - 1].hi, r) >= 0) {
        mpz_set(lo, iv[left - 1].lo);
        mpz_set(hi, iv[left - 1].hi);
        return iv[left - 1].node;
    }
    bdd_lvl_t *L = &g->lv[t];
    mpz_ptr rr = b->s_rr[t], clo = b->s_lo[t], chi = b->s_hi[t];
    mpz_ptr Lo = b->s_L[t], Hi = b->s_H[t];
    mpz_srcptr w = b->w[t];
    mpz_set_ui(Lo, 1);
    mpz_set(Hi, b->maxrest[t]);
    if (mpz_sgn(w) == 0) {
        uint32_t c = term_get(b, t + 1, r, clo, chi);
        if (c == BDD_NIL) {
            return BDD_NIL;
        }
        for (size_t j = 0; j < L->arity; j++) {
            L->scratch[j] = c;
        }
        if (mpz_cmp(clo, Lo) > 0) {
            mpz_set(Lo, clo);
        }
        if (mpz_cmp(chi, Hi) < 0) {
            mpz_set(Hi, chi);
        }
    } else {
        mpz_set(rr, r);
        for (size_t j = 0; j < L->arity; j++) {
            if (j > 0) {
                mpz_sub(rr, rr, w);
            }
            if (mpz_sgn(rr) <= 0) {
                /* This and every later child is TRUE; the first one bounds
                 * hi by 0 + w j, the later ones less tightly. */
                for (size_t k = j; k < L->arity; k++) {
                    L->scratch[k] = 1;
                }
                mpz_sub(chi, r, rr); /* = w j */
                if (mpz_cmp(chi, Hi) < 0) {
                    mpz_set(Hi, chi);
                }
                break;
            }
            uint32_t c = term_get(b, t + 1, rr, clo, chi);
            if (c == BDD_NIL) {
                return BDD_NIL;
            }
            L->scratch[j] = c;
            /* shift the child's interval back by w j = r - rr */
            mpz_sub(clo, clo, rr);
            mpz_add(clo, clo, r);
            mpz_sub(chi, chi, rr);
            mpz_add(chi, chi, r);
            if (mpz_cmp(clo, Lo) > 0) {
                mpz_set(Lo, clo);
            }
            if (mpz_cmp(chi, Hi) < 0) {
                mpz_set(Hi, chi);
            }
        }
    }
    uint32_t node = bdd_mk(g, t, L->scratch);
    if (node == BDD_NIL) {
        return BDD_NIL;
    }
    /* insert [Lo, Hi] at position `left` */
    if (b->niv[t] == b->civ[t]) {
        size_t ncap = b->civ[t] == 0 ? 8 : 2 * b->civ[t];
        if (!bdd_reserve(
                g, veto_i_sat_mul(ncap - b->civ[t], sizeof(ival_t) + 32))) {
            return BDD_NIL;
        }
        ival_t *niv = veto_i_reallocarray(b->iv[t], ncap, sizeof *niv);
        if (niv == NULL) {
            return bdd_fail(g, VETO_ENOMEM);
        }
        b->iv[t] = niv;
        b->civ[t] = ncap;
        iv = niv;
    }
    memmove(&iv[left + 1], &iv[left], (b->niv[t] - left) * sizeof *iv);
    mpz_init_set(iv[left].lo, Lo);
    mpz_init_set(iv[left].hi, Hi);
    iv[left].node = node;
    b->niv[t]++;
    mpz_set(lo, Lo);
    mpz_set(hi, Hi);
    return node;
}

static uint32_t build_term(tb_t *b, const veto_i_rule_t *r)
{
    bdd_mgr_t *g = b->g;
    size_t T = g->T;
    for (size_t t = 0; t < T; t++) {
        mpz_set_ui(b->w[t], 0);
        for (size_t k = 0; k < b->niv[t]; k++) {
            mpz_clear(b->iv[t][k].lo);
            mpz_clear(b->iv[t][k].hi);
        }
        b->niv[t] = 0;
    }
    /* Every player of a type has the same weight in this term (that is
     * what makes them one type). */
    for (size_t j = 0; j < r->nterm; j++) {
        mpz_set(b->w[g->level_of[r->player[j]]], r->w[j]);
    }
    mpz_set_ui(b->maxrest[T], 0);
    for (size_t t = T; t-- > 0;) {
        mpz_set(b->maxrest[t], b->maxrest[t + 1]);
        mpz_addmul_ui(b->maxrest[t], b->w[t], g->lv[t].m);
    }
    mpz_add_ui(b->big, b->maxrest[0], 1);
    mpz_t lo, hi;
    mpz_init(lo);
    mpz_init(hi);
    uint32_t root = term_get(b, 0, r->quota, lo, hi);
    mpz_clear(lo);
    mpz_clear(hi);
    return root;
}

static uint32_t build(bdd_mgr_t *g, tb_t *b, const veto_i_rule_t *r)
{
    switch (r->kind) {
    case VETO_I_R_FALSE:
        return 0;
    case VETO_I_R_TRUE:
        return 1;
    case VETO_I_R_TERM:
        return build_term(b, r);
    default:
        break;
    }
    size_t nc = r->nchild, k = r->k;
    uint32_t *sub = veto_i_mallocarray(nc + 1, sizeof *sub);
    uint32_t *A = veto_i_mallocarray(k + 1, sizeof *A);
    uint32_t res = BDD_NIL;
    if (sub == NULL || A == NULL) {
        bdd_fail(g, VETO_ENOMEM);
        goto done;
    }
    for (size_t i = 0; i < nc; i++) {
        sub[i] = build(g, b, r->child[i]);
        if (sub[i] == BDD_NIL) {
            goto done;
        }
    }
    if (k == 0) {
        res = 1;
    } else if (k > nc) {
        res = 0;
    } else if (k == nc || k == 1) {
        unsigned op = k == 1 ? BDD_OP_OR : BDD_OP_AND;
        res = sub[0];
        for (size_t i = 1; i < nc && res != BDD_NIL; i++) {
            res = bdd_apply(g, op, 0, res, sub[i]);
        }
    } else {
        /* A[j]: at least j of the children seen so far. A[j] for j below
         * k - (children still to come) can no longer matter. */
        A[0] = 1;
        for (size_t j = 1; j <= k; j++) {
            A[j] = 0;
        }
        for (size_t i = 0; i < nc; i++) {
            size_t hi = i + 1 < k ? i + 1 : k;
            size_t rest = nc - 1 - i;
            size_t lo = k > rest ? k - rest : 1;
            for (size_t j = hi; j >= lo && j >= 1; j--) {
                uint32_t x = bdd_apply(g, BDD_OP_AND, 0, A[j - 1], sub[i]);
                if (x == BDD_NIL) {
                    goto done;
                }
                A[j] = bdd_apply(g, BDD_OP_OR, 0, A[j], x);
                if (A[j] == BDD_NIL) {
                    goto done;
                }
            }
        }
        res = A[k];
    }
done:
    veto_i_free(sub);
    veto_i_free(A);
    return res;
}

/* Set up the manager for rule r over n players (types refined by belief
 * when it is not NULL) and build the rule's diagram into *root. */
veto_status bdd_mgr_build(bdd_mgr_t *g, uint32_t *root, const veto_i_rule_t *r,
                          size_t n, const mpq_t *belief,
                          const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    const veto_i_rule_t **terms = NULL;
    tb_t b;
    bool have_tb = false;
    memset(g, 0, sizeof *g);
    g->n = n;
    g->ctx = ctx;
    g->err = err;
    if (n >= (size_t)INT32_MAX) {
        return veto_i_errorf(err, VETO_ELIMIT,
                             "the decision diagram takes at most %d players",
                             INT32_MAX - 1);
    }
    size_t nt = count_terms(r);
    VETO_ALLOC(terms, veto_i_mallocarray(nt + 1, sizeof *terms));
    size_t k = 0;
    list_terms(r, terms, &k);
    VETO_TRY(bdd_make_levels(g, terms, nt, belief));
    if (!tb_init(&b, g)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    have_tb = true;
    *root = build(g, &b, r);
    if (*root == BDD_NIL) {
        rc = g->rc != VETO_OK ? g->rc : VETO_ENOMEM;
    }
cleanup:
    if (have_tb) {
        tb_free(&b, g->T);
    }
    veto_i_free(terms);
    return rc;
}
