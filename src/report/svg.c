/*
 * svg.c: charts as standalone SVG (valid XML, no scripts, no external
 * resources): grouped bar charts of the indices, line charts of sweeps, and
 * the probability of acting per scenario for compare. Every chart has a
 * title, labelled axes and a legend; category labels are rotated when there
 * are many (51 electors fit). Numbers are written with the C locale's '.'.
 */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const palette[] = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
#define NPALETTE (sizeof palette / sizeof palette[0])

void svg_escape(FILE *f, const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            /* Control characters are not allowed in XML 1.0. */
            if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n') {
                fputc(*s, f);
            }
        }
    }
}

/* UTF-8 characters in s (for label widths). */
static size_t u8len(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80;
    }
    return n;
}

/* A "nice" upper bound and tick step for [0, max]. */
static void nice_axis(double lo, double hi, double *top, double *bottom,
                      double *step)
{
    if (!(hi > lo)) {
        hi = lo + 1;
    }
    double span = hi - lo;
    double raw = span / 5;
    double mag = pow(10, floor(log10(raw)));
    double norm = raw / mag;
    double s = norm <= 1     ? 1
               : norm <= 2   ? 2
               : norm <= 2.5 ? 2.5
               : norm <= 5   ? 5
                             : 10;
    *step = s * mag;
    *bottom = floor(lo / *step + 1e-9) * *step;
    *top = ceil(hi / *step - 1e-9) * *step;
    if (*top <= *bottom) {
        *top = *bottom + *step;
    }
}

static void svg_open(FILE *f, double w, double h, const char *title)
{
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
            "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n",
            w, h, w, h);
    fputs("<title>", f);
    svg_escape(f, title);
    fputs("</title>\n", f);
    fprintf(f,
            "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" "
            "fill=\"white\"/>\n",
            w, h);
    fprintf(f,
            "<text x=\"%.1f\" y=\"24\" text-anchor=\"middle\" "
            "font-size=\"16\" font-weight=\"bold\">",
            w / 2);
    svg_escape(f, title);
    fputs("</text>\n", f);
}

static void legend(FILE *f, double x, double y, size_t nseries,
                   const char *const *series, bool lines)
{
    for (size_t s = 0; s < nseries; s++) {
        const char *col = palette[s % NPALETTE];
        double yy = y + 16.0 * (double)s;
        if (lines) {
            fprintf(f,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    "stroke=\"%s\" stroke-width=\"2\"%s/>\n",
                    x, yy - 4, x + 14, yy - 4, col,
                    s % 2 == 1 ? " stroke-dasharray=\"7 4\"" : "");
        } else {
            fprintf(f,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"10\" "
                    "fill=\"%s\"/>\n",
                    x, yy - 10, col);
        }
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">", x + 18, yy);
        svg_escape(f, series[s]);
        fputs("</text>\n", f);
    }
}

static double legend_width(size_t nseries, const char *const *series)
{
    size_t w = 0;
    for (size_t s = 0; s < nseries; s++) {
        size_t l = u8len(series[s]);
        w = l > w ? l : w;
    }
    return 30 + 7.0 * (double)w;
}

/* The two axes of a chart and their labels: the x label centred at
 * height label_y, the y label turned along the left edge. */
static void axes(FILE *f, double x0, double y0, double plot_w, double plot_h,
                 double top_m, double label_y, const char *xlabel,
                 const char *ylabel)
{
    fprintf(f,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"black\"/>\n",
            x0, y0, x0 + plot_w, y0);
    fprintf(f,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"black\"/>\n",
            x0, y0, x0, top_m);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
            x0 + plot_w / 2, label_y);
    svg_escape(f, xlabel);
    fputs("</text>\n", f);
    fprintf(f,
            "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" "
            "transform=\"rotate(-90 18 %.1f)\">",
            top_m + plot_h / 2, top_m + plot_h / 2);
    svg_escape(f, ylabel);
    fputs("</text>\n", f);
}

