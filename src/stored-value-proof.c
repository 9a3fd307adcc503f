/* stored-value-proof.c — whether a stored-value spend has the member's
 * proof. Knowing a member's phone or card number is not enough to spend
 * their money: a spend needs the member's payment PIN, the dynamic QR code
 * on their phone or their card on the chip reader (stored-value.c), except
 * within the
 * store's daily no-proof cap (loyalty rules, stored_value.no_proof_daily_cap,
 * default 0), summed per member and business day over every sale
 * (spend-proof.c, which points-proof.c shares). A locked
 * PIN blocks every stored-value spend. Checked when the tender is made and
 * again in the sale's transaction (under the write lock, so two terminals
 * cannot both use the last of the cap). No refusal here names a balance. */
#include "loyalty-rules.h"
#include "payment-pin.h"
#include "spend-proof.h"
#include "stored-value-private.h"

static gboolean
refuse (GError **error, int code, const char *message)
{
  g_set_error_literal (error, MPOS_PAYMENT_PIN_ERROR, code, message);
  return FALSE;
}

gboolean
mpos_stored_value_check_proof (MposStore *store, const MposLoyaltyRules *rules, int64_t member_id,
                               MposMoney amount, const char *sale_id, gboolean pin_verified,
                               int64_t now, GError **error)
{
  MposPaymentPinState pin;
  MposNoProofSpent today;
  MposMoney spent = 0;
  char a[MPOS_MONEY_BUF], b[MPOS_MONEY_BUF];
  g_autofree char *message = NULL;

  if (!mpos_payment_pin_state (store, member_id, &pin, error))
    return FALSE;
  if (pin.locked)
    return refuse (error, MPOS_PAYMENT_PIN_ERROR_LOCKED,
                   R_ ("the member's payment PIN is locked after too many wrong tries: no "
                       "stored-value payment until a supervisor unlocks it"));
  if (pin_verified)
    return TRUE;
  if (pin.set && rules->pin_required_above >= 0 && amount > rules->pin_required_above)
    {
      message
          = g_strdup_printf (R_ ("a stored-value payment above %s needs the member's payment PIN, "
                                 "the member code on their phone or their card on the card reader"),
                             mpos_money_to_buf (rules->pin_required_above, a));
      return refuse (error, MPOS_PAYMENT_PIN_ERROR_REQUIRED, message);
    }
  if (!mpos_spend_proof_spent_today (store, member_id, sale_id, now, &today, error))
    return FALSE;
  spent = today.stored_value;
  if (spent + amount <= rules->no_proof_daily_cap)
    return TRUE;
  if (rules->no_proof_daily_cap == 0)
    message = g_strdup_printf (
        R_ ("paying with stored value needs the member's proof: their payment PIN, the member "
            "code on their phone or their card on the card reader%s"),
        mpos_spend_proof_no_pin_hint (&pin));
  else
    message = g_strdup_printf (
        R_ ("paying %s with stored value needs the member's payment PIN: without it a member may "
            "spend %s a day, and %s of it is left today%s"),
        mpos_money_to_buf (amount, a), mpos_money_to_buf (rules->no_proof_daily_cap, b),
        mpos_money_to_buf (MAX (rules->no_proof_daily_cap - spent, 0), (char[MPOS_MONEY_BUF]){ 0 }),
        mpos_spend_proof_no_pin_hint (&pin));
  return refuse (error, MPOS_PAYMENT_PIN_ERROR_REQUIRED, message);
}
