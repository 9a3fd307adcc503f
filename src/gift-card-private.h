/* gift-card-private.h — the gift card ledger's one writer and the checks
 * every spending path shares, for the card actions (gift-card.c), the stock
 * import (gift-card-import.c) and the sale/return hooks (gift-card-sale.c).
 * Each runs inside the caller's transaction. */
#pragma once

#include <cjson/cJSON.h>
#include "gift-card.h"
#include "fail.h"
#include "json-fields.h"
#include "store-private.h"

G_BEGIN_DECLS

#define mpos_gift_card_fail(error, code, ...)                                                      \
  mpos_fail (error, MPOS_GIFT_CARD_ERROR, code, __VA_ARGS__)

/* Who and what a run of ledger rows belongs to; action_id is the business
 * action's id and the ref_id of its journal entry. */
typedef struct
{
  MposStore *store;
  int64_t now;
  const char *action_id;
  const char *actor;
  const char *approved_by;
  const char *reason;
} MposGiftCardAction;

/* One movement of one card. */
typedef struct
{
  const char *kind;
  MposMoney amount;
  const char *sale_id; /* a sale or return, else NULL */
  int line_no;         /* activate/deactivate, else 0 */
  int tender_seq;      /* spend/refund, else 0 */
  int64_t member_id;   /* redeem/register/transfer, else 0 */
  int64_t corrects;    /* the row it reverses, else 0 */
} MposGiftCardMove;

/* Appends the row and moves the card's cached balance by its amount (the
 * column's CHECK refuses a negative balance). *entry_id may be NULL. */
gboolean mpos_gift_card_entry (const MposGiftCardAction *a, int64_t card_id,
                               const MposGiftCardMove *move, int64_t *entry_id, GError **error);

/* Sets the card's status and what goes with it, in one statement. */
gboolean mpos_gift_card_set_active (MposStore *store, int64_t card_id, gboolean active,
                                    const char *sale_id, int64_t activated_at, int64_t expires_at,
                                    GError **error);

/* The card may be spent, redeemed or transferred now: active, not held,
 * not expired. */
gboolean mpos_gift_card_check_usable (const MposGiftCard *card, int64_t now, GError **error);

/* The ledger rows of one action (with the card's serial), as the journal
 * carries them. */
cJSON *mpos_gift_card_action_json (MposStore *store, const char *action_id, GError **error);

/* Audit record + journal entry "gift_card_<kind>": {"kind", "id", extra…,
 * "gift_cards": [rows]}. Takes `extra` (may be NULL). */
gboolean mpos_gift_card_record (const MposGiftCardAction *a, const char *kind, const char *ref,
                                const char *detail, cJSON *extra, GError **error);

G_END_DECLS
