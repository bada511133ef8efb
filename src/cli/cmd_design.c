/*
 * cmd_design.c: veto design FILE --remove-veto NAME [--top K]: the
 * smallest changes of the rule's thresholds that leave NAME without a veto,
 * each with its power table and its probability of acting under every
 * scenario, and the family that was searched. Text, md, JSON or HTML.
 */
#include "cmd.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static char *pact_list(const veto_result_t *r, bool exact)
{
    char *s = xstrdup("");
    for (size_t b = 0; b < r->nbeliefs; b++) {
        const veto_belief_result_t *bb = &r->belief[b];
        char *p =
            exact && bb->exact ? fmt_q(bb->p_act_q, true) : fmt_d(bb->p_act);
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
        rt_power_table(&t, m, r, exact, shown_indices);
        if (html) {
            html_table(f, &t);
            report_item_t it = {m, r};
            fputs("<div class=\"chart\">\n", f);
            svg_power_chart(f, &it);
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

static json_t *jz(const mpz_t z)
{
    char *s = fmt_z(z);
    json_t *j = json_string(s);
    free(s);
    return j;
}

static void write_json(FILE *f, const veto_model_t *m, const veto_design_t *d,
                       bool exact)
{
    size_t n = veto_model_nplayers(m);
    json_t *o = json_object();
    json_object_set_new(o, "model", json_string(report_label(m)));
    json_object_set_new(o, "player",
                        json_string(veto_model_player(m, d->player)));
    json_object_set_new(o, "family", json_string(d->family));
    json_object_set_new(o, "tried", json_integer((json_int_t)d->tried));
    json_object_set_new(o, "already", json_boolean(d->already));
    json_t *cs = json_array();
    for (size_t k = 0; k < d->ncand; k++) {
        const veto_design_candidate_t *c = &d->cand[k];
        const veto_result_t *r = c->result;
        json_t *co = json_object();
        json_t *chs = json_array();
        for (size_t j = 0; j < c->nchanges; j++) {
            json_t *ch = json_object();
            json_object_set_new(
                ch, "threshold",
                json_integer((json_int_t)c->change[j].threshold));
            json_object_set_new(ch, "from", jz(c->change[j].from));
            json_object_set_new(ch, "to", jz(c->change[j].to));
            json_object_set_new(ch, "before", json_string(c->change[j].before));
            json_object_set_new(ch, "after", json_string(c->change[j].after));
            json_array_append_new(chs, ch);
        }
        json_object_set_new(co, "changes", chs);
        json_object_set_new(co, "cost", json_real(c->cost));
        json_object_set_new(co, "rule", json_string(c->rule_text));
        json_t *vp = json_array();
        for (size_t i = 0; i < n; i++) {
            if (r->veto_player[i]) {
                json_array_append_new(vp, json_string(veto_model_player(m, i)));
            }
        }
        json_object_set_new(co, "veto_players", vp);
        json_t *pa = json_object();
        for (size_t b = 0; b < r->nbeliefs; b++) {
            const veto_belief_result_t *bb = &r->belief[b];
            json_object_set_new(pa, bb->name,
                                bb->exact ? json_q(bb->p_act_q, bb->p_act, exact)
                                          : json_real(bb->p_act));
        }
        json_object_set_new(co, "p_act", pa);
        json_t *ix = json_object();
        for (int x = 0; x < VETO_NINDEX; x++) {
            if (!(r->computed & VETO_INDEX_BIT(x)) ||
                (r->undefined & VETO_INDEX_BIT(x))) {
                continue;
            }
            json_t *a = json_array();
            for (size_t i = 0; i < n; i++) {
                json_array_append_new(
                    a, json_q(r->value[x][i], mpq_get_d(r->value[x][i]), exact));
            }
            json_object_set_new(ix, veto_index_key((veto_index)x), a);
        }
        json_object_set_new(co, "indices", ix);
        json_array_append_new(cs, co);
    }
    json_object_set_new(o, "candidates", cs);
    json_object_set_new(o, "version", json_string(VETO_VERSION));
    json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', f);
    json_decref(o);
}

int cmd_design(cli_t *c)
{
    veto_model_t *m = NULL;
    veto_design_t *d = NULL;
    veto_error_t err;
    const char *who = cmd_option(c, "--remove-veto");
    const char *top = cmd_option(c, "--top");
    long ntop = 3;
    int status = EXIT_OK;
    if (who == NULL) {
        return cli_usage_error("%s", "'design' needs --remove-veto NAME");
    }
    if (top != NULL) {
        char *end;
        ntop = strtol(top, &end, 10);
        if (*top == '\0' || *end != '\0' || ntop < 1 || ntop > 100) {
            return cli_usage_error("bad --top '%s' (1 to 100)", top);
        }
    }
    if (c->ropts.format == REPORT_CSV || c->ropts.format == REPORT_SVG) {
        return cli_usage_error("%s", "'design' writes text, md, json or html");
    }
    status = cmd_load(c, &m);
    if (status >= 0) {
        return status;
    }
    status = EXIT_OK;
    long p = cmd_player(m, who);
    if (p < 0) {
        status = EXIT_USAGE;
        goto done;
    }
    veto_error_clear(&err);
    c->started = cli_now();
    veto_status s =
        veto_design_remove_veto(&d, m, (size_t)p, (size_t)ntop, &c->opts, &err);
    cli_clear_progress(c);
    if (s != VETO_OK) {
        status = cmd_fail(c, s, &err, m);
        goto done;
    }
    char *tmp;
    FILE *out = cli_open_output(c, &tmp);
    if (out == NULL) {
        status = EXIT_OUTPUT;
        goto done;
    }
    if (c->ropts.format == REPORT_JSON) {
        write_json(out, m, d, c->ropts.exact);
    } else {
        write_text(out, m, d, c->ropts.exact, c->ropts.format);
    }
    status = cli_close_output(c, out, tmp, !interrupted);
done:
    veto_design_free(d);
    veto_model_free(m);
    return status;
}
