/*
 * sweep.c: how the probability of acting, the veto players and the indices
 * move as one belief, one threshold or one bloc's Beta parameter moves.
 * Every point is an exact analysis of its own (veto_i_analyse_rule);
 * nothing is interpolated.
 */
#include "analyst_i.h"

#include <stdio.h>
#include <string.h>

#define SWEEP_MAX_POINTS 10000

void veto_sweep_spec_init(veto_sweep_spec_t *s)
{
    if (s == NULL) {
        return;
    }
    memset(s, 0, sizeof *s);
    mpq_init(s->from);
    mpq_init(s->to);
    s->steps = 11;
}

void veto_sweep_spec_clear(veto_sweep_spec_t *s)
{
    if (s == NULL) {
        return;
    }
    mpq_clear(s->from);
    mpq_clear(s->to);
}

void veto_sweep_free(veto_sweep_t *s)
{
    if (s == NULL) {
        return;
    }
    for (size_t k = 0; k < s->npoints; k++) {
        if (s->value != NULL) {
            mpq_clear(s->value[k]);
        }
        if (s->result != NULL) {
            veto_result_free(s->result[k]);
        }
        if (s->rule_text != NULL) {
            veto_i_free(s->rule_text[k]);
        }
    }
    veto_i_free(s->value);
    veto_i_free(s->value_d);
    veto_i_free(s->result);
    veto_i_free(s->rule_text);
    veto_i_free(s->member);
    veto_i_free(s);
}

/* Allocate the per-point arrays, values initialised to 0. */
static veto_status sweep_alloc(veto_sweep_t *s, size_t npoints,
                               veto_error_t *err)
{
    s->value = veto_i_mallocarray(npoints, sizeof(mpq_t));
    s->value_d = veto_i_calloc(npoints, sizeof(double));
    s->result = veto_i_calloc(npoints, sizeof(veto_result_t *));
    s->rule_text = veto_i_calloc(npoints, sizeof(char *));
    if (s->value == NULL || s->value_d == NULL || s->result == NULL ||
        s->rule_text == NULL) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < npoints; k++) {
        mpq_init(s->value[k]);
    }
    s->npoints = npoints;
    return VETO_OK;
}

