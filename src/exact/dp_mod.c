/*
 * dp_mod.c: the dp engine's modular arithmetic: the vector kernels over
 * residues modulo a prime below 2^31, multiplication and division of a
 * series by (1 + x^w), the primes and the CRT (Garner) back to mpz_t.
 */
#include "dp_i.h"

#include <string.h>

/* ---- modular kernels ---------------------------------------------------- */

/* dst[i] += src[i] (mod p); dst and src must not overlap. */
DP_CLONES
void dp_k_add(u32 *restrict dst, const u32 *restrict src, size_t len, u32 p)
{
    for (size_t i = 0; i < len; i++) {
        dst[i] = addm(dst[i], src[i], p);
    }
}

/* dst[i] -= src[i] (mod p); dst and src must not overlap. */
DP_CLONES
void dp_k_sub(u32 *restrict dst, const u32 *restrict src, size_t len, u32 p)
{
    for (size_t i = 0; i < len; i++) {
        dst[i] = subm(dst[i], src[i], p);
    }
}

/* dst[i] += a[i] - b[i] (mod p). */
DP_CLONES
void dp_k_addsub(u32 *restrict dst, const u32 *restrict a,
                 const u32 *restrict b, size_t len, u32 p)
{
    for (size_t i = 0; i < len; i++) {
        dst[i] = addm(dst[i], subm(a[i], b[i], p), p);
    }
}

/* dst[i] = a[i] - b[i] (mod p). */
DP_CLONES
void dp_k_diff(u32 *restrict dst, const u32 *restrict a, const u32 *restrict b,
               size_t len, u32 p)
{
    for (size_t i = 0; i < len; i++) {
        dst[i] = subm(a[i], b[i], p);
    }
}

/* Multiply the series a[0..len) by (1 + x^w) in place, truncated at len:
 * a[t] += a[t - w], t descending. Blocks of at most w entries never overlap
 * their sources, so each block is one vector kernel call. */
void dp_series_mul(u32 *a, size_t len, size_t w, u32 p)
{
    if (w >= len) {
        return;
    }
    size_t hi = len; /* process t in [w, hi) from the top */
    while (hi > w) {
        size_t b = hi - w < w ? hi - w : w;
        if (b > 4096) {
            b = 4096;
        }
        dp_k_add(a + hi - b, a + hi - b - w, b, p);
        hi -= b;
    }
}

/* Divide the series a[0..len) by (1 + x^w) in place: a[t] -= a[t - w],
 * t ascending (exact: 1 + x^w is a unit of the power series ring). */
void dp_series_div(u32 *a, size_t len, size_t w, u32 p)
{
    size_t lo = w;
    while (lo < len) {
        size_t b = len - lo < w ? len - lo : w;
        if (b > 4096) {
            b = 4096;
        }
        dp_k_sub(a + lo, a + lo - w, b, p);
        lo += b;
    }
}

/* ---- primes and the CRT -------------------------------------------------- */

u64 dp_powm64(u64 b, u64 e, u64 p)
{
    u64 r = 1;
    b %= p;
    while (e > 0) {
        if (e & 1) {
            r = r * b % p; /* p < 2^32: products < 2^64 */
        }
        b = b * b % p;
        e >>= 1;
    }
    return r;
}

/* Deterministic Miller-Rabin for n < 2^32 (bases 2, 7, 61). */
static bool is_prime_u32(u32 n)
{
    if (n < 2) {
        return false;
    }
    static const u32 small[] = {2,  3,  5,  7,  11, 13, 17, 19, 23,
                                29, 31, 37, 41, 43, 47, 53, 59, 61};
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        if (n % small[i] == 0) {
            return n == small[i];
        }
    }
    u32 d = n - 1;
    unsigned s = 0;
    while ((d & 1) == 0) {
        d >>= 1;
        s++;
    }
    static const u32 base[] = {2, 7, 61};
    for (size_t i = 0; i < 3; i++) {
        u64 x = dp_powm64(base[i], d, n);
        if (x == 1 || x == n - 1) {
            continue;
        }
        bool comp = true;
        for (unsigned j = 1; j < s; j++) {
            x = x * x % n;
            if (x == n - 1) {
                comp = false;
                break;
            }
        }
        if (comp) {
            return false;
        }
    }
    return true;
}

void dp_crt_clear(crt_t *c)
{
    veto_i_free(c->p);
    veto_i_free(c->inv);
    memset(c, 0, sizeof *c);
}

/* The primes below 2^31, descending, until their product P reaches 2^bits:
 * every value v < 2^bits is then below P and dp_crt_value, which returns
 * the representative in [0, P), gives v itself. The product is counted
 * exactly (an mpz, whose bit length b has P >= 2^(b-1)), so no prime is
 * taken beyond the first r with P >= 2^bits: the primes lie just below
 * 2^31 (about 31 bits each, where PRIME_BITS = 30 would count one prime
 * in 31 too many). When p != NULL the primes go to p[0..r). Returns r
 * (>= 1). */
static size_t crt_primes(u64 bits, u32 *p)
{
    mpz_t prod;
    mpz_init_set_ui(prod, 1);
    u32 cand = 0x7fffffffu;
    size_t r = 0;
    do {
        while (!is_prime_u32(cand)) {
            cand -= 2;
        }
        if (p != NULL) {
            p[r] = cand;
        }
        r++;
        mpz_mul_ui(prod, prod, cand);
        cand -= 2;
    } while (mpz_sizeinbase(prod, 2) <= bits); /* P < 2^bits */
    mpz_clear(prod);
    return r;
}

size_t dp_crt_count(u64 bits)
{
    return crt_primes(bits, NULL);
}

/* Enough primes for values below 2^bits (see crt_primes). */
veto_status dp_crt_init(crt_t *c, u64 bits, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    memset(c, 0, sizeof *c);
    size_t r = dp_crt_count(bits);
    c->r = r;
    VETO_ALLOC(c->p, veto_i_mallocarray(r, sizeof *c->p));
    VETO_ALLOC(c->inv, veto_i_mallocarray(r * r, sizeof *c->inv));
    crt_primes(bits, c->p);
    for (size_t j = 0; j < r; j++) {
        for (size_t i = 0; i < j; i++) {
            c->inv[j * r + i] =
                (u32)dp_powm64(c->p[i] % c->p[j], c->p[j] - 2, c->p[j]);
        }
    }
cleanup:
    if (rc != VETO_OK) {
        dp_crt_clear(c);
    }
    return rc;
}

/* out = the value in [0, prod p) with residues res[j * stride], by Garner's
 * mixed radix. digit: r words of scratch. O(r^2). */
void dp_crt_value(mpz_t out, const crt_t *c, const u32 *res, size_t stride,
                  u32 *digit)
{
    size_t r = c->r;
    size_t nz = 0;
    while (nz < r && res[nz * stride] == 0) {
        nz++;
    }
    if (nz == r) {
        mpz_set_ui(out, 0); /* common: sizes no coalition has */
        return;
    }
    for (size_t j = 0; j < r; j++) {
        u32 pj = c->p[j];
        u32 x = res[j * stride];
        for (size_t i = 0; i < j; i++) {
            x = mulm(subm(x, digit[i] % pj, pj), c->inv[j * r + i], pj);
        }
        digit[j] = x;
    }
    mpz_set_ui(out, digit[r - 1]);
    for (size_t j = r - 1; j-- > 0;) {
        mpz_mul_ui(out, out, c->p[j]);
        mpz_add_ui(out, out, digit[j]);
    }
}
