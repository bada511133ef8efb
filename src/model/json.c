/*
 * json.c: a model as JSON, through jansson. jansson keeps no positions of
 * values, so a diagnostic about a value finds it again in the text with a
 * small iterative scanner (error paths only). The walk over the document is
 * iterative and of fixed depth; jansson bounds its own recursion
 * (JSON_PARSER_MAX_DEPTH, 2048) and a pre-scan applies max_depth first.
 */
#include "model_i.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* Finding a value's position in the text                                  */

typedef struct jstep {
    const char *key; /* NULL: index */
    size_t index;
} jstep_t;

typedef struct jpath {
    int n;
    jstep_t s[6];
    bool at_key; /* the position of the last key rather than its value */
} jpath_t;

static jpath_t path1(const char *k)
{
    jpath_t p = {1, {{k, 0}}, false};
    return p;
}

static jpath_t path2(const char *k, size_t i)
{
    jpath_t p = {2, {{k, 0}, {NULL, i}}, false};
    return p;
}

static jpath_t path3(const char *k, size_t i, const char *k2)
{
    jpath_t p = {3, {{k, 0}, {NULL, i}, {k2, 0}}, false};
    return p;
}

static jpath_t path4(const char *k, size_t i, const char *k2, const char *k3)
{
    jpath_t p = {4, {{k, 0}, {NULL, i}, {k2, 0}, {k3, 0}}, false};
    return p;
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n &&
           (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) {
        i++;
    }
    return i;
}

/* i at '"': the offset after the closing quote. */
static size_t skip_string(const char *s, size_t n, size_t i)
{
    i++;
    while (i < n && s[i] != '"') {
        i += s[i] == '\\' ? 2 : 1;
    }
    return i < n ? i + 1 : n;
}

/* i at a value: the offset after it. Iterative: nesting is only counted. */
static size_t skip_value(const char *s, size_t n, size_t i)
{
    size_t depth = 0;
    do {
        i = skip_ws(s, n, i);
        if (i >= n) {
            return n;
        }
        char c = s[i];
        if (c == '"') {
            i = skip_string(s, n, i);
        } else if (c == '{' || c == '[') {
            depth++;
            i++;
        } else if (c == '}' || c == ']') {
            if (depth > 0) {
                depth--;
            }
            i++;
        } else if (c == ',' || c == ':') {
            i++;
        } else {
            while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' &&
                   s[i] != ' ' && s[i] != '\n' && s[i] != '\t' &&
                   s[i] != '\r') {
                i++;
            }
        }
    } while (depth > 0 && i < n);
    return i;
}

/* Offset of the value at path p in the (valid) JSON text, or (size_t)-1. */
static size_t locate(const char *s, size_t n, const jpath_t *p)
{
    size_t i = skip_ws(s, n, 0);
    for (int k = 0; k < p->n; k++) {
        const jstep_t *st = &p->s[k];
        if (i >= n) {
            return (size_t)-1;
        }
        if (st->key != NULL) {
            if (s[i] != '{') {
                return (size_t)-1;
            }
            i = skip_ws(s, n, i + 1);
            size_t klen = strlen(st->key);
            for (;;) {
                if (i >= n || s[i] != '"') {
                    return (size_t)-1;
                }
                size_t kstart = i;
                size_t kend = skip_string(s, n, i);
                bool match = kend - i == klen + 2 &&
                             memcmp(s + i + 1, st->key, klen) == 0;
                i = skip_ws(s, n, kend);
                if (i >= n || s[i] != ':') {
                    return (size_t)-1;
                }
                i = skip_ws(s, n, i + 1);
                if (match && p->at_key && k == p->n - 1) {
                    return kstart;
                }
                if (match) {
                    break;
                }
                i = skip_ws(s, n, skip_value(s, n, i));
                if (i >= n || s[i] != ',') {
                    return (size_t)-1;
                }
                i = skip_ws(s, n, i + 1);
            }
        } else {
            if (s[i] != '[') {
                return (size_t)-1;
            }
            i = skip_ws(s, n, i + 1);
            for (size_t j = 0; j < st->index; j++) {
                i = skip_ws(s, n, skip_value(s, n, i));
                if (i >= n || s[i] != ',') {
                    return (size_t)-1;
                }
                i = skip_ws(s, n, i + 1);
            }
        }
    }
    return i;
}

static veto_i_pos_t jpos(const veto_i_build_t *b, const jpath_t *p)
{
    size_t off = locate(b->src->text, b->src->len, p);
    if (off == (size_t)-1) {
        veto_i_pos_t none = {0, 0, 0};
        return none;
    }
    return veto_i_src_pos(b->src, off);
}

/* Put the position of path p (and its line as context) into an error the
 * builder filled without one. Returns rc. */
static veto_status relocate(veto_i_build_t *b, veto_status rc, const jpath_t *p)
{
    if (rc == VETO_OK || rc == VETO_ENOMEM || b->err == NULL ||
        b->err->line != 0) {
        return rc;
    }
    veto_i_pos_t pos = jpos(b, p);
    if (pos.line == 0) {
        return rc;
    }
    veto_error_t saved = *b->err;
    veto_i_src_error(b->src, b->err, rc, pos, "%s", saved.message);
    memcpy(b->err->hint, saved.hint, sizeof saved.hint);
    b->err->hint_code = saved.hint_code;
    memcpy(b->err->hint_arg, saved.hint_arg, sizeof saved.hint_arg);
    return rc;
}