static veto_status sweep_belief(veto_sweep_t *s, const veto_model_t *m,
                                const veto_i_rule_t *rule,
                                const veto_sweep_spec_t *spec,
                                const veto_options_t *opt,
                                const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = m->n;
    mpq_t *bel = NULL, *abst = NULL;
    mpq_t step, sum;
    mpq_init(step);
    mpq_init(sum);
    const mpq_t *base = (const mpq_t *)m->belief;
    const mpq_t *base_ab = (const mpq_t *)m->abstain;
    const char *bname = "default";
    bool ab = spec->vote == VETO_VOTE_ABSTAIN;
    if (spec->vote != VETO_VOTE_YES && !(ab && m->ternary)) {
        rc = veto_i_errorf(err, VETO_EMISUSE,
                           ab ? "the abstain probability moves only in a "
                                "three-valued model (`votes yes, abstain, "
                                "no`)"
                              : "a sweep moves the yes or the abstain "
                                "probability");
        goto cleanup;
    }
    if (spec->player >= n) {
        rc = veto_i_errorf(err, VETO_EMISUSE, "no player %zu", spec->player);
        goto cleanup;
    }
    if (spec->scenario != NULL && strcmp(spec->scenario, "default") != 0) {
        base = NULL;
        for (size_t k = 0; k < m->nscen; k++) {
            if (strcmp(m->scen[k].name, spec->scenario) == 0) {
                base = (const mpq_t *)m->scen[k].belief;
                base_ab = (const mpq_t *)m->scen[k].abstain;
                bname = m->scen[k].name;
            }
        }
        if (base == NULL) {
            rc = veto_i_errorf(err, VETO_EMISUSE,
                               "no scenario \"%s\" in this model",
                               spec->scenario);
            veto_i_hint_scenarios(m, err);
            goto cleanup;
        }
    }
    if (mpq_sgn(spec->from) < 0 || mpq_cmp_ui(spec->to, 1, 1) > 0 ||
        mpq_sgn(spec->to) < 0 || mpq_cmp_ui(spec->from, 1, 1) > 0) {
        rc = veto_i_errorf(err, VETO_EMISUSE,
                           "a belief is a probability: FROM and TO must lie "
                           "in [0, 1]");
        goto cleanup;
    }
    {
        /* Blocs (issue 11): the sweep's one belief vector has no blocs, so
         * it would silently treat bloc members as independent: refuse. */
        size_t sidx = 0, nbl = 0;
        for (size_t k = 0; k < m->nscen && base != (const mpq_t *)m->belief;
             k++) {
            if ((const mpq_t *)m->scen[k].belief == base) {
                sidx = k + 1;
            }
        }
        veto_i_model_blocs(m, sidx, &nbl);
        if (nbl > 0) {
            rc = veto_i_errorf(err, VETO_EUNSUPPORTED,
                               "sweep --belief does not take shared or bloc "
                               "beliefs yet (this belief set has %zu "
                               "bloc%s)",
                               nbl, nbl == 1 ? "" : "s");
            goto cleanup;
        }
    }
    if (spec->steps < 2 || spec->steps > SWEEP_MAX_POINTS) {
        rc = veto_i_errorf(err, VETO_EMISUSE, "STEPS must be between 2 and %d",
                           SWEEP_MAX_POINTS);
        goto cleanup;
    }
    snprintf(s->label, sizeof s->label, "%s%s%s%s",
             !m->ternary ? "the belief of "
             : ab        ? "the abstain probability of "
                         : "the yes probability of ",
             m->names[spec->player],
             base == (const mpq_t *)m->belief ? "" : " in ",
             base == (const mpq_t *)m->belief ? "" : bname);
    VETO_TRY(sweep_alloc(s, spec->steps, err));
    VETO_ALLOC(bel, veto_i_mallocarray(n, sizeof(mpq_t)));
    for (size_t i = 0; i < n; i++) {
        mpq_init(bel[i]);
        mpq_set(bel[i], base[i]);
    }
    if (m->ternary) {
        VETO_ALLOC(abst, veto_i_mallocarray(n, sizeof(mpq_t)));
        for (size_t i = 0; i < n; i++) {
            mpq_init(abst[i]);
            mpq_set(abst[i], base_ab[i]);
        }
    }
    /* Exact points: from + (to - from) * k / (steps - 1). */
    mpq_sub(step, spec->to, spec->from);
    mpq_set_ui(s->value[0], (unsigned long)(spec->steps - 1), 1);
    mpq_div(step, step, s->value[0]);
    veto_options_t o = *opt;
    o.beliefs = true;
    for (size_t k = 0; k < spec->steps; k++) {
        mpq_set_ui(s->value[k], (unsigned long)k, 1);
        mpq_mul(s->value[k], s->value[k], step);
        mpq_add(s->value[k], s->value[k], spec->from);
        s->value_d[k] = mpq_get_d(s->value[k]);
        mpq_set(ab ? abst[spec->player] : bel[spec->player], s->value[k]);
        VETO_TRY(veto_i_poll(ctx, (double)k / (double)spec->steps, "sweep",
                             err));
        if (!m->ternary) {
            VETO_TRY(veto_i_analyse_rule(&s->result[k], m, rule, &o,
                                         (const mpq_t *)bel, bname, true, ctx,
                                         err));
            continue;
        }
        mpq_add(sum, bel[spec->player], abst[spec->player]);
        if (mpq_cmp_ui(sum, 1, 1) > 0) {
            veto_i_buf_t v = {0}, held = {0}, room = {0};
            veto_i_buf_mpq(&v, s->value[k]);
            veto_i_buf_mpq(&held, ab ? bel[spec->player] : abst[spec->player]);
            mpq_set_ui(sum, 1, 1);
            mpq_sub(sum, sum, ab ? bel[spec->player] : abst[spec->player]);
            veto_i_buf_mpq(&room, sum);
            rc = veto_i_errorf(
                err, VETO_EMISUSE,
                "point %zu of the sweep (%s %s = %s): yes + "
                "abstain would be more than 1, with %s held "
                "at %s; end the sweep at %s or below",
                k + 1, m->names[spec->player], ab ? "abstain" : "yes",
                v.s != NULL ? v.s : "?", ab ? "yes" : "abstain",
                held.s != NULL ? held.s : "?", room.s != NULL ? room.s : "?");
            veto_i_free(v.s);
            veto_i_free(held.s);
            veto_i_free(room.s);
            goto cleanup;
        }
        VETO_TRY(veto_i_analyse_ternary(&s->result[k], m, rule, &o,
                                        (const mpq_t *)bel, (const mpq_t *)abst,
                                        bname, true, ctx, err));
    }
cleanup:
    if (bel != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(bel[i]);
        }
        veto_i_free(bel);
    }
    if (abst != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(abst[i]);
        }
        veto_i_free(abst);
    }
    mpq_clear(step);
    mpq_clear(sum);
    return rc;
}

