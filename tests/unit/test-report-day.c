/* test-report-day.c — tests for the day summaries (src/report-summary.c), the
 * X and Z reports (src/report-day.c, src/report-z.c), the reading back of
 * a kept report (src/report-json-read.c) and the text and CSV writers. */
#include <glib.h>
#include <string.h>

#include "clock.h"
#include "json-fields.h"
#include "report-analysis.h"
#include "report-csv.h"
#include "report-private.h"
#include "report-text.h"
#include "shift.h"
#include "test-util.h"

static int64_t
figure (const MposReport *report, const char *table, const char *label)
{
  int64_t value = G_MININT64;

  g_assert_true (mpos_report_table_figure (mpos_report_table (report, table), label, &value));
  return value;
}

static MposReport *
x_report (MposStore *store)
{
  g_autoptr (GError) error = NULL;
  MposReport *x = mpos_report_x (store, test_manager (store), mpos_clock_now (), &error);

  g_assert_no_error (error);
  return x;
}

/* The fixture's shift (test-util.c) belongs to no business day: the report
 * tests close it and sell from a shift opened today, as a store does. */
static void
open_todays_shift (MposStore *store)
{
  g_autoptr (GError) error = NULL;
  MposCashCount count = { { 0 } };

  g_assert_true (mpos_shift_close (store, "1001", &count, test_manager (store), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mpos_shift_open (store, "1001", 10000, NULL, &error));
  g_assert_no_error (error);
}

/* The X report's figures are the sums of the day's records, and a sale
 * right after the X report shows in the next. */
static void
test_report_x_adds_up_the_days_records (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposSaleResult sale = { 0 }, ret = { 0 };
  g_autoptr (MposReport) x = NULL;
  g_autoptr (MposReport) later = NULL;

  open_todays_shift (ts->store);
  test_commit_demo_sale (ts->store, &sale);
  test_return_sale (ts->store, sale.receipt_no, test_return_request_new (2, 1), &ret);
  x = x_report (ts->store);
  g_assert_cmpint (figure (x, "sales", MPOS_REPORT_SALES_COUNT), ==, 1);
  g_assert_cmpint (figure (x, "sales", MPOS_REPORT_RETURNS_COUNT), ==, 1);
  g_assert_cmpint (figure (x, "sales", MPOS_REPORT_NET_SALES), ==,
                   test_query_int (ts->store, "SELECT sum (total) FROM sales"));
  g_assert_cmpint (figure (x, "sales", MPOS_REPORT_TAX), ==,
                   test_query_int (ts->store, "SELECT sum (tax_total) FROM sales"));
  g_assert_cmpint (figure (x, "sales", MPOS_REPORT_GROSS) - figure (x, "sales", MPOS_REPORT_DISCOUNTS)
                       + figure (x, "sales", MPOS_REPORT_ROUNDING)
                       - figure (x, "sales", MPOS_REPORT_RETURNS),
                   ==, figure (x, "sales", MPOS_REPORT_NET_SALES));
  g_assert_cmpint (figure (x, "discounts", MPOS_REPORT_TOTAL), ==,
                   figure (x, "sales", MPOS_REPORT_DISCOUNTS));
  /* the float (100.00) and every cash movement: the day took cash only */
  g_assert_cmpint (figure (x, "cash", MPOS_REPORT_FLOAT), ==, 10000);
  g_assert_cmpint (figure (x, "cash", MPOS_REPORT_CASH_EXPECTED), ==,
                   10000 + figure (x, "sales", MPOS_REPORT_NET_SALES));
  g_assert_true (x->training == mpos_store_is_training (ts->store));
  test_commit_demo_sale (ts->store, &sale);
  later = x_report (ts->store);
  g_assert_cmpint (figure (later, "sales", MPOS_REPORT_SALES_COUNT), ==, 2);
}

/* A Z report closes its day once: a second is refused naming the first, a
 * sale into the day is refused and stores nothing, and the reprint is the
 * first document. */
static void
test_report_z_closes_the_day_once (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposReport) z = NULL, again = NULL, reprint = NULL;
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (cJSON) a = NULL, b = NULL;
  g_autofree char *before = NULL, *after = NULL;
  MposSaleResult sale = { 0 };
  MposCashCount count = { { 0 } };

  open_todays_shift (ts->store);
  test_commit_demo_sale (ts->store, &sale);
  g_assert_null (mpos_report_z (ts->store, test_manager (ts->store), NULL, mpos_clock_now (), &error));
  g_assert_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_SHIFT_OPEN);
  g_clear_error (&error);
  g_assert_true (mpos_shift_close (ts->store, "1001", &count, test_manager (ts->store), NULL, &error));
  g_assert_no_error (error);
  z = mpos_report_z (ts->store, test_manager (ts->store), NULL, mpos_clock_now (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (z->number, ==, 1);
  /* the drawer held the float and the demo sale's 152.55; counted 0 */
  g_assert_cmpint (figure (z, "cash", MPOS_REPORT_CASH_EXPECTED), ==, 25255);
  g_assert_cmpint (figure (z, "cash", MPOS_REPORT_CASH_COUNTED), ==, 0);
  g_assert_cmpint (figure (z, "cash", MPOS_REPORT_OVER_SHORT), ==, -25255);
  again = mpos_report_z (ts->store, test_manager (ts->store), NULL, mpos_clock_now (), &error);
  g_assert_null (again);
  g_assert_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_ALREADY_CLOSED);
  g_assert_nonnull (strstr (error->message, "reprint-z 1"));
  g_clear_error (&error);

  g_assert_true (mpos_shift_open (ts->store, "1001", 0, NULL, &error));
  before = test_snapshot (ts->store, "sales", "journal", "sales_summary", NULL);
  cart = test_cart_new_demo (ts->store, mpos_clock_now ());
  g_assert_false (mpos_sale_commit (cart, &sale, &error));
  g_assert_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_DAY_CLOSED);
  g_clear_error (&error);
  after = test_snapshot (ts->store, "sales", "journal", "sales_summary", NULL);
  g_assert_cmpstr (before, ==, after);

  reprint = mpos_report_z_reprint (ts->store, test_manager (ts->store), 1, &error);
  g_assert_no_error (error);
  a = mpos_report_to_json (z);
  b = mpos_report_to_json (reprint);
  g_assert_true (cJSON_Compare (a, b, TRUE));
  g_assert_null (mpos_report_z_reprint (ts->store, test_manager (ts->store), 2, &error));
  g_assert_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_NOT_FOUND);
}

