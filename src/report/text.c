/*
 * text.c: the power table, the full report and the comparison, as aligned
 * text, CSV or Markdown. JSON is in json.c.
 */
#include "report.h"

#include <stdlib.h>
#include <math.h>
#include <string.h>

static char *dummy_list(const veto_model_t *m, const veto_result_t *r)
{
    if (r->dummy == NULL) {
        return xstrdup("not computed");
    }
    bool *f = xmalloc((r->n ? r->n : 1) * sizeof *f);
    for (size_t i = 0; i < r->n; i++) {
        if (r->dummy[i] == VETO_UNKNOWN) {
            free(f);
            return xstrdup("not computed");
        }
        f[i] = r->dummy[i] == VETO_YES;
    }
    char *s = name_list(m, f, r->n, ", ", "none");
    free(f);
    return s;
}

static void not_computed_lines(FILE *f, const veto_result_t *r,
                               const char *prefix)
{
    for (int k = 0; k < VETO_NINDEX; k++) {
        if (!(r->computed & VETO_INDEX_BIT(k)) && r->why_not[k][0] != '\0') {
            fprintf(f, "%s%s not computed: %s\n", prefix,
                    veto_index_name((veto_index)k), r->why_not[k]);
        }
    }
}

static const char *tri(veto_tristate t)
{
    return t == VETO_YES ? "yes" : t == VETO_NO ? "no" : "not computed";
}

/* An estimate whose interval (value ± half-width) is wider than the
 * value itself says little: count them, and keep the first as an example. */
static size_t wide_intervals(const veto_model_t *m, const veto_result_t *r,
                             char **example)
{
    size_t wide = 0;
    *example = NULL;
    for (int k = 0; k < VETO_NINDEX; k++) {
        if (r->halfwidth[k] == NULL || r->approx[k] == NULL ||
            (r->undefined & VETO_INDEX_BIT(k))) {
            continue;
        }
        for (size_t i = 0; i < r->n; i++) {
            double v = r->approx[k][i], hw = r->halfwidth[k][i];
            if (2 * hw > v && hw > 0) {
                if (wide++ == 0) {
                    *example = xasprintf("%s of %s: %.3g ± %.2g",
                                         veto_index_name((veto_index)k),
                                         veto_model_player(m, i), v, hw);
                }
            }
        }
    }
    for (size_t s = 0; s < r->nbeliefs; s++) {
        const veto_belief_result_t *b = &r->belief[s];
        if (2 * b->p_act_hw > b->p_act && b->p_act_hw > 0) {
            if (wide++ == 0) {
                *example = xasprintf("P(act) under %s: %.3g ± %.2g", b->name,
                                     b->p_act, b->p_act_hw);
            }
        }
    }
    return wide;
}

/* The first lines of a Monte Carlo result: that it is an estimate (and
 * why, when nobody asked for one), the seed that reproduces it, and a
 * warning when intervals are wider than the values they bound. */
static void estimate_notice(FILE *f, const veto_model_t *m,
                            const veto_result_t *r, const char *b,
                            const char *sep)
{
    if (!r->estimated) {
        return;
    }
    if (r->fell_back) {
        fprintf(f, "%sNOTE%sestimated by Monte Carlo, not computed exactly: "
                   "%s\n",
                b, sep, r->reason);
    }
    fprintf(f, "%sseed%s%llu (--seed %llu reproduces these numbers)\n", b,
            sep, (unsigned long long)r->seed, (unsigned long long)r->seed);
    char *example;
    size_t wide = wide_intervals(m, r, &example);
    if (wide > 0) {
        fprintf(f,
                "%sWARNING%s%zu estimate%s %s an interval wider than the "
                "value itself (%s); more samples (--samples, --epsilon) "
                "narrow them\n",
                b, sep, wide, wide == 1 ? "" : "s", wide == 1 ? "has" : "have",
                example);
    }
    free(example);
}

/* The first line of a Monte Carlo result the time limit stopped (issue
 * 14), before anything else, so that a reader cannot miss that the run was
 * cut short: the estimates below are those of the samples drawn so far. */
