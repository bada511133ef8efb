/*
 * sweep.c: the writer of veto sweep: the probability of acting, the veto
 * players and the indices at each point, as a table (text, md, csv), an
 * SVG line chart, or an HTML page holding both; JSON is in json.c.
 */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A bloc sweep's narrow tables show the P(decisive) of the bloc's members
 * when there are at most this many; the CSV and JSON have every player. */
#define BLOC_TABLE_PLAYERS 8

/* The P(act) columns of a quota or bloc sweep: every belief set's (a bloc
 * moves in the defaults and every scenario's copy, or in one scenario),
 * then the expected value over weighted scenarios. The cell of column k
 * at point p; NULL past the last column. */
static const veto_belief_result_t *p_act_column(const veto_sweep_t *s, size_t p,
                                                size_t k)
{
    const veto_result_t *r = s->result[p];
    return k < r->nbeliefs    ? &r->belief[k]
           : k == r->nbeliefs ? r->expected
                              : NULL;
}

/* The table of a bloc sweep: the parameter, P(act) under every belief set
 * and expected over weighted scenarios (as a quota sweep shows them), and
 * P(decisive) under the swept set: every player's in CSV, the bloc
 * members' in the narrow tables. A model of one belief set keeps the one
 * column "P(act)". */
static void build_bloc_table(rtable_t *t, const veto_model_t *m,
                             const veto_sweep_t *s, bool exact, bool wide)
{
    size_t n = veto_model_nplayers(m);
    size_t bs = s->belief_set;
    const veto_result_t *r0 = s->result[0];
    size_t na = r0->nbeliefs + (r0->expected != NULL ? 1 : 0);
    bool dec = wide || s->nmembers <= BLOC_TABLE_PLAYERS;
    /* the players shown: all (CSV) or the bloc's members */
    size_t np = !dec ? 0 : wide ? n : s->nmembers;
    size_t ncol = 1 + na + np;
    rt_init(t, ncol);
    char **row = xmalloc(ncol * sizeof *row);
    size_t c = 0;
    /* the label in CSV too: which parameter of which bloc moves */
    row[c++] = xasprintf("%c of bloc %s", s->param, s->bloc);
    for (size_t k = 0; k < na; k++) {
        const char *name = p_act_column(s, 0, k)->name;
        row[c++] = wide      ? xasprintf("p_act:%s", name)
                   : na == 1 ? xstrdup("P(act)")
                             : xasprintf("P(act): %s", name);
    }
    for (size_t j = 0; j < np; j++) {
        size_t i = wide ? j : s->member[j];
        row[c++] = wide ? xasprintf("p_decisive:%s", veto_model_player(m, i))
                        : xasprintf("P(%s decisive)", veto_model_player(m, i));
    }
    for (size_t k = 0; k < ncol; k++) {
        t->right[k] = true;
    }
    rt_row(t, (const char *const *)row);
    for (size_t k = 0; k < ncol; k++) {
        free(row[k]);
    }
    for (size_t p = 0; p < s->npoints; p++) {
        const veto_belief_result_t *b = &s->result[p]->belief[bs];
        c = 0;
        row[c++] =
            wide ? fmt_num(s->value[p], 0, exact, true) : fmt_frac(s->value[p]);
        for (size_t k = 0; k < na; k++) {
            row[c++] = p_act_cell(p_act_column(s, p, k), exact, wide);
        }
        for (size_t j = 0; j < np; j++) {
            row[c++] = p_dec_cell(b, wide ? j : s->member[j], exact, wide);
        }
        rt_row(t, (const char *const *)row);
        for (size_t k = 0; k < ncol; k++) {
            free(row[k]);
        }
    }
    free(row);
}

/* The table of the sweep; csv adds every player's p_decisive (belief) or
 * indices (quota). */
