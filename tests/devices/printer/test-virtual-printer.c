/* test-virtual-printer.c — the virtual printer end to end: a Chinese receipt
 * printed through MposReceiptPrinter lands as NNNN.txt and NNNN.png of the
 * paper's width (576 or 384 dots), numbering continues across runs, it
 * answers DLE EOT from its simulated paper and drawer, and a job sent while
 * it is out of paper is held, not lost. Set MPOS_TEST_OUTPUT_DIR to keep the
 * pages (the demo receipt is looked at from there). */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cash-drawer.h"
#include "escpos.h"
#include "printer-test-util.h"
#include "test-dir.h"
#include "virtual-printer.h"

/* fontconfig keeps its caches for the process's lifetime. */
const char *__lsan_default_suppressions (void);
const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig\nleak:libpango\nleak:libharfbuzz\n";
}

typedef struct
{
  char *dir;
  MposVirtualPrinter *virtual;
  MposReceiptPrinter *printer;
  GArray *statuses;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  const char *keep = g_getenv ("MPOS_TEST_OUTPUT_DIR");
  g_autoptr (GError) error = NULL;
  g_autoptr (MposPrinterProfile) profile
      = mpos_printer_profile_new_virtual (GPOINTER_TO_UINT (data));

  f->dir = keep != NULL ? g_build_filename (keep, profile->name, NULL)
                        : g_dir_make_tmp ("mpos-virtual-XXXXXX", &error);
  g_assert_no_error (error);
  f->virtual = mpos_virtual_printer_new (f->dir, profile);
  f->printer = mpos_virtual_printer_new_device (f->virtual, "printer0");
  f->statuses = g_array_new (FALSE, FALSE, sizeof (int));
  g_assert_true (mpos_device_open (MPOS_DEVICE (f->printer), &error));
  g_assert_true (mpos_device_claim (MPOS_DEVICE (f->printer), 1000, &error));
  g_assert_true (mpos_device_enable (MPOS_DEVICE (f->printer), &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  mpos_device_close (MPOS_DEVICE (f->printer));
  g_object_unref (f->printer);
  mpos_virtual_printer_unref (f->virtual);
  if (g_getenv ("MPOS_TEST_OUTPUT_DIR") == NULL)
    test_remove_dir (f->dir);
  g_free (f->dir);
  g_array_unref (f->statuses);
}

static PrinterTestOutcome
print_bytes (Fixture *f, GBytes *bytes)
{
  PrinterTestOutcome outcome = { 0 };

  mpos_receipt_printer_print_async (f->printer, bytes, "receipt", NULL, printer_test_print_done,
                                    &outcome);
  printer_test_wait (&outcome.done);
  return outcome;
}

/* PNG width and height from its IHDR. */
static void
png_size (const char *path, guint *width, guint *height)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  const guint8 *p;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length, >, 24);
  p = (const guint8 *)data;
  g_assert_cmpmem (p + 1, 3, "PNG", 3);
  *width = (guint)p[16] << 24 | (guint)p[17] << 16 | (guint)p[18] << 8 | p[19];
  *height = (guint)p[20] << 24 | (guint)p[21] << 16 | (guint)p[22] << 8 | p[23];
}

static void
test_virtual_printer_writes_txt_and_png_of_chinese_receipt (Fixture *f, gconstpointer data)
{
  guint dots = GPOINTER_TO_UINT (data);
  g_autoptr (MposReceipt) receipt = printer_test_demo_receipt ();
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *png = NULL, *txt = NULL, *text = NULL;
  PrinterTestOutcome outcome;
  guint width = 0, height = 0;

  receipt->invoice_url = g_strdup ("https://fapiao.example.cn/i?no=S001-T01-20261123-0007");
  bytes = mpos_escpos_render_receipt (receipt, mpos_receipt_printer_get_profile (f->printer));
  outcome = print_bytes (f, bytes);

  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_cmpint (outcome.state, ==, MPOS_PRINT_JOB_DONE);
  png = mpos_virtual_printer_dup_last_png (f->virtual);
  txt = mpos_virtual_printer_dup_last_txt (f->virtual);
  g_assert_nonnull (png);
  g_assert_true (g_str_has_suffix (txt, ".txt"));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  png_size (png, &width, &height);
  g_assert_cmpuint (width, ==, dots);
  g_assert_cmpuint (height, >, 1000);
  g_assert_true (g_file_get_contents (txt, &text, NULL, NULL));
  for (const char *const *name
       = (const char *const[]){ "惠民会员超市(中山路店)", "可口可乐 330ml", "散装红富士苹果",
                                "金龙鱼黄金比例食用调和油5L", "找零", "8.21",
                                "扫码开具电子发票",
                                "[QR https://fapiao.example.cn/i?no=S001-T01-20261123-0007]",
                                /* 244 modules and two quiet zones take 528 dots at 2 a
                                 * module: a 384-dot head gets the QR code instead */
                                dots >= 576 ? "[CODE128 S001-T01-20261123-0007]"
                                            : "[QR S001-T01-20261123-0007]",
                                NULL };
       *name != NULL; name++)
    if (strstr (text, *name) == NULL)
      g_error ("“%s” missing from %s:\n%s", *name, txt, text);
  g_assert_cmpuint (mpos_virtual_printer_get_pages_written (f->virtual), ==, 1);
}

