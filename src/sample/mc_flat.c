/*
 * mc_flat.c: the Monte Carlo engine's flattened rule tree: building it,
 * evaluating it (in full and with one vote flipped) and sampling on it (see
 * mc_i.h).
 */
#include "mc_i.h"

#include <string.h>

/* ---- building the flat rule ------------------------------------------- */

/* Does 0 <= z < 2^64 hold? */
bool mc_z_fits_u64(const mpz_t z)
{
    return mpz_sgn(z) >= 0 && mpz_sizeinbase(z, 2) <= 64;
}

/* z as uint64_t, for 0 <= z < 2^64 (also where long has 32 bits). */
uint64_t mc_z_u64(const mpz_t z)
{
    uint64_t v = 0;
    size_t words = 0;
    mpz_export(&v, &words, -1, sizeof v, 0, 0, z);
    return words == 0 ? 0 : v;
}

/* Count the tree and check it: player indices < n and strictly increasing
 * in a term, weights and quotas >= 0. Recursion depth = rule depth (the
 * model caps nesting). */
veto_status mc_rule_shape(shape_t *s, const veto_i_rule_t *r, size_t n,
                          size_t depth, veto_error_t *err)
{
    if (r == NULL) {
        return veto_i_errorf(err, VETO_EMISUSE, "Monte Carlo: empty rule node");
    }
    s->nodes++;
    if (depth > s->depth) {
        s->depth = depth;
    }
    switch (r->kind) {
    case VETO_I_R_FALSE:
    case VETO_I_R_TRUE:
        return VETO_OK;
    case VETO_I_R_TERM:
        if (mpz_sgn(r->quota) < 0) {
            return veto_i_errorf(err, VETO_EINVAL,
                                 "Monte Carlo: negative quota in a term");
        }
        for (size_t j = 0; j < r->nterm; j++) {
            if (r->player[j] >= n ||
                (j > 0 && r->player[j] <= r->player[j - 1])) {
                return veto_i_errorf(err, VETO_EMISUSE,
                                     "Monte Carlo: a term's players are out of "
                                     "range or not strictly increasing");
            }
            if (mpz_sgn(r->w[j]) < 0) {
                return veto_i_errorf(err, VETO_EINVAL,
                                     "Monte Carlo: negative weight in a term");
            }
        }
        s->occ += r->nterm;
        return VETO_OK;
    case VETO_I_R_KOF:
        s->children += r->nchild;
        for (size_t c = 0; c < r->nchild; c++) {
            veto_status rc = mc_rule_shape(s, r->child[c], n, depth + 1, err);
            if (rc != VETO_OK) {
                return rc;
            }
        }
        return VETO_OK;
    }
    return veto_i_errorf(err, VETO_EMISUSE, "Monte Carlo: unknown rule node");
}

typedef struct filler {
    flat_t *f;
    size_t nodes, children, occ;
    size_t *stack; /* ids of finished children awaiting their parent */
    size_t sp;
} filler_t;

static void flat_term_quota(flat_t *f, size_t v, const mpz_t quota,
                            const mpz_t total)
{
    if (f->wide) {
        mpz_init2(f->tqz[v], f->zbits);
        mpz_set(f->tqz[v], quota);
    } else if (mpz_cmp(quota, total) > 0) {
        /* never reached; total + 1 fits, as total < UINT64_MAX */
        f->tq[v] = mc_z_u64(total) + 1;
    } else {
        f->tq[v] = mc_z_u64(quota);
    }
}

/* Post-order: a node's id is given when it is finished, after its
 * children, and its child list and term entries are appended then, so that
 * cstart and tstart increase with the id. */
