/*
 * mc_work.c: the Monte Carlo engine's per-thread workspaces (see mc_i.h).
 */
#include "mc_i.h"

#include <string.h>

/* ---- workspaces -------------------------------------------------------- */

void mc_work_clear(work_t *w)
{
    veto_i_free(w->thr);
    veto_i_free(w->bp);
    for (size_t v = 0; v < w->nz; v++) {
        mpz_clear(w->sumz[v]);
    }
    if (w->zinit) {
        mpz_clear(w->tmp);
    }
    veto_i_free(w->sumz);
    veto_i_free(w->in);
    veto_i_free(w->perm);
    veto_i_free(w->bsum);
    veto_i_free(w->bcnt);
    veto_i_free(w->coll);
    veto_i_free(w->bits);
    veto_i_free(w->sum);
    veto_i_free(w->val);
    veto_i_free(w->cnt);
    veto_i_free(w->stamp);
    veto_i_free(w->log);
    veto_i_free(w->hot);
    memset(w, 0, sizeof *w);
}

/* Capacity for the players of one arrival bucket: 64 + 4 (mean + 1). A
 * sample with a fuller bucket is redrawn; by the Chernoff bound that
 * happens with probability below 2^-200 for every m > BUCKET_MIN_M. */
static size_t bucket_cap(size_t m)
{
    return 64 + 4 * (m / NBUCKET + 1);
}

bool mc_use_buckets(size_t m)
{
    /* bcnt is uint32_t: m < 2^32 */
    return m > BUCKET_MIN_M && m < (UINT64_C(1) << 32);
}

/* Bytes of one workspace (saturating); the same sizes as mc_work_init. */
uint64_t mc_work_bytes(bool weighted, size_t n, size_t m, size_t nnodes,
                       bool wide, size_t zbits)
{
    uint64_t b;
    if (weighted) {
        if (mc_use_buckets(m)) {
            b = NBUCKET * (8 + 4) + bucket_cap(m) * sizeof(arrival_t);
        } else {
            b = veto_i_sat_mul(m, sizeof(size_t)); /* perm */
        }
        return veto_i_sat_add(b, veto_i_sat_mul(m / 64 + 1, 8));
    }
    b = veto_i_sat_mul(m, sizeof(size_t)); /* perm */
    b = veto_i_sat_add(b, n);              /* in */
    uint64_t per = 1 + sizeof(size_t) + 8 + sizeof(logent_t);
    per += wide ? sizeof(mpz_t) + zbits / 8 + 16 : 8;
    return veto_i_sat_add(b, veto_i_sat_mul(nnodes, per));
}

veto_status mc_work_init(work_t *w, const plan_t *P, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    memset(w, 0, sizeof *w);
    if (P->bel && P->nbloc > 0) {
        size_t mm = P->weighted ? P->wf->m : P->fl->nment;
        VETO_ALLOC(w->thr, veto_i_mallocarray(mm + 1, sizeof(uint64_t)));
        VETO_ALLOC(w->bp, veto_i_mallocarray(P->nbloc, sizeof(double)));
        memcpy(w->thr, P->bthr, mm * sizeof(uint64_t));
    }
    if (P->weighted) {
        size_t m = P->wf->m;
        if (mc_use_buckets(m)) {
            w->cap = bucket_cap(m);
            VETO_ALLOC(w->bsum, veto_i_mallocarray(NBUCKET, sizeof(uint64_t)));
            VETO_ALLOC(w->bcnt, veto_i_mallocarray(NBUCKET, sizeof(uint32_t)));
            VETO_ALLOC(w->coll, veto_i_mallocarray(w->cap, sizeof(arrival_t)));
        } else {
            VETO_ALLOC(w->perm, veto_i_mallocarray(m, sizeof(size_t)));
        }
        VETO_ALLOC(w->bits, veto_i_calloc(m / 64 + 1, sizeof(uint64_t)));
        return VETO_OK;
    }
    const flat_t *f = P->fl;
    VETO_ALLOC(w->perm, veto_i_mallocarray(f->nment, sizeof(size_t)));
    VETO_ALLOC(w->in, veto_i_calloc(P->n, 1));
    VETO_ALLOC(w->val, veto_i_calloc(f->nnodes, 1));
    VETO_ALLOC(w->cnt, veto_i_calloc(f->nnodes, sizeof(size_t)));
    VETO_ALLOC(w->stamp, veto_i_calloc(f->nnodes, sizeof(uint64_t)));
    VETO_ALLOC(w->log, veto_i_mallocarray(f->nnodes, sizeof(logent_t)));
    if (f->wide) {
        VETO_ALLOC(w->sumz, veto_i_mallocarray(f->nnodes, sizeof(mpz_t)));
        /* Sized once from the largest total, so that GMP never reallocates
         * (or aborts) while sampling. */
        for (; w->nz < f->nnodes; w->nz++) {
            mpz_init2(w->sumz[w->nz], f->zbits);
        }
        mpz_init2(w->tmp, f->zbits);
        w->zinit = true;
    } else {
        VETO_ALLOC(w->sum, veto_i_calloc(f->nnodes, sizeof(uint64_t)));
    }
cleanup:
    if (rc != VETO_OK) {
        mc_work_clear(w);
    }
    return rc;
}
