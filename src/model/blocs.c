/*
 * blocs.c: shared and bloc beliefs and weighted scenarios (issue 11),
 * resolved once the players and the plain beliefs are known.
 *
 * `belief shared beta(a, b)` makes every player one bloc; `bloc NAME
 * (list) shares beta(a, b)` makes the listed players one. A bloc's members
 * share one yes-probability p ~ Beta(a, b) and vote independently given
 * p. A scenario inherits the defaults' blocs, may declare its own (one of
 * the same name replaces the default's), and forcing a member's vote
 * (`Russia = 0`) takes that member out of its bloc; the others keep the
 * prior Beta(a, b).
 */
#include "model_i.h"

#include <stdio.h>
#include <string.h>

#define OOM() veto_i_errorf(b->err, VETO_ENOMEM, "out of memory")

static bool grow(void *arr, size_t *cap, size_t need, size_t sz)
{
    void **p = arr;
    if (need <= *cap) {
        return true;
    }
    size_t ncap = *cap == 0 ? 4 : *cap;
    while (ncap < need) {
        ncap *= 2;
    }
    void *np = veto_i_reallocarray(*p, ncap, sz);
    if (np == NULL) {
        return false;
    }
    *p = np;
    *cap = ncap;
    return true;
}

void veto_i_blocs_src_clear(veto_i_blocs_src_t *l)
{
    for (size_t k = 0; k < l->n; k++) {
        veto_i_bloc_src_t *bl = &l->bl[k];
        veto_i_free(bl->name);
        for (size_t r = 0; r < bl->nref; r++) {
            veto_i_free(bl->ref[r].name);
        }
        veto_i_free(bl->ref);
        mpq_clear(bl->a);
        mpq_clear(bl->b);
    }
    veto_i_free(l->bl);
    memset(l, 0, sizeof *l);
}

void veto_i_blocs_free(veto_i_bloc_t *bl, size_t count)
{
    if (bl == NULL) {
        return;
    }
    for (size_t k = 0; k < count; k++) {
        veto_i_free(bl[k].name);
        veto_i_free(bl[k].member);
        mpq_clear(bl[k].a);
        mpq_clear(bl[k].b);
    }
    veto_i_free(bl);
}

bool veto_i_model_has_blocs(const veto_model_t *m)
{
    if (m->nblocs > 0) {
        return true;
    }
    for (size_t s = 0; s < m->nscen; s++) {
        if (m->scen[s].nblocs > 0) {
            return true;
        }
    }
    return false;
}

veto_status veto_i_build_bloc(veto_i_build_t *b, veto_i_scen_src_t *scen,
                              const char *name, size_t len, veto_i_pos_t pos,
                              const mpq_t a, const mpq_t bb,
                              veto_i_bloc_src_t **out)
{
    veto_i_blocs_src_t *l = scen != NULL ? &scen->blocs : &b->blocs;
    if (!grow(&l->bl, &l->cap, l->n + 1, sizeof *l->bl)) {
        return OOM();
    }
    veto_i_bloc_src_t *bl = &l->bl[l->n];
    memset(bl, 0, sizeof *bl);
    if (name != NULL) {
        bl->name = veto_i_strndup(name, len);
        if (bl->name == NULL) {
            return OOM();
        }
    }
    mpq_init(bl->a);
    mpq_init(bl->b);
    mpq_set(bl->a, a);
    mpq_set(bl->b, bb);
    bl->src = b->src;
    bl->pos = pos;
    l->n++;
    *out = bl;
    return VETO_OK;
}

veto_status veto_i_build_bloc_member(veto_i_build_t *b, veto_i_bloc_src_t *bl,
                                     const char *name, size_t len,
                                     veto_i_pos_t pos)
{
    if (!grow(&bl->ref, &bl->cref, bl->nref + 1, sizeof *bl->ref)) {
        return OOM();
    }
    veto_i_nameref_t *r = &bl->ref[bl->nref];
    r->name = veto_i_strndup(name, len);
    if (r->name == NULL) {
        return OOM();
    }
    r->pos = pos;
    bl->nref++;
    return VETO_OK;
}

