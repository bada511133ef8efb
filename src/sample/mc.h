/*
 * mc.h: the Monte Carlo engine. Estimates, with simultaneous confidence
 * intervals, the absolute Banzhaf index (swing probability), the
 * Shapley-Shubik index, the power to act, and under beliefs the probability
 * of acting and of each player being decisive, for any monotone rule and
 * any number of players.
 *
 * Reproducibility: samples are drawn in blocks; block b's random numbers
 * come from a counter-based generator keyed by (seed, b) only; every block
 * yields integer counts that are summed in uint64. Blocks are spread over
 * threads (OpenMP) and over processes (block b belongs to rank
 * b mod nranks, the ranks' sums added by the caller's reduce callback), so
 * the result is byte-identical for any number of threads and ranks. Each
 * kind of estimate has its own stream, so asking for another kind too does
 * not change an estimate (only its interval, through m below).
 *
 * Intervals: each estimate is a binomial proportion c/N. Its interval is
 * the Chernoff bound inverted exactly, {p : N kl(c/N, p) <= ln(2m/delta)}
 * (kl the binary relative entropy, m the number of estimates reported,
 * delta = 1 - confidence), reported as the smallest symmetric half-width
 * around c/N that contains it. Each side misses with probability at most
 * delta/(2m) (Chernoff), so all m intervals hold together with probability
 * at least `confidence` (Bonferroni). By Pinsker's inequality it is never
 * wider than Hoeffding's sqrt(ln(2m/delta)/(2N)), and far narrower for
 * small probabilities. When ctx->samples is 0 the sample count is fixed in
 * advance as N = ceil(ln(2m/delta) / (2 epsilon^2)), Hoeffding's count, so
 * every half-width is at most epsilon whatever the data.
 */
#ifndef VETO_SAMPLE_MC_H
#define VETO_SAMPLE_MC_H

#include "../rule/rule.h"

typedef struct veto_i_estimates {
    size_t n;
    uint64_t samples;  /* per estimate kind: coalitions, orderings, draws */
    double confidence; /* simultaneous, over all estimates reported */
    bool have_bz, have_ssi, have_beliefs;
    double *bz_abs, *bz_abs_hw; /* [n] absolute Banzhaf (swing probability) */
    double *ssi, *ssi_hw;       /* [n] Shapley-Shubik */
    double p_win, p_win_hw;     /* with have_bz: P(uniform coalition wins) */
    double p_act, p_act_hw;     /* with have_beliefs */
    double *p_dec, *p_dec_hw;   /* [n] with have_beliefs: P(i decisive) */
    bool stopped_early;         /* the deadline came first (veto_i_mc_opts_t) */
    uint64_t planned; /* samples planned; == samples unless stopped_early */
    char bound[128];  /* which bound and correction, in words */
} veto_i_estimates_t;

/* Zero an estimates record (no allocation). */
void veto_i_estimates_init(veto_i_estimates_t *e);
/* Free its arrays and zero it; clearing a cleared record is harmless. */
void veto_i_estimates_clear(veto_i_estimates_t *e);

/* Combine the ranks' integer sums: on return every rank's sums[0..len)
 * must hold the element-wise total over all ranks (an MPI_Allreduce with
 * MPI_SUM on MPI_UINT64_T). Called once for the counts per veto_i_mc_run
 * by every rank that got past argument checking, even by a rank that
 * failed (it then contributes a non-zero failure slot, so every rank fails
 * together and no collective is left unmatched; only a rank that cannot
 * allocate the len counts themselves returns VETO_ENOMEM without calling
 * it). With stop_at_deadline it is also called with len 3 at each
 * checkpoint before that, for the ranks' votes (mc_stop.h), by every rank
 * in the same sequence, a failing rank included. Every rank
 * must pass the same arguments but rank. Returns VETO_OK or an error code.
 * For veto-mpi, in chunks since MPI counts are int:
 *     MPI_Comm comm = *(MPI_Comm *)user;
 *     for (size_t at = 0; at < len; at += (size_t)INT_MAX) {
 *         int k = (int)(len - at < (size_t)INT_MAX ? len - at : INT_MAX);
 *         if (MPI_Allreduce(MPI_IN_PLACE, sums + at, k, MPI_UINT64_T,
 *                           MPI_SUM, comm) != MPI_SUCCESS) {
 *             return VETO_EIO;
 *         }
 *     }
 *     return VETO_OK; */
typedef veto_status (*veto_i_mc_reduce_fn)(void *user, uint64_t *sums,
                                           size_t len);

