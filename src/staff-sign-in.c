/* staff-sign-in.c — checking a staff number and PIN (staff.h). The KDF
 * runs before the write lock is taken (it costs tens of milliseconds), for
 * an unknown number too, against a hash of nothing anyone knows: an unknown
 * number, a disabled one, a malformed PIN and a wrong PIN take the same
 * time and get the same words. The failure count is then re-read and
 * written under the lock (mpos_store_transaction_keeping_refusal), so
 * processes typing at once lose no failure, and the refusal commits. */
#include "audit.h"
#include "clock.h"
#include "staff-policy.h"
#include "staff-private.h"

#include <string.h>

/* crypto_pwhash_str of 16 random bytes nobody kept, with the same limits. */
#define NOBODY_HASH                                                                                \
  "$argon2id$v=19$m=65536,t=2,p=1$c15HEirqGkYLa5C/DZrGNw$5PKZY/Er2uFjoZ2/cdHseFZnXaErppP9jfxCqlqnink"

static MposSql SQL_FAILED = MPOS_SQL (
    "staff-sign-in: failed",
    "UPDATE staff SET failures = :failures, updated_at = :now, locked_until = CASE WHEN "
    ":failures >= :max THEN :until ELSE NULL END WHERE number = :number");
static MposSql SQL_CLEAR = MPOS_SQL (
    "staff-sign-in: clear",
    "UPDATE staff SET failures = 0, locked_until = NULL, updated_at = :now WHERE number = :number");

#define REFUSED_WORDS "wrong staff number or PIN; try again"

typedef struct
{
  const char *number;
  char hash[crypto_pwhash_STRBYTES]; /* the hash the PIN was checked against */
  gboolean matched;
  int64_t now;
  MposStaff *out;
  int max_failures;     /* the store's staff_pin_failures */
  int64_t lock_seconds; /* the store's staff_lock_minutes, in seconds */
} Attempt;

static gboolean
refuse_locked (MposStore *store, const Attempt *a, int64_t until, GError **error)
{
  g_autofree char *local = mpos_store_local_time (store, until); /* "2026-11-23 14:05:09" */
  g_autofree char *when = local && strlen (local) >= 16 ? g_strndup (local + 11, 5)
                                                        : g_strdup ("later");

  return staff_fail (error, MPOS_STAFF_ERROR_LOCKED,
                     "this staff number is locked after %d wrong PINs until %s; try again then, "
                     "or a manager unlocks it (mallposctl staff unlock) or sets a new PIN "
                     "(mallposctl staff set-pin)",
                     a->max_failures, when);
}

static gboolean
write_failures (MposStore *store, const Attempt *a, int failures, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_FAILED, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":number", a->number);
  mpos_bind_int64 (stmt, ":now", a->now);
  mpos_bind_int64 (stmt, ":failures", failures);
  mpos_bind_int64 (stmt, ":max", a->max_failures);
  mpos_bind_int64 (stmt, ":until", a->now + a->lock_seconds);
  return mpos_store_step_done (store, stmt, "counting a wrong PIN", error);
}

static gboolean
clear_failures (MposStore *store, const Attempt *a, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CLEAR, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":number", a->number);
  mpos_bind_int64 (stmt, ":now", a->now);
  return mpos_store_step_done (store, stmt, "clearing the wrong PINs", error);
}

/* A wrong PIN of a member of staff who can sign in: counted (a lock that
 * ran out starts the count again), audited, and locked at the limit. */
static gboolean
count_failure (MposStore *store, const Attempt *a, const MposStaff *row, GError **error)
{
  int failures = (row->locked_until != 0 ? 0 : row->failures) + 1;
  gboolean locks = failures >= a->max_failures;
  g_autofree char *ref = g_strdup_printf ("staff:%s", a->number);

  if (!write_failures (store, a, failures, error)
      || !mpos_audit_record (store, a->now, a->number,
                             locks ? "staff_locked" : "staff_sign_in_failed", ref, NULL, error))
    return FALSE;
  if (locks)
    return refuse_locked (store, a, a->now + a->lock_seconds, error);
  return staff_fail (error, MPOS_STAFF_ERROR_REFUSED, REFUSED_WORDS);
}

static gboolean
attempt_body (MposStore *store, gpointer data, GError **error)
{
  Attempt *a = data;
  g_auto (MposStaff) row = { 0 };
  char hash[crypto_pwhash_STRBYTES] = "";
  gboolean found;
  g_autofree char *ref = g_strdup_printf ("staff:%s", a->number);

  if (!mpos_staff_read (store, a->number, &row, hash, &found, error))
    return FALSE;
  if (!found || row.disabled)
    return mpos_audit_record (store, a->now, a->number, "staff_sign_in_failed", ref,
                              found ? "disabled" : "unknown number", error)
           && staff_fail (error, MPOS_STAFF_ERROR_REFUSED, REFUSED_WORDS);
  if (row.locked_until > a->now)
    return refuse_locked (store, a, row.locked_until, error);
  /* The PIN changed while the hash was computed: nothing to count. */
  if (strcmp (hash, a->hash) != 0)
    return staff_fail (error, MPOS_STAFF_ERROR_REFUSED, REFUSED_WORDS);
  if (!a->matched)
    return count_failure (store, a, &row, error);
  if ((row.failures != 0 || row.locked_until != 0)
      && !clear_failures (store, a, error))
    return FALSE;
  if (a->out != NULL)
    {
      *a->out = row;
      memset (&row, 0, sizeof row);
      a->out->failures = 0;
      a->out->locked_until = 0;
    }
  return TRUE;
}

gboolean
mpos_staff_authenticate (MposStore *store, const char *number, const char *pin,
                         MposStaff *staff_out, GError **error)
{
  Attempt a = { number, NOBODY_HASH, FALSE, mpos_clock_now (), staff_out,
                (int)mpos_policy_value (store, MPOS_POLICY_STAFF_PIN_FAILURES),
                mpos_policy_value (store, MPOS_POLICY_STAFF_LOCK_MINUTES) * 60 };
  g_auto (MposStaff) row = { 0 };
  gboolean found = FALSE, valid;

  g_return_val_if_fail (sqlite3_get_autocommit (mpos_store_db (store)), FALSE);
  if (staff_out != NULL)
    memset (staff_out, 0, sizeof *staff_out);
  if (sodium_init () < 0)
    return staff_fail (error, MPOS_STAFF_ERROR_FAILED, "the PIN library could not start");
  if (!mpos_staff_number_valid (number))
    return staff_fail (error, MPOS_STAFF_ERROR_REFUSED, REFUSED_WORDS);
  if (!mpos_staff_read (store, number, &row, a.hash, &found, error))
    return FALSE;
  if (!found)
    g_strlcpy (a.hash, NOBODY_HASH, sizeof a.hash);
  /* The KDF runs whatever the PIN looks like: the time tells nothing. */
  valid = mpos_staff_pin_valid (pin);
  a.matched = crypto_pwhash_str_verify (a.hash, valid ? pin : "", valid ? strlen (pin) : 0) == 0
              && valid && found;
  if (!found)
    g_strlcpy (a.hash, "", sizeof a.hash);
  return mpos_store_transaction_keeping_refusal (store, MPOS_STAFF_ERROR, attempt_body, &a,
                                                 error);
}
