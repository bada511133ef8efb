/*
 * test_plan.c: the planner's choice of engine under a time limit, with a
 * fake clock injected into the run context (a fixed cost per reading), so
 * that what the probe measures, and hence the choice, is fixed: no timed
 * test. The probe times three runs of a fixed pass by two readings each
 * and keeps the fastest, so with a clock that advances STEP per reading it
 * measures STEP for its 786,432 word operations; the planner reads the
 * clock once more for the time left. dp's estimate is then
 * veto_i_dp_work(...) * STEP / 786432 on one thread.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/analysis.h"
#include "rule/rule.h"
#include "sample/mc.h"
#include "veto.h"

#define STEP 1e-3          /* fake seconds per reading of the clock */
#define PROBE_OPS 786432.0 /* (16384 - 4096) words, 64 passes */
#define READINGS 7         /* the probe's six, then the time left */
/* bdd on the composed fixture, release build, in the probe's word
 * operations (median of 3 of CPU seconds / probe seconds per word) */
#define BDD_MEASURED_BZ 4.8e10  /* 3.4 s */
#define BDD_MEASURED_SSI 6.0e10 /* 3.8 s */
#define BDD_MEASURED_JO 9.9e10  /* 7.9 s */

/* late: the fake seconds per reading after the planner's first READINGS
 * (those of an engine's own probe, bdd's build), STEP unless a test sets
 * it (0: a probe that takes no time; huge: one that never finishes). */
typedef struct fake_clock {
    double t, late;
    unsigned calls;
} fake_clock_t;

static double fake_now(void *user)
{
    fake_clock_t *c = user;
    double t = c->t;
    c->t += c->calls < READINGS ? STEP : c->late;
    c->calls++;
    return t;
}

typedef struct fixture {
    veto_model_t *model;
    veto_i_rule_t *rule;
    veto_i_wgame_t g;
    size_t n;
} fixture_t;

/* A weighted game of 120 players, weights 1..1000 from a fixed generator,
 * quota half the total: dp's Johnston takes a fraction of a second of CPU
 * here, Monte Carlo cannot give it. */
static void fixture_make(fixture_t *f)
{
    char *text = malloc(120 * 8 + 32);
    assert_non_null(text);
    uint64_t s = 14, total = 0;
    unsigned w[120];
    for (size_t i = 0; i < 120; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        w[i] = 1 + (unsigned)((s >> 33) % 1000);
        total += w[i];
    }
    int len = sprintf(text, "%llu\n", (unsigned long long)(total / 2 + 1));
    for (size_t i = 0; i < 120; i++) {
        len += sprintf(text + len, "%u\n", w[i]);
    }
    veto_error_t err;
    veto_error_clear(&err);
    f->model = NULL;
    assert_int_equal(veto_model_read(&f->model, "plan.txt", text, (size_t)len,
                                     VETO_FORMAT_BARE, NULL, &err),
                     VETO_OK);
    free(text);
    f->n = veto_model_nplayers(f->model);
    assert_int_equal(f->n, 120);
    assert_int_equal(veto_i_rule_build(&f->rule, f->model, &err), VETO_OK);
    veto_status rc = VETO_OK;
    memset(&f->g, 0, sizeof f->g);
    assert_true(veto_i_rule_weighted(&f->g, f->rule, f->n, &rc));
    assert_int_equal(rc, VETO_OK);
}

static void fixture_free(fixture_t *f)
{
    veto_i_wgame_clear(&f->g);
    veto_i_rule_free(f->rule);
    veto_model_free(f->model);
}

/* Plan with a deadline `limit` fake seconds after the clock's start. */
static veto_status plan(veto_i_plan_t *p, const fixture_t *f, unsigned indices,
                        double limit, fake_clock_t *clk, veto_error_t *err)
{
    veto_options_t opt;
    veto_options_init(&opt);
    opt.indices = indices;
    veto_i_ctx_t ctx;
    veto_i_ctx_from_options(&ctx, &opt);
    ctx.threads = 1;
    clk->t = 100;
    clk->calls = 0;
    ctx.clock = fake_now;
    ctx.clock_user = clk;
    ctx.deadline = limit > 0 ? 100 + limit : 0;
    unsigned need =
        veto_i_index_needs(indices != 0 ? indices : VETO_INDEX_ALL) |
        VETO_I_NEED_PROPER;
    memset(p, 0, sizeof *p);
    return veto_i_plan_engine(p, &opt, f->n, f->rule, true, &f->g, need, false,
                              &ctx, err);
}

