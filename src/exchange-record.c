/* exchange-record.c — a points exchange as a typed read model: its memory,
 * its cash (what the payment must be, what the slip says moved), and its JSON form (what `exchange
 * show
 * --json` and the journal have always carried). Reading it is in
 * points-exchange.c, beside the exchange's other SQL. */
#include "points-exchange.h"
#include "boxed-type.h"

#include "json-fields.h"
#include "store-json.h"

void
mpos_exchange_record_free (MposExchangeRecord *r)
{
  if (r == NULL)
    return;
  g_free (r->id);
  g_free (r->receipt_no);
  g_free (r->kind);
  g_free (r->item);
  g_free (r->name);
  g_free (r->tender);
  g_free (r->reference);
  g_free (r->cashier);
  g_free (r->approved_by);
  g_free (r->reason);
  g_free (r->cancels);
  g_free (r->cancelled_by);
  g_free (r);
}

MposExchangeRecord *
mpos_exchange_record_copy (const MposExchangeRecord *r)
{
  MposExchangeRecord *copy = g_memdup2 (r, sizeof *r);

  copy->id = g_strdup (r->id);
  copy->receipt_no = g_strdup (r->receipt_no);
  copy->kind = g_strdup (r->kind);
  copy->item = g_strdup (r->item);
  copy->name = g_strdup (r->name);
  copy->tender = g_strdup (r->tender);
  copy->reference = g_strdup (r->reference);
  copy->cashier = g_strdup (r->cashier);
  copy->approved_by = g_strdup (r->approved_by);
  copy->reason = g_strdup (r->reason);
  copy->cancels = g_strdup (r->cancels);
  copy->cancelled_by = g_strdup (r->cancelled_by);
  return copy;
}

MPOS_DEFINE_BOXED_TYPE (MposExchangeRecord, mpos_exchange_record, mpos_exchange_record_copy,
                        mpos_exchange_record_free)

gboolean
mpos_exchange_record_is_cancel (const MposExchangeRecord *record)
{
  return g_strcmp0 (record->kind, "cancel") == 0;
}

MposMoney
mpos_exchange_record_cash_moved (const MposExchangeRecord *record)
{
  return record->cash < 0 ? -record->cash : record->cash;
}

MposMoney
mpos_exchange_item_cash_for (const MposExchangeItem *item, int64_t qty)
{
  MposMoney cash = 0;

  if (qty <= 0 || qty > MPOS_EXCHANGE_MAX_QTY || item->cash <= 0
      || !mpos_money_mul (item->cash, qty, &cash))
    return 0;
  return cash;
}

cJSON *
mpos_exchange_record_to_json (MposStore *store, const MposExchangeRecord *r)
{
  cJSON *json = cJSON_CreateObject ();

  mpos_store_json_add_string (json, "id", r->id);
  mpos_store_json_add_string (json, "receipt_no", r->receipt_no);
  mpos_store_json_add_string (json, "kind", r->kind);
  cJSON_AddNumberToObject (json, "member_id", (double)r->member_id);
  mpos_store_json_add_string (json, "item", r->item);
  mpos_store_json_add_string (json, "name", r->name);
  cJSON_AddNumberToObject (json, "qty", (double)r->qty);
  cJSON_AddNumberToObject (json, "points", (double)r->points);
  mpos_json_add_money (json, "cash", r->cash);
  mpos_store_json_add_string (json, "tender", r->tender);
  mpos_store_json_add_string (json, "reference", r->reference);
  mpos_store_json_add_time (store, json, "at", r->at);
  mpos_store_json_add_string (json, "cashier", r->cashier);
  mpos_store_json_add_string (json, "approved_by", r->approved_by);
  mpos_store_json_add_string (json, "reason", r->reason);
  mpos_store_json_add_string (json, "cancels", r->cancels);
  mpos_store_json_add_string (json, "cancelled_by", r->cancelled_by);
  return json;
}
