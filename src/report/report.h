/*
 * report.h: the report room. Every writer of the veto command lives here
 * and is part of libveto: the public entry points (veto_report_*, in
 * entry.c) write into memory and hand back a string, so the library still
 * never prints. The writers know the public model and result types,
 * nothing of the engines. A table is built once as cells and rendered as
 * text (aligned columns), CSV, Markdown or HTML; JSON is built with jansson
 * and serialised by json.c (so that decimals are the shortest that read
 * back); charts are SVG (svg.c).
 */
#ifndef VETO_REPORT_H
#define VETO_REPORT_H

#include "veto.h"

#include <stdio.h>

typedef veto_report_format report_format;
#define REPORT_TEXT VETO_REPORT_TEXT
#define REPORT_JSON VETO_REPORT_JSON
#define REPORT_CSV VETO_REPORT_CSV
#define REPORT_MD VETO_REPORT_MD
#define REPORT_SVG VETO_REPORT_SVG
#define REPORT_HTML VETO_REPORT_HTML
#define REPORT_VETO VETO_REPORT_VETO /* check --format veto: the model as .veto */

typedef veto_report_options_t report_opts_t;

/* One analysed model. */
typedef struct report_item {
    const veto_model_t *model;
    const veto_result_t *result;
    /* veto power --index with catalogue names: those entries of `more`
     * with more_want[k] (both NULL otherwise) */
    const veto_indices_t *more;
    const bool *more_want;
} report_item_t;

/* ---- allocation (table.c) ----------------------------------------------
 * The writers allocate through these. They never return NULL: on failure
 * they jump back to the entry point that started the writer (entry.c),
 * which returns VETO_ENOMEM. What the interrupted writer held is then lost;
 * that happens only once memory has already run out. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Give up: back to the entry point with VETO_ENOMEM. */
_Noreturn void report_oom(void);

/* ---- numbers (table.c) -------------------------------------------------
 * Every decimal is the double nearest to the exact value (veto_i_q_to_
 * double). Text shows it with 6 decimals, and keeps a value that is not
 * exactly 0 or 1 from looking like one ("2.33e-10", "1-2.33e-10"); CSV,
 * JSON and tooltips of charts read by programs use the shortest string
 * that reads back to the double ("plain"). */
double q_double(mpq_srcptr q);
char *fmt_z(mpz_srcptr z);
char *fmt_frac(mpq_srcptr q);     /* "p/q", or "p" for an integer */
char *fmt_d(double d);            /* text */
char *fmt_plain(double d);        /* shortest round trip */
/* A number as a cell: the fraction when exact and q != NULL; else the
 * decimal of q (or d when q is NULL), plain or as text. */
char *fmt_num(mpq_srcptr q, double d, bool exact, bool plain);
/* Text: the fraction when exact, else fmt_d of the nearest double. */
char *fmt_q(mpq_srcptr q, bool exact);

/* The one index cell: index k of player i. Counts (banzhaf_raw,
 * holler_raw) are whole integers; Monte Carlo estimates carry their
 * half-width in text ("0.2 ± 0.0013"). Not computed or undefined: "not
 * computed" / "undefined" in text, empty when plain. */
char *index_cell(const veto_result_t *r, int k, size_t i, bool exact,
                 bool plain);
/* P(act) and P(player i decisive) under one belief scenario, likewise. */
char *p_act_cell(const veto_belief_result_t *b, bool exact, bool plain);
char *p_dec_cell(const veto_belief_result_t *b, size_t i, bool exact,
                 bool plain);

/* A model's title, or its file name when it has none. */
const char *report_label(const veto_model_t *m);
/* "China, France, ..." of the flagged players, or `none`; malloc'd. */
char *name_list(const veto_model_t *m, const bool *flag, size_t n,
                const char *sep, const char *none);
/* The veto players in words ("China, France", "none", "not computed"). */
char *veto_list(const veto_model_t *m, const veto_result_t *r);
/* "UK, China" or "nobody"; malloc'd. */
char *coalition_words(const veto_model_t *m, const veto_coalition_t *co);
/* Beliefs of scenario s (0 = defaults) in words: "everyone 1/2" or
 * "1/2, except Russia 0"; malloc'd. */
char *belief_words(const veto_model_t *m, size_t s);