/* dp's estimate in fake seconds for these indices, as the planner makes
 * it. */
static double dp_secs(const fixture_t *f, unsigned indices)
{
    unsigned need =
        veto_i_index_needs(indices != 0 ? indices : VETO_INDEX_ALL) |
        VETO_I_NEED_PROPER;
    size_t primes = 0;
    double work = veto_i_dp_work(&f->g, need, &primes);
    assert_true(work > 0 && isfinite(work));
    return work * STEP / PROBE_OPS;
}

static void contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle) == NULL) {
        fail_msg("missing '%s' in '%s'", needle, hay);
    }
}

/* Just above dp's estimate (plus the planner's own readings): dp; just
 * below: Monte Carlo, which can give the default indices, and the reason
 * says why. */
static void dp_or_mc_at_the_limit(void **state)
{
    (void)state;
    fixture_t f;
    fixture_make(&f);
    double secs = dp_secs(&f, 0);
    double used = READINGS * STEP;
    fake_clock_t clk = {.late = STEP};
    veto_i_plan_t p = {.bdd = NULL};
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(plan(&p, &f, 0, secs * 1.01 + used, &clk, &err), VETO_OK);
    assert_int_equal(p.method, VETO_METHOD_DP);
    /* the same reason as without a limit, whatever the probe measured */
    contains(p.reason, "the rule is one weighted threshold; dp needs");
    assert_int_equal(clk.calls, READINGS);
    assert_int_equal(plan(&p, &f, 0, secs * 0.99 + used, &clk, &err), VETO_OK);
    assert_int_equal(p.method, VETO_METHOD_MC);
    contains(p.reason, "dp would take an estimated");
    contains(p.reason, "left of the time limit; estimated instead");
    fixture_free(&f);
}

/* Johnston asked for by name, which Monte Carlo cannot estimate: under the
 * limit dp, over it an error before anything runs, with dp's estimate in
 * the hint. */
static void timeout_up_front(void **state)
{
    (void)state;
    fixture_t f;
    fixture_make(&f);
    unsigned jo = VETO_INDEX_BIT(VETO_IDX_JOHNSTON);
    double secs = dp_secs(&f, jo);
    double used = READINGS * STEP;
    fake_clock_t clk = {.late = STEP};
    veto_i_plan_t p = {.bdd = NULL};
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(plan(&p, &f, jo, secs * 1.01 + used, &clk, &err), VETO_OK);
    assert_int_equal(p.method, VETO_METHOD_DP);
    assert_int_equal(plan(&p, &f, jo, secs * 0.99 + used, &clk, &err),
                     VETO_ETIMEOUT);
    contains(err.message, "no engine can finish within the time limit");
    assert_int_equal(err.hint_code, VETO_HINT_TIMEOUT);
    assert_string_equal(err.hint_arg[0], "dp");
    veto_error_clear(&err);
    fixture_free(&f);
}

/* Without a time limit the choice is by memory alone: no probe, the clock
 * is never read, and dp is chosen however slow the fake clock. */
static void no_limit_no_probe(void **state)
{
    (void)state;
    fixture_t f;
    fixture_make(&f);
    fake_clock_t clk = {.late = STEP};
    veto_i_plan_t p = {.bdd = NULL};
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(plan(&p, &f, 0, 0, &clk, &err), VETO_OK);
    assert_int_equal(p.method, VETO_METHOD_DP);
    assert_int_equal(clk.calls, 0);
    contains(p.reason, "the rule is one weighted threshold");
    fixture_free(&f);
}

/* veto_plan: what veto_analyse would run, without a probe (the clock is
 * not involved), dp's time at the nominal speed on one thread, the
 * costliest index the one whose counts alone take the most work, Monte
 * Carlo able to stand in for the defaults but not for Johnston alone. */
