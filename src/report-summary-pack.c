/* report-summary-pack.c — reading a period's summary rows as a run, and
 * keeping the packs of the months that are over (report-summary-pack.h).
 * A month is packed once after it ends, from its day rows summed by key;
 * its pack then stands for them (a hundred thousand keys a month for the
 * member dimension) in one blob read in one step. */
#include "report-summary-pack.h"
#include "store-private.h"

#include <string.h>

static MposSql SQL_PERIOD = MPOS_SQL (
    "report-summary-pack: a period's rows",
    "SELECT key, kind, records, quantity, gross, discount, rounding, net, tax, change "
    "FROM sales_summary WHERE dimension = :dimension AND period = :period ORDER BY key, kind");
/* A month's day rows: periods :month || '01' … :month || '31'. */
static MposSql SQL_MONTH = MPOS_SQL (
    "report-summary-pack: a month's rows",
    "SELECT key, kind, sum (records), sum (quantity), sum (gross), sum (discount), "
    "sum (rounding), sum (net), sum (tax), sum (change) FROM sales_summary "
    "WHERE dimension = :dimension AND period BETWEEN :period || '01' AND :period || '31' "
    "GROUP BY key, kind ORDER BY key, kind");
static MposSql SQL_STAMP
    = MPOS_SQL ("report-summary-pack: a month's stamp",
                "SELECT coalesce (sum (records), 0) FROM sales_summary "
                "WHERE dimension = 'total' AND period BETWEEN :month || '01' AND :month || '31'");
static MposSql SQL_LOAD = MPOS_SQL (
    "report-summary-pack: load",
    "SELECT packed FROM sales_summary_packs WHERE dimension = :dimension AND month = :month "
    "AND stamp = :stamp");
static MposSql SQL_CURRENT = MPOS_SQL (
    "report-summary-pack: is current",
    "SELECT 1 FROM sales_summary_packs WHERE dimension = :dimension AND month = :month "
    "AND stamp = :stamp");
static MposSql SQL_SAVE = MPOS_SQL (
    "report-summary-pack: save",
    "INSERT INTO sales_summary_packs (dimension, month, stamp, packed) "
    "VALUES (:dimension, :month, :stamp, :packed) ON CONFLICT (dimension, month) "
    "DO UPDATE SET stamp = excluded.stamp, packed = excluded.packed");
static MposSql SQL_MONTHS
    = MPOS_SQL ("report-summary-pack: months over",
                "SELECT substr (period, 1, 6) AS month, sum (records) FROM sales_summary "
                "WHERE dimension = 'total' AND period < :month GROUP BY month ORDER BY month");
/* Every day row through a month's end, summed by key: what its to-date
 * pack holds (day rows only: before 0043 month rows sat beside them). */
static MposSql SQL_TO_DATE = MPOS_SQL (
    "report-summary-pack: rows to date",
    "SELECT key, kind, sum (records), sum (quantity), sum (gross), sum (discount), "
    "sum (rounding), sum (net), sum (tax), sum (change) FROM sales_summary "
    "WHERE dimension = :dimension AND period <= :period || '31' AND length (period) = 8 "
    "GROUP BY key, kind ORDER BY key, kind");
/* The latest month with records through :month, and the records through it. */
static MposSql SQL_TO_DATE_STAMP = MPOS_SQL (
    "report-summary-pack: to-date stamp",
    "SELECT max (substr (period, 1, 6)), coalesce (sum (records), 0) FROM sales_summary "
    "WHERE dimension = 'total' AND period <= :month || '31' AND length (period) = 8");
static MposSql SQL_CLEAR
    = MPOS_SQL ("report-summary-pack: clear", "DELETE FROM sales_summary_packs");

