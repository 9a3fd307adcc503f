/* test-report-pdf.c — tests for render/report-pdf.c and render/report-chart.c:
 * the A4 report is a valid PDF, long tables break over pages with their
 * headings repeated, an empty table and negative figures draw, the file is
 * never written over anything nor through a link, and the charts put ink
 * where the figures say. */
#include <cairo-pdf.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "report-chart.h"
#include "report-pdf.h"

static MposReport *
hours_report (guint products, gboolean training)
{
  MposReport *report = mpos_report_new ("x", "X 报表 · 交班");
  MposReportTable *hours = mpos_report_add_table (report, "sales_by_hour", "时段销售");
  MposReportTable *tenders = mpos_report_add_table (report, "tenders", "支付方式");
  MposReportTable *ranking = mpos_report_add_table (report, "products", "商品排行");
  const char *names[] = { "现金", "银行卡", "微信支付", "支付宝", "储值卡" };
  guint r;

  report->store_name = g_strdup ("万达广场店");
  report->terminal = g_strdup ("T01");
  report->business_day = g_strdup ("2026-12-07");
  report->number = 12;
  report->generated_at = 1796688000;
  report->training = training;
  mpos_report_table_add_column (hours, "hour", "时段", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (hours, "net", "净销售额", MPOS_REPORT_MONEY);
  mpos_report_table_set_chart (hours, MPOS_REPORT_CHART_BARS, 1);
  for (int h = 8; h < 22; h++)
    {
      g_autofree char *label = g_strdup_printf ("%02d", h);

      r = mpos_report_table_add_row (hours, MPOS_REPORT_ROW_ITEM);
      mpos_report_table_set_text (hours, r, 0, label);
      mpos_report_table_set_value (hours, r, 1, MPOS_REPORT_MONEY, h == 9 ? -12000 : h * 41234);
    }
  mpos_report_table_add_column (tenders, "tender", "支付方式", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (tenders, "amount", "金额", MPOS_REPORT_MONEY);
  mpos_report_table_set_chart (tenders, MPOS_REPORT_CHART_SHARE, 1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      r = mpos_report_table_add_row (tenders, MPOS_REPORT_ROW_ITEM);
      mpos_report_table_set_text (tenders, r, 0, names[i]);
      mpos_report_table_set_value (tenders, r, 1, MPOS_REPORT_MONEY, (i + 1) * 100000);
    }
  r = mpos_report_table_add_row (tenders, MPOS_REPORT_ROW_TOTAL);
  mpos_report_table_set_text (tenders, r, 0, "合计");
  mpos_report_table_set_value (tenders, r, 1, MPOS_REPORT_MONEY, 1500000);
  mpos_report_table_add_column (ranking, "name", "商品", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (ranking, "qty", "数量", MPOS_REPORT_QUANTITY);
  mpos_report_table_add_column (ranking, "net", "净销售额", MPOS_REPORT_MONEY);
  for (guint i = 0; i < products; i++)
    {
      g_autofree char *name = g_strdup_printf ("商品%05u 农夫山泉 550ml", i);

      r = mpos_report_table_add_row (ranking, MPOS_REPORT_ROW_ITEM);
      mpos_report_table_set_text (ranking, r, 0, name);
      mpos_report_table_set_value (ranking, r, 1, MPOS_REPORT_QUANTITY, 1500 * (i + 1));
      mpos_report_table_set_value (ranking, r, 2, MPOS_REPORT_MONEY, 199 * (int64_t)i - 5000);
    }
  mpos_report_table_set_note (ranking, "不含练习模式销售");
  return report;
}

static const MposReportRenderOptions options = { MPOS_RECEIPT_LANGUAGE_ZH_CN, NULL };

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static char *
temp_path (const char *name)
{
  g_autofree char *dir = g_dir_make_tmp ("report-pdf-XXXXXX", NULL);

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

/* The pages the report takes, drawn onto a recording surface. */
static guint
page_count (const MposReport *report)
{
  cairo_rectangle_t a4 = { 0, 0, MPOS_REPORT_PDF_WIDTH, MPOS_REPORT_PDF_HEIGHT };
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &a4);
  guint pages = mpos_report_pdf_draw (report, &options, surface);

  cairo_surface_destroy (surface);
  return pages;
}

static void
test_report_pdf_is_a_valid_pdf (void)
{
  g_autoptr (MposReport) report = hours_report (30, TRUE);
  g_autofree char *path = temp_path ("x.pdf");
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  g_assert_true (mpos_report_pdf_save (report, &options, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (data, "%PDF-1."));
  g_assert_nonnull (g_strstr_len (data + length - 32, 32, "%%EOF"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* pdfinfo (poppler-utils) reads it back when it is installed. */
  if (have_program ("pdfinfo"))
    {
      g_autofree char *quoted = g_shell_quote (path);
      g_autofree char *command = g_strdup_printf ("pdfinfo %s", quoted);
      g_autofree char *out = NULL;
      int status = 0;

      g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, NULL));
      g_assert_cmpint (status, ==, 0);
      g_assert_nonnull (strstr (out, "595.276 x 841.89 pts (A4)"));
    }
  g_unlink (path);
}

static void
test_report_pdf_breaks_long_tables (void)
{
  g_autoptr (MposReport) small = hours_report (5, FALSE);
  g_autoptr (MposReport) large = hours_report (10000, FALSE);
  guint small_pages = page_count (small), large_pages = page_count (large);

  g_assert_cmpuint (small_pages, ==, 2); /* two charts with their tables */
  /* 10,000 rows of 15 points on ~730 points a page: about 48 rows a page. */
  g_assert_cmpuint (large_pages, >=, 10000 / 50);
  g_assert_cmpuint (large_pages, <=, 10000 / 40 + 2);
}

/* The headings come back on every page of a long table: pdftotext shows
 * the table's title (续) once per page after the first. */
static void
test_report_pdf_repeats_headings (void)
{
  g_autoptr (MposReport) report = hours_report (300, FALSE);
  g_autofree char *path = temp_path ("long.pdf");
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command = g_strdup_printf ("pdftotext -layout %s -", quoted);
  g_autofree char *text = NULL, *last = NULL;
  guint pages, continued = 0;

  g_assert_true (mpos_report_pdf_save (report, &options, path, NULL));
  if (!have_program ("pdftotext"))
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  g_assert_true (g_spawn_command_line_sync (command, &text, NULL, NULL, NULL));
  pages = page_count (report);
  for (const char *p = text; (p = strstr (p, "商品排行（续）")) != NULL; p++)
    continued++;
  last = g_strdup_printf ("第%u页/共%u页", pages, pages); /* pdftotext drops the blanks */
  g_assert_cmpuint (pages, >, 3);
  /* page 1: hours; page 2: tenders and the ranking's start; then only the ranking */
  g_assert_cmpuint (continued, ==, pages - 2);
  g_assert_nonnull (strstr (text, last));
  g_assert_nonnull (strstr (text, "-50.00")); /* a negative figure */
  g_assert_nonnull (strstr (text, "2026-12-08 00:00 UTC"));
  g_unlink (path);
}

static void
test_report_pdf_empty_report_and_tables (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("members", "会员分析");
  MposReportTable *t = mpos_report_add_table (report, "top", "消费前十会员");

  mpos_report_add_table (report, "none", "无列");
  mpos_report_table_add_column (t, "member", "会员", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "net", "消费金额", MPOS_REPORT_MONEY);
  mpos_report_table_set_chart (t, MPOS_REPORT_CHART_BARS, 1);
  g_assert_false (mpos_report_chart_drawable (t));
  g_assert_cmpuint (page_count (report), ==, 1);
}

static void
test_report_pdf_never_overwrites (void)
{
  g_autoptr (MposReport) report = hours_report (3, FALSE);
  g_autofree char *path = temp_path ("kept.pdf");
  g_autofree char *link = NULL, *dir = g_path_get_dirname (path), *data = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "keep me", -1, NULL));
  g_assert_false (mpos_report_pdf_save (report, &options, path, &error));
  g_assert_error (error, MPOS_REPORT_RENDER_ERROR, MPOS_REPORT_RENDER_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "give a new name"));
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_cmpstr (data, ==, "keep me");
  g_clear_error (&error);
  link = g_build_filename (dir, "link.pdf", NULL);
  g_assert_cmpint (symlink (path, link), ==, 0);
  g_assert_false (mpos_report_pdf_save (report, &options, link, &error));
  g_assert_error (error, MPOS_REPORT_RENDER_ERROR, MPOS_REPORT_RENDER_ERROR_EXISTS);
  g_clear_pointer (&data, g_free);
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_cmpstr (data, ==, "keep me");
  g_clear_error (&error);
  g_assert_false (mpos_report_pdf_save (report, &options, "/nonexistent-dir/x.pdf", &error));
  g_assert_error (error, MPOS_REPORT_RENDER_ERROR, MPOS_REPORT_RENDER_ERROR_IO);
  g_unlink (link);
  g_unlink (path);
}

/* Darkness of a column of pixels between rows y0 and y1. */
static guint
ink_in (cairo_surface_t *image, int x0, int x1, int y0, int y1)
{
  const unsigned char *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  guint ink = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 px = *(const guint32 *)(data + y * stride + x * 4);

        ink += (px & 0xff) < 0xc0 ? 1 : 0;
      }
  return ink;
}

