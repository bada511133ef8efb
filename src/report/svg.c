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

/* Twelve colours told apart also in print; series beyond them get hues
 * spaced by the golden angle, so no two series share a colour. */
static const char *const palette[] = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"};
#define NPALETTE (sizeof palette / sizeof palette[0])

/* The colour of series s, written into buf (>= 24 bytes). */
static const char *colour(char *buf, size_t size, size_t s)
{
    if (s < NPALETTE) {
        return palette[s];
    }
    double hue = fmod(37.0 + 137.508 * (double)(s - NPALETTE), 360.0);
    snprintf(buf, size, "hsl(%.0f,65%%,40%%)", hue);
    return buf;
}

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
        char cb[24];
        const char *col = colour(cb, sizeof cb, s);
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

/* One bar from the baseline y0 up by bh, with a tooltip naming the
 * category, the series and the value as the tables show it. A value of
 * exactly 0 is drawn as a thin stub labelled "0", so that it does not read
 * as missing data. */
static void bar_with_tip(FILE *f, double x, double y0, double bw, double bh,
                         const char *col, const char *cat, const char *series,
                         double v, const char *tip)
{
    bool zero = v == 0;
    if (zero) {
        bh = 1.5;
    }
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"%s\"><title>",
            x, y0 - bh, bw, bh, col);
    svg_escape(f, cat);
    if (series != NULL) {
        fputs(", ", f);
        svg_escape(f, series);
    }
    fputs(": ", f);
    if (tip != NULL) {
        svg_escape(f, tip);
    } else {
        char *t = fmt_d(v);
        svg_escape(f, t);
        free(t);
    }
    fputs("</title></rect>\n", f);
    if (zero) {
        fprintf(f,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                "font-size=\"9\" fill=\"#444444\">0</text>\n",
                x + bw / 2, y0 - 4);
    }
}

int svg_bar_chart(FILE *f, const char *title, const char *xlabel,
                  const char *ylabel, size_t ncat, const char *const *cat,
                  size_t nseries, const char *const *series,
                  const double *val, char *const *tip)
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
            char cb[24];
            bar_with_tip(f, gx + bar * (double)s, y0, bar, v / top * plot_h,
                         colour(cb, sizeof cb, s), cat[c], series[s], v,
                         tip != NULL ? tip[s * ncat + c] : NULL);
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
        char cb[24];
        const char *col = colour(cb, sizeof cb, s);
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
            char *xv = fmt_d(x[k]), *vs = fmt_d(v);
            fputs(" at ", f);
            svg_escape(f, xv);
            fputs(": ", f);
            svg_escape(f, vs);
            fputs("</title></circle>\n", f);
            free(xv);
            free(vs);
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
    if (!r->estimated && r->value[k] != NULL) {
        return q_double(r->value[k][i]);
    }
    return r->approx[k] != NULL ? r->approx[k][i] : NAN;
}

/* The indices drawn: normalised Banzhaf, Shapley-Shubik, Holler,
 * Deegan-Packel, those computed. */
static const int drawn[] = {VETO_IDX_BANZHAF, VETO_IDX_SHAPLEY_SHUBIK,
                            VETO_IDX_HOLLER, VETO_IDX_DEEGAN_PACKEL};

int svg_power_chart(FILE *f, const report_item_t *it, bool exact)
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
    char **tip = xmalloc((ns * n + 1) * sizeof *tip);
    for (size_t i = 0; i < n; i++) {
        cat[i] = veto_model_player(it->model, i);
        for (size_t s = 0; s < ns; s++) {
            val[s * n + i] = index_value(r, which[s], i);
            tip[s * n + i] = index_cell(r, which[s], i, exact, false);
        }
    }
    char *title = xasprintf("%s: power indices", report_label(it->model));
    svg_bar_chart(f, title, "player", "index (share of power)", n, cat, ns,
                  series, val, tip);
    for (size_t k = 0; k < ns * n; k++) {
        free(tip[k]);
    }
    free(tip);
    free(title);
    free(cat);
    free(val);
    return 0;
}

/* ---- small multiples for compare -------------------------------------------
 * One panel per model, side by side and wrapped into rows so that the chart
 * fits 1,200 px whatever the number of models; every panel shares the
 * y scale, so bars compare across panels. */

#define SM_WIDTH 1200.0

typedef struct panel {
    const char *title;
    size_t ncat;
    const char **cat;
    double *val;  /* NAN: not applicable */
    char **tip;   /* the value as the table shows it */
} panel_t;

/* s cut to at most max characters (UTF-8), with "..." when cut. */
static char *cut(const char *s, size_t max)
{
    if (u8len(s) <= max) {
        return xstrdup(s);
    }
    size_t bytes = 0, chars = 0;
    while (s[bytes] != '\0' && chars < max - 3) {
        bytes++;
        while (((unsigned char)s[bytes] & 0xC0) == 0x80) {
            bytes++;
        }
        chars++;
    }
    return xasprintf("%.*s...", (int)bytes, s);
}

