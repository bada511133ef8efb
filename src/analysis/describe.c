/*
 * describe.c: the normalised model as text, for `veto check`: players with
 * their groups and attributes, the lowered rule, the folded weighted form
 * when there is one, and the beliefs of every scenario.
 */
#include "../rule/rule.h"

#include <stdio.h>
#include <string.h>



/* Beliefs that differ from `base` (or from 1/2 when base is NULL). */
static void describe_beliefs(veto_i_buf_t *b, const veto_model_t *m, mpq_t *bel,
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
        veto_i_buf_printf(b, " everyone ");
        veto_i_buf_mpq(b, bel[0]);
        any = true;
    } else {
        for (size_t i = 0; i < m->n; i++) {
            mpq_t *ref = base != NULL ? &base[i] : &half;
            if (!mpq_equal(bel[i], *ref)) {
                veto_i_buf_printf(b, " %s=", m->names[i]);
                veto_i_buf_mpq(b, bel[i]);
                any = true;
            }
        }
        if (base == NULL) {
            veto_i_buf_printf(b, " (others 1/2)");
            any = true;
        }
    }
    if (!any) {
        veto_i_buf_printf(b, " (no change)");
    }
    veto_i_buf_printf(b, "\n");
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
    veto_i_buf_t b = {0};

    VETO_I_ERR_SCRATCH();
    VETO_I_NONNULL(out);
    *out = NULL;
    VETO_I_NONNULL(m);
    VETO_TRY(veto_i_rule_build(&rule, m, err));
    if (m->title != NULL) {
        veto_i_buf_printf(&b, "title: %s\n", m->title);
    }
    for (size_t s = 0; s < m->nsources; s++) {
        veto_i_buf_printf(&b, "source: %s\n", m->sources[s]);
    }
    for (size_t s = 0; s < m->nnotes; s++) {
        veto_i_buf_printf(&b, "note: %s\n", m->notes[s]);
    }
    veto_i_buf_printf(&b, "players: %zu\n", m->n);
    for (size_t i = 0; i < m->n; i++) {
        veto_i_buf_printf(&b, "  %s", m->names[i]);
        for (size_t a = 0; a < m->nattrs; a++) {
            if (m->attr_set[i * m->nattrs + a]) {
                veto_i_buf_printf(&b, " %s=", m->attr_names[a]);
                veto_i_buf_mpq(&b, m->attr[i * m->nattrs + a]);
            }
        }
        bool first = true;
        for (size_t gi = 0; gi < m->ngroups; gi++) {
            for (size_t k = 0; k < m->group_size[gi]; k++) {
                if (m->group_members[gi][k] == i) {
                    veto_i_buf_printf(&b, "%s%s", first ? " [" : ", ",
                              m->group_names[gi]);
                    first = false;
                    break;
                }
            }
        }
        veto_i_buf_printf(&b, "%s\n", first ? "" : "]");
    }
    for (size_t gi = 0; gi < m->ngroups; gi++) {
        veto_i_buf_printf(&b, "group %s: %zu members\n", m->group_names[gi],
                  m->group_size[gi]);
    }
    rtext = veto_i_rule_to_string(rule, m);
    if (rtext == NULL) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    veto_i_buf_printf(&b, "rule: %s\n", rtext);
    memset(&g, 0, sizeof g);
    have_g = veto_i_rule_weighted(&g, rule, m->n, &rc);
    if (rc != VETO_OK) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (have_g) {
        veto_i_buf_printf(&b, "weighted form: [");
        veto_i_buf_mpz(&b, g.quota);
        veto_i_buf_printf(&b, ";");
        for (size_t i = 0; i < m->n; i++) {
            veto_i_buf_printf(&b, "%s %s ", i == 0 ? "" : ",", m->names[i]);
            veto_i_buf_mpz(&b, g.w[i]);
        }
        veto_i_buf_printf(&b, "]\n");
    } else {
        veto_i_buf_printf(&b, "weighted form: none (a composed rule)\n");
    }
    veto_i_buf_printf(&b, "beliefs:");
    describe_beliefs(&b, m, m->belief, NULL);
    for (size_t s = 0; s < m->nscen; s++) {
        veto_i_buf_printf(&b, "scenario \"%s\":", m->scen[s].name);
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
