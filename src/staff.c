/* staff.c — adding, listing, re-PINning, unlocking and disabling staff (staff.h).
 * Every change needs a credential holding staff_manage (except the store's
 * first manager, and a member of staff changing their own PIN), and is
 * audited and journaled in its own transaction; the journal carries the
 * number, name and role, never the PIN hash. */
#include "staff.h"
#include "audit.h"
#include "clock.h"
#include "journal.h"
#include "json-fields.h"
#include "staff-permission.h"
#include "staff-private.h"

#include <string.h>

#define STAFF_COLUMNS "number, name, role, failures, locked_until, disabled_at IS NOT NULL, created_at"
static MposSql SQL_ONE = MPOS_SQL ("staff: one", "SELECT " STAFF_COLUMNS
                                                 ", pin_hash FROM staff WHERE number = :number");
static MposSql SQL_ALL = MPOS_SQL ("staff: all", "SELECT " STAFF_COLUMNS
                                                 " FROM staff ORDER BY length (number), number");
static MposSql SQL_INSERT = MPOS_SQL (
    "staff: insert", "INSERT INTO staff (number, name, role, pin_hash, created_at, updated_at) "
                     "VALUES (:number, :name, :role, :hash, :now, :now) ON CONFLICT DO NOTHING");
static MposSql SQL_SET_PIN = MPOS_SQL (
    "staff: set pin",
    "UPDATE staff SET pin_hash = :hash, failures = 0, locked_until = NULL, updated_at = :now "
    "WHERE number = :number AND disabled_at IS NULL");
static MposSql SQL_DISABLE
    = MPOS_SQL ("staff: disable",
                "UPDATE staff SET disabled_at = :now, updated_at = :now WHERE number = :number");
static MposSql SQL_UNLOCK = MPOS_SQL (
    "staff: unlock",
    "UPDATE staff SET failures = 0, locked_until = NULL, updated_at = :now "
    "WHERE number = :number AND disabled_at IS NULL AND (failures > 0 OR locked_until > :now)");
static MposSql SQL_MANAGERS = MPOS_SQL (
    "staff: managers", "SELECT count(*) FROM staff WHERE role = 'manager' AND disabled_at IS NULL "
                       "AND number IS NOT :except");

/* clang-format off */
G_DEFINE_QUARK (mpos-staff-error-quark, mpos_staff_error)
/* clang-format on */

static const char *const role_names[] = { "cashier", "supervisor", "manager" };

const char *
mpos_staff_role_name (MposStaffRole role)
{
  return (guint)role < G_N_ELEMENTS (role_names) ? role_names[role] : "?";
}

gboolean
mpos_staff_role_parse (const char *text, MposStaffRole *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (strcmp (text, role_names[i]) == 0)
      {
        *out = (MposStaffRole)i;
        return TRUE;
      }
  return FALSE;
}

void
mpos_staff_clear (MposStaff *staff)
{
  g_clear_pointer (&staff->number, g_free);
  g_clear_pointer (&staff->name, g_free);
}

void
mpos_staff_free (MposStaff *staff)
{
  if (staff == NULL)
    return;
  mpos_staff_clear (staff);
  g_free (staff);
}

