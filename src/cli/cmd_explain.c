/*
 * cmd_explain.c: veto explain FILE PLAYER [--scenario NAME]: why a player
 * can block, or how it is decisive, with a certificate a reader can check
 * by hand. Text (and md) or JSON.
 */
#include "cmd.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *names_json(const veto_model_t *m, const veto_coalition_t *co)
{
    json_t *a = json_array();
    for (size_t k = 0; k < co->size; k++) {
        json_array_append_new(a,
                              json_string(veto_model_player(m, co->member[k])));
    }
    return a;
}

static json_t *z_json(const mpz_t z)
{
    char *s = fmt_z(z);
    json_t *j = json_string(s);
    free(s);
    return j;
}

static json_t *q_json(const mpq_t q, double d, bool exact)
{
    if (!exact) {
        return json_real(d);
    }
    char *s = fmt_q(q, true);
    json_t *j = json_string(s);
    free(s);
    return j;
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

static void write_json(FILE *f, const veto_model_t *m,
                       const veto_explanation_t *e, bool exact)
{
    json_t *o = json_object();
    json_object_set_new(o, "player",
                        json_string(veto_model_player(m, e->player)));
    json_object_set_new(o, "veto", json_boolean(e->veto));
    json_object_set_new(o, "dummy", json_boolean(e->dummy));
    json_object_set_new(o, "passer", json_boolean(e->passer));
    json_object_set_new(o, "never_acts", json_boolean(e->never_acts));
    json_object_set_new(o, "method", json_string(veto_method_name(e->method)));
    if (e->veto) {
        json_object_set_new(o, "others", names_json(m, &e->others));
        json_t *fa = json_array();
        for (size_t k = 0; k < e->nfailed; k++) {
            const veto_failed_term_t *ft = &e->failed[k];
            json_t *t = json_object();
            json_object_set_new(t, "threshold",
                                json_integer((json_int_t)ft->threshold));
            json_object_set_new(t, "term", json_string(ft->text));
            json_object_set_new(t, "have", z_json(ft->have));
            json_object_set_new(t, "need", z_json(ft->need));
            json_object_set_new(t, "missing", names_json(m, &ft->missing));
            json_array_append_new(fa, t);
        }
        json_object_set_new(o, "failed", fa);
    } else {
        json_object_set_new(o, "winning_without",
                            names_json(m, &e->winning_without));
    }
    json_object_set_new(o, "swings", z_json(e->swings));
    if (e->have_by_size) {
        json_t *a = json_array();
        for (size_t k = 0; k < e->n; k++) {
            json_array_append_new(a, z_json(e->swings_by_size[k]));
        }
        json_object_set_new(o, "swings_by_size", a);
    } else {
        json_object_set_new(o, "swings_by_size", json_null());
    }
    json_object_set_new(o, "smallest_swing",
                        e->have_example ? names_json(m, &e->smallest_swing)
                                        : json_null());
    if (e->scenario != NULL) {
        json_t *s = json_object();
        json_object_set_new(s, "name", json_string(e->scenario));
        json_object_set_new(s, "p_act", q_json(e->p_act_q, e->p_act, exact));
        json_object_set_new(s, "reason", json_string(reason_key(e->reason)));
        json_object_set_new(s, "blockers", names_json(m, &e->blockers));
        json_t *r = json_array();
        for (size_t k = 0; k < e->n; k++) {
            size_t i = e->ranking[k];
            json_t *p = json_object();
            json_object_set_new(p, "player",
                                json_string(veto_model_player(m, i)));
            json_object_set_new(
                p, "belief",
                q_json(e->belief[i], mpq_get_d(e->belief[i]), exact));
            json_object_set_new(
                p, "p_decisive",
                q_json(e->p_decisive_q[i], e->p_decisive[i], exact));
            json_array_append_new(r, p);
        }
        json_object_set_new(s, "ranking", r);
        json_object_set_new(o, "scenario", s);
    }
    json_object_set_new(o, "version", json_string(VETO_VERSION));
    json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', f);
    json_decref(o);
}

static void write_text(FILE *f, const veto_model_t *m,
                       const veto_explanation_t *e, bool exact, bool md)
{
    const char *name = veto_model_player(m, e->player);
    const char *ind = md ? "- " : "  ";
    char *words = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    fprintf(f, "%s%s: why %s can or cannot block\n", md ? "# " : "",
            report_label(m), name);
    if (veto_rule_words(&words, m, &err) == VETO_OK) {
        fprintf(f, "%s%s\n", md ? "\n" : "", words);
        veto_free(words);
    }
    fputc('\n', f);
    if (e->never_acts) {
        fprintf(f, "The body can never act: no coalition, not even all "
                   "players together, satisfies the rule.\n\n");
    }
    if (e->veto && !e->never_acts) {
        char *o = cmd_coalition(m, &e->others);
        fprintf(f, "%s is a veto player: the body cannot act without it.\n",
                name);
        fprintf(f,
                "Certificate: the largest coalition without %s, all %zu "
                "other players (%s), loses:\n",
                name, e->others.size, o);
        free(o);
        for (size_t k = 0; k < e->nfailed; k++) {
            const veto_failed_term_t *ft = &e->failed[k];
            char *have = fmt_z(ft->have), *need = fmt_z(ft->need);
            char *miss = cmd_coalition(m, &ft->missing);
            if (ft->threshold > 0) {
                fprintf(f,
                        "%sit fails threshold %zu, `%s`: it reaches %s "
                        "where %s %s needed; missing: %s\n",
                        ind, ft->threshold, ft->text, have, need,
                        strcmp(need, "1") == 0 ? "is" : "are", miss);
            } else {
                fprintf(f, "%sit fails the term `%s`: %s must agree\n", ind,
                        ft->text, miss);
            }
            free(have);
            free(need);
            free(miss);
        }
    } else if (!e->veto) {
        char *w = cmd_coalition(m, &e->winning_without);
        fprintf(f, "%s is not a veto player: the body can act without it.\n",
                name);
        bool one = e->winning_without.size == 1;
        fprintf(f,
                "Certificate: %s (%zu player%s) win%s without %s, and "
                "%s without the coalition losing (a minimal winning "
                "coalition).\n",
                w, e->winning_without.size, one ? "" : "s", one ? "s" : "",
                name, one ? "cannot leave" : "none of them can leave");
        free(w);
    }
    fputc('\n', f);
    if (e->dummy) {
        fprintf(f, "%s is a dummy: it is decisive in no coalition. ", name);
        if (!e->mentioned) {
            fprintf(f, "The rule never mentions %s.\n", name);
        } else if (e->never_acts) {
            fprintf(f, "No coalition ever wins.\n");
        } else {
            fprintf(f,
                    "Every coalition that wins with %s also wins without "
                    "it, so no coalition needs it.\n",
                    name);
        }
    } else {
        char *sw = fmt_z(e->swings);
        bool one = strcmp(sw, "1") == 0;
        fprintf(f,
                "%s is decisive in %s coalition%s of the others: it turns "
                "%s from losing into winning.\n",
                name, sw, one ? "" : "s", one ? "it" : "them");
        free(sw);
        if (e->have_by_size) {
            rtable_t t;
            rt_init(&t, 2);
            t.right[0] = t.right[1] = true;
            const char *hdr[2] = {"size of the coalition", "swings"};
            rt_row(&t, hdr);
            for (size_t k = 0; k < e->n; k++) {
                if (mpz_sgn(e->swings_by_size[k]) == 0) {
                    continue;
                }
                char *ks = xasprintf("%zu", k);
                char *vs = fmt_z(e->swings_by_size[k]);
                const char *row[2] = {ks, vs};
                rt_row(&t, row);
                free(ks);
                free(vs);
            }
            fputc('\n', f);
            rt_render(f, &t, md ? REPORT_MD : REPORT_TEXT);
            rt_free(&t);
        }
        if (!e->have_by_size) {
            fprintf(f, "(Counts by coalition size and a smallest example are "
                       "given for up to 24 players, or for a weighted game "
                       "of moderate quota.)\n");
        }
        if (e->have_example) {
            char *s = cmd_coalition(m, &e->smallest_swing);
            if (e->smallest_swing.size == 0) {
                fprintf(f,
                        "\nA smallest swing: %s alone wins, and the empty "
                        "coalition loses.\n",
                        name);
            } else {
                fprintf(f, "\nA smallest swing: %s lose%s; with %s %s win.\n",
                        s, e->smallest_swing.size == 1 ? "s" : "", name,
                        e->smallest_swing.size == 1 ? "both" : "they");
            }
            free(s);
        }
    }
    fprintf(f, "\nCounts by the %s engine.\n", veto_method_name(e->method));
    if (e->scenario != NULL) {
        char *p = exact ? fmt_q(e->p_act_q, true) : fmt_d(e->p_act);
        fprintf(f, "\nUnder \"%s\": P(act) = %s.\n", e->scenario, p);
        free(p);
        char *b = cmd_coalition(m, &e->blockers);
        bool many = e->blockers.size > 1;
        if (e->reason == VETO_PACT_ZERO && e->blockers_veto) {
            fprintf(f,
                    "It is 0 because %s %s belief 0 and %s a veto "
                    "player%s: every coalition that can act needs %s, "
                    "and %s vote%s no.\n",
                    b, many ? "have" : "has", many ? "each is" : "is", "",
                    many ? "them" : "it", many ? "they" : "it",
                    many ? "" : "s");
        } else if (e->reason == VETO_PACT_ZERO) {
            fprintf(f,
                    "It is 0 because the players with belief 0 (%s) "
                    "together block: every coalition that can act needs "
                    "one of them.\n",
                    b);
        } else if (e->reason == VETO_PACT_ONE && e->blockers_veto) {
            fprintf(f, "It is 1 because %s %s belief 1 and %s alone.\n", b,
                    many ? "have" : "has", many ? "each passes" : "passes");
        } else if (e->reason == VETO_PACT_ONE) {
            fprintf(f,
                    "It is 1 because the players with belief 1 (%s) "
                    "together pass.\n",
                    b);
        } else {
            fprintf(f, "Neither 0 nor 1: the beliefs that matter most are "
                       "those of the players most likely to be decisive:\n\n");
            rtable_t t;
            rt_init(&t, 3);
            t.right[1] = t.right[2] = true;
            const char *hdr[3] = {"player", "belief", "P(decisive)"};
            rt_row(&t, hdr);
            size_t shown = e->n < 10 ? e->n : 10;
            for (size_t k = 0; k < shown; k++) {
                size_t i = e->ranking[k];
                char *bs = fmt_q(e->belief[i], exact);
                char *ds = exact ? fmt_q(e->p_decisive_q[i], true)
                                 : fmt_d(e->p_decisive[i]);
                const char *row[3] = {veto_model_player(m, i), bs, ds};
                rt_row(&t, row);
                free(bs);
                free(ds);
            }
            rt_render(f, &t, md ? REPORT_MD : REPORT_TEXT);
            rt_free(&t);
            if (shown < e->n) {
                fprintf(f, "(%zu more players)\n", e->n - shown);
            }
        }
        free(b);
    }
}

int cmd_explain(cli_t *c)
{
    veto_model_t *m = NULL;
    veto_explanation_t *e = NULL;
    veto_error_t err;
    int status = cmd_load(c, &m);
    if (status >= 0) {
        return status;
    }
    status = EXIT_OK;
    if (c->ropts.format == REPORT_CSV || c->ropts.format == REPORT_SVG ||
        c->ropts.format == REPORT_HTML) {
        status = cli_usage_error("%s", "'explain' writes text, md or json");
        goto done;
    }
    long p = cmd_player(m, c->files[1]);
    if (p < 0) {
        status = EXIT_USAGE;
        goto done;
    }
    veto_error_clear(&err);
    c->started = cli_now();
    veto_status s = veto_explain(&e, m, (size_t)p, cmd_option(c, "--scenario"),
                                 &c->opts, &err);
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
        write_json(out, m, e, c->ropts.exact);
    } else {
        write_text(out, m, e, c->ropts.exact, c->ropts.format == REPORT_MD);
    }
    status = cli_close_output(c, out, tmp, !interrupted);
done:
    veto_explanation_free(e);
    veto_model_free(m);
    return status;
}
