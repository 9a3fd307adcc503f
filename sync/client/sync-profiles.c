/* sync-profiles.c — which members a batch names (a member entry's own
 * member, every "member_id" at any depth of a payload: the ledger rows of
 * top-ups, adjustments; and the members a sale's payload names, noted as
 * it was written) and their profiles, full phone and card
 * numbers and the member's QR secret included: master data that travels on
 * the pinned channel only, never in the journal (docs/design.md "What
 * leaves the terminal"). */
#include "sync-profiles.h"
#include "journal-read.h"
#include "json-fields.h"
#include "member.h"
#include "member-qr.h"
#include "coupon.h"

#include <string.h>

static void
add_id (GHashTable *ids, const cJSON *value)
{
  if (cJSON_IsNumber (value) && value->valuedouble >= 1 && value->valuedouble <= G_MAXINT32
      && value->valuedouble == (double) (gint) value->valuedouble)
    g_hash_table_add (ids, GINT_TO_POINTER ((gint) value->valuedouble));
}

/* A sale's members come with its entry (journal-read.h); the others are
 * found in the payload. */
static void
add_ids (GHashTable *ids, const GArray *found)
{
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      gint64 id = g_array_index (found, gint64, i);
      if (id >= 1 && id <= G_MAXINT32)
        g_hash_table_add (ids, GINT_TO_POINTER ((gint) id));
    }
}

static GHashTable *
members_named (GPtrArray *entries)
{
  GHashTable *ids = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < entries->len; i++)
    {
      const MposJournalEntry *e = g_ptr_array_index (entries, i);
      g_array_set_size (found, 0);
      if (g_str_has_prefix (e->kind, "member_"))
        add_id (ids, cJSON_GetObjectItemCaseSensitive (e->payload, "local_id"));
      if (e->payload != NULL)
        mpos_json_collect_ids (e->payload, "member_id", found);
      add_ids (ids, found);
      add_ids (ids, e->member_ids);
    }
  return ids;
}

/* The member's QR secret (base64), so a code shown here verifies at every
 * store that pulls the member (src/member-qr.h, MP2). */
static gboolean
add_qr_secret (MposStore *store, int64_t member_id, cJSON *profile, GError **error)
{
  guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES];
  g_autofree char *text = NULL;

  if (!mpos_member_qr_secret_export (store, member_id, secret, error))
    return FALSE;
  text = g_base64_encode (secret, sizeof secret);
  memset (secret, 0, sizeof secret);
  cJSON_AddStringToObject (profile, "qr_secret", text);
  return TRUE;
}

/* The member's coupons, whatever their status (the latest 200), so a
 * coupon issued here is usable at every store and one used here is
 * refused at the others after their next pull (PROTOCOL.md 5.5). */
static gboolean
add_coupons (MposStore *store, int64_t member_id, cJSON *profile, GError **error)
{
  g_autoptr (GPtrArray) coupons = mpos_coupon_list (store, member_id, error);
  cJSON *list;

  if (coupons == NULL)
    return FALSE;
  list = cJSON_AddArrayToObject (profile, "coupons");
  for (guint i = 0; i < coupons->len && i < 200; i++)
    {
      const MposCoupon *c = g_ptr_array_index (coupons, i);
      cJSON *item = cJSON_CreateObject ();
      cJSON_AddStringToObject (item, "code", c->code);
      cJSON_AddStringToObject (item, "template", c->template_code);
      cJSON_AddStringToObject (item, "status", c->status);
      cJSON_AddNumberToObject (item, "valid_from", (double) c->valid_from);
      cJSON_AddNumberToObject (item, "valid_to", (double) c->valid_to);
      cJSON_AddItemToArray (list, item);
    }
  return TRUE;
}

gboolean
mpos_sync_profiles_append (MposStore *store, GPtrArray *entries, GString *body, GError **error)
{
  g_autoptr (GHashTable) ids = members_named (entries);
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  if (g_hash_table_size (ids) == 0)
    return TRUE;
  g_string_append (body, ",\"members\":[");
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr (GError) local = NULL;
      g_autoptr (cJSON) profile = mpos_member_profile_json (store, GPOINTER_TO_INT (key), &local);
      g_autofree char *text = NULL;
      if (g_error_matches (local, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND))
        continue; /* a "member_id" that names no member here: nothing to send */
      if (profile == NULL || !add_qr_secret (store, GPOINTER_TO_INT (key), profile, &local)
          || !add_coupons (store, GPOINTER_TO_INT (key), profile, &local))
        return g_propagate_error (error, g_steal_pointer (&local)), FALSE;
      text = cJSON_PrintUnformatted (profile);
      g_string_append (body, n++ ? "," : "");
      g_string_append (body, text);
    }
  g_string_append_c (body, ']');
  return TRUE;
}
