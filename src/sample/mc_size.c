/*
 * mc_size.c: the layout of the Monte Carlo engine's counts and its memory
 * plan, made before anything large is allocated (see mc_i.h).
 */
#include "mc_i.h"

#include <string.h>

/* ---- sizes -------------------------------------------------------------- */

static uint64_t flat_bytes(const shape_t *s, size_t n, bool wide, size_t zbits)
{
    uint64_t b = veto_i_sat_mul(s->nodes, 1 + 4 * sizeof(size_t) + 8);
    b = veto_i_sat_add(b, veto_i_sat_mul(s->children, sizeof(size_t)));
    b = veto_i_sat_add(b, veto_i_sat_mul(s->occ, 3 * sizeof(size_t) + 8));
    b = veto_i_sat_add(b, veto_i_sat_mul(n, 3 * sizeof(size_t)));
    if (wide) {
        uint64_t z = sizeof(mpz_t) + zbits / 8 + 16;
        b = veto_i_sat_add(b, veto_i_sat_mul(s->occ + s->nodes, z));
    }
    return b;
}

void mc_estimate_layout(plan_t *P, size_t n)
{
    size_t len = 0;
    P->off_bz = P->off_win = P->off_ssi = P->off_act = P->off_dec = NONE;
    if (P->bz) {
        P->off_bz = len;
        P->off_win = len + n;
        len += n + 1;
    }
    if (P->ssi) {
        P->off_ssi = len;
        len += n;
    }
    if (P->bel) {
        P->off_act = len;
        P->off_dec = len + 1;
        len += n + 1;
    }
    P->off_fail = len;
    P->len = len + 1;
    P->off_sec[SEC_BZ] = P->off_bz;
    P->off_sec[SEC_SSI] = P->off_ssi;
    P->off_sec[SEC_DEC] = P->off_dec;
}

/* Decide the path and size everything before allocating: the
 * representation, belief thresholds, workspaces, counts and outputs. r may
 * be NULL when g is given (g's single term is then used). O(size of r + n)
 * time, no allocation. Errors: those of mc_wgame_check and mc_rule_shape. */
veto_status mc_plan_size(sizing_t *z, const veto_i_rule_t *r,
                         const veto_i_wgame_t *g, const plan_t *P,
                         unsigned threads, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = P->n;
    memset(z, 0, sizeof *z);
    bool fits = false;
    if (g != NULL) {
        rc = mc_wgame_check(&fits, g, n, err);
        if (rc != VETO_OK) {
            return rc;
        }
    }
    z->weighted = fits;
    uint64_t b = 0;
    if (fits || r == NULL) {
        for (size_t i = 0; i < n; i++) {
            z->m += mpz_sgn(g->w[i]) != 0;
        }
    }
    if (fits) {
        b = veto_i_sat_mul(z->m, sizeof(wentry_t) + 8);
    } else {
        mpz_t total;
        mpz_init(total);
        size_t maxbits = 1;
        if (r != NULL) {
            rc = mc_rule_shape(&z->shape, r, n, 0, err);
            z->wide = rc == VETO_OK && !mc_rule_fits(r, &maxbits, total);
            z->m = n < z->shape.occ ? n : z->shape.occ;
        } else {
            /* g does not fit in 64 bits: one GMP term */
            for (size_t i = 0; i < n; i++) {
                mpz_add(total, total, g->w[i]);
            }
            maxbits = mpz_sizeinbase(total, 2);
            z->shape.nodes = 1;
            z->shape.occ = z->m;
            z->wide = true;
            /* the copy of g as a rule tree */
            b = veto_i_sat_mul(z->m, sizeof(size_t) + sizeof(mpz_t) + 16);
        }
        mpz_clear(total);
        if (rc != VETO_OK) {
            return rc;
        }
        z->zbits = maxbits + 2;
        b = veto_i_sat_add(r == NULL ? b : 0,
                           flat_bytes(&z->shape, n, z->wide, z->zbits));
    }
    if (P->bel) {
        b = veto_i_sat_add(b, veto_i_sat_mul(z->m, 8));
    }
    b = veto_i_sat_add(
        b, veto_i_sat_mul(threads, mc_work_bytes(fits, n, z->m, z->shape.nodes,
                                                 z->wide, z->zbits)));
    /* One thread adds to the shared counts directly. Several count their
     * first slots privately, within HOT_BYTES each, the rest atomically. */
    b = veto_i_sat_add(b, veto_i_sat_mul(P->len, 8));
    if (threads > 1) {
        z->hot = z->m < HOT_BYTES / (8 * NSEC) ? z->m : HOT_BYTES / (8 * NSEC);
        b = veto_i_sat_add(b, veto_i_sat_mul(threads, z->hot * 8 * NSEC));
    }
    if (P->anytime) {
        b = veto_i_sat_add(b, veto_i_sat_mul(P->len, 8)); /* snapshot */
    }
    size_t kinds = (size_t)P->bz + (size_t)P->ssi + (size_t)P->bel;
    b = veto_i_sat_add(b, veto_i_sat_mul(n, 2 * sizeof(double) * kinds));
    z->bytes = b;
    return VETO_OK;
}

uint64_t veto_i_mc_estimate_bytes(const veto_i_rule_t *r,
                                  const veto_i_wgame_t *g, size_t n, bool bz,
                                  bool ssi, bool beliefs, unsigned threads)
{
    plan_t P;
    memset(&P, 0, sizeof P);
    P.n = n;
    P.bz = bz;
    P.ssi = ssi;
    P.bel = beliefs;
    mc_estimate_layout(&P, n);
    sizing_t z;
    if ((r == NULL && g == NULL) ||
        mc_plan_size(&z, r, g, &P, threads == 0 ? 1 : threads, NULL) !=
            VETO_OK) {
        return 0;
    }
    return z.bytes;
}
