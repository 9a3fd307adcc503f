/* loyalty-bonus.h — the bonuses a sale grants on a condition: the threshold
 * bonus (消费满500送100分) to its member and the referral bonus to the referrer
 * of a member's first purchase. Each is a lot of its own, recorded with what
 * its condition was measured on (sale_bonuses, 0018), so that a return which
 * takes the sale below the condition takes the bonus back: from the lot
 * while it is pending (emptied: rejected) or confirmed, the rest from the
 * member's other lots — the same way a return takes back earned points. */
#pragma once

#include <glib.h>
#include "loyalty-rules.h"
#include "points-private.h"
#include "sale-record.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_BONUS_THRESHOLD, /* kept while the measure still reaches a tier */
  MPOS_BONUS_REFERRAL,  /* kept while anything of the purchase is kept */
} MposBonusKind;

/* One line's part of the condition's measure. */
typedef struct
{
  int line_no;
  MposMoney measure;
} MposBonusLine;

/* Grants `points` to `member_id` as a lot (source by kind) and records the
 * condition: `lines` (n of them) add up to the measure. Inside the sale's
 * transaction. */
gboolean mpos_loyalty_bonus_grant (const MposPointsAction *a, MposBonusKind kind,
                                   int64_t member_id, int64_t points, int64_t confirm_at,
                                   int64_t expires_at, const char *ref, const MposBonusLine *lines,
                                   gsize n, GError **error);

/* In a return's transaction: `returned` maps each line number of `original`
 * (GINT_TO_POINTER) to the money refunded for it so far, this return
 * included (an MposMoney*, positive). Takes back what of each bonus the
 * sale no longer earns; points already spent go as `spent` says
 * (mpos_points_take_back). */
gboolean mpos_loyalty_bonus_return (const MposPointsAction *a, const MposLoyaltyRules *rules,
                                    const MposSaleRecord *original, GHashTable *returned,
                                    MposPointsSpent *spent, GError **error);

G_END_DECLS
