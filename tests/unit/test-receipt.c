/* test-receipt.c — tests for src/receipt.c: the receipt model and its text
 * layout at 32/42/48 columns, with hanzi double-width: nothing overflows the
 * paper, totals and returns print the right figures, long names lose nothing. */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "receipt.h"
#include "text-width.h"

static const guint widths[] = { 32, 42, 48 };

/* The 32-column (58 mm) rendering of build_sale (), checked by eye once. */
static const char golden_sale_32[] = "       华联超市 中关村店\n"
                                     "   北京市海淀区中关村大街27号\n"
                                     "================================\n"
                                     "流水号: S001-T01-20261123-0007\n"
                                     "时间:   2026-11-23 14:05:09\n"
                                     "收银员: 0012 张三\n"
                                     "会员:   138****5678 金卡\n"
                                     "--------------------------------\n"
                                     "商品       数量    单价     金额\n"
                                     "--------------------------------\n"
                                     "可口可乐330ml\n"
                                     "              6    2.50    15.00\n"
                                     "康师傅红烧牛肉面 桶装110g\n"
                                     "              2    4.50     9.00\n"
                                     "  会员价                   -1.00\n"
                                     "农夫山泉饮用天然水550ml\n"
                                     "              4    2.00     8.00\n"
                                     "  限时折扣 饮料九折        -0.80\n"
                                     "散装红富士苹果\n"
                                     "  0.523kg × 12.80/kg        6.69\n"
                                     "金龙鱼黄金比例食用调和油5L\n"
                                     "              1   69.90    69.90\n"
                                     "  满100减10               -10.00\n"
                                     "--------------------------------\n"
                                     "件数                          14\n"
                                     "合计                      108.59\n"
                                     "优惠                      -11.80\n"
                                     "应付                       96.79\n"
                                     "抹零                       -0.09\n"
                                     "含税                       11.14\n"
                                     "--------------------------------\n"
                                     "微信支付                   50.00\n"
                                     "  参考号:\n"
                                     "  4200001234202611231234567890\n"
                                     "现金                       50.00\n"
                                     "找零                        3.30\n"
                                     "================================\n"
                                     "        本次节省 ¥11.80\n"
                                     "     谢谢惠顾 欢迎再次光临\n"
                                     "   请保留小票, 7日内凭票退换\n";

static void
fill_header (MposReceipt *receipt, const char *receipt_no)
{
  receipt->store_name = g_strdup ("华联超市 中关村店");
  receipt->store_address = g_strdup ("北京市海淀区中关村大街27号");
  receipt->receipt_no = g_strdup (receipt_no);
  receipt->time_local = g_strdup ("2026-11-23 14:05:09");
  receipt->cashier = g_strdup ("0012 张三");
  receipt->footer = g_strdup ("谢谢惠顾 欢迎再次光临\n请保留小票, 7日内凭票退换");
}

/* Five lines, one weighed, three adjusted; WeChat Pay with a reference plus
 * cash, change and 抹零. The figures add up: 108.59 - 11.80 = 96.79;
 * 96.79 - 0.09 = 96.70; 100.00 - 96.70 = 3.30. */