/* The rows `sql` reads for (dimension, period), in key order, as a run. */
static MposSummaryRun *
rows_run (MposStore *store, MposSql *sql, const char *dimension, const char *period, GError **error)
{
  g_autoptr (MposSummaryRun) run = mpos_summary_run_new ();
  sqlite3_stmt *stmt = mpos_store_stmt (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":dimension", dimension);
  mpos_bind_text (stmt, ":period", period);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      int64_t figures[MPOS_SUMMARY_N_FIGURES];
      for (int f = 0; f < MPOS_SUMMARY_N_FIGURES; f++)
        figures[f] = sqlite3_column_int64 (stmt, 2 + f);
      /* (key, kind) is the rows' key after (dimension, period): in order */
      if (!mpos_summary_run_append (run, (const char *)sqlite3_column_text (stmt, 0),
                                    strcmp ((const char *)sqlite3_column_text (stmt, 1), "return")
                                        == 0,
                                    figures))
        {
          sqlite3_reset (stmt);
          g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT,
                       "the report summaries of %s, %s are not in key order: run "
                       "`mallposctl check`",
                       dimension, period);
          return NULL;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the report summaries", error), NULL;
  return g_steal_pointer (&run);
}

MposSummaryRun *
mpos_summary_period_run (MposStore *store, const char *dimension, const char *period,
                         GError **error)
{
  return rows_run (store, strlen (period) == 6 ? &SQL_MONTH : &SQL_PERIOD, dimension, period,
                   error);
}

MposSummaryRun *
mpos_summary_to_date_rows_run (MposStore *store, const char *dimension, const char *month,
                               GError **error)
{
  return rows_run (store, &SQL_TO_DATE, dimension, month, error);
}

char *
mpos_summary_to_date_name (const char *dimension)
{
  return g_strconcat (dimension, MPOS_SUMMARY_TO_DATE, NULL);
}

static gboolean
month_stamp (MposStore *store, const char *month, int64_t *stamp, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_STAMP, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":month", month);
  if ((rc = mpos_store_step (stmt)) != SQLITE_ROW)
    return mpos_store_fail (store, rc, "reading a month's summary count", error);
  *stamp = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* The current pack unpacked, or NULL: none, stale, or damaged (warned:
 * the rows answer instead, and the next packing replaces it). */
static MposSummaryRun *
pack_load (MposStore *store, const char *dimension, const char *month, int64_t stamp,
           GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LOAD, error);
  g_autoptr (GError) damage = NULL;
  MposSummaryRun *run;
  int rc;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":dimension", dimension);
  mpos_bind_text (stmt, ":month", month);
  mpos_bind_int64 (stmt, ":stamp", stamp);
  if ((rc = mpos_store_step (stmt)) != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        mpos_store_fail (store, rc, "reading a month's packed summaries", error);
      return NULL;
    }
  run = mpos_summary_run_unpack (sqlite3_column_blob (stmt, 0),
                                 (gsize)sqlite3_column_bytes (stmt, 0), &damage);
  if (run == NULL)
    g_warning ("%s (%s, %s): reading its rows instead", damage->message, dimension, month);
  return run;
}

MposSummaryRun *
mpos_summary_month_run (MposStore *store, const char *dimension, const char *month,
                        GError **error)
{
  g_autoptr (GError) failed = NULL;
  MposSummaryRun *run;
  int64_t stamp = 0;

  if (!month_stamp (store, month, &stamp, error))
    return NULL;
  if ((run = pack_load (store, dimension, month, stamp, &failed)) != NULL)
    return run;
  if (failed != NULL)
    return g_propagate_error (error, g_steal_pointer (&failed)), NULL;
  return mpos_summary_period_run (store, dimension, month, error);
}

MposSummaryRun *
mpos_summary_to_date_run (MposStore *store, const char *dimension, const char *month, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_TO_DATE_STAMP, error);
  g_autofree char *name = mpos_summary_to_date_name (dimension);
  g_autoptr (GError) damage = NULL;
  g_autofree char *latest = NULL;
  int64_t stamp;
  int rc;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":month", month);
  if ((rc = mpos_store_step (stmt)) != SQLITE_ROW)
    return mpos_store_fail (store, rc, "reading the summaries' count to date", error), NULL;
  latest = mpos_column_text (stmt, 0);
  stamp = sqlite3_column_int64 (stmt, 1);
  if (latest == NULL)
    return mpos_summary_run_new ();
  return pack_load (store, name, latest, stamp, error);
}

/* ---- packing --------------------------------------------------------------- */

