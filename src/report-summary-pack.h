/* report-summary-pack.h — the runs a period's summaries are read from
 * (report-summary-run.h): a day's rows, a month's day rows summed by key,
 * or a month's pack (sales_summary_packs, 0038) made of them. A pack is a
 * cache: it is read only while its stamp (the month's count of records,
 * sales and returns, over its day rows, which every record added to the
 * month raises) still equals the month's, so a record added to a packed
 * month (a return approved after its month ended, a training store's
 * clock set back) is read from the day rows until the month is packed
 * again.
 *
 * A dimension read over many months with a key per member also keeps a
 * to-date pack per month (dimension "member:to-date"): every row through
 * that month's end summed by key, made as the month is packed from the
 * last month's to-date pack plus the month's. A stretch of whole months is
 * then the to-date pack at its end minus the one before its start: two
 * blobs of one entry per member, whatever the number of months, instead of
 * a merge of every month's members. Its stamp is the count of records
 * through the month's end, so a record added to any month before makes it
 * stale. Only for report-summary.c, integrity-summary.c and the tests. */
#pragma once

#include "report-summary-run.h"
#include "store.h"

G_BEGIN_DECLS

/* The rows of `dimension` in `period` (a day "20261207", or a month
 * "202612": its day rows summed by key), in key order. */
MposSummaryRun *mpos_summary_period_run (MposStore *store, const char *dimension,
                                         const char *period, GError **error);

/* The suffix of a to-date pack's dimension. */
#define MPOS_SUMMARY_TO_DATE ":to-date"

/* "member" → "member:to-date" (to free). */
char *mpos_summary_to_date_name (const char *dimension);

/* The rows of `dimension` through the end of `month`, summed by key: what
 * that month's to-date pack holds. */
MposSummaryRun *mpos_summary_to_date_rows_run (MposStore *store, const char *dimension,
                                               const char *month, GError **error);

/* For `check`: a current to-date pack of `month` that cannot be read
 * (`damage` says why) or differs from the rows through its month (NULL). */
typedef void (*MposToDateProblem) (const char *month, const GError *damage, gpointer data);

/* For `check`: walks the months with records in order, summing the rows of
 * `dimension` month by month (each month's rows read once), and tells
 * `problem` of each current to-date pack that is not that sum. */
gboolean mpos_summary_to_date_verify (MposStore *store, const char *dimension,
                                      MposToDateProblem problem, gpointer data, GError **error);

/* The rows of `dimension` through the end of `month` from the to-date pack
 * of the latest month with records (an empty run when none came before),
 * or NULL with *error unset when that pack is missing, stale or damaged
 * (read the months instead). */
MposSummaryRun *mpos_summary_to_date_run (MposStore *store, const char *dimension,
                                          const char *month, GError **error);

/* The month's run: its pack while current, else its day rows. */
MposSummaryRun *mpos_summary_month_run (MposStore *store, const char *dimension, const char *month,
                                        GError **error);

/* Inside a transaction: packs every month before `before_month` ("202612")
 * whose pack of one of the `dimensions` (NULL-terminated) is missing or
 * stale, and the to-date pack of those of `to_date` (NULL-terminated, each
 * one of `dimensions`; NULL: none); *packed (may be NULL) gets how many
 * packs were written. */
gboolean mpos_summary_pack_months (MposStore *store, const char *before_month,
                                   const char *const *dimensions, const char *const *to_date,
                                   guint *packed, GError **error);

/* Whether some month before `before_month` has a pack missing or stale (read only). */
gboolean mpos_summary_packs_stale (MposStore *store, const char *before_month,
                                   const char *const *dimensions, const char *const *to_date,
                                   gboolean *stale, GError **error);

/* Inside a transaction: drops every pack (the summaries are rebuilt). */
gboolean mpos_summary_packs_clear (MposStore *store, GError **error);

G_END_DECLS
