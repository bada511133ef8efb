/*
 * ternary_bdd.c: the `bdd` engine for three-valued rules (issue 10).
 *
 * The diagram. One level per player (order: players as the rule first
 * names them, within a term heavier first; players it never names last),
 * each node with three children, for the player voting no, abstain, yes.
 * Quasi-reduced: every edge goes to the next level, so the passes below are
 * plain level-by-level sums; node ids are local to a level, 0 and 1 are the
 * constant FALSE and TRUE at every level (at level n the only nodes).
 *
 * Terms. A term is a threshold sum_j c_j(x_j) >= quota with a contribution
 * per vote: counting yes (0, 0, w), at least abstain (0, w, w), and
 * `SUM >= p/q of voting` as (-p w, 0, (q - p) w) >= 0 (>= 1 when strict)
 * AND "some yes" (0, 0, 1) >= 1, which is the rule's "Y > 0 and
 * q Y >= p (Y + N)" with Y, N the yes and no weights. Each threshold is
 * built top-down by Behle's interval construction: the function left at
 * level t depends on the remaining quota r only through which interval r
 * falls in (it is monotone in r), so a node is an interval of r, found by
 * binary search, and no formula is expanded. and / or / k-of are a
 * memoised apply (k-of by A_j <- A_j or (A_{j-1} and child)).
 *
 * Passes, with U(v) the paths from the root to v and D(v) the winning
 * completions below v:
 *  - counts: count_i[x] = sum over nodes v at i's level of U(v) D(child_x);
 *  - beliefs: the same with each edge weighted by the numerator of the
 *    vote's probability over a per-player common denominator, so that
 *    P(act | i votes x) = sum U(v) D(child_x) / prod_{j != i} den_j, all
 *    in mpz; decisiveness is the difference of two of these (monotone
 *    rule);
 *  - roll-call Shapley-Shubik: ternary.c reduces it to the winning
 *    profiles counted by (i, x_i, yes votes of the others) and by (i, x_i,
 *    no votes of the others). The same passes on polynomials in z, z
 *    marking a yes (then a no) vote, each polynomial packed into one
 *    integer with slots wide enough for 3^(n-1) (Kronecker substitution),
 *    so that U(v) D(child_x) is one GMP product; that is the "rule at the
 *    rest all yes and the rest all no" product, done by counting. Skipped
 *    (roll_call_missing) beyond the memory budget.
 *
 * Cost, N nodes reachable from the root, n players: counts and each
 * belief O(N) big-integer products; roll call O(N) products of
 * n * log2(3^n)-bit numbers, memory O(N n^2) bits. Building: O(nodes *
 * log) per term, O(|f| |g|) per apply.
 */
#include "ternary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STAGE "three-valued bdd"

typedef struct ival {
    int64_t lo, hi; /* r in [lo, hi] */
    uint32_t node;
} ival_t;

typedef struct lvl {
    size_t count, cap;
    uint32_t *kids; /* [3 * cap] */
    uint32_t *tab;  /* unique table: node + 1, 0 empty */
    size_t tcap;
    /* intervals of the term being built, sorted by lo */
    ival_t *iv;
    size_t niv, ivcap;
} lvl_t;

typedef struct centry {
    uint32_t op, lev, a, b, r;
} centry_t;

typedef struct mgr {
    size_t n;
    lvl_t *lv;      /* [n + 1] */
    size_t *player; /* [n] player at level t */
    size_t *level;  /* [n] level of player i */
    centry_t *cache;
    size_t ccap;
    veto_status rc;
    uint64_t made;  /* nodes made, for the size of the apply cache */
    uint64_t calls; /* calls of mk, found or made, for polling */
    uint64_t bytes;
    const veto_i_ctx_t *ctx;
    veto_error_t *err;
    /* term being built */
    int64_t *c;       /* [3 * n] contribution by level and vote */
    int64_t *minrest; /* [n + 1] */
    int64_t *maxrest;
} mgr_t;

enum { OP_AND = 1, OP_OR = 2 };

#define NIL UINT32_MAX

