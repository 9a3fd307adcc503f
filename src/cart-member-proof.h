/* cart-member-proof.h — whether the sale's member proved it is them on
 * this sale, which is what a screen asks before it shows their stored-value
 * balance. Knowing a member's phone or card number finds the member (their
 * level price, their points earned) but shows no balance: a balance is
 * shown once the member gave their proof — found by their dynamic QR code,
 * their payment PIN typed, their card read on the chip reader (a presence
 * token, member-card-presence.h), or a stored-value payment on this sale
 * that one of those proved. A new member on the sale starts unproven. */
#pragma once

#include "cart.h"
#include "member-proof.h"

G_BEGIN_DECLS

/* Checks the member's own proof (payment PIN, QR code or card presence;
 * never a supervisor: an ID check lets staff act on the account, it does
 * not show them the balance) for the sale's member and marks the sale
 * proven. A wrong PIN counts towards its lock. Must run outside any
 * transaction. MPOS_CART_ERROR_INVALID without a member on the sale. */
gboolean mpos_cart_prove_member (MposCart *cart, const MposMemberProof *proof, GError **error);

/* Marks the sale proven by a proof of member `member_id` that was checked
 * elsewhere — mpos_member_proof_check on another store handle, off the
 * window's main loop, since a payment PIN's argon2id hash takes ~0.1 s.
 * FALSE, and nothing marked, when the sale's member is no longer that one
 * (changed while the check ran). */
gboolean mpos_cart_member_proven_elsewhere (MposCart *cart, int64_t member_id);

/* Whether the sale's member proved it is them on this sale. */
gboolean mpos_cart_member_proven (MposCart *cart);

G_END_DECLS
