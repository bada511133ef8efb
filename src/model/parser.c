/*
 * parser.c: the .veto language: lexer and parser. The expression parser
 * keeps its own stack of frames on the heap (one per open parenthesis or
 * `K of` list) and never recurses, so nesting is bounded by max_depth
 * alone, not by the C stack.
 */
#include "model_i.h"

#include <limits.h>
#include "../base/distance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum tkind {
    T_EOF,
    T_NL,
    T_IDENT,
    T_STRING,
    T_NUMBER,
    T_LBRACE,
    T_RBRACE,
    T_LPAREN,
    T_RPAREN,
    T_LBRACK,
    T_RBRACK,
    T_COMMA,
    T_EQ,
    T_GE,
    T_GT
} tkind;

typedef enum kw {
    KW_NONE,
    KW_AND,
    KW_OR,
    KW_OF,
    KW_ALL,
    KW_ANY,
    KW_COUNT,
    KW_PASS,
    KW_WHEN,
    KW_PLAYERS,
    KW_BELIEF,
    KW_SCENARIO,
    KW_TITLE,
    KW_SOURCE,
    KW_NOTE
} kw;

static const char *const kw_names[] = {
    "",     "and",     "or",     "of",       "all",   "any",    "count", "pass",
    "when", "players", "belief", "scenario", "title", "source", "note"};

typedef struct token {
    tkind kind;
    kw kw;
    veto_i_numkind num;
    veto_i_pos_t pos;
    size_t len; /* raw length in the source */
    char *s;    /* T_STRING: decoded, NUL-terminated */
    size_t slen, scap;
} token_t;

typedef struct parser {
    veto_i_build_t *b;
    const veto_i_src_t *src;
    size_t i; /* lexer offset */
    unsigned line;
    size_t line_start;
    token_t tok, nxt;
    bool skip_nl;
    mpq_t q;
    /* the first `at least abstain` or `of voting` (line 0: none), refused
     * once the file is read if it declares no three-valued votes */
    veto_i_pos_t ternary_at;
    const char *ternary_what;
} parser_t;

#define ERR(code, pos, ...)                                                    \
    veto_i_src_error(P->src, P->b->err, (code), (pos), __VA_ARGS__)

/* ---------------------------------------------------------------------- */
/* Lexer                                                                   */