static uint32_t fail(mgr_t *g, veto_status rc)
{
    if (g->rc == VETO_OK) {
        g->rc = rc;
        if (rc == VETO_ENOMEM) {
            veto_i_errorf(g->err, rc, "out of memory");
        }
    }
    return NIL;
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

static uint64_t hkids(const uint32_t *k)
{
    return mix(((uint64_t)k[0] << 42) ^ ((uint64_t)k[1] << 21) ^ k[2] ^
               0x9e3779b97f4a7c15ull);
}

static bool charge(mgr_t *g, uint64_t more)
{
    g->bytes += more;
    if (g->ctx->max_memory != 0 && g->bytes > g->ctx->max_memory) {
        if (g->rc == VETO_OK) {
            g->rc = veto_i_errorf(g->err, VETO_ELIMIT,
                                  "the three-valued decision diagram "
                                  "needs more than the memory budget");
            veto_i_error_hint_code(g->err, VETO_HINT_MEMORY, "bdd", "mc", NULL);
        }
        return false;
    }
    return true;
}

static bool tab_grow(mgr_t *g, lvl_t *L)
{
    size_t ncap = L->tcap == 0 ? 64 : 2 * L->tcap;
    if (!charge(g, ncap * sizeof(uint32_t))) {
        return false;
    }
    uint32_t *t = veto_i_calloc(ncap, sizeof *t);
    if (t == NULL) {
        fail(g, VETO_ENOMEM);
        return false;
    }
    for (size_t v = 2; v < L->count; v++) {
        size_t h = (size_t)hkids(&L->kids[3 * v]) & (ncap - 1);
        while (t[h] != 0) {
            h = (h + 1) & (ncap - 1);
        }
        t[h] = (uint32_t)v + 1;
    }
    veto_i_free(L->tab);
    L->tab = t;
    L->tcap = ncap;
    return true;
}

/* Double the apply cache (charged to the memory budget). It is lossy:
 * dropping the old entries only costs recomputation. */
static bool cache_grow(mgr_t *g)
{
    size_t ncap = 2 * g->ccap;
    if (!charge(g, (uint64_t)g->ccap * sizeof(centry_t))) {
        return false;
    }
    centry_t *c = veto_i_calloc(ncap, sizeof *c);
    if (c == NULL) {
        fail(g, VETO_ENOMEM);
        return false;
    }
    veto_i_free(g->cache);
    g->cache = c;
    g->ccap = ncap;
    return true;
}

/* The node at level t with children k[0..2] (at level t + 1). */
static uint32_t mk(mgr_t *g, size_t t, uint32_t k0, uint32_t k1, uint32_t k2)
{
    if (k0 == NIL || k1 == NIL || k2 == NIL) {
        return NIL;
    }
    if (k0 == k1 && k1 == k2 && k0 <= 1) {
        return k0;
    }
    /* Polled per call, not per new node: an apply that finds its nodes
     * made already still takes time (and a thrashing one took hours
     * between new nodes). */
    if ((++g->calls & 0xffff) == 0) {
        veto_status rc = veto_i_poll(g->ctx, 0.0, STAGE, g->err);
        if (rc != VETO_OK) {
            return fail(g, rc);
        }
    }
    lvl_t *L = &g->lv[t];
    uint32_t k[3] = {k0, k1, k2};
    if (2 * (L->count + 1) > L->tcap && !tab_grow(g, L)) {
        return NIL;
    }
    size_t h = (size_t)hkids(k) & (L->tcap - 1);
    while (L->tab[h] != 0) {
        uint32_t v = L->tab[h] - 1;
        if (memcmp(&L->kids[3 * v], k, sizeof k) == 0) {
            return v;
        }
        h = (h + 1) & (L->tcap - 1);
    }
    if (L->count == L->cap) {
        size_t ncap = 2 * L->cap;
        if (ncap >= NIL / 4 || !charge(g, ncap * 3 * sizeof(uint32_t))) {
            return fail(g, VETO_ELIMIT);
        }
        uint32_t *nk = veto_i_realloc(L->kids, 3 * ncap * sizeof *nk);
        if (nk == NULL) {
            return fail(g, VETO_ENOMEM);
        }
        L->kids = nk;
        L->cap = ncap;
    }
    uint32_t v = (uint32_t)L->count++;
    memcpy(&L->kids[3 * v], k, sizeof k);
    L->tab[h] = v + 1;
    /* Keep the apply cache at least twice the nodes made: a lossy cache
     * much smaller than the diagram makes apply recompute shared
     * subproblems, exponentially in the worst case (a fixed 2^16 entries
     * kept a 300-member assembly's build running for hours). */
    if (++g->made * 2 > g->ccap && !cache_grow(g)) {
        return NIL;
    }
    return v;
}

static uint32_t apply(mgr_t *g, unsigned op, size_t t, uint32_t a, uint32_t b)
{
    if (a == NIL || b == NIL) {
        return NIL;
    }
    if (op == OP_AND) {
        if (a == 0 || b == 0) {
            return 0;
        }
        if (a == 1) {
            return b;
        }
        if (b == 1 || a == b) {
            return a;
        }
    } else {
        if (a == 1 || b == 1) {
            return 1;
        }
        if (a == 0) {
            return b;
        }
        if (b == 0 || a == b) {
            return a;
        }
    }
    if (a > b) {
        uint32_t s = a;
        a = b;
        b = s;
    }
    uint64_t h = mix(((uint64_t)op << 58) ^ ((uint64_t)t << 40) ^
                     ((uint64_t)a << 20) ^ b);
    centry_t *e = &g->cache[h & (g->ccap - 1)];
    if (e->op == op && e->lev == t && e->a == a && e->b == b) {
        return e->r;
    }
    const uint32_t *ka = &g->lv[t].kids[3 * a];
    const uint32_t *kb = &g->lv[t].kids[3 * b];
    uint32_t k0 = apply(g, op, t + 1, ka[0], kb[0]);
    uint32_t k1 = apply(g, op, t + 1, ka[1], kb[1]);
    uint32_t k2 = apply(g, op, t + 1, ka[2], kb[2]);
    uint32_t r = mk(g, t, k0, k1, k2);
    if (r != NIL) {
        e = &g->cache[h & (g->ccap - 1)]; /* it may have grown meanwhile */
        e->op = op;
        e->lev = (uint32_t)t;
        e->a = a;
        e->b = b;
        e->r = r;
    }
    return r;
}

/* ---- thresholds ------------------------------------------------------- */

/* The node at level t for "sum_{l >= t} c_l(x_l) >= r"; *lo, *hi: the
 * interval of r giving that node. */
static uint32_t term_get(mgr_t *g, size_t t, int64_t r, int64_t *lo,
                         int64_t *hi)
{
    if (r <= g->minrest[t]) {
        *lo = INT64_MIN;
        *hi = g->minrest[t];
        return 1;
    }
    if (r > g->maxrest[t]) {
        *lo = g->maxrest[t] + 1;
        *hi = INT64_MAX;
        return 0;
    }
    lvl_t *L = &g->lv[t];
    size_t a = 0, b = L->niv; /* first interval with lo > r */
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (L->iv[mid].lo <= r) {
            a = mid + 1;
        } else {
            b = mid;
        }
    }
    if (a > 0 && L->iv[a - 1].hi >= r) {
        *lo = L->iv[a - 1].lo;
        *hi = L->iv[a - 1].hi;
        return L->iv[a - 1].node;
    }
    int64_t l = INT64_MIN, h = INT64_MAX;
    uint32_t k[3];
    for (int v = 0; v < 3; v++) {
        int64_t cv = g->c[3 * t + (size_t)v], cl, ch;
        k[v] = term_get(g, t + 1, r - cv, &cl, &ch);
        if (k[v] == NIL) {
            return NIL;
        }
        /* r - cv in [cl, ch]  <=>  r in [cl + cv, ch + cv] */
        if (cl != INT64_MIN && cl + cv > l) {
            l = cl + cv;
        }
        if (ch != INT64_MAX && ch + cv < h) {
            h = ch + cv;
        }
    }
    uint32_t node = mk(g, t, k[0], k[1], k[2]);
    if (node == NIL) {
        return NIL;
    }
    /* within the undecided range the interval is finite on both sides */
    if (L->niv == L->ivcap) {
        size_t ncap = L->ivcap == 0 ? 16 : 2 * L->ivcap;
        if (!charge(g, ncap * sizeof(ival_t) / 2)) {
            return NIL;
        }
        ival_t *ni = veto_i_realloc(L->iv, ncap * sizeof *ni);
        if (ni == NULL) {
            return fail(g, VETO_ENOMEM);
        }
        L->iv = ni;
        L->ivcap = ncap;
    }
    memmove(&L->iv[a + 1], &L->iv[a], (L->niv - a) * sizeof *L->iv);
    L->iv[a] = (ival_t){l, h, node};
    L->niv++;
    *lo = l;
    *hi = h;
    return node;
}