static gboolean
all_digits (const char *text, gsize min, gsize max)
{
  gsize length = text ? strlen (text) : 0;

  if (length < min || length > max)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

gboolean
mpos_staff_number_valid (const char *number)
{
  return all_digits (number, 1, MPOS_STAFF_NUMBER_MAX_DIGITS);
}

gboolean
mpos_staff_pin_valid (const char *pin)
{
  return all_digits (pin, MPOS_STAFF_PIN_MIN_DIGITS, MPOS_STAFF_PIN_MAX_DIGITS);
}

static gboolean
name_valid (const char *name)
{
  gsize length = name ? strlen (name) : 0;

  if (length == 0 || length > MPOS_STAFF_NAME_MAX_BYTES || !g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (g_ascii_iscntrl (name[i]))
      return FALSE;
  return TRUE;
}

gboolean
mpos_staff_hash_pin (const char *pin, char hash[crypto_pwhash_STRBYTES], GError **error)
{
  if (sodium_init () < 0)
    return staff_fail (error, MPOS_STAFF_ERROR_FAILED, "the PIN library could not start");
  if (crypto_pwhash_str_alg (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13)
      != 0)
    return staff_fail (error, MPOS_STAFF_ERROR_FAILED, "not enough memory to hash the PIN");
  return TRUE;
}

static void
read_columns (sqlite3_stmt *stmt, MposStaff *out)
{
  out->number = mpos_column_text_or_empty (stmt, 0);
  out->name = mpos_column_text_or_empty (stmt, 1);
  if (!mpos_staff_role_parse ((const char *)sqlite3_column_text (stmt, 2), &out->role))
    out->role = MPOS_STAFF_ROLE_CASHIER; /* the table's CHECK allows no other */
  out->failures = sqlite3_column_int (stmt, 3);
  out->locked_until = sqlite3_column_int64 (stmt, 4);
  out->disabled = sqlite3_column_int (stmt, 5) != 0;
  out->created_at = sqlite3_column_int64 (stmt, 6);
}

gboolean
mpos_staff_read (MposStore *store, const char *number, MposStaff *out,
                 char hash[crypto_pwhash_STRBYTES], gboolean *found, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_ONE, error);
  int rc;

  memset (out, 0, sizeof *out);
  *found = FALSE;
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":number", number);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      read_columns (stmt, out);
      if (hash != NULL)
        g_strlcpy (hash, (const char *)sqlite3_column_text (stmt, 7), crypto_pwhash_STRBYTES);
      *found = TRUE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the staff list", error);
  return TRUE;
}

gboolean
mpos_staff_get (MposStore *store, const char *number, MposStaff *out, GError **error)
{
  gboolean found;

  if (!mpos_staff_read (store, number, out, NULL, &found, error))
    return FALSE;
  if (!found)
    return staff_fail (error, MPOS_STAFF_ERROR_NOT_FOUND,
                       "no staff number %s in this store (mallposctl staff list shows them)",
                       number);
  return TRUE;
}

