/*
 * cmd_sweep.c: veto sweep FILE --belief NAME=FROM:TO[:STEPS] [--scenario S]
 * or --quota T=FROM:TO: the probability of acting, the veto players and the
 * indices at each point, as a table (text, md, csv), JSON, an SVG line
 * chart, or an HTML page holding both.
 */
#include "cmd.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static char *num(const mpq_t q, double d, bool have_q, bool exact)
{
    return exact && have_q ? fmt_q(q, true) : fmt_d(d);
}

static char *index_at(const veto_result_t *r, int k, size_t i, bool exact)
{
    if (!(r->computed & VETO_INDEX_BIT(k))) {
        return xstrdup("");
    }
    if (r->undefined & VETO_INDEX_BIT(k)) {
        return xstrdup("undefined");
    }
    return fmt_q(r->value[k][i], exact);
}

/* The table of the sweep; csv adds every player's p_decisive (belief) or
 * indices (quota). */
static void build_table(rtable_t *t, const veto_model_t *m,
                        const veto_sweep_t *s, const char *player, bool exact,
                        bool wide)
{
    size_t n = veto_model_nplayers(m);
    const veto_result_t *r0 = s->result[0];
    size_t ncol;
    size_t nb = r0->nbeliefs;
    if (s->kind == VETO_SWEEP_BELIEF) {
        ncol = wide ? 2 + n : 3;
    } else {
        ncol = 3 + nb + (wide ? 2 * n : 0);
    }
    rt_init(t, ncol);
    char **hdr = xmalloc(ncol * sizeof *hdr);
    size_t c = 0;
    if (wide) {
        hdr[c++] = xstrdup("value");
    } else if (s->kind == VETO_SWEEP_BELIEF) {
        hdr[c++] = xasprintf("belief of %s", player);
    } else {
        /* "threshold 3 (count >= 9 over [...])": the number alone. */
        size_t len = strcspn(s->label, "(");
        while (len > 0 && s->label[len - 1] == ' ') {
            len--;
        }
        hdr[c++] = xasprintf("%.*s", (int)len, s->label);
    }
    if (s->kind == VETO_SWEEP_BELIEF) {
        hdr[c++] = xstrdup(wide ? "p_act" : "P(act)");
        if (wide) {
            for (size_t i = 0; i < n; i++) {
                hdr[c++] = xasprintf("p_decisive_%s", veto_model_player(m, i));
            }
        } else {
            hdr[c++] = xasprintf("P(%s decisive)", player);
        }
    } else {
        hdr[c++] = xstrdup(wide ? "veto_players" : "veto players");
        hdr[c++] = xstrdup(wide ? "power_to_act" : "power to act");
        for (size_t b = 0; b < nb; b++) {
            hdr[c++] = wide ? xasprintf("p_act_%s", r0->belief[b].name)
                            : xasprintf("P(act): %s", r0->belief[b].name);
        }
        for (size_t i = 0; wide && i < n; i++) {
            hdr[c++] = xasprintf("banzhaf_%s", veto_model_player(m, i));
        }
        for (size_t i = 0; wide && i < n; i++) {
            hdr[c++] = xasprintf("shapley_shubik_%s", veto_model_player(m, i));
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
        hdr[c++] = fmt_q(s->value[p], true);
        if (s->kind == VETO_SWEEP_BELIEF) {
            const veto_belief_result_t *b = &r->belief[0];
            hdr[c++] = num(b->p_act_q, b->p_act, b->exact, exact);
            for (size_t i = 0; i < n; i++) {
                if (wide || strcmp(veto_model_player(m, i), player) == 0) {
                    hdr[c++] = num(b->exact ? b->p_decisive_q[i] : NULL,
                                   b->p_decisive[i], b->exact, exact);
                }
            }
        } else {
            char *v = veto_list(m, r);
            if (wide) {
                for (char *x = v; *x != '\0'; x++) {
                    if (*x == ',') {
                        *x = ';';
                    }
                }
                if (strcmp(v, "none") == 0) {
                    v[0] = '\0';
                }
            }
            hdr[c++] = v;
            hdr[c++] =
                r->have_winning ? fmt_q(r->power_to_act, exact) : xstrdup("");
            for (size_t b = 0; b < nb; b++) {
                const veto_belief_result_t *bb = &r->belief[b];
                hdr[c++] = num(bb->p_act_q, bb->p_act, bb->exact, exact);
            }
            for (size_t i = 0; wide && i < n; i++) {
                hdr[c++] = index_at(r, VETO_IDX_BANZHAF, i, exact);
            }
            for (size_t i = 0; wide && i < n; i++) {
                hdr[c++] = index_at(r, VETO_IDX_SHAPLEY_SHUBIK, i, exact);
            }
        }
        rt_row(t, (const char *const *)hdr);
        for (size_t k = 0; k < ncol; k++) {
            free(hdr[k]);
        }
    }
    free(hdr);
}

static void write_chart(FILE *f, const veto_model_t *m, const veto_sweep_t *s,
                        const char *player)
{
    size_t np = s->npoints;
    const veto_result_t *r0 = s->result[0];
    size_t ns = s->kind == VETO_SWEEP_BELIEF ? 2 : r0->nbeliefs + 1;
    char **series = xmalloc(ns * sizeof *series);
    double *y = xmalloc((ns * np + 1) * sizeof *y);
    size_t pi = 0;
    for (size_t i = 0; i < veto_model_nplayers(m); i++) {
        if (player != NULL && strcmp(veto_model_player(m, i), player) == 0) {
            pi = i;
        }
    }
    if (s->kind == VETO_SWEEP_BELIEF) {
        series[0] = xstrdup("P(act)");
        series[1] = xasprintf("P(%s decisive)", player);
        for (size_t p = 0; p < np; p++) {
            y[p] = s->result[p]->belief[0].p_act;
            y[np + p] = s->result[p]->belief[0].p_decisive[pi];
        }
    } else {
        for (size_t b = 0; b < r0->nbeliefs; b++) {
            series[b] = xasprintf("P(act): %s", r0->belief[b].name);
            for (size_t p = 0; p < np; p++) {
                y[b * np + p] = s->result[p]->belief[b].p_act;
            }
        }
        series[ns - 1] = xstrdup("power to act");
        for (size_t p = 0; p < np; p++) {
            y[(ns - 1) * np + p] = s->result[p]->power_to_act_d;
        }
    }
    /* Long threshold texts are cut on the axis; the table has them whole. */
    char *xl = strlen(s->label) > 90 ? xasprintf("%.86s ...", s->label)
                                     : xstrdup(s->label);
    size_t tl = s->kind == VETO_SWEEP_BELIEF ? strlen(s->label)
                                             : strcspn(s->label, "(");
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

static void write_json(FILE *f, const veto_model_t *m, const veto_sweep_t *s,
                       bool exact)
{
    size_t n = veto_model_nplayers(m);
    json_t *o = json_object();
    json_object_set_new(o, "model", json_string(report_label(m)));
    json_object_set_new(o, "sweep", json_string(s->label));
    json_object_set_new(
        o, "kind",
        json_string(s->kind == VETO_SWEEP_BELIEF ? "belief" : "quota"));
    json_t *pts = json_array();
    for (size_t p = 0; p < s->npoints; p++) {
        const veto_result_t *r = s->result[p];
        json_t *pt = json_object();
        char *v = fmt_q(s->value[p], true);
        json_object_set_new(pt, "value", json_string(v));
        free(v);
        if (s->rule_text[p] != NULL) {
            json_object_set_new(pt, "rule", json_string(s->rule_text[p]));
        }
        json_t *vp = json_array();
        for (size_t i = 0; i < n; i++) {
            if (r->have_properties && r->veto_player[i]) {
                json_array_append_new(vp, json_string(veto_model_player(m, i)));
            }
        }
        json_object_set_new(pt, "veto_players", vp);
        json_object_set_new(
            pt, "power_to_act",
            json_q(r->power_to_act, r->power_to_act_d, exact));
        json_t *bel = json_object();
        for (size_t b = 0; b < r->nbeliefs; b++) {
            const veto_belief_result_t *bb = &r->belief[b];
            json_t *bo = json_object();
            json_object_set_new(bo, "p_act",
                                json_q(bb->p_act_q, bb->p_act, bb->exact && exact));
            json_t *pd = json_array();
            for (size_t i = 0; i < n; i++) {
                json_array_append_new(pd,
                                      bb->exact && exact
                                          ? json_q(bb->p_decisive_q[i],
                                                   bb->p_decisive[i], true)
                                          : json_real(bb->p_decisive[i]));
            }
            json_object_set_new(bo, "p_decisive", pd);
            json_object_set_new(bel, bb->name, bo);
        }
        json_object_set_new(pt, "beliefs", bel);
        json_t *ix = json_object();
        for (int k = 0; k < VETO_NINDEX; k++) {
            if (!(r->computed & VETO_INDEX_BIT(k)) ||
                (r->undefined & VETO_INDEX_BIT(k))) {
                continue;
            }
            json_t *a = json_array();
            for (size_t i = 0; i < n; i++) {
                json_array_append_new(
                    a,
                    json_q(r->value[k][i], mpq_get_d(r->value[k][i]), exact));
            }
            json_object_set_new(ix, veto_index_key((veto_index)k), a);
        }
        json_object_set_new(pt, "indices", ix);
        json_array_append_new(pts, pt);
    }
    json_object_set_new(o, "points", pts);
    json_object_set_new(o, "version", json_string(VETO_VERSION));
    json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', f);
    json_decref(o);
}

/* "NAME=FROM:TO[:STEPS]" or "T=FROM:TO". */
static bool parse_spec(const char *arg, char **name, mpq_t from, mpq_t to,
                       long *steps)
{
    const char *eq = strrchr(arg, '=');
    if (eq == NULL || eq == arg) {
        return false;
    }
    *name = xasprintf("%.*s", (int)(eq - arg), arg);
    char *rest = xstrdup(eq + 1);
    char *a = rest, *b = strchr(a, ':');
    bool ok = b != NULL;
    if (ok) {
        *b++ = '\0';
        char *c = strchr(b, ':');
        if (c != NULL) {
            *c++ = '\0';
            char *end;
            *steps = strtol(c, &end, 10);
            ok = *c != '\0' && *end == '\0';
        }
        ok = ok && cmd_parse_q(from, a) && cmd_parse_q(to, b);
    }
    free(rest);
    if (!ok) {
        free(*name);
        *name = NULL;
    }
    return ok;
}

/* The threshold written T in --quota T=FROM:TO: its number, or its text
 * exactly as `veto check` lists it. 0 (after saying why, with the list of
 * thresholds) when nothing or more than one matches. */
static size_t pick_threshold(const veto_model_t *m, const char *t)
{
    char *end;
    long num = strtol(t, &end, 10);
    if (*t >= '0' && *t <= '9' && *end == '\0') {
        if (num >= 1) {
            return (size_t)num;
        }
        cli_usage_error("bad threshold number '%s' (1, 2, ... as 'veto "
                        "check' lists them)",
                        t);
        return 0;
    }
    veto_threshold_t *th = NULL;
    size_t n = 0, found = 0, count = 0;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_thresholds(&th, &n, m, &err) != VETO_OK) {
        cli_print_error(&err, veto_model_filename(m));
        return 0;
    }
    for (size_t j = 0; j < n; j++) {
        if (strcmp(th[j].text, t) == 0) {
            found = found == 0 ? j + 1 : found;
            count++;
        }
    }
    if (count != 1) {
        fprintf(stderr,
                count == 0 ? "veto: no threshold is written '%s'; give its "
                             "number or its text exactly as 'veto check' "
                             "lists it:\n"
                           : "veto: more than one threshold is written '%s'; "
                             "give its number:\n",
                t);
        for (size_t j = 0; j < n; j++) {
            fprintf(stderr, "  %zu  %s\n", th[j].number, th[j].text);
        }
        if (n == 0) {
            fprintf(stderr, "  (none: this rule has no threshold)\n");
        }
        found = 0;
    }
    veto_thresholds_free(th, n);
    return found;
}

int cmd_sweep(cli_t *c)
{
    veto_model_t *m = NULL;
    veto_sweep_t *s = NULL;
    veto_sweep_spec_t spec;
    veto_error_t err;
    char *name = NULL;
    long steps = 11;
    const char *bel = cmd_option(c, "--belief");
    const char *quo = cmd_option(c, "--quota");
    veto_sweep_spec_init(&spec);
    int status = EXIT_OK;
    if ((bel == NULL) == (quo == NULL)) {
        status = cli_usage_error("%s", "'sweep' takes one of --belief "
                                       "NAME=FROM:TO[:STEPS] or --quota "
                                       "T=FROM:TO");
        goto done;
    }
    if (!parse_spec(bel != NULL ? bel : quo, &name, spec.from, spec.to,
                    &steps)) {
        status =
            cli_usage_error(bel != NULL ? "bad --belief '%s' (NAME=FROM:TO or "
                                          "NAME=FROM:TO:STEPS, e.g. "
                                          "Russia=0:1:11)"
                                        : "bad --quota '%s' (T=FROM:TO, T the "
                                          "threshold's number or text as "
                                          "'veto check' lists them)",
                            bel != NULL ? bel : quo);
        goto done;
    }
    status = cmd_load(c, &m);
    if (status >= 0) {
        goto done;
    }
    status = EXIT_OK;
    if (bel != NULL) {
        long p = cmd_player(m, name);
        if (p < 0) {
            status = EXIT_USAGE;
            goto done;
        }
        spec.kind = VETO_SWEEP_BELIEF;
        spec.player = (size_t)p;
        spec.scenario = cmd_option(c, "--scenario");
        if (steps < 2 || steps > 10000) {
            status = cli_usage_error("%s", "STEPS must be between 2 and 10000");
            goto done;
        }
        spec.steps = (size_t)steps;
    } else {
        spec.threshold = pick_threshold(m, name);
        if (spec.threshold == 0) {
            status = EXIT_USAGE;
            goto done;
        }
        spec.kind = VETO_SWEEP_QUOTA;
    }
    veto_error_clear(&err);
    c->started = cli_now();
    veto_status st = veto_sweep(&s, m, &spec, &c->opts, &err);
    cli_clear_progress(c);
    if (st != VETO_OK) {
        status = cmd_fail(c, st, &err, m);
        goto done;
    }
    char *tmp;
    FILE *out = cli_open_output(c, &tmp);
    if (out == NULL) {
        status = EXIT_OUTPUT;
        goto done;
    }
    const char *player = bel != NULL ? name : NULL;
    rtable_t t;
    switch ((int)c->ropts.format) {
    case REPORT_JSON:
        write_json(out, m, s, c->ropts.exact);
        break;
    case REPORT_CSV:
        build_table(&t, m, s, player, c->ropts.exact, true);
        rt_render(out, &t, REPORT_CSV);
        rt_free(&t);
        break;
    case (int)REPORT_SVG:
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
        write_chart(out, m, s, player);
        break;
    case (int)REPORT_HTML: {
        char *title = xasprintf("%s: sweep of %s", report_label(m), s->label);
        html_begin(out, title);
        free(title);
        fputs("<div class=\"chart\">\n", out);
        write_chart(out, m, s, player);
        fputs("</div>\n", out);
        build_table(&t, m, s, player, c->ropts.exact, false);
        html_table(out, &t);
        rt_free(&t);
        html_end(out);
        break;
    }
    default: {
        bool md = c->ropts.format == REPORT_MD;
        fprintf(out, "%s%s: sweep of %s\n\n", md ? "# " : "", report_label(m),
                s->label);
        if (s->kind == VETO_SWEEP_BELIEF) {
            char *v = veto_list(m, s->result[0]);
            fprintf(out,
                    "veto players: %s (beliefs do not change who can "
                    "block)\n\n",
                    v);
            free(v);
        }
        fprintf(out, "engine: %s (%s)\n\n",
                veto_method_name(s->result[0]->method), s->result[0]->reason);
        build_table(&t, m, s, player, c->ropts.exact, false);
        rt_render(out, &t, md ? REPORT_MD : REPORT_TEXT);
        rt_free(&t);
        break;
    }
    }
    status = cli_close_output(c, out, tmp, !interrupted);
done:
    free(name);
    veto_sweep_free(s);
    veto_sweep_spec_clear(&spec);
    veto_model_free(m);
    return status;
}
