/* member-register.h — registering a member at the counter: phone (unique,
 * a mainland mobile), name, optional birthday, gender, referrer and group,
 * and a first card (physical number or a generated virtual one). One
 * transaction: member, card, QR secret, audit record, journal entry. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "member.h"
#include "points.h"

G_BEGIN_DECLS

typedef struct
{
  const char *phone;      /* required; normalised (mpos_member_normalize_phone) */
  const char *name;       /* required; 1–32 characters */
  const char *birthday;   /* "1990-05-12", or NULL */
  const char *gender;     /* "female", "male", or NULL */
  const char *card_no;    /* a physical card number, or NULL for a virtual card */
  const char *referrer;   /* card, phone or member code of the referring member, or NULL */
  const char *level_code; /* NULL: the lowest level */
  const char *group_code; /* NULL: no group */
  const char *actor;      /* the cashier, for the audit trail */
} MposMemberRegistration;

/* The new member, found by its new card (member->card_no). Refused with
 * INVALID (phone, name, birthday, gender, card format), DUPLICATE (phone or
 * card taken), NOT_FOUND (referrer, level, group) or CARD_LOST (the
 * referrer's card); nothing is written then. */
MposMember *mpos_member_register (MposStore *store, const MposMemberRegistration *registration,
                                  int64_t now, GError **error);
/* The same, saying what the registration earned: the rules' registration
 * bonus, or none because no loyalty rules are imported yet (points.h). */
MposMember *mpos_member_register_with_bonus (MposStore *store,
                                             const MposMemberRegistration *registration,
                                             int64_t now, MposRegistrationBonus *bonus,
                                             GError **error);

G_END_DECLS
