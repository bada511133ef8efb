/*
 * design.c: the smallest change of the rule's thresholds that leaves a
 * player without a veto. The family searched is stated in the result:
 * every threshold (a term's quota, the K of a "K of (..)" node; so
 * all(G) becomes count(G) >= K) moved down on its own, then pairs when no
 * single move works. Raising a threshold only makes passing harder, so it
 * never removes a veto and is not searched.
 *
 * A player p has a veto iff the coalition of all the others loses, and
 * with one threshold lowered that coalition only gains: so whether a value
 * works is monotone in it, and the largest working value is found by
 * bisection.
 */
#include "analyst_i.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A pair search iterates over at most this many values of one threshold
 * (bisecting the other); wider ranges are sampled evenly. */
#define PAIR_MAX_STEPS 4096

typedef struct cand {
    size_t nch;
    size_t t[2];
    mpz_t v[2];
    double cost;
} cand_t;

typedef struct search {
    veto_i_rule_t *work; /* a copy of the rule that is moved */
    veto_i_rule_t **thr; /* its thresholds */
    size_t nthr;
    mpz_t *cur, *max;      /* [nthr] */
    unsigned char *others; /* everyone but the player */
    uint64_t tried;
} search_t;

static bool others_win(search_t *s)
{
    s->tried++;
    return veto_i_rule_eval(s->work, s->others);
}

/* Largest v in [1, hi] with threshold t at v letting the others win, with
 * the other thresholds as they are now in s->work; false if none. Leaves
 * threshold t at its current value. O(log hi) evaluations. */
static bool best_value(search_t *s, size_t t, const mpz_t hi, mpz_t out)
{
    mpz_t lo, up, mid;
    bool found = false;
    if (mpz_cmp_ui(hi, 1) < 0) {
        return false;
    }
    mpz_init_set_ui(lo, 1);
    mpz_init_set(up, hi);
    mpz_init(mid);
    veto_i_an_threshold_set(s->thr[t], lo);
    if (others_win(s)) {
        found = true;
        /* Invariant: lo works; find the largest working value in [lo, up]. */
        while (mpz_cmp(lo, up) < 0) {
            mpz_add(mid, lo, up);
            mpz_add_ui(mid, mid, 1);
            mpz_fdiv_q_2exp(mid, mid, 1);
            veto_i_an_threshold_set(s->thr[t], mid);
            if (others_win(s)) {
                mpz_set(lo, mid);
            } else {
                mpz_sub_ui(up, mid, 1);
            }
        }
        mpz_set(out, lo);
    }
    veto_i_an_threshold_set(s->thr[t], s->cur[t]);
    mpz_clear(lo);
    mpz_clear(up);
    mpz_clear(mid);
    return found;
}

static double move_cost(const search_t *s, size_t t, const mpz_t v)
{
    mpq_t q;
    mpq_init(q);
    mpz_sub(mpq_numref(q), s->cur[t], v);
    mpz_set(mpq_denref(q), s->max[t]);
    mpq_canonicalize(q);
    double d = mpq_get_d(q);
    mpq_clear(q);
    return d;
}

static int cand_cmp(const void *pa, const void *pb)
{
    const cand_t *a = pa, *b = pb;
    if (a->nch != b->nch) {
        return a->nch < b->nch ? -1 : 1;
    }
    if (a->cost != b->cost) {
        return a->cost < b->cost ? -1 : 1;
    }
    for (size_t k = 0; k < a->nch; k++) {
        if (a->t[k] != b->t[k]) {
            return a->t[k] < b->t[k] ? -1 : 1;
        }
    }
    return 0;
}

static bool push(cand_t **list, size_t *n, size_t *cap, const cand_t *c)
{
    if (*n == *cap) {
        size_t nc = *cap == 0 ? 16 : *cap * 2;
        cand_t *l = veto_i_reallocarray(*list, nc, sizeof *l);
        if (l == NULL) {
            return false;
        }
        *list = l;
        *cap = nc;
    }
    cand_t *d = &(*list)[(*n)++];
    d->nch = c->nch;
    d->cost = c->cost;
    for (size_t k = 0; k < 2; k++) {
        d->t[k] = c->t[k];
        mpz_init_set(d->v[k], c->v[k]);
    }
    return true;
}

/* The best pair move for thresholds a, b: iterate over values of the one
 * with the smaller range (sampled beyond PAIR_MAX_STEPS), bisect the other.
 * Returns false when even both at 1 leave the player a veto. */
