/*
 * build.c: the model builder the three readers share: players with
 * duplicate checks through a hash index, groups, attributes, names in the
 * rule resolved once every player is known, beliefs and scenarios.
 */
#include "model_i.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Beliefs are stored as (scenarios + 1) x players rationals, attributes as
 * players x attributes, group members as lists: refuse more cells than this
 * in any of them rather than ask for tens of gigabytes (ten million players
 * with ten attributes fit). */
#define MAX_BELIEF_CELLS 100000000u
#define MAX_TABLE_CELLS 100000000u

#define OOM() veto_i_errorf(b->err, VETO_ENOMEM, "out of memory")

/* Grow *arr (of *cap elements of size sz) to hold at least need. */
static bool grow(void *arr, size_t *cap, size_t need, size_t sz)
{
    void **p = arr;
    if (need <= *cap) {
        return true;
    }
    size_t ncap = *cap == 0 ? 16 : *cap;
    while (ncap < need) {
        ncap *= 2;
    }
    void *np = veto_i_reallocarray(*p, ncap, sz);
    if (np == NULL) {
        return false;
    }
    *p = np;
    *cap = ncap;
    return true;
}

/* Grow a zero-initialised mark array. */
static bool grow_marks(size_t **arr, size_t *cap, size_t need)
{
    size_t old = *cap;
    if (!grow(arr, cap, need, sizeof **arr)) {
        return false;
    }
    memset(*arr + old, 0, (*cap - old) * sizeof **arr);
    return true;
}

veto_status veto_i_build_error(veto_i_build_t *b, veto_status code,
                               veto_i_pos_t pos, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (pos.line == 0) {
        return veto_i_error(b->err, code, b->src->name, 0, 0, NULL, 0, "%s",
                            msg);
    }
    return veto_i_src_error(b->src, b->err, code, pos, "%s", msg);
}

veto_status veto_i_digits_error(veto_i_build_t *b, const veto_i_src_t *src,
                                veto_i_pos_t pos, size_t digits)
{
    if (pos.line == 0) {
        veto_i_error(b->err, VETO_ELIMIT, src->name, 0, 0, NULL, 0,
                     "number with %zu digits, over the limit of %zu digits "
                     "(max_number_digits)",
                     digits, b->lim.max_number_digits);
    } else {
        veto_i_src_error(src, b->err, VETO_ELIMIT, pos,
                         "number with %zu digits, over the limit of %zu "
                         "digits (max_number_digits)",
                         digits, b->lim.max_number_digits);
    }
    veto_i_error_hint_code(b->err, VETO_HINT_RAISE_LIMIT, "max_number_digits", NULL, NULL);
    return VETO_ELIMIT;
}

static veto_status name_limit(veto_i_build_t *b, size_t len, veto_i_pos_t pos)
{
    if (len <= b->lim.max_name_bytes) {
        return VETO_OK;
    }
    veto_i_build_error(b, VETO_ELIMIT, pos,
                       "name of %zu bytes, over the limit of %zu bytes "
                       "(max_name_bytes)",
                       len, b->lim.max_name_bytes);
    veto_i_error_hint_code(b->err, VETO_HINT_RAISE_LIMIT, "max_name_bytes", NULL, NULL);
    return VETO_ELIMIT;
}

veto_status veto_i_build_init(veto_i_build_t *b, const veto_i_src_t *src,
                              const veto_limits_t *lim, veto_error_t *err)
{
    memset(b, 0, sizeof *b);
    b->src = src;
    b->top_src = src;
    b->total_bytes = src->len;
    b->lim = *lim;
    b->err = err;
    b->fold.fold = true;
    b->m = veto_i_calloc(1, sizeof *b->m);
    if (b->m == NULL) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    b->m->filename = veto_i_strdup(src->name);
    if (b->m->filename == NULL) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    return VETO_OK;
}

static void clear_ops(veto_i_beliefop_t *ops, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        veto_i_free(ops[i].name);
        mpq_clear(ops[i].p);
        mpq_clear(ops[i].a);
    }
    veto_i_free(ops);
}