static void build_table(rtable_t *t, const veto_model_t *m,
                        const veto_sweep_t *s, bool exact, bool wide)
{
    size_t n = veto_model_nplayers(m);
    const veto_result_t *r0 = s->result[0];
    size_t ncol;
    /* a quota sweep's P(act) columns: every belief set, then the
     * expected value over weighted scenarios (p_act_column) */
    size_t nb = r0->nbeliefs + (r0->expected != NULL ? 1 : 0);
    if (s->kind == VETO_SWEEP_BLOC) {
        build_bloc_table(t, m, s, exact, wide);
        return;
    }
    /* A three-valued sweep also shows the two steps of decisiveness:
     * no -> abstain and abstain -> yes. */
    bool tern = s->ternary && s->kind == VETO_SWEEP_BELIEF;
    if (s->kind == VETO_SWEEP_BELIEF) {
        ncol = wide ? 2 + n * (tern ? 3 : 1) : (tern ? 5 : 3);
    } else {
        ncol = 3 + nb + (wide ? 2 * n : 0);
    }
    rt_init(t, ncol);
    char **hdr = xmalloc(ncol * sizeof *hdr);
    size_t c = 0;
    if (wide) {
        hdr[c++] = xstrdup("value");
    } else if (s->kind == VETO_SWEEP_BELIEF) {
        hdr[c++] =
            !s->ternary
                ? xasprintf("belief of %s", veto_model_player(m, s->player))
                : xasprintf("P(%s) of %s",
                            s->vote == VETO_VOTE_ABSTAIN ? "abstain" : "yes",
                            veto_model_player(m, s->player));
    } else {
        /* "threshold 3 (count >= 9 over [...])": the number alone. */
        size_t len = strcspn(s->label, "(");
        while (len > 0 && s->label[len - 1] == ' ') {
            len--;
        }
        hdr[c++] = xasprintf("%.*s", (int)len, s->label);
    }
    if (s->kind == VETO_SWEEP_BELIEF) {
        hdr[c++] = wide ? xasprintf("p_act:%s", r0->belief[0].name)
                        : xstrdup("P(act)");
        if (wide) {
            for (size_t i = 0; i < n; i++) {
                hdr[c++] = xasprintf("p_decisive:%s", veto_model_player(m, i));
            }
            for (size_t i = 0; tern && i < n; i++) {
                hdr[c++] = xasprintf("p_decisive_no_abstain:%s",
                                     veto_model_player(m, i));
            }
            for (size_t i = 0; tern && i < n; i++) {
                hdr[c++] = xasprintf("p_decisive_abstain_yes:%s",
                                     veto_model_player(m, i));
            }
        } else if (tern) {
            const char *pn = veto_model_player(m, s->player);
            hdr[c++] = xasprintf("P(%s decisive) no->yes", pn);
            hdr[c++] = xstrdup("no->abstain");
            hdr[c++] = xstrdup("abstain->yes");
        } else {
            hdr[c++] = xasprintf("P(%s decisive)",
                                 veto_model_player(m, s->player));
        }
    } else {
        hdr[c++] = xstrdup(wide ? "veto_players" : "veto players");
        hdr[c++] = xstrdup(wide ? "power_to_act" : "power to act");
        for (size_t b = 0; b < nb; b++) {
            const char *bn = p_act_column(s, 0, b)->name;
            hdr[c++] =
                wide ? xasprintf("p_act:%s", bn) : xasprintf("P(act): %s", bn);
        }
        for (size_t i = 0; wide && i < n; i++) {
            hdr[c++] = xasprintf("banzhaf:%s", veto_model_player(m, i));
        }
        for (size_t i = 0; wide && i < n; i++) {
            hdr[c++] =
                xasprintf("shapley_shubik:%s", veto_model_player(m, i));
        }
    }
    for (size_t k = 0; k < ncol; k++) {
        t->right[k] = true;
    }
    if (s->kind == VETO_SWEEP_QUOTA) {
        t->right[1] = false;
    }
    rt_row(t, (const char *const *)hdr);
    for (size_t k = 0; k < ncol; k++) {
        free(hdr[k]);
    }
    for (size_t p = 0; p < s->npoints; p++) {
        const veto_result_t *r = s->result[p];
        c = 0;
        /* The swept value: a fraction in the tables people read ("1/4"),
         * a plain number in CSV unless --exact. */
        hdr[c++] = wide ? fmt_num(s->value[p], 0, exact, true)
                        : fmt_frac(s->value[p]);
        if (s->kind == VETO_SWEEP_BELIEF) {
            const veto_belief_result_t *b = &r->belief[0];
            hdr[c++] = p_act_cell(b, exact, wide);
            for (size_t i = 0; i < n; i++) {
                if (wide || i == s->player) {
                    hdr[c++] = p_dec_cell(b, i, exact, wide);
                }
            }
            for (size_t step = 0; tern && step < 2; step++) {
                const double *d =
                    step == 0 ? b->p_decisive_na : b->p_decisive_ay;
                mpq_t *q = step == 0 ? b->p_decisive_na_q : b->p_decisive_ay_q;
                for (size_t i = 0; i < n; i++) {
                    if (wide || i == s->player) {
                        hdr[c++] =
                            fmt_num(b->exact ? q[i] : NULL, d[i], exact, wide);
                    }
                }
            }
        } else {
            hdr[c++] = !wide ? veto_list(m, r)
                       : r->have_properties
                           ? name_list(m, r->veto_player, r->n, ";", "")
                           : xstrdup("");
            hdr[c++] = r->have_power
                           ? fmt_num(r->power_to_act, 0, exact, wide)
                           : xstrdup(wide ? "" : "not computed");
            for (size_t b = 0; b < nb; b++) {
                hdr[c++] = p_act_cell(p_act_column(s, p, b), exact, wide);
            }
            for (size_t i = 0; wide && i < n; i++) {
                hdr[c++] = index_cell(r, VETO_IDX_BANZHAF, i, exact, true);
            }
            for (size_t i = 0; wide && i < n; i++) {
                hdr[c++] = index_cell(r, VETO_IDX_SHAPLEY_SHUBIK, i, exact, true);
            }
        }
        rt_row(t, (const char *const *)hdr);
        for (size_t k = 0; k < ncol; k++) {
            free(hdr[k]);
        }
    }
    free(hdr);
}