/* Contribution c[v] of each vote for the term: yes, abstain, of voting
 * (part 0: the signed sum; part 1: some yes). Weights times the share's
 * denominator must stay below 2^60 in total. */
static uint32_t build_threshold(mgr_t *g, const veto_i_rule_t *r, int part)
{
    size_t n = g->n;
    memset(g->c, 0, 3 * n * sizeof *g->c);
    int64_t quota = 0;
    mpz_t w, p, q, lim, tot;
    mpz_init(w);
    mpz_init(p);
    mpz_init(q);
    mpz_init(tot);
    mpz_init_set_ui(lim, 1);
    mpz_mul_2exp(lim, lim, 60);
    bool big = false;
    if (r->vote == VETO_I_V_OF_VOTING) {
        mpz_set(p, mpq_numref(r->share));
        mpz_set(q, mpq_denref(r->share));
    }
    for (size_t j = 0; j < r->nterm && !big; j++) {
        size_t t = g->level[r->player[j]];
        int64_t *c = &g->c[3 * t];
        if (r->vote == VETO_I_V_OF_VOTING && part == 1) {
            c[VETO_I_YES] = 1;
            continue;
        }
        if (r->vote == VETO_I_V_OF_VOTING) {
            mpz_mul(w, r->w[j], q); /* q w >= |each contribution| */
            mpz_add(tot, tot, w);
            if (mpz_cmp(tot, lim) >= 0) {
                big = true;
                break;
            }
            mpz_mul(w, r->w[j], p);
            c[VETO_I_NO] = -(int64_t)mpz_get_si(w);
            mpz_sub(w, q, p);
            mpz_mul(w, w, r->w[j]);
            c[VETO_I_YES] = (int64_t)mpz_get_si(w);
        } else {
            mpz_add(tot, tot, r->w[j]);
            if (mpz_cmp(tot, lim) >= 0) {
                big = true;
                break;
            }
            int64_t wj = (int64_t)mpz_get_si(r->w[j]);
            c[VETO_I_YES] = wj;
            if (r->vote == VETO_I_V_ABSTAIN) {
                c[VETO_I_ABSTAIN] = wj;
            }
        }
    }
    if (!big) {
        if (r->vote == VETO_I_V_OF_VOTING) {
            quota = part == 1 ? 1 : (r->of_strict ? 1 : 0);
        } else if (mpz_cmp(r->quota, lim) >= 0) {
            big = true;
        } else {
            quota = (int64_t)mpz_get_si(r->quota);
        }
    }
    mpz_clear(w);
    mpz_clear(p);
    mpz_clear(q);
    mpz_clear(tot);
    mpz_clear(lim);
    if (big) {
        if (g->rc == VETO_OK) {
            g->rc = veto_i_errorf(g->err, VETO_ELIMIT,
                                  "a term's weights pass 2^60, beyond the "
                                  "three-valued bdd engine");
            veto_i_error_hint_code(g->err, VETO_HINT_OTHER_METHOD, "bdd",
                                   "enum, mc", NULL);
        }
        return NIL;
    }
    g->minrest[n] = g->maxrest[n] = 0;
    for (size_t t = n; t-- > 0;) {
        int64_t *c = &g->c[3 * t];
        int64_t mn = c[0], mx = c[0];
        for (int v = 1; v < 3; v++) {
            mn = c[v] < mn ? c[v] : mn;
            mx = c[v] > mx ? c[v] : mx;
        }
        g->minrest[t] = g->minrest[t + 1] + mn;
        g->maxrest[t] = g->maxrest[t + 1] + mx;
    }
    int64_t lo, hi;
    uint32_t root = term_get(g, 0, quota, &lo, &hi);
    for (size_t t = 0; t <= n; t++) {
        g->lv[t].niv = 0;
    }
    return root;
}

