/* report-summary.c — keeping and reading the reports' summaries
 * (sales_summary, 0029). A sale's figures are gathered in memory by
 * (dimension, key) first, so each summary row is written once per record,
 * then added to its day's row and, for the monthly dimensions, its month's.
 * Reading picks month rows for the whole months of a period and day rows
 * for the rest, so a year reads twelve months, not 365 days. */
#include "report-summary.h"
#include "json-fields.h"
#include "report-day.h"
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
static MposSql SQL_COMPLETED = MPOS_SQL (
    "report-summary: completed records",
    "SELECT id FROM sales WHERE status = 'completed' ORDER BY created_at, id");

/* Rows are summed in C, not with GROUP BY: a year of a dimension with many
 * keys (SKUs, members) is a few hundred thousand rows, and SQLite's GROUP
 * BY would sort them in a temp b-tree (spilling to a temp file). */
static MposSql SQL_READ = MPOS_SQL (
    "report-summary: read",
    "SELECT key, kind, records, quantity, gross, discount, rounding, net, tax, change "
    "FROM sales_summary WHERE dimension = :dimension AND "
    "period IN (SELECT value FROM json_each (:periods))");

/* The dimensions an analysis reads over months as well as days. */
static const char *const MONTHLY[]
    = { "total", "hour", "cashier", "member", "tender", "category", "product" };

static gboolean
is_monthly (const char *dimension)
{
  for (guint i = 0; i < G_N_ELEMENTS (MONTHLY); i++)
    if (strcmp (MONTHLY[i], dimension) == 0)
      return TRUE;
  return FALSE;
}

/* ---- gathering one record ---------------------------------------------- */

typedef struct
{
  GHashTable *rows; /* "dimension\x1fkey" → MposSummaryRow* (key: the dimension) */
} Gather;

static void
row_free (gpointer data)
{
  MposSummaryRow *row = data;

  g_free (row->key);
  g_free (row);
}

static MposSummaryRow *
gather_row (Gather *g, const char *dimension, const char *key)
{
  g_autofree char *id = g_strdup_printf ("%s\x1f%s", dimension, key);
  MposSummaryRow *row = g_hash_table_lookup (g->rows, id);

  if (row == NULL)
    {
      row = g_new0 (MposSummaryRow, 1);
      row->key = g_strdup (dimension);
      g_hash_table_insert (g->rows, g_steal_pointer (&id), row);
    }
  return row;
}

static void
gather_header (Gather *g, const MposSaleRecord *r, const char *hour)
{
  MposSummaryRow *total = gather_row (g, "total", "");
  g_autofree char *member
      = r->member_id ? g_strdup_printf ("%" G_GINT64_FORMAT, r->member_id) : g_strdup ("");
  const char *keyed[][2] = { { "hour", hour }, { "cashier", r->cashier }, { "member", member } };

  total->records = 1;
  total->quantity = r->item_count;
  total->gross = r->subtotal;
  total->discount = r->discount_total;
  total->rounding = r->rounding;
  total->net = r->total;
  total->tax = r->tax_total;
  total->change = r->change;
  for (guint i = 0; i < G_N_ELEMENTS (keyed); i++)
    {
      MposSummaryRow *row = gather_row (g, keyed[i][0], keyed[i][1]);
      row->records = 1;
      row->net = r->total;
    }
}

