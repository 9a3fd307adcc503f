/* sale-return-pending.c — the returns made without a receipt that still
 * wait for a supervisor: stored pending approval (sale-return.c), neither
 * approved (status completed) nor rejected (return_rejections, 0039). The
 * window's returns page lists them so a manager can answer each; the
 * partial index of 0044 keeps the list a few rows' read on a big store. */
#include "sale.h"
#include "store-private.h"

static MposSql SQL_PENDING
    = MPOS_SQL ("sale-return-pending: list",
                "SELECT receipt_no FROM sales s INDEXED BY sales_pending "
                "WHERE status = 'pending_approval' AND kind = 'return' "
                "AND NOT EXISTS (SELECT 1 FROM return_rejections r WHERE r.sale_id = s.id) "
                "ORDER BY created_at, receipt_no LIMIT :limit");

static gpointer
receipt_no_row (sqlite3_stmt *stmt)
{
  return mpos_column_text (stmt, 0);
}

GPtrArray *
mpos_sale_pending_returns (MposStore *store, guint limit, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_PENDING, error);
  g_autoptr (GPtrArray) receipts = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return NULL;
  mpos_bind_int64 (stmt, ":limit", limit);
  if (!mpos_store_read_rows (store, stmt, receipt_no_row, receipts,
                             "reading the returns waiting for approval", error))
    return NULL;
  return g_steal_pointer (&receipts);
}