static void stopped_line(FILE *f, const veto_result_t *r, bool md)
{
    if (!r->stopped_timeout) {
        return;
    }
    fprintf(f, "%sstopped by --timeout after %llu samples%s\n",
            md ? "**" : "", (unsigned long long)r->samples, md ? "**" : "");
    if (md) {
        fputc('\n', f);
    }
}

static void summary(FILE *f, const veto_model_t *m, const veto_result_t *r,
                    const report_opts_t *o, bool md)
{
    const char *b = md ? "- " : "";
    const char *sep = md ? ": " : ": ";
    estimate_notice(f, m, r, b, sep);
    fprintf(f, "%sfile%s%s\n", b, sep, veto_model_filename(m));
    for (size_t s = 0; s < veto_model_nsources(m); s++) {
        fprintf(f, "%ssource%s%s\n", b, sep, veto_model_source(m, s));
    }
    fprintf(f, "%splayers%s%zu\n", b, sep, r->n);
    char what[128] = "";
    if (r->dp_types > 0) {
        snprintf(what, sizeof what, " over %zu type%s of equal weight",
                 r->dp_types, r->dp_types == 1 ? "" : "s");
    } else if (r->bdd_levels > 0) {
        snprintf(what, sizeof what, " of %zu level%s", r->bdd_levels,
                 r->bdd_levels == 1 ? "" : "s");
    }
    if (r->method == VETO_METHOD_DP && r->dp_power_series != 0) {
        unsigned ps = r->dp_power_series;
        size_t len = strlen(what);
        snprintf(what + len, sizeof what - len, ", %s%s%s by the power series",
                 (ps & VETO_DP_PS_BANZHAF) ? "Banzhaf" : "",
                 ps == (VETO_DP_PS_BANZHAF | VETO_DP_PS_SHAPLEY) ? " and "
                                                                 : "",
                 (ps & VETO_DP_PS_SHAPLEY) ? "Shapley-Shubik" : "");
    }
    fprintf(f, "%sengine%s%s%s (%s)\n", b, sep, veto_method_name(r->method),
            what, r->reason);
    if (r->ternary) {
        fprintf(f, "%svotes%syes, abstain, no (Banzhaf: Felsenthal & "
                   "Machover's ternary index; Shapley-Shubik: their roll-call "
                   "index)\n",
                b, sep);
    }
    if (r->nodes > 0) {
        fprintf(f, "%sdecision diagram%s%llu nodes\n", b, sep,
                (unsigned long long)r->nodes);
    }
    if (r->weighted) {
        if (r->n <= 64) {
            char *q = fmt_z(r->quota);
            fprintf(f, "%sweighted form%s[%s;", b, sep, q);
            free(q);
            for (size_t i = 0; i < r->n; i++) {
                char *w = fmt_z(r->weight[i]);
                fprintf(f, " %s%s", w, i + 1 < r->n ? "," : "]\n");
                free(w);
            }
        } else {
            char *q = fmt_z(r->quota);
            fprintf(f, "%sweighted form%squota %s over %zu weights\n", b, sep,
                    q, r->n);
            free(q);
        }
    }
    if (r->have_winning) {
        char *w = fmt_z(r->winning);
        char *p = fmt_q(r->power_to_act, o->exact);
        fprintf(f, "%swinning coalitions%s%s of 2^%zu (power to act %s)\n", b,
                sep, w, r->n, p);
        free(w);
        free(p);
    }
    if (r->have_minimal) {
        char *w = fmt_z(r->minimal_winning);
        fprintf(f, "%sminimal winning coalitions%s%s\n", b, sep, w);
        free(w);
    }
    if (r->have_properties) {
        char *v = name_list(m, r->veto_player, r->n, ", ", "none");
        char *d = dummy_list(m, r);
        char *p = name_list(m, r->passer, r->n, ", ", "none");
        if (r->ternary) {
            char *u = name_list(m, r->veto_unless_yes, r->n, ", ", "none");
            char *a = name_list(m, r->abstention_matters, r->n, ", ",
                                "none");
            fprintf(f, "%sveto players (block by voting no)%s%s\n", b, sep,
                    v);
            fprintf(f, "%sblock unless voting yes%s%s\n", b, sep, u);
            fprintf(f, "%sabstaining differs from voting no for%s%s\n", b,
                    sep, a);
            free(u);
            free(a);
        } else {
            fprintf(f, "%sveto players%s%s\n", b, sep, v);
        }
        fprintf(f, "%sdummies%s%s\n", b, sep, d);
        fprintf(f, "%spassers (win alone)%s%s\n", b, sep, p);
        fprintf(f, "%sdictator%s%s\n", b, sep,
                r->dictator >= 0 ? veto_model_player(m, (size_t)r->dictator)
                                 : "none");
        fprintf(f, "%sproper%s%s; strong%s%s\n", b, sep, tri(r->proper), sep,
                tri(r->strong));
        free(v);
        free(d);
        free(p);
    }
    if (r->estimated) {
        fprintf(f, "%sestimated%s%llu samples, simultaneous %.4g%% intervals\n",
                b, sep, (unsigned long long)r->samples, 100 * r->confidence);
    }
    if (r->stopped_timeout) {
        fprintf(f, "%sstopped%sby --timeout after %llu of %llu samples "
                   "planned\n",
                b, sep, (unsigned long long)r->samples,
                (unsigned long long)r->samples_planned);
    }
    not_computed_lines(f, r, b);
}