static MposReceipt *
build_sale (void)
{
  MposReceipt *receipt = mpos_receipt_new (MPOS_RECEIPT_SALE);
  MposReceiptLine *line;

  fill_header (receipt, "S001-T01-20261123-0007");
  receipt->member = g_strdup ("138****5678 金卡");
  mpos_receipt_add_line (receipt, "可口可乐330ml", "6928804011173", FALSE, 6, 250, 1500, 1500);
  line = mpos_receipt_add_line (receipt, "康师傅红烧牛肉面 桶装110g", "6920152400777", FALSE, 2,
                                450, 900, 800);
  mpos_receipt_line_add_adjustment (line, "会员价", -100);
  line = mpos_receipt_add_line (receipt, "农夫山泉饮用天然水550ml", "6921168509256", FALSE, 4, 200,
                                800, 720);
  mpos_receipt_line_add_adjustment (line, "限时折扣 饮料九折", -80);
  mpos_receipt_add_line (receipt, "散装红富士苹果", "2801234", TRUE, 523, 1280, 669, 669);
  line = mpos_receipt_add_line (receipt, "金龙鱼黄金比例食用调和油5L", "6948195800385", FALSE, 1,
                                6990, 6990, 5990);
  mpos_receipt_line_add_adjustment (line, "满100减10", -1000);
  receipt->item_count = 14;
  receipt->subtotal = 10859;
  receipt->discount_total = -1180;
  receipt->total = 9679;
  receipt->tax_total = 1114;
  receipt->rounding = -9;
  mpos_receipt_add_tender (receipt, "微信支付", 5000, "4200001234202611231234567890");
  mpos_receipt_add_tender (receipt, "现金", 5000, NULL);
  receipt->change = 330;
  return receipt;
}

/* Two cans of cola and the apples back, refunded in cash. */
static MposReceipt *
build_return (void)
{
  MposReceipt *receipt = mpos_receipt_new (MPOS_RECEIPT_RETURN);

  fill_header (receipt, "S001-T01-20261123-0011");
  receipt->original_receipt_no = g_strdup ("S001-T01-20261123-0007");
  mpos_receipt_add_line (receipt, "可口可乐330ml", "6928804011173", FALSE, -2, 250, -500, -500);
  mpos_receipt_add_line (receipt, "散装红富士苹果", "2801234", TRUE, -523, 1280, -669, -669);
  receipt->item_count = -3;
  receipt->subtotal = -1169;
  receipt->total = -1169;
  receipt->tax_total = -134;
  mpos_receipt_add_tender (receipt, "现金", -1169, NULL);
  return receipt;
}

/* The rendered lines, without the final empty string after the last '\n'. */
static GStrv
split_lines (const char *text)
{
  g_assert_true (g_str_has_suffix (text, "\n"));
  GStrv lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  g_assert_cmpstr (lines[n - 1], ==, "");
  g_clear_pointer (&lines[n - 1], g_free);
  return lines;
}

static void
assert_fits (const char *text, guint columns)
{
  g_auto (GStrv) lines = split_lines (text);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* Raw to stderr: GLib's messages would turn hanzi into '?' in a C locale. */
      if (mpos_text_width (lines[i]) > columns)
        fprintf (stderr, "too wide at %u columns: \"%s\"\n", columns, lines[i]);
      g_assert_cmpuint (mpos_text_width (lines[i]), <=, columns);
      for (const char *p = lines[i]; *p != '\0'; p = g_utf8_next_char (p))
        g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
    }
}

/* The one line starting with prefix; fails when there is none or several. */
static char *
find_line (const char *text, const char *prefix)
{
  g_auto (GStrv) lines = split_lines (text);
  char *found = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (!g_str_has_prefix (lines[i], prefix))
        continue;
      if (found != NULL)
        g_error ("more than one line starts with \"%s\"", prefix);
      found = g_strdup (lines[i]);
    }
  if (found == NULL)
    g_error ("no line starts with \"%s\" in:\n%s", prefix, text);
  return found;
}

/* The line starting with prefix reads `value` at its right edge. */
static void
assert_line_ends_with (const char *text, const char *prefix, const char *value, guint columns)
{
  g_autofree char *line = find_line (text, prefix);

  g_assert_true (g_str_has_suffix (line, value));
  g_assert_cmpuint (mpos_text_width (line), ==, columns);
}

static void
test_receipt_lines_never_exceed_columns (void)
{
  g_autoptr (MposReceipt) sale = build_sale ();
  g_autoptr (MposReceipt) refund = build_return ();

  refund->reprint = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *sale_text = mpos_receipt_render_text (sale, widths[i]);
      g_autofree char *return_text = mpos_receipt_render_text (refund, widths[i]);

      assert_fits (sale_text, widths[i]);
      assert_fits (return_text, widths[i]);
    }
}

