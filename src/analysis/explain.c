/*
 * explain.c: why a player can block, or how it can be decisive, with
 * certificates a reader can check by hand: the coalition of all the others
 * and the terms it fails, a minimal winning coalition without the player,
 * its swings by coalition size and a smallest swing, and, under a scenario,
 * why the probability of acting is what it is.
 *
 * Also what sweep.c and design.c share (analyst_i.h): the numbering of
 * thresholds.
 */
#include "analyst_i.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- thresholds -----------------------------------------------------------
 */

static bool is_threshold(const veto_i_rule_t *r)
{
    /* An `of voting` term's share is not a count: it is not moved. */
    return (r->kind == VETO_I_R_TERM && r->nterm >= 2 &&
            r->vote != VETO_I_V_OF_VOTING) ||
           r->kind == VETO_I_R_KOF;
}

static void collect_thresholds(veto_i_rule_t *r, veto_i_rule_t **out,
                               size_t cap, size_t *k)
{
    if (is_threshold(r)) {
        if (*k < cap) {
            out[*k] = r;
        }
        (*k)++;
    }
    if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            collect_thresholds(r->child[c], out, cap, k);
        }
    }
}

size_t veto_i_an_thresholds(veto_i_rule_t *r, veto_i_rule_t **out, size_t cap)
{
    size_t k = 0;
    collect_thresholds(r, out, cap, &k);
    return k;
}

void veto_i_an_threshold_value(const veto_i_rule_t *t, mpz_t value, mpz_t max)
{
    if (t->kind == VETO_I_R_KOF) {
        mpz_set_ui(value, t->k);
        mpz_set_ui(max, t->nchild);
        return;
    }
    mpz_set(value, t->quota);
    mpz_set_ui(max, 0);
    for (size_t j = 0; j < t->nterm; j++) {
        mpz_add(max, max, t->w[j]);
    }
}

void veto_i_an_threshold_set(veto_i_rule_t *t, const mpz_t v)
{
    if (t->kind == VETO_I_R_KOF) {
        /* 1 <= v <= nchild, so it fits. */
        t->k = (size_t)mpz_get_ui(v);
        return;
    }
    mpz_set(t->quota, v);
    if (t->small) {
        /* small: the total fits in int64, and v <= total. */
        t->q64 = (int64_t)mpz_get_si(v);
    }
}

bool veto_i_an_coalition(veto_coalition_t *c, const unsigned char *in, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        k += in[i] != 0;
    }
    c->size = 0;
    c->member = veto_i_mallocarray(k == 0 ? 1 : k, sizeof(size_t));
    if (c->member == NULL) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (in[i]) {
            c->member[c->size++] = i;
        }
    }
    return true;
}

