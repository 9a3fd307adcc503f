/* stock.c — stock movements and their folding into the SKU rows (stock.h). */
#include "stock.h"

#define FOLDED_COUNTER "stock_folded_through"

static MposSql SQL_APPLY
    = MPOS_SQL ("stock: apply", "UPDATE skus SET stock_qty = stock_qty + :qty WHERE id = :sku_id");
#define SQL_FOLDED "SELECT coalesce ((SELECT value FROM counters WHERE name = '" FOLDED_COUNTER "'), 0)"
static MposSql SQL_FOLDED_STMT = MPOS_SQL ("stock: folded", SQL_FOLDED);
static MposSql SQL_LAST
    = MPOS_SQL ("stock: last", "SELECT coalesce (max (id), 0) FROM stock_movements");
static MposSql SQL_FOLD = MPOS_SQL (
    "stock: fold",
    "UPDATE skus SET stock_qty = stock_qty + m.qty FROM (SELECT sku_id, sum (qty) AS qty "
    "FROM stock_movements WHERE id > :folded GROUP BY sku_id) AS m WHERE skus.id = m.sku_id");
static MposSql SQL_MARK = MPOS_SQL (
    "stock: mark", "INSERT INTO counters (name, value) VALUES ('" FOLDED_COUNTER "', :last) "
                   "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
static MposSql SQL_STOCK_OF = MPOS_SQL (
    "stock: stock of",
    "SELECT s.stock_qty + coalesce ((SELECT sum (m.qty) FROM stock_movements m "
    "WHERE m.id > (" SQL_FOLDED ") AND m.sku_id = s.id), 0) FROM skus s WHERE s.id = :sku_id");

/* A sale's movements go in a few rows per statement (a multi-row INSERT
 * costs less per row than a statement of its own): the texts for 1 to 8 rows. */
#define SQL_RECORD_HEAD "INSERT INTO stock_movements (sku_id, qty, reason, ref, created_at) VALUES "
#define ROW1 "(?, ?, ?, ?, ?)"
#define ROW2 ROW1 ", " ROW1
#define ROW4 ROW2 ", " ROW2
#define RECORD_ROWS(n, rows) MPOS_SQL ("stock: record " #n " movements", SQL_RECORD_HEAD rows)
static MposSql sql_record_rows[] = {
  { NULL, NULL, 0 },
  RECORD_ROWS (1, ROW1),
  RECORD_ROWS (2, ROW2),
  RECORD_ROWS (3, ROW2 ", " ROW1),
  RECORD_ROWS (4, ROW4),
  RECORD_ROWS (5, ROW4 ", " ROW1),
  RECORD_ROWS (6, ROW4 ", " ROW2),
  RECORD_ROWS (7, ROW4 ", " ROW2 ", " ROW1),
  RECORD_ROWS (8, ROW4 ", " ROW4),
};
#define STOCK_ROWS_PER_INSERT (G_N_ELEMENTS (sql_record_rows) - 1)

gboolean
mpos_stock_record_many (MposStore *store, const MposStockMove *moves, guint n, const char *reason,
                        const char *ref, int64_t now, GError **error)
{
  for (guint done = 0; done < n;)
    {
      guint rows = MIN (n - done, STOCK_ROWS_PER_INSERT);
      g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &sql_record_rows[rows], error);

      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < rows; i++)
        {
          int p = (int) i * 5;
          mpos_bind_int64_at (stmt, p + 1, moves[done + i].sku_id);
          mpos_bind_int64_at (stmt, p + 2, moves[done + i].qty);
          mpos_bind_text_at (stmt, p + 3, reason);
          mpos_bind_text_at (stmt, p + 4, ref);
          mpos_bind_int64_at (stmt, p + 5, now);
        }
      if (!mpos_store_step_done (store, stmt, "recording stock movements", error))
        return FALSE;
      done += rows;
    }
  if (n > 0)
    store->stock_last_recorded = sqlite3_last_insert_rowid (mpos_store_db (store));
  return TRUE;
}

gboolean
mpos_stock_record (MposStore *store, int64_t sku_id, int64_t qty, const char *reason,
                   const char *ref, int64_t now, GError **error)
{
  MposStockMove move = { sku_id, qty };

  return mpos_stock_record_many (store, &move, 1, reason, ref, now, error);
}

static gboolean
read_int (MposStore *store, MposSql *sql, const char *what, int64_t *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);

  return stmt != NULL && mpos_store_step_returning (store, stmt, what, out, error);
}

static gboolean
mark_folded (MposStore *store, int64_t last, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_MARK, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":last", last);
  if (!mpos_store_step_done (store, stmt, "marking stock folded", error))
    return FALSE;
  store->stock_folded_seen = last;
  return TRUE;
}

gboolean
mpos_stock_fold (MposStore *store, GError **error)
{
  int64_t folded = 0, last = 0;
  g_autoptr (MposStmt) stmt = NULL;

  if (!read_int (store, &SQL_FOLDED_STMT, "reading the stock fold", &folded, error)
      || !read_int (store, &SQL_LAST, "reading the last stock movement", &last, error))
    return FALSE;
  store->stock_folded_seen = folded;
  if (last <= folded)
    return TRUE;
  stmt = mpos_store_stmt (store, &SQL_FOLD, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":folded", folded);
  return mpos_store_step_done (store, stmt, "folding stock movements", error)
         && mark_folded (store, last, error);
}

gboolean
mpos_stock_move (MposStore *store, int64_t sku_id, int64_t qty, const char *reason,
                 const char *ref, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;

  if (!mpos_stock_fold (store, error)
      || !mpos_stock_record (store, sku_id, qty, reason, ref, now, error))
    return FALSE;
  stmt = mpos_store_stmt (store, &SQL_APPLY, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":sku_id", sku_id);
  mpos_bind_int64 (stmt, ":qty", qty);
  return mpos_store_step_done (store, stmt, "updating stock", error)
         && mark_folded (store, sqlite3_last_insert_rowid (mpos_store_db (store)), error);
}

static gboolean
fold_body (MposStore *store, gpointer unused, GError **error)
{
  return mpos_stock_fold (store, error);
}

/* Due is judged from what this handle knows (the last movement it wrote,
 * the marker it last saw) without reading the store, except the marker once
 * per handle; another process's fold only makes this one look due early,
 * and the fold reads the truth. */
gboolean
mpos_stock_fold_due (MposStore *store)
{
  g_autoptr (GError) error = NULL;
  int64_t folded = 0;

  if (store->stock_last_recorded == 0)
    return FALSE;
  if (store->stock_folded_seen == 0)
    {
      if (!read_int (store, &SQL_FOLDED_STMT, "reading the stock fold", &folded, &error))
        return TRUE; /* the fold itself will say what is wrong */
      store->stock_folded_seen = folded;
    }
  return store->stock_last_recorded - store->stock_folded_seen >= MPOS_STOCK_FOLD_EVERY;
}

gboolean
mpos_stock_fold_if_due (MposStore *store, gboolean *folded, GError **error)
{
  if (folded != NULL)
    *folded = FALSE;
  if (!mpos_stock_fold_due (store))
    return TRUE;
  if (!mpos_store_transaction (store, fold_body, NULL, error))
    return FALSE;
  if (folded != NULL)
    *folded = TRUE;
  return TRUE;
}

gboolean
mpos_stock_of (MposStore *store, int64_t sku_id, int64_t *qty, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_STOCK_OF, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":sku_id", sku_id);
  return mpos_store_step_returning (store, stmt, "reading stock", qty, error);
}
