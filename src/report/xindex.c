/*
 * xindex.c: veto indices as text, CSV, EPIC's CSV or JSON (json.c), and
 * the public entry veto_report_indices.
 */
#include "report.h"
#include "../base/base.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

extern _Thread_local jmp_buf *veto_i_report_jump;

int json_indices(FILE *f, const veto_model_t *m, const veto_indices_t *x,
                 const bool *want, const report_opts_t *o);

static void catalogue_table(FILE *f, report_format fmt)
{
    /* Text: what fits a terminal; CSV and Markdown: every field (the
     * README and the man page carry the Markdown table). */
    bool full = fmt != REPORT_TEXT;
    size_t nc = full ? 7 : 5;
    rtable_t t;
    rt_init(&t, nc);
    const char *head[7] = {"key", "short", "EPIC", "name", "definition",
                           "reference", "engines and cost"};
    const char *thead[5] = {"key", "short", "EPIC", "name", "engines"};
    rt_row(&t, full ? head : thead);
    for (size_t k = 0; k < veto_index_catalogue_size(); k++) {
        const veto_index_info_t *e = veto_index_catalogue(k);
        const char *row[7] = {e->key, e->short_name, e->aliases, e->name,
                              e->definition, e->reference, e->engines};
        const char *trow[5] = {e->key, e->short_name, e->aliases, e->name,
                               e->engines};
        rt_row(&t, full ? row : trow);
    }
    rt_render(f, &t, fmt);
    rt_free(&t);
}

/* A value as text/CSV: the fraction with --exact or for a count. */
char *xindex_cell(const veto_indices_t *x, size_t k, size_t i, bool exact,
                  bool plain)
{
    if (!x->computed[k]) {
        return xstrdup(plain ? "" : "not computed");
    }
    if (x->undefined[k]) {
        return xstrdup(plain ? "" : "undefined");
    }
    mpq_srcptr q = x->value[k][i];
    if (exact || mpz_cmp_ui(mpq_denref(q), 1) == 0) {
        return fmt_frac(q);
    }
    return fmt_num(q, 0, false, plain);
}

/* Text tables of more players than this put a player on each line (an
 * index in each column) instead of an index on each line: every column of
 * the other layout is as wide as its widest cell, and a raw count of
 * thousands of players has thousands of digits (typed-2000, every index:
 * 539 MB of text, 22 MB this way). */
#define VALUES_WIDE 16

/* The entries of x to show: wanted, and computed unless asked for. */
static bool shown(const veto_indices_t *x, const bool *want, size_t k)
{
    return want != NULL ? want[k] : x->computed[k];
}

/* Text of many players: a line per player, a column per index; the
 * indices of the game (one number each) on lines of their own below. */
static void players_table(FILE *f, const veto_model_t *m,
                          const veto_indices_t *x, const bool *want,
                          const report_opts_t *o)
{
    size_t nk = veto_index_catalogue_size();
    size_t *col = xmalloc(nk * sizeof *col), ncol = 1;
    for (size_t k = 0; k < nk; k++) {
        if (shown(x, want, k) && !veto_index_catalogue(k)->game) {
            col[ncol++ - 1] = k;
        }
    }
    rtable_t t;
    rt_init(&t, ncol);
    const char **head = xmalloc(ncol * sizeof *head);
    head[0] = "player";
    for (size_t c = 1; c < ncol; c++) {
        head[c] = veto_index_catalogue(col[c - 1])->name;
    }
    rt_row(&t, head);
    char **cells = xmalloc(ncol * sizeof *cells);
    for (size_t i = 0; i < x->n; i++) {
        cells[0] = xstrdup(veto_model_player(m, i));
        for (size_t c = 1; c < ncol; c++) {
            cells[c] = xindex_cell(x, col[c - 1], i, o->exact, false);
        }
        rt_row(&t, (const char *const *)cells);
        for (size_t c = 0; c < ncol; c++) {
            free(cells[c]);
        }
    }
    rt_render(f, &t, o->format);
    rt_free(&t);
    for (size_t k = 0; k < nk; k++) {
        const veto_index_info_t *e = veto_index_catalogue(k);
        if (shown(x, want, k) && e->game) {
            char *v = xindex_cell(x, k, 0, o->exact, false);
            fprintf(f, "%s: %s\n", e->name, v);
            free(v);
        }
    }
    free(cells);
    free(head);
    free(col);
}

/* A line per index, a column per player (CSV, Markdown, and text of up to
 * VALUES_WIDE players). */
static void indices_table(FILE *f, const veto_model_t *m,
                          const veto_indices_t *x, const bool *want,
                          const report_opts_t *o)
{
    bool plain = o->format == REPORT_CSV;
    size_t nk = veto_index_catalogue_size();
    size_t ncol = 1 + x->n;
    rtable_t t;
    rt_init(&t, ncol);
    const char **row = xmalloc(ncol * sizeof *row);
    row[0] = "index";
    for (size_t i = 0; i < x->n; i++) {
        row[1 + i] = veto_model_player(m, i);
    }
    rt_row(&t, row);
    char **cells = xmalloc(ncol * sizeof *cells);
    for (size_t k = 0; k < nk; k++) {
        if (!shown(x, want, k)) {
            continue;
        }
        const veto_index_info_t *e = veto_index_catalogue(k);
        cells[0] = xstrdup(plain ? e->key : e->name);
        for (size_t i = 0; i < x->n; i++) {
            cells[1 + i] = e->game && i > 0 ? xstrdup("")
                                            : xindex_cell(x, k, e->game ? 0 : i,
                                                          o->exact, plain);
        }
        rt_row(&t, (const char *const *)cells);
        for (size_t c = 0; c < ncol; c++) {
            free(cells[c]);
        }
    }
    free(cells);
    free(row);
    rt_render(f, &t, o->format);
    rt_free(&t);
}

