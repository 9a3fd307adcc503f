/* test-reports.c — the manager's reports screen driven as a manager drives
 * it: Ctrl+B from the sale screen, staff number and PIN, the X report, the
 * tender mix and sales by hour with their charts, print on the (virtual)
 * receipt printer, save as PDF, and the Z report only after its
 * confirmation. Screenshots of each screen in zh_CN (tests/ui/meson.build
 * runs each case in its own process). */
#include "ui-test.h"

#include "mpos-reports-page.h"
#include "mpos-till.h"
#include "report-day.h"
#include "terminal-language.h"

#include <string.h>

#define COLA "6982959570664" /* 可口可乐 500ml ¥3.50 */

static GtkWidget *
win (UiTest *t)
{
  return GTK_WIDGET (t->window);
}

static gboolean
on_page (UiTest *t, const char *name)
{
  return g_str_equal (mpos_window_get_page (t->window), name);
}

static gboolean
on_sale (gpointer data)
{
  return on_page (data, "sale");
}

static MposReportsPage *
page_of (UiTest *t)
{
  return MPOS_REPORTS_PAGE (ui_find (win (t), "reports_page"));
}

static gboolean
idle_page (gpointer data)
{
  return !mpos_reports_page_is_busy (page_of (data));
}

static gboolean
has_lines (gpointer data)
{
  UiTest *t = data;

  return g_list_model_get_n_items (mpos_till_get_lines (mpos_window_get_till (t->window))) > 0;
}

/* A cashier signs in and sells a cola for cash, so the day has figures. */
static void
sell_one (UiTest *t)
{
  gtk_widget_grab_focus (ui_find (win (t), "number_entry"));
  ui_type ("1001");
  ui_key (GDK_KEY_Return, FALSE);
  ui_type ("1234");
  ui_key (GDK_KEY_Return, FALSE);
  ui_wait (on_sale, t);
  ui_scan (COLA);
  ui_wait (has_lines, t);
  ui_key (GDK_KEY_F12, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (ui_find (win (t), "cash_entry")), "10");
  g_signal_emit_by_name (ui_find (win (t), "cash_entry"), "activate");
  ui_key (GDK_KEY_F12, FALSE);
  ui_wait (on_sale, t);
}

static void
show (UiTest *t, const char *kind)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page_of (t)), "reports.show", "s", kind));
  ui_wait (idle_page, t);
  ui_spin (200);
}

static void
set_credential (UiTest *t, const char *number, const char *pin)
{
  gtk_editable_set_text (GTK_EDITABLE (ui_find (win (t), "report_staff_entry")), number);
  gtk_editable_set_text (GTK_EDITABLE (ui_find (win (t), "report_pin_entry")), pin);
}