veto_status veto_i_build_scen_weight(veto_i_build_t *b,
                                     veto_i_scen_src_t *scen, const mpq_t w,
                                     veto_i_pos_t pos)
{
    (void)b;
    mpq_init(scen->weight);
    mpq_set(scen->weight, w);
    scen->has_weight = true;
    scen->wpos = pos;
    return VETO_OK;
}

/* An error at pos in src (or without a position from JSON). */
static veto_status err_at(veto_i_build_t *b, const veto_i_src_t *src,
                          veto_i_pos_t pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static veto_status err_at(veto_i_build_t *b, const veto_i_src_t *src,
                          veto_i_pos_t pos, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (src == NULL || pos.line == 0) {
        return veto_i_error(b->err, VETO_EINVAL, b->top_src->name, 0, 0, NULL,
                            0, "%s", msg);
    }
    return veto_i_src_error(src, b->err, VETO_EINVAL, pos, "%s", msg);
}

/* The players a name stands for: a player, or a group's members. */
static bool resolve(const veto_i_build_t *b, const char *name,
                    const size_t **members, size_t *count, size_t *one)
{
    const veto_model_t *m = b->m;
    size_t len = strlen(name);
    long p = veto_i_names_find(&b->players, name, len);
    if (p >= 0) {
        *one = (size_t)p;
        *members = one;
        *count = 1;
        return true;
    }
    long g = veto_i_names_find(&b->groups, name, len);
    if (g < 0) {
        return false;
    }
    *members = m->group_members[g];
    *count = m->group_size[g];
    return true;
}

static const char *bloc_label(const veto_i_bloc_t *bl)
{
    return bl->name != NULL ? bl->name : "shared";
}

/* A written bloc to a resolved one; of[i] (the bloc index + 1 of player
 * i in this scope, 0 when none) is updated with index k, and a player
 * already in a bloc is an error naming it (blocs[] holds the ones before).
 */
static veto_status resolve_bloc(veto_i_build_t *b, const veto_i_bloc_src_t *s,
                                veto_i_bloc_t *out, size_t k, size_t *of,
                                const veto_i_bloc_t *blocs)
{
    veto_model_t *m = b->m;
    size_t n = m->n;
    out->line = s->pos.line;
    out->col = s->pos.col;
    mpq_init(out->a);
    mpq_init(out->b);
    mpq_set(out->a, s->a);
    mpq_set(out->b, s->b);
    if (s->name != NULL) {
        out->name = veto_i_strdup(s->name);
        if (out->name == NULL) {
            return OOM();
        }
    }
    out->member = veto_i_mallocarray(n + 1, sizeof *out->member);
    if (out->member == NULL) {
        return OOM();
    }
    if (s->name == NULL) { /* belief shared: everybody */
        for (size_t i = 0; i < n; i++) {
            out->member[i] = i;
            of[i] = k + 1;
        }
        out->m = n;
        return VETO_OK;
    }
    for (size_t r = 0; r < s->nref; r++) {
        const size_t *mem;
        size_t cnt, one;
        if (!resolve(b, s->ref[r].name, &mem, &cnt, &one)) {
            return err_at(b, s->src, s->ref[r].pos,
                          "unknown player or group '%s' in bloc '%s'",
                          s->ref[r].name, s->name);
        }
        for (size_t j = 0; j < cnt; j++) {
            size_t i = mem[j];
            if (of[i] == k + 1) {
                continue; /* named twice in one bloc (a group and a member) */
            }
            if (of[i] != 0) {
                const veto_i_bloc_t *o = &blocs[of[i] - 1];
                if (o->line != 0) {
                    return err_at(b, s->src, s->ref[r].pos,
                                  "%s is already in bloc '%s' (line %u): a "
                                  "player can be in one bloc only",
                                  m->names[i], bloc_label(o), o->line);
                }
                return err_at(b, s->src, s->ref[r].pos,
                              "%s is already in bloc '%s': a player can be "
                              "in one bloc only",
                              m->names[i], bloc_label(o));
            }
            of[i] = k + 1;
            out->member[out->m++] = i;
        }
    }
    /* increasing order */
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        if (of[i] == k + 1) {
            out->member[c++] = i;
        }
    }
    return VETO_OK;
}

