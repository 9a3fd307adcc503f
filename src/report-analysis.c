/* report-analysis.c — the manager's analyses (report-analysis.h): each
 * reads the period's summaries (report-summary.c: month rows for whole
 * months, day rows for the rest) and names what the keys stand for
 * (categories, staff, SKUs, members) with a lookup per row shown. */
#include "report-analysis.h"
#include "business-day.h"
#include "mask.h"
#include "json-fields.h"
#include "report-private.h"

#include <stdio.h>
#include <string.h>

static MposSql SQL_CATEGORY
    = MPOS_SQL ("report-analysis: category", "SELECT path FROM categories WHERE id = :id");
static MposSql SQL_STAFF
    = MPOS_SQL ("report-analysis: staff name", "SELECT name FROM staff WHERE number = :id");
static MposSql SQL_SKU = MPOS_SQL (
    "report-analysis: sku",
    "SELECT s.code, p.name || CASE WHEN s.spec = '' THEN '' ELSE ' ' || s.spec END, "
    "s.stock_qty + coalesce ((SELECT sum (m.qty) FROM stock_movements m WHERE m.sku_id = s.id "
    "AND m.id > coalesce ((SELECT value FROM counters WHERE name = 'stock_folded_through'), 0)), "
    "0), p.unit = 'weight' FROM skus s JOIN products p ON p.id = s.product_id WHERE s.id = :id");
static MposSql SQL_IN_STOCK = MPOS_SQL (
    "report-analysis: skus in stock",
    "SELECT s.id FROM skus s LEFT JOIN (SELECT sku_id, sum (qty) AS qty FROM stock_movements "
    "WHERE id > coalesce ((SELECT value FROM counters WHERE name = 'stock_folded_through'), 0) "
    "GROUP BY sku_id) AS m ON m.sku_id = s.id "
    "WHERE s.active = 1 AND s.stock_qty + coalesce (m.qty, 0) > 0");
static MposSql SQL_MEMBER = MPOS_SQL (
    "report-analysis: member",
    "SELECT coalesce (m.card_no, (SELECT c.card_no FROM member_cards c WHERE c.member_id = m.id "
    "AND c.status = 'active' ORDER BY c.created_at LIMIT 1)), m.name, "
    "coalesce (l.name, m.level_code) FROM members m "
    "LEFT JOIN member_levels l ON l.code = m.level_code WHERE m.id = :id");
static MposSql SQL_NEW_MEMBERS = MPOS_SQL (
    "report-analysis: new members",
    "SELECT count (*) FROM members WHERE created_at >= :from AND created_at < :to");
/* The members by level and their liabilities are kept by triggers on
 * members (0038): a few rows, whatever the number of members. */
static MposSql SQL_LEVELS = MPOS_SQL (
    "report-analysis: levels",
    "SELECT coalesce (l.name, t.level_code), t.members FROM member_level_totals t "
    "LEFT JOIN member_levels l ON l.code = t.level_code WHERE t.members > 0 "
    "ORDER BY coalesce (l.rank, 0), t.level_code");
static MposSql SQL_LIABILITIES = MPOS_SQL (
    "report-analysis: liabilities",
    "SELECT coalesce (sum (points), 0), coalesce (sum (sv_principal), 0), "
    "coalesce (sum (sv_bonus), 0) FROM member_level_totals");

#define RANKED 20

typedef struct
{
  MposStore *store;
  MposReport *report;
  char from[9], to[9];
} Period;

typedef gboolean (*AnalysisFn) (Period *p, GError **error);

static GArray *
period_rows (Period *p, const char *dimension, const char *kind, GError **error)
{
  return mpos_report_summary_read (p->store, dimension, p->from, p->to, kind, error);
}

/* basis points of part in whole, half up; 0 when whole is 0. */
static int64_t
share (int64_t part, int64_t whole)
{
  if (whole == 0)
    return 0;
  return (part * 10000 + (whole > 0 ? whole / 2 : -whole / 2)) / whole;
}

static int64_t
average (int64_t amount, int64_t count)
{
  return count > 0 ? (amount + (amount >= 0 ? count / 2 : -count / 2)) / count : 0;
}

