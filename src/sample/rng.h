/*
 * rng.h: counter-based random streams for Monte Carlo.
 *
 * Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as
 * easy as 1, 2, 3", SC 2011), written from the published description and
 * checked against its known-answer vectors. A stream is keyed by the seed
 * and addressed by (block, stream id, position), so that a block's numbers
 * do not depend on which thread or process draws them.
 */
#ifndef VETO_SAMPLE_RNG_H
#define VETO_SAMPLE_RNG_H

#include <stdint.h>

/* One stream: 2^64 draws of 64 bits each per (seed, block, stream id). */
typedef struct veto_i_rng {
    uint32_t key[2];
    uint32_t ctr[4]; /* ctr[0..1]: position; ctr[2..3]: block and stream */
    uint64_t buf[2];
    unsigned avail; /* unread words in buf, taken from the back */
} veto_i_rng_t;

/* Blocks are addressed with 56 bits, stream ids with 8. */
#define VETO_I_RNG_MAX_BLOCK ((UINT64_C(1) << 56) - 1)

/* The Philox4x32-10 bijection: out = philox(ctr, key). O(1). */
void veto_i_philox4x32_10(uint32_t out[4], const uint32_t ctr[4],
                          const uint32_t key[2]);

/* Position the stream at the start of (seed, block, stream). block must be
 * <= VETO_I_RNG_MAX_BLOCK. O(1). */
void veto_i_rng_init(veto_i_rng_t *r, uint64_t seed, uint64_t block,
                     unsigned stream);

/* Refill buf from the next counter. O(1). */
void veto_i_rng_refill(veto_i_rng_t *r);

/* 64 uniform bits. O(1). */
static inline uint64_t veto_i_rng_u64(veto_i_rng_t *r)
{
    if (r->avail == 0) {
        veto_i_rng_refill(r);
    }
    r->avail--;
    return r->buf[r->avail];
}

/* Uniform integer in [0, bound), bound >= 1, exactly uniform (Lemire's
 * multiply-and-reject). Expected O(1) draws. */
uint64_t veto_i_rng_below(veto_i_rng_t *r, uint64_t bound);

#endif /* VETO_SAMPLE_RNG_H */
