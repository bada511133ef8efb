/*
 * test_oom.c: out-of-memory and resource limits, end to end.
 *
 * For k = 1, 2, 3, ... the k-th allocation of veto's own (and every later
 * one) is made to fail during a full run: veto_model_read, then veto_analyse
 * with exact beliefs and properties. Each run must either succeed or return
 * VETO_ENOMEM with no result and a message; nothing may leak (the sanitizer
 * build runs with detect_leaks=1, so a leak on any failure path fails the
 * test at exit). The loop ends at the first k that the run no longer reaches.
 * Also: a memory budget too small gives VETO_ELIMIT with advice, and a tiny
 * time budget on a large enumeration gives VETO_ETIMEOUT.
 *
 * jansson's allocations are routed through veto's allocator in this test
 * program only (json_set_alloc_funcs in main: the hook is process-global,
 * so the library never installs it), so that reading a JSON model fails
 * at each of jansson's allocations too. GMP's are not: GMP has no way to
 * report a failed allocation (its manual: the allocation functions "must
 * terminate program execution" on failure, and a NULL return is undefined
 * behaviour), so an injected failure there could only crash. The library
 * instead bounds every GMP number before asking (veto_i_budget_check).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <jansson.h>

#include "base/base.h"
#include "test_util.h"
#include "veto.h"

static const char unsc_text[] =
    "title \"UN Security Council, Charter Art. 27(3)\"\n"
    "players {\n"
    "  China France Russia UK USA            [permanent]\n"
    "  E1 E2 E3 E4 E5 E6 E7 E8 E9 E10        [elected]\n"
    "}\n"
    "pass when all(permanent) and count >= 9\n"
    "belief 0.5\n"
    "belief { permanent = 0.8 }\n"
    "scenario \"Russia is the attacker\" { Russia = 0 }\n"
    "scenario \"split\" { China = 1/3  USA = 0.9 }\n";

/* Populations (2023, rounded to thousands): the figures only shape the
 * test, which checks the failure paths rather than the indices. */
static const char eu_text[] =
    "title \"Council of the EU, qualified majority (TEU Art. 16(4))\"\n"
    "players {\n"
    "  Germany     population=84359000\n"
    "  France      population=68173000\n"
    "  Italy       population=58997000\n"
    "  Spain       population=48085000\n"
    "  Poland      population=36754000\n"
    "  Romania     population=19055000\n"
    "  Netherlands population=17811000\n"
    "  Belgium     population=11743000\n"
    "  Czechia     population=10828000\n"
    "  Sweden      population=10522000\n"
    "  Greece      population=10414000\n"
    "  Portugal    population=10467000\n"
    "  Hungary     population=9600000\n"
    "  Austria     population=9105000\n"
    "  Bulgaria    population=6448000\n"
    "  Denmark     population=5933000\n"
    "  Finland     population=5564000\n"
    "  Slovakia    population=5429000\n"
    "  Ireland     population=5194000\n"
    "  Croatia     population=3851000\n"
    "  Lithuania   population=2857000\n"
    "  Slovenia    population=2117000\n"
    "  Latvia      population=1883000\n"
    "  Estonia     population=1366000\n"
    "  Cyprus      population=921000\n"
    "  Luxembourg  population=661000\n"
    "  Malta       population=542000\n"
    "}\n"
    "pass when count >= 55% and population >= 65%\n"
    "       or count >= 24        # a blocking minority needs four states\n"
    "belief 1/2\n"
    "scenario \"France abstains\" { France = 0 }\n";

/* The Security Council as a JSON model: jansson's allocations fail in turn
 * as well. */
