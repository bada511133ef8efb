/*
 * bdd_probe.c: build a rule's diagram under a short time limit and
 * measure it, for the planner's time estimate (plan.c). See bdd_i.h.
 */
#include "bdd_i.h"

veto_status veto_i_bdd_probe(veto_i_bdd_probe_t *out, const veto_i_rule_t *r,
                             size_t n, double secs, const veto_i_ctx_t *ctx,
                             veto_error_t *err)
{
    memset(out, 0, sizeof *out);
    /* the caller's budget and clock; its own deadline, no progress
     * reports (the planner's probe is not a stage of the run) */
    veto_i_ctx_t c = *ctx;
    double start = veto_i_ctx_now(ctx);
    double until = start + (secs > 0 ? secs : 0);
    if (c.deadline <= 0 || until < c.deadline) {
        c.deadline = until;
    }
    c.progress = NULL;
    c.progress_user = NULL;
    bdd_mgr_t g;
    uint32_t f = BDD_NIL;
    veto_error_t e;
    veto_error_clear(&e);
    veto_status rc = bdd_mgr_build(&g, &f, r, n, NULL, &c, &e);
    out->made = g.made;
    if (rc == VETO_OK) {
        bdd_pass_t p = {0};
        rc = bdd_pass_reach(&p, &g, f, &out->nodes);
        if (rc == VETO_OK) {
            for (size_t t = 0; t < g.T; t++) {
                out->edges += (double)p.cnt[t] * (double)g.lv[t].arity;
            }
            out->done = true;
        }
        bdd_pass_free(&p);
    }
    out->secs = veto_i_ctx_now(ctx) - start;
    bdd_mgr_free(&g);
    if (rc == VETO_ETIMEOUT || rc == VETO_ELIMIT) {
        out->stopped = rc;
        rc = VETO_OK;
    } else if (rc != VETO_OK) {
        veto_i_errorf(err, rc, "%s", e.message);
    }
    veto_error_clear(&e);
    return rc;
}