/* A chart table as the manager reports build one: a label and a money
 * figure per row, the chart drawn from the figure. */
static MposReportTable *
add_chart_table (MposReport *report, MposReportChart chart, const char *const *labels,
                 const int64_t *figures, guint n)
{
  MposReportTable *t = mpos_report_add_table (report, "chart", "图表");

  mpos_report_table_add_column (t, "label", "项目", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "net", "净销售额", MPOS_REPORT_MONEY);
  mpos_report_table_set_chart (t, chart, 1);
  for (guint i = 0; i < n; i++)
    {
      guint r = mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM);

      mpos_report_table_set_text (t, r, 0, labels[i]);
      mpos_report_table_set_value (t, r, 1, MPOS_REPORT_MONEY, figures[i]);
    }
  return t;
}

/* The table's chart drawn on a white 400 × 200 image. */
static cairo_surface_t *
draw_chart (const MposReportTable *t)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 200);
  cairo_t *cr = cairo_create (image);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  mpos_report_chart_draw (cr, t, 400, 200);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  return image;
}

/* Bars rise with their figure: the tallest hour has the most ink, an hour
 * of zero sales none above the axis. */
static void
test_report_chart_bars_follow_figures (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("sales-by-hour", "时段销售");
  const char *const hours[] = { "09", "10", "11", "12" };
  const int64_t figures[] = { 0, 100000, 400000, 200000 };
  MposReportTable *t
      = add_chart_table (report, MPOS_REPORT_CHART_BARS, hours, figures, G_N_ELEMENTS (figures));
  cairo_surface_t *image = draw_chart (t);
  /* the plot starts after the tick labels; four slots share the rest */
  guint left = 60, slot = (400 - left - 6) / 4;
  guint ink[4];

  for (guint i = 0; i < 4; i++)
    ink[i] = ink_in (image, left + slot * i + slot / 3, left + slot * i + slot * 2 / 3, 40, 165);
  g_assert_cmpuint (ink[2], >, ink[3]);
  g_assert_cmpuint (ink[3], >, ink[1]);
  g_assert_cmpuint (ink[1], >, ink[0]);
  /* the unit (单位：元) above the tick labels, top left */
  g_assert_cmpuint (ink_in (image, 0, 40, 0, 12), >, 20);
  cairo_surface_destroy (image);
}