/* Reports need report_access: a cashier's credential is refused. */
static void
test_report_needs_report_access (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  const MposStaffCredential cashier = { "1001", TEST_CASHIER_PIN, NULL };

  test_manager (ts->store);
  g_assert_null (mpos_report_x (ts->store, &cashier, mpos_clock_now (), &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_null (mpos_report_x (ts->store, NULL, mpos_clock_now (), &error));
  g_assert_nonnull (error);
}

/* Periods: days written two ways, refused with what to write. */
static void
test_report_day_parse (void)
{
  char day[9];
  g_autoptr (GError) error = NULL;
  const char *bad[] = { "2026-13-01", "2026-02-30", "20261301", "2026-1-1x", "1999-12-31",
                        "2026-12-07x", "", "２０２６-12-07", "2026-12-0" };

  g_assert_true (mpos_report_day_parse ("2026-12-07", "--from", day, &error));
  g_assert_cmpstr (day, ==, "20261207");
  g_assert_true (mpos_report_day_parse ("20240229", "--from", day, &error));
  g_assert_cmpstr (day, ==, "20240229");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (mpos_report_day_parse (bad[i], "--to", day, &error));
      g_assert_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "2026-12-07"));
      g_clear_error (&error);
    }
}

/* The summaries read over a period take whole months from month rows: a
 * month's analysis equals the sum of its days'. */
static void
test_report_month_rows_equal_the_days (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) month = NULL, days = NULL;
  MposSaleResult sale = { 0 };

  test_commit_demo_sale (ts->store, &sale);
  test_pin_now ("2026-11-30T21:00:00+08:00");
  test_commit_demo_sale (ts->store, &sale);
  month = mpos_report_summary_read (ts->store, "product", "20261101", "20261130", NULL, &error);
  g_assert_no_error (error);
  days = mpos_report_summary_read (ts->store, "product", "20261102", "20261130", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (month->len, ==, days->len);
  for (guint i = 0; i < month->len; i++)
    {
      g_assert_cmpstr (g_array_index (month, MposSummaryRow, i).key, ==,
                       g_array_index (days, MposSummaryRow, i).key);
      g_assert_cmpint (g_array_index (month, MposSummaryRow, i).net, ==,
                       g_array_index (days, MposSummaryRow, i).net);
    }
  test_pin_now (TEST_NOW_ISO);
}

