/*
 * rule.c: lowering a model's expression to the normalised rule tree, and
 * the tree's life cycle: copy, free, evaluation, substitution of fixed
 * votes, the players it mentions, its size and its text.
 *
 * Every constructor here returns a normalised node (see rule.h), so a tree
 * built from normalised children is normalised again without a second pass.
 */
#include "rule.h"
#include "rule_i.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- nodes ------------------------------------------------------------ */

veto_i_rule_t *veto_i_rule_node_new(veto_i_rule_kind kind)
{
    veto_i_rule_t *r = veto_i_calloc(1, sizeof *r);
    if (r != NULL) {
        r->kind = kind;
        mpz_init(r->quota);
        mpq_init(r->share);
    }
    return r;
}

/* Drop a term's arrays (the node stays valid as a constant). */
static void term_arrays_free(veto_i_rule_t *r)
{
    if (r->w != NULL) {
        for (size_t j = 0; j < r->nterm; j++) {
            mpz_clear(r->w[j]);
        }
        veto_i_free(r->w);
    }
    veto_i_free(r->player);
    veto_i_free(r->w64);
    r->w = NULL;
    r->player = NULL;
    r->w64 = NULL;
    r->nterm = 0;
    r->small = false;
}

void veto_i_rule_free(veto_i_rule_t *r)
{
    if (r == NULL) {
        return;
    }
    term_arrays_free(r);
    if (r->child != NULL) {
        for (size_t c = 0; c < r->nchild; c++) {
            veto_i_rule_free(r->child[c]);
        }
        veto_i_free(r->child);
    }
    mpz_clear(r->quota);
    mpq_clear(r->share);
    veto_i_free(r);
}

veto_i_rule_t *veto_i_rule_term_new(size_t nterm)
{
    veto_i_rule_t *r = veto_i_rule_node_new(VETO_I_R_TERM);
    if (r == NULL) {
        return NULL;
    }
    r->player = veto_i_calloc(nterm, sizeof *r->player);
    r->w = veto_i_mallocarray(nterm == 0 ? 1 : nterm, sizeof *r->w);
    if (r->player == NULL || r->w == NULL) {
        veto_i_free(r->player);
        veto_i_free(r->w);
        r->player = NULL;
        r->w = NULL;
        veto_i_rule_free(r);
        return NULL;
    }
    for (size_t j = 0; j < nterm; j++) {
        mpz_init(r->w[j]);
    }
    r->nterm = nterm;
    return r;
}

/* Turn r into a constant, releasing what it held. */
static void make_const(veto_i_rule_t *r, bool value)
{
    term_arrays_free(r);
    r->kind = value ? VETO_I_R_TRUE : VETO_I_R_FALSE;
    mpz_set_ui(r->quota, 0);
}

/* An OF_VOTING term: zero weights dropped, the gcd divided out; no
 * folding (an empty term never has a yes: FALSE). */
static bool of_voting_finish(veto_i_rule_t *r)
{
    size_t out = 0;
    for (size_t j = 0; j < r->nterm; j++) {
        if (mpz_sgn(r->w[j]) != 0) {
            if (out != j) {
                mpz_swap(r->w[out], r->w[j]);
                r->player[out] = r->player[j];
            }
            out++;
        }
    }
    for (size_t j = out; j < r->nterm; j++) {
        mpz_clear(r->w[j]);
    }
    r->nterm = out;
    if (out == 0) {
        make_const(r, false);
        return true;
    }
    mpz_t g;
    mpz_init_set(g, r->w[0]);
    for (size_t j = 1; j < r->nterm; j++) {
        mpz_gcd(g, g, r->w[j]);
    }
    for (size_t j = 0; j < r->nterm; j++) {
        mpz_divexact(r->w[j], r->w[j], g);
    }
    mpz_clear(g);
    mpz_set_ui(r->quota, 1);
    return true;
}

