/* staff.h — the people who work the tills: a staff number, a name, a role
 * (cashier, supervisor, manager) and a PIN kept only as an argon2id hash
 * (libsodium crypto_pwhash_str, interactive limits; 0025-baseline.sql says
 * why). Sign-in and every approval go through mpos_staff_authenticate:
 * constant time whether the number exists or not, the same words for an
 * unknown number and a wrong PIN, and a lockout after
 * MPOS_STAFF_MAX_FAILURES wrong PINs in a row (the store may set
 * another number, policy staff_pin_failures) that lasts
 * MPOS_STAFF_LOCKOUT_SECONDS (policy staff_lock_minutes). Failures count under the write lock and are
 * committed even though the answer is a refusal, so many processes typing
 * wrong PINs at once count exactly.
 *
 * What a role may do is per store (staff-permission.h); a privileged core
 * call takes an MposStaffCredential and checks it there. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "store.h"

G_BEGIN_DECLS

#define MPOS_STAFF_ERROR (mpos_staff_error_quark ())
GQuark mpos_staff_error_quark (void);

typedef enum
{
  MPOS_STAFF_ERROR_INVALID,       /* malformed number, name, role or new PIN */
  MPOS_STAFF_ERROR_DUPLICATE,     /* the staff number is taken */
  MPOS_STAFF_ERROR_NOT_FOUND,     /* (management) no staff with that number */
  MPOS_STAFF_ERROR_REFUSED,       /* wrong staff number or PIN: the same words for both */
  MPOS_STAFF_ERROR_LOCKED,        /* too many wrong PINs: refused until a time it names */
  MPOS_STAFF_ERROR_NOT_PERMITTED, /* the role may not do or approve this action here */
  MPOS_STAFF_ERROR_REQUIRED,      /* the action needs a credential and none was given */
  MPOS_STAFF_ERROR_FAILED,        /* the PIN hash could not run (out of memory) */
} MposStaffError;

typedef enum
{
  MPOS_STAFF_ROLE_CASHIER,
  MPOS_STAFF_ROLE_SUPERVISOR,
  MPOS_STAFF_ROLE_MANAGER,
} MposStaffRole;

#define MPOS_STAFF_NUMBER_MAX_DIGITS 8
#define MPOS_STAFF_NAME_MAX_BYTES 32
#define MPOS_STAFF_PIN_MIN_DIGITS 4
#define MPOS_STAFF_PIN_MAX_DIGITS 8
#define MPOS_STAFF_MAX_FAILURES 5
#define MPOS_STAFF_LOCKOUT_SECONDS (15 * 60)

/* One member of staff as the store holds them (never the PIN or its hash). */
typedef struct
{
  char *number;
  char *name;
  MposStaffRole role;
  int failures;         /* wrong PINs in a row */
  int64_t locked_until; /* UTC seconds, 0: not locked */
  gboolean disabled;
  int64_t created_at;
} MposStaff;

void mpos_staff_clear (MposStaff *staff);
void mpos_staff_free (MposStaff *staff);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposStaff, mpos_staff_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposStaff, mpos_staff_free)

/* Who vouches for an action: a staff number and the PIN typed for it, or
 * a staff card (the reader's UID or the card's scanned code: card set,
 * number NULL) with the PIN, or alone where the store's policy allows
 * (staff-card.h). The caller owns the strings; the core only reads them. */
typedef struct
{
  const char *number;
  const char *pin;
  const char *card;
} MposStaffCredential;

/* "cashier", "supervisor", "manager"; and back (FALSE for anything else). */
const char *mpos_staff_role_name (MposStaffRole role);
gboolean mpos_staff_role_parse (const char *text, MposStaffRole *out);

/* Adds a member of staff. `by` must hold staff_manage, except for the
 * store's first manager: while the store has no manager who can sign in, a
 * manager may be added with `by` NULL. The PIN is 4 to 8 digits. Audited. */
gboolean mpos_staff_add (MposStore *store, const char *number, const char *name,
                         MposStaffRole role, const char *pin, const MposStaffCredential *by,
                         GError **error);

/* Every member of staff, by number: a new array of MposStaff*. */
GPtrArray *mpos_staff_list (MposStore *store, GError **error);

/* The member of staff with `number` (NOT_FOUND when none). */
gboolean mpos_staff_get (MposStore *store, const char *number, MposStaff *out, GError **error);

/* Sets a new PIN and clears the failures and any lock. `by` is the member
 * of staff themself (their old PIN) or someone holding staff_manage. */
gboolean mpos_staff_set_pin (MposStore *store, const char *number, const char *new_pin,
                             const MposStaffCredential *by, GError **error);

/* Clears a staff number's wrong PINs and its lock before the lock runs
 * out; `by` holds staff_manage. Audited and journaled (staff_unlock, with
 * approved_by), so the centre sees a number that keeps being locked.
 * NOT_FOUND when there is nothing to unlock. */
gboolean mpos_staff_unlock (MposStore *store, const char *number, const MposStaffCredential *by,
                            GError **error);

/* Disables a member of staff for good (they never sign in again); `by`
 * holds staff_manage. The last manager who can sign in is not disabled. */
gboolean mpos_staff_disable (MposStore *store, const char *number, const MposStaffCredential *by,
                             GError **error);

/* Signs in: the staff member with `number` and `pin`, into *staff_out (may
 * be NULL). Must run outside any transaction. REFUSED ("wrong staff number
 * or PIN") for an unknown or disabled number, a malformed PIN and a wrong
 * one alike, after the same work; LOCKED naming until when. A wrong PIN is
 * counted and audited, and the lock set, before the answer returns. */
gboolean mpos_staff_authenticate (MposStore *store, const char *number, const char *pin,
                                  MposStaff *staff_out, GError **error);

G_END_DECLS