GPtrArray *
mpos_staff_list (MposStore *store, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_ALL, error);
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_staff_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      MposStaff *staff = g_new0 (MposStaff, 1);

      read_columns (stmt, staff);
      g_ptr_array_add (list, staff);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mpos_store_fail (store, rc, "reading the staff list", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* ---- changes ------------------------------------------------------------------- */

typedef struct
{
  const char *number, *name, *pin;
  MposStaffRole role;
  const char *approved_by; /* NULL: the store's first manager */
  const char *action;      /* staff_add, staff_set_pin, staff_unlock, staff_disable */
  char hash[crypto_pwhash_STRBYTES];
  int64_t now;
} Change;

static gboolean
managers_besides (MposStore *store, const char *except, int64_t *count, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_MANAGERS, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_optional_text (stmt, ":except", except);
  return mpos_store_step_returning (store, stmt, "counting the managers", count, error);
}

static gboolean
record (MposStore *store, const Change *c, GError **error)
{
  g_autoptr (cJSON) payload = cJSON_CreateObject ();
  g_autofree char *ref = g_strdup_printf ("staff:%s", c->number);

  cJSON_AddStringToObject (payload, "number", c->number);
  if (c->name != NULL)
    {
      cJSON_AddStringToObject (payload, "name", c->name);
      cJSON_AddStringToObject (payload, "role", mpos_staff_role_name (c->role));
    }
  if (c->approved_by != NULL)
    cJSON_AddStringToObject (payload, "approved_by", c->approved_by);
  return mpos_audit_record_approved (store, c->now, c->approved_by ? c->approved_by : c->number,
                                     c->approved_by, c->action, ref, NULL, error)
         && mpos_journal_append (store, c->action, ref, payload, c->now, NULL, error);
}

static gboolean
add_body (MposStore *store, gpointer data, GError **error)
{
  Change *c = data;
  g_autoptr (MposStmt) stmt = NULL;
  int64_t managers = 0;

  if (c->approved_by == NULL)
    {
      if (!managers_besides (store, NULL, &managers, error))
        return FALSE;
      if (managers > 0 || c->role != MPOS_STAFF_ROLE_MANAGER)
        return staff_fail (error, MPOS_STAFF_ERROR_REQUIRED,
                           "adding staff needs a manager's credential (staff number and PIN); "
                           "only a store without a manager may add its first manager without one");
    }
  if ((stmt = mpos_store_stmt (store, &SQL_INSERT, error)) == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":number", c->number);
  mpos_bind_text (stmt, ":name", c->name);
  mpos_bind_text (stmt, ":role", mpos_staff_role_name (c->role));
  mpos_bind_text (stmt, ":hash", c->hash);
  mpos_bind_int64 (stmt, ":now", c->now);
  if (!mpos_store_step_done (store, stmt, "adding the staff member", error))
    return FALSE;
  if (sqlite3_changes (mpos_store_db (store)) == 0)
    return staff_fail (error, MPOS_STAFF_ERROR_DUPLICATE, "staff number %s is taken already",
                       c->number);
  return record (store, c, error);
}

/* The approver of a staff change: `by` signed in with staff_manage. */
static gboolean
approve_change (MposStore *store, const MposStaffCredential *by, const char *number,
                MposStaff *approver, GError **error)
{
  g_autofree char *ref = g_strdup_printf ("staff:%s", number);

  return mpos_staff_approve (store, by, MPOS_ACTION_STAFF_MANAGE, ref, approver, error);
}

gboolean
mpos_staff_add (MposStore *store, const char *number, const char *name, MposStaffRole role,
                const char *pin, const MposStaffCredential *by, GError **error)
{
  g_auto (MposStaff) approver = { 0 };
  Change c = { number, name, pin, role, NULL, "staff_add", { 0 }, mpos_clock_now () };

  if (!mpos_staff_number_valid (number))
    return staff_fail (error, MPOS_STAFF_ERROR_INVALID, "a staff number is 1 to %d digits",
                       MPOS_STAFF_NUMBER_MAX_DIGITS);
  if (!name_valid (name))
    return staff_fail (error, MPOS_STAFF_ERROR_INVALID,
                       "a staff name is 1 to %d bytes of text without tabs or line breaks",
                       MPOS_STAFF_NAME_MAX_BYTES);
  if ((guint)role > MPOS_STAFF_ROLE_MANAGER)
    return staff_fail (error, MPOS_STAFF_ERROR_INVALID, "a role is cashier, supervisor or manager");
  if (!mpos_staff_pin_valid (pin))
    return staff_fail (error, MPOS_STAFF_ERROR_INVALID, "a staff PIN is %d to %d digits",
                       MPOS_STAFF_PIN_MIN_DIGITS, MPOS_STAFF_PIN_MAX_DIGITS);
  if (by != NULL && !approve_change (store, by, number, &approver, error))
    return FALSE;
  c.approved_by = approver.number;
  return mpos_staff_hash_pin (pin, c.hash, error)
         && mpos_store_transaction (store, add_body, &c, error);
}

static gboolean
set_pin_body (MposStore *store, gpointer data, GError **error)
{
  Change *c = data;
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SET_PIN, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":number", c->number);
  mpos_bind_text (stmt, ":hash", c->hash);
  mpos_bind_int64 (stmt, ":now", c->now);
  if (!mpos_store_step_done (store, stmt, "saving the PIN", error))
    return FALSE;
  if (sqlite3_changes (mpos_store_db (store)) == 0)
    return staff_fail (error, MPOS_STAFF_ERROR_NOT_FOUND,
                       "no staff number %s who can sign in (unknown or disabled)", c->number);
  return record (store, c, error);
}

