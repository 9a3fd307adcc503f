/* stored-value-statement.c — the stored-value read models' memory and JSON
 * form (what `stored-value statement|show --json` and the journal have
 * always carried). Reading them is in stored-value.c, beside the ledger. */
#include "stored-value-statement.h"
#include "boxed-type.h"

#include "json-out.h"
#include "store-json.h"
#include "stored-value-private.h"

static void
movement_free (gpointer data)
{
  MposStoredValueMovement *m = data;

  g_free (m->kind);
  g_free (m->receipt_no);
  g_free (m);
}

static void
statement_clear (gpointer data)
{
  MposStoredValueStatement *s = data;

  g_ptr_array_unref (s->movements);
}

MposStoredValueStatement *
mpos_stored_value_statement_new (int64_t member_id)
{
  MposStoredValueStatement *s = g_rc_box_new0 (MposStoredValueStatement);

  s->member_id = member_id;
  s->movements = g_ptr_array_new_with_free_func (movement_free);
  return s;
}

MposStoredValueStatement *
mpos_stored_value_statement_ref (MposStoredValueStatement *statement)
{
  return g_rc_box_acquire (statement);
}

void
mpos_stored_value_statement_unref (MposStoredValueStatement *statement)
{
  g_rc_box_release_full (statement, statement_clear);
}

MPOS_DEFINE_BOXED_TYPE (MposStoredValueStatement, mpos_stored_value_statement,
                        mpos_stored_value_statement_ref, mpos_stored_value_statement_unref)

/* "principal", "bonus", "total". */
static void
add_balance_fields (cJSON *json, const MposStoredValueBalance *balance)
{
  mpos_json_add_money (json, "principal", balance->principal);
  mpos_json_add_money (json, "bonus", balance->bonus);
  mpos_json_add_money (json, "total", balance->principal + balance->bonus);
}

void
mpos_stored_value_balance_add_json (cJSON *json, const MposStoredValueBalance *balance)
{
  add_balance_fields (cJSON_AddObjectToObject (json, "balance"), balance);
}

cJSON *
mpos_stored_value_account_to_json (int64_t member_id, const MposStoredValueBalance *balance,
                                   gboolean pin_set, gboolean pin_locked)
{
  cJSON *json = cJSON_CreateObject ();

  mpos_json_add_int (json, "member_id", member_id);
  add_balance_fields (json, balance);
  cJSON_AddBoolToObject (json, "pin_set", pin_set);
  cJSON_AddBoolToObject (json, "pin_locked", pin_locked);
  return json;
}

cJSON *
mpos_stored_value_statement_to_json (MposStore *store, const MposStoredValueStatement *statement)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *movements;

  cJSON_AddNumberToObject (json, "member_id", (double)statement->member_id);
  mpos_stored_value_balance_add_json (json, &statement->balance);
  movements = cJSON_AddArrayToObject (json, "movements");
  for (guint i = 0; i < statement->movements->len; i++)
    {
      const MposStoredValueMovement *m = g_ptr_array_index (statement->movements, i);
      cJSON *item = cJSON_CreateObject ();

      cJSON_AddNumberToObject (item, "id", (double)m->id);
      mpos_store_json_add_time (store, item, "at", m->at);
      mpos_store_json_add_string (item, "kind", m->kind);
      mpos_json_add_money (item, "principal", m->principal);
      mpos_json_add_money (item, "bonus", m->bonus);
      mpos_store_json_add_string (item, "receipt_no", m->receipt_no);
      cJSON_AddItemToArray (movements, item);
    }
  return json;
}

/* ---- one top-up ------------------------------------------------------------------------ */

/* The columns of SQL_TOP_UP (stored-value.c), in order; the balance is
 * read apart. */
#define TEXT(field) MPOS_TEXT_FIELD (MposTopUpRecord, field)
#define INT64(field) MPOS_INT64_FIELD (MposTopUpRecord, field)
static const MposRecordField columns[]
    = { TEXT (id),          TEXT (receipt_no), TEXT (kind),        INT64 (member_id),
        INT64 (principal),  INT64 (bonus),     TEXT (tier),        TEXT (tender),
        TEXT (reference),   TEXT (provider),   INT64 (at),         TEXT (cashier),
        TEXT (approved_by), TEXT (reason),     TEXT (refunded_by), TEXT (refunds) };
#undef TEXT
#undef INT64
static const MposRecordType record_type
    = { sizeof (MposTopUpRecord), columns, G_N_ELEMENTS (columns) };

gpointer
mpos_top_up_record_row (sqlite3_stmt *stmt)
{
  return mpos_record_from_row (&record_type, stmt);
}

void
mpos_top_up_record_free (MposTopUpRecord *r)
{
  mpos_record_free (&record_type, r);
}

MposTopUpRecord *
mpos_top_up_record_copy (const MposTopUpRecord *r)
{
  return mpos_record_copy (&record_type, r);
}

MPOS_DEFINE_BOXED_TYPE (MposTopUpRecord, mpos_top_up_record, mpos_top_up_record_copy,
                        mpos_top_up_record_free)

gboolean
mpos_top_up_record_is_refund (const MposTopUpRecord *record)
{
  return g_strcmp0 (record->kind, "refund") == 0;
}

cJSON *
mpos_top_up_record_to_json (MposStore *store, const MposTopUpRecord *r)
{
  cJSON *json = cJSON_CreateObject ();

  mpos_store_json_add_string (json, "receipt_no", r->receipt_no);
  mpos_store_json_add_string (json, "kind", r->kind);
  mpos_json_add_int (json, "member_id", r->member_id);
  mpos_json_add_money (json, "principal", r->principal);
  mpos_json_add_money (json, "bonus", r->bonus);
  mpos_store_json_add_string (json, "tier", r->tier);
  mpos_store_json_add_handling (store, json, r->tender, r->reference, r->at, r->cashier,
                                r->approved_by, r->reason);
  mpos_store_json_add_string (json, "refunded_by", r->refunded_by);
  mpos_store_json_add_string (json, "refunds", r->refunds);
  mpos_stored_value_balance_add_json (json, &r->balance);
  return json;
}
