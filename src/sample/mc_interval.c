/*
 * mc_interval.c: the Monte Carlo engine's intervals (the Chernoff bound
 * inverted) and the sample count fixed in advance (see mc_i.h).
 */
#include "mc_i.h"

#include <math.h>

/* ---- intervals ---------------------------------------------------------- */

/* Binary relative entropy kl(p, q), 0 < q < 1, with 0 log 0 = 0. */
static double kl(double p, double q)
{
    double d = 0;
    if (p > 0) {
        d += p * log(p / q);
    }
    if (p < 1) {
        d += (1 - p) * log((1 - p) / (1 - q));
    }
    return d;
}

double veto_i_mc_halfwidth(uint64_t c, uint64_t N, double level)
{
    double ph = (double)c / (double)N;
    double t = level / (double)N;
    double hoeffding = sqrt(t / 2);
    /* Bisection keeps the end that fails the test, so the interval
     * returned contains the exact one. */
    double up = 1;
    if (ph < 1) {
        double lo = ph, hi = 1; /* kl(ph, lo) <= t < kl(ph, hi) */
        for (int it = 0; it < 100; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (kl(ph, mid) <= t) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        up = hi;
    }
    double down = 0;
    if (ph > 0) {
        double lo = 0, hi = ph; /* kl(ph, lo) > t >= kl(ph, hi) */
        for (int it = 0; it < 100; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (kl(ph, mid) <= t) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        down = lo;
    }
    double hw = fmax(up - ph, ph - down);
    /* Pinsker: the exact interval lies inside Hoeffding's; the minimum only
     * guards against rounding. */
    return fmin(hw, hoeffding);
}

uint64_t veto_i_mc_samples_for(size_t m, double epsilon, double confidence)
{
    double level = log(2.0 * (double)m) - log(1 - confidence);
    double x = ceil(level / (2 * epsilon * epsilon));
    if (!(x < 4611686018427387904.0)) { /* 2^62 */
        return UINT64_MAX;
    }
    return x < 1 ? 1 : (uint64_t)x;
}