static void
test_receipt_odd_widths_are_clamped_to_24_through_80 (void)
{
  g_autoptr (MposReceipt) sale = build_sale ();
  g_autofree char *narrow = mpos_receipt_render_text (sale, 10);
  g_autofree char *wide = mpos_receipt_render_text (sale, 500);
  g_autofree char *narrow_rule = g_strnfill (24, '=');
  g_autofree char *wide_rule = g_strnfill (80, '=');
  g_autofree char *too_wide_rule = g_strnfill (81, '=');

  assert_fits (narrow, 24);
  assert_fits (wide, 80);
  g_assert_true (g_str_has_prefix (strstr (narrow, narrow_rule), "========================\n"));
  g_assert_true (g_str_has_suffix (narrow, "\n"));
  g_assert_nonnull (strstr (wide, wide_rule));
  g_assert_null (strstr (wide, too_wide_rule));
}

static void
test_receipt_golden_sale_at_32_columns (void)
{
  g_autoptr (MposReceipt) sale = build_sale ();
  g_autofree char *text = mpos_receipt_render_text (sale, 32);

  if (strcmp (text, golden_sale_32) != 0)
    fprintf (stderr, "rendered:\n%s\nexpected:\n%s", text, golden_sale_32);
  g_assert_cmpstr (text, ==, golden_sale_32);
}

static void
test_receipt_totals_show_the_right_amounts (void)
{
  g_autoptr (MposReceipt) sale = build_sale ();

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *text = mpos_receipt_render_text (sale, widths[i]);

      assert_line_ends_with (text, "件数", " 14", widths[i]);
      assert_line_ends_with (text, "合计", " 108.59", widths[i]);
      assert_line_ends_with (text, "优惠", " -11.80", widths[i]);
      assert_line_ends_with (text, "应付", " 96.79", widths[i]);
      assert_line_ends_with (text, "抹零", " -0.09", widths[i]);
      assert_line_ends_with (text, "含税", " 11.14", widths[i]);
      assert_line_ends_with (text, "微信支付", " 50.00", widths[i]);
      assert_line_ends_with (text, "现金", " 50.00", widths[i]);
      assert_line_ends_with (text, "找零", " 3.30", widths[i]);
    }
}

static void
test_receipt_header_shows_store_receipt_no_cashier_member (void)
{
  g_autoptr (MposReceipt) sale = build_sale ();
  g_autofree char *text = mpos_receipt_render_text (sale, 42);
  g_auto (GStrv) lines = split_lines (text);
  g_autofree char *no = find_line (text, "流水号:");
  g_autofree char *cashier = find_line (text, "收银员:");
  g_autofree char *member = find_line (text, "会员:");
  g_autofree char *header = find_line (text, "商品");

  g_assert_cmpstr (g_strchug (lines[0]), ==, "华联超市 中关村店");
  g_assert_true (g_str_has_suffix (no, "S001-T01-20261123-0007"));
  g_assert_true (g_str_has_suffix (cashier, "0012 张三"));
  g_assert_true (g_str_has_suffix (member, "138****5678 金卡"));
  g_assert_true (g_str_has_suffix (header, "金额"));
  g_assert_null (strstr (text, "重印"));
  g_assert_null (strstr (text, "退货"));
  g_assert_null (strstr (text, "原单号"));
}

static void
test_receipt_without_member_or_rounding_omits_those_lines (void)
{
  g_autoptr (MposReceipt) sale = build_sale ();
  g_autofree char *text = NULL;

  g_clear_pointer (&sale->member, g_free);
  sale->rounding = 0;
  text = mpos_receipt_render_text (sale, 32);
  g_assert_null (strstr (text, "会员:"));
  g_assert_null (strstr (text, "抹零"));
  g_assert_nonnull (strstr (text, "会员价")); /* the adjustment stays */
}