/* The blocs of belief set sidx as a list for a hint ("West, East"). */
static void bloc_names(char *buf, size_t size, const veto_model_t *m,
                       size_t sidx)
{
    size_t nbl = 0, len = 0;
    const veto_i_bloc_t *bl = veto_i_model_blocs(m, sidx, &nbl);
    buf[0] = '\0';
    for (size_t k = 0; k < nbl && len + 1 < size; k++) {
        int w = snprintf(buf + len, size - len, "%s%s", k > 0 ? ", " : "",
                         bl[k].name != NULL ? bl[k].name : "shared");
        len += w > 0 ? (size_t)w : 0;
    }
}

/* Is bloc bl named name? `belief shared` is "shared". */
static bool bloc_is(const veto_i_bloc_t *bl, const char *name)
{
    return strcmp(bl->name != NULL ? bl->name : "shared", name) == 0;
}

/* Is the bloc of scenario sc named like bloc d one the scenario declares
 * itself (not a copy of the defaults' bloc)? */
static bool scen_owns(const veto_i_scenario_t *sc, const veto_i_bloc_t *d)
{
    for (size_t j = 0; j < sc->nown; j++) {
        if (d->name != NULL && sc->own[j].name != NULL &&
            strcmp(sc->own[j].name, d->name) == 0) {
            return true;
        }
    }
    return false;
}

/* One bloc's Beta parameter moves. Each point analyses a view of the
 * model that shares everything but the bloc arrays: copies of the
 * defaults' blocs and of every scenario's blocs in force, with the swept
 * bloc's parameter set to the point's value. */