static size_t flat_fill(filler_t *fl, const veto_i_rule_t *r, mpz_t total)
{
    flat_t *f = fl->f;
    size_t nkids = 0;
    if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            fl->stack[fl->sp++] = flat_fill(fl, r->child[c], total);
        }
        nkids = r->nchild;
    }
    size_t v = fl->nodes++;
    f->parent[v] = NONE;
    f->k[v] = 0;
    f->cstart[v] = fl->children;
    f->tstart[v] = fl->occ;
    switch (r->kind) {
    case VETO_I_R_FALSE:
        f->kind[v] = F_FALSE;
        break;
    case VETO_I_R_TRUE:
        f->kind[v] = F_TRUE;
        break;
    case VETO_I_R_TERM:
        f->kind[v] = F_TERM;
        mpz_set_ui(total, 0);
        for (size_t j = 0; j < r->nterm; j++) {
            size_t o = fl->occ++;
            f->tplayer[o] = r->player[j];
            mpz_add(total, total, r->w[j]);
            if (f->wide) {
                mpz_init_set(f->twz[o], r->w[j]);
            } else {
                f->tw[o] = mc_z_u64(r->w[j]);
            }
        }
        flat_term_quota(f, v, r->quota, total);
        break;
    case VETO_I_R_KOF:
        f->kind[v] = F_KOF;
        f->k[v] = r->k;
        fl->sp -= nkids;
        for (size_t c = 0; c < nkids; c++) {
            size_t ch = fl->stack[fl->sp + c];
            f->child[fl->children++] = ch;
            f->parent[ch] = v;
        }
        break;
    }
    return v;
}

/* Does every term's total fit below UINT64_MAX? Also the largest total's
 * size in bits. */
bool mc_rule_fits(const veto_i_rule_t *r, size_t *maxbits, mpz_t total)
{
    bool fits = true;
    if (r->kind == VETO_I_R_TERM) {
        mpz_set_ui(total, 0);
        for (size_t j = 0; j < r->nterm; j++) {
            mpz_add(total, total, r->w[j]);
        }
        size_t bits = mpz_sizeinbase(total, 2);
        if (bits > *maxbits) {
            *maxbits = bits;
        }
        /* total <= UINT64_MAX - 1, so that total + 1 fits */
        fits = bits <= 63 || (bits == 64 && mpz_popcount(total) < 64);
    } else if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            if (!mc_rule_fits(r->child[c], maxbits, total)) {
                fits = false;
            }
        }
    }
    return fits;
}

void mc_flat_clear(flat_t *f)
{
    if (f->twz != NULL) {
        for (size_t o = 0; o < f->nocc; o++) {
            mpz_clear(f->twz[o]);
        }
    }
    if (f->tqz != NULL) {
        for (size_t v = 0; v < f->nnodes; v++) {
            if (f->kind != NULL && f->kind[v] == F_TERM) {
                mpz_clear(f->tqz[v]);
            }
        }
    }
    veto_i_free(f->kind);
    veto_i_free(f->parent);
    veto_i_free(f->k);
    veto_i_free(f->cstart);
    veto_i_free(f->child);
    veto_i_free(f->tstart);
    veto_i_free(f->tplayer);
    veto_i_free(f->tw);
    veto_i_free(f->tq);
    veto_i_free(f->twz);
    veto_i_free(f->tqz);
    veto_i_free(f->ostart);
    veto_i_free(f->onode);
    veto_i_free(f->oidx);
    veto_i_free(f->ment);
    memset(f, 0, sizeof *f);
}

