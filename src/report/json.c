/*
 * json.c: the JSON documents of every command, the "veto/1" contract
 * (docs/schema/veto-1.schema.json; README "JSON output"). Every document
 * starts with "schema": "veto/1". A model object names its file, title and
 * players; counts are strings of digits; with --exact every other exact
 * number is a string holding a fraction, otherwise a JSON number, the
 * double nearest to the exact value written as the shortest decimal that
 * reads back to it; what is undefined or not computed is null, never
 * missing. The documents are built with jansson and written by our own
 * serialiser below, because jansson writes reals with a fixed precision.
 */
#include "report.h"
#include "../base/base.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- building blocks ---------------------------------------------------- */

static json_t *jcheck(json_t *j)
{
    if (j == NULL) {
        report_oom();
    }
    return j;
}

static void set(json_t *o, const char *key, json_t *v)
{
    if (json_object_set_new(o, key, jcheck(v)) != 0) {
        report_oom();
    }
}

static void push(json_t *a, json_t *v)
{
    if (json_array_append_new(a, jcheck(v)) != 0) {
        report_oom();
    }
}

static json_t *jstr(const char *s)
{
    return s == NULL ? json_null() : jcheck(json_string(s));
}

static json_t *jstr_take(char *s)
{
    json_t *j = json_string(s);
    free(s);
    return jcheck(j);
}

static json_t *jz(mpz_srcptr z)
{
    return jstr_take(fmt_z(z));
}

static json_t *jcount(uint64_t v)
{
    return jstr_take(xasprintf("%llu", (unsigned long long)v));
}

/* An exact quantity: its fraction with --exact, else the nearest double,
 * or its fraction when it is beyond a double's range (which was null);
 * d when q is NULL (a decimal result). */