static void plan_info(void **state)
{
    (void)state;
    fixture_t f;
    fixture_make(&f);
    veto_options_t opt;
    veto_options_init(&opt);
    opt.threads = 1;
    veto_plan_info_t pi;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_plan(&pi, f.model, &opt, &err), VETO_OK);
    assert_int_equal(pi.method, VETO_METHOD_DP);
    double want = dp_secs(&f, 0) / STEP * PROBE_OPS / VETO_NOMINAL_SPEED;
    assert_true(fabs(pi.seconds - want) <= 1e-9 * want);
    /* the costliest: the index whose counts alone take the most work */
    int most = -1;
    double mw = 0;
    for (int k = 0; k < VETO_NINDEX; k++) {
        unsigned nk = veto_i_index_needs(VETO_INDEX_BIT(k));
        size_t primes;
        double wk = nk != 0 ? veto_i_dp_work(&f.g, nk, &primes) : 0;
        if (wk > mw) {
            mw = wk;
            most = k;
        }
    }
    assert_true(most >= 0);
    assert_int_equal(pi.costliest, most);
    assert_true(pi.mc_can);
    contains(pi.reason, "the rule is one weighted threshold");
    opt.indices = VETO_INDEX_BIT(VETO_IDX_JOHNSTON);
    assert_int_equal(veto_plan(&pi, f.model, &opt, &err), VETO_OK);
    assert_false(pi.mc_can);
    assert_int_equal(pi.costliest, VETO_IDX_JOHNSTON);
    opt.indices = VETO_INDEX_BIT(VETO_IDX_BANZHAF);
    assert_int_equal(veto_plan(&pi, f.model, &opt, &err), VETO_OK);
    assert_true(pi.mc_can);
    assert_true(pi.seconds < want / 10);
    fixture_free(&f);
}

/* The fixture of a composed rule (no weighted game) of n players from
 * the model text (len bytes, malloc'ed: freed here). */
static void composed_read(fixture_t *f, const char *name, char *text, int len,
                          size_t n)
{
    veto_error_t err;
    veto_error_clear(&err);
    f->model = NULL;
    assert_int_equal(veto_model_read(&f->model, name, text, (size_t)len,
                                     VETO_FORMAT_VETO, NULL, &err),
                     VETO_OK);
    free(text);
    f->n = veto_model_nplayers(f->model);
    assert_int_equal(f->n, n);
    assert_int_equal(veto_i_rule_build(&f->rule, f->model, &err), VETO_OK);
    veto_status rc = VETO_OK;
    memset(&f->g, 0, sizeof f->g);
    assert_false(veto_i_rule_weighted(&f->g, f->rule, f->n, &rc));
    assert_int_equal(rc, VETO_OK);
}

/* A composed rule of 60 players with weights 1..1000 (a count and a
 * weight threshold: no weighted game), too many to enumerate: bdd by
 * memory, with a diagram of thousands of nodes a level. */
static void composed_make(fixture_t *f)
{
    char *text = malloc(60 * 24 + 128);
    assert_non_null(text);
    uint64_t s = 14;
    int len = sprintf(text, "players {\n");
    for (size_t i = 0; i < 60; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        len += sprintf(text + len, "  P%zu w=%u\n", i + 1,
                       1 + (unsigned)((s >> 33) % 1000));
    }
    len += sprintf(text + len, "}\npass when count >= 35 and w >= 60%%\n");
    composed_read(f, "composed.veto", text, len, 60);
}

static veto_status plan_composed(veto_i_plan_t *p, const fixture_t *f,
                                 unsigned indices, double limit,
                                 fake_clock_t *clk, veto_error_t *err)
{
    veto_options_t opt;
    veto_options_init(&opt);
    opt.indices = indices;
    veto_i_ctx_t ctx;
    veto_i_ctx_from_options(&ctx, &opt);
    ctx.threads = 1;
    clk->t = 100;
    clk->calls = 0;
    ctx.clock = fake_now;
    ctx.clock_user = clk;
    ctx.deadline = limit > 0 ? 100 + limit : 0;
    unsigned need =
        veto_i_index_needs(indices != 0 ? indices : VETO_INDEX_ALL) |
        VETO_I_NEED_PROPER;
    veto_i_plan_clear(p);
    memset(p, 0, sizeof *p);
    return veto_i_plan_engine(p, &opt, f->n, f->rule, false, NULL, need, false,
                              &ctx, err);
}

