/* cart-json.c — reading a sale document into a cart (every field checked,
 * every refusal naming its line) and writing a cart back out. */
#include "cart-json.h"
#include "tender-counter.h"
#include "loyalty.h"
#include "cart-private.h"
#include "cashier.h"
#include "coupon.h"
#include "gift-card-sale.h"
#include "json-fields.h"
#include "loyalty-rules.h"
#include "member-card-presence.h"
#include "member-qr.h"
#include "percent.h"
#include "stored-value.h"

#include <string.h>

#define MAX_CODE_BYTES 64
#define MAX_NAME_BYTES 64

/* ---- the document's shape (cart-json.h) ----------------------------------- */

static const MposJsonShape line_shape = {
  .what = "a sale line",
  .keys = (const MposJsonKey[]){ { "code", NULL },
                                 { "sku", NULL },
                                 { "search", NULL },
                                 { "gift_card", NULL },
                                 { "qty", NULL },
                                 { "price", NULL },
                                 { "discount", NULL },
                                 { "approved_by", NULL },
                                 { "void", NULL },
                                 { NULL } },
};

static const MposJsonKey with_reference[] = { { "amount", NULL }, { "reference", NULL }, { NULL } };

static const MposJsonShape tender_shape = {
  .what = "a payment",
  .keys = (const MposJsonKey[]){ { "type", NULL }, { NULL } },
  .tag = "type",
  .variants = (const MposJsonVariant[]){ { "cash", with_reference },
                                         { "bank_card", with_reference },
                                         { "other", with_reference },
                                         { "mobile", (const MposJsonKey[]){ { "amount", NULL },
                                                                            { "code", NULL },
                                                                            { NULL } } },
                                         { "points",
                                           (const MposJsonKey[]){
                                               { "points", NULL }, { "amount", NULL },
                                               { "pin", NULL }, { "qr", NULL }, { "card", NULL },
                                               { NULL } } },
                                         { "stored_value",
                                           (const MposJsonKey[]){
                                               { "amount", NULL }, { "pin", NULL }, { "qr", NULL },
                                               { "card", NULL }, { NULL } } },
                                         { "gift_card", (const MposJsonKey[]){ { "amount", NULL },
                                                                               { "card", NULL },
                                                                               { "pin", NULL },
                                                                               { NULL } } },
                                         { NULL } },
};

const MposJsonShape mpos_cart_document_shape = {
  .what = "a sale document",
  .keys = (const MposJsonKey[]){ { "cashier", NULL },
                                 { "member", NULL },
                                 { "lines", &(const MposJsonShape){ .items = &line_shape } },
                                 { "order_discount", NULL },
                                 { "order_discount_approved_by", NULL },
                                 { "coupons", NULL },
                                 { "tenders", &(const MposJsonShape){ .items = &tender_shape } },
                                 { NULL } },
};

static gboolean
parse_discount (const char *text, MposDiscountKind *kind, int64_t *value, GError **error)
{
  MposMoney amount = 0;
  int bp = 0;

  if (strchr (text, '%'))
    {
      if (!mpos_percent_parse (text, &bp, error))
        return FALSE;
      *kind = MPOS_DISCOUNT_PERCENT;
      *value = bp;
      return TRUE;
    }
  if (!mpos_money_parse (text, MPOS_MONEY_PARSE_DEFAULT, &amount, error))
    return FALSE;
  *kind = MPOS_DISCOUNT_AMOUNT;
  *value = amount;
  return TRUE;
}

static MposCartLine *
add_line_item (MposCart *cart, const cJSON *item, int64_t qty, GError **error)
{
  const char *code = NULL, *sku = NULL, *search = NULL, *gift_card = NULL;

  if (!mpos_json_get_string (item, "code", FALSE, MAX_CODE_BYTES, &code, error)
      || !mpos_json_get_string (item, "sku", FALSE, MAX_CODE_BYTES, &sku, error)
      || !mpos_json_get_string (item, "search", FALSE, 200, &search, error)
      || !mpos_json_get_string (item, "gift_card", FALSE, MAX_CODE_BYTES, &gift_card, error))
    return NULL;
  if ((code != NULL) + (sku != NULL) + (search != NULL) + (gift_card != NULL) != 1)
    {
      g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID,
                   "give exactly one of “code”, “sku”, “search” or “gift_card”");
      return NULL;
    }
  if (gift_card && qty > 1)
    {
      g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID,
                   "a gift card line sells one card: give each card's serial on its own line");
      return NULL;
    }
  if (gift_card)
    return mpos_cart_add_gift_card (cart, gift_card, error);
  if (code)
    return mpos_cart_add_code (cart, code, qty, error);
  if (sku)
    return mpos_cart_add_sku (cart, sku, qty, error);
  return mpos_cart_add_search (cart, search, qty, error);
}