static json_t *jnum(mpq_srcptr q, double d, bool exact)
{
    double v = q != NULL ? q_double(q) : d;
    if (q != NULL && (exact || !isfinite(v))) {
        return jstr_take(fmt_frac(q));
    }
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *names(const veto_model_t *m, const bool *flag, size_t n)
{
    json_t *a = jcheck(json_array());
    for (size_t i = 0; i < n; i++) {
        if (flag == NULL || flag[i]) {
            push(a, jstr(veto_model_player(m, i)));
        }
    }
    return a;
}

static json_t *coalition(const veto_model_t *m, const veto_coalition_t *co)
{
    json_t *a = jcheck(json_array());
    for (size_t k = 0; k < co->size; k++) {
        push(a, jstr(veto_model_player(m, co->member[k])));
    }
    return a;
}

/* ["yes", "abstain", "no"]: the votes of a three-valued model. */
static json_t *votes_array(void)
{
    json_t *v = jcheck(json_array());
    push(v, jstr("yes"));
    push(v, jstr("abstain"));
    push(v, jstr("no"));
    return v;
}

static json_t *tri(veto_tristate t)
{
    return t == VETO_UNKNOWN ? json_null() : json_boolean(t == VETO_YES);
}

/* The head of every document. */
static json_t *document(const char *command)
{
    json_t *o = jcheck(json_object());
    set(o, "schema", jstr("veto/1"));
    set(o, "version", jstr(VETO_VERSION));
    set(o, "command", jstr(command));
    return o;
}

/* Which model an object describes. */
static void model_head(json_t *o, const veto_model_t *m)
{
    set(o, "file", jstr(veto_model_filename(m)));
    set(o, "title", jstr(veto_model_title(m)));
    size_t n = veto_model_nplayers(m);
    set(o, "players", names(m, NULL, n));
}

/* ---- the one encoder of an analysis ------------------------------------ */

static bool is_count(int k)
{
    return k == VETO_IDX_BANZHAF_RAW || k == VETO_IDX_HOLLER_RAW;
}

/* Index k for every player, or null when not computed or undefined. */
static json_t *index_values(const veto_result_t *r, int k, bool exact)
{
    if (!(r->computed & VETO_INDEX_BIT(k)) ||
        (r->undefined & VETO_INDEX_BIT(k))) {
        return json_null();
    }
    json_t *a = jcheck(json_array());
    for (size_t i = 0; i < r->n; i++) {
        if (!r->estimated && r->value[k] != NULL) {
            push(a, is_count(k) ? jstr_take(fmt_frac(r->value[k][i]))
                                : jnum(r->value[k][i], 0, exact));
        } else {
            push(a, jnum(NULL, r->approx[k][i], false));
        }
    }
    return a;
}

/* One belief scenario: name, p_act, p_decisive per player, and the
 * half-widths of Monte Carlo (null when exact). */
static json_t *belief(const veto_belief_result_t *b, size_t n, bool exact,
                      mpq_srcptr weight, bool blocs)
{
    json_t *o = jcheck(json_object());
    set(o, "name", jstr(b->name));
    set(o, "p_act", jnum(b->exact ? b->p_act_q : NULL, b->p_act, exact));
    json_t *a = jcheck(json_array());
    for (size_t i = 0; i < n; i++) {
        push(a, jnum(b->exact ? b->p_decisive_q[i] : NULL, b->p_decisive[i],
                     exact));
    }
    set(o, "p_decisive", a);
    if (b->p_decisive_na != NULL) {
        /* three-valued (issue 10): the two steps and the recused */
        json_t *na = jcheck(json_array());
        json_t *ay = jcheck(json_array());
        for (size_t i = 0; i < n; i++) {
            push(na, jnum(b->exact ? b->p_decisive_na_q[i] : NULL,
                          b->p_decisive_na[i], exact));
            push(ay, jnum(b->exact ? b->p_decisive_ay_q[i] : NULL,
                          b->p_decisive_ay[i], exact));
        }
        set(o, "p_decisive_no_abstain", na);
        set(o, "p_decisive_abstain_yes", ay);
    }
    bool mc = !b->exact && (b->p_act_hw > 0 || b->p_decisive_hw != NULL);
    set(o, "p_act_halfwidth", mc ? jnum(NULL, b->p_act_hw, false) : json_null());
    if (mc && b->p_decisive_hw != NULL) {
        json_t *h = jcheck(json_array());
        for (size_t i = 0; i < n; i++) {
            push(h, jnum(NULL, b->p_decisive_hw[i], false));
        }
        set(o, "p_decisive_halfwidth", h);
    } else {
        set(o, "p_decisive_halfwidth", json_null());
    }
    set(o, "weight", weight != NULL ? jnum(weight, 0, exact) : json_null());
    set(o, "blocs", json_boolean(blocs));
    if (mc && b->p_decisive_na_hw != NULL && b->p_decisive_ay_hw != NULL) {
        /* three-valued Monte Carlo: the two steps' half-widths */
        json_t *na = jcheck(json_array());
        json_t *ay = jcheck(json_array());
        for (size_t i = 0; i < n; i++) {
            push(na, jnum(NULL, b->p_decisive_na_hw[i], false));
            push(ay, jnum(NULL, b->p_decisive_ay_hw[i], false));
        }
        set(o, "p_decisive_no_abstain_halfwidth", na);
        set(o, "p_decisive_abstain_yes_halfwidth", ay);
    }
    /* each bloc replaced by independent players at its mean (issue 11) */
    if (b->nblocs > 0) {
        set(o, "p_act_independent",
            jnum(b->p_act_independent_q != NULL ? *b->p_act_independent_q
                                                : NULL,
                 b->p_act_independent, exact));
        json_t *bi = jcheck(json_array());
        for (size_t k = 0; k < b->nblocs; k++) {
            json_t *x = jcheck(json_object());
            set(x, "bloc", jstr(b->bloc_name[k]));
            set(x, "p_act", jnum(NULL, b->p_act_bloc_independent[k], false));
            set(x, "difference",
                jnum(NULL, b->p_act - b->p_act_bloc_independent[k], false));
            push(bi, x);
        }
        set(o, "blocs_independent", bi);
    } else {
        set(o, "p_act_independent", json_null());
        set(o, "blocs_independent", json_null());
    }
    return o;
}

/* {"default": B or null, "scenarios": [B, ...]}, or null when no beliefs
 * were computed. */
static json_t *beliefs(const veto_model_t *m, const veto_result_t *r,
                       bool exact)
{
    if (r->nbeliefs == 0) {
        return json_null();
    }
    json_t *o = jcheck(json_object());
    json_t *def = NULL;
    json_t *sc = jcheck(json_array());
    for (size_t s = 0; s < r->nbeliefs; s++) {
        /* the weight of the model's scenario of that name */
        mpq_t wq;
        mpq_init(wq);
        bool weighted = false;
        size_t ns = veto_model_nscenarios(m);
        for (size_t k = 0; k < ns && s > 0 && !weighted; k++) {
            if (strcmp(veto_model_scenario(m, k), r->belief[s].name) == 0) {
                weighted = veto_model_scenario_weight(wq, m, k);
            }
        }
        json_t *b = belief(&r->belief[s], r->n, exact, weighted ? wq : NULL,
                           r->belief_blocs != NULL && r->belief_blocs[s]);
        mpq_clear(wq);
        if (r->ternary) {
            json_t *rec = jcheck(json_array());
            for (size_t k = 0; k < r->belief[s].nrecused; k++) {
                push(rec, jstr(veto_model_player(m, r->belief[s].recused[k])));
            }
            set(b, "recused", rec);
        }
        if (s == 0 && strcmp(r->belief[s].name, "default") == 0) {
            def = b;
        } else {
            push(sc, b);
        }
    }
    set(o, "default", def != NULL ? def : json_null());
    set(o, "scenarios", sc);
    set(o, "expected", r->expected != NULL
                           ? belief(r->expected, r->n, exact, NULL, false)
                           : json_null());
    return o;
}

/* Every key of an analysis, into o: the engine, the counts, the
 * properties, the indices and the beliefs. Used by every command. */
static void analysis(json_t *o, const veto_model_t *m, const veto_result_t *r,
                     bool exact)
{
    set(o, "method", jstr(veto_method_name(r->method)));
    set(o, "method_reason", jstr(r->reason));
    set(o, "estimated", json_boolean(r->estimated));
    set(o, "samples", r->estimated ? jcount(r->samples) : json_null());
    set(o, "confidence",
        r->estimated ? jnum(NULL, r->confidence, false) : json_null());
    set(o, "seed", r->estimated ? jcount(r->seed) : json_null());
    /* issue 14: Monte Carlo cut short by --timeout; null otherwise */
    set(o, "stopped", r->stopped_timeout ? jstr("timeout") : json_null());
    set(o, "fell_back", json_boolean(r->fell_back));
    set(o, "bdd_nodes", r->nodes > 0 ? jcount(r->nodes) : json_null());
    if (r->ternary) {
        /* issue 10: absent in yes/no models */
        set(o, "votes", votes_array());
    }
    set(o, "dp_types",
        r->dp_types > 0 ? json_integer((json_int_t)r->dp_types) : json_null());
    json_t *ps = json_null();
    if (r->method == VETO_METHOD_DP) {
        ps = jcheck(json_array());
        if (r->dp_power_series & VETO_DP_PS_BANZHAF) {
            json_array_append_new(ps, jstr("banzhaf"));
        }
        if (r->dp_power_series & VETO_DP_PS_SHAPLEY) {
            json_array_append_new(ps, jstr("shapley_shubik"));
        }
    }
    set(o, "dp_power_series", ps);
    set(o, "bdd_levels", r->bdd_levels > 0
                             ? json_integer((json_int_t)r->bdd_levels)
                             : json_null());
    set(o, "winning", r->have_winning ? jz(r->winning) : json_null());
    set(o, "minimal_winning",
        r->have_minimal ? jz(r->minimal_winning) : json_null());
    set(o, "power_to_act",
        r->have_power ? jnum(r->power_to_act, 0, exact) : json_null());
    bool p = r->have_properties;
    set(o, "veto_players", p ? names(m, r->veto_player, r->n) : json_null());
    if (r->ternary) {
        set(o, "veto_unless_yes",
            p ? names(m, r->veto_unless_yes, r->n) : json_null());
        set(o, "abstention_matters",
            p ? names(m, r->abstention_matters, r->n) : json_null());
    }
    bool dummies = p && r->dummy != NULL;
    for (size_t i = 0; dummies && i < r->n; i++) {
        dummies = r->dummy[i] != VETO_UNKNOWN;
    }
    if (dummies) {
        json_t *a = jcheck(json_array());
        for (size_t i = 0; i < r->n; i++) {
            if (r->dummy[i] == VETO_YES) {
                push(a, jstr(veto_model_player(m, i)));
            }
        }
        set(o, "dummies", a);
    } else {
        set(o, "dummies", json_null());
    }
    set(o, "passers", p ? names(m, r->passer, r->n) : json_null());
    set(o, "dictator",
        p && r->dictator >= 0 ? jstr(veto_model_player(m, (size_t)r->dictator))
                              : json_null());
    set(o, "proper", p ? tri(r->proper) : json_null());
    set(o, "strong", p ? tri(r->strong) : json_null());
    set(o, "never_acts", p ? json_boolean(r->never_acts) : json_null());
    set(o, "always_acts", p ? json_boolean(r->always_acts) : json_null());
    if (r->weighted) {
        json_t *w = jcheck(json_object());
        set(w, "quota", jz(r->quota));
        json_t *a = jcheck(json_array());
        for (size_t i = 0; i < r->n; i++) {
            push(a, jz(r->weight[i]));
        }
        set(w, "weights", a);
        set(o, "weighted_form", w);
    } else {
        set(o, "weighted_form", json_null());
    }
    json_t *idx = jcheck(json_object());
    json_t *hw = jcheck(json_object());
    json_t *undef = jcheck(json_array());
    json_t *why = jcheck(json_object());
    for (int k = 0; k < VETO_NINDEX; k++) {
        const char *key = veto_index_key((veto_index)k);
        set(idx, key, index_values(r, k, exact));
        bool h = (r->computed & VETO_INDEX_BIT(k)) &&
                 !(r->undefined & VETO_INDEX_BIT(k)) && r->halfwidth[k] != NULL;
        if (h) {
            json_t *a = jcheck(json_array());
            for (size_t i = 0; i < r->n; i++) {
                push(a, jnum(NULL, r->halfwidth[k][i], false));
            }
            set(hw, key, a);
        } else {
            set(hw, key, json_null());
        }
        if ((r->computed & VETO_INDEX_BIT(k)) &&
            (r->undefined & VETO_INDEX_BIT(k))) {
            push(undef, jstr(key));
        }
        if (!(r->computed & VETO_INDEX_BIT(k)) && r->why_not[k][0] != '\0') {
            set(why, key, jstr(r->why_not[k]));
        }
    }
    if (r->ternary) {
        /* issue 10: the same values under their own names too */
        set(idx, "ternary_banzhaf_raw",
            index_values(r, VETO_IDX_BANZHAF_RAW, exact));
        set(idx, "ternary_banzhaf_absolute",
            index_values(r, VETO_IDX_BANZHAF_ABSOLUTE, exact));
        set(idx, "ternary_banzhaf", index_values(r, VETO_IDX_BANZHAF, exact));
        set(idx, "roll_call_shapley_shubik",
            index_values(r, VETO_IDX_SHAPLEY_SHUBIK, exact));
    }
    /* the Beta semivalue of --index beta:A:B (issue 11), when asked */
    if (r->semivalue_key[0] != '\0') {
        if (r->semivalue != NULL) {
            json_t *a = jcheck(json_array());
            for (size_t i = 0; i < r->n; i++) {
                push(a, jnum(r->semivalue[i], 0, exact));
            }
            set(idx, r->semivalue_key, a);
        } else {
            set(idx, r->semivalue_key, json_null());
            set(why, r->semivalue_key, jstr(r->semivalue_why));
        }
        set(hw, r->semivalue_key, json_null());
    }
    set(o, "indices", idx);
    set(o, "halfwidths", hw);
    set(o, "undefined", undef);
    set(o, "not_computed", why);
    set(o, "beliefs", beliefs(m, r, exact));
    /* minimal blocking coalitions (issue 12): null beyond 20 players */
    if (r->have_blocking) {
        json_t *bl = jcheck(json_object());
        set(bl, "count", jcount(r->nblocking));
        json_t *bs = jcheck(json_object());
        for (size_t z = 0; z <= r->n; z++) {
            if (r->blocking_by_size[z] > 0) {
                char *k = xasprintf("%zu", z);
                set(bs, k, jcount(r->blocking_by_size[z]));
                free(k);
            }
        }
        set(bl, "by_size", bs);
        if (r->nblocking_listed == r->nblocking) {
            json_t *list = jcheck(json_array());
            for (size_t k = 0; k < r->nblocking_listed; k++) {
                json_t *one = jcheck(json_array());
                for (size_t j = 0; j < r->blocking_size[k]; j++) {
                    push(one, jstr(veto_model_player(
                                  m, r->blocking_member[k][j])));
                }
                push(list, one);
            }
            set(bl, "coalitions", list);
        } else {
            set(bl, "coalitions", json_null());
        }
        set(o, "blocking", bl);
    } else {
        set(o, "blocking", json_null());
    }
}

static json_t *model_object(const report_item_t *it, bool exact)
{
    json_t *o = jcheck(json_object());
    model_head(o, it->model);
    analysis(o, it->model, it->result, exact);
    return o;
}

/* ---- the serialiser ----------------------------------------------------- */

static void write_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (*p < 0x20 || *p == 0x7f) {
                fprintf(f, "\\u%04x", *p);
            } else {
                fputc(*p, f);
            }
        }
    }
    fputc('"', f);
}