/* Monte Carlo's planned time in fake seconds for the default precision
 * (epsilon 0.01, confidence 0.999) on one thread, from its record. */
static double mc_secs(const fixture_t *f, bool weighted, unsigned indices,
                      double *samples)
{
    veto_i_job_t j = {.rule = f->rule,
                      .g = weighted ? &f->g : NULL,
                      .n = f->n,
                      .rsize = veto_i_rule_size(f->rule),
                      .indices = indices};
    size_t par = 0;
    double per = veto_i_engine(VETO_METHOD_MC)->work(&j, &par);
    bool bz = (indices & (VETO_INDEX_BIT(VETO_IDX_BANZHAF) |
                          VETO_INDEX_BIT(VETO_IDX_BANZHAF_ABSOLUTE))) != 0;
    bool ssi = (indices & VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK)) != 0;
    size_t nest = (bz ? f->n + 1 : 0) + (ssi ? f->n : 0);
    *samples = (double)veto_i_mc_samples_for(nest, 0.01, 0.999);
    return *samples * per * STEP / PROBE_OPS;
}

/* A composed rule under a time limit: bdd's estimate (the record's, at
 * the probe's speed) just outside the limit gives Monte Carlo, whose
 * reason names bdd's estimate, without a probe of bdd (no more readings
 * of the clock); and Johnston alone, which Monte Carlo cannot estimate,
 * is refused up front naming bdd. (Inside the limit bdd's own probe
 * decides: bdd_probe_catches_growth, bdd_probe_diagram_reused.) */
static void bdd_or_mc_at_the_limit(void **state)
{
    (void)state;
    fixture_t f;
    composed_make(&f);
    unsigned need = veto_i_index_needs(VETO_INDEX_ALL) | VETO_I_NEED_PROPER;
    double work = veto_i_bdd_work(f.rule, f.n, need);
    assert_true(work > 0 && isfinite(work));
    /* bdd's estimate is an upper bound: kept while it is within its
     * slack of the time left */
    double slack = veto_i_engine(VETO_METHOD_BDD)->slack;
    assert_true(slack >= 1);
    double secs = work * STEP / PROBE_OPS / slack;
    double used = READINGS * STEP;
    fake_clock_t clk = {.late = 0};
    veto_i_plan_t p = {.bdd = NULL};
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(plan_composed(&p, &f, 0, 0, &clk, &err), VETO_OK);
    assert_int_equal(p.method, VETO_METHOD_BDD);
    assert_int_equal(plan_composed(&p, &f, 0, secs * 0.99 + used, &clk, &err),
                     VETO_OK);
    assert_int_equal(p.method, VETO_METHOD_MC);
    assert_int_equal(clk.calls, READINGS);
    contains(p.reason, "bdd would take an estimated");
    contains(p.reason, "estimated instead");
    unsigned jo = VETO_INDEX_BIT(VETO_IDX_JOHNSTON);
    need = veto_i_index_needs(jo) | VETO_I_NEED_PROPER;
    secs = veto_i_bdd_work(f.rule, f.n, need) * STEP / PROBE_OPS / slack;
    assert_int_equal(plan_composed(&p, &f, jo, secs * 0.99 + used, &clk, &err),
                     VETO_ETIMEOUT);
    assert_string_equal(err.hint_arg[0], "bdd");
    veto_error_clear(&err);
    veto_i_plan_clear(&p);
    fixture_free(&f);
}

/* Two thresholds on independent random weights (1..100 each) of n
 * players: the pairs of partial sums stay apart, so the diagram is many
 * times the estimate's prediction (bench/README.md, "bdd's estimate"). */
