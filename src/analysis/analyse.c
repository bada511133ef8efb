/*
 * analyse.c: veto_analyse, the one entry point from a model to a result:
 * lower the rule, fold it to a weighted game where it is one, choose an
 * engine by estimated cost, run it, and turn counts into indices,
 * properties and beliefs.
 */
#include "analysis.h"
#include "../sample/mc.h"
#include "../exact/ternary.h"

#include <stdio.h>
#include <math.h>
#include <string.h>

void veto_options_init(veto_options_t *opt)
{
    if (opt == NULL) {
        return;
    }
    memset(opt, 0, sizeof *opt);
    opt->method = VETO_METHOD_AUTO;
    opt->beliefs = true;
    opt->properties = true;
    opt->confidence = 0.999;
    opt->epsilon = 0.01;
    opt->nranks = 1;
}


const char *veto_index_key(veto_index idx)
{
    static const char *const keys[VETO_NINDEX] = {
        "banzhaf_raw",   "banzhaf",         "banzhaf_absolute",
        "shapley_shubik", "holler_raw",     "holler",
        "deegan_packel", "johnston",        "coleman_prevent",
        "coleman_initiate"};
    return (unsigned)idx < VETO_NINDEX ? keys[idx] : "?";
}

const char *veto_index_name(veto_index idx)
{
    static const char *const names[VETO_NINDEX] = {
        "swings",          "Banzhaf",       "abs. Banzhaf",
        "Shapley-Shubik",  "MWC",           "Holler",
        "Deegan-Packel",   "Johnston",      "Coleman prevent",
        "Coleman initiate"};
    return (unsigned)idx < VETO_NINDEX ? names[idx] : "?";
}

const char *veto_method_name(veto_method m)
{
    switch (m) {
    case VETO_METHOD_AUTO: return "auto";
    case VETO_METHOD_DP: return "dp";
    case VETO_METHOD_BDD: return "bdd";
    case VETO_METHOD_ENUM: return "enum";
    case VETO_METHOD_MC: return "mc";
    }
    return "?";
}

veto_result_t *veto_i_result_new(size_t n)
{
    veto_result_t *r = veto_i_calloc(1, sizeof *r);
    if (r == NULL) {
        return NULL;
    }
    r->n = n;
    r->dictator = -1;
    r->proper = VETO_UNKNOWN;
    r->strong = VETO_UNKNOWN;
    mpz_init(r->winning);
    mpz_init(r->minimal_winning);
    mpq_init(r->power_to_act);
    mpz_init(r->quota);
    return r;
}

static void free_belief(veto_belief_result_t *b, size_t n)
{
    if (b->p_act_independent_q != NULL) {
        mpq_clear(*b->p_act_independent_q);
        veto_i_free(b->p_act_independent_q);
    }
    veto_i_free(b->bloc_name);
    veto_i_free(b->p_act_bloc_independent);
    veto_i_free(b->p_decisive);
    veto_i_free(b->p_decisive_hw);
    if (b->p_decisive_q != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(b->p_decisive_q[i]);
        }
        veto_i_free(b->p_decisive_q);
    }
    mpq_clear(b->p_act_q);
    veto_i_free(b->p_decisive_na);
    veto_i_free(b->p_decisive_ay);
    veto_i_free(b->p_decisive_na_hw);
    veto_i_free(b->p_decisive_ay_hw);
    for (size_t i = 0; i < n && b->p_decisive_na_q != NULL; i++) {
        mpq_clear(b->p_decisive_na_q[i]);
    }
    veto_i_free(b->p_decisive_na_q);
    for (size_t i = 0; i < n && b->p_decisive_ay_q != NULL; i++) {
        mpq_clear(b->p_decisive_ay_q[i]);
    }
    veto_i_free(b->p_decisive_ay_q);
    veto_i_free(b->recused);
}

void veto_result_free(veto_result_t *r)
{
    if (r == NULL) {
        return;
    }
    size_t n = r->n;
    for (size_t k = 0; k < r->nblocking_listed; k++) {
        veto_i_free(r->blocking_member[k]);
    }
    veto_i_free(r->blocking_member);
    veto_i_free(r->blocking_size);
    veto_i_free(r->blocking_by_size);
    for (int k = 0; k < VETO_NINDEX; k++) {
        if (r->value[k] != NULL) {
            for (size_t i = 0; i < n; i++) {
                mpq_clear(r->value[k][i]);
            }
            veto_i_free(r->value[k]);
        }
        veto_i_free(r->approx[k]);
        veto_i_free(r->halfwidth[k]);
    }
    veto_i_free(r->veto_player);
    veto_i_free(r->veto_unless_yes);
    veto_i_free(r->abstention_matters);
    veto_i_free(r->passer);
    veto_i_free(r->dummy);
    if (r->weight != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpz_clear(r->weight[i]);
        }
        veto_i_free(r->weight);
    }
    for (size_t s = 0; s < r->nbeliefs; s++) {
        free_belief(&r->belief[s], n);
    }
    veto_i_free(r->belief);
    if (r->expected != NULL) {
        free_belief(r->expected, n);
        veto_i_free(r->expected);
    }
    veto_i_free(r->belief_blocs);
    if (r->semivalue != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(r->semivalue[i]);
        }
        veto_i_free(r->semivalue);
    }
    veto_i_free(r->semivalue_d);
    mpz_clear(r->winning);
    mpz_clear(r->minimal_winning);
    mpq_clear(r->power_to_act);
    mpz_clear(r->quota);
    veto_i_free(r);
}

/* ---- planning --------------------------------------------------------- */

/* Indices each engine can give. */
static unsigned engine_indices(veto_method m)
{
    if (m == VETO_METHOD_MC) {
        return VETO_INDEX_BIT(VETO_IDX_BANZHAF) |
               VETO_INDEX_BIT(VETO_IDX_BANZHAF_ABSOLUTE) |
               VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK);
    }
    return VETO_INDEX_ALL;
}

/* The reason given for each index asked for that Monte Carlo does not
 * estimate. */
static void mc_why_not(veto_result_t *res, unsigned bits)
{
    for (int k = 0; k < VETO_NINDEX; k++) {
        if (bits & VETO_INDEX_BIT(k)) {
            snprintf(res->why_not[k], sizeof res->why_not[k],
                     "Monte Carlo estimates Banzhaf and Shapley-Shubik only");
        }
    }
}

typedef veto_i_plan_t plan_t;

/* "12.5 MiB", "3.0 KiB": sizes in the reasons the report prints. */
static void human_bytes(char *buf, size_t cap, uint64_t b)
{
    if (b >= (1ull << 30)) {
        snprintf(buf, cap, "%.1f GiB", (double)b / (double)(1ull << 30));
    } else if (b >= (1ull << 20)) {
        snprintf(buf, cap, "%.1f MiB", (double)b / (double)(1ull << 20));
    } else {
        snprintf(buf, cap, "%.1f KiB", (double)b / 1024.0);
    }
}

/* "0.4 s", "3.2 min", "2.5 h": times in the reasons. */
static void human_secs(char *buf, size_t cap, double s)
{
    if (!(s < 1e9)) {
        snprintf(buf, cap, "more than 30 years");
    } else if (s >= 7200) {
        snprintf(buf, cap, "%.1f h", s / 3600);
    } else if (s >= 120) {
        snprintf(buf, cap, "%.1f min", s / 60);
    } else {
        snprintf(buf, cap, s < 10 ? "%.2g s" : "%.0f s", s);
    }
}

/* Enumeration evaluates the rule once per coalition: about this many of
 * the probe's word operations per node of the rule (measured on the
 * examples of 20 to 24 players). */
#define ENUM_WORDS_PER_NODE 8.0

/* Rough cost of enumeration: 2^n coalitions times the rule's size. */
static double enum_cost(size_t n, size_t rule_size)
{
    return (double)(1ull << n) * (double)(rule_size + 2);
}

/* With a time limit (ctx->deadline), dp (which fits the memory budget)
 * only when its work at the speed a probe measures now fits the time left;
 * else enumeration when it does, else Monte Carlo when it can give what is
 * asked (the caller's run then stops it at the deadline), else VETO_ETIMEOUT
 * before anything runs, naming dp's estimate. p holds dp and its reason on
 * entry. The clock is the context's, so that tests can fix what the probe
 * measures. */