#define JERR(code, path, ...)                                                  \
    veto_i_build_error(b, (code), jpos(b, (path)), __VA_ARGS__)

/* ---------------------------------------------------------------------- */
/* Values                                                                  */

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a real";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "a value";
}

/* NUM: a JSON integer, or a string holding a number literal. */
static veto_status jnum(veto_i_build_t *b, const json_t *v, const jpath_t *p,
                        mpq_t out, veto_i_numkind *kind, char *text,
                        size_t textcap)
{
    const char *s;
    size_t len;
    char buf[32];
    if (json_is_integer(v)) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        s = buf;
        len = strlen(buf);
    } else if (json_is_real(v)) {
        /* quote the number as written, when it can be found */
        veto_i_pos_t pos = jpos(b, p);
        const char *raw = b->src->text + pos.off;
        size_t rl = 0;
        while (pos.line != 0 && pos.off + rl < b->src->len && rl < 40 &&
               strchr("0123456789+-.eE", raw[rl]) != NULL) {
            rl++;
        }
        if (rl == 0) {
            raw = "0.65";
            rl = 4;
        }
        return veto_i_build_error(b, VETO_EINVAL, pos,
                                  "a JSON real cannot be read exactly; write "
                                  "it as a string, \"%.*s\"",
                                  (int)rl, raw);
    } else if (json_is_string(v)) {
        s = json_string_value(v);
        len = json_string_length(v);
    } else {
        return JERR(VETO_EINVAL, p, "expected a number, found %s",
                    type_name(v));
    }
    size_t digits = 0;
    if (len == 0 || veto_i_num_scan(s, len, kind, &digits) != len) {
        return JERR(VETO_EINVAL, p,
                    "expected a number, a percentage or a fraction, found "
                    "\"%.*s\"",
                    (int)(len > 40 ? 40 : len), s);
    }
    if (digits > b->lim.max_number_digits) {
        return relocate(
            b, veto_i_digits_error(b, b->src, (veto_i_pos_t){0, 0, 0}, digits),
            p);
    }
    int r = veto_i_num_value(out, s, len);
    if (r < 0) {
        return veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
    }
    if (r > 0) {
        return JERR(VETO_EINVAL, p, "division by zero in '%.*s'", (int)len, s);
    }
    snprintf(text, textcap, "%.*s", (int)len, s);
    return VETO_OK;
}

static veto_status jstring(veto_i_build_t *b, const json_t *v, const jpath_t *p,
                           const char *what)
{
    if (!json_is_string(v)) {
        return JERR(VETO_EINVAL, p, "expected %s (a string), found %s", what,
                    type_name(v));
    }
    return VETO_OK;
}

/* "source" / "note": a string or an array of strings. */
static veto_status string_list(veto_i_build_t *b, const json_t *v,
                               const char *key, char ***list, size_t *n)
{
    jpath_t p = path1(key);
    size_t count = json_is_array(v) ? json_array_size(v) : 1;
    if (!json_is_array(v) && !json_is_string(v)) {
        return JERR(VETO_EINVAL, &p,
                    "expected a string or an array of strings, found %s",
                    type_name(v));
    }
    for (size_t i = 0; i < count; i++) {
        const json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
        jpath_t pe = json_is_array(v) ? path2(key, i) : p;
        veto_status rc = jstring(b, e, &pe, key);
        if (rc != VETO_OK) {
            return rc;
        }
        char **nl = veto_i_reallocarray(*list, *n + 1, sizeof *nl);
        if (nl == NULL) {
            return veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
        }
        *list = nl;
        nl[*n] = veto_i_strndup(json_string_value(e), json_string_length(e));
        if (nl[*n] == NULL) {
            return veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
        }
        (*n)++;
    }
    return VETO_OK;
}

/* "include": a file name or an array of them, each a .veto file of
 * players and beliefs read before "players" (include.c checks where). */
static veto_status includes(veto_i_build_t *b, const json_t *v)
{
    jpath_t p = path1("include");
    size_t count = json_is_array(v) ? json_array_size(v) : 1;
    if (!json_is_array(v) && !json_is_string(v)) {
        return JERR(VETO_EINVAL, &p,
                    "expected a string or an array of strings, found %s",
                    type_name(v));
    }
    for (size_t i = 0; i < count; i++) {
        const json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
        jpath_t pe = json_is_array(v) ? path2("include", i) : p;
        veto_status rc = jstring(b, e, &pe, "a file name");
        const veto_i_src_t *isrc;
        if (rc != VETO_OK ||
            (rc = veto_i_include_open(b, json_string_value(e),
                                      json_string_length(e), jpos(b, &pe),
                                      &isrc)) != VETO_OK) {
            return rc;
        }
        rc = veto_i_read_included(b, isrc);
        veto_i_include_pop(b);
        if (rc != VETO_OK) {
            return rc;
        }
    }
    return VETO_OK;
}

