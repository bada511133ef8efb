/*
 * test_indices.c: every index of src/analysis/indices.c against values that
 * do not come from it.
 *
 * 1. Published games, every index written out exactly, through the public
 *    API with each exact engine (enum, dp, bdd).
 * 2. A brute force written here, over all 2^n coalitions of random games
 *    (1,000 times VETO_TEST_SCALE, VETO_TEST_SEED shifts the seeds): it
 *    computes each index from its definition, in exact rationals, with no
 *    code shared with the library, and every engine must agree.
 *
 * The definitions (Felsenthal & Machover 1998, The Measurement of Voting
 * Power, ch. 3 and 6; Holler 1982; Deegan & Packel 1978; Johnston 1978;
 * Coleman 1971):
 *   swing of i in a winning S: S \ {i} loses (i is "critical" in S)
 *   Banzhaf raw          swings_i
 *   Banzhaf              swings_i / sum_j swings_j
 *   Banzhaf absolute     swings_i / 2^(n-1)
 *   Shapley-Shubik       sum over S where i swings of (|S|-1)! (n-|S|)! / n!
 *   Holler raw           minimal winning coalitions containing i
 *   Holler               that / its sum over players
 *   Deegan-Packel        sum over minimal winning S containing i of 1/|S|,
 *                        divided by the number of minimal winning coalitions
 *   Johnston             sum over winning S where i is critical of
 *                        1/(number critical in S), normalised to sum 1
 *   Coleman prevent      swings_i / winning
 *   Coleman initiate     swings_i / losing  (losing = 2^n - winning)
 *   power to act         winning / 2^n
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "test_util.h"
#include "veto.h"

static const veto_method exact_methods[] = {VETO_METHOD_ENUM, VETO_METHOD_DP,
                                            VETO_METHOD_BDD};

static veto_model_t *read_model(const char *text)
{
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = veto_model_read(&m, "test.veto", text, strlen(text),
                                    VETO_FORMAT_AUTO, NULL, &err);
    if (s != VETO_OK) {
        fail_msg("model did not parse: %u:%u: %s\n%s", err.line, err.col,
                 err.message, text);
    }
    return m;
}

/* NULL when the engine cannot take the rule (dp on a composed rule). */
static veto_result_t *analyse(const veto_model_t *m, veto_method method)
{
    veto_options_t opt;
    veto_options_init(&opt);
    opt.method = method;
    opt.exact = true;
    opt.indices = VETO_INDEX_ALL;
    veto_result_t *r = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = veto_analyse(&r, m, &opt, &err);
    if (s == VETO_EUNSUPPORTED) {
        return NULL;
    }
    if (s != VETO_OK) {
        fail_msg("analysis with %s failed: %s (%s)", veto_method_name(method),
                 err.message, veto_strerror(s));
    }
    return r;
}

/* A string from mpq_get_str, freed by GMP's own free function. */
static void gmp_free_str(char *s)
{
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(s, strlen(s) + 1);
}

static bool q_is(const mpq_t q, const char *want)
{
    mpq_t w;
    mpq_init(w);
    if (mpq_set_str(w, want, 10) != 0) {
        fail_msg("bad expected value '%s'", want);
    }
    mpq_canonicalize(w);
    bool same = mpq_equal(q, w) != 0;
    mpq_clear(w);
    return same;
}

/* ---- 1. published games ------------------------------------------------- */

/* Expected values of one game: per index, one string per player, or NULL
 * for an index that must be reported undefined. */
typedef struct {
    const char *text;
    size_t n;
    const char *winning, *minimal, *p_act;
    const char *const *want[VETO_NINDEX];
} known_game;

