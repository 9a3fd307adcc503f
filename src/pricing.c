/* pricing.c — the pricing engine. From list price to net, in a fixed order
 * that the receipt and "why this price" can explain step by step:
 *   1. member price or price override, else the member's discount (the
 *      larger of the level's and the member group's)
 *   2. promotions by priority (time discount, buy X get Y, threshold), with
 *      exclusive promotions keeping a line to themselves
 *   3. the cashier's line discount
 *   3b. coupons, each allocated to the lines it covers (src/coupon-price.c)
 *   4. the order discount, allocated to lines by largest remainder
 *   5. cash rounding (抹零), allocated the same way
 * Every amount is integer fen; every rounding is named (half-up). */
#include "cart-private.h"
#include "coupon-price.h"
#include "percent.h"
#include "rounding.h"

#include <string.h>

typedef struct
{
  MposCart *cart;
  guint n;
  MposMoney *current;  /* per line: gross + adjustments so far */
  gboolean *promoted;  /* a promotion applied to the line */
  gboolean *locked;    /* an exclusive promotion owns the line */
  char *level_label;   /* "金卡会员 5% off", made once per run, not per line */
} PricingRun;

/* TRUE when the store excludes this SKU's category from member discounts. */
static gboolean
excludes_member_discount (MposCart *cart, const MposSku *sku)
{
  for (guint i = 0; cart->member_discount_excludes && cart->member_discount_excludes[i]; i++)
    if (mpos_sku_in_category (sku, cart->member_discount_excludes[i]))
      return TRUE;
  return FALSE;
}

void
mpos_adjustment_free (MposAdjustment *adjustment)
{
  if (adjustment == NULL)
    return;
  g_free (adjustment->source);
  g_free (adjustment->label);
  g_free (adjustment);
}

gboolean
mpos_pricing_line_amount (MposMoney unit_price, int64_t qty, gboolean weighed, MposMoney *out)
{
  if (weighed)
    return mpos_round_mul_div (unit_price, qty, 1000, MPOS_ROUND_HALF_UP, out);
  return mpos_money_mul (unit_price, qty, out);
}

static MposCartLine *
run_line (PricingRun *run, guint i)
{
  return g_ptr_array_index (run->cart->lines, i);
}

static void
adjust (PricingRun *run, guint i, MposAdjustmentKind kind, const char *source, const char *label,
        MposMoney amount)
{
  MposAdjustment *adjustment;

  if (amount == 0)
    return;
  adjustment = g_new0 (MposAdjustment, 1);
  adjustment->kind = kind;
  adjustment->source = g_strdup (source);
  adjustment->label = g_strdup (label);
  adjustment->amount = amount;
  g_ptr_array_add (run_line (run, i)->adjustments, adjustment);
  run->current[i] += amount;
}

static MposMoney
percent_of (MposMoney amount, int64_t basis_points)
{
  MposMoney out = 0;

  mpos_round_mul_div (amount, basis_points, 10000, MPOS_ROUND_HALF_UP, &out);
  return out;
}

/* ---- step 1: base price ------------------------------------------------- */

/* A member gets the larger of their level's and their group's discount
 * (员工 10% beats 金卡 5%), never both. The group's, when it wins, is still a
 * level_discount adjustment, but its source is the group code and its label
 * says "member group". */
static gboolean
group_discount_wins (const MposMember *member)
{
  return member->group_code != NULL && member->group_discount_bp > member->level_discount_bp;
}

static int
member_discount_bp (const MposMember *member)
{
  return group_discount_wins (member) ? member->group_discount_bp : member->level_discount_bp;
}

static const char *
member_discount_source (const MposMember *member)
{
  return group_discount_wins (member) ? member->group_code : member->level_code;
}

static char *
member_discount_label (const MposMember *member)
{
  g_autofree char *percent = mpos_percent_format (member_discount_bp (member));

  if (group_discount_wins (member))
    return g_strdup_printf ("%s %s off (member group)", member->group_name, percent);
  return g_strdup_printf ("%s %s off", member->level_name, percent);
}

/* The member's benefit on a line: a member price IT set for the SKU, when it
 * is below list, is the member's price (as Chinese retail systems treat
 * 会员价); otherwise the level discount applies, except in categories the
 * store excludes (tobacco). */
