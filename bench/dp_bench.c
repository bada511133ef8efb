/*
 * dp_bench.c: run the dp engine on one bare weighted file (quota, then
 * weights; '#' comments) for one index, and print one JSON line with the
 * wall time of the computation. The runner (run.py) measures the whole
 * process (wall time, peak memory) from outside.
 *
 *   dp_bench FILE bz|ssi|pgi|dpi|jo|win|proper|all [threads [typed [route]]]
 *
 * typed: 1 forces the typed recurrence (players of equal weight at once), 0
 * the pass per player (Johnston by the old recursion by classes), 2 the
 * pass per player with Johnston by the sweep over the excess classes, -1
 * (default) lets the engine choose. route: 1 the power series for Banzhaf
 * and Shapley-Shubik, 0 the recursion, -1 (default) the engine's choice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exact/counts.h"

static int read_game(veto_i_wgame_t *g, const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return -1;
    }
    size_t cap = 16, n = 0;
    mpz_t *v = malloc(cap * sizeof *v);
    char tok[256];
    int c;
    size_t len = 0;
    bool comment = false;
    for (;;) {
        c = fgetc(f);
        if (c == '#') {
            comment = true;
        }
        if (c == EOF || c == ' ' || c == '\n' || c == '\t' || c == '\r' ||
            comment) {
            if (len > 0) {
                tok[len] = 0;
                if (n == cap) {
                    cap *= 2;
                    v = realloc(v, cap * sizeof *v);
                }
                mpz_init_set_str(v[n++], tok, 10);
                len = 0;
            }
            if (c == '\n') {
                comment = false;
            }
            if (c == EOF) {
                break;
            }
            continue;
        }
        if (len + 1 < sizeof tok) {
            tok[len++] = (char)c;
        }
    }
    fclose(f);
    if (n < 1) {
        return -1;
    }
    g->n = n - 1;
    g->w = malloc((n) * sizeof *g->w);
    mpz_init_set(g->quota, v[0]);
    for (size_t i = 1; i < n; i++) {
        mpz_init_set(g->w[i - 1], v[i]);
    }
    for (size_t i = 0; i < n; i++) {
        mpz_clear(v[i]);
    }
    free(v);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s FILE bz|ssi|pgi|dpi|jo|win|proper|all [threads [typed [route]]]\n",
                argv[0]);
        return 2;
    }
    veto_i_wgame_t g;
    if (read_game(&g, argv[1]) != 0) {
        fprintf(stderr, "%s: cannot read\n", argv[1]);
        return 1;
    }
    const char *ix = argv[2];
    unsigned need = strcmp(ix, "bz") == 0      ? VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS
                    : strcmp(ix, "ssi") == 0   ? VETO_I_NEED_SSI
                    : strcmp(ix, "pgi") == 0   ? VETO_I_NEED_MWC
                    : strcmp(ix, "dpi") == 0   ? VETO_I_NEED_DPI
                    : strcmp(ix, "jo") == 0    ? VETO_I_NEED_JOHNSTON
                    : strcmp(ix, "proper") == 0 ? VETO_I_NEED_PROPER
                    : strcmp(ix, "all") == 0
                        ? VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS |
                              VETO_I_NEED_SSI | VETO_I_NEED_DPI |
                              VETO_I_NEED_MWC | VETO_I_NEED_JOHNSTON
                                               : VETO_I_NEED_WINNING;
    veto_i_ctx_t ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.threads = argc > 3 ? (unsigned)atoi(argv[3]) : 2;
    ctx.max_memory = veto_i_physical_memory() / 10 * 8;
    veto_i_counts_t c;
    veto_error_t err;
    memset(&err, 0, sizeof err);
    if (!veto_i_counts_init(&c, g.n, need)) {
        return 1;
    }
    double t0 = veto_i_now();
    int typed = argc > 4 ? atoi(argv[4]) : -1;
    int route = argc > 5 ? atoi(argv[5]) : -1;
    veto_status rc =
        veto_i_dp_counts_route(&c, &g, need, typed, route, &ctx, &err);
    double t1 = veto_i_now();
    if (rc != VETO_OK) {
        printf("{\"error\": \"%s\", \"hint\": \"%s\"}\n", err.message, err.hint);
        return 3;
    }
    /* a checksum of the result, so that runs can be compared */
    mpz_t sum;
    mpz_init(sum);
    for (size_t i = 0; i < g.n; i++) {
        if (c.swings != NULL) {
            mpz_add(sum, sum, c.swings[i]);
        }
        if (c.ssi_num != NULL) {
            mpz_add(sum, sum, c.ssi_num[i]);
        }
        if (c.mwc != NULL) {
            mpz_add(sum, sum, c.mwc[i]);
        }
        /* rational sums: numerator and denominator both count */
        if (c.dpi_sum != NULL) {
            mpz_add(sum, sum, mpq_numref(c.dpi_sum[i]));
            mpz_add(sum, sum, mpq_denref(c.dpi_sum[i]));
        }
        if (c.jo_sum != NULL) {
            mpz_add(sum, sum, mpq_numref(c.jo_sum[i]));
            mpz_add(sum, sum, mpq_denref(c.jo_sum[i]));
        }
    }
    mpz_add(sum, sum, c.winning);
    printf("{\"n\": %zu, \"index\": \"%s\", \"seconds\": %.4f, "
           "\"checksum_bits\": %zu, \"checksum_mod_p\": %lu, "
           "\"power_series\": %u}\n",
           g.n, ix, t1 - t0, mpz_sizeinbase(sum, 2),
           mpz_fdiv_ui(sum, 1000000007ul), c.pseries);
    mpz_clear(sum);
    veto_i_counts_clear(&c);
    return 0;
}