int svg_bar_chart(FILE *f, const char *title, const char *xlabel,
                  const char *ylabel, size_t ncat, const char *const *cat,
                  size_t nseries, const char *const *series, const double *val)
{
    double ymax = 0;
    size_t maxlab = 1;
    for (size_t k = 0; k < ncat * nseries; k++) {
        if (isfinite(val[k]) && val[k] > ymax) {
            ymax = val[k];
        }
    }
    for (size_t c = 0; c < ncat; c++) {
        size_t l = u8len(cat[c]);
        maxlab = l > maxlab ? l : maxlab;
    }
    double top, bottom, step;
    nice_axis(0, ymax, &top, &bottom, &step);
    double bar = nseries == 1 ? 16 : nseries <= 3 ? 9 : 6;
    double group = bar * (double)nseries + 8;
    bool rotate = ncat > 8 || maxlab * 7.0 > group;
    double lab_h = rotate ? 7.0 * (double)maxlab * 0.75 + 14 : 20;
    double left = 70, right = legend_width(nseries, series) + 20;
    double plot_w = group * (double)ncat;
    if (plot_w < 360) {
        plot_w = 360;
        group = plot_w / (double)(ncat == 0 ? 1 : ncat);
    }
    double plot_h = 300, top_m = 50;
    double w = left + plot_w + right;
    /* Wide enough for the title (16px bold: about 9.5px a character). */
    if (w < 9.5 * (double)u8len(title) + 40) {
        w = 9.5 * (double)u8len(title) + 40;
    }
    double h = top_m + plot_h + lab_h + 40;
    svg_open(f, w, h, title);
    double x0 = left, y0 = top_m + plot_h;
    /* grid and y ticks */
    for (double t = 0; t <= top + step / 2; t += step) {
        double y = y0 - t / top * plot_h;
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                "stroke=\"#dddddd\"/>\n",
                x0, y, x0 + plot_w, y);
        fprintf(f,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.4g"
                "</text>\n",
                x0 - 6, y + 4, t);
    }
    for (size_t c = 0; c < ncat; c++) {
        double gx =
            x0 + group * (double)c + (group - bar * (double)nseries) / 2;
        for (size_t s = 0; s < nseries; s++) {
            double v = val[s * ncat + c];
            if (!isfinite(v)) {
                continue; /* not applicable: no bar */
            }
            if (v < 0) {
                v = 0;
            }
            double bh = v / top * plot_h;
            fprintf(f,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                    "height=\"%.1f\" fill=\"%s\"><title>",
                    gx + bar * (double)s, y0 - bh, bar, bh,
                    palette[s % NPALETTE]);
            svg_escape(f, cat[c]);
            fputs(", ", f);
            svg_escape(f, series[s]);
            fprintf(f, ": %.6g</title></rect>\n", val[s * ncat + c]);
        }
        double lx = x0 + group * ((double)c + 0.5);
        if (rotate) {
            fprintf(f,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                    "transform=\"rotate(-60 %.1f %.1f)\">",
                    lx + 3, y0 + 10, lx + 3, y0 + 10);
        } else {
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                    lx, y0 + 16);
        }
        svg_escape(f, cat[c]);
        fputs("</text>\n", f);
    }
    axes(f, x0, y0, plot_w, plot_h, top_m, h - 10, xlabel, ylabel);
    legend(f, x0 + plot_w + 20, top_m + 10, nseries, series, false);
    fputs("</svg>\n", f);
    return 0;
}

int svg_line_chart(FILE *f, const char *title, const char *xlabel,
                   const char *ylabel, size_t npoints, const double *x,
                   size_t nseries, const char *const *series, const double *y)
{
    double xmin = npoints > 0 ? x[0] : 0, xmax = xmin;
    double ymax = 0;
    for (size_t k = 0; k < npoints; k++) {
        xmin = x[k] < xmin ? x[k] : xmin;
        xmax = x[k] > xmax ? x[k] : xmax;
    }
    for (size_t k = 0; k < npoints * nseries; k++) {
        if (isfinite(y[k]) && y[k] > ymax) {
            ymax = y[k];
        }
    }
    double xt, xb, xs, yt, yb, ys;
    nice_axis(xmin, xmax, &xt, &xb, &xs);
    if (xmax > xmin) {
        /* Keep the swept range itself as the axis. */
        xb = xmin;
        xt = xmax;
    }
    nice_axis(0, ymax, &yt, &yb, &ys);
    double left = 70, right = legend_width(nseries, series) + 20;
    double plot_w = 520, plot_h = 300, top_m = 50;
    double w = left + plot_w + right, h = top_m + plot_h + 60;
    if (w < 9.5 * (double)u8len(title) + 40) {
        w = 9.5 * (double)u8len(title) + 40;
    }
    double x0 = left, y0 = top_m + plot_h;
    svg_open(f, w, h, title);
    for (double t = 0; t <= yt + ys / 2; t += ys) {
        double yy = y0 - t / yt * plot_h;
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                "stroke=\"#dddddd\"/>\n",
                x0, yy, x0 + plot_w, yy);
        fprintf(f,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.4g"
                "</text>\n",
                x0 - 6, yy + 4, t);
    }
    double xspan = xt - xb;
    /* x ticks: at the nice step, within the range */
    double first = ceil(xb / xs - 1e-9) * xs;
    for (double t = first; t <= xt + xs * 1e-6; t += xs) {
        double xx = x0 + (t - xb) / xspan * plot_w;
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                "stroke=\"black\"/>\n",
                xx, y0, xx, y0 + 5);
        fprintf(f,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.4g"
                "</text>\n",
                xx, y0 + 18, fabs(t) < xs * 1e-9 ? 0.0 : t);
    }
    for (size_t s = 0; s < nseries; s++) {
        const char *col = palette[s % NPALETTE];
        /* Every other series dashed, so that equal curves stay visible. */
        fprintf(f,
                "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s "
                "points=\"",
                col, s % 2 == 1 ? " stroke-dasharray=\"7 4\"" : "");
        for (size_t k = 0; k < npoints; k++) {
            double v = isfinite(y[s * npoints + k]) ? y[s * npoints + k] : 0;
            fprintf(f, "%s%.1f,%.1f", k == 0 ? "" : " ",
                    x0 + (x[k] - xb) / xspan * plot_w, y0 - v / yt * plot_h);
        }
        fputs("\"/>\n", f);
        for (size_t k = 0; k < npoints && npoints <= 60; k++) {
            double v = isfinite(y[s * npoints + k]) ? y[s * npoints + k] : 0;
            fprintf(f,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">"
                    "<title>",
                    x0 + (x[k] - xb) / xspan * plot_w, y0 - v / yt * plot_h,
                    col);
            svg_escape(f, series[s]);
            fprintf(f, " at %.6g: %.6g</title></circle>\n", x[k], v);
        }
    }
    axes(f, x0, y0, plot_w, plot_h, top_m, h - 14, xlabel, ylabel);
    legend(f, x0 + plot_w + 20, top_m + 10, nseries, series, true);
    fputs("</svg>\n", f);
    return 0;
}

