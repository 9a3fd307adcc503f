/* spend-proof.c — checking the member's proof for a spend and summing what
 * was spent without one (spend-proof.h). */
#include "spend-proof.h"
#include "fail.h"
#include "member-card-presence.h"
#include "member-qr.h"
#include "store-private.h"
#include "stored-value-error.h"

/* A sale's tenders are [seq, type, amount, reference, provider, …]: a
 * stored-value tender without proof has provider "no_pin". Its lines carry
 * their share of the points burnt at $[13][0] (sale-line-slots.h); a sale
 * spent them without proof when none of its tenders carries one. A points
 * exchange (积分兑换) spent its points without proof when no row of
 * points_exchange_proofs names it. */
#define SALE_UNPROVEN                                                                              \
  "AND NOT EXISTS (SELECT 1 FROM json_each (s.tenders) p WHERE p.value ->> 4 = 'payment_pin' "   \
  "OR p.value ->> 4 = 'member_qr' OR p.value ->> 4 = 'member_card')"
static MposSql SQL_NO_PROOF_TODAY = MPOS_SQL (
    "spend-proof: spent without proof today",
    "SELECT (SELECT coalesce (sum (t.value ->> 2), 0) FROM sales s, json_each (s.tenders) t "
    "WHERE s.member_id = :member AND s.business_day = :day AND s.kind = 'sale' "
    "AND s.id IS NOT :sale AND t.value ->> 1 = 'stored_value' AND t.value ->> 4 = 'no_pin'), "
    "(SELECT coalesce (sum (t.value ->> '$[13][0]'), 0) FROM sales s, json_each (s.lines) t "
    "WHERE s.member_id = :member AND s.business_day = :day AND s.kind = 'sale' "
    "AND s.id IS NOT :sale " SALE_UNPROVEN ") "
    "+ (SELECT coalesce (sum (e.points), 0) FROM points_exchanges e "
    "WHERE e.member_id = :member AND e.business_day = :day AND e.kind = 'exchange' "
    "AND NOT EXISTS (SELECT 1 FROM points_exchange_proofs p WHERE p.exchange_id = e.id))");

gboolean
mpos_spend_proof_proven (const char *provider)
{
  return g_strcmp0 (provider, MPOS_PAYMENT_PIN_VERIFIED) == 0
         || g_strcmp0 (provider, MPOS_MEMBER_QR_VERIFIED) == 0
         || g_strcmp0 (provider, MPOS_MEMBER_CARD_VERIFIED) == 0;
}

static gboolean
qr_is_members (MposStore *store, const char *token, int64_t member_id, int64_t now,
               GError **error)
{
  g_autoptr (MposMember) shown = mpos_member_qr_lookup (store, token, now, error);

  if (shown == NULL)
    return FALSE;
  if (shown->id != member_id)
    {
      g_set_error_literal (error, MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID,
                           R_ ("the member code scanned is another member's: the member paying "
                               "shows the code on their own phone"));
      return FALSE;
    }
  return TRUE;
}

gboolean
mpos_spend_proof_check (MposStore *store, const MposLoyaltyRules *rules, int64_t member_id,
                        const MposPaymentPinState *pin, const MposSpendProof *proof, int64_t now,
                        const char **provider, GError **error)
{
  *provider = NULL;
  if (proof == NULL || pin->locked)
    return TRUE;
  if (mpos_spend_proof_proven (proof->proven_by))
    *provider = proof->proven_by;
  else if (pin->set && proof->pin != NULL && *proof->pin)
    {
      if (!mpos_payment_pin_verify (store, member_id, proof->pin, rules->pin_max_failures, now,
                                    error))
        return FALSE;
      *provider = MPOS_PAYMENT_PIN_VERIFIED;
    }
  else if (proof->qr_token != NULL && *proof->qr_token)
    {
      if (!qr_is_members (store, proof->qr_token, member_id, now, error))
        return FALSE;
      *provider = MPOS_MEMBER_QR_VERIFIED;
    }
  else if (proof->card_presence != NULL && *proof->card_presence)
    {
      if (!mpos_member_card_presence_check (store, proof->card_presence, member_id, now, error))
        return FALSE;
      *provider = MPOS_MEMBER_CARD_VERIFIED;
    }
  return TRUE;
}

gboolean
mpos_spend_proof_spent_today (MposStore *store, int64_t member_id, const char *sale_id,
                              int64_t now, MposNoProofSpent *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_NO_PROOF_TODAY, error);
  g_autofree char *day = mpos_store_business_day (store, now);
  int rc;

  *out = (MposNoProofSpent){ 0, 0 };
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_text (stmt, ":day", day);
  mpos_bind_optional_text (stmt, ":sale", sale_id);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    *out = (MposNoProofSpent){ sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return mpos_store_fail (store, rc, "summing today's spending without the member's proof",
                            error);
  return TRUE;
}

const char *
mpos_spend_proof_no_pin_hint (const MposPaymentPinState *pin)
{
  return pin->set ? "" : R_ (" (they have no PIN yet: the member sets one with a cashier first)");
}