bool veto_i_rule_term_finish(veto_i_rule_t *r)
{
    if (r->vote == VETO_I_V_OF_VOTING) {
        return of_voting_finish(r);
    }
    /* Compact away zero weights; players stay in increasing order. */
    size_t out = 0;
    for (size_t j = 0; j < r->nterm; j++) {
        if (mpz_sgn(r->w[j]) != 0) {
            if (out != j) {
                mpz_swap(r->w[out], r->w[j]);
                r->player[out] = r->player[j];
            }
            out++;
        }
    }
    for (size_t j = out; j < r->nterm; j++) {
        mpz_clear(r->w[j]);
    }
    r->nterm = out;
    veto_i_free(r->w64);
    r->w64 = NULL;
    r->small = false;

    if (mpz_sgn(r->quota) <= 0) {
        make_const(r, true);
        return true;
    }
    mpz_t total, g;
    mpz_init(total);
    mpz_init_set(g, r->quota);
    for (size_t j = 0; j < r->nterm; j++) {
        mpz_add(total, total, r->w[j]);
        mpz_gcd(g, g, r->w[j]);
    }
    bool ok = true;
    if (mpz_cmp(r->quota, total) > 0) {
        make_const(r, false);
    } else {
        if (mpz_cmp_ui(g, 1) > 0) {
            mpz_divexact(r->quota, r->quota, g);
            mpz_divexact(total, total, g);
            for (size_t j = 0; j < r->nterm; j++) {
                mpz_divexact(r->w[j], r->w[j], g);
            }
        }
        /* Every partial sum is at most total, so int64 suffices when the
         * total fits in 63 bits. */
        if (mpz_sizeinbase(total, 2) <= 62) {
            r->w64 = veto_i_mallocarray(r->nterm, sizeof *r->w64);
            if (r->w64 == NULL) {
                ok = false;
            } else {
                for (size_t j = 0; j < r->nterm; j++) {
                    r->w64[j] = (int64_t)mpz_get_si(r->w[j]);
                }
                r->q64 = (int64_t)mpz_get_si(r->quota);
                r->small = true;
            }
        }
    }
    mpz_clear(total);
    mpz_clear(g);
    return ok;
}

/* Free kids[0..n) and the array. */
static void kids_free(veto_i_rule_t **kids, size_t n)
{
    if (kids != NULL) {
        for (size_t c = 0; c < n; c++) {
            veto_i_rule_free(kids[c]);
        }
        veto_i_free(kids);
    }
}

veto_i_rule_t *veto_i_rule_kof_make(long long k, veto_i_rule_t **kids,
                                    size_t nkids)
{
    size_t kept = 0;
    for (size_t c = 0; c < nkids; c++) {
        veto_i_rule_t *ch = kids[c];
        if (ch->kind == VETO_I_R_TRUE) {
            k--;
            veto_i_rule_free(ch);
        } else if (ch->kind == VETO_I_R_FALSE) {
            veto_i_rule_free(ch);
        } else {
            kids[kept++] = ch;
        }
    }
    if (k <= 0 || (unsigned long long)k > kept) {
        kids_free(kids, kept);
        return veto_i_rule_node_new(k <= 0 ? VETO_I_R_TRUE : VETO_I_R_FALSE);
    }
    if (kept == 1) {
        veto_i_rule_t *only = kids[0];
        veto_i_free(kids);
        return only;
    }
    bool is_and = (size_t)k == kept;
    bool is_or = k == 1;
    size_t total = 0;
    for (size_t c = 0; c < kept; c++) {
        const veto_i_rule_t *ch = kids[c];
        bool splice = ch->kind == VETO_I_R_KOF &&
                      ((is_and && ch->k == ch->nchild) || (is_or && ch->k == 1));
        total += splice ? ch->nchild : 1;
    }
    veto_i_rule_t *r = veto_i_rule_node_new(VETO_I_R_KOF);
    veto_i_rule_t **flat = veto_i_mallocarray(total, sizeof *flat);
    if (r == NULL || flat == NULL) {
        veto_i_free(flat);
        veto_i_rule_free(r);
        kids_free(kids, kept);
        return NULL;
    }
    size_t at = 0;
    for (size_t c = 0; c < kept; c++) {
        veto_i_rule_t *ch = kids[c];
        bool splice = ch->kind == VETO_I_R_KOF &&
                      ((is_and && ch->k == ch->nchild) || (is_or && ch->k == 1));
        if (splice) {
            for (size_t g = 0; g < ch->nchild; g++) {
                flat[at++] = ch->child[g];
            }
            ch->nchild = 0; /* the grandchildren moved to flat */
            veto_i_rule_free(ch);
        } else {
            flat[at++] = ch;
        }
    }
    veto_i_free(kids);
    r->child = flat;
    r->nchild = total;
    r->k = is_and ? total : (size_t)k;
    return r;
}

/* ---- lowering --------------------------------------------------------- */

