/*
 * bdd_probe.c: build a rule's diagram under a short time limit and
 * measure it, for the planner's time estimate (plan.c); the diagram may
 * be kept for the run. See bdd_i.h.
 */
#include "bdd_i.h"

#include <stdlib.h>

veto_status veto_i_bdd_probe(veto_i_bdd_probe_t *out, const veto_i_rule_t *r,
                             size_t n, double secs, const veto_i_ctx_t *ctx,
                             veto_i_bdd_built_t **keep, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    memset(out, 0, sizeof *out);
    if (keep != NULL) {
        *keep = NULL;
    }
    veto_i_bdd_built_t *b = veto_i_calloc(1, sizeof *b);
    if (b == NULL) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    /* the caller's budget and clock; a deadline of its own and no
     * progress reports (the probe is not a stage of the run) */
    veto_i_ctx_t c = *ctx;
    double start = veto_i_ctx_now(ctx);
    double until = start + (secs > 0 ? secs : 0);
    if (c.deadline <= 0 || until < c.deadline) {
        c.deadline = until;
    }
    c.progress = NULL;
    c.progress_user = NULL;
    veto_error_t e;
    veto_error_clear(&e);
    b->rule = r;
    b->root = BDD_NIL;
    rc = bdd_mgr_build(&b->g, &b->root, r, n, NULL, &c, &e);
    out->made = b->g.made;
    if (rc == VETO_OK) {
        bdd_pass_t p = {0};
        rc = bdd_pass_reach(&p, &b->g, b->root, &out->nodes);
        if (rc == VETO_OK) {
            for (size_t t = 0; t < b->g.T; t++) {
                out->edges += (double)p.cnt[t] * (double)b->g.lv[t].arity;
            }
            out->done = true;
        }
        bdd_pass_free(&p);
    }
    out->secs = veto_i_ctx_now(ctx) - start;
    /* the manager must not point at this frame's context and error */
    b->g.ctx = NULL;
    b->g.err = NULL;
    if (out->done && keep != NULL) {
        *keep = b;
        b = NULL;
    }
    veto_i_bdd_built_free(b);
    if (rc == VETO_ETIMEOUT || rc == VETO_ELIMIT) {
        out->stopped = rc;
        rc = VETO_OK;
    } else if (rc != VETO_OK) {
        veto_i_errorf(err, rc, "%s", e.message);
    }
    veto_error_clear(&e);
    return rc;
}

void veto_i_bdd_built_free(veto_i_bdd_built_t *b)
{
    if (b != NULL) {
        bdd_mgr_free(&b->g);
        veto_i_free(b);
    }
}
