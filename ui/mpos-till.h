/* mpos-till.h — the sale at this till, as the window drives it: the cart
 * being rung up (lines, member, coupons, payments), who is signed in, and
 * the business actions (sell, suspend, resume, void), each one call into the
 * core. Widgets show it and call it; it holds no widget, so tests and every
 * screen see the same state. "changed" follows every change of the sale. */
#pragma once

#include <gio/gio.h>
#include "cart.h"
#include "cart-member-proof.h"
#include "sale.h"
#include "scan-code.h"
#include "store.h"
#include "mpos-till-printer.h"

G_BEGIN_DECLS

#define MPOS_TYPE_TILL (mpos_till_get_type ())
G_DECLARE_FINAL_TYPE (MposTill, mpos_till, MPOS, TILL, GObject)

/* Takes the store and the printer. */
MposTill *mpos_till_new (MposStore *store, MposTillPrinter *printer, GError **error);

MposStore *mpos_till_get_store (MposTill *self);
MposTillPrinter *mpos_till_get_printer (MposTill *self);
MposCart *mpos_till_get_cart (MposTill *self);
/* The lines as the items list shows them (MposLineItem), kept in step. */
GListModel *mpos_till_get_lines (MposTill *self);

/* Who is signed in (staff number and name); NULL when nobody is. */
const char *mpos_till_get_cashier (MposTill *self);
const char *mpos_till_get_cashier_name (MposTill *self);
void mpos_till_set_cashier (MposTill *self, const char *staff_no, const char *name);

/* A scan, routed by what the code is (scan-code.h): goods become a line, a
 * member card or QR code names the member, a coupon goes on the sale. The
 * kind is returned; RECEIPT, GIFT_CARD and PAYMENT_CODE are left to the
 * caller (a return, a payment). UNKNOWN and refusals set *error. */
MposScanKind mpos_till_scan (MposTill *self, const char *code, GError **error);

gboolean mpos_till_add_search (MposTill *self, const char *query, GError **error);
gboolean mpos_till_add_sku (MposTill *self, const char *sku_code, GError **error);
gboolean mpos_till_set_member (MposTill *self, const char *key, GError **error);
/* The sale's member proves it is them (cart-member-proof.h): their
 * stored-value balance may be shown from then on. */
gboolean mpos_till_prove_member (MposTill *self, const MposMemberProof *proof, GError **error);
/* The same, for a proof of `member_id` checked off the main loop
 * (mpos-member-pin-check.h); FALSE when the sale's member changed since. */
gboolean mpos_till_member_proven_elsewhere (MposTill *self, int64_t member_id);
gboolean mpos_till_add_coupon (MposTill *self, const char *code, GError **error);
/* Puts every coupon the sale's member can use now on the sale (one key at
 * the till). *applied counts those the sale took; each refusal (a threshold
 * not met, a coupon that does not combine) is a line in *refused (newly
 * allocated, NULL when none). FALSE (with *error) without a member or when
 * the coupons cannot be read. */
gboolean mpos_till_add_member_coupons (MposTill *self, guint *applied, char **refused,
                                       GError **error);
gboolean mpos_till_set_qty (MposTill *self, guint line_no, int64_t qty, GError **error);
gboolean mpos_till_void_line (MposTill *self, guint line_no, GError **error);
gboolean mpos_till_set_line_discount (MposTill *self, guint line_no, MposDiscountKind kind,
                                      int64_t value, const char *approved_by, GError **error);
gboolean mpos_till_override_price (MposTill *self, guint line_no, MposMoney unit_price,
                                   const char *approved_by, GError **error);

/* Payments. A points or stored-value payment is checked against the
 * member's balance and the rules at once and refused with the reason. */
gboolean mpos_till_add_tender (MposTill *self, MposTender *tender, GError **error);
gboolean mpos_till_remove_tender (MposTill *self, guint index, GError **error);
/* What is still to pay (0 when the payments cover the total). */
MposMoney mpos_till_due (MposTill *self);
/* The points the sale earns as it stands (0 without a member). */
int64_t mpos_till_points_to_earn (MposTill *self);

/* Commits the sale (one transaction), prints its receipt and starts the next
 * sale. A printer problem does not fail it (see the printer's problem). */
gboolean mpos_till_finish (MposTill *self, MposSaleResult *result, GError **error);
/* Parks the sale (挂单) and starts a new one; *id_out (may be NULL) gets its number. */
gboolean mpos_till_suspend (MposTill *self, int64_t *id_out, GError **error);
/* Takes back a suspended sale; only while the current sale is empty. */
gboolean mpos_till_resume (MposTill *self, int64_t id, GError **error);
/* Voids the whole sale (audited) and starts a new one. */
gboolean mpos_till_void_sale (MposTill *self, const char *reason, GError **error);
/* Returns `lines` (MposReturnRequest) of a sale by its receipt number: the
 * refund goes to the original payments; the return receipt prints. */
gboolean mpos_till_return (MposTill *self, const char *receipt_no, const GArray *lines,
                           const char *reason, MposSaleResult *result, GError **error);
/* Refunds the goods rung up on this sale without their receipt: in cash at
 * today's prices, signed for by `supervisor_number` (return_without_receipt),
 * whose PIN the caller checked off the main loop (mpos-staff-approval.h);
 * the store reads them again and asks their role. With `reason`; the return
 * receipt prints and the next sale starts. */
gboolean mpos_till_return_without_receipt (MposTill *self, const char *reason,
                                           const char *supervisor_number, MposSaleResult *result,
                                           GError **error);
/* Prints the slip of a top-up (stored-value receipt number). */
void mpos_till_print_slip (MposTill *self, const char *receipt_no);
/* Prints the receipt of a stored sale or return (a return answered by a
 * supervisor after it waited). */
void mpos_till_print_record (MposTill *self, const char *receipt_no);
/* Reprints the newest receipt of this terminal. */
gboolean mpos_till_reprint_last (MposTill *self, GError **error);

G_END_DECLS