static veto_status lower_term(veto_i_rule_t **out, const veto_i_expr_t *e,
                              const veto_model_t *m, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_rule_t *r = NULL;
    size_t np;
    const size_t *members = veto_i_expr_set(m, e, &np);
    mpz_t lcm;
    mpq_t total, rhs, c;
    mpz_init_set_ui(lcm, 1);
    mpq_init(total);
    mpq_init(rhs);
    mpq_init(c);

    VETO_ALLOC(r, veto_i_rule_term_new(np));
    for (size_t j = 0; j < np; j++) {
        size_t p = members != NULL ? members[j] : j;
        r->player[j] = p;
        if (e->attr >= 0) {
            const mpq_t *v = veto_i_model_attr(m, p, (size_t)e->attr);
            if (mpq_sgn(*v) < 0) {
                rc = veto_i_error(err, VETO_EINVAL, m->filename, e->line,
                                  e->col, NULL, 0,
                                  "attribute '%s' of player '%s' is negative; "
                                  "a rule must not lose support when a player "
                                  "joins",
                                  m->attr_names[e->attr], m->names[p]);
                goto cleanup;
            }
            mpz_lcm(lcm, lcm, mpq_denref(*v));
            mpq_add(total, total, *v);
        } else {
            mpq_set_ui(c, 1, 1);
            mpq_add(total, total, c);
        }
    }
    /* Scale every coefficient by the lcm of their denominators: integer
     * weights, the same comparison. */
    for (size_t j = 0; j < np; j++) {
        if (e->attr >= 0) {
            const mpq_t *v = veto_i_model_attr(m, r->player[j], (size_t)e->attr);
            mpz_divexact(r->w[j], lcm, mpq_denref(*v));
            mpz_mul(r->w[j], r->w[j], mpq_numref(*v));
        } else {
            mpz_set(r->w[j], lcm);
        }
    }
    if (e->of_voting) {
        r->vote = VETO_I_V_OF_VOTING;
        r->of_strict = e->strict;
        mpq_set(r->share, e->rhs);
        if (!veto_i_rule_term_finish(r)) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        *out = r;
        r = NULL;
        goto cleanup;
    }
    r->vote = e->at_least_abstain ? VETO_I_V_ABSTAIN : VETO_I_V_YES;
    mpq_set(rhs, e->rhs);
    if (e->relative) {
        mpq_mul(rhs, rhs, total);
    }
    mpz_set(mpq_numref(c), lcm);
    mpz_set_ui(mpq_denref(c), 1);
    mpq_mul(rhs, rhs, c);
    /* The sum is an integer: sum >= r iff sum >= ceil(r); sum > r iff
     * sum >= floor(r) + 1. */
    if (e->strict) {
        mpz_fdiv_q(r->quota, mpq_numref(rhs), mpq_denref(rhs));
        mpz_add_ui(r->quota, r->quota, 1);
    } else {
        mpz_cdiv_q(r->quota, mpq_numref(rhs), mpq_denref(rhs));
    }
    if (!veto_i_rule_term_finish(r)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    *out = r;
    r = NULL;

cleanup:
    veto_i_rule_free(r);
    mpz_clear(lcm);
    mpq_clear(total);
    mpq_clear(rhs);
    mpq_clear(c);
    return rc;
}

/* A term with weight 1 on each listed player and the given quota. */
static veto_i_rule_t *unit_term(const size_t *players, size_t np,
                                unsigned long quota, bool abstain)
{
    veto_i_rule_t *r = veto_i_rule_term_new(np);
    if (r == NULL) {
        return NULL;
    }
    r->vote = abstain ? VETO_I_V_ABSTAIN : VETO_I_V_YES;
    for (size_t j = 0; j < np; j++) {
        r->player[j] = players != NULL ? players[j] : j;
        mpz_set_ui(r->w[j], 1);
    }
    mpz_set_ui(r->quota, quota);
    if (!veto_i_rule_term_finish(r)) {
        veto_i_rule_free(r);
        return NULL;
    }
    return r;
}

static veto_status lower(veto_i_rule_t **out, const veto_i_expr_t *e,
                         const veto_model_t *m, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_rule_t **kids = NULL;
    size_t nk = 0;
    *out = NULL;
    switch (e->kind) {
    case VETO_I_E_TERM:
        return lower_term(out, e, m, err);
    case VETO_I_E_PLAYER:
        VETO_ALLOC(*out, unit_term(&e->player, 1, 1, e->at_least_abstain));
        return VETO_OK;
    case VETO_I_E_ALL:
    case VETO_I_E_ANY: {
        size_t np;
        const size_t *set = veto_i_expr_set(m, e, &np);
        VETO_ALLOC(*out, unit_term(set, np, e->kind == VETO_I_E_ALL ? np : 1,
                                   e->at_least_abstain));
        return VETO_OK;
    }
    case VETO_I_E_KOF:
    case VETO_I_E_AND:
    case VETO_I_E_OR: {
        VETO_ALLOC(kids, veto_i_mallocarray(e->nchild == 0 ? 1 : e->nchild,
                                            sizeof *kids));
        for (nk = 0; nk < e->nchild; nk++) {
            VETO_TRY(lower(&kids[nk], e->child[nk], m, err));
        }
        long long k;
        if (e->kind == VETO_I_E_AND) {
            k = (long long)e->nchild;
        } else if (e->kind == VETO_I_E_OR) {
            k = 1;
        } else {
            /* Beyond nchild + 1 every k means FALSE alike. */
            k = e->k > e->nchild ? (long long)e->nchild + 1 : (long long)e->k;
        }
        veto_i_rule_t **owned = kids;
        kids = NULL;
        VETO_ALLOC(*out, veto_i_rule_kof_make(k, owned, nk));
        return VETO_OK;
    }
    }
    return veto_i_errorf(err, VETO_EINVAL, "unknown expression kind %d",
                         (int)e->kind);

cleanup:
    kids_free(kids, nk);
    return rc;
}

veto_status veto_i_rule_build(veto_i_rule_t **out, const veto_model_t *m,
                              veto_error_t *err)
{
    *out = NULL;
    if (m->rule == NULL) {
        return veto_i_errorf(err, VETO_EINVAL, "the model has no rule");
    }
    return lower(out, m->rule, m, err);
}

/* ---- copy, eval, substitute -------------------------------------------- */

veto_i_rule_t *veto_i_rule_copy(const veto_i_rule_t *r)
{
    veto_i_rule_t *c;
    switch (r->kind) {
    case VETO_I_R_TRUE:
    case VETO_I_R_FALSE:
        return veto_i_rule_node_new(r->kind);
    case VETO_I_R_TERM:
        c = veto_i_rule_term_new(r->nterm);
        if (c == NULL) {
            return NULL;
        }
        for (size_t j = 0; j < r->nterm; j++) {
            c->player[j] = r->player[j];
            mpz_set(c->w[j], r->w[j]);
        }
        mpz_set(c->quota, r->quota);
        c->vote = r->vote;
        c->of_strict = r->of_strict;
        mpq_set(c->share, r->share);
        if (r->small) {
            c->w64 = veto_i_mallocarray(r->nterm, sizeof *c->w64);
            if (c->w64 == NULL) {
                veto_i_rule_free(c);
                return NULL;
            }
            memcpy(c->w64, r->w64, r->nterm * sizeof *c->w64);
            c->q64 = r->q64;
            c->small = true;
        }
        return c;
    case VETO_I_R_KOF:
        c = veto_i_rule_node_new(VETO_I_R_KOF);
        if (c == NULL) {
            return NULL;
        }
        c->child = veto_i_calloc(r->nchild, sizeof *c->child);
        if (c->child == NULL) {
            veto_i_rule_free(c);
            return NULL;
        }
        c->nchild = r->nchild;
        c->k = r->k;
        for (size_t i = 0; i < r->nchild; i++) {
            c->child[i] = veto_i_rule_copy(r->child[i]);
            if (c->child[i] == NULL) {
                veto_i_rule_free(c);
                return NULL;
            }
        }
        return c;
    }
    return NULL;
}

bool veto_i_rule_eval(const veto_i_rule_t *r, const unsigned char *in)
{
    switch (r->kind) {
    case VETO_I_R_TRUE:
        return true;
    case VETO_I_R_FALSE:
        return false;
    case VETO_I_R_TERM:
        if (r->small) {
            int64_t s = 0; /* <= sum of w64 < 2^62: no overflow */
            for (size_t j = 0; j < r->nterm; j++) {
                if (in[r->player[j]]) {
                    s += r->w64[j];
                }
            }
            return s >= r->q64;
        } else {
            mpz_t s;
            mpz_init(s);
            for (size_t j = 0; j < r->nterm; j++) {
                if (in[r->player[j]]) {
                    mpz_add(s, s, r->w[j]);
                }
            }
            bool win = mpz_cmp(s, r->quota) >= 0;
            mpz_clear(s);
            return win;
        }
    case VETO_I_R_KOF: {
        size_t yes = 0;
        for (size_t c = 0; c < r->nchild; c++) {
            if (veto_i_rule_eval(r->child[c], in)) {
                if (++yes >= r->k) {
                    return true;
                }
            } else if (r->nchild - (c + 1 - yes) < r->k) {
                return false;
            }
        }
        return yes >= r->k;
    }
    }
    return false;
}

veto_i_rule_t *veto_i_rule_substitute(const veto_i_rule_t *r,
                                      const signed char *fixed)
{
    switch (r->kind) {
    case VETO_I_R_TRUE:
    case VETO_I_R_FALSE:
        return veto_i_rule_node_new(r->kind);
    case VETO_I_R_TERM: {
        size_t nfree = 0;
        for (size_t j = 0; j < r->nterm; j++) {
            nfree += fixed[r->player[j]] < 0;
        }
        veto_i_rule_t *c = veto_i_rule_term_new(nfree);
        if (c == NULL) {
            return NULL;
        }
        mpz_set(c->quota, r->quota);
        size_t at = 0;
        for (size_t j = 0; j < r->nterm; j++) {
            signed char f = fixed[r->player[j]];
            if (f < 0) {
                c->player[at] = r->player[j];
                mpz_set(c->w[at], r->w[j]);
                at++;
            } else if (f > 0) {
                mpz_sub(c->quota, c->quota, r->w[j]);
            }
        }
        if (!veto_i_rule_term_finish(c)) {
            veto_i_rule_free(c);
            return NULL;
        }
        return c;
    }
    case VETO_I_R_KOF: {
        veto_i_rule_t **kids = veto_i_calloc(r->nchild, sizeof *kids);
        if (kids == NULL) {
            return NULL;
        }
        for (size_t c = 0; c < r->nchild; c++) {
            kids[c] = veto_i_rule_substitute(r->child[c], fixed);
            if (kids[c] == NULL) {
                kids_free(kids, c);
                return NULL;
            }
        }
        return veto_i_rule_kof_make((long long)r->k, kids, r->nchild);
    }
    }
    return NULL;
}

void veto_i_rule_mentions(const veto_i_rule_t *r, unsigned char *mentioned)
{
    if (r->kind == VETO_I_R_TERM) {
        for (size_t j = 0; j < r->nterm; j++) {
            mentioned[r->player[j]] = 1;
        }
    } else if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            veto_i_rule_mentions(r->child[c], mentioned);
        }
    }
}