void veto_i_build_clear(veto_i_build_t *b)
{
    veto_model_free(b->m);
    b->m = NULL;
    veto_i_names_clear(&b->players, !b->moved);
    veto_i_names_clear(&b->groups, !b->moved);
    veto_i_names_clear(&b->attrs, !b->moved);
    if (!b->moved) {
        veto_i_free(b->name_line);
    }
    veto_i_hidx_clear(&b->fold);
    veto_i_free(b->group_mark);
    veto_i_free(b->attr_mark);
    for (size_t i = 0; i < b->nla; i++) {
        mpq_clear(b->la[i].value);
    }
    veto_i_free(b->la);
    veto_i_free(b->lg);
    clear_ops(b->bops, b->nbops);
    for (size_t s = 0; s < b->nscen; s++) {
        veto_i_free(b->scen[s].name);
        clear_ops(b->scen[s].ops, b->nscen == 0 ? 0 : b->scen[s].nops);
        veto_i_blocs_src_clear(&b->scen[s].blocs);
        if (b->scen[s].has_weight) {
            mpq_clear(b->scen[s].weight);
        }
    }
    veto_i_blocs_src_clear(&b->blocs);
    veto_i_free(b->scen);
    veto_i_names_clear(&b->scen_names, true);
    for (size_t i = 0; i < b->nfix; i++) {
        veto_i_free(b->fix[i].name);
    }
    veto_i_free(b->fix);
    for (size_t i = 0; i < b->nstack; i++) {
        veto_i_free(b->stack[i]);
    }
    veto_i_free(b->stack);
    for (size_t i = 0; i < b->nincl; i++) {
        veto_i_free((char *)b->incl[i].name);
        veto_i_free((char *)b->incl[i].text);
    }
    veto_i_free(b->incl);
    memset(b, 0, sizeof *b);
}

/* A name is printed in tables, CSV and on terminals: a control character
 * in it would break the first two and could drive the third. */
static veto_status no_control(veto_i_build_t *b, const char *what,
                              const char *name, size_t len, veto_i_pos_t pos)
{
    for (size_t k = 0; k < len; k++) {
        unsigned char ch = (unsigned char)name[k];
        if (ch < 0x20 || ch == 0x7f) {
            return veto_i_build_error(b, VETO_EINVAL, pos,
                                      "a %s name cannot contain a control "
                                      "character (byte 0x%02X)",
                                      what, ch);
        }
    }
    return VETO_OK;
}

veto_status veto_i_build_player(veto_i_build_t *b, const char *name, size_t len,
                                veto_i_pos_t pos)
{
    veto_status rc;
    if (len == 0) {
        return veto_i_build_error(b, VETO_EINVAL, pos,
                                  "a player name cannot be empty");
    }
    if ((rc = no_control(b, "player", name, len, pos)) != VETO_OK) {
        return rc;
    }
    if ((rc = name_limit(b, len, pos)) != VETO_OK) {
        return rc;
    }
    long dup = veto_i_names_find(&b->players, name, len);
    if (dup >= 0) {
        if (b->name_line[dup] != 0 && b->src != b->top_src) {
            return veto_i_build_error(b, VETO_EINVAL, pos,
                                      "duplicate player '%.*s' (first "
                                      "declared on line %u of %s)",
                                      (int)len, name, b->name_line[dup],
                                      b->top_src->name);
        }
        if (b->name_line[dup] != 0) {
            return veto_i_build_error(b, VETO_EINVAL, pos,
                                      "duplicate player '%.*s' (first "
                                      "declared on line %u)",
                                      (int)len, name, b->name_line[dup]);
        }
        return veto_i_build_error(b, VETO_EINVAL, pos,
                                  "duplicate player '%.*s' (first declared "
                                  "as player %ld)",
                                  (int)len, name, dup + 1);
    }
    if (b->players.n >= b->lim.max_players) {
        veto_i_build_error(b, VETO_ELIMIT, pos,
                           "more than %zu players (max_players)",
                           b->lim.max_players);
        veto_i_error_hint_code(b->err, VETO_HINT_RAISE_LIMIT, "max_players", NULL,
                               NULL);
        return VETO_ELIMIT;
    }
    if (!grow(&b->name_line, &b->name_line_cap, b->players.n + 1,
              sizeof *b->name_line)) {
        return OOM();
    }
    size_t idx;
    if ((rc = veto_i_names_add(&b->players, name, len, &idx, b->err)) !=
        VETO_OK) {
        return rc;
    }
    /* a line in an included file would be read as one in the model */
    b->name_line[idx] = b->src == b->top_src ? pos.line : 0;
    long twin;
    veto_i_hidx_find2(&b->fold, b->players.name, name, len, &twin);
    if (twin >= 0) {
        const char *tn = b->players.name[twin];
        if (pos.line != 0) {
            rc = veto_i_model_warn(b->m,
                                   "%s:%u:%u: players '%s' and '%.*s' differ "
                                   "only in case",
                                   b->src->name, pos.line, pos.col, tn,
                                   (int)len, name);
        } else {
            rc = veto_i_model_warn(b->m,
                                   "%s: players '%s' and '%.*s' differ only "
                                   "in case",
                                   b->src->name, tn, (int)len, name);
        }
        if (rc != VETO_OK) {
            return OOM();
        }
        return VETO_OK;
    }
    return veto_i_hidx_insert(&b->fold, b->players.name, idx, b->err);
}

