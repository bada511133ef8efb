/*
 * html.c: a self-contained HTML page per report (inline CSS and SVG; no
 * scripts, no network): the rule in plain words, the veto players, the
 * power table and chart, the probability of acting under each scenario
 * with the beliefs that define it, and the model's sources and notes.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

void html_begin(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
          "<meta charset=\"utf-8\"/>\n<title>",
          f);
    svg_escape(f, title);
    fputs("</title>\n<style>\n"
          "body{font-family:Helvetica,Arial,sans-serif;max-width:70em;"
          "margin:2em auto;padding:0 1em;color:#222}\n"
          "table{border-collapse:collapse;margin:1em 0}\n"
          "th,td{border:1px solid #bbb;padding:.25em .6em}\n"
          "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
          "th{background:#f0f0f0}\n"
          ".rule{font-size:1.15em;background:#f7f7e8;padding:.6em;"
          "border-left:4px solid #cc9}\n"
          ".chart{overflow-x:auto}\n"
          ".chart svg{max-width:100%;height:auto}\n"
          "</style>\n</head>\n<body>\n<h1>",
          f);
    svg_escape(f, title);
    fputs("</h1>\n", f);
}

void html_end(FILE *f)
{
    fprintf(f,
            "<p><small>Written by veto %s. Every number is computed "
            "exactly unless marked.</small></p>\n</body>\n</html>\n",
            VETO_VERSION);
}

/* "everyone 1/2" or "1/2, except Russia 0, China 1/4" (exact). */
char *belief_words(const veto_model_t *m, size_t s)
{
    size_t n = veto_model_nplayers(m);
    mpq_t common, v;
    mpq_init(common);
    mpq_init(v);
    /* The most frequent value is stated once: O(n^2), n small here. */
    size_t best = 0;
    for (size_t i = 0; i < n; i++) {
        veto_model_belief(common, m, s, i);
        size_t cnt = 0;
        for (size_t j = 0; j < n; j++) {
            veto_model_belief(v, m, s, j);
            cnt += mpq_equal(v, common) != 0;
        }
        if (cnt > best) {
            best = cnt;
        }
        if (cnt * 2 > n) {
            break;
        }
    }
    char *base = fmt_q(common, true);
    char *out = best == n ? xasprintf("everyone %s", base)
                          : xasprintf("%s, except", base);
    bool first = true;
    for (size_t j = 0; j < n && best != n; j++) {
        veto_model_belief(v, m, s, j);
        if (!mpq_equal(v, common)) {
            char *q = fmt_q(v, true);
            char *o2 = xasprintf("%s%s %s %s", out, first ? "" : ",",
                                 veto_model_player(m, j), q);
            free(q);
            free(out);
            out = o2;
            first = false;
        }
    }
    free(base);
    mpq_clear(common);
    mpq_clear(v);
    return out;
}

