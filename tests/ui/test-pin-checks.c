/* test-pin-checks.c — the member's payment PIN is checked off the main loop
 * (issue 17): on the statement panel and on the payment page, Enter returns
 * at once with the PIN field waiting and a spinner turning, the main loop
 * keeps dispatching (a timeout counts) and drawing (a tick callback
 * counts) while argon2id runs, a second Enter is not a second check, and
 * the answer lands where it belongs: the right PIN shows the balance or
 * pays, a wrong one is refused and counted, a locked one refused; leaving
 * the page drops the answer. Driven through the real widgets. */
#include "ui-test.h"

#include "clock.h"
#include "mpos-member-statement.h"
#include "mpos-payment-page.h"
#include "mpos-till.h"
#include "payment-pin.h"
#include "terminal-language.h"

#include <string.h>

#define MEMBER_CARD "8800000000017" /* member 1: ¥550 stored value, PIN 246810 */
#define MEMBER_ID 1
#define DETERGENT "6960198794607" /* 蓝月亮洗衣液 3kg, ¥56.90 for gold */

/* Cashier 1001 signs in; the member's card is scanned (a number only:
 * not proven), and with `goods` the detergent too. */
static void
member_on_sale (UiTest *t, gboolean goods)
{
  ui_cashier_signs_in (t);
  ui_scan (MEMBER_CARD);
  if (goods)
    {
      ui_scan (DETERGENT);
      ui_wait_lines (t, 1);
    }
  ui_spin (100);
  g_assert_nonnull (mpos_cart_get_member (ui_cart (t)));
}

/* What the main loop did while a check ran. */
typedef struct
{
  guint timeouts; /* a 5 ms timeout dispatched */
  guint frames;   /* the window's frame clock ticked (the spinner drew) */
} Turns;

static gboolean
count_timeout (gpointer data)
{
  ((Turns *)data)->timeouts++;
  return G_SOURCE_CONTINUE;
}

static gboolean
count_frame (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  ((Turns *)data)->frames++;
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  Turns turns;
  guint timeout;
  guint tick;
  GtkWidget *widget;
  gint64 started; /* monotonic µs */
} Watch;

static void
watch_start (Watch *w, GtkWidget *widget)
{
  memset (w, 0, sizeof *w);
  w->widget = widget;
  w->started = g_get_monotonic_time ();
  w->timeout = g_timeout_add (5, count_timeout, &w->turns);
  w->tick = gtk_widget_add_tick_callback (widget, count_frame, &w->turns, NULL);
}

/* Stops watching and asserts the main loop went on while the check ran:
 * timeouts dispatched, and frames drawn when the check lasted long enough
 * for the frame clock to tick (a fast machine answers within a frame or
 * two, and the count of frames then says nothing). */
static void
watch_stop (Watch *w)
{
  gint64 lasted_ms = (g_get_monotonic_time () - w->started) / 1000;

  g_source_remove (w->timeout);
  gtk_widget_remove_tick_callback (w->widget, w->tick);
  g_test_message ("the check took %" G_GINT64_FORMAT " ms: %u timeouts, %u frames", lasted_ms,
                  w->turns.timeouts, w->turns.frames);
  g_assert_cmpuint (w->turns.timeouts, >=, 1);
  if (lasted_ms >= 100)
    g_assert_cmpuint (w->turns.frames, >=, 1);
}

static int
pin_failures (UiTest *t)
{
  MposPaymentPinState state = { 0 };

  g_assert_true (mpos_payment_pin_state (mpos_till_get_store (mpos_window_get_till (t->window)),
                                         MEMBER_ID, &state, NULL));
  return state.locked ? -1 : state.failures;
}

static void
submit (UiTest *t, const char *field, const char *pin)
{
  gtk_editable_set_text (GTK_EDITABLE (ui_find (ui_win (t), field)), pin);
  g_signal_emit_by_name (ui_find (ui_win (t), field), "activate");
}

/* ---- the statement ------------------------------------------------------------------ */

static MposMemberStatement *
statement (UiTest *t)
{
  return MPOS_MEMBER_STATEMENT (ui_find (ui_win (t), "member_statement"));
}

/* A wrong PIN, then the right one, each checked while the window turns;
 * Enter twice is one check (one failure counted). */
