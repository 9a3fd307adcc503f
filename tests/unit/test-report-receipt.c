/* test-report-receipt.c — tests for src/report-format.c, src/receipt-table.c
 * and src/report-receipt.c: a report's figures formatted for people, laid
 * out on 58 mm (32 columns) and 80 mm (48 columns) paper with hanzi counted
 * double, never past the paper's edge, figures flush right, totals ruled
 * off, the training banner on a training store's report. */
#include <glib.h>
#include <string.h>

#include "report-format.h"
#include "report-receipt.h"
#include "text-width.h"

static char *
cell_text (MposReportKind kind, int64_t value)
{
  MposReportCell cell = { kind, NULL, value };

  return mpos_report_cell_format (&cell);
}

static void
assert_cell (MposReportKind kind, int64_t value, const char *expected)
{
  g_autofree char *text = cell_text (kind, value);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_report_format_money_grouped_and_signed (void)
{
  assert_cell (MPOS_REPORT_MONEY, 0, "0.00");
  assert_cell (MPOS_REPORT_MONEY, 5, "0.05");
  assert_cell (MPOS_REPORT_MONEY, -5, "-0.05");
  assert_cell (MPOS_REPORT_MONEY, 123450, "1,234.50");
  assert_cell (MPOS_REPORT_MONEY, -123456789, "-1,234,567.89");
  assert_cell (MPOS_REPORT_MONEY, 100000, "1,000.00");
  assert_cell (MPOS_REPORT_MONEY, G_MININT64, "-92,233,720,368,547,758.08");
  assert_cell (MPOS_REPORT_MONEY, G_MAXINT64, "92,233,720,368,547,758.07");
}

static void
test_report_format_other_kinds (void)
{
  assert_cell (MPOS_REPORT_COUNT, 1234567, "1,234,567");
  assert_cell (MPOS_REPORT_COUNT, 999, "999");
  assert_cell (MPOS_REPORT_POINTS, -1000, "-1,000");
  assert_cell (MPOS_REPORT_SHARE, 1234, "12.34%");
  assert_cell (MPOS_REPORT_SHARE, 10000, "100.00%");
  assert_cell (MPOS_REPORT_SHARE, -50, "-0.50%");
  assert_cell (MPOS_REPORT_QUANTITY, 1500, "1.5");
  assert_cell (MPOS_REPORT_QUANTITY, 2000, "2");
  assert_cell (MPOS_REPORT_QUANTITY, -250, "-0.25");
  assert_cell (MPOS_REPORT_QUANTITY, 1234567001, "1,234,567.001");
}

static void
test_report_format_period_in_zone (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("sales-by-hour", "时段销售");
  g_autoptr (GTimeZone) shanghai = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autofree char *period = NULL, *utc = NULL;

  report->from = 1796572800; /* 2026-12-07 00:00 Asia/Shanghai */
  report->to = report->from + 86400;
  g_assert_nonnull (shanghai);
  period = mpos_report_format_period (report, shanghai);
  g_assert_cmpstr (period, ==, "2026-12-07 00:00 – 2026-12-08 00:00");
  utc = mpos_report_format_time (report->from, NULL);
  g_assert_cmpstr (utc, ==, "2026-12-06 16:00 UTC");
  report->business_day = g_strdup ("2026-12-07");
  g_clear_pointer (&period, g_free);
  period = mpos_report_format_period (report, shanghai);
  g_assert_cmpstr (period, ==, "2026-12-07");
}

/* A tender table: hanzi labels, money and shares, a negative figure, a total. */
/* A period of whole business days reads as its days, both included (the
 * store's cut-off hour left out); a day as itself; anything else in full. */
static void
test_report_format_days (void)
{
  g_autoptr (GTimeZone) shanghai = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr (MposReport) report = mpos_report_new ("by-tender", "按支付方式");
  g_autofree char *days = NULL, *one = NULL, *odd = NULL;

  report->from = 1793476800; /* 2026-11-01 04:00 +08:00 */
  report->to = 1795464000;   /* 2026-11-24 04:00 +08:00 */
  days = mpos_report_format_days (report, shanghai);
  g_assert_cmpstr (days, ==, "2026-11-01 至 2026-11-23");
  report->to = report->from + 86400;
  one = mpos_report_format_days (report, shanghai);
  g_assert_cmpstr (one, ==, "2026-11-01");
  report->to += 1800;
  odd = mpos_report_format_days (report, shanghai);
  g_assert_cmpstr (odd, ==, "2026-11-01 04:00 – 2026-11-02 04:30");
}

static MposReport *
tender_report (gboolean training)
{
  MposReport *report = mpos_report_new ("x", "X 报表 · 交班");
  MposReportTable *t = mpos_report_add_table (report, "tenders", "支付方式");
  const struct
  {
    const char *label;
    int64_t amount, share;
  } rows[] = {
    { "现金", 1234550, 4012 },
    { "银行卡", 987600, 3210 },
    { "微信支付", 850000, 2763 },
    { "储值卡退款（本金）", -4500, -15 },
  };

  report->store_name = g_strdup ("万达广场店");
  report->terminal = g_strdup ("T01");
  report->business_day = g_strdup ("2026-12-07");
  report->number = 12;
  report->generated_at = 1796688000; /* 2026-12-08 08:00 in Shanghai */
  report->training = training;
  mpos_report_table_add_column (t, "tender", "支付方式", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "count", "笔数", MPOS_REPORT_COUNT);
  mpos_report_table_add_column (t, "amount", "金额", MPOS_REPORT_MONEY);
  mpos_report_table_add_column (t, "share", "占比", MPOS_REPORT_SHARE);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      guint r = mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM);

      mpos_report_table_set_text (t, r, 0, rows[i].label);
      mpos_report_table_set_value (t, r, 1, MPOS_REPORT_COUNT, 10 + i);
      mpos_report_table_set_value (t, r, 2, MPOS_REPORT_MONEY, rows[i].amount);
      mpos_report_table_set_value (t, r, 3, MPOS_REPORT_SHARE, rows[i].share);
    }
  guint total = mpos_report_table_add_row (t, MPOS_REPORT_ROW_TOTAL);
  mpos_report_table_set_text (t, total, 0, "合计");
  mpos_report_table_set_value (t, total, 1, MPOS_REPORT_COUNT, 46);
  mpos_report_table_set_value (t, total, 2, MPOS_REPORT_MONEY, 3067650);
  mpos_report_table_set_value (t, total, 3, MPOS_REPORT_SHARE, 10000);
  mpos_report_table_set_note (t, "不含练习模式销售");
  return report;
}