static const char unsc_json[] =
    "{\"title\": \"UN Security Council\",\n"
    " \"source\": [\"UN Charter, Article 27\"],\n"
    " \"players\": [\n"
    "  {\"name\": \"China\", \"groups\": [\"permanent\"]},\n"
    "  {\"name\": \"France\", \"groups\": [\"permanent\"]},\n"
    "  {\"name\": \"Russia\", \"groups\": [\"permanent\"]},\n"
    "  {\"name\": \"UK\", \"groups\": [\"permanent\"]},\n"
    "  {\"name\": \"USA\", \"groups\": [\"permanent\"]},\n"
    "  {\"name\": \"E1\"}, {\"name\": \"E2\"}, {\"name\": \"E3\"},\n"
    "  {\"name\": \"E4\"}, {\"name\": \"E5\"}, {\"name\": \"E6\"},\n"
    "  {\"name\": \"E7\"}, {\"name\": \"E8\"}, {\"name\": \"E9\"},\n"
    "  {\"name\": \"E10\"}],\n"
    " \"pass_when\": \"all(permanent) and count >= 9\",\n"
    " \"belief\": {\"default\": \"1/2\", \"permanent\": \"0.9\"},\n"
    " \"scenarios\": [{\"name\": \"Russia is the attacker\",\n"
    "                \"belief\": {\"Russia\": 0}}]}\n";

/* Every k up to this many is tried; past it, OOM_SAMPLES values spread
 * evenly up to the end of the run (times VETO_TEST_SCALE), and the last
 * OOM_TAIL before it. Why not every k: a full exact run of the EU Council
 * (bdd, 27 players, exact beliefs) makes about 6,000 allocations and takes
 * seconds under ASan, so every k would take hours. VETO_TEST_SCALE scales
 * the three counts; VETO_OOM_EVERY=1 tries every k (the Security Council,
 * about 200 allocations, always does). */
#define OOM_DENSE 256
#define OOM_SAMPLES 40
#define OOM_TAIL 16
static void full_options(veto_options_t *opt)
{
    veto_options_init(opt);
    opt->exact = true;
    opt->beliefs = true;
    opt->properties = true;
    /* Failure injection is per thread: one thread makes every allocation
     * of the run visible to it. */
    opt->threads = 1;
}

/* What run_once does after reading: 0 analyse; on a three-valued model
 * 1 explain, 2 sweep (the abstain probability), 3 design; on a model with
 * blocs 4 sweep --bloc. */
static int oom_tool;

/* One full run with the k-th allocation failing (k = 0: none fail).
 * Returns VETO_OK or the failing status; *made is the number of
 * allocations the run attempted. */
static veto_status run_once(const char *text, uint64_t k, uint64_t *made)
{
    veto_model_t *m = NULL;
    veto_result_t *r = NULL;
    veto_error_t err;
    veto_options_t opt;
    full_options(&opt);
    veto_error_clear(&err);

    veto_i_alloc_fail_after(k);
    veto_status s = veto_model_read(&m, "oom.veto", text, strlen(text),
                                    VETO_FORMAT_AUTO, NULL, &err);
    if (s == VETO_OK && oom_tool != 0) {
        /* the tools on a three-valued model (issue 10, phase 2) */
        veto_error_clear(&err);
        if (oom_tool == 1) {
            veto_explanation_t *e = NULL;
            s = veto_explain(&e, m, 0, "A recused", &opt, &err);
            assert_true((s == VETO_OK) == (e != NULL));
            veto_explanation_free(e);
        } else if (oom_tool == 2) {
            veto_sweep_spec_t sp;
            veto_sweep_spec_init(&sp);
            sp.kind = VETO_SWEEP_BELIEF;
            sp.player = 2;
            sp.vote = VETO_VOTE_ABSTAIN;
            sp.steps = 3;
            mpq_set_ui(sp.to, 1, 2);
            veto_sweep_t *sw = NULL;
            s = veto_sweep(&sw, m, &sp, &opt, &err);
            assert_true((s == VETO_OK) == (sw != NULL));
            veto_sweep_free(sw);
            veto_sweep_spec_clear(&sp);
        } else if (oom_tool == 4) {
            veto_sweep_spec_t sp;
            veto_sweep_spec_init(&sp);
            sp.kind = VETO_SWEEP_BLOC;
            sp.bloc = "West";
            sp.param = 'a';
            sp.steps = 2;
            mpq_set_ui(sp.from, 1, 1);
            mpq_set_ui(sp.to, 2, 1);
            veto_sweep_t *sw = NULL;
            s = veto_sweep(&sw, m, &sp, &opt, &err);
            assert_true((s == VETO_OK) == (sw != NULL));
            veto_sweep_free(sw);
            veto_sweep_spec_clear(&sp);
        } else {
            veto_design_t *d = NULL;
            s = veto_design_remove_veto(&d, m, 0, 3, &opt, &err);
            assert_true((s == VETO_OK) == (d != NULL));
            veto_design_free(d);
        }
    } else if (s == VETO_OK) {
        assert_non_null(m);
        veto_error_clear(&err);
        s = veto_analyse(&r, m, &opt, &err);
        if (s == VETO_OK) {
            assert_non_null(r);
        } else {
            assert_null(r);
        }
    } else {
        assert_null(m);
    }
    *made = veto_i_alloc_fail_after(0);
    if (s != VETO_OK) {
        if (s != VETO_ENOMEM) {
            print_error("k = %llu: status %d (%s): %s\n",
                        (unsigned long long)k, (int)s, veto_strerror(s),
                        err.message);
        }
        assert_int_equal(s, VETO_ENOMEM);
        assert_int_equal(err.code, VETO_ENOMEM);
        assert_true(err.message[0] != '\0');
    }
    veto_result_free(r);
    veto_model_free(m);
    return s;
}