static uint32_t build(mgr_t *g, const veto_i_rule_t *r)
{
    switch (r->kind) {
    case VETO_I_R_FALSE:
        return 0;
    case VETO_I_R_TRUE:
        return 1;
    case VETO_I_R_TERM: {
        uint32_t a = build_threshold(g, r, 0);
        if (r->vote != VETO_I_V_OF_VOTING || a == NIL) {
            return a;
        }
        uint32_t b = build_threshold(g, r, 1);
        return apply(g, OP_AND, 0, a, b);
    }
    case VETO_I_R_KOF: {
        size_t k = r->k;
        uint32_t *A = veto_i_calloc(k + 1, sizeof *A);
        if (A == NULL) {
            return fail(g, VETO_ENOMEM);
        }
        A[0] = 1;
        uint32_t res = NIL;
        for (size_t c = 0; c < r->nchild; c++) {
            uint32_t f = build(g, r->child[c]);
            if (f == NIL) {
                goto out;
            }
            size_t top = c + 1 < k ? c + 1 : k;
            for (size_t j = top; j >= 1; j--) {
                uint32_t x = apply(g, OP_AND, 0, A[j - 1], f);
                A[j] = apply(g, OP_OR, 0, A[j], x);
                if (A[j] == NIL) {
                    goto out;
                }
            }
        }
        res = A[k];
    out:
        veto_i_free(A);
        return res;
    }
    }
    return NIL;
}

/* Level order: players as the rule first names them, within a term the
 * heavier first; the rest after. */
typedef struct okey {
    size_t first, player;
    const __mpz_struct *w;
} okey_t;

static void note_order(const veto_i_rule_t *r, size_t *first,
                       const __mpz_struct **w, size_t *term_no)
{
    if (r->kind == VETO_I_R_TERM) {
        for (size_t j = 0; j < r->nterm; j++) {
            size_t i = r->player[j];
            if (first[i] == SIZE_MAX) {
                first[i] = *term_no;
                w[i] = r->w[j];
            }
        }
        (*term_no)++;
    } else if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            note_order(r->child[c], first, w, term_no);
        }
    }
}

static int okey_cmp(const void *pa, const void *pb)
{
    const okey_t *a = pa, *b = pb;
    if (a->first != b->first) {
        return a->first < b->first ? -1 : 1;
    }
    if (a->w != NULL && b->w != NULL) {
        int c = mpz_cmp(b->w, a->w);
        if (c != 0) {
            return c;
        }
    }
    return a->player < b->player ? -1 : a->player > b->player;
}

static void mgr_free(mgr_t *g)
{
    if (g->lv != NULL) {
        for (size_t t = 0; t <= g->n; t++) {
            veto_i_free(g->lv[t].kids);
            veto_i_free(g->lv[t].tab);
            veto_i_free(g->lv[t].iv);
        }
    }
    veto_i_free(g->lv);
    veto_i_free(g->player);
    veto_i_free(g->level);
    veto_i_free(g->cache);
    veto_i_free(g->c);
    veto_i_free(g->minrest);
    veto_i_free(g->maxrest);
}

