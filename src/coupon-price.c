/* coupon-price.c — the pricing engine's coupon step (pricing.c, step 3b):
 * which lines a coupon covers, whether its threshold is reached on what the
 * goods cost before any coupon, and its share of each line, rounded
 * half-up. It reads the cart and calls nothing that changes it: putting a
 * coupon on a cart is coupon-cart.c's, which reprices through the cart. */
#include "coupon-price.h"
#include "cart-private.h"
#include "loyalty-rules.h"
#include "rounding.h"

#include <string.h>

static void set_problem (MposCartCoupon *c, MposCouponError code, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static void
set_problem (MposCartCoupon *c, MposCouponError code, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_free (c->problem_message);
  c->problem_message = g_strdup_vprintf (format, args);
  va_end (args);
  c->problem = code;
}

static gboolean
is_gift_line (const MposCouponTemplate *t, const MposCartLine *line)
{
  return t->type == MPOS_COUPON_GIFT && strcmp (line->sku->sku_code, t->gift_sku) == 0
         && line->sku->unit == MPOS_UNIT_PIECE;
}

/* The lines the coupon may discount (gift: the gift lines; else the goods
 * it covers) and the lines whose price counts towards its threshold.
 * Returns FALSE with the problem set when there is nothing to discount. */
static gboolean
choose_lines (MposCartCoupon *c, MposCart *cart, const MposMoney *current, const gboolean *promoted,
              gboolean *chosen, gboolean *counted)
{
  const MposCouponTemplate *t = c->coupon->tmpl;
  gboolean blocked = FALSE;

  for (guint i = 0; i < cart->lines->len; i++)
    {
      const MposCartLine *line = g_ptr_array_index (cart->lines, i);
      gboolean gift = is_gift_line (t, line);
      /* A price override is final; a gift card sells at its face value. */
      gboolean usable = !line->overridden && line->gift_card == NULL && current[i] > 0;
      gboolean covered = mpos_scope_covers (&t->scope, line->sku);
      gboolean target = usable && (t->type == MPOS_COUPON_GIFT ? gift : covered);

      counted[i] = usable && !gift && covered && (t->stack_with_promotions || !promoted[i]);
      chosen[i] = target && (t->stack_with_promotions || !promoted[i]);
      blocked |= target && !chosen[i];
    }
  for (guint i = 0; i < cart->lines->len; i++)
    if (chosen[i])
      return TRUE;
  if (blocked)
    set_problem (c, MPOS_COUPON_ERROR_DOES_NOT_STACK,
                 "coupon %s (%s) does not combine with promotions, and every item it covers has "
                 "one",
                 c->code, t->name);
  else if (t->type == MPOS_COUPON_GIFT)
    set_problem (c, MPOS_COUPON_ERROR_NO_APPLICABLE_ITEM,
                 "coupon %s (%s) gives SKU %s: scan the gift item onto the sale first", c->code,
                 t->name, t->gift_sku);
  else
    set_problem (c, MPOS_COUPON_ERROR_NO_APPLICABLE_ITEM,
                 "coupon %s (%s) covers none of the items on this sale", c->code, t->name);
  return FALSE;
}

static gboolean
threshold_reached (MposCartCoupon *c, MposCart *cart, const MposMoney *before,
                   const gboolean *counted)
{
  const MposCouponTemplate *t = c->coupon->tmpl;
  MposMoney base = 0;
  char have[MPOS_MONEY_BUF], need[MPOS_MONEY_BUF];

  for (guint i = 0; i < cart->lines->len; i++)
    if (counted[i])
      base += before[i];
  if (base >= t->min_spend)
    return TRUE;
  set_problem (c, MPOS_COUPON_ERROR_BELOW_THRESHOLD,
               "coupon %s (%s) needs %s of the goods it covers%s; they come to %s", c->code,
               t->name, mpos_money_to_buf (t->min_spend, need),
               t->stack_with_promotions ? "" : " without a promotion",
               mpos_money_to_buf (base, have));
  return FALSE;
}

/* gift_qty units of the gift SKU free: each line's share of its units, half-up. */
static MposMoney
price_gift (const MposCouponTemplate *t, MposCart *cart, const MposMoney *current,
            const gboolean *chosen, MposMoney *shares)
{
  int64_t left = t->gift_qty;
  MposMoney total = 0;

  for (guint i = 0; i < cart->lines->len && left > 0; i++)
    {
      const MposCartLine *line = g_ptr_array_index (cart->lines, i);
      int64_t take = MIN (left, line->qty);

      if (!chosen[i])
        continue;
      mpos_round_mul_div (current[i], take, line->qty, MPOS_ROUND_HALF_UP, &shares[i]);
      total += shares[i];
      left -= take;
    }
  return total;
}

/* An amount or percent off, allocated over the chosen lines by what they cost
 * now; *forfeit gets what of it the lines cannot take. */
static MposMoney
price_off (const MposCouponTemplate *t, MposCart *cart, const MposMoney *current,
           const gboolean *chosen, MposMoney *shares, MposMoney *forfeit)
{
  guint n = cart->lines->len;
  g_autofree int64_t *weights = g_new0 (int64_t, n + 1);
  MposMoney payable = 0, off = t->off;

  for (guint i = 0; i < n; i++)
    payable += weights[i] = chosen[i] ? current[i] : 0;
  if (t->type == MPOS_COUPON_PERCENT)
    {
      mpos_round_mul_div (payable, t->percent_off_bp, 10000, MPOS_ROUND_HALF_UP, &off);
      if (t->cap > 0)
        off = MIN (off, t->cap);
    }
  *forfeit = MAX (off - payable, 0);
  off = MIN (off, payable);
  if (off <= 0 || !mpos_allocate_largest_remainder (off, weights, n, shares))
    return 0;
  return off;
}

/* The store's coupon_over_sale policy (src/loyalty-rules.h): refuse rather
 * than forfeit the rest. No loyalty rules: forfeit, as before. */
static gboolean
refuses_part (MposStore *store)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, NULL);

  return rules != NULL && rules->coupon_over_sale == MPOS_COUPON_OVER_SALE_REFUSE;
}