/* ---- charts of reports -----------------------------------------------------
 */

static double index_value(const veto_result_t *r, int k, size_t i)
{
    if (!(r->computed & VETO_INDEX_BIT(k)) ||
        (r->undefined & VETO_INDEX_BIT(k))) {
        return NAN;
    }
    if (r->approx[k] != NULL) {
        return r->approx[k][i];
    }
    return r->value[k] != NULL ? mpq_get_d(r->value[k][i]) : NAN;
}

/* The indices drawn: normalised Banzhaf, Shapley-Shubik, Holler,
 * Deegan-Packel, those computed. */
static const int drawn[] = {VETO_IDX_BANZHAF, VETO_IDX_SHAPLEY_SHUBIK,
                            VETO_IDX_HOLLER, VETO_IDX_DEEGAN_PACKEL};

int svg_power_chart(FILE *f, const report_item_t *it)
{
    const veto_result_t *r = it->result;
    size_t n = r->n;
    const char *series[4];
    int which[4];
    size_t ns = 0;
    for (size_t k = 0; k < 4; k++) {
        if ((r->computed & VETO_INDEX_BIT(drawn[k])) &&
            !(r->undefined & VETO_INDEX_BIT(drawn[k]))) {
            which[ns] = drawn[k];
            series[ns++] = veto_index_name((veto_index)drawn[k]);
        }
    }
    const char **cat = xmalloc((n + 1) * sizeof *cat);
    double *val = xmalloc((ns * n + 1) * sizeof *val);
    for (size_t i = 0; i < n; i++) {
        cat[i] = veto_model_player(it->model, i);
        for (size_t s = 0; s < ns; s++) {
            val[s * n + i] = index_value(r, which[s], i);
        }
    }
    char *title = xasprintf("%s: power indices", report_label(it->model));
    svg_bar_chart(f, title, "player", "index (share of power)", n, cat, ns,
                  series, val);
    free(title);
    free(cat);
    free(val);
    return 0;
}

/* Names in the union of the items' players (or scenarios), first seen
 * first. */
static size_t name_union(const char ***out, const report_item_t *items,
                         size_t nitems, bool scenarios)
{
    size_t cap = 16, n = 0;
    const char **u = xmalloc(cap * sizeof *u);
    for (size_t k = 0; k < nitems; k++) {
        const veto_result_t *r = items[k].result;
        size_t cnt = scenarios ? r->nbeliefs : r->n;
        for (size_t i = 0; i < cnt; i++) {
            const char *name = scenarios ? r->belief[i].name
                                         : veto_model_player(items[k].model, i);
            bool seen = false;
            for (size_t j = 0; j < n && !seen; j++) {
                seen = strcmp(u[j], name) == 0;
            }
            if (!seen) {
                if (n == cap) {
                    const char **bigger = xmalloc(2 * cap * sizeof *u);
                    memcpy(bigger, u, cap * sizeof *u);
                    free(u);
                    u = bigger;
                    cap *= 2;
                }
                u[n++] = name;
            }
        }
    }
    *out = u;
    return n;
}