static veto_i_pos_t here(const parser_t *P)
{
    veto_i_pos_t p = {P->i, P->line, (unsigned)(P->i - P->line_start + 1)};
    return p;
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_ident(char c)
{
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.';
}

bool veto_i_name_is_bare(const char *name)
{
    if (!is_alpha(name[0])) {
        return false;
    }
    size_t len = 1;
    while (name[len] != '\0') {
        if (!is_ident(name[len])) {
            return false;
        }
        len++;
    }
    for (size_t k = 1; k < sizeof kw_names / sizeof kw_names[0]; k++) {
        if (strcmp(kw_names[k], name) == 0) {
            return false;
        }
    }
    return true;
}

void veto_i_buf_name(veto_i_buf_t *b, const char *name)
{
    if (veto_i_name_is_bare(name)) {
        veto_i_buf_printf(b, "%s", name);
        return;
    }
    veto_i_buf_quoted(b, name);
}

void veto_i_buf_quoted(veto_i_buf_t *b, const char *name)
{
    veto_i_buf_printf(b, "\"");
    for (const char *c = name; *c != '\0'; c++) {
        switch (*c) {
        case '"':
            veto_i_buf_printf(b, "\\\"");
            break;
        case '\\':
            veto_i_buf_printf(b, "\\\\");
            break;
        case '\n':
            veto_i_buf_printf(b, "\\n");
            break;
        case '\t':
            veto_i_buf_printf(b, "\\t");
            break;
        default:
            veto_i_buf_printf(b, "%c", *c);
            break;
        }
    }
    veto_i_buf_printf(b, "\"");
}

static bool sbuf_put(token_t *t, char c)
{
    if (t->slen + 1 >= t->scap) {
        size_t ncap = t->scap == 0 ? 64 : t->scap * 2;
        char *ns = veto_i_realloc(t->s, ncap);
        if (ns == NULL) {
            return false;
        }
        t->s = ns;
        t->scap = ncap;
    }
    t->s[t->slen++] = c;
    t->s[t->slen] = '\0';
    return true;
}

static veto_status lex_string(parser_t *P, token_t *t)
{
    const char *s = P->src->text;
    size_t len = P->src->len;
    size_t start = P->i;
    t->slen = 0;
    if (!sbuf_put(t, '\0')) {
        return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
    }
    t->slen = 0;
    P->i++; /* opening quote */
    for (;;) {
        if (P->i >= len) {
            return ERR(VETO_EPARSE, here(P),
                       "expected '\"' to end the string, found end of file");
        }
        char c = s[P->i];
        if (c == '"') {
            P->i++;
            break;
        }
        if (c == '\n' || (c == '\r' && P->i + 1 < len && s[P->i + 1] == '\n')) {
            return ERR(VETO_EPARSE, here(P),
                       "expected '\"' to end the string, found newline");
        }
        if (c == '\\') {
            char e = P->i + 1 < len ? s[P->i + 1] : '\0';
            char d;
            switch (e) {
            case '"':
                d = '"';
                break;
            case '\\':
                d = '\\';
                break;
            case 'n':
                d = '\n';
                break;
            case 't':
                d = '\t';
                break;
            default:
                return ERR(VETO_EPARSE, here(P),
                           "unknown escape in string: expected \\\", \\\\, "
                           "\\n or \\t");
            }
            if (!sbuf_put(t, d)) {
                return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
            }
            P->i += 2;
            continue;
        }
        if ((unsigned char)c >= 0x80) {
            size_t run = P->i;
            while (run < len && (unsigned char)s[run] >= 0x80) {
                run++;
            }
            size_t bad;
            if (!veto_i_utf8_valid(s + P->i, run - P->i, &bad)) {
                P->i += bad;
                return ERR(VETO_EPARSE, here(P), "invalid UTF-8 in string");
            }
            for (; P->i < run; P->i++) {
                if (!sbuf_put(t, s[P->i])) {
                    return veto_i_errorf(P->b->err, VETO_ENOMEM,
                                         "out of memory");
                }
            }
            continue;
        }
        if (!sbuf_put(t, c)) {
            return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
        }
        P->i++;
    }
    t->kind = T_STRING;
    t->len = P->i - start;
    return VETO_OK;
}

static veto_status lex(parser_t *P, token_t *t)
{
    const char *s = P->src->text;
    size_t len = P->src->len;
    for (;;) {
        if (P->i >= len) {
            t->kind = T_EOF;
            t->pos = veto_i_src_eof(P->src);
            t->len = 0;
            return VETO_OK;
        }
        char c = s[P->i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            P->i++;
        } else if (c == '#') {
            while (P->i < len && s[P->i] != '\n') {
                P->i++;
            }
        } else {
            break;
        }
    }
    t->pos = here(P);
    t->kw = KW_NONE;
    char c = s[P->i];
    size_t start = P->i;
    if (c == '\n') {
        t->kind = T_NL;
        t->len = 1;
        P->i++;
        P->line++;
        P->line_start = P->i;
        return VETO_OK;
    }
    if (c == '"') {
        return lex_string(P, t);
    }
    if (is_alpha(c)) {
        while (P->i < len && is_ident(s[P->i])) {
            P->i++;
        }
        t->kind = T_IDENT;
        t->len = P->i - start;
        for (int k = 1; k < (int)(sizeof kw_names / sizeof kw_names[0]); k++) {
            if (strlen(kw_names[k]) == t->len &&
                memcmp(kw_names[k], s + start, t->len) == 0) {
                t->kw = (kw)k;
                break;
            }
        }
        return VETO_OK;
    }
    size_t digits;
    size_t n = veto_i_num_scan(s + start, len - start, &t->num, &digits);
    if (n > 0) {
        P->i += n;
        if (P->i < len &&
            (is_ident(s[P->i]) || s[P->i] == '/' || s[P->i] == '%')) {
            size_t end = P->i;
            while (end < len &&
                   (is_ident(s[end]) || s[end] == '/' || s[end] == '%')) {
                end++;
            }
            return ERR(VETO_EPARSE, t->pos, "malformed number '%.*s'",
                       (int)(end - start), s + start);
        }
        if (digits > P->b->lim.max_number_digits) {
            return veto_i_digits_error(P->b, P->src, t->pos, digits);
        }
        t->kind = T_NUMBER;
        t->len = n;
        return VETO_OK;
    }
    P->i++;
    t->len = 1;
    switch (c) {
    case '{':
        t->kind = T_LBRACE;
        return VETO_OK;
    case '}':
        t->kind = T_RBRACE;
        return VETO_OK;
    case '(':
        t->kind = T_LPAREN;
        return VETO_OK;
    case ')':
        t->kind = T_RPAREN;
        return VETO_OK;
    case '[':
        t->kind = T_LBRACK;
        return VETO_OK;
    case ']':
        t->kind = T_RBRACK;
        return VETO_OK;
    case ',':
        t->kind = T_COMMA;
        return VETO_OK;
    case '=':
        t->kind = T_EQ;
        return VETO_OK;
    case '>':
        if (P->i < len && s[P->i] == '=') {
            P->i++;
            t->kind = T_GE;
            t->len = 2;
        } else {
            t->kind = T_GT;
        }
        return VETO_OK;
    default:
        break;
    }
    if ((unsigned char)c >= 0x80) {
        size_t run = start;
        while (run < len && (unsigned char)s[run] >= 0x80) {
            run++;
        }
        size_t bad;
        if (!veto_i_utf8_valid(s + start, run - start, &bad)) {
            veto_i_pos_t p = t->pos;
            p.off += bad;
            p.col += (unsigned)bad;
            return ERR(VETO_EPARSE, p, "invalid UTF-8");
        }
        return ERR(VETO_EPARSE, t->pos,
                   "unexpected character '%.*s'; quote names that are not "
                   "plain identifiers",
                   (int)(run - start), s + start);
    }
    char c2 = P->i < len ? s[P->i] : '\0';
    if (c == '&' || c == '|') {
        /* C's && and || (or a single & |): say which word is meant. */
        char op[3] = {c, c2 == c ? c : '\0', '\0'};
        veto_status rc = ERR(VETO_EPARSE, t->pos, "unexpected '%s'", op);
        veto_i_error_hint_code(P->b->err, VETO_HINT_OPERATOR, op,
                               c == '&' ? "and" : "or", NULL);
        return rc;
    }
    if (c == '<' || (c == '!' && c2 == '=')) {
        char op[3] = {c, c2 == '=' ? '=' : '\0', '\0'};
        veto_status rc = ERR(VETO_EPARSE, t->pos, "unexpected '%s'", op);
        veto_i_error_hint_code(P->b->err, VETO_HINT_COMPARISON, op, NULL,
                               NULL);
        return rc;
    }
    if (c == '!' || c == '~') {
        veto_status rc =
            ERR(VETO_EPARSE, t->pos, "unexpected character '%c'", c);
        veto_i_error_hint_code(P->b->err, VETO_HINT_NO_NEGATION, NULL, NULL,
                               NULL);
        return rc;
    }
    if (c >= 0x20 && c < 0x7F) {
        return ERR(VETO_EPARSE, t->pos, "unexpected character '%c'", c);
    }
    return ERR(VETO_EPARSE, t->pos, "unexpected byte 0x%02X",
               (unsigned)(unsigned char)c);
}

static void swap_tokens(parser_t *P)
{
    token_t t = P->tok;
    P->tok = P->nxt;
    P->nxt = t;
}

static veto_status advance(parser_t *P)
{
    veto_status rc;
    swap_tokens(P);
    if ((rc = lex(P, &P->nxt)) != VETO_OK) {
        return rc;
    }
    if (P->skip_nl) {
        while (P->tok.kind == T_NL) {
            swap_tokens(P);
            if ((rc = lex(P, &P->nxt)) != VETO_OK) {
                return rc;
            }
        }
        while (P->nxt.kind == T_NL) {
            if ((rc = lex(P, &P->nxt)) != VETO_OK) {
                return rc;
            }
        }
    }
    return VETO_OK;
}

static veto_status set_skip(parser_t *P, bool skip)
{
    veto_status rc = VETO_OK;
    P->skip_nl = skip;
    if (skip) {
        while (P->tok.kind == T_NL) {
            if ((rc = advance(P)) != VETO_OK) {
                return rc;
            }
        }
        while (P->nxt.kind == T_NL) {
            if ((rc = lex(P, &P->nxt)) != VETO_OK) {
                return rc;
            }
        }
    }
    return rc;
}

/* ---------------------------------------------------------------------- */
/* Parser helpers                                                          */

static veto_status expected(parser_t *P, const char *what)
{
    const token_t *t = &P->tok;
    if (t->kind == T_EOF) {
        return ERR(VETO_EPARSE, t->pos, "expected %s, found end of file", what);
    }
    if (t->kind == T_NL) {
        return ERR(VETO_EPARSE, t->pos, "expected %s, found newline", what);
    }
    const char *raw = P->src->text + t->pos.off;
    if (t->len > 40) {
        return ERR(VETO_EPARSE, t->pos, "expected %s, found '%.37s...'", what,
                   raw);
    }
    return ERR(VETO_EPARSE, t->pos, "expected %s, found '%.*s'", what,
               (int)t->len, raw);
}

static bool is_name(const token_t *t)
{
    return (t->kind == T_IDENT && t->kw == KW_NONE) || t->kind == T_STRING;
}

static const char *name_ptr(const parser_t *P, const token_t *t)
{
    return t->kind == T_STRING ? t->s : P->src->text + t->pos.off;
}

static size_t name_len(const token_t *t)
{
    return t->kind == T_STRING ? t->slen : t->len;
}

static bool is_statement(const token_t *t);

/* The identifier t spelled like word, ignoring case. */
static bool spelled(const parser_t *P, const token_t *t, const char *word)
{
    return t->kind == T_IDENT && strlen(word) == t->len &&
           strncasecmp(P->src->text + t->pos.off, word, t->len) == 0;
}

/* The identifier t is exactly word (case matters: the contextual words of
 * three-valued votes are lower case). */
static bool word_is(const parser_t *P, const token_t *t, const char *word)
{
    return t->kind == T_IDENT && t->kw == KW_NONE && strlen(word) == t->len &&
           memcmp(P->src->text + t->pos.off, word, t->len) == 0;
}

/* `votes yes, ...` starts the votes statement: `votes` is not reserved, so
 * an attribute or a player may still be called votes. */
static bool is_votes(const parser_t *P)
{
    return word_is(P, &P->tok, "votes") && word_is(P, &P->nxt, "yes");
}

/* Note the first use of three-valued syntax (checked at the end). */
static void saw_ternary(parser_t *P, veto_i_pos_t pos, const char *what)
{
    if (P->ternary_at.line == 0) {
        P->ternary_at = pos;
        P->ternary_what = what;
    }
}

/* An optional `at least abstain` after a threshold term e (the current
 * token is just past the term). */
static veto_status at_least(parser_t *P, veto_i_expr_t *e)
{
    veto_status rc;
    if (!word_is(P, &P->tok, "at") || !word_is(P, &P->nxt, "least")) {
        return VETO_OK;
    }
    veto_i_pos_t pos = P->tok.pos;
    if (e != NULL && e->of_voting) {
        return ERR(VETO_EINVAL, pos,
                   "'of voting' and 'at least abstain' cannot go together: "
                   "'of voting' compares yes with yes + no");
    }
    if (e == NULL) {
        return ERR(VETO_EINVAL, pos,
                   "'at least abstain' applies to one threshold term (a "
                   "player, all(...), any(...), count or an attribute), not "
                   "to 'K of (...)' or a parenthesised rule");
    }
    if ((rc = advance(P)) != VETO_OK || (rc = advance(P)) != VETO_OK) {
        return rc;
    }
    if (!word_is(P, &P->tok, "abstain")) {
        return expected(P, "'abstain'");
    }
    saw_ternary(P, pos, "'at least abstain'");
    e->at_least_abstain = true;
    return advance(P);
}

/* Add a "did you mean" hint when the identifier t is a misspelling of one
 * of the keywords cand[0..n) (by edit distance, ignoring case). rc is
 * returned unchanged. */
static veto_status suggest_keyword(parser_t *P, veto_status rc,
                                   const token_t *t, const kw *cand, size_t n,
                                   const char *const *shown)
{
    if (t->kind != T_IDENT || t->len > 32) {
        return rc;
    }
    const char *raw = P->src->text + t->pos.off;
    size_t best = SIZE_MAX, at = 0;
    for (size_t k = 0; k < n; k++) {
        const char *w = kw_names[cand[k]];
        size_t d = veto_i_edit_distance(raw, t->len, w, strlen(w));
        if (d < best && veto_i_close_enough(d, t->len, strlen(w))) {
            best = d;
            at = k;
        }
    }
    if (best != SIZE_MAX) {
        char written[33];
        memcpy(written, raw, t->len);
        written[t->len] = '\0';
        veto_i_error_hint_code(P->b->err, VETO_HINT_KEYWORD, written,
                               shown != NULL ? shown[at] : kw_names[cand[at]],
                               NULL);
    }
    return rc;
}

/* `not A`, `NOT (A or B)`: there is no negation; say so at `not` (a
 * player may be called not, but then it cannot stand before an operand). */
static veto_status no_negation(parser_t *P)
{
    const token_t *t = &P->tok, *u = &P->nxt;
    bool operand_next = u->kind == T_LPAREN || u->kind == T_NUMBER ||
                        u->kind == T_STRING ||
                        (u->kind == T_IDENT && u->kw != KW_AND &&
                         u->kw != KW_OR && u->kw != KW_OF &&
                         !is_statement(u));
    if (!spelled(P, t, "not") || !operand_next) {
        return VETO_OK;
    }
    veto_status rc = expected(P, "an expression");
    veto_i_error_hint_code(P->b->err, VETO_HINT_NO_NEGATION, NULL, NULL, NULL);
    return rc;
}

static veto_status reserved(parser_t *P)
{
    return ERR(VETO_EPARSE, P->tok.pos,
               "'%s' is a reserved word; write \"%s\" in quotes to use it "
               "as a name",
               kw_names[P->tok.kw], kw_names[P->tok.kw]);
}

/* Expect a name token (for what); keywords get the reserved-word error. */
static veto_status want_name(parser_t *P, const char *what)
{
    if (is_name(&P->tok)) {
        return VETO_OK;
    }
    if (P->tok.kind == T_IDENT) {
        return reserved(P);
    }
    return expected(P, what);
}

static veto_status want(parser_t *P, tkind k, const char *what)
{
    if (P->tok.kind != k) {
        return expected(P, what);
    }
    return advance(P);
}

/* The value of the current number token into P->q.
 * Errors: EINVAL for a zero denominator, ENOMEM. */
static veto_status number(parser_t *P)
{
    const token_t *t = &P->tok;
    int r = veto_i_num_value(P->q, P->src->text + t->pos.off, t->len);
    if (r < 0) {
        return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
    }
    if (r > 0) {
        return ERR(VETO_EINVAL, t->pos, "division by zero in '%.*s'",
                   (int)t->len, P->src->text + t->pos.off);
    }
    return VETO_OK;
}

static bool is_unions(const parser_t *P);
static bool is_bloc(const parser_t *P);

static bool is_statement(const token_t *t)
{
    if (t->kind != T_IDENT) {
        return false;
    }
    switch (t->kw) {
    case KW_PASS:
    case KW_PLAYERS:
    case KW_BELIEF:
    case KW_SCENARIO:
    case KW_TITLE:
    case KW_SOURCE:
    case KW_NOTE:
        return true;
    default:
        return false;
    }
}

/* ---------------------------------------------------------------------- */
/* Expressions                                                             */

enum { F_TOP, F_PAREN, F_KOF };

typedef struct frame {
    int kind;
    veto_i_pos_t pos; /* KOF: where K is */
    size_t klen;      /* KOF: length of K's literal */
    size_t k;         /* SIZE_MAX when K does not fit */
    veto_i_expr_t **ors;
    size_t nors, cors;
    veto_i_expr_t **ands;
    size_t nands, cands;
    veto_i_expr_t **items;
    size_t nitems, citems;
} frame_t;

static bool push_expr(veto_i_expr_t ***arr, size_t *n, size_t *cap,
                      veto_i_expr_t *e)
{
    if (*n == *cap) {
        size_t ncap = *cap == 0 ? 4 : *cap * 2;
        veto_i_expr_t **na = veto_i_reallocarray(*arr, ncap, sizeof *na);
        if (na == NULL) {
            return false;
        }
        *arr = na;
        *cap = ncap;
    }
    (*arr)[(*n)++] = e;
    return true;
}

static void free_list(veto_i_expr_t **arr, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        veto_i_expr_free(arr[i]);
    }
    veto_i_free(arr);
}