veto_status veto_thresholds(veto_threshold_t **out, size_t *count,
                            const veto_model_t *model, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_rule_t *rule = NULL;
    veto_i_rule_t **node = NULL;
    veto_threshold_t *t = NULL;
    size_t k = 0;
    VETO_I_ERR_SCRATCH();
    VETO_I_NONNULL(out);
    *out = NULL;
    VETO_I_NONNULL(count);
    *count = 0;
    VETO_I_NONNULL(model);
    VETO_TRY(veto_i_rule_build(&rule, model, err));
    k = veto_i_an_thresholds(rule, NULL, 0);
    VETO_ALLOC(node, veto_i_mallocarray(k == 0 ? 1 : k, sizeof *node));
    veto_i_an_thresholds(rule, node, k);
    VETO_ALLOC(t, veto_i_calloc(k == 0 ? 1 : k, sizeof *t));
    for (size_t j = 0; j < k; j++) {
        t[j].number = j + 1;
        t[j].kof = node[j]->kind == VETO_I_R_KOF;
        mpz_init(t[j].value);
        mpz_init(t[j].max);
        veto_i_an_threshold_value(node[j], t[j].value, t[j].max);
        t[j].text = veto_i_rule_to_string(node[j], model);
        if (t[j].text == NULL) {
            veto_thresholds_free(t, j + 1);
            t = NULL;
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
    *out = t;
    *count = k;
    t = NULL;
cleanup:
    veto_i_free(t);
    veto_i_free(node);
    veto_i_rule_free(rule);
    return rc;
}

void veto_thresholds_free(veto_threshold_t *t, size_t count)
{
    if (t == NULL) {
        return;
    }
    for (size_t j = 0; j < count; j++) {
        mpz_clear(t[j].value);
        mpz_clear(t[j].max);
        veto_i_free(t[j].text);
    }
    veto_i_free(t);
}

/* ---- the rule in words ----------------------------------------------------
 */




/* A share as "65%" when it is a whole or decimal percentage with at most
 * two decimals, else as the fraction "2/3". */
static void wb_share(veto_i_buf_t *b, const mpq_t q)
{
    mpq_t p;
    mpq_init(p);
    mpq_set_ui(p, 10000, 1);
    mpq_mul(p, p, q);
    if (mpz_cmp_ui(mpq_denref(p), 1) == 0 &&
        mpz_cmp_ui(mpq_numref(p), 1000000) <= 0) {
        unsigned long v = mpz_get_ui(mpq_numref(p));
        if (v % 100 == 0) {
            veto_i_buf_printf(b, "%lu%%", v / 100);
        } else {
            veto_i_buf_printf(b, "%lu.%02lu%%", v / 100, v % 100);
        }
    } else {
        veto_i_buf_mpq(b, q);
    }
    mpq_clear(p);
}

/* Who a term or all / any ranges over: the group's name, "players", or
 * the written list "players of (A, B, C)". */
static void who(veto_i_buf_t *b, const veto_i_expr_t *e, const veto_model_t *m)
{
    if (e->list != NULL) {
        veto_i_buf_printf(b, "players of (");
        for (size_t j = 0; j < e->nlist; j++) {
            veto_i_buf_printf(b, "%s%s", j == 0 ? "" : ", ",
                              m->names[e->list[j]]);
        }
        veto_i_buf_printf(b, ")");
    } else {
        veto_i_buf_printf(b, "%s",
                          e->group >= 0 ? m->group_names[e->group] : "players");
    }
}

static void words(veto_i_buf_t *b, const veto_i_expr_t *e, const veto_model_t *m,
                  bool nested)
{
    /* `at least abstain`: the players who do not vote no count */
    const char *agree = e->at_least_abstain ? "agree or abstain" : "agree";
    const char *agrees = e->at_least_abstain ? "agrees or abstains" : "agrees";
    size_t size;
    (void)veto_i_expr_set(m, e, &size);
    switch (e->kind) {
    case VETO_I_E_TERM: {
        const char *cmp = e->strict ? "more than" : "at least";
        if (e->of_voting) {
            /* three-valued: a share of those voting yes or no */
            if (e->attr < 0) {
                veto_i_buf_printf(b, "%s ", cmp);
                wb_share(b, e->rhs);
                veto_i_buf_printf(b, " of those of the %zu ", size);
                who(b, e, m);
                veto_i_buf_printf(b, " who vote yes or no agree");
            } else {
                veto_i_buf_printf(b, "the %zu ", size);
                who(b, e, m);
                veto_i_buf_printf(b, " who agree hold %s ", cmp);
                wb_share(b, e->rhs);
                veto_i_buf_printf(b, " of the %s of those voting yes or no",
                                  m->attr_names[e->attr]);
            }
            veto_i_buf_printf(b, " (and at least one agrees)");
            return;
        }
        if (e->attr < 0) {
            veto_i_buf_printf(b, "%s ", cmp);
            if (e->relative) {
                wb_share(b, e->rhs);
            } else {
                veto_i_buf_mpq(b, e->rhs);
            }
            veto_i_buf_printf(b, " of the %zu ", size);
            who(b, e, m);
            veto_i_buf_printf(b, " %s", agree);
        } else {
            const char *attr = m->attr_names[e->attr];
            who(b, e, m);
            if (e->relative) {
                veto_i_buf_printf(b, " who %s hold %s ", agree, cmp);
                wb_share(b, e->rhs);
                veto_i_buf_printf(b, " of their total %s", attr);
            } else {
                veto_i_buf_printf(b, " who %s hold a total %s of %s ", agree,
                                  attr, cmp);
                veto_i_buf_mpq(b, e->rhs);
            }
        }
        return;
    }
    case VETO_I_E_PLAYER:
        veto_i_buf_printf(b, "%s %s", m->names[e->player], agrees);
        return;
    case VETO_I_E_ALL:
        if (size == 1) {
            veto_i_buf_printf(b, "the one member of ");
            who(b, e, m);
            veto_i_buf_printf(b, " %s", agrees);
        } else {
            veto_i_buf_printf(b, "all %zu ", size);
            who(b, e, m);
            veto_i_buf_printf(b, " %s", agree);
        }
        return;
    case VETO_I_E_ANY:
        veto_i_buf_printf(b, "any one of the %zu ", size);
        who(b, e, m);
        veto_i_buf_printf(b, " %s", agrees);
        return;
    case VETO_I_E_KOF:
        veto_i_buf_printf(b, "at least %zu of these hold: (", e->k);
        for (size_t c = 0; c < e->nchild; c++) {
            veto_i_buf_printf(b, "%s", c == 0 ? "" : "; ");
            words(b, e->child[c], m, false);
        }
        veto_i_buf_printf(b, ")");
        return;
    case VETO_I_E_AND:
    case VETO_I_E_OR: {
        bool and = e->kind == VETO_I_E_AND;
        if (nested) {
            veto_i_buf_printf(b, "(");
        }
        if (!and) {
            veto_i_buf_printf(b, "either ");
        }
        for (size_t c = 0; c < e->nchild; c++) {
            if (c > 0) {
                veto_i_buf_printf(b, and? " and " : ", or ");
            }
            words(b, e->child[c], m, true);
        }
        if (nested) {
            veto_i_buf_printf(b, ")");
        }
        return;
    }
    }
}

veto_status veto_rule_words(char **out, const veto_model_t *model,
                            veto_error_t *err)
{
    veto_i_buf_t b = {0};
    VETO_I_ERR_SCRATCH();
    VETO_I_NONNULL(out);
    *out = NULL;
    VETO_I_NONNULL(model);
    if (model->rule == NULL) {
        return veto_i_errorf(err, VETO_EINVAL, "the model has no rule");
    }
    veto_i_buf_printf(&b, "The body acts when ");
    words(&b, model->rule, model, false);
    veto_i_buf_printf(&b, ".");
    if (b.oom) {
        veto_i_free(b.s);
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    *out = b.s;
    return VETO_OK;
}

/* ---- explanations ---------------------------------------------------------
 */

static void coalition_free(veto_coalition_t *c)
{
    veto_i_free(c->member);
    c->member = NULL;
    c->size = 0;
}

/* Collect the terms (leaves) that coalition `in` fails, below every failing
 * node: each is a reason the node fails. */
static veto_status collect_failed(veto_explanation_t *e, const veto_i_rule_t *r,
                                  const unsigned char *in,
                                  veto_i_rule_t *const *thr, size_t nthr,
                                  const veto_model_t *m, veto_error_t *err)
{
    if (veto_i_rule_eval(r, in)) {
        return VETO_OK;
    }
    if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            veto_status rc =
                collect_failed(e, r->child[c], in, thr, nthr, m, err);
            if (rc != VETO_OK) {
                return rc;
            }
        }
        return VETO_OK;
    }
    if (r->kind != VETO_I_R_TERM) {
        return VETO_OK;
    }
    veto_failed_term_t *f =
        veto_i_reallocarray(e->failed, e->nfailed + 1, sizeof *e->failed);
    if (f == NULL) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    e->failed = f;
    f = &e->failed[e->nfailed];
    memset(f, 0, sizeof *f);
    mpz_init(f->have);
    mpz_init_set(f->need, r->quota);
    e->nfailed++;
    for (size_t t = 0; t < nthr; t++) {
        if (thr[t] == r) {
            f->threshold = t + 1;
        }
    }
    f->text = veto_i_rule_to_string(r, m);
    f->missing.member = veto_i_mallocarray(r->nterm, sizeof(size_t));
    if (f->text == NULL || f->missing.member == NULL) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    for (size_t j = 0; j < r->nterm; j++) {
        if (in[r->player[j]]) {
            mpz_add(f->have, f->have, r->w[j]);
        } else {
            f->missing.member[f->missing.size++] = r->player[j];
        }
    }
    return VETO_OK;
}

static int cmp_rank_q(const mpq_t *pq, const double *pd, size_t a, size_t b)
{
    int c =
        pq != NULL ? mpq_cmp(pq[b], pq[a]) : (pd[b] > pd[a]) - (pd[b] < pd[a]);
    if (c != 0) {
        return c;
    }
    return (a > b) - (a < b);
}

/* ---- three-valued explanations (issue 10) ---------------------------------
 */

/* The terms profile x fails (as collect_failed, three-valued): what each
 * term counts (yes; abstain or yes; the yes weight against F of those
 * voting) and the players whose votes it does not count. */
static veto_status collect_failed3(veto_failed_term_t **list, size_t *nlist,
                                   const veto_i_rule_t *r,
                                   const unsigned char *x,
                                   veto_i_rule_t *const *thr, size_t nthr,
                                   const veto_model_t *m, veto_error_t *err)
{
    if (veto_i_rule_eval3(r, x)) {
        return VETO_OK;
    }
    if (r->kind == VETO_I_R_KOF) {
        for (size_t c = 0; c < r->nchild; c++) {
            veto_status rc =
                collect_failed3(list, nlist, r->child[c], x, thr, nthr, m, err);
            if (rc != VETO_OK) {
                return rc;
            }
        }
        return VETO_OK;
    }
    if (r->kind != VETO_I_R_TERM) {
        return VETO_OK;
    }
    veto_failed_term_t *f =
        veto_i_reallocarray(*list, *nlist + 1, sizeof **list);
    if (f == NULL) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    *list = f;
    f = &f[*nlist];
    memset(f, 0, sizeof *f);
    mpz_init(f->have);
    mpz_init_set(f->need, r->quota);
    (*nlist)++;
    for (size_t t = 0; t < nthr; t++) {
        if (thr[t] == r) {
            f->threshold = t + 1;
        }
    }
    f->text = veto_i_rule_to_string(r, m);
    f->missing.member = veto_i_mallocarray(r->nterm, sizeof(size_t));
    if (f->text == NULL || f->missing.member == NULL) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    mpz_t no;
    mpz_init(no);
    for (size_t j = 0; j < r->nterm; j++) {
        unsigned char v = x[r->player[j]];
        bool counts =
            r->vote == VETO_I_V_ABSTAIN ? v >= VETO_I_ABSTAIN : v == VETO_I_YES;
        if (counts) {
            mpz_add(f->have, f->have, r->w[j]);
        } else {
            f->missing.member[f->missing.size++] = r->player[j];
            if (v == VETO_I_NO) {
                mpz_add(no, no, r->w[j]);
            }
        }
    }
    if (r->vote == VETO_I_V_OF_VOTING) {
        /* the smallest yes weight Y >= 1 with Y >= F (Y + N), N the no
         * weight: Y (den - num) >= num N (> when strict) */
        mpz_t d;
        mpz_init(d);
        mpz_sub(d, mpq_denref(r->share), mpq_numref(r->share));
        mpz_mul(no, no, mpq_numref(r->share));
        if (mpz_sgn(d) <= 0) {
            mpz_set_ui(f->need, 0);
            for (size_t j = 0; j < r->nterm; j++) {
                mpz_add(f->need, f->need, r->w[j]);
            }
        } else if (r->of_strict) {
            mpz_fdiv_q(f->need, no, d);
            mpz_add_ui(f->need, f->need, 1);
        } else {
            mpz_cdiv_q(f->need, no, d);
        }
        if (mpz_sgn(f->need) <= 0) {
            mpz_set_ui(f->need, 1);
        }
        mpz_clear(d);
    }
    mpz_clear(no);
    return VETO_OK;
}

static bool coalition_of(veto_coalition_t *c, const unsigned char *x, size_t n,
                         unsigned char vote)
{
    unsigned char *in = veto_i_calloc(n + 1, 1);
    if (in == NULL) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        in[i] = x[i] == vote;
    }
    bool ok = veto_i_an_coalition(c, in, n);
    veto_i_free(in);
    return ok;
}

