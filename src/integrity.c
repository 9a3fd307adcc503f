/* integrity.c — each check is one query whose rows are problems, with a
 * sentence that names the record and the two numbers that disagree. */
#include "integrity.h"
#include "store-private.h"

#include <string.h>

typedef struct
{
  const char *name;
  const char *sql;    /* each row is a problem; columns feed the format */
  const char *format; /* printf over up to four text columns */
} IntegrityCheck;

static const IntegrityCheck checks[] = {
  { "stock",
    "SELECT s.code, s.stock_qty, coalesce(sum(m.qty), 0), '' FROM skus s "
    "LEFT JOIN stock_movements m ON m.sku_id = s.id GROUP BY s.id "
    "HAVING s.stock_qty <> coalesce(sum(m.qty), 0)",
    "stock of SKU %s is %s but its movements add up to %s%s" },
  { "sale totals",
    "SELECT s.receipt_no, s.total, coalesce(l.n, 0), s.subtotal || '/' || coalesce(l.g, 0) "
    "FROM sales s LEFT JOIN (SELECT sale_id, sum(gross) g, sum(net) n, sum(tax) t "
    "FROM sale_lines GROUP BY sale_id) l ON l.sale_id = s.id "
    "WHERE coalesce(l.g, 0) <> s.subtotal OR coalesce(l.n, 0) <> s.total "
    "OR coalesce(l.t, 0) <> s.tax_total OR s.discount_total + s.rounding <> s.total - s.subtotal",
    "sale %s: total %s fen but its lines add up to %s fen (subtotal/lines gross %s)" },
  { "line adjustments",
    "SELECT s.receipt_no, l.line_no, l.net, l.gross + coalesce(a.sum, 0) FROM sale_lines l "
    "JOIN sales s ON s.id = l.sale_id LEFT JOIN (SELECT sale_id, line_no, sum(amount) sum "
    "FROM line_adjustments GROUP BY sale_id, line_no) a "
    "ON a.sale_id = l.sale_id AND a.line_no = l.line_no "
    "WHERE s.kind = 'sale' AND l.net <> l.gross + coalesce(a.sum, 0)",
    "sale %s line %s: net %s fen but gross plus adjustments is %s fen" },
  { "tenders",
    "SELECT s.receipt_no, s.tendered, coalesce(t.sum, 0), s.total + s.change FROM sales s "
    "LEFT JOIN (SELECT sale_id, sum(amount) sum FROM tenders GROUP BY sale_id) t "
    "ON t.sale_id = s.id WHERE s.status = 'completed' "
    "AND (s.tendered <> coalesce(t.sum, 0) OR s.tendered - s.change <> s.total)",
    "sale %s: tendered %s fen, payments add up to %s fen, total plus change is %s fen" },
  { "returns",
    "SELECT o.receipt_no, ol.line_no, ol.qty, r.qty FROM sale_lines ol "
    "JOIN sales o ON o.id = ol.sale_id JOIN (SELECT s.original_sale_id sid, l.original_line_no "
    "lno, sum(l.qty) qty, sum(l.net) net FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
    "WHERE s.kind = 'return' AND s.original_sale_id IS NOT NULL GROUP BY 1, 2) r "
    "ON r.sid = ol.sale_id AND r.lno = ol.line_no WHERE r.qty > ol.qty OR -r.net > ol.net",
    "sale %s line %s: sold %s but %s were returned (or refunded beyond what was paid)" },
  { "journal",
    "SELECT s.receipt_no, s.kind, '', '' FROM sales s "
    "WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.ref_id = s.id)",
    "%s (%s) has no sync journal entry%s%s" },
  { "journal sequence",
    "SELECT count(*), min(seq), max(seq), '' FROM journal "
    "HAVING count(*) > 0 AND max(seq) - min(seq) + 1 <> count(*)",
    "the sync journal has gaps: %s entries between %s and %s%s" },
};

static gboolean
run_check (MposStore *store, const IntegrityCheck *check, GPtrArray *problems, GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, check->sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *a = mpos_column_text_or_empty (stmt, 0);
      g_autofree char *b = mpos_column_text_or_empty (stmt, 1);
      g_autofree char *c = mpos_column_text_or_empty (stmt, 2);
      g_autofree char *d = mpos_column_text_or_empty (stmt, 3);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      g_ptr_array_add (problems, g_strdup_printf (check->format, a, b, c, d));
#pragma GCC diagnostic pop
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mpos_store_fail (store, rc, check->name, error);
      return FALSE;
    }
  return TRUE;
}

/* PRAGMA integrity_check answers "ok" or one row per problem. */
static gboolean
sqlite_integrity (MposStore *store, GPtrArray *problems, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (mpos_store_db (store), "PRAGMA integrity_check", -1, &stmt, NULL);

  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      if (text && strcmp (text, "ok") != 0)
        g_ptr_array_add (problems, g_strdup_printf ("SQLite: %s", text));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    return mpos_store_fail (store, rc, "integrity check", error);
  return TRUE;
}

static gboolean
foreign_keys (MposStore *store, GPtrArray *problems, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (mpos_store_db (store), "PRAGMA foreign_key_check", -1, &stmt, NULL);

  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (problems,
                       g_strdup_printf ("row %lld of %s points at a missing %s",
                                        (long long) sqlite3_column_int64 (stmt, 1),
                                        (const char *) sqlite3_column_text (stmt, 0),
                                        (const char *) sqlite3_column_text (stmt, 2)));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    return mpos_store_fail (store, rc, "foreign key check", error);
  return TRUE;
}

gboolean
mpos_integrity_check (MposStore *store, GPtrArray *problems, GError **error)
{
  if (!sqlite_integrity (store, problems, error) || !foreign_keys (store, problems, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (!run_check (store, &checks[i], problems, error))
      return FALSE;
  return TRUE;
}
