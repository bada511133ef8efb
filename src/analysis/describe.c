/*
 * describe.c: the normalised model as text, for `veto check`: players with
 * their groups and attributes, the lowered rule and its numbered
 * thresholds, the folded weighted form when there is one, and the beliefs
 * of every scenario; and the same model written back as a .veto file
 * (`veto check --format veto`).
 */
#include "../rule/rule.h"
#include "analyst_i.h"

#include <stdio.h>
#include <string.h>



/* Beliefs that differ from `base` (or from 1/2 when base is NULL). */
static void describe_beliefs(veto_i_buf_t *b, const veto_model_t *m, mpq_t *bel,
                             mpq_t *base)
{
    mpq_t half;
    mpq_init(half);
    mpq_set_ui(half, 1, 2);
    /* The most common value is stated once, the exceptions by name. */
    bool all_same = true;
    for (size_t i = 1; i < m->n; i++) {
        if (!mpq_equal(bel[i], bel[0])) {
            all_same = false;
            break;
        }
    }
    bool any = false;
    if (base == NULL && all_same) {
        veto_i_buf_printf(b, " everyone ");
        veto_i_buf_mpq(b, bel[0]);
        any = true;
    } else {
        for (size_t i = 0; i < m->n; i++) {
            mpq_t *ref = base != NULL ? &base[i] : &half;
            if (!mpq_equal(bel[i], *ref)) {
                veto_i_buf_printf(b, " %s=", m->names[i]);
                veto_i_buf_mpq(b, bel[i]);
                any = true;
            }
        }
        if (base == NULL) {
            veto_i_buf_printf(b, " (others 1/2)");
            any = true;
        }
    }
    if (!any) {
        veto_i_buf_printf(b, " (no change)");
    }
    veto_i_buf_printf(b, "\n");
    mpq_clear(half);
}

/* A three-valued belief as the language writes it: `yes`, `no`,
 * `abstain` for a forced vote, else `yes P, abstain Q` (writer put: the
 * number printer of the caller). */
static void put_vote3(veto_i_buf_t *b, const mpq_t y, const mpq_t a,
                      void (*put)(veto_i_buf_t *, const mpq_t))
{
    bool y0 = mpq_sgn(y) == 0, a0 = mpq_sgn(a) == 0;
    bool y1 = mpq_cmp_ui(y, 1, 1) == 0, a1 = mpq_cmp_ui(a, 1, 1) == 0;
    if (y1 && a0) {
        veto_i_buf_printf(b, "yes");
    } else if (y0 && a0) {
        veto_i_buf_printf(b, "no");
    } else if (y0 && a1) {
        veto_i_buf_printf(b, "abstain");
    } else {
        veto_i_buf_printf(b, "yes ");
        put(b, y);
        veto_i_buf_printf(b, ", abstain ");
        put(b, a);
    }
}

static void put_q(veto_i_buf_t *b, const mpq_t q)
{
    veto_i_buf_mpq(b, q);
}

/* Three-valued beliefs that differ from base (or from 1/3, 1/3). */
static void describe_beliefs3(veto_i_buf_t *b, const veto_model_t *m,
                              mpq_t *bel, mpq_t *ab, mpq_t *base,
                              mpq_t *base_ab)
{
    mpq_t third;
    mpq_init(third);
    mpq_set_ui(third, 1, 3);
    bool all_same = true;
    for (size_t i = 1; i < m->n; i++) {
        if (!mpq_equal(bel[i], bel[0]) || !mpq_equal(ab[i], ab[0])) {
            all_same = false;
            break;
        }
    }
    bool any = false;
    if (base == NULL && all_same) {
        veto_i_buf_printf(b, " everyone ");
        put_vote3(b, bel[0], ab[0], put_q);
        any = true;
    } else {
        for (size_t i = 0; i < m->n; i++) {
            bool same = base != NULL ? mpq_equal(bel[i], base[i]) &&
                                           mpq_equal(ab[i], base_ab[i])
                                     : mpq_equal(bel[i], third) &&
                                           mpq_equal(ab[i], third);
            if (!same) {
                veto_i_buf_printf(b, " %s=", m->names[i]);
                put_vote3(b, bel[i], ab[i], put_q);
                any = true;
            }
        }
        if (base == NULL) {
            veto_i_buf_printf(b, " (others yes 1/3, abstain 1/3)");
            any = true;
        }
    }
    if (!any) {
        veto_i_buf_printf(b, " (no change)");
    }
    if (base != NULL) {
        /* recused: forced abstentions of the scenario */
        bool first = true;
        for (size_t i = 0; i < m->n; i++) {
            if (mpq_sgn(bel[i]) == 0 && mpq_cmp_ui(ab[i], 1, 1) == 0) {
                veto_i_buf_printf(b, "%s%s", first ? "; recused: " : ", ",
                                  m->names[i]);
                first = false;
            }
        }
    }
    veto_i_buf_printf(b, "\n");
    mpq_clear(third);
}