static mpq_t *q_array(const mpq_t *src, size_t n)
{
    mpq_t *q = veto_i_mallocarray(n == 0 ? 1 : n, sizeof *q);
    if (q != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_init(q[i]);
            if (src != NULL) {
                mpq_set(q[i], src[i]);
            }
        }
    }
    return q;
}

static double *d_array(const double *src, size_t n)
{
    double *d = veto_i_calloc(n == 0 ? 1 : n, sizeof *d);
    if (d != NULL && src != NULL) {
        memcpy(d, src, n * sizeof *d);
    }
    return d;
}

/* explain for a three-valued model: the certificates on three-valued
 * profiles, the swings as the ternary Banzhaf raw count, blocking by
 * voting no, and the scenario with both steps of decisiveness. */
static veto_status explain_ternary(veto_explanation_t *e, const veto_model_t *m,
                                   const veto_i_rule_t *rule, size_t player,
                                   long sidx, const veto_options_t *opt,
                                   veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = m->n;
    unsigned char *x = NULL, *in = NULL;
    veto_i_rule_t **thr = NULL;
    veto_result_t *res = NULL;
    e->ternary = true;
    VETO_ALLOC(x, veto_i_calloc(n + 1, 1));
    VETO_ALLOC(in, veto_i_calloc(n + 1, 1));
    veto_i_rule_mentions(rule, in);
    e->mentioned = in[player] != 0;
    memset(x, VETO_I_NO, n);
    e->always_acts = veto_i_rule_eval3(rule, x);
    x[player] = VETO_I_YES;
    e->passer = veto_i_rule_eval3(rule, x);
    memset(x, VETO_I_YES, n);
    e->never_acts = !veto_i_rule_eval3(rule, x);
    x[player] = VETO_I_NO;
    e->veto = !veto_i_rule_eval3(rule, x);
    x[player] = VETO_I_ABSTAIN;
    e->veto_unless_yes = !veto_i_rule_eval3(rule, x);
    memset(in, 1, n);
    in[player] = 0;
    if (!veto_i_an_coalition(&e->others, in, n)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    size_t nthr = veto_i_an_thresholds((veto_i_rule_t *)rule, NULL, 0);
    VETO_ALLOC(thr, veto_i_mallocarray(nthr == 0 ? 1 : nthr, sizeof *thr));
    veto_i_an_thresholds((veto_i_rule_t *)rule, thr, nthr);
    if (e->veto_unless_yes && !e->never_acts) {
        VETO_TRY(collect_failed3(&e->failed_abstain, &e->nfailed_abstain, rule,
                                 x, thr, nthr, m, err));
    }
    x[player] = VETO_I_NO;
    if (e->veto) {
        VETO_TRY(collect_failed3(&e->failed, &e->nfailed, rule, x, thr, nthr, m,
                                 err));
    } else {
        /* Greedy: each other player, last first, steps down to no, else
         * to abstain, while the profile still wins; the end is minimal
         * (no one can step down), the player listed first keep yes. */
        for (size_t j = n; j-- > 0;) {
            if (j == player) {
                continue;
            }
            x[j] = VETO_I_NO;
            if (!veto_i_rule_eval3(rule, x)) {
                x[j] = VETO_I_ABSTAIN;
                if (!veto_i_rule_eval3(rule, x)) {
                    x[j] = VETO_I_YES;
                }
            }
        }
        if (!coalition_of(&e->winning_without, x, n, VETO_I_YES) ||
            !coalition_of(&e->winning_abstain, x, n, VETO_I_ABSTAIN)) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
    }

    veto_options_t o;
    if (opt != NULL) {
        o = *opt;
    } else {
        veto_options_init(&o);
    }
    o.indices = VETO_INDEX_BIT(VETO_IDX_BANZHAF_RAW);
    o.exact = true;
    o.properties = true;
    o.beliefs = sidx >= 0;
    VETO_TRY(
        veto_i_analyse_rule(&res, m, rule, &o, NULL, NULL, true, NULL, err));
    e->method = res->method;
    if (res->value[VETO_IDX_BANZHAF_RAW] != NULL) {
        mpz_set(e->swings,
                mpq_numref(res->value[VETO_IDX_BANZHAF_RAW][player]));
    }
    e->dummy = res->dummy != NULL && res->dummy[player] == VETO_YES;
    e->abstention_matters =
        res->abstention_matters != NULL && res->abstention_matters[player];
    {
        veto_i_ctx_t bctx;
        veto_i_ctx_from_options(&bctx, opt);
        VETO_TRY(veto_i_blocking(e, m, rule, player, &bctx, err));
    }
    if (sidx < 0) {
        goto cleanup;
    }
    const veto_belief_result_t *b = &res->belief[sidx];
    const mpq_t *yes = sidx == 0 ? (const mpq_t *)m->belief
                                 : (const mpq_t *)m->scen[sidx - 1].belief;
    const mpq_t *ab = sidx == 0 ? (const mpq_t *)m->abstain
                                : (const mpq_t *)m->scen[sidx - 1].abstain;
    e->scenario = sidx == 0 ? "default" : m->scen[sidx - 1].name;
    e->p_act = b->p_act;
    mpq_set(e->p_act_q, b->p_act_q);
    VETO_ALLOC(e->p_decisive, d_array(b->p_decisive, n));
    VETO_ALLOC(e->p_decisive_na, d_array(b->p_decisive_na, n));
    VETO_ALLOC(e->p_decisive_ay, d_array(b->p_decisive_ay, n));
    VETO_ALLOC(e->p_decisive_q, q_array((const mpq_t *)b->p_decisive_q, n));
    VETO_ALLOC(e->p_decisive_na_q,
               q_array((const mpq_t *)b->p_decisive_na_q, n));
    VETO_ALLOC(e->p_decisive_ay_q,
               q_array((const mpq_t *)b->p_decisive_ay_q, n));
    VETO_ALLOC(e->belief, q_array(yes, n));
    VETO_ALLOC(e->abstain, q_array(ab, n));
    VETO_ALLOC(e->ranking, veto_i_mallocarray(n == 0 ? 1 : n, sizeof(size_t)));
    for (size_t i = 0; i < n; i++) {
        e->ranking[i] = i;
    }
    for (size_t i = 1; i < n; i++) {
        size_t y = e->ranking[i], j = i;
        while (j > 0 && cmp_rank_q((const mpq_t *)e->p_decisive_q,
                                   e->p_decisive, e->ranking[j - 1], y) > 0) {
            e->ranking[j] = e->ranking[j - 1];
            j--;
        }
        e->ranking[j] = y;
    }
    memset(in, 0, n);
    for (size_t k = 0; k < b->nrecused; k++) {
        in[b->recused[k]] = 1;
    }
    if (!veto_i_an_coalition(&e->recused, in, n)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    /* Forced votes: yes 1 (yes), yes 0 and abstain 0 (no), abstain 1. */
    memset(in, 0, n);
    if (mpq_sgn(b->p_act_q) == 0) {
        e->reason = VETO_PACT_ZERO;
        /* who is forced below yes and blocks from there: a veto player
         * forced to vote no, or one forced to abstain whose abstention
         * blocks */
        for (size_t i = 0; i < n; i++) {
            bool no = mpq_sgn(yes[i]) == 0 && mpq_sgn(ab[i]) == 0;
            bool abst = mpq_sgn(yes[i]) == 0 && mpq_cmp_ui(ab[i], 1, 1) == 0;
            in[i] = (no && res->veto_player[i]) ||
                    (abst && res->veto_unless_yes[i]);
        }
        e->blockers_veto = memchr(in, 1, n) != NULL;
        if (!e->blockers_veto) {
            for (size_t i = 0; i < n; i++) {
                in[i] = mpq_sgn(yes[i]) == 0 &&
                        (mpq_sgn(ab[i]) == 0 || mpq_cmp_ui(ab[i], 1, 1) == 0);
            }
        }
    } else if (mpq_cmp_ui(b->p_act_q, 1, 1) == 0) {
        e->reason = VETO_PACT_ONE;
        for (size_t i = 0; i < n; i++) {
            in[i] = mpq_cmp_ui(yes[i], 1, 1) == 0 && res->passer[i];
        }
        e->blockers_veto = memchr(in, 1, n) != NULL;
        if (!e->blockers_veto) {
            for (size_t i = 0; i < n; i++) {
                in[i] = mpq_cmp_ui(yes[i], 1, 1) == 0;
            }
        }
    } else {
        e->reason = VETO_PACT_BETWEEN;
    }
    if (!veto_i_an_coalition(&e->blockers, in, n)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
cleanup:
    veto_i_free(x);
    veto_i_free(in);
    veto_i_free(thr);
    veto_result_free(res);
    return rc;
}

veto_status veto_explain(veto_explanation_t **out, const veto_model_t *m,
                         size_t player, const char *scenario,
                         const veto_options_t *opt, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_explanation_t *e = NULL;
    veto_i_rule_t *rule = NULL, *sub = NULL;
    veto_i_rule_t **thr = NULL;
    veto_result_t *res = NULL;
    unsigned char *in = NULL;
    signed char *fixed = NULL;
    veto_i_xreq_t xr;
    long sidx = -1;

    VETO_I_ERR_SCRATCH();
    VETO_I_NONNULL(out);
    *out = NULL;
    VETO_I_NONNULL(m);
    if ((rc = veto_i_check_options(opt, __func__, err)) != VETO_OK) {
        return rc;
    }
    size_t n = m->n;
    memset(&xr, 0, sizeof xr);
    if (player >= n) {
        return veto_i_errorf(err, VETO_EMISUSE, "no player %zu", player);
    }
    if (scenario != NULL) {
        if (strcmp(scenario, "default") == 0) {
            sidx = 0;
        }
        for (size_t s = 0; s < m->nscen && sidx < 0; s++) {
            if (strcmp(m->scen[s].name, scenario) == 0) {
                sidx = (long)s + 1;
            }
        }
        if (sidx < 0) {
            rc = veto_i_errorf(err, VETO_EMISUSE,
                               "no scenario \"%s\" in this model", scenario);
            veto_i_hint_scenarios(m, err);
            return rc;
        }
    }
    VETO_TRY(veto_i_rule_build(&rule, m, err));
    VETO_ALLOC(e, veto_i_calloc(1, sizeof *e));
    e->n = n;
    e->player = player;
    mpz_init(e->swings);
    mpq_init(e->p_act_q);
    if (m->ternary) {
        VETO_TRY(explain_ternary(e, m, rule, player, sidx, opt, err));
        *out = e;
        e = NULL;
        goto cleanup;
    }
    VETO_ALLOC(in, veto_i_calloc(n, 1));
    VETO_ALLOC(fixed, veto_i_mallocarray(n, 1));

    veto_i_rule_mentions(rule, in);
    e->mentioned = in[player] != 0;
    memset(in, 0, n);
    e->always_acts = veto_i_rule_eval(rule, in);
    in[player] = 1;
    e->passer = veto_i_rule_eval(rule, in);
    memset(in, 1, n);
    e->never_acts = !veto_i_rule_eval(rule, in);
    in[player] = 0;
    e->veto = !veto_i_rule_eval(rule, in);
    if (!veto_i_an_coalition(&e->others, in, n)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    size_t nthr = veto_i_an_thresholds(rule, NULL, 0);
    VETO_ALLOC(thr, veto_i_mallocarray(nthr == 0 ? 1 : nthr, sizeof *thr));
    veto_i_an_thresholds(rule, thr, nthr);
    if (e->veto) {
        VETO_TRY(collect_failed(e, rule, in, thr, nthr, m, err));
    } else {
        /* Greedy removal keeps the coalition winning and ends minimal: no
         * member can leave. Later players leave first, so the certificate
         * keeps the players listed first in the model. */
        for (size_t j = n; j-- > 0;) {
            if (in[j]) {
                in[j] = 0;
                if (!veto_i_rule_eval(rule, in)) {
                    in[j] = 1;
                }
            }
        }
        if (!veto_i_an_coalition(&e->winning_without, in, n)) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
    }

    /* Swing counts from an engine, exact, and the player's swings by
     * size with a smallest swing from the engine the planner names for
     * them (none past the engines' limits): the planner, the memory
     * budget and the time limit decide as for any analysis. */
    veto_options_t o;
    if (opt != NULL) {
        o = *opt;
    } else {
        veto_options_init(&o);
    }
    o.indices = VETO_INDEX_BIT(VETO_IDX_BANZHAF_RAW);
    o.exact = true;
    o.beliefs = scenario != NULL;
    xr.player = player;
    VETO_TRY(veto_i_analyse_rule_x(&res, m, rule, &o, NULL, NULL, true, NULL,
                                   &xr, err));
    e->method = res->method;
    if (res->value[VETO_IDX_BANZHAF_RAW] != NULL) {
        mpz_set(e->swings,
                mpq_numref(res->value[VETO_IDX_BANZHAF_RAW][player]));
    }
    e->dummy = mpz_sgn(e->swings) == 0;
    if (!e->dummy && xr.have) {
        e->swings_by_size = xr.player_k;
        xr.player_k = NULL;
        e->have_by_size = true;
        if (xr.example != NULL) {
            if (!veto_i_an_coalition(&e->smallest_swing, xr.example, n)) {
                rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
                goto cleanup;
            }
            e->have_example = true;
        }
    }

    {
        veto_i_ctx_t bctx;
        veto_i_ctx_from_options(&bctx, opt);
        VETO_TRY(veto_i_blocking(e, m, rule, player, &bctx, err));
    }

    if (sidx >= 0) {
        const veto_belief_result_t *b = &res->belief[sidx];
        const mpq_t *bel = sidx == 0 ? (const mpq_t *)m->belief
                                     : (const mpq_t *)m->scen[sidx - 1].belief;
        e->scenario = sidx == 0 ? "default" : m->scen[sidx - 1].name;
        e->p_act = b->p_act;
        if (b->nblocs > 0) {
            VETO_ALLOC(e->bloc_name,
                       veto_i_calloc(b->nblocs, sizeof *e->bloc_name));
            VETO_ALLOC(e->p_act_bloc_independent,
                       veto_i_calloc(b->nblocs,
                                     sizeof *e->p_act_bloc_independent));
            for (size_t k = 0; k < b->nblocs; k++) {
                e->bloc_name[k] = b->bloc_name[k];
                e->p_act_bloc_independent[k] = b->p_act_bloc_independent[k];
            }
            e->nblocs = b->nblocs;
        }
        mpq_set(e->p_act_q, b->p_act_q);
        VETO_ALLOC(e->p_decisive, veto_i_mallocarray(n, sizeof(double)));
        VETO_ALLOC(e->ranking, veto_i_mallocarray(n, sizeof(size_t)));
        VETO_ALLOC(e->p_decisive_q, veto_i_mallocarray(n, sizeof(mpq_t)));
        for (size_t i = 0; i < n; i++) {
            mpq_init(e->p_decisive_q[i]);
        }
        VETO_ALLOC(e->belief, veto_i_mallocarray(n, sizeof(mpq_t)));
        for (size_t i = 0; i < n; i++) {
            mpq_init(e->belief[i]);
        }
        for (size_t i = 0; i < n; i++) {
            e->p_decisive[i] = b->p_decisive[i];
            if (b->exact) {
                mpq_set(e->p_decisive_q[i], b->p_decisive_q[i]);
            } else {
                mpq_set_d(e->p_decisive_q[i], b->p_decisive[i]);
            }
            mpq_set(e->belief[i], bel[i]);
            e->ranking[i] = i;
            fixed[i] = mpq_sgn(bel[i]) == 0            ? 0
                       : mpq_cmp_ui(bel[i], 1, 1) == 0 ? 1
                                                       : -1;
        }
        /* Insertion sort, n small next to the engines' cost: O(n^2). */
        for (size_t i = 1; i < n; i++) {
            size_t x = e->ranking[i], j = i;
            while (j > 0 &&
                   cmp_rank_q((const mpq_t *)e->p_decisive_q, e->p_decisive,
                              e->ranking[j - 1], x) > 0) {
                e->ranking[j] = e->ranking[j - 1];
                j--;
            }
            e->ranking[j] = x;
        }
        VETO_ALLOC(sub, veto_i_rule_substitute(rule, fixed));
        memset(in, 0, n);
        if (sub->kind == VETO_I_R_FALSE) {
            e->reason = VETO_PACT_ZERO;
            for (size_t i = 0; i < n; i++) {
                in[i] = fixed[i] == 0 && res->veto_player[i];
            }
            e->blockers_veto = memchr(in, 1, n) != NULL;
            if (!e->blockers_veto) {
                for (size_t i = 0; i < n; i++) {
                    in[i] = fixed[i] == 0;
                }
            }
        } else if (sub->kind == VETO_I_R_TRUE) {
            e->reason = VETO_PACT_ONE;
            for (size_t i = 0; i < n; i++) {
                in[i] = fixed[i] == 1 && res->passer[i];
            }
            e->blockers_veto = memchr(in, 1, n) != NULL;
            if (!e->blockers_veto) {
                for (size_t i = 0; i < n; i++) {
                    in[i] = fixed[i] == 1;
                }
            }
        } else {
            e->reason = VETO_PACT_BETWEEN;
        }
        if (!veto_i_an_coalition(&e->blockers, in, n)) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
    *out = e;
    e = NULL;
cleanup:
    veto_explanation_free(e);
    veto_i_rule_free(rule);
    veto_i_rule_free(sub);
    veto_i_free(thr);
    veto_result_free(res);
    veto_i_free(in);
    veto_i_free(fixed);
    veto_i_xreq_clear(&xr, n);
    return rc;
}

void veto_explanation_free(veto_explanation_t *e)
{
    if (e == NULL) {
        return;
    }
    size_t n = e->n;
    veto_i_free(e->bloc_name);
    veto_i_free(e->p_act_bloc_independent);
    coalition_free(&e->others);
    coalition_free(&e->winning_without);
    coalition_free(&e->smallest_swing);
    coalition_free(&e->blockers);
    coalition_free(&e->winning_abstain);
    coalition_free(&e->recused);
    for (size_t f = 0; f < e->nfailed; f++) {
        veto_i_free(e->failed[f].text);
        mpz_clear(e->failed[f].have);
        mpz_clear(e->failed[f].need);
        coalition_free(&e->failed[f].missing);
    }
    veto_i_free(e->failed);
    for (size_t f = 0; f < e->nfailed_abstain; f++) {
        veto_i_free(e->failed_abstain[f].text);
        mpz_clear(e->failed_abstain[f].have);
        mpz_clear(e->failed_abstain[f].need);
        coalition_free(&e->failed_abstain[f].missing);
    }
    veto_i_free(e->failed_abstain);
    mpq_t *qs[3] = {e->p_decisive_na_q, e->p_decisive_ay_q, e->abstain};
    for (size_t a = 0; a < 3; a++) {
        if (qs[a] != NULL) {
            for (size_t i = 0; i < n; i++) {
                mpq_clear(qs[a][i]);
            }
            veto_i_free(qs[a]);
        }
    }
    veto_i_free(e->p_decisive_na);
    veto_i_free(e->p_decisive_ay);
    if (e->swings_by_size != NULL) {
        for (size_t k = 0; k < n; k++) {
            mpz_clear(e->swings_by_size[k]);
        }
        veto_i_free(e->swings_by_size);
    }
    if (e->p_decisive_q != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(e->p_decisive_q[i]);
        }
        veto_i_free(e->p_decisive_q);
    }
    if (e->belief != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(e->belief[i]);
        }
        veto_i_free(e->belief);
    }
    veto_i_free(e->p_decisive);
    veto_i_free(e->ranking);
    veto_i_blocking_free(e);
    mpz_clear(e->swings);
    mpq_clear(e->p_act_q);
    veto_i_free(e);
}

void veto_model_belief(mpq_t out, const veto_model_t *model, size_t s, size_t i)
{
    if (out == NULL) {
        return;
    }
    if (model == NULL || i >= model->n || s > model->nscen) {
        mpq_set_ui(out, 0, 1);
        return;
    }
    mpq_set(out, s == 0 ? model->belief[i] : model->scen[s - 1].belief[i]);
}
