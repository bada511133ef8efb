/*
 * catalogue.c: the one list of every index veto computes, with its JSON
 * key, our short name, EPIC's abbreviations (input only), a one-line
 * definition, the reference and the engines. `veto indices`, the README
 * table and the man page table are this list. The order is that of
 * veto_indices_t.value[] (see xindex.h for the numbers).
 *
 * Notation: W winning coalitions, W_i those containing i, M minimal
 * winning, M_i those containing i, eta_i swings of i (losing S without i,
 * S+i winning), n players, W^np the null-player-free winning coalitions
 * (no member is a null player of the game restricted to the coalition).
 */
#include "xindex.h"

#include <ctype.h>
#include <string.h>

#define DP_ALL "dp, bdd, enum: as Banzhaf"
#define ENUM_ONLY "enum, n <= 24: O(2^n n)"
#define FROM_SWINGS "dp, bdd, enum: from swings and winning (as Banzhaf)"
/* beyond 24 players: the dp's counts by size (weighted rules), the bdd's
 * (composed rules) */
#define BY_SIZE                                                                \
    "dp by size (weighted rules): O(n^3 q), as Shapley-Shubik; bdd by size "   \
    "(composed rules): as Shapley-Shubik; enum, n <= 24"
#define MWC_SIZE                                                               \
    "dp by size (weighted rules): O(n^2 q); bdd by size (composed rules): as " \
    "Deegan-Packel; enum, n <= 24"
/* composed rules: the rule on the coalitions made of whole unions and
 * members of one union */
#define PIF_ENGINES                                                            \
    "dp by size on the game without its null players (weighted rules): O(n^3 " \
    "q); bdd by size, the null players divided out (composed rules); enum, n " \
    "<= 24"
#define UNION_ENUM_                                                            \
    "the rule on whole unions plus members of one union (composed rules; "     \
    "weighted ones where the dp refuses): sum_k 2^(m-1+p_k) evaluations, at "  \
    "most 2^27; enum, n <= 24: O(2^n n) over unions"

