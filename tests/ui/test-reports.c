/* test-reports.c — the manager's reports screen driven as a manager drives
 * it: Ctrl+B from the sale screen, staff number and PIN, the X report, the
 * tender mix and sales by hour with their charts, print on the (virtual)
 * receipt printer, save as PDF, and the Z report only after its
 * confirmation; the analyses' period (today … custom dates on the
 * calendars). Screenshots of each screen in zh_CN (tests/ui/meson.build
 * runs each case in its own process). */
#include "ui-test.h"

#include "mpos-reports-page.h"
#include "mpos-till.h"
#include "report-day.h"
#include "terminal-language.h"

#include <string.h>

#define COLA "6982959570664" /* 可口可乐 500ml ¥3.50 */

static gboolean
on_page (UiTest *t, const char *name)
{
  return g_str_equal (mpos_window_get_page (t->window), name);
}

static MposReportsPage *
page_of (UiTest *t)
{
  return MPOS_REPORTS_PAGE (ui_find (ui_win (t), "reports_page"));
}

static gboolean
idle_page (gpointer data)
{
  return !mpos_reports_page_is_busy (page_of (data));
}

/* A cashier signs in and sells a cola for cash, so the day has figures. */
static void
sell_one (UiTest *t)
{
  ui_cashier_signs_in (t);
  ui_scan (COLA);
  ui_wait_lines (t, 1);
  ui_key (GDK_KEY_F12, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (ui_find (ui_win (t), "cash_entry")), "10");
  g_signal_emit_by_name (ui_find (ui_win (t), "cash_entry"), "activate");
  ui_key (GDK_KEY_F12, FALSE);
  ui_wait_page (t, "sale");
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
  gtk_editable_set_text (GTK_EDITABLE (ui_find (ui_win (t), "report_staff_entry")), number);
  gtk_editable_set_text (GTK_EDITABLE (ui_find (ui_win (t), "report_pin_entry")), pin);
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
  gtk_widget_activate_action (ui_win (t), "win.reports", NULL);
  g_assert_true (on_page (t, "reports"));
  g_free (ui_screenshot (ui_win (t), "reports-start-zh_CN"));

  /* no credential, then a wrong PIN: refused in words, no report */
  show (t, "x");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "report_status"), "店长"));
  set_credential (t, "9001", "0000");
  show (t, "x");
  g_assert_null (mpos_reports_page_get_report (page_of (t)));
  g_assert_cmpstr (ui_text (ui_win (t), "report_status"), !=, "");

  /* the X report, built off the main loop */
  set_credential (t, "9001", "9001");
  show (t, "x");
  report = mpos_reports_page_get_report (page_of (t));
  if (report == NULL)
    g_error ("no X report: %s", ui_text (ui_win (t), "report_status"));
  g_assert_cmpstr (report->kind, ==, "x");
  g_assert_true (
      mpos_report_table_figure (mpos_report_table (report, "sales"), MPOS_REPORT_NET_SALES, &net));
  g_assert_cmpint (net, >, 0);
  g_assert_nonnull (strstr (ui_text (ui_win (t), "report_header"), "练习模式"));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "report_header"), "营业日 2026-11-23"));
  g_free (ui_screenshot (ui_win (t), "reports-x-zh_CN"));

  /* analyses with their charts */
  show (t, "by-tender");
  g_assert_cmpstr (mpos_reports_page_get_report (page_of (t))->kind, ==, "by-tender");
  g_free (ui_screenshot (ui_win (t), "reports-tender-mix-zh_CN"));
  show (t, "sales-by-hour");
  g_free (ui_screenshot (ui_win (t), "reports-sales-by-hour-zh_CN"));

  /* print on the receipt printer (the sale's receipt was 0001) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page_of (t)), "reports.print", NULL));
  ui_wait (printed_report, t);
  path = g_build_filename (t->receipt_dir, "0002.txt", NULL);
  g_assert_true (g_file_get_contents (path, &printed, NULL, NULL));
  g_assert_nonnull (strstr (printed, "按小时"));

  /* save as PDF */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page_of (t)), "reports.save-pdf", NULL));
  ui_wait (idle_page, t);
  g_assert_nonnull (strstr (ui_text (ui_win (t), "report_status"), pdf_dir));

  /* the day ends: the drawer's shift is counted (empty, the manager accepts
   * the shortage) and closed first, as the Z report asks */
  g_setenv ("MALLPOS_SUPERVISOR_PIN", "9001", TRUE); /* the manager's PIN (ui-store.sh) */
  g_free (ui_ctl (t, 0, "shift close --count 100=0 --manager 9001 --cashier 1001"));
  g_unsetenv ("MALLPOS_SUPERVISOR_PIN");
  /* the Z report only after its confirmation */
  show (t, "z");
  g_assert_cmpstr (mpos_reports_page_get_report (page_of (t))->kind, ==, "sales-by-hour");
  g_assert_true (
      gtk_revealer_get_reveal_child (GTK_REVEALER (ui_find (ui_win (t), "confirm_revealer"))));
  g_free (ui_screenshot (ui_win (t), "reports-z-confirm-zh_CN"));
  gtk_widget_activate_action (GTK_WIDGET (page_of (t)), "reports.cancel-close", NULL);
  g_assert_cmpstr (mpos_reports_page_get_report (page_of (t))->kind, ==, "sales-by-hour");
  show (t, "z");
  gtk_widget_activate_action (GTK_WIDGET (page_of (t)), "reports.close-day", NULL);
  ui_wait (idle_page, t);
  ui_spin (200);
  report = mpos_reports_page_get_report (page_of (t));
  g_assert_cmpstr (report->kind, ==, "z");
  g_assert_cmpint (report->number, ==, 1);
  g_free (ui_screenshot (ui_win (t), "reports-z-zh_CN"));

  /* Esc: back to the sale screen */
  ui_key (GDK_KEY_Escape, FALSE);
  ui_wait_page (t, "sale");
}