static void
gather_tenders (Gather *g, const MposSaleRecord *r)
{
  for (guint i = 0; i < r->tenders->len; i++)
    {
      const MposSaleTender *t = g_ptr_array_index (r->tenders, i);
      MposSummaryRow *row = gather_row (g, "tender", mpos_tender_type_name (t->tender->type));
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

static gboolean
category_of (MposStore *store, int64_t sku_id, char *out, gsize size, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CATEGORY, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":sku", sku_id);
  rc = mpos_store_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading a line's category", error);
  g_snprintf (out, size, "%" G_GINT64_FORMAT,
              rc == SQLITE_ROW ? (int64_t)sqlite3_column_int64 (stmt, 0) : 0);
  return TRUE;
}

static void
gather_adjustments (Gather *g, const MposSaleLine *line)
{
  for (guint a = 0; line->adjustments && a < line->adjustments->len; a++)
    {
      const MposSaleAdjustment *adj = g_ptr_array_index (line->adjustments, a);
      const char *kind = discount_kind (adj->kind);
      if (kind != NULL)
        gather_row (g, "discount", kind)->discount -= adj->amount;
    }
}

static void
gather_loyalty (Gather *g, const MposSaleLine *line)
{
  if (!line->has_loyalty)
    return;
  gather_row (g, "points", "earned")->quantity += line->loyalty.points_earned;
  gather_row (g, "points", "burned")->quantity += line->loyalty.points_burnt;
}

static gboolean
gather_lines (MposStore *store, Gather *g, const MposSaleRecord *r, GError **error)
{
  int sign = strcmp (r->kind, "return") == 0 ? -1 : 1;

  for (guint i = 0; i < r->lines->len; i++)
    {
      const MposSaleLine *line = g_ptr_array_index (r->lines, i);
      char key[32];
      MposSummaryRow *tax;

      if (!category_of (store, line->sku_id, key, sizeof key, error))
        return FALSE;
      add_line_figures (gather_row (g, "category", key), line, sign);
      g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT, line->sku_id);
      add_line_figures (gather_row (g, "product", key), line, sign);
      g_snprintf (key, sizeof key, "%d", line->tax_rate_bp);
      tax = gather_row (g, "tax", key);
      tax->net += line->net;
      tax->tax += line->tax;
      gather_adjustments (g, line);
      gather_loyalty (g, line);
    }
  return TRUE;
}

/* ---- writing ------------------------------------------------------------ */

static gboolean
write_row (MposStore *store, const char *dimension, const char *period, const char *key,
           const char *kind, const MposSummaryRow *row, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_ADD, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":dimension", dimension);
  mpos_bind_text (stmt, ":period", period);
  mpos_bind_text (stmt, ":key", key);
  mpos_bind_text (stmt, ":kind", kind);
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