/* The minimal blocking coalitions: each when there are at most 50, else
 * their number by size (veto FILE, issue 12). */
static void blocking_lines(FILE *f, const veto_model_t *m,
                           const veto_result_t *r, bool md)
{
    if (!r->have_blocking) {
        return;
    }
    const char *b = md ? "- " : "";
    fprintf(f, "%sminimal blocking coalitions: %llu", b,
            (unsigned long long)r->nblocking);
    if (r->nblocking > 0 && r->nblocking_listed == r->nblocking) {
        fputs(r->nblocking == 1 ? " (" : " (", f);
        for (size_t k = 0; k < r->nblocking_listed; k++) {
            fputs(k > 0 ? "; " : "", f);
            for (size_t j = 0; j < r->blocking_size[k]; j++) {
                fprintf(f, "%s%s", j > 0 ? ", " : "",
                        veto_model_player(m, r->blocking_member[k][j]));
            }
            if (r->blocking_size[k] == 0) {
                fputs("nobody: the body cannot act", f);
            }
        }
        fputs(")\n", f);
    } else if (r->nblocking > 0) {
        fputs(", by size:", f);
        bool first = true;
        for (size_t z = 0; z <= r->n; z++) {
            if (r->blocking_by_size[z] > 0) {
                fprintf(f, "%s %zu: %llu", first ? "" : ",", z,
                        (unsigned long long)r->blocking_by_size[z]);
                first = false;
            }
        }
        fputc('\n', f);
    } else {
        fputs(" (the body always acts)\n", f);
    }
}

int report_power(FILE *f, const report_item_t *it, const report_opts_t *o)
{
    if (o->format == REPORT_JSON) {
        return json_power(f, it, o);
    }
    if (o->format == REPORT_SVG) {
        return svg_report(f, it, 1, o);
    }
    if (o->format == REPORT_HTML) {
        return html_report(f, it, 1, o);
    }
    rtable_t t;
    bool csv = o->format == REPORT_CSV;
    if (it->more != NULL) {
        rt_power_table_more(&t, it->model, it->result, o->exact, csv,
                            it->more, it->more_want);
    } else {
        rt_power_table(&t, it->model, it->result, o->exact, csv,
                       VETO_INDEX_ALL, false);
    }
    if (csv) {
        rt_render(f, &t, REPORT_CSV);
    } else if (o->format == REPORT_MD) {
        stopped_line(f, it->result, true);
        fprintf(f, "# %s\n\n", report_label(it->model));
        summary(f, it->model, it->result, o, true);
        fputc('\n', f);
        rt_render(f, &t, REPORT_MD);
    } else {
        stopped_line(f, it->result, false);
        fprintf(f, "%s\n", report_label(it->model));
        summary(f, it->model, it->result, o, false);
        fputc('\n', f);
        rt_render(f, &t, REPORT_TEXT);
    }
    rt_free(&t);
    return 0;
}