static void
price_member_benefit (PricingRun *run, guint i)
{
  MposCartLine *line = run_line (run, i);
  const MposMember *member = run->cart->member;
  MposMoney amount = 0, price_off = 0, level_off = 0;

  if (line->has_member_price && !line->has_embedded_price
      && mpos_pricing_line_amount (line->member_unit_price, line->qty,
                                   line->sku->unit == MPOS_UNIT_WEIGHT, &amount))
    price_off = run->current[i] - amount;
  if (price_off <= 0 && member_discount_bp (member) > 0
      && !excludes_member_discount (run->cart, line->sku))
    level_off = percent_of (run->current[i], member_discount_bp (member));
  if (price_off > 0)
    adjust (run, i, MPOS_ADJUST_MEMBER_PRICE, member->level_code, "会员价 Member price", -price_off);
  else if (level_off > 0)
    {
      if (run->level_label == NULL)
        run->level_label = member_discount_label (member);
      adjust (run, i, MPOS_ADJUST_LEVEL_DISCOUNT, member_discount_source (member),
              run->level_label, -level_off);
    }
}

static void
price_base (PricingRun *run, guint i)
{
  MposCartLine *line = run_line (run, i);
  gboolean weighed = line->sku->unit == MPOS_UNIT_WEIGHT;
  MposMoney amount = 0;

  if (line->has_embedded_price)
    line->gross = line->embedded_price;
  else if (!mpos_pricing_line_amount (line->list_unit_price, line->qty, weighed, &line->gross))
    line->gross = 0; /* cannot happen within the cart's qty and price limits */
  run->current[i] = line->gross;
  if (line->overridden)
    {
      if (mpos_pricing_line_amount (line->override_unit_price, line->qty, weighed, &amount))
        adjust (run, i, MPOS_ADJUST_PRICE_OVERRIDE, line->override_by, "改价 Price override",
                amount - run->current[i]);
      return;
    }
  /* A gift card is sold at its face value: no member benefit. */
  if (run->cart->member && line->gift_card == NULL)
    price_member_benefit (run, i);
}

/* ---- step 2: promotions -------------------------------------------------- */

static gboolean
eligible (PricingRun *run, const MposPromotion *p, guint i)
{
  MposCartLine *line = run_line (run, i);

  if (line->overridden || line->gift_card || run->locked[i] || run->current[i] <= 0)
    return FALSE;
  if (p->exclusive && run->promoted[i])
    return FALSE;
  return mpos_promotion_covers (p, line->sku);
}

static void
mark_applied (PricingRun *run, const MposPromotion *p, guint i)
{
  run->promoted[i] = TRUE;
  if (p->exclusive)
    run->locked[i] = TRUE;
}

static void
apply_time_discount (PricingRun *run, const MposPromotion *p)
{
  for (guint i = 0; i < run->n; i++)
    {
      MposCartLine *line = run_line (run, i);
      MposMoney off = 0, special = 0;

      if (!eligible (run, p, i))
        continue;
      if (p->has_price)
        {
          gboolean weighed = line->sku->unit == MPOS_UNIT_WEIGHT;
          if (mpos_pricing_line_amount (p->price, line->qty, weighed, &special)
              && special < run->current[i])
            off = run->current[i] - special;
        }
      else
        off = percent_of (run->current[i], p->percent_off_bp);
      if (off <= 0)
        continue;
      adjust (run, i, MPOS_ADJUST_PROMOTION, p->code, p->name, -off);
      mark_applied (run, p, i);
    }
}

/* Orders line indices by unit price now (current / qty), cheapest first. */
static gint
compare_unit_price (gconstpointer a, gconstpointer b, gpointer user_data)
{
  PricingRun *sort_run = user_data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;
  __extension__ __int128 left = (__int128) sort_run->current[ia] * run_line (sort_run, ib)->qty;
  __extension__ __int128 right = (__int128) sort_run->current[ib] * run_line (sort_run, ia)->qty;

  return left < right ? -1 : left > right ? 1 : (ia < ib ? -1 : 1);
}