static void
test_receipt_member_block_shows_points_and_stored_value_after_the_sale (void)
{
  g_autoptr (MposReceipt) sale = build_sale ();

  sale->loyalty.has_points = TRUE;
  sale->loyalty.points_earned = 96;
  sale->loyalty.points_used = 1000;
  sale->loyalty.points_available = 12345;
  sale->loyalty.points_pending = 196;
  sale->loyalty.has_stored_value = TRUE;
  sale->loyalty.stored_value = 44000;
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *text = mpos_receipt_render_text (sale, widths[i]);

      assert_fits (text, widths[i]);
      assert_line_ends_with (text, "本单积分", " +96", widths[i]);
      assert_line_ends_with (text, "积分抵扣", " 1000", widths[i]);
      assert_line_ends_with (text, "可用积分", " 12345", widths[i]);
      assert_line_ends_with (text, "待生效积分", " 196", widths[i]);
      assert_line_ends_with (text, "储值余额", " 440.00", widths[i]);
      /* under the payments, above the footer */
      g_assert_true (strstr (text, "找零") < strstr (text, "本单积分"));
      g_assert_true (strstr (text, "储值余额") < strstr (text, "谢谢惠顾"));
    }
}

static void
test_receipt_member_block_omits_what_the_member_has_none_of (void)
{
  g_autoptr (MposReceipt) sale = build_sale ();
  g_autofree char *none = mpos_receipt_render_text (sale, 42);
  g_autofree char *points_only = NULL;

  g_assert_null (strstr (none, "积分"));
  g_assert_null (strstr (none, "储值余额"));
  sale->loyalty.has_points = TRUE;
  sale->loyalty.points_available = 500;
  points_only = mpos_receipt_render_text (sale, 42);
  assert_line_ends_with (points_only, "可用积分", " 500", 42);
  g_assert_null (strstr (points_only, "本单积分")); /* nothing earned: no line */
  g_assert_null (strstr (points_only, "积分抵扣"));
  g_assert_null (strstr (points_only, "待生效"));
  g_assert_null (strstr (points_only, "储值余额"));
}

static void
test_receipt_weighed_line_shows_kg_times_price_per_kg (void)
{
  g_autoptr (MposReceipt) sale = build_sale ();

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *text = mpos_receipt_render_text (sale, widths[i]);

      assert_line_ends_with (text, "  0.523kg × 12.80/kg", " 6.69", widths[i]);
    }
}

static void
test_receipt_adjustment_is_indented_under_its_line (void)
{
  g_autoptr (MposReceipt) sale = build_sale ();

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *text = mpos_receipt_render_text (sale, widths[i]);
      const char *item = strstr (text, "农夫山泉饮用天然水550ml");
      const char *adjustment = strstr (text, "\n  限时折扣 饮料九折 ");
      const char *next_item = strstr (text, "散装红富士苹果");

      g_assert_nonnull (item);
      g_assert_nonnull (adjustment);
      g_assert_true (item < adjustment && adjustment < next_item);
      assert_line_ends_with (text, "  限时折扣 饮料九折", " -0.80", widths[i]);
      assert_line_ends_with (text, "  满100减10", " -10.00", widths[i]);
    }
}

static void
test_receipt_short_name_shares_the_row_with_its_figures (void)
{
  g_autoptr (MposReceipt) sale = build_sale ();
  g_autofree char *text = mpos_receipt_render_text (sale, 42);
  g_autofree char *row = find_line (text, "可口可乐330ml");

  g_assert_true (g_str_has_suffix (row, " 6     2.50     15.00"));
}

static void
test_receipt_tender_reference_is_printed_whole (void)
{
  g_autoptr (MposReceipt) sale = build_sale ();

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *text = mpos_receipt_render_text (sale, widths[i]);

      g_assert_nonnull (strstr (text, "4200001234202611231234567890\n"));
      g_assert_nonnull (strstr (text, "\n  参考号:"));
    }
}

