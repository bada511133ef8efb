/*
 * explain.c: the writer of veto explain: why a player can block, or how
 * it is decisive, with a certificate a reader can check by hand. Text and
 * Markdown; JSON is in json.c.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

/* The title and the rule in words, as both writers begin. */
static void write_head(FILE *f, const veto_model_t *m, const char *name,
                       bool md)
{
    char *words = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    fprintf(f, "%s%s: why %s can or cannot block\n", md ? "# " : "",
            report_label(m), name);
    if (veto_rule_words(&words, m, &err) == VETO_OK) {
        fprintf(f, "%s%s\n", md ? "\n" : "", words);
        veto_free(words);
    }
}

/* Who must join the player to block: a line per belief set, the same in
 * a yes/no and a three-valued explanation (only the heading differs). */
static void blocking_lines(FILE *f, const veto_model_t *m,
                           const veto_explanation_t *e, const char *name)
{
    for (size_t s = 0; s < e->nblocking; s++) {
        const veto_blocking_t *b = &e->blocking[s];
        char *where = b->scenario == NULL ? xstrdup("defaults")
                                          : xasprintf("\"%s\"", b->scenario);
        switch (b->status) {
        case VETO_BLOCK_OK:
            if (b->size == 1) {
                fprintf(f, "  %s: %s blocks alone.\n", where, name);
            } else {
                char *c = fmt_z(b->count);
                char *w = coalition_words(m, &b->example);
                fprintf(f, "  %s: %zu players, %s such coalition%s; e.g. %s.\n",
                        where, b->size, c,
                        mpz_cmp_ui(b->count, 1) == 0 ? "" : "s", w);
                free(c);
                free(w);
            }
            break;
        case VETO_BLOCK_CANNOT_ACT:
            fprintf(f, "  %s: the body cannot act in this scenario.\n", where);
            break;
        case VETO_BLOCK_NONE:
            fprintf(f, "  %s: no minimal blocking coalition contains %s.\n",
                    where, name);
            break;
        case VETO_BLOCK_FIXED:
            fprintf(f, "  %s: %s's vote is fixed in this scenario.\n", where,
                    name);
            break;
        default:
            fprintf(f, "  %s: not computed (more than 24 players).\n", where);
            break;
        }
        free(where);
    }
}

/* The engine, then under --scenario the probability of acting. */
static void write_p_act(FILE *f, const veto_explanation_t *e, bool exact)
{
    fprintf(f, "\nCounts by the %s engine.\n", veto_method_name(e->method));
    if (e->scenario != NULL) {
        char *p = fmt_num(e->p_act_q, e->p_act, exact, false);
        fprintf(f, "\nUnder \"%s\": P(act) = %s.\n", e->scenario, p);
        free(p);
    }
}

/* The players most likely to be decisive, at most ten, with their
 * beliefs: P(yes) and P(decisive) in a yes/no model; P(yes), P(abstain),
 * P(decisive) no -> yes and its two steps in a three-valued one. */
static void ranking_table(FILE *f, const veto_model_t *m,
                          const veto_explanation_t *e, bool exact, bool md)
{
    bool tern = e->ternary;
    size_t nc = tern ? 6 : 3;
    const char *hdr3[3] = {"player", "belief", "P(decisive)"};
    const char *hdr6[6] = {"player",  "P(yes)",      "P(abstain)",
                           "no->yes", "no->abstain", "abstain->yes"};
    rtable_t t;
    rt_init(&t, nc);
    for (size_t k = 1; k < nc; k++) {
        t.right[k] = true;
    }
    rt_row(&t, tern ? hdr6 : hdr3);
    size_t shown = e->n < 10 ? e->n : 10;
    for (size_t k = 0; k < shown; k++) {
        size_t i = e->ranking[k];
        const char *row[6] = {veto_model_player(m, i)};
        char *cell[6] = {NULL};
        size_t c = 1;
        cell[c++] = fmt_q(e->belief[i], exact);
        if (tern) {
            cell[c++] = fmt_q(e->abstain[i], exact);
        }
        cell[c++] = fmt_num(e->p_decisive_q[i], e->p_decisive[i], exact, false);
        if (tern) {
            cell[c++] = fmt_num(e->p_decisive_na_q[i], e->p_decisive_na[i],
                                exact, false);
            cell[c++] = fmt_num(e->p_decisive_ay_q[i], e->p_decisive_ay[i],
                                exact, false);
        }
        for (size_t j = 1; j < nc; j++) {
            row[j] = cell[j];
        }
        rt_row(&t, row);
        for (size_t j = 1; j < nc; j++) {
            free(cell[j]);
        }
    }
    rt_render(f, &t, md ? REPORT_MD : REPORT_TEXT);
    rt_free(&t);
    if (shown < e->n) {
        fprintf(f, "(%zu more players)\n", e->n - shown);
    }
}

