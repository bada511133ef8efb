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

/* ---- running ------------------------------------------------------------ */

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
        VETO_TRY(veto_i_plan_ternary(&method, reason, sizeof reason, &exact_opt,
                                     rule, n, err));
    } else {
        VETO_TRY(veto_i_plan_ternary(&method, reason, sizeof reason, options,
                                     rule, n, err));
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
        /* Under --timeout, auto gives the exact engine a share of the time
         * left and Monte Carlo the rest if it does not finish: the sizes of
         * three-valued diagrams (and dp's range of sums) have no estimate
         * good enough to choose by in advance. enum is chosen only for
         * 3^n profiles within a few hundred thousand steps. */
        veto_i_ctx_t trial = *ctx;
        bool try_exact = ctx->deadline > 0 && !lenient &&
                         options->method == VETO_METHOD_AUTO &&
                         method != VETO_METHOD_ENUM;
        double left = 0;
        if (try_exact) {
            double now = veto_i_ctx_now(ctx);
            left = ctx->deadline > now ? ctx->deadline - now : 0;
            trial.deadline = now + TERNARY_TRY_SHARE * left;
        }
        rc = veto_i_engine(method)->ternary(&t, rule, n, bel, nb,
                                            try_exact ? &trial : ctx, err);
        /* also when the whole limit has passed meanwhile: Monte Carlo
         * under a deadline always gives its first checkpoint, as the
         * yes/no sampler does (a microsecond's --timeout gives an
         * estimate, exit 0) */
        if (rc == VETO_ETIMEOUT && try_exact) {
            char est[32];
            veto_i_human_secs(est, sizeof est, TERNARY_TRY_SHARE * left);
            snprintf(reason, sizeof reason,
                     "%s did not finish within %s, %.0f%% of the time "
                     "left; estimated by Monte Carlo instead",
                     veto_method_name(method), est, 100.0 * TERNARY_TRY_SHARE);
            veto_i_ternary_clear(&t);
            memset(&t, 0, sizeof t);
            method = VETO_METHOD_MC;
            fell_back = true;
            rc = VETO_OK;
        }
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

void veto_i_xreq_clear(veto_i_xreq_t *x, size_t n)
{
    if (x->player_k != NULL) {
        for (size_t k = 0; k < n; k++) {
            mpz_clear(x->player_k[k]);
        }
        veto_i_free(x->player_k);
    }
    veto_i_free(x->example);
    x->player_k = NULL;
    x->example = NULL;
    x->have = false;
}

/* Move one player's counts from c into x. */
static void xreq_take(veto_i_xreq_t *x, veto_i_counts_t *c, veto_method m)
{
    x->player_k = c->player_k;
    x->example = c->example;
    c->player_k = NULL;
    c->example = NULL;
    x->have = true;
    x->method = m;
}

/* x's counts alone with engine m (not the analysis's). */
static veto_status run_player(veto_i_xreq_t *x, veto_method m,
                              const veto_i_job_t *main_job,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_i_counts_t c;
    veto_i_job_t j = *main_job;
    j.need = VETO_I_NEED_PLAYER;
    if (!veto_i_counts_init(&c, j.n, j.need)) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    c.player = x->player;
    veto_status rc = veto_i_engine_counts(&c, m, &j, NULL, ctx, err);
    if (rc == VETO_OK && (c.have & VETO_I_NEED_PLAYER)) {
        xreq_take(x, &c, m);
    }
    veto_i_counts_clear(&c);
    return rc;
}

veto_status veto_i_analyse_rule(veto_result_t **out, const veto_model_t *model,
                                const veto_i_rule_t *rule,
                                const veto_options_t *options,
                                const mpq_t *beliefs, const char *bname,
                                bool lenient, const veto_i_ctx_t *run,
                                veto_error_t *err)
{
    return veto_i_analyse_rule_x(out, model, rule, options, beliefs, bname,
                                 lenient, run, NULL, err);
}

veto_status veto_i_analyse_rule_x(
    veto_result_t **out, const veto_model_t *model, const veto_i_rule_t *rule,
    const veto_options_t *options, const mpq_t *beliefs, const char *bname,
    bool lenient, const veto_i_ctx_t *run, veto_i_xreq_t *xr, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_options_t defaults;
    veto_i_wgame_t g;
    bool have_g = false, weighted = false;
    veto_i_counts_t counts;
    bool have_counts = false;
    veto_result_t *res = NULL;
    veto_i_ctx_t ctx;
    veto_i_plan_t plan, pplan;
    plan.bdd = NULL;
    pplan.bdd = NULL;

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

    unsigned need = veto_i_index_needs(indices) | VETO_I_NEED_PROPER;
    veto_i_plan_req_t req = {.opt = options,
                             .n = n,
                             .rule = rule,
                             .weighted = weighted,
                             .g = &g,
                             .need = need,
                             .lenient = lenient,
                             .timed = xr != NULL};
    VETO_TRY(veto_i_plan(&plan, &req, &ctx, err));
    pplan.method = VETO_METHOD_AUTO;
    if (xr != NULL) {
        /* explain: one player's swings by size, by the engine the table
         * names for them, checked against the time left too */
        VETO_TRY(veto_i_plan_player(&pplan, &req, &ctx, err));
    }

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
    unsigned affordable = veto_i_engine_indices(plan.method);
    if (explicit_indices && options->method == plan.method &&
        (indices & ~affordable) != 0) {
        /* The engine asked for with --method: name the first index it
         * cannot give, and one it gives in its stead (Monte Carlo
         * estimates the absolute Banzhaf index, not the counts or the
         * normalised one). When auto chose it, those indices are not
         * computed, each with its reason (mc_why_not). */
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
    veto_i_job_t job = {.rule = rule,
                        .g = weighted ? &g : NULL,
                        .n = n,
                        .rsize = veto_i_rule_size(rule),
                        .need = need,
                        .indices = indices,
                        .opt = options};

    if (plan.method != VETO_METHOD_MC) {
        /* the player's counts in the same run when the same engine
         * gives them */
        unsigned run_need =
            need | (pplan.method == plan.method ? VETO_I_NEED_PLAYER : 0);
        if (!veto_i_counts_init(&counts, n, run_need)) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        have_counts = true;
        counts.player = xr != NULL ? xr->player : 0;
        job.need = run_need;
        /* bdd's diagram as its probe under the deadline built it */
        job.bdd = plan.method == VETO_METHOD_BDD ? plan.bdd : NULL;
        rc = veto_i_engine_counts(&counts, plan.method, &job, &res->nodes, &ctx,
                                  err);
        job.bdd = NULL;
        veto_i_plan_clear(&plan);
        if (rc == VETO_OK && xr != NULL && (counts.have & VETO_I_NEED_PLAYER)) {
            xreq_take(xr, &counts, plan.method);
        } else if (rc == VETO_OK && xr != NULL &&
                   pplan.method != VETO_METHOD_AUTO) {
            rc = run_player(xr, pplan.method, &job, &ctx, err);
        }
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
            mc_why_not(res, indices & ~veto_i_engine_indices(VETO_METHOD_MC));
            indices &= veto_i_engine_indices(VETO_METHOD_MC);
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
    veto_i_plan_clear(&plan);
    if (have_counts) {
        veto_i_counts_clear(&counts);
    }
    if (have_g) {
        veto_i_wgame_clear(&g);
    }
    veto_result_free(res);
    return rc;
}
