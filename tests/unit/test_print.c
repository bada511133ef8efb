/*
 * test_print.c: every rule veto prints is valid input (issue 13, item 5).
 *
 * Random models are written as .veto text (players with quoted and bare
 * names, attributes that are integers, decimals and fractions, groups,
 * every construct of the rule language, beliefs and scenarios), read, and
 * lowered. Then:
 *   - the printed rule, pasted as `pass when`, lowers to the same tree;
 *   - so does every threshold's text, alone;
 *   - veto_model_write_veto reads back to the same players, attributes,
 *     groups, rule tree and beliefs;
 *   - every threshold moved to every value (what sweep and design print)
 *     prints to a rule that reads back to the same game.
 * The seed is printed on failure; VETO_TEST_SCALE scales the count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/analyst_i.h"
#include "rule/rule.h"
#include "veto.h"

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t below(size_t k)
{
    return (size_t)(rnd() % k);
}

static unsigned scale(void)
{
    const char *s = getenv("VETO_TEST_SCALE");
    long v = s != NULL ? strtol(s, NULL, 10) : 1;
    return v >= 1 ? (unsigned)v : 1;
}

/* ---- text ------------------------------------------------------------- */

typedef struct text {
    char *s;
    size_t len, cap;
} text_t;

static void put(text_t *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    assert_true(need >= 0);
    if (t->len + (size_t)need + 1 > t->cap) {
        t->cap = (t->len + (size_t)need + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len += (size_t)need;
}

/* Player names as written in the source (some need quotes: spaces, a
 * keyword, an escape, a leading digit, UTF-8). */
static const char *const NAMES[] = {
    "China", "\"Côte d'Ivoire\"", "E1", "\"and\"", "\"say \\\"no\\\"\"",
    "x-1.b", "\"1st\"", "_u", "\"count\"", "Zed", "\"back\\\\slash\"", "Ann"};
#define NNAMES (sizeof NAMES / sizeof NAMES[0])
static const char *const GROUPS[] = {"perm", "\"the elected\"", "g2"};
static const char *const ATTRS[] = {"pop", "weight"};

typedef struct gen {
    size_t n, ngroups, nattrs;
    size_t name[NNAMES];      /* player i is NAMES[name[i]] */
    unsigned char in[3][NNAMES]; /* group membership */
    size_t gsize[3];
} gen_t;

static void value(text_t *t)
{
    switch (below(5)) {
    case 0:
        put(t, "0");
        break;
    case 1:
        put(t, "%zu", 1 + below(30));
        break;
    case 2:
        put(t, "%zu.%zu", below(20), 1 + below(99));
        break;
    case 3:
        put(t, "%zu/%zu", 1 + below(9), 1 + below(9));
        break;
    default:
        put(t, "%zu", 1000000000000000ull + below(1000));
        break;
    }
}

/* "(A, perm, B)": 1 to 3 players or non-empty groups. */
static void list(text_t *t, const gen_t *g)
{
    size_t k = 1 + below(3);
    put(t, "(");
    for (size_t j = 0; j < k; j++) {
        size_t pick = below(g->n + g->ngroups);
        if (pick >= g->n && g->gsize[pick - g->n] > 0) {
            put(t, "%s%s", j == 0 ? "" : ", ", GROUPS[pick - g->n]);
        } else {
            put(t, "%s%s", j == 0 ? "" : ", ", NAMES[g->name[pick % g->n]]);
        }
    }
    put(t, ")");
}

static void rhs(text_t *t)
{
    put(t, below(3) == 0 ? " > " : " >= ");
    switch (below(4)) {
    case 0:
        put(t, "%zu%%", below(101));
        break;
    case 1:
        put(t, "%zu/%zu", 1 + below(5), 6);
        break;
    case 2:
        put(t, "%zu.%zu", below(40), below(10));
        break;
    default:
        put(t, "%zu", below(40));
        break;
    }
}

static void expr(text_t *t, const gen_t *g, int depth)
{
    size_t kind = depth <= 0 ? below(7) : below(11);
    switch (kind) {
    case 0:
        put(t, "%s", NAMES[g->name[below(g->n)]]);
        return;
    case 1:
        put(t, "count");
        if (below(2) == 0) {
            list(t, g);
        }
        rhs(t);
        return;
    case 2:
        if (g->nattrs == 0) {
            put(t, "%s", NAMES[g->name[below(g->n)]]);
            return;
        }
        put(t, "%s", ATTRS[below(g->nattrs)]);
        if (below(2) == 0) {
            list(t, g);
        }
        rhs(t);
        return;
    case 3:
    case 4:
        put(t, kind == 3 ? "all" : "any");
        list(t, g);
        return;
    case 5:
    case 6: {
        size_t gi = below(3);
        if (gi < g->ngroups && g->gsize[gi] > 0) {
            put(t, "%zu of %s", 1 + below(g->gsize[gi]), GROUPS[gi]);
        } else {
            put(t, "%s", NAMES[g->name[below(g->n)]]);
        }
        return;
    }
    case 7:
    case 8: {
        size_t k = 2 + below(2);
        put(t, "(");
        for (size_t c = 0; c < k; c++) {
            if (c > 0) {
                put(t, kind == 7 ? " and " : " or ");
            }
            expr(t, g, depth - 1);
        }
        put(t, ")");
        return;
    }
    default: {
        size_t k = 2 + below(3);
        put(t, "%zu of (", 1 + below(k));
        for (size_t c = 0; c < k; c++) {
            put(t, "%s", c == 0 ? "" : ", ");
            expr(t, g, depth - 1);
        }
        put(t, ")");
        return;
    }
    }
}

/* The players block of a random model into t; g describes it. */
static void players(text_t *t, gen_t *g)
{
    g->n = 1 + below(7);
    g->ngroups = below(4);
    g->nattrs = below(3);
    /* n distinct names */
    size_t perm[NNAMES];
    for (size_t i = 0; i < NNAMES; i++) {
        perm[i] = i;
    }
    for (size_t i = 0; i < g->n; i++) {
        size_t j = i + below(NNAMES - i);
        size_t x = perm[i];
        perm[i] = perm[j];
        perm[j] = x;
        g->name[i] = perm[i];
    }
    memset(g->in, 0, sizeof g->in);
    memset(g->gsize, 0, sizeof g->gsize);
    put(t, "players {\n");
    for (size_t i = 0; i < g->n; i++) {
        put(t, "  %s", NAMES[g->name[i]]);
        for (size_t a = 0; a < g->nattrs; a++) {
            put(t, " %s=", ATTRS[a]);
            value(t);
        }
        bool first = true;
        for (size_t k = 0; k < g->ngroups; k++) {
            if (below(2) == 0) {
                put(t, "%s%s", first ? " [" : ", ", GROUPS[k]);
                first = false;
                g->in[k][i] = 1;
                g->gsize[k]++;
            }
        }
        put(t, "%s\n", first ? "" : "]");
    }
    put(t, "}\n");
}

static void beliefs(text_t *t, const gen_t *g)
{
    if (below(2) == 0) {
        put(t, "belief %zu/%zu\n", below(4), 4);
    }
    if (below(2) == 0) {
        put(t, "belief { %s = 0.%zu }\n", NAMES[g->name[below(g->n)]],
            below(10));
    }
    size_t ns = below(3);
    for (size_t s = 0; s < ns; s++) {
        put(t, "scenario \"s%zu \\\"q\\\"\" {", s);
        if (below(3) > 0) {
            put(t, " %s = %zu", NAMES[g->name[below(g->n)]], below(2));
        }
        put(t, " }\n");
    }
}

/* ---- reading and comparing ------------------------------------------- */

static veto_model_t *read_text(const char *text, uint64_t seed)
{
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_model_read(&m, "t.veto", text, strlen(text), VETO_FORMAT_VETO,
                        NULL, &err) != VETO_OK) {
        fail_msg("seed %llu: did not read: %u:%u: %s\n%s",
                 (unsigned long long)seed, err.line, err.col, err.message,
                 text);
    }
    return m;
}

static veto_i_rule_t *lower(const veto_model_t *m, uint64_t seed)
{
    veto_i_rule_t *r = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_i_rule_build(&r, m, &err) != VETO_OK) {
        fail_msg("seed %llu: did not lower: %s", (unsigned long long)seed,
                 err.message);
    }
    return r;
}

