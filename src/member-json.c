/* member-json.c — a member as `member show --json` prints it: phone as the
 * store's policy allows, level and group, cards masked; the member view's
 * serialiser (member-view.c) prints its member the same way through
 * mpos_member_json_object. Apart from member.c
 * because it reads the member's cards (member-card.c), which themselves
 * build on member.c: member ← member-card ← member-json, no circle. */
#include "member-json.h"
#include "member-card.h"
#include "member-private.h"
#include "money.h"
#include "percent.h"
#include "store-private.h"

static void
add_string_or_null (cJSON *json, const char *key, const char *value)
{
  if (value)
    cJSON_AddStringToObject (json, key, value);
  else
    cJSON_AddNullToObject (json, key);
}

static void
add_time (MposStore *store, cJSON *json, const char *key, int64_t utc)
{
  g_autofree char *text = utc ? mpos_store_local_time (store, utc) : NULL;

  add_string_or_null (json, key, text);
}

static void
add_multiplier (cJSON *json, const char *key, int basis_points)
{
  char buf[MPOS_MONEY_BUF];

  /* 15000 bp prints as "1.50": the multiplier with two decimals. */
  cJSON_AddStringToObject (json, key, mpos_money_to_buf (basis_points / 100, buf));
}

static cJSON *
level_json (MposStore *store, const MposMember *m)
{
  cJSON *json = cJSON_CreateObject ();
  g_autofree char *discount = mpos_percent_format (m->level_discount_bp);

  cJSON_AddStringToObject (json, "code", m->level_code);
  cJSON_AddStringToObject (json, "name", m->level_name);
  cJSON_AddStringToObject (json, "discount", discount);
  add_multiplier (json, "points_multiplier", m->points_multiplier_bp);
  add_multiplier (json, "birthday_points_multiplier", m->birthday_points_multiplier_bp);
  cJSON_AddNumberToObject (json, "birthday_bonus_points", (double) m->birthday_bonus_points);
  add_time (store, json, "since", m->level_since);
  add_time (store, json, "expires", m->level_expires_at);
  return json;
}

static cJSON *
cards_json (GPtrArray *cards)
{
  cJSON *array = cJSON_CreateArray ();

  for (guint i = 0; i < cards->len; i++)
    {
      const MposMemberCard *card = g_ptr_array_index (cards, i);
      cJSON *item = cJSON_CreateObject ();
      g_autofree char *masked = mpos_member_mask_card (card->card_no);
      g_autofree char *masked_new
          = card->replaced_by ? mpos_member_mask_card (card->replaced_by) : NULL;

      cJSON_AddStringToObject (item, "card", masked);
      cJSON_AddStringToObject (item, "kind", card->physical ? "physical" : "virtual");
      cJSON_AddStringToObject (item, "status", mpos_card_status_name (card->status));
      add_string_or_null (item, "replaced_by", masked_new);
      cJSON_AddItemToArray (array, item);
    }
  return array;
}

cJSON *
mpos_member_json_object (MposStore *store, const MposMember *m, const char *phone_shown,
                         GPtrArray *cards)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddNumberToObject (json, "id", (double) m->id);
  cJSON_AddStringToObject (json, "uid", m->uid ? m->uid : "");
  cJSON_AddStringToObject (json, "name", m->name);
  add_string_or_null (json, "phone", phone_shown);
  add_string_or_null (json, "birthday", m->birthday);
  add_string_or_null (json, "gender", m->gender);
  cJSON_AddItemToObject (json, "level", level_json (store, m));
  if (m->group_code)
    {
      cJSON *group = cJSON_AddObjectToObject (json, "group");
      g_autofree char *discount = mpos_percent_format (m->group_discount_bp);
      cJSON_AddStringToObject (group, "code", m->group_code);
      cJSON_AddStringToObject (group, "name", m->group_name);
      cJSON_AddStringToObject (group, "discount", discount);
    }
  else
    cJSON_AddNullToObject (json, "group");
  if (m->referrer_id)
    cJSON_AddNumberToObject (json, "referrer_id", (double) m->referrer_id);
  else
    cJSON_AddNullToObject (json, "referrer_id");
  cJSON_AddItemToObject (json, "cards", cards_json (cards));
  add_time (store, json, "registered", m->created_at);
  return json;
}

cJSON *
mpos_member_to_json (MposStore *store, const MposMember *m, GError **error)
{
  g_autoptr (GPtrArray) cards = mpos_member_cards (store, m->id, error);
  g_autofree char *phone = m->phone ? mpos_member_display_phone (store, m->phone) : NULL;

  if (cards == NULL)
    return NULL;
  return mpos_member_json_object (store, m, phone, cards);
}
