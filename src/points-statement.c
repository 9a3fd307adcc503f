/* points-statement.c — the points statement's memory and its JSON form
 * (what `points statement --json` has always printed). Reading it from the
 * ledger is in points-account.c, beside the other points reads. */
#include "points-statement.h"
#include "boxed-type.h"

#include "json-out.h"
#include "store-json.h"

static void
movement_free (gpointer data)
{
  MposPointsMovement *m = data;

  g_free (m->kind);
  g_free (m->source);
  g_free (m->status);
  g_free (m->receipt_no);
  g_free (m->reason);
  g_free (m->actor);
  g_free (m->approved_by);
  g_free (m);
}

static void
lot_free (gpointer data)
{
  MposPointsLotView *l = data;

  g_free (l->source);
  g_free (l->status);
  g_free (l);
}

static void
statement_clear (gpointer data)
{
  MposPointsStatement *s = data;

  g_ptr_array_unref (s->lots);
  g_ptr_array_unref (s->movements);
}

MposPointsStatement *
mpos_points_statement_new (int64_t member_id)
{
  MposPointsStatement *s = g_rc_box_new0 (MposPointsStatement);

  s->member_id = member_id;
  s->lots = g_ptr_array_new_with_free_func (lot_free);
  s->movements = g_ptr_array_new_with_free_func (movement_free);
  return s;
}

MposPointsStatement *
mpos_points_statement_ref (MposPointsStatement *statement)
{
  return g_rc_box_acquire (statement);
}

void
mpos_points_statement_unref (MposPointsStatement *statement)
{
  g_rc_box_release_full (statement, statement_clear);
}

MPOS_DEFINE_BOXED_TYPE (MposPointsStatement, mpos_points_statement, mpos_points_statement_ref,
                        mpos_points_statement_unref)

int64_t
mpos_points_movement_points (const MposPointsMovement *movement)
{
  return movement->available + movement->pending;
}

/* ---- JSON ------------------------------------------------------------------------------ */

static cJSON *
movement_json (MposStore *store, const MposPointsMovement *m)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddNumberToObject (json, "id", (double)m->id);
  mpos_store_json_add_time (store, json, "at", m->at);
  mpos_store_json_add_string (json, "kind", m->kind);
  cJSON_AddNumberToObject (json, "points", (double)mpos_points_movement_points (m));
  cJSON_AddNumberToObject (json, "available", (double)m->available);
  cJSON_AddNumberToObject (json, "pending", (double)m->pending);
  if (m->lot != 0)
    cJSON_AddNumberToObject (json, "lot", (double)m->lot);
  mpos_store_json_add_string (json, "source", m->source);
  mpos_store_json_add_string (json, "status", m->status);
  mpos_store_json_add_time (store, json, "expires_at", m->expires_at);
  mpos_store_json_add_string (json, "receipt_no", m->receipt_no);
  mpos_store_json_add_string (json, "reason", m->reason);
  mpos_store_json_add_string (json, "actor", m->actor);
  mpos_store_json_add_string (json, "approved_by", m->approved_by);
  return json;
}

static cJSON *
lot_json (MposStore *store, const MposPointsLotView *l)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddNumberToObject (json, "id", (double)l->id);
  mpos_store_json_add_string (json, "source", l->source);
  mpos_store_json_add_string (json, "status", l->status);
  cJSON_AddNumberToObject (json, "earned", (double)l->earned);
  cJSON_AddNumberToObject (json, "remaining", (double)l->remaining);
  mpos_store_json_add_time (store, json, "earned_at", l->earned_at);
  mpos_store_json_add_time (store, json, "expires_at", l->expires_at);
  mpos_store_json_add_time (store, json, "confirm_at", l->confirm_at);
  return json;
}

void
mpos_points_balance_add_json (cJSON *json, const MposPointsBalance *balance)
{
  mpos_json_add_int (json, "available", balance->available);
  mpos_json_add_int (json, "pending", balance->pending);
  mpos_json_add_int (json, "usable", balance->usable);
  mpos_json_add_int (json, "past_expiry", balance->past_expiry);
  cJSON_AddBoolToObject (json, "frozen", balance->frozen);
}

cJSON *
mpos_points_statement_to_json (MposStore *store, const MposPointsStatement *s)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *b, *lots, *movements;

  mpos_json_add_int (json, "member_id", s->member_id);
  b = cJSON_AddObjectToObject (json, "balance");
  mpos_points_balance_add_json (b, &s->balance);
  lots = cJSON_AddArrayToObject (json, "lots");
  for (guint i = 0; i < s->lots->len; i++)
    cJSON_AddItemToArray (lots, lot_json (store, g_ptr_array_index (s->lots, i)));
  movements = cJSON_AddArrayToObject (json, "movements");
  for (guint i = 0; i < s->movements->len; i++)
    cJSON_AddItemToArray (movements, movement_json (store, g_ptr_array_index (s->movements, i)));
  return json;
}
