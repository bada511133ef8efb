/*
 * mc_stop.c: stopping a Monte Carlo run at the deadline at a checkpoint
 * all ranks agree on (see mc_stop.h).
 */
#include "mc_stop.h"

#include <string.h>

/* The ballot summed over the ranks at each vote. */
enum { B_STOP = 0, B_SHORT = 1, B_FAIL = 2, NBALLOT = 3 };

uint64_t veto_i_mc_checkpoints(uint64_t nblocks)
{
    uint64_t k = 1;
    for (uint64_t c = 1; c < nblocks; c *= 2) {
        k++;
    }
    return k;
}

uint64_t veto_i_mc_local_blocks(uint64_t blocks, uint64_t rank, uint64_t nranks)
{
    return blocks > rank ? (blocks - 1 - rank) / nranks + 1 : 0;
}

void veto_i_mc_stop_init(veto_i_mc_stop_t *st, uint64_t nblocks, uint64_t rank,
                         uint64_t nranks, veto_i_mc_reduce_fn reduce,
                         void *reduce_user)
{
    memset(st, 0, sizeof *st);
    st->nblocks = nblocks;
    st->rank = rank;
    st->nranks = nranks;
    st->reduce = reduce;
    st->reduce_user = reduce_user;
    st->cp = 1;
}

uint64_t veto_i_mc_stop_bytes(size_t len)
{
    return veto_i_sat_mul(len, 2 * sizeof(uint64_t));
}

veto_status veto_i_mc_stop_alloc(veto_i_mc_stop_t *st, size_t len,
                                 veto_error_t *err)
{
    veto_status rc = VETO_OK;
    VETO_ALLOC(st->snap, veto_i_calloc(len + 1, sizeof(uint64_t)));
    VETO_ALLOC(st->stage, veto_i_calloc(len + 1, sizeof(uint64_t)));
    st->len = len;
cleanup:
    return rc;
}

void veto_i_mc_stop_clear(veto_i_mc_stop_t *st)
{
    if (st == NULL) {
        return;
    }
    veto_i_free(st->snap);
    veto_i_free(st->stage);
    memset(st, 0, sizeof *st);
}

uint64_t veto_i_mc_stop_target(const veto_i_mc_stop_t *st)
{
    return veto_i_mc_local_blocks(st->cp, st->rank, st->nranks);
}

uint64_t *veto_i_mc_stop_stage(veto_i_mc_stop_t *st)
{
    return st->stage;
}

/* Sum the ballots over the ranks (one rank: as it is). */
static veto_status tally_votes(veto_i_mc_stop_t *st, uint64_t *ballot,
                               veto_error_t *err)
{
    if (st->nranks <= 1) {
        return VETO_OK;
    }
    veto_status rrc = st->reduce(st->reduce_user, ballot, NBALLOT);
    if (rrc != VETO_OK) {
        return veto_i_errorf(err, rrc,
                             "Monte Carlo: the processes could not agree "
                             "where to stop (%s)",
                             veto_strerror(rrc));
    }
    return VETO_OK;
}

veto_status veto_i_mc_stop_vote(veto_i_mc_stop_t *st, uint64_t *sums,
                                bool reached, veto_status rc, bool *done,
                                uint64_t *stopped, veto_error_t *err)
{
    bool failed = rc != VETO_OK && rc != VETO_ETIMEOUT;
    uint64_t ballot[NBALLOT] = {rc != VETO_OK, !reached, failed};
    *done = true;
    *stopped = 0;
    st->over = true;
    veto_status trc = tally_votes(st, ballot, err);
    if (failed) {
        return rc; /* this rank's own error, already in err */
    }
    if (trc != VETO_OK) {
        return trc;
    }
    if (ballot[B_FAIL] > 0) {
        return veto_i_errorf(err, VETO_ECANCELLED,
                             "Monte Carlo: sampling failed in %llu other "
                             "process(es)",
                             (unsigned long long)ballot[B_FAIL]);
    }
    if (ballot[B_SHORT] == 0) {
        /* everybody is at cp: its counts are the newest agreed on */
        uint64_t *t = st->snap;
        st->snap = st->stage;
        st->stage = t;
        st->snap_cp = st->cp;
    }
    if (ballot[B_STOP] == 0 && st->cp < st->nblocks) {
        st->cp = 2 * st->cp < st->nblocks ? 2 * st->cp : st->nblocks;
        st->over = false;
        *done = false;
        veto_error_clear(err);
        return VETO_OK;
    }
    if (st->snap_cp == 0) {
        if (rc != VETO_ETIMEOUT) {
            veto_i_errorf(err, VETO_ETIMEOUT,
                          "Monte Carlo: another process reached the time "
                          "limit before the first checkpoint");
        }
        return VETO_ETIMEOUT;
    }
    memcpy(sums, st->snap, st->len * sizeof(uint64_t));
    *stopped = st->snap_cp < st->nblocks ? st->snap_cp : 0;
    veto_error_clear(err); /* a deadline that stopped the run is no error */
    return VETO_OK;
}

veto_status veto_i_mc_stop_abandon(veto_i_mc_stop_t *st, veto_status rc)
{
    if (st->nranks > 1 && !st->over && rc != VETO_OK) {
        uint64_t ballot[NBALLOT] = {1, 1, 1};
        st->over = true;
        (void)st->reduce(st->reduce_user, ballot, NBALLOT);
    }
    return rc;
}