/* Flatten r (already checked by mc_rule_shape into s). O(size + n). */
veto_status mc_flat_build(flat_t *f, const veto_i_rule_t *r, size_t n,
                          const shape_t *s, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t *stack = NULL;
    mpz_t total;
    mpz_init(total);
    memset(f, 0, sizeof *f);
    f->n = n;
    size_t maxbits = 1;
    f->wide = !mc_rule_fits(r, &maxbits, total);
    f->zbits = maxbits + 2;

    VETO_ALLOC(f->kind, veto_i_calloc(s->nodes, 1));
    VETO_ALLOC(f->parent, veto_i_mallocarray(s->nodes, sizeof(size_t)));
    VETO_ALLOC(f->k, veto_i_mallocarray(s->nodes, sizeof(size_t)));
    VETO_ALLOC(f->cstart, veto_i_mallocarray(s->nodes + 1, sizeof(size_t)));
    VETO_ALLOC(f->child, veto_i_mallocarray(s->children, sizeof(size_t)));
    VETO_ALLOC(f->tstart, veto_i_mallocarray(s->nodes + 1, sizeof(size_t)));
    VETO_ALLOC(f->tplayer, veto_i_mallocarray(s->occ, sizeof(size_t)));
    VETO_ALLOC(stack, veto_i_mallocarray(s->nodes, sizeof(size_t)));
    if (f->wide) {
        VETO_ALLOC(f->twz, veto_i_mallocarray(s->occ, sizeof(mpz_t)));
        VETO_ALLOC(f->tqz, veto_i_mallocarray(s->nodes, sizeof(mpz_t)));
    } else {
        VETO_ALLOC(f->tw, veto_i_mallocarray(s->occ, sizeof(uint64_t)));
        VETO_ALLOC(f->tq, veto_i_mallocarray(s->nodes, sizeof(uint64_t)));
    }
    VETO_ALLOC(f->ostart, veto_i_calloc(n + 1, sizeof(size_t)));
    VETO_ALLOC(f->onode, veto_i_mallocarray(s->occ, sizeof(size_t)));
    VETO_ALLOC(f->oidx, veto_i_mallocarray(s->occ, sizeof(size_t)));

    filler_t fl = {.f = f, .stack = stack};
    /* nnodes and nocc stay 0 until the fill, which cannot fail, so that
     * mc_flat_clear frees exactly the GMP numbers initialised. */
    f->nnodes = s->nodes;
    f->nocc = s->occ;
    flat_fill(&fl, r, total);
    f->cstart[f->nnodes] = fl.children;
    f->tstart[f->nnodes] = fl.occ;

    /* Player-major occurrences (counting sort by player). */
    for (size_t o = 0; o < f->nocc; o++) {
        f->ostart[f->tplayer[o] + 1]++;
    }
    for (size_t i = 0; i < n; i++) {
        if (f->ostart[i + 1] > 0) {
            f->nment++;
        }
        f->ostart[i + 1] += f->ostart[i];
    }
    VETO_ALLOC(f->ment, veto_i_mallocarray(f->nment, sizeof(size_t)));
    for (size_t i = 0, m = 0; i < n; i++) {
        if (f->ostart[i + 1] > f->ostart[i]) {
            f->ment[m++] = i;
        }
    }
    /* stack doubles as the fill cursor per player */
    veto_i_free(stack);
    VETO_ALLOC(stack, veto_i_mallocarray(n, sizeof(size_t)));
    memcpy(stack, f->ostart, n * sizeof(size_t));
    for (size_t v = 0; v < f->nnodes; v++) {
        for (size_t o = f->tstart[v]; o < f->tstart[v + 1]; o++) {
            size_t p = f->tplayer[o];
            f->onode[stack[p]] = v;
            f->oidx[stack[p]] = o;
            stack[p]++;
        }
    }

cleanup:
    veto_i_free(stack);
    mpz_clear(total);
    if (rc != VETO_OK) {
        mc_flat_clear(f);
    }
    return rc;
}

/* A rule tree for the weighted game g (the players of positive weight in
 * one term), for when g's total does not fit in 64 bits and no tree was
 * given. Deep copies of the weights: only in that rare case. */
