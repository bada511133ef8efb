/*
 * bdd_manager.c: the node store of the decision diagram. Per level an
 * array of nodes and an open-addressing unique table; one lossy computed
 * table for every operation; every table planned against the memory
 * budget before it grows. See bdd_i.h.
 */
#include "bdd_i.h"

uint32_t bdd_fail(bdd_mgr_t *g, veto_status rc)
{
    if (g->rc == VETO_OK) {
        g->rc = rc;
        if (rc == VETO_ENOMEM) {
            veto_i_errorf(g->err, VETO_ENOMEM, "out of memory in the %s",
                          "decision diagram");
        }
    }
    return BDD_NIL;
}

/* Plan `more` bytes; false (g->rc set, err filled) beyond the budget. */
bool bdd_reserve(bdd_mgr_t *g, uint64_t more)
{
    uint64_t total = veto_i_sat_add(g->bytes, more);
    veto_status rc = veto_i_budget_check(g->ctx, total, "the decision diagram",
                                         BDD_ADVICE, g->err);
    if (rc != VETO_OK) {
        g->rc = rc;
        return false;
    }
    g->bytes = total;
    return true;
}

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static uint64_t hash_kids(const uint32_t *k, size_t a)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ a;
    for (size_t j = 0; j < a; j++) {
        h = (h ^ k[j]) * 0x100000001b3ull;
        h ^= h >> 29;
    }
    return mix(h);
}

static bool tab_grow(bdd_mgr_t *g, bdd_lvl_t *L)
{
    size_t ncap = L->tcap * 2;
    if (!bdd_reserve(g, (uint64_t)L->tcap * sizeof(uint32_t))) {
        return false;
    }
    uint32_t *tab = veto_i_calloc(ncap, sizeof *tab);
    if (tab == NULL) {
        bdd_fail(g, VETO_ENOMEM);
        return false;
    }
    for (size_t id = 0; id < L->count; id++) {
        size_t h = hash_kids(L->kids + id * L->arity, L->arity) & (ncap - 1);
        while (tab[h] != 0) {
            h = (h + 1) & (ncap - 1);
        }
        tab[h] = (uint32_t)id + 1;
    }
    veto_i_free(L->tab);
    L->tab = tab;
    L->tcap = ncap;
    return true;
}

static bool cache_grow(bdd_mgr_t *g)
{
    size_t ncap = g->ccap * 2;
    if (!bdd_reserve(g, (uint64_t)g->ccap * sizeof(bdd_centry_t))) {
        return false;
    }
    bdd_centry_t *c = veto_i_calloc(ncap, sizeof *c);
    if (c == NULL) {
        bdd_fail(g, VETO_ENOMEM);
        return false;
    }
    /* A lossy cache: dropping the old entries only costs recomputation. */
    veto_i_free(g->cache);
    g->cache = c;
    g->ccap = ncap;
    return true;
}

/* The node of level t with these children, made if new. BDD_NIL on error. */
uint32_t bdd_mk(bdd_mgr_t *g, size_t t, const uint32_t *kids)
{
    bdd_lvl_t *L = &g->lv[t];
    size_t a = L->arity;
    size_t mask = L->tcap - 1;
    size_t h = hash_kids(kids, a) & mask;
    while (L->tab[h] != 0) {
        uint32_t id = L->tab[h] - 1;
        if (memcmp(L->kids + (size_t)id * a, kids, a * sizeof *kids) == 0) {
            return id;
        }
        h = (h + 1) & mask;
    }
    if (L->count >= (size_t)BDD_NIL - 2) {
        veto_i_errorf(g->err, VETO_ELIMIT,
                      "the decision diagram has too many nodes at one level");
        veto_i_error_hint_code(g->err, VETO_HINT_OTHER_METHOD, "bdd", "mc",
                               NULL);
        return bdd_fail(g, VETO_ELIMIT);
    }
    if (L->count == L->cap) {
        size_t ncap = L->cap * 2;
        if (!bdd_reserve(
                g, veto_i_sat_mul((uint64_t)L->cap * a, sizeof(uint32_t)))) {
            return BDD_NIL;
        }
        uint32_t *k = veto_i_reallocarray(L->kids, ncap * a, sizeof *k);
        if (k == NULL) {
            return bdd_fail(g, VETO_ENOMEM);
        }
        L->kids = k;
        L->cap = ncap;
    }
    uint32_t id = (uint32_t)L->count++;
    memcpy(L->kids + (size_t)id * a, kids, a * sizeof *kids);
    if (L->count * 2 > L->tcap) {
        if (!tab_grow(g, L)) {
            return BDD_NIL;
        }
    } else {
        L->tab[h] = id + 1;
    }
    g->made++;
    if ((g->made & 0xffff) == 0) {
        veto_status rc = veto_i_poll(g->ctx, 0.0, BDD_STAGE, g->err);
        if (rc != VETO_OK) {
            return bdd_fail(g, rc);
        }
    }
    /* Keep the computed table at least twice the nodes made: a lossy table
     * much smaller than the diagram makes apply recompute shared
     * subproblems, exponentially in the worst case. */
    if (g->made * 2 > g->ccap && !cache_grow(g)) {
        return BDD_NIL;
    }
    return id;
}

static size_t cslot(const bdd_mgr_t *g, unsigned op, size_t t, uint32_t a,
                    uint32_t b)
{
    uint64_t h = mix(((uint64_t)op << 56) ^ ((uint64_t)t << 32) ^ a ^
                     ((uint64_t)b * 0x9e3779b97f4a7c15ull));
    return (size_t)(h & (g->ccap - 1));
}

bool bdd_cache_get(const bdd_mgr_t *g, unsigned op, size_t t, uint32_t a,
                   uint32_t b, uint32_t *r)
{
    const bdd_centry_t *e = &g->cache[cslot(g, op, t, a, b)];
    if (e->op == op && e->lev == t && e->a == a && e->b == b) {
        *r = e->r;
        return true;
    }
    return false;
}

void bdd_cache_put(bdd_mgr_t *g, unsigned op, size_t t, uint32_t a, uint32_t b,
                   uint32_t r)
{
    bdd_centry_t *e = &g->cache[cslot(g, op, t, a, b)];
    e->op = op;
    e->lev = (uint32_t)t;
    e->a = a;
    e->b = b;
    e->r = r;
}

void bdd_mgr_free(bdd_mgr_t *g)
{
    if (g->lv != NULL) {
        for (size_t t = 0; t < g->T; t++) {
            veto_i_free(g->lv[t].kids);
            veto_i_free(g->lv[t].tab);
            veto_i_free(g->lv[t].scratch);
        }
    }
    if (g->binom != NULL) {
        for (size_t t = 0; t < g->T; t++) {
            if (g->binom[t] != NULL) {
                for (size_t j = 0; j <= g->lv[t].m; j++) {
                    mpz_clear(g->binom[t][j]);
                }
                veto_i_free(g->binom[t]);
            }
        }
    }
    if (g->binom1 != NULL) {
        for (size_t t = 0; t < g->T; t++) {
            if (g->binom1[t] != NULL) {
                for (size_t j = 0; j < g->lv[t].m; j++) {
                    mpz_clear(g->binom1[t][j]);
                }
                veto_i_free(g->binom1[t]);
            }
        }
    }
    veto_i_free(g->binom);
    veto_i_free(g->binom1);
    veto_i_free(g->lv);
    veto_i_free(g->order);
    veto_i_free(g->first);
    veto_i_free(g->level_of);
    veto_i_free(g->cache);
    memset(g, 0, sizeof *g);
}