static void
test_receipt_return_shows_negative_amounts_and_original_no (void)
{
  g_autoptr (MposReceipt) refund = build_return ();

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *text = mpos_receipt_render_text (refund, widths[i]);
      g_autofree char *original = find_line (text, "原单号:");

      g_assert_nonnull (strstr (text, "*** 退货 ***"));
      g_assert_true (g_str_has_suffix (original, "S001-T01-20261123-0007"));
      assert_line_ends_with (text, "  -0.523kg × 12.80/kg", " -6.69", widths[i]);
      assert_line_ends_with (text, "合计", " -11.69", widths[i]);
      assert_line_ends_with (text, "应退", " -11.69", widths[i]);
      assert_line_ends_with (text, "含税", " -1.34", widths[i]);
      assert_line_ends_with (text, "现金", " -11.69", widths[i]);
      g_assert_nonnull (strstr (text, " -2 "));
      g_assert_nonnull (strstr (text, " -5.00\n"));
      g_assert_null (strstr (text, "应付"));
    }
}

static void
test_receipt_reprint_shows_banner (void)
{
  g_autoptr (MposReceipt) sale = build_sale ();
  g_autofree char *text = NULL;

  sale->reprint = TRUE;
  text = mpos_receipt_render_text (sale, 32);
  g_assert_nonnull (strstr (text, "\n          *** 重印 ***\n"));
}

/* The lines from line_start on, each first checked for and stripped of its
 * `indent` blanks, joined until they hold `want` bytes: a wrapped text, put
 * back together. */
static char *
join_wrapped (const char *line_start, guint indent, gsize want)
{
  GString *joined = g_string_new (NULL);

  while (joined->len < want && *line_start != '\0')
    {
      const char *end = strchr (line_start, '\n');

      for (guint i = 0; i < indent; i++)
        g_assert_cmpint (line_start[i], ==, ' ');
      g_string_append_len (joined, line_start + indent, end - line_start - indent);
      line_start = end + 1;
    }
  return g_string_free (joined, FALSE);
}

static char *
sixty_hanzi (void)
{
  GString *name = g_string_new (NULL);

  for (guint i = 0; i < 60; i++)
    g_string_append_unichar (name, 0x4E00 + i * 97);
  return g_string_free (name, FALSE);
}

static void
test_receipt_long_name_wraps_without_loss (void)
{
  g_autofree char *hanzi = sixty_hanzi ();
  const char *prefixes[] = { "", "a", "特价" };

  for (guint p = 0; p < G_N_ELEMENTS (prefixes); p++)
    {
      g_autofree char *name = g_strconcat (prefixes[p], hanzi, NULL);
      g_autoptr (MposReceipt) receipt = mpos_receipt_new (MPOS_RECEIPT_SALE);
      MposReceiptLine *line = mpos_receipt_add_line (receipt, name, "1", FALSE, 1, 100, 100, 90);

      mpos_receipt_line_add_adjustment (line, name, -10);
      for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
        {
          g_autofree char *text = mpos_receipt_render_text (receipt, widths[i]);
          g_autofree char *head = g_strndup (name, 12);
          g_autofree char *indented_head = g_strconcat ("\n  ", head, NULL);
          const char *item = strstr (text, head);
          const char *adjustment = strstr (text, indented_head);
          g_autofree char *item_name = NULL;
          g_autofree char *label = NULL;
          const char *rest;

          assert_fits (text, widths[i]);
          g_assert_nonnull (item);
          g_assert_true (item[-1] == '\n');
          item_name = join_wrapped (item, 0, strlen (name));
          g_assert_cmpstr (item_name, ==, name);
          /* The adjustment label wraps too, each piece under the indent,
           * and its amount still ends the last line or follows it. */
          g_assert_nonnull (adjustment);
          label = join_wrapped (adjustment + 1, 2, strlen (name));
          g_assert_true (g_str_has_prefix (label, name));
          rest = g_strstrip (label + strlen (name));
          g_assert_true (g_str_equal (rest, "") || g_str_equal (rest, "-0.10"));
          g_assert_nonnull (strstr (text, " -0.10\n"));
        }
    }
}