static bool same_tree(const veto_i_rule_t *a, const veto_i_rule_t *b)
{
    if (a->kind != b->kind) {
        return false;
    }
    if (a->kind == VETO_I_R_TERM) {
        if (a->nterm != b->nterm || mpz_cmp(a->quota, b->quota) != 0) {
            return false;
        }
        for (size_t j = 0; j < a->nterm; j++) {
            if (a->player[j] != b->player[j] ||
                mpz_cmp(a->w[j], b->w[j]) != 0) {
                return false;
            }
        }
    } else if (a->kind == VETO_I_R_KOF) {
        if (a->k != b->k || a->nchild != b->nchild) {
            return false;
        }
        for (size_t c = 0; c < a->nchild; c++) {
            if (!same_tree(a->child[c], b->child[c])) {
                return false;
            }
        }
    }
    return true;
}

static bool same_game(const veto_i_rule_t *a, const veto_i_rule_t *b,
                      size_t n)
{
    unsigned char in[NNAMES];
    for (uint64_t s = 0; s < (1ull << n); s++) {
        for (size_t i = 0; i < n; i++) {
            in[i] = (unsigned char)((s >> i) & 1);
        }
        if (veto_i_rule_eval(a, in) != veto_i_rule_eval(b, in)) {
            return false;
        }
    }
    return true;
}