static veto_status sweep_bloc(veto_sweep_t *s, const veto_model_t *m,
                              const veto_i_rule_t *rule,
                              const veto_sweep_spec_t *spec,
                              const veto_options_t *opt,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_model_t view = *m;
    veto_i_scenario_t *scen = NULL;
    mpq_t step;
    mpq_init(step);
    /* the parameters that move: pointers into view's copies */
    mpq_ptr *moving = NULL;
    size_t nmoving = 0;
    size_t sidx = 0;
    char names[256];
    const char *bname = spec->bloc != NULL ? spec->bloc : "shared";
    view.bloc = NULL;
    view.nblocs = 0;
    if (!veto_i_model_has_blocs(m)) {
        rc = veto_i_errorf(err, VETO_EMISUSE,
                           "this model has no blocs: a bloc sweep moves the "
                           "Beta parameter of a `bloc NAME (...) shares "
                           "beta(a, b)` or of `belief shared beta(a, b)`");
        goto cleanup;
    }
    if (spec->param != 'a' && spec->param != 'b') {
        rc = veto_i_errorf(err, VETO_EMISUSE,
                           "a bloc's Beta(a, b) has the parameters a and b; "
                           "a bloc sweep moves one of them");
        goto cleanup;
    }
    if (spec->scenario != NULL && strcmp(spec->scenario, "default") != 0) {
        for (size_t k = 0; k < m->nscen; k++) {
            if (strcmp(m->scen[k].name, spec->scenario) == 0) {
                sidx = k + 1;
            }
        }
        if (sidx == 0) {
            rc = veto_i_errorf(err, VETO_EMISUSE,
                               "no scenario \"%s\" in this model",
                               spec->scenario);
            veto_i_hint_scenarios(m, err);
            goto cleanup;
        }
    }
    {
        size_t nbl = 0;
        const veto_i_bloc_t *bl = veto_i_model_blocs(m, sidx, &nbl);
        bool found = false;
        for (size_t k = 0; k < nbl && !found; k++) {
            if (bloc_is(&bl[k], bname)) {
                found = true;
                VETO_ALLOC(s->member,
                           veto_i_mallocarray(bl[k].m + 1, sizeof *s->member));
                memcpy(s->member, bl[k].member, bl[k].m * sizeof *s->member);
                s->nmembers = bl[k].m;
            }
        }
        if (!found) {
            bloc_names(names, sizeof names, m, sidx);
            rc = veto_i_errorf(
                err, VETO_EMISUSE, "no bloc '%s' in %s%s%s", bname,
                sidx == 0 ? "the defaults" : "scenario \"",
                sidx == 0 ? "" : m->scen[sidx - 1].name, sidx == 0 ? "" : "\"");
            if (nbl == 0) {
                veto_i_error_hint(err,
                                  "%s has no bloc; the scenarios may "
                                  "(name one with --scenario)",
                                  sidx == 0 ? "the defaults" : "this scenario");
            } else {
                veto_i_error_hint(err, "the blocs there are: %s", names);
            }
            goto cleanup;
        }
    }
    if (mpq_sgn(spec->from) <= 0 || mpq_sgn(spec->to) <= 0) {
        rc = veto_i_errorf(err, VETO_EMISUSE,
                           "a Beta parameter is positive: FROM and TO must "
                           "be more than 0");
        goto cleanup;
    }
    if (spec->steps < 2 || spec->steps > SWEEP_MAX_POINTS) {
        rc = veto_i_errorf(err, VETO_EMISUSE, "STEPS must be between 2 and %d",
                           SWEEP_MAX_POINTS);
        goto cleanup;
    }
    snprintf(s->bloc, sizeof s->bloc, "%s", bname);
    s->param = spec->param;
    s->belief_set = sidx;
    snprintf(s->label, sizeof s->label, "%c of bloc %s%s%s", spec->param, bname,
             sidx == 0 ? "" : " in ", sidx == 0 ? "" : m->scen[sidx - 1].name);

    /* The view's bloc arrays. */
    VETO_ALLOC(moving, veto_i_calloc(m->nscen + 1, sizeof *moving));
    if (m->nblocs > 0) {
        VETO_ALLOC(view.bloc, veto_i_calloc(m->nblocs, sizeof *view.bloc));
    }
    for (size_t k = 0; k < m->nblocs; k++) {
        view.bloc[k] = m->bloc[k];
        mpq_init(view.bloc[k].a);
        mpq_init(view.bloc[k].b);
        mpq_set(view.bloc[k].a, m->bloc[k].a);
        mpq_set(view.bloc[k].b, m->bloc[k].b);
        view.nblocs = k + 1;
        if (sidx == 0 && bloc_is(&m->bloc[k], bname)) {
            moving[nmoving++] =
                spec->param == 'a' ? view.bloc[k].a : view.bloc[k].b;
        }
    }
    if (m->nscen > 0) {
        VETO_ALLOC(scen, veto_i_calloc(m->nscen, sizeof *scen));
        view.scen = scen;
    }
    for (size_t t = 0; t < m->nscen; t++) {
        const veto_i_scenario_t *sc = &m->scen[t];
        scen[t] = *sc;
        scen[t].bloc = NULL;
        scen[t].nblocs = 0;
        if (sc->nblocs > 0) {
            VETO_ALLOC(scen[t].bloc,
                       veto_i_calloc(sc->nblocs, sizeof *scen[t].bloc));
        }
        for (size_t k = 0; k < sc->nblocs; k++) {
            veto_i_bloc_t *c = &scen[t].bloc[k];
            *c = sc->bloc[k];
            mpq_init(c->a);
            mpq_init(c->b);
            mpq_set(c->a, sc->bloc[k].a);
            mpq_set(c->b, sc->bloc[k].b);
            scen[t].nblocs = k + 1;
            bool moves = bloc_is(c, bname) &&
                         (sidx == 0 ? !scen_owns(sc, c) : sidx == t + 1);
            if (moves) {
                moving[nmoving++] = spec->param == 'a' ? c->a : c->b;
            }
        }
    }

    VETO_TRY(sweep_alloc(s, spec->steps, err));
    mpq_sub(step, spec->to, spec->from);
    mpq_set_ui(s->value[0], (unsigned long)(spec->steps - 1), 1);
    mpq_div(step, step, s->value[0]);
    veto_options_t o = *opt;
    o.beliefs = true;
    for (size_t k = 0; k < spec->steps; k++) {
        mpq_set_ui(s->value[k], (unsigned long)k, 1);
        mpq_mul(s->value[k], s->value[k], step);
        mpq_add(s->value[k], s->value[k], spec->from);
        s->value_d[k] = mpq_get_d(s->value[k]);
        for (size_t j = 0; j < nmoving; j++) {
            mpq_set(moving[j], s->value[k]);
        }
        VETO_TRY(
            veto_i_poll(ctx, (double)k / (double)spec->steps, "sweep", err));
        VETO_TRY(veto_i_analyse_rule(&s->result[k], &view, rule, &o, NULL, NULL,
                                     true, ctx, err));
    }
cleanup:
    for (size_t k = 0; k < view.nblocs; k++) {
        mpq_clear(view.bloc[k].a);
        mpq_clear(view.bloc[k].b);
    }
    veto_i_free(view.bloc);
    for (size_t t = 0; scen != NULL && t < m->nscen; t++) {
        for (size_t k = 0; k < scen[t].nblocs; k++) {
            mpq_clear(scen[t].bloc[k].a);
            mpq_clear(scen[t].bloc[k].b);
        }
        veto_i_free(scen[t].bloc);
    }
    veto_i_free(scen);
    veto_i_free(moving);
    mpq_clear(step);
    return rc;
}