static void put_number(veto_i_buf_t *b, const mpq_t q);

/* A bloc as the language writes it: `bloc NAME (A, B) shares beta(a, b)`,
 * or `belief shared beta(a, b)`. */
static void put_bloc(veto_i_buf_t *b, const veto_model_t *m,
                     const veto_i_bloc_t *bl, const char *indent)
{
    if (bl->name == NULL) {
        veto_i_buf_printf(b, "%sbelief shared beta(", indent);
    } else {
        veto_i_buf_printf(b, "%sbloc ", indent);
        veto_i_buf_name(b, bl->name);
        veto_i_buf_printf(b, " (");
        for (size_t k = 0; k < bl->m; k++) {
            veto_i_buf_printf(b, "%s", k == 0 ? "" : ", ");
            veto_i_buf_name(b, m->names[bl->member[k]]);
        }
        veto_i_buf_printf(b, ") shares beta(");
    }
    put_number(b, bl->a);
    veto_i_buf_printf(b, ", ");
    put_number(b, bl->b);
    veto_i_buf_printf(b, ")\n");
}

/* The blocs in force under belief set s, for veto check. */
static void describe_blocs(veto_i_buf_t *b, const veto_model_t *m, size_t s)
{
    size_t nb;
    const veto_i_bloc_t *bl = veto_i_model_blocs(m, s, &nb);
    for (size_t k = 0; k < nb; k++) {
        const veto_i_bloc_t *x = &bl[k];
        if (x->name == NULL) {
            veto_i_buf_printf(b, "  shared by %s%zu player%s: p ~ Beta(",
                              x->m == m->n ? "all " : "", x->m,
                              x->m == 1 ? "" : "s");
        } else {
            veto_i_buf_printf(b, "  bloc %s (%zu player%s): p ~ Beta(",
                              x->name, x->m, x->m == 1 ? "" : "s");
        }
        veto_i_buf_mpq(b, x->a);
        veto_i_buf_printf(b, ", ");
        veto_i_buf_mpq(b, x->b);
        veto_i_buf_printf(b, "), mean ");
        mpq_t mean;
        mpq_init(mean);
        mpq_add(mean, x->a, x->b);
        mpq_div(mean, x->a, mean);
        veto_i_buf_mpq(b, mean);
        mpq_clear(mean);
        veto_i_buf_printf(b, "\n");
    }
}

/* Texts longer than this are cut in the list of thresholds (a K-of node's
 * text is its whole subtree); the number is what sweep and design need. */
#define THRESHOLD_TEXT_MAX 160

/* "thresholds (...):" and one line per threshold: its number, its value of
 * its range, its text. */