/* A tender mix of a period with no takings says so in the middle of the
 * box (a blank white box reads as a fault to a manager). */
static void
test_report_chart_empty_share_says_so (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("by-tender", "按支付方式");
  const char *const tenders[] = { "现金", "银行卡" };
  const int64_t nothing[] = { 0, 0 };
  MposReportTable *t
      = add_chart_table (report, MPOS_REPORT_CHART_SHARE, tenders, nothing, G_N_ELEMENTS (nothing));
  cairo_surface_t *image;

  g_assert_true (mpos_report_chart_drawable (t));
  image = draw_chart (t);
  g_assert_cmpuint (ink_in (image, 100, 300, 80, 100), >, 20); /* the words, mid-box */
  g_assert_cmpuint (ink_in (image, 0, 400, 0, 60), ==, 0);     /* no legend, no donut */
  cairo_surface_destroy (image);
}

/* A tender mix with takings: the legend's figures have their unit
 * (单位：元) in the box's top left corner, clear of the donut. */
static void
test_report_chart_share_says_its_unit (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("by-tender", "按支付方式");
  const char *const tenders[] = { "现金", "银行卡" };
  const int64_t takings[] = { 31500, 10000 };
  MposReportTable *t
      = add_chart_table (report, MPOS_REPORT_CHART_SHARE, tenders, takings, G_N_ELEMENTS (takings));
  cairo_surface_t *image = draw_chart (t);

  g_assert_cmpuint (ink_in (image, 0, 40, 0, 12), >, 20);
  cairo_surface_destroy (image);
}