static veto_status sweep_quota(veto_sweep_t *s, const veto_model_t *m,
                               const veto_i_rule_t *rule,
                               const veto_sweep_spec_t *spec,
                               const veto_options_t *opt,
                               const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_rule_t *copy = NULL;
    veto_i_rule_t **thr = NULL;
    char *text = NULL;
    mpz_t cur, max, npts;
    mpz_init(cur);
    mpz_init(max);
    mpz_init(npts);
    size_t nthr = veto_i_an_thresholds((veto_i_rule_t *)rule, NULL, 0);
    if (spec->threshold < 1 || spec->threshold > nthr) {
        if (nthr == 0) {
            rc = veto_i_errorf(err, VETO_EMISUSE,
                               "this rule has no threshold to move");
        } else {
            rc = veto_i_errorf(err, VETO_EMISUSE,
                               "no threshold %zu: this rule has %zu, numbered "
                               "1 to %zu in the order `veto check` prints them",
                               spec->threshold, nthr, nthr);
        }
        goto cleanup;
    }
    VETO_ALLOC(thr, veto_i_mallocarray(nthr, sizeof *thr));
    veto_i_an_thresholds((veto_i_rule_t *)rule, thr, nthr);
    const veto_i_rule_t *t = thr[spec->threshold - 1];
    veto_i_an_threshold_value(t, cur, max);
    VETO_ALLOC(text, veto_i_rule_to_string(t, m));
    if (mpz_cmp_ui(mpq_denref(spec->from), 1) != 0 ||
        mpz_cmp_ui(mpq_denref(spec->to), 1) != 0 ||
        mpz_cmp_ui(mpq_numref(spec->from), 1) < 0 ||
        mpz_cmp(mpq_numref(spec->to), max) > 0 ||
        mpq_cmp(spec->from, spec->to) > 0) {
        char *ms = mpz_get_str(NULL, 10, max);
        rc = veto_i_errorf(err, VETO_EMISUSE,
                           "threshold %zu (%s) takes whole values FROM <= TO "
                           "between 1 and %s",
                           spec->threshold, text, ms);
        void (*freefunc)(void *, size_t);
        mp_get_memory_functions(NULL, NULL, &freefunc);
        freefunc(ms, strlen(ms) + 1);
        goto cleanup;
    }
    mpz_sub(npts, mpq_numref(spec->to), mpq_numref(spec->from));
    mpz_add_ui(npts, npts, 1);
    if (mpz_cmp_ui(npts, SWEEP_MAX_POINTS) > 0) {
        rc = veto_i_errorf(err, VETO_EMISUSE,
                           "a quota sweep visits every whole value; from FROM "
                           "to TO there are more than %d",
                           SWEEP_MAX_POINTS);
        goto cleanup;
    }
    snprintf(s->label, sizeof s->label, "threshold %zu (%s)", spec->threshold,
             text);
    VETO_TRY(sweep_alloc(s, (size_t)mpz_get_ui(npts), err));
    for (size_t k = 0; k < s->npoints; k++) {
        mpq_set_ui(s->value[k], (unsigned long)k, 1);
        mpq_add(s->value[k], s->value[k], spec->from);
        s->value_d[k] = mpq_get_d(s->value[k]);
        VETO_ALLOC(copy, veto_i_rule_copy(rule));
        veto_i_an_thresholds(copy, thr, nthr);
        veto_i_an_threshold_set(thr[spec->threshold - 1],
                                mpq_numref(s->value[k]));
        VETO_ALLOC(s->rule_text[k], veto_i_rule_to_string(copy, m));
        VETO_TRY(veto_i_poll(ctx, (double)k / (double)s->npoints, "sweep",
                             err));
        VETO_TRY(veto_i_analyse_rule(&s->result[k], m, copy, opt, NULL, NULL,
                                     true, ctx, err));
        veto_i_rule_free(copy);
        copy = NULL;
    }
cleanup:
    veto_i_rule_free(copy);
    veto_i_free(thr);
    veto_i_free(text);
    mpz_clear(cur);
    mpz_clear(max);
    mpz_clear(npts);
    return rc;
}