static void check_known(const known_game *g)
{
    veto_model_t *m = read_model(g->text);
    for (size_t k = 0; k < 3; k++) {
        veto_result_t *r = analyse(m, exact_methods[k]);
        assert_non_null(r);
        const char *eng = veto_method_name(exact_methods[k]);
        assert_int_equal(r->n, g->n);
        assert_true(r->have_winning && r->have_power);
        mpq_t z;
        mpq_init(z);
        mpq_set_z(z, r->winning);
        if (!q_is(z, g->winning)) {
            fail_msg("%s: winning coalitions differ (want %s)", eng, g->winning);
        }
        if (r->have_minimal) {
            mpq_set_z(z, r->minimal_winning);
            if (!q_is(z, g->minimal)) {
                fail_msg("%s: minimal winning differ (want %s)", eng, g->minimal);
            }
        }
        mpq_clear(z);
        if (!q_is(r->power_to_act, g->p_act)) {
            fail_msg("%s: power to act differs (want %s)", eng, g->p_act);
        }
        for (int x = 0; x < VETO_NINDEX; x++) {
            if (!(r->computed & VETO_INDEX_BIT(x))) {
                /* every engine of this project computes every index on a
                 * weighted game */
                fail_msg("%s: %s not computed: %s", eng, veto_index_key(x),
                         r->why_not[x]);
            }
            if (g->want[x] == NULL) {
                assert_true(r->undefined & VETO_INDEX_BIT(x));
                continue;
            }
            assert_false(r->undefined & VETO_INDEX_BIT(x));
            for (size_t i = 0; i < g->n; i++) {
                if (!q_is(r->value[x][i], g->want[x][i])) {
                    char *got = mpq_get_str(NULL, 10, r->value[x][i]);
                    fprintf(stderr, "%s: %s of player %zu is %s, want %s\n",
                            eng, veto_index_key(x), i + 1, got,
                            g->want[x][i]);
                    gmp_free_str(got);
                    fail_msg("index value differs");
                }
                double want_d = mpq_get_d(r->value[x][i]);
                double d = r->approx[x][i] - want_d;
                assert_true(d < 1e-15 && d > -1e-15);
            }
        }
        veto_result_free(r);
    }
    veto_model_free(m);
}

/* [6; 4, 3, 2, 1], worked by hand. Winning coalitions (7 of 16): AB, AC,
 * BCD, ABC, ABD, ACD, ABCD; minimal: AB, AC, BCD.
 * Critical players: AB {A,B}, AC {A,C}, BCD {B,C,D}, ABC {A}, ABD {A,B},
 * ACD {A,C}, ABCD none. Swings 5, 3, 3, 1 (sum 12).
 * Johnston: A 1/2+1/2+1+1/2+1/2 = 3, B 1/2+1/3+1/2 = 4/3, C 4/3, D 1/3,
 * sum 6. Deegan-Packel: A (1/2+1/2)/3, B (1/2+1/3)/3, C the same, D (1/3)/3.
 * Shapley-Shubik: A pivots in 10 of the 24 orders, B and C in 6, D in 2.
 * (A textbook game: the players of weight 3 and 2 have equal power.) */
static const char *const g6_bzr[] = {"5", "3", "3", "1"};
static const char *const g6_bz[] = {"5/12", "1/4", "1/4", "1/12"};
static const char *const g6_abz[] = {"5/8", "3/8", "3/8", "1/8"};
static const char *const g6_ss[] = {"5/12", "1/4", "1/4", "1/12"};
static const char *const g6_hr[] = {"2", "2", "2", "1"};
static const char *const g6_h[] = {"2/7", "2/7", "2/7", "1/7"};
static const char *const g6_dp[] = {"1/3", "5/18", "5/18", "1/9"};
static const char *const g6_jo[] = {"1/2", "2/9", "2/9", "1/18"};
static const char *const g6_cp[] = {"5/7", "3/7", "3/7", "1/7"};
static const char *const g6_ci[] = {"5/9", "1/3", "1/3", "1/9"}; /* 16-7=9 */

static void test_6_4321(void **state)
{
    (void)state;
    known_game g = {"6 4 3 2 1\n", 4, "7", "3", "7/16",
                    {g6_bzr, g6_bz, g6_abz, g6_ss, g6_hr, g6_h, g6_dp, g6_jo,
                     g6_cp, g6_ci}};
    check_known(&g);
}

