/* exchange-record.c — a points exchange as a typed read model: its memory,
 * its cash (what the payment must be, what the slip says moved), and its JSON form (what `exchange
 * show
 * --json` and the journal have always carried). Reading it is in
 * points-exchange.c, beside the exchange's other SQL. */
#include "points-exchange.h"
#include "points-private.h"
#include "boxed-type.h"

#include "json-fields.h"
#include "json-out.h"
#include "store-json.h"

/* The columns of SQL_EXCHANGE (points-exchange.c), in order. */
#define TEXT(field) MPOS_TEXT_FIELD (MposExchangeRecord, field)
#define INT64(field) MPOS_INT64_FIELD (MposExchangeRecord, field)
static const MposRecordField columns[]
    = { TEXT (id),      TEXT (receipt_no),  TEXT (kind),        INT64 (member_id),
        TEXT (item),    TEXT (name),        INT64 (qty),        INT64 (points),
        INT64 (cash),   TEXT (tender),      TEXT (reference),   MPOS_SKIPPED_FIELD,
        INT64 (at),     TEXT (cashier),     TEXT (approved_by), TEXT (reason),
        TEXT (cancels), TEXT (cancelled_by) };
#undef TEXT
#undef INT64
static const MposRecordType record_type
    = { sizeof (MposExchangeRecord), columns, G_N_ELEMENTS (columns) };

gpointer
mpos_exchange_record_row (sqlite3_stmt *stmt)
{
  return mpos_record_from_row (&record_type, stmt);
}

void
mpos_exchange_record_free (MposExchangeRecord *r)
{
  mpos_record_free (&record_type, r);
}

MposExchangeRecord *
mpos_exchange_record_copy (const MposExchangeRecord *r)
{
  return mpos_record_copy (&record_type, r);
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
  mpos_json_add_int (json, "member_id", r->member_id);
  mpos_store_json_add_string (json, "item", r->item);
  mpos_store_json_add_string (json, "name", r->name);
  mpos_json_add_int (json, "qty", r->qty);
  mpos_json_add_int (json, "points", r->points);
  mpos_json_add_money (json, "cash", r->cash);
  mpos_store_json_add_handling (store, json, r->tender, r->reference, r->at, r->cashier,
                                r->approved_by, r->reason);
  mpos_store_json_add_string (json, "cancels", r->cancels);
  mpos_store_json_add_string (json, "cancelled_by", r->cancelled_by);
  return json;
}
