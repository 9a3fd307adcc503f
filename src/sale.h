/* sale.h — a sale or return as committed: one transaction holds the sale,
 * its lines and their adjustments (order discounts allocated), tenders,
 * stock movements, audit record and sync journal entry. The record read back
 * from the store (sale-record.h) is what receipts, returns and the journal
 * are made from. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "cart.h"
#include "receipt.h"
#include "sale-record.h"
#include "staff.h"
#include "store.h"

G_BEGIN_DECLS

/* Settles and commits the cart as one durable transaction. On any error
 * nothing is stored. The cart may be freed afterwards. */
gboolean mpos_sale_commit (MposCart *cart, MposSaleResult *result, GError **error);

/* Voids the whole sale before payment: nothing is sold; the audit trail
 * records who voided what (lines and total). */
gboolean mpos_sale_void (MposCart *cart, const char *reason, GError **error);

/* The receipt for a stored sale or return. */
MposReceipt *mpos_sale_record_to_receipt (MposStore *store, const MposSaleRecord *record,
                                          gboolean reprint, GError **error);

/* Records a reprint in the audit trail and returns the REPRINT receipt. */
MposReceipt *mpos_sale_reprint (MposStore *store, const char *receipt_no, const char *actor,
                                GError **error);

/* Returns. `lines` holds (line_no, qty) pairs; NULL or empty returns
 * everything not yet returned. Refunds go back to the original tenders. */
typedef struct
{
  int line_no;
  int64_t qty; /* pieces or grams; 0: all that remains */
} MposReturnRequest;

gboolean mpos_sale_return (MposStore *store, const char *receipt_no, const GArray *lines,
                           const char *cashier, const char *reason, MposSaleResult *result,
                           GError **error);

/* A return without a receipt: the goods in `cart` are refunded in cash at
 * today's prices, signed by `supervisor` (PIN checked here) or, when it is
 * NULL, by the supervisor already signed on to the sale
 * (mpos_cart_set_approver). Without either it is stored pending approval
 * and refunds nothing until mpos_sale_approve_return. */
gboolean mpos_sale_return_without_receipt (MposCart *cart, const char *reason,
                                           const MposStaffCredential *supervisor,
                                           MposSaleResult *result, GError **error);
/* Needs `supervisor` holding return_without_receipt. */
gboolean mpos_sale_approve_return (MposStore *store, const char *receipt_no,
                                   const MposStaffCredential *supervisor, GError **error);

/* The receipt numbers (char *) of the returns still waiting for a
 * supervisor — neither approved nor rejected — oldest first, at most
 * `limit` (sale-return-pending.c). */
GPtrArray *mpos_sale_pending_returns (MposStore *store, guint limit, GError **error);

/* The supervisor's no to a return waiting for approval (sale-return-
 * reject.c): `supervisor` holding return_without_receipt, a `reason`;
 * nothing is refunded and the return waits no more. INVALID for a sale,
 * an approved or an already rejected return, or no reason; NEEDS_APPROVAL
 * without a supervisor. Audited (return_rejected, with the approver) and
 * journaled in one transaction; allowed after the day's Z report (no money
 * moves). */
gboolean mpos_sale_reject_return (MposStore *store, const char *receipt_no,
                                  const MposStaffCredential *supervisor, const char *reason,
                                  GError **error);

/* Who rejected the return `sale_id` (*rejected_by, to free), or NULL when
 * it was not rejected. */
gboolean mpos_sale_return_rejected_by (MposStore *store, const char *sale_id, char **rejected_by,
                                       GError **error);
/* The same, with the reason they gave (*reason, to free; NULL when the
 * return was not rejected): what a rejected return's receipt says. */
gboolean mpos_sale_return_rejection (MposStore *store, const char *sale_id, char **rejected_by,
                                     char **reason, GError **error);

G_END_DECLS