static veto_status player(veto_i_build_t *b, const json_t *pl, size_t i,
                          mpq_t q)
{
    veto_status rc;
    jpath_t p = path2("players", i);
    if (!json_is_object(pl)) {
        return JERR(VETO_EINVAL, &p, "expected a player object, found %s",
                    type_name(pl));
    }
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)pl, key, v)
    {
        if (strcmp(key, "name") != 0 && strcmp(key, "groups") != 0 &&
            strcmp(key, "attributes") != 0) {
            jpath_t pk = path3("players", i, key);
            pk.at_key = true;
            return JERR(VETO_EINVAL, &pk,
                        "unknown key '%s' in a player (expected name, groups "
                        "or attributes)",
                        key);
        }
    }
    const json_t *name = json_object_get(pl, "name");
    jpath_t pn = path3("players", i, "name");
    if (name == NULL) {
        return JERR(VETO_EINVAL, &p, "a player needs a \"name\"");
    }
    if ((rc = jstring(b, name, &pn, "a player name")) != VETO_OK) {
        return rc;
    }
    veto_i_pos_t none = {0, 0, 0};
    veto_i_build_newline(b);
    rc = veto_i_build_player(b, json_string_value(name),
                             json_string_length(name), none);
    if (rc != VETO_OK) {
        return relocate(b, rc, &pn);
    }
    const json_t *groups = json_object_get(pl, "groups");
    if (groups != NULL) {
        jpath_t pg = path3("players", i, "groups");
        if (!json_is_array(groups)) {
            return JERR(VETO_EINVAL, &pg,
                        "expected an array of group names, found %s",
                        type_name(groups));
        }
        for (size_t k = 0; k < json_array_size(groups); k++) {
            const json_t *g = json_array_get(groups, k);
            if ((rc = jstring(b, g, &pg, "a group name")) != VETO_OK) {
                return rc;
            }
            size_t gi;
            rc = veto_i_build_group(b, json_string_value(g),
                                    json_string_length(g), none, &gi);
            if (rc != VETO_OK) {
                return relocate(b, rc, &pg);
            }
            if ((rc = veto_i_build_line_group(b, i, 1, gi)) != VETO_OK) {
                return rc;
            }
        }
    }
    const json_t *attrs = json_object_get(pl, "attributes");
    if (attrs != NULL) {
        jpath_t pa = path3("players", i, "attributes");
        if (!json_is_object(attrs)) {
            return JERR(VETO_EINVAL, &pa,
                        "expected an object of attributes, found %s",
                        type_name(attrs));
        }
        json_object_foreach((json_t *)attrs, key, v)
        {
            jpath_t pv = path4("players", i, "attributes", key);
            veto_i_numkind kind;
            char text[64];
            size_t ai;
            rc = veto_i_build_attr(b, key, strlen(key), none, &ai);
            if (rc != VETO_OK) {
                return relocate(b, rc, &pv);
            }
            if ((rc = jnum(b, v, &pv, q, &kind, text, sizeof text)) !=
                VETO_OK) {
                return rc;
            }
            if (kind == VETO_I_NUM_PERCENT) {
                return JERR(VETO_EINVAL, &pv,
                            "an attribute value cannot be a percentage: "
                            "'%s'",
                            text);
            }
            if (mpq_sgn(q) < 0) {
                return JERR(VETO_EINVAL, &pv, "negative attribute value '%s'",
                            text);
            }
            if ((rc = veto_i_build_line_attr(b, i, 1, ai, q, none)) !=
                VETO_OK) {
                return rc;
            }
        }
    }
    return VETO_OK;
}

/* Move an error found inside the pass_when string to the JSON file: at
 * the same offset within the string when the string's text is written
 * without escapes, else at the string. */
static veto_status rule_error(veto_i_build_t *b, veto_status rc,
                              veto_i_pos_t spos, const char *rule, size_t rlen)
{
    veto_error_t *err = b->err;
    if (err == NULL || err->line == 0 || rc == VETO_ENOMEM) {
        jpath_t p = path1("pass_when");
        return relocate(b, rc, &p);
    }
    if (spos.line == 0) {
        err->line = 0;
        err->col = 0;
        err->context[0] = '\0';
        return rc;
    }
    veto_i_pos_t pos = spos;
    const char *raw = b->src->text + spos.off + 1;
    bool plain = spos.off + 1 + rlen < b->src->len &&
                 memcmp(raw, rule, rlen) == 0 && raw[rlen] == '"' &&
                 err->line == 1;
    if (plain) {
        pos.off += err->col;
        pos.col += err->col;
    }
    veto_error_t saved = *err;
    veto_i_src_error(b->src, err, rc, pos, "%s", saved.message);
    memcpy(err->hint, saved.hint, sizeof saved.hint);
    err->hint_code = saved.hint_code;
    memcpy(err->hint_arg, saved.hint_arg, sizeof saved.hint_arg);
    return rc;
}

/* Give the nodes of a rule parsed from the pass_when string positions in
 * the JSON file (for the warnings about terms that can never be met): the
 * same offset within the string when it is written plainly on one line,
 * else the string's own position. */