static void indent(FILE *f, int depth)
{
    fputc('\n', f);
    for (int k = 0; k < depth; k++) {
        fputs("  ", f);
    }
}

/* Two-space indentation as jansson's JSON_INDENT(2), keys in insertion
 * order, reals as the shortest decimal that reads back. */
static void write_value(FILE *f, json_t *j, int depth)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: {
        if (json_object_size(j) == 0) {
            fputs("{}", f);
            break;
        }
        fputc('{', f);
        const char *key;
        json_t *v;
        bool first = true;
        json_object_foreach(j, key, v) {
            if (!first) {
                fputc(',', f);
            }
            first = false;
            indent(f, depth + 1);
            write_string(f, key);
            fputs(": ", f);
            write_value(f, v, depth + 1);
        }
        indent(f, depth);
        fputc('}', f);
        break;
    }
    case JSON_ARRAY: {
        if (json_array_size(j) == 0) {
            fputs("[]", f);
            break;
        }
        fputc('[', f);
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) {
            if (i > 0) {
                fputc(',', f);
            }
            indent(f, depth + 1);
            write_value(f, v, depth + 1);
        }
        indent(f, depth);
        fputc(']', f);
        break;
    }
    case JSON_STRING:
        write_string(f, json_string_value(j));
        break;
    case JSON_INTEGER:
        fprintf(f, "%lld", (long long)json_integer_value(j));
        break;
    case JSON_REAL: {
        char buf[40];
        double d = json_real_value(j);
        veto_i_fmt_double(buf, sizeof buf, d);
        /* "1" is a JSON number as it is; keep it an integer-looking real
         * only when it has no fraction: JSON does not distinguish. */
        fputs(buf, f);
        break;
    }
    case JSON_TRUE:
        fputs("true", f);
        break;
    case JSON_FALSE:
        fputs("false", f);
        break;
    case JSON_NULL:
        fputs("null", f);
        break;
    }
}