static void independent_make(fixture_t *f, size_t n)
{
    char *text = malloc(n * 32 + 128);
    assert_non_null(text);
    uint64_t s = 99;
    int len = sprintf(text, "players {\n");
    for (size_t i = 0; i < n; i++) {
        unsigned ab[2];
        for (int k = 0; k < 2; k++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            ab[k] = 1 + (unsigned)((s >> 33) % 100);
        }
        len += sprintf(text + len, "  P%zu a=%u b=%u\n", i + 1, ab[0], ab[1]);
    }
    len += sprintf(text + len, "}\npass when a >= 50%% and b >= 50%%\n");
    composed_read(f, "independent.veto", text, len, n);
}

/* bdd's probe catches what its estimate misses: on the independent
 * thresholds (30 players: 7.5 times the edges predicted) Shapley-Shubik's
 * estimate just fits, but the passes priced by the edges the probe's
 * diagram has do not (even with its build taking no time on this clock),
 * so Monte Carlo is chosen, naming the probe's diagram; a probe still
 * building when its share of the time is up (a clock that jumps) gives
 * Monte Carlo too, and with Johnston alone the refusal up front. */
static void bdd_probe_catches_growth(void **state)
{
    (void)state;
    fixture_t f;
    independent_make(&f, 30);
    unsigned bz = VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK);
    unsigned need = veto_i_index_needs(bz) | VETO_I_NEED_PROPER;
    veto_i_bdd_shape_t sh;
    assert_true(veto_i_bdd_shape(f.rule, f.n, &sh));
    veto_i_ctx_t ctx;
    veto_options_t opt;
    veto_options_init(&opt);
    veto_i_ctx_from_options(&ctx, &opt);
    veto_i_bdd_probe_t pr;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_i_bdd_probe(&pr, f.rule, f.n, 60, &ctx, NULL, &err),
                     VETO_OK);
    assert_true(pr.done);
    print_message("independent: %.0f nodes %.0f edges predicted, %llu nodes "
                  "%.0f edges made\n",
                  sh.nodes, sh.edges, (unsigned long long)pr.nodes, pr.edges);
    assert_true(pr.edges > 4 * sh.edges);
    double secs = veto_i_bdd_work(f.rule, f.n, need) * STEP / PROBE_OPS;
    double used = READINGS * STEP;
    fake_clock_t clk = {.late = 0};
    veto_i_plan_t p = {.bdd = NULL};
    assert_int_equal(plan_composed(&p, &f, bz, secs * 1.01 + used, &clk, &err),
                     VETO_OK);
    assert_int_equal(p.method, VETO_METHOD_MC);
    contains(p.reason, "a probe built its");
    contains(p.reason, "estimated instead");
    clk.late = 1e6;
    assert_int_equal(plan_composed(&p, &f, bz, secs * 2 + used, &clk, &err),
                     VETO_OK);
    assert_int_equal(p.method, VETO_METHOD_MC);
    contains(p.reason, "still growing");
    unsigned jo = VETO_INDEX_BIT(VETO_IDX_JOHNSTON);
    need = veto_i_index_needs(jo) | VETO_I_NEED_PROPER;
    secs = veto_i_bdd_work(f.rule, f.n, need) * STEP / PROBE_OPS;
    assert_int_equal(plan_composed(&p, &f, jo, secs * 2 + used, &clk, &err),
                     VETO_ETIMEOUT);
    contains(err.message, "still growing");
    assert_string_equal(err.hint_arg[0], "bdd");
    veto_error_clear(&err);
    veto_i_plan_clear(&p);
    fixture_free(&f);
}

/* Monte Carlo as the fallback says what it can reach: with more time
 * left than its planned samples take (the record's estimate), the
 * samples and their time; with less, how many samples fit and the
 * half-width they reach (Hoeffding at the checkpoints' level), which
 * is wider than the epsilon asked for. Weighted (the 120 players) and
 * composed (the 60), each just above and just below the limit. */