static gboolean
pack_current (MposStore *store, const char *dimension, const char *month, int64_t stamp,
              gboolean *current, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CURRENT, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":dimension", dimension);
  mpos_bind_text (stmt, ":month", month);
  mpos_bind_int64 (stmt, ":stamp", stamp);
  rc = mpos_store_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading a month's packed summaries", error);
  *current = rc == SQLITE_ROW;
  return TRUE;
}

/* Writes `run` as the pack of (dimension, month) with `stamp`. */
static gboolean
save_run (MposStore *store, const char *dimension, const char *month, int64_t stamp,
          const MposSummaryRun *run, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SAVE, error);
  gsize size;
  const void *data;

  if (stmt == NULL)
    return FALSE;
  data = mpos_summary_run_packed (run, &size);
  mpos_bind_text (stmt, ":dimension", dimension);
  mpos_bind_text (stmt, ":month", month);
  mpos_bind_int64 (stmt, ":stamp", stamp);
  mpos_bind_blob (stmt, ":packed", data, (int)size);
  return mpos_store_step_done (store, stmt, "packing a month of the report summaries", error);
}

static gboolean
pack_save (MposStore *store, const char *dimension, const char *month, int64_t stamp,
           GError **error)
{
  g_autoptr (MposSummaryRun) run = mpos_summary_period_run (store, dimension, month, error);

  return run != NULL && save_run (store, dimension, month, stamp, run, error);
}

typedef struct
{
  char month[8];
  int64_t stamp;
} Month;

static gboolean
months_over (MposStore *store, const char *before_month, GArray *months, GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, &SQL_MONTHS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":month", before_month);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      Month m = { "", sqlite3_column_int64 (stmt, 1) };
      g_strlcpy (m.month, (const char *)sqlite3_column_text (stmt, 0), sizeof m.month);
      g_array_append_val (months, m);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || mpos_store_fail (store, rc, "reading the months summarised", error);
}

/* Month i's to-date pack of `dimension`: month i-1's (its rows to date
 * when that pack cannot be read) plus month i's run. */
static gboolean
to_date_save (MposStore *store, const char *dimension, const GArray *months, guint i,
              int64_t stamp, GError **error)
{
  g_autoptr (GPtrArray) runs
      = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_summary_run_free);
  g_autofree char *name = mpos_summary_to_date_name (dimension);
  static const int signs[] = { 1, 1 };
  g_autoptr (MposSummaryRun) sum = NULL;
  MposSummaryRun *run;

  if ((run = mpos_summary_month_run (store, dimension, g_array_index (months, Month, i).month,
                                     error))
      == NULL)
    return FALSE;
  g_ptr_array_add (runs, run);
  if (i > 0)
    {
      const char *before = g_array_index (months, Month, i - 1).month;
      g_autoptr (GError) unread = NULL;
      run = mpos_summary_to_date_run (store, dimension, before, &unread);
      if (run == NULL && (run = mpos_summary_to_date_rows_run (store, dimension, before, error))
                             == NULL)
        return FALSE;
      g_ptr_array_add (runs, run);
    }
  sum = mpos_summary_runs_sum (runs, signs);
  return save_run (store, name, g_array_index (months, Month, i).month, stamp, sum, error);
}

/* Whether `dimension`'s pack of `month` with `stamp` is current; made when
 * not and `pack` (a month's own, or with `to_date` its to-date one). */
static gboolean
keep_pack (MposStore *store, const char *dimension, const GArray *months, guint i, int64_t stamp,
           gboolean to_date, gboolean pack, guint *stale, GError **error)
{
  const char *month = g_array_index (months, Month, i).month;
  g_autofree char *name = to_date ? mpos_summary_to_date_name (dimension) : g_strdup (dimension);
  gboolean current = FALSE;

  if (!pack_current (store, name, month, stamp, &current, error))
    return FALSE;
  if (current)
    return TRUE;
  (*stale)++;
  if (!pack)
    return TRUE;
  return to_date ? to_date_save (store, dimension, months, i, stamp, error)
                 : pack_save (store, dimension, month, stamp, error);
}