size_t veto_i_rule_size(const veto_i_rule_t *r)
{
    size_t s = 1;
    if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            s += veto_i_rule_size(r->child[c]);
        }
    }
    return s;
}

/* ---- text ---------------------------------------------------------------
 *
 * The text is the .veto language itself, so that every rule veto prints can
 * be pasted into a model and lowers to the same tree again: a term over the
 * players of a group names the group, a term over everybody has no list,
 * other sets are written as lists of names. A weighted term is written over
 * the attribute its weights are proportional to, with the shortest decimal
 * right-hand side that lowers to the same quota.
 */

/* Does group g have exactly the players of term r? */
static bool group_is(const veto_model_t *m, size_t g, const veto_i_rule_t *r)
{
    if (m->group_size[g] != r->nterm) {
        return false;
    }
    for (size_t j = 0; j < r->nterm; j++) {
        if (m->group_members[g][j] != r->player[j]) {
            return false;
        }
    }
    return true;
}

static void put_list(veto_i_buf_t *b, const veto_model_t *m,
                     const veto_i_rule_t *r, long group)
{
    veto_i_buf_printf(b, "(");
    if (group >= 0) {
        veto_i_buf_name(b, m->group_names[group]);
    } else {
        for (size_t j = 0; j < r->nterm; j++) {
            veto_i_buf_printf(b, "%s", j == 0 ? "" : ", ");
            veto_i_buf_name(b, m->names[r->player[j]]);
        }
    }
    veto_i_buf_printf(b, ")");
}