static void
test_receipt_hostile_text_cannot_break_the_layout (void)
{
  g_autoptr (MposReceipt) receipt = build_sale ();
  MposReceiptLine *line = mpos_receipt_add_line (receipt, "坏\n名\t字\x1b@\xff\xfe可乐", NULL,
                                                 FALSE, 1, 300, 300, 300);

  mpos_receipt_line_add_adjustment (line, "\r\n折扣\x07", -30);
  mpos_receipt_add_tender (receipt, "卡\033d\005", 270, "ref\nwith newline");
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *text = mpos_receipt_render_text (receipt, widths[i]);

      assert_fits (text, widths[i]);
      g_assert_null (strchr (text, '\x1b'));
      g_assert_nonnull (strstr (text, "坏 名 字 @\uFFFD\uFFFD可乐"));
    }
}

static void
test_receipt_cashier_name_printed_when_known (void)
{
  g_autoptr (MposReceipt) receipt = mpos_receipt_new (MPOS_RECEIPT_SALE);
  g_autofree char *number_only = NULL, *named = NULL;

  receipt->cashier = g_strdup ("1001");
  number_only = mpos_receipt_render_text (receipt, 32);
  g_assert_nonnull (strstr (number_only, "收银员: 1001\n"));
  /* the staff model will fill the name; the receipt prints it beside the number */
  receipt->cashier_name = g_strdup ("王芳");
  named = mpos_receipt_render_text (receipt, 32);
  g_assert_nonnull (strstr (named, "收银员: 1001 王芳\n"));
}

static void
test_receipt_order_promotion_once_with_its_total (void)
{
  g_autoptr (MposReceipt) receipt = mpos_receipt_new (MPOS_RECEIPT_SALE);
  g_autofree char *text = NULL;

  mpos_receipt_add_order_adjustment (receipt, "满100减10", -523);
  mpos_receipt_add_order_adjustment (receipt, "满100减10", -477);
  g_assert_cmpuint (receipt->order_adjustments->len, ==, 1);
  text = mpos_receipt_render_text (receipt, 32);
  g_assert_nonnull (strstr (text, "满100减10                 -10.00\n"));
  g_assert_null (strstr (text, "-5.23"));
}

static void
test_receipt_english_receipt_has_english_words (void)
{
  g_autoptr (MposReceipt) receipt = mpos_receipt_new (MPOS_RECEIPT_RETURN);
  g_autofree char *text = NULL;

  receipt->language = MPOS_RECEIPT_LANGUAGE_EN;
  text = mpos_receipt_render_text (receipt, 32);
  g_assert_nonnull (strstr (text, "*** RETURN ***"));
  g_assert_nonnull (strstr (text, "Refund"));
  g_assert_null (strstr (text, "应退"));
}

static void
test_receipt_empty_receipt_renders_rules_and_zero_totals (void)
{
  g_autoptr (MposReceipt) receipt = mpos_receipt_new (MPOS_RECEIPT_SALE);
  g_autofree char *text = mpos_receipt_render_text (receipt, 32);

  assert_fits (text, 32);
  assert_line_ends_with (text, "应付", " 0.00", 32);
  assert_line_ends_with (text, "找零", " 0.00", 32);
  mpos_receipt_free (NULL);
}

static void
test_receipt_model_copies_strings (void)
{
  g_autoptr (MposReceipt) receipt = mpos_receipt_new (MPOS_RECEIPT_SALE);
  char name[] = "可乐";
  char label[] = "会员价";
  char reference[] = "REF1";
  MposReceiptLine *line = mpos_receipt_add_line (receipt, name, NULL, FALSE, 1, 300, 300, 250);
  const MposReceiptTender *tender;

  mpos_receipt_line_add_adjustment (line, label, -50);
  mpos_receipt_add_tender (receipt, "现金", 300, reference);
  name[0] = label[0] = reference[0] = 'X';
  tender = g_ptr_array_index (receipt->tenders, 0);
  g_assert_cmpuint (receipt->lines->len, ==, 1);
  g_assert_cmpstr (line->name, ==, "可乐");
  g_assert_null (line->code);
  g_assert_cmpstr (((MposReceiptAdjustment *) g_ptr_array_index (line->adjustments, 0))->label, ==,
                   "会员价");
  g_assert_cmpstr (tender->reference, ==, "REF1");
  g_assert_cmpint (tender->amount, ==, 300);
}

