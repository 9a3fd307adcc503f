/* sale-write.c — writing sales and returns. Statements are prepared once;
 * callers run them inside one transaction that also carries the audit and
 * journal entries, so a sale is either wholly stored or not at all. */
#include "sale-write.h"
#include "audit.h"
#include "journal.h"
#include "json-fields.h"
#include "json-out.h"
#include "loyalty.h"
#include "receipt-no.h"
#include "row-chain.h"
#include "sale-json.h"
#include "sale-row-json.h"
#include "stock.h"
#include "store-private.h"
#include "uuid.h"

#include <string.h>

static MposSql SQL_INSERT_SALE = MPOS_SQL (
    "sale-write: insert sale",
    "INSERT INTO sales (id, receipt_no, kind, original_sale_id, status, business_day, created_at, "
    "cashier, approved_by, member_id, member_level, item_count, subtotal, discount_total, total, "
    "tax_total, rounding, tendered, change, reason, tenders) VALUES (:id, :receipt_no, :kind, "
    ":original, :status, :day, :created_at, :cashier, :approved_by, :member_id, :member_level, "
    ":item_count, :subtotal, :discount_total, :total, :tax_total, :rounding, :tendered, :change, "
    ":reason, :tenders)");
static MposSql SQL_SET_LINES
    = MPOS_SQL ("sale-write: set lines", "UPDATE sales SET lines = :lines WHERE id = :sale_id");
static MposSql SQL_SET_TENDERS = MPOS_SQL (
    "sale-write: set tenders",
    "UPDATE sales SET tenders = :tenders, tendered = :tendered, points_deduction = :deduction "
    "WHERE id = :sale_id");
static MposSql SQL_ADD_TENDER = MPOS_SQL (
    "sale-write: add tender",
    "UPDATE sales SET tenders = json_insert (coalesce (tenders, '[]'), '$[#]', json (:tender)) "
    "WHERE id = :sale_id");

gboolean
mpos_sale_number (MposStore *store, int64_t now, MposSaleResult *result, char **day_out,
                  GError **error)
{
  MposBusinessDay day;
  g_autofree char *warning = NULL;

  if (!mpos_receipt_no_stamp (store, now, "receipt", "", result->receipt_no,
                              sizeof result->receipt_no, &day, error))
    return FALSE;
  warning = mpos_business_day_warning (store, &day);
  g_strlcpy (result->clock_warning, warning ? warning : "", sizeof result->clock_warning);
  *day_out = g_strdup (day.business_day);
  if (result->sale_id[0] == '\0') /* a sale brings the id its cart made */
    mpos_uuid_v7 (result->sale_id);
  return TRUE;
}

static void
bind_header_money (sqlite3_stmt *stmt, const MposSaleRecord *h)
{
  mpos_bind_int64 (stmt, ":item_count", h->item_count);
  mpos_bind_int64 (stmt, ":subtotal", h->subtotal);
  mpos_bind_int64 (stmt, ":discount_total", h->discount_total);
  mpos_bind_int64 (stmt, ":total", h->total);
  mpos_bind_int64 (stmt, ":tax_total", h->tax_total);
  mpos_bind_int64 (stmt, ":rounding", h->rounding);
  mpos_bind_int64 (stmt, ":tendered", h->tendered);
  mpos_bind_int64 (stmt, ":change", h->change);
}

gboolean
mpos_sale_insert_header (MposStore *store, const MposSaleRecord *h, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_INSERT_SALE, error);
  g_autofree char *tenders = mpos_sale_tenders_json (h->tenders);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":id", h->id);
  mpos_bind_text (stmt, ":receipt_no", h->receipt_no);
  mpos_bind_text (stmt, ":kind", h->kind);
  mpos_bind_optional_text (stmt, ":original", h->original_sale_id);
  mpos_bind_text (stmt, ":status", h->status);
  mpos_bind_text (stmt, ":day", h->business_day);
  mpos_bind_int64 (stmt, ":created_at", h->created_at);
  mpos_bind_text (stmt, ":cashier", h->cashier);
  mpos_bind_optional_text (stmt, ":approved_by", h->approved_by);
  mpos_bind_optional_int64 (stmt, ":member_id", h->member_id);
  mpos_bind_optional_text (stmt, ":member_level", h->member_level);
  mpos_bind_optional_text (stmt, ":reason", h->reason);
  mpos_bind_text (stmt, ":tenders", tenders);
  bind_header_money (stmt, h);
  return mpos_store_step_done (store, stmt, "saving the sale", error);
}

