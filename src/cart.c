/* cart.c — what the cashier does to a sale before it is paid: add goods by
 * code, SKU or search, change quantities, override prices, discount, void,
 * attach a member, take tenders. Every change is validated first and then
 * repriced, so the cart is always consistent and explainable. */
#include "cart-private.h"
#include "fail.h"
#include "clock.h"
#include "percent.h"
#include "product-search.h"
#include "rounding.h"
#include "spend-proof.h"
#include "store-private.h"
#include "uuid.h"

#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-cart-error-quark, mpos_cart_error)
/* clang-format on */

static const char *const adjustment_kind_names[]
    = { "member_price",   "price_override", "level_discount", "promotion",
        "line_discount",  "order_discount", "cash_rounding", "coupon" };

const char *
mpos_adjustment_kind_name (MposAdjustmentKind kind)
{
  return (guint) kind < G_N_ELEMENTS (adjustment_kind_names) ? adjustment_kind_names[kind]
                                                             : "adjustment";
}

#define cart_fail(error, code, ...) mpos_fail (error, MPOS_CART_ERROR, code, __VA_ARGS__)

static void
line_free (MposCartLine *line)
{
  mpos_sku_free (line->sku);
  g_free (line->code);
  g_free (line->override_by);
  g_free (line->discount.approved_by);
  g_free (line->gift_card);
  g_ptr_array_unref (line->adjustments);
  g_free (line);
}

MposCart *
mpos_cart_new (MposStore *store, int64_t now, GError **error)
{
  const MposStoreIdentity *identity = mpos_store_get_identity (store, error);
  g_autoptr (MposCart) cart = NULL;

  if (identity == NULL)
    return NULL;
  cart = g_new0 (MposCart, 1);
  cart->store = store;
  cart->now = now;
  cart->next_line_no = 1;
  mpos_uuid_v7 (cart->sale_id);
  cart->rounding_step = identity->cash_rounding_step;
  cart->scale_layout = identity->scale_layout;
  cart->member_discount_excludes = g_strdupv (identity->member_discount_excludes);
  cart->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  cart->tenders = g_ptr_array_new_with_free_func ((GDestroyNotify) mpos_tender_free);
  cart->promotions = mpos_promotions_load_active (store, now, error);
  if (cart->promotions == NULL)
    return NULL;
  return g_steal_pointer (&cart);
}

void
mpos_cart_free (MposCart *cart)
{
  if (cart == NULL)
    return;
  if (cart->model)
    mpos_cart_model_detach (g_steal_pointer (&cart->model));
  g_free (cart->cashier);
  mpos_member_free (cart->member);
  g_ptr_array_unref (cart->lines);
  g_ptr_array_unref (cart->tenders);
  g_clear_pointer (&cart->promotions, g_ptr_array_unref);
  g_clear_pointer (&cart->coupons, g_ptr_array_unref);
  g_free (cart->order_discount.approved_by);
  g_strfreev (cart->member_discount_excludes);
  mpos_staff_clear (&cart->approver);
  g_free (cart);
}

MposStore *
mpos_cart_get_store (MposCart *cart)
{
  return cart->store;
}

const char *
mpos_cart_get_sale_id (MposCart *cart)
{
  return cart->sale_id;
}

int64_t
mpos_cart_get_now (MposCart *cart)
{
  return cart->now;
}

const char *
mpos_cart_get_cashier (MposCart *cart)
{
  return cart->cashier;
}

void
mpos_cart_set_cashier (MposCart *cart, const char *cashier)
{
  g_free (cart->cashier);
  cart->cashier = g_strdup (cashier);
}

void
mpos_cart_set_resumed_from (MposCart *cart, int64_t suspended_id)
{
  cart->resumed_from = suspended_id;
}

int64_t
mpos_cart_get_resumed_from (MposCart *cart)
{
  return cart->resumed_from;
}

void
mpos_cart_reprice (MposCart *cart)
{
  mpos_pricing_apply (cart);
  if (cart->model)
    mpos_cart_model_sync (cart->model);
}