static void
test_statement_pin_off_the_main_loop (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  Watch watch;

  member_on_sale (t, FALSE);
  ui_key_ctrl (GDK_KEY_i);
  g_assert_true (mpos_member_statement_is_open (statement (t)));
  watch_start (&watch, ui_win (t));
  submit (t, "statement_pin", "111111");
  g_signal_emit_by_name (ui_find (ui_win (t), "statement_pin"), "activate"); /* Enter again */
  g_assert_true (mpos_member_statement_is_checking (statement (t)));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (ui_find (ui_win (t), "statement_pin"))));
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "statement_checking")));
  g_assert_cmpstr (ui_text (ui_win (t), "statement_pin"), ==, ""); /* never kept */
  g_free (ui_screenshot (ui_win (t), "statement-pin-checking"));
  ui_wait_pin_checked (t);
  watch_stop (&watch);
  g_assert_nonnull (strstr (ui_text (ui_win (t), "statement_problem"), "PIN"));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "stored_value_summary"), "****"));
  g_assert_cmpint (pin_failures (t), ==, 1);
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "statement_checking")));
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (ui_find (ui_win (t), "statement_pin"))));

  submit (t, "statement_pin", "246810");
  g_assert_true (mpos_member_statement_is_checking (statement (t)));
  ui_wait_pin_checked (t);
  g_assert_cmpstr (ui_text (ui_win (t), "statement_problem"), ==, "");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "stored_value_summary"), "¥500.00 paid in"));
  g_assert_cmpint (pin_failures (t), ==, 0);
}

/* Esc while the PIN is checked: the panel closes at once and the answer,
 * when it comes, shows nothing (the sale stays unproven). */
static void
test_statement_closed_drops_the_answer (void)
{
  g_autoptr (UiTest) t = ui_test_new ();

  member_on_sale (t, FALSE);
  ui_key_ctrl (GDK_KEY_i);
  submit (t, "statement_pin", "246810");
  ui_key (GDK_KEY_Escape, FALSE);
  g_assert_false (mpos_member_statement_is_open (statement (t)));
  g_assert_false (mpos_member_statement_is_checking (statement (t)));
  ui_spin (1500); /* the worker answers into a cancelled task */
  g_assert_false (mpos_member_statement_is_open (statement (t)));
  g_assert_false (mpos_cart_member_proven (ui_cart (t)));
}

/* ---- the payment page ---------------------------------------------------------------- */

static MposPaymentPage *
payment (UiTest *t)
{
  return MPOS_PAYMENT_PAGE (ui_find (ui_win (t), "payment_page"));
}

static guint
n_tenders (UiTest *t)
{
  return mpos_cart_get_tenders (ui_cart (t))->len;
}

/* Stored value with a wrong PIN (refused, counted once though Enter came
 * twice), then the right one (paid), each while the window turns. */
static void
test_payment_pin_off_the_main_loop (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  Watch watch;

  member_on_sale (t, TRUE);
  ui_key (GDK_KEY_F12, FALSE);
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "payment");
  gtk_editable_set_text (GTK_EDITABLE (ui_find (ui_win (t), "sv_amount")), "20");
  watch_start (&watch, ui_win (t));
  submit (t, "sv_pin", "111111");
  g_signal_emit_by_name (ui_find (ui_win (t), "sv_pin"), "activate"); /* Enter again */
  /* nor a click (emitted without turning the main loop, where the answer lands) */
  g_signal_emit_by_name (ui_find (ui_win (t), "sv_add"), "clicked");
  g_assert_true (mpos_payment_page_is_checking (payment (t)));
  g_assert_false (gtk_widget_get_sensitive (ui_find (ui_win (t), "sv_add")));
  g_assert_false (gtk_widget_get_sensitive (ui_find (ui_win (t), "points_add")));
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "pin_checking")));
  g_assert_cmpstr (ui_text (ui_win (t), "sv_pin"), ==, ""); /* never kept */
  g_free (ui_screenshot (ui_win (t), "payment-pin-checking"));
  ui_wait_pin_checked (t);
  watch_stop (&watch);
  g_assert_nonnull (strstr (ui_text (ui_win (t), "payment_problem"), "PIN"));
  g_assert_cmpuint (n_tenders (t), ==, 0);
  g_assert_cmpint (pin_failures (t), ==, 1);
  g_assert_true (gtk_widget_get_sensitive (ui_find (ui_win (t), "sv_add")));

  submit (t, "sv_pin", "246810");
  g_assert_true (mpos_payment_page_is_checking (payment (t)));
  ui_wait_pin_checked (t);
  g_assert_cmpstr (ui_text (ui_win (t), "payment_problem"), ==, "");
  g_assert_cmpuint (n_tenders (t), ==, 1);
  g_assert_cmpint (
      ((const MposTender *)g_ptr_array_index (mpos_cart_get_tenders (ui_cart (t)), 0))->amount, ==,
      2000);
  g_assert_cmpstr (ui_text (ui_win (t), "sv_amount"), ==, "");
}

