/* member-change.c — the audit record and sync journal entry every member
 * change (registration, card lost/replaced/added, level change) writes in
 * its own transaction. The journal carries the member's whole state, so
 * the centre can apply any entry on its own, once, by its id. */
#include "audit.h"
#include "journal.h"
#include "json-fields.h"
#include "member-card.h"
#include "member-private.h"
#include "store-private.h"

static MposSql SQL_SECRET
    = MPOS_SQL ("member-change: secret", "SELECT qr_secret FROM members WHERE id = :id");

static gboolean
add_secret (MposStore *store, cJSON *json, int64_t member_id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SECRET, error);
  g_autofree char *encoded = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":id", member_id);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) > 0)
    encoded = g_base64_encode (sqlite3_column_blob (stmt, 0),
                               (gsize) sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading a member", error);
  if (encoded)
    cJSON_AddStringToObject (json, "qr_secret", encoded);
  return TRUE;
}

static void
add_optional (cJSON *json, const char *key, const char *value)
{
  if (value)
    cJSON_AddStringToObject (json, key, value);
  else
    cJSON_AddNullToObject (json, key);
}

static gboolean
add_cards (MposStore *store, cJSON *json, int64_t member_id, GError **error)
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
      cJSON_AddStringToObject (item, "card_no", card->card_no);
      cJSON_AddStringToObject (item, "kind", card->physical ? "physical" : "virtual");
      cJSON_AddStringToObject (item, "status", mpos_card_status_name (card->status));
      add_optional (item, "replaced_by", card->replaced_by);
      cJSON_AddNumberToObject (item, "created_at", (double) card->created_at);
      cJSON_AddItemToArray (array, item);
    }
  return TRUE;
}

/* The member as the centre needs it: everything, unmasked. */
static cJSON *
sync_json (MposStore *store, const MposMember *m, GError **error)
{
  g_autoptr (MposMember) referrer = NULL;
  cJSON *json = cJSON_CreateObject ();

  if (m->referrer_id)
    referrer = mpos_member_get (store, m->referrer_id, NULL);
  cJSON_AddStringToObject (json, "uid", m->uid ? m->uid : "");
  cJSON_AddNumberToObject (json, "local_id", (double) m->id);
  cJSON_AddStringToObject (json, "name", m->name);
  add_optional (json, "phone", m->phone);
  add_optional (json, "birthday", m->birthday);
  add_optional (json, "gender", m->gender);
  cJSON_AddStringToObject (json, "level", m->level_code);
  cJSON_AddNumberToObject (json, "level_since", (double) m->level_since);
  if (m->level_expires_at)
    cJSON_AddNumberToObject (json, "level_expires_at", (double) m->level_expires_at);
  else
    cJSON_AddNullToObject (json, "level_expires_at");
  add_optional (json, "group", m->group_code);
  add_optional (json, "referrer_uid", referrer ? referrer->uid : NULL);
  cJSON_AddNumberToObject (json, "created_at", (double) m->created_at);
  if (!add_cards (store, json, m->id, error) || !add_secret (store, json, m->id, error))
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
  payload = sync_json (store, member, error);
  if (payload == NULL)
    return FALSE;
  cJSON_AddItemToObject (payload, "change",
                         owned_change ? g_steal_pointer (&owned_change) : cJSON_CreateObject ());
  ref = g_strdup_printf ("member %" G_GINT64_FORMAT, member_id);
  return mpos_audit_record (store, now, actor, action, ref, detail, error)
         && mpos_journal_append (store, action, member->uid, payload, now, NULL, error);
}