static veto_status copy_bloc(veto_i_build_t *b, veto_i_bloc_t *dst,
                             const veto_i_bloc_t *src)
{
    memset(dst, 0, sizeof *dst);
    mpq_init(dst->a);
    mpq_init(dst->b);
    mpq_set(dst->a, src->a);
    mpq_set(dst->b, src->b);
    dst->line = src->line;
    dst->col = src->col;
    if (src->name != NULL && (dst->name = veto_i_strdup(src->name)) == NULL) {
        return OOM();
    }
    dst->member = veto_i_mallocarray(src->m + 1, sizeof *dst->member);
    if (dst->member == NULL) {
        return OOM();
    }
    memcpy(dst->member, src->member, src->m * sizeof *dst->member);
    dst->m = src->m;
    return VETO_OK;
}

/* A decimal for a message: exact when the fraction terminates within 12
 * places, else num/den. */
static void q_text(char *buf, size_t size, const mpq_t q)
{
    mpz_t t;
    mpz_init_set(t, mpq_denref(q));
    unsigned places = 0;
    while (places <= 12 && mpz_cmp_ui(t, 1) != 0) {
        if (mpz_divisible_ui_p(t, 10)) {
            mpz_divexact_ui(t, t, 10);
        } else if (mpz_divisible_ui_p(t, 2)) {
            mpz_divexact_ui(t, t, 2);
        } else if (mpz_divisible_ui_p(t, 5)) {
            mpz_divexact_ui(t, t, 5);
        } else {
            break;
        }
        places++;
    }
    if (mpz_cmp_ui(t, 1) == 0 && mpz_sizeinbase(mpq_numref(q), 10) < 40) {
        /* q * 10^places is an integer */
        mpz_t s;
        mpz_init(s);
        mpz_ui_pow_ui(s, 10, places);
        mpz_mul(s, s, mpq_numref(q));
        mpz_divexact(s, s, mpq_denref(q));
        char digits[64];
        gmp_snprintf(digits, sizeof digits, "%Zd", s);
        size_t len = strlen(digits);
        if (places == 0) {
            snprintf(buf, size, "%s", digits);
        } else if (len > places) {
            snprintf(buf, size, "%.*s.%s", (int)(len - places), digits,
                     digits + len - places);
        } else {
            snprintf(buf, size, "0.%0*d%s", (int)(places - len), 0, digits);
            /* %0*d with 0 prints places-len zeros when that is positive */
            if (places - len == 0) {
                snprintf(buf, size, "0.%s", digits);
            }
        }
        mpz_clear(s);
    } else if (mpz_sizeinbase(mpq_numref(q), 10) +
                   mpz_sizeinbase(mpq_denref(q), 10) <
               60) {
        gmp_snprintf(buf, size, "%Qd", q);
    } else {
        snprintf(buf, size, "%.17g", mpq_get_d(q));
    }
    mpz_clear(t);
}