/* Walks the months before `before_month` and their dimensions whose pack is
 * not current (and the to-date packs of `to_date`'s dimensions): packs them
 * when `pack`, else only counts them. */
static gboolean
walk_stale (MposStore *store, const char *before_month, const char *const *dimensions,
            const char *const *to_date, gboolean pack, guint *stale, GError **error)
{
  g_autoptr (GArray) months = g_array_new (FALSE, FALSE, sizeof (Month));
  int64_t through = 0;

  *stale = 0;
  if (!months_over (store, before_month, months, error))
    return FALSE;
  for (guint i = 0; i < months->len; i++)
    {
      const Month *m = &g_array_index (months, Month, i);
      through += m->stamp;
      for (guint d = 0; dimensions[d] != NULL; d++)
        if (!keep_pack (store, dimensions[d], months, i, m->stamp, FALSE, pack, stale, error))
          return FALSE;
      for (guint d = 0; to_date && to_date[d] != NULL; d++)
        if (!keep_pack (store, to_date[d], months, i, through, TRUE, pack, stale, error))
          return FALSE;
    }
  return TRUE;
}

/* One month's current to-date pack (if any) against the sum `expected`. */
static gboolean
verify_to_date (MposStore *store, const char *name, const char *month, int64_t stamp,
                const MposSummaryRun *expected, MposToDateProblem problem, gpointer data,
                GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LOAD, error);
  g_autoptr (MposSummaryRun) pack = NULL;
  g_autoptr (GError) damage = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":dimension", name);
  mpos_bind_text (stmt, ":month", month);
  mpos_bind_int64 (stmt, ":stamp", stamp);
  if ((rc = mpos_store_step (stmt)) != SQLITE_ROW)
    return rc == SQLITE_DONE || mpos_store_fail (store, rc, "reading a to-date pack", error);
  pack = mpos_summary_run_unpack (sqlite3_column_blob (stmt, 0),
                                  (gsize)sqlite3_column_bytes (stmt, 0), &damage);
  if (pack == NULL || !mpos_summary_run_equal (pack, expected))
    problem (month, damage, data);
  return TRUE;
}

gboolean
mpos_summary_to_date_verify (MposStore *store, const char *dimension, MposToDateProblem problem,
                             gpointer data, GError **error)
{
  g_autoptr (GArray) months = g_array_new (FALSE, FALSE, sizeof (Month));
  g_autofree char *name = mpos_summary_to_date_name (dimension);
  g_autoptr (MposSummaryRun) running = mpos_summary_run_new ();
  static const int signs[] = { 1, 1 };
  int64_t through = 0;

  if (!months_over (store, "999999", months, error)) /* every month */
    return FALSE;
  for (guint i = 0; i < months->len; i++)
    {
      const Month *m = &g_array_index (months, Month, i);
      g_autoptr (GPtrArray) runs
          = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_summary_run_free);
      MposSummaryRun *month_rows = mpos_summary_period_run (store, dimension, m->month, error);
      if (month_rows == NULL)
        return FALSE;
      g_ptr_array_add (runs, g_steal_pointer (&running));
      g_ptr_array_add (runs, month_rows);
      running = mpos_summary_runs_sum (runs, signs);
      through += m->stamp;
      if (!verify_to_date (store, name, m->month, through, running, problem, data, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
mpos_summary_pack_months (MposStore *store, const char *before_month,
                          const char *const *dimensions, const char *const *to_date,
                          guint *packed, GError **error)
{
  guint n;

  if (!walk_stale (store, before_month, dimensions, to_date, TRUE, &n, error))
    return FALSE;
  if (packed != NULL)
    *packed = n;
  return TRUE;
}

gboolean
mpos_summary_packs_stale (MposStore *store, const char *before_month,
                          const char *const *dimensions, const char *const *to_date,
                          gboolean *stale, GError **error)
{
  guint n;

  if (!walk_stale (store, before_month, dimensions, to_date, FALSE, &n, error))
    return FALSE;
  *stale = n > 0;
  return TRUE;
}

gboolean
mpos_summary_packs_clear (MposStore *store, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CLEAR, error);

  return stmt != NULL
         && mpos_store_step_done (store, stmt, "clearing the packed summaries", error);
}
