/* coupon-view.h — one coupon with its history, as `coupon show` and a
 * screen read it: a typed read model. `mallposctl coupon show --json`
 * serialises it with mpos_coupon_view_to_json. Times are UTC seconds. */
#pragma once

#include <glib-object.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "coupon.h"
#include "store.h"

G_BEGIN_DECLS

/* One row of the coupon ledger. */
typedef struct
{
  char *kind; /* issue, redeem, restore, expire, void */
  int64_t at;
  char *receipt_no; /* the sale or return; NULL */
  MposMoney amount; /* what it gave on a sale; 0: none */
  int64_t points;   /* what it cost in points; 0: none */
  char *actor;
  char *reason;
} MposCouponEvent;

/* Reference-counted (boxed: MPOS_TYPE_COUPON_VIEW). */
typedef struct
{
  MposCoupon *coupon;
  int64_t at;        /* when it was read: the status is the one at `at` */
  GPtrArray *events; /* of MposCouponEvent*, oldest first */
} MposCouponView;

#define MPOS_TYPE_COUPON_VIEW (mpos_coupon_view_get_type ())
GType mpos_coupon_view_get_type (void);

/* Takes `coupon`. */
MposCouponView *mpos_coupon_view_new (MposCoupon *coupon, int64_t at);
MposCouponView *mpos_coupon_view_ref (MposCouponView *view);
void mpos_coupon_view_unref (MposCouponView *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposCouponView, mpos_coupon_view_unref)

/* The coupon by code (normalised) with its ledger, at `now` (coupon.c). */
MposCouponView *mpos_coupon_view (MposStore *store, const char *code, int64_t now, GError **error);

/* mpos_coupon_to_json and "events": [{"kind","at","receipt_no","amount","points",
 * "actor","reason"}] — absent values left out. */
cJSON *mpos_coupon_view_to_json (MposStore *store, const MposCouponView *view);

G_END_DECLS