veto_status veto_i_build_group(veto_i_build_t *b, const char *name, size_t len,
                               veto_i_pos_t pos, size_t *index)
{
    veto_status rc;
    if (len == 0) {
        return veto_i_build_error(b, VETO_EINVAL, pos,
                                  "a group name cannot be empty");
    }
    if ((rc = name_limit(b, len, pos)) != VETO_OK) {
        return rc;
    }
    long g = veto_i_names_find(&b->groups, name, len);
    if (g >= 0) {
        *index = (size_t)g;
        return VETO_OK;
    }
    if (!grow_marks(&b->group_mark, &b->group_mark_cap, b->groups.n + 1)) {
        return OOM();
    }
    return veto_i_names_add(&b->groups, name, len, index, b->err);
}

veto_status veto_i_build_attr(veto_i_build_t *b, const char *name, size_t len,
                              veto_i_pos_t pos, size_t *index)
{
    veto_status rc;
    if (len == 0) {
        return veto_i_build_error(b, VETO_EINVAL, pos,
                                  "an attribute name cannot be empty");
    }
    if ((rc = name_limit(b, len, pos)) != VETO_OK) {
        return rc;
    }
    long a = veto_i_names_find(&b->attrs, name, len);
    if (a >= 0) {
        *index = (size_t)a;
        return VETO_OK;
    }
    if (!grow_marks(&b->attr_mark, &b->attr_mark_cap, b->attrs.n + 1)) {
        return OOM();
    }
    return veto_i_names_add(&b->attrs, name, len, index, b->err);
}

void veto_i_build_newline(veto_i_build_t *b)
{
    b->line_id++;
}

veto_status veto_i_build_line_attr(veto_i_build_t *b, size_t first,
                                   size_t count, size_t attr, const mpq_t v,
                                   veto_i_pos_t pos)
{
    if (b->attr_mark[attr] == b->line_id) {
        return veto_i_build_error(b, VETO_EINVAL, pos,
                                  "attribute '%s' given twice",
                                  b->attrs.name[attr]);
    }
    b->attr_mark[attr] = b->line_id;
    if (!grow(&b->la, &b->cla, b->nla + 1, sizeof *b->la)) {
        return OOM();
    }
    veto_i_lineattr_t *la = &b->la[b->nla++];
    la->first = first;
    la->count = count;
    la->attr = attr;
    mpq_init(la->value);
    mpq_set(la->value, v);
    return VETO_OK;
}

veto_status veto_i_build_line_group(veto_i_build_t *b, size_t first,
                                    size_t count, size_t group)
{
    if (b->group_mark[group] == b->line_id) {
        return VETO_OK; /* [a, a]: once is enough */
    }
    b->group_mark[group] = b->line_id;
    if (!grow(&b->lg, &b->clg, b->nlg + 1, sizeof *b->lg)) {
        return OOM();
    }
    veto_i_linegroup_t *lg = &b->lg[b->nlg++];
    lg->first = first;
    lg->count = count;
    lg->group = group;
    return VETO_OK;
}

