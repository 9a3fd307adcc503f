/* member-lookup.c — finding a member by whatever the cashier has: a member
 * QR code, a card number or a phone number, told apart here. Apart from
 * member.c because it builds on the QR module, which builds on member.c:
 * member ← member-qr ← member-lookup, no circle. A member found on the
 * mall's hotlist (by the card, or as a member) is refused here, so every
 * way to a member at the counter meets it. */
#include "member.h"
#include "clock.h"
#include "hotlist.h"
#include "member-private.h"
#include "member-qr.h"

/* Not a card of ours (not found, or not card-shaped): try it as a phone. */
static gboolean
worth_a_phone_try (const GError *error)
{
  return g_error_matches (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND)
         || g_error_matches (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_INVALID);
}

/* The member, unless the mall's hotlist blocks the card it was found by
 * (card_no; NULL: found another way) or the member. */
static MposMember *
unless_blocked (MposStore *store, MposMember *member, const char *card_no, GError **error)
{
  if (member != NULL && !mpos_hotlist_check (store, card_no, member->uid, error))
    g_clear_pointer (&member, mpos_member_free);
  return member;
}

static MposMember *
lookup_card_or_phone (MposStore *store, const char *text, GError **error)
{
  g_autofree char *phone = NULL;
  g_autoptr (GError) local = NULL;
  MposMember *member = mpos_member_lookup_card (store, text, &local);

  if (member == NULL && worth_a_phone_try (local)
      && (phone = mpos_member_normalize_phone (text, NULL)) != NULL)
    {
      g_clear_error (&local);
      member = mpos_member_lookup_phone (store, phone, &local);
    }
  if (member != NULL)
    return unless_blocked (store, member, phone ? NULL : text, error);
  if (worth_a_phone_try (local))
    mpos_member_fail (error, MPOS_MEMBER_ERROR_NOT_FOUND,
                      "no member with that card or phone number");
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return NULL;
}

static MposMember *
lookup_any (MposStore *store, const char *text, GError **error)
{
  if (mpos_member_qr_is_token (text))
    return unless_blocked (store, mpos_member_qr_lookup (store, text, mpos_clock_now (), error),
                           NULL, error);
  return lookup_card_or_phone (store, text, error);
}

MposMember *
mpos_member_lookup_as (MposStore *store, MposMemberKey kind, const char *key, GError **error)
{
  g_autofree char *text = g_strstrip (g_strdup (key ? key : ""));

  if (*text == '\0')
    {
      mpos_member_fail (error, MPOS_MEMBER_ERROR_INVALID,
                        "give a card number, phone number or member code");
      return NULL;
    }
  switch (kind)
    {
    case MPOS_MEMBER_KEY_CARD:
      return unless_blocked (store, mpos_member_lookup_card (store, text, error), text, error);
    case MPOS_MEMBER_KEY_PHONE:
      return unless_blocked (store, mpos_member_lookup_phone (store, text, error), NULL, error);
    case MPOS_MEMBER_KEY_QR:
      return unless_blocked (store, mpos_member_qr_lookup (store, text, mpos_clock_now (), error),
                             NULL, error);
    case MPOS_MEMBER_KEY_ANY:
    default:
      return lookup_any (store, text, error);
    }
}

MposMember *
mpos_member_lookup (MposStore *store, const char *key, GError **error)
{
  return mpos_member_lookup_as (store, MPOS_MEMBER_KEY_ANY, key, error);
}
