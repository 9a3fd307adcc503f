/* loyalty.h — where a sale and a return meet the member's points and
 * stored value: called by the sale and return code inside their one
 * transaction, so ledgers, balances and the sale commit together. */
#pragma once

#include <glib.h>
#include <cjson/cJSON.h>
#include "cart.h"
#include "sale-record.h"
#include "spend-proof.h"
#include "store.h"

G_BEGIN_DECLS

/* Whether the cart's points and stored-value tenders would be accepted now
 * (member, frozen, minimum, multiple, max share, balance, PIN), without
 * writing anything: for the cashier's screen before the sale is committed.
 * mpos_loyalty_apply_sale checks the same again inside the transaction. */
gboolean mpos_loyalty_check_cart (MposStore *store, MposCart *cart, int64_t now, GError **error);

/* After the sale's header and tenders are written, before its lines:
 * refuse (before writing anything) what check_cart refuses; then burn the
 * points and spend the stored value its tenders name and earn points on
 * what was paid. `lines` (one per cart line) receives each line's share,
 * for the line rows; *any is FALSE when the sale moved none. */
gboolean mpos_loyalty_apply_sale (MposStore *store, MposCart *cart, const char *sale_id,
                                  int64_t now, MposLineLoyalty *lines, gboolean *any,
                                  GError **error);

/* The points the sale would earn now as the cart stands (with its points
 * and stored-value tenders), threshold bonus included; 0 without a member
 * or rules. Writes nothing: for the cashier's screen. */
gboolean mpos_loyalty_preview_earn (MposStore *store, MposCart *cart, int64_t now, int64_t *points,
                                    GError **error);

/* A points tender worth what `points` buy by the store's rules (100 points
 * per yuan: 500 points pay 5.00); INVALID when they are not a whole number
 * of fen. Minimum, multiple and balance are checked with the sale
 * (mpos_loyalty_check_cart). */
MposTender *mpos_points_tender_new (MposStore *store, int64_t points, GError **error);

/* The same for member `member_id`, with the member's proof (spend-proof.h),
 * checked now (a wrong PIN counts, a card read is used up): a proven
 * tender carries what proved it as its provider, and covers the sale's
 * other points and stored-value tenders. Whether the sale needs the proof
 * (the rules' no-proof limits) is checked with the sale. Must run outside
 * any transaction. */
MposTender *mpos_points_tender_new_proven (MposStore *store, int64_t member_id, int64_t points,
                                           const MposSpendProof *proof, int64_t now,
                                           GError **error);

/* Before a return's refunds are allocated and its lines written: how much
 * of the refund goes back to the original's points tender (value in fen)
 * and stored-value tender — exactly what the returned lines consumed. Both
 * 0 for a sale without. Each return line gets its share (negative). */
gboolean mpos_loyalty_return_refunds (MposStore *store, const MposSaleRecord *original,
                                      MposSaleRecord *ret, MposMoney *points_value,
                                      MposMoney *stored_value, GError **error);

/* After a return's lines are written, before its tenders and journal
 * entry: give back the points and stored value its lines consumed and take
 * back the points they earned (their shares) and the bonuses the sale no
 * longer reaches, exactly. Earned points the member already spent go by
 * the store's spent_points_return policy: refused (INSUFFICIENT), a debt
 * (the balance goes negative), or deducted — *deduction gets their cash
 * value at the burn rate, rounded up to the fen, which the refund keeps
 * back (0 otherwise). */
gboolean mpos_loyalty_apply_return (MposStore *store, const MposSaleRecord *original,
                                    const MposSaleRecord *ret, int64_t now, MposMoney *deduction,
                                    GError **error);

/* Adds "loyalty": {"lines": […], "points": […], "stored_value": […]} — the
 * sale's (or return's) line shares (from its record) and ledger rows — to its journal
 * payload, and "coupons": […] for the coupons it redeemed or restored
 * (src/coupon-private.h); adds nothing for a sale without either. */
gboolean mpos_loyalty_add_json (MposStore *store, const MposSaleRecord *sale, cJSON *payload,
                                GError **error);

G_END_DECLS
