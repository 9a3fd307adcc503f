/* report-summary.h — the summaries the reports read (table sales_summary,
 * 0029): each completed sale or return adds its figures, by dimension, to
 * its business day's rows. Not in the record's own transaction (a member
 * sale's commit would pay for some thirty row updates): a report first
 * catches the summaries up from the journal (0043), in one write
 * transaction for every record since the last catch-up (and the store's
 * upkeep catches up a slice at a time during the day). A Z report then
 * reads a few hundred rows and a year's analysis twelve month packs per
 * dimension (the members: two to-date packs), never the sales. Dimensions
 * and their keys are listed in data/sql/0029-report-summaries.sql. */
#pragma once

#include "report-summary-run.h"
#include "store.h"

G_BEGIN_DECLS

/* Adds every sale and return completed since the last catch-up (journal
 * entries 'sale', 'return' completed at once, 'return_approved') to the
 * summaries and notes the journal's newest seq, in a write transaction of
 * its own (BEGIN IMMEDIATE: processes catching up at once add each record
 * once), or in the caller's when one is open (a Z report's). Nothing to do
 * costs one read. */
gboolean mpos_report_summary_catch_up (MposStore *store, GError **error);

/* The most journal entries one idle slice takes in: some 6 ms of work for a
 * hundred sales, short enough for the window's main loop. */
#define MPOS_REPORT_SUMMARY_IDLE_SLICE 100

/* Outside a transaction: catches up the journal's next
 * MPOS_REPORT_SUMMARY_IDLE_SLICE entries at most, in a write transaction of
 * its own that reads the mark again under the lock. The counter hook's idle
 * slice, run by the store's upkeep (store-maintenance.h) under its short
 * busy timeout: a store another process writes to fails with
 * MPOS_STORE_ERROR_BUSY, and the upkeep tries again next time. */
gboolean mpos_report_summary_catch_up_slice (MposStore *store, GError **error);

/* Inside a transaction: empties the summaries and adds every completed sale
 * and return again (migration 0029 on a store with history), caught up to
 * the newest journal entry; then packs (0038) every month but the latest. */
gboolean mpos_report_summary_rebuild (MposStore *store, GError **error);

/* Catches up, then packs every month before `before_day`'s ("20261207":
 * the business day now) whose pack is missing or stale (report-summary-pack.h), in a
 * transaction of its own, taken only when some month needs it; *packed
 * (may be NULL) gets the number of packs written. A month's pack stands for
 * its month rows when read: an analysis over a year then reads twelve
 * blobs per dimension. */
gboolean mpos_report_summary_pack (MposStore *store, const char *before_day, guint *packed,
                                   GError **error);

/* Registers the summaries' upkeep with the store (store-private.h): the
 * rebuild as migration 0029's step, a counter hook refusing a sale or
 * return into a day its Z report closed (DAY_CLOSED, report-day.h). Called
 * once by mpos_core_init. */
void mpos_report_summary_register (void);

/* For the benchmark only (tests/bench/bench-report.c), which times a sale's
 * commit with and without the upkeep in one run: while paused, the counter
 * hook does nothing (a closed day is not refused). */
void mpos_report_summary_pause_upkeep (gboolean paused);

/* The rows of `dimension` over business days day_from … day_to ("20261201",
 * both included), summed by key for records of `kind` ("sale", "return";
 * NULL: both, records then counting sales and returns apart), read from
 * month packs (or the month's day rows) for whole months and day rows for
 * the rest, caught up first unless a transaction is open (the caller's
 * task then):
 * a new array of MposSummaryRow in key order that frees their keys. */
GArray *mpos_report_summary_read (MposStore *store, const char *dimension, const char *day_from,
                                  const char *day_to, const char *kind, GError **error);

/* The row of `key` in rows read above, or an all-zero row. */
MposSummaryRow mpos_summary_row_find (const GArray *rows, const char *key);

G_END_DECLS