static void belief_tables(rtable_t *ta, rtable_t *td, const veto_model_t *m,
                          const veto_result_t *r, bool exact)
{
    /* Weighted scenarios (issue 11): a weight column and the expected
     * values as a last row and column. */
    bool wcol = r->expected != NULL;
    /* blocs: P(act) with every bloc at its mean, independent (issue 11) */
    bool icol = false;
    for (size_t s = 0; s < r->nbeliefs; s++) {
        icol = icol || r->belief[s].nblocs > 0;
    }
    size_t na = (wcol ? 3 : 2) + (icol ? 1 : 0);
    rt_init(ta, na);
    for (size_t c = 1; c < na; c++) {
        ta->right[c] = true;
    }
    const char *h[4] = {"scenario", wcol ? "weight" : "P(act)", "P(act)",
                        "if independent"};
    if (!wcol) {
        h[2] = "if independent";
    }
    rt_row(ta, h);
    mpq_t wq;
    mpq_init(wq);
    for (size_t s = 0; s < r->nbeliefs; s++) {
        char *p = p_act_cell(&r->belief[s], exact, false);
        char *w = NULL;
        if (wcol) {
            bool has = false;
            for (size_t k = 0; k < veto_model_nscenarios(m) && !has; k++) {
                if (strcmp(veto_model_scenario(m, k), r->belief[s].name) ==
                    0) {
                    has = veto_model_scenario_weight(wq, m, k);
                }
            }
            w = has ? fmt_num(wq, 0, exact, false) : xstrdup("");
        }
        char *ind = NULL;
        if (icol) {
            const veto_belief_result_t *b = &r->belief[s];
            ind = b->nblocs == 0
                      ? xstrdup("")
                      : fmt_num(b->p_act_independent_q != NULL
                                    ? *b->p_act_independent_q
                                    : NULL,
                                b->p_act_independent, exact, false);
        }
        const char *row[4] = {r->belief[s].name, wcol ? w : p,
                              wcol ? p : ind, ind};
        rt_row(ta, row);
        free(p);
        free(w);
        free(ind);
    }
    mpq_clear(wq);
    if (wcol) {
        char *p = p_act_cell(r->expected, exact, false);
        const char *row[4] = {"expected", "1", p, ""};
        rt_row(ta, row);
        free(p);
    }
    size_t nc = 1 + r->nbeliefs + (wcol ? 1 : 0);
    rt_init(td, nc);
    const char **hd = xmalloc(nc * sizeof *hd);
    hd[0] = "player";
    for (size_t s = 0; s < r->nbeliefs; s++) {
        hd[1 + s] = r->belief[s].name;
        td->right[1 + s] = true;
    }
    if (wcol) {
        hd[nc - 1] = "expected";
        td->right[nc - 1] = true;
    }
    rt_row(td, hd);
    char **cells = xmalloc(nc * sizeof *cells);
    for (size_t i = 0; i < r->n; i++) {
        cells[0] = xstrdup(veto_model_player(m, i));
        for (size_t s = 0; s < r->nbeliefs; s++) {
            cells[1 + s] = p_dec_cell(&r->belief[s], i, exact, false);
        }
        if (wcol) {
            cells[nc - 1] = p_dec_cell(r->expected, i, exact, false);
        }
        rt_row(td, (const char *const *)cells);
        for (size_t j = 0; j < nc; j++) {
            free(cells[j]);
        }
    }
    free(cells);
    free(hd);
}

