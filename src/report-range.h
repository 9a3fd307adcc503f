/* report-range.h — the periods a manager picks for an analysis by name:
 * today, this week (Monday to today, as a Chinese calendar counts weeks),
 * this month (the 1st to today) and last month (whole). "Today" is the
 * business day the store's clock and cut-off hour say (business-day.h),
 * so a period bought after midnight before the cut-off still reads the
 * evening's day. The window's analyses page and `mallposctl report
 * analysis --period` both use these, so both show the same days. */
#pragma once

#include "report.h"
#include "staff.h"
#include "store.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_REPORT_RANGE_TODAY,
  MPOS_REPORT_RANGE_THIS_WEEK,
  MPOS_REPORT_RANGE_THIS_MONTH,
  MPOS_REPORT_RANGE_LAST_MONTH,
} MposReportRange;

/* "today", "this-week", "this-month", "last-month"; NULL-terminated, in
 * the enum's order. */
const char *const *mpos_report_range_names (void);

/* A name above → its range; MPOS_REPORT_ERROR_INVALID naming the names. */
gboolean mpos_report_range_parse (const char *name, MposReportRange *out, GError **error);

/* The first and last business days of `range` at `now`, "2026-11-01"
 * (from and to hold 11 bytes each). */
gboolean mpos_report_range_days (MposStore *store, MposReportRange range, int64_t now,
                                 char *from, char *to, GError **error);

/* mpos_report_analysis (report-analysis.h) over `range`. */
MposReport *mpos_report_analysis_range (MposStore *store, const MposStaffCredential *staff,
                                        const char *kind, MposReportRange range, int64_t now,
                                        GError **error);

G_END_DECLS