static double p_value(const veto_belief_result_t *b)
{
    return b->exact ? q_double(b->p_act_q) : b->p_act;
}

static void write_chart(FILE *f, const veto_model_t *m, const veto_sweep_t *s)
{
    size_t np = s->npoints;
    const veto_result_t *r0 = s->result[0];
    size_t ns = s->kind == VETO_SWEEP_BELIEF ? 2
                : s->kind == VETO_SWEEP_BLOC
                    ? r0->nbeliefs + (r0->expected != NULL ? 1 : 0)
                    : r0->nbeliefs + (r0->expected != NULL ? 1 : 0) + 1;
    char **series = xmalloc(ns * sizeof *series);
    double *y = xmalloc((ns * np + 1) * sizeof *y);
    size_t pi = s->player;
    if (s->kind == VETO_SWEEP_BLOC) {
        /* every belief set's P(act) and the expected one, as the table */
        for (size_t k = 0; k < ns; k++) {
            series[k] = xasprintf("P(act): %s", p_act_column(s, 0, k)->name);
            for (size_t p = 0; p < np; p++) {
                y[k * np + p] = p_value(p_act_column(s, p, k));
            }
        }
    } else if (s->kind == VETO_SWEEP_BELIEF) {
        series[0] = xstrdup("P(act)");
        series[1] = xasprintf("P(%s decisive)", veto_model_player(m, pi));
        for (size_t p = 0; p < np; p++) {
            y[p] = p_value(&s->result[p]->belief[0]);
            y[np + p] = s->result[p]->belief[0].p_decisive[pi];
        }
    } else {
        for (size_t b = 0; b + 1 < ns; b++) {
            series[b] = xasprintf("P(act): %s", p_act_column(s, 0, b)->name);
            for (size_t p = 0; p < np; p++) {
                y[b * np + p] = p_value(p_act_column(s, p, b));
            }
        }
        series[ns - 1] = xstrdup("power to act");
        for (size_t p = 0; p < np; p++) {
            y[(ns - 1) * np + p] = q_double(s->result[p]->power_to_act);
        }
    }
    /* Long threshold texts are cut on the axis; the table has them whole. */
    char *xl = strlen(s->label) > 90 ? xasprintf("%.86s ...", s->label)
                                     : xstrdup(s->label);
    size_t tl =
        s->kind != VETO_SWEEP_QUOTA ? strlen(s->label) : strcspn(s->label, "(");
    while (tl > 0 && s->label[tl - 1] == ' ') {
        tl--;
    }
    char *title =
        xasprintf("%s: sweep of %.*s", report_label(m), (int)tl, s->label);
    svg_line_chart(f, title, xl, "probability", np, s->value_d, ns,
                   (const char *const *)series, y);
    free(title);
    free(xl);
    for (size_t k = 0; k < ns; k++) {
        free(series[k]);
    }
    free(series);
    free(y);
}