veto_status veto_i_build_finish_players(veto_i_build_t *b)
{
    veto_model_t *m = b->m;
    size_t n = b->players.n;

    /* From here the model owns the names; the builder keeps its indexes
     * over the same arrays for the look-ups that follow. */
    m->n = n;
    m->names = b->players.name;
    m->name_line = b->name_line;
    m->ngroups = b->groups.n;
    m->group_names = b->groups.name;
    m->nattrs = b->attrs.n;
    m->attr_names = b->attrs.name;
    b->moved = true;

    size_t members = 0;
    for (size_t i = 0; i < b->nlg && members <= MAX_TABLE_CELLS; i++) {
        members += b->lg[i].count; /* each count <= n: no overflow */
    }
    if (members > MAX_TABLE_CELLS) {
        veto_i_build_error(b, VETO_ELIMIT, (veto_i_pos_t){0, 0, 0},
                           "more than %u group memberships", MAX_TABLE_CELLS);
        veto_i_error_hint(b->err, "use fewer groups per line of players");
        return VETO_ELIMIT;
    }
    size_t cells;
    if (__builtin_mul_overflow(n, m->nattrs, &cells) ||
        cells > MAX_TABLE_CELLS) {
        veto_i_build_error(b, VETO_ELIMIT, (veto_i_pos_t){0, 0, 0},
                           "%zu players with %zu attributes need more than "
                           "%u values",
                           n, m->nattrs, MAX_TABLE_CELLS);
        veto_i_error_hint(b->err, "use fewer attributes");
        return VETO_ELIMIT;
    }

    if (m->ngroups > 0) {
        m->group_size = veto_i_calloc(m->ngroups, sizeof *m->group_size);
        m->group_members = veto_i_calloc(m->ngroups, sizeof *m->group_members);
        if (m->group_size == NULL || m->group_members == NULL) {
            return OOM();
        }
        for (size_t i = 0; i < b->nlg; i++) {
            m->group_size[b->lg[i].group] += b->lg[i].count;
        }
        for (size_t g = 0; g < m->ngroups; g++) {
            m->group_members[g] =
                veto_i_mallocarray(m->group_size[g], sizeof(size_t));
            if (m->group_members[g] == NULL) {
                return OOM();
            }
            m->group_size[g] = 0;
        }
        /* lines come in the order of their players, so each member list
         * is increasing */
        for (size_t i = 0; i < b->nlg; i++) {
            size_t g = b->lg[i].group;
            for (size_t k = 0; k < b->lg[i].count; k++) {
                m->group_members[g][m->group_size[g]++] = b->lg[i].first + k;
            }
        }
    }

    if (m->nattrs > 0) {
        mpq_t *attr = veto_i_mallocarray(cells, sizeof *attr);
        m->attr_set = veto_i_calloc(cells, sizeof *m->attr_set);
        if (attr == NULL || m->attr_set == NULL) {
            veto_i_free(attr);
            return OOM();
        }
        for (size_t c = 0; c < cells; c++) {
            mpq_init(attr[c]);
        }
        m->attr = attr;
        for (size_t i = 0; i < b->nla; i++) {
            const veto_i_lineattr_t *la = &b->la[i];
            for (size_t k = 0; k < la->count; k++) {
                size_t c = (la->first + k) * m->nattrs + la->attr;
                mpq_set(m->attr[c], la->value);
                m->attr_set[c] = true;
            }
        }
    }
    return VETO_OK;
}

veto_status veto_i_build_fixup(veto_i_build_t *b, veto_i_fixkind kind,
                               veto_i_expr_t *node, const char *name,
                               size_t len, veto_i_pos_t pos)
{
    if (!grow(&b->fix, &b->cfix, b->nfix + 1, sizeof *b->fix)) {
        return OOM();
    }
    char *copy = veto_i_strndup(name, len);
    if (copy == NULL) {
        return OOM();
    }
    veto_i_fixup_t *f = &b->fix[b->nfix++];
    f->kind = kind;
    f->node = node;
    f->name = copy;
    f->pos = pos;
    return VETO_OK;
}

/* EINVAL naming up to five players of the summed set that lack attribute
 * a, and how many in all. */
static veto_status check_attr(veto_i_build_t *b, const veto_i_src_t *src,
                              const veto_i_fixup_t *f)
{
    const veto_model_t *m = b->m;
    size_t a = (size_t)f->node->attr;
    size_t total;
    const size_t *set = veto_i_expr_set(m, f->node, &total);
    size_t missing = 0;
    char list[300];
    size_t used = 0;
    list[0] = '\0';
    for (size_t k = 0; k < total; k++) {
        size_t i = set == NULL ? k : set[k];
        if (m->attr_set[i * m->nattrs + a]) {
            continue;
        }
        if (missing < 5 && used < sizeof list) {
            int w = snprintf(list + used, sizeof list - used, "%s%s",
                             missing > 0 ? ", " : "", m->names[i]);
            if (w > 0) {
                used += (size_t)w;
            }
        }
        missing++;
    }
    if (missing == 0) {
        return VETO_OK;
    }
    if (missing > 5) {
        return veto_i_src_error(src, b->err, VETO_EINVAL, f->pos,
                                "attribute '%s' is missing for %zu players: "
                                "%s and %zu more",
                                f->name, missing, list, missing - 5);
    }
    return veto_i_src_error(src, b->err, VETO_EINVAL, f->pos,
                            "attribute '%s' is missing for %zu player%s: %s",
                            f->name, missing, missing == 1 ? "" : "s", list);
}

/* Does some player of the term's summed set lack its attribute? */
static bool lacks(const veto_model_t *m, const veto_i_expr_t *e)
{
    size_t a = (size_t)e->attr;
    size_t total;
    const size_t *set = veto_i_expr_set(m, e, &total);
    for (size_t k = 0; k < total; k++) {
        size_t i = set == NULL ? k : set[k];
        if (!m->attr_set[i * m->nattrs + a]) {
            return true;
        }
    }
    return false;
}

typedef struct pairref {
    long attr, group; /* group: -1 for all players, -2 - fixup for a list */
    size_t fix;
} pairref_t;

static int pair_cmp(const void *x, const void *y)
{
    const pairref_t *p = x, *q = y;
    if (p->attr != q->attr) {
        return p->attr < q->attr ? -1 : 1;
    }
    if (p->group != q->group) {
        return p->group < q->group ? -1 : 1;
    }
    return p->fix < q->fix ? -1 : p->fix > q->fix;
}