/* CSV: RFC 4180 quoting, CRLF, every record as wide; text: CJK columns. */
static void
test_report_writers (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("x", "X");
  MposReportTable *t = mpos_report_add_table (report, "tenders", "支付方式");
  g_autofree char *csv = NULL, *text = NULL;
  guint row;

  mpos_report_table_add_column (t, "tender", "支付方式", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "net", "净额", MPOS_REPORT_MONEY);
  mpos_report_table_add_column (t, "share", "占比", MPOS_REPORT_SHARE);
  row = mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM);
  mpos_report_table_set_text (t, row, 0, "现金, \"零钱\"");
  mpos_report_table_set_value (t, row, 1, MPOS_REPORT_MONEY, 123456789);
  mpos_report_table_set_value (t, row, 2, MPOS_REPORT_SHARE, 10000);
  csv = mpos_report_to_csv (report, MPOS_REPORT_CSV_PLAIN);
  g_assert_true (g_str_has_prefix (csv, "report,field,value,\r\n")); /* no byte order mark */
  g_assert_nonnull (strstr (csv, "tenders,\"现金, \"\"零钱\"\"\",1234567.89,100.00\r\n"));
  g_assert_nonnull (strstr (csv, "report,kind,x,\r\n")); /* padded to the widest table */
  text = mpos_report_to_text (report, 0);
  /* laid out as on receipt paper (receipt-table.c), as wide as needed */
  g_assert_nonnull (strstr (text, "\n现金, \"零钱\" 1,234,567.89 100.00%\n"));
  g_assert_nonnull (strstr (text, "\n支付方式         净额(元)    占比\n"));
  g_assert_null (strstr (csv, "(元)")); /* CSV headings stay the titles scripts read */
  g_free (text);
  text = mpos_report_to_text (report, 32); /* 58 mm: the label wraps, figures flush right */
  g_assert_nonnull (strstr (text, " 1,234,567.89 100.00%\n"));
  g_assert_null (strstr (text, "\n现金, \"零钱\" 1,234,567.89"));
}

/* CSV for Excel on a Chinese Windows: the UTF-8 byte order mark first
 * (else Excel reads GBK), CRLF, quoting, and text cells Excel would change
 * kept as text: a barcode, a leading zero, a would-be formula. */
static void
test_report_csv_for_excel (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("products", "商品排行");
  MposReportTable *t = mpos_report_add_table (report, "top", "畅销商品");
  const char *const texts[] = { "6901234567890", "007", "=HYPERLINK(\"x\")", "-1", "矿泉水" };
  g_autofree char *csv = NULL, *plain = NULL;

  mpos_report_table_add_column (t, "code", "编码", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "net", "净销售额", MPOS_REPORT_MONEY);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      guint row = mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM);
      mpos_report_table_set_text (t, row, 0, texts[i]);
      mpos_report_table_set_value (t, row, 1, MPOS_REPORT_MONEY, -250);
    }
  csv = mpos_report_to_csv (report, MPOS_REPORT_CSV_EXCEL);
  /* people read it: the header rows in the report's words */
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF报表,项目,内容\r\n"));
  g_assert_nonnull (strstr (csv, "\r\n报表,类型,products\r\n"));
  g_assert_nonnull (strstr (csv, "\r\n报表,练习模式,否\r\n"));
  g_assert_nonnull (strstr (csv, "\r\ntop,\"=\"\"6901234567890\"\"\",-2.50\r\n"));
  g_assert_nonnull (strstr (csv, "\r\ntop,\"=\"\"007\"\"\",-2.50\r\n"));
  g_assert_nonnull (strstr (csv, "\r\ntop,\"'=HYPERLINK(\"\"x\"\")\",-2.50\r\n"));
  g_assert_nonnull (strstr (csv, "\r\ntop,'-1,-2.50\r\n"));
  g_assert_nonnull (strstr (csv, "\r\ntop,矿泉水,-2.50\r\n"));
  g_assert_nonnull (strstr (csv, "\r\ntop,编码,净销售额\r\n")); /* titles as they are */
  plain = mpos_report_to_csv (report, MPOS_REPORT_CSV_PLAIN);
  g_assert_nonnull (strstr (plain, "\r\nreport,training,false\r\n")); /* scripts: the keys */
  g_assert_nonnull (strstr (plain, "\r\ntop,6901234567890,-2.50\r\n"));
  g_assert_nonnull (strstr (plain, "\r\ntop,-1,-2.50\r\n"));
}