/* A lookup of one text by an id; the id itself when nothing is found. */
static char *
lookup_text (Period *p, MposSql *sql, const char *id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (p->store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":id", id);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    return mpos_column_text_or_empty (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      mpos_store_fail (p->store, rc, "naming a report's row", error);
      return NULL;
    }
  return g_strdup (id);
}

static MposReportTable *
add_table (Period *p, const char *id, const char *title, const char *const columns[][3])
{
  MposReportTable *t = mpos_report_add_table (p->report, id, title);

  for (guint c = 0; columns[c][0] != NULL; c++)
    mpos_report_table_add_column (t, columns[c][0], columns[c][1],
                                  (MposReportKind)(columns[c][2][0] - '0'));
  return t;
}

#define K_TEXT "0"
#define K_MONEY "1"
#define K_COUNT "2"
#define K_POINTS "3"
#define K_QUANTITY "4"
#define K_SHARE "5"

static void
set_row (MposReportTable *t, guint row, const char *label, const int64_t *values)
{
  mpos_report_table_set_text (t, row, 0, label);
  for (guint c = 1; c < t->columns->len; c++)
    mpos_report_table_set_value (t, row, c,
                                 g_array_index (t->columns, MposReportColumn, c).kind,
                                 values[c - 1]);
}

static void
add_total (MposReportTable *t, const int64_t *values)
{
  set_row (t, mpos_report_table_add_row (t, MPOS_REPORT_ROW_TOTAL), MPOS_REPORT_TOTAL, values);
}

/* ---- sales by hour ------------------------------------------------------ */

static gboolean
sales_by_hour (Period *p, GError **error)
{
  static const char *const COLUMNS[][3] = { { "hour", "时段", K_TEXT },
                                            { "sales", "笔数", K_COUNT },
                                            { "net", "净销售额", K_MONEY },
                                            { "average", "客单价", K_MONEY },
                                            { NULL } };
  g_autoptr (GArray) all = period_rows (p, "hour", NULL, error);
  MposReportTable *t;

  if (all == NULL)
    return FALSE;
  t = add_table (p, "hours", "按小时", COLUMNS);
  for (int h = 0; h < 24; h++)
    {
      char key[3];
      g_snprintf (key, sizeof key, "%02d", h);
      MposSummaryRow s = mpos_summary_row_find (all, key);
      int64_t values[] = { s.records, s.net, average (s.net, s.records) };
      set_row (t, mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM), key, values);
    }
  mpos_report_table_set_chart (t, MPOS_REPORT_CHART_BARS, 2);
  return TRUE;
}

/* ---- by category, by cashier, by tender -------------------------------- */

static int
by_net_desc (gconstpointer a, gconstpointer b)
{
  const MposSummaryRow *x = a, *y = b;

  return x->net != y->net ? (x->net < y->net ? 1 : -1) : g_strcmp0 (x->key, y->key);
}

static int64_t
total_net (const GArray *rows)
{
  int64_t total = 0;

  for (guint i = 0; i < rows->len; i++)
    total += g_array_index (rows, MposSummaryRow, i).net;
  return total;
}

static gboolean
by_category (Period *p, GError **error)
{
  static const char *const COLUMNS[][3]
      = { { "category", "品类", K_TEXT }, { "quantity", "数量", K_QUANTITY },
          { "net", "净销售额", K_MONEY },   { "share", "占比", K_SHARE },
          { NULL } };
  g_autoptr (GArray) rows = period_rows (p, "category", NULL, error);
  MposReportTable *t;
  int64_t total, quantity = 0;

  if (rows == NULL)
    return FALSE;
  g_array_sort (rows, by_net_desc);
  total = total_net (rows);
  t = add_table (p, "categories", "按品类", COLUMNS);
  for (guint i = 0; i < rows->len; i++)
    {
      const MposSummaryRow *r = &g_array_index (rows, MposSummaryRow, i);
      g_autofree char *name = lookup_text (p, &SQL_CATEGORY, r->key, error);
      int64_t values[] = { r->quantity, r->net, share (r->net, total) };
      if (name == NULL)
        return FALSE;
      set_row (t, mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM), name, values);
      quantity += r->quantity;
    }
  add_total (t, (int64_t[]){ quantity, total, total ? 10000 : 0 });
  mpos_report_table_set_chart (t, MPOS_REPORT_CHART_SHARE, 2);
  return TRUE;
}

