/* staff-card.c — staff cards (staff-card.h). A card's code is hashed with
 * BLAKE2b-256 keyed with the store's key: the same card gives the same hash
 * in this store (so it can be looked up), and a 4-byte reader UID cannot be
 * searched from a copy of the store file without the key file beside it. */
#include "staff-card.h"
#include "audit.h"
#include "clock.h"
#include "journal.h"
#include "json-fields.h"
#include "member-qr-secret.h"
#include "staff-permission.h"
#include "staff-policy.h"
#include "staff-private.h"

#include <string.h>

#define CARD_HASH_BYTES 32
#define CARD_MIN 4
#define CARD_MAX 64
#define CARD_REFUSED "that staff card is not known here, or the PIN is wrong; try again"

static MposSql SQL_INSERT = MPOS_SQL (
    "staff-card: insert", "INSERT INTO staff_cards (card_hash, number, added_at) "
                          "SELECT :hash, number, :now FROM staff WHERE number = :number "
                          "AND disabled_at IS NULL ON CONFLICT DO NOTHING");
static MposSql SQL_OWNER
    = MPOS_SQL ("staff-card: owner", "SELECT number FROM staff_cards WHERE card_hash = :hash");
static MposSql SQL_REMOVE
    = MPOS_SQL ("staff-card: remove", "DELETE FROM staff_cards WHERE number = :number");

gboolean
mpos_staff_card_valid (const char *code)
{
  gsize len = code ? strlen (code) : 0;

  if (len < CARD_MIN || len > CARD_MAX)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isgraph (code[i]))
      return FALSE;
  return TRUE;
}

static gboolean
card_hash (MposStore *store, const char *code, guint8 hash[CARD_HASH_BYTES], GError **error)
{
  guint8 key[MPOS_STORE_KEY_BYTES];

  if (!mpos_store_key_load (store, TRUE, key, error))
    return FALSE;
  crypto_generichash (hash, CARD_HASH_BYTES, (const guint8 *)code, strlen (code), key, sizeof key);
  sodium_memzero (key, sizeof key);
  return TRUE;
}

typedef struct
{
  const char *number, *approved_by, *action;
  guint8 hash[CARD_HASH_BYTES];
  int64_t now;
} CardChange;

static gboolean
record (MposStore *store, const CardChange *c, GError **error)
{
  g_autoptr (cJSON) payload = cJSON_CreateObject ();
  g_autofree char *ref = g_strdup_printf ("staff:%s", c->number);

  cJSON_AddStringToObject (payload, "number", c->number);
  cJSON_AddStringToObject (payload, "approved_by", c->approved_by);
  return mpos_audit_record_approved (store, c->now, c->approved_by, c->approved_by, c->action, ref,
                                     NULL, error)
         && mpos_journal_append (store, c->action, ref, payload, c->now, NULL, error);
}

static gboolean
add_body (MposStore *store, gpointer data, GError **error)
{
  CardChange *c = data;
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_INSERT, error);
  g_auto (MposStaff) staff = { 0 };

  if (stmt == NULL || !mpos_staff_get (store, c->number, &staff, error))
    return FALSE;
  mpos_bind_blob (stmt, ":hash", c->hash, CARD_HASH_BYTES);
  mpos_bind_text (stmt, ":number", c->number);
  mpos_bind_int64 (stmt, ":now", c->now);
  if (!mpos_store_step_done (store, stmt, "saving the staff card", error))
    return FALSE;
  if (sqlite3_changes (mpos_store_db (store)) == 0)
    return staff_fail (error, staff.disabled ? MPOS_STAFF_ERROR_INVALID : MPOS_STAFF_ERROR_DUPLICATE,
                       staff.disabled ? "staff number %s is disabled: it takes no card"
                                      : "that card is a staff card already (%s's or another's): "
                                        "remove it there first",
                       c->number);
  return record (store, c, error);
}

gboolean
mpos_staff_card_add (MposStore *store, const char *number, const char *code,
                     const MposStaffCredential *by, GError **error)
{
  g_auto (MposStaff) approver = { 0 };
  g_autofree char *ref = g_strdup_printf ("staff:%s", number ? number : "?");
  CardChange c = { number, NULL, "staff_card_add", { 0 }, mpos_clock_now () };

  if (!mpos_staff_card_valid (code))
    return staff_fail (error, MPOS_STAFF_ERROR_INVALID,
                       "a staff card code is %d to %d letters, digits or signs (as the reader or "
                       "scanner gives it)",
                       CARD_MIN, CARD_MAX);
  if (!mpos_staff_approve (store, by, MPOS_ACTION_STAFF_MANAGE, ref, &approver, error)
      || !card_hash (store, code, c.hash, error))
    return FALSE;
  c.approved_by = approver.number;
  return mpos_store_transaction (store, add_body, &c, error);
}