static void mc_reach_at_the_limit(void **state)
{
    (void)state;
    for (int composed = 0; composed < 2; composed++) {
        fixture_t f;
        if (composed) {
            composed_make(&f);
        } else {
            fixture_make(&f);
        }
        unsigned def = VETO_INDEX_ALL & veto_i_engine_indices(VETO_METHOD_MC);
        double samples = 0;
        double mc = mc_secs(&f, !composed, def, &samples);
        double used = READINGS * STEP;
        /* the exact engine's estimate must be the longer one here */
        unsigned need = veto_i_index_needs(VETO_INDEX_ALL) | VETO_I_NEED_PROPER;
        double exact =
            composed ? veto_i_bdd_work(f.rule, f.n, need) * STEP / PROBE_OPS
                     : dp_secs(&f, 0);
        assert_true(exact > mc * 1.5);
        fake_clock_t clk = {.late = STEP};
        veto_i_plan_t p = {.bdd = NULL};
        veto_error_t err;
        veto_error_clear(&err);
        veto_status rc =
            composed ? plan_composed(&p, &f, 0, mc * 1.01 + used, &clk, &err)
                     : plan(&p, &f, 0, mc * 1.01 + used, &clk, &err);
        assert_int_equal(rc, VETO_OK);
        assert_int_equal(p.method, VETO_METHOD_MC);
        char want[64];
        snprintf(want, sizeof want, "(%.0f samples, about", samples);
        contains(p.reason, want);
        rc = composed ? plan_composed(&p, &f, 0, mc * 0.99 + used, &clk, &err)
                      : plan(&p, &f, 0, mc * 0.99 + used, &clk, &err);
        assert_int_equal(rc, VETO_OK);
        assert_int_equal(p.method, VETO_METHOD_MC);
        contains(p.reason, "samples fit: intervals near +/-");
        const char *pm = strstr(p.reason, "+/-");
        double hw = strtod(pm + 3, NULL);
        assert_true(hw > 0.01 && hw < 0.02);
        veto_i_plan_clear(&p);
        fixture_free(&f);
    }
}

/* bdd's estimate against the CPU time it takes: the composed fixture (60
 * players, weights 1..1000, count and weight thresholds) measured with a
 * release build (bench/README.md, "bdd's estimate"), in the probe's word
 * operations (CPU seconds over the probe's seconds per word in the same
 * run): Banzhaf, Shapley-Shubik, Johnston. The estimate stays within a
 * factor 3 of what was measured, and with the fake clock a limit below a
 * third of it divided by the slack gives Monte Carlo (or, for Johnston's
 * indices, refuses) without building anything; above the estimate bdd's
 * probe decides (bdd_probe_catches_growth). */
static void bdd_estimate_tracks_cpu(void **state)
{
    (void)state;
    static const struct {
        unsigned indices;
        double words; /* measured */
    } cases[] = {
        {VETO_INDEX_BIT(VETO_IDX_BANZHAF), BDD_MEASURED_BZ},
        {VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK), BDD_MEASURED_SSI},
        {VETO_INDEX_BIT(VETO_IDX_JOHNSTON), BDD_MEASURED_JO},
    };
    fixture_t f;
    composed_make(&f);
    double slack = veto_i_engine(VETO_METHOD_BDD)->slack;
    double used = READINGS * STEP;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        unsigned ix = cases[k].indices;
        unsigned need = veto_i_index_needs(ix != 0 ? ix : VETO_INDEX_ALL) |
                        VETO_I_NEED_PROPER;
        double est = veto_i_bdd_work(f.rule, f.n, need);
        if (!(est >= cases[k].words / 3 && est <= cases[k].words * 3)) {
            fail_msg("case %zu: bdd's estimate %.3g words, measured %.3g", k,
                     est, cases[k].words);
        }
        double secs = cases[k].words * STEP / PROBE_OPS;
        fake_clock_t clk = {.late = STEP};
        veto_i_plan_t p = {.bdd = NULL};
        veto_error_t err;
        veto_error_clear(&err);
        veto_status rc = plan_composed(
            &p, &f, ix, secs / 3 / slack * 0.99 + used, &clk, &err);
        assert_true(rc == VETO_ETIMEOUT ||
                    (rc == VETO_OK && p.method == VETO_METHOD_MC));
        veto_error_clear(&err);
        veto_i_plan_clear(&p);
    }
    fixture_free(&f);
}