static void small_multiples(FILE *f, const char *title, const char *ylabel,
                            const panel_t *p, size_t np)
{
    size_t cols = np < 3 ? (np == 0 ? 1 : np) : 3;
    size_t rows = (np + cols - 1) / cols;
    double pw = (SM_WIDTH - 20) / (double)cols;
    double ymax = 0;
    size_t maxlab = 1;
    for (size_t k = 0; k < np; k++) {
        for (size_t c = 0; c < p[k].ncat; c++) {
            if (isfinite(p[k].val[c]) && p[k].val[c] > ymax) {
                ymax = p[k].val[c];
            }
            size_t l = u8len(p[k].cat[c]);
            maxlab = l > maxlab ? l : maxlab;
        }
    }
    if (maxlab > 24) {
        maxlab = 24; /* longer labels are cut; the tooltip has them whole */
    }
    double top, bottom, step;
    nice_axis(0, ymax, &top, &bottom, &step);
    double plot_h = 170, head = 28, lab_h = 6.2 * (double)maxlab * 0.87 + 16;
    double ph = head + plot_h + lab_h + 10;
    double h = 50 + ph * (double)rows;
    svg_open(f, SM_WIDTH, h, title);
    fprintf(f,
            "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" "
            "transform=\"rotate(-90 16 %.1f)\">",
            h / 2, h / 2);
    svg_escape(f, ylabel);
    fputs("</text>\n", f);
    for (size_t k = 0; k < np; k++) {
        double px = 20 + pw * (double)(k % cols);
        double py = 40 + ph * (double)(k / cols);
        double x0 = px + 46, plot_w = pw - 46 - 14;
        double y0 = py + head + plot_h;
        char cb[24];
        const char *col = colour(cb, sizeof cb, k);
        char *t = cut(p[k].title, (size_t)(pw / 7.2));
        fprintf(f,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                "font-weight=\"bold\" fill=\"%s\">",
                x0 + plot_w / 2, py + 16, col);
        svg_escape(f, t);
        fputs("<title>", f);
        svg_escape(f, p[k].title);
        fputs("</title></text>\n", f);
        free(t);
        for (double v = 0; v <= top + step / 2; v += step) {
            double y = y0 - v / top * plot_h;
            fprintf(f,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    "stroke=\"#dddddd\"/>\n",
                    x0, y, x0 + plot_w, y);
            fprintf(f,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                    "font-size=\"10\">%.4g</text>\n",
                    x0 - 4, y + 3, v);
        }
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                "stroke=\"black\"/>\n",
                x0, y0, x0 + plot_w, y0);
        size_t nc = p[k].ncat == 0 ? 1 : p[k].ncat;
        double slot = plot_w / (double)nc;
        double bw = slot * 0.7 > 28 ? 28 : slot * 0.7;
        for (size_t c = 0; c < p[k].ncat; c++) {
            double cx = x0 + slot * ((double)c + 0.5);
            double v = p[k].val[c];
            if (isfinite(v)) {
                bar_with_tip(f, cx - bw / 2, y0, bw,
                             (v < 0 ? 0 : v) / top * plot_h, col, p[k].cat[c],
                             p[k].title, v, p[k].tip[c]);
            } else {
                fprintf(f,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                        "font-size=\"9\" fill=\"#444444\">n/a<title>",
                        cx, y0 - 4);
                svg_escape(f, p[k].tip[c]);
                fputs("</title></text>\n", f);
            }
            char *l = cut(p[k].cat[c], 24);
            /* Narrow slots (30 players in a panel) get smaller labels, so
             * that neighbours do not overlap. */
            double fs = slot < 12 ? (slot < 7 ? 6 : slot * 0.85) : 10;
            fprintf(f,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                    "font-size=\"%.1f\" transform=\"rotate(-60 %.1f %.1f)\">",
                    cx + 3, y0 + 10, fs, cx + 3, y0 + 10);
            svg_escape(f, l);
            fputs("</text>\n", f);
            free(l);
        }
    }
    fputs("</svg>\n", f);
}

static void panels_free(panel_t *p, size_t np)
{
    for (size_t k = 0; k < np; k++) {
        for (size_t c = 0; c < p[k].ncat; c++) {
            free(p[k].tip[c]);
        }
        free(p[k].tip);
        free(p[k].val);
        free(p[k].cat);
    }
    free(p);
}