static gboolean
printed_report (gpointer data)
{
  UiTest *t = data;
  g_autofree char *path = g_build_filename (t->receipt_dir, "0002.txt", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_reports_x_charts_print_pdf_z (void)
{
  g_autoptr (UiTest) t = NULL;
  g_autofree char *pdf_dir = NULL, *printed = NULL, *path = NULL;
  const MposReport *report;
  int64_t net = 0;

  g_setenv ("MALLPOS_LANGUAGE", "zh_CN", TRUE);
  t = ui_test_new ();
  pdf_dir = g_build_filename (t->dir, "pdf", NULL);
  g_setenv ("MALLPOS_REPORT_DIR", pdf_dir, TRUE);
  sell_one (t);

  /* Ctrl+B from the sale screen */
  g_assert_true (on_page (t, "sale"));
  gtk_widget_activate_action (win (t), "win.reports", NULL);
  g_assert_true (on_page (t, "reports"));
  g_free (ui_screenshot (win (t), "reports-start-zh_CN"));

  /* no credential, then a wrong PIN: refused in words, no report */
  show (t, "x");
  g_assert_nonnull (strstr (ui_text (win (t), "report_status"), "店长"));
  set_credential (t, "9001", "0000");
  show (t, "x");
  g_assert_null (mpos_reports_page_get_report (page_of (t)));
  g_assert_cmpstr (ui_text (win (t), "report_status"), !=, "");

  /* the X report, built off the main loop */
  set_credential (t, "9001", "9001");
  show (t, "x");
  report = mpos_reports_page_get_report (page_of (t));
  if (report == NULL)
    g_error ("no X report: %s", ui_text (win (t), "report_status"));
  g_assert_cmpstr (report->kind, ==, "x");
  g_assert_true (
      mpos_report_table_figure (mpos_report_table (report, "sales"), MPOS_REPORT_NET_SALES, &net));
  g_assert_cmpint (net, >, 0);
  g_assert_nonnull (strstr (ui_text (win (t), "report_header"), "练习模式"));
  g_free (ui_screenshot (win (t), "reports-x-zh_CN"));

  /* analyses with their charts */
  show (t, "by-tender");
  g_assert_cmpstr (mpos_reports_page_get_report (page_of (t))->kind, ==, "by-tender");
  g_free (ui_screenshot (win (t), "reports-tender-mix-zh_CN"));
  show (t, "sales-by-hour");
  g_free (ui_screenshot (win (t), "reports-sales-by-hour-zh_CN"));

  /* print on the receipt printer (the sale's receipt was 0001) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page_of (t)), "reports.print", NULL));
  ui_wait (printed_report, t);
  path = g_build_filename (t->receipt_dir, "0002.txt", NULL);
  g_assert_true (g_file_get_contents (path, &printed, NULL, NULL));
  g_assert_nonnull (strstr (printed, "按小时"));

  /* save as PDF */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page_of (t)), "reports.save-pdf", NULL));
  ui_wait (idle_page, t);
  g_assert_nonnull (strstr (ui_text (win (t), "report_status"), pdf_dir));

  /* the day ends: the drawer's shift is counted (empty, the manager accepts
   * the shortage) and closed first, as the Z report asks */
  g_setenv ("MALLPOS_SUPERVISOR_PIN", "9001", TRUE); /* the manager's PIN (ui-store.sh) */
  g_free (ui_ctl (t, 0, "shift close --count 100=0 --manager 9001 --cashier 1001"));
  g_unsetenv ("MALLPOS_SUPERVISOR_PIN");
  /* the Z report only after its confirmation */
  show (t, "z");
  g_assert_cmpstr (mpos_reports_page_get_report (page_of (t))->kind, ==, "sales-by-hour");
  g_assert_true (
      gtk_revealer_get_reveal_child (GTK_REVEALER (ui_find (win (t), "confirm_revealer"))));
  g_free (ui_screenshot (win (t), "reports-z-confirm-zh_CN"));
  gtk_widget_activate_action (GTK_WIDGET (page_of (t)), "reports.cancel-close", NULL);
  g_assert_cmpstr (mpos_reports_page_get_report (page_of (t))->kind, ==, "sales-by-hour");
  show (t, "z");
  gtk_widget_activate_action (GTK_WIDGET (page_of (t)), "reports.close-day", NULL);
  ui_wait (idle_page, t);
  ui_spin (200);
  report = mpos_reports_page_get_report (page_of (t));
  g_assert_cmpstr (report->kind, ==, "z");
  g_assert_cmpint (report->number, ==, 1);
  g_free (ui_screenshot (win (t), "reports-z-zh_CN"));

  /* Esc: back to the sale screen */
  ui_key (GDK_KEY_Escape, FALSE);
  ui_wait (on_sale, t);
}

int
main (int argc, char **argv)
{
  g_setenv ("MALLPOS_NOW", "2026-11-23T10:00:00+08:00", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  mpos_i18n_init (NULL);
  g_test_add_func ("/reports/x-charts-print-pdf-z", test_reports_x_charts_print_pdf_z);
  return g_test_run ();
}