/* MPOS_RECEIPT_DUMP=path writes the 42-column sale receipt there, to read it. */
static void
test_receipt_dump_42_columns_when_asked (void)
{
  const char *path = g_getenv ("MPOS_RECEIPT_DUMP");
  g_autoptr (MposReceipt) sale = build_sale ();
  g_autofree char *text = mpos_receipt_render_text (sale, 42);
  g_autoptr (GError) error = NULL;

  if (path == NULL)
    {
      g_test_skip ("set MPOS_RECEIPT_DUMP=path to write the 42-column receipt");
      return;
    }
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/receipt/lines-never-exceed-columns", test_receipt_lines_never_exceed_columns);
  g_test_add_func ("/receipt/odd-widths-are-clamped-to-24-through-80",
                   test_receipt_odd_widths_are_clamped_to_24_through_80);
  g_test_add_func ("/receipt/golden-sale-at-32-columns", test_receipt_golden_sale_at_32_columns);
  g_test_add_func ("/receipt/cashier-name-printed-when-known",
                   test_receipt_cashier_name_printed_when_known);
  g_test_add_func ("/receipt/order-promotion-once-with-its-total",
                   test_receipt_order_promotion_once_with_its_total);
  g_test_add_func ("/receipt/english-receipt-has-english-words",
                   test_receipt_english_receipt_has_english_words);
  g_test_add_func ("/receipt/totals-show-the-right-amounts",
                   test_receipt_totals_show_the_right_amounts);
  g_test_add_func ("/receipt/header-shows-store-receipt-no-cashier-member",
                   test_receipt_header_shows_store_receipt_no_cashier_member);
  g_test_add_func ("/receipt/without-member-or-rounding-omits-those-lines",
                   test_receipt_without_member_or_rounding_omits_those_lines);
  g_test_add_func ("/receipt/weighed-line-shows-kg-times-price-per-kg",
                   test_receipt_weighed_line_shows_kg_times_price_per_kg);
  g_test_add_func ("/receipt/adjustment-is-indented-under-its-line",
                   test_receipt_adjustment_is_indented_under_its_line);
  g_test_add_func ("/receipt/short-name-shares-the-row-with-its-figures",
                   test_receipt_short_name_shares_the_row_with_its_figures);
  g_test_add_func ("/receipt/tender-reference-is-printed-whole",
                   test_receipt_tender_reference_is_printed_whole);
  g_test_add_func ("/receipt/return-shows-negative-amounts-and-original-no",
                   test_receipt_return_shows_negative_amounts_and_original_no);
  g_test_add_func ("/receipt/reprint-shows-banner", test_receipt_reprint_shows_banner);
  g_test_add_func ("/receipt/long-name-wraps-without-loss",
                   test_receipt_long_name_wraps_without_loss);
  g_test_add_func ("/receipt/hostile-text-cannot-break-the-layout",
                   test_receipt_hostile_text_cannot_break_the_layout);
  g_test_add_func ("/receipt/empty-receipt-renders-rules-and-zero-totals",
                   test_receipt_empty_receipt_renders_rules_and_zero_totals);
  g_test_add_func ("/receipt/model-copies-strings", test_receipt_model_copies_strings);
  g_test_add_func ("/receipt/member-block-shows-points-and-stored-value-after-the-sale",
                   test_receipt_member_block_shows_points_and_stored_value_after_the_sale);
  g_test_add_func ("/receipt/member-block-omits-what-the-member-has-none-of",
                   test_receipt_member_block_omits_what_the_member_has_none_of);
  g_test_add_func ("/receipt/dump-42-columns-when-asked", test_receipt_dump_42_columns_when_asked);

  return g_test_run ();
}