/* ---- adding lines --------------------------------------------------------- */

static gboolean
check_qty (const MposSku *sku, int64_t qty, GError **error)
{
  if (sku->unit == MPOS_UNIT_WEIGHT && (qty < 1 || qty > MPOS_CART_MAX_GRAMS))
    return cart_fail (error, MPOS_CART_ERROR_INVALID,
                      R_ ("weigh %s: its weight must be 1–%d grams"), sku->name,
                      MPOS_CART_MAX_GRAMS);
  if (sku->unit == MPOS_UNIT_PIECE && (qty < 1 || qty > MPOS_CART_MAX_QTY))
    return cart_fail (error, MPOS_CART_ERROR_INVALID, R_ ("quantity must be 1–%d"),
                      MPOS_CART_MAX_QTY);
  return TRUE;
}

static gboolean
load_prices (MposCart *cart, MposCartLine *line, GError **error)
{
  MposSkuPrice price;

  if (!mpos_catalog_price (cart->store, line->sku->sku_id,
                           cart->member ? cart->member->level_code : NULL, cart->now, &price,
                           error))
    {
      g_prefix_error (error, "%s: ", line->sku->name);
      return FALSE;
    }
  line->list_unit_price = price.list_price;
  line->has_member_price = price.has_member_price;
  line->member_unit_price = price.member_price;
  return TRUE;
}

static gboolean
check_amount (const MposCartLine *line, GError **error)
{
  MposMoney amount;

  if (!mpos_pricing_line_amount (line->list_unit_price, line->qty,
                                 line->sku->unit == MPOS_UNIT_WEIGHT, &amount))
    return cart_fail (error, MPOS_CART_ERROR_INVALID, R_ ("the line's amount is too large"));
  return TRUE;
}

/* Takes ownership of sku. */
static MposCartLine *
append_line (MposCart *cart, MposSku *sku, const char *code, int64_t qty, GError **error)
{
  MposCartLine *line;

  if (cart->lines->len >= MPOS_CART_MAX_LINES)
    {
      mpos_sku_free (sku);
      cart_fail (error, MPOS_CART_ERROR_INVALID, R_ ("a sale holds at most %d lines"),
                 MPOS_CART_MAX_LINES);
      return NULL;
    }
  line = g_new0 (MposCartLine, 1);
  line->sku = sku;
  line->code = g_strdup (code);
  line->qty = qty;
  line->adjustments = g_ptr_array_new_with_free_func ((GDestroyNotify) mpos_adjustment_free);
  if (!check_qty (sku, qty, error) || !load_prices (cart, line, error)
      || !check_amount (line, error))
    {
      line_free (line);
      return NULL;
    }
  line->line_no = cart->next_line_no++;
  g_ptr_array_add (cart->lines, line);
  mpos_cart_reprice (cart);
  return line;
}

/* Grams that a price-embedded code stands for at the list price per kg. */
static int64_t
grams_for_price (MposMoney price, MposMoney per_kg)
{
  int64_t grams = 0;

  if (per_kg <= 0 || !mpos_round_mul_div (price, 1000, per_kg, MPOS_ROUND_HALF_UP, &grams))
    return 1;
  return MAX (grams, 1);
}

static MposCartLine *
add_embedded (MposCart *cart, MposSku *sku, const MposBarcode *barcode, const char *code,
              GError **error)
{
  MposCartLine *line;
  MposSkuPrice price;

  if (barcode->kind == MPOS_BARCODE_WEIGHT_EMBEDDED)
    return append_line (cart, sku, code, barcode->value, error);
  /* Price-embedded: the scale fixed the amount; the weight is only shown. */
  if (!mpos_catalog_price (cart->store, sku->sku_id, NULL, cart->now, &price, error))
    {
      mpos_sku_free (sku);
      return NULL;
    }
  line = append_line (cart, sku, code,
                      sku->unit == MPOS_UNIT_WEIGHT
                          ? MIN (grams_for_price (barcode->value, price.list_price),
                                 MPOS_CART_MAX_GRAMS)
                          : 1,
                      error);
  if (line != NULL)
    {
      line->has_embedded_price = TRUE;
      line->embedded_price = barcode->value;
      mpos_cart_reprice (cart);
    }
  return line;
}