static void
apply_buy_get (PricingRun *run, const MposPromotion *p)
{
  g_autoptr (GArray) covered = g_array_new (FALSE, FALSE, sizeof (guint));
  int64_t units = 0, free_units;

  for (guint i = 0; i < run->n; i++)
    if (eligible (run, p, i) && run_line (run, i)->sku->unit == MPOS_UNIT_PIECE)
      {
        g_array_append_val (covered, i);
        units += run_line (run, i)->qty;
      }
  free_units = units / (p->buy + p->get) * p->get;
  if (free_units == 0)
    return;
  g_array_sort_with_data (covered, compare_unit_price, run);
  for (guint k = 0; k < covered->len; k++)
    {
      guint i = g_array_index (covered, guint, k);
      int64_t take = MIN (free_units, run_line (run, i)->qty);
      MposMoney off = 0;

      if (take > 0)
        mpos_round_mul_div (run->current[i], take, run_line (run, i)->qty, MPOS_ROUND_HALF_UP,
                            &off);
      free_units -= take;
      adjust (run, i, MPOS_ADJUST_PROMOTION, p->code, p->name, -off);
    }
  for (guint k = 0; k < covered->len; k++)
    mark_applied (run, p, g_array_index (covered, guint, k));
}

/* Spreads -amount over the chosen lines in proportion to what they cost now. */
static void
allocate (PricingRun *run, const gboolean *chosen, MposMoney amount, MposAdjustmentKind kind,
          const char *source, const char *label)
{
  g_autofree int64_t *weights = g_new0 (int64_t, run->n);
  g_autofree int64_t *shares = g_new0 (int64_t, run->n);

  for (guint i = 0; i < run->n; i++)
    weights[i] = chosen[i] ? MAX (run->current[i], 0) : 0;
  if (amount == 0 || !mpos_allocate_largest_remainder (amount, weights, run->n, shares))
    return;
  for (guint i = 0; i < run->n; i++)
    adjust (run, i, kind, source, label, -shares[i]);
}

static MposMoney
threshold_reduction (const MposPromotion *p, MposMoney base)
{
  MposMoney off = 0;

  if (p->every)
    off = base / p->every_tier.threshold * p->every_tier.off;
  else
    for (guint t = 0; t < p->tiers->len; t++)
      {
        const MposThresholdTier *tier = &g_array_index (p->tiers, MposThresholdTier, t);
        if (base >= tier->threshold)
          off = tier->off;
      }
  if (p->cap > 0)
    off = MIN (off, p->cap);
  return MIN (off, base);
}

static void
apply_threshold (PricingRun *run, const MposPromotion *p)
{
  g_autofree gboolean *chosen = g_new0 (gboolean, run->n);
  MposMoney base = 0, off;

  for (guint i = 0; i < run->n; i++)
    if ((chosen[i] = eligible (run, p, i)))
      base += run->current[i];
  off = threshold_reduction (p, base);
  if (off <= 0)
    return;
  allocate (run, chosen, off, MPOS_ADJUST_PROMOTION, p->code, p->name);
  for (guint i = 0; i < run->n; i++)
    if (chosen[i])
      mark_applied (run, p, i);
}

static void
apply_promotions (PricingRun *run)
{
  GPtrArray *promotions = run->cart->promotions;

  for (guint k = 0; promotions && k < promotions->len; k++)
    {
      const MposPromotion *p = g_ptr_array_index (promotions, k);
      switch (p->type)
        {
        case MPOS_PROMOTION_TIME_DISCOUNT:
          apply_time_discount (run, p);
          break;
        case MPOS_PROMOTION_BUY_X_GET_Y:
          apply_buy_get (run, p);
          break;
        case MPOS_PROMOTION_THRESHOLD:
          apply_threshold (run, p);
          break;
        default:
          break;
        }
    }
}

/* ---- steps 3–5: cashier discounts, rounding ----------------------------- */

static MposMoney
discount_amount (const MposDiscount *discount, MposMoney base)
{
  MposMoney off = 0;

  if (discount->kind == MPOS_DISCOUNT_AMOUNT)
    off = discount->value;
  else if (discount->kind == MPOS_DISCOUNT_PERCENT)
    off = percent_of (base, discount->value);
  return CLAMP (off, 0, MAX (base, 0));
}

