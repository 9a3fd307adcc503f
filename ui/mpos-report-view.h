/* mpos-report-view.h — one report document drawn on screen: its tables as
 * grids (hanzi labels left, figures right-aligned, totals bold and ruled)
 * and, where a table asks for one, its chart in a GtkDrawingArea drawn by
 * the same code as the PDF's (render/report-chart.c). */
#pragma once

#include <gtk/gtk.h>

#include "report.h"

G_BEGIN_DECLS

/* Rows shown per table on screen; the PDF and the printer have them all. */
#define MPOS_REPORT_VIEW_MAX_ROWS 500

/* Replaces the children of `box` (vertical) with the report's tables. */
void mpos_report_view_fill (GtkBox *box, const MposReport *report);

G_END_DECLS