static veto_status plan_in_time(plan_t *p, const veto_options_t *opt,
                                size_t n, size_t rsize,
                                const veto_i_wgame_t *g, unsigned need,
                                const veto_i_ctx_t *ctx,
                                veto_error_t *err)
{
    size_t primes = 1;
    double work = veto_i_dp_work(g, need, &primes);
    unsigned th = ctx->threads > 0 ? ctx->threads : 1;
    if (th > primes) {
        th = (unsigned)primes;
    }
    double spw = veto_i_dp_probe(ctx);
    double secs = work * spw / th;
    double left = ctx->deadline - veto_i_ctx_now(ctx);
    char est[32], have[32];
    human_secs(est, sizeof est, secs);
    human_secs(have, sizeof have, left > 0 ? left : 0);
    if (secs <= left) {
        /* the reason as without a limit: the same output whatever the
         * machine's speed when dp is taken */
        return VETO_OK;
    }
    if (n <= 24) {
        double esecs = enum_cost(n, rsize) * ENUM_WORDS_PER_NODE * spw;
        if (esecs <= left) {
            char e2[32];
            human_secs(e2, sizeof e2, esecs);
            p->method = VETO_METHOD_ENUM;
            snprintf(p->reason, sizeof p->reason,
                     "dp would take an estimated %s, enumerating all 2^%zu "
                     "coalitions %s, within the %s left of the time limit",
                     est, n, e2, have);
            return VETO_OK;
        }
    }
    unsigned mc = engine_indices(VETO_METHOD_MC);
    if (opt->indices == 0 || (opt->indices & ~mc) == 0) {
        p->method = VETO_METHOD_MC;
        snprintf(p->reason, sizeof p->reason,
                 "dp would take an estimated %s, more than the %s left of "
                 "the time limit; estimated instead",
                 est, have);
        return VETO_OK;
    }
    veto_i_errorf(err, VETO_ETIMEOUT,
                  "no engine can finish within the time limit: dp would "
                  "take an estimated %s (%s left), and Monte Carlo cannot "
                  "estimate the indices asked for",
                  est, have);
    veto_i_error_hint_code(err, VETO_HINT_TIMEOUT, "dp", est, NULL);
    return VETO_ETIMEOUT;
}

/* Choose the engine. With `lenient` (rules derived from the model's by
 * explain, sweep and design) a --method that cannot take the rule gives
 * way to the choice by cost, and the choice stays exact: never mc. */
veto_status veto_i_plan_engine(veto_i_plan_t *p, const veto_options_t *opt,
                               size_t n, const veto_i_rule_t *rule,
                               bool weighted, const veto_i_wgame_t *g,
                               unsigned need, bool lenient,
                               const veto_i_ctx_t *ctx, veto_error_t *err)
{
    size_t rsize = veto_i_rule_size(rule);
    veto_method method = opt->method;
    if (lenient && ((method == VETO_METHOD_ENUM && n > VETO_I_ENUM_MAX_N) ||
                    (method == VETO_METHOD_DP && !weighted) ||
                    method == VETO_METHOD_MC)) {
        method = VETO_METHOD_AUTO;
    }
    switch (method) {
    case VETO_METHOD_ENUM:
        if (n > VETO_I_ENUM_MAX_N) {
            veto_i_errorf(err, VETO_EUNSUPPORTED,
                          "--method enum takes at most %d players; this "
                          "model has %zu",
                          VETO_I_ENUM_MAX_N, n);
            veto_i_error_hint_code(err, VETO_HINT_OTHER_METHOD, "enum",
                                   weighted ? "dp, auto" : "bdd, auto", NULL);
            return VETO_EUNSUPPORTED;
        }
        p->method = VETO_METHOD_ENUM;
        snprintf(p->reason, sizeof p->reason, "asked for with --method enum");
        return VETO_OK;
    case VETO_METHOD_DP:
        if (!weighted) {
            veto_i_errorf(err, VETO_EUNSUPPORTED,
                          "--method dp needs a weighted game (one threshold "
                          "term), and this rule is composed of several");
            veto_i_error_hint_code(err, VETO_HINT_OTHER_METHOD, "dp",
                                   "bdd, auto", NULL);
            return VETO_EUNSUPPORTED;
        }
        p->method = VETO_METHOD_DP;
        snprintf(p->reason, sizeof p->reason, "asked for with --method dp");
        return VETO_OK;
    case VETO_METHOD_BDD:
        p->method = VETO_METHOD_BDD;
        snprintf(p->reason, sizeof p->reason, "asked for with --method bdd");
        return VETO_OK;
    case VETO_METHOD_MC:
        p->method = VETO_METHOD_MC;
        snprintf(p->reason, sizeof p->reason, "asked for with --method mc");
        return VETO_OK;
    case VETO_METHOD_AUTO:
        break;
    }
    if (weighted) {
        uint64_t est = veto_i_dp_estimate(g, need);
        char size[32];
        human_bytes(size, sizeof size, est);
        if (ctx->max_memory == 0 || est <= ctx->max_memory) {
            p->method = VETO_METHOD_DP;
            snprintf(p->reason, sizeof p->reason,
                     "the rule is one weighted threshold; dp needs an "
                     "estimated %s",
                     size);
            if (ctx->deadline > 0 && !lenient) {
                return plan_in_time(p, opt, n, rsize, g, need, ctx, err);
            }
            return VETO_OK;
        }
        if (n <= 24 || lenient) {
            p->method = n <= 24 ? VETO_METHOD_ENUM : VETO_METHOD_BDD;
            snprintf(p->reason, sizeof p->reason,
                     "weighted, but dp would need %s, over the budget; "
                     "%zu players can be enumerated",
                     size, n);
            return VETO_OK;
        }
        p->method = VETO_METHOD_MC;
        snprintf(p->reason, sizeof p->reason,
                 "the exact dp would need %s, over the memory budget", size);
        return VETO_OK;
    }
    if (n <= 16 || (n <= 20 && enum_cost(n, rsize) < 4e7)) {
        p->method = VETO_METHOD_ENUM;
        snprintf(p->reason, sizeof p->reason,
                 "a composed rule over %zu players: enumerating all 2^%zu "
                 "coalitions is cheapest",
                 n, n);
        return VETO_OK;
    }
    p->method = VETO_METHOD_BDD;
    snprintf(p->reason, sizeof p->reason,
             "a composed rule (a tree of %zu and/or/k-of and threshold "
             "nodes) over %zu players: decision diagram",
             rsize, n);
    return VETO_OK;
}

/* ---- running ------------------------------------------------------------ */

static veto_status run_counts(veto_i_counts_t *c, veto_method m,
                              const veto_i_rule_t *rule,
                              const veto_i_wgame_t *g, size_t n,
                              unsigned need, uint64_t *nodes,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    switch (m) {
    case VETO_METHOD_ENUM:
        return veto_i_enum_counts(c, rule, n, need, ctx, err);
    case VETO_METHOD_DP:
        return veto_i_dp_counts(c, g, need, ctx, err);
    case VETO_METHOD_BDD:
        return veto_i_bdd_counts(c, rule, n, need, nodes, ctx, err);
    default:
        return veto_i_errorf(err, VETO_EUNSUPPORTED,
                             "this method does not count coalitions");
    }
}

veto_status veto_i_run_beliefs(veto_i_beliefs_t *b, veto_method m,
                               const veto_i_rule_t *rule,
                               const veto_i_wgame_t *g, size_t n,
                               const mpq_t *belief, bool exact,
                               const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc;
    switch (m) {
    case VETO_METHOD_ENUM:
        rc = veto_i_enum_beliefs(b, rule, n, belief, exact, ctx, err);
        if (rc == VETO_ELIMIT || rc == VETO_EUNSUPPORTED) {
            /* Exact beliefs with many distinct values: the diagram takes
             * any number of them in one pass. */
            veto_i_beliefs_clear(b);
            veto_i_beliefs_init(b, n, exact);
            veto_error_clear(err);
            rc = veto_i_bdd_beliefs(b, rule, n, belief, exact, ctx, err);
        }
        return rc;
    case VETO_METHOD_DP:
        return veto_i_dp_beliefs(b, g, belief, exact, ctx, err);
    case VETO_METHOD_BDD:
        return veto_i_bdd_beliefs(b, rule, n, belief, exact, ctx, err);
    default:
        return veto_i_errorf(err, VETO_EUNSUPPORTED,
                             "this method does not compute beliefs");
    }
}