static void place_rule(veto_i_expr_t *e, veto_i_pos_t spos, bool plain)
{
    if (e == NULL) {
        return;
    }
    if (plain && e->line == 1) {
        e->col = spos.col + e->col;
    } else {
        e->col = spos.col;
    }
    e->line = spos.line;
    for (size_t k = 0; k < e->nchild; k++) {
        place_rule(e->child[k], spos, plain);
    }
}

static veto_status rule(veto_i_build_t *b, const json_t *root, mpq_t q)
{
    veto_status rc;
    const json_t *pw = json_object_get(root, "pass_when");
    const json_t *quota = json_object_get(root, "quota");
    veto_model_t *m = b->m;
    if (pw != NULL && quota != NULL) {
        jpath_t p = path1("quota");
        return JERR(VETO_EINVAL, &p,
                    "give either \"pass_when\" or \"quota\", not both");
    }
    if (pw == NULL && quota == NULL) {
        return veto_i_build_error(b, VETO_EINVAL, (veto_i_pos_t){0, 0, 0},
                                  "missing \"pass_when\" (or \"quota\")");
    }
    if (pw != NULL) {
        jpath_t p = path1("pass_when");
        if ((rc = jstring(b, pw, &p, "a rule")) != VETO_OK) {
            return rc;
        }
        veto_i_pos_t spos = jpos(b, &p);
        const char *text = json_string_value(pw);
        size_t len = json_string_length(pw);
        veto_i_src_t rsrc = {b->src->name, text, len};
        m->rule_line = spos.line;
        m->rule_col = spos.col;
        rc = veto_i_parse_rule_text(b, &rsrc, &m->rule);
        if (rc == VETO_OK) {
            rc = veto_i_build_resolve_rule(b, &rsrc);
        }
        if (rc != VETO_OK) {
            return rule_error(b, rc, spos, text, len);
        }
        const char *raw = b->src->text + spos.off + 1;
        bool plain = spos.line != 0 && spos.off + 1 + len < b->src->len &&
                     memcmp(raw, text, len) == 0 && raw[len] == '"' &&
                     memchr(text, '\n', len) == NULL;
        place_rule(m->rule, spos, plain);
        if (b->ternary_what != NULL && !m->ternary) {
            return JERR(VETO_EINVAL, &p,
                        "%s needs three-valued votes: add \"votes\": "
                        "[\"yes\", \"abstain\", \"no\"]",
                        b->ternary_what);
        }
        return VETO_OK;
    }
    jpath_t p = path1("quota");
    veto_i_numkind kind;
    char text[64];
    if ((rc = jnum(b, quota, &p, q, &kind, text, sizeof text)) != VETO_OK) {
        return rc;
    }
    if (mpq_sgn(q) < 0) {
        return JERR(VETO_EINVAL, &p, "the quota cannot be negative: '%s'",
                    text);
    }
    bool relative = kind == VETO_I_NUM_PERCENT || kind == VETO_I_NUM_FRACTION;
    if (relative && mpz_cmp(mpq_numref(q), mpq_denref(q)) > 0) {
        return JERR(VETO_EINVAL, &p, "percentage over 100%%: '%s'", text);
    }
    veto_i_pos_t qpos = jpos(b, &p);
    m->rule = veto_i_expr_new(VETO_I_E_TERM, qpos);
    if (m->rule == NULL) {
        return veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
    }
    m->rule_line = qpos.line;
    m->rule_col = qpos.col;
    m->rule->relative = relative;
    mpq_set(m->rule->rhs, q);
    if ((rc = veto_i_build_fixup(b, VETO_I_FIX_ATTR, m->rule, "weight", 6,
                                 qpos)) != VETO_OK) {
        return rc;
    }
    return veto_i_build_resolve_rule(b, b->src);
}