static veto_status check_weights(veto_i_build_t *b)
{
    veto_model_t *m = b->m;
    if (b->nscen == 0) {
        return VETO_OK;
    }
    bool first = b->scen[0].has_weight;
    for (size_t s = 1; s < b->nscen; s++) {
        if (b->scen[s].has_weight != first) {
            size_t w = first ? 0 : s, nw = first ? s : 0;
            if (b->scen[w].wpos.line == 0) {
                return err_at(b, b->top_src, b->scen[nw].pos,
                              "scenario '%s' has no weight but scenario "
                              "'%s' has one: give every scenario a weight "
                              "or none",
                              m->scen[nw].name, m->scen[w].name);
            }
            return err_at(b, b->top_src, b->scen[nw].pos,
                          "scenario '%s' has no weight but scenario '%s' "
                          "(line %u) has one: give every scenario a weight "
                          "or none",
                          m->scen[nw].name, m->scen[w].name,
                          b->scen[w].wpos.line);
        }
    }
    if (!first) {
        return VETO_OK;
    }
    mpq_t sum;
    mpq_init(sum);
    for (size_t s = 0; s < b->nscen; s++) {
        mpq_add(sum, sum, b->scen[s].weight);
        mpq_init(m->scen[s].weight);
        mpq_set(m->scen[s].weight, b->scen[s].weight);
        m->scen[s].has_weight = true;
    }
    m->weighted = true;
    veto_status rc = VETO_OK;
    if (mpq_cmp_ui(sum, 1, 1) != 0) {
        char total[96], off[96];
        mpq_t d;
        mpq_init(d);
        mpq_set_ui(d, 1, 1);
        int over = mpq_cmp_ui(sum, 1, 1) > 0;
        if (over) {
            mpq_sub(d, sum, d);
        } else {
            mpq_sub(d, d, sum);
        }
        q_text(total, sizeof total, sum);
        q_text(off, sizeof off, d);
        const veto_i_scen_src_t *last = &b->scen[b->nscen - 1];
        rc = err_at(b, b->top_src, last->wpos,
                    "scenario weights sum to %s, not 1 (%s %s)", total, off,
                    over ? "too much" : "short");
        mpq_clear(d);
    }
    mpq_clear(sum);
    return rc;
}

/* A belief entry naming a member of a bloc in force (the defaults: any
 * entry; a scenario: one that does not force the vote). */
static veto_status op_error(veto_i_build_t *b, const veto_i_beliefop_t *op,
                            const char *player, const veto_i_bloc_t *bl,
                            bool scen)
{
    char where[64] = "";
    if (bl->name == NULL) {
        return err_at(b, op->src, op->pos,
                      "%s takes its belief from 'belief shared' (line %u): "
                      "with a shared belief only a scenario's forced votes "
                      "(0 or 1) are allowed",
                      player, bl->line);
    }
    if (bl->line != 0) {
        snprintf(where, sizeof where, " (line %u)", bl->line);
    }
    if (scen) {
        return err_at(b, op->src, op->pos,
                      "%s is in bloc '%s'%s: a scenario can only force a "
                      "bloc member's vote (0 or 1)",
                      player, bloc_label(bl), where);
    }
    return err_at(b, op->src, op->pos,
                  "%s is in bloc '%s'%s: a bloc member's belief comes from "
                  "its bloc's Beta distribution",
                  player, bloc_label(bl), where);
}

static bool forced(const mpq_t p)
{
    return mpq_sgn(p) == 0 || mpq_cmp_ui(p, 1, 1) == 0;
}

