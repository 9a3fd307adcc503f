/* test-pads.c — a till without a keyboard (issue 17): the cashier signs in,
 * opens the member panel, finds the member by the last four digits of the
 * phone and tops up their stored value with the on-screen buttons and the
 * number pad only — every press a tap through the X server's pointer, no
 * key typed and no text set by the test. */
#include "ui-test.h"

#include "mpos-till.h"
#include "stored-value.h"
#include "terminal-language.h"

#include <string.h>

/* Taps each character of `digits` on the pad under `panel`, then its
 * Enter key (`enter`: the pad's ⏎). */
static void
tap_digits (GtkWidget *panel, const char *digits, const char *enter)
{
  for (const char *d = digits; *d; d++)
    {
      char key[2] = { *d, '\0' };

      ui_tap_button (panel, key);
    }
  ui_tap_button (panel, enter);
}

static void
test_member_lookup_and_top_up_by_touch (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  MposStore *store = mpos_till_get_store (mpos_window_get_till (t->window));
  GtkWidget *sign_in = ui_find (ui_win (t), "sign_in_page");
  GtkWidget *panel = ui_find (ui_win (t), "member_dialog");
  MposStoredValueBalance before = { 0 }, after = { 0 };
  GtkListBoxRow *row;

  tap_digits (sign_in, "1001", "⏎");
  tap_digits (sign_in, "1234", "⏎");
  ui_wait_page (t, "sale");
  ui_spin (500); /* the page's slide in ends */
  g_free (ui_screenshot (ui_win (t), "sale-before-touch-member"));
  ui_tap_button (ui_win (t), "F2 Member");
  g_assert_true (gtk_widget_get_visible (panel));
  tap_digits (panel, "8000", "⏎"); /* the phone's last four */
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (ui_find (ui_win (t), "member_matches")), 0);
  g_assert_nonnull (row);
  g_free (ui_screenshot (ui_win (t), "member-search-by-touch"));
  ui_tap (GTK_WIDGET (row));
  g_assert_nonnull (mpos_cart_get_member (mpos_till_get_cart (mpos_window_get_till (t->window))));
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "top_up_box")));
  mpos_stored_value_balance (store, 1, &before, NULL);
  ui_tap_button (panel, "5");
  ui_tap_button (panel, "00");
  g_assert_cmpstr (ui_text (ui_win (t), "top_up_amount"), ==, "500");
  g_free (ui_screenshot (ui_win (t), "member-top-up-by-touch"));
  ui_tap_button (panel, "Top up");
  mpos_stored_value_balance (store, 1, &after, NULL);
  g_assert_cmpint (after.principal + after.bonus - before.principal - before.bonus, ==, 55000);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "Topped up"));
  g_assert_false (gtk_widget_get_visible (panel));
  g_free (ui_ctl (t, 0, "check"));
}

int
main (int argc, char **argv)
{
  g_setenv ("MALLPOS_NOW", "2026-11-23T10:00:00+08:00", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  mpos_i18n_init (NULL);
  g_test_add_func ("/pad/member-lookup-and-top-up-by-touch",
                   test_member_lookup_and_top_up_by_touch);
  return g_test_run ();
}