/* Check each distinct (attribute, group) pair the rule sums over once, so
 * that a rule repeating `w(g) >= 1` a million times costs one scan of g,
 * and report the first failing term in the order written.
 * Time: O(T log T + sum over distinct pairs of the set's size). */
static veto_status check_attrs(veto_i_build_t *b, const veto_i_src_t *src)
{
    size_t np = 0;
    for (size_t i = 0; i < b->nfix; i++) {
        np += b->fix[i].kind == VETO_I_FIX_ATTR;
    }
    if (np == 0) {
        return VETO_OK;
    }
    pairref_t *pr = veto_i_mallocarray(np, sizeof *pr);
    if (pr == NULL) {
        return OOM();
    }
    np = 0;
    for (size_t i = 0; i < b->nfix; i++) {
        if (b->fix[i].kind == VETO_I_FIX_ATTR) {
            pr[np].attr = b->fix[i].node->attr;
            pr[np].group = b->fix[i].node->list != NULL
                               ? -2 - (long)i
                               : b->fix[i].node->group;
            pr[np].fix = i;
            np++;
        }
    }
    qsort(pr, np, sizeof *pr, pair_cmp);
    size_t bad = SIZE_MAX;
    for (size_t k = 0; k < np; k++) {
        if (k > 0 && pr[k].attr == pr[k - 1].attr &&
            pr[k].group == pr[k - 1].group) {
            continue;
        }
        /* pr[k].fix is the pair's first use in the text */
        if (pr[k].fix < bad && lacks(b->m, b->fix[pr[k].fix].node)) {
            bad = pr[k].fix;
        }
    }
    veto_i_free(pr);
    return bad == SIZE_MAX ? VETO_OK : check_attr(b, src, &b->fix[bad]);
}

static int index_cmp(const void *x, const void *y)
{
    size_t p = *(const size_t *)x, q = *(const size_t *)y;
    return p < q ? -1 : p > q;
}

/* Marks for the list being resolved: a player or group whose mark equals
 * serial is in it already, so a list grows to at most n players and
 * expands each group once. */
typedef struct listmarks {
    size_t *player, *group;
    size_t serial;
} listmarks_t;

/* A name of a written list: a group (a lone name keeps the group, several
 * add its members) or a player. A name that is both is refused, since the
 * list could mean either. Errors: VETO_EINVAL, VETO_ENOMEM. */
static veto_status resolve_member(veto_i_build_t *b, const veto_i_src_t *src,
                                  const veto_i_fixup_t *f, listmarks_t *mk)
{
    veto_model_t *m = b->m;
    veto_i_expr_t *e = f->node;
    size_t len = strlen(f->name);
    long g = veto_i_names_find(&b->groups, f->name, len);
    long p = veto_i_names_find(&b->players, f->name, len);
    if (g >= 0 && p >= 0) {
        return veto_i_src_error(src, b->err, VETO_EINVAL, f->pos,
                                "'%s' is both a player and a group; rename "
                                "one of them",
                                f->name);
    }
    if (g < 0 && p < 0) {
        return veto_i_src_error(src, b->err, VETO_EINVAL, f->pos,
                                "unknown group '%s' (no group or player has "
                                "that name)",
                                f->name);
    }
    if (f->kind == VETO_I_FIX_ONE && g >= 0) {
        e->group = g;
        return VETO_OK;
    }
    if (mk->player == NULL) {
        mk->player = veto_i_calloc(m->n + 1, sizeof *mk->player);
        mk->group = veto_i_calloc(m->ngroups + 1, sizeof *mk->group);
        if (mk->player == NULL || mk->group == NULL) {
            return OOM();
        }
    }
    if (g >= 0) {
        if (mk->group[g] == mk->serial) {
            return VETO_OK;
        }
        mk->group[g] = mk->serial;
    }
    size_t add = g >= 0 ? m->group_size[g] : 1;
    for (size_t k = 0; k < add; k++) {
        size_t i = g >= 0 ? m->group_members[g][k] : (size_t)p;
        if (mk->player[i] == mk->serial) {
            continue;
        }
        mk->player[i] = mk->serial;
        /* The capacity is a power of two >= 4: grow when nlist reaches it
         * (nlist <= n, so the doubling cannot overflow). */
        size_t nl = e->nlist;
        if (nl == 0 || (nl >= 4 && (nl & (nl - 1)) == 0)) {
            size_t *grown = veto_i_reallocarray(e->list, nl == 0 ? 4 : 2 * nl,
                                                sizeof *grown);
            if (grown == NULL) {
                return OOM();
            }
            e->list = grown;
        }
        e->list[e->nlist++] = i;
    }
    return VETO_OK;
}