static veto_status mgr_init(mgr_t *g, const veto_i_rule_t *r, size_t n,
                            const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t *first = NULL;
    const __mpz_struct **w = NULL;
    okey_t *keys = NULL;
    memset(g, 0, sizeof *g);
    g->n = n;
    g->ctx = ctx;
    g->err = err;
    VETO_ALLOC(g->lv, veto_i_calloc(n + 1, sizeof *g->lv));
    for (size_t t = 0; t <= n; t++) {
        lvl_t *L = &g->lv[t];
        L->cap = t == n ? 2 : 16;
        VETO_ALLOC(L->kids, veto_i_calloc(3 * L->cap, sizeof *L->kids));
        L->count = 2;
        for (int v = 0; v < 3; v++) {
            L->kids[v] = 0;
            L->kids[3 + v] = 1;
        }
    }
    g->ccap = 1u << 16;
    VETO_ALLOC(g->cache, veto_i_calloc(g->ccap, sizeof *g->cache));
    VETO_ALLOC(g->player, veto_i_calloc(n + 1, sizeof *g->player));
    VETO_ALLOC(g->level, veto_i_calloc(n + 1, sizeof *g->level));
    VETO_ALLOC(g->c, veto_i_calloc(3 * n + 1, sizeof *g->c));
    VETO_ALLOC(g->minrest, veto_i_calloc(n + 1, sizeof *g->minrest));
    VETO_ALLOC(g->maxrest, veto_i_calloc(n + 1, sizeof *g->maxrest));
    VETO_ALLOC(first, veto_i_mallocarray(n + 1, sizeof *first));
    VETO_ALLOC(w, veto_i_calloc(n + 1, sizeof *w));
    VETO_ALLOC(keys, veto_i_calloc(n + 1, sizeof *keys));
    for (size_t i = 0; i < n; i++) {
        first[i] = SIZE_MAX;
    }
    size_t term_no = 0;
    note_order(r, first, w, &term_no);
    for (size_t i = 0; i < n; i++) {
        keys[i] = (okey_t){first[i], i, w[i]};
    }
    qsort(keys, n, sizeof *keys, okey_cmp);
    for (size_t t = 0; t < n; t++) {
        g->player[t] = keys[t].player;
        g->level[keys[t].player] = t;
    }
cleanup:
    veto_i_free(first);
    veto_i_free(w);
    veto_i_free(keys);
    return rc;
}

/* ---- passes ----------------------------------------------------------- */

/* Reachable nodes of each level, in id order. */
typedef struct reach {
    uint32_t **id; /* [n + 1][cnt] */
    size_t *cnt;
    uint32_t **slot; /* [n + 1][level count]: index in id[] or NIL */
} reach_t;

static void reach_free(reach_t *R, size_t n)
{
    for (size_t t = 0; t <= n; t++) {
        if (R->id != NULL) {
            veto_i_free(R->id[t]);
        }
        if (R->slot != NULL) {
            veto_i_free(R->slot[t]);
        }
    }
    veto_i_free(R->id);
    veto_i_free(R->slot);
    veto_i_free(R->cnt);
}

static bool reach_make(reach_t *R, const mgr_t *g, uint32_t root)
{
    size_t n = g->n;
    R->id = veto_i_calloc(n + 1, sizeof *R->id);
    R->slot = veto_i_calloc(n + 1, sizeof *R->slot);
    R->cnt = veto_i_calloc(n + 1, sizeof *R->cnt);
    if (R->id == NULL || R->slot == NULL || R->cnt == NULL) {
        return false;
    }
    for (size_t t = 0; t <= n; t++) {
        size_t c = g->lv[t].count;
        R->slot[t] = veto_i_mallocarray(c, sizeof **R->slot);
        R->id[t] = veto_i_mallocarray(c, sizeof **R->id);
        if (R->slot[t] == NULL || R->id[t] == NULL) {
            return false;
        }
        for (size_t v = 0; v < c; v++) {
            R->slot[t][v] = NIL;
        }
    }
    R->slot[0][root] = 0;
    for (size_t t = 0; t < n; t++) {
        const lvl_t *L = &g->lv[t];
        for (size_t v = 0; v < L->count; v++) {
            if (R->slot[t][v] == NIL) {
                continue;
            }
            R->slot[t][v] = (uint32_t)R->cnt[t];
            R->id[t][R->cnt[t]++] = (uint32_t)v;
            for (int x = 0; x < 3; x++) {
                R->slot[t + 1][L->kids[3 * v + (size_t)x]] = 0;
            }
        }
    }
    for (size_t v = 0; v < g->lv[n].count; v++) {
        if (R->slot[n][v] != NIL) {
            R->slot[n][v] = (uint32_t)R->cnt[n];
            R->id[n][R->cnt[n]++] = (uint32_t)v;
        }
    }
    return true;
}

