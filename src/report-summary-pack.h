/* report-summary-pack.h — the runs a period's summaries are read from
 * (report-summary-run.h): a day's rows, a month's day rows summed by key,
 * or a month's pack (sales_summary_packs, 0038) made of them. A pack is a
 * cache: it is read only while its stamp (the month's count of records,
 * sales and returns, over its day rows, which every record added to the
 * month raises) still equals the month's, so a record added to a packed
 * month (a return approved after its month ended, a training store's
 * clock set back) is read from the day rows until the month is packed
 * again. Only for report-summary.c and the tests. */
#pragma once

#include "report-summary-run.h"
#include "store.h"

G_BEGIN_DECLS

/* The rows of `dimension` in `period` (a day "20261207", or a month
 * "202612": its day rows summed by key), in key order. */
MposSummaryRun *mpos_summary_period_run (MposStore *store, const char *dimension,
                                         const char *period, GError **error);

/* The month's run: its pack while current, else its day rows. */
MposSummaryRun *mpos_summary_month_run (MposStore *store, const char *dimension, const char *month,
                                        GError **error);

/* Inside a transaction: packs every month before `before_month` ("202612")
 * whose pack of one of the `dimensions` (NULL-terminated) is missing or
 * stale; *packed (may be NULL) gets how many packs were written. */
gboolean mpos_summary_pack_months (MposStore *store, const char *before_month,
                                   const char *const *dimensions, guint *packed, GError **error);

/* Whether some month before `before_month` has a pack missing or stale (read only). */
gboolean mpos_summary_packs_stale (MposStore *store, const char *before_month,
                                   const char *const *dimensions, gboolean *stale, GError **error);

/* Inside a transaction: drops every pack (the summaries are rebuilt). */
gboolean mpos_summary_packs_clear (MposStore *store, GError **error);

G_END_DECLS
