/*
 * bdd_ops.c: operations on diagrams: the memoised binary apply, the
 * unary operations (minimal count vectors, mirror, critical levels, leaf
 * scaling) and the implication test. See bdd_i.h.
 */
#include "bdd_i.h"

static uint32_t leaf_op(unsigned op, uint32_t a, uint32_t b)
{
    switch (op) {
    case BDD_OP_AND:
        return a && b;
    case BDD_OP_OR:
        return a || b;
    case BDD_OP_ANDNOT:
        return a && !b;
    case BDD_OP_PLUS:
        return a + b; /* leaves count players: at most n < 2^31 */
    default:          /* BDD_OP_SEL */
        return a ? b : 0;
    }
}

/* Binary apply at level t on nodes a, b of level t. BDD_NIL on error. */
uint32_t bdd_apply(bdd_mgr_t *g, unsigned op, size_t t, uint32_t a, uint32_t b)
{
    if (t == g->T) {
        return leaf_op(op, a, b);
    }
    switch (op) {
    case BDD_OP_AND:
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
    case BDD_OP_OR:
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
    case BDD_OP_ANDNOT:
        if (a == 0 || b == 1 || a == b) {
            return 0;
        }
        if (b == 0) {
            return a;
        }
        break;
    case BDD_OP_PLUS:
        if (a == 0) {
            return b;
        }
        if (b == 0) {
            return a;
        }
        break;
    default: /* BDD_OP_SEL */
        if (a == 0 || b == 0) {
            return 0;
        }
        if (a == 1) {
            return b;
        }
        break;
    }
    if ((op == BDD_OP_AND || op == BDD_OP_OR || op == BDD_OP_PLUS) && a > b) {
        uint32_t x = a;
        a = b;
        b = x;
    }
    uint32_t r;
    if (bdd_cache_get(g, op, t, a, b, &r)) {
        return r;
    }
    bdd_lvl_t *L = &g->lv[t];
    for (size_t j = 0; j < L->arity; j++) {
        uint32_t x =
            bdd_apply(g, op, t + 1, bdd_kid(g, t, a, j), bdd_kid(g, t, b, j));
        if (x == BDD_NIL) {
            return BDD_NIL;
        }
        L->scratch[j] = x;
    }
    r = bdd_mk(g, t, L->scratch);
    if (r != BDD_NIL) {
        bdd_cache_put(g, op, t, a, b, r);
    }
    return r;
}

/* Unary operations with a parameter p (a level for SHIFT and SCALE, a
 * constant for MULC). BDD_NIL on error. */
uint32_t bdd_unary(bdd_mgr_t *g, unsigned op, size_t t, uint32_t v, uint32_t p)
{
    if (t == g->T) {
        /* MULC: leaf values stay <= n (a count of players times 0/1). */
        return op == BDD_OP_MULC ? v * p : v;
    }
    switch (op) {
    case BDD_OP_MIN:
    case BDD_OP_SCALE:
    case BDD_OP_CRIT:
        if (v == 0) {
            return 0;
        }
        break;
    case BDD_OP_MIRROR:
        if (v <= 1) {
            return v;
        }
        break;
    case BDD_OP_MULC:
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
    if (bdd_cache_get(g, op, t, v, p, &r)) {
        return r;
    }
    bdd_lvl_t *L = &g->lv[t];
    size_t a = L->arity;
    for (size_t j = 0; j < a; j++) {
        uint32_t x;
        switch (op) {
        case BDD_OP_MIN:
            x = bdd_unary(g, BDD_OP_MIN, t + 1, bdd_kid(g, t, v, j), 0);
            if (x != BDD_NIL && j > 0) {
                x = bdd_apply(g, BDD_OP_ANDNOT, t + 1, x,
                              bdd_kid(g, t, v, j - 1));
            }
            break;
        case BDD_OP_MIRROR:
            x = bdd_unary(g, BDD_OP_MIRROR, t + 1, bdd_kid(g, t, v, a - 1 - j),
                          0);
            break;
        case BDD_OP_CRIT:
            if (t == p) {
                x = j == 0 ? 0
                           : bdd_apply(g, BDD_OP_ANDNOT, t + 1,
                                       bdd_kid(g, t, v, j),
                                       bdd_kid(g, t, v, j - 1));
            } else {
                x = bdd_unary(g, op, t + 1, bdd_kid(g, t, v, j), p);
            }
            break;
        case BDD_OP_SCALE:
            if (t == p) {
                x = bdd_unary(g, BDD_OP_MULC, t + 1, bdd_kid(g, t, v, j),
                              (uint32_t)j);
            } else {
                x = bdd_unary(g, BDD_OP_SCALE, t + 1, bdd_kid(g, t, v, j), p);
            }
            break;
        default: /* BDD_OP_MULC */
            x = bdd_unary(g, BDD_OP_MULC, t + 1, bdd_kid(g, t, v, j), p);
            break;
        }
        if (x == BDD_NIL) {
            return BDD_NIL;
        }
        L->scratch[j] = x;
    }
    r = bdd_mk(g, t, L->scratch);
    if (r != BDD_NIL) {
        bdd_cache_put(g, op, t, v, p, r);
    }
    return r;
}

/* Is a <= b (a implies b) for nodes of level t? Memoised, makes no node.
 * O(|a| * |b| * m) at worst. */
bool bdd_leq(bdd_mgr_t *g, size_t t, uint32_t a, uint32_t b)
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
    if (bdd_cache_get(g, BDD_OP_LEQ, t, a, b, &r)) {
        return r != 0;
    }
    bool res = true;
    for (size_t j = 0; j < g->lv[t].arity && res; j++) {
        res = bdd_leq(g, t + 1, bdd_kid(g, t, a, j), bdd_kid(g, t, b, j));
    }
    bdd_cache_put(g, BDD_OP_LEQ, t, a, b, res ? 1 : 0);
    return res;
}