static veto_status fill_properties(veto_result_t *res,
                                   const veto_i_rule_t *rule, bool weighted,
                                   const veto_i_wgame_t *g, size_t n,
                                   veto_error_t *err)
{
    veto_status rc = VETO_OK;
    unsigned char *in = NULL;
    mpz_t total, rest;
    mpz_init(total);
    mpz_init(rest);
    VETO_ALLOC(res->veto_player, veto_i_calloc(n, sizeof(bool)));
    VETO_ALLOC(res->passer, veto_i_calloc(n, sizeof(bool)));
    VETO_ALLOC(res->dummy, veto_i_mallocarray(n, sizeof(veto_tristate)));
    for (size_t i = 0; i < n; i++) {
        res->dummy[i] = VETO_UNKNOWN;
    }
    VETO_ALLOC(in, veto_i_calloc(n, 1));
    res->always_acts = veto_i_rule_eval(rule, in);
    memset(in, 1, n);
    res->never_acts = !veto_i_rule_eval(rule, in);
    if (weighted) {
        /* O(n): i is a veto player iff the others together fall short,
         * a passer iff its own weight reaches the quota. */
        for (size_t i = 0; i < n; i++) {
            mpz_add(total, total, g->w[i]);
        }
        for (size_t i = 0; i < n; i++) {
            mpz_sub(rest, total, g->w[i]);
            res->veto_player[i] = mpz_cmp(rest, g->quota) < 0;
            res->passer[i] = mpz_cmp(g->w[i], g->quota) >= 0;
        }
    } else {
        /* O(n * rule size): one evaluation without i, one of i alone. */
        for (size_t i = 0; i < n; i++) {
            in[i] = 0;
            res->veto_player[i] = !veto_i_rule_eval(rule, in);
            in[i] = 1;
        }
        memset(in, 0, n);
        for (size_t i = 0; i < n; i++) {
            in[i] = 1;
            res->passer[i] = veto_i_rule_eval(rule, in);
            in[i] = 0;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (res->veto_player[i] && res->passer[i]) {
            res->dictator = (long)i;
        }
    }
    res->have_properties = true;
cleanup:
    veto_i_free(in);
    mpz_clear(total);
    mpz_clear(rest);
    return rc;
}

veto_status veto_i_expected_beliefs(veto_result_t *res, const veto_model_t *m,
                                    bool exact, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = m->n;
    veto_belief_result_t *e;
    mpq_t term;
    mpq_init(term);
    VETO_ALLOC(e, veto_i_calloc(1, sizeof *e));
    res->expected = e;
    mpq_init(e->p_act_q);
    e->p_act_independent = NAN;
    e->name = "expected";
    e->exact = exact;
    VETO_ALLOC(e->p_decisive, veto_i_calloc(n + 1, sizeof *e->p_decisive));
    if (exact) {
        VETO_ALLOC(e->p_decisive_q,
                   veto_i_mallocarray(n + 1, sizeof *e->p_decisive_q));
        for (size_t i = 0; i < n; i++) {
            mpq_init(e->p_decisive_q[i]);
        }
    }
    bool hw = false;
    for (size_t s = 1; s < res->nbeliefs; s++) {
        hw = hw || res->belief[s].p_decisive_hw != NULL;
    }
    if (hw) {
        VETO_ALLOC(e->p_decisive_hw,
                   veto_i_calloc(n + 1, sizeof *e->p_decisive_hw));
    }
    /* Monte Carlo: the half-widths add up (each interval is simultaneous
     * within its scenario; the sum of w_s [l_s, u_s] holds when all do). */
    for (size_t s = 1; s < res->nbeliefs; s++) {
        const veto_belief_result_t *b = &res->belief[s];
        double w = veto_i_q_to_double(m->scen[s - 1].weight);
        e->p_act += w * b->p_act;
        e->p_act_hw += w * b->p_act_hw;
        for (size_t i = 0; i < n; i++) {
            e->p_decisive[i] += w * b->p_decisive[i];
            if (hw && b->p_decisive_hw != NULL) {
                e->p_decisive_hw[i] += w * b->p_decisive_hw[i];
            }
        }
        if (exact && b->exact) {
            mpq_mul(term, m->scen[s - 1].weight, b->p_act_q);
            mpq_add(e->p_act_q, e->p_act_q, term);
            for (size_t i = 0; i < n; i++) {
                mpq_mul(term, m->scen[s - 1].weight, b->p_decisive_q[i]);
                mpq_add(e->p_decisive_q[i], e->p_decisive_q[i], term);
            }
        }
    }
    if (exact) {
        e->p_act = veto_i_q_to_double(e->p_act_q);
        for (size_t i = 0; i < n; i++) {
            e->p_decisive[i] = veto_i_q_to_double(e->p_decisive_q[i]);
        }
    }
cleanup:
    mpq_clear(term);
    return rc;
}

/* Beliefs for the defaults and every scenario, or, when `only` is not
 * NULL, for that one belief vector under the name `only_name`. */
static veto_status fill_beliefs(veto_result_t *res, const veto_model_t *m,
                                veto_method method, const veto_i_rule_t *rule,
                                const veto_i_wgame_t *g, bool exact,
                                const mpq_t *only, const char *only_name,
                                const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = m->n;
    size_t nb = only != NULL ? 1 : 1 + m->nscen;
    VETO_ALLOC(res->belief, veto_i_calloc(nb, sizeof *res->belief));
    for (size_t s = 0; s < nb; s++) {
        veto_belief_result_t *b = &res->belief[s];
        mpq_init(b->p_act_q);
        b->p_act_independent = NAN;
        res->nbeliefs = s + 1;
        b->name = s == 0 ? "default" : m->scen[s - 1].name;
        const mpq_t *bel = s == 0 ? (const mpq_t *)m->belief
                                  : (const mpq_t *)m->scen[s - 1].belief;
        if (only != NULL) {
            b->name = only_name != NULL ? only_name : "default";
            bel = only;
        }
        size_t nbl = 0;
        const veto_i_bloc_t *bl =
            only != NULL ? NULL : veto_i_model_blocs(m, s, &nbl);
        /* allocated before eb, which the jump to cleanup would leak */
        if (nbl > 0 && res->belief_blocs == NULL) {
            VETO_ALLOC(res->belief_blocs,
                       veto_i_calloc(nb, sizeof *res->belief_blocs));
        }
        veto_i_beliefs_t eb;
        if (!veto_i_beliefs_init(&eb, n, exact)) {
            return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        }
        if (nbl > 0) {
            res->belief_blocs[s] = true;
            rc = veto_i_bloc_beliefs(&eb, method, rule, g, n, bel, bl, nbl,
                                     exact, ctx, err);
            if (rc == VETO_OK) {
                rc = veto_i_bloc_independent(b, method, rule, g, n, bel, bl,
                                             nbl, exact, ctx, err);
            }
        } else {
            rc = veto_i_run_beliefs(&eb, method, rule, g, n, bel, exact, ctx,
                                    err);
        }
        if (rc == VETO_OK) {
            b->p_act = eb.p_act;
            b->p_decisive = eb.p_dec;
            eb.p_dec = NULL;
            b->exact = exact;
            if (exact) {
                mpq_set(b->p_act_q, eb.p_act_q);
                b->p_decisive_q = eb.p_dec_q;
                eb.p_dec_q = NULL;
            }
        }
        veto_i_beliefs_clear(&eb);
        if (rc != VETO_OK) {
            goto cleanup;
        }
    }
    if (only == NULL && m->weighted && m->nscen > 0) {
        VETO_TRY(veto_i_expected_beliefs(res, m, exact, err));
    }
cleanup:
    return rc;
}

/* Monte Carlo: absolute Banzhaf, Shapley-Shubik and the power to act from
 * one run, the beliefs of each scenario from one run each; every figure
 * with its half-width. Normalised Banzhaf is the ratio of the absolute
 * values, with the interval that follows from the simultaneous ones:
 * [l_i / (l_i + sum_{j != i} u_j), u_i / (u_i + sum_{j != i} l_j)]. */
static veto_status run_mc(veto_result_t *res, const veto_model_t *m,
                          const veto_options_t *options,
                          const veto_i_rule_t *rule, const veto_i_wgame_t *g,
                          unsigned indices, const veto_i_ctx_t *ctx,
                          veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = m->n;
    veto_i_estimates_t est;
    double *bel = NULL;
    long *bof = NULL;
    double *ba = NULL;
    veto_i_estimates_init(&est);
    uint64_t nranks = options->nranks == 0 ? 1 : options->nranks;
    bool bz = (indices & (VETO_INDEX_BIT(VETO_IDX_BANZHAF) |
                          VETO_INDEX_BIT(VETO_IDX_BANZHAF_ABSOLUTE))) != 0;
    bool ssi = (indices & VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK)) != 0;
    res->estimated = true;
    /* With a time limit, stop at the deadline with the samples so far
     * (intervals valid at any checkpoint, see mc.h); several processes
     * agree on the checkpoint through the reduce. */
    veto_i_mc_opts_t stop;
    memset(&stop, 0, sizeof stop);
    stop.stop_at_deadline = ctx->deadline > 0;
    if (bz || ssi) {
        VETO_TRY(veto_i_mc_run_opts(&est, rule, g, n, bz, ssi, NULL,
                                    options->rank, nranks, options->reduce,
                                    options->reduce_user, &stop, ctx, err));
        res->samples = est.samples;
        res->samples_planned = est.planned;
        res->stopped_timeout = est.stopped_early;
        res->confidence = est.confidence;
        if (est.have_bz) {
            int kb = VETO_IDX_BANZHAF, ka = VETO_IDX_BANZHAF_ABSOLUTE;
            VETO_ALLOC(res->approx[ka], veto_i_calloc(n, sizeof(double)));
            VETO_ALLOC(res->halfwidth[ka], veto_i_calloc(n, sizeof(double)));
            VETO_ALLOC(res->approx[kb], veto_i_calloc(n, sizeof(double)));
            VETO_ALLOC(res->halfwidth[kb], veto_i_calloc(n, sizeof(double)));
            double sum = 0, sum_lo = 0, sum_hi = 0;
            for (size_t i = 0; i < n; i++) {
                double lo = est.bz_abs[i] - est.bz_abs_hw[i];
                sum += est.bz_abs[i];
                sum_lo += lo > 0 ? lo : 0;
                sum_hi += est.bz_abs[i] + est.bz_abs_hw[i];
            }
            for (size_t i = 0; i < n; i++) {
                res->approx[ka][i] = est.bz_abs[i];
                res->halfwidth[ka][i] = est.bz_abs_hw[i];
                double lo = est.bz_abs[i] - est.bz_abs_hw[i];
                double hi = est.bz_abs[i] + est.bz_abs_hw[i];
                lo = lo > 0 ? lo : 0;
                double p = sum > 0 ? est.bz_abs[i] / sum : 0;
                double plo = lo / (lo + (sum_hi - hi) + 1e-300);
                double phi = (sum_lo - lo + hi) > 0
                                 ? hi / (hi + (sum_lo - lo))
                                 : 1;
                res->approx[kb][i] = p;
                res->halfwidth[kb][i] = p - plo > phi - p ? p - plo : phi - p;
            }
            res->computed |= VETO_INDEX_BIT(ka) | VETO_INDEX_BIT(kb);
            res->power_to_act_d = est.p_win;
        }
        if (est.have_ssi) {
            int k = VETO_IDX_SHAPLEY_SHUBIK;
            VETO_ALLOC(res->approx[k], veto_i_calloc(n, sizeof(double)));
            VETO_ALLOC(res->halfwidth[k], veto_i_calloc(n, sizeof(double)));
            memcpy(res->approx[k], est.ssi, n * sizeof(double));
            memcpy(res->halfwidth[k], est.ssi_hw, n * sizeof(double));
            res->computed |= VETO_INDEX_BIT(k);
        }
        veto_i_estimates_clear(&est);
    }
    if (options->beliefs) {
        size_t nb = 1 + m->nscen;
        VETO_ALLOC(bel, veto_i_mallocarray(n, sizeof(double)));
        VETO_ALLOC(res->belief, veto_i_calloc(nb, sizeof *res->belief));
        for (size_t s = 0; s < nb; s++) {
            veto_belief_result_t *b = &res->belief[s];
            mpq_init(b->p_act_q);
            b->p_act_independent = NAN;
            res->nbeliefs = s + 1;
            b->name = s == 0 ? "default" : m->scen[s - 1].name;
            mpq_t *q = s == 0 ? m->belief : m->scen[s - 1].belief;
            for (size_t i = 0; i < n; i++) {
                bel[i] = mpq_get_d(q[i]);
            }
            /* Blocs (issue 11): each sample draws the blocs' p first. */
            size_t nbl = 0;
            const veto_i_bloc_t *bl = veto_i_model_blocs(m, s, &nbl);
            veto_i_mc_opts_t mo = stop;
            if (nbl > 0) {
                if (res->belief_blocs == NULL) {
                    VETO_ALLOC(res->belief_blocs,
                               veto_i_calloc(nb, sizeof *res->belief_blocs));
                }
                res->belief_blocs[s] = true;
                veto_i_free(bof);
                veto_i_free(ba);
                VETO_ALLOC(bof, veto_i_mallocarray(n + 1, sizeof *bof));
                VETO_ALLOC(ba, veto_i_mallocarray(2 * nbl, sizeof *ba));
                for (size_t i = 0; i < n; i++) {
                    bof[i] = -1;
                }
                for (size_t k = 0; k < nbl; k++) {
                    ba[k] = mpq_get_d(bl[k].a);
                    ba[nbl + k] = mpq_get_d(bl[k].b);
                    for (size_t j = 0; j < bl[k].m; j++) {
                        bof[bl[k].member[j]] = (long)k;
                    }
                }
                mo.nblocs = nbl;
                mo.bloc_of = bof;
                mo.bloc_a = ba;
                mo.bloc_b = ba + nbl;
            }
            VETO_TRY(veto_i_mc_run_opts(&est, rule, g, n, false, false, bel,
                                        options->rank, nranks,
                                        options->reduce, options->reduce_user,
                                        &mo, ctx, err));
            b->p_act = est.p_act;
            b->p_act_hw = est.p_act_hw;
            b->p_decisive = est.p_dec;
            b->p_decisive_hw = est.p_dec_hw;
            est.p_dec = NULL;
            est.p_dec_hw = NULL;
            if (res->samples == 0) {
                res->samples = est.samples;
                res->samples_planned = est.planned;
                res->confidence = est.confidence;
            }
            res->stopped_timeout |= est.stopped_early;
            veto_i_estimates_clear(&est);
        }
        if (m->weighted && m->nscen > 0) {
            VETO_TRY(veto_i_expected_beliefs(res, m, false, err));
        }
    }
cleanup:
    veto_i_estimates_clear(&est);
    veto_i_free(bel);
    veto_i_free(bof);
    veto_i_free(ba);
    return rc;
}