static gboolean
by_cashier (Period *p, GError **error)
{
  static const char *const COLUMNS[][3]
      = { { "cashier", "收银员", K_TEXT }, { "sales", "销售笔数", K_COUNT },
          { "returns", "退货笔数", K_COUNT }, { "net", "净销售额", K_MONEY },
          { "average", "客单价", K_MONEY },   { NULL } };
  g_autoptr (GArray) all = period_rows (p, "cashier", NULL, error);
  int64_t totals[4] = { 0 };
  MposReportTable *t;

  if (all == NULL)
    return FALSE;
  g_array_sort (all, by_net_desc);
  t = add_table (p, "cashiers", "按收银员", COLUMNS);
  for (guint i = 0; i < all->len; i++)
    {
      const MposSummaryRow *r = &g_array_index (all, MposSummaryRow, i);
      g_autofree char *name = lookup_text (p, &SQL_STAFF, r->key, error);
      g_autofree char *label = NULL;
      int64_t values[] = { r->records, r->returns, r->net, average (r->net, r->records) };
      if (name == NULL)
        return FALSE;
      label = strcmp (name, r->key) ? g_strdup_printf ("%s %s", r->key, name) : g_strdup (name);
      set_row (t, mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM), label, values);
      totals[0] += values[0];
      totals[1] += values[1];
      totals[2] += r->net;
    }
  totals[3] = average (totals[2], totals[0]);
  add_total (t, totals);
  mpos_report_table_set_chart (t, MPOS_REPORT_CHART_BARS, 3);
  return TRUE;
}

#define TENDERS mpos_report_tenders

static gboolean
by_tender (Period *p, GError **error)
{
  static const char *const COLUMNS[][3]
      = { { "tender", "支付方式", K_TEXT }, { "count", "笔数", K_COUNT },
          { "net", "净额", K_MONEY },         { "share", "占比", K_SHARE },
          { NULL } };
  g_autoptr (GArray) all = period_rows (p, "tender", NULL, error);
  g_autoptr (GArray) totals = all ? period_rows (p, "total", NULL, error) : NULL;
  int64_t nets[MPOS_REPORT_N_TENDERS], count = 0, net = 0;
  MposReportTable *t;

  if (totals == NULL)
    return FALSE;
  for (guint i = 0; i < MPOS_REPORT_N_TENDERS; i++)
    {
      nets[i] = mpos_summary_row_find (all, TENDERS[i].type).net;
      net += nets[i];
    }
  nets[0] -= mpos_summary_row_find (totals, "").change; /* cash kept: less change */
  net -= mpos_summary_row_find (totals, "").change;
  t = add_table (p, "tenders", "按支付方式", COLUMNS);
  for (guint i = 0; i < MPOS_REPORT_N_TENDERS; i++)
    {
      int64_t records = mpos_summary_row_find (all, TENDERS[i].type).records;
      int64_t values[] = { records, nets[i], share (nets[i], net) };
      set_row (t, mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM), TENDERS[i].label, values);
      count += records;
    }
  add_total (t, (int64_t[]){ count, net, net ? 10000 : 0 });
  mpos_report_table_set_chart (t, MPOS_REPORT_CHART_SHARE, 2);
  return TRUE;
}

/* ---- products ----------------------------------------------------------- */

static const char *const PRODUCT_COLUMNS[][3]
    = { { "code", "编码", K_TEXT },      { "name", "商品", K_TEXT },
        { "quantity", "数量", K_QUANTITY }, { "net", "净销售额", K_MONEY },
        { "stock", "库存", K_QUANTITY },    { NULL } };