/* Holler's (1982) example [51; 35, 20, 15, 15, 15], where the player of
 * weight 20 has less public good power than those of 15: public good index
 * 4/15, 2/15, 1/5, 1/5, 1/5 (mwc 4, 2, 3, 3, 3 of 5 minimal winning
 * coalitions: {1,2}, {1,3,4}, {1,3,5}, {1,4,5}, {2,3,4,5}), Deegan-Packel
 * 18, 9, 11, 11, 11 / 60. Winning: 13 of 32; swings 11, 5, 3, 3, 3.
 * Shapley-Shubik 27/60, 12/60, 7/60 ×3. Johnston: critical sets of the 13
 * winning coalitions give jo = 7/2, 9/8, 11/24 ×3 (sum 6), hence 7/12,
 * 3/16, 11/144 ×3. Coleman: 11/13 ..., 11/19 ... (32 - 13 = 19 losing). */
static const char *const h_bzr[] = {"11", "5", "3", "3", "3"};
static const char *const h_bz[] = {"11/25", "1/5", "3/25", "3/25", "3/25"};
static const char *const h_abz[] = {"11/16", "5/16", "3/16", "3/16", "3/16"};
static const char *const h_ss[] = {"9/20", "1/5", "7/60", "7/60", "7/60"};
static const char *const h_hr[] = {"4", "2", "3", "3", "3"};
static const char *const h_h[] = {"4/15", "2/15", "1/5", "1/5", "1/5"};
static const char *const h_dp[] = {"3/10", "3/20", "11/60", "11/60", "11/60"};
static const char *const h_jo[] = {"7/12", "3/16", "11/144", "11/144",
                                   "11/144"};
static const char *const h_cp[] = {"11/13", "5/13", "3/13", "3/13", "3/13"};
static const char *const h_ci[] = {"11/19", "5/19", "3/19", "3/19", "3/19"};

static void test_holler_1982(void **state)
{
    (void)state;
    known_game g = {"51 35 20 15 15 15\n", 5, "13", "5", "13/32",
                    {h_bzr, h_bz, h_abz, h_ss, h_hr, h_h, h_dp, h_jo, h_cp,
                     h_ci}};
    check_known(&g);
}

/* The UN Security Council since 1965, [39; 7×5, 1×10]: Shapley-Shubik
 * 421/2145 (0.1963) for a permanent member and 4/2145 (0.0019) for an
 * elected one, the values quoted throughout the literature (e.g. Felsenthal
 * & Machover 1998), Banzhaf raw
 * 848 and 84 (848 winning coalitions, a permanent member is critical in
 * each). 210 minimal winning coalitions (5 permanent and 4 of 10 elected),
 * each of size 9: Holler raw 210 and 84, Deegan-Packel (210/9)/210 = 1/9
 * and (84/9)/210 = 2/45. Johnston: with 4 elected (210 coalitions) all 9
 * are critical; with 5 to 10 elected (638 coalitions) only the 5
 * permanent members. So jo = 210/9 + 638/5 = 2264/15 for a permanent
 * member and 84/9 = 28/3 for an elected one (in C(9,3) = 84 of the 210);
 * the sum is 848, hence 283/1590 and 7/636.
 * Coleman prevent 848/848 = 1 and 84/848 = 21/212; initiate 848/31920 =
 * 53/1995 and 84/31920 = 1/380. */
static const char *const u_bzr[] = {"848", "84"};
static const char *const u_bz[] = {"106/635", "21/1270"};
static const char *const u_abz[] = {"53/1024", "21/4096"};
static const char *const u_ss[] = {"421/2145", "4/2145"};
static const char *const u_hr[] = {"210", "84"};
static const char *const u_h[] = {"1/9", "2/45"};
static const char *const u_dp[] = {"1/9", "2/45"};
static const char *const u_jo[] = {"283/1590", "7/636"};
static const char *const u_cp[] = {"1", "21/212"};
static const char *const u_ci[] = {"53/1995", "1/380"};

static void test_unsc(void **state)
{
    (void)state;
    /* expand the two values per class to the 15 players */
    static const char *const *const cls[VETO_NINDEX] = {
        u_bzr, u_bz, u_abz, u_ss, u_hr, u_h, u_dp, u_jo, u_cp, u_ci};
    static const char *full[VETO_NINDEX][15];
    known_game g = {"39 7 7 7 7 7 1 1 1 1 1 1 1 1 1 1\n", 15, "848", "210",
                    "53/2048", {NULL}};
    for (int x = 0; x < VETO_NINDEX; x++) {
        for (size_t i = 0; i < 15; i++) {
            full[x][i] = cls[x][i < 5 ? 0 : 1];
        }
        g.want[x] = full[x];
    }
    check_known(&g);
}