void veto_i_ctx_from_options(veto_i_ctx_t *ctx, const veto_options_t *opt)
{
    veto_options_t defaults;
    if (opt == NULL) {
        veto_options_init(&defaults);
        opt = &defaults;
    }
    memset(ctx, 0, sizeof *ctx);
    ctx->max_memory = opt->max_memory;
    if (ctx->max_memory == 0) {
        uint64_t phys = veto_i_physical_memory();
        ctx->max_memory = phys != 0 ? phys / 2 : (4ull << 30);
    }
    if (opt->timeout > 0) {
        ctx->deadline = veto_i_now() + opt->timeout;
    }
    ctx->progress = opt->progress;
    ctx->progress_user = opt->progress_user;
    ctx->threads = opt->threads;
    ctx->seed = opt->seed;
    ctx->samples = opt->samples;
    ctx->epsilon = opt->epsilon;
    ctx->confidence = opt->confidence;
    ctx->rank = opt->rank;
    ctx->nranks = opt->nranks;
    ctx->reduce = opt->reduce;
    ctx->reduce_user = opt->reduce_user;
}

/* ---- three-valued models (issue 10) ----------------------------------- */

veto_status veto_i_ternary_refuse(veto_error_t *err, const char *what)
{
    return veto_i_errorf(err, VETO_EUNSUPPORTED,
                         "%s does not take three-valued models (`votes yes, "
                         "abstain, no`): its indices are yes/no notions; the "
                         "ternary Banzhaf and roll-call Shapley-Shubik "
                         "indices are in the analysis of the model",
                         what);
}

static mpq_t *q_copy(const mpq_t *src, size_t n)
{
    mpq_t *q = veto_i_mallocarray(n == 0 ? 1 : n, sizeof *q);
    if (q != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_init(q[i]);
            mpq_set(q[i], src[i]);
        }
    }
    return q;
}

static double *d_copy(const mpq_t *src, size_t n)
{
    double *d = veto_i_calloc(n == 0 ? 1 : n, sizeof *d);
    if (d != NULL) {
        for (size_t i = 0; i < n; i++) {
            d[i] = veto_i_q_to_double(src[i]);
        }
    }
    return d;
}

