/* coupon-view.c — the coupon view's memory and its JSON form (what
 * `coupon show --json` has always printed). Reading it is in coupon.c,
 * beside the coupon ledger's other SQL. */
#include "coupon-view.h"
#include "boxed-type.h"
#include "json-fields.h"
#include "json-out.h"
#include "store-json.h"

static void
event_free (gpointer data)
{
  MposCouponEvent *e = data;

  g_free (e->kind);
  g_free (e->receipt_no);
  g_free (e->actor);
  g_free (e->reason);
  g_free (e);
}

static void
view_clear (gpointer data)
{
  MposCouponView *v = data;

  mpos_coupon_free (v->coupon);
  g_ptr_array_unref (v->events);
}

MposCouponView *
mpos_coupon_view_new (MposCoupon *coupon, int64_t at)
{
  MposCouponView *v = g_rc_box_new0 (MposCouponView);

  v->coupon = coupon;
  v->at = at;
  v->events = g_ptr_array_new_with_free_func (event_free);
  return v;
}

MposCouponView *
mpos_coupon_view_ref (MposCouponView *view)
{
  return g_rc_box_acquire (view);
}

void
mpos_coupon_view_unref (MposCouponView *view)
{
  g_rc_box_release_full (view, view_clear);
}

MPOS_DEFINE_BOXED_TYPE (MposCouponView, mpos_coupon_view, mpos_coupon_view_ref,
                        mpos_coupon_view_unref)

static cJSON *
event_json (MposStore *store, const MposCouponEvent *e)
{
  cJSON *json = cJSON_CreateObject ();
  g_autofree char *at = mpos_store_local_time (store, e->at);

  cJSON_AddStringToObject (json, "kind", e->kind);
  cJSON_AddStringToObject (json, "at", at);
  mpos_store_json_add_string (json, "receipt_no", e->receipt_no);
  if (e->amount != 0)
    mpos_json_add_money (json, "amount", e->amount);
  if (e->points != 0)
    mpos_json_add_int (json, "points", e->points);
  mpos_store_json_add_string (json, "actor", e->actor);
  mpos_store_json_add_string (json, "reason", e->reason);
  return json;
}

cJSON *
mpos_coupon_view_to_json (MposStore *store, const MposCouponView *view)
{
  cJSON *json = mpos_coupon_to_json (store, view->coupon, view->at);
  cJSON *events = cJSON_AddArrayToObject (json, "events");

  for (guint i = 0; i < view->events->len; i++)
    cJSON_AddItemToArray (events, event_json (store, g_ptr_array_index (view->events, i)));
  return json;
}