/* One belief entry name = NUM (name NULL: the default) into scen. */
static veto_status belief_entry(veto_i_build_t *b, veto_i_scen_src_t *scen,
                                const char *name, const json_t *v,
                                const jpath_t *p, mpq_t q)
{
    veto_status rc;
    veto_i_numkind kind;
    char text[64];
    veto_i_bform form = VETO_I_BF_BARE;
    bool has_ab = false;
    mpq_t ab;
    mpq_init(ab);
    const char *w = json_is_string(v) ? json_string_value(v) : "";
    if (strcmp(w, "yes") == 0 || strcmp(w, "no") == 0 ||
        strcmp(w, "abstain") == 0) {
        /* a forced vote (issue 10); other strings are numbers ("1/3") */
        form = w[0] == 'y' ? VETO_I_BF_YES
               : w[0] == 'n' ? VETO_I_BF_NO
                             : VETO_I_BF_ABSTAIN;
        if (name == NULL) {
            mpq_clear(ab);
            return JERR(VETO_EINVAL, p,
                        "a forced vote is given to a player or a group, not "
                        "as the default belief");
        }
    } else if (json_is_object(v)) {
        /* {"yes": P, "abstain": Q}, either may be left out (issue 10) */
        const char *key;
        json_t *x;
        form = VETO_I_BF_VOTES;
        mpq_set_ui(q, 0, 1);
        json_object_foreach((json_t *)v, key, x)
        {
            jpath_t pk = *p;
            pk.s[pk.n].key = key;
            pk.n++;
            bool is_ab = strcmp(key, "abstain") == 0;
            if (!is_ab && strcmp(key, "yes") != 0) {
                mpq_clear(ab);
                return JERR(VETO_EINVAL, &pk,
                            "unknown key '%s' in a belief (expected yes or "
                            "abstain)",
                            key);
            }
            mpq_t *dst = is_ab ? &ab : (mpq_t *)&q[0];
            if ((rc = jnum(b, x, &pk, *dst, &kind, text, sizeof text)) !=
                    VETO_OK ||
                (rc = veto_i_check_prob(b, b->src, *dst,
                                        (veto_i_pos_t){0, 0, 0}, text,
                                        strlen(text))) != VETO_OK) {
                mpq_clear(ab);
                return rc == VETO_EINVAL ? relocate(b, rc, &pk) : rc;
            }
            has_ab = has_ab || is_ab;
        }
    } else {
        if ((rc = jnum(b, v, p, q, &kind, text, sizeof text)) != VETO_OK) {
            mpq_clear(ab);
            return rc;
        }
        if ((rc = veto_i_check_prob(b, b->src, q, (veto_i_pos_t){0, 0, 0},
                                    text, strlen(text))) != VETO_OK) {
            mpq_clear(ab);
            return relocate(b, rc, p);
        }
    }
    if (name != NULL) {
        size_t len = strlen(name);
        if (veto_i_names_find(&b->players, name, len) < 0 &&
            veto_i_names_find(&b->groups, name, len) < 0) {
            mpq_clear(ab);
            return JERR(VETO_EINVAL, p, "unknown player or group '%s'", name);
        }
    }
    rc = veto_i_build_belief3(b, scen, name, name != NULL ? strlen(name) : 0,
                              (veto_i_pos_t){0, 0, 0}, form, q, ab, has_ab);
    mpq_clear(ab);
    return rc;
}

/* {"default": NUM, "Name or group": NUM, ...}; default first. */
static veto_status belief_object(veto_i_build_t *b, veto_i_scen_src_t *scen,
                                 const json_t *obj, jpath_t base, mpq_t q)
{
    veto_status rc;
    const char *key;
    json_t *v;
    const json_t *def = json_object_get(obj, "default");
    if (def != NULL) {
        jpath_t p = base;
        p.s[p.n].key = "default";
        p.n++;
        if (scen != NULL) {
            return JERR(VETO_EINVAL, &p,
                        "a scenario has no \"default\": it starts from the "
                        "model's beliefs");
        }
        if ((rc = belief_entry(b, scen, NULL, def, &p, q)) != VETO_OK) {
            return rc;
        }
    }
    json_object_foreach((json_t *)obj, key, v)
    {
        if (strcmp(key, "default") == 0) {
            continue;
        }
        jpath_t p = base;
        p.s[p.n].key = key;
        p.n++;
        if ((rc = belief_entry(b, scen, key, v, &p, q)) != VETO_OK) {
            return rc;
        }
    }
    return VETO_OK;
}

/* A Beta parameter at p: a positive number (issue 11). */
static veto_status beta_num(veto_i_build_t *b, const json_t *obj,
                            const char *key, jpath_t p, mpq_t out)
{
    veto_status rc;
    veto_i_numkind kind;
    char text[64];
    const json_t *v = json_object_get(obj, key);
    if (v == NULL) {
        return JERR(VETO_EINVAL, &p,
                    "a Beta distribution needs \"a\" and \"b\"");
    }
    p.s[p.n].key = key;
    p.s[p.n].index = 0;
    p.n++;
    if ((rc = jnum(b, v, &p, out, &kind, text, sizeof text)) != VETO_OK) {
        return rc;
    }
    if (kind == VETO_I_NUM_PERCENT || mpq_sgn(out) <= 0) {
        return JERR(VETO_EINVAL, &p,
                    "a Beta parameter must be a positive number, found '%s'",
                    text);
    }
    return VETO_OK;
}

/* Keys of obj outside known[] are errors (what names the object). */
static veto_status only_keys(veto_i_build_t *b, const json_t *obj, jpath_t p,
                             const char *const *known, size_t nknown,
                             const char *what)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        bool ok = false;
        for (size_t k = 0; k < nknown; k++) {
            ok = ok || strcmp(key, known[k]) == 0;
        }
        if (!ok) {
            jpath_t pk = p;
            pk.s[pk.n].key = key;
            pk.s[pk.n].index = 0;
            pk.n++;
            pk.at_key = true;
            return JERR(VETO_EINVAL, &pk, "unknown key '%s' in %s", key, what);
        }
    }
    return VETO_OK;
}

/* "shared": {"a": A, "b": B} */
static veto_status shared_json(veto_i_build_t *b, const json_t *v)
{
    veto_status rc = VETO_OK;
    jpath_t p = path1("shared");
    static const char *const known[] = {"a", "b"};
    mpq_t a, bb;
    mpq_init(a);
    mpq_init(bb);
    if (!json_is_object(v)) {
        rc = JERR(VETO_EINVAL, &p,
                  "\"shared\" must be an object {\"a\": A, \"b\": B}");
        goto cleanup;
    }
    VETO_TRY(only_keys(b, v, p, known, 2, "\"shared\" (expected a, b)"));
    VETO_TRY(beta_num(b, v, "a", p, a));
    VETO_TRY(beta_num(b, v, "b", p, bb));
    veto_i_bloc_src_t *bl;
    VETO_TRY(veto_i_build_bloc(b, NULL, NULL, 0, jpos(b, &p), a, bb, &bl));
cleanup:
    mpq_clear(a);
    mpq_clear(bb);
    return rc;
}

