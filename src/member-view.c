/* member-view.c — a member as a screen shows them: reads the member, their
 * cards and balances in one go, and serialises the member part as `member
 * show --json` has always printed it. */
#include "member-view.h"

#include "boxed-type.h"
#include "coupon.h"
#include "member-card.h"
#include "member-json.h"
#include "money.h"
#include "percent.h"
#include "store-private.h"

#include <string.h>

static void
view_clear (gpointer data)
{
  MposMemberView *view = data;

  mpos_member_free (view->member);
  g_free (view->phone_shown);
  g_clear_pointer (&view->cards, g_ptr_array_unref);
}

MposMemberView *
mpos_member_view_ref (MposMemberView *view)
{
  return g_rc_box_acquire (view);
}

void
mpos_member_view_unref (MposMemberView *view)
{
  g_rc_box_release_full (view, view_clear);
}

MPOS_DEFINE_BOXED_TYPE (MposMemberView, mpos_member_view, mpos_member_view_ref,
                        mpos_member_view_unref)

gboolean
mpos_member_figures_read (MposStore *store, int64_t member_id, int64_t now, MposMemberFigures *out,
                          GError **error)
{
  g_autoptr (GPtrArray) coupons = NULL;

  memset (out, 0, sizeof *out);
  if (!mpos_points_balance (store, member_id, now, &out->points, error)
      || !mpos_stored_value_balance (store, member_id, &out->stored_value, error)
      || (coupons = mpos_coupon_list (store, member_id, error)) == NULL)
    return FALSE;
  out->coupons_usable = mpos_coupon_list_count_usable (coupons, now);
  return TRUE;
}

MposMemberView *
mpos_member_view_get (MposStore *store, int64_t member_id, int64_t now, GError **error)
{
  g_autoptr (MposMemberView) view = g_rc_box_new0 (MposMemberView);

  view->member = mpos_member_get (store, member_id, error);
  if (view->member == NULL)
    return NULL;
  if (view->member->phone)
    view->phone_shown = mpos_member_display_phone (store, view->member->phone);
  view->cards = mpos_member_cards (store, member_id, error);
  if (view->cards == NULL
      || !mpos_member_figures_read (store, member_id, now, &view->figures, error))
    return NULL;
  return g_steal_pointer (&view);
}

/* ---- JSON ------------------------------------------------------------------------------ */

cJSON *
mpos_member_view_to_json (MposStore *store, const MposMemberView *view)
{
  return mpos_member_json_object (store, view->member, view->phone_shown, view->cards);
}