static veto_status describe_thresholds(veto_i_buf_t *b, const veto_model_t *m,
                                       veto_i_rule_t *rule, veto_error_t *err)
{
    size_t k = veto_i_an_thresholds(rule, NULL, 0);
    if (k == 0) {
        veto_i_buf_printf(b, "thresholds: none\n");
        return VETO_OK;
    }
    veto_i_rule_t **node = veto_i_mallocarray(k, sizeof *node);
    if (node == NULL) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    veto_i_an_thresholds(rule, node, k);
    veto_i_buf_printf(b, "thresholds (T for sweep --quota T=FROM:TO, by "
                         "number or text, and for design):\n");
    /* Widths of the number and value columns. */
    int wn = snprintf(NULL, 0, "%zu", k);
    size_t wv = 0;
    mpz_t value, max;
    mpz_init(value);
    mpz_init(max);
    for (size_t j = 0; j < k; j++) {
        veto_i_an_threshold_value(node[j], value, max);
        size_t len = mpz_sizeinbase(value, 10) + mpz_sizeinbase(max, 10) + 4;
        wv = len > wv ? len : wv;
    }
    for (size_t j = 0; j < k && !b->oom; j++) {
        veto_i_an_threshold_value(node[j], value, max);
        veto_i_buf_t v = {0};
        if (node[j]->kind == VETO_I_R_TERM &&
            node[j]->vote == VETO_I_V_OF_VOTING) {
            /* a share of the votes cast, not a count (issue 10) */
            veto_i_buf_printf(&v, "share");
        } else {
            veto_i_buf_mpz(&v, value);
            veto_i_buf_printf(&v, " of ");
            veto_i_buf_mpz(&v, max);
        }
        char *text = veto_i_rule_to_string_max(node[j], m, THRESHOLD_TEXT_MAX);
        size_t len = text != NULL ? strlen(text) : 0;
        size_t cut = len;
        if (len > THRESHOLD_TEXT_MAX) {
            cut = THRESHOLD_TEXT_MAX;
            /* not inside a UTF-8 sequence */
            while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80) {
                cut--;
            }
        }
        veto_i_buf_printf(b, "  %*zu  %-*s  %.*s%s\n", wn, j + 1, (int)wv,
                          v.s != NULL ? v.s : "", (int)cut,
                          text != NULL ? text : "", cut < len ? " ..." : "");
        b->oom = b->oom || v.oom || text == NULL;
        veto_i_free(v.s);
        veto_i_free(text);
    }
    mpz_clear(value);
    mpz_clear(max);
    veto_i_free(node);
    return VETO_OK;
}

veto_status veto_model_describe(char **out, const veto_model_t *m,
                                veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_rule_t *rule = NULL;
    veto_i_wgame_t g;
    bool have_g = false;
    char *rtext = NULL;
    veto_i_buf_t b = {0};
    size_t *cur = NULL; /* per group: next member not yet passed */

    VETO_I_ERR_SCRATCH();
    VETO_I_NONNULL(out);
    *out = NULL;
    VETO_I_NONNULL(m);
    VETO_TRY(veto_i_rule_build(&rule, m, err));
    if (m->title != NULL) {
        veto_i_buf_printf(&b, "title: %s\n", m->title);
    }
    for (size_t s = 0; s < m->nsources; s++) {
        veto_i_buf_printf(&b, "source: %s\n", m->sources[s]);
    }
    for (size_t s = 0; s < m->nnotes; s++) {
        veto_i_buf_printf(&b, "note: %s\n", m->notes[s]);
    }
    veto_i_buf_printf(&b, "players: %zu\n", m->n);
    cur = veto_i_calloc(m->ngroups + 1, sizeof *cur);
    if (cur == NULL) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < m->n; i++) {
        veto_i_buf_printf(&b, "  %s", m->names[i]);
        for (size_t a = 0; a < m->nattrs; a++) {
            if (m->attr_set[i * m->nattrs + a]) {
                veto_i_buf_printf(&b, " %s=", m->attr_names[a]);
                veto_i_buf_mpq(&b, m->attr[i * m->nattrs + a]);
            }
        }
        bool first = true;
        /* member lists are increasing and players come in order, so a
         * cursor per group walks each list once: O(n * groups + members),
         * not O(n * members) (a million anonymous players in one group) */
        for (size_t gi = 0; gi < m->ngroups; gi++) {
            const size_t *mem = m->group_members[gi];
            while (cur[gi] < m->group_size[gi] && mem[cur[gi]] < i) {
                cur[gi]++;
            }
            if (cur[gi] < m->group_size[gi] && mem[cur[gi]] == i) {
                veto_i_buf_printf(&b, "%s%s", first ? " [" : ", ",
                                  m->group_names[gi]);
                first = false;
            }
        }
        veto_i_buf_printf(&b, "%s\n", first ? "" : "]");
    }
    for (size_t gi = 0; gi < m->ngroups; gi++) {
        veto_i_buf_printf(&b, "group %s: %zu members\n", m->group_names[gi],
                  m->group_size[gi]);
    }
    rtext = veto_i_rule_to_string(rule, m);
    if (rtext == NULL) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    veto_i_buf_printf(&b, "rule: %s\n", rtext);
    VETO_TRY(describe_thresholds(&b, m, rule, err));
    memset(&g, 0, sizeof g);
    have_g = veto_i_rule_weighted(&g, rule, m->n, &rc);
    if (rc != VETO_OK) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (have_g) {
        veto_i_buf_printf(&b, "weighted form: [");
        veto_i_buf_mpz(&b, g.quota);
        veto_i_buf_printf(&b, ";");
        for (size_t i = 0; i < m->n; i++) {
            veto_i_buf_printf(&b, "%s ", i == 0 ? "" : ",");
            veto_i_buf_name(&b, m->names[i]);
            veto_i_buf_printf(&b, " ");
            veto_i_buf_mpz(&b, g.w[i]);
        }
        veto_i_buf_printf(&b, "]\n");
    } else {
        veto_i_buf_printf(&b, "weighted form: none (a composed rule)\n");
    }
    if (m->ternary) {
        veto_i_buf_printf(&b, "votes: yes, abstain, no\n");
        veto_i_buf_printf(&b, "beliefs:");
        describe_beliefs3(&b, m, m->belief, m->abstain, NULL, NULL);
        for (size_t s = 0; s < m->nscen; s++) {
            veto_i_buf_printf(&b, "scenario \"%s\":", m->scen[s].name);
            describe_beliefs3(&b, m, m->scen[s].belief, m->scen[s].abstain,
                              m->belief, m->abstain);
        }
    } else {
        veto_i_buf_printf(&b, "beliefs:");
        describe_beliefs(&b, m, m->belief, NULL);
        describe_blocs(&b, m, 0);
        for (size_t s = 0; s < m->nscen; s++) {
            veto_i_buf_printf(&b, "scenario \"%s\":", m->scen[s].name);
            if (m->scen[s].has_weight) {
                veto_i_buf_printf(&b, " (weight ");
                veto_i_buf_mpq(&b, m->scen[s].weight);
                veto_i_buf_printf(&b, ")");
            }
            describe_beliefs(&b, m, m->scen[s].belief, m->belief);
            if (m->scen[s].nblocs > 0) {
                describe_blocs(&b, m, s + 1);
            }
        }
    }
    if (b.oom) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    *out = b.s;
    b.s = NULL;
