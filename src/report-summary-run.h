/* report-summary-run.h — a run: one period's summary rows of one dimension
 * (sales_summary, 0029), sorted by key, then kind. A period's analysis
 * merges the runs of its months and days by key (no hashing, no sort), and
 * a month that is over is kept packed in one blob (sales_summary_packs,
 * 0038) whose format is written and read here, so a year of a dimension
 * with a key per member reads twelve blobs instead of a million rows.
 *
 * The packed format (version 1), all integers LEB128 varints, figures
 * zigzag-coded: a version byte 1; then, up to the end, per entry
 * the length of the key's prefix shared with the previous key, the length
 * and bytes of the rest (no NUL), (mask << 1 | is_return) where bit i of
 * mask says figure i is not 0, and those figures in order. Keys with kinds
 * strictly ascending (a return before a sale of the same key). */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

/* The figures of a row, in sales_summary's column order. */
typedef enum
{
  MPOS_SUMMARY_RECORDS,
  MPOS_SUMMARY_QUANTITY,
  MPOS_SUMMARY_GROSS,
  MPOS_SUMMARY_DISCOUNT,
  MPOS_SUMMARY_ROUNDING,
  MPOS_SUMMARY_NET,
  MPOS_SUMMARY_TAX,
  MPOS_SUMMARY_CHANGE,
  MPOS_SUMMARY_N_FIGURES
} MposSummaryFigure;

/* One summary figure set, summed over the rows read. */
typedef struct
{
  char *key;
  int64_t records; /* read without a kind: the sales */
  int64_t returns; /* read without a kind: the returns (else 0) */
  int64_t quantity;
  int64_t gross;
  int64_t discount;
  int64_t rounding;
  int64_t net;
  int64_t tax;
  int64_t change;
} MposSummaryRow;

/* A run is kept packed, even while it is built (from a period's rows) and
 * merged (decoded as it goes): a year of a dimension keyed by member then
 * costs its packed bytes in memory, not a struct per row. */
typedef struct
{
  GByteArray *bytes;
  GString *last_key; /* the last key appended */
  gboolean last_return;
  guint count;
} MposSummaryRun;

MposSummaryRun *mpos_summary_run_new (void);
void mpos_summary_run_free (MposSummaryRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposSummaryRun, mpos_summary_run_free)

/* Appends a row; FALSE (nothing appended) unless (key, kind) comes after
 * the last row's. */
gboolean mpos_summary_run_append (MposSummaryRun *run, const char *key, gboolean is_return,
                                  const int64_t figures[MPOS_SUMMARY_N_FIGURES]);

/* The run's packed bytes (the format above), owned by the run. */
const guint8 *mpos_summary_run_packed (const MposSummaryRun *run, gsize *size);

/* A pack read back, checked whole first: NULL and MPOS_STORE_ERROR_CORRUPT
 * (store.h), saying where, for bytes that are not a pack in the format
 * above. */
MposSummaryRun *mpos_summary_run_unpack (const guint8 *data, gsize size, GError **error);

/* Whether two runs hold the same entries (the same packed bytes). */
gboolean mpos_summary_run_equal (const MposSummaryRun *a, const MposSummaryRun *b);

/* The runs' rows summed by key, ascending: a new array of MposSummaryRow
 * owning their keys. With a kind ("sale", "return")
 * only its rows count; without, records counts the sales and returns the
 * returns, every other figure sums both. */
GArray *mpos_summary_runs_merge (GPtrArray *runs, const char *kind);

/* The runs summed by (key, kind) into a new run, run i's figures times
 * signs[i] (+1, -1): a month's to-date pack is the last one's plus the
 * month's; a stretch of months is the to-date pack at its end minus the one
 * before it. An entry whose figures all sum to 0 is left out. */
MposSummaryRun *mpos_summary_runs_sum (GPtrArray *runs, const int *signs);

G_END_DECLS