/* Long CSV: file, scenario, player, quantity, value. */
static void full_csv(FILE *f, const report_item_t *it, const report_opts_t *o,
                     bool header)
{
    const veto_model_t *m = it->model;
    const veto_result_t *r = it->result;
    rtable_t t;
    rt_init(&t, 5);
    if (header) {
        const char *h[5] = {"file", "scenario", "player", "quantity", "value"};
        rt_row(&t, h);
    }
    const char *file = veto_model_filename(m);
    const char *mrow[5] = {file, "", "", "method", veto_method_name(r->method)};
    rt_row(&t, mrow);
    const char *rrow[5] = {file, "", "", "method_reason", r->reason};
    rt_row(&t, rrow);
    if (r->stopped_timeout) {
        char ns[32];
        snprintf(ns, sizeof ns, "%llu", (unsigned long long)r->samples);
        const char *srow[5] = {file, "", "", "stopped", "timeout"};
        rt_row(&t, srow);
        const char *nrow[5] = {file, "", "", "samples", ns};
        rt_row(&t, nrow);
    }
    if (r->have_winning) {
        char *w = fmt_z(r->winning);
        const char *row[5] = {file, "", "", "winning", w};
        rt_row(&t, row);
        free(w);
        char *p = fmt_num(r->power_to_act, 0, o->exact, true);
        const char *row2[5] = {file, "", "", "power_to_act", p};
        rt_row(&t, row2);
        free(p);
    }
    if (r->have_minimal) {
        char *w = fmt_z(r->minimal_winning);
        const char *row[5] = {file, "", "", "minimal_winning", w};
        rt_row(&t, row);
        free(w);
    }
    for (size_t i = 0; i < r->n; i++) {
        const char *pl = veto_model_player(m, i);
        if (r->have_properties) {
            const char *row[5] = {file, "", pl, "veto_player",
                                  r->veto_player[i] ? "1" : "0"};
            rt_row(&t, row);
            if (r->ternary) {
                const char *r1[5] = {file, "", pl, "veto_unless_yes",
                                     r->veto_unless_yes[i] ? "1" : "0"};
                rt_row(&t, r1);
                const char *r2[5] = {file, "", pl, "abstention_matters",
                                     r->abstention_matters[i] ? "1" : "0"};
                rt_row(&t, r2);
            }
            if (r->dummy != NULL && r->dummy[i] != VETO_UNKNOWN) {
                const char *row2[5] = {file, "", pl, "dummy",
                                       r->dummy[i] == VETO_YES ? "1" : "0"};
                rt_row(&t, row2);
            }
        }
        for (int k = 0; k < VETO_NINDEX; k++) {
            if (r->computed & VETO_INDEX_BIT(k)) {
                char *v = index_cell(r, k, i, o->exact, true);
                const char *row[5] = {file, "", pl, veto_index_key(k), v};
                rt_row(&t, row);
                free(v);
                if (r->halfwidth[k] != NULL) {
                    char *q = xasprintf("%s_halfwidth", veto_index_key(k));
                    char *h = fmt_plain(r->halfwidth[k][i]);
                    const char *row2[5] = {file, "", pl, q, h};
                    rt_row(&t, row2);
                    free(q);
                    free(h);
                }
            }
        }
    }
    for (size_t s = 0; s < r->nbeliefs; s++) {
        const veto_belief_result_t *b = &r->belief[s];
        char *p = p_act_cell(b, o->exact, true);
        const char *row[5] = {file, b->name, "", "p_act", p};
        rt_row(&t, row);
        free(p);
        if (b->p_act_hw > 0) {
            char *h = fmt_plain(b->p_act_hw);
            const char *row2[5] = {file, b->name, "", "p_act_halfwidth", h};
            rt_row(&t, row2);
            free(h);
        }
        for (size_t i = 0; i < r->n; i++) {
            char *d = p_dec_cell(b, i, o->exact, true);
            const char *row2[5] = {file, b->name, veto_model_player(m, i),
                                   "p_decisive", d};
            rt_row(&t, row2);
            free(d);
            if (b->p_decisive_na != NULL) {
                /* three-valued (issue 10): the two steps */
                char *na = fmt_num(b->exact ? b->p_decisive_na_q[i] : NULL,
                                   b->p_decisive_na[i], o->exact, true);
                char *ay = fmt_num(b->exact ? b->p_decisive_ay_q[i] : NULL,
                                   b->p_decisive_ay[i], o->exact, true);
                const char *r1[5] = {file, b->name, veto_model_player(m, i),
                                     "p_decisive_no_abstain", na};
                const char *r2[5] = {file, b->name, veto_model_player(m, i),
                                     "p_decisive_abstain_yes", ay};
                rt_row(&t, r1);
                rt_row(&t, r2);
                free(na);
                free(ay);
            }
        }
        for (size_t k = 0; r->ternary && k < b->nrecused; k++) {
            const char *r1[5] = {file, b->name,
                                 veto_model_player(m, b->recused[k]),
                                 "recused", "1"};
            rt_row(&t, r1);
        }
    }
    rt_render(f, &t, REPORT_CSV);
    rt_free(&t);
}

