/* member-lookup.c — finding a member by whatever the cashier has: a member
 * QR code, a card number or a phone number, told apart here. Apart from
 * member.c because it builds on the QR module, which builds on member.c:
 * member ← member-qr ← member-lookup, no circle. */
#include "member.h"
#include "clock.h"
#include "member-private.h"
#include "member-qr.h"

/* Not a card of ours (not found, or not card-shaped): try it as a phone. */
static gboolean
worth_a_phone_try (const GError *error)
{
  return g_error_matches (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND)
         || g_error_matches (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_INVALID);
}

MposMember *
mpos_member_lookup (MposStore *store, const char *key, GError **error)
{
  g_autofree char *text = g_strstrip (g_strdup (key ? key : ""));
  g_autofree char *phone = NULL;
  g_autoptr (GError) local = NULL;
  MposMember *member;

  if (*text == '\0')
    {
      mpos_member_fail (error, MPOS_MEMBER_ERROR_INVALID,
                        "give a card number, phone number or member code");
      return NULL;
    }
  if (mpos_member_qr_is_token (text))
    return mpos_member_qr_lookup (store, text, mpos_clock_now (), error);
  member = mpos_member_lookup_card (store, text, &local);
  if (member == NULL && worth_a_phone_try (local)
      && (phone = mpos_member_normalize_phone (text, NULL)) != NULL)
    {
      g_clear_error (&local);
      member = mpos_member_lookup_phone (store, phone, &local);
    }
  if (member != NULL)
    return member;
  if (worth_a_phone_try (local))
    mpos_member_fail (error, MPOS_MEMBER_ERROR_NOT_FOUND,
                      "no member with that card or phone number");
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return NULL;
}