veto_status veto_sweep(veto_sweep_t **out, const veto_model_t *model,
                       const veto_sweep_spec_t *spec, const veto_options_t *opt,
                       veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_sweep_t *s = NULL;
    veto_i_rule_t *rule = NULL;
    veto_options_t defaults;
    VETO_I_ERR_SCRATCH();
    VETO_I_NONNULL(out);
    *out = NULL;
    VETO_I_NONNULL(model);
    VETO_I_NONNULL(spec);
    if ((rc = veto_i_check_options(opt, __func__, err)) != VETO_OK) {
        return rc;
    }
    if ((unsigned)spec->kind > (unsigned)VETO_SWEEP_BLOC) {
        return veto_i_misuse(err, __func__, "unknown sweep kind %d",
                             (int)spec->kind);
    }
    if (opt == NULL) {
        veto_options_init(&defaults);
        opt = &defaults;
    }
    /* One run context for the whole sweep: --timeout bounds all its
     * points together, not each analysis. */
    veto_i_ctx_t ctx;
    veto_i_ctx_from_options(&ctx, opt);
    VETO_TRY(veto_i_rule_build(&rule, model, err));
    VETO_ALLOC(s, veto_i_calloc(1, sizeof *s));
    s->kind = spec->kind;
    s->player = spec->player;
    s->threshold = spec->threshold;
    s->vote = spec->vote;
    s->ternary = model->ternary;
    if (spec->kind == VETO_SWEEP_BELIEF) {
        VETO_TRY(sweep_belief(s, model, rule, spec, opt, &ctx, err));
    } else if (spec->kind == VETO_SWEEP_BLOC) {
        if (model->ternary) {
            rc = veto_i_errorf(err, VETO_EMISUSE,
                               "a three-valued model has no blocs to sweep");
            goto cleanup;
        }
        VETO_TRY(sweep_bloc(s, model, rule, spec, opt, &ctx, err));
    } else {
        VETO_TRY(sweep_quota(s, model, rule, spec, opt, &ctx, err));
    }
    *out = s;
    s = NULL;
cleanup:
    veto_sweep_free(s);
    veto_i_rule_free(rule);
    return rc;
}