int report_full(FILE *f, const report_item_t *items, size_t nitems,
                const report_opts_t *o)
{
    if (o->format == REPORT_JSON) {
        return json_models(f, "report", items, nitems, o);
    }
    if (o->format == REPORT_SVG) {
        return svg_report(f, items, nitems, o);
    }
    if (o->format == REPORT_HTML) {
        return html_report(f, items, nitems, o);
    }
    for (size_t k = 0; k < nitems; k++) {
        const veto_model_t *m = items[k].model;
        const veto_result_t *r = items[k].result;
        if (o->format == REPORT_CSV) {
            full_csv(f, &items[k], o, k == 0);
            continue;
        }
        bool md = o->format == REPORT_MD;
        if (k > 0) {
            fputc('\n', f);
        }
        stopped_line(f, r, md);
        if (md) {
            fprintf(f, "# %s\n\n", report_label(m));
        } else {
            fprintf(f, "%s\n", report_label(m));
            size_t l = strlen(report_label(m));
            for (size_t i = 0; i < l && i < 78; i++) {
                fputc('=', f);
            }
            fputc('\n', f);
        }
        for (size_t s = 0; s < veto_model_nnotes(m); s++) {
            fprintf(f, "%snote: %s\n", md ? "- " : "", veto_model_note(m, s));
        }
        summary(f, m, r, o, md);
        blocking_lines(f, m, r, md);
        fprintf(f, md ? "\n## Power\n\n" : "\npower:\n");
        rtable_t t;
        rt_power_table(&t, m, r, o->exact, false, VETO_INDEX_ALL, false);
        rt_render(f, &t, md ? REPORT_MD : REPORT_TEXT);
        rt_free(&t);
        if (r->nbeliefs > 0) {
            rtable_t ta, td;
            belief_tables(&ta, &td, m, r, o->exact);
            bool blocs = false;
            for (size_t s = 0; s < r->nbeliefs && r->belief_blocs != NULL;
                 s++) {
                blocs = blocs || r->belief_blocs[s];
            }
            if (r->ternary) {
                fprintf(f, md ? "\n## Probability of acting\n\nPlayers vote "
                                "yes, abstain or no independently with the "
                                "stated beliefs.\n\n"
                              : "\nprobability of acting (players vote "
                                "independently with the stated beliefs):\n");
            } else if (blocs) {
                fprintf(f, md ? "\n## Probability of acting\n\nPlayers vote "
                                "yes independently with the stated beliefs, "
                                "except that the members of a bloc share one "
                                "yes-probability drawn from its Beta "
                                "distribution.\n\n"
                              : "\nprobability of acting (players vote yes "
                                "independently; a bloc's members share one "
                                "Beta-distributed yes-probability):\n");
            } else {
                fprintf(f, md ? "\n## Probability of acting\n\nPlayers vote "
                                "yes independently with the stated "
                                "beliefs.\n\n"
                              : "\nprobability of acting (players vote yes "
                                "independently):\n");
            }
            rt_render(f, &ta, md ? REPORT_MD : REPORT_TEXT);
            if (r->ternary) {
                for (size_t s = 0; s < r->nbeliefs; s++) {
                    const veto_belief_result_t *be = &r->belief[s];
                    if (be->nrecused == 0) {
                        continue;
                    }
                    fprintf(f, "%sforced to abstain (recused) in %s:", md ? "\n- " : "",
                            be->name);
                    for (size_t q = 0; q < be->nrecused; q++) {
                        fprintf(f, "%s %s", q > 0 ? "," : "",
                                veto_model_player(m, be->recused[q]));
                    }
                    fputc('\n', f);
                }
            }
            fprintf(f, md ? "\n## Probability of being decisive\n\n"
                          : "\nprobability of being decisive:\n");
            if (r->ternary) {
                fprintf(f, "%s(changing the vote from no to yes; the steps "
                           "no -> abstain and abstain -> yes are in the JSON "
                           "and CSV output)\n%s",
                        md ? "" : "", md ? "\n" : "");
            }
            rt_render(f, &td, md ? REPORT_MD : REPORT_TEXT);
            rt_free(&ta);
            rt_free(&td);
        }
    }
    return 0;
}

