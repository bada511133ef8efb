/*
 * bdd.c: the exact engine for composed rules (and / or / k-of trees of
 * threshold terms over any number of players).
 *
 * The diagram. Players that the rule cannot tell apart (same weight in
 * every term; same belief when beliefs are asked) form a TYPE; a type of m
 * players is one level of a quasi-reduced ordered multi-valued decision
 * diagram whose nodes have m + 1 children: child j is the rest of the rule
 * once exactly j of the type's players vote yes. Quasi-reduced: every edge
 * goes to the next level, so no level is ever skipped and every count below
 * is a plain level-by-level sum; the price is at most two constant nodes
 * per level. The 435 representatives of the US House are one level with
 * 436 children, not 435 levels; a weighted game with 200 distinct weights is
 * an ordinary BDD of 200 levels. Nodes live in per-level arrays with a
 * per-level unique table and one lossy computed table; the manager is a
 * value on the stack of each call (no global state).
 *
 * Variable order: see type_cmp (first appearance in the rule, larger
 * weights first), players the rule never names last. A threshold term is built directly, top-down: a node at level t is
 * an interval of the remaining quota (Behle's interval construction), so no
 * formula is ever expanded. and / or / k-of are a memoised apply; k-of by
 * the counting construction A_j <- A_j or (A_{j-1} and child), O(k * nchild)
 * applies.
 *
 * Counts, all in GMP, with C(m, j) weights on the edges of a type of m:
 *  - winning: down counts D(v) = sum_j C(m,j) D(child_j);
 *  - swings of a player of type t: sum over nodes v of level t of
 *    U(v) * sum_j C(m-1, j) (D(child_{j+1}) - D(child_j)), U the number of
 *    assignments of the levels above leading to v;
 *  - by coalition size (Shapley-Shubik, Deegan-Packel): the same sums on
 *    polynomials in x (x marks a yes vote), each polynomial packed into one
 *    big integer with slots of n + 2 bits (Kronecker substitution: every
 *    coefficient counts distinct coalitions, so is at most 2^n and never
 *    carries into the next slot). The products U(v) * E(v) are then single
 *    GMP multiplications (sub-quadratic) instead of n^2 small ones;
 *  - minimal winning coalitions: in desirability order, S is minimal iff
 *    it wins and loses without one player of its last level, counted in
 *    the same walk as Johnston below (prefix_walk); otherwise Bolus's rule
 *    carried to types: the diagram MIN(f) of the minimal count vectors has
 *    children MIN(f_0), MIN(f_j) and not f_{j-1} (j >= 1) (removing one of
 *    the type's j players must lose, and the rest must be minimal);
 *  - Johnston: when the levels are in desirability order (checked:
 *    always so for a weighted game in our order, and for the EU double
 *    majority) the critical players of S are all its players down to the
 *    last critical level L, and L is found by looking at S - e_L and at
 *    S - e_r, r the next level where S votes yes; so one walk of f, sizes
 *    packed on the levels down to L and plain totals below it, counts
 *    every S once (prefix_walk). Otherwise per type s the diagram
 *    CRIT_s = f and not f(c - e_s) of the count vectors in which the
 *    type's players are critical, the integer-valued diagram (leaves
 *    0..n) of the number of critical players cnt = sum_s c_s CRIT_s, and
 *    for each type t the sum over CRIT_t of C(m-1, c_t-1) * lcm(1..n)/cnt
 *    (johnston_add), which can be much larger than f;
 *  - proper / strong: f and f(complement) (children mirrored) is FALSE /
 *    f or f(complement) is TRUE.
 * Beliefs: the same down / up passes with the binomial probabilities of j
 * yes votes among m, in doubles or in mpq.
 *
 * Cost, N = nodes of the diagram of the rule, n players, T types:
 *   build: O(N_terms * m) per term plus O(|f| * |g| * m) per apply;
 *   winning, swings: O(N * m) big-integer additions;
 *   Shapley-Shubik, Deegan-Packel: O(N * m) shifts/additions of n^2-bit
 *   numbers and N multiplications of them; memory O(N * n^2) bits;
 *   minimal winning, unordered levels: O(|MIN(f)| * m) after building
 *   MIN(f), which can be larger than f;
 *   Johnston and minimal winning, ordered levels: together about one
 *   Shapley-Shubik count (O(N * m) packed operations, N multiplications)
 *   plus O(N * m) plain additions, after the order check (memoised
 *   implications between sub-diagrams of f); Johnston, unordered levels:
 *   T diagrams CRIT_s and O(T * |cnt| * m), cnt the critical-count
 *   diagram.
 * Every table is allocated through veto_i_malloc, checked against the
 * memory budget (VETO_ELIMIT with advice beyond it); veto_i_poll is called
 * every 65,536 new nodes and at every level of every pass.
 */
#include "counts.h"

#include <math.h>
#include <string.h>

#define NIL UINT32_MAX
#define STAGE "bdd"
#define ADVICE (&(const veto_i_advice_t){VETO_HINT_MEMORY, "bdd", "mc"})

enum {
    OP_AND = 1,
    OP_OR,
    OP_ANDNOT,
    OP_PLUS,
    OP_SEL,    /* a (0/1) ? b : 0 */
    OP_MIN,    /* minimal count vectors of a monotone function */
    OP_MIRROR, /* f(m - c): the complement coalition */
    OP_LEQ,    /* a <= b as functions: 0 or 1, no node made */
    OP_CRIT,   /* f(c) and not f(c - e_s): level s is critical */
    OP_SCALE,  /* leaves multiplied by c_s */
    OP_MULC    /* leaves multiplied by a constant */
};

/* One level: the nodes of one type. Node ids are local to a level; 0 and 1
 * are the constant FALSE and TRUE functions at every level, and at the
 * terminal level T an id is the leaf's value (0..n). */
typedef struct lvl {
    size_t m;          /* players of this type */
    size_t arity;      /* m + 1 */
    size_t count;      /* nodes */
    size_t cap;
    uint32_t *kids;    /* [cap * arity] */
    uint32_t *tab;     /* unique table, node + 1, 0 = empty; [tcap] */
    size_t tcap;       /* power of two */
    uint32_t *scratch; /* [arity]: the one active recursion frame per level */
} lvl_t;

typedef struct centry {
    uint32_t op, lev, a, b, r;
} centry_t;

typedef struct mgr {
    size_t n;
    size_t T;          /* levels */
    lvl_t *lv;         /* [T] */
    size_t *order;     /* [n]: players level by level */
    size_t *first;     /* [T + 1]: level t is order[first[t] .. first[t+1]) */
    size_t *level_of;  /* [n] */
    mpz_t **binom;     /* [T][m + 1]: C(m, j) */
    mpz_t **binom1;    /* [T][m]: C(m - 1, j) */
    centry_t *cache;
    size_t ccap;       /* power of two */
    uint64_t bytes;    /* planned bytes, checked against the budget */
    uint64_t made;     /* nodes made, for polling and cache growth */
    const veto_i_ctx_t *ctx;
    veto_error_t *err;
    veto_status rc;
} mgr_t;

/* ---- manager ------------------------------------------------------------ */

static uint32_t fail(mgr_t *g, veto_status rc)
{
    if (g->rc == VETO_OK) {
        g->rc = rc;
        if (rc == VETO_ENOMEM) {
            veto_i_errorf(g->err, VETO_ENOMEM, "out of memory in the %s",
                          "decision diagram");
        }
    }
    return NIL;
}

