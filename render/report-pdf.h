/* report-pdf.h — a manager's report as an A4 PDF for the back office
 * (cairo + pango): a header on every page (store, till, day or period,
 * report number, when it was made, the 练习模式 banner of a training
 * store), each table with its chart, CJK columns with figures right-aligned,
 * totals ruled off, long tables broken over pages with their headings
 * repeated, "第 1 页 / 共 3 页" at the foot. */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "receipt.h"
#include "report.h"

G_BEGIN_DECLS

#define MPOS_REPORT_RENDER_ERROR (mpos_report_render_error_quark ())
GQuark mpos_report_render_error_quark (void);

typedef enum
{
  MPOS_REPORT_RENDER_ERROR_EXISTS, /* something is already at the path: never overwritten */
  MPOS_REPORT_RENDER_ERROR_IO,     /* the file could not be made or written */
} MposReportRenderError;

typedef struct
{
  MposReceiptLanguage language; /* the words of the header and the page numbers */
  GTimeZone *zone; /* NULL: the report's own (report->time_zone); none: UTC, said so */
} MposReportRenderOptions;

/* A4 in points, as cairo's PDF surface takes it. */
#define MPOS_REPORT_PDF_WIDTH 595.276
#define MPOS_REPORT_PDF_HEIGHT 841.890

/* Draws the report on `surface` (a PDF surface of A4 pages, or any other of
 * that size), page after page; returns the number of pages. */
guint mpos_report_pdf_draw (const MposReport *report, const MposReportRenderOptions *options,
                            cairo_surface_t *surface);

/* Writes the report as a new PDF file at `path` (0600; refused when anything,
 * even a symbolic link, is already there). A file half written is removed. */
gboolean mpos_report_pdf_save (const MposReport *report, const MposReportRenderOptions *options,
                               const char *path, GError **error);

G_END_DECLS
