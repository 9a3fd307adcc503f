/* member-proof.c — checking the member's proof for an action on their
 * account (member-proof.h). */
#include "member-proof.h"
#include "clock.h"
#include "fail.h"
#include "loyalty-rules.h"
#include "member-card-presence.h"
#include "member-qr.h"
#include "member.h"
#include "payment-pin.h"

#include <string.h>

static gboolean
qr_names_member (MposStore *store, const char *token, int64_t member_id, GError **error)
{
  g_autoptr (MposMember) member = mpos_member_qr_lookup (store, token, mpos_clock_now (), error);

  if (member == NULL)
    return FALSE;
  if (member->id != member_id)
    return mpos_fail (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REFUSED,
                      R_ ("the QR code is another member's: the member whose account this is shows "
                          "their own"));
  return TRUE;
}

static gboolean
pin_is_members (MposStore *store, const char *pin, int64_t member_id, GError **error)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, error);

  return rules != NULL
         && mpos_payment_pin_verify (store, member_id, pin, rules->pin_max_failures,
                                     mpos_clock_now (), error);
}

gboolean
mpos_member_proof_check (MposStore *store, int64_t member_id, const MposMemberProof *proof,
                         MposStaffAction action, MposStaff *approver, GError **error)
{
  g_autofree char *ref = g_strdup_printf ("member:%" G_GINT64_FORMAT, member_id);

  if (approver != NULL)
    memset (approver, 0, sizeof *approver);
  if (proof != NULL && proof->payment_pin != NULL)
    return pin_is_members (store, proof->payment_pin, member_id, error);
  if (proof != NULL && proof->qr_token != NULL)
    return qr_names_member (store, proof->qr_token, member_id, error);
  if (proof != NULL && proof->card_presence != NULL)
    return mpos_member_card_presence_check (store, proof->card_presence, member_id,
                                            mpos_clock_now (), error);
  if (proof != NULL && proof->supervisor != NULL)
    return mpos_staff_approve (store, proof->supervisor, action, ref, approver, error);
  return mpos_fail (
      error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED,
      R_ ("%s needs the member's proof: their payment PIN, the QR code on their phone, "
          "their card on the card reader, or a supervisor who checked their ID"),
      mpos_staff_action_name (action));
}