/* Run the Monte Carlo engine.
 *
 * out: an initialised record; cleared, then filled (on error it is left
 *   cleared).
 * r: the rule tree, normalised or not: any nesting of TRUE, FALSE, KOF (any
 *   k) and TERM (players strictly increasing, weights and quota >= 0). May
 *   be NULL when g is given.
 * g: non-NULL when the rule is the weighted game g: the fast paths (O(n) per
 *   sample for every player's swing; Shapley-Shubik by prefix sums). Used
 *   when g's total weight is below 2^64 - 1; otherwise r is used, or with r
 *   NULL, g as a one-term tree in GMP numbers.
 * n: number of players (>= 1); every player index in r is < n.
 * bz, ssi: estimate absolute Banzhaf (with the power to act) and
 *   Shapley-Shubik. belief: NULL, or [n] yes-probabilities in [0, 1] for
 *   p_act and p_dec.
 * rank, nranks: this process's share of the blocks (rank < nranks); reduce
 *   sums the ranks' counts (NULL only when nranks == 1).
 * ctx: seed, samples (0: from epsilon and confidence), epsilon (0: 0.01),
 *   confidence (0: 0.999), threads (0 taken as 1), memory budget, deadline
 *   and progress (polled between rounds of blocks). NULL = all defaults.
 *
 * Errors: VETO_EMISUSE (bad arguments: n = 0, nothing asked, rank >= nranks,
 * no reduce with nranks > 1, epsilon or confidence outside (0, 1), a
 * player index >= n), VETO_EINVAL (a negative weight or quota, a belief
 * outside [0, 1]), VETO_ELIMIT (sample count or memory over budget),
 * VETO_ENOMEM, VETO_ETIMEOUT, VETO_ECANCELLED, or what reduce returns.
 *
 * Time: samples x (per sample cost) / threads / ranks, where the per sample
 * cost is, for a weighted game, O(n) for Banzhaf and beliefs (every
 * player's swing tested on the one coalition) and for Shapley-Shubik the
 * position of the pivot (the ordering is drawn only that far, by
 * Fisher-Yates) up to 2^18 players, beyond that O(n) in two sequential
 * passes over arrival-time buckets (cache-friendly); for a rule tree,
 * O(size + sum over players of occurrences x depth) for Banzhaf and beliefs
 * (each player's flip is propagated up the tree incrementally) and
 * O(m + size log m) for Shapley-Shubik (binary search for the pivot over
 * the ordering of the m players the rule mentions). Plus O(n log n) set-up
 * (sorting the weights).
 * Memory: O(n + size) shared (about 24 bytes a weighted player, plus the
 * counts and outputs: 16 bytes a player for each kind asked) and per thread
 * O(n + size) for a rule tree, O(n) bits plus 1 MiB for a weighted game
 * (its Fisher-Yates array below 2^18 players); never n x n. The plan is
 * checked against ctx->max_memory before anything large is allocated. */
veto_status veto_i_mc_run(veto_i_estimates_t *out, const veto_i_rule_t *r,
                          const veto_i_wgame_t *g, size_t n, bool bz, bool ssi,
                          const double *belief, uint64_t rank, uint64_t nranks,
                          veto_i_mc_reduce_fn reduce, void *reduce_user,
                          const veto_i_ctx_t *ctx, veto_error_t *err);

/* Options of veto_i_mc_run_opts beyond the context. */
typedef struct veto_i_mc_opts {
    /* When ctx->deadline comes, stop and report instead of failing with
     * VETO_ETIMEOUT. Samples are then counted at checkpoints (1, 2, 4, ...
     * blocks and the last), the run stops at the last checkpoint reached,
     * and every interval is made valid at whichever checkpoint it stops
     * (Bonferroni over the K checkpoints too: level ln(2 m K / delta)), so
     * they are slightly wider even when the run completes. Why this holds
     * at a stopping time that depends on the data (how fast the samples
     * were drawn can): let A_k be the event that some interval computed at
     * checkpoint k misses its true value; each has probability at most
     * delta / K (Chernoff and Bonferroni over the m estimates at level
     * ln(2 m K / delta)), so P(A_1 or ... or A_K) <= delta, and off that
     * union every checkpoint's intervals all hold, in particular those of
     * the checkpoint the run stops at, whatever chose it. Checkpoints count
     * the blocks of the whole run; with several ranks, they vote at each
     * through the reduce and stop at the same one (mc_stop.h), so the
     * result is the same for any number of threads and ranks given the
     * checkpoint it stopped at. When the deadline stops a rank between two
     * checkpoints, the run stops at the earlier one; before the first
     * (another rank's deadline, while this one has no block there) it
     * fails with VETO_ETIMEOUT. */
    bool stop_at_deadline;
    /* Blocs (issue 11), for the beliefs: bloc_of[i] is player i's bloc or
     * -1 (NULL: none); each sample first draws every bloc's p ~ Beta(a[k],
     * b[k]) and then the votes, its members voting yes with p (their
     * belief[] is ignored). The samples stay independent draws of the
     * events estimated, so the intervals hold as without blocs. */
    size_t nblocs;
    const long *bloc_of;
    const double *bloc_a, *bloc_b;
} veto_i_mc_opts_t;

/* veto_i_mc_run with options (NULL: none); errors as veto_i_mc_run. */
veto_status veto_i_mc_run_opts(veto_i_estimates_t *out, const veto_i_rule_t *r,
                               const veto_i_wgame_t *g, size_t n, bool bz,
                               bool ssi, const double *belief, uint64_t rank,
                               uint64_t nranks, veto_i_mc_reduce_fn reduce,
                               void *reduce_user, const veto_i_mc_opts_t *opts,
                               const veto_i_ctx_t *ctx, veto_error_t *err);

/* The number of samples fixed in advance for m simultaneous estimates at
 * half-width epsilon and the given confidence (Hoeffding with Bonferroni):
 * ceil(ln(2m/(1-confidence)) / (2 epsilon^2)); UINT64_MAX if it overflows.
 * Arguments must be valid (m >= 1, epsilon and confidence in (0, 1)). O(1). */
uint64_t veto_i_mc_samples_for(size_t m, double epsilon, double confidence);

/* Half-width of the symmetric interval around c/N that contains the
 * Chernoff (binomial KL) interval {p : N kl(c/N, p) <= level}; level is
 * ln(2m/delta). 0 < N, c <= N. O(1) (about 60 bisection steps a side). */
double veto_i_mc_halfwidth(uint64_t c, uint64_t N, double level);

/* Bytes veto_i_mc_run would plan to allocate (saturating), for the
 * planner's memory check; the same arguments as veto_i_mc_run. O(size of r)
 * without allocating. */
uint64_t veto_i_mc_estimate_bytes(const veto_i_rule_t *r,
                                  const veto_i_wgame_t *g, size_t n, bool bz,
                                  bool ssi, bool beliefs, unsigned threads);

#endif /* VETO_SAMPLE_MC_H */
