/* staff-policy.h — the store's limits on what staff may do unaided: the
 * largest manual discount a cashier gives without approval, and the per
 * business day caps on manual points grants, points transfers and gift-card
 * unlocks. Settings keys policy.* (defaults below), changed with
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
  MPOS_POLICY_SHIFT_OVER_SHORT_LIMIT, /* fen a shift may be over or short without a manager */
  MPOS_POLICY_COUNT
} MposPolicy;

#define MPOS_POLICY_DEFAULT_DISCOUNT_LIMIT 1000 /* 10 % */
#define MPOS_POLICY_DEFAULT_POINTS_GRANT_CAP 10000
#define MPOS_POLICY_DEFAULT_POINTS_TRANSFER_CAP 20000
#define MPOS_POLICY_DEFAULT_GIFT_CARD_UNLOCK_CAP 1
#define MPOS_POLICY_DEFAULT_SHIFT_OVER_SHORT_LIMIT 2000 /* 20.00 yuan */

/* "discount_limit", "points_grant_cap", … */
const char *mpos_policy_name (MposPolicy policy);
gboolean mpos_policy_parse (const char *text, MposPolicy *out);

/* The value in force (the default when none is set). */
gboolean mpos_policy_get (MposStore *store, MposPolicy policy, int64_t *value, GError **error);

/* Sets it (0 or more; the discount limit at most 10000); `by` holds
 * `settings`. Audited and journaled. */
gboolean mpos_policy_set (MposStore *store, MposPolicy policy, int64_t value,
                          const MposStaffCredential *by, GError **error);

/* Inside the action's transaction: adds `amount` to today's use of `cap`
 * (a daily_caps key) and refuses with MPOS_STAFF_ERROR_NOT_PERMITTED,
 * naming `what`, when that would pass `limit`. */
gboolean mpos_policy_use_daily (MposStore *store, const char *cap, int64_t amount, int64_t limit,
                                int64_t now, const char *what, GError **error);

G_END_DECLS
