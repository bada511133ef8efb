/*
 * model_i.h: what the files of the model room share (lexer, parsers,
 * builder). Never included outside src/model/.
 */
#ifndef VETO_MODEL_I_H
#define VETO_MODEL_I_H

#include "model.h"

/* ---------------------------------------------------------------------- */
/* Source text and positions                                               */

typedef struct veto_i_src {
    const char *name; /* for diagnostics */
    const char *text;
    size_t len;
} veto_i_src_t;

typedef struct veto_i_pos {
    size_t off;         /* byte offset into the text */
    unsigned line, col; /* 1-based; col in bytes */
} veto_i_pos_t;

/* Fill err with a positioned diagnostic: file = src->name, context = the
 * whole source line holding pos (without its line end). Returns code.
 * Time: O(length of that line). */
veto_status veto_i_src_error(const veto_i_src_t *src, veto_error_t *err,
                             veto_status code, veto_i_pos_t pos,
                             const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Line and column of byte offset off (counting "\r\n" as one line end).
 * Time: O(off); for error paths only. */
veto_i_pos_t veto_i_src_pos(const veto_i_src_t *src, size_t off);

/* Where "end of file" is reported: just after the last character that is
 * not white space, so that the caret sits on a line that shows. O(len). */
veto_i_pos_t veto_i_src_eof(const veto_i_src_t *src);

/* Is s[0..len) valid UTF-8? On false, *bad is the offset of the first bad
 * byte. Time: O(len). */
bool veto_i_utf8_valid(const char *s, size_t len, size_t *bad);

/* ---------------------------------------------------------------------- */
/* Number literals                                                         */

typedef enum veto_i_numkind {
    VETO_I_NUM_INT,     /* 12 */
    VETO_I_NUM_DECIMAL, /* 1.5, .5 */
    VETO_I_NUM_PERCENT, /* 65%, 62.5% */
    VETO_I_NUM_FRACTION /* 2/3 */
} veto_i_numkind;

/* Scan a number literal at s[0..len): -?(D+(.D+)?|.D+)(%|/D+)?, the '/'
 * form only after an integer. Returns the length scanned (0 if s does not
 * start a number), the kind, and the number of digits (for the
 * max_number_digits limit). Time: O(length of the literal). */
size_t veto_i_num_scan(const char *s, size_t len, veto_i_numkind *kind,
                       size_t *digits);

/* The exact value of a literal already accepted by veto_i_num_scan, into
 * an initialised q (canonical). A percentage is divided by 100. Returns 0,
 * 1 for a zero denominator (2/0), -1 when out of memory. Time: GMP's
 * string conversion, subquadratic in the number of digits, which
 * max_number_digits bounds. */
int veto_i_num_value(mpq_t q, const char *s, size_t len);

/* ---------------------------------------------------------------------- */
/* Hash index over an array of names                                       */

/* Open addressing; a slot holds index + 1 (0 = empty) and 32 bits of the
 * hash, so an index must stay below 2^31 - 1 (veto_i_names_add checks; a
 * model of two billion players would not fit in memory anyway). */
typedef struct veto_i_hidx {
    uint64_t *slot;
    size_t cap; /* power of two, or 0 */
    size_t count;
    bool fold; /* hash ASCII letters case-insensitively (matches stay
                * exact; see veto_i_hidx_find2) */
} veto_i_hidx_t;

/* Index of key[0..len) among names[] through h (an exact match), or -1;
 * insert index i (names[i] already set). Insert errors: VETO_ENOMEM (err
 * filled). Time: O(len) expected. */
long veto_i_hidx_find(const veto_i_hidx_t *h, char *const *names,
                      const char *key, size_t len);
/* The same; when h->fold, *twin is also set to a stored name equal to key
 * but for ASCII case (-1 if none): names differing only in case hash
 * alike, so one probe finds both. */
long veto_i_hidx_find2(const veto_i_hidx_t *h, char *const *names,
                       const char *key, size_t len, long *twin);
veto_status veto_i_hidx_insert(veto_i_hidx_t *h, char *const *names, size_t i,
                               veto_error_t *err);
void veto_i_hidx_clear(veto_i_hidx_t *h);

/* A growing list of names with a hash index (players, groups, attributes). */
typedef struct veto_i_names {
    char **name;
    size_t n, cap;
    veto_i_hidx_t idx;
} veto_i_names_t;

/* Index of name[0..len) in the list, or -1. Time: O(len) expected. */
long veto_i_names_find(const veto_i_names_t *l, const char *name, size_t len);
/* Append a copy of name (not checked for duplicates); *index = its index.
 * Errors: VETO_ENOMEM (err filled), VETO_ELIMIT past 2^31 - 2 names.
 * Time: O(len) amortised. */
veto_status veto_i_names_add(veto_i_names_t *l, const char *name, size_t len,
                             size_t *index, veto_error_t *err);
/* Free the index and, when free_names, the names and their array. */
void veto_i_names_clear(veto_i_names_t *l, bool free_names);

/* ---------------------------------------------------------------------- */
/* The model builder                                                       */

/* Attributes and groups given on one line of a players block (or to one
 * JSON player) apply to players first .. first+count-1. */
typedef struct veto_i_lineattr {
    size_t first, count, attr;
    mpq_t value;
} veto_i_lineattr_t;

typedef struct veto_i_linegroup {
    size_t first, count, group;
} veto_i_linegroup_t;

/* How a belief was written (issue 10): a bare probability `P`, the
 * three-valued `yes P, abstain Q` (either part may be left out), or a
 * forced vote `yes`, `no`, `abstain`. */
typedef enum veto_i_bform {
    VETO_I_BF_BARE,
    VETO_I_BF_VOTES,
    VETO_I_BF_YES,
    VETO_I_BF_NO,
    VETO_I_BF_ABSTAIN
} veto_i_bform;

/* A belief assignment: name == NULL sets every player (the default).
 * p = P(yes), a = P(abstain) (0 in a yes/no model); the form is checked
 * against the model's votes once the whole file is read. */
typedef struct veto_i_beliefop {
    char *name;
    const veto_i_src_t *src; /* the file it was written in (pos is there) */
    veto_i_pos_t pos;
    mpq_t p;
    mpq_t a;
    veto_i_bform form;
    bool has_abstain; /* VOTES: `abstain Q` was written */
} veto_i_beliefop_t;

/* A name in a list, with where it was written (unions, blocs). */
typedef struct veto_i_nameref {
    char *name;
    veto_i_pos_t pos;
} veto_i_nameref_t;

/* A bloc as written (issue 11), resolved by veto_i_build_finish_blocs. */
typedef struct veto_i_bloc_src {
    char *name; /* NULL for `belief shared` */
    const veto_i_src_t *src;
    veto_i_pos_t pos;
    veto_i_nameref_t *ref;
    size_t nref, cref;
    mpq_t a, b;
} veto_i_bloc_src_t;

typedef struct veto_i_blocs_src {
    veto_i_bloc_src_t *bl;
    size_t n, cap;
} veto_i_blocs_src_t;

typedef struct veto_i_scen_src {
    char *name;
    veto_i_pos_t pos;
    size_t nops, cops;
    veto_i_beliefop_t *ops;
    veto_i_blocs_src_t blocs; /* issue 11 */
    bool has_weight;
    veto_i_pos_t wpos;
    mpq_t weight; /* initialised when has_weight */
} veto_i_scen_src_t;

/* A name in the rule, resolved once the players are known. */
typedef enum veto_i_fixkind {
    VETO_I_FIX_PLAYER,
    VETO_I_FIX_GROUP,  /* the group of `K of GROUP` */
    VETO_I_FIX_ATTR,
    VETO_I_FIX_ONE,    /* the only name of a list: a group or a player */
    VETO_I_FIX_MEMBER  /* one of several names of a list, added to it */
} veto_i_fixkind;

typedef struct veto_i_fixup {
    veto_i_fixkind kind;
    veto_i_expr_t *node;
    char *name;
    veto_i_pos_t pos;
} veto_i_fixup_t;

/* `unions { (A, B) (C) }` as read, before the names are resolved. */
typedef struct veto_i_unionref {
    char *name;
    veto_i_pos_t pos;
    size_t which; /* the union, from 0 in the order written */
} veto_i_unionref_t;

typedef struct veto_i_unions_src {
    veto_i_unionref_t *ref;
    size_t n, cap;
    size_t nunions;
    unsigned line; /* of the statement; 0 when there is none */
} veto_i_unions_src_t;

typedef struct veto_i_build {
    veto_model_t *m;
    const veto_i_src_t *src;
    veto_limits_t lim;
    veto_error_t *err;

    veto_i_names_t players; /* names moved into m->names at the end */
    bool moved;             /* players, groups, attrs now owned by m */
    /* The first player of each class of names equal but for case, for
     * the warning. Separate from the exact index, so that a million case
     * variants of one name cannot make one long probe chain there. */
    veto_i_hidx_t fold;
    unsigned *name_line;
    size_t name_line_cap;
    veto_i_names_t groups;
    veto_i_names_t attrs;
    size_t *group_mark; /* [groups.cap]: last line that named the group */
    size_t *attr_mark;
    size_t group_mark_cap, attr_mark_cap;
    size_t line_id; /* counts player lines, from 1 */

    veto_i_lineattr_t *la;
    size_t nla, cla;
    veto_i_linegroup_t *lg;
    size_t nlg, clg;

    veto_i_beliefop_t *bops;
    size_t nbops, cbops;
    veto_i_scen_src_t *scen;
    size_t nscen, cscen;
    veto_i_names_t scen_names; /* duplicate check */

    veto_i_fixup_t *fix;
    size_t nfix, cfix;

    veto_i_blocs_src_t blocs; /* the defaults' blocs (issue 11) */

    /* `include` (include.c). src is the file being read now; top_src the
     * model itself. */
    const veto_i_src_t *top_src;
    const char *path;    /* the model's file on disk; NULL when it was read
                          * from memory or standard input (no include) */
    size_t total_bytes;  /* the model and every file included so far */
    char **stack;        /* realpaths of the files open now, the model first */
    size_t nstack, cstack;
    veto_i_src_t *incl;  /* included files, kept for diagnostics */
    size_t nincl, cincl;

    /* The first three-valued construct of a rule parsed by
     * veto_i_parse_rule_text (`at least abstain`, `of voting`), NULL when
     * none: the JSON reader refuses it without "votes". */
    const char *ternary_what;
} veto_i_build_t;

/* Start building into a new empty model (m->filename set).
 * Errors: VETO_ENOMEM. */
veto_status veto_i_build_init(veto_i_build_t *b, const veto_i_src_t *src,
                              const veto_limits_t *lim, veto_error_t *err);
/* Free everything the builder still owns (the model too unless taken:
 * set b->m = NULL after taking it). */
void veto_i_build_clear(veto_i_build_t *b);

/* Add a player. Checks: empty name, max_name_bytes, max_players (ELIMIT
 * with hint), duplicate (EINVAL naming the first's line when known, else
 * its number); warns when it differs only in case from an earlier one.
 * line 0 = no line (JSON): messages then cite the player's number.
 * Errors: VETO_EINVAL, VETO_ELIMIT, VETO_ENOMEM. Time: O(len) expected. */
veto_status veto_i_build_player(veto_i_build_t *b, const char *name, size_t len,
                                veto_i_pos_t pos);
/* Find or add a group / an attribute by name; *index set.
 * Errors: VETO_ENOMEM, VETO_ELIMIT (max_name_bytes). */
veto_status veto_i_build_group(veto_i_build_t *b, const char *name, size_t len,
                               veto_i_pos_t pos, size_t *index);
veto_status veto_i_build_attr(veto_i_build_t *b, const char *name, size_t len,
                              veto_i_pos_t pos, size_t *index);
/* Start a new line of players (attribute / group repeats are per line). */
void veto_i_build_newline(veto_i_build_t *b);
/* Give players first..first+count-1 attribute attr = v / group g. A
 * repeat on the same line is an error for an attribute (EINVAL at pos)
 * and ignored for a group. Errors: VETO_EINVAL, VETO_ENOMEM. */
veto_status veto_i_build_line_attr(veto_i_build_t *b, size_t first,
                                   size_t count, size_t attr, const mpq_t v,
                                   veto_i_pos_t pos);
veto_status veto_i_build_line_group(veto_i_build_t *b, size_t first,
                                    size_t count, size_t group);
/* Move players, groups and attributes into the model (tables built).
 * Errors: VETO_ENOMEM. Time: O(n * nattrs + memberships). */
veto_status veto_i_build_finish_players(veto_i_build_t *b);

/* Record a name in the rule to resolve later (takes a copy).
 * Errors: VETO_ENOMEM. */
veto_status veto_i_build_fixup(veto_i_build_t *b, veto_i_fixkind kind,
                               veto_i_expr_t *node, const char *name,
                               size_t len, veto_i_pos_t pos);
/* Resolve the fixups recorded so far against the finished players (with
 * positions in src) and check that every player a term sums over has the
 * attribute. Clears the fixups. Errors: VETO_EINVAL, VETO_ENOMEM.
 * Time: O(fixups * name length + terms with attributes * n). */
/* Resolve `unions` (unions.c): names of players or groups; a player in
 * two unions, an unknown name are errors at their position. Sets
 * m->union_of and m->nunions. */
veto_status veto_i_build_unions(veto_i_build_t *b, const veto_i_src_t *src,
                                const veto_i_unions_src_t *u);
veto_status veto_i_build_resolve_rule(veto_i_build_t *b,
                                      const veto_i_src_t *src);
/* Add a belief operation (name NULL = the default for every player) to the
 * defaults (scen == NULL) or to a scenario. Errors: VETO_ENOMEM. */
veto_status veto_i_build_belief(veto_i_build_t *b, veto_i_scen_src_t *scen,
                                const char *name, size_t len, veto_i_pos_t pos,
                                const mpq_t p);
/* The same with the form written (issue 10): p = P(yes), a = P(abstain);
 * for the forced forms p and a are set here. The form is checked against
 * the model's votes by veto_i_build_finish_beliefs. */
veto_status veto_i_build_belief3(veto_i_build_t *b, veto_i_scen_src_t *scen,
                                 const char *name, size_t len,
                                 veto_i_pos_t pos, veto_i_bform form,
                                 const mpq_t p, const mpq_t a,
                                 bool has_abstain);
/* Start a scenario; duplicate names are an EINVAL at pos.
 * Errors: VETO_EINVAL, VETO_ENOMEM. */
veto_status veto_i_build_scenario(veto_i_build_t *b, const char *name,
                                  size_t len, veto_i_pos_t pos,
                                  veto_i_scen_src_t **out);
/* Check each belief's form against m->ternary (a bare probability in a
 * three-valued model, `= abstain` or an abstain probability in a yes/no
 * model, yes + abstain > 1 are EINVAL at the belief) and apply the belief
 * operations (defaults, then each scenario).
 * Errors: VETO_EINVAL (unknown name, at its position), VETO_ENOMEM.
 * Time: O((scenarios + 1) * n + operations * group sizes). */
veto_status veto_i_build_finish_beliefs(veto_i_build_t *b);

/* Blocs and weighted scenarios (blocs.c, issue 11). */

/* Start a bloc of the defaults (scen NULL) or of a scenario; name NULL is
 * `belief shared`. a, b are checked positive by the caller. *out stays
 * valid until the next bloc of the same scope is started.
 * Errors: VETO_ENOMEM. */
veto_status veto_i_build_bloc(veto_i_build_t *b, veto_i_scen_src_t *scen,
                              const char *name, size_t len, veto_i_pos_t pos,
                              const mpq_t a, const mpq_t bb,
                              veto_i_bloc_src_t **out);
/* Add a player or group name to a bloc being built. Errors: VETO_ENOMEM. */
veto_status veto_i_build_bloc_member(veto_i_build_t *b, veto_i_bloc_src_t *bl,
                                     const char *name, size_t len,
                                     veto_i_pos_t pos);
/* Give a scenario its weight (a probability, checked by the caller). */
veto_status veto_i_build_scen_weight(veto_i_build_t *b,
                                     veto_i_scen_src_t *scen, const mpq_t w,
                                     veto_i_pos_t pos);
/* Resolve the blocs after veto_i_build_finish_beliefs: names, a player in
 * two blocs, `belief shared` with a bloc, belief entries naming a bloc
 * member, scenarios forcing bloc members (removed from their bloc; any
 * other belief for one is an error), weights on every scenario or none,
 * summing to 1. Errors: VETO_EINVAL at the position concerned,
 * VETO_ENOMEM. Time: O((scenarios + 1) * (n + names written)). */
veto_status veto_i_build_finish_blocs(veto_i_build_t *b);
/* Free what a blocs list holds. */
void veto_i_blocs_src_clear(veto_i_blocs_src_t *l);

/* A new expression node of the given kind at pos (rhs initialised, group
 * and attr -1). NULL on ENOMEM. */
veto_i_expr_t *veto_i_expr_new(veto_i_expr_kind kind, veto_i_pos_t pos);

/* Check a probability: EINVAL "probability outside [0, 1]" at pos quoting
 * the literal text[0..len). */
veto_status veto_i_check_prob(veto_i_build_t *b, const veto_i_src_t *src,
                              const mpq_t p, veto_i_pos_t pos, const char *text,
                              size_t len);

/* ---------------------------------------------------------------------- */
/* include (include.c)                                                     */

/* How deep includes may nest (the model is depth 0). */
#define VETO_I_MAX_INCLUDE_DEPTH 16

/* Resolve the file an include names (path[0..len), written at pos of
 * b->src), check it (not from memory or stdin, inside the model's
 * directory unless lim.allow_include_outside, no cycle, depth, the sum of
 * the sizes under max_file_bytes), read it and push it on b->stack. *out
 * is owned by the builder until veto_i_build_clear. Pop with
 * veto_i_include_pop after reading it. Errors: VETO_EIO, VETO_EINVAL,
 * VETO_ELIMIT, VETO_EPARSE (NUL byte), VETO_ENOMEM. Time: the file's size. */
veto_status veto_i_include_open(veto_i_build_t *b, const char *path,
                                size_t len, veto_i_pos_t pos,
                                const veto_i_src_t **out);
void veto_i_include_pop(veto_i_build_t *b);

/* Read an included .veto file (players, belief and include statements
 * only) into the builder; b->src is src meanwhile. Errors: as
 * veto_i_read_veto. */
veto_status veto_i_read_included(veto_i_build_t *b, const veto_i_src_t *src);

/* ---------------------------------------------------------------------- */
/* The three readers                                                       */

/* Each reads src into the builder's model; the caller finishes nothing.
 * Errors: VETO_EPARSE, VETO_EINVAL, VETO_EOVERFLOW, VETO_ELIMIT,
 * VETO_ENOMEM. Time: linear in the input. */
veto_status veto_i_read_veto(veto_i_build_t *b);
veto_status veto_i_read_json(veto_i_build_t *b);
veto_status veto_i_read_bare(veto_i_build_t *b);

/* Parse src as one rule expression (the whole text) into *out, recording
 * fixups in b (not resolved). Used for JSON's pass_when.
 * Errors: VETO_EPARSE, VETO_EINVAL, VETO_EOVERFLOW, VETO_ELIMIT,
 * VETO_ENOMEM. Time: linear in the text; no recursion. */
veto_status veto_i_parse_rule_text(veto_i_build_t *b, const veto_i_src_t *src,
                                   veto_i_expr_t **out);

/* An error at pos in the builder's source, or without a position when
 * pos.line == 0 (JSON values). Returns code. */
veto_status veto_i_build_error(veto_i_build_t *b, veto_status code,
                               veto_i_pos_t pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The EOVERFLOW error for a number with too many digits, with the hint
 * naming the CLI option. */
veto_status veto_i_digits_error(veto_i_build_t *b, const veto_i_src_t *src,
                                veto_i_pos_t pos, size_t digits);

#endif /* VETO_MODEL_I_H */
