/* coupon-price.h — the pricing engine's coupon step (coupon-price.c),
 * called by pricing.c only: what one coupon on a cart takes off each line. */
#pragma once

#include "cart.h"
#include "coupon.h"

G_BEGIN_DECLS

/* Pricing step: this coupon's share of each line (positive fen off, in
 * shares[0..n-1]), from what each line cost before any coupon (`before`)
 * and costs now (`current`); `promoted` marks lines a promotion priced.
 * Sets coupon->discount and coupon->problem. FALSE when it gives nothing. */
gboolean mpos_coupon_price (MposCartCoupon *coupon, MposCart *cart, const MposMoney *before,
                            const MposMoney *current, const gboolean *promoted, MposMoney *shares);

G_END_DECLS