static gboolean
write_gathered (MposStore *store, Gather *g, const MposSaleRecord *r, GError **error)
{
  char month[8];
  GHashTableIter iter;
  gpointer id, value;

  g_strlcpy (month, r->business_day, sizeof month - 1); /* "202612" */
  g_hash_table_iter_init (&iter, g->rows);
  while (g_hash_table_iter_next (&iter, &id, &value))
    {
      MposSummaryRow *row = value;
      const char *key = strchr (id, '\x1f') + 1;
      if (!write_row (store, row->key, r->business_day, key, r->kind, row, error)
          || (is_monthly (row->key)
              && !write_row (store, row->key, month, key, r->kind, row, error)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_record (MposStore *store, const MposSaleRecord *r, GError **error)
{
  g_autoptr (GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, row_free);
  Gather g = { rows };
  g_autofree char *local = mpos_store_local_time (store, r->created_at);
  char hour[3] = { local[11], local[12], 0 };

  gather_header (&g, r, hour);
  gather_tenders (&g, r);
  return gather_lines (store, &g, r, error) && write_gathered (store, &g, r, error);
}

gboolean
mpos_report_summary_add (MposStore *store, const char *sale_id, GError **error)
{
  g_autoptr (MposSaleRecord) r = mpos_sale_load (store, sale_id, error);

  if (r == NULL)
    return FALSE;
  if (strcmp (r->status, "completed") != 0)
    return TRUE;
  return mpos_report_day_refuse_closed (store, r->business_day,
                                        strcmp (r->kind, "return") == 0 ? "a return" : "a sale",
                                        NULL, error)
         && add_record (store, r, error);
}

gboolean
mpos_report_summary_rebuild (MposStore *store, GError **error)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (MposStmt) clear = mpos_store_stmt (store, &SQL_CLEAR, error);
  sqlite3_stmt *stmt;
  int rc;

  if (clear == NULL || !mpos_store_step_done (store, clear, "clearing the summaries", error)
      || (stmt = mpos_store_stmt (store, &SQL_COMPLETED, error)) == NULL)
    return FALSE;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, mpos_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the sales to summarise", error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (MposSaleRecord) r = mpos_sale_load (store, ids->pdata[i], error);
      if (r == NULL || !add_record (store, r, error))
        return FALSE;
    }
  return TRUE;
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

static void
add_period (cJSON *periods, const GDate *date, gboolean month)
{
  char text[16];

  g_date_strftime (text, sizeof text, month ? "%Y%m" : "%Y%m%d", date);
  cJSON_AddItemToArray (periods, cJSON_CreateString (text));
}

/* The periods covering day_from … day_to: whole months as "YYYYMM" when
 * the dimension has month rows, other days as "YYYYMMDD". As JSON text. */
static char *
periods_json (const char *dimension, const char *day_from, const char *day_to)
{
  g_autoptr (GDate) day = day_parse (day_from);
  g_autoptr (GDate) last = day_parse (day_to);
  g_autoptr (cJSON) periods = cJSON_CreateArray ();
  gboolean monthly = is_monthly (dimension);

  while (day && last && g_date_compare (day, last) <= 0)
    {
      GDateMonth m = g_date_get_month (day);
      GDateYear y = g_date_get_year (day);
      guint8 days = g_date_get_days_in_month (m, y);
      g_autoptr (GDate) month_end = g_date_new_dmy (days, m, y);

      if (monthly && g_date_get_day (day) == 1 && g_date_compare (month_end, last) <= 0)
        {
          add_period (periods, day, TRUE);
          g_date_add_days (day, days);
          continue;
        }
      add_period (periods, day, FALSE);
      g_date_add_days (day, 1);
    }
  return cJSON_PrintUnformatted (periods);
}

static void
summary_row_clear (gpointer data)
{
  g_free (((MposSummaryRow *)data)->key);
}

static void
row_add (MposSummaryRow *sum, sqlite3_stmt *stmt)
{
  sum->quantity += sqlite3_column_int64 (stmt, 3);
  sum->gross += sqlite3_column_int64 (stmt, 4);
  sum->discount += sqlite3_column_int64 (stmt, 5);
  sum->rounding += sqlite3_column_int64 (stmt, 6);
  sum->net += sqlite3_column_int64 (stmt, 7);
  sum->tax += sqlite3_column_int64 (stmt, 8);
  sum->change += sqlite3_column_int64 (stmt, 9);
}

/* Sums the rows of the periods by key. Without a kind, records counts the
 * sales and returns the returns. */
static gboolean
sum_rows (MposStore *store, sqlite3_stmt *stmt, const char *kind, GArray *rows,
          GError **error)
{
  g_autoptr (GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  int rc;

  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *)sqlite3_column_text (stmt, 0);
      gboolean sale = strcmp ((const char *)sqlite3_column_text (stmt, 1), "sale") == 0;
      gpointer at;
      MposSummaryRow *sum;
      if (kind != NULL && strcmp (kind, sale ? "sale" : "return") != 0)
        continue;
      if (!g_hash_table_lookup_extended (index, key, NULL, &at))
        {
          MposSummaryRow row = { 0 };
          row.key = g_strdup (key);
          g_array_append_val (rows, row);
          at = GUINT_TO_POINTER (rows->len);
          g_hash_table_insert (index, row.key, at);
        }
      sum = &g_array_index (rows, MposSummaryRow, GPOINTER_TO_UINT (at) - 1);
      row_add (sum, stmt);
      if (kind == NULL && !sale)
        sum->returns += sqlite3_column_int64 (stmt, 2);
      else
        sum->records += sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || mpos_store_fail (store, rc, "reading the report summaries", error);
}

static int
by_key (gconstpointer a, gconstpointer b)
{
  return strcmp (((const MposSummaryRow *)a)->key, ((const MposSummaryRow *)b)->key);
}

GArray *
mpos_report_summary_read (MposStore *store, const char *dimension, const char *day_from,
                          const char *day_to, const char *kind, GError **error)
{
  g_autofree char *periods = periods_json (dimension, day_from, day_to);
  g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (MposSummaryRow));
  sqlite3_stmt *stmt = mpos_store_stmt (store, &SQL_READ, error);

  if (stmt == NULL)
    return NULL;
  g_array_set_clear_func (rows, summary_row_clear);
  mpos_bind_text (stmt, ":dimension", dimension);
  mpos_bind_text (stmt, ":periods", periods);
  if (!sum_rows (store, stmt, kind, rows, error))
    return NULL;
  g_array_sort (rows, by_key);
  return g_steal_pointer (&rows);
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

/* The counter hook (store-private.h): a sale's or return's figures into the
 * summaries, in its transaction. Top-ups and exchanges are not sales. */
static gboolean
counter_committing (MposStore *store, const MposCounterAction *action, GError **error)
{
  return action->kind != MPOS_COUNTER_SALE || mpos_report_summary_add (store, action->id, error);
}

void
mpos_report_summary_register (void)
{
  static const MposCounterHook hook = { "report-summary", NULL, counter_committing };

  /* 0029-report-summaries.sql: summarise the sales a store already holds. */
  mpos_store_register_migration_step (29, mpos_report_summary_rebuild);
  mpos_store_register_counter_hook (&hook);
}