typedef struct vals {
    mpz_t **v; /* [n + 1][reachable] */
} vals_t;

static void vals_free(vals_t *V, const reach_t *R, size_t n)
{
    for (size_t t = 0; t <= n && V->v != NULL; t++) {
        if (V->v[t] != NULL) {
            for (size_t k = 0; k < R->cnt[t]; k++) {
                mpz_clear(V->v[t][k]);
            }
            veto_i_free(V->v[t]);
        }
    }
    veto_i_free(V->v);
    V->v = NULL;
}

static bool vals_init(vals_t *V, const reach_t *R, size_t n)
{
    V->v = veto_i_calloc(n + 1, sizeof *V->v);
    if (V->v == NULL) {
        return false;
    }
    for (size_t t = 0; t <= n; t++) {
        V->v[t] = veto_i_mallocarray(R->cnt[t] + 1, sizeof **V->v);
        if (V->v[t] == NULL) {
            return false;
        }
        for (size_t k = 0; k < R->cnt[t]; k++) {
            mpz_init(V->v[t][k]);
        }
    }
    return true;
}

/* Edge weights: wt[3t + x] multiplies the edge of vote x at level t
 * (NULL: 1); shift[t] (>= 0, or -1 for none) packs: the edge of vote
 * `mark` is shifted left by `slot` bits. */
typedef struct edges {
    const mpz_t *wt; /* [3 n] or NULL */
    int mark;        /* -1 none, else the vote marked by z */
    mp_bitcnt_t slot;
} edges_t;

static void edge_apply(mpz_t out, const mpz_t in, const edges_t *e, size_t t,
                       int x)
{
    if (e->wt != NULL) {
        mpz_mul(out, in, e->wt[3 * t + (size_t)x]);
    } else {
        mpz_set(out, in);
    }
    if (e->mark == x) {
        mpz_mul_2exp(out, out, e->slot);
    }
}

/* D: completions below each node that win. */
static veto_status pass_down(vals_t *D, const mgr_t *g, const reach_t *R,
                             const edges_t *e)
{
    size_t n = g->n;
    mpz_t tmp;
    mpz_init(tmp);
    for (size_t k = 0; k < R->cnt[n]; k++) {
        mpz_set_ui(D->v[n][k], R->id[n][k] == 1 ? 1 : 0);
    }
    for (size_t t = n; t-- > 0;) {
        const lvl_t *L = &g->lv[t];
        for (size_t k = 0; k < R->cnt[t]; k++) {
            uint32_t v = R->id[t][k];
            mpz_set_ui(D->v[t][k], 0);
            for (int x = 0; x < 3; x++) {
                uint32_t c = L->kids[3 * v + (size_t)x];
                edge_apply(tmp, D->v[t + 1][R->slot[t + 1][c]], e, t, x);
                mpz_add(D->v[t][k], D->v[t][k], tmp);
            }
        }
        veto_status rc = veto_i_poll(g->ctx, 0.0, STAGE, g->err);
        if (rc != VETO_OK) {
            mpz_clear(tmp);
            return rc;
        }
    }
    mpz_clear(tmp);
    return VETO_OK;
}

/* U: paths from the root to each node. */
static veto_status pass_up(vals_t *U, const mgr_t *g, const reach_t *R,
                           const edges_t *e)
{
    size_t n = g->n;
    mpz_t tmp;
    mpz_init(tmp);
    mpz_set_ui(U->v[0][0], 1);
    for (size_t t = 0; t < n; t++) {
        const lvl_t *L = &g->lv[t];
        for (size_t k = 0; k < R->cnt[t]; k++) {
            uint32_t v = R->id[t][k];
            for (int x = 0; x < 3; x++) {
                uint32_t c = L->kids[3 * v + (size_t)x];
                edge_apply(tmp, U->v[t][k], e, t, x);
                mpz_t *dst = &U->v[t + 1][R->slot[t + 1][c]];
                mpz_add(*dst, *dst, tmp);
            }
        }
        veto_status rc = veto_i_poll(g->ctx, 0.0, STAGE, g->err);
        if (rc != VETO_OK) {
            mpz_clear(tmp);
            return rc;
        }
    }
    mpz_clear(tmp);
    return VETO_OK;
}

/* out[3 * player(t) + x] = sum over nodes v of level t of U(v) D(kid_x),
 * the D edge weight of vote x at level t left out. */
static void combine(mpz_t *out, const mgr_t *g, const reach_t *R,
                    const vals_t *U, const vals_t *D)
{
    for (size_t t = 0; t < g->n; t++) {
        const lvl_t *L = &g->lv[t];
        mpz_t *o = &out[3 * g->player[t]];
        for (int x = 0; x < 3; x++) {
            mpz_set_ui(o[x], 0);
        }
        for (size_t k = 0; k < R->cnt[t]; k++) {
            uint32_t v = R->id[t][k];
            for (int x = 0; x < 3; x++) {
                uint32_t c = L->kids[3 * v + (size_t)x];
                mpz_addmul(o[x], U->v[t][k], D->v[t + 1][R->slot[t + 1][c]]);
            }
        }
    }
}