static char *
render (const MposReport *report, guint columns)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr (MposReceipt) receipt = mpos_report_receipt (report, MPOS_RECEIPT_LANGUAGE_ZH_CN, zone);

  return mpos_receipt_render_text (receipt, columns);
}

/* No line passes the paper's edge or ends in a blank. */
static void
assert_fits (const char *text, guint columns)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize len = strlen (lines[i]);

      g_assert_cmpuint (mpos_text_width (lines[i]), <=, columns);
      g_assert_true (len == 0 || lines[i][len - 1] != ' ');
    }
}

/* The line that starts with `label`, or fails. */
static char *
line_starting (const char *text, const char *label)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], label))
      return g_strdup (lines[i]);
  g_error ("no line starts with %s in:\n%s", label, text);
  return NULL;
}

static void
test_report_receipt_80mm_one_line_per_row (void)
{
  g_autoptr (MposReport) report = tender_report (FALSE);
  g_autofree char *text = render (report, 48);
  g_autofree char *cash = line_starting (text, "现金");
  g_autofree char *card = line_starting (text, "银行卡");
  g_autofree char *refund = line_starting (text, "储值卡退款（本金）");
  g_autofree char *total = line_starting (text, "合计");

  assert_fits (text, 48);
  /* Figures flush with the right edge, whatever the label's width. */
  g_assert_cmpuint (mpos_text_width (cash), ==, 48);
  g_assert_cmpuint (mpos_text_width (card), ==, 48);
  g_assert_cmpuint (mpos_text_width (refund), ==, 48);
  g_assert_true (g_str_has_suffix (cash, "12,345.50  40.12%"));
  g_assert_true (g_str_has_suffix (refund, "-45.00  -0.15%"));
  g_assert_true (g_str_has_suffix (total, "30,676.50 100.00%"));
  /* The total is ruled off, the header says what and when. */
  g_assert_nonnull (strstr (text, "------------------------------------------------\n合计"));
  g_assert_nonnull (strstr (text, "X 报表 · 交班"));
  g_assert_nonnull (strstr (text, "营业日:"));
  g_assert_nonnull (strstr (text, "2026-12-07"));
  g_assert_nonnull (strstr (text, "报表号:"));
  g_assert_nonnull (strstr (text, "生成时间:"));
  g_assert_nonnull (strstr (text, "2026-12-08 08:00"));
  g_assert_nonnull (strstr (text, "不含练习模式销售"));
  g_assert_null (strstr (text, "练习模式 非销售"));
  if (g_test_verbose ())
    g_print ("%s", text);
}

