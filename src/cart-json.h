/* cart-json.h — a cart as a JSON document: how scripts and `mallposctl sale`
 * ring a sale, and how a suspended sale is kept until it is resumed.
 *
 * {"cashier":"1001","member":"<card or phone>",
 *  "lines":[{"code":"6901234567892","qty":2},
 *           {"sku":"100001","price":"3.00","approved_by":"9001"},
 *           {"search":"金龙鱼","discount":"10%"},
 *           {"code":"6920000000000","void":true},
 *           {"gift_card":"GC100-000001"}],
 *  "order_discount":"5.00","order_discount_approved_by":"9001",
 *  "coupons":["K7QM2X9DH4RTW8ZC"],
 *  "tenders":[{"type":"cash","amount":"100.00"},
 *             {"type":"bank_card","amount":"50.00","reference":"000123"},
 *             {"type":"mobile","code":"134567890123456789","amount":"20.00"},
 *             {"type":"points","points":500},
 *             {"type":"stored_value","amount":"50.00","pin":"123456"},
 *             {"type":"gift_card","card":"GC100-000002","pin":"7KQ4M2XP9WTA","amount":"30.00"}]}
 *
 * Points pay what they are worth by the loyalty rules (500 points = 5.00 at
 * 100 points per yuan); a stored-value payment's "pin" is checked while the
 * document is read (a wrong one counts towards the lock) and never kept; so
 * is a gift card's secret. A "gift_card" line sells that card (src/gift-card-sale.h).
 * Coupons (src/coupon.h) go on after the lines, in order; each is refused
 * with its reason (MPOS_COUPON_ERROR) when it cannot be used on this sale.
 * Money is always a string; "qty" is pieces, or grams for weighed goods.
 * Strict (json-strict.h): a key given twice, a key not shown above (or one of
 * another payment type's) and \u0000 are refused, with the place. */
#pragma once

#include <glib.h>
#include <cjson/cJSON.h>
#include "cart.h"
#include "json-strict.h"

G_BEGIN_DECLS

/* The keys a sale document may hold (above); any other is refused. */
extern const MposJsonShape mpos_cart_document_shape;

/* Builds a priced cart from the document. Errors name the line ("line 3: …"). */
MposCart *mpos_cart_from_json (MposStore *store, const char *data, gsize length, int64_t now,
                               GError **error);

/* The document that rebuilds this cart (without tenders), for suspend. */
cJSON *mpos_cart_to_json (MposCart *cart);

/* The cart as priced: lines with adjustments and explanations, totals (for --json output). */
cJSON *mpos_cart_priced_json (MposCart *cart);

G_END_DECLS
