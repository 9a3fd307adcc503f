/* points.h — a member's points (积分): balances, the business actions on
 * them outside a sale (adjustment, freeze, transfer, grants), the daily run
 * (expiry, confirmation, birthday bonus) and the statement. Points are
 * earned in lots (source, status pending → confirmed or rejected, expiry) and
 * every movement is a row of an append-only ledger; the balances cached on
 * the member always equal the ledger (`mallposctl check`). Burning and
 * earning in a sale happen in src/loyalty.c. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "member-proof.h"
#include "store.h"

G_BEGIN_DECLS

#define MPOS_POINTS_ERROR (mpos_points_error_quark ())
GQuark mpos_points_error_quark (void);

typedef enum
{
  MPOS_POINTS_ERROR_INVALID,         /* a bad amount, or a reason/supervisor missing */
  MPOS_POINTS_ERROR_NO_MEMBER,       /* paying with points needs a member on the sale */
  MPOS_POINTS_ERROR_FROZEN,          /* the member's points are on hold */
  MPOS_POINTS_ERROR_INSUFFICIENT,    /* not enough usable points */
  MPOS_POINTS_ERROR_BELOW_MINIMUM,   /* fewer than the minimum per use */
  MPOS_POINTS_ERROR_NOT_MULTIPLE,    /* not a multiple of the burn step */
  MPOS_POINTS_ERROR_ABOVE_MAX_SHARE, /* more of the sale than points may pay */
  MPOS_POINTS_ERROR_DISABLED,        /* transfers are not enabled */
  MPOS_POINTS_ERROR_STATE,           /* already frozen, not frozen, already granted */
} MposPointsError;

typedef struct
{
  int64_t available; /* confirmed points (cached on the member) */
  int64_t pending;   /* earned, waiting for the return window */
  int64_t usable;    /* available in lots not yet past their expiry: what the member can spend */
  int64_t past_expiry; /* available − usable: past expiry, leaving at the next daily run */
  gboolean frozen;
} MposPointsBalance;

gboolean mpos_points_balance (MposStore *store, int64_t member_id, int64_t now,
                              MposPointsBalance *out, GError **error);

/* A manual adjustment: positive makes a confirmed lot (source adjustment,
 * expiry by the rules), negative takes from the oldest lots. Needs a reason
 * and a supervisor. One transaction with audit and journal. */
gboolean mpos_points_adjust (MposStore *store, int64_t member_id, int64_t points,
                             const char *reason, const char *actor,
                             const MposStaffCredential *supervisor, int64_t now, GError **error);

/* Points for an activity of the rules (a review, a sign-in): an adjustment
 * with the activity's code as its reason, `points` (0: the activity's; never
 * more), at most its daily_cap per member per business day (STATE past it).
 * No supervisor: the rules bound it. One transaction with audit and journal
 * ("points_award"). *awarded gets the points. */
gboolean mpos_points_award (MposStore *store, int64_t member_id, const char *code, int64_t points,
                            const char *actor, int64_t now, int64_t *awarded, GError **error);

/* Fraud hold: no burn and no transfer out while frozen. Needs a reason and
 * a supervisor; STATE when already in that state. */
gboolean mpos_points_set_frozen (MposStore *store, int64_t member_id, gboolean frozen,
                                 const char *reason, const char *actor,
                                 const MposStaffCredential *supervisor, int64_t now,
                                 GError **error);

/* Moves points between members when the rules enable it: taken oldest lot
 * first, each arriving as a lot with the same expiry. Needs a reason, the
 * giving member's proof (payment PIN or QR) or a supervisor holding
 * points_transfer who checked their ID, and stays within the store's
 * points_transfer_cap a business day. */
gboolean mpos_points_transfer (MposStore *store, int64_t from_member, int64_t to_member,
                               int64_t points, const char *reason, const char *actor,
                               const MposMemberProof *proof, int64_t now, GError **error);

/* A bonus lot: source "registration", "birthday", "referral", "review" or
 * "campaign". points 0 takes the rules' bonus for registration/birthday/
 * referral. `ref` makes it once-only (NULL: "registration" for a
 * registration; else always granted). *granted says whether it was new.
 * Runs inside the caller's transaction when one is open (member
 * registration), else in its own; writes its journal entry either way. */
gboolean mpos_points_grant (MposStore *store, int64_t member_id, const char *source, int64_t points,
                            const char *ref, const char *actor, int64_t now, gboolean *granted,
                            GError **error);

/* mpos_points_grant by a member of staff rather than by the rules (the
 * `points grant` command): needs a reason and `approver` holding
 * points_grant, and stays within the store's points_grant_cap a business
 * day (DISABLED when the cap is 0). */
gboolean mpos_points_grant_by_hand (MposStore *store, int64_t member_id, const char *source,
                                    int64_t points, const char *ref, const char *reason,
                                    const char *actor, const MposStaffCredential *approver,
                                    int64_t now, gboolean *granted, GError **error);

/* What a registration earned: `rules` is FALSE when the store has no
 * loyalty rules yet (so no bonus could apply), `points` the bonus granted. */
typedef struct
{
  gboolean rules;
  int64_t points;
} MposRegistrationBonus;

/* The registration bonus of the rules, once per member, and the referrer's
 * referral_registration_bonus when the member was referred; for member
 * registration to call inside its transaction. No rules: nothing. `bonus`
 * (may be NULL) says what was granted. */
gboolean mpos_points_grant_registration (MposStore *store, int64_t member_id, int64_t now,
                                         MposRegistrationBonus *bonus, GError **error);

typedef struct
{
  int64_t expired_lots, expired_points;
  int64_t confirmed_lots, confirmed_points;
  int64_t birthday_grants, birthday_points;
} MposPointsRunReport;

/* {"confirmed_lots","confirmed_points","expired_lots","expired_points",
 *  "birthday_grants","birthday_points"} (`points run --json`). */
cJSON *mpos_points_run_report_to_json (const MposPointsRunReport *report);

/* The daily run, idempotent: expires what is past its expiry, confirms
 * pending lots past the return window, grants today's birthday bonuses.
 * One transaction and one journal entry (none when nothing changed). */
gboolean mpos_points_run (MposStore *store, int64_t now, MposPointsRunReport *report,
                          GError **error);

/* The statement (every lot and movement): points-statement.h. */

G_END_DECLS
