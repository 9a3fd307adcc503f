/* member-change.c — the audit record and sync journal entry every member
 * change (registration, card lost/replaced/added, level change) writes in
 * its own transaction. The journal entry carries the member's loyalty state
 * (uid, level, group, cards' status) with the phone and card numbers masked
 * and no QR secret: the journal is kept for years and copied with every
 * backup. The member's profile (name, full phone, birthday, full card
 * numbers) is master data the centre keeps; the sync client sends it beside
 * the entry, read fresh from the member tables (mpos_member_profile_json),
 * over the pinned TLS channel only. docs/formats.md has the table. */
#include "audit.h"
#include "journal.h"
#include "json-fields.h"
#include "member-card.h"
#include "mask.h"
#include "member-private.h"
#include "store-private.h"

static void
add_optional (cJSON *json, const char *key, const char *value)
{
  if (value)
    cJSON_AddStringToObject (json, key, value);
  else
    cJSON_AddNullToObject (json, key);
}

/* Each card's number, masked unless `full`, with its kind and status. */
static gboolean
add_cards (MposStore *store, cJSON *json, int64_t member_id, gboolean full, GError **error)
{
  g_autoptr (GPtrArray) cards = mpos_member_cards (store, member_id, error);
  cJSON *array;

  if (cards == NULL)
    return FALSE;
  array = cJSON_AddArrayToObject (json, "cards");
  for (guint i = 0; i < cards->len; i++)
    {
      const MposMemberCard *card = g_ptr_array_index (cards, i);
      cJSON *item = cJSON_CreateObject ();
      g_autofree char *number = full ? g_strdup (card->card_no) : mpos_member_mask_card (card->card_no);
      g_autofree char *successor = card->replaced_by == NULL ? NULL
                                   : full               ? g_strdup (card->replaced_by)
                                                        : mpos_member_mask_card (card->replaced_by);
      cJSON_AddStringToObject (item, full ? "card_no" : "card_no_masked", number);
      cJSON_AddStringToObject (item, "kind", card->physical ? "physical" : "virtual");
      cJSON_AddStringToObject (item, "status", mpos_card_status_name (card->status));
      add_optional (item, full ? "replaced_by" : "replaced_by_masked", successor);
      cJSON_AddNumberToObject (item, "created_at", (double) card->created_at);
      cJSON_AddItemToArray (array, item);
    }
  return TRUE;
}

/* What every member entry carries: identity and loyalty state, no personal data. */
static void
add_loyalty_state (MposStore *store, cJSON *json, const MposMember *m)
{
  g_autoptr (MposMember) referrer = NULL;

  if (m->referrer_id)
    referrer = mpos_member_get (store, m->referrer_id, NULL);
  cJSON_AddStringToObject (json, "uid", m->uid ? m->uid : "");
  cJSON_AddNumberToObject (json, "local_id", (double) m->id);
  cJSON_AddStringToObject (json, "level", m->level_code);
  cJSON_AddNumberToObject (json, "level_since", (double) m->level_since);
  if (m->level_expires_at)
    cJSON_AddNumberToObject (json, "level_expires_at", (double) m->level_expires_at);
  else
    cJSON_AddNullToObject (json, "level_expires_at");
  add_optional (json, "group", m->group_code);
  add_optional (json, "referrer_uid", referrer ? referrer->uid : NULL);
  cJSON_AddNumberToObject (json, "created_at", (double) m->created_at);
}

/* The member as the journal keeps it: masked phone and cards, no name. */
static cJSON *
journal_json (MposStore *store, const MposMember *m, GError **error)
{
  cJSON *json = cJSON_CreateObject ();
  g_autofree char *phone = m->phone ? mpos_member_mask_phone (m->phone) : NULL;

  add_loyalty_state (store, json, m);
  add_optional (json, "phone_masked", phone);
  if (!add_cards (store, json, m->id, FALSE, error))
    {
      cJSON_Delete (json);
      return NULL;
    }
  return json;
}

cJSON *
mpos_member_profile_json (MposStore *store, int64_t member_id, GError **error)
{
  g_autoptr (MposMember) m = mpos_member_get (store, member_id, error);
  cJSON *json;

  if (m == NULL)
    return NULL;
  json = cJSON_CreateObject ();
  add_loyalty_state (store, json, m);
  cJSON_AddStringToObject (json, "name", m->name);
  add_optional (json, "phone", m->phone);
  add_optional (json, "birthday", m->birthday);
  add_optional (json, "gender", m->gender);
  if (!add_cards (store, json, m->id, TRUE, error))
    {
      cJSON_Delete (json);
      return NULL;
    }
  return json;
}

gboolean
mpos_member_record_change (MposStore *store, int64_t member_id, const char *action,
                           const char *actor, const char *detail, cJSON *change, int64_t now,
                           GError **error)
{
  g_autoptr (cJSON) owned_change = change;
  g_autoptr (MposMember) member = mpos_member_get (store, member_id, error);
  g_autoptr (cJSON) payload = NULL;
  g_autofree char *ref = NULL;

  if (member == NULL)
    return FALSE;
  payload = journal_json (store, member, error);
  if (payload == NULL)
    return FALSE;
  cJSON_AddItemToObject (payload, "change",
                         owned_change ? g_steal_pointer (&owned_change) : cJSON_CreateObject ());
  ref = g_strdup_printf ("member %" G_GINT64_FORMAT, member_id);
  return mpos_audit_record (store, now, actor, action, ref, detail, error)
         && mpos_journal_append (store, action, member->uid, payload, now, NULL, error);
}