/* The diagram bdd's probe built is the run's: with room to spare bdd is
 * kept with the reason it has without a limit, the plan keeps the
 * diagram (p.bdd), and the counts on it (Banzhaf's swings,
 * Shapley-Shubik's sums, proper, the winning coalitions, the nodes) equal
 * those of a diagram built afresh. */
static void bdd_probe_diagram_reused(void **state)
{
    (void)state;
    fixture_t f;
    independent_make(&f, 24);
    unsigned ix = VETO_INDEX_BIT(VETO_IDX_BANZHAF) |
                  VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK);
    unsigned need = veto_i_index_needs(ix) | VETO_I_NEED_PROPER;
    double secs = veto_i_bdd_work(f.rule, f.n, need) * STEP / PROBE_OPS;
    fake_clock_t clk = {.late = 0};
    veto_i_plan_t p = {.bdd = NULL};
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(plan_composed(&p, &f, ix, 0, &clk, &err), VETO_OK);
    assert_null(p.bdd); /* no limit, no probe */
    char without[256];
    snprintf(without, sizeof without, "%s", p.reason);
    assert_int_equal(
        plan_composed(&p, &f, ix, secs * 100 + 1 + READINGS * STEP, &clk, &err),
        VETO_OK);
    assert_int_equal(p.method, VETO_METHOD_BDD);
    assert_string_equal(p.reason, without);
    assert_true(clk.calls > READINGS);
    assert_non_null(p.bdd);
    veto_options_t opt;
    veto_options_init(&opt);
    veto_i_ctx_t ctx;
    veto_i_ctx_from_options(&ctx, &opt);
    veto_i_job_t j = {.rule = f.rule,
                      .n = f.n,
                      .rsize = veto_i_rule_size(f.rule),
                      .need = need,
                      .indices = ix,
                      .opt = &opt};
    veto_i_counts_t fresh, kept;
    assert_true(veto_i_counts_init(&fresh, f.n, need));
    assert_true(veto_i_counts_init(&kept, f.n, need));
    uint64_t nf = 0, nk = 0;
    assert_int_equal(
        veto_i_engine_counts(&fresh, VETO_METHOD_BDD, &j, &nf, &ctx, &err),
        VETO_OK);
    j.bdd = p.bdd;
    assert_int_equal(
        veto_i_engine_counts(&kept, VETO_METHOD_BDD, &j, &nk, &ctx, &err),
        VETO_OK);
    assert_int_equal(nf, nk);
    assert_true(nf > 1000);
    assert_int_equal(mpz_cmp(fresh.winning, kept.winning), 0);
    assert_true(mpz_sgn(fresh.winning) > 0);
    for (size_t i = 0; i < f.n; i++) {
        assert_int_equal(mpz_cmp(fresh.swings[i], kept.swings[i]), 0);
        assert_int_equal(mpz_cmp(fresh.ssi_num[i], kept.ssi_num[i]), 0);
    }
    assert_int_equal(fresh.proper, kept.proper);
    veto_i_counts_clear(&fresh);
    veto_i_counts_clear(&kept);
    veto_i_plan_clear(&p);
    assert_null(p.bdd);
    fixture_free(&f);
}

/* A three-valued assembly of n members with populations 50,000..500,000
 * from a fixed generator: a quorum of n / 2 present, a majority of the
 * votes cast and more than half the population (bench/ternary's
 * assembly-300 in small). */
static veto_model_t *assembly_read(size_t n)
{
    static char text[16384];
    size_t len = (size_t)sprintf(text, "votes yes, abstain, no\n"
                                       "belief yes 2/5, abstain 1/5\n"
                                       "players {\n");
    uint64_t s = 20261201;
    for (size_t i = 0; i < n; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        len += (size_t)sprintf(text + len, "  M%zu population=%u\n", i + 1,
                               50000 + (unsigned)((s >> 33) % 450001));
    }
    len += (size_t)sprintf(text + len,
                           "}\npass when count >= %zu at least abstain and "
                           "count > 1/2 of voting and population > 1/2\n",
                           n / 2);
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_model_read(&m, "assembly.veto", text, len,
                                     VETO_FORMAT_VETO, NULL, &err),
                     VETO_OK);
    return m;
}

