/*
 * mc_stop.h: stopping a Monte Carlo run at the deadline with what it has
 * (issue 14), shared by the yes/no sampler (mc.c) and the three-valued one
 * (ternary_mc.c).
 *
 * A run of B blocks is cut at checkpoints: after 1, 2, 4, ... blocks (those
 * below B) and after B, so K = veto_i_mc_checkpoints(B) of them. At each
 * checkpoint every rank puts its counts so far in a staging array and
 * votes; the votes are summed by the run's reduce callback (so the ranks
 * make the same sequence of collective calls), and all ranks take the same
 * decision:
 * - nobody saw the deadline: go on to the next checkpoint;
 * - everybody reached the checkpoint and somebody saw the deadline: stop
 *   there (at the last checkpoint, B: the run is complete all the same);
 * - somebody saw the deadline before reaching it (between two
 *   checkpoints): stop at the previous checkpoint, whose counts every rank
 *   kept; before the first there is none, and the run fails with
 *   VETO_ETIMEOUT;
 * - somebody failed otherwise: every rank fails (the failing one with its
 *   own error, the others with VETO_ECANCELLED).
 * Checkpoints count the blocks of the whole run, block b belonging to rank
 * b mod nranks, so the counts summed over the ranks at checkpoint c are
 * those of blocks [0, c) whatever the number of ranks: the same result as
 * one process stopped there. The intervals are made valid at every
 * checkpoint at once (mc.h, veto_i_mc_opts_t.stop_at_deadline, gives the
 * argument); the caller adds ln K to its level.
 */
#ifndef VETO_SAMPLE_MC_STOP_H
#define VETO_SAMPLE_MC_STOP_H

#include "mc.h"

typedef struct veto_i_mc_stop {
    uint64_t nblocks; /* blocks of the whole run, all ranks */
    uint64_t rank, nranks;
    veto_i_mc_reduce_fn reduce; /* NULL with one rank */
    void *reduce_user;
    size_t len;       /* counts per array */
    uint64_t cp;      /* the next checkpoint, in blocks of the run */
    uint64_t snap_cp; /* the checkpoint the counts in snap are of; 0: none */
    uint64_t *snap;   /* [len] this rank's counts at snap_cp */
    uint64_t *stage;  /* [len] this rank's counts at cp, before the vote */
    bool over;        /* the ranks have agreed to stop (or failed) */
} veto_i_mc_stop_t;

/* The number K of checkpoints for nblocks >= 1 blocks: 1, 2, 4, ... below
 * nblocks, and nblocks. O(log nblocks). */
uint64_t veto_i_mc_checkpoints(uint64_t nblocks);

/* How many of blocks [0, blocks) belong to rank (block b to b mod nranks).
 * O(1). */
uint64_t veto_i_mc_local_blocks(uint64_t blocks, uint64_t rank,
                                uint64_t nranks);

/* Start before the first checkpoint of a run of nblocks >= 1 blocks; no
 * allocation, cannot fail: rank < nranks, and reduce non-NULL when
 * nranks > 1, are the caller's to check. */
void veto_i_mc_stop_init(veto_i_mc_stop_t *st, uint64_t nblocks, uint64_t rank,
                         uint64_t nranks, veto_i_mc_reduce_fn reduce,
                         void *reduce_user);

/* Bytes veto_i_mc_stop_alloc allocates for len counts (saturating). */
uint64_t veto_i_mc_stop_bytes(size_t len);

/* Allocate the two arrays of len counts. Errors: VETO_ENOMEM. */
veto_status veto_i_mc_stop_alloc(veto_i_mc_stop_t *st, size_t len,
                                 veto_error_t *err);

/* Free the arrays and zero the record; clearing a cleared record is
 * harmless. */
void veto_i_mc_stop_clear(veto_i_mc_stop_t *st);

/* Blocks of this rank to draw before the next vote. */
uint64_t veto_i_mc_stop_target(const veto_i_mc_stop_t *st);

/* Where this rank puts its counts when it reaches the target ([len]). */
uint64_t *veto_i_mc_stop_stage(veto_i_mc_stop_t *st);

/* Vote, once this rank has drawn veto_i_mc_stop_target blocks (reached,
 * its counts in the stage) or has stopped short of it (not reached). rc
 * is the verdict of its last poll (VETO_OK, VETO_ETIMEOUT, or a failure
 * with err filled). Every rank must vote at every checkpoint until *done.
 * On *done with VETO_OK, sums ([len]) hold this rank's counts at the
 * checkpoint agreed (summed over ranks by the caller, as for a complete
 * run), and *stopped is that checkpoint in blocks when it is not the last
 * (0 when the run is complete). Errors: VETO_ETIMEOUT (the deadline came
 * before the first checkpoint), rc (this rank failed), VETO_ECANCELLED
 * (another rank failed), or what the reduce returns; *done is then true.
 * One reduce of 3 counts and O(len) copying. */
veto_status veto_i_mc_stop_vote(veto_i_mc_stop_t *st, uint64_t *sums,
                                bool reached, veto_status rc, bool *done,
                                uint64_t *stopped, veto_error_t *err);

/* For a rank that fails outside the votes (before the first, say): cast
 * its failing vote if the ranks are still voting, so that the others stop
 * with it instead of waiting. Returns rc. */
veto_status veto_i_mc_stop_abandon(veto_i_mc_stop_t *st, veto_status rc);

#endif /* VETO_SAMPLE_MC_STOP_H */