veto_status veto_i_ternary_bdd(veto_i_ternary_t *out, const veto_i_rule_t *r,
                               size_t n, const veto_i_tbelief_t *bel,
                               size_t nbel, const veto_i_ctx_t *ctx,
                               veto_error_t *err)
{
    veto_status rc = VETO_OK;
    mgr_t g;
    reach_t R;
    vals_t U = {NULL}, D = {NULL};
    mpz_t *acc = NULL, *wt = NULL, *cy = NULL, *cn = NULL;
    mpq_t *cond = NULL;
    mpz_t den, tmp;
    mpz_init(den);
    mpz_init(tmp);
    memset(&R, 0, sizeof R);
    memset(out, 0, sizeof *out);
    memset(&g, 0, sizeof g);
    if (n == 0) {
        rc = veto_i_errorf(err, VETO_EINVAL, "a rule over no players");
        goto cleanup;
    }
    if (!veto_i_ternary_alloc(out, n, nbel)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    VETO_TRY(mgr_init(&g, r, n, ctx, err));
    uint32_t root = build(&g, r);
    if (root == NIL) {
        rc = g.rc != VETO_OK ? g.rc
                             : veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (!reach_make(&R, &g, root)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    {
        /* the passes keep two integers of up to log2(3^n) bits per node
         * (the beliefs' products of denominators are counted alike) */
        double nodes = 0;
        for (size_t t = 0; t <= n; t++) {
            nodes += (double)R.cnt[t];
        }
        double need = 2.0 * nodes * (16.0 + 8.0 + (double)n * 1.585 / 8.0) +
                      (double)g.bytes;
        if (ctx->max_memory != 0 && need > (double)ctx->max_memory) {
            rc = veto_i_errorf(err, VETO_ELIMIT,
                               "the three-valued decision diagram's passes "
                               "need about %.0f MiB, over the memory budget",
                               need / 1048576.0);
            veto_i_error_hint_code(err, VETO_HINT_MEMORY, "bdd", "mc", NULL);
            goto cleanup;
        }
    }
    if (!vals_init(&U, &R, n) || !vals_init(&D, &R, n)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    acc = veto_i_mallocarray(3 * n, sizeof *acc);
    wt = veto_i_mallocarray(3 * n, sizeof *wt);
    if (acc == NULL || wt == NULL) {
        veto_i_free(acc);
        veto_i_free(wt);
        acc = wt = NULL;
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t k = 0; k < 3 * n; k++) {
        mpz_init(acc[k]);
        mpz_init(wt[k]);
    }

    /* Counts. */
    edges_t plain = {NULL, -1, 0};
    VETO_TRY(pass_down(&D, &g, &R, &plain));
    VETO_TRY(pass_up(&U, &g, &R, &plain));
    combine(out->count, &g, &R, &U, &D);
    mpz_set(out->winning, D.v[0][0]);
    veto_i_ternary_finish_counts(out);

    /* Beliefs: numerators over a common denominator per player. */
    VETO_ALLOC(cond, veto_i_mallocarray(3 * n, sizeof *cond));
    for (size_t k = 0; k < 3 * n; k++) {
        mpq_init(cond[k]);
    }
    for (size_t b = 0; b < nbel; b++) {
        mpz_t *dn = veto_i_mallocarray(n, sizeof *dn);
        if (dn == NULL) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (size_t t = 0; t < n; t++) {
            size_t i = g.player[t];
            const mpq_t *y = &bel[b].yes[i], *a = &bel[b].abstain[i];
            mpz_init(dn[i]);
            mpz_lcm(dn[i], mpq_denref(*y), mpq_denref(*a));
            mpz_divexact(tmp, dn[i], mpq_denref(*y));
            mpz_mul(wt[3 * t + VETO_I_YES], tmp, mpq_numref(*y));
            mpz_divexact(tmp, dn[i], mpq_denref(*a));
            mpz_mul(wt[3 * t + VETO_I_ABSTAIN], tmp, mpq_numref(*a));
            mpz_sub(wt[3 * t + VETO_I_NO], dn[i], wt[3 * t + VETO_I_YES]);
            mpz_sub(wt[3 * t + VETO_I_NO], wt[3 * t + VETO_I_NO],
                    wt[3 * t + VETO_I_ABSTAIN]);
        }
        edges_t eb = {(const mpz_t *)wt, -1, 0};
        rc = pass_down(&D, &g, &R, &eb);
        if (rc == VETO_OK) {
            for (size_t t = 0; t <= n; t++) {
                for (size_t k = 0; k < R.cnt[t]; k++) {
                    mpz_set_ui(U.v[t][k], 0);
                }
            }
            rc = pass_up(&U, &g, &R, &eb);
        }
        if (rc == VETO_OK) {
            combine(acc, &g, &R, &U, &D);
            mpz_set_ui(den, 1);
            for (size_t i = 0; i < n; i++) {
                mpz_mul(den, den, dn[i]);
            }
            for (size_t i = 0; i < n; i++) {
                mpz_divexact(tmp, den, dn[i]);
                for (int x = 0; x < 3; x++) {
                    mpq_set_num(cond[3 * i + (size_t)x],
                                acc[3 * i + (size_t)x]);
                    mpq_set_den(cond[3 * i + (size_t)x], tmp);
                    mpq_canonicalize(cond[3 * i + (size_t)x]);
                }
            }
            veto_i_ternary_finish_belief(out, b, (const mpq_t *)cond, &bel[b]);
        }
        for (size_t i = 0; i < n; i++) {
            mpz_clear(dn[i]);
        }
        veto_i_free(dn);
        if (rc != VETO_OK) {
            goto cleanup;
        }
    }

    /* Roll call: packed polynomials, z marking yes, then no. */
    if (!out->roll_call_undefined) {
        size_t nodes = 0;
        for (size_t t = 0; t <= n; t++) {
            nodes += R.cnt[t];
        }
        mpz_ui_pow_ui(tmp, 3, (unsigned long)n);
        mp_bitcnt_t slot = (mp_bitcnt_t)mpz_sizeinbase(tmp, 2) + 1;
        double need =
            2.0 * (double)nodes * (double)(n + 1) * (double)slot / 8.0;
        double budget = ctx->max_memory != 0 ? (double)ctx->max_memory
                                             : (double)(1ull << 31);
        if (need > budget) {
            out->roll_call_missing = true;
            snprintf(out->roll_call_why, sizeof out->roll_call_why,
                     "the roll-call count would need about %.0f MiB for "
                     "the diagram's %zu nodes",
                     need / 1048576.0, nodes);
        } else {
            cy = veto_i_mallocarray(3 * n * n, sizeof *cy);
            cn = veto_i_mallocarray(3 * n * n, sizeof *cn);
            if (cy == NULL || cn == NULL) {
                veto_i_free(cy);
                veto_i_free(cn);
                cy = cn = NULL;
                rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
                goto cleanup;
            }
            for (size_t k = 0; k < 3 * n * n; k++) {
                mpz_init(cy[k]);
                mpz_init(cn[k]);
            }
            for (int pass = 0; pass < 2; pass++) {
                int mark = pass == 0 ? VETO_I_YES : VETO_I_NO;
                edges_t ep = {NULL, mark, slot};
                for (size_t t = 0; t <= n; t++) {
                    for (size_t k = 0; k < R.cnt[t]; k++) {
                        mpz_set_ui(U.v[t][k], 0);
                    }
                }
                VETO_TRY(pass_down(&D, &g, &R, &ep));
                VETO_TRY(pass_up(&U, &g, &R, &ep));
                combine(acc, &g, &R, &U, &D);
                mpz_t *dst = pass == 0 ? cy : cn;
                for (size_t t = 0; t < n; t++) {
                    size_t i = g.player[t];
                    for (int x = 0; x < 3; x++) {
                        /* U and D leave level t's own edge out, so the
                         * product counts the others' votes only */
                        mpz_t *a = &acc[3 * i + (size_t)x];
                        for (size_t k = 0; k < n; k++) {
                            mpz_fdiv_r_2exp(tmp, *a, slot);
                            mpz_set(dst[(3 * i + (size_t)x) * n + k], tmp);
                            mpz_fdiv_q_2exp(*a, *a, slot);
                        }
                    }
                }
            }
            if (!veto_i_ternary_finish_roll_call(out, (const mpz_t *)cy,
                                                 (const mpz_t *)cn)) {
                rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
                goto cleanup;
            }
        }
    }

cleanup:
    if (rc != VETO_OK) {
        veto_i_ternary_clear(out);
    }
    if (acc != NULL) {
        for (size_t k = 0; k < 3 * n; k++) {
            mpz_clear(acc[k]);
            mpz_clear(wt[k]);
        }
    }
    veto_i_free(acc);
    veto_i_free(wt);
    if (cy != NULL) {
        for (size_t k = 0; k < 3 * n * n; k++) {
            mpz_clear(cy[k]);
            mpz_clear(cn[k]);
        }
    }
    veto_i_free(cy);
    veto_i_free(cn);
    if (cond != NULL) {
        for (size_t k = 0; k < 3 * n; k++) {
            mpq_clear(cond[k]);
        }
    }
    veto_i_free(cond);
    vals_free(&U, &R, n);
    vals_free(&D, &R, n);
    reach_free(&R, n);
    mgr_free(&g);
    mpz_clear(den);
    mpz_clear(tmp);
    return rc;
}