/* Plan `more` bytes; false (g->rc set, err filled) beyond the budget. */
static bool reserve(mgr_t *g, uint64_t more)
{
    uint64_t total = veto_i_sat_add(g->bytes, more);
    veto_status rc = veto_i_budget_check(g->ctx, total, "the decision diagram",
                                         ADVICE, g->err);
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

static inline uint32_t kid(const mgr_t *g, size_t t, uint32_t v, size_t j)
{
    return g->lv[t].kids[(size_t)v * g->lv[t].arity + j];
}

static bool tab_grow(mgr_t *g, lvl_t *L)
{
    size_t ncap = L->tcap * 2;
    if (!reserve(g, (uint64_t)L->tcap * sizeof(uint32_t))) {
        return false;
    }
    uint32_t *tab = veto_i_calloc(ncap, sizeof *tab);
    if (tab == NULL) {
        fail(g, VETO_ENOMEM);
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

static bool cache_grow(mgr_t *g)
{
    size_t ncap = g->ccap * 2;
    if (!reserve(g, (uint64_t)g->ccap * sizeof(centry_t))) {
        return false;
    }
    centry_t *c = veto_i_calloc(ncap, sizeof *c);
    if (c == NULL) {
        fail(g, VETO_ENOMEM);
        return false;
    }
    /* A lossy cache: dropping the old entries only costs recomputation. */
    veto_i_free(g->cache);
    g->cache = c;
    g->ccap = ncap;
    return true;
}

/* The node of level t with these children, made if new. NIL on error. */
static uint32_t mk(mgr_t *g, size_t t, const uint32_t *kids)
{
    lvl_t *L = &g->lv[t];
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
    if (L->count >= (size_t)NIL - 2) {
        veto_i_errorf(g->err, VETO_ELIMIT,
                      "the decision diagram has too many nodes at one level");
        veto_i_error_hint_code(g->err, VETO_HINT_OTHER_METHOD, "bdd", "mc",
                               NULL);
        return fail(g, VETO_ELIMIT);
    }
    if (L->count == L->cap) {
        size_t ncap = L->cap * 2;
        if (!reserve(g, veto_i_sat_mul((uint64_t)L->cap * a,
                                       sizeof(uint32_t)))) {
            return NIL;
        }
        uint32_t *k = veto_i_reallocarray(L->kids, ncap * a, sizeof *k);
        if (k == NULL) {
            return fail(g, VETO_ENOMEM);
        }
        L->kids = k;
        L->cap = ncap;
    }
    uint32_t id = (uint32_t)L->count++;
    memcpy(L->kids + (size_t)id * a, kids, a * sizeof *kids);
    if (L->count * 2 > L->tcap) {
        if (!tab_grow(g, L)) {
            return NIL;
        }
    } else {
        L->tab[h] = id + 1;
    }
    g->made++;
    if ((g->made & 0xffff) == 0) {
        veto_status rc = veto_i_poll(g->ctx, 0.0, STAGE, g->err);
        if (rc != VETO_OK) {
            return fail(g, rc);
        }
    }
    /* Keep the computed table at least twice the nodes made: a lossy table
     * much smaller than the diagram makes apply recompute shared
     * subproblems, exponentially in the worst case. */
    if (g->made * 2 > g->ccap && !cache_grow(g)) {
        return NIL;
    }
    return id;
}

static size_t cslot(const mgr_t *g, unsigned op, size_t t, uint32_t a,
                    uint32_t b)
{
    uint64_t h = mix(((uint64_t)op << 56) ^ ((uint64_t)t << 32) ^ a ^
                     ((uint64_t)b * 0x9e3779b97f4a7c15ull));
    return (size_t)(h & (g->ccap - 1));
}

static bool cache_get(const mgr_t *g, unsigned op, size_t t, uint32_t a,
                      uint32_t b, uint32_t *r)
{
    const centry_t *e = &g->cache[cslot(g, op, t, a, b)];
    if (e->op == op && e->lev == t && e->a == a && e->b == b) {
        *r = e->r;
        return true;
    }
    return false;
}

static void cache_put(mgr_t *g, unsigned op, size_t t, uint32_t a, uint32_t b,
                      uint32_t r)
{
    centry_t *e = &g->cache[cslot(g, op, t, a, b)];
    e->op = op;
    e->lev = (uint32_t)t;
    e->a = a;
    e->b = b;
    e->r = r;
}

static void mgr_free(mgr_t *g)
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

/* ---- types and order ---------------------------------------------------- */

typedef struct sig {
    const size_t *off;     /* [n + 1] occurrences of player i: off[i].. */
    const size_t *occ_t;   /* term index */
    mpz_srcptr *occ_w;     /* weight there */
    const mpq_t *belief;   /* NULL or [n] */
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
static veto_status make_levels(mgr_t *g, const veto_i_rule_t *const *terms,
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
    if (!reserve(g, veto_i_sat_add(plan, (uint64_t)(1u << 14) *
                                             sizeof(centry_t)))) {
        rc = g->rc;
        goto cleanup;
    }
    g->ccap = 1u << 14;
    VETO_ALLOC(g->cache, veto_i_calloc(g->ccap, sizeof *g->cache));
    for (t = 0; t < T; t++) {
        lvl_t *L = &g->lv[t];
        L->m = keys[t].m;
        L->arity = L->m + 1;
        L->cap = 8;
        L->tcap = 16;
        VETO_ALLOC(L->kids, veto_i_mallocarray(L->cap * L->arity,
                                               sizeof(uint32_t)));
        VETO_ALLOC(L->tab, veto_i_calloc(L->tcap, sizeof(uint32_t)));
        VETO_ALLOC(L->scratch, veto_i_mallocarray(L->arity, sizeof(uint32_t)));
        VETO_ALLOC(g->binom[t],
                   veto_i_mallocarray(L->arity, sizeof(mpz_t)));
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
            lvl_t *L = &g->lv[tt];
            for (size_t j = 0; j < L->arity; j++) {
                L->scratch[j] = (uint32_t)c;
            }
            if (mk(g, tt, L->scratch) != c) {
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

/* ---- operations ---------------------------------------------------------- */

static uint32_t leaf_op(unsigned op, uint32_t a, uint32_t b)
{
    switch (op) {
    case OP_AND:
        return a && b;
    case OP_OR:
        return a || b;
    case OP_ANDNOT:
        return a && !b;
    case OP_PLUS:
        return a + b; /* leaves count players: at most n < 2^31 */
    default:          /* OP_SEL */
        return a ? b : 0;
    }
}

/* Binary apply at level t on nodes a, b of level t. NIL on error. */
static uint32_t apply(mgr_t *g, unsigned op, size_t t, uint32_t a, uint32_t b)
{
    if (t == g->T) {
        return leaf_op(op, a, b);
    }
    switch (op) {
    case OP_AND:
        if (a == 0 || b == 0) {
            return 0;
        }
        if (a == 1 || a == b) {
            return b;
        }
        if (b == 1) {
            return a;
        }
        break;
    case OP_OR:
        if (a == 1 || b == 1) {
            return 1;
        }
        if (a == 0 || a == b) {
            return b;
        }
        if (b == 0) {
            return a;
        }
        break;
    case OP_ANDNOT:
        if (a == 0 || b == 1 || a == b) {
            return 0;
        }
        if (b == 0) {
            return a;
        }
        break;
    case OP_PLUS:
        if (a == 0) {
            return b;
        }
        if (b == 0) {
            return a;
        }
        break;
    default: /* OP_SEL */
        if (a == 0 || b == 0) {
            return 0;
        }
        if (a == 1) {
            return b;
        }
        break;
    }
    if ((op == OP_AND || op == OP_OR || op == OP_PLUS) && a > b) {
        uint32_t x = a;
        a = b;
        b = x;
    }
    uint32_t r;
    if (cache_get(g, op, t, a, b, &r)) {
        return r;
    }
    lvl_t *L = &g->lv[t];
    for (size_t j = 0; j < L->arity; j++) {
        uint32_t x = apply(g, op, t + 1, kid(g, t, a, j), kid(g, t, b, j));
        if (x == NIL) {
            return NIL;
        }
        L->scratch[j] = x;
    }
    r = mk(g, t, L->scratch);
    if (r != NIL) {
        cache_put(g, op, t, a, b, r);
    }
    return r;
}

/* Unary operations with a parameter p (a level for SHIFT and SCALE, a
 * constant for MULC). NIL on error. */
static uint32_t unary(mgr_t *g, unsigned op, size_t t, uint32_t v, uint32_t p)
{
    if (t == g->T) {
        /* MULC: leaf values stay <= n (a count of players times 0/1). */
        return op == OP_MULC ? v * p : v;
    }
    switch (op) {
    case OP_MIN:
    case OP_SCALE:
    case OP_CRIT:
        if (v == 0) {
            return 0;
        }
        break;
    case OP_MIRROR:
        if (v <= 1) {
            return v;
        }
        break;
    case OP_MULC:
        if (v == 0 || p == 0) {
            return 0;
        }
        if (p == 1) {
            return v;
        }
        break;
    default:
        break;
    }
    uint32_t r;
    if (cache_get(g, op, t, v, p, &r)) {
        return r;
    }
    lvl_t *L = &g->lv[t];
    size_t a = L->arity;
    for (size_t j = 0; j < a; j++) {
        uint32_t x;
        switch (op) {
        case OP_MIN:
            x = unary(g, OP_MIN, t + 1, kid(g, t, v, j), 0);
            if (x != NIL && j > 0) {
                x = apply(g, OP_ANDNOT, t + 1, x, kid(g, t, v, j - 1));
            }
            break;
        case OP_MIRROR:
            x = unary(g, OP_MIRROR, t + 1, kid(g, t, v, a - 1 - j), 0);
            break;
        case OP_CRIT:
            if (t == p) {
                x = j == 0 ? 0
                    : apply(g, OP_ANDNOT, t + 1, kid(g, t, v, j),
                            kid(g, t, v, j - 1));
            } else {
                x = unary(g, op, t + 1, kid(g, t, v, j), p);
            }
            break;
        case OP_SCALE:
            if (t == p) {
                x = unary(g, OP_MULC, t + 1, kid(g, t, v, j), (uint32_t)j);
            } else {
                x = unary(g, OP_SCALE, t + 1, kid(g, t, v, j), p);
            }
            break;
        default: /* OP_MULC */
            x = unary(g, OP_MULC, t + 1, kid(g, t, v, j), p);
            break;
        }
        if (x == NIL) {
            return NIL;
        }
        L->scratch[j] = x;
    }
    r = mk(g, t, L->scratch);
    if (r != NIL) {
        cache_put(g, op, t, v, p, r);
    }
    return r;
}

/* ---- threshold terms ----------------------------------------------------- */

typedef struct ival {
    mpz_t lo, hi;
    uint32_t node;
} ival_t;

/* Term builder: per level the weight of the level's type in the term, the
 * most the levels from here down can still add, and the quota intervals
 * already built (sorted, disjoint). */
typedef struct tb {
    mgr_t *g;
    mpz_t *w;        /* [T] */
    mpz_t *maxrest;  /* [T + 1] */
    mpz_t big;       /* beyond any remaining quota */
    ival_t **iv;     /* [T] */
    size_t *niv, *civ;
    mpz_t *s_rr, *s_lo, *s_hi, *s_L, *s_H; /* [T + 1] per-level scratch */
} tb_t;

static void tb_free(tb_t *b, size_t T)
{
    mpz_t **arrs[] = {&b->w, &b->maxrest, &b->s_rr, &b->s_lo,
                      &b->s_hi, &b->s_L, &b->s_H};
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

static bool tb_init(tb_t *b, mgr_t *g)
{
    size_t T = g->T;
    memset(b, 0, sizeof *b);
    b->g = g;
    mpz_init(b->big);
    mpz_t **arrs[] = {&b->w, &b->maxrest, &b->s_rr, &b->s_lo,
                      &b->s_hi, &b->s_L, &b->s_H};
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
 * [lo, hi], the interval of r giving the same node. NIL on error. */
static uint32_t term_get(tb_t *b, size_t t, const mpz_t r, mpz_t lo, mpz_t hi)
{
    mgr_t *g = b->g;
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
    lvl_t *L = &g->lv[t];
    mpz_ptr rr = b->s_rr[t], clo = b->s_lo[t], chi = b->s_hi[t];
    mpz_ptr Lo = b->s_L[t], Hi = b->s_H[t];
    mpz_srcptr w = b->w[t];
    mpz_set_ui(Lo, 1);
    mpz_set(Hi, b->maxrest[t]);
    if (mpz_sgn(w) == 0) {
        uint32_t c = term_get(b, t + 1, r, clo, chi);
        if (c == NIL) {
            return NIL;
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
            if (c == NIL) {
                return NIL;
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
    uint32_t node = mk(g, t, L->scratch);
    if (node == NIL) {
        return NIL;
    }
    /* insert [Lo, Hi] at position `left` */
    if (b->niv[t] == b->civ[t]) {
        size_t ncap = b->civ[t] == 0 ? 8 : 2 * b->civ[t];
        if (!reserve(g, veto_i_sat_mul(ncap - b->civ[t], sizeof(ival_t) + 32))) {
            return NIL;
        }
        ival_t *niv = veto_i_reallocarray(b->iv[t], ncap, sizeof *niv);
        if (niv == NULL) {
            return fail(g, VETO_ENOMEM);
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
    mgr_t *g = b->g;
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

static uint32_t build(mgr_t *g, tb_t *b, const veto_i_rule_t *r)
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
    uint32_t res = NIL;
    if (sub == NULL || A == NULL) {
        fail(g, VETO_ENOMEM);
        goto done;
    }
    for (size_t i = 0; i < nc; i++) {
        sub[i] = build(g, b, r->child[i]);
        if (sub[i] == NIL) {
            goto done;
        }
    }
    if (k == 0) {
        res = 1;
    } else if (k > nc) {
        res = 0;
    } else if (k == nc || k == 1) {
        unsigned op = k == 1 ? OP_OR : OP_AND;
        res = sub[0];
        for (size_t i = 1; i < nc && res != NIL; i++) {
            res = apply(g, op, 0, res, sub[i]);
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
                uint32_t x = apply(g, OP_AND, 0, A[j - 1], sub[i]);
                if (x == NIL) {
                    goto done;
                }
                A[j] = apply(g, OP_OR, 0, A[j], x);
                if (A[j] == NIL) {
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
static veto_status mgr_build(mgr_t *g, uint32_t *root, const veto_i_rule_t *r,
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
    VETO_TRY(make_levels(g, terms, nt, belief));
    if (!tb_init(&b, g)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    have_tb = true;
    *root = build(g, &b, r);
    if (*root == NIL) {
        rc = g->rc != VETO_OK ? g->rc : VETO_ENOMEM;
    }
cleanup:
    if (have_tb) {
        tb_free(&b, g->T);
    }
    veto_i_free(terms);
    return rc;
}

/* ---- counting passes ----------------------------------------------------- */

/* The nodes reachable from a root, level by level, with down and up values
 * (big integers, packed polynomials when slot > 0). */
typedef struct pass {
    size_t T;
    size_t *cnt;      /* [T + 1] */
    uint32_t **list;  /* [T + 1][cnt] */
    uint32_t **pos;   /* [T + 1][level's node count]: index in list or NIL */
    mpz_t **D, **U;   /* [T + 1][cnt] when allocated */
} pass_t;

enum { LEAF_VALUE, LEAF_INV };
enum { E_SWING, E_MEMBER };

static void pass_free(pass_t *p)
{
    for (size_t t = 0; p->cnt != NULL && t <= p->T; t++) {
        if (p->D != NULL && p->D[t] != NULL) {
            for (size_t i = 0; i < p->cnt[t]; i++) {
                mpz_clear(p->D[t][i]);
            }
            veto_i_free(p->D[t]);
        }
        if (p->U != NULL && p->U[t] != NULL) {
            for (size_t i = 0; i < p->cnt[t]; i++) {
                mpz_clear(p->U[t][i]);
            }
            veto_i_free(p->U[t]);
        }
        if (p->list != NULL) {
            veto_i_free(p->list[t]);
        }
        if (p->pos != NULL) {
            veto_i_free(p->pos[t]);
        }
    }
    veto_i_free(p->cnt);
    veto_i_free(p->list);
    veto_i_free(p->pos);
    veto_i_free(p->D);
    veto_i_free(p->U);
    memset(p, 0, sizeof *p);
}

static veto_status pass_reach(pass_t *p, mgr_t *g, uint32_t root,
                              uint64_t *nodes)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t T = g->T;
    memset(p, 0, sizeof *p);
    p->T = T;
    VETO_ALLOC(p->cnt, veto_i_calloc(T + 1, sizeof *p->cnt));
    VETO_ALLOC(p->list, veto_i_calloc(T + 1, sizeof *p->list));
    VETO_ALLOC(p->pos, veto_i_calloc(T + 1, sizeof *p->pos));
    VETO_ALLOC(p->D, veto_i_calloc(T + 1, sizeof *p->D));
    VETO_ALLOC(p->U, veto_i_calloc(T + 1, sizeof *p->U));
    for (size_t t = 0; t <= T; t++) {
        /* leaves are values 0..n */
        size_t size = t < T ? g->lv[t].count : g->n + 2;
        VETO_ALLOC(p->pos[t], veto_i_mallocarray(size, sizeof(uint32_t)));
        memset(p->pos[t], 0xff, size * sizeof(uint32_t));
        VETO_ALLOC(p->list[t], veto_i_mallocarray(size, sizeof(uint32_t)));
    }
    p->pos[0][root] = 0;
    p->list[0][0] = root;
    p->cnt[0] = 1;
    uint64_t total = 1;
    for (size_t t = 0; t < T; t++) {
        for (size_t i = 0; i < p->cnt[t]; i++) {
            uint32_t v = p->list[t][i];
            for (size_t j = 0; j < g->lv[t].arity; j++) {
                uint32_t c = kid(g, t, v, j);
                if (p->pos[t + 1][c] == NIL) {
                    p->pos[t + 1][c] = (uint32_t)p->cnt[t + 1];
                    p->list[t + 1][p->cnt[t + 1]++] = c;
                }
            }
        }
        total += p->cnt[t + 1];
    }
    if (nodes != NULL) {
        *nodes = total;
    }
cleanup:
    return rc;
}

/* Bytes for the down and up values of a pass: each value of level t is at
 * most (players + 1) slots of `slot` bits (or n + 1 bits unpacked, times
 * the leaf scale). */
static uint64_t pass_bytes(const pass_t *p, const mgr_t *g, size_t slot,
                           size_t extra_bits)
{
    uint64_t nodes = 0;
    for (size_t t = 0; t <= p->T; t++) {
        nodes += p->cnt[t];
    }
    uint64_t bits = slot > 0 ? veto_i_sat_mul(g->n + 1, slot)
                             : (uint64_t)g->n + 2 + extra_bits;
    uint64_t per = veto_i_sat_add(sizeof(mpz_t) + 16, bits / 8 + 8);
    return veto_i_sat_mul(veto_i_sat_mul(nodes, per), 2);
}

static bool alloc_vals(pass_t *p, mpz_t ***which)
{
    mpz_t **v = *which;
    for (size_t t = 0; t <= p->T; t++) {
        v[t] = veto_i_mallocarray(p->cnt[t] + 1, sizeof(mpz_t));
        if (v[t] == NULL) {
            return false;
        }
        for (size_t i = 0; i < p->cnt[t]; i++) {
            mpz_init(v[t][i]);
        }
    }
    return true;
}

/* Down values: D(leaf k) = k (LEAF_VALUE) or L / k, 0 for k = 0
 * (LEAF_INV); D(v) = sum_j C(m, j) x^j D(child_j), x = 2^slot on the
 * levels above `upto` and x = 1 below (yes votes there are not counted).
 * O(nodes * m) big-integer operations. */
static veto_status pass_down(pass_t *p, mgr_t *g, size_t slot, size_t upto,
                             int leaf, const mpz_t L)
{
    size_t T = p->T;
    if (!alloc_vals(p, &p->D)) {
        return veto_i_errorf(g->err, VETO_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < p->cnt[T]; i++) {
        uint32_t k = p->list[T][i];
        if (leaf == LEAF_VALUE) {
            mpz_set_ui(p->D[T][i], k);
        } else if (k > 0) {
            mpz_divexact_ui(p->D[T][i], L, k);
        }
    }
    for (size_t t = T; t-- > 0;) {
        veto_status rc = veto_i_poll(g->ctx, 0.5 * (double)(T - t) / (double)T,
                                     STAGE, g->err);
        if (rc != VETO_OK) {
            return rc;
        }
        lvl_t *Lv = &g->lv[t];
        size_t sl = t < upto ? slot : 0;
        for (size_t i = 0; i < p->cnt[t]; i++) {
            uint32_t v = p->list[t][i];
            mpz_ptr acc = p->D[t][i];
            mpz_set_ui(acc, 0);
            for (size_t j = Lv->arity; j-- > 0;) {
                mpz_mul_2exp(acc, acc, sl);
                uint32_t c = p->pos[t + 1][kid(g, t, v, j)];
                mpz_addmul(acc, g->binom[t][j], p->D[t + 1][c]);
            }
        }
    }
    return VETO_OK;
}

/* Up values: U(root) = 1, U(child_j) += C(m, j) x^j U(v), through the
 * levels above `upto` only. */
static veto_status pass_up(pass_t *p, mgr_t *g, size_t slot, size_t upto)
{
    size_t T = p->T < upto ? p->T : upto;
    if (!alloc_vals(p, &p->U)) {
        return veto_i_errorf(g->err, VETO_ENOMEM, "out of memory");
    }
    mpz_t tmp;
    mpz_init(tmp);
    mpz_set_ui(p->U[0][0], 1);
    for (size_t t = 0; t < T; t++) {
        veto_status rc = veto_i_poll(g->ctx, 0.5 + 0.5 * (double)t / (double)T,
                                     STAGE, g->err);
        if (rc != VETO_OK) {
            mpz_clear(tmp);
            return rc;
        }
        lvl_t *Lv = &g->lv[t];
        for (size_t i = 0; i < p->cnt[t]; i++) {
            uint32_t v = p->list[t][i];
            for (size_t j = 0; j < Lv->arity; j++) {
                uint32_t c = p->pos[t + 1][kid(g, t, v, j)];
                mpz_mul(tmp, p->U[t][i], g->binom[t][j]);
                mpz_mul_2exp(tmp, tmp, j * slot);
                mpz_add(p->U[t + 1][c], p->U[t + 1][c], tmp);
            }
        }
    }
    mpz_clear(tmp);
    return VETO_OK;
}

/* Q = sum over nodes v of level t of U(v) * E(v), for one player of the
 * level's type:
 *   E_SWING:  E(v) = sum_{j<m} C(m-1, j) x^j (D(child_{j+1}) - D(child_j)),
 *             the other players of the type casting j yes votes while the
 *             one player turns the outcome (the difference is >= 0
 *             coefficient by coefficient because the rule is monotone);
 *   E_MEMBER: E(v) = sum_{j>=1} C(m-1, j-1) x^j D(child_j), the player
 *             among the j yes votes. */
static void pass_level(const pass_t *p, const mgr_t *g, size_t t, size_t slot,
                       int kind, mpz_t Q)
{
    const lvl_t *Lv = &g->lv[t];
    size_t m = Lv->m;
    mpz_t E, d;
    mpz_init(E);
    mpz_init(d);
    mpz_set_ui(Q, 0);
    for (size_t i = 0; i < p->cnt[t]; i++) {
        uint32_t v = p->list[t][i];
        mpz_set_ui(E, 0);
        if (kind == E_SWING) {
            for (size_t j = m; j-- > 0;) {
                mpz_mul_2exp(E, E, slot);
                mpz_srcptr hi = p->D[t + 1][p->pos[t + 1][kid(g, t, v, j + 1)]];
                mpz_srcptr lo = p->D[t + 1][p->pos[t + 1][kid(g, t, v, j)]];
                mpz_sub(d, hi, lo);
                mpz_addmul(E, g->binom1[t][j], d);
            }
        } else {
            for (size_t j = m; j >= 1; j--) {
                mpz_mul_2exp(E, E, slot);
                mpz_srcptr dj = p->D[t + 1][p->pos[t + 1][kid(g, t, v, j)]];
                mpz_addmul(E, g->binom1[t][j - 1], dj);
            }
            mpz_mul_2exp(E, E, slot);
        }
        mpz_addmul(Q, p->U[t][i], E);
    }
    mpz_clear(E);
    mpz_clear(d);
}

/* Coefficient k of a packed polynomial. */
static void unpack(mpz_t out, const mpz_t packed, size_t k, size_t slot)
{
    mpz_fdiv_q_2exp(out, packed, k * slot);
    mpz_fdiv_r_2exp(out, out, slot);
}

/* ---- counts -------------------------------------------------------------- */

/* Winning, swings and (packed) Shapley-Shubik numerators of the diagram f. */
static veto_status count_swings(veto_i_counts_t *out, mgr_t *g, uint32_t f,
                                unsigned need)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t n = g->n;
    pass_t p = {0};
    mpz_t Q, L;
    mpz_t *byk = NULL;
    mpz_init(Q);
    mpz_init(L);
    VETO_TRY(pass_reach(&p, g, f, NULL));
    VETO_TRY(veto_i_budget_check(g->ctx, veto_i_sat_add(g->bytes,
                                                        pass_bytes(&p, g, 0, 0)),
                                 "counting coalitions", ADVICE, err));
    VETO_TRY(pass_down(&p, g, 0, 0, LEAF_VALUE, L));
    mpz_set(out->winning, p.D[0][0]);
    if (need & VETO_I_NEED_SWINGS) {
        VETO_TRY(pass_up(&p, g, 0, SIZE_MAX));
        for (size_t t = 0; t < g->T; t++) {
            pass_level(&p, g, t, 0, E_SWING, Q);
            for (size_t k = g->first[t]; k < g->first[t + 1]; k++) {
                mpz_set(out->swings[g->order[k]], Q);
            }
        }
    }
    pass_free(&p);
    if (need & VETO_I_NEED_SSI) {
        size_t slot = n + 2;
        VETO_TRY(pass_reach(&p, g, f, NULL));
        VETO_TRY(veto_i_budget_check(
            g->ctx, veto_i_sat_add(g->bytes, pass_bytes(&p, g, slot, 0)),
            "Shapley-Shubik counts by coalition size", ADVICE, err));
        VETO_TRY(pass_down(&p, g, slot, SIZE_MAX, LEAF_VALUE, L));
        VETO_TRY(pass_up(&p, g, slot, SIZE_MAX));
        VETO_ALLOC(byk, veto_i_mallocarray(n + 1, sizeof *byk));
        for (size_t k = 0; k <= n; k++) {
            mpz_init(byk[k]);
        }
        for (size_t t = 0; t < g->T; t++) {
            pass_level(&p, g, t, slot, E_SWING, Q);
            for (size_t k = 0; k < n; k++) {
                unpack(byk[k], Q, k, slot);
            }
            size_t rep = g->order[g->first[t]];
            mpz_set_ui(out->ssi_num[rep], 0);
            veto_i_counts_add_ssi(out, rep, (const mpz_t *)byk);
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
    pass_free(&p);
    mpz_clear(Q);
    mpz_clear(L);
    return rc;
}

/* Minimal winning coalitions: total, per player, and Deegan-Packel sums. */
static veto_status count_minimal(veto_i_counts_t *out, mgr_t *g, uint32_t f,
                                 unsigned need)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t n = g->n;
    pass_t p = {0};
    mpz_t Q, L, c;
    mpq_t q;
    mpz_init(Q);
    mpz_init(L);
    mpz_init(c);
    mpq_init(q);
    uint32_t mf = unary(g, OP_MIN, 0, f, 0);
    if (mf == NIL) {
        rc = g->rc;
        goto cleanup;
    }
    VETO_TRY(pass_reach(&p, g, mf, NULL));
    VETO_TRY(veto_i_budget_check(g->ctx, veto_i_sat_add(g->bytes,
                                                        pass_bytes(&p, g, 0, 0)),
                                 "counting minimal coalitions", ADVICE, err));
    VETO_TRY(pass_down(&p, g, 0, 0, LEAF_VALUE, L));
    VETO_TRY(pass_up(&p, g, 0, SIZE_MAX));
    mpz_set(out->mwc_total, p.D[0][0]);
    for (size_t t = 0; t < g->T; t++) {
        pass_level(&p, g, t, 0, E_MEMBER, Q);
        for (size_t k = g->first[t]; k < g->first[t + 1]; k++) {
            mpz_set(out->mwc[g->order[k]], Q);
        }
    }
    pass_free(&p);
    if (need & VETO_I_NEED_DPI) {
        size_t slot = n + 2;
        VETO_TRY(pass_reach(&p, g, mf, NULL));
        VETO_TRY(veto_i_budget_check(
            g->ctx, veto_i_sat_add(g->bytes, pass_bytes(&p, g, slot, 0)),
            "Deegan-Packel counts by coalition size", ADVICE, err));
        VETO_TRY(pass_down(&p, g, slot, SIZE_MAX, LEAF_VALUE, L));
        VETO_TRY(pass_up(&p, g, slot, SIZE_MAX));
        for (size_t t = 0; t < g->T; t++) {
            pass_level(&p, g, t, slot, E_MEMBER, Q);
            size_t rep = g->order[g->first[t]];
            mpq_set_ui(out->dpi_sum[rep], 0, 1);
            for (size_t k = 1; k <= n; k++) {
                unpack(c, Q, k, slot);
                if (mpz_sgn(c) != 0) {
                    mpq_set_z(q, c);
                    mpz_mul_ui(mpq_denref(q), mpq_denref(q), k);
                    mpq_canonicalize(q);
                    mpq_add(out->dpi_sum[rep], out->dpi_sum[rep], q);
                }
            }
            for (size_t k = g->first[t] + 1; k < g->first[t + 1]; k++) {
                mpq_set(out->dpi_sum[g->order[k]], out->dpi_sum[rep]);
            }
        }
    }
cleanup:
    pass_free(&p);
    mpz_clear(Q);
    mpz_clear(L);
    mpz_clear(c);
    mpq_clear(q);
    return rc;
}

/* Is a <= b (a implies b) for nodes of level t? Memoised, makes no node.
 * O(|a| * |b| * m) at worst. */
static bool leq(mgr_t *g, size_t t, uint32_t a, uint32_t b)
{
    if (t == g->T) {
        return a <= b;
    }
    if (a == b || a == 0 || b == 1) {
        return true;
    }
    if (a == 1 || b == 0) {
        return false;
    }
    uint32_t r;
    if (cache_get(g, OP_LEQ, t, a, b, &r)) {
        return r != 0;
    }
    bool res = true;
    for (size_t j = 0; j < g->lv[t].arity && res; j++) {
        res = leq(g, t + 1, kid(g, t, a, j), kid(g, t, b, j));
    }
    cache_put(g, OP_LEQ, t, a, b, res ? 1 : 0);
    return res;
}

/* Are the levels of f in desirability order: removing a player of level s
 * never hurts less than removing one of level s + 1, that is
 * f(c - e_s) <= f(c - e_{s+1}) whenever both are present? Checked on the
 * two levels' sub-diagrams below every node of level s (desirability is
 * transitive, so adjacent levels suffice). */
static bool ordered_levels(mgr_t *g, const pass_t *p)
{
    for (size_t s = 0; s + 1 < g->T; s++) {
        size_t m0 = g->lv[s].m, m1 = g->lv[s + 1].m;
        for (size_t i = 0; i < p->cnt[s]; i++) {
            uint32_t v = p->list[s][i];
            for (size_t j = 1; j <= m0; j++) {
                uint32_t lo = kid(g, s, v, j - 1), hi = kid(g, s, v, j);
                for (size_t k = 1; k <= m1; k++) {
                    if (!leq(g, s + 2, kid(g, s + 1, lo, k),
                             kid(g, s + 1, hi, k - 1))) {
                        return false;
                    }
                }
            }
        }
    }
    return true;
}

/* Free value arrays [T + 1][cnt] made by alloc_vals outside a pass_t. */
static void vals_free(const pass_t *p, mpz_t **v)
{
    for (size_t t = 0; v != NULL && t <= p->T; t++) {
        if (v[t] != NULL) {
            for (size_t i = 0; i < p->cnt[t]; i++) {
                mpz_clear(v[t][i]);
            }
            veto_i_free(v[t]);
        }
    }
    veto_i_free(v);
}

/* Johnston when the levels are in desirability order (checked by the
 * caller: removing a player of level t never hurts less than removing one
 * of level t + 1). Then the players of one level of a winning S are all
 * critical or none (they are interchangeable), and the critical players of
 * S are exactly its players on the levels down to the last critical one,
 * L, so c(S) is the number of yes votes on levels 0..L. Let r be the first
 * level after L where S has a yes vote. L is the last critical level iff
 * f(S - e_L) = 0 and (no such r: f(S) = 1; else f(S - e_r) = 1): removing
 * a player of r does not hurt, hence (order) neither does removing a
 * player of any later level.
 *
 * One walk of f counts every S once, at its L. Below L only totals matter,
 * and by the order f(S - e_L) <= f(S - e_r) <= f(S) pointwise, so the
 * completions of a pair (a = S so far, b = S - e_L so far) number
 * X(a) - Y(b) with the scalars
 *   X(v) = X(child_0) + sum_{j>=1} C(m, j) D(child_{j-1})   (S - e_r wins),
 *   Y(v) = Y(child_0) + sum_{j>=1} C(m, j) D(child_j)       (S - e_L wins),
 * X = Y = the leaf value at the bottom (no r), D the winning counts. On the
 * levels down to L sizes are packed, x marking a yes vote:
 *   Z(v) = sum_j C(m, j) x^j W_j(v),
 *   W_j(v) = Z(child_j) + [j >= 1] (X(child_j) - Y(child_{j-1})),
 * Z = 0 at the leaves (L must exist): W_j(v) counts the completions of the
 * levels below v with L at or below v's level. A player of level t is then
 * critical, in S of c(S) = k, sum_v U(v) sum_{j>=1} C(m-1, j-1) x^j W_j(v)
 * times at coefficient k, U the packed up values; weighted by lcm / k.
 *
 * Minimal winning coalitions are the same walk with L the last level where
 * S votes yes: S is minimal iff f(S) = 1 and f(S - e_L) = 0 (a player of
 * an earlier level is at least as desirable), so X = Y = M, the leaf at
 * the end of the all-no path (Zm from M as Z from X, Y). Fills what `need`
 * asks of jo_sum[] (NEED_JOHNSTON), mwc_total and mwc[] (NEED_MWC) and
 * dpi_sum[] (NEED_DPI, coefficient k weighted by 1/k), sharing the up
 * pass, without the diagrams CRIT_s or of the minimal count vectors.
 * Cost: the scalar passes O(N * m) additions of n-bit numbers, the packed
 * ones O(N * m) shifts and additions of n^2-bit numbers and N
 * multiplications, N the nodes of f: about one Shapley-Shubik count. */
static veto_status prefix_walk(veto_i_counts_t *out, mgr_t *g, uint32_t f,
                               unsigned need)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t T = g->T, n = g->n;
    bool jo = (need & VETO_I_NEED_JOHNSTON) != 0;
    bool mw = (need & (VETO_I_NEED_MWC | VETO_I_NEED_DPI)) != 0;
    bool dpi = (need & VETO_I_NEED_DPI) != 0;
    /* plain totals (slot 0) when no count by size is asked */
    size_t slot = jo || dpi ? n + 2 : 0;
    pass_t p = {0};
    /* X, Y, Z: Johnston; M (the all-no leaf), Zm: minimal coalitions */
    mpz_t **X = NULL, **Y = NULL, **Z = NULL, **M = NULL, **Zm = NULL;
    mpz_t Q, Qm, E, Em, w, c, d, L;
    mpq_t q;
    mpq_init(q);
    mpz_init(L);
    mpz_init(Q);
    mpz_init(Qm);
    mpz_init(E);
    mpz_init(Em);
    mpz_init(w);
    mpz_init(c);
    mpz_init(d);
    VETO_TRY(pass_reach(&p, g, f, NULL));
    VETO_TRY(veto_i_budget_check(
        g->ctx,
        veto_i_sat_add(g->bytes,
                       veto_i_sat_add(veto_i_sat_mul(pass_bytes(&p, g, slot, 0),
                                                     (jo && mw) ? 3 : 2),
                                      veto_i_sat_mul(pass_bytes(&p, g, 0, 0),
                                                     2))),
        "Johnston and minimal coalition counts by size", ADVICE, err));
    VETO_ALLOC(X, veto_i_calloc(T + 1, sizeof *X));
    VETO_ALLOC(Y, veto_i_calloc(T + 1, sizeof *Y));
    VETO_ALLOC(Z, veto_i_calloc(T + 1, sizeof *Z));
    VETO_ALLOC(M, veto_i_calloc(T + 1, sizeof *M));
    VETO_ALLOC(Zm, veto_i_calloc(T + 1, sizeof *Zm));
    if (jo) {
        /* Every 1/c with c <= n becomes an integer L/c. */
        mpz_set_ui(L, 1);
        for (unsigned long k = 2; k <= n; k++) {
            mpz_lcm_ui(L, L, k);
        }
        VETO_TRY(pass_down(&p, g, 0, 0, LEAF_VALUE, L));
        if (!alloc_vals(&p, &X) || !alloc_vals(&p, &Y) ||
            !alloc_vals(&p, &Z)) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
    if (mw && (!alloc_vals(&p, &M) || !alloc_vals(&p, &Zm))) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < p.cnt[T]; i++) {
        if (jo) {
            mpz_set_ui(X[T][i], p.list[T][i]);
            mpz_set_ui(Y[T][i], p.list[T][i]);
        }
        if (mw) {
            mpz_set_ui(M[T][i], p.list[T][i]);
        }
    }
    for (size_t t = T; t-- > 0;) {
        VETO_TRY(veto_i_poll(g->ctx, 0.5 * (double)(T - t) / (double)T, STAGE,
                             err));
        const lvl_t *Lv = &g->lv[t];
        const uint32_t *pos = p.pos[t + 1];
        for (size_t i = 0; i < p.cnt[t]; i++) {
            uint32_t v = p.list[t][i];
            uint32_t c0 = pos[kid(g, t, v, 0)];
            if (jo) {
                mpz_t *D1 = p.D[t + 1], *X1 = X[t + 1], *Y1 = Y[t + 1];
                mpz_t *Z1 = Z[t + 1];
                mpz_set(X[t][i], X1[c0]);
                mpz_set(Y[t][i], Y1[c0]);
                mpz_ptr z = Z[t][i];
                mpz_set_ui(z, 0);
                for (size_t j = Lv->arity; j-- > 1;) {
                    mpz_mul_2exp(z, z, slot);
                    uint32_t cj = pos[kid(g, t, v, j)];
                    uint32_t cp = pos[kid(g, t, v, j - 1)];
                    mpz_addmul(X[t][i], g->binom[t][j], D1[cp]);
                    mpz_addmul(Y[t][i], g->binom[t][j], D1[cj]);
                    mpz_add(d, Z1[cj], X1[cj]);
                    mpz_sub(d, d, Y1[cp]);
                    mpz_addmul(z, g->binom[t][j], d);
                }
                mpz_mul_2exp(z, z, slot);
                mpz_add(z, z, Z1[c0]); /* C(m, 0) = 1 */
            }
            if (mw) {
                mpz_t *M1 = M[t + 1], *Z1 = Zm[t + 1];
                mpz_set(M[t][i], M1[c0]);
                mpz_ptr z = Zm[t][i];
                mpz_set_ui(z, 0);
                for (size_t j = Lv->arity; j-- > 1;) {
                    mpz_mul_2exp(z, z, slot);
                    uint32_t cj = pos[kid(g, t, v, j)];
                    uint32_t cp = pos[kid(g, t, v, j - 1)];
                    mpz_add(d, Z1[cj], M1[cj]);
                    mpz_sub(d, d, M1[cp]);
                    mpz_addmul(z, g->binom[t][j], d);
                }
                mpz_mul_2exp(z, z, slot);
                mpz_add(z, z, Z1[c0]);
            }
        }
    }
    if (mw) {
        /* the empty coalition, when it wins, is the one minimal one */
        mpz_set(out->mwc_total, M[0][0]);
        for (size_t k = 0; k <= n && slot > 0; k++) {
            unpack(c, Zm[0][0], k, slot);
            mpz_add(out->mwc_total, out->mwc_total, c);
        }
        if (slot == 0) {
            mpz_add(out->mwc_total, out->mwc_total, Zm[0][0]);
        }
    }
    VETO_TRY(pass_up(&p, g, slot, SIZE_MAX));
    for (size_t t = 0; t < T; t++) {
        const lvl_t *Lv = &g->lv[t];
        const uint32_t *pos = p.pos[t + 1];
        mpz_set_ui(Q, 0);
        mpz_set_ui(Qm, 0);
        for (size_t i = 0; i < p.cnt[t]; i++) {
            uint32_t v = p.list[t][i];
            mpz_set_ui(E, 0);
            mpz_set_ui(Em, 0);
            for (size_t j = Lv->m; j >= 1; j--) {
                uint32_t cj = pos[kid(g, t, v, j)];
                uint32_t cp = pos[kid(g, t, v, j - 1)];
                if (jo) {
                    mpz_mul_2exp(E, E, slot);
                    mpz_add(d, Z[t + 1][cj], X[t + 1][cj]);
                    mpz_sub(d, d, Y[t + 1][cp]);
                    mpz_addmul(E, g->binom1[t][j - 1], d);
                }
                if (mw) {
                    mpz_mul_2exp(Em, Em, slot);
                    mpz_add(d, Zm[t + 1][cj], M[t + 1][cj]);
                    mpz_sub(d, d, M[t + 1][cp]);
                    mpz_addmul(Em, g->binom1[t][j - 1], d);
                }
            }
            if (jo) {
                mpz_mul_2exp(E, E, slot);
                mpz_addmul(Q, p.U[t][i], E);
            }
            if (mw) {
                mpz_mul_2exp(Em, Em, slot);
                mpz_addmul(Qm, p.U[t][i], Em);
            }
        }
        size_t rep = g->order[g->first[t]];
        if (mw && slot == 0) {
            mpz_set(out->mwc[rep], Qm);
        } else if (mw) {
            mpz_set_ui(out->mwc[rep], 0);
            if (dpi) {
                mpq_set_ui(out->dpi_sum[rep], 0, 1);
            }
            for (size_t k = 1; k <= n; k++) {
                unpack(c, Qm, k, slot);
                if (mpz_sgn(c) == 0) {
                    continue;
                }
                mpz_add(out->mwc[rep], out->mwc[rep], c);
                if (dpi) {
                    mpq_set_z(q, c);
                    mpz_mul_ui(mpq_denref(q), mpq_denref(q), k);
                    mpq_canonicalize(q);
                    mpq_add(out->dpi_sum[rep], out->dpi_sum[rep], q);
                }
            }
        }
        if (jo) {
            mpz_set_ui(E, 0);
            for (size_t k = 1; k <= n; k++) {
                unpack(c, Q, k, slot);
                if (mpz_sgn(c) != 0) {
                    mpz_divexact_ui(w, L, k);
                    mpz_addmul(E, c, w);
                }
            }
            mpq_ptr r = out->jo_sum[rep];
            mpz_set(mpq_numref(r), E);
            mpz_set(mpq_denref(r), L);
            mpq_canonicalize(r);
        }
        for (size_t k = g->first[t] + 1; k < g->first[t + 1]; k++) {
            size_t i = g->order[k];
            if (mw) {
                mpz_set(out->mwc[i], out->mwc[rep]);
            }
            if (dpi) {
                mpq_set(out->dpi_sum[i], out->dpi_sum[rep]);
            }
            if (jo) {
                mpq_set(out->jo_sum[i], out->jo_sum[rep]);
            }
        }
    }
cleanup:
    vals_free(&p, X);
    vals_free(&p, Y);
    vals_free(&p, Z);
    vals_free(&p, M);
    vals_free(&p, Zm);
    pass_free(&p);
    mpq_clear(q);
    mpz_clear(L);
    mpz_clear(Q);
    mpz_clear(Qm);
    mpz_clear(E);
    mpz_clear(Em);
    mpz_clear(w);
    mpz_clear(c);
    mpz_clear(d);
    return rc;
}

/* Johnston in general: the integer-valued diagram of the number of
 * critical players cnt = sum_s c_s CRIT_s, then for each type t one pass
 * over "CRIT_t ? cnt : 0" with leaves lcm / cnt. O(T * |cnt| * m); |cnt|
 * can be far larger than f (it is for weighted games with many distinct
 * weights), which is why the ordered case above is tried first. */
static veto_status johnston_add(veto_i_counts_t *out, mgr_t *g,
                                const uint32_t *crit, const mpz_t L)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t T = g->T;
    pass_t p = {0};
    mpz_t Q;
    mpz_init(Q);
    uint32_t cnt = 0;
    for (size_t s = 0; s < T; s++) {
        uint32_t sc = unary(g, OP_SCALE, 0, crit[s], (uint32_t)s);
        cnt = sc == NIL ? NIL : apply(g, OP_PLUS, 0, cnt, sc);
        if (cnt == NIL) {
            rc = g->rc;
            goto cleanup;
        }
        VETO_TRY(veto_i_poll(g->ctx, 0.5 * (double)s / (double)T, STAGE, err));
    }
    for (size_t t = 0; t < T; t++) {
        uint32_t x = apply(g, OP_SEL, 0, crit[t], cnt);
        if (x == NIL) {
            rc = g->rc;
            goto cleanup;
        }
        VETO_TRY(pass_reach(&p, g, x, NULL));
        VETO_TRY(veto_i_budget_check(
            g->ctx, veto_i_sat_add(g->bytes,
                                   pass_bytes(&p, g, 0, mpz_sizeinbase(L, 2))),
            "Johnston counts", ADVICE, err));
        VETO_TRY(pass_down(&p, g, 0, 0, LEAF_INV, L));
        VETO_TRY(pass_up(&p, g, 0, SIZE_MAX));
        pass_level(&p, g, t, 0, E_MEMBER, Q);
        pass_free(&p);
        for (size_t k = g->first[t]; k < g->first[t + 1]; k++) {
            mpq_ptr j = out->jo_sum[g->order[k]];
            mpz_set(mpq_numref(j), Q);
            mpz_set(mpq_denref(j), L);
            mpq_canonicalize(j);
        }
        VETO_TRY(veto_i_poll(g->ctx, 0.5 + 0.5 * (double)t / (double)T, STAGE,
                             err));
    }
cleanup:
    pass_free(&p);
    mpz_clear(Q);
    return rc;
}

/* Johnston: sum over winning S with i critical of 1 / (critical players of
 * S), when the levels are not in desirability order (prefix_walk counts
 * the ordered case): CRIT_s = f and not f(c - e_s) per type and the
 * critical-count diagram. */
static veto_status count_johnston(veto_i_counts_t *out, mgr_t *g, uint32_t f)
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
        crit[s] = unary(g, OP_CRIT, 0, f, (uint32_t)s);
        if (crit[s] == NIL) {
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

veto_status veto_i_bdd_counts(veto_i_counts_t *out, const veto_i_rule_t *r,
                              size_t n, unsigned need, uint64_t *nodes,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    mgr_t g;
    uint32_t f = NIL;
    bool ordered = false;
    unsigned walk = 0;
    if (need & VETO_I_NEED_DPI) {
        need |= VETO_I_NEED_MWC;
    }
    if (need & (VETO_I_NEED_SWINGS | VETO_I_NEED_SSI)) {
        need |= VETO_I_NEED_WINNING;
    }
    VETO_TRY(mgr_build(&g, &f, r, n, NULL, ctx, err));
    out->levels = g.T;
    pass_t p = {0};
    uint64_t size = 0;
    rc = pass_reach(&p, &g, f, &size);
    pass_free(&p);
    if (rc != VETO_OK) {
        goto cleanup;
    }
    if (nodes != NULL) {
        *nodes = size;
    }
    if (need & VETO_I_NEED_WINNING) {
        VETO_TRY(count_swings(out, &g, f, need));
        out->have |= need & (VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS |
                             VETO_I_NEED_SSI);
    }
    /* In desirability order, minimal winning and Johnston counts are one
     * walk of f (prefix_walk), not diagrams of their own. */
    walk = need & (VETO_I_NEED_MWC | VETO_I_NEED_DPI | VETO_I_NEED_JOHNSTON);
    if (walk != 0) {
        rc = pass_reach(&p, &g, f, NULL);
        ordered = rc == VETO_OK && ordered_levels(&g, &p);
        pass_free(&p);
        if (rc != VETO_OK) {
            goto cleanup;
        }
    }
    if (ordered) {
        VETO_TRY(prefix_walk(out, &g, f, walk));
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
    if (need & VETO_I_NEED_PROPER) {
        uint32_t mir = unary(&g, OP_MIRROR, 0, f, 0);
        uint32_t both = mir == NIL ? NIL : apply(&g, OP_AND, 0, f, mir);
        uint32_t either = both == NIL ? NIL : apply(&g, OP_OR, 0, f, mir);
        if (either == NIL) {
            rc = g.rc;
            goto cleanup;
        }
        out->proper = both == 0 ? VETO_YES : VETO_NO;
        out->strong = either == 1 ? VETO_YES : VETO_NO;
        out->have |= VETO_I_NEED_PROPER;
    }
cleanup:
    mgr_free(&g);
    return rc;
}

/* ---- beliefs ------------------------------------------------------------- */

/* P(j yes of m) for a yes-probability p, in doubles, through logarithms so
 * that C(m, j) never overflows. */
static double binom_pmf(size_t m, size_t j, double p)
{
    if (p <= 0.0) {
        return j == 0 ? 1.0 : 0.0;
    }
    if (p >= 1.0) {
        return j == m ? 1.0 : 0.0;
    }
    double l = lgamma((double)m + 1) - lgamma((double)j + 1) -
               lgamma((double)(m - j) + 1) + (double)j * log(p) +
               (double)(m - j) * log1p(-p);
    return exp(l);
}

/* Exact P(j yes of m): C(m, j) p^j (1-p)^(m-j). */
static void binom_pmf_q(mpq_t out, size_t m, size_t j, const mpq_t p,
                        const mpq_t p1)
{
    mpq_t a;
    mpq_init(a);
    mpz_bin_uiui(mpq_numref(out), m, j);
    mpz_set_ui(mpq_denref(out), 1);
    mpz_pow_ui(mpq_numref(a), mpq_numref(p), j);
    mpz_pow_ui(mpq_denref(a), mpq_denref(p), j);
    mpq_mul(out, out, a);
    mpz_pow_ui(mpq_numref(a), mpq_numref(p1), m - j);
    mpz_pow_ui(mpq_denref(a), mpq_denref(p1), m - j);
    mpq_mul(out, out, a);
    mpq_clear(a);
}

typedef struct bpass {
    double **D, **U;  /* [T + 1][cnt] */
    mpq_t **Dq, **Uq; /* when exact */
} bpass_t;

veto_status veto_i_bdd_beliefs(veto_i_beliefs_t *out, const veto_i_rule_t *r,
                               size_t n, const mpq_t *belief, bool exact,
                               const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    mgr_t g;
    uint32_t f = NIL;
    pass_t p = {0};
    bpass_t b = {0};
    double *P = NULL, *P1 = NULL;
    mpq_t *Pq = NULL, *P1q = NULL;
    size_t maxa = 0;
    mpq_t pq, pq1, tq, dq, acc;
    mpq_init(pq);
    mpq_init(pq1);
    mpq_init(tq);
    mpq_init(dq);
    mpq_init(acc);
    memset(&g, 0, sizeof g);
    VETO_TRY(mgr_build(&g, &f, r, n, belief, ctx, err));
    VETO_TRY(pass_reach(&p, &g, f, NULL));
    size_t T = g.T;
    uint64_t nodes = 0;
    for (size_t t = 0; t <= T; t++) {
        nodes += p.cnt[t];
    }
    uint64_t per = exact ? sizeof(mpq_t) * 2 + 2 * 8 * (uint64_t)(n + 2)
                         : sizeof(double) * 2;
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(g.bytes,
                                                    veto_i_sat_mul(nodes, per)),
                                 "beliefs on the decision diagram", ADVICE,
                                 err));
    for (size_t t = 0; t < T; t++) {
        if (g.lv[t].arity > maxa) {
            maxa = g.lv[t].arity;
        }
    }
    VETO_ALLOC(P, veto_i_mallocarray(maxa + 1, sizeof *P));
    VETO_ALLOC(P1, veto_i_mallocarray(maxa + 1, sizeof *P1));
    VETO_ALLOC(b.D, veto_i_calloc(T + 1, sizeof *b.D));
    VETO_ALLOC(b.U, veto_i_calloc(T + 1, sizeof *b.U));
    for (size_t t = 0; t <= T; t++) {
        VETO_ALLOC(b.D[t], veto_i_calloc(p.cnt[t] + 1, sizeof(double)));
        VETO_ALLOC(b.U[t], veto_i_calloc(p.cnt[t] + 1, sizeof(double)));
    }
    if (exact) {
        VETO_ALLOC(Pq, veto_i_mallocarray(maxa + 1, sizeof *Pq));
        P1q = veto_i_mallocarray(maxa + 1, sizeof *P1q);
        if (P1q == NULL) {
            veto_i_free(Pq);
            Pq = NULL;
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (size_t j = 0; j <= maxa; j++) {
            mpq_init(Pq[j]);
            mpq_init(P1q[j]);
        }
        VETO_ALLOC(b.Dq, veto_i_calloc(T + 1, sizeof *b.Dq));
        VETO_ALLOC(b.Uq, veto_i_calloc(T + 1, sizeof *b.Uq));
        for (size_t t = 0; t <= T; t++) {
            VETO_ALLOC(b.Dq[t], veto_i_mallocarray(p.cnt[t] + 1, sizeof(mpq_t)));
            for (size_t i = 0; i <= p.cnt[t]; i++) {
                mpq_init(b.Dq[t][i]);
            }
            VETO_ALLOC(b.Uq[t], veto_i_mallocarray(p.cnt[t] + 1, sizeof(mpq_t)));
            for (size_t i = 0; i <= p.cnt[t]; i++) {
                mpq_init(b.Uq[t][i]);
            }
        }
    }
    /* Down: probability that the levels from here down make the rule pass. */
    for (size_t i = 0; i < p.cnt[T]; i++) {
        b.D[T][i] = (double)p.list[T][i];
        if (exact) {
            mpq_set_ui(b.Dq[T][i], p.list[T][i], 1);
        }
    }
    for (size_t t = T; t-- > 0;) {
        VETO_TRY(veto_i_poll(ctx, 0.5 * (double)(T - t) / (double)T, STAGE,
                             err));
        size_t m = g.lv[t].m;
        mpq_srcptr bel = belief[g.order[g.first[t]]];
        double pd = mpq_get_d(bel);
        if (exact) {
            mpq_set(pq, bel);
            mpq_set_ui(pq1, 1, 1);
            mpq_sub(pq1, pq1, pq);
        }
        for (size_t j = 0; j <= m; j++) {
            P[j] = binom_pmf(m, j, pd);
            if (exact) {
                binom_pmf_q(Pq[j], m, j, pq, pq1);
            }
        }
        for (size_t i = 0; i < p.cnt[t]; i++) {
            uint32_t v = p.list[t][i];
            double s = 0.0;
            if (exact) {
                mpq_set_ui(acc, 0, 1);
            }
            for (size_t j = 0; j <= m; j++) {
                uint32_t c = p.pos[t + 1][kid(&g, t, v, j)];
                s += P[j] * b.D[t + 1][c];
                if (exact && mpq_sgn(Pq[j]) != 0 &&
                    mpq_sgn(b.Dq[t + 1][c]) != 0) {
                    mpq_mul(tq, Pq[j], b.Dq[t + 1][c]);
                    mpq_add(acc, acc, tq);
                }
            }
            b.D[t][i] = s;
            if (exact) {
                mpq_set(b.Dq[t][i], acc);
            }
        }
    }
    /* Up: probability of reaching each node; decisiveness per level. */
    b.U[0][0] = 1.0;
    if (exact) {
        mpq_set_ui(b.Uq[0][0], 1, 1);
    }
    for (size_t t = 0; t < T; t++) {
        VETO_TRY(veto_i_poll(ctx, 0.5 + 0.5 * (double)t / (double)T, STAGE,
                             err));
        size_t m = g.lv[t].m;
        mpq_srcptr bel = belief[g.order[g.first[t]]];
        double pd = mpq_get_d(bel);
        if (exact) {
            mpq_set(pq, bel);
            mpq_set_ui(pq1, 1, 1);
            mpq_sub(pq1, pq1, pq);
        }
        for (size_t j = 0; j <= m; j++) {
            P[j] = binom_pmf(m, j, pd);
            if (exact) {
                binom_pmf_q(Pq[j], m, j, pq, pq1);
            }
        }
        for (size_t j = 0; j < m; j++) {
            P1[j] = binom_pmf(m - 1, j, pd);
            if (exact) {
                binom_pmf_q(P1q[j], m - 1, j, pq, pq1);
            }
        }
        double dec = 0.0;
        mpq_set_ui(dq, 0, 1);
        for (size_t i = 0; i < p.cnt[t]; i++) {
            uint32_t v = p.list[t][i];
            double e = 0.0;
            if (exact) {
                mpq_set_ui(acc, 0, 1);
            }
            for (size_t j = 0; j <= m; j++) {
                uint32_t c = p.pos[t + 1][kid(&g, t, v, j)];
                b.U[t + 1][c] += b.U[t][i] * P[j];
                if (exact && mpq_sgn(Pq[j]) != 0) {
                    mpq_mul(tq, b.Uq[t][i], Pq[j]);
                    mpq_add(b.Uq[t + 1][c], b.Uq[t + 1][c], tq);
                }
                if (j < m) {
                    uint32_t c1 = p.pos[t + 1][kid(&g, t, v, j + 1)];
                    e += P1[j] * (b.D[t + 1][c1] - b.D[t + 1][c]);
                    if (exact && mpq_sgn(P1q[j]) != 0 && c1 != c) {
                        mpq_sub(tq, b.Dq[t + 1][c1], b.Dq[t + 1][c]);
                        mpq_mul(tq, tq, P1q[j]);
                        mpq_add(acc, acc, tq);
                    }
                }
            }
            dec += b.U[t][i] * e;
            if (exact) {
                mpq_mul(acc, acc, b.Uq[t][i]);
                mpq_add(dq, dq, acc);
            }
        }
        for (size_t k = g.first[t]; k < g.first[t + 1]; k++) {
            size_t pl = g.order[k];
            if (exact) {
                mpq_set(out->p_dec_q[pl], dq);
                out->p_dec[pl] = mpq_get_d(dq);
            } else {
                out->p_dec[pl] = dec;
            }
        }
    }
    if (exact) {
        mpq_set(out->p_act_q, b.Dq[0][0]);
        out->p_act = mpq_get_d(out->p_act_q);
    } else {
        out->p_act = b.D[0][0];
    }

cleanup:
    if (b.D != NULL || b.U != NULL || b.Dq != NULL || b.Uq != NULL) {
        for (size_t t = 0; t <= g.T && p.cnt != NULL; t++) {
            if (b.D != NULL) {
                veto_i_free(b.D[t]);
            }
            if (b.U != NULL) {
                veto_i_free(b.U[t]);
            }
            if (b.Dq != NULL && b.Dq[t] != NULL) {
                for (size_t i = 0; i <= p.cnt[t]; i++) {
                    mpq_clear(b.Dq[t][i]);
                }
                veto_i_free(b.Dq[t]);
            }
            if (b.Uq != NULL && b.Uq[t] != NULL) {
                for (size_t i = 0; i <= p.cnt[t]; i++) {
                    mpq_clear(b.Uq[t][i]);
                }
                veto_i_free(b.Uq[t]);
            }
        }
    }
    veto_i_free(b.D);
    veto_i_free(b.U);
    veto_i_free(b.Dq);
    veto_i_free(b.Uq);
    if (Pq != NULL && P1q != NULL) {
        for (size_t j = 0; j <= maxa; j++) {
            mpq_clear(Pq[j]);
            mpq_clear(P1q[j]);
        }
    }
    veto_i_free(Pq);
    veto_i_free(P1q);
    veto_i_free(P);
    veto_i_free(P1);
    pass_free(&p);
    mgr_free(&g);
    mpq_clear(pq);
    mpq_clear(pq1);
    mpq_clear(tq);
    mpq_clear(dq);
    mpq_clear(acc);
    return rc;
}