static gboolean
add_product_row (Period *p, MposReportTable *t, const char *sku, const MposSummaryRow *sold,
                 GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (p->store, &SQL_SKU, error);
  guint row;
  int64_t stock;
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":id", sku);
  if ((rc = mpos_store_step (stmt)) != SQLITE_ROW)
    return rc == SQLITE_DONE || mpos_store_fail (p->store, rc, "reading a product", error);
  stock = sqlite3_column_int64 (stmt, 2);
  row = mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM);
  mpos_report_table_set_text (t, row, 0, (const char *)sqlite3_column_text (stmt, 0));
  mpos_report_table_set_text (t, row, 1, (const char *)sqlite3_column_text (stmt, 1));
  mpos_report_table_set_value (t, row, 2, MPOS_REPORT_QUANTITY, sold->quantity);
  mpos_report_table_set_value (t, row, 3, MPOS_REPORT_MONEY, sold->net);
  mpos_report_table_set_value (t, row, 4, MPOS_REPORT_QUANTITY,
                               sqlite3_column_int (stmt, 3) ? stock : stock * 1000);
  return TRUE;
}

static int
net_desc (gconstpointer a, gconstpointer b)
{
  const MposSummaryRow *x = *(const MposSummaryRow *const *)a;
  const MposSummaryRow *y = *(const MposSummaryRow *const *)b;

  return x->net != y->net ? (x->net < y->net ? 1 : -1) : g_strcmp0 (x->key, y->key);
}

static int
net_asc (gconstpointer a, gconstpointer b)
{
  return net_desc (b, a);
}

/* Inserts r into best (sorted by order, at most `keep` long) if it ranks. */
static void
rank_in (GPtrArray *best, const MposSummaryRow *r, GCompareFunc order, guint keep)
{
  guint at = best->len;

  if (at == keep && order (&r, &best->pdata[at - 1]) >= 0)
    return;
  while (at > 0 && order (&r, &best->pdata[at - 1]) < 0)
    at--;
  g_ptr_array_insert (best, (gint)at, (gpointer)r);
  if (best->len > keep)
    g_ptr_array_set_size (best, (gint)keep);
}

/* The `keep` best rows that sold (a member's: not the walk-in key ""), by
 * order: pointers into rows. One pass, no sort of every key. */
static GPtrArray *
ranking (const GArray *rows, GCompareFunc order, guint keep)
{
  GPtrArray *ranked = g_ptr_array_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      const MposSummaryRow *r = &g_array_index (rows, MposSummaryRow, i);
      if (r->records > 0 && r->key[0] != '\0')
        rank_in (ranked, r, order, keep);
    }
  return ranked;
}

static gboolean
ranked (Period *p, const GArray *rows, const char *id, const char *title, GCompareFunc order,
        GError **error)
{
  g_autoptr (GPtrArray) ranked = ranking (rows, order, RANKED);
  MposReportTable *t = add_table (p, id, title, PRODUCT_COLUMNS);

  for (guint i = 0; i < MIN (ranked->len, RANKED); i++)
    {
      const MposSummaryRow *r = ranked->pdata[i];
      if (!add_product_row (p, t, r->key, r, error))
        return FALSE;
    }
  return TRUE;
}

static void
summary_row_clear (gpointer data)
{
  g_free (((MposSummaryRow *)data)->key);
}

static int
by_quantity (gconstpointer a, gconstpointer b)
{
  const MposSummaryRow *x = a, *y = b;

  return x->quantity != y->quantity ? (x->quantity > y->quantity ? 1 : -1)
                                    : (x->records != y->records ? (x->records > y->records ? 1 : -1) : 0);
}

/* Keeps `row` (its key copied) in slow (sorted by by_quantity, at most
 * RANKED long) if it ranks among the least sold. */
static void
slow_keep (GArray *slow, const MposSummaryRow *row)
{
  guint at = slow->len;
  MposSummaryRow kept = *row;

  if (at == RANKED && by_quantity (row, &g_array_index (slow, MposSummaryRow, at - 1)) >= 0)
    return;
  while (at > 0 && by_quantity (row, &g_array_index (slow, MposSummaryRow, at - 1)) < 0)
    at--;
  kept.key = g_strdup (row->key);
  g_array_insert_val (slow, at, kept);
  if (slow->len > RANKED)
    g_array_set_size (slow, RANKED);
}

/* The SKUs in stock that sold least (nothing first): every SKU in stock
 * with what it sold in the period, the RANKED smallest kept as they come
 * (no sort of every SKU). */