static void write_text(FILE *f, const veto_model_t *m,
                       const veto_explanation_t *e, bool exact, bool md)
{
    const char *name = veto_model_player(m, e->player);
    const char *ind = md ? "- " : "  ";
    write_head(f, m, name, md);
    fputc('\n', f);
    if (e->never_acts) {
        fprintf(f, "The body can never act: no coalition, not even all "
                   "players together, satisfies the rule.\n\n");
    }
    if (e->veto && !e->never_acts) {
        char *o = coalition_words(m, &e->others);
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
            char *miss = coalition_words(m, &ft->missing);
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
        char *w = coalition_words(m, &e->winning_without);
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
            char *s = coalition_words(m, &e->smallest_swing);
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
    if (e->nblocking > 0) {
        fprintf(f, "\nWho must join %s to block (the smallest minimal "
                   "blocking coalitions with %s):\n",
                name, name);
        blocking_lines(f, m, e, name);
    }
    write_p_act(f, e, exact);
    if (e->scenario != NULL) {
        /* blocs (issue 11): each replaced by independent players */
        for (size_t k = 0; k < e->nblocs; k++) {
            char *x = fmt_num(NULL, e->p_act_bloc_independent[k], false,
                              false);
            char *d = fmt_num(NULL, e->p_act - e->p_act_bloc_independent[k],
                              false, false);
            bool shared = strcmp(e->bloc_name[k], "shared") == 0;
            fprintf(f,
                    "With %s%s voting independently at %s mean: P(act) = "
                    "%s (difference %s%s).\n",
                    shared ? "every player" : "bloc ",
                    shared ? "" : e->bloc_name[k], shared ? "the" : "its", x,
                    e->p_act - e->p_act_bloc_independent[k] > 0 ? "+" : "",
                    d);
            free(x);
            free(d);
        }
        char *b = coalition_words(m, &e->blockers);
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
            ranking_table(f, m, e, exact, md);
        }
        free(b);
    }
}

static void failed_lines(FILE *f, const veto_model_t *m,
                         const veto_failed_term_t *list, size_t n,
                         const char *ind)
{
    for (size_t k = 0; k < n; k++) {
        const veto_failed_term_t *ft = &list[k];
        char *have = fmt_z(ft->have), *need = fmt_z(ft->need);
        char *miss = coalition_words(m, &ft->missing);
        char *which = ft->threshold > 0
                          ? xasprintf("threshold %zu,", ft->threshold)
                          : xstrdup("the term");
        fprintf(f,
                "%sit fails %s `%s`: it reaches %s where %s %s needed; "
                "not counted: %s\n",
                ind, which, ft->text, have, need,
                strcmp(need, "1") == 0 ? "is" : "are", miss);
        free(which);
        free(have);
        free(need);
        free(miss);
    }
}

