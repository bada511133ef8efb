/*
 * model.h: the model as read from a .veto file, JSON or a bare weighted
 * game. The rule is kept as the written expression (resolved to player,
 * group and attribute indices, with source positions); src/rule/ lowers it
 * to integer threshold terms.
 */
#ifndef VETO_MODEL_H
#define VETO_MODEL_H

#include "../base/base.h"

typedef enum veto_i_expr_kind {
    VETO_I_E_TERM,   /* SUM cmp RHS */
    VETO_I_E_PLAYER, /* a player's name: that player votes yes */
    VETO_I_E_ALL,    /* all(LIST) */
    VETO_I_E_ANY,    /* any(LIST) */
    VETO_I_E_KOF,    /* K of (e, ...) */
    VETO_I_E_AND,
    VETO_I_E_OR
} veto_i_expr_kind;

typedef struct veto_i_expr veto_i_expr_t;
struct veto_i_expr {
    veto_i_expr_kind kind;
    unsigned line, col; /* where the expression starts */

    /* TERM: SUM >= RHS (or > when strict). SUM is `count` (attr == -1) or
     * attribute `attr`, over all players (group == -1 and list == NULL),
     * over `group`, or over the players of `list` (a written list of
     * players and groups, resolved to nlist increasing player indices; then
     * group == -1). veto_i_expr_set gives the set in every case.
     * RHS is the exact rational `rhs`; when `relative` it is a share of the
     * total of that sum (a percentage 65% is stored as 13/20, a fraction
     * 2/3 as 2/3), otherwise an absolute amount. */
    long attr;
    long group;
    size_t *list;
    size_t nlist;
    bool strict;
    bool relative;
    mpq_t rhs;

    /* Three-valued models only (m->ternary). at_least_abstain: the term
     * (TERM, PLAYER, ALL, ANY) counts the players voting abstain or yes
     * rather than yes. of_voting: TERM `SUM >= F of voting`, rhs = F
     * (relative): the yes sum against F times the yes + no sum, false
     * when no player of the term votes yes. */
    bool at_least_abstain;
    bool of_voting;

    /* PLAYER */
    size_t player;

    /* ALL, ANY: group or list, as for TERM. KOF: k of child[0..nchild).
     * AND, OR: children. A TERM written `K of GROUP` keeps K in k (k == 0
     * for every other TERM) so that K can be checked against the group. */
    size_t k;
    size_t nchild;
    veto_i_expr_t **child;
};

/* A bloc (issue 11): its members share one yes-probability p drawn from
 * Beta(a, b) and, given p, vote independently. `belief shared beta(a, b)`
 * is one bloc of every player with name NULL. */
typedef struct veto_i_bloc {
    char *name;         /* NULL for `belief shared` */
    unsigned line, col; /* where it was declared (0 from JSON) */
    mpq_t a, b;         /* positive */
    size_t m;
    size_t *member;     /* [m], increasing player indices */
} veto_i_bloc_t;

typedef struct veto_i_scenario {
    char *name;
    unsigned line, col;
    mpq_t *belief; /* [n]: the defaults with this scenario's overrides */
    mpq_t *abstain; /* [n] P(abstain), three-valued models only, else NULL */
    /* Weighted scenarios (issue 11): weight in [0, 1] when has_weight
     * (then every scenario has one and they sum to 1). */
    bool has_weight;
    mpq_t weight; /* initialised when has_weight */
    /* The blocs written inside the scenario (for writing the model back),
     * and the blocs in force: the defaults' blocs not replaced by one of
     * the same name, then the scenario's, each without the members whose
     * vote the scenario forces (a bloc left empty is dropped). */
    size_t nown;
    veto_i_bloc_t *own;
    size_t nblocs;
    veto_i_bloc_t *bloc;
} veto_i_scenario_t;

struct veto_model {
    char *filename; /* as given, for diagnostics */
    char *title;    /* may be NULL */
    size_t nsources;
    char **sources;
    size_t nnotes;
    char **notes;

    size_t n;
    char **names;       /* [n], UTF-8 */
    unsigned *name_line; /* [n] line of declaration (0 if none) */

    size_t ngroups;
    char **group_names;  /* [ngroups] */
    size_t *group_size;  /* [ngroups] */
    size_t **group_members; /* [ngroups][group_size], increasing indices */

    size_t nattrs;
    char **attr_names;  /* [nattrs] */
    mpq_t *attr;        /* [n * nattrs], row-major by player: attr[i*nattrs+a] */
    bool *attr_set;     /* [n * nattrs]: player i declares attribute a */