static int dump(FILE *f, json_t *j)
{
    write_value(f, j, 0);
    fputc('\n', f);
    json_decref(j);
    return 0;
}

/* ---- the documents ------------------------------------------------------ */

static json_t *xindex_value(const veto_indices_t *x, size_t k, bool exact);

int json_power(FILE *f, const report_item_t *it, const report_opts_t *o)
{
    json_t *d = document("power");
    model_head(d, it->model);
    analysis(d, it->model, it->result, o->exact);
    /* --index with catalogue names: under their keys, as veto indices */
    const veto_indices_t *x = it->more;
    for (size_t k = 0; x != NULL && k < x->nindex; k++) {
        if (!it->more_want[k]) {
            continue;
        }
        const veto_index_info_t *e = veto_index_catalogue(k);
        json_t *idx = json_object_get(d, "indices");
        if (!x->computed[k]) {
            set(idx, e->key, json_null());
            set(json_object_get(d, "not_computed"), e->key,
                jstr(x->why_not[k]));
        } else if (x->undefined[k]) {
            set(idx, e->key, json_null());
            push(json_object_get(d, "undefined"), jstr(e->key));
        } else {
            set(idx, e->key, xindex_value(x, k, o->exact));
        }
    }
    return dump(f, d);
}

int json_models(FILE *f, const char *command, const report_item_t *items,
                size_t nitems, const report_opts_t *o)
{
    json_t *d = document(command);
    json_t *a = jcheck(json_array());
    for (size_t k = 0; k < nitems; k++) {
        push(a, model_object(&items[k], o->exact));
    }
    set(d, "models", a);
    return dump(f, d);
}

