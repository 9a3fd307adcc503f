/* payment-pin.c — hashing, checking and locking the member's payment PIN.
 * The KDF runs before the write lock is taken (it costs tens of
 * milliseconds); the failure count is then re-read and written under the
 * lock, so two terminals typing at once cannot lose a failure. */
#include "payment-pin.h"
#include "member-proof.h"
#include "fail.h"
#include "audit.h"
#include "journal.h"
#include "json-fields.h"
#include "store-private.h"

#include <sodium.h>
#include <string.h>

#define PIN_LENGTH 6

static MposSql SQL_STATE = MPOS_SQL (
    "payment-pin: state",
    "SELECT hash, failures, locked_at IS NOT NULL FROM payment_pins WHERE member_id = :member");
static MposSql SQL_SET = MPOS_SQL (
    "payment-pin: set",
    "INSERT INTO payment_pins (member_id, hash, failures, locked_at, updated_at) "
    "VALUES (:member, :hash, 0, NULL, :now) ON CONFLICT (member_id) DO UPDATE SET "
    "hash = excluded.hash, failures = 0, locked_at = NULL, updated_at = excluded.updated_at");
static MposSql SQL_FAILED = MPOS_SQL (
    "payment-pin: failed",
    "UPDATE payment_pins SET failures = failures + 1, updated_at = :now, locked_at = CASE WHEN "
    "failures + 1 >= :max THEN :now ELSE locked_at END WHERE member_id = :member");
static MposSql SQL_CLEAR
    = MPOS_SQL ("payment-pin: clear",
                "UPDATE payment_pins SET failures = 0, locked_at = NULL, updated_at = :now "
                "WHERE member_id = :member");

/* clang-format off */
G_DEFINE_QUARK (mpos-payment-pin-error-quark, mpos_payment_pin_error)
/* clang-format on */

#define pin_fail(error, code, ...) mpos_fail (error, MPOS_PAYMENT_PIN_ERROR, code, __VA_ARGS__)

static gboolean
valid_pin (const char *pin)
{
  if (pin == NULL || strlen (pin) != PIN_LENGTH)
    return FALSE;
  for (int i = 0; i < PIN_LENGTH; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;
  return TRUE;
}

static gboolean
ready (GError **error)
{
  if (sodium_init () < 0)
    return pin_fail (error, MPOS_PAYMENT_PIN_ERROR_FAILED, R_ ("the PIN library could not start"));
  return TRUE;
}

typedef struct
{
  char hash[crypto_pwhash_STRBYTES];
  int failures;
  gboolean locked;
  gboolean set;
} PinRow;

static gboolean
read_row (MposStore *store, int64_t member_id, PinRow *row, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_STATE, error);
  int rc;

  memset (row, 0, sizeof *row);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_strlcpy (row->hash, (const char *)sqlite3_column_text (stmt, 0), sizeof row->hash);
      row->failures = sqlite3_column_int (stmt, 1);
      row->locked = sqlite3_column_int (stmt, 2) != 0;
      row->set = TRUE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the payment PIN", error);
  return TRUE;
}

gboolean
mpos_payment_pin_state (MposStore *store, int64_t member_id, MposPaymentPinState *out,
                        GError **error)
{
  PinRow row;

  if (!read_row (store, member_id, &row, error))
    return FALSE;
  out->set = row.set;
  out->failures = row.failures;
  out->locked = row.locked;
  return TRUE;
}

static gboolean
set_body (MposStore *store, int64_t member_id, const char *hash, const char *actor,
          const char *approved_by, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SET, error);
  g_autoptr (cJSON) payload = cJSON_CreateObject ();
  g_autofree char *ref = g_strdup_printf ("member:%" G_GINT64_FORMAT, member_id);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_text (stmt, ":hash", hash);
  mpos_bind_int64 (stmt, ":now", now);
  /* Never the hash: six digits fall to an offline search in a day. */
  cJSON_AddNumberToObject (payload, "member_id", (double)member_id);
  if (approved_by != NULL)
    cJSON_AddStringToObject (payload, "approved_by", approved_by);
  return mpos_store_step_done (store, stmt, "saving the payment PIN", error)
         && mpos_audit_record_approved (store, now, actor, approved_by, "payment_pin_set", ref,
                                        approved_by ? "ID checked" : "old PIN or QR", error)
         && mpos_journal_append (store, "payment_pin_set", ref, payload, now, NULL, error);
}