/* Index k from exact values (counts kept whole in value[k]). */
static bool set_index(veto_result_t *res, int k, const mpq_t *v,
                      bool undefined)
{
    size_t n = res->n;
    res->value[k] = q_copy(v, n);
    res->approx[k] = d_copy(v, n);
    if (res->value[k] == NULL || res->approx[k] == NULL) {
        return false;
    }
    res->computed |= VETO_INDEX_BIT(k);
    if (undefined) {
        res->undefined |= VETO_INDEX_BIT(k);
    }
    return true;
}

/* The engine for a three-valued rule: as asked, or by cost. enum walks
 * 3^n profiles (each costing the rule's size plus n per belief); bdd's
 * cost is the size of its diagram, which for the rules met in practice is
 * far below that from about 11 players on. */
static veto_status ternary_choose(veto_method *method, char *reason,
                                  size_t cap, const veto_options_t *opt,
                                  const veto_i_rule_t *rule, size_t n,
                                  veto_error_t *err)
{
    switch (opt->method) {
    case VETO_METHOD_ENUM:
        if (n > VETO_I_TERNARY_ENUM_MAX) {
            veto_i_errorf(err, VETO_EUNSUPPORTED,
                          "--method enum takes at most %d players of a "
                          "three-valued model (3^n profiles); this model "
                          "has %zu",
                          VETO_I_TERNARY_ENUM_MAX, n);
            veto_i_error_hint_code(err, VETO_HINT_OTHER_METHOD, "enum",
                                   "bdd, auto", NULL);
            return VETO_EUNSUPPORTED;
        }
        *method = VETO_METHOD_ENUM;
        snprintf(reason, cap,
                 "asked for with --method enum: every one of the 3^%zu "
                 "profiles",
                 n);
        return VETO_OK;
    case VETO_METHOD_BDD:
        *method = VETO_METHOD_BDD;
        snprintf(reason, cap,
                 "asked for with --method bdd: decision diagram with three "
                 "branches per player");
        return VETO_OK;
    case VETO_METHOD_DP:
        if (rule->kind != VETO_I_R_TERM) {
            veto_i_errorf(err, VETO_EUNSUPPORTED,
                          "--method dp takes a three-valued rule that is one "
                          "threshold (count, an attribute sum, at least "
                          "abstain, or F of voting); this rule is %s",
                          rule->kind == VETO_I_R_KOF ? "composed of several"
                                                     : "a constant");
            veto_i_error_hint_code(err, VETO_HINT_OTHER_METHOD, "dp",
                                   "bdd, auto", NULL);
            return VETO_EUNSUPPORTED;
        }
        *method = VETO_METHOD_DP;
        snprintf(reason, cap,
                 "asked for with --method dp: generating function of the "
                 "term's signed sum");
        return VETO_OK;
    case VETO_METHOD_MC:
        *method = VETO_METHOD_MC;
        snprintf(reason, cap,
                 "asked for with --method mc: sampled three-valued profiles "
                 "and roll calls");
        return VETO_OK;
    case VETO_METHOD_AUTO:
        break;
    }
    unsigned want = opt->indices != 0 ? opt->indices : VETO_INDEX_ALL;
    bool ss = (want & VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK)) != 0;
    double cost = (double)veto_i_rule_size(rule) + 2.0 * (double)n;
    for (size_t i = 0; i < n && cost < 1e30; i++) {
        cost *= 3.0;
    }
    if (n <= 10 || cost < 2e5) {
        *method = VETO_METHOD_ENUM;
        snprintf(reason, cap,
                 "three-valued votes: every one of the 3^%zu profiles", n);
    } else if (rule->kind == VETO_I_R_TERM && (!ss || n > 60)) {
        /* dp's cost is linear in the range of the sum, bdd's in its
         * (possibly much larger) diagram; dp has no roll-call index */
        *method = VETO_METHOD_DP;
        snprintf(reason, cap,
                 "three-valued votes, one threshold over %zu players: "
                 "generating function of its signed sum%s",
                 n, ss ? " (no roll-call index; --method bdd gives it)" : "");
    } else {
        *method = VETO_METHOD_BDD;
        snprintf(reason, cap,
                 "three-valued votes: a decision diagram with three "
                 "branches per player (3^%zu profiles are too many to walk)",
                 n);
    }
    return VETO_OK;
}

static veto_status ternary_run(veto_i_ternary_t *t, veto_method method,
                               const veto_i_rule_t *rule, size_t n,
                               const veto_i_tbelief_t *bel, size_t nb,
                               const veto_i_ctx_t *ctx, veto_error_t *err)
{
    if (method == VETO_METHOD_BDD) {
        return veto_i_ternary_bdd(t, rule, n, bel, nb, ctx, err);
    }
    if (method == VETO_METHOD_DP) {
        return veto_i_ternary_dp(t, rule, n, bel, nb, ctx, err);
    }
    return veto_i_ternary_enum(t, rule, n, bel, nb, ctx, err);
}

static double *d_dup(const double *src, size_t n)
{
    double *d = veto_i_calloc(n == 0 ? 1 : n, sizeof *d);
    if (d != NULL) {
        memcpy(d, src, n * sizeof *d);
    }
    return d;
}

/* Fill res (ternary, estimated) from a three-valued Monte Carlo run:
 * absolute and normalised ternary Banzhaf (the normalised interval as in
 * run_mc), the roll-call index, the share of winning profiles, and per
 * belief P(act) and the three steps, each with its half-width. */
static veto_status ternary_mc_fill(veto_result_t *res,
                                   const veto_model_t *model,
                                   const veto_i_rule_t *rule, unsigned want,
                                   const veto_i_tbelief_t *bel, size_t nb,
                                   const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = model->n;
    veto_i_tmc_t e;
    bool bz = (want & (VETO_INDEX_BIT(VETO_IDX_BANZHAF) |
                       VETO_INDEX_BIT(VETO_IDX_BANZHAF_ABSOLUTE))) != 0;
    bool ss = (want & VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK)) != 0;
    /* with a time limit, stop at the deadline with the samples so far, as
     * run_mc does */
    VETO_TRY(veto_i_ternary_mc_opts(&e, rule, n, bz, ss, bel, nb,
                                    ctx->deadline > 0, ctx, err));
    res->estimated = true;
    res->samples = e.samples;
    res->samples_planned = e.planned;
    res->stopped_timeout = e.stopped_early;
    res->confidence = e.confidence;
    res->seed = ctx->seed;
    if (e.have_bz) {
        int kb = VETO_IDX_BANZHAF, ka = VETO_IDX_BANZHAF_ABSOLUTE;
        VETO_ALLOC(res->approx[ka], d_dup(e.bz, n));
        VETO_ALLOC(res->halfwidth[ka], d_dup(e.bz_hw, n));
        VETO_ALLOC(res->approx[kb], veto_i_calloc(n + 1, sizeof(double)));
        VETO_ALLOC(res->halfwidth[kb], veto_i_calloc(n + 1, sizeof(double)));
        double sum = 0, sum_lo = 0, sum_hi = 0;
        for (size_t i = 0; i < n; i++) {
            double lo = e.bz[i] - e.bz_hw[i];
            sum += e.bz[i];
            sum_lo += lo > 0 ? lo : 0;
            sum_hi += e.bz[i] + e.bz_hw[i];
        }
        for (size_t i = 0; i < n; i++) {
            double lo = e.bz[i] - e.bz_hw[i], hi = e.bz[i] + e.bz_hw[i];
            lo = lo > 0 ? lo : 0;
            double p = sum > 0 ? e.bz[i] / sum : 0;
            double plo = lo / (lo + (sum_hi - hi) + 1e-300);
            double phi =
                (sum_lo - lo + hi) > 0 ? hi / (hi + (sum_lo - lo)) : 1;
            res->approx[kb][i] = p;
            res->halfwidth[kb][i] = p - plo > phi - p ? p - plo : phi - p;
        }
        res->computed |= VETO_INDEX_BIT(ka) | VETO_INDEX_BIT(kb);
        res->power_to_act_d = e.p_win;
    }
    if (e.have_ss) {
        int k = VETO_IDX_SHAPLEY_SHUBIK;
        VETO_ALLOC(res->approx[k], d_dup(e.ss, n));
        VETO_ALLOC(res->halfwidth[k], d_dup(e.ss_hw, n));
        res->computed |= VETO_INDEX_BIT(k);
    }
    snprintf(res->why_not[VETO_IDX_BANZHAF_RAW],
             sizeof res->why_not[VETO_IDX_BANZHAF_RAW],
             "Monte Carlo estimates the absolute and normalised ternary "
             "Banzhaf index, not the counts");
    for (size_t b = 0; b < nb; b++) {
        if (b == 0) {
            VETO_ALLOC(res->belief, veto_i_calloc(nb, sizeof *res->belief));
        }
        veto_belief_result_t *br = &res->belief[b];
        mpq_init(br->p_act_q);
        res->nbeliefs = b + 1;
        br->name = b == 0 ? "default" : model->scen[b - 1].name;
        br->p_act = e.p_act[b];
        br->p_act_hw = e.p_act_hw[b];
        VETO_ALLOC(br->p_decisive, d_dup(&e.ny[b * n], n));
        VETO_ALLOC(br->p_decisive_hw, d_dup(&e.ny_hw[b * n], n));
        VETO_ALLOC(br->p_decisive_na, d_dup(&e.na[b * n], n));
        VETO_ALLOC(br->p_decisive_na_hw, d_dup(&e.na_hw[b * n], n));
        VETO_ALLOC(br->p_decisive_ay, d_dup(&e.ay[b * n], n));
        VETO_ALLOC(br->p_decisive_ay_hw, d_dup(&e.ay_hw[b * n], n));
        VETO_ALLOC(br->recused, veto_i_calloc(n + 1, sizeof *br->recused));
        for (size_t i = 0; i < n; i++) {
            if (mpq_sgn(bel[b].yes[i]) == 0 &&
                mpq_cmp_ui(bel[b].abstain[i], 1, 1) == 0) {
                br->recused[br->nrecused++] = i;
            }
        }
    }
