/*
 * describe.c: the normalised model as text, for `veto check`: players with
 * their groups and attributes, the lowered rule, the folded weighted form
 * when there is one, and the beliefs of every scenario.
 */
#include "../rule/rule.h"

#include <stdio.h>
#include <string.h>

typedef struct sb {
    char *s;
    size_t len, cap;
    bool oom;
} sb_t;

static void sb_vprintf(sb_t *b, const char *fmt, va_list ap)
{
    if (b->oom) {
        return;
    }
    va_list ap2;
    va_copy(ap2, ap);
    int need = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (need < 0) {
        return;
    }
    if (b->len + (size_t)need + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + (size_t)need + 1) {
            cap *= 2;
        }
        char *s = veto_i_realloc(b->s, cap);
        if (s == NULL) {
            b->oom = true;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    b->len += (size_t)need;
}

static void sb_printf(sb_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void sb_printf(sb_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(b, fmt, ap);
    va_end(ap);
}

static void sb_q(sb_t *b, const mpq_t q)
{
    char *s = mpq_get_str(NULL, 10, q);
    sb_printf(b, "%s", s);
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(s, strlen(s) + 1);
}

static void sb_z(sb_t *b, const mpz_t z)
{
    char *s = mpz_get_str(NULL, 10, z);
    sb_printf(b, "%s", s);
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(s, strlen(s) + 1);
}

/* Beliefs that differ from `base` (or from 1/2 when base is NULL). */
static void describe_beliefs(sb_t *b, const veto_model_t *m, mpq_t *bel,
                             mpq_t *base)
{
    mpq_t half;
    mpq_init(half);
    mpq_set_ui(half, 1, 2);
    /* The most common value is stated once, the exceptions by name. */
    bool all_same = true;
    for (size_t i = 1; i < m->n; i++) {
        if (!mpq_equal(bel[i], bel[0])) {
            all_same = false;
            break;
        }
    }
    bool any = false;
    if (base == NULL && all_same) {
        sb_printf(b, " everyone ");
        sb_q(b, bel[0]);
        any = true;
    } else {
        for (size_t i = 0; i < m->n; i++) {
            mpq_t *ref = base != NULL ? &base[i] : &half;
            if (!mpq_equal(bel[i], *ref)) {
                sb_printf(b, " %s=", m->names[i]);
                sb_q(b, bel[i]);
                any = true;
            }
        }
        if (base == NULL) {
            sb_printf(b, " (others 1/2)");
            any = true;
        }
    }
    if (!any) {
        sb_printf(b, " (no change)");
    }
    sb_printf(b, "\n");
    mpq_clear(half);
}

veto_status veto_model_describe(char **out, const veto_model_t *m,
                                veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_rule_t *rule = NULL;
    veto_i_wgame_t g;
    bool have_g = false;
    char *rtext = NULL;
    sb_t b = {0};

    *out = NULL;
    VETO_TRY(veto_i_rule_build(&rule, m, err));
    if (m->title != NULL) {
        sb_printf(&b, "title: %s\n", m->title);
    }
    for (size_t s = 0; s < m->nsources; s++) {
        sb_printf(&b, "source: %s\n", m->sources[s]);
    }
    for (size_t s = 0; s < m->nnotes; s++) {
        sb_printf(&b, "note: %s\n", m->notes[s]);
    }
    sb_printf(&b, "players: %zu\n", m->n);
    for (size_t i = 0; i < m->n; i++) {
        sb_printf(&b, "  %s", m->names[i]);
        for (size_t a = 0; a < m->nattrs; a++) {
            if (m->attr_set[i * m->nattrs + a]) {
                sb_printf(&b, " %s=", m->attr_names[a]);
                sb_q(&b, m->attr[i * m->nattrs + a]);
            }
        }
        bool first = true;
        for (size_t gi = 0; gi < m->ngroups; gi++) {
            for (size_t k = 0; k < m->group_size[gi]; k++) {
                if (m->group_members[gi][k] == i) {
                    sb_printf(&b, "%s%s", first ? " [" : ", ",
                              m->group_names[gi]);
                    first = false;
                    break;
                }
            }
        }
        sb_printf(&b, "%s\n", first ? "" : "]");
    }
    for (size_t gi = 0; gi < m->ngroups; gi++) {
        sb_printf(&b, "group %s: %zu members\n", m->group_names[gi],
                  m->group_size[gi]);
    }
    rtext = veto_i_rule_to_string(rule, m);
    if (rtext == NULL) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    sb_printf(&b, "rule: %s\n", rtext);
    memset(&g, 0, sizeof g);
    have_g = veto_i_rule_weighted(&g, rule, m->n, &rc);
    if (rc != VETO_OK) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (have_g) {
        sb_printf(&b, "weighted form: [");
        sb_z(&b, g.quota);
        sb_printf(&b, ";");
        for (size_t i = 0; i < m->n; i++) {
            sb_printf(&b, "%s %s ", i == 0 ? "" : ",", m->names[i]);
            sb_z(&b, g.w[i]);
        }
        sb_printf(&b, "]\n");
    } else {
        sb_printf(&b, "weighted form: none (a composed rule)\n");
    }
    sb_printf(&b, "beliefs:");
    describe_beliefs(&b, m, m->belief, NULL);
    for (size_t s = 0; s < m->nscen; s++) {
        sb_printf(&b, "scenario \"%s\":", m->scen[s].name);
        describe_beliefs(&b, m, m->scen[s].belief, m->belief);
    }
    if (b.oom) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    *out = b.s;
    b.s = NULL;
cleanup:
    veto_i_free(b.s);
    veto_i_free(rtext);
    if (have_g) {
        veto_i_wgame_clear(&g);
    }
    veto_i_rule_free(rule);
    return rc;
}