static MposCartLine *
add_code (MposCart *cart, const char *code, int64_t qty, GError **error)
{
  g_autofree char *trimmed = g_strdup (code ? code : "");
  MposBarcode barcode;
  MposSku *sku = mpos_catalog_resolve_code (cart->store, code, &cart->scale_layout, &barcode, error);

  if (sku == NULL)
    return NULL;
  /* A scale label is kept whole: its weight or price is part of the code. */
  if (barcode.kind == MPOS_BARCODE_WEIGHT_EMBEDDED || barcode.kind == MPOS_BARCODE_PRICE_EMBEDDED)
    return add_embedded (cart, sku, &barcode, g_strstrip (trimmed), error);
  if (qty == 0 && sku->unit == MPOS_UNIT_WEIGHT)
    {
      cart_fail (error, MPOS_CART_ERROR_INVALID, R_ ("%s is sold by weight: weigh it or key grams"),
                 sku->name);
      mpos_sku_free (sku);
      return NULL;
    }
  return append_line (cart, sku, barcode.code, qty == 0 ? 1 : qty, error);
}

MposCartLine *
mpos_cart_add_code (MposCart *cart, const char *code, int64_t qty, GError **error)
{
  /* The SKU and its prices come from one snapshot, under one WAL read lock. */
  gboolean began = mpos_store_read_begin (cart->store);
  MposCartLine *line = add_code (cart, code, qty, error);

  mpos_store_read_end (cart->store, began);
  return line;
}

MposCartLine *
mpos_cart_add_sku (MposCart *cart, const char *sku_code, int64_t qty, GError **error)
{
  MposSku *sku = mpos_catalog_find_sku (cart->store, sku_code, error);
  MposCartLine *line;

  if (sku == NULL)
    return NULL;
  if (qty == 0 && sku->unit == MPOS_UNIT_WEIGHT)
    {
      cart_fail (error, MPOS_CART_ERROR_INVALID, R_ ("%s is sold by weight: weigh it or key grams"),
                 sku->name);
      mpos_sku_free (sku);
      return NULL;
    }
  line = append_line (cart, sku, sku_code, qty == 0 ? 1 : qty, error);
  if (line != NULL)
    line->by_sku = TRUE;
  return line;
}

MposCartLine *
mpos_cart_add_search (MposCart *cart, const char *query, int64_t qty, GError **error)
{
  g_autoptr (GPtrArray) found = mpos_product_search (cart->store, query, 6, error);
  g_autoptr (GString) names = NULL;

  if (found == NULL)
    return NULL;
  if (found->len == 1)
    return mpos_cart_add_sku (cart, ((MposSku *) g_ptr_array_index (found, 0))->sku_code, qty,
                              error);
  if (found->len == 0)
    {
      g_set_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NOT_FOUND,
                   R_ ("no product matches “%s”"), query);
      return NULL;
    }
  names = g_string_new (NULL);
  for (guint i = 0; i < found->len; i++)
    {
      MposSku *match = g_ptr_array_index (found, i);
      g_autofree char *name = mpos_sku_display_name (match); /* with the spec: 330ml, 2L */
      g_string_append_printf (names, "%s%s %s", i ? ", " : "", match->sku_code, name);
    }
  cart_fail (error, MPOS_CART_ERROR_AMBIGUOUS, R_ ("“%s” matches several products: %s"), query,
             names->str);
  return NULL;
}

/* ---- changing lines ------------------------------------------------------- */

MposCartLine *
mpos_cart_get_line (MposCart *cart, guint line_no)
{
  for (guint i = 0; i < cart->lines->len; i++)
    {
      MposCartLine *line = g_ptr_array_index (cart->lines, i);
      if (line->line_no == line_no)
        return line;
    }
  return NULL;
}