static gboolean
apply_line_options (MposCart *cart, MposCartLine *line, const cJSON *item, GError **error)
{
  const char *approved_by = NULL, *discount = NULL;
  MposMoney price = -1;
  MposDiscountKind kind;
  int64_t value;
  gboolean is_void = FALSE;

  if (!mpos_json_get_string (item, "approved_by", FALSE, MAX_NAME_BYTES, &approved_by, error)
      || !mpos_json_get_money (item, "price", FALSE, 0, &price, error)
      || !mpos_json_get_string (item, "discount", FALSE, 32, &discount, error)
      || !mpos_json_get_bool (item, "void", &is_void, error))
    return FALSE;
  if (price >= 0
      && !mpos_cart_override_price (cart, line->line_no, price, approved_by, error))
    return FALSE;
  if (discount
      && (!parse_discount (discount, &kind, &value, error)
          || !mpos_cart_set_line_discount (cart, line->line_no, kind, value, approved_by, error)))
    return FALSE;
  return !is_void || mpos_cart_void_line (cart, line->line_no, error);
}

static gboolean
add_lines (MposCart *cart, const cJSON *root, GError **error)
{
  const cJSON *lines = cJSON_GetObjectItemCaseSensitive (root, "lines");
  const cJSON *item;
  guint index = 0;

  if (!cJSON_IsArray (lines))
    {
      g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID,
                   "“lines” must be an array of items");
      return FALSE;
    }
  cJSON_ArrayForEach (item, lines)
    {
      int64_t qty = 0;
      MposCartLine *line = NULL;

      index++;
      if (!cJSON_IsObject (item)
          || !mpos_json_get_int (item, "qty", FALSE, 1, MPOS_CART_MAX_GRAMS, &qty, error)
          || (line = add_line_item (cart, item, qty, error)) == NULL
          || !apply_line_options (cart, line, item, error))
        {
          if (error && *error == NULL)
            g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID, "not an object");
          g_prefix_error (error, "line %u: ", index);
          return FALSE;
        }
    }
  return TRUE;
}

/* The member's proof a points or stored-value payment carries: "pin", or
 * "qr":"MP1.…" (the member code on the member's phone), or "card":"CP2.…"
 * (the member's card just read on the card reader: wait-card --json gives
 * it); checked when the tender is made (a wrong PIN counts, a card read is
 * used up) and never kept. Once a payment of the sale carried a proof, it
 * covers the sale's later ones (proven_by). */
static gboolean
proof_from_json (MposCart *cart, const cJSON *item, MposSpendProof *proof, GError **error)
{
  *proof = (MposSpendProof){ .proven_by = mpos_cart_get_member_proof (cart) };
  return mpos_json_get_string (item, "pin", FALSE, 16, &proof->pin, error)
         && mpos_json_get_string (item, "qr", FALSE, MPOS_MEMBER_QR_MAX_LEN, &proof->qr_token,
                                  error)
         && mpos_json_get_string (item, "card", FALSE, MPOS_CARD_PRESENCE_MAX_LEN,
                                  &proof->card_presence, error);
}

/* {"type":"points","points":500} (and the member's proof when the sale
 * needs it): the amount is what the points are worth. */
static MposTender *
points_tender_from_json (MposCart *cart, const cJSON *item, GError **error)
{
  g_autoptr (MposTender) tender = NULL;
  MposSpendProof proof;
  int64_t points = 0;
  MposMoney amount = -1;

  if (!mpos_json_get_int (item, "points", TRUE, 1, 1000000000, &points, error)
      || !mpos_json_get_money (item, "amount", FALSE, 0, &amount, error)
      || !proof_from_json (cart, item, &proof, error))
    return NULL;
  /* Without a member the sale refuses the points, saying to add the member. */
  tender = cart->member == NULL ? mpos_points_tender_new (cart->store, points, error)
                                : mpos_points_tender_new_proven (cart->store, cart->member->id,
                                                                 points, &proof, cart->now, error);
  if (tender != NULL && amount >= 0 && amount != tender->amount)
    {
      g_set_error (error, MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID,
                   "%" G_GINT64_FORMAT " points are not worth the “amount” given", points);
      return NULL;
    }
  return g_steal_pointer (&tender);
}