static const char *reason_key(veto_pact_reason r)
{
    switch (r) {
    case VETO_PACT_ZERO:
        return "zero";
    case VETO_PACT_ONE:
        return "one";
    case VETO_PACT_BETWEEN:
        return "between";
    case VETO_PACT_NONE:
        break;
    }
    return "none";
}

int json_explain(FILE *f, const veto_model_t *m, const veto_explanation_t *e,
                 const report_opts_t *o)
{
    bool exact = o->exact;
    json_t *d = document("explain");
    model_head(d, m);
    set(d, "player", jstr(veto_model_player(m, e->player)));
    set(d, "veto", json_boolean(e->veto));
    set(d, "dummy", json_boolean(e->dummy));
    set(d, "passer", json_boolean(e->passer));
    set(d, "mentioned", json_boolean(e->mentioned));
    set(d, "never_acts", json_boolean(e->never_acts));
    set(d, "always_acts", json_boolean(e->always_acts));
    set(d, "method", jstr(veto_method_name(e->method)));
    if (e->veto) {
        set(d, "others", coalition(m, &e->others));
        json_t *fa = jcheck(json_array());
        for (size_t k = 0; k < e->nfailed; k++) {
            const veto_failed_term_t *ft = &e->failed[k];
            json_t *t = jcheck(json_object());
            set(t, "threshold",
                ft->threshold > 0 ? json_integer((json_int_t)ft->threshold)
                                  : json_null());
            set(t, "term", jstr(ft->text));
            set(t, "have", jz(ft->have));
            set(t, "need", jz(ft->need));
            set(t, "missing", coalition(m, &ft->missing));
            push(fa, t);
        }
        set(d, "failed", fa);
        set(d, "winning_without", json_null());
    } else {
        set(d, "others", json_null());
        set(d, "failed", json_null());
        set(d, "winning_without", coalition(m, &e->winning_without));
    }
    set(d, "swings", jz(e->swings));
    if (e->ternary) {
        /* three-valued (issue 10): veto is "blocks by voting no" */
        set(d, "votes", votes_array());
        set(d, "veto_unless_yes", json_boolean(e->veto_unless_yes));
        set(d, "abstention_matters", json_boolean(e->abstention_matters));
        json_t *fa = jcheck(json_array());
        for (size_t k = 0; k < e->nfailed_abstain; k++) {
            const veto_failed_term_t *ft = &e->failed_abstain[k];
            json_t *t = jcheck(json_object());
            set(t, "threshold",
                ft->threshold > 0 ? json_integer((json_int_t)ft->threshold)
                                  : json_null());
            set(t, "term", jstr(ft->text));
            set(t, "have", jz(ft->have));
            set(t, "need", jz(ft->need));
            set(t, "missing", coalition(m, &ft->missing));
            push(fa, t);
        }
        set(d, "failed_abstaining", e->veto_unless_yes ? fa : json_null());
        if (!e->veto_unless_yes) {
            json_decref(fa);
        }
        set(d, "winning_abstaining",
            e->veto ? json_null() : coalition(m, &e->winning_abstain));
    }
    if (e->have_by_size) {
        json_t *a = jcheck(json_array());
        for (size_t k = 0; k < e->n; k++) {
            push(a, jz(e->swings_by_size[k]));
        }
        set(d, "swings_by_size", a);
    } else {
        set(d, "swings_by_size", json_null());
    }
    set(d, "smallest_swing",
        e->have_example ? coalition(m, &e->smallest_swing) : json_null());
    json_t *blk = jcheck(json_array());
    for (size_t s = 0; s < e->nblocking; s++) {
        const veto_blocking_t *b = &e->blocking[s];
        static const char *const status[] = {"ok", "cannot_act", "none",
                                             "fixed", "not_computed"};
        json_t *bo = jcheck(json_object());
        set(bo, "scenario", b->scenario != NULL ? jstr(b->scenario)
                                               : json_null());
        set(bo, "status", jstr(status[b->status]));
        bool ok = b->status == VETO_BLOCK_OK;
        set(bo, "size", ok ? jcount(b->size) : json_null());
        set(bo, "count", ok ? jz(b->count) : jstr("0"));
        set(bo, "example", ok ? coalition(m, &b->example) : json_null());
        push(blk, bo);
    }
    set(d, "blocking", blk);
    if (e->scenario != NULL) {
        json_t *s = jcheck(json_object());
        set(s, "name", jstr(e->scenario));
        set(s, "p_act", jnum(e->p_act_q, e->p_act, exact));
        json_t *pd = jcheck(json_array());
        json_t *bl = jcheck(json_array());
        json_t *rk = jcheck(json_array());
        for (size_t i = 0; i < e->n; i++) {
            push(pd, jnum(e->p_decisive_q[i], e->p_decisive[i], exact));
            push(bl, jnum(e->belief[i], 0, exact));
            push(rk, jstr(veto_model_player(m, e->ranking[i])));
        }
        set(s, "p_decisive", pd);
        set(s, "beliefs", bl);
        if (e->ternary) {
            json_t *na = jcheck(json_array());
            json_t *ay = jcheck(json_array());
            json_t *ab = jcheck(json_array());
            for (size_t i = 0; i < e->n; i++) {
                push(na,
                     jnum(e->p_decisive_na_q[i], e->p_decisive_na[i], exact));
                push(ay,
                     jnum(e->p_decisive_ay_q[i], e->p_decisive_ay[i], exact));
                push(ab, jnum(e->abstain[i], 0, exact));
            }
            set(s, "p_decisive_no_abstain", na);
            set(s, "p_decisive_abstain_yes", ay);
            set(s, "beliefs_abstain", ab);
            set(s, "recused", coalition(m, &e->recused));
        }
        set(s, "reason", jstr(reason_key(e->reason)));
        set(s, "blockers", coalition(m, &e->blockers));
        set(s, "ranking", rk);
        if (e->nblocs > 0) {
            json_t *bi = jcheck(json_array());
            for (size_t k = 0; k < e->nblocs; k++) {
                json_t *x = jcheck(json_object());
                set(x, "bloc", jstr(e->bloc_name[k]));
                set(x, "p_act", jnum(NULL, e->p_act_bloc_independent[k], false));
                set(x, "difference",
                    jnum(NULL, e->p_act - e->p_act_bloc_independent[k],
                         false));
                push(bi, x);
            }
            set(s, "blocs_independent", bi);
        } else {
            set(s, "blocs_independent", json_null());
        }
        set(d, "scenario", s);
    } else {
        set(d, "scenario", json_null());
    }
    return dump(f, d);
}

