/* spend-proof.h — the member's proof behind spending from their own
 * account at the counter: stored value and points (issue 15). Knowing a
 * member's phone or card number is no proof; the member's payment PIN, the
 * dynamic QR code on their phone or their card read on the chip reader
 * (member-card-presence.h) is. One proof covers a whole sale: the first
 * tender that carries it is checked (a wrong PIN counts, a card read is
 * used up), and every later tender of the sale names it (proven_by)
 * instead of being checked again. What may be spent without proof — the
 * store's limits per sale and per member and business day — is decided by
 * each ledger (stored-value-proof.c, points-proof.c) from what this module
 * sums. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "loyalty-rules.h"
#include "money.h"
#include "payment-pin.h"
#include "store.h"

G_BEGIN_DECLS

/* The provider of a tender proven by the member's dynamic QR code (会员码)
 * from their phone, scanned at this payment … */
#define MPOS_MEMBER_QR_VERIFIED "member_qr"
/* … and of one proven by the member's physical card read on the card
 * reader (member-card-presence.h). A PIN: MPOS_PAYMENT_PIN_VERIFIED. */
#define MPOS_MEMBER_CARD_VERIFIED "member_card"
/* The provider of a stored-value or points tender without proof (the name
 * is from when the PIN was the only proof: stored sales keep it). */
#define MPOS_SPEND_NO_PROOF "no_pin"

/* The member's proof for a spend: the payment PIN, or the dynamic QR code
 * on their phone (it must name this member and be current: a code another
 * member or an old screenshot shows is refused), or the presence token of
 * their card just read on the card reader (a typed card number is not
 * one); or `proven_by`, the provider of the sale's proof already checked
 * (mpos_cart_get_member_proof), which is not checked again. */
typedef struct
{
  const char *pin;
  const char *qr_token;
  const char *card_presence;
  const char *proven_by;
} MposSpendProof;

/* Whether a tender's provider says the member's proof was checked. */
gboolean mpos_spend_proof_proven (const char *provider);

/* Checks the proof given, the PIN first, then the QR code, then the card:
 * *provider gets what proved it, NULL when nothing was given or the PIN is
 * locked (the ledger's check then refuses). A QR code must be current and
 * this member's. Must run outside any transaction. */
gboolean mpos_spend_proof_check (MposStore *store, const MposLoyaltyRules *rules,
                                 int64_t member_id, const MposPaymentPinState *pin,
                                 const MposSpendProof *proof, int64_t now, const char **provider,
                                 GError **error);

/* What the member spent without proof in the business day of `now`, over
 * every sale but `sale_id` (may be NULL) and every points exchange: stored
 * value in fen, points. */
typedef struct
{
  MposMoney stored_value;
  int64_t points;
} MposNoProofSpent;

gboolean mpos_spend_proof_spent_today (MposStore *store, int64_t member_id, const char *sale_id,
                                       int64_t now, MposNoProofSpent *out, GError **error);

/* The hint a refusal adds for a member without a payment PIN. */
const char *mpos_spend_proof_no_pin_hint (const MposPaymentPinState *pin);

G_END_DECLS
