/* gift-card-view.c — the gift card view's memory and its JSON form (what
 * `gift-card show --json` has always printed). Reading it is in
 * gift-card.c, beside the card's other SQL. */
#include "gift-card-view.h"
#include "boxed-type.h"
#include "json-fields.h"
#include "json-out.h"
#include "store-json.h"

static void
movement_free (gpointer data)
{
  MposGiftCardMovement *m = data;

  g_free (m->kind);
  g_free (m->receipt_no);
  g_free (m->reason);
  g_free (m->actor);
  g_free (m->approved_by);
  g_free (m);
}

static void
view_clear (gpointer data)
{
  MposGiftCardView *v = data;

  mpos_gift_card_free (v->card);
  g_ptr_array_unref (v->movements);
}

MposGiftCardView *
mpos_gift_card_view_new (MposGiftCard *card, int64_t at)
{
  MposGiftCardView *v = g_rc_box_new0 (MposGiftCardView);

  v->card = card;
  v->at = at;
  v->expired = card->expires_at != 0 && card->expires_at <= at;
  v->movements = g_ptr_array_new_with_free_func (movement_free);
  return v;
}

MposGiftCardView *
mpos_gift_card_view_ref (MposGiftCardView *view)
{
  return g_rc_box_acquire (view);
}

void
mpos_gift_card_view_unref (MposGiftCardView *view)
{
  g_rc_box_release_full (view, view_clear);
}

MPOS_DEFINE_BOXED_TYPE (MposGiftCardView, mpos_gift_card_view, mpos_gift_card_view_ref,
                        mpos_gift_card_view_unref)

static cJSON *
movement_json (MposStore *store, const MposGiftCardMovement *m)
{
  cJSON *row = cJSON_CreateObject ();

  mpos_json_add_int (row, "id", m->id);
  mpos_store_json_add_time (store, row, "at", m->at);
  mpos_store_json_add_string (row, "kind", m->kind);
  mpos_json_add_money (row, "amount", m->amount);
  mpos_store_json_add_string (row, "receipt_no", m->receipt_no);
  if (m->member_id)
    mpos_json_add_int (row, "member_id", m->member_id);
  mpos_store_json_add_string (row, "reason", m->reason);
  mpos_store_json_add_string (row, "actor", m->actor);
  mpos_store_json_add_string (row, "approved_by", m->approved_by);
  return row;
}

cJSON *
mpos_gift_card_view_to_json (MposStore *store, const MposGiftCardView *view)
{
  const MposGiftCard *card = view->card;
  cJSON *json = cJSON_CreateObject ();
  cJSON *ledger;

  cJSON_AddStringToObject (json, "serial", card->serial);
  cJSON_AddStringToObject (json, "type", card->type_code);
  cJSON_AddStringToObject (json, "name", card->type_name);
  cJSON_AddStringToObject (json, "sku", card->sku_code);
  mpos_json_add_money (json, "face_value", card->face_value);
  cJSON_AddStringToObject (json, "status", card->active ? "active" : "inactive");
  if (card->hold)
    cJSON_AddStringToObject (json, "hold", card->hold);
  mpos_json_add_money (json, "balance", card->balance);
  if (card->member_id)
    mpos_json_add_int (json, "member_id", card->member_id);
  mpos_store_json_add_time (store, json, "activated_at", card->activated_at);
  mpos_store_json_add_time (store, json, "expires_at", card->expires_at);
  cJSON_AddBoolToObject (json, "expired", view->expired);
  cJSON_AddBoolToObject (json, "locked", card->locked);
  ledger = cJSON_AddArrayToObject (json, "ledger");
  for (guint i = 0; i < view->movements->len; i++)
    cJSON_AddItemToArray (ledger, movement_json (store, g_ptr_array_index (view->movements, i)));
  return json;
}