static const veto_index_info_t catalogue[VETO_X_N] = {
    [VETO_X_BZ_RAW] = {"banzhaf_raw", "bzr", "RBZ RBZB", "Banzhaf (raw)",
                       "eta_i, the number of swings of i",
                       "Banzhaf (1965); Penrose (1946)", DP_ALL, false, false},
    [VETO_X_BZ] = {"banzhaf", "bz", "BZ BZB", "Banzhaf (normalised)",
                   "eta_i / sum_j eta_j", "Banzhaf (1965)", DP_ALL, false,
                   false},
    [VETO_X_BZ_ABS] = {"banzhaf_absolute", "abz", "ABZ",
                       "Banzhaf (absolute, Penrose)", "eta_i / 2^(n-1)",
                       "Penrose (1946); Dubey & Shapley (1979)", DP_ALL, false,
                       false},
    [VETO_X_SSI] = {"shapley_shubik", "ssi", "SH SHB", "Shapley-Shubik",
                    "sum over swings S of i of |S|! (n-1-|S|)! / n!",
                    "Shapley & Shubik (1954)", "dp O(n^3 q), bdd, enum", false,
                    false},
    [VETO_X_SSI_RAW] = {"shapley_shubik_raw", "ssir", "RSH RSHB",
                        "Shapley-Shubik (raw)",
                        "orderings in which i is pivotal: sum over swings S of "
                        "|S|! (n-1-|S|)!",
                        "Shapley & Shubik (1954); EPIC",
                        "dp O(n^3 q), bdd, enum: n! times Shapley-Shubik",
                        false, false},
    [VETO_X_CC] = {"coleman_collective", "cc", "CC",
                   "Coleman power of the collectivity to act",
                   "|W| / 2^n (every player)", "Coleman (1971)",
                   "dp, bdd, enum: O(as winning count)", false, false},
    [VETO_X_CI] = {"coleman_initiate", "ci", "CI", "Coleman initiative",
                   "eta_i / (2^n - |W|)", "Coleman (1971)", DP_ALL, false,
                   false},
    [VETO_X_CP] = {"coleman_prevent", "cp", "CP", "Coleman preventive",
                   "eta_i / |W|", "Coleman (1971)", DP_ALL, false, false},
    [VETO_X_PG_RAW] = {"holler_raw", "pgir", "RPG", "Holler public good (raw)",
                       "|M_i|", "Holler (1982)", "dp, bdd, enum", false, false},
    [VETO_X_PG] = {"holler", "pgi", "PG", "Holler public good",
                   "|M_i| / sum_j |M_j|",
                   "Holler (1982); Holler & Packel (1983)", "dp, bdd, enum",
                   false, false},
    [VETO_X_PG_ABS] = {"holler_absolute", "apgi", "APG",
                       "Holler public good (absolute)", "|M_i| / |M|",
                       "Holler (1982); EPIC", "dp, bdd, enum", false, false},
    [VETO_X_DP_RAW] = {"deegan_packel_raw", "dpir", "RDP",
                       "Deegan-Packel (raw)", "sum over S in M_i of 1/|S|",
                       "Deegan & Packel (1978)",
                       "dp, bdd, enum: as Deegan-Packel", false, false},
    [VETO_X_DP] = {"deegan_packel", "dpi", "DP", "Deegan-Packel",
                   "(sum over S in M_i of 1/|S|) / |M|",
                   "Deegan & Packel (1978)", "dp, bdd, enum", false, false},
    [VETO_X_J_RAW] = {"johnston_raw", "jor", "RJ", "Johnston (raw)",
                      "sum over winning S in which i is critical of "
                      "1/(critical players of S)",
                      "Johnston (1978)", "dp, bdd, enum: as Johnston", false,
                      false},
    [VETO_X_J] = {"johnston", "jo", "J", "Johnston",
                  "raw Johnston_i / sum_j raw Johnston_j", "Johnston (1978)",
                  "dp, bdd, enum", false, false},
    [VETO_X_FT_RAW] =
        {"felsenthal_raw", "ftr", "RFT", "Felsenthal (raw)",
         "minimal winning coalitions of the smallest size containing i",
         "Felsenthal (2016)", MWC_SIZE, false, false},
    [VETO_X_FT] = {"felsenthal", "ft", "FT", "Felsenthal",
                   "raw Felsenthal_i / sum_j raw Felsenthal_j",
                   "Felsenthal (2016)", MWC_SIZE, false, false},
    [VETO_X_PIF_RAW] =
        {"null_free_f_raw", "pifr", "RPIF", "null-player-free index f (raw)",
         "sum over S in W^np_i of 1/|S|, W^np the winning coalitions without "
         "null players",
         "Alvarez-Mozos, Ferreira, Alonso-Meijide & Pinto (2015), def. 4.1",
         PIF_ENGINES, false, false},
    [VETO_X_PIF] =
        {"null_free_f", "pif", "PIF", "null-player-free index f",
         "(sum over S in W^np_i of 1/|S|) / |W^np|",
         "Alvarez-Mozos, Ferreira, Alonso-Meijide & Pinto (2015), def. 4.1",
         PIF_ENGINES, false, false},
    [VETO_X_PIG_RAW] =
        {"null_free_g_raw", "pigr", "RPIG", "null-player-free index g (raw)",
         "|W^np_i|",
         "Alvarez-Mozos, Ferreira, Alonso-Meijide & Pinto (2015), def. 4.2",
         FROM_SWINGS, false, false},
    [VETO_X_PIG] =
        {"null_free_g", "pig", "PIG PIGPH", "null-player-free index g",
         "|W^np_i| / sum_j |W^np_j|",
         "Alvarez-Mozos, Ferreira, Alonso-Meijide & Pinto (2015), def. 4.2",
         FROM_SWINGS, false, false},
    [VETO_X_PIG_ABS] = {"null_free_g_absolute", "apig", "APIG",
                        "null-player-free index g (absolute)",
                        "|W^np_i| / |W^np|",
                        "Alvarez-Mozos et al. (2015); EPIC", FROM_SWINGS, false,
                        false},
    [VETO_X_RAE] =
        {"rae", "rae", "RA", "Rae",
         "probability that i agrees with the outcome: 1/2 + eta_i / 2^n",
         "Rae (1969); Dubey & Shapley (1979)", FROM_SWINGS, false, false},
    [VETO_X_KB] = {"koenig_braeuninger", "kb", "KB KBPH", "Koenig-Braeuninger",
                   "|W_i| / |W|", "Koenig & Braeuninger (1998)", FROM_SWINGS,
                   false, false},
    [VETO_X_NEV] = {"nevison", "nev", "N NPH", "Nevison", "|W_i| / 2^(n-1)",
                    "Nevison (1979)", FROM_SWINGS, false, false},
    [VETO_X_PHT_RAW] = {"public_help_theta_raw", "phtr", "RPHT RPHTSD",
                        "Public Help theta (raw)", "|W_i| = (|W| + eta_i) / 2",
                        "Bertini, Gambarelli & Stach (2008)", FROM_SWINGS,
                        false, false},
    [VETO_X_PHT] = {"public_help_theta", "pht", "PHT PHTPH",
                    "Public Help theta", "|W_i| / sum_j |W_j|",
                    "Bertini, Gambarelli & Stach (2008)", FROM_SWINGS, false,
                    false},
    [VETO_X_PHX] =
        {"public_help_xi", "phx", "PHX",
         "Public Help xi (CoopGame's publicHelpChiIndex)",
         "(sum over S in W_i of 1/|S|^2) / (sum over S in W of 1/|S|)",
         "Bertini & Stach (2015)", BY_SIZE, false, false},
    [VETO_X_CM] =
        {"colomer_martinez", "cm", "CM", "Colomer-Martinez",
         "(w_i / |M|) sum over S in M_i of 1/w(S) (weighted rules only)",
         "Colomer & Martinez (1995); powerindexR pi.colomermartinez",
         "weighted rules only: dp, O(n^2 q) integer additions (at most 4e8); "
         "enum, n <= 24, total weight <= 65536",
         false, false},
    [VETO_X_JCM] =
        {"johnston_colomer_martinez", "jcm", "JCM", "Johnston-Colomer-Martinez",
         "(w_i / Q) sum over winning S, i critical, of 1/(weight of S's "
         "critical players); Q winning S with a critical player",
         "powerindexR pi.johnstoncolomermartinez",
         "weighted rules only: dp by the last critical member, O(n^2 q) "
         "integer operations (at most 4e8); enum, n <= 24, total weight <= "
         "65536",
         false, false},
    [VETO_X_BCS] = {"barua_chakravarty_sarkar", "bcs", "BCS",
                    "Barua-Chakravarty-Sarkar", "eta_i / |W_i|",
                    "Barua, Chakravarty & Sarkar (2012); CoopGame", FROM_SWINGS,
                    false, false},
    [VETO_X_CSI] =
        {"coleman_shapley", "csi", "CSI", "Coleman-Shapley",
         "2^-n sum over S containing i of the Shapley value of i in the game "
         "restricted to S (sums to |W| / 2^n)",
         "Casajus & Huettner (2019)", BY_SIZE, false, false},
    [VETO_X_TIJS] = {"tijs", "tijs", "T", "Tijs",
                     "1/|V| for each of the veto players V, 0 for the others",
                     "Tijs (1981); EPIC", FROM_SWINGS, false, false},
    [VETO_X_HN] =
        {"harsanyi_nash", "hn", "HN", "Harsanyi-Nash",
         "1 for the only veto player, 0 for the others; 1/n each when the "
         "veto players are not exactly one",
         "Harsanyi (1977); EPIC", FROM_SWINGS, false, false},
    [VETO_X_W] = {"winning_coalitions", "w", "W",
                  "number of winning coalitions", "|W|", "", "dp, bdd, enum",
                  false, true},
    [VETO_X_WM] = {"minimal_winning_coalitions", "wm", "WM",
                   "number of minimal winning coalitions", "|M|", "",
                   "dp, bdd, enum", false, true},
    [VETO_X_WS] = {"minimal_winning_smallest", "ws", "WS",
                   "number of minimal winning coalitions of the smallest size",
                   "|{S in M : |S| minimal}|", "", MWC_SIZE, false, true},
    [VETO_X_OWEN] =
        {"owen", "owen", "O OB", "Owen",
         "Shapley value across unions, then Shapley inside i's union",
         "Owen (1977)",
         "udp, two-level dp (weighted rules): O(m^2 q + sum_k p_k^2 min(q, "
         "W_k)); " UNION_ENUM_,
         true, false},
    [VETO_X_BO] =
        {"banzhaf_owen", "bo", "BO BOB", "Banzhaf-Owen",
         "Banzhaf across unions (1/2^(m-1)), then inside (1/2^(p-1))",
         "Owen (1981)",
         "udp (weighted rules): O(m q + sum_k p_k^2 min(q, W_k)); " UNION_ENUM_,
         true, false},
    [VETO_X_SCB] =
        {"symmetric_coalitional_banzhaf", "scb", "SCB SCBB",
         "symmetric coalitional Banzhaf",
         "Banzhaf across unions (1/2^(m-1)), Shapley inside i's union",
         "Alonso-Meijide & Fiestras-Janeiro (2002)",
         "udp (weighted rules): O(m q + sum_k p_k^2 min(q, W_k)); " UNION_ENUM_,
         true, false},
    [VETO_X_OPGI] =
        {"owen_public_good", "opgi", "OPGI", "Owen-extended public good index",
         "PGI of i's union in the quotient game times the mean, over its "
         "minimal winning coalitions R, of i's PGI in the game inside the "
         "union given R",
         "Holler & Nohn (2009); Alonso-Meijide et al. (2010)",
         "the quotient's minimal winning coalitions enumerated (m <= 24) or by "
         "knapsack (O(m^2 q), beyond 24 unions or when m q < 2^m), each "
         "union's games for every quota at once (p_k <= 20) (weighted "
         "rules); " UNION_ENUM_,
         true, false},
    [VETO_X_UPGI] =
        {"union_public_good", "upgi", "UPGI", "union public good index",
         "PGI_k of i's union k in the quotient game / sum_l |P_l| PGI_l",
         "Holler & Nohn (2009); EPIC",
         "dp on the quotient game (weighted rules): O(m q); " UNION_ENUM_, true,
         false},
    [VETO_X_SPGI] =
        {"solidarity_public_good", "spgi", "SPGI",
         "solidarity public good index",
         "PGI_k of i's union in the quotient game / |P_k|",
         "Alonso-Meijide et al. (2010); EPIC",
         "dp on the quotient game (weighted rules): O(m q); " UNION_ENUM_, true,
         false},
    [VETO_X_TPGI1] =
        {"threat_public_good_1", "tpgi1", "TPGI1", "threat public good index 1",
         "PGI_k of the union times i's share of the union's PGI in the game",
         "Alonso-Meijide et al. (2010); EPIC",
         "dp on the game and the quotient (weighted rules): O(n q); the whole "
         "game's Holler index from bdd and " UNION_ENUM_,
         true, false},
    [VETO_X_TPGI2] =
        {"threat_public_good_2", "tpgi2", "TPGI2", "threat public good index 2",
         "PGI_k times i's share of PGI in the game of k's members and the "
         "other unions as blocks",
         "Alonso-Meijide et al. (2010); EPIC",
         "dp, one game per union (weighted rules): O(m n q); " UNION_ENUM_,
         true, false},
    [VETO_X_TPGI3] =
        {"threat_public_good_3", "tpgi3", "TPGI3", "threat public good index 3",
         "PGI_k times i's share of PGI in the game of i, the rest of k and "
         "the other unions as blocks",
         "Alonso-Meijide et al. (2010); EPIC",
         "dp, one game per player (weighted rules): O(n m q); " UNION_ENUM_,
         true, false},
};

size_t veto_index_catalogue_size(void)
{
    return VETO_X_N;
}

const veto_index_info_t *veto_index_catalogue(size_t k)
{
    return k < VETO_X_N ? &catalogue[k] : NULL;
}

static bool same_word(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen) {
        return false;
    }
    for (size_t i = 0; i < alen; i++) {
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) {
            return false;
        }
    }
    return true;
}

long veto_index_lookup(const char *name)
{
    if (name == NULL) {
        return -1;
    }
    size_t len = strlen(name);
    for (size_t k = 0; k < VETO_X_N; k++) {
        const veto_index_info_t *e = &catalogue[k];
        if (same_word(name, len, e->key) ||
            same_word(name, len, e->short_name)) {
            return (long)k;
        }
        const char *a = e->aliases;
        while (*a != '\0') {
            const char *sp = strchr(a, ' ');
            size_t wl = sp != NULL ? (size_t)(sp - a) : strlen(a);
            char word[16];
            if (wl < sizeof word) {
                memcpy(word, a, wl);
                word[wl] = '\0';
                if (same_word(name, len, word)) {
                    return (long)k;
                }
            }
            a += wl;
            while (*a == ' ') {
                a++;
            }
        }
    }
    return -1;
}