/* The model's players block followed by `pass when rule`. */
static char *with_rule(const char *players_text, const char *rule)
{
    text_t t = {0};
    put(&t, "%spass when %s\n", players_text, rule);
    return t.s;
}

static void check_model_equal(const veto_model_t *a, const veto_model_t *b,
                              uint64_t seed)
{
    if (a->n != b->n || a->nattrs != b->nattrs || a->ngroups != b->ngroups ||
        a->nscen != b->nscen || a->nsources != b->nsources ||
        a->nnotes != b->nnotes) {
        fail_msg("seed %llu: written model differs in its sizes",
                 (unsigned long long)seed);
    }
    for (size_t i = 0; i < a->n; i++) {
        assert_string_equal(a->names[i], b->names[i]);
        assert_true(mpq_equal(a->belief[i], b->belief[i]));
        for (size_t k = 0; k < a->nattrs; k++) {
            size_t c = i * a->nattrs + k;
            assert_int_equal(a->attr_set[c], b->attr_set[c]);
            assert_true(mpq_equal(a->attr[c], b->attr[c]));
        }
    }
    for (size_t k = 0; k < a->nattrs; k++) {
        assert_string_equal(a->attr_names[k], b->attr_names[k]);
    }
    for (size_t k = 0; k < a->ngroups; k++) {
        assert_string_equal(a->group_names[k], b->group_names[k]);
        assert_int_equal(a->group_size[k], b->group_size[k]);
        assert_memory_equal(a->group_members[k], b->group_members[k],
                            a->group_size[k] * sizeof(size_t));
    }
    for (size_t s = 0; s < a->nscen; s++) {
        assert_string_equal(a->scen[s].name, b->scen[s].name);
        for (size_t i = 0; i < a->n; i++) {
            assert_true(mpq_equal(a->scen[s].belief[i], b->scen[s].belief[i]));
        }
    }
}