/* Is T (group g, or everybody when g < 0) a set attribute a can sum over
 * in place of the term's players: a superset of them whose other members
 * all declare a and have it 0? */
static bool attr_set_ok(const veto_model_t *m, size_t a, long g,
                        const veto_i_rule_t *r)
{
    size_t nt = g >= 0 ? m->group_size[g] : m->n;
    size_t j = 0;
    for (size_t k = 0; k < nt; k++) {
        size_t i = g >= 0 ? m->group_members[g][k] : k;
        if (!m->attr_set[i * m->nattrs + a]) {
            return false;
        }
        if (j < r->nterm && r->player[j] == i) {
            j++;
        } else if (mpq_sgn(*veto_i_model_attr(m, i, a)) != 0) {
            return false;
        }
    }
    return j == r->nterm;
}

/* A weighted term as ATTR >= R, ATTR(GROUP) >= R or ATTR(A, B) >= R; false
 * when no attribute's values are proportional to its weights. */
static bool weighted_text(veto_i_buf_t *b, const veto_i_rule_t *r,
                          const veto_model_t *m)
{
    bool done = false;
    mpq_t c, t;
    mpz_t lcm, lq, num, lo, p10;
    mpq_init(c);
    mpq_init(t);
    mpz_init(lcm);
    mpz_init(lq);
    mpz_init(num);
    mpz_init(lo);
    mpz_init(p10);
    for (size_t a = 0; a < m->nattrs && !done; a++) {
        /* the language names attributes by identifiers only */
        bool prop = veto_i_name_is_bare(m->attr_names[a]);
        for (size_t j = 0; j < r->nterm && prop; j++) {
            size_t i = r->player[j];
            if (!m->attr_set[i * m->nattrs + a]) {
                prop = false;
                break;
            }
            /* t = A_i / w_j must be the same c for every j */
            mpq_set_z(t, r->w[j]);
            mpq_div(t, *veto_i_model_attr(m, i, a), t);
            if (mpq_sgn(t) == 0) {
                prop = false; /* the term has only positive weights */
            } else if (j == 0) {
                mpq_set(c, t);
            } else {
                prop = mpq_equal(c, t);
            }
        }
        if (!prop) {
            continue;
        }
        /* The set written: a group, everybody, or the term's own players. */
        long g = -2;
        for (size_t k = 0; k < m->ngroups && g == -2; k++) {
            if (attr_set_ok(m, a, (long)k, r)) {
                g = (long)k;
            }
        }
        if (g == -2 && attr_set_ok(m, a, -1, r)) {
            g = -1;
        }
        /* Lowering scales by L, the lcm of the denominators over that set,
         * so it needs ceil(R * L) = L * c * q: an integer when L * c is
         * (true of every tree lowered from this model). */
        size_t nt = g >= 0 ? m->group_size[g] : g == -1 ? m->n : r->nterm;
        mpz_set_ui(lcm, 1);
        for (size_t k = 0; k < nt; k++) {
            size_t i = g >= 0 ? m->group_members[g][k]
                       : g == -1 ? k : r->player[k];
            mpz_lcm(lcm, lcm, mpq_denref(*veto_i_model_attr(m, i, a)));
        }
        mpq_set_z(t, lcm);
        mpq_mul(t, t, c);
        if (mpz_cmp_ui(mpq_denref(t), 1) != 0) {
            continue;
        }
        mpz_mul(lq, mpq_numref(t), r->quota); /* L c q >= 1 */
        /* The shortest decimal R = num / 10^d with (L c q - 1) / L < R <=
         * L c q / L, found by trying d = 0, 1, ... (at most the digits of
         * L, since 10^-d < 1/L ends the search). */
        mpz_set_ui(p10, 1);
        unsigned d = 0;
        for (;;) {
            mpz_mul(num, lq, p10);
            mpz_fdiv_q(num, num, lcm);
            mpz_mul(lo, num, lcm);      /* R > (Lcq - 1)/L  <=>  */
            mpz_sub_ui(mpq_numref(t), lq, 1); /* num L > (Lcq - 1) 10^d */
            mpz_mul(mpq_numref(t), mpq_numref(t), p10);
            if (mpz_cmp(lo, mpq_numref(t)) > 0) {
                break;
            }
            mpz_mul_ui(p10, p10, 10);
            d++;
        }
        veto_i_buf_name(b, m->attr_names[a]);
        if (g >= 0) {
            veto_i_buf_printf(b, "(");
            veto_i_buf_name(b, m->group_names[g]);
            veto_i_buf_printf(b, ")");
        } else if (g == -2) {
            put_list(b, m, r, -1);
        }
        veto_i_buf_printf(b, " >= ");
        char *digits = mpz_get_str(NULL, 10, num);
        if (digits == NULL) {
            b->oom = true;
        } else {
            size_t len = strlen(digits);
            if (d == 0) {
                veto_i_buf_printf(b, "%s", digits);
            } else if (len > d) {
                veto_i_buf_printf(b, "%.*s.%s", (int)(len - d), digits,
                                  digits + (len - d));
            } else {
                veto_i_buf_printf(b, "0.");
                for (size_t z = len; z < d; z++) {
                    veto_i_buf_printf(b, "0");
                }
                veto_i_buf_printf(b, "%s", digits);
            }
            void (*gmp_free)(void *, size_t);
            mp_get_memory_functions(NULL, NULL, &gmp_free);
            gmp_free(digits, len + 1);
        }
        done = true;
    }
    mpq_clear(c);
    mpq_clear(t);
    mpz_clear(lcm);
    mpz_clear(lq);
    mpz_clear(num);
    mpz_clear(lo);
    mpz_clear(p10);
    return done;
}