static MposCartLine *
require_line (MposCart *cart, guint line_no, GError **error)
{
  MposCartLine *line = mpos_cart_get_line (cart, line_no);

  if (line == NULL)
    cart_fail (error, MPOS_CART_ERROR_NO_LINE, R_ ("there is no line %u"), line_no);
  return line;
}

gboolean
mpos_cart_set_qty (MposCart *cart, guint line_no, int64_t qty, GError **error)
{
  MposCartLine *line = require_line (cart, line_no, error);

  if (line == NULL || !check_qty (line->sku, qty, error))
    return FALSE;
  if (line->has_embedded_price)
    return cart_fail (error, MPOS_CART_ERROR_INVALID,
                      R_ ("the scale fixed this line's price; scan the label again instead"));
  line->qty = qty;
  mpos_cart_reprice (cart);
  return TRUE;
}

gboolean
mpos_cart_override_price (MposCart *cart, guint line_no, MposMoney unit_price,
                          const char *approved_by, GError **error)
{
  MposCartLine *line = require_line (cart, line_no, error);

  if (line == NULL)
    return FALSE;
  if (unit_price < 0 || unit_price > MPOS_MONEY_MAX / MPOS_CART_MAX_GRAMS)
    return cart_fail (error, MPOS_CART_ERROR_INVALID, R_ ("the new price is out of range"));
  line->overridden = TRUE;
  line->override_unit_price = unit_price;
  g_free (line->override_by);
  line->override_by = g_strdup (approved_by);
  mpos_cart_reprice (cart);
  return TRUE;
}

static gboolean
check_discount (MposDiscountKind kind, int64_t value, GError **error)
{
  if (kind == MPOS_DISCOUNT_PERCENT && (value < 0 || value > 10000))
    return cart_fail (error, MPOS_CART_ERROR_INVALID, R_ ("a discount is 0%%–100%%"));
  if (kind == MPOS_DISCOUNT_AMOUNT && (value < 0 || value > MPOS_MONEY_MAX))
    return cart_fail (error, MPOS_CART_ERROR_INVALID, R_ ("a discount amount must be 0 or more"));
  return TRUE;
}

static void
set_discount (MposDiscount *discount, MposDiscountKind kind, int64_t value, const char *approved_by)
{
  discount->kind = kind;
  discount->value = value;
  g_free (discount->approved_by);
  discount->approved_by = g_strdup (approved_by);
}

gboolean
mpos_cart_set_line_discount (MposCart *cart, guint line_no, MposDiscountKind kind, int64_t value,
                             const char *approved_by, GError **error)
{
  MposCartLine *line = require_line (cart, line_no, error);

  if (line == NULL || !check_discount (kind, value, error))
    return FALSE;
  set_discount (&line->discount, kind, value, approved_by);
  mpos_cart_reprice (cart);
  return TRUE;
}

gboolean
mpos_cart_set_order_discount (MposCart *cart, MposDiscountKind kind, int64_t value,
                              const char *approved_by, GError **error)
{
  if (!check_discount (kind, value, error))
    return FALSE;
  set_discount (&cart->order_discount, kind, value, approved_by);
  mpos_cart_reprice (cart);
  return TRUE;
}

gboolean
mpos_cart_void_line (MposCart *cart, guint line_no, GError **error)
{
  MposCartLine *line = require_line (cart, line_no, error);

  if (line == NULL)
    return FALSE;
  g_ptr_array_remove (cart->lines, line);
  cart->voided++;
  mpos_cart_reprice (cart);
  return TRUE;
}

guint
mpos_cart_voided_count (MposCart *cart)
{
  return cart->voided;
}

/* ---- member --------------------------------------------------------------- */

gboolean
mpos_cart_set_member (MposCart *cart, const char *card_or_phone, GError **error)
{
  MposMember *member = mpos_member_lookup (cart->store, card_or_phone, error);

  if (member == NULL)
    return FALSE;
  mpos_cart_member_found (cart, member, card_or_phone);
  mpos_member_free (cart->member);
  cart->member = member;
  for (guint i = 0; i < cart->lines->len; i++)
    if (!load_prices (cart, g_ptr_array_index (cart->lines, i), error))
      return FALSE;
  mpos_cart_reprice (cart);
  return TRUE;
}