int report_sweep(FILE *f, const veto_model_t *m, const veto_sweep_t *s,
                 const report_opts_t *o)
{
    rtable_t t;
    switch (o->format) {
    case REPORT_JSON:
        json_sweep(f, m, s, o);
        break;
    case REPORT_CSV:
        build_table(&t, m, s, o->exact, true);
        rt_render(f, &t, REPORT_CSV);
        rt_free(&t);
        break;
    case REPORT_SVG:
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
        write_chart(f, m, s);
        break;
    case REPORT_HTML: {
        char *title = xasprintf("%s: sweep of %s", report_label(m), s->label);
        html_begin(f, title);
        free(title);
        fputs("<div class=\"chart\">\n", f);
        write_chart(f, m, s);
        fputs("</div>\n", f);
        build_table(&t, m, s, o->exact, false);
        html_table(f, &t);
        rt_free(&t);
        html_end(f);
        break;
    }
    default: {
        bool md = o->format == REPORT_MD;
        fprintf(f, "%s%s: sweep of %s\n\n", md ? "# " : "", report_label(m),
                s->label);
        if (s->kind == VETO_SWEEP_BELIEF) {
            char *v = veto_list(m, s->result[0]);
            fprintf(f,
                    "veto players%s: %s (beliefs do not change who can "
                    "block)\n\n",
                    s->ternary ? " (block by voting no)" : "", v);
            free(v);
            if (s->ternary) {
                fprintf(f,
                        "P(no) of %s is what yes and abstain leave; "
                        "decisive: the outcome changes with %s's vote "
                        "moved one step (no->abstain, abstain->yes) or "
                        "both (no->yes).\n\n",
                        veto_model_player(m, s->player),
                        veto_model_player(m, s->player));
            }
        }
        if (s->kind == VETO_SWEEP_BLOC) {
            const veto_result_t *r0 = s->result[0];
            const char *bname = r0->belief[s->belief_set].name;
            const char *q = s->belief_set == 0 ? "" : "\"";
            char *set = xasprintf(
                "%s%s%s%s", s->belief_set == 0 ? "the defaults" : "scenario ",
                q, s->belief_set == 0 ? "" : bname, q);
            const char *dec = s->nmembers > BLOC_TABLE_PLAYERS
                                  ? "every player's P(decisive) is in "
                                    "--format csv or json"
                                  : "P(decisive) of the bloc's members "
                                    "(every player's in --format csv or "
                                    "json)";
            if (r0->nbeliefs == 1 && r0->expected == NULL) {
                fprintf(f,
                        "P(act) and P(decisive) under %s, the other beliefs "
                        "as in the model; %s\n\n",
                        set, dec);
            } else {
                /* every belief set, as a quota sweep shows them: the
                 * bloc moves in all that inherit it, or in one */
                fprintf(f,
                        "The bloc moves in %s%s, the other beliefs as in "
                        "the model.\nP(act) under every belief set%s; "
                        "P(decisive) under %s, %s\n\n",
                        set,
                        s->belief_set == 0
                            ? " and in every scenario that does not declare "
                              "its own"
                            : " only",
                        r0->expected != NULL
                            ? " and expected over the weighted scenarios"
                            : "",
                        set,
                        s->nmembers > BLOC_TABLE_PLAYERS
                            ? "every player's in --format csv or json"
                            : "of the bloc's members (every player's in "
                              "--format csv or json)");
            }
            free(set);
        }
        fprintf(f, "engine: %s (%s)\n\n",
                veto_method_name(s->result[0]->method), s->result[0]->reason);
        build_table(&t, m, s, o->exact, false);
        rt_render(f, &t, md ? REPORT_MD : REPORT_TEXT);
        rt_free(&t);
        break;
    }
    }
    return 0;
}
