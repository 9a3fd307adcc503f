/* sale-write.c — writing sales and returns. Statements are prepared once;
 * callers run them inside one transaction that also carries the audit and
 * journal entries, so a sale is either wholly stored or not at all. */
#include "sale-write.h"
#include "audit.h"
#include "journal.h"
#include "json-fields.h"
#include "loyalty.h"
#include "receipt-no.h"
#include "uuid.h"

#include <string.h>

#define SQL_INSERT_SALE                                                                            \
  "INSERT INTO sales (id, receipt_no, kind, original_sale_id, status, business_day, created_at, "  \
  "cashier, approved_by, member_id, member_level, item_count, subtotal, discount_total, total, "  \
  "tax_total, rounding, tendered, change, reason, tenders) VALUES (:id, :receipt_no, :kind, "      \
  ":original, :status, :day, :created_at, :cashier, :approved_by, :member_id, :member_level, "    \
  ":item_count, :subtotal, :discount_total, :total, :tax_total, :rounding, :tendered, :change, "  \
  ":reason, :tenders)"
#define SQL_INSERT_LINE                                                                            \
  "INSERT INTO sale_lines (sale_id, line_no, sku_id, code, name, weighed, qty, unit_price, gross, " \
  "net, tax, tax_rate_bp, original_line_no, adjustments, points_burnt, points_value, "             \
  "sv_principal, sv_bonus, points_earned) VALUES (:sale_id, :line_no, :sku_id, :code, :name, "    \
  ":weighed, :qty, :unit_price, :gross, :net, :tax, :tax_rate_bp, :original_line_no, "            \
  ":adjustments, :points_burnt, :points_value, :sv_principal, :sv_bonus, :points_earned)"
#define SQL_ADD_TENDER                                                                             \
  "UPDATE sales SET tenders = json_insert (coalesce (tenders, '[]'), '$[#]', json (:tender)) "    \
  "WHERE id = :sale_id"

gboolean
mpos_sale_number (MposStore *store, int64_t now, MposSaleResult *result, char **day_out,
                  GError **error)
{
  if (!mpos_receipt_no_next (store, now, "receipt", "", result->receipt_no,
                             sizeof result->receipt_no, day_out, error))
    return FALSE;
  mpos_uuid_v7 (result->sale_id);
  return TRUE;
}

/* A JSON string; the text is UTF-8 already (made valid where it came in). */
static void
append_json_string (GString *out, const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *c = text; *c; c++)
    if (*c == '"' || *c == '\\')
      g_string_append_printf (out, "\\%c", *c);
    else if ((guchar)*c < 0x20)
      g_string_append_printf (out, "\\u%04x", (guchar)*c);
    else
      g_string_append_c (out, *c);
  g_string_append_c (out, '"');
}