static void one(uint64_t seed)
{
    rng_state = seed;
    gen_t g;
    text_t pt = {0}, src = {0};
    players(&pt, &g);
    put(&src, "title \"T \\\"%llu\\\"\"\nsource \"S\"\nnote \"N\\tM\"\n%s",
        (unsigned long long)seed, pt.s);
    put(&src, "pass when ");
    expr(&src, &g, 3);
    put(&src, "\n");
    beliefs(&src, &g);

    veto_model_t *m = read_text(src.s, seed);
    veto_i_rule_t *r = lower(m, seed);

    /* The rule as printed reads back to the same tree, and prints the
     * same again. */
    char *printed = veto_i_rule_to_string(r, m);
    assert_non_null(printed);
    assert_null(strchr(printed, '['));
    char *again_src = with_rule(pt.s, printed);
    veto_model_t *m2 = read_text(again_src, seed);
    veto_i_rule_t *r2 = lower(m2, seed);
    if (!same_tree(r, r2)) {
        fail_msg("seed %llu: '%s' reads back to another tree\n%s",
                 (unsigned long long)seed, printed, src.s);
    }
    char *printed2 = veto_i_rule_to_string(r2, m2);
    assert_string_equal(printed, printed2);

    /* Each threshold's text alone, and each threshold moved to every
     * value: what sweep and design print. */
    size_t nt = veto_i_an_thresholds(r, NULL, 0);
    veto_i_rule_t **node = calloc(nt + 1, sizeof *node);
    veto_i_an_thresholds(r, node, nt);
    mpz_t v, max, keep;
    mpz_inits(v, max, keep, NULL);
    for (size_t j = 0; j < nt; j++) {
        char *tt = veto_i_rule_to_string(node[j], m);
        char *ts = with_rule(pt.s, tt);
        veto_model_t *mt = read_text(ts, seed);
        veto_i_rule_t *rt = lower(mt, seed);
        if (!same_tree(node[j], rt)) {
            fail_msg("seed %llu: threshold %zu '%s' reads back to another "
                     "tree", (unsigned long long)seed, j + 1, tt);
        }
        veto_i_rule_free(rt);
        veto_model_free(mt);
        free(ts);
        veto_i_free(tt);

        veto_i_an_threshold_value(node[j], keep, max);
        for (mpz_set_ui(v, 1); mpz_cmp(v, max) <= 0 && mpz_cmp_ui(v, 40) <= 0;
             mpz_add_ui(v, v, 1)) {
            veto_i_an_threshold_set(node[j], v);
            char *ct = veto_i_rule_to_string(r, m);
            char *cs = with_rule(pt.s, ct);
            veto_model_t *mc = read_text(cs, seed);
            veto_i_rule_t *rc = lower(mc, seed);
            if (!same_game(r, rc, m->n)) {
                fail_msg("seed %llu: threshold %zu at %s: '%s' reads back "
                         "to another game",
                         (unsigned long long)seed, j + 1,
                         mpz_get_str(NULL, 10, v), ct);
            }
            veto_i_rule_free(rc);
            veto_model_free(mc);
            free(cs);
            veto_i_free(ct);
        }
        veto_i_an_threshold_set(node[j], keep);
    }
    mpz_clears(v, max, keep, NULL);
    free(node);

    /* The whole model, written and read back. */
    char *written = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_model_write_veto(&written, m, &err), VETO_OK);
    veto_model_t *m3 = read_text(written, seed);
    check_model_equal(m, m3, seed);
    assert_string_equal(m->title, m3->title);
    assert_string_equal(m->notes[0], m3->notes[0]);
    veto_i_rule_t *r3 = lower(m3, seed);
    if (!same_tree(r, r3)) {
        fail_msg("seed %llu: the written model has another tree\n%s",
                 (unsigned long long)seed, written);
    }

    veto_i_rule_free(r3);
    veto_model_free(m3);
    veto_free(written);
    veto_i_free(printed2);
    veto_i_rule_free(r2);
    veto_model_free(m2);
    free(again_src);
    veto_i_free(printed);
    veto_i_rule_free(r);
    veto_model_free(m);
    free(pt.s);
    free(src.s);
}

static void test_random_models(void **state)
{
    (void)state;
    unsigned iters = 400 * scale();
    for (unsigned it = 0; it < iters; it++) {
        one(0x5EED0000ull + it);
    }
}