cleanup:
    veto_i_tmc_clear(&e);
    return rc;
}

veto_status veto_i_analyse_ternary(
    veto_result_t **out, const veto_model_t *model, const veto_i_rule_t *rule,
    const veto_options_t *options, const mpq_t *yes, const mpq_t *abstain,
    const char *bname, bool lenient, const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_result_t *res = NULL;
    veto_i_ternary_t t;
    veto_i_tbelief_t *bel = NULL;
    mpq_t *raw = NULL;
    unsigned char *x = NULL;
    size_t n = model->n;
    memset(&t, 0, sizeof t);
    *out = NULL;

    veto_method method;
    char reason[256];
    if (lenient) {
        /* explain, sweep and design stay exact whatever --method says:
         * the engine auto would take (enum, dp or bdd; never sampled) */
        veto_options_t exact_opt = *options;
        exact_opt.method = VETO_METHOD_AUTO;
        VETO_TRY(ternary_choose(&method, reason, sizeof reason, &exact_opt,
                                rule, n, err));
    } else {
        VETO_TRY(ternary_choose(&method, reason, sizeof reason, options, rule,
                                n, err));
    }
    VETO_ALLOC(bel, veto_i_calloc(model->nscen + 1, sizeof *bel));
    size_t nb;
    if (yes != NULL) {
        /* one belief vector in place of the defaults and scenarios */
        bel[0].yes = yes;
        bel[0].abstain = abstain;
        nb = options->beliefs ? 1 : 0;
    } else {
        bel[0].yes = (const mpq_t *)model->belief;
        bel[0].abstain = (const mpq_t *)model->abstain;
        for (size_t s = 0; s < model->nscen; s++) {
            bel[s + 1].yes = (const mpq_t *)model->scen[s].belief;
            bel[s + 1].abstain = (const mpq_t *)model->scen[s].abstain;
        }
        nb = options->beliefs ? model->nscen + 1 : 0;
    }
    unsigned want = options->indices != 0 ? options->indices : VETO_INDEX_ALL;
    bool fell_back = false;
    if (method != VETO_METHOD_MC) {
        rc = ternary_run(&t, method, rule, n, bel, nb, ctx, err);
        if (rc == VETO_ELIMIT && !lenient &&
            options->method == VETO_METHOD_AUTO) {
            /* over the memory budget: estimate instead, and say so */
            snprintf(reason, sizeof reason,
                     "%s: %.150s; estimated by Monte Carlo instead",
                     veto_method_name(method), err->message);
            method = VETO_METHOD_MC;
            fell_back = true;
            rc = VETO_OK;
        }
        VETO_TRY(rc);
    }

    VETO_ALLOC(res, veto_i_result_new(n));
    res->ternary = true;
    res->method = method;
    res->fell_back = fell_back;
    snprintf(res->reason, sizeof res->reason, "%s", reason);
    if (method == VETO_METHOD_MC) {
        static const int not_mc[] = {
            VETO_IDX_HOLLER_RAW,    VETO_IDX_HOLLER,
            VETO_IDX_DEEGAN_PACKEL, VETO_IDX_JOHNSTON,
            VETO_IDX_COLEMAN_PREVENT, VETO_IDX_COLEMAN_INITIATE};
        for (size_t k = 0; k < sizeof not_mc / sizeof not_mc[0]; k++) {
            snprintf(res->why_not[not_mc[k]], sizeof res->why_not[not_mc[k]],
                     "three-valued model");
        }
        VETO_TRY(ternary_mc_fill(res, model, rule, want, bel, nb, ctx, err));
        *out = res;
        res = NULL;
        goto cleanup;
    }
    VETO_ALLOC(raw, veto_i_mallocarray(n == 0 ? 1 : n, sizeof *raw));
    for (size_t i = 0; i < n; i++) {
        mpq_init(raw[i]);
        mpq_set_z(raw[i], t.raw[i]);
    }
    bool ok = true;
    if (want & VETO_INDEX_BIT(VETO_IDX_BANZHAF_RAW)) {
        ok = ok && set_index(res, VETO_IDX_BANZHAF_RAW,
                             (const mpq_t *)raw, false);
    }
    if (want & VETO_INDEX_BIT(VETO_IDX_BANZHAF_ABSOLUTE)) {
        ok = ok && set_index(res, VETO_IDX_BANZHAF_ABSOLUTE,
                             (const mpq_t *)t.absolute, false);
    }
    if (want & VETO_INDEX_BIT(VETO_IDX_BANZHAF)) {
        ok = ok && set_index(res, VETO_IDX_BANZHAF,
                             (const mpq_t *)t.normalised,
                             t.banzhaf_undefined);
    }
    if (want & VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK)) {
        if (t.roll_call_missing) {
            snprintf(res->why_not[VETO_IDX_SHAPLEY_SHUBIK],
                     sizeof res->why_not[VETO_IDX_SHAPLEY_SHUBIK], "%s",
                     t.roll_call_why);
        } else {
            ok = ok && set_index(res, VETO_IDX_SHAPLEY_SHUBIK,
                                 (const mpq_t *)t.roll_call,
                                 t.roll_call_undefined);
        }
    }
    if (!ok) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    static const int yes_no_only[] = {
        VETO_IDX_HOLLER_RAW, VETO_IDX_HOLLER, VETO_IDX_DEEGAN_PACKEL,
        VETO_IDX_JOHNSTON, VETO_IDX_COLEMAN_PREVENT, VETO_IDX_COLEMAN_INITIATE};
    for (size_t k = 0; k < sizeof yes_no_only / sizeof yes_no_only[0]; k++) {
        snprintf(res->why_not[yes_no_only[k]],
                 sizeof res->why_not[yes_no_only[k]], "three-valued model");
    }

    mpz_t all;
    mpz_init(all);
    mpz_ui_pow_ui(all, 3, (unsigned long)n);
    res->never_acts = mpz_sgn(t.winning) == 0;
    res->always_acts = mpz_cmp(t.winning, all) == 0;
    mpz_clear(all);
    if (options->properties) {
        VETO_ALLOC(res->veto_player, veto_i_calloc(n + 1, sizeof(bool)));
        VETO_ALLOC(res->veto_unless_yes, veto_i_calloc(n + 1, sizeof(bool)));
        VETO_ALLOC(res->abstention_matters,
                   veto_i_calloc(n + 1, sizeof(bool)));
        VETO_ALLOC(res->passer, veto_i_calloc(n + 1, sizeof(bool)));
        VETO_ALLOC(res->dummy, veto_i_calloc(n + 1, sizeof *res->dummy));
        VETO_ALLOC(x, veto_i_calloc(n + 1, 1));
        for (size_t i = 0; i < n; i++) {
            res->veto_player[i] = t.veto_no[i];
            res->veto_unless_yes[i] = t.veto_unless_yes[i];
            res->abstention_matters[i] = t.abstention_matters[i];
            res->dummy[i] = t.dummy[i] ? VETO_YES : VETO_NO;
            /* {i} alone: i yes, everyone else no */
            x[i] = VETO_I_YES;
            res->passer[i] = veto_i_rule_eval3(rule, x);
            x[i] = VETO_I_NO;
            if (res->passer[i] && res->veto_unless_yes[i]) {
                res->dictator = (long)i;
            }
        }
        res->have_properties = true;
    }
    for (size_t b = 0; b < nb; b++) {
        if (b == 0) {
            VETO_ALLOC(res->belief, veto_i_calloc(nb, sizeof *res->belief));
        }
        veto_belief_result_t *br = &res->belief[b];
        mpq_init(br->p_act_q);
        res->nbeliefs = b + 1;
        br->name = b == 0 ? (yes != NULL && bname != NULL ? bname : "default")
                          : model->scen[b - 1].name;
        br->exact = options->exact;
        br->p_act = veto_i_q_to_double(t.bel[b].p_act);
        VETO_ALLOC(br->p_decisive, d_copy((const mpq_t *)t.bel[b].p_dec_ny, n));
        VETO_ALLOC(br->p_decisive_na,
                   d_copy((const mpq_t *)t.bel[b].p_dec_na, n));
        VETO_ALLOC(br->p_decisive_ay,
                   d_copy((const mpq_t *)t.bel[b].p_dec_ay, n));
        if (options->exact) {
            mpq_set(br->p_act_q, t.bel[b].p_act);
            VETO_ALLOC(br->p_decisive_q,
                       q_copy((const mpq_t *)t.bel[b].p_dec_ny, n));
            VETO_ALLOC(br->p_decisive_na_q,
                       q_copy((const mpq_t *)t.bel[b].p_dec_na, n));
            VETO_ALLOC(br->p_decisive_ay_q,
                       q_copy((const mpq_t *)t.bel[b].p_dec_ay, n));
        }
        /* recused: forced to abstain (yes 0, abstain 1) */
        VETO_ALLOC(br->recused, veto_i_calloc(n + 1, sizeof *br->recused));
        for (size_t i = 0; i < n; i++) {
            if (mpq_sgn(bel[b].yes[i]) == 0 &&
                mpq_cmp_ui(bel[b].abstain[i], 1, 1) == 0) {
                br->recused[br->nrecused++] = i;
            }
        }
    }
    /* weighted scenarios (issue 11): the expected P(act) and P(decisive)
     * (no -> yes) over them, as for yes/no models */
    if (model->weighted && model->nscen > 0 &&
        res->nbeliefs == model->nscen + 1) {
        VETO_TRY(veto_i_expected_beliefs(res, model, options->exact, err));
    }
    *out = res;
    res = NULL;