static void
append_json_int_or_null (GString *out, int64_t value)
{
  if (value == 0)
    g_string_append (out, "null");
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

/* [seq, type, amount, reference, provider, original_seq], as sales.tenders holds them. */
static void
append_tender_json (GString *out, int seq, const MposTender *tender, int original_seq)
{
  g_string_append_printf (out, "[%d,", seq);
  append_json_string (out, mpos_tender_type_name (tender->type));
  g_string_append_printf (out, ",%" G_GINT64_FORMAT ",", tender->amount);
  append_json_string (out, tender->reference && *tender->reference ? tender->reference : NULL);
  g_string_append_c (out, ',');
  append_json_string (out, tender->provider && *tender->provider ? tender->provider : NULL);
  g_string_append_c (out, ',');
  append_json_int_or_null (out, original_seq);
  g_string_append_c (out, ']');
}

/* The sale's tenders column; NULL when it has none (a return waiting for approval). */
static char *
tenders_json (const GPtrArray *tenders)
{
  GString *out;

  if (tenders == NULL || tenders->len == 0)
    return NULL;
  out = g_string_new ("[");
  for (guint i = 0; i < tenders->len; i++)
    {
      const MposSaleTender *t = g_ptr_array_index (tenders, i);

      if (i > 0)
        g_string_append_c (out, ',');
      append_tender_json (out, t->seq, t->tender, t->original_seq);
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
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
  sqlite3_stmt *stmt = mpos_store_stmt (store, SQL_INSERT_SALE, error);
  g_autofree char *tenders = tenders_json (h->tenders);

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

/* The line's adjustments column: [[kind, source, label, amount], …] in
 * order, amounts as JSON integers (fen); NULL when there are none. */
static char *
adjustments_json (const GPtrArray *adjustments)
{
  GString *out;

  if (adjustments == NULL || adjustments->len == 0)
    return NULL;
  out = g_string_new ("[");
  for (guint k = 0; k < adjustments->len; k++)
    {
      const MposSaleAdjustment *adj = g_ptr_array_index (adjustments, k);

      g_string_append (out, k ? ",[" : "[");
      append_json_string (out, adj->kind);
      g_string_append_c (out, ',');
      append_json_string (out, adj->source && *adj->source ? adj->source : NULL);
      g_string_append_c (out, ',');
      append_json_string (out, adj->label);
      g_string_append_printf (out, ",%" G_GINT64_FORMAT "]", adj->amount);
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static void
bind_line_loyalty (sqlite3_stmt *stmt, const MposSaleLine *line)
{
  if (!line->has_loyalty)
    return; /* all NULL, as the statement was cleared */
  mpos_bind_int64 (stmt, ":points_burnt", line->loyalty.points_burnt);
  mpos_bind_int64 (stmt, ":points_value", line->loyalty.points_value);
  mpos_bind_int64 (stmt, ":sv_principal", line->loyalty.sv_principal);
  mpos_bind_int64 (stmt, ":sv_bonus", line->loyalty.sv_bonus);
  mpos_bind_int64 (stmt, ":points_earned", line->loyalty.points_earned);
}

gboolean
mpos_sale_insert_line (MposStore *store, const char *sale_id, const MposSaleLine *line,
                       GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, SQL_INSERT_LINE, error);
  g_autofree char *adjustments = adjustments_json (line->adjustments);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale_id", sale_id);
  mpos_bind_int64 (stmt, ":line_no", line->line_no);
  mpos_bind_int64 (stmt, ":sku_id", line->sku_id);
  mpos_bind_text (stmt, ":code", line->code);
  mpos_bind_text (stmt, ":name", line->name);
  mpos_bind_int64 (stmt, ":weighed", line->weighed);
  mpos_bind_int64 (stmt, ":qty", line->qty);
  mpos_bind_int64 (stmt, ":unit_price", line->unit_price);
  mpos_bind_int64 (stmt, ":gross", line->gross);
  mpos_bind_int64 (stmt, ":net", line->net);
  mpos_bind_int64 (stmt, ":tax", line->tax);
  mpos_bind_int64 (stmt, ":tax_rate_bp", line->tax_rate_bp);
  mpos_bind_optional_int64 (stmt, ":original_line_no", line->original_line_no);
  mpos_bind_text (stmt, ":adjustments", adjustments);
  bind_line_loyalty (stmt, line);
  return mpos_store_step_done (store, stmt, "saving a sale line", error);
}

gboolean
mpos_sale_add_tender (MposStore *store, const char *sale_id, int seq, const MposTender *tender,
                      int original_seq, GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, SQL_ADD_TENDER, error);
  g_autoptr (GString) json = g_string_new (NULL);

  if (stmt == NULL)
    return FALSE;
  append_tender_json (json, seq, tender, original_seq);
  mpos_bind_text (stmt, ":sale_id", sale_id);
  mpos_bind_text (stmt, ":tender", json->str);
  return mpos_store_step_done (store, stmt, "saving a payment", error);
}

cJSON *
mpos_sale_journal_json (MposStore *store, const char *sale_id, GError **error)
{
  g_autoptr (MposSaleRecord) record = mpos_sale_load (store, sale_id, error);
  g_autoptr (cJSON) payload = NULL;

  if (record == NULL)
    return NULL;
  payload = mpos_sale_record_to_json (record);
  if (!mpos_loyalty_add_json (store, sale_id, payload, error))
    return NULL;
  return g_steal_pointer (&payload);
}

/* A completed sale is never updated, so its journal payload is derived from
 * its rows when read; a return can still be approved, so its payload is
 * written now, as it stands. */
gboolean
mpos_sale_finish (MposStore *store, const char *sale_id, const char *action, const char *actor,
                  int64_t now, MposSaleResult *result, GError **error)
{
  g_autoptr (cJSON) payload = NULL;

  if (strcmp (action, "sale") != 0
      && (payload = mpos_sale_journal_json (store, sale_id, error)) == NULL)
    return FALSE;
  return mpos_audit_record (store, now, actor, action, result->receipt_no, NULL, error)
         && mpos_journal_append (store, action, sale_id, payload, now, &result->journal_seq,
                                 error);
}