/* ---- tables (table.c) -------------------------------------------------- */

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
/* An rtable as an HTML table (row 0 the header). */
void html_table(FILE *f, const rtable_t *t);

/* The one power table: player, each index of `mask` that was computed,
 * and, with `veto_col`, a veto column. Headers are the index names, or
 * with `plain` (CSV) the JSON keys; cells are index_cell's. */
/* Catalogue index k of x for player i as a table cell (xindex.c). */
char *xindex_cell(const veto_indices_t *x, size_t k, size_t i, bool exact,
                  bool plain);
/* rt_power_table, then a column for each entry k of x with want[k] that
 * is not one of r's (table.c). */
void rt_power_table_more(rtable_t *t, const veto_model_t *m,
                         const veto_result_t *r, bool exact, bool plain,
                         const veto_indices_t *x, const bool *want);
void rt_power_table(rtable_t *t, const veto_model_t *m,
                    const veto_result_t *r, bool exact, bool plain,
                    unsigned mask, bool veto_col);

/* ---- the writers ------------------------------------------------------- */

int report_power(FILE *f, const report_item_t *it, const report_opts_t *o);
int report_full(FILE *f, const report_item_t *items, size_t nitems,
                const report_opts_t *o);
int report_compare(FILE *f, const report_item_t *items, size_t nitems,
                   const report_opts_t *o);
int report_explain(FILE *f, const veto_model_t *m,
                   const veto_explanation_t *e, const report_opts_t *o);
int report_sweep(FILE *f, const veto_model_t *m, const veto_sweep_t *s,
                 const report_opts_t *o);
int report_design(FILE *f, const veto_model_t *m, const veto_design_t *d,
                  const report_opts_t *o);

/* JSON (json.c): the veto/1 documents. */
int json_power(FILE *f, const report_item_t *it, const report_opts_t *o);
int json_models(FILE *f, const char *command, const report_item_t *items,
                size_t nitems, const report_opts_t *o);
int json_explain(FILE *f, const veto_model_t *m, const veto_explanation_t *e,
                 const report_opts_t *o);
int json_sweep(FILE *f, const veto_model_t *m, const veto_sweep_t *s,
               const report_opts_t *o);
int json_design(FILE *f, const veto_model_t *m, const veto_design_t *d,
                const report_opts_t *o);

/* ---- SVG and HTML (svg.c, html.c) -------------------------------------- */

/* XML-escape s (NULL writes nothing). */
void svg_escape(FILE *f, const char *s);
/* A grouped bar chart: ncat groups (labels cat, rotated when many), nseries
 * bars per group coloured by series; val[s * ncat + c] (NAN: no bar);
 * tip[s * ncat + c] the value as the tables show it (NULL: from val).
 * A whole <svg>. */
int svg_bar_chart(FILE *f, const char *title, const char *xlabel,
                  const char *ylabel, size_t ncat, const char *const *cat,
                  size_t nseries, const char *const *series,
                  const double *val, char *const *tip);
/* A line chart: y[s * npoints + k] over x[k]. A whole <svg>. */
int svg_line_chart(FILE *f, const char *title, const char *xlabel,
                   const char *ylabel, size_t npoints, const double *x,
                   size_t nseries, const char *const *series, const double *y);
/* The indices of one model as bars (one group per player). */
int svg_power_chart(FILE *f, const report_item_t *it, bool exact);
/* compare: Banzhaf per player as small multiples (one panel per model),
 * and P(act) per scenario. */
int svg_compare_power(FILE *f, const report_item_t *items, size_t nitems,
                      bool exact);
int svg_compare_pact(FILE *f, const report_item_t *items, size_t nitems,
                     bool exact);
/* --format svg of the full report, power, compare. */
int svg_report(FILE *f, const report_item_t *items, size_t nitems,
               const report_opts_t *o);
int svg_compare(FILE *f, const report_item_t *items, size_t nitems,
                const report_opts_t *o);
/* --format html: one self-contained page (inline SVG, no scripts). */
int html_report(FILE *f, const report_item_t *items, size_t nitems,
                const report_opts_t *o);
int html_compare(FILE *f, const report_item_t *items, size_t nitems,
                 const report_opts_t *o);
/* Pieces of a page, for writers that compose their own. */
void html_begin(FILE *f, const char *title);
void html_end(FILE *f);

#endif /* VETO_REPORT_H */
