/* member-card-presence.h — a physical member card as the member's proof.
 *
 * A card number is no proof: it is printed on the card, on receipts (masked,
 * but the full number is in the member's app) and anyone can type it. What
 * proves the card is at the counter is a read by a card reader that reads
 * the card itself — the chip with the member sector's key (PC/SC), never a
 * reader that types like a keyboard (a magnetic stripe wedge) — so the core
 * accepts a card only as a presence token that the process holding the
 * reader seals, the moment the reader reports a chip read, with the store's
 * key (member-qr-secret.h):
 *
 *   CP2.<member id>.<unix time>.<nonce: 16 hex digits>.<MAC: 32 hex digits>
 *
 * MAC = BLAKE2b-128 keyed with the store key over "mallpos card presence",
 * the member id, the time and the nonce (random per read, so two reads in
 * one second are two tokens). It names the member (not the card number, so
 * printing it masks nothing away) and is good for
 * MPOS_CARD_PRESENCE_SECONDS: long enough to read the card and pay, too
 * short for a token seen on a screen to be kept for later — and once only:
 * the first check that accepts it records it (card_presence_used), every
 * later one, in any process, refuses it. A keyboard
 * cannot make one: that needs the key file, which only the store's user
 * reads. A lost or replaced card seals nothing (the lookup refuses it). */
#pragma once

#include "store.h"

G_BEGIN_DECLS

#define MPOS_CARD_PRESENCE_SECONDS 120
#define MPOS_CARD_PRESENCE_MAX_LEN 96

/* The presence token of member card `card_no`, just read from the card's
 * chip. The card must be active (CARD_LOST, NOT_FOUND otherwise). Call it
 * only for a chip read (MposDeviceData.chip): never for a number typed or
 * swiped through a keyboard wedge. Newly allocated. */
char *mpos_member_card_presence_seal (MposStore *store, const char *card_no, int64_t now,
                                      GError **error);

/* Whether `token` is a current presence token of member `member_id` not
 * used before; accepting it uses it up (in a transaction of its own, or in
 * the caller's when one is open). Every bad token (altered, another
 * store's, expired, another member's, not a token at all — a typed card
 * number) fails the same way: MPOS_STORED_VALUE_ERROR_INVALID, saying to
 * read the card on the reader; a used one says so, with the same code. */
gboolean mpos_member_card_presence_check (MposStore *store, const char *token, int64_t member_id,
                                          int64_t now, GError **error);

G_END_DECLS