static void
pick_range (UiTest *t, guint row)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ui_find (ui_win (t), "range_dropdown")), row);
  ui_spin (50);
  ui_wait (idle_page, t);
  ui_spin (200);
}

static int64_t
tenders_net (UiTest *t)
{
  const MposReport *report = mpos_reports_page_get_report (page_of (t));
  const MposReportTable *table = mpos_report_table (report, "tenders");
  const MposReportCell *total = mpos_report_table_cell (table, table->rows->len - 1, 2);

  return total->value;
}

/* Rows of the period dropdown, as the page lists them. */
enum { TODAY, THIS_WEEK, THIS_MONTH, LAST_MONTH, CUSTOM };

/* The analyses' period: the tender mix of today, then last month (nothing
 * sold: the charts redraw empty), this month, and two days picked on the
 * calendars; each change rebuilds the analysis on screen off the main
 * loop, and the header names the business days. */
static void
test_reports_date_range (void)
{
  g_autoptr (UiTest) t = NULL;
  g_autoptr (GDateTime) nov1 = g_date_time_new_local (2026, 11, 1, 12, 0, 0);
  g_autoptr (GDateTime) nov22 = g_date_time_new_local (2026, 11, 22, 12, 0, 0);
  g_autoptr (GDateTime) nov23 = g_date_time_new_local (2026, 11, 23, 12, 0, 0);
  GtkCalendar *from, *to;
  int64_t today;

  g_setenv ("MALLPOS_LANGUAGE", "zh_CN", TRUE);
  t = ui_test_new ();
  sell_one (t);
  gtk_widget_activate_action (ui_win (t), "win.reports", NULL);
  set_credential (t, "9001", "9001");
  from = GTK_CALENDAR (ui_find (ui_win (t), "from_calendar"));
  to = GTK_CALENDAR (ui_find (ui_win (t), "to_calendar"));

  show (t, "by-tender");
  g_assert_nonnull (mpos_reports_page_get_report (page_of (t)));
  today = tenders_net (t);
  g_assert_cmpint (today, >, 0); /* the cola */
  g_assert_cmpstr (mpos_reports_page_get_report (page_of (t))->business_day, ==, "2026-11-23");

  /* last month: the same analysis again, rebuilt for October */
  pick_range (t, LAST_MONTH);
  g_assert_cmpstr (mpos_reports_page_get_report (page_of (t))->kind, ==, "by-tender");
  g_assert_cmpint (tenders_net (t), ==, 0);
  g_assert_nonnull (strstr (ui_text (ui_win (t), "report_header"), "期间 2026-10-01 至 2026-10-31"));
  g_free (ui_screenshot (ui_win (t), "reports-range-last-month-zh_CN"));

  /* this month: 1 to 23 November */
  pick_range (t, THIS_MONTH);
  g_assert_cmpint (tenders_net (t), ==, today);
  g_assert_nonnull (strstr (ui_text (ui_win (t), "report_header"), "2026-11-01 至 2026-11-23"));

  /* custom dates: the calendars show, an analysis follows each pick */
  pick_range (t, CUSTOM);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (ui_find (ui_win (t), "custom_revealer"))));
  gtk_calendar_select_day (from, nov1);
  gtk_calendar_select_day (to, nov22);
  ui_spin (50);
  ui_wait (idle_page, t);
  ui_spin (200);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (ui_find (ui_win (t), "from_button"))), ==,
                   "2026-11-01");
  g_assert_cmpint (tenders_net (t), ==, 0); /* the sale was on the 23rd */
  g_assert_nonnull (strstr (ui_text (ui_win (t), "report_header"), "2026-11-01 至 2026-11-22"));
  gtk_calendar_select_day (to, nov23);
  ui_spin (50);
  ui_wait (idle_page, t);
  ui_spin (200);
  g_assert_cmpint (tenders_net (t), ==, today);

  /* the charts of the period: sales by hour and the category share */
  show (t, "sales-by-hour");
  g_assert_cmpstr (mpos_reports_page_get_report (page_of (t))->kind, ==, "sales-by-hour");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "report_header"), "2026-11-01 至 2026-11-23"));
  g_free (ui_screenshot (ui_win (t), "reports-range-sales-by-hour-zh_CN"));
  show (t, "by-category");
  g_free (ui_screenshot (ui_win (t), "reports-range-category-share-zh_CN"));

  /* the first day after the last: said, nothing built */
  gtk_calendar_select_day (from, nov23);
  gtk_calendar_select_day (to, nov22);
  ui_spin (100);
  g_assert_false (mpos_reports_page_is_busy (page_of (t)));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "report_status"), "开始日期"));
}

int
main (int argc, char **argv)
{
  g_setenv ("MALLPOS_NOW", "2026-11-23T10:00:00+08:00", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  mpos_i18n_init (NULL);
  g_test_add_func ("/reports/x-charts-print-pdf-z", test_reports_x_charts_print_pdf_z);
  g_test_add_func ("/reports/date-range", test_reports_date_range);
  return g_test_run ();
}