gboolean
mpos_staff_set_pin (MposStore *store, const char *number, const char *new_pin,
                    const MposStaffCredential *by, GError **error)
{
  g_auto (MposStaff) approver = { 0 };
  Change c = { number, NULL, new_pin, 0, NULL, "staff_set_pin", { 0 }, mpos_clock_now () };
  gboolean own = by != NULL && g_strcmp0 (by->number, number) == 0;

  if (!mpos_staff_pin_valid (new_pin))
    return staff_fail (error, MPOS_STAFF_ERROR_INVALID, "a staff PIN is %d to %d digits",
                       MPOS_STAFF_PIN_MIN_DIGITS, MPOS_STAFF_PIN_MAX_DIGITS);
  /* One's own PIN with the old one; anyone else's with staff_manage. */
  if (own ? !mpos_staff_authenticate (store, by->number, by->pin, &approver, error)
          : !approve_change (store, by, number, &approver, error))
    return FALSE;
  c.approved_by = approver.number;
  return mpos_staff_hash_pin (new_pin, c.hash, error)
         && mpos_store_transaction (store, set_pin_body, &c, error);
}

static gboolean
disable_body (MposStore *store, gpointer data, GError **error)
{
  Change *c = data;
  g_auto (MposStaff) staff = { 0 };
  g_autoptr (MposStmt) stmt = NULL;
  int64_t others = 0;

  if (!mpos_staff_get (store, c->number, &staff, error))
    return FALSE;
  if (staff.role == MPOS_STAFF_ROLE_MANAGER && !staff.disabled)
    {
      if (!managers_besides (store, c->number, &others, error))
        return FALSE;
      if (others == 0)
        return staff_fail (error, MPOS_STAFF_ERROR_INVALID,
                           "%s is the last manager who can sign in: add another manager first, "
                           "or nobody could manage staff again",
                           c->number);
    }
  if ((stmt = mpos_store_stmt (store, &SQL_DISABLE, error)) == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":number", c->number);
  mpos_bind_int64 (stmt, ":now", c->now);
  return mpos_store_step_done (store, stmt, "disabling the staff member", error)
         && record (store, c, error);
}

gboolean
mpos_staff_disable (MposStore *store, const char *number, const MposStaffCredential *by,
                    GError **error)
{
  g_auto (MposStaff) approver = { 0 };
  Change c = { number, NULL, NULL, 0, NULL, "staff_disable", { 0 }, mpos_clock_now () };

  if (!approve_change (store, by, number, &approver, error))
    return FALSE;
  c.approved_by = approver.number;
  return mpos_store_transaction (store, disable_body, &c, error);
}

static gboolean
unlock_body (MposStore *store, gpointer data, GError **error)
{
  Change *c = data;
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_UNLOCK, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":number", c->number);
  mpos_bind_int64 (stmt, ":now", c->now);
  if (!mpos_store_step_done (store, stmt, "unlocking the staff number", error))
    return FALSE;
  if (sqlite3_changes (mpos_store_db (store)) == 0)
    return staff_fail (error, MPOS_STAFF_ERROR_NOT_FOUND,
                       "staff number %s is not locked and has no wrong PINs to clear (or is "
                       "unknown or disabled): nothing to unlock",
                       c->number);
  return record (store, c, error);
}

gboolean
mpos_staff_unlock (MposStore *store, const char *number, const MposStaffCredential *by,
                   GError **error)
{
  g_auto (MposStaff) approver = { 0 };
  Change c = { number, NULL, NULL, 0, NULL, "staff_unlock", { 0 }, mpos_clock_now () };

  if (!mpos_staff_number_valid (number))
    return staff_fail (error, MPOS_STAFF_ERROR_INVALID, "a staff number is 1 to %d digits",
                       MPOS_STAFF_NUMBER_MAX_DIGITS);
  if (!approve_change (store, by, number, &approver, error))
    return FALSE;
  c.approved_by = approver.number;
  return mpos_store_transaction (store, unlock_body, &c, error);
}
