/* test-member-view.c — tests src/member-view.c and src/member-balances.c:
 * the member panel's figures read in one go, and a refresh after an action
 * notifying exactly the figures that moved (once each, nothing when nothing
 * moved). */
#include "member-balances.h"
#include "member-view.h"
#include "test-points-util.h"

typedef struct
{
  GPtrArray *names; /* of the properties notified, in order */
} Heard;

static void
on_notify (GObject *object, GParamSpec *pspec, Heard *heard)
{
  g_ptr_array_add (heard->names, g_strdup (pspec->name));
}

static gboolean
heard_name (const Heard *heard, const char *name)
{
  for (guint i = 0; i < heard->names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (heard->names, i), name) == 0)
      return TRUE;
  return FALSE;
}

static void
test_member_view_reads_the_panel_figures (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMemberView) view = NULL;

  tp_rules (ts->store, NULL, "proportional");
  tp_adjust (ts->store, CARD_A, 300);
  tp_top_up (ts->store, CARD_A, 50000, NULL);
  view = mpos_member_view_get (ts->store, tp_member (ts->store, CARD_A), mpos_clock_now (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (view->member->id, ==, tp_member (ts->store, CARD_A));
  g_assert_cmpint (view->figures.points.usable, ==, 300);
  g_assert_cmpint (view->figures.stored_value.principal, ==, 50000);
  g_assert_cmpint (view->figures.stored_value.bonus, ==, 5000);
  g_assert_cmpuint (view->cards->len, >=, 1);
  g_assert_null (mpos_member_view_get (ts->store, 999999, mpos_clock_now (), &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND);
}

static void
test_member_balances_notify_what_moved_only (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMemberBalances) balances = NULL;
  Heard heard = { g_ptr_array_new_with_free_func (g_free) };
  gint64 stored_value = 0;

  tp_rules (ts->store, NULL, "proportional");
  balances = mpos_member_balances_new (tp_member (ts->store, CARD_A));
  g_signal_connect (balances, "notify", G_CALLBACK (on_notify), &heard);

  /* Nothing yet: a first refresh of an empty member moves nothing. */
  g_assert_true (mpos_member_balances_refresh (balances, ts->store, mpos_clock_now (), &error));
  g_assert_cmpuint (heard.names->len, ==, 0);

  /* A top-up moves the stored value (principal, bonus, sum) — not the points. */
  tp_top_up (ts->store, CARD_A, 50000, NULL);
  g_assert_true (mpos_member_balances_refresh (balances, ts->store, mpos_clock_now (), &error));
  g_assert_cmpuint (heard.names->len, ==, 3);
  g_assert_true (heard_name (&heard, "stored-value-principal"));
  g_assert_true (heard_name (&heard, "stored-value-bonus"));
  g_assert_true (heard_name (&heard, "stored-value"));
  g_object_get (balances, "stored-value", &stored_value, NULL);
  g_assert_cmpint (stored_value, ==, 55000);
  g_ptr_array_set_size (heard.names, 0);

  /* An adjustment moves the usable points only. */
  tp_adjust (ts->store, CARD_A, 200);
  g_assert_true (mpos_member_balances_refresh (balances, ts->store, mpos_clock_now (), &error));
  g_assert_cmpuint (heard.names->len, ==, 1);
  g_assert_true (heard_name (&heard, "points-usable"));
  g_assert_cmpint (mpos_member_balances_get_figures (balances)->points.usable, ==, 200);

  /* Refreshing again with nothing done notifies nothing. */
  g_ptr_array_set_size (heard.names, 0);
  g_assert_true (mpos_member_balances_refresh (balances, ts->store, mpos_clock_now (), &error));
  g_assert_cmpuint (heard.names->len, ==, 0);
  g_signal_handlers_disconnect_by_data (balances, &heard);
  g_ptr_array_unref (heard.names);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
  g_test_add_func ("/member-view/reads-the-panel-figures",
                   test_member_view_reads_the_panel_figures);
  g_test_add_func ("/member-balances/notify-what-moved-only",
                   test_member_balances_notify_what_moved_only);
  return g_test_run ();
}