    veto_i_expr_t *rule; /* never NULL in a model that was read successfully */
    unsigned rule_line, rule_col;

    mpq_t *belief;      /* [n] default beliefs (1/2 unless stated): in a
                         * three-valued model, P(yes) */
    /* `votes yes, abstain, no` (issue 10): ternary is set, and abstain[n]
     * holds P(abstain) (0 unless stated); P(no) = 1 - belief - abstain.
     * A forced vote is a belief of 1 (yes), abstain 1, or both 0 (no).
     * votes_line is the statement's line (0 in JSON). In a yes/no model
     * ternary is false and abstain NULL (scenarios' too). */
    bool ternary;
    unsigned votes_line;
    mpq_t *abstain;
    size_t nscen;
    veto_i_scenario_t *scen;

    size_t nwarnings;
    char **warnings;

    /* unions { ... } (issue 12): union_of[i] for every player, the unions
     * written numbered first; NULL when the model gives none. */
    size_t nunions;
    size_t *union_of;

    /* Blocs of the defaults (issue 11); shared when the one bloc is
     * `belief shared`. weighted when every scenario has a weight. */
    size_t nblocs;
    veto_i_bloc_t *bloc;
    bool shared;
    bool weighted;
};

/* The blocs in force under belief set s (0 = defaults, s = 1.. the
 * scenario s - 1): *count of them. O(1). */
static inline const veto_i_bloc_t *veto_i_model_blocs(const veto_model_t *m,
                                                      size_t s, size_t *count)
{
    if (s == 0) {
        *count = m->nblocs;
        return m->bloc;
    }
    *count = m->scen[s - 1].nblocs;
    return m->scen[s - 1].bloc;
}

/* Does any belief set of the model have a bloc? O(scenarios). */
bool veto_i_model_has_blocs(const veto_model_t *m);

/* Free an array of blocs (NULL is harmless). */
void veto_i_blocs_free(veto_i_bloc_t *bl, size_t count);

/* Free an expression tree (NULL is harmless). */
void veto_i_expr_free(veto_i_expr_t *e);

/* Value of attribute a for player i (the model guarantees it is set for
 * every player a term uses). */
static inline const mpq_t *veto_i_model_attr(const veto_model_t *m, size_t i,
                                             size_t a)
{
    return (const mpq_t *)&m->attr[i * m->nattrs + a];
}

/* The players a TERM, ALL or ANY node ranges over, in increasing order:
 * *count of them; NULL means all m->n players 0..n-1. O(1). */
static inline const size_t *veto_i_expr_set(const veto_model_t *m,
                                            const veto_i_expr_t *e,
                                            size_t *count)
{
    if (e->list != NULL) {
        *count = e->nlist;
        return e->list;
    }
    if (e->group >= 0) {
        *count = m->group_size[e->group];
        return m->group_members[e->group];
    }
    *count = m->n;
    return NULL;
}

/* Can name be written without quotes in a .veto file (an identifier that
 * is not a keyword)? O(length). */
bool veto_i_name_is_bare(const char *name);

/* Append name as the .veto language reads it back: bare when
 * veto_i_name_is_bare, else double-quoted with \" \\ \n \t escaped. */
void veto_i_buf_name(veto_i_buf_t *b, const char *name);
/* Append s double-quoted, escaped as veto_i_buf_name does. */
void veto_i_buf_quoted(veto_i_buf_t *b, const char *s);

/* Add a warning (formatted); returns VETO_ENOMEM on failure. */
veto_status veto_i_model_warn(veto_model_t *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Look-ups by name; -1 when absent. */
long veto_i_model_find_player(const veto_model_t *m, const char *name);
long veto_i_model_find_group(const veto_model_t *m, const char *name);
long veto_i_model_find_attr(const veto_model_t *m, const char *name);

/* Warn about the terms of the rule that no coalition meets, and about a
 * rule that even the grand coalition fails (dead.c). file names the
 * model in the warnings. Errors: VETO_ENOMEM. Time: O(rule size + total
 * group sizes of its terms). */
veto_status veto_i_model_warn_dead(veto_model_t *m, const char *file);

/* Advice for an unknown scenario: the model's scenarios
 * (VETO_HINT_SCENARIOS). */
void veto_i_hint_scenarios(const veto_model_t *m, veto_error_t *err);

#endif /* VETO_MODEL_H */
