/*
 * bdd_order.c: players grouped into types (same weight in every term,
 * same belief when beliefs are asked), the types put in the variable
 * order, and the levels set up. See bdd_i.h.
 */
#include "bdd_i.h"

typedef struct sig {
    const size_t *off;   /* [n + 1] occurrences of player i: off[i].. */
    const size_t *occ_t; /* term index */
    mpz_srcptr *occ_w;   /* weight there */
    const mpq_t *belief; /* NULL or [n] */
} sig_t;

static int sig_cmp(const sig_t *s, size_t a, size_t b)
{
    size_t la = s->off[a + 1] - s->off[a], lb = s->off[b + 1] - s->off[b];
    size_t l = la < lb ? la : lb;
    for (size_t k = 0; k < l; k++) {
        size_t ta = s->occ_t[s->off[a] + k], tb = s->occ_t[s->off[b] + k];
        if (ta != tb) {
            return ta < tb ? -1 : 1;
        }
        int c = mpz_cmp(s->occ_w[s->off[a] + k], s->occ_w[s->off[b] + k]);
        if (c != 0) {
            return c < 0 ? -1 : 1;
        }
    }
    if (la != lb) {
        return la < lb ? -1 : 1;
    }
    if (s->belief != NULL) {
        int c = mpq_cmp(s->belief[a], s->belief[b]);
        if (c != 0) {
            return c < 0 ? -1 : 1;
        }
    }
    return 0;
}

/* Stable merge sort of player indices by signature, ties by index. */
static void sig_sort(const sig_t *s, size_t *v, size_t *tmp, size_t len)
{
    if (len < 2) {
        return;
    }
    size_t h = len / 2;
    sig_sort(s, v, tmp, h);
    sig_sort(s, v + h, tmp, len - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < len) {
        tmp[k++] = sig_cmp(s, v[j], v[i]) < 0 ? v[j++] : v[i++];
    }
    while (i < h) {
        tmp[k++] = v[i++];
    }
    while (j < len) {
        tmp[k++] = v[j++];
    }
    memcpy(v, tmp, len * sizeof *v);
}

typedef struct tkey {
    size_t rep;   /* smallest member */
    size_t start; /* in the sorted player array */
    size_t m;
} tkey_t;

/* The variable order: types compared term by term in the order the terms
 * appear in the rule (depth first), larger weight first and present before
 * absent. A single weighted term gives decreasing weights; a list of
 * clauses keeps each clause's players together (first appearance); the EU
 * double majority, whose count term cannot tell states apart, orders them
 * by population. Players the rule never names come last. */
static int type_cmp(const sig_t *s, size_t a, size_t b)
{
    size_t ia = s->off[a], ea = s->off[a + 1];
    size_t ib = s->off[b], eb = s->off[b + 1];
    while (ia < ea && ib < eb) {
        if (s->occ_t[ia] != s->occ_t[ib]) {
            return s->occ_t[ia] < s->occ_t[ib] ? -1 : 1;
        }
        int c = mpz_cmp(s->occ_w[ia], s->occ_w[ib]);
        if (c != 0) {
            return c > 0 ? -1 : 1;
        }
        ia++;
        ib++;
    }
    if (ia < ea || ib < eb) {
        return ia < ea ? -1 : 1;
    }
    return a < b ? -1 : a > b;
}

static void tkey_sort(const sig_t *s, tkey_t *v, tkey_t *tmp, size_t len)
{
    if (len < 2) {
        return;
    }
    size_t h = len / 2;
    tkey_sort(s, v, tmp, h);
    tkey_sort(s, v + h, tmp, len - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < len) {
        tmp[k++] = type_cmp(s, v[j].rep, v[i].rep) < 0 ? v[j++] : v[i++];
    }
    while (i < h) {
        tmp[k++] = v[i++];
    }
    while (j < len) {
        tmp[k++] = v[j++];
    }
    memcpy(v, tmp, len * sizeof *v);
}

/* Group the players into types, order the types, and set up the levels.
 * The terms are listed in `terms` (nterms of them). */