/* "blocs": [{"name": N, "players": [..], "a": A, "b": B}, ...] at p. */
static veto_status blocs_json(veto_i_build_t *b, veto_i_scen_src_t *scen,
                              const json_t *v, jpath_t p)
{
    veto_status rc = VETO_OK;
    static const char *const known[] = {"name", "players", "a", "b"};
    mpq_t a, bb;
    mpq_init(a);
    mpq_init(bb);
    if (!json_is_array(v)) {
        rc = JERR(VETO_EINVAL, &p, "\"blocs\" must be an array of blocs");
        goto cleanup;
    }
    for (size_t k = 0; k < json_array_size(v); k++) {
        const json_t *o = json_array_get(v, k);
        jpath_t pk = p;
        pk.s[pk.n].key = NULL;
        pk.s[pk.n].index = k;
        pk.n++;
        if (!json_is_object(o)) {
            rc = JERR(VETO_EINVAL, &pk, "expected a bloc object, found %s",
                      type_name(o));
            goto cleanup;
        }
        VETO_TRY(only_keys(b, o, pk, known, 4,
                           "a bloc (expected name, players, a, b)"));
        const json_t *name = json_object_get(o, "name");
        const json_t *pl = json_object_get(o, "players");
        jpath_t pn = pk, pp = pk;
        pn.s[pn.n].key = "name";
        pn.n++;
        pp.s[pp.n].key = "players";
        pp.n++;
        if (name == NULL) {
            rc = JERR(VETO_EINVAL, &pk, "a bloc needs a \"name\"");
            goto cleanup;
        }
        VETO_TRY(jstring(b, name, &pn, "a bloc name"));
        if (json_string_length(name) == 0) {
            rc = JERR(VETO_EINVAL, &pn, "a bloc name cannot be empty");
            goto cleanup;
        }
        if (pl == NULL || !json_is_array(pl) || json_array_size(pl) == 0) {
            rc = JERR(VETO_EINVAL, pl == NULL ? &pk : &pp,
                      "a bloc needs \"players\", a non-empty array of "
                      "names");
            goto cleanup;
        }
        VETO_TRY(beta_num(b, o, "a", pk, a));
        VETO_TRY(beta_num(b, o, "b", pk, bb));
        veto_i_bloc_src_t *bl;
        VETO_TRY(veto_i_build_bloc(b, scen, json_string_value(name),
                                   json_string_length(name), jpos(b, &pk), a,
                                   bb, &bl));
        for (size_t j = 0; j < json_array_size(pl); j++) {
            const json_t *one = json_array_get(pl, j);
            jpath_t pj = pp;
            pj.s[pj.n].key = NULL;
            pj.s[pj.n].index = j;
            pj.n++;
            VETO_TRY(jstring(b, one, &pj, "a player or group name"));
            VETO_TRY(veto_i_build_bloc_member(b, bl, json_string_value(one),
                                              json_string_length(one),
                                              jpos(b, &pj)));
        }
    }
cleanup:
    mpq_clear(a);
    mpq_clear(bb);
    return rc;
}

