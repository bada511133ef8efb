/*
 * bare.c: a bare weighted game: a quota, then the weights, separated by
 * whitespace, with '#' comments. A weight may be named, `Name:weight`;
 * unnamed players are P1..Pn by position. Or the same game in bracket
 * notation, as `veto check` prints its weighted form: `[6; 4, 3, 2, 1]` or
 * `[39; China 7, "Côte d'Ivoire" 1, ...]`. Linear in the input: names go
 * through the builder's hash index, and the weights are read straight into
 * the model's attribute table in a second pass over recorded offsets.
 */
#include "model_i.h"

#include <stdio.h>
#include <string.h>

typedef struct cursor {
    const veto_i_src_t *src;
    size_t i;
    unsigned line;
    size_t line_start;
} cursor_t;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
           c == '\v';
}

/* Skip white space and '#' comments, counting lines; *pos is where the
 * next token starts, or the end of the source (then false). Both syntaxes
 * read their tokens after it. */
static bool skip_blank(cursor_t *c, veto_i_pos_t *pos)
{
    const char *s = c->src->text;
    size_t n = c->src->len;
    for (;;) {
        while (c->i < n && is_space(s[c->i])) {
            if (s[c->i] == '\n') {
                c->line++;
                c->line_start = c->i + 1;
            }
            c->i++;
        }
        if (c->i < n && s[c->i] == '#') {
            while (c->i < n && s[c->i] != '\n') {
                c->i++;
            }
            continue;
        }
        break;
    }
    pos->off = c->i;
    pos->line = c->line;
    pos->col = (unsigned)(c->i - c->line_start + 1);
    if (c->i >= n) {
        *pos = veto_i_src_eof(c->src);
        return false;
    }
    return true;
}

/* The next whitespace-separated word: *start, *len, *pos; false at the
 * end. */
static bool next_word(cursor_t *c, size_t *start, size_t *len,
                      veto_i_pos_t *pos)
{
    const char *s = c->src->text;
    size_t n = c->src->len;
    if (!skip_blank(c, pos)) {
        return false;
    }
    *start = c->i;
    while (c->i < n && !is_space(s[c->i]) && s[c->i] != '#') {
        c->i++;
    }
    *len = c->i - *start;
    return true;
}

/* Does w[0..len) read as one number literal? */
static bool whole_number(veto_i_build_t *b, const char *w, size_t len,
                         veto_i_numkind *kind, size_t *digits)
{
    (void)b;
    return len > 0 && veto_i_num_scan(w, len, kind, digits) == len;
}

/* ---- bracket notation ------------------------------------------------ */

typedef enum btok { B_END, B_OPEN, B_CLOSE, B_SEMI, B_COMMA, B_NUMBER,
                    B_NAME, B_STRING } btok;

/* The next token of the bracket notation after white space and comments:
 * its kind, start and length (for B_STRING the quoted text, quotes
 * included). */
