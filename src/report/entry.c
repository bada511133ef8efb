/*
 * entry.c: the public entry points of the report room. Each runs one
 * writer into a memory stream and hands back the string, so that bindings
 * get exactly what the veto command prints and the library never writes
 * to a file of its own.
 */
#include "report.h"
#include "../base/base.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

_Thread_local jmp_buf *veto_i_report_jump;

void veto_report_options_init(veto_report_options_t *opt)
{
    if (opt != NULL) {
        memset(opt, 0, sizeof *opt);
        opt->format = VETO_REPORT_TEXT;
    }
}

/* What a writer needs, whichever it is. */
typedef struct job {
    int (*items_fn)(FILE *, const report_item_t *, size_t,
                    const report_opts_t *);
    int (*explain_fn)(FILE *, const veto_model_t *, const veto_explanation_t *,
                      const report_opts_t *);
    int (*sweep_fn)(FILE *, const veto_model_t *, const veto_sweep_t *,
                    const report_opts_t *);
    int (*design_fn)(FILE *, const veto_model_t *, const veto_design_t *,
                     const report_opts_t *);
    const veto_model_t *const *models;
    const veto_result_t *const *results;
    size_t count;
    const veto_model_t *model;
    const void *what;
    const veto_indices_t *more; /* veto power --index with catalogue names */
    const bool *more_want;
    report_item_t *items; /* built inside the guarded region */
} job_t;

static void call(FILE *f, job_t *j, const report_opts_t *o)
{
    if (j->items_fn != NULL) {
        j->items = xmalloc((j->count + 1) * sizeof *j->items);
        for (size_t k = 0; k < j->count; k++) {
            j->items[k].model = j->models[k];
            j->items[k].result = j->results[k];
            j->items[k].more = k == 0 ? j->more : NULL;
            j->items[k].more_want = k == 0 ? j->more_want : NULL;
        }
        j->items_fn(f, j->items, j->count, o);
        free(j->items);
        j->items = NULL;
    } else if (j->explain_fn != NULL) {
        j->explain_fn(f, j->model, j->what, o);
    } else if (j->sweep_fn != NULL) {
        j->sweep_fn(f, j->model, j->what, o);
    } else {
        j->design_fn(f, j->model, j->what, o);
    }
}

/* Run the writer; false when it ran out of memory (report_oom). */
static bool guarded(FILE *f, job_t *j, const veto_report_options_t *opt)
{
    jmp_buf here;
    jmp_buf *outer = veto_i_report_jump;
    if (setjmp(here) != 0) {
        veto_i_report_jump = outer;
        return false;
    }
    veto_i_report_jump = &here;
    call(f, j, opt);
    veto_i_report_jump = outer;
    return true;
}

static veto_status run(char **out, job_t *j, const veto_report_options_t *opt,
                       veto_error_t *err)
{
    veto_report_options_t defaults;
    if (opt == NULL) {
        veto_report_options_init(&defaults);
        opt = &defaults;
    }
    if ((unsigned)opt->format > VETO_REPORT_HTML) {
        return veto_i_errorf(err, VETO_EMISUSE, "unknown report format %d",
                             (int)opt->format);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    bool bad = !guarded(f, j, opt);
    if (bad) {
        fclose(f);
        free(buf);
        return veto_i_errorf(err, VETO_ENOMEM,
                             "out of memory while writing the report");
    }
    bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad || buf == NULL) {
        free(buf);
        return veto_i_errorf(err, VETO_ENOMEM,
                             "out of memory while writing the report");
    }
    *out = buf;
    return VETO_OK;
}

static veto_status items_entry(char **out,
                               int (*fn)(FILE *, const report_item_t *, size_t,
                                         const report_opts_t *),
                               const veto_model_t *const *models,
                               const veto_result_t *const *results,
                               size_t count, const veto_report_options_t *opt,
                               veto_error_t *err)
{
    if (out == NULL) {
        return veto_i_errorf(err, VETO_EMISUSE, "no place for the report");
    }
    *out = NULL;
    if (models == NULL || results == NULL || count == 0) {
        return veto_i_errorf(err, VETO_EMISUSE, "no model to report on");
    }
    for (size_t k = 0; k < count; k++) {
        if (models[k] == NULL || results[k] == NULL) {
            return veto_i_errorf(err, VETO_EMISUSE,
                                 "model or result %zu is NULL", k);
        }
    }
    job_t j = {0};
    j.items_fn = fn;
    j.models = models;
    j.results = results;
    j.count = count;
    return run(out, &j, opt, err);
}