veto_status veto_i_build_resolve_rule(veto_i_build_t *b,
                                      const veto_i_src_t *src)
{
    veto_status rc = VETO_OK;
    listmarks_t mk = {NULL, NULL, 0};
    for (size_t i = 0; i < b->nfix; i++) {
        veto_i_fixup_t *f = &b->fix[i];
        size_t len = strlen(f->name);
        long idx;
        switch (f->kind) {
        case VETO_I_FIX_PLAYER:
            idx = veto_i_names_find(&b->players, f->name, len);
            if (idx < 0) {
                rc = veto_i_src_error(src, b->err, VETO_EINVAL, f->pos,
                                      "unknown player '%s'", f->name);
                goto cleanup;
            }
            f->node->player = (size_t)idx;
            break;
        case VETO_I_FIX_GROUP:
            idx = veto_i_names_find(&b->groups, f->name, len);
            if (idx < 0) {
                rc = veto_i_src_error(src, b->err, VETO_EINVAL, f->pos,
                                      "unknown group '%s'", f->name);
                goto cleanup;
            }
            f->node->group = idx;
            if (f->node->k > b->m->group_size[idx]) {
                rc = veto_i_src_error(src, b->err, VETO_EINVAL, f->pos,
                                      "K = %zu is larger than the %zu "
                                      "member%s of group '%s'",
                                      f->node->k, b->m->group_size[idx],
                                      b->m->group_size[idx] == 1 ? "" : "s",
                                      f->name);
                goto cleanup;
            }
            break;
        case VETO_I_FIX_ONE:
        case VETO_I_FIX_MEMBER:
            if (i == 0 || b->fix[i - 1].node != f->node ||
                b->fix[i - 1].kind == VETO_I_FIX_ATTR) {
                mk.serial++;
            }
            VETO_TRY(resolve_member(b, src, f, &mk));
            break;
        case VETO_I_FIX_ATTR:
            idx = veto_i_names_find(&b->attrs, f->name, len);
            if (idx < 0) {
                rc = veto_i_src_error(src, b->err, VETO_EINVAL, f->pos,
                                      "unknown attribute '%s'", f->name);
                goto cleanup;
            }
            f->node->attr = idx;
            break;
        }
    }
    /* Each written list becomes a set: sorted, without repeats. */
    for (size_t i = 0; i < b->nfix; i++) {
        veto_i_expr_t *e = b->fix[i].node;
        if (b->fix[i].kind == VETO_I_FIX_MEMBER &&
            (i + 1 == b->nfix || b->fix[i + 1].node != e) && e->nlist > 1) {
            qsort(e->list, e->nlist, sizeof *e->list, index_cmp);
        }
    }
    VETO_TRY(check_attrs(b, src));
cleanup:
    veto_i_free(mk.player);
    veto_i_free(mk.group);
    for (size_t i = 0; i < b->nfix; i++) {
        veto_i_free(b->fix[i].name);
    }
    b->nfix = 0;
    return rc;
}

veto_status veto_i_build_belief(veto_i_build_t *b, veto_i_scen_src_t *scen,
                                const char *name, size_t len, veto_i_pos_t pos,
                                const mpq_t p)
{
    mpq_t zero;
    mpq_init(zero);
    veto_status rc = veto_i_build_belief3(b, scen, name, len, pos,
                                          VETO_I_BF_BARE, p, zero, false);
    mpq_clear(zero);
    return rc;
}

veto_status veto_i_build_belief3(veto_i_build_t *b, veto_i_scen_src_t *scen,
                                 const char *name, size_t len,
                                 veto_i_pos_t pos, veto_i_bform form,
                                 const mpq_t p, const mpq_t a,
                                 bool has_abstain)
{
    veto_i_beliefop_t **ops = scen != NULL ? &scen->ops : &b->bops;
    size_t *nops = scen != NULL ? &scen->nops : &b->nbops;
    size_t *cops = scen != NULL ? &scen->cops : &b->cbops;
    if (!grow(ops, cops, *nops + 1, sizeof **ops)) {
        return OOM();
    }
    char *copy = NULL;
    if (name != NULL) {
        copy = veto_i_strndup(name, len);
        if (copy == NULL) {
            return OOM();
        }
    }
    veto_i_beliefop_t *op = &(*ops)[(*nops)++];
    op->name = copy;
    op->src = b->src;
    op->pos = pos;
    mpq_init(op->p);
    mpq_init(op->a);
    op->form = form;
    op->has_abstain = has_abstain;
    switch (form) {
    case VETO_I_BF_YES:
        mpq_set_ui(op->p, 1, 1);
        break;
    case VETO_I_BF_NO:
        break;
    case VETO_I_BF_ABSTAIN:
        mpq_set_ui(op->a, 1, 1);
        break;
    default:
        mpq_set(op->p, p);
        mpq_set(op->a, a);
        break;
    }
    return VETO_OK;
}