/* A body that never acts ([10; 1, 2, 3]): every index with a zero
 * denominator is undefined (normalised Banzhaf, Holler, Deegan-Packel,
 * Johnston, Coleman prevent); the raw counts, the absolute Banzhaf, the
 * Shapley-Shubik index (no pivot in any order) and Coleman initiate (8
 * losing coalitions, no swings) are 0. */
static const char *const z3[] = {"0", "0", "0"};

static void test_never_acts(void **state)
{
    (void)state;
    known_game g = {"10 1 2 3\n", 3, "0", "0", "0",
                    {z3, NULL, z3, z3, z3, NULL, NULL, NULL, NULL, z3}};
    check_known(&g);
}

/* ---- 2. the brute force ------------------------------------------------- */

#define MAXN 10

typedef struct {
    size_t n;
    int kind;          /* 0: w >= q1; 1: w >= q1 and v >= q2; 2: ... or ... */
    long w[MAXN], v[MAXN];
    long q1, q2;
} rgame;

static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static long below(uint64_t *s, long k)
{
    return (long)(next_u64(s) % (uint64_t)k);
}

static bool wins(const rgame *g, unsigned S)
{
    long a = 0, b = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (S >> i & 1u) {
            a += g->w[i];
            b += g->v[i];
        }
    }
    switch (g->kind) {
    case 0:
        return a >= g->q1;
    case 1:
        return a >= g->q1 && b >= g->q2;
    default:
        return a >= g->q1 || b >= g->q2;
    }
}

static char *game_text(const rgame *g)
{
    static char buf[4096];
    size_t k = (size_t)snprintf(buf, sizeof buf, "players {\n");
    for (size_t i = 0; i < g->n; i++) {
        k += (size_t)snprintf(buf + k, sizeof buf - k, "  P%zu w=%ld v=%ld\n",
                              i + 1, g->w[i], g->v[i]);
    }
    const char *op = g->kind == 1 ? "and" : "or";
    if (g->kind == 0) {
        snprintf(buf + k, sizeof buf - k, "}\npass when w >= %ld\n", g->q1);
    } else {
        snprintf(buf + k, sizeof buf - k, "}\npass when w >= %ld %s v >= %ld\n",
                 g->q1, op, g->q2);
    }
    return buf;
}

static int popcount(unsigned x)
{
    return __builtin_popcount(x);
}

/* Every index from its definition. want[x] is NULL-free; undef[x] says an
 * index is undefined. */
typedef struct {
    mpq_t v[VETO_NINDEX][MAXN];
    bool undef[VETO_NINDEX];
    unsigned long winning, minimal;
    mpq_t p_act;
} brute;

static void brute_init(brute *b)
{
    for (int x = 0; x < VETO_NINDEX; x++) {
        for (size_t i = 0; i < MAXN; i++) {
            mpq_init(b->v[x][i]);
        }
        b->undef[x] = false;
    }
    mpq_init(b->p_act);
}

static void brute_clear(brute *b)
{
    for (int x = 0; x < VETO_NINDEX; x++) {
        for (size_t i = 0; i < MAXN; i++) {
            mpq_clear(b->v[x][i]);
        }
    }
    mpq_clear(b->p_act);
}

static void normalise(brute *b, int x, size_t n)
{
    mpq_t sum;
    mpq_init(sum);
    for (size_t i = 0; i < n; i++) {
        mpq_add(sum, sum, b->v[x][i]);
    }
    if (mpq_sgn(sum) == 0) {
        b->undef[x] = true;
    } else {
        for (size_t i = 0; i < n; i++) {
            mpq_div(b->v[x][i], b->v[x][i], sum);
        }
    }
    mpq_clear(sum);
}

static void divide_all(brute *b, int x, size_t n, const mpz_t den)
{
    if (mpz_sgn(den) == 0) {
        b->undef[x] = true;
        return;
    }
    mpq_t d;
    mpq_init(d);
    mpq_set_z(d, den);
    for (size_t i = 0; i < n; i++) {
        mpq_div(b->v[x][i], b->v[x][i], d);
    }
    mpq_clear(d);
}