static gboolean
slow_movers (Period *p, const GArray *sold, GError **error)
{
  g_autoptr (GHashTable) by_sku = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GArray) slow = g_array_sized_new (FALSE, TRUE, sizeof (MposSummaryRow), RANKED + 1);
  sqlite3_stmt *stmt;
  MposReportTable *t;
  int rc;

  g_array_set_clear_func (slow, summary_row_clear);
  if ((stmt = mpos_store_stmt (p->store, &SQL_IN_STOCK, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < sold->len; i++)
    g_hash_table_insert (by_sku, g_array_index (sold, MposSummaryRow, i).key,
                         &g_array_index (sold, MposSummaryRow, i));
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *)sqlite3_column_text (stmt, 0);
      const MposSummaryRow *s = g_hash_table_lookup (by_sku, key);
      MposSummaryRow row = s ? *s : (MposSummaryRow){ 0 };
      row.key = (char *)key;
      slow_keep (slow, &row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (p->store, rc, "reading the SKUs in stock", error);
  t = add_table (p, "slow", "慢动销(有库存)", PRODUCT_COLUMNS);
  for (guint i = 0; i < slow->len; i++)
    if (!add_product_row (p, t, g_array_index (slow, MposSummaryRow, i).key,
                          &g_array_index (slow, MposSummaryRow, i), error))
      return FALSE;
  return TRUE;
}

/* One read of the period's product rows serves the three tables. */
static gboolean
products (Period *p, GError **error)
{
  g_autoptr (GArray) rows = period_rows (p, "product", NULL, error);

  return rows != NULL && ranked (p, rows, "top", "畅销商品", net_desc, error)
         && ranked (p, rows, "bottom", "滞销商品", net_asc, error)
         && slow_movers (p, rows, error);
}

/* ---- members ------------------------------------------------------------ */

static gboolean
one_row (Period *p, MposSql *sql, int64_t *out, int n, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (p->store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_index (stmt, ":from") > 0)
    {
      mpos_bind_int64 (stmt, ":from", p->report->from);
      mpos_bind_int64 (stmt, ":to", p->report->to);
    }
  if ((rc = mpos_store_step (stmt)) != SQLITE_ROW)
    return mpos_store_fail (p->store, rc, "reading the members' figures", error);
  for (int i = 0; i < n; i++)
    out[i] = sqlite3_column_int64 (stmt, i);
  return TRUE;
}

static void
member_share (Period *p, const GArray *all)
{
  static const char *const COLUMNS[][3]
      = { { "who", "顾客", K_TEXT }, { "sales", "笔数", K_COUNT },
          { "net", "净销售额", K_MONEY }, { "share", "占比", K_SHARE },
          { NULL } };
  int64_t total = total_net (all), sales_count = 0, none_net, none_count;
  MposReportTable *t = add_table (p, "share", "会员消费占比", COLUMNS);

  for (guint i = 0; i < all->len; i++)
    sales_count += g_array_index (all, MposSummaryRow, i).records;
  none_net = mpos_summary_row_find (all, "").net;
  none_count = mpos_summary_row_find (all, "").records;
  set_row (t, mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM), "会员",
           (int64_t[]){ sales_count - none_count, total - none_net, share (total - none_net, total) });
  set_row (t, mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM), "非会员",
           (int64_t[]){ none_count, none_net, share (none_net, total) });
  add_total (t, (int64_t[]){ sales_count, total, total ? 10000 : 0 });
  mpos_report_table_set_chart (t, MPOS_REPORT_CHART_SHARE, 2);
}

static gboolean
member_activity (Period *p, const GArray *all, GError **error)
{
  MposReportTable *t;
  int64_t fresh = 0, active = 0, net = 0, count = 0;

  if (!one_row (p, &SQL_NEW_MEMBERS, &fresh, 1, error))
    return FALSE;
  for (guint i = 0; i < all->len; i++)
    {
      const MposSummaryRow *r = &g_array_index (all, MposSummaryRow, i);
      if (r->key[0] == '\0')
        continue;
      net += r->net;
      count += r->records;
      active += r->records > 0;
    }
  t = mpos_report_add_figures (p->report, "activity", "会员活跃");
  mpos_report_table_add_figure (t, MPOS_REPORT_NEW_MEMBERS, MPOS_REPORT_COUNT, fresh);
  mpos_report_table_add_figure (t, MPOS_REPORT_ACTIVE_MEMBERS, MPOS_REPORT_COUNT, active);
  mpos_report_table_add_figure (t, MPOS_REPORT_MEMBER_BASKET, MPOS_REPORT_MONEY,
                                average (net, count));
  return TRUE;
}

