/*
 * table.c: the report room's allocation, the number formats and cells every
 * writer shares, and tables of strings rendered as aligned text, CSV
 * (RFC 4180 quoting), Markdown or HTML.
 */
#include "report.h"
#include "../base/base.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- allocation --------------------------------------------------------- */

/* Where report_oom jumps: set by the entry point running a writer in this
 * thread (entry.c), NULL otherwise. Per thread, so that threads writing
 * reports at once do not meet. */
extern _Thread_local jmp_buf *veto_i_report_jump;

_Noreturn void report_oom(void)
{
    /* An entry point always sets the jump before a writer runs. */
    longjmp(*veto_i_report_jump, 1);
}

void *xmalloc(size_t n)
{
    void *p = veto_i_malloc(n == 0 ? 1 : n);
    if (p == NULL) {
        report_oom();
    }
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = veto_i_realloc(p, n == 0 ? 1 : n);
    if (q == NULL) {
        report_oom();
    }
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = xmalloc(n);
    memcpy(c, s, n);
    return c;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

const char *report_label(const veto_model_t *m)
{
    const char *t = veto_model_title(m);
    return t != NULL ? t : veto_model_filename(m);
}

/* ---- numbers ------------------------------------------------------------ */

static char *gmp_str_to_ours(char *s)
{
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    size_t n = strlen(s) + 1;
    char *c = veto_i_malloc(n);
    if (c != NULL) {
        memcpy(c, s, n);
    }
    freefunc(s, n);
    if (c == NULL) {
        report_oom();
    }
    return c;
}

double q_double(mpq_srcptr q)
{
    return veto_i_q_to_double(q);
}

char *fmt_z(mpz_srcptr z)
{
    return gmp_str_to_ours(mpz_get_str(NULL, 10, z));
}

char *fmt_frac(mpq_srcptr q)
{
    return gmp_str_to_ours(mpq_get_str(NULL, 10, q));
}

char *fmt_plain(double d)
{
    char buf[40];
    veto_i_fmt_double(buf, sizeof buf, d);
    return xstrdup(buf);
}

char *fmt_d(double d)
{
    if (d == 0) {
        return xstrdup("0");
    }
    if (d == 1) {
        return xstrdup("1");
    }
    /* Six decimals, except where they would hide that a value is not
     * exactly 0 or 1: a guarantee that fails once in 2^32 is not one that
     * never fails. */
    if (d > 0 && d < 5e-7) {
        return xasprintf("%.3g", d);
    }
    if (d < 1 && d > 1 - 5e-7) {
        return xasprintf("1-%.3g", 1 - d);
    }
    return xasprintf("%.6f", d);
}

/* Text of an exact value just below 1: "1-" and the gap 1 - q computed
 * exactly (from the double nearest q, the gap would be a multiple of 2^-53,
 * and a gap below 2^-54 would print as "1"). NULL when q is not in
 * (1 - 5e-7, 1). */
static char *near_one(mpq_srcptr q)
{
    if (mpq_cmp_ui(q, 1, 1) >= 0) {
        return NULL;
    }
    mpq_t gap;
    mpq_init(gap);
    mpq_set_ui(gap, 1, 1);
    mpq_sub(gap, gap, q);
    double g = q_double(gap);
    mpq_clear(gap);
    return g < 5e-7 ? xasprintf("1-%.3g", g) : NULL;
}

/* q rounded to six decimals, by GMP: for a value beyond a double's range
 * (a raw Deegan-Packel or Johnston sum of 2,000 players is about 10^600),
 * which fmt_d would print as "inf". */
static char *fmt_q6(mpq_srcptr q)
{
    mpz_t r, h;
    mpz_inits(r, h, NULL);
    mpz_ui_pow_ui(r, 10, 6);
    mpz_mul(r, r, mpq_numref(q));
    mpz_mul_2exp(r, r, 1);
    mpz_add(r, r, mpq_denref(q)); /* 2 q 10^6 + 1 over 2: nearest */
    mpz_mul_2exp(h, mpq_denref(q), 1);
    mpz_fdiv_q(r, r, h);
    bool neg = mpz_sgn(r) < 0;
    mpz_abs(r, r);
    char *digits = gmp_str_to_ours(mpz_get_str(NULL, 10, r));
    size_t len = strlen(digits);
    char *out;
    if (len > 6) {
        out = xasprintf("%s%.*s.%s", neg ? "-" : "", (int)(len - 6), digits,
                        digits + len - 6);
    } else {
        out = xasprintf("%s0.%.*s%s", neg ? "-" : "", (int)(6 - len), "000000",
                        digits);
    }
    veto_i_free(digits);
    mpz_clears(r, h, NULL);
    return out;
}

char *fmt_num(mpq_srcptr q, double d, bool exact, bool plain)
{
    if (q != NULL && exact) {
        return fmt_frac(q);
    }
    if (q != NULL && !plain) {
        char *s = near_one(q);
        if (s != NULL) {
            return s;
        }
    }
    double v = q != NULL ? q_double(q) : d;
    if (q != NULL && !isfinite(v)) {
        return fmt_q6(q);
    }
    return plain ? fmt_plain(v) : fmt_d(v);
}

char *fmt_q(mpq_srcptr q, bool exact)
{
    return fmt_num(q, 0, exact, false);
}

static bool is_count(int k)
{
    return k == VETO_IDX_BANZHAF_RAW || k == VETO_IDX_HOLLER_RAW;
}

char *index_cell(const veto_result_t *r, int k, size_t i, bool exact,
                 bool plain)
{
    if (!(r->computed & VETO_INDEX_BIT(k))) {
        return xstrdup(plain ? "" : "not computed");
    }
    if (r->undefined & VETO_INDEX_BIT(k)) {
        return xstrdup(plain ? "" : "undefined");
    }
    if (!r->estimated && r->value[k] != NULL) {
        /* Counts are integers: whole in either mode. */
        return fmt_num(r->value[k][i], 0, exact || is_count(k), plain);
    }
    char *v = plain ? fmt_plain(r->approx[k][i]) : fmt_d(r->approx[k][i]);
    if (!plain && r->halfwidth[k] != NULL) {
        char *s = xasprintf("%s ± %.2g", v, r->halfwidth[k][i]);
        free(v);
        return s;
    }
    return v;
}

char *p_act_cell(const veto_belief_result_t *b, bool exact, bool plain)
{
    char *v = fmt_num(b->exact ? b->p_act_q : NULL, b->p_act, exact, plain);
    if (!plain && b->p_act_hw > 0) {
        char *s = xasprintf("%s ± %.2g", v, b->p_act_hw);
        free(v);
        return s;
    }
    return v;
}

char *p_dec_cell(const veto_belief_result_t *b, size_t i, bool exact,
                 bool plain)
{
    char *v = fmt_num(b->exact ? b->p_decisive_q[i] : NULL, b->p_decisive[i],
                      exact, plain);
    if (!plain && b->p_decisive_hw != NULL && b->p_decisive_hw[i] > 0) {
        char *s = xasprintf("%s ± %.2g", v, b->p_decisive_hw[i]);
        free(v);
        return s;
    }
    return v;
}

/* ---- lists of names ----------------------------------------------------- */

char *name_list(const veto_model_t *m, const bool *flag, size_t n,
                const char *sep, const char *none)
{
    size_t len = 1, cnt = 0, sl = strlen(sep);
    for (size_t i = 0; i < n; i++) {
        if (flag == NULL || flag[i]) {
            len += strlen(veto_model_player(m, i)) + sl;
            cnt++;
        }
    }
    if (cnt == 0) {
        return xstrdup(none);
    }
    char *s = xmalloc(len);
    char *p = s;
    for (size_t i = 0; i < n; i++) {
        if (flag == NULL || flag[i]) {
            const char *nm = veto_model_player(m, i);
            if (p != s) {
                memcpy(p, sep, sl);
                p += sl;
            }
            size_t l = strlen(nm);
            memcpy(p, nm, l);
            p += l;
        }
    }
    *p = '\0';
    return s;
}

char *veto_list(const veto_model_t *m, const veto_result_t *r)
{
    if (!r->have_properties) {
        return xstrdup("not computed");
    }
    return name_list(m, r->veto_player, r->n, ", ", "none");
}

char *coalition_words(const veto_model_t *m, const veto_coalition_t *co)
{
    if (co->size == 0) {
        return xstrdup("nobody");
    }
    size_t len = 1;
    for (size_t k = 0; k < co->size; k++) {
        len += strlen(veto_model_player(m, co->member[k])) + 2;
    }
    char *s = xmalloc(len);
    s[0] = '\0';
    for (size_t k = 0; k < co->size; k++) {
        if (k > 0) {
            strcat(s, ", ");
        }
        strcat(s, veto_model_player(m, co->member[k]));
    }
    return s;
}

/* ---- tables ------------------------------------------------------------- */

void rt_init(rtable_t *t, size_t ncol)
{
    memset(t, 0, sizeof *t);
    t->ncol = ncol;
    t->right = xmalloc(ncol * sizeof *t->right);
    memset(t->right, 0, ncol * sizeof *t->right);
}

void rt_free(rtable_t *t)
{
    for (size_t i = 0; i < t->nrow * t->ncol; i++) {
        free(t->cell[i]);
    }
    free(t->cell);
    free(t->right);
    memset(t, 0, sizeof *t);
}

void rt_row(rtable_t *t, const char *const *cells)
{
    if (t->nrow == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->cell = xrealloc(t->cell, t->cap * t->ncol * sizeof *t->cell);
    }
    for (size_t j = 0; j < t->ncol; j++) {
        t->cell[t->nrow * t->ncol + j] =
            xstrdup(cells != NULL && cells[j] != NULL ? cells[j] : "");
    }
    t->nrow++;
}

void rt_set(rtable_t *t, size_t row, size_t col, const char *s)
{
    free(t->cell[row * t->ncol + col]);
    t->cell[row * t->ncol + col] = xstrdup(s);
}

/* Display width of UTF-8 text: count code points, not bytes. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++) {
        if (((unsigned char)*s & 0xC0) != 0x80) {
            w++;
        }
    }
    return w;
}

static void csv_cell(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\n\r") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') {
            fputc('"', f);
        }
        fputc(*s, f);
    }
    fputc('"', f);
}

static void md_cell(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|') {
            fputc('\\', f);
        }
        fputc(*s == '\n' ? ' ' : *s, f);
    }
}

void rt_render(FILE *f, const rtable_t *t, report_format fmt)
{
    size_t nc = t->ncol;
    if (fmt == REPORT_CSV) {
        for (size_t r = 0; r < t->nrow; r++) {
            for (size_t j = 0; j < nc; j++) {
                if (j > 0) {
                    fputc(',', f);
                }
                csv_cell(f, t->cell[r * nc + j]);
            }
            fputc('\n', f);
        }
        return;
    }
    if (fmt == REPORT_MD) {
        for (size_t r = 0; r < t->nrow; r++) {
            fputs("|", f);
            for (size_t j = 0; j < nc; j++) {
                fputc(' ', f);
                md_cell(f, t->cell[r * nc + j]);
                fputs(" |", f);
            }
            fputc('\n', f);
            if (r == 0) {
                fputs("|", f);
                for (size_t j = 0; j < nc; j++) {
                    fputs(t->right[j] ? " ---: |" : " --- |", f);
                }
                fputc('\n', f);
            }
        }
        return;
    }
    size_t *w = xmalloc(nc * sizeof *w);
    memset(w, 0, nc * sizeof *w);
    for (size_t r = 0; r < t->nrow; r++) {
        for (size_t j = 0; j < nc; j++) {
            size_t cw = width(t->cell[r * nc + j]);
            if (cw > w[j]) {
                w[j] = cw;
            }
        }
    }
    for (size_t r = 0; r < t->nrow; r++) {
        for (size_t j = 0; j < nc; j++) {
            const char *s = t->cell[r * nc + j];
            size_t pad = w[j] - width(s);
            bool last = j + 1 == nc;
            if (t->right[j]) {
                fprintf(f, "%*s%s", (int)pad, "", s);
            } else {
                fputs(s, f);
                if (!last) {
                    fprintf(f, "%*s", (int)pad, "");
                }
            }
            if (!last) {
                fputs("  ", f);
            }
        }
        fputc('\n', f);
    }
    free(w);
}

void html_table(FILE *f, const rtable_t *t)
{
    fputs("<table>\n", f);
    for (size_t r = 0; r < t->nrow; r++) {
        fputs("<tr>", f);
        for (size_t c = 0; c < t->ncol; c++) {
            const char *cell = t->cell[r * t->ncol + c];
            if (r == 0) {
                fputs("<th>", f);
            } else {
                fputs(t->right[c] ? "<td class=\"num\">" : "<td>", f);
            }
            svg_escape(f, cell != NULL ? cell : "");
            fputs(r == 0 ? "</th>" : "</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

void rt_power_table(rtable_t *t, const veto_model_t *m, const veto_result_t *r,
                    bool exact, bool plain, unsigned mask, bool veto_col)
{
    unsigned show = r->computed & mask;
    size_t ncol = 1 + (veto_col ? 1 : 0);
    for (int k = 0; k < VETO_NINDEX; k++) {
        ncol += (show & VETO_INDEX_BIT(k)) != 0;
    }
    /* the Beta semivalue (issue 11), after the indices */
    bool semi = r->semivalue != NULL;
    char semi_head[80];
    if (semi) {
        ncol++;
        const char *ab = r->semivalue_key + strlen("semivalue_beta_");
        const char *us = strchr(ab, '_');
        snprintf(semi_head, sizeof semi_head, "Beta(%.*s, %s) semivalue",
                 us != NULL ? (int)(us - ab) : 0, ab,
                 us != NULL ? us + 1 : "");
    }
    rt_init(t, ncol);
    const char **row = xmalloc(ncol * sizeof *row);
    char **cells = xmalloc(ncol * sizeof *cells);
    row[0] = "player";
    size_t c = 1;
    for (int k = 0; k < VETO_NINDEX; k++) {
        if (show & VETO_INDEX_BIT(k)) {
            t->right[c] = true;
            row[c++] = plain ? veto_index_key((veto_index)k)
                             : veto_index_name((veto_index)k);
        }
    }
    if (semi) {
        t->right[c] = true;
        row[c++] = plain ? r->semivalue_key : semi_head;
    }
    if (veto_col) {
        row[c] = plain ? "veto_player" : "veto";
    }
    rt_row(t, row);
    for (size_t i = 0; i < r->n; i++) {
        cells[0] = xstrdup(veto_model_player(m, i));
        c = 1;
        for (int k = 0; k < VETO_NINDEX; k++) {
            if (show & VETO_INDEX_BIT(k)) {
                cells[c++] = index_cell(r, k, i, exact, plain);
            }
        }
        if (semi) {
            cells[c++] = fmt_num(r->semivalue[i], 0, exact, plain);
        }
        if (veto_col) {
            cells[c] = xstrdup(!r->have_properties ? (plain ? "" : "?")
                               : r->veto_player[i] ? (plain ? "1" : "yes")
                                                   : (plain ? "0" : "no"));
        }
        rt_row(t, (const char *const *)cells);
        for (size_t j = 0; j < ncol; j++) {
            free(cells[j]);
        }
    }
    free(cells);
    free(row);
}