cleanup:
    if (raw != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(raw[i]);
        }
        veto_i_free(raw);
    }
    veto_i_free(x);
    veto_i_free(bel);
    veto_i_ternary_clear(&t);
    veto_result_free(res);
    return rc;
}

veto_status veto_analyse(veto_result_t **out, const veto_model_t *model,
                         const veto_options_t *options, veto_error_t *err)
{
    veto_status rc;
    veto_i_rule_t *rule = NULL;
    VETO_I_ERR_SCRATCH();
    VETO_I_NONNULL(out);
    *out = NULL;
    VETO_I_NONNULL(model);
    if ((rc = veto_i_check_options(options, __func__, err)) != VETO_OK) {
        return rc;
    }
    rc = veto_i_rule_build(&rule, model, err);
    if (rc == VETO_OK && model->ternary) {
        veto_options_t defaults;
        if (options == NULL) {
            veto_options_init(&defaults);
            options = &defaults;
        }
        veto_i_ctx_t ctx;
        veto_i_ctx_from_options(&ctx, options);
        rc = veto_i_analyse_ternary(out, model, rule, options, NULL, NULL, NULL,
                                    false, &ctx, err);
        veto_i_rule_free(rule);
        return rc;
    }
    if (rc == VETO_OK) {
        rc = veto_i_analyse_rule(out, model, rule, options, NULL, NULL, false,
                                 NULL, err);
    }
    /* Who can stop the body together (issue 12): up to 20 players, with
     * the properties. */
    if (rc == VETO_OK && (options == NULL || options->properties) &&
        (*out)->n <= 20) {
        veto_i_ctx_t ctx;
        veto_i_ctx_from_options(&ctx, options);
        rc = veto_i_min_blocking(*out, rule, (*out)->n, &ctx, err);
        if (rc != VETO_OK) {
            veto_result_free(*out);
            *out = NULL;
        }
    }
    veto_i_rule_free(rule);
    return rc;
}

/* Seconds of dp for `need` at the nominal speed, on the threads that can
 * share its primes. */
static double dp_nominal(const veto_i_wgame_t *g, unsigned need,
                         unsigned threads)
{
    size_t primes = 1;
    double work = veto_i_dp_work(g, need, &primes);
    unsigned th = threads > 0 ? threads : 1;
    if (th > primes) {
        th = (unsigned)primes;
    }
    return work / VETO_NOMINAL_SPEED / th;
}

veto_status veto_plan(veto_plan_info_t *out, const veto_model_t *model,
                      const veto_options_t *options, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_rule_t *rule = NULL;
    veto_i_wgame_t g;
    memset(&g, 0, sizeof g);
    bool weighted = false;
    veto_options_t defaults;
    VETO_I_ERR_SCRATCH();
    VETO_I_NONNULL(out);
    VETO_I_NONNULL(model);
    memset(out, 0, sizeof *out);
    out->costliest = -1;
    if ((rc = veto_i_check_options(options, __func__, err)) != VETO_OK) {
        return rc;
    }
    if (options == NULL) {
        veto_options_init(&defaults);
        options = &defaults;
    }
    VETO_TRY(veto_i_rule_build(&rule, model, err));
    size_t n = model->n;
    weighted = veto_i_rule_weighted(&g, rule, n, &rc);
    if (rc != VETO_OK) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    veto_i_ctx_t ctx;
    veto_i_ctx_from_options(&ctx, options);
    ctx.deadline = 0; /* no probe */
    unsigned indices = options->indices != 0 ? options->indices
                                             : VETO_INDEX_ALL;
    unsigned need = veto_i_index_needs(indices) | VETO_I_NEED_PROPER;
    plan_t plan;
    VETO_TRY(veto_i_plan_engine(&plan, options, n, rule, weighted, &g, need,
                                false, &ctx, err));
    out->method = plan.method;
    snprintf(out->reason, sizeof out->reason, "%s", plan.reason);
    unsigned mc = engine_indices(VETO_METHOD_MC);
    out->mc_can = (indices & ~mc) == 0 || options->indices == 0;
    if (plan.method == VETO_METHOD_DP) {
        out->seconds = dp_nominal(&g, need, ctx.threads);
        double most = 0;
        for (int k = 0; k < VETO_NINDEX; k++) {
            if (!(indices & VETO_INDEX_BIT(k))) {
                continue;
            }
            unsigned nk = veto_i_index_needs(VETO_INDEX_BIT(k));
            double s = nk != 0 ? dp_nominal(&g, nk, ctx.threads) : 0;
            if (s > most) {
                most = s;
                out->costliest = k;
            }
        }
    } else if (plan.method == VETO_METHOD_ENUM) {
        out->seconds = enum_cost(n, veto_i_rule_size(rule)) *
                       ENUM_WORDS_PER_NODE / VETO_NOMINAL_SPEED;
    }
cleanup:
    if (weighted) {
        veto_i_wgame_clear(&g);
    }
    veto_i_rule_free(rule);
    return rc;
}