static gboolean
remove_body (MposStore *store, gpointer data, GError **error)
{
  CardChange *c = data;
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_REMOVE, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":number", c->number);
  if (!mpos_store_step_done (store, stmt, "removing the staff cards", error))
    return FALSE;
  if (sqlite3_changes (mpos_store_db (store)) == 0)
    return staff_fail (error, MPOS_STAFF_ERROR_NOT_FOUND, "staff number %s has no card",
                       c->number);
  return record (store, c, error);
}

gboolean
mpos_staff_card_remove (MposStore *store, const char *number, const MposStaffCredential *by,
                        GError **error)
{
  g_auto (MposStaff) approver = { 0 };
  g_autofree char *ref = g_strdup_printf ("staff:%s", number ? number : "?");
  CardChange c = { number, NULL, "staff_card_remove", { 0 }, mpos_clock_now () };

  if (!mpos_staff_number_valid (number))
    return staff_fail (error, MPOS_STAFF_ERROR_INVALID, "a staff number is 1 to %d digits",
                       MPOS_STAFF_NUMBER_MAX_DIGITS);
  if (!mpos_staff_approve (store, by, MPOS_ACTION_STAFF_MANAGE, ref, &approver, error))
    return FALSE;
  c.approved_by = approver.number;
  return mpos_store_transaction (store, remove_body, &c, error);
}

/* ---- signing in ------------------------------------------------------------------ */

static gboolean
card_owner (MposStore *store, const guint8 hash[CARD_HASH_BYTES], char **number, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_OWNER, error);

  *number = NULL;
  if (stmt == NULL)
    return FALSE;
  mpos_bind_blob (stmt, ":hash", hash, CARD_HASH_BYTES);
  return mpos_store_read_text (store, stmt, number, "reading the staff cards", error);
}

static gboolean
audit_unknown (MposStore *store, gpointer data, GError **error)
{
  return mpos_audit_record (store, mpos_clock_now (), NULL, "staff_card_refused", "staff:card",
                            NULL, error);
}

/* The card alone, where the store allows it: the number must still be
 * able to sign in (not disabled, not locked). */
static gboolean
sign_in_card_alone (MposStore *store, const char *number, MposStaff *staff_out, GError **error)
{
  g_auto (MposStaff) staff = { 0 };

  if (mpos_policy_value (store, MPOS_POLICY_STAFF_CARD_ALONE) == 0)
    return staff_fail (error, MPOS_STAFF_ERROR_REQUIRED,
                       R_ ("this store wants the PIN with a staff card: type it after the card"));
  if (!mpos_staff_get (store, number, &staff, error))
    return FALSE;
  if (staff.disabled || staff.locked_until > mpos_clock_now ())
    return staff_fail (error, MPOS_STAFF_ERROR_REFUSED,
                       "this staff card's number is %s: a manager can tell why",
                       staff.disabled ? "disabled" : "locked after wrong PINs");
  if (staff_out != NULL)
    {
      *staff_out = staff;
      memset (&staff, 0, sizeof staff);
    }
  return TRUE;
}

gboolean
mpos_staff_sign_in (MposStore *store, const MposStaffCredential *credential, MposStaff *staff_out,
                    GError **error)
{
  guint8 hash[CARD_HASH_BYTES];
  g_autofree char *number = NULL;

  if (credential->card == NULL)
    return mpos_staff_authenticate (store, credential->number, credential->pin, staff_out, error);
  if (!mpos_staff_card_valid (credential->card) || !card_hash (store, credential->card, hash, error)
      || !card_owner (store, hash, &number, error))
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      number = NULL;
    }
  if (number == NULL)
    return mpos_store_transaction (store, audit_unknown, NULL, error)
           && staff_fail (error, MPOS_STAFF_ERROR_REFUSED, CARD_REFUSED);
  if (credential->pin != NULL && *credential->pin != '\0')
    return mpos_staff_authenticate (store, number, credential->pin, staff_out, error);
  return sign_in_card_alone (store, number, staff_out, error);
}
