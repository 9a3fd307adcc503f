/* cart-member-proof.c — the member's proof on a sale (cart-member-proof.h). */
#include "cart-member-proof.h"
#include "fail.h"
#include "cart-private.h"
#include "member-qr.h"
#include "stored-value.h"

void
mpos_cart_member_found (MposCart *cart, const MposMember *member, const char *key)
{
  g_autofree char *text = g_strstrip (g_strdup (key ? key : ""));
  gboolean same = cart->member != NULL && cart->member->id == member->id;

  /* the lookup verified the code (current, this member's) to find them */
  cart->member_proven = (same && cart->member_proven) || mpos_member_qr_is_token (text);
}

gboolean
mpos_cart_prove_member (MposCart *cart, const MposMemberProof *proof, GError **error)
{
  MposMemberProof own = { 0 };

  if (cart->member == NULL)
    {
      g_set_error_literal (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID,
                           R_ ("no member on the sale: scan their card or code first"));
      return FALSE;
    }
  if (proof != NULL)
    {
      own = *proof;
      own.supervisor = NULL; /* the member's own proof only */
    }
  if (!mpos_member_proof_check (cart->store, cart->member->id, &own, MPOS_ACTION_MEMBER_PIN_RESET,
                                NULL, error))
    return FALSE;
  cart->member_proven = TRUE;
  return TRUE;
}

gboolean
mpos_cart_member_proven_elsewhere (MposCart *cart, int64_t member_id)
{
  if (cart->member == NULL || cart->member->id != member_id)
    return FALSE;
  cart->member_proven = TRUE;
  return TRUE;
}

gboolean
mpos_cart_member_proven (MposCart *cart)
{
  GPtrArray *tenders = cart->tenders;

  if (cart->member == NULL)
    return FALSE;
  if (cart->member_proven)
    return TRUE;
  for (guint i = 0; i < tenders->len; i++)
    {
      const MposTender *t = g_ptr_array_index (tenders, i);

      if ((t->type == MPOS_TENDER_STORED_VALUE || t->type == MPOS_TENDER_POINTS)
          && mpos_spend_proof_proven (t->provider))
        return TRUE;
    }
  return FALSE;
}