veto_status bdd_make_levels(bdd_mgr_t *g, const veto_i_rule_t *const *terms,
                            size_t nterms, const mpq_t *belief)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t n = g->n;
    size_t *off = NULL, *occ_t = NULL, *fill = NULL, *perm = NULL;
    size_t *tmp = NULL;
    mpz_srcptr *occ_w = NULL;
    tkey_t *keys = NULL, *ktmp = NULL;

    VETO_ALLOC(off, veto_i_calloc(n + 1, sizeof *off));
    size_t nocc = 0;
    for (size_t k = 0; k < nterms; k++) {
        for (size_t j = 0; j < terms[k]->nterm; j++) {
            off[terms[k]->player[j] + 1]++;
        }
        nocc += terms[k]->nterm;
    }
    for (size_t i = 0; i < n; i++) {
        off[i + 1] += off[i];
    }
    VETO_ALLOC(occ_t, veto_i_mallocarray(nocc + 1, sizeof *occ_t));
    VETO_ALLOC(occ_w, veto_i_mallocarray(nocc + 1, sizeof *occ_w));
    VETO_ALLOC(fill, veto_i_mallocarray(n + 1, sizeof *fill));
    memcpy(fill, off, n * sizeof *fill);
    for (size_t k = 0; k < nterms; k++) {
        const veto_i_rule_t *r = terms[k];
        for (size_t j = 0; j < r->nterm; j++) {
            size_t p = r->player[j];
            occ_t[fill[p]] = k;
            occ_w[fill[p]] = r->w[j];
            fill[p]++;
        }
    }
    sig_t s = {off, occ_t, occ_w, belief};
    VETO_ALLOC(perm, veto_i_mallocarray(n + 1, sizeof *perm));
    VETO_ALLOC(tmp, veto_i_mallocarray(n + 1, sizeof *tmp));
    for (size_t i = 0; i < n; i++) {
        perm[i] = i;
    }
    sig_sort(&s, perm, tmp, n);

    size_t T = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || sig_cmp(&s, perm[i - 1], perm[i]) != 0) {
            T++;
        }
    }
    VETO_ALLOC(keys, veto_i_mallocarray(T + 1, sizeof *keys));
    VETO_ALLOC(ktmp, veto_i_mallocarray(T + 1, sizeof *ktmp));
    size_t t = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || sig_cmp(&s, perm[i - 1], perm[i]) != 0) {
            keys[t].rep = perm[i]; /* the stable sort puts the smallest first */
            keys[t].start = i;
            keys[t].m = 0;
            t++;
        }
        keys[t - 1].m++;
    }
    tkey_sort(&s, keys, ktmp, T);

    g->T = T;
    VETO_ALLOC(g->lv, veto_i_calloc(T + 1, sizeof *g->lv));
    VETO_ALLOC(g->order, veto_i_mallocarray(n + 1, sizeof *g->order));
    VETO_ALLOC(g->first, veto_i_mallocarray(T + 1, sizeof *g->first));
    VETO_ALLOC(g->level_of, veto_i_mallocarray(n + 1, sizeof *g->level_of));
    VETO_ALLOC(g->binom, veto_i_calloc(T + 1, sizeof *g->binom));
    VETO_ALLOC(g->binom1, veto_i_calloc(T + 1, sizeof *g->binom1));
    size_t at = 0;
    for (t = 0; t < T; t++) {
        g->first[t] = at;
        for (size_t k = 0; k < keys[t].m; k++) {
            size_t p = perm[keys[t].start + k];
            g->order[at++] = p;
            g->level_of[p] = t;
        }
    }
    g->first[T] = at;

    /* Levels: constants 0 (FALSE) and 1 (TRUE) first, so that their ids are
     * the same at every level. */
    uint64_t plan = 0;
    for (t = 0; t < T; t++) {
        plan = veto_i_sat_add(
            plan, veto_i_sat_mul(16 * (keys[t].m + 2), sizeof(uint32_t)));
    }
    if (!bdd_reserve(g, veto_i_sat_add(plan, (uint64_t)(1u << 14) *
                                                 sizeof(bdd_centry_t)))) {
        rc = g->rc;
        goto cleanup;
    }
    g->ccap = 1u << 14;
    VETO_ALLOC(g->cache, veto_i_calloc(g->ccap, sizeof *g->cache));
    for (t = 0; t < T; t++) {
        bdd_lvl_t *L = &g->lv[t];
        L->m = keys[t].m;
        L->arity = L->m + 1;
        L->cap = 8;
        L->tcap = 16;
        VETO_ALLOC(L->kids,
                   veto_i_mallocarray(L->cap * L->arity, sizeof(uint32_t)));
        VETO_ALLOC(L->tab, veto_i_calloc(L->tcap, sizeof(uint32_t)));
        VETO_ALLOC(L->scratch, veto_i_mallocarray(L->arity, sizeof(uint32_t)));
        VETO_ALLOC(g->binom[t], veto_i_mallocarray(L->arity, sizeof(mpz_t)));
        for (size_t j = 0; j <= L->m; j++) {
            mpz_init(g->binom[t][j]);
            mpz_bin_uiui(g->binom[t][j], L->m, j);
        }
        VETO_ALLOC(g->binom1[t], veto_i_mallocarray(L->arity, sizeof(mpz_t)));
        for (size_t j = 0; j < L->m; j++) {
            mpz_init(g->binom1[t][j]);
            mpz_bin_uiui(g->binom1[t][j], L->m - 1, j);
        }
    }
    for (size_t c = 0; c < 2; c++) {
        for (size_t tt = T; tt-- > 0;) {
            bdd_lvl_t *L = &g->lv[tt];
            for (size_t j = 0; j < L->arity; j++) {
                L->scratch[j] = (uint32_t)c;
            }
            if (bdd_mk(g, tt, L->scratch) != c) {
                rc = g->rc;
                goto cleanup;
            }
        }
    }

cleanup:
    veto_i_free(off);
    veto_i_free(occ_t);
    veto_i_free(occ_w);
    veto_i_free(fill);
    veto_i_free(perm);
    veto_i_free(tmp);
    veto_i_free(keys);
    veto_i_free(ktmp);
    return rc;
}
