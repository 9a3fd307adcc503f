/* shift-json.c — a shift and the drawer's expectation as JSON, for
 * `mallposctl shift … --json`, the journal and the reports' --json. Money
 * as "12.34" strings like every other document of MallPOS. */
#include "shift-private.h"
#include "json-fields.h"

cJSON *
mpos_cash_expectation_to_json (const MposCashExpectation *cash)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *by_kind = cJSON_AddObjectToObject (json, "by_kind");

  for (int k = 0; k < MPOS_CASH_KIND_COUNT; k++)
    mpos_json_add_money (by_kind, mpos_cash_kind_name ((MposCashKind)k), cash->by_kind[k]);
  cJSON_AddNumberToObject (json, "movements", (double)cash->movements);
  mpos_json_add_money (json, "expected", cash->expected);
  return json;
}

static void
add_time (cJSON *json, MposStore *store, const char *key, int64_t utc)
{
  g_autofree char *local = utc ? mpos_store_local_time (store, utc) : NULL;

  if (local != NULL)
    cJSON_AddStringToObject (json, key, local);
  else
    cJSON_AddNullToObject (json, key);
}

static void
add_text (cJSON *json, const char *key, const char *value)
{
  if (value != NULL)
    cJSON_AddStringToObject (json, key, value);
  else
    cJSON_AddNullToObject (json, key);
}

static void
add_count (cJSON *json, const MposShift *shift)
{
  cJSON *count = cJSON_AddObjectToObject (json, "count");

  for (int d = 0; d < MPOS_DENOMINATION_COUNT; d++)
    cJSON_AddNumberToObject (count, mpos_denomination_name ((MposDenomination)d),
                             (double)shift->count.pieces[d]);
  mpos_json_add_money (json, "counted", shift->counted);
  mpos_json_add_money (json, "expected", shift->expected);
  mpos_json_add_money (json, "over_short", shift->over_short);
}

cJSON *
mpos_shift_to_json (MposStore *store, const MposShift *shift)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddStringToObject (json, "id", shift->id ? shift->id : "");
  cJSON_AddStringToObject (json, "shift_no", shift->shift_no ? shift->shift_no : "");
  cJSON_AddStringToObject (json, "status", mpos_shift_status_name (shift->status));
  add_text (json, "business_day", shift->business_day);
  add_text (json, "opened_by", shift->opened_by);
  add_time (json, store, "opened_at", shift->opened_at);
  mpos_json_add_money (json, "opening_float", shift->opening_float);
  add_text (json, "counted_by", shift->counted_by);
  add_time (json, store, "counted_at", shift->counted_at);
  if (shift->status != MPOS_SHIFT_OPEN)
    add_count (json, shift);
  add_text (json, "accepted_by", shift->accepted_by);
  add_time (json, store, "closed_at", shift->closed_at);
  cJSON_AddItemToObject (json, "cash", mpos_cash_expectation_to_json (&shift->cash));
  return json;
}
