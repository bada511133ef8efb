/*
 * json.c: JSON output with jansson. Key names are a contract (later tools
 * read them): see README "JSON output". Counts are strings holding exact
 * integers; with --exact every other number is a string holding an exact
 * fraction, otherwise a JSON number; an undefined index is null.
 */
#include "report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *jstr_take(char *s)
{
    json_t *j = json_string(s);
    free(s);
    return j;
}

json_t *json_q(const mpq_t q, double d, bool exact)
{
    if (exact) {
        return jstr_take(fmt_q(q, true));
    }
    return json_real(d);
}

static json_t *jnum_q(const mpq_t q, bool exact)
{
    return json_q(q, exact ? 0.0 : mpq_get_d(q), exact);
}

static json_t *index_array(const veto_result_t *r, int k, bool exact)
{
    if (r->undefined & VETO_INDEX_BIT(k)) {
        return json_null();
    }
    bool count = k == VETO_IDX_BANZHAF_RAW || k == VETO_IDX_HOLLER_RAW;
    json_t *a = json_array();
    for (size_t i = 0; i < r->n; i++) {
        if (r->value[k] != NULL && !r->estimated) {
            json_array_append_new(a, count ? jstr_take(fmt_q(r->value[k][i], true))
                                           : jnum_q(r->value[k][i], exact));
        } else {
            json_array_append_new(a, json_real(r->approx[k][i]));
        }
    }
    return a;
}

static json_t *name_array(const veto_model_t *m, const bool *flag, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        if (flag == NULL || flag[i]) {
            json_array_append_new(a, json_string(veto_model_player(m, i)));
        }
    }
    return a;
}

static json_t *tri_json(veto_tristate t)
{
    return t == VETO_UNKNOWN ? json_null() : json_boolean(t == VETO_YES);
}

static json_t *belief_json(const veto_belief_result_t *b, size_t n, bool exact)
{
    json_t *o = json_object();
    if (b->exact && exact) {
        json_object_set_new(o, "p_act", jnum_q(b->p_act_q, true));
    } else {
        json_object_set_new(o, "p_act", json_real(b->p_act));
    }
    if (b->p_act_hw > 0) {
        json_object_set_new(o, "p_act_halfwidth", json_real(b->p_act_hw));
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(a, b->exact && exact
                                     ? jnum_q(b->p_decisive_q[i], true)
                                     : json_real(b->p_decisive[i]));
    }
    json_object_set_new(o, "p_decisive", a);
    return o;
}