static void term_text1(veto_i_buf_t *b, const veto_i_rule_t *r,
                       const veto_model_t *m);

/* `SUM >= F of voting`: count when the weights are all 1, else the first
 * attribute proportional to them over the term's players. */
static void of_voting_text(veto_i_buf_t *b, const veto_i_rule_t *r,
                           const veto_model_t *m)
{
    bool unit = true;
    for (size_t j = 0; j < r->nterm; j++) {
        unit = unit && mpz_cmp_ui(r->w[j], 1) == 0;
    }
    long attr = -1;
    mpq_t c, t;
    mpq_init(c);
    mpq_init(t);
    for (size_t a = 0; a < m->nattrs && !unit && attr < 0; a++) {
        bool prop = veto_i_name_is_bare(m->attr_names[a]);
        for (size_t j = 0; j < r->nterm && prop; j++) {
            size_t i = r->player[j];
            if (!m->attr_set[i * m->nattrs + a]) {
                prop = false;
                break;
            }
            mpq_set_z(t, r->w[j]);
            mpq_div(t, *veto_i_model_attr(m, i, a), t);
            if (j == 0) {
                mpq_set(c, t);
            } else {
                prop = mpq_equal(c, t);
            }
        }
        if (prop) {
            attr = (long)a;
        }
    }
    mpq_clear(c);
    mpq_clear(t);
    long group = -1;
    for (size_t g = 0; g < m->ngroups && group < 0; g++) {
        if (group_is(m, g, r)) {
            group = (long)g;
        }
    }
    bool everybody = group < 0 && r->nterm == m->n;
    if (attr >= 0) {
        veto_i_buf_name(b, m->attr_names[attr]);
    } else {
        veto_i_buf_printf(b, "count");
    }
    if (!everybody) {
        put_list(b, m, r, group);
    }
    veto_i_buf_printf(b, " %s ", r->of_strict ? ">" : ">=");
    veto_i_buf_mpz(b, mpq_numref(r->share));
    veto_i_buf_printf(b, "/");
    veto_i_buf_mpz(b, mpq_denref(r->share));
    veto_i_buf_printf(b, " of voting");
}