veto_status mc_rule_from_wgame(veto_i_rule_t *t, const veto_i_wgame_t *g,
                               veto_error_t *err)
{
    veto_status rc = VETO_OK;
    memset(t, 0, sizeof *t);
    t->kind = VETO_I_R_TERM;
    mpz_init_set(t->quota, g->quota);
    size_t m = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (mpz_sgn(g->w[i]) != 0) {
            m++;
        }
    }
    VETO_ALLOC(t->player, veto_i_mallocarray(m, sizeof(size_t)));
    VETO_ALLOC(t->w, veto_i_mallocarray(m, sizeof(mpz_t)));
    for (size_t i = 0; i < g->n; i++) {
        if (mpz_sgn(g->w[i]) != 0) {
            t->player[t->nterm] = i;
            mpz_init_set(t->w[t->nterm], g->w[i]);
            t->nterm++;
        }
    }
cleanup:
    return rc;
}

void mc_rule_from_wgame_clear(veto_i_rule_t *t)
{
    for (size_t j = 0; j < t->nterm; j++) {
        mpz_clear(t->w[j]);
    }
    veto_i_free(t->w);
    veto_i_free(t->player);
    mpz_clear(t->quota);
    memset(t, 0, sizeof *t);
}

/* ---- evaluating the flat rule ----------------------------------------- */

/* Value of every node on the votes w->in (0/1). O(size). */
bool mc_eval_full(const flat_t *f, work_t *w)
{
    const unsigned char *in = w->in;
    for (size_t v = 0; v < f->nnodes; v++) {
        unsigned char val = 0;
        switch (f->kind[v]) {
        case F_FALSE:
            break;
        case F_TRUE:
            val = 1;
            break;
        case F_TERM:
            if (f->wide) {
                mpz_set_ui(w->sumz[v], 0);
                for (size_t o = f->tstart[v]; o < f->tstart[v + 1]; o++) {
                    if (in[f->tplayer[o]]) {
                        mpz_add(w->sumz[v], w->sumz[v], f->twz[o]);
                    }
                }
                val = mpz_cmp(w->sumz[v], f->tqz[v]) >= 0;
            } else {
                /* no overflow: the sum is at most the term's total, which
                 * is below UINT64_MAX (mc_rule_fits) */
                uint64_t s = 0;
                for (size_t o = f->tstart[v]; o < f->tstart[v + 1]; o++) {
                    s += f->tw[o] & (0 - (uint64_t)in[f->tplayer[o]]);
                }
                w->sum[v] = s;
                val = s >= f->tq[v];
            }
            break;
        case F_KOF: {
            size_t c = 0;
            for (size_t e = f->cstart[v]; e < f->cstart[v + 1]; e++) {
                c += w->val[f->child[e]];
            }
            w->cnt[v] = c;
            val = c >= f->k[v];
            break;
        }
        }
        w->val[v] = val;
    }
    return w->val[f->nnodes - 1];
}

static inline void log_node(work_t *w, size_t *nlog, size_t v)
{
    if (w->stamp[v] != w->flips) {
        w->stamp[v] = w->flips;
        w->log[*nlog].node = v;
        w->log[*nlog].cnt = w->cnt[v];
        w->log[*nlog].val = w->val[v];
        (*nlog)++;
    }
}

/* The rule's value with player i's vote flipped, the other votes as in the
 * last mc_eval_full (whose state is restored on return). Each term of i is
 * re-tested and changes are propagated up through the k-of counters, each
 * stopping where a node's value does not change. O(occurrences of i x
 * depth); the undo log holds each node at most once (stamps), so it needs
 * no more than nnodes entries. */