int svg_compare_power(FILE *f, const report_item_t *items, size_t nitems,
                      bool exact)
{
    panel_t *p = xmalloc((nitems + 1) * sizeof *p);
    for (size_t k = 0; k < nitems; k++) {
        const veto_result_t *r = items[k].result;
        size_t n = r->n;
        p[k].title = report_label(items[k].model);
        p[k].ncat = n;
        p[k].cat = xmalloc((n + 1) * sizeof *p[k].cat);
        p[k].val = xmalloc((n + 1) * sizeof *p[k].val);
        p[k].tip = xmalloc((n + 1) * sizeof *p[k].tip);
        for (size_t i = 0; i < n; i++) {
            p[k].cat[i] = veto_model_player(items[k].model, i);
            p[k].val[i] = index_value(r, VETO_IDX_BANZHAF, i);
            p[k].tip[i] = index_cell(r, VETO_IDX_BANZHAF, i, exact, false);
        }
    }
    small_multiples(f, "Banzhaf index by player, one panel per model",
                    "Banzhaf index (normalised)", p, nitems);
    panels_free(p, nitems);
    return 0;
}

int svg_compare_pact(FILE *f, const report_item_t *items, size_t nitems,
                     bool exact)
{
    panel_t *p = xmalloc((nitems + 1) * sizeof *p);
    for (size_t k = 0; k < nitems; k++) {
        const veto_result_t *r = items[k].result;
        size_t nb = r->nbeliefs;
        p[k].title = report_label(items[k].model);
        p[k].ncat = nb;
        p[k].cat = xmalloc((nb + 1) * sizeof *p[k].cat);
        p[k].val = xmalloc((nb + 1) * sizeof *p[k].val);
        p[k].tip = xmalloc((nb + 1) * sizeof *p[k].tip);
        for (size_t s = 0; s < nb; s++) {
            const veto_belief_result_t *b = &r->belief[s];
            p[k].cat[s] = b->name;
            p[k].val[s] = b->exact ? q_double(b->p_act_q) : b->p_act;
            p[k].tip[s] = p_act_cell(b, exact, false);
        }
    }
    small_multiples(f, "Probability that the body acts, per scenario",
                    "P(act)", p, nitems);
    panels_free(p, nitems);
    return 0;
}

/* Several charts in one SVG document: each is a nested <svg> placed
 * below the previous one. The inner documents are written to memory first
 * to learn their sizes. */
typedef void (*chart_fn)(FILE *f, const report_item_t *items, size_t nitems,
                         bool exact);

static void chart_power_one(FILE *f, const report_item_t *items,
                            size_t nitems, bool exact)
{
    (void)nitems;
    svg_power_chart(f, items, exact);
}

static void chart_compare_power(FILE *f, const report_item_t *items,
                                size_t nitems, bool exact)
{
    svg_compare_power(f, items, nitems, exact);
}

static void chart_compare_pact(FILE *f, const report_item_t *items,
                               size_t nitems, bool exact)
{
    svg_compare_pact(f, items, nitems, exact);
}

static void stack(FILE *f, const char *title, chart_fn *fn,
                  const report_item_t *const *arg, const size_t *nargs,
                  size_t ncharts, bool exact)
{
    char **buf = xmalloc((ncharts + 1) * sizeof *buf);
    double *w = xmalloc((ncharts + 1) * sizeof *w);
    double *h = xmalloc((ncharts + 1) * sizeof *h);
    double W = 0, H = 0;
    for (size_t k = 0; k < ncharts; k++) {
        size_t len = 0;
        buf[k] = NULL;
        FILE *m = open_memstream(&buf[k], &len);
        if (m == NULL) {
            report_oom();
        }
        fn[k](m, arg[k], nargs[k], exact);
        if (fclose(m) != 0 || buf[k] == NULL) {
            report_oom();
        }
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

int svg_report(FILE *f, const report_item_t *items, size_t nitems,
               const report_opts_t *o)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    if (nitems == 1) {
        return svg_power_chart(f, items, o->exact);
    }
    chart_fn *fn = xmalloc(nitems * sizeof *fn);
    const report_item_t **arg = xmalloc(nitems * sizeof *arg);
    size_t *na = xmalloc(nitems * sizeof *na);
    for (size_t k = 0; k < nitems; k++) {
        fn[k] = chart_power_one;
        arg[k] = &items[k];
        na[k] = 1;
    }
    stack(f, "Power indices", fn, arg, na, nitems, o->exact);
    free(fn);
    free(arg);
    free(na);
    return 0;
}

int svg_compare(FILE *f, const report_item_t *items, size_t nitems,
                const report_opts_t *o)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    chart_fn fn[2] = {chart_compare_power, chart_compare_pact};
    const report_item_t *arg[2] = {items, items};
    size_t na[2] = {nitems, nitems};
    stack(f, "Comparison", fn, arg, na, 2, o->exact);
    return 0;
}
