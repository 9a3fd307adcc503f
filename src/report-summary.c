/* report-summary.c — keeping and reading the reports' summaries
 * (sales_summary, 0029). A sale's commit writes nothing here: a report
 * first catches the summaries up from the journal (the sales and returns
 * completed since the last catch-up), gathering their figures in memory by
 * (day, kind, dimension, key) so each summary row is written once per
 * catch-up, not once per sale. The store's upkeep (the window's idle timer)
 * catches up a slice at a time during the day. Only day rows are kept; a month that is over
 * is read from its pack (report-summary-pack.h), built from its day rows. */
#include "report-summary.h"
#include "report-day.h"
#include "report-summary-pack.h"
#include "sale-record.h"
#include "store-private.h"

#include <stdio.h>
#include <string.h>

static MposSql SQL_ADD = MPOS_SQL (
    "report-summary: add",
    "INSERT INTO sales_summary (dimension, period, key, kind, records, quantity, gross, "
    "discount, rounding, net, tax, change) VALUES (:dimension, :period, :key, :kind, :records, "
    ":quantity, :gross, :discount, :rounding, :net, :tax, :change) ON CONFLICT DO UPDATE SET "
    "records = records + excluded.records, quantity = quantity + excluded.quantity, "
    "gross = gross + excluded.gross, discount = discount + excluded.discount, "
    "rounding = rounding + excluded.rounding, net = net + excluded.net, "
    "tax = tax + excluded.tax, change = change + excluded.change");
static MposSql SQL_CATEGORY
    = MPOS_SQL ("report-summary: category of a sku",
                "SELECT p.category_id FROM skus s JOIN products p ON p.id = s.product_id "
                "WHERE s.id = :sku");
static MposSql SQL_CLEAR
    = MPOS_SQL ("report-summary: clear", "DELETE FROM sales_summary");
static MposSql SQL_HAS_PACKS = MPOS_SQL (
    "report-summary: has packs",
    "SELECT count (*) FROM sqlite_schema WHERE type = 'table' AND name = 'sales_summary_packs'");
static MposSql SQL_COMPLETED = MPOS_SQL (
    "report-summary: completed records",
    "SELECT id FROM sales WHERE status = 'completed' ORDER BY created_at, id");
/* A sale counts at its 'sale' entry; a return at its 'return' entry when
 * it completed at once, else at its 'return_approved' entry. */
static MposSql SQL_COMPLETED_SINCE = MPOS_SQL (
    "report-summary: completed since",
    "SELECT ref_id FROM journal WHERE seq > :through AND seq <= :last AND (kind = 'sale' "
    "OR kind = 'return_approved' OR (kind = 'return' AND payload ->> '$.status' = 'completed')) "
    "ORDER BY seq");
static MposSql SQL_THROUGH = MPOS_SQL (
    "report-summary: caught up through",
    "SELECT coalesce ((SELECT value FROM counters WHERE name = 'report_summary_through'), 0), "
    "coalesce ((SELECT max (seq) FROM journal), 0)");