/* A model's row label in a comparison: its file name without folder and
 * extension ("draft-2022-04-15"); the titles are listed under the table. */
static char *short_label(const veto_model_t *m)
{
    const char *f = veto_model_filename(m);
    const char *slash = strrchr(f, '/');
    const char *base = slash != NULL ? slash + 1 : f;
    char *s = xstrdup(base);
    char *dot = strrchr(s, '.');
    if (dot != NULL && dot != s) {
        *dot = '\0';
    }
    return s;
}

/* Scenario names in order of first appearance across the models. */
static size_t scenario_union(const report_item_t *items, size_t nitems,
                             const char ***out)
{
    size_t cap = 8, cnt = 0;
    const char **names = xmalloc(cap * sizeof *names);
    for (size_t k = 0; k < nitems; k++) {
        const veto_result_t *r = items[k].result;
        for (size_t s = 0; s < r->nbeliefs; s++) {
            const char *nm = r->belief[s].name;
            bool seen = false;
            for (size_t j = 0; j < cnt; j++) {
                if (strcmp(names[j], nm) == 0) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                if (cnt == cap) {
                    cap *= 2;
                    names = xrealloc(names, cap * sizeof *names);
                }
                names[cnt++] = nm;
            }
        }
    }
    *out = names;
    return cnt;
}