/* The power table with the catalogue entries of x that --index asked for
 * and r does not have (veto power --index PHT). */
void rt_power_table_more(rtable_t *t, const veto_model_t *m,
                         const veto_result_t *r, bool exact, bool plain,
                         const veto_indices_t *x, const bool *want)
{
    rtable_t base;
    rt_power_table(&base, m, r, exact, plain, VETO_INDEX_ALL, false);
    size_t extra = 0;
    size_t nk = x != NULL ? x->nindex : 0;
    for (size_t k = 0; k < nk; k++) {
        extra += want[k];
    }
    rt_init(t, base.ncol + extra);
    for (size_t c = 0; c < base.ncol; c++) {
        t->right[c] = base.right[c];
    }
    char **cells = xmalloc((base.ncol + extra) * sizeof *cells);
    for (size_t row = 0; row < base.nrow; row++) {
        size_t c = 0;
        for (; c < base.ncol; c++) {
            cells[c] = xstrdup(base.cell[row * base.ncol + c]);
        }
        for (size_t k = 0; k < nk; k++) {
            if (!want[k]) {
                continue;
            }
            const veto_index_info_t *e = veto_index_catalogue(k);
            t->right[c] = true;
            if (row == 0) {
                cells[c++] = xstrdup(plain ? e->key : e->name);
            } else {
                cells[c++] = xindex_cell(x, k, e->game ? 0 : row - 1, exact,
                                         plain);
            }
        }
        rt_row(t, (const char *const *)cells);
        for (size_t j = 0; j < c; j++) {
            free(cells[j]);
        }
    }
    free(cells);
    rt_free(&base);
}