static MposSql SQL_SET_THROUGH
    = MPOS_SQL ("report-summary: set caught up through",
                "INSERT INTO counters (name, value) VALUES ('report_summary_through', :seq) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
static MposSql SQL_SALE_DAY
    = MPOS_SQL ("report-summary: a record's day",
                "SELECT business_day, kind FROM sales WHERE id = :id AND status = 'completed'");

/* The dimensions an analysis reads over months as well as days: packed. */
static const char *const MONTHLY[]
    = { "total", "hour", "cashier", "member", "tender", "category", "product", NULL };

/* The packed dimensions also kept to date: keyed by member, read over a
 * year by the members analysis (report-summary-pack.h). */
static const char *const TO_DATE[] = { "member", NULL };

static gboolean
is_to_date (const char *dimension)
{
  return g_strv_contains (TO_DATE, dimension);
}

static gboolean
is_monthly (const char *dimension)
{
  for (guint i = 0; MONTHLY[i] != NULL; i++)
    if (strcmp (MONTHLY[i], dimension) == 0)
      return TRUE;
  return FALSE;
}

/* ---- gathering records ----------------------------------------------------- */

typedef struct
{
  /* "day\x1fkind\x1fdimension\x1fkey" → MposSummaryRow* (its key unused) */
  GHashTable *rows;
  GHashTable *categories; /* sku id → its category id, as text */
} Gather;

static void
row_free (gpointer data)
{
  g_free (data);
}

static void
gather_init (Gather *g)
{
  g->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, row_free);
  g->categories = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

static void
gather_clear (Gather *g)
{
  g_hash_table_unref (g->rows);
  g_hash_table_unref (g->categories);
}

static MposSummaryRow *
gather_row (Gather *g, const MposSaleRecord *r, const char *dimension, const char *key)
{
  g_autofree char *id
      = g_strdup_printf ("%s\x1f%s\x1f%s\x1f%s", r->business_day, r->kind, dimension, key);
  MposSummaryRow *row = g_hash_table_lookup (g->rows, id);

  if (row == NULL)
    {
      row = g_new0 (MposSummaryRow, 1);
      g_hash_table_insert (g->rows, g_steal_pointer (&id), row);
    }
  return row;
}

static void
gather_header (Gather *g, const MposSaleRecord *r, const char *hour)
{
  MposSummaryRow *total = gather_row (g, r, "total", "");
  g_autofree char *member
      = r->member_id ? g_strdup_printf ("%" G_GINT64_FORMAT, r->member_id) : g_strdup ("");
  const char *keyed[][2] = { { "hour", hour }, { "cashier", r->cashier }, { "member", member } };

  total->records++;
  total->quantity += r->item_count;
  total->gross += r->subtotal;
  total->discount += r->discount_total;
  total->rounding += r->rounding;
  total->net += r->total;
  total->tax += r->tax_total;
  total->change += r->change;
  for (guint i = 0; i < G_N_ELEMENTS (keyed); i++)
    {
      MposSummaryRow *row = gather_row (g, r, keyed[i][0], keyed[i][1]);
      row->records++;
      row->net += r->total;
    }
}

static void
gather_tenders (Gather *g, const MposSaleRecord *r)
{
  for (guint i = 0; i < r->tenders->len; i++)
    {
      const MposSaleTender *t = g_ptr_array_index (r->tenders, i);
      MposSummaryRow *row = gather_row (g, r, "tender", mpos_tender_type_name (t->tender->type));
      row->records++;
      row->net += t->tender->amount;
    }
}

/* "member", "promotion", "coupon", "manual", or NULL (rounding: the header's). */
static const char *
discount_kind (const char *adjustment)
{
  if (strcmp (adjustment, "member_price") == 0 || strcmp (adjustment, "level_discount") == 0)
    return "member";
  if (strcmp (adjustment, "promotion") == 0 || strcmp (adjustment, "coupon") == 0)
    return adjustment;
  if (strcmp (adjustment, "cash_rounding") == 0)
    return NULL;
  return "manual"; /* price_override, line_discount, order_discount */
}

/* sign: a return's lines keep their quantity positive, their amounts negative. */
static void
add_line_figures (MposSummaryRow *row, const MposSaleLine *line, int sign)
{
  row->records++;
  row->quantity += sign * (line->weighed ? line->qty : line->qty * 1000);
  row->gross += line->gross;
  row->discount += line->gross - line->net;
  row->net += line->net;
  row->tax += line->tax;
}

/* The SKU's category id as text ("0": none), looked up once per catch-up. */
static const char *
category_of (MposStore *store, Gather *g, int64_t sku_id, GError **error)
{
  const char *known = g_hash_table_lookup (g->categories, &sku_id);
  g_autoptr (MposStmt) stmt = NULL;
  char *category;
  int rc;

  if (known != NULL)
    return known;
  if ((stmt = mpos_store_stmt (store, &SQL_CATEGORY, error)) == NULL)
    return NULL;
  mpos_bind_int64 (stmt, ":sku", sku_id);
  rc = mpos_store_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading a line's category", error), NULL;
  category = g_strdup_printf ("%" G_GINT64_FORMAT,
                              rc == SQLITE_ROW ? (int64_t)sqlite3_column_int64 (stmt, 0) : 0);
  g_hash_table_insert (g->categories, g_memdup2 (&sku_id, sizeof sku_id), category);
  return category;
}

static void
gather_adjustments (Gather *g, const MposSaleRecord *r, const MposSaleLine *line)
{
  for (guint a = 0; line->adjustments && a < line->adjustments->len; a++)
    {
      const MposSaleAdjustment *adj = g_ptr_array_index (line->adjustments, a);
      const char *kind = discount_kind (adj->kind);
      if (kind != NULL)
        gather_row (g, r, "discount", kind)->discount -= adj->amount;
    }
}

static void
gather_loyalty (Gather *g, const MposSaleRecord *r, const MposSaleLine *line)
{
  if (!line->has_loyalty)
    return;
  gather_row (g, r, "points", "earned")->quantity += line->loyalty.points_earned;
  gather_row (g, r, "points", "burned")->quantity += line->loyalty.points_burnt;
}

static gboolean
gather_lines (MposStore *store, Gather *g, const MposSaleRecord *r, GError **error)
{
  int sign = strcmp (r->kind, "return") == 0 ? -1 : 1;

  for (guint i = 0; i < r->lines->len; i++)
    {
      const MposSaleLine *line = g_ptr_array_index (r->lines, i);
      const char *category = category_of (store, g, line->sku_id, error);
      char key[32];
      MposSummaryRow *tax;

      if (category == NULL)
        return FALSE;
      add_line_figures (gather_row (g, r, "category", category), line, sign);
      g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT, line->sku_id);
      add_line_figures (gather_row (g, r, "product", key), line, sign);
      g_snprintf (key, sizeof key, "%d", line->tax_rate_bp);
      tax = gather_row (g, r, "tax", key);
      tax->net += line->net;
      tax->tax += line->tax;
      gather_adjustments (g, r, line);
      gather_loyalty (g, r, line);
    }
  return TRUE;
}