veto_status veto_report_full(char **out, const veto_model_t *const *models,
                             const veto_result_t *const *results, size_t count,
                             const veto_report_options_t *opt,
                             veto_error_t *err)
{
    return items_entry(out, report_full, models, results, count, opt, err);
}

static int power_one(FILE *f, const report_item_t *items, size_t n,
                     const report_opts_t *o)
{
    (void)n;
    return report_power(f, items, o);
}

veto_status veto_report_power(char **out, const veto_model_t *model,
                              const veto_result_t *result,
                              const veto_report_options_t *opt,
                              veto_error_t *err)
{
    return items_entry(out, power_one, &model, &result, 1, opt, err);
}

veto_status veto_report_power_more(char **out, const veto_model_t *model,
                                   const veto_result_t *result,
                                   const veto_indices_t *more,
                                   const bool *want,
                                   const veto_report_options_t *opt,
                                   veto_error_t *err)
{
    if (out == NULL || model == NULL || result == NULL ||
        (more != NULL && want == NULL)) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "veto_report_power_more: a NULL argument");
    }
    *out = NULL;
    job_t j = {0};
    j.items_fn = power_one;
    j.models = &model;
    j.results = &result;
    j.count = 1;
    j.more = more;
    j.more_want = want;
    return run(out, &j, opt, err);
}

veto_status veto_report_compare(char **out, const veto_model_t *const *models,
                                const veto_result_t *const *results,
                                size_t count, const veto_report_options_t *opt,
                                veto_error_t *err)
{
    return items_entry(out, report_compare, models, results, count, opt, err);
}

/* The formats a writer has, as bits of (1 << format). */
static veto_status check_one(char **out, const veto_model_t *model,
                             const void *what, const char *name,
                             unsigned formats,
                             const veto_report_options_t *opt,
                             veto_error_t *err)
{
    if (out == NULL || model == NULL || what == NULL) {
        if (out != NULL) {
            *out = NULL;
        }
        return veto_i_errorf(err, VETO_EMISUSE,
                             "veto_report_%s: a NULL argument", name);
    }
    *out = NULL;
    veto_report_format fmt = opt != NULL ? opt->format : VETO_REPORT_TEXT;
    if ((unsigned)fmt > VETO_REPORT_HTML || !(formats & (1u << fmt))) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "'%s' has no such output format", name);
    }
    return VETO_OK;
}

#define F(x) (1u << (x))

veto_status veto_report_explain(char **out, const veto_model_t *model,
                                const veto_explanation_t *e,
                                const veto_report_options_t *opt,
                                veto_error_t *err)
{
    veto_status rc = check_one(
        out, model, e, "explain",
        F(VETO_REPORT_TEXT) | F(VETO_REPORT_MD) | F(VETO_REPORT_JSON), opt,
        err);
    if (rc != VETO_OK) {
        return rc;
    }
    job_t j = {0};
    j.explain_fn = report_explain;
    j.model = model;
    j.what = e;
    return run(out, &j, opt, err);
}

veto_status veto_report_sweep(char **out, const veto_model_t *model,
                              const veto_sweep_t *s,
                              const veto_report_options_t *opt,
                              veto_error_t *err)
{
    veto_status rc = check_one(out, model, s, "sweep", ~0u, opt, err);
    if (rc != VETO_OK) {
        return rc;
    }
    if (s->npoints == 0) {
        return veto_i_errorf(err, VETO_EMISUSE, "a sweep without points");
    }
    job_t j = {0};
    j.sweep_fn = report_sweep;
    j.model = model;
    j.what = s;
    return run(out, &j, opt, err);
}

veto_status veto_report_design(char **out, const veto_model_t *model,
                               const veto_design_t *d,
                               const veto_report_options_t *opt,
                               veto_error_t *err)
{
    veto_status rc =
        check_one(out, model, d, "design",
                  F(VETO_REPORT_TEXT) | F(VETO_REPORT_MD) |
                      F(VETO_REPORT_JSON) | F(VETO_REPORT_HTML),
                  opt, err);
    if (rc != VETO_OK) {
        return rc;
    }
    job_t j = {0};
    j.design_fn = report_design;
    j.model = model;
    j.what = d;
    return run(out, &j, opt, err);
}
