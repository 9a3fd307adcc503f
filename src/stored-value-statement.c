/* stored-value-statement.c — the stored-value read models' memory and JSON
 * form (what `stored-value statement|show --json` and the journal have
 * always carried). Reading them is in stored-value.c, beside the ledger. */
#include "stored-value-statement.h"
#include "boxed-type.h"

#include "store-json.h"

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

void
mpos_stored_value_balance_add_json (cJSON *json, const MposStoredValueBalance *balance)
{
  cJSON *b = cJSON_AddObjectToObject (json, "balance");

  mpos_json_add_money (b, "principal", balance->principal);
  mpos_json_add_money (b, "bonus", balance->bonus);
  mpos_json_add_money (b, "total", balance->principal + balance->bonus);
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

void
mpos_top_up_record_free (MposTopUpRecord *r)
{
  if (r == NULL)
    return;
  g_free (r->id);
  g_free (r->receipt_no);
  g_free (r->kind);
  g_free (r->tier);
  g_free (r->tender);
  g_free (r->reference);
  g_free (r->provider);
  g_free (r->cashier);
  g_free (r->approved_by);
  g_free (r->reason);
  g_free (r->refunded_by);
  g_free (r->refunds);
  g_free (r);
}

MposTopUpRecord *
mpos_top_up_record_copy (const MposTopUpRecord *r)
{
  MposTopUpRecord *copy = g_memdup2 (r, sizeof *r);

  copy->id = g_strdup (r->id);
  copy->receipt_no = g_strdup (r->receipt_no);
  copy->kind = g_strdup (r->kind);
  copy->tier = g_strdup (r->tier);
  copy->tender = g_strdup (r->tender);
  copy->reference = g_strdup (r->reference);
  copy->provider = g_strdup (r->provider);
  copy->cashier = g_strdup (r->cashier);
  copy->approved_by = g_strdup (r->approved_by);
  copy->reason = g_strdup (r->reason);
  copy->refunded_by = g_strdup (r->refunded_by);
  copy->refunds = g_strdup (r->refunds);
  return copy;
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
  cJSON_AddNumberToObject (json, "member_id", (double)r->member_id);
  mpos_json_add_money (json, "principal", r->principal);
  mpos_json_add_money (json, "bonus", r->bonus);
  mpos_store_json_add_string (json, "tier", r->tier);
  mpos_store_json_add_string (json, "tender", r->tender);
  mpos_store_json_add_string (json, "reference", r->reference);
  mpos_store_json_add_time (store, json, "at", r->at);
  mpos_store_json_add_string (json, "cashier", r->cashier);
  mpos_store_json_add_string (json, "approved_by", r->approved_by);
  mpos_store_json_add_string (json, "reason", r->reason);
  mpos_store_json_add_string (json, "refunded_by", r->refunded_by);
  mpos_store_json_add_string (json, "refunds", r->refunds);
  mpos_stored_value_balance_add_json (json, &r->balance);
  return json;
}