static bool eval_flip(const flat_t *f, work_t *w, size_t i)
{
    size_t nlog = 0;
    bool add = w->in[i] == 0;
    w->flips++;
    for (size_t e = f->ostart[i]; e < f->ostart[i + 1]; e++) {
        size_t v = f->onode[e], o = f->oidx[e];
        unsigned char nv;
        if (f->wide) {
            if (add) {
                mpz_add(w->tmp, w->sumz[v], f->twz[o]);
            } else {
                mpz_sub(w->tmp, w->sumz[v], f->twz[o]);
            }
            nv = mpz_cmp(w->tmp, f->tqz[v]) >= 0;
        } else {
            uint64_t s = add ? w->sum[v] + f->tw[o] : w->sum[v] - f->tw[o];
            nv = s >= f->tq[v];
        }
        if (nv == w->val[v]) {
            continue;
        }
        log_node(w, &nlog, v);
        w->val[v] = nv;
        for (size_t c = v, u = f->parent[v]; u != NONE;
             c = u, u = f->parent[u]) {
            log_node(w, &nlog, u);
            if (w->val[c]) {
                w->cnt[u]++;
            } else {
                w->cnt[u]--;
            }
            unsigned char nu = w->cnt[u] >= f->k[u];
            if (nu == w->val[u]) {
                break;
            }
            w->val[u] = nu;
        }
    }
    bool res = w->val[f->nnodes - 1];
    while (nlog > 0) {
        nlog--;
        w->val[w->log[nlog].node] = w->log[nlog].val;
        w->cnt[w->log[nlog].node] = w->log[nlog].cnt;
    }
    return res;
}

/* ---- sampling on the flat rule ---------------------------------------- */

/* Rule tree: draw the votes of the mentioned players (uniform, or by
 * beliefs), count a win and every mentioned player's swing. */
void mc_gsample_swings(const plan_t *P, work_t *w, bool beliefs)
{
    const flat_t *f = P->fl;
    size_t m = f->nment;
    const uint64_t *thr = w->thr != NULL ? w->thr : P->bthr;
    if (beliefs) {
        for (size_t j = 0; j < m; j++) {
            w->in[f->ment[j]] = bernoulli(&w->rng, thr[j]);
        }
    } else {
        uint64_t x = 0;
        for (size_t j = 0; j < m; j++) {
            if ((j & 63) == 0) {
                x = veto_i_rng_u64(&w->rng);
            }
            w->in[f->ment[j]] = (unsigned char)((x >> (j & 63)) & 1);
        }
    }
    bool win = mc_eval_full(f, w);
    if (win && beliefs) {
        w->act++;
    } else if (win) {
        w->win++;
    }
    int sec = beliefs ? SEC_DEC : SEC_BZ;
    for (size_t j = 0; j < m; j++) {
        if (eval_flip(f, w, f->ment[j]) != win) {
            tally(P, w, sec, j, f->ment[j]);
        }
    }
}

/* Set the votes to the first k players of the ordering, from the first
 * *cur: O(|k - *cur|). */
static void set_prefix(const flat_t *f, work_t *w, size_t *cur, size_t k)
{
    for (; *cur < k; (*cur)++) {
        w->in[f->ment[w->perm[*cur]]] = 1;
    }
    for (; *cur > k; (*cur)--) {
        w->in[f->ment[w->perm[*cur - 1]]] = 0;
    }
}

/* Rule tree: a random ordering of the mentioned players (the others never
 * pivot and do not change who does); the pivot by binary search for the
 * shortest winning prefix (monotone rule; the empty prefix loses and the
 * full one wins). Votes are all 0 on entry and on return.
 * O(m + size log m): moving between the prefixes the search visits costs
 * O(m) in all. */
void mc_gsample_ssi(const plan_t *P, work_t *w)
{
    const flat_t *f = P->fl;
    size_t m = f->nment;
    size_t *perm = w->perm;
    for (size_t j = 0; j + 1 < m; j++) {
        size_t r = j + (size_t)veto_i_rng_below(&w->rng, m - j);
        size_t t = perm[j];
        perm[j] = perm[r];
        perm[r] = t;
    }
    size_t lo = 0, hi = m, cur = 0;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        set_prefix(f, w, &cur, mid);
        if (mc_eval_full(f, w)) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    tally(P, w, SEC_SSI, perm[hi - 1], f->ment[perm[hi - 1]]);
    set_prefix(f, w, &cur, 0);
}
