/* mallpos-demo-tour.c — the demo where there is no display: the cashier
 * window on the demo store under Xvfb, driven through a short member sale
 * by the same means as the tests (keys through the X server, a scanner's
 * burst for each code), with a screenshot of each step. packaging/demo.sh
 * runs it; it prints the path of every screenshot and of the receipt.
 *
 * Usage: mallpos-demo-tour STORE RECEIPT_DIR OUTPUT_DIR */
#include "ui-test.h"

#include "mpos-till.h"
#include "virtual-printer.h"

#include <stdio.h>

static gboolean
on_page (gpointer data)
{
  MposWindow *window = data;
  return g_str_equal (mpos_window_get_page (window), "sale");
}

static void
step (UiTest *t, const char *name, const char *what)
{
  g_autofree char *path = ui_screenshot (GTK_WIDGET (t->window), name);

  printf ("%-44s %s\n", what, path);
  fflush (stdout);
}

static void
tour (UiTest *t)
{
  GtkWidget *win = GTK_WIDGET (t->window);
  MposTillPrinter *printer = mpos_till_get_printer (mpos_window_get_till (t->window));
  MposVirtualPrinter *virtual
      = mpos_virtual_printer_get_for_device (mpos_till_printer_get_device (printer));
  g_autofree char *receipt = NULL;

  step (t, "1-sign-in", "1. sign-in (staff 1001, PIN 1234)");
  gtk_widget_grab_focus (ui_find (win, "number_entry"));
  ui_type ("1001");
  ui_key (GDK_KEY_Return, FALSE);
  ui_type ("1234");
  ui_key (GDK_KEY_Return, FALSE);
  ui_wait (on_page, t->window);
  ui_scan ("8800000000017"); /* 张伟's member card */
  ui_scan ("6982959570664"); /* 可口可乐 */
  ui_scan ("6984669428723"); /* 青岛啤酒 */
  ui_scan ("2000101012504"); /* a weighed-goods label */
  ui_scan ("6960198794607"); /* 蓝月亮洗衣液 */
  step (t, "2-sale", "2. a member sale, rung by scans");
  ui_key (GDK_KEY_F12, FALSE);
  ui_click (win, "¥100");
  step (t, "3-payment", "3. payment: ¥100 cash, change shown");
  ui_key (GDK_KEY_F12, FALSE);
  ui_wait (on_page, t->window);
  ui_spin (1500); /* the receipt prints off the main loop */
  step (t, "4-paid", "4. paid: change and receipt number");
  receipt = virtual ? mpos_virtual_printer_dup_last_png (virtual) : NULL;
  printf ("%-44s %s\n", "5. the receipt, as the printer printed it",
          receipt ? receipt : "(not printed)");
}

int
main (int argc, char **argv)
{
  g_autoptr (UiTest) t = NULL;

  if (argc != 4)
    {
      fprintf (stderr, "usage: mallpos-demo-tour STORE RECEIPT_DIR OUTPUT_DIR\n");
      return 2;
    }
  g_setenv ("MALLPOS_UI_OUTPUT", argv[3], TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_init ();
  t = ui_test_open (argv[1], argv[2]);
  tour (t);
  return 0;
}