/* The defaults' blocs into m (of[] then maps players to them). */
static veto_status default_blocs(veto_i_build_t *b, size_t *of)
{
    veto_model_t *m = b->m;
    const veto_i_blocs_src_t *l = &b->blocs;
    const veto_i_bloc_src_t *shared = NULL;
    for (size_t k = 0; k < l->n; k++) {
        const veto_i_bloc_src_t *s = &l->bl[k];
        if (s->name == NULL) {
            if (shared != NULL) {
                return err_at(b, s->src, s->pos,
                              "'belief shared' given twice (first on line "
                              "%u)",
                              shared->pos.line);
            }
            shared = s;
        }
    }
    if (shared != NULL && l->n > 1) {
        const veto_i_bloc_src_t *later = NULL;
        for (size_t k = 0; k < l->n; k++) {
            if (l->bl[k].name != NULL) {
                later = &l->bl[k];
                break;
            }
        }
        const veto_i_bloc_src_t *at =
            later->pos.off > shared->pos.off ? later : shared;
        return err_at(b, at->src, at->pos,
                      "'belief shared' (line %u) and bloc '%s' (line %u) "
                      "together: with a shared belief every player is "
                      "already in one bloc",
                      shared->pos.line, later->name, later->pos.line);
    }
    for (size_t k = 0; k < l->n; k++) {
        for (size_t j = 0; j < k; j++) {
            if (strcmp(l->bl[j].name, l->bl[k].name) == 0) {
                return err_at(b, l->bl[k].src, l->bl[k].pos,
                              "duplicate bloc '%s' (first on line %u)",
                              l->bl[k].name, l->bl[j].pos.line);
            }
        }
    }
    if (l->n == 0) {
        return VETO_OK;
    }
    m->bloc = veto_i_calloc(l->n, sizeof *m->bloc);
    if (m->bloc == NULL) {
        return OOM();
    }
    for (size_t k = 0; k < l->n; k++) {
        veto_status rc = resolve_bloc(b, &l->bl[k], &m->bloc[k], k, of, m->bloc);
        m->nblocs = k + 1;
        if (rc != VETO_OK) {
            return rc;
        }
    }
    m->shared = shared != NULL;
    /* belief entries of the defaults naming a bloc member */
    for (size_t k = 0; k < b->nbops; k++) {
        const veto_i_beliefop_t *op = &b->bops[k];
        if (op->name == NULL) {
            continue;
        }
        const size_t *mem;
        size_t cnt, one;
        if (!resolve(b, op->name, &mem, &cnt, &one)) {
            continue; /* apply_ops has reported it */
        }
        for (size_t j = 0; j < cnt; j++) {
            if (of[mem[j]] != 0) {
                return op_error(b, op, m->names[mem[j]],
                                &m->bloc[of[mem[j]] - 1], false);
            }
        }
    }
    return VETO_OK;
}

