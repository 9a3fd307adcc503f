/* test-scan-work.c — what a scan makes the window do besides its line
 * (issue 17, Speed): the member panel and the customer display read the
 * member from the store only when the member (or, for the panel, their
 * proof) changes, not on every scan; the customer
 * display is brought up to date when the main loop idles, after the
 * cashier's frame, once for however many scans came before. Each case runs
 * in its own process (tests/ui/meson.build). */
#include "ui-test.h"

#include "mpos-customer-display.h"
#include "mpos-sale-page.h"
#include "mpos-till.h"

#include <string.h>

#define MEMBER_CARD "8800000000017"
#define COLA "6982959570664"      /* 可口可乐 500ml ¥3.50 */
#define DETERGENT "6960198794607" /* 蓝月亮洗衣液 3kg ¥59.90 */
#define BEER "6984669428723"      /* 青岛啤酒 ¥6.00 */

static void
count (GObject *object, GParamSpec *pspec, guint *n)
{
  (*n)++;
}

static gboolean
counted (gpointer data)
{
  return *(guint *)data > 0;
}

static gboolean
mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* Three scans in one turn of the main loop: the shopper's total is not
 * touched while they are rung (the cashier's frame comes first), then set
 * once, to the total the cashier sees. */
static void
test_customer_display_when_idle (void)
{
  g_autoptr (UiTest) t = NULL;
  MposCustomerDisplay *display;
  GtkWidget *total;
  guint updates = 0;

  g_setenv (MPOS_CUSTOMER_DISPLAY_ENV, "0", TRUE);
  t = ui_test_new ();
  display = mpos_window_get_customer_display (t->window);
  g_assert_nonnull (display);
  ui_wait (mapped, display);
  ui_cashier_signs_in (t);
  ui_spin (100);
  total = ui_find (GTK_WIDGET (display), "shopper_total");
  g_signal_connect (total, "notify::label", G_CALLBACK (count), &updates);
  mpos_window_scan (t->window, COLA);
  mpos_window_scan (t->window, DETERGENT);
  mpos_window_scan (t->window, BEER);
  g_assert_cmpuint (
      g_list_model_get_n_items (mpos_till_get_lines (mpos_window_get_till (t->window))), ==, 3);
  g_assert_cmpuint (updates, ==, 0);
  ui_wait (counted, &updates);
  ui_spin (200);
  g_assert_cmpuint (updates, ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (total)), ==,
                   ui_text (ui_win (t), "payable_label"));
  g_signal_handlers_disconnect_by_data (total, &updates);
}

/* The member is read once when their card is scanned, by the member panel
 * and by the customer display; the goods rung after (each shown on both
 * before the next) read nothing more, and both still name the member. */
static void
test_member_read_once_a_member (void)
{
  g_autoptr (UiTest) t = NULL;
  const char *goods[] = { COLA, DETERGENT, BEER };
  MposCustomerDisplay *display;
  MposSalePage *page;
  guint reads;

  g_setenv (MPOS_CUSTOMER_DISPLAY_ENV, "0", TRUE);
  t = ui_test_new ();
  display = mpos_window_get_customer_display (t->window);
  g_assert_nonnull (display);
  ui_cashier_signs_in (t);
  page = MPOS_SALE_PAGE (ui_find (ui_win (t), "sale_page"));
  reads = mpos_sale_page_get_member_reads (page);
  mpos_window_scan (t->window, MEMBER_CARD);
  g_assert_nonnull (mpos_cart_get_member (ui_cart (t)));
  g_assert_cmpuint (mpos_sale_page_get_member_reads (page), ==, reads + 1);
  for (guint i = 0; i < G_N_ELEMENTS (goods); i++)
    {
      mpos_window_scan (t->window, goods[i]);
      ui_wait_lines (t, i + 1);
      ui_spin (100); /* the customer display follows when the main loop idles */
    }
  g_assert_cmpuint (mpos_sale_page_get_member_reads (page), ==, reads + 1);
  g_assert_cmpuint (mpos_customer_display_get_member_reads (display), ==, 1);
  g_assert_nonnull (strstr (ui_text (ui_win (t), "member_name"), "张伟"));
  g_assert_nonnull (strstr (ui_text (GTK_WIDGET (display), "shopper_member"), "5000"));
}

/* Twelve lines, more than the list shows: one more scan gives texts to one
 * row, the new line's; the rows of the lines before keep theirs, though
 * GTK 4.8 binds the rows the selection leaves and reaches again. */
static void
test_one_row_a_scan (void)
{
  g_autoptr (UiTest) t = NULL;
  const char *goods[] = { "6900183401066", "6900183028102", "6944561824559", "6934404598501",
                          "6920999325585", "6955442690705", "6996494609062", "6958094920527",
                          "8801040325137", "6946398281963", "6981199615487", "6917747028966" };
  MposSalePage *page;
  guint updates;

  t = ui_test_new ();
  ui_cashier_signs_in (t);
  page = MPOS_SALE_PAGE (ui_find (ui_win (t), "sale_page"));
  for (guint i = 0; i < G_N_ELEMENTS (goods); i++)
    {
      mpos_window_scan (t->window, goods[i]);
      ui_wait_lines (t, i + 1);
      ui_spin (50);
    }
  ui_spin (200);
  updates = mpos_sale_page_get_row_updates (page);
  mpos_window_scan (t->window, BEER);
  ui_wait_lines (t, G_N_ELEMENTS (goods) + 1);
  ui_spin (200);
  g_assert_cmpuint (mpos_sale_page_get_row_updates (page), ==, updates + 1);
}

int
main (int argc, char **argv)
{
  g_setenv ("MALLPOS_NOW", "2026-11-23T10:00:00+08:00", TRUE); /* the demo promotions' day */
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scan-work/customer-display-when-idle", test_customer_display_when_idle);
  g_test_add_func ("/scan-work/member-read-once-a-member", test_member_read_once_a_member);
  g_test_add_func ("/scan-work/one-row-a-scan", test_one_row_a_scan);
  return g_test_run ();
}