static json_t *result_json(const report_item_t *it, const report_opts_t *opt,
                           bool beliefs)
{
    const veto_model_t *m = it->model;
    const veto_result_t *r = it->result;
    bool exact = opt->exact;
    json_t *o = json_object();
    json_object_set_new(o, "file", json_string(veto_model_filename(m)));
    if (veto_model_title(m) != NULL) {
        json_object_set_new(o, "title", json_string(veto_model_title(m)));
    }
    json_object_set_new(o, "players", name_array(m, NULL, r->n));
    if (r->have_winning) {
        json_object_set_new(o, "winning", jstr_take(fmt_z(r->winning)));
    }
    if (r->have_minimal) {
        json_object_set_new(o, "minimal_winning",
                            jstr_take(fmt_z(r->minimal_winning)));
    }
    if (r->have_power) {
        json_object_set_new(o, "power_to_act", jnum_q(r->power_to_act, exact));
    }
    if (r->have_properties) {
        json_object_set_new(o, "veto_players",
                            name_array(m, r->veto_player, r->n));
        if (r->dummy != NULL && (r->n == 0 || r->dummy[0] != VETO_UNKNOWN)) {
            bool *f = calloc(r->n ? r->n : 1, sizeof *f);
            for (size_t i = 0; f != NULL && i < r->n; i++) {
                f[i] = r->dummy[i] == VETO_YES;
            }
            json_object_set_new(o, "dummies", name_array(m, f, r->n));
            free(f);
        }
        json_object_set_new(o, "passers", name_array(m, r->passer, r->n));
        json_object_set_new(o, "dictator",
                            r->dictator >= 0
                                ? json_string(veto_model_player(
                                      m, (size_t)r->dictator))
                                : json_null());
        json_object_set_new(o, "proper", tri_json(r->proper));
        json_object_set_new(o, "strong", tri_json(r->strong));
        json_object_set_new(o, "never_acts", json_boolean(r->never_acts));
        json_object_set_new(o, "always_acts", json_boolean(r->always_acts));
    }
    if (r->weighted) {
        json_t *w = json_object();
        json_object_set_new(w, "quota", jstr_take(fmt_z(r->quota)));
        json_t *a = json_array();
        for (size_t i = 0; i < r->n; i++) {
            json_array_append_new(a, jstr_take(fmt_z(r->weight[i])));
        }
        json_object_set_new(w, "weights", a);
        json_object_set_new(o, "weighted_form", w);
    }
    json_t *idx = json_object();
    json_t *hw = NULL;
    json_t *why = json_object();
    for (int k = 0; k < VETO_NINDEX; k++) {
        if (r->computed & VETO_INDEX_BIT(k)) {
            json_object_set_new(idx, veto_index_key(k),
                                index_array(r, k, exact));
            if (r->halfwidth[k] != NULL) {
                if (hw == NULL) {
                    hw = json_object();
                }
                json_t *a = json_array();
                for (size_t i = 0; i < r->n; i++) {
                    json_array_append_new(a, json_real(r->halfwidth[k][i]));
                }
                json_object_set_new(hw, veto_index_key(k), a);
            }
        } else if (r->why_not[k][0] != '\0') {
            json_object_set_new(why, veto_index_key(k),
                                json_string(r->why_not[k]));
        }
    }
    json_object_set_new(o, "indices", idx);
    if (hw != NULL) {
        json_object_set_new(o, "halfwidths", hw);
        json_object_set_new(o, "confidence", json_real(r->confidence));
        json_object_set_new(o, "samples", json_integer((json_int_t)r->samples));
    }
    if (json_object_size(why) > 0) {
        json_object_set_new(o, "not_computed", why);
    } else {
        json_decref(why);
    }
    if (beliefs && r->nbeliefs > 0) {
        json_t *b = json_object();
        json_object_set_new(b, "default", belief_json(&r->belief[0], r->n,
                                                      exact));
        json_t *sc = json_array();
        for (size_t s = 1; s < r->nbeliefs; s++) {
            json_t *e = belief_json(&r->belief[s], r->n, exact);
            json_object_set_new(e, "name", json_string(r->belief[s].name));
            json_array_append_new(sc, e);
        }
        json_object_set_new(b, "scenarios", sc);
        json_object_set_new(o, "beliefs", b);
    }
    json_object_set_new(o, "method", json_string(veto_method_name(r->method)));
    json_object_set_new(o, "method_reason", json_string(r->reason));
    if (r->nodes > 0) {
        json_object_set_new(o, "bdd_nodes", json_integer((json_int_t)r->nodes));
    }
    json_object_set_new(o, "version", json_string(VETO_VERSION));
    return o;
}

static int dump(FILE *f, json_t *j)
{
    int rc = json_dumpf(j, f, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    fputc('\n', f);
    json_decref(j);
    return rc == 0 ? 0 : -1;
}

int report_json_power(FILE *f, const report_item_t *it, const report_opts_t *o)
{
    return dump(f, result_json(it, o, false));
}

int report_json_full(FILE *f, const report_item_t *items, size_t nitems,
                     const report_opts_t *o)
{
    if (nitems == 1) {
        return dump(f, result_json(&items[0], o, true));
    }
    json_t *a = json_array();
    for (size_t k = 0; k < nitems; k++) {
        json_array_append_new(a, result_json(&items[k], o, true));
    }
    return dump(f, a);
}

int report_json_compare(FILE *f, const report_item_t *items, size_t nitems,
                        const report_opts_t *o)
{
    json_t *a = json_array();
    for (size_t k = 0; k < nitems; k++) {
        const veto_model_t *m = items[k].model;
        const veto_result_t *r = items[k].result;
        json_t *e = json_object();
        json_object_set_new(e, "file", json_string(veto_model_filename(m)));
        if (veto_model_title(m) != NULL) {
            json_object_set_new(e, "title", json_string(veto_model_title(m)));
        }
        if (r->have_properties) {
            json_object_set_new(e, "veto_players",
                                name_array(m, r->veto_player, r->n));
        }
        if (r->have_power) {
            json_object_set_new(e, "power_to_act",
                                jnum_q(r->power_to_act, o->exact));
        }
        json_t *p = json_object();
        for (size_t s = 0; s < r->nbeliefs; s++) {
            const veto_belief_result_t *b = &r->belief[s];
            json_object_set_new(p, b->name,
                                b->exact && o->exact ? jnum_q(b->p_act_q, true)
                                                     : json_real(b->p_act));
        }
        json_object_set_new(e, "p_act", p);
        json_object_set_new(e, "method", json_string(veto_method_name(r->method)));
        json_array_append_new(a, e);
    }
    json_t *top = json_object();
    json_object_set_new(top, "models", a);
    json_object_set_new(top, "version", json_string(VETO_VERSION));
    return dump(f, top);
}