static gboolean
top_members (Period *p, const GArray *all, GError **error)
{
  static const char *const COLUMNS[][3]
      = { { "member", "会员", K_TEXT }, { "level", "等级", K_TEXT },
          { "sales", "笔数", K_COUNT },  { "net", "净消费", K_MONEY },
          { NULL } };
  /* a member no longer on file is left out: a few more kept to fill the table */
  g_autoptr (GPtrArray) ranked = ranking (all, net_desc, RANKED * 2);
  MposReportTable *t = add_table (p, "top_members", "消费排行", COLUMNS);

  for (guint i = 0, shown = 0; i < ranked->len && shown < RANKED; i++)
    {
      const MposSummaryRow *r = ranked->pdata[i];
      g_autoptr (MposStmt) stmt = NULL;
      g_autofree char *card = NULL, *label = NULL;
      guint row;
      if ((stmt = mpos_store_stmt (p->store, &SQL_MEMBER, error)) == NULL)
        return FALSE;
      mpos_bind_text (stmt, ":id", r->key);
      if (mpos_store_step (stmt) != SQLITE_ROW)
        continue;
      card = mpos_mask_card ((const char *)sqlite3_column_text (stmt, 0));
      label = card ? g_strdup_printf ("%s %s", card, sqlite3_column_text (stmt, 1))
                   : mpos_column_text_or_empty (stmt, 1);
      row = mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM);
      mpos_report_table_set_text (t, row, 0, label);
      mpos_report_table_set_text (t, row, 1, (const char *)sqlite3_column_text (stmt, 2));
      mpos_report_table_set_value (t, row, 2, MPOS_REPORT_COUNT, r->records);
      mpos_report_table_set_value (t, row, 3, MPOS_REPORT_MONEY, r->net);
      shown++;
    }
  return TRUE;
}

static gboolean
member_levels (Period *p, GError **error)
{
  static const char *const COLUMNS[][3] = { { "level", "等级", K_TEXT },
                                            { "members", "会员数", K_COUNT },
                                            { "share", "占比", K_SHARE },
                                            { NULL } };
  g_autoptr (GArray) counts = g_array_new (FALSE, FALSE, sizeof (int64_t));
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = mpos_store_stmt (p->store, &SQL_LEVELS, error);
  MposReportTable *t;
  int64_t total = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      int64_t n = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (names, mpos_column_text_or_empty (stmt, 0));
      g_array_append_val (counts, n);
      total += n;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (p->store, rc, "reading the member levels", error);
  t = add_table (p, "levels", "等级分布", COLUMNS);
  for (guint i = 0; i < names->len; i++)
    {
      int64_t n = g_array_index (counts, int64_t, i);
      set_row (t, mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM), names->pdata[i],
               (int64_t[]){ n, share (n, total) });
    }
  add_total (t, (int64_t[]){ total, total ? 10000 : 0 });
  mpos_report_table_set_chart (t, MPOS_REPORT_CHART_SHARE, 1);
  return TRUE;
}

static gboolean
liabilities (Period *p, GError **error)
{
  int64_t figures[3];
  MposReportTable *t;

  if (!one_row (p, &SQL_LIABILITIES, figures, 3, error))
    return FALSE;
  t = mpos_report_add_figures (p->report, "liabilities", "会员负债");
  mpos_report_table_add_figure (t, MPOS_REPORT_POINTS_OUTSTANDING, MPOS_REPORT_POINTS,
                                figures[0]);
  mpos_report_table_add_figure (t, MPOS_REPORT_SV_PRINCIPAL, MPOS_REPORT_MONEY, figures[1]);
  mpos_report_table_add_figure (t, MPOS_REPORT_SV_BONUS, MPOS_REPORT_MONEY, figures[2]);
  mpos_report_table_set_note (t, "截至报表生成时");
  return TRUE;
}

