/* gift-card-sale.h — where a sale and a return meet gift cards: a cart line
 * that sells a card by its serial, and the hooks the sale and return code
 * call inside their one transaction, so a card sold is active only if the
 * sale commits and every fen a card paid goes back to it on return. */
#pragma once

#include <glib.h>
#include <cjson/cJSON.h>
#include "cart.h"
#include "gift-card.h"
#include "sale-record.h"
#include "store.h"

G_BEGIN_DECLS

/* Adds a line selling card `serial` (scanned or keyed): its type's product,
 * quantity 1, at the face value — no member price, promotion or discount
 * ever applies to it. Refuses an unknown card, one already sold or held,
 * and the same card twice in a sale. */
MposCartLine *mpos_cart_add_gift_card (MposCart *cart, const char *serial, GError **error);

/* After the sale's lines and tenders are written (tender i is seq i + 1):
 * activates the cards its lines sell (and refuses a gift-card product
 * without a serial, a card below face value, or cards paid with points,
 * stored value or gift cards), then spends its gift-card tenders from
 * their cards — each card checked again: active, not held or expired,
 * balance enough. */
gboolean mpos_gift_card_apply_sale (MposStore *store, MposCart *cart, const char *sale_id,
                                    int64_t now, GError **error);

/* After a return's lines and tenders are written: a returned card line puts
 * its card back in stock (refused, USED, once anything was spent from it),
 * and each refund to a gift-card tender goes back to the card it came from,
 * correcting that spend. */
gboolean mpos_gift_card_apply_return (MposStore *store, const MposSaleRecord *original,
                                      const MposSaleRecord *ret, int64_t now, GError **error);

/* A return without a receipt may not refund a gift card (NOT_ALLOWED). */
gboolean mpos_gift_card_check_blind_return (MposCart *cart, GError **error);

/* Adds "gift_cards": [{"id","serial","kind","amount","line_no","tender_seq",
 * "corrects"}] — the sale's (or return's) card movements — to its journal
 * payload; nothing for a sale without. */
gboolean mpos_gift_card_add_json (MposStore *store, const char *sale_id, cJSON *payload,
                                  GError **error);

G_END_DECLS
