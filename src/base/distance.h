/*
 * distance.h: how far apart two short words are, for "did you mean"
 * advice (a misspelled keyword, command or player name). Header-only so
 * that the veto command, which sees only the public API of the shared
 * library, uses the same measure as the library.
 */
#ifndef VETO_DISTANCE_H
#define VETO_DISTANCE_H

#include <stddef.h>

/* The restricted Damerau-Levenshtein distance (insertions, deletions,
 * substitutions and swaps of two neighbours each count 1), ignoring ASCII
 * case. Words longer than 32 bytes are as far as their lengths allow.
 * Time O(alen * blen), no allocation. */
static inline size_t veto_i_edit_distance(const char *a, size_t alen,
                                          const char *b, size_t blen)
{
    enum { W = 32 };
    if (alen > W || blen > W) {
        return alen > blen ? alen : blen;
    }
    size_t d[W + 1][W + 1];
    for (size_t i = 0; i <= alen; i++) {
        d[i][0] = i;
    }
    for (size_t j = 0; j <= blen; j++) {
        d[0][j] = j;
    }
    for (size_t i = 1; i <= alen; i++) {
        for (size_t j = 1; j <= blen; j++) {
            char x = a[i - 1], y = b[j - 1];
            x = (char)(x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x);
            y = (char)(y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y);
            size_t best = d[i - 1][j - 1] + (x != y);
            if (d[i - 1][j] + 1 < best) {
                best = d[i - 1][j] + 1;
            }
            if (d[i][j - 1] + 1 < best) {
                best = d[i][j - 1] + 1;
            }
            if (i > 1 && j > 1) {
                char xp = a[i - 2], yp = b[j - 2];
                xp = (char)(xp >= 'A' && xp <= 'Z' ? xp - 'A' + 'a' : xp);
                yp = (char)(yp >= 'A' && yp <= 'Z' ? yp - 'A' + 'a' : yp);
                if (x == yp && xp == y && d[i - 2][j - 2] + 1 < best) {
                    best = d[i - 2][j - 2] + 1;
                }
            }
            d[i][j] = best;
        }
    }
    return d[alen][blen];
}

/* Close enough to suggest: at most a third of the longer word, and at
 * least one edit allowed (so "pas" suggests "pass"). */
static inline int veto_i_close_enough(size_t dist, size_t alen, size_t blen)
{
    size_t longer = alen > blen ? alen : blen;
    size_t reach = longer / 3 > 0 ? longer / 3 : 1;
    return dist <= reach;
}

#endif /* VETO_DISTANCE_H */