/* Hand-checked printed forms. */
static void test_forms(void **state)
{
    (void)state;
    static const struct {
        const char *model, *printed;
    } cases[] = {
        /* a group by its name, everybody without a list */
        {"players {\n A B C [p]\n D E\n}\npass when all(p) and count >= 4\n",
         "all(p) and count >= 4"},
        /* a list that is not a group; a lone player list is the player */
        {"players {\n A B C D\n}\npass when count(A, B, C) >= 2 or all(D)\n",
         "count(A, B, C) >= 2 or D"},
        /* K of GROUP is a count; any over everybody is count >= 1 */
        {"players {\n A B C [p]\n}\npass when 2 of p\n", "count(p) >= 2"},
        {"players {\n A B C\n}\npass when any(A, B, C)\n", "count >= 1"},
        /* 50% of 11 = 5.5: the weights 3 2 6 of w = 1/2 1/3 1, quota 6:
         * w >= 1 is the shortest decimal that lowers to quota 6 */
        {"players {\n A w=1/2\n B w=1/3\n C w=1\n}\npass when w >= 50%\n",
         "w >= 1"},
        /* 62% of 7.5 = 4.65, strictly more; sums are multiples of 0.5, so
         * the quota over 2w is 10 and the rule is w >= 5 */
        {"players {\n A w=2.5\n B w=3.5\n C w=1.5\n}\npass when w > 62%\n",
         "w >= 5"},
        /* names that need quotes */
        {"players {\n \"a b\" \"and\" C\n}\npass when \"a b\" and "
         "(\"and\" or C)\n",
         "\"a b\" and (\"and\" or C)"},
        /* constants */
        {"players {\n A B\n}\npass when count >= 0\n", "count >= 0"},
        {"players {\n A B\n}\npass when count > 100%\n", "count > 100%"},
        /* an or inside an and keeps its parentheses; K of sub-rules */
        {"players {\n A B C D\n}\npass when 2 of (A, B and C, D or A)\n",
         "2 of (A, B and C, D or A)"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        veto_model_t *m = read_text(cases[c].model, c);
        veto_i_rule_t *r = lower(m, c);
        char *s = veto_i_rule_to_string(r, m);
        if (strcmp(s, cases[c].printed) != 0) {
            fail_msg("case %zu: '%s', expected '%s'", c, s, cases[c].printed);
        }
        veto_i_free(s);
        veto_i_rule_free(r);
        veto_model_free(m);
    }
}

/* Groups of anonymous players are written back short (issue 16) and read
 * back to the same model; runs that only look alike are written in full. */
static void test_anonymous_groups(void **state)
{
    (void)state;
    static const struct {
        const char *model, *line; /* line: expected in the written model */
        bool short_form;
    } cases[] = {
        {"players {\n Chair\n 3 reps w=2 [house]\n 2 sen\n}\n"
         "pass when Chair and count(house) >= 2 and any(sen)\n",
         "  3 reps w=2 [house]\n", true},
        {"players {\n 100 senators\n}\npass when count >= 67\n",
         "  100 senators\n", true},
        /* named like a run, but one member differs in its attribute */
        {"players {\n r1 r2 w=1 [r]\n r3 w=2 [r]\n}\npass when count >= 2\n",
         "  r3 w=2 [r]\n", false},
        /* members out of order */
        {"players {\n r2 r1 [r]\n}\npass when count >= 2\n",
         "  r2 [r]\n", false},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        veto_model_t *m = read_text(cases[c].model, c);
        char *w = NULL;
        veto_error_t err;
        veto_error_clear(&err);
        assert_int_equal(veto_model_write_veto(&w, m, &err), VETO_OK);
        if (strstr(w, cases[c].line) == NULL) {
            fail_msg("case %zu: no line '%s' in\n%s", c, cases[c].line, w);
        }
        bool has_count = strstr(w, "\n  2 r\n") != NULL ||
                         strstr(w, "\n  3 reps") != NULL ||
                         strstr(w, "\n  100 senators") != NULL;
        assert_int_equal(has_count, cases[c].short_form);
        veto_model_t *back = read_text(w, c);
        check_model_equal(m, back, c);
        veto_model_free(back);
        veto_free(w);
        veto_model_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_anonymous_groups),
        cmocka_unit_test(test_random_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