static veto_status beliefs(veto_i_build_t *b, const json_t *root, mpq_t q)
{
    veto_status rc;
    const json_t *bel = json_object_get(root, "belief");
    if (bel != NULL) {
        jpath_t p = path1("belief");
        if (json_is_object(bel)) {
            if ((rc = belief_object(b, NULL, bel, p, q)) != VETO_OK) {
                return rc;
            }
        } else if ((rc = belief_entry(b, NULL, NULL, bel, &p, q)) != VETO_OK) {
            return rc;
        }
    }
    const json_t *sc = json_object_get(root, "scenarios");
    if (sc == NULL) {
        return VETO_OK;
    }
    if (!json_is_array(sc)) {
        jpath_t p = path1("scenarios");
        return JERR(VETO_EINVAL, &p, "expected an array of scenarios, found %s",
                    type_name(sc));
    }
    for (size_t i = 0; i < json_array_size(sc); i++) {
        const json_t *s = json_array_get(sc, i);
        jpath_t p = path2("scenarios", i);
        const char *key;
        json_t *v;
        if (!json_is_object(s)) {
            return JERR(VETO_EINVAL, &p, "expected a scenario object, found %s",
                        type_name(s));
        }
        json_object_foreach((json_t *)s, key, v)
        {
            if (strcmp(key, "name") != 0 && strcmp(key, "belief") != 0 &&
                strcmp(key, "weight") != 0 && strcmp(key, "blocs") != 0) {
                jpath_t pk = path3("scenarios", i, key);
                pk.at_key = true;
                return JERR(VETO_EINVAL, &pk,
                            "unknown key '%s' in a scenario (expected name, "
                            "weight, belief or blocs)",
                            key);
            }
        }
        const json_t *name = json_object_get(s, "name");
        jpath_t pn = path3("scenarios", i, "name");
        if (name == NULL) {
            return JERR(VETO_EINVAL, &p, "a scenario needs a \"name\"");
        }
        if ((rc = jstring(b, name, &pn, "a scenario name")) != VETO_OK) {
            return rc;
        }
        veto_i_scen_src_t *scen;
        rc = veto_i_build_scenario(b, json_string_value(name),
                                   json_string_length(name),
                                   (veto_i_pos_t){0, 0, 0}, &scen);
        if (rc != VETO_OK) {
            return relocate(b, rc, &pn);
        }
        const json_t *sw = json_object_get(s, "weight");
        if (sw != NULL) {
            jpath_t pw = path3("scenarios", i, "weight");
            veto_i_numkind kind;
            char text[64];
            if ((rc = jnum(b, sw, &pw, q, &kind, text, sizeof text)) !=
                VETO_OK) {
                return rc;
            }
            if ((rc = veto_i_check_prob(b, b->src, q, (veto_i_pos_t){0, 0, 0},
                                        text, strlen(text))) != VETO_OK) {
                return relocate(b, rc, &pw);
            }
            if ((rc = veto_i_build_scen_weight(b, scen, q, jpos(b, &pw))) !=
                VETO_OK) {
                return rc;
            }
        }
        const json_t *sbl = json_object_get(s, "blocs");
        if (sbl != NULL &&
            (rc = blocs_json(b, scen, sbl, path3("scenarios", i, "blocs"))) !=
                VETO_OK) {
            return rc;
        }
        const json_t *sb = json_object_get(s, "belief");
        if (sb == NULL) {
            continue;
        }
        jpath_t pb = path3("scenarios", i, "belief");
        if (!json_is_object(sb)) {
            return JERR(VETO_EINVAL, &pb,
                        "expected an object of beliefs, found %s",
                        type_name(sb));
        }
        if ((rc = belief_object(b, scen, sb, pb, q)) != VETO_OK) {
            return rc;
        }
    }
    return VETO_OK;
}

/* Nesting deeper than max_depth is refused before jansson sees it. */
static veto_status depth_scan(veto_i_build_t *b)
{
    const char *s = b->src->text;
    size_t n = b->src->len, depth = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"') {
            i = skip_string(s, n, i) - 1;
        } else if (c == '{' || c == '[') {
            if (++depth > b->lim.max_depth) {
                veto_i_src_error(b->src, b->err, VETO_ELIMIT,
                                 veto_i_src_pos(b->src, i),
                                 "JSON nested deeper than %zu levels "
                                 "(max_depth)",
                                 b->lim.max_depth);
                veto_i_error_hint_code(b->err, VETO_HINT_RAISE_LIMIT, "max_depth", NULL, NULL);
                return VETO_ELIMIT;
            }
        } else if ((c == '}' || c == ']') && depth > 0) {
            depth--;
        }
    }
    return VETO_OK;
}

/* "unions": [["UK", "USA"], ["China", "Russia"]]: names of players or
 * groups, as `unions { ... }` in the language (issue 12). */
static veto_status unions(veto_i_build_t *b, const json_t *v)
{
    veto_status rc = VETO_OK;
    veto_i_unions_src_t u;
    memset(&u, 0, sizeof u);
    jpath_t p = path1("unions");
    if (!json_is_array(v)) {
        return JERR(VETO_EINVAL, &p, "\"unions\" must be an array of arrays "
                                     "of names");
    }
    u.line = jpos(b, &p).line + 1;
    u.nunions = json_array_size(v);
    for (size_t k = 0; k < u.nunions; k++) {
        const json_t *one = json_array_get(v, k);
        jpath_t pk = path2("unions", k);
        if (!json_is_array(one) || json_array_size(one) == 0) {
            rc = JERR(VETO_EINVAL, &pk, "a union must be a non-empty array "
                                        "of names");
            goto cleanup;
        }
        for (size_t j = 0; j < json_array_size(one); j++) {
            const json_t *name = json_array_get(one, j);
            if (!json_is_string(name)) {
                rc = JERR(VETO_EINVAL, &pk, "a union must be a non-empty "
                                            "array of names");
                goto cleanup;
            }
            veto_i_unionref_t *nr =
                veto_i_realloc(u.ref, (u.n + 1) * sizeof *nr);
            if (nr == NULL) {
                rc = veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
                goto cleanup;
            }
            u.ref = nr;
            u.ref[u.n].name = veto_i_strndup(json_string_value(name),
                                             json_string_length(name));
            if (u.ref[u.n].name == NULL) {
                rc = veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
                goto cleanup;
            }
            u.ref[u.n].pos = jpos(b, &pk);
            u.ref[u.n].which = k;
            u.n++;
        }
    }
    rc = veto_i_build_unions(b, b->src, &u);
cleanup:
    for (size_t k = 0; k < u.n; k++) {
        veto_i_free(u.ref[k].name);
    }
    veto_i_free(u.ref);
    return rc;
}

