/*
 * design.c: the writer of veto design: the smallest changes of the rule's
 * thresholds that leave a player without a veto, each with its power table
 * and its probability of acting under every scenario, and the family that
 * was searched. Text, Markdown and HTML; JSON is in json.c.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

static char *pact_list(const veto_result_t *r, bool exact)
{
    char *s = xstrdup("");
    for (size_t b = 0; b < r->nbeliefs; b++) {
        const veto_belief_result_t *bb = &r->belief[b];
        char *p = p_act_cell(bb, exact, false);
        char *t = xasprintf("%s%s%s %s", s, b == 0 ? "" : "; ", bb->name, p);
        free(p);
        free(s);
        s = t;
    }
    return s;
}

static const unsigned shown_indices =
    VETO_INDEX_BIT(VETO_IDX_BANZHAF) | VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK) |
    VETO_INDEX_BIT(VETO_IDX_HOLLER) | VETO_INDEX_BIT(VETO_IDX_DEEGAN_PACKEL);

static void write_text(FILE *f, const veto_model_t *m, const veto_design_t *d,
                       bool exact, report_format fmt)
{
    const char *name = veto_model_player(m, d->player);
    bool md = fmt == REPORT_MD, html = fmt == REPORT_HTML;
    char *words = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_rule_words(&words, m, &err);
    char *title =
        xasprintf("%s: rules under which %s has no veto", report_label(m), name);
    if (html) {
        html_begin(f, title);
        fputs("<p class=\"rule\">Now: ", f);
        svg_escape(f, words);
        fputs("</p>\n<p><strong>Family searched:</strong> ", f);
        svg_escape(f, d->family);
        fprintf(f, ". Rules evaluated: %llu.</p>\n",
                (unsigned long long)d->tried);
    } else {
        fprintf(f, "%s%s\n\n", md ? "# " : "", title);
        if (words != NULL) {
            fprintf(f, "Now: %s\n", words);
        }
        fprintf(f, "Family searched: %s.\nRules evaluated: %llu.\n", d->family,
                (unsigned long long)d->tried);
    }
    free(title);
    veto_free(words);
    if (d->already) {
        fprintf(f,
                html ? "<p>%s has no veto under this rule already.</p>\n"
                     : "\n%s has no veto under this rule already.\n",
                name);
    } else if (d->ncand == 0) {
        fprintf(f,
                html ? "<p>No rule in this family leaves %s without a "
                       "veto.</p>\n"
                     : "\nNo rule in this family leaves %s without a "
                       "veto.\n",
                name);
    }
    for (size_t k = 0; k < d->ncand; k++) {
        const veto_design_candidate_t *c = &d->cand[k];
        const veto_result_t *r = c->result;
        if (html) {
            fprintf(f, "<h2>%zu. %zu threshold%s changed</h2>\n<ul>\n", k + 1,
                    c->nchanges, c->nchanges == 1 ? "" : "s");
        } else {
            fprintf(f,
                    "\n%s%zu. %zu threshold%s changed (moves %.3g of the "
                    "range%s)\n",
                    md ? "## " : "", k + 1, c->nchanges,
                    c->nchanges == 1 ? "" : "s", c->cost,
                    c->nchanges == 1 ? "" : "s");
        }
        for (size_t j = 0; j < c->nchanges; j++) {
            const veto_design_change_t *ch = &c->change[j];
            char *from = fmt_z(ch->from), *to = fmt_z(ch->to);
            if (html) {
                fprintf(f, "<li>threshold %zu: <code>", ch->threshold);
                svg_escape(f, ch->before);
                fputs("</code> becomes <code>", f);
                svg_escape(f, ch->after);
                fprintf(f, "</code> (%s to %s)</li>\n", from, to);
            } else {
                fprintf(f, "   threshold %zu: `%s` becomes `%s` (%s to %s)\n",
                        ch->threshold, ch->before, ch->after, from, to);
            }
            free(from);
            free(to);
        }
        char *v = veto_list(m, r);
        char *p = pact_list(r, exact);
        if (html) {
            fputs("</ul>\n<p>Rule: <code>", f);
            svg_escape(f, c->rule_text);
            fputs("</code></p>\n<p>Veto players: ", f);
            svg_escape(f, v);
            fputs("</p>\n<p>P(act): ", f);
            svg_escape(f, p);
            fputs("</p>\n", f);
        } else {
            fprintf(f,
                    "   rule: %s\n   veto players: %s\n   P(act): %s\n"
                    "   engine: %s (%s)\n\n",
                    c->rule_text, v, p, veto_method_name(r->method), r->reason);
        }
        free(v);
        free(p);
        rtable_t t;
        rt_power_table(&t, m, r, exact, false, shown_indices, true);
        if (html) {
            html_table(f, &t);
            report_item_t it = {m, r, NULL, NULL};
            fputs("<div class=\"chart\">\n", f);
            svg_power_chart(f, &it, exact);
            fputs("</div>\n", f);
        } else {
            rt_render(f, &t, md ? REPORT_MD : REPORT_TEXT);
        }
        rt_free(&t);
    }
    if (html) {
        html_end(f);
    }
}

int report_design(FILE *f, const veto_model_t *m, const veto_design_t *d,
                  const report_opts_t *o)
{
    if (o->format == REPORT_JSON) {
        return json_design(f, m, d, o);
    }
    write_text(f, m, d, o->exact, o->format);
    return 0;
}