const MposMember *
mpos_cart_get_member (MposCart *cart)
{
  return cart->member;
}

/* ---- totals --------------------------------------------------------------- */

GPtrArray *
mpos_cart_get_lines (MposCart *cart)
{
  return cart->lines;
}

const MposDiscount *
mpos_cart_get_order_discount (MposCart *cart)
{
  return &cart->order_discount;
}

MposMoney
mpos_cart_subtotal (MposCart *cart)
{
  MposMoney sum = 0;

  for (guint i = 0; i < cart->lines->len; i++)
    sum += ((MposCartLine *) g_ptr_array_index (cart->lines, i))->gross;
  return sum;
}

MposMoney
mpos_cart_total (MposCart *cart)
{
  MposMoney sum = 0;

  for (guint i = 0; i < cart->lines->len; i++)
    sum += ((MposCartLine *) g_ptr_array_index (cart->lines, i))->net;
  return sum;
}

MposMoney
mpos_cart_tax_total (MposCart *cart)
{
  MposMoney sum = 0;

  for (guint i = 0; i < cart->lines->len; i++)
    sum += ((MposCartLine *) g_ptr_array_index (cart->lines, i))->tax;
  return sum;
}

int64_t
mpos_cart_item_count (MposCart *cart)
{
  int64_t count = 0;

  for (guint i = 0; i < cart->lines->len; i++)
    {
      MposCartLine *line = g_ptr_array_index (cart->lines, i);
      count += line->sku->unit == MPOS_UNIT_WEIGHT ? 1 : line->qty;
    }
  return count;
}

/* ---- tenders -------------------------------------------------------------- */

gboolean
mpos_cart_add_tender (MposCart *cart, const MposTender *tender, GError **error)
{
  if (tender->amount <= 0 || tender->amount > MPOS_MONEY_MAX)
    return cart_fail (error, MPOS_CART_ERROR_TENDER, R_ ("a payment must be more than 0"));
  if (cart->tenders->len >= 16)
    return cart_fail (error, MPOS_CART_ERROR_TENDER, R_ ("at most 16 payments per sale"));
  g_ptr_array_add (cart->tenders, mpos_tender_copy (tender));
  if (cart->model)
    mpos_cart_model_sync (cart->model);
  return TRUE;
}

gboolean
mpos_cart_remove_tender (MposCart *cart, guint index, GError **error)
{
  if (index >= cart->tenders->len)
    return cart_fail (error, MPOS_CART_ERROR_TENDER, R_ ("there is no payment %u on this sale"),
                      index + 1);
  g_ptr_array_remove_index (cart->tenders, index);
  return TRUE;
}

GPtrArray *
mpos_cart_get_tenders (MposCart *cart)
{
  return cart->tenders;
}

const char *
mpos_cart_get_member_proof (MposCart *cart)
{
  for (guint i = 0; i < cart->tenders->len; i++)
    {
      const MposTender *t = g_ptr_array_index (cart->tenders, i);

      if (mpos_tender_kind (t->type)->member_account && mpos_spend_proof_proven (t->provider))
        return t->provider;
    }
  return NULL;
}

MposMoney
mpos_cart_tendered (MposCart *cart)
{
  MposMoney sum = 0;

  for (guint i = 0; i < cart->tenders->len; i++)
    sum += ((MposTender *) g_ptr_array_index (cart->tenders, i))->amount;
  return sum;
}

static MposMoney
cash_tendered (MposCart *cart)
{
  MposMoney sum = 0;

  for (guint i = 0; i < cart->tenders->len; i++)
    {
      MposTender *tender = g_ptr_array_index (cart->tenders, i);
      if (mpos_tender_kind (tender->type)->gives_change)
        sum += tender->amount;
    }
  return sum;
}

