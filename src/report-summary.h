/* report-summary.h — the summaries the reports read (table sales_summary,
 * 0029): each completed sale or return adds its figures, by dimension, to
 * its business day's rows and, for the dimensions read over long periods,
 * to its month's, in the record's own transaction. A Z report then reads a
 * few hundred rows and a year's analysis a few thousand, never the sales.
 * Dimensions and their keys are listed in data/sql/0029-report-summaries.sql. */
#pragma once

#include "report-summary-run.h"
#include "store.h"

G_BEGIN_DECLS

/* Inside the transaction that completed sale or return `sale_id` (after its
 * lines and tenders are written): adds it to the summaries. Nothing for a
 * return still pending approval. DAY_CLOSED (report-day.h) when its business
 * day has its Z report. */
gboolean mpos_report_summary_add (MposStore *store, const char *sale_id, GError **error);

/* Inside a transaction: empties the summaries and adds every completed sale
 * and return again (migration 0029 on a store with history); then packs
 * (0038) every month but the latest. */
gboolean mpos_report_summary_rebuild (MposStore *store, GError **error);

/* Packs every month before `before_day`'s ("20261207": the business day
 * now) whose pack is missing or stale (report-summary-pack.h), in a
 * transaction of its own, taken only when some month needs it; *packed
 * (may be NULL) gets the number of packs written. A month's pack stands for
 * its month rows when read: an analysis over a year then reads twelve
 * blobs per dimension. */
gboolean mpos_report_summary_pack (MposStore *store, const char *before_day, guint *packed,
                                   GError **error);

/* Registers the summaries' upkeep with the store (store-private.h): the
 * rebuild as migration 0029's step, mpos_report_summary_add as a counter
 * hook on every sale and return. Called once by mpos_core_init. */
void mpos_report_summary_register (void);

/* For the benchmark only (tests/bench/bench-report.c), which times a sale's
 * commit with and without the upkeep in one run: while paused, sales and
 * returns are not summarised (the reports are then wrong). */
void mpos_report_summary_pause_upkeep (gboolean paused);


/* The rows of `dimension` over business days day_from … day_to ("20261201",
 * both included), summed by key for records of `kind` ("sale", "return";
 * NULL: both, records then counting sales and returns apart), read from
 * month packs (or month rows) for whole months and day rows for the rest:
 * a new array of MposSummaryRow in key order that frees their keys. */
GArray *mpos_report_summary_read (MposStore *store, const char *dimension, const char *day_from,
                                  const char *day_to, const char *kind, GError **error);

/* The row of `key` in rows read above, or an all-zero row. */
MposSummaryRow mpos_summary_row_find (const GArray *rows, const char *key);

G_END_DECLS