static double env_double(const char *name, double dflt)
{
    const char *v = getenv(name);
    if (v == NULL || *v == '\0') {
        return dflt;
    }
    char *end = NULL;
    double x = strtod(v, &end);
    return (end != NULL && *end == '\0' && x > 0) ? x : dflt;
}

/* scale * base, at least lo: the bounds are small, so the double is exact
 * enough and the result fits easily in 64 bits (scale is capped). */
static uint64_t scaled(double scale, uint64_t base, uint64_t lo)
{
    double x = scale > 1e6 ? 1e6 * (double)base : scale * (double)base;
    return x < (double)lo ? lo : (uint64_t)x;
}

static void oom_loop(const char *text)
{
    uint64_t total = 0;
    assert_int_equal(run_once(text, 0, &total), VETO_OK);
    assert_true(total > 0);

    double scale = vt_scale();
    uint64_t dense = scaled(scale, OOM_DENSE, 16);
    uint64_t tail = scaled(scale, OOM_TAIL, 2);
    uint64_t stride = 1;
    if (env_double("VETO_OOM_EVERY", 0) == 0 && total > dense + tail) {
        stride = (total - dense - tail) / scaled(scale, OOM_SAMPLES, 2) + 1;
    }
    uint64_t tried = 0;
    uint64_t k = 1;
    for (;;) {
        uint64_t made = 0;
        veto_status s = run_once(text, k, &made);
        tried++;
        /* made < k: the k-th allocation never came, so the whole run went
         * through with nothing failing. The run is deterministic, so that
         * happens first just past its last allocation. */
        if (s == VETO_OK && made < k) {
            break;
        }
        assert_true(k <= total);
        if (k < dense || k + tail >= total || stride == 1) {
            k++;
        } else {
            k += stride;
            if (k + tail > total) {
                k = total - tail;
            }
        }
    }
    assert_int_equal(k, total + 1);
    print_message("    %llu allocations; %llu of them failed in turn\n",
                  (unsigned long long)total, (unsigned long long)tried - 1);
}

static void test_oom_security_council(void **state)
{
    (void)state;
    oom_loop(unsc_text);
}

static void test_oom_eu_council(void **state)
{
    (void)state;
    oom_loop(eu_text);
}

static void test_oom_json_model(void **state)
{
    (void)state;
    oom_loop(unsc_json);
}

/* Three-valued votes (issue 10): the reader's belief forms, the lowering
 * of `at least abstain` and `of voting`, the enum engine and the result's
 * three-valued fields, every allocation failing in turn. */
static const char *ternary_model =
    "votes yes, abstain, no\n"
    "players {\n  A w=3 [g]\n  B w=2 [g]\n  C w=1\n  D w=1\n}\n"
    "pass when all(g) at least abstain and w >= 2/3 of voting\n"
    "belief yes 1/2, abstain 1/4\n"
    "belief { C = yes 1/3 }\n"
    "scenario \"A recused\" { A = abstain  D = no }\n";