/* Payments other than cash give no change: name the last of them, what it
 * pays and how much less it may pay (issue 12: the message used to blame
 * "card and mobile" whatever the tender was). */
static gboolean
refuse_non_cash_change (MposCart *cart, MposMoney excess, MposMoney total, GError **error)
{
  const MposTender *last = NULL;
  char amount[MPOS_MONEY_BUF], over[MPOS_MONEY_BUF], of[MPOS_MONEY_BUF], most[MPOS_MONEY_BUF];

  for (guint i = 0; i < cart->tenders->len; i++)
    {
      const MposTender *t = g_ptr_array_index (cart->tenders, i);
      if (!mpos_tender_kind (t->type)->gives_change)
        last = t;
    }
  return cart_fail (error, MPOS_CART_ERROR_TENDER,
                    R_ ("the %s payment of %s is %s more than the %s due (only cash gives change): "
                        "make it at most %s"),
                    mpos_tender_label (last), mpos_money_to_buf (last->amount, amount),
                    mpos_money_to_buf (excess, over), mpos_money_to_buf (total, of),
                    mpos_money_to_buf (MAX (last->amount - excess, 0), most));
}

gboolean
mpos_cart_settle (MposCart *cart, MposMoney *change_out, GError **error)
{
  MposMoney tendered = mpos_cart_tendered (cart);
  MposMoney cash = cash_tendered (cart);
  gboolean all_cash = cart->tenders->len > 0 && cash == tendered;
  MposMoney total, change;
  char due[MPOS_MONEY_BUF], paid[MPOS_MONEY_BUF], of[MPOS_MONEY_BUF];

  if (cart->lines->len == 0)
    return cart_fail (error, MPOS_CART_ERROR_EMPTY, R_ ("the sale has no items"));
  if (all_cash != cart->rounding_applies)
    {
      cart->rounding_applies = all_cash;
      mpos_cart_reprice (cart);
    }
  total = mpos_cart_total (cart);
  if (tendered < total)
    return cart_fail (error, MPOS_CART_ERROR_TENDER, R_ ("%s is still due (paid %s of %s)"),
                      mpos_money_to_buf (total - tendered, due), mpos_money_to_buf (tendered, paid),
                      mpos_money_to_buf (total, of));
  change = tendered - total;
  if (change > cash)
    return refuse_non_cash_change (cart, tendered - cash - total, total, error);
  if (change_out)
    *change_out = change;
  return TRUE;
}

/* ---- explanation ---------------------------------------------------------- */

char *
mpos_cart_line_explain (const MposCartLine *line)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *name = mpos_sku_display_name (line->sku);
  char a[MPOS_MONEY_BUF], b[MPOS_MONEY_BUF];

  g_string_append_printf (out, "%s\n", name);
  if (line->has_embedded_price)
    g_string_append_printf (out, "  scale label price %s\n", mpos_money_to_buf (line->gross, a));
  else if (line->sku->unit == MPOS_UNIT_WEIGHT)
    g_string_append_printf (out, "  list %s/kg × %" G_GINT64_FORMAT " g = %s (half-up)\n",
                            mpos_money_to_buf (line->list_unit_price, a), line->qty,
                            mpos_money_to_buf (line->gross, b));
  else
    g_string_append_printf (out, "  list %s × %" G_GINT64_FORMAT " = %s\n",
                            mpos_money_to_buf (line->list_unit_price, a), line->qty,
                            mpos_money_to_buf (line->gross, b));
  for (guint i = 0; i < line->adjustments->len; i++)
    {
      MposAdjustment *adj = g_ptr_array_index (line->adjustments, i);
      g_string_append_printf (out, "  %s [%s%s%s] %s\n", adj->label,
                              mpos_adjustment_kind_name (adj->kind), adj->source ? " " : "",
                              adj->source ? adj->source : "", mpos_money_to_buf (adj->amount, a));
    }
  g_string_append_printf (out, "  = %s\n", mpos_money_to_buf (line->net, a));
  return g_string_free (g_steal_pointer (&out), FALSE);
}
