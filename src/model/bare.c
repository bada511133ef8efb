/*
 * bare.c: a bare weighted game: a quota, then the weights, separated by
 * whitespace, with '#' comments. A weight may be named, `Name:weight`;
 * unnamed players are P1..Pn by position. Linear in the input: names go
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

/* The next whitespace-separated word: *start, *len, *pos; false at the
 * end. */
static bool next_word(cursor_t *c, size_t *start, size_t *len,
                      veto_i_pos_t *pos)
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
    mpq_t quota;
    mpq_init(quota);

    if (!next_word(&c, &start, &len, &qpos)) {
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
    while (next_word(&c, &start, &len, &pos)) {
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
        if (!whole_number(b, num, numlen, &kind, &digits) ||
            kind == VETO_I_NUM_PERCENT || kind == VETO_I_NUM_FRACTION) {
            rc = veto_i_src_error(src, b->err, VETO_EPARSE, npos,
                                  "expected a weight (a number, or "
                                  "Name:number), found '%.*s'",
                                  (int)(numlen > 40 ? 40 : numlen), num);
            goto cleanup;
        }
        if (digits > b->lim.max_number_digits) {
            rc = veto_i_digits_error(b, src, npos, digits);
            goto cleanup;
        }
        if (num[0] == '-') {
            rc = veto_i_src_error(src, b->err, VETO_EINVAL, npos,
                                  "negative weight '%.*s'", (int)numlen, num);
            goto cleanup;
        }
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
            char gen[32];
            int glen = snprintf(gen, sizeof gen, "P%zu", b->players.n + 1);
            VETO_TRY(veto_i_build_player(b, gen, (size_t)glen, pos));
        }
        if (nw == cw) {
            size_t ncw = cw == 0 ? 1024 : cw * 2;
            size_t *nwo = veto_i_reallocarray(woff, ncw, sizeof *nwo);
            if (nwo == NULL) {
                rc = veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
                goto cleanup;
            }
            woff = nwo;
            cw = ncw;
        }
        woff[nw++] = npos.off;
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