veto_status veto_i_analyse_rule(veto_result_t **out, const veto_model_t *model,
                                const veto_i_rule_t *rule,
                                const veto_options_t *options,
                                const mpq_t *beliefs, const char *bname,
                                bool lenient, const veto_i_ctx_t *run,
                                veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_options_t defaults;
    veto_i_wgame_t g;
    bool have_g = false, weighted = false;
    veto_i_counts_t counts;
    bool have_counts = false;
    veto_result_t *res = NULL;
    veto_i_ctx_t ctx;

    *out = NULL;
    if (options == NULL) {
        veto_options_init(&defaults);
        options = &defaults;
    }
    if (model->ternary) {
        /* explain and design analyse a changed rule under the model's
         * beliefs; a belief vector of yes alone cannot describe a
         * three-valued vote (sweep calls veto_i_analyse_ternary). */
        if (beliefs != NULL) {
            return veto_i_misuse(err, __func__,
                                 "a three-valued model needs the abstain "
                                 "beliefs too");
        }
        veto_i_ctx_t tctx;
        if (run != NULL) {
            tctx = *run;
        } else {
            veto_i_ctx_from_options(&tctx, options);
        }
        return veto_i_analyse_ternary(out, model, rule, options, NULL, NULL,
                                      NULL, lenient, &tctx, err);
    }
    size_t n = model->n;
    if (run != NULL) {
        ctx = *run;
    } else {
        veto_i_ctx_from_options(&ctx, options);
    }

    memset(&g, 0, sizeof g);
    weighted = veto_i_rule_weighted(&g, rule, n, &rc);
    if (rc != VETO_OK) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    have_g = weighted;

    VETO_ALLOC(res, veto_i_result_new(n));
    unsigned asked = options->indices;
    bool explicit_indices = asked != 0;
    unsigned indices = explicit_indices ? asked : VETO_INDEX_ALL;

    plan_t plan;
    unsigned need = veto_i_index_needs(indices) | VETO_I_NEED_PROPER;
    VETO_TRY(veto_i_plan_engine(&plan, options, n, rule, weighted, &g, need,
                                lenient, &ctx, err));

    /* With dp, drop the costly indices nobody asked for by name when they
     * would not fit the budget, and say why. */
    if (plan.method == VETO_METHOD_DP && !explicit_indices) {
        static const struct {
            unsigned idx_bits;
            unsigned need_bits;
        } costly[] = {
            {VETO_INDEX_BIT(VETO_IDX_JOHNSTON), VETO_I_NEED_JOHNSTON},
            {VETO_INDEX_BIT(VETO_IDX_HOLLER_RAW) | VETO_INDEX_BIT(VETO_IDX_HOLLER) |
                 VETO_INDEX_BIT(VETO_IDX_DEEGAN_PACKEL),
             VETO_I_NEED_MWC | VETO_I_NEED_DPI},
            {VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK), VETO_I_NEED_SSI},
        };
        for (size_t k = 0; k < sizeof costly / sizeof costly[0]; k++) {
            if (veto_i_dp_estimate(&g, need) <= ctx.max_memory) {
                break;
            }
            indices &= ~costly[k].idx_bits;
            need = veto_i_index_needs(indices) | VETO_I_NEED_PROPER;
            for (int x = 0; x < VETO_NINDEX; x++) {
                if (costly[k].idx_bits & VETO_INDEX_BIT(x)) {
                    snprintf(res->why_not[x], sizeof res->why_not[x],
                             "dp would exceed the memory budget; ask for it "
                             "with --index to see what it needs");
                }
            }
        }
    }
    unsigned affordable = engine_indices(plan.method);
    if (explicit_indices && (indices & ~affordable) != 0) {
        /* Name the first index the engine cannot give, and one it gives
         * in its stead (Monte Carlo estimates the absolute Banzhaf index,
         * not the counts or the normalised one). */
        int first = 0;
        while (!(indices & ~affordable & VETO_INDEX_BIT(first))) {
            first++;
        }
        const char *alt = "";
        if ((first == VETO_IDX_BANZHAF_RAW || first == VETO_IDX_BANZHAF ||
             first == VETO_IDX_COLEMAN_PREVENT ||
             first == VETO_IDX_COLEMAN_INITIATE) &&
            (affordable & VETO_INDEX_BIT(VETO_IDX_BANZHAF_ABSOLUTE))) {
            alt = veto_index_key(VETO_IDX_BANZHAF_ABSOLUTE);
        }
        rc = veto_i_errorf(err, VETO_EUNSUPPORTED,
                           "--method %s cannot compute the index %s",
                           veto_method_name(plan.method),
                           veto_index_key((veto_index)first));
        veto_i_error_hint_code(err, VETO_HINT_INDEX_METHOD,
                               veto_index_key((veto_index)first),
                               veto_method_name(plan.method), alt);
        goto cleanup;
    }
    mc_why_not(res, indices & ~affordable);
    indices &= affordable;

    res->method = plan.method;
    snprintf(res->reason, sizeof res->reason, "%s", plan.reason);

    if (plan.method != VETO_METHOD_MC) {
        if (!veto_i_counts_init(&counts, n, need)) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        have_counts = true;
        rc = run_counts(&counts, plan.method, rule, &g, n, need, &res->nodes,
                        &ctx, err);
        if (rc == VETO_OK) {
            res->dp_types = plan.method == VETO_METHOD_DP ? counts.types : 0;
            res->dp_power_series = 0;
            if (plan.method == VETO_METHOD_DP) {
                if (counts.pseries & VETO_I_NEED_SWINGS) {
                    res->dp_power_series |= VETO_DP_PS_BANZHAF;
                }
                if (counts.pseries & VETO_I_NEED_SSI) {
                    res->dp_power_series |= VETO_DP_PS_SHAPLEY;
                }
            }
            res->bdd_levels =
                plan.method == VETO_METHOD_BDD ? counts.levels : 0;
        }
        if (rc == VETO_ELIMIT && options->method == VETO_METHOD_AUTO) {
            /* The exact engine found the budget too small once under way
             * (a decision diagram's size is known only as it is built):
             * estimate instead, and say so. */
            snprintf(res->reason, sizeof res->reason,
                     "%s stopped: %.180s; estimated instead",
                     veto_method_name(plan.method), err->message);
            veto_error_clear(err);
            plan.method = VETO_METHOD_MC;
            res->method = VETO_METHOD_MC;
            mc_why_not(res, indices & ~engine_indices(VETO_METHOD_MC));
            indices &= engine_indices(VETO_METHOD_MC);
            rc = VETO_OK;
        } else if (rc != VETO_OK) {
            goto cleanup;
        }
    }
    if (plan.method == VETO_METHOD_MC) {
        res->seed = options->seed;
        res->fell_back = options->method != VETO_METHOD_MC;
        VETO_TRY(run_mc(res, model, options, rule, weighted ? &g : NULL,
                        indices, &ctx, err));
        if (options->semivalue != NULL) {
            mpq_t sa, sb;
            mpq_init(sa);
            mpq_init(sb);
            rc = veto_i_semivalue_parse(options->semivalue, sa, sb,
                                        res->semivalue_key,
                                        sizeof res->semivalue_key, err);
            mpq_clear(sa);
            mpq_clear(sb);
            if (rc != VETO_OK) {
                goto cleanup;
            }
            snprintf(res->semivalue_why, sizeof res->semivalue_why,
                     "Monte Carlo does not compute semivalues; use an exact "
                     "engine");
        }
        if (options->properties) {
            VETO_TRY(fill_properties(res, rule, weighted, &g, n, err));
        }
        *out = res;
        res = NULL;
        goto cleanup;
    }
    VETO_TRY(veto_i_indices_from_counts(res, &counts, indices, err));
    if (options->properties) {
        VETO_TRY(fill_properties(res, rule, weighted, &g, n, err));
        if (counts.have & VETO_I_NEED_SWINGS) {
            for (size_t i = 0; i < n; i++) {
                res->dummy[i] =
                    mpz_sgn(counts.swings[i]) == 0 ? VETO_YES : VETO_NO;
            }
        }
    }
    if (weighted) {
        res->weighted = true;
        mpz_set(res->quota, g.quota);
        VETO_ALLOC(res->weight, veto_i_mallocarray(n, sizeof(mpz_t)));
        for (size_t i = 0; i < n; i++) {
            mpz_init_set(res->weight[i], g.w[i]);
        }
    }
    if (options->beliefs || beliefs != NULL) {
        VETO_TRY(fill_beliefs(res, model, plan.method, rule, &g,
                              options->exact, beliefs, bname, &ctx, err));
    }
    if (options->semivalue != NULL) {
        mpq_t sa, sb;
        mpq_init(sa);
        mpq_init(sb);
        rc = veto_i_semivalue_parse(options->semivalue, sa, sb,
                                    res->semivalue_key,
                                    sizeof res->semivalue_key, err);
        if (rc == VETO_OK) {
            rc = veto_i_semivalue(res, plan.method, rule,
                                  weighted ? &g : NULL, n, sa, sb, &ctx, err);
        }
        mpq_clear(sa);
        mpq_clear(sb);
        if (rc != VETO_OK) {
            goto cleanup;
        }
    }
    *out = res;
    res = NULL;

cleanup:
    if (have_counts) {
        veto_i_counts_clear(&counts);
    }
    if (have_g) {
        veto_i_wgame_clear(&g);
    }
    veto_result_free(res);
    return rc;
}
