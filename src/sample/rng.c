/*
 * rng.c: Philox4x32-10 and the streams built on it.
 */
#include "rng.h"

/* Multipliers and key increments (Weyl constants) of Philox4x32. */
#define PHILOX_M0 UINT32_C(0xD2511F53)
#define PHILOX_M1 UINT32_C(0xCD9E8D57)
#define PHILOX_W0 UINT32_C(0x9E3779B9)
#define PHILOX_W1 UINT32_C(0xBB67AE85)

__extension__ typedef unsigned __int128 u128;

void veto_i_philox4x32_10(uint32_t out[4], const uint32_t ctr[4],
                          const uint32_t key[2])
{
    uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
    uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        uint64_t p0 = (uint64_t)PHILOX_M0 * c0;
        uint64_t p1 = (uint64_t)PHILOX_M1 * c2;
        uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
        uint32_t n1 = (uint32_t)p1;
        uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
        uint32_t n3 = (uint32_t)p0;
        c0 = n0;
        c1 = n1;
        c2 = n2;
        c3 = n3;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

void veto_i_rng_init(veto_i_rng_t *r, uint64_t seed, uint64_t block,
                     unsigned stream)
{
    r->key[0] = (uint32_t)seed;
    r->key[1] = (uint32_t)(seed >> 32);
    r->ctr[0] = 0;
    r->ctr[1] = 0;
    r->ctr[2] = (uint32_t)block;
    r->ctr[3] = (uint32_t)((block >> 32) & 0xFFFFFFu) |
                ((uint32_t)(stream & 0xFFu) << 24);
    r->buf[0] = 0;
    r->buf[1] = 0;
    r->avail = 0;
}

void veto_i_rng_refill(veto_i_rng_t *r)
{
    uint32_t out[4];
    veto_i_philox4x32_10(out, r->ctr, r->key);
    /* buf is read from the back: buf[1] first. */
    r->buf[1] = (uint64_t)out[0] | ((uint64_t)out[1] << 32);
    r->buf[0] = (uint64_t)out[2] | ((uint64_t)out[3] << 32);
    r->avail = 2;
    if (++r->ctr[0] == 0) {
        ++r->ctr[1];
    }
}

uint64_t veto_i_rng_below(veto_i_rng_t *r, uint64_t bound)
{
    u128 m = (u128)veto_i_rng_u64(r) * bound;
    uint64_t low = (uint64_t)m;
    if (low < bound) {
        /* 2^64 mod bound: the low products below it would bias. */
        uint64_t t = (0 - bound) % bound;
        while (low < t) {
            m = (u128)veto_i_rng_u64(r) * bound;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}
