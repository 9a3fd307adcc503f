/* sale-record.c — the sale record (sale-record.h): reading a stored sale
 * or return back (for receipts, reprints, returns and the journal) and its
 * JSON document. */
#include "sale-record.h"
#include "json-fields.h"
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

/* ---- JSON ----------------------------------------------------------------- */

static void
add_optional_string (cJSON *object, const char *key, const char *value)
{
  if (value)
    cJSON_AddStringToObject (object, key, value);
}

static cJSON *
line_to_json (const MposSaleLine *line)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *adjustments = cJSON_AddArrayToObject (json, "adjustments");

  cJSON_AddNumberToObject (json, "line_no", line->line_no);
  cJSON_AddStringToObject (json, "code", line->code);
  cJSON_AddStringToObject (json, "name", line->name);
  cJSON_AddBoolToObject (json, "weighed", line->weighed);
  cJSON_AddNumberToObject (json, "qty", (double) line->qty);
  mpos_json_add_money (json, "unit_price", line->unit_price);
  mpos_json_add_money (json, "gross", line->gross);
  mpos_json_add_money (json, "net", line->net);
  mpos_json_add_money (json, "tax", line->tax);
  cJSON_AddNumberToObject (json, "tax_rate_bp", line->tax_rate_bp);
  if (line->original_line_no)
    cJSON_AddNumberToObject (json, "original_line_no", line->original_line_no);
  for (guint k = 0; k < line->adjustments->len; k++)
    {
      MposSaleAdjustment *adj = g_ptr_array_index (line->adjustments, k);
      cJSON *a = cJSON_CreateObject ();
      cJSON_AddStringToObject (a, "kind", adj->kind);
      add_optional_string (a, "source", adj->source);
      cJSON_AddStringToObject (a, "label", adj->label);
      mpos_json_add_money (a, "amount", adj->amount);
      cJSON_AddItemToArray (adjustments, a);
    }
  return json;
}

static cJSON *
tender_to_json (const MposSaleTender *t)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddStringToObject (json, "type", mpos_tender_type_name (t->tender->type));
  mpos_json_add_money (json, "amount", t->tender->amount);
  add_optional_string (json, "reference", t->tender->reference);
  add_optional_string (json, "provider", t->tender->provider);
  if (t->original_seq)
    cJSON_AddNumberToObject (json, "original_seq", t->original_seq);
  return json;
}

static void
add_header_json (cJSON *json, const MposSaleRecord *r)
{
  cJSON_AddStringToObject (json, "id", r->id);
  cJSON_AddStringToObject (json, "receipt_no", r->receipt_no);
  cJSON_AddStringToObject (json, "kind", r->kind);
  cJSON_AddStringToObject (json, "status", r->status);
  add_optional_string (json, "original_receipt_no", r->original_receipt_no);
  cJSON_AddStringToObject (json, "business_day", r->business_day);
  cJSON_AddNumberToObject (json, "created_at", (double) r->created_at);
  cJSON_AddStringToObject (json, "cashier", r->cashier);
  add_optional_string (json, "approved_by", r->approved_by);
  add_optional_string (json, "member_level", r->member_level);
  if (r->member_id)
    cJSON_AddNumberToObject (json, "member_id", (double) r->member_id);
  add_optional_string (json, "reason", r->reason);
  cJSON_AddNumberToObject (json, "item_count", (double) r->item_count);
  mpos_json_add_money (json, "subtotal", r->subtotal);
  mpos_json_add_money (json, "discount_total", r->discount_total);
  mpos_json_add_money (json, "total", r->total);
  mpos_json_add_money (json, "tax_total", r->tax_total);
  mpos_json_add_money (json, "rounding", r->rounding);
  mpos_json_add_money (json, "tendered", r->tendered);
  mpos_json_add_money (json, "change", r->change);
  if (r->points_deduction != 0)
    mpos_json_add_money (json, "points_deduction", r->points_deduction);
}

cJSON *
mpos_sale_record_to_json (const MposSaleRecord *r)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *lines, *tenders;

  add_header_json (json, r);
  lines = cJSON_AddArrayToObject (json, "lines");
  for (guint i = 0; i < r->lines->len; i++)
    cJSON_AddItemToArray (lines, line_to_json (g_ptr_array_index (r->lines, i)));
  tenders = cJSON_AddArrayToObject (json, "tenders");
  for (guint i = 0; i < r->tenders->len; i++)
    cJSON_AddItemToArray (tenders, tender_to_json (g_ptr_array_index (r->tenders, i)));
  return json;
}
