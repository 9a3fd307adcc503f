/* test-report.c — tests for src/report.c: a report document keeps typed
 * cells, finds its figures, copies whole and writes JSON with money as
 * strings and mixed cells marked with their kind. */
#include <glib.h>
#include <string.h>

#include "report.h"

static MposReport *
sample_report (void)
{
  MposReport *report = mpos_report_new ("x", "X 报表");
  MposReportTable *summary = mpos_report_add_table (report, "summary", "汇总");
  MposReportTable *tenders = mpos_report_add_table (report, "tenders", "支付方式");
  guint row;

  report->store_name = g_strdup ("示例店");
  report->business_day = g_strdup ("2026-12-07");
  report->number = 12;
  mpos_report_table_add_column (summary, "item", "项目", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (summary, "value", "数值", MPOS_REPORT_MONEY);
  mpos_report_table_add_figure (summary, "净销售额", MPOS_REPORT_MONEY, 123450);
  mpos_report_table_add_figure (summary, "笔数", MPOS_REPORT_COUNT, 7);

  mpos_report_table_add_column (tenders, "tender", "支付方式", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (tenders, "amount", "金额", MPOS_REPORT_MONEY);
  mpos_report_table_add_column (tenders, "share", "占比", MPOS_REPORT_SHARE);
  row = mpos_report_table_add_row (tenders, MPOS_REPORT_ROW_ITEM);
  mpos_report_table_set_text (tenders, row, 0, "现金");
  mpos_report_table_set_value (tenders, row, 1, MPOS_REPORT_MONEY, -5);
  mpos_report_table_set_value (tenders, row, 2, MPOS_REPORT_SHARE, -1234);
  row = mpos_report_table_add_row (tenders, MPOS_REPORT_ROW_TOTAL);
  mpos_report_table_set_text (tenders, row, 0, "合计");
  mpos_report_table_set_value (tenders, row, 1, MPOS_REPORT_MONEY, 123450);
  mpos_report_table_set_value (tenders, row, 2, MPOS_REPORT_SHARE, 10000);
  mpos_report_table_set_chart (tenders, MPOS_REPORT_CHART_SHARE, 1);
  mpos_report_table_set_note (tenders, "不含练习模式销售");
  return report;
}

static void
test_report_figures (void)
{
  g_autoptr (MposReport) report = sample_report ();
  const MposReportTable *summary = mpos_report_table (report, "summary");
  int64_t value = 0;

  g_assert_nonnull (summary);
  g_assert_null (mpos_report_table (report, "nothing"));
  g_assert_true (mpos_report_table_figure (summary, "笔数", &value));
  g_assert_cmpint (value, ==, 7);
  g_assert_cmpint (mpos_report_table_cell (summary, 1, 1)->kind, ==, MPOS_REPORT_COUNT);
  g_assert_false (mpos_report_table_figure (summary, "毛利", &value));
}

static char *
json_text (const MposReport *report)
{
  cJSON *json = mpos_report_to_json (report);
  char *text = cJSON_PrintUnformatted (json);

  cJSON_Delete (json);
  return text;
}

static void
test_report_json (void)
{
  g_autoptr (MposReport) report = sample_report ();
  g_autofree char *text = json_text (report);

  g_assert_nonnull (strstr (text, "\"kind\":\"x\""));
  g_assert_nonnull (strstr (text, "[\"净销售额\",\"1234.50\"]"));
  g_assert_nonnull (strstr (text, "[\"笔数\",{\"kind\":\"count\",\"value\":7}]"));
  g_assert_nonnull (strstr (text, "[\"现金\",\"-0.05\",\"-12.34\"]"));
  g_assert_nonnull (strstr (text, "\"total\":true"));
  g_assert_nonnull (strstr (text, "\"chart\":\"share\",\"chart_column\":1"));
  g_assert_nonnull (strstr (text, "\"terminal\":null"));
}

static void
test_report_copy_is_whole (void)
{
  g_autoptr (MposReport) report = sample_report ();
  g_autoptr (MposReport) copy = mpos_report_copy (report);
  g_autofree char *before = json_text (report);
  g_autofree char *after = NULL;

  mpos_report_table_set_text ((MposReportTable *)g_ptr_array_index (report->tables, 1), 0, 0,
                              "changed");
  after = json_text (copy);
  g_assert_cmpstr (before, ==, after);
}

/* A two-column figure table titled 金额 is retitled 数值 once a count is
 * among its figures; one of money only keeps 金额. */
static void
test_report_figures_titled_for_what_they_hold (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("members", "会员消费分析");
  MposReportTable *mixed = mpos_report_add_table (report, "activity", "会员活跃");
  MposReportTable *money = mpos_report_add_table (report, "cash", "现金");

  for (guint i = 0; i < 2; i++)
    {
      MposReportTable *t = i ? money : mixed;
      mpos_report_table_add_column (t, "label", "项目", MPOS_REPORT_TEXT);
      mpos_report_table_add_column (t, "value", "金额", MPOS_REPORT_MONEY);
    }
  mpos_report_table_add_figure (mixed, "新增会员", MPOS_REPORT_COUNT, 8);
  mpos_report_table_add_figure (mixed, "会员客单价", MPOS_REPORT_MONEY, 3150);
  mpos_report_table_add_figure (money, "备用金", MPOS_REPORT_MONEY, 10000);
  g_assert_cmpstr (g_array_index (mixed->columns, MposReportColumn, 1).title, ==, "数值");
  g_assert_cmpstr (g_array_index (money->columns, MposReportColumn, 1).title, ==, "金额");
}

/* An empty table says 无 where its rows would be: under the headings, above
 * its totals; the note stays the note; a table of no columns says nothing. */
static void
test_report_empty_table_says_none (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("products", "商品排行");
  MposReportTable *t = mpos_report_add_table (report, "top", "畅销商品");
  g_autofree char *noted = NULL;
  guint row, at = 99;

  mpos_report_table_add_column (t, "name", "商品", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "net", "净销售额", MPOS_REPORT_MONEY);
  g_assert_cmpstr (mpos_report_table_empty_text (t, &at), ==, "无");
  g_assert_cmpuint (at, ==, 0);
  row = mpos_report_table_add_row (t, MPOS_REPORT_ROW_TOTAL);
  mpos_report_table_set_value (t, row, 1, MPOS_REPORT_MONEY, 0);
  mpos_report_table_set_note (t, "不含练习模式销售");
  noted = mpos_report_table_note_text (t);
  g_assert_cmpstr (noted, ==, "不含练习模式销售");
  /* a total over nothing is still nothing: 无 goes above it */
  g_assert_cmpstr (mpos_report_table_empty_text (t, &at), ==, "无");
  g_assert_cmpuint (at, ==, 0);
  row = mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM);
  mpos_report_table_set_text (t, row, 0, "可口可乐 500ml");
  g_assert_null (mpos_report_table_empty_text (t, &at));
  g_assert_null (
      mpos_report_table_empty_text (mpos_report_add_table (report, "none", "无列"), &at));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/figures", test_report_figures);
  g_test_add_func ("/report/json", test_report_json);
  g_test_add_func ("/report/copy-is-whole", test_report_copy_is_whole);
  g_test_add_func ("/report/figures-titled-for-what-they-hold",
                   test_report_figures_titled_for_what_they_hold);
  g_test_add_func ("/report/empty-table-says-none", test_report_empty_table_says_none);
  return g_test_run ();
}