static void
test_report_receipt_58mm_keeps_columns_aligned (void)
{
  g_autoptr (MposReport) report = tender_report (TRUE);
  g_autofree char *text = render (report, 32);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint figure_lines = 0;

  assert_fits (text, 32);
  /* Every figure line ends with a share, flush right: the columns line up. */
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_suffix (lines[i], "%"))
      {
        g_assert_cmpuint (mpos_text_width (lines[i]), ==, 32);
        figure_lines++;
      }
  g_assert_cmpuint (figure_lines, ==, 5);
  g_assert_nonnull (strstr (text, "练习模式 非销售"));
  if (g_test_verbose ())
    g_print ("%s", text);
}

/* Figures too wide for one line go one under the other with their headings. */
static void
test_report_receipt_wide_table_lists_figures (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("products", "商品排行");
  MposReportTable *t = mpos_report_add_table (report, "top", "畅销商品");
  g_autofree char *text = NULL, *sold = NULL;
  guint r;

  mpos_report_table_add_column (t, "name", "商品", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "qty", "销售数量", MPOS_REPORT_QUANTITY);
  mpos_report_table_add_column (t, "net", "净销售额", MPOS_REPORT_MONEY);
  mpos_report_table_add_column (t, "stock", "库存数量", MPOS_REPORT_QUANTITY);
  mpos_report_table_add_column (t, "share", "销售占比", MPOS_REPORT_SHARE);
  r = mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM);
  mpos_report_table_set_text (t, r, 0, "农夫山泉天然饮用水550ml");
  mpos_report_table_set_value (t, r, 1, MPOS_REPORT_QUANTITY, 1234500);
  mpos_report_table_set_value (t, r, 2, MPOS_REPORT_MONEY, 123456789);
  mpos_report_table_set_value (t, r, 3, MPOS_REPORT_QUANTITY, 98000);
  mpos_report_table_set_value (t, r, 4, MPOS_REPORT_SHARE, 1234);
  text = render (report, 32);
  assert_fits (text, 32);
  g_assert_nonnull (strstr (text, "农夫山泉天然饮用水550ml\n"));
  sold = line_starting (text, "  净销售额");
  g_assert_true (g_str_has_suffix (sold, "1,234,567.89"));
  g_assert_cmpuint (mpos_text_width (sold), ==, 32);
}

/* The product ranking on 58 and 80 mm: code and name one label above the
 * figures, wrapped whole; a heading is never cut ("商" for 商品) and no
 * character of a name is lost ("…调和油 5" for "…调和油 5L"). */
static void
test_report_receipt_list_never_cuts_text (void)
{
  static const char *const NAMES[]
      = { "金龙鱼黄金比例食用植物调和油 5L", "康师傅红烧牛肉面 110g(桶装)", "红富士苹果" };
  g_autoptr (MposReport) report = mpos_report_new ("products", "商品排行");
  MposReportTable *t = mpos_report_add_table (report, "top", "畅销商品");
  const guint widths[] = { 32, 48 };

  mpos_report_table_add_column (t, "code", "编码", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "name", "商品", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "qty", "数量", MPOS_REPORT_QUANTITY);
  mpos_report_table_add_column (t, "net", "净销售额", MPOS_REPORT_MONEY);
  mpos_report_table_add_column (t, "stock", "库存", MPOS_REPORT_QUANTITY);
  for (guint i = 0; i < G_N_ELEMENTS (NAMES); i++)
    {
      guint r = mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM);

      mpos_report_table_set_text (t, r, 0, "100055");
      mpos_report_table_set_text (t, r, 1, NAMES[i]);
      mpos_report_table_set_value (t, r, 2, MPOS_REPORT_QUANTITY, 5000);
      mpos_report_table_set_value (t, r, 3, MPOS_REPORT_MONEY, 31335);
      mpos_report_table_set_value (t, r, 4, MPOS_REPORT_QUANTITY, 55000);
    }
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autofree char *text = render (report, widths[w]);
      g_autoptr (GString) joined = g_string_new (NULL);
      g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

      assert_fits (text, widths[w]);
      /* code and name make one label; the figures a line of their own */
      g_assert_nonnull (strstr (text, "\n100055 红富士苹果\n"));
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_assert_false (g_str_has_prefix (lines[i], "  商 ")); /* a heading cut short */
          for (const char *c = lines[i]; *c; c++)
            if (*c != ' ')
              g_string_append_c (joined, *c);
        }
      /* every name is there whole once the wrapped lines are joined
       * (blanks left out: a wrap may fall on one) */
      for (guint i = 0; i < G_N_ELEMENTS (NAMES); i++)
        {
          g_autofree char *name = g_strdup (NAMES[i]);
          g_autoptr (GString) squeezed = g_string_new (NULL);

          for (const char *c = name; *c; c++)
            if (*c != ' ')
              g_string_append_c (squeezed, *c);
          g_assert_nonnull (strstr (joined->str, squeezed->str));
        }
    }
}