static void test_oom_three_valued(void **state)
{
    (void)state;
    oom_loop(ternary_model);
}

static void test_oom_three_valued_tools(void **state)
{
    (void)state;
    for (oom_tool = 1; oom_tool <= 3; oom_tool++) {
        oom_loop(ternary_model);
    }
    oom_tool = 0;
}

/* Blocs in the defaults, inherited by one scenario and replaced in
 * another: every bloc array of the sweep's view is allocated. */
static const char bloc_model[] =
    "players { UK USA France China Russia Turkey }\n"
    "pass when 4 of (UK, USA, France, China, Russia, Turkey)\n"
    "bloc West (UK, USA, France) shares beta(4, 1)\n"
    "bloc East (China, Russia) shares beta(1, 4)\n"
    "scenario \"Russia attacks\" weight 40% { Russia = 0 }\n"
    "scenario \"Calm\" weight 60% { bloc West (UK, USA) shares beta(2, 1) }\n";

static void test_oom_bloc_sweep(void **state)
{
    (void)state;
    oom_tool = 4;
    oom_loop(bloc_model);
    oom_tool = 0;
}

static veto_model_t *read_ok(const char *text)
{
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = veto_model_read(&m, "oom.veto", text, strlen(text),
                                    VETO_FORMAT_AUTO, NULL, &err);
    if (s != VETO_OK) {
        fail_msg("model did not parse: %u:%u: %s", err.line, err.col,
                 err.message);
    }
    return m;
}

/* A budget of a few hundred bytes cannot hold any exact plan: the answer
 * is VETO_ELIMIT naming the budget, with advice, and no result. */
static void test_max_memory_too_small(void **state)
{
    (void)state;
    veto_model_t *m = read_ok(eu_text);
    veto_options_t opt;
    full_options(&opt);
    opt.max_memory = 300;
    veto_result_t *r = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = veto_analyse(&r, m, &opt, &err);
    assert_int_equal(s, VETO_ELIMIT);
    assert_null(r);
    assert_int_equal(err.code, VETO_ELIMIT);
    assert_true(err.message[0] != '\0');
    assert_true(err.hint[0] != '\0');
    veto_model_free(m);
}

/* 2^28 coalitions cannot be enumerated in 10 ms even on a fast machine. */
static void test_timeout_enumeration(void **state)
{
    (void)state;
    char text[512];
    int len = snprintf(text, sizeof text, "15");
    for (int i = 0; i < 28; i++) {
        len += snprintf(text + len, sizeof text - (size_t)len, " 1");
    }
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_model_read(&m, "big.txt", text, strlen(text),
                                     VETO_FORMAT_BARE, NULL, &err),
                     VETO_OK);
    veto_options_t opt;
    full_options(&opt);
    opt.method = VETO_METHOD_ENUM;
    opt.timeout = 0.01;
    veto_result_t *r = NULL;
    veto_error_clear(&err);
    double t0 = veto_i_now();
    veto_status s = veto_analyse(&r, m, &opt, &err);
    double took = veto_i_now() - t0;
    assert_int_equal(s, VETO_ETIMEOUT);
    assert_null(r);
    assert_int_equal(err.code, VETO_ETIMEOUT);
    /* Stopped near the deadline, not after the full enumeration. */
    assert_true(took < 5.0);
    veto_model_free(m);
}

int main(void)
{
    vt_begin("test_oom");
    /* jansson's allocations go through veto's, so that they fail in turn
     * as well (see the head of this file; for this program only). */
    json_set_alloc_funcs(veto_i_malloc, veto_i_free);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oom_security_council),
        cmocka_unit_test(test_oom_eu_council),
        cmocka_unit_test(test_oom_json_model),
        cmocka_unit_test(test_oom_three_valued),
        cmocka_unit_test(test_oom_three_valued_tools),
        cmocka_unit_test(test_oom_bloc_sweep),
        cmocka_unit_test(test_max_memory_too_small),
        cmocka_unit_test(test_timeout_enumeration),
    };
    return vt_end(cmocka_run_group_tests(tests, NULL, NULL));
}
