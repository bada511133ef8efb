/*
 * test_base.c: src/base, which every other room rests on: failure injection
 * (what the out-of-memory tests trust), overflow-checked allocation, the
 * error record, the memory budget, deadline and cancellation, the growing
 * string, saturating size arithmetic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/base.h"

/* The k-th allocation from the call on fails, and every later one; the
 * call returns how many were attempted since the previous call; 0 turns
 * injection off. The out-of-memory loops depend on exactly this. */
static void test_fail_after(void **state)
{
    (void)state;
    veto_i_alloc_fail_after(0);
    uint64_t failed0 = veto_i_alloc_failures();
    veto_i_alloc_fail_after(3);
    void *a = veto_i_malloc(8);
    void *b = veto_i_calloc(2, 8);
    void *c = veto_i_malloc(8);
    void *d = veto_i_realloc(NULL, 8);
    assert_non_null(a);
    assert_non_null(b);
    assert_null(c);
    assert_null(d); /* stays failed */
    assert_int_equal(veto_i_alloc_fail_after(0), 4);
    assert_int_equal(veto_i_alloc_failures() - failed0, 2);
    void *e = veto_i_malloc(8); /* injection off */
    assert_non_null(e);
    assert_int_equal(veto_i_alloc_fail_after(0), 1);
    assert_int_equal(veto_i_alloc_failures() - failed0, 2);
    veto_i_free(a);
    veto_i_free(b);
    veto_i_free(e);
    veto_i_free(NULL);
    /* k = 1: the very next one fails */
    veto_i_alloc_fail_after(1);
    assert_null(veto_i_strdup("x"));
    veto_i_alloc_fail_after(0);
}

static void test_overflow_checked(void **state)
{
    (void)state;
    assert_null(veto_i_mallocarray(SIZE_MAX / 2, 3));
    void *p = veto_i_mallocarray(4, 4);
    assert_non_null(p);
    assert_null(veto_i_reallocarray(p, SIZE_MAX / 4, 8));
    /* p is untouched by the refused growth */
    void *q = veto_i_reallocarray(p, 8, 4);
    assert_non_null(q);
    veto_i_free(q);
    char *s = veto_i_strndup("abcdef", 3);
    assert_string_equal(s, "abc");
    veto_i_free(s);
    assert_int_equal(veto_i_sat_mul(UINT64_MAX / 2, 3), UINT64_MAX);
    assert_int_equal(veto_i_sat_mul(1u << 20, 1u << 20), 1ull << 40);
    assert_int_equal(veto_i_sat_add(UINT64_MAX - 1, 2), UINT64_MAX);
    assert_int_equal(veto_i_sat_add(2, 3), 5);
}

static void test_error_record(void **state)
{
    (void)state;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(err.code, VETO_OK);
    assert_int_equal(veto_i_errorf(&err, VETO_EINVAL, "bad %s %d", "thing", 7),
                     VETO_EINVAL);
    assert_int_equal(err.code, VETO_EINVAL);
    assert_string_equal(err.message, "bad thing 7");
    assert_int_equal(err.line, 0);
    const char line[] = "pass when A and";
    assert_int_equal(veto_i_error(&err, VETO_EPARSE, "m.veto", 3, 16, line,
                                  strlen(line), "expected %s", "a term"),
                     VETO_EPARSE);
    assert_string_equal(err.file, "m.veto");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 16);
    assert_string_equal(err.context, line);
    assert_string_equal(err.message, "expected a term");
    veto_i_error_hint(&err, "try %s", "--max-depth");
    assert_string_equal(err.hint, "try --max-depth");
    /* NULL records are allowed: the code still comes back */
    assert_int_equal(veto_i_errorf(NULL, VETO_ENOMEM, "x"), VETO_ENOMEM);
    /* a message longer than the record is cut, not overrun */
    char big[2000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    veto_i_errorf(&err, VETO_EINVAL, "%s", big);
    assert_int_equal(strlen(err.message), sizeof err.message - 1);
}

static int cancel(void *user, double fraction, const char *stage)
{
    (void)fraction;
    (void)stage;
    return ++*(int *)user >= 2;
}

static void test_budget_and_poll(void **state)
{
    (void)state;
    veto_i_ctx_t ctx;
    memset(&ctx, 0, sizeof ctx);
    veto_error_t err;
    veto_error_clear(&err);
    ctx.max_memory = 1u << 20;
    assert_int_equal(veto_i_budget_check(&ctx, 1u << 20, "x", NULL, &err),
                     VETO_OK);
    assert_int_equal(veto_i_budget_check(&ctx, 3u << 30, "the table",
                                         "use --method mc", &err),
                     VETO_ELIMIT);
    assert_string_equal(err.message, "the table would need 3.0 GiB, over the "
                                     "memory budget of 1.0 MiB");
    assert_string_equal(err.hint, "use --method mc");
    assert_int_equal(
        veto_i_budget_check(&ctx, UINT64_MAX, "the table", NULL, &err),
        VETO_ELIMIT);
    assert_non_null(strstr(err.message, "more than 16 EiB"));
    ctx.max_memory = 0; /* no budget */
    assert_int_equal(veto_i_budget_check(&ctx, UINT64_MAX, "x", NULL, &err),
                     VETO_OK);

    assert_int_equal(veto_i_poll(NULL, 0.5, "x", &err), VETO_OK);
    assert_int_equal(veto_i_poll(&ctx, 0.5, "x", &err), VETO_OK);
    ctx.deadline = veto_i_now() - 1;
    assert_int_equal(veto_i_poll(&ctx, 0.5, "counting", &err), VETO_ETIMEOUT);
    assert_string_equal(err.message, "time limit reached during counting");
    ctx.deadline = veto_i_now() + 3600;
    int calls = 0;
    ctx.progress = cancel;
    ctx.progress_user = &calls;
    assert_int_equal(veto_i_poll(&ctx, 0.1, "counting", &err), VETO_OK);
    assert_int_equal(veto_i_poll(&ctx, 0.2, "counting", &err),
                     VETO_ECANCELLED);
    assert_int_equal(calls, 2);
}

static void test_buf(void **state)
{
    (void)state;
    veto_i_buf_t b = {0};
    veto_i_buf_printf(&b, "%s=%d", "a", 1);
    mpq_t q;
    mpq_init(q);
    mpq_set_si(q, -421, 2145);
    veto_i_buf_printf(&b, " ");
    veto_i_buf_mpq(&b, q);
    mpz_t z;
    mpz_init_set_str(z, "123456789012345678901234567890", 10);
    veto_i_buf_printf(&b, " ");
    veto_i_buf_mpz(&b, z);
    assert_false(b.oom);
    assert_string_equal(b.s, "a=1 -421/2145 123456789012345678901234567890");
    assert_int_equal(b.len, strlen(b.s));
    veto_i_free(b.s);
    /* after a failed growth: oom is set and further appends do nothing */
    veto_i_buf_t c = {0};
    veto_i_alloc_fail_after(1);
    veto_i_buf_printf(&c, "%s", "x");
    veto_i_alloc_fail_after(0);
    assert_true(c.oom);
    veto_i_buf_printf(&c, "%s", "y");
    assert_true(c.oom);
    veto_i_free(c.s);
    mpq_clear(q);
    mpz_clear(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fail_after),
        cmocka_unit_test(test_overflow_checked),
        cmocka_unit_test(test_error_record),
        cmocka_unit_test(test_budget_and_poll),
        cmocka_unit_test(test_buf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