int json_sweep(FILE *f, const veto_model_t *m, const veto_sweep_t *s,
               const report_opts_t *o)
{
    bool exact = o->exact;
    bool bel = s->kind == VETO_SWEEP_BELIEF;
    bool blo = s->kind == VETO_SWEEP_BLOC;
    json_t *d = document("sweep");
    model_head(d, m);
    json_t *sw = jcheck(json_object());
    set(sw, "kind", jstr(bel ? "belief" : blo ? "bloc" : "quota"));
    set(sw, "label", jstr(s->label));
    set(sw, "player", bel ? jstr(veto_model_player(m, s->player)) : json_null());
    set(sw, "threshold",
        bel || blo ? json_null() : json_integer((json_int_t)s->threshold));
    if (bel && s->ternary) {
        /* three-valued: which probability moves (no takes the rest) */
        set(sw, "vote", jstr(s->vote == VETO_VOTE_ABSTAIN ? "abstain" : "yes"));
    }
    if (blo) {
        /* issue 11: the bloc, its Beta parameter, and the belief set it
         * moves in (every point's beliefs hold all of them) */
        char pa[2] = {s->param, '\0'};
        set(sw, "bloc", jstr(s->bloc));
        set(sw, "parameter", jstr(pa));
        set(sw, "belief_set", jstr(s->result[0]->belief[s->belief_set].name));
    }
    set(d, "sweep", sw);
    json_t *pts = jcheck(json_array());
    for (size_t p = 0; p < s->npoints; p++) {
        json_t *pt = jcheck(json_object());
        /* A belief is a number like every probability; a threshold is an
         * integer, written as a string like every count. */
        set(pt, "value",
            bel || blo ? jnum(s->value[p], 0, exact)
                       : jstr_take(fmt_frac(s->value[p])));
        set(pt, "rule", s->rule_text != NULL && s->rule_text[p] != NULL
                            ? jstr(s->rule_text[p])
                            : json_null());
        analysis(pt, m, s->result[p], exact);
        push(pts, pt);
    }
    set(d, "points", pts);
    return dump(f, d);
}