static void
test_virtual_printer_numbers_pages_after_existing_ones (Fixture *f, gconstpointer data)
{
  g_autoptr (MposPrinterProfile) profile = mpos_printer_profile_new_virtual (576);
  MposEscpos *escpos = mpos_escpos_new (profile);
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *old = g_build_filename (f->dir, "0041.txt", NULL);
  g_autofree char *txt = NULL, *expected = g_build_filename (f->dir, "0042.txt", NULL);
  g_autoptr (GError) error = NULL;
  PrinterTestOutcome outcome;

  /* an earlier run left page 41: the printer must not overwrite it */
  mpos_device_release (MPOS_DEVICE (f->printer));
  g_assert_true (g_file_set_contents (old, "old", -1, NULL));
  g_assert_true (mpos_device_claim (MPOS_DEVICE (f->printer), 1000, &error));
  g_assert_true (mpos_device_enable (MPOS_DEVICE (f->printer), &error));
  mpos_escpos_init (escpos);
  mpos_escpos_line (escpos, "第一页");
  mpos_escpos_cut (escpos);
  mpos_escpos_line (escpos, "no cut yet");
  bytes = mpos_escpos_free_to_bytes (escpos);
  outcome = print_bytes (f, bytes);
  g_assert_true (outcome.ok);
  txt = mpos_virtual_printer_dup_last_txt (f->virtual);
  g_assert_cmpstr (txt, ==, expected);
  /* the text after the cut is a page of its own, written when the port closes */
  mpos_device_release (MPOS_DEVICE (f->printer));
  g_assert_cmpuint (mpos_virtual_printer_get_pages_written (f->virtual), ==, 2);
  g_free (txt);
  txt = mpos_virtual_printer_dup_last_txt (f->virtual);
  g_assert_true (g_str_has_suffix (txt, "0043.txt"));
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* Receipts are the cashier's only, and a link planted where the next page's
 * PNG goes is never followed (cairo's own file API would write through it). */
static void
test_virtual_printer_receipts_are_private_and_links_not_followed (Fixture *f, gconstpointer data)
{
  g_autoptr (MposReceipt) receipt = printer_test_demo_receipt ();
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *victim = g_build_filename (f->dir, "victim", NULL);
  g_autofree char *planted = g_build_filename (f->dir, "0001.png", NULL);
  g_autofree char *txt = NULL, *png = NULL, *after = NULL;
  PrinterTestOutcome outcome;

  bytes = mpos_escpos_render_receipt (receipt, mpos_receipt_printer_get_profile (f->printer));
  g_assert_true (g_file_set_contents (victim, "untouched", -1, NULL));
  g_assert_cmpint (symlink (victim, planted), ==, 0);
  outcome = print_bytes (f, bytes);
  g_assert_false (outcome.ok);
  g_assert_nonnull (outcome.error);
  g_assert_nonnull (strstr (outcome.error->message, "0001.png"));
  g_assert_true (g_file_get_contents (victim, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "untouched");
  g_clear_error (&outcome.error);

  /* the next page goes to 0002.txt and 0002.png, mode 0600 in a 0700 folder */
  g_assert_cmpint (g_unlink (planted), ==, 0);
  outcome = print_bytes (f, bytes);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  txt = mpos_virtual_printer_dup_last_txt (f->virtual);
  png = mpos_virtual_printer_dup_last_png (f->virtual);
  g_assert_cmpuint (file_mode (txt), ==, 0600);
  g_assert_cmpuint (file_mode (png), ==, 0600);
}

static void
test_virtual_printer_paper_out_holds_the_job (Fixture *f, gconstpointer data)
{
  g_autoptr (MposReceipt) receipt = printer_test_demo_receipt ();
  g_autoptr (GBytes) bytes
      = mpos_escpos_render_receipt (receipt, mpos_receipt_printer_get_profile (f->printer));
  PrinterTestOutcome outcome;

  printer_test_record_statuses (f->printer, f->statuses);
  mpos_virtual_printer_set_paper (f->virtual, MPOS_VIRTUAL_PAPER_OUT);
  outcome = print_bytes (f, bytes);
  g_assert_false (outcome.ok);
  g_assert_cmpint (outcome.state, ==, MPOS_PRINT_JOB_HELD);
  g_assert_error (outcome.error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE);
  g_assert_nonnull (strstr (outcome.error->message, "paper out"));
  g_assert_true (printer_test_has_status (f->statuses, MPOS_DEVICE_STATUS_PAPER_OUT));
  g_assert_cmpuint (mpos_virtual_printer_get_pages_written (f->virtual), ==, 0);
  g_clear_error (&outcome.error);
}

static void
kick_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_cash_drawer_open_drawer_finish (MPOS_CASH_DRAWER (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

static void
test_virtual_printer_drawer_opens_and_reports_it (Fixture *f, gconstpointer data)
{
  g_autoptr (MposCashDrawer) drawer = mpos_cash_drawer_new ("drawer0", f->printer, 2);
  g_autoptr (GError) error = NULL;
  gboolean done = FALSE, known = FALSE;

  printer_test_record_statuses (drawer, f->statuses);
  g_assert_true (mpos_device_open (MPOS_DEVICE (drawer), &error));
  g_assert_true (mpos_device_claim (MPOS_DEVICE (drawer), 0, &error));
  g_assert_true (mpos_device_enable (MPOS_DEVICE (drawer), &error));
  mpos_cash_drawer_open_drawer_async (drawer, NULL, kick_done, &done);
  printer_test_wait (&done);
  g_assert_cmpuint (mpos_virtual_printer_get_drawer_kicks (f->virtual), ==, 1);
  g_assert_true (mpos_cash_drawer_get_opened (drawer, &known));
  g_assert_true (known);
  g_assert_true (printer_test_has_status (f->statuses, MPOS_DEVICE_STATUS_DRAWER_OPEN));
  mpos_device_close (MPOS_DEVICE (drawer));
}

int
main (int argc, char **argv)
{
  printer_test_init (&argc, &argv);
  g_test_add ("/virtual-printer/80mm/writes-txt-and-png-of-chinese-receipt", Fixture,
              GUINT_TO_POINTER (576), fixture_set_up,
              test_virtual_printer_writes_txt_and_png_of_chinese_receipt, fixture_tear_down);
  g_test_add ("/virtual-printer/58mm/writes-txt-and-png-of-chinese-receipt", Fixture,
              GUINT_TO_POINTER (384), fixture_set_up,
              test_virtual_printer_writes_txt_and_png_of_chinese_receipt, fixture_tear_down);
  g_test_add ("/virtual-printer/numbers-pages-after-existing-ones", Fixture, GUINT_TO_POINTER (576),
              fixture_set_up, test_virtual_printer_numbers_pages_after_existing_ones,
              fixture_tear_down);
  g_test_add ("/virtual-printer/receipts-are-private-and-links-not-followed", Fixture,
              GUINT_TO_POINTER (576), fixture_set_up,
              test_virtual_printer_receipts_are_private_and_links_not_followed, fixture_tear_down);
  g_test_add ("/virtual-printer/paper-out-holds-the-job", Fixture, GUINT_TO_POINTER (576),
              fixture_set_up, test_virtual_printer_paper_out_holds_the_job, fixture_tear_down);
  g_test_add ("/virtual-printer/drawer-opens-and-reports-it", Fixture, GUINT_TO_POINTER (576),
              fixture_set_up, test_virtual_printer_drawer_opens_and_reports_it, fixture_tear_down);
  return g_test_run ();
}
