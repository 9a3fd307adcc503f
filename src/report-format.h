/* report-format.h — a report cell as a person reads it on paper or screen:
 * money "1,234.50", counts and points "12,345", a share "12.34%", a
 * quantity "1.5"; and as data for CSV and JSON. One formatter for the
 * receipt printer, the PDF, the window, the text, CSV and JSON, so every
 * output of a report shows its figures alike. Integer
 * arithmetic only: no double comes near a figure. */
#pragma once

#include <glib.h>

#include "report.h"

G_BEGIN_DECLS

/* The cell's text for people; "" for an empty text cell. */
char *mpos_report_cell_format (const MposReportCell *cell);

/* The cell's text for data (CSV, JSON): money "1234.50", share "12.34",
 * quantity "1.500" (thousandths), counts and points "12345"; no grouping. */
char *mpos_report_cell_data (const MposReportCell *cell);

/* A column's heading for people (to free): its title, and the unit of a
 * column whose every figure is money: "金额(元)". Text, paper, PDF and window
 * show this; CSV and JSON keep the title as it is (scripts read it). */
char *mpos_report_column_heading (const MposReportTable *table, guint column);

/* "12,345", "-1,234" (grouped by thousands). */
char *mpos_report_format_grouped (int64_t value);

/* The report's day or period and when it was made, in `zone` (NULL: UTC,
 * said as " UTC"): "2026-12-07", "2026-12-01 00:00 – 2026-12-08 00:00",
 * "2026-12-07 22:15". NULL for what the report does not have. */
char *mpos_report_format_period (const MposReport *report, GTimeZone *zone);
char *mpos_report_format_time (int64_t utc_seconds, GTimeZone *zone);

/* The business days a report covers, as a manager names them:
 * "2026-12-07", "2026-11-01 至 2026-11-23" (both included); a period that
 * is not whole days (or no zone) as mpos_report_format_period. */
char *mpos_report_format_days (const MposReport *report, GTimeZone *zone);

/* ISO 8601 with the zone's offset, for JSON: "2026-12-07T04:00:00+08:00"
 * ("…Z" when zone is NULL); NULL for a time GLib cannot represent. */
char *mpos_report_format_iso (int64_t utc_seconds, GTimeZone *zone);

/* The zone the report's times are shown in (report->time_zone), or NULL
 * (UTC) when it names none or none this machine knows. */
GTimeZone *mpos_report_time_zone (const MposReport *report);

/* A report's number as printed ("12"); NULL when it has none. */
char *mpos_report_format_number (const MposReport *report);

G_END_DECLS