static void frame_clear(frame_t *f)
{
    free_list(f->ors, f->nors);
    free_list(f->ands, f->nands);
    free_list(f->items, f->nitems);
    memset(f, 0, sizeof *f);
}

/* Turn a list of >= 1 expressions into one: the element itself, or a node
 * of kind owning the array. The list is emptied. NULL on ENOMEM (the list
 * then still owns its elements). */
static veto_i_expr_t *combine(veto_i_expr_kind kind, veto_i_expr_t ***arr,
                              size_t *n, size_t *cap)
{
    veto_i_expr_t *e;
    if (*n == 1) {
        e = (*arr)[0];
        veto_i_free(*arr);
    } else {
        veto_i_pos_t pos = {0, (*arr)[0]->line, (*arr)[0]->col};
        e = veto_i_expr_new(kind, pos);
        if (e == NULL) {
            return NULL;
        }
        e->nchild = *n;
        e->child = *arr;
    }
    *arr = NULL;
    *n = 0;
    *cap = 0;
    return e;
}

static bool close_and(frame_t *f)
{
    veto_i_expr_t *e = combine(VETO_I_E_AND, &f->ands, &f->nands, &f->cands);
    if (e == NULL) {
        return false;
    }
    if (!push_expr(&f->ors, &f->nors, &f->cors, e)) {
        veto_i_expr_free(e);
        return false;
    }
    return true;
}

static veto_i_expr_t *close_or(frame_t *f)
{
    if (!close_and(f)) {
        return NULL;
    }
    return combine(VETO_I_E_OR, &f->ors, &f->nors, &f->cors);
}

typedef struct fstack {
    frame_t *f;
    size_t n, cap;
} fstack_t;

