/*
 * report.h: writers. They know the public result and model, nothing of the
 * engines. Every table is built once as cells and rendered as text (aligned
 * columns), CSV or Markdown; JSON is written with jansson.
 */
#ifndef VETO_REPORT_H
#define VETO_REPORT_H

#include "veto.h"

#include <stdio.h>

typedef enum report_format {
    REPORT_TEXT,
    REPORT_JSON,
    REPORT_CSV,
    REPORT_MD
} report_format;

typedef struct report_opts {
    report_format format;
    bool exact;     /* fractions instead of decimals */
    bool verbose;
} report_opts_t;

/* One analysed model. */
typedef struct report_item {
    const veto_model_t *model;
    const veto_result_t *result;
} report_item_t;

/* A table of strings; row 0 is the header. */
typedef struct rtable {
    size_t ncol, nrow, cap;
    char **cell;      /* nrow * ncol */
    bool *right;      /* per column: right-aligned */
} rtable_t;

void rt_init(rtable_t *t, size_t ncol);
void rt_free(rtable_t *t);
/* Append a row of ncol strings (copied). */
void rt_row(rtable_t *t, const char *const *cells);
void rt_set(rtable_t *t, size_t row, size_t col, const char *s);
void rt_render(FILE *f, const rtable_t *t, report_format fmt);

/* Formatting helpers; return malloc'd strings. */
char *fmt_q(const mpq_t q, bool exact);
char *fmt_z(const mpz_t z);
char *fmt_d(double d);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *xmalloc(size_t n);

/* veto power FILE */
int report_power(FILE *f, const report_item_t *it, const report_opts_t *o);
/* veto FILE...: everything, beliefs per scenario */
int report_full(FILE *f, const report_item_t *items, size_t nitems,
                const report_opts_t *o);
/* veto compare FILE FILE... */
int report_compare(FILE *f, const report_item_t *items, size_t nitems,
                   const report_opts_t *o);

/* JSON forms of the three (json.c). */
int report_json_power(FILE *f, const report_item_t *it, const report_opts_t *o);
int report_json_full(FILE *f, const report_item_t *items, size_t nitems,
                     const report_opts_t *o);
int report_json_compare(FILE *f, const report_item_t *items, size_t nitems,
                        const report_opts_t *o);

#endif /* VETO_REPORT_H */
