/* stored-value.h — a member's stored value (储值): principal (本金, money the
 * member paid in) and bonus (赠额, given by top-up tiers) kept apart in an
 * append-only ledger, cached on the member. Top-up with its bonus tier (its
 * own business action with a receipt number), refund of a top-up (unused
 * principal only; its bonus is taken back, never paid out), stored value as
 * a tender (spent in the rules' order, PIN above the rules' amount) and the
 * statement. Spending and giving back in sales and returns: src/loyalty.c. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "loyalty-rules.h"
#include "money.h"
#include "spend-proof.h"
#include "staff.h"
#include "store.h"
#include "stored-value-error.h"
#include "tender.h"

G_BEGIN_DECLS

typedef struct
{
  MposMoney principal;
  MposMoney bonus;
} MposStoredValueBalance;

gboolean mpos_stored_value_balance (MposStore *store, int64_t member_id,
                                    MposStoredValueBalance *out, GError **error);

/* How `amount` (≤ principal + bonus) splits by the spend order. Proportional:
 * bonus part = round-half-up(amount × bonus / (principal + bonus)). */
void mpos_stored_value_split (MposSpendOrder order, MposMoney principal, MposMoney bonus,
                              MposMoney amount, MposMoney *from_principal, MposMoney *from_bonus);

typedef struct
{
  char id[40];
  char receipt_no[64];
  MposMoney principal; /* added; negative for a refund */
  MposMoney bonus;
  MposStoredValueBalance balance; /* after */
  int64_t journal_seq;
} MposTopUpResult;

/* Tops up by payment->amount, paid by `payment` (cash, bank_card with its
 * reference, or mobile), plus the bonus of the tier reached and the tier's
 * coupon if it names one. One transaction: top-up record, ledger, coupon,
 * audit, journal. */
gboolean mpos_stored_value_top_up (MposStore *store, int64_t member_id, const MposTender *payment,
                                   const char *cashier, int64_t now, MposTopUpResult *result,
                                   GError **error);

/* Refunds a top-up (by receipt number) once: pays back min(its principal,
 * the principal balance) by its original tender type and takes back
 * min(its bonus, the bonus balance) and its tier's coupon if still unused.
 * Needs a supervisor. */
gboolean mpos_stored_value_refund_top_up (MposStore *store, const char *receipt_no,
                                          const char *cashier,
                                          const MposStaffCredential *supervisor,
                                          const char *reason, int64_t now, MposTopUpResult *result,
                                          GError **error);

/* A stored-value tender for `amount` of the member's balance. `pin` (may be
 * NULL) is verified when given, and required when the member has a PIN and
 * the amount is above the rules' threshold; a wrong PIN counts even though
 * no sale follows (WRONG, LOCKED). A verified tender carries the provider
 * MPOS_PAYMENT_PIN_VERIFIED. Must run outside any transaction. */
MposTender *mpos_stored_value_tender_new (MposStore *store, int64_t member_id, MposMoney amount,
                                          const char *pin, int64_t now, GError **error);

/* As mpos_stored_value_tender_new, with any proof (spend-proof.h). A
 * proven tender carries what proved it as its provider
 * (MPOS_PAYMENT_PIN_VERIFIED, MPOS_MEMBER_QR_VERIFIED,
 * MPOS_MEMBER_CARD_VERIFIED), one without MPOS_SPEND_NO_PROOF. A locked
 * PIN still blocks every stored-value payment. */
MposTender *mpos_stored_value_tender_new_proven (MposStore *store, int64_t member_id,
                                                 MposMoney amount, const MposSpendProof *proof,
                                                 int64_t now, GError **error);

/* The statement and a top-up as read models: stored-value-statement.h. */

/* What a return (by receipt number) paid out of stored value at once because
 * the member's top-ups were refunded (src/stored-value-private.h): one line
 * per payout for the cashier, "" when none. */
char *mpos_stored_value_payouts_text (MposStore *store, const char *return_receipt,
                                      GError **error);

G_END_DECLS
