/* points-proof.c — whether a points payment has the member's proof.
 * Points are money at the counter (100 points pay ¥1.00 in the demo
 * rules), so knowing a member's card or phone must not let anyone spend
 * them: above the store's no-proof limits (loyalty rules, points.burn
 * no_proof_max per sale and no_proof_daily_cap per member and business day,
 * all sales together; omitted: 0, every points payment needs proof) the
 * sale needs the member's payment PIN, the member code on their phone or
 * their card on the chip reader — the same proof as stored value, checked
 * once for the sale (spend-proof.h). A locked PIN blocks every points
 * payment, as it blocks stored value. Checked in the sale's transaction
 * (under the write lock, so two terminals cannot both use the last of the
 * cap). No refusal here names a balance. */
#include "points-private.h"
#include "spend-proof.h"

#include <inttypes.h>

static gboolean
refuse (GError **error, int code, const char *message)
{
  g_set_error_literal (error, MPOS_PAYMENT_PIN_ERROR, code, message);
  return FALSE;
}

gboolean
mpos_points_check_proof (MposStore *store, const MposLoyaltyRules *rules, int64_t member_id,
                         int64_t points, const char *sale_id, gboolean proven, int64_t now,
                         GError **error)
{
  MposPaymentPinState pin;
  MposNoProofSpent today;
  g_autofree char *message = NULL;

  if (!mpos_payment_pin_state (store, member_id, &pin, error))
    return FALSE;
  if (pin.locked)
    return refuse (error, MPOS_PAYMENT_PIN_ERROR_LOCKED,
                   R_ ("the member's payment PIN is locked after too many wrong tries: no points "
                       "payment until a supervisor unlocks it"));
  if (proven)
    return TRUE;
  if (!mpos_spend_proof_spent_today (store, member_id, sale_id, now, &today, error))
    return FALSE;
  if (points <= rules->burn_no_proof_max
      && today.points + points <= rules->burn_no_proof_daily_cap)
    return TRUE;
  if (rules->burn_no_proof_max == 0)
    message = g_strdup_printf (
        R_ ("paying with points needs the member's proof: their payment PIN, the member code on "
            "their phone or their card on the card reader%s"),
        mpos_spend_proof_no_pin_hint (&pin));
  else
    message = g_strdup_printf (
        R_ ("paying %" PRId64 " points needs the member's proof (their payment PIN, the member "
            "code on their phone or their card on the card reader): without it a sale may pay "
            "%" PRId64 " points and a member %" PRId64 " a day, of which %" PRId64
            " are left today%s"),
        points, rules->burn_no_proof_max, rules->burn_no_proof_daily_cap,
        MAX (rules->burn_no_proof_daily_cap - today.points, (int64_t)0),
        mpos_spend_proof_no_pin_hint (&pin));
  return refuse (error, MPOS_PAYMENT_PIN_ERROR_REQUIRED, message);
}