static void term_text(veto_i_buf_t *b, const veto_i_rule_t *r,
                      const veto_model_t *m)
{
    if (r->vote == VETO_I_V_OF_VOTING) {
        of_voting_text(b, r, m);
        return;
    }
    term_text1(b, r, m);
    if (r->vote == VETO_I_V_ABSTAIN) {
        veto_i_buf_printf(b, " at least abstain");
    }
}

static void term_text1(veto_i_buf_t *b, const veto_i_rule_t *r,
                       const veto_model_t *m)
{
    bool unit = true;
    for (size_t j = 0; j < r->nterm; j++) {
        unit = unit && mpz_cmp_ui(r->w[j], 1) == 0;
    }
    if (unit && r->nterm == 1) {
        veto_i_buf_name(b, m->names[r->player[0]]);
        return;
    }
    if (!unit) {
        if (weighted_text(b, r, m)) {
            return;
        }
        /* Not from this model's attributes (never for a lowered rule):
         * the bracket notation, which says the same. */
        veto_i_buf_printf(b, "[");
        veto_i_buf_mpz(b, r->quota);
        veto_i_buf_printf(b, ";");
        for (size_t j = 0; j < r->nterm; j++) {
            veto_i_buf_printf(b, "%s ", j == 0 ? "" : ",");
            veto_i_buf_name(b, m->names[r->player[j]]);
            veto_i_buf_printf(b, " ");
            veto_i_buf_mpz(b, r->w[j]);
        }
        veto_i_buf_printf(b, "]");
        return;
    }
    long group = -1;
    for (size_t g = 0; g < m->ngroups && group < 0; g++) {
        if (group_is(m, g, r)) {
            group = (long)g;
        }
    }
    bool everybody = group < 0 && r->nterm == m->n;
    bool all = mpz_cmp_ui(r->quota, r->nterm) == 0;
    bool any = mpz_cmp_ui(r->quota, 1) == 0;
    if (!everybody && (all || any)) {
        veto_i_buf_printf(b, "%s", all ? "all" : "any");
        put_list(b, m, r, group);
        return;
    }
    veto_i_buf_printf(b, "count");
    if (!everybody) {
        put_list(b, m, r, group);
    }
    veto_i_buf_printf(b, " >= ");
    veto_i_buf_mpz(b, r->quota);
}

