/* stored-value-proof.c — whether a stored-value spend has the member's
 * proof. Knowing a member's phone or card number is not enough to spend
 * their money: a spend needs the member's payment PIN, the dynamic QR code
 * on their phone or their card on the chip reader (stored-value.c), except
 * within the
 * store's daily no-proof cap (loyalty rules, stored_value.no_proof_daily_cap,
 * default 0), summed per member and business day over every sale. A locked
 * PIN blocks every stored-value spend. Checked when the tender is made and
 * again in the sale's transaction (under the write lock, so two terminals
 * cannot both use the last of the cap). No refusal here names a balance. */
#include "loyalty-rules.h"
#include "payment-pin.h"
#include "stored-value-private.h"

/* A sale's tenders are [seq, type, amount, reference, provider, points];
 * a stored-value tender without the PIN has provider "no_pin". */
static MposSql SQL_NO_PROOF_TODAY
    = MPOS_SQL ("stored-value-proof: no proof today",
                "SELECT coalesce (sum (json_extract (t.value, '$[2]')), 0) "
                "FROM sales s, json_each (s.tenders) t "
                "WHERE s.member_id = :member AND s.business_day = :day AND s.kind = 'sale' "
                "AND json_extract (t.value, '$[1]') = 'stored_value' "
                "AND json_extract (t.value, '$[4]') = 'no_pin'");

static gboolean
spent_without_proof (MposStore *store, int64_t member_id, int64_t now, MposMoney *out,
                     GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_NO_PROOF_TODAY, error);
  g_autofree char *day = mpos_store_business_day (store, now);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_text (stmt, ":day", day);
  return mpos_store_step_returning (store, stmt, "summing today's stored value spent without PIN",
                                    out, error);
}

static gboolean
refuse (GError **error, int code, const char *message)
{
  g_set_error_literal (error, MPOS_PAYMENT_PIN_ERROR, code, message);
  return FALSE;
}

gboolean
mpos_stored_value_check_proof (MposStore *store, const MposLoyaltyRules *rules, int64_t member_id,
                               MposMoney amount, gboolean recorded, gboolean pin_verified,
                               int64_t now, GError **error)
{
  MposPaymentPinState pin;
  MposMoney spent = 0;
  char a[MPOS_MONEY_BUF], b[MPOS_MONEY_BUF];
  g_autofree char *message = NULL;

  if (!mpos_payment_pin_state (store, member_id, &pin, error))
    return FALSE;
  if (pin.locked)
    return refuse (error, MPOS_PAYMENT_PIN_ERROR_LOCKED,
                   "the member's payment PIN is locked after too many wrong tries: no "
                   "stored-value payment until a supervisor unlocks it");
  if (pin_verified)
    return TRUE;
  if (pin.set && rules->pin_required_above >= 0 && amount > rules->pin_required_above)
    {
      message = g_strdup_printf ("a stored-value payment above %s needs the member's payment PIN, "
                                 "the member code on their phone or their card on the card reader",
                                 mpos_money_to_buf (rules->pin_required_above, a));
      return refuse (error, MPOS_PAYMENT_PIN_ERROR_REQUIRED, message);
    }
  if (!spent_without_proof (store, member_id, now, &spent, error))
    return FALSE;
  if (recorded) /* the sale's own row is in today's sum already */
    spent -= amount;
  if (spent + amount <= rules->no_proof_daily_cap)
    return TRUE;
  if (rules->no_proof_daily_cap == 0)
    message = g_strdup_printf (
        "paying with stored value needs the member's proof: their payment PIN, the member "
        "code on their phone or their card on the card reader%s",
        pin.set ? "" : " (they have no PIN yet: the member sets one with a cashier first)");
  else
    message = g_strdup_printf (
        "paying %s with stored value needs the member's payment PIN: without it a member may "
        "spend %s a day, and %s of it is left today%s",
        mpos_money_to_buf (amount, a), mpos_money_to_buf (rules->no_proof_daily_cap, b),
        mpos_money_to_buf (MAX (rules->no_proof_daily_cap - spent, 0), (char[MPOS_MONEY_BUF]){ 0 }),
        pin.set ? "" : " (they have no PIN yet: the member sets one with a cashier first)");
  return refuse (error, MPOS_PAYMENT_PIN_ERROR_REQUIRED, message);
}