int svg_compare_power(FILE *f, const report_item_t *items, size_t nitems)
{
    const char **cat;
    size_t ncat = name_union(&cat, items, nitems, false);
    const char **series = xmalloc((nitems + 1) * sizeof *series);
    double *val = xmalloc((ncat * nitems + 1) * sizeof *val);
    for (size_t k = 0; k < nitems; k++) {
        series[k] = report_label(items[k].model);
        for (size_t c = 0; c < ncat; c++) {
            val[k * ncat + c] = NAN; /* not a player of this model */
            for (size_t i = 0; i < items[k].result->n; i++) {
                if (strcmp(veto_model_player(items[k].model, i), cat[c]) == 0) {
                    val[k * ncat + c] =
                        index_value(items[k].result, VETO_IDX_BANZHAF, i);
                }
            }
        }
    }
    svg_bar_chart(f, "Banzhaf index by player, per model",
                  "player (matched by name)", "Banzhaf index (normalised)",
                  ncat, cat, nitems, series, val);
    free(cat);
    free(series);
    free(val);
    return 0;
}

int svg_compare_pact(FILE *f, const report_item_t *items, size_t nitems)
{
    const char **cat;
    size_t ncat = name_union(&cat, items, nitems, true);
    const char **series = xmalloc((nitems + 1) * sizeof *series);
    double *val = xmalloc((ncat * nitems + 1) * sizeof *val);
    for (size_t k = 0; k < nitems; k++) {
        const veto_result_t *r = items[k].result;
        series[k] = report_label(items[k].model);
        for (size_t c = 0; c < ncat; c++) {
            val[k * ncat + c] = NAN; /* no such scenario in this model */
            for (size_t s = 0; s < r->nbeliefs; s++) {
                if (strcmp(r->belief[s].name, cat[c]) == 0) {
                    val[k * ncat + c] = r->belief[s].p_act;
                }
            }
        }
    }
    svg_bar_chart(f, "Probability that the body acts, per scenario",
                  "scenario (matched by name)", "P(act)", ncat, cat, nitems,
                  series, val);
    free(cat);
    free(series);
    free(val);
    return 0;
}

/* Several charts in one SVG document: each is a nested <svg> placed
 * below the previous one. The inner documents are written to memory first
 * to learn their sizes. */
typedef int (*chart_fn)(FILE *f, const report_item_t *items, size_t nitems);

static int chart_power_one(FILE *f, const report_item_t *items, size_t nitems)
{
    (void)nitems;
    return svg_power_chart(f, items);
}

static void stack(FILE *f, const char *title, chart_fn *fn,
                  const report_item_t *const *arg, const size_t *nargs,
                  size_t ncharts)
{
    char **buf = xmalloc((ncharts + 1) * sizeof *buf);
    double *w = xmalloc((ncharts + 1) * sizeof *w);
    double *h = xmalloc((ncharts + 1) * sizeof *h);
    double W = 0, H = 0;
    for (size_t k = 0; k < ncharts; k++) {
        size_t len = 0;
        FILE *m = open_memstream(&buf[k], &len);
        if (m == NULL) {
            abort();
        }
        fn[k](m, arg[k], nargs[k]);
        fclose(m);
        w[k] = 0;
        h[k] = 0;
        sscanf(buf[k],
               "<svg xmlns=\"http://www.w3.org/2000/svg\" "
               "width=\"%lf\" height=\"%lf\"",
               &w[k], &h[k]);
        W = w[k] > W ? w[k] : W;
        H += h[k];
    }
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n<title>",
            W, H, W, H);
    svg_escape(f, title);
    fputs("</title>\n", f);
    double y = 0;
    for (size_t k = 0; k < ncharts; k++) {
        /* Place the inner chart by adding x and y to its opening tag. */
        fprintf(f, "<svg x=\"0\" y=\"%.0f\"%s", y, buf[k] + 4);
        y += h[k];
        free(buf[k]);
    }
    fputs("</svg>\n", f);
    free(buf);
    free(w);
    free(h);
}

int report_svg(FILE *f, const char *cmd, const report_item_t *items,
               size_t nitems, const report_opts_t *o)
{
    (void)o;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    bool compare = strcmp(cmd, "compare") == 0;
    if (!compare && nitems == 1) {
        return svg_power_chart(f, items);
    }
    size_t nch = compare ? 2 : nitems;
    chart_fn *fn = xmalloc(nch * sizeof *fn);
    const report_item_t **arg = xmalloc(nch * sizeof *arg);
    size_t *na = xmalloc(nch * sizeof *na);
    if (compare) {
        fn[0] = svg_compare_power;
        fn[1] = svg_compare_pact;
        arg[0] = arg[1] = items;
        na[0] = na[1] = nitems;
    } else {
        for (size_t k = 0; k < nitems; k++) {
            fn[k] = chart_power_one;
            arg[k] = &items[k];
            na[k] = 1;
        }
    }
    stack(f, compare ? "Comparison" : "Power indices", fn, arg, na, nch);
    free(fn);
    free(arg);
    free(na);
    return 0;
}
