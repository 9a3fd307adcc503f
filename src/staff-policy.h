/* staff-policy.h — the store's limits on what staff may do unaided: the
 * largest manual discount a cashier gives without approval, the per
 * business day caps on manual points grants, points transfers and gift-card
 * unlocks, and the lockouts (wrong staff PINs before a staff number locks
 * and for how long; wrong gift-card secrets before a card locks). Settings keys policy.* (defaults below), changed with
 * `mallposctl staff policy` by someone holding `settings`. */
#pragma once

#include "staff-permission.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_POLICY_DISCOUNT_LIMIT,        /* basis points of a line's price: above needs approval */
  MPOS_POLICY_POINTS_GRANT_CAP,      /* points granted by hand per business day */
  MPOS_POLICY_POINTS_TRANSFER_CAP,   /* points transferred per business day */
  MPOS_POLICY_GIFT_CARD_UNLOCK_CAP,  /* unlocks of one gift card per business day */
  MPOS_POLICY_STAFF_PIN_FAILURES,    /* wrong staff PINs in a row before the number locks */
  MPOS_POLICY_STAFF_LOCK_MINUTES,    /* how long a locked staff number stays locked */
  MPOS_POLICY_GIFT_CARD_PIN_FAILURES, /* wrong secrets before a gift card locks */
  MPOS_POLICY_STAFF_CARD_ALONE,      /* 1: a staff card signs in without the PIN; 0: with it */
  MPOS_POLICY_SHIFT_OVER_SHORT_LIMIT, /* fen a shift may be over or short without a manager */
  MPOS_POLICY_COUNT
} MposPolicy;

#define MPOS_POLICY_DEFAULT_DISCOUNT_LIMIT 1000 /* 10 % */
#define MPOS_POLICY_DEFAULT_POINTS_GRANT_CAP 10000
#define MPOS_POLICY_DEFAULT_POINTS_TRANSFER_CAP 20000
#define MPOS_POLICY_DEFAULT_GIFT_CARD_UNLOCK_CAP 1
#define MPOS_POLICY_DEFAULT_STAFF_PIN_FAILURES MPOS_STAFF_MAX_FAILURES
#define MPOS_POLICY_DEFAULT_STAFF_LOCK_MINUTES (MPOS_STAFF_LOCKOUT_SECONDS / 60)
#define MPOS_POLICY_DEFAULT_GIFT_CARD_PIN_FAILURES 5
#define MPOS_POLICY_DEFAULT_SHIFT_OVER_SHORT_LIMIT 2000 /* 20.00 yuan */

/* "discount_limit", "points_grant_cap", … */
const char *mpos_policy_name (MposPolicy policy);
gboolean mpos_policy_parse (const char *text, MposPolicy *out);

/* The value in force (the default when none is set). */
gboolean mpos_policy_get (MposStore *store, MposPolicy policy, int64_t *value, GError **error);

/* The same, for a caller with no way to report an error (a lockout count
 * while a refusal is already under way): the default when the setting
 * cannot be read. */
int64_t mpos_policy_value (MposStore *store, MposPolicy policy);

/* Sets it (within the policy's range: a lockout counts 1 to 20 failures
 * and lasts 1 to 1440 minutes; the discount limit at most 10000); `by`
 * holds `settings`. Audited and journaled. */
gboolean mpos_policy_set (MposStore *store, MposPolicy policy, int64_t value,
                          const MposStaffCredential *by, GError **error);

/* Inside the action's transaction: adds `amount` to today's use of `cap`
 * (a daily_caps key) and refuses with MPOS_STAFF_ERROR_NOT_PERMITTED,
 * naming `what`, when that would pass `limit`. */
gboolean mpos_policy_use_daily (MposStore *store, const char *cap, int64_t amount, int64_t limit,
                                int64_t now, const char *what, GError **error);

G_END_DECLS