/* The blocs in force in scenario s. */
static veto_status scenario_blocs(veto_i_build_t *b, size_t s, size_t *of)
{
    veto_model_t *m = b->m;
    size_t n = m->n;
    const veto_i_scen_src_t *src = &b->scen[s];
    veto_i_scenario_t *sc = &m->scen[s];
    const veto_i_blocs_src_t *l = &src->blocs;
    veto_status rc = VETO_OK;

    if (l->n > 0 && m->shared) {
        return err_at(b, l->bl[0].src, l->bl[0].pos,
                      "bloc '%s' in a scenario of a model with 'belief "
                      "shared' (line %u): every player is already in one "
                      "bloc",
                      l->bl[0].name, m->bloc[0].line);
    }
    for (size_t k = 0; k < l->n; k++) {
        for (size_t j = 0; j < k; j++) {
            if (strcmp(l->bl[j].name, l->bl[k].name) == 0) {
                return err_at(b, l->bl[k].src, l->bl[k].pos,
                              "duplicate bloc '%s' in scenario '%s' (first "
                              "on line %u)",
                              l->bl[k].name, sc->name, l->bl[j].pos.line);
            }
        }
    }
    size_t cap = m->nblocs + l->n;
    if (cap == 0) {
        return VETO_OK;
    }
    veto_i_bloc_t *eff = veto_i_calloc(cap, sizeof *eff);
    if (eff == NULL) {
        return OOM();
    }
    size_t ne = 0;
    for (size_t i = 0; i < n; i++) {
        of[i] = 0;
    }
    /* the defaults' blocs that the scenario does not replace */
    for (size_t k = 0; k < m->nblocs; k++) {
        bool replaced = false;
        for (size_t j = 0; j < l->n && !replaced; j++) {
            replaced = m->bloc[k].name != NULL &&
                       strcmp(m->bloc[k].name, l->bl[j].name) == 0;
        }
        if (replaced) {
            continue;
        }
        if ((rc = copy_bloc(b, &eff[ne], &m->bloc[k])) != VETO_OK) {
            ne++;
            goto fail;
        }
        for (size_t j = 0; j < m->bloc[k].m; j++) {
            of[m->bloc[k].member[j]] = ne + 1;
        }
        ne++;
    }
    if (l->n > 0) {
        sc->own = veto_i_calloc(l->n, sizeof *sc->own);
        if (sc->own == NULL) {
            rc = OOM();
            goto fail;
        }
    }
    for (size_t k = 0; k < l->n; k++) {
        size_t *of2 = veto_i_calloc(n + 1, sizeof *of2);
        if (of2 == NULL) {
            rc = OOM();
            goto fail;
        }
        rc = resolve_bloc(b, &l->bl[k], &sc->own[k], 0, of2, NULL);
        sc->nown = k + 1;
        veto_i_free(of2);
        if (rc != VETO_OK) {
            goto fail;
        }
        rc = resolve_bloc(b, &l->bl[k], &eff[ne], ne, of, eff);
        ne++;
        if (rc != VETO_OK) {
            goto fail;
        }
    }
    /* entries of the scenario: forcing takes a member out of its bloc */
    for (size_t k = 0; k < src->nops; k++) {
        const veto_i_beliefop_t *op = &src->ops[k];
        const size_t *mem;
        size_t cnt, one;
        if (op->name == NULL || !resolve(b, op->name, &mem, &cnt, &one)) {
            continue;
        }
        for (size_t j = 0; j < cnt; j++) {
            size_t i = mem[j];
            if (of[i] == 0) {
                continue;
            }
            if (!forced(op->p)) {
                rc = op_error(b, op, m->names[i], &eff[of[i] - 1], true);
                goto fail;
            }
            veto_i_bloc_t *bl = &eff[of[i] - 1];
            size_t c = 0;
            for (size_t t = 0; t < bl->m; t++) {
                if (bl->member[t] != i) {
                    bl->member[c++] = bl->member[t];
                }
            }
            bl->m = c;
            of[i] = 0;
        }
    }
    /* drop the blocs left empty */
    size_t c = 0;
    for (size_t k = 0; k < ne; k++) {
        if (eff[k].m == 0) {
            veto_i_free(eff[k].name);
            veto_i_free(eff[k].member);
            mpq_clear(eff[k].a);
            mpq_clear(eff[k].b);
        } else {
            eff[c++] = eff[k];
        }
    }
    sc->bloc = eff;
    sc->nblocs = c;
    if (c == 0) {
        veto_i_free(eff);
        sc->bloc = NULL;
    }
    return VETO_OK;
fail:
    veto_i_blocs_free(eff, ne);
    return rc;
}

veto_status veto_i_build_finish_blocs(veto_i_build_t *b)
{
    veto_model_t *m = b->m;
    veto_status rc = VETO_OK;
    if (m->ternary) {
        /* Issue 11 leaves blocs in three-valued models out: a bloc would
         * need a joint law of yes and abstain. Refused at the first one. */
        const veto_i_bloc_src_t *first = b->blocs.n > 0 ? &b->blocs.bl[0] : NULL;
        for (size_t s = 0; s < b->nscen && first == NULL; s++) {
            if (b->scen[s].blocs.n > 0) {
                first = &b->scen[s].blocs.bl[0];
            }
        }
        if (first != NULL) {
            return err_at(b, first->src, first->pos,
                          "%s in a three-valued model (votes yes, abstain, "
                          "no): shared and bloc beliefs are for yes/no votes "
                          "only",
                          first->name == NULL ? "'belief shared'" : "a bloc");
        }
    }
    size_t *of = veto_i_calloc(m->n + 1, sizeof *of);
    if (of == NULL) {
        return OOM();
    }
    VETO_TRY(default_blocs(b, of));
    for (size_t s = 0; s < b->nscen && s < m->nscen; s++) {
        VETO_TRY(scenario_blocs(b, s, of));
    }
    VETO_TRY(check_weights(b));
cleanup:
    veto_i_free(of);
    return rc;
}