static void brute_force(brute *b, const rgame *g)
{
    size_t n = g->n;
    unsigned full = 1u << n;
    unsigned long swings[MAXN] = {0}, hol[MAXN] = {0};
    mpz_t fa, fb, nf;
    mpz_inits(fa, fb, nf, NULL);
    mpz_fac_ui(nf, n);
    mpq_t t;
    mpq_init(t);
    b->winning = b->minimal = 0;
    for (unsigned S = 0; S < full; S++) {
        if (!wins(g, S)) {
            continue;
        }
        b->winning++;
        unsigned crit = 0;
        for (size_t i = 0; i < n; i++) {
            if ((S >> i & 1u) && !wins(g, S & ~(1u << i))) {
                crit |= 1u << i;
            }
        }
        int nc = popcount(crit), s = popcount(S);
        bool minimal = crit == S;
        if (minimal) {
            b->minimal++;
        }
        for (size_t i = 0; i < n; i++) {
            if (!(crit >> i & 1u)) {
                continue;
            }
            swings[i]++;
            /* Shapley-Shubik: (s-1)! (n-s)! / n! */
            mpz_fac_ui(fa, (unsigned long)(s - 1));
            mpz_fac_ui(fb, n - (size_t)s);
            mpz_mul(fa, fa, fb);
            mpq_set_num(t, fa);
            mpq_set_den(t, nf);
            mpq_canonicalize(t);
            mpq_add(b->v[VETO_IDX_SHAPLEY_SHUBIK][i],
                    b->v[VETO_IDX_SHAPLEY_SHUBIK][i], t);
            mpq_set_ui(t, 1, (unsigned long)nc);
            mpq_add(b->v[VETO_IDX_JOHNSTON][i], b->v[VETO_IDX_JOHNSTON][i], t);
            if (minimal) {
                hol[i]++;
                mpq_set_ui(t, 1, (unsigned long)s);
                mpq_add(b->v[VETO_IDX_DEEGAN_PACKEL][i],
                        b->v[VETO_IDX_DEEGAN_PACKEL][i], t);
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(b->v[VETO_IDX_BANZHAF_RAW][i], swings[i], 1);
        mpq_set_ui(b->v[VETO_IDX_BANZHAF][i], swings[i], 1);
        mpq_set_ui(b->v[VETO_IDX_BANZHAF_ABSOLUTE][i], swings[i], 1);
        mpq_set_ui(b->v[VETO_IDX_COLEMAN_PREVENT][i], swings[i], 1);
        mpq_set_ui(b->v[VETO_IDX_COLEMAN_INITIATE][i], swings[i], 1);
        mpq_set_ui(b->v[VETO_IDX_HOLLER_RAW][i], hol[i], 1);
        mpq_set_ui(b->v[VETO_IDX_HOLLER][i], hol[i], 1);
    }
    normalise(b, VETO_IDX_BANZHAF, n);
    normalise(b, VETO_IDX_HOLLER, n);
    normalise(b, VETO_IDX_JOHNSTON, n);
    mpz_set_ui(fa, 1);
    mpz_mul_2exp(fa, fa, n - 1);
    divide_all(b, VETO_IDX_BANZHAF_ABSOLUTE, n, fa);
    mpz_set_ui(fa, b->minimal);
    divide_all(b, VETO_IDX_DEEGAN_PACKEL, n, fa);
    mpz_set_ui(fa, b->winning);
    divide_all(b, VETO_IDX_COLEMAN_PREVENT, n, fa);
    mpz_set_ui(fa, full - b->winning);
    divide_all(b, VETO_IDX_COLEMAN_INITIATE, n, fa);
    mpq_set_ui(b->p_act, b->winning, full);
    mpq_canonicalize(b->p_act);
    mpq_clear(t);
    mpz_clears(fa, fb, nf, NULL);
}

static void random_game(rgame *g, uint64_t seed)
{
    uint64_t s = seed;
    g->n = 1 + (size_t)below(&s, MAXN);
    g->kind = (int)below(&s, 3);
    long tw = 0, tv = 0, maxw = 1 + below(&s, 12);
    for (size_t i = 0; i < g->n; i++) {
        g->w[i] = below(&s, 5) == 0 ? 0 : below(&s, maxw + 1);
        g->v[i] = below(&s, 4);
        tw += g->w[i];
        tv += g->v[i];
    }
    /* quotas from 0 (always acts) to one above the total (never acts) */
    g->q1 = below(&s, tw + 2);
    g->q2 = below(&s, tv + 2);
}

static void compare(const veto_result_t *r, const brute *b, const rgame *g,
                    uint64_t seed, const char *eng)
{
    bool ok = true;
    if (mpz_cmp_ui(r->winning, b->winning) != 0 ||
        !mpq_equal(r->power_to_act, b->p_act)) {
        fprintf(stderr, "winning/power to act differ\n");
        ok = false;
    }
    if (r->have_minimal && mpz_cmp_ui(r->minimal_winning, b->minimal) != 0) {
        fprintf(stderr, "minimal winning differ\n");
        ok = false;
    }
    for (int x = 0; x < VETO_NINDEX && ok; x++) {
        if (!(r->computed & VETO_INDEX_BIT(x))) {
            if (r->method == VETO_METHOD_ENUM) {
                fprintf(stderr, "%s not computed\n", veto_index_key(x));
                ok = false;
            }
            continue;
        }
        bool undef = (r->undefined & VETO_INDEX_BIT(x)) != 0;
        if (undef != b->undef[x]) {
            fprintf(stderr, "%s: undefined %d, brute force %d\n",
                    veto_index_key(x), undef, b->undef[x]);
            ok = false;
            break;
        }
        if (undef) {
            continue;
        }
        for (size_t i = 0; i < g->n; i++) {
            if (!mpq_equal(r->value[x][i], b->v[x][i])) {
                char *got = mpq_get_str(NULL, 10, r->value[x][i]);
                char *want = mpq_get_str(NULL, 10, b->v[x][i]);
                fprintf(stderr, "%s of P%zu: %s, brute force %s\n",
                        veto_index_key(x), i + 1, got, want);
                gmp_free_str(got);
                gmp_free_str(want);
                ok = false;
                break;
            }
        }
    }
    if (!ok) {
        fail_msg("%s differs from the brute force on the game of seed %llu "
                 "(VETO_TEST_SEED=%llu):\n%s",
                 eng, (unsigned long long)seed,
                 (unsigned long long)vt_seed_offset_value(), game_text(g));
    }
}

static void test_brute_force(void **state)
{
    (void)state;
    uint64_t games = vt_count(1000);
    uint64_t ran[3] = {0, 0, 0};
    for (uint64_t it = 0; it < games; it++) {
        uint64_t seed = vt_seed(0x1d1ce5000ull + it);
        rgame g;
        random_game(&g, seed);
        brute b;
        brute_init(&b);
        brute_force(&b, &g);
        veto_model_t *m = read_model(game_text(&g));
        for (size_t k = 0; k < 3; k++) {
            veto_result_t *r = analyse(m, exact_methods[k]);
            if (r == NULL) {
                continue;
            }
            ran[k]++;
            compare(r, &b, &g, seed, veto_method_name(exact_methods[k]));
            veto_result_free(r);
        }
        veto_model_free(m);
        brute_clear(&b);
    }
    printf("brute force: %llu games; enum %llu, dp %llu, bdd %llu\n",
           (unsigned long long)games, (unsigned long long)ran[0],
           (unsigned long long)ran[1], (unsigned long long)ran[2]);
    /* enum and bdd take every rule; dp at least the weighted third */
    assert_int_equal(ran[0], games);
    assert_int_equal(ran[2], games);
    assert_true(ran[1] >= games / 5);
}

int main(void)
{
    vt_begin("test_indices");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_6_4321),
        cmocka_unit_test(test_holler_1982),
        cmocka_unit_test(test_unsc),
        cmocka_unit_test(test_never_acts),
        cmocka_unit_test(test_brute_force),
    };
    return vt_end(cmocka_run_group_tests(tests, NULL, NULL));
}