gboolean
mpos_sale_move_stock (MposStore *store, const char *sale_id, const GPtrArray *lines, int sign,
                      const char *reason, int64_t now, GError **error)
{
  g_autofree MposStockMove *moves = g_new (MposStockMove, MAX (lines->len, 1));

  for (guint i = 0; i < lines->len; i++)
    {
      const MposSaleLine *line = g_ptr_array_index (lines, i);
      moves[i] = (MposStockMove){ line->sku_id, sign * line->qty };
    }
  return mpos_stock_record_many (store, moves, lines->len, reason, sale_id, now, error);
}

gboolean
mpos_sale_write_lines (MposStore *store, const char *sale_id, const GPtrArray *lines,
                       GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SET_LINES, error);
  g_autofree char *json = mpos_sale_lines_json (lines);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale_id", sale_id);
  mpos_bind_text (stmt, ":lines", json);
  return mpos_store_step_done (store, stmt, "saving the sale's lines", error);
}

gboolean
mpos_sale_set_tenders (MposStore *store, const MposSaleRecord *record, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SET_TENDERS, error);
  g_autofree char *tenders = mpos_sale_tenders_json (record->tenders);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale_id", record->id);
  mpos_bind_text (stmt, ":tenders", tenders);
  mpos_bind_int64 (stmt, ":tendered", record->tendered);
  mpos_bind_optional_int64 (stmt, ":deduction", record->points_deduction);
  return mpos_store_step_done (store, stmt, "saving the refund's payments", error);
}

gboolean
mpos_sale_add_tender (MposStore *store, const char *sale_id, int seq, const MposTender *tender,
                      int original_seq, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_ADD_TENDER, error);
  g_autoptr (GString) json = g_string_new (NULL);

  if (stmt == NULL)
    return FALSE;
  mpos_sale_tender_json (json, seq, tender, original_seq);
  mpos_bind_text (stmt, ":sale_id", sale_id);
  mpos_bind_text (stmt, ":tender", json->str);
  return mpos_store_step_done (store, stmt, "saving a payment", error);
}

gboolean
mpos_sale_payload_write (MposStore *store, const char *sale_id, GString *out, GArray *member_ids,
                         GError **error)
{
  g_autoptr (MposSaleRecord) record = mpos_sale_load (store, sale_id, error);
  g_autoptr (cJSON) rows = NULL;
  const cJSON *row;

  if (record == NULL)
    return FALSE;
  /* The ledger rows are few (none for a sale without a member): a small
   * tree, written in place. */
  rows = cJSON_CreateObject ();
  if (!mpos_loyalty_add_json (store, record, rows, error))
    return FALSE;
  mpos_sale_json_open (out, record);
  cJSON_ArrayForEach (row, rows)
  {
    mpos_sale_json_key (out, row->string);
    mpos_json_out_tree (out, row);
  }
  if (member_ids != NULL)
    {
      if (record->member_id != 0)
        g_array_append_val (member_ids, record->member_id);
      mpos_json_collect_ids (rows, "member_id", member_ids);
    }
  return TRUE;
}

cJSON *
mpos_sale_journal_json (MposStore *store, const char *sale_id, GError **error)
{
  g_autoptr (GString) out = g_string_sized_new (2048);

  if (!mpos_sale_payload_write (store, sale_id, out, NULL, error))
    return NULL;
  g_string_append_c (out, '}');
  return cJSON_ParseWithLength (out->str, out->len);
}

/* A completed sale is never updated, so its journal payload is derived from
 * its rows when read; a return can still be approved, so its payload is
 * written now, as it stands. */
gboolean
mpos_sale_finish (MposStore *store, const char *sale_id, const char *action, const char *actor,
                  const char *approved_by, int64_t now, MposSaleResult *result, GError **error)
{
  MposCounterAction counted = { MPOS_COUNTER_SALE, sale_id, result->receipt_no, 0, actor, now };
  g_autoptr (cJSON) payload = NULL;

  /* The row is whole now (header, lines, tenders; an approval's changes):
   * sealed into the chain, then handed to the counter hooks (store-private.h):
   * its cash into the open shift's drawer (none open: refused), its figures
   * into the report summaries (day closed: refused). */
  if (!mpos_row_chain_seal (store, MPOS_CHAINED_SALES, sale_id, error)
      || !mpos_store_counter_committing (store, &counted, error))
    return FALSE;
  if (strcmp (action, "sale") != 0
      && (payload = mpos_sale_journal_json (store, sale_id, error)) == NULL)
    return FALSE;
  return mpos_audit_record_approved (store, now, actor, approved_by, action, result->receipt_no,
                                     NULL, error)
         && mpos_journal_append (store, action, sale_id, payload, now, &result->journal_seq,
                                 error);
}