veto_status veto_i_build_scenario(veto_i_build_t *b, const char *name,
                                  size_t len, veto_i_pos_t pos,
                                  veto_i_scen_src_t **out)
{
    veto_status rc;
    if (len == 0) {
        return veto_i_build_error(b, VETO_EINVAL, pos,
                                  "a scenario name cannot be empty");
    }
    if (len == 7 && memcmp(name, "default", 7) == 0) {
        /* `--scenario default` names the model's own beliefs; a scenario
         * of that name could never be chosen. */
        return veto_i_build_error(b, VETO_EINVAL, pos,
                                  "a scenario cannot be named 'default': "
                                  "that name means the model's own beliefs");
    }
    long dup = veto_i_names_find(&b->scen_names, name, len);
    if (dup >= 0) {
        if (b->scen[dup].pos.line != 0) {
            return veto_i_build_error(b, VETO_EINVAL, pos,
                                      "duplicate scenario '%.*s' (first on "
                                      "line %u)",
                                      (int)len, name, b->scen[dup].pos.line);
        }
        return veto_i_build_error(b, VETO_EINVAL, pos,
                                  "duplicate scenario '%.*s'", (int)len, name);
    }
    if (!grow(&b->scen, &b->cscen, b->nscen + 1, sizeof *b->scen)) {
        return OOM();
    }
    size_t idx;
    if ((rc = veto_i_names_add(&b->scen_names, name, len, &idx, b->err)) !=
        VETO_OK) {
        return rc;
    }
    veto_i_scen_src_t *s = &b->scen[b->nscen];
    memset(s, 0, sizeof *s);
    s->name = veto_i_strndup(name, len);
    if (s->name == NULL) {
        return OOM();
    }
    s->pos = pos;
    b->nscen++;
    *out = s;
    return VETO_OK;
}

/* Is the belief's form allowed in this model? EINVAL at the belief. */
static veto_status check_form(veto_i_build_t *b, const veto_i_beliefop_t *op)
{
    const veto_model_t *m = b->m;
    const char *msg = NULL;
    const char *hint = NULL;
    mpq_t sum;
    if (m->ternary && op->form == VETO_I_BF_BARE) {
        msg = "a bare probability in a three-valued model: give the yes "
              "and the abstain probability";
        hint = op->name != NULL ? "write `Name = yes P, abstain Q` (no gets "
                                  "the rest), or `Name = yes|abstain|no`"
                                : "write `belief yes P, abstain Q` (no gets "
                                  "the rest)";
    } else if (!m->ternary && op->form == VETO_I_BF_ABSTAIN) {
        msg = "'= abstain' needs three-valued votes";
        hint = "declare `votes yes, abstain, no` to let players abstain";
    } else if (!m->ternary && op->form == VETO_I_BF_VOTES &&
               op->has_abstain) {
        msg = "an abstain probability needs three-valued votes";
        hint = "declare `votes yes, abstain, no` to let players abstain";
    }
    if (msg == NULL) {
        mpq_init(sum);
        mpq_add(sum, op->p, op->a);
        bool over = mpz_cmp(mpq_numref(sum), mpq_denref(sum)) > 0;
        mpq_clear(sum);
        if (!over) {
            return VETO_OK;
        }
        msg = "the yes and abstain probabilities add up to more than 1";
    }
    veto_status rc;
    if (op->src != NULL && op->pos.line != 0) {
        rc = veto_i_src_error(op->src, b->err, VETO_EINVAL, op->pos, "%s",
                              msg);
    } else {
        rc = veto_i_build_error(b, VETO_EINVAL, op->pos, "%s", msg);
    }
    if (hint != NULL) {
        veto_i_error_hint(b->err, "%s", hint);
    }
    return rc;
}

static void set_one(const veto_model_t *m, mpq_t *belief, mpq_t *abstain,
                    size_t i, const veto_i_beliefop_t *op)
{
    mpq_set(belief[i], op->p);
    if (m->ternary) {
        mpq_set(abstain[i], op->a);
    }
}

