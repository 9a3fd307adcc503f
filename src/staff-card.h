/* staff-card.h — staff cards: a member of staff signs in or approves with
 * their card (a card reader's UID, or a staff card's scanned code) and
 * their PIN, or with the card alone where the store's policy says so
 * (staff_card_alone, staff-policy.h). A card is kept only as a hash keyed
 * with the store's key (member-qr-secret.h), never in clear and never in
 * the journal. */
#pragma once

#include "staff.h"

G_BEGIN_DECLS

/* A card code: 4 to 64 printable ASCII characters. */
gboolean mpos_staff_card_valid (const char *code);

/* Gives staff `number` the card `code`; `by` holds staff_manage. Audited
 * and journaled (staff_card_add: the number, never the card). DUPLICATE
 * when the card is someone's already. */
gboolean mpos_staff_card_add (MposStore *store, const char *number, const char *code,
                              const MposStaffCredential *by, GError **error);

/* Takes every card from staff `number` (a card lost or handed back); `by`
 * holds staff_manage. Audited and journaled. NOT_FOUND when they have none. */
gboolean mpos_staff_card_remove (MposStore *store, const char *number,
                                 const MposStaffCredential *by, GError **error);

/* Signs a credential in: by number and PIN (mpos_staff_authenticate), or
 * by card — with the PIN when given or when the store wants it, alone when
 * the store's policy allows. An unknown card is refused in the words of a
 * wrong PIN and audited. Must run outside any transaction. */
gboolean mpos_staff_sign_in (MposStore *store, const MposStaffCredential *credential,
                             MposStaff *staff_out, GError **error);

G_END_DECLS
