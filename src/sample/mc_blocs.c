/*
 * mc_blocs.c: belief thresholds, and the blocs of the Monte Carlo engine
 * (issue 11): every bloc's p ~ Beta(a, b) per sample (see mc_i.h).
 */
#include "mc_i.h"

#include <math.h>

uint64_t mc_belief_threshold(double p)
{
    if (p >= 1) {
        return UINT64_MAX;
    }
    if (p <= 0) {
        return 0;
    }
    /* p < 1 has at most 53 significant bits, so p 2^64 <= 2^64 - 2^11:
     * it fits, and truncation gives P(u < thr) = p within 2^-64. */
    return (uint64_t)ldexp(p, 64);
}

/* ---- blocs (issue 11): p ~ Beta(a, b) per bloc and sample -------------- */

/* Uniform on (0, 1), never 0 or 1. */
static double unit_open(veto_i_rng_t *rng)
{
    return ((double)(veto_i_rng_u64(rng) >> 11) + 0.5) * 0x1p-53;
}

/* log of a Gamma(a, 1) variate: Marsaglia and Tsang's squeeze for a >= 1
 * (normals by Box-Muller), and G(a) = G(a + 1) U^(1/a) below 1, kept in
 * logs so that a small a cannot underflow to 0. */
static double log_gamma_draw(veto_i_rng_t *rng, double a)
{
    double boost = 0;
    if (a < 1) {
        boost = log(unit_open(rng)) / a;
        a += 1;
    }
    double d = a - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            double u1 = unit_open(rng), u2 = unit_open(rng);
            x = sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
            v = 1.0 + c * x;
        } while (v <= 0);
        v = v * v * v;
        double u = unit_open(rng);
        if (u < 1.0 - 0.0331 * x * x * x * x ||
            log(u) < 0.5 * x * x + d * (1.0 - v + log(v))) {
            return log(d * v) + boost;
        }
    }
}

/* Every bloc's p for this sample, then its members' thresholds. */
void mc_draw_blocs(const plan_t *P, work_t *w)
{
    for (size_t k = 0; k < P->nbloc; k++) {
        double lx = log_gamma_draw(&w->rng, P->bloc_a[k]);
        double ly = log_gamma_draw(&w->rng, P->bloc_b[k]);
        /* X / (X + Y) = 1 / (1 + e^(ly - lx)) */
        w->bp[k] = 1.0 / (1.0 + exp(ly - lx));
    }
    size_t m = P->weighted ? P->wf->m : P->fl->nment;
    for (size_t j = 0; j < m; j++) {
        if (P->bslot[j] != SIZE_MAX) {
            w->thr[j] = mc_belief_threshold(w->bp[P->bslot[j]]);
        }
    }
}