static void
test_report_receipt_empty_tables (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("members", "会员分析");
  MposReportTable *t = mpos_report_add_table (report, "top", "消费前十会员");
  g_autofree char *text = NULL;

  mpos_report_add_table (report, "nothing", "无列的表");
  mpos_report_table_add_column (t, "member", "会员", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "net", "消费金额", MPOS_REPORT_MONEY);
  text = render (report, 32);
  assert_fits (text, 32);
  g_assert_nonnull (strstr (text, "消费前十会员\n会员"));
  g_assert_nonnull (strstr (text, "\n无\n")); /* an empty section says so */
  g_assert_null (strstr (text, "无列的表"));
}

/* An empty tax table: 无 under the headings, then the ruled-off 合计. */
static void
test_report_receipt_empty_table_says_none_above_its_total (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("x", "X 报表");
  MposReportTable *t = mpos_report_add_table (report, "tax", "税额");
  g_autofree char *text = NULL;
  const char *none, *total;
  guint row;

  mpos_report_table_add_column (t, "rate", "税率", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "tax", "税额", MPOS_REPORT_MONEY);
  row = mpos_report_table_add_row (t, MPOS_REPORT_ROW_TOTAL);
  mpos_report_table_set_text (t, row, 0, "合计");
  mpos_report_table_set_value (t, row, 1, MPOS_REPORT_MONEY, 0);
  text = render (report, 32);
  none = strstr (text, "\n无\n");
  total = strstr (text, "\n合计");
  g_assert_nonnull (none);
  g_assert_nonnull (total);
  g_assert_true (none < total);
}

/* Control characters in a label neither break a line nor reach the printer. */
static void
test_report_receipt_cleans_labels (void)
{
  g_autoptr (MposReport) report = tender_report (FALSE);
  MposReportTable *t = g_ptr_array_index (report->tables, 0);
  g_autofree char *text = NULL;

  mpos_report_table_set_text (t, 0, 0, "现\n金\x1b@");
  text = render (report, 48);
  assert_fits (text, 48);
  g_assert_null (strchr (text, '\x1b'));
  g_assert_nonnull (strstr (text, "现 金 @"));
}

static void
test_report_receipt_ten_thousand_rows (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("products", "商品排行");
  MposReportTable *t = mpos_report_add_table (report, "all", "全部商品");
  g_autofree char *text = NULL;
  g_autofree char *last = NULL;

  mpos_report_table_add_column (t, "name", "商品", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "net", "净销售额", MPOS_REPORT_MONEY);
  for (int i = 0; i < 10000; i++)
    {
      g_autofree char *name = g_strdup_printf ("商品%05d", i);
      guint r = mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM);

      mpos_report_table_set_text (t, r, 0, name);
      mpos_report_table_set_value (t, r, 1, MPOS_REPORT_MONEY, (int64_t)i * 1001 - 500000);
    }
  text = render (report, 32);
  assert_fits (text, 32);
  last = line_starting (text, "商品09999");
  g_assert_true (g_str_has_suffix (last, " 95,089.99"));
  g_assert_cmpuint (mpos_text_width (last), ==, 32);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report-format/money-grouped-and-signed",
                   test_report_format_money_grouped_and_signed);
  g_test_add_func ("/report-format/other-kinds", test_report_format_other_kinds);
  g_test_add_func ("/report-format/period-in-zone", test_report_format_period_in_zone);
  g_test_add_func ("/report-format/days", test_report_format_days);
  g_test_add_func ("/report-receipt/80mm-one-line-per-row",
                   test_report_receipt_80mm_one_line_per_row);
  g_test_add_func ("/report-receipt/58mm-keeps-columns-aligned",
                   test_report_receipt_58mm_keeps_columns_aligned);
  g_test_add_func ("/report-receipt/list-never-cuts-text",
                   test_report_receipt_list_never_cuts_text);
  g_test_add_func ("/report-receipt/wide-table-lists-figures",
                   test_report_receipt_wide_table_lists_figures);
  g_test_add_func ("/report-receipt/empty-tables", test_report_receipt_empty_tables);
  g_test_add_func ("/report-receipt/empty-table-says-none-above-its-total",
                   test_report_receipt_empty_table_says_none_above_its_total);
  g_test_add_func ("/report-receipt/cleans-labels", test_report_receipt_cleans_labels);
  g_test_add_func ("/report-receipt/ten-thousand-rows", test_report_receipt_ten_thousand_rows);
  return g_test_run ();
}