gboolean
mpos_payment_pin_set (MposStore *store, int64_t member_id, const char *pin,
                      const MposMemberProof *proof, const char *actor, int64_t now, GError **error)
{
  char hash[crypto_pwhash_STRBYTES];
  g_auto (MposStaff) approver = { 0 };

  if (!valid_pin (pin))
    return pin_fail (error, MPOS_PAYMENT_PIN_ERROR_INVALID, R_ ("a payment PIN is %d digits"),
                     PIN_LENGTH);
  /* The member's old PIN (or their QR), or a supervisor who checked their ID. */
  if (!ready (error)
      || !mpos_member_proof_check (store, member_id, proof, MPOS_ACTION_MEMBER_PIN_RESET,
                                   &approver, error))
    return FALSE;
  if (crypto_pwhash_str_alg (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13)
      != 0)
    return pin_fail (error, MPOS_PAYMENT_PIN_ERROR_FAILED,
                     R_ ("not enough memory to hash the payment PIN"));
  if (!mpos_store_begin (store, error))
    return FALSE;
  if (!set_body (store, member_id, hash, actor, approver.number, now, error))
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  return mpos_store_commit (store, error);
}

static gboolean
update (MposStore *store, MposSql *sql, int64_t member_id, int max, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_int64 (stmt, ":now", now);
  if (max > 0)
    mpos_bind_int64 (stmt, ":max", max);
  return mpos_store_step_done (store, stmt, "saving the payment PIN state", error);
}

/* Under the write lock: counts the failure (or clears the count) and
 * decides the answer from the row as it is now. */
static gboolean
record_attempt (MposStore *store, int64_t member_id, gboolean matched, int max, int64_t now,
                GError **error)
{
  g_autofree char *ref = g_strdup_printf ("member:%" G_GINT64_FORMAT, member_id);
  PinRow row;

  if (!read_row (store, member_id, &row, error))
    return FALSE;
  if (row.locked)
    return pin_fail (error, MPOS_PAYMENT_PIN_ERROR_LOCKED,
                     R_ ("the payment PIN is locked after too many wrong tries; a supervisor must "
                         "unlock it"));
  if (matched)
    return row.failures == 0 || update (store, &SQL_CLEAR, member_id, 0, now, error);
  if (!update (store, &SQL_FAILED, member_id, max, now, error)
      || !mpos_audit_record (store, now, NULL,
                             row.failures + 1 >= max ? "payment_pin_locked" : "payment_pin_wrong",
                             ref, NULL, error))
    return FALSE;
  if (row.failures + 1 >= max)
    return pin_fail (error, MPOS_PAYMENT_PIN_ERROR_LOCKED,
                     R_ ("wrong payment PIN; it is now locked after %d wrong tries — a supervisor "
                         "must unlock it"),
                     max);
  return pin_fail (error, MPOS_PAYMENT_PIN_ERROR_WRONG,
                   R_ ("wrong payment PIN (%d tries left before it locks)"),
                   max - row.failures - 1);
}

typedef struct
{
  int64_t member_id;
  gboolean matched;
  int max;
  int64_t now;
} Attempt;

static gboolean
attempt_body (MposStore *store, gpointer data, GError **error)
{
  const Attempt *a = data;

  return record_attempt (store, a->member_id, a->matched, a->max, a->now, error);
}

gboolean
mpos_payment_pin_verify (MposStore *store, int64_t member_id, const char *pin, int max_failures,
                         int64_t now, GError **error)
{
  PinRow row;
  Attempt attempt = { member_id, FALSE, MAX (max_failures, 1), now };

  g_return_val_if_fail (sqlite3_get_autocommit (mpos_store_db (store)), FALSE);
  if (!ready (error) || !read_row (store, member_id, &row, error))
    return FALSE;
  if (!row.set)
    return pin_fail (error, MPOS_PAYMENT_PIN_ERROR_NOT_SET, R_ ("the member has no payment PIN"));
  if (row.locked)
    return pin_fail (error, MPOS_PAYMENT_PIN_ERROR_LOCKED,
                     R_ ("the payment PIN is locked after too many wrong tries; a supervisor must "
                         "unlock it"));
  /* A malformed PIN is a wrong PIN: it counts, or guessing would be free. */
  attempt.matched
      = valid_pin (pin) && crypto_pwhash_str_verify (row.hash, pin, strlen (pin)) == 0;
  return mpos_store_transaction_keeping_refusal (store, MPOS_PAYMENT_PIN_ERROR, attempt_body,
                                                 &attempt, error);
}

gboolean
mpos_payment_pin_unlock (MposStore *store, int64_t member_id,
                         const MposStaffCredential *supervisor, int64_t now, GError **error)
{
  g_autofree char *ref = g_strdup_printf ("member:%" G_GINT64_FORMAT, member_id);
  PinRow row;

  g_auto (MposStaff) approver = { 0 };

  if (!read_row (store, member_id, &row, error))
    return FALSE;
  if (!row.set)
    return pin_fail (error, MPOS_PAYMENT_PIN_ERROR_NOT_SET, R_ ("the member has no payment PIN"));
  if (!mpos_staff_approve (store, supervisor, MPOS_ACTION_MEMBER_PIN_RESET, ref, &approver, error)
      || !mpos_store_begin (store, error))
    return FALSE;
  if (!update (store, &SQL_CLEAR, member_id, 0, now, error)
      || !mpos_audit_record_approved (store, now, approver.number, approver.number,
                                      "payment_pin_unlock", ref, NULL, error))
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  return mpos_store_commit (store, error);
}
