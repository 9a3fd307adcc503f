/* gift-card-view.h — a gift card as `gift-card show` and a screen read it:
 * the card and every movement of its ledger, oldest first, as a typed read
 * model. `mallposctl gift-card show --json` serialises it with
 * mpos_gift_card_view_to_json. Times are UTC seconds (0: none). */
#pragma once

#include <glib-object.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "gift-card.h"
#include "store.h"

G_BEGIN_DECLS

/* One row of the card's ledger. */
typedef struct
{
  int64_t id;
  int64_t at;
  char *kind;        /* activate, spend, refund, … */
  MposMoney amount;  /* signed, as the ledger keeps it */
  char *receipt_no;  /* the sale or return; NULL */
  int64_t member_id; /* 0: none */
  char *reason;
  char *actor;
  char *approved_by;
} MposGiftCardMovement;

/* Reference-counted (boxed: MPOS_TYPE_GIFT_CARD_VIEW). */
typedef struct
{
  MposGiftCard *card;
  int64_t at;           /* when it was read */
  gboolean expired;     /* at `at` */
  GPtrArray *movements; /* of MposGiftCardMovement*, oldest first */
} MposGiftCardView;

#define MPOS_TYPE_GIFT_CARD_VIEW (mpos_gift_card_view_get_type ())
GType mpos_gift_card_view_get_type (void);

/* Takes `card`. */
MposGiftCardView *mpos_gift_card_view_new (MposGiftCard *card, int64_t at);
MposGiftCardView *mpos_gift_card_view_ref (MposGiftCardView *view);
void mpos_gift_card_view_unref (MposGiftCardView *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposGiftCardView, mpos_gift_card_view_unref)

/* The card by serial with its ledger, at `now` (gift-card.c). */
MposGiftCardView *mpos_gift_card_view (MposStore *store, const char *serial, int64_t now,
                                       GError **error);

/* {"serial","type","name","sku","face_value","status","hold","balance","member_id",
 *  "activated_at","expires_at","expired","locked","ledger":[{"id","at","kind",
 *  "amount","receipt_no","member_id","reason","actor","approved_by"}]} — money
 * as strings, times in the store's zone, absent values left out. */
cJSON *mpos_gift_card_view_to_json (MposStore *store, const MposGiftCardView *view);

G_END_DECLS