static void values_table(FILE *f, const veto_model_t *m,
                         const veto_indices_t *x, const bool *want,
                         const report_opts_t *o)
{
    if (o->format != REPORT_CSV) {
        fprintf(f, "%s: %s (%s)\n", report_label(m),
                veto_method_name(x->method), x->reason);
    }
    if (o->format == REPORT_TEXT && x->n > VALUES_WIDE) {
        players_table(f, m, x, want, o);
    } else {
        indices_table(f, m, x, want, o);
    }
    if (o->format != REPORT_CSV) {
        for (size_t k = 0; k < veto_index_catalogue_size(); k++) {
            if (want != NULL && want[k] && !x->computed[k]) {
                fprintf(f, "%s: not computed: %s\n",
                        veto_index_catalogue(k)->key, x->why_not[k]);
            }
        }
    }
}

static void write_indices(FILE *f, const veto_model_t *m,
                          const veto_indices_t *x, const bool *want,
                          const report_opts_t *o)
{
    if (o->format == REPORT_JSON) {
        json_indices(f, m, x, want, o);
    } else if (m == NULL || x == NULL) {
        catalogue_table(f, o->format);
    } else {
        values_table(f, m, x, want, o);
    }
}

typedef struct job {
    const veto_model_t *model;
    const veto_indices_t *x;
    const bool *want;
    const veto_report_options_t *opt;
} job_t;

/* Run the writer; false when it ran out of memory (report_oom). */
static bool guarded(FILE *f, const job_t *j)
{
    jmp_buf here;
    jmp_buf *outer = veto_i_report_jump;
    if (setjmp(here) != 0) {
        veto_i_report_jump = outer;
        return false;
    }
    veto_i_report_jump = &here;
    write_indices(f, j->model, j->x, j->want, j->opt);
    veto_i_report_jump = outer;
    return true;
}

veto_status veto_report_indices(char **out, const veto_model_t *model,
                                const veto_indices_t *x, const bool *want,
                                const veto_report_options_t *opt,
                                veto_error_t *err)
{
    veto_report_options_t defaults;
    if (out == NULL) {
        return veto_i_errorf(err, VETO_EMISUSE, "no place for the report");
    }
    *out = NULL;
    veto_report_options_init(&defaults);
    job_t j = {model, x, want, opt != NULL ? opt : &defaults};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    if (!guarded(f, &j)) {
        fclose(f);
        free(buf);
        return veto_i_errorf(err, VETO_ENOMEM,
                             "out of memory while writing the report");
    }
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad || buf == NULL) {
        free(buf);
        return veto_i_errorf(err, VETO_ENOMEM,
                             "out of memory while writing the report");
    }
    *out = buf;
    return VETO_OK;
}

/* EPIC's CSV layout (its DataOutput::outputToCSV): three header lines,
 * then the values of one index separated by commas, here at full
 * precision: the shortest decimal that reads back to the nearest double,
 * or the exact fraction with exact; counts as integers. */
veto_status veto_report_indices_epic(char **out, const veto_indices_t *x,
                                     size_t k, const char *quota,
                                     const char *weights_file, bool exact,
                                     veto_error_t *err)
{
    if (out == NULL || x == NULL || k >= x->nindex) {
        return veto_i_errorf(err, VETO_EMISUSE, "bad arguments");
    }
    *out = NULL;
    if (!x->computed[k]) {
        return veto_i_errorf(err, VETO_EUNSUPPORTED, "%s not computed: %s",
                             veto_index_catalogue(k)->key, x->why_not[k]);
    }
    if (x->undefined[k]) {
        return veto_i_errorf(err, VETO_EUNSUPPORTED,
                             "%s is undefined for this rule",
                             veto_index_catalogue(k)->key);
    }
    veto_i_buf_t b = {0};
    veto_i_buf_printf(&b, "Player count: %zu\nQuota: %s\nWeights file: %s\n",
                      x->n, quota != NULL ? quota : "-",
                      weights_file != NULL ? weights_file : "-");
    size_t len = veto_index_catalogue(k)->game ? 1 : x->n;
    for (size_t i = 0; i < len; i++) {
        mpq_srcptr q = x->value[k][i];
        if (i > 0) {
            veto_i_buf_printf(&b, ",");
        }
        if (exact || mpz_cmp_ui(mpq_denref(q), 1) == 0) {
            char *f = mpq_get_str(NULL, 10, q);
            if (f == NULL) {
                b.oom = true;
                break;
            }
            veto_i_buf_printf(&b, "%s", f);
            void (*freefn)(void *, size_t);
            mp_get_memory_functions(NULL, NULL, &freefn);
            freefn(f, strlen(f) + 1);
        } else {
            char d[64];
            veto_i_fmt_double(d, sizeof d, veto_i_q_to_double(q));
            veto_i_buf_printf(&b, "%s", d);
        }
    }
    veto_i_buf_printf(&b, "\n");
    if (b.oom) {
        veto_i_free(b.s);
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    *out = b.s;
    return VETO_OK;
}