static veto_status push_frame(parser_t *P, fstack_t *st, int kind,
                              veto_i_pos_t pos)
{
    /* frames beyond the top level are the nesting depth */
    if (kind != F_TOP && st->n > P->b->lim.max_depth) {
        ERR(VETO_ELIMIT, pos,
            "expression nested deeper than %zu levels (max_depth)",
            P->b->lim.max_depth);
        veto_i_error_hint_code(P->b->err, VETO_HINT_RAISE_LIMIT, "max_depth", NULL, NULL);
        return VETO_ELIMIT;
    }
    if (st->n == st->cap) {
        size_t ncap = st->cap == 0 ? 8 : st->cap * 2;
        frame_t *nf = veto_i_reallocarray(st->f, ncap, sizeof *nf);
        if (nf == NULL) {
            return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
        }
        st->f = nf;
        st->cap = ncap;
    }
    frame_t *f = &st->f[st->n++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->pos = pos;
    return VETO_OK;
}

/* A list of players and groups after all / any / count / an attribute:
 * "(" NAME ("," NAME)* ")". Records one fixup per name for node: a lone
 * name may be a group or a player, several names are added to the node's
 * list (a set: a player named twice, or through two groups, counts once). */
static veto_status list_arg(parser_t *P, veto_i_expr_t *node)
{
    veto_status rc;
    if ((rc = want(P, T_LPAREN, "'('")) != VETO_OK) {
        return rc;
    }
    bool lone = P->nxt.kind == T_RPAREN;
    for (;;) {
        if ((rc = want_name(P, "a group or player name")) != VETO_OK) {
            return rc;
        }
        if ((rc = veto_i_build_fixup(P->b,
                                     lone ? VETO_I_FIX_ONE : VETO_I_FIX_MEMBER,
                                     node, name_ptr(P, &P->tok),
                                     name_len(&P->tok), P->tok.pos)) !=
            VETO_OK) {
            return rc;
        }
        if ((rc = advance(P)) != VETO_OK) {
            return rc;
        }
        if (P->tok.kind == T_RPAREN) {
            return advance(P);
        }
        if (P->tok.kind != T_COMMA) {
            return expected(P, "',' or ')'");
        }
        if ((rc = advance(P)) != VETO_OK) {
            return rc;
        }
    }
}

/* SUM (">=" | ">") VALUE, the current token being `count` or an
 * attribute name; node is already owned by the frame. */
static veto_status term(parser_t *P, veto_i_expr_t *node)
{
    veto_status rc;
    if (P->tok.kw != KW_COUNT) {
        if ((rc = veto_i_build_fixup(P->b, VETO_I_FIX_ATTR, node,
                                     name_ptr(P, &P->tok), P->tok.len,
                                     P->tok.pos)) != VETO_OK) {
            return rc;
        }
    }
    if ((rc = advance(P)) != VETO_OK) {
        return rc;
    }
    if (P->tok.kind == T_LPAREN && (rc = list_arg(P, node)) != VETO_OK) {
        return rc;
    }
    if (P->tok.kind == T_EQ) {
        const char *raw = P->src->text + P->tok.pos.off;
        bool twice = P->tok.pos.off + 1 < P->src->len && raw[1] == '=';
        rc = ERR(VETO_EPARSE, P->tok.pos, "expected '>=' or '>', found '%s'",
                 twice ? "==" : "=");
        veto_i_error_hint_code(P->b->err, VETO_HINT_COMPARISON,
                               twice ? "==" : "=", NULL, NULL);
        return rc;
    }
    if (P->tok.kind != T_GE && P->tok.kind != T_GT) {
        return expected(P, "'>=' or '>'");
    }
    node->strict = P->tok.kind == T_GT;
    if ((rc = advance(P)) != VETO_OK) {
        return rc;
    }
    if (P->tok.kind != T_NUMBER) {
        return expected(P, "a number, a percentage or a fraction");
    }
    const token_t *t = &P->tok;
    const char *raw = P->src->text + t->pos.off;
    if ((rc = number(P)) != VETO_OK) {
        return rc;
    }
    if (mpq_sgn(P->q) < 0) {
        return ERR(VETO_EINVAL, t->pos,
                   "a threshold cannot be negative: "
                   "'%.*s'",
                   (int)t->len, raw);
    }
    node->relative =
        t->num == VETO_I_NUM_PERCENT || t->num == VETO_I_NUM_FRACTION;
    if (node->relative && mpz_cmp(mpq_numref(P->q), mpq_denref(P->q)) > 0) {
        return ERR(VETO_EINVAL, t->pos, "percentage over 100%%: '%.*s'",
                   (int)t->len, raw);
    }
    mpq_set(node->rhs, P->q);
    if ((rc = advance(P)) != VETO_OK) {
        return rc;
    }
    if (P->tok.kind == T_IDENT && P->tok.kw == KW_OF &&
        word_is(P, &P->nxt, "voting")) {
        if (!node->relative) {
            return ERR(VETO_EINVAL, P->tok.pos,
                       "'of voting' needs a share (a fraction or a "
                       "percentage), not an absolute number");
        }
        saw_ternary(P, P->tok.pos, "'of voting'");
        node->of_voting = true;
        if ((rc = advance(P)) != VETO_OK || (rc = advance(P)) != VETO_OK) {
            return rc;
        }
    }
    return at_least(P, node);
}

/* K of "(" : K is the current token (a number); pushes a frame
 * (*pushed = true). Or K of GROUP: at least K members of the group, a TERM
 * appended to the top frame (*pushed = false). */
static veto_status kof_start(parser_t *P, fstack_t *st, bool *pushed)
{
    veto_status rc;
    const token_t *t = &P->tok;
    const char *raw = P->src->text + t->pos.off;
    if (t->num != VETO_I_NUM_INT || raw[0] == '-') {
        return expected(P, "an expression");
    }
    size_t k = SIZE_MAX;
    if (t->len <= 18) {
        char buf[20];
        memcpy(buf, raw, t->len);
        buf[t->len] = '\0';
        k = (size_t)strtoull(buf, NULL, 10);
    }
    if (k == 0) {
        return ERR(VETO_EINVAL, t->pos,
                   "K must be at least 1 in 'K of (...)', found '%.*s'",
                   (int)t->len, raw);
    }
    veto_i_pos_t kpos = t->pos;
    size_t klen = t->len;
    if ((rc = advance(P)) != VETO_OK) {
        return rc;
    }
    if (P->tok.kind != T_IDENT || P->tok.kw != KW_OF) {
        return expected(P, "'of'");
    }
    if ((rc = advance(P)) != VETO_OK) {
        return rc;
    }
    if (is_name(&P->tok)) {
        frame_t *top = &st->f[st->n - 1];
        veto_i_expr_t *e = veto_i_expr_new(VETO_I_E_TERM, kpos);
        if (e == NULL) {
            return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
        }
        if (!push_expr(&top->ands, &top->nands, &top->cands, e)) {
            veto_i_expr_free(e);
            return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
        }
        mpq_set_ui(e->rhs, k == SIZE_MAX ? ULONG_MAX : (unsigned long)k, 1);
        e->k = k;
        *pushed = false;
        if ((rc = veto_i_build_fixup(P->b, VETO_I_FIX_GROUP, e,
                                     name_ptr(P, &P->tok), name_len(&P->tok),
                                     P->tok.pos)) != VETO_OK) {
            return rc;
        }
        if ((rc = advance(P)) != VETO_OK) {
            return rc;
        }
        return at_least(P, e);
    }
    if (P->tok.kind != T_LPAREN) {
        return expected(P, "'(' or a group name");
    }
    *pushed = true;
    if ((rc = push_frame(P, st, F_KOF, P->tok.pos)) != VETO_OK) {
        return rc;
    }
    frame_t *f = &st->f[st->n - 1];
    f->pos = kpos;
    f->klen = klen;
    f->k = k;
    return advance(P);
}

/* Parse one operand; on return with VETO_OK and *done_frame false, the
 * operand has been appended to the top frame's AND list. An opening
 * parenthesis or `K of (` pushes a frame instead (*pushed = true). */
static veto_status operand(parser_t *P, fstack_t *st, bool *pushed)
{
    veto_status rc;
    token_t *t = &P->tok;
    frame_t *f = &st->f[st->n - 1];
    *pushed = false;
    if (t->kind == T_LPAREN) {
        if ((rc = push_frame(P, st, F_PAREN, t->pos)) != VETO_OK) {
            return rc;
        }
        *pushed = true;
        return advance(P);
    }
    if (t->kind == T_NUMBER) {
        return kof_start(P, st, pushed);
    }
    if ((rc = no_negation(P)) != VETO_OK) {
        return rc;
    }
    veto_i_expr_kind kind;
    if (t->kind == T_IDENT && (t->kw == KW_ALL || t->kw == KW_ANY)) {
        kind = t->kw == KW_ALL ? VETO_I_E_ALL : VETO_I_E_ANY;
    } else if (t->kind == T_IDENT &&
               (t->kw == KW_COUNT ||
                (t->kw == KW_NONE &&
                 (P->nxt.kind == T_GE || P->nxt.kind == T_GT ||
                  P->nxt.kind == T_LPAREN)))) {
        kind = VETO_I_E_TERM;
    } else if (is_name(t)) {
        kind = VETO_I_E_PLAYER;
    } else {
        return expected(P, "an expression");
    }
    veto_i_expr_t *e = veto_i_expr_new(kind, t->pos);
    if (e == NULL) {
        return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
    }
    if (!push_expr(&f->ands, &f->nands, &f->cands, e)) {
        veto_i_expr_free(e);
        return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
    }
    switch (kind) {
    case VETO_I_E_ALL:
    case VETO_I_E_ANY:
        if ((rc = advance(P)) != VETO_OK ||
            (rc = list_arg(P, e)) != VETO_OK) {
            return rc;
        }
        return at_least(P, e);
    case VETO_I_E_TERM:
        return term(P, e);
    default:
        if ((rc = veto_i_build_fixup(P->b, VETO_I_FIX_PLAYER, e, name_ptr(P, t),
                                     name_len(t), t->pos)) != VETO_OK) {
            return rc;
        }
        if ((rc = advance(P)) != VETO_OK) {
            return rc;
        }
        return at_least(P, e);
    }
}

/* Close the top frame (PAREN or KOF) at ')' and append its expression to
 * the frame below. */
static veto_status close_frame(parser_t *P, fstack_t *st)
{
    frame_t *f = &st->f[st->n - 1];
    veto_i_expr_t *e = close_or(f);
    if (e == NULL) {
        return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
    }
    if (f->kind == F_KOF) {
        if (!push_expr(&f->items, &f->nitems, &f->citems, e)) {
            veto_i_expr_free(e);
            return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
        }
        if (f->k > f->nitems) {
            return ERR(VETO_EINVAL, f->pos,
                       "K = %.*s is larger than the %zu expression%s in its "
                       "list",
                       (int)f->klen, P->src->text + f->pos.off, f->nitems,
                       f->nitems == 1 ? "" : "s");
        }
        e = veto_i_expr_new(VETO_I_E_KOF, f->pos);
        if (e == NULL) {
            return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
        }
        e->k = f->k;
        e->nchild = f->nitems;
        e->child = f->items;
        f->items = NULL;
        f->nitems = 0;
    }
    frame_clear(f);
    st->n--;
    frame_t *below = &st->f[st->n - 1];
    if (!push_expr(&below->ands, &below->nands, &below->cands, e)) {
        veto_i_expr_free(e);
        return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
    }
    return VETO_OK;
}

/* expr := and ("or" and)*; and := unary ("and" unary)*. At the top level
 * the expression ends at a statement keyword or the end of file (only the
 * end of file when whole_text). */
static veto_status expression(parser_t *P, bool whole_text, veto_i_expr_t **out)
{
    veto_status rc = VETO_OK;
    fstack_t st = {NULL, 0, 0};
    *out = NULL;
    VETO_TRY(push_frame(P, &st, F_TOP, P->tok.pos));
    for (;;) {
        bool pushed;
        VETO_TRY(operand(P, &st, &pushed));
        if (pushed) {
            continue;
        }
        /* after an operand: an operator, a closer, or the end */
        for (;;) {
            frame_t *f = &st.f[st.n - 1];
            token_t *t = &P->tok;
            if (t->kind == T_IDENT && t->kw == KW_AND) {
                VETO_TRY(advance(P));
                break;
            }
            if (word_is(P, t, "at") && word_is(P, &P->nxt, "least")) {
                VETO_TRY(at_least(P, NULL));
            }
            if (t->kind == T_IDENT && t->kw == KW_OR) {
                if (!close_and(f)) {
                    rc = veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
                    goto cleanup;
                }
                VETO_TRY(advance(P));
                break;
            }
            if (f->kind != F_TOP && t->kind == T_RPAREN) {
                VETO_TRY(close_frame(P, &st));
                VETO_TRY(advance(P));
                continue;
            }
            if (f->kind == F_KOF && t->kind == T_COMMA) {
                veto_i_expr_t *e = close_or(f);
                if (e == NULL ||
                    !push_expr(&f->items, &f->nitems, &f->citems, e)) {
                    veto_i_expr_free(e);
                    rc = veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
                    goto cleanup;
                }
                VETO_TRY(advance(P));
                break;
            }
            if (f->kind == F_TOP &&
                (t->kind == T_EOF ||
                 (!whole_text &&
                  (is_statement(t) || is_unions(P) || is_votes(P) ||
                   is_bloc(P))))) {
                *out = close_or(f);
                if (*out == NULL) {
                    rc = veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
                }
                goto cleanup;
            }
            rc = expected(P, f->kind == F_PAREN ? "'and', 'or' or ')'"
                             : f->kind == F_KOF ? "'and', 'or', ',' or ')'"
                             : whole_text       ? "'and' or 'or'"
                                                : "'and', 'or' or a new "
                                                  "statement");
            if (spelled(P, t, "and") || spelled(P, t, "or")) {
                /* AND, Or: the operators are lower case */
                char written[4];
                memcpy(written, P->src->text + t->pos.off, t->len);
                written[t->len] = '\0';
                veto_i_error_hint_code(P->b->err, VETO_HINT_OPERATOR, written,
                                       t->len == 3 ? "and" : "or", NULL);
            } else if (spelled(P, t, "not")) {
                veto_i_error_hint_code(P->b->err, VETO_HINT_NO_NEGATION, NULL,
                                       NULL, NULL);
            } else if (f->kind == F_TOP && !whole_text) {
                /* a misspelled operator, or the next statement */
                static const kw next[] = {KW_AND,    KW_OR,    KW_PLAYERS,
                                          KW_PASS,   KW_BELIEF, KW_SCENARIO,
                                          KW_TITLE,  KW_SOURCE, KW_NOTE};
                static const char *const shown[] = {
                    "and",   "or",     "players", "pass when", "belief",
                    "scenario", "title", "source", "note"};
                suggest_keyword(P, rc, t, next, sizeof next / sizeof next[0],
                                shown);
            } else {
                static const kw ops[] = {KW_AND, KW_OR};
                suggest_keyword(P, rc, t, ops, 2, NULL);
            }
            goto cleanup;
        }
    }
cleanup:
    for (size_t i = 0; i < st.n; i++) {
        frame_clear(&st.f[i]);
    }
    veto_i_free(st.f);
    return rc;
}

/* ---------------------------------------------------------------------- */
/* Statements                                                              */

static veto_status string_stmt(parser_t *P, char **one, char ***list, size_t *n,
                               const char *what)
{
    veto_status rc;
    veto_i_pos_t kwpos = P->tok.pos;
    if ((rc = advance(P)) != VETO_OK) {
        return rc;
    }
    if (P->tok.kind != T_STRING) {
        return expected(P, "a string in double quotes");
    }
    if (one != NULL && *one != NULL) {
        return ERR(VETO_EINVAL, kwpos, "%s given twice", what);
    }
    char *copy = veto_i_strndup(P->tok.s, P->tok.slen);
    if (copy == NULL) {
        return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
    }
    if (one != NULL) {
        *one = copy;
    } else {
        char **nl = veto_i_reallocarray(*list, *n + 1, sizeof *nl);
        if (nl == NULL) {
            veto_i_free(copy);
            return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
        }
        *list = nl;
        nl[(*n)++] = copy;
    }
    return advance(P);
}

/* attr "=" NUMBER on a players line */
static veto_status attr_pair(parser_t *P, size_t first, size_t count)
{
    veto_status rc;
    size_t a;
    if (P->tok.kw != KW_NONE) {
        return reserved(P);
    }
    if ((rc = veto_i_build_attr(P->b, P->src->text + P->tok.pos.off, P->tok.len,
                                P->tok.pos, &a)) != VETO_OK) {
        return rc;
    }
    veto_i_pos_t apos = P->tok.pos;
    if ((rc = advance(P)) != VETO_OK || (rc = advance(P)) != VETO_OK) {
        return rc; /* the name and '=' (seen by the caller) */
    }
    if (P->tok.kind != T_NUMBER) {
        return expected(P, "a number");
    }
    const token_t *t = &P->tok;
    const char *raw = P->src->text + t->pos.off;
    if (t->num == VETO_I_NUM_PERCENT) {
        return ERR(VETO_EINVAL, t->pos,
                   "an attribute value cannot be a percentage: '%.*s'",
                   (int)t->len, raw);
    }
    if ((rc = number(P)) != VETO_OK) {
        return rc;
    }
    if (mpq_sgn(P->q) < 0) {
        return ERR(VETO_EINVAL, t->pos, "negative attribute value '%.*s'",
                   (int)t->len, raw);
    }
    if ((rc = veto_i_build_line_attr(P->b, first, count, a, P->q, apos)) !=
        VETO_OK) {
        return rc;
    }
    return advance(P);
}

static veto_status group_list(parser_t *P, size_t first, size_t count)
{
    veto_status rc;
    if ((rc = advance(P)) != VETO_OK) {
        return rc;
    }
    for (;;) {
        if ((rc = want_name(P, "a group name")) != VETO_OK) {
            return rc;
        }
        size_t g;
        if ((rc = veto_i_build_group(P->b, name_ptr(P, &P->tok),
                                     name_len(&P->tok), P->tok.pos, &g)) !=
                VETO_OK ||
            (rc = veto_i_build_line_group(P->b, first, count, g)) != VETO_OK ||
            (rc = advance(P)) != VETO_OK) {
            return rc;
        }
        if (P->tok.kind == T_RBRACK) {
            return advance(P);
        }
        if (P->tok.kind != T_COMMA) {
            return expected(P, "',' or ']'");
        }
        if ((rc = advance(P)) != VETO_OK) {
            return rc;
        }
    }
}

/* `N name` on a players line: a group of N anonymous identical players,
 * name1 .. nameN, all in group `name`. The count is checked against
 * max_players before a single player is made. */
static veto_status anon_group(parser_t *P, size_t first, size_t *count)
{
    veto_status rc;
    veto_i_build_t *b = P->b;
    const token_t *t = &P->tok;
    veto_i_pos_t npos = t->pos;
    const char *raw = P->src->text + t->pos.off;
    size_t n = 0;
    bool over = false;
    if (t->num != VETO_I_NUM_INT || raw[0] == '-') {
        return ERR(VETO_EINVAL, npos,
                   "expected a whole number of anonymous players, found "
                   "'%.*s'",
                   (int)t->len, raw);
    }
    for (size_t k = 0; k < t->len; k++) {
        size_t d = (size_t)(raw[k] - '0');
        if (n > (SIZE_MAX - d) / 10) {
            over = true;
            break;
        }
        n = n * 10 + d;
    }
    if (!over && n == 0) {
        return ERR(VETO_EINVAL, npos,
                   "a group of anonymous players needs at least one player");
    }
    size_t have = b->players.n;
    if (over || have > b->lim.max_players || n > b->lim.max_players - have) {
        ERR(VETO_ELIMIT, npos,
            "%.*s anonymous players would make more than %zu players "
            "(max_players)",
            (int)t->len, raw, b->lim.max_players);
        veto_i_error_hint_code(b->err, VETO_HINT_RAISE_LIMIT, "max_players",
                               NULL, NULL);
        return VETO_ELIMIT;
    }
    if ((rc = advance(P)) != VETO_OK) {
        return rc;
    }
    if ((rc = want_name(P, "the name of the group of anonymous players")) !=
        VETO_OK) {
        return rc;
    }
    const char *name = name_ptr(P, &P->tok);
    size_t len = name_len(&P->tok);
    veto_i_pos_t pos = P->tok.pos;
    if (veto_i_names_find(&b->groups, name, len) >= 0) {
        return ERR(VETO_EINVAL, pos,
                   "group '%.*s' already exists: a group of anonymous players "
                   "needs a name of its own",
                   (int)len, name);
    }
    if (veto_i_names_find(&b->players, name, len) >= 0) {
        return ERR(VETO_EINVAL, pos,
                   "'%.*s' is already a player: a group of anonymous players "
                   "needs a name of its own",
                   (int)len, name);
    }
    size_t g;
    if ((rc = veto_i_build_group(b, name, len, pos, &g)) != VETO_OK) {
        return rc;
    }
    char *buf = veto_i_malloc(len + 24); /* + up to 20 digits and NUL */
    if (buf == NULL) {
        return veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
    }
    memcpy(buf, name, len);
    for (size_t k = 1; k <= n; k++) {
        int d = snprintf(buf + len, 24, "%zu", k);
        if ((rc = veto_i_build_player(b, buf, len + (size_t)d, pos)) !=
            VETO_OK) {
            veto_i_free(buf);
            return rc;
        }
    }
    veto_i_free(buf);
    if ((rc = veto_i_build_line_group(b, first, n, g)) != VETO_OK) {
        return rc;
    }
    *count = n;
    return advance(P);
}

static veto_status players_block(parser_t *P)
{
    veto_status rc;
    veto_i_pos_t kwpos = P->tok.pos;
    if ((rc = advance(P)) != VETO_OK) {
        return rc;
    }
    if (P->tok.kind != T_LBRACE) {
        return expected(P, "'{'");
    }
    if ((rc = set_skip(P, false)) != VETO_OK || (rc = advance(P)) != VETO_OK) {
        return rc;
    }
    for (;;) {
        while (P->tok.kind == T_NL) {
            if ((rc = advance(P)) != VETO_OK) {
                return rc;
            }
        }
        if (P->tok.kind == T_RBRACE) {
            break;
        }
        if (P->tok.kind == T_EOF || is_statement(&P->tok)) {
            return expected(P, "a player name or '}'");
        }
        size_t first = P->b->players.n, count = 0;
        veto_i_build_newline(P->b);
        if (P->tok.kind == T_NUMBER &&
            (rc = anon_group(P, first, &count)) != VETO_OK) {
            return rc;
        }
        bool anon = count > 0;
        while (!anon && is_name(&P->tok) && P->nxt.kind != T_EQ) {
            if ((rc = veto_i_build_player(P->b, name_ptr(P, &P->tok),
                                          name_len(&P->tok), P->tok.pos)) !=
                    VETO_OK ||
                (rc = advance(P)) != VETO_OK) {
                return rc;
            }
            count++;
        }
        if (count == 0) {
            if (P->tok.kind == T_IDENT && P->tok.kw != KW_NONE) {
                return reserved(P);
            }
            return expected(P, "a player name");
        }
        for (;;) {
            if (P->tok.kind == T_IDENT && P->nxt.kind == T_EQ) {
                rc = attr_pair(P, first, count);
            } else if (P->tok.kind == T_LBRACK) {
                rc = group_list(P, first, count);
            } else {
                break;
            }
            if (rc != VETO_OK) {
                return rc;
            }
        }
        if (P->tok.kind == T_RBRACE) {
            break;
        }
        if (P->tok.kind != T_NL) {
            if (P->tok.kind == T_IDENT && P->tok.kw != KW_NONE &&
                !is_statement(&P->tok)) {
                return reserved(P);
            }
            rc = expected(P, "an attribute, '[' or a newline");
            if (P->tok.kind == T_COMMA) {
                veto_i_error_hint_code(P->b->err, VETO_HINT_NAME_LIST, NULL,
                                       NULL, NULL);
            }
            return rc;
        }
    }
    if (P->b->players.n == 0) {
        return ERR(VETO_EINVAL, kwpos, "empty players block");
    }
    if ((rc = set_skip(P, true)) != VETO_OK) {
        return rc;
    }
    return advance(P);
}

/* A probability (P(yes)) into *q: the current token must be a number,
 * which is consumed. */
static veto_status prob(parser_t *P, mpq_t q, const char *what)
{
    veto_status rc;
    if (P->tok.kind != T_NUMBER) {
        return expected(P, what);
    }
    if ((rc = number(P)) != VETO_OK ||
        (rc = veto_i_check_prob(P->b, P->src, P->q, P->tok.pos,
                                P->src->text + P->tok.pos.off, P->tok.len)) !=
            VETO_OK) {
        return rc;
    }
    mpq_set(q, P->q);
    return advance(P);
}

/* The value of a belief at the current token, for name (NULL: the default
 * for everyone) at pos: a bare probability `P`, `yes P`, `yes P, abstain
 * Q`, `abstain Q`, or a forced vote `yes`, `no`, `abstain` (issue 10).
 * Whether the form suits the model is checked once the file is read. */
static veto_status belief_value(parser_t *P, veto_i_scen_src_t *scen,
                                const char *name, size_t len, veto_i_pos_t pos)
{
    veto_status rc = VETO_OK;
    mpq_t yes, ab;
    mpq_init(yes);
    mpq_init(ab);
    veto_i_bform form = VETO_I_BF_BARE;
    bool has_ab = false;
    bool w_yes = word_is(P, &P->tok, "yes");
    bool w_ab = word_is(P, &P->tok, "abstain");
    if (P->tok.kind == T_NUMBER) {
        VETO_TRY(prob(P, yes, "a probability"));
    } else if ((w_yes || w_ab) && P->nxt.kind == T_NUMBER) {
        form = VETO_I_BF_VOTES;
        if (w_yes) {
            VETO_TRY(advance(P));
            VETO_TRY(prob(P, yes, "a probability"));
            if (P->tok.kind == T_COMMA && word_is(P, &P->nxt, "abstain")) {
                VETO_TRY(advance(P));
                w_ab = true;
            }
        }
        if (w_ab) {
            VETO_TRY(advance(P));
            VETO_TRY(prob(P, ab, "the abstain probability"));
            has_ab = true;
        }
    } else if (w_yes || w_ab || word_is(P, &P->tok, "no")) {
        form = w_yes ? VETO_I_BF_YES : w_ab ? VETO_I_BF_ABSTAIN : VETO_I_BF_NO;
        if (name == NULL) {
            rc = ERR(VETO_EINVAL, P->tok.pos,
                     "a forced vote is given to a player or a group, not "
                     "as the default belief");
            goto cleanup;
        }
        VETO_TRY(advance(P));
    } else {
        rc = expected(P, "a probability");
        goto cleanup;
    }
    rc = veto_i_build_belief3(P->b, scen, name, len, pos, form, yes, ab,
                              has_ab);
cleanup:
    mpq_clear(yes);
    mpq_clear(ab);
    return rc;
}

/* ---------------------------------------------------------------------- */
/* Blocs and weighted scenarios (issue 11). `bloc`, `shares`, `beta`,
 * `shared` and `weight` are not reserved: each is recognised only where
 * nothing else could stand, so players and attributes may keep them. */

/* `bloc NAME (` ... : at the start of a statement or of a scenario entry
 * (a player called bloc is followed by '=' there). */
static bool is_bloc(const parser_t *P)
{
    return P->tok.kind == T_IDENT && P->tok.kw == KW_NONE &&
           P->tok.len == 4 &&
           memcmp(P->src->text + P->tok.pos.off, "bloc", 4) == 0 &&
           (P->nxt.kind == T_IDENT || P->nxt.kind == T_STRING);
}

/* A Beta parameter: a positive integer, decimal or fraction into out. */
static veto_status beta_param(parser_t *P, mpq_t out)
{
    veto_status rc;
    if (P->tok.kind != T_NUMBER) {
        return expected(P, "a positive number");
    }
    if (P->tok.num == VETO_I_NUM_PERCENT) {
        return ERR(VETO_EINVAL, P->tok.pos,
                   "a Beta parameter is a positive number, not a "
                   "percentage: '%.*s'",
                   (int)P->tok.len, P->src->text + P->tok.pos.off);
    }
    if ((rc = number(P)) != VETO_OK) {
        return rc;
    }
    if (mpq_sgn(P->q) <= 0) {
        return ERR(VETO_EINVAL, P->tok.pos,
                   "a Beta parameter must be positive, found '%.*s'",
                   (int)P->tok.len, P->src->text + P->tok.pos.off);
    }
    mpq_set(out, P->q);
    return advance(P);
}

/* "beta" "(" A "," B ")" */
static veto_status beta_spec(parser_t *P, mpq_t a, mpq_t b)
{
    veto_status rc;
    if (!word_is(P, &P->tok, "beta")) {
        return expected(P, "'beta(a, b)'");
    }
    if ((rc = advance(P)) != VETO_OK ||
        (rc = want(P, T_LPAREN, "'(' after beta")) != VETO_OK ||
        (rc = beta_param(P, a)) != VETO_OK ||
        (rc = want(P, T_COMMA, "',' between the two Beta parameters")) !=
            VETO_OK ||
        (rc = beta_param(P, b)) != VETO_OK) {
        return rc;
    }
    return want(P, T_RPAREN, "')' after the Beta parameters");
}

/* `bloc NAME (A, B, group) shares beta(a, b)` for the defaults (scen
 * NULL) or a scenario. */
static veto_status bloc_stmt(parser_t *P, veto_i_scen_src_t *scen)
{
    veto_status rc = VETO_OK;
    veto_i_pos_t at = P->tok.pos;
    char *name = NULL;
    size_t nlen = 0;
    veto_i_nameref_t *ref = NULL;
    size_t nref = 0, cref = 0;
    mpq_t a, b;
    mpq_init(a);
    mpq_init(b);
    VETO_TRY(advance(P));
    VETO_TRY(want_name(P, "a bloc name"));
    nlen = name_len(&P->tok);
    name = veto_i_strndup(name_ptr(P, &P->tok), nlen);
    if (name == NULL) {
        rc = veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (nlen == 0) {
        rc = ERR(VETO_EINVAL, P->tok.pos, "a bloc name cannot be empty");
        goto cleanup;
    }
    VETO_TRY(advance(P));
    VETO_TRY(want(P, T_LPAREN, "'(' and the bloc's players"));
    for (;;) {
        VETO_TRY(want_name(P, "a player or group name"));
        if (nref == cref) {
            size_t nc = cref != 0 ? 2 * cref : 8;
            veto_i_nameref_t *nr = veto_i_reallocarray(ref, nc, sizeof *nr);
            if (nr == NULL) {
                rc = veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
                goto cleanup;
            }
            ref = nr;
            cref = nc;
        }
        ref[nref].pos = P->tok.pos;
        ref[nref].name =
            veto_i_strndup(name_ptr(P, &P->tok), name_len(&P->tok));
        if (ref[nref].name == NULL) {
            rc = veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        nref++;
        VETO_TRY(advance(P));
        if (P->tok.kind == T_COMMA) {
            VETO_TRY(advance(P));
            continue;
        }
        VETO_TRY(want(P, T_RPAREN, "',' or ')'"));
        break;
    }
    if (!word_is(P, &P->tok, "shares")) {
        rc = expected(P, "'shares beta(a, b)'");
        goto cleanup;
    }
    VETO_TRY(advance(P));
    VETO_TRY(beta_spec(P, a, b));
    veto_i_bloc_src_t *bl;
    VETO_TRY(veto_i_build_bloc(P->b, scen, name, nlen, at, a, b, &bl));
    for (size_t k = 0; k < nref; k++) {
        VETO_TRY(veto_i_build_bloc_member(P->b, bl, ref[k].name,
                                          strlen(ref[k].name), ref[k].pos));
    }
cleanup:
    for (size_t k = 0; k < nref; k++) {
        veto_i_free(ref[k].name);
    }
    veto_i_free(ref);
    veto_i_free(name);
    mpq_clear(a);
    mpq_clear(b);
    return rc;
}

/* `belief shared beta(a, b)`, P->tok on `shared`. */
static veto_status shared_stmt(parser_t *P, veto_i_pos_t at)
{
    veto_status rc = VETO_OK;
    mpq_t a, b;
    mpq_init(a);
    mpq_init(b);
    VETO_TRY(advance(P));
    VETO_TRY(beta_spec(P, a, b));
    veto_i_bloc_src_t *bl;
    VETO_TRY(veto_i_build_bloc(P->b, NULL, NULL, 0, at, a, b, &bl));
cleanup:
    mpq_clear(a);
    mpq_clear(b);
    return rc;
}

/* "{" (NAME "=" P)* "}" for belief or scenario (scen NULL = defaults). */
static veto_status belief_entries(parser_t *P, veto_i_scen_src_t *scen)
{
    veto_status rc;
    if ((rc = want(P, T_LBRACE, "'{'")) != VETO_OK) {
        return rc;
    }
    for (;;) {
        if (P->tok.kind == T_RBRACE) {
            return advance(P);
        }
        if (scen != NULL && is_bloc(P)) {
            if ((rc = bloc_stmt(P, scen)) != VETO_OK) {
                return rc;
            }
            continue;
        }
        if (!is_name(&P->tok)) {
            if (P->tok.kind == T_IDENT) {
                return reserved(P);
            }
            return expected(P, "a player or group name, or '}'");
        }
        token_t name = P->tok; /* its string buffer is swapped, not freed */
        const char *np = name_ptr(P, &name);
        size_t nl = name_len(&name);
        char *copy = veto_i_strndup(np, nl);
        if (copy == NULL) {
            return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
        }
        if ((rc = advance(P)) != VETO_OK ||
            (rc = want(P, T_EQ, "'='")) != VETO_OK ||
            (rc = belief_value(P, scen, copy, nl, name.pos)) != VETO_OK) {
            veto_i_free(copy);
            return rc;
        }
        veto_i_free(copy);
    }
}

static veto_status belief_stmt(parser_t *P)
{
    veto_status rc;
    veto_i_pos_t pos = P->tok.pos;
    if ((rc = advance(P)) != VETO_OK) {
        return rc;
    }
    if (word_is(P, &P->tok, "shared") && P->nxt.kind == T_IDENT) {
        return shared_stmt(P, pos);
    }
    if (P->tok.kind == T_NUMBER ||
        ((word_is(P, &P->tok, "yes") || word_is(P, &P->tok, "abstain")) &&
         P->nxt.kind == T_NUMBER)) {
        if (P->tok.kind == T_NUMBER) {
            pos = P->tok.pos;
        }
        return belief_value(P, NULL, NULL, 0, pos);
    }
    if (P->tok.kind != T_LBRACE) {
        return expected(P, "a probability or '{'");
    }
    return belief_entries(P, NULL);
}

/* `votes yes, abstain, no` (issue 10): the model's votes are three. */
static veto_status votes_stmt(parser_t *P)
{
    veto_status rc;
    veto_model_t *m = P->b->m;
    if (m->ternary) {
        return ERR(VETO_EINVAL, P->tok.pos,
                   "votes declared twice (first on line %u)", m->votes_line);
    }
    m->votes_line = P->tok.pos.line;
    static const char *const words[] = {"yes", "abstain", "no"};
    for (size_t k = 0; k < 3; k++) {
        if ((rc = advance(P)) != VETO_OK) {
            return rc;
        }
        if (k > 0) {
            if (P->tok.kind != T_COMMA) {
                return expected(P, "','");
            }
            if ((rc = advance(P)) != VETO_OK) {
                return rc;
            }
        }
        if (!word_is(P, &P->tok, words[k])) {
            char what[16];
            snprintf(what, sizeof what, "'%s'", words[k]);
            rc = expected(P, what);
            veto_i_error_hint(P->b->err, "the votes a model can declare are "
                                         "`votes yes, abstain, no`");
            return rc;
        }
    }
    m->ternary = true;
    return advance(P);
}

static veto_status scenario_stmt(parser_t *P)
{
    veto_status rc;
    if ((rc = advance(P)) != VETO_OK) {
        return rc;
    }
    if (P->tok.kind != T_STRING) {
        return expected(P, "a scenario name in double quotes");
    }
    veto_i_scen_src_t *scen;
    if ((rc = veto_i_build_scenario(P->b, P->tok.s, P->tok.slen, P->tok.pos,
                                    &scen)) != VETO_OK ||
        (rc = advance(P)) != VETO_OK) {
        return rc;
    }
    if (word_is(P, &P->tok, "weight")) {
        if ((rc = advance(P)) != VETO_OK) {
            return rc;
        }
        if (P->tok.kind != T_NUMBER) {
            return expected(P, "the scenario's weight (a probability)");
        }
        if ((rc = number(P)) != VETO_OK ||
            (rc = veto_i_check_prob(P->b, P->src, P->q, P->tok.pos,
                                    P->src->text + P->tok.pos.off,
                                    P->tok.len)) != VETO_OK ||
            (rc = veto_i_build_scen_weight(P->b, scen, P->q, P->tok.pos)) !=
                VETO_OK ||
            (rc = advance(P)) != VETO_OK) {
            return rc;
        }
    }
    return belief_entries(P, scen);
}

static void parser_init(parser_t *P, veto_i_build_t *b, const veto_i_src_t *src)
{
    memset(P, 0, sizeof *P);
    P->b = b;
    P->src = src;
    P->line = 1;
    P->skip_nl = true;
    mpq_init(P->q);
}

static void parser_clear(parser_t *P)
{
    veto_i_free(P->tok.s);
    veto_i_free(P->nxt.s);
    mpq_clear(P->q);
}

static veto_status parser_start(parser_t *P)
{
    veto_status rc = lex(P, &P->nxt);
    if (rc != VETO_OK) {
        return rc;
    }
    while (P->nxt.kind == T_NL) {
        if ((rc = lex(P, &P->nxt)) != VETO_OK) {
            return rc;
        }
    }
    return advance(P);
}

/* `unions { (A, B, group) (C, D) }` (issue 12): a partition of some
 * players into unions, the others each a union of its own. `unions` is
 * not reserved: it starts the statement only before '{'. The names are
 * resolved once the players are known (veto_i_build_unions). */
static bool is_unions(const parser_t *P)
{
    return P->tok.kind == T_IDENT && P->tok.kw == KW_NONE &&
           P->tok.len == 6 &&
           memcmp(P->src->text + P->tok.pos.off, "unions", 6) == 0 &&
           P->nxt.kind == T_LBRACE;
}

static veto_status unions_stmt(parser_t *P, veto_i_unions_src_t *u)
{
    veto_status rc;
    if (u->line != 0) {
        return ERR(VETO_EINVAL, P->tok.pos,
                   "unions given twice (first on line %u)", u->line);
    }
    u->line = P->tok.pos.line;
    if ((rc = advance(P)) != VETO_OK || (rc = want(P, T_LBRACE, "'{'")) != VETO_OK) {
        return rc;
    }
    while (P->tok.kind != T_RBRACE) {
        veto_i_pos_t open = P->tok.pos;
        if ((rc = want(P, T_LPAREN, "'(' to start a union, or '}'")) !=
            VETO_OK) {
            return rc;
        }
        if (P->tok.kind == T_RPAREN) {
            return ERR(VETO_EINVAL, open, "an empty union");
        }
        for (;;) {
            if ((rc = want_name(P, "a player or group name")) != VETO_OK) {
                return rc;
            }
            if (u->n == u->cap) {
                size_t nc = u->cap != 0 ? 2 * u->cap : 8;
                veto_i_unionref_t *nr =
                    veto_i_realloc(u->ref, nc * sizeof *nr);
                if (nr == NULL) {
                    return veto_i_errorf(P->b->err, VETO_ENOMEM,
                                         "out of memory");
                }
                u->ref = nr;
                u->cap = nc;
            }
            veto_i_unionref_t *r = &u->ref[u->n];
            r->name = veto_i_strndup(name_ptr(P, &P->tok), name_len(&P->tok));
            if (r->name == NULL) {
                return veto_i_errorf(P->b->err, VETO_ENOMEM, "out of memory");
            }
            r->pos = P->tok.pos;
            r->which = u->nunions;
            u->n++;
            if ((rc = advance(P)) != VETO_OK) {
                return rc;
            }
            if (P->tok.kind == T_COMMA) {
                if ((rc = advance(P)) != VETO_OK) {
                    return rc;
                }
                continue;
            }
            if ((rc = want(P, T_RPAREN, "',' or ')'")) != VETO_OK) {
                return rc;
            }
            break;
        }
        u->nunions++;
    }
    return advance(P);
}

/* `include "file"` at the start of a statement: the word is not reserved,
 * so a player may still be called include. */
static bool is_include(const parser_t *P)
{
    return P->tok.kind == T_IDENT && P->tok.kw == KW_NONE &&
           P->tok.len == 7 &&
           memcmp(P->src->text + P->tok.pos.off, "include", 7) == 0 &&
           P->nxt.kind == T_STRING;
}

static veto_status include_stmt(parser_t *P)
{
    veto_status rc;
    const veto_i_src_t *isrc;
    if ((rc = advance(P)) != VETO_OK) {
        return rc;
    }
    if ((rc = veto_i_include_open(P->b, P->tok.s, P->tok.slen, P->tok.pos,
                                  &isrc)) != VETO_OK) {
        return rc;
    }
    rc = veto_i_read_included(P->b, isrc);
    veto_i_include_pop(P->b);
    if (rc != VETO_OK) {
        return rc;
    }
    return advance(P);
}

veto_status veto_i_read_included(veto_i_build_t *b, const veto_i_src_t *src)
{
    veto_status rc = VETO_OK;
    parser_t P_;
    parser_t *P = &P_;
    const veto_i_src_t *saved = b->src;
    unsigned players_line = 0;

    b->src = src;
    parser_init(P, b, src);
    VETO_TRY(parser_start(P));
    while (P->tok.kind != T_EOF) {
        token_t *t = &P->tok;
        if (is_include(P)) {
            VETO_TRY(include_stmt(P));
        } else if (t->kind == T_IDENT && t->kw == KW_PLAYERS) {
            if (players_line != 0) {
                rc = ERR(VETO_EINVAL, t->pos,
                         "players declared twice (first on line %u)",
                         players_line);
                goto cleanup;
            }
            players_line = t->pos.line;
            VETO_TRY(players_block(P));
        } else if (t->kind == T_IDENT && t->kw == KW_BELIEF) {
            VETO_TRY(belief_stmt(P));
        } else if (is_statement(t)) {
            rc = ERR(VETO_EINVAL, t->pos,
                     "'%s' cannot appear in an included file: only "
                     "'players', 'belief' and 'include' can",
                     kw_names[t->kw]);
            goto cleanup;
        } else {
            rc = expected(P, "'players', 'belief' or 'include'");
            goto cleanup;
        }
    }
cleanup:
    parser_clear(P);
    b->src = saved;
    return rc;
}

veto_status veto_i_read_veto(veto_i_build_t *b)
{
    veto_status rc = VETO_OK;
    parser_t P_;
    parser_t *P = &P_;
    veto_model_t *m = b->m;
    unsigned players_line = 0, rule_line = 0;
    veto_i_expr_t *rule = NULL;
    veto_i_unions_src_t uni;
    memset(&uni, 0, sizeof uni);

    parser_init(P, b, b->src);
    VETO_TRY(parser_start(P));
    while (P->tok.kind != T_EOF) {
        token_t *t = &P->tok;
        if (is_include(P)) {
            VETO_TRY(include_stmt(P));
            continue;
        }
        if (is_unions(P)) {
            VETO_TRY(unions_stmt(P, &uni));
            continue;
        }
        if (is_votes(P)) {
            VETO_TRY(votes_stmt(P));
            continue;
        }
        if (is_bloc(P)) {
            VETO_TRY(bloc_stmt(P, NULL));
            continue;
        }
        if (!is_statement(t)) {
            static const kw stmts[] = {KW_PLAYERS, KW_PASS,   KW_BELIEF,
                                       KW_SCENARIO, KW_TITLE, KW_SOURCE,
                                       KW_NOTE};
            static const char *const shown[] = {
                "players", "pass when", "belief", "scenario",
                "title",   "source",    "note"};
            rc = expected(P, "'players', 'pass when', 'belief', 'scenario', "
                             "'title', 'source' or 'note'");
            suggest_keyword(P, rc, t, stmts, sizeof stmts / sizeof stmts[0],
                            shown);
            goto cleanup;
        }
        switch (t->kw) {
        case KW_TITLE:
            VETO_TRY(string_stmt(P, &m->title, NULL, NULL, "title"));
            break;
        case KW_SOURCE:
            VETO_TRY(string_stmt(P, NULL, &m->sources, &m->nsources, NULL));
            break;
        case KW_NOTE:
            VETO_TRY(string_stmt(P, NULL, &m->notes, &m->nnotes, NULL));
            break;
        case KW_PLAYERS:
            if (players_line != 0) {
                rc = ERR(VETO_EINVAL, t->pos,
                         "players declared twice (first on line %u)",
                         players_line);
                goto cleanup;
            }
            players_line = t->pos.line;
            VETO_TRY(players_block(P));
            break;
        case KW_PASS:
            if (rule_line != 0) {
                rc = ERR(VETO_EINVAL, t->pos,
                         "'pass when' given twice (first on line %u)",
                         rule_line);
                goto cleanup;
            }
            rule_line = t->pos.line;
            VETO_TRY(advance(P));
            if (P->tok.kind != T_IDENT || P->tok.kw != KW_WHEN) {
                static const kw when[] = {KW_WHEN};
                rc = expected(P, "'when'");
                suggest_keyword(P, rc, &P->tok, when, 1, NULL);
                goto cleanup;
            }
            VETO_TRY(advance(P));
            m->rule_line = P->tok.pos.line;
            m->rule_col = P->tok.pos.col;
            VETO_TRY(expression(P, false, &rule));
            m->rule = rule;
            rule = NULL;
            break;
        case KW_BELIEF:
            VETO_TRY(belief_stmt(P));
            break;
        default:
            VETO_TRY(scenario_stmt(P));
            break;
        }
    }
    if (players_line == 0 && b->players.n == 0) {
        rc = ERR(VETO_EPARSE, P->tok.pos, "missing 'players' block");
        goto cleanup;
    }
    if (rule_line == 0) {
        rc = ERR(VETO_EPARSE, P->tok.pos, "missing 'pass when' rule");
        goto cleanup;
    }
    if (P->ternary_at.line != 0 && !m->ternary) {
        rc = ERR(VETO_EINVAL, P->ternary_at,
                 "%s needs three-valued votes", P->ternary_what);
        veto_i_error_hint(b->err, "declare `votes yes, abstain, no`");
        goto cleanup;
    }
    VETO_TRY(veto_i_build_finish_players(b));
    VETO_TRY(veto_i_build_resolve_rule(b, b->src));
    if (uni.line != 0) {
        VETO_TRY(veto_i_build_unions(b, b->src, &uni));
    }
    VETO_TRY(veto_i_build_finish_beliefs(b));
    VETO_TRY(veto_i_build_finish_blocs(b));
cleanup:
    for (size_t k = 0; k < uni.n; k++) {
        veto_i_free(uni.ref[k].name);
    }
    veto_i_free(uni.ref);
    veto_i_expr_free(rule);
    parser_clear(P);
    return rc;
}

veto_status veto_i_parse_rule_text(veto_i_build_t *b, const veto_i_src_t *src,
                                   veto_i_expr_t **out)
{
    veto_status rc = VETO_OK;
    parser_t P_;
    parser_t *P = &P_;
    *out = NULL;
    parser_init(P, b, src);
    VETO_TRY(parser_start(P));
    VETO_TRY(expression(P, true, out));
    if (P->ternary_at.line != 0 && b->ternary_what == NULL) {
        b->ternary_what = P->ternary_what;
    }
cleanup:
    parser_clear(P);
    return rc;
}