int report_compare(FILE *f, const report_item_t *items, size_t nitems,
                   const report_opts_t *o)
{
    if (o->format == REPORT_JSON) {
        return json_models(f, "compare", items, nitems, o);
    }
    if (o->format == REPORT_SVG) {
        return svg_compare(f, items, nitems, o);
    }
    if (o->format == REPORT_HTML) {
        return html_compare(f, items, nitems, o);
    }
    const char **scen;
    size_t ns = scenario_union(items, nitems, &scen);
    size_t nc = 3 + ns;
    rtable_t t;
    rt_init(&t, nc);
    const char **h = xmalloc(nc * sizeof *h);
    char **hs = xmalloc(nc * sizeof *hs);
    bool csv = o->format == REPORT_CSV;
    h[0] = csv ? "file" : "model";
    h[1] = csv ? "veto_players" : "veto players";
    h[2] = csv ? "power_to_act" : "power to act";
    t.right[2] = true;
    for (size_t s = 0; s < ns; s++) {
        hs[s] = csv ? xasprintf("p_act:%s", scen[s])
                    : xasprintf("P(act) %s", scen[s]);
        h[3 + s] = hs[s];
        t.right[3 + s] = true;
    }
    rt_row(&t, h);
    char **cells = xmalloc(nc * sizeof *cells);
    for (size_t k = 0; k < nitems; k++) {
        const veto_model_t *m = items[k].model;
        const veto_result_t *r = items[k].result;
        cells[0] = csv ? xstrdup(veto_model_filename(m)) : short_label(m);
        cells[1] = !r->have_properties ? xstrdup(csv ? "" : "not computed")
                   : csv ? name_list(m, r->veto_player, r->n, ";", "")
                         : name_list(m, r->veto_player, r->n, ", ", "none");
        cells[2] = r->have_power
                       ? fmt_num(r->power_to_act, 0, o->exact, csv)
                       : xstrdup(csv ? "" : "not computed");
        for (size_t s = 0; s < ns; s++) {
            cells[3 + s] = NULL;
            for (size_t b = 0; b < r->nbeliefs; b++) {
                if (strcmp(r->belief[b].name, scen[s]) == 0) {
                    const veto_belief_result_t *rb = &r->belief[b];
                    cells[3 + s] = p_act_cell(rb, o->exact, csv);
                    if (!csv && rb->nblocs > 0) {
                        /* blocs (issue 11): the independent figure */
                        char *ind = fmt_num(
                            rb->p_act_independent_q != NULL
                                ? *rb->p_act_independent_q
                                : NULL,
                            rb->p_act_independent, o->exact, false);
                        char *both = xasprintf("%s (indep. %s)",
                                               cells[3 + s], ind);
                        free(cells[3 + s]);
                        free(ind);
                        cells[3 + s] = both;
                    }
                }
            }
            if (cells[3 + s] == NULL) {
                cells[3 + s] = xstrdup(csv ? "" : "-");
            }
        }
        rt_row(&t, (const char *const *)cells);
        for (size_t j = 0; j < nc; j++) {
            free(cells[j]);
        }
    }
    if (o->format == REPORT_MD) {
        fprintf(f, "# Comparison\n\n");
    }
    rt_render(f, &t, o->format == REPORT_JSON ? REPORT_TEXT : o->format);
    if (o->format == REPORT_TEXT) {
        fprintf(f, "\nP(act): probability that the body acts, players voting "
                   "yes independently with each model's beliefs.\n");
        bool any_blocs = false;
        for (size_t k = 0; k < nitems; k++) {
            const veto_result_t *r = items[k].result;
            for (size_t b = 0; b < r->nbeliefs; b++) {
                any_blocs =
                    any_blocs || r->belief[b].nblocs > 0;
            }
        }
        if (any_blocs) {
            fprintf(f, "With blocs, a bloc's members share one yes-probability "
                       "drawn from its Beta distribution; (indep. x) is the\n"
                       "figure with every bloc's members voting "
                       "independently at the bloc's mean.\n");
        }
        bool any3 = false;
        for (size_t k = 0; k < nitems; k++) {
            any3 = any3 || items[k].result->ternary;
        }
        if (any3) {
            /* issue 10; absent when every model is yes/no */
            fprintf(f, "Three-valued models (votes yes, abstain, no) draw "
                       "each vote from its yes and abstain probabilities; "
                       "their power to act, a yes/no notion, is not "
                       "computed; their veto players block by voting no, "
                       "and those whose abstention blocks too are named "
                       "below.\n");
        }
        for (size_t k = 0; k < nitems; k++) {
            const veto_result_t *r = items[k].result;
            char *l = short_label(items[k].model);
            fprintf(f, "%s: %s\n    engine %s: %s\n", l,
                    report_label(items[k].model), veto_method_name(r->method),
                    r->reason);
            if (r->stopped_timeout) {
                fprintf(f, "    stopped by --timeout after %llu samples\n",
                        (unsigned long long)r->samples);
            }
            if (r->ternary && r->veto_unless_yes != NULL) {
                char *v = name_list(items[k].model, r->veto_unless_yes, r->n,
                                    ", ", "none");
                fprintf(f, "    abstaining blocks (only a yes does not): %s\n",
                        v);
                free(v);
            }
            free(l);
        }
    }
    for (size_t s = 0; s < ns; s++) {
        free(hs[s]);
    }
    free(hs);
    free(h);
    free(cells);
    free(scen);
    rt_free(&t);
    return 0;
}