static bool best_pair(search_t *s, size_t a, size_t b, cand_t *out)
{
    bool found = false;
    mpz_t one, va, vb, range, stride, hi;
    mpz_init_set_ui(one, 1);
    mpz_init(va);
    mpz_init(vb);
    mpz_init(range);
    mpz_init(stride);
    mpz_init(hi);
    veto_i_an_threshold_set(s->thr[a], one);
    veto_i_an_threshold_set(s->thr[b], one);
    bool feasible = others_win(s);
    veto_i_an_threshold_set(s->thr[a], s->cur[a]);
    veto_i_an_threshold_set(s->thr[b], s->cur[b]);
    if (!feasible || mpz_cmp_ui(s->cur[a], 1) <= 0 ||
        mpz_cmp_ui(s->cur[b], 1) <= 0) {
        goto done;
    }
    if (mpz_cmp(s->cur[a], s->cur[b]) > 0) {
        size_t x = a;
        a = b;
        b = x;
    }
    /* a moves over [1, cur_a - 1] (moving it not at all is a single move,
     * already ruled out). */
    mpz_sub_ui(range, s->cur[a], 1);
    mpz_cdiv_q_ui(stride, range, PAIR_MAX_STEPS);
    mpz_sub_ui(hi, s->cur[b], 1);
    for (mpz_sub_ui(va, s->cur[a], 1); mpz_cmp_ui(va, 1) >= 0;
         mpz_sub(va, va, stride)) {
        veto_i_an_threshold_set(s->thr[a], va);
        if (best_value(s, b, hi, vb)) {
            double c = move_cost(s, a, va) + move_cost(s, b, vb);
            if (!found || c < out->cost) {
                found = true;
                out->cost = c;
                out->nch = 2;
                out->t[0] = a < b ? a : b;
                out->t[1] = a < b ? b : a;
                mpz_set(out->v[a < b ? 0 : 1], va);
                mpz_set(out->v[a < b ? 1 : 0], vb);
            }
        }
        veto_i_an_threshold_set(s->thr[a], s->cur[a]);
    }
done:
    mpz_clear(one);
    mpz_clear(va);
    mpz_clear(vb);
    mpz_clear(range);
    mpz_clear(stride);
    mpz_clear(hi);
    return found;
}

void veto_design_free(veto_design_t *d)
{
    if (d == NULL) {
        return;
    }
    for (size_t c = 0; c < d->ncand; c++) {
        veto_design_candidate_t *k = &d->cand[c];
        for (size_t j = 0; j < k->nchanges; j++) {
            mpz_clear(k->change[j].from);
            mpz_clear(k->change[j].to);
            veto_i_free(k->change[j].before);
            veto_i_free(k->change[j].after);
        }
        veto_i_free(k->rule_text);
        veto_result_free(k->result);
    }
    veto_i_free(d->cand);
    veto_i_free(d);
}

