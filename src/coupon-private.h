/* coupon-private.h — what the core's own modules use of coupons: the sale
 * and return hooks that run inside their one transaction (sale.c,
 * sale-return.c), the journal (loyalty.c), the top-up tier
 * (stored-value.c), and what the coupon files share among themselves. The
 * pricing engine's coupon step has its own header, coupon-price.h. */
#pragma once

#include "coupon.h"
#include "fail.h"
#include "sale-record.h"
#include "store-private.h"

G_BEGIN_DECLS

#define mpos_coupon_fail(error, code, ...) mpos_fail (error, MPOS_COUPON_ERROR, code, __VA_ARGS__)

void mpos_cart_coupon_free (MposCartCoupon *coupon);

/* In the sale's transaction, after its lines are written: checks every
 * coupon again (status as stored now, validity at `now`, store, member, as
 * priced) and marks each redeemed by this sale with its ledger row. Any
 * refusal fails the whole sale: nothing is half-applied. */
gboolean mpos_coupon_redeem_sale (MposStore *store, MposCart *cart, const char *sale_id,
                                  int64_t now, GError **error);

/* In a return's transaction, after its lines are written: restores the
 * coupons of `original` when the sale is now returned in full within the
 * return window (see coupon.h). */
gboolean mpos_coupon_apply_return (MposStore *store, const MposSaleRecord *original,
                                   const MposSaleRecord *ret, int64_t now, GError **error);

/* Adds "coupons": [{"code","template","kind","amount","member_id"}] — the
 * coupons the sale redeemed or the return restored — to its journal
 * payload; nothing when there are none. */
gboolean mpos_coupon_add_json (MposStore *store, const char *sale_id, cJSON *payload,
                               GError **error);

/* The top-up tier's coupon, in the top-up's transaction: one coupon of
 * `template_code` to the member, once per top-up. */
gboolean mpos_coupon_issue_top_up (MposStore *store, const char *template_code, int64_t member_id,
                                   const char *top_up_id, const char *actor, int64_t now,
                                   GError **error);

/* A refunded top-up takes back its coupon when it is still unused (a used
 * one stays used, as spent bonus does). */
gboolean mpos_coupon_void_top_up (MposStore *store, const char *top_up_id, const char *actor,
                                  int64_t now, GError **error);

/* ---- shared by the coupon files ---------------------------------------------------- */

/* One issue inside the caller's transaction: a new coupon row and its
 * 'issue' ledger row. source_ref NULL: not once-only. *exists (may be NULL)
 * says a coupon with this member and source_ref was issued before (then
 * nothing is written). *code_out (may be NULL) gets the new code. */
typedef struct
{
  const MposCouponTemplate *tmpl;
  int64_t member_id;
  const char *source;
  const char *source_ref;
  const char *action_id;
  const char *actor;
  const char *reason;
  int64_t points;
  int64_t now;
} MposCouponIssueRow;

gboolean mpos_coupon_insert (MposStore *store, const MposCouponIssueRow *row, gboolean *exists,
                             char **code_out, GError **error);

/* Appends one ledger row. */
gboolean mpos_coupon_event (MposStore *store, const char *code, const char *kind,
                            const char *action_id, const char *sale_id, MposMoney amount,
                            int64_t points, const char *actor, const char *reason, int64_t now,
                            GError **error);
/* The "redeem" row of a sale: `forfeit` is what of the coupon's worth the
 * sale could not use (coupon_over_sale "forfeit"; 0: none), for its receipt. */
gboolean mpos_coupon_redeem_event (MposStore *store, const char *code, const char *sale_id,
                                   MposMoney amount, MposMoney forfeit, const char *actor,
                                   int64_t now, GError **error);

/* Sets an issued or expired coupon void, with its ledger row. */
gboolean mpos_coupon_void_one (MposStore *store, const char *code, const char *action_id,
                               const char *actor, const char *reason, int64_t now,
                               GError **error);

/* What a coupon bought with points cost: the exchange's action (may be NULL)
 * and its points; 0 points for any other coupon. */
gboolean mpos_coupon_exchange_paid (MposStore *store, const MposCoupon *coupon, char **action_id,
                                    int64_t *points, GError **error);

/* The ledger rows of one action, as the journal carries them. */
cJSON *mpos_coupon_action_json (MposStore *store, const char *action_id, GError **error);

/* Audit record and journal entry ("coupon_<kind>", ref_id action_id) for a
 * coupon action that is not a sale; payload gets "id", "kind" and the
 * action's ledger rows as "coupons". Takes `payload` (may be NULL). */
gboolean mpos_coupon_record (MposStore *store, const char *kind, const char *action_id,
                             const char *actor, const char *detail, cJSON *payload, int64_t now,
                             GError **error);

/* The local time of `utc` in the store's zone (UTC without an identity). */
GDateTime *mpos_coupon_local_time (MposStore *store, int64_t utc);

G_END_DECLS