/* The product ranking on A4: the name column (text) takes the page's
 * slack and its heading sits left over the names, so a name follows its
 * code closely; the code column does not push the names to mid-page. */
static void
test_report_pdf_names_follow_their_codes (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("products", "商品排行");
  MposReportTable *t = mpos_report_add_table (report, "top", "畅销商品");
  MposReportRenderOptions plain = { MPOS_RECEIPT_LANGUAGE_ZH_CN, NULL };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int)MPOS_REPORT_PDF_WIDTH,
                                                       (int)MPOS_REPORT_PDF_HEIGHT);
  cairo_t *cr = cairo_create (image);

  mpos_report_table_add_column (t, "code", "编码", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "name", "商品", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "net", "净销售额", MPOS_REPORT_MONEY);
  for (guint i = 0; i < 5; i++)
    {
      guint r = mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM);

      mpos_report_table_set_text (t, r, 0, "100055");
      mpos_report_table_set_text (t, r, 1, "金龙鱼黄金比例食用植物调和油 5L");
      mpos_report_table_set_value (t, r, 2, MPOS_REPORT_MONEY, 31335);
    }
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpuint (mpos_report_pdf_draw (report, &plain, image), ==, 1);
  cairo_surface_flush (image);
  /* below the page header: the names between 130 and 250 points from the
   * left, where the wide code column left nothing but the rules across */
  g_assert_cmpuint (ink_in (image, 130, 250, 120, 300), >, 1000);
  cairo_surface_destroy (image);
}

/* How far down the page (points) the ink of a report of one figure and
 * `note` goes, the page's foot left out. */
static int
note_bottom (const char *note)
{
  g_autoptr (MposReport) report = mpos_report_new ("x", "X 报表");
  MposReportTable *t = mpos_report_add_table (report, "sales", "销售");
  int width = (int)MPOS_REPORT_PDF_WIDTH, height = (int)MPOS_REPORT_PDF_HEIGHT;
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (image);
  int bottom = 0;

  mpos_report_table_add_column (t, "label", "项目", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "value", "数值", MPOS_REPORT_COUNT);
  mpos_report_table_add_figure (t, "待审批退货笔数", MPOS_REPORT_COUNT, 1);
  mpos_report_table_set_note (t, note);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpuint (mpos_report_pdf_draw (report, &options, image), ==, 1);
  cairo_surface_flush (image);
  for (int y = 0; y < height - 100; y++)
    if (ink_in (image, 0, width, y, y + 1) > 0)
      bottom = y;
  cairo_surface_destroy (image);
  return bottom;
}

/* A note too long for a line (what the X report says of returns waiting
 * for approval) wraps onto the next line rather than being cut with an
 * ellipsis: its ink goes a line further down than a short note's. */
static void
test_report_pdf_notes_wrap_whole (void)
{
  int short_note = note_bottom ("不含练习模式销售");
  int long_note = note_bottom (
      "待审批退货未计入：日结前请审批（mallposctl approve-return）或驳回（mallposctl "
      "reject-return）；日结后只能驳回，顾客须在新营业日重新办理退货");

  g_assert_cmpint (long_note, >=, short_note + 10);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report-pdf/is-a-valid-pdf", test_report_pdf_is_a_valid_pdf);
  g_test_add_func ("/report-pdf/breaks-long-tables", test_report_pdf_breaks_long_tables);
  g_test_add_func ("/report-pdf/repeats-headings", test_report_pdf_repeats_headings);
  g_test_add_func ("/report-pdf/empty-report-and-tables", test_report_pdf_empty_report_and_tables);
  g_test_add_func ("/report-pdf/never-overwrites", test_report_pdf_never_overwrites);
  g_test_add_func ("/report-pdf/notes-wrap-whole", test_report_pdf_notes_wrap_whole);
  g_test_add_func ("/report-chart/bars-follow-figures", test_report_chart_bars_follow_figures);
  g_test_add_func ("/report-chart/empty-share-says-so", test_report_chart_empty_share_says_so);
  g_test_add_func ("/report-chart/share-says-its-unit", test_report_chart_share_says_its_unit);
  g_test_add_func ("/report-pdf/names-follow-their-codes", test_report_pdf_names_follow_their_codes);
  return g_test_run ();
}