static void model_section(FILE *f, const report_item_t *it,
                          const report_opts_t *o, bool h2)
{
    const veto_model_t *m = it->model;
    const veto_result_t *r = it->result;
    veto_error_t err;
    char *words = NULL;
    veto_error_clear(&err);
    if (h2) {
        fputs("<h2>", f);
        svg_escape(f, report_label(m));
        fputs("</h2>\n", f);
    }
    if (r->stopped_timeout) {
        /* issue 14: first, so that nobody misses that the run was cut */
        fprintf(f,
                "<p class=\"stopped\"><strong>stopped by --timeout after "
                "%llu samples</strong> (of %llu planned; the intervals hold "
                "where it stopped)</p>\n",
                (unsigned long long)r->samples,
                (unsigned long long)r->samples_planned);
    }
    fputs("<p><small>", f);
    svg_escape(f, veto_model_filename(m));
    fputs("</small></p>\n", f);
    if (veto_rule_words(&words, m, &err) == VETO_OK) {
        fputs("<p class=\"rule\">", f);
        svg_escape(f, words);
        fputs("</p>\n", f);
        veto_free(words);
    }
    for (size_t k = 0; k < veto_model_nnotes(m); k++) {
        fputs("<p><em>Note:</em> ", f);
        svg_escape(f, veto_model_note(m, k));
        fputs("</p>\n", f);
    }
    char *v = veto_list(m, r);
    fputs("<p><strong>Veto players:</strong> ", f);
    svg_escape(f, v);
    fputs("</p>\n", f);
    free(v);
    if (r->have_winning) {
        char *p = fmt_q(r->power_to_act, o->exact);
        char *w = fmt_z(r->winning);
        fprintf(f,
                "<p><strong>Power to act</strong> (share of the 2<sup>%zu"
                "</sup> coalitions that win): ",
                r->n);
        svg_escape(f, p);
        fputs(" (", f);
        svg_escape(f, w);
        fputs(" winning coalitions)</p>\n", f);
        free(p);
        free(w);
    }
    fputs("<p>Engine: ", f);
    svg_escape(f, veto_method_name(r->method));
    fputs(" (", f);
    svg_escape(f, r->reason);
    fputs(")</p>\n", f);

    if (r->nbeliefs > 0) {
        fputs("<h3>Probability of acting under each scenario</h3>\n", f);
        rtable_t t;
        rt_init(&t, 3);
        t.right[1] = true;
        const char *hdr[3] = {"scenario", "P(act)",
                              "beliefs (probability "
                              "of voting yes)"};
        rt_row(&t, hdr);
        for (size_t s = 0; s < r->nbeliefs; s++) {
            const veto_belief_result_t *b = &r->belief[s];
            char *p = p_act_cell(b, o->exact, false);
            char *bw = belief_words(m, s);
            const char *row[3] = {b->name, p, bw};
            rt_row(&t, row);
            free(p);
            free(bw);
        }
        html_table(f, &t);
        rt_free(&t);
    }

    fputs("<h3>Power</h3>\n<div class=\"chart\">\n", f);
    svg_power_chart(f, it, o->exact);
    fputs("</div>\n", f);
    rtable_t pt;
    rt_power_table(&pt, m, r, o->exact, false, VETO_INDEX_ALL, true);
    html_table(f, &pt);
    rt_free(&pt);

    if (veto_model_nsources(m) > 0) {
        fputs("<h3>Sources</h3>\n<ul>\n", f);
        for (size_t k = 0; k < veto_model_nsources(m); k++) {
            fputs("<li>", f);
            svg_escape(f, veto_model_source(m, k));
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    }
}

static int html_page(FILE *f, bool compare, const report_item_t *items,
                     size_t nitems, const report_opts_t *o)
{
    if (!compare && nitems == 1) {
        html_begin(f, report_label(items[0].model));
        model_section(f, &items[0], o, false);
        html_end(f);
        return 0;
    }
    html_begin(f, compare ? "Comparison of decision rules" : "Decision rules");
    if (compare) {
        /* One row per model: veto players, power to act, P(act) under the
         * defaults and each scenario, matched by name. */
        size_t ns = 0;
        const char *sname[64];
        for (size_t k = 0; k < nitems; k++) {
            for (size_t s = 0; s < items[k].result->nbeliefs; s++) {
                const char *nm = items[k].result->belief[s].name;
                bool seen = false;
                for (size_t j = 0; j < ns; j++) {
                    seen = seen || strcmp(sname[j], nm) == 0;
                }
                if (!seen && ns < 64) {
                    sname[ns++] = nm;
                }
            }
        }
        rtable_t t;
        rt_init(&t, 3 + ns);
        const char **row = xmalloc((3 + ns) * sizeof *row);
        row[0] = "model";
        row[1] = "veto players";
        row[2] = "power to act";
        t.right[2] = true;
        for (size_t j = 0; j < ns; j++) {
            row[3 + j] = xasprintf("P(act): %s", sname[j]);
            t.right[3 + j] = true;
        }
        rt_row(&t, row);
        for (size_t j = 0; j < ns; j++) {
            free((char *)row[3 + j]);
        }
        char **cells = xmalloc((3 + ns) * sizeof *cells);
        for (size_t k = 0; k < nitems; k++) {
            const veto_result_t *r = items[k].result;
            cells[0] = xstrdup(report_label(items[k].model));
            cells[1] = veto_list(items[k].model, r);
            cells[2] = r->have_winning ? fmt_q(r->power_to_act, o->exact)
                                       : xstrdup("not computed");
            for (size_t j = 0; j < ns; j++) {
                cells[3 + j] = xstrdup("-");
                for (size_t s = 0; s < r->nbeliefs; s++) {
                    const veto_belief_result_t *b = &r->belief[s];
                    if (strcmp(b->name, sname[j]) == 0) {
                        free(cells[3 + j]);
                        cells[3 + j] = p_act_cell(b, o->exact, false);
                    }
                }
            }
            rt_row(&t, (const char *const *)cells);
            for (size_t j = 0; j < 3 + ns; j++) {
                free(cells[j]);
            }
        }
        free(cells);
        free(row);
        html_table(f, &t);
        rt_free(&t);
        fputs("<div class=\"chart\">\n", f);
        svg_compare_pact(f, items, nitems, o->exact);
        fputs("</div>\n<div class=\"chart\">\n", f);
        svg_compare_power(f, items, nitems, o->exact);
        fputs("</div>\n", f);
    }
    for (size_t k = 0; k < nitems; k++) {
        model_section(f, &items[k], o, true);
    }
    html_end(f);
    return 0;
}

int html_report(FILE *f, const report_item_t *items, size_t nitems,
                const report_opts_t *o)
{
    return html_page(f, false, items, nitems, o);
}

int html_compare(FILE *f, const report_item_t *items, size_t nitems,
                 const report_opts_t *o)
{
    return html_page(f, true, items, nitems, o);
}
