/* report-chart.h — a report table drawn as a chart with cairo and pango:
 * bars (sales by hour, by cashier) or shares of a whole (tender mix,
 * category share: a donut with its legend). One drawing for the A4 PDF and
 * the window's GtkDrawingArea, so paper and screen show the same picture.
 * Every part carries a grey level and a hatch as well as a colour, and
 * every figure is written out, so a black-and-white print reads as well. */
#pragma once

#include <cairo.h>

#include "report.h"

G_BEGIN_DECLS

/* The family every report drawing uses: a CJK sans serif. */
#define MPOS_REPORT_FONT "WenQuanYi Micro Hei, Noto Sans CJK SC, Sans"

/* TRUE when the table asks for a chart and has a row it can draw. */
gboolean mpos_report_chart_drawable (const MposReportTable *table);

/* What a share chart says when nothing in it is above zero. */
#define MPOS_REPORT_CHART_NOTHING "本期间没有销售额，无占比可画"

/* Draws the table's chart into the rectangle (0, 0, width, height) of cr,
 * in points (PDF) or pixels (screen). Total rows are left out; a share
 * chart leaves out parts of zero or less and says so under its legend,
 * and says MPOS_REPORT_CHART_NOTHING when no part is left. */
void mpos_report_chart_draw (cairo_t *cr, const MposReportTable *table, double width,
                             double height);

G_END_DECLS