/* {"type":"stored_value","amount":"50.00","pin":"123456"}, or with the
 * member's other proofs (proof_from_json). */
static MposTender *
stored_value_tender_from_json (MposCart *cart, const cJSON *item, GError **error)
{
  MposSpendProof proof;
  MposMoney amount = 0;

  if (!mpos_json_get_money (item, "amount", TRUE, 0, &amount, error)
      || !proof_from_json (cart, item, &proof, error))
    return NULL;
  return mpos_stored_value_tender_new_proven (cart->store, cart->member ? cart->member->id : 0,
                                              amount, &proof, cart->now, error);
}

/* {"type":"gift_card","card":"GC100-000001","pin":"7KQ4M2XP9WTA","amount":"50.00"}:
 * the card's secret is checked now (a wrong one counts) and never kept. */
static MposTender *
gift_card_tender_from_json (MposCart *cart, const cJSON *item, GError **error)
{
  const char *card = NULL, *pin = NULL;
  MposMoney amount = 0;

  if (!mpos_json_get_money (item, "amount", TRUE, 0, &amount, error)
      || !mpos_json_get_string (item, "card", TRUE, MAX_CODE_BYTES, &card, error)
      || !mpos_json_get_string (item, "pin", FALSE, 32, &pin, error))
    return NULL;
  return mpos_gift_card_tender_new (cart->store, card, pin, amount, cart->now, error);
}

static MposTender *
tender_from_json (MposCart *cart, const cJSON *item, GError **error)
{
  const char *type_name = NULL, *reference = NULL, *code = NULL;
  MposTenderType type;
  MposMoney amount = 0;

  if (!mpos_json_get_string (item, "type", TRUE, 32, &type_name, error))
    return NULL;
  if (!mpos_tender_type_from_name (type_name, &type))
    {
      g_autofree char *known = mpos_tender_type_names ();

      g_set_error (error, MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID,
                   "unknown payment type “%s” (%s)", type_name, known);
      return NULL;
    }
  if (type == MPOS_TENDER_POINTS)
    return points_tender_from_json (cart, item, error);
  if (type == MPOS_TENDER_STORED_VALUE)
    return stored_value_tender_from_json (cart, item, error);
  if (type == MPOS_TENDER_GIFT_CARD)
    return gift_card_tender_from_json (cart, item, error);
  if (!mpos_json_get_money (item, "amount", TRUE, 0, &amount, error)
      || !mpos_json_get_string (item, "reference", FALSE, 64, &reference, error)
      || !mpos_json_get_string (item, "code", FALSE, 64, &code, error))
    return NULL;
  if (mpos_tender_kind (type)->needs_reference && reference == NULL)
    {
      g_set_error (error, MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID,
                   "a bank card payment needs the card terminal's “reference”");
      return NULL;
    }
  return mpos_tender_new_at_counter (type, amount, reference, code, error);
}

static gboolean
add_tenders (MposCart *cart, const cJSON *root, GError **error)
{
  const cJSON *tenders = cJSON_GetObjectItemCaseSensitive (root, "tenders");
  const cJSON *item;
  guint index = 0;

  if (tenders != NULL && !cJSON_IsArray (tenders))
    {
      g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID, "“tenders” must be an array");
      return FALSE;
    }
  cJSON_ArrayForEach (item, tenders)
    {
      g_autoptr (MposTender) tender = NULL;

      index++;
      tender = tender_from_json (cart, item, error);
      if (tender == NULL || !mpos_cart_add_tender (cart, tender, error))
        {
          g_prefix_error (error, "payment %u: ", index);
          return FALSE;
        }
    }
  return TRUE;
}