/* A clock for the three-valued fallback: a fake second for each of the
 * first `big` readings (the planner's and the diagram's polls), a fake
 * millisecond after, so that Monte Carlo's share is ample however often
 * it reads the clock. */
typedef struct jump_clock {
    double t;
    unsigned calls, big;
} jump_clock_t;

static double jump_now(void *user)
{
    jump_clock_t *c = user;
    double t = c->t;
    c->t += c->calls++ < c->big ? 1.0 : 1e-3;
    return t;
}

/* Analyse the three-valued model m with a deadline `limit` fake seconds
 * after the clock's start, Monte Carlo asked for one block of samples. */
static veto_status ternary_at(veto_result_t **res, const veto_model_t *m,
                              double limit, veto_error_t *err)
{
    veto_i_rule_t *rule = NULL;
    assert_int_equal(veto_i_rule_build(&rule, m, err), VETO_OK);
    veto_options_t opt;
    veto_options_init(&opt);
    opt.samples = 4096;
    veto_i_ctx_t ctx;
    veto_i_ctx_from_options(&ctx, &opt);
    ctx.threads = 1;
    jump_clock_t clk = {.t = 100, .big = 6};
    ctx.clock = jump_now;
    ctx.clock_user = &clk;
    ctx.deadline = 100 + limit;
    veto_status rc = veto_i_analyse_ternary(res, m, rule, &opt, NULL, NULL,
                                            NULL, false, &ctx, err);
    veto_i_rule_free(rule);
    return rc;
}

/* Three-valued rules under a time limit: auto gives bdd half of the time
 * left and Monte Carlo the rest when it does not finish. The 30 members'
 * diagram takes seconds (its build polls the clock every 65,536 nodes
 * asked for): with 8 fake seconds, the build's half ends at its fifth
 * poll and Monte Carlo draws the samples asked for in the rest, saying
 * why; the 12 members' diagram and passes are done within their half of
 * 20 s, exactly. */
static void ternary_falls_back_at_the_limit(void **state)
{
    (void)state;
    veto_error_t err;
    veto_error_clear(&err);
    veto_model_t *big = assembly_read(30);
    veto_result_t *res = NULL;
    assert_int_equal(ternary_at(&res, big, 8, &err), VETO_OK);
    assert_int_equal(res->method, VETO_METHOD_MC);
    assert_true(res->fell_back);
    contains(res->reason, "bdd did not finish within 4 s");
    contains(res->reason, "50% of the time left");
    assert_true(res->estimated);
    assert_int_equal(res->samples, 4096);
    veto_result_free(res);
    res = NULL;
    /* 3 fake seconds: the whole limit passes during the build (its second
     * poll is past it); Monte Carlo still gives its first checkpoint */
    assert_int_equal(ternary_at(&res, big, 3, &err), VETO_OK);
    assert_int_equal(res->method, VETO_METHOD_MC);
    assert_true(res->fell_back);
    assert_true(res->samples > 0);
    veto_result_free(res);
    res = NULL;
    veto_model_t *small = assembly_read(12);
    assert_int_equal(ternary_at(&res, small, 20, &err), VETO_OK);
    assert_int_equal(res->method, VETO_METHOD_BDD);
    assert_false(res->fell_back);
    assert_false(res->estimated);
    veto_result_free(res);
    veto_model_free(small);
    veto_model_free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dp_or_mc_at_the_limit),
        cmocka_unit_test(timeout_up_front),
        cmocka_unit_test(no_limit_no_probe),
        cmocka_unit_test(plan_info),
        cmocka_unit_test(bdd_or_mc_at_the_limit),
        cmocka_unit_test(bdd_probe_catches_growth),
        cmocka_unit_test(bdd_probe_diagram_reused),
        cmocka_unit_test(bdd_estimate_tracks_cpu),
        cmocka_unit_test(mc_reach_at_the_limit),
        cmocka_unit_test(ternary_falls_back_at_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
