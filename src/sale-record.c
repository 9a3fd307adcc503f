/* sale-record.c — the sale record (sale-record.h): reading a stored sale
 * or return back (for receipts, reprints, returns and the journal); its
 * JSON document is sale-json.c's. */
#include "sale-record.h"
#include "sale-row-json.h"
#include "store-private.h"

#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-sale-error-quark, mpos_sale_error)
/* clang-format on */

static MposSql SQL_SALE = MPOS_SQL (
    "sale-record: sale",
    "SELECT s.id, s.receipt_no, s.kind, s.status, s.original_sale_id, o.receipt_no, "
    "s.business_day, s.created_at, s.cashier, s.approved_by, s.member_id, s.member_level, "
    "s.reason, s.item_count, s.subtotal, s.discount_total, s.total, s.tax_total, s.rounding, "
    "s.tendered, s.change, coalesce (s.points_deduction, 0) "
    "FROM sales s LEFT JOIN sales o ON o.id = s.original_sale_id "
    "WHERE s.receipt_no = :key OR s.id = :key");
/* Newest first by insertion order: O(1) on the rowid, however many sales. */
static MposSql SQL_LAST_RECEIPT = MPOS_SQL (
    "sale-record: last receipt",
    "SELECT receipt_no FROM sales WHERE :kind IS NULL OR kind = :kind ORDER BY rowid DESC LIMIT 1");

static void
adjustment_free (MposSaleAdjustment *adjustment)
{
  g_free (adjustment->kind);
  g_free (adjustment->source);
  g_free (adjustment->label);
  g_free (adjustment);
}

static void
line_free (MposSaleLine *line)
{
  g_free (line->code);
  g_free (line->name);
  g_ptr_array_unref (line->adjustments);
  g_free (line);
}

static void
tender_free (MposSaleTender *tender)
{
  mpos_tender_free (tender->tender);
  g_free (tender);
}

void
mpos_sale_record_free (MposSaleRecord *r)
{
  if (r == NULL)
    return;
  g_free (r->id);
  g_free (r->receipt_no);
  g_free (r->kind);
  g_free (r->status);
  g_free (r->original_sale_id);
  g_free (r->original_receipt_no);
  g_free (r->business_day);
  g_free (r->cashier);
  g_free (r->approved_by);
  g_free (r->member_level);
  g_free (r->reason);
  g_clear_pointer (&r->lines, g_ptr_array_unref);
  g_clear_pointer (&r->tenders, g_ptr_array_unref);
  g_free (r);
}

MposSaleRecord *
mpos_sale_record_new (void)
{
  MposSaleRecord *r = g_new0 (MposSaleRecord, 1);

  r->lines = mpos_sale_lines_new ();
  r->tenders = g_ptr_array_new_with_free_func ((GDestroyNotify) tender_free);
  return r;
}

GPtrArray *
mpos_sale_lines_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
}

MposSaleLine *
mpos_sale_line_new (void)
{
  MposSaleLine *line = g_new0 (MposSaleLine, 1);

  line->adjustments = g_ptr_array_new_with_free_func ((GDestroyNotify) adjustment_free);
  return line;
}

static gpointer
header_from_row (sqlite3_stmt *stmt)
{
  MposSaleRecord *r = mpos_sale_record_new ();
  int c = 0;

  r->id = mpos_column_text (stmt, c++);
  r->receipt_no = mpos_column_text (stmt, c++);
  r->kind = mpos_column_text (stmt, c++);
  r->status = mpos_column_text (stmt, c++);
  r->original_sale_id = mpos_column_text (stmt, c++);
  r->original_receipt_no = mpos_column_text (stmt, c++);
  r->business_day = mpos_column_text (stmt, c++);
  r->created_at = sqlite3_column_int64 (stmt, c++);
  r->cashier = mpos_column_text (stmt, c++);
  r->approved_by = mpos_column_text (stmt, c++);
  r->member_id = sqlite3_column_int64 (stmt, c++);
  r->member_level = mpos_column_text (stmt, c++);
  r->reason = mpos_column_text (stmt, c++);
  r->item_count = sqlite3_column_int64 (stmt, c++);
  r->subtotal = sqlite3_column_int64 (stmt, c++);
  r->discount_total = sqlite3_column_int64 (stmt, c++);
  r->total = sqlite3_column_int64 (stmt, c++);
  r->tax_total = sqlite3_column_int64 (stmt, c++);
  r->rounding = sqlite3_column_int64 (stmt, c++);
  r->tendered = sqlite3_column_int64 (stmt, c++);
  r->change = sqlite3_column_int64 (stmt, c++);
  r->points_deduction = sqlite3_column_int64 (stmt, c++);
  return r;
}

static MposSaleRecord *
load_header (MposStore *store, const char *key, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SALE, error);
  MposSaleRecord *r = NULL;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":key", key);
  if (!mpos_store_read_row (store, stmt, header_from_row, (gpointer *) &r, "reading a sale", error))
    return NULL;
  if (r == NULL)
    g_set_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_NOT_FOUND, "no sale with receipt number %s",
                 key);
  return r;
}

MposSaleRecord *
mpos_sale_load (MposStore *store, const char *receipt_no_or_id, GError **error)
{
  g_autoptr (MposSaleRecord) r = load_header (store, receipt_no_or_id, error);

  if (r == NULL || !mpos_sale_read_lines (store, r->id, r->lines, error)
      || !mpos_sale_read_tenders (store, r->id, r->tenders, error))
    return NULL;
  return g_steal_pointer (&r);
}

char *
mpos_sale_last_receipt_no (MposStore *store, const char *kind, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LAST_RECEIPT, error);
  char *receipt_no = NULL;

  if (stmt == NULL)
    return NULL;
  mpos_bind_optional_text (stmt, ":kind", kind);
  if (!mpos_store_read_text (store, stmt, &receipt_no, "reading the last receipt", error))
    return NULL;
  if (receipt_no == NULL)
    g_set_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_NOT_FOUND, "no %s on this terminal yet",
                 kind ? kind : "receipt");
  return receipt_no;
}