/* max: stop descending once the text is longer (SIZE_MAX: whole). */
static void to_text(veto_i_buf_t *b, const veto_i_rule_t *r,
                    const veto_model_t *m, size_t max)
{
    if (b->len > max) {
        return;
    }
    switch (r->kind) {
    case VETO_I_R_TRUE:
        veto_i_buf_printf(b, "count >= 0");
        return;
    case VETO_I_R_FALSE:
        veto_i_buf_printf(b, "count > 100%%");
        return;
    case VETO_I_R_TERM:
        term_text(b, r, m);
        return;
    case VETO_I_R_KOF: {
        bool is_and = r->k == r->nchild;
        bool is_or = r->k == 1;
        if (!is_and && !is_or) {
            veto_i_buf_printf(b, "%zu of (", r->k);
        }
        for (size_t c = 0; c < r->nchild; c++) {
            const veto_i_rule_t *ch = r->child[c];
            /* `and` binds tighter than `or`: only an `or` inside an `and`
             * (or inside an `or`, which normalising never leaves) needs
             * parentheses. */
            bool paren = (is_and || is_or) && ch->kind == VETO_I_R_KOF &&
                         ch->k == 1;
            veto_i_buf_printf(b, "%s%s",
                              c == 0 ? "" : is_and ? " and " : is_or ? " or " : ", ",
                              paren ? "(" : "");
            to_text(b, ch, m, max);
            veto_i_buf_printf(b, "%s", paren ? ")" : "");
        }
        if (!is_and && !is_or) {
            veto_i_buf_printf(b, ")");
        }
        return;
    }
    }
}

char *veto_i_rule_to_string(const veto_i_rule_t *r, const veto_model_t *m)
{
    return veto_i_rule_to_string_max(r, m, SIZE_MAX);
}

char *veto_i_rule_to_string_max(const veto_i_rule_t *r, const veto_model_t *m,
                                size_t max)
{
    veto_i_buf_t b = {0};
    to_text(&b, r, m, max);
    if (b.oom || b.s == NULL) {
        veto_i_free(b.s);
        return NULL;
    }
    return b.s;
}

/* ---- three-valued votes (issue 10) ------------------------------------ */

static bool term_eval3(const veto_i_rule_t *r, const unsigned char *x)
{
    mpz_t y, no;
    mpz_init(y);
    mpz_init(no);
    for (size_t j = 0; j < r->nterm; j++) {
        unsigned char v = x[r->player[j]];
        bool counts = r->vote == VETO_I_V_ABSTAIN ? v >= VETO_I_ABSTAIN
                                                  : v == VETO_I_YES;
        if (counts) {
            mpz_add(y, y, r->w[j]);
        } else if (r->vote == VETO_I_V_OF_VOTING && v == VETO_I_NO) {
            mpz_add(no, no, r->w[j]);
        }
    }
    bool pass;
    if (r->vote == VETO_I_V_OF_VOTING) {
        /* Y * den >= num * (Y + N) */
        pass = mpz_sgn(y) > 0;
        if (pass) {
            mpz_add(no, no, y);
            mpz_mul(no, no, mpq_numref(r->share));
            mpz_mul(y, y, mpq_denref(r->share));
            int c = mpz_cmp(y, no);
            pass = r->of_strict ? c > 0 : c >= 0;
        }
    } else {
        pass = mpz_cmp(y, r->quota) >= 0;
    }
    mpz_clear(y);
    mpz_clear(no);
    return pass;
}

bool veto_i_rule_eval3(const veto_i_rule_t *r, const unsigned char *x)
{
    switch (r->kind) {
    case VETO_I_R_TRUE:
        return true;
    case VETO_I_R_FALSE:
        return false;
    case VETO_I_R_TERM:
        return term_eval3(r, x);
    case VETO_I_R_KOF: {
        size_t got = 0;
        for (size_t c = 0; c < r->nchild && got < r->k; c++) {
            got += veto_i_rule_eval3(r->child[c], x) ? 1 : 0;
        }
        return got >= r->k;
    }
    }
    return false;
}

bool veto_i_rule_is_ternary(const veto_i_rule_t *r)
{
    if (r->kind == VETO_I_R_TERM) {
        return r->vote != VETO_I_V_YES;
    }
    for (size_t c = 0; c < r->nchild; c++) {
        if (veto_i_rule_is_ternary(r->child[c])) {
            return true;
        }
    }
    return false;
}