static void
apply_line_discounts (PricingRun *run)
{
  for (guint i = 0; i < run->n; i++)
    {
      MposCartLine *line = run_line (run, i);
      adjust (run, i, MPOS_ADJUST_LINE_DISCOUNT, line->discount.approved_by,
              "单品折扣 Line discount", -discount_amount (&line->discount, run->current[i]));
    }
}

/* Thresholds count what the goods cost before any coupon; each coupon's
 * share of each line is decided by src/coupon-price.c. */
static void
apply_coupons (PricingRun *run)
{
  g_autofree MposMoney *before = NULL;
  g_autofree MposMoney *shares = NULL;

  if (run->cart->coupons == NULL || run->cart->coupons->len == 0)
    return;
  before = g_memdup2 (run->current, sizeof (MposMoney) * (run->n + 1));
  shares = g_new0 (MposMoney, run->n + 1);
  for (guint k = 0; k < run->cart->coupons->len; k++)
    {
      MposCartCoupon *coupon = g_ptr_array_index (run->cart->coupons, k);
      if (!mpos_coupon_price (coupon, run->cart, before, run->current, run->promoted, shares))
        continue;
      for (guint i = 0; i < run->n; i++)
        adjust (run, i, MPOS_ADJUST_COUPON, coupon->code, coupon->label, -shares[i]);
    }
}

static MposMoney
run_total (PricingRun *run)
{
  MposMoney total = 0;

  /* What order discounts and rounding apply to: gift cards keep their face value. */
  for (guint i = 0; i < run->n; i++)
    if (run_line (run, i)->gift_card == NULL)
      total += run->current[i];
  return total;
}

static void
apply_order_discount (PricingRun *run, const gboolean *all)
{
  MposMoney off = discount_amount (&run->cart->order_discount, run_total (run));

  allocate (run, all, off, MPOS_ADJUST_ORDER_DISCOUNT, run->cart->order_discount.approved_by,
            "整单折扣 Order discount");
}

static void
apply_cash_rounding (PricingRun *run, const gboolean *all)
{
  MposMoney total = run_total (run);
  MposMoney rounded;

  if (!run->cart->rounding_applies || run->cart->rounding_step <= 0)
    return;
  /* 抹零 rounds the customer's favour: down to the step. */
  rounded = mpos_round_to_step (total, run->cart->rounding_step, MPOS_ROUND_FLOOR);
  if (rounded <= 0)
    return; /* never round a small sale down to nothing */
  allocate (run, all, total - rounded, MPOS_ADJUST_CASH_ROUNDING, NULL, "抹零 Rounding");
}

static void
finish_lines (PricingRun *run)
{
  for (guint i = 0; i < run->n; i++)
    {
      MposCartLine *line = run_line (run, i);
      line->net = run->current[i];
      line->tax = 0;
      mpos_round_mul_div (line->net, line->sku->tax_rate_bp, 10000 + line->sku->tax_rate_bp,
                          MPOS_ROUND_HALF_UP, &line->tax);
    }
}

void
mpos_pricing_apply (MposCart *cart)
{
  PricingRun run = { cart, cart->lines->len, NULL, NULL, NULL, NULL };
  g_autofree MposMoney *current = g_new0 (MposMoney, run.n + 1);
  g_autofree gboolean *promoted = g_new0 (gboolean, run.n + 1);
  g_autofree gboolean *locked = g_new0 (gboolean, run.n + 1);
  g_autofree gboolean *all = g_new0 (gboolean, run.n + 1);

  run.current = current;
  run.promoted = promoted;
  run.locked = locked;
  for (guint i = 0; i < run.n; i++)
    {
      g_ptr_array_set_size (run_line (&run, i)->adjustments, 0);
      all[i] = run_line (&run, i)->gift_card == NULL; /* order discount, rounding */
      price_base (&run, i);
    }
  apply_promotions (&run);
  apply_line_discounts (&run);
  apply_coupons (&run);
  apply_order_discount (&run, all);
  apply_cash_rounding (&run, all);
  finish_lines (&run);
  g_free (run.level_label);
}