static veto_status apply_ops(veto_i_build_t *b, mpq_t *belief, mpq_t *abstain,
                             const veto_i_beliefop_t *ops, size_t nops)
{
    const veto_model_t *m = b->m;
    veto_status rc;
    for (size_t k = 0; k < nops; k++) {
        if ((rc = check_form(b, &ops[k])) != VETO_OK) {
            return rc;
        }
    }
    for (size_t k = 0; k < nops; k++) {
        const veto_i_beliefop_t *op = &ops[k];
        if (op->name == NULL) {
            for (size_t i = 0; i < m->n; i++) {
                set_one(m, belief, abstain, i, op);
            }
            continue;
        }
        size_t len = strlen(op->name);
        long i = veto_i_names_find(&b->players, op->name, len);
        if (i >= 0) {
            set_one(m, belief, abstain, (size_t)i, op);
            continue;
        }
        long g = veto_i_names_find(&b->groups, op->name, len);
        if (g < 0) {
            if (op->src != NULL && op->pos.line != 0) {
                return veto_i_src_error(op->src, b->err, VETO_EINVAL, op->pos,
                                        "unknown player or group '%s'",
                                        op->name);
            }
            return veto_i_build_error(b, VETO_EINVAL, op->pos,
                                      "unknown player or group '%s'", op->name);
        }
        for (size_t j = 0; j < m->group_size[g]; j++) {
            set_one(m, belief, abstain, m->group_members[g][j], op);
        }
    }
    return VETO_OK;
}

static mpq_t *new_beliefs(size_t n)
{
    mpq_t *q = veto_i_mallocarray(n, sizeof *q);
    if (q != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_init(q[i]);
        }
    }
    return q;
}

veto_status veto_i_build_finish_beliefs(veto_i_build_t *b)
{
    veto_model_t *m = b->m;
    size_t cells;
    if (__builtin_mul_overflow(m->n, b->nscen + 1, &cells) ||
        cells > MAX_BELIEF_CELLS) {
        veto_i_build_error(b, VETO_ELIMIT,
                           b->nscen > 0 ? b->scen[b->nscen - 1].pos
                                        : (veto_i_pos_t){0, 0, 0},
                           "%zu scenarios over %zu players need more than "
                           "%u beliefs",
                           b->nscen, m->n, MAX_BELIEF_CELLS);
        veto_i_error_hint(b->err, "split the scenarios over several files");
        return VETO_ELIMIT;
    }
    m->belief = new_beliefs(m->n);
    if (m->belief == NULL) {
        return OOM();
    }
    if (m->ternary) {
        /* no belief written: every vote equally likely */
        m->abstain = new_beliefs(m->n);
        if (m->abstain == NULL) {
            return OOM();
        }
        for (size_t i = 0; i < m->n; i++) {
            mpq_set_ui(m->belief[i], 1, 3);
            mpq_set_ui(m->abstain[i], 1, 3);
        }
    } else {
        for (size_t i = 0; i < m->n; i++) {
            mpq_set_ui(m->belief[i], 1, 2);
        }
    }
    veto_status rc = apply_ops(b, m->belief, m->abstain, b->bops, b->nbops);
    if (rc != VETO_OK) {
        return rc;
    }
    if (b->nscen == 0) {
        return VETO_OK;
    }
    m->scen = veto_i_calloc(b->nscen, sizeof *m->scen);
    if (m->scen == NULL) {
        return OOM();
    }
    for (size_t s = 0; s < b->nscen; s++) {
        veto_i_scenario_t *sc = &m->scen[s];
        sc->belief = new_beliefs(m->n);
        if (sc->belief == NULL) {
            return OOM();
        }
        sc->name = b->scen[s].name;
        b->scen[s].name = NULL;
        sc->line = b->scen[s].pos.line;
        sc->col = b->scen[s].pos.col;
        m->nscen++;
        if (m->ternary) {
            sc->abstain = new_beliefs(m->n);
            if (sc->abstain == NULL) {
                return OOM();
            }
            for (size_t i = 0; i < m->n; i++) {
                mpq_set(sc->abstain[i], m->abstain[i]);
            }
        }
        for (size_t i = 0; i < m->n; i++) {
            mpq_set(sc->belief[i], m->belief[i]);
        }
        rc = apply_ops(b, sc->belief, sc->abstain, b->scen[s].ops,
                       b->scen[s].nops);
        if (rc != VETO_OK) {
            return rc;
        }
    }
    return VETO_OK;
}

veto_status veto_i_check_prob(veto_i_build_t *b, const veto_i_src_t *src,
                              const mpq_t p, veto_i_pos_t pos, const char *text,
                              size_t len)
{
    if (mpq_sgn(p) >= 0 && mpz_cmp(mpq_numref(p), mpq_denref(p)) <= 0) {
        return VETO_OK;
    }
    if (pos.line == 0) {
        return veto_i_error(b->err, VETO_EINVAL, src->name, 0, 0, NULL, 0,
                            "probability outside [0, 1]: '%.*s'", (int)len,
                            text);
    }
    return veto_i_src_error(src, b->err, VETO_EINVAL, pos,
                            "probability outside [0, 1]: '%.*s'", (int)len,
                            text);
}
