/*
 * dead.c: warnings for parts of a rule that can never be met.
 *
 * A term whose threshold exceeds what all its players together bring
 * ("count >= 5" over 3 players, "weight >= 100" where the weights add up
 * to 60) is false for every coalition; if the whole rule is false for the
 * grand coalition, the body can never act (rules are monotone, so the
 * grand coalition is the one to try). Both are almost always a typing
 * mistake, so the reader warns at the term's and the rule's position.
 */
#include "model_i.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct walk {
    veto_model_t *m;
    const char *file;
    mpq_t total, need;
    veto_status rc;
} walk_t;

/* What all the players of term e bring together, into w->total. */
static void term_total(walk_t *w, const veto_i_expr_t *e)
{
    const veto_model_t *m = w->m;
    size_t count;
    const size_t *set = veto_i_expr_set(m, e, &count);
    if (e->attr < 0) {
        mpq_set_ui(w->total, count, 1);
        return;
    }
    mpq_set_ui(w->total, 0, 1);
    for (size_t k = 0; k < count; k++) {
        size_t i = set == NULL ? k : set[k];
        mpq_add(w->total, w->total, *veto_i_model_attr(m, i, (size_t)e->attr));
    }
}

static void warn_at(walk_t *w, unsigned line, unsigned col, const char *text)
{
    if (w->rc != VETO_OK) {
        return;
    }
    if (line != 0) {
        w->rc =
            veto_i_model_warn(w->m, "%s:%u:%u: %s", w->file, line, col, text);
    } else {
        w->rc = veto_i_model_warn(w->m, "%s: %s", w->file, text);
    }
}

/* Whether the grand coalition satisfies e; warns at every term that no
 * coalition meets. */
static bool grand_passes(walk_t *w, const veto_i_expr_t *e)
{
    switch (e->kind) {
    case VETO_I_E_TERM: {
        term_total(w, e);
        if (e->relative) {
            mpq_mul(w->need, e->rhs, w->total);
        } else {
            mpq_set(w->need, e->rhs);
        }
        int c = mpq_cmp(w->total, w->need);
        bool ok = e->strict ? c > 0 : c >= 0;
        if (!ok) {
            char *need = mpq_get_str(NULL, 10, w->need);
            char *have = mpq_get_str(NULL, 10, w->total);
            const char *sum = e->attr < 0 ? "count" : w->m->attr_names[e->attr];
            char text[400];
            snprintf(text, sizeof text,
                     "%s: it needs %s %s %.60s%s, and all its players "
                     "together have %.60s%s",
                     e == w->m->rule ? "the body can never act"
                                     : "this term can never be met",
                     sum, e->strict ? ">" : ">=", need != NULL ? need : "?",
                     need != NULL && strlen(need) > 60 ? "..." : "",
                     have != NULL ? have : "?",
                     have != NULL && strlen(have) > 60 ? "..." : "");
            free(need);
            free(have);
            warn_at(w, e->line, e->col, text);
        }
        return ok;
    }
    case VETO_I_E_PLAYER:
        return true;
    case VETO_I_E_ALL:
    case VETO_I_E_ANY: {
        /* all() of an empty set holds; any() of one does not */
        size_t count;
        (void)veto_i_expr_set(w->m, e, &count);
        return e->kind == VETO_I_E_ALL || count > 0;
    }
    case VETO_I_E_KOF: {
        size_t yes = 0;
        for (size_t k = 0; k < e->nchild; k++) {
            yes += grand_passes(w, e->child[k]);
        }
        return yes >= e->k;
    }
    case VETO_I_E_AND: {
        bool all = true;
        for (size_t k = 0; k < e->nchild; k++) {
            all = grand_passes(w, e->child[k]) && all;
        }
        return all;
    }
    case VETO_I_E_OR: {
        bool any = false;
        for (size_t k = 0; k < e->nchild; k++) {
            any = grand_passes(w, e->child[k]) || any;
        }
        return any;
    }
    }
    return true;
}

veto_status veto_i_model_warn_dead(veto_model_t *m, const char *file)
{
    if (m->rule == NULL) {
        return VETO_OK;
    }
    walk_t w;
    w.m = m;
    w.file = file;
    w.rc = VETO_OK;
    mpq_init(w.total);
    mpq_init(w.need);
    bool ok = grand_passes(&w, m->rule);
    if (!ok && m->rule->kind != VETO_I_E_TERM) {
        /* (a lone term has said so already, with its numbers) */
        warn_at(&w, m->rule_line, m->rule_col,
                "the body can never act: no coalition, not even all players "
                "together, satisfies the rule");
    }
    mpq_clear(w.total);
    mpq_clear(w.need);
    return w.rc;
}
