/*
 * table.c: tables of strings rendered as aligned text, CSV (RFC 4180
 * quoting) or Markdown, and the number formats every writer shares.
 */
#include "report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void *xmalloc(size_t n)
{
    void *p = malloc(n == 0 ? 1 : n);
    if (p == NULL) {
        fputs("veto: out of memory\n", stderr);
        exit(3);
    }
    return p;
}

const char *report_label(const veto_model_t *m)
{
    const char *t = veto_model_title(m);
    return t != NULL ? t : veto_model_filename(m);
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

static char *gmp_str_to_ours(char *s)
{
    char *c = xstrdup(s);
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(s, strlen(s) + 1);
    return c;
}

char *fmt_z(const mpz_t z)
{
    return gmp_str_to_ours(mpz_get_str(NULL, 10, z));
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

char *fmt_q(const mpq_t q, bool exact)
{
    if (exact) {
        return gmp_str_to_ours(mpq_get_str(NULL, 10, q));
    }
    return fmt_d(mpq_get_d(q));
}

void rt_init(rtable_t *t, size_t ncol)
{
    memset(t, 0, sizeof *t);
    t->ncol = ncol;
    t->right = calloc(ncol, sizeof *t->right);
    if (t->right == NULL) {
        fputs("veto: out of memory\n", stderr);
        exit(3);
    }
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
        char **c = realloc(t->cell, t->cap * t->ncol * sizeof *c);
        if (c == NULL) {
            fputs("veto: out of memory\n", stderr);
            exit(3);
        }
        t->cell = c;
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
    size_t *w = calloc(nc, sizeof *w);
    if (w == NULL) {
        return;
    }
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