gboolean
mpos_coupon_price (MposCartCoupon *c, MposCart *cart, const MposMoney *before,
                   const MposMoney *current, const gboolean *promoted, MposMoney *shares)
{
  const MposCouponTemplate *t = c->coupon->tmpl;
  guint n = cart->lines->len;
  g_autofree gboolean *chosen = g_new0 (gboolean, n + 1);
  g_autofree gboolean *counted = g_new0 (gboolean, n + 1);

  memset (shares, 0, sizeof (MposMoney) * n);
  c->discount = 0;
  c->problem = -1;
  g_clear_pointer (&c->problem_message, g_free);
  if (!choose_lines (c, cart, current, promoted, chosen, counted)
      || !threshold_reached (c, cart, before, counted))
    return FALSE;
  c->forfeit = 0;
  c->discount = t->type == MPOS_COUPON_GIFT
                    ? price_gift (t, cart, current, chosen, shares)
                    : price_off (t, cart, current, chosen, shares, &c->forfeit);
  if (c->discount > 0 && c->forfeit > 0 && refuses_part (cart->store))
    {
      char worth[MPOS_MONEY_BUF], covers[MPOS_MONEY_BUF];
      memset (shares, 0, sizeof (MposMoney) * n);
      set_problem (c, MPOS_COUPON_ERROR_BELOW_THRESHOLD,
                   "coupon %s (%s) is worth %s but the goods it covers come to %s: the store "
                   "does not give part of a coupon away — add goods it covers, or keep the "
                   "coupon for another sale",
                   c->code, t->name, mpos_money_to_buf (c->discount + c->forfeit, worth),
                   mpos_money_to_buf (c->discount, covers));
      c->discount = 0;
      return FALSE;
    }
  if (c->discount > 0)
    return TRUE;
  memset (shares, 0, sizeof (MposMoney) * n);
  set_problem (c, MPOS_COUPON_ERROR_NO_APPLICABLE_ITEM,
               "coupon %s (%s): the items it covers are already fully discounted", c->code,
               t->name);
  return FALSE;
}