/* Points with the PIN: paid once it answers. */
static void
test_points_pin_off_the_main_loop (void)
{
  g_autoptr (UiTest) t = ui_test_new ();

  member_on_sale (t, TRUE);
  ui_key (GDK_KEY_F12, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (ui_find (ui_win (t), "points_entry")), "2500");
  gtk_editable_set_text (GTK_EDITABLE (ui_find (ui_win (t), "sv_pin")), "246810");
  /* clicked without turning the main loop: a fast check cannot have answered yet */
  g_signal_emit_by_name (ui_find (ui_win (t), "points_add"), "clicked");
  g_assert_true (mpos_payment_page_is_checking (payment (t)));
  g_assert_cmpuint (n_tenders (t), ==, 0);
  ui_wait_pin_checked (t);
  g_assert_cmpstr (ui_text (ui_win (t), "payment_problem"), ==, "");
  g_assert_cmpuint (n_tenders (t), ==, 1);
  g_assert_cmpint (
      ((const MposTender *)g_ptr_array_index (mpos_cart_get_tenders (ui_cart (t)), 0))->points, ==,
      2500);
}

/* Five wrong PINs lock it; the right one is then refused as locked. */
static void
test_locked_pin_refused_off_the_main_loop (void)
{
  g_autoptr (UiTest) t = ui_test_new ();

  member_on_sale (t, TRUE);
  ui_key (GDK_KEY_F12, FALSE);
  for (int i = 0; i < 5; i++)
    {
      submit (t, "sv_pin", "111111");
      ui_wait_pin_checked (t);
    }
  g_assert_cmpint (pin_failures (t), ==, -1);
  submit (t, "sv_pin", "246810");
  g_assert_true (mpos_payment_page_is_checking (payment (t)));
  ui_wait_pin_checked (t);
  g_assert_nonnull (strstr (ui_text (ui_win (t), "payment_problem"), "locked"));
  g_assert_cmpuint (n_tenders (t), ==, 0);
  g_free (ui_screenshot (ui_win (t), "payment-pin-locked"));
}

/* Esc while the PIN is checked: back on the sale at once; the answer pays
 * nothing when it comes. */
static void
test_payment_left_drops_the_answer (void)
{
  g_autoptr (UiTest) t = ui_test_new ();

  member_on_sale (t, TRUE);
  ui_key (GDK_KEY_F12, FALSE);
  submit (t, "sv_pin", "246810");
  g_assert_true (mpos_payment_page_is_checking (payment (t)));
  ui_key (GDK_KEY_Escape, FALSE);
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "sale");
  g_assert_false (mpos_payment_page_is_checking (payment (t)));
  ui_spin (1500);
  g_assert_cmpuint (n_tenders (t), ==, 0);
}

int
main (int argc, char **argv)
{
  g_setenv ("MALLPOS_NOW", "2026-11-23T10:00:00+08:00", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  mpos_i18n_init (NULL);
  g_test_add_func ("/pin/statement-off-the-main-loop", test_statement_pin_off_the_main_loop);
  g_test_add_func ("/pin/statement-closed-drops-the-answer",
                   test_statement_closed_drops_the_answer);
  g_test_add_func ("/pin/payment-off-the-main-loop", test_payment_pin_off_the_main_loop);
  g_test_add_func ("/pin/points-off-the-main-loop", test_points_pin_off_the_main_loop);
  g_test_add_func ("/pin/locked-refused-off-the-main-loop",
                   test_locked_pin_refused_off_the_main_loop);
  g_test_add_func ("/pin/payment-left-drops-the-answer", test_payment_left_drops_the_answer);
  return g_test_run ();
}
