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
/* A model's title, or its file name when it has none. */
const char *report_label(const veto_model_t *m);
/* A JSON value for an exact quantity: the fraction q as a string when
 * `exact` (q is then read), else the number d. Defined in json.c. */
struct json_t;
struct json_t *json_q(const mpq_t q, double d, bool exact);
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

/* ---- SVG and HTML (svg.c, html.c) ------------------------------------- */

/* Two more values of report_format (outside the enum so that the text
 * writers' switches stay as they are). */
#define REPORT_SVG ((report_format)(REPORT_MD + 1))
#define REPORT_HTML ((report_format)(REPORT_MD + 2))
/* `veto check --format veto`: the model as a .veto file. */
#define REPORT_VETO ((report_format)(REPORT_MD + 3))

/* XML-escape s (NULL writes nothing). */
void svg_escape(FILE *f, const char *s);
/* A grouped bar chart: ncat groups (labels cat, rotated when many), nseries
 * bars per group coloured by series; val[s * ncat + c]. A whole <svg>. */
int svg_bar_chart(FILE *f, const char *title, const char *xlabel,
                  const char *ylabel, size_t ncat, const char *const *cat,
                  size_t nseries, const char *const *series,
                  const double *val);
/* A line chart: y[s * npoints + k] over x[k]. A whole <svg>. */
int svg_line_chart(FILE *f, const char *title, const char *xlabel,
                   const char *ylabel, size_t npoints, const double *x,
                   size_t nseries, const char *const *series, const double *y);
/* The indices of one model as bars (one group per player). */
int svg_power_chart(FILE *f, const report_item_t *it);
/* compare: Banzhaf per player, one colour per model; P(act) per scenario. */
int svg_compare_power(FILE *f, const report_item_t *items, size_t nitems);
int svg_compare_pact(FILE *f, const report_item_t *items, size_t nitems);
/* --format svg for report, power and compare (cmd is c->cmd). */
int report_svg(FILE *f, const char *cmd, const report_item_t *items,
               size_t nitems, const report_opts_t *o);
/* --format html: one self-contained page (inline SVG, no scripts). */
int report_html(FILE *f, const char *cmd, const report_item_t *items,
                size_t nitems, const report_opts_t *o);
/* Pieces of a page, for subcommands that write their own. */
void html_begin(FILE *f, const char *title);
void html_end(FILE *f);

/* An rtable as an HTML table (row 0 the header). */
void html_table(FILE *f, const rtable_t *t);
/* The power table: player, each computed index in mask, "veto". */
void rt_power_table(rtable_t *t, const veto_model_t *m,
                    const veto_result_t *r, bool exact, unsigned mask);
/* "China, France, ..." or "none"; malloc'd. */
char *veto_list(const veto_model_t *m, const veto_result_t *r);
/* Beliefs of scenario s (0 = defaults) in words: "everyone 1/2" or
 * "1/2, except Russia 0"; malloc'd. */
char *belief_words(const veto_model_t *m, size_t s);

#endif /* VETO_REPORT_H */
