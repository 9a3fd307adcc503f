/* cart-private.h — the cart's fields, shared by cart.c (what the cashier
 * does) and the pricing engine that reads them (pricing.c, and its coupon
 * step coupon-price.c). Calls run one way: cart.c → pricing.c →
 * coupon-price.c; the engine never calls back into a file that changes the
 * cart (coupon-cart.c, which does, calls the cart to reprice). */
#pragma once

#include "cart.h"
#include "staff-permission.h"
#include "promotion.h"

G_BEGIN_DECLS

struct _MposCart
{
  MposStore *store;
  int64_t now;
  char *cashier;
  MposMember *member;
  GPtrArray *lines;      /* of MposCartLine* */
  guint next_line_no;
  guint voided;          /* lines removed before commit */
  MposDiscount order_discount;
  GPtrArray *tenders;    /* of MposTender* */
  GPtrArray *promotions; /* active at `now`, highest priority first */
  int64_t rounding_step; /* store's cash rounding (0: none) */
  MposScaleLayout scale_layout;
  gboolean rounding_applies; /* every tender is cash */
  int64_t resumed_from;  /* suspended sale id, 0: none */
  char **member_discount_excludes; /* category paths without level discount */
  GPtrArray *coupons;    /* of MposCartCoupon* (coupon.h), in the order added; NULL: none */
  struct _MposCartModel *model; /* cart-model.h: NULL until a screen asks for it */
  char sale_id[40];      /* the global id the sale commits under */
  MposStaff approver;    /* signed on by mpos_cart_approve (cart-approval.c); number NULL: none */
  gboolean member_proven; /* the member proved it is them on this sale (cart-member-proof.c) */
};

/* The cart model's side (cart-model.c): made for the cart, told after every
 * change, let go when the cart is freed. */
struct _MposCartModel *mpos_cart_model_new_for (MposCart *cart);
void mpos_cart_model_sync (struct _MposCartModel *model);
void mpos_cart_model_detach (struct _MposCartModel *model);

/* Whether `action` on line `line_no` (0: the whole sale) may go ahead: the
 * cashier role may, or the cart's approver's role may (cart-approval.c).
 * *approved_by gets the approver's number when their approval was needed,
 * else NULL. REQUIRED or NOT_PERMITTED (audited) say what `what` needs. */
gboolean mpos_cart_require (MposCart *cart, MposStaffAction action, guint line_no,
                            const char *what, const char **approved_by, GError **error);

/* `member` found by `key`, about to go on the sale (cart-member-proof.c):
 * proven when the key was their dynamic QR code (it verified to find
 * them) or the same member had proved it on this sale already. */
void mpos_cart_member_found (MposCart *cart, const MposMember *member, const char *key);

/* The pricing engine: recomputes gross, adjustments, net and tax of every line. */
void mpos_pricing_apply (MposCart *cart);

/* Amount of qty at a unit price: pieces × price, or grams × price-per-kg / 1000
 * rounded half-up. FALSE on overflow. */
gboolean mpos_pricing_line_amount (MposMoney unit_price, int64_t qty, gboolean weighed,
                                   MposMoney *out);

void mpos_adjustment_free (MposAdjustment *adjustment);

G_END_DECLS
