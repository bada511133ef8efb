/*
 * test_numfmt.c: exact values to the nearest double (ties to even) and the
 * shortest decimal that reads back to it: the one conversion every writer
 * uses (issue 13, item 3).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <float.h>

#include <cmocka.h>

#include "base/base.h"

/* q = num / 2^e, num given in decimal. */
static double q2d_pow2(const char *num, unsigned e)
{
    mpq_t q;
    mpq_init(q);
    mpz_set_str(mpq_numref(q), num, 10);
    mpz_set_ui(mpq_denref(q), 1);
    mpz_mul_2exp(mpq_denref(q), mpq_denref(q), e);
    mpq_canonicalize(q);
    double d = veto_i_q_to_double(q);
    mpq_clear(q);
    return d;
}

static double q2d(const char *s)
{
    mpq_t q;
    mpq_init(q);
    mpq_set_str(q, s, 10);
    mpq_canonicalize(q);
    double d = veto_i_q_to_double(q);
    mpq_clear(q);
    return d;
}

static void fmt_is(double d, const char *want)
{
    char buf[40];
    veto_i_fmt_double(buf, sizeof buf, d);
    assert_string_equal(buf, want);
}

/* The two cases of the issue: 421/2145 (the US federal system's Banzhaf
 * value of a senator, where mpq_get_d truncates to ...625) and 0.432. */
static void issue_cases(void **state)
{
    (void)state;
    double d = q2d("421/2145");
    assert_true(d == strtod("0.19627039627039627", NULL));
    fmt_is(d, "0.19627039627039627");
    fmt_is(q2d("432/1000"), "0.432");
    fmt_is(q2d("1/3"), "0.3333333333333333");
    fmt_is(q2d("1/2"), "0.5");
    fmt_is(q2d("1"), "1");
    fmt_is(q2d("0"), "0");
    fmt_is(q2d("-3/4"), "-0.75");
    fmt_is(q2d("848"), "848");
    /* 2^-32 and 1 - 2^-32 */
    fmt_is(q2d_pow2("1", 32), "2.3283064365386963e-10");
    fmt_is(q2d_pow2("4294967295", 32), "0.9999999997671694");
}

/* Halfway cases go to the even significand. */
static void ties_to_even(void **state)
{
    (void)state;
    /* 1 + 2^-53 lies halfway between 1 and 1 + 2^-52: to 1. */
    assert_true(q2d_pow2("9007199254740993", 53) == 1.0);
    /* 1 + 3 * 2^-53: halfway between 1 + 2^-52 (odd) and 1 + 2^-51. */
    assert_true(q2d_pow2("9007199254740995", 53) == 1.0 + ldexp(1, -51));
    /* Just above a halfway point rounds up. */
    assert_true(q2d_pow2("18014398509481987", 54) == 1.0 + ldexp(1, -52));
    /* Near 1 from below: 1 - 2^-54 is halfway between 1 - 2^-53 (odd)
     * and 1: to 1. 1 - 2^-53 is a double. */
    assert_true(q2d_pow2("18014398509481983", 54) == 1.0);
    assert_true(q2d_pow2("9007199254740991", 53) == 1.0 - ldexp(1, -53));
    fmt_is(q2d_pow2("9007199254740991", 53), "0.9999999999999999");
    /* (2^64 - 1) / 2^64 rounds to 1, not to 1 - 2^-53. */
    assert_true(q2d_pow2("18446744073709551615", 64) == 1.0);
    /* A third of the way up rounds down, two thirds up. */
    assert_true(q2d("1/3") == 1.0 / 3.0);
    assert_true(q2d("2/3") == 2.0 / 3.0);
}

/* Below DBL_MIN the double has fewer bits: round at that precision. */
static void subnormal(void **state)
{
    (void)state;
    double tiny = ldexp(1, -1074);
    assert_true(q2d_pow2("1", 1074) == tiny);
    fmt_is(tiny, "5e-324");
    /* 0.75 of the smallest step rounds up to it; 0.25 down to 0. */
    assert_true(q2d_pow2("3", 1076) == tiny);
    assert_true(q2d_pow2("1", 1076) == 0.0);
    /* Exactly half of it: ties to even, 0. 1.5 of it: to 2. */
    assert_true(q2d_pow2("1", 1075) == 0.0);
    assert_true(q2d_pow2("3", 1075) == 2 * tiny);
    assert_true(q2d_pow2("1", 1022) == DBL_MIN);
    assert_true(q2d_pow2("1", 5000) == 0.0);
    /* Huge: beyond DBL_MAX is infinity. */
    mpq_t q;
    mpq_init(q);
    mpz_ui_pow_ui(mpq_numref(q), 2, 2000);
    assert_true(isinf(veto_i_q_to_double(q)));
    mpq_clear(q);
}

/* |q - d| is never larger than the distance to d's neighbours, and a tie
 * picks the even significand: checked exactly on random fractions. */
static void nearest_random(void **state)
{
    (void)state;
    gmp_randstate_t rs;
    gmp_randinit_default(rs);
    gmp_randseed_ui(rs, 13);
    mpq_t q, x, dist, other;
    mpq_init(q);
    mpq_init(x);
    mpq_init(dist);
    mpq_init(other);
    const char *env = getenv("VETO_TEST_SCALE");
    long rounds = 20000 * (env != NULL ? atol(env) : 1);
    for (long k = 0; k < rounds; k++) {
        mpz_urandomb(mpq_numref(q), rs, 1 + (mp_bitcnt_t)(k % 200));
        mpz_urandomb(mpq_denref(q), rs, 1 + (mp_bitcnt_t)((k / 7) % 200));
        mpz_add_ui(mpq_denref(q), mpq_denref(q), 1);
        mpq_canonicalize(q);
        double d = veto_i_q_to_double(q);
        mpq_set_d(x, d);
        mpq_sub(dist, q, x);
        mpq_abs(dist, dist);
        double nb[2] = {nextafter(d, -INFINITY), nextafter(d, INFINITY)};
        for (int j = 0; j < 2; j++) {
            mpq_set_d(x, nb[j]);
            mpq_sub(other, q, x);
            mpq_abs(other, other);
            int c = mpq_cmp(dist, other);
            if (c > 0) {
                fail_msg("round %ld: %s not nearest", k,
                         mpq_get_str(NULL, 10, q));
            }
            if (c == 0) {
                /* a tie: d's last significand bit must be 0 */
                int e;
                double f = frexp(d, &e);
                uint64_t sig = (uint64_t)ldexp(f, 53);
                assert_true((sig & 1) == 0);
            }
        }
        /* and the shortest string reads back to d */
        char buf[40];
        veto_i_fmt_double(buf, sizeof buf, d);
        assert_true(strtod(buf, NULL) == d);
    }
    mpq_clear(q);
    mpq_clear(x);
    mpq_clear(dist);
    mpq_clear(other);
    gmp_randclear(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(issue_cases),
        cmocka_unit_test(ties_to_even),
        cmocka_unit_test(subnormal),
        cmocka_unit_test(nearest_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