/* Adds completed sale or return `sale_id` to what is gathered. */
static gboolean
gather_record (MposStore *store, Gather *g, const char *sale_id, GError **error)
{
  g_autoptr (MposSaleRecord) r = mpos_sale_load (store, sale_id, error);
  g_autofree char *local = NULL;
  char hour[3];

  if (r == NULL)
    return FALSE;
  if (strcmp (r->status, "completed") != 0)
    return TRUE;
  local = mpos_store_local_time (store, r->created_at);
  hour[0] = local[11], hour[1] = local[12], hour[2] = '\0';
  gather_header (g, r, hour);
  gather_tenders (g, r);
  return gather_lines (store, g, r, error);
}

/* ---- writing ------------------------------------------------------------ */

static gboolean
write_row (MposStore *store, char *const parts[4], const MposSummaryRow *row, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_ADD, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":period", parts[0]);
  mpos_bind_text (stmt, ":kind", parts[1]);
  mpos_bind_text (stmt, ":dimension", parts[2]);
  mpos_bind_text (stmt, ":key", parts[3]);
  mpos_bind_int64 (stmt, ":records", row->records);
  mpos_bind_int64 (stmt, ":quantity", row->quantity);
  mpos_bind_int64 (stmt, ":gross", row->gross);
  mpos_bind_int64 (stmt, ":discount", row->discount);
  mpos_bind_int64 (stmt, ":rounding", row->rounding);
  mpos_bind_int64 (stmt, ":net", row->net);
  mpos_bind_int64 (stmt, ":tax", row->tax);
  mpos_bind_int64 (stmt, ":change", row->change);
  return mpos_store_step_done (store, stmt, "keeping the report summaries", error);
}