veto_status veto_i_read_json(veto_i_build_t *b)
{
    veto_status rc = VETO_OK;
    json_t *root = NULL;
    json_error_t je;
    veto_model_t *m = b->m;
    mpq_t q;
    mpq_init(q);

    VETO_TRY(depth_scan(b));
    uint64_t failed_before = veto_i_alloc_failures();
    root = json_loadb(b->src->text, b->src->len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL) {
        /* jansson reports its own allocation failures as load errors: with
         * json_error_out_of_memory, with no message when its lexer cannot
         * start, or as a syntax error when a string cannot grow (jansson
         * 2.14 load.c). Out of memory, not a fault of the input: told by
         * the code, the empty message, or (when jansson allocates through
         * veto's allocator, as in the out-of-memory test) a failure
         * counted during the load. */
        if (json_error_code(&je) == json_error_out_of_memory ||
            je.text[0] == '\0' || veto_i_alloc_failures() != failed_before) {
            rc = veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        size_t off = je.position > 0 ? (size_t)je.position - 1 : 0;
        if ((size_t)je.position >= b->src->len) {
            off = b->src->len;
        }
        /* jansson names its own flag for this one; say it in our terms. */
        const char *msg = strstr(je.text, "JSON_ALLOW_NUL") != NULL
                              ? "a JSON string cannot contain \\u0000 (a NUL "
                                "character)"
                              : je.text;
        rc = veto_i_src_error(b->src, b->err, VETO_EPARSE,
                              veto_i_src_pos(b->src, off), "%s", msg);
        goto cleanup;
    }
    if (!json_is_object(root)) {
        rc = veto_i_src_error(b->src, b->err, VETO_EPARSE,
                              veto_i_src_pos(b->src, 0),
                              "expected a JSON object at the top level");
        goto cleanup;
    }
    const char *key;
    json_t *v;
    static const char *const known[] = {"title",   "source",    "note",
                                        "players", "pass_when", "quota",
                                        "belief",  "scenarios", "include",
                                        "unions",  "shared",    "blocs",
                                        "votes"};
    json_object_foreach(root, key, v)
    {
        bool ok = false;
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) {
            ok = ok || strcmp(key, known[k]) == 0;
        }
        if (!ok) {
            jpath_t p = path1(key);
            p.at_key = true;
            rc = JERR(VETO_EINVAL, &p,
                      "unknown key '%s' (expected title, source, note, "
                      "include, players, pass_when, quota, belief, "
                      "shared, blocs, scenarios, unions or votes)",
                      key);
            goto cleanup;
        }
    }
    if ((v = json_object_get(root, "title")) != NULL) {
        jpath_t p = path1("title");
        VETO_TRY(jstring(b, v, &p, "a title"));
        m->title = veto_i_strndup(json_string_value(v), json_string_length(v));
        if (m->title == NULL) {
            rc = veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
    if ((v = json_object_get(root, "source")) != NULL) {
        VETO_TRY(string_list(b, v, "source", &m->sources, &m->nsources));
    }
    if ((v = json_object_get(root, "note")) != NULL) {
        VETO_TRY(string_list(b, v, "note", &m->notes, &m->nnotes));
    }
    if ((v = json_object_get(root, "include")) != NULL) {
        VETO_TRY(includes(b, v));
    }
    if ((v = json_object_get(root, "votes")) != NULL) {
        /* issue 10: exactly ["yes", "abstain", "no"] */
        jpath_t p = path1("votes");
        bool ok = json_is_array(v) && json_array_size(v) == 3;
        static const char *const words[] = {"yes", "abstain", "no"};
        for (size_t k = 0; ok && k < 3; k++) {
            const json_t *w = json_array_get(v, k);
            ok = json_is_string(w) && strcmp(json_string_value(w), words[k]) == 0;
        }
        if (!ok) {
            rc = JERR(VETO_EINVAL, &p,
                      "\"votes\" must be [\"yes\", \"abstain\", \"no\"]");
            goto cleanup;
        }
        m->ternary = true;
    }
    const json_t *players = json_object_get(root, "players");
    if (players == NULL && b->players.n > 0) {
        /* every player came from the included files */
    } else if (players == NULL) {
        rc = veto_i_build_error(b, VETO_EINVAL, (veto_i_pos_t){0, 0, 0},
                                "missing \"players\"");
        goto cleanup;
    }
    if (players != NULL &&
        (!json_is_array(players) || json_array_size(players) == 0)) {
        jpath_t p = path1("players");
        rc = JERR(VETO_EINVAL, &p, "\"players\" must be a non-empty array");
        goto cleanup;
    }
    for (size_t i = 0; players != NULL && i < json_array_size(players); i++) {
        VETO_TRY(player(b, json_array_get(players, i), i, q));
    }
    VETO_TRY(veto_i_build_finish_players(b));
    VETO_TRY(rule(b, root, q));
    VETO_TRY(beliefs(b, root, q));
    if ((v = json_object_get(root, "unions")) != NULL) {
        VETO_TRY(unions(b, v));
    }
    if ((v = json_object_get(root, "shared")) != NULL) {
        VETO_TRY(shared_json(b, v));
    }
    if ((v = json_object_get(root, "blocs")) != NULL) {
        VETO_TRY(blocs_json(b, NULL, v, path1("blocs")));
    }
    VETO_TRY(veto_i_build_finish_beliefs(b));
    VETO_TRY(veto_i_build_finish_blocs(b));
cleanup:
    json_decref(root);
    mpq_clear(q);
    return rc;
}