int json_design(FILE *f, const veto_model_t *m, const veto_design_t *ds,
                const report_opts_t *o)
{
    json_t *d = document("design");
    model_head(d, m);
    set(d, "player", jstr(veto_model_player(m, ds->player)));
    set(d, "family", jstr(ds->family));
    set(d, "tried", jcount(ds->tried));
    set(d, "already", json_boolean(ds->already));
    json_t *cs = jcheck(json_array());
    for (size_t k = 0; k < ds->ncand; k++) {
        const veto_design_candidate_t *c = &ds->cand[k];
        json_t *co = jcheck(json_object());
        json_t *chs = jcheck(json_array());
        for (size_t j = 0; j < c->nchanges; j++) {
            json_t *ch = jcheck(json_object());
            set(ch, "threshold",
                json_integer((json_int_t)c->change[j].threshold));
            set(ch, "from", jz(c->change[j].from));
            set(ch, "to", jz(c->change[j].to));
            set(ch, "before", jstr(c->change[j].before));
            set(ch, "after", jstr(c->change[j].after));
            push(chs, ch);
        }
        set(co, "changes", chs);
        if (ds->ternary) {
            /* three-valued (issue 10): which kind of move */
            static const char *const mv[] = {"thresholds", "abstention_counts",
                                             "must_abstain"};
            set(co, "move", jstr(mv[c->move]));
        }
        set(co, "cost", jnum(NULL, c->cost, false));
        set(co, "rule", jstr(c->rule_text));
        analysis(co, m, c->result, o->exact);
        push(cs, co);
    }
    set(d, "candidates", cs);
    return dump(f, d);
}

