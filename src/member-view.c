/* member-view.c — a member as a screen shows them: reads the member, their
 * cards and balances in one go, and serialises the member part as `member
 * show --json` has always printed it. */
#include "member-view.h"

#include "boxed-type.h"
#include "coupon.h"
#include "member-card.h"
#include "money.h"
#include "percent.h"
#include "store-private.h"

#include <string.h>

static void
view_clear (gpointer data)
{
  MposMemberView *view = data;

  mpos_member_free (view->member);
  g_free (view->phone_shown);
  g_clear_pointer (&view->cards, g_ptr_array_unref);
}

MposMemberView *
mpos_member_view_ref (MposMemberView *view)
{
  return g_rc_box_acquire (view);
}

void
mpos_member_view_unref (MposMemberView *view)
{
  g_rc_box_release_full (view, view_clear);
}

MPOS_DEFINE_BOXED_TYPE (MposMemberView, mpos_member_view, mpos_member_view_ref,
                        mpos_member_view_unref)

gboolean
mpos_member_figures_read (MposStore *store, int64_t member_id, int64_t now, MposMemberFigures *out,
                          GError **error)
{
  g_autoptr (GPtrArray) coupons = NULL;

  memset (out, 0, sizeof *out);
  if (!mpos_points_balance (store, member_id, now, &out->points, error)
      || !mpos_stored_value_balance (store, member_id, &out->stored_value, error)
      || (coupons = mpos_coupon_list (store, member_id, error)) == NULL)
    return FALSE;
  out->coupons_usable = mpos_coupon_list_count_usable (coupons, now);
  return TRUE;
}

MposMemberView *
mpos_member_view_get (MposStore *store, int64_t member_id, int64_t now, GError **error)
{
  g_autoptr (MposMemberView) view = g_rc_box_new0 (MposMemberView);

  view->member = mpos_member_get (store, member_id, error);
  if (view->member == NULL)
    return NULL;
  if (view->member->phone)
    view->phone_shown = mpos_member_display_phone (store, view->member->phone);
  view->cards = mpos_member_cards (store, member_id, error);
  if (view->cards == NULL
      || !mpos_member_figures_read (store, member_id, now, &view->figures, error))
    return NULL;
  return g_steal_pointer (&view);
}

/* ---- JSON ------------------------------------------------------------------------------ */

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
  cJSON_AddNumberToObject (json, "birthday_bonus_points", (double)m->birthday_bonus_points);
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
mpos_member_view_to_json (MposStore *store, const MposMemberView *view)
{
  const MposMember *m = view->member;
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddNumberToObject (json, "id", (double)m->id);
  cJSON_AddStringToObject (json, "uid", m->uid ? m->uid : "");
  cJSON_AddStringToObject (json, "name", m->name);
  add_string_or_null (json, "phone", view->phone_shown);
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
    cJSON_AddNumberToObject (json, "referrer_id", (double)m->referrer_id);
  else
    cJSON_AddNullToObject (json, "referrer_id");
  cJSON_AddItemToObject (json, "cards", cards_json (view->cards));
  add_time (store, json, "registered", m->created_at);
  return json;
}