cleanup:
    veto_i_free(cur);
    veto_i_free(b.s);
    veto_i_free(rtext);
    if (have_g) {
        veto_i_wgame_clear(&g);
    }
    veto_i_rule_free(rule);
    return rc;
}

/* ---- the model as a .veto file ------------------------------------------ */

/* q as the language reads it back: a decimal when it terminates (its
 * denominator is 2^a 5^b, so it has no more digits than the decimal it was
 * read from), else n/d. */
static void put_number(veto_i_buf_t *b, const mpq_t q)
{
    mpz_t d, f, num;
    mpz_init_set(d, mpq_denref(q));
    mpz_init(f);
    mpz_init(num);
    mpz_set_ui(f, 2);
    size_t a = (size_t)mpz_remove(d, d, f);
    mpz_set_ui(f, 5);
    size_t c = (size_t)mpz_remove(d, d, f);
    if (mpz_cmp_ui(d, 1) != 0 || (a == 0 && c == 0)) {
        veto_i_buf_mpq(b, q); /* an integer, or no terminating decimal */
    } else {
        /* q = num / 10^k with k = max(a, c) */
        size_t k = a > c ? a : c;
        mpz_ui_pow_ui(f, 10, (unsigned long)k);
        mpz_divexact(f, f, mpq_denref(q));
        mpz_mul(num, mpq_numref(q), f);
        veto_i_buf_t t = {0};
        veto_i_buf_mpz(&t, num);
        if (t.s == NULL) {
            b->oom = true;
        } else {
            size_t len = strlen(t.s);
            if (len > k) {
                veto_i_buf_printf(b, "%.*s.%s", (int)(len - k), t.s,
                                  t.s + (len - k));
            } else {
                veto_i_buf_printf(b, "0.");
                for (size_t z = len; z < k; z++) {
                    veto_i_buf_printf(b, "0");
                }
                veto_i_buf_printf(b, "%s", t.s);
            }
        }
        veto_i_free(t.s);
    }
    mpz_clear(d);
    mpz_clear(f);
    mpz_clear(num);
}

/* "belief" lines or scenario entries: the players whose belief differs
 * from ref (1/2 when ref is NULL), as NAME = P. */