/* "coupons": ["CODE", …], after the lines: a coupon's threshold needs the goods. */
static gboolean
add_coupons (MposCart *cart, const cJSON *root, GError **error)
{
  const cJSON *coupons = cJSON_GetObjectItemCaseSensitive (root, "coupons");
  const cJSON *item;
  guint index = 0;

  if (coupons != NULL && !cJSON_IsArray (coupons))
    {
      g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID,
                   "“coupons” must be an array of coupon codes");
      return FALSE;
    }
  cJSON_ArrayForEach (item, coupons)
    {
      index++;
      if (!cJSON_IsString (item) || strlen (item->valuestring) > MAX_CODE_BYTES)
        {
          g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID,
                       "coupon %u: a coupon is its code as a string", index);
          return FALSE;
        }
      if (!mpos_cart_add_coupon (cart, item->valuestring, error))
        {
          g_prefix_error (error, "coupon %u: ", index);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
apply_order (MposCart *cart, const cJSON *root, GError **error)
{
  const char *cashier = NULL, *member = NULL, *discount = NULL, *approved_by = NULL;
  MposDiscountKind kind;
  int64_t value;

  if (!mpos_json_get_string (root, "cashier", FALSE, MAX_NAME_BYTES, &cashier, error)
      || !mpos_json_get_string (root, "member", FALSE, MAX_CODE_BYTES, &member, error)
      || !mpos_json_get_string (root, "order_discount", FALSE, 32, &discount, error)
      || !mpos_json_get_string (root, "order_discount_approved_by", FALSE, MAX_NAME_BYTES,
                                &approved_by, error))
    return FALSE;
  if (cashier)
    mpos_cart_set_cashier (cart, cashier);
  else /* the terminal's default cashier, else none ("unknown" on a sale) */
    cart->cashier = mpos_cashier_get_default (cart->store);
  if (member && !mpos_cart_set_member (cart, member, error))
    return FALSE;
  if (discount
      && (!parse_discount (discount, &kind, &value, error)
          || !mpos_cart_set_order_discount (cart, kind, value, approved_by, error)))
    {
      g_prefix_error (error, "order discount: ");
      return FALSE;
    }
  return TRUE;
}

MposCart *
mpos_cart_from_json (MposStore *store, const char *data, gsize length, int64_t now,
                     GError **error)
{
  g_autoptr (cJSON) root = mpos_json_parse (data, length, &mpos_cart_document_shape, error);
  g_autoptr (MposCart) cart = NULL;

  if (root == NULL)
    return NULL;
  if (!cJSON_IsObject (root))
    {
      g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE, "a sale document is an object");
      return NULL;
    }
  cart = mpos_cart_new (store, now, error);
  /* The member comes first so that lines are priced for them as they are added. */
  if (cart == NULL || !apply_order (cart, root, error) || !add_lines (cart, root, error)
      || !add_coupons (cart, root, error) || !add_tenders (cart, root, error))
    return NULL;
  return g_steal_pointer (&cart);
}

/* ---- writing ---------------------------------------------------------------- */

static void
add_discount (cJSON *json, const char *key, const MposDiscount *discount)
{
  g_autofree char *text = NULL;

  if (discount->kind == MPOS_DISCOUNT_PERCENT)
    text = mpos_percent_format ((int) discount->value);
  else if (discount->kind == MPOS_DISCOUNT_AMOUNT)
    text = mpos_money_format (discount->value, MPOS_MONEY_FORMAT_PLAIN);
  if (text)
    cJSON_AddStringToObject (json, key, text);
}

static cJSON *
line_document (const MposCartLine *line)
{
  cJSON *json = cJSON_CreateObject ();

  if (line->gift_card)
    {
      cJSON_AddStringToObject (json, "gift_card", line->gift_card);
      return json;
    }
  cJSON_AddStringToObject (json, line->by_sku ? "sku" : "code", line->code);
  if (!line->has_embedded_price)
    cJSON_AddNumberToObject (json, "qty", (double) line->qty);
  if (line->overridden)
    mpos_json_add_money (json, "price", line->override_unit_price);
  add_discount (json, "discount", &line->discount);
  if (line->override_by || line->discount.approved_by)
    cJSON_AddStringToObject (json, "approved_by",
                             line->override_by ? line->override_by : line->discount.approved_by);
  return json;
}