/* Each gathered row added to its day's row, once. */
static gboolean
write_gathered (MposStore *store, Gather *g, GError **error)
{
  GHashTableIter iter;
  gpointer id, value;

  g_hash_table_iter_init (&iter, g->rows);
  while (g_hash_table_iter_next (&iter, &id, &value))
    {
      g_auto (GStrv) parts = g_strsplit (id, "\x1f", 4);
      if (!write_row (store, parts, value, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
gather_and_write (MposStore *store, GPtrArray *ids, GError **error)
{
  Gather g;
  gboolean ok = TRUE;

  gather_init (&g);
  for (guint i = 0; ok && i < ids->len; i++)
    ok = gather_record (store, &g, ids->pdata[i], error);
  ok = ok && write_gathered (store, &g, error);
  gather_clear (&g);
  return ok;
}

/* ---- catching up from the journal ------------------------------------------ */

static gboolean
read_ids (MposStore *store, MposSql *sql, const int64_t bounds[2], GPtrArray *ids, GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (bounds != NULL)
    {
      mpos_bind_int64 (stmt, ":through", bounds[0]);
      mpos_bind_int64 (stmt, ":last", bounds[1]);
    }
  return mpos_store_read_rows (store, stmt, mpos_row_first_text, ids,
                               "reading the sales to summarise", error);
}

/* through: the journal seq the summaries are caught up to; last: the newest. */
static gboolean
read_through (MposStore *store, int64_t bounds[2], GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_THROUGH, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if ((rc = mpos_store_step (stmt)) != SQLITE_ROW)
    return mpos_store_fail (store, rc, "reading how far the report summaries are kept", error);
  bounds[0] = sqlite3_column_int64 (stmt, 0);
  bounds[1] = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

static gboolean
set_through (MposStore *store, int64_t seq, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SET_THROUGH, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":seq", seq);
  return mpos_store_step_done (store, stmt, "keeping the report summaries", error);
}

/* In the write transaction: the bounds are read again under the lock, so
 * two processes catching up at once add each record once. data: NULL for
 * every entry, else the most journal entries (seqs) to take in. */
static gboolean
catch_up_body (MposStore *store, gpointer data, GError **error)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const int64_t *most = data;
  int64_t bounds[2];

  if (!read_through (store, bounds, error))
    return FALSE;
  if (most != NULL)
    bounds[1] = MIN (bounds[1], bounds[0] + *most);
  if (bounds[1] <= bounds[0])
    return TRUE;
  return read_ids (store, &SQL_COMPLETED_SINCE, bounds, ids, error)
         && gather_and_write (store, ids, error) && set_through (store, bounds[1], error);
}

/* Outside a transaction: one read when caught up, else a write transaction. */
static gboolean
catch_up_at_most (MposStore *store, const int64_t *most, GError **error)
{
  int64_t bounds[2];

  if (!read_through (store, bounds, error))
    return FALSE;
  return bounds[1] <= bounds[0]
         || mpos_store_transaction (store, catch_up_body, (gpointer)most, error);
}

gboolean
mpos_report_summary_catch_up (MposStore *store, GError **error)
{
  if (!sqlite3_get_autocommit (mpos_store_db (store)))
    return catch_up_body (store, NULL, error); /* the caller's write transaction */
  return catch_up_at_most (store, NULL, error);
}

/* The counter hook's idle slice (store-maintenance.c): a bounded catch-up,
 * so a report at the day's end finds little left. */
gboolean
mpos_report_summary_catch_up_slice (MposStore *store, GError **error)
{
  static const int64_t most = MPOS_REPORT_SUMMARY_IDLE_SLICE;

  g_return_val_if_fail (sqlite3_get_autocommit (mpos_store_db (store)), FALSE);
  return catch_up_at_most (store, &most, error);
}

/* Whether the store has its packs table (0038): not yet when migration 0029
 * rebuilds the summaries. */
static gboolean
has_packs (MposStore *store, gboolean *has, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_HAS_PACKS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if ((rc = mpos_store_step (stmt)) != SQLITE_ROW)
    return mpos_store_fail (store, rc, "looking for the packed summaries", error);
  *has = sqlite3_column_int (stmt, 0) > 0;
  return TRUE;
}

static gboolean pack_migrated (MposStore *store, GError **error);

/* Every completed record summarised again, the summaries then caught up to
 * the newest journal entry. */
static gboolean
summarise_completed (MposStore *store, GError **error)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int64_t bounds[2];

  return read_ids (store, &SQL_COMPLETED, NULL, ids, error) && gather_and_write (store, ids, error)
         && read_through (store, bounds, error) && set_through (store, bounds[1], error);
}

/* The packs go with the rows they were made of, and are made again from
 * the new rows for every month but the latest. */
gboolean
mpos_report_summary_rebuild (MposStore *store, GError **error)
{
  g_autoptr (MposStmt) clear = mpos_store_stmt (store, &SQL_CLEAR, error);
  gboolean packs = FALSE;

  return clear != NULL && mpos_store_step_done (store, clear, "clearing the summaries", error)
         && has_packs (store, &packs, error)
         && (!packs || mpos_summary_packs_clear (store, error))
         && summarise_completed (store, error) && (!packs || pack_migrated (store, error));
}

/* ---- reading ------------------------------------------------------------ */

static GDate *
day_parse (const char *day)
{
  unsigned y, m, d;

  if (sscanf (day, "%4u%2u%2u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return NULL;
  return g_date_new_dmy (d, m, y);
}

/* The run of one period: a month's (its pack while current) or a day's. */
static gboolean
add_run (MposStore *store, const char *dimension, const GDate *date, gboolean month,
         GPtrArray *runs, GError **error)
{
  char period[16];
  MposSummaryRun *run;

  g_date_strftime (period, sizeof period, month ? "%Y%m" : "%Y%m%d", date);
  run = month ? mpos_summary_month_run (store, dimension, period, error)
              : mpos_summary_period_run (store, dimension, period, error);
  if (run == NULL)
    return FALSE;
  g_ptr_array_add (runs, run);
  return TRUE;
}

static void
month_name (const GDate *date, char month[8])
{
  g_date_strftime (month, 8, "%Y%m", date);
}

/* How many whole months run from `day` (the first of a month) to `last`. */
static guint
whole_months (const GDate *day, const GDate *last)
{
  g_autoptr (GDate) next = g_date_copy (day);

  for (guint n = 0;; n++)
    {
      g_date_add_months (next, 1);
      g_date_subtract_days (next, 1); /* the month's last day */
      if (g_date_compare (next, last) > 0)
        return n;
      g_date_add_days (next, 1);
    }
}

/* The rows through `end` minus those through `before` ("202611", "202511":
 * December 2025 to November 2026) from the to-date packs; NULL with
 * *failed unset when one does not answer, *stop set when it is `before`'s
 * (no shorter stretch from the same start can answer then either). */
static MposSummaryRun *
to_date_between (MposStore *store, const char *dimension, const char *before, const char *end,
                 gboolean *stop, GError **failed)
{
  g_autoptr (GPtrArray) ends
      = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_summary_run_free);
  static const int signs[] = { 1, -1 };
  MposSummaryRun *run;

  if ((run = mpos_summary_to_date_run (store, dimension, end, failed)) == NULL)
    return NULL;
  g_ptr_array_add (ends, run);
  if ((run = mpos_summary_to_date_run (store, dimension, before, failed)) == NULL)
    return *stop = TRUE, NULL;
  g_ptr_array_add (ends, run);
  return mpos_summary_runs_sum (ends, signs);
}

/* At `day`, the first of a month: the stretch of the most whole months up
 * to `last` (two or more) that the to-date packs answer, as one run.
 * *months gets its number of months (0: none answers, read month by month). */
static gboolean
add_to_date_run (MposStore *store, const char *dimension, const GDate *day, const GDate *last,
                 GPtrArray *runs, guint *months, GError **error)
{
  g_autoptr (GDate) before = g_date_copy (day);
  gboolean stop = FALSE;
  char before_month[8];

  *months = 0;
  g_date_subtract_days (before, 1);
  month_name (before, before_month);
  for (guint k = whole_months (day, last); k >= 2 && !stop; k--)
    {
      g_autoptr (GDate) end = g_date_copy (day);
      g_autoptr (GError) failed = NULL;
      char end_month[8];
      MposSummaryRun *run;

      g_date_add_months (end, k - 1);
      month_name (end, end_month);
      run = to_date_between (store, dimension, before_month, end_month, &stop, &failed);
      if (failed != NULL)
        return g_propagate_error (error, g_steal_pointer (&failed)), FALSE;
      if (run != NULL)
        {
          g_ptr_array_add (runs, run);
          *months = k;
          return TRUE;
        }
    }
  return TRUE;
}

/* The runs covering day_from … day_to: whole months from their to-date or
 * month packs (or day rows) when the dimension is packed, other days from
 * day rows. */
static gboolean
period_runs (MposStore *store, const char *dimension, const char *day_from, const char *day_to,
             GPtrArray *runs, GError **error)
{
  g_autoptr (GDate) day = day_parse (day_from);
  g_autoptr (GDate) last = day_parse (day_to);
  gboolean monthly = is_monthly (dimension);

  while (day && last && g_date_compare (day, last) <= 0)
    {
      GDateMonth m = g_date_get_month (day);
      GDateYear y = g_date_get_year (day);
      guint8 days = g_date_get_days_in_month (m, y);
      g_autoptr (GDate) month_end = g_date_new_dmy (days, m, y);
      gboolean whole = monthly && g_date_get_day (day) == 1 && g_date_compare (month_end, last) <= 0;
      guint months = 0;

      if (whole && is_to_date (dimension)
          && !add_to_date_run (store, dimension, day, last, runs, &months, error))
        return FALSE;
      if (months > 0)
        {
          g_date_add_months (day, months);
          continue;
        }
      if (!add_run (store, dimension, day, whole, runs, error))
        return FALSE;
      g_date_add_days (day, whole ? days : 1);
    }
  return TRUE;
}

GArray *
mpos_report_summary_read (MposStore *store, const char *dimension, const char *day_from,
                          const char *day_to, const char *kind, GError **error)
{
  g_autoptr (GPtrArray) runs
      = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_summary_run_free);

  /* inside a transaction the caller has caught up (a read one cannot) */
  if (sqlite3_get_autocommit (mpos_store_db (store))
      && !mpos_report_summary_catch_up (store, error))
    return NULL;
  if (!period_runs (store, dimension, day_from, day_to, runs, error))
    return NULL;
  return mpos_summary_runs_merge (runs, kind);
}

/* ---- packing the months that are over ----------------------------------- */

typedef struct
{
  const char *before_month;
  guint packed;
} Packing;

static gboolean
pack_body (MposStore *store, gpointer data, GError **error)
{
  Packing *p = data;

  return mpos_summary_pack_months (store, p->before_month, MONTHLY, TO_DATE, &p->packed, error);
}

gboolean
mpos_report_summary_pack (MposStore *store, const char *before_day, guint *packed,
                          GError **error)
{
  char month[7];
  Packing p = { month, 0 };
  gboolean stale;

  g_strlcpy (month, before_day, sizeof month);
  if (packed != NULL)
    *packed = 0;
  if (!mpos_report_summary_catch_up (store, error)
      || !mpos_summary_packs_stale (store, month, MONTHLY, TO_DATE, &stale, error))
    return FALSE;
  if (stale && !mpos_store_transaction (store, pack_body, &p, error))
    return FALSE;
  if (packed != NULL)
    *packed = p.packed;
  return TRUE;
}

static MposSql SQL_LATEST_MONTH
    = MPOS_SQL ("report-summary: latest month",
                "SELECT coalesce (substr (max (period), 1, 6), '') FROM sales_summary "
                "WHERE dimension = 'total'");

/* 0038: packs the months a store already summarised, but its latest. */
static gboolean
pack_migrated (MposStore *store, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LATEST_MONTH, error);
  g_autofree char *latest = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  if ((rc = mpos_store_step (stmt)) != SQLITE_ROW)
    return mpos_store_fail (store, rc, "reading the latest month summarised", error);
  latest = mpos_column_text_or_empty (stmt, 0);
  return mpos_summary_pack_months (store, latest, MONTHLY, TO_DATE, NULL, error);
}

MposSummaryRow
mpos_summary_row_find (const GArray *rows, const char *key)
{
  for (guint i = 0; rows && i < rows->len; i++)
    {
      const MposSummaryRow *row = &g_array_index (rows, MposSummaryRow, i);
      if (g_strcmp0 (row->key, key) == 0)
        return *row;
    }
  return (MposSummaryRow){ 0 };
}

static gint upkeep_paused;

void
mpos_report_summary_pause_upkeep (gboolean paused)
{
  g_atomic_int_set (&upkeep_paused, paused);
}

/* The counter hook (store-private.h), in a sale's or return's transaction:
 * only refuses a record into a day its Z report closed. Its figures reach
 * the summaries when a report next catches them up, never in its commit.
 * Top-ups and exchanges are not sales. */
static gboolean
counter_committing (MposStore *store, const MposCounterAction *action, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  int rc;

  if (action->kind != MPOS_COUNTER_SALE || g_atomic_int_get (&upkeep_paused))
    return TRUE;
  if ((stmt = mpos_store_stmt (store, &SQL_SALE_DAY, error)) == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":id", action->id);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_DONE) /* a return waiting for approval */
    return TRUE;
  if (rc != SQLITE_ROW)
    return mpos_store_fail (store, rc, "reading a sale's business day", error);
  return mpos_report_day_refuse_closed (
      store, (const char *)sqlite3_column_text (stmt, 0),
      strcmp ((const char *)sqlite3_column_text (stmt, 1), "return") == 0 ? "a return" : "a sale",
      NULL, error);
}

void
mpos_report_summary_register (void)
{
  static const MposCounterHook hook = { "report-summary", NULL, counter_committing,
                                         mpos_report_summary_catch_up_slice };

  /* 0029-report-summaries.sql: summarise the sales a store already holds. */
  mpos_store_register_migration_step (29, mpos_report_summary_rebuild);
  /* 0038-report-summary-packs.sql: pack the months it already summarised. */
  mpos_store_register_migration_step (38, pack_migrated);
  mpos_store_register_counter_hook (&hook);
}