static void belief_entries(veto_i_buf_t *b, const veto_model_t *m,
                           mpq_t *bel, mpq_t *ref, const char *indent,
                           const bool *skip)
{
    mpq_t half;
    mpq_init(half);
    mpq_set_ui(half, 1, 2);
    for (size_t i = 0; i < m->n; i++) {
        if (skip != NULL && skip[i]) {
            continue;
        }
        if (!mpq_equal(bel[i], ref != NULL ? ref[i] : half)) {
            veto_i_buf_printf(b, "%s", indent);
            veto_i_buf_name(b, m->names[i]);
            veto_i_buf_printf(b, " = ");
            put_number(b, bel[i]);
            veto_i_buf_printf(b, "\n");
        }
    }
    mpq_clear(half);
}

/* The group whose anonymous run starts at player i (see anon_run), or
 * m->ngroups. */
static size_t anon_group_of(const veto_model_t *m, size_t i)
{
    for (size_t g = 0; g < m->ngroups; g++) {
        if (m->group_size[g] >= 2 && m->group_members[g][0] == i) {
            return g;
        }
    }
    return m->ngroups;
}

/* Whether players i .. i+N-1 can be written as `N name`, the group of
 * anonymous players (issue 16): a group `name` of N >= 2 members, players
 * i .. i+N-1 in order, named name1 .. nameN, with the same attributes and
 * the same other groups, and no player named `name`. Returns N, or 0.
 * O(N * (groups * group size + attributes)). */
static size_t anon_run(const veto_model_t *m, size_t i)
{
    size_t g = anon_group_of(m, i);
    if (g == m->ngroups) {
        return 0;
    }
    for (size_t h = 0; h < g; h++) {
        if (m->group_size[h] > 0 && m->group_members[h][0] == i) {
            return 0; /* written first, h would be numbered after g */
        }
    }
    const char *gname = m->group_names[g];
    size_t glen = strlen(gname), n = m->group_size[g];
    if (n > m->n - i) {
        return 0;
    }
    for (size_t p = 0; p < m->n; p++) {
        if (strcmp(m->names[p], gname) == 0) {
            return 0;
        }
    }
    char num[24];
    for (size_t k = 0; k < n; k++) {
        size_t p = i + k;
        snprintf(num, sizeof num, "%zu", k + 1);
        if (m->group_members[g][k] != p ||
            strncmp(m->names[p], gname, glen) != 0 ||
            strcmp(m->names[p] + glen, num) != 0) {
            return 0;
        }
        for (size_t a = 0; a < m->nattrs && k > 0; a++) {
            size_t x = i * m->nattrs + a, y = p * m->nattrs + a;
            if (m->attr_set[x] != m->attr_set[y] ||
                (m->attr_set[x] && !mpq_equal(m->attr[x], m->attr[y]))) {
                return 0;
            }
        }
        for (size_t h = 0; h < m->ngroups && k > 0; h++) {
            bool in_i = false, in_p = false;
            for (size_t q = 0; q < m->group_size[h]; q++) {
                in_i = in_i || m->group_members[h][q] == i;
                in_p = in_p || m->group_members[h][q] == p;
            }
            if (in_i != in_p) {
                return 0;
            }
        }
    }
    return n;
}

static void put_num(veto_i_buf_t *b, const mpq_t q)
{
    put_number(b, q);
}

/* The same for a three-valued model: players differing from ref (from
 * 1/3, 1/3 when ref is NULL). */
static void belief_entries3(veto_i_buf_t *b, const veto_model_t *m,
                            mpq_t *bel, mpq_t *ab, mpq_t *ref, mpq_t *ref_ab,
                            const char *indent)
{
    mpq_t third;
    mpq_init(third);
    mpq_set_ui(third, 1, 3);
    for (size_t i = 0; i < m->n; i++) {
        bool same = ref != NULL ? mpq_equal(bel[i], ref[i]) &&
                                      mpq_equal(ab[i], ref_ab[i])
                                : mpq_equal(bel[i], third) &&
                                      mpq_equal(ab[i], third);
        if (!same) {
            veto_i_buf_printf(b, "%s", indent);
            veto_i_buf_name(b, m->names[i]);
            veto_i_buf_printf(b, " = ");
            put_vote3(b, bel[i], ab[i], put_num);
            veto_i_buf_printf(b, "\n");
        }
    }
    mpq_clear(third);
}