/* The three-valued explanation (issue 10): votes yes, abstain or no. */
static void write_text_ternary(FILE *f, const veto_model_t *m,
                               const veto_explanation_t *e, bool exact, bool md)
{
    const char *name = veto_model_player(m, e->player);
    const char *ind = md ? "- " : "  ";
    write_head(f, m, name, md);
    fprintf(f, "%sPlayers vote yes, abstain or no.\n\n", md ? "\n" : "");
    if (e->never_acts) {
        fprintf(f, "The body can never act: not even with every player "
                   "voting yes.\n\n");
    }
    char *o = coalition_words(m, &e->others);
    if (e->veto && !e->never_acts) {
        fprintf(f,
                "%s is a veto player: its no blocks. Certificate: with "
                "all %zu other players (%s) voting yes and %s voting no, "
                "the body cannot act:\n",
                name, e->others.size, o, name);
        failed_lines(f, m, e->failed, e->nfailed, ind);
    } else if (!e->veto) {
        char *w = coalition_words(m, &e->winning_without);
        fprintf(f,
                "%s is not a veto player: the body can act over its no. "
                "Certificate: with %s voting no, %s voting yes",
                name, name, w);
        if (e->winning_abstain.size > 0) {
            char *a = coalition_words(m, &e->winning_abstain);
            fprintf(f, ", %s abstaining", a);
            free(a);
        }
        fprintf(f, " and the rest voting no, the body acts, and no one "
                   "can step down a vote (to abstain or to no) without it "
                   "failing.\n");
        free(w);
    }
    if (!e->never_acts) {
        if (e->veto_unless_yes) {
            fprintf(f,
                    "%s's abstention blocks too: with all the others "
                    "voting yes and %s abstaining, the body cannot act:\n",
                    name, name);
            failed_lines(f, m, e->failed_abstain, e->nfailed_abstain, ind);
        } else {
            fprintf(f,
                    "%s's abstention does not block: with all the others "
                    "voting yes and %s abstaining, the body acts.\n",
                    name, name);
        }
    }
    free(o);
    fputc('\n', f);
    if (e->dummy) {
        fprintf(f, "%s is a dummy: its vote never changes the outcome%s.\n",
                name, e->mentioned ? "" : " (the rule never mentions it)");
    } else {
        char *sw = fmt_z(e->swings);
        fprintf(f,
                "%s is decisive (its yes wins where its no loses) in %s of "
                "the 3^%zu profiles of the others' votes (the ternary "
                "Banzhaf raw count).%s\n",
                name, sw, e->n - 1,
                e->abstention_matters
                    ? ""
                    : " Its abstention never matters: abstaining is the "
                      "same as voting no or as voting yes in every profile.");
        free(sw);
    }
    if (e->nblocking > 0) {
        fprintf(f,
                "\nWho must join %s in voting no to block, the others "
                "voting yes (the smallest minimal blocking coalitions "
                "with %s; recused players abstain):\n",
                name, name);
        blocking_lines(f, m, e, name);
    }
    write_p_act(f, e, exact);
    if (e->scenario == NULL) {
        return;
    }
    if (e->recused.size > 0) {
        char *r = coalition_words(m, &e->recused);
        fprintf(f, "Recused (forced to abstain): %s.\n", r);
        free(r);
    }
    char *b = coalition_words(m, &e->blockers);
    bool many = e->blockers.size > 1;
    if (e->reason == VETO_PACT_ZERO && e->blockers_veto) {
        fprintf(f,
                "It is 0 because %s %s forced to vote no or to abstain "
                "where %s vote blocks whatever the others do.\n",
                b, many ? "are" : "is", many ? "their" : "its");
    } else if (e->reason == VETO_PACT_ZERO) {
        fprintf(f,
                "It is 0 because the players forced to vote no or to "
                "abstain (%s) together block.\n",
                b);
    } else if (e->reason == VETO_PACT_ONE && e->blockers_veto) {
        fprintf(f, "It is 1 because %s %s forced to vote yes and %s alone.\n",
                b, many ? "are" : "is", many ? "each passes" : "passes");
    } else if (e->reason == VETO_PACT_ONE) {
        fprintf(f,
                "It is 1 because the players forced to vote yes (%s) "
                "together pass.\n",
                b);
    } else {
        fprintf(f, "Neither 0 nor 1: the players most likely to be "
                   "decisive (P(decisive) no -> yes, and its two steps):\n\n");
        ranking_table(f, m, e, exact, md);
    }
    free(b);
}

int report_explain(FILE *f, const veto_model_t *m,
                   const veto_explanation_t *e, const report_opts_t *o)
{
    if (o->format == REPORT_JSON) {
        return json_explain(f, m, e, o);
    }
    if (e->ternary) {
        write_text_ternary(f, m, e, o->exact, o->format == REPORT_MD);
    } else {
        write_text(f, m, e, o->exact, o->format == REPORT_MD);
    }
    return 0;
}