/* ---- veto indices (issue 12) -------------------------------------------- */

static json_t *catalogue_entry(const veto_index_info_t *e)
{
    json_t *o = jcheck(json_object());
    set(o, "key", jstr(e->key));
    set(o, "short", jstr(e->short_name));
    json_t *al = jcheck(json_array());
    const char *a = e->aliases;
    while (*a != '\0') {
        const char *sp = strchr(a, ' ');
        size_t wl = sp != NULL ? (size_t)(sp - a) : strlen(a);
        char *w = xmalloc(wl + 1);
        memcpy(w, a, wl);
        w[wl] = '\0';
        push(al, jstr_take(w));
        a += wl;
        while (*a == ' ') {
            a++;
        }
    }
    set(o, "aliases", al);
    set(o, "name", jstr(e->name));
    set(o, "definition", jstr(e->definition));
    set(o, "reference", jstr(e->reference));
    set(o, "engines", jstr(e->engines));
    set(o, "unions", jcheck(json_boolean(e->unions)));
    set(o, "game", jcheck(json_boolean(e->game)));
    return o;
}

/* A computed, defined entry of the catalogue: counts as exact strings, the
 * others as numbers (fractions under exact). */
static json_t *xindex_value(const veto_indices_t *x, size_t k, bool exact)
{
    const veto_index_info_t *e = veto_index_catalogue(k);
    static const char *const counts[] = {
        "banzhaf_raw", "shapley_shubik_raw", "holler_raw", "felsenthal_raw",
        "null_free_g_raw", "public_help_theta_raw", NULL};
    bool count = false;
    for (size_t c = 0; counts[c] != NULL; c++) {
        count = count || strcmp(counts[c], e->key) == 0;
    }
    if (e->game) {
        return jstr_take(fmt_frac(x->value[k][0]));
    }
    json_t *a = jcheck(json_array());
    for (size_t i = 0; i < x->n; i++) {
        push(a, count ? jstr_take(fmt_frac(x->value[k][i]))
                      : jnum(x->value[k][i], 0, exact));
    }
    return a;
}

int json_indices(FILE *f, const veto_model_t *m, const veto_indices_t *x,
                 const bool *want, const report_opts_t *o)
{
    json_t *d = document("indices");
    size_t nk = veto_index_catalogue_size();
    if (m == NULL || x == NULL) {
        json_t *list = jcheck(json_array());
        for (size_t k = 0; k < nk; k++) {
            push(list, catalogue_entry(veto_index_catalogue(k)));
        }
        set(d, "catalogue", list);
        return dump(f, d);
    }
    model_head(d, m);
    set(d, "method", jstr(veto_method_name(x->method)));
    set(d, "method_reason", jstr(x->reason));
    if (x->union_of != NULL) {
        json_t *un = jcheck(json_array());
        for (size_t u = 0; u < x->nunions; u++) {
            json_t *one = jcheck(json_array());
            for (size_t i = 0; i < x->n; i++) {
                if (x->union_of[i] == u) {
                    push(one, jstr(veto_model_player(m, i)));
                }
            }
            push(un, one);
        }
        set(d, "unions", un);
    } else {
        set(d, "unions", json_null());
    }
    json_t *idx = jcheck(json_object());
    json_t *undef = jcheck(json_array());
    json_t *why = jcheck(json_object());
    for (size_t k = 0; k < nk; k++) {
        if (want != NULL && !want[k]) {
            continue;
        }
        const veto_index_info_t *e = veto_index_catalogue(k);
        if (!x->computed[k]) {
            set(why, e->key, jstr(x->why_not[k]));
            continue;
        }
        if (x->undefined[k]) {
            push(undef, jstr(e->key));
            set(idx, e->key, json_null());
            continue;
        }
        set(idx, e->key, xindex_value(x, k, o->exact));
    }
    set(d, "indices", idx);
    set(d, "undefined", undef);
    set(d, "not_computed", why);
    return dump(f, d);
}