veto_status veto_model_write_veto(char **out, const veto_model_t *m,
                                  veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_rule_t *rule = NULL;
    char *rtext = NULL;
    bool *inbloc = NULL;
    veto_i_buf_t b = {0};

    if (out == NULL || m == NULL) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "veto_model_write_veto: NULL argument");
    }
    *out = NULL;
    for (size_t a = 0; a < m->nattrs; a++) {
        if (!veto_i_name_is_bare(m->attr_names[a])) {
            return veto_i_errorf(err, VETO_EINVAL,
                                 "attribute name '%s' cannot be written in "
                                 "the .veto language (it must be an "
                                 "identifier that is not a keyword)",
                                 m->attr_names[a]);
        }
    }
    VETO_TRY(veto_i_rule_build(&rule, m, err));
    VETO_ALLOC(rtext, veto_i_rule_to_string(rule, m));

    veto_i_buf_printf(&b, "# Written by veto check --format veto: the "
                          "normalised model.\n");
    if (m->title != NULL) {
        veto_i_buf_printf(&b, "title ");
        veto_i_buf_quoted(&b, m->title);
        veto_i_buf_printf(&b, "\n");
    }
    for (size_t s = 0; s < m->nsources; s++) {
        veto_i_buf_printf(&b, "source ");
        veto_i_buf_quoted(&b, m->sources[s]);
        veto_i_buf_printf(&b, "\n");
    }
    for (size_t s = 0; s < m->nnotes; s++) {
        veto_i_buf_printf(&b, "note ");
        veto_i_buf_quoted(&b, m->notes[s]);
        veto_i_buf_printf(&b, "\n");
    }
    if (m->ternary) {
        veto_i_buf_printf(&b, "\nvotes yes, abstain, no\n");
    }
    /* Players one a line, in order, with their attributes and groups;
     * groups are declared in the order of their first member, which keeps
     * their numbering when the first member comes in group order (a group
     * with no members cannot be written and changes nothing). */
    veto_i_buf_printf(&b, "\nplayers {\n");
    for (size_t i = 0; i < m->n; i++) {
        size_t run = anon_run(m, i);
        veto_i_buf_printf(&b, "  ");
        if (run > 0) {
            /* `N name` (issue 16): the group of anonymous players that
             * reads back to the same players, attributes and groups. */
            size_t g = anon_group_of(m, i);
            veto_i_buf_printf(&b, "%zu ", run);
            veto_i_buf_name(&b, m->group_names[g]);
        } else {
            veto_i_buf_name(&b, m->names[i]);
        }
        for (size_t a = 0; a < m->nattrs; a++) {
            if (m->attr_set[i * m->nattrs + a]) {
                veto_i_buf_printf(&b, " %s=", m->attr_names[a]);
                put_number(&b, m->attr[i * m->nattrs + a]);
            }
        }
        bool first = true;
        for (size_t g = 0; g < m->ngroups; g++) {
            if (run > 0 && g == anon_group_of(m, i)) {
                continue; /* named by the count */
            }
            for (size_t k = 0; k < m->group_size[g]; k++) {
                if (m->group_members[g][k] == i) {
                    veto_i_buf_printf(&b, "%s", first ? " [" : ", ");
                    veto_i_buf_name(&b, m->group_names[g]);
                    first = false;
                    break;
                }
            }
        }
        veto_i_buf_printf(&b, "%s\n", first ? "" : "]");
        if (run > 0) {
            i += run - 1;
        }
    }
    veto_i_buf_printf(&b, "}\n\npass when %s\n", rtext);

    /* unions { ... } (issue 12): each union of two or more players, in
     * order; singletons are implicit. O(n * unions). */
    if (m->union_of != NULL) {
        bool any = false;
        for (size_t u = 0; u < m->nunions; u++) {
            size_t count = 0;
            for (size_t i = 0; i < m->n && count < 2; i++) {
                count += m->union_of[i] == u;
            }
            if (count < 2) {
                continue;
            }
            veto_i_buf_printf(&b, "%s(", any ? " " : "\nunions { ");
            bool first = true;
            for (size_t i = 0; i < m->n; i++) {
                if (m->union_of[i] == u) {
                    veto_i_buf_printf(&b, "%s", first ? "" : ", ");
                    veto_i_buf_name(&b, m->names[i]);
                    first = false;
                }
            }
            veto_i_buf_printf(&b, ")");
            any = true;
        }
        if (any) {
            veto_i_buf_printf(&b, " }\n");
        }
    }

    if (m->ternary) {
        bool same3 = true;
        mpq_t third;
        mpq_init(third);
        mpq_set_ui(third, 1, 3);
        for (size_t i = 1; i < m->n && same3; i++) {
            same3 = mpq_equal(m->belief[i], m->belief[0]) &&
                    mpq_equal(m->abstain[i], m->abstain[0]);
        }
        if (same3 && m->n > 0) {
            if (!mpq_equal(m->belief[0], third) ||
                !mpq_equal(m->abstain[0], third)) {
                veto_i_buf_printf(&b, "\nbelief yes ");
                put_number(&b, m->belief[0]);
                veto_i_buf_printf(&b, ", abstain ");
                put_number(&b, m->abstain[0]);
                veto_i_buf_printf(&b, "\n");
            }
        } else {
            veto_i_buf_printf(&b, "\nbelief {\n");
            belief_entries3(&b, m, m->belief, m->abstain, NULL, NULL, "  ");
            veto_i_buf_printf(&b, "}\n");
        }
        mpq_clear(third);
        for (size_t s = 0; s < m->nscen; s++) {
            veto_i_buf_printf(&b, "%sscenario ", s == 0 ? "\n" : "");
            veto_i_buf_quoted(&b, m->scen[s].name);
            veto_i_buf_printf(&b, " {");
            veto_i_buf_t e = {0};
            belief_entries3(&e, m, m->scen[s].belief, m->scen[s].abstain,
                            m->belief, m->abstain, "  ");
            if (e.s != NULL) {
                veto_i_buf_printf(&b, "\n%s}\n", e.s);
            } else {
                veto_i_buf_printf(&b, " }\n");
            }
            b.oom = b.oom || e.oom;
            veto_i_free(e.s);
        }
        goto done;
    }
    /* Beliefs: one default when everybody shares it, else each player
     * that differs from 1/2 (bloc members take theirs from the bloc). */
    if (m->nblocs > 0) {
        VETO_ALLOC(inbloc, veto_i_calloc(m->n + 1, sizeof *inbloc));
        veto_i_buf_printf(&b, "\n");
        for (size_t k = 0; k < m->nblocs; k++) {
            put_bloc(&b, m, &m->bloc[k], "");
            for (size_t j = 0; j < m->bloc[k].m; j++) {
                inbloc[m->bloc[k].member[j]] = true;
            }
        }
    }
    bool same = true;
    for (size_t i = 1; i < m->n && same; i++) {
        same = mpq_equal(m->belief[i], m->belief[0]);
    }
    if (same && m->n > 0) {
        if (mpq_cmp_si(m->belief[0], 1, 2) != 0) {
            veto_i_buf_printf(&b, "\nbelief ");
            put_number(&b, m->belief[0]);
            veto_i_buf_printf(&b, "\n");
        }
    } else {
        veto_i_buf_t e = {0};
        belief_entries(&e, m, m->belief, NULL, "  ", inbloc);
        if (e.s != NULL) {
            veto_i_buf_printf(&b, "\nbelief {\n%s}\n", e.s);
        }
        b.oom = b.oom || e.oom;
        veto_i_free(e.s);
    }
    for (size_t s = 0; s < m->nscen; s++) {
        veto_i_buf_printf(&b, "%sscenario ", s == 0 ? "\n" : "");
        veto_i_buf_quoted(&b, m->scen[s].name);
        if (m->scen[s].has_weight) {
            veto_i_buf_printf(&b, " weight ");
            put_number(&b, m->scen[s].weight);
        }
        veto_i_buf_printf(&b, " {");
        veto_i_buf_t e = {0};
        for (size_t k = 0; k < m->scen[s].nown; k++) {
            put_bloc(&e, m, &m->scen[s].own[k], "  ");
        }
        belief_entries(&e, m, m->scen[s].belief, m->belief, "  ", NULL);
        if (e.s != NULL) {
            veto_i_buf_printf(&b, "\n%s}\n", e.s);
        } else {
            veto_i_buf_printf(&b, " }\n");
        }
        b.oom = b.oom || e.oom;
        veto_i_free(e.s);
    }
done:
    if (b.oom) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    *out = b.s;
    b.s = NULL;
cleanup:
    veto_i_free(inbloc);
    veto_i_free(b.s);
    veto_i_free(rtext);
    veto_i_rule_free(rule);
    return rc;
}