veto_status veto_design_remove_veto(veto_design_t **out, const veto_model_t *m,
                                    size_t player, size_t max_candidates,
                                    const veto_options_t *opt,
                                    veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_design_t *d = NULL;
    veto_i_rule_t *rule = NULL, *copy = NULL;
    veto_i_rule_t **cthr = NULL;
    cand_t *list = NULL;
    size_t nlist = 0, cap = 0;
    search_t s;
    cand_t c;
    veto_options_t defaults;
    size_t n = m != NULL ? m->n : 0;
    size_t ninit = 0;

    VETO_I_ERR_SCRATCH();
    VETO_I_NONNULL(out);
    *out = NULL;
    VETO_I_NONNULL(m);
    if (m->ternary) {
        return veto_i_ternary_refuse(err, "veto design");
    }
    if ((rc = veto_i_check_options(opt, __func__, err)) != VETO_OK) {
        return rc;
    }
    memset(&s, 0, sizeof s);
    mpz_init(c.v[0]);
    mpz_init(c.v[1]);
    *out = NULL;
    if (opt == NULL) {
        veto_options_init(&defaults);
        opt = &defaults;
    }
    /* One run context for the search and every analysis of a candidate:
     * --timeout bounds the whole design. */
    veto_i_ctx_t ctx;
    veto_i_ctx_from_options(&ctx, opt);
    if (player >= n) {
        rc = veto_i_errorf(err, VETO_EMISUSE, "no player %zu", player);
        goto cleanup;
    }
    VETO_TRY(veto_i_rule_build(&rule, m, err));
    VETO_ALLOC(s.work, veto_i_rule_copy(rule));
    s.nthr = veto_i_an_thresholds(s.work, NULL, 0);
    VETO_ALLOC(s.thr, veto_i_mallocarray(s.nthr + 1, sizeof *s.thr));
    VETO_ALLOC(cthr, veto_i_mallocarray(s.nthr + 1, sizeof *cthr));
    veto_i_an_thresholds(s.work, s.thr, s.nthr);
    VETO_ALLOC(s.cur, veto_i_mallocarray(s.nthr + 1, sizeof(mpz_t)));
    VETO_ALLOC(s.max, veto_i_mallocarray(s.nthr + 1, sizeof(mpz_t)));
    for (size_t t = 0; t < s.nthr; t++) {
        mpz_init(s.cur[t]);
        mpz_init(s.max[t]);
        ninit = t + 1;
        veto_i_an_threshold_value(s.thr[t], s.cur[t], s.max[t]);
    }
    VETO_ALLOC(s.others, veto_i_malloc(n));
    memset(s.others, 1, n);
    s.others[player] = 0;

    VETO_ALLOC(d, veto_i_calloc(1, sizeof *d));
    d->player = player;
    snprintf(d->family, sizeof d->family,
             "each of the rule's thresholds (%zu, numbered as `veto check` "
             "lists them) lowered on its own to every smaller value, "
             "so that all(G) becomes count(G) >= K; then every pair of "
             "thresholds when no single move works. Raising a threshold "
             "never removes a veto. Ranked by the number of thresholds "
             "changed, then by the share of each threshold's range moved",
             s.nthr);
    if (others_win(&s)) {
        d->already = true;
        goto done;
    }
    for (size_t t = 0; t < s.nthr; t++) {
        mpz_t hi;
        mpz_init(hi);
        mpz_sub_ui(hi, s.cur[t], 1);
        if (mpz_sgn(s.cur[t]) > 0 && best_value(&s, t, hi, c.v[0])) {
            c.nch = 1;
            c.t[0] = t;
            c.t[1] = 0;
            mpz_set_ui(c.v[1], 0);
            c.cost = move_cost(&s, t, c.v[0]);
            if (!push(&list, &nlist, &cap, &c)) {
                mpz_clear(hi);
                rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
                goto cleanup;
            }
        }
        mpz_clear(hi);
    }
    if (nlist == 0) {
        for (size_t a = 0; a < s.nthr; a++) {
            VETO_TRY(veto_i_poll(&ctx, 0, "design: searching", err));
            for (size_t b = a + 1; b < s.nthr; b++) {
                if (best_pair(&s, a, b, &c) && !push(&list, &nlist, &cap, &c)) {
                    rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
                    goto cleanup;
                }
            }
        }
    }
    if (nlist > 1) {
        qsort(list, nlist, sizeof *list, cand_cmp);
    }
    size_t keep = nlist < max_candidates ? nlist : max_candidates;
    VETO_ALLOC(d->cand, veto_i_calloc(keep + 1, sizeof *d->cand));
    veto_options_t o = *opt;
    o.beliefs = true;
    for (size_t k = 0; k < keep; k++) {
        veto_design_candidate_t *dc = &d->cand[k];
        d->ncand = k + 1;
        dc->cost = list[k].cost;
        VETO_ALLOC(copy, veto_i_rule_copy(rule));
        veto_i_an_thresholds(copy, cthr, s.nthr);
        for (size_t j = 0; j < list[k].nch; j++) {
            size_t t = list[k].t[j];
            veto_design_change_t *ch = &dc->change[j];
            mpz_init_set(ch->from, s.cur[t]);
            mpz_init_set(ch->to, list[k].v[j]);
            dc->nchanges = j + 1;
            ch->threshold = t + 1;
            VETO_ALLOC(ch->before, veto_i_rule_to_string(cthr[t], m));
            veto_i_an_threshold_set(cthr[t], list[k].v[j]);
            VETO_ALLOC(ch->after, veto_i_rule_to_string(cthr[t], m));
        }
        VETO_ALLOC(dc->rule_text, veto_i_rule_to_string(copy, m));
        VETO_TRY(veto_i_poll(&ctx, (double)k / (double)keep, "design", err));
        VETO_TRY(veto_i_analyse_rule(&dc->result, m, copy, &o, NULL, NULL, true,
                                     &ctx, err));
        veto_i_rule_free(copy);
        copy = NULL;
    }
done:
    d->tried = s.tried;
    *out = d;
    d = NULL;
cleanup:
    veto_design_free(d);
    for (size_t k = 0; k < nlist; k++) {
        mpz_clear(list[k].v[0]);
        mpz_clear(list[k].v[1]);
    }
    veto_i_free(list);
    if (s.cur != NULL) {
        for (size_t t = 0; t < ninit; t++) {
            mpz_clear(s.cur[t]);
            mpz_clear(s.max[t]);
        }
    }
    veto_i_free(s.cur);
    veto_i_free(s.max);
    veto_i_free(s.thr);
    veto_i_free(s.others);
    veto_i_rule_free(s.work);
    veto_i_free(cthr);
    veto_i_rule_free(copy);
    veto_i_rule_free(rule);
    mpz_clear(c.v[0]);
    mpz_clear(c.v[1]);
    return rc;
}