/* A figure column is titled for what it holds: 金额 over money only, not
 * over counts of sales or points (what a manager reads as a heading). */
static void
test_report_figure_columns_say_what_they_hold (void)
{
  static const char *const TITLES[][2] = {
    { "sales", "数值" },        { "cash", "金额" },    { "stored_value", "数值" },
    { "points", "积分" },       { "coupons", "数值" }, { "gift_cards", "数值" },
    { "sync", "笔数" },
  };
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposReport) x = mpos_report_x (ts->store, test_manager (ts->store), mpos_clock_now (),
                                            &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (TITLES); i++)
    {
      const MposReportTable *t = mpos_report_table (x, TITLES[i][0]);

      g_assert_nonnull (t);
      g_assert_cmpstr (g_array_index (t->columns, MposReportColumn, 1).title, ==, TITLES[i][1]);
    }
}

/* The CSV header's period and time made read as the store's clock does
 * (not Unix seconds), in both flavours; JSON adds them in ISO 8601. */
static void
test_report_csv_header_local_times (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("by-tender", "按支付方式");
  g_autoptr (cJSON) json = NULL;
  g_autofree char *excel = NULL, *plain = NULL;

  report->time_zone = g_strdup ("Asia/Shanghai");
  report->from = 1764540000; /* 2025-12-01 06:00 +08:00 (the cut-off hour) */
  report->to = 1767218400;   /* 2026-01-01 06:00 +08:00 */
  report->generated_at = 1767239100; /* 2026-01-01 11:45 +08:00 */
  excel = mpos_report_to_csv (report, MPOS_REPORT_CSV_EXCEL);
  plain = mpos_report_to_csv (report, MPOS_REPORT_CSV_PLAIN);
  g_assert_true (g_str_has_prefix (excel, "\xEF\xBB\xBF报表,项目,内容\r\n"));
  g_assert_true (g_str_has_prefix (plain, "report,field,value\r\n"));
  g_assert_nonnull (strstr (plain, "\r\nreport,from,2025-12-01 06:00\r\n"));
  g_assert_nonnull (strstr (plain, "\r\nreport,to,2026-01-01 06:00\r\n"));
  g_assert_nonnull (strstr (plain, "\r\nreport,generated_at,2026-01-01 11:45\r\n"));
  g_assert_nonnull (strstr (excel, "\r\n报表,开始,2025-12-01 06:00\r\n"));
  g_assert_nonnull (strstr (excel, "\r\n报表,结束,2026-01-01 06:00\r\n"));
  g_assert_nonnull (strstr (excel, "\r\n报表,生成时间,2026-01-01 11:45\r\n"));
  g_assert_nonnull (strstr (excel, "\r\n报表,时区,Asia/Shanghai\r\n"));
  g_assert_null (strstr (excel, "1764540000"));
  g_assert_null (strstr (plain, "1764540000"));
  json = mpos_report_to_json (report);
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (json, "from_local")), ==,
                   "2025-12-01T06:00:00+08:00");
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (json, "to_local")), ==,
                   "2026-01-01T06:00:00+08:00");
  g_assert_cmpint ((int64_t)cJSON_GetNumberValue (cJSON_GetObjectItem (json, "from")), ==,
                   1764540000);
  g_clear_pointer (&report->time_zone, g_free); /* no zone: said as UTC */
  g_clear_pointer (&plain, g_free);
  plain = mpos_report_to_csv (report, MPOS_REPORT_CSV_PLAIN);
  g_assert_nonnull (strstr (plain, "\r\nreport,from,2025-11-30 22:00 UTC\r\n"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
  g_test_add_func ("/report/x-adds-up-the-days-records", test_report_x_adds_up_the_days_records);
  g_test_add_func ("/report/z-closes-the-day-once", test_report_z_closes_the_day_once);
  g_test_add_func ("/report/needs-report-access", test_report_needs_report_access);
  g_test_add_func ("/report/day-parse", test_report_day_parse);
  g_test_add_func ("/report/month-rows-equal-the-days", test_report_month_rows_equal_the_days);
  g_test_add_func ("/report/writers", test_report_writers);
  g_test_add_func ("/report/csv-for-excel", test_report_csv_for_excel);
  g_test_add_func ("/report/csv-header-local-times", test_report_csv_header_local_times);
  g_test_add_func ("/report/figure-columns-say-what-they-hold",
                   test_report_figure_columns_say_what_they_hold);
  return g_test_run ();
}