cJSON *
mpos_cart_to_json (MposCart *cart)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *lines;

  if (cart->cashier)
    cJSON_AddStringToObject (json, "cashier", cart->cashier);
  /* A member with no active card (all lost) was found by phone or QR code:
   * the phone brings them back on resume. */
  if (cart->member && (cart->member->card_no || cart->member->phone))
    cJSON_AddStringToObject (json, "member",
                             cart->member->card_no ? cart->member->card_no : cart->member->phone);
  lines = cJSON_AddArrayToObject (json, "lines");
  for (guint i = 0; i < cart->lines->len; i++)
    cJSON_AddItemToArray (lines, line_document (g_ptr_array_index (cart->lines, i)));
  add_discount (json, "order_discount", &cart->order_discount);
  if (cart->order_discount.approved_by)
    cJSON_AddStringToObject (json, "order_discount_approved_by", cart->order_discount.approved_by);
  if (cart->coupons && cart->coupons->len > 0)
    {
      cJSON *coupons = cJSON_AddArrayToObject (json, "coupons");
      for (guint i = 0; i < cart->coupons->len; i++)
        cJSON_AddItemToArray (coupons, cJSON_CreateString (((MposCartCoupon *) g_ptr_array_index (
                                                                cart->coupons, i))->code));
    }
  return json;
}

static cJSON *
priced_line (const MposCartLine *line)
{
  cJSON *json = cJSON_CreateObject ();
  g_autofree char *name = mpos_sku_display_name (line->sku);
  g_autofree char *explain = mpos_cart_line_explain (line);
  cJSON *adjustments = cJSON_AddArrayToObject (json, "adjustments");

  cJSON_AddNumberToObject (json, "line_no", line->line_no);
  cJSON_AddStringToObject (json, "sku", line->sku->sku_code);
  if (line->gift_card)
    cJSON_AddStringToObject (json, "gift_card", line->gift_card);
  cJSON_AddStringToObject (json, "name", name);
  cJSON_AddNumberToObject (json, "qty", (double) line->qty);
  mpos_json_add_money (json, "unit_price", line->list_unit_price);
  mpos_json_add_money (json, "gross", line->gross);
  mpos_json_add_money (json, "net", line->net);
  for (guint k = 0; k < line->adjustments->len; k++)
    {
      const MposAdjustment *adj = g_ptr_array_index (line->adjustments, k);
      cJSON *a = cJSON_CreateObject ();
      cJSON_AddStringToObject (a, "kind", mpos_adjustment_kind_name (adj->kind));
      if (adj->source)
        cJSON_AddStringToObject (a, "source", adj->source);
      cJSON_AddStringToObject (a, "label", adj->label);
      mpos_json_add_money (a, "amount", adj->amount);
      cJSON_AddItemToArray (adjustments, a);
    }
  cJSON_AddStringToObject (json, "explain", explain);
  return json;
}

cJSON *
mpos_cart_priced_json (MposCart *cart)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *lines = cJSON_AddArrayToObject (json, "lines");

  for (guint i = 0; i < cart->lines->len; i++)
    cJSON_AddItemToArray (lines, priced_line (g_ptr_array_index (cart->lines, i)));
  mpos_json_add_money (json, "subtotal", mpos_cart_subtotal (cart));
  mpos_json_add_money (json, "total", mpos_cart_total (cart));
  mpos_json_add_money (json, "tax_total", mpos_cart_tax_total (cart));
  cJSON_AddNumberToObject (json, "item_count", (double) mpos_cart_item_count (cart));
  if (cart->coupons && cart->coupons->len > 0)
    {
      cJSON *coupons = cJSON_AddArrayToObject (json, "coupons");
      for (guint i = 0; i < cart->coupons->len; i++)
        {
          const MposCartCoupon *c = g_ptr_array_index (cart->coupons, i);
          cJSON *item = cJSON_CreateObject ();
          cJSON_AddStringToObject (item, "code", c->code);
          cJSON_AddStringToObject (item, "template", c->coupon->template_code);
          cJSON_AddStringToObject (item, "name", c->coupon->tmpl->name);
          mpos_json_add_money (item, "discount", c->discount);
          if (c->forfeit > 0)
            mpos_json_add_money (item, "forfeit", c->forfeit);
          cJSON_AddItemToArray (coupons, item);
        }
    }
  return json;
}