static btok next_btok(cursor_t *c, size_t *start, size_t *len,
                      veto_i_pos_t *pos)
{
    const char *s = c->src->text;
    size_t n = c->src->len;
    *len = 0;
    if (!skip_blank(c, pos)) {
        *start = c->i;
        return B_END;
    }
    *start = c->i;
    *len = 1;
    char ch = s[c->i];
    switch (ch) {
    case '[':
        c->i++;
        return B_OPEN;
    case ']':
        c->i++;
        return B_CLOSE;
    case ';':
        c->i++;
        return B_SEMI;
    case ',':
        c->i++;
        return B_COMMA;
    case '"': {
        size_t k = c->i + 1;
        while (k < n && s[k] != '"' && s[k] != '\n') {
            k += (s[k] == '\\' && k + 1 < n && s[k + 1] != '\n') ? 2 : 1;
        }
        /* an unterminated string ends at the line end: *len says where */
        *len = (k < n && s[k] == '"' ? k + 1 : k) - c->i;
        c->i += *len;
        return B_STRING;
    }
    default:
        break;
    }
    size_t k = c->i;
    while (k < n && !is_space(s[k]) && s[k] != '#' && s[k] != '[' &&
           s[k] != ']' && s[k] != ';' && s[k] != ',' && s[k] != '"') {
        k++;
    }
    *len = k - c->i;
    c->i = k;
    return (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' ? B_NUMBER
                                                             : B_NAME;
}

static const char *btok_what(btok t)
{
    switch (t) {
    case B_END:
        return "end of file";
    case B_OPEN:
        return "'['";
    case B_CLOSE:
        return "']'";
    case B_SEMI:
        return "';'";
    case B_COMMA:
        return "','";
    case B_NUMBER:
        return "a number";
    case B_NAME:
        return "a name";
    case B_STRING:
        return "a quoted name";
    }
    return "?";
}

/* Decode the quoted string s[0..len) (quotes included) into *out (a
 * veto_i_malloc'd string, *outlen bytes). Errors with the position. */
static veto_status unquote(veto_i_build_t *b, const char *s, size_t len,
                           veto_i_pos_t pos, char **out, size_t *outlen)
{
    const veto_i_src_t *src = b->src;
    if (len < 2 || s[len - 1] != '"') {
        veto_i_pos_t end = pos;
        end.off += len;
        end.col += (unsigned)len;
        return veto_i_src_error(src, b->err, VETO_EPARSE, end,
                                "expected '\"' to end the name");
    }
    char *d = veto_i_malloc(len);
    if (d == NULL) {
        return veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
    }
    size_t o = 0;
    for (size_t k = 1; k + 1 < len; k++) {
        if (s[k] != '\\') {
            d[o++] = s[k];
            continue;
        }
        char e = s[++k];
        if (e == '"' || e == '\\') {
            d[o++] = e;
        } else if (e == 'n') {
            d[o++] = '\n';
        } else if (e == 't') {
            d[o++] = '\t';
        } else {
            veto_i_pos_t ep = pos;
            ep.off += k - 1;
            ep.col += (unsigned)(k - 1);
            veto_i_free(d);
            return veto_i_src_error(src, b->err, VETO_EPARSE, ep,
                                    "unknown escape '\\%c' (use \\\" \\\\ "
                                    "\\n or \\t)",
                                    e);
        }
    }
    d[o] = '\0';
    size_t bad;
    if (!veto_i_utf8_valid(d, o, &bad)) {
        veto_i_free(d);
        return veto_i_src_error(src, b->err, VETO_EPARSE, pos,
                                "invalid UTF-8 in name");
    }
    *out = d;
    *outlen = o;
    return VETO_OK;
}

/* A weight's literal: a non-negative integer or decimal. */
static veto_status check_weight(veto_i_build_t *b, const char *num,
                                size_t numlen, veto_i_pos_t npos,
                                const char *expect)
{
    const veto_i_src_t *src = b->src;
    veto_i_numkind kind;
    size_t digits;
    if (!whole_number(b, num, numlen, &kind, &digits) ||
        kind == VETO_I_NUM_PERCENT || kind == VETO_I_NUM_FRACTION) {
        return veto_i_src_error(src, b->err, VETO_EPARSE, npos,
                                "expected %s, found '%.*s'", expect,
                                (int)(numlen > 40 ? 40 : numlen), num);
    }
    if (digits > b->lim.max_number_digits) {
        return veto_i_digits_error(b, src, npos, digits);
    }
    if (num[0] == '-') {
        return veto_i_src_error(src, b->err, VETO_EINVAL, npos,
                                "negative weight '%.*s'", (int)numlen, num);
    }
    return VETO_OK;
}

/* Remember where weight number nw starts. */
static bool push_off(size_t **woff, size_t *nw, size_t *cw, size_t off)
{
    if (*nw == *cw) {
        size_t ncw = *cw == 0 ? 1024 : *cw * 2;
        size_t *nwo = veto_i_reallocarray(*woff, ncw, sizeof *nwo);
        if (nwo == NULL) {
            return false;
        }
        *woff = nwo;
        *cw = ncw;
    }
    (*woff)[(*nw)++] = off;
    return true;
}

static veto_status unnamed_player(veto_i_build_t *b, veto_i_pos_t pos)
{
    char gen[32];
    int glen = snprintf(gen, sizeof gen, "P%zu", b->players.n + 1);
    return veto_i_build_player(b, gen, (size_t)glen, pos);
}

/* The weights of the bracket notation, after the quota: "; ITEM (, ITEM)*
 * ]" then the end of the input, ITEM being WEIGHT or NAME WEIGHT. */
static veto_status bracket_weights(veto_i_build_t *b, cursor_t *c,
                                   size_t **woff, size_t *nw, size_t *cw)
{
    veto_status rc = VETO_OK;
    const char *s = b->src->text;
    const veto_i_src_t *src = b->src;
    size_t start, len;
    veto_i_pos_t pos;
    btok t = next_btok(c, &start, &len, &pos);
    if (t != B_SEMI) {
        return veto_i_src_error(src, b->err, VETO_EPARSE, pos,
                                "expected ';' after the quota, found %s",
                                btok_what(t));
    }
    for (;;) {
        t = next_btok(c, &start, &len, &pos);
        veto_i_pos_t ppos = pos;
        if (t == B_NAME || t == B_STRING) {
            char *name = NULL;
            size_t nlen = len;
            if (t == B_STRING) {
                VETO_TRY(unquote(b, s + start, len, pos, &name, &nlen));
            } else {
                size_t bad;
                if (!veto_i_utf8_valid(s + start, len, &bad)) {
                    veto_i_pos_t bp = pos;
                    bp.off += bad;
                    bp.col += (unsigned)bad;
                    return veto_i_src_error(src, b->err, VETO_EPARSE, bp,
                                            "invalid UTF-8 in name");
                }
            }
            rc = veto_i_build_player(b, name != NULL ? name : s + start, nlen,
                                     ppos);
            veto_i_free(name);
            if (rc != VETO_OK) {
                return rc;
            }
            t = next_btok(c, &start, &len, &pos);
            if (t != B_NUMBER) {
                return veto_i_src_error(src, b->err, VETO_EPARSE, pos,
                                        "expected the weight of '%s', "
                                        "found %s",
                                        b->players.name[b->players.n - 1],
                                        btok_what(t));
            }
        } else if (t == B_NUMBER) {
            VETO_TRY(unnamed_player(b, pos));
        } else {
            return veto_i_src_error(src, b->err, VETO_EPARSE, pos,
                                    "expected a weight or a name and a "
                                    "weight, found %s",
                                    btok_what(t));
        }
        VETO_TRY(check_weight(b, s + start, len, pos, "a weight (a number)"));
        if (!push_off(woff, nw, cw, start)) {
            return veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
        }
        t = next_btok(c, &start, &len, &pos);
        if (t == B_CLOSE) {
            break;
        }
        if (t != B_COMMA) {
            return veto_i_src_error(src, b->err, VETO_EPARSE, pos,
                                    "expected ',' or ']', found %s",
                                    btok_what(t));
        }
    }
    t = next_btok(c, &start, &len, &pos);
    if (t != B_END) {
        return veto_i_src_error(src, b->err, VETO_EPARSE, pos,
                                "expected the end of the game after ']', "
                                "found %s",
                                btok_what(t));
    }
cleanup:
    return rc;
}

veto_status veto_i_read_bare(veto_i_build_t *b)
{
    veto_status rc = VETO_OK;
    const veto_i_src_t *src = b->src;
    const char *s = src->text;
    cursor_t c = {src, 0, 1, 0};
    size_t start, len, digits;
    veto_i_pos_t pos, qpos;
    veto_i_numkind kind;
    size_t *woff = NULL; /* offset of each weight's number */
    size_t nw = 0, cw = 0;
    veto_i_expr_t *rule = NULL;
    bool bracket = false;
    mpq_t quota;
    mpq_init(quota);

    cursor_t peek = c;
    if (next_btok(&peek, &start, &len, &pos) == B_OPEN) {
        bracket = true;
        c = peek;
        btok t = next_btok(&c, &start, &len, &qpos);
        if (t != B_NUMBER) {
            rc = veto_i_src_error(src, b->err, VETO_EPARSE, qpos,
                                  "expected a quota after '[', found %s",
                                  btok_what(t));
            goto cleanup;
        }
    } else if (!next_word(&c, &start, &len, &qpos)) {
        rc = veto_i_src_error(src, b->err, VETO_EPARSE, qpos,
                              "expected a quota, found end of file");
        goto cleanup;
    }
    if (!whole_number(b, s + start, len, &kind, &digits)) {
        rc = veto_i_src_error(src, b->err, VETO_EPARSE, qpos,
                              "expected a quota (a number, a percentage or "
                              "a fraction), found '%.*s'",
                              (int)(len > 40 ? 40 : len), s + start);
        goto cleanup;
    }
    if (digits > b->lim.max_number_digits) {
        rc = veto_i_digits_error(b, src, qpos, digits);
        goto cleanup;
    }
    int r = veto_i_num_value(quota, s + start, len);
    if (r < 0) {
        rc = veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (r > 0) {
        rc =
            veto_i_src_error(src, b->err, VETO_EINVAL, qpos,
                             "division by zero in '%.*s'", (int)len, s + start);
        goto cleanup;
    }
    if (mpq_sgn(quota) < 0) {
        rc = veto_i_src_error(src, b->err, VETO_EINVAL, qpos,
                              "the quota cannot be negative: '%.*s'", (int)len,
                              s + start);
        goto cleanup;
    }
    bool relative = kind == VETO_I_NUM_PERCENT || kind == VETO_I_NUM_FRACTION;
    if (relative && mpz_cmp(mpq_numref(quota), mpq_denref(quota)) > 0) {
        rc = veto_i_src_error(src, b->err, VETO_EINVAL, qpos,
                              "percentage over 100%%: '%.*s'", (int)len,
                              s + start);
        goto cleanup;
    }

    size_t attr;
    VETO_TRY(veto_i_build_attr(b, "weight", 6, qpos, &attr));
    if (bracket) {
        VETO_TRY(bracket_weights(b, &c, &woff, &nw, &cw));
    }
    while (!bracket && next_word(&c, &start, &len, &pos)) {
        const char *w = s + start;
        const char *colon = NULL;
        for (size_t k = len; k > 0; k--) {
            if (w[k - 1] == ':') {
                colon = w + k - 1;
                break;
            }
        }
        const char *num = colon != NULL ? colon + 1 : w;
        size_t numlen = len - (size_t)(num - w);
        veto_i_pos_t npos = pos;
        npos.off += (size_t)(num - w);
        npos.col += (unsigned)(num - w);
        VETO_TRY(check_weight(b, num, numlen, npos,
                              "a weight (a number, or Name:number)"));
        if (colon != NULL) {
            size_t bad;
            size_t nlen = (size_t)(colon - w);
            if (!veto_i_utf8_valid(w, nlen, &bad)) {
                veto_i_pos_t bp = pos;
                bp.off += bad;
                bp.col += (unsigned)bad;
                rc = veto_i_src_error(src, b->err, VETO_EPARSE, bp,
                                      "invalid UTF-8 in name");
                goto cleanup;
            }
            VETO_TRY(veto_i_build_player(b, w, nlen, pos));
        } else {
            VETO_TRY(unnamed_player(b, pos));
        }
        if (!push_off(&woff, &nw, &cw, npos.off)) {
            rc = veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
    if (nw == 0) {
        rc = veto_i_src_error(src, b->err, VETO_EPARSE, pos,
                              "expected a weight after the quota, found end "
                              "of file");
        goto cleanup;
    }
    VETO_TRY(veto_i_build_finish_players(b));
    veto_model_t *m = b->m;
    for (size_t i = 0; i < nw; i++) {
        size_t wlen =
            veto_i_num_scan(s + woff[i], src->len - woff[i], &kind, &digits);
        if (veto_i_num_value(m->attr[i], s + woff[i], wlen) < 0) {
            rc = veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        m->attr_set[i] = true;
    }
    rule = veto_i_expr_new(VETO_I_E_TERM, qpos);
    if (rule == NULL) {
        rc = veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    rule->attr = (long)attr;
    rule->group = -1;
    rule->relative = relative;
    mpq_set(rule->rhs, quota);
    m->rule = rule;
    rule = NULL;
    m->rule_line = qpos.line;
    m->rule_col = qpos.col;
    VETO_TRY(veto_i_build_finish_beliefs(b));
cleanup:
    veto_i_expr_free(rule);
    veto_i_free(woff);
    mpq_clear(quota);
    return rc;
}