static gboolean
members (Period *p, GError **error)
{
  g_autoptr (GArray) all = period_rows (p, "member", NULL, error);

  if (all == NULL)
    return FALSE;
  member_share (p, all);
  return member_activity (p, all, error) && top_members (p, all, error)
         && member_levels (p, error) && liabilities (p, error);
}

/* ---- the entry point ---------------------------------------------------- */

static const struct
{
  const char *kind, *title;
  AnalysisFn build;
} ANALYSES[] = {
  { "sales-by-hour", "按小时销售分析", sales_by_hour },
  { "by-category", "品类销售分析", by_category },
  { "by-cashier", "收银员销售分析", by_cashier },
  { "by-tender", "支付方式分析", by_tender },
  { "products", "商品排行", products },
  { "members", "会员消费分析", members },
};

const char *const *
mpos_report_analysis_kinds (void)
{
  static const char *kinds[G_N_ELEMENTS (ANALYSES) + 1];

  for (guint i = 0; i < G_N_ELEMENTS (ANALYSES); i++)
    kinds[i] = ANALYSES[i].kind;
  return kinds;
}

static int
analysis_index (const char *kind, GError **error)
{
  g_autofree char *names = NULL;
  g_autoptr (GString) list = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (ANALYSES); i++)
    {
      if (g_strcmp0 (kind, ANALYSES[i].kind) == 0)
        return (int)i;
      g_string_append_printf (list, "%s%s", i ? ", " : "", ANALYSES[i].kind);
    }
  g_set_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_INVALID,
               "there is no analysis “%s”; the analyses are: %s", kind ? kind : "", list->str);
  return -1;
}

static gboolean
period_parse (MposStore *store, Period *p, const char *from, const char *to, int64_t now,
              GError **error)
{
  MposBusinessDay today;

  if (from == NULL)
    {
      if (!mpos_business_day_peek (store, now, &today, error))
        return FALSE;
      g_strlcpy (p->from, today.business_day, sizeof p->from);
    }
  else if (!mpos_report_day_parse (from, "--from", p->from, error))
    return FALSE;
  if (to == NULL)
    g_strlcpy (p->to, p->from, sizeof p->to);
  else if (!mpos_report_day_parse (to, "--to", p->to, error))
    return FALSE;
  if (strcmp (p->from, p->to) > 0)
    {
      g_set_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_INVALID,
                   "--from %.4s-%.2s-%.2s is after --to %.4s-%.2s-%.2s: give the earlier day "
                   "first",
                   p->from, p->from + 4, p->from + 6, p->to, p->to + 4, p->to + 6);
      return FALSE;
    }
  return TRUE;
}

/* A month that is over is packed before its first analysis (a cache, see
 * report-summary.h): a store that cannot write now (busy) still answers,
 * from the day rows. */
static void
pack_months_over (MposStore *store, int64_t now)
{
  g_autoptr (GError) error = NULL;
  MposBusinessDay today;

  if (!mpos_business_day_peek (store, now, &today, &error)
      || !mpos_report_summary_pack (store, today.business_day, NULL, &error))
    g_debug ("the report summaries' months are not packed: %s", error->message);
}

MposReport *
mpos_report_analysis (MposStore *store, const MposStaffCredential *staff, const char *kind,
                      const char *from, const char *to, int64_t now, GError **error)
{
  Period p = { store, NULL, "", "" };
  int i = analysis_index (kind, error);
  g_autoptr (MposReport) report = NULL;
  gboolean began, ok;

  if (i < 0 || !period_parse (store, &p, from, to, now, error)
      || !mpos_report_authorize (store, staff, NULL, NULL, error)
      || (report = mpos_report_begin (store, ANALYSES[i].kind, ANALYSES[i].title, p.from, p.to,
                                      now, error))
             == NULL)
    return NULL;
  p.report = report;
  if (!mpos_report_summary_catch_up (store, error))
    return NULL;
  pack_months_over (store, now);
  began = mpos_store_read_begin (store);
  ok = ANALYSES[i].build (&p, error);
  mpos_store_read_end (store, began);
  return ok ? g_steal_pointer (&report) : NULL;
}
