/*
 * test_util.h: how much and which randomness a unit test uses, read once
 * and the same way in every test program.
 *
 *   VETO_TEST_SCALE  a real number > 0 (default 1): iteration counts are
 *                    multiplied by it, rounded, and never fall below 1, so
 *                    0.1 gives a tenth of the cases, not none.
 *   VETO_TEST_SEED   an unsigned offset (default 0) added to every seed a
 *                    test derives, so a run with a new offset draws new
 *                    cases; `make check-full` passes a fresh one.
 *
 * Both are printed when the program starts (vt_begin) and again when a test
 * failed (vt_end), with the command line that replays the run. A value
 * that does not parse stops the program with a message rather than being
 * read as 0 or 1.
 */
#ifndef VETO_TEST_UTIL_H
#define VETO_TEST_UTIL_H

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/base.h"

static double vt_scale_value = 1.0;
static uint64_t vt_seed_offset = 0;
static const char *vt_program = "test";

static void vt_read_env(void)
{
    const char *s = getenv("VETO_TEST_SCALE");
    if (s != NULL && *s != '\0') {
        char *end = NULL;
        errno = 0;
        double v = strtod(s, &end);
        if (errno != 0 || *end != '\0' || !(v > 0) || !isfinite(v)) {
            fprintf(stderr, "VETO_TEST_SCALE='%s': expected a real number > 0\n",
                    s);
            exit(2);
        }
        vt_scale_value = v;
    }
    s = getenv("VETO_TEST_SEED");
    if (s != NULL && *s != '\0') {
        char *end = NULL;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 0);
        if (errno != 0 || *end != '\0' || *s == '-') {
            fprintf(stderr, "VETO_TEST_SEED='%s': expected an unsigned integer\n",
                    s);
            exit(2);
        }
        vt_seed_offset = (uint64_t)v;
    }
}

/* The scale factor (> 0). */
static inline double vt_scale(void)
{
    return vt_scale_value;
}

/* base × scale, rounded, at least 1 (or at least lo when lo > 1). The
 * product is capped at 1e9 so that no count overflows. */
static inline uint64_t vt_count_min(uint64_t base, uint64_t lo)
{
    double x = (double)base * vt_scale_value;
    if (x > 1e9) {
        x = 1e9;
    }
    uint64_t v = (uint64_t)llround(x);
    if (lo < 1) {
        lo = 1;
    }
    return v < lo ? lo : v;
}

static inline uint64_t vt_count(uint64_t base)
{
    return vt_count_min(base, 1);
}

/* The seed a test uses for its case number base: base + VETO_TEST_SEED. */
static inline uint64_t vt_seed(uint64_t base)
{
    return base + vt_seed_offset;
}

static inline uint64_t vt_seed_offset_value(void)
{
    return vt_seed_offset;
}

static inline void vt_print(FILE *f, const char *what)
{
    fprintf(f, "%s: %s VETO_TEST_SCALE=%g VETO_TEST_SEED=%" PRIu64 "\n",
            vt_program, what, vt_scale_value, vt_seed_offset);
}

/* Call first in main: reads and prints the settings. */
static inline void vt_begin(const char *program)
{
    vt_program = program;
    vt_read_env();
    vt_print(stdout, "randomised with");
    fflush(stdout);
}

/* Call with cmocka's result: on failure, says how to replay the run. */
static inline int vt_end(int failures)
{
    if (failures != 0) {
        vt_print(stderr, "FAILED; replay with");
    }
    return failures;
}

/* The allocation-failure loop over one run of an engine, as test_oom does
 * for whole commands. A run without injection fills the reference and
 * says how many allocations a run makes; then for k = 1, 2, ... the k-th
 * allocation fails: the run gives ENOMEM, or success for an allocation
 * the engine can do without; once k passes the last allocation the run
 * succeeds and `same` holds it to the reference. At least one k must
 * give ENOMEM. The callbacks get `user`: run into the reference or into a
 * fresh result (made by `fresh` before the failure is armed, so that its
 * allocations do not count), `same` asserts, `clear` frees the fresh
 * result. Prints "    WHAT: N allocations, M injected failures gave
 * ENOMEM"; false (after saying why on stderr) when a rule is broken. It
 * uses no cmocka, so that it can stand before cmocka.h. */
typedef struct vt_oom {
    void *user;
    veto_status (*run)(void *user, int reference);
    void (*fresh)(void *user);
    void (*same)(void *user);
    void (*clear)(void *user);
} vt_oom_t;

static inline int vt_oom_loop(const vt_oom_t *o, const char *what)
{
    veto_i_alloc_fail_after(0);
    veto_status s0 = o->run(o->user, 1);
    uint64_t total = veto_i_alloc_fail_after(0);
    if (s0 != VETO_OK || total == 0) {
        fprintf(stderr,
                "%s: the run without injection gave %d after %" PRIu64
                " allocations\n",
                what, (int)s0, total);
        return 0;
    }
    uint64_t enomem = 0;
    for (uint64_t k = 1;; k++) {
        o->fresh(o->user);
        veto_i_alloc_fail_after(k);
        veto_status s1 = o->run(o->user, 0);
        uint64_t made = veto_i_alloc_fail_after(0);
        int past = made < k; /* the k-th allocation never came */
        const char *bad = NULL;
        if (s1 == VETO_ENOMEM) {
            enomem++;
            bad = past ? "ENOMEM with no failure injected" : NULL;
        } else if (s1 != VETO_OK) {
            bad = "neither ENOMEM nor success";
        } else if (past && k != total + 1) {
            bad = "another number of allocations than without injection";
        } else if (!past && k > total) {
            bad = "more allocations than without injection";
        }
        if (bad == NULL && past) {
            o->same(o->user);
        }
        o->clear(o->user);
        if (bad != NULL) {
            fprintf(stderr,
                    "%s: allocation %" PRIu64 " of %" PRIu64
                    " failing: %s (status %d)\n",
                    what, k, total, bad, (int)s1);
            return 0;
        }
        if (past) {
            break;
        }
    }
    printf("    %s: %" PRIu64 " allocations, %" PRIu64
           " injected failures gave ENOMEM\n",
           what, total, enomem);
    if (enomem == 0) {
        fprintf(stderr, "%s: no injected failure gave ENOMEM\n", what);
        return 0;
    }
    return 1;
}

#endif
